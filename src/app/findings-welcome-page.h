/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FINDINGS_TYPE_WELCOME_PAGE (findings_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (FindingsWelcomePage, findings_welcome_page, FINDINGS, WELCOME_PAGE,
                      GtkWidget)

GtkWidget *findings_welcome_page_new        (void);
void       findings_welcome_page_set_visits (FindingsWelcomePage *self,
                                             GListModel          *visits);

G_END_DECLS
