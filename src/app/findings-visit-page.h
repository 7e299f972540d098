/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "findings-visit.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_VISIT_PAGE (findings_visit_page_get_type ())

G_DECLARE_FINAL_TYPE (FindingsVisitPage, findings_visit_page, FINDINGS, VISIT_PAGE, GtkWidget)

FindingsVisit *findings_visit_page_get_visit (FindingsVisitPage *self);
void           findings_visit_page_set_visit (FindingsVisitPage *self,
                                              FindingsVisit     *visit);

G_END_DECLS
