/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FINDINGS_TYPE_KEYBOARD (findings_keyboard_get_type ())

G_DECLARE_FINAL_TYPE (FindingsKeyboard, findings_keyboard, FINDINGS, KEYBOARD, GtkWidget)

G_END_DECLS
