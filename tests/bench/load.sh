#!/bin/sh
# tests/bench/load.sh BIN: many trainees practising at once. 200 micoach
# practice processes (plain mode, 20 replies each, every one a separate
# process as on a shared server) start together against one store: an
# SQLite file, then the organisation's PostgreSQL server (tests/pg/server.sh;
# make bench starts it with fsync on). Prints, for each, the turns written
# per second (wall clock, from the first start to the last exit, process
# start-up, coding and all) and the turns lost: 200 x 20 answered, less
# those in the store and those kept in recovery files. Lines are
# figure<TAB>measured<TAB>target<TAB>ok|MISSED, for tests/bench/run.sh.
# LOAD_PROCESSES=N changes the 200.
set -u
BIN=${1:?usage: sh tests/bench/load.sh BIN}
N=${LOAD_PROCESSES:-200}
TURNS=20
src=$(cd "$(dirname "$0")/../.." && pwd)
packs="$src/tests/bench/load-packs"
tmp=$(mktemp -d /tmp/micoach-load.XXXXXX) || exit 1
trap '[ -n "${LOAD_KEEP:-}" ] || rm -rf "$tmp"' EXIT
ms_now() { date +%s%N | cut -c1-13; }

# Twenty reflections: the client of the load pack talks on as long as it hears them.
for r in "It sounds like work leaves you with nothing left." "You feel tired of being told what to do." \
	 "There is a lot going on for you at the moment." "You want to decide this for yourself." \
	 "Part of you wonders whether it is worth the fuss." "Your family is on your mind." \
	 "It has been a long few months." "You are not sure where to start." \
	 "Being asked about it feels unfair to you." "You have thought about this more than you let on."; do
	echo "$r"
	echo "$r"
done >"$tmp/replies"

# run LABEL DB-FOR-I: N processes at once; sets ELAPSED (ms) and FAILED.
run() {
	mkdir -p "$tmp/$1"
	pids=
	t0=$(ms_now)
	i=1
	while [ "$i" -le "$N" ]; do
		who=$(printf 'load%03d' "$i")
		XDG_DATA_HOME="$tmp/$1/$i" "$BIN" --db "$($2 "$who")" --user "$who" --scenarios "$packs" \
			practice long-talk --plain --seed "$i" <"$tmp/replies" >"$tmp/$1/$i.out" 2>&1 &
		pids="$pids $!"
		i=$((i + 1))
	done
	FAILED=0
	for p in $pids; do
		wait "$p" || FAILED=$((FAILED + 1))
	done
	ELAPSED=$(( $(ms_now) - t0 ))
}

# Turns kept in recovery files under $tmp/LABEL.
kept() {
	python3 - "$tmp/$1" <<'PY'
import glob, json, sys
print(sum(len(json.load(open(f))["session"].get("turns", []))
          for f in glob.glob(sys.argv[1] + "/*/micoach/recovery/session-*.json")))
PY
}

# report LABEL STORED: the two figures.
report() {
	want=$((N * TURNS))
	k=$(kept "$1")
	lost=$((want - $2 - k))
	printf 'load: %d practices x %d turns at once (%s): turns/s\t%d/s\t-\tok\n' "$N" "$TURNS" "$1" \
		$(( $2 * 1000 / (ELAPSED > 0 ? ELAPSED : 1) ))
	printf 'load: %d practices at once (%s): answered turns lost\t%d (%d stored, %d kept)\t0\t%s\n' "$N" "$1" \
		"$lost" "$2" "$k" "$([ "$lost" = 0 ] && [ "$FAILED" = 0 ] && echo ok || echo MISSED)"
	[ "$FAILED" = 0 ] || echo "load: $FAILED of the $1 practice processes failed" >&2
}

# --- SQLite: one file ---------------------------------------------------------------
sqlite_db() { echo "$tmp/load.db"; }
run SQLite sqlite_db
report SQLite "$(sqlite3 -batch -noheader "$tmp/load.db" 'SELECT count(*) FROM turns' 2>/dev/null || echo 0)"

# --- PostgreSQL: one local server -------------------------------------------------------
if [ -z "${MICOACH_TEST_PG:-}" ]; then
	printf 'load: PostgreSQL\tfailed: no server (make bench starts one)\t-\tMISSED\n'
	exit 0
fi
super() { psql -X -q -At -v ON_ERROR_STOP=1 -U postgres -d "${2:-postgres}" -c "$1"; }
super "DROP DATABASE IF EXISTS load WITH (FORCE)" >/dev/null 2>&1
super "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'load_admin') THEN
	CREATE ROLE load_admin LOGIN CREATEROLE PASSWORD 'loadpw'; END IF; END \$\$" >/dev/null &&
	super "CREATE DATABASE load OWNER load_admin" >/dev/null || { echo "load: cannot set up the server" >&2; exit 1; }
export PGPASSFILE="$tmp/pgpass"
echo '*:*:*:*:loadpw' >"$PGPASSFILE"
chmod 600 "$PGPASSFILE"
"$BIN" db init "postgresql://load_admin@/load" >/dev/null 2>&1 || { echo "load: db init failed" >&2; exit 1; }
super "SELECT count(*) FROM (SELECT micoach.add_user(format('load%s', lpad(i::text, 3, '0')), 'trainee', 'load',
	'loadpw') FROM generate_series(1, $N) i) x" load >/dev/null || { echo "load: users" >&2; exit 1; }
pg_db() { echo "postgresql://$1@/load"; }
run PostgreSQL pg_db
report PostgreSQL "$(super "SELECT count(*) FROM micoach.turns" load)"
