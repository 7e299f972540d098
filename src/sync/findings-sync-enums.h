/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registered as GTypes by glib-mkenums (findings-sync-enum-types.h). */

typedef enum
{
  FINDINGS_SYNC_STATE_IDLE,
  FINDINGS_SYNC_STATE_SYNCING,
  FINDINGS_SYNC_STATE_OFFLINE,
  FINDINGS_SYNC_STATE_WAITING_RETRY,
  FINDINGS_SYNC_STATE_UNAUTHORIZED,
  FINDINGS_SYNC_STATE_ERROR,
} FindingsSyncState;

typedef enum
{
  FINDINGS_SYNC_OUTCOME_SENT,
  FINDINGS_SYNC_OUTCOME_REFUSED,
  FINDINGS_SYNC_OUTCOME_WAITING,
} FindingsSyncOutcomeKind;

G_END_DECLS
