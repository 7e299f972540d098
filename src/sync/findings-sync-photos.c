/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-protocol.h"
#include "findings-retry.h"
#include "findings-sync-private.h"

/* The second step of a run: the photos the new visits name and the store lacks,
 * each checked against the visit's sha256 before it is kept. */

/* Bytes that failed their checksum are known by id and checksum together: the
 * same pair would bring the same bytes, a new checksum may bring good ones. */
static char *
photo_key (const char *id,
           const char *sha256)
{
  g_autofree char *lower = sha256 != NULL ? g_ascii_strdown (sha256, -1) : NULL;

  return g_strconcat (id, " ", lower != NULL ? lower : "", NULL);
}

void
_findings_sync_photo_ref_free (gpointer data)
{
  PhotoRef *ref = data;

  g_free (ref->id);
  g_free (ref->sha256);
  g_free (ref->media_type);
  g_free (ref);
}

/* Queues each photo of @visit once per run, unless stored or known to be damaged. */
void
_findings_sync_queue_photos (FindingsSync  *self,
                             Run           *run,
                             FindingsVisit *visit)
{
  GListModel *recommendations = findings_visit_get_recommendations (visit);

  for (guint i = 0; i < g_list_model_get_n_items (recommendations); i++)
    {
      g_autoptr(FindingsRecommendation) recommendation = g_list_model_get_item (recommendations,
                                                                                i);
      GListModel *photos = findings_recommendation_get_photos (recommendation);

      for (guint j = 0; j < g_list_model_get_n_items (photos); j++)
        {
          g_autoptr(FindingsPhoto) photo = g_list_model_get_item (photos, j);
          const char *id = findings_photo_get_id (photo);
          const char *sha256 = findings_photo_get_sha256 (photo);
          PhotoRef *ref;
          char *key;

          key = photo_key (id, sha256);
          if (g_hash_table_contains (self->damaged_photos, key) ||
              g_hash_table_contains (run->photo_ids, key) ||
              findings_store_has_photo (self->store, id, sha256))
            {
              g_free (key);
              continue;
            }
          g_hash_table_add (run->photo_ids, key);

          ref = g_new0 (PhotoRef, 1);
          ref->id = g_strdup (id);
          ref->sha256 = sha256 != NULL ? g_ascii_strdown (sha256, -1) : NULL;
          ref->media_type = g_strdup (findings_photo_get_media_type (photo));
          g_ptr_array_add (run->photos, ref);
        }
    }
}

static gboolean
sha256_matches (GBytes     *bytes,
                const char *expected)
{
  g_autofree char *actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  return g_ascii_strcasecmp (actual, expected) == 0;
}

/* The visit's word first: the office's Content-Type only when the visit says nothing. */
static const char *
photo_media_type (PhotoRef    *ref,
                  SoupMessage *msg)
{
  if (ref->media_type != NULL)
    return ref->media_type;

  return soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
}

static void
set_photo_aside (Run        *run,
                 PhotoRef   *ref,
                 const char *why)
{
  /* Translators: %s is a photo id, then the reason */
  g_autofree char *problem = g_strdup_printf (_("Photo %s was set aside: %s"), ref->id, why);

  _findings_sync_run_add_problem (run, problem);
  run->report->photos_rejected++;
}

static void
photo_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  PhotoRef *ref = g_ptr_array_index (run->photos, run->next_photo - 1);
  GError *error = NULL;

  if (!findings_store_save_photo_finish (FINDINGS_STORE (source), result, &error))
    {
      _findings_sync_run_return (task, error);
      return;
    }

  run->report->photos_fetched++;
  /* A page shown before its photos came in can now show them. */
  _findings_sync_emit_photo_stored (self, ref->id);
  _findings_sync_run_photos (task);
}

/* Sets the photo aside, or stores it; the run goes on either way. */
static void
take_photo (GTask    *task,
            PhotoRef *ref,
            guint     status,
            GBytes   *body)
{
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  if (status != SOUP_STATUS_OK)
    {
      g_autoptr(GError) server = _findings_sync_server_error (status, body);

      set_photo_aside (run, ref, server->message);
      _findings_sync_run_photos (task);
      return;
    }

  if (ref->sha256 != NULL && !sha256_matches (body, ref->sha256))
    {
      /* The same bytes would come again: not before the visit names new ones. */
      g_hash_table_add (self->damaged_photos, photo_key (ref->id, ref->sha256));
      set_photo_aside (run, ref, _("its bytes do not match the visit’s checksum."));
      _findings_sync_run_photos (task);
      return;
    }

  findings_store_save_photo_async (self->store, ref->id, ref->sha256,
                                   photo_media_type (ref, run->msg), body,
                                   g_task_get_cancellable (task), photo_saved_cb,
                                   g_object_ref (task));
}

static void
photo_received_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FindingsSync *self = FINDINGS_SYNC (source);
  Run *run = g_task_get_task_data (task);
  PhotoRef *ref = g_ptr_array_index (run->photos, run->next_photo - 1);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  guint status;

  body = _findings_sync_request_finish (self, result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          _findings_sync_run_return (task, error);
          return;
        }
      if (!findings_retry_error_is_transient (error))
        {
          /* Too large: the same bytes would come again, and the others may not. */
          set_photo_aside (run, ref, error->message);
          g_error_free (error);
          _findings_sync_run_photos (task);
          return;
        }

      /* The office is unreachable: the decisions matter more than the photos. */
      _findings_sync_run_note_failure (run, error, TRUE);
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

  if (findings_retry_status_is_transient (status))
    {
      _findings_sync_run_note_failure (run, _findings_sync_server_error (status, body), TRUE);
      _findings_sync_run_push (task);
      return;
    }

  take_photo (task, ref, status, body);
}

/* Fetches the next queued photo, or goes on to the push when none is left. */
void
_findings_sync_run_photos (GTask *task)
{
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  PhotoRef *ref;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;

  if (run->next_photo >= run->photos->len)
    {
      _findings_sync_run_push (task);
      return;
    }

  ref = g_ptr_array_index (run->photos, run->next_photo++);
  escaped = g_uri_escape_string (ref->id, NULL, FALSE);
  path = g_strconcat ("photos/", escaped, NULL);
  url = _findings_sync_api_url (self, path);

  g_clear_object (&run->msg);
  run->msg = _findings_sync_new_message (self, SOUP_METHOD_GET, url);
  soup_message_headers_replace (soup_message_get_request_headers (run->msg), "Accept",
                                FINDINGS_PROTOCOL_MEDIA_TYPE_JPEG ", "
                                FINDINGS_PROTOCOL_MEDIA_TYPE_PNG);
  _findings_sync_request_async (self, run->msg, FINDINGS_PROTOCOL_MAX_PHOTO,
                                g_task_get_cancellable (task), photo_received_cb,
                                g_object_ref (task));
}
