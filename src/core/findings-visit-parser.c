/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-visit-parser"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "findings-json-check.h"
#include "findings-json-read.h"
#include "findings-model-private.h"
#include "findings-money.h"
#include "findings-protocol.h"
#include "findings-visit-parser.h"

/* Office API v1. Every message starts with the JSON path of the field it is
 * about, untranslated, so that the office can find the field in its data. */

#define SCHEMA_VERSION      1
#define MAX_LIFE_YEARS      100.0

static const FindingsJsonTextRule id_rule = { FINDINGS_PROTOCOL_MAX_ID, TRUE };
static const FindingsJsonTextRule line_rule = { FINDINGS_PROTOCOL_MAX_LINE, TRUE };
static const FindingsJsonTextRule text_rule = { FINDINGS_PROTOCOL_MAX_TEXT, FALSE };
static const FindingsJsonTextRule timezone_rule = { FINDINGS_PROTOCOL_MAX_TIME_ZONE, FALSE };

/* Leaves @out untouched when the member is absent or null. */
static gboolean
read_money (JsonObject  *object,
            const char  *path,
            const char  *name,
            gboolean     required,
            gint64      *out,
            GError     **error)
{
  JsonNode *node;
  gint64 value;

  if (!findings_json_lookup (object, path, name, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  /* 4800.0 is refused too: amounts are exact, never floating point. */
  if (!findings_json_holds (node, G_TYPE_INT64))
    return findings_json_fail (error, FINDINGS_PARSE_ERROR_WRONG_TYPE, path, name,
                               _("expected a whole number of cents, found %s"),
                               findings_json_describe (node));

  value = json_node_get_int (node);
  if (value < 0 || value > FINDINGS_MONEY_MAX)
    {
      g_autofree char *shown = g_strdup_printf ("%" G_GINT64_FORMAT, value);
      g_autofree char *max = g_strdup_printf ("%" G_GINT64_FORMAT, FINDINGS_MONEY_MAX);

      return findings_json_fail (error, FINDINGS_PARSE_ERROR_OUT_OF_RANGE, path, name,
                                 _("must be between 0 and %s, found %s"), max, shown);
    }

  *out = value;
  return TRUE;
}

static gboolean
read_number (JsonObject  *object,
             const char  *path,
             const char  *name,
             double      *out,
             gboolean    *present,
             GError     **error)
{
  JsonNode *node;
  double value;

  *present = FALSE;

  if (!findings_json_lookup (object, path, name, FALSE, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (findings_json_holds (node, G_TYPE_INT64))
    value = (double) json_node_get_int (node);
  else if (findings_json_holds (node, G_TYPE_DOUBLE))
    value = json_node_get_double (node);
  else
    return findings_json_fail (error, FINDINGS_PARSE_ERROR_WRONG_TYPE, path, name,
                               _("expected a number, found %s"), findings_json_describe (node));

  /* json-glib reads 1e400 as infinity. */
  if (!isfinite (value))
    return findings_json_fail (error, FINDINGS_PARSE_ERROR_OUT_OF_RANGE, path, name, "%s",
                               _("the number is too large"));

  *out = value;
  *present = TRUE;
  return TRUE;
}

static gboolean
read_life_years (JsonObject  *object,
                 const char  *path,
                 double      *out,
                 GError     **error)
{
  char shown[G_ASCII_DTOSTR_BUF_SIZE];
  gboolean present;

  if (!read_number (object, path, "expected_life_years", out, &present, error))
    return FALSE;
  if (!present || (*out > 0 && *out <= MAX_LIFE_YEARS))
    return TRUE;

  g_ascii_formatd (shown, sizeof shown, "%g", *out);
  return findings_json_fail (error, FINDINGS_PARSE_ERROR_OUT_OF_RANGE, path, "expected_life_years",
                             _("must be more than 0 and at most 100, found %s"), shown);
}

static gboolean
read_duration_hours (JsonObject  *object,
                     const char  *path,
                     double      *out,
                     GError     **error)
{
  char shown[G_ASCII_DTOSTR_BUF_SIZE];
  gboolean present;

  if (!read_number (object, path, "duration_hours", out, &present, error))
    return FALSE;
  if (!present || *out >= 0)
    return TRUE;

  g_ascii_formatd (shown, sizeof shown, "%g", *out);
  return findings_json_fail (error, FINDINGS_PARSE_ERROR_OUT_OF_RANGE, path, "duration_hours",
                             _("must not be negative, found %s"), shown);
}

static gboolean
read_tax (JsonObject   *object,
          const char   *path,
          FindingsTax  *out,
          GError      **error)
{
  JsonNode *node;

  *out = FINDINGS_TAX_UNSTATED;

  if (!findings_json_lookup (object, path, "tax_included", FALSE, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!findings_json_holds (node, G_TYPE_BOOLEAN))
    return findings_json_fail (error, FINDINGS_PARSE_ERROR_WRONG_TYPE, path, "tax_included",
                               _("expected true, false or null, found %s"),
                               findings_json_describe (node));

  *out = json_node_get_boolean (node) ? FINDINGS_TAX_INCLUDED : FINDINGS_TAX_EXCLUDED;
  return TRUE;
}

FINDINGS_JSON_DEFINE_ENUM_READER (read_category, FindingsCategory, findings_category,
                                  FINDINGS_CATEGORY_COMPLIANCE)
FINDINGS_JSON_DEFINE_ENUM_READER (read_urgency, FindingsUrgency, findings_urgency,
                                  FINDINGS_URGENCY_MONITOR)
FINDINGS_JSON_DEFINE_ENUM_READER (read_status, FindingsStatus, findings_status,
                                  FINDINGS_STATUS_WITHDRAWN)
FINDINGS_JSON_DEFINE_ENUM_READER (read_safety_level, FindingsSafetyLevel,
                                  findings_safety_level, FINDINGS_SAFETY_LEVEL_DANGER)

static gboolean
read_currency (JsonObject  *root,
               const char **out,
               GError     **error)
{
  g_autofree char *shown = NULL;

  if (!findings_json_read_string (root, "", "currency", TRUE, &text_rule, out, error))
    return FALSE;
  if (findings_currency_is_valid (*out))
    return TRUE;

  shown = findings_json_shorten (*out, FINDINGS_JSON_SHOWN_CHARS);
  return findings_json_fail (error, FINDINGS_PARSE_ERROR_INVALID_VALUE, "", "currency",
                             _("“%s” is not a three-letter currency code such as CAD"), shown);
}

static gboolean
check_unique (GHashTable *seen,
              const char *id,
              const char *array_path,
              guint       index,
              const char *item_path,
              GError    **error)
{
  gpointer first;

  if (g_hash_table_lookup_extended (seen, id, NULL, &first))
    {
      g_autofree char *shown = findings_json_shorten (id, FINDINGS_JSON_SHOWN_CHARS);
      g_autofree char *other = g_strdup_printf ("%s[%u]", array_path, GPOINTER_TO_UINT (first));

      return findings_json_fail (error, FINDINGS_PARSE_ERROR_INVALID_VALUE, item_path, "id",
                                 _("“%s” is already the id of %s"), shown, other);
    }

  g_hash_table_insert (seen, (gpointer) id, GUINT_TO_POINTER (index));
  return TRUE;
}

static gboolean
check_schema_version (JsonObject  *root,
                      GError     **error)
{
  JsonNode *node;
  g_autofree char *shown = NULL;

  if (!findings_json_lookup (root, "", "schema_version", TRUE, &node, error))
    return FALSE;

  if (!findings_json_holds (node, G_TYPE_INT64))
    return findings_json_fail (error, FINDINGS_PARSE_ERROR_WRONG_TYPE, "", "schema_version",
                               _("expected a whole number, found %s"),
                               findings_json_describe (node));

  if (json_node_get_int (node) == SCHEMA_VERSION)
    return TRUE;

  shown = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return findings_json_fail (error, FINDINGS_PARSE_ERROR_UNSUPPORTED_VERSION, "", "schema_version",
                             _("this visit uses format version %s, which this version of Findings "
                             "cannot read. Please update Findings."),
                             shown);
}

static FindingsSite *
parse_site (JsonObject  *root,
            GError     **error)
{
  JsonObject *object;
  const char *id;
  const char *name;
  const char *address;
  const char *timezone;
  FindingsSite *site;

  /* An unknown time zone name is kept: the model falls back to UTC. */
  if (!findings_json_read_object (root, "", "site", TRUE, &object, error) ||
      !findings_json_read_string (object, "site", "id", TRUE, &id_rule, &id, error) ||
      !findings_json_read_string (object, "site", "name", TRUE, &line_rule, &name, error) ||
      !findings_json_read_string (object, "site", "address", FALSE, &text_rule, &address, error) ||
      !findings_json_read_string (object, "site", "timezone", FALSE, &timezone_rule, &timezone,
                                  error))
    return NULL;

  site = findings_site_new (id);
  findings_site_set_name (site, name);
  findings_site_set_address (site, address);
  findings_site_set_timezone (site, timezone);

  return site;
}

static gboolean
parse_people (JsonObject     *root,
              FindingsVisit  *visit,
              GError        **error)
{
  JsonObject *company;
  JsonObject *technician;
  const char *company_name;
  const char *company_phone;
  const char *company_email;
  const char *technician_id;
  const char *technician_name;

  if (!findings_json_read_object (root, "", "company", TRUE, &company, error) ||
      !findings_json_read_string (company, "company", "name", TRUE, &line_rule, &company_name,
                                  error) ||
      !findings_json_read_string (company, "company", "phone", FALSE, &text_rule, &company_phone,
                                  error) ||
      !findings_json_read_string (company, "company", "email", FALSE, &text_rule, &company_email,
                                  error) ||
      !findings_json_read_object (root, "", "technician", TRUE, &technician, error) ||
      !findings_json_read_string (technician, "technician", "id", FALSE, &text_rule,
                                  &technician_id, error) ||
      !findings_json_read_string (technician, "technician", "name", TRUE, &line_rule,
                                  &technician_name,
                                  error))
    return FALSE;

  findings_visit_set_company_name (visit, company_name);
  findings_visit_set_company_phone (visit, company_phone);
  findings_visit_set_company_email (visit, company_email);
  findings_visit_set_technician_id (visit, technician_id);
  findings_visit_set_technician_name (visit, technician_name);

  return TRUE;
}

static gboolean
parse_work_performed (JsonObject     *root,
                      FindingsVisit  *visit,
                      GError        **error)
{
  JsonArray *array;
  g_autoptr(GPtrArray) lines = NULL;
  guint n;

  if (!findings_json_read_array (root, "", "work_performed", FALSE, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  n = json_array_get_length (array);
  lines = g_ptr_array_sized_new (n + 1);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("work_performed[%u]", i);

      if (!findings_json_holds (node, G_TYPE_STRING))
        return findings_json_fail (error, FINDINGS_PARSE_ERROR_WRONG_TYPE, path, NULL,
                                   _("expected text, found %s"), findings_json_describe (node));
      if (!findings_json_check_text (json_node_get_string (node), path, NULL, &text_rule, error))
        return FALSE;

      g_ptr_array_add (lines, (gpointer) json_node_get_string (node));
    }

  g_ptr_array_add (lines, NULL);
  findings_visit_set_work_performed (visit, (const char * const *) lines->pdata);

  return TRUE;
}

static gboolean
check_sha256 (const char  *value,
              const char  *path,
              GError     **error)
{
  g_autofree char *shown = NULL;
  gsize i;

  for (i = 0; value[i] != '\0'; i++)
    {
      if (!g_ascii_isdigit (value[i]) && (value[i] < 'a' || value[i] > 'f'))
        break;
    }

  if (i == 64 && value[i] == '\0')
    return TRUE;

  shown = findings_json_shorten (value, FINDINGS_JSON_SHOWN_CHARS);
  return findings_json_fail (error, FINDINGS_PARSE_ERROR_INVALID_VALUE, path, "sha256",
                             _("“%s” is not 64 lowercase hexadecimal digits"), shown);
}

static FindingsPhoto *
parse_photo (JsonNode    *node,
             const char  *path,
             GError     **error)
{
  JsonObject *object;
  const char *id;
  const char *caption;
  const char *media_type;
  const char *sha256;
  FindingsPhoto *photo;

  if (!findings_json_as_object (node, path, &object, error) ||
      !findings_json_read_string (object, path, "id", TRUE, &id_rule, &id, error) ||
      !findings_json_read_string (object, path, "caption", FALSE, &text_rule, &caption, error) ||
      !findings_json_read_string (object, path, "media_type", FALSE, &text_rule, &media_type,
                                  error) ||
      !findings_json_read_string (object, path, "sha256", FALSE, &text_rule, &sha256, error))
    return NULL;

  if (media_type != NULL && !findings_protocol_is_photo_media_type (media_type))
    {
      findings_json_fail_enum (error, path, "media_type", media_type,
                               FINDINGS_PROTOCOL_MEDIA_TYPE_JPEG ", "
                               FINDINGS_PROTOCOL_MEDIA_TYPE_PNG);
      return NULL;
    }

  if (sha256 != NULL && !check_sha256 (sha256, path, error))
    return NULL;

  photo = findings_photo_new (id);
  findings_photo_set_caption (photo, caption);
  findings_photo_set_media_type (photo, media_type);
  findings_photo_set_sha256 (photo, sha256);

  return photo;
}

static FindingsOption *
parse_option (JsonNode    *node,
              const char  *path,
              GError     **error)
{
  JsonObject *object;
  const char *id;
  const char *label;
  const char *description;
  const char *savings_basis;
  gint64 price = 0;
  gint64 annual_savings = -1;
  FindingsTax tax;
  double life_years = 0.0;
  double duration_hours = -1.0;
  FindingsOption *option;

  if (!findings_json_as_object (node, path, &object, error) ||
      !findings_json_read_string (object, path, "id", TRUE, &id_rule, &id, error) ||
      !findings_json_read_string (object, path, "label", TRUE, &line_rule, &label, error) ||
      !findings_json_read_string (object, path, "description", FALSE, &text_rule, &description,
                                  error) ||
      !read_money (object, path, "price", TRUE, &price, error) ||
      !read_tax (object, path, &tax, error) ||
      !read_money (object, path, "annual_savings", FALSE, &annual_savings, error) ||
      !findings_json_read_string (object, path, "savings_basis", FALSE, &text_rule, &savings_basis,
                                  error) ||
      !read_life_years (object, path, &life_years, error) ||
      !read_duration_hours (object, path, &duration_hours, error))
    return NULL;

  option = findings_option_new (id);
  findings_option_set_label (option, label);
  findings_option_set_description (option, description);
  findings_option_set_price (option, price);
  findings_option_set_tax (option, tax);
  findings_option_set_annual_savings (option, annual_savings);
  findings_option_set_savings_basis (option, savings_basis);
  findings_option_set_expected_life_years (option, life_years);
  findings_option_set_duration_hours (option, duration_hours);

  return option;
}

static gboolean
parse_options (JsonObject              *object,
               const char              *path,
               FindingsRecommendation  *recommendation,
               GError                 **error)
{
  JsonArray *array;
  g_autofree char *array_path = findings_json_member_path (path, "options");
  g_autoptr(GHashTable) seen = NULL;
  guint n;

  if (!findings_json_read_array (object, path, "options", TRUE, &array, error))
    return FALSE;

  n = json_array_get_length (array);
  if (n == 0)
    return findings_json_fail (error, FINDINGS_PARSE_ERROR_MISSING_FIELD, array_path, NULL, "%s",
                               _("at least one option is required"));

  seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", array_path, i);
      g_autoptr(FindingsOption) option = NULL;

      option = parse_option (json_array_get_element (array, i), item_path, error);
      if (option == NULL ||
          !check_unique (seen, findings_option_get_id (option), array_path, i, item_path, error))
        return FALSE;

      /* The recommendation keeps the option, and so the id in @seen, alive. */
      findings_recommendation_add_option (recommendation, option);
    }

  return TRUE;
}

static gboolean
parse_photos (JsonObject              *object,
              const char              *path,
              FindingsRecommendation  *recommendation,
              GError                 **error)
{
  JsonArray *array;
  g_autofree char *array_path = NULL;
  guint n;

  if (!findings_json_read_array (object, path, "photos", FALSE, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  array_path = findings_json_member_path (path, "photos");
  n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", array_path, i);
      g_autoptr(FindingsPhoto) photo = NULL;

      photo = parse_photo (json_array_get_element (array, i), item_path, error);
      if (photo == NULL)
        return FALSE;

      findings_recommendation_add_photo (recommendation, photo);
    }

  return TRUE;
}

static gboolean
parse_equipment (JsonObject              *object,
                 const char              *path,
                 FindingsRecommendation  *recommendation,
                 GError                 **error)
{
  JsonObject *equipment;
  g_autofree char *sub = findings_json_member_path (path, "equipment");
  const char *name;
  const char *tag;
  const char *location;

  if (!findings_json_read_object (object, path, "equipment", FALSE, &equipment, error))
    return FALSE;
  if (equipment == NULL)
    return TRUE;

  if (!findings_json_read_string (equipment, sub, "name", FALSE, &text_rule, &name, error) ||
      !findings_json_read_string (equipment, sub, "tag", FALSE, &text_rule, &tag, error) ||
      !findings_json_read_string (equipment, sub, "location", FALSE, &text_rule, &location, error))
    return FALSE;

  findings_recommendation_set_equipment_name (recommendation, name);
  findings_recommendation_set_equipment_tag (recommendation, tag);
  findings_recommendation_set_equipment_location (recommendation, location);

  return TRUE;
}

static gboolean
parse_safety (JsonObject              *object,
              const char              *path,
              FindingsRecommendation  *recommendation,
              GError                 **error)
{
  JsonObject *safety;
  g_autofree char *sub = findings_json_member_path (path, "safety");
  FindingsSafetyLevel level;
  const char *note;

  if (!findings_json_read_object (object, path, "safety", FALSE, &safety, error))
    return FALSE;
  if (safety == NULL)
    return TRUE;

  if (!read_safety_level (safety, sub, "level", &level, error) ||
      !findings_json_read_string (safety, sub, "note", FALSE, &text_rule, &note, error))
    return FALSE;

  findings_recommendation_set_safety_level (recommendation, level);
  findings_recommendation_set_safety_note (recommendation, note);

  return TRUE;
}

static gboolean
parse_quote (JsonObject              *object,
             const char              *path,
             FindingsRecommendation  *recommendation,
             GError                 **error)
{
  JsonObject *quote;
  g_autofree char *sub = findings_json_member_path (path, "quote");
  const char *valid_until;
  const char *conditions;

  if (!findings_json_read_object (object, path, "quote", FALSE, &quote, error))
    return FALSE;
  if (quote == NULL)
    return TRUE;

  if (!findings_json_read_date (quote, sub, "valid_until", &valid_until, error) ||
      !findings_json_read_string (quote, sub, "conditions", FALSE, &text_rule, &conditions, error))
    return FALSE;

  findings_recommendation_set_has_quote (recommendation, TRUE);
  findings_recommendation_set_quote_valid_until (recommendation, valid_until);
  findings_recommendation_set_quote_conditions (recommendation, conditions);

  return TRUE;
}

static gboolean
parse_follow_up (JsonObject              *object,
                 const char              *path,
                 FindingsRecommendation  *recommendation,
                 GError                 **error)
{
  g_autofree char *sub = findings_json_member_path (path, "follow_up");
  g_autoptr(FindingsFollowUp) follow_up = NULL;
  JsonNode *node;

  if (!findings_json_lookup (object, path, "follow_up", FALSE, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  follow_up = findings_follow_up_new_from_json (node, sub, error);
  if (follow_up == NULL)
    return FALSE;

  findings_recommendation_set_follow_up (recommendation, follow_up);
  return TRUE;
}

static FindingsRecommendation *
parse_recommendation (JsonNode    *node,
                      const char  *path,
                      GError     **error)
{
  JsonObject *object;
  const char *id;
  const char *title;
  const char *finding;
  const char *why_it_matters;
  const char *if_deferred;
  const char *technician_note;
  FindingsCategory category;
  FindingsUrgency urgency;
  FindingsStatus status;
  g_autoptr(FindingsRecommendation) recommendation = NULL;

  if (!findings_json_as_object (node, path, &object, error) ||
      !findings_json_read_string (object, path, "id", TRUE, &id_rule, &id, error) ||
      !findings_json_read_string (object, path, "title", TRUE, &line_rule, &title, error) ||
      !read_category (object, path, "category", &category, error) ||
      !read_urgency (object, path, "urgency", &urgency, error) ||
      !findings_json_read_string (object, path, "finding", TRUE, &text_rule, &finding, error) ||
      !findings_json_read_string (object, path, "why_it_matters", TRUE, &text_rule,
                                  &why_it_matters, error) ||
      !findings_json_read_string (object, path, "if_deferred", FALSE, &text_rule, &if_deferred,
                                  error) ||
      !findings_json_read_string (object, path, "technician_note", FALSE, &text_rule,
                                  &technician_note,
                                  error) ||
      !read_status (object, path, "status", &status, error))
    return NULL;

  recommendation = findings_recommendation_new (id);
  findings_recommendation_set_title (recommendation, title);
  findings_recommendation_set_category (recommendation, category);
  findings_recommendation_set_urgency (recommendation, urgency);
  findings_recommendation_set_finding (recommendation, finding);
  findings_recommendation_set_why_it_matters (recommendation, why_it_matters);
  findings_recommendation_set_if_deferred (recommendation, if_deferred);
  findings_recommendation_set_technician_note (recommendation, technician_note);
  findings_recommendation_set_status (recommendation, status);

  if (!parse_equipment (object, path, recommendation, error) ||
      !parse_safety (object, path, recommendation, error) ||
      !parse_options (object, path, recommendation, error) ||
      !parse_quote (object, path, recommendation, error) ||
      !parse_photos (object, path, recommendation, error) ||
      !parse_follow_up (object, path, recommendation, error))
    return NULL;

  return g_steal_pointer (&recommendation);
}

static gboolean
parse_recommendations (JsonObject     *root,
                       FindingsVisit  *visit,
                       GError        **error)
{
  JsonArray *array;
  g_autoptr(GHashTable) seen = NULL;
  guint n;

  if (!findings_json_read_array (root, "", "recommendations", TRUE, &array, error))
    return FALSE;

  n = json_array_get_length (array);
  if (n > FINDINGS_PROTOCOL_MAX_RECOMMENDATIONS)
    return findings_json_fail (error, FINDINGS_PARSE_ERROR_TOO_MANY, "", "recommendations",
                               g_dngettext (NULL,
                               "more than %u recommendation",
                               "more than %u recommendations",
                               FINDINGS_PROTOCOL_MAX_RECOMMENDATIONS),
                               FINDINGS_PROTOCOL_MAX_RECOMMENDATIONS);

  seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("recommendations[%u]", i);
      g_autoptr(FindingsRecommendation) recommendation = NULL;

      recommendation = parse_recommendation (json_array_get_element (array, i), path, error);
      if (recommendation == NULL ||
          !check_unique (seen, findings_recommendation_get_id (recommendation),
                         "recommendations", i, path, error))
        return FALSE;

      /* The visit keeps the recommendation, and so the id in @seen, alive. */
      findings_visit_add_recommendation (visit, recommendation);
    }

  return TRUE;
}

/**
 * findings_recommendation_new_from_json:
 * @node: one recommendation of a visit document that has been through
 *   findings_json_parse_strict()
 * @path: the JSON path of @node, such as "recommendations[0]", which every error
 *   message starts with
 * @error: return location for a %FINDINGS_PARSE_ERROR
 *
 * Reads one recommendation as findings_visit_new_from_json() reads each of a visit's,
 * for a reader that keeps them apart (the office stores each on its own). It is in
 * no visit: its quote expires in UTC until it is added to one with a site.
 *
 * Returns: (transfer full) (nullable): the recommendation
 */
FindingsRecommendation *
findings_recommendation_new_from_json (JsonNode    *node,
                                       const char  *path,
                                       GError     **error)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse_recommendation (node, path, error);
}

/**
 * findings_visit_new_from_json:
 * @node: a visit document that has been through findings_json_parse_strict()
 * @error: return location for a %FINDINGS_PARSE_ERROR
 *
 * Builds a visit from one visit document, as found in the office's list of
 * visits. The document is checked whole first: a visit is returned complete or
 * not at all.
 *
 * Returns: (transfer full) (nullable): the visit
 */
FindingsVisit *
findings_visit_new_from_json (JsonNode  *node,
                              GError   **error)
{
  JsonObject *root;
  const char *id;
  const char *summary;
  const char *currency;
  g_autoptr(FindingsSite) site = NULL;
  g_autoptr(FindingsVisit) visit = NULL;
  g_autoptr(GDateTime) started_at = NULL;
  g_autoptr(GDateTime) completed_at = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_WRONG_TYPE,
                   _("A visit must be a JSON object, found %s."), findings_json_describe (node));
      return NULL;
    }

  root = json_node_get_object (node);

  /* The version comes first: the rest may mean something else in another one. */
  if (!check_schema_version (root, error) ||
      !findings_json_read_string (root, "", "id", TRUE, &id_rule, &id, error))
    return NULL;

  site = parse_site (root, error);
  if (site == NULL)
    return NULL;

  visit = findings_visit_new (id);
  findings_visit_set_site (visit, site);

  if (!parse_people (root, visit, error) ||
      !findings_json_read_date_time (root, "", "started_at", FALSE, &started_at, error) ||
      !findings_json_read_date_time (root, "", "completed_at", TRUE, &completed_at, error) ||
      !findings_json_read_string (root, "", "summary", FALSE, &text_rule, &summary, error) ||
      !parse_work_performed (root, visit, error) ||
      !read_currency (root, &currency, error) ||
      !parse_recommendations (root, visit, error))
    return NULL;

  findings_visit_set_started_at (visit, started_at);
  findings_visit_set_completed_at (visit, completed_at);
  findings_visit_set_summary (visit, summary);
  findings_visit_set_currency (visit, currency);

  return g_steal_pointer (&visit);
}

/**
 * findings_visit_parse:
 * @data: a visit document, not necessarily nul-terminated
 * @length: its length in bytes
 * @error: return location for a %FINDINGS_PARSE_ERROR
 *
 * Reads one visit document: at most 8 MiB of strict JSON, nested at most 64
 * levels, then checked field by field.
 *
 * Returns: (transfer full) (nullable): the visit
 */
FindingsVisit *
findings_visit_parse (const char  *data,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = findings_json_parse_document (data, length, error);
  if (root == NULL)
    return NULL;

  return findings_visit_new_from_json (root, error);
}

/**
 * findings_visit_parse_bytes:
 * @bytes: a visit document
 * @error: return location for a %FINDINGS_PARSE_ERROR
 *
 * Like findings_visit_parse().
 *
 * Returns: (transfer full) (nullable): the visit
 */
FindingsVisit *
findings_visit_parse_bytes (GBytes  *bytes,
                            GError **error)
{
  gconstpointer data;
  gsize length;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &length);
  return findings_visit_parse (data, length, error);
}
