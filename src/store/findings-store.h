/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "findings-decision.h"
#include "findings-outbox-entry.h"
#include "findings-store-visit.h"

G_BEGIN_DECLS

/* Threading contract.
 *
 * Every write runs on the store's one writer thread, on its write connection, in the
 * order the _async calls were made (a mark_sent queued after an add_decision runs after
 * it), each in one transaction. A write's callback comes, in the thread-default main
 * context of the caller, only after its COMMIT has returned: with synchronous=FULL the
 * change is on the disk by then, so "saved" may be said. A write that has started runs
 * to its end even if its cancellable fires (it then reports what happened); one
 * cancelled before it starts is skipped with G_IO_ERROR_CANCELLED. The store stays
 * alive until its queued writes have run.
 *
 * The synchronous reads (list_pending, count_pending, list_for_recommendation,
 * load_visit_bodies, dup_cursor, load_photo, has_photo) use a separate read-only
 * connection with its own lock: they see the last committed state and never wait for a
 * write in progress, so the main thread may call them. Any thread may call any function. */

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

#define FINDINGS_TYPE_STORE (findings_store_get_type ())
G_DECLARE_FINAL_TYPE (FindingsStore, findings_store, FINDINGS, STORE, GObject)

FindingsStore *findings_store_open                     (const char           *path,
                                                        GError              **error);
const char    *findings_store_get_path                 (FindingsStore        *self);

/* The outbox of decisions. */
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
void           findings_store_mark_sent_async          (FindingsStore        *self,
                                                        const char           *id,
                                                        const char           *response_json,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean       findings_store_mark_sent_finish         (FindingsStore        *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void           findings_store_mark_sent_many_async     (FindingsStore        *self,
                                                        GPtrArray            *ids,
                                                        GPtrArray            *responses_json,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean       findings_store_mark_sent_many_finish    (FindingsStore        *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void           findings_store_mark_refused_async       (FindingsStore        *self,
                                                        const char           *id,
                                                        const char           *problem_type,
                                                        const char           *detail,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean       findings_store_mark_refused_finish      (FindingsStore        *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void           findings_store_reschedule_async         (FindingsStore        *self,
                                                        const char           *id,
                                                        gint64                next_attempt_us,
                                                        const char           *last_error,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean       findings_store_reschedule_finish        (FindingsStore        *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* The cache of visits, and the office's cursor for the next page. */
void           findings_store_save_page_async          (FindingsStore        *self,
                                                        GPtrArray            *visits,
                                                        const char           *cursor,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean       findings_store_save_page_finish         (FindingsStore        *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
GPtrArray     *findings_store_load_visit_bodies        (FindingsStore        *self,
                                                        GError              **error);
char          *findings_store_dup_cursor               (FindingsStore        *self);
void           findings_store_set_cursor_async         (FindingsStore        *self,
                                                        const char           *cursor,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean       findings_store_set_cursor_finish        (FindingsStore        *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* The cache of photos. */
void           findings_store_save_photo_async         (FindingsStore        *self,
                                                        const char           *id,
                                                        const char           *sha256,
                                                        const char           *media_type,
                                                        GBytes               *data,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean       findings_store_save_photo_finish        (FindingsStore        *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
GBytes        *findings_store_load_photo               (FindingsStore        *self,
                                                        const char           *id,
                                                        char                **media_type,
                                                        GError              **error);
gboolean       findings_store_has_photo                (FindingsStore        *self,
                                                        const char           *id,
                                                        const char           *sha256);

G_END_DECLS
