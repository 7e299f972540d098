#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test against a throwaway PostgreSQL cluster: initdb and pg_ctl on a Unix socket
# in a temporary folder (no TCP), trust authentication on that socket only, as a user of
# its own (PostgreSQL refuses to run as root: under root the test makes a system user).
# The test is given FINDINGS_TEST_OFFICE_DB, a URL of a fresh database, and for more
# of them FINDINGS_TEST_PG_CREATEDB, _HOST and _USER (createdb -h HOST -U USER NAME
# makes one; postgresql:///NAME?host=HOST&user=USER reaches it), and
# FINDINGS_TEST_PG_RESTART, a command that restarts the server.
# The cluster is stopped and removed however the test ends.
#
#   run-with-postgresql.sh TEST [ARGS…]
set -u

bindir=""
if command -v pg_config >/dev/null 2>&1; then
  bindir=$(pg_config --bindir)
fi
if [ ! -x "$bindir/initdb" ]; then
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && bindir="$dir"
  done
fi
if [ ! -x "$bindir/initdb" ] || [ ! -x "$bindir/pg_ctl" ]; then
  echo "1..0 # SKIP PostgreSQL's initdb and pg_ctl are not installed (build-aux/install-deps)"
  exit 77
fi

user=$(id -un)
as_user() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  user=findings-pg-test
  # Tests run in parallel: another wrapper may be making the user at the same moment.
  tries=0
  while ! id "$user" >/dev/null 2>&1; do
    useradd --system --no-create-home --shell /usr/sbin/nologin "$user" 2>/dev/null && break
    tries=$((tries + 1))
    [ "$tries" -ge 20 ] && { echo "Bail out! could not make the user $user"; exit 1; }
    sleep 0.2
  done
  as_user() { runuser -u "$user" -- "$@"; }
fi

work=$(mktemp -d /tmp/findings-pg-XXXXXX) || exit 1
chmod 755 "$work"
data="$work/data"
socket="$work/socket"
logs="$work/logs"
mkdir "$data" "$socket" "$logs"
chown "$user" "$data" "$socket" "$logs" 2>/dev/null

cleanup() {
  as_user "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# The test's own throwaway data: no fsync.
if ! as_user "$bindir/initdb" -D "$data" -U findings -A trust --no-sync -E UTF8 \
       --locale=C >"$logs/initdb.log" 2>&1; then
  echo "Bail out! initdb failed:"; sed 's/^/# /' "$logs/initdb.log"; exit 1
fi
if ! as_user "$bindir/pg_ctl" -D "$data" -l "$logs/server.log" -w -t 60 \
       -o "-c listen_addresses= -k $socket -c fsync=off -c max_connections=100" \
       start >/dev/null 2>&1; then
  echo "Bail out! the PostgreSQL server did not start:"; sed 's/^/# /' "$logs/server.log"
  exit 1
fi
if ! as_user "$bindir/createdb" -h "$socket" -U findings findings >/dev/null 2>&1; then
  echo "Bail out! createdb failed"; exit 1
fi

FINDINGS_TEST_PG_URL="postgresql:///?host=$socket&user=findings"
FINDINGS_TEST_OFFICE_DB="postgresql:///findings?host=$socket&user=findings"
# A test may restart the server to see the office connect again.
cat >"$work/restart" <<RESTART
#!/bin/sh
exec $( [ "$(id -u)" = 0 ] && echo "runuser -u $user --" ) "$bindir/pg_ctl" -D "$data" -m fast -w restart
RESTART
chmod 755 "$work/restart"
FINDINGS_TEST_PG_RESTART="$work/restart"
FINDINGS_TEST_PG_CREATEDB="$bindir/createdb"
FINDINGS_TEST_PG_HOST="$socket"
FINDINGS_TEST_PG_USER=findings
export FINDINGS_TEST_PG_URL FINDINGS_TEST_OFFICE_DB FINDINGS_TEST_PG_CREATEDB \
  FINDINGS_TEST_PG_HOST FINDINGS_TEST_PG_USER FINDINGS_TEST_PG_RESTART

"$@"
status=$?
if [ "$status" != 0 ] && [ -s "$logs/server.log" ]; then
  echo "# The PostgreSQL server's log:"; tail -n 40 "$logs/server.log" | sed 's/^/# /'
fi
exit "$status"
