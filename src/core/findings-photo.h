/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FINDINGS_TYPE_PHOTO (findings_photo_get_type ())
G_DECLARE_FINAL_TYPE (FindingsPhoto, findings_photo, FINDINGS, PHOTO, GObject)

FindingsPhoto *findings_photo_new            (const char    *id);

const char    *findings_photo_get_id         (FindingsPhoto *self);
void           findings_photo_set_id         (FindingsPhoto *self,
                                              const char    *id);
const char    *findings_photo_get_caption    (FindingsPhoto *self);
void           findings_photo_set_caption    (FindingsPhoto *self,
                                              const char    *caption);
const char    *findings_photo_get_media_type (FindingsPhoto *self);
void           findings_photo_set_media_type (FindingsPhoto *self,
                                              const char    *media_type);
const char    *findings_photo_get_sha256     (FindingsPhoto *self);
void           findings_photo_set_sha256     (FindingsPhoto *self,
                                              const char    *sha256);

G_END_DECLS
