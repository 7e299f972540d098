/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "findings-enum-types.h"
#include "findings-follow-up.h"
#include "findings-option.h"
#include "findings-photo.h"
#include "findings-recommendation.h"
#include "findings-site.h"
#include "findings-visit.h"


/*
 * Helpers
 */

typedef struct
{
  guint  count;
  char  *last_name;
} NotifyLog;

static void
notify_log_cb (GObject    *object,
               GParamSpec *pspec,
               gpointer    user_data)
{
  NotifyLog *log = user_data;

  log->count++;
  g_free (log->last_name);
  log->last_name = g_strdup (pspec->name);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static GDateTime *
parse_date_time (const char *iso8601)
{
  GDateTime *dt = g_date_time_new_from_iso8601 (iso8601, NULL);

  g_assert_nonnull (dt);
  return dt;
}

static FindingsRecommendation *
recommendation_new (const char          *id,
                    FindingsCategory     category,
                    FindingsSafetyLevel  safety_level,
                    FindingsUrgency      urgency,
                    FindingsStatus       status)
{
  FindingsRecommendation *rec = findings_recommendation_new (id);

  findings_recommendation_set_category (rec, category);
  findings_recommendation_set_safety_level (rec, safety_level);
  findings_recommendation_set_urgency (rec, urgency);
  findings_recommendation_set_status (rec, status);

  return rec;
}

/* Each property-changing statement must emit exactly @expected notify::@prop. */
#define ASSERT_NOTIFIES(object, prop, expected, statement)                                  \
  G_STMT_START {                                                                            \
    guint count_ = 0;                                                                       \
    gulong handler_ = g_signal_connect (object, "notify::" prop, G_CALLBACK (count_cb),     \
                                        &count_);                                           \
    statement;                                                                              \
    g_signal_handler_disconnect (object, handler_);                                         \
    g_assert_cmpuint (count_, ==, (expected));                                              \
  } G_STMT_END

/* Set, set the same text again from another buffer, change, clear, clear again. */
#define CHECK_STRING_PROPERTY(object, prop, setter, getter)                                 \
  G_STMT_START {                                                                            \
    g_autofree char *copy_ = g_strdup ("first value");                                      \
    ASSERT_NOTIFIES (object, prop, 1, setter (object, "first value"));                      \
    g_assert_cmpstr (getter (object), ==, "first value");                                   \
    ASSERT_NOTIFIES (object, prop, 0, setter (object, copy_));                              \
    ASSERT_NOTIFIES (object, prop, 1, setter (object, "second value"));                     \
    g_assert_cmpstr (getter (object), ==, "second value");                                  \
    ASSERT_NOTIFIES (object, prop, 1, setter (object, NULL));                               \
    g_assert_null (getter (object));                                                        \
    ASSERT_NOTIFIES (object, prop, 0, setter (object, NULL));                               \
  } G_STMT_END

/* For enums, integers, doubles and booleans; @a must differ from the current value. */
#define CHECK_VALUE_PROPERTY(object, prop, setter, getter, a, b)                            \
  G_STMT_START {                                                                            \
    ASSERT_NOTIFIES (object, prop, 1, setter (object, a));                                  \
    g_assert_true (getter (object) == (a));                                                 \
    ASSERT_NOTIFIES (object, prop, 0, setter (object, a));                                  \
    ASSERT_NOTIFIES (object, prop, 1, setter (object, b));                                  \
    g_assert_true (getter (object) == (b));                                                 \
    ASSERT_NOTIFIES (object, prop, 0, setter (object, b));                                  \
  } G_STMT_END

/* Two equal instants in different objects and zones are the same value. */
#define CHECK_DATE_TIME_PROPERTY(object, prop, setter, getter)                              \
  G_STMT_START {                                                                            \
    g_autoptr(GDateTime) a_ = parse_date_time ("2026-11-24T15:00:00Z");                     \
    g_autoptr(GDateTime) same_ = parse_date_time ("2026-11-24T10:00:00-05:00");             \
    g_autoptr(GDateTime) b_ = parse_date_time ("2026-11-25T15:00:00Z");                     \
    ASSERT_NOTIFIES (object, prop, 1, setter (object, a_));                                 \
    g_assert_true (getter (object) == a_);                                                  \
    ASSERT_NOTIFIES (object, prop, 0, setter (object, same_));                              \
    ASSERT_NOTIFIES (object, prop, 1, setter (object, b_));                                 \
    g_assert_true (g_date_time_equal (getter (object), b_));                                \
    ASSERT_NOTIFIES (object, prop, 1, setter (object, NULL));                               \
    g_assert_null (getter (object));                                                        \
    ASSERT_NOTIFIES (object, prop, 0, setter (object, NULL));                               \
  } G_STMT_END

#define CHECK_OBJECT_PROPERTY(object, prop, setter, getter, a, b)                           \
  G_STMT_START {                                                                            \
    ASSERT_NOTIFIES (object, prop, 1, setter (object, a));                                  \
    g_assert_true (getter (object) == (a));                                                 \
    ASSERT_NOTIFIES (object, prop, 0, setter (object, a));                                  \
    ASSERT_NOTIFIES (object, prop, 1, setter (object, b));                                  \
    g_assert_true (getter (object) == (b));                                                 \
    ASSERT_NOTIFIES (object, prop, 1, setter (object, NULL));                               \
    g_assert_null (getter (object));                                                        \
    ASSERT_NOTIFIES (object, prop, 0, setter (object, NULL));                               \
  } G_STMT_END


/*
 * Generic property checks through GObject, for every writable property
 */

static void
make_value (GParamSpec *pspec,
            gboolean    second,
            GValue     *value)
{
  GType type = G_PARAM_SPEC_VALUE_TYPE (pspec);

  g_value_init (value, type);

  /* The first value never equals any property's default. */
  if (type == G_TYPE_STRING)
    g_value_set_string (value, second ? "second" : "first");
  else if (type == G_TYPE_BOOLEAN)
    g_value_set_boolean (value, !second);
  else if (type == G_TYPE_INT64)
    g_value_set_int64 (value, second ? 7 : 42);
  else if (type == G_TYPE_DOUBLE)
    g_value_set_double (value, second ? 0.5 : 2.5);
  else if (G_TYPE_IS_ENUM (type))
    {
      GEnumClass *klass = G_PARAM_SPEC_ENUM (pspec)->enum_class;

      g_assert_cmpuint (klass->n_values, >=, 3);
      g_assert_cmpint (G_PARAM_SPEC_ENUM (pspec)->default_value, ==, klass->values[0].value);
      g_value_set_enum (value, klass->values[second ? 1 : klass->n_values - 1].value);
    }
  else if (type == G_TYPE_DATE_TIME)
    g_value_take_boxed (value, parse_date_time (second ? "2026-02-03T04:05:06Z"
                                                       : "2026-01-02T03:04:05Z"));
  else if (type == G_TYPE_STRV)
    {
      const char * const first[] = { "one", "two", NULL };
      const char * const other[] = { "three", NULL };

      g_value_set_boxed (value, second ? other : first);
    }
  else if (G_TYPE_IS_OBJECT (type))
    g_value_take_object (value, g_object_new (type, NULL));
  else
    g_error ("No test value for property %s of type %s", pspec->name, g_type_name (type));
}

static gboolean
values_equal (const GValue *a,
              const GValue *b)
{
  GType type = G_VALUE_TYPE (a);

  g_assert_cmpstr (g_type_name (type), ==, g_type_name (G_VALUE_TYPE (b)));

  if (type == G_TYPE_STRING)
    return g_strcmp0 (g_value_get_string (a), g_value_get_string (b)) == 0;
  if (type == G_TYPE_BOOLEAN)
    return g_value_get_boolean (a) == g_value_get_boolean (b);
  if (type == G_TYPE_INT64)
    return g_value_get_int64 (a) == g_value_get_int64 (b);
  if (type == G_TYPE_DOUBLE)
    return g_value_get_double (a) == g_value_get_double (b);
  if (G_TYPE_IS_ENUM (type))
    return g_value_get_enum (a) == g_value_get_enum (b);
  if (type == G_TYPE_DATE_TIME)
    return g_date_time_equal (g_value_get_boxed (a), g_value_get_boxed (b));
  if (type == G_TYPE_STRV)
    return g_strv_equal (g_value_get_boxed (a), g_value_get_boxed (b));
  if (G_TYPE_IS_OBJECT (type))
    return g_value_get_object (a) == g_value_get_object (b);

  g_assert_not_reached ();
}

static void
set_and_count (GObject      *object,
               GParamSpec   *pspec,
               const GValue *value,
               guint         expected)
{
  NotifyLog log = { 0, NULL };
  g_auto(GValue) copy = G_VALUE_INIT;
  g_auto(GValue) read_back = G_VALUE_INIT;
  gulong handler;

  /* A copy, so a string arrives in a buffer the object does not own yet. */
  g_value_init (&copy, G_VALUE_TYPE (value));
  g_value_copy (value, &copy);

  handler = g_signal_connect (object, "notify", G_CALLBACK (notify_log_cb), &log);
  g_object_set_property (object, pspec->name, &copy);
  g_signal_handler_disconnect (object, handler);

  g_test_message ("%s:%s", G_OBJECT_TYPE_NAME (object), pspec->name);
  g_assert_cmpuint (log.count, ==, expected);
  if (expected > 0)
    g_assert_cmpstr (log.last_name, ==, pspec->name);
  g_free (log.last_name);

  g_value_init (&read_back, G_PARAM_SPEC_VALUE_TYPE (pspec));
  g_object_get_property (object, pspec->name, &read_back);
  g_assert_true (values_equal (value, &read_back));
}

static void
test_notify_all_properties (void)
{
  const GType types[] = {
    FINDINGS_TYPE_SITE,
    FINDINGS_TYPE_PHOTO,
    FINDINGS_TYPE_FOLLOW_UP,
    FINDINGS_TYPE_OPTION,
    FINDINGS_TYPE_RECOMMENDATION,
    FINDINGS_TYPE_VISIT,
  };
  guint n_checked = 0;

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(GObject) object = g_object_new (types[i], NULL);
      g_autofree GParamSpec **pspecs = NULL;
      guint n_pspecs;

      pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);
      g_assert_cmpuint (n_pspecs, >, 0);

      for (guint j = 0; j < n_pspecs; j++)
        {
          g_auto(GValue) first = G_VALUE_INIT;
          g_auto(GValue) second = G_VALUE_INIT;

          if (!(pspecs[j]->flags & G_PARAM_WRITABLE))
            continue;

          g_assert_true (pspecs[j]->flags & G_PARAM_EXPLICIT_NOTIFY);

          make_value (pspecs[j], FALSE, &first);
          make_value (pspecs[j], TRUE, &second);

          set_and_count (object, pspecs[j], &first, 1);
          set_and_count (object, pspecs[j], &first, 0);
          set_and_count (object, pspecs[j], &second, 1);
          set_and_count (object, pspecs[j], &second, 0);
          n_checked++;
        }
    }

  /* 4 site + 4 photo + 5 follow-up + 9 option + 18 recommendation + 12 visit */
  g_assert_cmpuint (n_checked, ==, 52);
}


/*
 * Each public setter
 */

static void
test_notify_site (void)
{
  g_autoptr(FindingsSite) site = findings_site_new ("site-1");

  g_assert_cmpstr (findings_site_get_id (site), ==, "site-1");

  CHECK_STRING_PROPERTY (site, "id", findings_site_set_id, findings_site_get_id);
  CHECK_STRING_PROPERTY (site, "name", findings_site_set_name, findings_site_get_name);
  CHECK_STRING_PROPERTY (site, "address", findings_site_set_address, findings_site_get_address);
  CHECK_STRING_PROPERTY (site, "timezone",
                         findings_site_set_timezone, findings_site_get_timezone);
}

static void
test_notify_photo (void)
{
  g_autoptr(FindingsPhoto) photo = findings_photo_new ("photo-1");

  g_assert_cmpstr (findings_photo_get_id (photo), ==, "photo-1");

  CHECK_STRING_PROPERTY (photo, "id", findings_photo_set_id, findings_photo_get_id);
  CHECK_STRING_PROPERTY (photo, "caption", findings_photo_set_caption, findings_photo_get_caption);
  CHECK_STRING_PROPERTY (photo, "media-type",
                         findings_photo_set_media_type, findings_photo_get_media_type);
  CHECK_STRING_PROPERTY (photo, "sha256", findings_photo_set_sha256, findings_photo_get_sha256);
}

static void
test_notify_follow_up (void)
{
  g_autoptr(FindingsFollowUp) follow_up = NULL;

  follow_up = findings_follow_up_new (FINDINGS_FOLLOW_UP_STATE_CONTACTED);
  g_assert_cmpint (findings_follow_up_get_state (follow_up), ==,
                   FINDINGS_FOLLOW_UP_STATE_CONTACTED);

  CHECK_VALUE_PROPERTY (follow_up, "state",
                        findings_follow_up_set_state, findings_follow_up_get_state,
                        FINDINGS_FOLLOW_UP_STATE_DONE, FINDINGS_FOLLOW_UP_STATE_REQUESTED);
  CHECK_STRING_PROPERTY (follow_up, "owner",
                         findings_follow_up_set_owner, findings_follow_up_get_owner);
  CHECK_STRING_PROPERTY (follow_up, "due-by",
                         findings_follow_up_set_due_by, findings_follow_up_get_due_by);
  CHECK_STRING_PROPERTY (follow_up, "message",
                         findings_follow_up_set_message, findings_follow_up_get_message);
  CHECK_DATE_TIME_PROPERTY (follow_up, "updated-at",
                            findings_follow_up_set_updated_at, findings_follow_up_get_updated_at);
}

static void
test_notify_option (void)
{
  g_autoptr(FindingsOption) option = findings_option_new ("option-1");

  /* Defaults mean "not stated" */
  g_assert_cmpstr (findings_option_get_id (option), ==, "option-1");
  g_assert_cmpint (findings_option_get_price (option), ==, 0);
  g_assert_cmpint (findings_option_get_tax (option), ==, FINDINGS_TAX_UNSTATED);
  g_assert_cmpint (findings_option_get_annual_savings (option), ==, -1);
  g_assert_cmpfloat (findings_option_get_expected_life_years (option), ==, 0.0);
  g_assert_cmpfloat (findings_option_get_duration_hours (option), ==, -1.0);
  g_assert_false (findings_option_has_savings (option));

  CHECK_STRING_PROPERTY (option, "id", findings_option_set_id, findings_option_get_id);
  CHECK_STRING_PROPERTY (option, "label", findings_option_set_label, findings_option_get_label);
  CHECK_STRING_PROPERTY (option, "description",
                         findings_option_set_description, findings_option_get_description);
  CHECK_VALUE_PROPERTY (option, "price", findings_option_set_price, findings_option_get_price,
                        G_GINT64_CONSTANT (489000), G_GINT64_CONSTANT (0));
  CHECK_VALUE_PROPERTY (option, "tax", findings_option_set_tax, findings_option_get_tax,
                        FINDINGS_TAX_EXCLUDED, FINDINGS_TAX_INCLUDED);
  CHECK_VALUE_PROPERTY (option, "annual-savings",
                        findings_option_set_annual_savings, findings_option_get_annual_savings,
                        G_GINT64_CONSTANT (0), G_GINT64_CONSTANT (120000));
  CHECK_STRING_PROPERTY (option, "savings-basis",
                         findings_option_set_savings_basis, findings_option_get_savings_basis);
  CHECK_VALUE_PROPERTY (option, "expected-life-years",
                        findings_option_set_expected_life_years,
                        findings_option_get_expected_life_years,
                        15.0, 20.5);
  CHECK_VALUE_PROPERTY (option, "duration-hours",
                        findings_option_set_duration_hours, findings_option_get_duration_hours,
                        0.0, 3.5);

  /* Savings of zero are no savings */
  g_assert_true (findings_option_has_savings (option));
  findings_option_set_annual_savings (option, 0);
  g_assert_false (findings_option_has_savings (option));
  findings_option_set_annual_savings (option, -1);
  g_assert_false (findings_option_has_savings (option));
}

static void
test_notify_recommendation (void)
{
  g_autoptr(FindingsRecommendation) rec = findings_recommendation_new ("rec-1");
  g_autoptr(FindingsFollowUp) follow_up_a = NULL;
  g_autoptr(FindingsFollowUp) follow_up_b = NULL;

  follow_up_a = findings_follow_up_new (FINDINGS_FOLLOW_UP_STATE_REQUESTED);
  follow_up_b = findings_follow_up_new (FINDINGS_FOLLOW_UP_STATE_DONE);

  g_assert_cmpstr (findings_recommendation_get_id (rec), ==, "rec-1");
  g_assert_cmpint (findings_recommendation_get_safety_level (rec), ==, FINDINGS_SAFETY_LEVEL_NONE);
  g_assert_cmpint (findings_recommendation_get_status (rec), ==, FINDINGS_STATUS_OPEN);
  g_assert_false (findings_recommendation_get_has_quote (rec));
  g_assert_null (findings_recommendation_get_follow_up (rec));

  CHECK_STRING_PROPERTY (rec, "id", findings_recommendation_set_id, findings_recommendation_get_id);
  CHECK_STRING_PROPERTY (rec, "title",
                         findings_recommendation_set_title, findings_recommendation_get_title);
  CHECK_VALUE_PROPERTY (rec, "category",
                        findings_recommendation_set_category, findings_recommendation_get_category,
                        FINDINGS_CATEGORY_COMPLIANCE, FINDINGS_CATEGORY_SAVINGS);
  CHECK_VALUE_PROPERTY (rec, "urgency",
                        findings_recommendation_set_urgency, findings_recommendation_get_urgency,
                        FINDINGS_URGENCY_MONITOR, FINDINGS_URGENCY_SOON);
  CHECK_STRING_PROPERTY (rec, "equipment-name",
                         findings_recommendation_set_equipment_name,
                         findings_recommendation_get_equipment_name);
  CHECK_STRING_PROPERTY (rec, "equipment-tag",
                         findings_recommendation_set_equipment_tag,
                         findings_recommendation_get_equipment_tag);
  CHECK_STRING_PROPERTY (rec, "equipment-location",
                         findings_recommendation_set_equipment_location,
                         findings_recommendation_get_equipment_location);
  CHECK_STRING_PROPERTY (rec, "finding",
                         findings_recommendation_set_finding, findings_recommendation_get_finding);
  CHECK_STRING_PROPERTY (rec, "why-it-matters",
                         findings_recommendation_set_why_it_matters,
                         findings_recommendation_get_why_it_matters);
  CHECK_STRING_PROPERTY (rec, "if-deferred",
                         findings_recommendation_set_if_deferred,
                         findings_recommendation_get_if_deferred);
  CHECK_STRING_PROPERTY (rec, "technician-note",
                         findings_recommendation_set_technician_note,
                         findings_recommendation_get_technician_note);
  CHECK_VALUE_PROPERTY (rec, "safety-level",
                        findings_recommendation_set_safety_level,
                        findings_recommendation_get_safety_level,
                        FINDINGS_SAFETY_LEVEL_DANGER, FINDINGS_SAFETY_LEVEL_CAUTION);
  CHECK_STRING_PROPERTY (rec, "safety-note",
                         findings_recommendation_set_safety_note,
                         findings_recommendation_get_safety_note);
  CHECK_STRING_PROPERTY (rec, "quote-valid-until",
                         findings_recommendation_set_quote_valid_until,
                         findings_recommendation_get_quote_valid_until);
  CHECK_STRING_PROPERTY (rec, "quote-conditions",
                         findings_recommendation_set_quote_conditions,
                         findings_recommendation_get_quote_conditions);
  CHECK_VALUE_PROPERTY (rec, "has-quote",
                        findings_recommendation_set_has_quote,
                        findings_recommendation_get_has_quote,
                        TRUE, FALSE);
  CHECK_VALUE_PROPERTY (rec, "status",
                        findings_recommendation_set_status, findings_recommendation_get_status,
                        FINDINGS_STATUS_CALL_REQUESTED, FINDINGS_STATUS_ACCEPTED);
  CHECK_OBJECT_PROPERTY (rec, "follow-up",
                         findings_recommendation_set_follow_up,
                         findings_recommendation_get_follow_up,
                         follow_up_a, follow_up_b);

  /* Any non-zero gboolean is the same TRUE */
  findings_recommendation_set_has_quote (rec, TRUE);
  ASSERT_NOTIFIES (rec, "has-quote", 0, findings_recommendation_set_has_quote (rec, 2));
  g_assert_true (findings_recommendation_get_has_quote (rec));
}

static void
test_notify_visit (void)
{
  g_autoptr(FindingsVisit) visit = findings_visit_new ("visit-1");
  g_autoptr(FindingsSite) site_a = findings_site_new ("site-a");
  g_autoptr(FindingsSite) site_b = findings_site_new ("site-b");
  const char * const work[] = { "Replaced filter", "Cleaned coil", NULL };
  const char * const work_copy[] = { "Replaced filter", "Cleaned coil", NULL };
  const char * const other_work[] = { "Replaced filter", NULL };
  const char * const no_work[] = { NULL };

  g_assert_cmpstr (findings_visit_get_id (visit), ==, "visit-1");

  CHECK_STRING_PROPERTY (visit, "id", findings_visit_set_id, findings_visit_get_id);
  CHECK_OBJECT_PROPERTY (visit, "site", findings_visit_set_site, findings_visit_get_site,
                         site_a, site_b);
  CHECK_STRING_PROPERTY (visit, "company-name",
                         findings_visit_set_company_name, findings_visit_get_company_name);
  CHECK_STRING_PROPERTY (visit, "company-phone",
                         findings_visit_set_company_phone, findings_visit_get_company_phone);
  CHECK_STRING_PROPERTY (visit, "company-email",
                         findings_visit_set_company_email, findings_visit_get_company_email);
  CHECK_STRING_PROPERTY (visit, "technician-id",
                         findings_visit_set_technician_id, findings_visit_get_technician_id);
  CHECK_STRING_PROPERTY (visit, "technician-name",
                         findings_visit_set_technician_name, findings_visit_get_technician_name);
  CHECK_DATE_TIME_PROPERTY (visit, "started-at",
                            findings_visit_set_started_at, findings_visit_get_started_at);
  CHECK_DATE_TIME_PROPERTY (visit, "completed-at",
                            findings_visit_set_completed_at, findings_visit_get_completed_at);
  CHECK_STRING_PROPERTY (visit, "summary", findings_visit_set_summary, findings_visit_get_summary);
  CHECK_STRING_PROPERTY (visit, "currency",
                         findings_visit_set_currency, findings_visit_get_currency);

  /* work-performed: compared by content, and copied */
  g_assert_null (findings_visit_get_work_performed (visit));
  ASSERT_NOTIFIES (visit, "work-performed", 1, findings_visit_set_work_performed (visit, work));
  g_assert_true (findings_visit_get_work_performed (visit) != work);
  g_assert_true (g_strv_equal (findings_visit_get_work_performed (visit), work));
  ASSERT_NOTIFIES (visit, "work-performed", 0,
                   findings_visit_set_work_performed (visit, work_copy));
  ASSERT_NOTIFIES (visit, "work-performed", 1,
                   findings_visit_set_work_performed (visit, other_work));
  g_assert_cmpuint (g_strv_length ((GStrv) findings_visit_get_work_performed (visit)), ==, 1);
  ASSERT_NOTIFIES (visit, "work-performed", 1, findings_visit_set_work_performed (visit, NULL));
  g_assert_null (findings_visit_get_work_performed (visit));
  ASSERT_NOTIFIES (visit, "work-performed", 0, findings_visit_set_work_performed (visit, NULL));
  /* An empty list is not the same as none */
  ASSERT_NOTIFIES (visit, "work-performed", 1,
                   findings_visit_set_work_performed (visit, no_work));
  g_assert_nonnull (findings_visit_get_work_performed (visit));
}


/*
 * Visit aggregates
 */

static void
test_visit_n_open (void)
{
  g_autoptr(FindingsVisit) visit = findings_visit_new ("visit-1");
  g_autoptr(FindingsRecommendation) a = NULL;
  g_autoptr(FindingsRecommendation) b = NULL;
  g_autoptr(FindingsRecommendation) c = NULL;

  a = recommendation_new ("a", FINDINGS_CATEGORY_RELIABILITY, FINDINGS_SAFETY_LEVEL_NONE,
                          FINDINGS_URGENCY_SOON, FINDINGS_STATUS_OPEN);
  b = recommendation_new ("b", FINDINGS_CATEGORY_COMFORT, FINDINGS_SAFETY_LEVEL_NONE,
                          FINDINGS_URGENCY_PLAN, FINDINGS_STATUS_ACCEPTED);
  c = recommendation_new ("c", FINDINGS_CATEGORY_SAVINGS, FINDINGS_SAFETY_LEVEL_NONE,
                          FINDINGS_URGENCY_PLAN, FINDINGS_STATUS_OPEN);

  g_assert_cmpuint (findings_visit_get_n_open (visit), ==, 0);

  ASSERT_NOTIFIES (visit, "n-open", 1, findings_visit_add_recommendation (visit, a));
  g_assert_cmpuint (findings_visit_get_n_open (visit), ==, 1);
  ASSERT_NOTIFIES (visit, "n-open", 0, findings_visit_add_recommendation (visit, b));
  g_assert_cmpuint (findings_visit_get_n_open (visit), ==, 1);
  ASSERT_NOTIFIES (visit, "n-open", 1, findings_visit_add_recommendation (visit, c));
  g_assert_cmpuint (findings_visit_get_n_open (visit), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (findings_visit_get_recommendations (visit)), ==, 3);

  /* Declined is not open any more, even if still undecided */
  ASSERT_NOTIFIES (visit, "n-open", 1,
                   findings_recommendation_set_status (a, FINDINGS_STATUS_DECLINED));
  g_assert_cmpuint (findings_visit_get_n_open (visit), ==, 1);

  /* A change that leaves the count alone does not notify */
  ASSERT_NOTIFIES (visit, "n-open", 0,
                   findings_recommendation_set_status (b, FINDINGS_STATUS_SCHEDULED));
  ASSERT_NOTIFIES (visit, "n-open", 0, findings_recommendation_set_title (c, "New title"));
  g_assert_cmpuint (findings_visit_get_n_open (visit), ==, 1);

  ASSERT_NOTIFIES (visit, "n-open", 1,
                   findings_recommendation_set_status (b, FINDINGS_STATUS_OPEN));
  g_assert_cmpuint (findings_visit_get_n_open (visit), ==, 2);

  ASSERT_NOTIFIES (visit, "n-open", 1,
                   findings_recommendation_set_status (c, FINDINGS_STATUS_WITHDRAWN));
  ASSERT_NOTIFIES (visit, "n-open", 1,
                   findings_recommendation_set_status (b, FINDINGS_STATUS_COMPLETED));
  g_assert_cmpuint (findings_visit_get_n_open (visit), ==, 0);
}

/* The counters follow each change of each of many recommendations, and always agree
 * with a count made from scratch (they are kept per change, not recounted). */
static void
recount (FindingsVisit *visit,
         guint         *n_open,
         gboolean      *has_safety_concern)
{
  GListModel *recs = findings_visit_get_recommendations (visit);

  *n_open = 0;
  *has_safety_concern = FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (recs); i++)
    {
      g_autoptr(FindingsRecommendation) rec = g_list_model_get_item (recs, i);
      FindingsStatus status = findings_recommendation_get_status (rec);

      if (status == FINDINGS_STATUS_OPEN)
        (*n_open)++;
      if (findings_status_is_undecided (status) && findings_recommendation_is_safety_concern (rec))
        *has_safety_concern = TRUE;
    }
}

static void
test_visit_counts_many (void)
{
  g_autoptr(FindingsVisit) visit = findings_visit_new ("visit-1");
  g_autoptr(GRand) rand = g_rand_new_with_seed (10);
  GListModel *recs = findings_visit_get_recommendations (visit);
  guint n_open;
  gboolean has_safety_concern;

  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *id = g_strdup_printf ("r-%u", i);
      g_autoptr(FindingsRecommendation) rec = NULL;

      rec = recommendation_new (id, (FindingsCategory) g_rand_int_range (rand, 0, 6),
                                (FindingsSafetyLevel) g_rand_int_range (rand, 0, 4),
                                FINDINGS_URGENCY_PLAN,
                                (FindingsStatus) g_rand_int_range (rand, 0, 7));
      findings_visit_add_recommendation (visit, rec);
      recount (visit, &n_open, &has_safety_concern);
      g_assert_cmpuint (findings_visit_get_n_open (visit), ==, n_open);
      g_assert_cmpint (findings_visit_get_has_safety_concern (visit), ==, has_safety_concern);
    }

  for (guint i = 0; i < 5000; i++)
    {
      g_autoptr(FindingsRecommendation) rec =
        g_list_model_get_item (recs, (guint) g_rand_int_range (rand, 0, 500));

      switch (g_rand_int_range (rand, 0, 3))
        {
        case 0:
          findings_recommendation_set_status (rec, (FindingsStatus) g_rand_int_range (rand, 0, 7));
          break;
        case 1:
          findings_recommendation_set_category (rec,
                                                (FindingsCategory) g_rand_int_range (rand, 0, 6));
          break;
        default:
          findings_recommendation_set_safety_level (
            rec, (FindingsSafetyLevel) g_rand_int_range (rand, 0, 4));
        }

      recount (visit, &n_open, &has_safety_concern);
      g_assert_cmpuint (findings_visit_get_n_open (visit), ==, n_open);
      g_assert_cmpint (findings_visit_get_has_safety_concern (visit), ==, has_safety_concern);
    }

  /* Everything decided: nothing open and no concern left. */
  for (guint i = 0; i < 500; i++)
    {
      g_autoptr(FindingsRecommendation) rec = g_list_model_get_item (recs, i);

      findings_recommendation_set_status (rec, FINDINGS_STATUS_COMPLETED);
    }
  g_assert_cmpuint (findings_visit_get_n_open (visit), ==, 0);
  g_assert_false (findings_visit_get_has_safety_concern (visit));
}

static void
test_visit_has_safety_concern (void)
{
  g_autoptr(FindingsVisit) visit = findings_visit_new ("visit-1");
  g_autoptr(FindingsRecommendation) reliability = NULL;
  g_autoptr(FindingsRecommendation) safety = NULL;
  g_autoptr(FindingsRecommendation) warning = NULL;
  gboolean value;

  reliability = recommendation_new ("reliability", FINDINGS_CATEGORY_RELIABILITY,
                                    FINDINGS_SAFETY_LEVEL_NONE, FINDINGS_URGENCY_IMMEDIATE,
                                    FINDINGS_STATUS_OPEN);
  safety = recommendation_new ("safety", FINDINGS_CATEGORY_SAFETY, FINDINGS_SAFETY_LEVEL_NONE,
                               FINDINGS_URGENCY_SOON, FINDINGS_STATUS_ACCEPTED);
  warning = recommendation_new ("warning", FINDINGS_CATEGORY_COMFORT,
                                FINDINGS_SAFETY_LEVEL_WARNING, FINDINGS_URGENCY_PLAN,
                                FINDINGS_STATUS_COMPLETED);

  /* Neither an open non-safety item nor decided safety items count */
  ASSERT_NOTIFIES (visit, "has-safety-concern", 0,
                   findings_visit_add_recommendation (visit, reliability));
  ASSERT_NOTIFIES (visit, "has-safety-concern", 0,
                   findings_visit_add_recommendation (visit, safety));
  ASSERT_NOTIFIES (visit, "has-safety-concern", 0,
                   findings_visit_add_recommendation (visit, warning));
  g_assert_false (findings_visit_get_has_safety_concern (visit));

  /* A safety-category item back to open */
  ASSERT_NOTIFIES (visit, "has-safety-concern", 1,
                   findings_recommendation_set_status (safety, FINDINGS_STATUS_OPEN));
  g_assert_true (findings_visit_get_has_safety_concern (visit));
  g_object_get (visit, "has-safety-concern", &value, NULL);
  g_assert_true (value);

  /* A second concern does not notify again */
  ASSERT_NOTIFIES (visit, "has-safety-concern", 0,
                   findings_recommendation_set_status (warning, FINDINGS_STATUS_DECLINED));
  g_assert_true (findings_visit_get_has_safety_concern (visit));

  ASSERT_NOTIFIES (visit, "has-safety-concern", 0,
                   findings_recommendation_set_status (safety, FINDINGS_STATUS_SCHEDULED));
  g_assert_true (findings_visit_get_has_safety_concern (visit));

  /* The declined warning item was the last concern */
  ASSERT_NOTIFIES (visit, "has-safety-concern", 1,
                   findings_recommendation_set_status (warning, FINDINGS_STATUS_ACCEPTED));
  g_assert_false (findings_visit_get_has_safety_concern (visit));

  /* A call request on a safety item is undecided */
  ASSERT_NOTIFIES (visit, "has-safety-concern", 1,
                   findings_recommendation_set_status (warning, FINDINGS_STATUS_CALL_REQUESTED));
  g_assert_true (findings_visit_get_has_safety_concern (visit));

  /* The technician's level and the category count too, not only the status */
  ASSERT_NOTIFIES (visit, "has-safety-concern", 1,
                   findings_recommendation_set_safety_level (warning,
                                                             FINDINGS_SAFETY_LEVEL_NONE));
  g_assert_false (findings_visit_get_has_safety_concern (visit));
  ASSERT_NOTIFIES (visit, "has-safety-concern", 1,
                   findings_recommendation_set_category (reliability,
                                                         FINDINGS_CATEGORY_SAFETY));
  g_assert_true (findings_visit_get_has_safety_concern (visit));
}

static void
test_visit_find_recommendation (void)
{
  g_autoptr(FindingsVisit) visit = findings_visit_new ("visit-1");
  g_autoptr(FindingsRecommendation) a = findings_recommendation_new ("rec-a");
  g_autoptr(FindingsRecommendation) b = findings_recommendation_new ("rec-b");

  g_assert_null (findings_visit_find_recommendation (visit, "rec-a"));

  findings_visit_add_recommendation (visit, a);
  findings_visit_add_recommendation (visit, b);

  g_assert_true (findings_visit_find_recommendation (visit, "rec-a") == a);
  g_assert_true (findings_visit_find_recommendation (visit, "rec-b") == b);
  g_assert_null (findings_visit_find_recommendation (visit, "rec-c"));
  g_assert_null (findings_visit_find_recommendation (visit, "REC-A"));
  g_assert_null (findings_visit_find_recommendation (visit, NULL));

  /* Borrowed: the visit still holds both */
  g_assert_cmpuint (G_OBJECT (a)->ref_count, ==, 2);
}

static void
test_visit_weak_reference (void)
{
  FindingsVisit *visit = findings_visit_new ("visit-1");
  FindingsRecommendation *rec = findings_recommendation_new ("rec-1");
  FindingsVisit *weak_visit = visit;
  FindingsRecommendation *weak_rec = rec;
  g_autoptr(FindingsVisit) dup = NULL;
  FindingsVisit *from_property = NULL;
  g_autoptr(GDateTime) new_year_eve = parse_date_time ("2026-12-31T23:00:00Z");
  g_autoptr(GDateTime) new_year = parse_date_time ("2027-01-01T00:00:00Z");

  g_object_add_weak_pointer (G_OBJECT (visit), (gpointer *) &weak_visit);
  g_object_add_weak_pointer (G_OBJECT (rec), (gpointer *) &weak_rec);

  g_assert_null (findings_recommendation_dup_visit (rec));

  ASSERT_NOTIFIES (rec, "visit", 1, findings_visit_add_recommendation (visit, rec));

  dup = findings_recommendation_dup_visit (rec);
  g_assert_true (dup == visit);
  g_clear_object (&dup);

  g_object_get (rec, "visit", &from_property, NULL);
  g_assert_true (from_property == visit);
  g_clear_object (&from_property);

  /* The recommendation does not keep the visit alive */
  g_assert_cmpuint (G_OBJECT (visit)->ref_count, ==, 1);
  g_object_unref (visit);
  g_assert_null (weak_visit);

  g_assert_null (findings_recommendation_dup_visit (rec));
  g_object_get (rec, "visit", &from_property, NULL);
  g_assert_null (from_property);

  /* The visit's handlers went with it */
  findings_recommendation_set_status (rec, FINDINGS_STATUS_ACCEPTED);
  findings_recommendation_set_quote_valid_until (rec, "2026-12-31");
  g_assert_false (findings_recommendation_is_quote_expired (rec, new_year_eve));
  g_assert_true (findings_recommendation_is_quote_expired (rec, new_year));

  g_assert_cmpuint (G_OBJECT (rec)->ref_count, ==, 1);
  g_object_unref (rec);
  g_assert_null (weak_rec);
}

static void
test_visit_compare (void)
{
  g_autoptr(GListStore) store = g_list_store_new (FINDINGS_TYPE_VISIT);
  g_autoptr(FindingsSite) alpha = findings_site_new ("site-1");
  g_autoptr(FindingsSite) alpha_lower = findings_site_new ("site-2");
  g_autoptr(FindingsSite) beta = findings_site_new ("site-0");
  struct {
    const char   *id;
    FindingsSite *site;
    const char   *completed_at;
  } visits[] = {
    { "v-beta", beta, "2026-07-01T12:00:00Z" },
    { "v-may", alpha, "2026-05-01T12:00:00Z" },
    { "v-none", alpha, NULL },
    { "v-other-site", alpha_lower, "2026-08-01T12:00:00Z" },
    { "v-june-b", alpha, "2026-06-01T12:00:00Z" },
    { "v-june-a", alpha, "2026-06-01T08:00:00-04:00" },
    { "v-no-site", NULL, "2026-01-01T12:00:00Z" },
  };
  const char * const expected[] = {
    "v-no-site", "v-june-a", "v-june-b", "v-may", "v-none", "v-other-site", "v-beta",
  };

  findings_site_set_name (alpha, "Alpha Plaza");
  findings_site_set_name (alpha_lower, "alpha plaza");
  findings_site_set_name (beta, "Beta Tower");

  for (guint i = 0; i < G_N_ELEMENTS (visits); i++)
    {
      g_autoptr(FindingsVisit) visit = findings_visit_new (visits[i].id);
      g_autoptr(GDateTime) completed_at = NULL;

      if (visits[i].completed_at != NULL)
        completed_at = parse_date_time (visits[i].completed_at);

      findings_visit_set_site (visit, visits[i].site);
      findings_visit_set_completed_at (visit, completed_at);
      g_list_store_append (store, visit);
    }

  g_list_store_sort (store, findings_visit_compare_newest_first, NULL);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(FindingsVisit) visit = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_assert_cmpstr (findings_visit_get_id (visit), ==, expected[i]);
    }

  {
    g_autoptr(FindingsVisit) a = g_list_model_get_item (G_LIST_MODEL (store), 1);

    g_assert_cmpint (findings_visit_compare_newest_first (a, a, NULL), ==, 0);
  }
}


/*
 * Recommendations
 */

static void
test_recommendation_safety_rank (void)
{
  struct {
    FindingsCategory    category;
    FindingsSafetyLevel level;
    int                 rank;
    gboolean            concern;
  } cases[] = {
    { FINDINGS_CATEGORY_COMFORT, FINDINGS_SAFETY_LEVEL_DANGER, 0, TRUE },
    { FINDINGS_CATEGORY_SAFETY, FINDINGS_SAFETY_LEVEL_DANGER, 0, TRUE },
    { FINDINGS_CATEGORY_RELIABILITY, FINDINGS_SAFETY_LEVEL_WARNING, 1, TRUE },
    { FINDINGS_CATEGORY_SAVINGS, FINDINGS_SAFETY_LEVEL_CAUTION, 2, TRUE },
    { FINDINGS_CATEGORY_SAFETY, FINDINGS_SAFETY_LEVEL_NONE, 3, TRUE },
    { FINDINGS_CATEGORY_COMPLIANCE, FINDINGS_SAFETY_LEVEL_NONE, 4, FALSE },
    { FINDINGS_CATEGORY_AIR_QUALITY, FINDINGS_SAFETY_LEVEL_NONE, 4, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FindingsRecommendation) rec = NULL;

      rec = recommendation_new ("rec", cases[i].category, cases[i].level,
                                FINDINGS_URGENCY_SOON, FINDINGS_STATUS_OPEN);

      g_test_message ("case %u", i);
      g_assert_cmpint (findings_recommendation_get_safety_rank (rec), ==, cases[i].rank);
      g_assert_cmpint (findings_recommendation_is_safety_concern (rec), ==, cases[i].concern);
    }
}

static void
test_recommendation_compare (void)
{
  g_autoptr(FindingsRecommendation) danger_plan = NULL;
  g_autoptr(FindingsRecommendation) immediate = NULL;
  g_autoptr(FindingsRecommendation) soon = NULL;
  g_autoptr(FindingsRecommendation) soon_too = NULL;
  g_autoptr(FindingsRecommendation) safety_monitor = NULL;
  g_autoptr(FindingsRecommendation) caution_monitor = NULL;
  g_autoptr(GListStore) store = g_list_store_new (FINDINGS_TYPE_RECOMMENDATION);
  const char * const expected[] = { "danger", "caution", "safety", "immediate", "soon" };

  danger_plan = recommendation_new ("danger", FINDINGS_CATEGORY_COMFORT,
                                    FINDINGS_SAFETY_LEVEL_DANGER, FINDINGS_URGENCY_PLAN,
                                    FINDINGS_STATUS_OPEN);
  immediate = recommendation_new ("immediate", FINDINGS_CATEGORY_RELIABILITY,
                                  FINDINGS_SAFETY_LEVEL_NONE, FINDINGS_URGENCY_IMMEDIATE,
                                  FINDINGS_STATUS_OPEN);
  soon = recommendation_new ("soon", FINDINGS_CATEGORY_SAVINGS, FINDINGS_SAFETY_LEVEL_NONE,
                             FINDINGS_URGENCY_SOON, FINDINGS_STATUS_OPEN);
  soon_too = recommendation_new ("soon-too", FINDINGS_CATEGORY_COMFORT,
                                 FINDINGS_SAFETY_LEVEL_NONE, FINDINGS_URGENCY_SOON,
                                 FINDINGS_STATUS_DECLINED);
  safety_monitor = recommendation_new ("safety", FINDINGS_CATEGORY_SAFETY,
                                       FINDINGS_SAFETY_LEVEL_NONE, FINDINGS_URGENCY_MONITOR,
                                       FINDINGS_STATUS_OPEN);
  caution_monitor = recommendation_new ("caution", FINDINGS_CATEGORY_RELIABILITY,
                                        FINDINGS_SAFETY_LEVEL_CAUTION, FINDINGS_URGENCY_MONITOR,
                                        FINDINGS_STATUS_OPEN);

  /* Safety before urgency */
  g_assert_cmpint (findings_recommendation_compare (danger_plan, immediate), <, 0);
  g_assert_cmpint (findings_recommendation_compare (immediate, danger_plan), >, 0);
  g_assert_cmpint (findings_recommendation_compare (safety_monitor, immediate), <, 0);
  g_assert_cmpint (findings_recommendation_compare (caution_monitor, safety_monitor), <, 0);

  /* Then urgency */
  g_assert_cmpint (findings_recommendation_compare (immediate, soon), <, 0);
  g_assert_cmpint (findings_recommendation_compare (soon, immediate), >, 0);

  /* Category and status do not order anything else */
  g_assert_cmpint (findings_recommendation_compare (soon, soon_too), ==, 0);
  g_assert_cmpint (findings_recommendation_compare (soon_too, soon), ==, 0);
  g_assert_cmpint (findings_recommendation_compare (soon, soon), ==, 0);

  g_assert_cmpint (findings_recommendation_compare_func (danger_plan, immediate, NULL), <, 0);
  g_assert_cmpint (findings_recommendation_compare_func (soon, soon_too, NULL), ==, 0);

  g_list_store_append (store, soon);
  g_list_store_append (store, immediate);
  g_list_store_append (store, safety_monitor);
  g_list_store_append (store, danger_plan);
  g_list_store_append (store, caution_monitor);
  g_list_store_sort (store, findings_recommendation_compare_func, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(FindingsRecommendation) rec = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_assert_cmpstr (findings_recommendation_get_id (rec), ==, expected[i]);
    }
}

static void
test_recommendation_options (void)
{
  g_autoptr(FindingsRecommendation) rec = findings_recommendation_new ("rec-1");
  g_autoptr(FindingsOption) repair = findings_option_new ("repair");
  g_autoptr(FindingsOption) replace = findings_option_new ("replace");
  g_autoptr(FindingsOption) patch = findings_option_new ("patch");
  g_autoptr(FindingsPhoto) photo = findings_photo_new ("photo-1");
  GListModel *options = findings_recommendation_get_options (rec);

  g_assert_cmpuint (g_list_model_get_n_items (options), ==, 0);
  g_assert_null (findings_recommendation_find_option (rec, "repair"));
  g_assert_null (findings_recommendation_get_lowest_price_option (rec));
  g_assert_true (g_list_model_get_item_type (options) == FINDINGS_TYPE_OPTION);

  findings_option_set_price (repair, 48000);
  findings_option_set_price (replace, 650000);
  findings_option_set_price (patch, 48000);

  findings_recommendation_add_option (rec, replace);
  findings_recommendation_add_option (rec, repair);
  findings_recommendation_add_option (rec, patch);

  g_assert_cmpuint (g_list_model_get_n_items (options), ==, 3);
  g_assert_true (findings_recommendation_find_option (rec, "repair") == repair);
  g_assert_true (findings_recommendation_find_option (rec, "replace") == replace);
  g_assert_null (findings_recommendation_find_option (rec, "nope"));
  g_assert_null (findings_recommendation_find_option (rec, NULL));

  /* The first of two equally cheap options */
  g_assert_true (findings_recommendation_get_lowest_price_option (rec) == repair);
  findings_option_set_price (patch, 47999);
  g_assert_true (findings_recommendation_get_lowest_price_option (rec) == patch);

  findings_recommendation_add_photo (rec, photo);
  g_assert_cmpuint (g_list_model_get_n_items (findings_recommendation_get_photos (rec)), ==, 1);
  g_assert_true (g_list_model_get_item_type (findings_recommendation_get_photos (rec)) ==
                 FINDINGS_TYPE_PHOTO);
}

typedef struct
{
  const char *now;
  gboolean    expired;
} ExpiryCase;

static void
check_expiry (FindingsRecommendation *rec,
              const ExpiryCase       *cases,
              gsize                   n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr(GDateTime) now = parse_date_time (cases[i].now);

      g_test_message ("now %s", cases[i].now);
      g_assert_cmpint (findings_recommendation_is_quote_expired (rec, now), ==, cases[i].expired);
    }
}

static void
test_recommendation_quote_expiry (void)
{
  g_autoptr(FindingsVisit) visit = findings_visit_new ("visit-1");
  g_autoptr(FindingsSite) site = findings_site_new ("site-1");
  g_autoptr(FindingsRecommendation) rec = findings_recommendation_new ("rec-1");
  g_autoptr(GTimeZone) toronto = g_time_zone_new_identifier ("America/Toronto");
  const ExpiryCase in_toronto[] = {
    { "2026-12-31T12:00:00Z", FALSE },
    { "2027-01-01T04:30:00Z", FALSE },   /* 23:30 on the 31st in Toronto */
    { "2027-01-01T04:59:59Z", FALSE },
    { "2027-01-01T05:00:00Z", TRUE },    /* midnight in Toronto */
    { "2027-01-01T05:30:00Z", TRUE },
    { "2027-01-01T03:00:00+14:00", FALSE },   /* any zone for now works */
  };
  const ExpiryCase in_utc[] = {
    { "2026-12-31T23:59:59Z", FALSE },
    { "2027-01-01T00:00:00Z", TRUE },
    { "2027-01-01T04:30:00Z", TRUE },
    { "2026-12-31T20:00:00-05:00", TRUE },
  };
  g_autoptr(GDateTime) far_future = parse_date_time ("2099-01-01T00:00:00Z");

  if (toronto == NULL)
    {
      g_test_skip ("No America/Toronto time zone data");
      return;
    }

  /* No quote date, no expiry */
  g_assert_false (findings_recommendation_is_quote_expired (rec, far_future));
  findings_recommendation_set_quote_valid_until (rec, "2026-12-31T00:00:00Z");
  g_assert_false (findings_recommendation_is_quote_expired (rec, far_future));
  findings_recommendation_set_quote_valid_until (rec, "2026-02-30");
  g_assert_false (findings_recommendation_is_quote_expired (rec, far_future));

  findings_recommendation_set_quote_valid_until (rec, "2026-12-31");

  /* Not in a visit yet: UTC */
  check_expiry (rec, in_utc, G_N_ELEMENTS (in_utc));

  findings_visit_set_site (visit, site);
  findings_visit_add_recommendation (visit, rec);

  /* A site with no time zone: UTC */
  check_expiry (rec, in_utc, G_N_ELEMENTS (in_utc));

  findings_site_set_timezone (site, "America/Toronto");
  check_expiry (rec, in_toronto, G_N_ELEMENTS (in_toronto));

  /* An unknown or empty zone: UTC */
  findings_site_set_timezone (site, "Nowhere/Atlantis");
  check_expiry (rec, in_utc, G_N_ELEMENTS (in_utc));
  findings_site_set_timezone (site, "");
  check_expiry (rec, in_utc, G_N_ELEMENTS (in_utc));
}


/*
 * Follow-ups
 */

static void
test_follow_up_overdue (void)
{
  g_autoptr(FindingsFollowUp) follow_up = NULL;
  g_autoptr(GDateTime) before = parse_date_time ("2026-11-24T23:00:00Z");
  g_autoptr(GDateTime) after = parse_date_time ("2026-11-25T00:00:00Z");
  g_autoptr(GDateTime) after_in_toronto = parse_date_time ("2026-11-24T19:30:00-05:00");
  g_autoptr(GDateTime) next_day_in_toronto = parse_date_time ("2026-11-25T00:30:00-05:00");
  g_autoptr(GDate) due = NULL;

  follow_up = findings_follow_up_new (FINDINGS_FOLLOW_UP_STATE_REQUESTED);

  /* No due date, never overdue */
  g_assert_null (findings_follow_up_dup_due_date (follow_up));
  g_assert_false (findings_follow_up_is_overdue (follow_up, after));

  findings_follow_up_set_due_by (follow_up, "2026-11-24");
  due = findings_follow_up_dup_due_date (follow_up);
  g_assert_nonnull (due);
  g_assert_cmpint (g_date_get_year (due), ==, 2026);
  g_assert_cmpint (g_date_get_month (due), ==, G_DATE_NOVEMBER);
  g_assert_cmpint (g_date_get_day (due), ==, 24);

  g_assert_false (findings_follow_up_is_overdue (follow_up, before));
  g_assert_true (findings_follow_up_is_overdue (follow_up, after));

  /* The day is read in now's own zone: 00:30Z is still the 24th in Toronto */
  g_assert_false (findings_follow_up_is_overdue (follow_up, after_in_toronto));
  g_assert_true (findings_follow_up_is_overdue (follow_up, next_day_in_toronto));

  findings_follow_up_set_state (follow_up, FINDINGS_FOLLOW_UP_STATE_CONTACTED);
  g_assert_true (findings_follow_up_is_overdue (follow_up, after));
  findings_follow_up_set_state (follow_up, FINDINGS_FOLLOW_UP_STATE_SCHEDULED);
  g_assert_true (findings_follow_up_is_overdue (follow_up, after));

  /* Done is never overdue */
  findings_follow_up_set_state (follow_up, FINDINGS_FOLLOW_UP_STATE_DONE);
  g_assert_false (findings_follow_up_is_overdue (follow_up, after));
}

static void
test_follow_up_due_date (void)
{
  const char * const invalid[] = {
    "", "2026-11-31", "2026-02-29", "2026-13-01", "2026-00-10", "0000-01-01", "2026-1-05",
    "2026-01-5", "2026/01/05", "20260105", "2026-01-05T00:00:00Z", "2026-01-05 ", " 2026-01-05",
    "abcd-ef-gh", "+026-01-05",
  };
  g_autoptr(FindingsFollowUp) follow_up = NULL;
  g_autoptr(GDateTime) far_future = parse_date_time ("2099-01-01T00:00:00Z");
  g_autoptr(GDate) leap = NULL;

  follow_up = findings_follow_up_new (FINDINGS_FOLLOW_UP_STATE_REQUESTED);

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GDate) date = NULL;

      g_test_message ("\"%s\"", invalid[i]);
      findings_follow_up_set_due_by (follow_up, invalid[i]);
      date = findings_follow_up_dup_due_date (follow_up);
      g_assert_null (date);
      g_assert_false (findings_follow_up_is_overdue (follow_up, far_future));
    }

  findings_follow_up_set_due_by (follow_up, "2028-02-29");
  leap = findings_follow_up_dup_due_date (follow_up);
  g_assert_nonnull (leap);
  g_assert_cmpint (g_date_get_day (leap), ==, 29);
  g_assert_true (findings_follow_up_is_overdue (follow_up, far_future));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/notify/all-properties", test_notify_all_properties);
  g_test_add_func ("/model/notify/site", test_notify_site);
  g_test_add_func ("/model/notify/photo", test_notify_photo);
  g_test_add_func ("/model/notify/follow-up", test_notify_follow_up);
  g_test_add_func ("/model/notify/option", test_notify_option);
  g_test_add_func ("/model/notify/recommendation", test_notify_recommendation);
  g_test_add_func ("/model/notify/visit", test_notify_visit);
  g_test_add_func ("/model/visit/n-open", test_visit_n_open);
  g_test_add_func ("/model/visit/has-safety-concern", test_visit_has_safety_concern);
  g_test_add_func ("/model/visit/counts-many", test_visit_counts_many);
  g_test_add_func ("/model/visit/find-recommendation", test_visit_find_recommendation);
  g_test_add_func ("/model/visit/weak-reference", test_visit_weak_reference);
  g_test_add_func ("/model/visit/compare", test_visit_compare);
  g_test_add_func ("/model/recommendation/safety-rank", test_recommendation_safety_rank);
  g_test_add_func ("/model/recommendation/compare", test_recommendation_compare);
  g_test_add_func ("/model/recommendation/options", test_recommendation_options);
  g_test_add_func ("/model/recommendation/quote-expiry", test_recommendation_quote_expiry);
  g_test_add_func ("/model/follow-up/overdue", test_follow_up_overdue);
  g_test_add_func ("/model/follow-up/due-date", test_follow_up_due_date);

  return g_test_run ();
}
