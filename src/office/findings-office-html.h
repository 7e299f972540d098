/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* HTML for the office desk. Every text that came from a visit, a decision or a
 * person goes through findings_office_html_escape(), directly or as a %s of
 * findings_office_html_append(): element content and attribute values alike. */

void      findings_office_html_escape         (GString    *out,
                                               const char *text);
char     *findings_office_html_escape_dup     (const char *text);
void      findings_office_html_append         (GString    *out,
                                               const char *format,
                                               ...);
void      findings_office_html_append_va      (GString    *out,
                                               const char *format,
                                               va_list     args);

char     *findings_office_html_signature_path (const char *data,
                                               double     *out_box);

G_END_DECLS
