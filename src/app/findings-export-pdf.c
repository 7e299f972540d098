/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-export-pdf"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-export-pdf.h"
#include "findings-office-config.h"
#include "findings-report.h"
#include "findings-store.h"

/* `findings --export-pdf VISIT_ID FILE.pdf`: the leave-behind report of one visit, from
 * this device's store, without a window and without the network. */

/**
 * findings_export_pdf_run:
 * @paper: (nullable): "a4" or "letter"; %NULL for the locale's paper
 *
 * Returns: the exit status: 0 when the file was written, 1 otherwise
 */
int
findings_export_pdf_run (const char *visit_id,
                         const char *path,
                         const char *paper)
{
  g_autofree char *store_path = NULL;
  g_autoptr(FindingsStore) store = NULL;
  g_autoptr(FindingsReport) report = NULL;
  g_autoptr(GError) error = NULL;
  FindingsPaper size = findings_paper_from_locale ();

  if (visit_id == NULL || path == NULL)
    {
      g_printerr (_("Usage: findings --export-pdf VISIT_ID FILE.pdf [--paper a4|letter]\n"));
      return EXIT_FAILURE;
    }

  if (paper != NULL && !findings_paper_from_string (paper, &size))
    {
      g_printerr (_("Unknown paper size “%s”: use a4 or letter.\n"), paper);
      return EXIT_FAILURE;
    }

  store_path = findings_office_config_dup_store_path ();
  if (!g_file_test (store_path, G_FILE_TEST_EXISTS))
    {
      g_printerr (_("No visits are stored on this device yet (%s). Fetch them first with "
                    "findings --sync-once.\n"), store_path);
      return EXIT_FAILURE;
    }

  store = findings_store_open (store_path, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  report = findings_report_new_from_store (store, visit_id, &error);
  if (report == NULL || !findings_report_write_pdf (report, path, size, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  return EXIT_SUCCESS;
}
