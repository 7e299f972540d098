/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "findings-decision.h"

G_BEGIN_DECLS

#define FINDINGS_STORE_ERROR (findings_store_error_quark ())

typedef enum
{
  FINDINGS_STORE_ERROR_OPEN,
  FINDINGS_STORE_ERROR_CORRUPT,
  FINDINGS_STORE_ERROR_IO,
  FINDINGS_STORE_ERROR_BUSY,
  /* The file was written by a newer version of Findings. */
  FINDINGS_STORE_ERROR_VERSION,
  FINDINGS_STORE_ERROR_NOT_FOUND,
  FINDINGS_STORE_ERROR_EXISTS,
  /* The decision would be refused by the office as it is. */
  FINDINGS_STORE_ERROR_INVALID,
  FINDINGS_STORE_ERROR_CHECKSUM,
  FINDINGS_STORE_ERROR_FAILED,
} FindingsStoreError;

GQuark findings_store_error_quark (void);

typedef enum
{
  FINDINGS_OUTBOX_STATE_PENDING,
  FINDINGS_OUTBOX_STATE_SENT,
  FINDINGS_OUTBOX_STATE_REFUSED,
} FindingsOutboxState;

/* One decision in the outbox. Times are microseconds since 1970 (UTC), as
 * g_get_real_time() gives them; 0 for a time that has not happened. */
typedef struct
{
  char                *id;
  char                *visit_id;
  char                *recommendation_id;
  FindingsAction       action;
  /* The exact bytes to send: a retry sends the very same body. */
  GBytes              *body;
  FindingsOutboxState  state;
  /* Failed tries so far; only findings_store_reschedule() counts one. */
  guint                attempts;
  gint64               created_at;
  gint64               next_attempt_at;
  gint64               sent_at;
  char                *last_error;
  char                *problem_type;
  char                *response;
} FindingsOutboxEntry;

#define FINDINGS_TYPE_OUTBOX_ENTRY (findings_outbox_entry_get_type ())

GType                findings_outbox_entry_get_type (void) G_GNUC_CONST;
FindingsOutboxEntry *findings_outbox_entry_copy     (const FindingsOutboxEntry *entry);
void                 findings_outbox_entry_free     (FindingsOutboxEntry       *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FindingsOutboxEntry, findings_outbox_entry_free)

/* One visit of a page from the office, for findings_store_save_page(). */
typedef struct
{
  char      *id;
  char      *site_id;
  GDateTime *completed_at;
  GBytes    *body;
} FindingsStoreVisit;

#define FINDINGS_TYPE_STORE_VISIT (findings_store_visit_get_type ())

GType               findings_store_visit_get_type (void) G_GNUC_CONST;
FindingsStoreVisit *findings_store_visit_new      (const char               *id,
                                                   const char               *site_id,
                                                   GDateTime                *completed_at,
                                                   GBytes                   *body);
FindingsStoreVisit *findings_store_visit_copy     (const FindingsStoreVisit *visit);
void                findings_store_visit_free     (FindingsStoreVisit       *visit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FindingsStoreVisit, findings_store_visit_free)

#define FINDINGS_TYPE_STORE (findings_store_get_type ())
G_DECLARE_FINAL_TYPE (FindingsStore, findings_store, FINDINGS, STORE, GObject)

FindingsStore *findings_store_open                     (const char           *path,
                                                        GError              **error);
const char    *findings_store_get_path                 (FindingsStore        *self);
char          *findings_store_dup_pragma               (FindingsStore        *self,
                                                        const char           *name);

/* The outbox of decisions. */
gboolean       findings_store_add_decision             (FindingsStore        *self,
                                                        FindingsDecision     *decision,
                                                        GError              **error);
void           findings_store_add_decision_async       (FindingsStore        *self,
                                                        FindingsDecision     *decision,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean       findings_store_add_decision_finish      (FindingsStore        *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
GPtrArray     *findings_store_list_pending             (FindingsStore        *self,
                                                        gint64                now_us,
                                                        GError              **error);
guint          findings_store_count_pending            (FindingsStore        *self);
GPtrArray     *findings_store_list_for_recommendation  (FindingsStore        *self,
                                                        const char           *rec_id);
gboolean       findings_store_mark_sent                (FindingsStore        *self,
                                                        const char           *id,
                                                        const char           *response_json,
                                                        GError              **error);
gboolean       findings_store_mark_refused             (FindingsStore        *self,
                                                        const char           *id,
                                                        const char           *problem_type,
                                                        const char           *detail,
                                                        GError              **error);
gboolean       findings_store_reschedule               (FindingsStore        *self,
                                                        const char           *id,
                                                        gint64                next_attempt_us,
                                                        const char           *last_error,
                                                        GError              **error);

/* The cache of visits, and the office's cursor for the next page. */
gboolean       findings_store_save_visit               (FindingsStore        *self,
                                                        const char           *id,
                                                        const char           *site_id,
                                                        GDateTime            *completed_at,
                                                        const char           *json,
                                                        gsize                 length,
                                                        GError              **error);
gboolean       findings_store_save_page                (FindingsStore        *self,
                                                        GPtrArray            *visits,
                                                        const char           *cursor,
                                                        GError              **error);
GPtrArray     *findings_store_load_visit_bodies        (FindingsStore        *self,
                                                        GError              **error);
char          *findings_store_dup_cursor               (FindingsStore        *self);
gboolean       findings_store_set_cursor               (FindingsStore        *self,
                                                        const char           *cursor,
                                                        GError              **error);

/* The cache of photos. */
gboolean       findings_store_save_photo               (FindingsStore        *self,
                                                        const char           *id,
                                                        const char           *sha256,
                                                        const char           *media_type,
                                                        GBytes               *data,
                                                        GError              **error);
GBytes        *findings_store_load_photo               (FindingsStore        *self,
                                                        const char           *id,
                                                        char                **media_type,
                                                        GError              **error);
gboolean       findings_store_has_photo                (FindingsStore        *self,
                                                        const char           *id,
                                                        const char           *sha256);

G_END_DECLS
