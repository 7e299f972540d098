/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "findings-decision.h"

G_BEGIN_DECLS

typedef enum
{
  FINDINGS_OUTBOX_STATE_PENDING,
  FINDINGS_OUTBOX_STATE_SENT,
  FINDINGS_OUTBOX_STATE_REFUSED,
} FindingsOutboxState;

/* One decision in the outbox. Times are microseconds since 1970 (UTC), as
 * g_get_real_time() gives them; 0 for a time that has not happened. */
typedef struct
{
  char                *id;
  char                *visit_id;
  char                *recommendation_id;
  FindingsAction       action;
  /* The exact bytes to send: a retry sends the very same body. */
  GBytes              *body;
  FindingsOutboxState  state;
  /* Failed tries so far; only a reschedule counts one. */
  guint                attempts;
  gint64               created_at;
  gint64               next_attempt_at;
  gint64               sent_at;
  char                *last_error;
  char                *problem_type;
  char                *response;
} FindingsOutboxEntry;

#define FINDINGS_TYPE_OUTBOX_ENTRY (findings_outbox_entry_get_type ())

GType                findings_outbox_entry_get_type (void) G_GNUC_CONST;
FindingsOutboxEntry *findings_outbox_entry_copy     (const FindingsOutboxEntry *entry);
void                 findings_outbox_entry_free     (FindingsOutboxEntry       *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FindingsOutboxEntry, findings_outbox_entry_free)

G_END_DECLS
