#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a source file with translatable strings is missing from po/POTFILES.in,
or when POTFILES.in names a file that does not exist or is out of order."""

import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
listed = [line.strip() for line in (root / "po" / "POTFILES.in").read_text().splitlines()
          if line.strip() and not line.startswith("#")]

marked_c = re.compile(r'\b(?:N?_|C_|NC_|g_dngettext|ngettext)\s*\(\s*(?:GETTEXT_PACKAGE\s*,\s*)?"')
marked_ui = re.compile(r'translatable="yes"')

needed = set()
for path in sorted(root.glob("src/**/*.c")):
    if marked_c.search(path.read_text(encoding="utf-8")):
        needed.add(str(path.relative_to(root)))
for path in sorted(root.glob("ui/*.ui")):
    if marked_ui.search(path.read_text(encoding="utf-8")):
        needed.add(str(path.relative_to(root)))
for path in sorted(root.glob("data/*.in")) + sorted(root.glob("data/*.gschema.xml")):
    needed.add(str(path.relative_to(root)))

failed = False
for name in sorted(needed - set(listed)):
    print(f"po/POTFILES.in: missing {name}, which has translatable strings")
    failed = True
for name in listed:
    if not (root / name).exists():
        print(f"po/POTFILES.in: lists {name}, which does not exist")
        failed = True
if listed != sorted(listed):
    print("po/POTFILES.in: not sorted")
    failed = True

if failed:
    sys.exit(1)
print(f"po/POTFILES.in: {len(listed)} files listed, {len(needed)} need translation: complete")
