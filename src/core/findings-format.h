/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "findings-follow-up.h"
#include "findings-option.h"
#include "findings-recommendation.h"

G_BEGIN_DECLS

char      *findings_format_date              (GDateTime        *date_time,
                                              const char       *time_zone);
char      *findings_format_date_short        (GDateTime        *date_time,
                                              const char       *time_zone);
char      *findings_format_calendar_date     (const char       *iso_date);
char      *findings_format_duration_hours    (double            hours);
char      *findings_format_life_years        (double            years);
char      *findings_format_option_price      (FindingsOption   *option,
                                              const char       *currency);
char      *findings_format_price_summary     (FindingsRecommendation *recommendation);
char      *findings_format_follow_up         (FindingsFollowUp *follow_up,
                                              GDateTime        *now);

G_END_DECLS
