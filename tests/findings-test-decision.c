/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-test"

#include "config.h"

#include "findings-decision-dialog.h"
#include "findings-recommendation-page.h"
#include "findings-test-decision.h"
#include "findings-test-display.h"

/* The decision dialogs of the application under test, as the UI tests drive them. */

/* The open decision dialog, or NULL. */
GtkWidget *
findings_test_dialog (void)
{
  return findings_test_find_window (GTK_APPLICATION (g_application_get_default ()),
                                    FINDINGS_TYPE_DECISION_DIALOG);
}

/* For findings_test_wait_for(): the dialog is on screen. */
gboolean
findings_test_dialog_shown (gpointer data)
{
  GtkWidget *dialog = findings_test_dialog ();

  return dialog != NULL && gtk_widget_get_mapped (dialog);
}

/* For findings_test_wait_for(): no dialog is open any more. */
gboolean
findings_test_dialog_gone (gpointer data)
{
  return findings_test_dialog () == NULL;
}

/* For findings_test_wait_for(): the dialog shows a label with @text in it. */
gboolean
findings_test_label_in_dialog (gpointer text)
{
  GtkWidget *dialog = findings_test_dialog ();

  return dialog != NULL && findings_test_has_label (dialog, text);
}

/* Shows @recommendation in @window and starts @action ("recommendation.accept",
 * say) from its page, as its button would; returns once the dialog is on screen. */
void
findings_test_open_decision (FindingsWindow         *window,
                             FindingsVisit          *visit,
                             FindingsRecommendation *recommendation,
                             const char             *action)
{
  GtkWidget *page;

  findings_window_show_visit (window, visit);
  findings_window_show_recommendation (window, recommendation);
  findings_test_settle ();

  page = findings_test_find_widget (GTK_WIDGET (window), FINDINGS_TYPE_RECOMMENDATION_PAGE);
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_activate_action (page, action, NULL));
  g_assert_true (findings_test_wait_for (findings_test_dialog_shown, NULL));
}
