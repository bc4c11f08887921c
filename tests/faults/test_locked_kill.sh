# SIGKILL while the database is locked. The turns answered while micoach
# could not write them are kept in memory and, from the first refusal on,
# in a recovery file written again after every turn (named on stderr at
# once), so a kill -9 or a power cut in the middle of a locked session loses
# nothing: `micoach recover` then imports every answered turn. A session
# whose lock goes away before the end leaves no recovery file behind.
. "$MICOACH_SRC/tests/faults/lib.sh"
db="$T/k.db"
hold() { # hold NAME: lock db until $T/NAME.release exists
	python3 "$MICOACH_SRC/tests/faults/lockhold.py" "$db" "$T/$1.ready" "$T/$1.release" &
	holder=$!
	wait_until 20 test -f "$T/$1.ready" || fail "the lock holder never took the lock"
}
count() { sql "$db" 'select count(*) from turns'; }
# practise_locked N REPLY: practice in the background fed through a FIFO on
# fd 3 (out $T/oN, err $T/eN), its first reply refused by the lock; $file is
# the recovery file its message names.
practise_locked() {
	rm -f "$T/in"; mkfifo "$T/in"
	"$MICOACH" practice alcohol-gp --plain --db "$db" --seed 4 <"$T/in" >"$T/o$1" 2>"$T/e$1" &
	pid=$!
	exec 3>"$T/in"
	echo "$2" >&3
	wait_until 20 grep -q 'every answered turn is kept in ' "$T/e$1" ||
		{ cat "$T/e$1"; fail "no recovery file named when the turn could not be saved"; }
	file=$(sed -n 's/.*every answered turn is kept in \(.*\.json\).*/\1/p' "$T/e$1" | head -1)
	[ -n "$file" ] && [ -f "$file" ] || { cat "$T/e$1"; fail "the named recovery file is not there: $file"; }
}
printf 'You feel it is unfair to be singled out.\n' |
	"$MICOACH" practice alcohol-gp --plain --db "$db" --seed 4 >"$T/o0" 2>&1 || fail "first session"
[ "$(count)" = 1 ] || fail "first session not saved"

hold a
practise_locked 1 "Drinking helps you unwind after work."
[ "$(stat -c %a "$file")" = 600 ] || fail "recovery file mode $(stat -c %a "$file"), expected 600"
echo "You stopped smoking on your own, so you know how to do hard things." >&3
wait_until 20 grep -q 'know how to do hard things' "$file" || fail "the second turn never reached the recovery file"
kill -9 $pid
wait $pid 2>/dev/null
exec 3>&-
touch "$T/a.release"; wait $holder
[ "$(count)" = 1 ] || fail "turns were written while the database was locked?"
[ "$(ls "$XDG_DATA_HOME/micoach/recovery" | grep -c '^session-.*\.json$')" = 1 ] || fail "expected one recovery file"
"$MICOACH" doctor --db "$db" >"$T/d1" 2>&1 || { cat "$T/d1"; fail "doctor with the killed session's file waiting"; }
assert_contains "$T/d1" "Recovery files: 1 practice session saved while the database refused it"
"$MICOACH" recover --db "$db" >"$T/r1" 2>&1 || { cat "$T/r1"; fail "micoach recover"; }
assert_contains "$T/r1" "2 turns added"
[ "$(count)" = 3 ] || fail "after recover the database holds $(count) turns, expected 3"
[ "$(sql "$db" "select reply from turns where idx = 2 order by id desc limit 1")" = \
  "You stopped smoking on your own, so you know how to do hard things." ] || fail "recovered turn 2 is not the reply given"
[ "$(sql "$db" 'pragma integrity_check')" = ok ] || fail "integrity_check after recover"
pass "killed while locked: every answered turn is in the recovery file and recover imports it"

# The lock goes away before the end: the store takes every turn, and the
# file kept meanwhile is removed.
hold b
practise_locked 2 "It sounds like the doctor's worry came out of nowhere."
touch "$T/b.release"; wait $holder
echo "You care a lot about being there for Alfie." >&3
exec 3>&-
wait $pid
assert_status 0 $? "practice locked at first, then free"
[ "$(count)" = 5 ] || { cat "$T/e2"; fail "the database holds $(count) turns, expected 5"; }
[ ! -e "$file" ] || fail "the recovery file kept meanwhile is still there though everything was saved"
pass "lock released mid-session: every turn saved, the file kept meanwhile removed"
