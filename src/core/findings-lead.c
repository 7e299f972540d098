/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-lead"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-json-read.h"
#include "findings-lead.h"
#include "findings-protocol.h"

struct _FindingsLead
{
  GObject           parent_instance;

  char             *id;
  char             *visit_id;
  char             *site_id;
  char             *site_name;
  char             *title;
  FindingsStatus    status;
  GDateTime        *decided_at;
  FindingsFollowUp *follow_up;
  char             *office_note;
};

G_DEFINE_FINAL_TYPE (FindingsLead, findings_lead, G_TYPE_OBJECT)

static const FindingsJsonTextRule id_rule = { FINDINGS_PROTOCOL_MAX_ID, TRUE };
static const FindingsJsonTextRule line_rule = { FINDINGS_PROTOCOL_MAX_LINE, TRUE };
static const FindingsJsonTextRule note_rule = { FINDINGS_PROTOCOL_MAX_OFFICE_NOTE, FALSE };

static void
findings_lead_finalize (GObject *object)
{
  FindingsLead *self = (FindingsLead *) object;

  g_free (self->id);
  g_free (self->visit_id);
  g_free (self->site_id);
  g_free (self->site_name);
  g_free (self->title);
  g_clear_pointer (&self->decided_at, g_date_time_unref);
  g_clear_object (&self->follow_up);
  g_free (self->office_note);

  G_OBJECT_CLASS (findings_lead_parent_class)->finalize (object);
}

static void
findings_lead_class_init (FindingsLeadClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = findings_lead_finalize;
}

static void
findings_lead_init (FindingsLead *self)
{
}

const char *
findings_lead_get_id (FindingsLead *self)
{
  g_return_val_if_fail (FINDINGS_IS_LEAD (self), NULL);
  return self->id;
}

const char *
findings_lead_get_visit_id (FindingsLead *self)
{
  g_return_val_if_fail (FINDINGS_IS_LEAD (self), NULL);
  return self->visit_id;
}

const char *
findings_lead_get_site_id (FindingsLead *self)
{
  g_return_val_if_fail (FINDINGS_IS_LEAD (self), NULL);
  return self->site_id;
}

const char *
findings_lead_get_site_name (FindingsLead *self)
{
  g_return_val_if_fail (FINDINGS_IS_LEAD (self), NULL);
  return self->site_name;
}

const char *
findings_lead_get_title (FindingsLead *self)
{
  g_return_val_if_fail (FINDINGS_IS_LEAD (self), NULL);
  return self->title;
}

FindingsStatus
findings_lead_get_status (FindingsLead *self)
{
  g_return_val_if_fail (FINDINGS_IS_LEAD (self), FINDINGS_STATUS_OPEN);
  return self->status;
}

/**
 * findings_lead_get_decided_at:
 *
 * Returns: (transfer none) (nullable): when the customer last decided
 */
GDateTime *
findings_lead_get_decided_at (FindingsLead *self)
{
  g_return_val_if_fail (FINDINGS_IS_LEAD (self), NULL);
  return self->decided_at;
}

/**
 * findings_lead_get_follow_up:
 *
 * Returns: (transfer none) (nullable): the office's follow-up with the customer
 */
FindingsFollowUp *
findings_lead_get_follow_up (FindingsLead *self)
{
  g_return_val_if_fail (FINDINGS_IS_LEAD (self), NULL);
  return self->follow_up;
}

/**
 * findings_lead_get_office_note:
 *
 * Returns: (nullable): the office's word to the technician
 */
const char *
findings_lead_get_office_note (FindingsLead *self)
{
  g_return_val_if_fail (FINDINGS_IS_LEAD (self), NULL);
  return self->office_note;
}

static gboolean
read_status (JsonObject      *object,
             const char      *path,
             FindingsStatus  *out,
             GError         **error)
{
  const char *value;

  if (!findings_json_read_string (object, path, "status", TRUE, &id_rule, &value, error))
    return FALSE;

  if (!findings_status_from_string (value, out))
    return findings_json_fail_enum (error, path, "status", value,
                                    "open, accepted, declined, call_requested, scheduled, "
                                    "completed, withdrawn");
  return TRUE;
}

/**
 * findings_lead_new_from_json:
 * @node: one LEAD
 * @path: where it is in its document, for the error message
 *
 * Returns: (transfer full) (nullable): the lead
 */
FindingsLead *
findings_lead_new_from_json (JsonNode    *node,
                             const char  *path,
                             GError     **error)
{
  g_autoptr(FindingsLead) self = g_object_new (FINDINGS_TYPE_LEAD, NULL);
  g_autofree char *site_path = findings_json_member_path (path, "site");
  JsonObject *object;
  JsonObject *site;
  JsonNode *follow_up = NULL;
  const char *text;

  if (!findings_json_as_object (node, path, &object, error))
    return NULL;

  if (!findings_json_read_string (object, path, "id", TRUE, &id_rule, &text, error))
    return NULL;
  self->id = g_strdup (text);
  if (!findings_json_read_string (object, path, "visit_id", TRUE, &id_rule, &text, error))
    return NULL;
  self->visit_id = g_strdup (text);
  if (!findings_json_read_string (object, path, "title", TRUE, &line_rule, &text, error))
    return NULL;
  self->title = g_strdup (text);
  if (!read_status (object, path, &self->status, error))
    return NULL;

  if (!findings_json_read_object (object, path, "site", TRUE, &site, error) ||
      !findings_json_read_string (site, site_path, "id", TRUE, &id_rule, &text, error))
    return NULL;
  self->site_id = g_strdup (text);
  if (!findings_json_read_string (site, site_path, "name", FALSE, &line_rule, &text, error))
    return NULL;
  self->site_name = g_strdup (text);

  if (!findings_json_read_date_time (object, path, "decided_at", FALSE, &self->decided_at, error))
    return NULL;
  if (!findings_json_read_string (object, path, "office_note", FALSE, &note_rule, &text, error))
    return NULL;
  self->office_note = text != NULL && *text != '\0' ? g_strdup (text) : NULL;

  if (!findings_json_lookup (object, path, "follow_up", FALSE, &follow_up, error))
    return NULL;
  if (follow_up != NULL && !JSON_NODE_HOLDS_NULL (follow_up))
    {
      g_autofree char *sub = findings_json_member_path (path, "follow_up");

      self->follow_up = findings_follow_up_new_from_json (follow_up, sub, error);
      if (self->follow_up == NULL)
        return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * findings_lead_parse_page:
 * @out_cursor: (out): the cursor for the next call
 * @out_more: (out): whether another page follows
 *
 * Reads one answer of GET /api/v1/technician/recommendations, whole.
 *
 * Returns: (transfer full) (element-type FindingsLead) (nullable): the leads
 */
GPtrArray *
findings_lead_parse_page (const char  *data,
                          gsize        length,
                          char       **out_cursor,
                          gboolean    *out_more,
                          GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) leads = NULL;
  JsonObject *object;
  JsonArray *array;
  JsonNode *more = NULL;
  const char *cursor;

  g_return_val_if_fail (out_cursor != NULL, NULL);
  g_return_val_if_fail (out_more != NULL, NULL);

  root = findings_json_parse_document (data, length, error);
  if (root == NULL ||
      !findings_json_as_object (root, "", &object, error) ||
      !findings_json_read_array (object, "", "recommendations", TRUE, &array, error) ||
      !findings_json_read_string (object, "", "cursor", TRUE, &id_rule, &cursor, error))
    return NULL;

  /* Absent or null: this is the last page, as with visits. */
  more = json_object_get_member (object, "more");
  if (more != NULL && !JSON_NODE_HOLDS_NULL (more) && !findings_json_holds (more, G_TYPE_BOOLEAN))
    {
      findings_json_fail (error, FINDINGS_PARSE_ERROR_WRONG_TYPE, "", "more", "%s",
                          _("is not true or false"));
      return NULL;
    }

  leads = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("recommendations[%u]", i);
      FindingsLead *lead = findings_lead_new_from_json (json_array_get_element (array, i), path,
                                                        error);

      if (lead == NULL)
        return NULL;
      g_ptr_array_add (leads, lead);
    }

  *out_cursor = g_strdup (cursor);
  *out_more = more != NULL && !JSON_NODE_HOLDS_NULL (more) && json_node_get_boolean (more);
  return g_steal_pointer (&leads);
}
