/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FINDINGS_TECHNICIAN_LOCK_ERROR (findings_technician_lock_error_quark ())

typedef enum
{
  /* The installer has set no PIN yet. */
  FINDINGS_TECHNICIAN_LOCK_ERROR_NO_PIN,
  /* The PIN does not match. */
  FINDINGS_TECHNICIAN_LOCK_ERROR_WRONG_PIN,
  /* Too many wrong tries: wait before the next. */
  FINDINGS_TECHNICIAN_LOCK_ERROR_WAIT,
  /* A new PIN that is too short or not digits only. */
  FINDINGS_TECHNICIAN_LOCK_ERROR_BAD_PIN,
} FindingsTechnicianLockError;

/* A PIN is entered on the kiosk's own keypad: digits only. */
#define FINDINGS_TECHNICIAN_PIN_MIN_LENGTH 4
#define FINDINGS_TECHNICIAN_PIN_MAX_LENGTH 12

#define FINDINGS_TYPE_TECHNICIAN_LOCK (findings_technician_lock_get_type ())

G_DECLARE_FINAL_TYPE (FindingsTechnicianLock, findings_technician_lock, FINDINGS,
                      TECHNICIAN_LOCK, GObject)

GQuark                  findings_technician_lock_error_quark  (void);

FindingsTechnicianLock *findings_technician_lock_new           (void);

gboolean                findings_technician_lock_check_new_pin (const char              *pin,
                                                                GError                 **error);
gboolean                findings_technician_lock_has_pin       (FindingsTechnicianLock  *self,
                                                                GError                 **error);
guint                   findings_technician_lock_get_wait      (FindingsTechnicianLock  *self);
char                   *findings_technician_lock_describe_wait (guint                    seconds);

gboolean                findings_technician_lock_set_pin       (FindingsTechnicianLock  *self,
                                                                const char              *pin,
                                                                GError                 **error);
void                    findings_technician_lock_set_pin_async (FindingsTechnicianLock  *self,
                                                                const char              *pin,
                                                                GCancellable            *cancellable,
                                                                GAsyncReadyCallback      callback,
                                                                gpointer                 user_data);
gboolean                findings_technician_lock_set_pin_finish (FindingsTechnicianLock *self,
                                                                 GAsyncResult           *result,
                                                                 GError                **error);

void                    findings_technician_lock_unlock_async  (FindingsTechnicianLock  *self,
                                                                const char              *pin,
                                                                GCancellable            *cancellable,
                                                                GAsyncReadyCallback      callback,
                                                                gpointer                 user_data);
gboolean                findings_technician_lock_unlock_finish (FindingsTechnicianLock  *self,
                                                                GAsyncResult            *result,
                                                                GError                 **error);

G_END_DECLS
