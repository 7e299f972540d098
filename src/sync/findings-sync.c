/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "findings-json-check.h"
/* The store's blocking writes, until the sync uses the _async ones. */
#include "findings-store-private.h"
#include "findings-sync.h"
#include "findings-visit-parser.h"

/* One run pulls the visits changed since the stored cursor, fetches the photos
 * they name, then pushes the outbox. Every decision is already committed in the
 * store, so any failure here only delays it: the same bytes go out again later
 * under the same Idempotency-Key, and the office replays its first answer. */

#define SOCKET_TIMEOUT_S         20
#define REQUEST_TIMEOUT_S        60
#define PULL_INTERVAL_US         (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define BACKOFF_BASE_US          (G_GINT64_CONSTANT (2) * G_USEC_PER_SEC)
#define BACKOFF_CAP_US           (G_GINT64_CONSTANT (5 * 60) * G_USEC_PER_SEC)
#define RETRY_AFTER_CAP_US       (G_GINT64_CONSTANT (60 * 60) * G_USEC_PER_SEC)
#define MAX_PHOTO_BODY           (20 * 1024 * 1024)
#define READ_CHUNK               (64 * 1024)
/* libsoup 3.2 has no names for these. */
#define STATUS_TOO_EARLY         425
#define STATUS_TOO_MANY_REQUESTS 429

struct _FindingsSync
{
  GObject            parent_instance;

  FindingsStore     *store;
  char              *base_url;     /* without a trailing slash */
  char              *token;
  GError            *config_error; /* why base_url or token cannot be used, or NULL */
  gboolean           loopback;
  SoupSession       *session;
  guint              request_timeout_s;

  FindingsSyncState  state;
  guint              n_pending;
  char              *last_error;
  GDateTime         *last_success;

  gboolean           running;
  GHashTable        *damaged_photos; /* photo_key () of bytes that did not match */

  /* Automatic mode */
  gboolean           started;
  gboolean           run_again;    /* a kick arrived during a run */
  GCancellable      *auto_cancellable;
  guint              timer_id;
  GNetworkMonitor   *monitor;
  GNetworkMonitor   *chosen_monitor; /* set by the caller: heeded even on loopback */
  gulong             network_changed_id;
  gint64             last_run_us;
  gint64             busy_until_us;  /* the office asked us to wait (Retry-After) */
  gint64             quiet_until_us; /* the office was out of reach: retry no sooner */
};

G_DEFINE_FINAL_TYPE (FindingsSync, findings_sync, G_TYPE_OBJECT)

G_DEFINE_QUARK (findings-sync-error-quark, findings_sync_error)

G_DEFINE_ENUM_TYPE (FindingsSyncState, findings_sync_state,
                    G_DEFINE_ENUM_VALUE (FINDINGS_SYNC_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (FINDINGS_SYNC_STATE_SYNCING, "syncing"),
                    G_DEFINE_ENUM_VALUE (FINDINGS_SYNC_STATE_OFFLINE, "offline"),
                    G_DEFINE_ENUM_VALUE (FINDINGS_SYNC_STATE_WAITING_RETRY, "waiting-retry"),
                    G_DEFINE_ENUM_VALUE (FINDINGS_SYNC_STATE_UNAUTHORIZED, "unauthorized"),
                    G_DEFINE_ENUM_VALUE (FINDINGS_SYNC_STATE_ERROR, "error"))

G_DEFINE_BOXED_TYPE (FindingsSyncReport, findings_sync_report,
                     findings_sync_report_copy, findings_sync_report_free)

enum
{
  PROP_0,
  PROP_STATE,
  PROP_N_PENDING,
  PROP_LAST_ERROR,
  PROP_LAST_SUCCESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  VISITS_CHANGED,
  DECISION_ANSWERED,
  DECISION_REFUSED,
  PHOTO_STORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char *id;
  char *sha256;
  char *media_type;
} PhotoRef;

/* One run, the task data of findings_sync_run_async(). */
typedef struct
{
  FindingsSyncReport *report;
  char               *cursor;
  gboolean            cursor_reset;
  GPtrArray          *photos;       /* PhotoRef still to fetch */
  GHashTable         *photo_ids;    /* photo_key () of those already queued */
  guint               next_photo;
  GPtrArray          *outbox;
  guint               next_entry;
  SoupMessage        *msg;          /* the request in flight */
  GError             *failure;      /* the first problem that let the run go on */
  gboolean            retryable;    /* whether trying again later may cure it */
  gboolean            unauthorized;
  gboolean            any_waiting;
} Run;

/* One HTTP exchange, bounded in time and in size. */
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

static void run_pull_page     (GTask        *task);
static void run_next_photo    (GTask        *task);
static void run_push          (GTask        *task);
static void run_next_entry    (GTask        *task);
static void schedule_next_run (FindingsSync *self);


/*
 * Report
 */

static void
outcome_free (gpointer data)
{
  FindingsSyncOutcome *outcome = data;

  g_free (outcome->decision_id);
  g_free (outcome->recommendation_id);
  g_free (outcome->status);
  g_clear_pointer (&outcome->follow_up, json_node_unref);
  g_free (outcome->problem_type);
  g_free (outcome->detail);
  g_free (outcome);
}

static gpointer
outcome_copy (gconstpointer src,
              gpointer      user_data)
{
  const FindingsSyncOutcome *from = src;
  FindingsSyncOutcome *to = g_new0 (FindingsSyncOutcome, 1);

  to->kind = from->kind;
  to->decision_id = g_strdup (from->decision_id);
  to->recommendation_id = g_strdup (from->recommendation_id);
  to->status = g_strdup (from->status);
  to->follow_up = from->follow_up != NULL ? json_node_copy (from->follow_up) : NULL;
  to->problem_type = g_strdup (from->problem_type);
  to->detail = g_strdup (from->detail);
  to->next_attempt_us = from->next_attempt_us;

  return to;
}

static FindingsSyncReport *
report_new (void)
{
  FindingsSyncReport *report = g_new0 (FindingsSyncReport, 1);

  report->outcomes = g_ptr_array_new_with_free_func (outcome_free);
  report->problems = g_ptr_array_new_with_free_func (g_free);

  return report;
}

static FindingsSyncOutcome *
report_add_outcome (FindingsSyncReport      *report,
                    FindingsSyncOutcomeKind  kind,
                    const char              *decision_id,
                    const char              *recommendation_id)
{
  FindingsSyncOutcome *outcome = g_new0 (FindingsSyncOutcome, 1);

  outcome->kind = kind;
  outcome->decision_id = g_strdup (decision_id);
  outcome->recommendation_id = g_strdup (recommendation_id);
  g_ptr_array_add (report->outcomes, outcome);

  return outcome;
}


/*
 * Run data
 */

static void
photo_ref_free (gpointer data)
{
  PhotoRef *ref = data;

  g_free (ref->id);
  g_free (ref->sha256);
  g_free (ref->media_type);
  g_free (ref);
}

static void
run_free (gpointer data)
{
  Run *run = data;

  g_clear_pointer (&run->report, findings_sync_report_free);
  g_free (run->cursor);
  g_clear_pointer (&run->photos, g_ptr_array_unref);
  g_clear_pointer (&run->photo_ids, g_hash_table_unref);
  g_clear_pointer (&run->outbox, g_ptr_array_unref);
  g_clear_object (&run->msg);
  g_clear_error (&run->failure);
  g_free (run);
}

/* Keeps the first problem only: it is usually the cause of the others. */
static void
run_note_failure (Run      *run,
                  GError   *error,
                  gboolean  retryable)
{
  if (run->failure != NULL)
    {
      g_error_free (error);
      return;
    }

  run->failure = error;
  run->retryable = retryable;
}

static void
run_add_problem (Run        *run,
                 const char *problem)
{
  g_ptr_array_add (run->report->problems, g_strdup (problem));
  g_message ("%s", problem);
}


/*
 * Addresses
 */

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
check_url (const char  *base_url,
           gboolean    *out_loopback,
           GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  if (host == NULL || *host == '\0' || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_INVALID_URL,
                   _("The office address “%s” is not a valid web address."), base_url);
      return FALSE;
    }

  *out_loopback = host_is_loopback (host);
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_INVALID_URL,
                   _("The office address must start with https://."));
      return FALSE;
    }

  /* Decisions and names cross the wire: only this device may see them unencrypted. */
  if (!*out_loopback)
    {
      g_set_error (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_INSECURE,
                   _("The office address must use https://; plain http:// is only "
                     "allowed for this device itself."));
      return FALSE;
    }

  return TRUE;
}

/* The token goes into a header: a line break in it would forge other headers. */
static gboolean
check_token (const char  *token,
             GError     **error)
{
  gboolean valid = *token != '\0';

  for (const char *p = token; valid && *p != '\0'; p++)
    valid = g_ascii_isgraph (*p);

  if (!valid)
    g_set_error (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_UNAUTHORIZED,
                 _("This device’s key for the office is empty or not valid. "
                   "Ask your installer."));

  return valid;
}

static char *
api_url (FindingsSync *self,
         const char   *path)
{
  return g_strconcat (self->base_url, "/api/v1/", path, NULL);
}


/*
 * Requests
 */

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

static SoupMessage *
new_message (FindingsSync *self,
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

/* Sends @msg and reads the whole answer, at most @max_size bytes. Only transport
 * failures, timeouts and oversized answers are errors: HTTP errors are answers. */
static void
request_async (FindingsSync        *self,
               SoupMessage         *msg,
               gsize                max_size,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request = g_new0 (Request, 1);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, request_async);
  g_task_set_task_data (task, request, request_free);

  request->msg = g_object_ref (msg);
  request->max_size = max_size;
  request->body = g_byte_array_new ();
  request->cancellable = g_cancellable_new ();
  request->timeout_s = self->request_timeout_s;

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
  soup_session_send_async (self->session, msg, G_PRIORITY_DEFAULT, request->cancellable,
                           send_cb, g_steal_pointer (&task));
}

static GBytes *
request_finish (FindingsSync  *self,
                GAsyncResult  *result,
                GError       **error)
{
  g_assert (g_task_is_valid (result, self));

  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
describe_transport_error (const GError *error)
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

static JsonNode *
parse_json_answer (GBytes  *body,
                   GError **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  root = findings_json_parse_strict (data != NULL ? data : "", length, FINDINGS_JSON_MAX_BODY,
                                     FINDINGS_JSON_MAX_DEPTH, &local_error);
  if (root == NULL)
    {
      /* Translators: %s says what is wrong with the document */
      g_set_error (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_BAD_RESPONSE,
                   _("The office’s answer could not be read: %s"), local_error->message);
      return NULL;
    }

  return root;
}

static GError *
bad_response (const char *what)
{
  /* Translators: %s says what is missing or wrong */
  return g_error_new (FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_BAD_RESPONSE,
                      _("The office’s answer is not what was expected: %s"), what);
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
static void
read_problem (GBytes  *body,
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

static GError *
server_error (guint   status,
              GBytes *body)
{
  g_autofree char *type = NULL;
  g_autofree char *detail = NULL;

  read_problem (body, status, &type, &detail);
  if (detail == NULL)
    /* Translators: %u is an HTTP status code */
    return g_error_new (FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_SERVER,
                        _("The office could not answer (HTTP status %u)."), status);

  /* Translators: %u is an HTTP status code, %s the office's explanation */
  return g_error_new (FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_SERVER,
                      _("The office could not answer (HTTP status %u): %s"), status, detail);
}

static gboolean
is_unauthorized (guint status)
{
  return status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN;
}

/* 408, 425, 429 and 5xx may go away by themselves. */
static gboolean
is_transient (guint status)
{
  return status == SOUP_STATUS_REQUEST_TIMEOUT || status == STATUS_TOO_EARLY ||
         status == STATUS_TOO_MANY_REQUESTS || SOUP_STATUS_IS_SERVER_ERROR (status);
}


/*
 * Retry schedule
 */

/* Full jitter: anywhere between now and base × 2^attempts, capped, so that many
 * kiosks that lost the office together do not all come back at once. */
static gint64
backoff_delay (guint attempts)
{
  gint64 ceiling = BACKOFF_BASE_US;

  for (guint i = 0; i < attempts && ceiling < BACKOFF_CAP_US; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, BACKOFF_CAP_US);

  return (gint64) (g_random_double () * (double) ceiling);
}

static gboolean
parse_delta_seconds (const char *value,
                     gint64     *out_us)
{
  guint64 seconds;

  if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT32, &seconds, NULL))
    return FALSE;

  *out_us = (gint64) seconds * G_USEC_PER_SEC;
  return TRUE;
}

/* Retry-After is either a number of seconds or an HTTP date. Returns the time to
 * try again, or 0 when the header is absent or unreadable. */
static gint64
parse_retry_after (SoupMessage *msg,
                   gint64       now_us)
{
  const char *value;
  g_autofree char *trimmed = NULL;
  g_autoptr(GDateTime) date = NULL;
  gint64 delay_us;

  value = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                        "Retry-After");
  if (value == NULL)
    return 0;

  trimmed = g_strstrip (g_strdup (value));
  if (parse_delta_seconds (trimmed, &delay_us))
    return now_us + MIN (delay_us, RETRY_AFTER_CAP_US);

  date = soup_date_time_new_from_http_string (trimmed);
  if (date == NULL)
    return 0;

  /* An office whose clock is off must not silence the kiosk for days. */
  delay_us = g_date_time_to_unix (date) * G_USEC_PER_SEC - now_us;
  return now_us + CLAMP (delay_us, 0, RETRY_AFTER_CAP_US);
}


/*
 * State
 */

static void
set_state (FindingsSync      *self,
           FindingsSyncState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_last_error (FindingsSync *self,
                const char   *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
set_last_success_now (FindingsSync *self)
{
  g_clear_pointer (&self->last_success, g_date_time_unref);
  self->last_success = g_date_time_new_now_utc ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SUCCESS]);
}

static void
update_n_pending (FindingsSync *self)
{
  guint n_pending = findings_store_count_pending (self->store);

  if (self->n_pending == n_pending)
    return;

  self->n_pending = n_pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
}

/* A loopback office (the demo, the tests) is reachable without any network. */
static gboolean
is_offline (FindingsSync *self)
{
  return (!self->loopback || self->chosen_monitor != NULL) && self->monitor != NULL &&
         !g_network_monitor_get_network_available (self->monitor);
}

static const char *
last_waiting_detail (Run *run)
{
  for (guint i = run->report->outcomes->len; i > 0; i--)
    {
      FindingsSyncOutcome *outcome = g_ptr_array_index (run->report->outcomes, i - 1);

      if (outcome->kind == FINDINGS_SYNC_OUTCOME_WAITING)
        return outcome->detail;
    }

  return NULL;
}

static void
settle_state (FindingsSync *self,
              Run          *run,
              const GError *error)
{
  update_n_pending (self);

  if (run->unauthorized)
    {
      set_last_error (self, _("The office refused this device’s key. Ask your installer."));
      set_state (self, FINDINGS_SYNC_STATE_UNAUTHORIZED);
      return;
    }

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_last_error (self, error->message);
  else if (run->failure != NULL)
    set_last_error (self, run->failure->message);

  if (is_offline (self))
    set_state (self, FINDINGS_SYNC_STATE_OFFLINE);
  else if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_state (self, self->n_pending > 0 ? FINDINGS_SYNC_STATE_WAITING_RETRY
                                         : FINDINGS_SYNC_STATE_IDLE);
  else if (error != NULL || (run->failure != NULL && !run->retryable))
    set_state (self, FINDINGS_SYNC_STATE_ERROR);
  else if (run->failure != NULL || run->any_waiting)
    {
      if (run->failure == NULL)
        set_last_error (self, last_waiting_detail (run));
      set_state (self, FINDINGS_SYNC_STATE_WAITING_RETRY);
    }
  else
    {
      set_last_error (self, NULL);
      set_last_success_now (self);
      set_state (self, FINDINGS_SYNC_STATE_IDLE);
    }
}

static void
run_return (GTask  *task,
            GError *error)
{
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  /* Handlers of the notifications may spin the main loop: they run once the
   * run is over and its caller knows, never in between. */
  g_object_freeze_notify (G_OBJECT (self));

  self->running = FALSE;
  self->last_run_us = g_get_real_time ();
  settle_state (self, run, error);
  run->report->decisions_waiting = self->n_pending;

  if (error != NULL)
    g_task_return_error (task, error);
  else if (run->unauthorized)
    g_task_return_new_error (task, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_UNAUTHORIZED,
                             "%s", self->last_error);
  else if (run->failure != NULL)
    g_task_return_error (task, g_error_copy (run->failure));
  else
    g_task_return_boolean (task, TRUE);

  g_object_thaw_notify (G_OBJECT (self));
}


/*
 * Pull: visits
 */

static gboolean
read_page (JsonNode    *root,
           JsonArray  **out_visits,
           const char **out_cursor,
           gboolean    *out_more,
           GError     **error)
{
  JsonObject *object;
  JsonNode *node;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, bad_response (_("the page of visits is not an object")));
      return FALSE;
    }
  object = json_node_get_object (root);

  node = json_object_get_member (object, "visits");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_propagate_error (error, bad_response (_("“visits” is not a list")));
      return FALSE;
    }
  *out_visits = json_node_get_array (node);

  *out_cursor = member_string (object, "cursor");
  if (*out_cursor == NULL)
    {
      g_propagate_error (error, bad_response (_("“cursor” is not text")));
      return FALSE;
    }

  node = json_object_get_member (object, "more");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node) &&
      (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN))
    {
      g_propagate_error (error, bad_response (_("“more” is not true or false")));
      return FALSE;
    }
  *out_more = node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_boolean (node);

  return TRUE;
}

static char *
photo_key (const char *id,
           const char *sha256)
{
  g_autofree char *lower = sha256 != NULL ? g_ascii_strdown (sha256, -1) : NULL;

  return g_strconcat (id, " ", lower != NULL ? lower : "", NULL);
}

static void
queue_photos (Run           *run,
              FindingsStore *store,
              GHashTable    *damaged_photos,
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
          if (g_hash_table_contains (damaged_photos, key) ||
              g_hash_table_contains (run->photo_ids, key) ||
              findings_store_has_photo (store, id, sha256))
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

static FindingsStoreVisit *
store_visit_new (FindingsVisit *visit,
                 JsonNode      *node)
{
  FindingsSite *site = findings_visit_get_site (visit);
  g_autofree char *json = NULL;
  g_autoptr(GBytes) body = NULL;
  gsize length;

  json = json_to_string (node, FALSE);
  length = strlen (json);
  body = g_bytes_new_take (g_steal_pointer (&json), length);

  return findings_store_visit_new (findings_visit_get_id (visit),
                                   site != NULL ? findings_site_get_id (site) : NULL,
                                   findings_visit_get_completed_at (visit),
                                   body);
}

static void
set_visit_aside (Run          *run,
                 JsonNode     *node,
                 guint         position,
                 const GError *error)
{
  g_autofree char *problem = NULL;
  const char *id = NULL;

  if (JSON_NODE_HOLDS_OBJECT (node))
    id = member_string (json_node_get_object (node), "id");

  if (id != NULL)
    /* Translators: %s is a visit id, then the reason it was set aside */
    problem = g_strdup_printf (_("Visit %s was set aside: %s"), id, error->message);
  else
    /* Translators: %u is the position of the visit in the page, %s the reason */
    problem = g_strdup_printf (_("Visit number %u from the office was set aside: %s"),
                               position + 1, error->message);

  run_add_problem (run, problem);
  run->report->visits_rejected++;
}

/* A visit that fails the checks is set aside whole; the rest of the page applies. */
static void
read_visits (Run       *run,
             JsonArray *array,
             GPtrArray *visits,
             GPtrArray *to_store)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(GError) error = NULL;
      FindingsVisit *visit;

      visit = findings_visit_new_from_json (node, &error);
      if (visit == NULL)
        {
          set_visit_aside (run, node, i, error);
          continue;
        }

      g_ptr_array_add (visits, visit);
      g_ptr_array_add (to_store, store_visit_new (visit, node));
    }
}

static gboolean
apply_page (GTask     *task,
            JsonNode  *root,
            gboolean  *out_more,
            GError   **error)
{
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GPtrArray) visits = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) to_store = NULL;
  JsonArray *array;
  const char *cursor;

  if (!read_page (root, &array, &cursor, out_more, error))
    return FALSE;

  /* The same page again and again would keep the run going for ever. */
  if (*out_more && g_strcmp0 (cursor, run->cursor) == 0)
    {
      g_propagate_error (error, bad_response (_("the next page has the same cursor")));
      return FALSE;
    }

  to_store = g_ptr_array_new_with_free_func ((GDestroyNotify) findings_store_visit_free);
  read_visits (run, array, visits, to_store);

  /* The page and its cursor in one transaction: a crash never skips a visit. */
  if (!findings_store_save_page (self->store, to_store, cursor, error))
    return FALSE;

  g_free (run->cursor);
  run->cursor = g_strdup (cursor);
  run->report->visits_pulled += visits->len;

  for (guint i = 0; i < visits->len; i++)
    queue_photos (run, self->store, self->damaged_photos, g_ptr_array_index (visits, i));

  if (visits->len > 0)
    g_signal_emit (self, signals[VISITS_CHANGED], 0, visits);

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

  read_problem (body, status, &type, &detail);
  return g_strcmp0 (type, "bad-cursor") == 0;
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
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;
  gboolean more = FALSE;
  guint status;

  body = request_finish (self, result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          run_return (task, error);
          return;
        }
      {
        /* Said as the push says it: "The office could not be reached (…)." */
        g_autofree char *why = describe_transport_error (error);
        GError *failure = g_error_new_literal (error->domain, error->code, why);

        run_note_failure (run, failure,
                          !g_error_matches (error, FINDINGS_SYNC_ERROR,
                                            FINDINGS_SYNC_ERROR_TOO_LARGE));
        g_clear_error (&error);
      }
      run_push (task);
      return;
    }

  status = soup_message_get_status (run->msg);
  if (is_unauthorized (status))
    {
      run->unauthorized = TRUE;
      run_return (task, NULL);
      return;
    }

  if (is_bad_cursor (run, status, body))
    {
      g_message ("The office did not recognise the stored cursor; pulling everything");
      run->cursor_reset = TRUE;
      g_clear_pointer (&run->cursor, g_free);
      run_pull_page (task);
      return;
    }

  if (status != SOUP_STATUS_OK)
    {
      run_note_failure (run, server_error (status, body), is_transient (status));
      run_push (task);
      return;
    }

  root = parse_json_answer (body, &error);
  if (root == NULL || !apply_page (task, root, &more, &error))
    {
      /* A store failure is not the office's: stop rather than lose track. */
      if (error->domain != FINDINGS_SYNC_ERROR)
        {
          run_return (task, error);
          return;
        }
      run_note_failure (run, error, FALSE);
      run_push (task);
      return;
    }

  if (more)
    run_pull_page (task);
  else
    run_next_photo (task);
}

static void
run_pull_page (GTask *task)
{
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autofree char *url = NULL;

  if (run->cursor != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (run->cursor, NULL, FALSE);
      g_autofree char *path = g_strconcat ("visits?since=", escaped, NULL);

      url = api_url (self, path);
    }
  else
    {
      url = api_url (self, "visits");
    }

  g_clear_object (&run->msg);
  run->msg = new_message (self, SOUP_METHOD_GET, url);
  request_async (self, run->msg, FINDINGS_JSON_MAX_BODY, g_task_get_cancellable (task),
                 page_received_cb, g_object_ref (task));
}


/*
 * Pull: photos
 */

static gboolean
sha256_matches (GBytes     *bytes,
                const char *expected)
{
  g_autofree char *actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  return g_ascii_strcasecmp (actual, expected) == 0;
}

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

  run_add_problem (run, problem);
  run->report->photos_rejected++;
}

/* Returns FALSE only when the store failed. */
static gboolean
take_photo (GTask     *task,
            PhotoRef  *ref,
            guint      status,
            GBytes    *body,
            GError   **error)
{
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  if (status != SOUP_STATUS_OK)
    {
      g_autoptr(GError) server = server_error (status, body);

      set_photo_aside (run, ref, server->message);
      return TRUE;
    }

  if (ref->sha256 != NULL && !sha256_matches (body, ref->sha256))
    {
      /* The same bytes would come again: not before the visit names new ones. */
      g_hash_table_add (self->damaged_photos, photo_key (ref->id, ref->sha256));
      set_photo_aside (run, ref, _("its bytes do not match the visit’s checksum."));
      return TRUE;
    }

  if (!findings_store_save_photo (self->store, ref->id, ref->sha256,
                                  photo_media_type (ref, run->msg), body, error))
    return FALSE;

  run->report->photos_fetched++;
  /* A page shown before its photos came in can now show them. */
  g_signal_emit (self, signals[PHOTO_STORED], 0, ref->id);
  return TRUE;
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

  body = request_finish (self, result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          run_return (task, error);
          return;
        }
      if (g_error_matches (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_TOO_LARGE))
        {
          set_photo_aside (run, ref, error->message);
          g_error_free (error);
          run_next_photo (task);
          return;
        }

      /* The office is unreachable: the decisions matter more than the photos. */
      run_note_failure (run, error, TRUE);
      run_push (task);
      return;
    }

  status = soup_message_get_status (run->msg);
  if (is_unauthorized (status))
    {
      run->unauthorized = TRUE;
      run_return (task, NULL);
      return;
    }

  if (is_transient (status))
    {
      run_note_failure (run, server_error (status, body), TRUE);
      run_push (task);
      return;
    }

  if (!take_photo (task, ref, status, body, &error))
    {
      run_return (task, error);
      return;
    }

  run_next_photo (task);
}

static void
run_next_photo (GTask *task)
{
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  PhotoRef *ref;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;

  if (run->next_photo >= run->photos->len)
    {
      run_push (task);
      return;
    }

  ref = g_ptr_array_index (run->photos, run->next_photo++);
  escaped = g_uri_escape_string (ref->id, NULL, FALSE);
  path = g_strconcat ("photos/", escaped, NULL);
  url = api_url (self, path);

  g_clear_object (&run->msg);
  run->msg = new_message (self, SOUP_METHOD_GET, url);
  soup_message_headers_replace (soup_message_get_request_headers (run->msg), "Accept",
                                "image/jpeg, image/png");
  request_async (self, run->msg, MAX_PHOTO_BODY, g_task_get_cancellable (task),
                 photo_received_cb, g_object_ref (task));
}


/*
 * Push
 */

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

  outcome = report_add_outcome (run->report, FINDINGS_SYNC_OUTCOME_WAITING, entry->id,
                                entry->recommendation_id);
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

  return reschedule (task, g_get_real_time () + backoff_delay (entry->attempts), why, error);
}

/* The 201 or 200 answer: {"decision": …, "recommendation": {"id", "status", "follow_up"}},
 * checked like a visit, and about the recommendation the decision was for. */
static gboolean
read_answer (JsonNode             *root,
             FindingsOutboxEntry  *entry,
             const char          **out_status,
             JsonNode            **out_follow_up,
             GError              **error)
{
  g_autoptr(FindingsRecommendation) scratch = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *node;

  node = JSON_NODE_HOLDS_OBJECT (root)
         ? json_object_get_member (json_node_get_object (root), "recommendation")
         : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_propagate_error (error, bad_response (_("“recommendation” is missing")));
      return FALSE;
    }
  object = json_node_get_object (node);

  if (g_strcmp0 (member_string (object, "id"), entry->recommendation_id) != 0)
    {
      g_propagate_error (error, bad_response (_("it is about another recommendation")));
      return FALSE;
    }

  scratch = findings_recommendation_new (entry->recommendation_id);
  if (!findings_recommendation_apply_answer (scratch, node, &local_error))
    {
      g_propagate_error (error, bad_response (local_error->message));
      return FALSE;
    }

  *out_status = member_string (object, "status");
  node = json_object_get_member (object, "follow_up");
  *out_follow_up = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? node : NULL;

  return TRUE;
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
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  FindingsSyncOutcome *outcome;
  const char *status;
  JsonNode *follow_up;

  root = parse_json_answer (body, &local_error);
  if (root == NULL || !read_answer (root, entry, &status, &follow_up, &local_error))
    return reschedule_with_backoff (task, local_error->message, error);

  response = bytes_to_string (body);
  if (!findings_store_mark_sent (self->store, entry->id, response, error))
    return FALSE;

  outcome = report_add_outcome (run->report, FINDINGS_SYNC_OUTCOME_SENT, entry->id,
                                entry->recommendation_id);
  outcome->status = g_strdup (status);
  outcome->follow_up = follow_up != NULL ? json_node_copy (follow_up) : NULL;
  run->report->decisions_sent++;

  g_signal_emit (self, signals[DECISION_ANSWERED], 0,
                 entry->id, entry->recommendation_id, status, follow_up);
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

  read_problem (body, status, &type, &detail);
  if (detail == NULL)
    /* Translators: %u is an HTTP status code */
    detail = g_strdup_printf (_("The office refused it (HTTP status %u)."), status);

  if (!findings_store_mark_refused (self->store, entry->id, type, detail, error))
    return FALSE;

  outcome = report_add_outcome (run->report, FINDINGS_SYNC_OUTCOME_REFUSED, entry->id,
                                entry->recommendation_id);
  outcome->problem_type = g_strdup (type);
  outcome->detail = g_strdup (detail);
  run->report->decisions_refused++;

  g_signal_emit (self, signals[DECISION_REFUSED], 0,
                 entry->id, entry->recommendation_id, type, detail);
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
  gint64 now_us = g_get_real_time ();
  gint64 retry_at = parse_retry_after (run->msg, now_us);
  g_autoptr(GError) busy = server_error (status, body);

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

  if (is_unauthorized (status))
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
  if (SOUP_STATUS_IS_CLIENT_ERROR (status) && !is_transient (status))
    return take_refusal (task, status, body, error);

  other = server_error (status, body);
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

  body = request_finish (self, result, &error);
  if (body == NULL)
    {
      g_autofree char *why = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* It may have reached the office all the same: the key covers that. */
          run_return (task, error);
          return;
        }

      why = describe_transport_error (error);
      g_clear_error (&error);
      if (!reschedule_with_backoff (task, why, &error))
        {
          run_return (task, error);
          return;
        }

      /* The office is out of reach: the other decisions would only meet the same
       * fate, so they wait for this one's retry. */
      self->quiet_until_us = last_outcome (run)->next_attempt_us;
      run_return (task, NULL);
      return;
    }

  if (take_decision_response (task, soup_message_get_status (run->msg), body, &error))
    run_next_entry (task);
  else
    run_return (task, error);
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
      run_return (task, NULL);
      return;
    }

  entry = g_ptr_array_index (run->outbox, run->next_entry++);
  url = api_url (self, "decisions");

  g_clear_object (&run->msg);
  run->msg = new_message (self, SOUP_METHOD_POST, url);
  /* The stored bytes, unchanged: a resend must be equivalent to the first try. */
  soup_message_set_request_body_from_bytes (run->msg, "application/json", entry->body);

  headers = soup_message_get_request_headers (run->msg);
  key = g_strdup_printf ("\"%s\"", entry->id);
  soup_message_headers_replace (headers, "Idempotency-Key", key);

  request_async (self, run->msg, FINDINGS_JSON_MAX_BODY, g_task_get_cancellable (task),
                 decision_answered_cb, g_object_ref (task));
}

static void
run_push (GTask *task)
{
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;

  run->outbox = findings_store_list_pending (self->store, g_get_real_time (), &error);
  if (run->outbox == NULL)
    {
      run_return (task, error);
      return;
    }

  run->next_entry = 0;
  run_next_entry (task);
}


/*
 * Automatic mode
 */

static void
auto_run_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  FindingsSync *self = FINDINGS_SYNC (source);
  g_autoptr(GError) error = NULL;
  FindingsSyncReport *report = NULL;
  gboolean answered;

  if (!findings_sync_run_finish (self, result, &report, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Sync with the office: %s", error->message);

  /* A run pulls before it pushes: the visits the office changed by answering
   * decisions (their status and follow-up) come in with one more pull, now rather
   * than at the next periodic run. */
  answered = report != NULL && report->decisions_sent + report->decisions_refused > 0;
  g_clear_pointer (&report, findings_sync_report_free);

  if (!self->started)
    return;

  if (answered && error == NULL)
    self->run_again = TRUE;

  if (self->run_again)
    {
      self->run_again = FALSE;
      findings_sync_run_async (self, self->auto_cancellable, auto_run_done_cb, NULL);
      return;
    }

  schedule_next_run (self);
}

static void
request_run (FindingsSync *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);

  if (self->running)
    {
      self->run_again = TRUE;
      return;
    }

  if (is_offline (self))
    {
      update_n_pending (self);
      set_state (self, FINDINGS_SYNC_STATE_OFFLINE);
      return;
    }

  findings_sync_run_async (self, self->auto_cancellable, auto_run_done_cb, NULL);
}

/* For kicks and a network back: at once, unless the office asked for a pause. */
static void
run_soon (FindingsSync *self)
{
  if (!self->running && g_get_real_time () < self->busy_until_us)
    schedule_next_run (self);
  else
    request_run (self);
}

static gboolean
timer_cb (gpointer user_data)
{
  FindingsSync *self = user_data;

  self->timer_id = 0;
  request_run (self);

  return G_SOURCE_REMOVE;
}

static gint64
earliest_attempt (FindingsSync *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  gint64 earliest = G_MAXINT64;

  entries = findings_store_list_pending (self->store, G_MAXINT64, &error);
  if (entries == NULL)
    {
      g_warning ("Could not read the outbox: %s", error->message);
      return G_MAXINT64;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      FindingsOutboxEntry *entry = g_ptr_array_index (entries, i);

      earliest = MIN (earliest, entry->next_attempt_at);
    }

  return earliest;
}

/* The next run: the periodic pull, or the earliest retry in the outbox if sooner,
 * but never before the office said it could take more. */
static void
schedule_next_run (FindingsSync *self)
{
  gint64 now_us = g_get_real_time ();
  gint64 at = self->last_run_us + PULL_INTERVAL_US;
  gint64 delay_ms;

  g_clear_handle_id (&self->timer_id, g_source_remove);

  if (is_offline (self))
    return;

  if (self->state != FINDINGS_SYNC_STATE_UNAUTHORIZED)
    at = MIN (at, earliest_attempt (self));
  at = MAX (at, MAX (self->busy_until_us, self->quiet_until_us));

  delay_ms = CLAMP ((at - now_us) / 1000, 0, PULL_INTERVAL_US / 1000);
  self->timer_id = g_timeout_add ((guint) delay_ms, timer_cb, self);
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    gpointer         user_data)
{
  FindingsSync *self = user_data;

  if (!self->started || (self->loopback && self->chosen_monitor == NULL))
    return;

  if (!g_network_monitor_get_network_available (monitor))
    {
      g_clear_handle_id (&self->timer_id, g_source_remove);
      update_n_pending (self);
      set_state (self, FINDINGS_SYNC_STATE_OFFLINE);
      return;
    }

  if (self->state == FINDINGS_SYNC_STATE_OFFLINE)
    run_soon (self);
}


/*
 * GObject overrides
 */

static void
findings_sync_dispose (GObject *object)
{
  FindingsSync *self = (FindingsSync *) object;

  findings_sync_stop (self);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_object (&self->chosen_monitor);

  G_OBJECT_CLASS (findings_sync_parent_class)->dispose (object);
}

static void
findings_sync_finalize (GObject *object)
{
  FindingsSync *self = (FindingsSync *) object;

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_error (&self->config_error);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->last_success, g_date_time_unref);
  g_clear_pointer (&self->damaged_photos, g_hash_table_unref);

  G_OBJECT_CLASS (findings_sync_parent_class)->finalize (object);
}

static void
findings_sync_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FindingsSync *self = FINDINGS_SYNC (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_N_PENDING:
      g_value_set_uint (value, self->n_pending);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    case PROP_LAST_SUCCESS:
      g_value_set_boxed (value, self->last_success);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_sync_class_init (FindingsSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = findings_sync_dispose;
  object_class->finalize = findings_sync_finalize;
  object_class->get_property = findings_sync_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       FINDINGS_TYPE_SYNC_STATE,
                       FINDINGS_SYNC_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* Decisions stored on this device and not yet answered by the office. */
  properties[PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* What went wrong last, in words for a person; NULL after a clean run. */
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_LAST_SUCCESS] =
    g_param_spec_boxed ("last-success", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A GPtrArray of FindingsVisit, emitted once they are stored. */
  signals[VISITS_CHANGED] =
    g_signal_new ("visits-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);

  /* Decision id, recommendation id, the recommendation's status, and its
   * follow-up as a JsonNode or NULL. */
  signals[DECISION_ANSWERED] =
    g_signal_new ("decision-answered",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, JSON_TYPE_NODE);

  /* Decision id, recommendation id, problem type, and the office's detail. */
  signals[DECISION_REFUSED] =
    g_signal_new ("decision-refused",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  /* The photo's id, emitted once its checked bytes are stored. */
  signals[PHOTO_STORED] =
    g_signal_new ("photo-stored",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
findings_sync_init (FindingsSync *self)
{
  self->request_timeout_s = REQUEST_TIMEOUT_S;
  self->damaged_photos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->session = soup_session_new_with_options ("timeout", SOCKET_TIMEOUT_S,
                                                 "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                                 NULL);
}


/*
 * Public API
 */

/**
 * findings_sync_report_copy:
 * @report: a #FindingsSyncReport
 *
 * Returns: (transfer full): a deep copy of @report
 */
FindingsSyncReport *
findings_sync_report_copy (const FindingsSyncReport *report)
{
  FindingsSyncReport *copy;

  g_return_val_if_fail (report != NULL, NULL);

  copy = g_new0 (FindingsSyncReport, 1);
  *copy = *report;
  copy->outcomes = g_ptr_array_copy (report->outcomes, outcome_copy, NULL);
  g_ptr_array_set_free_func (copy->outcomes, outcome_free);
  copy->problems = g_ptr_array_copy (report->problems, (GCopyFunc) g_strdup, NULL);
  g_ptr_array_set_free_func (copy->problems, g_free);

  return copy;
}

void
findings_sync_report_free (FindingsSyncReport *report)
{
  if (report == NULL)
    return;

  g_clear_pointer (&report->outcomes, g_ptr_array_unref);
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_free (report);
}

/**
 * findings_sync_check_url:
 * @base_url: the office's address, such as `https://office.example.com/`
 * @error: return location for a %FINDINGS_SYNC_ERROR
 *
 * Checks that @base_url can be used: https://, or plain http:// to this device
 * only (127.0.0.0/8, ::1, localhost).
 *
 * Returns: %TRUE if it can
 */
gboolean
findings_sync_check_url (const char  *base_url,
                         GError     **error)
{
  gboolean loopback;

  g_return_val_if_fail (base_url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return check_url (base_url, &loopback, error);
}

/**
 * findings_sync_new:
 * @store: where visits, photos and the outbox live
 * @base_url: the office's address; see findings_sync_check_url()
 * @token: this device's kiosk token
 *
 * An unusable @base_url or @token is reported by each run, which then sends
 * nothing, with state %FINDINGS_SYNC_STATE_ERROR.
 *
 * Returns: (transfer full): a new #FindingsSync
 */
FindingsSync *
findings_sync_new (FindingsStore *store,
                   const char    *base_url,
                   const char    *token)
{
  FindingsSync *self;
  gsize length;

  g_return_val_if_fail (FINDINGS_IS_STORE (store), NULL);
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  self = g_object_new (FINDINGS_TYPE_SYNC, NULL);
  self->store = g_object_ref (store);
  self->token = g_strdup (token);

  length = strlen (base_url);
  while (length > 0 && base_url[length - 1] == '/')
    length--;
  self->base_url = g_strndup (base_url, length);

  if (check_url (base_url, &self->loopback, &self->config_error) && self->loopback)
    /* No proxy stands between this device and itself. */
    soup_session_set_proxy_resolver (self->session, NULL);
  if (self->config_error == NULL)
    check_token (token, &self->config_error);

  update_n_pending (self);

  return self;
}

/**
 * findings_sync_set_tls_database:
 * @self: a #FindingsSync
 * @database: (nullable): the certificate authorities to trust, or %NULL for the system's
 *
 * For an office whose certificate comes from a private authority.
 */
void
findings_sync_set_tls_database (FindingsSync *self,
                                GTlsDatabase *database)
{
  g_return_if_fail (FINDINGS_IS_SYNC (self));
  g_return_if_fail (database == NULL || G_IS_TLS_DATABASE (database));

  if (database != NULL)
    {
      soup_session_set_tls_database (self->session, database);
    }
  else
    {
      g_autoptr(GTlsDatabase) system = NULL;

      system = g_tls_backend_get_default_database (g_tls_backend_get_default ());
      soup_session_set_tls_database (self->session, system);
    }
}

/**
 * findings_sync_set_request_timeout:
 * @self: a #FindingsSync
 * @seconds: the longest one whole exchange with the office may take
 *
 * The default, 60 seconds, suits the app; tests shorten it.
 */
void
findings_sync_set_request_timeout (FindingsSync *self,
                                   guint         seconds)
{
  g_return_if_fail (FINDINGS_IS_SYNC (self));
  g_return_if_fail (seconds > 0);

  self->request_timeout_s = seconds;
}

/**
 * findings_sync_set_network_monitor:
 * @self: a #FindingsSync, not started
 * @monitor: the monitor that says whether the network is up
 *
 * Uses @monitor instead of the default one, and heeds it even for an office on
 * loopback (which the default one is not asked about). For tests, which need a
 * network that goes away and comes back.
 */
void
findings_sync_set_network_monitor (FindingsSync    *self,
                                   GNetworkMonitor *monitor)
{
  g_return_if_fail (FINDINGS_IS_SYNC (self));
  g_return_if_fail (G_IS_NETWORK_MONITOR (monitor));
  g_return_if_fail (!self->started);

  g_set_object (&self->chosen_monitor, monitor);
}

FindingsSyncState
findings_sync_get_state (FindingsSync *self)
{
  g_return_val_if_fail (FINDINGS_IS_SYNC (self), FINDINGS_SYNC_STATE_IDLE);

  return self->state;
}

guint
findings_sync_get_n_pending (FindingsSync *self)
{
  g_return_val_if_fail (FINDINGS_IS_SYNC (self), 0);

  return self->n_pending;
}

const char *
findings_sync_get_last_error (FindingsSync *self)
{
  g_return_val_if_fail (FINDINGS_IS_SYNC (self), NULL);

  return self->last_error;
}

GDateTime *
findings_sync_get_last_success (FindingsSync *self)
{
  g_return_val_if_fail (FINDINGS_IS_SYNC (self), NULL);

  return self->last_success;
}

static char *
describe_waiting (guint n_pending)
{
  if (n_pending == 0)
    return g_strdup (_("All sent"));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u waiting, saved on this device",
                                       "%u waiting, saved on this device",
                                       n_pending),
                          n_pending);
}

/* The last problem, then what it means for the decisions on this device. */
static char *
describe_problem (FindingsSync *self)
{
  g_autofree char *waiting = NULL;
  const char *problem = self->last_error != NULL ? self->last_error : "";

  if (self->n_pending == 0)
    /* Translators: %s is a problem, such as "The office could not be reached (…)." */
    return g_strdup_printf (_("%s Nothing is waiting to be sent."), problem);

  waiting = describe_waiting (self->n_pending);
  /* Translators: the first %s is a problem, the second says what is waiting */
  return g_strdup_printf (_("%s %s"), problem, waiting);
}

/**
 * findings_sync_describe_state:
 * @self: a #FindingsSync
 *
 * Returns: (transfer full): one line for the app's status bar, in plain words
 */
char *
findings_sync_describe_state (FindingsSync *self)
{
  g_return_val_if_fail (FINDINGS_IS_SYNC (self), NULL);

  switch (self->state)
    {
    case FINDINGS_SYNC_STATE_UNAUTHORIZED:
      return g_strdup (_("The office refused this device’s key. Ask your installer."));

    case FINDINGS_SYNC_STATE_OFFLINE:
      if (self->n_pending == 0)
        return g_strdup (_("Offline: nothing is waiting to be sent"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Offline: %u decision saved on this device will be "
                                           "sent when the network is back",
                                           "Offline: %u decisions saved on this device will be "
                                           "sent when the network is back",
                                           self->n_pending),
                              self->n_pending);

    case FINDINGS_SYNC_STATE_SYNCING:
      return g_strdup (_("Sending and receiving…"));

    case FINDINGS_SYNC_STATE_ERROR:
      return describe_problem (self);

    case FINDINGS_SYNC_STATE_WAITING_RETRY:
      /* An office out of reach is said, even with nothing to send: the visits
       * shown may be out of date. */
      if (self->last_error != NULL)
        return describe_problem (self);
      return describe_waiting (self->n_pending);

    case FINDINGS_SYNC_STATE_IDLE:
    default:
      return describe_waiting (self->n_pending);
    }
}

/**
 * findings_sync_run_async:
 * @self: a #FindingsSync
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the run is over
 * @user_data: data for @callback
 *
 * Pulls the visits changed since the last run and their photos, then sends the
 * decisions waiting in the outbox. One run at a time.
 */
void
findings_sync_run_async (FindingsSync        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (FINDINGS_IS_SYNC (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, findings_sync_run_async);

  if (self->running)
    {
      g_task_return_new_error (task, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_BUSY,
                               _("Already sending and receiving."));
      return;
    }

  run = g_new0 (Run, 1);
  run->report = report_new ();
  run->photos = g_ptr_array_new_with_free_func (photo_ref_free);
  run->photo_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_task_set_task_data (task, run, run_free);

  self->running = TRUE;

  if (self->config_error != NULL)
    {
      run_return (task, g_error_copy (self->config_error));
      return;
    }

  run->cursor = findings_store_dup_cursor (self->store);
  run_pull_page (task);
  set_state (self, FINDINGS_SYNC_STATE_SYNCING);
}

/**
 * findings_sync_run_finish:
 * @self: a #FindingsSync
 * @result: the #GAsyncResult given to the callback
 * @report: (out) (optional) (transfer full): what the run did; set even when it
 *   fails, with what was done before
 * @error: return location for a #GError
 *
 * A run fails when it was cancelled, when the office refused the token, when the
 * store failed, or when a pull or a photo could not be completed; decisions that
 * could not be sent are not failures, they wait in the outbox for their retry.
 *
 * Returns: %TRUE if everything due was done
 */
gboolean
findings_sync_run_finish (FindingsSync        *self,
                          GAsyncResult        *result,
                          FindingsSyncReport **report,
                          GError             **error)
{
  Run *run;

  g_return_val_if_fail (FINDINGS_IS_SYNC (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  run = g_task_get_task_data (G_TASK (result));
  if (report != NULL)
    *report = run != NULL ? g_steal_pointer (&run->report) : report_new ();

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * findings_sync_start:
 * @self: a #FindingsSync
 *
 * Syncs now and then on its own: every minute, when a decision is due for a
 * retry, after findings_sync_kick(), and when the network comes back.
 */
void
findings_sync_start (FindingsSync *self)
{
  g_return_if_fail (FINDINGS_IS_SYNC (self));

  if (self->started)
    return;

  self->started = TRUE;
  self->auto_cancellable = g_cancellable_new ();
  self->monitor = g_object_ref (self->chosen_monitor != NULL ? self->chosen_monitor
                                                           : g_network_monitor_get_default ());
  self->network_changed_id = g_signal_connect (self->monitor, "network-changed",
                                               G_CALLBACK (network_changed_cb), self);
  run_soon (self);
}

/**
 * findings_sync_stop:
 * @self: a #FindingsSync
 *
 * Stops the automatic mode and cancels a run it started.
 */
void
findings_sync_stop (FindingsSync *self)
{
  g_return_if_fail (FINDINGS_IS_SYNC (self));

  if (!self->started)
    return;

  self->started = FALSE;
  self->run_again = FALSE;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_signal_handler (&self->network_changed_id, self->monitor);
  g_clear_object (&self->monitor);
  g_cancellable_cancel (self->auto_cancellable);
  g_clear_object (&self->auto_cancellable);
}

/**
 * findings_sync_kick:
 * @self: a #FindingsSync
 *
 * Tells @self that a decision was just stored: it is sent at once in automatic
 * mode, and counted in #FindingsSync:n-pending in any case.
 */
void
findings_sync_kick (FindingsSync *self)
{
  g_return_if_fail (FINDINGS_IS_SYNC (self));

  update_n_pending (self);

  if (self->started)
    run_soon (self);
}
