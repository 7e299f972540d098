/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-kiosk"

#include "config.h"

#include <adwaita.h>

#include "findings-application.h"
#include "findings-keyboard-private.h"
#include "findings-recommendation-page.h"
#include "findings-test-decision.h"
#include "findings-test-display.h"
#include "findings-ui.h"
#include "findings-window.h"

/* `findings --demo --kiosk`: a public screen that cannot be left, and forgets. */

static FindingsApplication *app;
static FindingsWindow *window;
static int test_status;

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
  GListModel *visits = findings_session_get_visits (findings_application_get_session (app));

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

static FindingsRecommendation *
open_decision (const char *action)
{
  FindingsVisit *visit = NULL;
  FindingsRecommendation *rec = first_open (&visit);

  g_assert_nonnull (rec);
  findings_test_open_decision (window, visit, rec, action);
  findings_test_settle ();

  return rec;
}

static void
tap_keys (const char *keys)
{
  g_auto(GStrv) labels = g_strsplit (keys, " ", -1);

  for (guint i = 0; labels[i] != NULL; i++)
    findings_test_click (findings_test_dialog (), labels[i]);
}

static void
shoot_dialog (const char *name)
{
  gboolean dark = g_strcmp0 (g_getenv ("FINDINGS_TEST_STYLE"), "dark") == 0;

  findings_test_shoot (findings_test_dialog (), name, dark ? "-dark" : "");
}

static void
tap_backspace (void)
{
  GtkButton *key = findings_test_find_icon_button (findings_test_dialog (), "edit-clear-symbolic");

  g_assert_nonnull (key);
  g_signal_emit_by_name (key, "clicked");
}

static const char *
field_text (const char *title)
{
  return gtk_editable_get_text (GTK_EDITABLE (findings_test_find_entry_row (findings_test_dialog (), title)));
}

/* cage gives no on-screen keyboard: the kiosk's own types the phone number and the
 * reason, and a call requested that way reaches the outbox like any other. */
static void
test_keyboard (void)
{
  FindingsRecommendation *rec = open_decision ("recommendation.request-call");
  FindingsKeyboard *keyboard = FINDINGS_KEYBOARD (findings_test_find_widget (findings_test_dialog (),
                                                                             FINDINGS_TYPE_KEYBOARD));
  GtkWidget *reason;
  const char *style = NULL;
  g_autofree char *delivery = NULL;

  /* The dialog opens in the phone number, so the keyboard is a phone keypad. */
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (keyboard)));
  g_assert_true (_findings_keyboard_get_phone (keyboard));
  g_assert_null (findings_test_find_button (findings_test_dialog (), "q"));

  tap_keys ("6 0 4 Space 5 5 5 Space 0 1 2 3 3");
  g_assert_cmpstr (field_text ("Phone number"), ==, "604 555 01233");
  tap_backspace ();
  g_assert_cmpstr (field_text ("Phone number"), ==, "604 555 0123");
  shoot_dialog ("kiosk-keypad");

  findings_test_click (findings_test_dialog (), "Ask for a _Call");
  g_assert_true (findings_test_wait_for (findings_test_label_in_dialog, (gpointer) "Call Requested"));
  findings_test_click (findings_test_dialog (), "_Done");
  g_assert_true (findings_test_wait_for (findings_test_dialog_gone, NULL));
  delivery = findings_ui_describe_delivery (findings_application_get_session (app), rec, &style);
  g_assert_nonnull (delivery);
  g_assert_cmpint (findings_recommendation_get_status (rec), ==, FINDINGS_STATUS_CALL_REQUESTED);

  /* A reason in words: letters, with a capital to start the empty field. */
  open_decision ("recommendation.decline");
  keyboard = FINDINGS_KEYBOARD (findings_test_find_widget (findings_test_dialog (), FINDINGS_TYPE_KEYBOARD));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (keyboard)));
  reason = findings_test_find_entry_row (findings_test_dialog (), "In your own words (optional)");
  gtk_widget_grab_focus (reason);
  findings_test_settle ();
  g_assert_false (_findings_keyboard_get_phone (keyboard));
  g_assert_nonnull (_findings_keyboard_get_target (keyboard));

  tap_keys ("N o Space b u d g e t");
  g_assert_cmpstr (field_text ("In your own words (optional)"), ==, "No budget");
  /* An accented letter, then the plain letters are back. */
  tap_keys ("Space àé é t àé é");
  g_assert_cmpstr (field_text ("In your own words (optional)"), ==, "No budget été");
  findings_test_click (findings_test_dialog (), "àé");
  findings_test_click (findings_test_dialog (), "abc");
  g_assert_nonnull (findings_test_find_button (findings_test_dialog (), "q"));
  shoot_dialog ("kiosk-keyboard");

  gtk_window_close (GTK_WINDOW (findings_test_dialog ()));
  g_assert_true (findings_test_wait_for (findings_test_dialog_gone, NULL));
}

static gboolean
back_at_start (gpointer data)
{
  GtkWidget *page = findings_test_find_widget (GTK_WIDGET (window),
                                               FINDINGS_TYPE_RECOMMENDATION_PAGE);

  return findings_test_dialog () == NULL &&
         findings_recommendation_page_get_recommendation (FINDINGS_RECOMMENDATION_PAGE (page)) ==
         NULL;
}

static void
test_idle_reset (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  FindingsRecommendation *rec;
  const char *style = NULL;
  g_autofree char *delivery = NULL;

  /* The shortest timeout the schema allows; it counts from now. */
  g_settings_set_uint (settings, "idle-timeout", 15);
  rec = open_decision ("recommendation.decline");

  /* Someone walks away mid-way: after the idle timeout the dialog closes, the screen
   * returns to the start, and nothing was recorded. */
  g_assert_true (findings_test_wait_for (back_at_start, NULL));
  delivery = findings_ui_describe_delivery (findings_application_get_session (app), rec, &style);
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
  if (!findings_session_get_loading (findings_application_get_session (application)))
    run_tests ();
}

static void
activate_cb (FindingsApplication *application)
{
  /* For screenshots in dark mode, as test-ui takes them. */
  if (g_strcmp0 (g_getenv ("FINDINGS_TEST_STYLE"), "dark") == 0)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                        ADW_COLOR_SCHEME_FORCE_DARK);

  if (findings_session_get_loading (findings_application_get_session (application)))
    g_signal_connect_swapped (findings_application_get_session (application), "notify::loading",
                              G_CALLBACK (loading_changed_cb), application);
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

  /* No reset while the keyboard is tested: the idle test sets its own timeout. */
  settings = g_settings_new (APP_ID);
  g_settings_set_uint (settings, "idle-timeout", 3600);

  g_test_add_func ("/kiosk/locked-down", test_locked_down);
  g_test_add_func ("/kiosk/keyboard", test_keyboard);
  g_test_add_func ("/kiosk/idle-reset", test_idle_reset);

  app = findings_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), NULL);
  g_application_run (G_APPLICATION (app), 3, (char **) app_argv);
  g_clear_object (&app);

  findings_test_stop_xvfb ();
  return test_status;
}
