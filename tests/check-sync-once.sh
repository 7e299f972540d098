#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `findings --sync-once` against a real findings-office on 127.0.0.1: it prints what it
# did and exits 0; with the office gone it says so and exits non-zero.
set -u

findings="$1"
office="$2"
visit="$3"
work=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "sync-once: $*"; exit 1; }

# tests/run-with-postgresql.sh gives a PostgreSQL database instead of the file.
db="${FINDINGS_TEST_OFFICE_DB:-$work/office.db}"
account=$("$office" --db "$db" account add "Sync once test") || fail "account add failed"
site=$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["site"]["id"]); print(d["site"]["name"])' "$visit")
site_id=$(echo "$site" | head -n 1)
site_name=$(echo "$site" | tail -n 1)
"$office" --db "$db" site add --account "$account" --site "$site_id" --name "$site_name" >/dev/null \
  || fail "site add failed"
"$office" --db "$db" visit import --account "$account" "$visit" >/dev/null || fail "import failed"
token=$("$office" --db "$db" token add --kind kiosk --account "$account") || fail "token add failed"

"$office" --db "$db" serve --port 0 --address 127.0.0.1 > "$work/serve.out" 2>&1 &
server=$!
i=0
while ! grep -q "Listening on" "$work/serve.out" 2>/dev/null; do
  i=$((i + 1))
  [ "$i" -gt 500 ] && fail "the office did not start: $(cat "$work/serve.out")"
  sleep 0.05
done
url=$(sed -n 's/.*Listening on \(http[^ ]*\).*/\1/p' "$work/serve.out" | head -n 1)

export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
export FINDINGS_OFFICE_URL="$url" FINDINGS_OFFICE_TOKEN="$token"

out=$("$findings" --sync-once 2>&1); status=$?
echo "$out"
[ "$status" -eq 0 ] || fail "exit status $status with the office up"
echo "$out" | grep -q "Visits: 1 received" || fail "the visit was not reported as received"
[ -f "$work/data/findings/findings.db" ] || fail "no local database was written"

# The second run has nothing new to fetch.
out=$("$findings" --sync-once 2>&1) || fail "second run failed: $out"
echo "$out" | grep -q "Visits: 0 received" || fail "second run fetched again: $out"

kill "$server"; wait "$server" 2>/dev/null; server=""
out=$("$findings" --sync-once 2>&1); status=$?
echo "$out"
[ "$status" -ne 0 ] || fail "exit status 0 with the office down"

unset FINDINGS_OFFICE_URL
out=$("$findings" --sync-once 2>&1); status=$?
[ "$status" -eq 2 ] || fail "exit status $status with no office set up (expected 2)"
echo "$out" | grep -q "No office is set up" || fail "no clear message without an office: $out"

echo "sync-once: all checks passed"
