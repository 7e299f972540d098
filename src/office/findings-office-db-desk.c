/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-office"

#include "config.h"

#include <string.h>

#include "findings-office-db-desk.h"
#include "findings-office-db-private.h"
#include "findings-protocol.h"

/* Technician tokens and their leads (API 1.1), the office's note, and the desk.
 * The SQL here is the subset SQLite and PostgreSQL share: `?` placeholders, no
 * JSON functions, times as RFC 3339 text computed in C. */

#define LEADS_PAGE_VISITS  50

/* The columns a FindingsOfficeDeskRow is read from, in order. */
#define ROW_COLUMNS \
  "r.id, r.visit_id, r.account_id, a.name, s.name, v.timezone, r.status, r.body, " \
  "r.follow_up, r.office_note, v.technician_id "
#define ROW_TABLES \
  "FROM recommendations r " \
  "JOIN visits v ON v.id = r.visit_id " \
  "JOIN sites s ON s.id = v.site_id " \
  "JOIN accounts a ON a.id = r.account_id "
/* The latest decision of a recommendation, of any action or of one. */
#define LATEST_DECISION(action_test) \
  "(SELECT d2.id FROM decisions d2 WHERE d2.recommendation_id = r.id " action_test \
  " ORDER BY d2.created_at DESC LIMIT 1)"

void
findings_office_desk_row_free (FindingsOfficeDeskRow *row)
{
  if (row == NULL)
    return;

  g_free (row->recommendation_id);
  g_free (row->visit_id);
  g_free (row->account_name);
  g_free (row->site_name);
  g_free (row->time_zone);
  g_free (row->status);
  g_free (row->recommendation);
  g_free (row->follow_up);
  g_free (row->office_note);
  g_free (row->decision);
  g_free (row->received_at);
  g_free (row->technician_id);
  g_free (row);
}

/* Reads ROW_COLUMNS from column 0, then a decision's body and time if asked. */
static FindingsOfficeDeskRow *
read_row (FindingsOfficeStmt *stmt,
          gboolean      with_decision)
{
  FindingsOfficeDeskRow *row = g_new0 (FindingsOfficeDeskRow, 1);

  row->recommendation_id = findings_office_stmt_dup_text (stmt, 0);
  row->visit_id = findings_office_stmt_dup_text (stmt, 1);
  row->account_id = findings_office_stmt_int (stmt, 2);
  row->account_name = findings_office_stmt_dup_text (stmt, 3);
  row->site_name = findings_office_stmt_dup_text (stmt, 4);
  row->time_zone = findings_office_stmt_dup_text (stmt, 5);
  row->status = findings_office_stmt_dup_text (stmt, 6);
  row->recommendation = findings_office_stmt_dup_text (stmt, 7);
  row->follow_up = findings_office_stmt_dup_text (stmt, 8);
  row->office_note = findings_office_stmt_dup_text (stmt, 9);
  row->technician_id = findings_office_stmt_dup_text (stmt, 10);
  if (with_decision)
    {
      row->decision = findings_office_stmt_dup_text (stmt, 11);
      row->received_at = findings_office_stmt_dup_text (stmt, 12);
    }

  return row;
}

static GPtrArray *
read_rows (FindingsOfficeStmt *stmt,
           gboolean       with_decision,
           GError       **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  gboolean row;

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) findings_office_desk_row_free);
  for (;;)
    {
      if (!findings_office_stmt_step (stmt, &row, error))
        return NULL;
      if (!row)
        return g_steal_pointer (&rows);
      g_ptr_array_add (rows, read_row (stmt, with_decision));
    }
}

/* Storage failures in the office's own domain, as its other files report them. */
static gpointer
propagate_null (gpointer   result,
                GError   **local_error,
                GError   **error)
{
  if (result == NULL && *local_error != NULL)
    _findings_office_db_propagate (error, g_steal_pointer (local_error));
  else
    g_clear_error (local_error);

  return result;
}

static gboolean
propagate_bool (gboolean   ok,
                GError   **local_error,
                GError   **error)
{
  if (!ok && *local_error != NULL)
    return _findings_office_db_propagate (error, g_steal_pointer (local_error));

  g_clear_error (local_error);
  return ok;
}


/*
 * Technician tokens
 */

static char *
add_technician_token (FindingsOfficeDb  *self,
                      const char        *technician_id,
                      GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;

  if (technician_id == NULL || *technician_id == '\0' ||
      !g_utf8_validate (technician_id, -1, NULL) ||
      g_utf8_strlen (technician_id, -1) > FINDINGS_PROTOCOL_MAX_ID)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_INVALID,
                   "A technician id is UTF-8 text of 1 to %d characters.",
                   FINDINGS_PROTOCOL_MAX_ID);
      return NULL;
    }

  if (!findings_office_sql_begin (self->sql, error))
    return NULL;

  token = findings_office_db_add_token (self, FINDINGS_OFFICE_TOKEN_TECHNICIAN, 0, error);
  if (token == NULL)
    return _findings_office_db_end (self, NULL, g_free, error);

  stmt = findings_office_sql_prepare (self->sql,
                                      "UPDATE tokens SET technician_id = ? WHERE hash = ?", error);
  hash = _findings_office_db_hash_secret (token);
  if (stmt == NULL ||
      !findings_office_stmt_bind (stmt, error, "ss", technician_id, hash) ||
      !findings_office_stmt_run (stmt, error))
    return _findings_office_db_end (self, NULL, g_free, error);

  return _findings_office_db_end (self, g_steal_pointer (&token), g_free, error);
}

/**
 * findings_office_db_add_technician_token:
 * @technician_id: the technician, as visits name them in `technician.id`
 *
 * Makes a technician token bound to @technician_id: it uploads as any technician
 * token does, and also reads that technician's leads.
 *
 * Returns: (transfer full) (nullable): the token, shown once
 */
char *
findings_office_db_add_technician_token (FindingsOfficeDb  *self,
                                         const char        *technician_id,
                                         GError           **error)
{
  GError *local_error = NULL;
  char *result;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), NULL);

  result = add_technician_token (self, technician_id, &local_error);
  return propagate_null (result, &local_error, error);
}

static gboolean
lookup_technician (FindingsOfficeDb  *self,
                   const char        *token,
                   char             **out_technician_id,
                   GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  g_autofree char *hash = _findings_office_db_hash_secret (token);
  gboolean row;

  stmt = findings_office_sql_prepare (self->sql,
                                      "SELECT technician_id FROM tokens "
                                      "WHERE hash = ? AND kind = 'technician' AND revoked = 0",
                                      error);
  if (stmt == NULL ||
      !findings_office_stmt_bind (stmt, error, "s", hash) ||
      !findings_office_stmt_step (stmt, &row, error))
    return FALSE;

  if (!row)
    {
      g_set_error_literal (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_UNAUTHORIZED,
                           "The token is unknown or revoked.");
      return FALSE;
    }

  if (findings_office_stmt_is_null (stmt, 0))
    {
      g_set_error_literal (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_FORBIDDEN,
                           "This technician token names no technician; make one with "
                           "“token add --kind technician --technician ID”.");
      return FALSE;
    }

  *out_technician_id = findings_office_stmt_dup_text (stmt, 0);
  return TRUE;
}

/**
 * findings_office_db_lookup_technician:
 * @out_technician_id: (out): the technician the token is bound to
 *
 * A technician token bound to no technician is %FINDINGS_OFFICE_ERROR_FORBIDDEN;
 * any other unknown token %FINDINGS_OFFICE_ERROR_UNAUTHORIZED.
 */
gboolean
findings_office_db_lookup_technician (FindingsOfficeDb  *self,
                                      const char        *token,
                                      char             **out_technician_id,
                                      GError           **error)
{
  GError *local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), FALSE);
  g_return_val_if_fail (token != NULL, FALSE);

  ok = lookup_technician (self, token, out_technician_id, &local_error);
  return propagate_bool (ok, &local_error, error);
}


/*
 * Leads: API 1.1
 */

static JsonNode *
parse_or_null (const char  *text,
               GError     **error)
{
  if (text == NULL)
    return json_node_new (JSON_NODE_NULL);

  return _findings_office_parse_stored (text, error);
}

/* decided_at as the customer's kiosk wrote it, from the latest decision. */
static JsonNode *
decided_at_of (const char  *decision,
               GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  if (decision == NULL)
    return json_node_new (JSON_NODE_NULL);

  root = _findings_office_parse_stored (decision, error);
  if (root == NULL)
    return NULL;

  object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (object == NULL || !json_object_has_member (object, "decided_at"))
    return json_node_new (JSON_NODE_NULL);

  return json_node_copy (json_object_get_member (object, "decided_at"));
}

static JsonNode *
build_lead (FindingsOfficeStmt *stmt,
            GError       **error)
{
  g_autoptr(JsonObject) lead = json_object_new ();
  g_autoptr(JsonObject) site = json_object_new ();
  g_autoptr(JsonNode) body = NULL;
  JsonNode *follow_up;
  JsonNode *decided_at;
  JsonObject *document;
  JsonNode *root;

  body = _findings_office_parse_stored (findings_office_stmt_text (stmt, 4), error);
  if (body == NULL)
    return NULL;
  document = json_node_get_object (body);

  follow_up = parse_or_null (findings_office_stmt_text (stmt, 6), error);
  if (follow_up == NULL)
    return NULL;
  decided_at = decided_at_of (findings_office_stmt_text (stmt, 8), error);
  if (decided_at == NULL)
    {
      json_node_unref (follow_up);
      return NULL;
    }

  json_object_set_string_member (site, "id", findings_office_stmt_text (stmt, 2));
  json_object_set_string_member (site, "name", findings_office_stmt_text (stmt, 3));

  json_object_set_string_member (lead, "id", findings_office_stmt_text (stmt, 0));
  json_object_set_string_member (lead, "visit_id", findings_office_stmt_text (stmt, 1));
  json_object_set_object_member (lead, "site", json_object_ref (site));
  json_object_set_string_member (lead, "title",
                                 json_object_get_string_member (document, "title"));
  json_object_set_string_member (lead, "status", findings_office_stmt_text (stmt, 5));
  json_object_set_member (lead, "decided_at", decided_at);
  json_object_set_member (lead, "follow_up", follow_up);
  if (findings_office_stmt_text (stmt, 7) != NULL)
    json_object_set_string_member (lead, "office_note", findings_office_stmt_text (stmt, 7));
  else
    json_object_set_null_member (lead, "office_note");

  root = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (root, lead);
  return root;
}

static gboolean
add_visit_leads (FindingsOfficeDb  *self,
                 const char        *visit_id,
                 JsonArray         *leads,
                 GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  gboolean row;

  stmt = findings_office_sql_prepare (self->sql,
                                      "SELECT r.id, r.visit_id, s.id, s.name, r.body, r.status, "
                                      "  r.follow_up, r.office_note, d.body "
                                      "FROM recommendations r "
                                      "JOIN visits v ON v.id = r.visit_id "
                                      "JOIN sites s ON s.id = v.site_id "
                                      "LEFT JOIN decisions d ON d.account_id = r.account_id "
                                      "  AND d.id = " LATEST_DECISION ("") " "
                                      "WHERE r.visit_id = ? ORDER BY r.position",
                                      error);
  if (stmt == NULL || !findings_office_stmt_bind (stmt, error, "s", visit_id))
    return FALSE;

  for (;;)
    {
      JsonNode *lead;

      if (!findings_office_stmt_step (stmt, &row, error))
        return FALSE;
      if (!row)
        return TRUE;

      lead = build_lead (stmt, error);
      if (lead == NULL)
        return FALSE;
      json_array_add_element (leads, lead);
    }
}

static char *
build_leads_page (FindingsOfficeDb  *self,
                  const char        *technician_id,
                  gint64             since,
                  GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  g_autoptr(JsonArray) leads = json_array_new ();
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *cursor = NULL;
  guint visits = 0;
  gboolean more = FALSE;
  gboolean row;

  /* A visit changes with each decision, follow-up and note on it: its leads go out
   * again whole, as visits do to a kiosk. */
  stmt = findings_office_sql_prepare (self->sql,
                                      "SELECT visit_id, change_seq FROM visit_changes "
                                      "WHERE technician_id = ? AND change_seq > ? "
                                      "ORDER BY change_seq LIMIT ?",
                                      error);
  if (stmt == NULL ||
      !findings_office_stmt_bind (stmt, error, "sii", technician_id, since,
                                  (gint64) LEADS_PAGE_VISITS + 1))
    return NULL;

  for (;;)
    {
      if (!findings_office_stmt_step (stmt, &row, error))
        return NULL;
      if (!row)
        break;
      if (visits == LEADS_PAGE_VISITS)
        {
          more = TRUE;
          break;
        }

      if (!add_visit_leads (self, findings_office_stmt_text (stmt, 0), leads, error))
        return NULL;
      since = findings_office_stmt_int (stmt, 1);
      visits++;
    }

  cursor = _findings_office_db_format_cursor (since);
  json_object_set_array_member (answer, "recommendations", json_array_ref (leads));
  json_object_set_string_member (answer, "cursor", cursor);
  json_object_set_boolean_member (answer, "more", more);

  root = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (root, answer);
  return json_to_string (root, FALSE);
}

static char *
list_leads (FindingsOfficeDb  *self,
            const char        *technician_id,
            const char        *since,
            GError           **error)
{
  char *answer = NULL;
  gint64 last;
  gint64 seq;

  if (!findings_office_sql_begin_read (self->sql, error))
    return NULL;

  if (_findings_office_db_last_change (self, &last, error) &&
      _findings_office_db_parse_cursor (since, last, &seq, error))
    answer = build_leads_page (self, technician_id, seq, error);

  findings_office_sql_rollback (self->sql);
  return answer;
}

/**
 * findings_office_db_list_leads:
 * @technician_id: the technician whose visits' recommendations are listed
 * @since: (nullable): a cursor from an earlier answer, or %NULL for all
 *
 * One page of the technician's leads that changed after @since, across every
 * account. An empty @since is a malformed cursor.
 *
 * Returns: (transfer full) (nullable): `{"recommendations", "cursor", "more"}`
 */
char *
findings_office_db_list_leads (FindingsOfficeDb  *self,
                               const char        *technician_id,
                               const char        *since,
                               GError           **error)
{
  GError *local_error = NULL;
  char *result;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), NULL);
  g_return_val_if_fail (technician_id != NULL, NULL);

  result = list_leads (self, technician_id, since, &local_error);
  return propagate_null (result, &local_error, error);
}


/*
 * The office's note to the technician
 */

static gboolean
touch_visit (FindingsOfficeDb  *self,
             const char        *visit_id,
             GError           **error)
{
  /* visit_changes holds the number, apart from the visit's body. */
  return _findings_office_db_touch_visit (self, visit_id, error);
}

static char *
write_office_note (FindingsOfficeDb  *self,
                   const char        *recommendation_id,
                   const char        *note,
                   GDateTime         *now,
                   GError           **error)
{
  g_autoptr(FindingsOfficeStmt) select = NULL;
  g_autoptr(FindingsOfficeStmt) update = NULL;
  g_autoptr(JsonObject) recommendation = json_object_new ();
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *visit_id = NULL;
  g_autofree char *updated_at = _findings_office_format_stored_time (now);
  gboolean row;

  select = findings_office_sql_prepare (self->sql,
                                        "SELECT visit_id FROM recommendations WHERE id = ?",
                                        error);
  if (select == NULL ||
      !findings_office_stmt_bind (select, error, "s", recommendation_id) ||
      !findings_office_stmt_step (select, &row, error))
    return NULL;

  if (!row)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_NOT_FOUND,
                   "There is no recommendation “%s”.", recommendation_id);
      return NULL;
    }
  visit_id = findings_office_stmt_dup_text (select, 0);

  update = findings_office_sql_prepare (self->sql,
                                        "UPDATE recommendations SET office_note = ?, "
                                        "  office_note_updated_at = ? WHERE id = ?",
                                        error);
  if (update == NULL ||
      !findings_office_stmt_bind (update, error, "sss", note, updated_at, recommendation_id) ||
      !findings_office_stmt_run (update, error) ||
      !touch_visit (self, visit_id, error))
    return NULL;

  json_object_set_string_member (recommendation, "id", recommendation_id);
  if (note != NULL)
    json_object_set_string_member (recommendation, "office_note", note);
  else
    json_object_set_null_member (recommendation, "office_note");
  json_object_set_object_member (answer, "recommendation", json_object_ref (recommendation));

  root = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (root, answer);
  return json_to_string (root, FALSE);
}

static char *
set_office_note (FindingsOfficeDb  *self,
                 const char        *recommendation_id,
                 const char        *note,
                 GDateTime         *now,
                 GError           **error)
{
  char *answer;

  if (note != NULL &&
      (!g_utf8_validate (note, -1, NULL) ||
       g_utf8_strlen (note, -1) > FINDINGS_PROTOCOL_MAX_OFFICE_NOTE))
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_INVALID,
                   "note: at most %d characters of UTF-8 text.",
                   FINDINGS_PROTOCOL_MAX_OFFICE_NOTE);
      return NULL;
    }

  if (!findings_office_sql_begin (self->sql, error))
    return NULL;

  answer = write_office_note (self, recommendation_id, note, now, error);
  return _findings_office_db_end (self, answer, g_free, error);
}

/**
 * findings_office_db_set_office_note:
 * @recommendation_id: any account's recommendation
 * @note: (nullable): the office's word to the technician; %NULL or "" clears it
 * @now: when it is set
 *
 * Sets the note a technician reads with the recommendation's lead. It is never
 * in a visit: a kiosk does not see it.
 *
 * Returns: (transfer full) (nullable): `{"recommendation": {"id", "office_note"}}`
 */
char *
findings_office_db_set_office_note (FindingsOfficeDb  *self,
                                    const char        *recommendation_id,
                                    const char        *note,
                                    GDateTime         *now,
                                    GError           **error)
{
  GError *local_error = NULL;
  char *result;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), NULL);
  g_return_val_if_fail (recommendation_id != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (note != NULL && *note == '\0')
    note = NULL;

  result = set_office_note (self, recommendation_id, note, now, &local_error);
  return propagate_null (result, &local_error, error);
}


/*
 * The desk's sign-ins
 */

/**
 * findings_office_db_desk_new_form_value:
 *
 * A fresh random value for a form before sign-in (and its cookie).
 *
 * Returns: (transfer full) (nullable): 64 hexadecimal digits
 */
char *
findings_office_db_desk_new_form_value (GError **error)
{
  return _findings_office_db_new_secret (error);
}

static gboolean
is_office_token (FindingsOfficeDb  *self,
                 const char        *token,
                 GError           **error)
{
  FindingsOfficeTokenKind kind;
  gint64 account_id;
  g_autoptr(GError) local_error = NULL;

  if (!findings_office_db_lookup_token (self, token, &kind, &account_id, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (kind != FINDINGS_OFFICE_TOKEN_OFFICE)
    {
      /* The desk says no more to a kiosk's token than to a wrong one. */
      g_set_error_literal (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_UNAUTHORIZED,
                           "The token is unknown or revoked.");
      return FALSE;
    }

  return TRUE;
}

static gboolean
sign_in (FindingsOfficeDb  *self,
         const char        *token,
         GDateTime         *now,
         char             **out_session,
         char             **out_csrf,
         GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  g_autoptr(GDateTime) expires = g_date_time_add_hours (now, FINDINGS_OFFICE_DESK_SESSION_HOURS);
  g_autofree char *session = NULL;
  g_autofree char *csrf = NULL;
  g_autofree char *session_hash = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *created_at = _findings_office_format_stored_time (now);
  g_autofree char *expires_at = _findings_office_format_stored_time (expires);

  if (!is_office_token (self, token, error))
    return FALSE;

  session = _findings_office_db_new_secret (error);
  if (session == NULL)
    return FALSE;
  csrf = _findings_office_db_new_secret (error);
  if (csrf == NULL)
    return FALSE;

  session_hash = _findings_office_db_hash_secret (session);
  token_hash = _findings_office_db_hash_secret (token);

  if (!findings_office_sql_begin (self->sql, error))
    return FALSE;

  stmt = findings_office_sql_prepare (self->sql,
                                      "DELETE FROM desk_sessions WHERE expires_at < ?", error);
  if (stmt == NULL ||
      !findings_office_stmt_bind (stmt, error, "s", created_at) ||
      !findings_office_stmt_run (stmt, error))
    return _findings_office_db_end (self, NULL, NULL, error) != NULL;
  g_clear_pointer (&stmt, findings_office_stmt_release);

  stmt = findings_office_sql_prepare (self->sql,
                                      "INSERT INTO desk_sessions (hash, token_hash, csrf, "
                                      "  created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                                      error);
  if (stmt == NULL ||
      !findings_office_stmt_bind (stmt, error, "sssss", session_hash, token_hash, csrf, created_at,
                                  expires_at) ||
      !findings_office_stmt_run (stmt, error))
    return _findings_office_db_end (self, NULL, NULL, error) != NULL;

  if (!findings_office_sql_commit (self->sql, error))
    return FALSE;

  *out_session = g_steal_pointer (&session);
  *out_csrf = g_steal_pointer (&csrf);
  return TRUE;
}

/**
 * findings_office_db_desk_sign_in:
 * @token: what the person typed: it must be a live office token
 * @out_session: (out): the session's secret, for the cookie
 * @out_csrf: (out): the value each of the session's forms carries
 *
 * Only hashes are stored: the session's, and the token's, so that revoking the
 * token ends its sessions.
 */
gboolean
findings_office_db_desk_sign_in (FindingsOfficeDb  *self,
                                 const char        *token,
                                 GDateTime         *now,
                                 char             **out_session,
                                 char             **out_csrf,
                                 GError           **error)
{
  GError *local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), FALSE);
  g_return_val_if_fail (token != NULL, FALSE);

  ok = sign_in (self, token, now, out_session, out_csrf, &local_error);
  return propagate_bool (ok, &local_error, error);
}

static gboolean
check_session (FindingsOfficeDb  *self,
               const char        *session,
               GDateTime         *now,
               char             **out_csrf,
               GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  g_autofree char *hash = _findings_office_db_hash_secret (session);
  g_autofree char *now_text = _findings_office_format_stored_time (now);
  gboolean row;

  stmt = findings_office_sql_prepare (self->sql,
                                      "SELECT ds.csrf FROM desk_sessions ds "
                                      "JOIN tokens t ON t.hash = ds.token_hash "
                                      "WHERE ds.hash = ? AND ds.expires_at > ? AND t.revoked = 0 "
                                      "  AND t.kind = 'office'",
                                      error);
  if (stmt == NULL ||
      !findings_office_stmt_bind (stmt, error, "ss", hash, now_text) ||
      !findings_office_stmt_step (stmt, &row, error))
    return FALSE;

  if (!row)
    {
      g_set_error_literal (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_UNAUTHORIZED,
                           "Sign in again.");
      return FALSE;
    }

  *out_csrf = findings_office_stmt_dup_text (stmt, 0);
  return TRUE;
}

/**
 * findings_office_db_desk_check_session:
 * @out_csrf: (out): the session's form value
 *
 * A session that is unknown, expired or whose token was revoked is
 * %FINDINGS_OFFICE_ERROR_UNAUTHORIZED.
 */
gboolean
findings_office_db_desk_check_session (FindingsOfficeDb  *self,
                                       const char        *session,
                                       GDateTime         *now,
                                       char             **out_csrf,
                                       GError           **error)
{
  GError *local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), FALSE);
  g_return_val_if_fail (session != NULL, FALSE);

  ok = check_session (self, session, now, out_csrf, &local_error);
  return propagate_bool (ok, &local_error, error);
}

gboolean
findings_office_db_desk_sign_out (FindingsOfficeDb  *self,
                                  const char        *session,
                                  GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  g_autofree char *hash = NULL;
  GError *local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), FALSE);
  g_return_val_if_fail (session != NULL, FALSE);

  hash = _findings_office_db_hash_secret (session);
  stmt = findings_office_sql_prepare (self->sql, "DELETE FROM desk_sessions WHERE hash = ?",
                                      &local_error);
  ok = stmt != NULL &&
       findings_office_stmt_bind (stmt, &local_error, "s", hash) &&
       findings_office_stmt_run (stmt, &local_error);

  return propagate_bool (ok, &local_error, error);
}


/*
 * The desk's listings
 */

/* Prepares @sql and binds its values, for read_rows(). */
static FindingsOfficeStmt *
prepare_listing (FindingsOfficeDb  *self,
                 const char        *sql,
                 GError           **error)
{
  return findings_office_sql_prepare (self->sql, sql, error);
}

static GPtrArray *
finish_listing (FindingsOfficeStmt  *stmt,
                gboolean             bound,
                gboolean             with_decision,
                GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  GPtrArray *rows = NULL;

  if (stmt != NULL && bound)
    rows = read_rows (stmt, with_decision, &local_error);
  if (stmt != NULL)
    findings_office_stmt_release (stmt);

  if (rows == NULL)
    {
      g_warning ("The desk's listing failed: %s",
                 local_error != NULL ? local_error->message
                 : error != NULL && *error != NULL ? (*error)->message : "?");
      g_clear_error (error);
      g_set_error_literal (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_FAILED,
                           "The office database could not list this.");
    }

  return rows;
}

static void
set_listing_error (GError **error)
{
  g_set_error_literal (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_FAILED,
                       "The office database could not list this.");
}

/**
 * findings_office_db_desk_list_calls:
 * @account_id: one account, or 0 for all
 *
 * Every recommendation a customer asked to be called about and that has a
 * follow-up, with the latest call request and when it came in, oldest first.
 * The caller filters by the follow-up's state.
 *
 * Returns: (transfer full) (element-type FindingsOfficeDeskRow) (nullable): the rows
 */
GPtrArray *
findings_office_db_desk_list_calls (FindingsOfficeDb  *self,
                                    gint64             account_id,
                                    GError           **error)
{
  FindingsOfficeStmt *stmt;
  GPtrArray *rows;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), NULL);

  stmt = prepare_listing (self,
                     "SELECT " ROW_COLUMNS ", d.body, d.created_at " ROW_TABLES
                     "JOIN decisions d ON d.account_id = r.account_id "
                     "  AND d.id = " LATEST_DECISION ("AND d2.action = 'request_call'") " "
                     "WHERE r.follow_up IS NOT NULL AND (? = 0 OR r.account_id = ?) "
                     "ORDER BY d.created_at, r.id",
                          error);
  rows = finish_listing (stmt,
                         stmt != NULL && findings_office_stmt_bind (stmt, error, "ii", account_id, account_id),
                         TRUE, error);
  return rows;
}

/**
 * findings_office_db_desk_list_decisions:
 * @limit: at most this many, newest first
 *
 * Returns: (transfer full) (element-type FindingsOfficeDeskRow) (nullable): a row per
 *   decision, each with its recommendation
 */
GPtrArray *
findings_office_db_desk_list_decisions (FindingsOfficeDb  *self,
                                        guint              limit,
                                        GError           **error)
{
  FindingsOfficeStmt *stmt;
  GPtrArray *rows;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), NULL);

  stmt = prepare_listing (self,
                     "SELECT " ROW_COLUMNS ", d.body, d.created_at " ROW_TABLES
                     "JOIN decisions d ON d.recommendation_id = r.id "
                     "  AND d.account_id = r.account_id "
                     "ORDER BY d.created_at DESC LIMIT ?",
                          error);
  rows = finish_listing (stmt,
                         stmt != NULL && findings_office_stmt_bind (stmt, error, "i", (gint64) limit),
                         TRUE, error);
  return rows;
}

/**
 * findings_office_db_desk_list_history:
 *
 * Returns: (transfer full) (element-type FindingsOfficeDeskRow) (nullable): the
 *   recommendation's decisions, oldest first
 */
GPtrArray *
findings_office_db_desk_list_history (FindingsOfficeDb  *self,
                                      const char        *recommendation_id,
                                      GError           **error)
{
  FindingsOfficeStmt *stmt;
  GPtrArray *rows;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), NULL);

  stmt = prepare_listing (self,
                     "SELECT " ROW_COLUMNS ", d.body, d.created_at " ROW_TABLES
                     "JOIN decisions d ON d.recommendation_id = r.id "
                     "  AND d.account_id = r.account_id "
                     "WHERE r.id = ? ORDER BY d.created_at",
                          error);
  rows = finish_listing (stmt,
                         stmt != NULL && findings_office_stmt_bind (stmt, error, "s", recommendation_id),
                         TRUE, error);
  return rows;
}

/**
 * findings_office_db_desk_get_recommendation:
 *
 * Returns: (transfer full) (nullable): the recommendation with its visit's site and
 *   time zone; %FINDINGS_OFFICE_ERROR_NOT_FOUND when there is none
 */
FindingsOfficeDeskRow *
findings_office_db_desk_get_recommendation (FindingsOfficeDb  *self,
                                            const char        *recommendation_id,
                                            GError           **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  FindingsOfficeStmt *stmt;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), NULL);

  stmt = prepare_listing (self, "SELECT " ROW_COLUMNS ROW_TABLES "WHERE r.id = ?", error);
  rows = finish_listing (stmt,
                         stmt != NULL && findings_office_stmt_bind (stmt, error, "s",
                                                                    recommendation_id),
                         FALSE, error);
  if (rows == NULL)
    return NULL;

  if (rows->len == 0)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_NOT_FOUND,
                   "There is no recommendation “%s”.", recommendation_id);
      return NULL;
    }

  return g_ptr_array_steal_index (rows, 0);
}

/**
 * findings_office_db_desk_list_leads:
 *
 * Returns: (transfer full) (element-type FindingsOfficeDeskRow) (nullable): every
 *   recommendation of the technician's visits, newest visit first, each with its
 *   latest decision
 */
GPtrArray *
findings_office_db_desk_list_leads (FindingsOfficeDb  *self,
                                    const char        *technician_id,
                                    GError           **error)
{
  FindingsOfficeStmt *stmt;
  GPtrArray *rows;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), NULL);

  stmt = prepare_listing (self,
                     "SELECT " ROW_COLUMNS ", d.body, d.created_at " ROW_TABLES
                     "LEFT JOIN decisions d ON d.account_id = r.account_id "
                     "  AND d.id = " LATEST_DECISION ("") " "
                     "WHERE v.technician_id = ? "
                     "ORDER BY v.uploaded_at DESC, r.position",
                          error);
  rows = finish_listing (stmt,
                         stmt != NULL && findings_office_stmt_bind (stmt, error, "s", technician_id),
                         TRUE, error);
  return rows;
}

/**
 * findings_office_db_desk_list_technicians:
 *
 * Returns: (transfer full) (element-type GStrv) (nullable): for each technician
 *   with a visit, `{id, name, number of recommendations}`, by id; the name is the
 *   one their latest visit gives
 */
GPtrArray *
findings_office_db_desk_list_technicians (FindingsOfficeDb  *self,
                                          GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  g_autoptr(GPtrArray) technicians = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean row;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), NULL);

  stmt = findings_office_sql_prepare (self->sql,
                                      "SELECT v.technician_id, v.body, "
                                      "  (SELECT COUNT(*) FROM recommendations r "
                                      "   JOIN visits v3 ON v3.id = r.visit_id "
                                      "   WHERE v3.technician_id = v.technician_id) "
                                      "FROM visits v WHERE v.technician_id IS NOT NULL "
                                      "  AND v.id = (SELECT v2.id FROM visits v2 "
                                      "    WHERE v2.technician_id = v.technician_id "
                                      "    ORDER BY v2.uploaded_at DESC LIMIT 1) "
                                      "ORDER BY v.technician_id",
                                      &local_error);
  if (stmt == NULL)
    goto failed;

  technicians = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (;;)
    {
      g_autoptr(JsonNode) body = NULL;
      JsonObject *technician;
      const char *name = NULL;
      char **entry;

      if (!findings_office_stmt_step (stmt, &row, &local_error))
        goto failed;
      if (!row)
        return g_steal_pointer (&technicians);

      body = _findings_office_parse_stored (findings_office_stmt_text (stmt, 1), &local_error);
      if (body == NULL)
        goto failed;
      technician = json_object_get_object_member (json_node_get_object (body), "technician");
      if (technician != NULL && json_object_has_member (technician, "name"))
        name = json_object_get_string_member (technician, "name");

      entry = g_new0 (char *, 4);
      entry[0] = findings_office_stmt_dup_text (stmt, 0);
      entry[1] = g_strdup (name != NULL ? name : entry[0]);
      entry[2] = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) findings_office_stmt_int (stmt, 2));
      g_ptr_array_add (technicians, entry);
    }

failed:
  g_warning ("The desk's list of technicians failed: %s", local_error->message);
  set_listing_error (error);
  return NULL;
}

/**
 * findings_office_db_desk_list_accounts:
 *
 * Returns: (transfer full) (element-type GStrv) (nullable): `{id, name}` of each
 *   account, by name
 */
GPtrArray *
findings_office_db_desk_list_accounts (FindingsOfficeDb  *self,
                                       GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean row;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), NULL);

  stmt = findings_office_sql_prepare (self->sql, "SELECT id, name FROM accounts ORDER BY name, id",
                                      &local_error);
  if (stmt == NULL)
    goto failed;

  accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (;;)
    {
      char **entry;

      if (!findings_office_stmt_step (stmt, &row, &local_error))
        goto failed;
      if (!row)
        return g_steal_pointer (&accounts);

      entry = g_new0 (char *, 3);
      entry[0] = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) findings_office_stmt_int (stmt, 0));
      entry[1] = findings_office_stmt_dup_text (stmt, 1);
      g_ptr_array_add (accounts, entry);
    }

failed:
  g_warning ("The desk's list of accounts failed: %s", local_error->message);
  set_listing_error (error);
  return NULL;
}

/**
 * findings_office_db_desk_get_visit:
 *
 * Returns: (transfer full) (nullable): the visit's document as uploaded
 */
char *
findings_office_db_desk_get_visit (FindingsOfficeDb  *self,
                                   const char        *visit_id,
                                   GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean row = FALSE;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), NULL);

  stmt = findings_office_sql_prepare (self->sql, "SELECT body FROM visits WHERE id = ?",
                                      &local_error);
  if (stmt != NULL &&
      findings_office_stmt_bind (stmt, &local_error, "s", visit_id) &&
      findings_office_stmt_step (stmt, &row, &local_error) && row)
    return findings_office_stmt_dup_text (stmt, 0);

  if (local_error != NULL)
    g_warning ("The desk could not read visit “%s”: %s", visit_id, local_error->message);
  g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_NOT_FOUND,
               "There is no visit “%s”.", visit_id);
  return NULL;
}
