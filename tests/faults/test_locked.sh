# The database locked by another process. micoach waits (the busy timeout,
# MICOACH_BUSY_TIMEOUT_MS), says so, and loses nothing: turns answered while
# it is locked are saved once it is free, or, when it never is, go to a
# recovery file (named on stderr, mode 0600) that `micoach recover` imports.
# A lock that shuts out readers too stops micoach before the first reply
# with exit 75.
. "$MICOACH_SRC/tests/faults/lib.sh"
db="$T/l.db"
hold() { # hold NAME [exclusive]: lock db until $T/NAME.release exists
	python3 "$MICOACH_SRC/tests/faults/lockhold.py" "$db" "$T/$1.ready" "$T/$1.release" ${2:-} &
	holder=$!
	wait_until 20 test -f "$T/$1.ready" || fail "the lock holder never took the lock"
}
practise() { "$MICOACH" practice alcohol-gp --plain --db "$db" --seed 4 "$@"; }
count() { sql "$db" 'select count(*) from turns'; }
# A first session makes the database.
printf 'You feel it is unfair to be singled out.\n' | practise >"$T/o0" 2>&1 || fail "first session"
[ "$(count)" = 1 ] || fail "first session not saved"

# 1. Locked all along: exit 75, a recovery file, nothing lost.
hold a
printf 'Drinking helps you unwind after work.\nWhat would you like to be different?\nYou stopped smoking on your own.\n' |
	practise >"$T/o1" 2>"$T/e1"
st=$?
touch "$T/a.release"; wait
assert_status 75 $st "practice with the database locked throughout"
assert_contains "$T/e1" "the database is locked by another program (waited 300 ms"
assert_contains "$T/e1" "practising anyway"
[ "$(grep -c '^  Coded: ' "$T/o1")" = 3 ] || fail "the practice did not go on while locked"
file=$(sed -n 's/.*answered turns are saved in \(.*\.json\); add it.*/\1/p' "$T/e1")
[ -n "$file" ] && [ -f "$file" ] || { cat "$T/e1"; fail "no recovery file named on stderr"; }
case "$file" in "$XDG_DATA_HOME/micoach/recovery/session-"*.json) ;; *) fail "recovery file in an unexpected place: $file" ;; esac
[ "$(stat -c %a "$file")" = 600 ] || fail "recovery file mode $(stat -c %a "$file"), expected 600"
[ "$(stat -c %a "$XDG_DATA_HOME/micoach/recovery")" = 700 ] || fail "recovery directory not 0700"
assert_contains "$T/o1" "Not saved in the database yet"
[ "$(count)" = 1 ] || fail "turns were written while the database was locked?"
"$MICOACH" doctor --db "$db" >"$T/d1" 2>&1 || { cat "$T/d1"; fail "doctor with a recovery file waiting"; }
assert_contains "$T/d1" "Recovery files: 1 practice session saved while the database refused it"
"$MICOACH" recover --db "$db" >"$T/r1" 2>&1 || { cat "$T/r1"; fail "micoach recover"; }
assert_contains "$T/r1" "3 turns added"
[ "$(count)" = 4 ] || fail "after recover the database holds $(count) turns, expected 4"
[ "$(sql "$db" "select reply from turns where idx = 3 order by id desc limit 1")" = "You stopped smoking on your own." ] ||
	fail "recovered turn 3 is not the reply given"
[ "$(sql "$db" "select outcome from sessions order by id desc limit 1")" = quit ] || fail "recovered session has no outcome"
[ "$(sql "$db" "select count(*) from session_scores")" = 2 ] || fail "recovered session has no scores"
[ -f "$file.imported" ] && [ ! -f "$file" ] || fail "imported file not renamed to .imported"
"$MICOACH" recover --db "$db" "$file.imported" >"$T/r2" 2>&1 || { cat "$T/r2"; fail "second recover"; }
assert_contains "$T/r2" "already in the database, nothing to add"
"$MICOACH" doctor --db "$db" >"$T/d2" 2>&1 || { cat "$T/d2"; fail "doctor after recover"; }
assert_contains "$T/d2" "Recovery files: none waiting"
[ "$(count)" = 4 ] || fail "recovering twice changed the database"
"$MICOACH" show --db "$db" 2 >"$T/show" 2>&1 || { cat "$T/show"; fail "show the recovered session"; }
assert_contains "$T/show" "You stopped smoking on your own."
[ "$(sql "$db" 'pragma integrity_check')" = ok ] || fail "integrity_check after recover"
pass "locked throughout: exit 75, recovery file, recover imports it once"

# 2. Locked at the start, free in the middle: everything is saved, exit 0.
hold b
mkfifo "$T/in"
practise <"$T/in" >"$T/o2" 2>"$T/e2" &
pid=$!
exec 3>"$T/in"
echo "It sounds like the doctor's worry came out of nowhere." >&3
wait_until 20 grep -q 'will be saved with the next one' "$T/e2" || { cat "$T/e2"; fail "no word that the turn waits"; }
touch "$T/b.release"
wait $holder
echo "You care a lot about being there for Alfie." >&3
exec 3>&-
wait $pid
st=$?
assert_status 0 $st "practice locked at first, then free"
[ "$(count)" = 6 ] || { cat "$T/e2"; fail "after the lock went away the database holds $(count) turns, expected 6"; }
assert_contains "$T/o2" "Saved as session 3."
[ -z "$(ls "$XDG_DATA_HOME/micoach/recovery" | grep -v imported)" ] || fail "a recovery file although everything was saved"
pass "lock released mid-session: the kept turns are saved, exit 0"

# 3. A lock that shuts out readers too: exit 75 before the first reply.
hold c exclusive
echo "You feel singled out." | practise >"$T/o3" 2>"$T/e3"
st=$?
touch "$T/c.release"; wait
assert_status 75 $st "practice with readers locked out"
assert_contains "$T/e3" "locked"
assert_not_contains "$T/o3" "Coded:"
[ "$(count)" = 6 ] || fail "turn count changed"
pass "exclusive lock: exit 75 before the session starts"
