/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "findings-keyboard.h"

G_BEGIN_DECLS

/* For tests: what the keyboard shows, and where it types. */
gboolean     _findings_keyboard_get_phone  (FindingsKeyboard *self);
GtkEditable *_findings_keyboard_get_target (FindingsKeyboard *self);

G_END_DECLS
