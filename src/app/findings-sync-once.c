/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-sync-once"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-office-config.h"
#include "findings-store.h"
#include "findings-sync.h"
#include "findings-sync-once.h"

/* `findings --sync-once`, for installers and scripts: one pull and one push, what
 * happened on standard output, and a non-zero exit when something did not go. */

#define EXIT_NO_OFFICE 2

typedef struct
{
  gboolean            done;
  FindingsSyncReport *report;
  GError             *error;
} SyncOnce;

static void
sync_once_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncOnce *state = user_data;

  findings_sync_run_finish (FINDINGS_SYNC (object), result, &state->report, &state->error);
  state->done = TRUE;
}

static void
print_outcome (const FindingsSyncOutcome *outcome)
{
  switch (outcome->kind)
    {
    case FINDINGS_SYNC_OUTCOME_REFUSED:
      g_print (_("  Refused: %s on %s: %s\n"), outcome->decision_id,
               outcome->recommendation_id, outcome->problem_type);
      break;

    case FINDINGS_SYNC_OUTCOME_WAITING:
      g_print (_("  Waiting: %s on %s: %s\n"), outcome->decision_id,
               outcome->recommendation_id, outcome->detail != NULL ? outcome->detail : "");
      break;

    case FINDINGS_SYNC_OUTCOME_SENT:
    default:
      break;
    }
}

static void
print_report (const FindingsSyncReport *report)
{
  g_print (_("Visits: %u received, %u set aside\n"), report->visits_pulled,
           report->visits_rejected);
  g_print (_("Photos: %u received, %u set aside\n"), report->photos_fetched,
           report->photos_rejected);
  g_print (_("Decisions: %u sent, %u refused by the office, %u still waiting\n"),
           report->decisions_sent, report->decisions_refused, report->decisions_waiting);

  for (guint i = 0; report->problems != NULL && i < report->problems->len; i++)
    g_print ("  %s\n", (const char *) g_ptr_array_index (report->problems, i));

  for (guint i = 0; report->outcomes != NULL && i < report->outcomes->len; i++)
    print_outcome (g_ptr_array_index (report->outcomes, i));
}

/**
 * findings_sync_once_run:
 *
 * Pulls and pushes once with the office this device is set up for, into its usual
 * store, printing what happened.
 *
 * Returns: the exit status: 0 when everything went, 1 when something was set aside
 *   or could not be sent (or the run failed), 2 when no usable office is set up
 */
int
findings_sync_once_run (void)
{
  g_autoptr(FindingsOfficeConfig) office = findings_office_config_load ();
  g_autofree char *store_path = NULL;
  g_autoptr(FindingsStore) store = NULL;
  g_autoptr(FindingsSync) sync = NULL;
  g_autoptr(GTlsDatabase) tls_database = NULL;
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  SyncOnce state = { FALSE, NULL, NULL };

  if (office == NULL)
    {
      g_printerr (_("No office is set up on this device. Set the office address "
                    "(app.findings.Findings office-url) and its token first.\n"));
      return EXIT_NO_OFFICE;
    }

  store_path = findings_office_config_dup_store_path ();
  store = findings_store_open (store_path, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  if (!findings_sync_check_url (findings_office_config_get_url (office), &error))
    {
      g_printerr (_("The office address is not usable: %s\n"), error->message);
      return EXIT_NO_OFFICE;
    }

  if (findings_office_config_get_problem (office) != NULL)
    {
      g_printerr ("%s\n", findings_office_config_get_problem (office));
      return EXIT_NO_OFFICE;
    }

  tls_database = findings_office_config_dup_tls_database (office, &error);
  if (error != NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_NO_OFFICE;
    }

  sync = findings_sync_new (store, findings_office_config_get_url (office),
                            findings_office_config_get_token (office));
  if (tls_database != NULL)
    findings_sync_set_tls_database (sync, tls_database);
  findings_sync_run_async (sync, NULL, sync_once_cb, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);

  report = state.report;
  error = state.error;
  if (error != NULL)
    {
      g_printerr (_("Sync failed: %s\n"), error->message);
      return EXIT_FAILURE;
    }

  print_report (report);
  return report->visits_rejected > 0 || report->photos_rejected > 0 ||
         (report->decisions_waiting > 0 && findings_sync_get_last_error (sync) != NULL);
}
