# The curses front end on the organisation's store, in tmux at 100x30: a
# trainee picks a scenario and practises; each reply is on the server as
# soon as its feedback shows; the session ends and history and the replay
# read it back from the server. Then the server goes away mid-session:
# the screen keeps going and the replies wait in a recovery file.
. "$(dirname "$0")/lib.sh"
. "$MICOACH_SRC/tests/pg/org.sh"
PGD=$(mktemp -d /tmp/micoach-pgt.XXXXXX)
trap 'pg_server_remove; cleanup' EXIT
pg_server_start "$PGD" || fail "could not start a server of its own"
pg_org tui
"$MICOACH" db init "$ORG_URI" >/dev/null 2>&1 || fail "db init"
org_add erin trainee ward7
run="env PGHOST='$PGHOST' PGPORT='$PGPORT' PGPASSFILE='$PGPASSFILE' MICOACH_BUSY_TIMEOUT_MS=300 MICOACH_SRC='$MICOACH_SRC' $MICOACH --db '$(org_uri erin)' --scenarios '$MICOACH_SRC/scenarios'"
turns() { org_count "SELECT count(*) FROM micoach.turns"; }
turns_are() { [ "$(turns)" = "$1" ]; }

start_and_reply() {
	tmux_start 100 30 "$run"
	wait_screen "Recent sessions"
	keys p
	wait_screen "Choose a scenario"
	keys -l "few cans"
	wait_screen "1 of "
	keys Enter
	wait_screen "Your reply"
	keys -l "It sounds like the doctor's worry came out of nowhere for you."
	keys Enter
	wait_screen "Feedback on reply 1"
}

start_and_reply
turns_are 1 || { screen; fail "the first reply is not on the server once its feedback shows"; }
keys -l "You work hard and a drink is how you wind down."
keys Enter
wait_screen "Feedback on reply 2"
turns_are 2 || fail "the second reply is not on the server"
keys -l "/quit"
keys Enter
wait_screen "MITI summary"
[ "$(org_count "SELECT outcome FROM micoach.sessions")" = quit ] || fail "the session did not end on the server"
keys Enter
keys h
wait_screen "History"
wait_screen "Only a few cans"
keys Enter
wait_screen "reply 1 of 2"
keys q
wait_screen "sorted by newest"
keys q
wait_screen "Recent sessions"
keys q
wait_screen "EXITED 0"
pass "practised in curses on the organisation's store; history and replay read it back"

# --- The server goes away mid-session -------------------------------------------
tm kill-session -t "$TMUX_SESSION" 2>/dev/null
start_and_reply
turns_are 3 || fail "the first reply of the second session is not on the server"
pg_server_kill || fail "could not kill the server"
keys -l "You work hard and a drink is how you wind down."
keys Enter
wait_screen "Feedback on reply 2"
keys -l "/quit"
keys Enter
wait_screen "MITI summary"
ls "$XDG_DATA_HOME"/micoach/recovery/session-*.json >/dev/null 2>&1 || { screen; fail "no recovery file"; }
pg_server_restart || fail "the server did not come back"
as_pg erin recover >"$T/out" 2>&1 || { cat "$T/out"; fail "recover"; }
turns_are 4 || fail "the replies kept while the server was away did not reach it ($(turns))"
pass "the server gone mid-session in curses: the replies waited and reached it once it was back"
