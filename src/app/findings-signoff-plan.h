/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "findings-decision.h"
#include "findings-visit.h"

G_BEGIN_DECLS

/* What the customer chose on one screen of the sign-off walkthrough. */
typedef enum
{
  FINDINGS_SIGNOFF_CHOICE_NONE,    /* not reached yet */
  FINDINGS_SIGNOFF_CHOICE_ACCEPT,
  FINDINGS_SIGNOFF_CHOICE_DECLINE,
  FINDINGS_SIGNOFF_CHOICE_CALL,
  FINDINGS_SIGNOFF_CHOICE_SKIP,
} FindingsSignoffChoice;

#define FINDINGS_TYPE_SIGNOFF_PLAN (findings_signoff_plan_get_type ())

G_DECLARE_FINAL_TYPE (FindingsSignoffPlan, findings_signoff_plan, FINDINGS, SIGNOFF_PLAN, GObject)

FindingsSignoffPlan    *findings_signoff_plan_new                (void);
void                    findings_signoff_plan_add_visit          (FindingsSignoffPlan    *self,
                                                                  FindingsVisit          *visit,
                                                                  GDateTime              *now);

guint                   findings_signoff_plan_get_n_steps        (FindingsSignoffPlan    *self);
FindingsRecommendation *findings_signoff_plan_get_recommendation (FindingsSignoffPlan    *self,
                                                                  guint                   step);
gboolean                findings_signoff_plan_get_decidable      (FindingsSignoffPlan    *self,
                                                                  guint                   step);
gboolean                findings_signoff_plan_can_accept         (FindingsSignoffPlan    *self,
                                                                  guint                   step);

void                    findings_signoff_plan_choose             (FindingsSignoffPlan    *self,
                                                                  guint                   step,
                                                                  FindingsSignoffChoice   choice,
                                                                  const char             *option_id);
FindingsSignoffChoice   findings_signoff_plan_get_choice         (FindingsSignoffPlan    *self,
                                                                  guint                   step);
FindingsOption         *findings_signoff_plan_get_option         (FindingsSignoffPlan    *self,
                                                                  guint                   step);
void                    findings_signoff_plan_set_reason         (FindingsSignoffPlan    *self,
                                                                  guint                   step,
                                                                  const char             *reason);
guint                   findings_signoff_plan_count              (FindingsSignoffPlan    *self,
                                                                  FindingsSignoffChoice   choice);

char                  **findings_signoff_plan_describe_totals    (FindingsSignoffPlan    *self);
char                   *findings_signoff_plan_describe_choice    (FindingsSignoffPlan    *self,
                                                                  guint                   step);

GPtrArray              *findings_signoff_plan_build_decisions    (FindingsSignoffPlan    *self,
                                                                  const char             *name,
                                                                  const char             *role,
                                                                  const char             *signature,
                                                                  const char             *phone);

G_END_DECLS
