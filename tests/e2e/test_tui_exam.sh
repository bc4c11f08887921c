# Exam mode and assignments on the home screen: an assignment added from a
# trainer's file shows with its due date and progress; practising it from
# home runs in its mode (exam: no codes, meters or tips until the end), links
# the session to it, and the summary then shows the feedback held back.
# Played in dump mode (docs/screens.md); the screens are read from the dumps.
. "$(dirname "$0")/lib.sh"
db="$T/t.db"
g="--db $db --scenarios $MICOACH_SRC/scenarios"
export MICOACH_SRC
"$MICOACH" $g assign primary-care --due 2099-12-31 --mode exam \
	--pass no_codes=CONF --id week3 --title "Week three" -o "$T/a.yaml" >"$T/out" 2>&1 ||
	{ cat "$T/out"; fail "micoach assign"; }
"$MICOACH" assignment add "$T/a.yaml" $g >"$T/out" 2>&1 || { cat "$T/out"; fail "micoach assignment add"; }

mkdir -p "$T/d"
MICOACH_SCREEN_DUMP="$T/d" "$MICOACH" $g >"$T/out" 2>&1 <<'KEYS'
dump home
# Choose, History, then the assignment
key Down Down Enter
type You're only here because Dr Shah booked it.
key Enter
dump practice
key Escape y
dump summary
key End
dump summary-end
key q
dump home-after
key q
KEYS
assert_status 0 $? "dump mode: $(cat "$T/out")"
assert_contains "$T/d/home.txt" "Week three"
assert_contains "$T/d/home.txt" "due 2099-12-31"
total=$(sed -n 's/.* 0 of \([0-9]*\) passed.*/\1/p' "$T/d/home.txt")
[ -n "$total" ] || { cat "$T/d/home.txt"; fail "nothing is passed yet"; }
assert_contains "$T/d/practice.txt" "Exam mode"
assert_contains "$T/d/practice.txt" "exam"
assert_contains "$T/d/practice.txt" "reply 2 of"
assert_not_contains "$T/d/practice.txt" "Feedback on reply"    # exam mode holds the feedback
assert_not_contains "$T/d/practice.txt" "Resistance "          # and the meters
assert_contains "$T/d/practice.txt" "You're only here because Dr Shah booked it."
assert_contains "$T/d/summary.txt" "MITI summary"
assert_contains "$T/d/summary.txt" "exam mode"
assert_contains "$T/d/summary-end.txt" "Tip"                   # the held feedback, turn by turn
[ "$(sql "$db" "select a.uid || ' ' || s.mode from sessions s join assignments a on a.id = s.assignment")" = "week3 exam" ] ||
	fail "the session should count for assignment week3 in exam mode"
assert_contains "$T/d/home-after.txt" "1 of $total passed"
pass "exam mode and assignments from home"
