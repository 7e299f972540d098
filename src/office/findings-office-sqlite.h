/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "findings-office-sql.h"

G_BEGIN_DECLS

/* The office's statements on one SQLite file, over src/db/findings-sqlite. */

#define FINDINGS_TYPE_OFFICE_SQLITE (findings_office_sqlite_get_type ())
G_DECLARE_FINAL_TYPE (FindingsOfficeSqlite, findings_office_sqlite, FINDINGS, OFFICE_SQLITE,
                      FindingsOfficeSql)

FindingsOfficeSqlite *findings_office_sqlite_new (const char  *path,
                                                  GError     **error);

G_END_DECLS
