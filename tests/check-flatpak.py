#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest without flatpak-builder: the app it names is this
one, the sandbox holes are exactly the minimal set, and it builds from this tree."""

import json
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


manifest_path = root / "flatpak" / "app.findings.Findings.json"
manifest = json.loads(manifest_path.read_text(encoding="utf-8"))

meson_build = (root / "meson.build").read_text(encoding="utf-8")
app_id = re.search(r"app_id\s*=\s*'([^']+)'", meson_build)
check(app_id is not None, "meson.build does not set app_id")
if app_id:
    check(manifest.get("id") == app_id.group(1),
          "the manifest id %r is not the app id %r" % (manifest.get("id"), app_id.group(1)))
    desktop = root / "data" / (app_id.group(1) + ".desktop.in")
    check(desktop.exists(), "no desktop file named after the app id")

check(manifest.get("runtime") == "org.gnome.Platform", "the runtime is not GNOME's")
check(manifest.get("sdk") == "org.gnome.Sdk", "the SDK is not GNOME's")
check(str(manifest.get("runtime-version", "")).isdigit(),
      "the runtime version is not a stable GNOME release: %r" % manifest.get("runtime-version"))
check(manifest.get("command") == "findings", "the command is not findings")

# Network for the office, Wayland with X11 only as a fallback, the GPU; IPC is what
# X11 needs for shared memory. Nothing of the user's files.
allowed = {"--share=network", "--socket=wayland", "--socket=fallback-x11",
           "--device=dri", "--share=ipc"}
finish_args = manifest.get("finish-args", [])
check(len(finish_args) == len(set(finish_args)), "finish-args repeats itself")
for arg in finish_args:
    check(arg in allowed, "finish-args opens more than the app needs: %s" % arg)
for needed in ("--share=network", "--socket=wayland", "--socket=fallback-x11", "--device=dri"):
    check(needed in finish_args, "finish-args lacks %s" % needed)
check(not any(a.startswith(("--filesystem", "--socket=x11", "--device=all", "--talk-name"))
              for a in finish_args), "finish-args reaches outside the sandbox")

modules = manifest.get("modules", [])
check(len(modules) > 0, "no modules")
if modules:
    app = modules[-1]
    check(app.get("name") == "findings", "the last module is not the app")
    check(app.get("buildsystem") == "meson", "the app is not built with meson")
    check(app.get("sources") == [{"type": "dir", "path": ".."}],
          "the app is not built from this tree")
    # The SDK has no Xvfb: the display tests are left to CI.
    check("-Ddisplay_tests=false" in app.get("config-opts", []),
          "the display tests are not turned off")
    options = (root / "meson_options.txt").read_text(encoding="utf-8")
    check("'display_tests'" in options, "meson_options.txt has no display_tests option")
for module in modules[:-1]:
    for source in module.get("sources", []):
        if source.get("type") in ("archive", "file"):
            check("sha256" in source, "%s: a download without a sha256" % module.get("name"))

for problem in problems:
    print("flatpak/%s: %s" % (manifest_path.name, problem))
sys.exit(1 if problems else 0)
