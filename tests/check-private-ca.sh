#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# An office whose certificate comes from its own authority: `findings --sync-once`
# refuses it, then, with that authority's file set (FINDINGS_CA_FILE, as the ca-file
# setting would), fetches from it. The sync trusts the file through its tls-database.
# Usage: check-private-ca.sh FINDINGS FINDINGS-OFFICE VISIT.json DATA-DIR
set -u

findings="$1"
office="$2"
visit="$3"
data="$4"
work=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "private-ca: $*"; exit 1; }

db="$work/office.db"
account=$("$office" --db "$db" account add "Private CA test") || fail "account add failed"
site=$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["site"]["id"]); print(d["site"]["name"])' "$visit")
"$office" --db "$db" site add --account "$account" --site "$(echo "$site" | head -n 1)" \
  --name "$(echo "$site" | tail -n 1)" > /dev/null || fail "site add failed"
"$office" --db "$db" visit import --account "$account" "$visit" > /dev/null || fail "import failed"
token=$("$office" --db "$db" token add --kind kiosk --account "$account") || fail "token add failed"

"$office" --db "$db" serve --port 0 --address 127.0.0.1 \
  --tls-cert "$data/test-office-cert.pem" --tls-key "$data/test-office-key.pem" \
  > "$work/serve.out" 2>&1 &
server=$!
i=0
while ! grep -q "Listening on" "$work/serve.out" 2> /dev/null; do
  i=$((i + 1))
  [ "$i" -gt 500 ] && fail "the office did not start: $(cat "$work/serve.out")"
  sleep 0.05
done
url=$(sed -n 's/.*Listening on \(http[^ ]*\).*/\1/p' "$work/serve.out" | head -n 1)
case "$url" in https://*) ;; *) fail "the office is not on https: $url" ;; esac

export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
export FINDINGS_OFFICE_URL="$url" FINDINGS_OFFICE_TOKEN="$token"
unset FINDINGS_CA_FILE || true

out=$("$findings" --sync-once 2>&1); status=$?
echo "$out"
[ "$status" -ne 0 ] || fail "an office signed by an unknown authority was trusted"
echo "$out" | grep -q "identity could not be checked" || fail "the refused run did not say the certificate was not trusted"

export FINDINGS_CA_FILE="$data/test-office-ca.pem"
out=$("$findings" --sync-once 2>&1); status=$?
echo "$out"
[ "$status" -eq 0 ] || fail "exit status $status with the office's authority trusted"
echo "$out" | grep -q "Visits: 1 received" || fail "the visit was not fetched with the authority trusted"
echo ok
