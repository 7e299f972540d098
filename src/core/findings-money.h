/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "findings-protocol.h"

G_BEGIN_DECLS

/* The largest amount the office API allows, in minor units. */
#define FINDINGS_MONEY_MAX FINDINGS_PROTOCOL_MAX_MONEY

guint     findings_currency_get_digits (const char *currency);
gboolean  findings_currency_is_valid   (const char *code);

char     *findings_money_format        (gint64      minor,
                                        const char *currency);
char     *findings_money_format_whole  (gint64      minor,
                                        const char *currency);

G_END_DECLS
