/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"
#include "findings-test-office.h"

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <gio/gio.h>

/* The office's connections, end to end: the real findings-office binary, started
 * with only 64 file descriptors (soft and hard, so that raising the soft limit
 * cannot help), spoken to over raw sockets on 127.0.0.1. No assertion is timed:
 * where the office needs a moment, the test polls for the outcome, with a
 * generous deadline only as a bound on failure. */

#define DESCRIPTORS  64
#define DEADLINE     (60 * G_USEC_PER_SEC)

typedef struct
{
  char        *dir;
  char        *db;
  char        *kiosk;
  GSubprocess *server;
  guint16      port;
  GSubprocess *capped;        /* a second office, with --max-connections 4 */
  guint16      capped_port;
} Office;

typedef struct
{
  guint  status;
  char  *headers;
  char  *body;
} Answer;

static Office office;


/*
 * Helpers
 */

static void
child_setup (gpointer user_data)
{
  struct rlimit limit = { DESCRIPTORS, DESCRIPTORS };

  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (user_data != NULL)
    setrlimit (RLIMIT_NOFILE, &limit);
}

/* `findings-office --db DB ARGS…`, which must succeed: its output. */
#define cli_ok(...) findings_test_office_cli (office.db, __VA_ARGS__)

static guint
count_descriptors (GSubprocess *process)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd", g_subprocess_get_identifier (process));
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

static guint
count_office_descriptors (void)
{
  return count_descriptors (office.server);
}

static GSocketConnection *
try_connect_office (GError **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  g_socket_client_set_timeout (client, 5);
  return g_socket_client_connect_to_host (client, "127.0.0.1", office.port, NULL, error);
}

static GSocketConnection *
connect_office (void)
{
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection = try_connect_office (&error);

  g_assert_no_error (error);
  return connection;
}

static void
answer_free (Answer *answer)
{
  g_free (answer->headers);
  g_free (answer->body);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

/* One request and its whole answer (by its Content-Length) on @connection, which
 * stays open. %NULL if the office closed it or did not answer in time. */
static Answer *
exchange (GSocketConnection *connection,
          const char        *path,
          const char        *token)
{
  g_autoptr(GString) data = g_string_new (NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  const char *end = NULL;
  gsize length = 0;
  Answer *answer;

  text = g_strdup_printf ("GET /%s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s%s%s\r\n", path,
                          token != NULL ? "Authorization: Bearer " : "",
                          token != NULL ? token : "", token != NULL ? "\r\n" : "");
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                  text, strlen (text), NULL, NULL, &error))
    return NULL;

  while (end == NULL || data->len < (gsize) (end - data->str) + 4 + length)
    {
      char buffer[4096];
      gssize n = g_input_stream_read (input, buffer, sizeof buffer, NULL, &error);

      if (n <= 0)
        return NULL;
      g_string_append_len (data, buffer, n);

      end = strstr (data->str, "\r\n\r\n");
      if (end != NULL)
        {
          const char *field = g_strstr_len (data->str, end - data->str, "Content-Length:");

          g_assert_nonnull (field);
          length = g_ascii_strtoull (field + strlen ("Content-Length:"), NULL, 10);
        }
    }

  g_assert_true (g_str_has_prefix (data->str, "HTTP/1.1 "));
  answer = g_new0 (Answer, 1);
  answer->status = (guint) g_ascii_strtoull (data->str + strlen ("HTTP/1.1 "), NULL, 10);
  answer->headers = g_strndup (data->str, end - data->str + 2);
  answer->body = g_strndup (end + 4, length);
  return answer;
}

/* A header's value, or %NULL. */
static char *
header_value (const Answer *answer,
              const char   *name)
{
  g_autofree char *needle = g_strdup_printf ("\r\n%s: ", name);
  const char *start = strstr (answer->headers, needle);

  if (start == NULL)
    return NULL;
  start += strlen (needle);
  return g_strndup (start, strcspn (start, "\r"));
}


/*
 * Tests
 */

/* Many requests on one connection use that one connection: the office neither
 * closes it after each answer nor opens anything else. */
static void
test_keep_alive (void)
{
  g_autoptr(GSocketConnection) connection = connect_office ();
  guint before = 0;

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(Answer) answer = exchange (connection, i % 2 ? "api/v1/visits" : "api/v1/health",
                                           i % 2 ? office.kiosk : NULL);
      g_autofree char *connection_field = NULL;

      g_assert_nonnull (answer);
      g_assert_cmpuint (answer->status, ==, 200);
      connection_field = header_value (answer, "Connection");
      g_assert_cmpstr (connection_field, !=, "close");

      /* Counted once the office has answered once: it opens its database lazily. */
      if (i == 1)
        before = count_office_descriptors ();
    }

  /* Still the one connection at the office, for all fifty. */
  g_assert_cmpuint (count_office_descriptors (), ==, before);
}

/* Kept-alive connections that their clients close while idle leave nothing
 * behind: the office notices and closes its end. */
static void
test_closed_clients (void)
{
  g_autoptr(GPtrArray) connections = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 deadline;
  guint before = 0;

  for (guint i = 0; i < 40; i++)
    {
      GSocketConnection *connection = connect_office ();
      g_autoptr(Answer) answer = exchange (connection, "api/v1/visits", office.kiosk);

      g_assert_nonnull (answer);
      g_assert_cmpuint (answer->status, ==, 200);
      g_ptr_array_add (connections, connection);

      /* Counted once the office has answered (it opens its database lazily), less
       * the one connection open then. */
      if (i == 0)
        before = count_office_descriptors () - 1;
    }

  g_ptr_array_set_size (connections, 0);

  deadline = g_get_monotonic_time () + DEADLINE;
  while (count_office_descriptors () > before && g_get_monotonic_time () < deadline)
    g_usleep (50 * 1000);
  g_assert_cmpuint (count_office_descriptors (), <=, before);
}

/* With more half-open connections than the office has descriptors, a normal
 * request is still answered: waiting connections make room, the listener
 * outlives EMFILE. */
static void
test_descriptor_exhaustion (void)
{
  g_autoptr(GPtrArray) half_open = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(Answer) answer = NULL;
  gint64 deadline;

  for (guint i = 0; i < 3 * DESCRIPTORS; i++)
    {
      GSocketConnection *connection = connect_office ();

      /* Half a request line, then nothing. */
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                 "GET /api/v1/he", 14, NULL, NULL, NULL);
      g_ptr_array_add (half_open, connection);
    }

  deadline = g_get_monotonic_time () + DEADLINE;
  while (answer == NULL && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GSocketConnection) connection = try_connect_office (NULL);

      /* Each try gives up after a while; the loop tries again until the deadline. */
      if (connection == NULL)
        continue;
      g_socket_set_timeout (g_socket_connection_get_socket (connection), 5);
      answer = exchange (connection, "api/v1/visits", office.kiosk);
    }

  g_assert_nonnull (answer);
  g_assert_cmpuint (answer->status, ==, 200);
  g_assert_nonnull (strstr (answer->body, "\"visits\""));
}

/* A connection that never finishes its request's headers is closed by the office
 * after a few seconds (polled for, with a generous bound only on failure). */
static void
test_slow_headers (void)
{
  g_autoptr(GSocketConnection) connection = connect_office ();
  g_autoptr(GError) error = NULL;
  GSocket *socket = g_socket_connection_get_socket (connection);
  char byte;
  gssize n;

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n", 46, NULL,
                             NULL, &error);
  g_assert_no_error (error);

  g_socket_set_timeout (socket, DEADLINE / G_USEC_PER_SEC);
  n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                           &byte, 1, NULL, &error);
  g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
  g_assert_true (n == 0 || error != NULL);
}

/* With --max-connections 4, a fifth connection is answered: the oldest idle one
 * makes room, closed by the office before it takes the fifth. */
static void
test_max_connections (void)
{
  g_autoptr(GPtrArray) idle = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GSocketConnection) fifth = NULL;
  g_autoptr(Answer) answer = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port = office.port;
  GSocket *socket;
  char byte;
  gssize n;

  office.port = office.capped_port;
  for (guint i = 0; i < 4; i++)
    {
      GSocketConnection *connection = connect_office ();
      g_autoptr(Answer) first = exchange (connection, "api/v1/visits", office.kiosk);

      g_assert_nonnull (first);
      g_assert_cmpuint (first->status, ==, 200);
      g_ptr_array_add (idle, connection);
    }

  fifth = connect_office ();
  answer = exchange (fifth, "api/v1/visits", office.kiosk);
  g_assert_nonnull (answer);
  g_assert_cmpuint (answer->status, ==, 200);

  /* The office closed the first before it took the fifth, so its end of file is
   * here already: checked without waiting (an idle one would only go after 15 s). */
  socket = g_socket_connection_get_socket (idle->pdata[0]);
  g_assert_true (g_socket_condition_check (socket, G_IO_IN | G_IO_HUP) != 0);
  n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (idle->pdata[0])),
                           &byte, 1, NULL, &error);
  g_assert_true (n == 0 || error != NULL);
  office.port = port;
}

/* Bad tokens from one address get 429 with Retry-After once there are too many;
 * while blocked, a good token from that address gets 429 too (otherwise the block
 * would tell a guesser which token is right). The log names the address, never
 * the token. */
static void
test_rate_limit (void)
{
  static const char bad[] = "0000000000000000000000000000000000000000000000000000000000bad";
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(Answer) good = NULL;
  g_autofree char *retry_after = NULL;
  g_autoptr(GOutputStream) log = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  guint refused_at = 0;

  connection = connect_office ();
  for (guint i = 1; i <= 30 && refused_at == 0; i++)
    {
      g_autoptr(Answer) answer = NULL;

      /* A refused request closes its connection. */
      g_clear_object (&connection);
      connection = connect_office ();
      answer = exchange (connection, "api/v1/visits", bad);
      g_assert_nonnull (answer);

      if (answer->status == 429)
        {
          refused_at = i;
          retry_after = header_value (answer, "Retry-After");
        }
      else
        {
          g_assert_cmpuint (answer->status, ==, 401);
        }
    }

  g_assert_cmpuint (refused_at, >, 1);
  g_assert_nonnull (retry_after);
  g_assert_cmpuint (g_ascii_strtoull (retry_after, NULL, 10), >, 0);

  g_clear_object (&connection);
  connection = connect_office ();
  good = exchange (connection, "api/v1/visits", office.kiosk);
  g_assert_nonnull (good);
  g_assert_cmpuint (good->status, ==, 429);
  g_clear_object (&connection);

  g_subprocess_send_signal (office.server, SIGTERM);
  log = g_memory_output_stream_new_resizable ();
  g_output_stream_splice (log, g_subprocess_get_stderr_pipe (office.server),
                          G_OUTPUT_STREAM_SPLICE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait (office.server, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (log, "", 1, NULL, NULL, NULL);
  g_output_stream_close (log, NULL, NULL);
  err = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (log));
  g_assert_nonnull (strstr (err, "A bad token from 127.0.0.1"));
  g_assert_null (strstr (err, bad));
  g_assert_null (strstr (err, office.kiosk));
}


/*
 * Set-up
 */

static GSubprocess *
start_office (const char *max_connections,
              guint16    *out_port)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  GSubprocess *server;
  const char *port;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, GINT_TO_POINTER (1), NULL);
  server = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("FINDINGS_OFFICE"),
                                        "--db", office.db, "serve", "--port", "0",
                                        "--max-connections", max_connections, NULL);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on http://127.0.0.1:"));

  port = line + strlen ("Listening on http://127.0.0.1:");
  *out_port = (guint16) g_ascii_strtoull (port, NULL, 10);
  g_assert_cmpuint (*out_port, >, 0);
  return server;
}

static void
tear_down (void)
{
  g_autoptr(GFile) dir = g_file_new_for_path (office.dir);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  if (office.server != NULL)
    g_subprocess_force_exit (office.server);
  g_clear_object (&office.server);
  if (office.capped != NULL)
    g_subprocess_force_exit (office.capped);
  g_clear_object (&office.capped);

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NONE, NULL, NULL);
  while (children != NULL &&
         (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));

      g_file_delete (child, NULL, NULL);
      g_object_unref (info);
    }
  g_file_delete (dir, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *account = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("FINDINGS_OFFICE") == NULL)
    {
      g_test_skip ("FINDINGS_OFFICE names no findings-office binary");
      return 77;
    }

  office.dir = g_dir_make_tmp ("findings-office-connections-XXXXXX", &error);
  g_assert_no_error (error);
  office.db = g_build_filename (office.dir, "office.db", NULL);
  account = cli_ok ("account", "add", "Maple Court Management", NULL);
  office.kiosk = cli_ok ("token", "add", "--kind", "kiosk", "--account", account, NULL);
  office.server = start_office ("1024", &office.port);
  office.capped = start_office ("4", &office.capped_port);

  /* In this order: the last one leaves 127.0.0.1 blocked and stops the office. */
  g_test_add_func ("/office-connections/keep-alive", test_keep_alive);
  g_test_add_func ("/office-connections/closed-clients", test_closed_clients);
  g_test_add_func ("/office-connections/descriptor-exhaustion", test_descriptor_exhaustion);
  g_test_add_func ("/office-connections/max-connections", test_max_connections);
  g_test_add_func ("/office-connections/slow-headers", test_slow_headers);
  g_test_add_func ("/office-connections/rate-limit", test_rate_limit);

  status = g_test_run ();
  tear_down ();
  g_free (office.kiosk);
  g_free (office.db);
  g_free (office.dir);
  return status;
}
