/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FINDINGS_TYPE_SIGNATURE_PAD (findings_signature_pad_get_type ())

G_DECLARE_FINAL_TYPE (FindingsSignaturePad, findings_signature_pad, FINDINGS, SIGNATURE_PAD,
                      GtkWidget)

gboolean   findings_signature_pad_get_empty    (FindingsSignaturePad *self);
void       findings_signature_pad_clear        (FindingsSignaturePad *self);
char      *findings_signature_pad_dup_svg_path (FindingsSignaturePad *self);

G_END_DECLS
