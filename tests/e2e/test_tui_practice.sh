# The curses front end end to end, in tmux at 100x30: home, pick a scenario by
# filtering, practise it to an ending, the summary, then open the session
# again from history and step through its replay; quit from home.
. "$(dirname "$0")/lib.sh"
db="$T/t.db"
run="MICOACH_SRC='$MICOACH_SRC' $MICOACH --db '$db' --scenarios '$MICOACH_SRC/scenarios'"

tmux_start 100 30 "$run"
wait_screen "Recent sessions"
screen_has "None yet" || fail "a fresh database should have no recent sessions"

keys '?'
wait_screen "Help: Home"
keys x                           # any key closes the help
help_gone() { ! screen_has "Help: Home"; }
wait_until 5 help_gone || fail "the help overlay should close on a key"
keys p
wait_screen "Choose a scenario"
keys -l "few cans"
wait_screen "1 of "
wait_screen "Keith"           # the preview shows the client
screen_has "precontemplation" || { screen; fail "the preview should show the stage of change"; }
keys Enter
wait_screen "Your reply"
wait_screen "Conversation"
keys -l "/help"
keys Enter
wait_screen "Help: Practice"
keys Escape
keys -l "/hint"
keys Enter
wait_screen "Hint"
screen_has "Try" || { screen; fail "/hint should show the scenario's model reply"; }

# Confronting the client ends the session early (failure); reply until it ends.
ended=0
for i in 1 2 3 4 5 6 7 8 9 10; do
	keys -l "You need to stop drinking, you are an alcoholic and you are in denial."
	keys Enter
	if wait_until 10 screen_has "session has ended"; then ended=1; break; fi
	wait_screen "Feedback on reply $i"
done
[ $ended = 1 ] || { screen; fail "the session never ended"; }
screen_has "CONF" || { screen; fail "coach mode should show the codes of each reply"; }
keys Enter
wait_screen "MITI summary"
for t in "Outcome" "Skills" "Reflections to questions" "Complex reflections" "Strongest turn"; do
	screen_has "$t" || { screen; fail "the summary lacks '$t'"; }
done
# every reply confronted: no confrontation is held up as the strongest turn
screen_has "none: every reply persuaded or confronted" ||
	{ screen; fail "an all-confronting session should have no strongest turn"; }
screen_has "Weakest turn" || { screen; fail "the summary should show the weakest turn"; }
# the client-talk section of a format-2 scenario pushes the model reply below the fold
screen_has "A model reply" || { keys PageDown; wait_screen "A model reply"; }
[ "$(sql "$db" "select count(*) from sessions where outcome in ('failure','success','limit')")" = 1 ] ||
	fail "the ended session should be stored with its outcome"
turns=$(sql "$db" "select count(*) from turns")
[ "$turns" -ge 1 ] || fail "no turns stored"

keys h
wait_screen "History"
wait_screen "Only a few cans"
keys Enter
wait_screen "Replay"
wait_screen "reply 1 of $turns"
screen_has "Codes" || { screen; fail "the replay should show the codes of the turn"; }
if [ "$turns" -gt 1 ]; then
	keys n
	wait_screen "reply 2 of $turns"
fi
keys q
wait_screen "sorted by newest"
keys q
wait_screen "Recent sessions"
screen_has "#1" || { screen; fail "home should list the session"; }
keys q
wait_screen "EXITED 0"
pass "picked, practised to an ending, summarised, replayed from history"
