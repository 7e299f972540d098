/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "bench-startup"

#include "config.h"

#include <adwaita.h>

#include "findings-application.h"

/* How long until a person sees something, and until they see the visits, for
 * `findings --demo` and for a minimal libadwaita window as the yardstick. Prints two
 * numbers in milliseconds from process start: first frame, content shown. */

static gint64 started;
static gint64 first_frame;
static GtkWindow *watched;

static gboolean
content_ready (GApplication *app)
{
  return !FINDINGS_IS_APPLICATION (app) ||
         !findings_session_get_loading (
           findings_application_get_session (FINDINGS_APPLICATION (app)));
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  GApplication *app = user_data;

  if (first_frame == 0)
    first_frame = g_get_monotonic_time ();

  if (!content_ready (app))
    return G_SOURCE_CONTINUE;

  g_print ("%.1f %.1f\n", (first_frame - started) / 1000.0,
           (g_get_monotonic_time () - started) / 1000.0);
  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static void
watch_window (GApplication *app)
{
  watched = gtk_application_get_active_window (GTK_APPLICATION (app));
  gtk_widget_add_tick_callback (GTK_WIDGET (watched), tick_cb, app, NULL);
}

static void
minimal_activate_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), gtk_label_new ("Hello"));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  watch_window (app);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GApplication) app = NULL;
  const char *app_argv[] = { "findings", "--demo", NULL };

  started = g_get_monotonic_time ();

  if (argc > 1 && g_str_equal (argv[1], "minimal"))
    {
      app = G_APPLICATION (adw_application_new ("app.findings.Bench", G_APPLICATION_NON_UNIQUE));
      g_signal_connect (app, "activate", G_CALLBACK (minimal_activate_cb), NULL);
      return g_application_run (app, 1, argv);
    }

  app = G_APPLICATION (findings_application_new ());
  g_signal_connect_after (app, "activate", G_CALLBACK (watch_window), NULL);
  return g_application_run (app, 2, (char **) app_argv);
}
