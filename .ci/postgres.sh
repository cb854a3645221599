#!/usr/bin/env bash
# Install (Debian's postgresql package) and start a local PostgreSQL server for the gradebook test;
# print the database URL -- and nothing else -- on stdout. Idempotent: safe to run when the server
# is already up. Everything the service tools say (e.g. "Removed stale pid file.") goes to stderr.
set -euo pipefail
exec 3>&1 1>&2
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    sudo apt-get update -qq >/dev/null
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
fi
cluster=$(pg_lsclusters --no-header | head -n 1)
version=$(echo "$cluster" | awk '{print $1}')
name=$(echo "$cluster" | awk '{print $2}')
port=$(echo "$cluster" | awk '{print $3}')
status=$(echo "$cluster" | awk '{print $4}')
[ "$status" = online ] || pg_ctlcluster "$version" "$name" start 3>&-   # the server must not hold our stdout open
run_psql() { su postgres -c "psql -p $port -qtA -c \"$1\""; }
if [ "$(run_psql "SELECT 1 FROM pg_roles WHERE rolname='grader'")" != 1 ]; then
  run_psql "CREATE ROLE grader LOGIN PASSWORD 'grader' CREATEDB"
fi
echo "postgresql://grader:grader@127.0.0.1:$port/postgres" >&3
