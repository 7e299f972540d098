/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "findings-pin-pad.h"

G_BEGIN_DECLS

/* For tests: how many digits are typed, and what the pad says. */
guint       _findings_pin_pad_get_n_digits (FindingsPinPad *self);
const char *_findings_pin_pad_get_message  (FindingsPinPad *self);

G_END_DECLS
