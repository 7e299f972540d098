/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "findings-session.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_SIGNOFF (findings_signoff_get_type ())

G_DECLARE_FINAL_TYPE (FindingsSignoff, findings_signoff, FINDINGS, SIGNOFF, GtkWidget)

GtkWidget *findings_signoff_new (FindingsSession *session);

G_END_DECLS
