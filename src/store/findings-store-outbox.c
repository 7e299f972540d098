/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-store"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-store-private.h"

/* The outbox: every decision made on this device, sent or not, with the exact body
 * to send and what became of it. */

#define ENTRY_COLUMNS \
  "id, visit_id, recommendation_id, action, body, state, attempts, created_at, " \
  "next_attempt_at, sent_at, last_error, problem_type, response"

/* A decision as it goes into the outbox, serialized on the caller's thread. */
typedef struct
{
  char           *id;
  char           *visit_id;
  char           *recommendation_id;
  FindingsAction  action;
  char           *body;
  gsize           length;
} AddData;

/* The values of a mark_sent, mark_refused or reschedule. */
typedef struct
{
  char   *id;
  char   *text;
  char   *detail;
  gint64  when;
} UpdateData;

static const char * const state_names[] = { "pending", "sent", "refused" };


/*
 * Auxiliary methods
 */

static FindingsOutboxEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  FindingsOutboxEntry *entry = g_new0 (FindingsOutboxEntry, 1);
  const char *action = findings_sqlite_column_text (stmt, 3);
  const char *state = findings_sqlite_column_text (stmt, 5);

  entry->id = findings_sqlite_dup_column_text (stmt, 0);
  entry->visit_id = findings_sqlite_dup_column_text (stmt, 1);
  entry->recommendation_id = findings_sqlite_dup_column_text (stmt, 2);
  /* The table's CHECK constraints keep both values known. */
  if (!findings_action_from_string (action, &entry->action))
    g_warning ("Unknown action “%s” in the outbox", action);
  entry->body = findings_sqlite_column_bytes (stmt, 4);

  entry->state = FINDINGS_OUTBOX_STATE_PENDING;
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    {
      if (g_strcmp0 (state, state_names[i]) == 0)
        entry->state = (FindingsOutboxState) i;
    }

  entry->attempts = (guint) sqlite3_column_int64 (stmt, 6);
  entry->created_at = sqlite3_column_int64 (stmt, 7);
  entry->next_attempt_at = sqlite3_column_int64 (stmt, 8);
  entry->sent_at = sqlite3_column_int64 (stmt, 9);
  entry->last_error = findings_sqlite_dup_column_text (stmt, 10);
  entry->problem_type = findings_sqlite_dup_column_text (stmt, 11);
  entry->response = findings_sqlite_dup_column_text (stmt, 12);

  return entry;
}

/* Runs a prepared SELECT of ENTRY_COLUMNS to its end. */
static GPtrArray *
collect_entries (sqlite3_stmt  *stmt,
                 GError       **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (
    (GDestroyNotify) findings_outbox_entry_free);
  gboolean row;

  while (findings_sqlite_step_row (stmt, &row, error))
    {
      if (!row)
        return g_steal_pointer (&entries);

      g_ptr_array_add (entries, entry_from_row (stmt));
    }

  return NULL;
}

/* The outbox holds only what the office can read: a decision it would refuse
 * as invalid is refused here, while the customer is still at the screen. */
static AddData *
add_data_new (FindingsDecision  *decision,
              GError           **error)
{
  g_autoptr(FindingsDecision) check = NULL;
  g_autoptr(GError) parse_error = NULL;
  AddData *data;
  gsize length;
  char *body;

  body = findings_decision_to_json (decision, &length);
  check = findings_decision_parse (body, length, &parse_error);
  if (check == NULL)
    {
      g_set_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_INVALID,
                   _("This decision cannot be sent as it is: %s"), parse_error->message);
      g_free (body);
      return NULL;
    }

  data = g_new0 (AddData, 1);
  data->id = g_strdup (findings_decision_get_id (decision));
  data->visit_id = g_strdup (findings_decision_get_visit_id (decision));
  data->recommendation_id = g_strdup (findings_decision_get_recommendation_id (decision));
  data->action = findings_decision_get_action (decision);
  data->body = body;
  data->length = length;

  return data;
}

static void
add_data_free (AddData *data)
{
  g_free (data->id);
  g_free (data->visit_id);
  g_free (data->recommendation_id);
  g_free (data->body);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AddData, add_data_free)

static UpdateData *
update_data_new (const char *id,
                 const char *text,
                 const char *detail,
                 gint64      when)
{
  UpdateData *data = g_new0 (UpdateData, 1);

  data->id = g_strdup (id);
  data->text = g_strdup (text);
  data->detail = g_strdup (detail);
  data->when = when;

  return data;
}

static void
update_data_free (UpdateData *data)
{
  g_free (data->id);
  g_free (data->text);
  g_free (data->detail);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UpdateData, update_data_free)

/* Runs one UPDATE with the values of @types bound in order (see
 * findings_sqlite_bind_va()). Returns the number of rows it changed, or -1 with
 * @error set. */
static int
update_rows (FindingsStore  *self,
             const char     *sql,
             GError        **error,
             const char     *types,
             ...)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  va_list args;
  gboolean bound;

  stmt = findings_sqlite_prepare (self->db, sql, error);
  if (stmt == NULL)
    return -1;

  va_start (args, types);
  bound = findings_sqlite_bind_va (stmt, error, types, args);
  va_end (args);

  if (!bound || !findings_sqlite_step_done (stmt, error))
    return -1;

  return sqlite3_changes (self->db);
}

/*
 * Writes, on the writer thread
 */

static gboolean
add_decision_write (FindingsStore  *self,
                    gpointer        user_data,
                    GError        **error)
{
  AddData *data = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GError *cause = NULL;
  gint64 now = g_get_real_time ();

  stmt = findings_sqlite_prepare (self->db,
                                  "INSERT INTO outbox (id, visit_id, recommendation_id, action,"
                                  " body, created_at, state, attempts, next_attempt_at)"
                                  " VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?)",
                                  error);
  if (stmt == NULL ||
      !findings_sqlite_bind (stmt, error, "ssssnii",
                             data->id, data->visit_id, data->recommendation_id,
                             findings_action_to_string (data->action),
                             data->body, data->length, now, now))
    return FALSE;

  if (findings_sqlite_step_done (stmt, &cause))
    return TRUE;

  if (g_error_matches (cause, FINDINGS_SQLITE_ERROR, FINDINGS_SQLITE_ERROR_UNIQUE))
    {
      g_clear_error (&cause);
      g_set_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_EXISTS,
                   _("This decision is already saved on this device (%s)."), data->id);
      return FALSE;
    }

  g_propagate_error (error, cause);
  return FALSE;
}

static gboolean
mark_sent_write (FindingsStore  *self,
                 gpointer        user_data,
                 GError        **error)
{
  UpdateData *data = user_data;
  int changed;

  changed = update_rows (self,
                         "UPDATE outbox SET state = 'sent', response = ?, sent_at = ?,"
                         " last_error = NULL, problem_type = NULL WHERE id = ?",
                         error, "sis", data->text, g_get_real_time (), data->id);

  /* -1 has @error set already; 0 rows means no such decision. */
  if (changed == 0)
    g_set_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_NOT_FOUND,
                 _("No decision with the id %s is saved on this device."), data->id);

  return changed > 0;
}

/* Several mark_sent in one transaction: one COMMIT, one fsync, for all of them. */
static gboolean
mark_sent_many_write (FindingsStore  *self,
                      gpointer        user_data,
                      GError        **error)
{
  GPtrArray *many = user_data;

  for (guint i = 0; i < many->len; i++)
    {
      if (!mark_sent_write (self, g_ptr_array_index (many, i), error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
mark_refused_write (FindingsStore  *self,
                    gpointer        user_data,
                    GError        **error)
{
  UpdateData *data = user_data;
  int changed;

  changed = update_rows (self,
                         "UPDATE outbox SET state = 'refused', problem_type = ?, last_error = ?"
                         " WHERE id = ?",
                         error, "sss", data->text, data->detail, data->id);

  /* -1 has @error set already; 0 rows means no such decision. */
  if (changed == 0)
    g_set_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_NOT_FOUND,
                 _("No decision with the id %s is saved on this device."), data->id);

  return changed > 0;
}

static gboolean
reschedule_write (FindingsStore  *self,
                  gpointer        user_data,
                  GError        **error)
{
  UpdateData *data = user_data;
  int changed;

  changed = update_rows (self,
                         "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?,"
                         " last_error = ? WHERE id = ? AND state = 'pending'",
                         error, "iss", data->when, data->text, data->id);

  /* Sent and refused decisions are not put back in line. */
  if (changed == 0)
    g_set_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_NOT_FOUND,
                 _("No decision with the id %s is waiting to be sent."), data->id);

  return changed > 0;
}


/*
 * Public API
 */

/**
 * findings_store_add_decision_async:
 * @decision: a complete decision
 *
 * Puts @decision in the outbox, to be sent. When the result says %TRUE the
 * decision is committed to disk and the screen may say it is saved. The same
 * id twice is %FINDINGS_STORE_ERROR_EXISTS, and a decision the office would
 * refuse as incomplete is %FINDINGS_STORE_ERROR_INVALID.
 *
 * The decision is written out before this returns, so it may change afterwards.
 */
void
findings_store_add_decision_async (FindingsStore       *self,
                                   FindingsDecision    *decision,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GError *error = NULL;
  AddData *data;

  g_return_if_fail (FINDINGS_IS_STORE (self));
  g_return_if_fail (FINDINGS_IS_DECISION (decision));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = add_data_new (decision, &error);
  if (data == NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, findings_store_add_decision_async);
      g_task_return_error (task, error);
      return;
    }

  _findings_store_write_async (self, add_decision_write, data, (GDestroyNotify) add_data_free,
                               _("The decision could not be saved on this device"),
                               findings_store_add_decision_async,
                               cancellable, callback, user_data);
}

gboolean
findings_store_add_decision_finish (FindingsStore  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  return _findings_store_write_finish (self, result, findings_store_add_decision_async, error);
}

/* Blocking, for tests (findings-store-private.h). */
gboolean
findings_store_add_decision (FindingsStore     *self,
                             FindingsDecision  *decision,
                             GError           **error)
{
  g_autoptr(AddData) data = NULL;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), FALSE);
  g_return_val_if_fail (FINDINGS_IS_DECISION (decision), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = add_data_new (decision, error);
  if (data == NULL)
    return FALSE;

  return _findings_store_write (self, add_decision_write, data,
                                _("The decision could not be saved on this device"), error);
}

/**
 * findings_store_list_pending:
 * @now_us: the current time, in microseconds since 1970
 * @error: return location for a %FINDINGS_STORE_ERROR
 *
 * Returns: (transfer container) (element-type FindingsOutboxEntry) (nullable): the
 *   decisions waiting to be sent whose next try is due, oldest first
 */
GPtrArray *
findings_store_list_pending (FindingsStore  *self,
                             gint64          now_us,
                             GError        **error)
{
  const char *what = _("The decisions waiting to be sent could not be read");
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *entries = NULL;
  GError *cause = NULL;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->read_lock);
  stmt = findings_sqlite_prepare (self->reader,
                                  "SELECT " ENTRY_COLUMNS " FROM outbox"
                                  " WHERE state = 'pending' AND next_attempt_at <= ?"
                                  " ORDER BY created_at, rowid",
                                  &cause);
  if (stmt != NULL && findings_sqlite_bind (stmt, &cause, "i", now_us))
    entries = collect_entries (stmt, &cause);

  if (entries == NULL)
    _findings_store_propagate_error (error, cause, what);

  return entries;
}

/**
 * findings_store_count_pending:
 *
 * Returns: how many decisions are still to be sent, due or not; 0 when the
 *   store cannot be read (a warning is logged)
 */
guint
findings_store_count_pending (FindingsStore *self)
{
  const char *what = _("The decisions waiting to be sent could not be counted");
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  GError *cause = NULL;
  gboolean row = FALSE;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), 0);

  locker = g_mutex_locker_new (&self->read_lock);
  stmt = findings_sqlite_prepare (self->reader,
                                  "SELECT count(*) FROM outbox WHERE state = 'pending'", &cause);
  if (stmt != NULL && findings_sqlite_step_row (stmt, &row, &cause) && row)
    return (guint) sqlite3_column_int64 (stmt, 0);

  if (cause != NULL)
    {
      _findings_store_propagate_error (&error, cause, what);
      g_warning ("%s", error->message);
    }

  return 0;
}

/**
 * findings_store_list_for_recommendation:
 * @rec_id: a recommendation's id
 *
 * Every decision on this device about the recommendation, whatever its state,
 * so that the screen can say "saved on this device", "sent" or why the office
 * refused it.
 *
 * Returns: (transfer container) (element-type FindingsOutboxEntry): the
 *   decisions, newest first; empty when the store cannot be read (a warning is
 *   logged)
 */
GPtrArray *
findings_store_list_for_recommendation (FindingsStore *self,
                                        const char    *rec_id)
{
  const char *what = _("The decisions on this recommendation could not be read");
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = NULL;
  GError *cause = NULL;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), NULL);
  g_return_val_if_fail (rec_id != NULL, NULL);

  locker = g_mutex_locker_new (&self->read_lock);
  stmt = findings_sqlite_prepare (self->reader,
                                  "SELECT " ENTRY_COLUMNS " FROM outbox WHERE recommendation_id = ?"
                                  " ORDER BY created_at DESC, rowid DESC",
                                  &cause);
  if (stmt != NULL && findings_sqlite_bind (stmt, &cause, "s", rec_id))
    entries = collect_entries (stmt, &cause);

  if (entries == NULL)
    {
      _findings_store_propagate_error (&error, cause, what);
      g_warning ("%s", error->message);
      entries = g_ptr_array_new_with_free_func ((GDestroyNotify) findings_outbox_entry_free);
    }

  return entries;
}

/**
 * findings_store_mark_sent_async:
 * @id: a decision's id
 * @response_json: (nullable): the office's answer, kept as it came
 *
 * Records that the office has the decision (201, or 200 for a replay). An
 * unknown @id is %FINDINGS_STORE_ERROR_NOT_FOUND.
 */
void
findings_store_mark_sent_async (FindingsStore       *self,
                                const char          *id,
                                const char          *response_json,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (FINDINGS_IS_STORE (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  _findings_store_write_async (self, mark_sent_write,
                               update_data_new (id, response_json, NULL, 0),
                               (GDestroyNotify) update_data_free,
                               _("The decision could not be marked as sent"),
                               findings_store_mark_sent_async,
                               cancellable, callback, user_data);
}

gboolean
findings_store_mark_sent_finish (FindingsStore  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  return _findings_store_write_finish (self, result, findings_store_mark_sent_async, error);
}

/**
 * findings_store_mark_sent_many_async:
 * @ids: (element-type utf8): the decisions' ids
 * @responses_json: (element-type utf8): the office's answer to each, in the same order
 *
 * Records that the office has each of the decisions, all in one transaction: either
 * all are marked sent or, on an error (an unknown id is
 * %FINDINGS_STORE_ERROR_NOT_FOUND), none is.
 */
void
findings_store_mark_sent_many_async (FindingsStore       *self,
                                     GPtrArray           *ids,
                                     GPtrArray           *responses_json,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GPtrArray *many;

  g_return_if_fail (FINDINGS_IS_STORE (self));
  g_return_if_fail (ids != NULL && responses_json != NULL);
  g_return_if_fail (ids->len == responses_json->len);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  many = g_ptr_array_new_full (ids->len, (GDestroyNotify) update_data_free);
  for (guint i = 0; i < ids->len; i++)
    g_ptr_array_add (many, update_data_new (g_ptr_array_index (ids, i),
                                            g_ptr_array_index (responses_json, i), NULL, 0));

  _findings_store_write_async (self, mark_sent_many_write, many,
                               (GDestroyNotify) g_ptr_array_unref,
                               _("The decisions could not be marked as sent"),
                               findings_store_mark_sent_many_async,
                               cancellable, callback, user_data);
}

gboolean
findings_store_mark_sent_many_finish (FindingsStore  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  return _findings_store_write_finish (self, result, findings_store_mark_sent_many_async,
                                       error);
}

/* Blocking, for tests (findings-store-private.h). */
gboolean
findings_store_mark_sent (FindingsStore  *self,
                          const char     *id,
                          const char     *response_json,
                          GError        **error)
{
  g_autoptr(UpdateData) data = NULL;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = update_data_new (id, response_json, NULL, 0);
  return _findings_store_write (self, mark_sent_write, data,
                                _("The decision could not be marked as sent"), error);
}

/**
 * findings_store_mark_refused_async:
 * @id: a decision's id
 * @problem_type: (nullable): the problem document's `type`, such as "quote-expired"
 * @detail: (nullable): its `detail`, or another explanation
 *
 * Records that the office refused the decision for good (404, 409, 422). It is
 * kept, to be shown, and never sent again. An unknown @id is
 * %FINDINGS_STORE_ERROR_NOT_FOUND.
 */
void
findings_store_mark_refused_async (FindingsStore       *self,
                                   const char          *id,
                                   const char          *problem_type,
                                   const char          *detail,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (FINDINGS_IS_STORE (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  _findings_store_write_async (self, mark_refused_write,
                               update_data_new (id, problem_type, detail, 0),
                               (GDestroyNotify) update_data_free,
                               _("The decision could not be marked as refused"),
                               findings_store_mark_refused_async,
                               cancellable, callback, user_data);
}

gboolean
findings_store_mark_refused_finish (FindingsStore  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  return _findings_store_write_finish (self, result, findings_store_mark_refused_async, error);
}

/* Blocking, for tests (findings-store-private.h). */
gboolean
findings_store_mark_refused (FindingsStore  *self,
                             const char     *id,
                             const char     *problem_type,
                             const char     *detail,
                             GError        **error)
{
  g_autoptr(UpdateData) data = NULL;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = update_data_new (id, problem_type, detail, 0);
  return _findings_store_write (self, mark_refused_write, data,
                                _("The decision could not be marked as refused"), error);
}

/**
 * findings_store_reschedule_async:
 * @id: the id of a decision still to be sent
 * @next_attempt_us: when to try again, in microseconds since 1970
 * @last_error: (nullable): why this try failed
 *
 * Counts one failed try and hides the decision from
 * findings_store_list_pending() until @next_attempt_us. A decision already
 * sent or refused is left alone: %FINDINGS_STORE_ERROR_NOT_FOUND.
 */
void
findings_store_reschedule_async (FindingsStore       *self,
                                 const char          *id,
                                 gint64               next_attempt_us,
                                 const char          *last_error,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (FINDINGS_IS_STORE (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  _findings_store_write_async (self, reschedule_write,
                               update_data_new (id, last_error, NULL, next_attempt_us),
                               (GDestroyNotify) update_data_free,
                               _("The next try to send the decision could not be saved"),
                               findings_store_reschedule_async,
                               cancellable, callback, user_data);
}

gboolean
findings_store_reschedule_finish (FindingsStore  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  return _findings_store_write_finish (self, result, findings_store_reschedule_async, error);
}

/* Blocking, for tests (findings-store-private.h). */
gboolean
findings_store_reschedule (FindingsStore  *self,
                           const char     *id,
                           gint64          next_attempt_us,
                           const char     *last_error,
                           GError        **error)
{
  g_autoptr(UpdateData) data = NULL;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = update_data_new (id, last_error, NULL, next_attempt_us);
  return _findings_store_write (self, reschedule_write, data,
                                _("The next try to send the decision could not be saved"),
                                error);
}
