/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-decision-answer.h"
#include "findings-protocol.h"
#include "findings-retry.h"
#include "findings-sync-private.h"

/* The last step of a run: the decisions due in the outbox, one at a time, each
 * under its Idempotency-Key. Every decision is already committed in the store,
 * so any failure here only delays it: the same bytes go out again later under
 * the same key, and the office replays its first answer.
 *
 * What became of each decision is written to the store off the main thread; the
 * run learns of it, and tells the app, only once that write is committed. */

/* libsoup 3.2 has no name for it. */
#define STATUS_TOO_MANY_REQUESTS 429

/* What the run does once the decision's fate is stored. */
typedef enum
{
  THEN_NEXT_ENTRY,
  /* The office asked for a pause: the other decisions wait for it. */
  THEN_END,
  /* The office is out of reach: the run ends, and the next waits for this retry. */
  THEN_END_QUIET,
} Then;

/* One decision's fate, on its way to the store. */
typedef struct
{
  GTask                   *task;
  FindingsSyncOutcomeKind  kind;
  Then                     then;
  gint64                   next_attempt_us; /* WAITING */
  FindingsDecisionAnswer  *answer;          /* SENT */
  char                    *problem_type;    /* REFUSED */
  char                    *detail;          /* REFUSED, WAITING */
} Fate;

static void run_next_entry (GTask *task);

static Fate *
fate_new (GTask                   *task,
          FindingsSyncOutcomeKind  kind,
          Then                     then)
{
  Fate *fate = g_new0 (Fate, 1);

  fate->task = g_object_ref (task);
  fate->kind = kind;
  fate->then = then;

  return fate;
}

static void
fate_free (Fate *fate)
{
  g_clear_object (&fate->task);
  g_clear_object (&fate->answer);
  g_free (fate->problem_type);
  g_free (fate->detail);
  g_free (fate);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fate, fate_free)

static FindingsOutboxEntry *
current_entry (Run *run)
{
  return g_ptr_array_index (run->outbox, run->next_entry - 1);
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

static void
fate_stored_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Fate) fate = user_data;
  GTask *task = fate->task;
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  FindingsOutboxEntry *entry = current_entry (run);
  FindingsSyncOutcome *outcome;
  GError *error = NULL;

  if (!finish_write (FINDINGS_STORE (source), fate, result, &error))
    {
      _findings_sync_run_return (task, error);
      return;
    }

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
      self->quiet_until_us = fate->next_attempt_us;
      _findings_sync_run_return (task, NULL);
      break;

    case THEN_END:
      _findings_sync_run_return (task, NULL);
      break;

    case THEN_NEXT_ENTRY:
    default:
      run_next_entry (task);
      break;
    }
}

static void
reschedule (GTask      *task,
            gint64      next_attempt_us,
            const char *why,
            Then        then)
{
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  Fate *fate = fate_new (task, FINDINGS_SYNC_OUTCOME_WAITING, then);

  fate->next_attempt_us = next_attempt_us;
  fate->detail = g_strdup (why);
  findings_store_reschedule_async (self->store, current_entry (run)->id, next_attempt_us, why,
                                   g_task_get_cancellable (task), fate_stored_cb, fate);
}

static void
reschedule_with_backoff (GTask      *task,
                         const char *why,
                         Then        then)
{
  Run *run = g_task_get_task_data (task);
  FindingsOutboxEntry *entry = current_entry (run);
  gint64 delay_us = findings_retry_backoff_us (entry->attempts, NULL, NULL);

  reschedule (task, g_get_real_time () + delay_us, why, then);
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
take_answer (GTask  *task,
             GBytes *body)
{
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  FindingsOutboxEntry *entry = current_entry (run);
  g_autofree char *response = NULL;
  g_autoptr(FindingsDecisionAnswer) answer = NULL;
  g_autoptr(GError) error = NULL;
  Fate *fate;

  answer = read_answer (body, entry, &error);
  if (answer == NULL)
    {
      reschedule_with_backoff (task, error->message, THEN_NEXT_ENTRY);
      return;
    }

  /* Stored before anyone hears of it: the app shows "sent" only for what is. */
  fate = fate_new (task, FINDINGS_SYNC_OUTCOME_SENT, THEN_NEXT_ENTRY);
  fate->answer = g_steal_pointer (&answer);
  response = bytes_to_string (body);
  findings_store_mark_sent_async (self->store, entry->id, response,
                                  g_task_get_cancellable (task), fate_stored_cb, fate);
}

static void
take_refusal (GTask  *task,
              guint   status,
              GBytes *body)
{
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  Fate *fate = fate_new (task, FINDINGS_SYNC_OUTCOME_REFUSED, THEN_NEXT_ENTRY);

  _findings_sync_read_problem (body, status, &fate->problem_type, &fate->detail);
  if (fate->detail == NULL)
    /* Translators: %u is an HTTP status code */
    fate->detail = g_strdup_printf (_("The office refused it (HTTP status %u)."), status);

  findings_store_mark_refused_async (self->store, current_entry (run)->id, fate->problem_type,
                                     fate->detail, g_task_get_cancellable (task),
                                     fate_stored_cb, fate);
}

/* The office is busy: wait as long as it asks, and leave the rest for then. */
static void
take_busy (GTask  *task,
           guint   status,
           GBytes *body)
{
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (run->msg);
  gint64 retry_at;
  g_autoptr(GError) busy = _findings_sync_server_error (status, body);

  retry_at = findings_retry_after_parse (soup_message_headers_get_one (headers, "Retry-After"),
                                         g_get_real_time ());
  if (retry_at == 0)
    {
      reschedule_with_backoff (task, busy->message, THEN_END);
      return;
    }

  self->busy_until_us = retry_at;
  reschedule (task, retry_at, busy->message, THEN_END);
}

static void
take_decision_response (GTask  *task,
                        guint   status,
                        GBytes *body)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) other = NULL;

  if (status == SOUP_STATUS_CREATED || status == SOUP_STATUS_OK)
    {
      take_answer (task, body);
      return;
    }

  if (_findings_sync_is_unauthorized (status))
    {
      run->unauthorized = TRUE;
      _findings_sync_run_return (task, NULL);
      return;
    }

  if (status == STATUS_TOO_MANY_REQUESTS || status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      take_busy (task, status, body);
      return;
    }

  /* Sending the same bytes again would get the same answer. */
  if (SOUP_STATUS_IS_CLIENT_ERROR (status) && !findings_retry_status_is_transient (status))
    {
      take_refusal (task, status, body);
      return;
    }

  other = _findings_sync_server_error (status, body);
  reschedule_with_backoff (task, other->message, THEN_NEXT_ENTRY);
}

static void
decision_answered_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FindingsSync *self = FINDINGS_SYNC (source);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  body = _findings_sync_request_finish (self, result, &error);
  if (body == NULL)
    {
      g_autofree char *why = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* It may have reached the office all the same: the key covers that. */
          _findings_sync_run_return (task, error);
          return;
        }

      why = _findings_sync_describe_transport_error (error);
      g_clear_error (&error);
      reschedule_with_backoff (task, why, THEN_END_QUIET);
      return;
    }

  take_decision_response (task, soup_message_get_status (run->msg), body);
}

static void
run_next_entry (GTask *task)
{
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  FindingsOutboxEntry *entry;
  g_autofree char *url = NULL;
  g_autofree char *key = NULL;
  SoupMessageHeaders *headers;

  if (run->next_entry >= run->outbox->len)
    {
      _findings_sync_run_return (task, NULL);
      return;
    }

  entry = g_ptr_array_index (run->outbox, run->next_entry++);
  url = _findings_sync_api_url (self, "decisions");

  g_clear_object (&run->msg);
  run->msg = _findings_sync_new_message (self, SOUP_METHOD_POST, url);
  /* The stored bytes, unchanged: a resend must be equivalent to the first try. */
  soup_message_set_request_body_from_bytes (run->msg, "application/json", entry->body);

  headers = soup_message_get_request_headers (run->msg);
  key = g_strdup_printf ("\"%s\"", entry->id);
  soup_message_headers_replace (headers, "Idempotency-Key", key);

  _findings_sync_request_async (self, run->msg, FINDINGS_PROTOCOL_MAX_BODY,
                                g_task_get_cancellable (task), decision_answered_cb,
                                g_object_ref (task));
}

/* Sends the decisions due now, in the order they were made; ends the run. */
void
_findings_sync_run_push (GTask *task)
{
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;

  run->outbox = findings_store_list_pending (self->store, g_get_real_time (), &error);
  if (run->outbox == NULL)
    {
      _findings_sync_run_return (task, error);
      return;
    }

  run->next_entry = 0;
  run_next_entry (task);
}
