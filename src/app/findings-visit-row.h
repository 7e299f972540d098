/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FINDINGS_TYPE_VISIT_ROW (findings_visit_row_get_type ())

G_DECLARE_FINAL_TYPE (FindingsVisitRow, findings_visit_row, FINDINGS, VISIT_ROW, GtkWidget)

FindingsVisitRow *findings_visit_row_new      (void);
void              findings_visit_row_set_item (FindingsVisitRow *self,
                                               GObject          *item);

G_END_DECLS
