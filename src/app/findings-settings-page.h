/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "findings-technician-lock.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_SETTINGS_PAGE (findings_settings_page_get_type ())

G_DECLARE_FINAL_TYPE (FindingsSettingsPage, findings_settings_page, FINDINGS, SETTINGS_PAGE,
                      GtkWidget)

GtkWidget *findings_settings_page_new   (GSettings              *settings,
                                         FindingsTechnicianLock *lock);
void       findings_settings_page_reset (FindingsSettingsPage   *self);

G_END_DECLS
