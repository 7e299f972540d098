/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-protocol"

#include "config.h"

#include <string.h>

#include "findings-parse-error.h"
#include "findings-protocol.h"

/**
 * findings_protocol_is_photo_media_type:
 * @media_type: (nullable): a media type, as the API spells it (lower case)
 *
 * Returns: whether a photo may have this media type: JPEG or PNG
 */
gboolean
findings_protocol_is_photo_media_type (const char *media_type)
{
  return g_strcmp0 (media_type, FINDINGS_PROTOCOL_MEDIA_TYPE_JPEG) == 0 ||
         g_strcmp0 (media_type, FINDINGS_PROTOCOL_MEDIA_TYPE_PNG) == 0;
}

/**
 * findings_protocol_is_valid_cursor:
 * @cursor: (array length=length) (nullable): the cursor's bytes, not
 *   necessarily nul-terminated
 * @length: the number of bytes
 *
 * Whether @cursor has the shape of a cursor the office gives out: "c" and 1 to
 * 18 decimal digits, nothing else (no NUL, no sign, no space). Whether its
 * number is one the office has reached is for the office to say.
 *
 * Returns: %TRUE if it is well formed
 */
gboolean
findings_protocol_is_valid_cursor (const char *cursor,
                                   gsize       length)
{
  if (cursor == NULL || length < 2 || length > 1 + FINDINGS_PROTOCOL_MAX_CURSOR_DIGITS ||
      cursor[0] != FINDINGS_PROTOCOL_CURSOR_PREFIX)
    return FALSE;

  for (gsize i = 1; i < length; i++)
    if (!g_ascii_isdigit (cursor[i]))
      return FALSE;

  return TRUE;
}

/**
 * findings_protocol_parse_cursor:
 * @cursor: (nullable): a cursor the office gave out, or %NULL for none
 * @out_seq: (out): the change number it stands for; 0 for %NULL
 *
 * The office's side of its cursors: the change number a well-formed cursor carries.
 *
 * Returns: %FALSE when @cursor is not one an office writes
 */
gboolean
findings_protocol_parse_cursor (const char *cursor,
                                gint64     *out_seq)
{
  guint64 seq;

  if (cursor == NULL)
    {
      *out_seq = 0;
      return TRUE;
    }

  if (!findings_protocol_is_valid_cursor (cursor, strlen (cursor)) ||
      !g_ascii_string_to_unsigned (cursor + 1, 10, 0, G_MAXINT64, &seq, NULL))
    return FALSE;

  *out_seq = (gint64) seq;
  return TRUE;
}

/* Percent-decodes [start, end) as a query component ("+" is a space), keeping
 * every byte, NUL included; %NULL for a broken escape. */
static GString *
decode_component (const char *start,
                  const char *end)
{
  GString *out = g_string_sized_new (end - start);

  for (const char *p = start; p < end; p++)
    {
      if (*p == '%')
        {
          if (end - p < 3 || !g_ascii_isxdigit (p[1]) || !g_ascii_isxdigit (p[2]))
            {
              g_string_free (out, TRUE);
              return NULL;
            }
          g_string_append_c (out, (char) (g_ascii_xdigit_value (p[1]) * 16 +
                                          g_ascii_xdigit_value (p[2])));
          p += 2;
        }
      else
        {
          g_string_append_c (out, *p == '+' ? ' ' : *p);
        }
    }

  return out;
}

/**
 * findings_protocol_query_cursor:
 * @raw_query: (nullable): the query of a request's URI as it came, still
 *   percent-encoded (`g_uri_get_query()` of a URI parsed with
 *   %G_URI_FLAGS_ENCODED_QUERY), without the "?"
 * @out_cursor: (out) (transfer full) (optional): the decoded cursor, or %NULL
 *   when the query has no `since`
 * @error: return location for a #GError
 *
 * Reads the `since` parameter of a request for pages (`GET /api/v1/visits`,
 * the technician's recommendations). The query is decoded here, with lengths:
 * a decoder that stops at an encoded NUL would read `since=c1%00x` as `c1` and
 * `since=%00` as no cursor at all. A `since` that is empty, given twice, badly
 * escaped or not a well-formed cursor is refused with
 * %FINDINGS_PARSE_ERROR_INVALID_VALUE, which the office answers with 400
 * `bad-cursor`.
 *
 * Returns: %TRUE when there is no `since` or a well-formed one
 */
gboolean
findings_protocol_query_cursor (const char  *raw_query,
                                char       **out_cursor,
                                GError     **error)
{
  g_autoptr(GString) cursor = NULL;
  const char *p = raw_query;

  if (out_cursor != NULL)
    *out_cursor = NULL;

  while (p != NULL && *p != '\0')
    {
      const char *end = p + strcspn (p, "&");
      const char *equals = memchr (p, '=', end - p);
      const char *name_end = equals != NULL ? equals : end;
      g_autoptr(GString) name = decode_component (p, name_end);

      if (name != NULL && name->len == strlen ("since") && memcmp (name->str, "since", 5) == 0)
        {
          if (cursor != NULL)
            goto bad;
          cursor = equals != NULL ? decode_component (equals + 1, end) : g_string_new (NULL);
          if (cursor == NULL || !findings_protocol_is_valid_cursor (cursor->str, cursor->len))
            goto bad;
        }

      p = *end == '&' ? end + 1 : end;
    }

  if (out_cursor != NULL && cursor != NULL)
    *out_cursor = g_strndup (cursor->str, cursor->len);
  return TRUE;

bad:
  g_set_error_literal (error, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_INVALID_VALUE,
                       "The cursor is not one this office gave out.");
  return FALSE;
}

/**
 * findings_protocol_format_time:
 * @time: a time, in any zone
 *
 * Writes @time as the API's writers do: RFC 3339 in UTC with whole seconds,
 * `2026-11-20T14:02:11Z`, so that the same instant is always the same text.
 *
 * Returns: (transfer full): the text
 */
char *
findings_protocol_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;
  int year;
  int month;
  int day;

  g_return_val_if_fail (time != NULL, NULL);

  utc = g_date_time_to_utc (time);
  g_date_time_get_ymd (utc, &year, &month, &day);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                          year, month, day,
                          g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc),
                          g_date_time_get_second (utc));
}

static gboolean
skip_digits (const char **p,
             guint        n)
{
  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
    }

  *p += n;
  return TRUE;
}

static gboolean
skip_char (const char **p,
           const char  *accepted)
{
  if (**p == '\0' || strchr (accepted, **p) == NULL)
    return FALSE;

  (*p)++;
  return TRUE;
}

/* RFC 3339 section 5.6: full-date "T" partial-time time-offset. GLib's ISO 8601
 * parser also takes forms RFC 3339 does not, such as a missing offset. */
static gboolean
has_rfc3339_shape (const char *value)
{
  const char *p = value;

  if (!skip_digits (&p, 4) || !skip_char (&p, "-") || !skip_digits (&p, 2) ||
      !skip_char (&p, "-") || !skip_digits (&p, 2) || !skip_char (&p, "Tt") ||
      !skip_digits (&p, 2) || !skip_char (&p, ":") || !skip_digits (&p, 2) ||
      !skip_char (&p, ":") || !skip_digits (&p, 2))
    return FALSE;

  if (skip_char (&p, "."))
    {
      if (!skip_digits (&p, 1))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  if (skip_char (&p, "Zz"))
    return *p == '\0';

  return skip_char (&p, "+-") && skip_digits (&p, 2) && skip_char (&p, ":") &&
         skip_digits (&p, 2) && *p == '\0';
}

/**
 * findings_protocol_parse_time:
 * @text: (nullable): an RFC 3339 time, with any offset
 *
 * Reads a time as the API's readers do: RFC 3339 only (an offset is required,
 * fractions of a second are kept), not every ISO 8601 form GLib knows.
 *
 * Returns: (transfer full) (nullable): the time, or %NULL if @text is not one
 */
GDateTime *
findings_protocol_parse_time (const char *text)
{
  g_autofree char *upper = NULL;

  if (text == NULL || !has_rfc3339_shape (text))
    return NULL;

  /* RFC 3339 allows "t" and "z"; GLib wants capitals. */
  upper = g_ascii_strup (text, -1);
  return g_date_time_new_from_iso8601 (upper, NULL);
}

/**
 * findings_protocol_parse_date:
 * @text: (nullable): a calendar date
 *
 * Returns: (transfer full) (nullable): the date if @text is exactly `YYYY-MM-DD` and
 *   a real day, else %NULL; free it with g_date_free()
 */
GDate *
findings_protocol_parse_date (const char *text)
{
  static const guint digits[] = { 0, 1, 2, 3, 5, 6, 8, 9 };
  guint year;
  guint month;
  guint day;

  /* Exactly YYYY-MM-DD: no time part, no offset, no lenient sscanf() forms. */
  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    {
      if (!g_ascii_isdigit (text[digits[i]]))
        return NULL;
    }

  year = (guint) g_ascii_digit_value (text[0]) * 1000 +
         (guint) g_ascii_digit_value (text[1]) * 100 +
         (guint) g_ascii_digit_value (text[2]) * 10 +
         (guint) g_ascii_digit_value (text[3]);
  month = (guint) g_ascii_digit_value (text[5]) * 10 + (guint) g_ascii_digit_value (text[6]);
  day = (guint) g_ascii_digit_value (text[8]) * 10 + (guint) g_ascii_digit_value (text[9]);

  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return NULL;

  return g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

/**
 * findings_protocol_new_time_zone:
 * @identifier: (nullable): a site's `timezone`, an IANA name
 *
 * The zone a site's dates are judged in: UTC when the site gives none. An unknown
 * name falls back to UTC too, so that it never stops a visit from showing (the
 * office refuses such a name on upload).
 *
 * Returns: (transfer full): the zone
 */
GTimeZone *
findings_protocol_new_time_zone (const char *identifier)
{
  GTimeZone *tz = NULL;

  /* g_time_zone_new_identifier (NULL) would mean the local zone: never what we want. */
  if (identifier != NULL && *identifier != '\0')
    tz = g_time_zone_new_identifier (identifier);

  return tz != NULL ? tz : g_time_zone_new_utc ();
}

/**
 * findings_protocol_is_quote_expired:
 * @valid_until: (nullable): the quote's last day, `YYYY-MM-DD`
 * @time_zone: (nullable): the site's time zone, an IANA name; UTC when %NULL
 * @at: the moment to judge at, in any zone
 *
 * A quote holds through the end of its `valid_until` day in the site's zone.
 *
 * Returns: %TRUE when @at falls on a later day there; %FALSE when the quote has no
 *   (valid) `valid_until`
 */
gboolean
findings_protocol_is_quote_expired (const char *valid_until,
                                    const char *time_zone,
                                    GDateTime  *at)
{
  g_autoptr(GDate) last_day = NULL;
  g_autoptr(GDate) today = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) site_at = NULL;
  int year;
  int month;
  int day;

  g_return_val_if_fail (at != NULL, FALSE);

  last_day = findings_protocol_parse_date (valid_until);
  if (last_day == NULL)
    return FALSE;

  tz = findings_protocol_new_time_zone (time_zone);
  site_at = g_date_time_to_timezone (at, tz);
  if (site_at == NULL)
    return FALSE;

  g_date_time_get_ymd (site_at, &year, &month, &day);
  today = g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);

  return g_date_compare (today, last_day) > 0;
}

/**
 * findings_protocol_check_decision:
 * @status: the recommendation's status
 * @action: what the customer decides
 * @valid_until: (nullable): the quote's last day, `YYYY-MM-DD`, if it has a quote
 * @time_zone: (nullable): the site's time zone, an IANA name; UTC when %NULL
 * @decided_at: when the customer decides, or decided
 *
 * Whether a decision can still apply, by the API's rules: while the recommendation
 * is open, declined or call_requested every action is allowed (a customer may change
 * their mind after declining); once accepted, scheduled or completed every action is
 * refused with `already-accepted`; once withdrawn, with `withdrawn`; and accepting a
 * quote that had expired at @decided_at is refused with `quote-expired`. The office
 * refuses with this answer (409); the kiosk offers or explains its buttons with it.
 *
 * Returns: %FINDINGS_PROBLEM_NONE when the decision applies, else why not
 */
FindingsProblem
findings_protocol_check_decision (FindingsStatus  status,
                                  FindingsAction  action,
                                  const char     *valid_until,
                                  const char     *time_zone,
                                  GDateTime      *decided_at)
{
  g_return_val_if_fail (decided_at != NULL, FINDINGS_PROBLEM_NONE);

  switch (status)
    {
    case FINDINGS_STATUS_OPEN:
    case FINDINGS_STATUS_DECLINED:
    case FINDINGS_STATUS_CALL_REQUESTED:
      break;
    case FINDINGS_STATUS_ACCEPTED:
    case FINDINGS_STATUS_SCHEDULED:
    case FINDINGS_STATUS_COMPLETED:
      return FINDINGS_PROBLEM_ALREADY_ACCEPTED;
    case FINDINGS_STATUS_WITHDRAWN:
      return FINDINGS_PROBLEM_WITHDRAWN;
    default:
      g_return_val_if_reached (FINDINGS_PROBLEM_NONE);
    }

  /* Judged when the customer decided, even if the kiosk was offline since. */
  if (action == FINDINGS_ACTION_ACCEPT &&
      findings_protocol_is_quote_expired (valid_until, time_zone, decided_at))
    return FINDINGS_PROBLEM_QUOTE_EXPIRED;

  return FINDINGS_PROBLEM_NONE;
}
