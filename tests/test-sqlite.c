/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "findings-sqlite.h"

typedef struct
{
  char    *dir;
  char    *path;
  sqlite3 *db;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("findings-test-sqlite-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "test.db", NULL);

  fixture->db = findings_sqlite_open (fixture->path, FINDINGS_SQLITE_OPEN_REQUIRE_WAL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->db);
  g_assert_true (findings_sqlite_exec (fixture->db,
                                       "CREATE TABLE t (id TEXT PRIMARY KEY NOT NULL,"
                                       " n INTEGER, body BLOB, note TEXT NOT NULL DEFAULT '',"
                                       " parent TEXT REFERENCES t (id))",
                                       &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_pointer (&fixture->db, findings_sqlite_close);

  dir = g_dir_open (fixture->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);

      g_assert_no_errno (g_remove (child));
    }
  g_assert_no_errno (g_rmdir (fixture->dir));
  g_free (fixture->dir);
  g_free (fixture->path);
}

static char *
dup_answer (sqlite3    *db,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean row = FALSE;

  stmt = findings_sqlite_prepare (db, sql, &error);
  g_assert_no_error (error);
  g_assert_true (findings_sqlite_step_row (stmt, &row, &error));
  g_assert_no_error (error);
  g_assert_true (row);

  return findings_sqlite_dup_column_text (stmt, 0);
}

static void
insert (Fixture    *fixture,
        const char *id,
        GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = findings_sqlite_prepare (fixture->db, "INSERT INTO t (id) VALUES (?)", error);
  g_assert_nonnull (stmt);
  g_assert_true (findings_sqlite_bind (stmt, error, "s", id));
  findings_sqlite_step_done (stmt, error);
}

static void
test_open_settings (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *journal_mode = dup_answer (fixture->db, "PRAGMA journal_mode");
  g_autofree char *synchronous = dup_answer (fixture->db, "PRAGMA synchronous");
  g_autofree char *foreign_keys = dup_answer (fixture->db, "PRAGMA foreign_keys");
  g_autofree char *busy_timeout = dup_answer (fixture->db, "PRAGMA busy_timeout");
  g_autofree char *reader_mode = NULL;
  g_autofree char *reader_busy = NULL;
  sqlite3 *reader;
  sqlite3 *memory;

  g_assert_cmpstr (journal_mode, ==, "wal");
  /* 2 is FULL. */
  g_assert_cmpstr (synchronous, ==, "2");
  g_assert_cmpstr (foreign_keys, ==, "1");
  g_assert_cmpstr (busy_timeout, ==, "5000");

  reader = findings_sqlite_open (fixture->path, FINDINGS_SQLITE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  reader_mode = dup_answer (reader, "PRAGMA journal_mode");
  reader_busy = dup_answer (reader, "PRAGMA busy_timeout");
  g_assert_cmpstr (reader_mode, ==, "wal");
  g_assert_cmpstr (reader_busy, ==, "5000");
  g_assert_false (findings_sqlite_exec (reader, "INSERT INTO t (id) VALUES ('x')", &error));
  g_assert_error (error, FINDINGS_SQLITE_ERROR, FINDINGS_SQLITE_ERROR_IO);
  g_clear_error (&error);
  findings_sqlite_close (reader);

  /* An in-memory database has no log to write ahead, and may say so. */
  memory = findings_sqlite_open (":memory:", FINDINGS_SQLITE_OPEN_REQUIRE_WAL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (memory);
  findings_sqlite_close (memory);
}

static void
test_open_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("findings-test-sqlite-XXXXXX", &error);
  g_autofree char *garbage = g_build_filename (dir, "garbage.db", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.db", NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  while (text->len < 8192)
    g_string_append (text, "this is not a database \x01\x02\xfe\xff ");
  g_assert_true (g_file_set_contents (garbage, text->str, text->len, &error));
  g_assert_no_error (error);

  g_assert_null (findings_sqlite_open (garbage, FINDINGS_SQLITE_OPEN_DEFAULT, &error));
  g_assert_error (error, FINDINGS_SQLITE_ERROR, FINDINGS_SQLITE_ERROR_CORRUPT);
  g_assert_cmpstr (error->message, ==, "file is not a database");
  g_clear_error (&error);

  g_assert_null (findings_sqlite_open (missing, FINDINGS_SQLITE_OPEN_READ_ONLY, &error));
  g_assert_error (error, FINDINGS_SQLITE_ERROR, FINDINGS_SQLITE_ERROR_IO);
  g_clear_error (&error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  g_assert_no_errno (g_remove (garbage));
  g_assert_no_errno (g_rmdir (dir));
}

static void
test_constraints (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  insert (fixture, "a", &error);
  g_assert_no_error (error);

  insert (fixture, "a", &error);
  g_assert_error (error, FINDINGS_SQLITE_ERROR, FINDINGS_SQLITE_ERROR_UNIQUE);
  g_assert_nonnull (strstr (error->message, "t.id"));
  g_clear_error (&error);

  insert (fixture, NULL, &error);
  g_assert_error (error, FINDINGS_SQLITE_ERROR, FINDINGS_SQLITE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "NOT NULL"));
  g_clear_error (&error);

  /* foreign_keys is on. */
  g_assert_false (findings_sqlite_exec (fixture->db,
                                        "INSERT INTO t (id, parent) VALUES ('b', 'nobody')",
                                        &error));
  g_assert_error (error, FINDINGS_SQLITE_ERROR, FINDINGS_SQLITE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_assert_null (findings_sqlite_prepare (fixture->db, "SELECT missing FROM nowhere", &error));
  g_assert_error (error, FINDINGS_SQLITE_ERROR, FINDINGS_SQLITE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "nowhere"));
}

static void
test_bind_and_read (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char text_with_nul[] = "ab\0cd";
  g_autoptr(sqlite3_stmt) insert_stmt = NULL;
  g_autoptr(sqlite3_stmt) select_stmt = NULL;
  g_autoptr(GBytes) blob = g_bytes_new ("\x00\x01\xff", 3);
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) read_back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  gint64 number = -42;
  gboolean row;

  insert_stmt = findings_sqlite_prepare (fixture->db,
                                         "INSERT INTO t (id, n, body, note) VALUES (?, ?, ?, ?)",
                                         &error);
  g_assert_no_error (error);
  g_assert_true (findings_sqlite_bind (insert_stmt, &error, "sIbn", "one", &number, blob,
                                       text_with_nul, (gsize) 5));
  g_assert_true (findings_sqlite_step_done (insert_stmt, &error));
  g_assert_no_error (error);

  /* Reset clears the bindings: n is NULL unless bound again. */
  g_assert_true (findings_sqlite_reset (insert_stmt, &error));
  g_assert_true (findings_sqlite_bind (insert_stmt, &error, "sIbs", "two", NULL, empty, "x"));
  g_assert_true (findings_sqlite_step_done (insert_stmt, &error));
  g_assert_true (findings_sqlite_reset (insert_stmt, &error));
  g_assert_true (findings_sqlite_bind (insert_stmt, &error, "sibs", "three", (gint64) 7, NULL,
                                       "y"));
  g_assert_true (findings_sqlite_step_done (insert_stmt, &error));
  g_assert_no_error (error);

  select_stmt = findings_sqlite_prepare (fixture->db,
                                         "SELECT n, body, note, typeof (body) FROM t ORDER BY rowid",
                                         &error);
  g_assert_no_error (error);

  g_assert_true (findings_sqlite_step_row (select_stmt, &row, &error));
  g_assert_true (row);
  g_assert_cmpint (sqlite3_column_int64 (select_stmt, 0), ==, -42);
  read_back = findings_sqlite_column_bytes (select_stmt, 1);
  g_assert_true (g_bytes_equal (read_back, blob));
  g_clear_pointer (&read_back, g_bytes_unref);
  /* Text with a NUL in it comes back whole as bytes. */
  read_back = findings_sqlite_column_bytes (select_stmt, 2);
  g_assert_cmpmem (g_bytes_get_data (read_back, NULL), g_bytes_get_size (read_back),
                   text_with_nul, 5);
  g_clear_pointer (&read_back, g_bytes_unref);

  g_assert_true (findings_sqlite_step_row (select_stmt, &row, &error));
  g_assert_true (row);
  g_assert_cmpint (sqlite3_column_type (select_stmt, 0), ==, SQLITE_NULL);
  /* An empty GBytes is an empty blob, not NULL. */
  g_assert_cmpstr (findings_sqlite_column_text (select_stmt, 3), ==, "blob");
  note = findings_sqlite_dup_column_text (select_stmt, 2);
  g_assert_cmpstr (note, ==, "x");

  g_assert_true (findings_sqlite_step_row (select_stmt, &row, &error));
  g_assert_true (row);
  g_assert_cmpint (sqlite3_column_int64 (select_stmt, 0), ==, 7);
  g_assert_cmpstr (findings_sqlite_column_text (select_stmt, 3), ==, "null");
  g_assert_null (findings_sqlite_column_text (select_stmt, 1));
  g_assert_null (findings_sqlite_dup_column_text (select_stmt, 1));
  read_back = findings_sqlite_column_bytes (select_stmt, 1);
  g_assert_cmpuint (g_bytes_get_size (read_back), ==, 0);

  g_assert_true (findings_sqlite_step_row (select_stmt, &row, &error));
  g_assert_no_error (error);
  g_assert_false (row);
}

static guint
count_rows (sqlite3 *db)
{
  g_autofree char *count = dup_answer (db, "SELECT count(*) FROM t");

  return (guint) g_ascii_strtoull (count, NULL, 10);
}

static void
test_transactions (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *other;

  other = findings_sqlite_open (fixture->path, FINDINGS_SQLITE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  g_assert_true (findings_sqlite_begin (fixture->db, &error));
  insert (fixture, "a", &error);
  g_assert_no_error (error);
  /* Another connection sees nothing until COMMIT, and cannot write meanwhile. */
  g_assert_cmpuint (count_rows (other), ==, 0);
  g_assert_true (findings_sqlite_exec (other, "PRAGMA busy_timeout = 0", &error));
  g_assert_false (findings_sqlite_begin (other, &error));
  g_assert_error (error, FINDINGS_SQLITE_ERROR, FINDINGS_SQLITE_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_true (findings_sqlite_commit (fixture->db, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_rows (other), ==, 1);

  g_assert_true (findings_sqlite_begin (fixture->db, &error));
  insert (fixture, "b", &error);
  g_assert_no_error (error);
  findings_sqlite_rollback (fixture->db);
  g_assert_true (sqlite3_get_autocommit (fixture->db));
  g_assert_cmpuint (count_rows (fixture->db), ==, 1);

  /* Rolling back with no transaction open is allowed, and does nothing. */
  findings_sqlite_rollback (fixture->db);

  /* A read transaction sees one state of the file. */
  g_assert_true (findings_sqlite_begin_read (other, &error));
  g_assert_cmpuint (count_rows (other), ==, 1);
  insert (fixture, "c", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_rows (other), ==, 1);
  g_assert_true (findings_sqlite_commit (other, &error));
  g_assert_cmpuint (count_rows (other), ==, 2);

  findings_sqlite_close (other);
}

/* A new file is its owner's alone, whatever the umask, and so are its log files. */
static void
test_open_private (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("findings-test-sqlite-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "private.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  mode_t old_umask = umask (022);
  sqlite3 *db;
  GStatBuf st;

  db = findings_sqlite_open (path, FINDINGS_SQLITE_OPEN_REQUIRE_WAL, &error);
  umask (old_umask);
  g_assert_no_error (error);
  g_assert_true (findings_sqlite_exec (db, "CREATE TABLE t (x)", &error));
  g_assert_no_error (error);

  g_assert_no_errno (g_stat (path, &st));
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_no_errno (g_stat (wal, &st));
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_no_errno (g_stat (shm, &st));
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  findings_sqlite_close (db);
  g_remove (wal);
  g_remove (shm);
  g_assert_no_errno (g_remove (path));
  g_assert_no_errno (g_rmdir (dir));
}

#define ADD_DB_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  ADD_DB_TEST ("/sqlite/open/settings", test_open_settings);
  g_test_add_func ("/sqlite/open/errors", test_open_errors);
  g_test_add_func ("/sqlite/open/private", test_open_private);
  ADD_DB_TEST ("/sqlite/constraints", test_constraints);
  ADD_DB_TEST ("/sqlite/bind-and-read", test_bind_and_read);
  ADD_DB_TEST ("/sqlite/transactions", test_transactions);

  return g_test_run ();
}
