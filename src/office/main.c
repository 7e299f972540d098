/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-office"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <sys/resource.h>

#include <glib.h>
#include <glib/gi18n.h>

#include "findings-office-cli.h"

/* Every connection is a descriptor: take all the system allows this process. The
 * office still copes when they run out (findings-office-listener.c). */
static void
raise_descriptor_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max)
    return;

  limit.rlim_cur = limit.rlim_max;
  if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
    g_debug ("Could not raise the limit of open files: %s", g_strerror (errno));
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir;

  setlocale (LC_ALL, "");
  raise_descriptor_limit ();
  /* The desk's pages come in the browser's language, from the project's catalogues;
   * `meson devenv` and the tests point this at the build tree's. */
  localedir = g_getenv ("FINDINGS_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return findings_office_cli_run (argc, argv);
}
