/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "findings-leads-page.h"
#include "findings-office-config.h"
#include "findings-test-display.h"
#include "findings-test-office.h"

/* "Your recommendations" in a window of its own on Xvfb, against the real office
 * (FINDINGS_OFFICE): no token, a token tied to no technician, a technician with no
 * leads, and one whose lead carries the office's note, shown as plain text. */

static char *office_dir;
static char *office_db;
static char *office_url;
static GSubprocess *office_server;

/* `findings-office --db DB ARGS…`, which must succeed: its output. */
#define cli(...) findings_test_office_cli (office_db, __VA_ARGS__)

static void
post_note (const char *token,
           const char *recommendation_id,
           const char *body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("%sapi/v1/recommendations/%s/office-note", office_url,
                                          recommendation_id);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
}

static void
start_office (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *path = NULL;
  const char *visit =
    "{\"schema_version\": 1, \"id\": \"v-page-1\","
    " \"site\": {\"id\": \"s-page\", \"name\": \"Maple Court Offices\"},"
    " \"company\": {\"name\": \"Novus Mechanical\"},"
    " \"technician\": {\"id\": \"t-7\", \"name\": \"Angus Reid\"},"
    " \"completed_at\": \"2026-11-20T15:40:00Z\", \"currency\": \"CAD\","
    " \"recommendations\": [{\"id\": \"r-page-1\","
    "   \"title\": \"Replace the cracked heat exchanger in RTU-2\","
    "   \"category\": \"safety\", \"urgency\": \"immediate\", \"finding\": \"A crack.\","
    "   \"why_it_matters\": \"Gas.\", \"status\": \"open\", \"follow_up\": null,"
    "   \"options\": [{\"id\": \"o-1\", \"label\": \"Fix\", \"price\": 1000}]},"
    "  {\"id\": \"r-page-2\", \"title\": \"Clean the condenser coils\","
    "   \"category\": \"savings\", \"urgency\": \"plan\", \"finding\": \"Dirty.\","
    "   \"why_it_matters\": \"Cost.\", \"status\": \"open\", \"follow_up\": null,"
    "   \"options\": [{\"id\": \"o-2\", \"label\": \"Clean\", \"price\": 500}]}]}";

  office_dir = g_dir_make_tmp ("findings-leads-page-XXXXXX", &error);
  g_assert_no_error (error);
  office_db = g_build_filename (office_dir, "office.db", NULL);
  path = g_build_filename (office_dir, "visit.json", NULL);
  g_file_set_contents (path, visit, -1, &error);
  g_assert_no_error (error);

  g_free (cli ("account", "add", "Maple Court Management", NULL));
  g_free (cli ("site", "add", "--account", "1", "--site", "s-page", "--name",
               "Maple Court Offices", NULL));
  g_free (cli ("visit", "import", "--account", "1", path, NULL));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, findings_test_office_child_setup, NULL, NULL);
  office_server = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("FINDINGS_OFFICE"),
                                               "--db", office_db, "serve", "--port", "0",
                                               "--address", "127.0.0.1", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (office_server));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (line != NULL && g_str_has_prefix (line, "Listening on http://127.0.0.1:"));
  office_url = g_strdup (line + strlen ("Listening on "));
  g_setenv ("FINDINGS_OFFICE_URL", office_url, TRUE);
}

typedef struct
{
  GtkWidget  *window;
  const char *text;
} Wait;

static gboolean
shows_label (gpointer data)
{
  Wait *wait = data;

  return findings_test_has_label (wait->window, wait->text);
}

static void
wait_for_label (GtkWidget  *window,
                const char *text)
{
  Wait wait = { window, text };

  if (!findings_test_wait_for (shows_label, &wait))
    findings_test_assert_label (window, text);
}

static GtkWidget *window;
static FindingsLeadsPage *page;

static void
use_token (const char *token)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (findings_office_config_write_secret ("technician-token", token, &error));
  g_assert_no_error (error);
  findings_leads_page_refresh (page);
}

static void
test_no_token (void)
{
  wait_for_label (window, "no technician token");
  findings_test_shoot (window, "leads-page-no-token", "");
}

static void
test_unbound_token (void)
{
  g_autofree char *token = cli ("token", "add", "--kind", "technician", NULL);

  use_token (token);
  wait_for_label (window, "not tied to a technician");
  g_assert_nonnull (findings_test_find_button (window, "Try Again"));
}

static void
test_no_leads (void)
{
  g_autofree char *token = cli ("token", "add", "--kind", "technician", "--technician", "t-99",
                                NULL);

  use_token (token);
  wait_for_label (window, "No recommendations yet");
  findings_test_shoot (window, "leads-page-empty", "");
}

static void
test_leads_with_note (void)
{
  g_autofree char *token = cli ("token", "add", "--kind", "technician", "--technician", "t-7",
                                NULL);
  g_autofree char *office = cli ("token", "add", "--kind", "office", NULL);
  GtkLabel *note;

  post_note (office, "r-page-1", "{\"note\": \"Thanks Angus, <b>Sarah</b> is on it & booked\"}");
  use_token (token);
  wait_for_label (window, "Replace the cracked heat exchanger in RTU-2");
  findings_test_assert_label (window, "Clean the condenser coils");
  findings_test_assert_label (window, "From the office");
  findings_test_assert_label (window, "2 recommendations you raised, 1 with a note");

  /* The office's text is text: no markup read from it. */
  note = findings_test_find_label (window, "Sarah");
  g_assert_nonnull (note);
  g_assert_cmpstr (gtk_label_get_text (note), ==, "Thanks Angus, <b>Sarah</b> is on it & booked");
  g_assert_false (gtk_label_get_use_markup (note));
  findings_test_shoot (window, "leads-page", "");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("findings-leads-home-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autoptr(FindingsSession) session = NULL;
  int width = 1280, height = 800;
  const char *size;
  int status;

  /* The secret files of this test only, before GLib reads where they are. */
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_unsetenv ("FINDINGS_OFFICE_TOKEN");

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("FINDINGS_OFFICE") == NULL)
    {
      g_test_skip ("FINDINGS_OFFICE names no findings-office binary");
      return 77;
    }

  size = g_getenv ("FINDINGS_TEST_SIZE");
  if (size != NULL)
    sscanf (size, "%dx%d", &width, &height);
  findings_test_start_xvfb (width, height);
  gtk_init ();
  adw_init ();
  start_office ();

  session = findings_session_new ("test-kiosk");
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  page = FINDINGS_LEADS_PAGE (findings_leads_page_new (session));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));

  g_test_add_func ("/leads-page/no-token", test_no_token);
  g_test_add_func ("/leads-page/unbound-token", test_unbound_token);
  g_test_add_func ("/leads-page/no-leads", test_no_leads);
  g_test_add_func ("/leads-page/leads-with-note", test_leads_with_note);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_subprocess_send_signal (office_server, SIGTERM);
  g_subprocess_wait (office_server, NULL, NULL);
  g_clear_object (&office_server);
  findings_test_stop_xvfb ();
  return status;
}
