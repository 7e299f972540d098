/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The RFC 9457 problem types of the office API: what the office sends, and what the
 * kiosk branches on. Each has one type string, one HTTP status and one title. */
typedef enum
{
  FINDINGS_PROBLEM_NONE,
  /* A type this version does not know; its status is what the answer said. */
  FINDINGS_PROBLEM_UNKNOWN,

  /* 400 */
  FINDINGS_PROBLEM_BAD_REQUEST,
  FINDINGS_PROBLEM_MISSING_IDEMPOTENCY_KEY,
  FINDINGS_PROBLEM_BAD_CURSOR,
  /* 401, 403, 404, 405 */
  FINDINGS_PROBLEM_UNAUTHORIZED,
  FINDINGS_PROBLEM_FORBIDDEN,
  FINDINGS_PROBLEM_NOT_FOUND,
  FINDINGS_PROBLEM_METHOD_NOT_ALLOWED,
  /* 409: the decision cannot apply now */
  FINDINGS_PROBLEM_ALREADY_ACCEPTED,
  FINDINGS_PROBLEM_WITHDRAWN,
  FINDINGS_PROBLEM_QUOTE_EXPIRED,
  /* 413, 415 */
  FINDINGS_PROBLEM_PAYLOAD_TOO_LARGE,
  FINDINGS_PROBLEM_UNSUPPORTED_MEDIA_TYPE,
  /* 422 */
  FINDINGS_PROBLEM_INVALID_BODY,
  FINDINGS_PROBLEM_UNKNOWN_SITE,
  FINDINGS_PROBLEM_SITE_OF_ANOTHER_ACCOUNT,
  FINDINGS_PROBLEM_UNKNOWN_TIME_ZONE,
  FINDINGS_PROBLEM_RECOMMENDATION_OF_ANOTHER_VISIT,
  FINDINGS_PROBLEM_IDEMPOTENCY_KEY_MISMATCH,
  FINDINGS_PROBLEM_IDEMPOTENCY_KEY_REUSED,
  FINDINGS_PROBLEM_UNKNOWN_OPTION,
  FINDINGS_PROBLEM_VISIT_MISMATCH,
  /* 429, 500, 503 */
  FINDINGS_PROBLEM_TOO_MANY_REQUESTS,
  FINDINGS_PROBLEM_INTERNAL_ERROR,
  FINDINGS_PROBLEM_UNAVAILABLE,
} FindingsProblem;

const char      *findings_problem_to_type    (FindingsProblem  problem);
FindingsProblem  findings_problem_from_type  (const char      *type);
guint            findings_problem_get_status (FindingsProblem  problem);
const char      *findings_problem_get_title  (FindingsProblem  problem);

G_END_DECLS
