/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-office"

#include "config.h"

#include "findings-decision.h"
#include "findings-json-check.h"
#include "findings-office-db-private.h"
#include "findings-protocol.h"
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

/* The core checks a follow-up exactly as a kiosk will read it back. */
static FindingsFollowUp *
follow_up_from_node (JsonNode  *node,
                     GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  FindingsFollowUp *follow_up;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_INVALID,
                           "A follow-up must be a JSON object with at least a state.");
      return NULL;
    }

  follow_up = findings_follow_up_new_from_json (node, "follow_up", &local_error);
  if (follow_up == NULL)
    _findings_office_set_invalid (error, local_error);

  return follow_up;
}

static char *
follow_up_to_text (FindingsFollowUp *follow_up)
{
  g_autoptr(JsonNode) node = findings_follow_up_to_json (follow_up);

  return json_to_string (node, FALSE);
}

/* Days count on the site's calendar, from the moment the office received it. */
static char *
business_days_after (GDateTime  *received_at,
                     const char *timezone,
                     guint       days)
{
  g_autoptr(GTimeZone) tz = findings_protocol_new_time_zone (timezone);
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
      JsonNode *node = _findings_office_parse_stored (follow_up, error);

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

static gboolean
write_recommendation (FindingsOfficeDb  *self,
                      const char        *recommendation_id,
                      const char        *status,
                      const char        *follow_up,
                      GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;

  stmt = findings_office_sql_prepare (self->sql,
                                      "UPDATE recommendations SET status = ?, follow_up = ? "
                                      "WHERE id = ?",
                                      error);
  if (stmt == NULL)
    return FALSE;

  if (!findings_office_stmt_bind (stmt, error, "sss", status, follow_up, recommendation_id))
    return FALSE;
  return findings_office_stmt_run (stmt, error);
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
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  g_autoptr(JsonNode) first = NULL;
  const char *body;
  gboolean row;

  *out_response = NULL;

  stmt = findings_office_sql_prepare (self->sql,
                                      "SELECT body, response FROM decisions "
                                      "WHERE account_id = ? AND id = ?",
                                      error);
  if (stmt == NULL)
    return FALSE;

  if (!findings_office_stmt_bind (stmt, error, "is", account_id,
                                  findings_decision_get_id (decision)) ||
      !findings_office_stmt_step (stmt, &row, error))
    return FALSE;
  if (!row)
    return TRUE;

  body = findings_office_stmt_text (stmt, 0);
  first = _findings_office_parse_stored (body, error);
  if (first == NULL)
    return FALSE;

  if (!json_node_equal (first, root))
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_KEY_REUSED,
                   "Decision “%s” was already recorded with a different body.",
                   findings_decision_get_id (decision));
      return FALSE;
    }

  *out_response = g_strdup (findings_office_stmt_text (stmt, 1));
  return TRUE;
}

static gboolean
load_target (FindingsOfficeDb  *self,
             gint64             account_id,
             const char        *recommendation_id,
             Target            *target,
             GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  gboolean row;

  stmt = findings_office_sql_prepare (self->sql,
                                      "SELECT r.visit_id, r.status, r.follow_up, r.body, "
                                      "  v.timezone "
                                      "FROM recommendations r JOIN visits v ON v.id = r.visit_id "
                                      "WHERE r.id = ? AND r.account_id = ?",
                                      error);
  if (stmt == NULL)
    return FALSE;

  if (!findings_office_stmt_bind (stmt, error, "si", recommendation_id, account_id) ||
      !findings_office_stmt_step (stmt, &row, error))
    return FALSE;

  /* Another account's recommendation is as unknown as one that does not exist. */
  if (!row)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_NOT_FOUND,
                   "recommendation_id: there is no recommendation “%s”.", recommendation_id);
      return FALSE;
    }

  target->visit_id = g_strdup (findings_office_stmt_text (stmt, 0));
  target->status = g_strdup (findings_office_stmt_text (stmt, 1));
  target->follow_up = g_strdup (findings_office_stmt_text (stmt, 2));
  target->body = g_strdup (findings_office_stmt_text (stmt, 3));
  target->timezone = g_strdup (findings_office_stmt_text (stmt, 4));
  return TRUE;
}

/* The recommendation as the kiosk has it, with the office's status, in a visit with
 * its site's zone: the core then judges options and expiry exactly as the kiosk does.
 * The stored document passed the visit parser on upload. */
static FindingsVisit *
build_model (Target      *target,
             GError     **error)
{
  g_autoptr(JsonNode) root = _findings_office_parse_stored (target->body, error);
  g_autoptr(FindingsVisit) visit = NULL;
  g_autoptr(FindingsSite) site = NULL;
  g_autoptr(FindingsRecommendation) recommendation = NULL;
  FindingsStatus status = FINDINGS_STATUS_OPEN;

  if (root == NULL)
    return NULL;

  recommendation = findings_recommendation_new_from_json (root, "recommendation", error);
  if (recommendation == NULL)
    return NULL;

  findings_status_from_string (target->status, &status);
  findings_recommendation_set_status (recommendation, status);

  site = findings_site_new (NULL);
  findings_site_set_timezone (site, target->timezone);
  visit = findings_visit_new (target->visit_id);
  findings_visit_set_site (visit, site);
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

/* The API's 409 rules, judged by the core as the kiosk's buttons are. */
static const struct
{
  FindingsProblem      problem;
  FindingsOfficeError  code;
  const char          *message;
} refusals[] = {
  { FINDINGS_PROBLEM_ALREADY_ACCEPTED, FINDINGS_OFFICE_ERROR_ALREADY_ACCEPTED,
    "This recommendation has already been accepted." },
  { FINDINGS_PROBLEM_WITHDRAWN, FINDINGS_OFFICE_ERROR_WITHDRAWN,
    "This recommendation has been withdrawn." },
  { FINDINGS_PROBLEM_QUOTE_EXPIRED, FINDINGS_OFFICE_ERROR_QUOTE_EXPIRED,
    "The quote had expired when the decision was made." },
};

static gboolean
check_rules (FindingsDecision        *decision,
             FindingsRecommendation  *recommendation,
             GError                 **error)
{
  FindingsProblem problem;

  problem = findings_recommendation_check_decision (recommendation,
                                                    findings_decision_get_action (decision),
                                                    findings_decision_get_decided_at (decision));
  if (problem == FINDINGS_PROBLEM_NONE)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      if (refusals[i].problem == problem)
        {
          g_set_error_literal (error, FINDINGS_OFFICE_ERROR, refusals[i].code,
                               refusals[i].message);
          return FALSE;
        }
    }

  g_assert_not_reached ();
}

static const char *
status_after (FindingsDecision *decision)
{
  return findings_status_to_string (findings_action_get_status (
                                      findings_decision_get_action (decision)));
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
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  g_autofree char *created_at = _findings_office_format_stored_time (received_at);

  stmt = findings_office_sql_prepare (self->sql,
                                      "INSERT INTO decisions (account_id, id, recommendation_id, "
                                      "  action, body, response, created_at) "
                                      "VALUES (?, ?, ?, ?, ?, ?, ?)",
                                      error);
  if (stmt == NULL)
    return FALSE;

  if (!findings_office_stmt_bind (stmt, error, "isssnss", account_id,
                                  findings_decision_get_id (decision),
                                  findings_decision_get_recommendation_id (decision),
                                  findings_action_to_string (
                                    findings_decision_get_action (decision)),
                                  data, length, response, created_at))
    return FALSE;
  return findings_office_stmt_run (stmt, error);
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
      !_findings_office_db_touch_visit (self, target->visit_id, error))
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

  model = build_model (&target, error);
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

static char *
record_decision (FindingsOfficeDb  *self,
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

  root = findings_json_parse_strict (data, length, FINDINGS_PROTOCOL_MAX_BODY,
                                     FINDINGS_PROTOCOL_MAX_DEPTH, &local_error);
  if (root != NULL)
    decision = findings_decision_new_from_json (root, &local_error);
  if (decision == NULL)
    {
      _findings_office_set_invalid (error, local_error);
      return NULL;
    }

  if (g_strcmp0 (key, findings_decision_get_id (decision)) != 0)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_KEY_MISMATCH,
                   "The Idempotency-Key is not the decision's id “%s”.",
                   findings_decision_get_id (decision));
      return NULL;
    }

  if (!findings_office_sql_begin (self->sql, error))
    return NULL;

  response = decide (self, account_id, decision, root, data, length, received_at, out_replayed,
                     error);
  return _findings_office_db_end (self, response, g_free, error);
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
  g_autoptr(GError) local_error = NULL;
  char *result;

  result = record_decision (self, account_id, key, data, length, received_at, out_replayed,
                            &local_error);
  if (result == NULL)
    _findings_office_db_propagate (error, g_steal_pointer (&local_error));

  return result;
}

static char *
replace_follow_up (FindingsOfficeDb  *self,
                   const char        *recommendation_id,
                   const char        *follow_up,
                   GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  g_autoptr(JsonNode) recommendation = NULL;
  g_autofree char *visit_id = NULL;
  g_autofree char *status = NULL;
  gboolean row;

  stmt = findings_office_sql_prepare (self->sql,
                                      "SELECT visit_id, status FROM recommendations WHERE id = ?",
                                      error);
  if (stmt == NULL)
    return NULL;

  if (!findings_office_stmt_bind (stmt, error, "s", recommendation_id) ||
      !findings_office_stmt_step (stmt, &row, error))
    return NULL;
  if (!row)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_NOT_FOUND,
                   "There is no recommendation “%s”.", recommendation_id);
      return NULL;
    }

  visit_id = g_strdup (findings_office_stmt_text (stmt, 0));
  status = g_strdup (findings_office_stmt_text (stmt, 1));

  /* The follow-up is the office's side of the conversation: the status stays. */
  recommendation = build_recommendation_answer (recommendation_id, status, follow_up, error);
  if (recommendation == NULL ||
      !write_recommendation (self, recommendation_id, status, follow_up, error) ||
      !_findings_office_db_touch_visit (self, visit_id, error))
    return NULL;

  return answer_to_text ("recommendation", recommendation, NULL, NULL);
}

static char *
set_follow_up (FindingsOfficeDb  *self,
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

  if (!findings_office_sql_begin (self->sql, error))
    return NULL;

  response = replace_follow_up (self, recommendation_id, text, error);
  return _findings_office_db_end (self, response, g_free, error);
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
  g_autoptr(GError) local_error = NULL;
  char *result;

  result = set_follow_up (self, recommendation_id, follow_up, now, &local_error);
  if (result == NULL)
    _findings_office_db_propagate (error, g_steal_pointer (&local_error));

  return result;
}

static FindingsOfficeCall *
read_call (FindingsOfficeStmt  *stmt,
           GError             **error)
{
  g_autoptr(FindingsOfficeCall) call = g_new0 (FindingsOfficeCall, 1);
  const char *follow_up = findings_office_stmt_text (stmt, 2);
  g_autoptr(JsonNode) decision = NULL;
  g_autoptr(FindingsDecision) model = NULL;

  call->recommendation_id = g_strdup (findings_office_stmt_text (stmt, 0));
  call->visit_id = g_strdup (findings_office_stmt_text (stmt, 1));
  call->received_at = findings_protocol_parse_time (findings_office_stmt_text (stmt, 3));

  /* The decision passed the core's reader when it was recorded. */
  decision = _findings_office_parse_stored (findings_office_stmt_text (stmt, 4), error);
  if (decision == NULL)
    return NULL;
  model = findings_decision_new_from_json (decision, error);
  if (model == NULL)
    return NULL;
  call->name = g_strdup (findings_decision_get_decided_by_name (model));
  call->phone = g_strdup (findings_decision_get_call_phone (model));
  call->best_time = g_strdup (findings_decision_get_call_best_time (model));

  if (follow_up != NULL)
    {
      g_autoptr(JsonNode) node = _findings_office_parse_stored (follow_up, error);

      if (node == NULL)
        return NULL;
      call->follow_up = follow_up_from_node (node, error);
      if (call->follow_up == NULL)
        return NULL;
    }

  return g_steal_pointer (&call);
}

static GPtrArray *
list_calls (FindingsOfficeDb  *self,
            GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  gboolean row;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), NULL);

  stmt = findings_office_sql_prepare (self->sql,
                                      "SELECT r.id, r.visit_id, r.follow_up, d.created_at, d.body "
                                      "FROM recommendations r JOIN decisions d "
                                      "  ON d.account_id = r.account_id AND d.id = ("
                                      "    SELECT id FROM decisions "
                                      "    WHERE recommendation_id = r.id "
                                      "      AND action = 'request_call' "
                                      "    ORDER BY created_at DESC, id DESC LIMIT 1) "
                                      "WHERE r.status = 'call_requested' "
                                      "ORDER BY d.created_at",
                                      error);
  if (stmt == NULL)
    return NULL;

  calls = g_ptr_array_new_with_free_func ((GDestroyNotify) findings_office_call_free);

  for (;;)
    {
      FindingsOfficeCall *call;

      if (!findings_office_stmt_step (stmt, &row, error))
        return NULL;
      if (!row)
        return g_steal_pointer (&calls);

      call = read_call (stmt, error);
      if (call == NULL)
        return NULL;
      g_ptr_array_add (calls, call);
    }
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
  g_autoptr(GError) local_error = NULL;
  GPtrArray *result;

  result = list_calls (self, &local_error);
  if (result == NULL)
    _findings_office_db_propagate (error, g_steal_pointer (&local_error));

  return result;
}
