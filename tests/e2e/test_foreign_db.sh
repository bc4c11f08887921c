# A SQLite file that is not micoach's is refused before micoach changes
# anything in it (issue 14, item 10): not switched to write-ahead logging,
# no tables added, not a byte changed; with a user_version of 1 but not
# micoach's tables it is refused at the start (65), not practised on with
# every save failing (74).
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || fail "python3 is needed"
make_db() { # FILE USER_VERSION
	python3 - "$1" "$2" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("CREATE TABLE recipes (name TEXT, steps TEXT)")
c.execute("INSERT INTO recipes VALUES ('bread', 'knead')")
c.execute("PRAGMA user_version = %d" % int(sys.argv[2]))
c.commit()
c.close()
PY
}
for v in 0 1 2; do
	db="$T/foreign$v.db"
	make_db "$db" $v
	before=$(sha256sum <"$db")
	printf 'You feel it is unfair to be singled out.\n' |
		"$MICOACH" practice alcohol-gp --plain --db "$db" --seed 2 >"$T/o$v" 2>"$T/e$v"
	assert_status 65 $? "practice on a foreign database of user_version $v"
	assert_contains "$T/e$v" "is not a micoach database"
	grep -q "Coded:" "$T/o$v" && fail "user_version $v: practice started on a foreign database"
	"$MICOACH" --db "$db" history >"$T/h$v" 2>&1
	assert_status 65 $? "history on a foreign database of user_version $v"
	[ "$(sha256sum <"$db")" = "$before" ] || fail "user_version $v: the foreign database was changed"
	[ "$(sql "$db" 'pragma journal_mode')" = delete ] || fail "user_version $v: switched to $(sql "$db" 'pragma journal_mode')"
	[ ! -e "$db-wal" ] || fail "user_version $v: a -wal file was made"
done
pass "foreign SQLite files (user_version 0, 1, 2) are refused untouched"
