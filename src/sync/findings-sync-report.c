/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-sync"

#include "config.h"

#include "findings-sync-private.h"

/* What one run did, for its caller: a boxed type with a deep copy. */

G_DEFINE_BOXED_TYPE (FindingsSyncReport, findings_sync_report,
                     findings_sync_report_copy, findings_sync_report_free)

static void
outcome_free (gpointer data)
{
  FindingsSyncOutcome *outcome = data;

  g_free (outcome->decision_id);
  g_free (outcome->recommendation_id);
  g_clear_object (&outcome->answer);
  g_free (outcome->problem_type);
  g_free (outcome->detail);
  g_free (outcome);
}

static gpointer
outcome_copy (gconstpointer src,
              gpointer      user_data)
{
  const FindingsSyncOutcome *from = src;
  FindingsSyncOutcome *to = g_new0 (FindingsSyncOutcome, 1);

  to->kind = from->kind;
  to->decision_id = g_strdup (from->decision_id);
  to->recommendation_id = g_strdup (from->recommendation_id);
  to->answer = from->answer != NULL ? g_object_ref (from->answer) : NULL;
  to->problem_type = g_strdup (from->problem_type);
  to->detail = g_strdup (from->detail);
  to->next_attempt_us = from->next_attempt_us;

  return to;
}

FindingsSyncReport *
_findings_sync_report_new (void)
{
  FindingsSyncReport *report = g_new0 (FindingsSyncReport, 1);

  report->outcomes = g_ptr_array_new_with_free_func (outcome_free);
  report->problems = g_ptr_array_new_with_free_func (g_free);

  return report;
}

/* Returns: (transfer none): the new outcome, for the caller to fill in */
FindingsSyncOutcome *
_findings_sync_report_add_outcome (FindingsSyncReport      *report,
                                   FindingsSyncOutcomeKind  kind,
                                   const char              *decision_id,
                                   const char              *recommendation_id)
{
  FindingsSyncOutcome *outcome = g_new0 (FindingsSyncOutcome, 1);

  outcome->kind = kind;
  outcome->decision_id = g_strdup (decision_id);
  outcome->recommendation_id = g_strdup (recommendation_id);
  g_ptr_array_add (report->outcomes, outcome);

  return outcome;
}

/**
 * findings_sync_report_copy:
 * @report: a #FindingsSyncReport
 *
 * Returns: (transfer full): a deep copy of @report
 */
FindingsSyncReport *
findings_sync_report_copy (const FindingsSyncReport *report)
{
  FindingsSyncReport *copy;

  g_return_val_if_fail (report != NULL, NULL);

  copy = g_new0 (FindingsSyncReport, 1);
  *copy = *report;
  copy->outcomes = g_ptr_array_copy (report->outcomes, outcome_copy, NULL);
  g_ptr_array_set_free_func (copy->outcomes, outcome_free);
  copy->problems = g_ptr_array_copy (report->problems, (GCopyFunc) g_strdup, NULL);
  g_ptr_array_set_free_func (copy->problems, g_free);

  return copy;
}

void
findings_sync_report_free (FindingsSyncReport *report)
{
  if (report == NULL)
    return;

  g_clear_pointer (&report->outcomes, g_ptr_array_unref);
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_free (report);
}
