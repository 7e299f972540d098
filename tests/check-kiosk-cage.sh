#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `findings --kiosk` under the real cage compositor, headless, as a user that is not
# root (Debian's cage refuses root): it starts, shows the welcome screen, and is still
# there after being asked to close.
#
# cage 0.1.4 (Debian 12) never asks a Wayland window to close: it calls no
# wlr_xdg_toplevel_send_close() and offers no wlr-foreign-toplevel-management through
# which another client could ask it to. So the close request is sent the one real way
# cage leaves open: the app runs a second time on cage's Xwayland, and x11-close sends
# it the ICCCM WM_DELETE_WINDOW a window manager sends for its close button, which GTK
# turns into the same close-request as an xdg_toplevel.close.
#
# Usage: check-kiosk-cage.sh FINDINGS FINDINGS-OFFICE X11-CLOSE
#        check-kiosk-cage.sh --inside MODE FINDINGS X11-CLOSE RESULT-FILE  (under cage)
set -eu

if [ "${1-}" = --inside ]; then
  mode=$2 findings=$3 x11close=$4 result=$5
  log="$result.app.log"
  fail () { echo "FAIL: $*" > "$result"; kill "$app" 2>/dev/null || true; exit 1; }
  wait_for_log () {
    i=0
    while ! grep -q "$1" "$log"; do
      kill -0 "$app" 2>/dev/null || fail "the app ended before: $1"
      i=$((i + 1))
      [ "$i" -le 900 ] || fail "not in the app's log after 90 s: $1"
      sleep 0.1
    done
  }

  if [ "$mode" = x11 ]; then export GDK_BACKEND=x11; else export GDK_BACKEND=wayland; fi
  "$findings" --demo --kiosk > "$log" 2>&1 &
  app=$!

  wait_for_log "Showing the welcome screen"
  if [ "$mode" = x11 ]; then
    # Asked again until GTK says it refused: its X window may not take requests yet.
    tries=0
    until grep -q "Refusing a request to close the kiosk" "$log"; do
      kill -0 "$app" 2>/dev/null || fail "the kiosk is gone after a close request"
      tries=$((tries + 1))
      [ "$tries" -le 60 ] || fail "no close request reached the kiosk: $(cat "$result.close.log")"
      "$x11close" "$app" >> "$result.close.log" 2>&1 || true
      sleep 1
    done
  fi
  # Time for a close to take effect, were it accepted.
  sleep 2
  kill -0 "$app" 2>/dev/null || fail "the kiosk is gone"
  echo "PASS" > "$result"
  kill "$app"
  wait "$app" || true
  exit 0
fi

findings=$(realpath "$1") office=$(realpath "$2") x11close=$(realpath "$3")
skip () { echo "SKIP: $*"; exit 77; }

command -v cage > /dev/null || skip "cage is not installed (build-aux/install-deps installs it)"
[ -x /usr/bin/Xwayland ] || skip "Xwayland is not installed, and Debian's cage does not start without it"

if [ "$(id -u)" = 0 ]; then
  user=findings-kiosk-test
  if ! id "$user" > /dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user" ||
      skip "cage refuses root, and the user $user could not be created"
  fi
  as_user () { runuser -u "$user" -- "$@"; }
else
  user=$(id -un)
  as_user () { "$@"; }
fi

work=$(mktemp -d /tmp/findings-cage-XXXXXX)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
for d in runtime home config data cache; do
  mkdir "$work/$d"
  chown "$user" "$work/$d" 2> /dev/null || true
  chmod 700 "$work/$d"
done
mkdir "$work/results"
chown "$user" "$work/results" 2> /dev/null || true

script=$(realpath "$0")
for f in "$findings" "$office" "$x11close" "$script"; do
  as_user test -r "$f" || { echo "FAIL: $user cannot read $f"; exit 1; }
done

status=0
for mode in wayland x11; do
  result="$work/results/$mode"
  # cage runs the app as a kiosk session does: its own runtime folder, no desktop.
  as_user env -i PATH=/usr/bin:/bin HOME="$work/home" XDG_RUNTIME_DIR="$work/runtime" \
    XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache" \
    WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman \
    GSETTINGS_SCHEMA_DIR="$GSETTINGS_SCHEMA_DIR" GSETTINGS_BACKEND=memory \
    FINDINGS_DATA_DIR="$FINDINGS_DATA_DIR" FINDINGS_OFFICE="$office" \
    G_MESSAGES_DEBUG=findings-window NO_AT_BRIDGE=1 DBUS_SESSION_BUS_ADDRESS=disabled: \
    LC_ALL=C.UTF-8 TZ=UTC \
    timeout 150 cage -- /bin/sh "$script" --inside "$mode" "$findings" "$x11close" "$result" \
    > "$work/cage-$mode.log" 2>&1 || true

  if [ ! -f "$result" ]; then
    if grep -q "Unable to create the wlroots backend\|Unable to create the wlroots renderer\|Cannot create XWayland server" "$work/cage-$mode.log"; then
      cat "$work/cage-$mode.log"
      skip "cage cannot start here"
    fi
    echo "FAIL ($mode): no result from inside cage"
    cat "$work/cage-$mode.log"
    status=1
    continue
  fi

  echo "$mode: $(cat "$result")"
  if [ "$(cat "$result")" != PASS ]; then
    cat "$result.app.log" "$work/cage-$mode.log"
    status=1
  fi
  grep -h "x11-close\|Showing the welcome\|Refusing" "$result.close.log" "$result.app.log" 2> /dev/null || true
done

exit $status
