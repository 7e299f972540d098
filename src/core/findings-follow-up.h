/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "findings-enums.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_FOLLOW_UP (findings_follow_up_get_type ())
G_DECLARE_FINAL_TYPE (FindingsFollowUp, findings_follow_up, FINDINGS, FOLLOW_UP, GObject)

FindingsFollowUp      *findings_follow_up_new            (FindingsFollowUpState  state);
FindingsFollowUp      *findings_follow_up_new_from_json  (JsonNode              *node,
                                                          const char            *path,
                                                          GError               **error);
JsonNode              *findings_follow_up_to_json        (FindingsFollowUp      *self);

FindingsFollowUpState  findings_follow_up_get_state      (FindingsFollowUp      *self);
void                   findings_follow_up_set_state      (FindingsFollowUp      *self,
                                                          FindingsFollowUpState  state);
const char            *findings_follow_up_get_owner      (FindingsFollowUp      *self);
void                   findings_follow_up_set_owner      (FindingsFollowUp      *self,
                                                          const char            *owner);
const char            *findings_follow_up_get_due_by     (FindingsFollowUp      *self);
void                   findings_follow_up_set_due_by     (FindingsFollowUp      *self,
                                                          const char            *due_by);
const char            *findings_follow_up_get_message    (FindingsFollowUp      *self);
void                   findings_follow_up_set_message    (FindingsFollowUp      *self,
                                                          const char            *message);
GDateTime             *findings_follow_up_get_updated_at (FindingsFollowUp      *self);
void                   findings_follow_up_set_updated_at (FindingsFollowUp      *self,
                                                          GDateTime             *updated_at);

GDate                 *findings_follow_up_dup_due_date   (FindingsFollowUp      *self);
gboolean               findings_follow_up_is_overdue     (FindingsFollowUp      *self,
                                                          GDateTime             *now);

G_END_DECLS
