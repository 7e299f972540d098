/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-office"

#include "config.h"

#include "findings-office-rate-limiter-private.h"

/* Failed sign-ins and bad tokens, counted per client address. A client that fails
 * too often in a window is refused for a while; each block in a row lasts twice
 * as long as the one before, up to a cap. The table is bounded: entries expire,
 * and when it is full the oldest entry that is not blocked makes room. */

#define DEFAULT_MAX_FAILURES   10
#define DEFAULT_WINDOW_SECONDS 60
#define DEFAULT_BLOCK_SECONDS  60
#define DEFAULT_MAX_CLIENTS    4096
#define MAX_BLOCK_DOUBLINGS    4

typedef struct
{
  guint  failures;       /* in the window that started at window_start */
  guint  blocks;         /* blocks in a row, for the doubling */
  gint64 window_start;
  gint64 blocked_until;  /* 0: not blocked */
  gint64 last_seen;
} Entry;

struct _FindingsOfficeRateLimiter
{
  GObject                         parent_instance;

  GHashTable                     *entries;  /* client → Entry */
  FindingsOfficeRateLimiterClock  clock;
  gpointer                        clock_data;
  guint                           max_failures;
  gint64                          window;   /* µs */
  gint64                          block;    /* µs */
  guint                           max_clients;
};

G_DEFINE_FINAL_TYPE (FindingsOfficeRateLimiter, findings_office_rate_limiter, G_TYPE_OBJECT)

static gint64
real_clock (gpointer user_data)
{
  return g_get_monotonic_time ();
}

/* An entry can go once its window and block are over and a block's memory (one
 * more longest block) has passed. */
static gboolean
entry_expired (FindingsOfficeRateLimiter *self,
               const Entry               *entry,
               gint64                     now)
{
  gint64 end = MAX (entry->window_start + self->window, entry->blocked_until);

  if (entry->blocks > 0)
    end += self->block << MAX_BLOCK_DOUBLINGS;

  return now >= end;
}

static void
purge (FindingsOfficeRateLimiter *self,
       gint64                     now)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (entry_expired (self, value, now))
      g_hash_table_iter_remove (&iter);
}

/* Called with a full table after purging: an unblocked entry goes first, the
 * oldest seen; if every one is blocked, the one whose block ends first. */
static void
evict_one (FindingsOfficeRateLimiter *self,
           gint64                     now)
{
  GHashTableIter iter;
  gpointer key;
  gpointer value;
  gpointer victim = NULL;
  gboolean victim_blocked = TRUE;
  gint64 victim_rank = G_MAXINT64;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Entry *entry = value;
      gboolean blocked = entry->blocked_until > now;
      gint64 rank = blocked ? entry->blocked_until : entry->last_seen;

      if ((victim_blocked && !blocked) || (blocked == victim_blocked && rank < victim_rank))
        {
          victim = key;
          victim_blocked = blocked;
          victim_rank = rank;
        }
    }

  if (victim != NULL)
    g_hash_table_remove (self->entries, victim);
}

static Entry *
lookup (FindingsOfficeRateLimiter *self,
        const char                *client,
        gint64                     now)
{
  Entry *entry = g_hash_table_lookup (self->entries, client);

  if (entry != NULL && entry_expired (self, entry, now))
    {
      g_hash_table_remove (self->entries, client);
      entry = NULL;
    }

  return entry;
}

static void
findings_office_rate_limiter_finalize (GObject *object)
{
  FindingsOfficeRateLimiter *self = (FindingsOfficeRateLimiter *) object;

  g_hash_table_unref (self->entries);

  G_OBJECT_CLASS (findings_office_rate_limiter_parent_class)->finalize (object);
}

static void
findings_office_rate_limiter_class_init (FindingsOfficeRateLimiterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = findings_office_rate_limiter_finalize;
}

static void
findings_office_rate_limiter_init (FindingsOfficeRateLimiter *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->clock = real_clock;
  _findings_office_rate_limiter_set_policy (self, DEFAULT_MAX_FAILURES, DEFAULT_WINDOW_SECONDS,
                                            DEFAULT_BLOCK_SECONDS, DEFAULT_MAX_CLIENTS);
}

/**
 * findings_office_rate_limiter_new:
 *
 * Creates a limiter of failed sign-ins and bad tokens per client address.
 *
 * Returns: (transfer full): the limiter
 */
FindingsOfficeRateLimiter *
findings_office_rate_limiter_new (void)
{
  return g_object_new (FINDINGS_TYPE_OFFICE_RATE_LIMITER, NULL);
}

/**
 * findings_office_rate_limiter_allow:
 * @client: the client's address, such as `127.0.0.1`
 * @out_retry_after: (out) (optional): when refused, the seconds to wait
 *
 * Whether @client may try a token or a sign-in now. When it may not, answer
 * 429 with `Retry-After: *out_retry_after` and do not look at its token.
 *
 * Returns: %TRUE if it may try
 */
gboolean
findings_office_rate_limiter_allow (FindingsOfficeRateLimiter *self,
                                    const char                *client,
                                    guint                     *out_retry_after)
{
  gint64 now;
  Entry *entry;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_RATE_LIMITER (self), FALSE);
  g_return_val_if_fail (client != NULL, FALSE);

  if (out_retry_after != NULL)
    *out_retry_after = 0;

  now = self->clock (self->clock_data);
  entry = lookup (self, client, now);
  if (entry == NULL || entry->blocked_until <= now)
    return TRUE;

  if (out_retry_after != NULL)
    *out_retry_after = (guint) MAX (1, (entry->blocked_until - now + G_USEC_PER_SEC - 1)
                                       / G_USEC_PER_SEC);
  return FALSE;
}

/**
 * findings_office_rate_limiter_fail:
 * @client: the client's address
 *
 * Counts a failed sign-in or a bad token from @client.
 */
void
findings_office_rate_limiter_fail (FindingsOfficeRateLimiter *self,
                                   const char                *client)
{
  gint64 now;
  Entry *entry;

  g_return_if_fail (FINDINGS_IS_OFFICE_RATE_LIMITER (self));
  g_return_if_fail (client != NULL);

  now = self->clock (self->clock_data);
  entry = lookup (self, client, now);
  if (entry == NULL)
    {
      if (g_hash_table_size (self->entries) >= self->max_clients)
        purge (self, now);
      if (g_hash_table_size (self->entries) >= self->max_clients)
        evict_one (self, now);

      entry = g_new0 (Entry, 1);
      entry->window_start = now;
      g_hash_table_insert (self->entries, g_strdup (client), entry);
    }

  entry->last_seen = now;
  if (entry->blocked_until > now)
    return;

  if (now - entry->window_start >= self->window)
    {
      entry->window_start = now;
      entry->failures = 0;
    }

  entry->failures++;
  if (entry->failures >= self->max_failures)
    {
      entry->blocked_until = now + (self->block << MIN (entry->blocks, MAX_BLOCK_DOUBLINGS));
      entry->blocks++;
      entry->failures = 0;
      entry->window_start = entry->blocked_until;
    }
}

/**
 * findings_office_rate_limiter_succeed:
 * @client: the client's address
 *
 * Forgets @client's failures after a good sign-in or token.
 */
void
findings_office_rate_limiter_succeed (FindingsOfficeRateLimiter *self,
                                      const char                *client)
{
  g_return_if_fail (FINDINGS_IS_OFFICE_RATE_LIMITER (self));
  g_return_if_fail (client != NULL);

  g_hash_table_remove (self->entries, client);
}

void
_findings_office_rate_limiter_set_clock (FindingsOfficeRateLimiter      *self,
                                         FindingsOfficeRateLimiterClock  clock,
                                         gpointer                        user_data)
{
  g_return_if_fail (FINDINGS_IS_OFFICE_RATE_LIMITER (self));

  self->clock = clock != NULL ? clock : real_clock;
  self->clock_data = user_data;
}

void
_findings_office_rate_limiter_set_policy (FindingsOfficeRateLimiter *self,
                                          guint                      max_failures,
                                          guint                      window_seconds,
                                          guint                      block_seconds,
                                          guint                      max_clients)
{
  g_return_if_fail (FINDINGS_IS_OFFICE_RATE_LIMITER (self));
  g_return_if_fail (max_failures > 0 && max_clients > 0);

  self->max_failures = max_failures;
  self->window = (gint64) window_seconds * G_USEC_PER_SEC;
  self->block = (gint64) block_seconds * G_USEC_PER_SEC;
  self->max_clients = max_clients;
}

guint
_findings_office_rate_limiter_get_size (FindingsOfficeRateLimiter *self)
{
  g_return_val_if_fail (FINDINGS_IS_OFFICE_RATE_LIMITER (self), 0);

  return g_hash_table_size (self->entries);
}
