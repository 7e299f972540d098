/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "findings-decision-answer.h"
#include "findings-feed-page.h"
#include "findings-recommendation.h"
#include "findings-visit-parser.h"

/* A valid visit with @id, and @extra spliced in as more top-level members. */
static char *
visit_json (const char *id,
            const char *extra)
{
  return g_strdup_printf ("{\"schema_version\": 1, \"id\": \"%s\","
                          " \"site\": {\"id\": \"s-1\", \"name\": \"Maple Court\"},"
                          " \"company\": {\"name\": \"Novus Mechanical\"},"
                          " \"technician\": {\"name\": \"Angus Reid\"},"
                          " \"completed_at\": \"2026-11-20T15:40:00Z\","
                          " \"currency\": \"CAD\","
                          " \"recommendations\": [{"
                          "   \"id\": \"r-%s\", \"title\": \"Replace the heat exchanger\","
                          "   \"category\": \"safety\", \"urgency\": \"immediate\","
                          "   \"finding\": \"A crack.\", \"why_it_matters\": \"Exhaust can leak.\","
                          "   \"options\": [{\"id\": \"o-1\", \"label\": \"Replace\","
                          "                  \"price\": 480000}],"
                          "   \"status\": \"open\"}]%s%s}",
                          id, id, extra != NULL ? ", " : "", extra != NULL ? extra : "");
}

static FindingsFeedPage *
parse_page (const char  *text,
            GError     **error)
{
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));

  return findings_feed_page_parse (body, error);
}

static FindingsFeedPage *
parse_page_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  FindingsFeedPage *page = parse_page (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (page);
  return page;
}

static void
assert_page_refused (const char         *text,
                     FindingsParseError  code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FindingsFeedPage) page = parse_page (text, &error);

  g_assert_null (page);
  g_assert_error (error, FINDINGS_PARSE_ERROR, (int) code);
}

static const char *
visit_id (FindingsFeedPage *page,
          guint             i)
{
  return findings_visit_get_id (findings_feed_page_get_visit (page, i));
}

static void
test_page_good (void)
{
  g_autofree char *v1 = visit_json ("v-1", NULL);
  g_autofree char *v2 = visit_json ("v-2", "\"unknown\": [1, {\"a\": null}]");
  g_autofree char *text = g_strdup_printf ("{\"visits\": [%s,\n  %s ], \"cursor\": \"c 1/2\","
                                           " \"more\": true}", v1, v2);
  g_autoptr(FindingsFeedPage) page = parse_page_ok (text);
  g_autoptr(FindingsVisit) again = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *body;

  g_assert_cmpuint (findings_feed_page_get_n_visits (page), ==, 2);
  g_assert_cmpuint (findings_feed_page_get_n_problems (page), ==, 0);
  g_assert_cmpstr (findings_feed_page_get_cursor (page), ==, "c 1/2");
  g_assert_true (findings_feed_page_get_more (page));
  g_assert_cmpstr (visit_id (page, 0), ==, "v-1");
  g_assert_cmpstr (visit_id (page, 1), ==, "v-2");

  /* Each body is the visit's own text, byte for byte, and reads back as the visit. */
  body = findings_feed_page_get_visit_body (page, 0);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), v1, strlen (v1));
  body = findings_feed_page_get_visit_body (page, 1);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), v2, strlen (v2));
  again = findings_visit_parse_bytes (body, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (findings_visit_get_id (again), ==, "v-2");
}

static void
test_page_empty_and_more (void)
{
  g_autoptr(FindingsFeedPage) absent = parse_page_ok ("{\"visits\": [], \"cursor\": \"c-0\"}");
  g_autoptr(FindingsFeedPage) null = NULL;
  g_autoptr(FindingsFeedPage) last = NULL;

  g_assert_cmpuint (findings_feed_page_get_n_visits (absent), ==, 0);
  g_assert_cmpuint (findings_feed_page_get_n_problems (absent), ==, 0);
  g_assert_false (findings_feed_page_get_more (absent));

  null = parse_page_ok ("{\"visits\": [], \"cursor\": \"c-0\", \"more\": null}");
  g_assert_false (findings_feed_page_get_more (null));
  last = parse_page_ok ("{\"more\": false, \"cursor\": \"\", \"visits\": []}");
  g_assert_false (findings_feed_page_get_more (last));
  g_assert_cmpstr (findings_feed_page_get_cursor (last), ==, "");
}

static void
assert_problem (FindingsFeedPage   *page,
                guint               i,
                guint               position,
                const char         *id,
                FindingsParseError  code)
{
  const FindingsFeedProblem *problem = findings_feed_page_get_problem (page, i);

  g_assert_nonnull (problem);
  g_assert_cmpuint (problem->position, ==, position);
  g_assert_cmpstr (problem->id, ==, id);
  g_assert_error (problem->error, FINDINGS_PARSE_ERROR, (int) code);
}

/* The case: a \u0000 in one visit sets that visit aside, not the page. */
static void
test_page_nul_in_one_visit (void)
{
  g_autofree char *v1 = visit_json ("v-1", NULL);
  g_autofree char *v2 = visit_json ("v-2", "\"summary\": \"cut\\u0000here\"");
  g_autofree char *v3 = visit_json ("v-3", NULL);
  g_autofree char *text = g_strdup_printf ("{\"visits\": [%s, %s, %s], \"cursor\": \"c-1\","
                                           " \"more\": false}", v1, v2, v3);
  g_autoptr(FindingsFeedPage) page = parse_page_ok (text);

  g_assert_cmpuint (findings_feed_page_get_n_visits (page), ==, 2);
  g_assert_cmpstr (visit_id (page, 0), ==, "v-1");
  g_assert_cmpstr (visit_id (page, 1), ==, "v-3");
  g_assert_cmpuint (findings_feed_page_get_n_problems (page), ==, 1);
  assert_problem (page, 0, 1, "v-2", FINDINGS_PARSE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (findings_feed_page_get_problem (page, 0)->error->message, "NUL"));
  g_assert_cmpstr (findings_feed_page_get_cursor (page), ==, "c-1");
}

/* Numbers json-glib would wrap or clamp, at any depth of one visit. */
static void
test_page_huge_numbers (void)
{
  g_autofree char *v1 = visit_json ("v-1", "\"x\": {\"deep\": [99999999999999999999]}");
  g_autofree char *v2 = visit_json ("v-2", NULL);
  g_autofree char *v3 = visit_json ("v-3", "\"y\": -9223372036854775809");
  g_autofree char *v4 = visit_json ("v-4", "\"z\": -9223372036854775808");
  g_autofree char *text = g_strdup_printf ("{\"visits\": [%s, %s, %s, %s], \"cursor\": \"c\"}",
                                           v1, v2, v3, v4);
  g_autoptr(FindingsFeedPage) page = parse_page_ok (text);

  /* The smallest 64-bit number fits. */
  g_assert_cmpuint (findings_feed_page_get_n_visits (page), ==, 2);
  g_assert_cmpstr (visit_id (page, 0), ==, "v-2");
  g_assert_cmpstr (visit_id (page, 1), ==, "v-4");
  g_assert_cmpuint (findings_feed_page_get_n_problems (page), ==, 2);
  assert_problem (page, 0, 0, "v-1", FINDINGS_PARSE_ERROR_OUT_OF_RANGE);
  assert_problem (page, 1, 2, "v-3", FINDINGS_PARSE_ERROR_OUT_OF_RANGE);
}

/* json-glib would read "v-\u0000x" as "v-": such an id is not named at all. */
static void
test_page_broken_id (void)
{
  g_autoptr(FindingsFeedPage) page = NULL;
  g_autofree char *v4 = visit_json ("v-4", NULL);
  g_autofree char *text = NULL;

  text = g_strdup_printf ("{\"visits\": ["
                          "{\"id\": \"v-\\u0000x\"},"
                          "{\"i\\u0000d\": \"v-2\", \"id\": \"v-2\"},"
                          "{\"id\": \"v-3\", \"n\": 18446744073709551616},"
                          "%s], \"cursor\": \"c\"}", v4);
  page = parse_page_ok (text);

  g_assert_cmpuint (findings_feed_page_get_n_visits (page), ==, 1);
  g_assert_cmpstr (visit_id (page, 0), ==, "v-4");
  g_assert_cmpuint (findings_feed_page_get_n_problems (page), ==, 3);
  assert_problem (page, 0, 0, NULL, FINDINGS_PARSE_ERROR_INVALID_VALUE);
  assert_problem (page, 1, 1, NULL, FINDINGS_PARSE_ERROR_INVALID_VALUE);
  assert_problem (page, 2, 2, "v-3", FINDINGS_PARSE_ERROR_OUT_OF_RANGE);
}

/* A visit the parser refuses is set aside with the parser's error. */
static void
test_page_invalid_visits (void)
{
  g_autofree char *v2 = visit_json ("v-2", NULL);
  g_autofree char *text = NULL;
  g_autoptr(FindingsFeedPage) page = NULL;

  text = g_strdup_printf ("{\"visits\": [{\"schema_version\": 1, \"id\": \"v-bad\","
                          " \"currency\": \"CAD\", \"price\": \"12\"}, %s, 5, \"text\", null,"
                          " {\"id\": 7}], \"cursor\": \"c\", \"more\": true}", v2);
  page = parse_page_ok (text);

  g_assert_cmpuint (findings_feed_page_get_n_visits (page), ==, 1);
  g_assert_cmpstr (visit_id (page, 0), ==, "v-2");
  g_assert_cmpuint (findings_feed_page_get_n_problems (page), ==, 5);
  assert_problem (page, 0, 0, "v-bad", FINDINGS_PARSE_ERROR_MISSING_FIELD);
  assert_problem (page, 1, 2, NULL, FINDINGS_PARSE_ERROR_WRONG_TYPE);
  assert_problem (page, 2, 3, NULL, FINDINGS_PARSE_ERROR_WRONG_TYPE);
  assert_problem (page, 3, 4, NULL, FINDINGS_PARSE_ERROR_WRONG_TYPE);
  assert_problem (page, 4, 5, NULL, FINDINGS_PARSE_ERROR_MISSING_FIELD);
}

static void
assert_envelope (const char         *text,
                 FindingsParseError  code,
                 const char         *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FindingsFeedPage) page = parse_page (text, &error);

  g_assert_null (page);
  g_assert_error (error, FINDINGS_PARSE_ERROR, (int) code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_page_envelope (void)
{
  assert_envelope ("[]", FINDINGS_PARSE_ERROR_WRONG_TYPE, "the page of visits is not an object");
  assert_envelope ("{\"cursor\": \"c\"}", FINDINGS_PARSE_ERROR_MISSING_FIELD,
                   "“visits” is not a list");
  assert_envelope ("{\"visits\": {}, \"cursor\": \"c\"}", FINDINGS_PARSE_ERROR_WRONG_TYPE,
                   "“visits” is not a list");
  assert_envelope ("{\"visits\": []}", FINDINGS_PARSE_ERROR_MISSING_FIELD,
                   "“cursor” is not text");
  assert_envelope ("{\"visits\": [], \"cursor\": 12}", FINDINGS_PARSE_ERROR_WRONG_TYPE,
                   "“cursor” is not text");
  assert_envelope ("{\"visits\": [], \"cursor\": null}", FINDINGS_PARSE_ERROR_WRONG_TYPE,
                   "“cursor” is not text");
  assert_envelope ("{\"visits\": [], \"cursor\": \"c-9\", \"more\": \"no\"}",
                   FINDINGS_PARSE_ERROR_WRONG_TYPE, "“more” is not true or false");
  assert_envelope ("{\"visits\": [], \"cursor\": \"c-9\", \"more\": 1}",
                   FINDINGS_PARSE_ERROR_WRONG_TYPE, "“more” is not true or false");
}

/* What cannot be read, or breaks a value rule outside the visits, refuses the page. */
static void
test_page_refused_whole (void)
{
  g_autofree char *v1 = visit_json ("v-1", NULL);
  g_autofree char *syntax = g_strdup_printf ("{\"visits\": [%s, {\"id\": 'v-2'}],"
                                             " \"cursor\": \"c\"}", v1);
  g_autofree char *raw_nul = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"visits\": [");
  g_autoptr(GString) huge = g_string_new ("{\"visits\": [], \"cursor\": \"");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(FindingsFeedPage) page = NULL;
  gsize length;

  assert_page_refused (syntax, FINDINGS_PARSE_ERROR_SYNTAX);
  assert_page_refused ("{\"visits\": [", FINDINGS_PARSE_ERROR_TRUNCATED);
  assert_page_refused ("", FINDINGS_PARSE_ERROR_TRUNCATED);
  assert_page_refused ("{\"visits\": [\"\xff\"], \"cursor\": \"c\"}",
                       FINDINGS_PARSE_ERROR_INVALID_UTF8);
  assert_page_refused ("{\"visits\": [], \"cursor\": \"c\\u0000\"}",
                       FINDINGS_PARSE_ERROR_INVALID_VALUE);
  assert_page_refused ("{\"visits\": [], \"cursor\": \"c\", \"n\": [1e2, 99999999999999999999]}",
                       FINDINGS_PARSE_ERROR_OUT_OF_RANGE);
  assert_page_refused ("{\"visits\": [], \"cursor\": \"c\", \"vi\\u0000sits\": 1}",
                       FINDINGS_PARSE_ERROR_INVALID_VALUE);

  /* Level 1 is the page, 2 the list, 3 a visit: 64 levels pass, 65 do not. */
  for (guint i = 0; i < 62; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 62; i++)
    g_string_append_c (deep, ']');
  g_string_append (deep, "], \"cursor\": \"c\"}");
  page = parse_page (deep->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (findings_feed_page_get_n_problems (page), ==, 1);
  g_clear_pointer (&page, findings_feed_page_unref);
  g_string_insert_c (deep, strlen ("{\"visits\": ["), '[');
  g_string_insert_c (deep, deep->len - strlen ("], \"cursor\": \"c\"}"), ']');
  assert_page_refused (deep->str, FINDINGS_PARSE_ERROR_TOO_DEEP);

  /* A raw NUL byte is not JSON: the whole page goes. */
  raw_nul = g_strdup_printf ("{\"visits\": [%s, \"a?b\"], \"cursor\": \"c\"}", v1);
  length = strlen (raw_nul);
  *strchr (raw_nul, '?') = '\0';
  body = g_bytes_new (raw_nul, length);
  page = findings_feed_page_parse (body, &error);
  g_assert_null (page);
  g_assert_error (error, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  while (huge->len < 8 * 1024 * 1024)
    g_string_append (huge, "0123456789abcdef");
  g_string_append (huge, "\"}");
  assert_page_refused (huge->str, FINDINGS_PARSE_ERROR_TOO_LARGE);
}

/* json-glib keeps the last of two "visits"; so does the page, but a broken first one
 * still refuses it. A name spelt with escapes is the same name. */
static void
test_page_member_names (void)
{
  g_autofree char *v1 = visit_json ("v-1", NULL);
  g_autofree char *v2 = visit_json ("v-2", "\"summary\": \"\\u0000\"");
  g_autofree char *twice = g_strdup_printf ("{\"visits\": [%s], \"cursor\": \"c\","
                                            " \"visits\": [%s, %s]}", v1, v1, v1);
  g_autofree char *broken_first = g_strdup_printf ("{\"visits\": [%s], \"cursor\": \"c\","
                                                   " \"visits\": [%s]}", v2, v1);
  g_autofree char *escaped = g_strdup_printf ("{\"vi\\u0073its\": [%s, %s], \"cursor\": \"c\"}",
                                              v2, v1);
  g_autofree char *nested = g_strdup_printf ("{\"visits\": [%s], \"cursor\": \"c\","
                                             " \"other\": {\"visits\": [\"\\u0000\"]}}", v1);
  g_autoptr(FindingsFeedPage) page = NULL;

  page = parse_page_ok (twice);
  g_assert_cmpuint (findings_feed_page_get_n_visits (page), ==, 2);
  g_clear_pointer (&page, findings_feed_page_unref);

  assert_page_refused (broken_first, FINDINGS_PARSE_ERROR_INVALID_VALUE);

  page = parse_page_ok (escaped);
  g_assert_cmpuint (findings_feed_page_get_n_visits (page), ==, 1);
  assert_problem (page, 0, 0, "v-2", FINDINGS_PARSE_ERROR_INVALID_VALUE);
  g_clear_pointer (&page, findings_feed_page_unref);

  /* Only the top-level "visits" is the list of visits. */
  assert_page_refused (nested, FINDINGS_PARSE_ERROR_INVALID_VALUE);
}

static void
test_page_boxed (void)
{
  g_autoptr(FindingsFeedPage) page = parse_page_ok ("{\"visits\": [], \"cursor\": \"c\"}");
  FindingsFeedPage *copy;

  g_assert_true (G_TYPE_IS_BOXED (FINDINGS_TYPE_FEED_PAGE));
  copy = g_boxed_copy (FINDINGS_TYPE_FEED_PAGE, page);
  g_assert_true (copy == page);
  g_boxed_free (FINDINGS_TYPE_FEED_PAGE, copy);
  g_assert_true (findings_feed_page_ref (page) == page);
  findings_feed_page_unref (page);
  g_assert_cmpstr (findings_feed_page_get_cursor (page), ==, "c");
}

static FindingsDecisionAnswer *
parse_answer (const char  *text,
              GError     **error)
{
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));

  return findings_decision_answer_parse (body, error);
}

static void
test_decision_answer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FindingsDecisionAnswer) answer = NULL;
  g_autoptr(FindingsRecommendation) rec = findings_recommendation_new ("r-881");
  g_autoptr(GDateTime) updated_at = NULL;
  FindingsFollowUp *follow_up;

  answer = parse_answer ("{\"decision\": {\"id\": \"d-1\", \"action\": \"request_call\"},"
                         " \"recommendation\": {\"id\": \"r-881\", \"status\": \"call_requested\","
                         " \"follow_up\": {\"state\": \"requested\", \"due_by\": \"2026-11-24\","
                         " \"updated_at\": \"2026-11-20T09:00:00-05:00\", \"unknown\": 1}}}",
                         &error);
  g_assert_no_error (error);
  g_assert_true (FINDINGS_IS_DECISION_ANSWER (answer));
  g_assert_cmpstr (findings_decision_answer_get_recommendation_id (answer), ==, "r-881");
  g_assert_cmpint (findings_decision_answer_get_status (answer), ==,
                   FINDINGS_STATUS_CALL_REQUESTED);
  follow_up = findings_decision_answer_get_follow_up (answer);
  g_assert_nonnull (follow_up);
  g_assert_cmpint (findings_follow_up_get_state (follow_up), ==,
                   FINDINGS_FOLLOW_UP_STATE_REQUESTED);
  g_assert_cmpstr (findings_follow_up_get_due_by (follow_up), ==, "2026-11-24");
  g_assert_null (findings_follow_up_get_owner (follow_up));
  updated_at = g_date_time_new_from_iso8601 ("2026-11-20T14:00:00Z", NULL);
  g_assert_true (g_date_time_equal (findings_follow_up_get_updated_at (follow_up), updated_at));

  findings_recommendation_apply_answer (rec, answer);
  g_assert_cmpint (findings_recommendation_get_status (rec), ==, FINDINGS_STATUS_CALL_REQUESTED);
  g_assert_true (findings_recommendation_get_follow_up (rec) == follow_up);
  g_clear_object (&answer);

  /* No follow-up, absent or null: the recommendation's goes. */
  answer = parse_answer ("{\"recommendation\": {\"id\": \"r-881\", \"status\": \"accepted\"}}",
                         &error);
  g_assert_no_error (error);
  g_assert_null (findings_decision_answer_get_follow_up (answer));
  findings_recommendation_apply_answer (rec, answer);
  g_assert_cmpint (findings_recommendation_get_status (rec), ==, FINDINGS_STATUS_ACCEPTED);
  g_assert_null (findings_recommendation_get_follow_up (rec));
  g_clear_object (&answer);

  answer = parse_answer ("{\"recommendation\": {\"id\": \"r-881\", \"status\": \"declined\","
                         " \"follow_up\": null}}", &error);
  g_assert_no_error (error);
  g_assert_null (findings_decision_answer_get_follow_up (answer));
  g_assert_cmpint (findings_decision_answer_get_status (answer), ==, FINDINGS_STATUS_DECLINED);
}

static void
assert_answer_refused (const char         *text,
                       FindingsParseError  code,
                       const char         *in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FindingsDecisionAnswer) answer = parse_answer (text, &error);

  g_assert_null (answer);
  g_assert_error (error, FINDINGS_PARSE_ERROR, (int) code);
  if (in_message != NULL)
    g_assert_nonnull (strstr (error->message, in_message));
}

static void
test_decision_answer_refused (void)
{
  assert_answer_refused ("[]", FINDINGS_PARSE_ERROR_MISSING_FIELD, "“recommendation” is missing");
  assert_answer_refused ("{\"decision\": {}}", FINDINGS_PARSE_ERROR_MISSING_FIELD,
                         "“recommendation” is missing");
  assert_answer_refused ("{\"recommendation\": \"r-1\"}", FINDINGS_PARSE_ERROR_WRONG_TYPE,
                         "“recommendation” is missing");
  assert_answer_refused ("{\"recommendation\": {\"status\": \"open\"}}",
                         FINDINGS_PARSE_ERROR_MISSING_FIELD, "recommendation.id");
  assert_answer_refused ("{\"recommendation\": {\"id\": \"r-1\"}}",
                         FINDINGS_PARSE_ERROR_MISSING_FIELD, "recommendation.status");
  assert_answer_refused ("{\"recommendation\": {\"id\": \"r-1\", \"status\": \"lost\"}}",
                         FINDINGS_PARSE_ERROR_INVALID_VALUE, "recommendation.status");
  assert_answer_refused ("{\"recommendation\": {\"id\": \"r-1\", \"status\": \"open\","
                         " \"follow_up\": {\"state\": \"done\", \"due_by\": \"soon\"}}}",
                         FINDINGS_PARSE_ERROR_INVALID_VALUE, "recommendation.follow_up.due_by");
  assert_answer_refused ("{\"recommendation\": {\"id\": \"r-1\", \"status\": \"open\","
                         " \"follow_up\": [1]}}",
                         FINDINGS_PARSE_ERROR_WRONG_TYPE, "recommendation.follow_up");
  /* Checked as strictly as a visit. */
  assert_answer_refused ("{\"recommendation\": {\"id\": \"r-1\\u0000\", \"status\": \"open\"}}",
                         FINDINGS_PARSE_ERROR_INVALID_VALUE, NULL);
  assert_answer_refused ("{\"recommendation\": {\"id\": \"r-1\", \"status\": \"open\"},}",
                         FINDINGS_PARSE_ERROR_SYNTAX, NULL);
  assert_answer_refused ("", FINDINGS_PARSE_ERROR_TRUNCATED, NULL);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/answer/feed-page/good", test_page_good);
  g_test_add_func ("/answer/feed-page/empty-and-more", test_page_empty_and_more);
  g_test_add_func ("/answer/feed-page/nul-in-one-visit", test_page_nul_in_one_visit);
  g_test_add_func ("/answer/feed-page/huge-numbers", test_page_huge_numbers);
  g_test_add_func ("/answer/feed-page/broken-id", test_page_broken_id);
  g_test_add_func ("/answer/feed-page/invalid-visits", test_page_invalid_visits);
  g_test_add_func ("/answer/feed-page/envelope", test_page_envelope);
  g_test_add_func ("/answer/feed-page/refused-whole", test_page_refused_whole);
  g_test_add_func ("/answer/feed-page/member-names", test_page_member_names);
  g_test_add_func ("/answer/feed-page/boxed", test_page_boxed);
  g_test_add_func ("/answer/decision/good", test_decision_answer);
  g_test_add_func ("/answer/decision/refused", test_decision_answer_refused);

  return g_test_run ();
}
