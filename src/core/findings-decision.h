/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <json-glib/json-glib.h>

#include "findings-enums.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_DECISION (findings_decision_get_type ())
G_DECLARE_FINAL_TYPE (FindingsDecision, findings_decision, FINDINGS, DECISION, GObject)

FindingsDecision *findings_decision_new           (FindingsAction     action);
FindingsDecision *findings_decision_new_from_json (JsonNode          *node,
                                                   GError           **error);
FindingsDecision *findings_decision_parse         (const char        *data,
                                                   gsize              length,
                                                   GError           **error);

JsonNode         *findings_decision_to_json_node  (FindingsDecision  *self);
char             *findings_decision_to_json       (FindingsDecision  *self,
                                                   gsize             *length);
char             *findings_decision_describe      (FindingsDecision  *self);

const char *findings_decision_get_id (FindingsDecision *self);
void        findings_decision_set_id (FindingsDecision *self,
                                      const char       *id);

const char *findings_decision_get_visit_id (FindingsDecision *self);
void        findings_decision_set_visit_id (FindingsDecision *self,
                                            const char       *visit_id);

const char *findings_decision_get_recommendation_id (FindingsDecision *self);
void        findings_decision_set_recommendation_id (FindingsDecision *self,
                                                     const char       *recommendation_id);

FindingsAction findings_decision_get_action (FindingsDecision *self);
void           findings_decision_set_action (FindingsDecision *self,
                                             FindingsAction    action);

const char *findings_decision_get_option_id (FindingsDecision *self);
void        findings_decision_set_option_id (FindingsDecision *self,
                                             const char       *option_id);

GDateTime *findings_decision_get_decided_at (FindingsDecision *self);
void       findings_decision_set_decided_at (FindingsDecision *self,
                                             GDateTime        *decided_at);

const char *findings_decision_get_decided_by_name (FindingsDecision *self);
void        findings_decision_set_decided_by_name (FindingsDecision *self,
                                                   const char       *decided_by_name);

const char *findings_decision_get_decided_by_role (FindingsDecision *self);
void        findings_decision_set_decided_by_role (FindingsDecision *self,
                                                   const char       *decided_by_role);

const char *findings_decision_get_po_number (FindingsDecision *self);
void        findings_decision_set_po_number (FindingsDecision *self,
                                             const char       *po_number);

const char *findings_decision_get_signature_format (FindingsDecision *self);
void        findings_decision_set_signature_format (FindingsDecision *self,
                                                    const char       *signature_format);

const char *findings_decision_get_signature_data (FindingsDecision *self);
void        findings_decision_set_signature_data (FindingsDecision *self,
                                                  const char       *signature_data);

const char *findings_decision_get_reason (FindingsDecision *self);
void        findings_decision_set_reason (FindingsDecision *self,
                                          const char       *reason);

const char *findings_decision_get_call_phone (FindingsDecision *self);
void        findings_decision_set_call_phone (FindingsDecision *self,
                                              const char       *call_phone);

const char *findings_decision_get_call_best_time (FindingsDecision *self);
void        findings_decision_set_call_best_time (FindingsDecision *self,
                                                  const char       *call_best_time);

const char *findings_decision_get_call_note (FindingsDecision *self);
void        findings_decision_set_call_note (FindingsDecision *self,
                                             const char       *call_note);

const char *findings_decision_get_kiosk_id (FindingsDecision *self);
void        findings_decision_set_kiosk_id (FindingsDecision *self,
                                            const char       *kiosk_id);

const char *findings_decision_get_app_version (FindingsDecision *self);
void        findings_decision_set_app_version (FindingsDecision *self,
                                               const char       *app_version);

gboolean    findings_phone_is_valid (const char *phone);

G_END_DECLS
