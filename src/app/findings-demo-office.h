/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FINDINGS_TYPE_DEMO_OFFICE (findings_demo_office_get_type ())

G_DECLARE_FINAL_TYPE (FindingsDemoOffice, findings_demo_office, FINDINGS, DEMO_OFFICE, GObject)

void                findings_demo_office_start_async  (GFile               *demo_dir,
                                                       const char          *work_dir,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
FindingsDemoOffice *findings_demo_office_start_finish (GAsyncResult        *result,
                                                       GError             **error);
const char         *findings_demo_office_get_url      (FindingsDemoOffice  *self);
const char         *findings_demo_office_get_token    (FindingsDemoOffice  *self);
void                findings_demo_office_stop         (FindingsDemoOffice  *self);

G_END_DECLS
