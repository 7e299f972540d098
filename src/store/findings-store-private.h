/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "findings-sqlite.h"
#include "findings-store.h"

G_BEGIN_DECLS

/* Shared by the files that implement FindingsStore (findings-store.c, -outbox.c,
 * -cache.c), and the hooks and blocking calls tests use. Not for other layers. */

typedef void (*FindingsStoreWriteHook) (FindingsStore *self,
                                        gpointer       user_data);

struct _FindingsStore
{
  GObject                 parent_instance;

  char                   *path;

  /* The write connection: only the writer thread steps on it, under write_lock. */
  sqlite3                *db;
  GMutex                  write_lock;

  /* Read-only, for the synchronous reads: WAL lets it read beside the writer, and its
   * own lock means a read never waits behind a write's fsync. */
  sqlite3                *reader;
  GMutex                  read_lock;

  /* WriteJobs, in submission order, for the one writer thread. */
  GAsyncQueue            *writes;
  GThread                *writer;

  /* Tests only; see _findings_store_set_write_hook(). */
  FindingsStoreWriteHook  write_hook;
  gpointer                write_hook_data;
};

/* Runs on the writer thread, inside the write's transaction on self->db (write_lock
 * held). Errors of FINDINGS_SQLITE_ERROR are mapped by the caller, with the job's
 * `what`; errors of FINDINGS_STORE_ERROR pass as they are. */
typedef gboolean (*FindingsStoreWriteFunc) (FindingsStore  *self,
                                            gpointer        data,
                                            GError        **error);

gboolean   _findings_store_propagate_error  (GError                 **error,
                                             GError                  *cause,
                                             const char              *what);
void       _findings_store_write_async      (FindingsStore           *self,
                                             FindingsStoreWriteFunc   func,
                                             gpointer                 data,
                                             GDestroyNotify           data_free,
                                             const char              *what,
                                             gpointer                 source_tag,
                                             GCancellable            *cancellable,
                                             GAsyncReadyCallback      callback,
                                             gpointer                 user_data);
gboolean   _findings_store_write_finish     (FindingsStore           *self,
                                             GAsyncResult            *result,
                                             gpointer                 source_tag,
                                             GError                 **error);
gboolean   _findings_store_write            (FindingsStore           *self,
                                             FindingsStoreWriteFunc   func,
                                             gpointer                 data,
                                             const char              *what,
                                             GError                 **error);

/* Tests only: @hook is called on the writer thread in every write after its statements
 * and before its COMMIT, the write lock held, so a test can hold a write open in the
 * middle of its transaction (e.g. on a GCond) and check what the other threads can do
 * meanwhile. Set it and clear it while no write is queued. */
void       _findings_store_set_write_hook   (FindingsStore           *self,
                                             FindingsStoreWriteHook   hook,
                                             gpointer                 user_data);

/* Reads one setting of the write connection, for tests. */
char      *findings_store_dup_pragma        (FindingsStore           *self,
                                             const char              *name);

/* The blocking writes, for tests: each queues its write behind the ones already
 * submitted and waits for its COMMIT. Never from the main thread of an app. */
gboolean   findings_store_add_decision      (FindingsStore           *self,
                                             FindingsDecision        *decision,
                                             GError                 **error);
gboolean   findings_store_mark_sent         (FindingsStore           *self,
                                             const char              *id,
                                             const char              *response_json,
                                             GError                 **error);
gboolean   findings_store_mark_refused      (FindingsStore           *self,
                                             const char              *id,
                                             const char              *problem_type,
                                             const char              *detail,
                                             GError                 **error);
gboolean   findings_store_reschedule        (FindingsStore           *self,
                                             const char              *id,
                                             gint64                   next_attempt_us,
                                             const char              *last_error,
                                             GError                 **error);
gboolean   findings_store_save_visit        (FindingsStore           *self,
                                             const char              *id,
                                             const char              *site_id,
                                             GDateTime               *completed_at,
                                             const char              *json,
                                             gsize                    length,
                                             GError                 **error);
gboolean   findings_store_save_page         (FindingsStore           *self,
                                             GPtrArray               *visits,
                                             const char              *cursor,
                                             GError                 **error);
gboolean   findings_store_set_cursor        (FindingsStore           *self,
                                             const char              *cursor,
                                             GError                 **error);
gboolean   findings_store_save_photo        (FindingsStore           *self,
                                             const char              *id,
                                             const char              *sha256,
                                             const char              *media_type,
                                             GBytes                  *data,
                                             GError                 **error);

G_END_DECLS
