/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FINDINGS_TYPE_APPLICATION (findings_application_get_type ())

G_DECLARE_FINAL_TYPE (FindingsApplication, findings_application, FINDINGS, APPLICATION,
                      AdwApplication)

FindingsApplication *findings_application_new             (void);
GListModel          *findings_application_get_visits      (FindingsApplication *self);
gboolean             findings_application_get_loading    (FindingsApplication *self);
const char * const  *findings_application_get_problems    (FindingsApplication *self);
gboolean             findings_application_get_kiosk       (FindingsApplication *self);
gboolean             findings_application_get_demo        (FindingsApplication *self);
GFile               *findings_application_get_photo_dir   (FindingsApplication *self);
GFile               *findings_application_dup_data_dir    (void);

G_END_DECLS
