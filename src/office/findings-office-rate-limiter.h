/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FINDINGS_TYPE_OFFICE_RATE_LIMITER (findings_office_rate_limiter_get_type ())
G_DECLARE_FINAL_TYPE (FindingsOfficeRateLimiter, findings_office_rate_limiter,
                      FINDINGS, OFFICE_RATE_LIMITER, GObject)

FindingsOfficeRateLimiter *findings_office_rate_limiter_new     (void);

gboolean                   findings_office_rate_limiter_allow   (FindingsOfficeRateLimiter *self,
                                                                 const char                *client,
                                                                 guint                     *out_retry_after);
void                       findings_office_rate_limiter_fail    (FindingsOfficeRateLimiter *self,
                                                                 const char                *client);
void                       findings_office_rate_limiter_succeed (FindingsOfficeRateLimiter *self,
                                                                 const char                *client);

G_END_DECLS
