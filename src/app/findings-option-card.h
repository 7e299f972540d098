/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "findings-option.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_OPTION_CARD (findings_option_card_get_type ())

G_DECLARE_FINAL_TYPE (FindingsOptionCard, findings_option_card, FINDINGS, OPTION_CARD, GtkWidget)

FindingsOptionCard *findings_option_card_new (FindingsOption *option,
                                              const char     *currency);

G_END_DECLS
