/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-office"

#include "config.h"

#include <glib.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "findings-office-cli.h"

int
main (int   argc,
      char *argv[])
{
  const char *localedir;

  setlocale (LC_ALL, "");
  /* The desk's pages come in the browser's language, from the project's catalogues;
   * `meson devenv` and the tests point this at the build tree's. */
  localedir = g_getenv ("FINDINGS_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return findings_office_cli_run (argc, argv);
}
