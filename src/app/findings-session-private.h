/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "findings-decision-answer.h"
#include "findings-session.h"

G_BEGIN_DECLS

/* What the sync's "decision-answered" and "decision-refused" do, for tests that have
 * no office to answer or refuse. */
void _findings_session_decision_answered (FindingsSession        *self,
                                          const char             *decision_id,
                                          FindingsDecisionAnswer *answer);
void _findings_session_decision_refused  (FindingsSession        *self,
                                          const char             *decision_id,
                                          const char             *recommendation_id,
                                          const char             *problem_type,
                                          const char             *detail);

G_END_DECLS
