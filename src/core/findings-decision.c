/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-decision"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "findings-decision.h"
#include "findings-enum-types.h"
#include "findings-json-check.h"
#include "findings-json-read.h"
#include "findings-protocol.h"
#include "findings-visit-parser.h"

/* Office API v1, the decision document. As in the visit parser, every error
 * message starts with the JSON path of the field it is about, untranslated. */

#define SCHEMA_VERSION   1
#define PHONE_MIN_DIGITS 7
#define PHONE_MAX_DIGITS 15
#define PHONE_MAX_EXT    6

struct _FindingsDecision
{
  GObject         parent_instance;

  char           *id;
  char           *visit_id;
  char           *recommendation_id;
  FindingsAction  action;
  char           *option_id;
  GDateTime      *decided_at;
  char           *decided_by_name;
  char           *decided_by_role;
  char           *po_number;
  char           *signature_format;
  char           *signature_data;
  char           *reason;
  char           *call_phone;
  char           *call_best_time;
  char           *call_note;
  char           *kiosk_id;
  char           *app_version;
};

G_DEFINE_FINAL_TYPE (FindingsDecision, findings_decision, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_VISIT_ID,
  PROP_RECOMMENDATION_ID,
  PROP_ACTION,
  PROP_OPTION_ID,
  PROP_DECIDED_AT,
  PROP_DECIDED_BY_NAME,
  PROP_DECIDED_BY_ROLE,
  PROP_PO_NUMBER,
  PROP_SIGNATURE_FORMAT,
  PROP_SIGNATURE_DATA,
  PROP_REASON,
  PROP_CALL_PHONE,
  PROP_CALL_BEST_TIME,
  PROP_CALL_NOTE,
  PROP_KIOSK_ID,
  PROP_APP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


static const FindingsJsonTextRule id_rule = { FINDINGS_PROTOCOL_MAX_ID, TRUE };
static const FindingsJsonTextRule required_rule = { FINDINGS_PROTOCOL_MAX_TEXT, TRUE };
static const FindingsJsonTextRule text_rule = { FINDINGS_PROTOCOL_MAX_TEXT, FALSE };
static const FindingsJsonTextRule name_rule = { FINDINGS_PROTOCOL_MAX_LINE, TRUE };
static const FindingsJsonTextRule line_rule = { FINDINGS_PROTOCOL_MAX_LINE, FALSE };
static const FindingsJsonTextRule signature_rule = { FINDINGS_PROTOCOL_MAX_SIGNATURE, FALSE };


/*
 * Auxiliary methods
 */

static void
update_string (FindingsDecision  *self,
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
read_action (JsonObject      *root,
             FindingsAction  *out,
             GError         **error)
{
  const char *value;
  g_autofree char *shown = NULL;

  if (!findings_json_read_string (root, "", "action", TRUE, &text_rule, &value, error))
    return FALSE;
  if (findings_action_from_string (value, out))
    return TRUE;

  shown = findings_json_shorten (value, FINDINGS_JSON_SHOWN_CHARS);
  return findings_json_fail (error, FINDINGS_PARSE_ERROR_INVALID_VALUE, "", "action",
                             _("“%s” is not one of %s"), shown,
                             "accept, decline, request_call");
}

/* Absent is version 1: the first kiosks sent no version. */
static gboolean
check_schema_version (JsonObject  *root,
                      GError     **error)
{
  JsonNode *node;
  g_autofree char *shown = NULL;

  if (!findings_json_lookup (root, "", "schema_version", FALSE, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!findings_json_holds (node, G_TYPE_INT64))
    return findings_json_fail (error, FINDINGS_PARSE_ERROR_WRONG_TYPE, "", "schema_version",
                               _("expected a whole number, found %s"),
                               findings_json_describe (node));

  if (json_node_get_int (node) == SCHEMA_VERSION)
    return TRUE;

  shown = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return findings_json_fail (error, FINDINGS_PARSE_ERROR_UNSUPPORTED_VERSION, "", "schema_version",
                             _("this decision uses format version %s, which this version "
                               "of Findings cannot read. Please update Findings."),
                             shown);
}

static gboolean
read_decided_by (JsonObject        *root,
                 FindingsDecision  *decision,
                 GError           **error)
{
  gboolean accept = decision->action == FINDINGS_ACTION_ACCEPT;
  JsonObject *object;
  const char *name;
  const char *role;

  /* Only an accept must say who decided. Elsewhere an empty name is taken as
   * it is: refusing a decline over it would lose the decline. */
  if (!findings_json_read_object (root, "", "decided_by", accept, &object, error))
    return FALSE;
  if (object == NULL)
    return TRUE;

  if (!findings_json_read_string (object, "decided_by", "name", accept,
                                  accept ? &name_rule : &line_rule,
                                  &name, error) ||
      !findings_json_read_string (object, "decided_by", "role", FALSE, &line_rule, &role, error))
    return FALSE;

  findings_decision_set_decided_by_name (decision, name);
  findings_decision_set_decided_by_role (decision, role);

  return TRUE;
}

static gboolean
read_signature (JsonObject        *root,
                FindingsDecision  *decision,
                GError           **error)
{
  JsonObject *object;
  const char *format;
  const char *data;

  if (!findings_json_read_object (root, "", "signature", FALSE, &object, error))
    return FALSE;
  if (object == NULL)
    return TRUE;

  if (!findings_json_read_string (object, "signature", "format", FALSE, &text_rule, &format,
                                  error) ||
      !findings_json_read_string (object, "signature", "data", FALSE, &signature_rule, &data,
                                  error))
    return FALSE;

  findings_decision_set_signature_format (decision, format);
  findings_decision_set_signature_data (decision, data);

  return TRUE;
}

static gboolean
read_call (JsonObject        *root,
           FindingsDecision  *decision,
           GError           **error)
{
  gboolean request_call = decision->action == FINDINGS_ACTION_REQUEST_CALL;
  JsonObject *object;
  const char *phone;
  const char *best_time;
  const char *note;

  /* The phone is not held to findings_phone_is_valid() here: the kiosk checks
   * what the customer types, and the office must not lose a call request over
   * a number written in a way the kiosk did not foresee. */
  if (!findings_json_read_object (root, "", "call", request_call, &object, error))
    return FALSE;
  if (object == NULL)
    return TRUE;

  if (!findings_json_read_string (object, "call", "phone", request_call,
                                  request_call ? &required_rule : &text_rule, &phone, error) ||
      !findings_json_read_string (object, "call", "best_time", FALSE, &text_rule, &best_time,
                                  error) ||
      !findings_json_read_string (object, "call", "note", FALSE, &text_rule, &note, error))
    return FALSE;

  findings_decision_set_call_phone (decision, phone);
  findings_decision_set_call_best_time (decision, best_time);
  findings_decision_set_call_note (decision, note);

  return TRUE;
}

static gboolean
read_kiosk (JsonObject        *root,
            FindingsDecision  *decision,
            GError           **error)
{
  JsonObject *object;
  const char *id;
  const char *app_version;

  if (!findings_json_read_object (root, "", "kiosk", FALSE, &object, error))
    return FALSE;
  if (object == NULL)
    return TRUE;

  if (!findings_json_read_string (object, "kiosk", "id", FALSE, &text_rule, &id, error) ||
      !findings_json_read_string (object, "kiosk", "app_version", FALSE, &text_rule, &app_version,
                                  error))
    return FALSE;

  findings_decision_set_kiosk_id (decision, id);
  findings_decision_set_app_version (decision, app_version);

  return TRUE;
}

static void
set_string_or_null (JsonObject *object,
                    const char *name,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

/* A group none of whose members is set is written as null, not as an object
 * full of nulls. */
static void
set_object_or_null (JsonObject *object,
                    const char *name,
                    JsonObject *member)
{
  GList *values = json_object_get_values (member);
  gboolean empty = TRUE;

  for (GList *l = values; l != NULL; l = l->next)
    {
      if (!JSON_NODE_HOLDS_NULL (l->data))
        empty = FALSE;
    }
  g_list_free (values);

  if (empty)
    {
      json_object_set_null_member (object, name);
      json_object_unref (member);
    }
  else
    {
      json_object_set_object_member (object, name, member);
    }
}

static const char *
skip_phone_separators (const char *p,
                       guint      *digits,
                       gboolean   *ok)
{
  gboolean in_parens = FALSE;

  *digits = 0;
  *ok = TRUE;

  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        (*digits)++;
      else if (*p == '(' && !in_parens)
        in_parens = TRUE;
      else if (*p == ')' && in_parens)
        in_parens = FALSE;
      else if (*p != ' ' && *p != '-' && *p != '.')
        break;
    }

  /* "(416" and "416)" are typing mistakes, not numbers. */
  if (in_parens || *p == '(' || *p == ')')
    *ok = FALSE;

  return p;
}

/* "x12", "ext 12", "ext. 12", up to the end of the text. */
static gboolean
is_extension (const char *p)
{
  guint digits = 0;

  if (g_ascii_strncasecmp (p, "ext", 3) == 0)
    p += 3;
  else if (*p == 'x' || *p == 'X')
    p++;
  else
    return FALSE;

  if (*p == '.')
    p++;
  while (*p == ' ')
    p++;

  while (g_ascii_isdigit (*p))
    {
      digits++;
      p++;
    }
  while (*p == ' ')
    p++;

  return *p == '\0' && digits >= 1 && digits <= PHONE_MAX_EXT;
}


/*
 * GObject overrides
 */

static void
findings_decision_finalize (GObject *object)
{
  FindingsDecision *self = (FindingsDecision *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->visit_id, g_free);
  g_clear_pointer (&self->recommendation_id, g_free);
  g_clear_pointer (&self->option_id, g_free);
  g_clear_pointer (&self->decided_at, g_date_time_unref);
  g_clear_pointer (&self->decided_by_name, g_free);
  g_clear_pointer (&self->decided_by_role, g_free);
  g_clear_pointer (&self->po_number, g_free);
  g_clear_pointer (&self->signature_format, g_free);
  g_clear_pointer (&self->signature_data, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->call_phone, g_free);
  g_clear_pointer (&self->call_best_time, g_free);
  g_clear_pointer (&self->call_note, g_free);
  g_clear_pointer (&self->kiosk_id, g_free);
  g_clear_pointer (&self->app_version, g_free);

  G_OBJECT_CLASS (findings_decision_parent_class)->finalize (object);
}

static void
findings_decision_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FindingsDecision *self = FINDINGS_DECISION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_VISIT_ID:
      g_value_set_string (value, self->visit_id);
      break;

    case PROP_RECOMMENDATION_ID:
      g_value_set_string (value, self->recommendation_id);
      break;

    case PROP_ACTION:
      g_value_set_enum (value, self->action);
      break;

    case PROP_OPTION_ID:
      g_value_set_string (value, self->option_id);
      break;

    case PROP_DECIDED_AT:
      g_value_set_boxed (value, self->decided_at);
      break;

    case PROP_DECIDED_BY_NAME:
      g_value_set_string (value, self->decided_by_name);
      break;

    case PROP_DECIDED_BY_ROLE:
      g_value_set_string (value, self->decided_by_role);
      break;

    case PROP_PO_NUMBER:
      g_value_set_string (value, self->po_number);
      break;

    case PROP_SIGNATURE_FORMAT:
      g_value_set_string (value, self->signature_format);
      break;

    case PROP_SIGNATURE_DATA:
      g_value_set_string (value, self->signature_data);
      break;

    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;

    case PROP_CALL_PHONE:
      g_value_set_string (value, self->call_phone);
      break;

    case PROP_CALL_BEST_TIME:
      g_value_set_string (value, self->call_best_time);
      break;

    case PROP_CALL_NOTE:
      g_value_set_string (value, self->call_note);
      break;

    case PROP_KIOSK_ID:
      g_value_set_string (value, self->kiosk_id);
      break;

    case PROP_APP_VERSION:
      g_value_set_string (value, self->app_version);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_decision_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FindingsDecision *self = FINDINGS_DECISION (object);

  switch (prop_id)
    {
    case PROP_ID:
      findings_decision_set_id (self, g_value_get_string (value));
      break;

    case PROP_VISIT_ID:
      findings_decision_set_visit_id (self, g_value_get_string (value));
      break;

    case PROP_RECOMMENDATION_ID:
      findings_decision_set_recommendation_id (self, g_value_get_string (value));
      break;

    case PROP_ACTION:
      findings_decision_set_action (self, g_value_get_enum (value));
      break;

    case PROP_OPTION_ID:
      findings_decision_set_option_id (self, g_value_get_string (value));
      break;

    case PROP_DECIDED_AT:
      findings_decision_set_decided_at (self, g_value_get_boxed (value));
      break;

    case PROP_DECIDED_BY_NAME:
      findings_decision_set_decided_by_name (self, g_value_get_string (value));
      break;

    case PROP_DECIDED_BY_ROLE:
      findings_decision_set_decided_by_role (self, g_value_get_string (value));
      break;

    case PROP_PO_NUMBER:
      findings_decision_set_po_number (self, g_value_get_string (value));
      break;

    case PROP_SIGNATURE_FORMAT:
      findings_decision_set_signature_format (self, g_value_get_string (value));
      break;

    case PROP_SIGNATURE_DATA:
      findings_decision_set_signature_data (self, g_value_get_string (value));
      break;

    case PROP_REASON:
      findings_decision_set_reason (self, g_value_get_string (value));
      break;

    case PROP_CALL_PHONE:
      findings_decision_set_call_phone (self, g_value_get_string (value));
      break;

    case PROP_CALL_BEST_TIME:
      findings_decision_set_call_best_time (self, g_value_get_string (value));
      break;

    case PROP_CALL_NOTE:
      findings_decision_set_call_note (self, g_value_get_string (value));
      break;

    case PROP_KIOSK_ID:
      findings_decision_set_kiosk_id (self, g_value_get_string (value));
      break;

    case PROP_APP_VERSION:
      findings_decision_set_app_version (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_decision_class_init (FindingsDecisionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = findings_decision_finalize;
  object_class->get_property = findings_decision_get_property;
  object_class->set_property = findings_decision_set_property;

  /* The decision's own id, sent as its Idempotency-Key. */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_VISIT_ID] =
    g_param_spec_string ("visit-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_RECOMMENDATION_ID] =
    g_param_spec_string ("recommendation-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_ACTION] =
    g_param_spec_enum ("action", NULL, NULL,
                       FINDINGS_TYPE_ACTION,
                       FINDINGS_ACTION_ACCEPT,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* The chosen option; only an accept sends it. */
  properties[PROP_OPTION_ID] =
    g_param_spec_string ("option-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* When the customer decided: the office judges quote expiry at this
   * moment, however late the kiosk sends it. */
  properties[PROP_DECIDED_AT] =
    g_param_spec_boxed ("decided-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_DECIDED_BY_NAME] =
    g_param_spec_string ("decided-by-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_DECIDED_BY_ROLE] =
    g_param_spec_string ("decided-by-role", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* A purchase-order number, free text. */
  properties[PROP_PO_NUMBER] =
    g_param_spec_string ("po-number", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* How signature-data is written, such as "svg-path". */
  properties[PROP_SIGNATURE_FORMAT] =
    g_param_spec_string ("signature-format", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_SIGNATURE_DATA] =
    g_param_spec_string ("signature-data", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* Why the customer declined, if they chose to say. */
  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_CALL_PHONE] =
    g_param_spec_string ("call-phone", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_CALL_BEST_TIME] =
    g_param_spec_string ("call-best-time", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_CALL_NOTE] =
    g_param_spec_string ("call-note", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_KIOSK_ID] =
    g_param_spec_string ("kiosk-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_APP_VERSION] =
    g_param_spec_string ("app-version", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
findings_decision_init (FindingsDecision *self)
{
  self->action = FINDINGS_ACTION_ACCEPT;
}


/*
 * Public API
 */

/**
 * findings_decision_new:
 * @action: what the customer decided
 *
 * Starts a decision made now, with a fresh random id. The time is kept to
 * whole seconds, as it is sent.
 *
 * Returns: (transfer full): the decision
 */
FindingsDecision *
findings_decision_new (FindingsAction action)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (g_get_real_time () / G_USEC_PER_SEC);

  return g_object_new (FINDINGS_TYPE_DECISION,
                       "id", id,
                       "action", action,
                       "decided-at", now,
                       NULL);
}

/**
 * findings_decision_new_from_json:
 * @node: a decision document that has been through findings_json_parse_strict()
 * @error: return location for a %FINDINGS_PARSE_ERROR
 *
 * Builds a decision from one decision document, checked whole: a decision is
 * returned complete or not at all. Unknown members are ignored.
 *
 * Returns: (transfer full) (nullable): the decision
 */
FindingsDecision *
findings_decision_new_from_json (JsonNode  *node,
                                 GError   **error)
{
  JsonObject *root;
  const char *id;
  const char *visit_id;
  const char *recommendation_id;
  const char *option_id;
  const char *po_number;
  const char *reason;
  FindingsAction action;
  gboolean accept;
  g_autoptr(GDateTime) decided_at = NULL;
  g_autoptr(FindingsDecision) decision = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_WRONG_TYPE,
                   _("A decision must be a JSON object, found %s."), findings_json_describe (node));
      return NULL;
    }

  root = json_node_get_object (node);

  /* The version comes first: the rest may mean something else in another one. */
  if (!check_schema_version (root, error) ||
      !findings_json_read_string (root, "", "id", TRUE, &id_rule, &id, error) ||
      !findings_json_read_string (root, "", "visit_id", TRUE, &required_rule, &visit_id, error) ||
      !findings_json_read_string (root, "", "recommendation_id", TRUE, &required_rule,
                                  &recommendation_id,
                                  error) ||
      !read_action (root, &action, error))
    return NULL;

  accept = action == FINDINGS_ACTION_ACCEPT;
  if (!findings_json_read_string (root, "", "option_id", accept,
                                  accept ? &required_rule : &text_rule,
                                  &option_id, error) ||
      !findings_json_read_date_time (root, "", "decided_at", TRUE, &decided_at, error))
    return NULL;

  decision = g_object_new (FINDINGS_TYPE_DECISION,
                           "id", id,
                           "visit-id", visit_id,
                           "recommendation-id", recommendation_id,
                           "action", action,
                           "decided-at", decided_at,
                           NULL);

  /* Only an accept chooses an option; elsewhere it is checked and dropped. */
  if (accept)
    findings_decision_set_option_id (decision, option_id);

  if (!read_decided_by (root, decision, error) ||
      !findings_json_read_string (root, "", "po_number", FALSE, &text_rule, &po_number, error) ||
      !read_signature (root, decision, error) ||
      !findings_json_read_string (root, "", "reason", FALSE, &text_rule, &reason, error) ||
      !read_call (root, decision, error) ||
      !read_kiosk (root, decision, error))
    return NULL;

  findings_decision_set_po_number (decision, po_number);
  findings_decision_set_reason (decision, reason);

  return g_steal_pointer (&decision);
}

/**
 * findings_decision_parse:
 * @data: a decision document, not necessarily nul-terminated
 * @length: its length in bytes
 * @error: return location for a %FINDINGS_PARSE_ERROR
 *
 * Reads one decision document: at most 8 MiB of strict JSON, nested at most 64
 * levels, then checked field by field.
 *
 * Returns: (transfer full) (nullable): the decision
 */
FindingsDecision *
findings_decision_parse (const char  *data,
                         gsize        length,
                         GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = findings_json_parse_document (data, length, error);
  if (root == NULL)
    return NULL;

  return findings_decision_new_from_json (root, error);
}

/**
 * findings_decision_to_json_node:
 *
 * The decision document of the office API, with `"schema_version": 1`. Every
 * member is present, absent values as null; `option_id` is null unless the
 * action is accept.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
findings_decision_to_json_node (FindingsDecision *self)
{
  g_autoptr(JsonObject) root = NULL;
  JsonObject *decided_by;
  JsonObject *signature;
  JsonObject *call;
  JsonObject *kiosk;
  JsonNode *node;

  g_return_val_if_fail (FINDINGS_IS_DECISION (self), NULL);

  root = json_object_new ();
  json_object_set_int_member (root, "schema_version", SCHEMA_VERSION);
  set_string_or_null (root, "id", self->id);
  set_string_or_null (root, "visit_id", self->visit_id);
  set_string_or_null (root, "recommendation_id", self->recommendation_id);
  set_string_or_null (root, "action", findings_action_to_string (self->action));
  set_string_or_null (root, "option_id",
                      self->action == FINDINGS_ACTION_ACCEPT ? self->option_id : NULL);

  if (self->decided_at != NULL)
    {
      g_autofree char *decided_at = findings_protocol_format_time (self->decided_at);

      json_object_set_string_member (root, "decided_at", decided_at);
    }
  else
    {
      json_object_set_null_member (root, "decided_at");
    }

  decided_by = json_object_new ();
  set_string_or_null (decided_by, "name", self->decided_by_name);
  set_string_or_null (decided_by, "role", self->decided_by_role);
  set_object_or_null (root, "decided_by", decided_by);

  set_string_or_null (root, "po_number", self->po_number);

  signature = json_object_new ();
  set_string_or_null (signature, "format", self->signature_format);
  set_string_or_null (signature, "data", self->signature_data);
  set_object_or_null (root, "signature", signature);

  set_string_or_null (root, "reason", self->reason);

  call = json_object_new ();
  set_string_or_null (call, "phone", self->call_phone);
  set_string_or_null (call, "best_time", self->call_best_time);
  set_string_or_null (call, "note", self->call_note);
  set_object_or_null (root, "call", call);

  kiosk = json_object_new ();
  set_string_or_null (kiosk, "id", self->kiosk_id);
  set_string_or_null (kiosk, "app_version", self->app_version);
  set_object_or_null (root, "kiosk", kiosk);

  node = json_node_alloc ();
  json_node_init_object (node, root);

  return node;
}

/**
 * findings_decision_to_json:
 * @length: (out) (optional): return location for the length in bytes
 *
 * Writes the decision document compactly, in a fixed member order: the same
 * decision always gives the same bytes.
 *
 * Returns: (transfer full): the JSON text, nul-terminated
 */
char *
findings_decision_to_json (FindingsDecision *self,
                           gsize            *length)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonGenerator) generator = NULL;

  g_return_val_if_fail (FINDINGS_IS_DECISION (self), NULL);

  node = findings_decision_to_json_node (self);
  generator = json_generator_new ();
  json_generator_set_root (generator, node);

  return json_generator_to_data (generator, length);
}

/**
 * findings_decision_describe:
 *
 * One plain line for logs and the command line, in the API's words, such as
 * "accept o-2 on r-881 by Dana Whitfield". The phone number and the free text
 * are left out.
 *
 * Returns: (transfer full): the description
 */
char *
findings_decision_describe (FindingsDecision *self)
{
  g_autofree char *recommendation = NULL;
  GString *out;

  g_return_val_if_fail (FINDINGS_IS_DECISION (self), NULL);

  out = g_string_new (findings_action_to_string (self->action));

  if (self->action == FINDINGS_ACTION_ACCEPT)
    {
      g_autofree char *option = findings_json_shorten (self->option_id ? self->option_id : "?",
                                                       FINDINGS_PROTOCOL_MAX_ID);

      g_string_append_printf (out, " %s", option);
    }

  recommendation = findings_json_shorten (self->recommendation_id ? self->recommendation_id : "?",
                                          FINDINGS_PROTOCOL_MAX_ID);
  g_string_append_printf (out, " on %s", recommendation);

  if (self->decided_by_name != NULL && self->decided_by_name[0] != '\0')
    {
      g_autofree char *name = findings_json_shorten (self->decided_by_name,
                                                     FINDINGS_PROTOCOL_MAX_LINE);

      g_string_append_printf (out, " by %s", name);
    }

  return g_string_free (out, FALSE);
}

const char *
findings_decision_get_id (FindingsDecision *self)
{
  g_return_val_if_fail (FINDINGS_IS_DECISION (self), NULL);

  return self->id;
}

void
findings_decision_set_id (FindingsDecision *self,
                          const char       *id)
{
  g_return_if_fail (FINDINGS_IS_DECISION (self));

  update_string (self, &self->id, id, PROP_ID);
}

const char *
findings_decision_get_visit_id (FindingsDecision *self)
{
  g_return_val_if_fail (FINDINGS_IS_DECISION (self), NULL);

  return self->visit_id;
}

void
findings_decision_set_visit_id (FindingsDecision *self,
                                const char       *visit_id)
{
  g_return_if_fail (FINDINGS_IS_DECISION (self));

  update_string (self, &self->visit_id, visit_id, PROP_VISIT_ID);
}

const char *
findings_decision_get_recommendation_id (FindingsDecision *self)
{
  g_return_val_if_fail (FINDINGS_IS_DECISION (self), NULL);

  return self->recommendation_id;
}

void
findings_decision_set_recommendation_id (FindingsDecision *self,
                                         const char       *recommendation_id)
{
  g_return_if_fail (FINDINGS_IS_DECISION (self));

  update_string (self, &self->recommendation_id, recommendation_id, PROP_RECOMMENDATION_ID);
}

const char *
findings_decision_get_option_id (FindingsDecision *self)
{
  g_return_val_if_fail (FINDINGS_IS_DECISION (self), NULL);

  return self->option_id;
}

void
findings_decision_set_option_id (FindingsDecision *self,
                                 const char       *option_id)
{
  g_return_if_fail (FINDINGS_IS_DECISION (self));

  update_string (self, &self->option_id, option_id, PROP_OPTION_ID);
}

const char *
findings_decision_get_decided_by_name (FindingsDecision *self)
{
  g_return_val_if_fail (FINDINGS_IS_DECISION (self), NULL);

  return self->decided_by_name;
}

void
findings_decision_set_decided_by_name (FindingsDecision *self,
                                       const char       *decided_by_name)
{
  g_return_if_fail (FINDINGS_IS_DECISION (self));

  update_string (self, &self->decided_by_name, decided_by_name, PROP_DECIDED_BY_NAME);
}

const char *
findings_decision_get_decided_by_role (FindingsDecision *self)
{
  g_return_val_if_fail (FINDINGS_IS_DECISION (self), NULL);

  return self->decided_by_role;
}

void
findings_decision_set_decided_by_role (FindingsDecision *self,
                                       const char       *decided_by_role)
{
  g_return_if_fail (FINDINGS_IS_DECISION (self));

  update_string (self, &self->decided_by_role, decided_by_role, PROP_DECIDED_BY_ROLE);
}

const char *
findings_decision_get_po_number (FindingsDecision *self)
{
  g_return_val_if_fail (FINDINGS_IS_DECISION (self), NULL);

  return self->po_number;
}

void
findings_decision_set_po_number (FindingsDecision *self,
                                 const char       *po_number)
{
  g_return_if_fail (FINDINGS_IS_DECISION (self));

  update_string (self, &self->po_number, po_number, PROP_PO_NUMBER);
}

const char *
findings_decision_get_signature_format (FindingsDecision *self)
{
  g_return_val_if_fail (FINDINGS_IS_DECISION (self), NULL);

  return self->signature_format;
}

void
findings_decision_set_signature_format (FindingsDecision *self,
                                        const char       *signature_format)
{
  g_return_if_fail (FINDINGS_IS_DECISION (self));

  update_string (self, &self->signature_format, signature_format, PROP_SIGNATURE_FORMAT);
}

const char *
findings_decision_get_signature_data (FindingsDecision *self)
{
  g_return_val_if_fail (FINDINGS_IS_DECISION (self), NULL);

  return self->signature_data;
}

void
findings_decision_set_signature_data (FindingsDecision *self,
                                      const char       *signature_data)
{
  g_return_if_fail (FINDINGS_IS_DECISION (self));

  update_string (self, &self->signature_data, signature_data, PROP_SIGNATURE_DATA);
}

const char *
findings_decision_get_reason (FindingsDecision *self)
{
  g_return_val_if_fail (FINDINGS_IS_DECISION (self), NULL);

  return self->reason;
}

void
findings_decision_set_reason (FindingsDecision *self,
                              const char       *reason)
{
  g_return_if_fail (FINDINGS_IS_DECISION (self));

  update_string (self, &self->reason, reason, PROP_REASON);
}

const char *
findings_decision_get_call_phone (FindingsDecision *self)
{
  g_return_val_if_fail (FINDINGS_IS_DECISION (self), NULL);

  return self->call_phone;
}

void
findings_decision_set_call_phone (FindingsDecision *self,
                                  const char       *call_phone)
{
  g_return_if_fail (FINDINGS_IS_DECISION (self));

  update_string (self, &self->call_phone, call_phone, PROP_CALL_PHONE);
}

const char *
findings_decision_get_call_best_time (FindingsDecision *self)
{
  g_return_val_if_fail (FINDINGS_IS_DECISION (self), NULL);

  return self->call_best_time;
}

void
findings_decision_set_call_best_time (FindingsDecision *self,
                                      const char       *call_best_time)
{
  g_return_if_fail (FINDINGS_IS_DECISION (self));

  update_string (self, &self->call_best_time, call_best_time, PROP_CALL_BEST_TIME);
}

const char *
findings_decision_get_call_note (FindingsDecision *self)
{
  g_return_val_if_fail (FINDINGS_IS_DECISION (self), NULL);

  return self->call_note;
}

void
findings_decision_set_call_note (FindingsDecision *self,
                                 const char       *call_note)
{
  g_return_if_fail (FINDINGS_IS_DECISION (self));

  update_string (self, &self->call_note, call_note, PROP_CALL_NOTE);
}

const char *
findings_decision_get_kiosk_id (FindingsDecision *self)
{
  g_return_val_if_fail (FINDINGS_IS_DECISION (self), NULL);

  return self->kiosk_id;
}

void
findings_decision_set_kiosk_id (FindingsDecision *self,
                                const char       *kiosk_id)
{
  g_return_if_fail (FINDINGS_IS_DECISION (self));

  update_string (self, &self->kiosk_id, kiosk_id, PROP_KIOSK_ID);
}

const char *
findings_decision_get_app_version (FindingsDecision *self)
{
  g_return_val_if_fail (FINDINGS_IS_DECISION (self), NULL);

  return self->app_version;
}

void
findings_decision_set_app_version (FindingsDecision *self,
                                   const char       *app_version)
{
  g_return_if_fail (FINDINGS_IS_DECISION (self));

  update_string (self, &self->app_version, app_version, PROP_APP_VERSION);
}

FindingsAction
findings_decision_get_action (FindingsDecision *self)
{
  g_return_val_if_fail (FINDINGS_IS_DECISION (self), FINDINGS_ACTION_ACCEPT);

  return self->action;
}

void
findings_decision_set_action (FindingsDecision *self,
                              FindingsAction    action)
{
  g_return_if_fail (FINDINGS_IS_DECISION (self));

  if (self->action == action)
    return;

  self->action = action;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION]);
}

/**
 * findings_decision_get_decided_at:
 *
 * Returns: (transfer none) (nullable): when the customer decided
 */
GDateTime *
findings_decision_get_decided_at (FindingsDecision *self)
{
  g_return_val_if_fail (FINDINGS_IS_DECISION (self), NULL);

  return self->decided_at;
}

void
findings_decision_set_decided_at (FindingsDecision *self,
                                  GDateTime        *decided_at)
{
  g_return_if_fail (FINDINGS_IS_DECISION (self));

  if (self->decided_at == decided_at ||
      (self->decided_at != NULL && decided_at != NULL &&
       g_date_time_equal (self->decided_at, decided_at)))
    return;

  if (decided_at != NULL)
    g_date_time_ref (decided_at);
  g_clear_pointer (&self->decided_at, g_date_time_unref);
  self->decided_at = decided_at;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DECIDED_AT]);
}

/**
 * findings_phone_is_valid:
 * @phone: (nullable): a phone number as the customer typed it
 *
 * Whether @phone looks like a phone number someone could call back: 7 to 15
 * digits, written with spaces, "-", "." or parentheses, "+" only in front, and
 * optionally an extension such as "x12" or "ext 12" at the end. It cannot say
 * whether the number exists.
 *
 * Returns: %TRUE when the number is plausible
 */
gboolean
findings_phone_is_valid (const char *phone)
{
  const char *p = phone;
  guint digits;
  gboolean ok;

  if (phone == NULL)
    return FALSE;

  while (*p == ' ')
    p++;
  if (*p == '+')
    p++;

  p = skip_phone_separators (p, &digits, &ok);
  if (!ok || digits < PHONE_MIN_DIGITS || digits > PHONE_MAX_DIGITS)
    return FALSE;

  return *p == '\0' || is_extension (p);
}
