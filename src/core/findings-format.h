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
char      *findings_format_amount_with_tax   (gint64            amount,
                                              const char       *currency,
                                              FindingsTax       tax);
char      *findings_format_option_price      (FindingsOption   *option,
                                              const char       *currency);
const char *findings_format_option_tax       (FindingsOption   *option);
char      *findings_format_option_savings    (FindingsOption   *option,
                                              const char       *currency,
                                              char            **basis);
char      *findings_format_option_payback    (FindingsOption   *option,
                                              const char       *currency,
                                              char            **net,
                                              gboolean         *beyond_life);
char      *findings_format_price_summary     (FindingsRecommendation *recommendation);
char      *findings_format_quote_validity    (FindingsRecommendation *recommendation,
                                              FindingsStatus          status,
                                              GDateTime              *now);
char      *findings_format_follow_up         (FindingsFollowUp *follow_up,
                                              GDateTime        *now);

G_END_DECLS
