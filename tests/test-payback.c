/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include "findings-payback.h"

typedef struct
{
  const char          *name;
  gint64               price;
  gint64               savings;
  double               life;
  FindingsPaybackKind  kind;
  gint64               months;
  gint64               half_years;
  gboolean             has_net;
  gint64               net;
} ComputeCase;

static const ComputeCase compute_cases[] = {
  { "no-savings", 480000, -1, 15, FINDINGS_PAYBACK_NONE, 0, 0, FALSE, 0 },
  { "zero-savings", 480000, 0, 15, FINDINGS_PAYBACK_NONE, 0, 0, FALSE, 0 },
  { "free", 0, 1000, 10, FINDINGS_PAYBACK_IMMEDIATE, 0, 0, TRUE, 10000 },
  { "free-unknown-life", 0, 1000, 0, FINDINGS_PAYBACK_IMMEDIATE, 0, 0, FALSE, 0 },
  { "nine-months", 90000, 120000, 0, FINDINGS_PAYBACK_MONTHS, 9, 0, FALSE, 0 },
  { "half-month-rounds-up", 1700, 2400, 0, FINDINGS_PAYBACK_MONTHS, 9, 0, FALSE, 0 },
  { "under-half-month-rounds-down", 84900, 120000, 0, FINDINGS_PAYBACK_MONTHS, 8, 0, FALSE, 0 },
  { "less-than-a-month", 1, 1000000, 0, FINDINGS_PAYBACK_MONTHS, 0, 0, FALSE, 0 },
  { "23.4-months", 1950, 1000, 0, FINDINGS_PAYBACK_MONTHS, 23, 0, FALSE, 0 },
  /* Under two years exactly, so still counted in months. */
  { "23.5-months", 2350, 1200, 0, FINDINGS_PAYBACK_MONTHS, 24, 0, FALSE, 0 },
  { "exactly-two-years", 2000, 1000, 0, FINDINGS_PAYBACK_HALF_YEARS, 0, 4, FALSE, 0 },
  { "2.2-years", 2200, 1000, 0, FINDINGS_PAYBACK_HALF_YEARS, 0, 4, FALSE, 0 },
  { "2.25-years-rounds-up", 2250, 1000, 0, FINDINGS_PAYBACK_HALF_YEARS, 0, 5, FALSE, 0 },
  { "2.3-years", 2300, 1000, 0, FINDINGS_PAYBACK_HALF_YEARS, 0, 5, FALSE, 0 },
  { "beyond-life", 1450000, 100000, 10, FINDINGS_PAYBACK_BEYOND_LIFE, 0, 0, TRUE, -450000 },
  { "exactly-at-life", 1000000, 100000, 10, FINDINGS_PAYBACK_HALF_YEARS, 0, 20, TRUE, 0 },
  { "api-example", 1450000, 210000, 20, FINDINGS_PAYBACK_HALF_YEARS, 0, 14, TRUE, 2750000 },
  { "fractional-life", 10000, 5000, 2.5, FINDINGS_PAYBACK_HALF_YEARS, 0, 4, TRUE, 2500 },
  { "fractional-life-rounds", 100, 333, 2.5, FINDINGS_PAYBACK_MONTHS, 4, 0, TRUE, 733 },
  { "short-life", 1000, 1000, 0.5, FINDINGS_PAYBACK_BEYOND_LIFE, 0, 0, TRUE, -500 },
  { "huge-price-unknown-life", G_GINT64_CONSTANT (100000000000), 1, 0,
    FINDINGS_PAYBACK_HALF_YEARS, 0, G_GINT64_CONSTANT (200000000000), FALSE, 0 },
  { "huge-price-known-life", G_GINT64_CONSTANT (100000000000), 1, 100,
    FINDINGS_PAYBACK_BEYOND_LIFE, 0, 0, TRUE, G_GINT64_CONSTANT (-99999999900) },
  { "largest-amounts", G_GINT64_CONSTANT (100000000000), G_GINT64_CONSTANT (100000000000), 100,
    FINDINGS_PAYBACK_MONTHS, 12, 0, TRUE, G_GINT64_CONSTANT (9900000000000) },
};

static void
test_compute (gconstpointer data)
{
  const ComputeCase *c = data;
  FindingsPayback payback;

  findings_payback_compute (c->price, c->savings, c->life, &payback);

  g_assert_cmpint (payback.kind, ==, c->kind);
  g_assert_cmpint (payback.months, ==, c->months);
  g_assert_cmpint (payback.half_years, ==, c->half_years);
  g_assert_cmpint (payback.has_net, ==, c->has_net);
  if (c->has_net)
    g_assert_cmpint (payback.net_lifetime, ==, c->net);
}

static void
test_unknown_life_never_beyond (void)
{
  FindingsPayback payback;

  /* A thousand years of payback, but nobody said how long the unit lasts. */
  findings_payback_compute (1000000, 1000, 0, &payback);
  g_assert_cmpint (payback.kind, ==, FINDINGS_PAYBACK_HALF_YEARS);
  g_assert_cmpint (payback.half_years, ==, 2000);
  g_assert_false (payback.has_net);
}

typedef struct
{
  const char *name;
  gint64      price;
  gint64      savings;
  double      life;
  const char *text;
} DescribeCase;

static const DescribeCase describe_cases[] = {
  { "immediate", 0, 1000, 10, "Pays for itself right away" },
  { "less-than-a-month", 1, 1000000, 0, "Pays for itself in less than a month" },
  { "one-month", 100, 1200, 0, "Pays for itself in about 1 month" },
  { "nine-months", 90000, 120000, 0, "Pays for itself in about 9 months" },
  { "two-years", 2000, 1000, 0, "Pays for itself in about 2 years" },
  { "two-and-a-half-years", 2300, 1000, 0, "Pays for itself in about 2 and a half years" },
  { "seven-years", 1450000, 210000, 20, "Pays for itself in about 7 years" },
  { "beyond-life", 1450000, 100000, 10, "Does not pay for itself within its expected life" },
  { "huge", G_GINT64_CONSTANT (100000000000), 1, 0,
    "Pays for itself in about 100000000000 years" },
};

static void
test_describe (gconstpointer data)
{
  const DescribeCase *c = data;
  FindingsPayback payback;
  g_autofree char *text = NULL;

  findings_payback_compute (c->price, c->savings, c->life, &payback);
  text = findings_payback_describe (&payback);

  g_assert_cmpstr (text, ==, c->text);
}

static void
test_describe_none (void)
{
  FindingsPayback payback;

  findings_payback_compute (480000, -1, 15, &payback);
  g_assert_null (findings_payback_describe (&payback));

  findings_payback_compute (480000, 0, 15, &payback);
  g_assert_null (findings_payback_describe (&payback));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (compute_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/payback/compute/%s", compute_cases[i].name);

      g_test_add_data_func (path, &compute_cases[i], test_compute);
    }

  for (guint i = 0; i < G_N_ELEMENTS (describe_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/payback/describe/%s", describe_cases[i].name);

      g_test_add_data_func (path, &describe_cases[i], test_describe);
    }

  g_test_add_func ("/payback/unknown-life-never-beyond", test_unknown_life_never_beyond);
  g_test_add_func ("/payback/describe/none", test_describe_none);

  return g_test_run ();
}
