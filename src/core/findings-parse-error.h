/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The one error domain of src/core: every reader of the office's documents, from the
 * strict JSON check to the field-by-field parsers, fails with it. */
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

GQuark findings_parse_error_quark (void);

G_END_DECLS
