/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-technician-lock"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "findings-office-config.h"
#include "findings-technician-lock.h"
#include "findings-technician-lock-private.h"

/* The PIN of technician mode: its hash, where it is kept, and the waits after wrong
 * tries, which a restart must not undo. Each test has a config folder of its own
 * (G_TEST_OPTION_ISOLATE_DIRS). */

/* Few iterations keep the tests quick; the real count is tested through the format. */
#define TEST_ITERATIONS 1000

static char *
to_hex (const guint8 *bytes,
        gsize         len)
{
  GString *hex = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);

  return g_string_free (hex, FALSE);
}

/* RFC 7914, section 11: the PBKDF2-HMAC-SHA256 test vectors. */
static void
test_pbkdf2_vectors (void)
{
  static const struct
  {
    const char *password;
    const char *salt;
    guint       iterations;
    const char *expected;
  } vectors[] = {
    { "passwd", "salt", 1,
      "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
      "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783" },
    { "Password", "NaCl", 80000,
      "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
      "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      guint8 out[64];
      g_autofree char *hex = NULL;

      _findings_pbkdf2_sha256 ((const guint8 *) vectors[i].password,
                               strlen (vectors[i].password),
                               (const guint8 *) vectors[i].salt, strlen (vectors[i].salt),
                               vectors[i].iterations, out, sizeof out);
      hex = to_hex (out, sizeof out);
      g_assert_cmpstr (hex, ==, vectors[i].expected);

      /* A shorter key is the start of the longer one. */
      _findings_pbkdf2_sha256 ((const guint8 *) vectors[i].password,
                               strlen (vectors[i].password),
                               (const guint8 *) vectors[i].salt, strlen (vectors[i].salt),
                               vectors[i].iterations, out, 20);
      g_clear_pointer (&hex, g_free);
      hex = to_hex (out, 20);
      g_assert_true (g_str_has_prefix (vectors[i].expected, hex));
    }
}

static char *
pin_path (const char *name)
{
  return g_build_filename (g_get_user_config_dir (), "findings", name, NULL);
}

static FindingsTechnicianLock *
new_lock (void)
{
  FindingsTechnicianLock *lock = findings_technician_lock_new ();

  _findings_technician_lock_set_iterations (lock, TEST_ITERATIONS);
  return lock;
}

static void
test_format (void)
{
  g_autoptr(FindingsTechnicianLock) lock = new_lock ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = pin_path ("technician-pin");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree guint8 *salt = NULL;
  g_autofree guint8 *hash = NULL;
  gsize salt_len, hash_len;
  struct stat st;

  g_assert_false (findings_technician_lock_has_pin (lock, &error));
  g_assert_no_error (error);

  g_assert_true (findings_technician_lock_set_pin (lock, "482916", &error));
  g_assert_no_error (error);
  g_assert_true (findings_technician_lock_has_pin (lock, &error));
  g_assert_no_error (error);

  /* One line, only this user may read it, and no PIN in it. */
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &first, NULL, NULL));
  g_assert_null (strstr (first, "482916"));
  g_assert_true (g_str_has_suffix (first, "\n"));
  g_strstrip (first);
  g_assert_null (strchr (first, '\n'));

  parts = g_strsplit (first, "$", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 4);
  g_assert_cmpstr (parts[0], ==, "pbkdf2-sha256");
  g_assert_cmpstr (parts[1], ==, G_STRINGIFY (TEST_ITERATIONS));
  salt = g_base64_decode (parts[2], &salt_len);
  hash = g_base64_decode (parts[3], &hash_len);
  g_assert_cmpuint (salt_len, ==, 16);
  g_assert_cmpuint (hash_len, ==, 32);

  /* The hash is PBKDF2 of the PIN with that salt. */
  {
    guint8 expected[32];

    _findings_pbkdf2_sha256 ((const guint8 *) "482916", 6, salt, salt_len, TEST_ITERATIONS,
                             expected, sizeof expected);
    g_assert_cmpmem (expected, sizeof expected, hash, hash_len);
  }

  /* The same PIN again gets a new salt, so a new line. */
  g_assert_true (findings_technician_lock_set_pin (lock, "482916", &error));
  g_assert_true (g_file_get_contents (path, &second, NULL, NULL));
  g_strstrip (second);
  g_assert_cmpstr (first, !=, second);

  /* The app's real count is the slow one. */
  g_assert_cmpuint (FINDINGS_TECHNICIAN_LOCK_ITERATIONS, >=, 100000);
}

static void
test_new_pin_rules (void)
{
  g_autoptr(FindingsTechnicianLock) lock = new_lock ();
  const char *bad[] = { "", "123", "12a4", "1234567890123", " 1234", NULL };

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (findings_technician_lock_set_pin (lock, bad[i], &error));
      g_assert_error (error, FINDINGS_TECHNICIAN_LOCK_ERROR,
                      FINDINGS_TECHNICIAN_LOCK_ERROR_BAD_PIN);
    }
  g_assert_false (findings_technician_lock_has_pin (lock, NULL));
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Answer;

static void
unlocked_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Answer *answer = user_data;

  answer->ok = findings_technician_lock_unlock_finish (FINDINGS_TECHNICIAN_LOCK (object),
                                                       result, &answer->error);
  answer->done = TRUE;
}

/* Returns the error, or NULL if the PIN opened the lock. */
static GError *
try_pin (FindingsTechnicianLock *lock,
         const char             *pin)
{
  Answer answer = { FALSE, FALSE, NULL };

  findings_technician_lock_unlock_async (lock, pin, NULL, unlocked_cb, &answer);
  while (!answer.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (answer.ok == (answer.error == NULL));
  return answer.error;
}

static void
test_unlock (void)
{
  g_autoptr(FindingsTechnicianLock) lock = new_lock ();
  g_autoptr(GError) error = NULL;

  error = try_pin (lock, "2468");
  g_assert_error (error, FINDINGS_TECHNICIAN_LOCK_ERROR, FINDINGS_TECHNICIAN_LOCK_ERROR_NO_PIN);
  g_clear_error (&error);

  g_assert_true (findings_technician_lock_set_pin (lock, "2468", NULL));
  g_assert_null (try_pin (lock, "2468"));

  error = try_pin (lock, "2469");
  g_assert_error (error, FINDINGS_TECHNICIAN_LOCK_ERROR,
                  FINDINGS_TECHNICIAN_LOCK_ERROR_WRONG_PIN);
  g_clear_error (&error);
  /* A prefix, or the PIN and more, is as wrong. */
  error = try_pin (lock, "246");
  g_assert_error (error, FINDINGS_TECHNICIAN_LOCK_ERROR,
                  FINDINGS_TECHNICIAN_LOCK_ERROR_WRONG_PIN);
  g_clear_error (&error);
  g_assert_cmpuint (_findings_technician_lock_get_failures (lock), ==, 2);

  /* The right one clears the count. */
  g_assert_null (try_pin (lock, "2468"));
  g_assert_cmpuint (_findings_technician_lock_get_failures (lock), ==, 0);
}

static void
test_delay_policy (void)
{
  static const guint expected[] = { 0, 0, 0, 30, 60, 120, 300, 600, 900, 900 };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpuint (_findings_technician_lock_delay (i), ==, expected[i]);
  g_assert_cmpuint (_findings_technician_lock_delay (G_MAXUINT), ==, 900);

  /* 3 failures, the last at t = 1000 s: wait until 1030 s. */
  g_assert_cmpuint (_findings_technician_lock_remaining (3, 1000 * G_USEC_PER_SEC,
                                                         1000 * G_USEC_PER_SEC), ==, 30);
  g_assert_cmpuint (_findings_technician_lock_remaining (3, 1000 * G_USEC_PER_SEC,
                                                         1029 * G_USEC_PER_SEC + 1), ==, 1);
  g_assert_cmpuint (_findings_technician_lock_remaining (3, 1000 * G_USEC_PER_SEC,
                                                         1030 * G_USEC_PER_SEC), ==, 0);
  g_assert_cmpuint (_findings_technician_lock_remaining (2, 1000 * G_USEC_PER_SEC,
                                                         1000 * G_USEC_PER_SEC), ==, 0);
  /* A clock set back does not end the wait early. */
  g_assert_cmpuint (_findings_technician_lock_remaining (4, 1000 * G_USEC_PER_SEC,
                                                         10 * G_USEC_PER_SEC), ==, 60);
}

static gint64
test_clock (gpointer user_data)
{
  return *(gint64 *) user_data;
}

static FindingsTechnicianLock *
new_lock_at (gint64 *clock)
{
  FindingsTechnicianLock *lock = findings_technician_lock_new ();

  _findings_technician_lock_set_iterations (lock, TEST_ITERATIONS);
  _findings_technician_lock_set_clock (lock, test_clock, clock);
  return lock;
}

static void
test_delay_survives_restart (void)
{
  gint64 clock = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC;
  g_autoptr(FindingsTechnicianLock) lock = new_lock_at (&clock);
  g_autoptr(FindingsTechnicianLock) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tries = pin_path ("technician-pin-tries");
  struct stat st;

  g_assert_true (findings_technician_lock_set_pin (lock, "97531", NULL));

  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpuint (findings_technician_lock_get_wait (lock), ==, 0);
      error = try_pin (lock, "00000");
      g_assert_error (error, FINDINGS_TECHNICIAN_LOCK_ERROR,
                      FINDINGS_TECHNICIAN_LOCK_ERROR_WRONG_PIN);
      g_clear_error (&error);
      clock += G_USEC_PER_SEC;
    }
  /* One second has passed since the third. */
  g_assert_cmpuint (findings_technician_lock_get_wait (lock), ==, 29);

  /* The kiosk restarts: a new lock reads the same files. */
  g_clear_object (&lock);
  g_assert_cmpint (stat (tries, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  again = new_lock_at (&clock);
  g_assert_cmpuint (_findings_technician_lock_get_failures (again), ==, 3);
  g_assert_cmpuint (findings_technician_lock_get_wait (again), ==, 29);

  /* While the wait runs even the right PIN is not checked. */
  error = try_pin (again, "97531");
  g_assert_error (error, FINDINGS_TECHNICIAN_LOCK_ERROR, FINDINGS_TECHNICIAN_LOCK_ERROR_WAIT);
  g_assert_nonnull (strstr (error->message, "29 seconds"));
  g_clear_error (&error);

  /* After it, a fourth wrong try waits a minute. */
  clock += 29 * G_USEC_PER_SEC;
  g_assert_cmpuint (findings_technician_lock_get_wait (again), ==, 0);
  error = try_pin (again, "11111");
  g_assert_error (error, FINDINGS_TECHNICIAN_LOCK_ERROR,
                  FINDINGS_TECHNICIAN_LOCK_ERROR_WRONG_PIN);
  g_clear_error (&error);
  g_assert_cmpuint (findings_technician_lock_get_wait (again), ==, 60);

  clock += 60 * G_USEC_PER_SEC;
  g_assert_null (try_pin (again, "97531"));
  g_clear_object (&again);
  again = new_lock_at (&clock);
  g_assert_cmpuint (_findings_technician_lock_get_failures (again), ==, 0);
}

static void
test_refuses_shared_file (void)
{
  g_autoptr(FindingsTechnicianLock) lock = new_lock ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = pin_path ("technician-pin");

  g_assert_true (findings_technician_lock_set_pin (lock, "1357", NULL));
  g_assert_cmpint (chmod (path, 0644), ==, 0);

  g_assert_false (findings_technician_lock_has_pin (lock, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "chmod 600"));
  g_clear_error (&error);

  error = try_pin (lock, "1357");
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
}

static void
test_damaged (void)
{
  g_autoptr(FindingsTechnicianLock) lock = new_lock ();
  g_autoptr(GError) error = NULL;

  g_assert_true (findings_office_config_write_secret ("technician-pin", "1234", NULL));
  g_assert_false (findings_technician_lock_has_pin (lock, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  error = try_pin (lock, "1234");
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/technician-lock/pbkdf2-vectors", test_pbkdf2_vectors);
  g_test_add_func ("/technician-lock/format", test_format);
  g_test_add_func ("/technician-lock/new-pin-rules", test_new_pin_rules);
  g_test_add_func ("/technician-lock/unlock", test_unlock);
  g_test_add_func ("/technician-lock/delay-policy", test_delay_policy);
  g_test_add_func ("/technician-lock/delay-survives-restart", test_delay_survives_restart);
  g_test_add_func ("/technician-lock/refuses-shared-file", test_refuses_shared_file);
  g_test_add_func ("/technician-lock/damaged", test_damaged);

  return g_test_run ();
}
