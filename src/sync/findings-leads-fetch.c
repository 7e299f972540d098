/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "findings-lead.h"
#include "findings-leads-fetch.h"
#include "findings-protocol.h"
#include "findings-sync.h"
#include "findings-sync-private.h"

#define FETCH_TIMEOUT_S 30
/* A bound on the pages of one fetch, so that an office that always says "more"
 * cannot keep the kiosk asking. */
#define MAX_PAGES       1000

typedef struct
{
  SoupSession *session;
  char        *base_url;
  char        *token;
  char        *cursor;
  GListStore  *leads;
  guint        pages;
  SoupMessage *msg;               /* the page on its way */
} Fetch;

static void
fetch_free (gpointer data)
{
  Fetch *fetch = data;

  g_clear_object (&fetch->msg);
  g_clear_object (&fetch->session);
  g_free (fetch->base_url);
  g_free (fetch->token);
  g_free (fetch->cursor);
  g_clear_object (&fetch->leads);
  g_free (fetch);
}

static void page_sent_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);

static void
return_error (GTask      *task,
              int         code,
              const char *message)
{
  g_task_return_new_error (task, G_IO_ERROR, code, "%s", message);
}

/* The office's refusals, in the technician's words. */
static void
return_status (GTask *task,
               guint  status)
{
  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      return_error (task, G_IO_ERROR_PERMISSION_DENIED,
                    _("The office does not know this kiosk’s technician token, or it was "
                      "revoked. Ask the office for a new one."));
      break;
    case SOUP_STATUS_FORBIDDEN:
      return_error (task, G_IO_ERROR_PERMISSION_DENIED,
                    _("This technician token is not tied to a technician, so the office "
                      "cannot tell which leads are yours. Ask the office for a token made "
                      "with your technician id."));
      break;
    case SOUP_STATUS_NOT_FOUND:
      return_error (task, G_IO_ERROR_NOT_SUPPORTED,
                    _("This office does not list technicians’ recommendations yet."));
      break;
    case 429:
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
      return_error (task, G_IO_ERROR_BUSY,
                    _("The office is busy. Try again in a few minutes."));
      break;
    default:
      {
        g_autofree char *message =
          g_strdup_printf (_("The office answered with an error (HTTP %u)."), status);

        return_error (task, G_IO_ERROR_FAILED, message);
      }
    }
}

static void
fetch_page (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);
  g_autofree char *url = NULL;
  g_autofree char *authorization = g_strconcat ("Bearer ", fetch->token, NULL);
  g_autoptr(SoupMessage) msg = NULL;

  if (fetch->cursor != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (fetch->cursor, NULL, FALSE);

      url = g_strconcat (fetch->base_url, "/api/v1/technician/recommendations?since=", escaped,
                         NULL);
    }
  else
    {
      url = g_strconcat (fetch->base_url, "/api/v1/technician/recommendations", NULL);
    }

  msg = soup_message_new ("GET", url);
  if (msg == NULL)
    {
      return_error (task, G_IO_ERROR_INVALID_ARGUMENT,
                    _("The office address is not a valid web address."));
      g_object_unref (task);
      return;
    }

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                "application/json");
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);

  /* Read with the sync's own bounds: an answer larger than the protocol's body limit
   * is refused rather than held in memory. */
  g_set_object (&fetch->msg, msg);
  _findings_sync_send_bounded_async (fetch->session, msg, FINDINGS_PROTOCOL_MAX_BODY,
                                     FETCH_TIMEOUT_S, g_task_get_cancellable (task),
                                     page_sent_cb, task);
}

static void
page_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  SoupMessage *msg = fetch->msg;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GPtrArray) leads = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  gboolean more = FALSE;
  const char *data;
  gsize length;
  guint status;

  body = _findings_sync_send_bounded_finish (result, &error);
  if (body == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (body == NULL)
    {
      /* In the sync's plain words, keeping what kind of failure it was. */
      g_autofree char *why = _findings_sync_describe_transport_error (error);

      g_task_return_new_error (task, error->domain, error->code, "%s", why);
      return;
    }

  status = soup_message_get_status (msg);
  if (status != SOUP_STATUS_OK)
    {
      return_status (task, status);
      return;
    }

  data = g_bytes_get_data (body, &length);
  leads = findings_lead_parse_page (data, length, &cursor, &more, &error);
  if (leads == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("The office’s answer could not be read: %s"), error->message);

      return_error (task, G_IO_ERROR_INVALID_DATA, message);
      return;
    }

  g_list_store_splice (fetch->leads, g_list_model_get_n_items (G_LIST_MODEL (fetch->leads)), 0,
                       leads->pdata, leads->len);
  g_free (fetch->cursor);
  fetch->cursor = g_steal_pointer (&cursor);

  if (more && ++fetch->pages < MAX_PAGES)
    {
      fetch_page (g_steal_pointer (&task));
      return;
    }

  g_task_return_pointer (task, g_object_ref (fetch->leads), g_object_unref);
}

/**
 * findings_leads_fetch_async:
 * @base_url: the office, such as `https://office.example.com/`
 * @token: a technician token bound to a technician
 * @tls_database: (nullable): the authorities to trust, or %NULL for the system's
 *
 * Fetches all of the technician's leads, following `more` from page to page.
 */
void
findings_leads_fetch_async (const char          *base_url,
                            const char          *token,
                            GTlsDatabase        *tls_database,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Fetch *fetch;
  gsize length;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, findings_leads_fetch_async);

  if (token == NULL || *token == '\0')
    {
      return_error (task, G_IO_ERROR_NOT_INITIALIZED,
                    _("This kiosk has no technician token. The installer sets one up."));
      return;
    }

  if (!findings_sync_check_url (base_url, &error))
    {
      return_error (task, G_IO_ERROR_INVALID_ARGUMENT, error->message);
      return;
    }

  fetch = g_new0 (Fetch, 1);
  length = strlen (base_url);
  while (length > 0 && base_url[length - 1] == '/')
    length--;
  fetch->base_url = g_strndup (base_url, length);
  fetch->token = g_strdup (token);
  fetch->leads = g_list_store_new (FINDINGS_TYPE_LEAD);
  fetch->session = soup_session_new_with_options ("timeout", FETCH_TIMEOUT_S,
                                                  "idle-timeout", FETCH_TIMEOUT_S,
                                                  NULL);
  if (tls_database != NULL)
    soup_session_set_tls_database (fetch->session, tls_database);
  g_task_set_task_data (task, fetch, fetch_free);

  fetch_page (g_steal_pointer (&task));
}

/**
 * findings_leads_fetch_finish:
 *
 * Returns: (transfer full) (nullable): the leads (#FindingsLead), in the office's order
 */
GListModel *
findings_leads_fetch_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
