/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "findings-recommendation.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_RECOMMENDATION_ROW (findings_recommendation_row_get_type ())

G_DECLARE_FINAL_TYPE (FindingsRecommendationRow, findings_recommendation_row, FINDINGS,
                      RECOMMENDATION_ROW, GtkWidget)

FindingsRecommendationRow *findings_recommendation_row_new                (void);
void                       findings_recommendation_row_set_recommendation (FindingsRecommendationRow *self,
                                                                           FindingsRecommendation    *recommendation);

G_END_DECLS
