/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "findings-enum-types.h"
#include "findings-follow-up.h"
#include "findings-parse-error.h"
#include "findings-protocol.h"
#include "findings-recommendation.h"
#include "findings-site.h"
#include "findings-visit.h"

static void
test_problem_types (void)
{
  static const struct
  {
    FindingsProblem  problem;
    const char      *type;
    guint            status;
  } expected[] = {
    { FINDINGS_PROBLEM_BAD_REQUEST, "bad-request", 400 },
    { FINDINGS_PROBLEM_MISSING_IDEMPOTENCY_KEY, "missing-idempotency-key", 400 },
    { FINDINGS_PROBLEM_BAD_CURSOR, "bad-cursor", 400 },
    { FINDINGS_PROBLEM_UNAUTHORIZED, "unauthorized", 401 },
    { FINDINGS_PROBLEM_FORBIDDEN, "forbidden", 403 },
    { FINDINGS_PROBLEM_NOT_FOUND, "not-found", 404 },
    { FINDINGS_PROBLEM_METHOD_NOT_ALLOWED, "method-not-allowed", 405 },
    { FINDINGS_PROBLEM_ALREADY_ACCEPTED, "already-accepted", 409 },
    { FINDINGS_PROBLEM_WITHDRAWN, "withdrawn", 409 },
    { FINDINGS_PROBLEM_QUOTE_EXPIRED, "quote-expired", 409 },
    { FINDINGS_PROBLEM_PAYLOAD_TOO_LARGE, "payload-too-large", 413 },
    { FINDINGS_PROBLEM_UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", 415 },
    { FINDINGS_PROBLEM_INVALID_BODY, "invalid-body", 422 },
    { FINDINGS_PROBLEM_UNKNOWN_SITE, "unknown-site", 422 },
    { FINDINGS_PROBLEM_SITE_OF_ANOTHER_ACCOUNT, "site-of-another-account", 422 },
    { FINDINGS_PROBLEM_UNKNOWN_TIME_ZONE, "unknown-time-zone", 422 },
    { FINDINGS_PROBLEM_RECOMMENDATION_OF_ANOTHER_VISIT, "recommendation-of-another-visit", 422 },
    { FINDINGS_PROBLEM_IDEMPOTENCY_KEY_MISMATCH, "idempotency-key-mismatch", 422 },
    { FINDINGS_PROBLEM_IDEMPOTENCY_KEY_REUSED, "idempotency-key-reused", 422 },
    { FINDINGS_PROBLEM_UNKNOWN_OPTION, "unknown-option", 422 },
    { FINDINGS_PROBLEM_VISIT_MISMATCH, "visit-mismatch", 422 },
    { FINDINGS_PROBLEM_TOO_MANY_REQUESTS, "too-many-requests", 429 },
    { FINDINGS_PROBLEM_INTERNAL_ERROR, "internal-error", 500 },
    { FINDINGS_PROBLEM_UNAVAILABLE, "unavailable", 503 },
  };
  g_autoptr(GEnumClass) klass = g_type_class_ref (FINDINGS_TYPE_PROBLEM);

  /* Every problem but NONE and UNKNOWN is listed above, once. */
  g_assert_cmpuint (G_N_ELEMENTS (expected), ==, klass->n_values - 2);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const char *title = findings_problem_get_title (expected[i].problem);

      g_assert_cmpstr (findings_problem_to_type (expected[i].problem), ==, expected[i].type);
      g_assert_cmpint (findings_problem_from_type (expected[i].type), ==, expected[i].problem);
      g_assert_cmpuint (findings_problem_get_status (expected[i].problem), ==,
                        expected[i].status);
      g_assert_nonnull (title);
      g_assert_cmpuint (strlen (title), >, 0);
      /* Registered the project's way: the nick is the type. */
      g_assert_cmpint (g_enum_get_value_by_nick (klass, expected[i].type)->value, ==,
                       expected[i].problem);
    }

  g_assert_cmpint (findings_problem_from_type ("http-418"), ==, FINDINGS_PROBLEM_UNKNOWN);
  g_assert_cmpint (findings_problem_from_type ("Quote-Expired"), ==, FINDINGS_PROBLEM_UNKNOWN);
  g_assert_cmpint (findings_problem_from_type (NULL), ==, FINDINGS_PROBLEM_NONE);
  g_assert_null (findings_problem_to_type (FINDINGS_PROBLEM_NONE));
  g_assert_null (findings_problem_to_type (FINDINGS_PROBLEM_UNKNOWN));
  g_assert_cmpuint (findings_problem_get_status (FINDINGS_PROBLEM_UNKNOWN), ==, 0);
  g_assert_null (findings_problem_get_title (FINDINGS_PROBLEM_NONE));
}

static void
test_limits (void)
{
  /* The API's numbers, spelt out once more so that a change to one is deliberate. */
  g_assert_cmpint (FINDINGS_PROTOCOL_MAX_BODY, ==, 8 * 1024 * 1024);
  g_assert_cmpint (FINDINGS_PROTOCOL_MAX_PHOTO, ==, 20 * 1024 * 1024);
  g_assert_cmpint (FINDINGS_PROTOCOL_MAX_RECOMMENDATIONS, ==, 2000);
  g_assert_cmpint (FINDINGS_PROTOCOL_MAX_LINE, ==, 200);
  g_assert_cmpint (FINDINGS_PROTOCOL_MAX_TEXT, ==, 4000);
  g_assert_cmpint (FINDINGS_PROTOCOL_MAX_SIGNATURE, ==, 65536);
  g_assert_cmpint (FINDINGS_PROTOCOL_MAX_DEPTH, ==, 64);
  g_assert_cmpint (FINDINGS_PROTOCOL_MIN_MONEY, ==, 0);
  g_assert_cmpint (FINDINGS_PROTOCOL_MAX_MONEY, ==, G_GINT64_CONSTANT (100000000000));
}

static void
test_media_types (void)
{
  g_assert_true (findings_protocol_is_photo_media_type ("image/jpeg"));
  g_assert_true (findings_protocol_is_photo_media_type ("image/png"));
  g_assert_false (findings_protocol_is_photo_media_type ("image/gif"));
  g_assert_false (findings_protocol_is_photo_media_type ("image/jpg"));
  g_assert_false (findings_protocol_is_photo_media_type ("IMAGE/PNG"));
  g_assert_false (findings_protocol_is_photo_media_type ("image/png; q=1"));
  g_assert_false (findings_protocol_is_photo_media_type (""));
  g_assert_false (findings_protocol_is_photo_media_type (NULL));
}

static void
test_time_format (void)
{
  g_autoptr(GTimeZone) plus_five = g_time_zone_new_offset (5 * 3600);
  g_autoptr(GDateTime) local = g_date_time_new (plus_five, 2026, 11, 20, 19, 2, 11.75);
  g_autofree char *text = findings_protocol_format_time (local);
  g_autoptr(GDateTime) back = NULL;
  g_autoptr(GDateTime) early = g_date_time_new_utc (987, 1, 2, 3, 4, 5);
  g_autofree char *early_text = findings_protocol_format_time (early);

  /* UTC, whole seconds: one instant, one text. */
  g_assert_cmpstr (text, ==, "2026-11-20T14:02:11Z");
  g_assert_cmpstr (early_text, ==, "0987-01-02T03:04:05Z");

  back = findings_protocol_parse_time (text);
  g_assert_nonnull (back);
  g_assert_cmpint (g_date_time_to_unix (back), ==, g_date_time_to_unix (local));
}

static void
assert_time (const char *text,
             const char *utc)
{
  g_autoptr(GDateTime) time = findings_protocol_parse_time (text);
  g_autofree char *written = NULL;

  if (utc == NULL)
    {
      g_assert_null (time);
      return;
    }

  g_assert_nonnull (time);
  written = findings_protocol_format_time (time);
  g_assert_cmpstr (written, ==, utc);
}

static void
test_time_parse (void)
{
  assert_time ("2026-11-20T14:02:11Z", "2026-11-20T14:02:11Z");
  assert_time ("2026-11-20t14:02:11z", "2026-11-20T14:02:11Z");
  assert_time ("2026-11-20T09:02:11-05:00", "2026-11-20T14:02:11Z");
  assert_time ("2026-11-20T14:02:11.123456Z", "2026-11-20T14:02:11Z");

  /* ISO 8601 forms RFC 3339 does not have. */
  assert_time ("2026-11-20T14:02:11", NULL);
  assert_time ("2026-11-20", NULL);
  assert_time ("2026-11-20 14:02:11Z", NULL);
  assert_time ("20261120T140211Z", NULL);
  assert_time ("2026-11-20T14:02:11+0500", NULL);
  assert_time ("2026-11-20T14:02:11.Z", NULL);
  assert_time ("2026-13-20T14:02:11Z", NULL);
  assert_time ("", NULL);
  assert_time (NULL, NULL);
}

static void
test_date_parse (void)
{
  g_autoptr(GDate) date = findings_protocol_parse_date ("2028-02-29");
  const char * const bad[] = {
    "2026-02-29", "2026-1-01", "2026-01-1", "2026/01/01", "2026-01-01T00:00:00Z",
    " 2026-01-01", "+026-01-01", "", NULL,
  };

  g_assert_nonnull (date);
  g_assert_cmpuint (g_date_get_year (date), ==, 2028);
  g_assert_cmpuint (g_date_get_month (date), ==, 2);
  g_assert_cmpuint (g_date_get_day (date), ==, 29);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GDate) refused = findings_protocol_parse_date (bad[i]);

      g_assert_null (refused);
    }
}

static void
test_time_zone (void)
{
  g_autoptr(GTimeZone) none = findings_protocol_new_time_zone (NULL);
  g_autoptr(GTimeZone) empty = findings_protocol_new_time_zone ("");
  g_autoptr(GTimeZone) unknown = findings_protocol_new_time_zone ("Nowhere/Else");
  g_autoptr(GTimeZone) toronto = findings_protocol_new_time_zone ("America/Toronto");

  g_assert_cmpstr (g_time_zone_get_identifier (none), ==, "UTC");
  g_assert_cmpstr (g_time_zone_get_identifier (empty), ==, "UTC");
  g_assert_cmpstr (g_time_zone_get_identifier (unknown), ==, "UTC");
  g_assert_cmpstr (g_time_zone_get_identifier (toronto), ==, "America/Toronto");
}

static void
test_action_status (void)
{
  g_assert_cmpint (findings_action_get_status (FINDINGS_ACTION_ACCEPT), ==,
                   FINDINGS_STATUS_ACCEPTED);
  g_assert_cmpint (findings_action_get_status (FINDINGS_ACTION_DECLINE), ==,
                   FINDINGS_STATUS_DECLINED);
  g_assert_cmpint (findings_action_get_status (FINDINGS_ACTION_REQUEST_CALL), ==,
                   FINDINGS_STATUS_CALL_REQUESTED);
}

static GDateTime *
utc (const char *text)
{
  GDateTime *time = findings_protocol_parse_time (text);

  g_assert_nonnull (time);
  return time;
}

/* The API's rules by status: every action, with a quote that is still valid. */
static void
test_decision_by_status (void)
{
  static const struct
  {
    FindingsStatus  status;
    FindingsProblem problem;
  } rules[] = {
    { FINDINGS_STATUS_OPEN, FINDINGS_PROBLEM_NONE },
    { FINDINGS_STATUS_DECLINED, FINDINGS_PROBLEM_NONE },
    { FINDINGS_STATUS_CALL_REQUESTED, FINDINGS_PROBLEM_NONE },
    { FINDINGS_STATUS_ACCEPTED, FINDINGS_PROBLEM_ALREADY_ACCEPTED },
    { FINDINGS_STATUS_SCHEDULED, FINDINGS_PROBLEM_ALREADY_ACCEPTED },
    { FINDINGS_STATUS_COMPLETED, FINDINGS_PROBLEM_ALREADY_ACCEPTED },
    { FINDINGS_STATUS_WITHDRAWN, FINDINGS_PROBLEM_WITHDRAWN },
  };
  const FindingsAction actions[] = {
    FINDINGS_ACTION_ACCEPT, FINDINGS_ACTION_DECLINE, FINDINGS_ACTION_REQUEST_CALL,
  };
  g_autoptr(GDateTime) now = utc ("2026-11-20T14:02:11Z");

  g_assert_cmpuint (G_N_ELEMENTS (rules), ==, FINDINGS_STATUS_WITHDRAWN + 1);

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    for (guint j = 0; j < G_N_ELEMENTS (actions); j++)
      {
        g_assert_cmpint (findings_protocol_check_decision (rules[i].status, actions[j],
                                                           "2026-12-31", "America/Toronto",
                                                           now), ==, rules[i].problem);
        g_assert_cmpint (findings_protocol_check_decision (rules[i].status, actions[j], NULL,
                                                           NULL, now), ==, rules[i].problem);
      }
}

/* Valid through the end of valid_until in the site's zone, judged at decided_at. */
static void
test_decision_expiry (void)
{
  g_autoptr(GDateTime) last_second = utc ("2027-01-01T04:59:59Z");
  g_autoptr(GDateTime) next_day = utc ("2027-01-01T05:00:00Z");
  g_autoptr(GDateTime) utc_midnight = utc ("2027-01-01T00:00:00Z");
  g_autoptr(GDateTime) in_tokyo = utc ("2026-12-31T15:00:00Z");

  g_assert_cmpint (findings_protocol_check_decision (FINDINGS_STATUS_OPEN,
                                                     FINDINGS_ACTION_ACCEPT, "2026-12-31",
                                                     "America/Toronto", last_second),
                   ==, FINDINGS_PROBLEM_NONE);
  g_assert_cmpint (findings_protocol_check_decision (FINDINGS_STATUS_OPEN,
                                                     FINDINGS_ACTION_ACCEPT, "2026-12-31",
                                                     "America/Toronto", next_day),
                   ==, FINDINGS_PROBLEM_QUOTE_EXPIRED);
  g_assert_cmpint (findings_protocol_check_decision (FINDINGS_STATUS_DECLINED,
                                                     FINDINGS_ACTION_ACCEPT, "2026-12-31",
                                                     "America/Toronto", next_day),
                   ==, FINDINGS_PROBLEM_QUOTE_EXPIRED);

  /* Only accepting needs a valid quote. */
  g_assert_cmpint (findings_protocol_check_decision (FINDINGS_STATUS_OPEN,
                                                     FINDINGS_ACTION_DECLINE, "2026-12-31",
                                                     "America/Toronto", next_day),
                   ==, FINDINGS_PROBLEM_NONE);
  g_assert_cmpint (findings_protocol_check_decision (FINDINGS_STATUS_OPEN,
                                                     FINDINGS_ACTION_REQUEST_CALL, "2026-12-31",
                                                     "America/Toronto", next_day),
                   ==, FINDINGS_PROBLEM_NONE);

  /* The status decides first. */
  g_assert_cmpint (findings_protocol_check_decision (FINDINGS_STATUS_ACCEPTED,
                                                     FINDINGS_ACTION_ACCEPT, "2026-12-31",
                                                     "America/Toronto", next_day),
                   ==, FINDINGS_PROBLEM_ALREADY_ACCEPTED);

  /* No zone, or one the kiosk does not know: UTC. */
  g_assert_cmpint (findings_protocol_check_decision (FINDINGS_STATUS_OPEN,
                                                     FINDINGS_ACTION_ACCEPT, "2026-12-31",
                                                     NULL, utc_midnight),
                   ==, FINDINGS_PROBLEM_QUOTE_EXPIRED);
  g_assert_cmpint (findings_protocol_check_decision (FINDINGS_STATUS_OPEN,
                                                     FINDINGS_ACTION_ACCEPT, "2026-12-31",
                                                     "Nowhere/Else", utc_midnight),
                   ==, FINDINGS_PROBLEM_QUOTE_EXPIRED);
  g_assert_cmpint (findings_protocol_check_decision (FINDINGS_STATUS_OPEN,
                                                     FINDINGS_ACTION_ACCEPT, "2026-12-31",
                                                     "Asia/Tokyo", in_tokyo),
                   ==, FINDINGS_PROBLEM_QUOTE_EXPIRED);

  /* No quote date, or one that is not a date: it never expires. */
  g_assert_cmpint (findings_protocol_check_decision (FINDINGS_STATUS_OPEN,
                                                     FINDINGS_ACTION_ACCEPT, NULL,
                                                     "America/Toronto", next_day),
                   ==, FINDINGS_PROBLEM_NONE);
  g_assert_cmpint (findings_protocol_check_decision (FINDINGS_STATUS_OPEN,
                                                     FINDINGS_ACTION_ACCEPT, "soon",
                                                     "America/Toronto", next_day),
                   ==, FINDINGS_PROBLEM_NONE);
}

/* The model's convenience takes the quote from the recommendation, the zone from its
 * visit's site. */
static void
test_recommendation_check (void)
{
  g_autoptr(FindingsVisit) visit = findings_visit_new ("v-1");
  g_autoptr(FindingsSite) site = findings_site_new ("s-1");
  g_autoptr(FindingsRecommendation) rec = findings_recommendation_new ("r-1");
  g_autoptr(FindingsRecommendation) alone = findings_recommendation_new ("r-2");
  g_autoptr(GDateTime) last_second = utc ("2027-01-01T04:59:59Z");
  g_autoptr(GDateTime) next_day = utc ("2027-01-01T05:00:00Z");

  findings_site_set_timezone (site, "America/Toronto");
  findings_visit_set_site (visit, site);
  findings_recommendation_set_quote_valid_until (rec, "2026-12-31");
  findings_visit_add_recommendation (visit, rec);

  g_assert_cmpint (findings_recommendation_check_decision (rec, FINDINGS_ACTION_ACCEPT,
                                                           last_second),
                   ==, FINDINGS_PROBLEM_NONE);
  g_assert_cmpint (findings_recommendation_check_decision (rec, FINDINGS_ACTION_ACCEPT, next_day),
                   ==, FINDINGS_PROBLEM_QUOTE_EXPIRED);
  g_assert_true (findings_recommendation_is_quote_expired (rec, next_day));
  g_assert_cmpint (findings_recommendation_check_decision (rec, FINDINGS_ACTION_DECLINE,
                                                           next_day),
                   ==, FINDINGS_PROBLEM_NONE);

  findings_recommendation_set_status (rec, FINDINGS_STATUS_WITHDRAWN);
  g_assert_cmpint (findings_recommendation_check_decision (rec, FINDINGS_ACTION_DECLINE,
                                                           last_second),
                   ==, FINDINGS_PROBLEM_WITHDRAWN);

  /* In no visit: UTC, where 04:59 on the 1st is already past the 31st. */
  findings_recommendation_set_quote_valid_until (alone, "2026-12-31");
  g_assert_cmpint (findings_recommendation_check_decision (alone, FINDINGS_ACTION_ACCEPT,
                                                           last_second),
                   ==, FINDINGS_PROBLEM_QUOTE_EXPIRED);
}

static void
test_follow_up_json (void)
{
  g_autoptr(FindingsFollowUp) follow_up = NULL;
  g_autoptr(FindingsFollowUp) empty = findings_follow_up_new (FINDINGS_FOLLOW_UP_STATE_DONE);
  g_autoptr(FindingsFollowUp) back = NULL;
  g_autoptr(GTimeZone) plus_one = g_time_zone_new_offset (3600);
  g_autoptr(GDateTime) updated_at = g_date_time_new (plus_one, 2026, 3, 3, 10, 0, 0);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) empty_node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *empty_text = NULL;

  follow_up = findings_follow_up_new (FINDINGS_FOLLOW_UP_STATE_CONTACTED);
  findings_follow_up_set_owner (follow_up, "Sarah, office");
  findings_follow_up_set_due_by (follow_up, "2026-03-06");
  findings_follow_up_set_message (follow_up, "I will call.");
  findings_follow_up_set_updated_at (follow_up, updated_at);

  node = findings_follow_up_to_json (follow_up);
  text = json_to_string (node, FALSE);
  g_assert_cmpstr (text, ==,
                   "{\"state\":\"contacted\",\"owner\":\"Sarah, office\","
                   "\"due_by\":\"2026-03-06\",\"message\":\"I will call.\","
                   "\"updated_at\":\"2026-03-03T09:00:00Z\"}");

  /* A follow-up is replaced whole: what is unset is written as null. */
  empty_node = findings_follow_up_to_json (empty);
  empty_text = json_to_string (empty_node, FALSE);
  g_assert_cmpstr (empty_text, ==,
                   "{\"state\":\"done\",\"owner\":null,\"due_by\":null,\"message\":null,"
                   "\"updated_at\":null}");

  back = findings_follow_up_new_from_json (node, "follow_up", &error);
  g_assert_no_error (error);
  g_assert_cmpint (findings_follow_up_get_state (back), ==, FINDINGS_FOLLOW_UP_STATE_CONTACTED);
  g_assert_cmpstr (findings_follow_up_get_owner (back), ==, "Sarah, office");
  g_assert_cmpstr (findings_follow_up_get_due_by (back), ==, "2026-03-06");
  g_assert_cmpstr (findings_follow_up_get_message (back), ==, "I will call.");
  g_assert_true (g_date_time_equal (findings_follow_up_get_updated_at (back), updated_at));
  g_clear_object (&back);

  back = findings_follow_up_new_from_json (empty_node, "follow_up", &error);
  g_assert_no_error (error);
  g_assert_null (findings_follow_up_get_owner (back));
  g_assert_null (findings_follow_up_get_updated_at (back));
}

static void
assert_follow_up_refused (const char         *text,
                          FindingsParseError  code,
                          const char         *path)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FindingsFollowUp) follow_up = NULL;

  g_assert_nonnull (node);
  follow_up = findings_follow_up_new_from_json (node, "recommendations[2].follow_up", &error);
  g_assert_null (follow_up);
  g_assert_error (error, FINDINGS_PARSE_ERROR, (int) code);
  g_assert_true (g_str_has_prefix (error->message, path));
}

static void
test_follow_up_json_refused (void)
{
  assert_follow_up_refused ("[]", FINDINGS_PARSE_ERROR_WRONG_TYPE,
                            "recommendations[2].follow_up:");
  assert_follow_up_refused ("{}", FINDINGS_PARSE_ERROR_MISSING_FIELD,
                            "recommendations[2].follow_up.state:");
  assert_follow_up_refused ("{\"state\": \"lost\"}", FINDINGS_PARSE_ERROR_INVALID_VALUE,
                            "recommendations[2].follow_up.state:");
  assert_follow_up_refused ("{\"state\": \"done\", \"due_by\": \"Tuesday\"}",
                            FINDINGS_PARSE_ERROR_INVALID_VALUE,
                            "recommendations[2].follow_up.due_by:");
  assert_follow_up_refused ("{\"state\": \"done\", \"updated_at\": \"2026-03-03\"}",
                            FINDINGS_PARSE_ERROR_INVALID_VALUE,
                            "recommendations[2].follow_up.updated_at:");
  assert_follow_up_refused ("{\"state\": \"done\", \"owner\": 7}",
                            FINDINGS_PARSE_ERROR_WRONG_TYPE,
                            "recommendations[2].follow_up.owner:");
}

/* The cursor is read from the raw query, with lengths: an encoded NUL is a byte
 * like any other, and so refused rather than the end of the value. */
static void
test_query_cursor (void)
{
  const struct
  {
    const char *query;
    const char *cursor;  /* NULL: no cursor; "!": refused */
  } cases[] = {
    { NULL, NULL },
    { "", NULL },
    { "other=%00&x", NULL },
    { "since=c1", "c1" },
    { "since=%631%32", "c12" },
    { "a=1&since=c123456789012345678&b", "c123456789012345678" },
    { "since=", "!" },
    { "since", "!" },
    { "since=%00", "!" },
    { "since=%00c1", "!" },
    { "since=c1%00x", "!" },
    { "since=c1%00", "!" },
    { "since=c1&since=c2", "!" },
    { "since=c", "!" },
    { "since=c1234567890123456789", "!" },
    { "since=c-1", "!" },
    { "since=c+1", "!" },
    { "since=C1", "!" },
    { "since=c1%", "!" },
    { "since=c1%3", "!" },
    { "since=%zz", "!" },
    { "since=%FF", "!" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *cursor = NULL;
      gboolean ok = findings_protocol_query_cursor (cases[i].query, &cursor, &error);

      if (g_strcmp0 (cases[i].cursor, "!") == 0)
        {
          g_assert_false (ok);
          g_assert_error (error, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_INVALID_VALUE);
          g_assert_null (cursor);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpstr (cursor, ==, cases[i].cursor);
        }
    }

  g_assert_true (findings_protocol_is_valid_cursor ("c0", 2));
  g_assert_false (findings_protocol_is_valid_cursor ("c0", 1));
  g_assert_false (findings_protocol_is_valid_cursor ("c1\0", 3));
  g_assert_false (findings_protocol_is_valid_cursor (NULL, 0));
}

/* The office's reading of its own cursors: the change number, or a refusal. */
static void
test_parse_cursor (void)
{
  const char *refused[] = { "", "c", "x1", "c1x", "c-1", "c 1", "C1", "c9223372036854775808",
                            "c1234567890123456789" };
  gint64 seq = -1;

  g_assert_true (findings_protocol_parse_cursor (NULL, &seq));
  g_assert_cmpint (seq, ==, 0);
  g_assert_true (findings_protocol_parse_cursor ("c0", &seq));
  g_assert_cmpint (seq, ==, 0);
  g_assert_true (findings_protocol_parse_cursor ("c42", &seq));
  g_assert_cmpint (seq, ==, 42);
  g_assert_true (findings_protocol_parse_cursor ("c999999999999999999", &seq));
  g_assert_cmpint (seq, ==, G_GINT64_CONSTANT (999999999999999999));

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    g_assert_false (findings_protocol_parse_cursor (refused[i], &seq));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/protocol/problem-types", test_problem_types);
  g_test_add_func ("/protocol/limits", test_limits);
  g_test_add_func ("/protocol/media-types", test_media_types);
  g_test_add_func ("/protocol/cursor/query", test_query_cursor);
  g_test_add_func ("/protocol/cursor/parse", test_parse_cursor);
  g_test_add_func ("/protocol/time/format", test_time_format);
  g_test_add_func ("/protocol/time/parse", test_time_parse);
  g_test_add_func ("/protocol/date-parse", test_date_parse);
  g_test_add_func ("/protocol/time-zone", test_time_zone);
  g_test_add_func ("/protocol/action-status", test_action_status);
  g_test_add_func ("/protocol/decision/by-status", test_decision_by_status);
  g_test_add_func ("/protocol/decision/expiry", test_decision_expiry);
  g_test_add_func ("/protocol/decision/recommendation", test_recommendation_check);
  g_test_add_func ("/protocol/follow-up/json", test_follow_up_json);
  g_test_add_func ("/protocol/follow-up/json-refused", test_follow_up_json_refused);

  return g_test_run ();
}
