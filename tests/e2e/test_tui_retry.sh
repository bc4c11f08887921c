# Retry from a chosen turn, from the summary and from a replay: the new
# session replays the earlier replies with the same seed, is linked to the
# original, and the practitioner answers from the chosen turn on. History
# then sorts and filters the three sessions. Played in dump mode
# (docs/screens.md); the screens are read from the dumps.
. "$(dirname "$0")/lib.sh"
db="$T/t.db"
mkdir -p "$T/d"
MICOACH_SCREEN_DUMP="$T/d" "$MICOACH" --db "$db" --scenarios "$MICOACH_SRC/scenarios" practice alcohol-gp \
	>"$T/out" 2>&1 <<'KEYS'
type You're here because Dr Shah booked it.
key Enter
type You should cut down before it is too late.
key Enter
key Escape y
# choose turn 2, retry from it
key Down r
dump retrying
type It's annoying to be sent here about it.
key Enter
dump retried
key Escape y
dump retry-summary
# From history: replay session 2, step back to turn 1 and retry from there.
key h Enter
dump replay
key r
dump retrying-replay
type It sounds like the appointment itself feels like a judgement.
key Enter
dump retried-replay
key Escape y
# History sorts and filters the three sessions.
key h s
dump oldest
key /
type #2
dump filtered
# leave the filter, then clear it
key Enter Escape
dump cleared
key q q
KEYS
assert_status 0 $? "dump mode: $(cat "$T/out")"
assert_contains "$T/d/retrying.txt" "Retrying from reply 2"
assert_contains "$T/d/retrying.txt" "You're here because Dr Shah booked it."
assert_contains "$T/d/retrying.txt" "reply 2 of"
assert_contains "$T/d/retried.txt" "Feedback on reply 2"
assert_contains "$T/d/retry-summary.txt" "was: session #1, which this retries"
[ "$(sql "$db" 'select retry_of, retry_turn, seed = (select seed from sessions where id = 1) from sessions where id = 2')" = "1|2|1" ] ||
	fail "session 2 should retry session 1 from turn 2 with its seed: $(sql "$db" 'select retry_of, retry_turn from sessions where id = 2')"
[ "$(sql "$db" 'select reply from turns where session = 2 order by idx' | tr '\n' '/')" = "You're here because Dr Shah booked it./It's annoying to be sent here about it./" ] ||
	fail "session 2 turns: $(sql "$db" 'select idx, reply from turns where session = 2')"

assert_contains "$T/d/replay.txt" "reply 1 of 2"
assert_contains "$T/d/retrying-replay.txt" "Retrying session #2 from reply 1"
assert_contains "$T/d/retried-replay.txt" "Feedback on reply 1"
[ "$(sql "$db" 'select retry_of, retry_turn from sessions where id = 3')" = "2|1" ] || fail "session 3 should retry session 2 from turn 1"
[ "$(sql "$db" 'select count(*) from turns where session = 3')" = 1 ] || fail "session 3 should hold one turn"

assert_contains "$T/d/oldest.txt" "sorted by oldest"
sed -n 4p "$T/d/oldest.txt" | grep -q "^ #1 " || { cat "$T/d/oldest.txt"; fail "oldest first should list #1 first"; }
assert_contains "$T/d/filtered.txt" "1 of 3"
sed -n 4p "$T/d/filtered.txt" | grep -q "^ #2 " || { cat "$T/d/filtered.txt"; fail "the filter '#2' should leave session 2"; }
assert_contains "$T/d/cleared.txt" "3 of 3"
pass "retry from a turn, from the summary and from a replay; history sorts and filters"
