/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Reads every visit document (*.json) in a folder, off the main thread. A file that
 * cannot be read is reported by name with the reason, and the others still load. */
void        findings_visit_load_directory_async  (GFile                *directory,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GListModel *findings_visit_load_directory_finish (GAsyncResult         *result,
                                                  char               ***problems,
                                                  GError              **error);
GListModel *findings_visit_load_directory        (GFile                *directory,
                                                  GCancellable         *cancellable,
                                                  char               ***problems,
                                                  GError              **error);

G_END_DECLS
