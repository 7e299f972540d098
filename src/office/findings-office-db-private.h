/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <sqlite3.h>

#include "findings-office-db.h"

G_BEGIN_DECLS

/* Shared by the files that implement FindingsOfficeDb; not for other layers. */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

sqlite3_stmt *findings_office_db_prepare     (FindingsOfficeDb  *self,
                                              const char        *sql,
                                              GError           **error);
gboolean      findings_office_db_step_done   (FindingsOfficeDb  *self,
                                              sqlite3_stmt      *stmt,
                                              GError           **error);
gboolean      findings_office_db_step_row    (FindingsOfficeDb  *self,
                                              sqlite3_stmt      *stmt,
                                              gboolean          *out_row,
                                              GError           **error);
gboolean      findings_office_db_begin       (FindingsOfficeDb  *self,
                                              GError           **error);
gboolean      findings_office_db_begin_read  (FindingsOfficeDb  *self,
                                              GError           **error);
gboolean      findings_office_db_commit      (FindingsOfficeDb  *self,
                                              GError           **error);
void          findings_office_db_rollback    (FindingsOfficeDb  *self);
gpointer      findings_office_db_end         (FindingsOfficeDb  *self,
                                              gpointer           result,
                                              GDestroyNotify     free_result,
                                              GError           **error);
gboolean      findings_office_db_next_change (FindingsOfficeDb  *self,
                                              gint64            *out_seq,
                                              GError           **error);
gboolean      findings_office_db_last_change (FindingsOfficeDb  *self,
                                              gint64            *out_seq,
                                              GError           **error);

/* Text columns are read as UTF-8; NULL stays NULL. */
const char   *findings_office_column_text    (sqlite3_stmt      *stmt,
                                              int                column);
void          findings_office_bind_text      (sqlite3_stmt      *stmt,
                                              int                index,
                                              const char        *text);

void          findings_office_set_invalid    (GError           **error,
                                              const GError      *cause);
char         *findings_office_format_time    (GDateTime         *time);
GDateTime    *findings_office_parse_time     (const char        *text);
JsonNode     *findings_office_parse_stored   (const char        *text,
                                              GError           **error);

G_END_DECLS
