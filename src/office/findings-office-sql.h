/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The office's statements, the same on SQLite (the default, one machine) and on
 * PostgreSQL (several offices over one database).
 *
 * SQL is written once, in the dialect both accept: `?` or `?N` parameters (the
 * PostgreSQL backend rewrites them to `$N`), `INSERT … ON CONFLICT`, `RETURNING`.
 * A migration script may say INTEGER, INTEGER PRIMARY KEY AUTOINCREMENT and BLOB:
 * the backend turns them into its own types (BIGINT, an identity column, BYTEA).
 *
 * Statements are prepared once per connection and kept: findings_office_sql_prepare()
 * hands out the kept one, and releasing it (g_autoptr) makes it ready again.
 *
 * Writes run in findings_office_sql_begin() transactions, which are serialized across
 * every process on the database: a write transaction sees everything committed before
 * it started, and change numbers are handed out in commit order. */

#define FINDINGS_OFFICE_SQL_ERROR (findings_office_sql_error_quark ())

typedef enum
{
  FINDINGS_OFFICE_SQL_ERROR_FAILED,
  /* A PRIMARY KEY or UNIQUE constraint. */
  FINDINGS_OFFICE_SQL_ERROR_UNIQUE,
  /* The database cannot be reached, opened or read. */
  FINDINGS_OFFICE_SQL_ERROR_OPEN,
} FindingsOfficeSqlError;

typedef struct _FindingsOfficeStmt FindingsOfficeStmt;

#define FINDINGS_TYPE_OFFICE_SQL (findings_office_sql_get_type ())
G_DECLARE_DERIVABLE_TYPE (FindingsOfficeSql, findings_office_sql, FINDINGS, OFFICE_SQL, GObject)

struct _FindingsOfficeSqlClass
{
  GObjectClass parent_class;

  const char         *name;

  gboolean            (*exec)        (FindingsOfficeSql   *self,
                                      const char          *script,
                                      GError             **error);
  gboolean            (*begin)       (FindingsOfficeSql   *self,
                                      gboolean             write,
                                      GError             **error);
  gboolean            (*commit)      (FindingsOfficeSql   *self,
                                      GError             **error);
  void                (*rollback)    (FindingsOfficeSql   *self);
  gboolean            (*get_version) (FindingsOfficeSql   *self,
                                      int                 *out_version,
                                      GError             **error);
  gboolean            (*set_version) (FindingsOfficeSql   *self,
                                      int                  version,
                                      GError             **error);
  FindingsOfficeStmt *(*prepare)     (FindingsOfficeSql   *self,
                                      const char          *sql,
                                      GError             **error);
  void                (*release)     (FindingsOfficeStmt  *stmt);
  gboolean            (*bind_va)     (FindingsOfficeStmt  *stmt,
                                      GError             **error,
                                      const char          *types,
                                      va_list              args);
  gboolean            (*step)        (FindingsOfficeStmt  *stmt,
                                      gboolean            *out_row,
                                      GError             **error);
  gboolean            (*reset)       (FindingsOfficeStmt  *stmt,
                                      GError             **error);
  gint64              (*changes)     (FindingsOfficeStmt  *stmt);
  gboolean            (*is_null)     (FindingsOfficeStmt  *stmt,
                                      int                  column);
  const char         *(*text)        (FindingsOfficeStmt  *stmt,
                                      int                  column,
                                      gsize               *out_length);
  gint64              (*integer)     (FindingsOfficeStmt  *stmt,
                                      int                  column);
  GBytes             *(*bytes)       (FindingsOfficeStmt  *stmt,
                                      int                  column);
};

/* The part of a statement every backend shares; each backend's statement starts
 * with it. */
struct _FindingsOfficeStmt
{
  FindingsOfficeSql *owner;
};

GQuark              findings_office_sql_error_quark (void);

gboolean            findings_office_sql_is_postgresql (const char          *target);
FindingsOfficeSql  *findings_office_sql_open        (const char          *target,
                                                     GError             **error);
const char         *findings_office_sql_get_name    (FindingsOfficeSql   *self);

gboolean            findings_office_sql_exec        (FindingsOfficeSql   *self,
                                                     const char          *script,
                                                     GError             **error);
gboolean            findings_office_sql_begin       (FindingsOfficeSql   *self,
                                                     GError             **error);
gboolean            findings_office_sql_begin_read  (FindingsOfficeSql   *self,
                                                     GError             **error);
gboolean            findings_office_sql_commit      (FindingsOfficeSql   *self,
                                                     GError             **error);
void                findings_office_sql_rollback    (FindingsOfficeSql   *self);
gboolean            findings_office_sql_get_version (FindingsOfficeSql   *self,
                                                     int                 *out_version,
                                                     GError             **error);
gboolean            findings_office_sql_set_version (FindingsOfficeSql   *self,
                                                     int                  version,
                                                     GError             **error);

FindingsOfficeStmt *findings_office_sql_prepare     (FindingsOfficeSql   *self,
                                                     const char          *sql,
                                                     GError             **error);
void                findings_office_stmt_release    (FindingsOfficeStmt  *stmt);
gboolean            findings_office_stmt_bind       (FindingsOfficeStmt  *stmt,
                                                     GError             **error,
                                                     const char          *types,
                                                     ...);
gboolean            findings_office_stmt_step       (FindingsOfficeStmt  *stmt,
                                                     gboolean            *out_row,
                                                     GError             **error);
gboolean            findings_office_stmt_run        (FindingsOfficeStmt  *stmt,
                                                     GError             **error);
gboolean            findings_office_stmt_reset      (FindingsOfficeStmt  *stmt,
                                                     GError             **error);
gint64              findings_office_stmt_changes    (FindingsOfficeStmt  *stmt);
gboolean            findings_office_stmt_is_null    (FindingsOfficeStmt  *stmt,
                                                     int                  column);
const char         *findings_office_stmt_text       (FindingsOfficeStmt  *stmt,
                                                     int                  column);
gsize               findings_office_stmt_length     (FindingsOfficeStmt  *stmt,
                                                     int                  column);
char               *findings_office_stmt_dup_text   (FindingsOfficeStmt  *stmt,
                                                     int                  column);
gint64              findings_office_stmt_int        (FindingsOfficeStmt  *stmt,
                                                     int                  column);
GBytes             *findings_office_stmt_bytes      (FindingsOfficeStmt  *stmt,
                                                     int                  column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FindingsOfficeStmt, findings_office_stmt_release)

G_END_DECLS
