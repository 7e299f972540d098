/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-sync"

#include "config.h"

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "findings-retry.h"
#include "findings-sync.h"

/* libsoup 3.2 has no names for these. */
#define STATUS_TOO_EARLY         425
#define STATUS_TOO_MANY_REQUESTS 429

/**
 * findings_retry_backoff_ceiling_us:
 * @attempts: failed attempts so far
 *
 * Returns: the longest backoff after @attempts failures: the base doubled
 *   @attempts times, capped
 */
gint64
findings_retry_backoff_ceiling_us (guint attempts)
{
  gint64 ceiling = FINDINGS_RETRY_BACKOFF_BASE_US;

  for (guint i = 0; i < attempts && ceiling < FINDINGS_RETRY_BACKOFF_CAP_US; i++)
    ceiling *= 2;

  return MIN (ceiling, FINDINGS_RETRY_BACKOFF_CAP_US);
}

static double
default_random (gpointer user_data)
{
  return g_random_double ();
}

/**
 * findings_retry_backoff_us:
 * @attempts: failed attempts so far
 * @random: (nullable): the source of numbers in [0, 1]; %NULL for g_random_double()
 * @user_data: data for @random
 *
 * Full jitter: anywhere between no wait and the ceiling, so that many kiosks
 * that lost the office together do not all come back at once.
 *
 * Returns: how long to wait, in microseconds
 */
gint64
findings_retry_backoff_us (guint               attempts,
                           FindingsRetryRandom random,
                           gpointer            user_data)
{
  double r = (random != NULL ? random : default_random) (user_data);

  /* A source that strays outside [0, 1] (or NaN) must not wait longer than the cap. */
  if (!(r > 0.0))
    r = 0.0;
  else if (r > 1.0)
    r = 1.0;

  return (gint64) (r * (double) findings_retry_backoff_ceiling_us (attempts));
}

/* delta-seconds is 1*DIGIT: a number too large for 64 bits is still a number,
 * and only ever means "the longest wait allowed". */
static gboolean
parse_delta_seconds (const char *value,
                     gint64     *out_us)
{
  guint64 seconds = 0;

  if (*value == '\0')
    return FALSE;

  for (const char *p = value; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      if (seconds <= FINDINGS_RETRY_AFTER_CAP_US / G_USEC_PER_SEC)
        seconds = seconds * 10 + (guint64) (*p - '0');
    }

  *out_us = (gint64) MIN (seconds, (guint64) (FINDINGS_RETRY_AFTER_CAP_US / G_USEC_PER_SEC))
            * G_USEC_PER_SEC;
  return TRUE;
}

/**
 * findings_retry_after_parse:
 * @value: (nullable): a Retry-After header: seconds, or an HTTP date
 * @now_us: the time now, in g_get_real_time() microseconds
 *
 * Returns: when to try again, at most %FINDINGS_RETRY_AFTER_CAP_US after
 *   @now_us and never before it; 0 when @value is absent or unreadable
 */
gint64
findings_retry_after_parse (const char *value,
                            gint64      now_us)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GDateTime) date = NULL;
  gint64 delay_us;

  if (value == NULL)
    return 0;

  trimmed = g_strstrip (g_strdup (value));
  if (parse_delta_seconds (trimmed, &delay_us))
    return now_us + delay_us;

  date = soup_date_time_new_from_http_string (trimmed);
  if (date == NULL)
    return 0;

  /* An office whose clock is off must not silence the kiosk for days. */
  delay_us = g_date_time_to_unix (date) * G_USEC_PER_SEC - now_us;
  return now_us + CLAMP (delay_us, 0, FINDINGS_RETRY_AFTER_CAP_US);
}

/**
 * findings_retry_status_is_transient:
 * @status: an HTTP status
 *
 * Returns: whether the same request may succeed later: 408, 425, 429 and 5xx
 */
gboolean
findings_retry_status_is_transient (guint status)
{
  return status == SOUP_STATUS_REQUEST_TIMEOUT || status == STATUS_TOO_EARLY ||
         status == STATUS_TOO_MANY_REQUESTS || SOUP_STATUS_IS_SERVER_ERROR (status);
}

/**
 * findings_retry_error_is_transient:
 * @error: a transport failure: no HTTP answer came
 *
 * A network down, a refused connection, a timeout or a certificate the office
 * may yet renew may all go away; an answer over the size limit would come back
 * just as large, and a cancelled exchange was wanted so.
 *
 * Returns: whether trying again later may cure @error
 */
gboolean
findings_retry_error_is_transient (const GError *error)
{
  g_return_val_if_fail (error != NULL, FALSE);

  return !g_error_matches (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_TOO_LARGE) &&
         !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}
