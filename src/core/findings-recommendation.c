/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-recommendation"

#include "config.h"

#include "findings-enum-types.h"
#include "findings-model-private.h"
#include "findings-protocol.h"
#include "findings-recommendation.h"
#include "findings-site.h"
#include "findings-visit.h"

struct _FindingsRecommendation
{
  GObject              parent_instance;

  char                *id;
  char                *title;
  FindingsCategory     category;
  FindingsUrgency      urgency;
  char                *equipment_name;
  char                *equipment_tag;
  char                *equipment_location;
  char                *finding;
  char                *why_it_matters;
  char                *if_deferred;
  char                *technician_note;
  FindingsSafetyLevel  safety_level;
  char                *safety_note;
  char                *quote_valid_until;
  char                *quote_conditions;
  gboolean             has_quote;
  FindingsStatus       status;
  FindingsFollowUp    *follow_up;

  /* The visit owns us through its list; a strong ref back would be a cycle. */
  GWeakRef             visit;

  GListStore          *options;
  GListStore          *photos;
};

G_DEFINE_FINAL_TYPE (FindingsRecommendation, findings_recommendation, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_CATEGORY,
  PROP_URGENCY,
  PROP_EQUIPMENT_NAME,
  PROP_EQUIPMENT_TAG,
  PROP_EQUIPMENT_LOCATION,
  PROP_FINDING,
  PROP_WHY_IT_MATTERS,
  PROP_IF_DEFERRED,
  PROP_TECHNICIAN_NOTE,
  PROP_SAFETY_LEVEL,
  PROP_SAFETY_NOTE,
  PROP_QUOTE_VALID_UNTIL,
  PROP_QUOTE_CONDITIONS,
  PROP_HAS_QUOTE,
  PROP_STATUS,
  PROP_FOLLOW_UP,
  PROP_VISIT,
  PROP_OPTIONS,
  PROP_PHOTOS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


/*
 * Auxiliary methods
 */

static void
update_string (FindingsRecommendation  *self,
               char                   **field,
               const char              *value,
               guint                    prop_id)
{
  char *old;

  if (g_strcmp0 (*field, value) == 0)
    return;

  old = *field;
  *field = g_strdup (value);
  g_free (old);

  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* The site's zone, by name: quotes expire at the end of the day there. */
static char *
dup_site_time_zone (FindingsRecommendation *self)
{
  g_autoptr(FindingsVisit) visit = g_weak_ref_get (&self->visit);
  FindingsSite *site = visit != NULL ? findings_visit_get_site (visit) : NULL;

  return site != NULL ? g_strdup (findings_site_get_timezone (site)) : NULL;
}


/*
 * GObject overrides
 */

static void
findings_recommendation_dispose (GObject *object)
{
  FindingsRecommendation *self = (FindingsRecommendation *) object;

  g_clear_object (&self->follow_up);
  g_clear_object (&self->options);
  g_clear_object (&self->photos);

  G_OBJECT_CLASS (findings_recommendation_parent_class)->dispose (object);
}

static void
findings_recommendation_finalize (GObject *object)
{
  FindingsRecommendation *self = (FindingsRecommendation *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->equipment_name, g_free);
  g_clear_pointer (&self->equipment_tag, g_free);
  g_clear_pointer (&self->equipment_location, g_free);
  g_clear_pointer (&self->finding, g_free);
  g_clear_pointer (&self->why_it_matters, g_free);
  g_clear_pointer (&self->if_deferred, g_free);
  g_clear_pointer (&self->technician_note, g_free);
  g_clear_pointer (&self->safety_note, g_free);
  g_clear_pointer (&self->quote_valid_until, g_free);
  g_clear_pointer (&self->quote_conditions, g_free);
  g_weak_ref_clear (&self->visit);

  G_OBJECT_CLASS (findings_recommendation_parent_class)->finalize (object);
}

static void
findings_recommendation_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  FindingsRecommendation *self = FINDINGS_RECOMMENDATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_CATEGORY:
      g_value_set_enum (value, self->category);
      break;

    case PROP_URGENCY:
      g_value_set_enum (value, self->urgency);
      break;

    case PROP_EQUIPMENT_NAME:
      g_value_set_string (value, self->equipment_name);
      break;

    case PROP_EQUIPMENT_TAG:
      g_value_set_string (value, self->equipment_tag);
      break;

    case PROP_EQUIPMENT_LOCATION:
      g_value_set_string (value, self->equipment_location);
      break;

    case PROP_FINDING:
      g_value_set_string (value, self->finding);
      break;

    case PROP_WHY_IT_MATTERS:
      g_value_set_string (value, self->why_it_matters);
      break;

    case PROP_IF_DEFERRED:
      g_value_set_string (value, self->if_deferred);
      break;

    case PROP_TECHNICIAN_NOTE:
      g_value_set_string (value, self->technician_note);
      break;

    case PROP_SAFETY_LEVEL:
      g_value_set_enum (value, self->safety_level);
      break;

    case PROP_SAFETY_NOTE:
      g_value_set_string (value, self->safety_note);
      break;

    case PROP_QUOTE_VALID_UNTIL:
      g_value_set_string (value, self->quote_valid_until);
      break;

    case PROP_QUOTE_CONDITIONS:
      g_value_set_string (value, self->quote_conditions);
      break;

    case PROP_HAS_QUOTE:
      g_value_set_boolean (value, self->has_quote);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_FOLLOW_UP:
      g_value_set_object (value, self->follow_up);
      break;

    case PROP_VISIT:
      g_value_take_object (value, g_weak_ref_get (&self->visit));
      break;

    case PROP_OPTIONS:
      g_value_set_object (value, self->options);
      break;

    case PROP_PHOTOS:
      g_value_set_object (value, self->photos);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_recommendation_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  FindingsRecommendation *self = FINDINGS_RECOMMENDATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      findings_recommendation_set_id (self, g_value_get_string (value));
      break;

    case PROP_TITLE:
      findings_recommendation_set_title (self, g_value_get_string (value));
      break;

    case PROP_CATEGORY:
      findings_recommendation_set_category (self, g_value_get_enum (value));
      break;

    case PROP_URGENCY:
      findings_recommendation_set_urgency (self, g_value_get_enum (value));
      break;

    case PROP_EQUIPMENT_NAME:
      findings_recommendation_set_equipment_name (self, g_value_get_string (value));
      break;

    case PROP_EQUIPMENT_TAG:
      findings_recommendation_set_equipment_tag (self, g_value_get_string (value));
      break;

    case PROP_EQUIPMENT_LOCATION:
      findings_recommendation_set_equipment_location (self, g_value_get_string (value));
      break;

    case PROP_FINDING:
      findings_recommendation_set_finding (self, g_value_get_string (value));
      break;

    case PROP_WHY_IT_MATTERS:
      findings_recommendation_set_why_it_matters (self, g_value_get_string (value));
      break;

    case PROP_IF_DEFERRED:
      findings_recommendation_set_if_deferred (self, g_value_get_string (value));
      break;

    case PROP_TECHNICIAN_NOTE:
      findings_recommendation_set_technician_note (self, g_value_get_string (value));
      break;

    case PROP_SAFETY_LEVEL:
      findings_recommendation_set_safety_level (self, g_value_get_enum (value));
      break;

    case PROP_SAFETY_NOTE:
      findings_recommendation_set_safety_note (self, g_value_get_string (value));
      break;

    case PROP_QUOTE_VALID_UNTIL:
      findings_recommendation_set_quote_valid_until (self, g_value_get_string (value));
      break;

    case PROP_QUOTE_CONDITIONS:
      findings_recommendation_set_quote_conditions (self, g_value_get_string (value));
      break;

    case PROP_HAS_QUOTE:
      findings_recommendation_set_has_quote (self, g_value_get_boolean (value));
      break;

    case PROP_STATUS:
      findings_recommendation_set_status (self, g_value_get_enum (value));
      break;

    case PROP_FOLLOW_UP:
      findings_recommendation_set_follow_up (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_recommendation_class_init (FindingsRecommendationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = findings_recommendation_dispose;
  object_class->finalize = findings_recommendation_finalize;
  object_class->get_property = findings_recommendation_get_property;
  object_class->set_property = findings_recommendation_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_CATEGORY] =
    g_param_spec_enum ("category", NULL, NULL,
                       FINDINGS_TYPE_CATEGORY,
                       FINDINGS_CATEGORY_SAFETY,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_URGENCY] =
    g_param_spec_enum ("urgency", NULL, NULL,
                       FINDINGS_TYPE_URGENCY,
                       FINDINGS_URGENCY_IMMEDIATE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_EQUIPMENT_NAME] =
    g_param_spec_string ("equipment-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_EQUIPMENT_TAG] =
    g_param_spec_string ("equipment-tag", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_EQUIPMENT_LOCATION] =
    g_param_spec_string ("equipment-location", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_FINDING] =
    g_param_spec_string ("finding", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_WHY_IT_MATTERS] =
    g_param_spec_string ("why-it-matters", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_IF_DEFERRED] =
    g_param_spec_string ("if-deferred", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_TECHNICIAN_NOTE] =
    g_param_spec_string ("technician-note", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_SAFETY_LEVEL] =
    g_param_spec_enum ("safety-level", NULL, NULL,
                       FINDINGS_TYPE_SAFETY_LEVEL,
                       FINDINGS_SAFETY_LEVEL_NONE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_SAFETY_NOTE] =
    g_param_spec_string ("safety-note", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* "YYYY-MM-DD": the quote holds through the end of that day at the site. */
  properties[PROP_QUOTE_VALID_UNTIL] =
    g_param_spec_string ("quote-valid-until", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_QUOTE_CONDITIONS] =
    g_param_spec_string ("quote-conditions", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* Whether the document carried a quote at all: a monitor-only item has none. */
  properties[PROP_HAS_QUOTE] =
    g_param_spec_boolean ("has-quote", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       FINDINGS_TYPE_STATUS,
                       FINDINGS_STATUS_OPEN,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_FOLLOW_UP] =
    g_param_spec_object ("follow-up", NULL, NULL,
                         FINDINGS_TYPE_FOLLOW_UP,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_VISIT] =
    g_param_spec_object ("visit", NULL, NULL,
                         FINDINGS_TYPE_VISIT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_OPTIONS] =
    g_param_spec_object ("options", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_PHOTOS] =
    g_param_spec_object ("photos", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
findings_recommendation_init (FindingsRecommendation *self)
{
  self->category = FINDINGS_CATEGORY_SAFETY;
  self->urgency = FINDINGS_URGENCY_IMMEDIATE;
  self->safety_level = FINDINGS_SAFETY_LEVEL_NONE;
  self->status = FINDINGS_STATUS_OPEN;

  g_weak_ref_init (&self->visit, NULL);

  self->options = g_list_store_new (FINDINGS_TYPE_OPTION);
  self->photos = g_list_store_new (FINDINGS_TYPE_PHOTO);
}


/*
 * Internal API, see findings-model-private.h
 */

void
findings_recommendation_set_visit (FindingsRecommendation *self,
                                   FindingsVisit          *visit)
{
  g_autoptr(FindingsVisit) old = NULL;

  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (self));
  g_return_if_fail (visit == NULL || FINDINGS_IS_VISIT (visit));

  old = g_weak_ref_get (&self->visit);
  if (old == visit)
    return;

  g_weak_ref_set (&self->visit, visit);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIT]);
}


/*
 * Public API
 */

FindingsRecommendation *
findings_recommendation_new (const char *id)
{
  return g_object_new (FINDINGS_TYPE_RECOMMENDATION,
                       "id", id,
                       NULL);
}

const char *
findings_recommendation_get_id (FindingsRecommendation *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), NULL);

  return self->id;
}

void
findings_recommendation_set_id (FindingsRecommendation *self,
                                const char             *id)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (self));

  update_string (self, &self->id, id, PROP_ID);
}

const char *
findings_recommendation_get_title (FindingsRecommendation *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), NULL);

  return self->title;
}

void
findings_recommendation_set_title (FindingsRecommendation *self,
                                   const char             *title)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (self));

  update_string (self, &self->title, title, PROP_TITLE);
}

FindingsCategory
findings_recommendation_get_category (FindingsRecommendation *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), FINDINGS_CATEGORY_SAFETY);

  return self->category;
}

void
findings_recommendation_set_category (FindingsRecommendation *self,
                                      FindingsCategory        category)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (self));

  if (self->category == category)
    return;

  self->category = category;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORY]);
}

FindingsUrgency
findings_recommendation_get_urgency (FindingsRecommendation *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), FINDINGS_URGENCY_IMMEDIATE);

  return self->urgency;
}

void
findings_recommendation_set_urgency (FindingsRecommendation *self,
                                     FindingsUrgency         urgency)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (self));

  if (self->urgency == urgency)
    return;

  self->urgency = urgency;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URGENCY]);
}

const char *
findings_recommendation_get_equipment_name (FindingsRecommendation *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), NULL);

  return self->equipment_name;
}

void
findings_recommendation_set_equipment_name (FindingsRecommendation *self,
                                            const char             *equipment_name)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (self));

  update_string (self, &self->equipment_name, equipment_name, PROP_EQUIPMENT_NAME);
}

const char *
findings_recommendation_get_equipment_tag (FindingsRecommendation *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), NULL);

  return self->equipment_tag;
}

void
findings_recommendation_set_equipment_tag (FindingsRecommendation *self,
                                           const char             *equipment_tag)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (self));

  update_string (self, &self->equipment_tag, equipment_tag, PROP_EQUIPMENT_TAG);
}

const char *
findings_recommendation_get_equipment_location (FindingsRecommendation *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), NULL);

  return self->equipment_location;
}

void
findings_recommendation_set_equipment_location (FindingsRecommendation *self,
                                                const char             *location)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (self));

  update_string (self, &self->equipment_location, location, PROP_EQUIPMENT_LOCATION);
}

const char *
findings_recommendation_get_finding (FindingsRecommendation *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), NULL);

  return self->finding;
}

void
findings_recommendation_set_finding (FindingsRecommendation *self,
                                     const char             *finding)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (self));

  update_string (self, &self->finding, finding, PROP_FINDING);
}

const char *
findings_recommendation_get_why_it_matters (FindingsRecommendation *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), NULL);

  return self->why_it_matters;
}

void
findings_recommendation_set_why_it_matters (FindingsRecommendation *self,
                                            const char             *why_it_matters)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (self));

  update_string (self, &self->why_it_matters, why_it_matters, PROP_WHY_IT_MATTERS);
}

const char *
findings_recommendation_get_if_deferred (FindingsRecommendation *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), NULL);

  return self->if_deferred;
}

void
findings_recommendation_set_if_deferred (FindingsRecommendation *self,
                                         const char             *if_deferred)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (self));

  update_string (self, &self->if_deferred, if_deferred, PROP_IF_DEFERRED);
}

const char *
findings_recommendation_get_technician_note (FindingsRecommendation *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), NULL);

  return self->technician_note;
}

void
findings_recommendation_set_technician_note (FindingsRecommendation *self,
                                             const char             *technician_note)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (self));

  update_string (self, &self->technician_note, technician_note, PROP_TECHNICIAN_NOTE);
}

FindingsSafetyLevel
findings_recommendation_get_safety_level (FindingsRecommendation *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), FINDINGS_SAFETY_LEVEL_NONE);

  return self->safety_level;
}

void
findings_recommendation_set_safety_level (FindingsRecommendation *self,
                                          FindingsSafetyLevel     safety_level)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (self));

  if (self->safety_level == safety_level)
    return;

  self->safety_level = safety_level;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAFETY_LEVEL]);
}

const char *
findings_recommendation_get_safety_note (FindingsRecommendation *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), NULL);

  return self->safety_note;
}

void
findings_recommendation_set_safety_note (FindingsRecommendation *self,
                                         const char             *safety_note)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (self));

  update_string (self, &self->safety_note, safety_note, PROP_SAFETY_NOTE);
}

const char *
findings_recommendation_get_quote_valid_until (FindingsRecommendation *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), NULL);

  return self->quote_valid_until;
}

void
findings_recommendation_set_quote_valid_until (FindingsRecommendation *self,
                                               const char             *valid_until)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (self));

  update_string (self, &self->quote_valid_until, valid_until, PROP_QUOTE_VALID_UNTIL);
}

const char *
findings_recommendation_get_quote_conditions (FindingsRecommendation *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), NULL);

  return self->quote_conditions;
}

void
findings_recommendation_set_quote_conditions (FindingsRecommendation *self,
                                              const char             *quote_conditions)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (self));

  update_string (self, &self->quote_conditions, quote_conditions, PROP_QUOTE_CONDITIONS);
}

gboolean
findings_recommendation_get_has_quote (FindingsRecommendation *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), FALSE);

  return self->has_quote;
}

void
findings_recommendation_set_has_quote (FindingsRecommendation *self,
                                       gboolean                has_quote)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (self));

  has_quote = !!has_quote;
  if (self->has_quote == has_quote)
    return;

  self->has_quote = has_quote;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_QUOTE]);
}

FindingsStatus
findings_recommendation_get_status (FindingsRecommendation *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), FINDINGS_STATUS_OPEN);

  return self->status;
}

void
findings_recommendation_set_status (FindingsRecommendation *self,
                                    FindingsStatus          status)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (self));

  if (self->status == status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/**
 * findings_recommendation_get_follow_up:
 *
 * Returns: (transfer none) (nullable): the office's follow-up on a call request
 */
FindingsFollowUp *
findings_recommendation_get_follow_up (FindingsRecommendation *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), NULL);

  return self->follow_up;
}

void
findings_recommendation_set_follow_up (FindingsRecommendation *self,
                                       FindingsFollowUp       *follow_up)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (self));
  g_return_if_fail (follow_up == NULL || FINDINGS_IS_FOLLOW_UP (follow_up));

  if (g_set_object (&self->follow_up, follow_up))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_UP]);
}

/**
 * findings_recommendation_apply_answer:
 * @self: a recommendation
 * @answer: the office's answer to a decision about @self
 *
 * Takes the status and the follow-up the office answered with, as the office now
 * has them. The answer was checked whole when it was parsed, so this cannot fail.
 */
void
findings_recommendation_apply_answer (FindingsRecommendation *self,
                                      FindingsDecisionAnswer *answer)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (self));
  g_return_if_fail (FINDINGS_IS_DECISION_ANSWER (answer));

  findings_recommendation_set_status (self, findings_decision_answer_get_status (answer));
  findings_recommendation_set_follow_up (self, findings_decision_answer_get_follow_up (answer));
}

/**
 * findings_recommendation_dup_visit:
 *
 * Returns: (transfer full) (nullable): the visit listing this recommendation, or %NULL
 *   when it is in none or the visit is gone
 */
FindingsVisit *
findings_recommendation_dup_visit (FindingsRecommendation *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), NULL);

  return g_weak_ref_get (&self->visit);
}

/**
 * findings_recommendation_get_options:
 *
 * Returns: (transfer none): a #GListModel of #FindingsOption, in document order
 */
GListModel *
findings_recommendation_get_options (FindingsRecommendation *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), NULL);

  return G_LIST_MODEL (self->options);
}

void
findings_recommendation_add_option (FindingsRecommendation *self,
                                    FindingsOption         *option)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (self));
  g_return_if_fail (FINDINGS_IS_OPTION (option));

  g_list_store_append (self->options, option);
}

/**
 * findings_recommendation_find_option:
 *
 * Returns: (transfer none) (nullable): the option with @option_id
 */
FindingsOption *
findings_recommendation_find_option (FindingsRecommendation *self,
                                     const char             *option_id)
{
  guint n_items;

  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), NULL);

  if (option_id == NULL)
    return NULL;

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->options));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(FindingsOption) option = g_list_model_get_item (G_LIST_MODEL (self->options), i);

      /* The store keeps its own reference, so handing out a borrowed pointer is safe. */
      if (g_strcmp0 (findings_option_get_id (option), option_id) == 0)
        return option;
    }

  return NULL;
}

/**
 * findings_recommendation_get_lowest_price_option:
 *
 * Returns: (transfer none) (nullable): the cheapest option, the first one on a tie,
 *   or %NULL when there are no options
 */
FindingsOption *
findings_recommendation_get_lowest_price_option (FindingsRecommendation *self)
{
  FindingsOption *lowest = NULL;
  guint n_items;

  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), NULL);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->options));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(FindingsOption) option = g_list_model_get_item (G_LIST_MODEL (self->options), i);

      if (lowest == NULL || findings_option_get_price (option) < findings_option_get_price (lowest))
        lowest = option;
    }

  return lowest;
}

/**
 * findings_recommendation_get_photos:
 *
 * Returns: (transfer none): a #GListModel of #FindingsPhoto, in document order
 */
GListModel *
findings_recommendation_get_photos (FindingsRecommendation *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), NULL);

  return G_LIST_MODEL (self->photos);
}

void
findings_recommendation_add_photo (FindingsRecommendation *self,
                                   FindingsPhoto          *photo)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (self));
  g_return_if_fail (FINDINGS_IS_PHOTO (photo));

  g_list_store_append (self->photos, photo);
}

gboolean
findings_recommendation_is_safety_concern (FindingsRecommendation *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), FALSE);

  return self->category == FINDINGS_CATEGORY_SAFETY ||
         self->safety_level != FINDINGS_SAFETY_LEVEL_NONE;
}

/**
 * findings_recommendation_get_safety_rank:
 *
 * Returns: 0 for danger, 1 warning, 2 caution, 3 a safety item with no level,
 *   4 not a safety concern: lower comes first on the visit page
 */
int
findings_recommendation_get_safety_rank (FindingsRecommendation *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), 4);

  switch (self->safety_level)
    {
    case FINDINGS_SAFETY_LEVEL_DANGER:
      return 0;

    case FINDINGS_SAFETY_LEVEL_WARNING:
      return 1;

    case FINDINGS_SAFETY_LEVEL_CAUTION:
      return 2;

    case FINDINGS_SAFETY_LEVEL_NONE:
      return self->category == FINDINGS_CATEGORY_SAFETY ? 3 : 4;

    default:
      g_return_val_if_reached (4);
    }
}

/**
 * findings_recommendation_is_quote_expired:
 * @now: the current time, in any zone
 *
 * A quote holds through the end of its valid-until day at the site, so @now is
 * read in the site's time zone (UTC when the site gives none or an unknown one).
 *
 * Returns: %TRUE when @now falls on a day after valid-until; %FALSE when the
 *   quote has no (valid) valid-until date
 */
gboolean
findings_recommendation_is_quote_expired (FindingsRecommendation *self,
                                          GDateTime              *now)
{
  g_autofree char *time_zone = NULL;

  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  time_zone = dup_site_time_zone (self);
  return findings_protocol_is_quote_expired (self->quote_valid_until, time_zone, now);
}

/**
 * findings_recommendation_check_decision:
 * @self: a recommendation
 * @action: what the customer decides
 * @decided_at: when the customer decides, or decided
 *
 * findings_protocol_check_decision() for @self: its status, its quote's last day and
 * its site's time zone.
 *
 * Returns: %FINDINGS_PROBLEM_NONE when the decision applies, else why not
 */
FindingsProblem
findings_recommendation_check_decision (FindingsRecommendation *self,
                                        FindingsAction          action,
                                        GDateTime              *decided_at)
{
  g_autofree char *time_zone = NULL;

  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (self), FINDINGS_PROBLEM_NONE);
  g_return_val_if_fail (decided_at != NULL, FINDINGS_PROBLEM_NONE);

  time_zone = dup_site_time_zone (self);
  return findings_protocol_check_decision (self->status, action, self->quote_valid_until,
                                           time_zone, decided_at);
}

/**
 * findings_recommendation_compare:
 *
 * The visit page's order: the most serious safety concern first, then the most
 * urgent. Anything else compares equal so that a stable sort keeps document order.
 */
int
findings_recommendation_compare (FindingsRecommendation *a,
                                 FindingsRecommendation *b)
{
  int rank_a;
  int rank_b;

  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (a), 0);
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (b), 0);

  rank_a = findings_recommendation_get_safety_rank (a);
  rank_b = findings_recommendation_get_safety_rank (b);
  if (rank_a != rank_b)
    return rank_a < rank_b ? -1 : 1;

  if (a->urgency != b->urgency)
    return a->urgency < b->urgency ? -1 : 1;

  return 0;
}

int
findings_recommendation_compare_func (gconstpointer a,
                                      gconstpointer b,
                                      gpointer      user_data)
{
  return findings_recommendation_compare ((FindingsRecommendation *) a,
                                          (FindingsRecommendation *) b);
}
