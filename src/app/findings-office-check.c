/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-office-check"

#include "config.h"

#include "findings-office-check.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "findings-sync.h"

/* The installer's "Test connection": the office's health check, then one pull with
 * the kiosk's token, and in plain words the first thing that failed. It uses the
 * same address rule and the same certificate authorities as the sync, and its own
 * HTTP session, so the running sync is not disturbed. */

#define CHECK_TIMEOUT_S 15
/* The first page of visits is read and dropped: the pull proper is the sync's. */
#define MAX_ANSWER (8 * 1024 * 1024)

typedef struct
{
  SoupSession *session;
  char        *base_url;
  char        *token;
} Check;

static void
check_free (gpointer data)
{
  Check *check = data;

  g_clear_object (&check->session);
  g_free (check->base_url);
  g_free (check->token);
  g_free (check);
}

static gboolean
reject_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  return FALSE;
}

static char *
describe_transport_error (const GError *error,
                          const char   *base_url)
{
  if (error->domain == G_TLS_ERROR)
    return g_strdup_printf (_("The office’s certificate is not trusted (%s). If the office "
                              "has its own certificate authority, set its file in "
                              "“Certificate authority file”."),
                            error->message);

  if (error->domain == G_RESOLVER_ERROR)
    return g_strdup_printf (_("The office’s name was not found (%s). Check the address and "
                              "this kiosk’s network."),
                            error->message);

  if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_CONNECTION_REFUSED:
          return g_strdup_printf (_("Nothing answers at %s: the connection was refused. Is "
                                    "the office running, and is the port right?"),
                                  base_url);
        case G_IO_ERROR_TIMED_OUT:
          return g_strdup (_("The office did not answer in time."));
        case G_IO_ERROR_NETWORK_UNREACHABLE:
        case G_IO_ERROR_HOST_UNREACHABLE:
          return g_strdup_printf (_("The office cannot be reached from this kiosk’s network "
                                    "(%s)."),
                                  error->message);
        default:
          break;
        }
    }

  return g_strdup_printf (_("The office cannot be reached: %s"), error->message);
}

static void pull_sent_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);

static SoupMessage *
new_message (Check      *check,
             const char *path,
             gboolean    with_token)
{
  g_autofree char *url = g_strconcat (check->base_url, "/api/v1/", path, NULL);
  SoupMessage *msg = soup_message_new ("GET", url);

  if (msg == NULL)
    return NULL;

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (reject_certificate_cb), NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                "application/json");
  if (with_token)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", check->token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg),
                                    "Authorization", authorization);
    }

  return msg;
}

static void
return_failure (GTask      *task,
                const char *message)
{
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", message);
}

static void
health_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Check *check = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) pull = NULL;
  GCancellable *cancellable;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      message = describe_transport_error (error, check->base_url);
      return_failure (task, message);
      return;
    }

  status = soup_message_get_status (msg);
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *message =
        g_strdup_printf (_("The address answers, but not as a Findings office: its health "
                           "check gave HTTP %u. Check the address."),
                         status);

      return_failure (task, message);
      return;
    }

  if (check->token == NULL || *check->token == '\0')
    {
      return_failure (task, _("The office answers, but no kiosk token is saved. Enter the "
                              "token the office gave for this kiosk."));
      return;
    }

  pull = new_message (check, "visits", TRUE);
  cancellable = g_task_get_cancellable (task);
  soup_session_send_and_read_async (check->session, pull, G_PRIORITY_DEFAULT, cancellable,
                                    pull_sent_cb, g_steal_pointer (&task));
}

static void
pull_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Check *check = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      message = describe_transport_error (error, check->base_url);
      return_failure (task, message);
      return;
    }

  status = soup_message_get_status (msg);
  switch (status)
    {
    case SOUP_STATUS_OK:
      if (g_bytes_get_size (body) > MAX_ANSWER)
        return_failure (task, _("The office’s answer is larger than a kiosk accepts."));
      else
        g_task_return_boolean (task, TRUE);
      return;

    case SOUP_STATUS_UNAUTHORIZED:
      return_failure (task, _("The office refused the kiosk token: it is unknown or was "
                              "revoked. Ask the office for a new one."));
      return;

    case SOUP_STATUS_FORBIDDEN:
      return_failure (task, _("The office knows this token, but not as a kiosk’s. Enter "
                              "the kiosk token, not a technician’s or the office’s."));
      return;

    default:
      {
        g_autofree char *message =
          g_strdup_printf (_("The office answered the pull with HTTP %u."), status);

        return_failure (task, message);
        return;
      }
    }
}

/**
 * findings_office_check_async:
 * @office: the address, token and certificate authority to try
 *
 * Asks the office's `/api/v1/health`, then pulls once with the token.
 */
void
findings_office_check_async (FindingsOfficeConfig *office,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  const char *url;
  Check *check;
  gsize length;

  g_return_if_fail (FINDINGS_IS_OFFICE_CONFIG (office));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, findings_office_check_async);

  url = findings_office_config_get_url (office);
  if (!findings_sync_check_url (url, &error))
    {
      return_failure (task, error->message);
      return;
    }

  database = findings_office_config_dup_tls_database (office, &error);
  if (error != NULL)
    {
      return_failure (task, error->message);
      return;
    }

  check = g_new0 (Check, 1);
  length = strlen (url);
  while (length > 0 && url[length - 1] == '/')
    length--;
  check->base_url = g_strndup (url, length);
  check->token = g_strdup (findings_office_config_get_token (office));
  check->session = soup_session_new_with_options ("timeout", CHECK_TIMEOUT_S,
                                                  "idle-timeout", CHECK_TIMEOUT_S,
                                                  NULL);
  if (database != NULL)
    soup_session_set_tls_database (check->session, database);
  g_task_set_task_data (task, check, check_free);

  msg = new_message (check, "health", FALSE);
  if (msg == NULL)
    {
      return_failure (task, _("The office address is not a valid web address."));
      return;
    }

  soup_session_send_and_read_async (check->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    health_sent_cb, g_steal_pointer (&task));
}

/**
 * findings_office_check_finish:
 * @error: what failed, in words for the installer
 *
 * Returns: %TRUE if the office answered both and took the token
 */
gboolean
findings_office_check_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
