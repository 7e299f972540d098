/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "findings-technician-lock.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_PIN_PAD (findings_pin_pad_get_type ())

G_DECLARE_FINAL_TYPE (FindingsPinPad, findings_pin_pad, FINDINGS, PIN_PAD, GtkWidget)

GtkWidget *findings_pin_pad_new   (FindingsTechnicianLock *lock);
void       findings_pin_pad_reset (FindingsPinPad         *self);

G_END_DECLS
