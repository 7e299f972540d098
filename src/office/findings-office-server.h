/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "findings-office-db.h"
#include "findings-office-rate-limiter.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_OFFICE_SERVER (findings_office_server_get_type ())
G_DECLARE_FINAL_TYPE (FindingsOfficeServer, findings_office_server,
                      FINDINGS, OFFICE_SERVER, GObject)

FindingsOfficeServer *findings_office_server_new          (FindingsOfficeDb      *db);

gboolean              findings_office_server_listen       (FindingsOfficeServer  *self,
                                                           const char            *address,
                                                           guint                  port,
                                                           GTlsCertificate       *certificate,
                                                           guint                 *out_port,
                                                           GError               **error);
void                  findings_office_server_set_max_connections
                                                          (FindingsOfficeServer  *self,
                                                           guint                  max_connections);
gboolean              findings_office_server_listen_local (FindingsOfficeServer  *self,
                                                           guint                  port,
                                                           guint                 *out_port,
                                                           GError               **error);
char                 *findings_office_server_dup_url      (FindingsOfficeServer  *self);

FindingsOfficeRateLimiter *
                      findings_office_server_get_rate_limiter (FindingsOfficeServer *self);

G_END_DECLS
