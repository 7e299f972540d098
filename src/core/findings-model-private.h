/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "findings-recommendation.h"
#include "findings-visit.h"

G_BEGIN_DECLS

/* Internal to src/core: the visit sets this when it adopts a recommendation. */
void   findings_recommendation_set_visit (FindingsRecommendation *self,
                                          FindingsVisit          *visit);

G_END_DECLS
