/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <json-glib/json-glib.h>

#include "findings-enums.h"
#include "findings-follow-up.h"

G_BEGIN_DECLS

/* One lead of API 1.1's GET /api/v1/technician/recommendations: a recommendation a
 * technician raised, with what became of it and the office's note to them. */

#define FINDINGS_TYPE_LEAD (findings_lead_get_type ())
G_DECLARE_FINAL_TYPE (FindingsLead, findings_lead, FINDINGS, LEAD, GObject)

const char       *findings_lead_get_id          (FindingsLead  *self);
const char       *findings_lead_get_visit_id    (FindingsLead  *self);
const char       *findings_lead_get_site_id     (FindingsLead  *self);
const char       *findings_lead_get_site_name   (FindingsLead  *self);
const char       *findings_lead_get_title       (FindingsLead  *self);
FindingsStatus    findings_lead_get_status      (FindingsLead  *self);
GDateTime        *findings_lead_get_decided_at  (FindingsLead  *self);
FindingsFollowUp *findings_lead_get_follow_up   (FindingsLead  *self);
const char       *findings_lead_get_office_note (FindingsLead  *self);

FindingsLead     *findings_lead_new_from_json   (JsonNode      *node,
                                                 const char    *path,
                                                 GError       **error);
GPtrArray        *findings_lead_parse_page      (const char    *data,
                                                 gsize          length,
                                                 char         **out_cursor,
                                                 gboolean      *out_more,
                                                 GError       **error);

G_END_DECLS
