#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The kiosk binary carries no HTTP server: `findings --demo` runs the findings-office
# program beside it. Neither libsoup's server nor the office's own code may be in it.
set -eu

app="$1"

dynamic=$(readelf --wide --dyn-syms "$app")
# The sync is a libsoup client: without its symbols this check would look at nothing.
if ! echo "$dynamic" | grep -q 'soup_session_'; then
  echo "no-server-in-app: no soup_session_ symbol in $app; is this the findings binary?"
  exit 1
fi

failed=0
if echo "$dynamic" | grep -q 'soup_server_'; then
  echo "no-server-in-app: $app uses libsoup's server:"
  echo "$dynamic" | grep 'soup_server_' | head -n 5
  failed=1
fi

# An unstripped build also names its own functions: none of the office's.
if nm "$app" 2>/dev/null | grep -q 'findings_office_\(server\|db\)_'; then
  echo "no-server-in-app: $app contains the office's code:"
  nm "$app" | grep 'findings_office_\(server\|db\)_' | head -n 5
  failed=1
fi

[ "$failed" -eq 0 ] && echo "no-server-in-app: $app has no server in it"
exit "$failed"
