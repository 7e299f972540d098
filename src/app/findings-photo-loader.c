/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-photo-loader"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-photo-loader.h"

/* Turns a photo's bytes in the store into a texture, off the UI thread. */
struct _FindingsPhotoLoader
{
  GObject        parent_instance;

  /* NULL until the store is open (the demo opens it once its office is up). */
  FindingsStore *store;
};

G_DEFINE_FINAL_TYPE (FindingsPhotoLoader, findings_photo_loader, G_TYPE_OBJECT)

typedef struct
{
  FindingsStore *store;
  char          *photo_id;
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_clear_object (&load->store);
  g_free (load->photo_id);
  g_free (load);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *load = task_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *media_type = NULL;
  GdkTexture *texture;
  GError *error = NULL;

  if (load->store == NULL ||
      (bytes = findings_store_load_photo (load->store, load->photo_id, &media_type,
                                          &error)) == NULL)
    {
      if (error == NULL)
        error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _("The photo is not on this device yet."));
      g_task_return_error (task, error);
      return;
    }

  /* Decoding takes long enough to stutter a scroll: it happens here, off the UI. */
  texture = gdk_texture_new_from_bytes (bytes, &error);
  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

static void
findings_photo_loader_dispose (GObject *object)
{
  FindingsPhotoLoader *self = FINDINGS_PHOTO_LOADER (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (findings_photo_loader_parent_class)->dispose (object);
}

static void
findings_photo_loader_class_init (FindingsPhotoLoaderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = findings_photo_loader_dispose;
}

static void
findings_photo_loader_init (FindingsPhotoLoader *self)
{
}

FindingsPhotoLoader *
findings_photo_loader_new (void)
{
  return g_object_new (FINDINGS_TYPE_PHOTO_LOADER, NULL);
}

/**
 * findings_photo_loader_set_store:
 * @store: (nullable): where the photos are, once it is open
 */
void
findings_photo_loader_set_store (FindingsPhotoLoader *self,
                                 FindingsStore       *store)
{
  g_return_if_fail (FINDINGS_IS_PHOTO_LOADER (self));
  g_return_if_fail (store == NULL || FINDINGS_IS_STORE (store));

  g_set_object (&self->store, store);
}

/**
 * findings_photo_loader_load_async:
 *
 * Loads and decodes @photo; fails with %G_IO_ERROR_NOT_FOUND while the photo is not
 * on this device yet.
 */
void
findings_photo_loader_load_async (FindingsPhotoLoader *self,
                                  FindingsPhoto       *photo,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *load;

  g_return_if_fail (FINDINGS_IS_PHOTO_LOADER (self));
  g_return_if_fail (FINDINGS_IS_PHOTO (photo));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, findings_photo_loader_load_async);

  /* The thread gets its own reference, whatever happens to the loader meanwhile. */
  load = g_new0 (LoadData, 1);
  load->store = self->store != NULL ? g_object_ref (self->store) : NULL;
  load->photo_id = g_strdup (findings_photo_get_id (photo));
  g_task_set_task_data (task, load, load_data_free);
  g_task_run_in_thread (task, load_thread);
}

GdkTexture *
findings_photo_loader_load_finish (FindingsPhotoLoader  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
