/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-office"

#include "config.h"

#include <locale.h>

#include "findings-office-cli.h"

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");

  return findings_office_cli_run (argc, argv);
}
