/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-kiosk"

#include "config.h"

#include <adwaita.h>

#include "findings-application.h"
#include "findings-decision-dialog.h"
#include "findings-recommendation-page.h"
#include "findings-test-display.h"
#include "findings-window.h"

/* `findings --demo --kiosk`: a public screen that cannot be left, and forgets. */

static FindingsApplication *app;
static FindingsWindow *window;
static int test_status;

static GtkWidget *
dialog (void)
{
  return findings_test_find_window (GTK_APPLICATION (app), FINDINGS_TYPE_DECISION_DIALOG);
}

static gboolean
dialog_shown (gpointer data)
{
  return dialog () != NULL && gtk_widget_get_mapped (dialog ());
}

static void
test_locked_down (void)
{
  g_autoptr(GSettings) debug = g_settings_new ("org.gtk.gtk4.Settings.Debug");

  g_assert_false (gtk_window_get_decorated (GTK_WINDOW (window)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "kiosk"));
  g_assert_false (g_settings_get_boolean (debug, "enable-inspector-keybinding"));

  /* Ctrl+Q and app.quit never leave the kiosk. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  findings_test_settle ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_null (gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit")[0]);
}

static FindingsRecommendation *
first_open (FindingsVisit **out_visit)
{
  GListModel *visits = findings_application_get_visits (app);

  for (guint i = 0; i < g_list_model_get_n_items (visits); i++)
    {
      g_autoptr(FindingsVisit) visit = g_list_model_get_item (visits, i);
      GListModel *recs = findings_visit_get_recommendations (visit);

      for (guint j = 0; j < g_list_model_get_n_items (recs); j++)
        {
          g_autoptr(FindingsRecommendation) rec = g_list_model_get_item (recs, j);

          if (findings_recommendation_get_status (rec) == FINDINGS_STATUS_OPEN)
            {
              *out_visit = visit;
              return rec;
            }
        }
    }

  return NULL;
}

static gboolean
back_at_start (gpointer data)
{
  GtkWidget *page = findings_test_find_widget (GTK_WIDGET (window),
                                               FINDINGS_TYPE_RECOMMENDATION_PAGE);

  return dialog () == NULL &&
         findings_recommendation_page_get_recommendation (FINDINGS_RECOMMENDATION_PAGE (page)) ==
         NULL;
}

static void
test_idle_reset (void)
{
  FindingsVisit *visit = NULL;
  FindingsRecommendation *rec = first_open (&visit);
  GtkWidget *page;
  const char *style = NULL;
  g_autofree char *delivery = NULL;

  g_assert_nonnull (rec);
  findings_window_show_visit (window, visit);
  findings_window_show_recommendation (window, rec);
  findings_test_settle ();

  page = findings_test_find_widget (GTK_WIDGET (window), FINDINGS_TYPE_RECOMMENDATION_PAGE);
  g_assert_true (gtk_widget_activate_action (page, "recommendation.decline", NULL));
  g_assert_true (findings_test_wait_for (dialog_shown, NULL));

  /* Someone walks away mid-way: after the idle timeout the dialog closes, the screen
   * returns to the start, and nothing was recorded. */
  g_assert_true (findings_test_wait_for (back_at_start, NULL));
  delivery = findings_application_describe_delivery (app, rec, &style);
  g_assert_null (delivery);
  g_assert_cmpint (findings_recommendation_get_status (rec), ==, FINDINGS_STATUS_OPEN);
}

static void
run_tests (void)
{
  window = FINDINGS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  test_status = g_test_run ();
  g_application_quit (G_APPLICATION (app));
}

static void
loading_changed_cb (FindingsApplication *application)
{
  if (!findings_application_get_loading (application))
    run_tests ();
}

static void
activate_cb (FindingsApplication *application)
{
  if (findings_application_get_loading (application))
    g_signal_connect (application, "notify::loading", G_CALLBACK (loading_changed_cb), NULL);
  else
    run_tests ();
}

int
main (int   argc,
      char *argv[])
{
  const char *app_argv[] = { "findings", "--demo", "--kiosk", NULL };
  g_autoptr(GSettings) settings = NULL;

  g_test_init (&argc, &argv, NULL);
  findings_test_start_xvfb (1080, 1920);

  /* The shortest timeout the schema allows. */
  settings = g_settings_new (APP_ID);
  g_settings_set_uint (settings, "idle-timeout", 15);

  g_test_add_func ("/kiosk/locked-down", test_locked_down);
  g_test_add_func ("/kiosk/idle-reset", test_idle_reset);

  app = findings_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), NULL);
  g_application_run (G_APPLICATION (app), 3, (char **) app_argv);
  g_clear_object (&app);

  findings_test_stop_xvfb ();
  return test_status;
}
