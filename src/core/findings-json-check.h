/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The top-level value is level 1. */
#define FINDINGS_JSON_MAX_DEPTH 64
#define FINDINGS_JSON_MAX_BODY  (8 * 1024 * 1024)

#define FINDINGS_JSON_ERROR (findings_json_error_quark ())

typedef enum
{
  FINDINGS_JSON_ERROR_TOO_LARGE,
  FINDINGS_JSON_ERROR_INVALID_UTF8,
  FINDINGS_JSON_ERROR_SYNTAX,
  FINDINGS_JSON_ERROR_TRUNCATED,
  FINDINGS_JSON_ERROR_TOO_DEEP,
  FINDINGS_JSON_ERROR_NUL_CHARACTER,
  /* A whole number outside the 64-bit range: json-glib would wrap it silently. */
  FINDINGS_JSON_ERROR_NUMBER_TOO_LARGE,
} FindingsJsonError;

GQuark    findings_json_error_quark  (void);

gboolean  findings_json_check        (const char  *data,
                                      gsize        length,
                                      gsize        max_size,
                                      guint        max_depth,
                                      GError     **error);

JsonNode *findings_json_parse_strict (const char  *data,
                                      gsize        length,
                                      gsize        max_size,
                                      guint        max_depth,
                                      GError     **error);

G_END_DECLS
