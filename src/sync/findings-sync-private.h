/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "findings-sync.h"
#include "findings-visit.h"

G_BEGIN_DECLS

/* Shared by the files of FindingsSync: findings-sync.c (state, scheduling),
 * -request.c (one HTTP exchange), -pull.c, -photos.c and -push.c (the steps of
 * a run), -report.c. Tests may use the hooks at the end. */

#define FINDINGS_SYNC_SOCKET_TIMEOUT_S  20
#define FINDINGS_SYNC_REQUEST_TIMEOUT_S 60

struct _FindingsSync
{
  GObject            parent_instance;

  FindingsStore     *store;
  char              *base_url;     /* without a trailing slash */
  char              *token;
  GError            *config_error; /* why base_url or token cannot be used, or NULL */
  gboolean           loopback;
  SoupSession       *session;
  guint              request_timeout_s;

  FindingsSyncState  state;
  guint              n_pending;
  char              *last_error;
  GDateTime         *last_success;

  gboolean           running;
  GHashTable        *damaged_photos; /* the photo key (id and sha256) of bytes that did not match */

  /* Automatic mode */
  gboolean           started;
  gboolean           run_again;    /* a kick arrived during a run */
  GCancellable      *auto_cancellable;
  guint              timer_id;
  GNetworkMonitor   *monitor;
  GNetworkMonitor   *chosen_monitor; /* set by the caller: heeded even on loopback */
  gulong             network_changed_id;
  gint64             last_run_us;
  gint64             busy_until_us;  /* the office asked us to wait (Retry-After) */
  gint64             quiet_until_us; /* the office was out of reach: retry no sooner */
};

typedef struct
{
  char *id;
  char *sha256;
  char *media_type;
} PhotoRef;

/* One run, the task data of findings_sync_run_async(). */
typedef struct
{
  FindingsSyncReport *report;
  char               *cursor;
  gboolean            cursor_reset;
  GPtrArray          *photos;       /* PhotoRef still to fetch */
  GHashTable         *photo_ids;    /* the photo key (id and sha256) of those already queued */
  guint               next_photo;
  GPtrArray          *outbox;
  guint               next_entry;
  SoupMessage        *msg;          /* the request in flight */
  GError             *failure;      /* the first problem that let the run go on */
  gboolean            retryable;    /* whether trying again later may cure it */
  gboolean            unauthorized;
  gboolean            any_waiting;
} Run;

/* findings-sync-report.c */
FindingsSyncReport  *_findings_sync_report_new         (void);
FindingsSyncOutcome *_findings_sync_report_add_outcome (FindingsSyncReport      *report,
                                                        FindingsSyncOutcomeKind  kind,
                                                        const char              *decision_id,
                                                        const char              *recommendation_id);

/* findings-sync.c: the end of a run, and what it tells the world */
void _findings_sync_run_return               (GTask        *task,
                                              GError       *error);
void _findings_sync_run_note_failure         (Run          *run,
                                              GError       *error,
                                              gboolean      retryable);
void _findings_sync_run_add_problem          (Run          *run,
                                              const char   *problem);
void _findings_sync_emit_visits_changed      (FindingsSync *self,
                                              GPtrArray    *visits);
void _findings_sync_emit_photo_stored        (FindingsSync *self,
                                              const char   *photo_id);
void _findings_sync_emit_decision_answered   (FindingsSync           *self,
                                              const char             *decision_id,
                                              FindingsDecisionAnswer *answer);
void _findings_sync_emit_decision_refused    (FindingsSync *self,
                                              const char   *decision_id,
                                              const char   *recommendation_id,
                                              const char   *problem_type,
                                              const char   *detail);

/* findings-sync-request.c: one exchange with the office, and reading its answers */
char        *_findings_sync_api_url                  (FindingsSync         *self,
                                                      const char           *path);
SoupMessage *_findings_sync_new_message              (FindingsSync         *self,
                                                      const char           *method,
                                                      const char           *url);
void         _findings_sync_request_async            (FindingsSync         *self,
                                                      SoupMessage          *msg,
                                                      gsize                 max_size,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
GBytes      *_findings_sync_request_finish           (FindingsSync         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void         _findings_sync_send_bounded_async       (SoupSession          *session,
                                                      SoupMessage          *msg,
                                                      gsize                 max_size,
                                                      guint                 timeout_s,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
GBytes      *_findings_sync_send_bounded_finish      (GAsyncResult         *result,
                                                      GError              **error);
char        *_findings_sync_describe_transport_error (const GError         *error);
GError      *_findings_sync_bad_response             (const char           *what);
GError      *_findings_sync_bad_document             (const GError         *parse_error);
void         _findings_sync_read_problem             (GBytes               *body,
                                                      guint                 status,
                                                      char                **out_type,
                                                      char                **out_detail);
GError      *_findings_sync_server_error             (guint                 status,
                                                      GBytes               *body);
gboolean     _findings_sync_is_unauthorized          (guint                 status);

/* The steps of a run, in their order (-pull.c, -photos.c, -push.c): each goes on
 * to the next by itself, and the push ends the run. */
void _findings_sync_run_pull   (GTask *task);
void _findings_sync_run_photos (GTask *task);
void _findings_sync_run_push   (GTask *task);

/* findings-sync-photos.c */
void _findings_sync_photo_ref_free (gpointer       data);
void _findings_sync_queue_photos   (FindingsSync  *self,
                                    Run           *run,
                                    FindingsVisit *visit);

/* Test hooks (findings-sync.c). */
void _findings_sync_set_request_timeout (FindingsSync    *self,
                                         guint            seconds);
void _findings_sync_set_network_monitor (FindingsSync    *self,
                                         GNetworkMonitor *monitor);

G_END_DECLS
