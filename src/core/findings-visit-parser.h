/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <json-glib/json-glib.h>

#include "findings-parse-error.h"
#include "findings-recommendation.h"
#include "findings-visit.h"

G_BEGIN_DECLS

FindingsVisit *findings_visit_parse         (const char  *data,
                                             gsize        length,
                                             GError     **error);
FindingsVisit *findings_visit_parse_bytes   (GBytes      *bytes,
                                             GError     **error);
FindingsVisit *findings_visit_new_from_json (JsonNode    *node,
                                             GError     **error);

/* Deprecated: findings_decision_answer_parse() and findings_recommendation_apply_answer()
 * replace it. Kept only until its last callers switch. */
gboolean       findings_recommendation_apply_answer_json (FindingsRecommendation  *recommendation,
                                                         JsonNode                *node,
                                                         GError                 **error);

G_END_DECLS
