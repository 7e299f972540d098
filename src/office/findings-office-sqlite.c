/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-office"

#include "config.h"

#include "findings-office-sqlite.h"
#include "findings-sqlite.h"

typedef struct
{
  FindingsOfficeStmt  parent;
  sqlite3_stmt       *handle;
  gboolean            busy;
  gboolean            kept;
  gboolean            done;
} Stmt;

struct _FindingsOfficeSqlite
{
  FindingsOfficeSql  parent_instance;

  sqlite3           *handle;
  GHashTable        *statements;  /* SQL → Stmt */
};

G_DEFINE_FINAL_TYPE (FindingsOfficeSqlite, findings_office_sqlite, FINDINGS_TYPE_OFFICE_SQL)

#define SELF(sql) ((FindingsOfficeSqlite *) (sql))


/*
 * Auxiliary methods
 */

/* The helper's codes, in the office's SQL domain; the message stays SQLite's. */
static gboolean
convert_error (GError  **error,
               GError   *local_error)
{
  FindingsOfficeSqlError code = FINDINGS_OFFICE_SQL_ERROR_FAILED;

  if (local_error->domain == FINDINGS_SQLITE_ERROR)
    {
      if (local_error->code == FINDINGS_SQLITE_ERROR_UNIQUE)
        code = FINDINGS_OFFICE_SQL_ERROR_UNIQUE;
      else if (local_error->code == FINDINGS_SQLITE_ERROR_CORRUPT ||
               local_error->code == FINDINGS_SQLITE_ERROR_IO ||
               local_error->code == FINDINGS_SQLITE_ERROR_SETTING)
        code = FINDINGS_OFFICE_SQL_ERROR_OPEN;

      g_set_error_literal (error, FINDINGS_OFFICE_SQL_ERROR, code, local_error->message);
      g_error_free (local_error);
      return FALSE;
    }

  g_propagate_error (error, local_error);
  return FALSE;
}

static void
stmt_free (gpointer data)
{
  Stmt *stmt = data;

  sqlite3_finalize (stmt->handle);
  g_free (stmt);
}


/*
 * FindingsOfficeSql overrides
 */

static gboolean
sqlite_exec (FindingsOfficeSql  *sql,
             const char         *script,
             GError            **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!findings_sqlite_exec (SELF (sql)->handle, script, &local_error))
    return convert_error (error, g_steal_pointer (&local_error));

  return TRUE;
}

static gboolean
sqlite_begin (FindingsOfficeSql  *sql,
              gboolean            write,
              GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  /* BEGIN IMMEDIATE takes the file's write lock first: one writer at a time. */
  ok = write ? findings_sqlite_begin (SELF (sql)->handle, &local_error)
             : findings_sqlite_begin_read (SELF (sql)->handle, &local_error);
  if (!ok)
    return convert_error (error, g_steal_pointer (&local_error));

  return TRUE;
}

static gboolean
sqlite_commit (FindingsOfficeSql  *sql,
               GError            **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!findings_sqlite_commit (SELF (sql)->handle, &local_error))
    return convert_error (error, g_steal_pointer (&local_error));

  return TRUE;
}

static void
sqlite_rollback (FindingsOfficeSql *sql)
{
  findings_sqlite_rollback (SELF (sql)->handle);
}

static FindingsOfficeStmt *sqlite_prepare (FindingsOfficeSql  *sql,
                                           const char         *text,
                                           GError            **error);
static gboolean            sqlite_step    (FindingsOfficeStmt *stmt,
                                           gboolean           *out_row,
                                           GError            **error);

static gboolean
sqlite_get_version (FindingsOfficeSql  *sql,
                    int                *out_version,
                    GError            **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  gboolean row;

  stmt = sqlite_prepare (sql, "PRAGMA user_version", error);
  if (stmt == NULL || !sqlite_step (stmt, &row, error))
    return FALSE;

  *out_version = row ? sqlite3_column_int (((Stmt *) stmt)->handle, 0) : 0;
  return TRUE;
}

static gboolean
sqlite_set_version (FindingsOfficeSql  *sql,
                    int                 version,
                    GError            **error)
{
  g_autofree char *text = g_strdup_printf ("PRAGMA user_version = %d", version);

  return sqlite_exec (sql, text, error);
}

static FindingsOfficeStmt *
sqlite_prepare (FindingsOfficeSql  *sql,
                const char         *text,
                GError            **error)
{
  FindingsOfficeSqlite *self = SELF (sql);
  g_autoptr(GError) local_error = NULL;
  Stmt *stmt = g_hash_table_lookup (self->statements, text);
  sqlite3_stmt *handle;

  if (stmt != NULL && !stmt->busy)
    {
      stmt->busy = TRUE;
      stmt->done = FALSE;
      return &stmt->parent;
    }

  handle = findings_sqlite_prepare (self->handle, text, &local_error);
  if (handle == NULL)
    {
      convert_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* The same statement twice at once (a nested use) gets one of its own. */
  stmt = g_new0 (Stmt, 1);
  stmt->parent.owner = sql;
  stmt->handle = handle;
  stmt->busy = TRUE;
  stmt->kept = !g_hash_table_contains (self->statements, text);
  if (stmt->kept)
    g_hash_table_insert (self->statements, g_strdup (text), stmt);

  return &stmt->parent;
}

static void
sqlite_release (FindingsOfficeStmt *base)
{
  Stmt *stmt = (Stmt *) base;

  if (!stmt->kept)
    {
      stmt_free (stmt);
      return;
    }

  /* A statement left open would hold its read snapshot. */
  sqlite3_reset (stmt->handle);
  sqlite3_clear_bindings (stmt->handle);
  stmt->busy = FALSE;
}

static gboolean
sqlite_bind_va (FindingsOfficeStmt  *base,
                GError             **error,
                const char          *types,
                va_list              args)
{
  g_autoptr(GError) local_error = NULL;

  if (!findings_sqlite_bind_va (((Stmt *) base)->handle, &local_error, types, args))
    return convert_error (error, g_steal_pointer (&local_error));

  return TRUE;
}

static gboolean
sqlite_step (FindingsOfficeStmt  *base,
             gboolean            *out_row,
             GError             **error)
{
  Stmt *stmt = (Stmt *) base;
  g_autoptr(GError) local_error = NULL;

  if (stmt->done)
    {
      *out_row = FALSE;
      return TRUE;
    }

  if (!findings_sqlite_step_row (stmt->handle, out_row, &local_error))
    return convert_error (error, g_steal_pointer (&local_error));

  stmt->done = !*out_row;
  return TRUE;
}

static gboolean
sqlite_reset (FindingsOfficeStmt  *base,
              GError             **error)
{
  Stmt *stmt = (Stmt *) base;
  g_autoptr(GError) local_error = NULL;

  stmt->done = FALSE;
  if (!findings_sqlite_reset (stmt->handle, &local_error))
    return convert_error (error, g_steal_pointer (&local_error));

  return TRUE;
}

static gint64
sqlite_changes (FindingsOfficeStmt *base)
{
  return sqlite3_changes (SELF (base->owner)->handle);
}

static gboolean
sqlite_is_null (FindingsOfficeStmt *base,
                int                 column)
{
  return sqlite3_column_type (((Stmt *) base)->handle, column) == SQLITE_NULL;
}

static const char *
sqlite_text (FindingsOfficeStmt *base,
             int                 column,
             gsize              *out_length)
{
  sqlite3_stmt *handle = ((Stmt *) base)->handle;
  const char *text = findings_sqlite_column_text (handle, column);

  if (out_length != NULL)
    *out_length = text != NULL ? (gsize) sqlite3_column_bytes (handle, column) : 0;

  return text;
}

static gint64
sqlite_integer (FindingsOfficeStmt *base,
                int                 column)
{
  return sqlite3_column_int64 (((Stmt *) base)->handle, column);
}

static GBytes *
sqlite_bytes (FindingsOfficeStmt *base,
              int                 column)
{
  return findings_sqlite_column_bytes (((Stmt *) base)->handle, column);
}


/*
 * GObject overrides
 */

static void
findings_office_sqlite_finalize (GObject *object)
{
  FindingsOfficeSqlite *self = (FindingsOfficeSqlite *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->handle, findings_sqlite_close);

  G_OBJECT_CLASS (findings_office_sqlite_parent_class)->finalize (object);
}

static void
findings_office_sqlite_class_init (FindingsOfficeSqliteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FindingsOfficeSqlClass *sql_class = FINDINGS_OFFICE_SQL_CLASS (klass);

  object_class->finalize = findings_office_sqlite_finalize;

  sql_class->name = "sqlite";
  sql_class->exec = sqlite_exec;
  sql_class->begin = sqlite_begin;
  sql_class->commit = sqlite_commit;
  sql_class->rollback = sqlite_rollback;
  sql_class->get_version = sqlite_get_version;
  sql_class->set_version = sqlite_set_version;
  sql_class->prepare = sqlite_prepare;
  sql_class->release = sqlite_release;
  sql_class->bind_va = sqlite_bind_va;
  sql_class->step = sqlite_step;
  sql_class->reset = sqlite_reset;
  sql_class->changes = sqlite_changes;
  sql_class->is_null = sqlite_is_null;
  sql_class->text = sqlite_text;
  sql_class->integer = sqlite_integer;
  sql_class->bytes = sqlite_bytes;
}

static void
findings_office_sqlite_init (FindingsOfficeSqlite *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stmt_free);
}


/*
 * Public API
 */

/**
 * findings_office_sqlite_new:
 * @path: the file, created 0600 when missing, or `:memory:`
 *
 * Opens the file with the write-ahead log required: answers are given once saved.
 *
 * Returns: (transfer full) (nullable): the connection
 */
FindingsOfficeSqlite *
findings_office_sqlite_new (const char  *path,
                            GError     **error)
{
  g_autoptr(FindingsOfficeSqlite) self = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (FINDINGS_TYPE_OFFICE_SQLITE, NULL);
  self->handle = findings_sqlite_open (path, FINDINGS_SQLITE_OPEN_REQUIRE_WAL, &local_error);
  if (self->handle == NULL)
    {
      convert_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&self);
}
