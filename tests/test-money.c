/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include "findings-money.h"

#define NBSP "\xc2\xa0"

typedef struct
{
  gint64      minor;
  const char *currency;
  const char *expected;
} MoneyCase;

static void
check_cases (const MoneyCase *cases,
             gsize            n_cases,
             gboolean         whole)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *text = NULL;

      if (whole)
        text = findings_money_format_whole (cases[i].minor, cases[i].currency);
      else
        text = findings_money_format (cases[i].minor, cases[i].currency);

      g_test_message ("%" G_GINT64_FORMAT " %s", cases[i].minor, cases[i].currency);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

/* Switches locale, returning the one to restore, or skips the test when the
 * locale is not installed. */
static char *
use_locale (const char *name)
{
  g_autofree char *previous = g_strdup (setlocale (LC_ALL, NULL));

  if (setlocale (LC_ALL, name) == NULL)
    {
      g_autofree char *reason = g_strdup_printf ("The %s locale is not installed "
                                                 "(localedef can generate it)", name);

      g_test_skip (reason);
      return NULL;
    }

  return g_steal_pointer (&previous);
}

static void
test_digits (void)
{
  g_assert_cmpuint (findings_currency_get_digits ("CAD"), ==, 2);
  g_assert_cmpuint (findings_currency_get_digits ("EUR"), ==, 2);
  g_assert_cmpuint (findings_currency_get_digits ("XYZ"), ==, 2);
  g_assert_cmpuint (findings_currency_get_digits ("JPY"), ==, 0);
  g_assert_cmpuint (findings_currency_get_digits ("KRW"), ==, 0);
  g_assert_cmpuint (findings_currency_get_digits ("ISK"), ==, 0);
  g_assert_cmpuint (findings_currency_get_digits ("CLP"), ==, 0);
  g_assert_cmpuint (findings_currency_get_digits ("VND"), ==, 0);
  g_assert_cmpuint (findings_currency_get_digits ("KWD"), ==, 3);
  g_assert_cmpuint (findings_currency_get_digits ("BHD"), ==, 3);
  g_assert_cmpuint (findings_currency_get_digits ("TND"), ==, 3);
}

static void
test_is_valid (void)
{
  g_assert_true (findings_currency_is_valid ("CAD"));
  g_assert_true (findings_currency_is_valid ("XYZ"));
  g_assert_false (findings_currency_is_valid (NULL));
  g_assert_false (findings_currency_is_valid (""));
  g_assert_false (findings_currency_is_valid ("CA"));
  g_assert_false (findings_currency_is_valid ("CADX"));
  g_assert_false (findings_currency_is_valid ("cad"));
  g_assert_false (findings_currency_is_valid ("C4D"));
  g_assert_false (findings_currency_is_valid ("ÉUR"));
}

static void
test_c_locale (void)
{
  static const MoneyCase cases[] = {
    { 480000, "CAD", "$4,800.00" },
    { 0, "CAD", "$0.00" },
    { 1, "CAD", "$0.01" },
    { 99, "USD", "$0.99" },
    { 99999, "USD", "$999.99" },
    { 100000, "USD", "$1,000.00" },
    { G_GINT64_CONSTANT (100000000000), "USD", "$1,000,000,000.00" },
    { -480000, "CAD", "-$4,800.00" },
    { 100, "EUR", "€1.00" },
    { 123456, "GBP", "£1,234.56" },
    { 150, "CHF", "CHF" NBSP "1.50" },
    { 480000, "JPY", "¥480,000" },
    { 1234567, "KWD", "KWD" NBSP "1,234.567" },
    { 5, "KWD", "KWD" NBSP "0.005" },
    { 480000, "XYZ", "XYZ" NBSP "4,800.00" },
    { G_MAXINT64, "USD", "$92,233,720,368,547,758.07" },
    { G_MININT64, "USD", "-$92,233,720,368,547,758.08" },
  };

  check_cases (cases, G_N_ELEMENTS (cases), FALSE);
}

static void
test_c_locale_whole (void)
{
  static const MoneyCase cases[] = {
    { 480000, "CAD", "$4,800" },
    { 480050, "CAD", "$4,800.50" },
    { 0, "CAD", "$0" },
    { 1, "CAD", "$0.01" },
    { -100, "USD", "-$1" },
    { 5000, "JPY", "¥5,000" },
    { 1000, "KWD", "KWD" NBSP "1" },
  };

  check_cases (cases, G_N_ELEMENTS (cases), TRUE);
}

static void
test_en_us (void)
{
  static const MoneyCase cases[] = {
    { 480000, "USD", "$4,800.00" },
    { -480000, "USD", "-$4,800.00" },
    { 480000, "CAD", "CAD" NBSP "4,800.00" },
    { 480000, "JPY", "JPY" NBSP "480,000" },
  };
  static const MoneyCase whole_cases[] = {
    { 480000, "USD", "$4,800" },
    { 480000, "CAD", "CAD" NBSP "4,800" },
  };
  g_autofree char *previous = use_locale ("en_US.UTF-8");

  if (previous == NULL)
    return;

  check_cases (cases, G_N_ELEMENTS (cases), FALSE);
  check_cases (whole_cases, G_N_ELEMENTS (whole_cases), TRUE);
  setlocale (LC_ALL, previous);
}

static void
test_en_ca (void)
{
  static const MoneyCase cases[] = {
    { 480000, "CAD", "$4,800.00" },
    { 1, "CAD", "$0.01" },
    { 480000, "USD", "USD" NBSP "4,800.00" },
  };
  g_autofree char *previous = use_locale ("en_CA.UTF-8");

  if (previous == NULL)
    return;

  check_cases (cases, G_N_ELEMENTS (cases), FALSE);
  setlocale (LC_ALL, previous);
}

static void
test_fr_fr (void)
{
  g_autofree char *previous = use_locale ("fr_FR.UTF-8");
  g_autofree char *eur = NULL;
  g_autofree char *cad = NULL;
  g_autofree char *billion = NULL;
  g_autofree char *negative = NULL;
  g_autofree char *whole = NULL;
  const char *sep;

  if (previous == NULL)
    return;

  /* glibc releases disagree on the group separator (U+202F or U+00A0), so
   * take it from the locale; the rest is fixed. */
  sep = localeconv ()->mon_thousands_sep;
  g_assert_cmpstr (sep, !=, "");
  g_assert_cmpstr (sep, !=, ",");

  eur = g_strdup_printf ("4%s800,00" NBSP "€", sep);
  cad = g_strdup_printf ("4%s800,00" NBSP "CAD", sep);
  billion = g_strdup_printf ("1%s000%s000%s000,00" NBSP "€", sep, sep, sep);
  negative = g_strdup_printf ("-4%s800,00" NBSP "€", sep);
  whole = g_strdup_printf ("4%s800" NBSP "€", sep);

  {
    const MoneyCase cases[] = {
      { 480000, "EUR", eur },
      { 480000, "CAD", cad },
      { G_GINT64_CONSTANT (100000000000), "EUR", billion },
      { -480000, "EUR", negative },
      { 1, "EUR", "0,01" NBSP "€" },
    };
    const MoneyCase whole_cases[] = {
      { 480000, "EUR", whole },
    };

    check_cases (cases, G_N_ELEMENTS (cases), FALSE);
    check_cases (whole_cases, G_N_ELEMENTS (whole_cases), TRUE);
  }

  setlocale (LC_ALL, previous);
}

static void
test_locale_read_each_call (void)
{
  g_autofree char *previous = use_locale ("en_CA.UTF-8");
  g_autofree char *in_canada = NULL;
  g_autofree char *in_c = NULL;

  if (previous == NULL)
    return;

  in_canada = findings_money_format (480000, "USD");
  setlocale (LC_ALL, "C.UTF-8");
  in_c = findings_money_format (480000, "USD");
  setlocale (LC_ALL, previous);

  g_assert_cmpstr (in_canada, ==, "USD" NBSP "4,800.00");
  g_assert_cmpstr (in_c, ==, "$4,800.00");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/digits", test_digits);
  g_test_add_func ("/money/is-valid", test_is_valid);
  g_test_add_func ("/money/c-locale", test_c_locale);
  g_test_add_func ("/money/c-locale/whole", test_c_locale_whole);
  g_test_add_func ("/money/locale/en-US", test_en_us);
  g_test_add_func ("/money/locale/en-CA", test_en_ca);
  g_test_add_func ("/money/locale/fr-FR", test_fr_fr);
  g_test_add_func ("/money/locale/read-each-call", test_locale_read_each_call);

  return g_test_run ();
}
