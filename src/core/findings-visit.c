/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-visit"

#include "config.h"

#include "findings-model-private.h"
#include "findings-visit.h"

struct _FindingsVisit
{
  GObject       parent_instance;

  char         *id;
  FindingsSite *site;
  char         *company_name;
  char         *company_phone;
  char         *company_email;
  char         *technician_id;
  char         *technician_name;
  GDateTime    *started_at;
  GDateTime    *completed_at;
  char         *summary;
  GStrv         work_performed;
  char         *currency;

  GListStore   *recommendations;
  guint         n_open;
  /* Undecided recommendations that are a safety concern. */
  guint         n_safety;
  gboolean      has_safety_concern;
};

G_DEFINE_FINAL_TYPE (FindingsVisit, findings_visit, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_SITE,
  PROP_COMPANY_NAME,
  PROP_COMPANY_PHONE,
  PROP_COMPANY_EMAIL,
  PROP_TECHNICIAN_ID,
  PROP_TECHNICIAN_NAME,
  PROP_STARTED_AT,
  PROP_COMPLETED_AT,
  PROP_SUMMARY,
  PROP_WORK_PERFORMED,
  PROP_CURRENCY,
  PROP_RECOMMENDATIONS,
  PROP_N_OPEN,
  PROP_HAS_SAFETY_CONCERN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


/*
 * Auxiliary methods
 */

static void
update_string (FindingsVisit  *self,
               char          **field,
               const char     *value,
               guint           prop_id)
{
  char *old;

  if (g_strcmp0 (*field, value) == 0)
    return;

  old = *field;
  *field = g_strdup (value);
  g_free (old);

  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
update_date_time (FindingsVisit  *self,
                  GDateTime     **field,
                  GDateTime      *value,
                  guint           prop_id)
{
  if (*field == value || (*field != NULL && value != NULL && g_date_time_equal (*field, value)))
    return;

  if (value != NULL)
    g_date_time_ref (value);
  g_clear_pointer (field, g_date_time_unref);
  *field = value;

  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static gboolean
strvs_equal (const char * const *a,
             const char * const *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_strv_equal (a, b);
}

/* What one recommendation adds to the counters, kept on it so that a change is
 * counted in constant time: a visit may hold thousands. */
#define COUNTED_OPEN   (1u << 0)
#define COUNTED_SAFETY (1u << 1)

static GQuark
counted_quark (void)
{
  return g_quark_from_static_string ("findings-visit-counted");
}

static guint
counted_flags (FindingsRecommendation *rec)
{
  FindingsStatus status = findings_recommendation_get_status (rec);
  guint flags = 0;

  if (status == FINDINGS_STATUS_OPEN)
    flags |= COUNTED_OPEN;

  /* Accepted, scheduled or finished work is no longer the customer's concern. */
  if (findings_status_is_undecided (status) && findings_recommendation_is_safety_concern (rec))
    flags |= COUNTED_SAFETY;

  return flags;
}

static void
update_counters (FindingsVisit          *self,
                 FindingsRecommendation *rec)
{
  guint before = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (rec), counted_quark ()));
  guint after = counted_flags (rec);
  gboolean has_safety_concern;

  g_object_set_qdata (G_OBJECT (rec), counted_quark (), GUINT_TO_POINTER (after));
  self->n_safety += (after & COUNTED_SAFETY ? 1 : 0) - (before & COUNTED_SAFETY ? 1 : 0);
  has_safety_concern = self->n_safety > 0;

  g_object_freeze_notify (G_OBJECT (self));

  if ((before ^ after) & COUNTED_OPEN)
    {
      self->n_open += after & COUNTED_OPEN ? 1 : -1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OPEN]);
    }

  if (self->has_safety_concern != has_safety_concern)
    {
      self->has_safety_concern = has_safety_concern;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_SAFETY_CONCERN]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static int
compare_collated (const char *a,
                  const char *b)
{
  g_autofree char *folded_a = g_utf8_casefold (a ? a : "", -1);
  g_autofree char *folded_b = g_utf8_casefold (b ? b : "", -1);

  return g_utf8_collate (folded_a, folded_b);
}


/*
 * Callbacks
 */

static void
on_recommendation_changed_cb (FindingsRecommendation *rec,
                              GParamSpec             *pspec,
                              FindingsVisit          *self)
{
  update_counters (self, rec);
}


/*
 * GObject overrides
 */

static void
findings_visit_dispose (GObject *object)
{
  FindingsVisit *self = (FindingsVisit *) object;

  g_clear_object (&self->site);
  g_clear_object (&self->recommendations);

  G_OBJECT_CLASS (findings_visit_parent_class)->dispose (object);
}

static void
findings_visit_finalize (GObject *object)
{
  FindingsVisit *self = (FindingsVisit *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->company_name, g_free);
  g_clear_pointer (&self->company_phone, g_free);
  g_clear_pointer (&self->company_email, g_free);
  g_clear_pointer (&self->technician_id, g_free);
  g_clear_pointer (&self->technician_name, g_free);
  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_clear_pointer (&self->completed_at, g_date_time_unref);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->work_performed, g_strfreev);
  g_clear_pointer (&self->currency, g_free);

  G_OBJECT_CLASS (findings_visit_parent_class)->finalize (object);
}

static void
findings_visit_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FindingsVisit *self = FINDINGS_VISIT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_SITE:
      g_value_set_object (value, self->site);
      break;

    case PROP_COMPANY_NAME:
      g_value_set_string (value, self->company_name);
      break;

    case PROP_COMPANY_PHONE:
      g_value_set_string (value, self->company_phone);
      break;

    case PROP_COMPANY_EMAIL:
      g_value_set_string (value, self->company_email);
      break;

    case PROP_TECHNICIAN_ID:
      g_value_set_string (value, self->technician_id);
      break;

    case PROP_TECHNICIAN_NAME:
      g_value_set_string (value, self->technician_name);
      break;

    case PROP_STARTED_AT:
      g_value_set_boxed (value, self->started_at);
      break;

    case PROP_COMPLETED_AT:
      g_value_set_boxed (value, self->completed_at);
      break;

    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;

    case PROP_WORK_PERFORMED:
      g_value_set_boxed (value, self->work_performed);
      break;

    case PROP_CURRENCY:
      g_value_set_string (value, self->currency);
      break;

    case PROP_RECOMMENDATIONS:
      g_value_set_object (value, self->recommendations);
      break;

    case PROP_N_OPEN:
      g_value_set_uint (value, self->n_open);
      break;

    case PROP_HAS_SAFETY_CONCERN:
      g_value_set_boolean (value, self->has_safety_concern);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_visit_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FindingsVisit *self = FINDINGS_VISIT (object);

  switch (prop_id)
    {
    case PROP_ID:
      findings_visit_set_id (self, g_value_get_string (value));
      break;

    case PROP_SITE:
      findings_visit_set_site (self, g_value_get_object (value));
      break;

    case PROP_COMPANY_NAME:
      findings_visit_set_company_name (self, g_value_get_string (value));
      break;

    case PROP_COMPANY_PHONE:
      findings_visit_set_company_phone (self, g_value_get_string (value));
      break;

    case PROP_COMPANY_EMAIL:
      findings_visit_set_company_email (self, g_value_get_string (value));
      break;

    case PROP_TECHNICIAN_ID:
      findings_visit_set_technician_id (self, g_value_get_string (value));
      break;

    case PROP_TECHNICIAN_NAME:
      findings_visit_set_technician_name (self, g_value_get_string (value));
      break;

    case PROP_STARTED_AT:
      findings_visit_set_started_at (self, g_value_get_boxed (value));
      break;

    case PROP_COMPLETED_AT:
      findings_visit_set_completed_at (self, g_value_get_boxed (value));
      break;

    case PROP_SUMMARY:
      findings_visit_set_summary (self, g_value_get_string (value));
      break;

    case PROP_WORK_PERFORMED:
      findings_visit_set_work_performed (self, g_value_get_boxed (value));
      break;

    case PROP_CURRENCY:
      findings_visit_set_currency (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_visit_class_init (FindingsVisitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = findings_visit_dispose;
  object_class->finalize = findings_visit_finalize;
  object_class->get_property = findings_visit_get_property;
  object_class->set_property = findings_visit_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_SITE] =
    g_param_spec_object ("site", NULL, NULL,
                         FINDINGS_TYPE_SITE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_COMPANY_NAME] =
    g_param_spec_string ("company-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_COMPANY_PHONE] =
    g_param_spec_string ("company-phone", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_COMPANY_EMAIL] =
    g_param_spec_string ("company-email", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_TECHNICIAN_ID] =
    g_param_spec_string ("technician-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_TECHNICIAN_NAME] =
    g_param_spec_string ("technician-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_STARTED_AT] =
    g_param_spec_boxed ("started-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_COMPLETED_AT] =
    g_param_spec_boxed ("completed-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_WORK_PERFORMED] =
    g_param_spec_boxed ("work-performed", NULL, NULL,
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* ISO 4217, e.g. "CAD": every price in the visit is in minor units of it. */
  properties[PROP_CURRENCY] =
    g_param_spec_string ("currency", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_RECOMMENDATIONS] =
    g_param_spec_object ("recommendations", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /* Recommendations still waiting for the customer's first decision. */
  properties[PROP_N_OPEN] =
    g_param_spec_uint ("n-open", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_HAS_SAFETY_CONCERN] =
    g_param_spec_boolean ("has-safety-concern", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
findings_visit_init (FindingsVisit *self)
{
  self->recommendations = g_list_store_new (FINDINGS_TYPE_RECOMMENDATION);
}


/*
 * Public API
 */

FindingsVisit *
findings_visit_new (const char *id)
{
  return g_object_new (FINDINGS_TYPE_VISIT,
                       "id", id,
                       NULL);
}

const char *
findings_visit_get_id (FindingsVisit *self)
{
  g_return_val_if_fail (FINDINGS_IS_VISIT (self), NULL);

  return self->id;
}

void
findings_visit_set_id (FindingsVisit *self,
                       const char    *id)
{
  g_return_if_fail (FINDINGS_IS_VISIT (self));

  update_string (self, &self->id, id, PROP_ID);
}

/**
 * findings_visit_get_site:
 *
 * Returns: (transfer none) (nullable): where the work was done
 */
FindingsSite *
findings_visit_get_site (FindingsVisit *self)
{
  g_return_val_if_fail (FINDINGS_IS_VISIT (self), NULL);

  return self->site;
}

void
findings_visit_set_site (FindingsVisit *self,
                         FindingsSite  *site)
{
  g_return_if_fail (FINDINGS_IS_VISIT (self));
  g_return_if_fail (site == NULL || FINDINGS_IS_SITE (site));

  if (g_set_object (&self->site, site))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SITE]);
}

const char *
findings_visit_get_company_name (FindingsVisit *self)
{
  g_return_val_if_fail (FINDINGS_IS_VISIT (self), NULL);

  return self->company_name;
}

void
findings_visit_set_company_name (FindingsVisit *self,
                                 const char    *company_name)
{
  g_return_if_fail (FINDINGS_IS_VISIT (self));

  update_string (self, &self->company_name, company_name, PROP_COMPANY_NAME);
}

const char *
findings_visit_get_company_phone (FindingsVisit *self)
{
  g_return_val_if_fail (FINDINGS_IS_VISIT (self), NULL);

  return self->company_phone;
}

void
findings_visit_set_company_phone (FindingsVisit *self,
                                  const char    *company_phone)
{
  g_return_if_fail (FINDINGS_IS_VISIT (self));

  update_string (self, &self->company_phone, company_phone, PROP_COMPANY_PHONE);
}

const char *
findings_visit_get_company_email (FindingsVisit *self)
{
  g_return_val_if_fail (FINDINGS_IS_VISIT (self), NULL);

  return self->company_email;
}

void
findings_visit_set_company_email (FindingsVisit *self,
                                  const char    *company_email)
{
  g_return_if_fail (FINDINGS_IS_VISIT (self));

  update_string (self, &self->company_email, company_email, PROP_COMPANY_EMAIL);
}

const char *
findings_visit_get_technician_id (FindingsVisit *self)
{
  g_return_val_if_fail (FINDINGS_IS_VISIT (self), NULL);

  return self->technician_id;
}

void
findings_visit_set_technician_id (FindingsVisit *self,
                                  const char    *technician_id)
{
  g_return_if_fail (FINDINGS_IS_VISIT (self));

  update_string (self, &self->technician_id, technician_id, PROP_TECHNICIAN_ID);
}

const char *
findings_visit_get_technician_name (FindingsVisit *self)
{
  g_return_val_if_fail (FINDINGS_IS_VISIT (self), NULL);

  return self->technician_name;
}

void
findings_visit_set_technician_name (FindingsVisit *self,
                                    const char    *technician_name)
{
  g_return_if_fail (FINDINGS_IS_VISIT (self));

  update_string (self, &self->technician_name, technician_name, PROP_TECHNICIAN_NAME);
}

/**
 * findings_visit_get_started_at:
 *
 * Returns: (transfer none) (nullable): when the technician arrived
 */
GDateTime *
findings_visit_get_started_at (FindingsVisit *self)
{
  g_return_val_if_fail (FINDINGS_IS_VISIT (self), NULL);

  return self->started_at;
}

void
findings_visit_set_started_at (FindingsVisit *self,
                               GDateTime     *started_at)
{
  g_return_if_fail (FINDINGS_IS_VISIT (self));

  update_date_time (self, &self->started_at, started_at, PROP_STARTED_AT);
}

/**
 * findings_visit_get_completed_at:
 *
 * Returns: (transfer none) (nullable): when the technician finished
 */
GDateTime *
findings_visit_get_completed_at (FindingsVisit *self)
{
  g_return_val_if_fail (FINDINGS_IS_VISIT (self), NULL);

  return self->completed_at;
}

void
findings_visit_set_completed_at (FindingsVisit *self,
                                 GDateTime     *completed_at)
{
  g_return_if_fail (FINDINGS_IS_VISIT (self));

  update_date_time (self, &self->completed_at, completed_at, PROP_COMPLETED_AT);
}

const char *
findings_visit_get_summary (FindingsVisit *self)
{
  g_return_val_if_fail (FINDINGS_IS_VISIT (self), NULL);

  return self->summary;
}

void
findings_visit_set_summary (FindingsVisit *self,
                            const char    *summary)
{
  g_return_if_fail (FINDINGS_IS_VISIT (self));

  update_string (self, &self->summary, summary, PROP_SUMMARY);
}

/**
 * findings_visit_get_work_performed:
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): what was done, one
 *   item a line
 */
const char * const *
findings_visit_get_work_performed (FindingsVisit *self)
{
  g_return_val_if_fail (FINDINGS_IS_VISIT (self), NULL);

  return (const char * const *) self->work_performed;
}

void
findings_visit_set_work_performed (FindingsVisit      *self,
                                   const char * const *work_performed)
{
  GStrv old;

  g_return_if_fail (FINDINGS_IS_VISIT (self));

  if (strvs_equal ((const char * const *) self->work_performed, work_performed))
    return;

  old = self->work_performed;
  self->work_performed = g_strdupv ((char **) work_performed);
  g_strfreev (old);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORK_PERFORMED]);
}

const char *
findings_visit_get_currency (FindingsVisit *self)
{
  g_return_val_if_fail (FINDINGS_IS_VISIT (self), NULL);

  return self->currency;
}

void
findings_visit_set_currency (FindingsVisit *self,
                             const char    *currency)
{
  g_return_if_fail (FINDINGS_IS_VISIT (self));

  update_string (self, &self->currency, currency, PROP_CURRENCY);
}

/**
 * findings_visit_get_recommendations:
 *
 * Returns: (transfer none): a #GListModel of #FindingsRecommendation, in document order
 */
GListModel *
findings_visit_get_recommendations (FindingsVisit *self)
{
  g_return_val_if_fail (FINDINGS_IS_VISIT (self), NULL);

  return G_LIST_MODEL (self->recommendations);
}

/**
 * findings_visit_add_recommendation:
 *
 * Appends @recommendation and keeps #FindingsVisit:n-open and
 * #FindingsVisit:has-safety-concern up to date as it changes.
 */
void
findings_visit_add_recommendation (FindingsVisit          *self,
                                   FindingsRecommendation *recommendation)
{
  g_return_if_fail (FINDINGS_IS_VISIT (self));
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (recommendation));

  g_list_store_append (self->recommendations, recommendation);
  findings_recommendation_set_visit (recommendation, self);

  /* has-safety-concern also depends on the category and the safety level. */
  g_signal_connect_object (recommendation, "notify::status",
                           G_CALLBACK (on_recommendation_changed_cb), self, 0);
  g_signal_connect_object (recommendation, "notify::category",
                           G_CALLBACK (on_recommendation_changed_cb), self, 0);
  g_signal_connect_object (recommendation, "notify::safety-level",
                           G_CALLBACK (on_recommendation_changed_cb), self, 0);

  g_object_set_qdata (G_OBJECT (recommendation), counted_quark (), NULL);
  update_counters (self, recommendation);
}

/**
 * findings_visit_find_recommendation:
 *
 * Returns: (transfer none) (nullable): the recommendation with @id
 */
FindingsRecommendation *
findings_visit_find_recommendation (FindingsVisit *self,
                                    const char    *id)
{
  GListModel *model;
  guint n_items;

  g_return_val_if_fail (FINDINGS_IS_VISIT (self), NULL);

  if (id == NULL)
    return NULL;

  model = G_LIST_MODEL (self->recommendations);
  n_items = g_list_model_get_n_items (model);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(FindingsRecommendation) rec = g_list_model_get_item (model, i);

      /* The store keeps its own reference, so handing out a borrowed pointer is safe. */
      if (g_strcmp0 (findings_recommendation_get_id (rec), id) == 0)
        return rec;
    }

  return NULL;
}

guint
findings_visit_get_n_open (FindingsVisit *self)
{
  g_return_val_if_fail (FINDINGS_IS_VISIT (self), 0);

  return self->n_open;
}

gboolean
findings_visit_get_has_safety_concern (FindingsVisit *self)
{
  g_return_val_if_fail (FINDINGS_IS_VISIT (self), FALSE);

  return self->has_safety_concern;
}

/**
 * findings_visit_compare_newest_first:
 * @a: a #FindingsVisit
 * @b: a #FindingsVisit
 *
 * The visits list's order: grouped by site name (then site id), newest
 * completed visit first within a site; a visit with no completion time sorts
 * after the completed ones. The visit id breaks any remaining tie.
 */
int
findings_visit_compare_newest_first (gconstpointer a,
                                     gconstpointer b,
                                     gpointer      user_data)
{
  FindingsVisit *visit_a = (FindingsVisit *) a;
  FindingsVisit *visit_b = (FindingsVisit *) b;
  FindingsSite *site_a;
  FindingsSite *site_b;
  int result;

  g_return_val_if_fail (FINDINGS_IS_VISIT (visit_a), 0);
  g_return_val_if_fail (FINDINGS_IS_VISIT (visit_b), 0);

  site_a = visit_a->site;
  site_b = visit_b->site;

  result = compare_collated (site_a ? findings_site_get_name (site_a) : NULL,
                             site_b ? findings_site_get_name (site_b) : NULL);
  if (result != 0)
    return result;

  result = g_strcmp0 (site_a ? findings_site_get_id (site_a) : NULL,
                      site_b ? findings_site_get_id (site_b) : NULL);
  if (result != 0)
    return result;

  if (visit_a->completed_at != NULL && visit_b->completed_at != NULL)
    result = g_date_time_compare (visit_b->completed_at, visit_a->completed_at);
  else if (visit_a->completed_at != NULL)
    result = -1;
  else if (visit_b->completed_at != NULL)
    result = 1;
  if (result != 0)
    return result;

  return g_strcmp0 (visit_a->id, visit_b->id);
}
