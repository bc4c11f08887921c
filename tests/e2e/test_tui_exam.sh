# Exam mode and assignments on the home screen: an assignment added from a
# trainer's file shows with its due date and progress; practising it from
# home runs in its mode (exam: no codes, meters or tips until the end), links
# the session to it, and the summary then shows the feedback held back.
. "$(dirname "$0")/lib.sh"
db="$T/t.db"
g="--db $db --scenarios $MICOACH_SRC/scenarios"
export MICOACH_SRC
"$MICOACH" $g assign primary-care --due 2099-12-31 --mode exam \
	--pass no_codes=CONF --id week3 --title "Week three" -o "$T/a.yaml" >"$T/out" 2>&1 ||
	{ cat "$T/out"; fail "micoach assign"; }
"$MICOACH" assignment add "$T/a.yaml" $g >"$T/out" 2>&1 || { cat "$T/out"; fail "micoach assignment add"; }

tmux_start 100 30 "MICOACH_SRC='$MICOACH_SRC' $MICOACH $g"
wait_screen "Assignments"
wait_screen "Week three"
screen_has "due 2099-12-31" || { screen; fail "the assignment's due date should show"; }
total=$(screen | sed -n 's/.* 0 of \([0-9]*\) passed.*/\1/p')
[ -n "$total" ] || { screen; fail "nothing is passed yet"; }
keys Down Down Enter             # Choose, History, then the assignment
wait_screen "Exam mode"
screen_has "exam" || fail "the assignment's mode is exam"
keys -l "You're only here because Dr Shah booked it."
keys Enter
wait_screen "reply 2 of"
screen_has "Feedback on reply" && { screen; fail "exam mode should hold the feedback"; }
screen_has "Resistance " && { screen; fail "exam mode should hide the meters"; }
screen_has "You're only here because Dr Shah booked it." || { screen; fail "the reply should be in the conversation"; }
keys Escape
wait_screen "End this session now?"
keys y
wait_screen "MITI summary"
wait_screen "exam mode"
keys End
wait_screen "Tip"                # the held feedback, turn by turn
[ "$(sql "$db" "select a.uid || ' ' || s.mode from sessions s join assignments a on a.id = s.assignment")" = "week3 exam" ] ||
	fail "the session should count for assignment week3 in exam mode"
keys q
wait_screen "1 of $total passed"
pass "exam mode and assignments from home"
