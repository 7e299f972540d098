/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "findings-store-private.h"

/* The kiosk's durable store. A decision is committed here before the screen
 * says it is saved: WAL with synchronous=FULL makes each COMMIT reach the disk
 * before it returns, so "saved" survives a crash or a power cut.
 *
 * Two connections: the writer thread owns the write connection and runs the
 * writes one at a time, in the order they were asked for; a read-only one serves
 * the synchronous reads, so that a long write (a 20 MiB photo, its fsync) never
 * holds up the main thread. The outbox lives in findings-store-outbox.c, the
 * visit and photo cache in findings-store-cache.c. */

#define SCHEMA_VERSION 1

/* One write waiting for the writer thread: either a GTask to return to, or a caller
 * blocked on @cond until @done. */
typedef struct
{
  FindingsStore          *self;
  FindingsStoreWriteFunc  func;
  gpointer                data;
  GDestroyNotify          data_free;
  const char             *what;

  GTask                  *task;

  GMutex                 *mutex;
  GCond                  *cond;
  gboolean                done;
  gboolean                ok;
  GError                 *error;
} WriteJob;

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

/* Pushed by finalize: the writer thread ends when it pops it. */
static WriteJob stop_job;

static void findings_store_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FindingsStore, findings_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      findings_store_initable_iface_init))

G_DEFINE_QUARK (findings-store-error-quark, findings_store_error)

enum
{
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


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

static void
write_job_free (WriteJob *job)
{
  if (job->data_free != NULL)
    g_clear_pointer (&job->data, job->data_free);
  g_clear_object (&job->task);
  g_free (job);
}

/* One transaction per write: it is saved whole or not at all. */
static gboolean
run_write (FindingsStore  *self,
           WriteJob       *job,
           GError        **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->write_lock);
  GError *cause = NULL;

  if (!findings_sqlite_begin (self->db, &cause))
    return _findings_store_propagate_error (error, cause, job->what);

  if (!job->func (self, job->data, &cause))
    {
      findings_sqlite_rollback (self->db);
      return _findings_store_propagate_error (error, cause, job->what);
    }

  if (self->write_hook != NULL)
    self->write_hook (self, self->write_hook_data);

  /* Only now may the caller say "saved". */
  if (!findings_sqlite_commit (self->db, &cause))
    return _findings_store_propagate_error (error, cause, job->what);

  return TRUE;
}

static void
run_task_job (WriteJob *job)
{
  GTask *task = g_steal_pointer (&job->task);
  GError *error = NULL;

  /* Skipped only before it starts: once begun, a write runs to its COMMIT. */
  if (!g_task_return_error_if_cancelled (task))
    {
      if (run_write (job->self, job, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
    }

  write_job_free (job);
  /* The task holds the store: this may be its last reference, and finalize then runs
   * here, on this thread (see findings_store_finalize()). Nothing below touches it. */
  g_object_unref (task);
}

static void
run_waited_job (WriteJob *job)
{
  GError *error = NULL;
  gboolean ok = run_write (job->self, job, &error);

  g_mutex_lock (job->mutex);
  job->ok = ok;
  job->error = error;
  job->done = TRUE;
  g_cond_signal (job->cond);
  /* The waiter owns @job and frees it once it sees @done. */
  g_mutex_unlock (job->mutex);
}

static gboolean
read_user_version (FindingsStore  *self,
                   int            *version,
                   GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GError *cause = NULL;
  gboolean row = FALSE;

  stmt = findings_sqlite_prepare (self->db, "PRAGMA user_version", &cause);
  if (stmt == NULL || !findings_sqlite_step_row (stmt, &row, &cause) || !row)
    {
      if (cause == NULL)
        g_set_error_literal (&cause, FINDINGS_SQLITE_ERROR, FINDINGS_SQLITE_ERROR_FAILED,
                             "PRAGMA user_version gave no row");
      return _findings_store_propagate_error (error, cause,
                                              _("The local database could not be read"));
    }

  *version = sqlite3_column_int (stmt, 0);
  return TRUE;
}

static gboolean
migrate_in_transaction (FindingsStore  *self,
                        GError        **error)
{
  g_autofree char *set_version = NULL;
  int version = 0;

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
  if (version < 1 && !findings_sqlite_exec (self->db, schema_v1, error))
    return FALSE;

  set_version = g_strdup_printf ("PRAGMA user_version = %d", SCHEMA_VERSION);
  return findings_sqlite_exec (self->db, set_version, error);
}

/* In one transaction, so that two processes opening a new file at once
 * cannot both create the tables. */
static gboolean
migrate (FindingsStore  *self,
         GError        **error)
{
  GError *cause = NULL;

  if (!findings_sqlite_begin (self->db, &cause) ||
      !migrate_in_transaction (self, &cause) ||
      !findings_sqlite_commit (self->db, &cause))
    {
      findings_sqlite_rollback (self->db);
      return _findings_store_propagate_error (error, cause,
                                              _("The local database could not be prepared"));
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

static sqlite3 *
open_connection (FindingsStore            *self,
                 FindingsSqliteOpenFlags   flags,
                 GError                  **error)
{
  GError *cause = NULL;
  sqlite3 *db = findings_sqlite_open (self->path, flags, &cause);

  if (db == NULL)
    _findings_store_propagate_error (error, cause, _("The local database could not be opened"));

  return db;
}

/* The writer first: it sets WAL and creates the tables the reader then sees. */
static gboolean
open_database (FindingsStore  *self,
               GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!create_private_file (self->path, error))
    return FALSE;

  self->db = open_connection (self, FINDINGS_SQLITE_OPEN_DEFAULT, &local_error);
  if (self->db != NULL && migrate (self, &local_error))
    self->reader = open_connection (self, FINDINGS_SQLITE_OPEN_READ_ONLY, &local_error);

  if (self->reader == NULL)
    {
      /* Name the file: the installer may have to move or remove it. */
      g_set_error (error, local_error->domain, local_error->code, "%s (%s)",
                   local_error->message, self->path);
      return FALSE;
    }

  return TRUE;
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

static gpointer
writer_thread_cb (gpointer user_data)
{
  g_autoptr(GAsyncQueue) writes = user_data;
  WriteJob *job;

  while ((job = g_async_queue_pop (writes)) != &stop_job)
    {
      if (job->task != NULL)
        run_task_job (job);
      else
        run_waited_job (job);
    }

  return NULL;
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

  g_return_val_if_fail (self->path != NULL, FALSE);

  if (self->writer != NULL)
    return TRUE;

  if (!open_database (self, error))
    {
      g_clear_pointer (&self->reader, findings_sqlite_close);
      g_clear_pointer (&self->db, findings_sqlite_close);
      return FALSE;
    }

  self->writer = g_thread_new ("findings-store-writer", writer_thread_cb,
                               g_async_queue_ref (self->writes));
  return TRUE;
}

static void
findings_store_initable_iface_init (GInitableIface *iface)
{
  iface->init = findings_store_initable_init;
}


/*
 * GObject overrides
 */

/* Every queued write holds a reference, so none is left by now. The last reference may
 * have gone on the writer thread itself, at the end of a write: it cannot join itself,
 * so it is let go and ends on its own when it pops the stop job, touching only its
 * queue. */
static void
findings_store_finalize (GObject *object)
{
  FindingsStore *self = (FindingsStore *) object;

  if (self->writer != NULL)
    {
      g_async_queue_push (self->writes, &stop_job);
      if (g_thread_self () == self->writer)
        g_thread_unref (self->writer);
      else
        g_thread_join (self->writer);
      self->writer = NULL;
    }

  /* The reader first: the writer's close checkpoints the log into the file. */
  g_clear_pointer (&self->reader, findings_sqlite_close);
  g_clear_pointer (&self->db, findings_sqlite_close);
  g_clear_pointer (&self->writes, g_async_queue_unref);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->write_lock);
  g_mutex_clear (&self->read_lock);

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
  g_mutex_init (&self->write_lock);
  g_mutex_init (&self->read_lock);
  self->writes = g_async_queue_new ();
}


/*
 * Shared through findings-store-private.h
 */

/* Where an error leaves the store: SQLite's own message follows @what, which says
 * what could not be done, for a person. Errors of the store's own domain pass as they
 * are. Takes @cause; returns %FALSE. */
gboolean
_findings_store_propagate_error (GError     **error,
                                 GError      *cause,
                                 const char  *what)
{
  g_assert (cause != NULL);

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

/* Queues @func behind every write submitted before it. @what must be a static string
 * (or one that lives as long as the store); @data is freed with @data_free once the
 * write has run or been skipped. */
void
_findings_store_write_async (FindingsStore          *self,
                             FindingsStoreWriteFunc  func,
                             gpointer                data,
                             GDestroyNotify          data_free,
                             const char             *what,
                             gpointer                source_tag,
                             GCancellable           *cancellable,
                             GAsyncReadyCallback     callback,
                             gpointer                user_data)
{
  WriteJob *job;

  g_assert (FINDINGS_IS_STORE (self));
  g_assert (self->writer != NULL);

  job = g_new0 (WriteJob, 1);
  job->self = self;
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->what = what;
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, source_tag);
  /* A write that ran says so, cancelled or not: the caller must not redo a saved one. */
  g_task_set_check_cancellable (job->task, FALSE);

  g_async_queue_push (self->writes, job);
}

gboolean
_findings_store_write_finish (FindingsStore  *self,
                              GAsyncResult   *result,
                              gpointer        source_tag,
                              GError        **error)
{
  g_return_val_if_fail (FINDINGS_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Like _findings_store_write_async(), waiting for the COMMIT; @data stays the
 * caller's. Through the same queue, so it keeps its place among the async ones. */
gboolean
_findings_store_write (FindingsStore           *self,
                       FindingsStoreWriteFunc   func,
                       gpointer                 data,
                       const char              *what,
                       GError                 **error)
{
  WriteJob job = { 0, };
  GMutex mutex;
  GCond cond;

  g_assert (FINDINGS_IS_STORE (self));
  g_assert (self->writer != NULL);
  /* The writer thread would wait for itself. */
  g_assert (g_thread_self () != self->writer);

  g_mutex_init (&mutex);
  g_cond_init (&cond);
  job.self = self;
  job.func = func;
  job.data = data;
  job.what = what;
  job.mutex = &mutex;
  job.cond = &cond;

  g_async_queue_push (self->writes, &job);

  g_mutex_lock (&mutex);
  while (!job.done)
    g_cond_wait (&cond, &mutex);
  g_mutex_unlock (&mutex);

  g_cond_clear (&cond);
  g_mutex_clear (&mutex);

  if (!job.ok)
    g_propagate_error (error, job.error);

  return job.ok;
}

void
_findings_store_set_write_hook (FindingsStore          *self,
                                FindingsStoreWriteHook  hook,
                                gpointer                user_data)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (FINDINGS_IS_STORE (self));

  locker = g_mutex_locker_new (&self->write_lock);
  self->write_hook = hook;
  self->write_hook_data = user_data;
}

/**
 * findings_store_dup_pragma:
 * @name: a pragma such as "journal_mode" or "synchronous"
 *
 * Reads one setting of the store's write connection, for diagnostics and tests.
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
  gboolean row;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), NULL);
  g_return_val_if_fail (is_pragma_name (name), NULL);

  locker = g_mutex_locker_new (&self->write_lock);
  sql = g_strdup_printf ("PRAGMA %s", name);
  stmt = findings_sqlite_prepare (self->db, sql, &error);
  if (stmt == NULL || !findings_sqlite_step_row (stmt, &row, &error))
    {
      g_warning ("%s: %s", sql, error->message);
      return NULL;
    }

  return row ? findings_sqlite_dup_column_text (stmt, 0) : NULL;
}


/*
 * Public API
 */

/**
 * findings_store_open:
 * @path: the database file, created with its folders when missing
 * @error: return location for a %FINDINGS_STORE_ERROR
 *
 * Opens the local database, creating or upgrading its tables, and starts its
 * writer thread. A file that is not a database gives
 * %FINDINGS_STORE_ERROR_CORRUPT; one made by a newer version of Findings,
 * %FINDINGS_STORE_ERROR_VERSION.
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
