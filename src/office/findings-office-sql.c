/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-office"

#include "config.h"


#include "findings-office-pg.h"
#include "findings-office-sql.h"
#include "findings-office-sqlite.h"

G_DEFINE_ABSTRACT_TYPE (FindingsOfficeSql, findings_office_sql, G_TYPE_OBJECT)

G_DEFINE_QUARK (findings-office-sql-error-quark, findings_office_sql_error)

#define CLASS(self) FINDINGS_OFFICE_SQL_GET_CLASS (self)


/*
 * GObject overrides
 */

static void
findings_office_sql_class_init (FindingsOfficeSqlClass *klass)
{
}

static void
findings_office_sql_init (FindingsOfficeSql *self)
{
}


/*
 * Public API
 */

/**
 * findings_office_sql_is_postgresql:
 * @target: what `--db` was given
 *
 * A `postgresql://` or `postgres://` URL, or a libpq `key=value` string that starts
 * with `host=`, `hostaddr=`, `dbname=`, `service=`, `user=` or `port=`, is a PostgreSQL
 * database; anything else is a SQLite file.
 */
gboolean
findings_office_sql_is_postgresql (const char *target)
{
  g_return_val_if_fail (target != NULL, FALSE);

  if (g_str_has_prefix (target, "postgresql://") || g_str_has_prefix (target, "postgres://"))
    return TRUE;

  /* A file name may hold "=", but hardly starts with a libpq keyword. */
  return g_str_has_prefix (target, "host=") || g_str_has_prefix (target, "hostaddr=") ||
         g_str_has_prefix (target, "dbname=") || g_str_has_prefix (target, "service=") ||
         g_str_has_prefix (target, "user=") || g_str_has_prefix (target, "port=");
}

/**
 * findings_office_sql_open:
 * @target: a SQLite file (created 0600 when missing), `:memory:`, or a PostgreSQL
 *   connection string (see findings_office_sql_is_postgresql())
 *
 * Returns: (transfer full) (nullable): the connection
 */
FindingsOfficeSql *
findings_office_sql_open (const char  *target,
                          GError     **error)
{
  g_return_val_if_fail (target != NULL, NULL);

  if (findings_office_sql_is_postgresql (target))
    return (FindingsOfficeSql *) findings_office_pg_new (target, error);

  return (FindingsOfficeSql *) findings_office_sqlite_new (target, error);
}

/* "sqlite" or "postgresql". */
const char *
findings_office_sql_get_name (FindingsOfficeSql *self)
{
  g_return_val_if_fail (FINDINGS_IS_OFFICE_SQL (self), NULL);

  return CLASS (self)->name;
}

/**
 * findings_office_sql_exec:
 * @script: one or more statements, such as a migration; no rows are read
 */
gboolean
findings_office_sql_exec (FindingsOfficeSql  *self,
                          const char         *script,
                          GError            **error)
{
  g_return_val_if_fail (FINDINGS_IS_OFFICE_SQL (self), FALSE);

  return CLASS (self)->exec (self, script, error);
}

/* A write transaction: one at a time across every process on the database. */
gboolean
findings_office_sql_begin (FindingsOfficeSql  *self,
                           GError            **error)
{
  g_return_val_if_fail (FINDINGS_IS_OFFICE_SQL (self), FALSE);

  return CLASS (self)->begin (self, TRUE, error);
}

/* A read transaction: every statement in it sees the same snapshot. */
gboolean
findings_office_sql_begin_read (FindingsOfficeSql  *self,
                                GError            **error)
{
  g_return_val_if_fail (FINDINGS_IS_OFFICE_SQL (self), FALSE);

  return CLASS (self)->begin (self, FALSE, error);
}

gboolean
findings_office_sql_commit (FindingsOfficeSql  *self,
                            GError            **error)
{
  g_return_val_if_fail (FINDINGS_IS_OFFICE_SQL (self), FALSE);

  return CLASS (self)->commit (self, error);
}

void
findings_office_sql_rollback (FindingsOfficeSql *self)
{
  g_return_if_fail (FINDINGS_IS_OFFICE_SQL (self));

  CLASS (self)->rollback (self);
}

/* The schema's version; 0 for an empty database. Call it in a write transaction. */
gboolean
findings_office_sql_get_version (FindingsOfficeSql  *self,
                                 int                *out_version,
                                 GError            **error)
{
  g_return_val_if_fail (FINDINGS_IS_OFFICE_SQL (self), FALSE);

  return CLASS (self)->get_version (self, out_version, error);
}

gboolean
findings_office_sql_set_version (FindingsOfficeSql  *self,
                                 int                 version,
                                 GError            **error)
{
  g_return_val_if_fail (FINDINGS_IS_OFFICE_SQL (self), FALSE);

  return CLASS (self)->set_version (self, version, error);
}

/**
 * findings_office_sql_prepare:
 * @sql: one statement
 *
 * Returns: (transfer none) (nullable): the statement, prepared on first use and kept;
 *   give it back with findings_office_stmt_release() or `g_autoptr(FindingsOfficeStmt)`
 */
FindingsOfficeStmt *
findings_office_sql_prepare (FindingsOfficeSql  *self,
                             const char         *sql,
                             GError            **error)
{
  g_return_val_if_fail (FINDINGS_IS_OFFICE_SQL (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  return CLASS (self)->prepare (self, sql, error);
}

/* Resets @stmt and hands it back to its connection. */
void
findings_office_stmt_release (FindingsOfficeStmt *stmt)
{
  if (stmt == NULL)
    return;

  CLASS (stmt->owner)->release (stmt);
}

/**
 * findings_office_stmt_bind:
 * @types: one letter for each value, bound from the first parameter on
 *
 * The letters:
 *   s  a string (const char *), or NULL
 *   n  a string that need not end in a nul (const char *), then its length (gsize)
 *   i  a gint64
 *   I  a pointer to a gint64 (const gint64 *), or NULL
 *   b  a GBytes as a blob, or NULL
 *
 * The values must stay alive until the statement has been stepped.
 */
gboolean
findings_office_stmt_bind (FindingsOfficeStmt  *stmt,
                           GError             **error,
                           const char          *types,
                           ...)
{
  va_list args;
  gboolean ok;

  g_return_val_if_fail (stmt != NULL, FALSE);

  va_start (args, types);
  ok = CLASS (stmt->owner)->bind_va (stmt, error, types, args);
  va_end (args);

  return ok;
}

/* The first step runs the statement; @out_row says whether a row is there to read. */
gboolean
findings_office_stmt_step (FindingsOfficeStmt  *stmt,
                           gboolean            *out_row,
                           GError             **error)
{
  g_return_val_if_fail (stmt != NULL, FALSE);

  return CLASS (stmt->owner)->step (stmt, out_row, error);
}

/* Runs a statement whose rows, if any, are not read. */
gboolean
findings_office_stmt_run (FindingsOfficeStmt  *stmt,
                          GError             **error)
{
  gboolean row;

  return findings_office_stmt_step (stmt, &row, error);
}

/* Makes @stmt ready to be bound and run again. */
gboolean
findings_office_stmt_reset (FindingsOfficeStmt  *stmt,
                            GError             **error)
{
  g_return_val_if_fail (stmt != NULL, FALSE);

  return CLASS (stmt->owner)->reset (stmt, error);
}

/* The rows the last run of @stmt inserted, updated or deleted. */
gint64
findings_office_stmt_changes (FindingsOfficeStmt *stmt)
{
  g_return_val_if_fail (stmt != NULL, 0);

  return CLASS (stmt->owner)->changes (stmt);
}

gboolean
findings_office_stmt_is_null (FindingsOfficeStmt *stmt,
                              int                 column)
{
  g_return_val_if_fail (stmt != NULL, TRUE);

  return CLASS (stmt->owner)->is_null (stmt, column);
}

/* Valid until the next step or release; NULL for NULL. */
const char *
findings_office_stmt_text (FindingsOfficeStmt *stmt,
                           int                 column)
{
  g_return_val_if_fail (stmt != NULL, NULL);

  return CLASS (stmt->owner)->text (stmt, column, NULL);
}

/* The text's length in bytes. */
gsize
findings_office_stmt_length (FindingsOfficeStmt *stmt,
                             int                 column)
{
  gsize length = 0;

  g_return_val_if_fail (stmt != NULL, 0);

  CLASS (stmt->owner)->text (stmt, column, &length);
  return length;
}

char *
findings_office_stmt_dup_text (FindingsOfficeStmt *stmt,
                               int                 column)
{
  return g_strdup (findings_office_stmt_text (stmt, column));
}

gint64
findings_office_stmt_int (FindingsOfficeStmt *stmt,
                          int                 column)
{
  g_return_val_if_fail (stmt != NULL, 0);

  return CLASS (stmt->owner)->integer (stmt, column);
}

/* A copy of a blob's bytes; NULL for NULL. */
GBytes *
findings_office_stmt_bytes (FindingsOfficeStmt *stmt,
                            int                 column)
{
  g_return_val_if_fail (stmt != NULL, NULL);

  return CLASS (stmt->owner)->bytes (stmt, column);
}
