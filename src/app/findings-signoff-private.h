/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "findings-signoff.h"

G_BEGIN_DECLS

/* For tests: what "Save as PDF…" does once a file is chosen, without the chooser.
 * ::pdf-saved is emitted when it is written (or has failed). */
void _findings_signoff_save_pdf      (FindingsSignoff *self,
                                      GFile           *file);
/* For tests: "Print…" through GtkPrintOperation, exported to @path, no dialog. */
void _findings_signoff_print_to_file (FindingsSignoff *self,
                                      const char      *path);
/* Where "Save as PDF…" writes on a kiosk, which shows no file chooser: a fixed folder,
 * under a name no earlier report holds. */
GFile *_findings_signoff_dup_kiosk_report_file (FindingsSignoff  *self,
                                                GError          **error);

G_END_DECLS
