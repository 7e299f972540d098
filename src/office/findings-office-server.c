/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-office"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "findings-json-check.h"
#include "findings-office-db-desk.h"
#include "findings-office-desk.h"
#include "findings-office-listener.h"
#include "findings-office-server.h"
#include "findings-protocol.h"

/* The office API over HTTP. Checks run in the order the API gives: the token
 * and the size before the body is read, in the early handler; the rest once
 * the body is in. Each write is one transaction in FindingsOfficeDb. */

#define API_PREFIX        "/api/v1/"
#define REQUEST_DATA_KEY  "findings-office-request"

struct _FindingsOfficeServer
{
  GObject           parent_instance;

  FindingsOfficeDb          *db;
  SoupServer                *soup;
  FindingsOfficeRateLimiter *limiter;
  FindingsOfficeListener    *listener;
  guint                      max_connections;
  FindingsOfficeDesk        *desk;
};

G_DEFINE_FINAL_TYPE (FindingsOfficeServer, findings_office_server, G_TYPE_OBJECT)

typedef enum
{
  ROUTE_HEALTH,
  ROUTE_VISITS,
  ROUTE_PHOTO,
  ROUTE_DECISIONS,
  ROUTE_FOLLOW_UP,
  ROUTE_LEADS,
  ROUTE_OFFICE_NOTE,
} Route;

typedef struct _Request Request;

typedef void (*HandleFunc) (FindingsOfficeServer *self,
                            SoupServerMessage    *msg,
                            Request              *request,
                            GHashTable           *query);

typedef struct
{
  Route                    route;
  const char              *method;
  gboolean                 needs_token;
  FindingsOfficeTokenKind  token_kind;
  gsize                    max_body;
  HandleFunc               handle;
} Endpoint;

struct _Request
{
  const Endpoint *endpoint;
  char           *id;          /* the photo or recommendation named by the path */
  gint64          account_id;  /* a kiosk token's account */
  gsize           received;
  gboolean        too_large;
};

static void handle_health      (FindingsOfficeServer *self,
                                SoupServerMessage    *msg,
                                Request              *request,
                                GHashTable           *query);
static void handle_list_visits (FindingsOfficeServer *self,
                                SoupServerMessage    *msg,
                                Request              *request,
                                GHashTable           *query);
static void handle_put_visit   (FindingsOfficeServer *self,
                                SoupServerMessage    *msg,
                                Request              *request,
                                GHashTable           *query);
static void handle_get_photo   (FindingsOfficeServer *self,
                                SoupServerMessage    *msg,
                                Request              *request,
                                GHashTable           *query);
static void handle_put_photo   (FindingsOfficeServer *self,
                                SoupServerMessage    *msg,
                                Request              *request,
                                GHashTable           *query);
static void handle_decision    (FindingsOfficeServer *self,
                                SoupServerMessage    *msg,
                                Request              *request,
                                GHashTable           *query);
static void handle_follow_up   (FindingsOfficeServer *self,
                                SoupServerMessage    *msg,
                                Request              *request,
                                GHashTable           *query);
static void handle_list_leads  (FindingsOfficeServer *self,
                                SoupServerMessage    *msg,
                                Request              *request,
                                GHashTable           *query);
static void handle_office_note (FindingsOfficeServer *self,
                                SoupServerMessage    *msg,
                                Request              *request,
                                GHashTable           *query);

#define JSON_LIMIT  FINDINGS_PROTOCOL_MAX_BODY
#define PHOTO_LIMIT FINDINGS_PROTOCOL_MAX_PHOTO

static const Endpoint endpoints[] = {
  { ROUTE_HEALTH, "GET", FALSE, 0, JSON_LIMIT, handle_health },
  { ROUTE_VISITS, "GET", TRUE, FINDINGS_OFFICE_TOKEN_KIOSK, JSON_LIMIT, handle_list_visits },
  { ROUTE_VISITS, "POST", TRUE, FINDINGS_OFFICE_TOKEN_TECHNICIAN, JSON_LIMIT, handle_put_visit },
  { ROUTE_PHOTO, "GET", TRUE, FINDINGS_OFFICE_TOKEN_KIOSK, JSON_LIMIT, handle_get_photo },
  { ROUTE_PHOTO, "PUT", TRUE, FINDINGS_OFFICE_TOKEN_TECHNICIAN, PHOTO_LIMIT, handle_put_photo },
  { ROUTE_DECISIONS, "POST", TRUE, FINDINGS_OFFICE_TOKEN_KIOSK, JSON_LIMIT, handle_decision },
  { ROUTE_FOLLOW_UP, "POST", TRUE, FINDINGS_OFFICE_TOKEN_OFFICE, JSON_LIMIT, handle_follow_up },
  { ROUTE_LEADS, "GET", TRUE, FINDINGS_OFFICE_TOKEN_TECHNICIAN, JSON_LIMIT, handle_list_leads },
  { ROUTE_OFFICE_NOTE, "POST", TRUE, FINDINGS_OFFICE_TOKEN_OFFICE, JSON_LIMIT,
    handle_office_note },
};


/*
 * Answers
 */

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            const char        *content_type,
            char              *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, strlen (body));
}

/* RFC 9457: clients branch on the type; the detail is for people. */
static void
reply_problem (SoupServerMessage *msg,
               FindingsProblem    problem,
               const char        *detail)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint status = findings_problem_get_status (problem);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, findings_problem_to_type (problem));
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, findings_problem_get_title (problem));
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "detail");
  json_builder_add_string_value (builder, detail);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  reply_json (msg, status, "application/problem+json", json_to_string (root, FALSE));
}

static FindingsProblem
problem_for_code (FindingsOfficeError code)
{
  switch (code)
    {
    case FINDINGS_OFFICE_ERROR_INVALID:
      return FINDINGS_PROBLEM_INVALID_BODY;
    case FINDINGS_OFFICE_ERROR_NOT_FOUND:
      return FINDINGS_PROBLEM_NOT_FOUND;
    case FINDINGS_OFFICE_ERROR_UNAUTHORIZED:
      return FINDINGS_PROBLEM_UNAUTHORIZED;
    case FINDINGS_OFFICE_ERROR_FORBIDDEN:
      return FINDINGS_PROBLEM_FORBIDDEN;
    case FINDINGS_OFFICE_ERROR_UNKNOWN_SITE:
      return FINDINGS_PROBLEM_UNKNOWN_SITE;
    case FINDINGS_OFFICE_ERROR_SITE_OF_ANOTHER_ACCOUNT:
      return FINDINGS_PROBLEM_SITE_OF_ANOTHER_ACCOUNT;
    case FINDINGS_OFFICE_ERROR_UNKNOWN_TIME_ZONE:
      return FINDINGS_PROBLEM_UNKNOWN_TIME_ZONE;
    case FINDINGS_OFFICE_ERROR_RECOMMENDATION_OF_ANOTHER_VISIT:
      return FINDINGS_PROBLEM_RECOMMENDATION_OF_ANOTHER_VISIT;
    case FINDINGS_OFFICE_ERROR_KEY_MISMATCH:
      return FINDINGS_PROBLEM_IDEMPOTENCY_KEY_MISMATCH;
    case FINDINGS_OFFICE_ERROR_KEY_REUSED:
      return FINDINGS_PROBLEM_IDEMPOTENCY_KEY_REUSED;
    case FINDINGS_OFFICE_ERROR_UNKNOWN_OPTION:
      return FINDINGS_PROBLEM_UNKNOWN_OPTION;
    case FINDINGS_OFFICE_ERROR_VISIT_MISMATCH:
      return FINDINGS_PROBLEM_VISIT_MISMATCH;
    case FINDINGS_OFFICE_ERROR_ALREADY_ACCEPTED:
      return FINDINGS_PROBLEM_ALREADY_ACCEPTED;
    case FINDINGS_OFFICE_ERROR_WITHDRAWN:
      return FINDINGS_PROBLEM_WITHDRAWN;
    case FINDINGS_OFFICE_ERROR_QUOTE_EXPIRED:
      return FINDINGS_PROBLEM_QUOTE_EXPIRED;
    case FINDINGS_OFFICE_ERROR_BAD_CURSOR:
      return FINDINGS_PROBLEM_BAD_CURSOR;
    case FINDINGS_OFFICE_ERROR_FAILED:
    case FINDINGS_OFFICE_ERROR_EXISTS:
    case FINDINGS_OFFICE_ERROR_NOT_LOOPBACK:
    default:
      return FINDINGS_PROBLEM_INTERNAL_ERROR;
    }
}

static void
reply_error (SoupServerMessage *msg,
             const GError      *error)
{
  FindingsProblem problem = FINDINGS_PROBLEM_INTERNAL_ERROR;

  if (error->domain == FINDINGS_OFFICE_ERROR)
    problem = problem_for_code ((FindingsOfficeError) error->code);

  /* Storage failures are the office's problem: log them, tell the client little. */
  if (problem == FINDINGS_PROBLEM_INTERNAL_ERROR)
    {
      g_warning ("%s %s: %s", soup_server_message_get_method (msg),
                 g_uri_get_path (soup_server_message_get_uri (msg)), error->message);
      reply_problem (msg, problem,
                     "The office could not complete the request. Try again later.");
      return;
    }

  reply_problem (msg, problem, error->message);
}

/* A request refused before its body is read: what the client still sends of it is
 * read off the connection but not kept, and the connection is closed after the
 * answer. A client that stops sending the body when the answer comes could not use
 * the connection again anyway: the rest of its body would be read as its next
 * request. */
static void
refuse_early (SoupServerMessage *msg)
{
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");
}

static void
refuse (SoupServerMessage *msg,
        FindingsProblem    problem,
        const char        *detail)
{
  refuse_early (msg);
  reply_problem (msg, problem, detail);
}

static void
refuse_error (SoupServerMessage *msg,
              const GError      *error)
{
  refuse_early (msg);
  reply_error (msg, error);
}


/*
 * Routing, tokens and limits: the early handler
 */

static void
request_free (Request *request)
{
  g_free (request->id);
  g_free (request);
}

/* One path segment, percent-decoded; an encoded "/" or NUL is refused. */
static char *
decode_segment (const char *start,
                const char *end)
{
  g_autofree char *segment = NULL;

  if (end == start)
    return NULL;

  segment = g_uri_unescape_segment (start, end, "/");
  if (segment == NULL || !g_utf8_validate (segment, -1, NULL))
    return NULL;

  return g_steal_pointer (&segment);
}

/* "PREFIX<id>SUFFIX", where the id is one path segment. */
static char *
match_id_route (const char *rest,
                const char *prefix,
                const char *suffix)
{
  const char *start;
  const char *end;

  if (!g_str_has_prefix (rest, prefix))
    return NULL;

  start = rest + strlen (prefix);
  end = strchr (start, '/');
  if (end == NULL)
    end = start + strlen (start);

  return g_str_equal (end, suffix) ? decode_segment (start, end) : NULL;
}

static gboolean
parse_route (const char  *path,
             Route       *out_route,
             char       **out_id)
{
  static const struct
  {
    const char *name;
    Route       route;
  } fixed[] = {
    { "health", ROUTE_HEALTH },
    { "visits", ROUTE_VISITS },
    { "decisions", ROUTE_DECISIONS },
    { "technician/recommendations", ROUTE_LEADS },
  };
  const char *rest;

  *out_id = NULL;
  if (!g_str_has_prefix (path, API_PREFIX))
    return FALSE;
  rest = path + strlen (API_PREFIX);

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      if (g_str_equal (rest, fixed[i].name))
        {
          *out_route = fixed[i].route;
          return TRUE;
        }
    }

  *out_route = ROUTE_PHOTO;
  *out_id = match_id_route (rest, "photos/", "");
  if (*out_id != NULL)
    return TRUE;

  *out_route = ROUTE_FOLLOW_UP;
  *out_id = match_id_route (rest, "recommendations/", "/follow-up");
  if (*out_id != NULL)
    return TRUE;

  *out_route = ROUTE_OFFICE_NOTE;
  *out_id = match_id_route (rest, "recommendations/", "/office-note");
  return *out_id != NULL;
}

static const Endpoint *
find_endpoint (Route       route,
               const char *method,
               GString    *allowed)
{
  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    {
      if (endpoints[i].route != route)
        continue;
      if (g_str_equal (endpoints[i].method, method))
        return &endpoints[i];
      g_string_append_printf (allowed, "%s%s", allowed->len > 0 ? ", " : "",
                              endpoints[i].method);
    }

  return NULL;
}

/* "Bearer" is case-insensitive (RFC 9110); the token itself is not. */
static const char *
bearer_token (const char *authorization)
{
  const char *token;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    return NULL;

  token = authorization + 7;
  while (*token == ' ')
    token++;

  return *token != '\0' ? token : NULL;
}

static gboolean
authorize (FindingsOfficeServer  *self,
           SoupServerMessage     *msg,
           Request               *request,
           GError               **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *token = bearer_token (soup_message_headers_get_one (headers, "Authorization"));
  g_autofree char *trimmed = NULL;
  FindingsOfficeTokenKind kind;

  if (token == NULL)
    {
      g_set_error_literal (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_UNAUTHORIZED,
                           "Send the header “Authorization: Bearer TOKEN”.");
      return FALSE;
    }

  trimmed = g_strchomp (g_strdup (token));
  if (!findings_office_db_lookup_token (self->db, trimmed, &kind, &request->account_id, error))
    return FALSE;

  if (kind != request->endpoint->token_kind)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_FORBIDDEN,
                   "A %s token may not %s this resource.",
                   findings_office_token_kind_to_string (kind),
                   soup_server_message_get_method (msg));
      return FALSE;
    }

  return TRUE;
}

/* Bad tokens are limited per client address. While a client is blocked, no token
 * of its is looked at, a good one included: otherwise the block would still tell
 * a guesser which token is right. */
static gboolean
authorize_limited (FindingsOfficeServer *self,
                   SoupServerMessage    *msg,
                   Request              *request)
{
  g_autoptr(GError) error = NULL;
  const char *client = soup_server_message_get_remote_host (msg);
  guint retry_after = 0;

  if (client == NULL)
    client = "";

  if (!findings_office_rate_limiter_allow (self->limiter, client, &retry_after))
    {
      g_autofree char *seconds = g_strdup_printf ("%u", retry_after);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", seconds);
      refuse (msg, FINDINGS_PROBLEM_TOO_MANY_REQUESTS,
              "Too many bad tokens from this address. Try again later.");
      return FALSE;
    }

  if (authorize (self, msg, request, &error))
    {
      findings_office_rate_limiter_succeed (self->limiter, client);
      return TRUE;
    }

  /* A wrong kind of token is a real token: only unknown ones count. The token is
   * never logged. */
  if (g_error_matches (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_UNAUTHORIZED))
    {
      g_message ("A bad token from %s for %s %s", client, soup_server_message_get_method (msg),
                 g_uri_get_path (soup_server_message_get_uri (msg)));
      findings_office_rate_limiter_fail (self->limiter, client);
      if (!findings_office_rate_limiter_allow (self->limiter, client, &retry_after))
        g_message ("Too many bad tokens from %s: refused for %u s", client, retry_after);
    }

  refuse_error (msg, error);
  return FALSE;
}

static void
refuse_too_large (SoupServerMessage *msg,
                  const Request     *request)
{
  g_autofree char *limit = g_format_size_full (request->endpoint->max_body,
                                               G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *detail = g_strdup_printf ("The body is larger than the limit of %s.", limit);

  refuse (msg, FINDINGS_PROBLEM_PAYLOAD_TOO_LARGE, detail);
}

/* A chunked body has no length up front: it is refused once it passes the limit,
 * and what was kept of it is dropped. */
static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              Request           *request)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  request->received += g_bytes_get_size (chunk);
  if (request->too_large || request->received <= request->endpoint->max_body)
    return;

  request->too_large = TRUE;
  soup_message_body_truncate (body);
  if (soup_server_message_get_status (msg) == 0)
    refuse_too_large (msg, request);
  soup_message_body_set_accumulate (body, FALSE);
}

static gboolean
declared_too_large (SoupServerMessage *msg,
                    const Request     *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  return soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
         soup_message_headers_get_content_length (headers) > (goffset) request->endpoint->max_body;
}

static void
refuse_method (SoupServerMessage *msg,
               const char        *allowed)
{
  g_autofree char *detail = g_strdup_printf ("Use %s here.", allowed);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allowed);
  refuse (msg, FINDINGS_PROBLEM_METHOD_NOT_ALLOWED, detail);
}

static void
early_handler_cb (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  FindingsOfficeServer *self = user_data;
  g_autoptr(GString) allowed = g_string_new (NULL);
  Request *request;
  Route route;
  char *id;

  if (!parse_route (path, &route, &id))
    {
      refuse (msg, FINDINGS_PROBLEM_NOT_FOUND, "There is nothing at this address.");
      return;
    }

  request = g_new0 (Request, 1);
  request->id = id;
  g_object_set_data_full (G_OBJECT (msg), REQUEST_DATA_KEY, request,
                          (GDestroyNotify) request_free);

  request->endpoint = find_endpoint (route, soup_server_message_get_method (msg), allowed);
  if (request->endpoint == NULL)
    {
      refuse_method (msg, allowed->str);
      return;
    }

  if (request->endpoint->needs_token && !authorize_limited (self, msg, request))
    return;

  if (declared_too_large (msg, request))
    {
      refuse_too_large (msg, request);
      return;
    }

  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), request);
}


/*
 * Endpoints: the normal handler, once the body is in
 */

static GBytes *
dup_body (SoupServerMessage *msg)
{
  return soup_message_body_flatten (soup_server_message_get_request_body (msg));
}

static void
handle_health (FindingsOfficeServer *self,
               SoupServerMessage    *msg,
               Request              *request,
               GHashTable           *query)
{
  reply_json (msg, SOUP_STATUS_OK, "application/json", g_strdup ("{\"status\":\"ok\"}"));
}

/* The `since=` cursor of a listing, or a 400 bad-cursor answer already sent. Not
 * the handler's @query: libsoup's decoded values end at an encoded NUL. */
static gboolean
read_since (SoupServerMessage  *msg,
            char              **out_since)
{
  g_autoptr(GError) error = NULL;

  if (findings_protocol_query_cursor (g_uri_get_query (soup_server_message_get_uri (msg)),
                                      out_since, &error))
    return TRUE;

  reply_problem (msg, FINDINGS_PROBLEM_BAD_CURSOR, error->message);
  return FALSE;
}

static void
handle_list_visits (FindingsOfficeServer *self,
                    SoupServerMessage    *msg,
                    Request              *request,
                    GHashTable           *query)
{
  g_autofree char *since = NULL;
  g_autoptr(GError) error = NULL;
  char *answer;

  if (!read_since (msg, &since))
    return;

  answer = findings_office_db_list_visits (self->db, request->account_id, since, &error);
  if (answer == NULL)
    reply_error (msg, error);
  else
    reply_json (msg, SOUP_STATUS_OK, "application/json", answer);
}

static void
handle_put_visit (FindingsOfficeServer *self,
                  SoupServerMessage    *msg,
                  Request              *request,
                  GHashTable           *query)
{
  g_autoptr(GBytes) body = dup_body (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);
  gboolean created;

  answer = findings_office_db_put_visit (self->db, data, length, 0, &error);
  if (answer == NULL)
    {
      reply_error (msg, error);
      return;
    }

  created = json_object_get_boolean_member (json_node_get_object (answer), "created");
  reply_json (msg, created ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, "application/json",
              json_to_string (answer, FALSE));
}

static void
handle_get_photo (FindingsOfficeServer *self,
                  SoupServerMessage    *msg,
                  Request              *request,
                  GHashTable           *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autofree char *media_type = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  data = findings_office_db_get_photo (self->db, request->account_id, request->id, &media_type,
                                       &error);
  if (data == NULL)
    {
      reply_error (msg, error);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, media_type, NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), data);
}


static void
reply_photo_stored (SoupServerMessage *msg,
                    const char        *photo_id,
                    gboolean           created)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, photo_id);
  json_builder_set_member_name (builder, "created");
  json_builder_add_boolean_value (builder, created);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  reply_json (msg, created ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, "application/json",
              json_to_string (root, FALSE));
}

static void
handle_put_photo (FindingsOfficeServer *self,
                  SoupServerMessage    *msg,
                  Request              *request,
                  GHashTable           *query)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *media_type = NULL;
  gboolean created;

  /* Media types are case-insensitive on the wire, stored as the API spells them. */
  media_type = content_type != NULL ? g_ascii_strdown (content_type, -1) : NULL;
  if (!findings_protocol_is_photo_media_type (media_type))
    {
      reply_problem (msg, FINDINGS_PROBLEM_UNSUPPORTED_MEDIA_TYPE,
                     "Send a photo as Content-Type " FINDINGS_PROTOCOL_MEDIA_TYPE_JPEG " or "
                     FINDINGS_PROTOCOL_MEDIA_TYPE_PNG ".");
      return;
    }

  body = dup_body (msg);
  if (!findings_office_db_put_photo (self->db, request->id, media_type, body, &created, &error))
    {
      reply_error (msg, error);
      return;
    }

  reply_photo_stored (msg, request->id, created);
}

/* The key is an RFC 8941 string ("6f1c…", with \" and \\ escapes) or, as the
 * office also accepts, the bare token. */
static char *
parse_idempotency_key (const char *value)
{
  g_autofree char *trimmed = NULL;
  GString *key;
  gsize length;

  if (value == NULL)
    return NULL;

  trimmed = g_strstrip (g_strdup (value));
  length = strlen (trimmed);
  if (length == 0)
    return NULL;
  if (length < 2 || trimmed[0] != '"' || trimmed[length - 1] != '"')
    return g_steal_pointer (&trimmed);

  key = g_string_sized_new (length);
  for (gsize i = 1; i < length - 1; i++)
    {
      if (trimmed[i] == '\\' && i + 1 < length - 1)
        i++;
      g_string_append_c (key, trimmed[i]);
    }

  if (key->len == 0)
    {
      g_string_free (key, TRUE);
      return NULL;
    }

  return g_string_free (key, FALSE);
}

static void
handle_decision (FindingsOfficeServer *self,
                 SoupServerMessage    *msg,
                 Request              *request,
                 GHashTable           *query)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autofree char *key = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  gboolean replayed;
  gsize length;
  const char *data;
  char *answer;

  key = parse_idempotency_key (soup_message_headers_get_one (headers, "Idempotency-Key"));
  if (key == NULL)
    {
      reply_problem (msg, FINDINGS_PROBLEM_MISSING_IDEMPOTENCY_KEY,
                     "Send the decision's id in the header Idempotency-Key.");
      return;
    }

  body = dup_body (msg);
  data = g_bytes_get_data (body, &length);
  now = g_date_time_new_now_utc ();
  answer = findings_office_db_record_decision (self->db, request->account_id, key, data, length,
                                               now, &replayed, &error);
  if (answer == NULL)
    {
      reply_error (msg, error);
      return;
    }

  reply_json (msg, replayed ? SOUP_STATUS_OK : SOUP_STATUS_CREATED, "application/json", answer);
}

static void
handle_follow_up (FindingsOfficeServer *self,
                  SoupServerMessage    *msg,
                  Request              *request,
                  GHashTable           *query)
{
  g_autoptr(GBytes) body = dup_body (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = NULL;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);
  char *answer = NULL;

  root = findings_json_parse_strict (data, length, FINDINGS_PROTOCOL_MAX_BODY,
                                     FINDINGS_PROTOCOL_MAX_DEPTH, &error);
  if (root == NULL)
    {
      reply_problem (msg, FINDINGS_PROBLEM_INVALID_BODY, error->message);
      return;
    }

  now = g_date_time_new_now_utc ();
  answer = findings_office_db_set_follow_up (self->db, request->id, root, now, &error);
  if (answer == NULL)
    reply_error (msg, error);
  else
    reply_json (msg, SOUP_STATUS_OK, "application/json", answer);
}

/* API 1.1: a technician token bound to a technician reads that technician's leads. */
static void
handle_list_leads (FindingsOfficeServer *self,
                   SoupServerMessage    *msg,
                   Request              *request,
                   GHashTable           *query)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *token = bearer_token (soup_message_headers_get_one (headers, "Authorization"));
  g_autofree char *trimmed = g_strchomp (g_strdup (token));
  g_autofree char *technician_id = NULL;
  g_autofree char *since = NULL;
  g_autoptr(GError) error = NULL;
  char *answer;

  if (!findings_office_db_lookup_technician (self->db, trimmed, &technician_id, &error))
    {
      reply_error (msg, error);
      return;
    }

  if (!read_since (msg, &since))
    return;

  answer = findings_office_db_list_leads (self->db, technician_id, since, &error);
  if (answer == NULL)
    reply_error (msg, error);
  else
    reply_json (msg, SOUP_STATUS_OK, "application/json", answer);
}

/* API 1.1: the office's note to the technician, `{"note": "…"}` (null clears it). */
static void
handle_office_note (FindingsOfficeServer *self,
                    SoupServerMessage    *msg,
                    Request              *request,
                    GHashTable           *query)
{
  g_autoptr(GBytes) body = dup_body (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = NULL;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);
  JsonNode *note = NULL;
  char *answer;

  root = findings_json_parse_strict (data, length, FINDINGS_PROTOCOL_MAX_BODY,
                                     FINDINGS_PROTOCOL_MAX_DEPTH, &error);
  if (root == NULL)
    {
      reply_problem (msg, FINDINGS_PROBLEM_INVALID_BODY, error->message);
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (root))
    note = json_object_get_member (json_node_get_object (root), "note");
  if (note == NULL ||
      !(JSON_NODE_HOLDS_NULL (note) ||
        (JSON_NODE_HOLDS_VALUE (note) && json_node_get_value_type (note) == G_TYPE_STRING)))
    {
      reply_problem (msg, FINDINGS_PROBLEM_INVALID_BODY,
                     "Send {\"note\": \"…\"}: a string, or null to clear the note.");
      return;
    }

  now = g_date_time_new_now_utc ();
  answer = findings_office_db_set_office_note (self->db, request->id,
                                               JSON_NODE_HOLDS_NULL (note)
                                                 ? NULL : json_node_get_string (note),
                                               now, &error);
  if (answer == NULL)
    reply_error (msg, error);
  else
    reply_json (msg, SOUP_STATUS_OK, "application/json", answer);
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  FindingsOfficeServer *self = user_data;
  Request *request = g_object_get_data (G_OBJECT (msg), REQUEST_DATA_KEY);

  /* The early handler refused everything it did not set up. */
  g_assert (request != NULL && request->endpoint != NULL);

  g_debug ("%s %s", soup_server_message_get_method (msg), path);
  request->endpoint->handle (self, msg, request, query);
}


/*
 * GObject overrides
 */

static void
findings_office_server_dispose (GObject *object)
{
  FindingsOfficeServer *self = (FindingsOfficeServer *) object;

  if (self->listener != NULL)
    findings_office_listener_stop (self->listener);
  g_clear_object (&self->listener);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->desk);
  g_clear_object (&self->db);
  g_clear_object (&self->limiter);

  G_OBJECT_CLASS (findings_office_server_parent_class)->dispose (object);
}

static void
findings_office_server_class_init (FindingsOfficeServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = findings_office_server_dispose;
}

static void
findings_office_server_init (FindingsOfficeServer *self)
{
  self->limiter = findings_office_rate_limiter_new ();
  self->max_connections = FINDINGS_OFFICE_LISTENER_DEFAULT_MAX_CONNECTIONS;
  self->soup = soup_server_new ("server-header", "findings-office/" PACKAGE_VERSION, NULL);
  soup_server_add_early_handler (self->soup, NULL, early_handler_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, handler_cb, self, NULL);
}


/*
 * Public API
 */

/**
 * findings_office_server_new:
 * @db: the office's database
 *
 * Creates the office API server; it answers once it listens.
 *
 * Returns: (transfer full): the server
 */
FindingsOfficeServer *
findings_office_server_new (FindingsOfficeDb *db)
{
  FindingsOfficeServer *self;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (db), NULL);

  self = g_object_new (FINDINGS_TYPE_OFFICE_SERVER, NULL);
  self->db = g_object_ref (db);
  self->desk = findings_office_desk_new (db, self->limiter);
  findings_office_desk_register (self->desk, self->soup);
  return self;
}

/**
 * findings_office_server_set_max_connections:
 * @max_connections: how many connections may be open at once, at least 1
 *
 * Sets the cap on connections, before it listens. Past it the oldest connection
 * that waits for a request is closed to make room.
 */
void
findings_office_server_set_max_connections (FindingsOfficeServer *self,
                                            guint                 max_connections)
{
  g_return_if_fail (FINDINGS_IS_OFFICE_SERVER (self));
  g_return_if_fail (max_connections > 0);

  self->max_connections = max_connections;
  if (self->listener != NULL)
    findings_office_listener_set_max_connections (self->listener, max_connections);
}

/**
 * findings_office_server_listen:
 * @address: an IP address, such as `127.0.0.1`
 * @port: the port, or 0 for a free one
 * @certificate: (nullable): a certificate with its private key, for HTTPS
 * @out_port: (out) (optional): the port it listens on
 * @error: return location for a #GError
 *
 * Starts answering on @address. Plain HTTP is refused on any address but
 * loopback: tokens would cross the network in the clear.
 *
 * Returns: %TRUE when listening
 */
gboolean
findings_office_server_listen (FindingsOfficeServer  *self,
                               const char            *address,
                               guint                  port,
                               GTlsCertificate       *certificate,
                               guint                 *out_port,
                               GError               **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(FindingsOfficeListener) listener = NULL;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_SERVER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (self->listener == NULL, FALSE);

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_INVALID,
                   "“%s” is not an IP address such as 127.0.0.1.", address);
      return FALSE;
    }

  if (certificate == NULL && !g_inet_address_get_is_loopback (inet))
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_NOT_LOOPBACK,
                   "Plain HTTP is only offered on a loopback address such as 127.0.0.1; "
                   "to listen on %s, give a TLS certificate and key.", address);
      return FALSE;
    }

  /* The office accepts connections itself, so that it can count, cap and close them. */
  listener = findings_office_listener_new (self->soup, certificate);
  findings_office_listener_set_max_connections (listener, self->max_connections);
  socket_address = g_inet_socket_address_new (inet, (guint16) port);
  if (!findings_office_listener_listen (listener, socket_address, error))
    return FALSE;

  self->listener = g_steal_pointer (&listener);
  if (out_port != NULL)
    *out_port = g_inet_socket_address_get_port (
      G_INET_SOCKET_ADDRESS (findings_office_listener_get_address (self->listener)));

  return TRUE;
}

/**
 * findings_office_server_listen_local:
 * @port: the port, or 0 for a free one
 * @out_port: (out) (optional): the port it listens on
 * @error: return location for a #GError
 *
 * Starts answering plain HTTP on 127.0.0.1, as the demo does.
 *
 * Returns: %TRUE when listening
 */
gboolean
findings_office_server_listen_local (FindingsOfficeServer  *self,
                                     guint                  port,
                                     guint                 *out_port,
                                     GError               **error)
{
  return findings_office_server_listen (self, "127.0.0.1", port, NULL, out_port, error);
}

/**
 * findings_office_server_dup_url:
 *
 * Returns: (transfer full) (nullable): the base URL it listens on, such as
 *   `http://127.0.0.1:8080/`, or %NULL before it listens
 */
char *
findings_office_server_dup_url (FindingsOfficeServer *self)
{
  GInetSocketAddress *address;
  g_autofree char *host = NULL;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_SERVER (self), NULL);

  if (self->listener == NULL)
    return NULL;

  address = G_INET_SOCKET_ADDRESS (findings_office_listener_get_address (self->listener));
  host = g_inet_address_to_string (g_inet_socket_address_get_address (address));

  return g_strdup_printf (g_inet_address_get_family (g_inet_socket_address_get_address (address))
                            == G_SOCKET_FAMILY_IPV6 ? "%s://[%s]:%u/" : "%s://%s:%u/",
                          findings_office_listener_is_https (self->listener) ? "https" : "http",
                          host, (guint) g_inet_socket_address_get_port (address));
}

/**
 * findings_office_server_get_rate_limiter:
 *
 * The limiter of failed sign-ins and bad tokens per client address, shared by
 * the API and the desk.
 *
 * Returns: (transfer none): the limiter
 */
FindingsOfficeRateLimiter *
findings_office_server_get_rate_limiter (FindingsOfficeServer *self)
{
  g_return_val_if_fail (FINDINGS_IS_OFFICE_SERVER (self), NULL);

  return self->limiter;
}
