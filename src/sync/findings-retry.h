/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* When to try again after a failure, as pure functions: the clock and the dice
 * are the caller's, so that every number can be checked. */

/* The ceiling of the first backoff, doubled per failed attempt up to the cap. */
#define FINDINGS_RETRY_BACKOFF_BASE_US (G_GINT64_CONSTANT (2) * G_USEC_PER_SEC)
#define FINDINGS_RETRY_BACKOFF_CAP_US  (G_GINT64_CONSTANT (5 * 60) * G_USEC_PER_SEC)
/* The longest wait a Retry-After may impose. */
#define FINDINGS_RETRY_AFTER_CAP_US    (G_GINT64_CONSTANT (60 * 60) * G_USEC_PER_SEC)

/* A number in [0, 1]. */
typedef double (*FindingsRetryRandom) (gpointer user_data);

gint64   findings_retry_backoff_ceiling_us  (guint                attempts);
gint64   findings_retry_backoff_us          (guint                attempts,
                                             FindingsRetryRandom  random,
                                             gpointer             user_data);
gint64   findings_retry_after_parse         (const char          *value,
                                             gint64               now_us);
gboolean findings_retry_status_is_transient (guint                status);
gboolean findings_retry_error_is_transient  (const GError        *error);

G_END_DECLS
