/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-signoff"

#include "config.h"

#include <errno.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "findings-application.h"
#include "findings-format.h"
#include "findings-keyboard.h"
#include "findings-recommendation-page.h"
#include "findings-report.h"
#include "findings-signature-pad.h"
#include "findings-signoff-plan.h"
#include "findings-signoff-private.h"
#include "findings-ui.h"

/* The technician's sign-off walkthrough: pick a visit, then one recommendation per
 * screen with the recommendation page's own explanation, options and terms, then a
 * summary with one name and one signature for it all. The rules (order, what is
 * offered, totals, the decisions) are FindingsSignoffPlan's; this only shows them.
 * Each decision is then recorded through the session exactly as the decision dialog
 * records a single one. Emits ::finished when done or ended. */

struct _FindingsSignoff
{
  GtkWidget                   parent_instance;

  FindingsSession            *session;
  FindingsVisit              *visit;
  FindingsSignoffPlan        *plan;
  GCancellable               *cancellable;
  guint                       step;
  /* What Confirm recorded or is recording, in order; @n_recorded of them are in. */
  GPtrArray                  *decisions;
  guint                       n_recorded;

  GtkButton                  *back_button;
  GtkButton                  *cancel_button;
  GtkLabel                   *title_label;
  GtkStack                   *stack;
  GtkLabel                   *no_visits_label;
  GtkListBox                 *visit_list;
  GtkLabel                   *progress_label;
  FindingsRecommendationPage *rec_page;
  GtkLabel                   *choice_label;
  GtkBox                     *accept_box;
  GtkWidget                  *decline_button;
  GtkWidget                  *call_button;
  GtkWidget                  *skip_button;
  GtkWidget                  *next_button;
  GtkListBox                 *summary_list;
  GtkBox                     *totals_box;
  GtkWidget                  *calls_box;
  GtkLabel                   *calls_label;
  AdwEntryRow                *phone_row;
  GtkWidget                  *sign_heading;
  GtkWidget                  *who_list;
  AdwEntryRow                *name_row;
  AdwEntryRow                *role_row;
  GtkWidget                  *sign_label;
  FindingsSignaturePad       *signature_pad;
  GtkWidget                  *clear_button;
  GtkLabel                   *error_label;
  GtkWidget                  *keyboard;
  GtkWidget                  *print_button;
  GtkWidget                  *pdf_button;
  GtkWidget                  *confirm_button;
  AdwStatusPage              *done_page;
  GtkWidget                  *done_button;
};

G_DEFINE_FINAL_TYPE (FindingsSignoff, findings_signoff, GTK_TYPE_WIDGET)

enum {
  FINISHED,
  PDF_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_kiosk (void)
{
  GApplication *app = g_application_get_default ();

  return FINDINGS_IS_APPLICATION (app) && findings_application_get_kiosk (FINDINGS_APPLICATION (app));
}

static char *
entry_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
finish (FindingsSignoff *self)
{
  g_cancellable_cancel (self->cancellable);
  g_signal_emit (self, signals[FINISHED], 0);
}

/* Pick */

static GtkWidget *
create_visit_row (FindingsVisit *visit)
{
  FindingsSite *site = findings_visit_get_site (visit);
  GDateTime *date = findings_visit_get_completed_at (visit);
  g_autofree char *day = NULL;
  g_autofree char *subtitle = NULL;
  guint n_open = findings_visit_get_n_open (visit);
  GtkWidget *row = adw_action_row_new ();

  if (date == NULL)
    date = findings_visit_get_started_at (visit);
  if (date != NULL)
    day = findings_format_date (date, site != NULL ? findings_site_get_timezone (site) : NULL);

  /* Translators: a visit's date, then how many recommendations wait for a decision */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u waiting for a decision",
                                           "%s · %u waiting for a decision", n_open),
                              day != NULL ? day : "", n_open);

  /* The office's words are never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 site != NULL && findings_site_get_name (site) != NULL ?
                                 findings_site_get_name (site) : findings_visit_get_id (visit));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_size_request (row, -1, 64);
  g_object_set_data_full (G_OBJECT (row), "visit", g_object_ref (visit), g_object_unref);

  return row;
}

static void
fill_visits (FindingsSignoff *self)
{
  GListModel *visits = findings_session_get_visits (self->session);
  guint n = g_list_model_get_n_items (visits);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->visit_list))) != NULL)
    gtk_list_box_remove (self->visit_list, child);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FindingsVisit) visit = g_list_model_get_item (visits, i);

      gtk_list_box_append (self->visit_list, create_visit_row (visit));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->no_visits_label), n == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->visit_list), n > 0);
}

static void
visits_changed_cb (FindingsSignoff *self)
{
  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "pick"))
    fill_visits (self);
}

static void
show_pick (FindingsSignoff *self)
{
  fill_visits (self);
  gtk_label_set_text (self->title_label, _("Sign-off"));
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), TRUE);
  gtk_stack_set_visible_child_name (self->stack, "pick");
}

/* Steps */

static void show_summary (FindingsSignoff *self);
static void next_step    (FindingsSignoff *self);

static void
accept_clicked_cb (GtkButton       *button,
                   FindingsSignoff *self)
{
  FindingsOption *option = g_object_get_data (G_OBJECT (button), "option");

  findings_signoff_plan_choose (self->plan, self->step, FINDINGS_SIGNOFF_CHOICE_ACCEPT,
                                findings_option_get_id (option));
  next_step (self);
}

static GtkWidget *
create_accept_button (FindingsSignoff *self,
                      FindingsOption  *option,
                      guint            n_options)
{
  g_autofree char *price = NULL;
  g_autofree char *label = NULL;
  GtkWidget *button;
  GtkWidget *text;

  price = findings_format_option_price (option,
                                        findings_visit_get_currency (self->visit));
  if (n_options == 1)
    /* Translators: %s is the price with its tax */
    label = g_strdup_printf (_("Accept, %s"), price);
  else
    /* Translators: an option's name, then its price with its tax */
    label = g_strdup_printf (_("Accept “%s”, %s"), findings_option_get_label (option), price);

  /* The option's name is the office's text: plain, never markup or a mnemonic. */
  button = gtk_button_new_with_label (label);
  text = gtk_button_get_child (GTK_BUTTON (button));
  /* A price stays on one line; only a long option's name wraps. */
  gtk_label_set_wrap (GTK_LABEL (text), g_utf8_strlen (label, -1) > 48);
  gtk_label_set_max_width_chars (GTK_LABEL (text), 60);
  gtk_label_set_justify (GTK_LABEL (text), GTK_JUSTIFY_CENTER);
  gtk_widget_set_size_request (button, -1, 48);
  gtk_widget_add_css_class (button, "decision-button");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "option", g_object_ref (option), g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (accept_clicked_cb), self);

  return button;
}

static void
show_step (FindingsSignoff *self,
           guint            step)
{
  FindingsRecommendation *rec = findings_signoff_plan_get_recommendation (self->plan, step);
  GListModel *options = findings_recommendation_get_options (rec);
  guint n_options = g_list_model_get_n_items (options);
  gboolean decidable = findings_signoff_plan_get_decidable (self->plan, step);
  gboolean can_accept = findings_signoff_plan_can_accept (self->plan, step);
  FindingsSignoffChoice choice = findings_signoff_plan_get_choice (self->plan, step);
  g_autofree char *progress = NULL;
  g_autofree char *said = NULL;
  GtkWidget *child;

  self->step = step;
  /* Translators: the walkthrough's place, "Recommendation 2 of 5" */
  progress = g_strdup_printf (_("Recommendation %u of %u"), step + 1,
                              findings_signoff_plan_get_n_steps (self->plan));
  gtk_label_set_text (self->progress_label, progress);
  findings_recommendation_page_set_recommendation (self->rec_page, rec);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->accept_box))) != NULL)
    gtk_box_remove (self->accept_box, child);

  if (decidable && can_accept)
    for (guint i = 0; i < n_options; i++)
      {
        g_autoptr(FindingsOption) option = g_list_model_get_item (options, i);

        gtk_box_append (self->accept_box, create_accept_button (self, option, n_options));
      }

  if (!decidable)
    said = findings_signoff_plan_describe_choice (self->plan, step);
  else if (!can_accept && n_options > 0)
    said = g_strdup (_("This quote has expired, so it cannot be accepted today. Ask for a call "
                       "and the office will give you a fresh price."));
  else if (choice != FINDINGS_SIGNOFF_CHOICE_NONE)
    {
      g_autofree char *chosen = findings_signoff_plan_describe_choice (self->plan, step);

      /* Translators: %s is what the customer chose on this screen before */
      said = g_strdup_printf (_("You chose: %s. You can change it here."), chosen);
    }
  gtk_label_set_text (self->choice_label, said != NULL ? said : "");
  gtk_widget_set_visible (GTK_WIDGET (self->choice_label), said != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->accept_box), decidable && can_accept);
  gtk_widget_set_visible (self->decline_button, decidable);
  gtk_widget_set_visible (self->call_button, decidable);
  gtk_widget_set_visible (self->skip_button, decidable);
  gtk_widget_set_visible (self->next_button, !decidable);

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), TRUE);
  gtk_stack_set_visible_child_name (self->stack, "step");
}

static void
next_step (FindingsSignoff *self)
{
  if (self->step + 1 < findings_signoff_plan_get_n_steps (self->plan))
    show_step (self, self->step + 1);
  else
    show_summary (self);
}

static void
decline_clicked_cb (FindingsSignoff *self)
{
  findings_signoff_plan_choose (self->plan, self->step, FINDINGS_SIGNOFF_CHOICE_DECLINE, NULL);
  next_step (self);
}

static void
call_clicked_cb (FindingsSignoff *self)
{
  findings_signoff_plan_choose (self->plan, self->step, FINDINGS_SIGNOFF_CHOICE_CALL, NULL);
  next_step (self);
}

static void
skip_clicked_cb (FindingsSignoff *self)
{
  /* "Next" on a decided screen and "Skip for Now" both leave the step as it is. */
  if (findings_signoff_plan_get_decidable (self->plan, self->step))
    findings_signoff_plan_choose (self->plan, self->step, FINDINGS_SIGNOFF_CHOICE_SKIP, NULL);
  next_step (self);
}

static void
start_visit (FindingsSignoff *self,
             FindingsVisit   *visit)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  FindingsSite *site = findings_visit_get_site (visit);

  g_set_object (&self->visit, visit);
  g_clear_object (&self->plan);
  g_clear_pointer (&self->decisions, g_ptr_array_unref);
  self->n_recorded = 0;
  self->plan = findings_signoff_plan_new ();
  findings_signoff_plan_add_visit (self->plan, visit, now);

  gtk_label_set_text (self->title_label,
                      site != NULL && findings_site_get_name (site) != NULL ?
                      findings_site_get_name (site) : findings_visit_get_id (visit));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->role_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), "");
  findings_signature_pad_clear (self->signature_pad);

  if (findings_signoff_plan_get_n_steps (self->plan) == 0)
    show_summary (self);
  else
    show_step (self, 0);
}

static void
visit_activated_cb (FindingsSignoff *self,
                    GtkListBoxRow   *row)
{
  start_visit (self, g_object_get_data (G_OBJECT (row), "visit"));
}

/* Summary */

static void
reason_changed_cb (GtkEditable     *row,
                   FindingsSignoff *self)
{
  guint step = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "step"));

  findings_signoff_plan_set_reason (self->plan, step, gtk_editable_get_text (row));
}

static GtkWidget *
create_summary_row (FindingsSignoff *self,
                    guint            step)
{
  FindingsRecommendation *rec = findings_signoff_plan_get_recommendation (self->plan, step);
  g_autofree char *said = findings_signoff_plan_describe_choice (self->plan, step);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), findings_recommendation_get_title (rec));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), said);
  if (findings_recommendation_is_safety_concern (rec))
    adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                               gtk_image_new_from_icon_name ("dialog-warning-symbolic"));

  return row;
}

static guint
count_decisions (FindingsSignoff *self)
{
  return findings_signoff_plan_count (self->plan, FINDINGS_SIGNOFF_CHOICE_ACCEPT) +
         findings_signoff_plan_count (self->plan, FINDINGS_SIGNOFF_CHOICE_DECLINE) +
         findings_signoff_plan_count (self->plan, FINDINGS_SIGNOFF_CHOICE_CALL);
}

static void
show_summary (FindingsSignoff *self)
{
  guint n = findings_signoff_plan_get_n_steps (self->plan);
  g_auto(GStrv) totals = findings_signoff_plan_describe_totals (self->plan);
  g_autoptr(GString) calls = g_string_new (NULL);
  gboolean any = count_decisions (self) > 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->summary_list))) != NULL)
    gtk_list_box_remove (self->summary_list, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->totals_box))) != NULL)
    gtk_box_remove (self->totals_box, child);

  for (guint i = 0; i < n; i++)
    {
      FindingsRecommendation *rec = findings_signoff_plan_get_recommendation (self->plan, i);
      FindingsSignoffChoice choice = findings_signoff_plan_get_choice (self->plan, i);
      GtkWidget *row = create_summary_row (self, i);

      g_object_set_data (G_OBJECT (row), "summary-step", GUINT_TO_POINTER (i + 1));
      gtk_list_box_append (self->summary_list, row);

      /* A reason for declining is optional, asked here so that declining takes no
       * more taps than accepting. */
      if (findings_signoff_plan_get_decidable (self->plan, i) &&
          choice == FINDINGS_SIGNOFF_CHOICE_DECLINE)
        {
          GtkWidget *reason = adw_entry_row_new ();
          g_autofree char *title = NULL;

          /* Translators: %s is the recommendation's title */
          title = g_strdup_printf (_("Reason for declining “%s” (optional)"),
                                   findings_recommendation_get_title (rec));
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (reason), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (reason), title);
          g_object_set_data (G_OBJECT (reason), "step", GUINT_TO_POINTER (i));
          g_signal_connect (reason, "changed", G_CALLBACK (reason_changed_cb), self);
          gtk_list_box_append (self->summary_list, reason);
        }

      if (findings_signoff_plan_get_decidable (self->plan, i) &&
          choice == FINDINGS_SIGNOFF_CHOICE_CALL)
        {
          if (calls->len > 0)
            g_string_append_c (calls, '\n');
          /* Translators: %s is a recommendation's title */
          g_string_append_printf (calls, _("The office will call you about “%s”."),
                                  findings_recommendation_get_title (rec));
        }
    }

  if (totals[0] == NULL)
    {
      GtkWidget *label = gtk_label_new (_("Nothing accepted."));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (self->totals_box, label);
    }
  for (guint i = 0; totals[i] != NULL; i++)
    {
      GtkWidget *label = gtk_label_new (totals[i]);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "title-4");
      gtk_box_append (self->totals_box, label);
    }

  gtk_widget_set_visible (self->calls_box, calls->len > 0);
  gtk_label_set_text (self->calls_label, calls->str);

  gtk_widget_set_visible (self->sign_heading, any);
  gtk_widget_set_visible (self->who_list, any);
  gtk_widget_set_visible (self->sign_label, any);
  gtk_widget_set_visible (GTK_WIDGET (self->signature_pad), any);
  gtk_widget_set_visible (self->clear_button, any);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_set_visible (self->keyboard, any && is_kiosk ());
  gtk_button_set_label (GTK_BUTTON (self->confirm_button),
                        any ? _("_Confirm and Send") : _("_Finish"));

  gtk_label_set_text (self->progress_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), n > 0);
  gtk_stack_set_visible_child_name (self->stack, "summary");
}

static void
summary_changed_cb (FindingsSignoff *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
clear_signature_cb (FindingsSignoff *self)
{
  findings_signature_pad_clear (self->signature_pad);
}

static GPtrArray *
build_decisions (FindingsSignoff *self)
{
  g_autofree char *name = entry_text (self->name_row);
  g_autofree char *role = entry_text (self->role_row);
  g_autofree char *phone = entry_text (self->phone_row);
  g_autofree char *signature = findings_signature_pad_dup_svg_path (self->signature_pad);

  return findings_signoff_plan_build_decisions (self->plan, name, role, signature, phone);
}

/* The report as it will be left behind: the visit with this sign-off's decisions. */
static FindingsReport *
build_report (FindingsSignoff *self)
{
  g_autoptr(GPtrArray) decisions = NULL;
  FindingsReport *report = findings_report_new (self->visit);

  decisions = self->decisions != NULL ? g_ptr_array_ref (self->decisions) : build_decisions (self);
  for (guint i = 0; i < decisions->len; i++)
    findings_report_add_decision (report, g_ptr_array_index (decisions, i));

  return report;
}

static void record_next (FindingsSignoff *self);

static void
recorded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FindingsSignoff) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!findings_session_record_decision_finish (FINDINGS_SESSION (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* What was saved stays saved; Confirm again goes on with the rest, unchanged
       * (so Back stays off: the choices can no longer change). */
      message = g_strdup_printf (_("Not everything could be saved: %s. Try again, or call the "
                                   "office."), error->message);
      gtk_label_set_text (self->error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_set_sensitive (self->confirm_button, TRUE);
      return;
    }

  self->n_recorded++;
  record_next (self);
}

static void
show_done (FindingsSignoff *self)
{
  g_autofree char *description = NULL;
  guint n = self->decisions != NULL ? self->decisions->len : 0;

  if (n == 0)
    {
      adw_status_page_set_title (self->done_page, _("Nothing Was Decided"));
      description = g_strdup (_("Every recommendation is still there to decide later, on this "
                                "screen or with the office."));
    }
  else
    {
      adw_status_page_set_title (self->done_page, _("Thank You"));
      /* Translators: %u is a number of decisions */
      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%u decision is saved on this device and on "
                                                  "its way to the office.",
                                                  "%u decisions are saved on this device and on "
                                                  "their way to the office.", n), n);
    }

  adw_status_page_set_description (self->done_page, description);
  gtk_label_set_text (self->title_label, _("Sign-off"));
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "done");
}

static void
record_next (FindingsSignoff *self)
{
  FindingsDecision *decision;
  FindingsRecommendation *rec;

  if (self->n_recorded >= self->decisions->len)
    {
      show_done (self);
      return;
    }

  /* One at a time, in the walkthrough's order, each as a single decision goes. */
  decision = g_ptr_array_index (self->decisions, self->n_recorded);
  rec = findings_visit_find_recommendation (self->visit,
                                            findings_decision_get_recommendation_id (decision));
  findings_session_record_decision_async (self->session, decision, rec, self->cancellable,
                                          recorded_cb, g_object_ref (self));
}

static void
confirm_clicked_cb (FindingsSignoff *self)
{
  g_autofree char *name = entry_text (self->name_row);
  g_autofree char *phone = entry_text (self->phone_row);
  guint n_calls = findings_signoff_plan_count (self->plan, FINDINGS_SIGNOFF_CHOICE_CALL);

  /* A retry after a failed save goes on with the same decisions, never new ones. */
  if (self->decisions == NULL)
    {
      if (count_decisions (self) > 0 && name == NULL)
        {
          gtk_label_set_text (self->error_label, _("Please enter your name: it goes with each "
                                                   "decision."));
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
          gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
          return;
        }
      if (n_calls > 0 && !findings_phone_is_valid (phone))
        {
          gtk_label_set_text (self->error_label, _("Please enter the phone number the office "
                                                   "should call."));
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
          gtk_widget_grab_focus (GTK_WIDGET (self->phone_row));
          return;
        }

      self->decisions = build_decisions (self);
      self->n_recorded = 0;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_set_sensitive (self->confirm_button, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), FALSE);
  record_next (self);
}

/* Print and PDF */

typedef struct
{
  FindingsReport *report;
} PrintData;

static void
print_data_free (gpointer data)
{
  PrintData *print = data;

  g_clear_object (&print->report);
  g_free (print);
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintData         *print)
{
  guint n_pages = findings_report_paginate (print->report,
                                            gtk_print_context_get_cairo_context (context),
                                            gtk_print_context_get_width (context),
                                            gtk_print_context_get_height (context));

  gtk_print_operation_set_n_pages (operation, n_pages);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              PrintData         *print)
{
  findings_report_draw_page (print->report, gtk_print_context_get_cairo_context (context),
                             (guint) page);
}

/* GtkPrintOperation's pages are the report's pages, drawn by the same code as the PDF;
 * with @export_path the operation writes them there instead of asking a printer. */
static void
run_print (FindingsSignoff *self,
           const char      *export_path)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) paper = NULL;
  g_autoptr(GError) error = NULL;
  FindingsPaper size = findings_paper_from_locale ();
  PrintData *print = g_new0 (PrintData, 1);

  print->report = build_report (self);
  paper = gtk_paper_size_new (size == FINDINGS_PAPER_LETTER ? GTK_PAPER_NAME_LETTER :
                              GTK_PAPER_NAME_A4);
  gtk_page_setup_set_paper_size (setup, paper);
  gtk_print_operation_set_default_page_setup (operation, setup);
  /* The report lays out its own margins, in points, on the whole sheet. */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_object_set_data_full (G_OBJECT (operation), "print-data", print, print_data_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), print);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), print);
  if (export_path != NULL)
    gtk_print_operation_set_export_filename (operation, export_path);

  if (gtk_print_operation_run (operation, export_path != NULL ?
                               GTK_PRINT_OPERATION_ACTION_EXPORT :
                               GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                               &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
}

static void
print_clicked_cb (FindingsSignoff *self)
{
  run_print (self, NULL);
}

void
_findings_signoff_print_to_file (FindingsSignoff *self,
                                 const char      *path)
{
  run_print (self, path);
}

static void
write_pdf_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  FindingsReport *report = task_data;
  const char *path = g_object_get_data (G_OBJECT (task), "path");
  GError *error = NULL;

  /* The report is this thread's alone until it is done. */
  if (findings_report_write_pdf (report, path, findings_paper_from_locale (), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
pdf_written_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  FindingsSignoff *self = FINDINGS_SIGNOFF (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      gtk_label_set_text (self->error_label, error->message);
    }
  else
    {
      const char *path = g_object_get_data (G_OBJECT (result), "path");
      g_autofree char *said = g_strdup_printf (_("The report is saved as %s."), path);

      gtk_label_set_text (self->error_label, said);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);

  g_signal_emit (self, signals[PDF_SAVED], 0, error == NULL);
}

/* Writes the report, as it stands, to @file on a worker thread. */
void
_findings_signoff_save_pdf (FindingsSignoff *self,
                            GFile           *file)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, pdf_written_cb, NULL);

  g_task_set_task_data (task, build_report (self), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "path", g_file_get_path (file), g_free);
  g_task_run_in_thread (task, write_pdf_thread);
}

static void
pdf_chosen_cb (GtkNativeDialog *dialog,
               int              response,
               FindingsSignoff *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    _findings_signoff_save_pdf (self, file);

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

/* A public kiosk never shows a file chooser, which would open its whole file system to
 * whoever stands at it: the report goes to a fixed folder of the kiosk's own, under a
 * name no earlier report holds. */
GFile *
_findings_signoff_dup_kiosk_report_file (FindingsSignoff  *self,
                                         GError          **error)
{
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autofree char *dir = NULL;

  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    dir = g_build_filename (documents, "Findings", NULL);
  else
    dir = g_build_filename (g_get_user_data_dir (), "findings", "reports", NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The report could not be saved in %s: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }

  for (guint n = 1; n < 1000; n++)
    {
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;

      if (n == 1)
        name = g_strdup_printf ("visit-%s.pdf", findings_visit_get_id (self->visit));
      else
        name = g_strdup_printf ("visit-%s-%u.pdf", findings_visit_get_id (self->visit), n);
      path = g_build_filename (dir, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return g_file_new_for_path (path);
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               _("The report could not be saved: %s holds too many reports of this visit"),
               dir);
  return NULL;
}

static void
pdf_clicked_cb (FindingsSignoff *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (is_kiosk ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) file = _findings_signoff_dup_kiosk_report_file (self, &error);

      if (file != NULL)
        {
          _findings_signoff_save_pdf (self, file);
        }
      else
        {
          gtk_label_set_text (self->error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
        }
      return;
    }

  /* GTK 4.8 has no GtkFileDialog. */
  chooser = gtk_file_chooser_native_new (_("Save the Report"),
                                         GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  /* Translators: the report's file name; %s is the visit's id */
  name = g_strdup_printf (_("visit-%s.pdf"), findings_visit_get_id (self->visit));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (pdf_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Navigation */

static void
back_clicked_cb (FindingsSignoff *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  guint n;

  if (g_str_equal (page, "step") && self->step > 0)
    show_step (self, self->step - 1);
  else if (g_str_equal (page, "step"))
    show_pick (self);
  else if (g_str_equal (page, "summary") &&
           (n = findings_signoff_plan_get_n_steps (self->plan)) > 0)
    show_step (self, n - 1);
}

static void
cancel_clicked_cb (FindingsSignoff *self)
{
  finish (self);
}

static void
done_clicked_cb (FindingsSignoff *self)
{
  finish (self);
}

static void
findings_signoff_dispose (GObject *object)
{
  FindingsSignoff *self = FINDINGS_SIGNOFF (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FINDINGS_TYPE_SIGNOFF);
  findings_ui_remove_children (GTK_WIDGET (self));
  g_clear_object (&self->session);
  g_clear_object (&self->visit);
  g_clear_object (&self->plan);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->decisions, g_ptr_array_unref);

  G_OBJECT_CLASS (findings_signoff_parent_class)->dispose (object);
}

#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, FindingsSignoff, name)

static void
findings_signoff_class_init (FindingsSignoffClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = findings_signoff_dispose;

  /**
   * FindingsSignoff::finished:
   *
   * The sign-off is over, confirmed or ended: the host goes back to its start.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * FindingsSignoff::pdf-saved:
   * @saved: whether the report was written
   *
   * "Save as PDF…" is done.
   */
  signals[PDF_SAVED] = g_signal_new ("pdf-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  g_type_ensure (FINDINGS_TYPE_RECOMMENDATION_PAGE);
  g_type_ensure (FINDINGS_TYPE_SIGNATURE_PAD);
  g_type_ensure (FINDINGS_TYPE_KEYBOARD);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/findings/Findings/findings-signoff.ui");
  BIND (back_button);
  BIND (cancel_button);
  BIND (title_label);
  BIND (stack);
  BIND (no_visits_label);
  BIND (visit_list);
  BIND (progress_label);
  BIND (rec_page);
  BIND (choice_label);
  BIND (accept_box);
  BIND (decline_button);
  BIND (call_button);
  BIND (skip_button);
  BIND (next_button);
  BIND (summary_list);
  BIND (totals_box);
  BIND (calls_box);
  BIND (calls_label);
  BIND (phone_row);
  BIND (sign_heading);
  BIND (who_list);
  BIND (name_row);
  BIND (role_row);
  BIND (sign_label);
  BIND (signature_pad);
  BIND (clear_button);
  BIND (error_label);
  BIND (keyboard);
  BIND (print_button);
  BIND (pdf_button);
  BIND (confirm_button);
  BIND (done_page);
  BIND (done_button);

  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, visit_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, decline_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, call_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, skip_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, summary_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_signature_cb);
  gtk_widget_class_bind_template_callback (widget_class, print_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, pdf_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, confirm_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, done_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "signoff");
}

#undef BIND

static void
findings_signoff_init (FindingsSignoff *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  findings_recommendation_page_set_show_decisions (self->rec_page, FALSE);
}

/**
 * findings_signoff_new:
 * @session: the visits to pick from, and where decisions are recorded
 *
 * Returns: (transfer floating): the walkthrough, on its first screen
 */
GtkWidget *
findings_signoff_new (FindingsSession *session)
{
  FindingsSignoff *self;

  g_return_val_if_fail (FINDINGS_IS_SESSION (session), NULL);

  self = g_object_new (FINDINGS_TYPE_SIGNOFF, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_object (findings_session_get_visits (session), "items-changed",
                           G_CALLBACK (visits_changed_cb), self, G_CONNECT_SWAPPED);
  show_pick (self);

  return GTK_WIDGET (self);
}
