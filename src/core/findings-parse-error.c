/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-parse-error"

#include "config.h"

#include "findings-parse-error.h"

G_DEFINE_QUARK (findings-parse-error-quark, findings_parse_error)
