/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-office"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "findings-json-check.h"
#include "findings-office-db-private.h"
#include "findings-protocol.h"

#define TOKEN_BYTES     32

G_DEFINE_FINAL_TYPE (FindingsOfficeDb, findings_office_db, G_TYPE_OBJECT)

G_DEFINE_QUARK (findings-office-error-quark, findings_office_error)

static const char * const token_kinds[] = { "kiosk", "technician", "office" };

/* Each migration is a script both backends run: SQLite's type names, which the
 * PostgreSQL backend turns into its own (see findings-office-sql.h). */
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

/* Version 2, the desk and API 1.1: a technician token names its technician, a
 * visit its technician (for that technician's leads), a recommendation carries
 * the office's note to the technician, and the desk keeps its sign-ins. */
static const char desk_sql[] =
  "ALTER TABLE tokens ADD COLUMN technician_id TEXT;"
  "ALTER TABLE visits ADD COLUMN technician_id TEXT;"
  "CREATE INDEX visits_by_technician ON visits (technician_id, change_seq);"
  "ALTER TABLE recommendations ADD COLUMN office_note TEXT;"
  "ALTER TABLE recommendations ADD COLUMN office_note_updated_at TEXT;"
  "CREATE TABLE desk_sessions ("
  "  hash TEXT PRIMARY KEY,"
  "  token_hash TEXT NOT NULL,"
  "  csrf TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  expires_at TEXT NOT NULL);"
  "CREATE INDEX desk_sessions_by_expiry ON desk_sessions (expires_at);";

/* Version 3: a visit's change number lives apart from its body, so that a decision
 * on a large visit writes a small row, not the whole document again (issue 10).
 * visits.change_seq stays, the number of its last upload. */
static const char changes_sql[] =
  "CREATE TABLE visit_changes ("
  "  visit_id TEXT PRIMARY KEY REFERENCES visits (id),"
  "  account_id INTEGER NOT NULL REFERENCES accounts (id),"
  "  technician_id TEXT,"
  "  change_seq INTEGER NOT NULL UNIQUE);"
  "INSERT INTO visit_changes (visit_id, account_id, technician_id, change_seq) "
  "  SELECT id, account_id, technician_id, change_seq FROM visits;"
  "CREATE INDEX visit_changes_by_account ON visit_changes (account_id, change_seq);"
  "CREATE INDEX visit_changes_by_technician ON visit_changes (technician_id, change_seq);"
  "DROP INDEX visits_by_change;";

/* The migrations, in order: step i brings a database from version i to i + 1. */
static const char * const migrations[] = {
  schema_sql,
  desk_sql,
  changes_sql,
};

#define SCHEMA_VERSION ((int) G_N_ELEMENTS (migrations))


/*
 * Helpers shared through findings-office-db-private.h
 */

/* The office reports its storage failures in its own domain, as it always has: a
 * client is told "internal-error", the command line says what failed. */
gboolean
_findings_office_db_propagate (GError **error,
                               GError  *local_error)
{
  g_return_val_if_fail (local_error != NULL, FALSE);

  if (local_error->domain == FINDINGS_OFFICE_SQL_ERROR)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_FAILED,
                   "The office database failed: %s", local_error->message);
      g_error_free (local_error);
      return FALSE;
    }

  g_propagate_error (error, local_error);
  return FALSE;
}

/* Ends the transaction that made @result: a result is committed, a failure
 * (NULL) rolled back. Returns @result, or NULL, having freed it, when the
 * commit fails: nothing is answered that was not saved. */
gpointer
_findings_office_db_end (FindingsOfficeDb  *self,
                         gpointer           result,
                         GDestroyNotify     free_result,
                         GError           **error)
{
  if (result == NULL)
    {
      findings_office_sql_rollback (self->sql);
      return NULL;
    }

  if (!findings_office_sql_commit (self->sql, error))
    {
      free_result (result);
      return NULL;
    }

  return result;
}

gboolean
_findings_office_db_last_change (FindingsOfficeDb  *self,
                                 gint64            *out_seq,
                                 GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  gboolean row;

  stmt = findings_office_sql_prepare (self->sql,
                                      "SELECT value FROM counters WHERE name = 'change_seq'",
                                      error);
  if (stmt == NULL || !findings_office_stmt_step (stmt, &row, error))
    return FALSE;

  *out_seq = row ? findings_office_stmt_int (stmt, 0) : 0;
  return TRUE;
}

/* A cursor's change number; @last bounds it, since a cursor from the future means
 * another office or a reset database, and the kiosk must start over rather than miss
 * what changed. G_MAXINT64 checks the form alone. */
gboolean
_findings_office_db_parse_cursor (const char  *cursor,
                                  gint64       last,
                                  gint64      *out_seq,
                                  GError     **error)
{
  if (findings_protocol_parse_cursor (cursor, out_seq) && *out_seq <= last)
    return TRUE;

  g_set_error_literal (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_BAD_CURSOR,
                       "The cursor is not one this office gave out.");
  return FALSE;
}

char *
_findings_office_db_format_cursor (gint64 seq)
{
  return g_strdup_printf ("%c%" G_GINT64_FORMAT, FINDINGS_PROTOCOL_CURSOR_PREFIX, seq);
}

/* One sequence for all accounts: a kiosk's cursor is the last number it saw. It is
 * taken inside a write transaction, which holds the counter until it commits, so the
 * numbers commit in order on either backend. */
gboolean
_findings_office_db_next_change (FindingsOfficeDb  *self,
                                 gint64            *out_seq,
                                 GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  gboolean row;

  stmt = findings_office_sql_prepare (self->sql,
                                      "UPDATE counters SET value = value + 1 "
                                      "WHERE name = 'change_seq' RETURNING value",
                                      error);
  if (stmt == NULL || !findings_office_stmt_step (stmt, &row, error))
    return FALSE;

  if (!row)
    {
      g_set_error_literal (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_FAILED,
                           "The office database has no change counter.");
      return FALSE;
    }

  *out_seq = findings_office_stmt_int (stmt, 0);
  return TRUE;
}

/* The visit counts as changed, so that kiosks pull it again. Only the small row of
 * visit_changes is written: the stored body stays as it is. */
gboolean
_findings_office_db_touch_visit (FindingsOfficeDb  *self,
                                 const char        *visit_id,
                                 GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  gint64 seq;

  if (!_findings_office_db_next_change (self, &seq, error))
    return FALSE;

  stmt = findings_office_sql_prepare (self->sql,
                                      "UPDATE visit_changes SET change_seq = ? "
                                      "WHERE visit_id = ?",
                                      error);
  if (stmt == NULL)
    return FALSE;

  if (!findings_office_stmt_bind (stmt, error, "is", seq, visit_id))
    return FALSE;
  return findings_office_stmt_run (stmt, error);
}

/* The core's message names the field; the office's code says how to answer. */
void
_findings_office_set_invalid (GError       **error,
                              const GError  *cause)
{
  g_set_error_literal (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_INVALID,
                       cause->message);
}

/* Not the API's format: microseconds keep the order of requests received within one
 * second. findings_protocol_parse_time() reads it back. */
char *
_findings_office_format_stored_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/* Stored documents passed the strict check when they arrived; they are checked
 * again because the file may have been edited, then parsed mutable so that the
 * office's current state can be patched in. */
JsonNode *
_findings_office_parse_stored (const char  *text,
                               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  gsize length = strlen (text);

  if (!findings_json_check (text, length, G_MAXSSIZE, FINDINGS_PROTOCOL_MAX_DEPTH, error))
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

/* A fresh secret (a token, a desk session, a form's CSRF value), and the hash the
 * office keeps of one, for the desk's sign-ins beside the tokens. */
char *
_findings_office_db_new_secret (GError **error)
{
  return new_token (error);
}

char *
_findings_office_db_hash_secret (const char *secret)
{
  return hash_token (secret);
}

static gboolean
account_exists (FindingsOfficeDb  *self,
                gint64             account_id,
                GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  gboolean row;

  stmt = findings_office_sql_prepare (self->sql, "SELECT 1 FROM accounts WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  if (!findings_office_stmt_bind (stmt, error, "i", account_id) ||
      !findings_office_stmt_step (stmt, &row, error))
    return FALSE;

  if (!row)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_NOT_FOUND,
                   "There is no account %" G_GINT64_FORMAT ".", account_id);
      return FALSE;
    }

  return TRUE;
}

/* Version 2 names each visit's technician; visits stored before it are read once. */
static gboolean
name_visit_technicians (FindingsOfficeDb  *self,
                        GError           **error)
{
  g_autoptr(FindingsOfficeStmt) select = NULL;
  g_autoptr(FindingsOfficeStmt) update = NULL;
  gboolean row;

  select = findings_office_sql_prepare (self->sql, "SELECT id, body FROM visits", error);
  update = findings_office_sql_prepare (self->sql,
                                        "UPDATE visits SET technician_id = ? WHERE id = ?", error);
  if (select == NULL || update == NULL)
    return FALSE;

  for (;;)
    {
      g_autoptr(JsonNode) root = NULL;
      JsonObject *technician;
      const char *technician_id = NULL;

      if (!findings_office_stmt_step (select, &row, error))
        return FALSE;
      if (!row)
        return TRUE;

      root = _findings_office_parse_stored (findings_office_stmt_text (select, 1), error);
      if (root == NULL)
        return FALSE;

      technician = JSON_NODE_HOLDS_OBJECT (root)
        ? json_object_get_object_member (json_node_get_object (root), "technician")
        : NULL;
      if (technician != NULL && json_object_has_member (technician, "id"))
        technician_id = json_object_get_string_member (technician, "id");

      if (!findings_office_stmt_reset (update, error) ||
          !findings_office_stmt_bind (update, error, "ss", technician_id,
                                      findings_office_stmt_text (select, 0)) ||
          !findings_office_stmt_run (update, error))
        return FALSE;
    }
}

/* Each step is its own transaction, which reads the version again under the write
 * lock: two offices starting at once migrate once, and a failure leaves the last
 * whole version. */
static gboolean
migrate_step (FindingsOfficeDb  *self,
              gboolean          *out_done,
              GError           **error)
{
  int version;

  if (!findings_office_sql_begin (self->sql, error))
    return FALSE;

  if (!findings_office_sql_get_version (self->sql, &version, error))
    goto fail;

  if (version < 0 || version > SCHEMA_VERSION)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_FAILED,
                   "The office database has format %d; this office reads formats up to %d.",
                   version, SCHEMA_VERSION);
      goto fail;
    }

  *out_done = version == SCHEMA_VERSION;
  if (*out_done)
    {
      findings_office_sql_rollback (self->sql);
      return TRUE;
    }

  version++;
  if (!findings_office_sql_exec (self->sql, migrations[version - 1], error) ||
      (version == 2 && !name_visit_technicians (self, error)) ||
      !findings_office_sql_set_version (self->sql, version, error))
    goto fail;

  return findings_office_sql_commit (self->sql, error);

fail:
  findings_office_sql_rollback (self->sql);
  return FALSE;
}

static gboolean
create_schema (FindingsOfficeDb  *self,
               GError           **error)
{
  gboolean done = FALSE;

  while (!done)
    {
      if (!migrate_step (self, &done, error))
        return FALSE;
    }

  return TRUE;
}


/*
 * GObject overrides
 */

static void
findings_office_db_finalize (GObject *object)
{
  FindingsOfficeDb *self = (FindingsOfficeDb *) object;

  g_clear_pointer (&self->served, g_hash_table_unref);
  g_clear_object (&self->sql);

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
  self->served = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) _findings_office_served_release);
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

static FindingsOfficeDb *
open_db (const char  *path,
         GError     **error)
{
  g_autoptr(FindingsOfficeDb) self = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (FINDINGS_TYPE_OFFICE_DB, NULL);

  /* Answers are given once saved: a SQLite file that cannot have its log is refused. */
  self->sql = findings_office_sql_open (path, &local_error);
  if (self->sql == NULL)
    {
      /* A connection string may hold a password: it is not repeated. */
      if (findings_office_sql_is_postgresql (path))
        g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_FAILED,
                     "Could not open the office's PostgreSQL database: %s",
                     local_error->message);
      else
        g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_FAILED,
                     "Could not open the office database “%s”: %s", path,
                     local_error->message);
      return NULL;
    }

  if (!create_schema (self, error))
    return NULL;

  return g_steal_pointer (&self);
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
  g_autoptr(GError) local_error = NULL;
  FindingsOfficeDb *result;

  result = open_db (path, &local_error);
  if (result == NULL)
    _findings_office_db_propagate (error, g_steal_pointer (&local_error));

  return result;
}

static gboolean
add_account (FindingsOfficeDb  *self,
             const char        *name,
             gint64            *out_id,
             GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  gboolean row;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), FALSE);
  g_return_val_if_fail (out_id != NULL, FALSE);

  if (!check_text ("account name", name, FINDINGS_PROTOCOL_MAX_LINE, error))
    return FALSE;

  stmt = findings_office_sql_prepare (self->sql,
                                      "INSERT INTO accounts (name) VALUES (?) RETURNING id",
                                      error);
  if (stmt == NULL)
    return FALSE;

  if (!findings_office_stmt_bind (stmt, error, "s", name) ||
      !findings_office_stmt_step (stmt, &row, error))
    return FALSE;

  *out_id = row ? findings_office_stmt_int (stmt, 0) : 0;
  return TRUE;
}

gboolean
findings_office_db_add_account (FindingsOfficeDb  *self,
                                const char        *name,
                                gint64            *out_id,
                                GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  ok = add_account (self, name, out_id, &local_error);
  if (!ok)
    _findings_office_db_propagate (error, g_steal_pointer (&local_error));

  return ok;
}

static gboolean
fail_site_taken (FindingsOfficeDb  *self,
                 const char        *site_id,
                 GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  gboolean row;

  stmt = findings_office_sql_prepare (self->sql, "SELECT account_id FROM sites WHERE id = ?",
                                      error);
  if (stmt == NULL)
    return FALSE;

  if (!findings_office_stmt_bind (stmt, error, "s", site_id) ||
      !findings_office_stmt_step (stmt, &row, error))
    return FALSE;

  g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_EXISTS,
               "Site “%s” already belongs to account %" G_GINT64_FORMAT ".",
               site_id, row ? (gint64) findings_office_stmt_int (stmt, 0) : 0);
  return FALSE;
}

static gboolean
add_site (FindingsOfficeDb  *self,
          gint64             account_id,
          const char        *site_id,
          const char        *name,
          GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), FALSE);

  if (!check_text ("site id", site_id, FINDINGS_PROTOCOL_MAX_ID, error) ||
      !check_text ("site name", name, FINDINGS_PROTOCOL_MAX_LINE, error) ||
      !account_exists (self, account_id, error))
    return FALSE;

  stmt = findings_office_sql_prepare (self->sql,
                                      "INSERT INTO sites (id, account_id, name) VALUES (?, ?, ?) "
                                      "ON CONFLICT (id) DO NOTHING",
                                      error);
  if (stmt == NULL)
    return FALSE;

  if (!findings_office_stmt_bind (stmt, error, "sis", site_id, account_id, name) ||
      !findings_office_stmt_run (stmt, error))
    return FALSE;

  /* A site belongs to exactly one account: moving it would hand its visits over. */
  if (findings_office_stmt_changes (stmt) == 0)
    return fail_site_taken (self, site_id, error);

  return TRUE;
}

gboolean
findings_office_db_add_site (FindingsOfficeDb  *self,
                             gint64             account_id,
                             const char        *site_id,
                             const char        *name,
                             GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  ok = add_site (self, account_id, site_id, name, &local_error);
  if (!ok)
    _findings_office_db_propagate (error, g_steal_pointer (&local_error));

  return ok;
}

static char *
add_token (FindingsOfficeDb         *self,
           FindingsOfficeTokenKind   kind,
           gint64                    account_id,
           GError                  **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
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

  stmt = findings_office_sql_prepare (self->sql,
                                      "INSERT INTO tokens (hash, kind, account_id, created_at) "
                                      "VALUES (?, ?, ?, ?)",
                                      error);
  if (stmt == NULL)
    return NULL;

  hash = hash_token (token);
  now = g_date_time_new_now_utc ();
  created_at = _findings_office_format_stored_time (now);
  if (!findings_office_stmt_bind (stmt, error, "ssIs", hash,
                                  findings_office_token_kind_to_string (kind),
                                  is_kiosk ? &account_id : NULL, created_at) ||
      !findings_office_stmt_run (stmt, error))
    return NULL;

  return g_steal_pointer (&token);
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
  g_autoptr(GError) local_error = NULL;
  char *result;

  result = add_token (self, kind, account_id, &local_error);
  if (result == NULL)
    _findings_office_db_propagate (error, g_steal_pointer (&local_error));

  return result;
}

static gboolean
revoke_token (FindingsOfficeDb  *self,
              const char        *token,
              GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), FALSE);
  g_return_val_if_fail (token != NULL, FALSE);

  stmt = findings_office_sql_prepare (self->sql, "UPDATE tokens SET revoked = 1 WHERE hash = ?",
                                      error);
  if (stmt == NULL)
    return FALSE;

  hash = hash_token (token);
  if (!findings_office_stmt_bind (stmt, error, "s", hash) ||
      !findings_office_stmt_run (stmt, error))
    return FALSE;

  if (findings_office_stmt_changes (stmt) == 0)
    {
      g_set_error_literal (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_NOT_FOUND,
                           "There is no such token.");
      return FALSE;
    }

  return TRUE;
}

gboolean
findings_office_db_revoke_token (FindingsOfficeDb  *self,
                                 const char        *token,
                                 GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  ok = revoke_token (self, token, &local_error);
  if (!ok)
    _findings_office_db_propagate (error, g_steal_pointer (&local_error));

  return ok;
}

static gboolean
lookup_token (FindingsOfficeDb         *self,
              const char               *token,
              FindingsOfficeTokenKind  *out_kind,
              gint64                   *out_account_id,
              GError                  **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  g_autofree char *hash = NULL;
  gboolean row;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), FALSE);
  g_return_val_if_fail (token != NULL, FALSE);

  stmt = findings_office_sql_prepare (self->sql,
                                      "SELECT kind, account_id FROM tokens "
                                      "WHERE hash = ? AND revoked = 0",
                                      error);
  if (stmt == NULL)
    return FALSE;

  hash = hash_token (token);
  if (!findings_office_stmt_bind (stmt, error, "s", hash) ||
      !findings_office_stmt_step (stmt, &row, error))
    return FALSE;

  if (!row || !findings_office_token_kind_from_string (findings_office_stmt_text (stmt, 0),
                                                       out_kind))
    {
      g_set_error_literal (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_UNAUTHORIZED,
                           "The token is unknown or revoked.");
      return FALSE;
    }

  *out_account_id = findings_office_stmt_int (stmt, 1);
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
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  ok = lookup_token (self, token, out_kind, out_account_id, &local_error);
  if (!ok)
    _findings_office_db_propagate (error, g_steal_pointer (&local_error));

  return ok;
}

static gboolean
has_magic (GBytes     *data,
           const char *media_type)
{
  static const guint8 jpeg[] = { 0xFF, 0xD8, 0xFF };
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
  const guint8 *magic = g_str_equal (media_type, FINDINGS_PROTOCOL_MEDIA_TYPE_PNG) ? png : jpeg;
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
  if (!check_text ("photo id", photo_id, FINDINGS_PROTOCOL_MAX_ID, error))
    return FALSE;

  if (!findings_protocol_is_photo_media_type (media_type))
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_INVALID,
                   "A photo is " FINDINGS_PROTOCOL_MEDIA_TYPE_JPEG " or "
                   FINDINGS_PROTOCOL_MEDIA_TYPE_PNG ", not “%s”.", media_type);
      return FALSE;
    }

  if (!has_magic (data, media_type))
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_INVALID,
                   "The bytes are not a %s image.",
                   g_str_equal (media_type, FINDINGS_PROTOCOL_MEDIA_TYPE_PNG) ? "PNG" : "JPEG");
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
  g_autoptr(FindingsOfficeStmt) stmt = NULL;

  stmt = findings_office_sql_prepare (self->sql, "SELECT 1 FROM photos WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  if (!findings_office_stmt_bind (stmt, error, "s", photo_id))
    return FALSE;
  return findings_office_stmt_step (stmt, out_exists, error);
}

static gboolean
write_photo (FindingsOfficeDb  *self,
             const char        *photo_id,
             const char        *media_type,
             GBytes            *data,
             GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *updated_at = _findings_office_format_stored_time (now);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);

  stmt = findings_office_sql_prepare (self->sql,
                                      "INSERT INTO photos (id, media_type, data, sha256, "
                                      "  updated_at) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5) "
                                      "ON CONFLICT (id) DO UPDATE SET media_type = ?2, data = ?3, "
                                      "sha256 = ?4, updated_at = ?5",
                                      error);
  if (stmt == NULL)
    return FALSE;

  if (!findings_office_stmt_bind (stmt, error, "ssbss", photo_id, media_type, data, sha256,
                                  updated_at))
    return FALSE;

  return findings_office_stmt_run (stmt, error);
}

static gboolean
put_photo (FindingsOfficeDb  *self,
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
      !findings_office_sql_begin (self->sql, error))
    return FALSE;

  if (!photo_exists (self, photo_id, &exists, error) ||
      !write_photo (self, photo_id, media_type, data, error))
    {
      findings_office_sql_rollback (self->sql);
      return FALSE;
    }

  if (!findings_office_sql_commit (self->sql, error))
    return FALSE;

  if (out_created != NULL)
    *out_created = !exists;
  return TRUE;
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
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  ok = put_photo (self, photo_id, media_type, data, out_created, &local_error);
  if (!ok)
    _findings_office_db_propagate (error, g_steal_pointer (&local_error));

  return ok;
}

static GBytes *
get_photo (FindingsOfficeDb  *self,
           gint64             account_id,
           const char        *photo_id,
           char             **out_media_type,
           GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  gboolean row;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), NULL);
  g_return_val_if_fail (photo_id != NULL, NULL);

  stmt = findings_office_sql_prepare (self->sql,
                                      "SELECT p.media_type, p.data FROM photos p "
                                      "WHERE p.id = ?1 AND EXISTS ("
                                      "  SELECT 1 FROM recommendation_photos rp "
                                      "  JOIN recommendations r ON r.id = rp.recommendation_id "
                                      "  WHERE rp.photo_id = ?1 AND r.account_id = ?2)",
                                      error);
  if (stmt == NULL)
    return NULL;

  if (!findings_office_stmt_bind (stmt, error, "si", photo_id, account_id) ||
      !findings_office_stmt_step (stmt, &row, error))
    return NULL;

  if (!row)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_NOT_FOUND,
                   "There is no photo “%s” for this account.", photo_id);
      return NULL;
    }

  *out_media_type = g_strdup (findings_office_stmt_text (stmt, 0));
  return findings_office_stmt_bytes (stmt, 1);
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
  g_autoptr(GError) local_error = NULL;
  GBytes *result;

  result = get_photo (self, account_id, photo_id, out_media_type, &local_error);
  if (result == NULL)
    _findings_office_db_propagate (error, g_steal_pointer (&local_error));

  return result;
}
