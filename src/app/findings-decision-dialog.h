/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "findings-enums.h"
#include "findings-recommendation.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_DECISION_DIALOG (findings_decision_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FindingsDecisionDialog, findings_decision_dialog, FINDINGS, DECISION_DIALOG,
                      AdwWindow)

FindingsDecisionDialog *findings_decision_dialog_new (GtkWindow              *parent,
                                                      FindingsRecommendation *recommendation,
                                                      FindingsAction          action);

G_END_DECLS
