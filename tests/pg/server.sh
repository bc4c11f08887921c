#!/bin/sh
# tests/pg/server.sh COMMAND [ARG...]: run COMMAND with a throwaway PostgreSQL
# server (tests/pg/lib.sh) started for it, and remove the server and its
# data afterwards, whether COMMAND passed, failed or was interrupted. Exits
# with COMMAND's status. COMMAND sees PGHOST and PGPORT (the server's socket;
# no TCP), MICOACH_TEST_PG (a URI for the bootstrap superuser) and the
# MICOACH_PG_* variables tests/pg/lib.sh needs to stop and restart it.
# `make test`, `make unit` and `make bench` run under it.
set -u
[ $# -gt 0 ] || { echo "usage: sh tests/pg/server.sh COMMAND [ARG...]" >&2; exit 64; }
. "$(dirname "$0")/lib.sh"
base=${TMPDIR:-/tmp}
# As root the server runs as another user, who must reach the directory.
[ "$(id -u)" = 0 ] && base=/tmp
dir=$(mktemp -d "$base/micoach-pg.XXXXXX") || exit 70
MICOACH_PG_DIR=$dir
trap 'pg_server_remove' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP
pg_server_start "$dir" || exit 70
export MICOACH_TEST_PG="postgresql://postgres@/postgres?host=$dir&port=$PGPORT"
"$@"
