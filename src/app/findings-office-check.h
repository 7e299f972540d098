/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "findings-office-config.h"

G_BEGIN_DECLS

void     findings_office_check_async  (FindingsOfficeConfig  *office,
                                       GCancellable          *cancellable,
                                       GAsyncReadyCallback    callback,
                                       gpointer               user_data);
gboolean findings_office_check_finish (GAsyncResult          *result,
                                       GError               **error);

G_END_DECLS
