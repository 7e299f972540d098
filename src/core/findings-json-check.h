/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <json-glib/json-glib.h>

#include "findings-parse-error.h"
#include "findings-protocol.h"

G_BEGIN_DECLS

/* The protocol's limits, by their older names. */
#define FINDINGS_JSON_MAX_DEPTH FINDINGS_PROTOCOL_MAX_DEPTH
#define FINDINGS_JSON_MAX_BODY  FINDINGS_PROTOCOL_MAX_BODY

/**
 * FindingsJsonItem:
 * @offset: where the item's text starts in the document, in bytes
 * @length: the length of its text, in bytes
 * @error: (nullable): the first value rule the item breaks (a U+0000 in a string, a
 *   whole number outside 64 bits), or %NULL
 * @id_broken: whether the value rule broken sits in the item's own "id" member, or in
 *   one of its member names, so that json-glib's reading of the id cannot be trusted
 *
 * One element of the array that findings_json_check_items() was asked about.
 */
typedef struct
{
  gsize     offset;
  gsize     length;
  GError   *error;
  gboolean  id_broken;
} FindingsJsonItem;

gboolean  findings_json_check         (const char  *data,
                                       gsize        length,
                                       gsize        max_size,
                                       guint        max_depth,
                                       GError     **error);

GArray   *findings_json_check_items   (const char  *data,
                                       gsize        length,
                                       gsize        max_size,
                                       guint        max_depth,
                                       const char  *member,
                                       GError     **error);

JsonNode *findings_json_parse_checked (const char  *data,
                                       gsize        length,
                                       GError     **error);

JsonNode *findings_json_parse_strict  (const char  *data,
                                       gsize        length,
                                       gsize        max_size,
                                       guint        max_depth,
                                       GError     **error);

G_END_DECLS
