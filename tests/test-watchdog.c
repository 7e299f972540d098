/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-watchdog"

#include "config.h"

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>

#include "findings-watchdog.h"

/* Plays systemd's side: a datagram socket named by NOTIFY_SOCKET. */
static GSocket *
listen_notify (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "notify", NULL);
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);
  g_autoptr(GError) error = NULL;
  GSocket *socket;

  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, address, TRUE, &error));
  g_assert_no_error (error);
  g_setenv ("NOTIFY_SOCKET", path, TRUE);

  return socket;
}

static char *
receive (GSocket *socket)
{
  char buffer[256] = { 0 };
  g_autoptr(GError) error = NULL;
  gssize n;

  /* Wait for a ping the main loop sends, without a fixed time. */
  while (!g_socket_condition_check (socket, G_IO_IN))
    g_main_context_iteration (NULL, TRUE);

  n = g_socket_receive (socket, buffer, sizeof buffer - 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, >, 0);

  return g_strndup (buffer, n);
}

static void
test_ready_and_pings (void)
{
  g_autofree char *dir = g_dir_make_tmp ("findings-watchdog-XXXXXX", NULL);
  g_autoptr(GSocket) socket = listen_notify (dir);
  g_autofree char *ready = NULL;
  g_autofree char *ping = NULL;
  g_autofree char *again = NULL;
  g_autofree char *path = g_build_filename (dir, "notify", NULL);
  guint source;

  g_setenv ("WATCHDOG_USEC", "20000", TRUE);
  source = findings_watchdog_start ();
  g_assert_cmpuint (source, !=, 0);

  ready = receive (socket);
  g_assert_cmpstr (ready, ==, "READY=1");
  ping = receive (socket);
  g_assert_cmpstr (ping, ==, "WATCHDOG=1");
  again = receive (socket);
  g_assert_cmpstr (again, ==, "WATCHDOG=1");

  g_source_remove (source);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_without_systemd (void)
{
  g_unsetenv ("NOTIFY_SOCKET");
  g_unsetenv ("WATCHDOG_USEC");

  /* Outside systemd nothing is sent and no timer runs. */
  g_assert_false (findings_watchdog_notify ("READY=1"));
  g_assert_cmpuint (findings_watchdog_start (), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/watchdog/ready-and-pings", test_ready_and_pings);
  g_test_add_func ("/watchdog/without-systemd", test_without_systemd);

  return g_test_run ();
}
