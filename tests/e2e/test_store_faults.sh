# The database under faults: locked by another program (wait, then exit 75 with
# a clear message, readers unaffected), written by a newer micoach (65),
# damaged (65), not a micoach database (65); each leaves the file as it was.
. "$(dirname "$0")/lib.sh"
db="$T/f.db"
S="--scenarios $MICOACH_SRC/scenarios"
m() { "$MICOACH" $S --db "$db" "$@"; }

printf '%s\n' "You feel it's unfair to be singled out." "Part of you wants things to stay as they are." /quit |
	m practice alcohol-gp --seed 1 >"$T/p" 2>&1; assert_status 0 $? "practice"

# Another program holds the write lock: a writer (rescore, which has a new
# coder version to record) waits, then gives up with 75.
sql "$db" "UPDATE sessions SET coder_version = 'old-coder'"
python3 -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").write("locked")
time.sleep(60)
' "$db" "$T/locked" &
holder=$!
wait_until 10 test -f "$T/locked" || fail "the lock holder never started"
start=$(date +%s)
MICOACH_BUSY_TIMEOUT_MS=500 m rescore 1 >"$T/out" 2>"$T/err"
assert_status 75 $? "rescore while the database is locked"
assert_contains "$T/err" "locked by another program"
[ $(( $(date +%s) - start )) -lt 20 ] || fail "the busy wait did not end"
MICOACH_BUSY_TIMEOUT_MS=500 m history --json >"$T/h.json" 2>"$T/err"
assert_status 0 $? "history (a reader) while the database is locked"
python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))) == 1' "$T/h.json" || fail "history while locked"
kill $holder; wait $holder 2>/dev/null
m rescore 1 >"$T/out" 2>"$T/err"; assert_status 0 $? "rescore once the lock is gone"
assert_contains "$T/out" "old-coder -> "
[ "$(sql "$db" "select count(*) from sessions where coder_version = 'old-coder'")" = 0 ] || fail "coder version not recorded"
[ "$(sql "$db" "select from_version from rescores")" = old-coder ] || fail "rescore not logged"

# A database from a newer micoach is refused and left alone.
cp "$db" "$T/newer.db"
sql "$T/newer.db" 'PRAGMA user_version = 999'
before=$(sha256sum "$T/newer.db")
"$MICOACH" --db "$T/newer.db" history >"$T/out" 2>"$T/err"; assert_status 65 $? "newer database"
assert_contains "$T/err" "newer micoach"
[ "$(sha256sum "$T/newer.db")" = "$before" ] || fail "the newer database was changed"

# A damaged file and a file that is not a database.
head -c 4096 /dev/urandom >"$T/garbage.db"
"$MICOACH" --db "$T/garbage.db" history >"$T/out" 2>"$T/err"; assert_status 65 $? "garbage database"
assert_contains "$T/err" "damaged or is not a micoach database"
sql "$T/other.db" 'CREATE TABLE t(x); INSERT INTO t VALUES (1)'
"$MICOACH" --db "$T/other.db" history >"$T/out" 2>"$T/err"; assert_status 65 $? "someone else's database"
assert_contains "$T/err" "not a micoach database"
[ "$(sql "$T/other.db" 'select count(*) from t')" = 1 ] || fail "someone else's database was changed"
# A truncated copy of a real database.
m history >/dev/null
head -c 3000 "$db" >"$T/trunc.db"
"$MICOACH" --db "$T/trunc.db" show 1 >"$T/out" 2>"$T/err"; st=$?
[ $st = 65 ] || [ $st = 66 ] || fail "truncated database: exit status $st"
[ -s "$T/err" ] || fail "truncated database: no message"

# Damage in the middle of a real database: doctor names it (65) and says how
# to recover; doctor --recover copies everything still readable into a new
# database that passes every check, leaving the damaged file untouched.
"$MICOACH" --db "$db" doctor >"$T/doc" 2>&1; assert_status 0 $? "doctor on a healthy database"
assert_contains "$T/doc" "healthy"
cp "$db" "$T/big.db"
sql "$T/big.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
	INSERT INTO notes(uid, session, author, text, created)
	SELECT 'note' || i, 1, 'trainer', printf('%.200c', 'x'), '2026-01-01T00:00:00Z' FROM n;
	PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
python3 -c '
import os, sys
p = sys.argv[1]
page = int(os.path.getsize(p) * 0.8) // 4096
with open(p, "r+b") as f:
    f.seek(page * 4096 + 100)
    f.write(b"\xff" * 600)
' "$T/big.db"
before=$(sha256sum "$T/big.db")
"$MICOACH" --db "$T/big.db" doctor >"$T/doc" 2>&1; assert_status 65 $? "doctor on a damaged database"
assert_contains "$T/doc" "damaged"
assert_contains "$T/doc" "doctor --recover"
"$MICOACH" --db "$T/big.db" doctor --recover >"$T/rec" 2>&1; assert_status 0 $? "doctor --recover"
assert_contains "$T/rec" "The copy holds every row the damaged file still shows."
assert_contains "$T/rec" "  notes "
[ "$(sha256sum "$T/big.db")" = "$before" ] || fail "recovery changed the damaged file"
"$MICOACH" --db "$T/big.db.recovered" doctor >"$T/doc" 2>&1; assert_status 0 $? "doctor on the recovered database"
[ "$(sql "$T/big.db.recovered" 'select count(*) from sessions')" = "$(sql "$db" 'select count(*) from sessions')" ] ||
	fail "sessions lost in recovery"
[ "$(sql "$T/big.db.recovered" 'select count(*) from turns')" = "$(sql "$db" 'select count(*) from turns')" ] ||
	fail "turns lost in recovery"
n=$(sql "$T/big.db.recovered" 'select count(*) from notes')
[ "$n" -ge 2500 ] && [ "$n" -le 3000 ] || fail "recovered $n of 3000 notes"
"$MICOACH" --db "$T/big.db" doctor --recover >"$T/rec" 2>&1; assert_status 74 $? "recovering onto an existing file"

# A directory in place of the database.
mkdir "$T/dir.db"
"$MICOACH" --db "$T/dir.db" history >"$T/out" 2>"$T/err"; assert_status 74 $? "directory as database"
assert_contains "$T/err" "is a directory"
pass "store faults"
