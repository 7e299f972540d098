/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One visit of a page from the office, for findings_store_save_page_async(). */
typedef struct
{
  char      *id;
  char      *site_id;
  GDateTime *completed_at;
  GBytes    *body;
} FindingsStoreVisit;

#define FINDINGS_TYPE_STORE_VISIT (findings_store_visit_get_type ())

GType               findings_store_visit_get_type (void) G_GNUC_CONST;
FindingsStoreVisit *findings_store_visit_new      (const char               *id,
                                                   const char               *site_id,
                                                   GDateTime                *completed_at,
                                                   GBytes                   *body);
FindingsStoreVisit *findings_store_visit_copy     (const FindingsStoreVisit *visit);
void                findings_store_visit_free     (FindingsStoreVisit       *visit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FindingsStoreVisit, findings_store_visit_free)

G_END_DECLS
