/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FINDINGS_TYPE_SITE (findings_site_get_type ())
G_DECLARE_FINAL_TYPE (FindingsSite, findings_site, FINDINGS, SITE, GObject)

FindingsSite *findings_site_new          (const char   *id);

const char   *findings_site_get_id       (FindingsSite *self);
void          findings_site_set_id       (FindingsSite *self,
                                          const char   *id);
const char   *findings_site_get_name     (FindingsSite *self);
void          findings_site_set_name     (FindingsSite *self,
                                          const char   *name);
const char   *findings_site_get_address  (FindingsSite *self);
void          findings_site_set_address  (FindingsSite *self,
                                          const char   *address);
const char   *findings_site_get_timezone (FindingsSite *self);
void          findings_site_set_timezone (FindingsSite *self,
                                          const char   *timezone);

G_END_DECLS
