/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"
#include "findings-test-office.h"

#include <locale.h>
#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

/* Two real findings-office processes on one database: PostgreSQL under
 * tests/run-with-postgresql.sh (which gives FINDINGS_TEST_OFFICE_DB), else one SQLite
 * file. The same decisions posted to both at once are recorded once each, every poster
 * gets the first answer, and a kiosk pulling through both in turn, while the decisions
 * land, ends with every change. */

#define N_VISITS        8
#define N_RECS          8
#define POSTS_PER_SIDE  3

typedef struct
{
  GSubprocess *process;
  char        *base_url;
  SoupSession *session;
  SoupSession *kiosk;    /* the kiosk's pulls, on connections of their own */
} Server;

typedef struct
{
  char    *dir;
  char    *db;
  char    *token;
  Server   servers[2];

  /* The decisions: each posted POSTS_PER_SIDE times to each server at once. */
  guint    in_flight;
  guint    round;      /* the recommendation of every visit decided now */
  guint    created[N_VISITS * N_RECS];
  guint    replayed[N_VISITS * N_RECS];
  char    *first_answer[N_VISITS * N_RECS];
  guint    failures;

  /* The kiosk's pull, alternating between the servers. */
  char       *cursor;
  guint       pulls;
  gboolean    pulling;
  GHashTable *latest;  /* visit id → the last JSON text pulled */
  GMainLoop  *loop;
} Fixture;

static Fixture fx;

/*
 * Helpers
 */

/* `findings-office --db DB ARGS…`, which must succeed: its output. */
#define cli_ok(...) findings_test_office_cli (fx.db, __VA_ARGS__)

static void
start_server (Server *server)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, findings_test_office_child_setup, NULL, NULL);
  server->process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("FINDINGS_OFFICE"),
                                                 "--db", fx.db, "serve", "--port", "0",
                                                 "--address", "127.0.0.1", NULL);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on http://127.0.0.1:"));

  server->base_url = g_strdup (line + strlen ("Listening on "));
  server->session = soup_session_new_with_options ("timeout", 120, "max-conns", 64,
                                                   "max-conns-per-host", 64, NULL);
  server->kiosk = soup_session_new_with_options ("timeout", 120, NULL);
}

static void
stop_server (Server *server)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);

  g_clear_object (&server->process);
  g_clear_object (&server->session);
  g_clear_object (&server->kiosk);
  g_clear_pointer (&server->base_url, g_free);
}

static char *
visit_id (guint v)
{
  return g_strdup_printf ("v-cc-%u", v);
}

static char *
rec_id (guint v,
        guint r)
{
  return g_strdup_printf ("r-cc-%u-%u", v, r);
}

/* A visit of N_RECS open recommendations, each with one option. */
static char *
visit_json (guint v)
{
  g_autoptr(GString) recs = g_string_new (NULL);
  g_autofree char *id = visit_id (v);

  for (guint r = 0; r < N_RECS; r++)
    {
      g_autofree char *rid = rec_id (v, r);

      g_string_append_printf (recs,
        "%s{\"id\": \"%s\", \"title\": \"Replace filter %u\", \"category\": \"savings\","
        " \"urgency\": \"plan\", \"finding\": \"The filter is loaded.\","
        " \"why_it_matters\": \"Airflow.\","
        " \"options\": [{\"id\": \"%s-o1\", \"label\": \"Replace\", \"price\": 12000}],"
        " \"quote\": {\"valid_until\": \"2099-12-31\", \"conditions\": null},"
        " \"photos\": null, \"status\": \"open\", \"follow_up\": null}",
        r > 0 ? ", " : "", rid, r, rid);
    }

  return g_strdup_printf ("{\"schema_version\": 1, \"id\": \"%s\","
                          " \"site\": {\"id\": \"s-cc\", \"name\": \"Concurrency Court\","
                          "   \"timezone\": \"America/Toronto\"},"
                          " \"company\": {\"name\": \"Novus Mechanical\"},"
                          " \"technician\": {\"name\": \"Angus Reid\"},"
                          " \"completed_at\": \"2026-11-20T15:40:00Z\", \"currency\": \"CAD\","
                          " \"recommendations\": [%s]}",
                          id, recs->str);
}

static char *
decision_json (guint v,
               guint r)
{
  g_autofree char *vid = visit_id (v);
  g_autofree char *rid = rec_id (v, r);

  return g_strdup_printf ("{\"id\": \"d-cc-%u-%u\", \"visit_id\": \"%s\","
                          " \"recommendation_id\": \"%s\", \"action\": \"request_call\","
                          " \"option_id\": null, \"decided_at\": \"2026-11-03T10:00:00Z\","
                          " \"decided_by\": {\"name\": \"Dana Whitfield\", \"role\": null},"
                          " \"po_number\": null, \"signature\": null, \"reason\": null,"
                          " \"call\": {\"phone\": \"+1 416 555 0142\", \"best_time\": null,"
                          "   \"note\": null},"
                          " \"kiosk\": {\"id\": \"lobby-1\", \"app_version\": \"0.1.0\"}}",
                          v, r, vid, rid);
}

/*
 * The decisions
 */

typedef struct
{
  Server  *server;
  guint    visit;
  guint    rec;
  guint    index;
  guint    tries;
  char    *body;
} Post;

static void send_post (Post *post);
static void post_round (void);

static void
post_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Post *post = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                              &error);
  guint status = soup_message_get_status (msg);
  g_autofree char *text = NULL;

  /* A connection the office closed under the request is sent again, as a kiosk
   * does: the same key, so at most a replay. */
  if (body == NULL && status == SOUP_STATUS_NONE && ++post->tries < 5)
    {
      g_test_message ("decision %u: sent again after %s", post->index, error->message);
      send_post (post);
      return;
    }

  if (body == NULL || (status != SOUP_STATUS_CREATED && status != SOUP_STATUS_OK))
    {
      g_test_message ("decision %u: %u %s", post->index, status,
                      error != NULL ? error->message
                                    : (body != NULL ? (const char *) g_bytes_get_data (body, NULL)
                                                    : ""));
      fx.failures++;
    }
  else
    {
      text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      if (status == SOUP_STATUS_CREATED)
        fx.created[post->index]++;
      else
        fx.replayed[post->index]++;

      /* A retry's answer is the first answer, whichever process gave it. */
      if (fx.first_answer[post->index] == NULL)
        fx.first_answer[post->index] = g_steal_pointer (&text);
      else
        g_assert_cmpstr (text, ==, fx.first_answer[post->index]);
    }

  g_free (post->body);
  g_free (post);
  if (--fx.in_flight == 0)
    post_round ();
}

static void
send_post (Post *post)
{
  g_autofree char *uri = g_strconcat (post->server->base_url, "api/v1/decisions", NULL);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", fx.token);
  g_autofree char *key = g_strdup_printf ("d-cc-%u-%u", post->visit, post->rec);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) bytes = g_bytes_new_static (post->body, strlen (post->body));

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", key);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  soup_session_send_and_read_async (post->server->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    post_done_cb, post);
}

static void
post_decision (Server *server,
               guint   v,
               guint   r)
{
  Post *post = g_new0 (Post, 1);

  post->server = server;
  post->visit = v;
  post->rec = r;
  post->index = v * N_RECS + r;
  post->body = decision_json (v, r);

  fx.in_flight++;
  send_post (post);
}

/* One recommendation of every visit, posted POSTS_PER_SIDE times to each office at
 * once; the next round starts when every answer is in, while the kiosk pulls. */
static void
post_round (void)
{
  if (fx.round == N_RECS)
    {
      if (!fx.pulling)
        g_main_loop_quit (fx.loop);
      return;
    }

  for (guint v = 0; v < N_VISITS; v++)
    for (guint i = 0; i < POSTS_PER_SIDE; i++)
      {
        post_decision (&fx.servers[0], v, fx.round);
        post_decision (&fx.servers[1], v, fx.round);
      }
  fx.round++;
}

/*
 * The kiosk's pull
 */

static void pull_next (void);

static void
pull_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                              &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *page;
  JsonArray *visits;
  gboolean more;

  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                              (gssize) g_bytes_get_size (body), &error);
  g_assert_no_error (error);

  page = json_node_get_object (json_parser_get_root (parser));
  visits = json_object_get_array_member (page, "visits");
  more = json_object_get_boolean_member (page, "more");

  for (guint i = 0; i < json_array_get_length (visits); i++)
    {
      JsonNode *visit = json_array_get_element (visits, i);
      const char *id = json_object_get_string_member (json_node_get_object (visit), "id");

      g_hash_table_insert (fx.latest, g_strdup (id), json_to_string (visit, FALSE));
    }

  /* Cursors from either process are of one sequence, and never go back. */
  {
    const char *cursor = json_object_get_string_member (page, "cursor");

    g_assert_true (cursor[0] == 'c');
    if (fx.cursor != NULL)
      g_assert_cmpuint (g_ascii_strtoull (cursor + 1, NULL, 10), >=,
                        g_ascii_strtoull (fx.cursor + 1, NULL, 10));
    g_free (fx.cursor);
    fx.cursor = g_strdup (cursor);
  }
  fx.pulls++;

  /* Once the decisions are all answered, one last empty page ends the pull. */
  if (fx.round == N_RECS && fx.in_flight == 0 && !more && json_array_get_length (visits) == 0)
    {
      fx.pulling = FALSE;
      g_main_loop_quit (fx.loop);
      return;
    }

  pull_next ();
}

static void
pull_next (void)
{
  Server *server = &fx.servers[fx.pulls % 2];
  g_autofree char *uri = NULL;
  g_autofree char *auth = g_strdup_printf ("Bearer %s", fx.token);
  g_autoptr(SoupMessage) msg = NULL;

  uri = fx.cursor != NULL ? g_strdup_printf ("%sapi/v1/visits?since=%s", server->base_url,
                                             fx.cursor)
                          : g_strconcat (server->base_url, "api/v1/visits", NULL);
  msg = soup_message_new ("GET", uri);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_session_send_and_read_async (server->kiosk, msg, G_PRIORITY_DEFAULT, NULL,
                                    pull_done_cb, NULL);
}

/*
 * The test
 */

static void
test_two_offices (void)
{
  guint statuses = 0;

  fx.loop = g_main_loop_new (NULL, FALSE);
  fx.latest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* The kiosk starts with every visit, then pulls while the decisions land. */
  fx.pulling = TRUE;
  pull_next ();

  post_round ();

  g_main_loop_run (fx.loop);
  while (fx.pulling || fx.in_flight > 0)
    g_main_loop_run (fx.loop);

  g_assert_cmpuint (fx.failures, ==, 0);
  for (guint i = 0; i < N_VISITS * N_RECS; i++)
    {
      g_assert_cmpuint (fx.created[i], ==, 1);
      g_assert_cmpuint (fx.created[i] + fx.replayed[i], ==, 2 * POSTS_PER_SIDE);
    }

  /* The last version the kiosk pulled of each visit has every decision in it. */
  g_assert_cmpuint (g_hash_table_size (fx.latest), ==, N_VISITS);
  for (guint v = 0; v < N_VISITS; v++)
    {
      g_autofree char *id = visit_id (v);
      const char *text = g_hash_table_lookup (fx.latest, id);
      const char *at = text;

      g_assert_nonnull (text);
      while ((at = strstr (at, "\"status\":\"call_requested\"")) != NULL)
        {
          statuses++;
          at++;
        }
    }
  g_assert_cmpuint (statuses, ==, N_VISITS * N_RECS);

  /* One change number per upload and per recorded decision, none for a replay: the
   * kiosk's last cursor is the last of them. */
  {
    g_autofree char *last = g_strdup_printf ("c%u", N_VISITS + N_VISITS * N_RECS);

    g_assert_cmpstr (fx.cursor, ==, last);
  }
  g_test_message ("%u pulls through two offices", fx.pulls);

  /* The office's own listing, from either process's database: each call once. */
  {
    g_autofree char *calls = cli_ok ("calls", NULL);
    guint lines = 0;

    for (const char *at = calls; (at = strstr (at, "r-cc-")) != NULL; at++)
      lines++;
    g_assert_cmpuint (lines, ==, N_VISITS * N_RECS);
  }

  g_clear_pointer (&fx.latest, g_hash_table_unref);
  g_clear_pointer (&fx.loop, g_main_loop_unref);
}

/* The database server restarts under the offices: each connects again and answers. */
static void
test_server_restart (void)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char *[]) { (char *) g_getenv ("FINDINGS_TEST_PG_RESTART"), NULL },
                NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (fx.servers); i++)
    {
      g_autofree char *uri = g_strconcat (fx.servers[i].base_url, "api/v1/visits", NULL);
      g_autofree char *auth = g_strdup_printf ("Bearer %s", fx.token);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
      g_autoptr(GBytes) body = NULL;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    auth);
      body = soup_session_send_and_read (fx.servers[i].kiosk, msg, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
    }
}

static void
set_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *account = NULL;

  fx.dir = g_dir_make_tmp ("findings-office-cc-XXXXXX", &error);
  g_assert_no_error (error);
  fx.db = g_getenv ("FINDINGS_TEST_OFFICE_DB") != NULL
    ? g_strdup (g_getenv ("FINDINGS_TEST_OFFICE_DB"))
    : g_build_filename (fx.dir, "office.db", NULL);

  account = cli_ok ("account", "add", "Concurrency Court", NULL);
  g_free (cli_ok ("site", "add", "--account", account, "--site", "s-cc", "--name",
                  "Concurrency Court", NULL));
  fx.token = cli_ok ("token", "add", "--kind", "kiosk", "--account", account, NULL);

  for (guint v = 0; v < N_VISITS; v++)
    {
      g_autofree char *doc = visit_json (v);
      g_autofree char *name = g_strdup_printf ("v-%u.json", v);
      g_autofree char *path = g_build_filename (fx.dir, name, NULL);

      g_file_set_contents (path, doc, -1, &error);
      g_assert_no_error (error);
      g_free (cli_ok ("visit", "import", "--account", account, path, NULL));
      g_unlink (path);
    }

  start_server (&fx.servers[0]);
  start_server (&fx.servers[1]);
}

static void
tear_down (void)
{
  stop_server (&fx.servers[0]);
  stop_server (&fx.servers[1]);
  if (!g_str_has_prefix (fx.db, "postgresql:"))
    {
      const char * const suffixes[] = { "", "-wal", "-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *path = g_strconcat (fx.db, suffixes[i], NULL);

          g_unlink (path);
        }
    }
  g_rmdir (fx.dir);
  for (guint i = 0; i < N_VISITS * N_RECS; i++)
    g_free (fx.first_answer[i]);
  g_free (fx.cursor);
  g_free (fx.token);
  g_free (fx.db);
  g_free (fx.dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("FINDINGS_OFFICE") == NULL)
    {
      g_print ("1..0 # SKIP FINDINGS_OFFICE names no findings-office binary\n");
      return 77;
    }

  set_up ();
  g_test_add_func ("/office/shared-database/two-offices", test_two_offices);
  if (g_getenv ("FINDINGS_TEST_PG_RESTART") != NULL)
    g_test_add_func ("/office/shared-database/server-restart", test_server_restart);
  status = g_test_run ();
  tear_down ();
  return status;
}
