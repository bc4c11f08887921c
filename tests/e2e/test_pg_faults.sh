# Nothing answered is lost when the organisation's server is not there, on
# a server of this test's own (tests/pg/lib.sh) that it kills, stops,
# restarts and cuts off:
# - killed mid-session (SIGKILL): practice goes on, the answered turns go
#   to a recovery file, and once the server is back the next start saves
#   them there, exactly once;
# - killed mid-session, and practice killed too: the recovery file written
#   after every refused turn holds what was answered;
# - stopped mid-session and back before the session ends: the kept turns
#   are saved when it returns, no recovery file;
# - the connection dropped by the server: made again, nothing noticed;
# - not there at the start: practice goes on, and recover saves it later;
# - a read-only role: practice goes on, the session waits in a recovery
#   file until the role may write.
. "$(dirname "$0")/lib.sh"
. "$MICOACH_SRC/tests/pg/org.sh"
PGD=$(mktemp -d /tmp/micoach-pgf.XXXXXX)
trap 'pg_server_remove; cleanup' EXIT
pg_server_start "$PGD" || fail "could not start a server of its own"
export MICOACH_BUSY_TIMEOUT_MS=500
pg_org faults
"$MICOACH" db init "$ORG_URI" >/dev/null 2>&1 || fail "db init"
org_add alice trainee ward7
org_add ro trainee ward7
recdir="$XDG_DATA_HOME/micoach/recovery"
turns() { org_count "SELECT count(*) FROM micoach.turns t JOIN micoach.sessions s ON s.id = t.session WHERE s.uid = '$1'"; }
all_turns() { org_count "SELECT count(*) FROM micoach.turns"; }
sessions() { org_count "SELECT count(*) FROM micoach.sessions"; }

# practise_fed OUT: practice as alice in the background, fed through a FIFO on fd 3.
practise_fed() {
	rm -f "$T/in"
	mkfifo "$T/in"
	as_pg alice practice alcohol-gp --plain --seed 1 <"$T/in" >"$1" 2>&1 &
	PRACTICE=$!
	exec 3>"$T/in"
}
say() { echo "$1" >&3; }
saved_turns_are() { [ "$(all_turns 2>/dev/null)" = "$1" ]; }
finish() { # expected status
	say "/quit"
	exec 3>&-
	wait $PRACTICE
	assert_status "$1" $? "practice"
}

# --- Killed mid-session, back after it ended ------------------------------------
practise_fed "$T/killed.out"
say "It sounds like the doctor worried you."
wait_until 15 saved_turns_are 1 || fail "the first turn never reached the server"
pg_server_kill || fail "could not kill the server"
say "You want to decide for yourself."
say "Part of you enjoys the cans, and part of you wonders."
finish 75
assert_contains "$T/killed.out" "Not saved in the database yet"
ls "$recdir"/session-*.json >/dev/null 2>&1 || fail "no recovery file"
uid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["session"]["uid"])' "$recdir"/session-*.json)
pg_server_restart || fail "the server did not come back"
[ "$(turns "$uid")" = 1 ] || fail "the server lost the turn it had committed"
as_pg alice history >"$T/out" 2>&1 || { cat "$T/out"; fail "history after the restart"; }
assert_contains "$T/out" "1 session kept in recovery files while"
[ "$(turns "$uid")" = 3 ] || fail "the answered turns did not all reach the server after it came back"
ls "$recdir"/session-*.json.imported >/dev/null 2>&1 || fail "the recovery file was not marked imported"
as_pg alice recover "$recdir"/session-*.json.imported >"$T/out" 2>&1 || { cat "$T/out"; fail "recover again"; }
assert_contains "$T/out" "already in the database, nothing to add"
[ "$(turns "$uid")" = 3 ] && [ "$(sessions)" = 1 ] || fail "recovering twice saved twice"
pass "killed mid-session: every answered turn reached the server once it was back, exactly once"

# --- Stopped mid-session, back before the end ---------------------------------
practise_fed "$T/stopped.out"
say "It sounds like the doctor worried you."
wait_until 15 saved_turns_are 4 || fail "the first turn never reached the server"
pg_server_stop || fail "could not stop the server"
say "You want to decide for yourself."
pg_server_restart || fail "the server did not come back"
say "Part of you enjoys the cans, and part of you wonders."
finish 0
assert_contains "$T/stopped.out" "Saved as session"
[ "$(all_turns)" = 6 ] || fail "the kept turn was not saved when the server came back ($(all_turns) turns)"
[ "$(ls "$recdir"/session-*.json 2>/dev/null | wc -l)" = 0 ] || fail "a recovery file for a session that was saved"
pass "stopped mid-session and back: the kept turns were saved, no recovery file"

# --- The connection dropped by the server ------------------------------------------
practise_fed "$T/dropped.out"
say "It sounds like the doctor worried you."
wait_until 15 saved_turns_are 7 || fail "the first turn never reached the server"
pg_super "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = 'alice'" >/dev/null
say "You want to decide for yourself."
wait_until 15 saved_turns_are 8 || fail "the turn after the drop did not reach the server"
finish 0
assert_not_contains "$T/dropped.out" "Not saved"
pass "a dropped connection was made again: nothing noticed"

# --- Not there at the start -------------------------------------------------------
pg_server_stop
printf 'It sounds like the doctor worried you.\nYou want to decide for yourself.\n/quit\n' |
	as_pg alice practice alcohol-gp --plain --seed 2 >"$T/out" 2>&1
assert_status 75 $? "practice with the server away"
assert_not_contains "$T/out" "Saved as session"
assert_contains "$T/out" "Not saved in the database yet"
pg_server_restart
as_pg alice recover >"$T/out" 2>&1 || { cat "$T/out"; fail "recover"; }
assert_contains "$T/out" "1 session kept in recovery files while"
[ "$(all_turns)" = 10 ] || fail "the session practised offline did not arrive whole ($(all_turns) turns)"
pass "not there at the start: practice went on, recover saved it"

# --- A read-only role -----------------------------------------------------------------
pg_super "ALTER ROLE ro SET default_transaction_read_only = on" >/dev/null
printf 'It sounds like the doctor worried you.\n/quit\n' |
	as_pg ro practice alcohol-gp --plain --seed 2 >"$T/out" 2>&1
assert_status 74 $? "practice as a read-only role"
assert_contains "$T/out" "read-only"
assert_contains "$T/out" "Not saved in the database yet"
[ "$(org_count "SELECT count(*) FROM micoach.sessions s JOIN micoach.users u ON u.id = s.\"user\" WHERE u.name = 'ro'")" = 0 ] ||
	fail "a read-only role wrote"
pg_super "ALTER ROLE ro RESET default_transaction_read_only" >/dev/null
as_pg ro recover >"$T/out" 2>&1 || { cat "$T/out"; fail "recover once the role may write"; }
[ "$(org_count "SELECT count(*) FROM micoach.sessions s JOIN micoach.users u ON u.id = s.\"user\" WHERE u.name = 'ro'")" = 1 ] ||
	fail "the read-only role's session did not arrive"
pass "a read-only role: practice went on, the session arrived once it might write"

# --- The server away, then practice itself killed (SIGKILL) ------------------------
# From the first refused turn, every answered turn is in a recovery file.
before=$(all_turns)
practise_fed "$T/both.out"
pg_server_kill || fail "could not kill the server"
say "You feel nagged about it."
wait_until 15 grep -q "every answered turn is kept in " "$T/both.out" || { cat "$T/both.out"; fail "no recovery file named"; }
file=$(sed -n 's/.*every answered turn is kept in \(.*\.json\).*/\1/p' "$T/both.out" | head -1)
say "You stopped once before, so you know you can."
wait_until 15 grep -q "you know you can" "$file" || fail "the second turn never reached the recovery file"
kill -9 $PRACTICE; wait $PRACTICE 2>/dev/null; exec 3>&-
pg_server_restart || fail "the server did not come back"
as_pg alice history >"$T/out" 2>&1 || { cat "$T/out"; fail "history after the kill"; }
assert_contains "$T/out" "1 session kept in recovery files while"
[ "$(all_turns)" = $((before + 2)) ] || fail "the turns answered before the kill did not all reach the server"
pass "server away and practice killed: the answered turns reached the server from the recovery file"
