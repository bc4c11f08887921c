# Resizing during a session re-lays out the screen; below 80x24 a "too small"
# screen keeps the session, which carries on when the window grows again.
. "$(dirname "$0")/lib.sh"
db="$T/t.db"
tmux_start 100 30 "MICOACH_SRC='$MICOACH_SRC' $MICOACH practice alcohol-gp --db '$db' --scenarios '$MICOACH_SRC/scenarios'"
wait_screen "Your reply"
keys -l "You came because Dr Shah asked you to."
keys Enter
wait_screen "Feedback on reply 1"

tm resize-window -t "$TMUX_SESSION" -x 70 -y 20
wait_screen "Terminal too small: 70x20"
screen_has "your session is kept" || fail "the small screen should say the session is kept"

tm resize-window -t "$TMUX_SESSION" -x 80 -y 24
wait_screen "Feedback on reply 1"
wait_screen "You came because Dr Shah asked you to."
# The rules were drawn again for the new width: they end at column 80.
rule_cols() { screen | python3 -c 'import sys
print(max((len(l.rstrip("\n")) for l in sys.stdin if "Conversation" in l), default=0))'; }
rule_is() { [ "$(rule_cols)" = "$1" ]; }
wait_until 10 rule_is 80 || { screen; fail "the conversation rule is $(rule_cols) columns, expected 80"; }
screen | tail -n 1 | grep -q "Enter send" || { screen; fail "the status bar should be on the last row"; }

tm resize-window -t "$TMUX_SESSION" -x 120 -y 40
wait_screen "Conversation"
wait_until 10 rule_is 120 || { screen; fail "the conversation rule is $(rule_cols) columns, expected 120"; }
keys -l "It's frustrating to be sent here."
keys Enter
wait_screen "Feedback on reply 2"
[ "$(sql "$db" "select count(distinct session) || '/' || count(*) from turns")" = "1/2" ] ||
	fail "both replies should be turns of one session"
pass "resize re-lays out and keeps the session"
