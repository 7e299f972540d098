/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-photo-viewer"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-application.h"
#include "findings-photo-viewer.h"
#include "findings-ui.h"

struct _FindingsPhotoViewer
{
  AdwWindow       parent_instance;

  GCancellable   *cancellable;
  FindingsPhoto  *photo;

  AdwWindowTitle *window_title;
  GtkStack       *stack;
  GtkSpinner     *spinner;
  GtkPicture     *picture;
  AdwStatusPage  *missing_page;
  GtkLabel       *caption_label;
  GtkWidget      *close_button;
};

G_DEFINE_FINAL_TYPE (FindingsPhotoViewer, findings_photo_viewer, ADW_TYPE_WINDOW)

static FindingsPhotoLoader *
get_photo_loader (void)
{
  return findings_application_get_photo_loader (FINDINGS_APPLICATION (g_application_get_default ()));
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FindingsPhotoViewer) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = findings_photo_loader_load_finish (FINDINGS_PHOTO_LOADER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_set_spinning (self->spinner, FALSE);

  if (texture == NULL)
    {
      adw_status_page_set_description (self->missing_page,
                                       _("The photo is not on this device yet. It will appear "
                                         "once it has been downloaded from the office."));
      gtk_stack_set_visible_child_name (self->stack, "missing");
      return;
    }

  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_stack_set_visible_child_name (self->stack, "picture");
}

/* "It will appear once it has been downloaded": so it does, while the viewer is open. */
static void
photo_arrived_cb (FindingsPhotoViewer *self,
                  const char          *photo_id)
{
  if (g_strcmp0 (findings_photo_get_id (self->photo), photo_id) != 0 ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "missing") != 0)
    return;

  gtk_spinner_set_spinning (self->spinner, TRUE);
  findings_photo_loader_load_async (get_photo_loader (), self->photo, self->cancellable, loaded_cb,
                                    g_object_ref (self));
}

static void
findings_photo_viewer_dispose (GObject *object)
{
  FindingsPhotoViewer *self = FINDINGS_PHOTO_VIEWER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->photo);
  gtk_widget_dispose_template (GTK_WIDGET (self), FINDINGS_TYPE_PHOTO_VIEWER);

  G_OBJECT_CLASS (findings_photo_viewer_parent_class)->dispose (object);
}

static void
findings_photo_viewer_class_init (FindingsPhotoViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = findings_photo_viewer_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/findings/Findings/findings-photo-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, FindingsPhotoViewer, window_title);
  gtk_widget_class_bind_template_child (widget_class, FindingsPhotoViewer, stack);
  gtk_widget_class_bind_template_child (widget_class, FindingsPhotoViewer, spinner);
  gtk_widget_class_bind_template_child (widget_class, FindingsPhotoViewer, picture);
  gtk_widget_class_bind_template_child (widget_class, FindingsPhotoViewer, missing_page);
  gtk_widget_class_bind_template_child (widget_class, FindingsPhotoViewer, caption_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsPhotoViewer, close_button);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
findings_photo_viewer_init (FindingsPhotoViewer *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  /* GTK 4.8 names a button with a mnemonic twice, by its label property with the
   * underline and by the label inside: "_Close Close". The one inside is enough. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->close_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);
}

FindingsPhotoViewer *
findings_photo_viewer_new (GtkWindow     *parent,
                           FindingsPhoto *photo)
{
  GApplication *app = g_application_get_default ();
  FindingsPhotoViewer *self;
  const char *caption;

  g_return_val_if_fail (FINDINGS_IS_PHOTO (photo), NULL);

  self = g_object_new (FINDINGS_TYPE_PHOTO_VIEWER,
                       "transient-for", parent,
                       /* Part of the app, so the kiosk's idle reset can close it. */
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       NULL);

  if (parent != NULL && gtk_window_is_fullscreen (parent))
    gtk_window_fullscreen (GTK_WINDOW (self));

  caption = findings_photo_get_caption (photo);
  findings_ui_set_optional_text (self->caption_label, caption);
  if (caption != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->picture),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, caption,
                                    -1);

  if (!FINDINGS_IS_APPLICATION (app))
    {
      gtk_stack_set_visible_child_name (self->stack, "missing");
      return self;
    }

  self->photo = g_object_ref (photo);
  g_signal_connect_object (findings_application_get_session (FINDINGS_APPLICATION (app)),
                           "photo-arrived", G_CALLBACK (photo_arrived_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_spinner_set_spinning (self->spinner, TRUE);
  findings_photo_loader_load_async (get_photo_loader (), photo, self->cancellable, loaded_cb,
                                    g_object_ref (self));

  return self;
}
