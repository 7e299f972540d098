/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include "findings-office-rate-limiter-private.h"

/* The limiter of bad tokens and failed sign-ins, on a clock the test moves. */

typedef struct
{
  gint64 now;
} Clock;

static gint64
fake_clock (gpointer user_data)
{
  return ((Clock *) user_data)->now;
}

static FindingsOfficeRateLimiter *
new_limiter (Clock *clock,
             guint  max_clients)
{
  FindingsOfficeRateLimiter *limiter = findings_office_rate_limiter_new ();

  _findings_office_rate_limiter_set_clock (limiter, fake_clock, clock);
  /* 3 failures in 60 s block for 10 s, then 20 s, … */
  _findings_office_rate_limiter_set_policy (limiter, 3, 60, 10, max_clients);
  return limiter;
}

static void
test_block_and_expiry (void)
{
  Clock clock = { (gint64) 1000 * G_USEC_PER_SEC };
  g_autoptr(FindingsOfficeRateLimiter) limiter = new_limiter (&clock, 100);
  guint retry_after = 0;

  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (findings_office_rate_limiter_allow (limiter, "10.0.0.1", &retry_after));
      findings_office_rate_limiter_fail (limiter, "10.0.0.1");
    }
  g_assert_true (findings_office_rate_limiter_allow (limiter, "10.0.0.1", NULL));
  findings_office_rate_limiter_fail (limiter, "10.0.0.1");

  /* The third failure blocks; another address is not concerned. */
  g_assert_false (findings_office_rate_limiter_allow (limiter, "10.0.0.1", &retry_after));
  g_assert_cmpuint (retry_after, ==, 10);
  g_assert_true (findings_office_rate_limiter_allow (limiter, "10.0.0.2", NULL));

  clock.now += 4 * G_USEC_PER_SEC + 1;
  g_assert_false (findings_office_rate_limiter_allow (limiter, "10.0.0.1", &retry_after));
  g_assert_cmpuint (retry_after, ==, 6);

  /* Over; the next block in a row lasts twice as long. */
  clock.now += 6 * G_USEC_PER_SEC;
  g_assert_true (findings_office_rate_limiter_allow (limiter, "10.0.0.1", NULL));
  for (guint i = 0; i < 3; i++)
    findings_office_rate_limiter_fail (limiter, "10.0.0.1");
  g_assert_false (findings_office_rate_limiter_allow (limiter, "10.0.0.1", &retry_after));
  g_assert_cmpuint (retry_after, ==, 20);

  /* Long after, the entry is gone. */
  clock.now += (gint64) 3600 * G_USEC_PER_SEC;
  g_assert_true (findings_office_rate_limiter_allow (limiter, "10.0.0.1", NULL));
  g_assert_cmpuint (_findings_office_rate_limiter_get_size (limiter), <=, 1);
}

static void
test_window_and_success (void)
{
  Clock clock = { 0 };
  g_autoptr(FindingsOfficeRateLimiter) limiter = new_limiter (&clock, 100);

  /* Failures spread over more than the window do not add up. */
  for (guint i = 0; i < 10; i++)
    {
      findings_office_rate_limiter_fail (limiter, "10.0.0.1");
      clock.now += 31 * G_USEC_PER_SEC;
      g_assert_true (findings_office_rate_limiter_allow (limiter, "10.0.0.1", NULL));
    }

  /* A success forgets the failures before it. */
  findings_office_rate_limiter_fail (limiter, "10.0.0.3");
  findings_office_rate_limiter_fail (limiter, "10.0.0.3");
  findings_office_rate_limiter_succeed (limiter, "10.0.0.3");
  findings_office_rate_limiter_fail (limiter, "10.0.0.3");
  findings_office_rate_limiter_fail (limiter, "10.0.0.3");
  g_assert_true (findings_office_rate_limiter_allow (limiter, "10.0.0.3", NULL));
}

/* Many addresses cannot grow the table past its cap, and a blocked address is
 * the last to make room. */
static void
test_bounded (void)
{
  Clock clock = { 0 };
  g_autoptr(FindingsOfficeRateLimiter) limiter = new_limiter (&clock, 8);

  for (guint i = 0; i < 3; i++)
    findings_office_rate_limiter_fail (limiter, "10.0.0.1");

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *client = g_strdup_printf ("192.168.%u.%u", i / 256, i % 256);

      findings_office_rate_limiter_fail (limiter, client);
      g_assert_cmpuint (_findings_office_rate_limiter_get_size (limiter), <=, 8);
    }

  g_assert_false (findings_office_rate_limiter_allow (limiter, "10.0.0.1", NULL));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/office-rate-limiter/block-and-expiry", test_block_and_expiry);
  g_test_add_func ("/office-rate-limiter/window-and-success", test_window_and_success);
  g_test_add_func ("/office-rate-limiter/bounded", test_bounded);

  return g_test_run ();
}
