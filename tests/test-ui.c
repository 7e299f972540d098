/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-ui"

#include "config.h"

#include <adwaita.h>

#include "findings-application.h"
#include "findings-recommendation-page.h"
#include "findings-format.h"
#include "findings-money.h"
#include "findings-option.h"
#include "findings-photo-viewer.h"
#include "findings-payback.h"
#include "findings-recommendation.h"
#include "findings-site.h"
#include "findings-test-decision.h"
#include "findings-test-display.h"
#include "findings-visit.h"
#include "findings-window.h"

/* The whole suite runs inside the real application, started with --demo, so the
 * screens are checked exactly as a facility manager would see them. Expected texts
 * come from the demo documents themselves. */

static FindingsApplication *app;
static FindingsWindow *window;
static int test_status;
static const char *shot_suffix = "";

static void
shoot_widget (GtkWidget  *widget,
              const char *name)
{
  findings_test_shoot (widget, name, shot_suffix);
}

static void
shoot (const char *name)
{
  shoot_widget (GTK_WIDGET (window), name);
}

static FindingsSession *
session (void)
{
  return findings_application_get_session (app);
}

static GListModel *
visits (void)
{
  return findings_session_get_visits (session ());
}

typedef gboolean (*RecFilter) (FindingsRecommendation *rec);

static FindingsRecommendation *
find_recommendation (RecFilter       filter,
                     FindingsVisit **out_visit)
{
  guint n = g_list_model_get_n_items (visits ());

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FindingsVisit) visit = g_list_model_get_item (visits (), i);
      GListModel *recs = findings_visit_get_recommendations (visit);

      for (guint j = 0; j < g_list_model_get_n_items (recs); j++)
        {
          g_autoptr(FindingsRecommendation) rec = g_list_model_get_item (recs, j);

          if (filter (rec))
            {
              if (out_visit != NULL)
                *out_visit = visit;
              return rec;
            }
        }
    }

  return NULL;
}

static gboolean
label_shown (gpointer data)
{
  return findings_test_has_label (GTK_WIDGET (window), data);
}

static void
wait_for_label (const char *text)
{
  if (!findings_test_wait_for (label_shown, (gpointer) text))
    findings_test_assert_label (GTK_WIDGET (window), text);
}

static void
test_visit_list (void)
{
  guint n = g_list_model_get_n_items (visits ());

  g_assert_cmpuint (n, >=, 6);
  findings_test_settle ();

  /* Every site heads its group; the newest visit's date is shown. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FindingsVisit) visit = g_list_model_get_item (visits (), i);

      wait_for_label (findings_site_get_name (findings_visit_get_site (visit)));
    }

  wait_for_label ("waiting for your decision");
  wait_for_label ("Safety");
  shoot ("visits");
}

static FindingsVisit *
visit_with_most_recommendations (void)
{
  FindingsVisit *best = NULL;
  guint best_n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (visits ()); i++)
    {
      g_autoptr(FindingsVisit) visit = g_list_model_get_item (visits (), i);
      guint n = g_list_model_get_n_items (findings_visit_get_recommendations (visit));

      if (n > best_n && findings_visit_get_has_safety_concern (visit))
        {
          best = visit;
          best_n = n;
        }
    }

  return best;
}

static graphene_rect_t
bounds_of (GtkLabel *label)
{
  graphene_rect_t bounds;

  g_assert_nonnull (label);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (label), GTK_WIDGET (window), &bounds));
  return bounds;
}

static void
test_visit_page (void)
{
  FindingsVisit *visit = visit_with_most_recommendations ();
  GListModel *recs;
  FindingsRecommendation *safety = NULL;
  FindingsRecommendation *other = NULL;
  const char * const *work;
  g_autofree char *count = NULL;
  g_autofree char *first_work = NULL;

  g_assert_nonnull (visit);
  findings_window_show_visit (window, visit);
  findings_test_settle ();

  wait_for_label (findings_visit_get_summary (visit));
  work = findings_visit_get_work_performed (visit);
  if (work != NULL && work[0] != NULL)
    {
      first_work = g_strdup_printf ("• %s", work[0]);
      wait_for_label (first_work);
    }

  recs = findings_visit_get_recommendations (visit);
  count = g_strdup_printf ("%u Recommendation", g_list_model_get_n_items (recs));
  wait_for_label (count);

  /* Safety stands first, whatever order the document listed things in. */
  for (guint i = 0; i < g_list_model_get_n_items (recs); i++)
    {
      g_autoptr(FindingsRecommendation) rec = g_list_model_get_item (recs, i);

      if (safety == NULL && findings_recommendation_get_safety_rank (rec) <= 1)
        safety = rec;
      else if (other == NULL && !findings_recommendation_is_safety_concern (rec))
        other = rec;
    }
  g_assert_nonnull (safety);
  g_assert_nonnull (other);

  wait_for_label (findings_recommendation_get_title (safety));
  if (findings_recommendation_get_safety_note (safety) != NULL)
    wait_for_label (findings_recommendation_get_safety_note (safety));

  if (findings_test_has_label (GTK_WIDGET (window), findings_recommendation_get_title (other)))
    {
      graphene_rect_t a = bounds_of (findings_test_find_label (GTK_WIDGET (window),
                                       findings_recommendation_get_title (safety)));
      graphene_rect_t b = bounds_of (findings_test_find_label (GTK_WIDGET (window),
                                       findings_recommendation_get_title (other)));

      g_assert_cmpfloat (a.origin.y, <, b.origin.y);
    }

  shoot ("visit");
}

static gboolean
is_rich_recommendation (FindingsRecommendation *rec)
{
  FindingsOption *option;

  if (g_list_model_get_n_items (findings_recommendation_get_options (rec)) < 2)
    return FALSE;
  option = g_list_model_get_item (findings_recommendation_get_options (rec), 1);
  g_object_unref (option);

  return findings_recommendation_get_safety_note (rec) != NULL &&
         findings_recommendation_get_if_deferred (rec) != NULL &&
         findings_recommendation_get_technician_note (rec) != NULL &&
         findings_recommendation_get_has_quote (rec) &&
         findings_option_has_savings (option);
}

static void
assert_option_shown (FindingsOption *option,
                     const char     *currency)
{
  FindingsPayback payback;
  g_autofree char *price = NULL;
  g_autofree char *wording = NULL;

  wait_for_label (findings_option_get_label (option));

  if (findings_option_get_price (option) > 0)
    {
      price = findings_money_format (findings_option_get_price (option), currency);
      wait_for_label (price);
    }

  findings_payback_compute (findings_option_get_price (option),
                            findings_option_get_annual_savings (option),
                            findings_option_get_expected_life_years (option),
                            &payback);
  wording = findings_payback_describe (&payback);
  if (wording != NULL)
    wait_for_label (wording);
  if (findings_option_get_savings_basis (option) != NULL && findings_option_has_savings (option))
    wait_for_label (findings_option_get_savings_basis (option));
}

static void
test_recommendation_page (void)
{
  FindingsVisit *visit = NULL;
  FindingsRecommendation *rec = find_recommendation (is_rich_recommendation, &visit);
  GListModel *options;

  g_assert_nonnull (rec);
  findings_window_show_visit (window, visit);
  findings_window_show_recommendation (window, rec);
  findings_test_settle ();

  wait_for_label (findings_recommendation_get_title (rec));
  wait_for_label ("What We Found");
  wait_for_label (findings_recommendation_get_finding (rec));
  wait_for_label ("Why It Matters");
  wait_for_label (findings_recommendation_get_why_it_matters (rec));
  wait_for_label ("If You Wait");
  wait_for_label (findings_recommendation_get_if_deferred (rec));
  wait_for_label (findings_recommendation_get_technician_note (rec));
  wait_for_label (findings_recommendation_get_safety_note (rec));
  wait_for_label ("Your Options");

  options = findings_recommendation_get_options (rec);
  for (guint i = 0; i < g_list_model_get_n_items (options); i++)
    {
      g_autoptr(FindingsOption) option = g_list_model_get_item (options, i);

      assert_option_shown (option, findings_visit_get_currency (visit));
    }

  if (findings_recommendation_get_quote_conditions (rec) != NULL)
    wait_for_label (findings_recommendation_get_quote_conditions (rec));

  shoot ("recommendation");
}

static gboolean
has_expired_quote (FindingsRecommendation *rec)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return findings_recommendation_get_status (rec) == FINDINGS_STATUS_OPEN &&
         findings_recommendation_is_quote_expired (rec, now);
}

static void
test_expired_quote (void)
{
  FindingsVisit *visit = NULL;
  FindingsRecommendation *rec = find_recommendation (has_expired_quote, &visit);
  g_autofree char *date = NULL;

  g_assert_nonnull (rec);
  findings_window_show_visit (window, visit);
  findings_window_show_recommendation (window, rec);

  date = findings_format_calendar_date (findings_recommendation_get_quote_valid_until (rec));
  wait_for_label ("This quote expired on");
  wait_for_label (date);
  shoot ("expired-quote");
}

static gboolean
has_markup_characters (FindingsRecommendation *rec)
{
  return strchr (findings_recommendation_get_title (rec), '&') != NULL ||
         strchr (findings_recommendation_get_finding (rec), '&') != NULL ||
         strchr (findings_recommendation_get_finding (rec), '<') != NULL ||
         (findings_recommendation_get_equipment_name (rec) != NULL &&
          strpbrk (findings_recommendation_get_equipment_name (rec), "&<") != NULL);
}

static void
test_plain_text (void)
{
  FindingsVisit *visit = NULL;
  FindingsRecommendation *rec = find_recommendation (has_markup_characters, &visit);
  GtkLabel *label;

  g_assert_nonnull (rec);
  findings_window_show_visit (window, visit);
  findings_window_show_recommendation (window, rec);

  /* The exact characters of the document, never interpreted as markup. */
  wait_for_label (findings_recommendation_get_finding (rec));
  label = findings_test_find_label (GTK_WIDGET (window), findings_recommendation_get_finding (rec));
  g_assert_false (gtk_label_get_use_markup (label));
  g_assert_cmpstr (gtk_label_get_text (label), ==, findings_recommendation_get_finding (rec));
}

static gboolean
has_follow_up_owner (FindingsRecommendation *rec)
{
  FindingsFollowUp *follow_up = findings_recommendation_get_follow_up (rec);

  return follow_up != NULL && findings_follow_up_get_owner (follow_up) != NULL &&
         findings_follow_up_get_state (follow_up) == FINDINGS_FOLLOW_UP_STATE_REQUESTED;
}

static void
test_follow_up (void)
{
  FindingsVisit *visit = NULL;
  FindingsRecommendation *rec = find_recommendation (has_follow_up_owner, &visit);
  FindingsFollowUp *follow_up;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = NULL;

  g_assert_nonnull (rec);
  follow_up = findings_recommendation_get_follow_up (rec);
  findings_window_show_visit (window, visit);
  findings_window_show_recommendation (window, rec);

  text = findings_format_follow_up (follow_up, now);
  wait_for_label (findings_follow_up_get_owner (follow_up));
  wait_for_label (text);
  wait_for_label ("Call requested");
  shoot ("follow-up");
}

static gboolean
has_photo (FindingsRecommendation *rec)
{
  return g_list_model_get_n_items (findings_recommendation_get_photos (rec)) > 0;
}

static gboolean
picture_loaded (gpointer data)
{
  GtkWidget *root = data;

  for (GtkWidget *w = root; w != NULL;)
    {
      if (GTK_IS_PICTURE (w) && gtk_widget_get_mapped (w) &&
          gtk_picture_get_paintable (GTK_PICTURE (w)) != NULL)
        return TRUE;

      /* Depth-first walk without recursion. */
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && w != root && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = (w == NULL || w == root) ? NULL : gtk_widget_get_next_sibling (w);
        }
    }

  return FALSE;
}

static gboolean
stack_shows_picture (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (data), "picture") == 0;
}

static void assert_no_hidden_windows (void);

static void
test_photos (void)
{
  FindingsVisit *visit = NULL;
  FindingsRecommendation *rec = find_recommendation (has_photo, &visit);
  g_autoptr(FindingsPhoto) photo = NULL;

  g_assert_nonnull (rec);
  photo = g_list_model_get_item (findings_recommendation_get_photos (rec), 0);
  findings_window_show_visit (window, visit);
  findings_window_show_recommendation (window, rec);

  wait_for_label ("Photos");
  if (findings_photo_get_caption (photo) != NULL)
    wait_for_label (findings_photo_get_caption (photo));
  /* The thumbnail really decodes from the demo photo file. */
  g_assert_true (findings_test_wait_for (picture_loaded, window));
  shoot ("photos");

  /* A page shown before its photos came in: each thumbnail fills in as its photo
   * arrives. Emptied here as if it had not come yet, then announced. */
  {
    GtkWidget *page = findings_test_find_widget (GTK_WIDGET (window),
                                                 FINDINGS_TYPE_RECOMMENDATION_PAGE);
    GtkPicture *picture = GTK_PICTURE (findings_test_find_widget (page, GTK_TYPE_PICTURE));

    gtk_picture_set_paintable (picture, NULL);
    g_assert_false (picture_loaded (page));
    g_signal_emit_by_name (session (), "photo-arrived", "some-other-photo");
    findings_test_settle ();
    g_assert_false (picture_loaded (page));
    g_signal_emit_by_name (session (), "photo-arrived", findings_photo_get_id (photo));
    g_assert_true (findings_test_wait_for (picture_loaded, page));
  }

  /* Full size, and the same promise there: a photo not yet on the device appears
   * in the open viewer once it arrives. */
  {
    GtkWidget *viewer = GTK_WIDGET (findings_photo_viewer_new (GTK_WINDOW (window), photo));
    GtkStack *stack = GTK_STACK (findings_test_find_widget (viewer, GTK_TYPE_STACK));

    gtk_window_present (GTK_WINDOW (viewer));
    g_assert_true (findings_test_wait_for (stack_shows_picture, stack));
    shoot_widget (viewer, "photo-viewer");

    gtk_stack_set_visible_child_name (stack, "missing");
    g_signal_emit_by_name (session (), "photo-arrived", findings_photo_get_id (photo));
    g_assert_true (findings_test_wait_for (stack_shows_picture, stack));

    gtk_window_destroy (GTK_WINDOW (viewer));
    assert_no_hidden_windows ();
  }
}


/* Decisions, driven through the real dialogs, then followed to the office. */

static void
wait_for_dialog_label (const char *text)
{
  if (!findings_test_wait_for (findings_test_label_in_dialog, (gpointer) text))
    findings_test_assert_label (findings_test_dialog (), text);
}

/* Every window but the main one is destroyed when closed, never kept hidden: GTK 4.8
 * hands a screen reader the last window when it asks past the end of the list, and
 * a hidden window there has no accessible path, which cuts the reader off the app. */
static guint
count_toplevels (gboolean visible)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (gtk_widget_get_visible (toplevel) == visible)
        count++;
    }

  return count;
}

static void
assert_no_hidden_windows (void)
{
  g_assert_cmpuint (count_toplevels (FALSE), ==, 0);
}

static void
close_dialog (void)
{
  findings_test_click (findings_test_dialog (), "_Done");
  g_assert_true (findings_test_wait_for (findings_test_dialog_gone, NULL));
  assert_no_hidden_windows ();
}

static void
set_entry (const char *title,
           const char *text)
{
  findings_test_set_entry_row (findings_test_dialog (), title, text);
}

static gboolean
is_open_with_choice (FindingsRecommendation *rec)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return findings_recommendation_get_status (rec) == FINDINGS_STATUS_OPEN &&
         g_list_model_get_n_items (findings_recommendation_get_options (rec)) >= 2 &&
         findings_recommendation_get_has_quote (rec) &&
         !findings_recommendation_is_quote_expired (rec, now);
}

static void
test_accept (void)
{
  FindingsVisit *visit = NULL;
  FindingsRecommendation *rec = find_recommendation (is_open_with_choice, &visit);
  g_autofree char *rec_id = NULL;
  g_autoptr(FindingsOption) second = NULL;

  g_assert_nonnull (rec);
  rec_id = g_strdup (findings_recommendation_get_id (rec));
  second = g_list_model_get_item (findings_recommendation_get_options (rec), 1);

  findings_test_open_decision (window, visit, rec, "recommendation.accept");
  wait_for_dialog_label ("Which option would you like?");
  shoot_widget (findings_test_dialog (), "accept-options");

  /* Nothing is chosen for the customer: Next waits for a choice. */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (
    findings_test_find_button (findings_test_dialog (), "_Next"))));
  {
    GtkWidget *check = findings_test_find_widget (findings_test_dialog (), GTK_TYPE_CHECK_BUTTON);
    GtkWidget *row = gtk_widget_get_ancestor (check, ADW_TYPE_ACTION_ROW);
    GtkWidget *next_row = gtk_widget_get_next_sibling (row);

    check = findings_test_find_widget (next_row, GTK_TYPE_CHECK_BUTTON);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  }
  findings_test_click (findings_test_dialog (), "_Next");

  /* The terms come before any agreement. */
  wait_for_dialog_label ("Before you accept");
  wait_for_dialog_label (findings_option_get_label (second));
  if (findings_recommendation_get_quote_conditions (rec) != NULL)
    wait_for_dialog_label (findings_recommendation_get_quote_conditions (rec));
  wait_for_dialog_label ("The price is valid until");
  shoot_widget (findings_test_dialog (), "accept-terms");
  findings_test_click (findings_test_dialog (), "_Next");

  set_entry ("Your name", "Dana Whitfield");
  set_entry ("Your role (optional)", "Facility manager");
  findings_test_click (findings_test_dialog (), "_Next");
  wait_for_dialog_label ("Sign here if you wish");
  findings_test_click (findings_test_dialog (), "_Accept Without Signing");
  wait_for_dialog_label ("Accepted. Thank You.");
  shoot_widget (findings_test_dialog (), "accept-done");
  close_dialog ();

  /* Saved, sent, and answered by the office. */
  wait_for_label ("The office has received your decision.");
  rec = find_recommendation (is_open_with_choice, NULL);
  g_assert_true (rec == NULL || g_strcmp0 (findings_recommendation_get_id (rec), rec_id) != 0);
  wait_for_label ("Accepted");
  shoot ("accepted");
}

static gboolean
is_open_any (FindingsRecommendation *rec)
{
  return findings_recommendation_get_status (rec) == FINDINGS_STATUS_OPEN;
}

static void
test_decline_then_accept (void)
{
  FindingsVisit *visit = NULL;
  FindingsRecommendation *rec = find_recommendation (is_open_any, &visit);

  g_assert_nonnull (rec);
  findings_test_open_decision (window, visit, rec, "recommendation.decline");
  wait_for_dialog_label ("Decline this recommendation?");
  findings_test_click (findings_test_dialog (), "_Decline");
  wait_for_dialog_label ("Thanks, We Have Noted It");
  close_dialog ();
  wait_for_label ("The office has received your decision.");
  wait_for_label ("Declined");

  /* The customer may change their mind: accepting stays open. */
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (
    findings_test_find_button (GTK_WIDGET (window), "_Accept…"))));
}

static gboolean
is_open_single (FindingsRecommendation *rec)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return findings_recommendation_get_status (rec) == FINDINGS_STATUS_OPEN &&
         !findings_recommendation_is_quote_expired (rec, now);
}

static void
test_request_call (void)
{
  FindingsVisit *visit = NULL;
  FindingsRecommendation *rec = find_recommendation (is_open_single, &visit);

  g_assert_nonnull (rec);
  findings_test_open_decision (window, visit, rec, "recommendation.request-call");
  wait_for_dialog_label ("Ask for a call");

  set_entry ("Phone number", "12");
  findings_test_click (findings_test_dialog (), "Ask for a _Call");
  wait_for_dialog_label ("Please check the phone number");

  shoot_widget (findings_test_dialog (), "call-invalid-phone");
  set_entry ("Phone number", "+1 416 555 0100");
  findings_test_click (findings_test_dialog (), "Ask for a _Call");
  wait_for_dialog_label ("Call Requested");
  close_dialog ();

  /* The office's promise comes back onto the recommendation. */
  wait_for_label ("The office has received your decision.");
  wait_for_label ("will call you by");
  shoot ("call-requested");
}

static void
test_expired_offers_call (void)
{
  FindingsVisit *visit = NULL;
  FindingsRecommendation *rec = find_recommendation (has_expired_quote, &visit);

  g_assert_nonnull (rec);
  findings_test_open_decision (window, visit, rec, "recommendation.accept");
  if (g_list_model_get_n_items (findings_recommendation_get_options (rec)) > 1)
    {
      GtkWidget *check = findings_test_find_widget (findings_test_dialog (), GTK_TYPE_CHECK_BUTTON);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      findings_test_click (findings_test_dialog (), "_Next");
    }

  wait_for_dialog_label ("This quote expired on");
  findings_test_click (findings_test_dialog (), "Ask for a _Call Instead");
  wait_for_dialog_label ("Ask for a call");
  gtk_window_close (GTK_WINDOW (findings_test_dialog ()));
  g_assert_true (findings_test_wait_for (findings_test_dialog_gone, NULL));
}

static guint
count_labels (GtkWidget  *root,
              const char *text)
{
  g_autoptr(GPtrArray) labels = findings_test_collect_labels (root);
  guint count = 0;

  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), text) == 0)
      count++;

  return count;
}

static GtkWidget *
shortcuts_window (void)
{
  return findings_test_find_window (GTK_APPLICATION (app), GTK_TYPE_SHORTCUTS_WINDOW);
}

static gboolean
shortcuts_shown (gpointer data)
{
  return shortcuts_window () != NULL && gtk_widget_get_mapped (shortcuts_window ());
}

static gboolean
shortcuts_gone (gpointer data)
{
  return shortcuts_window () == NULL && count_toplevels (TRUE) == 1;
}

static void
test_shortcuts_window (void)
{
  assert_no_hidden_windows ();
  g_assert_null (shortcuts_window ());

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  g_assert_true (findings_test_wait_for (shortcuts_shown, NULL));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (shortcuts_window ())) ==
                 GTK_WINDOW (window));
  /* Every shortcut listed shows its keys (Ctrl+? and Ctrl+Q as well as Alt+←). */
  findings_test_assert_label (shortcuts_window (), "Keyboard shortcuts");
  g_assert_cmpuint (count_labels (shortcuts_window (), "Ctrl"), ==, 2);
  shoot_widget (shortcuts_window (), "shortcuts");

  gtk_window_close (GTK_WINDOW (shortcuts_window ()));
  g_assert_true (findings_test_wait_for (shortcuts_gone, NULL));
  assert_no_hidden_windows ();
}

static void
run_tests (void)
{
  window = FINDINGS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);

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
  const char *size = g_getenv ("FINDINGS_TEST_SIZE");
  GtkWindow *win = gtk_application_get_active_window (GTK_APPLICATION (application));
  int width = 1280, height = 800;

  if (size != NULL)
    sscanf (size, "%dx%d", &width, &height);
  if (g_strcmp0 (g_getenv ("FINDINGS_TEST_STYLE"), "dark") == 0)
    {
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          ADW_COLOR_SCHEME_FORCE_DARK);
      shot_suffix = "-dark";
    }

  /* Map the window again at the size under test. */
  gtk_widget_set_visible (GTK_WIDGET (win), FALSE);
  gtk_window_set_default_size (win, width, height);
  gtk_window_present (win);

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
  const char *app_argv[] = { "findings", "--demo", NULL };
  const char *size = g_getenv ("FINDINGS_TEST_SIZE");
  int width = 1280, height = 800;

  g_test_init (&argc, &argv, NULL);

  if (size != NULL)
    sscanf (size, "%dx%d", &width, &height);
  findings_test_start_xvfb (width, height);

  g_test_add_func ("/ui/visit-list", test_visit_list);
  g_test_add_func ("/ui/visit-page", test_visit_page);
  g_test_add_func ("/ui/recommendation-page", test_recommendation_page);
  g_test_add_func ("/ui/expired-quote", test_expired_quote);
  g_test_add_func ("/ui/plain-text", test_plain_text);
  g_test_add_func ("/ui/follow-up", test_follow_up);
  g_test_add_func ("/ui/photos", test_photos);
  g_test_add_func ("/ui/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/ui/decide/expired-offers-call", test_expired_offers_call);
  g_test_add_func ("/ui/decide/accept", test_accept);
  g_test_add_func ("/ui/decide/decline-then-accept", test_decline_then_accept);
  g_test_add_func ("/ui/decide/request-call", test_request_call);

  app = findings_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), NULL);
  g_application_run (G_APPLICATION (app), 2, (char **) app_argv);
  g_clear_object (&app);

  findings_test_stop_xvfb ();

  return test_status;
}
