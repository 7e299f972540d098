/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "bench-core"

#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "findings-store.h"
#include "findings-visit-parser.h"

/* Two measurements of the kiosk's core against their yardsticks, each interleaved
 * with its yardstick, printed as one line of key=value pairs (milliseconds):
 *
 *   bench-core parse FILE RUNS   findings_visit_parse () against a bare JsonParser that
 *                                loads the document and frees its tree
 *   bench-core commit DIR N      a decision through the store's writer thread to its
 *                                COMMIT, against a raw INSERT with the same pragmas */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The value below which the given share of the samples lie (nearest rank). */
static double
percentile (GArray *samples,
            double  share)
{
  guint rank;

  g_array_sort (samples, compare_doubles);
  rank = (guint) MAX (1.0, share * samples->len + 0.999999);
  return g_array_index (samples, double, MIN (rank, samples->len) - 1);
}

static double
ms_between (gint64 start,
            gint64 end)
{
  return (end - start) / 1000.0;
}

static int
bench_parse (const char *path,
             guint       runs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, &error);
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  const char *data;
  gsize length;

  if (file == NULL)
    g_error ("%s", error->message);
  data = g_mapped_file_get_contents (file);
  length = g_mapped_file_get_length (file);

  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(FindingsVisit) visit = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      gint64 start;
      double ms;

      /* Read and let go, as any reader of the document does: the tree is freed. */
      start = g_get_monotonic_time ();
      if (!json_parser_load_from_data (parser, data, length, &error))
        g_error ("%s", error->message);
      g_assert_nonnull (json_parser_get_root (parser));
      g_clear_object (&parser);
      ms = ms_between (start, g_get_monotonic_time ());
      g_array_append_val (bare, ms);

      start = g_get_monotonic_time ();
      visit = findings_visit_parse (data, length, &error);
      if (visit == NULL)
        g_error ("%s", error->message);
      ms = ms_between (start, g_get_monotonic_time ());
      g_array_append_val (ours, ms);
    }

  g_print ("findings=%.1f jsonparser=%.1f bytes=%" G_GSIZE_FORMAT "\n",
           percentile (ours, 0.5), percentile (bare, 0.5), length);
  return 0;
}

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  if (!findings_store_add_decision_finish (FINDINGS_STORE (source), result, &error))
    g_error ("%s", error->message);
  *done = TRUE;
}

static FindingsDecision *
make_decision (guint i)
{
  FindingsDecision *decision = findings_decision_new (FINDINGS_ACTION_ACCEPT);
  g_autofree char *rec = g_strdup_printf ("r-%u", i);

  findings_decision_set_visit_id (decision, "v-bench");
  findings_decision_set_recommendation_id (decision, rec);
  findings_decision_set_option_id (decision, "o-1");
  findings_decision_set_decided_by_name (decision, "Dana Whitfield");
  findings_decision_set_decided_by_role (decision, "Facility manager");
  findings_decision_set_kiosk_id (decision, "k-bench");
  findings_decision_set_app_version (decision, PACKAGE_VERSION);

  return decision;
}

static void
check_sqlite (sqlite3    *db,
              int         rc,
              const char *what)
{
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    g_error ("%s: %s", what, sqlite3_errmsg (db));
}

static int
bench_commit (const char *dir,
              guint       n)
{
  g_autofree char *store_path = g_build_filename (dir, "store.db", NULL);
  g_autofree char *raw_path = g_build_filename (dir, "raw.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FindingsStore) store = findings_store_open (store_path, &error);
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3 *raw = NULL;
  sqlite3_stmt *insert = NULL;

  if (store == NULL)
    g_error ("%s", error->message);

  check_sqlite (raw, sqlite3_open (raw_path, &raw), "open");
  check_sqlite (raw, sqlite3_exec (raw, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                                   "CREATE TABLE outbox (id TEXT PRIMARY KEY, body TEXT);",
                                   NULL, NULL, NULL), "setup");
  check_sqlite (raw, sqlite3_prepare_v2 (raw, "INSERT INTO outbox VALUES (?, ?)", -1,
                                         &insert, NULL), "prepare");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FindingsDecision) decision = make_decision (i);
      g_autofree char *body = findings_decision_to_json (decision, NULL);
      gboolean done = FALSE;
      gint64 start;
      double ms;

      /* The yardstick: the same bytes, one transaction, on this thread. */
      start = g_get_monotonic_time ();
      check_sqlite (raw, sqlite3_exec (raw, "BEGIN IMMEDIATE", NULL, NULL, NULL), "begin");
      sqlite3_bind_text (insert, 1, findings_decision_get_id (decision), -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, body, -1, SQLITE_STATIC);
      check_sqlite (raw, sqlite3_step (insert), "insert");
      sqlite3_reset (insert);
      check_sqlite (raw, sqlite3_exec (raw, "COMMIT", NULL, NULL, NULL), "commit");
      ms = ms_between (start, g_get_monotonic_time ());
      g_array_append_val (bare, ms);

      /* Findings: from the tap's record to the callback that says it is saved. */
      start = g_get_monotonic_time ();
      findings_store_add_decision_async (store, decision, NULL, added_cb, &done);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
      ms = ms_between (start, g_get_monotonic_time ());
      g_array_append_val (ours, ms);
    }

  sqlite3_finalize (insert);
  sqlite3_close (raw);

  g_print ("findings_p50=%.3f findings_p99=%.3f raw_p50=%.3f raw_p99=%.3f\n",
           percentile (ours, 0.5), percentile (ours, 0.99),
           percentile (bare, 0.5), percentile (bare, 0.99));
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "parse"))
    return bench_parse (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10));
  if (argc == 4 && g_str_equal (argv[1], "commit"))
    return bench_commit (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10));

  g_printerr ("Usage: bench-core parse FILE RUNS | commit DIR N\n");
  return 2;
}
