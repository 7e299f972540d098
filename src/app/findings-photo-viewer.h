/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "findings-photo.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_PHOTO_VIEWER (findings_photo_viewer_get_type ())

G_DECLARE_FINAL_TYPE (FindingsPhotoViewer, findings_photo_viewer, FINDINGS, PHOTO_VIEWER,
                      AdwWindow)

FindingsPhotoViewer *findings_photo_viewer_new (GtkWindow     *parent,
                                                FindingsPhoto *photo);

G_END_DECLS
