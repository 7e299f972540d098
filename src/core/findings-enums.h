/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The order of each enum is meaningful: sorting uses it. */

typedef enum
{
  FINDINGS_CATEGORY_SAFETY,
  FINDINGS_CATEGORY_SAVINGS,
  FINDINGS_CATEGORY_RELIABILITY,
  FINDINGS_CATEGORY_COMFORT,
  FINDINGS_CATEGORY_AIR_QUALITY,
  FINDINGS_CATEGORY_COMPLIANCE,
} FindingsCategory;

typedef enum
{
  FINDINGS_URGENCY_IMMEDIATE,
  FINDINGS_URGENCY_SOON,
  FINDINGS_URGENCY_PLAN,
  FINDINGS_URGENCY_MONITOR,
} FindingsUrgency;

typedef enum
{
  FINDINGS_SAFETY_LEVEL_NONE,
  FINDINGS_SAFETY_LEVEL_CAUTION,
  FINDINGS_SAFETY_LEVEL_WARNING,
  FINDINGS_SAFETY_LEVEL_DANGER,
} FindingsSafetyLevel;

typedef enum
{
  FINDINGS_STATUS_OPEN,
  FINDINGS_STATUS_ACCEPTED,
  FINDINGS_STATUS_DECLINED,
  FINDINGS_STATUS_CALL_REQUESTED,
  FINDINGS_STATUS_SCHEDULED,
  FINDINGS_STATUS_COMPLETED,
  FINDINGS_STATUS_WITHDRAWN,
} FindingsStatus;

typedef enum
{
  FINDINGS_FOLLOW_UP_STATE_REQUESTED,
  FINDINGS_FOLLOW_UP_STATE_CONTACTED,
  FINDINGS_FOLLOW_UP_STATE_SCHEDULED,
  FINDINGS_FOLLOW_UP_STATE_DONE,
} FindingsFollowUpState;

/* tax_included is optional in the API: absent or null means the quote does not say. */
typedef enum
{
  FINDINGS_TAX_UNSTATED,
  FINDINGS_TAX_INCLUDED,
  FINDINGS_TAX_EXCLUDED,
} FindingsTax;

/* What the customer decided about a recommendation. */
typedef enum
{
  FINDINGS_ACTION_ACCEPT,
  FINDINGS_ACTION_DECLINE,
  FINDINGS_ACTION_REQUEST_CALL,
} FindingsAction;

/* The API's spelling of each value, and back. from_string returns FALSE for an
 * unknown value and leaves @out untouched. */
gboolean     findings_category_from_string        (const char            *str,
                                                   FindingsCategory      *out);
const char  *findings_category_to_string          (FindingsCategory       value);
gboolean     findings_urgency_from_string         (const char            *str,
                                                   FindingsUrgency       *out);
const char  *findings_urgency_to_string           (FindingsUrgency        value);
gboolean     findings_safety_level_from_string    (const char            *str,
                                                   FindingsSafetyLevel   *out);
const char  *findings_safety_level_to_string      (FindingsSafetyLevel    value);
gboolean     findings_status_from_string          (const char            *str,
                                                   FindingsStatus        *out);
const char  *findings_status_to_string            (FindingsStatus         value);
gboolean     findings_follow_up_state_from_string (const char            *str,
                                                   FindingsFollowUpState *out);
const char  *findings_follow_up_state_to_string   (FindingsFollowUpState  value);
gboolean     findings_action_from_string          (const char            *str,
                                                   FindingsAction        *out);
const char  *findings_action_to_string            (FindingsAction         value);

/* Words a facility manager reads, translated. */
const char  *findings_category_get_label          (FindingsCategory       value);
const char  *findings_urgency_get_label           (FindingsUrgency        value);
const char  *findings_urgency_get_explanation     (FindingsUrgency        value);
const char  *findings_safety_level_get_label      (FindingsSafetyLevel    value);
const char  *findings_status_get_label            (FindingsStatus         value);
const char  *findings_follow_up_state_get_label   (FindingsFollowUpState  value);

/* Whether the customer still has a decision to make on an item in this status. */
gboolean     findings_status_is_undecided         (FindingsStatus         value);

/* The status a decision gives its recommendation at the office. */
FindingsStatus findings_action_get_status         (FindingsAction         value);

G_END_DECLS
