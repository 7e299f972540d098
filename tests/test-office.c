/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "findings-test-office.h"
#include "findings-visit-parser.h"

/* End to end: the real findings-office binary (FINDINGS_OFFICE), set up with
 * its command line, then spoken to over HTTP on 127.0.0.1 only. The tests
 * share one office and run in order; each uses visits of its own. */

#define JPEG_MAGIC "\xFF\xD8\xFF\xE0"
#define PNG_MAGIC  "\x89PNG\r\n\x1A\n"
#define MiB        (1024 * 1024)

typedef struct
{
  char            *dir;
  char            *db;
  char            *account_a;
  char            *account_b;
  char            *kiosk_a;
  char            *kiosk_b;
  char            *technician;
  char            *office;
  char            *revoked;
  GSubprocess     *server;
  gboolean         on_postgresql;
  char            *base_url;
  SoupSession     *session;
} Office;

typedef struct
{
  guint     status;
  char     *content_type;
  GBytes   *body;
  JsonNode *json;
} Response;

static Office office;


/*
 * Helpers: the command line
 */

static GSubprocessLauncher *
new_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, findings_test_office_child_setup, NULL,
                                         NULL);
  return launcher;
}

/* `findings-office --db DB ARGS…`: its output, with its status and errors, or (cli_ok)
 * its output when it must succeed. */
#define run_cli(status, err, ...) findings_test_office_run (office.db, status, err, __VA_ARGS__)
#define cli_ok(...) findings_test_office_cli (office.db, __VA_ARGS__)

static char *
write_file (const char *name,
            const char *contents)
{
  char *path = g_build_filename (office.dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}


/*
 * Helpers: documents
 */

/* A recommendation with two options, "<id>-o1" and "<id>-o2". */
static char *
rec_json (const char *id,
          const char *status,
          const char *valid_until,
          const char *photo_id)
{
  g_autofree char *quote = valid_until != NULL ?
    g_strdup_printf ("{\"valid_until\": \"%s\", \"conditions\": \"Weekdays.\"}", valid_until) :
    g_strdup ("null");
  g_autofree char *photos = photo_id != NULL ?
    g_strdup_printf ("[{\"id\": \"%s\", \"caption\": \"Crack\", \"media_type\": \"image/jpeg\"}]",
                     photo_id) :
    g_strdup ("null");

  return g_strdup_printf ("{\"id\": \"%s\", \"title\": \"Replace the heat exchanger\","
                          " \"category\": \"safety\", \"urgency\": \"immediate\","
                          " \"finding\": \"A crack.\", \"why_it_matters\": \"CO can leak.\","
                          " \"options\": [{\"id\": \"%s-o1\", \"label\": \"Replace\","
                          "   \"price\": 480000, \"tax_included\": false},"
                          "  {\"id\": \"%s-o2\", \"label\": \"New unit\", \"price\": 1450000}],"
                          " \"quote\": %s, \"photos\": %s, \"status\": \"%s\","
                          " \"follow_up\": null, \"future_field\": {\"x\": [1, 2]}}",
                          id, id, id, quote, photos, status);
}

static char *
visit_json (const char *id,
            const char *site_id,
            const char *timezone,
            const char *recommendations)
{
  g_autofree char *tz = timezone != NULL ? g_strdup_printf ("\"%s\"", timezone)
                                         : g_strdup ("null");

  return g_strdup_printf ("{\"schema_version\": 1, \"id\": \"%s\","
                          " \"site\": {\"id\": \"%s\", \"name\": \"Maple Court Offices\","
                          "   \"timezone\": %s},"
                          " \"company\": {\"name\": \"Novus Mechanical\"},"
                          " \"technician\": {\"name\": \"Angus Reid\"},"
                          " \"completed_at\": \"2026-11-20T15:40:00Z\", \"currency\": \"CAD\","
                          " \"recommendations\": [%s]}",
                          id, site_id, tz, recommendations);
}

static char *
decision_json (const char *id,
               const char *visit_id,
               const char *rec_id,
               const char *action,
               const char *option_id,
               const char *decided_at)
{
  g_autofree char *option = option_id != NULL ? g_strdup_printf ("\"%s\"", option_id)
                                              : g_strdup ("null");
  const char *call = g_str_equal (action, "request_call") ?
    "{\"phone\": \"+1 416 555 0142\", \"best_time\": \"Mornings\", \"note\": \"Ask for Dana\"}" :
    "null";

  return g_strdup_printf ("{\"id\": \"%s\", \"visit_id\": \"%s\", \"recommendation_id\": \"%s\","
                          " \"action\": \"%s\", \"option_id\": %s, \"decided_at\": \"%s\","
                          " \"decided_by\": {\"name\": \"Dana Whitfield\","
                          "   \"role\": \"Facility manager\"},"
                          " \"po_number\": null, \"signature\": null, \"reason\": null,"
                          " \"call\": %s, \"future_field\": [true],"
                          " \"kiosk\": {\"id\": \"lobby-1\", \"app_version\": \"0.1.0\"}}",
                          id, visit_id, rec_id, action, option, decided_at, call);
}


/*
 * Helpers: HTTP
 */

static void
response_free (Response *response)
{
  g_free (response->content_type);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_free (response);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

static Response *
send_message (SoupMessage *msg)
{
  g_autoptr(GError) error = NULL;
  Response *response = g_new0 (Response, 1);
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *type;

  response->body = soup_session_send_and_read (office.session, msg, NULL, &error);
  g_assert_no_error (error);
  response->status = soup_message_get_status (msg);
  type = soup_message_headers_get_content_type (headers, NULL);
  response->content_type = g_strdup (type);

  if (type != NULL && g_str_has_suffix (type, "json"))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize length;
      const char *data = g_bytes_get_data (response->body, &length);

      json_parser_load_from_data (parser, data, (gssize) length, &error);
      g_assert_no_error (error);
      response->json = json_node_ref (json_parser_get_root (parser));
    }

  return response;
}

static SoupMessage *
new_message (const char *method,
             const char *path,
             const char *token)
{
  g_autofree char *url = g_strconcat (office.base_url, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    value);
    }

  return msg;
}

static Response *
request (const char *method,
         const char *path,
         const char *token,
         const char *content_type,
         GBytes     *body)
{
  g_autoptr(SoupMessage) msg = new_message (method, path, token);

  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);

  return send_message (msg);
}

static Response *
request_text (const char *method,
              const char *path,
              const char *token,
              const char *text)
{
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));

  return request (method, path, token, "application/json", body);
}

/* Sends a decision with an optional Idempotency-Key header value, as given. */
static Response *
post_decision (const char *token,
               const char *key_header,
               const char *body)
{
  g_autoptr(SoupMessage) msg = new_message ("POST", "api/v1/decisions", token);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  if (key_header != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key",
                                  key_header);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);

  return send_message (msg);
}

static Response *
post_visit (const char *document)
{
  return request_text ("POST", "api/v1/visits", office.technician, document);
}

static JsonObject *
object_of (Response *response)
{
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  return json_node_get_object (response->json);
}

static void
assert_problem (Response   *response,
                guint       status,
                const char *type)
{
  JsonObject *problem;

  if (response->status != status)
    g_error ("expected %u %s, got %u: %.*s", status, type, response->status,
             (int) MIN (g_bytes_get_size (response->body), 400),
             (const char *) g_bytes_get_data (response->body, NULL));

  g_assert_cmpstr (response->content_type, ==, "application/problem+json");
  problem = object_of (response);
  g_assert_cmpstr (json_object_get_string_member (problem, "type"), ==, type);
  g_assert_cmpint (json_object_get_int_member (problem, "status"), ==, status);
  g_assert_nonnull (json_object_get_string_member (problem, "title"));
  g_assert_nonnull (json_object_get_string_member (problem, "detail"));
}

static void
assert_status (Response *response,
               guint     status)
{
  if (response->status != status)
    g_error ("expected %u, got %u: %.*s", status, response->status,
             (int) MIN (g_bytes_get_size (response->body), 400),
             (const char *) g_bytes_get_data (response->body, NULL));
}

/* Every visit the kiosk can pull now, by id; pages are followed to the end. */
static GHashTable *
pull_all (const char  *token,
          const char  *since,
          char       **out_cursor,
          guint       *out_pages)
{
  GHashTable *visits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) json_node_unref);
  g_autofree char *cursor = g_strdup (since);
  gboolean more = TRUE;
  guint pages = 0;

  while (more)
    {
      g_autofree char *escaped = cursor != NULL ? g_uri_escape_string (cursor, NULL, TRUE) : NULL;
      g_autofree char *path = escaped != NULL ?
        g_strdup_printf ("api/v1/visits?since=%s", escaped) : g_strdup ("api/v1/visits");
      g_autoptr(Response) response = request ("GET", path, token, NULL, NULL);
      JsonObject *answer;
      JsonArray *list;

      assert_status (response, SOUP_STATUS_OK);
      answer = object_of (response);
      list = json_object_get_array_member (answer, "visits");
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonNode *visit = json_array_get_element (list, i);
          const char *id = json_object_get_string_member (json_node_get_object (visit), "id");
          g_autoptr(FindingsVisit) model = NULL;
          g_autoptr(GError) error = NULL;

          /* What the office serves, the kiosk's own parser reads. */
          model = findings_visit_new_from_json (visit, &error);
          g_assert_no_error (error);

          g_hash_table_replace (visits, g_strdup (id), json_node_ref (visit));
        }

      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (answer, "cursor"));
      more = json_object_get_boolean_member (answer, "more");
      pages++;
    }

  if (out_cursor != NULL)
    *out_cursor = g_steal_pointer (&cursor);
  if (out_pages != NULL)
    *out_pages = pages;

  return visits;
}

/* A recommendation as the kiosk sees it now. */
static JsonObject *
pull_rec (GHashTable *visits,
          const char *visit_id,
          const char *rec_id)
{
  JsonNode *visit = g_hash_table_lookup (visits, visit_id);
  JsonArray *recs;

  g_assert_nonnull (visit);
  recs = json_object_get_array_member (json_node_get_object (visit), "recommendations");
  for (guint i = 0; i < json_array_get_length (recs); i++)
    {
      JsonObject *rec = json_array_get_object_element (recs, i);

      if (g_str_equal (json_object_get_string_member (rec, "id"), rec_id))
        return rec;
    }

  g_error ("no recommendation %s in %s", rec_id, visit_id);
}

static char *
rec_status (const char *token,
            const char *visit_id,
            const char *rec_id)
{
  g_autoptr(GHashTable) visits = pull_all (token, NULL, NULL, NULL);

  return g_strdup (json_object_get_string_member (pull_rec (visits, visit_id, rec_id),
                                                  "status"));
}

static void
upload_ok (const char *document)
{
  g_autoptr(Response) response = post_visit (document);

  g_assert_true (response->status == SOUP_STATUS_CREATED || response->status == SOUP_STATUS_OK);
}

static GBytes *
make_photo (const char *magic,
            gsize       magic_length,
            gsize       size)
{
  guint8 *data = g_malloc0 (size);

  memcpy (data, magic, MIN (magic_length, size));
  for (gsize i = magic_length; i < size; i++)
    data[i] = (guint8) (i * 7);

  return g_bytes_new_take (data, size);
}


/*
 * Tests
 */

static void
test_health (void)
{
  g_autoptr(Response) response = request ("GET", "api/v1/health", NULL, NULL, NULL);

  assert_status (response, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (object_of (response), "status"), ==, "ok");
}

static void
test_unauthorized (void)
{
  const char *tokens[] = { NULL, "0000", office.revoked };

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autoptr(Response) visits = request ("GET", "api/v1/visits", tokens[i], NULL, NULL);
      g_autoptr(Response) decision = post_decision (tokens[i], "\"d-x\"", "{}");

      assert_problem (visits, SOUP_STATUS_UNAUTHORIZED, "unauthorized");
      assert_problem (decision, SOUP_STATUS_UNAUTHORIZED, "unauthorized");
    }
}

static void
test_forbidden (void)
{
  g_autoptr(GBytes) photo = make_photo (JPEG_MAGIC, 4, 64);
  g_autoptr(Response) pull = request ("GET", "api/v1/visits", office.technician, NULL, NULL);
  g_autoptr(Response) upload = request_text ("POST", "api/v1/visits", office.kiosk_a, "{}");
  g_autoptr(Response) follow_up = request_text ("POST", "api/v1/recommendations/r-1/follow-up",
                                                office.kiosk_a, "{\"state\": \"done\"}");
  g_autoptr(Response) put = request ("PUT", "api/v1/photos/p-x", office.office, "image/jpeg",
                                     photo);
  g_autoptr(Response) get = request ("GET", "api/v1/photos/p-1", office.technician, NULL, NULL);
  g_autoptr(Response) decision = post_decision (office.technician, "\"d-x\"", "{}");

  assert_problem (pull, SOUP_STATUS_FORBIDDEN, "forbidden");
  assert_problem (upload, SOUP_STATUS_FORBIDDEN, "forbidden");
  assert_problem (follow_up, SOUP_STATUS_FORBIDDEN, "forbidden");
  assert_problem (put, SOUP_STATUS_FORBIDDEN, "forbidden");
  assert_problem (get, SOUP_STATUS_FORBIDDEN, "forbidden");
  assert_problem (decision, SOUP_STATUS_FORBIDDEN, "forbidden");
}

static void
test_routes (void)
{
  g_autoptr(Response) nothing = request ("GET", "api/v1/nothing", office.kiosk_a, NULL, NULL);
  g_autoptr(Response) root = request ("GET", "", NULL, NULL, NULL);
  g_autoptr(Response) method = request ("DELETE", "api/v1/visits", office.kiosk_a, NULL, NULL);
  g_autoptr(SoupMessage) msg = new_message ("PUT", "api/v1/decisions", office.kiosk_a);
  g_autoptr(Response) put = send_message (msg);

  assert_problem (nothing, SOUP_STATUS_NOT_FOUND, "not-found");
  assert_problem (root, SOUP_STATUS_NOT_FOUND, "not-found");
  assert_problem (method, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed");
  assert_problem (put, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed");
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                 "Allow"), ==, "POST");
}

static void
test_pull (void)
{
  g_autoptr(GHashTable) visits_a = pull_all (office.kiosk_a, NULL, NULL, NULL);
  g_autoptr(GHashTable) visits_b = pull_all (office.kiosk_b, NULL, NULL, NULL);
  g_autofree char *cursor = NULL;
  g_autoptr(GHashTable) again = NULL;
  JsonObject *rec;

  /* Imported with the command line at set-up. */
  g_assert_true (g_hash_table_contains (visits_a, "v-main"));
  g_assert_false (g_hash_table_contains (visits_b, "v-main"));

  rec = pull_rec (visits_a, "v-main", "r-main-1");
  g_assert_cmpstr (json_object_get_string_member (rec, "status"), ==, "open");
  g_assert_true (json_object_get_null_member (rec, "follow_up"));
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (rec, "options")), ==, 2);

  /* Nothing changed since the last cursor. */
  g_hash_table_unref (pull_all (office.kiosk_a, NULL, &cursor, NULL));
  again = pull_all (office.kiosk_a, cursor, NULL, NULL);
  g_assert_cmpuint (g_hash_table_size (again), ==, 0);
}

static void
test_paging (void)
{
  g_autoptr(GHashTable) all = NULL;
  g_autoptr(GHashTable) before = pull_all (office.kiosk_b, NULL, NULL, NULL);
  guint pages = 0;

  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *visit_id = g_strdup_printf ("v-page-%02u", i);
      g_autofree char *rec_id = g_strdup_printf ("r-page-%02u", i);
      g_autofree char *rec = rec_json (rec_id, "open", NULL, NULL);
      g_autofree char *doc = visit_json (visit_id, "s-b", "Europe/Paris", rec);

      upload_ok (doc);
    }

  all = pull_all (office.kiosk_b, NULL, NULL, &pages);
  g_assert_cmpuint (g_hash_table_size (all), ==, g_hash_table_size (before) + 60);
  g_assert_cmpuint (pages, >=, 2);

  /* One page is not everything, and says so. */
  {
    g_autoptr(Response) page = request ("GET", "api/v1/visits", office.kiosk_b, NULL, NULL);
    JsonObject *answer = object_of (page);

    g_assert_true (json_object_get_boolean_member (answer, "more"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer, "visits")),
                      <, g_hash_table_size (all));
  }
}

/* GET over a socket of its own, the target sent as it is: libsoup's client refuses to
 * build a URI with an encoded NUL, which an attacker's client sends anyway. */
static Response *
raw_get (const char *target,
         const char *token)
{
  g_autoptr(GUri) uri = g_uri_parse (office.base_url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  Response *response = g_new0 (Response, 1);
  const char *body;
  const char *type;
  gssize n;
  char buffer[4096];

  connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri),
                                                (guint16) g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  text = g_strdup_printf ("GET /%s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Authorization: Bearer %s\r\nConnection: close\r\n\r\n",
                          target, token);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);

  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                   buffer, sizeof buffer, NULL, &error)) > 0)
    g_string_append_len (answer, buffer, n);
  g_assert_no_error (error);

  g_assert_true (g_str_has_prefix (answer->str, "HTTP/1.1 "));
  response->status = (guint) g_ascii_strtoull (answer->str + strlen ("HTTP/1.1 "), NULL, 10);
  body = strstr (answer->str, "\r\n\r\n");
  g_assert_nonnull (body);
  body += 4;
  response->body = g_bytes_new (body, strlen (body));
  type = g_strstr_len (answer->str, body - answer->str, "\r\nContent-Type: ");
  if (type != NULL)
    {
      type += strlen ("\r\nContent-Type: ");
      response->content_type = g_strndup (type, strcspn (type, ";\r"));
    }
  if (response->content_type != NULL && g_str_has_suffix (response->content_type, "json"))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      json_parser_load_from_data (parser, body, -1, &error);
      g_assert_no_error (error);
      response->json = json_node_ref (json_parser_get_root (parser));
    }

  return response;
}

static void
test_bad_cursor (void)
{
  /* An encoded NUL must not cut the cursor short: "c1%00x" is not "c1", and "%00…"
   * and an empty one are not "no cursor" (which would answer the whole account). */
  const char *cursors[] = { "garbage", "c-1", "c99999999", "c1x", "%FF", "%00", "%00c1",
                            "c1%00x", "c1%00", "", "c1&since=c1", "%63%2D1" };
  g_autofree char *cursor = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cursors); i++)
    {
      g_autofree char *path = g_strdup_printf ("api/v1/visits?since=%s", cursors[i]);
      g_autoptr(Response) response = raw_get (path, office.kiosk_a);

      assert_problem (response, SOUP_STATUS_BAD_REQUEST, "bad-cursor");
    }

  /* A good cursor, encoded or not, next to another parameter, is still answered. */
  g_hash_table_unref (pull_all (office.kiosk_a, NULL, &cursor, NULL));
  g_assert_true (g_str_has_prefix (cursor, "c"));
  {
    g_autofree char *encoded = g_strdup_printf ("api/v1/visits?x=%%00&since=%%63%s",
                                                cursor + 1);
    g_autoptr(Response) response = raw_get (encoded, office.kiosk_a);

    g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (response),
                                                                           "visits")), ==, 0);
  }
}

static void
test_photos (void)
{
  g_autoptr(GBytes) jpeg = make_photo (JPEG_MAGIC, 4, 5000);
  g_autoptr(GBytes) jpeg2 = make_photo (JPEG_MAGIC, 4, 6000);
  g_autoptr(GBytes) png = make_photo (PNG_MAGIC, 8, 300);
  g_autoptr(GBytes) text = g_bytes_new_static ("not an image", 12);
  g_autoptr(Response) created = request ("PUT", "api/v1/photos/p-main", office.technician,
                                         "image/jpeg", jpeg);
  g_autoptr(Response) replaced = request ("PUT", "api/v1/photos/p-main", office.technician,
                                          "image/jpeg", jpeg2);
  g_autoptr(Response) png_ok = request ("PUT", "api/v1/photos/p-unnamed", office.technician,
                                        "image/png", png);
  g_autoptr(Response) wrong_type = request ("PUT", "api/v1/photos/p-bad", office.technician,
                                            "text/plain", jpeg);
  g_autoptr(Response) not_png = request ("PUT", "api/v1/photos/p-bad", office.technician,
                                         "image/png", jpeg);
  g_autoptr(Response) not_jpeg = request ("PUT", "api/v1/photos/p-bad", office.technician,
                                          "image/jpeg", text);
  g_autoptr(Response) got = NULL;
  g_autoptr(Response) other_account = NULL;
  g_autoptr(Response) unnamed = NULL;
  g_autoptr(Response) missing = NULL;

  assert_status (created, SOUP_STATUS_CREATED);
  assert_status (replaced, SOUP_STATUS_OK);
  assert_status (png_ok, SOUP_STATUS_CREATED);
  assert_problem (wrong_type, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
  assert_problem (not_png, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-body");
  assert_problem (not_jpeg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-body");

  /* v-main's r-main-1 names p-main; nothing names p-unnamed. */
  got = request ("GET", "api/v1/photos/p-main", office.kiosk_a, NULL, NULL);
  assert_status (got, SOUP_STATUS_OK);
  g_assert_cmpstr (got->content_type, ==, "image/jpeg");
  g_assert_true (g_bytes_equal (got->body, jpeg2));

  other_account = request ("GET", "api/v1/photos/p-main", office.kiosk_b, NULL, NULL);
  assert_problem (other_account, SOUP_STATUS_NOT_FOUND, "not-found");
  unnamed = request ("GET", "api/v1/photos/p-unnamed", office.kiosk_a, NULL, NULL);
  assert_problem (unnamed, SOUP_STATUS_NOT_FOUND, "not-found");
  missing = request ("GET", "api/v1/photos/p-bad", office.kiosk_a, NULL, NULL);
  assert_problem (missing, SOUP_STATUS_NOT_FOUND, "not-found");
}

static void
test_photo_too_large (void)
{
  g_autoptr(GBytes) huge = make_photo (JPEG_MAGIC, 4, 20 * MiB + 1);
  g_autoptr(GBytes) limit = make_photo (JPEG_MAGIC, 4, 20 * MiB);
  g_autoptr(Response) declared = request ("PUT", "api/v1/photos/p-huge", office.technician,
                                          "image/jpeg", huge);
  g_autoptr(Response) at_limit = request ("PUT", "api/v1/photos/p-limit", office.technician,
                                          "image/jpeg", limit);
  g_autoptr(SoupMessage) msg = new_message ("PUT", "api/v1/photos/p-huge", office.technician);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (huge);
  g_autoptr(GBytes) small = make_photo (JPEG_MAGIC, 4, 10);
  g_autoptr(Response) chunked = NULL;
  g_autoptr(Response) after = NULL;

  assert_problem (declared, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload-too-large");
  assert_status (at_limit, SOUP_STATUS_CREATED);

  /* No Content-Length: the office counts as the chunks arrive. */
  soup_message_set_request_body (msg, "image/jpeg", stream, -1);
  chunked = send_message (msg);
  assert_problem (chunked, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload-too-large");

  /* Nothing of the refused photo was stored. */
  after = request ("PUT", "api/v1/photos/p-huge", office.technician, "image/jpeg", small);
  assert_status (after, SOUP_STATUS_CREATED);
}

/* The same JSON once parsed, written in another order and layout. */
static char *
reverse_members (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  JsonObject *object = json_node_get_object (node);
  g_autoptr(GList) names = json_object_get_members (object);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  for (GList *l = g_list_last (names); l != NULL; l = l->prev)
    {
      json_builder_set_member_name (builder, l->data);
      json_builder_add_value (builder, json_node_copy (json_object_get_member (object, l->data)));
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, TRUE);
}

static void
test_decision_replay (void)
{
  g_autofree char *body = decision_json ("d-replay", "v-main", "r-main-2", "decline", NULL,
                                         "2026-11-20T14:02:11Z");
  g_autofree char *reordered = reverse_members (body);
  g_autoptr(Response) first = post_decision (office.kiosk_a, "\"d-replay\"", body);
  g_autoptr(Response) again = post_decision (office.kiosk_a, "\"d-replay\"", body);
  g_autoptr(Response) unquoted = post_decision (office.kiosk_a, "d-replay", body);
  g_autoptr(Response) equivalent = NULL;
  g_autoptr(Response) different = NULL;
  g_autofree char *changed = decision_json ("d-replay", "v-main", "r-main-2", "decline", NULL,
                                            "2026-11-20T14:05:00Z");
  JsonObject *answer;
  JsonObject *rec;

  assert_status (first, SOUP_STATUS_CREATED);
  answer = object_of (first);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (answer,
                                                                                 "decision"),
                                                  "id"), ==, "d-replay");
  rec = json_object_get_object_member (answer, "recommendation");
  g_assert_cmpstr (json_object_get_string_member (rec, "id"), ==, "r-main-2");
  g_assert_cmpstr (json_object_get_string_member (rec, "status"), ==, "declined");
  g_assert_true (json_object_has_member (rec, "follow_up"));

  /* The first answer again, byte for byte, and nothing recorded twice. */
  assert_status (again, SOUP_STATUS_OK);
  g_assert_true (g_bytes_equal (first->body, again->body));
  assert_status (unquoted, SOUP_STATUS_OK);
  g_assert_true (g_bytes_equal (first->body, unquoted->body));

  g_assert_false (g_str_has_prefix (reordered, "{\"id\""));
  equivalent = post_decision (office.kiosk_a, "\"d-replay\"", reordered);
  assert_status (equivalent, SOUP_STATUS_OK);
  g_assert_true (g_bytes_equal (first->body, equivalent->body));

  different = post_decision (office.kiosk_a, "\"d-replay\"", changed);
  assert_problem (different, SOUP_STATUS_UNPROCESSABLE_ENTITY, "idempotency-key-reused");
}

static void
test_decision_key (void)
{
  g_autofree char *body = decision_json ("d-key", "v-main", "r-main-2", "decline", NULL,
                                         "2026-11-20T14:02:11Z");
  g_autoptr(Response) missing = post_decision (office.kiosk_a, NULL, body);
  g_autoptr(Response) empty = post_decision (office.kiosk_a, "\"\"", body);
  g_autoptr(Response) other = post_decision (office.kiosk_a, "\"d-other\"", body);
  g_autoptr(Response) bad_json = post_decision (office.kiosk_a, NULL, "{\"id\": ");

  assert_problem (missing, SOUP_STATUS_BAD_REQUEST, "missing-idempotency-key");
  assert_problem (empty, SOUP_STATUS_BAD_REQUEST, "missing-idempotency-key");
  assert_problem (other, SOUP_STATUS_UNPROCESSABLE_ENTITY, "idempotency-key-mismatch");
  /* 400 for the key comes before 422 for the body. */
  assert_problem (bad_json, SOUP_STATUS_BAD_REQUEST, "missing-idempotency-key");
}

static char *
nested (guint depth)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  return g_string_free (text, FALSE);
}

static void
test_decision_invalid (void)
{
  g_autofree char *good = decision_json ("d-invalid", "v-main", "r-main-3", "accept",
                                         "r-main-3-o1", "2026-11-20T14:02:11Z");
  g_autofree char *truncated = g_strndup (good, strlen (good) / 2);
  g_autofree char *deep = nested (100000);
  g_autofree char *long_name = g_strnfill (201, 'x');
  g_autofree char *name_field = g_strdup_printf ("\"name\": \"%s\"", long_name);
  g_autoptr(GString) oversize = g_string_new (good);
  g_autoptr(GString) wrong_type = g_string_new (good);
  g_autoptr(GString) unknown_action = g_string_new (good);
  g_autoptr(Response) later = NULL;
  g_autofree char *status = NULL;
  const char *bodies[6];

  g_string_replace (oversize, "\"name\": \"Dana Whitfield\"", name_field, 1);
  g_string_replace (wrong_type, "\"visit_id\": \"v-main\"", "\"visit_id\": 42", 1);
  g_string_replace (unknown_action, "\"action\": \"accept\"", "\"action\": \"maybe\"", 1);
  bodies[0] = "{not json}";
  bodies[1] = truncated;
  bodies[2] = deep;
  bodies[3] = wrong_type->str;
  bodies[4] = unknown_action->str;
  bodies[5] = oversize->str;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(Response) response = post_decision (office.kiosk_a, "\"d-invalid\"", bodies[i]);

      assert_problem (response, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-body");
    }

  /* Nothing was recorded, and the refused key is judged afresh. */
  status = rec_status (office.kiosk_a, "v-main", "r-main-3");
  g_assert_cmpstr (status, ==, "open");
  later = post_decision (office.kiosk_a, "\"d-invalid\"", good);
  assert_status (later, SOUP_STATUS_CREATED);
}

static void
test_decision_too_large (void)
{
  g_autofree char *filler = g_strnfill (8 * MiB, ' ');
  g_autofree char *body = g_strconcat ("{\"id\": \"d-big\"}", filler, NULL);
  g_autoptr(Response) too_large = post_decision (office.kiosk_a, "\"d-big\"", body);
  g_autoptr(Response) no_key = post_decision (office.kiosk_a, NULL, body);
  g_autoptr(Response) no_token = post_decision (NULL, NULL, body);

  assert_problem (too_large, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload-too-large");
  /* 413 comes before the missing key; the token before the size. */
  assert_problem (no_key, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload-too-large");
  assert_problem (no_token, SOUP_STATUS_UNAUTHORIZED, "unauthorized");
}

static void
test_decision_not_found (void)
{
  g_autofree char *unknown = decision_json ("d-nf-1", "v-main", "r-nowhere", "decline", NULL,
                                            "2026-11-20T14:02:11Z");
  g_autofree char *foreign = decision_json ("d-nf-2", "v-page-00", "r-page-00", "decline", NULL,
                                            "2026-11-20T14:02:11Z");
  g_autofree char *unknown_option = decision_json ("d-nf-3", "v-main", "r-nowhere", "accept",
                                                   "o-nowhere", "2026-11-20T14:02:11Z");
  g_autoptr(Response) r1 = post_decision (office.kiosk_a, "\"d-nf-1\"", unknown);
  g_autoptr(Response) r2 = post_decision (office.kiosk_a, "\"d-nf-2\"", foreign);
  g_autoptr(Response) r3 = post_decision (office.kiosk_a, "\"d-nf-3\"", unknown_option);
  g_autofree char *status = rec_status (office.kiosk_b, "v-page-00", "r-page-00");

  assert_problem (r1, SOUP_STATUS_NOT_FOUND, "not-found");
  assert_problem (r2, SOUP_STATUS_NOT_FOUND, "not-found");
  /* 404 comes before the option check. */
  assert_problem (r3, SOUP_STATUS_NOT_FOUND, "not-found");
  g_assert_cmpstr (status, ==, "open");
}

static void
test_decision_mismatch (void)
{
  g_autofree char *option = decision_json ("d-mm-1", "v-main", "r-main-4", "accept",
                                           "r-main-1-o1", "2026-11-20T14:02:11Z");
  g_autofree char *visit = decision_json ("d-mm-2", "v-other", "r-main-4", "accept",
                                          "r-main-4-o1", "2026-11-20T14:02:11Z");
  g_autoptr(Response) r1 = post_decision (office.kiosk_a, "\"d-mm-1\"", option);
  g_autoptr(Response) r2 = post_decision (office.kiosk_a, "\"d-mm-2\"", visit);
  g_autofree char *status = rec_status (office.kiosk_a, "v-main", "r-main-4");

  assert_problem (r1, SOUP_STATUS_UNPROCESSABLE_ENTITY, "unknown-option");
  assert_problem (r2, SOUP_STATUS_UNPROCESSABLE_ENTITY, "visit-mismatch");
  g_assert_cmpstr (status, ==, "open");
}

static void
assert_decision (const char *id,
                 const char *rec_id,
                 const char *action,
                 const char *option_id,
                 guint       status,
                 const char *type)
{
  g_autofree char *body = decision_json (id, "v-rules", rec_id, action, option_id,
                                         "2026-11-20T14:02:11Z");
  g_autofree char *key = g_strdup_printf ("\"%s\"", id);
  g_autoptr(Response) response = post_decision (office.kiosk_a, key, body);

  if (type != NULL)
    assert_problem (response, status, type);
  else
    assert_status (response, status);
}

static void
test_decision_rules (void)
{
  g_auto(GStrv) parts = g_new0 (char *, 6);
  g_autofree char *recs = NULL;
  g_autofree char *doc = NULL;
  g_autofree char *status = NULL;

  parts[0] = rec_json ("r-rules-1", "open", "2026-12-31", NULL);
  parts[1] = rec_json ("r-rules-2", "open", "2026-12-31", NULL);
  parts[2] = rec_json ("r-rules-3", "withdrawn", "2026-12-31", NULL);
  parts[3] = rec_json ("r-rules-4", "scheduled", "2026-12-31", NULL);
  parts[4] = rec_json ("r-rules-5", "open", "2026-11-01", NULL);
  recs = g_strjoinv (", ", parts);
  doc = visit_json ("v-rules", "s-a", "America/Toronto", recs);
  upload_ok (doc);

  /* Accepted, then everything is 409 already-accepted. */
  assert_decision ("d-rules-1", "r-rules-1", "accept", "r-rules-1-o2", 201, NULL);
  assert_decision ("d-rules-2", "r-rules-1", "decline", NULL, 409, "already-accepted");
  assert_decision ("d-rules-3", "r-rules-1", "request_call", NULL, 409, "already-accepted");
  assert_decision ("d-rules-4", "r-rules-1", "accept", "r-rules-1-o1", 409, "already-accepted");

  /* Declining then accepting is allowed: a customer may change their mind. */
  assert_decision ("d-rules-5", "r-rules-2", "decline", NULL, 201, NULL);
  assert_decision ("d-rules-6", "r-rules-2", "accept", "r-rules-2-o1", 201, NULL);

  assert_decision ("d-rules-7", "r-rules-3", "accept", "r-rules-3-o1", 409, "withdrawn");
  assert_decision ("d-rules-8", "r-rules-3", "decline", NULL, 409, "withdrawn");
  assert_decision ("d-rules-9", "r-rules-4", "decline", NULL, 409, "already-accepted");

  /* An expired quote cannot be accepted, but can still be declined. */
  assert_decision ("d-rules-10", "r-rules-5", "accept", "r-rules-5-o1", 409, "quote-expired");
  status = rec_status (office.kiosk_a, "v-rules", "r-rules-5");
  g_assert_cmpstr (status, ==, "open");
  assert_decision ("d-rules-11", "r-rules-5", "decline", NULL, 201, NULL);
}

/* Toronto is UTC-4 in March after the change to daylight time on 8 March 2026. */
static void
test_decision_time_zone (void)
{
  g_autofree char *rec_1 = rec_json ("r-tz-1", "open", "2026-03-10", NULL);
  g_autofree char *rec_2 = rec_json ("r-tz-2", "open", "2026-03-10", NULL);
  g_autofree char *recs = g_strjoin (", ", rec_1, rec_2, NULL);
  g_autofree char *doc = visit_json ("v-tz", "s-a", "America/Toronto", recs);
  g_autofree char *before = decision_json ("d-tz-1", "v-tz", "r-tz-1", "accept", "r-tz-1-o1",
                                           "2026-03-11T03:59:59Z");
  g_autofree char *after = decision_json ("d-tz-2", "v-tz", "r-tz-2", "accept", "r-tz-2-o1",
                                          "2026-03-11T04:00:01Z");
  g_autofree char *later_quote = NULL;
  g_autofree char *redoc = NULL;
  g_autoptr(Response) r1 = NULL;
  g_autoptr(Response) r2 = NULL;
  g_autoptr(Response) retry = NULL;

  upload_ok (doc);

  /* 23:59:59 on the last valid day in Toronto, though 11 March in UTC. */
  r1 = post_decision (office.kiosk_a, "\"d-tz-1\"", before);
  assert_status (r1, SOUP_STATUS_CREATED);
  r2 = post_decision (office.kiosk_a, "\"d-tz-2\"", after);
  assert_problem (r2, SOUP_STATUS_CONFLICT, "quote-expired");

  /* The office extends the quote; the refused key is judged afresh. */
  later_quote = rec_json ("r-tz-2", "open", "2026-03-31", NULL);
  g_free (recs);
  recs = g_strjoin (", ", rec_1, later_quote, NULL);
  redoc = visit_json ("v-tz", "s-a", "America/Toronto", recs);
  upload_ok (redoc);
  retry = post_decision (office.kiosk_a, "\"d-tz-2\"", after);
  assert_status (retry, SOUP_STATUS_CREATED);
}

static char *
business_days_from (GDateTime *now,
                    guint      days)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("America/Toronto");
  g_autoptr(GDateTime) day = g_date_time_to_timezone (now, tz);

  while (days > 0)
    {
      GDateTime *next = g_date_time_add_days (day, 1);
      int weekday;

      g_date_time_unref (day);
      day = next;
      weekday = g_date_time_get_day_of_week (day);
      if (weekday != 6 && weekday != 7)
        days--;
    }

  return g_date_time_format (day, "%Y-%m-%d");
}

static void
test_request_call (void)
{
  g_autofree char *body = decision_json ("d-call", "v-main", "r-main-5", "request_call", NULL,
                                         "2026-11-20T14:02:11Z");
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(Response) response = post_decision (office.kiosk_a, "\"d-call\"", body);
  g_autoptr(GDateTime) after = g_date_time_new_now_utc ();
  g_autofree char *due_before = business_days_from (before, 2);
  g_autofree char *due_after = business_days_from (after, 2);
  g_autoptr(GHashTable) visits = NULL;
  JsonObject *rec;
  JsonObject *follow_up;
  const char *due_by;

  assert_status (response, SOUP_STATUS_CREATED);
  rec = json_object_get_object_member (object_of (response), "recommendation");
  g_assert_cmpstr (json_object_get_string_member (rec, "status"), ==, "call_requested");
  follow_up = json_object_get_object_member (rec, "follow_up");
  g_assert_cmpstr (json_object_get_string_member (follow_up, "state"), ==, "requested");
  due_by = json_object_get_string_member (follow_up, "due_by");
  g_assert_true (g_str_equal (due_by, due_before) || g_str_equal (due_by, due_after));

  visits = pull_all (office.kiosk_a, NULL, NULL, NULL);
  rec = pull_rec (visits, "v-main", "r-main-5");
  g_assert_cmpstr (json_object_get_string_member (rec, "status"), ==, "call_requested");
  follow_up = json_object_get_object_member (rec, "follow_up");
  g_assert_cmpstr (json_object_get_string_member (follow_up, "due_by"), ==, due_by);
}

static void
test_changes (void)
{
  g_autofree char *cursor = NULL;
  g_autofree char *body = decision_json ("d-change", "v-main", "r-main-6", "decline", NULL,
                                         "2026-11-20T14:02:11Z");
  g_autoptr(GHashTable) first = pull_all (office.kiosk_a, NULL, &cursor, NULL);
  g_autoptr(GHashTable) unchanged = pull_all (office.kiosk_a, cursor, NULL, NULL);
  g_autoptr(Response) decision = post_decision (office.kiosk_a, "\"d-change\"", body);
  g_autoptr(GHashTable) changed = pull_all (office.kiosk_a, cursor, NULL, NULL);
  g_autoptr(GHashTable) other = pull_all (office.kiosk_b, NULL, NULL, NULL);
  g_autofree char *next = NULL;
  g_autoptr(GHashTable) follow_up_changed = NULL;
  g_autoptr(Response) follow_up = NULL;

  g_assert_cmpuint (g_hash_table_size (unchanged), ==, 0);
  assert_status (decision, SOUP_STATUS_CREATED);
  g_assert_cmpuint (g_hash_table_size (changed), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (pull_rec (changed, "v-main", "r-main-6"),
                                                  "status"), ==, "declined");
  g_assert_false (g_hash_table_contains (other, "v-main"));

  /* A follow-up counts as a change too. */
  g_hash_table_unref (pull_all (office.kiosk_a, cursor, &next, NULL));
  follow_up = request_text ("POST", "api/v1/recommendations/r-main-6/follow-up", office.office,
                            "{\"state\": \"contacted\"}");
  assert_status (follow_up, SOUP_STATUS_OK);
  follow_up_changed = pull_all (office.kiosk_a, next, NULL, NULL);
  g_assert_true (g_hash_table_contains (follow_up_changed, "v-main"));
}

/* The stored visit as the office's file holds it: its body, number and upload time. */
static char *
read_visit_row (const char *visit_id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *row;

  g_assert_cmpint (sqlite3_open_v2 (office.db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT body, change_seq, uploaded_at FROM visits "
                                       "WHERE id = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, visit_id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  row = g_strdup_printf ("%s|%lld|%s", sqlite3_column_text (stmt, 0),
                         (long long) sqlite3_column_int64 (stmt, 1), sqlite3_column_text (stmt, 2));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return row;
}

/* A decision marks its visit changed without writing the visit's row again, which
 * holds the whole document (issue 10: a 2 MB visit was copied on every decision). */
static void
test_visit_row_untouched (void)
{
  g_autofree char *rec = rec_json ("r-row-1", "open", "2026-12-31", NULL);
  g_autofree char *doc = visit_json ("v-row", "s-a", "America/Toronto", rec);
  g_autofree char *path = write_file ("v-row.json", doc);
  g_autofree char *body = decision_json ("d-row", "v-row", "r-row-1", "decline", NULL,
                                         "2026-11-20T14:02:11Z");
  g_autofree char *cursor = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(Response) decision = NULL;
  g_autoptr(GHashTable) changed = NULL;

  if (office.on_postgresql)
    {
      g_test_skip ("Reads the office's SQLite file");
      return;
    }

  g_free (cli_ok ("visit", "import", "--account", office.account_a, path, NULL));
  g_hash_table_unref (pull_all (office.kiosk_a, NULL, &cursor, NULL));
  before = read_visit_row ("v-row");

  decision = post_decision (office.kiosk_a, "\"d-row\"", body);
  assert_status (decision, SOUP_STATUS_CREATED);
  after = read_visit_row ("v-row");
  changed = pull_all (office.kiosk_a, cursor, NULL, NULL);

  g_assert_cmpstr (after, ==, before);
  g_assert_cmpstr (json_object_get_string_member (pull_rec (changed, "v-row", "r-row-1"),
                                                  "status"), ==, "declined");
}

/* A pull serves each visit as composed for its change number: an unchanged visit is
 * not read and parsed from the stored documents again (issue 10: 60% of the office's
 * time). Edited in the file behind the office's back, it is still served as it was. */
static void
test_served_once (void)
{
  g_autoptr(GHashTable) first = NULL;
  g_autoptr(GHashTable) again = NULL;
  sqlite3 *db = NULL;

  if (office.on_postgresql)
    {
      g_test_skip ("Edits the office's SQLite file");
      return;
    }

  first = pull_all (office.kiosk_a, NULL, NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (pull_rec (first, "v-row", "r-row-1"), "title"),
                   ==, "Replace the heat exchanger");

  g_assert_cmpint (sqlite3_open_v2 (office.db, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE visits SET body = replace (body, "
                                 "'Replace the heat exchanger', 'Edited behind the office') "
                                 "WHERE id = 'v-row'", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  again = pull_all (office.kiosk_a, NULL, NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (pull_rec (again, "v-row", "r-row-1"), "title"),
                   ==, "Replace the heat exchanger");
}

static void
test_follow_up (void)
{
  g_autoptr(Response) set = request_text ("POST", "api/v1/recommendations/r-main-5/follow-up",
                                          office.office,
                                          "{\"state\": \"contacted\", \"owner\": \"Sarah Lee\","
                                          " \"due_by\": \"2026-11-24\", \"message\": \"Tuesday.\","
                                          " \"unknown\": true}");
  g_autoptr(Response) replace = request_text ("POST",
                                              "api/v1/recommendations/r-main-5/follow-up",
                                              office.office, "{\"state\": \"scheduled\"}");
  g_autoptr(Response) bad_state = request_text ("POST",
                                                "api/v1/recommendations/r-main-5/follow-up",
                                                office.office, "{\"state\": \"lost\"}");
  g_autoptr(Response) bad_json = request_text ("POST",
                                               "api/v1/recommendations/r-main-5/follow-up",
                                               office.office, "{\"state\": ");
  g_autoptr(Response) unknown = request_text ("POST",
                                              "api/v1/recommendations/r-nowhere/follow-up",
                                              office.office, "{\"state\": \"done\"}");
  g_autoptr(GHashTable) visits = NULL;
  JsonObject *rec;
  JsonObject *follow_up;

  assert_status (set, SOUP_STATUS_OK);
  rec = json_object_get_object_member (object_of (set), "recommendation");
  g_assert_cmpstr (json_object_get_string_member (rec, "status"), ==, "call_requested");
  follow_up = json_object_get_object_member (rec, "follow_up");
  g_assert_cmpstr (json_object_get_string_member (follow_up, "owner"), ==, "Sarah Lee");
  g_assert_nonnull (json_object_get_string_member (follow_up, "updated_at"));

  /* The whole follow-up is replaced: what is absent becomes null. */
  assert_status (replace, SOUP_STATUS_OK);
  assert_problem (bad_state, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-body");
  assert_problem (bad_json, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-body");
  assert_problem (unknown, SOUP_STATUS_NOT_FOUND, "not-found");

  visits = pull_all (office.kiosk_a, NULL, NULL, NULL);
  rec = pull_rec (visits, "v-main", "r-main-5");
  g_assert_cmpstr (json_object_get_string_member (rec, "status"), ==, "call_requested");
  follow_up = json_object_get_object_member (rec, "follow_up");
  g_assert_cmpstr (json_object_get_string_member (follow_up, "state"), ==, "scheduled");
  g_assert_true (json_object_get_null_member (follow_up, "owner"));
  g_assert_true (json_object_get_null_member (follow_up, "due_by"));
  g_assert_true (json_object_get_null_member (follow_up, "message"));
}

static char *
reupload_doc (const char *status_a,
              const char *status_b,
              gboolean    with_c)
{
  g_autofree char *a = rec_json ("r-re-a", status_a, NULL, NULL);
  g_autofree char *b = rec_json ("r-re-b", status_b, NULL, NULL);
  g_autofree char *c = rec_json ("r-re-c", "open", NULL, NULL);
  g_autofree char *recs = with_c ? g_strjoin (", ", a, b, c, NULL) : g_strjoin (", ", a, b, NULL);

  return visit_json ("v-re", "s-a", "America/Toronto", recs);
}

static void
test_reupload (void)
{
  g_autofree char *first = reupload_doc ("open", "open", TRUE);
  g_autofree char *missing_c = reupload_doc ("open", "open", FALSE);
  g_autofree char *back_c = reupload_doc ("completed", "open", TRUE);
  g_autofree char *accept = decision_json ("d-re-1", "v-re", "r-re-a", "accept", "r-re-a-o1",
                                           "2026-11-20T14:02:11Z");
  g_autofree char *call = decision_json ("d-re-2", "v-re", "r-re-b", "request_call", NULL,
                                         "2026-11-20T14:02:11Z");
  g_autofree char *decline = decision_json ("d-re-3", "v-re", "r-re-c", "decline", NULL,
                                            "2026-11-20T14:02:11Z");
  g_autoptr(Response) created = post_visit (first);
  g_autoptr(Response) d1 = post_decision (office.kiosk_a, "\"d-re-1\"", accept);
  g_autoptr(Response) d2 = post_decision (office.kiosk_a, "\"d-re-2\"", call);
  g_autoptr(Response) d3 = post_decision (office.kiosk_a, "\"d-re-3\"", decline);
  g_autoptr(Response) replaced = NULL;
  g_autoptr(Response) restored = NULL;
  g_autoptr(GHashTable) visits = NULL;
  JsonArray *withdrawn;
  JsonObject *rec;

  assert_status (created, SOUP_STATUS_CREATED);
  assert_status (d1, SOUP_STATUS_CREATED);
  assert_status (d2, SOUP_STATUS_CREATED);
  assert_status (d3, SOUP_STATUS_CREATED);

  /* The office's statuses stand; r-re-c is missing and so withdrawn, still listed. */
  replaced = post_visit (missing_c);
  assert_status (replaced, SOUP_STATUS_OK);
  withdrawn = json_object_get_array_member (object_of (replaced), "withdrawn");
  g_assert_cmpuint (json_array_get_length (withdrawn), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (withdrawn, 0), ==, "r-re-c");

  visits = pull_all (office.kiosk_a, NULL, NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (pull_rec (visits, "v-re", "r-re-a"), "status"),
                   ==, "accepted");
  rec = pull_rec (visits, "v-re", "r-re-b");
  g_assert_cmpstr (json_object_get_string_member (rec, "status"), ==, "call_requested");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (rec,
                                                                                 "follow_up"),
                                                  "state"), ==, "requested");
  g_assert_cmpstr (json_object_get_string_member (pull_rec (visits, "v-re", "r-re-c"), "status"),
                   ==, "withdrawn");
  g_hash_table_unref (g_steal_pointer (&visits));

  /* Back again: r-re-c takes back "declined"; the office's own progress applies. */
  restored = post_visit (back_c);
  assert_status (restored, SOUP_STATUS_OK);
  visits = pull_all (office.kiosk_a, NULL, NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (pull_rec (visits, "v-re", "r-re-c"), "status"),
                   ==, "declined");
  g_assert_cmpstr (json_object_get_string_member (pull_rec (visits, "v-re", "r-re-a"), "status"),
                   ==, "completed");
  rec = pull_rec (visits, "v-re", "r-re-b");
  g_assert_nonnull (json_object_get_object_member (rec, "follow_up"));
}

static void
test_reupload_refused (void)
{
  g_autofree char *rec = rec_json ("r-re-a", "open", NULL, NULL);
  g_autofree char *moved_rec = rec_json ("r-main-1", "open", NULL, NULL);
  g_autofree char *unknown_site = visit_json ("v-re", "s-nobody", NULL, rec);
  g_autofree char *other_account = visit_json ("v-re", "s-b", NULL, rec);
  g_autofree char *bad_zone = visit_json ("v-re", "s-a", "Mars/Olympus_Mons", rec);
  g_autofree char *path_zone = visit_json ("v-re", "s-a", "/etc/localtime", rec);
  g_autofree char *moved = visit_json ("v-re", "s-a", NULL, moved_rec);
  g_autoptr(GHashTable) before = pull_all (office.kiosk_a, NULL, NULL, NULL);
  g_autoptr(GHashTable) after = NULL;
  g_autofree char *before_text = NULL;
  g_autofree char *after_text = NULL;
  struct
  {
    const char *document;
    const char *type;
  } cases[] = {
    { unknown_site, "unknown-site" },
    { other_account, "site-of-another-account" },
    { bad_zone, "unknown-time-zone" },
    { path_zone, "unknown-time-zone" },
    { moved, "recommendation-of-another-visit" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Response) response = post_visit (cases[i].document);

      assert_problem (response, SOUP_STATUS_UNPROCESSABLE_ENTITY, cases[i].type);
    }

  /* Nothing changed. */
  after = pull_all (office.kiosk_a, NULL, NULL, NULL);
  before_text = json_to_string (g_hash_table_lookup (before, "v-re"), FALSE);
  after_text = json_to_string (g_hash_table_lookup (after, "v-re"), FALSE);
  g_assert_cmpstr (before_text, ==, after_text);
  g_assert_cmpuint (g_hash_table_size (before), ==, g_hash_table_size (after));
}

static void
test_bad_input (void)
{
  g_autofree char *rec = rec_json ("r-bad-1", "open", NULL, NULL);
  g_autofree char *good = visit_json ("v-bad", "s-a", NULL, rec);
  g_autofree char *truncated = g_strndup (good, strlen (good) - 3);
  g_autofree char *deep = nested (100000);
  g_autoptr(GString) wrong_type = g_string_new (good);
  g_autoptr(GString) float_price = g_string_new (good);
  g_autoptr(GString) nul = g_string_new (good);
  g_autoptr(GHashTable) before = pull_all (office.kiosk_a, NULL, NULL, NULL);
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(Response) accepted = NULL;
  g_autofree char *filler = g_strnfill (8 * MiB, ' ');
  g_autofree char *huge = g_strconcat (good, filler, NULL);
  g_autoptr(Response) too_large = NULL;
  const char *bodies[7];

  g_string_replace (wrong_type, "\"currency\": \"CAD\"", "\"currency\": 124", 1);
  g_string_replace (float_price, "\"price\": 480000", "\"price\": 4800.5", 1);
  g_string_replace (nul, "A crack.", "A \\u0000crack.", 1);
  bodies[0] = "{\"schema_version\": 1,, }";
  bodies[1] = truncated;
  bodies[2] = deep;
  bodies[3] = wrong_type->str;
  bodies[4] = float_price->str;
  bodies[5] = nul->str;
  bodies[6] = "";

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(Response) response = post_visit (bodies[i]);

      assert_problem (response, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-body");
    }

  too_large = post_visit (huge);
  assert_problem (too_large, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload-too-large");

  after = pull_all (office.kiosk_a, NULL, NULL, NULL);
  g_assert_cmpuint (g_hash_table_size (before), ==, g_hash_table_size (after));
  g_assert_false (g_hash_table_contains (after, "v-bad"));

  /* Unknown fields are ignored (rec_json adds one). */
  accepted = post_visit (good);
  assert_status (accepted, SOUP_STATUS_CREATED);
}

static void
test_cli_import (void)
{
  g_autofree char *rec = rec_json ("r-cli-1", "open", NULL, NULL);
  g_autofree char *doc = visit_json ("v-cli", "s-a", "America/Toronto", rec);
  g_autofree char *path = write_file ("v-cli.json", doc);
  g_autofree char *broken = write_file ("broken.json", "{\"schema_version\": 1");
  g_autofree char *err = NULL;
  g_autofree char *err_broken = NULL;
  g_autofree char *out = NULL;
  g_autofree char *out_broken = NULL;
  g_autofree char *out_ok = NULL;
  g_autofree char *status_text = NULL;
  int status;

  /* The site belongs to account A, not B. */
  out = run_cli (&status, &err, "visit", "import", "--account", office.account_b, path, NULL);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, "another account"));

  out_broken = run_cli (&status, &err_broken, "visit", "import", "--account", office.account_a,
                        broken, NULL);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err_broken, "ends unexpectedly"));

  out_ok = cli_ok ("visit", "import", "--account", office.account_a, path, NULL);
  g_assert_nonnull (strstr (out_ok, "v-cli"));
  status_text = rec_status (office.kiosk_a, "v-cli", "r-cli-1");
  g_assert_cmpstr (status_text, ==, "open");
}

/* A file that is no database is refused when opened, in the office's own words, and
 * left as it was. */
static void
test_cli_not_a_database (void)
{
  g_autoptr(GString) junk = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  char *db = office.db;
  int status;

  while (junk->len < 4096)
    g_string_append (junk, "This is a letter, not a database. ");
  path = write_file ("letter.db", junk->str);

  office.db = path;
  out = run_cli (&status, &err, "account", "add", "Nobody", NULL);
  office.db = db;

  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, "Could not open the office database"));
  g_assert_nonnull (strstr (err, "letter.db"));
  g_file_get_contents (path, &after, NULL, NULL);
  g_assert_cmpstr (after, ==, junk->str);
}

static void
test_cli_calls (void)
{
  g_autofree char *call = decision_json ("d-cli-call", "v-cli", "r-cli-1", "request_call", NULL,
                                         "2026-11-20T14:02:11Z");
  g_autoptr(Response) response = post_decision (office.kiosk_a, "\"d-cli-call\"", call);
  g_autofree char *all = NULL;
  g_autofree char *overdue_before = NULL;
  g_autofree char *set = NULL;
  g_autofree char *overdue = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *bad_state_err = NULL;
  g_autofree char *bad_state_out = NULL;
  g_autofree char *state = NULL;
  int status;

  assert_status (response, SOUP_STATUS_CREATED);

  all = cli_ok ("calls", NULL);
  g_assert_nonnull (strstr (all, "RECEIVED"));
  g_assert_nonnull (strstr (all, "r-cli-1"));
  g_assert_nonnull (strstr (all, "+1 416 555 0142"));
  g_assert_nonnull (strstr (all, "r-main-5"));
  /* Oldest first: r-main-5 asked earlier. */
  g_assert_true (strstr (all, "r-main-5") < strstr (all, "r-cli-1"));

  overdue_before = cli_ok ("calls", "--overdue", NULL);
  g_assert_null (strstr (overdue_before, "r-cli-1"));

  set = cli_ok ("follow-up", "r-cli-1", "--state", "contacted", "--owner", "Sarah Lee",
                "--due", "2020-01-06", NULL);
  g_assert_nonnull (strstr (set, "contacted"));
  overdue = cli_ok ("calls", "--overdue", NULL);
  g_assert_nonnull (strstr (overdue, "r-cli-1"));
  g_assert_nonnull (strstr (overdue, "contacted"));
  g_assert_null (strstr (overdue, "r-main-5"));

  /* The follow-up shows through the API; the status stays. */
  state = rec_status (office.kiosk_a, "v-cli", "r-cli-1");
  g_assert_cmpstr (state, ==, "call_requested");

  out = run_cli (&status, &err, "follow-up", "r-nowhere", "--state", "done", NULL);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, "r-nowhere"));
  bad_state_out = run_cli (&status, &bad_state_err, "follow-up", "r-cli-1", "--state", "lost",
                           NULL);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (bad_state_err, "lost"));
}

static void
test_cli_usage (void)
{
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err_kiosk = NULL;
  g_autofree char *out_kiosk = NULL;
  g_autofree char *help = NULL;
  g_autofree char *err_serve = NULL;
  g_autofree char *out_serve = NULL;
  int status;

  out = run_cli (&status, &err, "nonsense", NULL);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, "nonsense"));

  out_kiosk = run_cli (&status, &err_kiosk, "token", "add", "--kind", "kiosk", NULL);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err_kiosk, "account"));

  help = cli_ok ("serve", "--help", NULL);
  g_assert_nonnull (strstr (help, "--port"));

  /* Plain HTTP only on loopback: this refuses before it binds anything. */
  out_serve = run_cli (&status, &err_serve, "serve", "--port", "0", "--address", "0.0.0.0", NULL);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err_serve, "loopback"));
}

static guint
count_office_descriptors (void)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd",
                                           g_subprocess_get_identifier (office.server));
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

/* One request on a connection of its own, which the client closes as soon as it has
 * the whole answer (as a kiosk does when it is done). */
static void
request_and_hang_up (GSocketConnectable *address)
{
  static const char request[] =
    "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  GInputStream *input;
  const char *end = NULL;
  gsize length = 0;

  connection = g_socket_client_connect (client, address, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);

  input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  while (end == NULL || answer->len < (gsize) (end - answer->str) + 4 + length)
    {
      char buffer[4096];
      gssize n = g_input_stream_read (input, buffer, sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (answer, buffer, n);

      end = strstr (answer->str, "\r\n\r\n");
      if (end != NULL)
        {
          const char *field = g_strstr_len (answer->str, end - answer->str, "Content-Length:");

          g_assert_nonnull (field);
          length = g_ascii_strtoull (field + strlen ("Content-Length:"), NULL, 10);
        }
    }

  g_assert_true (g_str_has_prefix (answer->str, "HTTP/1.1 200"));
  g_io_stream_close (G_IO_STREAM (connection), NULL, &error);
  g_assert_no_error (error);
}

/* libsoup 3.2 leaves a kept-alive connection open for good once the client has closed
 * it; many kiosks syncing would run the office out of descriptors. */
static void
test_closed_connections (void)
{
  g_autoptr(GUri) uri = g_uri_parse (office.base_url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GSocketConnectable) address = NULL;
  guint before, after;

  g_assert_nonnull (uri);
  address = g_network_address_new (g_uri_get_host (uri), g_uri_get_port (uri));

  /* The test's own session may hold a connection of its own: leave it out. */
  soup_session_abort (office.session);
  before = count_office_descriptors ();

  for (guint i = 0; i < 200; i++)
    request_and_hang_up (address);

  /* The connections stay open after their answers (keep-alive); the office notices
   * each client's close on its own and closes its end. Poll for that, with a
   * generous bound for a slow machine only. */
  for (guint tries = 0; tries < 1200 && count_office_descriptors () > before; tries++)
    g_usleep (50 * 1000);
  after = count_office_descriptors ();

  g_assert_cmpuint (after, <=, before);
}

/* The office's file holds the company's customers: only its user reads it, and SQLite
 * gives its log and shared-memory files the same mode. */
static void
test_private_file (void)
{
  const char * const suffixes[] = { "", "-wal", "-shm" };

  if (office.on_postgresql)
    {
      g_test_skip ("The office database is a PostgreSQL database here, not a file");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (office.db, suffixes[i], NULL);
      struct stat info;

      /* The server has the file open: its log exists. */
      g_assert_cmpint (stat (path, &info), ==, 0);
      g_assert_cmpint (info.st_mode & 0777, ==, 0600);
    }
}

static void
test_shutdown (void)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (office.server, SIGTERM);
  g_subprocess_wait (office.server, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (office.server));
  g_assert_cmpint (g_subprocess_get_exit_status (office.server), ==, 0);
}


/*
 * Set-up
 */

static void
start_server (void)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  office.server = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("FINDINGS_OFFICE"),
                                               "--db", office.db, "serve", "--port", "0",
                                               "--address", "127.0.0.1", NULL);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (office.server));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on http://127.0.0.1:"));

  office.base_url = g_strdup (line + strlen ("Listening on "));
  g_assert_true (g_str_has_suffix (office.base_url, "/"));
}

static void
set_up_office (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rec_1 = rec_json ("r-main-1", "open", "2026-12-31", "p-main");
  g_autofree char *recs = NULL;
  g_autofree char *doc = NULL;
  g_autofree char *path = NULL;
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);

  office.dir = g_dir_make_tmp ("findings-office-XXXXXX", &error);
  g_assert_no_error (error);
  /* FINDINGS_TEST_OFFICE_DB, set by tests/run-with-postgresql.sh, runs the suite on a
   * throwaway PostgreSQL database instead of a file. */
  office.on_postgresql = g_getenv ("FINDINGS_TEST_OFFICE_DB") != NULL;
  office.db = office.on_postgresql ? g_strdup (g_getenv ("FINDINGS_TEST_OFFICE_DB"))
                                   : g_build_filename (office.dir, "office.db", NULL);

  office.account_a = cli_ok ("account", "add", "Maple Court Management", NULL);
  office.account_b = cli_ok ("account", "add", "Birchwood Library", NULL);
  g_assert_cmpstr (office.account_a, !=, office.account_b);
  g_free (cli_ok ("site", "add", "--account", office.account_a, "--site", "s-a", "--name",
                  "Maple Court Offices", NULL));
  g_free (cli_ok ("site", "add", "--account", office.account_b, "--site", "s-b", "--name",
                  "Birchwood Library", NULL));

  office.kiosk_a = cli_ok ("token", "add", "--kind", "kiosk", "--account", office.account_a, NULL);
  office.kiosk_b = cli_ok ("token", "add", "--kind", "kiosk", "--account", office.account_b, NULL);
  office.technician = cli_ok ("token", "add", "--kind", "technician", NULL);
  office.office = cli_ok ("token", "add", "--kind", "office", NULL);
  office.revoked = cli_ok ("token", "add", "--kind", "kiosk", "--account", office.account_a,
                           NULL);
  g_free (cli_ok ("token", "revoke", office.revoked, NULL));
  g_assert_cmpuint (strlen (office.kiosk_a), ==, 64);

  g_ptr_array_add (parts, g_steal_pointer (&rec_1));
  for (guint i = 2; i <= 6; i++)
    {
      g_autofree char *id = g_strdup_printf ("r-main-%u", i);

      g_ptr_array_add (parts, rec_json (id, "open", "2026-12-31", NULL));
    }
  g_ptr_array_add (parts, NULL);
  recs = g_strjoinv (", ", (char **) parts->pdata);
  g_ptr_array_unref (parts);

  doc = visit_json ("v-main", "s-a", "America/Toronto", recs);
  path = write_file ("v-main.json", doc);
  g_free (cli_ok ("visit", "import", "--account", office.account_a, path, NULL));

  start_server ();
  office.session = soup_session_new_with_options ("timeout", 60, NULL);
}

static void
tear_down_office (void)
{
  g_autoptr(GFile) dir = g_file_new_for_path (office.dir);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

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

  g_clear_object (&office.session);
  g_clear_object (&office.server);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  /* Files anyone may read unless the office says otherwise. */
  umask (022);

  if (g_getenv ("FINDINGS_OFFICE") == NULL)
    {
      g_test_skip ("FINDINGS_OFFICE names no findings-office binary");
      return 77;
    }

  set_up_office ();

  /* Suites run in the order they first appear; each test case sits in one. */
  g_test_add_func ("/office/health/ok", test_health);
  g_test_add_func ("/office/auth/unauthorized", test_unauthorized);
  g_test_add_func ("/office/auth/forbidden", test_forbidden);
  g_test_add_func ("/office/routes/unknown-and-method", test_routes);
  g_test_add_func ("/office/visits/pull", test_pull);
  g_test_add_func ("/office/visits/paging", test_paging);
  g_test_add_func ("/office/visits/bad-cursor", test_bad_cursor);
  g_test_add_func ("/office/visits/reupload", test_reupload);
  g_test_add_func ("/office/visits/reupload-refused", test_reupload_refused);
  g_test_add_func ("/office/visits/bad-input", test_bad_input);
  g_test_add_func ("/office/photos/put-get", test_photos);
  g_test_add_func ("/office/photos/too-large", test_photo_too_large);
  g_test_add_func ("/office/decisions/replay", test_decision_replay);
  g_test_add_func ("/office/decisions/key", test_decision_key);
  g_test_add_func ("/office/decisions/invalid", test_decision_invalid);
  g_test_add_func ("/office/decisions/too-large", test_decision_too_large);
  g_test_add_func ("/office/decisions/not-found", test_decision_not_found);
  g_test_add_func ("/office/decisions/mismatch", test_decision_mismatch);
  g_test_add_func ("/office/decisions/rules", test_decision_rules);
  g_test_add_func ("/office/decisions/time-zone", test_decision_time_zone);
  g_test_add_func ("/office/decisions/request-call", test_request_call);
  g_test_add_func ("/office/decisions/change-the-visit", test_changes);
  g_test_add_func ("/office/decisions/visit-row-untouched", test_visit_row_untouched);
  g_test_add_func ("/office/decisions/served-once", test_served_once);
  g_test_add_func ("/office/follow-up/replace", test_follow_up);
  g_test_add_func ("/office/cli/import", test_cli_import);
  g_test_add_func ("/office/cli/calls", test_cli_calls);
  g_test_add_func ("/office/cli/not-a-database", test_cli_not_a_database);
  g_test_add_func ("/office/cli/usage", test_cli_usage);
  g_test_add_func ("/office/connections/closed-by-client", test_closed_connections);
  g_test_add_func ("/office/database/private-file", test_private_file);
  g_test_add_func ("/office/shutdown/sigterm", test_shutdown);

  status = g_test_run ();
  tear_down_office ();
  return status;
}
