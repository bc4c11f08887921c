# Retry from a chosen turn, from the summary and from a replay: the new
# session replays the earlier replies with the same seed, is linked to the
# original, and the practitioner answers from the chosen turn on.
. "$(dirname "$0")/lib.sh"
db="$T/t.db"
tmux_start 100 30 "MICOACH_SRC='$MICOACH_SRC' $MICOACH practice alcohol-gp --db '$db' --scenarios '$MICOACH_SRC/scenarios'"
wait_screen "Your reply"
keys -l "You're here because Dr Shah booked it."
keys Enter
wait_screen "Feedback on reply 1"
keys -l "You should cut down before it is too late."
keys Enter
wait_screen "Feedback on reply 2"
keys Escape
wait_screen "End this session now?"
keys y
wait_screen "MITI summary"
keys Down                        # choose turn 2
keys r
wait_screen "Retrying from reply 2"
wait_screen "You're here because Dr Shah booked it."
wait_screen "reply 2 of"
keys -l "It's annoying to be sent here about it."
keys Enter
wait_screen "Feedback on reply 2"
keys Escape
wait_screen "End this session now?"
keys y
wait_screen "MITI summary"
screen_has "was: session #1, which this retries" || { screen; fail "a retry's summary compares with the original"; }
[ "$(sql "$db" 'select retry_of, retry_turn, seed = (select seed from sessions where id = 1) from sessions where id = 2')" = "1|2|1" ] ||
	fail "session 2 should retry session 1 from turn 2 with its seed: $(sql "$db" 'select retry_of, retry_turn from sessions where id = 2')"
[ "$(sql "$db" 'select reply from turns where session = 2 order by idx' | tr '\n' '/')" = "You're here because Dr Shah booked it./It's annoying to be sent here about it./" ] ||
	fail "session 2 turns: $(sql "$db" 'select idx, reply from turns where session = 2')"

# From history: replay session 2, step back to turn 1 and retry from there.
keys h
wait_screen "sorted by newest"
keys Enter
wait_screen "Replay"
wait_screen "reply 1 of 2"
keys r
wait_screen "Retrying session #2 from reply 1"
keys -l "It sounds like the appointment itself feels like a judgement."
keys Enter
wait_screen "Feedback on reply 1"
keys Escape
keys y
wait_screen "MITI summary"
[ "$(sql "$db" 'select retry_of, retry_turn from sessions where id = 3')" = "2|1" ] || fail "session 3 should retry session 2 from turn 1"
[ "$(sql "$db" 'select count(*) from turns where session = 3')" = 1 ] || fail "session 3 should hold one turn"

# History sorts and filters the three sessions.
keys h
wait_screen "sorted by newest"
keys s
wait_screen "sorted by oldest"
first() { screen | sed -n 4p; }
first_is() { first | grep -q "^ #$1 "; }
wait_until 5 first_is 1 || { screen; fail "oldest first should list #1 first"; }
keys / 
keys -l "#2"
wait_screen "1 of 3"
wait_until 5 first_is 2 || { screen; fail "the filter '#2' should leave session 2"; }
keys Enter Escape                # leave the filter, then clear it
wait_screen "3 of 3"
keys q
wait_screen "Recent sessions"
keys q
wait_screen "EXITED 0"
pass "retry from a turn, from the summary and from a replay; history sorts and filters"
