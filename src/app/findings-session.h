/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "findings-decision.h"
#include "findings-office-config.h"
#include "findings-recommendation.h"
#include "findings-session-enum-types.h"
#include "findings-store.h"

G_BEGIN_DECLS

/* Where a recommendation's latest decision stands, for the app to word. */
typedef enum
{
  /* No decision was recorded on this device. */
  FINDINGS_DELIVERY_NONE,
  /* Stored; this device has no office to send it to. */
  FINDINGS_DELIVERY_SAVED,
  /* Stored; the network is down, it goes when it is back. */
  FINDINGS_DELIVERY_WAITING_FOR_NETWORK,
  /* Stored and on its way (or waiting for its next try). */
  FINDINGS_DELIVERY_SENDING,
  /* The office has it. */
  FINDINGS_DELIVERY_SENT,
  /* The office refused it for good; its problem type says why. */
  FINDINGS_DELIVERY_REFUSED,
} FindingsDelivery;

#define FINDINGS_TYPE_SESSION (findings_session_get_type ())

G_DECLARE_FINAL_TYPE (FindingsSession, findings_session, FINDINGS, SESSION, GObject)

FindingsSession    *findings_session_new                    (const char              *kiosk_id);

gboolean            findings_session_open_store             (FindingsSession         *self,
                                                             const char              *path);
void                findings_session_load_cache_async       (FindingsSession         *self,
                                                             GCancellable            *cancellable,
                                                             GAsyncReadyCallback      callback,
                                                             gpointer                 user_data);
gboolean            findings_session_load_cache_finish      (FindingsSession         *self,
                                                             GAsyncResult            *result,
                                                             GError                 **error);
void                findings_session_load_documents_async   (FindingsSession         *self,
                                                             GFile                   *folder,
                                                             GCancellable            *cancellable,
                                                             GAsyncReadyCallback      callback,
                                                             gpointer                 user_data);
gboolean            findings_session_load_documents_finish  (FindingsSession         *self,
                                                             GAsyncResult            *result,
                                                             GError                 **error);
void                findings_session_connect                (FindingsSession         *self,
                                                             FindingsOfficeConfig    *office);
void                findings_session_reconnect              (FindingsSession         *self,
                                                             FindingsOfficeConfig    *office);
void                findings_session_fail                   (FindingsSession         *self,
                                                             const char              *problem);
void                findings_session_stop                   (FindingsSession         *self);

FindingsStore      *findings_session_get_store              (FindingsSession         *self);
GListModel         *findings_session_get_visits             (FindingsSession         *self);
gboolean            findings_session_get_loading            (FindingsSession         *self);
const char * const *findings_session_get_problems           (FindingsSession         *self);
const char         *findings_session_get_sync_status        (FindingsSession         *self);
gboolean            findings_session_has_office             (FindingsSession         *self);

void             findings_session_record_decision_async  (FindingsSession         *self,
                                                          FindingsDecision        *decision,
                                                          FindingsRecommendation  *recommendation,
                                                          GCancellable            *cancellable,
                                                          GAsyncReadyCallback      callback,
                                                          gpointer                 user_data);
gboolean         findings_session_record_decision_finish (FindingsSession         *self,
                                                          GAsyncResult            *result,
                                                          GError                 **error);
FindingsDelivery findings_session_get_delivery           (FindingsSession         *self,
                                                          const char              *rec_id,
                                                          char                   **problem_type,
                                                          char                   **detail,
                                                          gint64                  *next_attempt_us);

G_END_DECLS
