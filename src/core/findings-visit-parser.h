/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <json-glib/json-glib.h>

#include "findings-recommendation.h"
#include "findings-visit.h"

G_BEGIN_DECLS

#define FINDINGS_PARSE_ERROR (findings_parse_error_quark ())

typedef enum
{
  FINDINGS_PARSE_ERROR_TOO_LARGE,
  FINDINGS_PARSE_ERROR_INVALID_UTF8,
  FINDINGS_PARSE_ERROR_SYNTAX,
  FINDINGS_PARSE_ERROR_TRUNCATED,
  FINDINGS_PARSE_ERROR_TOO_DEEP,
  FINDINGS_PARSE_ERROR_UNSUPPORTED_VERSION,
  FINDINGS_PARSE_ERROR_MISSING_FIELD,
  FINDINGS_PARSE_ERROR_WRONG_TYPE,
  FINDINGS_PARSE_ERROR_INVALID_VALUE,
  FINDINGS_PARSE_ERROR_TOO_LONG,
  FINDINGS_PARSE_ERROR_OUT_OF_RANGE,
  FINDINGS_PARSE_ERROR_TOO_MANY,
} FindingsParseError;

GQuark         findings_parse_error_quark   (void);

FindingsVisit *findings_visit_parse         (const char  *data,
                                             gsize        length,
                                             GError     **error);
FindingsVisit *findings_visit_parse_bytes   (GBytes      *bytes,
                                             GError     **error);
FindingsVisit *findings_visit_new_from_json (JsonNode    *node,
                                             GError     **error);

gboolean       findings_recommendation_apply_answer (FindingsRecommendation  *recommendation,
                                                    JsonNode                *node,
                                                    GError                 **error);

G_END_DECLS
