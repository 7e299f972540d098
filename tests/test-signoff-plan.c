/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-signoff-plan"

#include "config.h"

#include <locale.h>

#include "findings-signoff-plan.h"

/* The sign-off walkthrough's rules without its screens: the order of the steps, what
 * is offered, the totals accepted per currency with their tax, and the decisions
 * that go to the outbox. No display. */

static FindingsRecommendation *
add_rec (FindingsVisit       *visit,
         const char          *id,
         FindingsUrgency      urgency,
         FindingsSafetyLevel  safety,
         FindingsStatus       status,
         gint64               price,
         FindingsTax          tax,
         const char          *valid_until)
{
  g_autoptr(FindingsRecommendation) rec = findings_recommendation_new (id);
  g_autoptr(FindingsOption) option = NULL;
  g_autofree char *option_id = g_strconcat ("o-", id, NULL);

  findings_recommendation_set_title (rec, id);
  findings_recommendation_set_urgency (rec, urgency);
  findings_recommendation_set_safety_level (rec, safety);
  findings_recommendation_set_category (rec, FINDINGS_CATEGORY_RELIABILITY);
  findings_recommendation_set_status (rec, status);
  findings_recommendation_set_has_quote (rec, TRUE);
  findings_recommendation_set_quote_valid_until (rec, valid_until);

  option = findings_option_new (option_id);
  findings_option_set_label (option, "Fix it");
  findings_option_set_price (option, price);
  findings_option_set_tax (option, tax);
  findings_recommendation_add_option (rec, option);

  findings_visit_add_recommendation (visit, rec);
  return rec;
}

static FindingsVisit *
new_visit (const char *id,
           const char *currency)
{
  FindingsVisit *visit = findings_visit_new (id);
  g_autoptr(FindingsSite) site = findings_site_new ("s-1");

  findings_site_set_timezone (site, "UTC");
  findings_visit_set_site (visit, site);
  findings_visit_set_currency (visit, currency);

  return visit;
}

static GDateTime *
now (void)
{
  return g_date_time_new_utc (2026, 12, 3, 12, 0, 0);
}

/* r-plan-1 and r-plan-2 tie on everything: document order decides. */
static FindingsSignoffPlan *
new_plan (void)
{
  g_autoptr(FindingsVisit) usd = new_visit ("v-usd", "USD");
  g_autoptr(FindingsVisit) eur = new_visit ("v-eur", "EUR");
  g_autoptr(GDateTime) at = now ();
  FindingsSignoffPlan *plan = findings_signoff_plan_new ();

  add_rec (usd, "r-plan-1", FINDINGS_URGENCY_PLAN, FINDINGS_SAFETY_LEVEL_NONE,
           FINDINGS_STATUS_OPEN, 100000, FINDINGS_TAX_EXCLUDED, "2027-01-31");
  add_rec (usd, "r-caution", FINDINGS_URGENCY_PLAN, FINDINGS_SAFETY_LEVEL_CAUTION,
           FINDINGS_STATUS_OPEN, 50000, FINDINGS_TAX_INCLUDED, "2027-01-31");
  add_rec (usd, "r-immediate", FINDINGS_URGENCY_IMMEDIATE, FINDINGS_SAFETY_LEVEL_NONE,
           FINDINGS_STATUS_OPEN, 2500, FINDINGS_TAX_UNSTATED, "2027-01-31");
  add_rec (usd, "r-plan-2", FINDINGS_URGENCY_PLAN, FINDINGS_SAFETY_LEVEL_NONE,
           FINDINGS_STATUS_OPEN, 7000, FINDINGS_TAX_EXCLUDED, "2027-01-31");
  add_rec (usd, "r-danger", FINDINGS_URGENCY_SOON, FINDINGS_SAFETY_LEVEL_DANGER,
           FINDINGS_STATUS_OPEN, 30000, FINDINGS_TAX_EXCLUDED, "2027-01-31");
  add_rec (usd, "r-accepted", FINDINGS_URGENCY_SOON, FINDINGS_SAFETY_LEVEL_NONE,
           FINDINGS_STATUS_ACCEPTED, 1000, FINDINGS_TAX_EXCLUDED, "2027-01-31");
  add_rec (usd, "r-expired", FINDINGS_URGENCY_SOON, FINDINGS_SAFETY_LEVEL_NONE,
           FINDINGS_STATUS_OPEN, 1000, FINDINGS_TAX_EXCLUDED, "2026-11-30");
  findings_signoff_plan_add_visit (plan, usd, at);

  add_rec (eur, "r-eur", FINDINGS_URGENCY_PLAN, FINDINGS_SAFETY_LEVEL_NONE,
           FINDINGS_STATUS_OPEN, 200000, FINDINGS_TAX_EXCLUDED, "2027-01-31");
  findings_signoff_plan_add_visit (plan, eur, at);

  return plan;
}

static guint
step_of (FindingsSignoffPlan *plan,
         const char          *id)
{
  for (guint i = 0; i < findings_signoff_plan_get_n_steps (plan); i++)
    if (g_strcmp0 (findings_recommendation_get_id (findings_signoff_plan_get_recommendation (plan, i)),
                   id) == 0)
      return i;

  g_assert_not_reached ();
}

static void
test_order (void)
{
  g_autoptr(FindingsSignoffPlan) plan = new_plan ();
  static const char * const expected[] = {
    /* Safety first, the most serious first; then by urgency; ties in document order,
     * the first visit's before the second's. */
    "r-danger", "r-caution", "r-immediate", "r-accepted", "r-expired",
    "r-plan-1", "r-plan-2", "r-eur",
  };

  g_assert_cmpuint (findings_signoff_plan_get_n_steps (plan), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (findings_recommendation_get_id (findings_signoff_plan_get_recommendation (plan, i)),
                     ==, expected[i]);
}

static void
test_offered (void)
{
  g_autoptr(FindingsSignoffPlan) plan = new_plan ();
  guint accepted = step_of (plan, "r-accepted");
  guint expired = step_of (plan, "r-expired");
  g_autofree char *text = NULL;

  /* Already decided: shown as such, never offered again, nothing sent. */
  g_assert_false (findings_signoff_plan_get_decidable (plan, accepted));
  findings_signoff_plan_choose (plan, accepted, FINDINGS_SIGNOFF_CHOICE_DECLINE, NULL);
  g_assert_cmpint (findings_signoff_plan_get_choice (plan, accepted), ==,
                   FINDINGS_SIGNOFF_CHOICE_NONE);
  text = findings_signoff_plan_describe_choice (plan, accepted);
  g_assert_cmpstr (text, ==, "Already decided: Accepted");

  /* An expired quote can be declined or a call asked for, not accepted. */
  g_assert_true (findings_signoff_plan_get_decidable (plan, expired));
  g_assert_false (findings_signoff_plan_can_accept (plan, expired));
  g_assert_true (findings_signoff_plan_can_accept (plan, step_of (plan, "r-plan-1")));
}

static void
choose_accept (FindingsSignoffPlan *plan,
               const char          *id)
{
  g_autofree char *option_id = g_strconcat ("o-", id, NULL);

  findings_signoff_plan_choose (plan, step_of (plan, id), FINDINGS_SIGNOFF_CHOICE_ACCEPT,
                                option_id);
}

static void
test_totals (void)
{
  g_autoptr(FindingsSignoffPlan) plan = new_plan ();
  g_auto(GStrv) none = findings_signoff_plan_describe_totals (plan);
  g_auto(GStrv) totals = NULL;
  g_auto(GStrv) changed = NULL;

  g_assert_cmpuint (g_strv_length (none), ==, 0);

  choose_accept (plan, "r-plan-1");     /* $1,000.00 plus tax */
  choose_accept (plan, "r-caution");    /* $500.00, tax included */
  choose_accept (plan, "r-immediate");  /* $25.00, tax not stated */
  choose_accept (plan, "r-eur");        /* €2,000.00 plus tax */
  findings_signoff_plan_choose (plan, step_of (plan, "r-danger"),
                                FINDINGS_SIGNOFF_CHOICE_DECLINE, NULL);
  findings_signoff_plan_choose (plan, step_of (plan, "r-plan-2"),
                                FINDINGS_SIGNOFF_CHOICE_SKIP, NULL);

  /* One line per currency, in code order; amounts with and without tax are never
   * added up as if alike without saying so. */
  totals = findings_signoff_plan_describe_totals (plan);
  g_assert_cmpuint (g_strv_length (totals), ==, 2);
  g_assert_cmpstr (totals[0], ==, "€2,000.00 plus tax");
  g_assert_cmpstr (totals[1], ==, "$1,525.00 in all: $1,000.00 plus tax; $500.00, tax included; "
                                  "$25.00 (ask whether tax is included)");

  /* Changing one's mind on a screen changes the total. */
  findings_signoff_plan_choose (plan, step_of (plan, "r-caution"),
                                FINDINGS_SIGNOFF_CHOICE_CALL, NULL);
  findings_signoff_plan_choose (plan, step_of (plan, "r-immediate"),
                                FINDINGS_SIGNOFF_CHOICE_SKIP, NULL);
  changed = findings_signoff_plan_describe_totals (plan);
  g_assert_cmpstr (changed[1], ==, "$1,000.00 plus tax");
  g_assert_cmpuint (findings_signoff_plan_count (plan, FINDINGS_SIGNOFF_CHOICE_ACCEPT), ==, 2);
  g_assert_cmpuint (findings_signoff_plan_count (plan, FINDINGS_SIGNOFF_CHOICE_CALL), ==, 1);
}

static void
test_decisions (void)
{
  g_autoptr(FindingsSignoffPlan) plan = new_plan ();
  g_autoptr(GPtrArray) decisions = NULL;
  guint danger = step_of (plan, "r-danger");
  FindingsDecision *d;

  choose_accept (plan, "r-plan-1");
  findings_signoff_plan_choose (plan, danger, FINDINGS_SIGNOFF_CHOICE_DECLINE, NULL);
  findings_signoff_plan_set_reason (plan, danger, "  Our own crew will do it  ");
  findings_signoff_plan_choose (plan, step_of (plan, "r-expired"),
                                FINDINGS_SIGNOFF_CHOICE_CALL, NULL);
  findings_signoff_plan_choose (plan, step_of (plan, "r-plan-2"),
                                FINDINGS_SIGNOFF_CHOICE_SKIP, NULL);

  decisions = findings_signoff_plan_build_decisions (plan, "Ana Ruiz", "Owner",
                                                     "M 1 1 L 9 9", "+1 416 555 0100");
  /* Walkthrough order; nothing for the skipped, the unreached and the decided. */
  g_assert_cmpuint (decisions->len, ==, 3);

  d = g_ptr_array_index (decisions, 0);
  g_assert_cmpstr (findings_decision_get_recommendation_id (d), ==, "r-danger");
  g_assert_cmpint (findings_decision_get_action (d), ==, FINDINGS_ACTION_DECLINE);
  g_assert_cmpstr (findings_decision_get_reason (d), ==, "Our own crew will do it");

  d = g_ptr_array_index (decisions, 1);
  g_assert_cmpstr (findings_decision_get_recommendation_id (d), ==, "r-expired");
  g_assert_cmpint (findings_decision_get_action (d), ==, FINDINGS_ACTION_REQUEST_CALL);
  g_assert_cmpstr (findings_decision_get_call_phone (d), ==, "+1 416 555 0100");

  d = g_ptr_array_index (decisions, 2);
  g_assert_cmpstr (findings_decision_get_recommendation_id (d), ==, "r-plan-1");
  g_assert_cmpstr (findings_decision_get_visit_id (d), ==, "v-usd");
  g_assert_cmpint (findings_decision_get_action (d), ==, FINDINGS_ACTION_ACCEPT);
  g_assert_cmpstr (findings_decision_get_option_id (d), ==, "o-r-plan-1");

  /* One name and one signature for the whole sign-off; a fresh id for each. */
  for (guint i = 0; i < decisions->len; i++)
    {
      d = g_ptr_array_index (decisions, i);
      g_assert_cmpstr (findings_decision_get_decided_by_name (d), ==, "Ana Ruiz");
      g_assert_cmpstr (findings_decision_get_signature_format (d), ==, "svg-path");
      g_assert_cmpstr (findings_decision_get_signature_data (d), ==, "M 1 1 L 9 9");
      if (i > 0)
        g_assert_cmpstr (findings_decision_get_id (d), !=,
                         findings_decision_get_id (g_ptr_array_index (decisions, i - 1)));
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/signoff-plan/order", test_order);
  g_test_add_func ("/signoff-plan/offered", test_offered);
  g_test_add_func ("/signoff-plan/totals", test_totals);
  g_test_add_func ("/signoff-plan/decisions", test_decisions);

  return g_test_run ();
}
