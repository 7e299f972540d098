/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-visit-page"

#include "config.h"

#include <adwaita.h>

#include "findings-recommendation-row.h"
#include "findings-resources.h"
#include "findings-test-display.h"
#include "findings-visit-page.h"

/* A visit of many recommendations: its first frame shows the first screenful, the
 * rest of the items join in the frame after, and each row is a compact one. */

#define N_ITEMS 300

static GtkWidget *window;

static FindingsVisit *
make_visit (guint n)
{
  FindingsVisit *visit = findings_visit_new ("v-many");
  g_autoptr(FindingsSite) site = findings_site_new ("s-1");
  g_autoptr(GDateTime) completed = g_date_time_new_utc (2026, 3, 24, 16, 0, 0);

  findings_site_set_name (site, "Bench Site");
  findings_site_set_timezone (site, "America/Toronto");
  findings_visit_set_site (visit, site);
  findings_visit_set_completed_at (visit, completed);
  findings_visit_set_technician_name (visit, "Sam Tech");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("r-%u", i);
      g_autofree char *title = g_strdup_printf ("Item %u", i + 1);
      g_autoptr(FindingsRecommendation) rec = findings_recommendation_new (id);

      findings_recommendation_set_title (rec, title);
      findings_recommendation_set_finding (rec, "A long finding that the row no longer shows, "
                                                "only the recommendation's own page.");
      findings_recommendation_set_urgency (rec, FINDINGS_URGENCY_PLAN);
      findings_recommendation_set_category (rec, i == 7 ? FINDINGS_CATEGORY_SAFETY
                                                        : FINDINGS_CATEGORY_RELIABILITY);
      findings_visit_add_recommendation (visit, rec);
    }

  return visit;
}

static GListModel *
list_model (GtkWidget *page)
{
  GtkWidget *list = findings_test_find_widget (page, GTK_TYPE_LIST_VIEW);

  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
}

static gboolean
all_items_listed (gpointer data)
{
  return g_list_model_get_n_items (list_model (data)) == N_ITEMS + 1;
}

static void
test_first_screenful (void)
{
  g_autoptr(FindingsVisit) visit = make_visit (N_ITEMS);
  GtkWidget *page = g_object_new (FINDINGS_TYPE_VISIT_PAGE, "visit", visit, NULL);
  guint first;

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));

  /* Before the first frame the list holds the summary and the first items only:
   * the list view would otherwise build some 200 rows before it draws anything. */
  first = g_list_model_get_n_items (list_model (page));
  g_assert_cmpuint (first, >, 1);
  g_assert_cmpuint (first, <, 50);

  /* The rest follow by themselves, safety first as always. */
  g_assert_true (findings_test_wait_for (all_items_listed, page));
  {
    g_autoptr(GObject) top = g_list_model_get_item (list_model (page), 1);

    g_assert_cmpstr (findings_recommendation_get_id (FINDINGS_RECOMMENDATION (top)), ==, "r-7");
  }

  /* The same visit again keeps its rows: no shrinking back to the first screenful. */
  findings_visit_page_set_visit (FINDINGS_VISIT_PAGE (page), NULL);
  findings_visit_page_set_visit (FINDINGS_VISIT_PAGE (page), visit);
  g_assert_true (findings_test_wait_for (all_items_listed, page));

  findings_test_settle ();
  findings_test_shoot (window, "visit-page-many", "");
}

/* A row shows the title, not the finding: the long text is on the page. */
static void
test_compact_row (void)
{
  GtkWidget *page = gtk_window_get_child (GTK_WINDOW (window));
  GtkWidget *row = findings_test_find_widget (page, FINDINGS_TYPE_RECOMMENDATION_ROW);

  g_assert_nonnull (row);
  g_assert_true (findings_test_has_label (page, "Item 1"));
  g_assert_false (findings_test_has_label (page, "A long finding"));
}

int
main (int   argc,
      char *argv[])
{
  int width = 1280, height = 800;
  const char *size;
  int status;

  g_test_init (&argc, &argv, NULL);

  size = g_getenv ("FINDINGS_TEST_SIZE");
  if (size != NULL)
    sscanf (size, "%dx%d", &width, &height);
  findings_test_start_xvfb (width, height);
  gtk_init ();
  adw_init ();
  findings_register_resource ();
  {
    /* The app's own style sheet, as the app has it, for the screenshots. */
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/app/findings/Findings/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);

  g_test_add_func ("/visit-page/first-screenful", test_first_screenful);
  g_test_add_func ("/visit-page/compact-row", test_compact_row);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  findings_test_stop_xvfb ();
  return status;
}
