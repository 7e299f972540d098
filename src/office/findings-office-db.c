/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-office"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "findings-json-check.h"
#include "findings-office-db-private.h"

#define SCHEMA_VERSION  1
#define TOKEN_BYTES     32
#define MAX_NAME_CHARS  200
#define MAX_ID_CHARS    128
#define BUSY_TIMEOUT_MS 5000

struct _FindingsOfficeDb
{
  GObject  parent_instance;

  sqlite3 *handle;
};

G_DEFINE_FINAL_TYPE (FindingsOfficeDb, findings_office_db, G_TYPE_OBJECT)

G_DEFINE_QUARK (findings-office-error-quark, findings_office_error)

static const char * const token_kinds[] = { "kiosk", "technician", "office" };

/* One statement per string: sqlite3_exec() runs them in order. */
static const char schema_sql[] =
  "CREATE TABLE accounts ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  name TEXT NOT NULL);"
  "CREATE TABLE sites ("
  "  id TEXT PRIMARY KEY,"
  "  account_id INTEGER NOT NULL REFERENCES accounts (id),"
  "  name TEXT NOT NULL);"
  "CREATE TABLE tokens ("
  "  hash TEXT PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('kiosk', 'technician', 'office')),"
  "  account_id INTEGER REFERENCES accounts (id),"
  "  revoked INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL,"
  "  CHECK ((kind = 'kiosk') = (account_id IS NOT NULL)));"
  "CREATE TABLE visits ("
  "  id TEXT PRIMARY KEY,"
  "  account_id INTEGER NOT NULL REFERENCES accounts (id),"
  "  site_id TEXT NOT NULL REFERENCES sites (id),"
  "  timezone TEXT,"
  "  body TEXT NOT NULL,"
  "  change_seq INTEGER NOT NULL,"
  "  uploaded_at TEXT NOT NULL);"
  "CREATE INDEX visits_by_change ON visits (account_id, change_seq);"
  "CREATE TABLE recommendations ("
  "  id TEXT PRIMARY KEY,"
  "  visit_id TEXT NOT NULL REFERENCES visits (id),"
  "  account_id INTEGER NOT NULL REFERENCES accounts (id),"
  "  position INTEGER NOT NULL,"
  "  body TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  previous_status TEXT,"
  "  follow_up TEXT,"
  "  in_latest_upload INTEGER NOT NULL);"
  "CREATE INDEX recommendations_by_visit ON recommendations (visit_id, position);"
  "CREATE TABLE recommendation_photos ("
  "  recommendation_id TEXT NOT NULL REFERENCES recommendations (id),"
  "  photo_id TEXT NOT NULL,"
  "  PRIMARY KEY (recommendation_id, photo_id));"
  "CREATE INDEX recommendation_photos_by_photo ON recommendation_photos (photo_id);"
  "CREATE TABLE photos ("
  "  id TEXT PRIMARY KEY,"
  "  media_type TEXT NOT NULL,"
  "  data BLOB NOT NULL,"
  "  sha256 TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE TABLE decisions ("
  "  account_id INTEGER NOT NULL REFERENCES accounts (id),"
  "  id TEXT NOT NULL,"
  "  recommendation_id TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  response TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  PRIMARY KEY (account_id, id));"
  "CREATE INDEX decisions_by_recommendation ON decisions (recommendation_id, action);"
  "CREATE TABLE counters ("
  "  name TEXT PRIMARY KEY,"
  "  value INTEGER NOT NULL);"
  "INSERT INTO counters (name, value) VALUES ('change_seq', 0);";


/*
 * Helpers shared through findings-office-db-private.h
 */

static gboolean
fail_sqlite (FindingsOfficeDb  *self,
             GError           **error)
{
  g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_FAILED,
               "The office database failed: %s", sqlite3_errmsg (self->handle));
  return FALSE;
}

sqlite3_stmt *
findings_office_db_prepare (FindingsOfficeDb  *self,
                            const char        *sql,
                            GError           **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      fail_sqlite (self, error);
      return NULL;
    }

  return stmt;
}

gboolean
findings_office_db_step_done (FindingsOfficeDb  *self,
                              sqlite3_stmt      *stmt,
                              GError           **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return fail_sqlite (self, error);

  return TRUE;
}

gboolean
findings_office_db_step_row (FindingsOfficeDb  *self,
                             sqlite3_stmt      *stmt,
                             gboolean          *out_row,
                             GError           **error)
{
  int rc = sqlite3_step (stmt);

  *out_row = rc == SQLITE_ROW;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return fail_sqlite (self, error);

  return TRUE;
}

static gboolean
exec (FindingsOfficeDb  *self,
      const char        *sql,
      GError           **error)
{
  if (sqlite3_exec (self->handle, sql, NULL, NULL, NULL) != SQLITE_OK)
    return fail_sqlite (self, error);

  return TRUE;
}

/* IMMEDIATE takes the write lock at once, so a request never fails half-way
 * because the CLI wrote to the same file meanwhile. */
gboolean
findings_office_db_begin (FindingsOfficeDb  *self,
                          GError           **error)
{
  return exec (self, "BEGIN IMMEDIATE", error);
}

/* A read sees one state of the file, even if the CLI writes meanwhile. */
gboolean
findings_office_db_begin_read (FindingsOfficeDb  *self,
                               GError           **error)
{
  return exec (self, "BEGIN", error);
}

gboolean
findings_office_db_commit (FindingsOfficeDb  *self,
                           GError           **error)
{
  if (exec (self, "COMMIT", error))
    return TRUE;

  findings_office_db_rollback (self);
  return FALSE;
}

void
findings_office_db_rollback (FindingsOfficeDb *self)
{
  if (!sqlite3_get_autocommit (self->handle))
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
}

/* Ends the transaction that made @result: a result is committed, a failure
 * (NULL) rolled back. Returns @result, or NULL, having freed it, when the
 * commit fails: nothing is answered that was not saved. */
gpointer
findings_office_db_end (FindingsOfficeDb  *self,
                        gpointer           result,
                        GDestroyNotify     free_result,
                        GError           **error)
{
  if (result == NULL)
    {
      findings_office_db_rollback (self);
      return NULL;
    }

  if (!findings_office_db_commit (self, error))
    {
      free_result (result);
      return NULL;
    }

  return result;
}

gboolean
findings_office_db_last_change (FindingsOfficeDb  *self,
                                gint64            *out_seq,
                                GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean row;

  stmt = findings_office_db_prepare (self,
                                     "SELECT value FROM counters WHERE name = 'change_seq'",
                                     error);
  if (stmt == NULL || !findings_office_db_step_row (self, stmt, &row, error))
    return FALSE;

  *out_seq = row ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

/* One sequence for all accounts: a kiosk's cursor is the last number it saw. */
gboolean
findings_office_db_next_change (FindingsOfficeDb  *self,
                                gint64            *out_seq,
                                GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = findings_office_db_prepare (self,
                                     "UPDATE counters SET value = value + 1 "
                                     "WHERE name = 'change_seq'",
                                     error);
  if (stmt == NULL || !findings_office_db_step_done (self, stmt, error))
    return FALSE;

  return findings_office_db_last_change (self, out_seq, error);
}

const char *
findings_office_column_text (sqlite3_stmt *stmt,
                             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

void
findings_office_bind_text (sqlite3_stmt *stmt,
                           int           index,
                           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* The core's message names the field; the office's code says how to answer. */
void
findings_office_set_invalid (GError       **error,
                             const GError  *cause)
{
  g_set_error_literal (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_INVALID,
                       cause->message);
}

/* Microseconds keep the order of requests received within one second. */
char *
findings_office_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

GDateTime *
findings_office_parse_time (const char *text)
{
  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

/* Stored documents passed the strict check when they arrived; they are checked
 * again because the file may have been edited, then parsed mutable so that the
 * office's current state can be patched in. */
JsonNode *
findings_office_parse_stored (const char  *text,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  gsize length = strlen (text);

  if (!findings_json_check (text, length, G_MAXSSIZE, FINDINGS_JSON_MAX_DEPTH, error))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, (gssize) length, error))
    return NULL;

  return json_parser_steal_root (parser);
}


/*
 * Auxiliary methods
 */

static gboolean
check_text (const char  *what,
            const char  *value,
            guint        max_chars,
            GError     **error)
{
  if (value == NULL || *value == '\0')
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_INVALID,
                   "The %s must not be empty.", what);
      return FALSE;
    }

  if (!g_utf8_validate (value, -1, NULL) || g_utf8_strlen (value, -1) > max_chars)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_INVALID,
                   "The %s must be UTF-8 text of at most %u characters.", what, max_chars);
      return FALSE;
    }

  return TRUE;
}

static char *
hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

static gboolean
read_random (guint8  *buffer,
             gsize    length,
             GError **error)
{
  gsize done = 0;

  /* getrandom() reads the kernel's pool, like /dev/urandom, and blocks only
   * before it is first seeded at boot. */
  while (done < length)
    {
      ssize_t n = getrandom (buffer + done, length - done, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "Could not read random bytes: %s", g_strerror (saved));
          return FALSE;
        }
      done += (gsize) n;
    }

  return TRUE;
}

static char *
new_token (GError **error)
{
  guint8 bytes[TOKEN_BYTES];
  GString *hex;

  if (!read_random (bytes, sizeof bytes, error))
    return NULL;

  hex = g_string_sized_new (2 * sizeof bytes);
  for (gsize i = 0; i < sizeof bytes; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);

  memset (bytes, 0, sizeof bytes);
  return g_string_free (hex, FALSE);
}

static gboolean
account_exists (FindingsOfficeDb  *self,
                gint64             account_id,
                GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean row;

  stmt = findings_office_db_prepare (self, "SELECT 1 FROM accounts WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  if (!findings_office_db_step_row (self, stmt, &row, error))
    return FALSE;

  if (!row)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_NOT_FOUND,
                   "There is no account %" G_GINT64_FORMAT ".", account_id);
      return FALSE;
    }

  return TRUE;
}

static gboolean
pragma_equals (FindingsOfficeDb  *self,
               const char        *sql,
               const char        *expected,
               GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = findings_office_db_prepare (self, sql, error);
  gboolean row;

  if (stmt == NULL || !findings_office_db_step_row (self, stmt, &row, error))
    return FALSE;

  if (!row || g_ascii_strcasecmp (findings_office_column_text (stmt, 0), expected) != 0)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_FAILED,
                   "The office database refused “%s”.", sql);
      return FALSE;
    }

  return TRUE;
}

static gboolean
create_schema (FindingsOfficeDb  *self,
               GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *set_version = NULL;
  gboolean row;
  int version;

  stmt = findings_office_db_prepare (self, "PRAGMA user_version", error);
  if (stmt == NULL || !findings_office_db_step_row (self, stmt, &row, error))
    return FALSE;
  version = row ? sqlite3_column_int (stmt, 0) : 0;

  if (version == SCHEMA_VERSION)
    return TRUE;

  if (version != 0)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_FAILED,
                   "The office database has format %d; this office reads format %d.",
                   version, SCHEMA_VERSION);
      return FALSE;
    }

  set_version = g_strdup_printf ("PRAGMA user_version = %d", SCHEMA_VERSION);
  if (!findings_office_db_begin (self, error))
    return FALSE;
  if (!exec (self, schema_sql, error) || !exec (self, set_version, error))
    {
      findings_office_db_rollback (self);
      return FALSE;
    }

  return findings_office_db_commit (self, error);
}


/*
 * GObject overrides
 */

static void
findings_office_db_finalize (GObject *object)
{
  FindingsOfficeDb *self = (FindingsOfficeDb *) object;

  g_clear_pointer (&self->handle, sqlite3_close);

  G_OBJECT_CLASS (findings_office_db_parent_class)->finalize (object);
}

static void
findings_office_db_class_init (FindingsOfficeDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = findings_office_db_finalize;
}

static void
findings_office_db_init (FindingsOfficeDb *self)
{
}


/*
 * Public API
 */

gboolean
findings_office_token_kind_from_string (const char              *str,
                                        FindingsOfficeTokenKind *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (token_kinds); i++)
    {
      if (g_strcmp0 (str, token_kinds[i]) == 0)
        {
          *out = (FindingsOfficeTokenKind) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
findings_office_token_kind_to_string (FindingsOfficeTokenKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (token_kinds), NULL);

  return token_kinds[kind];
}

void
findings_office_call_free (FindingsOfficeCall *call)
{
  if (call == NULL)
    return;

  g_free (call->recommendation_id);
  g_free (call->visit_id);
  g_free (call->name);
  g_free (call->phone);
  g_free (call->best_time);
  g_clear_pointer (&call->received_at, g_date_time_unref);
  g_clear_object (&call->follow_up);
  g_free (call);
}

/**
 * findings_office_db_new:
 * @path: the database file, created when missing, or `:memory:`
 * @error: return location for a #GError
 *
 * Opens the office's database. Every write is one transaction, committed with
 * the write-ahead log synced to disk before the office answers.
 *
 * Returns: (transfer full) (nullable): the database
 */
FindingsOfficeDb *
findings_office_db_new (const char  *path,
                        GError     **error)
{
  g_autoptr(FindingsOfficeDb) self = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (FINDINGS_TYPE_OFFICE_DB, NULL);

  if (sqlite3_open_v2 (path, &self->handle, flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_FAILED,
                   "Could not open the office database “%s”: %s", path,
                   self->handle != NULL ? sqlite3_errmsg (self->handle) : "out of memory");
      return NULL;
    }

  sqlite3_busy_timeout (self->handle, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->handle, TRUE);

  /* An in-memory database (a demo) has no log to write ahead. */
  if (!pragma_equals (self, "PRAGMA journal_mode = WAL",
                      g_str_equal (path, ":memory:") ? "memory" : "wal", error) ||
      !exec (self, "PRAGMA synchronous = FULL", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error) ||
      !create_schema (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
findings_office_db_add_account (FindingsOfficeDb  *self,
                                const char        *name,
                                gint64            *out_id,
                                GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), FALSE);
  g_return_val_if_fail (out_id != NULL, FALSE);

  if (!check_text ("account name", name, MAX_NAME_CHARS, error))
    return FALSE;

  stmt = findings_office_db_prepare (self, "INSERT INTO accounts (name) VALUES (?)", error);
  if (stmt == NULL)
    return FALSE;

  findings_office_bind_text (stmt, 1, name);
  if (!findings_office_db_step_done (self, stmt, error))
    return FALSE;

  *out_id = sqlite3_last_insert_rowid (self->handle);
  return TRUE;
}

static gboolean
fail_site_taken (FindingsOfficeDb  *self,
                 const char        *site_id,
                 GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean row;

  stmt = findings_office_db_prepare (self, "SELECT account_id FROM sites WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  findings_office_bind_text (stmt, 1, site_id);
  if (!findings_office_db_step_row (self, stmt, &row, error))
    return FALSE;

  g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_EXISTS,
               "Site “%s” already belongs to account %" G_GINT64_FORMAT ".",
               site_id, row ? (gint64) sqlite3_column_int64 (stmt, 0) : 0);
  return FALSE;
}

gboolean
findings_office_db_add_site (FindingsOfficeDb  *self,
                             gint64             account_id,
                             const char        *site_id,
                             const char        *name,
                             GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), FALSE);

  if (!check_text ("site id", site_id, MAX_ID_CHARS, error) ||
      !check_text ("site name", name, MAX_NAME_CHARS, error) ||
      !account_exists (self, account_id, error))
    return FALSE;

  stmt = findings_office_db_prepare (self,
                                     "INSERT INTO sites (id, account_id, name) VALUES (?, ?, ?) "
                                     "ON CONFLICT (id) DO NOTHING",
                                     error);
  if (stmt == NULL)
    return FALSE;

  findings_office_bind_text (stmt, 1, site_id);
  sqlite3_bind_int64 (stmt, 2, account_id);
  findings_office_bind_text (stmt, 3, name);
  if (!findings_office_db_step_done (self, stmt, error))
    return FALSE;

  /* A site belongs to exactly one account: moving it would hand its visits over. */
  if (sqlite3_changes (self->handle) == 0)
    return fail_site_taken (self, site_id, error);

  return TRUE;
}

/**
 * findings_office_db_add_token:
 * @account_id: the account of a kiosk token; 0 for the other kinds
 *
 * Makes a new token. Only its SHA-256 is stored: the caller shows the token
 * once and it cannot be read back.
 *
 * Returns: (transfer full) (nullable): the token, 64 hexadecimal digits
 */
char *
findings_office_db_add_token (FindingsOfficeDb         *self,
                              FindingsOfficeTokenKind   kind,
                              gint64                    account_id,
                              GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *created_at = NULL;
  gboolean is_kiosk = kind == FINDINGS_OFFICE_TOKEN_KIOSK;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), NULL);

  if (is_kiosk != (account_id != 0))
    {
      g_set_error_literal (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_INVALID,
                           is_kiosk ? "A kiosk token needs an account."
                                    : "Only a kiosk token belongs to an account.");
      return NULL;
    }

  if (is_kiosk && !account_exists (self, account_id, error))
    return NULL;

  token = new_token (error);
  if (token == NULL)
    return NULL;

  stmt = findings_office_db_prepare (self,
                                     "INSERT INTO tokens (hash, kind, account_id, created_at) "
                                     "VALUES (?, ?, ?, ?)",
                                     error);
  if (stmt == NULL)
    return NULL;

  hash = hash_token (token);
  now = g_date_time_new_now_utc ();
  created_at = findings_office_format_time (now);
  findings_office_bind_text (stmt, 1, hash);
  findings_office_bind_text (stmt, 2, findings_office_token_kind_to_string (kind));
  if (is_kiosk)
    sqlite3_bind_int64 (stmt, 3, account_id);
  findings_office_bind_text (stmt, 4, created_at);

  if (!findings_office_db_step_done (self, stmt, error))
    return NULL;

  return g_steal_pointer (&token);
}

gboolean
findings_office_db_revoke_token (FindingsOfficeDb  *self,
                                 const char        *token,
                                 GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), FALSE);
  g_return_val_if_fail (token != NULL, FALSE);

  stmt = findings_office_db_prepare (self, "UPDATE tokens SET revoked = 1 WHERE hash = ?", error);
  if (stmt == NULL)
    return FALSE;

  hash = hash_token (token);
  findings_office_bind_text (stmt, 1, hash);
  if (!findings_office_db_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->handle) == 0)
    {
      g_set_error_literal (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_NOT_FOUND,
                           "There is no such token.");
      return FALSE;
    }

  return TRUE;
}

/**
 * findings_office_db_lookup_token:
 * @out_account_id: (out): the kiosk's account, or 0
 *
 * Finds a token by its hash. An unknown or revoked token is
 * %FINDINGS_OFFICE_ERROR_UNAUTHORIZED.
 */
gboolean
findings_office_db_lookup_token (FindingsOfficeDb         *self,
                                 const char               *token,
                                 FindingsOfficeTokenKind  *out_kind,
                                 gint64                   *out_account_id,
                                 GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *hash = NULL;
  gboolean row;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), FALSE);
  g_return_val_if_fail (token != NULL, FALSE);

  stmt = findings_office_db_prepare (self,
                                     "SELECT kind, account_id FROM tokens "
                                     "WHERE hash = ? AND revoked = 0",
                                     error);
  if (stmt == NULL)
    return FALSE;

  hash = hash_token (token);
  findings_office_bind_text (stmt, 1, hash);
  if (!findings_office_db_step_row (self, stmt, &row, error))
    return FALSE;

  if (!row || !findings_office_token_kind_from_string (findings_office_column_text (stmt, 0),
                                                       out_kind))
    {
      g_set_error_literal (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_UNAUTHORIZED,
                           "The token is unknown or revoked.");
      return FALSE;
    }

  *out_account_id = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

static gboolean
has_magic (GBytes     *data,
           const char *media_type)
{
  static const guint8 jpeg[] = { 0xFF, 0xD8, 0xFF };
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
  const guint8 *magic = g_str_equal (media_type, "image/png") ? png : jpeg;
  gsize magic_length = magic == png ? sizeof png : sizeof jpeg;
  gsize length;
  const guint8 *bytes = g_bytes_get_data (data, &length);

  return length >= magic_length && memcmp (bytes, magic, magic_length) == 0;
}

static gboolean
check_photo (const char  *photo_id,
             const char  *media_type,
             GBytes      *data,
             GError     **error)
{
  if (!check_text ("photo id", photo_id, MAX_ID_CHARS, error))
    return FALSE;

  if (!g_str_equal (media_type, "image/jpeg") && !g_str_equal (media_type, "image/png"))
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_INVALID,
                   "A photo is image/jpeg or image/png, not “%s”.", media_type);
      return FALSE;
    }

  if (!has_magic (data, media_type))
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_INVALID,
                   "The bytes are not a %s image.",
                   g_str_equal (media_type, "image/png") ? "PNG" : "JPEG");
      return FALSE;
    }

  return TRUE;
}

static gboolean
photo_exists (FindingsOfficeDb  *self,
              const char        *photo_id,
              gboolean          *out_exists,
              GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = findings_office_db_prepare (self, "SELECT 1 FROM photos WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  findings_office_bind_text (stmt, 1, photo_id);
  return findings_office_db_step_row (self, stmt, out_exists, error);
}

static gboolean
write_photo (FindingsOfficeDb  *self,
             const char        *photo_id,
             const char        *media_type,
             GBytes            *data,
             GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *updated_at = findings_office_format_time (now);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  gsize length;
  gconstpointer bytes = g_bytes_get_data (data, &length);

  stmt = findings_office_db_prepare (self,
                                     "INSERT INTO photos (id, media_type, data, sha256, "
                                     "  updated_at) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5) "
                                     "ON CONFLICT (id) DO UPDATE SET media_type = ?2, data = ?3, "
                                     "sha256 = ?4, updated_at = ?5",
                                     error);
  if (stmt == NULL)
    return FALSE;

  findings_office_bind_text (stmt, 1, photo_id);
  findings_office_bind_text (stmt, 2, media_type);
  sqlite3_bind_blob64 (stmt, 3, bytes, length, SQLITE_STATIC);
  findings_office_bind_text (stmt, 4, sha256);
  findings_office_bind_text (stmt, 5, updated_at);

  return findings_office_db_step_done (self, stmt, error);
}

/**
 * findings_office_db_put_photo:
 * @out_created: (out) (optional): %TRUE when the photo is new, %FALSE when it replaced one
 *
 * Stores a photo's bytes after checking that they are the format they claim.
 */
gboolean
findings_office_db_put_photo (FindingsOfficeDb  *self,
                              const char        *photo_id,
                              const char        *media_type,
                              GBytes            *data,
                              gboolean          *out_created,
                              GError           **error)
{
  gboolean exists;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), FALSE);
  g_return_val_if_fail (media_type != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (!check_photo (photo_id, media_type, data, error) ||
      !findings_office_db_begin (self, error))
    return FALSE;

  if (!photo_exists (self, photo_id, &exists, error) ||
      !write_photo (self, photo_id, media_type, data, error))
    {
      findings_office_db_rollback (self);
      return FALSE;
    }

  if (!findings_office_db_commit (self, error))
    return FALSE;

  if (out_created != NULL)
    *out_created = !exists;
  return TRUE;
}

/**
 * findings_office_db_get_photo:
 * @account_id: the kiosk's account
 * @out_media_type: (out): `image/jpeg` or `image/png`
 *
 * Returns a photo that one of the account's recommendations names; any other
 * is %FINDINGS_OFFICE_ERROR_NOT_FOUND, whether or not it exists.
 *
 * Returns: (transfer full) (nullable): the photo's bytes
 */
GBytes *
findings_office_db_get_photo (FindingsOfficeDb  *self,
                              gint64             account_id,
                              const char        *photo_id,
                              char             **out_media_type,
                              GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean row;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), NULL);
  g_return_val_if_fail (photo_id != NULL, NULL);

  stmt = findings_office_db_prepare (self,
                                     "SELECT p.media_type, p.data FROM photos p "
                                     "WHERE p.id = ?1 AND EXISTS ("
                                     "  SELECT 1 FROM recommendation_photos rp "
                                     "  JOIN recommendations r ON r.id = rp.recommendation_id "
                                     "  WHERE rp.photo_id = ?1 AND r.account_id = ?2)",
                                     error);
  if (stmt == NULL)
    return NULL;

  findings_office_bind_text (stmt, 1, photo_id);
  sqlite3_bind_int64 (stmt, 2, account_id);
  if (!findings_office_db_step_row (self, stmt, &row, error))
    return NULL;

  if (!row)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_NOT_FOUND,
                   "There is no photo “%s” for this account.", photo_id);
      return NULL;
    }

  *out_media_type = g_strdup (findings_office_column_text (stmt, 0));
  return g_bytes_new (sqlite3_column_blob (stmt, 1), (gsize) sqlite3_column_bytes (stmt, 1));
}
