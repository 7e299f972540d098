/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "findings-protocol.h"
/* The store's blocking writes and write hook, for the tests' own setup. */
#include "findings-store-private.h"
#include "findings-sync-private.h"
#include "findings-visit-parser.h"
#include "findings-visit.h"

/* Two kinds of peer, both on 127.0.0.1 only: the real findings-office binary
 * (FINDINGS_OFFICE), and a SoupServer in this process that answers each request
 * as the test scripts it and records what it received. */

#define KIOSK_ID "lobby-1"

/* Waits for a condition, never for a fixed time; gives up loudly after @seconds. */
#define WAIT_FOR(cond, seconds)                                                     \
  G_STMT_START                                                                      \
  {                                                                                 \
    gint64 deadline_ = g_get_monotonic_time () + (gint64) (seconds) * G_USEC_PER_SEC; \
    guint wake_ = g_timeout_add (50, wake_cb, NULL);                                \
    while (!(cond))                                                                 \
      {                                                                             \
        if (g_get_monotonic_time () > deadline_)                                    \
          g_error ("Timed out waiting for %s", #cond);                              \
        g_main_context_iteration (NULL, TRUE);                                      \
      }                                                                             \
    g_source_remove (wake_);                                                        \
  }                                                                                 \
  G_STMT_END

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}


/*
 * Helpers: files, store and decisions
 */

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("findings-sync-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static FindingsStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  FindingsStore *store = findings_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static FindingsDecision *
make_decision (FindingsAction  action,
               const char     *recommendation_id,
               const char     *option_id)
{
  FindingsDecision *decision = findings_decision_new (action);

  findings_decision_set_visit_id (decision, "v-1");
  findings_decision_set_recommendation_id (decision, recommendation_id);
  findings_decision_set_kiosk_id (decision, KIOSK_ID);
  findings_decision_set_app_version (decision, PACKAGE_VERSION);

  switch (action)
    {
    case FINDINGS_ACTION_ACCEPT:
      findings_decision_set_option_id (decision, option_id);
      findings_decision_set_decided_by_name (decision, "Dana Whitfield");
      findings_decision_set_decided_by_role (decision, "Facility manager");
      break;
    case FINDINGS_ACTION_REQUEST_CALL:
      findings_decision_set_call_phone (decision, "+1 416 555 0100");
      findings_decision_set_call_best_time (decision, "Mornings");
      break;
    case FINDINGS_ACTION_DECLINE:
    default:
      g_assert_not_reached ();
    }

  return decision;
}

/* Stores a decision; returns its id. */
static char *
add_decision (FindingsStore  *store,
              FindingsAction  action,
              const char     *recommendation_id,
              const char     *option_id)
{
  g_autoptr(FindingsDecision) decision = make_decision (action, recommendation_id, option_id);
  g_autoptr(GError) error = NULL;

  findings_store_add_decision (store, decision, &error);
  g_assert_no_error (error);
  return g_strdup (findings_decision_get_id (decision));
}

static FindingsOutboxEntry *
find_entry (FindingsStore *store,
            const char    *recommendation_id,
            const char    *decision_id)
{
  g_autoptr(GPtrArray) entries = findings_store_list_for_recommendation (store,
                                                                         recommendation_id);

  for (guint i = 0; i < entries->len; i++)
    {
      FindingsOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (g_strcmp0 (entry->id, decision_id) == 0)
        return findings_outbox_entry_copy (entry);
    }

  g_error ("Decision %s is not in the store", decision_id);
}

/* Lets a rescheduled decision become due, however short its backoff was. */
static void
wait_until_due (FindingsStore *store,
                const char    *recommendation_id,
                const char    *decision_id)
{
  g_autoptr(FindingsOutboxEntry) entry = find_entry (store, recommendation_id, decision_id);
  gint64 due = entry->next_attempt_at;

  g_assert_cmpint (due - g_get_real_time (), <=, 5 * 60 * G_USEC_PER_SEC);
  WAIT_FOR (g_get_real_time () >= due, 5 * 60 + 10);
}


/*
 * Helpers: running the sync
 */

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
run_sync (FindingsSync        *sync,
          FindingsSyncReport **report,
          GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  findings_sync_run_async (sync, NULL, got_result_cb, &result);
  WAIT_FOR (result != NULL, 180);

  return findings_sync_run_finish (sync, result, report, error);
}

/* A run that must succeed. */
static FindingsSyncReport *
run_ok (FindingsSync *sync)
{
  g_autoptr(GError) error = NULL;
  FindingsSyncReport *report = NULL;

  run_sync (sync, &report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static FindingsSyncOutcome *
only_outcome (FindingsSyncReport *report)
{
  g_assert_cmpuint (report->outcomes->len, ==, 1);
  return g_ptr_array_index (report->outcomes, 0);
}

/* The office's answer, read back in the API's spelling. */
static const char *
answer_status (FindingsDecisionAnswer *answer)
{
  g_assert_true (FINDINGS_IS_DECISION_ANSWER (answer));
  return findings_status_to_string (findings_decision_answer_get_status (answer));
}

static const char *
follow_up_state (FindingsFollowUp *follow_up)
{
  g_assert_true (FINDINGS_IS_FOLLOW_UP (follow_up));
  return findings_follow_up_state_to_string (findings_follow_up_get_state (follow_up));
}

static const char *
outcome_status (FindingsSyncOutcome *outcome)
{
  return answer_status (outcome->answer);
}

static FindingsFollowUp *
outcome_follow_up (FindingsSyncOutcome *outcome)
{
  g_assert_true (FINDINGS_IS_DECISION_ANSWER (outcome->answer));
  return findings_decision_answer_get_follow_up (outcome->answer);
}

typedef struct
{
  guint             n_visits_changed;
  guint             n_visits;
  guint             n_answered;
  char             *status;
  FindingsFollowUp *follow_up;
  guint             n_refused;
  char             *problem_type;
  guint             n_photos;
  char             *photo_id;
} Signals;

static void
photo_stored_cb (FindingsSync *sync,
                 const char   *photo_id,
                 Signals      *seen)
{
  seen->n_photos++;
  g_free (seen->photo_id);
  seen->photo_id = g_strdup (photo_id);
}

static void
visits_changed_cb (FindingsSync *sync,
                   GPtrArray    *visits,
                   Signals      *seen)
{
  seen->n_visits_changed++;
  seen->n_visits += visits->len;
  for (guint i = 0; i < visits->len; i++)
    g_assert_true (FINDINGS_IS_VISIT (g_ptr_array_index (visits, i)));
}

static void
decision_answered_cb (FindingsSync           *sync,
                      const char             *decision_id,
                      FindingsDecisionAnswer *answer,
                      Signals                *seen)
{
  FindingsFollowUp *follow_up = findings_decision_answer_get_follow_up (answer);

  g_assert_nonnull (decision_id);
  g_assert_nonnull (findings_decision_answer_get_recommendation_id (answer));
  seen->n_answered++;
  g_free (seen->status);
  seen->status = g_strdup (answer_status (answer));
  g_clear_object (&seen->follow_up);
  seen->follow_up = follow_up != NULL ? g_object_ref (follow_up) : NULL;
}

static void
decision_refused_cb (FindingsSync *sync,
                     const char   *decision_id,
                     const char   *recommendation_id,
                     const char   *problem_type,
                     const char   *detail,
                     Signals      *seen)
{
  g_assert_nonnull (detail);
  seen->n_refused++;
  g_free (seen->problem_type);
  seen->problem_type = g_strdup (problem_type);
}

static void
watch_signals (FindingsSync *sync,
               Signals      *seen)
{
  g_signal_connect (sync, "visits-changed", G_CALLBACK (visits_changed_cb), seen);
  g_signal_connect (sync, "decision-answered", G_CALLBACK (decision_answered_cb), seen);
  g_signal_connect (sync, "decision-refused", G_CALLBACK (decision_refused_cb), seen);
  g_signal_connect (sync, "photo-stored", G_CALLBACK (photo_stored_cb), seen);
}

static void
signals_clear (Signals *seen)
{
  g_clear_pointer (&seen->status, g_free);
  g_clear_object (&seen->follow_up);
  g_clear_pointer (&seen->problem_type, g_free);
  g_clear_pointer (&seen->photo_id, g_free);
}

static FindingsSync *
new_sync (FindingsStore *store,
          const char    *url,
          const char    *token)
{
  FindingsSync *sync = findings_sync_new (store, url, token);

  g_assert_true (FINDINGS_IS_SYNC (sync));
  return sync;
}


/*
 * The real office
 */

typedef struct
{
  char        *dir;
  char        *db;
  char        *kiosk_token;
  char        *technician_token;
  char        *url;
  GSubprocess *server;
} Office;

static const char photo_magic[] = "\x89PNG\r\n\x1a\n";

static GBytes *
make_photo (void)
{
  GByteArray *data = g_byte_array_new ();

  g_byte_array_append (data, (const guint8 *) photo_magic, sizeof photo_magic - 1);
  for (guint i = 0; i < 300; i++)
    {
      guint8 b = (guint8) (i * 7);

      g_byte_array_append (data, &b, 1);
    }

  return g_byte_array_free_to_bytes (data);
}

static char *
rec_json (const char *id,
          const char *valid_until,
          const char *photo_sha256)
{
  g_autofree char *photos = NULL;

  if (photo_sha256 != NULL)
    photos = g_strdup_printf (", \"photos\": [{\"id\": \"p-1\", \"caption\": \"The crack\","
                              " \"media_type\": \"image/png\", \"sha256\": \"%s\"}]",
                              photo_sha256);

  return g_strdup_printf ("{\"id\": \"%s\", \"title\": \"Replace the heat exchanger\","
                          " \"category\": \"safety\", \"urgency\": \"immediate\","
                          " \"finding\": \"A crack.\", \"why_it_matters\": \"Gas can leak.\","
                          " \"options\": [{\"id\": \"%s-o1\", \"label\": \"Replace\","
                          "               \"price\": 480000}],"
                          " \"quote\": {\"valid_until\": \"%s\"}%s,"
                          " \"status\": \"open\"}",
                          id, id, valid_until, photos != NULL ? photos : "");
}

static char *
visit_json (const char *photo_sha256)
{
  g_autofree char *ok = rec_json ("r-ok", "2099-12-31", photo_sha256);
  g_autofree char *call = rec_json ("r-call", "2099-12-31", NULL);
  g_autofree char *old = rec_json ("r-old", "2020-01-31", NULL);

  return g_strdup_printf ("{\"schema_version\": 1, \"id\": \"v-1\","
                          " \"site\": {\"id\": \"s-1\", \"name\": \"Maple Court\"},"
                          " \"company\": {\"name\": \"Novus Mechanical\"},"
                          " \"technician\": {\"name\": \"Angus Reid\"},"
                          " \"completed_at\": \"2026-11-20T15:40:00Z\","
                          " \"currency\": \"CAD\","
                          " \"recommendations\": [%s, %s, %s]}",
                          ok, call, old);
}

static void
kill_with_parent (gpointer user_data)
{
  /* A failed assertion must not leave a server running. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocessLauncher *
new_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, kill_with_parent, NULL, NULL);
  return launcher;
}

/* Runs `findings-office --db DB ARGS…`, which must succeed; returns its first line. */
static char *
office_cli (Office     *office,
            const char *first,
            ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list list;

  g_ptr_array_add (argv, (gpointer) g_getenv ("FINDINGS_OFFICE"));
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, office->db);
  va_start (list, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (list, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (list);
  g_ptr_array_add (argv, NULL);

  launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("findings-office %s failed: %s", first, err);

  return g_strndup (out, strcspn (out, "\n"));
}

static void
office_start (Office *office)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  g_assert_null (office->server);
  office->server = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("FINDINGS_OFFICE"),
                                                "--db", office->db, "serve", "--port", "0",
                                                "--address", "127.0.0.1", NULL);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (office->server));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on http://127.0.0.1:"));

  g_free (office->url);
  office->url = g_strdup (line + strlen ("Listening on "));
}

static void
office_stop (Office *office)
{
  g_autoptr(GError) error = NULL;

  if (office->server == NULL)
    return;

  g_subprocess_send_signal (office->server, SIGTERM);
  g_subprocess_wait (office->server, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&office->server);
}

static void
office_put_photo (Office *office,
                  GBytes *photo)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (office->url, "api/v1/photos/p-1", NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", office->technician_token, NULL);

  soup_session_set_proxy_resolver (session, NULL);
  msg = soup_message_new ("PUT", url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  soup_message_set_request_body_from_bytes (msg, "image/png", photo);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_CREATED);
}

/* Under tests/run-with-postgresql.sh each office gets a database of its own on the
 * test's PostgreSQL cluster; otherwise a file in its folder. */
static char *
new_office_db (const char *dir)
{
  static guint count;
  const char *createdb = g_getenv ("FINDINGS_TEST_PG_CREATEDB");
  const char *host = g_getenv ("FINDINGS_TEST_PG_HOST");
  const char *user = g_getenv ("FINDINGS_TEST_PG_USER");
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (g_getenv ("FINDINGS_TEST_OFFICE_DB") == NULL || createdb == NULL || host == NULL ||
      user == NULL)
    return g_build_filename (dir, "office.db", NULL);

  name = g_strdup_printf ("sync_%u", ++count);
  g_spawn_sync (NULL, (char *[]) { (char *) createdb, (char *) "-h", (char *) host,
                                   (char *) "-U", (char *) user, name, NULL },
                NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  return g_strdup_printf ("postgresql:///%s?host=%s&user=%s", name, host, user);
}

/* An office with one account, its site s-1, a kiosk token, and visit v-1 with
 * r-ok (valid quote, one photo), r-call, and r-old (quote expired in 2020). */
static Office *
office_new (gboolean start)
{
  Office *office = g_new0 (Office, 1);
  g_autoptr(GBytes) photo = make_photo ();
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, photo);
  g_autofree char *account = NULL;
  g_autofree char *visit = visit_json (sha256);
  g_autofree char *visit_path = NULL;
  g_autofree char *imported = NULL;
  g_autofree char *site = NULL;
  g_autoptr(GError) error = NULL;

  office->dir = make_tmp_dir ();
  office->db = new_office_db (office->dir);

  account = office_cli (office, "account", "add", "Maple Court Management", NULL);
  site = office_cli (office, "site", "add", "--account", account, "--site", "s-1",
                     "--name", "Maple Court", NULL);
  office->kiosk_token = office_cli (office, "token", "add", "--kind", "kiosk",
                                    "--account", account, NULL);
  office->technician_token = office_cli (office, "token", "add", "--kind", "technician", NULL);

  visit_path = g_build_filename (office->dir, "visit.json", NULL);
  g_file_set_contents (visit_path, visit, -1, &error);
  g_assert_no_error (error);
  imported = office_cli (office, "visit", "import", "--account", account, visit_path, NULL);

  office_start (office);
  office_put_photo (office, photo);
  if (!start)
    office_stop (office);

  return office;
}

static void
office_free (Office *office)
{
  office_stop (office);
  remove_tree (office->dir);
  g_free (office->dir);
  g_free (office->db);
  g_free (office->kiosk_token);
  g_free (office->technician_token);
  g_free (office->url);
  g_free (office);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Office, office_free)

/* The same count on the office's PostgreSQL database, with psql. */
static guint
office_count_decisions_on_postgresql (Office     *office,
                                      const char *recommendation_id)
{
  g_autofree char *bindir = g_path_get_dirname (g_getenv ("FINDINGS_TEST_PG_CREATEDB"));
  g_autofree char *psql = g_build_filename (bindir, "psql", NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM decisions"
                                          " WHERE recommendation_id = '%s'", recommendation_id);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_null (strchr (recommendation_id, '\''));
  g_spawn_sync (NULL, (char *[]) { psql, (char *) "-X", (char *) "-tA", (char *) "-d",
                                   office->db, (char *) "-c", sql, NULL },
                NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  return (guint) g_ascii_strtoull (out, NULL, 10);
}

/* What the office recorded: its own database is the witness of "exactly once". */
static guint
office_count_decisions (Office     *office,
                        const char *recommendation_id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint count;

  if (g_str_has_prefix (office->db, "postgresql:"))
    return office_count_decisions_on_postgresql (office, recommendation_id);

  g_assert_cmpint (sqlite3_open_v2 (office->db, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT count(*) FROM decisions"
                                       " WHERE recommendation_id = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, recommendation_id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return count;
}

/* A kiosk's store in its own folder. */
typedef struct
{
  char          *dir;
  char          *path;
  FindingsStore *store;
} Kiosk;

static Kiosk *
kiosk_new (void)
{
  Kiosk *kiosk = g_new0 (Kiosk, 1);

  kiosk->dir = make_tmp_dir ();
  kiosk->path = g_build_filename (kiosk->dir, "kiosk.db", NULL);
  kiosk->store = open_store (kiosk->path);
  return kiosk;
}

static void
kiosk_free (Kiosk *kiosk)
{
  g_clear_object (&kiosk->store);
  remove_tree (kiosk->dir);
  g_free (kiosk->dir);
  g_free (kiosk->path);
  g_free (kiosk);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Kiosk, kiosk_free)


/*
 * A forwarding proxy, to see the office's status codes and to die at the
 * worst moment: after the office recorded a decision, before the kiosk knows.
 */

typedef struct
{
  SoupServer  *server;
  SoupSession *session;
  char        *upstream;   /* the office, with its trailing slash */
  char        *url;
  gboolean     die_when_created;
  GArray      *decision_statuses;
} Proxy;

typedef struct
{
  Proxy             *proxy;
  SoupServerMessage *msg;
  SoupMessage       *upstream;
  gboolean           is_decision;
} Forward;

static void
forwarded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Forward *forward = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;
  const char *type;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  status = soup_message_get_status (forward->upstream);

  if (forward->is_decision)
    {
      g_array_append_val (forward->proxy->decision_statuses, status);
      /* The office has it; the kiosk never hears so. */
      if (forward->proxy->die_when_created && status == SOUP_STATUS_CREATED)
        raise (SIGKILL);
    }

  type = soup_message_headers_get_content_type (
    soup_message_get_response_headers (forward->upstream), NULL);
  soup_server_message_set_status (forward->msg, status, NULL);
  soup_server_message_set_response (forward->msg, type != NULL ? type : "application/json",
                                    SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  soup_server_message_unpause (forward->msg);

  g_object_unref (forward->msg);
  g_object_unref (forward->upstream);
  g_free (forward);
}

static void
copy_header (SoupMessageHeaders *from,
             SoupMessageHeaders *to,
             const char         *name)
{
  const char *value = soup_message_headers_get_one (from, name);

  if (value != NULL)
    soup_message_headers_replace (to, name, value);
}

static void
proxy_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Proxy *proxy = user_data;
  Forward *forward = g_new0 (Forward, 1);
  GUri *uri = soup_server_message_get_uri (msg);
  SoupMessageHeaders *in = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *out;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;

  url = g_strconcat (proxy->upstream, path + 1, g_uri_get_query (uri) != NULL ? "?" : "",
                     g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "", NULL);

  forward->proxy = proxy;
  forward->msg = g_object_ref (msg);
  forward->upstream = soup_message_new (soup_server_message_get_method (msg), url);
  forward->is_decision = g_str_equal (path, "/api/v1/decisions");
  g_assert_nonnull (forward->upstream);

  out = soup_message_get_request_headers (forward->upstream);
  copy_header (in, out, "Authorization");
  copy_header (in, out, "Idempotency-Key");
  copy_header (in, out, "Accept");

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (g_bytes_get_size (body) > 0)
    soup_message_set_request_body_from_bytes (forward->upstream,
                                              soup_message_headers_get_content_type (in, NULL),
                                              body);

  soup_server_message_pause (msg);
  soup_session_send_and_read_async (proxy->session, forward->upstream, G_PRIORITY_DEFAULT, NULL,
                                    forwarded_cb, forward);
}

static char *
listen_local (SoupServer *server)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  char *url;

  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server);
  g_assert_nonnull (uris);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  return url;
}

static Proxy *
proxy_new (const char *upstream,
           gboolean    die_when_created)
{
  Proxy *proxy = g_new0 (Proxy, 1);

  proxy->upstream = g_strdup (upstream);
  proxy->die_when_created = die_when_created;
  proxy->decision_statuses = g_array_new (FALSE, FALSE, sizeof (guint));
  proxy->session = soup_session_new ();
  soup_session_set_proxy_resolver (proxy->session, NULL);
  proxy->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (proxy->server, NULL, proxy_handler, proxy, NULL);
  proxy->url = listen_local (proxy->server);

  return proxy;
}

static void
proxy_free (Proxy *proxy)
{
  soup_server_disconnect (proxy->server);
  g_clear_object (&proxy->server);
  g_clear_object (&proxy->session);
  g_array_unref (proxy->decision_statuses);
  g_free (proxy->upstream);
  g_free (proxy->url);
  g_free (proxy);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Proxy, proxy_free)


/*
 * Child processes for the crash tests: this same binary, in a special mode.
 */

static int
child_add (const char *store_path)
{
  g_autoptr(FindingsStore) store = open_store (store_path);
  g_autofree char *id = add_decision (store, FINDINGS_ACTION_REQUEST_CALL, "r-call", NULL);

  /* Committed, and not a byte sent. */
  raise (SIGKILL);
  return 3;
}

static int
child_send (const char *store_path,
            const char *office_url,
            const char *token)
{
  g_autoptr(FindingsStore) store = open_store (store_path);
  g_autoptr(Proxy) proxy = proxy_new (office_url, TRUE);
  g_autoptr(FindingsSync) sync = new_sync (store, proxy->url, token);
  g_autoptr(FindingsSyncReport) report = NULL;

  /* The proxy kills this process as soon as the office answers 201. */
  run_sync (sync, &report, NULL);
  return 3;
}

static char *
self_path (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_file_read_link ("/proc/self/exe", &error);

  g_assert_no_error (error);
  return path;
}

static void
run_child (const char *first,
           ...)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *self = self_path ();
  va_list list;

  g_ptr_array_add (argv, self);
  va_start (list, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (list, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (list);
  g_ptr_array_add (argv, NULL);

  child = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
}


/*
 * Tests against the real office
 */

static void
test_office_pull (void)
{
  g_autoptr(Office) office = office_new (TRUE);
  g_autoptr(Kiosk) kiosk = kiosk_new ();
  g_autoptr(FindingsSync) sync = new_sync (kiosk->store, office->url, office->kiosk_token);
  g_autoptr(FindingsSyncReport) first = NULL;
  g_autoptr(FindingsSyncReport) second = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GBytes) photo = make_photo ();
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, photo);
  g_autofree char *cursor = NULL;
  g_autoptr(GError) error = NULL;
  Signals seen = { 0 };

  watch_signals (sync, &seen);
  g_assert_false (findings_store_has_photo (kiosk->store, "p-1", NULL));

  first = run_ok (sync);
  g_assert_cmpuint (first->visits_pulled, ==, 1);
  g_assert_cmpuint (first->visits_rejected, ==, 0);
  g_assert_cmpuint (first->photos_fetched, ==, 1);
  g_assert_cmpuint (first->photos_rejected, ==, 0);
  g_assert_cmpuint (first->outcomes->len, ==, 0);
  g_assert_cmpuint (seen.n_visits_changed, ==, 1);
  g_assert_cmpuint (seen.n_visits, ==, 1);
  /* Each photo is announced once stored, for a page already showing its visit. */
  g_assert_cmpuint (seen.n_photos, ==, 1);
  g_assert_cmpstr (seen.photo_id, ==, "p-1");

  bodies = findings_store_load_visit_bodies (kiosk->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bodies->len, ==, 1);
  cursor = findings_store_dup_cursor (kiosk->store);
  g_assert_nonnull (cursor);
  g_assert_true (findings_store_has_photo (kiosk->store, "p-1", sha256));

  g_assert_cmpint (findings_sync_get_state (sync), ==, FINDINGS_SYNC_STATE_IDLE);
  g_assert_null (findings_sync_get_last_error (sync));
  g_assert_nonnull (findings_sync_get_last_success (sync));

  /* With the cursor: nothing changed, nothing comes. */
  second = run_ok (sync);
  g_assert_cmpuint (second->visits_pulled, ==, 0);
  g_assert_cmpuint (second->photos_fetched, ==, 0);
  g_assert_cmpuint (seen.n_visits_changed, ==, 1);
  g_assert_cmpuint (seen.n_photos, ==, 1);

  signals_clear (&seen);
}

static void
test_office_accept (void)
{
  g_autoptr(Office) office = office_new (TRUE);
  g_autoptr(Kiosk) kiosk = kiosk_new ();
  g_autoptr(FindingsSync) sync = new_sync (kiosk->store, office->url, office->kiosk_token);
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(FindingsSyncReport) again = NULL;
  g_autoptr(FindingsOutboxEntry) entry = NULL;
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  FindingsSyncOutcome *outcome;
  Signals seen = { 0 };

  watch_signals (sync, &seen);
  id = add_decision (kiosk->store, FINDINGS_ACTION_ACCEPT, "r-ok", "r-ok-o1");
  findings_sync_kick (sync);
  g_assert_cmpuint (findings_sync_get_n_pending (sync), ==, 1);
  text = findings_sync_describe_state (sync);
  g_assert_cmpstr (text, ==, "1 waiting, saved on this device");
  g_clear_pointer (&text, g_free);

  report = run_ok (sync);
  g_assert_cmpuint (report->decisions_sent, ==, 1);
  g_assert_cmpuint (report->decisions_refused, ==, 0);
  g_assert_cmpuint (report->decisions_waiting, ==, 0);
  outcome = only_outcome (report);
  g_assert_cmpint (outcome->kind, ==, FINDINGS_SYNC_OUTCOME_SENT);
  g_assert_cmpstr (outcome->decision_id, ==, id);
  g_assert_cmpstr (outcome->recommendation_id, ==, "r-ok");
  g_assert_cmpstr (outcome_status (outcome), ==, "accepted");
  g_assert_null (outcome_follow_up (outcome));

  g_assert_cmpuint (seen.n_answered, ==, 1);
  g_assert_cmpstr (seen.status, ==, "accepted");

  entry = find_entry (kiosk->store, "r-ok", id);
  g_assert_cmpint (entry->state, ==, FINDINGS_OUTBOX_STATE_SENT);
  g_assert_nonnull (strstr (entry->response, "\"accepted\""));
  g_assert_cmpuint (findings_sync_get_n_pending (sync), ==, 0);
  text = findings_sync_describe_state (sync);
  g_assert_cmpstr (text, ==, "All sent");

  again = run_ok (sync);
  g_assert_cmpuint (again->outcomes->len, ==, 0);
  g_assert_cmpuint (office_count_decisions (office, "r-ok"), ==, 1);

  signals_clear (&seen);
}

static void
test_office_request_call (void)
{
  g_autoptr(Office) office = office_new (TRUE);
  g_autoptr(Kiosk) kiosk = kiosk_new ();
  g_autoptr(FindingsSync) sync = new_sync (kiosk->store, office->url, office->kiosk_token);
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autofree char *id = NULL;
  FindingsSyncOutcome *outcome;
  FindingsFollowUp *follow_up;
  Signals seen = { 0 };

  watch_signals (sync, &seen);
  id = add_decision (kiosk->store, FINDINGS_ACTION_REQUEST_CALL, "r-call", NULL);

  report = run_ok (sync);
  g_assert_cmpuint (report->decisions_sent, ==, 1);
  outcome = only_outcome (report);
  g_assert_cmpstr (outcome_status (outcome), ==, "call_requested");
  g_assert_nonnull (outcome_follow_up (outcome));
  g_assert_true (FINDINGS_IS_FOLLOW_UP (outcome_follow_up (outcome)));
  follow_up = outcome_follow_up (outcome);
  g_assert_cmpstr (follow_up_state (follow_up), ==, "requested");
  g_assert_nonnull (findings_follow_up_get_due_by (follow_up));

  g_assert_cmpuint (seen.n_answered, ==, 1);
  g_assert_cmpstr (seen.status, ==, "call_requested");
  g_assert_nonnull (seen.follow_up);
  g_assert_cmpstr (follow_up_state (seen.follow_up), ==, "requested");
  g_assert_cmpuint (office_count_decisions (office, "r-call"), ==, 1);

  signals_clear (&seen);
}

static void
test_office_quote_expired (void)
{
  g_autoptr(Office) office = office_new (TRUE);
  g_autoptr(Kiosk) kiosk = kiosk_new ();
  g_autoptr(FindingsSync) sync = new_sync (kiosk->store, office->url, office->kiosk_token);
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(FindingsSyncReport) again = NULL;
  g_autoptr(FindingsOutboxEntry) entry = NULL;
  g_autofree char *id = NULL;
  FindingsSyncOutcome *outcome;
  Signals seen = { 0 };

  watch_signals (sync, &seen);
  id = add_decision (kiosk->store, FINDINGS_ACTION_ACCEPT, "r-old", "r-old-o1");

  report = run_ok (sync);
  g_assert_cmpuint (report->decisions_sent, ==, 0);
  g_assert_cmpuint (report->decisions_refused, ==, 1);
  outcome = only_outcome (report);
  g_assert_cmpint (outcome->kind, ==, FINDINGS_SYNC_OUTCOME_REFUSED);
  g_assert_cmpstr (outcome->problem_type, ==, "quote-expired");
  g_assert_nonnull (outcome->detail);
  g_assert_cmpuint (seen.n_refused, ==, 1);
  g_assert_cmpstr (seen.problem_type, ==, "quote-expired");

  entry = find_entry (kiosk->store, "r-old", id);
  g_assert_cmpint (entry->state, ==, FINDINGS_OUTBOX_STATE_REFUSED);
  g_assert_cmpstr (entry->problem_type, ==, "quote-expired");

  /* Never resent. */
  again = run_ok (sync);
  g_assert_cmpuint (again->outcomes->len, ==, 0);
  g_assert_cmpuint (seen.n_refused, ==, 1);
  g_assert_cmpuint (office_count_decisions (office, "r-old"), ==, 0);

  signals_clear (&seen);
}

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  /* Closed when the socket goes: nothing listens there any more. */
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
test_office_down (void)
{
  g_autoptr(Office) office = office_new (FALSE);
  g_autoptr(Kiosk) kiosk = kiosk_new ();
  g_autofree char *nowhere = g_strdup_printf ("http://127.0.0.1:%u/", free_port ());
  g_autoptr(FindingsSync) offline = new_sync (kiosk->store, nowhere, office->kiosk_token);
  g_autoptr(FindingsSync) online = NULL;
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(FindingsSyncReport) delivered = NULL;
  g_autoptr(FindingsOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  gint64 before;
  FindingsSyncOutcome *outcome;

  id = add_decision (kiosk->store, FINDINGS_ACTION_REQUEST_CALL, "r-call", NULL);

  before = g_get_real_time ();
  g_assert_false (run_sync (offline, &report, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  outcome = only_outcome (report);
  g_assert_cmpint (outcome->kind, ==, FINDINGS_SYNC_OUTCOME_WAITING);
  g_assert_nonnull (outcome->detail);
  g_assert_cmpuint (report->decisions_waiting, ==, 1);
  g_assert_cmpint (findings_sync_get_state (offline), ==, FINDINGS_SYNC_STATE_WAITING_RETRY);
  g_assert_nonnull (findings_sync_get_last_error (offline));

  entry = find_entry (kiosk->store, "r-call", id);
  g_assert_cmpint (entry->state, ==, FINDINGS_OUTBOX_STATE_PENDING);
  g_assert_cmpuint (entry->attempts, ==, 1);
  /* First failure: full jitter under the 2 s base. */
  g_assert_cmpint (entry->next_attempt_at, >=, before);
  g_assert_cmpint (entry->next_attempt_at, <=, g_get_real_time () + 2 * G_USEC_PER_SEC);
  g_assert_nonnull (entry->last_error);

  office_start (office);
  online = new_sync (kiosk->store, office->url, office->kiosk_token);
  wait_until_due (kiosk->store, "r-call", id);
  delivered = run_ok (online);
  g_assert_cmpuint (delivered->decisions_sent, ==, 1);
  g_assert_cmpuint (office_count_decisions (office, "r-call"), ==, 1);

  g_clear_pointer (&delivered, findings_sync_report_free);
  delivered = run_ok (online);
  g_assert_cmpuint (delivered->outcomes->len, ==, 0);
  g_assert_cmpuint (office_count_decisions (office, "r-call"), ==, 1);
}

static void
test_office_crash_before_send (void)
{
  g_autoptr(Office) office = office_new (TRUE);
  g_autoptr(Kiosk) kiosk = kiosk_new ();
  g_autoptr(FindingsSync) sync = NULL;
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(FindingsSyncReport) again = NULL;

  /* The child has the store to itself, as after a restart. */
  g_clear_object (&kiosk->store);
  run_child ("--child-add", kiosk->path, NULL);
  kiosk->store = open_store (kiosk->path);
  g_assert_cmpuint (findings_store_count_pending (kiosk->store), ==, 1);
  g_assert_cmpuint (office_count_decisions (office, "r-call"), ==, 0);

  sync = new_sync (kiosk->store, office->url, office->kiosk_token);
  report = run_ok (sync);
  g_assert_cmpuint (report->decisions_sent, ==, 1);
  g_assert_cmpstr (outcome_status (only_outcome (report)), ==, "call_requested");
  g_assert_cmpuint (office_count_decisions (office, "r-call"), ==, 1);

  again = run_ok (sync);
  g_assert_cmpuint (again->outcomes->len, ==, 0);
  g_assert_cmpuint (office_count_decisions (office, "r-call"), ==, 1);
}

static void
test_office_crash_after_send (void)
{
  g_autoptr(Office) office = office_new (TRUE);
  g_autoptr(Kiosk) kiosk = kiosk_new ();
  g_autoptr(Proxy) proxy = proxy_new (office->url, FALSE);
  g_autoptr(FindingsSync) sync = NULL;
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(FindingsOutboxEntry) entry = NULL;
  g_autofree char *id = NULL;

  id = add_decision (kiosk->store, FINDINGS_ACTION_REQUEST_CALL, "r-call", NULL);
  g_clear_object (&kiosk->store);

  run_child ("--child-send", kiosk->path, office->url, office->kiosk_token, NULL);
  g_assert_cmpuint (office_count_decisions (office, "r-call"), ==, 1);

  kiosk->store = open_store (kiosk->path);
  entry = find_entry (kiosk->store, "r-call", id);
  g_assert_cmpint (entry->state, ==, FINDINGS_OUTBOX_STATE_PENDING);
  g_assert_cmpuint (entry->attempts, ==, 0);

  /* After the restart: the same key again, and the office replays its answer. */
  sync = new_sync (kiosk->store, proxy->url, office->kiosk_token);
  report = run_ok (sync);
  g_assert_cmpuint (report->decisions_sent, ==, 1);
  g_assert_cmpstr (only_outcome (report)->decision_id, ==, id);
  g_assert_cmpstr (outcome_status (only_outcome (report)), ==, "call_requested");
  g_assert_cmpuint (proxy->decision_statuses->len, ==, 1);
  g_assert_cmpuint (g_array_index (proxy->decision_statuses, guint, 0), ==, SOUP_STATUS_OK);
  g_assert_cmpuint (office_count_decisions (office, "r-call"), ==, 1);

  g_clear_pointer (&entry, findings_outbox_entry_free);
  entry = find_entry (kiosk->store, "r-call", id);
  g_assert_cmpint (entry->state, ==, FINDINGS_OUTBOX_STATE_SENT);
}

static gboolean
make_certificate (const char *dir,
                  char      **out_cert,
                  char      **out_key)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *subject_alt = g_strdup ("subjectAltName=IP:127.0.0.1");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  if (openssl == NULL)
    return FALSE;

  *out_cert = g_build_filename (dir, "cert.pem", NULL);
  *out_key = g_build_filename (dir, "key.pem", NULL);
  launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  process = g_subprocess_launcher_spawn (launcher, &error, openssl, "req", "-x509",
                                         "-newkey", "rsa:2048", "-nodes", "-days", "2",
                                         "-subj", "/CN=127.0.0.1", "-addext", subject_alt,
                                         "-keyout", *out_key, "-out", *out_cert, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);

  return TRUE;
}

static char *
https_url (const char *cert,
           const char *key,
           Office     *office)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  office->server = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("FINDINGS_OFFICE"),
                                                "--db", office->db, "serve", "--port", "0",
                                                "--address", "127.0.0.1",
                                                "--tls-cert", cert, "--tls-key", key, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (office->server));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "Listening on https://127.0.0.1:"));

  return g_strdup (line + strlen ("Listening on "));
}

/* A certificate that fails validation is refused; trusted through a private CA, it works. */
static void
test_office_tls (void)
{
  g_autoptr(Office) office = office_new (FALSE);
  g_autoptr(Kiosk) kiosk = kiosk_new ();
  g_autoptr(FindingsSync) sync = NULL;
  g_autoptr(FindingsSyncReport) refused = NULL;
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *url = NULL;
  g_autofree char *id = NULL;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("No TLS backend (glib-networking)");
      return;
    }
  if (!make_certificate (kiosk->dir, &cert, &key))
    {
      g_test_skip ("openssl is needed to make a test certificate");
      return;
    }

  url = https_url (cert, key, office);
  sync = new_sync (kiosk->store, url, office->kiosk_token);
  id = add_decision (kiosk->store, FINDINGS_ACTION_ACCEPT, "r-ok", "r-ok-o1");

  g_assert_false (run_sync (sync, &refused, &error));
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_cmpuint (refused->visits_pulled, ==, 0);
  g_assert_cmpint (only_outcome (refused)->kind, ==, FINDINGS_SYNC_OUTCOME_WAITING);
  g_assert_cmpuint (office_count_decisions (office, "r-ok"), ==, 0);
  g_clear_error (&error);

  database = g_tls_file_database_new (cert, &error);
  g_assert_no_error (error);
  findings_sync_set_tls_database (sync, database);
  wait_until_due (kiosk->store, "r-ok", id);
  report = run_ok (sync);
  g_assert_cmpuint (report->visits_pulled, ==, 1);
  g_assert_cmpuint (report->decisions_sent, ==, 1);
  g_assert_cmpuint (office_count_decisions (office, "r-ok"), ==, 1);
}


/*
 * The fault-injecting server
 */

typedef enum
{
  REPLY_NORMAL,
  REPLY_PAUSE,           /* never answers */
  REPLY_RESET_HEADERS,   /* closes the connection halfway through the headers */
  REPLY_RESET_BODY,      /* closes it halfway through the body */
} ReplyKind;

typedef struct
{
  ReplyKind  kind;
  guint      status;
  char      *body;
  char      *retry_after;
} Reply;

typedef struct
{
  char   *method;
  char   *path;
  char   *query;
  char   *authorization;
  char   *key;
  GBytes *body;
  guint16 port;   /* the client's end: one port, one connection */
} Seen;

typedef struct
{
  SoupServer *server;
  char       *url;
  GQueue      visits;     /* Reply */
  GQueue      decisions;  /* Reply */
  GHashTable *photos;     /* id → GBytes */
  GPtrArray  *seen;
  GPtrArray  *paused;
} Fault;

static void
reply_free (gpointer data)
{
  Reply *reply = data;

  g_free (reply->body);
  g_free (reply->retry_after);
  g_free (reply);
}

static void
seen_free (gpointer data)
{
  Seen *seen = data;

  g_free (seen->method);
  g_free (seen->path);
  g_free (seen->query);
  g_free (seen->authorization);
  g_free (seen->key);
  g_bytes_unref (seen->body);
  g_free (seen);
}

static void
script (GQueue     *queue,
        ReplyKind   kind,
        guint       status,
        const char *body,
        const char *retry_after)
{
  Reply *reply = g_new0 (Reply, 1);

  reply->kind = kind;
  reply->status = status;
  reply->body = g_strdup (body);
  reply->retry_after = g_strdup (retry_after);
  g_queue_push_tail (queue, reply);
}

static Seen *
record (Fault             *fault,
        SoupServerMessage *msg,
        const char        *path)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  Seen *seen = g_new0 (Seen, 1);

  seen->method = g_strdup (soup_server_message_get_method (msg));
  seen->path = g_strdup (path);
  seen->query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
  seen->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  seen->key = g_strdup (soup_message_headers_get_one (headers, "Idempotency-Key"));
  seen->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  seen->port = g_inet_socket_address_get_port (
    G_INET_SOCKET_ADDRESS (soup_server_message_get_remote_address (msg)));
  g_ptr_array_add (fault->seen, seen);

  return seen;
}

/* What the office would answer to a decision: the decision and the new status. */
static char *
default_answer (GBytes *request)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *decision;
  g_autofree char *decision_json = NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (request, NULL),
                              (gssize) g_bytes_get_size (request), &error);
  g_assert_no_error (error);
  decision = json_node_get_object (json_parser_get_root (parser));
  decision_json = json_to_string (json_parser_get_root (parser), FALSE);

  return g_strdup_printf ("{\"decision\": %s, \"recommendation\": {\"id\": \"%s\","
                          " \"status\": \"accepted\", \"follow_up\": null}}",
                          decision_json,
                          json_object_get_string_member (decision, "recommendation_id"));
}

static void
reset_connection (SoupServerMessage *msg,
                  const char        *partial)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  g_output_stream_write_all (g_io_stream_get_output_stream (stream), partial, strlen (partial),
                             NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static void
respond (Fault             *fault,
         SoupServerMessage *msg,
         Reply             *reply)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *type = reply->status < 300 ? "application/json" : "application/problem+json";

  switch (reply->kind)
    {
    case REPLY_PAUSE:
      soup_server_message_pause (msg);
      g_ptr_array_add (fault->paused, g_object_ref (msg));
      return;

    case REPLY_RESET_HEADERS:
      reset_connection (msg, "HTTP/1.1 201 Created\r\nContent-Type: appl");
      return;

    case REPLY_RESET_BODY:
      reset_connection (msg, "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                             "Content-Length: 400\r\n\r\n{\"decision\": {\"id\": ");
      return;

    case REPLY_NORMAL:
    default:
      break;
    }

  soup_server_message_set_status (msg, reply->status, NULL);
  if (reply->retry_after != NULL)
    soup_message_headers_replace (headers, "Retry-After", reply->retry_after);
  if (reply->body != NULL)
    soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, reply->body,
                                      strlen (reply->body));
}

static void
fault_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Fault *fault = user_data;
  Seen *seen = record (fault, msg, path);
  Reply *reply = NULL;
  Reply fallback = { REPLY_NORMAL, SOUP_STATUS_NOT_FOUND, NULL, NULL };
  g_autofree char *answer = NULL;
  GBytes *photo;

  if (g_str_equal (path, "/api/v1/visits"))
    {
      reply = g_queue_pop_head (&fault->visits);
      fallback.status = SOUP_STATUS_OK;
      fallback.body = (char *) "{\"visits\": [], \"cursor\": \"c-0\", \"more\": false}";
    }
  else if (g_str_equal (path, "/api/v1/decisions"))
    {
      reply = g_queue_pop_head (&fault->decisions);
      fallback.status = SOUP_STATUS_CREATED;
      fallback.body = answer = default_answer (seen->body);
    }
  else if (g_str_has_prefix (path, "/api/v1/photos/") &&
           (photo = g_hash_table_lookup (fault->photos, path + strlen ("/api/v1/photos/"))))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (photo, NULL),
                                        g_bytes_get_size (photo));
      return;
    }

  respond (fault, msg, reply != NULL ? reply : &fallback);
  g_clear_pointer (&reply, reply_free);
}

static Fault *
fault_new (void)
{
  Fault *fault = g_new0 (Fault, 1);

  g_queue_init (&fault->visits);
  g_queue_init (&fault->decisions);
  fault->photos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_bytes_unref);
  fault->seen = g_ptr_array_new_with_free_func (seen_free);
  fault->paused = g_ptr_array_new_with_free_func (g_object_unref);
  fault->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fault->server, NULL, fault_handler, fault, NULL);
  fault->url = listen_local (fault->server);

  return fault;
}

static void
fault_free (Fault *fault)
{
  /* Let the paused exchanges end, or the server would keep their connections. */
  for (guint i = 0; i < fault->paused->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (fault->paused, i);

      soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_server_message_unpause (msg);
    }
  g_ptr_array_unref (fault->paused);

  soup_server_disconnect (fault->server);
  g_clear_object (&fault->server);
  g_queue_clear_full (&fault->visits, reply_free);
  g_queue_clear_full (&fault->decisions, reply_free);
  g_hash_table_unref (fault->photos);
  g_ptr_array_unref (fault->seen);
  g_free (fault->url);
  g_free (fault);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fault, fault_free)

static guint
count_posts (Fault *fault)
{
  guint n = 0;

  for (guint i = 0; i < fault->seen->len; i++)
    {
      Seen *seen = g_ptr_array_index (fault->seen, i);

      n += g_str_equal (seen->method, "POST");
    }

  return n;
}

static guint
count_requests (Fault      *fault,
                const char *path)
{
  guint n = 0;

  for (guint i = 0; i < fault->seen->len; i++)
    {
      Seen *seen = g_ptr_array_index (fault->seen, i);

      n += g_str_equal (seen->path, path);
    }

  return n;
}

static Seen *
nth_post (Fault *fault,
          guint  n)
{
  for (guint i = 0; i < fault->seen->len; i++)
    {
      Seen *seen = g_ptr_array_index (fault->seen, i);

      if (g_str_equal (seen->method, "POST") && n-- == 0)
        return seen;
    }

  g_error ("There was no POST number %u", n);
}

/* Each fault test: a kiosk with one accepted decision, and a sync to the fault server. */
typedef struct
{
  Fault        *fault;
  Kiosk        *kiosk;
  FindingsSync *sync;
  char         *id;
} Bench;

static void
bench_set_up (Bench         *bench,
              gconstpointer  data)
{
  bench->fault = fault_new ();
  bench->kiosk = kiosk_new ();
  bench->sync = new_sync (bench->kiosk->store, bench->fault->url, "kiosk-token");
  bench->id = add_decision (bench->kiosk->store, FINDINGS_ACTION_ACCEPT, "r-ok", "r-ok-o1");
}

static void
bench_tear_down (Bench         *bench,
                 gconstpointer  data)
{
  g_clear_object (&bench->sync);
  g_clear_pointer (&bench->kiosk, kiosk_free);
  g_clear_pointer (&bench->fault, fault_free);
  g_free (bench->id);
}

static FindingsOutboxEntry *
bench_entry (Bench *bench)
{
  return find_entry (bench->kiosk->store, "r-ok", bench->id);
}

/* Runs once; the decision must be left waiting, untouched but for its schedule. */
static FindingsOutboxEntry *
run_expect_waiting (Bench *bench)
{
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  FindingsOutboxEntry *entry;
  FindingsSyncOutcome *outcome;

  run_sync (bench->sync, &report, &error);
  g_assert_true (error == NULL || error->domain != G_IO_ERROR ||
                 error->code != G_IO_ERROR_CANCELLED);
  outcome = only_outcome (report);
  g_assert_cmpint (outcome->kind, ==, FINDINGS_SYNC_OUTCOME_WAITING);
  g_assert_cmpstr (outcome->decision_id, ==, bench->id);
  g_assert_nonnull (outcome->detail);
  g_assert_cmpuint (report->decisions_sent, ==, 0);
  g_assert_cmpuint (report->decisions_refused, ==, 0);
  g_assert_cmpuint (report->decisions_waiting, ==, 1);
  g_assert_cmpint (findings_sync_get_state (bench->sync), ==,
                   FINDINGS_SYNC_STATE_WAITING_RETRY);

  entry = bench_entry (bench);
  g_assert_cmpint (entry->state, ==, FINDINGS_OUTBOX_STATE_PENDING);
  g_assert_cmpint (entry->next_attempt_at, ==, outcome->next_attempt_us);
  return entry;
}

/* The retry: sent, with the same key and the very same bytes as every try before. */
static void
retry_expect_sent (Bench *bench)
{
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(FindingsOutboxEntry) entry = NULL;
  g_autofree char *key = g_strdup_printf ("\"%s\"", bench->id);
  guint n_posts;

  wait_until_due (bench->kiosk->store, "r-ok", bench->id);
  report = run_ok (bench->sync);
  g_assert_cmpuint (report->decisions_sent, ==, 1);
  g_assert_cmpstr (outcome_status (only_outcome (report)), ==, "accepted");

  entry = bench_entry (bench);
  g_assert_cmpint (entry->state, ==, FINDINGS_OUTBOX_STATE_SENT);

  n_posts = count_posts (bench->fault);
  g_assert_cmpuint (n_posts, >=, 2);
  for (guint i = 0; i < n_posts; i++)
    {
      Seen *seen = nth_post (bench->fault, i);

      g_assert_cmpstr (seen->key, ==, key);
      g_assert_cmpstr (seen->authorization, ==, "Bearer kiosk-token");
      g_assert_true (g_bytes_equal (seen->body, entry->body));
    }
}

static void
test_fault_500_then_201 (Bench         *bench,
                         gconstpointer  data)
{
  g_autoptr(FindingsOutboxEntry) entry = NULL;
  gint64 before = g_get_real_time ();

  script (&bench->fault->decisions, REPLY_NORMAL, SOUP_STATUS_INTERNAL_SERVER_ERROR,
          "{\"type\": \"internal\", \"title\": \"Oops\", \"status\": 500}", NULL);
  entry = run_expect_waiting (bench);
  g_assert_cmpuint (entry->attempts, ==, 1);
  g_assert_cmpint (entry->next_attempt_at, >=, before);
  g_assert_cmpint (entry->next_attempt_at, <=, g_get_real_time () + 2 * G_USEC_PER_SEC);

  retry_expect_sent (bench);
  g_assert_cmpuint (count_posts (bench->fault), ==, 2);
}

static void
test_fault_503_retry_after (Bench         *bench,
                            gconstpointer  data)
{
  g_autoptr(FindingsOutboxEntry) entry = NULL;
  gint64 before = g_get_real_time ();

  script (&bench->fault->decisions, REPLY_NORMAL, SOUP_STATUS_SERVICE_UNAVAILABLE,
          "{\"type\": \"busy\", \"title\": \"Busy\", \"status\": 503}", "1");
  entry = run_expect_waiting (bench);
  g_assert_cmpint (entry->next_attempt_at, >=, before + G_USEC_PER_SEC);
  g_assert_cmpint (entry->next_attempt_at, <=, g_get_real_time () + G_USEC_PER_SEC);

  retry_expect_sent (bench);
}

static void
test_fault_429_http_date (Bench         *bench,
                          gconstpointer  data)
{
  g_autoptr(FindingsOutboxEntry) entry = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 120);
  g_autofree char *date = soup_date_time_to_string (later, SOUP_DATE_HTTP);
  gint64 later_us = g_date_time_to_unix (later) * G_USEC_PER_SEC;

  script (&bench->fault->decisions, REPLY_NORMAL, 429,
          "{\"type\": \"too-many-requests\", \"title\": \"Slow down\", \"status\": 429}", date);
  entry = run_expect_waiting (bench);
  g_assert_cmpint (entry->next_attempt_at, ==, later_us);

  /* Not due yet: a run now leaves it alone. */
  g_clear_pointer (&entry, findings_outbox_entry_free);
  {
    g_autoptr(FindingsSyncReport) report = run_ok (bench->sync);

    g_assert_cmpuint (report->outcomes->len, ==, 0);
    g_assert_cmpuint (report->decisions_waiting, ==, 1);
  }
  g_assert_cmpuint (count_posts (bench->fault), ==, 1);
}

static void
test_fault_timeout (Bench         *bench,
                    gconstpointer  data)
{
  g_autoptr(FindingsOutboxEntry) entry = NULL;

  _findings_sync_set_request_timeout (bench->sync, 1);
  script (&bench->fault->decisions, REPLY_PAUSE, 0, NULL, NULL);
  entry = run_expect_waiting (bench);
  g_assert_cmpuint (entry->attempts, ==, 1);
  g_assert_nonnull (strstr (entry->last_error, "did not answer"));

  retry_expect_sent (bench);
}

/* The connection closed halfway through the headers or the body (@data). */
static void
test_fault_reset (Bench         *bench,
                  gconstpointer  data)
{
  g_autoptr(FindingsOutboxEntry) entry = NULL;

  script (&bench->fault->decisions, GPOINTER_TO_INT (data), 0, NULL, NULL);
  entry = run_expect_waiting (bench);
  g_assert_cmpuint (entry->attempts, ==, 1);

  retry_expect_sent (bench);
}

static void
test_fault_malformed_json (Bench         *bench,
                           gconstpointer  data)
{
  g_autoptr(FindingsOutboxEntry) entry = NULL;

  script (&bench->fault->decisions, REPLY_NORMAL, SOUP_STATUS_CREATED,
          "{\"decision\": {}, \"recommendation\": {\"id\": \"r-ok\", \"status\": 'accepted'}}",
          NULL);
  entry = run_expect_waiting (bench);
  g_assert_cmpint (entry->state, ==, FINDINGS_OUTBOX_STATE_PENDING);
  g_assert_null (entry->problem_type);

  retry_expect_sent (bench);
  g_assert_cmpuint (count_posts (bench->fault), ==, 2);
}

static void
test_fault_truncated_json (Bench         *bench,
                           gconstpointer  data)
{
  g_autoptr(FindingsOutboxEntry) entry = NULL;

  script (&bench->fault->decisions, REPLY_NORMAL, SOUP_STATUS_CREATED,
          "{\"decision\": {\"id\": \"x\"}, \"recommendation\": {\"id\": \"r-ok\", \"sta",
          NULL);
  entry = run_expect_waiting (bench);
  g_assert_null (entry->problem_type);

  retry_expect_sent (bench);
  g_assert_cmpuint (count_posts (bench->fault), ==, 2);
}

/* Well-formed JSON that is not the answer the API promises: also "we do not know". */
static void
test_fault_wrong_answer (Bench         *bench,
                         gconstpointer  data)
{
  g_autoptr(FindingsOutboxEntry) entry = NULL;

  script (&bench->fault->decisions, REPLY_NORMAL, SOUP_STATUS_OK,
          "{\"recommendation\": {\"id\": \"r-ok\", \"status\": \"maybe\"}}", NULL);
  entry = run_expect_waiting (bench);
  g_assert_null (entry->problem_type);

  retry_expect_sent (bench);
}

/* Decisions go out over kept-alive connections: a POST under an Idempotency-Key is
 * flagged idempotent, so libsoup may reuse an idle connection for it (it opened one
 * per decision before). */
static void
test_fault_connections_reused (Bench         *bench,
                               gconstpointer  data)
{
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(GHashTable) ports = g_hash_table_new (NULL, NULL);
  guint n_posts = 0;

  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *rec = g_strdup_printf ("r-%u", i);
      g_autofree char *option = g_strdup_printf ("r-%u-o1", i);
      g_autofree char *id = add_decision (bench->kiosk->store, FINDINGS_ACTION_ACCEPT, rec,
                                          option);
    }

  report = run_ok (bench->sync);
  g_assert_cmpuint (report->decisions_sent, ==, 8);

  for (guint i = 0; i < bench->fault->seen->len; i++)
    {
      Seen *seen = g_ptr_array_index (bench->fault->seen, i);

      if (!g_str_equal (seen->method, "POST"))
        continue;
      n_posts++;
      g_hash_table_add (ports, GUINT_TO_POINTER (seen->port));
    }

  /* Each sent once, over no more connections than libsoup keeps to one host (2). */
  g_assert_cmpuint (n_posts, ==, 8);
  g_assert_cmpuint (g_hash_table_size (ports), <=, 2);
}

/* Several decisions are in flight at once: while the office holds back its answer
 * to the first, the others are sent and answered; the report still lists them in
 * the order they were made, and each reached the office once. */
static void
test_fault_several_in_flight (Bench         *bench,
                              gconstpointer  data)
{
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  SoupServerMessage *held;

  g_ptr_array_add (ids, g_strdup (bench->id));
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *rec = g_strdup_printf ("r-%u", i);
      g_autofree char *option = g_strdup_printf ("r-%u-o1", i);

      g_ptr_array_add (ids, add_decision (bench->kiosk->store, FINDINGS_ACTION_ACCEPT, rec,
                                          option));
    }

  script (&bench->fault->decisions, REPLY_PAUSE, 0, NULL, NULL);
  findings_sync_run_async (bench->sync, NULL, got_result_cb, &result);

  /* One at a time, the others would wait behind the first for ever. */
  WAIT_FOR (count_posts (bench->fault) == 4 && bench->fault->paused->len == 1, 60);
  g_assert_null (result);

  held = g_ptr_array_steal_index (bench->fault->paused, 0);
  answer = default_answer (nth_post (bench->fault, 0)->body);
  soup_server_message_set_status (held, SOUP_STATUS_CREATED, NULL);
  soup_server_message_set_response (held, "application/json", SOUP_MEMORY_COPY, answer,
                                    strlen (answer));
  soup_server_message_unpause (held);
  g_object_unref (held);

  WAIT_FOR (result != NULL, 60);
  g_assert_true (findings_sync_run_finish (bench->sync, result, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->decisions_sent, ==, 4);
  g_assert_cmpuint (count_posts (bench->fault), ==, 4);

  g_assert_cmpuint (report->outcomes->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      FindingsSyncOutcome *outcome = g_ptr_array_index (report->outcomes, i);

      g_assert_cmpstr (outcome->decision_id, ==, g_ptr_array_index (ids, i));
      g_assert_cmpint (outcome->kind, ==, FINDINGS_SYNC_OUTCOME_SENT);
    }
}

static void
test_fault_unauthorized (Bench         *bench,
                         gconstpointer  data)
{
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(FindingsOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  /* Refused at the pull: nothing is pushed with a key the office does not know. */
  script (&bench->fault->visits, REPLY_NORMAL, SOUP_STATUS_UNAUTHORIZED,
          "{\"type\": \"unauthorized\", \"title\": \"Unknown token\", \"status\": 401}", NULL);
  g_assert_false (run_sync (bench->sync, &report, &error));
  g_assert_error (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_UNAUTHORIZED);
  g_assert_cmpint (findings_sync_get_state (bench->sync), ==, FINDINGS_SYNC_STATE_UNAUTHORIZED);
  g_assert_cmpuint (count_posts (bench->fault), ==, 0);
  g_assert_cmpuint (report->outcomes->len, ==, 0);
  text = findings_sync_describe_state (bench->sync);
  g_assert_cmpstr (text, ==, "The office refused this device’s key. Ask your installer.");
  g_clear_pointer (&report, findings_sync_report_free);
  g_clear_error (&error);

  /* Refused at the push: the decision stays as it was. */
  script (&bench->fault->decisions, REPLY_NORMAL, SOUP_STATUS_UNAUTHORIZED,
          "{\"type\": \"unauthorized\", \"title\": \"Unknown token\", \"status\": 401}", NULL);
  g_assert_false (run_sync (bench->sync, &report, &error));
  g_assert_error (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_UNAUTHORIZED);
  g_assert_cmpint (findings_sync_get_state (bench->sync), ==, FINDINGS_SYNC_STATE_UNAUTHORIZED);
  g_assert_cmpuint (count_posts (bench->fault), ==, 1);
  g_assert_cmpuint (report->outcomes->len, ==, 0);

  entry = bench_entry (bench);
  g_assert_cmpint (entry->state, ==, FINDINGS_OUTBOX_STATE_PENDING);
  g_assert_cmpuint (entry->attempts, ==, 0);
  g_assert_null (entry->problem_type);
  g_assert_cmpuint (findings_sync_get_n_pending (bench->sync), ==, 1);
}

static char *
fault_visit_json (const char *id,
                  const char *photo_id,
                  const char *sha256)
{
  return g_strdup_printf ("{\"schema_version\": 1, \"id\": \"%s\","
                          " \"site\": {\"id\": \"s-1\", \"name\": \"Maple Court\"},"
                          " \"company\": {\"name\": \"Novus\"},"
                          " \"technician\": {\"name\": \"Angus\"},"
                          " \"completed_at\": \"2026-11-20T15:40:00Z\", \"currency\": \"CAD\","
                          " \"recommendations\": [{\"id\": \"%s-r\", \"title\": \"Filters\","
                          "   \"category\": \"comfort\", \"urgency\": \"plan\","
                          "   \"finding\": \"Dirty.\", \"why_it_matters\": \"Air.\","
                          "   \"options\": [{\"id\": \"%s-o\", \"label\": \"Replace\","
                          "                  \"price\": 9000}],"
                          "   \"photos\": [{\"id\": \"%s\", \"media_type\": \"image/png\","
                          "                 \"sha256\": \"%s\"}],"
                          "   \"status\": \"open\"}]}",
                          id, id, id, photo_id, sha256);
}

static void
test_fault_invalid_visit (Bench         *bench,
                          gconstpointer  data)
{
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) photo = make_photo ();
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, photo);
  g_autofree char *good_1 = fault_visit_json ("v-good-1", "p-good", sha256);
  g_autofree char *good_2 = fault_visit_json ("v-good-2", "p-good", sha256);
  g_autofree char *page_1 = NULL;
  g_autofree char *page_2 = NULL;
  g_autofree char *cursor = NULL;
  Seen *second_get;
  Signals seen = { 0 };

  g_hash_table_insert (bench->fault->photos, g_strdup ("p-good"), g_bytes_ref (photo));
  /* The invalid one has no technician and a price as text. */
  page_1 = g_strdup_printf ("{\"visits\": [%s, {\"schema_version\": 1, \"id\": \"v-bad\","
                            " \"currency\": \"CAD\", \"price\": \"12\"}], \"cursor\": \"c 1/2\","
                            " \"more\": true}", good_1);
  page_2 = g_strdup_printf ("{\"visits\": [%s], \"cursor\": \"c-2\", \"more\": false,"
                            " \"unknown\": [1, 2]}", good_2);
  script (&bench->fault->visits, REPLY_NORMAL, SOUP_STATUS_OK, page_1, NULL);
  script (&bench->fault->visits, REPLY_NORMAL, SOUP_STATUS_OK, page_2, NULL);

  watch_signals (bench->sync, &seen);
  report = run_ok (bench->sync);
  g_assert_cmpuint (report->visits_pulled, ==, 2);
  g_assert_cmpuint (report->visits_rejected, ==, 1);
  g_assert_cmpuint (report->problems->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (report->problems, 0), "v-bad"));
  /* One photo, named twice, fetched once. */
  g_assert_cmpuint (report->photos_fetched, ==, 1);
  g_assert_cmpuint (seen.n_visits, ==, 2);

  bodies = findings_store_load_visit_bodies (bench->kiosk->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bodies->len, ==, 2);
  cursor = findings_store_dup_cursor (bench->kiosk->store);
  g_assert_cmpstr (cursor, ==, "c-2");

  /* The cursor went back URL-encoded. */
  second_get = g_ptr_array_index (bench->fault->seen, 1);
  g_assert_cmpstr (second_get->path, ==, "/api/v1/visits");
  g_assert_cmpstr (second_get->query, ==, "since=c%201%2F2");

  signals_clear (&seen);
}

/* One visit of a page that breaks a value rule json-glib would not notice: how to
 * write it, and what the rest of the page must survive. */
typedef struct
{
  const char *from;
  const char *to;
} BadVisit;

static const BadVisit nul_in_summary = {
  "{\"schema_version\": 1, ", "{\"schema_version\": 1, \"summary\": \"a\\u0000b\", "
};
static const BadVisit huge_price = {
  "\"price\": 9000", "\"price\": 123456789012345678901234567890"
};

static char *
replace_once (const char *text,
              const char *from,
              const char *to)
{
  const char *at = strstr (text, from);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, to, at + strlen (from));
}

/* A page of three visits whose middle one is bad (@data, a BadVisit): the other two
 * are stored and shown, the bad one is set aside and said so, and the cursor moves on. */
static void
test_fault_visit_set_aside (Bench         *bench,
                            gconstpointer  data)
{
  const BadVisit *bad = data;
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(FindingsSyncReport) next = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) photo = make_photo ();
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, photo);
  g_autofree char *first = fault_visit_json ("v-first", "p-good", sha256);
  g_autofree char *good_middle = fault_visit_json ("v-middle", "p-good", sha256);
  g_autofree char *middle = replace_once (good_middle, bad->from, bad->to);
  g_autofree char *last = fault_visit_json ("v-last", "p-good", sha256);
  g_autofree char *page = NULL;
  g_autofree char *cursor = NULL;
  const char *problem;
  Seen *next_get;
  Signals seen = { 0 };

  g_hash_table_insert (bench->fault->photos, g_strdup ("p-good"), g_bytes_ref (photo));
  page = g_strdup_printf ("{\"visits\": [%s, %s, %s], \"cursor\": \"c-1\", \"more\": false}",
                          first, middle, last);
  script (&bench->fault->visits, REPLY_NORMAL, SOUP_STATUS_OK, page, NULL);

  watch_signals (bench->sync, &seen);
  report = run_ok (bench->sync);
  g_assert_cmpuint (report->visits_pulled, ==, 2);
  g_assert_cmpuint (report->visits_rejected, ==, 1);
  g_assert_cmpuint (report->photos_fetched, ==, 1);
  g_assert_cmpuint (report->problems->len, ==, 1);
  problem = g_ptr_array_index (report->problems, 0);
  g_test_message ("%s", problem);
  g_assert_true (g_str_has_prefix (problem, "Visit v-middle was set aside: "));
  /* The decisions went out all the same. */
  g_assert_cmpuint (report->decisions_sent, ==, 1);

  g_assert_cmpuint (seen.n_visits_changed, ==, 1);
  g_assert_cmpuint (seen.n_visits, ==, 2);
  bodies = findings_store_load_visit_bodies (bench->kiosk->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bodies->len, ==, 2);
  for (guint i = 0; i < bodies->len; i++)
    {
      g_autoptr(FindingsVisit) visit = findings_visit_parse_bytes (g_ptr_array_index (bodies, i),
                                                                   &error);

      g_assert_no_error (error);
      g_assert_true (g_str_equal (findings_visit_get_id (visit), "v-first") ||
                     g_str_equal (findings_visit_get_id (visit), "v-last"));
    }

  cursor = findings_store_dup_cursor (bench->kiosk->store);
  g_assert_cmpstr (cursor, ==, "c-1");
  g_assert_cmpint (findings_sync_get_state (bench->sync), ==, FINDINGS_SYNC_STATE_IDLE);

  /* The next pull asks for what comes after this page, not for it again. */
  next = run_ok (bench->sync);
  next_get = g_ptr_array_index (bench->fault->seen, bench->fault->seen->len - 1);
  g_assert_cmpstr (next_get->path, ==, "/api/v1/visits");
  g_assert_cmpstr (next_get->query, ==, "since=c-1");

  signals_clear (&seen);
}

/* Each store write of a run is held open, mid-transaction, until the main loop lets
 * it go: a write made from the main thread would wait in vain. */
typedef struct
{
  Bench   *bench;
  GMutex   lock;
  GCond    cond;
  gboolean held;
  gboolean release;
  guint    n_released;
  guint    n_timed_out;
  guint    n_visits_seen_stored;
  guint    n_answers_seen_stored;
} WriteWatch;

static void
write_hook_cb (FindingsStore *store,
               gpointer       user_data)
{
  WriteWatch *watch = user_data;
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  gboolean released = TRUE;

  g_mutex_lock (&watch->lock);
  watch->held = TRUE;
  watch->release = FALSE;
  while (!watch->release && released)
    released = g_cond_wait_until (&watch->cond, &watch->lock, deadline);
  if (watch->release)
    watch->n_released++;
  else
    watch->n_timed_out++;
  watch->held = FALSE;
  g_mutex_unlock (&watch->lock);
}

static gboolean
release_write_cb (gpointer user_data)
{
  WriteWatch *watch = user_data;

  g_mutex_lock (&watch->lock);
  if (watch->held)
    {
      watch->release = TRUE;
      g_cond_broadcast (&watch->cond);
    }
  g_mutex_unlock (&watch->lock);

  return G_SOURCE_CONTINUE;
}

static void
stored_visits_changed_cb (FindingsSync *sync,
                          GPtrArray    *visits,
                          WriteWatch   *watch)
{
  g_autofree char *cursor = findings_store_dup_cursor (watch->bench->kiosk->store);

  /* Announced once the page and its cursor are committed. */
  g_assert_cmpstr (cursor, ==, "c-1");
  watch->n_visits_seen_stored++;
}

static void
stored_decision_answered_cb (FindingsSync           *sync,
                             const char             *decision_id,
                             FindingsDecisionAnswer *answer,
                             WriteWatch             *watch)
{
  g_autoptr(FindingsOutboxEntry) entry = find_entry (watch->bench->kiosk->store, "r-ok",
                                                     decision_id);

  /* "Answered" is said only of what the store already holds as sent. */
  g_assert_cmpint (entry->state, ==, FINDINGS_OUTBOX_STATE_SENT);
  watch->n_answers_seen_stored++;
}

/* Every write of a run (the page, the photo, the answer) is made off the main thread,
 * which goes on meanwhile, and each signal comes after its write is committed. */
static void
test_fault_writes_off_main_thread (Bench         *bench,
                                   gconstpointer  data)
{
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(GBytes) photo = make_photo ();
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, photo);
  g_autofree char *visit = fault_visit_json ("v-1", "p-good", sha256);
  g_autofree char *page = NULL;
  WriteWatch watch = { .bench = bench };
  guint releaser;

  g_mutex_init (&watch.lock);
  g_cond_init (&watch.cond);
  g_hash_table_insert (bench->fault->photos, g_strdup ("p-good"), g_bytes_ref (photo));
  page = g_strdup_printf ("{\"visits\": [%s], \"cursor\": \"c-1\", \"more\": false}", visit);
  script (&bench->fault->visits, REPLY_NORMAL, SOUP_STATUS_OK, page, NULL);
  g_signal_connect (bench->sync, "visits-changed", G_CALLBACK (stored_visits_changed_cb), &watch);
  g_signal_connect (bench->sync, "decision-answered", G_CALLBACK (stored_decision_answered_cb),
                    &watch);

  _findings_store_set_write_hook (bench->kiosk->store, write_hook_cb, &watch);
  releaser = g_timeout_add (10, release_write_cb, &watch);
  report = run_ok (bench->sync);
  g_source_remove (releaser);
  _findings_store_set_write_hook (bench->kiosk->store, NULL, NULL);

  g_assert_cmpuint (report->visits_pulled, ==, 1);
  g_assert_cmpuint (report->photos_fetched, ==, 1);
  g_assert_cmpuint (report->decisions_sent, ==, 1);
  g_assert_cmpuint (watch.n_timed_out, ==, 0);
  g_assert_cmpuint (watch.n_released, ==, 3);
  g_assert_cmpuint (watch.n_visits_seen_stored, ==, 1);
  g_assert_cmpuint (watch.n_answers_seen_stored, ==, 1);
  g_assert_true (findings_store_has_photo (bench->kiosk->store, "p-good", sha256));

  g_signal_handlers_disconnect_by_data (bench->sync, &watch);
  g_cond_clear (&watch.cond);
  g_mutex_clear (&watch.lock);
}

static void
test_fault_bad_envelope (Bench         *bench,
                         gconstpointer  data)
{
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;

  /* "more" as text: the page is not applied, and the push still happens. */
  script (&bench->fault->visits, REPLY_NORMAL, SOUP_STATUS_OK,
          "{\"visits\": [], \"cursor\": \"c-9\", \"more\": \"no\"}", NULL);
  g_assert_false (run_sync (bench->sync, &report, &error));
  g_assert_error (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_BAD_RESPONSE);
  cursor = findings_store_dup_cursor (bench->kiosk->store);
  g_assert_null (cursor);
  g_assert_cmpuint (report->decisions_sent, ==, 1);
  g_assert_cmpint (findings_sync_get_state (bench->sync), ==, FINDINGS_SYNC_STATE_ERROR);
}

static void
test_fault_photo_checksum (Bench         *bench,
                           gconstpointer  data)
{
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(GBytes) photo = make_photo ();
  g_autoptr(GBytes) other = g_bytes_new_static ("\x89PNG\r\n\x1a\nnot the same", 20);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, photo);
  g_autofree char *visit = fault_visit_json ("v-photo", "p-bad", sha256);
  g_autofree char *page = NULL;

  g_hash_table_insert (bench->fault->photos, g_strdup ("p-bad"), g_bytes_ref (other));
  page = g_strdup_printf ("{\"visits\": [%s], \"cursor\": \"c-1\", \"more\": false}", visit);
  script (&bench->fault->visits, REPLY_NORMAL, SOUP_STATUS_OK, page, NULL);

  script (&bench->fault->visits, REPLY_NORMAL, SOUP_STATUS_OK, page, NULL);

  report = run_ok (bench->sync);
  g_assert_cmpuint (report->visits_pulled, ==, 1);
  g_assert_cmpuint (report->photos_fetched, ==, 0);
  g_assert_cmpuint (report->photos_rejected, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (report->problems, 0), "p-bad"));
  g_assert_false (findings_store_has_photo (bench->kiosk->store, "p-bad", NULL));
  g_assert_cmpuint (count_requests (bench->fault, "/api/v1/photos/p-bad"), ==, 1);

  /* The visit again, the same checksum: the same bytes are not fetched again. */
  g_clear_pointer (&report, findings_sync_report_free);
  report = run_ok (bench->sync);
  g_assert_cmpuint (report->visits_pulled, ==, 1);
  g_assert_cmpuint (report->photos_rejected, ==, 0);
  g_assert_cmpuint (count_requests (bench->fault, "/api/v1/photos/p-bad"), ==, 1);
}

static void
test_fault_same_cursor (Bench         *bench,
                        gconstpointer  data)
{
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const char *page = "{\"visits\": [], \"cursor\": \"c-1\", \"more\": true}";

  /* An office that keeps saying "more" with the same cursor does not hold the run. */
  script (&bench->fault->visits, REPLY_NORMAL, SOUP_STATUS_OK, page, NULL);
  script (&bench->fault->visits, REPLY_NORMAL, SOUP_STATUS_OK, page, NULL);
  script (&bench->fault->visits, REPLY_NORMAL, SOUP_STATUS_OK, page, NULL);
  g_assert_false (run_sync (bench->sync, &report, &error));
  g_assert_error (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_BAD_RESPONSE);
  g_assert_cmpuint (count_requests (bench->fault, "/api/v1/visits"), ==, 2);
  g_assert_cmpuint (report->decisions_sent, ==, 1);
}

static void
test_fault_bad_cursor (Bench         *bench,
                       gconstpointer  data)
{
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  Seen *first;
  Seen *second;

  /* The office forgot our cursor (restored from a backup, say): start again. */
  findings_store_set_cursor (bench->kiosk->store, "stale", &error);
  g_assert_no_error (error);
  script (&bench->fault->visits, REPLY_NORMAL, SOUP_STATUS_BAD_REQUEST,
          "{\"type\": \"bad-cursor\", \"title\": \"Malformed cursor\", \"status\": 400}",
          NULL);

  report = run_ok (bench->sync);
  first = g_ptr_array_index (bench->fault->seen, 0);
  second = g_ptr_array_index (bench->fault->seen, 1);
  g_assert_cmpstr (first->query, ==, "since=stale");
  g_assert_cmpstr (second->path, ==, "/api/v1/visits");
  g_assert_null (second->query);
  cursor = findings_store_dup_cursor (bench->kiosk->store);
  g_assert_cmpstr (cursor, ==, "c-0");
}

static void
test_fault_oversized (Bench         *bench,
                      gconstpointer  data)
{
  g_autoptr(FindingsOutboxEntry) entry = NULL;
  GString *huge = g_string_new ("{\"recommendation\": {\"id\": \"r-ok\", \"pad\": \"");

  while (huge->len < FINDINGS_PROTOCOL_MAX_BODY + 10)
    g_string_append (huge, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_string_append (huge, "\"}}");

  script (&bench->fault->decisions, REPLY_NORMAL, SOUP_STATUS_CREATED, huge->str, NULL);
  g_string_free (huge, TRUE);

  entry = run_expect_waiting (bench);
  g_assert_nonnull (strstr (entry->last_error, "larger than"));
}

static void
test_fault_refused_other_4xx (Bench         *bench,
                              gconstpointer  data)
{
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(FindingsOutboxEntry) entry = NULL;

  /* A problem document that is not JSON still refuses; its type is made up. */
  script (&bench->fault->decisions, REPLY_NORMAL, SOUP_STATUS_NOT_FOUND, "<html>", NULL);
  report = run_ok (bench->sync);
  g_assert_cmpuint (report->decisions_refused, ==, 1);
  g_assert_cmpstr (only_outcome (report)->problem_type, ==, "http-404");

  entry = bench_entry (bench);
  g_assert_cmpint (entry->state, ==, FINDINGS_OUTBOX_STATE_REFUSED);
}

/* Automatic mode: a kick sends at once, and a failure retries on its own. */
static void
test_fault_automatic (Bench         *bench,
                      gconstpointer  data)
{
  g_autofree char *second = NULL;

  script (&bench->fault->decisions, REPLY_NORMAL, SOUP_STATUS_INTERNAL_SERVER_ERROR,
          "{\"type\": \"internal\", \"title\": \"Oops\", \"status\": 500}", NULL);
  findings_sync_start (bench->sync);
  WAIT_FOR (count_posts (bench->fault) >= 2, 60);
  WAIT_FOR (findings_store_count_pending (bench->kiosk->store) == 0, 60);

  second = add_decision (bench->kiosk->store, FINDINGS_ACTION_REQUEST_CALL, "r-call", NULL);
  findings_sync_kick (bench->sync);
  g_assert_cmpuint (findings_sync_get_n_pending (bench->sync), ==, 1);
  WAIT_FOR (findings_store_count_pending (bench->kiosk->store) == 0, 60);
  WAIT_FOR (findings_sync_get_state (bench->sync) == FINDINGS_SYNC_STATE_IDLE, 60);
  g_assert_cmpuint (count_posts (bench->fault), ==, 3);

  findings_sync_stop (bench->sync);
}


/*
 * The network going away and coming back
 */

/* A network monitor the test switches: the default one follows the machine. */
typedef struct
{
  GObject  parent_instance;
  gboolean available;
} FakeMonitor;

typedef GObjectClass FakeMonitorClass;

GType fake_monitor_get_type (void);

enum { FAKE_PROP_0, FAKE_PROP_AVAILABLE, FAKE_PROP_METERED, FAKE_PROP_CONNECTIVITY };

static void fake_monitor_iface_init (GNetworkMonitorInterface *iface) { }

static gboolean
fake_monitor_initable_init (GInitable     *initable,
                            GCancellable  *cancellable,
                            GError       **error)
{
  return TRUE;
}

static void
fake_monitor_initable_iface_init (GInitableIface *iface)
{
  iface->init = fake_monitor_initable_init;
}

G_DEFINE_TYPE_WITH_CODE (FakeMonitor, fake_monitor, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                fake_monitor_initable_iface_init)
                         G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR,
                                                fake_monitor_iface_init))

static void
fake_monitor_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FakeMonitor *self = (FakeMonitor *) object;

  switch (prop_id)
    {
    case FAKE_PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case FAKE_PROP_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case FAKE_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL
                                               : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fake_monitor_class_init (FakeMonitorClass *klass)
{
  klass->get_property = fake_monitor_get_property;
  g_object_class_override_property (klass, FAKE_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (klass, FAKE_PROP_METERED, "network-metered");
  g_object_class_override_property (klass, FAKE_PROP_CONNECTIVITY, "connectivity");
}

static void
fake_monitor_init (FakeMonitor *self)
{
}

static void
fake_monitor_set_available (FakeMonitor *self,
                            gboolean     available)
{
  self->available = available;
  g_object_notify (G_OBJECT (self), "network-available");
  g_signal_emit_by_name (self, "network-changed", available);
}

/* A decision made with the network down waits, said so, on this device; when the
 * network comes back it goes at once, and reaches the office exactly once. */
static void
test_network_back (void)
{
  g_autoptr(Office) office = office_new (TRUE);
  g_autoptr(Kiosk) kiosk = kiosk_new ();
  g_autoptr(FindingsSync) sync = new_sync (kiosk->store, office->url, office->kiosk_token);
  g_autoptr(GObject) monitor = g_object_new (fake_monitor_get_type (), NULL);
  g_autofree char *id = NULL;
  g_autofree char *offline = NULL;

  _findings_sync_set_network_monitor (sync, G_NETWORK_MONITOR (monitor));
  id = add_decision (kiosk->store, FINDINGS_ACTION_ACCEPT, "r-ok", "r-ok-o1");

  findings_sync_start (sync);
  WAIT_FOR (findings_sync_get_state (sync) == FINDINGS_SYNC_STATE_OFFLINE, 60);
  g_assert_cmpuint (findings_sync_get_n_pending (sync), ==, 1);
  offline = findings_sync_describe_state (sync);
  g_assert_cmpstr (offline, ==, "Offline: 1 decision saved on this device will be sent when "
                                "the network is back");
  g_assert_cmpuint (office_count_decisions (office, "r-ok"), ==, 0);

  /* A kick while offline sends nothing either. */
  findings_sync_kick (sync);
  g_assert_cmpint (findings_sync_get_state (sync), ==, FINDINGS_SYNC_STATE_OFFLINE);
  g_assert_cmpuint (office_count_decisions (office, "r-ok"), ==, 0);

  fake_monitor_set_available ((FakeMonitor *) monitor, TRUE);
  WAIT_FOR (findings_store_count_pending (kiosk->store) == 0, 60);
  WAIT_FOR (findings_sync_get_state (sync) == FINDINGS_SYNC_STATE_IDLE, 60);
  g_assert_cmpuint (office_count_decisions (office, "r-ok"), ==, 1);

  /* Down and up again: nothing is sent twice. */
  fake_monitor_set_available ((FakeMonitor *) monitor, FALSE);
  g_assert_cmpint (findings_sync_get_state (sync), ==, FINDINGS_SYNC_STATE_OFFLINE);
  fake_monitor_set_available ((FakeMonitor *) monitor, TRUE);
  WAIT_FOR (findings_sync_get_state (sync) == FINDINGS_SYNC_STATE_IDLE, 60);
  g_assert_cmpuint (office_count_decisions (office, "r-ok"), ==, 1);

  findings_sync_stop (sync);
}


/*
 * Without a peer
 */

static void
test_url (void)
{
  static const char * const good[] = {
    "https://office.example.com/", "https://office.example.com/findings",
    "http://127.0.0.1:8080/", "http://127.1.2.3/", "http://[::1]:8080/",
    "http://localhost:8080", "HTTP://LOCALHOST/",
  };
  static const char * const insecure[] = {
    "http://office.example.com/", "http://192.168.1.10/", "http://[::2]/",
    "http://128.0.0.1/", "http://localhost.example.com/",
  };
  static const char * const invalid[] = {
    "", "office.example.com", "ftp://office.example.com/", "https://", "https://h/?a=b",
    "https://user:pw@office.example.com/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (findings_sync_check_url (good[i], &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (insecure); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (findings_sync_check_url (insecure[i], &error));
      g_assert_error (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_INSECURE);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (findings_sync_check_url (invalid[i], &error));
      g_assert_error (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_INVALID_URL);
    }
}

/* The state's GType, for the "state" property and for bindings: the API's nicks. */
static void
test_state_type (void)
{
  static const struct { int value; const char *nick; } states[] = {
    { FINDINGS_SYNC_STATE_IDLE, "idle" },
    { FINDINGS_SYNC_STATE_SYNCING, "syncing" },
    { FINDINGS_SYNC_STATE_OFFLINE, "offline" },
    { FINDINGS_SYNC_STATE_WAITING_RETRY, "waiting-retry" },
    { FINDINGS_SYNC_STATE_UNAUTHORIZED, "unauthorized" },
    { FINDINGS_SYNC_STATE_ERROR, "error" },
  };
  g_autoptr(GEnumClass) klass = NULL;
  g_autoptr(GTypeClass) sync_class = NULL;
  GParamSpec *pspec;

  g_assert_true (G_TYPE_IS_ENUM (FINDINGS_TYPE_SYNC_STATE));
  g_assert_cmpstr (g_type_name (FINDINGS_TYPE_SYNC_STATE), ==, "FindingsSyncState");
  klass = g_type_class_ref (FINDINGS_TYPE_SYNC_STATE);
  g_assert_cmpuint (klass->n_values, ==, G_N_ELEMENTS (states));
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    g_assert_cmpstr (g_enum_get_value (klass, states[i].value)->value_nick, ==, states[i].nick);

  sync_class = g_type_class_ref (FINDINGS_TYPE_SYNC);
  pspec = g_object_class_find_property (G_OBJECT_CLASS (sync_class), "state");
  g_assert_nonnull (pspec);
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (pspec) == FINDINGS_TYPE_SYNC_STATE);

  g_assert_true (G_TYPE_IS_ENUM (FINDINGS_TYPE_SYNC_OUTCOME_KIND));
}

/* An insecure address never gets a request, and the run says why. */
static void
test_insecure_run (void)
{
  g_autoptr(Kiosk) kiosk = kiosk_new ();
  g_autoptr(FindingsSync) sync = new_sync (kiosk->store, "http://office.example.com/", "t");
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_autoptr(FindingsSync) forged = new_sync (kiosk->store, "http://127.0.0.1:9/",
                                             "abc\r\nX-Forged: 1");
  g_autoptr(FindingsSync) empty = new_sync (kiosk->store, "http://127.0.0.1:9/", "");

  g_assert_false (run_sync (sync, &report, &error));
  g_assert_error (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_INSECURE);
  g_assert_cmpint (findings_sync_get_state (sync), ==, FINDINGS_SYNC_STATE_ERROR);
  g_assert_nonnull (findings_sync_get_last_error (sync));
  g_clear_pointer (&report, findings_sync_report_free);
  g_clear_error (&error);

  /* A token that would break the header line is never sent. */
  g_assert_false (run_sync (forged, &report, &error));
  g_assert_error (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_UNAUTHORIZED);
  g_clear_pointer (&report, findings_sync_report_free);
  g_clear_error (&error);
  g_assert_false (run_sync (empty, &report, &error));
  g_assert_error (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_UNAUTHORIZED);
}

static void
test_describe (void)
{
  g_autoptr(Kiosk) kiosk = kiosk_new ();
  g_autoptr(FindingsSync) sync = new_sync (kiosk->store, "http://127.0.0.1:9/", "t");
  g_autofree char *none = NULL;
  g_autofree char *three = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *unreachable = NULL;

  none = findings_sync_describe_state (sync);
  g_assert_cmpstr (none, ==, "All sent");

  /* Nothing to send, but an office out of reach is said all the same. */
  g_assert_false (run_sync (sync, &report, &error));
  g_assert_nonnull (error);
  unreachable = findings_sync_describe_state (sync);
  g_assert_true (g_str_has_prefix (unreachable, "The office could not be reached ("));
  g_assert_true (g_str_has_suffix (unreachable, "). Nothing is waiting to be sent."));

  a = add_decision (kiosk->store, FINDINGS_ACTION_REQUEST_CALL, "r-1", NULL);
  b = add_decision (kiosk->store, FINDINGS_ACTION_REQUEST_CALL, "r-2", NULL);
  c = add_decision (kiosk->store, FINDINGS_ACTION_REQUEST_CALL, "r-3", NULL);
  findings_sync_kick (sync);
  g_assert_cmpuint (findings_sync_get_n_pending (sync), ==, 3);
  three = findings_sync_describe_state (sync);
  g_assert_true (g_str_has_prefix (three, "The office could not be reached ("));
  g_assert_true (g_str_has_suffix (three, "). 3 waiting, saved on this device"));
}

/* Two runs at once: the second is refused, the first is not disturbed. */
static void
test_one_run_at_a_time (Bench         *bench,
                        gconstpointer  data)
{
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  findings_sync_run_async (bench->sync, NULL, got_result_cb, &first);
  findings_sync_run_async (bench->sync, NULL, got_result_cb, &second);
  WAIT_FOR (first != NULL && second != NULL, 60);

  g_assert_false (findings_sync_run_finish (bench->sync, second, NULL, &error));
  g_assert_error (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_true (findings_sync_run_finish (bench->sync, first, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->decisions_sent, ==, 1);
}

static void
test_cancel (Bench         *bench,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FindingsOutboxEntry) entry = NULL;

  script (&bench->fault->decisions, REPLY_PAUSE, 0, NULL, NULL);
  findings_sync_run_async (bench->sync, cancellable, got_result_cb, &result);
  WAIT_FOR (count_posts (bench->fault) == 1, 60);
  g_cancellable_cancel (cancellable);
  WAIT_FOR (result != NULL, 60);

  g_assert_false (findings_sync_run_finish (bench->sync, result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* It may have reached the office: it stays, to go again under the same key. */
  entry = bench_entry (bench);
  g_assert_cmpint (entry->state, ==, FINDINGS_OUTBOX_STATE_PENDING);
}

/* Answers that come in while a write commits are marked sent together, in one
 * transaction: fewer COMMITs (and fsyncs) than decisions. Each write is held open
 * for a moment so that answers pile up behind it. */
static void
test_fault_marked_sent_together (Bench         *bench,
                                 gconstpointer  data)
{
  g_autoptr(FindingsSyncReport) report = NULL;
  WriteWatch watch = { .bench = bench };
  guint releaser;
  guint writes;

  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *rec = g_strdup_printf ("r-%u", i);
      g_autofree char *option = g_strdup_printf ("r-%u-o1", i);
      g_autofree char *id = add_decision (bench->kiosk->store, FINDINGS_ACTION_ACCEPT, rec,
                                          option);
    }

  g_mutex_init (&watch.lock);
  g_cond_init (&watch.cond);
  _findings_store_set_write_hook (bench->kiosk->store, write_hook_cb, &watch);
  releaser = g_timeout_add (20, release_write_cb, &watch);
  report = run_ok (bench->sync);
  g_source_remove (releaser);
  _findings_store_set_write_hook (bench->kiosk->store, NULL, NULL);

  g_assert_cmpuint (report->decisions_sent, ==, 8);
  g_assert_cmpuint (findings_store_count_pending (bench->kiosk->store), ==, 0);
  g_assert_cmpuint (count_posts (bench->fault), ==, 8);

  /* One write per decision would be 8, with the pull's own besides. */
  writes = watch.n_released + watch.n_timed_out;
  g_assert_cmpuint (watch.n_timed_out, ==, 0);
  g_assert_cmpuint (writes, <, 8);

  g_mutex_clear (&watch.lock);
  g_cond_clear (&watch.cond);
}

#define ADD_BENCH_TEST(path, func) \
  g_test_add (path, Bench, NULL, bench_set_up, func, bench_tear_down)

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--child-add"))
    return child_add (argv[2]);
  if (argc == 5 && g_str_equal (argv[1], "--child-send"))
    return child_send (argv[2], argv[3], argv[4]);

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/url", test_url);
  g_test_add_func ("/sync/state-type", test_state_type);
  g_test_add_func ("/sync/insecure-run", test_insecure_run);
  g_test_add_func ("/sync/describe", test_describe);

  g_test_add_func ("/sync/office/pull", test_office_pull);
  g_test_add_func ("/sync/office/accept", test_office_accept);
  g_test_add_func ("/sync/office/request-call", test_office_request_call);
  g_test_add_func ("/sync/office/quote-expired", test_office_quote_expired);
  g_test_add_func ("/sync/office/down", test_office_down);
  g_test_add_func ("/sync/office/network-back", test_network_back);
  g_test_add_func ("/sync/office/crash-before-send", test_office_crash_before_send);
  g_test_add_func ("/sync/office/crash-after-send", test_office_crash_after_send);
  g_test_add_func ("/sync/office/tls", test_office_tls);

  ADD_BENCH_TEST ("/sync/fault/500-then-201", test_fault_500_then_201);
  ADD_BENCH_TEST ("/sync/fault/503-retry-after", test_fault_503_retry_after);
  ADD_BENCH_TEST ("/sync/fault/429-http-date", test_fault_429_http_date);
  ADD_BENCH_TEST ("/sync/fault/timeout", test_fault_timeout);
  g_test_add ("/sync/fault/reset-body", Bench, GINT_TO_POINTER (REPLY_RESET_BODY),
              bench_set_up, test_fault_reset, bench_tear_down);
  g_test_add ("/sync/fault/reset-headers", Bench, GINT_TO_POINTER (REPLY_RESET_HEADERS),
              bench_set_up, test_fault_reset, bench_tear_down);
  ADD_BENCH_TEST ("/sync/fault/malformed-json", test_fault_malformed_json);
  ADD_BENCH_TEST ("/sync/fault/truncated-json", test_fault_truncated_json);
  ADD_BENCH_TEST ("/sync/fault/wrong-answer", test_fault_wrong_answer);
  ADD_BENCH_TEST ("/sync/fault/oversized", test_fault_oversized);
  ADD_BENCH_TEST ("/sync/fault/refused-other-4xx", test_fault_refused_other_4xx);
  ADD_BENCH_TEST ("/sync/fault/unauthorized", test_fault_unauthorized);
  ADD_BENCH_TEST ("/sync/fault/connections-reused", test_fault_connections_reused);
  ADD_BENCH_TEST ("/sync/fault/several-in-flight", test_fault_several_in_flight);
  ADD_BENCH_TEST ("/sync/fault/marked-sent-together", test_fault_marked_sent_together);
  ADD_BENCH_TEST ("/sync/fault/invalid-visit", test_fault_invalid_visit);
  g_test_add ("/sync/fault/visit-set-aside/nul", Bench, &nul_in_summary,
              bench_set_up, test_fault_visit_set_aside, bench_tear_down);
  g_test_add ("/sync/fault/visit-set-aside/huge-number", Bench, &huge_price,
              bench_set_up, test_fault_visit_set_aside, bench_tear_down);
  ADD_BENCH_TEST ("/sync/fault/writes-off-main-thread", test_fault_writes_off_main_thread);
  ADD_BENCH_TEST ("/sync/fault/bad-envelope", test_fault_bad_envelope);
  ADD_BENCH_TEST ("/sync/fault/photo-checksum", test_fault_photo_checksum);
  ADD_BENCH_TEST ("/sync/fault/same-cursor", test_fault_same_cursor);
  ADD_BENCH_TEST ("/sync/fault/bad-cursor", test_fault_bad_cursor);
  ADD_BENCH_TEST ("/sync/fault/automatic", test_fault_automatic);
  ADD_BENCH_TEST ("/sync/one-run-at-a-time", test_one_run_at_a_time);
  ADD_BENCH_TEST ("/sync/cancel", test_cancel);

  return g_test_run ();
}
