# Colours are roles: with colours the screen uses them; with NO_COLOR set it
# uses none, only attributes (reverse, bold, underline), and still works.
. "$(dirname "$0")/lib.sh"
db="$T/t.db"
run="MICOACH_SRC='$MICOACH_SRC' $MICOACH --db '$db' --scenarios '$MICOACH_SRC/scenarios'"
# capture-pane -e keeps the attributes as SGR sequences.
colours() { tm capture-pane -e -p -t "$TMUX_SESSION" | grep -c -E '\[([0-9;]*;)?(3[0-7]|4[0-7]|38;|48;)'; }

tmux_start 100 30 "$run"
wait_screen "Recent sessions"
[ "$(colours)" -gt 0 ] || fail "expected colours without NO_COLOR"
keys q
wait_screen "EXITED 0"
tm kill-session -t "$TMUX_SESSION"

tmux_start 100 30 "NO_COLOR=1 $run"
wait_screen "Recent sessions"
n=$(colours)
[ "$n" = 0 ] || { tm capture-pane -e -p -t "$TMUX_SESSION" | cat -v | head; fail "NO_COLOR: $n lines with colour"; }
tm capture-pane -e -p -t "$TMUX_SESSION" | grep -q '\[7m' || fail "NO_COLOR: the bars should be in reverse video"
keys p
wait_screen "Choose a scenario"
keys -l "few cans"
keys Enter
wait_screen "Your reply"
keys -l "You're here because Dr Shah booked it."
keys Enter
wait_screen "Feedback on reply 1"
[ "$(colours)" = 0 ] || fail "NO_COLOR: colour on the practice screen"
pass "NO_COLOR honoured"
