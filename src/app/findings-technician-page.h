/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "findings-session.h"
#include "findings-technician-lock.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_TECHNICIAN_PAGE (findings_technician_page_get_type ())

G_DECLARE_FINAL_TYPE (FindingsTechnicianPage, findings_technician_page, FINDINGS,
                      TECHNICIAN_PAGE, GtkWidget)

GtkWidget *findings_technician_page_new   (FindingsSession        *session,
                                           GSettings              *settings,
                                           FindingsTechnicianLock *lock);
void       findings_technician_page_reset (FindingsTechnicianPage *self);

G_END_DECLS
