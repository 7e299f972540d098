/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <json-glib/json-glib.h>

#include "findings-follow-up.h"

G_BEGIN_DECLS

#define FINDINGS_OFFICE_ERROR (findings_office_error_quark ())

/* Each code is one problem type of the office API, except FAILED (storage). */
typedef enum
{
  FINDINGS_OFFICE_ERROR_FAILED,
  FINDINGS_OFFICE_ERROR_INVALID,
  FINDINGS_OFFICE_ERROR_NOT_FOUND,
  FINDINGS_OFFICE_ERROR_EXISTS,
  FINDINGS_OFFICE_ERROR_UNAUTHORIZED,
  FINDINGS_OFFICE_ERROR_FORBIDDEN,
  FINDINGS_OFFICE_ERROR_UNKNOWN_SITE,
  FINDINGS_OFFICE_ERROR_SITE_OF_ANOTHER_ACCOUNT,
  FINDINGS_OFFICE_ERROR_UNKNOWN_TIME_ZONE,
  FINDINGS_OFFICE_ERROR_RECOMMENDATION_OF_ANOTHER_VISIT,
  FINDINGS_OFFICE_ERROR_KEY_MISMATCH,
  FINDINGS_OFFICE_ERROR_KEY_REUSED,
  FINDINGS_OFFICE_ERROR_UNKNOWN_OPTION,
  FINDINGS_OFFICE_ERROR_VISIT_MISMATCH,
  FINDINGS_OFFICE_ERROR_ALREADY_ACCEPTED,
  FINDINGS_OFFICE_ERROR_WITHDRAWN,
  FINDINGS_OFFICE_ERROR_QUOTE_EXPIRED,
  FINDINGS_OFFICE_ERROR_BAD_CURSOR,
  FINDINGS_OFFICE_ERROR_NOT_LOOPBACK,
} FindingsOfficeError;

typedef enum
{
  FINDINGS_OFFICE_TOKEN_KIOSK,
  FINDINGS_OFFICE_TOKEN_TECHNICIAN,
  FINDINGS_OFFICE_TOKEN_OFFICE,
} FindingsOfficeTokenKind;

/* A call request waiting for the office, for the `calls` listing. */
typedef struct
{
  char             *recommendation_id;
  char             *visit_id;
  char             *name;
  char             *phone;
  char             *best_time;
  GDateTime        *received_at;
  FindingsFollowUp *follow_up;
} FindingsOfficeCall;

#define FINDINGS_TYPE_OFFICE_DB (findings_office_db_get_type ())
G_DECLARE_FINAL_TYPE (FindingsOfficeDb, findings_office_db, FINDINGS, OFFICE_DB, GObject)

GQuark            findings_office_error_quark          (void);

gboolean          findings_office_token_kind_from_string (const char               *str,
                                                          FindingsOfficeTokenKind  *out);
const char       *findings_office_token_kind_to_string   (FindingsOfficeTokenKind   kind);

void              findings_office_call_free            (FindingsOfficeCall       *call);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FindingsOfficeCall, findings_office_call_free)

FindingsOfficeDb *findings_office_db_new               (const char               *path,
                                                        GError                  **error);

gboolean          findings_office_db_add_account       (FindingsOfficeDb         *self,
                                                        const char               *name,
                                                        gint64                   *out_id,
                                                        GError                  **error);
gboolean          findings_office_db_add_site          (FindingsOfficeDb         *self,
                                                        gint64                    account_id,
                                                        const char               *site_id,
                                                        const char               *name,
                                                        GError                  **error);
char             *findings_office_db_add_token         (FindingsOfficeDb         *self,
                                                        FindingsOfficeTokenKind   kind,
                                                        gint64                    account_id,
                                                        GError                  **error);
gboolean          findings_office_db_revoke_token      (FindingsOfficeDb         *self,
                                                        const char               *token,
                                                        GError                  **error);
gboolean          findings_office_db_lookup_token      (FindingsOfficeDb         *self,
                                                        const char               *token,
                                                        FindingsOfficeTokenKind  *out_kind,
                                                        gint64                   *out_account_id,
                                                        GError                  **error);

gboolean          findings_office_db_put_photo         (FindingsOfficeDb         *self,
                                                        const char               *photo_id,
                                                        const char               *media_type,
                                                        GBytes                   *data,
                                                        gboolean                 *out_created,
                                                        GError                  **error);
GBytes           *findings_office_db_get_photo         (FindingsOfficeDb         *self,
                                                        gint64                    account_id,
                                                        const char               *photo_id,
                                                        char                    **out_media_type,
                                                        GError                  **error);

JsonNode         *findings_office_db_put_visit         (FindingsOfficeDb         *self,
                                                        const char               *data,
                                                        gsize                     length,
                                                        gint64                    account_id,
                                                        GError                  **error);
char             *findings_office_db_list_visits       (FindingsOfficeDb         *self,
                                                        gint64                    account_id,
                                                        const char               *since,
                                                        GError                  **error);

char             *findings_office_db_record_decision   (FindingsOfficeDb         *self,
                                                        gint64                    account_id,
                                                        const char               *key,
                                                        const char               *data,
                                                        gsize                     length,
                                                        GDateTime                *received_at,
                                                        gboolean                 *out_replayed,
                                                        GError                  **error);
char             *findings_office_db_set_follow_up     (FindingsOfficeDb         *self,
                                                        const char               *recommendation_id,
                                                        JsonNode                 *follow_up,
                                                        GDateTime                *now,
                                                        GError                  **error);
GPtrArray        *findings_office_db_list_calls        (FindingsOfficeDb         *self,
                                                        GError                  **error);

G_END_DECLS
