/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "findings-session.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_LEADS_PAGE (findings_leads_page_get_type ())
G_DECLARE_FINAL_TYPE (FindingsLeadsPage, findings_leads_page, FINDINGS, LEADS_PAGE, AdwBin)

GtkWidget *findings_leads_page_new     (FindingsSession   *session);
void       findings_leads_page_refresh (FindingsLeadsPage *self);

G_END_DECLS
