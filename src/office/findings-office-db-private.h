/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "findings-office-db.h"
#include "findings-office-sql.h"

G_BEGIN_DECLS

/* Shared by the files that implement FindingsOfficeDb: findings-office-db.c (the file,
 * accounts, tokens, photos), -db-visits.c and -db-decisions.c; not for other layers. */

struct _FindingsOfficeDb
{
  GObject            parent_instance;

  FindingsOfficeSql *sql;

  /* Each visit as GET /visits serves it, composed once per change number: visit id
   * → FindingsOfficeServed. Another office process changing a visit changes its
   * number, so a kept answer is never stale. */
  GHashTable        *served;
  gsize              served_bytes;
};

/* One visit's served JSON text, shared (g_rc_box) by the cache and a page being built. */
typedef struct
{
  char   *visit_id;
  gint64  change_seq;
  char   *text;
  gsize   length;
} FindingsOfficeServed;

void        _findings_office_served_release     (FindingsOfficeServed *served);

gboolean    _findings_office_db_propagate       (GError           **error,
                                                 GError            *local_error);
gpointer    _findings_office_db_end             (FindingsOfficeDb  *self,
                                                 gpointer           result,
                                                 GDestroyNotify     free_result,
                                                 GError           **error);
gboolean    _findings_office_db_next_change     (FindingsOfficeDb  *self,
                                                 gint64            *out_seq,
                                                 GError           **error);
gboolean    _findings_office_db_last_change     (FindingsOfficeDb  *self,
                                                 gint64            *out_seq,
                                                 GError           **error);
gboolean    _findings_office_db_touch_visit     (FindingsOfficeDb  *self,
                                                 const char        *visit_id,
                                                 GError           **error);

char       *_findings_office_db_new_secret      (GError           **error);
char       *_findings_office_db_hash_secret     (const char        *secret);

gboolean    _findings_office_db_parse_cursor    (const char        *cursor,
                                                 gint64             last,
                                                 gint64            *out_seq,
                                                 GError           **error);
char       *_findings_office_db_format_cursor   (gint64             seq);

void        _findings_office_set_invalid        (GError           **error,
                                                 const GError      *cause);
char       *_findings_office_format_stored_time (GDateTime         *time);
JsonNode   *_findings_office_parse_stored       (const char        *text,
                                                 GError           **error);

G_END_DECLS
