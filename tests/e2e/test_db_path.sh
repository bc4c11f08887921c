#!/bin/sh
# --db names a file, always: 'file:...' is a file name like any other, not an
# SQLite URI (libsqlite3 is built with SQLITE_USE_URI, so "file:x.db?mode=memory"
# used to open an in-memory database and lose every answer, leaving an empty
# file behind). doctor --recover reads and writes such names the same way.
. "$(dirname "$0")/lib.sh"
cd "$T" || fail "no temporary directory"
db='file:x.db?mode=memory'
printf 'You feel it is unfair to be singled out.\n/quit\n' |
	"$MICOACH" --scenarios "$MICOACH_SRC/scenarios" --db "$db" practice alcohol-gp --plain --seed 1 >"$T/out" 2>&1 ||
	{ cat "$T/out"; fail "practice with --db '$db'"; }
[ -s "$T/$db" ] || fail "the file '$db' holds nothing"
[ "$(sql "./$db" 'select count(*) from turns')" = 1 ] || fail "the turn is not in the file '$db'"
"$MICOACH" --db "$db" history >"$T/out" 2>&1 || { cat "$T/out"; fail "history with --db '$db'"; }
assert_contains "$T/out" "alcohol-gp"
"$MICOACH" --db "$db" doctor --recover -o 'file:copy.db?cache=shared' >"$T/out" 2>&1 ||
	{ cat "$T/out"; fail "doctor --recover of '$db'"; }
[ "$(sql './file:copy.db?cache=shared' 'select count(*) from turns')" = 1 ] || fail "the copy lacks the turn"
pass "--db 'file:...' is a file name, not an SQLite URI"
