/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "findings-technician-lock.h"

G_BEGIN_DECLS

/* For tests: the pieces of the lock, each on its own. */

/* The wall clock, in microseconds since the epoch (g_get_real_time by default). */
typedef gint64 (*FindingsLockClock) (gpointer user_data);

/* PBKDF2 (RFC 8018, section 5.2) with HMAC-SHA256 as its PRF. */
void     _findings_pbkdf2_sha256                 (const guint8           *password,
                                                  gsize                   password_len,
                                                  const guint8           *salt,
                                                  gsize                   salt_len,
                                                  guint                   iterations,
                                                  guint8                 *out,
                                                  gsize                   out_len);

/* "pbkdf2-sha256$ITER$SALT_B64$HASH_B64" for @pin with @salt. */
char    *_findings_technician_lock_hash          (const char             *pin,
                                                  const guint8           *salt,
                                                  gsize                   salt_len,
                                                  guint                   iterations);
/* Whether @pin matches a stored line, compared in constant time. */
gboolean _findings_technician_lock_verify        (const char             *pin,
                                                  const char             *stored,
                                                  GError                **error);

/* Seconds to wait after @failures wrong tries in a row. */
guint    _findings_technician_lock_delay         (guint                   failures);
/* Seconds still to wait, @now_us and @last_failure_us on the same clock. */
guint    _findings_technician_lock_remaining     (guint                   failures,
                                                  gint64                  last_failure_us,
                                                  gint64                  now_us);

void     _findings_technician_lock_set_clock     (FindingsTechnicianLock *self,
                                                  FindingsLockClock       clock,
                                                  gpointer                user_data);
void     _findings_technician_lock_set_iterations (FindingsTechnicianLock *self,
                                                   guint                   iterations);
guint    _findings_technician_lock_get_failures  (FindingsTechnicianLock *self);

/* The iterations a new PIN is hashed with: about 0.4 s on a 2-core test machine,
 * and what OWASP advises for PBKDF2-HMAC-SHA256. */
#define FINDINGS_TECHNICIAN_LOCK_ITERATIONS 600000

G_END_DECLS
