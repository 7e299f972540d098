#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Startup of `findings --demo` against a minimal libadwaita window, each run several
# times on its own Xvfb; prints the medians and the ratio. A measurement, not a test.
set -eu

bench="$1"
runs="${2:-5}"

display_fd=3
exec 3>/tmp/findings-bench-display.$$
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -f /tmp/findings-bench-display.$$' EXIT
i=0
while [ ! -s /tmp/findings-bench-display.$$ ]; do
  i=$((i + 1)); [ "$i" -gt 200 ] && { echo "Xvfb did not start"; exit 1; }
  sleep 0.05
done
export DISPLAY=":$(head -n 1 /tmp/findings-bench-display.$$)"
export GDK_BACKEND=x11 NO_AT_BRIDGE=1 GTK_A11Y=none

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

measure() {
  : > /tmp/findings-bench-first.$$; : > /tmp/findings-bench-content.$$
  for _ in $(seq "$runs"); do
    set -- $("$bench" "$1")
    echo "$1" >> /tmp/findings-bench-first.$$
    echo "$2" >> /tmp/findings-bench-content.$$
  done
  echo "$(median < /tmp/findings-bench-first.$$) $(median < /tmp/findings-bench-content.$$)"
  rm -f /tmp/findings-bench-first.$$ /tmp/findings-bench-content.$$
}

base=$(measure minimal)
app=$(measure findings)
echo "minimal libadwaita window: first frame ${base% *} ms"
echo "findings --demo:           first frame ${app% *} ms, visits shown ${app#* } ms"
awk -v a="${app% *}" -v b="${base% *}" 'BEGIN { printf "first frame ratio: %.2f\n", a / b }'
