/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gdk/gdk.h>

#include "findings-photo.h"
#include "findings-store.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_PHOTO_LOADER (findings_photo_loader_get_type ())

G_DECLARE_FINAL_TYPE (FindingsPhotoLoader, findings_photo_loader, FINDINGS, PHOTO_LOADER, GObject)

FindingsPhotoLoader *findings_photo_loader_new         (void);
void                 findings_photo_loader_set_store   (FindingsPhotoLoader  *self,
                                                        FindingsStore        *store);
void                 findings_photo_loader_load_async  (FindingsPhotoLoader  *self,
                                                        FindingsPhoto        *photo,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GdkTexture          *findings_photo_loader_load_finish (FindingsPhotoLoader  *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
