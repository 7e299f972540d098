/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <json-glib/json-glib.h>

#include "findings-parse-error.h"

G_BEGIN_DECLS

/* Internal to core: the member-by-member reading shared by the parsers. */

#define FINDINGS_JSON_SHOWN_CHARS 40

typedef struct
{
  guint    max_chars;
  gboolean non_empty;
} FindingsJsonTextRule;

extern const FindingsJsonTextRule findings_json_text_rule;

char        *findings_json_member_path    (const char                  *parent,
                                           const char                  *name);
gboolean     findings_json_fail           (GError                     **error,
                                           FindingsParseError           code,
                                           const char                  *parent,
                                           const char                  *name,
                                           const char                  *format,
                                           ...) G_GNUC_PRINTF (5, 6);
const char  *findings_json_describe       (JsonNode                    *node);
char        *findings_json_shorten        (const char                  *value,
                                           guint                        max_chars);
gboolean     findings_json_holds          (JsonNode                    *node,
                                           GType                        type);
gboolean     findings_json_lookup         (JsonObject                  *object,
                                           const char                  *path,
                                           const char                  *name,
                                           gboolean                     required,
                                           JsonNode                   **out,
                                           GError                     **error);
gboolean     findings_json_check_text     (const char                  *value,
                                           const char                  *path,
                                           const char                  *name,
                                           const FindingsJsonTextRule  *rule,
                                           GError                     **error);
gboolean     findings_json_read_string    (JsonObject                  *object,
                                           const char                  *path,
                                           const char                  *name,
                                           gboolean                     required,
                                           const FindingsJsonTextRule  *rule,
                                           const char                 **out,
                                           GError                     **error);
gboolean     findings_json_read_object    (JsonObject                  *object,
                                           const char                  *path,
                                           const char                  *name,
                                           gboolean                     required,
                                           JsonObject                 **out,
                                           GError                     **error);
gboolean     findings_json_read_array     (JsonObject                  *object,
                                           const char                  *path,
                                           const char                  *name,
                                           gboolean                     required,
                                           JsonArray                  **out,
                                           GError                     **error);
gboolean     findings_json_as_object      (JsonNode                    *node,
                                           const char                  *path,
                                           JsonObject                 **out,
                                           GError                     **error);
JsonNode    *findings_json_parse_document (const char                  *data,
                                           gsize                        length,
                                           GError                     **error);
gboolean     findings_json_read_date      (JsonObject                  *object,
                                           const char                  *path,
                                           const char                  *name,
                                           const char                 **out,
                                           GError                     **error);
gboolean     findings_json_fail_enum      (GError                     **error,
                                           const char                  *path,
                                           const char                  *name,
                                           const char                  *value,
                                           const char                  *allowed);
gboolean     findings_json_read_date_time (JsonObject                  *object,
                                           const char                  *path,
                                           const char                  *name,
                                           gboolean                     required,
                                           GDateTime                  **out,
                                           GError                     **error);

/* Defines a static reader of a required enum member, spelt as the API spells it; the
 * list of allowed values is built only for the error message. */
#define FINDINGS_JSON_DEFINE_ENUM_READER(function, Type, prefix, last)                    \
  static gboolean                                                                         \
  function (JsonObject  *object,                                                          \
            const char  *path,                                                            \
            const char  *name,                                                            \
            Type        *out,                                                             \
            GError     **error)                                                           \
  {                                                                                       \
    const char *value;                                                                    \
                                                                                          \
    if (!findings_json_read_string (object, path, name, TRUE, &findings_json_text_rule,   \
                                    &value, error))                                       \
      return FALSE;                                                                       \
    if (prefix##_from_string (value, out))                                                \
      return TRUE;                                                                        \
                                                                                          \
    {                                                                                     \
      g_autoptr(GString) allowed = g_string_new (NULL);                                   \
                                                                                          \
      for (int i = 0; i <= (int) (last); i++)                                             \
        g_string_append_printf (allowed, "%s%s", i > 0 ? ", " : "",                       \
                                prefix##_to_string ((Type) i));                           \
      return findings_json_fail_enum (error, path, name, value, allowed->str);            \
    }                                                                                     \
  }

G_END_DECLS
