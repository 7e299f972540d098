/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "findings-office-sql.h"

G_BEGIN_DECLS

/* The office's statements on a PostgreSQL database, over libpq. */

#define FINDINGS_TYPE_OFFICE_PG (findings_office_pg_get_type ())
G_DECLARE_FINAL_TYPE (FindingsOfficePg, findings_office_pg, FINDINGS, OFFICE_PG, FindingsOfficeSql)

FindingsOfficePg *findings_office_pg_new (const char  *conninfo,
                                          GError     **error);

G_END_DECLS
