/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Running the real `findings-office` (the FINDINGS_OFFICE program) from a test. */

void   findings_test_office_child_setup (gpointer     user_data);
char  *findings_test_office_runv        (const char  *db,
                                         int         *out_status,
                                         char       **out_stderr,
                                         const char  *first,
                                         va_list      args);
char  *findings_test_office_run         (const char  *db,
                                         int         *out_status,
                                         char       **out_stderr,
                                         const char  *first,
                                         ...) G_GNUC_NULL_TERMINATED;
char  *findings_test_office_cli         (const char  *db,
                                         const char  *first,
                                         ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
