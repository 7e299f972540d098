/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-office"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "findings-decision.h"
#include "findings-enums.h"
#include "findings-format.h"
#include "findings-json-check.h"
#include "findings-money.h"
#include "findings-office-desk-private.h"
#include "findings-protocol.h"
#include "findings-visit-parser.h"

/* The desk's pages, rendered on the server. Every text that came from a visit,
 * a decision or a form goes out through findings_office_html_append()'s %s. */

#define DECISIONS_SHOWN  100
#define REFRESH_SECONDS  60

typedef enum
{
  FILTER_OPEN,
  FILTER_ALL,
  FILTER_STATE,
} StateFilter;


/*
 * The frame of every page
 */

static const struct
{
  const char *path;
  const char *label;
} sections[] = {
  { DESK_PREFIX "/calls", N_("Call queue") },
  { DESK_PREFIX "/decisions", N_("Decisions") },
  { DESK_PREFIX "/technicians", N_("Technicians") },
};

GString *
_findings_office_desk_begin_page (DeskRequest *request,
                                  const char  *title,
                                  const char  *current,
                                  gboolean     refresh)
{
  GString *page = g_string_new ("<!DOCTYPE html>\n");

  findings_office_html_append (page,
                               "<html lang=\"%s\"><head><meta charset=\"utf-8\">"
                               "<meta name=\"viewport\" "
                               "content=\"width=device-width, initial-scale=1\">"
                               "<title>%s — %s</title>"
                               "<link rel=\"stylesheet\" href=\"" DESK_PREFIX
                               "/static/desk.css\">",
                               request->lang, title, _("Findings office desk"));
  if (refresh)
    findings_office_html_append (page, "<meta http-equiv=\"refresh\" content=\"%d\">",
                                 REFRESH_SECONDS);
  findings_office_html_append (page,
                               "</head><body><a class=\"skip\" href=\"#main\">%s</a>"
                               "<header class=\"top\"><p class=\"brand\">%s</p>",
                               _("Skip to the content"), _("Findings office desk"));

  if (request->signed_in)
    {
      if (current != NULL)
        {
          findings_office_html_append (page, "<nav aria-label=\"%s\"><ul>", _("Desk"));
          for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
            findings_office_html_append (page, "<li><a href=\"%s\"%r>%s</a></li>",
                                         sections[i].path,
                                         g_str_equal (sections[i].path, current)
                                           ? " aria-current=\"page\"" : "",
                                         _(sections[i].label));
          findings_office_html_append (page, "</ul></nav>");
        }

      findings_office_html_append (page, "<form method=\"post\" action=\"" DESK_PREFIX
                                   "/sign-out\" class=\"sign-out\">");
      _findings_office_desk_csrf_field (request, page);
      findings_office_html_append (page, "<button type=\"submit\" class=\"secondary\">%s"
                                   "</button></form>", _("Sign out"));
    }

  findings_office_html_append (page, "</header><main id=\"main\" tabindex=\"-1\">");
  return page;
}

void
_findings_office_desk_end_page (DeskRequest *request,
                                GString     *page,
                                guint        status)
{
  gsize length;
  char *body;

  g_string_append (page, "</main></body></html>\n");
  length = page->len;
  body = g_string_free (page, FALSE);

  soup_server_message_set_status (request->msg, status, NULL);
  soup_server_message_set_response (request->msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    body, length);
}

/* A short page that says one thing: a refusal, an error. */
void
_findings_office_desk_plain (DeskRequest *request,
                             guint        status,
                             const char  *title,
                             const char  *message)
{
  GString *page = _findings_office_desk_begin_page (request, title, NULL, FALSE);

  findings_office_html_append (page, "<h1>%s</h1><p role=\"alert\">%s</p>"
                               "<p><a href=\"" DESK_PREFIX "/calls\">%s</a></p>",
                               title, message, _("Back to the desk"));
  _findings_office_desk_end_page (request, page, status);
}

void
_findings_office_desk_csrf_field (DeskRequest *request,
                                  GString     *page)
{
  findings_office_html_append (page, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">",
                               request->csrf);
}


/*
 * Pieces
 */

static char *
format_age (GDateTime *then,
            GDateTime *now)
{
  GTimeSpan span = then != NULL ? g_date_time_difference (now, then) : 0;
  gint64 minutes = MAX (span, 0) / G_TIME_SPAN_MINUTE;

  if (minutes < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes",
                                         (gulong) minutes), (int) minutes);
  if (minutes < 48 * 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour", "%d hours",
                                         (gulong) (minutes / 60)), (int) (minutes / 60));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days",
                                       (gulong) (minutes / (24 * 60))),
                          (int) (minutes / (24 * 60)));
}

static char *
format_stored_time (const char *text,
                    const char *time_zone)
{
  g_autoptr(GDateTime) time = text != NULL ? findings_protocol_parse_time (text) : NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;
  g_autofree char *clock = NULL;

  if (time == NULL)
    return g_strdup ("—");

  tz = findings_protocol_new_time_zone (time_zone);
  local = g_date_time_to_timezone (time, tz);
  date = findings_format_date_short (time, time_zone);
  clock = g_date_time_format (local, "%H:%M");
  /* Translators: a date, then a time of day */
  return g_strdup_printf (_("%s, %s"), date, clock);
}

/* A phone number as a tel: link wants it: the digits, a leading + and nothing else. */
static char *
dup_tel (const char *phone)
{
  GString *tel = g_string_new (NULL);

  for (const char *p = phone; p != NULL && *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p) || (*p == '+' && tel->len == 0))
        g_string_append_c (tel, *p);
    }

  return g_string_free (tel, FALSE);
}

static FindingsFollowUp *
parse_follow_up (const char *text)
{
  g_autoptr(JsonNode) node = NULL;

  if (text == NULL)
    return NULL;

  node = findings_json_parse_strict (text, strlen (text), G_MAXSSIZE,
                                     FINDINGS_PROTOCOL_MAX_DEPTH, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return findings_follow_up_new_from_json (node, "follow_up", NULL);
}

static FindingsDecision *
parse_decision (const char *text)
{
  if (text == NULL)
    return NULL;

  return findings_decision_parse (text, strlen (text), NULL);
}

static FindingsRecommendation *
parse_recommendation (const char *text)
{
  g_autoptr(JsonNode) node = NULL;

  if (text == NULL)
    return NULL;

  node = findings_json_parse_strict (text, strlen (text), G_MAXSSIZE,
                                     FINDINGS_PROTOCOL_MAX_DEPTH, NULL);
  if (node == NULL)
    return NULL;

  return findings_recommendation_new_from_json (node, "recommendation", NULL);
}

/* The visits a page names, each read once. */
static FindingsVisit *
lookup_visit (DeskRequest *request,
              GHashTable  *visits,
              const char  *visit_id)
{
  g_autofree char *body = NULL;
  FindingsVisit *visit;

  if (g_hash_table_lookup_extended (visits, visit_id, NULL, (gpointer *) &visit))
    return visit;

  body = findings_office_db_desk_get_visit (request->desk->db, visit_id, NULL);
  visit = body != NULL ? findings_visit_parse (body, strlen (body), NULL) : NULL;
  g_hash_table_insert (visits, g_strdup (visit_id), visit);
  return visit;
}

static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static GHashTable *
new_visit_cache (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, unref_nullable);
}

/* The core's labels speak to the customer ("Waiting for your decision"); the desk
 * speaks about them. */
static const char *
status_label (const char *status)
{
  FindingsStatus value;

  if (status == NULL || !findings_status_from_string (status, &value))
    return status;
  if (value == FINDINGS_STATUS_OPEN)
    return _("Not decided yet");
  return findings_status_get_label (value);
}

/* The due date, and when it has passed both a colour and the word, for those who
 * cannot tell red. */
static void
append_due (GString          *page,
            FindingsFollowUp *follow_up,
            GDateTime        *now,
            const char       *time_zone)
{
  g_autoptr(GTimeZone) tz = findings_protocol_new_time_zone (time_zone);
  g_autoptr(GDateTime) local_now = g_date_time_to_timezone (now, tz);
  g_autofree char *due = NULL;

  if (follow_up == NULL || findings_follow_up_get_due_by (follow_up) == NULL)
    {
      findings_office_html_append (page, "—");
      return;
    }

  due = findings_format_calendar_date (findings_follow_up_get_due_by (follow_up));
  if (findings_follow_up_is_overdue (follow_up, local_now))
    findings_office_html_append (page, "<span class=\"overdue\"><strong>%s</strong> %s</span>",
                                 _("Overdue:"), due);
  else
    findings_office_html_append (page, "%s", due);
}

static void
append_signature (GString          *page,
                  FindingsDecision *decision)
{
  g_autofree char *path = NULL;
  g_autofree char *view_box = NULL;
  double box[4];
  char numbers[4][G_ASCII_DTOSTR_BUF_SIZE];

  if (g_strcmp0 (findings_decision_get_signature_format (decision), "svg-path") == 0)
    path = findings_office_html_signature_path (findings_decision_get_signature_data (decision),
                                                box);

  if (path == NULL)
    {
      if (findings_decision_get_signature_data (decision) != NULL)
        findings_office_html_append (page, "<p>%s</p>",
                                     _("A signature was sent, but it is not a drawing the desk "
                                       "can show."));
      return;
    }

  for (guint i = 0; i < 4; i++)
    g_ascii_formatd (numbers[i], sizeof numbers[i], "%.6g", box[i]);
  view_box = g_strjoin (" ", numbers[0], numbers[1], numbers[2], numbers[3], NULL);

  findings_office_html_append (page,
                               "<figure class=\"signature\"><svg viewBox=\"%s\" "
                               "role=\"img\" aria-label=\"%s\" "
                               "xmlns=\"http://www.w3.org/2000/svg\">"
                               "<path d=\"%s\" fill=\"none\" stroke=\"currentColor\" "
                               "stroke-width=\"3\" stroke-linecap=\"round\" "
                               "stroke-linejoin=\"round\"/></svg>"
                               "<figcaption>%s</figcaption></figure>",
                               view_box, _("Signature"), path,
                               _("Signature, as drawn on the kiosk"));
}

/* What the customer decided, in a few lines. */
static void
append_decision (DeskRequest            *request,
                 GString                *page,
                 FindingsDecision       *decision,
                 FindingsRecommendation *recommendation,
                 const char             *currency)
{
  const char *role = findings_decision_get_decided_by_role (decision);

  findings_office_html_append (page, "<dl class=\"facts\">");

  switch (findings_decision_get_action (decision))
    {
    case FINDINGS_ACTION_ACCEPT:
      {
        const char *option_id = findings_decision_get_option_id (decision);
        FindingsOption *option = recommendation != NULL && option_id != NULL
          ? findings_recommendation_find_option (recommendation, option_id) : NULL;
        g_autofree char *price = NULL;

        if (option != NULL && currency != NULL && findings_currency_is_valid (currency))
          price = findings_format_option_price (option, currency);

        findings_office_html_append (page, "<dt>%s</dt><dd class=\"accepted\">%s</dd>",
                                     _("Decision"), _("Accepted"));
        findings_office_html_append (page, "<dt>%s</dt><dd>%s</dd>", _("Option"),
                                     option != NULL ? findings_option_get_label (option)
                                                    : option_id);
        if (price != NULL)
          findings_office_html_append (page, "<dt>%s</dt><dd>%s</dd>", _("Amount"), price);
        findings_office_html_append (page, "<dt>%s</dt><dd>%s</dd>", _("PO number"),
                                     findings_decision_get_po_number (decision) != NULL
                                       ? findings_decision_get_po_number (decision)
                                       : _("None given"));
      }
      break;

    case FINDINGS_ACTION_DECLINE:
      findings_office_html_append (page, "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>",
                                   _("Decision"), _("Declined"), _("Reason"),
                                   findings_decision_get_reason (decision) != NULL
                                     ? findings_decision_get_reason (decision)
                                     : _("No reason given"));
      break;

    case FINDINGS_ACTION_REQUEST_CALL:
      {
        g_autofree char *tel = dup_tel (findings_decision_get_call_phone (decision));

        findings_office_html_append (page,
                                     "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd><a href=\"tel:%s\">%s"
                                     "</a></dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>",
                                     _("Decision"), _("Call requested"),
                                     _("Phone"), tel,
                                     findings_decision_get_call_phone (decision),
                                     _("Best time"),
                                     findings_decision_get_call_best_time (decision) != NULL
                                       ? findings_decision_get_call_best_time (decision) : "—",
                                     _("Note"),
                                     findings_decision_get_call_note (decision) != NULL
                                       ? findings_decision_get_call_note (decision) : "—");
      }
      break;

    default:
      break;
    }

  findings_office_html_append (page, "<dt>%s</dt><dd>%s%r%s</dd></dl>", _("Decided by"),
                               findings_decision_get_decided_by_name (decision),
                               role != NULL ? ", " : "", role);

  if (findings_decision_get_action (decision) == FINDINGS_ACTION_ACCEPT)
    append_signature (page, decision);
}

static void
append_database_trouble (GString *page)
{
  findings_office_html_append (page, "<p class=\"notice error\" role=\"alert\">%s</p>",
                               _("The office database could not list this. Try again later."));
}


/*
 * The call queue
 */

static gboolean
filter_matches (StateFilter            filter,
                FindingsFollowUpState  wanted,
                FindingsFollowUp      *follow_up)
{
  FindingsFollowUpState state = findings_follow_up_get_state (follow_up);

  switch (filter)
    {
    case FILTER_ALL:
      return TRUE;
    case FILTER_STATE:
      return state == wanted;
    case FILTER_OPEN:
    default:
      return state != FINDINGS_FOLLOW_UP_STATE_DONE;
    }
}

static void
append_option (GString    *page,
               const char *value,
               const char *label,
               gboolean    selected)
{
  findings_office_html_append (page, "<option value=\"%s\"%r>%s</option>", value,
                               selected ? " selected" : "", label);
}

static void
append_call_filters (DeskRequest *request,
                     GString     *page,
                     gint64       account_id,
                     const char  *state)
{
  g_autoptr(GPtrArray) accounts = findings_office_db_desk_list_accounts (request->desk->db, NULL);
  static const FindingsFollowUpState states[] = {
    FINDINGS_FOLLOW_UP_STATE_REQUESTED, FINDINGS_FOLLOW_UP_STATE_CONTACTED,
    FINDINGS_FOLLOW_UP_STATE_SCHEDULED, FINDINGS_FOLLOW_UP_STATE_DONE,
  };

  findings_office_html_append (page,
                               "<form method=\"get\" action=\"" DESK_PREFIX "/calls\" "
                               "class=\"filters\" role=\"search\" aria-label=\"%s\">"
                               "<div><label for=\"account\">%s</label>"
                               "<select id=\"account\" name=\"account\">",
                               _("Filter the calls"), _("Account"));
  append_option (page, "", _("All accounts"), account_id == 0);
  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    {
      char **entry = g_ptr_array_index (accounts, i);

      append_option (page, entry[0], entry[1],
                     g_ascii_strtoll (entry[0], NULL, 10) == account_id);
    }

  findings_office_html_append (page, "</select></div><div><label for=\"state\">%s</label>"
                               "<select id=\"state\" name=\"state\">", _("State"));
  append_option (page, "open", _("Not done yet"), state == NULL || g_str_equal (state, "open"));
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      const char *value = findings_follow_up_state_to_string (states[i]);

      append_option (page, value, findings_follow_up_state_get_label (states[i]),
                     g_strcmp0 (state, value) == 0);
    }
  append_option (page, "all", _("All"), g_strcmp0 (state, "all") == 0);
  findings_office_html_append (page, "</select></div><button type=\"submit\">%s</button>"
                               "</form>", _("Show"));
}

static void
append_call_row (DeskRequest           *request,
                 GString               *page,
                 FindingsOfficeDeskRow *row,
                 FindingsFollowUp      *follow_up,
                 FindingsDecision      *decision)
{
  g_autoptr(FindingsRecommendation) recommendation = parse_recommendation (row->recommendation);
  g_autoptr(GDateTime) received = row->received_at != NULL
    ? findings_protocol_parse_time (row->received_at) : NULL;
  g_autofree char *age = format_age (received, request->now);
  g_autofree char *link = g_uri_escape_string (row->recommendation_id, NULL, FALSE);
  g_autofree char *tel = dup_tel (findings_decision_get_call_phone (decision));
  const char *owner = findings_follow_up_get_owner (follow_up);

  findings_office_html_append (page,
                               "<tr><th scope=\"row\" data-label=\"%s\">"
                               "<a href=\"" DESK_PREFIX "/recommendations/%s\">%s</a>"
                               "<span class=\"sub\">%s</span></th>",
                               _("Customer"), link,
                               findings_decision_get_decided_by_name (decision),
                               row->account_name);
  findings_office_html_append (page,
                               "<td data-label=\"%s\">%s<span class=\"sub\">%s</span></td>"
                               "<td data-label=\"%s\"><a href=\"tel:%s\">%s</a></td>"
                               "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                               "<td data-label=\"%s\">%s</td><td data-label=\"%s\">",
                               _("Site"), row->site_name,
                               recommendation != NULL
                                 ? findings_recommendation_get_title (recommendation) : "",
                               _("Phone"), tel, findings_decision_get_call_phone (decision),
                               _("Best time"),
                               findings_decision_get_call_best_time (decision) != NULL
                                 ? findings_decision_get_call_best_time (decision) : "—",
                               _("Note"),
                               findings_decision_get_call_note (decision) != NULL
                                 ? findings_decision_get_call_note (decision) : "—",
                               _("Waiting"), age, _("Due"));
  append_due (page, follow_up, request->now, row->time_zone);
  findings_office_html_append (page, "</td><td data-label=\"%s\">%s</td>"
                               "<td data-label=\"%s\">%s</td></tr>",
                               _("Owner"), owner != NULL ? owner : _("Nobody yet"),
                               _("State"),
                               findings_follow_up_state_get_label (
                                 findings_follow_up_get_state (follow_up)));
}

void
_findings_office_desk_calls (DeskRequest *request)
{
  const char *account = request->query != NULL ? g_hash_table_lookup (request->query, "account")
                                               : NULL;
  const char *state = request->query != NULL ? g_hash_table_lookup (request->query, "state")
                                             : NULL;
  gint64 account_id = account != NULL ? g_ascii_strtoll (account, NULL, 10) : 0;
  StateFilter filter = FILTER_OPEN;
  FindingsFollowUpState wanted = FINDINGS_FOLLOW_UP_STATE_REQUESTED;
  g_autoptr(GPtrArray) rows = NULL;
  GString *page;
  guint shown = 0;

  if (g_strcmp0 (state, "all") == 0)
    filter = FILTER_ALL;
  else if (state != NULL && findings_follow_up_state_from_string (state, &wanted))
    filter = FILTER_STATE;

  page = _findings_office_desk_begin_page (request, _("Call queue"), DESK_PREFIX "/calls", TRUE);
  findings_office_html_append (page, "<h1>%s</h1><p class=\"lead\">%s</p>", _("Call queue"),
                               _("Customers who asked to be called, the longest waiting first. "
                                 "This page refreshes itself every minute."));
  append_call_filters (request, page, account_id, state);

  rows = findings_office_db_desk_list_calls (request->desk->db, account_id, NULL);
  if (rows == NULL)
    {
      append_database_trouble (page);
      _findings_office_desk_end_page (request, page, SOUP_STATUS_OK);
      return;
    }

  findings_office_html_append (page,
                               "<table class=\"calls\"><caption class=\"visually-hidden\">%s"
                               "</caption><thead><tr><th scope=\"col\">%s</th>"
                               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                               "</tr></thead><tbody>",
                               _("Call queue"), _("Customer"), _("Site"), _("Phone"),
                               _("Best time"), _("Note"), _("Waiting"), _("Due"), _("Owner"),
                               _("State"));

  for (guint i = 0; i < rows->len; i++)
    {
      FindingsOfficeDeskRow *row = g_ptr_array_index (rows, i);
      g_autoptr(FindingsFollowUp) follow_up = parse_follow_up (row->follow_up);
      g_autoptr(FindingsDecision) decision = parse_decision (row->decision);

      if (follow_up == NULL || decision == NULL || !filter_matches (filter, wanted, follow_up))
        continue;

      append_call_row (request, page, row, follow_up, decision);
      shown++;
    }

  findings_office_html_append (page, "</tbody></table>");
  if (shown == 0)
    findings_office_html_append (page, "<p class=\"empty\">%s</p>",
                                 _("No calls match. When a customer asks to be called, "
                                   "the request appears here."));
  _findings_office_desk_end_page (request, page, SOUP_STATUS_OK);
}


/*
 * Decisions as they arrive
 */

void
_findings_office_desk_decisions (DeskRequest *request)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) visits = new_visit_cache ();
  GString *page;

  page = _findings_office_desk_begin_page (request, _("Decisions"), DESK_PREFIX "/decisions",
                                           TRUE);
  findings_office_html_append (page, "<h1>%s</h1><p class=\"lead\">%s</p>", _("Decisions"),
                               _("What customers decided, the newest first. "
                                 "This page refreshes itself every minute."));

  rows = findings_office_db_desk_list_decisions (request->desk->db, DECISIONS_SHOWN, NULL);
  if (rows == NULL)
    {
      append_database_trouble (page);
      _findings_office_desk_end_page (request, page, SOUP_STATUS_OK);
      return;
    }

  if (rows->len == 0)
    findings_office_html_append (page, "<p class=\"empty\">%s</p>",
                                 _("No decisions yet. They appear here as kiosks send them."));

  for (guint i = 0; i < rows->len; i++)
    {
      FindingsOfficeDeskRow *row = g_ptr_array_index (rows, i);
      g_autoptr(FindingsDecision) decision = parse_decision (row->decision);
      g_autoptr(FindingsRecommendation) recommendation = parse_recommendation (row->recommendation);
      g_autofree char *received = format_stored_time (row->received_at, row->time_zone);
      g_autofree char *link = g_uri_escape_string (row->recommendation_id, NULL, FALSE);
      FindingsVisit *visit;

      if (decision == NULL)
        continue;

      visit = lookup_visit (request, visits, row->visit_id);
      findings_office_html_append (page,
                                   "<article class=\"card decision-%s\"><h2>"
                                   "<a href=\"" DESK_PREFIX "/recommendations/%s\">%s</a></h2>"
                                   "<p class=\"sub\">%s · %s · %s</p>",
                                   findings_action_to_string (findings_decision_get_action (decision)),
                                   link,
                                   recommendation != NULL
                                     ? findings_recommendation_get_title (recommendation)
                                     : row->recommendation_id,
                                   row->account_name, row->site_name, received);
      append_decision (request, page, decision, recommendation,
                       visit != NULL ? findings_visit_get_currency (visit) : NULL);
      findings_office_html_append (page, "</article>");
    }

  _findings_office_desk_end_page (request, page, SOUP_STATUS_OK);
}


/*
 * One recommendation
 */

static void
append_text_fact (GString    *page,
                  const char *label,
                  const char *value)
{
  if (value != NULL && *value != '\0')
    findings_office_html_append (page, "<dt>%s</dt><dd>%s</dd>", label, value);
}

static void
append_recommendation_body (DeskRequest            *request,
                            GString                *page,
                            FindingsRecommendation *recommendation,
                            FindingsVisit          *visit)
{
  const char *currency = visit != NULL ? findings_visit_get_currency (visit) : NULL;
  GListModel *options = findings_recommendation_get_options (recommendation);
  GListModel *photos = findings_recommendation_get_photos (recommendation);
  FindingsSafetyLevel safety = findings_recommendation_get_safety_level (recommendation);
  gboolean money = currency != NULL && findings_currency_is_valid (currency);

  findings_office_html_append (page, "<section aria-labelledby=\"seen\"><h2 id=\"seen\">%s</h2>"
                               "<dl class=\"facts\">", _("As the customer saw it"));
  append_text_fact (page, _("Category"),
                    findings_category_get_label (findings_recommendation_get_category (recommendation)));
  append_text_fact (page, _("Urgency"),
                    findings_urgency_get_label (findings_recommendation_get_urgency (recommendation)));
  if (safety != FINDINGS_SAFETY_LEVEL_NONE)
    {
      g_autofree char *text = g_strconcat (findings_safety_level_get_label (safety),
                                           findings_recommendation_get_safety_note (recommendation)
                                             != NULL ? ": " : "",
                                           findings_recommendation_get_safety_note (recommendation),
                                           NULL);

      findings_office_html_append (page, "<dt>%s</dt><dd class=\"safety\">%s</dd>", _("Safety"),
                                   text);
    }
  append_text_fact (page, _("Equipment"), findings_recommendation_get_equipment_name (recommendation));
  append_text_fact (page, _("Tag"), findings_recommendation_get_equipment_tag (recommendation));
  append_text_fact (page, _("Location"),
                    findings_recommendation_get_equipment_location (recommendation));
  append_text_fact (page, _("What we found"), findings_recommendation_get_finding (recommendation));
  append_text_fact (page, _("Why it matters"),
                    findings_recommendation_get_why_it_matters (recommendation));
  append_text_fact (page, _("If it waits"), findings_recommendation_get_if_deferred (recommendation));
  append_text_fact (page, _("Technician’s note"),
                    findings_recommendation_get_technician_note (recommendation));
  if (findings_recommendation_get_has_quote (recommendation))
    {
      g_autofree char *until =
        findings_format_calendar_date (findings_recommendation_get_quote_valid_until (recommendation));

      append_text_fact (page, _("Quote valid until"), until);
      append_text_fact (page, _("Conditions"),
                        findings_recommendation_get_quote_conditions (recommendation));
    }
  findings_office_html_append (page, "</dl><h3>%s</h3><ul class=\"options\">", _("Options"));

  for (guint i = 0; i < g_list_model_get_n_items (options); i++)
    {
      g_autoptr(FindingsOption) option = g_list_model_get_item (options, i);
      g_autofree char *price = money ? findings_format_option_price (option, currency) : NULL;
      g_autofree char *savings = NULL;
      g_autofree char *basis = NULL;
      g_autofree char *payback = NULL;
      g_autofree char *net = NULL;
      gboolean beyond_life = FALSE;

      if (money && findings_option_has_savings (option))
        {
          savings = findings_format_option_savings (option, currency, &basis);
          payback = findings_format_option_payback (option, currency, &net, &beyond_life);
        }

      findings_office_html_append (page, "<li><strong>%s</strong> — %s",
                                   findings_option_get_label (option), price);
      if (findings_option_get_description (option) != NULL)
        findings_office_html_append (page, "<br>%s", findings_option_get_description (option));
      /* The same figures, worded as the kiosk showed them. */
      if (savings != NULL)
        findings_office_html_append (page, "<br>%s", savings);
      if (basis != NULL)
        findings_office_html_append (page, "<br>%s", basis);
      if (payback != NULL)
        findings_office_html_append (page, "<br>%s", payback);
      if (net != NULL)
        findings_office_html_append (page, "<br>%s", net);
      findings_office_html_append (page, "</li>");
    }
  findings_office_html_append (page, "</ul>");

  if (g_list_model_get_n_items (photos) > 0)
    {
      findings_office_html_append (page, "<h3>%s</h3><div class=\"photos\">", _("Photos"));
      for (guint i = 0; i < g_list_model_get_n_items (photos); i++)
        {
          g_autoptr(FindingsPhoto) photo = g_list_model_get_item (photos, i);
          g_autofree char *link = g_uri_escape_string (findings_photo_get_id (photo), NULL, FALSE);
          const char *caption = findings_photo_get_caption (photo);

          findings_office_html_append (page,
                                       "<figure><img src=\"" DESK_PREFIX "/photos/%s\" alt=\"%s\" "
                                       "loading=\"lazy\"><figcaption>%s</figcaption></figure>",
                                       link, caption != NULL ? caption : _("Photo"), caption);
        }
      findings_office_html_append (page, "</div>");
    }

  findings_office_html_append (page, "</section>");
}

static void
append_history (DeskRequest            *request,
                GString                *page,
                const char             *id,
                FindingsRecommendation *recommendation,
                FindingsVisit          *visit)
{
  g_autoptr(GPtrArray) rows = findings_office_db_desk_list_history (request->desk->db, id, NULL);

  findings_office_html_append (page, "<section aria-labelledby=\"history\">"
                               "<h2 id=\"history\">%s</h2>", _("Decisions"));
  if (rows == NULL)
    append_database_trouble (page);
  else if (rows->len == 0)
    findings_office_html_append (page, "<p class=\"empty\">%s</p>",
                                 _("The customer has not decided yet."));

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      FindingsOfficeDeskRow *row = g_ptr_array_index (rows, i);
      g_autoptr(FindingsDecision) decision = parse_decision (row->decision);
      g_autofree char *received = format_stored_time (row->received_at, row->time_zone);

      if (decision == NULL)
        continue;

      findings_office_html_append (page, "<article class=\"card\"><h3>%s</h3>", received);
      append_decision (request, page, decision, recommendation,
                       visit != NULL ? findings_visit_get_currency (visit) : NULL);
      findings_office_html_append (page, "</article>");
    }

  findings_office_html_append (page, "</section>");
}

static void
append_follow_up_form (DeskRequest           *request,
                       GString               *page,
                       FindingsOfficeDeskRow *row,
                       const char            *link)
{
  g_autoptr(FindingsFollowUp) follow_up = parse_follow_up (row->follow_up);
  FindingsFollowUpState state = follow_up != NULL ? findings_follow_up_get_state (follow_up)
                                                  : FINDINGS_FOLLOW_UP_STATE_REQUESTED;
  static const FindingsFollowUpState states[] = {
    FINDINGS_FOLLOW_UP_STATE_REQUESTED, FINDINGS_FOLLOW_UP_STATE_CONTACTED,
    FINDINGS_FOLLOW_UP_STATE_SCHEDULED, FINDINGS_FOLLOW_UP_STATE_DONE,
  };

  findings_office_html_append (page,
                               "<section aria-labelledby=\"follow-up\"><h2 id=\"follow-up\">%s"
                               "</h2><p class=\"help\">%s</p>",
                               _("Follow-up"),
                               _("The customer sees this on the kiosk: who is on it, by when, "
                                 "and your message."));
  if (follow_up != NULL)
    {
      findings_office_html_append (page, "<p>%s ", _("Due:"));
      append_due (page, follow_up, request->now, row->time_zone);
      findings_office_html_append (page, "</p>");
    }

  findings_office_html_append (page, "<form method=\"post\" action=\"" DESK_PREFIX
                               "/recommendations/%s/follow-up\" class=\"stack\">", link);
  _findings_office_desk_csrf_field (request, page);
  findings_office_html_append (page, "<label for=\"fu-state\">%s</label>"
                               "<select id=\"fu-state\" name=\"state\">", _("State"));
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    append_option (page, findings_follow_up_state_to_string (states[i]),
                   findings_follow_up_state_get_label (states[i]), states[i] == state);
  findings_office_html_append (page,
                               "</select><label for=\"fu-owner\">%s</label>"
                               "<input id=\"fu-owner\" name=\"owner\" maxlength=\"%d\" "
                               "value=\"%s\" autocomplete=\"name\">"
                               "<label for=\"fu-due\">%s</label>"
                               "<input id=\"fu-due\" name=\"due_by\" type=\"date\" value=\"%s\">"
                               "<label for=\"fu-message\">%s</label>"
                               "<textarea id=\"fu-message\" name=\"message\" rows=\"3\" "
                               "maxlength=\"%d\">%s</textarea>"
                               "<button type=\"submit\">%s</button></form></section>",
                               _("Owner"), FINDINGS_PROTOCOL_MAX_TEXT,
                               follow_up != NULL ? findings_follow_up_get_owner (follow_up) : NULL,
                               _("Due by"),
                               follow_up != NULL ? findings_follow_up_get_due_by (follow_up) : NULL,
                               _("Message to the customer"), FINDINGS_PROTOCOL_MAX_TEXT,
                               follow_up != NULL ? findings_follow_up_get_message (follow_up) : NULL,
                               _("Save the follow-up"));
}

static void
append_note_form (DeskRequest           *request,
                  GString               *page,
                  FindingsOfficeDeskRow *row,
                  const char            *link)
{
  findings_office_html_append (page,
                               "<section aria-labelledby=\"note\"><h2 id=\"note\">%s</h2>"
                               "<p class=\"help\">%s</p><form method=\"post\" action=\""
                               DESK_PREFIX "/recommendations/%s/note\" class=\"stack\">",
                               _("Note to the technician"),
                               _("Only the technician reads this, never the customer. "
                                 "Thank them and say where the lead stands."),
                               link);
  _findings_office_desk_csrf_field (request, page);
  findings_office_html_append (page,
                               "<label for=\"note-text\">%s</label>"
                               "<textarea id=\"note-text\" name=\"note\" rows=\"3\" "
                               "maxlength=\"%d\">%s</textarea>"
                               "<button type=\"submit\">%s</button></form></section>",
                               _("Note"), FINDINGS_PROTOCOL_MAX_OFFICE_NOTE, row->office_note,
                               _("Save the note"));
}

void
_findings_office_desk_recommendation (DeskRequest *request,
                                      const char  *id,
                                      const char  *notice)
{
  g_autoptr(FindingsOfficeDeskRow) row = NULL;
  g_autoptr(FindingsRecommendation) recommendation = NULL;
  g_autoptr(GHashTable) visits = new_visit_cache ();
  g_autoptr(GError) error = NULL;
  g_autofree char *link = g_uri_escape_string (id, NULL, FALSE);
  const char *saved = request->query != NULL ? g_hash_table_lookup (request->query, "saved")
                                             : NULL;
  FindingsVisit *visit;
  GString *page;

  row = findings_office_db_desk_get_recommendation (request->desk->db, id, &error);
  if (row == NULL)
    {
      _findings_office_desk_plain (request, SOUP_STATUS_NOT_FOUND, _("Not found"),
                                   _("There is no such recommendation."));
      return;
    }

  recommendation = parse_recommendation (row->recommendation);
  visit = lookup_visit (request, visits, row->visit_id);
  page = _findings_office_desk_begin_page (request,
                                           recommendation != NULL
                                             ? findings_recommendation_get_title (recommendation)
                                             : id,
                                           DESK_PREFIX "/calls", FALSE);

  findings_office_html_append (page, "<h1>%s</h1><p class=\"sub\">%s · %s · %s</p>",
                               recommendation != NULL
                                 ? findings_recommendation_get_title (recommendation) : id,
                               row->account_name, row->site_name, status_label (row->status));
  if (visit != NULL && findings_visit_get_technician_name (visit) != NULL)
    findings_office_html_append (page, "<p class=\"sub\">%s %s</p>", _("Raised by"),
                                 findings_visit_get_technician_name (visit));

  if (notice != NULL)
    findings_office_html_append (page, "<p class=\"notice error\" role=\"alert\">%s</p>", notice);
  else if (g_strcmp0 (saved, "follow-up") == 0)
    findings_office_html_append (page, "<p class=\"notice\" role=\"status\">%s</p>",
                                 _("The follow-up is saved. The kiosk shows it at its next pull."));
  else if (g_strcmp0 (saved, "note") == 0)
    findings_office_html_append (page, "<p class=\"notice\" role=\"status\">%s</p>",
                                 _("The note is saved. The technician sees it at their next "
                                   "pull."));

  findings_office_html_append (page, "<div class=\"columns\"><div>");
  append_follow_up_form (request, page, row, link);
  append_note_form (request, page, row, link);
  append_history (request, page, id, recommendation, visit);
  findings_office_html_append (page, "</div><div>");
  if (recommendation != NULL)
    append_recommendation_body (request, page, recommendation, visit);
  findings_office_html_append (page, "</div></div>");

  _findings_office_desk_end_page (request, page,
                                  notice != NULL ? SOUP_STATUS_UNPROCESSABLE_ENTITY
                                                 : SOUP_STATUS_OK);
}

static const char *
form_text (DeskRequest *request,
           const char  *name)
{
  const char *value = g_hash_table_lookup (request->form, name);

  return value != NULL && *value != '\0' ? value : NULL;
}

void
_findings_office_desk_post_follow_up (DeskRequest *request,
                                      const char  *id)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *location = NULL;
  g_autofree char *link = g_uri_escape_string (id, NULL, FALSE);
  const char *fields[] = { "state", "owner", "due_by", "message" };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *value = form_text (request, fields[i]);

      if (value != NULL)
        json_object_set_string_member (object, fields[i], value);
    }
  json_node_set_object (node, object);

  /* The same call, with the same checks, as POST /api/v1/recommendations/ID/follow-up. */
  answer = findings_office_db_set_follow_up (request->desk->db, id, node, request->now, &error);
  if (answer == NULL)
    {
      if (g_error_matches (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_INVALID))
        _findings_office_desk_recommendation (request, id, error->message);
      else if (g_error_matches (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_NOT_FOUND))
        _findings_office_desk_plain (request, SOUP_STATUS_NOT_FOUND, _("Not found"),
                                     _("There is no such recommendation."));
      else
        _findings_office_desk_plain (request, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                     _("Not saved"),
                                     _("The office could not save this. Try again later."));
      return;
    }

  location = g_strconcat (DESK_PREFIX "/recommendations/", link, "?saved=follow-up", NULL);
  _findings_office_desk_redirect (request, location);
}

void
_findings_office_desk_post_note (DeskRequest *request,
                                 const char  *id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *location = NULL;
  g_autofree char *link = g_uri_escape_string (id, NULL, FALSE);
  g_autofree char *note = g_strdup (form_text (request, "note"));

  if (note != NULL)
    g_strstrip (note);

  answer = findings_office_db_set_office_note (request->desk->db, id, note, request->now, &error);
  if (answer == NULL)
    {
      if (g_error_matches (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_INVALID))
        _findings_office_desk_recommendation (request, id, error->message);
      else if (g_error_matches (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_NOT_FOUND))
        _findings_office_desk_plain (request, SOUP_STATUS_NOT_FOUND, _("Not found"),
                                     _("There is no such recommendation."));
      else
        _findings_office_desk_plain (request, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                     _("Not saved"),
                                     _("The office could not save this. Try again later."));
      return;
    }

  location = g_strconcat (DESK_PREFIX "/recommendations/", link, "?saved=note", NULL);
  _findings_office_desk_redirect (request, location);
}


/*
 * Technicians
 */

void
_findings_office_desk_technicians (DeskRequest *request)
{
  g_autoptr(GPtrArray) technicians = NULL;
  GString *page;

  page = _findings_office_desk_begin_page (request, _("Technicians"), DESK_PREFIX "/technicians",
                                           FALSE);
  findings_office_html_append (page, "<h1>%s</h1><p class=\"lead\">%s</p>", _("Technicians"),
                               _("Every lead each technician raised, with what became of it, "
                                 "so that you can thank and coach them."));

  technicians = findings_office_db_desk_list_technicians (request->desk->db, NULL);
  if (technicians == NULL)
    append_database_trouble (page);
  else if (technicians->len == 0)
    findings_office_html_append (page, "<p class=\"empty\">%s</p>",
                                 _("No visit names a technician yet."));
  else
    findings_office_html_append (page, "<ul class=\"list\">");

  for (guint i = 0; technicians != NULL && i < technicians->len; i++)
    {
      char **entry = g_ptr_array_index (technicians, i);
      g_autofree char *link = g_uri_escape_string (entry[0], NULL, FALSE);
      guint64 count = g_ascii_strtoull (entry[2], NULL, 10);
      g_autofree char *leads = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u lead",
                                                             "%u leads", (gulong) count),
                                                (guint) count);

      findings_office_html_append (page, "<li><a href=\"" DESK_PREFIX "/technicians/%s\">%s</a>"
                                   " <span class=\"sub\">%s · %s</span></li>",
                                   link, entry[1], entry[0], leads);
    }

  if (technicians != NULL && technicians->len > 0)
    findings_office_html_append (page, "</ul>");
  _findings_office_desk_end_page (request, page, SOUP_STATUS_OK);
}

void
_findings_office_desk_technician (DeskRequest *request,
                                  const char  *id)
{
  g_autoptr(GPtrArray) rows = findings_office_db_desk_list_leads (request->desk->db, id, NULL);
  g_autoptr(GHashTable) visits = new_visit_cache ();
  const char *name = id;
  GString *page;

  if (rows != NULL && rows->len > 0)
    {
      FindingsOfficeDeskRow *first = g_ptr_array_index (rows, 0);
      FindingsVisit *visit = lookup_visit (request, visits, first->visit_id);

      if (visit != NULL && findings_visit_get_technician_name (visit) != NULL)
        name = findings_visit_get_technician_name (visit);
    }

  page = _findings_office_desk_begin_page (request, name, DESK_PREFIX "/technicians", FALSE);
  findings_office_html_append (page, "<h1>%s</h1><p class=\"sub\">%s</p>", name, id);

  if (rows == NULL)
    {
      append_database_trouble (page);
      _findings_office_desk_end_page (request, page, SOUP_STATUS_OK);
      return;
    }

  if (rows->len == 0)
    {
      findings_office_html_append (page, "<p class=\"empty\">%s</p>",
                                   _("No lead from this technician."));
      _findings_office_desk_end_page (request, page, SOUP_STATUS_NOT_FOUND);
      return;
    }

  findings_office_html_append (page,
                               "<table class=\"leads\"><caption class=\"visually-hidden\">%s"
                               "</caption><thead><tr><th scope=\"col\">%s</th>"
                               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                               "<th scope=\"col\">%s</th></tr></thead><tbody>",
                               _("Leads"), _("Recommendation"), _("Customer"), _("Outcome"),
                               _("Last decision"), _("Follow-up"), _("Note to the technician"));

  for (guint i = 0; i < rows->len; i++)
    {
      FindingsOfficeDeskRow *row = g_ptr_array_index (rows, i);
      g_autoptr(FindingsRecommendation) recommendation = parse_recommendation (row->recommendation);
      g_autoptr(FindingsFollowUp) follow_up = parse_follow_up (row->follow_up);
      g_autofree char *received = row->received_at != NULL
        ? format_stored_time (row->received_at, row->time_zone) : g_strdup ("—");
      g_autofree char *link = g_uri_escape_string (row->recommendation_id, NULL, FALSE);

      findings_office_html_append (page,
                                   "<tr><th scope=\"row\" data-label=\"%s\">"
                                   "<a href=\"" DESK_PREFIX "/recommendations/%s\">%s</a></th>"
                                   "<td data-label=\"%s\">%s<span class=\"sub\">%s</span></td>"
                                   "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                                   "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                                   "</tr>",
                                   _("Recommendation"), link,
                                   recommendation != NULL
                                     ? findings_recommendation_get_title (recommendation)
                                     : row->recommendation_id,
                                   _("Customer"), row->account_name, row->site_name,
                                   _("Outcome"), status_label (row->status),
                                   _("Last decision"), received,
                                   _("Follow-up"),
                                   follow_up != NULL
                                     ? findings_follow_up_state_get_label (
                                         findings_follow_up_get_state (follow_up))
                                     : "—",
                                   _("Note to the technician"),
                                   row->office_note != NULL ? row->office_note : "—");
    }

  findings_office_html_append (page, "</tbody></table>");
  _findings_office_desk_end_page (request, page, SOUP_STATUS_OK);
}


/*
 * Photos, for the recommendation's page
 */

void
_findings_office_desk_photo (DeskRequest *request,
                             const char  *id)
{
  g_autoptr(GPtrArray) accounts = findings_office_db_desk_list_accounts (request->desk->db, NULL);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->msg);

  /* A photo is served for the account that names it; the desk sees every account. */
  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    {
      char **entry = g_ptr_array_index (accounts, i);
      g_autofree char *media_type = NULL;
      g_autoptr(GBytes) data = NULL;

      data = findings_office_db_get_photo (request->desk->db, g_ascii_strtoll (entry[0], NULL, 10),
                                           id, &media_type, NULL);
      if (data == NULL)
        continue;

      soup_server_message_set_status (request->msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_content_type (headers, media_type, NULL);
      soup_message_headers_replace (headers, "Cache-Control", "private, max-age=3600");
      soup_message_body_append_bytes (soup_server_message_get_response_body (request->msg), data);
      return;
    }

  _findings_office_desk_plain (request, SOUP_STATUS_NOT_FOUND, _("Not found"),
                               _("There is no such photo."));
}
