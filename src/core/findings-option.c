/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-option"

#include "config.h"

#include "findings-enum-types.h"
#include "findings-option.h"

struct _FindingsOption
{
  GObject      parent_instance;

  char        *id;
  char        *label;
  char        *description;
  gint64       price;
  FindingsTax  tax;
  gint64       annual_savings;
  char        *savings_basis;
  double       expected_life_years;
  double       duration_hours;
};

G_DEFINE_FINAL_TYPE (FindingsOption, findings_option, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_LABEL,
  PROP_DESCRIPTION,
  PROP_PRICE,
  PROP_TAX,
  PROP_ANNUAL_SAVINGS,
  PROP_SAVINGS_BASIS,
  PROP_EXPECTED_LIFE_YEARS,
  PROP_DURATION_HOURS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


/*
 * Auxiliary methods
 */

static void
update_string (FindingsOption  *self,
               char           **field,
               const char      *value,
               guint            prop_id)
{
  char *old;

  if (g_strcmp0 (*field, value) == 0)
    return;

  old = *field;
  *field = g_strdup (value);
  g_free (old);

  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}


/*
 * GObject overrides
 */

static void
findings_option_finalize (GObject *object)
{
  FindingsOption *self = (FindingsOption *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->savings_basis, g_free);

  G_OBJECT_CLASS (findings_option_parent_class)->finalize (object);
}

static void
findings_option_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FindingsOption *self = FINDINGS_OPTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_PRICE:
      g_value_set_int64 (value, self->price);
      break;

    case PROP_TAX:
      g_value_set_enum (value, self->tax);
      break;

    case PROP_ANNUAL_SAVINGS:
      g_value_set_int64 (value, self->annual_savings);
      break;

    case PROP_SAVINGS_BASIS:
      g_value_set_string (value, self->savings_basis);
      break;

    case PROP_EXPECTED_LIFE_YEARS:
      g_value_set_double (value, self->expected_life_years);
      break;

    case PROP_DURATION_HOURS:
      g_value_set_double (value, self->duration_hours);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_option_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FindingsOption *self = FINDINGS_OPTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      findings_option_set_id (self, g_value_get_string (value));
      break;

    case PROP_LABEL:
      findings_option_set_label (self, g_value_get_string (value));
      break;

    case PROP_DESCRIPTION:
      findings_option_set_description (self, g_value_get_string (value));
      break;

    case PROP_PRICE:
      findings_option_set_price (self, g_value_get_int64 (value));
      break;

    case PROP_TAX:
      findings_option_set_tax (self, g_value_get_enum (value));
      break;

    case PROP_ANNUAL_SAVINGS:
      findings_option_set_annual_savings (self, g_value_get_int64 (value));
      break;

    case PROP_SAVINGS_BASIS:
      findings_option_set_savings_basis (self, g_value_get_string (value));
      break;

    case PROP_EXPECTED_LIFE_YEARS:
      findings_option_set_expected_life_years (self, g_value_get_double (value));
      break;

    case PROP_DURATION_HOURS:
      findings_option_set_duration_hours (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_option_class_init (FindingsOptionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = findings_option_finalize;
  object_class->get_property = findings_option_get_property;
  object_class->set_property = findings_option_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* In minor units of the visit's currency: integers, so sums never round. */
  properties[PROP_PRICE] =
    g_param_spec_int64 ("price", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_TAX] =
    g_param_spec_enum ("tax", NULL, NULL,
                       FINDINGS_TYPE_TAX,
                       FINDINGS_TAX_UNSTATED,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* Minor units a year; -1 when the document gives no estimate. */
  properties[PROP_ANNUAL_SAVINGS] =
    g_param_spec_int64 ("annual-savings", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_SAVINGS_BASIS] =
    g_param_spec_string ("savings-basis", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* 0 when unknown. */
  properties[PROP_EXPECTED_LIFE_YEARS] =
    g_param_spec_double ("expected-life-years", NULL, NULL,
                         0.0, G_MAXDOUBLE, 0.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* -1 when unknown. */
  properties[PROP_DURATION_HOURS] =
    g_param_spec_double ("duration-hours", NULL, NULL,
                         -1.0, G_MAXDOUBLE, -1.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
findings_option_init (FindingsOption *self)
{
  self->tax = FINDINGS_TAX_UNSTATED;
  self->annual_savings = -1;
  self->duration_hours = -1.0;
}


/*
 * Public API
 */

FindingsOption *
findings_option_new (const char *id)
{
  return g_object_new (FINDINGS_TYPE_OPTION,
                       "id", id,
                       NULL);
}

const char *
findings_option_get_id (FindingsOption *self)
{
  g_return_val_if_fail (FINDINGS_IS_OPTION (self), NULL);

  return self->id;
}

void
findings_option_set_id (FindingsOption *self,
                        const char     *id)
{
  g_return_if_fail (FINDINGS_IS_OPTION (self));

  update_string (self, &self->id, id, PROP_ID);
}

const char *
findings_option_get_label (FindingsOption *self)
{
  g_return_val_if_fail (FINDINGS_IS_OPTION (self), NULL);

  return self->label;
}

void
findings_option_set_label (FindingsOption *self,
                           const char     *label)
{
  g_return_if_fail (FINDINGS_IS_OPTION (self));

  update_string (self, &self->label, label, PROP_LABEL);
}

const char *
findings_option_get_description (FindingsOption *self)
{
  g_return_val_if_fail (FINDINGS_IS_OPTION (self), NULL);

  return self->description;
}

void
findings_option_set_description (FindingsOption *self,
                                 const char     *description)
{
  g_return_if_fail (FINDINGS_IS_OPTION (self));

  update_string (self, &self->description, description, PROP_DESCRIPTION);
}

gint64
findings_option_get_price (FindingsOption *self)
{
  g_return_val_if_fail (FINDINGS_IS_OPTION (self), 0);

  return self->price;
}

void
findings_option_set_price (FindingsOption *self,
                           gint64          price)
{
  g_return_if_fail (FINDINGS_IS_OPTION (self));

  if (self->price == price)
    return;

  self->price = price;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRICE]);
}

FindingsTax
findings_option_get_tax (FindingsOption *self)
{
  g_return_val_if_fail (FINDINGS_IS_OPTION (self), FINDINGS_TAX_UNSTATED);

  return self->tax;
}

void
findings_option_set_tax (FindingsOption *self,
                         FindingsTax     tax)
{
  g_return_if_fail (FINDINGS_IS_OPTION (self));

  if (self->tax == tax)
    return;

  self->tax = tax;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAX]);
}

gint64
findings_option_get_annual_savings (FindingsOption *self)
{
  g_return_val_if_fail (FINDINGS_IS_OPTION (self), -1);

  return self->annual_savings;
}

void
findings_option_set_annual_savings (FindingsOption *self,
                                    gint64          annual_savings)
{
  g_return_if_fail (FINDINGS_IS_OPTION (self));

  if (self->annual_savings == annual_savings)
    return;

  self->annual_savings = annual_savings;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANNUAL_SAVINGS]);
}

const char *
findings_option_get_savings_basis (FindingsOption *self)
{
  g_return_val_if_fail (FINDINGS_IS_OPTION (self), NULL);

  return self->savings_basis;
}

void
findings_option_set_savings_basis (FindingsOption *self,
                                   const char     *savings_basis)
{
  g_return_if_fail (FINDINGS_IS_OPTION (self));

  update_string (self, &self->savings_basis, savings_basis, PROP_SAVINGS_BASIS);
}

double
findings_option_get_expected_life_years (FindingsOption *self)
{
  g_return_val_if_fail (FINDINGS_IS_OPTION (self), 0.0);

  return self->expected_life_years;
}

void
findings_option_set_expected_life_years (FindingsOption *self,
                                         double          expected_life_years)
{
  g_return_if_fail (FINDINGS_IS_OPTION (self));

  if (self->expected_life_years == expected_life_years)
    return;

  self->expected_life_years = expected_life_years;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPECTED_LIFE_YEARS]);
}

double
findings_option_get_duration_hours (FindingsOption *self)
{
  g_return_val_if_fail (FINDINGS_IS_OPTION (self), -1.0);

  return self->duration_hours;
}

void
findings_option_set_duration_hours (FindingsOption *self,
                                    double          duration_hours)
{
  g_return_if_fail (FINDINGS_IS_OPTION (self));

  if (self->duration_hours == duration_hours)
    return;

  self->duration_hours = duration_hours;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION_HOURS]);
}

/**
 * findings_option_has_savings:
 *
 * Returns: %TRUE when the document estimates a positive yearly saving.
 */
gboolean
findings_option_has_savings (FindingsOption *self)
{
  g_return_val_if_fail (FINDINGS_IS_OPTION (self), FALSE);

  return self->annual_savings > 0;
}
