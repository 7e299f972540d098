/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-office-check"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "findings-office-check.h"
#include "findings-office-config.h"

/* The installer's "Test connection" against a SoupServer on 127.0.0.1 that answers as
 * an office would: each failure is said in plain words, and a private certificate
 * authority is trusted only through the setting. tests/data holds a test authority
 * and a certificate it signed for 127.0.0.1 (a test key, for this test only). */

static SoupServer *office;
static SoupServer *tls_office;
static SoupServer *not_office;
static char *office_url;
static char *tls_url;
static char *not_office_url;

static void
office_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  const char *authorization =
    soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                  "Authorization");

  if (g_str_equal (path, "/api/v1/health"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"status\": \"ok\"}", 16);
    }
  else if (g_str_equal (path, "/api/v1/visits") &&
           g_strcmp0 (authorization, "Bearer kiosk-good") == 0)
    {
      static const char page[] = "{\"visits\": [], \"cursor\": \"c1\", \"more\": false}";

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        page, strlen (page));
    }
  else if (g_str_equal (path, "/api/v1/visits") &&
           g_strcmp0 (authorization, "Bearer technician") == 0)
    soup_server_message_set_status (msg, SOUP_STATUS_FORBIDDEN, NULL);
  else
    soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
}

static void
not_office_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static char *
start (SoupServer **server,
       SoupServerCallback callback,
       gboolean     tls)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  char *url;

  if (tls)
    {
      g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data",
                                                     "test-office-cert.pem", NULL);
      g_autofree char *key = g_test_build_filename (G_TEST_DIST, "data",
                                                    "test-office-key.pem", NULL);
      g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (cert, key,
                                                                                 &error);

      g_assert_no_error (error);
      *server = soup_server_new ("tls-certificate", certificate, NULL);
    }
  else
    *server = soup_server_new (NULL, NULL);

  soup_server_add_handler (*server, NULL, callback, NULL, NULL);
  soup_server_listen (*server, address, tls ? SOUP_SERVER_LISTEN_HTTPS : 0, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (*server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  return url;
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Answer;

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Answer *answer = user_data;

  answer->ok = findings_office_check_finish (result, &answer->error);
  answer->done = TRUE;
}

/* Returns what failed, or NULL when the office answered and took the token. */
static char *
check (const char *url,
       const char *token,
       const char *ca_file)
{
  g_autoptr(FindingsOfficeConfig) config = findings_office_config_new (url, token);
  Answer answer = { FALSE, FALSE, NULL };
  char *message;

  findings_office_config_set_ca_file (config, ca_file);
  findings_office_check_async (config, NULL, checked_cb, &answer);
  while (!answer.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (answer.ok == (answer.error == NULL));
  if (answer.ok)
    return NULL;

  message = g_strdup (answer.error->message);
  g_error_free (answer.error);
  return message;
}

static void
assert_says (char       *message,
             const char *expected)
{
  g_assert_nonnull (message);
  if (strstr (message, expected) == NULL)
    g_error ("“%s” does not say “%s”", message, expected);
  g_free (message);
}

static void
test_connected (void)
{
  g_assert_null (check (office_url, "kiosk-good", NULL));
}

static void
test_token (void)
{
  assert_says (check (office_url, "kiosk-revoked", NULL),
               "The office refused the kiosk token: it is unknown or was revoked.");
  assert_says (check (office_url, "technician", NULL),
               "The office knows this token, but not as a kiosk’s.");
  assert_says (check (office_url, NULL, NULL),
               "The office answers, but no kiosk token is saved.");
}

static void
test_not_an_office (void)
{
  assert_says (check (not_office_url, "kiosk-good", NULL),
               "The address answers, but not as a Findings office: its health check gave "
               "HTTP 404.");
}

static void
test_unreachable (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  /* A port that was free a moment ago, and that nothing listens on. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         NULL);
  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  assert_says (check (url, "kiosk-good", NULL), "the connection was refused");
}

static void
test_address_rule (void)
{
  /* The sync's own rule, not a second copy of it: nothing is asked. */
  assert_says (check ("http://office.example.com", "kiosk-good", NULL),
               "The office address must use https://; plain http:// is only allowed for "
               "this device itself.");
  assert_says (check ("ftp://127.0.0.1/", "kiosk-good", NULL), "must start with https://");
}

static void
test_private_authority (void)
{
  g_autofree char *ca = g_test_build_filename (G_TEST_DIST, "data", "test-office-ca.pem", NULL);
  g_autofree char *not_pem = g_test_build_filename (G_TEST_DIST, "test-office-check.c", NULL);

  /* Signed by an authority the system does not know: refused, and said so. */
  assert_says (check (tls_url, "kiosk-good", NULL), "The office’s certificate is not trusted");

  /* With that authority's file, trusted. */
  g_assert_null (check (tls_url, "kiosk-good", ca));

  /* A file that holds no certificate is said to be unusable before anything is asked. */
  assert_says (check (tls_url, "kiosk-good", not_pem),
               "cannot be used");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  office_url = start (&office, office_cb, FALSE);
  tls_url = start (&tls_office, office_cb, TRUE);
  not_office_url = start (&not_office, not_office_cb, FALSE);

  g_test_add_func ("/office-check/connected", test_connected);
  g_test_add_func ("/office-check/token", test_token);
  g_test_add_func ("/office-check/not-an-office", test_not_an_office);
  g_test_add_func ("/office-check/unreachable", test_unreachable);
  g_test_add_func ("/office-check/address-rule", test_address_rule);
  g_test_add_func ("/office-check/private-authority", test_private_authority);

  status = g_test_run ();

  g_clear_object (&office);
  g_clear_object (&tls_office);
  g_clear_object (&not_office);
  g_free (office_url);
  g_free (tls_url);
  g_free (not_office_url);

  return status;
}
