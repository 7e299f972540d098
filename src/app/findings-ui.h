/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "findings-enums.h"
#include "findings-recommendation.h"
#include "findings-session.h"

G_BEGIN_DECLS

void findings_ui_remove_children   (GtkWidget           *widget);
void findings_ui_set_optional_text (GtkLabel            *label,
                                    const char          *text);
void findings_ui_set_safety_style  (GtkWidget           *widget,
                                    FindingsSafetyLevel  level);
void findings_ui_set_status_style  (GtkWidget           *widget,
                                    FindingsStatus       status);
void findings_ui_set_urgency_style (GtkWidget           *widget,
                                    FindingsUrgency      urgency);

char *findings_ui_describe_delivery (FindingsSession         *session,
                                     FindingsRecommendation  *recommendation,
                                     const char             **style);


G_END_DECLS
