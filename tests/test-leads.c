/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "findings-lead.h"
#include "findings-parse-error.h"
#include "findings-leads-fetch.h"
#include "findings-sync.h"
#include "findings-protocol.h"
#include "findings-test-office.h"

/* API 1.1 end to end: the real findings-office (FINDINGS_OFFICE) with a technician
 * token bound to a technician, the office's note set over HTTP, and the kiosk's
 * GTK-free fetch of "Your recommendations" reading it back. */

typedef struct
{
  char        *dir;
  char        *db;
  char        *technician;
  char        *unbound;
  char        *office;
  char        *kiosk;
  GSubprocess *server;
  char        *base_url;
  SoupSession *session;
} Office;

static Office office;

/* `findings-office --db DB ARGS…`, which must succeed: its output. */
#define cli(...) findings_test_office_cli (office.db, __VA_ARGS__)

static guint
post (const char *path,
      const char *token,
      const char *body)
{
  g_autofree char *url = g_strconcat (office.base_url, path, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  answer = soup_session_send_and_read (office.session, msg, NULL, &error);
  g_assert_no_error (error);

  return soup_message_get_status (msg);
}

/* GET with a raw query, as written: the office must read it, not libsoup. */
static guint
get (const char  *path_and_query,
     const char  *token,
     JsonNode   **out_json)
{
  g_autofree char *url = g_strconcat (office.base_url, path_and_query, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (msg);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  answer = soup_session_send_and_read (office.session, msg, NULL, &error);
  g_assert_no_error (error);

  if (out_json != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize length;
      const char *data = g_bytes_get_data (answer, &length);

      json_parser_load_from_data (parser, data, (gssize) length, &error);
      g_assert_no_error (error);
      *out_json = json_node_ref (json_parser_get_root (parser));
    }

  return soup_message_get_status (msg);
}

static const char *
member_string (JsonNode   *node,
               const char *name)
{
  return json_object_get_string_member (json_node_get_object (node), name);
}

static void
test_cursor (void)
{
  const char *bad[] = { "?since=", "?since=c1%00x", "?since=%00", "?since=x9", "?since=c1&since=c2",
                        "?since=c99999999999" };
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) none = NULL;
  g_autoptr(JsonNode) changed = NULL;
  g_autofree char *path = NULL;
  JsonArray *leads;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *query = g_strconcat ("api/v1/technician/recommendations", bad[i], NULL);
      g_autoptr(JsonNode) problem = NULL;

      g_assert_cmpuint (get (query, office.technician, &problem), ==, 400);
      g_assert_cmpstr (member_string (problem, "type"), ==, "bad-cursor");
    }

  /* The cursor says what was seen: nothing new, then only what changed. */
  g_assert_cmpuint (get ("api/v1/technician/recommendations", office.technician, &all), ==, 200);
  path = g_strdup_printf ("api/v1/technician/recommendations?since=%s",
                          member_string (all, "cursor"));
  g_assert_cmpuint (get (path, office.technician, &none), ==, 200);
  leads = json_object_get_array_member (json_node_get_object (none), "recommendations");
  g_assert_cmpuint (json_array_get_length (leads), ==, 0);

  g_assert_cmpuint (post ("api/v1/recommendations/r-leads-2/office-note", office.office,
                          "{\"note\": \"On it\"}"), ==, 200);
  g_assert_cmpuint (get (path, office.technician, &changed), ==, 200);
  leads = json_object_get_array_member (json_node_get_object (changed), "recommendations");
  g_assert_cmpuint (json_array_get_length (leads), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (leads, 0), "id"),
                   ==, "r-leads-2");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (leads, 0),
                                                  "office_note"), ==, "On it");
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GListModel *
fetch (const char  *token,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  findings_leads_fetch_async (office.base_url, token, NULL, NULL, fetched_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return findings_leads_fetch_finish (result, error);
}

static FindingsLead *
find_lead (GListModel *leads,
           const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (leads); i++)
    {
      g_autoptr(FindingsLead) lead = g_list_model_get_item (leads, i);

      if (g_str_equal (findings_lead_get_id (lead), id))
        return lead;
    }

  return NULL;
}

static const char visit_doc[] =
  "{\"schema_version\": 1, \"id\": \"v-leads-%u\","
  " \"site\": {\"id\": \"s-leads\", \"name\": \"Maple Court Offices\"},"
  " \"company\": {\"name\": \"Novus Mechanical\"},"
  " \"technician\": {\"id\": \"%s\", \"name\": \"Angus Reid\"},"
  " \"completed_at\": \"2026-11-20T15:40:00Z\", \"currency\": \"CAD\","
  " \"recommendations\": [{\"id\": \"r-leads-%u\", \"title\": \"Lead %u\","
  "   \"category\": \"safety\", \"urgency\": \"soon\", \"finding\": \"A crack.\","
  "   \"why_it_matters\": \"Gas.\", \"status\": \"open\", \"follow_up\": null,"
  "   \"options\": [{\"id\": \"o-1\", \"label\": \"Fix\", \"price\": 1000}]}]}";

static void
upload (guint       n,
        const char *technician_id)
{
  g_autofree char *doc = g_strdup_printf (visit_doc, n, technician_id, n, n);
  g_autofree char *path = g_strdup_printf ("%s/v-%u.json", office.dir, n);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, doc, -1, &error);
  g_assert_no_error (error);
  g_free (cli ("visit", "import", "--account", "1", path, NULL));
}

static void
test_leads_and_note (void)
{
  g_autoptr(GListModel) leads = NULL;
  g_autoptr(GListModel) again = NULL;
  g_autoptr(GError) error = NULL;
  FindingsLead *lead;

  leads = fetch (office.technician, &error);
  g_assert_no_error (error);
  /* Only the technician's own leads: t-7's two, not t-8's. */
  g_assert_cmpuint (g_list_model_get_n_items (leads), ==, 2);
  lead = find_lead (leads, "r-leads-1");
  g_assert_nonnull (lead);
  g_assert_null (find_lead (leads, "r-leads-3"));
  g_assert_cmpstr (findings_lead_get_title (lead), ==, "Lead 1");
  g_assert_cmpstr (findings_lead_get_site_name (lead), ==, "Maple Court Offices");
  g_assert_cmpint (findings_lead_get_status (lead), ==, FINDINGS_STATUS_OPEN);
  g_assert_null (findings_lead_get_office_note (lead));
  g_assert_null (findings_lead_get_follow_up (lead));

  g_assert_cmpuint (post ("api/v1/recommendations/r-leads-1/office-note", office.office,
                          "{\"note\": \"Thanks Angus, Sarah is on it\"}"), ==, 200);
  g_assert_cmpuint (post ("api/v1/recommendations/r-leads-1/follow-up", office.office,
                          "{\"state\": \"contacted\", \"owner\": \"Sarah Lee\"}"), ==, 200);

  again = fetch (office.technician, &error);
  g_assert_no_error (error);
  lead = find_lead (again, "r-leads-1");
  g_assert_nonnull (lead);
  g_assert_cmpstr (findings_lead_get_office_note (lead), ==, "Thanks Angus, Sarah is on it");
  g_assert_nonnull (findings_lead_get_follow_up (lead));
  g_assert_cmpint (findings_follow_up_get_state (findings_lead_get_follow_up (lead)), ==,
                   FINDINGS_FOLLOW_UP_STATE_CONTACTED);
}

static void
test_note_rules (void)
{
  g_autofree char *long_note = NULL;
  g_autofree char *body = NULL;
  GString *text = g_string_new (NULL);

  /* 4,000 code points pass, 4,001 do not (é is two bytes, one code point). */
  for (guint i = 0; i < 4000; i++)
    g_string_append (text, "é");
  long_note = g_string_free (text, FALSE);
  body = g_strdup_printf ("{\"note\": \"%s\"}", long_note);
  g_assert_cmpuint (post ("api/v1/recommendations/r-leads-2/office-note", office.office, body),
                    ==, 200);
  g_free (body);
  body = g_strdup_printf ("{\"note\": \"%sé\"}", long_note);
  g_assert_cmpuint (post ("api/v1/recommendations/r-leads-2/office-note", office.office, body),
                    ==, 422);

  g_assert_cmpuint (post ("api/v1/recommendations/r-leads-2/office-note", office.office,
                          "{\"note\": 3}"), ==, 422);
  g_assert_cmpuint (post ("api/v1/recommendations/r-none/office-note", office.office,
                          "{\"note\": \"x\"}"), ==, 404);
  /* Only the office sets notes. */
  g_assert_cmpuint (post ("api/v1/recommendations/r-leads-2/office-note", office.technician,
                          "{\"note\": \"x\"}"), ==, 403);
  g_assert_cmpuint (post ("api/v1/recommendations/r-leads-2/office-note", office.office,
                          "{\"note\": null}"), ==, 200);
}

static void
test_refusals (void)
{
  g_autoptr(GListModel) unbound = NULL;
  g_autoptr(GListModel) kiosk = NULL;
  g_autoptr(GListModel) unknown = NULL;
  g_autoptr(GListModel) none = NULL;
  g_autoptr(GError) error = NULL;

  /* A technician token with no technician id: 403, said plainly. */
  unbound = fetch (office.unbound, &error);
  g_assert_null (unbound);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "not tied to a technician"));
  g_clear_error (&error);

  kiosk = fetch (office.kiosk, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  unknown = fetch ("0123", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "does not know"));
  g_clear_error (&error);

  none = fetch (NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
}

static void
test_parse_page (void)
{
  g_autoptr(GPtrArray) leads = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  gboolean more = TRUE;
  const char *good =
    "{\"recommendations\": [{\"id\": \"r-1\", \"visit_id\": \"v-1\","
    " \"site\": {\"id\": \"s-1\", \"name\": \"Maple\"}, \"title\": \"Fix it\","
    " \"status\": \"accepted\", \"decided_at\": \"2026-11-20T14:02:11Z\","
    " \"follow_up\": null, \"office_note\": \"Thanks\"}], \"cursor\": \"c9\", \"more\": false}";
  const char *bad_status =
    "{\"recommendations\": [{\"id\": \"r-1\", \"visit_id\": \"v-1\","
    " \"site\": {\"id\": \"s-1\"}, \"title\": \"Fix it\", \"status\": \"maybe\"}],"
    " \"cursor\": \"c9\"}";
  FindingsLead *lead;

  leads = findings_lead_parse_page (good, strlen (good), &cursor, &more, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leads->len, ==, 1);
  g_assert_cmpstr (cursor, ==, "c9");
  g_assert_false (more);
  lead = g_ptr_array_index (leads, 0);
  g_assert_cmpint (findings_lead_get_status (lead), ==, FINDINGS_STATUS_ACCEPTED);
  g_assert_cmpstr (findings_lead_get_office_note (lead), ==, "Thanks");
  g_assert_nonnull (findings_lead_get_decided_at (lead));
  g_clear_pointer (&leads, g_ptr_array_unref);
  g_clear_pointer (&cursor, g_free);

  leads = findings_lead_parse_page (bad_status, strlen (bad_status), &cursor, &more, &error);
  g_assert_null (leads);
  g_assert_error (error, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "recommendations[0].status"));
}

static void
start_office (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  office.dir = g_dir_make_tmp ("findings-leads-XXXXXX", &error);
  g_assert_no_error (error);
  /* FINDINGS_TEST_OFFICE_DB, set by tests/run-with-postgresql.sh: the same on PostgreSQL. */
  office.db = g_getenv ("FINDINGS_TEST_OFFICE_DB") != NULL
    ? g_strdup (g_getenv ("FINDINGS_TEST_OFFICE_DB"))
    : g_build_filename (office.dir, "office.db", NULL);

  g_free (cli ("account", "add", "Maple Court Management", NULL));
  g_free (cli ("site", "add", "--account", "1", "--site", "s-leads", "--name",
               "Maple Court Offices", NULL));
  office.technician = cli ("token", "add", "--kind", "technician", "--technician", "t-7", NULL);
  office.unbound = cli ("token", "add", "--kind", "technician", NULL);
  office.office = cli ("token", "add", "--kind", "office", NULL);
  office.kiosk = cli ("token", "add", "--kind", "kiosk", "--account", "1", NULL);
  upload (1, "t-7");
  upload (2, "t-7");
  upload (3, "t-8");

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, findings_test_office_child_setup, NULL, NULL);
  office.server = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("FINDINGS_OFFICE"),
                                               "--db", office.db, "serve", "--port", "0",
                                               "--address", "127.0.0.1", NULL);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (office.server));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (line != NULL && g_str_has_prefix (line, "Listening on http://127.0.0.1:"));
  office.base_url = g_strdup (line + strlen ("Listening on "));
  office.session = soup_session_new ();
}

static void
stop_office (void)
{
  g_autoptr(GDir) dir = g_dir_open (office.dir, 0, NULL);
  const char *name;

  g_subprocess_send_signal (office.server, SIGTERM);
  g_subprocess_wait (office.server, NULL, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (office.dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (office.dir);
  g_clear_object (&office.session);
  g_clear_object (&office.server);
}

/* An office whose answer never ends is cut off at the protocol's body limit rather
 * than held in memory: a SoupServer of the test's own answers one byte too many. */
static void
oversized_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  gsize size = FINDINGS_PROTOCOL_MAX_BODY + 1;
  char *body = g_malloc (size);

  memset (body, ' ', size);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, size);
  /* Chunked, so the size is not announced and the reader has to count. */
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_CHUNKED);
}

static void
test_oversized (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) leads = NULL;
  g_autofree char *base_url = NULL;
  GSList *uris;

  soup_server_add_handler (server, "/api/v1/technician/recommendations", oversized_cb, NULL,
                           NULL);
  g_assert_true (soup_server_listen (server, address, 0, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  findings_leads_fetch_async (base_url, "t-token", NULL, NULL, fetched_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  leads = findings_leads_fetch_finish (result, &error);
  g_assert_error (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_TOO_LARGE);
  g_assert_null (leads);
}

/* An office that cannot be reached is said in the sync's plain words. Port 1 on
 * loopback: nothing listens there, and nothing leaves this machine. */
static void
test_unreachable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) leads = NULL;

  findings_leads_fetch_async ("http://127.0.0.1:1", "t-token", NULL, NULL, fetched_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  leads = findings_leads_fetch_finish (result, &error);
  g_assert_null (leads);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_true (g_str_has_prefix (error->message, "The office could not be reached ("));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/leads/parse-page", test_parse_page);
  g_test_add_func ("/leads/oversized", test_oversized);
  g_test_add_func ("/leads/unreachable", test_unreachable);
  if (g_getenv ("FINDINGS_OFFICE") == NULL)
    return g_test_run ();

  start_office ();
  g_test_add_func ("/leads/fetch-and-note", test_leads_and_note);
  g_test_add_func ("/leads/note-rules", test_note_rules);
  g_test_add_func ("/leads/refusals", test_refusals);
  g_test_add_func ("/leads/cursor", test_cursor);

  status = g_test_run ();
  stop_office ();
  return status;
}
