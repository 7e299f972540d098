/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-technician-lock"

#include "config.h"

#include "findings-technician-lock.h"
#include "findings-technician-lock-private.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <glib/gi18n.h>

#include "findings-office-config.h"

/* Technician mode is behind a PIN the installer sets. The PIN is never stored: only a
 * salted PBKDF2-HMAC-SHA256 of it, slow on purpose, in a file only the kiosk's user
 * can read ("technician-pin", one line "pbkdf2-sha256$ITER$SALT$HASH"). After three
 * wrong tries each next one waits longer; the count and the time of the last wrong try
 * are kept in a sibling file ("technician-pin-tries"), so a restart does not reset
 * them. Hashing runs on a worker thread: it takes a noticeable fraction of a second. */

#define PIN_SECRET   "technician-pin"
#define TRIES_SECRET "technician-pin-tries"
#define SCHEME       "pbkdf2-sha256"
#define SALT_LENGTH  16
#define HASH_LENGTH  32
/* Refuse stored lines that would keep the worker busy for minutes, or be too weak. */
#define MIN_ITERATIONS 1000
#define MAX_ITERATIONS 100000000

struct _FindingsTechnicianLock
{
  GObject           parent_instance;

  FindingsLockClock clock;
  gpointer          clock_data;
  guint             iterations;

  guint             failures;
  gint64            last_failure_us;
  gboolean          busy;
};

G_DEFINE_FINAL_TYPE (FindingsTechnicianLock, findings_technician_lock, G_TYPE_OBJECT)

G_DEFINE_QUARK (findings-technician-lock-error-quark, findings_technician_lock_error)

static gint64
real_clock (gpointer user_data)
{
  return g_get_real_time ();
}

static gint64
now_us (FindingsTechnicianLock *self)
{
  return self->clock (self->clock_data);
}

void
_findings_pbkdf2_sha256 (const guint8 *password,
                         gsize         password_len,
                         const guint8 *salt,
                         gsize         salt_len,
                         guint         iterations,
                         guint8       *out,
                         gsize         out_len)
{
  g_autoptr(GHmac) keyed = NULL;

  g_return_if_fail (iterations >= 1);

  keyed = g_hmac_new (G_CHECKSUM_SHA256, password, password_len);

  for (guint32 block = 1; out_len > 0; block++)
    {
      guint8 u[HASH_LENGTH];
      guint8 t[HASH_LENGTH];
      guint8 index[4] = { block >> 24, block >> 16, block >> 8, block };
      gsize len = sizeof u;
      gsize n = MIN (out_len, (gsize) HASH_LENGTH);
      GHmac *hmac;

      /* U1 = PRF (P, S || INT (i)) */
      hmac = g_hmac_copy (keyed);
      g_hmac_update (hmac, salt, salt_len);
      g_hmac_update (hmac, index, sizeof index);
      g_hmac_get_digest (hmac, u, &len);
      g_hmac_unref (hmac);
      memcpy (t, u, sizeof t);

      /* Uj = PRF (P, Uj-1); T = U1 ^ U2 ^ … ^ Uc */
      for (guint j = 1; j < iterations; j++)
        {
          hmac = g_hmac_copy (keyed);
          g_hmac_update (hmac, u, sizeof u);
          len = sizeof u;
          g_hmac_get_digest (hmac, u, &len);
          g_hmac_unref (hmac);
          for (gsize k = 0; k < sizeof t; k++)
            t[k] ^= u[k];
        }

      memcpy (out, t, n);
      out += n;
      out_len -= n;
    }
}

char *
_findings_technician_lock_hash (const char   *pin,
                                const guint8 *salt,
                                gsize         salt_len,
                                guint         iterations)
{
  guint8 hash[HASH_LENGTH];
  g_autofree char *salt_b64 = NULL;
  g_autofree char *hash_b64 = NULL;

  _findings_pbkdf2_sha256 ((const guint8 *) pin, strlen (pin), salt, salt_len, iterations,
                           hash, sizeof hash);
  salt_b64 = g_base64_encode (salt, salt_len);
  hash_b64 = g_base64_encode (hash, sizeof hash);

  return g_strdup_printf (SCHEME "$%u$%s$%s", iterations, salt_b64, hash_b64);
}

static gboolean
constant_time_equal (const guint8 *a,
                     const guint8 *b,
                     gsize         len)
{
  guint8 diff = 0;

  for (gsize i = 0; i < len; i++)
    diff |= a[i] ^ b[i];

  return diff == 0;
}

static gboolean
parse_stored (const char  *stored,
              guint       *iterations,
              guint8     **salt,
              gsize       *salt_len,
              guint8     **hash,
              gsize       *hash_len,
              GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (stored, "$", -1);
  guint64 iter = 0;

  if (g_strv_length (parts) != 4 || !g_str_equal (parts[0], SCHEME) ||
      !g_ascii_string_to_unsigned (parts[1], 10, MIN_ITERATIONS, MAX_ITERATIONS, &iter, NULL))
    goto bad;

  *salt = g_base64_decode (parts[2], salt_len);
  *hash = g_base64_decode (parts[3], hash_len);
  if (*salt_len < 8 || *hash_len != HASH_LENGTH)
    {
      g_clear_pointer (salt, g_free);
      g_clear_pointer (hash, g_free);
      goto bad;
    }

  *iterations = iter;
  return TRUE;

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("The saved technician PIN is damaged. Set it again with "
                 "“findings --set-technician-pin”."));
  return FALSE;
}

gboolean
_findings_technician_lock_verify (const char  *pin,
                                  const char  *stored,
                                  GError     **error)
{
  g_autofree guint8 *salt = NULL;
  g_autofree guint8 *hash = NULL;
  guint8 computed[HASH_LENGTH];
  gsize salt_len, hash_len;
  guint iterations;

  if (!parse_stored (stored, &iterations, &salt, &salt_len, &hash, &hash_len, error))
    return FALSE;

  _findings_pbkdf2_sha256 ((const guint8 *) pin, strlen (pin), salt, salt_len, iterations,
                           computed, sizeof computed);
  if (!constant_time_equal (computed, hash, sizeof computed))
    {
      g_set_error_literal (error, FINDINGS_TECHNICIAN_LOCK_ERROR,
                           FINDINGS_TECHNICIAN_LOCK_ERROR_WRONG_PIN,
                           _("That PIN is not right."));
      return FALSE;
    }

  return TRUE;
}

guint
_findings_technician_lock_delay (guint failures)
{
  /* Three tries for a slip of the finger, then 30 s, 1, 2, 5, 10 and 15 minutes. */
  static const guint delays[] = { 30, 60, 120, 300, 600, 900 };

  if (failures < 3)
    return 0;

  return delays[MIN (failures - 3, G_N_ELEMENTS (delays) - 1)];
}

guint
_findings_technician_lock_remaining (guint  failures,
                                     gint64 last_failure_us,
                                     gint64 now_us)
{
  gint64 delay_us = (gint64) _findings_technician_lock_delay (failures) * G_USEC_PER_SEC;
  gint64 left;

  if (delay_us == 0)
    return 0;

  /* A clock set back must not shorten the wait: count it from now. */
  if (now_us < last_failure_us)
    left = delay_us;
  else
    left = last_failure_us + delay_us - now_us;

  if (left <= 0)
    return 0;

  return (guint) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

static void
load_tries (FindingsTechnicianLock *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = findings_office_config_read_secret (TRIES_SECRET, &error);
  g_auto(GStrv) parts = NULL;
  guint64 failures = 0;
  gint64 last = 0;

  if (line == NULL)
    {
      /* A file that was tampered with keeps the longest wait rather than none. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_warning ("%s", error->message);
          self->failures = MAX (self->failures, 8);
          self->last_failure_us = MAX (self->last_failure_us, now_us (self));
        }
      return;
    }

  parts = g_strsplit (line, " ", -1);
  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 0, G_MAXUINT, &failures, NULL) ||
      !g_ascii_string_to_signed (parts[1], 10, 0, G_MAXINT64, &last, NULL))
    {
      g_warning ("The file of wrong PIN tries is damaged; counting from the longest wait");
      failures = 8;
      last = now_us (self);
    }

  self->failures = failures;
  self->last_failure_us = last;
}

static gboolean
save_tries (guint    failures,
            gint64   last_failure_us,
            GError **error)
{
  g_autofree char *line = g_strdup_printf ("%u %" G_GINT64_FORMAT, failures, last_failure_us);

  return findings_office_config_write_secret (TRIES_SECRET, line, error);
}

static void
findings_technician_lock_class_init (FindingsTechnicianLockClass *klass)
{
}

static void
findings_technician_lock_init (FindingsTechnicianLock *self)
{
  self->clock = real_clock;
  self->iterations = FINDINGS_TECHNICIAN_LOCK_ITERATIONS;
}

/**
 * findings_technician_lock_new:
 *
 * Returns: (transfer full): the lock of technician mode, reading the wrong tries
 *   recorded before, by this or an earlier run
 */
FindingsTechnicianLock *
findings_technician_lock_new (void)
{
  FindingsTechnicianLock *self = g_object_new (FINDINGS_TYPE_TECHNICIAN_LOCK, NULL);

  load_tries (self);

  return self;
}

/**
 * findings_technician_lock_check_new_pin:
 * @pin: a PIN the installer typed
 *
 * Returns: %TRUE if @pin can be a technician PIN: digits only, the keypad's
 */
gboolean
findings_technician_lock_check_new_pin (const char  *pin,
                                        GError     **error)
{
  gsize len;

  g_return_val_if_fail (pin != NULL, FALSE);

  len = strlen (pin);
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (pin[i]))
      {
        g_set_error_literal (error, FINDINGS_TECHNICIAN_LOCK_ERROR,
                             FINDINGS_TECHNICIAN_LOCK_ERROR_BAD_PIN,
                             _("A PIN is made of digits only."));
        return FALSE;
      }

  if (len < FINDINGS_TECHNICIAN_PIN_MIN_LENGTH || len > FINDINGS_TECHNICIAN_PIN_MAX_LENGTH)
    {
      g_set_error (error, FINDINGS_TECHNICIAN_LOCK_ERROR,
                   FINDINGS_TECHNICIAN_LOCK_ERROR_BAD_PIN,
                   _("A PIN has %d to %d digits."),
                   FINDINGS_TECHNICIAN_PIN_MIN_LENGTH, FINDINGS_TECHNICIAN_PIN_MAX_LENGTH);
      return FALSE;
    }

  return TRUE;
}

/**
 * findings_technician_lock_has_pin:
 * @error: why the saved PIN cannot be used, if there is one that cannot
 *
 * Returns: %TRUE if the installer has set a PIN; %FALSE with @error unset if none was
 *   ever set, with @error set if the file holding it is refused or damaged
 */
gboolean
findings_technician_lock_has_pin (FindingsTechnicianLock  *self,
                                  GError                 **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *stored = NULL;
  g_autofree guint8 *salt = NULL;
  g_autofree guint8 *hash = NULL;
  gsize salt_len, hash_len;
  guint iterations;

  g_return_val_if_fail (FINDINGS_IS_TECHNICIAN_LOCK (self), FALSE);

  stored = findings_office_config_read_secret (PIN_SECRET, &local_error);
  if (stored == NULL)
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return parse_stored (stored, &iterations, &salt, &salt_len, &hash, &hash_len, error);
}

/**
 * findings_technician_lock_get_wait:
 *
 * Returns: the seconds before the next try is taken, 0 if it may be now
 */
guint
findings_technician_lock_get_wait (FindingsTechnicianLock *self)
{
  g_return_val_if_fail (FINDINGS_IS_TECHNICIAN_LOCK (self), 0);

  return _findings_technician_lock_remaining (self->failures, self->last_failure_us,
                                              now_us (self));
}

/**
 * findings_technician_lock_set_pin:
 * @pin: the new PIN, digits only
 *
 * Saves a new PIN's salted hash, blocking for the hash: for the command line. The app
 * calls findings_technician_lock_set_pin_async().
 *
 * Returns: %TRUE once saved
 */
gboolean
findings_technician_lock_set_pin (FindingsTechnicianLock  *self,
                                  const char              *pin,
                                  GError                 **error)
{
  guint8 salt[SALT_LENGTH];
  g_autofree char *line = NULL;

  g_return_val_if_fail (FINDINGS_IS_TECHNICIAN_LOCK (self), FALSE);
  g_return_val_if_fail (pin != NULL, FALSE);

  if (!findings_technician_lock_check_new_pin (pin, error))
    return FALSE;

  if (getrandom (salt, sizeof salt, 0) != sizeof salt)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("No random numbers for the PIN’s salt: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  line = _findings_technician_lock_hash (pin, salt, sizeof salt, self->iterations);
  if (!findings_office_config_write_secret (PIN_SECRET, line, error))
    return FALSE;

  /* A new PIN starts with a clean slate. */
  return save_tries (0, 0, error);
}

static void
set_pin_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (findings_technician_lock_set_pin (source_object, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
findings_technician_lock_set_pin_async (FindingsTechnicianLock *self,
                                        const char             *pin,
                                        GCancellable           *cancellable,
                                        GAsyncReadyCallback     callback,
                                        gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (FINDINGS_IS_TECHNICIAN_LOCK (self));
  g_return_if_fail (pin != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, findings_technician_lock_set_pin_async);

  if (!findings_technician_lock_check_new_pin (pin, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, g_strdup (pin), g_free);
  g_task_run_in_thread (task, set_pin_thread);
}

gboolean
findings_technician_lock_set_pin_finish (FindingsTechnicianLock  *self,
                                         GAsyncResult            *result,
                                         GError                 **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  self->failures = 0;
  self->last_failure_us = 0;
  return TRUE;
}

typedef struct
{
  char   *pin;
  char   *stored;
  guint   failures;
  gint64  now_us;
} UnlockData;

static void
unlock_data_free (gpointer data)
{
  UnlockData *unlock = data;

  /* Not left lying in freed memory. */
  if (unlock->pin != NULL)
    memset (unlock->pin, 0, strlen (unlock->pin));
  g_free (unlock->pin);
  g_free (unlock->stored);
  g_free (unlock);
}

static void
unlock_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  UnlockData *unlock = task_data;
  g_autoptr(GError) error = NULL;
  GError *save_error = NULL;

  if (_findings_technician_lock_verify (unlock->pin, unlock->stored, &error))
    {
      if (unlock->failures > 0 && !save_tries (0, 0, &save_error))
        {
          g_warning ("Could not reset the wrong PIN tries: %s", save_error->message);
          g_clear_error (&save_error);
        }
      unlock->failures = 0;
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_error_matches (error, FINDINGS_TECHNICIAN_LOCK_ERROR,
                       FINDINGS_TECHNICIAN_LOCK_ERROR_WRONG_PIN))
    {
      unlock->failures++;
      /* Counted before the answer is shown, so switching off does not undo it. */
      if (!save_tries (unlock->failures, unlock->now_us, &save_error))
        {
          g_task_return_error (task, save_error);
          return;
        }
    }

  g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * findings_technician_lock_describe_wait:
 * @seconds: from findings_technician_lock_get_wait(), not 0
 *
 * Returns: (transfer full): how long to wait, in plain words
 */
char *
findings_technician_lock_describe_wait (guint seconds)
{
  guint minutes = (seconds + 59) / 60;

  if (seconds < 120)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Too many wrong tries. Try again in %u second.",
                                         "Too many wrong tries. Try again in %u seconds.",
                                         seconds),
                            seconds);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Too many wrong tries. Try again in %u minute.",
                                       "Too many wrong tries. Try again in %u minutes.",
                                       minutes),
                          minutes);
}

/**
 * findings_technician_lock_unlock_async:
 * @pin: what was typed on the keypad
 *
 * Checks @pin on a worker thread. A wrong one is counted, and saved, before the
 * answer comes; while a wait is due, no PIN is even checked.
 */
void
findings_technician_lock_unlock_async (FindingsTechnicianLock *self,
                                       const char             *pin,
                                       GCancellable           *cancellable,
                                       GAsyncReadyCallback     callback,
                                       gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  UnlockData *unlock;
  guint wait;

  g_return_if_fail (FINDINGS_IS_TECHNICIAN_LOCK (self));
  g_return_if_fail (pin != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, findings_technician_lock_unlock_async);

  /* One try at a time: a second tap while hashing is not a free extra try. */
  if (self->busy)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("Still checking the last PIN."));
      return;
    }

  /* Another run (the command line setting a PIN) may have changed the count. */
  load_tries (self);
  wait = findings_technician_lock_get_wait (self);
  if (wait > 0)
    {
      g_autofree char *message = findings_technician_lock_describe_wait (wait);

      g_task_return_new_error (task, FINDINGS_TECHNICIAN_LOCK_ERROR,
                               FINDINGS_TECHNICIAN_LOCK_ERROR_WAIT, "%s", message);
      return;
    }

  stored = findings_office_config_read_secret (PIN_SECRET, &error);
  if (stored == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_task_return_new_error (task, FINDINGS_TECHNICIAN_LOCK_ERROR,
                                 FINDINGS_TECHNICIAN_LOCK_ERROR_NO_PIN,
                                 _("No technician PIN is set on this kiosk."));
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  unlock = g_new0 (UnlockData, 1);
  unlock->pin = g_strdup (pin);
  unlock->stored = g_steal_pointer (&stored);
  unlock->failures = self->failures;
  unlock->now_us = now_us (self);
  g_task_set_task_data (task, unlock, unlock_data_free);

  self->busy = TRUE;
  g_task_run_in_thread (task, unlock_thread);
}

/**
 * findings_technician_lock_unlock_finish:
 *
 * Returns: %TRUE if the PIN was right; otherwise %FALSE with @error in the
 *   %FINDINGS_TECHNICIAN_LOCK_ERROR domain (wrong PIN, wait, no PIN) or another
 *   saying why the PIN could not be checked
 */
gboolean
findings_technician_lock_unlock_finish (FindingsTechnicianLock  *self,
                                        GAsyncResult            *result,
                                        GError                 **error)
{
  UnlockData *unlock;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  unlock = g_task_get_task_data (G_TASK (result));
  ok = g_task_propagate_boolean (G_TASK (result), &local_error);

  if (unlock != NULL)
    {
      self->busy = FALSE;
      if (ok)
        {
          self->failures = 0;
          self->last_failure_us = 0;
        }
      else if (g_error_matches (local_error, FINDINGS_TECHNICIAN_LOCK_ERROR,
                                FINDINGS_TECHNICIAN_LOCK_ERROR_WRONG_PIN))
        {
          /* findings_technician_lock_get_wait() now says how long the next one waits. */
          self->failures = unlock->failures;
          self->last_failure_us = unlock->now_us;
        }
    }

  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return ok;
}

void
_findings_technician_lock_set_clock (FindingsTechnicianLock *self,
                                     FindingsLockClock       clock,
                                     gpointer                user_data)
{
  g_return_if_fail (FINDINGS_IS_TECHNICIAN_LOCK (self));

  self->clock = clock != NULL ? clock : real_clock;
  self->clock_data = user_data;
}

void
_findings_technician_lock_set_iterations (FindingsTechnicianLock *self,
                                          guint                   iterations)
{
  g_return_if_fail (FINDINGS_IS_TECHNICIAN_LOCK (self));
  g_return_if_fail (iterations >= MIN_ITERATIONS);

  self->iterations = iterations;
}

guint
_findings_technician_lock_get_failures (FindingsTechnicianLock *self)
{
  g_return_val_if_fail (FINDINGS_IS_TECHNICIAN_LOCK (self), 0);

  return self->failures;
}
