#!/usr/bin/env bash
# Installs (if missing) and starts a throwaway PostgreSQL server for the tests, then
# prints its admin URL. initdb refuses to run as root, so the cluster belongs to the
# postgres user. Usage: url=$(bash .ci/postgres.sh [DATA_DIR] [PORT])
set -euo pipefail
data_dir=${1:-/tmp/protocol-desk-pg}
port=${2:-55432}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "$(pg_bin)" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q postgresql >&2
fi
bin=$(pg_bin)
id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql postgres
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ -f "$data_dir/postmaster.pid" ]; then
  as_postgres "$bin/pg_ctl" -D "$data_dir" -m immediate stop >&2 || true
fi
rm -rf "$data_dir"
mkdir -p "$data_dir"
[ "$(id -u)" = 0 ] && chown postgres: "$data_dir"
as_postgres "$bin/initdb" -D "$data_dir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >&2
as_postgres "$bin/pg_ctl" -D "$data_dir" -l "$data_dir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $data_dir -c fsync=off -c max_connections=200" start >&2
echo "postgresql://postgres@127.0.0.1:$port/postgres"
