/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-money"

#include "config.h"

#include <limits.h>
#include <locale.h>
#include <string.h>

#include "findings-money.h"

#define NBSP "\xc2\xa0"

/* How one amount is written: read from the locale at each call, because the
 * locale can change while the app runs. */
typedef struct
{
  const char *decimal_point;
  const char *thousands_sep;
  const char *grouping;
  const char *symbol;
  gboolean    precedes;
  gboolean    space;
} Convention;

static const char * const zero_digit_currencies[] = {
  "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG",
  "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
};

static const char * const three_digit_currencies[] = {
  "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND",
};

static const char * const four_digit_currencies[] = { "CLF", "UYW" };

/* Used only when the locale has no monetary conventions (C, POSIX). */
static const struct
{
  const char *code;
  const char *symbol;
} known_symbols[] = {
  { "AUD", "$" },
  { "CAD", "$" },
  { "CHF", "CHF" NBSP },
  { "EUR", "€" },
  { "GBP", "£" },
  { "INR", "₹" },
  { "JPY", "¥" },
  { "KRW", "₩" },
  { "NZD", "$" },
  { "USD", "$" },
};

static gboolean
in_list (const char * const *list,
         gsize               n_items,
         const char         *code)
{
  for (gsize i = 0; i < n_items; i++)
    {
      if (strcmp (list[i], code) == 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * findings_currency_get_digits:
 * @currency: an ISO 4217 code
 *
 * Returns: the number of minor-unit digits of @currency (2 unless known otherwise)
 */
guint
findings_currency_get_digits (const char *currency)
{
  g_return_val_if_fail (currency != NULL, 2);

  if (in_list (zero_digit_currencies, G_N_ELEMENTS (zero_digit_currencies), currency))
    return 0;
  if (in_list (three_digit_currencies, G_N_ELEMENTS (three_digit_currencies), currency))
    return 3;
  if (in_list (four_digit_currencies, G_N_ELEMENTS (four_digit_currencies), currency))
    return 4;

  return 2;
}

/**
 * findings_currency_is_valid:
 * @code: (nullable): a string
 *
 * Returns: whether @code has the shape of an ISO 4217 code: three ASCII capitals
 */
gboolean
findings_currency_is_valid (const char *code)
{
  if (code == NULL)
    return FALSE;

  for (guint i = 0; i < 3; i++)
    {
      if (!g_ascii_isupper (code[i]))
        return FALSE;
    }

  return code[3] == '\0';
}

static const char *
lookup_known_symbol (const char *currency)
{
  for (gsize i = 0; i < G_N_ELEMENTS (known_symbols); i++)
    {
      if (strcmp (known_symbols[i].code, currency) == 0)
        return known_symbols[i].symbol;
    }

  return NULL;
}

static gboolean
is_locale_currency (const struct lconv *lc,
                    const char         *currency)
{
  /* int_curr_symbol is the code followed by a separator, such as "USD ". */
  return lc->int_curr_symbol != NULL &&
         strncmp (lc->int_curr_symbol, currency, 3) == 0 &&
         strlen (lc->int_curr_symbol) >= 3;
}

static void
get_convention (const char *currency,
                gboolean    negative,
                Convention *conv)
{
  const struct lconv *lc = localeconv ();
  char precedes;

  if (lc->mon_decimal_point == NULL || lc->mon_decimal_point[0] == '\0')
    {
      const char *symbol = lookup_known_symbol (currency);

      conv->decimal_point = ".";
      conv->thousands_sep = ",";
      conv->grouping = "\3";
      conv->symbol = symbol != NULL ? symbol : currency;
      conv->precedes = TRUE;
      conv->space = symbol == NULL;
      return;
    }

  conv->decimal_point = lc->mon_decimal_point;
  conv->thousands_sep = lc->mon_thousands_sep != NULL ? lc->mon_thousands_sep : "";
  conv->grouping = lc->mon_grouping != NULL ? lc->mon_grouping : "";

  precedes = negative ? lc->n_cs_precedes : lc->p_cs_precedes;
  conv->precedes = precedes != 0;

  if (is_locale_currency (lc, currency))
    {
      char sep_by_space = negative ? lc->n_sep_by_space : lc->p_sep_by_space;

      conv->symbol = lc->currency_symbol;
      conv->space = sep_by_space == 1;
    }
  else
    {
      /* Someone else's symbol could mislead ("$" for Canadian dollars in the
       * US): name the currency. */
      conv->symbol = currency;
      conv->space = TRUE;
    }
}

static void
append_grouped (GString    *out,
                const char *digits,
                const char *grouping,
                const char *separator)
{
  gsize sizes[32];
  guint n_sizes = 0;
  gsize left = strlen (digits);
  const char *g = grouping;
  int size = -1;
  gboolean reading = TRUE;
  gsize pos = 0;

  /* Group sizes from the right, as localeconv(3) describes them: 0 (or the
   * end) repeats the previous size, CHAR_MAX stops grouping. */
  while (left > 0 && n_sizes < G_N_ELEMENTS (sizes) - 1)
    {
      if (reading)
        {
          if (*g == '\0')
            reading = FALSE;
          else if (*g == CHAR_MAX || *g < 0)
            {
              size = -1;
              reading = FALSE;
            }
          else
            size = *g++;
        }

      if (size <= 0 || (gsize) size >= left)
        break;

      sizes[n_sizes++] = (gsize) size;
      left -= (gsize) size;
    }
  sizes[n_sizes++] = left;

  for (guint i = n_sizes; i > 0; i--)
    {
      g_string_append_len (out, digits + pos, (gssize) sizes[i - 1]);
      pos += sizes[i - 1];
      if (i > 1)
        g_string_append (out, separator);
    }
}

static char *
format_money (gint64      minor,
              const char *currency,
              gboolean    keep_zero_fraction)
{
  guint digits = findings_currency_get_digits (currency);
  guint64 divisor = 1;
  guint64 magnitude;
  guint64 fraction;
  char whole[32];
  Convention conv;
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < digits; i++)
    divisor *= 10;

  /* -G_MININT64 does not fit in a gint64. */
  magnitude = minor < 0 ? (guint64) (-(minor + 1)) + 1 : (guint64) minor;
  fraction = magnitude % divisor;
  g_snprintf (whole, sizeof whole, "%" G_GUINT64_FORMAT, magnitude / divisor);

  get_convention (currency, minor < 0, &conv);

  if (minor < 0)
    g_string_append_c (out, '-');

  if (conv.precedes)
    g_string_append_printf (out, "%s%s", conv.symbol, conv.space ? NBSP : "");

  append_grouped (out, whole, conv.grouping, conv.thousands_sep);

  if (digits > 0 && (fraction != 0 || keep_zero_fraction))
    g_string_append_printf (out, "%s%0*" G_GUINT64_FORMAT,
                            conv.decimal_point, (int) digits, fraction);

  if (!conv.precedes)
    g_string_append_printf (out, "%s%s", conv.space ? NBSP : "", conv.symbol);

  return g_string_free (out, FALSE);
}

/**
 * findings_money_format:
 * @minor: an amount in minor units (cents)
 * @currency: an ISO 4217 code
 *
 * Writes @minor as the current locale writes money ("$4,800.00").
 *
 * Returns: (transfer full): the amount
 */
char *
findings_money_format (gint64      minor,
                       const char *currency)
{
  g_return_val_if_fail (findings_currency_is_valid (currency), NULL);

  return format_money (minor, currency, TRUE);
}

/**
 * findings_money_format_whole:
 * @minor: an amount in minor units (cents)
 * @currency: an ISO 4217 code
 *
 * Like findings_money_format(), but leaves out a zero fraction ("$4,800"),
 * for headlines.
 *
 * Returns: (transfer full): the amount
 */
char *
findings_money_format_whole (gint64      minor,
                             const char *currency)
{
  g_return_val_if_fail (findings_currency_is_valid (currency), NULL);

  return format_money (minor, currency, FALSE);
}
