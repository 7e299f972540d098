/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-report"

/* For nl_langinfo (_NL_PAPER_WIDTH), glibc's word for the locale's paper. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "findings-format.h"
#include "findings-money.h"
#include "findings-report.h"
#include "findings-visit-parser.h"

/* The leave-behind report: one visit on paper, drawn with cairo and Pango. The same
 * drawing serves a PDF file and GtkPrintOperation's pages. Every figure and sentence
 * comes from the same core formatting as the screen, so paper and screen agree.
 *
 * The document is a list of blocks (paragraphs, headings, the signature). Pagination
 * measures them and never leaves a heading at the foot of a page, and starts a
 * recommendation on a new page when it would not fit whole on what is left. */

#define MARGIN        54.0   /* points: three quarters of an inch */
#define SIGNATURE_H   90.0
#define FONT_FAMILY   "Cantarell, DejaVu Sans, Sans"

typedef enum
{
  STYLE_TITLE,
  STYLE_SUBTITLE,
  STYLE_HEADING,
  STYLE_REC_HEADING,
  STYLE_LABEL,
  STYLE_BODY,
  STYLE_SMALL,
  STYLE_SAFETY,
} BlockStyle;

typedef struct
{
  BlockStyle   style;
  char        *text;         /* NULL for the signature */
  double       indent;
  double       space_before;
  gboolean     keep_with_next;
  int          group;        /* recommendations are kept whole where they fit */

  /* Filled in by pagination. */
  PangoLayout *layout;
  double       height;
  guint        page;
  double       y;
} Block;

struct _FindingsReport
{
  GObject        parent_instance;

  FindingsVisit *visit;
  GHashTable    *decisions;  /* recommendation id -> FindingsDecision */
  GArray        *blocks;
  char          *signature;  /* SVG path data */
  double         width;
  double         height;
  guint          n_pages;
  int            n_groups;
};

G_DEFINE_FINAL_TYPE (FindingsReport, findings_report, G_TYPE_OBJECT)

gboolean
findings_paper_from_string (const char    *name,
                            FindingsPaper *paper)
{
  if (g_ascii_strcasecmp (name, "a4") == 0)
    *paper = FINDINGS_PAPER_A4;
  else if (g_ascii_strcasecmp (name, "letter") == 0)
    *paper = FINDINGS_PAPER_LETTER;
  else
    return FALSE;

  return TRUE;
}

/* The locale's own paper (LC_PAPER): Letter is 216 mm wide, A4 210 mm. */
FindingsPaper
findings_paper_from_locale (void)
{
#ifdef __GLIBC__
  /* glibc hands the number back in the pointer itself. */
  if (GPOINTER_TO_UINT (nl_langinfo (_NL_PAPER_WIDTH)) == 216)
    return FINDINGS_PAPER_LETTER;
#endif

  return FINDINGS_PAPER_A4;
}

void
findings_paper_get_size (FindingsPaper  paper,
                         double        *width,
                         double        *height)
{
  if (paper == FINDINGS_PAPER_LETTER)
    {
      *width = 612.0;
      *height = 792.0;
    }
  else
    {
      *width = 210.0 / 25.4 * 72.0;
      *height = 297.0 / 25.4 * 72.0;
    }
}

static void
block_clear (gpointer data)
{
  Block *block = data;

  g_clear_pointer (&block->text, g_free);
  g_clear_object (&block->layout);
}

static Block *
add_block (FindingsReport *self,
           BlockStyle      style,
           const char     *text,
           double          space_before)
{
  Block block = { 0 };

  block.style = style;
  block.text = g_strdup (text);
  block.space_before = space_before;
  block.group = -1;
  block.keep_with_next = style == STYLE_HEADING || style == STYLE_REC_HEADING ||
                         style == STYLE_LABEL;
  g_array_append_val (self->blocks, block);

  return &g_array_index (self->blocks, Block, self->blocks->len - 1);
}

static void
add_optional (FindingsReport *self,
              BlockStyle      style,
              const char     *text,
              double          space_before)
{
  if (text != NULL && *text != '\0')
    add_block (self, style, text, space_before);
}

/* A heading and its text, or nothing when there is no text. */
static void
add_section (FindingsReport *self,
             const char     *heading,
             const char     *text)
{
  if (text == NULL || *text == '\0')
    return;

  add_block (self, STYLE_LABEL, heading, 6);
  add_block (self, STYLE_BODY, text, 1);
}

static char *
format_decided_at (GDateTime  *decided_at,
                   const char *time_zone)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (decided_at == NULL)
    return NULL;

  tz = findings_protocol_new_time_zone (time_zone);
  local = g_date_time_to_timezone (decided_at, tz);
  /* Translators: when a decision was made, see g_date_time_format() */
  return g_date_time_format (local, _("%-d %B %Y at %H:%M"));
}

static const char *
time_zone_of (FindingsReport *self)
{
  FindingsSite *site = findings_visit_get_site (self->visit);

  return site != NULL ? findings_site_get_timezone (site) : NULL;
}

static void
add_decision (FindingsReport         *self,
              FindingsRecommendation *rec,
              FindingsDecision       *decision)
{
  const char *currency = findings_visit_get_currency (self->visit);
  const char *name = findings_decision_get_decided_by_name (decision);
  const char *role = findings_decision_get_decided_by_role (decision);
  g_autofree char *when = format_decided_at (findings_decision_get_decided_at (decision),
                                             time_zone_of (self));
  g_autofree char *what = NULL;
  g_autofree char *who = NULL;
  g_autofree char *detail = NULL;

  switch (findings_decision_get_action (decision))
    {
    case FINDINGS_ACTION_ACCEPT:
      {
        FindingsOption *option =
          findings_recommendation_find_option (rec, findings_decision_get_option_id (decision));
        g_autofree char *price = option != NULL ?
                                 findings_format_option_price (option, currency) : NULL;

        if (option != NULL)
          /* Translators: first %s is the option chosen, second its price */
          what = g_strdup_printf (_("Accepted: %s, %s"), findings_option_get_label (option),
                                  price);
        else
          what = g_strdup (_("Accepted"));
        if (findings_decision_get_po_number (decision) != NULL)
          /* Translators: %s is a purchase order number */
          detail = g_strdup_printf (_("Purchase order: %s"),
                                    findings_decision_get_po_number (decision));
      }
      break;

    case FINDINGS_ACTION_DECLINE:
      what = g_strdup (_("Declined"));
      if (findings_decision_get_reason (decision) != NULL)
        /* Translators: %s is the customer's reason for declining */
        detail = g_strdup_printf (_("Reason: %s"), findings_decision_get_reason (decision));
      break;

    case FINDINGS_ACTION_REQUEST_CALL:
      what = g_strdup (_("A call was asked for"));
      if (findings_decision_get_call_phone (decision) != NULL)
        /* Translators: %s is a phone number */
        detail = g_strdup_printf (_("Phone: %s"), findings_decision_get_call_phone (decision));
      break;

    default:
      g_return_if_reached ();
    }

  if (name != NULL && role != NULL && when != NULL)
    /* Translators: a person's name, their role, and when they decided */
    who = g_strdup_printf (_("By %s (%s), %s"), name, role, when);
  else if (name != NULL && when != NULL)
    /* Translators: a person's name and when they decided */
    who = g_strdup_printf (_("By %s, %s"), name, when);
  else if (when != NULL)
    /* Translators: %s is when the decision was made */
    who = g_strdup_printf (_("Decided %s"), when);

  add_block (self, STYLE_LABEL, _("Decision"), 6);
  add_block (self, STYLE_BODY, what, 1)->keep_with_next = detail != NULL || who != NULL;
  if (detail != NULL)
    add_block (self, STYLE_BODY, detail, 1)->keep_with_next = who != NULL;
  add_optional (self, STYLE_SMALL, who, 1);
}

static void
add_option (FindingsReport *self,
            FindingsOption *option,
            const char     *currency)
{
  g_autofree char *price = findings_format_option_price (option, currency);
  g_autofree char *heading = NULL;
  g_autofree char *basis = NULL;
  g_autofree char *savings = findings_format_option_savings (option, currency, &basis);
  g_autofree char *net = NULL;
  g_autofree char *payback = findings_format_option_payback (option, currency, &net, NULL);
  g_autofree char *life = findings_format_life_years (findings_option_get_expected_life_years (option));
  g_autofree char *duration = findings_format_duration_hours (findings_option_get_duration_hours (option));
  Block *block;

  /* Translators: an option's name, then its price with its tax ("$965.00 plus tax") */
  heading = g_strdup_printf (_("%s: %s"), findings_option_get_label (option), price);
  block = add_block (self, STYLE_BODY, heading, 4);
  block->indent = 12;
  block->keep_with_next = TRUE;

  {
    const char *lines[] = {
      findings_option_get_description (option), payback, savings, basis, net, life, duration,
    };

    for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
      if (lines[i] != NULL && *lines[i] != '\0')
        {
          block = add_block (self, STYLE_SMALL, lines[i], 1);
          block->indent = 24;
        }
  }
}

static void
add_quote (FindingsReport         *self,
           FindingsRecommendation *rec,
           FindingsStatus          status)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *validity = NULL;
  g_autofree char *conditions = NULL;

  if (!findings_recommendation_get_has_quote (rec))
    return;

  /* The recommendation page's words, case for case. */
  validity = findings_format_quote_validity (rec, status, now);
  if (findings_recommendation_get_quote_conditions (rec) != NULL)
    conditions = g_strdup_printf (_("Conditions: %s"),
                                  findings_recommendation_get_quote_conditions (rec));

  add_block (self, STYLE_LABEL, _("About This Quote"), 6);
  add_block (self, STYLE_SMALL, validity, 1);
  add_optional (self, STYLE_SMALL, conditions, 1);
}

static void
add_recommendation (FindingsReport         *self,
                    FindingsRecommendation *rec,
                    guint                   number)
{
  const char *currency = findings_visit_get_currency (self->visit);
  FindingsStatus status = findings_recommendation_get_status (rec);
  FindingsFollowUp *follow_up = findings_recommendation_get_follow_up (rec);
  FindingsDecision *decision = g_hash_table_lookup (self->decisions,
                                                    findings_recommendation_get_id (rec));
  GListModel *options = findings_recommendation_get_options (rec);
  const char *equipment_parts[4] = { NULL };
  g_autofree char *heading = NULL;
  g_autofree char *facts = NULL;
  g_autofree char *equipment = NULL;
  guint n_parts = 0;
  guint first = self->blocks->len;
  int group = self->n_groups++;

  /* A decision taken here that the office has not answered yet already stands. */
  if (decision != NULL && findings_status_is_undecided (status))
    status = findings_action_get_status (findings_decision_get_action (decision));

  /* Translators: a recommendation's number in the report, and its title */
  heading = g_strdup_printf (_("%u. %s"), number, findings_recommendation_get_title (rec));
  add_block (self, STYLE_REC_HEADING, heading, 16);

  /* Translators: how urgent, what kind, and where it stands, in one line */
  facts = g_strdup_printf (_("%s · %s · %s"),
                           findings_urgency_get_label (findings_recommendation_get_urgency (rec)),
                           findings_category_get_label (findings_recommendation_get_category (rec)),
                           findings_status_get_label (status));
  add_block (self, STYLE_SMALL, facts, 2);

  /* Safety is said plainly, first. */
  if (findings_recommendation_is_safety_concern (rec))
    {
      FindingsSafetyLevel level = findings_recommendation_get_safety_level (rec);
      g_autofree char *level_text = NULL;

      if (status == FINDINGS_STATUS_COMPLETED)
        level_text = g_strdup (_("Safety issue, now fixed"));
      else if (level == FINDINGS_SAFETY_LEVEL_NONE)
        level_text = g_strdup (_("Safety"));
      else
        level_text = g_strdup_printf (_("Safety: %s"), findings_safety_level_get_label (level));
      add_block (self, STYLE_SAFETY, level_text, 6)->keep_with_next = TRUE;
      add_optional (self, STYLE_BODY, findings_recommendation_get_safety_note (rec), 1);
    }

  if (findings_recommendation_get_equipment_name (rec) != NULL)
    equipment_parts[n_parts++] = findings_recommendation_get_equipment_name (rec);
  if (findings_recommendation_get_equipment_tag (rec) != NULL)
    equipment_parts[n_parts++] = findings_recommendation_get_equipment_tag (rec);
  if (findings_recommendation_get_equipment_location (rec) != NULL)
    equipment_parts[n_parts++] = findings_recommendation_get_equipment_location (rec);
  equipment = g_strjoinv (" · ", (char **) equipment_parts);
  add_optional (self, STYLE_SMALL, equipment, 2);

  add_section (self, _("What We Found"), findings_recommendation_get_finding (rec));
  add_section (self, _("Why It Matters"), findings_recommendation_get_why_it_matters (rec));
  add_section (self, _("If You Wait"), findings_recommendation_get_if_deferred (rec));
  add_section (self, _("From Your Technician"), findings_recommendation_get_technician_note (rec));

  if (g_list_model_get_n_items (options) > 0)
    {
      add_block (self, STYLE_LABEL,
                 g_list_model_get_n_items (options) == 1 ? _("What We Suggest") : _("Your Options"),
                 6);
      for (guint i = 0; i < g_list_model_get_n_items (options); i++)
        {
          g_autoptr(FindingsOption) option = g_list_model_get_item (options, i);

          add_option (self, option, currency);
        }
    }

  add_quote (self, rec, status);

  if (decision != NULL)
    add_decision (self, rec, decision);

  if (follow_up != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *text = findings_format_follow_up (follow_up, now);

      add_block (self, STYLE_LABEL, _("Follow-up"), 6);
      add_block (self, STYLE_BODY, text, 1);
      add_optional (self, STYLE_SMALL, findings_follow_up_get_message (follow_up), 1);
    }

  /* The heading stays with the start of its body: the facts, the safety note and the
   * first section, so a page never ends on a title. */
  for (guint i = first; i < self->blocks->len; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);
      gboolean after_label = i > first &&
                             g_array_index (self->blocks, Block, i - 1).style == STYLE_LABEL;

      block->group = group;
      if (after_label && block->style == STYLE_BODY)
        break;
      block->keep_with_next = TRUE;
    }

  for (guint i = first; i < self->blocks->len; i++)
    g_array_index (self->blocks, Block, i).group = group;
}

static void
add_follow_ups (FindingsReport *self,
                GPtrArray      *recs)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gboolean any = FALSE;

  for (guint i = 0; i < recs->len; i++)
    {
      FindingsRecommendation *rec = g_ptr_array_index (recs, i);
      FindingsFollowUp *follow_up = findings_recommendation_get_follow_up (rec);
      FindingsDecision *decision = g_hash_table_lookup (self->decisions,
                                                        findings_recommendation_get_id (rec));
      g_autofree char *text = NULL;
      g_autofree char *line = NULL;

      if (follow_up != NULL)
        text = findings_format_follow_up (follow_up, now);
      else if (decision != NULL &&
               findings_decision_get_action (decision) == FINDINGS_ACTION_REQUEST_CALL)
        text = g_strdup (_("The office will call you."));
      else
        continue;

      if (!any)
        add_block (self, STYLE_HEADING, _("Follow-ups Promised"), 18);
      any = TRUE;

      /* Translators: a recommendation's title, then what was promised about it */
      line = g_strdup_printf (_("%s: %s"), findings_recommendation_get_title (rec), text);
      add_block (self, STYLE_BODY, line, 3);
    }
}

static void
add_signature (FindingsReport *self)
{
  FindingsDecision *signed_decision = NULL;
  GHashTableIter iter;
  gpointer value;
  g_autofree char *who = NULL;
  g_autofree char *when = NULL;

  g_hash_table_iter_init (&iter, self->decisions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      FindingsDecision *decision = value;

      if (g_strcmp0 (findings_decision_get_signature_format (decision), "svg-path") == 0 &&
          findings_decision_get_signature_data (decision) != NULL)
        {
          signed_decision = decision;
          break;
        }
    }

  if (signed_decision == NULL)
    return;

  g_free (self->signature);
  self->signature = g_strdup (findings_decision_get_signature_data (signed_decision));

  add_block (self, STYLE_HEADING, _("Signature"), 18);
  add_block (self, STYLE_BODY, NULL, 4)->keep_with_next = TRUE;
  when = format_decided_at (findings_decision_get_decided_at (signed_decision),
                            time_zone_of (self));
  if (findings_decision_get_decided_by_name (signed_decision) != NULL && when != NULL)
    /* Translators: a person's name and when they signed */
    who = g_strdup_printf (_("Signed by %s, %s"),
                           findings_decision_get_decided_by_name (signed_decision), when);
  add_optional (self, STYLE_SMALL, who, 4);
}

static GPtrArray *
sorted_recommendations (FindingsVisit *visit)
{
  GListModel *model = findings_visit_get_recommendations (visit);
  GPtrArray *recs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (recs, g_list_model_get_item (model, i));

  /* The screen's order: safety first, then urgency; g_ptr_array_sort_values is not
   * stable before GLib 2.76, so ties keep document order through the index. */
  for (guint i = 1; i < recs->len; i++)
    for (guint j = i; j > 0; j--)
      {
        gpointer *data = recs->pdata;

        if (findings_recommendation_compare (data[j - 1], data[j]) <= 0)
          break;
        {
          gpointer tmp = data[j - 1];

          data[j - 1] = data[j];
          data[j] = tmp;
        }
      }

  return recs;
}

static void
build (FindingsReport *self)
{
  FindingsVisit *visit = self->visit;
  FindingsSite *site = findings_visit_get_site (visit);
  const char * const *work = findings_visit_get_work_performed (visit);
  GDateTime *date = findings_visit_get_completed_at (visit);
  g_autoptr(GPtrArray) recs = sorted_recommendations (visit);
  g_autofree char *date_text = NULL;
  g_autofree char *technician = NULL;
  g_autofree char *contact = NULL;

  g_array_set_size (self->blocks, 0);
  self->n_groups = 0;

  if (date == NULL)
    date = findings_visit_get_started_at (visit);

  add_block (self, STYLE_TITLE, findings_visit_get_company_name (visit) != NULL ?
                                findings_visit_get_company_name (visit) : _("Service Visit"), 0);
  if (findings_visit_get_company_phone (visit) != NULL ||
      findings_visit_get_company_email (visit) != NULL)
    {
      const char *parts[3] = { NULL };
      guint n = 0;

      if (findings_visit_get_company_phone (visit) != NULL)
        parts[n++] = findings_visit_get_company_phone (visit);
      if (findings_visit_get_company_email (visit) != NULL)
        parts[n++] = findings_visit_get_company_email (visit);
      contact = g_strjoinv (" · ", (char **) parts);
      add_block (self, STYLE_SMALL, contact, 2);
    }

  add_block (self, STYLE_SUBTITLE, _("Service Visit Report"), 10);
  if (site != NULL)
    {
      add_optional (self, STYLE_BODY, findings_site_get_name (site), 8);
      add_optional (self, STYLE_SMALL, findings_site_get_address (site), 1);
    }

  if (findings_visit_get_technician_name (visit) != NULL)
    {
      /* Translators: %s is the technician's name */
      technician = g_strdup_printf (_("Technician: %s"), findings_visit_get_technician_name (visit));
      add_block (self, STYLE_BODY, technician, 6);
    }
  if (date != NULL)
    {
      g_autofree char *day = findings_format_date (date, time_zone_of (self));

      /* Translators: %s is the visit's date */
      date_text = g_strdup_printf (_("Date: %s"), day);
      add_block (self, STYLE_BODY, date_text, 2);
    }

  add_section (self, _("Summary"), findings_visit_get_summary (visit));

  if (work != NULL && work[0] != NULL)
    {
      add_block (self, STYLE_HEADING, _("Work Done on This Visit"), 16);
      for (guint i = 0; work[i] != NULL; i++)
        {
          g_autofree char *item = g_strdup_printf ("•  %s", work[i]);
          Block *block = add_block (self, STYLE_BODY, item, 3);

          block->indent = 6;
        }
    }

  if (recs->len > 0)
    add_block (self, STYLE_HEADING, _("Recommendations"), 18);
  for (guint i = 0; i < recs->len; i++)
    add_recommendation (self, g_ptr_array_index (recs, i), i + 1);

  add_follow_ups (self, recs);
  add_signature (self);
}

static void
findings_report_finalize (GObject *object)
{
  FindingsReport *self = FINDINGS_REPORT (object);

  g_clear_object (&self->visit);
  g_clear_pointer (&self->decisions, g_hash_table_unref);
  g_clear_pointer (&self->blocks, g_array_unref);
  g_clear_pointer (&self->signature, g_free);

  G_OBJECT_CLASS (findings_report_parent_class)->finalize (object);
}

static void
findings_report_class_init (FindingsReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = findings_report_finalize;
}

static void
findings_report_init (FindingsReport *self)
{
  self->decisions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  g_array_set_clear_func (self->blocks, block_clear);
}

FindingsReport *
findings_report_new (FindingsVisit *visit)
{
  FindingsReport *self;

  g_return_val_if_fail (FINDINGS_IS_VISIT (visit), NULL);

  self = g_object_new (FINDINGS_TYPE_REPORT, NULL);
  self->visit = g_object_ref (visit);
  build (self);

  return self;
}

/**
 * findings_report_new_from_store:
 *
 * The visit @visit_id as this device last received it, with the latest decision
 * taken here on each recommendation (one the office refused is left out).
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
FindingsReport *
findings_report_new_from_store (FindingsStore  *store,
                                const char     *visit_id,
                                GError        **error)
{
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(FindingsVisit) visit = NULL;
  g_autoptr(FindingsReport) report = NULL;
  GListModel *recs;

  g_return_val_if_fail (FINDINGS_IS_STORE (store), NULL);
  g_return_val_if_fail (visit_id != NULL, NULL);

  bodies = findings_store_load_visit_bodies (store, error);
  if (bodies == NULL)
    return NULL;

  for (guint i = 0; i < bodies->len && visit == NULL; i++)
    {
      g_autoptr(FindingsVisit) candidate = findings_visit_parse_bytes (g_ptr_array_index (bodies, i),
                                                                       NULL);

      if (candidate != NULL && g_strcmp0 (findings_visit_get_id (candidate), visit_id) == 0)
        visit = g_steal_pointer (&candidate);
    }

  if (visit == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No visit “%s” is stored on this device. Check its id, or fetch the "
                     "visits first with findings --sync-once."), visit_id);
      return NULL;
    }

  report = findings_report_new (visit);
  recs = findings_visit_get_recommendations (visit);
  for (guint i = 0; i < g_list_model_get_n_items (recs); i++)
    {
      g_autoptr(FindingsRecommendation) rec = g_list_model_get_item (recs, i);
      g_autoptr(GPtrArray) entries =
        findings_store_list_for_recommendation (store, findings_recommendation_get_id (rec));

      /* Newest first: the first one the office did not refuse is what stands. */
      for (guint j = 0; entries != NULL && j < entries->len; j++)
        {
          FindingsOutboxEntry *entry = g_ptr_array_index (entries, j);
          g_autoptr(FindingsDecision) decision = NULL;
          gsize length;
          const char *data;

          if (entry->state == FINDINGS_OUTBOX_STATE_REFUSED)
            continue;

          data = g_bytes_get_data (entry->body, &length);
          decision = findings_decision_parse (data, length, NULL);
          if (decision != NULL)
            {
              findings_report_add_decision (report, decision);
              break;
            }
        }
    }

  return g_steal_pointer (&report);
}

/**
 * findings_report_add_decision:
 *
 * Shows @decision, who took it and when, under its recommendation; a later one on the
 * same recommendation replaces it.
 */
void
findings_report_add_decision (FindingsReport   *self,
                              FindingsDecision *decision)
{
  const char *rec_id;

  g_return_if_fail (FINDINGS_IS_REPORT (self));
  g_return_if_fail (FINDINGS_IS_DECISION (decision));

  rec_id = findings_decision_get_recommendation_id (decision);
  if (rec_id == NULL || findings_visit_find_recommendation (self->visit, rec_id) == NULL)
    return;

  g_hash_table_replace (self->decisions, g_strdup (rec_id), g_object_ref (decision));
  build (self);
}

FindingsVisit *
findings_report_get_visit (FindingsReport *self)
{
  g_return_val_if_fail (FINDINGS_IS_REPORT (self), NULL);

  return self->visit;
}

static PangoFontDescription *
font_for_style (BlockStyle style)
{
  PangoFontDescription *font = pango_font_description_from_string (FONT_FAMILY);
  double size = 10;
  PangoWeight weight = PANGO_WEIGHT_NORMAL;

  switch (style)
    {
    case STYLE_TITLE:       size = 20; weight = PANGO_WEIGHT_BOLD; break;
    case STYLE_SUBTITLE:    size = 14; break;
    case STYLE_HEADING:     size = 14; weight = PANGO_WEIGHT_BOLD; break;
    case STYLE_REC_HEADING: size = 12; weight = PANGO_WEIGHT_BOLD; break;
    case STYLE_LABEL:       size = 10; weight = PANGO_WEIGHT_BOLD; break;
    case STYLE_SAFETY:      size = 10.5; weight = PANGO_WEIGHT_BOLD; break;
    case STYLE_SMALL:       size = 9; break;
    case STYLE_BODY:
    default:
      break;
    }

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_font_description_set_weight (font, weight);

  return font;
}

static double
measure_block (FindingsReport *self,
               cairo_t        *cr,
               Block          *block)
{
  g_autoptr(PangoFontDescription) font = NULL;
  int width, height;

  g_clear_object (&block->layout);
  if (block->text == NULL)
    return SIGNATURE_H;

  font = font_for_style (block->style);
  block->layout = pango_cairo_create_layout (cr);
  pango_layout_set_font_description (block->layout, font);
  pango_layout_set_wrap (block->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (block->layout,
                          (int) ((self->width - 2 * MARGIN - block->indent) * PANGO_SCALE));
  /* Always plain text: the office's words are never markup. */
  pango_layout_set_text (block->layout, block->text, -1);
  pango_layout_get_size (block->layout, &width, &height);

  return (double) height / PANGO_SCALE;
}

/* How much room block @i needs at the foot of a page: itself and, for a heading, the
 * blocks it must stay with. */
static double
needed_height (FindingsReport *self,
               guint           i)
{
  double need = 0;

  for (; i < self->blocks->len; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);

      need += block->height + (need > 0 ? block->space_before : 0);
      if (!block->keep_with_next)
        break;
    }

  return need;
}

static double
group_height (FindingsReport *self,
              guint           i)
{
  int group = g_array_index (self->blocks, Block, i).group;
  double need = 0;

  for (; i < self->blocks->len; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);

      if (block->group != group)
        break;
      need += block->height + (need > 0 ? block->space_before : 0);
    }

  return need;
}

/**
 * findings_report_paginate:
 * @cr: a context on the target (for font metrics)
 * @width: the page's width in points (or the print context's units)
 * @height: the page's height
 *
 * Returns: the number of pages
 */
guint
findings_report_paginate (FindingsReport *self,
                          cairo_t        *cr,
                          double          width,
                          double          height)
{
  double bottom = height - MARGIN;
  double y = MARGIN;
  guint page = 0;
  int group = -1;

  g_return_val_if_fail (FINDINGS_IS_REPORT (self), 0);

  self->width = width;
  self->height = height;

  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);

      block->height = measure_block (self, cr, block);
    }

  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);
      gboolean top = y <= MARGIN;
      double space = top ? 0 : block->space_before;

      /* A short recommendation that would fit whole on a fresh page starts on one
       * rather than being split; a long one may run on, its heading kept with its
       * first lines below. */
      if (block->group >= 0 && block->group != group)
        {
          double whole = group_height (self, i);

          group = block->group;
          if (!top && y + space + whole > bottom && whole <= (bottom - MARGIN) / 3)
            {
              page++;
              y = MARGIN;
              top = TRUE;
              space = 0;
            }
        }

      /* A heading never stays alone at the foot of a page. */
      if (!top && y + space + needed_height (self, i) > bottom)
        {
          page++;
          y = MARGIN;
          space = 0;
        }

      y += space;
      block->page = page;
      block->y = y;
      y += block->height;
    }

  self->n_pages = page + 1;

  return self->n_pages;
}

static void
draw_signature (FindingsReport *self,
                cairo_t        *cr,
                double          x,
                double          y,
                double          width,
                double          height)
{
  g_auto(GStrv) tokens = NULL;
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  double scale = 1.0;
  guint n;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  cairo_set_line_width (cr, 0.75);
  cairo_move_to (cr, x, y + height - 0.5);
  cairo_line_to (cr, x + width, y + height - 0.5);
  cairo_stroke (cr);

  if (self->signature == NULL)
    goto out;

  /* The pad's path data: "M x y L x y …", integers in the pad's pixels. */
  tokens = g_strsplit_set (self->signature, " ,", -1);
  n = g_strv_length (tokens);
  for (int pass = 0; pass < 2; pass++)
    {
      char command = 'M';

      if (pass == 1)
        {
          double w = MAX (max_x - min_x, 1), h = MAX (max_y - min_y, 1);

          if (min_x > max_x)
            break;
          scale = MIN ((width - 8) / w, (height - 8) / h);
          /* A small signature is drawn larger, up to filling the box. */
          scale = MIN (scale, 3.0);
          cairo_set_source_rgb (cr, 0.1, 0.1, 0.3);
          cairo_set_line_width (cr, 1.2);
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
        }

      for (guint i = 0; i < n; i++)
        {
          char *end = NULL;
          double px, py;

          if (tokens[i][0] == '\0')
            continue;
          if (g_ascii_isalpha (tokens[i][0]))
            {
              command = g_ascii_toupper (tokens[i][0]);
              if (tokens[i][1] == '\0')
                continue;
              px = g_ascii_strtod (tokens[i] + 1, &end);
            }
          else
            px = g_ascii_strtod (tokens[i], &end);

          if (end == NULL || *end != '\0' || i + 1 >= n)
            break;
          py = g_ascii_strtod (tokens[++i], &end);
          if (*end != '\0')
            break;

          if (pass == 0)
            {
              min_x = MIN (min_x, px);
              max_x = MAX (max_x, px);
              min_y = MIN (min_y, py);
              max_y = MAX (max_y, py);
            }
          else
            {
              double dx = x + 4 + (px - min_x) * scale;
              double dy = y + 4 + (py - min_y) * scale;

              if (command == 'M')
                {
                  cairo_move_to (cr, dx, dy);
                  /* A lone dot is drawn too. */
                  cairo_line_to (cr, dx, dy);
                }
              else
                cairo_line_to (cr, dx, dy);
            }
        }

      if (pass == 1)
        cairo_stroke (cr);
    }

out:
  cairo_restore (cr);
}

void
findings_report_draw_page (FindingsReport *self,
                           cairo_t        *cr,
                           guint           page)
{
  g_autofree char *footer = NULL;
  g_autoptr(PangoLayout) footer_layout = NULL;
  g_autoptr(PangoFontDescription) font = NULL;
  int fw, fh;

  g_return_if_fail (FINDINGS_IS_REPORT (self));

  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);

      if (block->page != page)
        continue;

      if (block->layout == NULL)
        {
          draw_signature (self, cr, MARGIN + block->indent, block->y,
                          MIN (self->width - 2 * MARGIN, 280), block->height);
          continue;
        }

      if (block->style == STYLE_SAFETY)
        cairo_set_source_rgb (cr, 0.65, 0.11, 0.0);
      else if (block->style == STYLE_SMALL || block->style == STYLE_SUBTITLE)
        cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
      else
        cairo_set_source_rgb (cr, 0, 0, 0);

      cairo_move_to (cr, MARGIN + block->indent, block->y);
      pango_cairo_update_layout (cr, block->layout);
      pango_cairo_show_layout (cr, block->layout);

      if (block->style == STYLE_HEADING)
        {
          cairo_set_line_width (cr, 0.5);
          cairo_set_source_rgb (cr, 0.7, 0.7, 0.7);
          cairo_move_to (cr, MARGIN, block->y + block->height + 1.5);
          cairo_line_to (cr, self->width - MARGIN, block->y + block->height + 1.5);
          cairo_stroke (cr);
        }
    }

  /* Translators: the report's page footer, "Page 1 of 3" */
  footer = g_strdup_printf (_("Page %u of %u"), page + 1, self->n_pages);
  font = font_for_style (STYLE_SMALL);
  footer_layout = pango_cairo_create_layout (cr);
  pango_layout_set_font_description (footer_layout, font);
  pango_layout_set_text (footer_layout, footer, -1);
  pango_layout_get_size (footer_layout, &fw, &fh);
  cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
  cairo_move_to (cr, self->width - MARGIN - (double) fw / PANGO_SCALE,
                 self->height - MARGIN / 2 - (double) fh / PANGO_SCALE);
  pango_cairo_show_layout (cr, footer_layout);
}

/**
 * findings_report_write_pdf:
 *
 * Writes the report to @path as a PDF on @paper, with its fonts embedded.
 */
gboolean
findings_report_write_pdf (FindingsReport  *self,
                           const char      *path,
                           FindingsPaper    paper,
                           GError         **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  double width, height;
  guint n_pages;
  g_autofree char *title = NULL;

  g_return_val_if_fail (FINDINGS_IS_REPORT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  findings_paper_get_size (paper, &width, &height);
  surface = cairo_pdf_surface_create (path, width, height);
  /* Translators: the PDF's title; %s is the visit's id */
  title = g_strdup_printf (_("Service visit %s"), findings_visit_get_id (self->visit));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, PACKAGE_NAME);
  cr = cairo_create (surface);

  n_pages = findings_report_paginate (self, cr, width, height);
  for (guint page = 0; page < n_pages; page++)
    {
      findings_report_draw_page (self, cr, page);
      cairo_show_page (cr);
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write “%s”: %s"), path, cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}
