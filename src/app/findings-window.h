/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "findings-application.h"
#include "findings-recommendation.h"
#include "findings-visit.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_WINDOW (findings_window_get_type ())

G_DECLARE_FINAL_TYPE (FindingsWindow, findings_window, FINDINGS, WINDOW, AdwApplicationWindow)

FindingsWindow *findings_window_new                 (FindingsApplication    *application);
void            findings_window_show_visit          (FindingsWindow         *self,
                                                     FindingsVisit          *visit);
void            findings_window_show_recommendation (FindingsWindow         *self,
                                                     FindingsRecommendation *recommendation);

G_END_DECLS
