/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-decision-answer.h"
#include "findings-json-check.h"
#include "findings-retry.h"
#include "findings-sync-private.h"

/* The last step of a run: the decisions due in the outbox, one at a time, each
 * under its Idempotency-Key. Every decision is already committed in the store,
 * so any failure here only delays it: the same bytes go out again later under
 * the same key, and the office replays its first answer. */

/* libsoup 3.2 has no name for it. */
#define STATUS_TOO_MANY_REQUESTS 429

static void run_next_entry (GTask *task);

static FindingsOutboxEntry *
current_entry (Run *run)
{
  return g_ptr_array_index (run->outbox, run->next_entry - 1);
}

static gboolean
reschedule (GTask       *task,
            gint64       next_attempt_us,
            const char  *why,
            GError     **error)
{
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  FindingsOutboxEntry *entry = current_entry (run);
  FindingsSyncOutcome *outcome;

  if (!findings_store_reschedule (self->store, entry->id, next_attempt_us, why, error))
    return FALSE;

  outcome = _findings_sync_report_add_outcome (run->report, FINDINGS_SYNC_OUTCOME_WAITING,
                                               entry->id, entry->recommendation_id);
  outcome->detail = g_strdup (why);
  outcome->next_attempt_us = next_attempt_us;
  run->any_waiting = TRUE;

  return TRUE;
}

static FindingsSyncOutcome *
last_outcome (Run *run)
{
  g_assert (run->report->outcomes->len > 0);

  return g_ptr_array_index (run->report->outcomes, run->report->outcomes->len - 1);
}

static gboolean
reschedule_with_backoff (GTask       *task,
                         const char  *why,
                         GError     **error)
{
  Run *run = g_task_get_task_data (task);
  FindingsOutboxEntry *entry = current_entry (run);
  gint64 delay_us = findings_retry_backoff_us (entry->attempts, NULL, NULL);

  return reschedule (task, g_get_real_time () + delay_us, why, error);
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
static gboolean
take_answer (GTask   *task,
             GBytes  *body,
             GError **error)
{
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  FindingsOutboxEntry *entry = current_entry (run);
  g_autofree char *response = NULL;
  g_autoptr(FindingsDecisionAnswer) answer = NULL;
  g_autoptr(GError) local_error = NULL;
  FindingsSyncOutcome *outcome;

  answer = read_answer (body, entry, &local_error);
  if (answer == NULL)
    return reschedule_with_backoff (task, local_error->message, error);

  /* Stored before anyone hears of it: the app shows "sent" only for what is. */
  response = bytes_to_string (body);
  if (!findings_store_mark_sent (self->store, entry->id, response, error))
    return FALSE;

  outcome = _findings_sync_report_add_outcome (run->report, FINDINGS_SYNC_OUTCOME_SENT,
                                               entry->id, entry->recommendation_id);
  outcome->answer = g_object_ref (answer);
  run->report->decisions_sent++;

  _findings_sync_emit_decision_answered (self, entry->id, answer);
  return TRUE;
}

static gboolean
take_refusal (GTask   *task,
              guint    status,
              GBytes  *body,
              GError **error)
{
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  FindingsOutboxEntry *entry = current_entry (run);
  g_autofree char *type = NULL;
  g_autofree char *detail = NULL;
  FindingsSyncOutcome *outcome;

  _findings_sync_read_problem (body, status, &type, &detail);
  if (detail == NULL)
    /* Translators: %u is an HTTP status code */
    detail = g_strdup_printf (_("The office refused it (HTTP status %u)."), status);

  if (!findings_store_mark_refused (self->store, entry->id, type, detail, error))
    return FALSE;

  outcome = _findings_sync_report_add_outcome (run->report, FINDINGS_SYNC_OUTCOME_REFUSED,
                                               entry->id, entry->recommendation_id);
  outcome->problem_type = g_strdup (type);
  outcome->detail = g_strdup (detail);
  run->report->decisions_refused++;

  _findings_sync_emit_decision_refused (self, entry->id, entry->recommendation_id, type,
                                        detail);
  return TRUE;
}

/* The office is busy: wait as long as it asks, and leave the rest for then. */
static gboolean
take_busy (GTask   *task,
           guint    status,
           GBytes  *body,
           GError **error)
{
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (run->msg);
  gint64 retry_at;
  g_autoptr(GError) busy = _findings_sync_server_error (status, body);

  retry_at = findings_retry_after_parse (soup_message_headers_get_one (headers, "Retry-After"),
                                         g_get_real_time ());
  if (retry_at == 0)
    return reschedule_with_backoff (task, busy->message, error);

  self->busy_until_us = retry_at;
  return reschedule (task, retry_at, busy->message, error);
}

/* Whether to go on with the next decision; @error is set when the run must stop. */
static gboolean
take_decision_response (GTask   *task,
                        guint    status,
                        GBytes  *body,
                        GError **error)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) other = NULL;

  if (status == SOUP_STATUS_CREATED || status == SOUP_STATUS_OK)
    return take_answer (task, body, error);

  if (_findings_sync_is_unauthorized (status))
    {
      run->unauthorized = TRUE;
      return FALSE;
    }

  if (status == STATUS_TOO_MANY_REQUESTS || status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      take_busy (task, status, body, error);
      return FALSE;
    }

  /* Sending the same bytes again would get the same answer. */
  if (SOUP_STATUS_IS_CLIENT_ERROR (status) && !findings_retry_status_is_transient (status))
    return take_refusal (task, status, body, error);

  other = _findings_sync_server_error (status, body);
  return reschedule_with_backoff (task, other->message, error);
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
      if (!reschedule_with_backoff (task, why, &error))
        {
          _findings_sync_run_return (task, error);
          return;
        }

      /* The office is out of reach: the other decisions would only meet the same
       * fate, so they wait for this one's retry. */
      self->quiet_until_us = last_outcome (run)->next_attempt_us;
      _findings_sync_run_return (task, NULL);
      return;
    }

  if (take_decision_response (task, soup_message_get_status (run->msg), body, &error))
    run_next_entry (task);
  else
    _findings_sync_run_return (task, error);
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

  _findings_sync_request_async (self, run->msg, FINDINGS_JSON_MAX_BODY,
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
