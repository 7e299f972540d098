/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "bench-startup"

#include "config.h"

#include <adwaita.h>

#include "findings-application.h"
#include "findings-resources.h"
#include "findings-visit-page.h"
#include "findings-visit-parser.h"

/* How long until a person sees something, for Findings and for its yardstick, a
 * libadwaita window with a header bar and a 1,000-row GtkListView. Prints one line of
 * key=value pairs, times in milliseconds from process start, sizes in KiB:
 *
 *   bench-startup minimal [--scroll]     the yardstick: first frame, RSS
 *   bench-startup findings               `findings --demo`: first frame, visits shown
 *   bench-startup visit FILE [--scroll]  a window opening the visit in FILE: first
 *                                        frame, RSS
 *
 * With --scroll, the list is then scrolled a page a frame to its end, and the RSS
 * after that is printed too. */

static gint64 started;
static gint64 first_frame;
static gint64 content_shown;
static guint64 rss_open;
static GtkScrolledWindow *scroller;
static guint settled;
static gboolean scroll_all;

static guint64
read_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  return line != NULL ? g_ascii_strtoull (line + strlen ("VmRSS:"), NULL, 10) : 0;
}

static double
ms_since_start (gint64 when)
{
  return (when - started) / 1000.0;
}

static gboolean
content_ready (GApplication *app)
{
  return !FINDINGS_IS_APPLICATION (app) ||
         !findings_session_get_loading (
           findings_application_get_session (FINDINGS_APPLICATION (app)));
}

/* One page further down on every frame, until the end stays the end for a few frames
 * (a list view's height is an estimate that grows as rows are measured). */
static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  GApplication *app = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  double end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  double value = gtk_adjustment_get_value (adjustment);

  if (value >= end - 1)
    settled++;
  else
    settled = 0;

  if (settled < 5)
    {
      gtk_adjustment_set_value (adjustment,
                                MIN (end, value + gtk_adjustment_get_page_size (adjustment)));
      return G_SOURCE_CONTINUE;
    }

  g_print ("first=%.1f content=%.1f rss_open=%" G_GUINT64_FORMAT
           " rss_scrolled=%" G_GUINT64_FORMAT "\n",
           ms_since_start (first_frame), ms_since_start (content_shown), rss_open,
           read_rss_kib ());
  g_application_quit (app);
  return G_SOURCE_REMOVE;
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

  content_shown = g_get_monotonic_time ();
  if (scroller == NULL || !scroll_all)
    {
      g_print ("first=%.1f content=%.1f rss_open=%" G_GUINT64_FORMAT "\n",
               ms_since_start (first_frame), ms_since_start (content_shown), read_rss_kib ());
      g_application_quit (app);
      return G_SOURCE_REMOVE;
    }

  rss_open = read_rss_kib ();
  gtk_widget_add_tick_callback (widget, scroll_tick_cb, app, NULL);
  return G_SOURCE_REMOVE;
}

static void
watch_window (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  gtk_widget_add_tick_callback (GTK_WIDGET (window), tick_cb, app, NULL);
}

static GtkWidget *
window_with_content (GApplication *app,
                     GtkWidget    *content)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_set_vexpand (content, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), content);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);

  return window;
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         gpointer                  user_data)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

static void
minimal_activate_cb (GApplication *app)
{
  GtkStringList *strings = gtk_string_list_new (NULL);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *list;
  GtkWidget *window;

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *text = g_strdup_printf ("Row %u", i + 1);

      gtk_string_list_append (strings, text);
    }
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), NULL);
  list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (strings))),
                            factory);
  scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_child (scroller, list);

  window = window_with_content (app, GTK_WIDGET (scroller));
  gtk_window_present (GTK_WINDOW (window));
  watch_window (app);
}

static const char *visit_path;

static void
visit_activate_cb (GApplication *app)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) file = g_mapped_file_new (visit_path, FALSE, &error);
  g_autoptr(FindingsVisit) visit = NULL;
  GtkWidget *page;
  GtkWidget *window;

  if (file != NULL)
    visit = findings_visit_parse (g_mapped_file_get_contents (file),
                                  g_mapped_file_get_length (file), &error);
  if (visit == NULL)
    g_error ("%s: %s", visit_path, error->message);

  page = g_object_new (FINDINGS_TYPE_VISIT_PAGE, "visit", visit, NULL);
  scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_first_child (page));
  window = window_with_content (app, page);
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
  scroll_all = g_str_equal (argv[argc - 1], "--scroll");

  if (argc > 1 && g_str_equal (argv[1], "minimal"))
    {
      app = G_APPLICATION (adw_application_new ("app.findings.Bench", G_APPLICATION_NON_UNIQUE));
      g_signal_connect (app, "activate", G_CALLBACK (minimal_activate_cb), NULL);
      return g_application_run (app, 1, argv);
    }

  if (argc > 2 && g_str_equal (argv[1], "visit"))
    {
      /* The app's own resources and style sheet, as the app has them. */
      findings_register_resource ();
      visit_path = argv[2];
      app = G_APPLICATION (g_object_new (ADW_TYPE_APPLICATION,
                                         "application-id", "app.findings.BenchVisit",
                                         "flags", G_APPLICATION_NON_UNIQUE,
                                         "resource-base-path", "/app/findings/Findings",
                                         NULL));
      g_signal_connect (app, "activate", G_CALLBACK (visit_activate_cb), NULL);
      return g_application_run (app, 1, argv);
    }

  app = G_APPLICATION (findings_application_new ());
  g_signal_connect_after (app, "activate", G_CALLBACK (watch_window), NULL);
  return g_application_run (app, 2, (char **) app_argv);
}
