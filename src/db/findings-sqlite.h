/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The one SQLite wrapper below the kiosk's store and the office's database.
 *
 * Every function here reports failures in %FINDINGS_SQLITE_ERROR, with SQLite's own
 * message (sqlite3_errmsg()) as the GError's message and no prefix. Each layer maps
 * the code to its own domain where its public API returns (the store to
 * %FINDINGS_STORE_ERROR, the office to %FINDINGS_OFFICE_ERROR), adding what could not
 * be done for a person; errors of other domains pass through such a mapping as they are.
 *
 * The functions do no locking of their own: a connection is used by one thread at a
 * time, under its owner's lock. */

#define FINDINGS_SQLITE_ERROR (findings_sqlite_error_quark ())

/* How long a statement waits for another connection's lock before SQLITE_BUSY. */
#define FINDINGS_SQLITE_BUSY_TIMEOUT_MS 5000

typedef enum
{
  /* Anything else: an SQL error, a misuse, out of memory. */
  FINDINGS_SQLITE_ERROR_FAILED,
  /* SQLITE_BUSY or SQLITE_LOCKED, after the busy timeout. */
  FINDINGS_SQLITE_ERROR_BUSY,
  /* SQLITE_CORRUPT or SQLITE_NOTADB: the file is damaged or not a database. */
  FINDINGS_SQLITE_ERROR_CORRUPT,
  /* The disk or the file: SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN,
   * SQLITE_READONLY, SQLITE_PERM, SQLITE_PROTOCOL. */
  FINDINGS_SQLITE_ERROR_IO,
  /* A PRIMARY KEY or UNIQUE constraint: the row exists already. */
  FINDINGS_SQLITE_ERROR_UNIQUE,
  /* Any other constraint: NOT NULL, CHECK, FOREIGN KEY... */
  FINDINGS_SQLITE_ERROR_CONSTRAINT,
  /* A setting findings_sqlite_open() must have did not take (see its flags). */
  FINDINGS_SQLITE_ERROR_SETTING,
} FindingsSqliteError;

typedef enum
{
  FINDINGS_SQLITE_OPEN_DEFAULT     = 0,
  /* No writes through this connection; the file must exist. */
  FINDINGS_SQLITE_OPEN_READ_ONLY   = 1 << 0,
  /* Fail with %FINDINGS_SQLITE_ERROR_SETTING when the file cannot have a write-ahead
   * log (":memory:" is allowed its "memory" journal); without this flag a warning is
   * logged and the rollback journal, still synchronous=FULL, is used. */
  FINDINGS_SQLITE_OPEN_REQUIRE_WAL = 1 << 1,
} FindingsSqliteOpenFlags;

GQuark         findings_sqlite_error_quark     (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

sqlite3       *findings_sqlite_open            (const char               *path,
                                                FindingsSqliteOpenFlags   flags,
                                                GError                  **error);
void           findings_sqlite_close           (sqlite3                  *db);
gboolean       findings_sqlite_set_error       (GError                  **error,
                                                sqlite3                  *db,
                                                int                       rc);

gboolean       findings_sqlite_exec            (sqlite3                  *db,
                                                const char               *sql,
                                                GError                  **error);
sqlite3_stmt  *findings_sqlite_prepare         (sqlite3                  *db,
                                                const char               *sql,
                                                GError                  **error);
gboolean       findings_sqlite_bind            (sqlite3_stmt             *stmt,
                                                GError                  **error,
                                                const char               *types,
                                                ...);
gboolean       findings_sqlite_bind_va         (sqlite3_stmt             *stmt,
                                                GError                  **error,
                                                const char               *types,
                                                va_list                   args);
gboolean       findings_sqlite_reset           (sqlite3_stmt             *stmt,
                                                GError                  **error);
gboolean       findings_sqlite_step_done       (sqlite3_stmt             *stmt,
                                                GError                  **error);
gboolean       findings_sqlite_step_row        (sqlite3_stmt             *stmt,
                                                gboolean                 *out_row,
                                                GError                  **error);

gboolean       findings_sqlite_begin           (sqlite3                  *db,
                                                GError                  **error);
gboolean       findings_sqlite_begin_read      (sqlite3                  *db,
                                                GError                  **error);
gboolean       findings_sqlite_commit          (sqlite3                  *db,
                                                GError                  **error);
void           findings_sqlite_rollback        (sqlite3                  *db);

const char    *findings_sqlite_column_text     (sqlite3_stmt             *stmt,
                                                int                       column);
char          *findings_sqlite_dup_column_text (sqlite3_stmt             *stmt,
                                                int                       column);
GBytes        *findings_sqlite_column_bytes    (sqlite3_stmt             *stmt,
                                                int                       column);

G_END_DECLS
