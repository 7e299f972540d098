/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "findings-enums.h"
#include "findings-problem.h"

G_BEGIN_DECLS

/* The office API's rules, in one place for the kiosk and the office alike. */

/* A request or answer body (a visit, a decision, a page of visits), in bytes. */
#define FINDINGS_PROTOCOL_MAX_BODY            (8 * 1024 * 1024)
/* A photo's bytes. */
#define FINDINGS_PROTOCOL_MAX_PHOTO           (20 * 1024 * 1024)
/* Recommendations in one visit. */
#define FINDINGS_PROTOCOL_MAX_RECOMMENDATIONS 2000
/* Text, in code points: titles, labels and names; signature data; any other string. */
#define FINDINGS_PROTOCOL_MAX_LINE            200
#define FINDINGS_PROTOCOL_MAX_SIGNATURE       65536
#define FINDINGS_PROTOCOL_MAX_TEXT            4000
/* The office's note to the technician (API 1.1), in code points. */
#define FINDINGS_PROTOCOL_MAX_OFFICE_NOTE     4000
/* Ids and a site's time zone name, as data/visit.schema.json has them. */
#define FINDINGS_PROTOCOL_MAX_ID              128
#define FINDINGS_PROTOCOL_MAX_TIME_ZONE       64
/* JSON nesting; the top-level value is level 1. */
#define FINDINGS_PROTOCOL_MAX_DEPTH           64
/* Money, in minor units of the visit's currency. */
#define FINDINGS_PROTOCOL_MIN_MONEY           G_GINT64_CONSTANT (0)
#define FINDINGS_PROTOCOL_MAX_MONEY           G_GINT64_CONSTANT (100000000000)

/* The photo media types, as a visit names them and as a photo is sent. */
#define FINDINGS_PROTOCOL_MEDIA_TYPE_JPEG     "image/jpeg"
#define FINDINGS_PROTOCOL_MEDIA_TYPE_PNG      "image/png"

gboolean         findings_protocol_is_photo_media_type (const char     *media_type);

/* The office's cursors, opaque to the kiosk: "c" and 1 to 18 decimal digits. */
#define FINDINGS_PROTOCOL_CURSOR_PREFIX       'c'
#define FINDINGS_PROTOCOL_MAX_CURSOR_DIGITS   18

gboolean         findings_protocol_is_valid_cursor     (const char     *cursor,
                                                        gsize           length);
gboolean         findings_protocol_parse_cursor        (const char     *cursor,
                                                        gint64         *out_seq);
gboolean         findings_protocol_query_cursor        (const char     *raw_query,
                                                        char          **out_cursor,
                                                        GError        **error);

char            *findings_protocol_format_time         (GDateTime      *time);
GDateTime       *findings_protocol_parse_time          (const char     *text);
GDate           *findings_protocol_parse_date          (const char     *text);
GTimeZone       *findings_protocol_new_time_zone       (const char     *identifier);

gboolean         findings_protocol_is_quote_expired    (const char     *valid_until,
                                                        const char     *time_zone,
                                                        GDateTime      *at);
FindingsProblem  findings_protocol_check_decision      (FindingsStatus  status,
                                                        FindingsAction  action,
                                                        const char     *valid_until,
                                                        const char     *time_zone,
                                                        GDateTime      *decided_at);

G_END_DECLS
