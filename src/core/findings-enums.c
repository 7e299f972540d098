/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-enums"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-enums.h"

static const char * const category_names[] = {
  "safety", "savings", "reliability", "comfort", "air_quality", "compliance",
};
static const char * const urgency_names[] = { "immediate", "soon", "plan", "monitor" };
static const char * const safety_level_names[] = { "none", "caution", "warning", "danger" };
static const char * const status_names[] = {
  "open", "accepted", "declined", "call_requested", "scheduled", "completed", "withdrawn",
};
static const char * const follow_up_state_names[] = {
  "requested", "contacted", "scheduled", "done",
};
static const char * const action_names[] = { "accept", "decline", "request_call" };

static gboolean
lookup (const char * const *names,
        guint               n_names,
        const char         *str,
        int                *out)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    {
      if (g_str_equal (names[i], str))
        {
          *out = (int) i;
          return TRUE;
        }
    }

  return FALSE;
}

#define DEFINE_STRING_MAPPING(prefix, Type, names)                             \
  gboolean                                                                     \
  prefix##_from_string (const char *str,                                       \
                        Type       *out)                                       \
  {                                                                            \
    int value;                                                                 \
    g_return_val_if_fail (out != NULL, FALSE);                                 \
    if (!lookup (names, G_N_ELEMENTS (names), str, &value))                    \
      return FALSE;                                                            \
    *out = (Type) value;                                                       \
    return TRUE;                                                               \
  }                                                                            \
  const char *                                                                 \
  prefix##_to_string (Type value)                                              \
  {                                                                            \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (names), NULL);         \
    return names[value];                                                       \
  }

DEFINE_STRING_MAPPING (findings_category, FindingsCategory, category_names)
DEFINE_STRING_MAPPING (findings_urgency, FindingsUrgency, urgency_names)
DEFINE_STRING_MAPPING (findings_safety_level, FindingsSafetyLevel, safety_level_names)
DEFINE_STRING_MAPPING (findings_status, FindingsStatus, status_names)
DEFINE_STRING_MAPPING (findings_follow_up_state, FindingsFollowUpState, follow_up_state_names)
DEFINE_STRING_MAPPING (findings_action, FindingsAction, action_names)

const char *
findings_category_get_label (FindingsCategory value)
{
  switch (value)
    {
    case FINDINGS_CATEGORY_SAFETY:      return _("Safety");
    case FINDINGS_CATEGORY_SAVINGS:     return _("Energy savings");
    case FINDINGS_CATEGORY_RELIABILITY: return _("Reliability");
    case FINDINGS_CATEGORY_COMFORT:     return _("Comfort");
    case FINDINGS_CATEGORY_AIR_QUALITY: return _("Air quality");
    case FINDINGS_CATEGORY_COMPLIANCE:  return _("Code compliance");
    default:                            g_return_val_if_reached (NULL);
    }
}

const char *
findings_urgency_get_label (FindingsUrgency value)
{
  switch (value)
    {
    case FINDINGS_URGENCY_IMMEDIATE: return _("Act now");
    case FINDINGS_URGENCY_SOON:      return _("Within weeks");
    case FINDINGS_URGENCY_PLAN:      return _("Plan for next budget");
    case FINDINGS_URGENCY_MONITOR:   return _("Nothing to do yet");
    default:                         g_return_val_if_reached (NULL);
    }
}

const char *
findings_urgency_get_explanation (FindingsUrgency value)
{
  switch (value)
    {
    case FINDINGS_URGENCY_IMMEDIATE:
      return _("The technician recommends acting on this now.");
    case FINDINGS_URGENCY_SOON:
      return _("Worth doing within the next few weeks.");
    case FINDINGS_URGENCY_PLAN:
      return _("Can wait for your next budget cycle.");
    case FINDINGS_URGENCY_MONITOR:
      return _("Nothing to do yet. We will keep an eye on it at each visit.");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
findings_safety_level_get_label (FindingsSafetyLevel value)
{
  switch (value)
    {
    case FINDINGS_SAFETY_LEVEL_NONE:    return _("No safety concern");
    case FINDINGS_SAFETY_LEVEL_CAUTION: return _("Caution");
    case FINDINGS_SAFETY_LEVEL_WARNING: return _("Warning");
    case FINDINGS_SAFETY_LEVEL_DANGER:  return _("Danger");
    default:                            g_return_val_if_reached (NULL);
    }
}

const char *
findings_status_get_label (FindingsStatus value)
{
  switch (value)
    {
    case FINDINGS_STATUS_OPEN:           return _("Waiting for your decision");
    case FINDINGS_STATUS_ACCEPTED:       return _("Accepted");
    case FINDINGS_STATUS_DECLINED:       return _("Declined");
    case FINDINGS_STATUS_CALL_REQUESTED: return _("Call requested");
    case FINDINGS_STATUS_SCHEDULED:      return _("Work scheduled");
    case FINDINGS_STATUS_COMPLETED:      return _("Work completed");
    case FINDINGS_STATUS_WITHDRAWN:      return _("Withdrawn by the office");
    default:                             g_return_val_if_reached (NULL);
    }
}

const char *
findings_follow_up_state_get_label (FindingsFollowUpState value)
{
  switch (value)
    {
    case FINDINGS_FOLLOW_UP_STATE_REQUESTED: return _("Call requested");
    case FINDINGS_FOLLOW_UP_STATE_CONTACTED: return _("Contacted");
    case FINDINGS_FOLLOW_UP_STATE_SCHEDULED: return _("Scheduled");
    case FINDINGS_FOLLOW_UP_STATE_DONE:      return _("Done");
    default:                                 g_return_val_if_reached (NULL);
    }
}

gboolean
findings_status_is_undecided (FindingsStatus value)
{
  /* A declined item stays undecided: the customer may change their mind. */
  return value == FINDINGS_STATUS_OPEN ||
         value == FINDINGS_STATUS_DECLINED ||
         value == FINDINGS_STATUS_CALL_REQUESTED;
}

/**
 * findings_action_get_status:
 * @value: a decision's action
 *
 * Returns: the status the office gives the recommendation when the decision applies:
 *   accepted, declined or call_requested
 */
FindingsStatus
findings_action_get_status (FindingsAction value)
{
  switch (value)
    {
    case FINDINGS_ACTION_ACCEPT:
      return FINDINGS_STATUS_ACCEPTED;
    case FINDINGS_ACTION_DECLINE:
      return FINDINGS_STATUS_DECLINED;
    case FINDINGS_ACTION_REQUEST_CALL:
      return FINDINGS_STATUS_CALL_REQUESTED;
    default:
      g_return_val_if_reached (FINDINGS_STATUS_OPEN);
    }
}
