/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "findings-office-db.h"

G_BEGIN_DECLS

/* The office desk's and API 1.1's part of FindingsOfficeDb: technician tokens and
 * their leads, the office's note to the technician, the desk's sign-ins and the
 * listings its pages show. */

/* The desk's sign-in lasts this long without use. */
#define FINDINGS_OFFICE_DESK_SESSION_HOURS 12

/* One row of a desk listing. Texts are as stored: JSON documents stay JSON text. */
typedef struct
{
  char   *recommendation_id;
  char   *visit_id;
  gint64  account_id;
  char   *account_name;
  char   *site_name;
  char   *time_zone;
  char   *status;
  char   *recommendation;  /* the recommendation's document */
  char   *follow_up;       /* nullable */
  char   *office_note;     /* nullable */
  char   *decision;        /* the decision's document, nullable */
  char   *received_at;     /* when the office received that decision, nullable */
  char   *technician_id;   /* nullable */
} FindingsOfficeDeskRow;

void       findings_office_desk_row_free               (FindingsOfficeDeskRow  *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FindingsOfficeDeskRow, findings_office_desk_row_free)

char      *findings_office_db_add_technician_token     (FindingsOfficeDb       *self,
                                                        const char             *technician_id,
                                                        GError                **error);
gboolean   findings_office_db_lookup_technician        (FindingsOfficeDb       *self,
                                                        const char             *token,
                                                        char                  **out_technician_id,
                                                        GError                **error);
char      *findings_office_db_list_leads               (FindingsOfficeDb       *self,
                                                        const char             *technician_id,
                                                        const char             *since,
                                                        GError                **error);
char      *findings_office_db_set_office_note          (FindingsOfficeDb       *self,
                                                        const char             *recommendation_id,
                                                        const char             *note,
                                                        GDateTime              *now,
                                                        GError                **error);

char      *findings_office_db_desk_new_form_value     (GError                **error);
gboolean   findings_office_db_desk_sign_in             (FindingsOfficeDb       *self,
                                                        const char             *token,
                                                        GDateTime              *now,
                                                        char                  **out_session,
                                                        char                  **out_csrf,
                                                        GError                **error);
gboolean   findings_office_db_desk_check_session       (FindingsOfficeDb       *self,
                                                        const char             *session,
                                                        GDateTime              *now,
                                                        char                  **out_csrf,
                                                        GError                **error);
gboolean   findings_office_db_desk_sign_out            (FindingsOfficeDb       *self,
                                                        const char             *session,
                                                        GError                **error);

GPtrArray *findings_office_db_desk_list_calls          (FindingsOfficeDb       *self,
                                                        gint64                  account_id,
                                                        GError                **error);
GPtrArray *findings_office_db_desk_list_decisions      (FindingsOfficeDb       *self,
                                                        guint                   limit,
                                                        GError                **error);
GPtrArray *findings_office_db_desk_list_history        (FindingsOfficeDb       *self,
                                                        const char             *recommendation_id,
                                                        GError                **error);
FindingsOfficeDeskRow *
           findings_office_db_desk_get_recommendation  (FindingsOfficeDb       *self,
                                                        const char             *recommendation_id,
                                                        GError                **error);
char      *findings_office_db_desk_get_visit           (FindingsOfficeDb       *self,
                                                        const char             *visit_id,
                                                        GError                **error);
GPtrArray *findings_office_db_desk_list_leads          (FindingsOfficeDb       *self,
                                                        const char             *technician_id,
                                                        GError                **error);
GPtrArray *findings_office_db_desk_list_technicians    (FindingsOfficeDb       *self,
                                                        GError                **error);
GPtrArray *findings_office_db_desk_list_accounts       (FindingsOfficeDb       *self,
                                                        GError                **error);

G_END_DECLS
