/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-payback"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "findings-money.h"
#include "findings-payback.h"

/* Beyond this the product no longer fits a gint64 with room to subtract. */
#define LIFETIME_LIMIT 9.0e18L

static gboolean
lifetime_savings (gint64  annual_savings,
                  double  expected_life_years,
                  gint64 *out)
{
  /* The operands are exact in a long double; only the product is rounded. */
  long double product = (long double) annual_savings * expected_life_years;

  if (product >= LIFETIME_LIMIT)
    return FALSE;

  *out = (gint64) roundl (product);
  return TRUE;
}

/**
 * findings_payback_compute:
 * @price: the option's price in minor units, 0 to %FINDINGS_MONEY_MAX
 * @annual_savings: savings a year in minor units, or -1 when not stated
 * @expected_life_years: the expected life, or 0 when not known
 * @out: (out caller-allocates): the figures the kiosk shows
 *
 * Derives the simple payback and the net lifetime savings of an option. All
 * rounding is half up, in integers, so that the kiosk and the office agree.
 */
void
findings_payback_compute (gint64           price,
                          gint64           annual_savings,
                          double           expected_life_years,
                          FindingsPayback *out)
{
  gboolean life_known;

  g_return_if_fail (out != NULL);

  *out = (FindingsPayback) { .kind = FINDINGS_PAYBACK_NONE };

  g_return_if_fail (price >= 0 && price <= FINDINGS_MONEY_MAX);
  g_return_if_fail (annual_savings <= FINDINGS_MONEY_MAX);

  if (annual_savings <= 0)
    return;

  life_known = isfinite (expected_life_years) && expected_life_years > 0;

  if (life_known && lifetime_savings (annual_savings, expected_life_years, &out->net_lifetime))
    {
      out->net_lifetime -= price;
      out->has_net = TRUE;
    }

  if (price == 0)
    {
      out->kind = FINDINGS_PAYBACK_IMMEDIATE;
    }
  else if (life_known &&
           (long double) price > (long double) annual_savings * expected_life_years)
    {
      out->kind = FINDINGS_PAYBACK_BEYOND_LIFE;
    }
  else if (price < 2 * annual_savings)
    {
      /* round (12 p / s) = floor ((24 p + s) / 2 s) */
      out->kind = FINDINGS_PAYBACK_MONTHS;
      out->months = (24 * price + annual_savings) / (2 * annual_savings);
    }
  else
    {
      /* round (2 p / s) = floor ((4 p + s) / 2 s) */
      out->kind = FINDINGS_PAYBACK_HALF_YEARS;
      out->half_years = (4 * price + annual_savings) / (2 * annual_savings);
    }
}

static char *
describe_half_years (gint64 half_years)
{
  gint64 years = half_years / 2;
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, years);

  /* The number is passed as text: with no expected life, a tiny saving can
   * give a payback of more years than an int holds. */
  if (half_years % 2 == 0)
    return g_strdup_printf (g_dngettext (NULL,
                                         "Pays for itself in about %s year",
                                         "Pays for itself in about %s years",
                                         (gulong) years),
                            number);

  return g_strdup_printf (g_dngettext (NULL,
                                       "Pays for itself in about %s and a half year",
                                       "Pays for itself in about %s and a half years",
                                       (gulong) years),
                          number);
}

/**
 * findings_payback_describe:
 * @payback: figures from findings_payback_compute()
 *
 * Returns: (transfer full) (nullable): a sentence for the customer, or %NULL
 *   when nothing about payback should be shown
 */
char *
findings_payback_describe (const FindingsPayback *payback)
{
  g_return_val_if_fail (payback != NULL, NULL);

  switch (payback->kind)
    {
    case FINDINGS_PAYBACK_NONE:
      return NULL;

    case FINDINGS_PAYBACK_IMMEDIATE:
      return g_strdup (_("Pays for itself right away"));

    case FINDINGS_PAYBACK_MONTHS:
      if (payback->months == 0)
        return g_strdup (_("Pays for itself in less than a month"));
      return g_strdup_printf (g_dngettext (NULL,
                                           "Pays for itself in about %d month",
                                           "Pays for itself in about %d months",
                                           (gulong) payback->months),
                              (int) payback->months);

    case FINDINGS_PAYBACK_HALF_YEARS:
      return describe_half_years (payback->half_years);

    case FINDINGS_PAYBACK_BEYOND_LIFE:
      return g_strdup (_("Does not pay for itself within its expected life"));

    default:
      g_return_val_if_reached (NULL);
    }
}
