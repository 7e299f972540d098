/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-site"

#include "config.h"

#include "findings-site.h"

struct _FindingsSite
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *address;
  char    *timezone;
};

G_DEFINE_FINAL_TYPE (FindingsSite, findings_site, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_ADDRESS,
  PROP_TIMEZONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


/*
 * Auxiliary methods
 */

static void
update_string (FindingsSite  *self,
               char         **field,
               const char    *value,
               guint          prop_id)
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
findings_site_finalize (GObject *object)
{
  FindingsSite *self = (FindingsSite *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->timezone, g_free);

  G_OBJECT_CLASS (findings_site_parent_class)->finalize (object);
}

static void
findings_site_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FindingsSite *self = FINDINGS_SITE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;

    case PROP_TIMEZONE:
      g_value_set_string (value, self->timezone);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_site_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FindingsSite *self = FINDINGS_SITE (object);

  switch (prop_id)
    {
    case PROP_ID:
      findings_site_set_id (self, g_value_get_string (value));
      break;

    case PROP_NAME:
      findings_site_set_name (self, g_value_get_string (value));
      break;

    case PROP_ADDRESS:
      findings_site_set_address (self, g_value_get_string (value));
      break;

    case PROP_TIMEZONE:
      findings_site_set_timezone (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_site_class_init (FindingsSiteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = findings_site_finalize;
  object_class->get_property = findings_site_get_property;
  object_class->set_property = findings_site_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* An IANA name such as "America/Toronto"; quote expiry is judged in this zone. */
  properties[PROP_TIMEZONE] =
    g_param_spec_string ("timezone", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
findings_site_init (FindingsSite *self)
{
}


/*
 * Public API
 */

FindingsSite *
findings_site_new (const char *id)
{
  return g_object_new (FINDINGS_TYPE_SITE,
                       "id", id,
                       NULL);
}

const char *
findings_site_get_id (FindingsSite *self)
{
  g_return_val_if_fail (FINDINGS_IS_SITE (self), NULL);

  return self->id;
}

void
findings_site_set_id (FindingsSite *self,
                      const char   *id)
{
  g_return_if_fail (FINDINGS_IS_SITE (self));

  update_string (self, &self->id, id, PROP_ID);
}

const char *
findings_site_get_name (FindingsSite *self)
{
  g_return_val_if_fail (FINDINGS_IS_SITE (self), NULL);

  return self->name;
}

void
findings_site_set_name (FindingsSite *self,
                        const char   *name)
{
  g_return_if_fail (FINDINGS_IS_SITE (self));

  update_string (self, &self->name, name, PROP_NAME);
}

const char *
findings_site_get_address (FindingsSite *self)
{
  g_return_val_if_fail (FINDINGS_IS_SITE (self), NULL);

  return self->address;
}

void
findings_site_set_address (FindingsSite *self,
                           const char   *address)
{
  g_return_if_fail (FINDINGS_IS_SITE (self));

  update_string (self, &self->address, address, PROP_ADDRESS);
}

const char *
findings_site_get_timezone (FindingsSite *self)
{
  g_return_val_if_fail (FINDINGS_IS_SITE (self), NULL);

  return self->timezone;
}

void
findings_site_set_timezone (FindingsSite *self,
                            const char   *timezone)
{
  g_return_if_fail (FINDINGS_IS_SITE (self));

  update_string (self, &self->timezone, timezone, PROP_TIMEZONE);
}
