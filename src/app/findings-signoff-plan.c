/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-signoff-plan"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-format.h"
#include "findings-money.h"
#include "findings-signoff-plan.h"

/* The sign-off walkthrough without its screens: the order of the recommendations
 * (safety first, then urgency, then the visit's own order), what the customer chose
 * on each, the totals accepted per currency with their tax, and the decisions that
 * go to the outbox at the end. The widget (findings-signoff.c) only shows it. */

typedef struct
{
  FindingsRecommendation *recommendation;
  char                   *visit_id;
  char                   *currency;
  guint                   visit_index;
  guint                   index;
  gboolean                decidable;
  gboolean                can_accept;
  FindingsSignoffChoice   choice;
  FindingsOption         *option;
  char                   *reason;
} Step;

struct _FindingsSignoffPlan
{
  GObject    parent_instance;

  GPtrArray *steps;
  guint      n_visits;
};

G_DEFINE_FINAL_TYPE (FindingsSignoffPlan, findings_signoff_plan, G_TYPE_OBJECT)

static void
step_free (gpointer data)
{
  Step *step = data;

  g_clear_object (&step->recommendation);
  g_clear_object (&step->option);
  g_free (step->visit_id);
  g_free (step->currency);
  g_free (step->reason);
  g_free (step);
}

static void
findings_signoff_plan_finalize (GObject *object)
{
  FindingsSignoffPlan *self = FINDINGS_SIGNOFF_PLAN (object);

  g_clear_pointer (&self->steps, g_ptr_array_unref);

  G_OBJECT_CLASS (findings_signoff_plan_parent_class)->finalize (object);
}

static void
findings_signoff_plan_class_init (FindingsSignoffPlanClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = findings_signoff_plan_finalize;
}

static void
findings_signoff_plan_init (FindingsSignoffPlan *self)
{
  self->steps = g_ptr_array_new_with_free_func (step_free);
}

FindingsSignoffPlan *
findings_signoff_plan_new (void)
{
  return g_object_new (FINDINGS_TYPE_SIGNOFF_PLAN, NULL);
}

/* Safety first, then urgency (the recommendation page's order); ties keep the order
 * the visits were added in and the order of each visit's document. */
static int
compare_steps (gconstpointer a,
               gconstpointer b)
{
  const Step *x = *(const Step * const *) a;
  const Step *y = *(const Step * const *) b;
  int order = findings_recommendation_compare (x->recommendation, y->recommendation);

  if (order != 0)
    return order;
  if (x->visit_index != y->visit_index)
    return x->visit_index < y->visit_index ? -1 : 1;
  if (x->index != y->index)
    return x->index < y->index ? -1 : 1;

  return 0;
}

/**
 * findings_signoff_plan_add_visit:
 * @now: the time the decisions are judged at (an expired quote cannot be accepted)
 *
 * Adds every recommendation of @visit. Those that can no longer be decided (accepted,
 * scheduled, done or withdrawn) and those already declined or with a call asked for
 * are shown as decided, and not offered again.
 */
void
findings_signoff_plan_add_visit (FindingsSignoffPlan *self,
                                 FindingsVisit       *visit,
                                 GDateTime           *now)
{
  GListModel *recs;

  g_return_if_fail (FINDINGS_IS_SIGNOFF_PLAN (self));
  g_return_if_fail (FINDINGS_IS_VISIT (visit));
  g_return_if_fail (now != NULL);

  recs = findings_visit_get_recommendations (visit);
  for (guint i = 0; i < g_list_model_get_n_items (recs); i++)
    {
      Step *step = g_new0 (Step, 1);

      step->recommendation = g_list_model_get_item (recs, i);
      step->visit_id = g_strdup (findings_visit_get_id (visit));
      step->currency = g_strdup (findings_visit_get_currency (visit));
      step->visit_index = self->n_visits;
      step->index = i;
      /* The core's rule, as the recommendation page and the office apply it. */
      step->decidable =
        findings_recommendation_get_status (step->recommendation) == FINDINGS_STATUS_OPEN &&
        findings_recommendation_check_decision (step->recommendation, FINDINGS_ACTION_DECLINE,
                                                now) == FINDINGS_PROBLEM_NONE;
      step->can_accept = step->decidable &&
        findings_recommendation_check_decision (step->recommendation, FINDINGS_ACTION_ACCEPT,
                                                now) == FINDINGS_PROBLEM_NONE &&
        g_list_model_get_n_items (findings_recommendation_get_options (step->recommendation)) > 0;
      g_ptr_array_add (self->steps, step);
    }

  self->n_visits++;
  g_ptr_array_sort (self->steps, compare_steps);
}

static Step *
get_step (FindingsSignoffPlan *self,
          guint                step)
{
  g_return_val_if_fail (FINDINGS_IS_SIGNOFF_PLAN (self), NULL);
  g_return_val_if_fail (step < self->steps->len, NULL);

  return g_ptr_array_index (self->steps, step);
}

guint
findings_signoff_plan_get_n_steps (FindingsSignoffPlan *self)
{
  g_return_val_if_fail (FINDINGS_IS_SIGNOFF_PLAN (self), 0);

  return self->steps->len;
}

FindingsRecommendation *
findings_signoff_plan_get_recommendation (FindingsSignoffPlan *self,
                                          guint                step)
{
  Step *s = get_step (self, step);

  return s != NULL ? s->recommendation : NULL;
}

/* Whether the step is offered (open, and still decidable) or only shown as decided. */
gboolean
findings_signoff_plan_get_decidable (FindingsSignoffPlan *self,
                                     guint                step)
{
  Step *s = get_step (self, step);

  return s != NULL && s->decidable;
}

/* Whether "Accept" is offered: not when the quote has expired (a call is, instead). */
gboolean
findings_signoff_plan_can_accept (FindingsSignoffPlan *self,
                                  guint                step)
{
  Step *s = get_step (self, step);

  return s != NULL && s->can_accept;
}

/**
 * findings_signoff_plan_choose:
 * @option_id: (nullable): the option accepted, for %FINDINGS_SIGNOFF_CHOICE_ACCEPT
 *
 * Records what the customer chose on @step; a step shown as decided stays as it is.
 */
void
findings_signoff_plan_choose (FindingsSignoffPlan   *self,
                              guint                  step,
                              FindingsSignoffChoice  choice,
                              const char            *option_id)
{
  Step *s = get_step (self, step);
  FindingsOption *option = NULL;

  if (s == NULL || !s->decidable)
    return;

  if (choice == FINDINGS_SIGNOFF_CHOICE_ACCEPT)
    {
      g_return_if_fail (s->can_accept);
      option = findings_recommendation_find_option (s->recommendation, option_id);
      g_return_if_fail (option != NULL);
    }

  s->choice = choice;
  g_set_object (&s->option, option);
  if (choice != FINDINGS_SIGNOFF_CHOICE_DECLINE)
    g_clear_pointer (&s->reason, g_free);
}

FindingsSignoffChoice
findings_signoff_plan_get_choice (FindingsSignoffPlan *self,
                                  guint                step)
{
  Step *s = get_step (self, step);

  return s != NULL ? s->choice : FINDINGS_SIGNOFF_CHOICE_NONE;
}

/**
 * findings_signoff_plan_get_option:
 *
 * Returns: (transfer none) (nullable): the option accepted on @step
 */
FindingsOption *
findings_signoff_plan_get_option (FindingsSignoffPlan *self,
                                  guint                step)
{
  Step *s = get_step (self, step);

  return s != NULL ? s->option : NULL;
}

/* The customer's reason for declining, optional. */
void
findings_signoff_plan_set_reason (FindingsSignoffPlan *self,
                                  guint                step,
                                  const char          *reason)
{
  Step *s = get_step (self, step);
  g_autofree char *stripped = g_strstrip (g_strdup (reason != NULL ? reason : ""));

  if (s == NULL || s->choice != FINDINGS_SIGNOFF_CHOICE_DECLINE)
    return;

  g_free (s->reason);
  s->reason = *stripped != '\0' ? g_steal_pointer (&stripped) : NULL;
}

guint
findings_signoff_plan_count (FindingsSignoffPlan   *self,
                             FindingsSignoffChoice  choice)
{
  guint n = 0;

  g_return_val_if_fail (FINDINGS_IS_SIGNOFF_PLAN (self), 0);

  for (guint i = 0; i < self->steps->len; i++)
    {
      Step *s = g_ptr_array_index (self->steps, i);

      if (s->decidable && s->choice == choice)
        n++;
    }

  return n;
}

typedef struct
{
  char   *currency;
  gint64  by_tax[3];  /* indexed by FindingsTax */
} Total;

static void
total_free (gpointer data)
{
  Total *total = data;

  g_free (total->currency);
  g_free (total);
}

static int
compare_totals (gconstpointer a,
                gconstpointer b)
{
  const Total *x = *(const Total * const *) a;
  const Total *y = *(const Total * const *) b;

  return g_strcmp0 (x->currency, y->currency);
}

static char *
describe_total (const Total *total)
{
  static const FindingsTax order[] = {
    FINDINGS_TAX_EXCLUDED, FINDINGS_TAX_INCLUDED, FINDINGS_TAX_UNSTATED,
  };
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  g_autofree char *sum_text = NULL;
  gint64 sum = 0;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (total->by_tax[order[i]] > 0)
      {
        g_ptr_array_add (parts, findings_format_amount_with_tax (total->by_tax[order[i]],
                                                                 total->currency, order[i]));
        sum += total->by_tax[order[i]];
      }

  if (parts->len == 0)
    return g_strdup (_("No charge"));
  if (parts->len == 1)
    return g_strdup (g_ptr_array_index (parts, 0));

  /* Prices with and without tax are not added up as if they were alike: the sum is
   * said with what it is made of. */
  g_ptr_array_add (parts, NULL);
  /* Translators: the separator between the parts of a total */
  joined = g_strjoinv (_("; "), (char **) parts->pdata);
  sum_text = findings_money_format (sum, total->currency);
  /* Translators: first %s is a sum of money, second what it is made of
   * ("$965.00 plus tax; $245.00, tax included") */
  return g_strdup_printf (_("%s in all: %s"), sum_text, joined);
}

/**
 * findings_signoff_plan_describe_totals:
 *
 * Returns: (transfer full): the total accepted in each currency, with its tax, one
 *   line per currency in the order of the currency codes; empty when nothing was
 *   accepted
 */
char **
findings_signoff_plan_describe_totals (FindingsSignoffPlan *self)
{
  g_autoptr(GPtrArray) totals = g_ptr_array_new_with_free_func (total_free);
  GStrvBuilder *builder = g_strv_builder_new ();
  char **lines;

  g_return_val_if_fail (FINDINGS_IS_SIGNOFF_PLAN (self), NULL);

  for (guint i = 0; i < self->steps->len; i++)
    {
      Step *s = g_ptr_array_index (self->steps, i);
      Total *total = NULL;

      if (!s->decidable || s->choice != FINDINGS_SIGNOFF_CHOICE_ACCEPT || s->option == NULL)
        continue;

      for (guint j = 0; j < totals->len && total == NULL; j++)
        if (g_strcmp0 (((Total *) g_ptr_array_index (totals, j))->currency, s->currency) == 0)
          total = g_ptr_array_index (totals, j);
      if (total == NULL)
        {
          total = g_new0 (Total, 1);
          total->currency = g_strdup (s->currency);
          g_ptr_array_add (totals, total);
        }

      total->by_tax[findings_option_get_tax (s->option)] += findings_option_get_price (s->option);
    }

  g_ptr_array_sort (totals, compare_totals);
  for (guint i = 0; i < totals->len; i++)
    {
      g_autofree char *line = describe_total (g_ptr_array_index (totals, i));

      g_strv_builder_add (builder, line);
    }

  lines = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return lines;
}

/**
 * findings_signoff_plan_describe_choice:
 *
 * Returns: (transfer full): what the summary says of @step
 */
char *
findings_signoff_plan_describe_choice (FindingsSignoffPlan *self,
                                       guint                step)
{
  Step *s = get_step (self, step);
  g_autofree char *price = NULL;

  g_return_val_if_fail (s != NULL, NULL);

  if (!s->decidable)
    /* Translators: %s is the recommendation's status, such as "Accepted" */
    return g_strdup_printf (_("Already decided: %s"),
                            findings_status_get_label (findings_recommendation_get_status (s->recommendation)));

  switch (s->choice)
    {
    case FINDINGS_SIGNOFF_CHOICE_ACCEPT:
      price = findings_format_option_price (s->option, s->currency);
      return g_strdup_printf (_("Accepted: %s, %s"), findings_option_get_label (s->option), price);
    case FINDINGS_SIGNOFF_CHOICE_DECLINE:
      if (s->reason != NULL)
        /* Translators: %s is the customer's reason */
        return g_strdup_printf (_("Declined: %s"), s->reason);
      return g_strdup (_("Declined"));
    case FINDINGS_SIGNOFF_CHOICE_CALL:
      return g_strdup (_("A call was asked for"));
    case FINDINGS_SIGNOFF_CHOICE_SKIP:
    case FINDINGS_SIGNOFF_CHOICE_NONE:
    default:
      return g_strdup (_("Skipped: nothing decided"));
    }
}

/**
 * findings_signoff_plan_build_decisions:
 * @name: who signs for the customer
 * @role: (nullable): their role
 * @signature: (nullable): the one signature of the sign-off, as SVG path data
 * @phone: (nullable): the number to call, needed when a call was asked for
 *
 * One decision per step accepted, declined or with a call asked for, in the
 * walkthrough's order, each as the decision dialog would build it, all with the same
 * name and signature. Skipped steps and steps shown as decided give none.
 *
 * Returns: (transfer full) (element-type FindingsDecision): the decisions
 */
GPtrArray *
findings_signoff_plan_build_decisions (FindingsSignoffPlan *self,
                                       const char          *name,
                                       const char          *role,
                                       const char          *signature,
                                       const char          *phone)
{
  GPtrArray *decisions = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (FINDINGS_IS_SIGNOFF_PLAN (self), decisions);

  for (guint i = 0; i < self->steps->len; i++)
    {
      Step *s = g_ptr_array_index (self->steps, i);
      FindingsDecision *decision;
      FindingsAction action;

      if (!s->decidable)
        continue;

      switch (s->choice)
        {
        case FINDINGS_SIGNOFF_CHOICE_ACCEPT:  action = FINDINGS_ACTION_ACCEPT; break;
        case FINDINGS_SIGNOFF_CHOICE_DECLINE: action = FINDINGS_ACTION_DECLINE; break;
        case FINDINGS_SIGNOFF_CHOICE_CALL:    action = FINDINGS_ACTION_REQUEST_CALL; break;
        case FINDINGS_SIGNOFF_CHOICE_SKIP:
        case FINDINGS_SIGNOFF_CHOICE_NONE:
        default:
          continue;
        }

      decision = findings_decision_new (action);
      findings_decision_set_visit_id (decision, s->visit_id);
      findings_decision_set_recommendation_id (decision,
                                               findings_recommendation_get_id (s->recommendation));
      findings_decision_set_decided_by_name (decision, name);
      findings_decision_set_decided_by_role (decision, role);
      if (signature != NULL)
        {
          findings_decision_set_signature_format (decision, "svg-path");
          findings_decision_set_signature_data (decision, signature);
        }

      if (action == FINDINGS_ACTION_ACCEPT)
        findings_decision_set_option_id (decision, findings_option_get_id (s->option));
      else if (action == FINDINGS_ACTION_DECLINE)
        findings_decision_set_reason (decision, s->reason);
      else
        findings_decision_set_call_phone (decision, phone);

      g_ptr_array_add (decisions, decision);
    }

  return decisions;
}
