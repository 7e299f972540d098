/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int findings_export_pdf_run (const char *visit_id,
                             const char *path,
                             const char *paper);

G_END_DECLS
