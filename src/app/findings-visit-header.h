/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "findings-visit.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_VISIT_HEADER (findings_visit_header_get_type ())

G_DECLARE_FINAL_TYPE (FindingsVisitHeader, findings_visit_header, FINDINGS, VISIT_HEADER,
                      GtkWidget)

FindingsVisitHeader *findings_visit_header_new       (void);
void                 findings_visit_header_set_visit (FindingsVisitHeader *self,
                                                      FindingsVisit       *visit);

G_END_DECLS
