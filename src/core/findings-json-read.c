/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-json-read"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "findings-json-check.h"
#include "findings-json-read.h"
#include "findings-protocol.h"

/* Reading the API's documents member by member: every node's type is checked before
 * it is read, and every failure names the member by its JSON path. Shared by the
 * visit parser and the decision parser. */

const FindingsJsonTextRule findings_json_text_rule = { FINDINGS_PROTOCOL_MAX_TEXT, FALSE };

char *
findings_json_member_path (const char *parent,
                           const char *name)
{
  if (parent[0] == '\0')
    return g_strdup (name);

  return g_strconcat (parent, ".", name, NULL);
}

G_GNUC_PRINTF (5, 6)
gboolean
findings_json_fail (GError             **error,
                    FindingsParseError   code,
                    const char          *parent,
                    const char          *name,
                    const char          *format,
                    ...)
{
  g_autofree char *path = name != NULL ? findings_json_member_path (parent,
                                                                    name) : g_strdup (parent);
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, FINDINGS_PARSE_ERROR, code, "%s: %s", path, what);
  return FALSE;
}

const char *
findings_json_describe (JsonNode *node)
{
  GType type;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("an array");
    case JSON_NODE_NULL:
      return _("null");
    case JSON_NODE_VALUE:
      break;
    default:
      return _("an unknown value");
    }

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return _("a string");
  if (type == G_TYPE_INT64)
    return _("a whole number");
  if (type == G_TYPE_DOUBLE)
    return _("a decimal number");
  if (type == G_TYPE_BOOLEAN)
    return _("a true/false value");

  return _("an unknown value");
}

/* Enough of a value to recognise it, never enough to flood a dialog or a log. */
char *
findings_json_shorten (const char *value,
                       guint       max_chars)
{
  GString *out = g_string_new (NULL);
  const char *p = value;

  for (guint i = 0; *p != '\0'; i++, p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (i == max_chars)
        {
          g_string_append (out, "…");
          break;
        }

      g_string_append_unichar (out, g_unichar_iscntrl (c) ? 0xFFFD : c);
    }

  return g_string_free (out, FALSE);
}

gboolean
findings_json_holds (JsonNode *node,
                     GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* Absent and null mean the same; only a required member makes that an error. */
gboolean
findings_json_lookup (JsonObject  *object,
                      const char  *path,
                      const char  *name,
                      gboolean     required,
                      JsonNode   **out,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;

  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      *out = node;
      return TRUE;
    }

  if (!required)
    return TRUE;

  return findings_json_fail (error, FINDINGS_PARSE_ERROR_MISSING_FIELD, path, name, "%s",
                             node == NULL ? _("missing") : _("missing (it is null)"));
}

gboolean
findings_json_check_text (const char     *value,
                          const char     *path,
                          const char     *name,
                          const FindingsJsonTextRule *rule,
                          GError        **error)
{
  /* Limits count code points; a string within the limit in bytes is within it
   * in code points too, so most strings are never counted. */
  if (strlen (value) > rule->max_chars && g_utf8_strlen (value, -1) > (glong) rule->max_chars)
    return findings_json_fail (error, FINDINGS_PARSE_ERROR_TOO_LONG, path, name,
                               g_dngettext (NULL,
                               "longer than %u character",
                               "longer than %u characters",
                               rule->max_chars),
                               rule->max_chars);

  if (rule->non_empty && value[0] == '\0')
    return findings_json_fail (error, FINDINGS_PARSE_ERROR_INVALID_VALUE, path, name, "%s",
                               _("must not be empty"));

  return TRUE;
}

gboolean
findings_json_read_string (JsonObject      *object,
                           const char      *path,
                           const char      *name,
                           gboolean         required,
                           const FindingsJsonTextRule  *rule,
                           const char     **out,
                           GError         **error)
{
  JsonNode *node;

  *out = NULL;

  if (!findings_json_lookup (object, path, name, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!findings_json_holds (node, G_TYPE_STRING))
    return findings_json_fail (error, FINDINGS_PARSE_ERROR_WRONG_TYPE, path, name,
                               _("expected text, found %s"), findings_json_describe (node));

  if (!findings_json_check_text (json_node_get_string (node), path, name, rule, error))
    return FALSE;

  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
findings_json_read_object (JsonObject  *object,
                           const char  *path,
                           const char  *name,
                           gboolean     required,
                           JsonObject **out,
                           GError     **error)
{
  JsonNode *node;

  *out = NULL;

  if (!findings_json_lookup (object, path, name, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return findings_json_fail (error, FINDINGS_PARSE_ERROR_WRONG_TYPE, path, name,
                               _("expected an object, found %s"), findings_json_describe (node));

  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
findings_json_read_array (JsonObject  *object,
                          const char  *path,
                          const char  *name,
                          gboolean     required,
                          JsonArray  **out,
                          GError     **error)
{
  JsonNode *node;

  *out = NULL;

  if (!findings_json_lookup (object, path, name, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return findings_json_fail (error, FINDINGS_PARSE_ERROR_WRONG_TYPE, path, name,
                               _("expected an array, found %s"), findings_json_describe (node));

  *out = json_node_get_array (node);
  return TRUE;
}

gboolean
findings_json_as_object (JsonNode    *node,
                         const char  *path,
                         JsonObject **out,
                         GError     **error)
{
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return findings_json_fail (error, FINDINGS_PARSE_ERROR_WRONG_TYPE, path, NULL,
                               _("expected an object, found %s"), findings_json_describe (node));

  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
findings_json_read_date_time (JsonObject  *object,
                              const char  *path,
                              const char  *name,
                              gboolean     required,
                              GDateTime  **out,
                              GError     **error)
{
  const char *value;
  g_autofree char *shown = NULL;

  *out = NULL;

  if (!findings_json_read_string (object, path, name, required, &findings_json_text_rule, &value,
                                  error))
    return FALSE;
  if (value == NULL)
    return TRUE;

  *out = findings_protocol_parse_time (value);
  if (*out != NULL)
    return TRUE;

  shown = findings_json_shorten (value, FINDINGS_JSON_SHOWN_CHARS);
  return findings_json_fail (error, FINDINGS_PARSE_ERROR_INVALID_VALUE, path, name,
                             _("“%s” is not a date and time such as 2026-11-20T14:02:11Z"),
                             shown);
}


gboolean
findings_json_fail_enum (GError     **error,
                         const char  *path,
                         const char  *name,
                         const char  *value,
                         const char  *allowed)
{
  g_autofree char *shown = findings_json_shorten (value, FINDINGS_JSON_SHOWN_CHARS);

  return findings_json_fail (error, FINDINGS_PARSE_ERROR_INVALID_VALUE, path, name,
                             _("“%s” is not one of %s"), shown, allowed);
}

/* A calendar date, "YYYY-MM-DD"; absent and null leave *@out NULL. */
gboolean
findings_json_read_date (JsonObject  *object,
                         const char  *path,
                         const char  *name,
                         const char **out,
                         GError     **error)
{
  g_autoptr(GDate) date = NULL;
  g_autofree char *shown = NULL;

  if (!findings_json_read_string (object, path, name, FALSE, &findings_json_text_rule, out,
                                  error))
    return FALSE;
  if (*out == NULL)
    return TRUE;

  date = findings_protocol_parse_date (*out);
  if (date != NULL)
    return TRUE;

  shown = findings_json_shorten (*out, FINDINGS_JSON_SHOWN_CHARS);
  return findings_json_fail (error, FINDINGS_PARSE_ERROR_INVALID_VALUE, path, name,
                             _("“%s” is not a date such as 2026-12-31"), shown);
}

/* A whole document through the strict check (size, UTF-8, syntax, depth), its
 * failures reported in the parsers' own error domain. */
JsonNode *
findings_json_parse_document (const char  *data,
                              gsize        length,
                              GError     **error)
{
  return findings_json_parse_strict (data, length, FINDINGS_PROTOCOL_MAX_BODY,
                                     FINDINGS_PROTOCOL_MAX_DEPTH, error);
}
