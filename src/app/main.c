/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "findings-application.h"

static gboolean
wants_kiosk (int    argc,
             char **argv)
{
  for (int i = 1; i < argc; i++)
    if (g_strcmp0 (argv[i], "--kiosk") == 0)
      return TRUE;

  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FindingsApplication) app = NULL;
  const char *localedir;

  /* In a public kiosk nobody may open the inspector, not even through the
   * environment: drop GTK_DEBUG before GTK reads it. */
  if (wants_kiosk (argc, argv))
    {
      g_unsetenv ("GTK_DEBUG");
      g_unsetenv ("GTK_INSPECTOR_DISPLAY");
    }

  setlocale (LC_ALL, "");
  /* `meson devenv` points this at the build tree's catalogues. */
  localedir = g_getenv ("FINDINGS_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = findings_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
