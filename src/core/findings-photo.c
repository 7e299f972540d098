/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-photo"

#include "config.h"

#include "findings-photo.h"

struct _FindingsPhoto
{
  GObject  parent_instance;

  char    *id;
  char    *caption;
  char    *media_type;
  char    *sha256;
};

G_DEFINE_FINAL_TYPE (FindingsPhoto, findings_photo, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_CAPTION,
  PROP_MEDIA_TYPE,
  PROP_SHA256,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


/*
 * Auxiliary methods
 */

static void
update_string (FindingsPhoto  *self,
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


/*
 * GObject overrides
 */

static void
findings_photo_finalize (GObject *object)
{
  FindingsPhoto *self = (FindingsPhoto *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->caption, g_free);
  g_clear_pointer (&self->media_type, g_free);
  g_clear_pointer (&self->sha256, g_free);

  G_OBJECT_CLASS (findings_photo_parent_class)->finalize (object);
}

static void
findings_photo_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FindingsPhoto *self = FINDINGS_PHOTO (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_CAPTION:
      g_value_set_string (value, self->caption);
      break;

    case PROP_MEDIA_TYPE:
      g_value_set_string (value, self->media_type);
      break;

    case PROP_SHA256:
      g_value_set_string (value, self->sha256);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_photo_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FindingsPhoto *self = FINDINGS_PHOTO (object);

  switch (prop_id)
    {
    case PROP_ID:
      findings_photo_set_id (self, g_value_get_string (value));
      break;

    case PROP_CAPTION:
      findings_photo_set_caption (self, g_value_get_string (value));
      break;

    case PROP_MEDIA_TYPE:
      findings_photo_set_media_type (self, g_value_get_string (value));
      break;

    case PROP_SHA256:
      findings_photo_set_sha256 (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_photo_class_init (FindingsPhotoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = findings_photo_finalize;
  object_class->get_property = findings_photo_get_property;
  object_class->set_property = findings_photo_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_CAPTION] =
    g_param_spec_string ("caption", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* As sent, e.g. "image/jpeg". */
  properties[PROP_MEDIA_TYPE] =
    g_param_spec_string ("media-type", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* Lowercase hex digest of the image bytes, to check a download against. */
  properties[PROP_SHA256] =
    g_param_spec_string ("sha256", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
findings_photo_init (FindingsPhoto *self)
{
}


/*
 * Public API
 */

FindingsPhoto *
findings_photo_new (const char *id)
{
  return g_object_new (FINDINGS_TYPE_PHOTO,
                       "id", id,
                       NULL);
}

const char *
findings_photo_get_id (FindingsPhoto *self)
{
  g_return_val_if_fail (FINDINGS_IS_PHOTO (self), NULL);

  return self->id;
}

void
findings_photo_set_id (FindingsPhoto *self,
                       const char    *id)
{
  g_return_if_fail (FINDINGS_IS_PHOTO (self));

  update_string (self, &self->id, id, PROP_ID);
}

const char *
findings_photo_get_caption (FindingsPhoto *self)
{
  g_return_val_if_fail (FINDINGS_IS_PHOTO (self), NULL);

  return self->caption;
}

void
findings_photo_set_caption (FindingsPhoto *self,
                            const char    *caption)
{
  g_return_if_fail (FINDINGS_IS_PHOTO (self));

  update_string (self, &self->caption, caption, PROP_CAPTION);
}

const char *
findings_photo_get_media_type (FindingsPhoto *self)
{
  g_return_val_if_fail (FINDINGS_IS_PHOTO (self), NULL);

  return self->media_type;
}

void
findings_photo_set_media_type (FindingsPhoto *self,
                               const char    *media_type)
{
  g_return_if_fail (FINDINGS_IS_PHOTO (self));

  update_string (self, &self->media_type, media_type, PROP_MEDIA_TYPE);
}

const char *
findings_photo_get_sha256 (FindingsPhoto *self)
{
  g_return_val_if_fail (FINDINGS_IS_PHOTO (self), NULL);

  return self->sha256;
}

void
findings_photo_set_sha256 (FindingsPhoto *self,
                           const char    *sha256)
{
  g_return_if_fail (FINDINGS_IS_PHOTO (self));

  update_string (self, &self->sha256, sha256, PROP_SHA256);
}
