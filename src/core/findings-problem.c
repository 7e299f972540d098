/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-problem"

#include "config.h"

#include "findings-problem.h"

/* Titles are the protocol's, in English, as RFC 9457 has them: a client shows its
 * own words, chosen by the type. */
static const struct
{
  const char *type;
  guint       status;
  const char *title;
} problems[] = {
  [FINDINGS_PROBLEM_NONE] = { NULL, 0, NULL },
  [FINDINGS_PROBLEM_UNKNOWN] = { NULL, 0, NULL },
  [FINDINGS_PROBLEM_BAD_REQUEST] = { "bad-request", 400, "Bad request" },
  [FINDINGS_PROBLEM_MISSING_IDEMPOTENCY_KEY] =
    { "missing-idempotency-key", 400, "Idempotency-Key missing" },
  [FINDINGS_PROBLEM_BAD_CURSOR] = { "bad-cursor", 400, "Malformed cursor" },
  [FINDINGS_PROBLEM_UNAUTHORIZED] = { "unauthorized", 401, "Unknown or missing token" },
  [FINDINGS_PROBLEM_FORBIDDEN] = { "forbidden", 403, "Not allowed with this token" },
  [FINDINGS_PROBLEM_NOT_FOUND] = { "not-found", 404, "Not found" },
  [FINDINGS_PROBLEM_METHOD_NOT_ALLOWED] = { "method-not-allowed", 405, "Method not allowed" },
  [FINDINGS_PROBLEM_ALREADY_ACCEPTED] = { "already-accepted", 409, "Already accepted" },
  [FINDINGS_PROBLEM_WITHDRAWN] = { "withdrawn", 409, "Recommendation withdrawn" },
  [FINDINGS_PROBLEM_QUOTE_EXPIRED] = { "quote-expired", 409, "Quote expired" },
  [FINDINGS_PROBLEM_PAYLOAD_TOO_LARGE] =
    { "payload-too-large", 413, "Request body too large" },
  [FINDINGS_PROBLEM_UNSUPPORTED_MEDIA_TYPE] =
    { "unsupported-media-type", 415, "Unsupported media type" },
  [FINDINGS_PROBLEM_INVALID_BODY] = { "invalid-body", 422, "Invalid request body" },
  [FINDINGS_PROBLEM_UNKNOWN_SITE] = { "unknown-site", 422, "Unknown site" },
  [FINDINGS_PROBLEM_SITE_OF_ANOTHER_ACCOUNT] =
    { "site-of-another-account", 422, "Site of another account" },
  [FINDINGS_PROBLEM_UNKNOWN_TIME_ZONE] = { "unknown-time-zone", 422, "Unknown time zone" },
  [FINDINGS_PROBLEM_RECOMMENDATION_OF_ANOTHER_VISIT] =
    { "recommendation-of-another-visit", 422, "Recommendation of another visit" },
  [FINDINGS_PROBLEM_IDEMPOTENCY_KEY_MISMATCH] =
    { "idempotency-key-mismatch", 422, "Idempotency-Key differs from the decision's id" },
  [FINDINGS_PROBLEM_IDEMPOTENCY_KEY_REUSED] =
    { "idempotency-key-reused", 422, "Idempotency-Key already used for another decision" },
  [FINDINGS_PROBLEM_UNKNOWN_OPTION] =
    { "unknown-option", 422, "Option not in this recommendation" },
  [FINDINGS_PROBLEM_VISIT_MISMATCH] = { "visit-mismatch", 422, "Recommendation of another visit" },
  [FINDINGS_PROBLEM_TOO_MANY_REQUESTS] = { "too-many-requests", 429, "Too many requests" },
  [FINDINGS_PROBLEM_INTERNAL_ERROR] = { "internal-error", 500, "Internal error" },
  [FINDINGS_PROBLEM_UNAVAILABLE] = { "unavailable", 503, "Service unavailable" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (problems) == FINDINGS_PROBLEM_UNAVAILABLE + 1);

static gboolean
is_known (FindingsProblem problem)
{
  return (guint) problem < G_N_ELEMENTS (problems) && problems[problem].type != NULL;
}

/**
 * findings_problem_to_type:
 * @problem: a problem
 *
 * Returns: (nullable): its `type`, such as "quote-expired"; %NULL for
 *   %FINDINGS_PROBLEM_NONE and %FINDINGS_PROBLEM_UNKNOWN
 */
const char *
findings_problem_to_type (FindingsProblem problem)
{
  return is_known (problem) ? problems[problem].type : NULL;
}

/**
 * findings_problem_from_type:
 * @type: (nullable): a problem document's `type`
 *
 * Returns: the problem, %FINDINGS_PROBLEM_UNKNOWN for a type this version does not
 *   know, %FINDINGS_PROBLEM_NONE for %NULL
 */
FindingsProblem
findings_problem_from_type (const char *type)
{
  if (type == NULL)
    return FINDINGS_PROBLEM_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (problems); i++)
    {
      if (problems[i].type != NULL && g_str_equal (problems[i].type, type))
        return (FindingsProblem) i;
    }

  return FINDINGS_PROBLEM_UNKNOWN;
}

/**
 * findings_problem_get_status:
 * @problem: a problem
 *
 * Returns: the HTTP status the office answers @problem with, or 0 for
 *   %FINDINGS_PROBLEM_NONE and %FINDINGS_PROBLEM_UNKNOWN
 */
guint
findings_problem_get_status (FindingsProblem problem)
{
  return is_known (problem) ? problems[problem].status : 0;
}

/**
 * findings_problem_get_title:
 * @problem: a problem
 *
 * Returns: (nullable): the problem document's `title`, in English
 */
const char *
findings_problem_get_title (FindingsProblem problem)
{
  return is_known (problem) ? problems[problem].title : NULL;
}
