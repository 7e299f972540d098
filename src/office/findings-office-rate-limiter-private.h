/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "findings-office-rate-limiter.h"

G_BEGIN_DECLS

/* For tests only: a clock in microseconds (monotonic), and the policy. */
typedef gint64 (*FindingsOfficeRateLimiterClock) (gpointer user_data);

void  _findings_office_rate_limiter_set_clock  (FindingsOfficeRateLimiter      *self,
                                                FindingsOfficeRateLimiterClock  clock,
                                                gpointer                        user_data);
void  _findings_office_rate_limiter_set_policy (FindingsOfficeRateLimiter      *self,
                                                guint                           max_failures,
                                                guint                           window_seconds,
                                                guint                           block_seconds,
                                                guint                           max_clients);
guint _findings_office_rate_limiter_get_size   (FindingsOfficeRateLimiter      *self);

G_END_DECLS
