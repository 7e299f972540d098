/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-json-check.h"
#include "findings-parse-error.h"
#include "findings-protocol.h"
#include "findings-sync-private.h"

/* One HTTP exchange with the office, bounded in time and in size, and the
 * reading of what the office answered. */

#define READ_CHUNK (64 * 1024)

typedef struct
{
  SoupMessage  *msg;
  GCancellable *cancellable;        /* ours: cancelled by the caller's or by the deadline */
  GCancellable *caller_cancellable;
  gulong        caller_handler;
  GSource      *deadline;
  guint         timeout_s;
  gboolean      timed_out;
  GInputStream *stream;
  GByteArray   *body;
  gsize         max_size;
} Request;

/* Stops watching the clock and the caller. Safe from within either's callbacks,
 * unlike g_cancellable_disconnect(), which would wait for itself there. */
static void
request_unwatch (Request *request)
{
  if (request->deadline != NULL)
    {
      g_source_destroy (request->deadline);
      g_clear_pointer (&request->deadline, g_source_unref);
    }
  g_clear_signal_handler (&request->caller_handler, request->caller_cancellable);
}

static void
request_free (gpointer data)
{
  Request *request = data;

  request_unwatch (request);
  g_clear_object (&request->caller_cancellable);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->stream);
  g_clear_object (&request->msg);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_free (request);
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

static gboolean
deadline_cb (gpointer user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  request->timed_out = TRUE;
  g_cancellable_cancel (request->cancellable);

  return G_SOURCE_REMOVE;
}

/* Also aborts the exchange, so that closing the stream never waits for the rest. */
static void
request_fail (GTask  *task,
              GError *error)
{
  Request *request = g_task_get_task_data (task);

  g_debug ("%s failed: %s", g_uri_get_path (soup_message_get_uri (request->msg)),
           error->message);
  request_unwatch (request);
  g_cancellable_cancel (request->cancellable);

  if (request->timed_out)
    {
      g_clear_error (&error);
      g_set_error (&error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_TIMEOUT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The office did not answer within %u second.",
                                "The office did not answer within %u seconds.",
                                request->timeout_s),
                   request->timeout_s);
    }

  g_task_return_error (task, error);
}

static void
request_fail_too_large (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  g_autofree char *limit = g_format_size_full (request->max_size, G_FORMAT_SIZE_IEC_UNITS);

  request_fail (task, g_error_new (FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_TOO_LARGE,
                                   _("The office’s answer is larger than the limit of %s."),
                                   limit));
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (request->stream, result, &error);
  if (chunk == NULL)
    {
      request_fail (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_debug ("%u %s, %u bytes", soup_message_get_status (request->msg),
               g_uri_get_path (soup_message_get_uri (request->msg)), request->body->len);
      request_unwatch (request);
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&request->body)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (request->body->len + g_bytes_get_size (chunk) > request->max_size)
    {
      request_fail_too_large (task);
      return;
    }

  g_byte_array_append (request->body, g_bytes_get_data (chunk, NULL),
                       (guint) g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   request->cancellable, read_cb, g_steal_pointer (&task));
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  SoupMessageHeaders *headers;
  GError *error = NULL;

  request->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (request->stream == NULL)
    {
      request_fail (task, error);
      return;
    }

  /* Refuse what announces itself as too large before reading any of it. */
  headers = soup_message_get_response_headers (request->msg);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) request->max_size)
    {
      request_fail_too_large (task);
      return;
    }

  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   request->cancellable, read_cb, g_steal_pointer (&task));
}

static gboolean
reject_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  /* Never accept a certificate that failed validation; a private CA goes in
   * through findings_sync_set_tls_database() instead. */
  g_message ("Refusing the office's TLS certificate (problems 0x%x)", errors);
  return FALSE;
}

char *
_findings_sync_api_url (FindingsSync *self,
                        const char   *path)
{
  return g_strconcat (self->base_url, "/api/v1/", path, NULL);
}

SoupMessage *
_findings_sync_new_message (FindingsSync *self,
                            const char   *method,
                            const char   *url)
{
  SoupMessage *msg = soup_message_new (method, url);
  SoupMessageHeaders *headers;
  g_autofree char *authorization = NULL;

  if (msg == NULL)
    return NULL;

  /* A redirect could carry the token elsewhere; the API never redirects. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (reject_certificate_cb), NULL);

  headers = soup_message_get_request_headers (msg);
  authorization = g_strconcat ("Bearer ", self->token, NULL);
  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "Accept", "application/json");

  return msg;
}

/* Starts @task's exchange: sends @msg on @session and reads the whole answer, at most
 * @max_size bytes, within @timeout_s seconds. */
static void
request_start (GTask        *task,
               SoupSession  *session,
               SoupMessage  *msg,
               gsize         max_size,
               guint         timeout_s)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  Request *request = g_new0 (Request, 1);

  g_task_set_task_data (task, request, request_free);

  request->msg = g_object_ref (msg);
  request->max_size = max_size;
  request->body = g_byte_array_new ();
  request->cancellable = g_cancellable_new ();
  request->timeout_s = timeout_s;

  if (cancellable != NULL)
    {
      request->caller_cancellable = g_object_ref (cancellable);
      request->caller_handler = g_signal_connect_object (cancellable, "cancelled",
                                                         G_CALLBACK (caller_cancelled_cb),
                                                         request->cancellable, 0);
      if (g_cancellable_is_cancelled (cancellable))
        g_cancellable_cancel (request->cancellable);
    }

  /* libsoup's own timeout bounds each read or write, not the whole exchange. */
  request->deadline = g_timeout_source_new_seconds (request->timeout_s);
  g_task_attach_source (task, request->deadline, deadline_cb);

  g_debug ("%s %s", soup_message_get_method (msg), g_uri_get_path (soup_message_get_uri (msg)));
  soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, request->cancellable,
                           send_cb, g_object_ref (task));
}

/* Sends @msg and reads the whole answer, at most @max_size bytes. Only transport
 * failures, timeouts and oversized answers are errors: HTTP errors are answers. */
void
_findings_sync_request_async (FindingsSync        *self,
                              SoupMessage         *msg,
                              gsize                max_size,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, _findings_sync_request_async);
  request_start (task, self->session, msg, max_size, self->request_timeout_s);
}

GBytes *
_findings_sync_request_finish (FindingsSync  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_assert (g_task_is_valid (result, self));

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The same bounded exchange for a caller with a session of its own and no
 * FindingsSync, such as the technician's leads. */
void
_findings_sync_send_bounded_async (SoupSession         *session,
                                   SoupMessage         *msg,
                                   gsize                max_size,
                                   guint                timeout_s,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, _findings_sync_send_bounded_async);
  request_start (task, session, msg, max_size, timeout_s);
}

GBytes *
_findings_sync_send_bounded_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_assert (g_task_is_valid (result, NULL));

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
_findings_sync_describe_transport_error (const GError *error)
{
  if (g_error_matches (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_TIMEOUT) ||
      g_error_matches (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_TOO_LARGE))
    return g_strdup (error->message);

  if (error->domain == G_TLS_ERROR)
    /* Translators: %s is the technical reason */
    return g_strdup_printf (_("The office’s identity could not be checked (%s)."),
                            error->message);

  /* Translators: %s is the technical reason */
  return g_strdup_printf (_("The office could not be reached (%s)."), error->message);
}


/*
 * Answers
 */

static JsonNode *
parse_json_answer (GBytes  *body,
                   GError **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  root = findings_json_parse_strict (data != NULL ? data : "", length,
                                     FINDINGS_PROTOCOL_MAX_BODY, FINDINGS_PROTOCOL_MAX_DEPTH,
                                     &local_error);
  if (root == NULL)
    {
      /* Translators: %s says what is wrong with the document */
      g_set_error (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_BAD_RESPONSE,
                   _("The office’s answer could not be read: %s"), local_error->message);
      return NULL;
    }

  return root;
}

GError *
_findings_sync_bad_response (const char *what)
{
  /* Translators: %s says what is missing or wrong */
  return g_error_new (FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_BAD_RESPONSE,
                      _("The office’s answer is not what was expected: %s"), what);
}

/* What a reader in core found wrong with a document of the office's, said as the
 * other answers are: unreadable as JSON, or not what the API promises. */
GError *
_findings_sync_bad_document (const GError *parse_error)
{
  if (parse_error->domain == FINDINGS_PARSE_ERROR)
    {
      switch ((FindingsParseError) parse_error->code)
        {
        case FINDINGS_PARSE_ERROR_TOO_LARGE:
        case FINDINGS_PARSE_ERROR_INVALID_UTF8:
        case FINDINGS_PARSE_ERROR_SYNTAX:
        case FINDINGS_PARSE_ERROR_TRUNCATED:
        case FINDINGS_PARSE_ERROR_TOO_DEEP:
          /* Translators: %s says what is wrong with the document */
          return g_error_new (FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_BAD_RESPONSE,
                              _("The office’s answer could not be read: %s"),
                              parse_error->message);

        case FINDINGS_PARSE_ERROR_UNSUPPORTED_VERSION:
        case FINDINGS_PARSE_ERROR_MISSING_FIELD:
        case FINDINGS_PARSE_ERROR_WRONG_TYPE:
        case FINDINGS_PARSE_ERROR_INVALID_VALUE:
        case FINDINGS_PARSE_ERROR_TOO_LONG:
        case FINDINGS_PARSE_ERROR_OUT_OF_RANGE:
        case FINDINGS_PARSE_ERROR_TOO_MANY:
        default:
          break;
        }
    }

  return _findings_sync_bad_response (parse_error->message);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* A problem document's type and detail. The type falls back to "http-STATUS"
 * and the detail to NULL, for an office that sends something else. */
void
_findings_sync_read_problem (GBytes  *body,
                             guint    status,
                             char   **out_type,
                             char   **out_detail)
{
  g_autoptr(JsonNode) root = parse_json_answer (body, NULL);
  JsonObject *object = NULL;
  const char *type = NULL;
  const char *detail = NULL;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    object = json_node_get_object (root);
  if (object != NULL)
    {
      type = member_string (object, "type");
      detail = member_string (object, "detail");
      if (detail == NULL)
        detail = member_string (object, "title");
    }

  *out_type = type != NULL ? g_strdup (type) : g_strdup_printf ("http-%u", status);
  *out_detail = g_strdup (detail);
}

GError *
_findings_sync_server_error (guint   status,
                             GBytes *body)
{
  g_autofree char *type = NULL;
  g_autofree char *detail = NULL;

  _findings_sync_read_problem (body, status, &type, &detail);
  if (detail == NULL)
    /* Translators: %u is an HTTP status code */
    return g_error_new (FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_SERVER,
                        _("The office could not answer (HTTP status %u)."), status);

  /* Translators: %u is an HTTP status code, %s the office's explanation */
  return g_error_new (FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_SERVER,
                      _("The office could not answer (HTTP status %u): %s"), status, detail);
}

gboolean
_findings_sync_is_unauthorized (guint status)
{
  return status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN;
}
