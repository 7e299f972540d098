/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-format"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "findings-enums.h"
#include "findings-format.h"
#include "findings-money.h"
#include "findings-payback.h"
#include "findings-protocol.h"
#include "findings-visit.h"

static char *
format_in_zone (GDateTime  *date_time,
                const char *time_zone,
                const char *format)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (date_time != NULL, NULL);

  tz = findings_protocol_new_time_zone (time_zone);
  local = g_date_time_to_timezone (date_time, tz);

  return g_date_time_format (local, format);
}

/* Visit dates are shown on the site's calendar: a visit that ended at 8 pm in
 * Vancouver happened that day, not the next one in UTC. */
char *
findings_format_date (GDateTime  *date_time,
                      const char *time_zone)
{
  /* Translators: a full date, see g_date_time_format() */
  return format_in_zone (date_time, time_zone, _("%A %-d %B %Y"));
}

char *
findings_format_date_short (GDateTime  *date_time,
                            const char *time_zone)
{
  /* Translators: a short date, see g_date_time_format() */
  return format_in_zone (date_time, time_zone, _("%-d %b %Y"));
}

char *
findings_format_calendar_date (const char *iso_date)
{
  g_autoptr(GDateTime) dt = NULL;
  int year, month, day;

  if (iso_date == NULL || sscanf (iso_date, "%4d-%2d-%2d", &year, &month, &day) != 3)
    return NULL;

  dt = g_date_time_new_utc (year, month, day, 12, 0, 0);
  if (dt == NULL)
    return NULL;

  /* Translators: a calendar date such as a quote's last day, see g_date_time_format() */
  return g_date_time_format (dt, _("%A %-d %B %Y"));
}

static char *
format_decimal (double value)
{
  /* Whole numbers without a fraction, otherwise one decimal in the locale's style. */
  if (fabs (value - round (value)) < 0.05)
    return g_strdup_printf ("%.0f", round (value));

  return g_strdup_printf ("%.1f", value);
}

char *
findings_format_duration_hours (double hours)
{
  g_autofree char *number = NULL;

  if (hours < 0)
    return NULL;

  if (hours == 0)
    return g_strdup (_("Less than an hour of work"));

  number = format_decimal (hours);
  /* Translators: %s is a number of hours, maybe with a fraction ("2.5") */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "About %s hour of work",
                                       "About %s hours of work",
                                       hours <= 1.0 ? 1 : 2),
                          number);
}

char *
findings_format_life_years (double years)
{
  g_autofree char *number = NULL;

  if (years <= 0)
    return NULL;

  number = format_decimal (years);
  /* Translators: %s is a number of years, maybe with a fraction ("2.5") */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Expected to last about %s year",
                                       "Expected to last about %s years",
                                       years <= 1.0 ? 1 : 2),
                          number);
}

char *
findings_format_follow_up (FindingsFollowUp *follow_up,
                           GDateTime        *now)
{
  const char *owner;
  g_autofree char *due = NULL;
  GString *text;

  g_return_val_if_fail (FINDINGS_IS_FOLLOW_UP (follow_up), NULL);

  owner = findings_follow_up_get_owner (follow_up);
  due = findings_format_calendar_date (findings_follow_up_get_due_by (follow_up));
  text = g_string_new (NULL);

  /* An overdue promise is said plainly, once, and replaces the usual wording. */
  if (now != NULL && findings_follow_up_is_overdue (follow_up, now))
    {
      if (owner != NULL && due != NULL)
        /* Translators: first %s is a person or team, second a date */
        g_string_append_printf (text, _("Overdue: %s promised to be in touch by %s and has not "
                                        "been yet."), owner, due);
      else if (due != NULL)
        /* Translators: %s is a date */
        g_string_append_printf (text, _("Overdue: the office promised to be in touch by %s "
                                        "and has not been yet."), due);
      else
        g_string_append (text, _("Overdue: the office has not been in touch yet."));

      return g_string_free (text, FALSE);
    }

  switch (findings_follow_up_get_state (follow_up))
    {
    case FINDINGS_FOLLOW_UP_STATE_REQUESTED:
      if (owner != NULL && due != NULL)
        /* Translators: first %s is a person, second a date */
        g_string_append_printf (text, _("%s will call you by %s."), owner, due);
      else if (due != NULL)
        g_string_append_printf (text, _("The office will call you by %s."), due);
      else
        g_string_append (text, _("The office will call you."));
      break;

    case FINDINGS_FOLLOW_UP_STATE_CONTACTED:
      if (owner != NULL)
        g_string_append_printf (text, _("%s has been in touch."), owner);
      else
        g_string_append (text, _("The office has been in touch."));
      break;

    case FINDINGS_FOLLOW_UP_STATE_SCHEDULED:
      if (due != NULL)
        g_string_append_printf (text, _("The work is scheduled for %s."), due);
      else
        g_string_append (text, _("The work is scheduled."));
      break;

    case FINDINGS_FOLLOW_UP_STATE_DONE:
      g_string_append (text, _("The office has closed this follow-up."));
      break;

    default:
      g_assert_not_reached ();
    }

  return g_string_free (text, FALSE);
}

/**
 * findings_format_amount_with_tax:
 *
 * Returns: (transfer full): @amount with whether tax is on top, said with every price
 *   before anyone agrees to it ("$1,200.00 plus tax")
 */
char *
findings_format_amount_with_tax (gint64       amount,
                                 const char  *currency,
                                 FindingsTax  tax)
{
  g_autofree char *money = findings_money_format (amount, currency);

  switch (tax)
    {
    case FINDINGS_TAX_INCLUDED:
      /* Translators: %s is an amount of money */
      return g_strdup_printf (_("%s, tax included"), money);
    case FINDINGS_TAX_EXCLUDED:
      return g_strdup_printf (_("%s plus tax"), money);
    case FINDINGS_TAX_UNSTATED:
      return g_strdup_printf (_("%s (ask whether tax is included)"), money);
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
findings_format_option_price (FindingsOption *option,
                              const char     *currency)
{
  gint64 price;

  g_return_val_if_fail (FINDINGS_IS_OPTION (option), NULL);

  price = findings_option_get_price (option);
  if (price == 0)
    return g_strdup (_("No charge"));

  return findings_format_amount_with_tax (price, currency, findings_option_get_tax (option));
}

/**
 * findings_format_option_tax:
 *
 * Returns: (nullable): the tax line under an option's price; %NULL for no charge
 */
const char *
findings_format_option_tax (FindingsOption *option)
{
  g_return_val_if_fail (FINDINGS_IS_OPTION (option), NULL);

  if (findings_option_get_price (option) == 0)
    return NULL;

  switch (findings_option_get_tax (option))
    {
    case FINDINGS_TAX_INCLUDED: return _("Tax included");
    case FINDINGS_TAX_EXCLUDED: return _("Plus tax");
    case FINDINGS_TAX_UNSTATED: return _("The quote does not say whether tax is included");
    default:                    g_return_val_if_reached (NULL);
    }
}

/**
 * findings_format_option_savings:
 * @basis: (out) (optional) (transfer full): how the savings were estimated, or %NULL
 *
 * Returns: (transfer full) (nullable): what the option saves each year, or %NULL
 */
char *
findings_format_option_savings (FindingsOption  *option,
                                const char      *currency,
                                char           **basis)
{
  g_autofree char *amount = NULL;

  g_return_val_if_fail (FINDINGS_IS_OPTION (option), NULL);

  if (basis != NULL)
    *basis = NULL;

  if (!findings_option_has_savings (option))
    return NULL;

  if (basis != NULL && findings_option_get_savings_basis (option) != NULL)
    /* Translators: %s explains how the savings were estimated */
    *basis = g_strdup_printf (_("Estimate based on: %s"),
                              findings_option_get_savings_basis (option));

  amount = findings_money_format (findings_option_get_annual_savings (option), currency);
  /* Translators: %s is an amount of money */
  return g_strdup_printf (_("Saves about %s a year"), amount);
}

/**
 * findings_format_option_payback:
 * @net: (out) (optional) (transfer full): what it saves or costs over its life, or %NULL
 * @beyond_life: (out) (optional): whether it does not pay for itself in its life
 *
 * Returns: (transfer full) (nullable): how soon the option pays for itself, or %NULL
 */
char *
findings_format_option_payback (FindingsOption  *option,
                                const char      *currency,
                                char           **net,
                                gboolean        *beyond_life)
{
  FindingsPayback payback;

  g_return_val_if_fail (FINDINGS_IS_OPTION (option), NULL);

  findings_payback_compute (findings_option_get_price (option),
                            findings_option_get_annual_savings (option),
                            findings_option_get_expected_life_years (option), &payback);

  if (beyond_life != NULL)
    *beyond_life = payback.kind == FINDINGS_PAYBACK_BEYOND_LIFE;

  if (net != NULL)
    {
      *net = NULL;
      if (payback.has_net && payback.net_lifetime >= 0)
        {
          g_autofree char *amount = findings_money_format (payback.net_lifetime, currency);

          *net = g_strdup_printf (_("Over its expected life it saves %s more than it costs"),
                                  amount);
        }
      else if (payback.has_net)
        {
          g_autofree char *amount = findings_money_format (-payback.net_lifetime, currency);

          *net = g_strdup_printf (_("Over its expected life it costs %s more than it saves"),
                                  amount);
        }
    }

  return findings_payback_describe (&payback);
}

/**
 * findings_format_quote_validity:
 * @recommendation: a recommendation with a quote
 * @status: where the recommendation stands, as the caller shows it (a decision taken on
 *   this device may not have reached the recommendation yet)
 * @now: the time to judge the quote's end by
 *
 * How long the quote holds, in the words the recommendation page and the printed
 * report both use: no end date, valid until, expired (with a way to a fresh price
 * while the customer has not decided), or was valid until (once decided).
 *
 * Returns: (transfer full): the sentence
 */
char *
findings_format_quote_validity (FindingsRecommendation *recommendation,
                                FindingsStatus          status,
                                GDateTime              *now)
{
  const char *valid_until = findings_recommendation_get_quote_valid_until (recommendation);
  g_autofree char *date = findings_format_calendar_date (valid_until);
  gboolean expired = findings_recommendation_is_quote_expired (recommendation, now);

  if (date == NULL)
    return g_strdup (_("This quote has no end date. Ask the office to confirm the price "
                       "before the work is booked."));
  if (expired && !findings_status_is_undecided (status))
    /* Translators: %s is a date */
    return g_strdup_printf (_("This quote was valid until %s."), date);
  if (expired)
    /* Translators: %s is a date */
    return g_strdup_printf (_("This quote expired on %s. The office can give you a "
                              "fresh price: ask for a call."), date);

  /* Translators: %s is a date */
  return g_strdup_printf (_("Prices are valid until %s."), date);
}

char *
findings_format_price_summary (FindingsRecommendation *recommendation)
{
  g_autoptr(FindingsVisit) visit = NULL;
  GListModel *options;
  FindingsOption *lowest;
  guint n;
  g_autofree char *price = NULL;

  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (recommendation), NULL);

  visit = findings_recommendation_dup_visit (recommendation);
  options = findings_recommendation_get_options (recommendation);
  n = g_list_model_get_n_items (options);
  lowest = findings_recommendation_get_lowest_price_option (recommendation);

  if (lowest == NULL)
    return NULL;

  price = findings_format_option_price (lowest,
                                        visit != NULL ? findings_visit_get_currency (visit) : NULL);
  if (n == 1)
    return g_steal_pointer (&price);

  /* Translators: %u is a number of options (at least 2), %s the lowest price */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u options, from %s",
                                       "%u options, from %s", n),
                          n, price);
}
