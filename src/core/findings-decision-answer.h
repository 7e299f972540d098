/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "findings-enums.h"
#include "findings-follow-up.h"
#include "findings-parse-error.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_DECISION_ANSWER (findings_decision_answer_get_type ())
G_DECLARE_FINAL_TYPE (FindingsDecisionAnswer, findings_decision_answer,
                      FINDINGS, DECISION_ANSWER, GObject)

FindingsDecisionAnswer *findings_decision_answer_parse (GBytes  *body,
                                                        GError **error);

const char       *findings_decision_answer_get_recommendation_id (FindingsDecisionAnswer *self);
FindingsStatus    findings_decision_answer_get_status            (FindingsDecisionAnswer *self);
FindingsFollowUp *findings_decision_answer_get_follow_up         (FindingsDecisionAnswer *self);

G_END_DECLS
