#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `findings --sync-once` tells the installer why the token file or the certificate
# authority file is not used, rather than leaving it to a log.
# Usage: check-secret-refused.sh FINDINGS
set -eu

findings=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
# Nothing listens there: the run must stop before any connection.
export FINDINGS_OFFICE_URL=http://127.0.0.1:9/
unset FINDINGS_OFFICE_TOKEN FINDINGS_CA_FILE || true
mkdir -p "$XDG_CONFIG_HOME/findings"
printf 'kiosk-token\n' > "$XDG_CONFIG_HOME/findings/office-token"
chmod 644 "$XDG_CONFIG_HOME/findings/office-token"

status=0
"$findings" --sync-once > "$work/out" 2> "$work/err" || status=$?
cat "$work/err"
[ "$status" -eq 2 ] || { echo "exit status $status, expected 2"; exit 1; }
grep -q 'office-token can be read by other users, so it is not used' "$work/err"
grep -q 'chmod 600' "$work/err"

# Made private, it is used; a certificate authority file that is no PEM is refused.
chmod 600 "$XDG_CONFIG_HOME/findings/office-token"
printf 'not a certificate\n' > "$work/ca.pem"
export FINDINGS_CA_FILE="$work/ca.pem"
status=0
"$findings" --sync-once > "$work/out" 2> "$work/err" || status=$?
cat "$work/err"
[ "$status" -eq 2 ] || { echo "exit status $status, expected 2"; exit 1; }
grep -q "certificate authority file $work/ca.pem cannot be used" "$work/err"
if grep -q 'other users' "$work/err"; then echo "the private token file was refused"; exit 1; fi
echo ok
