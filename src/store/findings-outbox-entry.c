/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-store"

#include "config.h"

#include "findings-outbox-entry.h"

G_DEFINE_BOXED_TYPE (FindingsOutboxEntry, findings_outbox_entry,
                     findings_outbox_entry_copy, findings_outbox_entry_free)

FindingsOutboxEntry *
findings_outbox_entry_copy (const FindingsOutboxEntry *entry)
{
  FindingsOutboxEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_new0 (FindingsOutboxEntry, 1);
  *copy = *entry;
  copy->id = g_strdup (entry->id);
  copy->visit_id = g_strdup (entry->visit_id);
  copy->recommendation_id = g_strdup (entry->recommendation_id);
  copy->body = entry->body != NULL ? g_bytes_ref (entry->body) : NULL;
  copy->last_error = g_strdup (entry->last_error);
  copy->problem_type = g_strdup (entry->problem_type);
  copy->response = g_strdup (entry->response);

  return copy;
}

void
findings_outbox_entry_free (FindingsOutboxEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->id);
  g_free (entry->visit_id);
  g_free (entry->recommendation_id);
  g_clear_pointer (&entry->body, g_bytes_unref);
  g_free (entry->last_error);
  g_free (entry->problem_type);
  g_free (entry->response);
  g_free (entry);
}
