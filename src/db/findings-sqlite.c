/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-sqlite"

#include "config.h"

#include "findings-sqlite.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

G_DEFINE_QUARK (findings-sqlite-error-quark, findings_sqlite_error)


/*
 * Auxiliary methods
 */

static FindingsSqliteError
code_from_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return FINDINGS_SQLITE_ERROR_CORRUPT;

    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_PROTOCOL:
      return FINDINGS_SQLITE_ERROR_IO;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return FINDINGS_SQLITE_ERROR_BUSY;

    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE)
        return FINDINGS_SQLITE_ERROR_UNIQUE;
      return FINDINGS_SQLITE_ERROR_CONSTRAINT;

    default:
      return FINDINGS_SQLITE_ERROR_FAILED;
    }
}

/* Runs a PRAGMA that answers one row, and gives that answer. */
static char *
dup_pragma_answer (sqlite3     *db,
                   const char  *sql,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean row;

  stmt = findings_sqlite_prepare (db, sql, error);
  if (stmt == NULL || !findings_sqlite_step_row (stmt, &row, error))
    return NULL;

  return g_strdup (row && findings_sqlite_column_text (stmt, 0) != NULL
                   ? findings_sqlite_column_text (stmt, 0) : "");
}

/* Sets @sql and reads @check back: a setting SQLite ignores (a foreign_keys inside a
 * transaction, say) does so without an error. */
static gboolean
set_and_check (sqlite3     *db,
               const char  *sql,
               const char  *check,
               const char  *expected,
               GError     **error)
{
  g_autofree char *value = NULL;

  if (!findings_sqlite_exec (db, sql, error))
    return FALSE;

  value = dup_pragma_answer (db, check, error);
  if (value == NULL)
    return FALSE;

  if (!g_str_equal (value, expected))
    {
      g_set_error (error, FINDINGS_SQLITE_ERROR, FINDINGS_SQLITE_ERROR_SETTING,
                   "“%s” did not take: %s is %s", sql, check, value);
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_memory_path (const char *path)
{
  return path[0] == '\0' || g_str_equal (path, ":memory:");
}

/* The first statement to read the file: a damaged one fails here. */
static gboolean
set_journal_mode (sqlite3                  *db,
                  const char               *path,
                  FindingsSqliteOpenFlags   flags,
                  GError                  **error)
{
  gboolean read_only = (flags & FINDINGS_SQLITE_OPEN_READ_ONLY) != 0;
  g_autofree char *mode = NULL;

  /* A reader cannot change the mode; it takes the one the writer set. */
  mode = dup_pragma_answer (db, read_only ? "PRAGMA journal_mode" : "PRAGMA journal_mode = WAL",
                            error);
  if (mode == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (mode, "wal") == 0)
    return TRUE;

  if (is_memory_path (path) && g_ascii_strcasecmp (mode, "memory") == 0)
    return TRUE;

  if ((flags & FINDINGS_SQLITE_OPEN_REQUIRE_WAL) != 0)
    {
      g_set_error (error, FINDINGS_SQLITE_ERROR, FINDINGS_SQLITE_ERROR_SETTING,
                   "“PRAGMA journal_mode = WAL” did not take: the journal mode is %s", mode);
      return FALSE;
    }

  /* Some file systems cannot hold a WAL; synchronous=FULL keeps the rollback journal
   * durable there too, only slower. */
  if (!read_only)
    g_warning ("%s stays in journal mode %s: WAL is not available there", path, mode);

  return TRUE;
}

static gboolean
configure (sqlite3                  *db,
           const char               *path,
           FindingsSqliteOpenFlags   flags,
           GError                  **error)
{
  int rc;

  sqlite3_extended_result_codes (db, 1);

  rc = sqlite3_busy_timeout (db, FINDINGS_SQLITE_BUSY_TIMEOUT_MS);
  if (rc != SQLITE_OK)
    return findings_sqlite_set_error (error, db, rc);

  /* With WAL and synchronous=FULL, COMMIT returns only once the log is on the disk:
   * "saved" is said after that and survives a power cut. */
  return set_journal_mode (db, path, flags, error) &&
         set_and_check (db, "PRAGMA synchronous = FULL", "PRAGMA synchronous", "2", error) &&
         set_and_check (db, "PRAGMA foreign_keys = ON", "PRAGMA foreign_keys", "1", error);
}


/*
 * Public API
 */

/* What the kiosk and the office keep is their customers': names, signatures, prices.
 * A new file is made readable by its owner only, whatever the umask; SQLite gives the
 * -wal and -shm files the mode of the database file. */
static gboolean
create_private (const char  *path,
                GError     **error)
{
  int fd;

  if (path[0] == '\0' || g_str_equal (path, ":memory:") || g_str_has_prefix (path, "file:"))
    return TRUE;

  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST)
    return TRUE;
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, FINDINGS_SQLITE_ERROR, FINDINGS_SQLITE_ERROR_IO,
                   "%s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  close (fd);
  return TRUE;
}

/**
 * findings_sqlite_open:
 * @path: the database file, or ":memory:"
 * @flags: how to open it
 * @error: return location for a %FINDINGS_SQLITE_ERROR
 *
 * Opens a connection (serialized threading mode) with extended result codes, a busy
 * timeout of %FINDINGS_SQLITE_BUSY_TIMEOUT_MS, `journal_mode=WAL`, `synchronous=FULL`
 * and `foreign_keys=ON`, each set explicitly and read back. A read-write connection
 * creates a missing file, readable and writable by its owner only (0600); a file that is not a database fails here with
 * %FINDINGS_SQLITE_ERROR_CORRUPT.
 *
 * Returns: (transfer full) (nullable): the connection, for findings_sqlite_close()
 */
sqlite3 *
findings_sqlite_open (const char               *path,
                      FindingsSqliteOpenFlags   flags,
                      GError                  **error)
{
  sqlite3 *db = NULL;
  int open_flags = SQLITE_OPEN_FULLMUTEX;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((flags & FINDINGS_SQLITE_OPEN_READ_ONLY) != 0)
    open_flags |= SQLITE_OPEN_READONLY;
  else if (create_private (path, error))
    open_flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  else
    return NULL;

  rc = sqlite3_open_v2 (path, &db, open_flags, NULL);
  if (rc != SQLITE_OK)
    {
      findings_sqlite_set_error (error, db, rc);
      sqlite3_close (db);
      return NULL;
    }

  if (!configure (db, path, flags, error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

/**
 * findings_sqlite_close:
 * @db: (nullable): a connection from findings_sqlite_open()
 *
 * Closes @db; every statement on it must have been finalized.
 */
void
findings_sqlite_close (sqlite3 *db)
{
  if (db == NULL)
    return;

  if (sqlite3_close (db) != SQLITE_OK)
    g_warning ("Could not close %s: %s",
               sqlite3_db_filename (db, "main"), sqlite3_errmsg (db));
}

/**
 * findings_sqlite_set_error:
 * @error: return location for a %FINDINGS_SQLITE_ERROR
 * @db: (nullable): the connection that failed, for its message
 * @rc: the (extended) result code
 *
 * For callers that call sqlite3_*() themselves.
 *
 * Returns: %FALSE, always
 */
gboolean
findings_sqlite_set_error (GError  **error,
                           sqlite3  *db,
                           int       rc)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  g_set_error_literal (error, FINDINGS_SQLITE_ERROR, code_from_sqlite (rc), detail);
  return FALSE;
}

/**
 * findings_sqlite_exec:
 * @sql: one or more statements, run in order; no rows are read
 *
 * Returns: %TRUE when every statement ran
 */
gboolean
findings_sqlite_exec (sqlite3     *db,
                      const char  *sql,
                      GError     **error)
{
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return findings_sqlite_set_error (error, db, rc);

  return TRUE;
}

/**
 * findings_sqlite_prepare:
 * @sql: one statement
 *
 * Returns: (transfer full) (nullable): the statement; free it with sqlite3_finalize()
 *   or `g_autoptr(sqlite3_stmt)`
 */
sqlite3_stmt *
findings_sqlite_prepare (sqlite3     *db,
                         const char  *sql,
                         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      findings_sqlite_set_error (error, db, rc);
      sqlite3_finalize (stmt);
      return NULL;
    }

  return stmt;
}

/**
 * findings_sqlite_bind_va:
 * @types: one letter for each value, bound from the first parameter on
 * @args: the values
 *
 * The letters:
 *   s  a string (const char *), or NULL
 *   n  a string that need not end in a nul (const char *), then its length (gsize);
 *      a NULL string binds NULL
 *   i  a gint64
 *   I  a pointer to a gint64 (const gint64 *), or NULL
 *   b  a GBytes as a blob, or NULL; an empty GBytes binds an empty blob, not NULL
 *
 * Nothing is copied: the values must stay alive until the statement has been stepped.
 *
 * Returns: %TRUE when every value is bound
 */
gboolean
findings_sqlite_bind_va (sqlite3_stmt  *stmt,
                         GError       **error,
                         const char    *types,
                         va_list        args)
{
  int rc = SQLITE_OK;

  g_return_val_if_fail (stmt != NULL, FALSE);
  g_return_val_if_fail (types != NULL, FALSE);

  for (int i = 0; types[i] != '\0' && rc == SQLITE_OK; i++)
    {
      switch (types[i])
        {
        case 's':
          {
            const char *value = va_arg (args, const char *);

            rc = value != NULL ? sqlite3_bind_text (stmt, i + 1, value, -1, SQLITE_STATIC)
                               : sqlite3_bind_null (stmt, i + 1);
          }
          break;

        case 'n':
          {
            const char *value = va_arg (args, const char *);
            gsize length = va_arg (args, gsize);

            rc = value != NULL ? sqlite3_bind_text64 (stmt, i + 1, value, length,
                                                      SQLITE_STATIC, SQLITE_UTF8)
                               : sqlite3_bind_null (stmt, i + 1);
          }
          break;

        case 'i':
          rc = sqlite3_bind_int64 (stmt, i + 1, va_arg (args, gint64));
          break;

        case 'I':
          {
            const gint64 *value = va_arg (args, const gint64 *);

            rc = value != NULL ? sqlite3_bind_int64 (stmt, i + 1, *value)
                               : sqlite3_bind_null (stmt, i + 1);
          }
          break;

        case 'b':
          {
            GBytes *bytes = va_arg (args, GBytes *);
            gconstpointer data;
            gsize size;

            if (bytes == NULL)
              {
                rc = sqlite3_bind_null (stmt, i + 1);
                break;
              }

            /* A NULL pointer would bind NULL, not an empty blob. */
            data = g_bytes_get_data (bytes, &size);
            rc = sqlite3_bind_blob64 (stmt, i + 1, data != NULL ? data : "", size,
                                      SQLITE_STATIC);
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  if (rc != SQLITE_OK)
    return findings_sqlite_set_error (error, sqlite3_db_handle (stmt), rc);

  return TRUE;
}

/**
 * findings_sqlite_bind:
 * @types: one letter for each value (see findings_sqlite_bind_va())
 * @...: the values
 *
 * Returns: %TRUE when every value is bound
 */
gboolean
findings_sqlite_bind (sqlite3_stmt  *stmt,
                      GError       **error,
                      const char    *types,
                      ...)
{
  va_list args;
  gboolean ok;

  va_start (args, types);
  ok = findings_sqlite_bind_va (stmt, error, types, args);
  va_end (args);

  return ok;
}

/**
 * findings_sqlite_reset:
 *
 * Makes @stmt ready to be bound and stepped again, every parameter NULL.
 *
 * Returns: %TRUE when it is
 */
gboolean
findings_sqlite_reset (sqlite3_stmt  *stmt,
                       GError       **error)
{
  int rc;

  g_return_val_if_fail (stmt != NULL, FALSE);

  rc = sqlite3_reset (stmt);
  if (rc == SQLITE_OK)
    rc = sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_OK)
    return findings_sqlite_set_error (error, sqlite3_db_handle (stmt), rc);

  return TRUE;
}

/**
 * findings_sqlite_step_done:
 *
 * Steps a statement that returns no rows. Outside a transaction the statement is its
 * own: when this returns %TRUE it is committed.
 *
 * Returns: %TRUE on SQLITE_DONE
 */
gboolean
findings_sqlite_step_done (sqlite3_stmt  *stmt,
                           GError       **error)
{
  int rc;

  g_return_val_if_fail (stmt != NULL, FALSE);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return findings_sqlite_set_error (error, sqlite3_db_handle (stmt), rc);

  return TRUE;
}

/**
 * findings_sqlite_step_row:
 * @out_row: (out): %TRUE when a row is ready to be read, %FALSE at the end
 *
 * Steps a statement that may return rows, e.g.
 * `while (findings_sqlite_step_row (stmt, &row, error) && row)`; check @error after.
 *
 * Returns: %TRUE on SQLITE_ROW or SQLITE_DONE
 */
gboolean
findings_sqlite_step_row (sqlite3_stmt  *stmt,
                          gboolean      *out_row,
                          GError       **error)
{
  int rc;

  g_return_val_if_fail (stmt != NULL, FALSE);
  g_return_val_if_fail (out_row != NULL, FALSE);

  rc = sqlite3_step (stmt);
  *out_row = rc == SQLITE_ROW;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return findings_sqlite_set_error (error, sqlite3_db_handle (stmt), rc);

  return TRUE;
}

/**
 * findings_sqlite_begin:
 *
 * Starts a write transaction. IMMEDIATE takes the write lock at once (waiting up to
 * the busy timeout), so a transaction never fails half-way because another
 * connection wrote meanwhile.
 *
 * Returns: %TRUE once the transaction holds the write lock
 */
gboolean
findings_sqlite_begin (sqlite3  *db,
                       GError  **error)
{
  return findings_sqlite_exec (db, "BEGIN IMMEDIATE", error);
}

/**
 * findings_sqlite_begin_read:
 *
 * Starts a transaction for reads that must see one state of the file, even while
 * another connection writes.
 *
 * Returns: %TRUE once started
 */
gboolean
findings_sqlite_begin_read (sqlite3  *db,
                            GError  **error)
{
  return findings_sqlite_exec (db, "BEGIN", error);
}

/**
 * findings_sqlite_commit:
 *
 * Commits; with synchronous=FULL the changes are on the disk when this returns %TRUE,
 * and only then may anyone be told they are saved. A failed commit is rolled back.
 *
 * Returns: %TRUE once committed
 */
gboolean
findings_sqlite_commit (sqlite3  *db,
                        GError  **error)
{
  if (findings_sqlite_exec (db, "COMMIT", error))
    return TRUE;

  findings_sqlite_rollback (db);
  return FALSE;
}

/**
 * findings_sqlite_rollback:
 *
 * Rolls back the open transaction, if there is one: SQLite may have rolled back
 * already, for example after SQLITE_FULL.
 */
void
findings_sqlite_rollback (sqlite3 *db)
{
  g_return_if_fail (db != NULL);

  if (sqlite3_get_autocommit (db))
    return;

  if (sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK)
    g_warning ("Could not roll back a transaction in %s: %s",
               sqlite3_db_filename (db, "main"), sqlite3_errmsg (db));
}

/**
 * findings_sqlite_column_text:
 *
 * Returns: (transfer none) (nullable): the column as UTF-8, valid until the next
 *   step, reset or finalize; %NULL stays %NULL
 */
const char *
findings_sqlite_column_text (sqlite3_stmt *stmt,
                             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/**
 * findings_sqlite_dup_column_text:
 *
 * Returns: (transfer full) (nullable): a copy of the column as UTF-8; %NULL stays %NULL
 */
char *
findings_sqlite_dup_column_text (sqlite3_stmt *stmt,
                                 int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strndup ((const char *) text, sqlite3_column_bytes (stmt, column))
                      : NULL;
}

/**
 * findings_sqlite_column_bytes:
 *
 * Exactly the stored bytes of a text or blob column, whatever they hold (a NUL
 * included); NULL gives empty bytes.
 *
 * Returns: (transfer full): a copy of the bytes
 */
GBytes *
findings_sqlite_column_bytes (sqlite3_stmt *stmt,
                              int           column)
{
  /* For a TEXT value the blob is its text, unconverted; the size must be asked after. */
  gconstpointer data = sqlite3_column_blob (stmt, column);
  int size = sqlite3_column_bytes (stmt, column);

  return g_bytes_new (data, (gsize) size);
}
