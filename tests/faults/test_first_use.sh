# The first use of a new database while another process holds a lock on it
# (issue 14, item 11). SQLite does not call the busy handler for the switch
# to write-ahead logging, so micoach used to give up at once with exit 75 and
# "waited 5000 ms" when several processes made the database at the same
# time. Now it waits up to the busy timeout for the switch too.
. "$MICOACH_SRC/tests/faults/lib.sh"

# 1. Another program holds a lock on the new, empty file for a moment.
db="$T/new.db"
: >"$db"
python3 "$MICOACH_SRC/tests/faults/lockhold.py" "$db" "$T/a.ready" "$T/a.release" &
holder=$!
wait_until 20 test -f "$T/a.ready" || fail "the lock holder never took the lock"
# The lock is held for a moment (as another micoach making the tables would),
# then let go; micoach, started while it is held, must wait for it.
(sleep 0.5; touch "$T/a.release") &
echo "You feel singled out." |
	MICOACH_BUSY_TIMEOUT_MS=10000 "$MICOACH" practice alcohol-gp --plain --db "$db" --seed 1 >"$T/o1" 2>"$T/e1"
st=$?
wait $holder
assert_status 0 $st "first use of a database another program held locked for a moment"
assert_contains "$T/o1" "Saved as session 1."
[ "$(sql "$db" 'pragma journal_mode')" = wal ] || fail "the database is not in write-ahead logging mode"
[ "$(sql "$db" 'select count(*) from turns')" = 1 ] || fail "the turn was not saved"
pass "a lock on a new database: micoach waits for it, then makes the database"

# 2. Sixteen processes make the same new database at once.
db="$T/many.db"
echo "You feel singled out." >"$T/reply"
i=0 pids=
while [ $i -lt 16 ]; do
	"$MICOACH" practice alcohol-gp --plain --db "$db" --seed 1 <"$T/reply" >"$T/m$i.out" 2>"$T/m$i.err" &
	pids="$pids $!"
	i=$((i + 1))
done
failed=0
for pid in $pids; do
	wait "$pid" || failed=$((failed + 1))
done
[ $failed = 0 ] || { cat "$T"/m*.err; fail "$failed of 16 first uses of one new database failed"; }
[ "$(sql "$db" 'select count(*) from sessions')" = 16 ] || fail "not every session was saved"
[ "$(sql "$db" 'pragma integrity_check')" = ok ] || fail "integrity_check"
pass "sixteen processes made one new database at once: every session saved"
