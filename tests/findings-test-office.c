/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>

#include "findings-test-office.h"

/* A child of a test: a failed assertion must not leave an office running. */
void
findings_test_office_child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Runs `findings-office --db DB FIRST ARGS…` to its end; returns its standard output,
 * with its exit status and standard error where asked. */
char *
findings_test_office_runv (const char  *db,
                           int         *out_status,
                           char       **out_stderr,
                           const char  *first,
                           va_list      args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_assert_nonnull (g_getenv ("FINDINGS_OFFICE"));
  g_ptr_array_add (argv, (gpointer) g_getenv ("FINDINGS_OFFICE"));
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, (gpointer) db);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, findings_test_office_child_setup, NULL,
                                         NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, out_stderr, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  if (out_status != NULL)
    *out_status = g_subprocess_get_exit_status (process);
  return out;
}

char *
findings_test_office_run (const char  *db,
                          int         *out_status,
                          char       **out_stderr,
                          const char  *first,
                          ...)
{
  va_list args;
  char *out;

  va_start (args, first);
  out = findings_test_office_runv (db, out_status, out_stderr, first, args);
  va_end (args);

  return out;
}

/* Runs a command that must succeed; returns its output without the last newline. */
char *
findings_test_office_cli (const char *db,
                          const char *first,
                          ...)
{
  g_autofree char *err = NULL;
  va_list args;
  char *out;
  int status;

  va_start (args, first);
  out = findings_test_office_runv (db, &status, &err, first, args);
  va_end (args);

  if (status != 0)
    g_error ("findings-office %s failed: %s", first, err);

  return g_strchomp (out);
}
