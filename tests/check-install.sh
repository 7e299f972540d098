#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the build into a staging prefix and checks that everything the Flatpak
# manifest relies on lands where it should.
set -eu

build="$1"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

meson install -C "$build" --destdir "$stage" --no-rebuild --quiet

prefix=$(meson introspect "$build" --buildoptions | /usr/bin/python3 -c \
  'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
root="$stage$prefix"

failed=0
expect() {
  if [ ! -e "$root/$1" ]; then
    echo "install-layout: missing $prefix/$1"
    failed=1
  fi
}

expect bin/findings
expect bin/findings-office
expect share/applications/app.findings.Findings.desktop
expect share/metainfo/app.findings.Findings.metainfo.xml
expect share/glib-2.0/schemas/app.findings.Findings.gschema.xml
expect share/icons/hicolor/scalable/apps/app.findings.Findings.svg
expect share/icons/hicolor/symbolic/apps/app.findings.Findings-symbolic.svg
expect share/findings/visit.schema.json
expect share/findings/demo

for po in $(grep -v '^#' "$(dirname "$0")/../po/LINGUAS" 2>/dev/null || true); do
  expect "share/locale/$po/LC_MESSAGES/findings.mo"
done

n_demo=$(find "$root/share/findings/demo" -name '*.json' | wc -l)
n_photos=$(find "$root/share/findings/demo/photos" -type f | wc -l)
if [ "$n_demo" -lt 6 ] || [ "$n_photos" -lt 1 ]; then
  echo "install-layout: demo data incomplete ($n_demo visits, $n_photos photos)"
  failed=1
fi

# The UI is compiled into the binary: no loose .ui files are installed.
if find "$root" -name '*.ui' | grep -q .; then
  echo "install-layout: .ui files installed; they belong in the GResource"
  failed=1
fi

[ "$failed" -eq 0 ] && echo "install-layout: everything in place under $prefix"
exit "$failed"
