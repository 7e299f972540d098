/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

#include "findings-enums.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_OPTION (findings_option_get_type ())
G_DECLARE_FINAL_TYPE (FindingsOption, findings_option, FINDINGS, OPTION, GObject)

FindingsOption *findings_option_new                     (const char     *id);

const char     *findings_option_get_id                  (FindingsOption *self);
void            findings_option_set_id                  (FindingsOption *self,
                                                         const char     *id);
const char     *findings_option_get_label               (FindingsOption *self);
void            findings_option_set_label               (FindingsOption *self,
                                                         const char     *label);
const char     *findings_option_get_description         (FindingsOption *self);
void            findings_option_set_description         (FindingsOption *self,
                                                         const char     *description);
gint64          findings_option_get_price               (FindingsOption *self);
void            findings_option_set_price               (FindingsOption *self,
                                                         gint64          price);
FindingsTax     findings_option_get_tax                 (FindingsOption *self);
void            findings_option_set_tax                 (FindingsOption *self,
                                                         FindingsTax     tax);
gint64          findings_option_get_annual_savings      (FindingsOption *self);
void            findings_option_set_annual_savings      (FindingsOption *self,
                                                         gint64          annual_savings);
const char     *findings_option_get_savings_basis       (FindingsOption *self);
void            findings_option_set_savings_basis       (FindingsOption *self,
                                                         const char     *savings_basis);
double          findings_option_get_expected_life_years (FindingsOption *self);
void            findings_option_set_expected_life_years (FindingsOption *self,
                                                         double          expected_life_years);
double          findings_option_get_duration_hours      (FindingsOption *self);
void            findings_option_set_duration_hours      (FindingsOption *self,
                                                         double          duration_hours);

gboolean        findings_option_has_savings             (FindingsOption *self);

G_END_DECLS
