# A plain-mode practice session is clean under valgrind's memcheck: no invalid
# reads or writes, no use of uninitialised memory, no leak of any kind (the
# optimised build, -O2 -g). So are a session that ends in a recovery file
# (the database locked), `micoach recover`, `micoach show`, and a session in
# the curses front end.
# Suppressions, each explained: tests/valgrind.supp.
. "$MICOACH_SRC/tests/faults/lib.sh"
command -v valgrind >/dev/null 2>&1 || { echo "skip: valgrind is not installed (make deps installs it)"; exit 0; }
db="$T/v.db"
vg() {
	valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
		--suppressions="$MICOACH_SRC/tests/valgrind.supp" "$MICOACH" "$@"
}
printf '%s\n' "It sounds like the worry came out of nowhere." "What would you like to be different?" "/hint" \
	"You stopped smoking on your own." "You need to stop drinking." "/quit" >"$T/replies"
vg practice alcohol-gp --plain --seed 3 --db "$db" <"$T/replies" >"$T/o1" 2>"$T/e1"
st=$?
[ $st = 0 ] || { cat "$T/e1"; fail "practice under valgrind: exit $st"; }
assert_contains "$T/o1" "Saved as session 1."
pass "plain-mode practice session clean under valgrind"

python3 "$MICOACH_SRC/tests/faults/lockhold.py" "$db" "$T/ready" "$T/release" &
holder=$!
wait_until 20 test -f "$T/ready" || fail "the lock holder never took the lock"
head -3 "$T/replies" | vg practice alcohol-gp --plain --seed 3 --db "$db" >"$T/o2" 2>"$T/e2"
st=$?
touch "$T/release"
wait $holder
[ $st = 75 ] || { cat "$T/e2"; fail "locked practice under valgrind: exit $st, expected 75"; }
! grep -q '^==[0-9]*==' "$T/e2" || { cat "$T/e2"; fail "valgrind errors in a session saved to a recovery file"; }
pass "session ending in a recovery file clean under valgrind"

vg recover --db "$db" >"$T/o3" 2>"$T/e3" || { cat "$T/e3"; fail "recover under valgrind"; }
assert_contains "$T/o3" "2 turns added"
vg show 2 --db "$db" >"$T/o4" 2>"$T/e4" || { cat "$T/e4"; fail "show under valgrind"; }
pass "recover and show clean under valgrind"

# The curses front end under valgrind, in tmux: home screen, picker, one
# reply, end the session, summary, quit. ncurses keeps its screen and
# terminfo tables until exit (tests/valgrind.supp explains the two
# suppressions); everything else must be clean.
if command -v tmux >/dev/null 2>&1; then
	tmux_start 100 30 "env MICOACH_SRC='$MICOACH_SRC' valgrind --error-exitcode=99 --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all --suppressions='$MICOACH_SRC/tests/valgrind.supp' --log-file='$T/curses.vg' '$MICOACH' --db '$T/c.db'"
	wait_screen "a scenario from" 90
	keys p
	wait_screen "Choose a scenario" 30
	keys Enter
	wait_screen "Your reply" 30
	keys "It sounds like you are fed up with all this." Enter
	wait_screen "Feedback on reply 1" 30
	keys Escape
	wait_screen "End this session now?" 30
	keys y
	wait_screen "Outcome" 30
	keys q
	wait_screen "Practise" 30
	keys q
	wait_screen "EXITED" 60
	screen_has "EXITED 0" || { screen; cat "$T/curses.vg"; fail "curses session under valgrind did not exit 0"; }
	grep -q "ERROR SUMMARY: 0 errors" "$T/curses.vg" || { cat "$T/curses.vg"; fail "valgrind errors in the curses session"; }
	[ "$(sql "$T/c.db" 'select count(*) from turns')" = 1 ] || fail "the curses session's turn is not saved"
	pass "curses session clean under valgrind (ncurses' own tables suppressed)"
else
	echo "skip: curses under valgrind (no tmux)"
fi
