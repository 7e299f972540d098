/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "findings-decision-answer.h"
#include "findings-store.h"
#include "findings-sync-enums.h"
#include "findings-sync-enum-types.h"

G_BEGIN_DECLS

#define FINDINGS_SYNC_ERROR (findings_sync_error_quark ())

typedef enum
{
  FINDINGS_SYNC_ERROR_INVALID_URL,
  /* Plain http:// to a host that is not loopback. */
  FINDINGS_SYNC_ERROR_INSECURE,
  FINDINGS_SYNC_ERROR_UNAUTHORIZED,
  /* Another run is in progress. */
  FINDINGS_SYNC_ERROR_BUSY,
  FINDINGS_SYNC_ERROR_TIMEOUT,
  FINDINGS_SYNC_ERROR_TOO_LARGE,
  /* The office answered, but not with what the API promises. */
  FINDINGS_SYNC_ERROR_BAD_RESPONSE,
  /* The office answered with an error status (5xx, 429, or an unexpected 4xx). */
  FINDINGS_SYNC_ERROR_SERVER,
} FindingsSyncError;

/* What became of one decision the run tried to send. */
typedef struct
{
  FindingsSyncOutcomeKind  kind;
  char                    *decision_id;
  char                    *recommendation_id;
  /* SENT: the office's answer: the recommendation's status there, and its follow-up. */
  FindingsDecisionAnswer  *answer;
  /* REFUSED: the problem type to branch on, and the office's words for a person. */
  char                    *problem_type;
  /* REFUSED: the office's detail; WAITING: why it waits, in plain words. */
  char                    *detail;
  /* WAITING: when it will be tried again, in g_get_real_time () microseconds. */
  gint64                   next_attempt_us;
} FindingsSyncOutcome;

typedef struct
{
  guint      visits_pulled;
  guint      visits_rejected;
  guint      photos_fetched;
  guint      photos_rejected;
  guint      decisions_sent;
  guint      decisions_refused;
  /* Decisions still in the outbox after the run, due or not. */
  guint      decisions_waiting;
  /* One FindingsSyncOutcome per decision tried, in the order they were sent. */
  GPtrArray *outcomes;
  /* Plain words for each visit or photo set aside, and why. */
  GPtrArray *problems;
} FindingsSyncReport;

#define FINDINGS_TYPE_SYNC_REPORT (findings_sync_report_get_type ())
#define FINDINGS_TYPE_SYNC        (findings_sync_get_type ())

G_DECLARE_FINAL_TYPE (FindingsSync, findings_sync, FINDINGS, SYNC, GObject)

GQuark              findings_sync_error_quark         (void);
GType               findings_sync_report_get_type     (void);

FindingsSyncReport *findings_sync_report_copy         (const FindingsSyncReport  *report);
void                findings_sync_report_free         (FindingsSyncReport        *report);

gboolean            findings_sync_check_url           (const char                *base_url,
                                                       GError                   **error);

FindingsSync       *findings_sync_new                 (FindingsStore             *store,
                                                       const char                *base_url,
                                                       const char                *token);

void                findings_sync_set_tls_database    (FindingsSync              *self,
                                                       GTlsDatabase              *database);

FindingsSyncState   findings_sync_get_state           (FindingsSync              *self);
guint               findings_sync_get_n_pending       (FindingsSync              *self);
const char         *findings_sync_get_last_error      (FindingsSync              *self);
GDateTime          *findings_sync_get_last_success    (FindingsSync              *self);
char               *findings_sync_describe_state      (FindingsSync              *self);

void                findings_sync_run_async           (FindingsSync              *self,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
gboolean            findings_sync_run_finish          (FindingsSync              *self,
                                                       GAsyncResult              *result,
                                                       FindingsSyncReport       **report,
                                                       GError                   **error);

/* Automatic mode, for the app. */
void                findings_sync_start               (FindingsSync              *self);
void                findings_sync_stop                (FindingsSync              *self);
void                findings_sync_kick                (FindingsSync              *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FindingsSyncReport, findings_sync_report_free)

G_END_DECLS
