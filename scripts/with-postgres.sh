#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL (Debian's package) on loopback:
# a fresh cluster in a temporary directory, a `teamgate` database, and
# TEAMGATE_TEST_DATABASE_URL pointing at it (TEAMGATE_TEST_PG_RESTART: the
# command that restarts it); stopped and removed afterwards.
# Room for 300 connections: each server process keeps 16 open, and one
# test starts six processes beside the two it already has.
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "PostgreSQL is not installed: run scripts/setup.sh" >&2
  exit 1
fi
dir=$(mktemp -d)
# initdb refuses to run as root: the cluster belongs to the package's user.
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
stop() {
  as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=300" start >/dev/null
as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres teamgate
export TEAMGATE_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/teamgate"
# How a test restarts it (every session ended, as in a real restart).
pg_ctl_as_pg=("$bin/pg_ctl")
[ "$(id -u)" = 0 ] && pg_ctl_as_pg=(runuser -u postgres -- "$bin/pg_ctl")
export TEAMGATE_TEST_PG_RESTART="${pg_ctl_as_pg[*]} -D $dir/data -l $dir/log -m fast -w restart"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"
