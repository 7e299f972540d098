/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FINDINGS_PAYBACK_NONE,          /* no savings: show nothing about payback */
  FINDINGS_PAYBACK_IMMEDIATE,     /* price 0 */
  FINDINGS_PAYBACK_MONTHS,        /* @months is valid: under two years */
  FINDINGS_PAYBACK_HALF_YEARS,    /* @half_years is valid: two years or more */
  FINDINGS_PAYBACK_BEYOND_LIFE,   /* longer than the expected life */
} FindingsPaybackKind;

typedef struct
{
  FindingsPaybackKind kind;
  gint64              months;        /* rounded; 0 means less than a month */
  gint64              half_years;    /* rounded; 5 means two and a half years */
  gboolean            has_net;       /* whether @net_lifetime is known */
  gint64              net_lifetime;  /* minor units, may be negative */
} FindingsPayback;

void  findings_payback_compute  (gint64                 price,
                                 gint64                 annual_savings,
                                 double                 expected_life_years,
                                 FindingsPayback       *out);
char *findings_payback_describe (const FindingsPayback *payback);

G_END_DECLS
