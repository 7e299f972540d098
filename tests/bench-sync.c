/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "bench-sync"

#include "config.h"

#include "findings-store.h"
#include "findings-sync.h"
#include "findings-visit-parser.h"

/* bench-sync URL TOKEN DIR N: a kiosk store in DIR pulls the office's visits, queues
 * one accept for each of the first N open recommendations, and sends them all in one
 * sync run. Prints one line of key=value pairs (milliseconds, decisions per second). */

typedef struct
{
  GMainLoop          *loop;
  FindingsSyncReport *report;
  GError             *error;
  guint               pending;
} Waiter;

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Waiter *waiter = user_data;

  findings_sync_run_finish (FINDINGS_SYNC (source), result, &waiter->report, &waiter->error);
  g_main_loop_quit (waiter->loop);
}

static double
run_once (FindingsSync        *sync,
          FindingsSyncReport **report)
{
  Waiter waiter = { g_main_loop_new (NULL, FALSE), NULL, NULL, 0 };
  gint64 start = g_get_monotonic_time ();

  findings_sync_run_async (sync, NULL, run_cb, &waiter);
  g_main_loop_run (waiter.loop);
  g_main_loop_unref (waiter.loop);
  if (waiter.error != NULL)
    g_error ("sync: %s", waiter.error->message);

  *report = waiter.report;
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Waiter *waiter = user_data;
  g_autoptr(GError) error = NULL;

  if (!findings_store_add_decision_finish (FINDINGS_STORE (source), result, &error))
    g_error ("%s", error->message);
  if (--waiter->pending == 0)
    g_main_loop_quit (waiter->loop);
}

static guint
queue_decisions (FindingsStore *store,
                 guint          n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bodies = findings_store_load_visit_bodies (store, &error);
  Waiter waiter = { g_main_loop_new (NULL, FALSE), NULL, NULL, 0 };
  guint queued = 0;

  if (bodies == NULL)
    g_error ("%s", error->message);

  for (guint v = 0; v < bodies->len && queued < n; v++)
    {
      g_autoptr(FindingsVisit) visit = findings_visit_parse_bytes (g_ptr_array_index (bodies, v),
                                                                   &error);
      GListModel *recs;

      if (visit == NULL)
        g_error ("%s", error->message);
      recs = findings_visit_get_recommendations (visit);
      for (guint r = 0; r < g_list_model_get_n_items (recs) && queued < n; r++)
        {
          g_autoptr(FindingsRecommendation) rec = g_list_model_get_item (recs, r);
          g_autoptr(FindingsOption) option = NULL;
          g_autoptr(FindingsDecision) decision = NULL;

          if (findings_recommendation_get_status (rec) != FINDINGS_STATUS_OPEN ||
              g_list_model_get_n_items (findings_recommendation_get_options (rec)) == 0)
            continue;

          option = g_list_model_get_item (findings_recommendation_get_options (rec), 0);
          decision = findings_decision_new (FINDINGS_ACTION_ACCEPT);
          findings_decision_set_visit_id (decision, findings_visit_get_id (visit));
          findings_decision_set_recommendation_id (decision,
                                                   findings_recommendation_get_id (rec));
          findings_decision_set_option_id (decision, findings_option_get_id (option));
          findings_decision_set_decided_by_name (decision, "Dana Whitfield");
          findings_decision_set_decided_by_role (decision, "Facility manager");
          findings_decision_set_kiosk_id (decision, "k-bench");
          findings_decision_set_app_version (decision, PACKAGE_VERSION);
          waiter.pending++;
          findings_store_add_decision_async (store, decision, NULL, added_cb, &waiter);
          queued++;
        }
    }

  if (waiter.pending > 0)
    g_main_loop_run (waiter.loop);
  g_main_loop_unref (waiter.loop);
  return queued;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FindingsStore) store = NULL;
  g_autoptr(FindingsSync) sync = NULL;
  g_autoptr(FindingsSyncReport) pulled = NULL;
  g_autoptr(FindingsSyncReport) pushed = NULL;
  g_autofree char *path = NULL;
  double pull_ms, push_ms;
  guint queued;

  if (argc != 5)
    {
      g_printerr ("Usage: bench-sync URL TOKEN DIR N\n");
      return 2;
    }

  path = g_build_filename (argv[3], "kiosk.db", NULL);
  store = findings_store_open (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  sync = findings_sync_new (store, argv[1], argv[2]);

  pull_ms = run_once (sync, &pulled);
  queued = queue_decisions (store, (guint) g_ascii_strtoull (argv[4], NULL, 10));
  push_ms = run_once (sync, &pushed);

  g_print ("pulled=%u pull_ms=%.1f queued=%u sent=%u refused=%u waiting=%u push_ms=%.1f"
           " rate=%.1f\n",
           pulled->visits_pulled, pull_ms, queued, pushed->decisions_sent,
           pushed->decisions_refused, pushed->decisions_waiting, push_ms,
           pushed->decisions_sent / (push_ms / 1000.0));
  return 0;
}
