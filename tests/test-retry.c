/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <math.h>

#include <libsoup/soup.h>

#include "findings-retry.h"
#include "findings-sync.h"

/* The retry policy's numbers, checked directly: a fixed "random" number and a
 * fixed "now" make every answer exact. */

#define S ((gint64) G_USEC_PER_SEC)

/* 2026-11-20T14:02:11Z */
#define NOW_US (G_GINT64_CONSTANT (1795183331) * S)

static double
fixed_random (gpointer user_data)
{
  return *(const double *) user_data;
}

static gint64
backoff_with (guint  attempts,
              double r)
{
  return findings_retry_backoff_us (attempts, fixed_random, &r);
}

static void
test_backoff_growth (void)
{
  /* 2 s, doubled per failure: 2, 4, 8, …, 256 s, then the 5 min cap. */
  static const gint64 expected_s[] = { 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300 };

  for (guint i = 0; i < G_N_ELEMENTS (expected_s); i++)
    {
      g_assert_cmpint (findings_retry_backoff_ceiling_us (i), ==, expected_s[i] * S);
      g_assert_cmpint (backoff_with (i, 1.0), ==, expected_s[i] * S);
    }

  g_assert_cmpint (FINDINGS_RETRY_BACKOFF_BASE_US, ==, 2 * S);
  g_assert_cmpint (FINDINGS_RETRY_BACKOFF_CAP_US, ==, 300 * S);
}

static void
test_backoff_cap (void)
{
  /* However many failures, never past the cap, and no overflow on the way. */
  g_assert_cmpint (findings_retry_backoff_ceiling_us (9), ==, 300 * S);
  g_assert_cmpint (findings_retry_backoff_ceiling_us (63), ==, 300 * S);
  g_assert_cmpint (findings_retry_backoff_ceiling_us (64), ==, 300 * S);
  g_assert_cmpint (findings_retry_backoff_ceiling_us (1000), ==, 300 * S);
  g_assert_cmpint (findings_retry_backoff_ceiling_us (G_MAXUINT), ==, 300 * S);
  g_assert_cmpint (backoff_with (G_MAXUINT, 1.0), ==, 300 * S);
}

static void
test_backoff_jitter (void)
{
  /* Full jitter: 0 waits not at all, 1 the whole ceiling, and between is linear. */
  g_assert_cmpint (backoff_with (0, 0.0), ==, 0);
  g_assert_cmpint (backoff_with (0, 0.5), ==, 1 * S);
  g_assert_cmpint (backoff_with (0, 0.25), ==, S / 2);
  g_assert_cmpint (backoff_with (0, 1.0), ==, 2 * S);
  g_assert_cmpint (backoff_with (3, 0.0), ==, 0);
  g_assert_cmpint (backoff_with (3, 0.5), ==, 8 * S);
  g_assert_cmpint (backoff_with (3, 1.0), ==, 16 * S);
  g_assert_cmpint (backoff_with (20, 0.0), ==, 0);
  g_assert_cmpint (backoff_with (20, 0.1), ==, 30 * S);
  g_assert_cmpint (backoff_with (20, 1.0), ==, 300 * S);

  /* A source that strays outside [0, 1] stays within the bounds all the same. */
  g_assert_cmpint (backoff_with (2, -3.0), ==, 0);
  g_assert_cmpint (backoff_with (2, 7.0), ==, 8 * S);
  g_assert_cmpint (backoff_with (2, NAN), ==, 0);
}

static void
test_backoff_default_random (void)
{
  /* Without a source of its own, g_random_double(): always within the bounds. */
  for (guint i = 0; i < 1000; i++)
    {
      guint attempts = i % 12;
      gint64 delay = findings_retry_backoff_us (attempts, NULL, NULL);

      g_assert_cmpint (delay, >=, 0);
      g_assert_cmpint (delay, <=, findings_retry_backoff_ceiling_us (attempts));
    }
}

static void
test_retry_after_seconds (void)
{
  g_assert_cmpint (findings_retry_after_parse ("120", NOW_US), ==, NOW_US + 120 * S);
  g_assert_cmpint (findings_retry_after_parse ("  7 ", NOW_US), ==, NOW_US + 7 * S);
  g_assert_cmpint (findings_retry_after_parse ("0", NOW_US), ==, NOW_US);
  g_assert_cmpint (findings_retry_after_parse ("1", NOW_US), ==, NOW_US + 1 * S);
  g_assert_cmpint (findings_retry_after_parse ("3600", NOW_US), ==, NOW_US + 3600 * S);
}

static void
test_retry_after_clamped (void)
{
  /* At most an hour, however long the office asks for. */
  g_assert_cmpint (FINDINGS_RETRY_AFTER_CAP_US, ==, 3600 * S);
  g_assert_cmpint (findings_retry_after_parse ("3601", NOW_US), ==, NOW_US + 3600 * S);
  g_assert_cmpint (findings_retry_after_parse ("86400", NOW_US), ==, NOW_US + 3600 * S);
  g_assert_cmpint (findings_retry_after_parse ("4294967296", NOW_US), ==, NOW_US + 3600 * S);
  g_assert_cmpint (findings_retry_after_parse ("18446744073709551616", NOW_US), ==,
                   NOW_US + 3600 * S);
  g_assert_cmpint (findings_retry_after_parse ("99999999999999999999999999999999999999", NOW_US),
                   ==, NOW_US + 3600 * S);
}

static void
test_retry_after_unreadable (void)
{
  static const char * const unreadable[] = {
    "-1", "abc", "", "   ", "+5", "1.5", "12abc", "1 2", "0x10", "Tomorrow",
  };

  g_assert_cmpint (findings_retry_after_parse (NULL, NOW_US), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (unreadable); i++)
    {
      g_test_message ("Retry-After: “%s”", unreadable[i]);
      g_assert_cmpint (findings_retry_after_parse (unreadable[i], NOW_US), ==, 0);
    }
}

static void
test_retry_after_date (void)
{
  /* An HTTP date: when it says, but never before now nor more than an hour away. */
  g_assert_cmpint (findings_retry_after_parse ("Fri, 20 Nov 2026 14:04:11 GMT", NOW_US), ==,
                   NOW_US + 120 * S);
  g_assert_cmpint (findings_retry_after_parse (" Fri, 20 Nov 2026 14:02:12 GMT ", NOW_US), ==,
                   NOW_US + 1 * S);
  g_assert_cmpint (findings_retry_after_parse ("Fri, 20 Nov 2026 15:02:11 GMT", NOW_US), ==,
                   NOW_US + 3600 * S);

  /* In the past, or the office's clock is off: try again now. */
  g_assert_cmpint (findings_retry_after_parse ("Fri, 20 Nov 2026 14:02:10 GMT", NOW_US), ==,
                   NOW_US);
  g_assert_cmpint (findings_retry_after_parse ("Thu, 01 Jan 1970 00:00:00 GMT", NOW_US), ==,
                   NOW_US);

  /* In the far future: an hour, not a week. */
  g_assert_cmpint (findings_retry_after_parse ("Fri, 27 Nov 2026 14:02:11 GMT", NOW_US), ==,
                   NOW_US + 3600 * S);
  g_assert_cmpint (findings_retry_after_parse ("Fri, 31 Dec 9999 23:59:59 GMT", NOW_US), ==,
                   NOW_US + 3600 * S);
}

static void
test_transient_status (void)
{
  static const guint transient[] = { 408, 425, 429, 500, 501, 502, 503, 504, 599 };
  static const guint final[] = { 400, 401, 403, 404, 405, 409, 410, 413, 415, 422 };

  for (guint i = 0; i < G_N_ELEMENTS (transient); i++)
    {
      g_test_message ("HTTP %u", transient[i]);
      g_assert_true (findings_retry_status_is_transient (transient[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (final); i++)
    {
      g_test_message ("HTTP %u", final[i]);
      g_assert_false (findings_retry_status_is_transient (final[i]));
    }

  /* Answers, not failures. */
  g_assert_false (findings_retry_status_is_transient (200));
  g_assert_false (findings_retry_status_is_transient (201));
}

static void
test_transient_error (void)
{
  g_autoptr(GError) refused = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                                                   "Connection refused");
  g_autoptr(GError) unreachable = g_error_new_literal (G_IO_ERROR,
                                                       G_IO_ERROR_NETWORK_UNREACHABLE, "No");
  g_autoptr(GError) reset = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                                 "Reset");
  g_autoptr(GError) resolver = g_error_new_literal (G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                                                    "No such host");
  g_autoptr(GError) timeout = g_error_new_literal (FINDINGS_SYNC_ERROR,
                                                   FINDINGS_SYNC_ERROR_TIMEOUT, "Slow");
  g_autoptr(GError) tls = g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                                               "Unknown CA");
  g_autoptr(GError) too_large = g_error_new_literal (FINDINGS_SYNC_ERROR,
                                                     FINDINGS_SYNC_ERROR_TOO_LARGE, "Huge");
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     "Cancelled");

  g_assert_true (findings_retry_error_is_transient (refused));
  g_assert_true (findings_retry_error_is_transient (unreachable));
  g_assert_true (findings_retry_error_is_transient (reset));
  g_assert_true (findings_retry_error_is_transient (resolver));
  g_assert_true (findings_retry_error_is_transient (timeout));
  g_assert_true (findings_retry_error_is_transient (tls));
  g_assert_false (findings_retry_error_is_transient (too_large));
  g_assert_false (findings_retry_error_is_transient (cancelled));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/retry/backoff/growth", test_backoff_growth);
  g_test_add_func ("/retry/backoff/cap", test_backoff_cap);
  g_test_add_func ("/retry/backoff/jitter", test_backoff_jitter);
  g_test_add_func ("/retry/backoff/default-random", test_backoff_default_random);
  g_test_add_func ("/retry/after/seconds", test_retry_after_seconds);
  g_test_add_func ("/retry/after/clamped", test_retry_after_clamped);
  g_test_add_func ("/retry/after/unreadable", test_retry_after_unreadable);
  g_test_add_func ("/retry/after/date", test_retry_after_date);
  g_test_add_func ("/retry/transient/status", test_transient_status);
  g_test_add_func ("/retry/transient/error", test_transient_error);

  return g_test_run ();
}
