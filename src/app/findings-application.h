/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "findings-photo-loader.h"
#include "findings-session.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_APPLICATION (findings_application_get_type ())

G_DECLARE_FINAL_TYPE (FindingsApplication, findings_application, FINDINGS, APPLICATION,
                      AdwApplication)

FindingsApplication *findings_application_new              (void);
FindingsSession     *findings_application_get_session      (FindingsApplication *self);
FindingsPhotoLoader *findings_application_get_photo_loader (FindingsApplication *self);
gboolean             findings_application_get_kiosk        (FindingsApplication *self);

G_END_DECLS
