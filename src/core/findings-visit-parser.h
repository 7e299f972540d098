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

FindingsRecommendation *findings_recommendation_new_from_json (JsonNode    *node,
                                                               const char  *path,
                                                               GError     **error);

G_END_DECLS
