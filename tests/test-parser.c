/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "findings-decision-answer.h"
#include "findings-json-check.h"
#include "findings-visit-parser.h"

/* Only the required fields. */
static const char minimal_doc[] =
  "{\"schema_version\": 1,"
  " \"id\": \"v-1\","
  " \"site\": {\"id\": \"s-1\", \"name\": \"Maple Court\"},"
  " \"company\": {\"name\": \"Novus Mechanical\"},"
  " \"technician\": {\"name\": \"Angus Reid\"},"
  " \"completed_at\": \"2026-11-20T15:40:00Z\","
  " \"currency\": \"CAD\","
  " \"recommendations\": [{"
  "   \"id\": \"r-1\", \"title\": \"Replace the heat exchanger\","
  "   \"category\": \"safety\", \"urgency\": \"immediate\","
  "   \"finding\": \"A crack.\", \"why_it_matters\": \"Exhaust can leak.\","
  "   \"options\": [{\"id\": \"o-1\", \"label\": \"Replace\", \"price\": 480000}],"
  "   \"status\": \"open\"}]}";

#define SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* Every field, a few nulls, and text outside ASCII. */
static const char full_doc[] =
  "{\"schema_version\": 1,"
  " \"id\": \"v-2026-0007\","
  " \"site\": {\"id\": \"s-3\", \"name\": \"Birchwood Library\", \"address\": \"12 Birch St\","
  "          \"timezone\": \"America/Vancouver\"},"
  " \"company\": {\"name\": \"Harbour Heating\", \"phone\": \"+1 604 555 0199\","
  "             \"email\": \"office@example.com\"},"
  " \"technician\": {\"id\": \"t-2\", \"name\": \"Mei Tanaka\"},"
  " \"started_at\": \"2026-03-02T08:15:00-08:00\","
  " \"completed_at\": \"2026-03-02T19:45:30.5Z\","
  " \"summary\": \"Spring inspection of the boilers.\","
  " \"work_performed\": [\"Cleaned burners\", \"Checked flue draft\"],"
  " \"currency\": \"CAD\","
  " \"recommendations\": ["
  "  {\"id\": \"r-10\", \"title\": \"Réparer la pompe — 修理\", \"category\": \"reliability\","
  "   \"urgency\": \"soon\","
  "   \"equipment\": {\"name\": \"Boiler 1\", \"tag\": \"B-1\", \"location\": \"Basement\"},"
  "   \"finding\": \"Pump bearing noise.\", \"why_it_matters\": \"A failure stops the heat.\","
  "   \"if_deferred\": \"Likely to fail this winter.\", \"technician_note\": \"Part ordered.\","
  "   \"safety\": {\"level\": \"caution\", \"note\": \"Hot surfaces.\"},"
  "   \"options\": ["
  "    {\"id\": \"o-a\", \"label\": \"Replace the bearing\", \"description\": \"Same pump.\","
  "     \"price\": 65000, \"tax_included\": true, \"annual_savings\": null,"
  "     \"savings_basis\": null, \"expected_life_years\": 2.5, \"duration_hours\": 1.5},"
  "    {\"id\": \"o-b\", \"label\": \"New ECM pump\", \"price\": 240000, \"tax_included\": false,"
  "     \"annual_savings\": 30000, \"savings_basis\": \"Metered use\","
  "     \"expected_life_years\": 15, \"duration_hours\": 4}],"
  "   \"quote\": {\"valid_until\": \"2026-04-30\", \"conditions\": \"Parts in stock.\"},"
  "   \"photos\": [{\"id\": \"p-7\", \"caption\": \"The pump\", \"media_type\": \"image/png\","
  "                \"sha256\": \"" SHA "\"}],"
  "   \"status\": \"call_requested\","
  "   \"follow_up\": {\"state\": \"contacted\", \"owner\": \"Sarah, office\","
  "                 \"due_by\": \"2026-03-06\", \"message\": \"I will call.\","
  "                 \"updated_at\": \"2026-03-03T09:00:00+01:00\"}},"
  "  {\"id\": \"r-11\", \"title\": \"Seal the duct joints\", \"category\": \"savings\","
  "   \"urgency\": \"plan\", \"finding\": \"Leaky joints.\", \"why_it_matters\": \"Wasted heat.\","
  "   \"equipment\": null, \"safety\": null, \"quote\": null, \"photos\": null,"
  "   \"follow_up\": null, \"if_deferred\": null,"
  "   \"options\": [{\"id\": \"o-a\", \"label\": \"Seal\", \"price\": 0, \"tax_included\": null}],"
  "   \"status\": \"open\"}]}";

/* Mutations go through json-glib, which writes numbers and strings back as
 * they were; @path is like "recommendations[0].options[0].price". A NULL
 * @value removes the member. */
static char *
doc_with_node (const char *base,
               const char *path,
               JsonNode   *value)
{
  g_autoptr(JsonNode) root = json_from_string (base, NULL);
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = root;

  g_assert_nonnull (root);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      JsonObject *object = json_node_get_object (node);
      char *bracket = strchr (parts[i], '[');

      if (parts[i + 1] == NULL)
        {
          g_assert_null (bracket);
          if (value == NULL)
            json_object_remove_member (object, parts[i]);
          else
            json_object_set_member (object, parts[i], value);
          break;
        }

      if (bracket != NULL)
        {
          guint index = (guint) g_ascii_strtoull (bracket + 1, NULL, 10);

          *bracket = '\0';
          node = json_object_get_member (object, parts[i]);
          node = json_array_get_element (json_node_get_array (node), index);
        }
      else
        {
          node = json_object_get_member (object, parts[i]);
        }
      g_assert_nonnull (node);
    }

  return json_to_string (root, FALSE);
}

static char *
doc_with (const char *base,
          const char *path,
          const char *json)
{
  JsonNode *value = NULL;

  if (json != NULL)
    {
      value = json_from_string (json, NULL);
      g_assert_nonnull (value);
    }

  return doc_with_node (base, path, value);
}

static char *
doc_with_string (const char *base,
                 const char *path,
                 const char *text)
{
  JsonNode *value = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (value, text);
  return doc_with_node (base, path, value);
}

/* For what json-glib would rewrite (4800.0 becomes 4800): plain text surgery. */
static char *
doc_replacing (const char *base,
               const char *old_text,
               const char *new_text)
{
  const char *at = strstr (base, old_text);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - base), base, new_text, at + strlen (old_text));
}

static char *
repeat (const char *unit,
        guint       times)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (out, unit);

  return g_string_free (out, FALSE);
}

static FindingsVisit *
parse_ok (const char *doc,
          gsize       length)
{
  g_autoptr(GError) error = NULL;
  FindingsVisit *visit = findings_visit_parse (doc, length, &error);

  g_assert_no_error (error);
  g_assert_true (FINDINGS_IS_VISIT (visit));
  return visit;
}

static void
assert_ok (const char *doc)
{
  g_autoptr(FindingsVisit) visit = parse_ok (doc, strlen (doc));
}

/* The message must start with the field's path when one is given, else
 * contain @fragment (such as "line"). Returns the message for further checks. */
static char *
assert_fails_len (const char         *doc,
                  gsize               length,
                  FindingsParseError  code,
                  const char         *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FindingsVisit) visit = findings_visit_parse (doc, length, &error);

  g_assert_null (visit);
  g_assert_error (error, FINDINGS_PARSE_ERROR, (int) code);

  if (path != NULL)
    {
      g_autofree char *prefix = g_strconcat (path, ": ", NULL);
      g_autofree char *start = g_strndup (error->message, strlen (prefix));

      g_assert_cmpstr (start, ==, prefix);
    }

  return g_strdup (error->message);
}

static char *
assert_fails (const char         *doc,
              FindingsParseError  code,
              const char         *path)
{
  return assert_fails_len (doc, strlen (doc), code, path);
}

/* Changes @path in @base to @json and expects @code about @error_path. */
static void
check_change (const char         *base,
              const char         *path,
              const char         *json,
              FindingsParseError  code,
              const char         *error_path)
{
  g_autofree char *doc = doc_with (base, path, json);
  g_autofree char *message = NULL;

  g_test_message ("%s = %s", path, json != NULL ? json : "(removed)");
  message = assert_fails (doc, code, error_path);
}

static void
test_minimal (void)
{
  g_autoptr(FindingsVisit) visit = parse_ok (minimal_doc, strlen (minimal_doc));
  GListModel *recommendations = findings_visit_get_recommendations (visit);
  g_autoptr(FindingsRecommendation) recommendation = NULL;
  g_autoptr(FindingsOption) option = NULL;
  g_autoptr(GDateTime) expected = g_date_time_new_utc (2026, 11, 20, 15, 40, 0);

  g_assert_cmpstr (findings_visit_get_id (visit), ==, "v-1");
  g_assert_cmpstr (findings_site_get_id (findings_visit_get_site (visit)), ==, "s-1");
  g_assert_cmpstr (findings_site_get_name (findings_visit_get_site (visit)), ==, "Maple Court");
  g_assert_null (findings_site_get_address (findings_visit_get_site (visit)));
  g_assert_null (findings_site_get_timezone (findings_visit_get_site (visit)));
  g_assert_cmpstr (findings_visit_get_company_name (visit), ==, "Novus Mechanical");
  g_assert_null (findings_visit_get_company_phone (visit));
  g_assert_cmpstr (findings_visit_get_technician_name (visit), ==, "Angus Reid");
  g_assert_null (findings_visit_get_technician_id (visit));
  g_assert_null (findings_visit_get_started_at (visit));
  g_assert_true (g_date_time_equal (findings_visit_get_completed_at (visit), expected));
  g_assert_null (findings_visit_get_summary (visit));
  g_assert_cmpstr (findings_visit_get_currency (visit), ==, "CAD");
  g_assert_cmpuint (g_list_model_get_n_items (recommendations), ==, 1);

  recommendation = g_list_model_get_item (recommendations, 0);
  g_assert_cmpstr (findings_recommendation_get_id (recommendation), ==, "r-1");
  g_assert_cmpstr (findings_recommendation_get_title (recommendation), ==,
                   "Replace the heat exchanger");
  g_assert_cmpint (findings_recommendation_get_category (recommendation), ==,
                   FINDINGS_CATEGORY_SAFETY);
  g_assert_cmpint (findings_recommendation_get_urgency (recommendation), ==,
                   FINDINGS_URGENCY_IMMEDIATE);
  g_assert_cmpint (findings_recommendation_get_status (recommendation), ==, FINDINGS_STATUS_OPEN);
  g_assert_cmpint (findings_recommendation_get_safety_level (recommendation), ==,
                   FINDINGS_SAFETY_LEVEL_NONE);
  g_assert_cmpstr (findings_recommendation_get_finding (recommendation), ==, "A crack.");
  g_assert_null (findings_recommendation_get_if_deferred (recommendation));
  g_assert_false (findings_recommendation_get_has_quote (recommendation));
  g_assert_null (findings_recommendation_get_follow_up (recommendation));
  g_assert_cmpuint (g_list_model_get_n_items (findings_recommendation_get_photos (recommendation)),
                    ==, 0);

  option = g_list_model_get_item (findings_recommendation_get_options (recommendation), 0);
  g_assert_cmpstr (findings_option_get_id (option), ==, "o-1");
  g_assert_cmpstr (findings_option_get_label (option), ==, "Replace");
  g_assert_cmpint (findings_option_get_price (option), ==, 480000);
  g_assert_cmpint (findings_option_get_tax (option), ==, FINDINGS_TAX_UNSTATED);
  g_assert_cmpint (findings_option_get_annual_savings (option), ==, -1);
  g_assert_cmpfloat (findings_option_get_expected_life_years (option), ==, 0.0);
  g_assert_cmpfloat (findings_option_get_duration_hours (option), ==, -1.0);
}

static void
check_full_first_recommendation (FindingsRecommendation *recommendation)
{
  g_autoptr(FindingsOption) first = NULL;
  g_autoptr(FindingsOption) second = NULL;
  g_autoptr(FindingsPhoto) photo = NULL;
  g_autoptr(GDateTime) updated = g_date_time_new_utc (2026, 3, 3, 8, 0, 0);
  GListModel *options = findings_recommendation_get_options (recommendation);
  FindingsFollowUp *follow_up = findings_recommendation_get_follow_up (recommendation);

  g_assert_cmpstr (findings_recommendation_get_title (recommendation), ==,
                   "Réparer la pompe — 修理");
  g_assert_cmpint (findings_recommendation_get_category (recommendation), ==,
                   FINDINGS_CATEGORY_RELIABILITY);
  g_assert_cmpint (findings_recommendation_get_urgency (recommendation), ==, FINDINGS_URGENCY_SOON);
  g_assert_cmpstr (findings_recommendation_get_equipment_name (recommendation), ==, "Boiler 1");
  g_assert_cmpstr (findings_recommendation_get_equipment_tag (recommendation), ==, "B-1");
  g_assert_cmpstr (findings_recommendation_get_equipment_location (recommendation), ==,
                   "Basement");
  g_assert_cmpstr (findings_recommendation_get_if_deferred (recommendation), ==,
                   "Likely to fail this winter.");
  g_assert_cmpstr (findings_recommendation_get_technician_note (recommendation), ==,
                   "Part ordered.");
  g_assert_cmpint (findings_recommendation_get_safety_level (recommendation), ==,
                   FINDINGS_SAFETY_LEVEL_CAUTION);
  g_assert_cmpstr (findings_recommendation_get_safety_note (recommendation), ==, "Hot surfaces.");
  g_assert_true (findings_recommendation_get_has_quote (recommendation));
  g_assert_cmpstr (findings_recommendation_get_quote_valid_until (recommendation), ==,
                   "2026-04-30");
  g_assert_cmpstr (findings_recommendation_get_quote_conditions (recommendation), ==,
                   "Parts in stock.");
  g_assert_cmpint (findings_recommendation_get_status (recommendation), ==,
                   FINDINGS_STATUS_CALL_REQUESTED);

  g_assert_nonnull (follow_up);
  g_assert_cmpint (findings_follow_up_get_state (follow_up), ==,
                   FINDINGS_FOLLOW_UP_STATE_CONTACTED);
  g_assert_cmpstr (findings_follow_up_get_owner (follow_up), ==, "Sarah, office");
  g_assert_cmpstr (findings_follow_up_get_due_by (follow_up), ==, "2026-03-06");
  g_assert_cmpstr (findings_follow_up_get_message (follow_up), ==, "I will call.");
  g_assert_true (g_date_time_equal (findings_follow_up_get_updated_at (follow_up), updated));

  g_assert_cmpuint (g_list_model_get_n_items (options), ==, 2);
  first = g_list_model_get_item (options, 0);
  second = g_list_model_get_item (options, 1);
  g_assert_cmpstr (findings_option_get_description (first), ==, "Same pump.");
  g_assert_cmpint (findings_option_get_price (first), ==, 65000);
  g_assert_cmpint (findings_option_get_tax (first), ==, FINDINGS_TAX_INCLUDED);
  g_assert_cmpint (findings_option_get_annual_savings (first), ==, -1);
  g_assert_null (findings_option_get_savings_basis (first));
  g_assert_cmpfloat (findings_option_get_expected_life_years (first), ==, 2.5);
  g_assert_cmpfloat (findings_option_get_duration_hours (first), ==, 1.5);
  g_assert_cmpint (findings_option_get_tax (second), ==, FINDINGS_TAX_EXCLUDED);
  g_assert_cmpint (findings_option_get_annual_savings (second), ==, 30000);
  g_assert_cmpstr (findings_option_get_savings_basis (second), ==, "Metered use");
  g_assert_cmpfloat (findings_option_get_expected_life_years (second), ==, 15.0);
  g_assert_cmpfloat (findings_option_get_duration_hours (second), ==, 4.0);

  photo = g_list_model_get_item (findings_recommendation_get_photos (recommendation), 0);
  g_assert_cmpstr (findings_photo_get_id (photo), ==, "p-7");
  g_assert_cmpstr (findings_photo_get_caption (photo), ==, "The pump");
  g_assert_cmpstr (findings_photo_get_media_type (photo), ==, "image/png");
  g_assert_cmpstr (findings_photo_get_sha256 (photo), ==, SHA);
}

static void
test_full (void)
{
  g_autoptr(FindingsVisit) visit = parse_ok (full_doc, strlen (full_doc));
  g_autoptr(FindingsRecommendation) first = NULL;
  g_autoptr(FindingsRecommendation) second = NULL;
  g_autoptr(FindingsOption) free_option = NULL;
  g_autoptr(GDateTime) started = g_date_time_new_utc (2026, 3, 2, 16, 15, 0);
  GListModel *recommendations = findings_visit_get_recommendations (visit);
  FindingsSite *site = findings_visit_get_site (visit);
  const char * const *work = findings_visit_get_work_performed (visit);
  GDateTime *completed = findings_visit_get_completed_at (visit);

  g_assert_cmpstr (findings_site_get_address (site), ==, "12 Birch St");
  g_assert_cmpstr (findings_site_get_timezone (site), ==, "America/Vancouver");
  g_assert_cmpstr (findings_visit_get_company_phone (visit), ==, "+1 604 555 0199");
  g_assert_cmpstr (findings_visit_get_company_email (visit), ==, "office@example.com");
  g_assert_cmpstr (findings_visit_get_technician_id (visit), ==, "t-2");
  g_assert_true (g_date_time_equal (findings_visit_get_started_at (visit), started));
  g_assert_cmpint (g_date_time_get_hour (completed), ==, 19);
  g_assert_cmpint (g_date_time_get_microsecond (completed), ==, 500000);
  g_assert_cmpstr (findings_visit_get_summary (visit), ==, "Spring inspection of the boilers.");
  g_assert_nonnull (work);
  g_assert_cmpuint (g_strv_length ((char **) work), ==, 2);
  g_assert_cmpstr (work[1], ==, "Checked flue draft");

  g_assert_cmpuint (g_list_model_get_n_items (recommendations), ==, 2);
  first = g_list_model_get_item (recommendations, 0);
  check_full_first_recommendation (first);

  /* Nulls read as absent; option ids need only be unique within one recommendation. */
  second = g_list_model_get_item (recommendations, 1);
  g_assert_cmpint (findings_recommendation_get_safety_level (second), ==,
                   FINDINGS_SAFETY_LEVEL_NONE);
  g_assert_null (findings_recommendation_get_equipment_name (second));
  g_assert_false (findings_recommendation_get_has_quote (second));
  g_assert_null (findings_recommendation_get_follow_up (second));
  free_option = g_list_model_get_item (findings_recommendation_get_options (second), 0);
  g_assert_cmpstr (findings_option_get_id (free_option), ==, "o-a");
  g_assert_cmpint (findings_option_get_price (free_option), ==, 0);
  g_assert_cmpint (findings_option_get_tax (free_option), ==, FINDINGS_TAX_UNSTATED);
}

static void
test_bytes_and_node (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (full_doc, strlen (full_doc));
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(FindingsVisit) from_bytes = NULL;
  g_autoptr(FindingsVisit) from_node = NULL;
  g_autoptr(FindingsVisit) from_array = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) array = NULL;
  g_autoptr(GError) error = NULL;

  from_bytes = findings_visit_parse_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (findings_visit_get_id (from_bytes), ==, "v-2026-0007");

  g_assert_null (findings_visit_parse_bytes (empty, &error));
  g_assert_error (error, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_TRUNCATED);
  g_clear_error (&error);

  node = findings_json_parse_strict (minimal_doc, strlen (minimal_doc), FINDINGS_JSON_MAX_BODY,
                                     FINDINGS_JSON_MAX_DEPTH, &error);
  g_assert_no_error (error);
  from_node = findings_visit_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (findings_visit_get_id (from_node), ==, "v-1");

  array = findings_json_parse_strict ("[]", 2, 100, 64, &error);
  g_assert_no_error (error);
  from_array = findings_visit_new_from_json (array, &error);
  g_assert_null (from_array);
  g_assert_error (error, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_WRONG_TYPE);
}

static void
test_demo_files (void)
{
  const char *data_dir = g_getenv ("FINDINGS_DATA_DIR");
  g_autofree char *demo_dir = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_files = 0;

  if (data_dir == NULL)
    {
      g_test_skip ("FINDINGS_DATA_DIR is not set");
      return;
    }

  demo_dir = g_build_filename (data_dir, "demo", NULL);
  dir = g_dir_open (demo_dir, 0, NULL);
  if (dir == NULL)
    {
      g_test_skip ("No demo directory");
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(FindingsVisit) visit = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;

      if (!g_str_has_suffix (name, ".json"))
        continue;

      path = g_build_filename (demo_dir, name, NULL);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      visit = findings_visit_parse (contents, length, &error);
      if (error != NULL)
        g_test_message ("%s: %s", name, error->message);
      g_assert_no_error (error);
      g_assert_nonnull (visit);
      n_files++;
    }

  if (n_files == 0)
    g_test_skip ("No demo visits yet");
}

static void
test_unknown_fields (void)
{
  static const struct
  {
    const char *path;
    const char *json;
  } extras[] = {
    { "x_future", "{\"a\": [1, 2, {\"b\": null}]}" },
    { "site.x_geo", "[49.2, -123.1]" },
    { "company.x_logo", "null" },
    { "recommendations[0].x_priority", "7" },
    { "recommendations[0].options[0].x_sku", "\"A-1\"" },
  };
  g_autofree char *doc = g_strdup (minimal_doc);
  g_autoptr(FindingsVisit) visit = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (extras); i++)
    {
      g_autofree char *previous = g_steal_pointer (&doc);

      doc = doc_with (previous, extras[i].path, extras[i].json);
    }

  visit = parse_ok (doc, strlen (doc));
  g_assert_cmpstr (findings_visit_get_id (visit), ==, "v-1");
}

static void
test_wrong_type (void)
{
  g_autofree char *doc = doc_with (minimal_doc, "recommendations[0].options[0].price", "\"4800\"");
  g_autofree char *message = assert_fails (doc, FINDINGS_PARSE_ERROR_WRONG_TYPE, NULL);

  g_assert_cmpstr (message, ==,
                   "recommendations[0].options[0].price: "
                   "expected a whole number of cents, found a string");

  check_change (minimal_doc, "recommendations[0].category", "3",
                FINDINGS_PARSE_ERROR_WRONG_TYPE, "recommendations[0].category");
  check_change (minimal_doc, "recommendations[0].title", "42",
                FINDINGS_PARSE_ERROR_WRONG_TYPE, "recommendations[0].title");
  check_change (minimal_doc, "recommendations", "{\"0\": {}}",
                FINDINGS_PARSE_ERROR_WRONG_TYPE, "recommendations");
  check_change (minimal_doc, "site", "[\"s-1\"]", FINDINGS_PARSE_ERROR_WRONG_TYPE, "site");
  check_change (minimal_doc, "recommendations[0].options", "{}",
                FINDINGS_PARSE_ERROR_WRONG_TYPE, "recommendations[0].options");
  check_change (minimal_doc, "recommendations[0].options[0].tax_included", "\"yes\"",
                FINDINGS_PARSE_ERROR_WRONG_TYPE, "recommendations[0].options[0].tax_included");
  check_change (minimal_doc, "recommendations[0].options[0].expected_life_years", "\"15\"",
                FINDINGS_PARSE_ERROR_WRONG_TYPE,
                "recommendations[0].options[0].expected_life_years");
  check_change (minimal_doc, "work_performed", "[\"Filters\", 3]",
                FINDINGS_PARSE_ERROR_WRONG_TYPE, "work_performed[1]");
  check_change (minimal_doc, "recommendations[0].photos", "[\"p-1\"]",
                FINDINGS_PARSE_ERROR_WRONG_TYPE, "recommendations[0].photos[0]");
  check_change (minimal_doc, "completed_at", "1763653200",
                FINDINGS_PARSE_ERROR_WRONG_TYPE, "completed_at");
}

static void
test_root_not_object (void)
{
  g_autofree char *message = assert_fails ("[1, 2]", FINDINGS_PARSE_ERROR_WRONG_TYPE, NULL);

  g_assert_nonnull (strstr (message, "an array"));
}

static void
test_missing_top_level (void)
{
  static const char * const required[] = {
    "id", "site", "company", "technician", "completed_at", "currency", "recommendations",
  };

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    check_change (minimal_doc, required[i], NULL, FINDINGS_PARSE_ERROR_MISSING_FIELD,
                  required[i]);

  /* Null is no better than absent for a required field. */
  check_change (minimal_doc, "currency", "null", FINDINGS_PARSE_ERROR_MISSING_FIELD, "currency");
}

static void
test_missing_nested (void)
{
  static const char * const required[] = {
    "site.id", "site.name", "company.name", "technician.name",
    "recommendations[0].id", "recommendations[0].title", "recommendations[0].category",
    "recommendations[0].urgency", "recommendations[0].finding",
    "recommendations[0].why_it_matters", "recommendations[0].options",
    "recommendations[0].status", "recommendations[0].options[0].id",
    "recommendations[0].options[0].label", "recommendations[0].options[0].price",
    "recommendations[0].photos[0].id", "recommendations[0].follow_up.state",
    "recommendations[0].safety.level",
  };
  g_autofree char *message = NULL;
  g_autofree char *doc = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    check_change (full_doc, required[i], NULL, FINDINGS_PARSE_ERROR_MISSING_FIELD, required[i]);

  check_change (full_doc, "site.name", "null", FINDINGS_PARSE_ERROR_MISSING_FIELD, "site.name");
  check_change (full_doc, "recommendations[0].options", "[]",
                FINDINGS_PARSE_ERROR_MISSING_FIELD, "recommendations[0].options");

  doc = doc_with (minimal_doc, "site.name", NULL);
  message = assert_fails (doc, FINDINGS_PARSE_ERROR_MISSING_FIELD, NULL);
  g_assert_cmpstr (message, ==, "site.name: missing");
}

static void
test_unknown_enum (void)
{
  g_autofree char *doc = doc_with (minimal_doc, "recommendations[0].category", "\"heating\"");
  g_autofree char *message = assert_fails (doc, FINDINGS_PARSE_ERROR_INVALID_VALUE, NULL);
  g_autofree char *long_value = repeat ("x", 3000);
  g_autofree char *long_doc = doc_with_string (minimal_doc, "recommendations[0].status",
                                               long_value);
  g_autofree char *long_message = NULL;

  g_assert_cmpstr (message, ==,
                   "recommendations[0].category: “heating” is not one of safety, savings, "
                   "reliability, comfort, air_quality, compliance");

  check_change (minimal_doc, "recommendations[0].urgency", "\"later\"",
                FINDINGS_PARSE_ERROR_INVALID_VALUE, "recommendations[0].urgency");
  check_change (minimal_doc, "recommendations[0].status", "\"OPEN\"",
                FINDINGS_PARSE_ERROR_INVALID_VALUE, "recommendations[0].status");
  check_change (full_doc, "recommendations[0].safety.level", "\"deadly\"",
                FINDINGS_PARSE_ERROR_INVALID_VALUE, "recommendations[0].safety.level");
  check_change (full_doc, "recommendations[0].follow_up.state", "\"lost\"",
                FINDINGS_PARSE_ERROR_INVALID_VALUE, "recommendations[0].follow_up.state");
  check_change (full_doc, "recommendations[0].photos[0].media_type", "\"image/gif\"",
                FINDINGS_PARSE_ERROR_INVALID_VALUE, "recommendations[0].photos[0].media_type");
  check_change (full_doc, "recommendations[0].photos[0].sha256", "\"ABC\"",
                FINDINGS_PARSE_ERROR_INVALID_VALUE, "recommendations[0].photos[0].sha256");
  check_change (minimal_doc, "currency", "\"cad\"", FINDINGS_PARSE_ERROR_INVALID_VALUE,
                "currency");

  /* A huge wrong value is not repeated in full. */
  long_message = assert_fails (long_doc, FINDINGS_PARSE_ERROR_INVALID_VALUE,
                               "recommendations[0].status");
  g_assert_cmpuint (strlen (long_message), <, 300);
}

static void
test_limit_title (void)
{
  g_autofree char *ascii_201 = repeat ("a", 201);
  g_autofree char *wide_200 = repeat ("é", 200);
  g_autofree char *wide_201 = repeat ("é", 201);
  g_autofree char *cjk_200 = repeat ("修", 200);
  g_autofree char *doc = NULL;
  g_autofree char *message = NULL;
  g_autoptr(FindingsVisit) visit = NULL;
  g_autoptr(FindingsRecommendation) recommendation = NULL;

  doc = doc_with_string (minimal_doc, "recommendations[0].title", ascii_201);
  message = assert_fails (doc, FINDINGS_PARSE_ERROR_TOO_LONG, "recommendations[0].title");
  g_clear_pointer (&doc, g_free);
  g_clear_pointer (&message, g_free);

  /* 400 and 600 bytes, but 200 code points: the limit counts code points. */
  doc = doc_with_string (minimal_doc, "recommendations[0].title", wide_200);
  visit = parse_ok (doc, strlen (doc));
  recommendation = g_list_model_get_item (findings_visit_get_recommendations (visit), 0);
  g_assert_cmpstr (findings_recommendation_get_title (recommendation), ==, wide_200);
  g_clear_pointer (&doc, g_free);

  doc = doc_with_string (minimal_doc, "recommendations[0].title", cjk_200);
  assert_ok (doc);
  g_clear_pointer (&doc, g_free);

  doc = doc_with_string (minimal_doc, "recommendations[0].title", wide_201);
  message = assert_fails (doc, FINDINGS_PARSE_ERROR_TOO_LONG, "recommendations[0].title");
  g_clear_pointer (&doc, g_free);

  check_change (minimal_doc, "recommendations[0].title", "\"\"",
                FINDINGS_PARSE_ERROR_INVALID_VALUE, "recommendations[0].title");
  check_change (minimal_doc, "site.name", "\"\"", FINDINGS_PARSE_ERROR_INVALID_VALUE,
                "site.name");
}

static void
test_limit_text (void)
{
  g_autofree char *text_4000 = repeat ("ü", 4000);
  g_autofree char *text_4001 = repeat ("u", 4001);
  g_autofree char *id_128 = repeat ("i", 128);
  g_autofree char *id_129 = repeat ("i", 129);
  g_autofree char *zone_65 = repeat ("z", 65);
  g_autofree char *doc = NULL;
  g_autofree char *message = NULL;

  doc = doc_with_string (minimal_doc, "recommendations[0].finding", text_4000);
  assert_ok (doc);
  g_clear_pointer (&doc, g_free);

  doc = doc_with_string (minimal_doc, "recommendations[0].finding", text_4001);
  message = assert_fails (doc, FINDINGS_PARSE_ERROR_TOO_LONG, "recommendations[0].finding");
  g_clear_pointer (&doc, g_free);
  g_clear_pointer (&message, g_free);

  doc = doc_with_string (full_doc, "recommendations[0].follow_up.message", text_4001);
  message = assert_fails (doc, FINDINGS_PARSE_ERROR_TOO_LONG,
                          "recommendations[0].follow_up.message");
  g_clear_pointer (&doc, g_free);
  g_clear_pointer (&message, g_free);

  doc = doc_with_string (minimal_doc, "recommendations[0].id", id_128);
  assert_ok (doc);
  g_clear_pointer (&doc, g_free);

  doc = doc_with_string (minimal_doc, "recommendations[0].id", id_129);
  message = assert_fails (doc, FINDINGS_PARSE_ERROR_TOO_LONG, "recommendations[0].id");
  g_clear_pointer (&doc, g_free);
  g_clear_pointer (&message, g_free);

  doc = doc_with_string (minimal_doc, "site.timezone", zone_65);
  message = assert_fails (doc, FINDINGS_PARSE_ERROR_TOO_LONG, "site.timezone");

  check_change (minimal_doc, "id", "\"\"", FINDINGS_PARSE_ERROR_INVALID_VALUE, "id");
}

static char *
doc_with_recommendations (guint n)
{
  GString *doc = g_string_new ("{\"schema_version\": 1, \"id\": \"v-1\","
                               " \"site\": {\"id\": \"s\", \"name\": \"S\"},"
                               " \"company\": {\"name\": \"C\"}, \"technician\": {\"name\": \"T\"},"
                               " \"completed_at\": \"2026-11-20T15:40:00Z\", \"currency\": \"CAD\","
                               " \"recommendations\": [");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (doc,
                            "%s{\"id\": \"r-%u\", \"title\": \"T\", \"category\": \"comfort\","
                            " \"urgency\": \"plan\", \"finding\": \"F\", \"why_it_matters\": \"W\","
                            " \"options\": [{\"id\": \"o\", \"label\": \"L\", \"price\": 1}],"
                            " \"status\": \"open\"}",
                            i > 0 ? ", " : "", i);

  g_string_append (doc, "]}");
  return g_string_free (doc, FALSE);
}

static void
test_limit_recommendations (void)
{
  g_autofree char *doc_2000 = doc_with_recommendations (2000);
  g_autofree char *doc_2001 = doc_with_recommendations (2001);
  g_autofree char *message = NULL;
  g_autoptr(FindingsVisit) visit = parse_ok (doc_2000, strlen (doc_2000));

  g_assert_cmpuint (g_list_model_get_n_items (findings_visit_get_recommendations (visit)), ==,
                    2000);
  message = assert_fails (doc_2001, FINDINGS_PARSE_ERROR_TOO_MANY, "recommendations");
}

static void
test_limit_money (void)
{
  g_autofree char *doc = doc_with (minimal_doc, "recommendations[0].options[0].price",
                                   "100000000000");

  assert_ok (doc);

  check_change (minimal_doc, "recommendations[0].options[0].price", "100000000001",
                FINDINGS_PARSE_ERROR_OUT_OF_RANGE, "recommendations[0].options[0].price");
  check_change (minimal_doc, "recommendations[0].options[0].price", "-1",
                FINDINGS_PARSE_ERROR_OUT_OF_RANGE, "recommendations[0].options[0].price");
  check_change (minimal_doc, "recommendations[0].options[0].annual_savings", "-5",
                FINDINGS_PARSE_ERROR_OUT_OF_RANGE,
                "recommendations[0].options[0].annual_savings");
  check_change (minimal_doc, "recommendations[0].options[0].expected_life_years", "0",
                FINDINGS_PARSE_ERROR_OUT_OF_RANGE,
                "recommendations[0].options[0].expected_life_years");
  check_change (minimal_doc, "recommendations[0].options[0].expected_life_years", "100.5",
                FINDINGS_PARSE_ERROR_OUT_OF_RANGE,
                "recommendations[0].options[0].expected_life_years");
  check_change (minimal_doc, "recommendations[0].options[0].duration_hours", "-0.5",
                FINDINGS_PARSE_ERROR_OUT_OF_RANGE,
                "recommendations[0].options[0].duration_hours");
}

static void
test_huge_integers (void)
{
  g_autofree char *beyond = doc_replacing (minimal_doc, "\"price\": 480000",
                                           "\"price\": 99999999999999999999");
  /* json-glib alone would read this as 1 cent. */
  g_autofree char *wrapping = doc_replacing (minimal_doc, "\"price\": 480000",
                                             "\"price\": -18446744073709551615");
  g_autofree char *infinite = doc_replacing (minimal_doc, "\"price\": 480000",
                                             "\"price\": 1, \"duration_hours\": 1e400");
  g_autofree char *m1 = assert_fails (beyond, FINDINGS_PARSE_ERROR_OUT_OF_RANGE, NULL);
  g_autofree char *m2 = assert_fails (wrapping, FINDINGS_PARSE_ERROR_OUT_OF_RANGE, NULL);
  g_autofree char *m3 = assert_fails (infinite, FINDINGS_PARSE_ERROR_OUT_OF_RANGE,
                                      "recommendations[0].options[0].duration_hours");

  g_assert_nonnull (strstr (m1, "line 1"));
  g_assert_nonnull (strstr (m2, "line 1"));
}

static void
test_schema_version (void)
{
  g_autofree char *doc = doc_with (minimal_doc, "schema_version", "2");
  g_autofree char *message = assert_fails (doc, FINDINGS_PARSE_ERROR_UNSUPPORTED_VERSION,
                                           "schema_version");
  g_autofree char *bare = NULL;
  g_autofree char *bare_message = NULL;

  g_assert_nonnull (strstr (message, "version 2"));
  g_assert_nonnull (strstr (message, "Please update Findings"));

  check_change (minimal_doc, "schema_version", "\"1\"", FINDINGS_PARSE_ERROR_WRONG_TYPE,
                "schema_version");
  check_change (minimal_doc, "schema_version", "1.5", FINDINGS_PARSE_ERROR_WRONG_TYPE,
                "schema_version");
  check_change (minimal_doc, "schema_version", NULL, FINDINGS_PARSE_ERROR_MISSING_FIELD,
                "schema_version");
  check_change (minimal_doc, "schema_version", "0", FINDINGS_PARSE_ERROR_UNSUPPORTED_VERSION,
                "schema_version");

  /* The version is checked before anything else: a version 2 document may
   * have none of the fields version 1 requires. */
  bare = g_strdup ("{\"schema_version\": 2, \"visit\": {}}");
  bare_message = assert_fails (bare, FINDINGS_PARSE_ERROR_UNSUPPORTED_VERSION,
                               "schema_version");
}

static void
test_invalid_utf8 (void)
{
  static const char * const bad[] = { "\xff", "\xc0\xaf", "\xed\xa0\x80", "\xe2\x28\xa1" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *doc = doc_replacing (minimal_doc, "A crack.", bad[i]);
      g_autofree char *message = assert_fails (doc, FINDINGS_PARSE_ERROR_INVALID_UTF8, NULL);

      g_assert_nonnull (strstr (message, "line 1"));
    }
}

static void
test_truncated (void)
{
  gsize length = strlen (full_doc);

  /* Every cut, including those inside a multi-byte character. */
  for (gsize cut = 0; cut < length; cut++)
    {
      g_autofree char *copy = g_strndup (full_doc, cut);
      g_autofree char *message = assert_fails_len (copy, cut, FINDINGS_PARSE_ERROR_TRUNCATED,
                                                   NULL);
    }
}

static void
test_syntax (void)
{
  static const struct
  {
    const char *old_text;
    const char *new_text;
  } cases[] = {
    { "{\"schema_version\"", "// visit\n{\"schema_version\"" },
    { "{\"schema_version\"", "/* visit */ {\"schema_version\"" },
    { "\"currency\": \"CAD\",", "\"currency\": \"CAD\", /* money */" },
    { "{\"schema_version\"", "var visit = {\"schema_version\"" },
    { "\"status\": \"open\"}", "\"status\": \"open\",}" },
    { "\"price\": 480000}]", "\"price\": 480000},]" },
    { "\"status\": \"open\"}]}", "\"status\": \"open\"}]} trailing" },
    { "\"status\": \"open\"}]}", "\"status\": \"open\"}]}{}" },
    { "\"currency\": \"CAD\"", "'currency': 'CAD'" },
    { "\"price\": 480000", "\"price\": NaN" },
    { "\"price\": 480000", "\"price\": 0480000" },
    { "\"price\": 480000", "\"price\": +480000" },
    { "\"currency\": \"CAD\"", "currency: \"CAD\"" },
    { "\"id\": \"v-1\",", "\"id\": \"v-1\",," },
    { "A crack.", "A\tcrack." },
    { "A crack.", "A \\x41 crack." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *doc = doc_replacing (minimal_doc, cases[i].old_text, cases[i].new_text);
      g_autofree char *message = NULL;

      g_test_message ("%s", doc);
      message = assert_fails (doc, FINDINGS_PARSE_ERROR_SYNTAX, NULL);
      g_assert_nonnull (strstr (message, "line "));
      g_assert_nonnull (strstr (message, "column "));
    }
}

static void
test_too_deep (void)
{
  g_autofree char *brackets = repeat ("[", 100000);
  g_autofree char *objects = repeat ("{\"a\":", 100000);
  g_autofree char *m1 = assert_fails (brackets, FINDINGS_PARSE_ERROR_TOO_DEEP, NULL);
  g_autofree char *m2 = assert_fails (objects, FINDINGS_PARSE_ERROR_TOO_DEEP, NULL);
  g_autofree char *open_63 = repeat ("[", 63);
  g_autofree char *close_63 = repeat ("]", 63);
  g_autofree char *deep_64 = g_strconcat (open_63, close_63, NULL);
  g_autofree char *deep_65 = g_strconcat ("[", deep_64, "]", NULL);
  g_autofree char *field_64 = g_strconcat ("\"id\": \"v-1\", \"x\": ", deep_64, ",", NULL);
  g_autofree char *field_65 = g_strconcat ("\"id\": \"v-1\", \"x\": ", deep_65, ",", NULL);
  g_autofree char *doc_64 = NULL;
  g_autofree char *doc_65 = NULL;
  g_autofree char *m3 = NULL;

  /* The visit object is level 1 and the unknown field's value level 2, so
   * 63 nested arrays reach level 64. */
  doc_64 = doc_replacing (minimal_doc, "\"id\": \"v-1\",", field_64);
  doc_65 = doc_replacing (minimal_doc, "\"id\": \"v-1\",", field_65);

  assert_ok (doc_64);
  m3 = assert_fails (doc_65, FINDINGS_PARSE_ERROR_TOO_DEEP, NULL);
  g_assert_nonnull (strstr (m3, "64"));
}

static void
test_nul_character (void)
{
  static const char raw[] = "{\"schema_version\": 1, \"id\": \"v\0-1\"}";
  g_autofree char *escaped = doc_replacing (minimal_doc, "A crack.", "A \\u0000crack.");
  g_autofree char *m1 = assert_fails (escaped, FINDINGS_PARSE_ERROR_INVALID_VALUE, NULL);
  g_autofree char *m2 = assert_fails_len (raw, sizeof raw - 1,
                                          FINDINGS_PARSE_ERROR_INVALID_VALUE, NULL);

  g_assert_nonnull (strstr (m1, "line 1"));
  g_assert_nonnull (strstr (m2, "line 1"));
}

/* The checker steps over plain text several bytes at a time: a quote, a backslash
 * or a control character is still found at every offset of a long string. */
static void
test_check_every_offset (void)
{
  for (guint at = 0; at + 1 < 40; at++)
    {
      g_autoptr(GString) text = g_string_new ("[\"");
      g_autoptr(GError) error = NULL;
      gsize at_byte;

      for (guint i = 0; i < 40; i++)
        g_string_append_c (text, (char) ('a' + i % 26));
      at_byte = 2 + at;

      /* A raw control character anywhere in the text is refused. */
      text->str[at_byte] = '\x01';
      g_string_append (text, "\"]");
      g_assert_false (findings_json_check (text->str, text->len, 1024, 8, &error));
      g_assert_error (error, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_SYNTAX);
      g_clear_error (&error);

      /* A raw NUL byte too. */
      text->str[at_byte] = '\0';
      g_assert_false (findings_json_check (text->str, text->len, 1024, 8, &error));
      g_assert_nonnull (error);
      g_clear_error (&error);

      /* A quote there ends the string early: what follows is no JSON. */
      text->str[at_byte] = '"';
      g_assert_false (findings_json_check (text->str, text->len, 1024, 8, &error));
      g_clear_error (&error);

      /* A backslash there escapes the letter after it: "\b" is fine, "\k" is not. */
      text->str[at_byte] = '\\';
      text->str[at_byte + 1] = 'b';
      g_assert_true (findings_json_check (text->str, text->len, 1024, 8, &error));
      g_assert_no_error (error);
      text->str[at_byte + 1] = 'k';
      g_assert_false (findings_json_check (text->str, text->len, 1024, 8, &error));
      g_clear_error (&error);

      /* Text of any length above 0x7f passes as long as it is UTF-8. */
      text->str[at_byte] = '\xc3';
      text->str[at_byte + 1] = '\xa9';
      g_assert_true (findings_json_check (text->str, text->len, 1024, 8, &error));
      g_assert_no_error (error);
    }
}

static void
test_float_money (void)
{
  static const char * const floats[] = { "4800.0", "4.8e3", "480000.0", "1e2", "4800.5" };

  for (guint i = 0; i < G_N_ELEMENTS (floats); i++)
    {
      g_autofree char *text = g_strconcat ("\"price\": ", floats[i], NULL);
      g_autofree char *doc = doc_replacing (minimal_doc, "\"price\": 480000", text);
      g_autofree char *message = assert_fails (doc, FINDINGS_PARSE_ERROR_WRONG_TYPE,
                                               "recommendations[0].options[0].price");
    }

  check_change (minimal_doc, "recommendations[0].options[0].annual_savings", "1.5",
                FINDINGS_PARSE_ERROR_WRONG_TYPE, "recommendations[0].options[0].annual_savings");
}

static void
test_bad_dates (void)
{
  static const char * const bad_times[] = {
    "yesterday", "2026-11-20", "2026-11-20T14:02:11", "2026-11-20 14:02:11Z",
    "2026-11-20T14:02Z", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
    "2026-11-20T24:00:00Z", "2026-11-20T14:02:11+0100", "2026-11-20T14:02:11.Z",
    "20261120T140211Z", "2026-11-20T14:02:11Z ",
  };
  static const char * const good_times[] = {
    "2026-11-20T14:02:11+05:30", "2026-11-20t14:02:11z", "2026-11-20T14:02:11.123456Z",
    "2024-02-29T23:59:59-08:00",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_times); i++)
    {
      g_autofree char *doc = doc_with_string (minimal_doc, "completed_at", bad_times[i]);
      g_autofree char *message = NULL;

      g_test_message ("%s", bad_times[i]);
      message = assert_fails (doc, FINDINGS_PARSE_ERROR_INVALID_VALUE, "completed_at");
    }

  for (guint i = 0; i < G_N_ELEMENTS (good_times); i++)
    {
      g_autofree char *doc = doc_with_string (minimal_doc, "completed_at", good_times[i]);

      g_test_message ("%s", good_times[i]);
      assert_ok (doc);
    }

  check_change (minimal_doc, "started_at", "\"2026-11-20T13:05:00\"",
                FINDINGS_PARSE_ERROR_INVALID_VALUE, "started_at");
  check_change (full_doc, "recommendations[0].quote.valid_until", "\"2026-02-30\"",
                FINDINGS_PARSE_ERROR_INVALID_VALUE, "recommendations[0].quote.valid_until");
  check_change (full_doc, "recommendations[0].quote.valid_until", "\"2026-12-31T00:00:00Z\"",
                FINDINGS_PARSE_ERROR_INVALID_VALUE, "recommendations[0].quote.valid_until");
  check_change (full_doc, "recommendations[0].follow_up.due_by", "\"next week\"",
                FINDINGS_PARSE_ERROR_INVALID_VALUE, "recommendations[0].follow_up.due_by");
  check_change (full_doc, "recommendations[0].follow_up.updated_at", "\"2026-03-03\"",
                FINDINGS_PARSE_ERROR_INVALID_VALUE, "recommendations[0].follow_up.updated_at");
}

static void
test_duplicate_ids (void)
{
  g_autofree char *doc = doc_with_recommendations (3);
  g_autofree char *duplicated = doc_replacing (doc, "\"r-2\"", "\"r-0\"");
  g_autofree char *message = assert_fails (duplicated, FINDINGS_PARSE_ERROR_INVALID_VALUE,
                                           "recommendations[2].id");

  g_assert_nonnull (strstr (message, "recommendations[0]"));

  check_change (full_doc, "recommendations[0].options[1].id", "\"o-a\"",
                FINDINGS_PARSE_ERROR_INVALID_VALUE, "recommendations[0].options[1].id");
}

static void
test_too_large (void)
{
  gsize limit = FINDINGS_JSON_MAX_BODY;
  gsize length = strlen (minimal_doc);
  g_autofree char *doc = g_malloc (limit + 1);
  g_autofree char *message = NULL;
  g_autoptr(FindingsVisit) visit = NULL;

  /* Whitespace is allowed after the value, so this is valid at exactly 8 MiB. */
  memcpy (doc, minimal_doc, length);
  memset (doc + length, ' ', limit + 1 - length);

  visit = parse_ok (doc, limit);
  message = assert_fails_len (doc, limit + 1, FINDINGS_PARSE_ERROR_TOO_LARGE, NULL);
}

static FindingsDecisionAnswer *
parse_answer (const char  *text,
              GError     **error)
{
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));

  return findings_decision_answer_parse (body, error);
}

static void
test_apply_answer (void)
{
  g_autoptr(FindingsRecommendation) rec = findings_recommendation_new ("r-1");
  g_autoptr(GError) error = NULL;
  g_autoptr(FindingsDecisionAnswer) good = NULL;
  g_autoptr(FindingsDecisionAnswer) bad = NULL;
  FindingsFollowUp *follow_up;

  good = parse_answer ("{\"recommendation\": {\"id\": \"r-1\", \"status\": \"call_requested\", "
                       "\"follow_up\": {\"state\": \"requested\", "
                       "\"owner\": \"Sarah Lee\", \"due_by\": \"2026-11-24\"}}}", &error);
  g_assert_true (good != NULL);
  findings_recommendation_apply_answer (rec, good);
  g_assert_no_error (error);
  g_assert_cmpint (findings_recommendation_get_status (rec), ==, FINDINGS_STATUS_CALL_REQUESTED);
  follow_up = findings_recommendation_get_follow_up (rec);
  g_assert_nonnull (follow_up);
  g_assert_cmpstr (findings_follow_up_get_owner (follow_up), ==, "Sarah Lee");
  g_assert_cmpstr (findings_follow_up_get_due_by (follow_up), ==, "2026-11-24");

  /* A bad follow-up changes nothing, not even the status. */
  bad = parse_answer ("{\"recommendation\": {\"id\": \"r-1\", \"status\": \"accepted\", "
                      "\"follow_up\": {\"state\": \"lost\"}}}", &error);
  g_assert_false (bad != NULL);
  g_assert_error (error, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_INVALID_VALUE);
  g_assert_cmpint (findings_recommendation_get_status (rec), ==, FINDINGS_STATUS_CALL_REQUESTED);
  g_assert_true (findings_recommendation_get_follow_up (rec) == follow_up);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parser/minimal", test_minimal);
  g_test_add_func ("/parser/full", test_full);
  g_test_add_func ("/parser/bytes-and-node", test_bytes_and_node);
  g_test_add_func ("/parser/demo-files", test_demo_files);
  g_test_add_func ("/parser/unknown-fields", test_unknown_fields);
  g_test_add_func ("/parser/wrong-type", test_wrong_type);
  g_test_add_func ("/parser/root-not-object", test_root_not_object);
  g_test_add_func ("/parser/missing/top-level", test_missing_top_level);
  g_test_add_func ("/parser/missing/nested", test_missing_nested);
  g_test_add_func ("/parser/unknown-enum", test_unknown_enum);
  g_test_add_func ("/parser/limit/title", test_limit_title);
  g_test_add_func ("/parser/limit/text", test_limit_text);
  g_test_add_func ("/parser/limit/recommendations", test_limit_recommendations);
  g_test_add_func ("/parser/limit/money", test_limit_money);
  g_test_add_func ("/parser/limit/huge-integers", test_huge_integers);
  g_test_add_func ("/parser/schema-version", test_schema_version);
  g_test_add_func ("/parser/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/parser/truncated", test_truncated);
  g_test_add_func ("/parser/syntax", test_syntax);
  g_test_add_func ("/parser/too-deep", test_too_deep);
  g_test_add_func ("/parser/nul-character", test_nul_character);
  g_test_add_func ("/parser/check-every-offset", test_check_every_offset);
  g_test_add_func ("/parser/float-money", test_float_money);
  g_test_add_func ("/parser/bad-dates", test_bad_dates);
  g_test_add_func ("/parser/duplicate-ids", test_duplicate_ids);
  g_test_add_func ("/parser/too-large", test_too_large);
  g_test_add_func ("/parser/apply-answer", test_apply_answer);

  return g_test_run ();
}
