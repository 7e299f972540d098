/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-office-config"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "findings-office-config.h"
#include "findings-session.h"

/* Why a token file or an authority file is not used reaches the installer: the
 * configuration says it, and the session puts it on the kiosk's status line rather
 * than only in a log. Each test has folders of its own (G_TEST_OPTION_ISOLATE_DIRS),
 * and the office address is a loopback port nothing listens on. */

static char *
write_token (guint mode)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "findings", NULL);
  char *path = g_build_filename (dir, "office-token", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "kiosk-token\n", -1, NULL));
  g_assert_cmpint (g_chmod (path, mode), ==, 0);

  return path;
}

static FindingsSession *
connected_session (FindingsOfficeConfig *office)
{
  FindingsSession *session = findings_session_new ("test-kiosk");
  g_autofree char *store = g_build_filename (g_get_user_data_dir (), "findings.db", NULL);

  g_assert_true (findings_session_open_store (session, store));
  findings_session_connect (session, office);

  return session;
}

static void
test_shared_token_file (void)
{
  g_autofree char *path = write_token (0644);
  g_autofree char *expected = g_strdup_printf ("%s can be read by other users, so it is not "
                                               "used. Make it private with “chmod 600 %s”.",
                                               path, path);
  g_autoptr(FindingsOfficeConfig) office = NULL;
  g_autoptr(FindingsSession) session = NULL;

  g_test_expect_message ("findings-office-config", G_LOG_LEVEL_WARNING, "*can be read by other users*");
  office = findings_office_config_load ();
  g_test_assert_expected_messages ();

  g_assert_nonnull (office);
  g_assert_null (findings_office_config_get_token (office));
  g_assert_cmpstr (findings_office_config_get_problem (office), ==, expected);

  /* The status line says it, and no sync starts with no token. */
  session = connected_session (office);
  g_assert_cmpstr (findings_session_get_sync_status (session), ==, expected);

  findings_session_stop (session);
}

static void
test_private_token_file (void)
{
  g_autofree char *path = write_token (0600);
  g_autoptr(FindingsOfficeConfig) office = findings_office_config_load ();

  g_assert_nonnull (office);
  g_assert_cmpstr (findings_office_config_get_token (office), ==, "kiosk-token");
  g_assert_null (findings_office_config_get_problem (office));
}

static void
test_unusable_authority (void)
{
  g_autofree char *path = write_token (0600);
  g_autofree char *ca = g_build_filename (g_get_user_config_dir (), "not-a-ca.pem", NULL);
  g_autoptr(FindingsOfficeConfig) office = NULL;
  g_autoptr(FindingsSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  const char *status;

  g_assert_true (g_file_set_contents (ca, "not a certificate\n", -1, NULL));
  g_setenv ("FINDINGS_CA_FILE", ca, TRUE);
  office = findings_office_config_load ();
  g_unsetenv ("FINDINGS_CA_FILE");

  g_assert_cmpstr (findings_office_config_get_ca_file (office), ==, ca);
  database = findings_office_config_dup_tls_database (office, &error);
  g_assert_null (database);
  g_assert_nonnull (error);

  session = connected_session (office);
  status = findings_session_get_sync_status (session);
  g_assert_nonnull (status);
  g_assert_true (g_str_has_prefix (status, "The certificate authority file"));
  g_assert_nonnull (strstr (status, "cannot be used"));

  findings_session_stop (session);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_setenv ("FINDINGS_OFFICE_URL", "http://127.0.0.1:9", TRUE);
  g_unsetenv ("FINDINGS_OFFICE_TOKEN");
  g_unsetenv ("FINDINGS_CA_FILE");

  g_test_add_func ("/office-config/shared-token-file", test_shared_token_file);
  g_test_add_func ("/office-config/private-token-file", test_private_token_file);
  g_test_add_func ("/office-config/unusable-authority", test_unusable_authority);

  return g_test_run ();
}
