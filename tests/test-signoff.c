/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-signoff"

#include "config.h"

#include <adwaita.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "findings-application.h"
#include "findings-recommendation-page.h"
#include "findings-signature-pad.h"
#include "findings-signoff-private.h"
#include "findings-test-display.h"
#include "findings-visit.h"

/* The sign-off walkthrough in a test window of its own, inside the real application
 * started with --demo: the demo's findings-office runs beside it, in a work folder
 * this test names, so its database can be read afterwards. A technician walks one
 * visit through, and each decision must reach the office exactly once. */

#define VISIT_SITE "Lakeshore Distribution Center"

static FindingsApplication *app;
static GtkWindow *test_window;
static GtkWidget *signoff;
static char *work_dir;
static int test_status;
static const char *shot_suffix = "";
static gboolean finished;

static FindingsSession *
session (void)
{
  return findings_application_get_session (app);
}

static void
shoot (const char *name)
{
  findings_test_shoot (GTK_WIDGET (test_window), name, shot_suffix);
}

static gboolean
label_shown (gpointer data)
{
  return findings_test_has_label (signoff, data);
}

static void
wait_for_label (const char *text)
{
  if (!findings_test_wait_for (label_shown, (gpointer) text))
    findings_test_assert_label (signoff, text);
}

static gboolean
label_starts (gpointer data)
{
  g_autoptr(GPtrArray) labels = findings_test_collect_labels (signoff);

  for (guint i = 0; i < labels->len; i++)
    if (g_str_has_prefix (gtk_label_get_text (g_ptr_array_index (labels, i)), data) &&
        gtk_widget_get_mapped (g_ptr_array_index (labels, i)))
      return TRUE;

  return FALSE;
}

static void
wait_for_prefix (const char *text)
{
  if (!findings_test_wait_for (label_starts, (gpointer) text))
    g_error ("No label starting “%s” on screen", text);
}

static FindingsRecommendation *
shown_recommendation (void)
{
  GtkWidget *page = findings_test_find_widget (signoff, FINDINGS_TYPE_RECOMMENDATION_PAGE);

  g_assert_nonnull (page);
  return findings_recommendation_page_get_recommendation (FINDINGS_RECOMMENDATION_PAGE (page));
}

static void
assert_step (guint       number,
             const char *rec_id)
{
  g_autofree char *progress = g_strdup_printf ("Recommendation %u of 4", number);

  wait_for_label (progress);
  g_assert_cmpstr (findings_recommendation_get_id (shown_recommendation ()), ==, rec_id);
}

static gboolean
demo_visit_loaded (gpointer data)
{
  GListModel *visits = findings_session_get_visits (session ());

  for (guint i = 0; i < g_list_model_get_n_items (visits); i++)
    {
      g_autoptr(FindingsVisit) visit = g_list_model_get_item (visits, i);

      if (g_strcmp0 (findings_visit_get_id (visit), "v-2026-0295") == 0)
        return TRUE;
    }

  return FALSE;
}

static void
pick_visit (const char *site_name)
{
  GtkWidget *list = findings_test_find_widget (signoff, GTK_TYPE_LIST_BOX);

  g_assert_nonnull (list);
  for (GtkWidget *row = gtk_widget_get_first_child (list);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_PREFERENCES_ROW (row) &&
        g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), site_name) == 0)
      {
        g_signal_emit_by_name (list, "row-activated", row);
        return;
      }

  g_error ("No visit of “%s” to pick", site_name);
}

/* A finger's stroke on the pad, as its drag gesture reports one. */
static void
sign (void)
{
  GtkWidget *pad = findings_test_find_widget (signoff, FINDINGS_TYPE_SIGNATURE_PAD);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (pad);
  GtkEventController *drag = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && drag == NULL; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (controller))
        drag = controller;
    }
  g_assert_nonnull (drag);

  g_signal_emit_by_name (drag, "drag-begin", 20.0, 30.0);
  g_signal_emit_by_name (drag, "drag-update", 40.0, 20.0);
  g_signal_emit_by_name (drag, "drag-update", 80.0, 50.0);
  g_signal_emit_by_name (drag, "drag-end", 80.0, 50.0);
  g_assert_false (findings_signature_pad_get_empty (FINDINGS_SIGNATURE_PAD (pad)));
}

static const char * const decided[] = { "r-2954", "r-2951", "r-2953" };

static gboolean
all_sent (gpointer data)
{
  for (guint i = 0; i < G_N_ELEMENTS (decided); i++)
    if (findings_session_get_delivery (session (), decided[i], NULL, NULL, NULL) !=
        FINDINGS_DELIVERY_SENT)
      return FALSE;

  return TRUE;
}

static char *
office_decisions (const char *rec_id,
                  guint      *count)
{
  g_autofree char *path = g_build_filename (work_dir, "office.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *bodies = g_string_new (NULL);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT action, body FROM decisions "
                                       "WHERE recommendation_id = ?", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, rec_id, -1, SQLITE_STATIC);
  *count = 0;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_string_append_printf (bodies, "%s %s\n", sqlite3_column_text (stmt, 0),
                              sqlite3_column_text (stmt, 1));
      (*count)++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_string_free (bodies, FALSE);
}

static gboolean pdf_saved;

static void
pdf_saved_cb (FindingsSignoff *self,
              gboolean         saved)
{
  g_assert_true (saved);
  pdf_saved = TRUE;
}

static gboolean
is_pdf_saved (gpointer data)
{
  return pdf_saved;
}

/* "Save as PDF…" once a file is chosen: the same report as --export-pdf, with the
 * sign-off's decisions in it before they are sent. */
static void
check_saved_pdf (void)
{
  g_autofree char *path = g_build_filename (work_dir, "signoff.pdf", NULL);
  g_autofree char *said = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const char *argv[] = { "pdftotext", path, "-", NULL };
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_signal_connect (signoff, "pdf-saved", G_CALLBACK (pdf_saved_cb), NULL);
  _findings_signoff_save_pdf (FINDINGS_SIGNOFF (signoff), file);
  g_assert_true (findings_test_wait_for (is_pdf_saved, NULL));
  said = g_strdup_printf ("The report is saved as %s.", path);
  wait_for_label (said);

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH |
                               G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &text, NULL, &status,
                               &error));
  g_assert_no_error (error);
  g_strdelimit (text, "\n", ' ');
  g_assert_nonnull (strstr (text, "Accepted: Replace the fan motor and blade, $965.00 plus tax"));
  g_assert_nonnull (strstr (text, "By Morgan Ashby (Facilities lead)"));
  g_assert_nonnull (strstr (text, "Reason: Budget is spent"));
  g_assert_nonnull (strstr (text, "Phone: +1 716 555 0199"));
  g_assert_nonnull (strstr (text, "Signed by Morgan Ashby"));
}

/* A kiosk shows no file chooser: the report goes to a fixed folder of its own, and a
 * second report of the same visit never overwrites the first. */
static void
check_kiosk_report_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) first = NULL;
  g_autoptr(GFile) second = NULL;
  g_autofree char *first_name = NULL;
  g_autofree char *second_name = NULL;

  first = _findings_signoff_dup_kiosk_report_file (FINDINGS_SIGNOFF (signoff), &error);
  g_assert_no_error (error);
  first_name = g_file_get_basename (first);
  g_assert_true (g_str_has_prefix (first_name, "visit-"));
  g_assert_true (g_str_has_suffix (first_name, ".pdf"));
  g_assert_true (g_file_replace_contents (first, "%PDF", 4, NULL, FALSE, G_FILE_CREATE_NONE,
                                          NULL, NULL, &error));
  g_assert_no_error (error);

  second = _findings_signoff_dup_kiosk_report_file (FINDINGS_SIGNOFF (signoff), &error);
  g_assert_no_error (error);
  second_name = g_file_get_basename (second);
  g_assert_cmpstr (first_name, !=, second_name);
  g_assert_true (g_str_has_suffix (second_name, "-2.pdf"));
  g_assert_false (g_file_query_exists (second, NULL));

  g_assert_true (g_file_delete (first, NULL, &error));
}

/* "Print…": GtkPrintOperation draws the same pages, here exported to a file. */
static void
check_printed (void)
{
  g_autofree char *path = g_build_filename (work_dir, "printed.pdf", NULL);
  const char *argv[] = { "pdftotext", path, "-", NULL };
  const char *info_argv[] = { "pdfinfo", path, NULL };
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  _findings_signoff_print_to_file (FINDINGS_SIGNOFF (signoff), path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH |
                               G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &text, NULL, &status,
                               &error));
  g_assert_no_error (error);
  g_strdelimit (text, "\n", ' ');
  g_assert_nonnull (strstr (text, "Corbel Building Services USA"));
  g_assert_nonnull (strstr (text, "Accepted: Replace the fan motor and blade, $965.00 plus tax"));
  g_assert_nonnull (strstr (text, "Signed by Morgan Ashby"));

  g_assert_true (g_spawn_sync (NULL, (char **) info_argv, NULL, G_SPAWN_SEARCH_PATH |
                               G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &info, NULL, &status,
                               &error));
  g_assert_no_error (error);
  g_test_message ("%s", info);
  g_assert_nonnull (strstr (info, "Pages:"));
  g_assert_null (strstr (info, "Pages:           1\n"));
}

static void
finished_cb (void)
{
  finished = TRUE;
}

static gboolean
is_finished (gpointer data)
{
  return finished;
}

static void
test_walkthrough (void)
{
  g_assert_true (findings_test_wait_for (demo_visit_loaded, NULL));

  /* The technician picks the visit from the device's cache. */
  wait_for_label ("Which visit are you signing off?");
  shoot ("signoff-pick");
  pick_visit (VISIT_SITE);

  /* Safety first: the gas line (warning), then the drain valve (caution, already
   * scheduled), then by urgency, ties in the visit's own order. */
  assert_step (1, "r-2954");
  wait_for_label ("Support the sagging gas line on the roof");
  wait_for_label ("Do not step on the gas pipe or lean ladders against it.");
  /* The page's own explanation and terms, with the walkthrough's choices instead of
   * the page's own buttons. */
  wait_for_label ("What We Found");
  wait_for_prefix ("Prices are valid until");
  g_assert_null (findings_test_find_button (signoff, "_Accept…"));
  shoot ("signoff-step");
  findings_test_click (signoff, "Ask for a _Call");

  assert_step (2, "r-2952");
  wait_for_label ("Already decided: Work scheduled");
  g_assert_null (findings_test_find_button (signoff, "_Decline"));
  shoot ("signoff-decided");
  findings_test_click (signoff, "_Next");

  assert_step (3, "r-2951");
  /* Accepting is one tap, as declining and skipping are. */
  findings_test_click (signoff, "Accept, $965.00 plus tax");

  assert_step (4, "r-2953");
  /* Its quote ran out on 30 November: no Accept, a call or a no instead. */
  wait_for_prefix ("This quote has expired");
  g_assert_null (findings_test_find_button (signoff, "Accept “Standard-efficiency replacement”, "
                                                     "$18,500.00 plus tax"));
  shoot ("signoff-expired");
  findings_test_click (signoff, "_Decline");

  /* The summary: every decision, the total with its tax, the call promised. */
  wait_for_label ("Your Decisions");
  wait_for_label ("Accepted: Replace the fan motor and blade, $965.00 plus tax");
  wait_for_label ("Already decided: Work scheduled");
  wait_for_label ("Declined");
  wait_for_label ("A call was asked for");
  wait_for_label ("$965.00 plus tax");
  wait_for_label ("The office will call you about “Support the sagging gas line on the roof”.");
  shoot ("signoff-summary");

  /* Nothing goes without a name. */
  findings_test_click (signoff, "_Confirm and Send");
  wait_for_label ("Please enter your name: it goes with each decision.");

  findings_test_set_entry_row (signoff, "Reason for declining “Replace rooftop unit RTU-5 over "
                                        "the office wing” (optional)", "Budget is spent");
  findings_test_set_entry_row (signoff, "Your name", "Morgan Ashby");
  findings_test_set_entry_row (signoff, "Your role (optional)", "Facilities lead");
  findings_test_set_entry_row (signoff, "Phone number to call", "+1 716 555 0199");
  sign ();
  shoot ("signoff-signed");
  check_saved_pdf ();
  check_kiosk_report_file ();
  check_printed ();
  findings_test_click (signoff, "_Confirm and Send");

  wait_for_label ("Thank You");
  wait_for_label ("3 decisions are saved on this device and on their way to the office.");
  shoot ("signoff-done");
  findings_test_click (signoff, "_Done");
  g_assert_true (findings_test_wait_for (is_finished, NULL));

  /* Each decision reaches the office, once. */
  g_assert_true (findings_test_wait_for (all_sent, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (decided); i++)
    {
      guint count = 0;
      g_autofree char *bodies = office_decisions (decided[i], &count);
      g_autoptr(GPtrArray) entries =
        findings_store_list_for_recommendation (findings_session_get_store (session ()),
                                                decided[i]);

      g_test_message ("%s: %s", decided[i], bodies);
      g_assert_cmpuint (count, ==, 1);
      g_assert_cmpuint (entries->len, ==, 1);
      g_assert_nonnull (strstr (bodies, "\"Morgan Ashby\""));
      /* One signature for the whole sign-off, on each decision. */
      g_assert_nonnull (strstr (bodies, "\"svg-path\""));
      g_assert_nonnull (strstr (bodies, "M 20 30 L 60 50 L 100 80"));
    }

  {
    guint count;
    g_autofree char *accept = office_decisions ("r-2951", &count);
    g_autofree char *call = office_decisions ("r-2954", &count);
    g_autofree char *decline = office_decisions ("r-2953", &count);
    g_autofree char *none = office_decisions ("r-2952", &count);

    g_assert_true (g_str_has_prefix (accept, "accept "));
    g_assert_nonnull (strstr (accept, "\"o-2951-1\""));
    g_assert_true (g_str_has_prefix (call, "request_call "));
    g_assert_nonnull (strstr (call, "+1 716 555 0199"));
    g_assert_true (g_str_has_prefix (decline, "decline "));
    g_assert_nonnull (strstr (decline, "Budget is spent"));
    g_assert_cmpuint (count, ==, 0);
  }
}

static void
pick_visit_id (const char *visit_id)
{
  GtkWidget *list = findings_test_find_widget (signoff, GTK_TYPE_LIST_BOX);

  for (GtkWidget *row = gtk_widget_get_first_child (list);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      FindingsVisit *visit = g_object_get_data (G_OBJECT (row), "visit");

      if (visit != NULL && g_strcmp0 (findings_visit_get_id (visit), visit_id) == 0)
        {
          g_signal_emit_by_name (list, "row-activated", row);
          return;
        }
    }

  g_error ("No visit %s to pick", visit_id);
}

static gboolean
r3742_sent (gpointer data)
{
  return findings_session_get_delivery (session (), "r-3742", NULL, NULL, NULL) ==
         FINDINGS_DELIVERY_SENT;
}

/* A visit with a choice of options: one tap on the option wanted accepts it; what is
 * skipped or was decided before sends nothing. */
static void
test_choose_option (void)
{
  guint count;
  g_autofree char *accept = NULL;
  g_autofree char *skipped = NULL;
  g_autofree char *skipped_too = NULL;

  /* A new sign-off, as the technician page makes one each time. */
  finished = FALSE;
  signoff = findings_signoff_new (session ());
  g_signal_connect (signoff, "finished", G_CALLBACK (finished_cb), NULL);
  gtk_window_set_child (test_window, signoff);
  findings_test_settle ();

  wait_for_label ("Which visit are you signing off?");
  pick_visit_id ("v-2026-0374");

  wait_for_label ("Recommendation 1 of 5");
  g_assert_cmpstr (findings_recommendation_get_id (shown_recommendation ()), ==, "r-3744");
  findings_test_click (signoff, "_Skip for Now");
  wait_for_label ("Recommendation 2 of 5");
  wait_for_label ("Already decided: Call requested");
  findings_test_click (signoff, "_Next");
  wait_for_label ("Recommendation 3 of 5");
  wait_for_label ("Already decided: Accepted");
  findings_test_click (signoff, "_Next");

  wait_for_label ("Recommendation 4 of 5");
  g_assert_cmpstr (findings_recommendation_get_id (shown_recommendation ()), ==, "r-3742");
  shoot ("signoff-options");
  findings_test_click (signoff, "Accept “Add washable pre-filters, keep four changes a year”, "
                                "$1,420.00 plus tax");

  wait_for_label ("Recommendation 5 of 5");
  /* Back, and the screen remembers what was chosen there. */
  findings_test_click (signoff, "_Back");
  wait_for_label ("You chose: Accepted: Add washable pre-filters, keep four changes a year, "
                  "$1,420.00 plus tax. You can change it here.");
  findings_test_click (signoff, "Accept “Add washable pre-filters, keep four changes a year”, "
                                "$1,420.00 plus tax");
  wait_for_label ("Recommendation 5 of 5");
  findings_test_click (signoff, "_Skip for Now");

  wait_for_label ("Your Decisions");
  wait_for_label ("Skipped: nothing decided");
  wait_for_label ("$1,420.00 plus tax");
  g_assert_false (findings_test_has_label (signoff, "Calls Promised") &&
                  gtk_widget_get_mapped (GTK_WIDGET (findings_test_find_label (signoff,
                                                                               "Calls Promised"))));
  findings_test_set_entry_row (signoff, "Your name", "Priya Natarajan");
  /* The signature is asked for, not forced, as in the decision dialog. */
  findings_test_click (signoff, "_Confirm and Send");
  wait_for_label ("1 decision is saved on this device and on its way to the office.");
  findings_test_click (signoff, "_Done");
  g_assert_true (findings_test_wait_for (is_finished, NULL));

  g_assert_true (findings_test_wait_for (r3742_sent, NULL));
  accept = office_decisions ("r-3742", &count);
  g_assert_cmpuint (count, ==, 1);
  g_assert_nonnull (strstr (accept, "\"o-3742-2\""));
  g_assert_nonnull (strstr (accept, "\"Priya Natarajan\""));
  skipped = office_decisions ("r-3744", &count);
  g_assert_cmpuint (count, ==, 0);
  skipped_too = office_decisions ("r-3745", &count);
  g_assert_cmpuint (count, ==, 0);
}

static void
run_tests (void)
{
  int width = 1280, height = 800;
  const char *size = g_getenv ("FINDINGS_TEST_SIZE");

  if (size != NULL)
    sscanf (size, "%dx%d", &width, &height);

  /* The walkthrough in a window of its own, as the technician page will host it. */
  test_window = GTK_WINDOW (gtk_application_window_new (GTK_APPLICATION (app)));
  gtk_window_set_default_size (test_window, width, height);
  signoff = findings_signoff_new (session ());
  g_signal_connect (signoff, "finished", G_CALLBACK (finished_cb), NULL);
  gtk_window_set_child (test_window, signoff);
  gtk_window_present (test_window);
  findings_test_settle ();

  test_status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
}

static void
loading_changed_cb (FindingsApplication *application)
{
  if (!findings_session_get_loading (findings_application_get_session (application)))
    {
      g_signal_handlers_disconnect_by_func (findings_application_get_session (application),
                                            loading_changed_cb, application);
      run_tests ();
    }
}

static void
activate_cb (FindingsApplication *application)
{
  GtkWindow *win = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (g_strcmp0 (g_getenv ("FINDINGS_TEST_STYLE"), "dark") == 0)
    {
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          ADW_COLOR_SCHEME_FORCE_DARK);
      shot_suffix = "-dark";
    }

  /* Only the test window is looked at. */
  if (win != NULL)
    gtk_widget_set_visible (GTK_WIDGET (win), FALSE);

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
  /* FINDINGS_TEST_KIOSK=1 shows the walkthrough as a kiosk has it, with its keyboard. */
  const char *app_argv[] = { "findings", "--demo",
                             g_getenv ("FINDINGS_TEST_KIOSK") != NULL ? "--kiosk" : NULL, NULL };
  const char *size = g_getenv ("FINDINGS_TEST_SIZE");
  int width = 1280, height = 800;
  g_autofree char *data_home = NULL;
  g_autofree char *config_home = NULL;

  g_test_init (&argc, &argv, NULL);

  if (size != NULL)
    sscanf (size, "%dx%d", &width, &height);
  findings_test_start_xvfb (width, height);

  /* The demo's office and store live here, for this test to read afterwards. */
  work_dir = g_dir_make_tmp ("test-signoff-XXXXXX", NULL);
  g_assert_nonnull (work_dir);
  g_setenv ("FINDINGS_WORK_DIR", work_dir, TRUE);
  /* A kiosk's saved reports go under the user's folders: these, not the tester's. */
  data_home = g_build_filename (work_dir, "data", NULL);
  config_home = g_build_filename (work_dir, "config", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);

  g_test_add_func ("/signoff/walkthrough", test_walkthrough);
  g_test_add_func ("/signoff/choose-option", test_choose_option);

  app = findings_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), NULL);
  g_application_run (G_APPLICATION (app), g_strv_length ((char **) app_argv),
                     (char **) app_argv);
  g_clear_object (&app);

  findings_test_stop_xvfb ();

  if (test_status == 0)
    {
      const char *rm_argv[] = { "rm", "-rf", "--", work_dir, NULL };

      g_spawn_sync (NULL, (char **) rm_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                    NULL, NULL, NULL);
    }

  return test_status;
}
