/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "findings-decision.h"
#include "findings-store.h"
#include "findings-visit.h"

G_BEGIN_DECLS

typedef enum
{
  FINDINGS_PAPER_A4,
  FINDINGS_PAPER_LETTER,
} FindingsPaper;

gboolean      findings_paper_from_string  (const char    *name,
                                           FindingsPaper *paper);
FindingsPaper findings_paper_from_locale  (void);
void          findings_paper_get_size     (FindingsPaper  paper,
                                           double        *width,
                                           double        *height);

#define FINDINGS_TYPE_REPORT (findings_report_get_type ())

G_DECLARE_FINAL_TYPE (FindingsReport, findings_report, FINDINGS, REPORT, GObject)

FindingsReport *findings_report_new            (FindingsVisit    *visit);
FindingsReport *findings_report_new_from_store (FindingsStore    *store,
                                                const char       *visit_id,
                                                GError          **error);
void            findings_report_add_decision   (FindingsReport   *self,
                                                FindingsDecision *decision);
FindingsVisit  *findings_report_get_visit      (FindingsReport   *self);

guint           findings_report_paginate       (FindingsReport   *self,
                                                cairo_t          *cr,
                                                double            width,
                                                double            height);
void            findings_report_draw_page      (FindingsReport   *self,
                                                cairo_t          *cr,
                                                guint             page);
gboolean        findings_report_write_pdf      (FindingsReport   *self,
                                                const char       *path,
                                                FindingsPaper     paper,
                                                GError          **error);

G_END_DECLS
