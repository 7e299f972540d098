/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-decision-answer.h"
#include "findings-protocol.h"
#include "findings-retry.h"
#include "findings-sync-private.h"

/* The last step of a run: the decisions due in the outbox, each under its
 * Idempotency-Key. Every decision is already committed in the store, so any
 * failure here only delays it: the same bytes go out again later under the same
 * key, and the office replays its first answer.
 *
 * A few are in flight at once (PUSH_WINDOW), over kept-alive connections: the key
 * makes a POST safe to resend, so libsoup may reuse an idle connection for it
 * (SOUP_MESSAGE_IDEMPOTENT). Decisions about the same recommendation still go one
 * after the other, in the order they were made, and the report lists the outcomes
 * in that order whatever order the answers came in.
 *
 * What became of each decision is written to the store off the main thread; the
 * run learns of it, and tells the app, only once that write is committed. */

/* libsoup 3.2 has no name for it. */
#define STATUS_TOO_MANY_REQUESTS 429

#define PUSH_WINDOW 4

/* What the run does once the decision's fate is stored. */
typedef enum
{
  THEN_NEXT_ENTRY,
  /* The office asked for a pause: the other decisions wait for it. */
  THEN_END,
  /* The office is out of reach: the run ends, and the next waits for this retry. */
  THEN_END_QUIET,
} Then;

/* The push of one run, kept on its task. */
typedef struct
{
  guint       in_flight;
  /* Nothing more is sent: the office asked for a pause, is out of reach, or
   * refused the token, or the run failed; those in flight are still heard out. */
  gboolean    stopping;
  GError     *error;      /* the first failure of the run itself */
  GHashTable *order;      /* decision id → its place in the outbox */
  GHashTable *busy;       /* recommendation ids with a decision in flight */
  GPtrArray  *to_mark;    /* Fate: answered, waiting to be marked sent */
  gboolean    marking;    /* a batch of them is being marked sent */
} Push;

/* One decision on its way to the office. */
typedef struct
{
  GTask               *task;
  FindingsOutboxEntry *entry; /* the run's outbox holds it */
  SoupMessage         *msg;
} Send;

/* One decision's fate, on its way to the store. */
typedef struct
{
  Send                    *send;
  FindingsSyncOutcomeKind  kind;
  Then                     then;
  gint64                   next_attempt_us; /* WAITING */
  FindingsDecisionAnswer  *answer;          /* SENT */
  char                    *response;        /* SENT: the answer as it came */
  char                    *problem_type;    /* REFUSED */
  char                    *detail;          /* REFUSED, WAITING */
} Fate;

static void fill_window (GTask *task);

static void
push_free (gpointer data)
{
  Push *push = data;

  g_clear_error (&push->error);
  g_clear_pointer (&push->order, g_hash_table_unref);
  g_clear_pointer (&push->busy, g_hash_table_unref);
  g_clear_pointer (&push->to_mark, g_ptr_array_unref);
  g_free (push);
}

static Push *
get_push (GTask *task)
{
  return g_object_get_data (G_OBJECT (task), "findings-sync-push");
}

static void
send_free (Send *send)
{
  g_clear_object (&send->task);
  g_clear_object (&send->msg);
  g_free (send);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Send, send_free)

static Fate *
fate_new (Send                    *send,
          FindingsSyncOutcomeKind  kind,
          Then                     then)
{
  Fate *fate = g_new0 (Fate, 1);

  fate->send = send;
  fate->kind = kind;
  fate->then = then;

  return fate;
}

static void
fate_free (Fate *fate)
{
  g_clear_pointer (&fate->send, send_free);
  g_clear_object (&fate->answer);
  g_free (fate->response);
  g_free (fate->problem_type);
  g_free (fate->detail);
  g_free (fate);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fate, fate_free)

/* No more sends; @error (taken), if any, is the first failure of the run. */
static void
stop_push (GTask  *task,
           GError *error)
{
  Push *push = get_push (task);

  push->stopping = TRUE;
  if (error != NULL && push->error == NULL)
    push->error = error;
  else if (error != NULL)
    g_error_free (error);
}

static int
compare_order_cb (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  GHashTable *order = user_data;
  const FindingsSyncOutcome *x = *(FindingsSyncOutcome * const *) a;
  const FindingsSyncOutcome *y = *(FindingsSyncOutcome * const *) b;
  guint i = GPOINTER_TO_UINT (g_hash_table_lookup (order, x->decision_id));
  guint j = GPOINTER_TO_UINT (g_hash_table_lookup (order, y->decision_id));

  return (i > j) - (i < j);
}

/* Once nothing is in flight: the outcomes in the outbox's order, and the run ends. */
static void
finish_push (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  Push *push = get_push (task);

  g_ptr_array_sort_with_data (run->report->outcomes, compare_order_cb, push->order);
  _findings_sync_run_return (task, g_steal_pointer (&push->error));
}

/* The decision @send carried has its fate: room for the next. */
static void
send_done (Send *send)
{
  g_autoptr(GTask) task = g_object_ref (send->task);
  Push *push = get_push (task);

  g_hash_table_remove (push->busy, send->entry->recommendation_id);
  push->in_flight--;
  fill_window (task);
}

static gboolean
finish_write (FindingsStore  *store,
              Fate           *fate,
              GAsyncResult   *result,
              GError        **error)
{
  switch (fate->kind)
    {
    case FINDINGS_SYNC_OUTCOME_SENT:
      return findings_store_mark_sent_finish (store, result, error);

    case FINDINGS_SYNC_OUTCOME_REFUSED:
      return findings_store_mark_refused_finish (store, result, error);

    case FINDINGS_SYNC_OUTCOME_WAITING:
    default:
      return findings_store_reschedule_finish (store, result, error);
    }
}

/* The decision's fate is stored: the run and the app hear of it. */
static void
record_fate (Fate *fate)
{
  GTask *task = fate->send->task;
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  FindingsOutboxEntry *entry = fate->send->entry;
  FindingsSyncOutcome *outcome;

  outcome = _findings_sync_report_add_outcome (run->report, fate->kind, entry->id,
                                               entry->recommendation_id);
  outcome->detail = g_strdup (fate->detail);

  switch (fate->kind)
    {
    case FINDINGS_SYNC_OUTCOME_SENT:
      outcome->answer = g_object_ref (fate->answer);
      run->report->decisions_sent++;
      _findings_sync_emit_decision_answered (self, entry->id, fate->answer);
      break;

    case FINDINGS_SYNC_OUTCOME_REFUSED:
      outcome->problem_type = g_strdup (fate->problem_type);
      run->report->decisions_refused++;
      _findings_sync_emit_decision_refused (self, entry->id, entry->recommendation_id,
                                            fate->problem_type, fate->detail);
      break;

    case FINDINGS_SYNC_OUTCOME_WAITING:
    default:
      outcome->next_attempt_us = fate->next_attempt_us;
      run->any_waiting = TRUE;
      break;
    }

  switch (fate->then)
    {
    case THEN_END_QUIET:
      /* The other decisions would only meet the same fate: they wait for this retry. */
      self->quiet_until_us = MAX (self->quiet_until_us, fate->next_attempt_us);
      stop_push (task, NULL);
      break;

    case THEN_END:
      stop_push (task, NULL);
      break;

    case THEN_NEXT_ENTRY:
    default:
      break;
    }
}

static void
fate_stored_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Fate) fate = user_data;
  GError *error = NULL;

  if (!finish_write (FINDINGS_STORE (source), fate, result, &error))
    stop_push (fate->send->task, error);
  else
    record_fate (fate);

  send_done (fate->send);
}

/* Answered decisions are marked sent in batches: each batch is one transaction
 * (one fsync) on the writer thread, and the answers that arrive while it commits
 * make up the next. Nobody hears of a decision as sent before its batch commits. */
typedef struct
{
  GTask     *task;
  GPtrArray *fates;
} MarkBatch;

static void flush_marks (GTask *task);

static void
marks_stored_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  MarkBatch *batch = user_data;
  g_autoptr(GTask) task = batch->task;
  g_autoptr(GPtrArray) fates = batch->fates;
  Push *push = get_push (task);
  GError *error = NULL;
  gboolean stored;

  g_free (batch);
  push->marking = FALSE;
  stored = findings_store_mark_sent_many_finish (FINDINGS_STORE (source), result, &error);
  if (!stored)
    stop_push (task, error);

  for (guint i = 0; i < fates->len; i++)
    {
      Fate *fate = g_ptr_array_index (fates, i);

      if (stored)
        record_fate (fate);
      send_done (fate->send);
    }

  flush_marks (task);
}

static void
flush_marks (GTask *task)
{
  FindingsSync *self = g_task_get_source_object (task);
  Push *push = get_push (task);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) responses = NULL;
  MarkBatch *batch;

  if (push->marking || push->to_mark->len == 0)
    return;

  batch = g_new0 (MarkBatch, 1);
  batch->task = g_object_ref (task);
  batch->fates = g_steal_pointer (&push->to_mark);
  push->to_mark = g_ptr_array_new_with_free_func ((GDestroyNotify) fate_free);

  ids = g_ptr_array_new ();
  responses = g_ptr_array_new ();
  for (guint i = 0; i < batch->fates->len; i++)
    {
      Fate *fate = g_ptr_array_index (batch->fates, i);

      g_ptr_array_add (ids, fate->send->entry->id);
      g_ptr_array_add (responses, fate->response);
    }

  push->marking = TRUE;
  findings_store_mark_sent_many_async (self->store, ids, responses,
                                       g_task_get_cancellable (task), marks_stored_cb, batch);
}

static void
reschedule (Send       *send,
            gint64      next_attempt_us,
            const char *why,
            Then        then)
{
  GTask *task = send->task;
  FindingsSync *self = g_task_get_source_object (task);
  Fate *fate = fate_new (send, FINDINGS_SYNC_OUTCOME_WAITING, then);

  fate->next_attempt_us = next_attempt_us;
  fate->detail = g_strdup (why);
  findings_store_reschedule_async (self->store, send->entry->id, next_attempt_us, why,
                                   g_task_get_cancellable (task), fate_stored_cb, fate);
}

static void
reschedule_with_backoff (Send       *send,
                         const char *why,
                         Then        then)
{
  gint64 delay_us = findings_retry_backoff_us (send->entry->attempts, NULL, NULL);

  reschedule (send, g_get_real_time () + delay_us, why, then);
}

/* The 201 or 200 answer, checked like a visit, and about the recommendation the
 * decision was for. */
static FindingsDecisionAnswer *
read_answer (GBytes               *body,
             FindingsOutboxEntry  *entry,
             GError              **error)
{
  g_autoptr(FindingsDecisionAnswer) answer = NULL;
  g_autoptr(GError) local_error = NULL;

  answer = findings_decision_answer_parse (body, &local_error);
  if (answer == NULL)
    {
      g_propagate_error (error, _findings_sync_bad_document (local_error));
      return NULL;
    }

  if (g_strcmp0 (findings_decision_answer_get_recommendation_id (answer),
                 entry->recommendation_id) != 0)
    {
      g_propagate_error (error,
                         _findings_sync_bad_response (_("it is about another recommendation")));
      return NULL;
    }

  return g_steal_pointer (&answer);
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  return g_strndup (data != NULL ? data : "", length);
}

/* A malformed answer to a POST means we do not know whether it was recorded:
 * resend later with the same key, and the office replays its first answer. */
static void
take_answer (Send   *send,
             GBytes *body)
{
  g_autoptr(FindingsDecisionAnswer) answer = NULL;
  g_autoptr(GError) error = NULL;
  Fate *fate;

  answer = read_answer (body, send->entry, &error);
  if (answer == NULL)
    {
      reschedule_with_backoff (send, error->message, THEN_NEXT_ENTRY);
      return;
    }

  /* Stored before anyone hears of it: the app shows "sent" only for what is. */
  fate = fate_new (send, FINDINGS_SYNC_OUTCOME_SENT, THEN_NEXT_ENTRY);
  fate->answer = g_steal_pointer (&answer);
  fate->response = bytes_to_string (body);
  g_ptr_array_add (get_push (send->task)->to_mark, fate);
  flush_marks (send->task);
}

static void
take_refusal (Send   *send,
              guint   status,
              GBytes *body)
{
  FindingsSync *self = g_task_get_source_object (send->task);
  Fate *fate = fate_new (send, FINDINGS_SYNC_OUTCOME_REFUSED, THEN_NEXT_ENTRY);

  _findings_sync_read_problem (body, status, &fate->problem_type, &fate->detail);
  if (fate->detail == NULL)
    /* Translators: %u is an HTTP status code */
    fate->detail = g_strdup_printf (_("The office refused it (HTTP status %u)."), status);

  findings_store_mark_refused_async (self->store, send->entry->id, fate->problem_type,
                                     fate->detail, g_task_get_cancellable (send->task),
                                     fate_stored_cb, fate);
}

/* The office is busy: wait as long as it asks, and leave the rest for then. */
static void
take_busy (Send   *send,
           guint   status,
           GBytes *body)
{
  FindingsSync *self = g_task_get_source_object (send->task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (send->msg);
  gint64 retry_at;
  g_autoptr(GError) busy = _findings_sync_server_error (status, body);

  retry_at = findings_retry_after_parse (soup_message_headers_get_one (headers, "Retry-After"),
                                         g_get_real_time ());
  if (retry_at == 0)
    {
      reschedule_with_backoff (send, busy->message, THEN_END);
      return;
    }

  self->busy_until_us = MAX (self->busy_until_us, retry_at);
  reschedule (send, retry_at, busy->message, THEN_END);
}

static void
take_decision_response (Send   *send,
                        guint   status,
                        GBytes *body)
{
  Run *run = g_task_get_task_data (send->task);
  g_autoptr(GError) other = NULL;

  if (status == SOUP_STATUS_CREATED || status == SOUP_STATUS_OK)
    {
      take_answer (send, body);
      return;
    }

  if (_findings_sync_is_unauthorized (status))
    {
      run->unauthorized = TRUE;
      stop_push (send->task, NULL);
      send_done (send);
      send_free (send);
      return;
    }

  if (status == STATUS_TOO_MANY_REQUESTS || status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      take_busy (send, status, body);
      return;
    }

  /* Sending the same bytes again would get the same answer. */
  if (SOUP_STATUS_IS_CLIENT_ERROR (status) && !findings_retry_status_is_transient (status))
    {
      take_refusal (send, status, body);
      return;
    }

  other = _findings_sync_server_error (status, body);
  reschedule_with_backoff (send, other->message, THEN_NEXT_ENTRY);
}

static void
decision_answered_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Send *send = user_data;
  FindingsSync *self = FINDINGS_SYNC (source);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  body = _findings_sync_request_finish (self, result, &error);
  if (body == NULL)
    {
      g_autofree char *why = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* It may have reached the office all the same: the key covers that. */
          stop_push (send->task, error);
          send_done (send);
          send_free (send);
          return;
        }

      why = _findings_sync_describe_transport_error (error);
      g_clear_error (&error);
      reschedule_with_backoff (send, why, THEN_END_QUIET);
      return;
    }

  take_decision_response (send, soup_message_get_status (send->msg), body);
}

static void
send_entry (GTask               *task,
            FindingsOutboxEntry *entry)
{
  FindingsSync *self = g_task_get_source_object (task);
  Push *push = get_push (task);
  Send *send = g_new0 (Send, 1);
  g_autofree char *url = _findings_sync_api_url (self, "decisions");
  g_autofree char *key = NULL;
  SoupMessageHeaders *headers;

  send->task = g_object_ref (task);
  send->entry = entry;
  send->msg = _findings_sync_new_message (self, SOUP_METHOD_POST, url);
  /* The key makes a resend harmless, so an idle kept-alive connection may carry it:
   * libsoup reuses one for a POST only when told it is idempotent. */
  soup_message_add_flags (send->msg, SOUP_MESSAGE_IDEMPOTENT);
  /* The stored bytes, unchanged: a resend must be equivalent to the first try. */
  soup_message_set_request_body_from_bytes (send->msg, "application/json", entry->body);

  headers = soup_message_get_request_headers (send->msg);
  key = g_strdup_printf ("\"%s\"", entry->id);
  soup_message_headers_replace (headers, "Idempotency-Key", key);

  push->in_flight++;
  g_hash_table_add (push->busy, entry->recommendation_id);
  _findings_sync_request_async (self, send->msg, FINDINGS_PROTOCOL_MAX_BODY,
                                g_task_get_cancellable (task), decision_answered_cb, send);
}

/* Sends due decisions until PUSH_WINDOW are in flight; ends the run when all
 * have their fate, or when the push stopped and the last in flight has it. */
static void
fill_window (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  Push *push = get_push (task);

  while (!push->stopping && push->in_flight < PUSH_WINDOW &&
         run->next_entry < run->outbox->len)
    {
      FindingsOutboxEntry *entry = g_ptr_array_index (run->outbox, run->next_entry);

      /* A later decision about the same recommendation waits for the earlier. */
      if (g_hash_table_contains (push->busy, entry->recommendation_id))
        break;

      run->next_entry++;
      send_entry (task, entry);
    }

  if (push->in_flight == 0)
    finish_push (task);
}

/* Sends the decisions due now, in the order they were made; ends the run. */
void
_findings_sync_run_push (GTask *task)
{
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;
  Push *push;

  run->outbox = findings_store_list_pending (self->store, g_get_real_time (), &error);
  if (run->outbox == NULL)
    {
      _findings_sync_run_return (task, error);
      return;
    }

  push = g_new0 (Push, 1);
  push->order = g_hash_table_new (g_str_hash, g_str_equal);
  push->busy = g_hash_table_new (g_str_hash, g_str_equal);
  push->to_mark = g_ptr_array_new_with_free_func ((GDestroyNotify) fate_free);
  for (guint i = 0; i < run->outbox->len; i++)
    {
      FindingsOutboxEntry *entry = g_ptr_array_index (run->outbox, i);

      g_hash_table_insert (push->order, entry->id, GUINT_TO_POINTER (i));
    }
  g_object_set_data_full (G_OBJECT (task), "findings-sync-push", push, push_free);

  run->next_entry = 0;
  fill_window (task);
}
