/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* API 1.1: every lead of the technician whose token this is, with its outcome and the
 * office's note, fetched page by page. No GTK, no store: the technician's page shows
 * the office's answer as it is. */

void        findings_leads_fetch_async  (const char           *base_url,
                                         const char           *token,
                                         GTlsDatabase         *tls_database,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
GListModel *findings_leads_fetch_finish (GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
