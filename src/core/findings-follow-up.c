/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-follow-up"

#include "config.h"

#include "findings-enum-types.h"
#include "findings-follow-up.h"
#include "findings-json-read.h"
#include "findings-protocol.h"

struct _FindingsFollowUp
{
  GObject                parent_instance;

  FindingsFollowUpState  state;
  char                  *owner;
  char                  *due_by;
  char                  *message;
  GDateTime             *updated_at;
};

G_DEFINE_FINAL_TYPE (FindingsFollowUp, findings_follow_up, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATE,
  PROP_OWNER,
  PROP_DUE_BY,
  PROP_MESSAGE,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


/*
 * Auxiliary methods
 */

static void
update_string (FindingsFollowUp  *self,
               char             **field,
               const char        *value,
               guint              prop_id)
{
  char *old;

  if (g_strcmp0 (*field, value) == 0)
    return;

  old = *field;
  *field = g_strdup (value);
  g_free (old);

  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static gboolean
date_times_equal (GDateTime *a,
                  GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_date_time_equal (a, b);
}


/*
 * GObject overrides
 */

static void
findings_follow_up_finalize (GObject *object)
{
  FindingsFollowUp *self = (FindingsFollowUp *) object;

  g_clear_pointer (&self->owner, g_free);
  g_clear_pointer (&self->due_by, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->updated_at, g_date_time_unref);

  G_OBJECT_CLASS (findings_follow_up_parent_class)->finalize (object);
}

static void
findings_follow_up_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FindingsFollowUp *self = FINDINGS_FOLLOW_UP (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_OWNER:
      g_value_set_string (value, self->owner);
      break;

    case PROP_DUE_BY:
      g_value_set_string (value, self->due_by);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_UPDATED_AT:
      g_value_set_boxed (value, self->updated_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_follow_up_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FindingsFollowUp *self = FINDINGS_FOLLOW_UP (object);

  switch (prop_id)
    {
    case PROP_STATE:
      findings_follow_up_set_state (self, g_value_get_enum (value));
      break;

    case PROP_OWNER:
      findings_follow_up_set_owner (self, g_value_get_string (value));
      break;

    case PROP_DUE_BY:
      findings_follow_up_set_due_by (self, g_value_get_string (value));
      break;

    case PROP_MESSAGE:
      findings_follow_up_set_message (self, g_value_get_string (value));
      break;

    case PROP_UPDATED_AT:
      findings_follow_up_set_updated_at (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_follow_up_class_init (FindingsFollowUpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = findings_follow_up_finalize;
  object_class->get_property = findings_follow_up_get_property;
  object_class->set_property = findings_follow_up_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       FINDINGS_TYPE_FOLLOW_UP_STATE,
                       FINDINGS_FOLLOW_UP_STATE_REQUESTED,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* Who at the company is handling the call. */
  properties[PROP_OWNER] =
    g_param_spec_string ("owner", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* A calendar date, "YYYY-MM-DD", kept as sent. */
  properties[PROP_DUE_BY] =
    g_param_spec_string ("due-by", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_UPDATED_AT] =
    g_param_spec_boxed ("updated-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
findings_follow_up_init (FindingsFollowUp *self)
{
  self->state = FINDINGS_FOLLOW_UP_STATE_REQUESTED;
}


FINDINGS_JSON_DEFINE_ENUM_READER (read_state, FindingsFollowUpState, findings_follow_up_state,
                                  FINDINGS_FOLLOW_UP_STATE_DONE)


/*
 * Public API
 */

FindingsFollowUp *
findings_follow_up_new (FindingsFollowUpState state)
{
  return g_object_new (FINDINGS_TYPE_FOLLOW_UP,
                       "state", state,
                       NULL);
}

/**
 * findings_follow_up_new_from_json:
 * @node: a follow-up object, `{"state", "owner", "due_by", "message", "updated_at"}`,
 *   from a document that has been through findings_json_parse_strict()
 * @path: the JSON path of @node, such as "recommendations[0].follow_up", which every
 *   error message starts with
 * @error: return location for a %FINDINGS_PARSE_ERROR
 *
 * Reads a follow-up as the office writes it in a visit, in the answer to a decision,
 * or in a POST to the follow-up endpoint: `state` required, every other member
 * absent or null or valid.
 *
 * Returns: (transfer full) (nullable): the follow-up
 */
FindingsFollowUp *
findings_follow_up_new_from_json (JsonNode    *node,
                                  const char  *path,
                                  GError     **error)
{
  g_autoptr(FindingsFollowUp) self = NULL;
  g_autoptr(GDateTime) updated_at = NULL;
  FindingsFollowUpState state;
  JsonObject *object;
  const char *owner;
  const char *due_by;
  const char *message;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!findings_json_as_object (node, path, &object, error) ||
      !read_state (object, path, "state", &state, error) ||
      !findings_json_read_string (object, path, "owner", FALSE, &findings_json_text_rule, &owner,
                                  error) ||
      !findings_json_read_date (object, path, "due_by", &due_by, error) ||
      !findings_json_read_string (object, path, "message", FALSE, &findings_json_text_rule,
                                  &message, error) ||
      !findings_json_read_date_time (object, path, "updated_at", FALSE, &updated_at, error))
    return NULL;

  self = findings_follow_up_new (state);
  findings_follow_up_set_owner (self, owner);
  findings_follow_up_set_due_by (self, due_by);
  findings_follow_up_set_message (self, message);
  findings_follow_up_set_updated_at (self, updated_at);

  return g_steal_pointer (&self);
}

/**
 * findings_follow_up_to_json:
 * @self: a follow-up
 *
 * Writes the follow-up as the office sends it: every member, null when unset,
 * because a follow-up is always replaced whole; `updated_at` in UTC.
 *
 * Returns: (transfer full): the object node
 */
JsonNode *
findings_follow_up_to_json (FindingsFollowUp *self)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *updated_at = NULL;
  const char *names[] = { "owner", "due_by", "message", "updated_at" };
  const char *values[G_N_ELEMENTS (names)];

  g_return_val_if_fail (FINDINGS_IS_FOLLOW_UP (self), NULL);

  if (self->updated_at != NULL)
    updated_at = findings_protocol_format_time (self->updated_at);
  values[0] = self->owner;
  values[1] = self->due_by;
  values[2] = self->message;
  values[3] = updated_at;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, findings_follow_up_state_to_string (self->state));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      json_builder_set_member_name (builder, names[i]);
      if (values[i] != NULL)
        json_builder_add_string_value (builder, values[i]);
      else
        json_builder_add_null_value (builder);
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

FindingsFollowUpState
findings_follow_up_get_state (FindingsFollowUp *self)
{
  g_return_val_if_fail (FINDINGS_IS_FOLLOW_UP (self), FINDINGS_FOLLOW_UP_STATE_REQUESTED);

  return self->state;
}

void
findings_follow_up_set_state (FindingsFollowUp      *self,
                              FindingsFollowUpState  state)
{
  g_return_if_fail (FINDINGS_IS_FOLLOW_UP (self));

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
findings_follow_up_get_owner (FindingsFollowUp *self)
{
  g_return_val_if_fail (FINDINGS_IS_FOLLOW_UP (self), NULL);

  return self->owner;
}

void
findings_follow_up_set_owner (FindingsFollowUp *self,
                              const char       *owner)
{
  g_return_if_fail (FINDINGS_IS_FOLLOW_UP (self));

  update_string (self, &self->owner, owner, PROP_OWNER);
}

const char *
findings_follow_up_get_due_by (FindingsFollowUp *self)
{
  g_return_val_if_fail (FINDINGS_IS_FOLLOW_UP (self), NULL);

  return self->due_by;
}

void
findings_follow_up_set_due_by (FindingsFollowUp *self,
                               const char       *due_by)
{
  g_return_if_fail (FINDINGS_IS_FOLLOW_UP (self));

  update_string (self, &self->due_by, due_by, PROP_DUE_BY);
}

const char *
findings_follow_up_get_message (FindingsFollowUp *self)
{
  g_return_val_if_fail (FINDINGS_IS_FOLLOW_UP (self), NULL);

  return self->message;
}

void
findings_follow_up_set_message (FindingsFollowUp *self,
                                const char       *message)
{
  g_return_if_fail (FINDINGS_IS_FOLLOW_UP (self));

  update_string (self, &self->message, message, PROP_MESSAGE);
}

/**
 * findings_follow_up_get_updated_at:
 *
 * Returns: (transfer none) (nullable): when the office last changed the follow-up
 */
GDateTime *
findings_follow_up_get_updated_at (FindingsFollowUp *self)
{
  g_return_val_if_fail (FINDINGS_IS_FOLLOW_UP (self), NULL);

  return self->updated_at;
}

void
findings_follow_up_set_updated_at (FindingsFollowUp *self,
                                   GDateTime        *updated_at)
{
  g_return_if_fail (FINDINGS_IS_FOLLOW_UP (self));

  if (date_times_equal (self->updated_at, updated_at))
    return;

  g_clear_pointer (&self->updated_at, g_date_time_unref);
  self->updated_at = updated_at ? g_date_time_ref (updated_at) : NULL;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
}

/**
 * findings_follow_up_dup_due_date:
 *
 * Returns: (transfer full) (nullable): the due-by date, or %NULL when it is absent or
 *   not a valid "YYYY-MM-DD" date. Free with g_date_free().
 */
GDate *
findings_follow_up_dup_due_date (FindingsFollowUp *self)
{
  g_return_val_if_fail (FINDINGS_IS_FOLLOW_UP (self), NULL);

  return findings_protocol_parse_date (self->due_by);
}

/**
 * findings_follow_up_is_overdue:
 * @now: the current time; its own time zone decides which day it is
 *
 * Returns: %TRUE when the follow-up is not done and @now falls on a day after due-by.
 */
gboolean
findings_follow_up_is_overdue (FindingsFollowUp *self,
                               GDateTime        *now)
{
  g_autoptr(GDate) due = NULL;
  g_autoptr(GDate) today = NULL;
  int year;
  int month;
  int day;

  g_return_val_if_fail (FINDINGS_IS_FOLLOW_UP (self), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (self->state == FINDINGS_FOLLOW_UP_STATE_DONE)
    return FALSE;

  due = findings_protocol_parse_date (self->due_by);
  if (due == NULL)
    return FALSE;

  g_date_time_get_ymd (now, &year, &month, &day);
  today = g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);

  return g_date_compare (today, due) > 0;
}
