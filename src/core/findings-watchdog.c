/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-watchdog"

#include "config.h"

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>

#include "findings-watchdog.h"

/* A kiosk under systemd (Type=notify, WatchdogSec=) says it is ready, then pings from
 * the main loop: if the loop hangs, the pings stop and systemd restarts the app. This
 * speaks the sd_notify datagram protocol directly, so no libsystemd is needed. */

gboolean
findings_watchdog_notify (const char *state)
{
  const char *path = g_getenv ("NOTIFY_SOCKET");
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (state != NULL, FALSE);

  if (path == NULL || *path == '\0')
    return FALSE;

  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_DEFAULT, &error);
  if (socket == NULL)
    {
      g_debug ("No notify socket: %s", error->message);
      return FALSE;
    }

  /* A leading "@" names an abstract socket. */
  if (path[0] == '@')
    address = g_unix_socket_address_new_with_type (path + 1, -1,
                                                    G_UNIX_SOCKET_ADDRESS_ABSTRACT);
  else
    address = g_unix_socket_address_new (path);

  if (g_socket_send_to (socket, address, state, strlen (state), NULL, &error) < 0)
    {
      g_debug ("Could not notify systemd: %s", error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
ping_cb (gpointer user_data)
{
  findings_watchdog_notify ("WATCHDOG=1");
  return G_SOURCE_CONTINUE;
}

/* Says READY=1 and, when systemd asked for a watchdog, pings at half its interval
 * from the default main context. Returns the ping source, or 0 without a watchdog. */
guint
findings_watchdog_start (void)
{
  const char *usec = g_getenv ("WATCHDOG_USEC");
  guint64 interval_us;

  findings_watchdog_notify ("READY=1");

  if (usec == NULL || !g_ascii_string_to_unsigned (usec, 10, 1, G_MAXUINT64, &interval_us, NULL))
    return 0;

  return g_timeout_add (MAX (1, (guint) MIN (interval_us / 2000, G_MAXUINT)), ping_cb, NULL);
}
