/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "findings-recommendation.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_RECOMMENDATION_PAGE (findings_recommendation_page_get_type ())

G_DECLARE_FINAL_TYPE (FindingsRecommendationPage, findings_recommendation_page, FINDINGS,
                      RECOMMENDATION_PAGE, GtkWidget)

FindingsRecommendation *findings_recommendation_page_get_recommendation (FindingsRecommendationPage *self);
void                    findings_recommendation_page_set_recommendation (FindingsRecommendationPage *self,
                                                                         FindingsRecommendation     *recommendation);
void                    findings_recommendation_page_set_show_decisions (FindingsRecommendationPage *self,
                                                                         gboolean                    show);

G_END_DECLS
