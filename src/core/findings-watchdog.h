/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean findings_watchdog_notify (const char *state);
guint    findings_watchdog_start  (void);

G_END_DECLS
