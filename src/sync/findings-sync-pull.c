/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-feed-page.h"
#include "findings-protocol.h"
#include "findings-retry.h"
#include "findings-sync-private.h"

/* The first step of a run: the pages of visits changed since the stored cursor.
 * Each page is stored with its cursor in one transaction; a visit that fails the
 * checks (FindingsFeedPage) is set aside on its own and the rest of its page kept. */

static FindingsStoreVisit *
store_visit_new (FindingsVisit *visit,
                 GBytes        *body)
{
  FindingsSite *site = findings_visit_get_site (visit);

  return findings_store_visit_new (findings_visit_get_id (visit),
                                   site != NULL ? findings_site_get_id (site) : NULL,
                                   findings_visit_get_completed_at (visit),
                                   body);
}

static void
set_visit_aside (Run                       *run,
                 const FindingsFeedProblem *aside)
{
  g_autofree char *problem = NULL;

  if (aside->id != NULL)
    /* Translators: %s is a visit id, then the reason it was set aside */
    problem = g_strdup_printf (_("Visit %s was set aside: %s"), aside->id,
                               aside->error->message);
  else
    /* Translators: %u is the position of the visit in the page, %s the reason */
    problem = g_strdup_printf (_("Visit number %u from the office was set aside: %s"),
                               aside->position + 1, aside->error->message);

  _findings_sync_run_add_problem (run, problem);
  run->report->visits_rejected++;
}

/* A page on its way to the store, with what the run does once it is there. */
typedef struct
{
  GTask     *task;
  GPtrArray *visits; /* FindingsVisit */
  char      *cursor;
  gboolean   more;
} PageSave;

static void
page_save_free (PageSave *save)
{
  g_clear_object (&save->task);
  g_clear_pointer (&save->visits, g_ptr_array_unref);
  g_free (save->cursor);
  g_free (save);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PageSave, page_save_free)

static void
page_saved_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PageSave) save = user_data;
  GTask *task = save->task;
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;

  /* A store failure is not the office's: stop rather than lose track. */
  if (!findings_store_save_page_finish (FINDINGS_STORE (source), result, &error))
    {
      _findings_sync_run_return (task, error);
      return;
    }

  g_free (run->cursor);
  run->cursor = g_strdup (save->cursor);
  run->report->visits_pulled += save->visits->len;

  for (guint i = 0; i < save->visits->len; i++)
    _findings_sync_queue_photos (self, run, g_ptr_array_index (save->visits, i));

  if (save->visits->len > 0)
    _findings_sync_emit_visits_changed (self, save->visits);

  if (save->more)
    _findings_sync_run_pull (task);
  else
    _findings_sync_run_photos (task);
}

/* Stores the good visits of @page; the run goes on once they are. */
static gboolean
save_page (GTask             *task,
           FindingsFeedPage  *page,
           GError           **error)
{
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GPtrArray) to_store = NULL;
  const char *cursor = findings_feed_page_get_cursor (page);
  PageSave *save;

  /* The same page again and again would keep the run going for ever. */
  if (findings_feed_page_get_more (page) && g_strcmp0 (cursor, run->cursor) == 0)
    {
      g_propagate_error (error,
                         _findings_sync_bad_response (_("the next page has the same cursor")));
      return FALSE;
    }

  for (guint i = 0; i < findings_feed_page_get_n_problems (page); i++)
    set_visit_aside (run, findings_feed_page_get_problem (page, i));

  save = g_new0 (PageSave, 1);
  save->task = g_object_ref (task);
  save->visits = g_ptr_array_new_with_free_func (g_object_unref);
  save->cursor = g_strdup (cursor);
  save->more = findings_feed_page_get_more (page);

  to_store = g_ptr_array_new_with_free_func ((GDestroyNotify) findings_store_visit_free);
  for (guint i = 0; i < findings_feed_page_get_n_visits (page); i++)
    {
      FindingsVisit *visit = findings_feed_page_get_visit (page, i);

      g_ptr_array_add (save->visits, g_object_ref (visit));
      g_ptr_array_add (to_store,
                       store_visit_new (visit, findings_feed_page_get_visit_body (page, i)));
    }

  /* The page and its cursor in one transaction: a crash never skips a visit, and a
   * visit set aside never holds the cursor back. */
  findings_store_save_page_async (self->store, to_store, cursor, g_task_get_cancellable (task),
                                  page_saved_cb, save);
  return TRUE;
}

/* The office no longer knows our cursor (its data was restored, say): start over. */
static gboolean
is_bad_cursor (Run    *run,
               guint   status,
               GBytes *body)
{
  g_autofree char *type = NULL;
  g_autofree char *detail = NULL;

  if (status != SOUP_STATUS_BAD_REQUEST || run->cursor == NULL || run->cursor_reset)
    return FALSE;

  _findings_sync_read_problem (body, status, &type, &detail);
  return findings_problem_from_type (type) == FINDINGS_PROBLEM_BAD_CURSOR;
}

static void
page_received_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FindingsSync *self = FINDINGS_SYNC (source);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(FindingsFeedPage) page = NULL;
  GError *error = NULL;
  guint status;

  body = _findings_sync_request_finish (self, result, &error);
  if (body == NULL)
    {
      g_autofree char *why = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          _findings_sync_run_return (task, error);
          return;
        }

      /* Said as the push says it: "The office could not be reached (…)." */
      why = _findings_sync_describe_transport_error (error);
      _findings_sync_run_note_failure (run, g_error_new_literal (error->domain, error->code, why),
                                       findings_retry_error_is_transient (error));
      g_clear_error (&error);
      _findings_sync_run_push (task);
      return;
    }

  status = soup_message_get_status (run->msg);
  if (_findings_sync_is_unauthorized (status))
    {
      run->unauthorized = TRUE;
      _findings_sync_run_return (task, NULL);
      return;
    }

  if (is_bad_cursor (run, status, body))
    {
      g_message ("The office did not recognise the stored cursor; pulling everything");
      run->cursor_reset = TRUE;
      g_clear_pointer (&run->cursor, g_free);
      _findings_sync_run_pull (task);
      return;
    }

  if (status != SOUP_STATUS_OK)
    {
      _findings_sync_run_note_failure (run, _findings_sync_server_error (status, body),
                                       findings_retry_status_is_transient (status));
      _findings_sync_run_push (task);
      return;
    }

  page = findings_feed_page_parse (body, &error);
  if (page == NULL)
    {
      _findings_sync_run_note_failure (run, _findings_sync_bad_document (error), FALSE);
      g_clear_error (&error);
      _findings_sync_run_push (task);
      return;
    }

  if (!save_page (task, page, &error))
    {
      _findings_sync_run_note_failure (run, error, FALSE);
      _findings_sync_run_push (task);
    }
}

/* Asks for the page after the run's cursor, or for everything without one. */
void
_findings_sync_run_pull (GTask *task)
{
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autofree char *url = NULL;

  if (run->cursor != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (run->cursor, NULL, FALSE);
      g_autofree char *path = g_strconcat ("visits?since=", escaped, NULL);

      url = _findings_sync_api_url (self, path);
    }
  else
    {
      url = _findings_sync_api_url (self, "visits");
    }

  g_clear_object (&run->msg);
  run->msg = _findings_sync_new_message (self, SOUP_METHOD_GET, url);
  _findings_sync_request_async (self, run->msg, FINDINGS_PROTOCOL_MAX_BODY,
                                g_task_get_cancellable (task), page_received_cb,
                                g_object_ref (task));
}
