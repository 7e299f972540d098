/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <libsoup/soup.h>

#include "findings-office-db.h"
#include "findings-office-rate-limiter.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_OFFICE_DESK (findings_office_desk_get_type ())
G_DECLARE_FINAL_TYPE (FindingsOfficeDesk, findings_office_desk, FINDINGS, OFFICE_DESK, GObject)

FindingsOfficeDesk *findings_office_desk_new      (FindingsOfficeDb          *db,
                                                   FindingsOfficeRateLimiter *limiter);
void                findings_office_desk_register (FindingsOfficeDesk        *self,
                                                   SoupServer                *server);

G_END_DECLS
