/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-office"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "findings-office-desk-private.h"
#include "findings-office-resources.h"

/* The office desk at /desk: the routes, the sign-in and its session cookie, the
 * CSRF value every form carries, the headers every answer carries, and the
 * language of each request. The pages are in findings-office-desk-pages.c. */

#define SESSION_COOKIE  "findings_desk"
#define PRESIGN_COOKIE  "findings_desk_form"
#define MAX_FORM_BYTES  (64 * 1024)
#define STATIC_PREFIX   DESK_PREFIX "/static/"
#define RESOURCE_PREFIX "/app/findings/office/desk/"

G_DEFINE_FINAL_TYPE (FindingsOfficeDesk, findings_office_desk, G_TYPE_OBJECT)

/* The desk's languages, with the locales tried for each: messages come from the
 * project's catalogues, money and dates from the locale. */
static const struct
{
  const char *lang;
  const char *locales[3];
} languages[] = {
  { "en", { "en_CA.UTF-8", "en_US.UTF-8", "C.UTF-8" } },
  { "fr", { "fr_FR.UTF-8", "fr_CA.UTF-8", NULL } },
  { "es", { "es_ES.UTF-8", NULL, NULL } },
};


/*
 * Languages
 */

static locale_t
desk_locale (FindingsOfficeDesk *self,
             const char         *lang)
{
  gpointer cached;

  if (g_hash_table_lookup_extended (self->locales, lang, NULL, &cached))
    return (locale_t) cached;

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      if (!g_str_equal (languages[i].lang, lang))
        continue;

      for (guint j = 0; j < G_N_ELEMENTS (languages[i].locales); j++)
        {
          locale_t locale;

          if (languages[i].locales[j] == NULL)
            break;
          locale = newlocale (LC_ALL_MASK, languages[i].locales[j], (locale_t) 0);
          if (locale != (locale_t) 0)
            {
              g_hash_table_insert (self->locales, (gpointer) languages[i].lang, locale);
              return locale;
            }
        }
    }

  g_hash_table_insert (self->locales, (gpointer) lang, NULL);
  return (locale_t) 0;
}

/* Accept-Language (RFC 9110): the supported language with the highest weight;
 * English when none is asked for. */
static const char *
negotiate_language (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *header = soup_message_headers_get_list (headers, "Accept-Language");
  g_auto(GStrv) ranges = NULL;
  const char *best = "en";
  double best_q = 0.0;

  if (header == NULL)
    return best;

  ranges = g_strsplit (header, ",", 32);
  for (guint i = 0; ranges[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (ranges[i], ";", 4);
      g_autofree char *tag = g_ascii_strdown (g_strstrip (parts[0]), -1);
      double q = 1.0;

      for (guint j = 1; parts[j] != NULL; j++)
        {
          const char *param = g_strstrip (parts[j]);

          if (g_str_has_prefix (param, "q="))
            q = g_ascii_strtod (param + 2, NULL);
        }

      for (guint k = 0; k < G_N_ELEMENTS (languages); k++)
        {
          const char *lang = languages[k].lang;
          gsize n = strlen (lang);

          if (strncmp (tag, lang, n) == 0 && (tag[n] == '\0' || tag[n] == '-') && q > best_q)
            {
              best = lang;
              best_q = q;
            }
        }
    }

  return best;
}


/*
 * Cookies, answers and headers
 */

static char *
dup_cookie (SoupServerMessage *msg,
            const char        *name)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *header = soup_message_headers_get_list (headers, "Cookie");
  g_auto(GStrv) pairs = NULL;

  if (header == NULL)
    return NULL;

  pairs = g_strsplit (header, ";", 64);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *pair = g_strstrip (pairs[i]);
      gsize n = strlen (name);

      if (strncmp (pair, name, n) == 0 && pair[n] == '=' && pair[n + 1] != '\0')
        return g_strdup (pair + n + 1);
    }

  return NULL;
}

static gboolean
is_https (SoupServerMessage *msg)
{
  return g_strcmp0 (g_uri_get_scheme (soup_server_message_get_uri (msg)), "https") == 0;
}

/* Both cookies: never readable by script, never sent from another site's page,
 * only over TLS when the desk is served over TLS. */
static void
set_cookie (SoupServerMessage *msg,
            const char        *name,
            const char        *value,
            int                max_age)
{
  g_autofree char *cookie = NULL;

  cookie = g_strdup_printf ("%s=%s; Path=" DESK_PREFIX "; Max-Age=%d; HttpOnly; "
                            "SameSite=Strict%s",
                            name, value != NULL ? value : "", value != NULL ? max_age : 0,
                            is_https (msg) ? "; Secure" : "");
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie",
                               cookie);
}

static void
set_security_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  /* The desk has no script at all, so none may run (default-src 'none'), and
   * nothing comes from elsewhere: only its own stylesheet, its own photos, its own
   * forms' targets; no frame may hold it. */
  soup_message_headers_replace (headers, "Content-Security-Policy",
                                "default-src 'none'; style-src 'self'; img-src 'self'; "
                                "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  if (is_https (msg))
    soup_message_headers_replace (headers, "Strict-Transport-Security", "max-age=31536000");
}

void
_findings_office_desk_redirect (DeskRequest *request,
                                const char  *location)
{
  soup_server_message_set_redirect (request->msg, SOUP_STATUS_SEE_OTHER, location);
}

/* Constant time, so that the comparison does not tell how much of a guess was right. */
static gboolean
secret_equal (const char *a,
              const char *b)
{
  gsize length;
  guint8 diff = 0;

  if (a == NULL || b == NULL)
    return FALSE;

  length = strlen (a);
  if (length != strlen (b) || length == 0)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    diff |= (guint8) (a[i] ^ b[i]);

  return diff == 0;
}

static gboolean
form_csrf_ok (DeskRequest *request,
              const char  *expected)
{
  const char *sent = request->form != NULL ? g_hash_table_lookup (request->form, "csrf") : NULL;

  return secret_equal (sent, expected);
}

static void
refuse_csrf (DeskRequest *request)
{
  _findings_office_desk_plain (request, SOUP_STATUS_FORBIDDEN, _("Form refused"),
                               _("This form did not come from this desk’s current page. "
                                 "Go back, reload the page and try again."));
}


/*
 * Sign-in
 */

static void
show_sign_in (DeskRequest *request,
              guint        status,
              const char  *message)
{
  g_autofree char *form_value = NULL;
  g_autoptr(GError) error = NULL;
  GString *page;

  /* Before a session there is no session value: the form carries the one its
   * cookie has (a double submit), so a page of another site cannot sign in. */
  form_value = findings_office_db_desk_new_form_value (&error);
  if (form_value == NULL)
    {
      g_warning ("The desk could not make a form value: %s", error->message);
      _findings_office_desk_plain (request, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                   _("The desk is unavailable"),
                                   _("The office could not complete the request. "
                                     "Try again later."));
      return;
    }
  set_cookie (request->msg, PRESIGN_COOKIE, form_value, 3600);
  request->csrf = g_strdup (form_value);

  page = _findings_office_desk_begin_page (request, _("Sign in"), NULL, FALSE);
  findings_office_html_append (page, "<h1>%s</h1>", _("Sign in to the office desk"));
  if (message != NULL)
    findings_office_html_append (page, "<p class=\"notice error\" role=\"alert\">%s</p>",
                                 message);
  findings_office_html_append (page,
                               "<form method=\"post\" action=\"" DESK_PREFIX "/sign-in\" "
                               "class=\"stack\">");
  _findings_office_desk_csrf_field (request, page);
  findings_office_html_append (page,
                               "<label for=\"token\">%s</label>"
                               "<input id=\"token\" name=\"token\" type=\"password\" "
                               "autocomplete=\"off\" required autofocus "
                               "aria-describedby=\"token-help\">"
                               "<p id=\"token-help\" class=\"help\">%s</p>"
                               "<button type=\"submit\">%s</button></form>",
                               _("Office token"),
                               _("The office token the installer gave you "
                                 "(findings-office token add --kind office)."),
                               _("Sign in"));
  _findings_office_desk_end_page (request, page, status);
}

static void
post_sign_in (DeskRequest *request)
{
  g_autofree char *form_cookie = dup_cookie (request->msg, PRESIGN_COOKIE);
  const char *client = soup_server_message_get_remote_host (request->msg);
  const char *token = g_hash_table_lookup (request->form, "token");
  g_autofree char *trimmed = NULL;
  g_autofree char *session = NULL;
  g_autofree char *csrf = NULL;
  g_autoptr(GError) error = NULL;
  guint retry_after = 0;

  if (!form_csrf_ok (request, form_cookie))
    {
      refuse_csrf (request);
      return;
    }

  if (client == NULL)
    client = "";

  if (!findings_office_rate_limiter_allow (request->desk->limiter, client, &retry_after))
    {
      g_autofree char *seconds = g_strdup_printf ("%u", retry_after);

      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                    "Retry-After", seconds);
      _findings_office_desk_plain (request, 429 /* Too Many Requests */,
                                   _("Too many attempts"),
                                   _("Too many wrong tokens from this address. "
                                     "Wait a few minutes, then try again."));
      return;
    }

  trimmed = g_strstrip (g_strdup (token != NULL ? token : ""));
  if (*trimmed == '\0' ||
      !findings_office_db_desk_sign_in (request->desk->db, trimmed, request->now, &session,
                                        &csrf, &error))
    {
      if (error != NULL &&
          !g_error_matches (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_UNAUTHORIZED))
        {
          g_warning ("The desk's sign-in failed: %s", error->message);
          _findings_office_desk_plain (request, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                       _("The desk is unavailable"),
                                       _("The office could not complete the request. "
                                         "Try again later."));
          return;
        }

      /* The token is never logged. */
      g_message ("A wrong desk sign-in from %s", client);
      findings_office_rate_limiter_fail (request->desk->limiter, client);
      show_sign_in (request, SOUP_STATUS_UNAUTHORIZED, _("That token was not accepted."));
      return;
    }

  findings_office_rate_limiter_succeed (request->desk->limiter, client);
  set_cookie (request->msg, SESSION_COOKIE, session,
              FINDINGS_OFFICE_DESK_SESSION_HOURS * 3600);
  set_cookie (request->msg, PRESIGN_COOKIE, NULL, 0);
  _findings_office_desk_redirect (request, DESK_PREFIX "/calls");
}

static void
post_sign_out (DeskRequest *request,
               const char  *session)
{
  g_autoptr(GError) error = NULL;

  if (!findings_office_db_desk_sign_out (request->desk->db, session, &error))
    g_warning ("The desk could not end a session: %s", error->message);

  set_cookie (request->msg, SESSION_COOKIE, NULL, 0);
  _findings_office_desk_redirect (request, DESK_PREFIX "/sign-in");
}


/*
 * Static files
 */

static void
serve_static (DeskRequest *request,
              const char  *name)
{
  g_autofree char *path = g_strconcat (RESOURCE_PREFIX, name, NULL);
  g_autoptr(GBytes) bytes = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->msg);
  const char *type;

  if (strchr (name, '/') != NULL ||
      (bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL)) == NULL)
    {
      _findings_office_desk_plain (request, SOUP_STATUS_NOT_FOUND, _("Not found"),
                                   _("There is nothing at this address."));
      return;
    }

  type = g_str_has_suffix (name, ".css") ? "text/css; charset=utf-8"
       : g_str_has_suffix (name, ".js") ? "text/javascript; charset=utf-8"
       : "application/octet-stream";
  soup_server_message_set_status (request->msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, type, NULL);
  soup_message_headers_replace (headers, "Cache-Control", "max-age=3600");
  soup_message_body_append_bytes (soup_server_message_get_response_body (request->msg), bytes);
}


/*
 * Routing
 */

/* "/desk/PREFIX<id>SUFFIX" with the id one path segment, percent-decoded. */
static char *
match_id (const char *path,
          const char *prefix,
          const char *suffix)
{
  const char *start;
  const char *end;
  char *id;

  if (!g_str_has_prefix (path, prefix))
    return NULL;

  start = path + strlen (prefix);
  end = strchr (start, '/');
  if (end == NULL)
    end = start + strlen (start);
  if (end == start || !g_str_equal (end, suffix))
    return NULL;

  id = g_uri_unescape_segment (start, end, "/");
  if (id != NULL && !g_utf8_validate (id, -1, NULL))
    g_clear_pointer (&id, g_free);

  return id;
}

static void
route_signed_in (DeskRequest *request,
                 const char  *path,
                 const char  *session)
{
  gboolean post = g_str_equal (soup_server_message_get_method (request->msg), "POST");
  g_autofree char *id = NULL;

  if (post && !form_csrf_ok (request, request->csrf))
    {
      refuse_csrf (request);
      return;
    }

  if (post && g_str_equal (path, DESK_PREFIX "/sign-out"))
    post_sign_out (request, session);
  else if (g_str_equal (path, DESK_PREFIX) || g_str_equal (path, DESK_PREFIX "/"))
    _findings_office_desk_redirect (request, DESK_PREFIX "/calls");
  else if (!post && g_str_equal (path, DESK_PREFIX "/calls"))
    _findings_office_desk_calls (request);
  else if (!post && g_str_equal (path, DESK_PREFIX "/decisions"))
    _findings_office_desk_decisions (request);
  else if (!post && g_str_equal (path, DESK_PREFIX "/technicians"))
    _findings_office_desk_technicians (request);
  else if (!post && (id = match_id (path, DESK_PREFIX "/technicians/", "")) != NULL)
    _findings_office_desk_technician (request, id);
  else if (!post && (id = match_id (path, DESK_PREFIX "/photos/", "")) != NULL)
    _findings_office_desk_photo (request, id);
  else if (!post && (id = match_id (path, DESK_PREFIX "/recommendations/", "")) != NULL)
    _findings_office_desk_recommendation (request, id, NULL);
  else if (post && (id = match_id (path, DESK_PREFIX "/recommendations/", "/follow-up")) != NULL)
    _findings_office_desk_post_follow_up (request, id);
  else if (post && (id = match_id (path, DESK_PREFIX "/recommendations/", "/note")) != NULL)
    _findings_office_desk_post_note (request, id);
  else
    _findings_office_desk_plain (request, SOUP_STATUS_NOT_FOUND, _("Not found"),
                                 _("There is nothing at this address."));
}

static void
route (DeskRequest *request,
       const char  *path)
{
  const char *method = soup_server_message_get_method (request->msg);
  gboolean post = g_str_equal (method, "POST");
  g_autofree char *session = NULL;
  g_autoptr(GError) error = NULL;

  if (!post && !g_str_equal (method, "GET") && !g_str_equal (method, "HEAD"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                    "Allow", "GET, HEAD, POST");
      _findings_office_desk_plain (request, SOUP_STATUS_METHOD_NOT_ALLOWED, _("Not allowed"),
                                   _("The desk answers GET and POST only."));
      return;
    }

  if (!post && g_str_has_prefix (path, STATIC_PREFIX))
    {
      serve_static (request, path + strlen (STATIC_PREFIX));
      return;
    }

  if (g_str_equal (path, DESK_PREFIX "/sign-in"))
    {
      if (post)
        post_sign_in (request);
      else
        show_sign_in (request, SOUP_STATUS_OK, NULL);
      return;
    }

  session = dup_cookie (request->msg, SESSION_COOKIE);
  if (session == NULL ||
      !findings_office_db_desk_check_session (request->desk->db, session, request->now,
                                              &request->csrf, &error))
    {
      if (error != NULL &&
          !g_error_matches (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_UNAUTHORIZED))
        g_warning ("The desk could not check a session: %s", error->message);

      if (post)
        _findings_office_desk_plain (request, SOUP_STATUS_FORBIDDEN, _("Signed out"),
                                     _("You are not signed in, or your sign-in has expired. "
                                       "Sign in again, then repeat what you were doing."));
      else
        _findings_office_desk_redirect (request, DESK_PREFIX "/sign-in");
      return;
    }

  request->signed_in = TRUE;
  route_signed_in (request, path, session);
}

static GHashTable *
decode_form (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *text = NULL;
  gsize length;
  const char *data;

  if (g_strcmp0 (type, "application/x-www-form-urlencoded") != 0)
    return g_hash_table_new (g_str_hash, g_str_equal);

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (body, &length);
  text = g_strndup (data, length);

  return soup_form_decode (text);
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  FindingsOfficeDesk *self = user_data;
  DeskRequest request = { 0 };
  locale_t locale;

  request.desk = self;
  request.msg = msg;
  request.query = query;
  request.lang = negotiate_language (msg);
  request.now = g_date_time_new_now_utc ();
  if (g_str_equal (soup_server_message_get_method (msg), "POST"))
    request.form = decode_form (msg);

  /* The office is single-threaded: the request's language is this thread's locale
   * while it is answered. */
  locale = desk_locale (self, request.lang);
  if (locale != (locale_t) 0)
    uselocale (locale);
  else
    request.lang = "en";  /* without its locale the page comes out in English: say so */

  set_security_headers (msg);
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Vary",
                               "Accept-Language, Cookie");
  route (&request, path);

  uselocale (LC_GLOBAL_LOCALE);

  g_clear_pointer (&request.form, g_hash_table_unref);
  g_clear_pointer (&request.now, g_date_time_unref);
  g_free (request.csrf);
}

/* The desk's forms are small: a larger body is refused before it is read. */
static void
early_handler_cb (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);

  if (encoding == SOUP_ENCODING_NONE ||
      (encoding == SOUP_ENCODING_CONTENT_LENGTH &&
       soup_message_headers_get_content_length (headers) <= MAX_FORM_BYTES))
    return;

  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  set_security_headers (msg);
  soup_server_message_set_status (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_STATIC,
                                    "Too large.\n", strlen ("Too large.\n"));
}


/*
 * GObject overrides
 */

static void
free_locale (gpointer data)
{
  if (data != NULL)
    freelocale ((locale_t) data);
}

static void
findings_office_desk_finalize (GObject *object)
{
  FindingsOfficeDesk *self = (FindingsOfficeDesk *) object;

  g_clear_object (&self->db);
  g_clear_object (&self->limiter);
  g_clear_pointer (&self->locales, g_hash_table_unref);

  G_OBJECT_CLASS (findings_office_desk_parent_class)->finalize (object);
}

static void
findings_office_desk_class_init (FindingsOfficeDeskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = findings_office_desk_finalize;

  /* Registered here, not by a constructor a static library's link may drop. */
  findings_office_register_resource ();
}

static void
findings_office_desk_init (FindingsOfficeDesk *self)
{
  self->locales = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, free_locale);
}


/*
 * Public API
 */

/**
 * findings_office_desk_new:
 * @db: the office's database
 * @limiter: the limiter of failed sign-ins, shared with the API's bad tokens
 *
 * Returns: (transfer full): the desk
 */
FindingsOfficeDesk *
findings_office_desk_new (FindingsOfficeDb          *db,
                          FindingsOfficeRateLimiter *limiter)
{
  FindingsOfficeDesk *self;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (db), NULL);
  g_return_val_if_fail (FINDINGS_IS_OFFICE_RATE_LIMITER (limiter), NULL);

  self = g_object_new (FINDINGS_TYPE_OFFICE_DESK, NULL);
  self->db = g_object_ref (db);
  self->limiter = g_object_ref (limiter);
  return self;
}

/**
 * findings_office_desk_register:
 * @server: the office's server
 *
 * Answers everything under `/desk` on @server.
 */
void
findings_office_desk_register (FindingsOfficeDesk *self,
                               SoupServer         *server)
{
  g_return_if_fail (FINDINGS_IS_OFFICE_DESK (self));
  g_return_if_fail (SOUP_IS_SERVER (server));

  soup_server_add_early_handler (server, DESK_PREFIX, early_handler_cb, self, NULL);
  soup_server_add_handler (server, DESK_PREFIX, handler_cb, self, NULL);
}
