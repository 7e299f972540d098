/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-ui-offline"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "findings-application.h"
#include "findings-test-display.h"
#include "findings-window.h"

/* A device set up for an office it cannot reach, on its first day (nothing cached):
 * the empty screen says why there is nothing, instead of only "No Visits Yet". */

static FindingsApplication *app;
static FindingsWindow *window;
static int test_status;

static gboolean
label_shown (gpointer data)
{
  GtkLabel *label = findings_test_find_label (GTK_WIDGET (window), data);

  return label != NULL && gtk_widget_get_mapped (GTK_WIDGET (label));
}

static void
test_unreachable_office (void)
{
  GtkLabel *status;

  g_assert_true (findings_test_wait_for (label_shown, (gpointer) "No Visits Yet"));

  /* The sync status, shown on the empty page itself, once the first try failed. */
  g_assert_true (findings_test_wait_for (label_shown, (gpointer) "could not be reached"));
  status = findings_test_find_label (GTK_WIDGET (window), "could not be reached");
  g_assert_cmpstr (gtk_label_get_text (status), ==,
                   findings_session_get_sync_status (findings_application_get_session (app)));
  g_assert_true (findings_session_has_office (findings_application_get_session (app)));

  /* Not the advice for a device with no office at all. */
  g_assert_true (findings_test_has_label (GTK_WIDGET (window), "After each service visit"));
  g_assert_false (findings_test_has_label (GTK_WIDGET (window), "not connected to a service"));

  findings_test_shoot (GTK_WIDGET (window), "unreachable-office", "");
}

static void
run_tests (gpointer data)
{
  window = FINDINGS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  test_status = g_test_run ();
  g_application_quit (G_APPLICATION (app));
}

static void
loading_changed_cb (FindingsApplication *application)
{
  /* After the app has finished its own handlers: it sets up sync right after. */
  if (!findings_session_get_loading (findings_application_get_session (application)))
    g_idle_add_once (run_tests, NULL);
}

static void
activate_cb (FindingsApplication *application)
{
  if (g_strcmp0 (g_getenv ("FINDINGS_TEST_STYLE"), "dark") == 0)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                        ADW_COLOR_SCHEME_FORCE_DARK);

  if (findings_session_get_loading (findings_application_get_session (application)))
    g_signal_connect_swapped (findings_application_get_session (application), "notify::loading",
                              G_CALLBACK (loading_changed_cb), application);
  else
    g_idle_add_once (run_tests, NULL);
}

/* A loopback port where nothing listens: connections to it are refused. */
static guint16
closed_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

int
main (int   argc,
      char *argv[])
{
  const char *app_argv[] = { "findings", NULL };
  g_autofree char *home = g_dir_make_tmp ("findings-offline-XXXXXX", NULL);
  g_autofree char *url = NULL;

  /* Nothing cached: a data folder of its own, before GLib reads where it is. */
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("FINDINGS_OFFICE_TOKEN", "kiosk-test-token", TRUE);

  g_test_init (&argc, &argv, NULL);
  {
    const char *size = g_getenv ("FINDINGS_TEST_SIZE");
    int width = 1280, height = 800;

    /* Screenshots at other sizes, as test-ui takes them. */
    if (size != NULL)
      sscanf (size, "%dx%d", &width, &height);
    findings_test_start_xvfb (width, height);
  }

  url = g_strdup_printf ("http://127.0.0.1:%u", closed_port ());
  g_setenv ("FINDINGS_OFFICE_URL", url, TRUE);

  g_test_add_func ("/ui/offline/unreachable-office", test_unreachable_office);

  app = findings_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), NULL);
  g_application_run (G_APPLICATION (app), 1, (char **) app_argv);
  g_clear_object (&app);

  findings_test_stop_xvfb ();

  {
    g_autofree char *db_dir = g_build_filename (home, "findings", NULL);
    g_autoptr(GDir) dir = g_dir_open (db_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (db_dir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (db_dir);
    g_rmdir (home);
  }

  return test_status;
}
