/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include "findings-sqlite.h"
#include "findings-store.h"

/* The kiosk's durable store. A decision is committed here before the screen
 * says it is saved: WAL with synchronous=FULL makes each COMMIT reach the disk
 * before sqlite3_step() returns, so "saved" survives a crash or a power cut.
 *
 * One connection, guarded by a mutex so that the sync worker and the UI can
 * both use the store; every transaction runs whole under the lock. */

#define SCHEMA_VERSION  1
#define CURSOR_KEY      "cursor"

#define ENTRY_COLUMNS \
  "id, visit_id, recommendation_id, action, body, state, attempts, created_at, " \
  "next_attempt_at, sent_at, last_error, problem_type, response"

struct _FindingsStore
{
  GObject   parent_instance;

  char     *path;
  sqlite3  *db;
  GMutex    lock;
};

static const char schema_v1[] =
  "CREATE TABLE outbox ("
  "  id                TEXT PRIMARY KEY NOT NULL,"
  "  visit_id          TEXT NOT NULL,"
  "  recommendation_id TEXT NOT NULL,"
  "  action            TEXT NOT NULL"
  "                      CHECK (action IN ('accept', 'decline', 'request_call')),"
  "  body              TEXT NOT NULL," /* the exact bytes to send, for every retry */
  "  created_at        INTEGER NOT NULL,"
  "  state             TEXT NOT NULL DEFAULT 'pending'"
  "                      CHECK (state IN ('pending', 'sent', 'refused')),"
  "  attempts          INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at   INTEGER NOT NULL,"
  "  last_error        TEXT,"
  "  response          TEXT,"
  "  problem_type      TEXT,"
  "  sent_at           INTEGER"
  ") STRICT;"
  "CREATE INDEX outbox_due ON outbox (state, next_attempt_at);"
  "CREATE INDEX outbox_recommendation ON outbox (recommendation_id, created_at);"
  "CREATE TABLE visits ("
  "  id           TEXT PRIMARY KEY NOT NULL,"
  "  site_id      TEXT,"
  "  completed_at INTEGER,"
  "  body         TEXT NOT NULL,"
  "  updated_at   INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE photos ("
  "  id         TEXT PRIMARY KEY NOT NULL,"
  "  sha256     TEXT NOT NULL,"
  "  media_type TEXT,"
  "  data       BLOB NOT NULL,"
  "  fetched_at INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT"
  ") STRICT;";

static const char upsert_visit_sql[] =
  "INSERT INTO visits (id, site_id, completed_at, body, updated_at)"
  " VALUES (?, ?, ?, ?, ?)"
  " ON CONFLICT (id) DO UPDATE SET site_id = excluded.site_id,"
  " completed_at = excluded.completed_at, body = excluded.body,"
  " updated_at = excluded.updated_at";

static const char * const state_names[] = { "pending", "sent", "refused" };

static void findings_store_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FindingsStore, findings_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      findings_store_initable_iface_init))

G_DEFINE_QUARK (findings-store-error-quark, findings_store_error)

G_DEFINE_BOXED_TYPE (FindingsOutboxEntry, findings_outbox_entry,
                     findings_outbox_entry_copy, findings_outbox_entry_free)

G_DEFINE_BOXED_TYPE (FindingsStoreVisit, findings_store_visit,
                     findings_store_visit_copy, findings_store_visit_free)

enum
{
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char           *id;
  char           *visit_id;
  char           *recommendation_id;
  FindingsAction  action;
  char           *body;
  gsize           length;
} AddData;


/*
 * Auxiliary methods
 */

static FindingsStoreError
code_from_sqlite_error (int code)
{
  switch ((FindingsSqliteError) code)
    {
    case FINDINGS_SQLITE_ERROR_CORRUPT:
      return FINDINGS_STORE_ERROR_CORRUPT;

    case FINDINGS_SQLITE_ERROR_IO:
      return FINDINGS_STORE_ERROR_IO;

    case FINDINGS_SQLITE_ERROR_BUSY:
      return FINDINGS_STORE_ERROR_BUSY;

    case FINDINGS_SQLITE_ERROR_FAILED:
    case FINDINGS_SQLITE_ERROR_UNIQUE:
    case FINDINGS_SQLITE_ERROR_CONSTRAINT:
    case FINDINGS_SQLITE_ERROR_SETTING:
    default:
      return FINDINGS_STORE_ERROR_FAILED;
    }
}

/* Where an error leaves the store: SQLite's own message follows @what, which says
 * what could not be done, for a person. Errors of the store's domain pass as they are. */
static gboolean
propagate_error (GError     **error,
                 GError      *cause,
                 const char  *what)
{
  if (cause->domain != FINDINGS_SQLITE_ERROR)
    {
      g_propagate_error (error, cause);
      return FALSE;
    }

  g_set_error (error, FINDINGS_STORE_ERROR, code_from_sqlite_error (cause->code),
               "%s: %s", what, cause->message);
  g_error_free (cause);
  return FALSE;
}

static gboolean
fail_sqlite (FindingsStore  *self,
             int             rc,
             const char     *what,
             GError        **error)
{
  GError *cause = NULL;

  findings_sqlite_set_error (&cause, self->db, rc);
  return propagate_error (error, cause, what);
}

static gboolean
exec (FindingsStore  *self,
      const char     *sql,
      const char     *what,
      GError        **error)
{
  GError *cause = NULL;

  if (!findings_sqlite_exec (self->db, sql, &cause))
    return propagate_error (error, cause, what);

  return TRUE;
}

static void
rollback (FindingsStore *self)
{
  findings_sqlite_rollback (self->db);
}

static sqlite3_stmt *
prepare (FindingsStore  *self,
         const char     *sql,
         const char     *what,
         GError        **error)
{
  GError *cause = NULL;
  sqlite3_stmt *stmt = findings_sqlite_prepare (self->db, sql, &cause);

  if (stmt == NULL)
    propagate_error (error, cause, what);

  return stmt;
}

/* The values of @types are bound in order (see findings_sqlite_bind_va()). */
static gboolean
bind_values_va (FindingsStore  *self,
                sqlite3_stmt   *stmt,
                const char     *what,
                GError        **error,
                const char     *types,
                va_list         args)
{
  GError *cause = NULL;

  if (!findings_sqlite_bind_va (stmt, &cause, types, args))
    return propagate_error (error, cause, what);

  return TRUE;
}

static gboolean
bind_values (FindingsStore  *self,
             sqlite3_stmt   *stmt,
             const char     *what,
             GError        **error,
             const char     *types,
             ...)
{
  va_list args;
  gboolean ok;

  va_start (args, types);
  ok = bind_values_va (self, stmt, what, error, types, args);
  va_end (args);

  return ok;
}

/* For statements that return no rows. */
static gboolean
step_done (FindingsStore  *self,
           sqlite3_stmt   *stmt,
           const char     *what,
           GError        **error)
{
  GError *cause = NULL;

  if (!findings_sqlite_step_done (stmt, &cause))
    return propagate_error (error, cause, what);

  return TRUE;
}

/* Runs one UPDATE with the values of @types bound in order (see bind_values()).
 * The caller holds the lock. Returns the number of rows it changed, or -1 with
 * @error set. */
static int
update_rows (FindingsStore  *self,
             const char     *sql,
             const char     *what,
             GError        **error,
             const char     *types,
             ...)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  va_list args;
  gboolean bound;

  stmt = prepare (self, sql, what, error);
  if (stmt == NULL)
    return -1;

  va_start (args, types);
  bound = bind_values_va (self, stmt, what, error, types, args);
  va_end (args);

  if (!bound || !step_done (self, stmt, what, error))
    return -1;

  return sqlite3_changes (self->db);
}

#define dup_column_text findings_sqlite_dup_column_text

static GBytes *
column_bytes (sqlite3_stmt *stmt,
              int           column,
              gboolean      as_text)
{
  return findings_sqlite_column_bytes (stmt, column);
}

static gint64
date_time_to_usec (GDateTime *date_time)
{
  return g_date_time_to_unix (date_time) * G_USEC_PER_SEC +
         g_date_time_get_microsecond (date_time);
}

static FindingsOutboxEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  FindingsOutboxEntry *entry = g_new0 (FindingsOutboxEntry, 1);
  const char *action = (const char *) sqlite3_column_text (stmt, 3);
  const char *state = (const char *) sqlite3_column_text (stmt, 5);

  entry->id = dup_column_text (stmt, 0);
  entry->visit_id = dup_column_text (stmt, 1);
  entry->recommendation_id = dup_column_text (stmt, 2);
  /* The table's CHECK constraints keep both values known. */
  if (!findings_action_from_string (action, &entry->action))
    g_warning ("Unknown action “%s” in the outbox", action);
  entry->body = column_bytes (stmt, 4, TRUE);

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
  entry->last_error = dup_column_text (stmt, 10);
  entry->problem_type = dup_column_text (stmt, 11);
  entry->response = dup_column_text (stmt, 12);

  return entry;
}

/* Runs a prepared SELECT of ENTRY_COLUMNS to its end. */
static GPtrArray *
collect_entries (FindingsStore  *self,
                 sqlite3_stmt   *stmt,
                 const char     *what,
                 GError        **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (
    (GDestroyNotify) findings_outbox_entry_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      fail_sqlite (self, rc, what, error);
      return NULL;
    }

  return g_steal_pointer (&entries);
}

static gboolean
read_user_version (FindingsStore  *self,
                   int            *version,
                   GError        **error)
{
  const char *what = _("The local database could not be read");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (self, "PRAGMA user_version", what, error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return fail_sqlite (self, rc, what, error);

  *version = sqlite3_column_int (stmt, 0);
  return TRUE;
}

static gboolean
migrate_in_transaction (FindingsStore  *self,
                        GError        **error)
{
  const char *what = _("The local database could not be prepared");
  g_autofree char *set_version = NULL;
  int version;

  if (!read_user_version (self, &version, error))
    return FALSE;

  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_VERSION,
                   _("The local database %s was made by a newer version of Findings. "
                     "Please update Findings."),
                   self->path);
      return FALSE;
    }

  if (version == SCHEMA_VERSION)
    return TRUE;

  /* Later versions add their steps here, each from the one before. */
  if (version < 1 && !exec (self, schema_v1, what, error))
    return FALSE;

  set_version = g_strdup_printf ("PRAGMA user_version = %d", SCHEMA_VERSION);
  return exec (self, set_version, what, error);
}

/* In one transaction, so that two processes opening a new file at once
 * cannot both create the tables. */
static gboolean
migrate (FindingsStore  *self,
         GError        **error)
{
  const char *what = _("The local database could not be prepared");

  if (!exec (self, "BEGIN IMMEDIATE", what, error))
    return FALSE;

  if (!migrate_in_transaction (self, error) ||
      !exec (self, "COMMIT", what, error))
    {
      rollback (self);
      return FALSE;
    }

  return TRUE;
}

/* Created ahead of SQLite so that only this user can read it: it holds names
 * and phone numbers. SQLite gives its -wal and -shm files the same mode. */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int saved_errno;
  int fd;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      saved_errno = errno;
      g_set_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_IO,
                   _("The folder %s for the local database could not be created: %s"),
                   folder, g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_OPEN,
                   _("The local database could not be opened: %s (%s)"),
                   g_strerror (saved_errno), path);
      return FALSE;
    }

  /* Nothing was written: a failure to close loses nothing. */
  g_close (fd, NULL);
  return TRUE;
}

static gboolean
open_database (FindingsStore  *self,
               GError        **error)
{
  const char *what = _("The local database could not be opened");
  g_autoptr(GError) local_error = NULL;
  GError *cause = NULL;

  if (!create_private_file (self->path, error))
    return FALSE;

  self->db = findings_sqlite_open (self->path, FINDINGS_SQLITE_OPEN_DEFAULT, &cause);
  if (self->db == NULL)
    propagate_error (&local_error, cause, what);

  if (self->db == NULL || !migrate (self, &local_error))
    {
      /* Name the file: the installer may have to move or remove it. */
      g_set_error (error, local_error->domain, local_error->code, "%s (%s)",
                   local_error->message, self->path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
add_body (FindingsStore   *self,
          const AddData   *data,
          GError         **error)
{
  const char *what = _("The decision could not be saved on this device");
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 now = g_get_real_time ();
  int rc;

  stmt = prepare (self,
                  "INSERT INTO outbox (id, visit_id, recommendation_id, action, body,"
                  " created_at, state, attempts, next_attempt_at)"
                  " VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?)",
                  what, error);
  if (stmt == NULL ||
      !bind_values (self, stmt, what, error, "ssssnii",
                    data->id, data->visit_id, data->recommendation_id,
                    findings_action_to_string (data->action),
                    data->body, data->length, now, now))
    return FALSE;

  /* One statement outside BEGIN is its own transaction: when the step returns
   * SQLITE_DONE it has been committed, and with synchronous=FULL it is on disk. */
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    {
      g_set_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_EXISTS,
                   _("This decision is already saved on this device (%s)."), data->id);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return fail_sqlite (self, rc, what, error);

  return TRUE;
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

static gboolean
upsert_visit (FindingsStore  *self,
              sqlite3_stmt   *stmt,
              const char     *id,
              const char     *site_id,
              GDateTime      *completed_at,
              const char     *body,
              gsize           length,
              const char     *what,
              GError        **error)
{
  int rc;

  /* NULL values are bound as they are: the table refuses a visit without an
   * id or a body, and the caller's transaction then rolls back. */
  if (sqlite3_reset (stmt) != SQLITE_OK || sqlite3_clear_bindings (stmt) != SQLITE_OK)
    {
      rc = sqlite3_errcode (self->db);
      return fail_sqlite (self, rc, what, error);
    }

  if (!bind_values (self, stmt, what, error, "ss", id, site_id))
    return FALSE;

  if (completed_at != NULL)
    rc = sqlite3_bind_int64 (stmt, 3, date_time_to_usec (completed_at));
  else
    rc = sqlite3_bind_null (stmt, 3);
  if (rc != SQLITE_OK)
    return fail_sqlite (self, rc, what, error);

  if (body != NULL)
    rc = sqlite3_bind_text64 (stmt, 4, body, length, SQLITE_STATIC, SQLITE_UTF8);
  else
    rc = sqlite3_bind_null (stmt, 4);
  if (rc != SQLITE_OK)
    return fail_sqlite (self, rc, what, error);

  rc = sqlite3_bind_int64 (stmt, 5, g_get_real_time ());
  if (rc != SQLITE_OK)
    return fail_sqlite (self, rc, what, error);

  return step_done (self, stmt, what, error);
}

static gboolean
set_cursor_locked (FindingsStore  *self,
                   const char     *cursor,
                   GError        **error)
{
  const char *what = _("The sync position could not be saved on this device");
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (cursor == NULL)
    stmt = prepare (self, "DELETE FROM meta WHERE key = ?", what, error);
  else
    stmt = prepare (self,
                    "INSERT INTO meta (key, value) VALUES (?, ?)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    what, error);

  return stmt != NULL &&
         bind_values (self, stmt, what, error, cursor != NULL ? "ss" : "s",
                      CURSOR_KEY, cursor) &&
         step_done (self, stmt, what, error);
}

static gboolean
save_page_in_transaction (FindingsStore  *self,
                          GPtrArray      *visits,
                          const char     *cursor,
                          GError        **error)
{
  const char *what = _("The visits could not be saved on this device");
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self, upsert_visit_sql, what, error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < visits->len; i++)
    {
      FindingsStoreVisit *visit = g_ptr_array_index (visits, i);
      const char *body = NULL;
      gsize length = 0;

      if (visit->body != NULL)
        body = g_bytes_get_data (visit->body, &length);

      if (!upsert_visit (self, stmt, visit->id, visit->site_id, visit->completed_at,
                         body, length, what, error))
        return FALSE;
    }

  return set_cursor_locked (self, cursor, error);
}

static gboolean
is_pragma_name (const char *name)
{
  if (name == NULL || name[0] == '\0')
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p) && *p != '_')
        return FALSE;
    }

  return TRUE;
}


/*
 * Callbacks
 */

static void
add_decision_thread_cb (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  FindingsStore *self = source_object;
  GError *error = NULL;

  /* Once started, the write runs to its end: half a decision is no decision. */
  if (g_task_return_error_if_cancelled (task))
    return;

  if (add_body (self, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}


/*
 * GInitable
 */

static gboolean
findings_store_initable_init (GInitable     *initable,
                              GCancellable  *cancellable,
                              GError       **error)
{
  FindingsStore *self = FINDINGS_STORE (initable);
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (self->path != NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);

  if (self->db != NULL)
    return TRUE;

  if (open_database (self, error))
    return TRUE;

  g_clear_pointer (&self->db, findings_sqlite_close);
  return FALSE;
}

static void
findings_store_initable_iface_init (GInitableIface *iface)
{
  iface->init = findings_store_initable_init;
}


/*
 * GObject overrides
 */

static void
findings_store_finalize (GObject *object)
{
  FindingsStore *self = (FindingsStore *) object;

  g_clear_pointer (&self->db, findings_sqlite_close);

  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (findings_store_parent_class)->finalize (object);
}

static void
findings_store_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FindingsStore *self = FINDINGS_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_store_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FindingsStore *self = FINDINGS_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_store_class_init (FindingsStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = findings_store_finalize;
  object_class->get_property = findings_store_get_property;
  object_class->set_property = findings_store_set_property;

  /* The database file; its folder is created when missing. */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS |
                         G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
findings_store_init (FindingsStore *self)
{
  g_mutex_init (&self->lock);
}


/*
 * Public API
 */

FindingsOutboxEntry *
findings_outbox_entry_copy (const FindingsOutboxEntry *entry)
{
  FindingsOutboxEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_new0 (FindingsOutboxEntry, 1);
  *copy = *entry;
  copy->id = g_strdup (entry->id);
  copy->visit_id = g_strdup (entry->visit_id);
  copy->recommendation_id = g_strdup (entry->recommendation_id);
  copy->body = entry->body != NULL ? g_bytes_ref (entry->body) : NULL;
  copy->last_error = g_strdup (entry->last_error);
  copy->problem_type = g_strdup (entry->problem_type);
  copy->response = g_strdup (entry->response);

  return copy;
}

void
findings_outbox_entry_free (FindingsOutboxEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->id);
  g_free (entry->visit_id);
  g_free (entry->recommendation_id);
  g_clear_pointer (&entry->body, g_bytes_unref);
  g_free (entry->last_error);
  g_free (entry->problem_type);
  g_free (entry->response);
  g_free (entry);
}

/**
 * findings_store_visit_new:
 * @id: the visit's id
 * @site_id: (nullable): its site's id
 * @completed_at: (nullable): when the visit was completed
 * @body: the visit document as the office sent it
 *
 * Returns: (transfer full): one visit for findings_store_save_page()
 */
FindingsStoreVisit *
findings_store_visit_new (const char *id,
                          const char *site_id,
                          GDateTime  *completed_at,
                          GBytes     *body)
{
  FindingsStoreVisit *visit = g_new0 (FindingsStoreVisit, 1);

  visit->id = g_strdup (id);
  visit->site_id = g_strdup (site_id);
  visit->completed_at = completed_at != NULL ? g_date_time_ref (completed_at) : NULL;
  visit->body = body != NULL ? g_bytes_ref (body) : NULL;

  return visit;
}

FindingsStoreVisit *
findings_store_visit_copy (const FindingsStoreVisit *visit)
{
  g_return_val_if_fail (visit != NULL, NULL);

  return findings_store_visit_new (visit->id, visit->site_id, visit->completed_at, visit->body);
}

void
findings_store_visit_free (FindingsStoreVisit *visit)
{
  if (visit == NULL)
    return;

  g_free (visit->id);
  g_free (visit->site_id);
  g_clear_pointer (&visit->completed_at, g_date_time_unref);
  g_clear_pointer (&visit->body, g_bytes_unref);
  g_free (visit);
}

/**
 * findings_store_open:
 * @path: the database file, created with its folders when missing
 * @error: return location for a %FINDINGS_STORE_ERROR
 *
 * Opens the local database, creating or upgrading its tables. A file that is
 * not a database gives %FINDINGS_STORE_ERROR_CORRUPT; one made by a newer
 * version of Findings, %FINDINGS_STORE_ERROR_VERSION.
 *
 * Returns: (transfer full) (nullable): the store
 */
FindingsStore *
findings_store_open (const char  *path,
                     GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_initable_new (FINDINGS_TYPE_STORE, NULL, error,
                         "path", path,
                         NULL);
}

const char *
findings_store_get_path (FindingsStore *self)
{
  g_return_val_if_fail (FINDINGS_IS_STORE (self), NULL);

  return self->path;
}

/**
 * findings_store_dup_pragma:
 * @name: a pragma such as "journal_mode" or "synchronous"
 *
 * Reads one setting of the store's own connection, for diagnostics and tests.
 *
 * Returns: (transfer full) (nullable): its value as text, or %NULL
 */
char *
findings_store_dup_pragma (FindingsStore *self,
                           const char    *name)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), NULL);
  g_return_val_if_fail (is_pragma_name (name), NULL);

  locker = g_mutex_locker_new (&self->lock);
  sql = g_strdup_printf ("PRAGMA %s", name);
  stmt = prepare (self, sql, "PRAGMA", &error);
  if (stmt == NULL)
    {
      g_warning ("%s", error->message);
      return NULL;
    }

  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return dup_column_text (stmt, 0);
}

/**
 * findings_store_add_decision:
 * @decision: a complete decision
 * @error: return location for a %FINDINGS_STORE_ERROR
 *
 * Puts @decision in the outbox, to be sent. When this returns %TRUE the
 * decision is committed to disk and the screen may say it is saved. The same
 * id twice is %FINDINGS_STORE_ERROR_EXISTS, and a decision the office would
 * refuse as incomplete is %FINDINGS_STORE_ERROR_INVALID.
 *
 * This waits for the disk: from the UI, use findings_store_add_decision_async().
 *
 * Returns: %TRUE once the decision is saved
 */
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

  return add_body (self, data, error);
}

/**
 * findings_store_add_decision_async:
 *
 * Like findings_store_add_decision(), in a worker thread. The decision is
 * written out before this returns, so it may change afterwards. Cancelling
 * stops the write only if it has not started.
 */
void
findings_store_add_decision_async (FindingsStore       *self,
                                   FindingsDecision    *decision,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  AddData *data;

  g_return_if_fail (FINDINGS_IS_STORE (self));
  g_return_if_fail (FINDINGS_IS_DECISION (decision));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, findings_store_add_decision_async);

  data = add_data_new (decision, &error);
  if (data == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, data, (GDestroyNotify) add_data_free);
  g_task_run_in_thread (task, add_decision_thread_cb);
}

gboolean
findings_store_add_decision_finish (FindingsStore  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (FINDINGS_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        findings_store_add_decision_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
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

  g_return_val_if_fail (FINDINGS_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  stmt = prepare (self,
                  "SELECT " ENTRY_COLUMNS " FROM outbox"
                  " WHERE state = 'pending' AND next_attempt_at <= ?"
                  " ORDER BY created_at, rowid",
                  what, error);
  if (stmt == NULL || !bind_values (self, stmt, what, error, "i", now_us))
    return NULL;

  return collect_entries (self, stmt, what, error);
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
  int rc;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  stmt = prepare (self, "SELECT count(*) FROM outbox WHERE state = 'pending'", what, &error);
  if (stmt == NULL)
    {
      g_warning ("%s", error->message);
      return 0;
    }

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      fail_sqlite (self, rc, what, &error);
      g_warning ("%s", error->message);
      return 0;
    }

  return (guint) sqlite3_column_int64 (stmt, 0);
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

  g_return_val_if_fail (FINDINGS_IS_STORE (self), NULL);
  g_return_val_if_fail (rec_id != NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  stmt = prepare (self,
                  "SELECT " ENTRY_COLUMNS " FROM outbox WHERE recommendation_id = ?"
                  " ORDER BY created_at DESC, rowid DESC",
                  what, &error);
  if (stmt != NULL && bind_values (self, stmt, what, &error, "s", rec_id))
    entries = collect_entries (self, stmt, what, &error);

  if (entries == NULL)
    {
      g_warning ("%s", error->message);
      entries = g_ptr_array_new_with_free_func ((GDestroyNotify) findings_outbox_entry_free);
    }

  return entries;
}

/**
 * findings_store_mark_sent:
 * @id: a decision's id
 * @response_json: (nullable): the office's answer, kept as it came
 * @error: return location for a %FINDINGS_STORE_ERROR
 *
 * Records that the office has the decision (201, or 200 for a replay).
 *
 * Returns: %TRUE once recorded
 */
gboolean
findings_store_mark_sent (FindingsStore  *self,
                          const char     *id,
                          const char     *response_json,
                          GError        **error)
{
  const char *what = _("The decision could not be marked as sent");
  g_autoptr(GMutexLocker) locker = NULL;
  int changed;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  changed = update_rows (self,
                         "UPDATE outbox SET state = 'sent', response = ?, sent_at = ?,"
                         " last_error = NULL, problem_type = NULL WHERE id = ?",
                         what, error, "sis", response_json, g_get_real_time (), id);
  if (changed == 0)
    g_set_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_NOT_FOUND,
                 _("No decision with the id %s is saved on this device."), id);

  return changed > 0;
}

/**
 * findings_store_mark_refused:
 * @id: a decision's id
 * @problem_type: (nullable): the problem document's `type`, such as "quote-expired"
 * @detail: (nullable): its `detail`, or another explanation
 * @error: return location for a %FINDINGS_STORE_ERROR
 *
 * Records that the office refused the decision for good (404, 409, 422). It is
 * kept, to be shown, and never sent again.
 *
 * Returns: %TRUE once recorded
 */
gboolean
findings_store_mark_refused (FindingsStore  *self,
                             const char     *id,
                             const char     *problem_type,
                             const char     *detail,
                             GError        **error)
{
  const char *what = _("The decision could not be marked as refused");
  g_autoptr(GMutexLocker) locker = NULL;
  int changed;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  changed = update_rows (self,
                         "UPDATE outbox SET state = 'refused', problem_type = ?, last_error = ?"
                         " WHERE id = ?",
                         what, error, "sss", problem_type, detail, id);
  if (changed == 0)
    g_set_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_NOT_FOUND,
                 _("No decision with the id %s is saved on this device."), id);

  return changed > 0;
}

/**
 * findings_store_reschedule:
 * @id: the id of a decision still to be sent
 * @next_attempt_us: when to try again, in microseconds since 1970
 * @last_error: (nullable): why this try failed
 * @error: return location for a %FINDINGS_STORE_ERROR
 *
 * Counts one failed try and hides the decision from
 * findings_store_list_pending() until @next_attempt_us. A decision already
 * sent or refused is left alone: %FINDINGS_STORE_ERROR_NOT_FOUND.
 *
 * Returns: %TRUE once recorded
 */
gboolean
findings_store_reschedule (FindingsStore  *self,
                           const char     *id,
                           gint64          next_attempt_us,
                           const char     *last_error,
                           GError        **error)
{
  const char *what = _("The next try to send the decision could not be saved");
  g_autoptr(GMutexLocker) locker = NULL;
  int changed;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  changed = update_rows (self,
                         "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?,"
                         " last_error = ? WHERE id = ? AND state = 'pending'",
                         what, error, "iss", next_attempt_us, last_error, id);
  if (changed == 0)
    g_set_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_NOT_FOUND,
                 _("No decision with the id %s is waiting to be sent."), id);

  return changed > 0;
}

/**
 * findings_store_save_visit:
 * @id: the visit's id
 * @site_id: (nullable): its site's id
 * @completed_at: (nullable): when it was completed
 * @json: the visit document as the office sent it
 * @length: its length in bytes
 * @error: return location for a %FINDINGS_STORE_ERROR
 *
 * Saves one visit, replacing the one with the same id.
 *
 * Returns: %TRUE once saved
 */
gboolean
findings_store_save_visit (FindingsStore  *self,
                           const char     *id,
                           const char     *site_id,
                           GDateTime      *completed_at,
                           const char     *json,
                           gsize           length,
                           GError        **error)
{
  const char *what = _("The visit could not be saved on this device");
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  stmt = prepare (self, upsert_visit_sql, what, error);
  if (stmt == NULL)
    return FALSE;

  return upsert_visit (self, stmt, id, site_id, completed_at, json, length, what, error);
}

/**
 * findings_store_save_page:
 * @visits: (element-type FindingsStoreVisit): one page of visits from the office
 * @cursor: (nullable): the cursor that comes after this page; %NULL forgets it
 * @error: return location for a %FINDINGS_STORE_ERROR
 *
 * Saves the visits and the cursor in one transaction: either all of them are
 * saved, or none and the cursor stays where it was, so that the page is asked
 * for again.
 *
 * Returns: %TRUE once saved
 */
gboolean
findings_store_save_page (FindingsStore  *self,
                          GPtrArray      *visits,
                          const char     *cursor,
                          GError        **error)
{
  const char *what = _("The visits could not be saved on this device");
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), FALSE);
  g_return_val_if_fail (visits != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);

  if (!exec (self, "BEGIN IMMEDIATE", what, error))
    return FALSE;

  if (!save_page_in_transaction (self, visits, cursor, error) ||
      !exec (self, "COMMIT", what, error))
    {
      rollback (self);
      return FALSE;
    }

  return TRUE;
}

/**
 * findings_store_load_visit_bodies:
 * @error: return location for a %FINDINGS_STORE_ERROR
 *
 * Returns: (transfer container) (element-type GBytes) (nullable): every saved
 *   visit document, the most recently completed first
 */
GPtrArray *
findings_store_load_visit_bodies (FindingsStore  *self,
                                  GError        **error)
{
  const char *what = _("The saved visits could not be read");
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  int rc;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  stmt = prepare (self, "SELECT body FROM visits ORDER BY completed_at DESC, id", what, error);
  if (stmt == NULL)
    return NULL;

  bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (bodies, column_bytes (stmt, 0, TRUE));

  if (rc != SQLITE_DONE)
    {
      fail_sqlite (self, rc, what, error);
      return NULL;
    }

  return g_steal_pointer (&bodies);
}

/**
 * findings_store_dup_cursor:
 *
 * Returns: (transfer full) (nullable): the office's cursor after the last page
 *   saved, or %NULL to ask for every visit (also when the store cannot be
 *   read: a warning is logged)
 */
char *
findings_store_dup_cursor (FindingsStore *self)
{
  const char *what = _("The sync position could not be read");
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  int rc;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  stmt = prepare (self, "SELECT value FROM meta WHERE key = ?", what, &error);
  if (stmt == NULL || !bind_values (self, stmt, what, &error, "s", CURSOR_KEY))
    {
      g_warning ("%s", error->message);
      return NULL;
    }

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return dup_column_text (stmt, 0);

  if (rc != SQLITE_DONE)
    {
      fail_sqlite (self, rc, what, &error);
      g_warning ("%s", error->message);
    }

  return NULL;
}

/**
 * findings_store_set_cursor:
 * @cursor: (nullable): the office's cursor; %NULL forgets it
 * @error: return location for a %FINDINGS_STORE_ERROR
 *
 * Returns: %TRUE once saved
 */
gboolean
findings_store_set_cursor (FindingsStore  *self,
                           const char     *cursor,
                           GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);

  return set_cursor_locked (self, cursor, error);
}

/**
 * findings_store_save_photo:
 * @id: the photo's id
 * @sha256: (nullable): the checksum the visit gives for it, in hexadecimal
 * @media_type: (nullable): such as "image/jpeg"
 * @data: the photo's bytes
 * @error: return location for a %FINDINGS_STORE_ERROR
 *
 * Saves a photo, replacing the one with the same id. Bytes that do not match
 * @sha256 are refused with %FINDINGS_STORE_ERROR_CHECKSUM and not saved.
 *
 * Returns: %TRUE once saved
 */
gboolean
findings_store_save_photo (FindingsStore  *self,
                           const char     *id,
                           const char     *sha256,
                           const char     *media_type,
                           GBytes         *data,
                           GError        **error)
{
  const char *what = _("The photo could not be saved on this device");
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *computed = NULL;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  computed = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  if (sha256 != NULL && g_ascii_strcasecmp (sha256, computed) != 0)
    {
      g_set_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_CHECKSUM,
                   _("The photo %s arrived damaged: its checksum does not match the "
                     "one in the visit."),
                   id);
      return FALSE;
    }

  locker = g_mutex_locker_new (&self->lock);
  stmt = prepare (self,
                  "INSERT INTO photos (id, sha256, media_type, data, fetched_at)"
                  " VALUES (?, ?, ?, ?, ?)"
                  " ON CONFLICT (id) DO UPDATE SET sha256 = excluded.sha256,"
                  " media_type = excluded.media_type, data = excluded.data,"
                  " fetched_at = excluded.fetched_at",
                  what, error);

  return stmt != NULL &&
         bind_values (self, stmt, what, error, "sssbi",
                      id, computed, media_type, data, g_get_real_time ()) &&
         step_done (self, stmt, what, error);
}

/**
 * findings_store_load_photo:
 * @id: the photo's id
 * @media_type: (out) (optional) (nullable) (transfer full): its media type
 * @error: return location for a %FINDINGS_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): the photo's bytes; %NULL with
 *   %FINDINGS_STORE_ERROR_NOT_FOUND when it is not saved
 */
GBytes *
findings_store_load_photo (FindingsStore  *self,
                           const char     *id,
                           char          **media_type,
                           GError        **error)
{
  const char *what = _("The photo could not be read");
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (media_type != NULL)
    *media_type = NULL;

  locker = g_mutex_locker_new (&self->lock);
  stmt = prepare (self, "SELECT media_type, data FROM photos WHERE id = ?", what, error);
  if (stmt == NULL || !bind_values (self, stmt, what, error, "s", id))
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_NOT_FOUND,
                   _("The photo %s is not saved on this device."), id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      fail_sqlite (self, rc, what, error);
      return NULL;
    }

  if (media_type != NULL)
    *media_type = dup_column_text (stmt, 0);

  return column_bytes (stmt, 1, FALSE);
}

/**
 * findings_store_has_photo:
 * @id: the photo's id
 * @sha256: (nullable): the checksum the visit gives now; %NULL for any
 *
 * Whether the photo is saved, with these very bytes when @sha256 is given: a
 * photo replaced at the office has a new checksum and is fetched again.
 *
 * Returns: %TRUE when it is (%FALSE, with a warning, when the store cannot be read)
 */
gboolean
findings_store_has_photo (FindingsStore *self,
                          const char    *id,
                          const char    *sha256)
{
  const char *what = _("The photo could not be read");
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  const char *stored;
  int rc;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  stmt = prepare (self, "SELECT sha256 FROM photos WHERE id = ?", what, &error);
  if (stmt == NULL || !bind_values (self, stmt, what, &error, "s", id))
    {
      g_warning ("%s", error->message);
      return FALSE;
    }

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return FALSE;
  if (rc != SQLITE_ROW)
    {
      fail_sqlite (self, rc, what, &error);
      g_warning ("%s", error->message);
      return FALSE;
    }

  stored = (const char *) sqlite3_column_text (stmt, 0);
  return sha256 == NULL || (stored != NULL && g_ascii_strcasecmp (sha256, stored) == 0);
}
