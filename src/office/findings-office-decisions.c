/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-office"

#include "config.h"

#include "findings-decision.h"
#include "findings-format.h"
#include "findings-json-check.h"
#include "findings-office-db-private.h"
#include "findings-visit-parser.h"

/* Decisions from the kiosk and follow-ups from the office. */

/* The reference office promises a call within this many working days. */
#define CALL_BUSINESS_DAYS 2

/* The recommendation a decision is about, as the office has it. */
typedef struct
{
  char *visit_id;
  char *status;
  char *follow_up;
  char *body;
  char *timezone;
} Target;

static void
target_clear (Target *target)
{
  g_clear_pointer (&target->visit_id, g_free);
  g_clear_pointer (&target->status, g_free);
  g_clear_pointer (&target->follow_up, g_free);
  g_clear_pointer (&target->body, g_free);
  g_clear_pointer (&target->timezone, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Target, target_clear)

static char *
format_api_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static JsonNode *
follow_up_to_node (FindingsFollowUp *follow_up)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GDateTime *updated_at = findings_follow_up_get_updated_at (follow_up);
  g_autofree char *updated = updated_at != NULL ? format_api_time (updated_at) : NULL;
  const char *names[] = { "owner", "due_by", "message", "updated_at" };
  const char *values[] = {
    findings_follow_up_get_owner (follow_up),
    findings_follow_up_get_due_by (follow_up),
    findings_follow_up_get_message (follow_up),
    updated,
  };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder,
                                 findings_follow_up_state_to_string (
                                   findings_follow_up_get_state (follow_up)));

  /* Every member is written, null when unset: a follow-up is replaced whole. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      json_builder_set_member_name (builder, names[i]);
      if (values[i] != NULL)
        json_builder_add_string_value (builder, values[i]);
      else
        json_builder_add_null_value (builder);
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The core checks a follow-up exactly as a kiosk will read it back. */
static FindingsFollowUp *
follow_up_from_node (JsonNode  *node,
                     GError   **error)
{
  g_autoptr(FindingsRecommendation) scratch = findings_recommendation_new (NULL);
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) local_error = NULL;
  FindingsFollowUp *follow_up;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_INVALID,
                           "A follow-up must be a JSON object with at least a state.");
      return NULL;
    }

  json_object_set_string_member (answer, "status", "open");
  json_object_set_member (answer, "follow_up", json_node_ref (node));
  json_node_set_object (root, answer);

  if (!findings_recommendation_apply_answer_json (scratch, root, &local_error))
    {
      findings_office_set_invalid (error, local_error);
      return NULL;
    }

  /* An object always gives a follow-up; null would have cleared it. */
  follow_up = findings_recommendation_get_follow_up (scratch);
  g_assert (follow_up != NULL);
  return g_object_ref (follow_up);
}

static char *
follow_up_to_text (FindingsFollowUp *follow_up)
{
  g_autoptr(JsonNode) node = follow_up_to_node (follow_up);

  return json_to_string (node, FALSE);
}

/* Days count on the site's calendar, from the moment the office received it. */
static char *
business_days_after (GDateTime  *received_at,
                     const char *timezone,
                     guint       days)
{
  g_autoptr(GTimeZone) tz = findings_time_zone_new_or_utc (timezone);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (received_at, tz);
  g_autoptr(GDate) date = NULL;
  int year;
  int month;
  int day;

  g_date_time_get_ymd (local, &year, &month, &day);
  date = g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);

  while (days > 0)
    {
      GDateWeekday weekday;

      g_date_add_days (date, 1);
      weekday = g_date_get_weekday (date);
      if (weekday != G_DATE_SATURDAY && weekday != G_DATE_SUNDAY)
        days--;
    }

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static FindingsFollowUp *
new_call_follow_up (GDateTime  *received_at,
                    const char *timezone)
{
  FindingsFollowUp *follow_up = findings_follow_up_new (FINDINGS_FOLLOW_UP_STATE_REQUESTED);
  g_autofree char *due_by = business_days_after (received_at, timezone, CALL_BUSINESS_DAYS);

  findings_follow_up_set_due_by (follow_up, due_by);
  findings_follow_up_set_updated_at (follow_up, received_at);
  return follow_up;
}

static JsonNode *
build_recommendation_answer (const char *recommendation_id,
                             const char *status,
                             const char *follow_up,
                             GError    **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, recommendation_id);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  json_builder_set_member_name (builder, "follow_up");

  if (follow_up != NULL)
    {
      JsonNode *node = findings_office_parse_stored (follow_up, error);

      if (node == NULL)
        return NULL;
      json_builder_add_value (builder, node);
    }
  else
    {
      json_builder_add_null_value (builder);
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static char *
answer_to_text (const char *first_name,
                JsonNode   *first,
                const char *second_name,
                JsonNode   *second)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);

  json_object_set_member (object, first_name, json_node_ref (first));
  if (second_name != NULL)
    json_object_set_member (object, second_name, json_node_ref (second));
  json_node_set_object (root, object);

  return json_to_string (root, FALSE);
}

/* The visit counts as changed, so that kiosks pull it again. */
static gboolean
touch_visit (FindingsOfficeDb  *self,
             const char        *visit_id,
             GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 seq;

  if (!findings_office_db_next_change (self, &seq, error))
    return FALSE;

  stmt = findings_office_db_prepare (self, "UPDATE visits SET change_seq = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, seq);
  findings_office_bind_text (stmt, 2, visit_id);
  return findings_office_db_step_done (self, stmt, error);
}

static gboolean
write_recommendation (FindingsOfficeDb  *self,
                      const char        *recommendation_id,
                      const char        *status,
                      const char        *follow_up,
                      GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = findings_office_db_prepare (self,
                                     "UPDATE recommendations SET status = ?, follow_up = ? "
                                     "WHERE id = ?",
                                     error);
  if (stmt == NULL)
    return FALSE;

  findings_office_bind_text (stmt, 1, status);
  findings_office_bind_text (stmt, 2, follow_up);
  findings_office_bind_text (stmt, 3, recommendation_id);
  return findings_office_db_step_done (self, stmt, error);
}

/* Only a recorded decision holds its key: a refused one may be sent again. */
static gboolean
find_replay (FindingsOfficeDb  *self,
             gint64             account_id,
             FindingsDecision  *decision,
             JsonNode          *root,
             char             **out_response,
             GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) first = NULL;
  const char *body;
  gboolean row;

  *out_response = NULL;

  stmt = findings_office_db_prepare (self,
                                     "SELECT body, response FROM decisions "
                                     "WHERE account_id = ? AND id = ?",
                                     error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  findings_office_bind_text (stmt, 2, findings_decision_get_id (decision));
  if (!findings_office_db_step_row (self, stmt, &row, error))
    return FALSE;
  if (!row)
    return TRUE;

  body = findings_office_column_text (stmt, 0);
  first = findings_office_parse_stored (body, error);
  if (first == NULL)
    return FALSE;

  if (!json_node_equal (first, root))
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_KEY_REUSED,
                   "Decision “%s” was already recorded with a different body.",
                   findings_decision_get_id (decision));
      return FALSE;
    }

  *out_response = g_strdup (findings_office_column_text (stmt, 1));
  return TRUE;
}

static gboolean
load_target (FindingsOfficeDb  *self,
             gint64             account_id,
             const char        *recommendation_id,
             Target            *target,
             GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean row;

  stmt = findings_office_db_prepare (self,
                                     "SELECT r.visit_id, r.status, r.follow_up, r.body, "
                                     "  v.timezone "
                                     "FROM recommendations r JOIN visits v ON v.id = r.visit_id "
                                     "WHERE r.id = ? AND r.account_id = ?",
                                     error);
  if (stmt == NULL)
    return FALSE;

  findings_office_bind_text (stmt, 1, recommendation_id);
  sqlite3_bind_int64 (stmt, 2, account_id);
  if (!findings_office_db_step_row (self, stmt, &row, error))
    return FALSE;

  /* Another account's recommendation is as unknown as one that does not exist. */
  if (!row)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_NOT_FOUND,
                   "recommendation_id: there is no recommendation “%s”.", recommendation_id);
      return FALSE;
    }

  target->visit_id = g_strdup (findings_office_column_text (stmt, 0));
  target->status = g_strdup (findings_office_column_text (stmt, 1));
  target->follow_up = g_strdup (findings_office_column_text (stmt, 2));
  target->body = g_strdup (findings_office_column_text (stmt, 3));
  target->timezone = g_strdup (findings_office_column_text (stmt, 4));
  return TRUE;
}

static void
add_options (FindingsRecommendation *recommendation,
             JsonObject             *document)
{
  JsonArray *options = json_object_get_array_member (document, "options");

  for (guint i = 0; i < json_array_get_length (options); i++)
    {
      JsonObject *option = json_array_get_object_element (options, i);
      g_autoptr(FindingsOption) model = NULL;

      model = findings_option_new (json_object_get_string_member (option, "id"));
      findings_recommendation_add_option (recommendation, model);
    }
}

static const char *
quote_valid_until (JsonObject *document)
{
  JsonNode *quote = json_object_get_member (document, "quote");
  JsonNode *valid_until;

  if (quote == NULL || !JSON_NODE_HOLDS_OBJECT (quote))
    return NULL;

  valid_until = json_object_get_member (json_node_get_object (quote), "valid_until");
  if (valid_until == NULL || !JSON_NODE_HOLDS_VALUE (valid_until))
    return NULL;

  return json_node_get_string (valid_until);
}

/* Just enough of the model for the core to judge options and expiry as the
 * kiosk does. The stored document passed the visit parser on upload. */
static FindingsVisit *
build_model (Target      *target,
             const char  *recommendation_id,
             GError     **error)
{
  g_autoptr(JsonNode) root = findings_office_parse_stored (target->body, error);
  g_autoptr(FindingsVisit) visit = NULL;
  g_autoptr(FindingsSite) site = NULL;
  g_autoptr(FindingsRecommendation) recommendation = NULL;
  FindingsStatus status = FINDINGS_STATUS_OPEN;
  JsonObject *document;

  if (root == NULL)
    return NULL;

  document = json_node_get_object (root);
  site = findings_site_new (NULL);
  findings_site_set_timezone (site, target->timezone);
  visit = findings_visit_new (target->visit_id);
  findings_visit_set_site (visit, site);

  recommendation = findings_recommendation_new (recommendation_id);
  findings_status_from_string (target->status, &status);
  findings_recommendation_set_status (recommendation, status);
  add_options (recommendation, document);

  findings_recommendation_set_quote_valid_until (recommendation, quote_valid_until (document));

  findings_visit_add_recommendation (visit, recommendation);
  return g_steal_pointer (&visit);
}

static gboolean
check_target (FindingsDecision        *decision,
              FindingsRecommendation  *recommendation,
              Target                  *target,
              GError                 **error)
{
  const char *option_id = findings_decision_get_option_id (decision);

  if (option_id != NULL && findings_recommendation_find_option (recommendation, option_id) == NULL)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_UNKNOWN_OPTION,
                   "option_id: “%s” is not an option of recommendation “%s”.",
                   option_id, findings_recommendation_get_id (recommendation));
      return FALSE;
    }

  if (g_strcmp0 (findings_decision_get_visit_id (decision), target->visit_id) != 0)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_VISIT_MISMATCH,
                   "visit_id: recommendation “%s” belongs to another visit.",
                   findings_recommendation_get_id (recommendation));
      return FALSE;
    }

  return TRUE;
}

static gboolean
fail_rule (GError              **error,
           FindingsOfficeError   code,
           const char           *message)
{
  g_set_error_literal (error, FINDINGS_OFFICE_ERROR, code, message);
  return FALSE;
}

static gboolean
check_rules (FindingsDecision        *decision,
             FindingsRecommendation  *recommendation,
             GError                 **error)
{
  switch (findings_recommendation_get_status (recommendation))
    {
    case FINDINGS_STATUS_OPEN:
    case FINDINGS_STATUS_DECLINED:
    case FINDINGS_STATUS_CALL_REQUESTED:
      break;
    case FINDINGS_STATUS_ACCEPTED:
    case FINDINGS_STATUS_SCHEDULED:
    case FINDINGS_STATUS_COMPLETED:
      return fail_rule (error, FINDINGS_OFFICE_ERROR_ALREADY_ACCEPTED,
                        "This recommendation has already been accepted.");
    case FINDINGS_STATUS_WITHDRAWN:
      return fail_rule (error, FINDINGS_OFFICE_ERROR_WITHDRAWN,
                        "This recommendation has been withdrawn.");
    default:
      g_assert_not_reached ();
    }

  /* Judged when the customer decided, even if the kiosk was offline since. */
  if (findings_decision_get_action (decision) == FINDINGS_ACTION_ACCEPT &&
      findings_recommendation_is_quote_expired (recommendation,
                                                findings_decision_get_decided_at (decision)))
    return fail_rule (error, FINDINGS_OFFICE_ERROR_QUOTE_EXPIRED,
                      "The quote had expired when the decision was made.");

  return TRUE;
}

static const char *
status_after (FindingsDecision *decision)
{
  switch (findings_decision_get_action (decision))
    {
    case FINDINGS_ACTION_ACCEPT:
      return findings_status_to_string (FINDINGS_STATUS_ACCEPTED);
    case FINDINGS_ACTION_DECLINE:
      return findings_status_to_string (FINDINGS_STATUS_DECLINED);
    case FINDINGS_ACTION_REQUEST_CALL:
      return findings_status_to_string (FINDINGS_STATUS_CALL_REQUESTED);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
insert_decision (FindingsOfficeDb  *self,
                 gint64             account_id,
                 FindingsDecision  *decision,
                 const char        *data,
                 gsize              length,
                 const char        *response,
                 GDateTime         *received_at,
                 GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *created_at = findings_office_format_time (received_at);

  stmt = findings_office_db_prepare (self,
                                     "INSERT INTO decisions (account_id, id, recommendation_id, "
                                     "  action, body, response, created_at) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?)",
                                     error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  findings_office_bind_text (stmt, 2, findings_decision_get_id (decision));
  findings_office_bind_text (stmt, 3, findings_decision_get_recommendation_id (decision));
  findings_office_bind_text (stmt, 4,
                             findings_action_to_string (findings_decision_get_action (decision)));
  sqlite3_bind_text64 (stmt, 5, data, length, SQLITE_STATIC, SQLITE_UTF8);
  findings_office_bind_text (stmt, 6, response);
  findings_office_bind_text (stmt, 7, created_at);
  return findings_office_db_step_done (self, stmt, error);
}

/* The decision applies: new status, a fresh follow-up for a call request. */
static char *
apply_decision (FindingsOfficeDb  *self,
                FindingsDecision  *decision,
                JsonNode          *root,
                Target            *target,
                GDateTime         *received_at,
                GError           **error)
{
  const char *recommendation_id = findings_decision_get_recommendation_id (decision);
  const char *status = status_after (decision);
  g_autofree char *follow_up = g_steal_pointer (&target->follow_up);
  g_autoptr(JsonNode) recommendation = NULL;

  if (findings_decision_get_action (decision) == FINDINGS_ACTION_REQUEST_CALL)
    {
      g_autoptr(FindingsFollowUp) call = new_call_follow_up (received_at, target->timezone);

      g_free (follow_up);
      follow_up = follow_up_to_text (call);
    }

  recommendation = build_recommendation_answer (recommendation_id, status, follow_up, error);
  if (recommendation == NULL ||
      !write_recommendation (self, recommendation_id, status, follow_up, error) ||
      !touch_visit (self, target->visit_id, error))
    return NULL;

  return answer_to_text ("decision", root, "recommendation", recommendation);
}

static char *
decide (FindingsOfficeDb  *self,
        gint64             account_id,
        FindingsDecision  *decision,
        JsonNode          *root,
        const char        *data,
        gsize              length,
        GDateTime         *received_at,
        gboolean          *out_replayed,
        GError           **error)
{
  const char *recommendation_id = findings_decision_get_recommendation_id (decision);
  g_auto(Target) target = { 0 };
  g_autoptr(FindingsVisit) model = NULL;
  g_autofree char *response = NULL;
  FindingsRecommendation *recommendation;

  if (!find_replay (self, account_id, decision, root, &response, error))
    return NULL;
  if (response != NULL)
    {
      *out_replayed = TRUE;
      return g_steal_pointer (&response);
    }

  if (!load_target (self, account_id, recommendation_id, &target, error))
    return NULL;

  model = build_model (&target, recommendation_id, error);
  if (model == NULL)
    return NULL;

  recommendation = findings_visit_find_recommendation (model, recommendation_id);
  if (!check_target (decision, recommendation, &target, error) ||
      !check_rules (decision, recommendation, error))
    return NULL;

  response = apply_decision (self, decision, root, &target, received_at, error);
  if (response == NULL ||
      !insert_decision (self, account_id, decision, data, length, response, received_at, error))
    return NULL;

  *out_replayed = FALSE;
  return g_steal_pointer (&response);
}

/**
 * findings_office_db_record_decision:
 * @account_id: the kiosk's account
 * @key: the request's idempotency key, unquoted
 * @data: the decision document as received
 * @length: its length in bytes
 * @received_at: when the office received it
 * @out_replayed: (out): %TRUE when this is the answer to an earlier request
 * @error: return location for a %FINDINGS_OFFICE_ERROR
 *
 * Records one decision, in the order of checks of the office API. The same key
 * with an equivalent body answers the first answer again.
 *
 * Returns: (transfer full) (nullable): the answer, `{"decision", "recommendation"}`
 */
char *
findings_office_db_record_decision (FindingsOfficeDb  *self,
                                    gint64             account_id,
                                    const char        *key,
                                    const char        *data,
                                    gsize              length,
                                    GDateTime         *received_at,
                                    gboolean          *out_replayed,
                                    GError           **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(FindingsDecision) decision = NULL;
  g_autoptr(GError) local_error = NULL;
  char *response;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (received_at != NULL, NULL);

  root = findings_json_parse_strict (data, length, FINDINGS_OFFICE_MAX_JSON_BODY,
                                     FINDINGS_JSON_MAX_DEPTH, &local_error);
  if (root != NULL)
    decision = findings_decision_new_from_json (root, &local_error);
  if (decision == NULL)
    {
      findings_office_set_invalid (error, local_error);
      return NULL;
    }

  if (g_strcmp0 (key, findings_decision_get_id (decision)) != 0)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_KEY_MISMATCH,
                   "The Idempotency-Key is not the decision's id “%s”.",
                   findings_decision_get_id (decision));
      return NULL;
    }

  if (!findings_office_db_begin (self, error))
    return NULL;

  response = decide (self, account_id, decision, root, data, length, received_at, out_replayed,
                     error);
  return findings_office_db_end (self, response, g_free, error);
}

static char *
replace_follow_up (FindingsOfficeDb  *self,
                   const char        *recommendation_id,
                   const char        *follow_up,
                   GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) recommendation = NULL;
  g_autofree char *visit_id = NULL;
  g_autofree char *status = NULL;
  gboolean row;

  stmt = findings_office_db_prepare (self,
                                     "SELECT visit_id, status FROM recommendations WHERE id = ?",
                                     error);
  if (stmt == NULL)
    return NULL;

  findings_office_bind_text (stmt, 1, recommendation_id);
  if (!findings_office_db_step_row (self, stmt, &row, error))
    return NULL;
  if (!row)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_NOT_FOUND,
                   "There is no recommendation “%s”.", recommendation_id);
      return NULL;
    }

  visit_id = g_strdup (findings_office_column_text (stmt, 0));
  status = g_strdup (findings_office_column_text (stmt, 1));

  /* The follow-up is the office's side of the conversation: the status stays. */
  recommendation = build_recommendation_answer (recommendation_id, status, follow_up, error);
  if (recommendation == NULL ||
      !write_recommendation (self, recommendation_id, status, follow_up, error) ||
      !touch_visit (self, visit_id, error))
    return NULL;

  return answer_to_text ("recommendation", recommendation, NULL, NULL);
}

/**
 * findings_office_db_set_follow_up:
 * @recommendation_id: any account's recommendation
 * @follow_up: the new follow-up, `{"state", "owner", "due_by", "message"}`
 * @now: the time it is set, which becomes its `updated_at`
 * @error: return location for a %FINDINGS_OFFICE_ERROR
 *
 * Replaces the whole follow-up of one recommendation: absent members become null.
 *
 * Returns: (transfer full) (nullable): the answer, `{"recommendation"}`
 */
char *
findings_office_db_set_follow_up (FindingsOfficeDb  *self,
                                  const char        *recommendation_id,
                                  JsonNode          *follow_up,
                                  GDateTime         *now,
                                  GError           **error)
{
  g_autoptr(FindingsFollowUp) model = NULL;
  g_autofree char *text = NULL;
  char *response;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), NULL);
  g_return_val_if_fail (recommendation_id != NULL, NULL);
  g_return_val_if_fail (follow_up != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  model = follow_up_from_node (follow_up, error);
  if (model == NULL)
    return NULL;

  findings_follow_up_set_updated_at (model, now);
  text = follow_up_to_text (model);

  if (!findings_office_db_begin (self, error))
    return NULL;

  response = replace_follow_up (self, recommendation_id, text, error);
  return findings_office_db_end (self, response, g_free, error);
}

static FindingsOfficeCall *
read_call (sqlite3_stmt  *stmt,
           GError       **error)
{
  g_autoptr(FindingsOfficeCall) call = g_new0 (FindingsOfficeCall, 1);
  const char *follow_up = findings_office_column_text (stmt, 2);

  call->recommendation_id = g_strdup (findings_office_column_text (stmt, 0));
  call->visit_id = g_strdup (findings_office_column_text (stmt, 1));
  call->received_at = findings_office_parse_time (findings_office_column_text (stmt, 3));
  call->name = g_strdup (findings_office_column_text (stmt, 4));
  call->phone = g_strdup (findings_office_column_text (stmt, 5));
  call->best_time = g_strdup (findings_office_column_text (stmt, 6));

  if (follow_up != NULL)
    {
      g_autoptr(JsonNode) node = findings_office_parse_stored (follow_up, error);

      if (node == NULL)
        return NULL;
      call->follow_up = follow_up_from_node (node, error);
      if (call->follow_up == NULL)
        return NULL;
    }

  return g_steal_pointer (&call);
}

/**
 * findings_office_db_list_calls:
 *
 * The recommendations waiting for the office's call, oldest request first.
 *
 * Returns: (transfer full) (element-type FindingsOfficeCall) (nullable): the calls
 */
GPtrArray *
findings_office_db_list_calls (FindingsOfficeDb  *self,
                               GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  gboolean row;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), NULL);

  stmt = findings_office_db_prepare (self,
                                     "SELECT r.id, r.visit_id, r.follow_up, d.created_at, "
                                     "  json_extract (d.body, '$.decided_by.name'), "
                                     "  json_extract (d.body, '$.call.phone'), "
                                     "  json_extract (d.body, '$.call.best_time') "
                                     "FROM recommendations r JOIN decisions d ON d.rowid = ("
                                     "  SELECT MAX (rowid) FROM decisions "
                                     "  WHERE recommendation_id = r.id "
                                     "    AND action = 'request_call') "
                                     "WHERE r.status = 'call_requested' "
                                     "ORDER BY d.created_at",
                                     error);
  if (stmt == NULL)
    return NULL;

  calls = g_ptr_array_new_with_free_func ((GDestroyNotify) findings_office_call_free);

  for (;;)
    {
      FindingsOfficeCall *call;

      if (!findings_office_db_step_row (self, stmt, &row, error))
        return NULL;
      if (!row)
        return g_steal_pointer (&calls);

      call = read_call (stmt, error);
      if (call == NULL)
        return NULL;
      g_ptr_array_add (calls, call);
    }
}
