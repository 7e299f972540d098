/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-set-pin"

#include "config.h"

#include "findings-set-pin.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "findings-technician-lock.h"

/* `findings --set-technician-pin`: the installer sets the PIN of technician mode. On a
 * terminal the PIN is asked twice, without echo; otherwise it is read from the first
 * line of standard input, for provisioning scripts. */

static char *
read_line (gboolean echo_off)
{
  struct termios saved, quiet;
  gboolean restore = FALSE;
  char buffer[256];
  char *line = NULL;

  if (echo_off && tcgetattr (STDIN_FILENO, &saved) == 0)
    {
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      quiet.c_lflag |= ECHONL;
      restore = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }

  if (fgets (buffer, sizeof buffer, stdin) != NULL)
    {
      buffer[strcspn (buffer, "\r\n")] = '\0';
      line = g_strdup (buffer);
    }
  memset (buffer, 0, sizeof buffer);

  if (restore)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);

  return line;
}

int
findings_set_pin_run (void)
{
  g_autoptr(FindingsTechnicianLock) lock = findings_technician_lock_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *pin = NULL;
  gboolean tty = isatty (STDIN_FILENO);

  if (tty)
    {
      g_autofree char *again = NULL;

      g_print (_("New technician PIN (%d to %d digits): "),
               FINDINGS_TECHNICIAN_PIN_MIN_LENGTH, FINDINGS_TECHNICIAN_PIN_MAX_LENGTH);
      pin = read_line (TRUE);
      if (pin != NULL && !findings_technician_lock_check_new_pin (pin, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_print (_("The same PIN again: "));
      again = read_line (TRUE);
      if (pin == NULL || again == NULL || !g_str_equal (pin, again))
        {
          g_printerr (_("The two PINs differ. Nothing was changed.\n"));
          return 1;
        }
    }
  else
    pin = read_line (FALSE);

  if (pin == NULL)
    {
      g_printerr (_("No PIN was given. Nothing was changed.\n"));
      return 1;
    }

  if (!findings_technician_lock_set_pin (lock, pin, &error))
    {
      g_printerr (_("The PIN was not saved: %s\n"), error->message);
      return 1;
    }

  g_print (_("The technician PIN is saved.\n"));
  return 0;
}
