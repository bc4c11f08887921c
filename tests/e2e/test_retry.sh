# Retry from a turn: the earlier turns are replayed with the same seed (the
# client says the same lines), the new session is linked to the original, and
# show --compare puts the two side by side.
. "$(dirname "$0")/lib.sh"
db="$T/r.db"
printf 'You feel singled out.\nDrinking helps you unwind.\nYou should cut down.\n' |
	"$MICOACH" practice alcohol-gp --db "$db" --seed 5 >"$T/orig" 2>&1
assert_status 0 $? "original session"
printf 'It sounds like that time after work is yours, and it matters.\n' |
	"$MICOACH" practice --retry 1:3 --db "$db" >"$T/retry" 2>&1
assert_status 0 $? "retry"
assert_contains "$T/retry" "Retrying session 1 from turn 3: replaying 2 turns."
assert_contains "$T/retry" "Saved as session 2."
[ "$(sql "$db" 'select retry_of || ":" || retry_turn from sessions where id = 2')" = "1:3" ] ||
	fail "session 2 is not linked to session 1 turn 3"
[ "$(sql "$db" 'select count(*) from turns where session = 2')" = 3 ] || fail "the retry does not hold 3 turns"
# The client's lines before the new answer are the same as in the original.
o=$(sql "$db" "select client_line from turns where session = 1 and idx <= 3 order by idx")
r=$(sql "$db" "select client_line from turns where session = 2 and idx <= 3 order by idx")
[ "$o" = "$r" ] || fail "replayed client lines differ from the original's"
a=$(sql "$db" "select reply from turns where session = 1 and idx = 3")
b=$(sql "$db" "select reply from turns where session = 2 and idx = 3")
[ "$a" != "$b" ] || fail "turn 3 was not answered anew"
"$MICOACH" show 2 --compare 1 --db "$db" >"$T/cmp" 2>&1
assert_status 0 $? "show --compare"
assert_contains "$T/cmp" "retry of 1 from turn 3"
"$MICOACH" practice --retry 1:9 --db "$db" </dev/null >"$T/out" 2>"$T/err"
assert_status 64 $? "retry past the last turn"
"$MICOACH" practice --retry 77:1 --db "$db" </dev/null >"$T/out" 2>"$T/err"
assert_status 66 $? "retry of a missing session"
"$MICOACH" practice --retry nonsense --db "$db" </dev/null >"$T/out" 2>"$T/err"
assert_status 64 $? "retry with a malformed spec"
pass "retry"
