/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-kiosk"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "findings-application.h"
#include "findings-keyboard-private.h"
#include "findings-leads-page.h"
#include "findings-office-config.h"
#include "findings-pin-pad.h"
#include "findings-pin-pad-private.h"
#include "findings-recommendation-page.h"
#include "findings-settings-page.h"
#include "findings-signoff.h"
#include "findings-site.h"
#include "findings-technician-lock-private.h"
#include "findings-technician-page.h"
#include "findings-welcome-page.h"
#include "findings-test-decision.h"
#include "findings-test-display.h"
#include "findings-ui.h"
#include "findings-window.h"

/* `findings --demo --kiosk`: a public screen that cannot be left, and forgets. */

static FindingsApplication *app;
static FindingsWindow *window;
static int test_status;
static int screen_width = 1080, screen_height = 1920;

#define TEST_PIN "2580"

static gboolean
dark_style (void)
{
  return g_strcmp0 (g_getenv ("FINDINGS_TEST_STYLE"), "dark") == 0;
}

static void
shoot_window (const char *name)
{
  findings_test_shoot (GTK_WIDGET (window), name, dark_style () ? "-dark" : "");
}

static GtkWidget *
kiosk_widget (GType type)
{
  GtkWidget *widget = findings_test_find_widget (GTK_WIDGET (window), type);

  g_assert_nonnull (widget);
  return widget;
}

static gboolean
mapped (gpointer type)
{
  return gtk_widget_get_mapped (kiosk_widget (GPOINTER_TO_SIZE (type)));
}

static gboolean
unmapped (gpointer widget)
{
  return !gtk_widget_get_mapped (widget);
}

#define WAIT_MAPPED(type) \
  g_assert_true (findings_test_wait_for (mapped, GSIZE_TO_POINTER (type)))

/* Every window-controls box in @widget is empty: no minimise, maximise or close. */
static void
assert_no_window_buttons (GtkWidget *widget)
{
  if (GTK_IS_WINDOW_CONTROLS (widget))
    {
      if (!gtk_window_controls_get_empty (GTK_WINDOW_CONTROLS (widget)))
        g_error ("Window buttons “%s” in a %s",
                 gtk_window_controls_get_decoration_layout (GTK_WINDOW_CONTROLS (widget)),
                 G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_no_window_buttons (child);
}

static GtkWidget *
find_by_class (GtkWidget  *widget,
               const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_class (child, css_class);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The welcome screen's way to technician mode: an icon and a label. */
static void
click_technician (void)
{
  GtkWidget *button = find_by_class (kiosk_widget (FINDINGS_TYPE_WELCOME_PAGE),
                                     "technician-button");

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
tap_pin_keys (const char *digits)
{
  GtkWidget *pad = kiosk_widget (FINDINGS_TYPE_PIN_PAD);

  for (const char *d = digits; *d != '\0'; d++)
    {
      char label[2] = { *d, '\0' };

      findings_test_click (pad, label);
    }
}

static const char *
pin_message (gpointer unused)
{
  return _findings_pin_pad_get_message (FINDINGS_PIN_PAD (kiosk_widget (FINDINGS_TYPE_PIN_PAD)));
}

static gboolean
pin_says (gpointer text)
{
  const char *message = pin_message (NULL);

  return message != NULL && strstr (message, text) != NULL;
}

static void
enter_technician_mode (void)
{
  click_technician ();
  WAIT_MAPPED (FINDINGS_TYPE_PIN_PAD);
  tap_pin_keys (TEST_PIN);
  findings_test_click (kiosk_widget (FINDINGS_TYPE_PIN_PAD), "_Unlock");
  WAIT_MAPPED (FINDINGS_TYPE_TECHNICIAN_PAGE);
}

static void
activate_choice (const char *text)
{
  GtkWidget *page = kiosk_widget (FINDINGS_TYPE_TECHNICIAN_PAGE);
  GtkLabel *title = findings_test_find_label (page, text);
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (title), GTK_TYPE_LIST_BOX_ROW);

  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activate");
}

static void
open_settings (void)
{
  GtkWidget *page = kiosk_widget (FINDINGS_TYPE_TECHNICIAN_PAGE);
  GtkLabel *title = findings_test_find_label (page, "Installer Settings");
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (title), GTK_TYPE_LIST_BOX_ROW);

  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activate");
  WAIT_MAPPED (FINDINGS_TYPE_SETTINGS_PAGE);
}

static void
test_locked_down (void)
{
  g_autoptr(GSettings) debug = g_settings_new ("org.gtk.gtk4.Settings.Debug");

  g_autoptr(FindingsVisit) visit = NULL;
  gboolean refused = FALSE;

  g_assert_false (gtk_window_get_decorated (GTK_WINDOW (window)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "kiosk"));
  g_assert_false (g_settings_get_boolean (debug, "enable-inspector-keybinding"));

  /* No window buttons anywhere, even in the header bars the leaflet folds. */
  g_assert_false (gtk_window_get_deletable (GTK_WINDOW (window)));
  visit = g_list_model_get_item (findings_session_get_visits (findings_application_get_session (app)), 0);
  findings_window_show_visit (window, visit);
  findings_test_settle ();
  assert_no_window_buttons (GTK_WIDGET (window));
  for (guint i = 0; i < 2; i++)
    {
      g_object_set (gtk_widget_get_settings (GTK_WIDGET (window)),
                    "gtk-decoration-layout", i == 0 ? "menu:minimize,maximize,close" : ":",
                    NULL);
      findings_test_settle ();
      assert_no_window_buttons (GTK_WIDGET (window));
    }

  /* The compositor's close, and the window's own, are refused. */
  g_signal_emit_by_name (window, "close-request", &refused);
  g_assert_true (refused);
  gtk_window_close (GTK_WINDOW (window));
  findings_test_settle ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (g_list_find (gtk_application_get_windows (GTK_APPLICATION (app)), window));

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

static void
start_over (void)
{
  GtkButton *button = findings_test_find_icon_button (GTK_WIDGET (window), "go-home-symbolic");

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

static void
test_welcome (void)
{
  GListModel *visits = findings_session_get_visits (findings_application_get_session (app));
  g_autoptr(FindingsVisit) newest = NULL;
  GtkWidget *welcome;

  /* Back at the start after the keyboard test's dialog. */
  start_over ();
  WAIT_MAPPED (FINDINGS_TYPE_WELCOME_PAGE);
  welcome = kiosk_widget (FINDINGS_TYPE_WELCOME_PAGE);

  for (guint i = 0; i < g_list_model_get_n_items (visits); i++)
    {
      g_autoptr(FindingsVisit) visit = g_list_model_get_item (visits, i);

      if (newest == NULL || findings_visit_compare_newest_first (visit, newest, NULL) < 0)
        g_set_object (&newest, visit);
    }
  g_assert_nonnull (newest);
  findings_test_assert_label (welcome, findings_visit_get_company_name (newest));
  findings_test_assert_label (welcome, findings_site_get_name (findings_visit_get_site (newest)));
  shoot_window ("kiosk-welcome");

  /* The big button opens the visits; "Start Over" comes back. */
  findings_test_click (welcome, "_See Your Visit");
  g_assert_true (findings_test_wait_for ((gboolean (*) (gpointer)) gtk_widget_get_mapped,
                                         findings_test_find_widget (GTK_WIDGET (window),
                                                                    GTK_TYPE_LIST_VIEW)));
  g_assert_true (findings_test_wait_for (unmapped, welcome));
  start_over ();
  WAIT_MAPPED (FINDINGS_TYPE_WELCOME_PAGE);
}

static void
test_technician_pin (void)
{
  GtkWidget *pad;

  click_technician ();
  WAIT_MAPPED (FINDINGS_TYPE_PIN_PAD);
  pad = kiosk_widget (FINDINGS_TYPE_PIN_PAD);
  findings_test_assert_label (pad, "Enter the technician PIN.");

  /* A wrong PIN is refused, and the pad is empty again. */
  tap_pin_keys ("1111");
  g_assert_cmpuint (_findings_pin_pad_get_n_digits (FINDINGS_PIN_PAD (pad)), ==, 4);
  shoot_window ("kiosk-pin");
  findings_test_click (pad, "_Unlock");
  g_assert_true (findings_test_wait_for (pin_says, (gpointer) "not right"));
  g_assert_cmpuint (_findings_pin_pad_get_n_digits (FINDINGS_PIN_PAD (pad)), ==, 0);
  g_assert_false (gtk_widget_get_mapped (kiosk_widget (FINDINGS_TYPE_TECHNICIAN_PAGE)));

  /* Cancel goes back to the start, as easily. */
  tap_pin_keys ("25");
  findings_test_click (pad, "_Cancel");
  WAIT_MAPPED (FINDINGS_TYPE_WELCOME_PAGE);
  g_assert_cmpuint (_findings_pin_pad_get_n_digits (FINDINGS_PIN_PAD (pad)), ==, 0);

  /* The right one opens technician mode, with no window buttons there either. */
  enter_technician_mode ();
  assert_no_window_buttons (GTK_WIDGET (window));
  shoot_window ("kiosk-technician");

  findings_test_click (kiosk_widget (FINDINGS_TYPE_TECHNICIAN_PAGE), "_Leave Technician Mode");
  WAIT_MAPPED (FINDINGS_TYPE_WELCOME_PAGE);
}

static gboolean
no_leads_page (gpointer unused)
{
  return findings_test_find_widget (GTK_WIDGET (window), FINDINGS_TYPE_LEADS_PAGE) == NULL;
}

/* Technician mode hosts the sign-off walkthrough; when it is over, the kiosk is back
 * at its start and nothing of it is left. */
static void
test_hosts_signoff (void)
{
  GtkWidget *signoff;

  enter_technician_mode ();
  activate_choice ("Sign-Off Walkthrough");
  WAIT_MAPPED (FINDINGS_TYPE_SIGNOFF);
  signoff = kiosk_widget (FINDINGS_TYPE_SIGNOFF);
  assert_no_window_buttons (GTK_WIDGET (window));
  shoot_window ("kiosk-signoff");

  g_signal_emit_by_name (signoff, "finished");
  WAIT_MAPPED (FINDINGS_TYPE_WELCOME_PAGE);
  g_assert_null (findings_test_find_widget (GTK_WIDGET (window), FINDINGS_TYPE_SIGNOFF));
}

/* And the technician's "Your Recommendations", from the office; the back button
 * drops it. */
static void
test_hosts_leads (void)
{
  enter_technician_mode ();
  activate_choice ("Your Recommendations");
  WAIT_MAPPED (FINDINGS_TYPE_LEADS_PAGE);
  assert_no_window_buttons (GTK_WIDGET (window));
  shoot_window ("kiosk-leads");

  g_signal_emit_by_name (findings_test_find_icon_button (kiosk_widget (FINDINGS_TYPE_TECHNICIAN_PAGE),
                                                         "go-previous-symbolic"),
                         "clicked");
  g_assert_true (findings_test_wait_for (no_leads_page, NULL));
  findings_test_click (kiosk_widget (FINDINGS_TYPE_TECHNICIAN_PAGE), "_Leave Technician Mode");
  WAIT_MAPPED (FINDINGS_TYPE_WELCOME_PAGE);
}

static gboolean
settings_say (gpointer text)
{
  return findings_test_has_label (kiosk_widget (FINDINGS_TYPE_SETTINGS_PAGE), text);
}

static void
test_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *token_path = g_build_filename (g_get_user_config_dir (), "findings",
                                                  "office-token", NULL);
  g_autofree char *tech_path = g_build_filename (g_get_user_config_dir (), "findings",
                                                 "technician-token", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *url = NULL;
  GtkWidget *page;
  struct stat st;

  enter_technician_mode ();
  open_settings ();
  page = kiosk_widget (FINDINGS_TYPE_SETTINGS_PAGE);
  findings_test_assert_label (page, "No kiosk token is saved yet.");
  shoot_window ("kiosk-settings");

  /* Plain http to another machine is refused, and nothing is saved (nor asked: the
   * rule needs no lookup). */
  findings_test_set_entry_row (page, "Office address (https://…)", "http://office.example.com");
  findings_test_set_entry_row (page, "Kiosk token", "kiosk-secret-1");
  findings_test_click (page, "_Save Settings");
  g_assert_true (settings_say ((gpointer) "The office address must use https://; plain "
                               "http:// is only allowed for this device itself."));
  g_assert_true (gtk_widget_has_css_class (findings_test_find_entry_row (page, "Office address (https://…)"),
                                           "error"));
  url = g_settings_get_string (settings, "office-url");
  g_assert_cmpstr (url, ==, "");
  g_assert_false (g_file_test (token_path, G_FILE_TEST_EXISTS));
  shoot_window ("kiosk-settings-bad-url");

  /* Test Connection says plainly what failed: nothing listens on port 1 here. */
  findings_test_set_entry_row (page, "Office address (https://…)", "http://127.0.0.1:1");
  findings_test_click (page, "_Test Connection");
  g_assert_true (findings_test_wait_for (settings_say,
                                         (gpointer) "Nothing answers at http://127.0.0.1:1: "
                                         "the connection was refused. Is the office running, "
                                         "and is the port right?"));

  /* An https address is kept, and the tokens go to files only this user reads. It is
   * on loopback, where nothing listens: the hosted pages that ask the office must reach
   * no other machine. */
  findings_test_set_entry_row (page, "Office address (https://…)", "https://127.0.0.1:9");
  findings_test_set_entry_row (page, "Kiosk name, such as lobby-1", "lobby-1");
  findings_test_set_entry_row (page, "Technician token", "tech-secret-2");
  findings_test_click (page, "_Save Settings");
  g_assert_true (findings_test_wait_for (settings_say,
                                         (gpointer) "Saved. The kiosk now uses this "
                                         "office, token and certificate authority."));
  g_clear_pointer (&url, g_free);
  url = g_settings_get_string (settings, "office-url");
  g_assert_cmpstr (url, ==, "https://127.0.0.1:9");
  g_clear_pointer (&url, g_free);
  url = g_settings_get_string (settings, "kiosk-id");
  g_assert_cmpstr (url, ==, "lobby-1");

  g_assert_cmpint (stat (token_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (token_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "kiosk-secret-1\n");
  g_assert_cmpint (stat (tech_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  /* The secret is not left in the field, and the page says one is saved. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (findings_test_find_entry_row (page, "Kiosk token"))),
                   ==, "");
  findings_test_assert_label (page, "A kiosk token is saved. Type a new one to replace it.");
  /* Not started by systemd (no INVOCATION_ID), so no restart is offered: quitting
   * would leave the screen empty. */
  g_assert_null (findings_test_find_button (page, "_Restart the Kiosk Now"));

  /* A token file others can read: the page says so and how to mend it. */
  g_assert_cmpint (chmod (token_path, 0644), ==, 0);
  findings_settings_page_reset (FINDINGS_SETTINGS_PAGE (page));
  {
    g_autofree char *refusal = g_strdup_printf ("%s can be read by other users, so it is not "
                                                "used. Make it private with “chmod 600 %s”.",
                                                token_path, token_path);

    findings_test_assert_label (page, refusal);
  }
  g_assert_cmpint (chmod (token_path, 0600), ==, 0);

  findings_test_click (kiosk_widget (FINDINGS_TYPE_TECHNICIAN_PAGE), "_Leave Technician Mode");
  WAIT_MAPPED (FINDINGS_TYPE_WELCOME_PAGE);
}

static void
wait_for_idle_reset (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  static guint seconds = 15;

  /* The test's clicks are signals, not touches, so nothing restarts the idle timer
   * since the last reset: a new timeout does, counting from now. */
  seconds = seconds == 15 ? 16 : 15;
  g_settings_set_uint (settings, "idle-timeout", seconds);
  /* Away from the start first (the crossfade may still show it), then back. */
  g_assert_true (findings_test_wait_for (unmapped, kiosk_widget (FINDINGS_TYPE_WELCOME_PAGE)));
  g_assert_true (findings_test_wait_for (mapped, GSIZE_TO_POINTER (FINDINGS_TYPE_WELCOME_PAGE)));
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
  /* And the start is the welcome screen. */
  g_assert_true (gtk_widget_get_mapped (kiosk_widget (FINDINGS_TYPE_WELCOME_PAGE)));
}

/* Technician mode ends by itself, and what was half typed in it is gone. */
static void
test_idle_leaves_technician_mode (void)
{
  GtkWidget *page;

  enter_technician_mode ();
  open_settings ();
  page = kiosk_widget (FINDINGS_TYPE_SETTINGS_PAGE);
  findings_test_set_entry_row (page, "Office address (https://…)", "https://half.typ");
  findings_test_set_entry_row (page, "New PIN", "99");

  wait_for_idle_reset ();
  g_assert_true (findings_test_wait_for (unmapped, kiosk_widget (FINDINGS_TYPE_TECHNICIAN_PAGE)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (findings_test_find_entry_row (page, "Office address (https://…)"))),
                   ==, "https://127.0.0.1:9");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (findings_test_find_entry_row (page, "New PIN"))),
                   ==, "");
}

/* Digits half typed on the PIN pad are gone too. */
static void
test_idle_clears_pin (void)
{
  GtkWidget *pad = kiosk_widget (FINDINGS_TYPE_PIN_PAD);

  click_technician ();
  WAIT_MAPPED (FINDINGS_TYPE_PIN_PAD);
  tap_pin_keys ("25");
  g_assert_cmpuint (_findings_pin_pad_get_n_digits (FINDINGS_PIN_PAD (pad)), ==, 2);

  wait_for_idle_reset ();
  g_assert_cmpuint (_findings_pin_pad_get_n_digits (FINDINGS_PIN_PAD (pad)), ==, 0);
}

/* After three wrong tries the pad waits, says for how long, and takes no digits. */
static void
test_wrong_tries_wait (void)
{
  GtkWidget *pad;

  click_technician ();
  WAIT_MAPPED (FINDINGS_TYPE_PIN_PAD);
  pad = kiosk_widget (FINDINGS_TYPE_PIN_PAD);

  /* The PIN test made one wrong try already; the right PIN since cleared the count. */
  for (guint i = 0; i < 3; i++)
    {
      tap_pin_keys ("0000");
      findings_test_click (pad, "_Unlock");
      g_assert_true (findings_test_wait_for (pin_says, (gpointer) (i < 2 ? "not right" : "Too many wrong tries")));
    }
  /* 30 s from the third wrong try: how many are left depends on the clock, not said here. */
  g_assert_true (pin_says ((gpointer) "Too many wrong tries. Try again in "));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (findings_test_find_button (pad, "1"))));
  /* A tap that reaches the key anyway (findings_test_click would wait for it to be
   * sensitive again) types nothing. */
  g_signal_emit_by_name (findings_test_find_button (pad, "1"), "clicked");
  g_assert_cmpuint (_findings_pin_pad_get_n_digits (FINDINGS_PIN_PAD (pad)), ==, 0);
  shoot_window ("kiosk-pin-wait");

  /* Leaving and coming back does not end the wait. */
  findings_test_click (pad, "_Cancel");
  WAIT_MAPPED (FINDINGS_TYPE_WELCOME_PAGE);
  click_technician ();
  WAIT_MAPPED (FINDINGS_TYPE_PIN_PAD);
  g_assert_true (pin_says ((gpointer) "Too many wrong tries."));
  findings_test_click (pad, "_Cancel");
  WAIT_MAPPED (FINDINGS_TYPE_WELCOME_PAGE);
}

/* With no PIN set, technician mode stays closed and the pad says how to set one. */
static void
test_no_pin (void)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "findings",
                                            "technician-pin", NULL);
  GtkWidget *pad = kiosk_widget (FINDINGS_TYPE_PIN_PAD);

  g_assert_cmpint (g_unlink (path), ==, 0);
  click_technician ();
  WAIT_MAPPED (FINDINGS_TYPE_PIN_PAD);
  findings_test_assert_label (pad, "No technician PIN is set on this kiosk, so technician "
                              "mode is closed. The installer sets one from the kiosk’s user "
                              "account with “findings --set-technician-pin”.");
  g_assert_null (findings_test_find_button (pad, "_Unlock"));
  g_assert_null (findings_test_find_button (pad, "1"));
  shoot_window ("kiosk-no-pin");
  findings_test_click (pad, "_Cancel");
  WAIT_MAPPED (FINDINGS_TYPE_WELCOME_PAGE);
}

static void
run_tests (void)
{
  window = FINDINGS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  findings_test_settle ();
  test_status = g_test_run ();
  g_application_quit (G_APPLICATION (app));
}

static void
loading_changed_cb (FindingsApplication *application)
{
  if (!findings_session_get_loading (findings_application_get_session (application)))
    run_tests ();
}

/* Xvfb has no window manager to make the kiosk full screen: it gets the screen's size
 * before it is shown instead, so the screenshots show what a kiosk would. */
static void
window_added_cb (GtkApplication *application,
                 GtkWindow      *added)
{
  if (FINDINGS_IS_WINDOW (added))
    gtk_window_set_default_size (added, screen_width, screen_height);
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
  g_autoptr(FindingsTechnicianLock) lock = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  const char *size = g_getenv ("FINDINGS_TEST_SIZE");

  /* The PIN and the tokens go to a config folder of this run's own. */
  config = g_dir_make_tmp ("findings-kiosk-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_unsetenv ("INVOCATION_ID");

  g_test_init (&argc, &argv, NULL);

  /* The installer's PIN, hashed with few iterations to keep the test quick. */
  lock = findings_technician_lock_new ();
  _findings_technician_lock_set_iterations (lock, 1000);
  g_assert_true (findings_technician_lock_set_pin (lock, TEST_PIN, &error));
  g_assert_no_error (error);

  /* FINDINGS_TEST_SIZE=1280x800 looks at the landscape screens. */
  if (size != NULL && sscanf (size, "%dx%d", &screen_width, &screen_height) != 2)
    g_error ("FINDINGS_TEST_SIZE is WIDTHxHEIGHT, not “%s”", size);
  findings_test_start_xvfb (screen_width, screen_height);

  /* No reset while the keyboard is tested: the idle test sets its own timeout. */
  settings = g_settings_new (APP_ID);
  g_settings_set_uint (settings, "idle-timeout", 3600);

  g_test_add_func ("/kiosk/locked-down", test_locked_down);
  g_test_add_func ("/kiosk/keyboard", test_keyboard);
  g_test_add_func ("/kiosk/welcome", test_welcome);
  g_test_add_func ("/kiosk/technician-pin", test_technician_pin);
  g_test_add_func ("/kiosk/settings", test_settings);
  g_test_add_func ("/kiosk/hosts-signoff", test_hosts_signoff);
  g_test_add_func ("/kiosk/hosts-leads", test_hosts_leads);
  g_test_add_func ("/kiosk/idle-reset", test_idle_reset);
  g_test_add_func ("/kiosk/idle-leaves-technician-mode", test_idle_leaves_technician_mode);
  g_test_add_func ("/kiosk/idle-clears-pin", test_idle_clears_pin);
  g_test_add_func ("/kiosk/wrong-tries-wait", test_wrong_tries_wait);
  g_test_add_func ("/kiosk/no-pin", test_no_pin);

  app = findings_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), NULL);
  g_application_run (G_APPLICATION (app), 3, (char **) app_argv);
  g_clear_object (&app);

  findings_test_stop_xvfb ();
  return test_status;
}
