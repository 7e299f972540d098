/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-store"

#include "config.h"

#include "findings-store-visit.h"

G_DEFINE_BOXED_TYPE (FindingsStoreVisit, findings_store_visit,
                     findings_store_visit_copy, findings_store_visit_free)

/**
 * findings_store_visit_new:
 * @id: the visit's id
 * @site_id: (nullable): its site's id
 * @completed_at: (nullable): when the visit was completed
 * @body: the visit document as the office sent it
 *
 * Returns: (transfer full): one visit for findings_store_save_page_async()
 */
FindingsStoreVisit *
findings_store_visit_new (const char *id,
                          const char *site_id,
                          GDateTime  *completed_at,
                          GBytes     *body)
{
  FindingsStoreVisit *visit = g_new0 (FindingsStoreVisit, 1);

  visit->id = g_strdup (id);
  visit->site_id = g_strdup (site_id);
  visit->completed_at = completed_at != NULL ? g_date_time_ref (completed_at) : NULL;
  visit->body = body != NULL ? g_bytes_ref (body) : NULL;

  return visit;
}

FindingsStoreVisit *
findings_store_visit_copy (const FindingsStoreVisit *visit)
{
  g_return_val_if_fail (visit != NULL, NULL);

  return findings_store_visit_new (visit->id, visit->site_id, visit->completed_at, visit->body);
}

void
findings_store_visit_free (FindingsStoreVisit *visit)
{
  if (visit == NULL)
    return;

  g_free (visit->id);
  g_free (visit->site_id);
  g_clear_pointer (&visit->completed_at, g_date_time_unref);
  g_clear_pointer (&visit->body, g_bytes_unref);
  g_free (visit);
}
