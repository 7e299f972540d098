/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "findings-recommendation.h"
#include "findings-visit.h"
#include "findings-window.h"

G_BEGIN_DECLS

GtkWidget *findings_test_dialog           (void);
gboolean   findings_test_dialog_shown     (gpointer                data);
gboolean   findings_test_dialog_gone      (gpointer                data);
gboolean   findings_test_label_in_dialog  (gpointer                text);
void       findings_test_open_decision    (FindingsWindow         *window,
                                           FindingsVisit          *visit,
                                           FindingsRecommendation *recommendation,
                                           const char             *action);

G_END_DECLS
