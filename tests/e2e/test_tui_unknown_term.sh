# TERM naming a terminal this system has no terminfo entry for: ncurses'
# initscr() would print "Error opening terminal" and exit 1. micoach says
# so in one line on stderr and practises in plain mode instead, on the
# same terminal; the session is saved as usual.
. "$(dirname "$0")/lib.sh"
db="$T/t.db"
run="TERM=no-such-terminal-xyz MICOACH_SRC='$MICOACH_SRC' $MICOACH --db '$db' --scenarios '$MICOACH_SRC/scenarios'"
note="micoach: TERM=no-such-terminal-xyz names a terminal this system does not know; using plain mode"

tmux_start 100 30 "$run practice alcohol-gp 2>'$T/err'"
wait_screen "Type your reply and press Enter"   # plain mode, on the terminal
keys -l "You're only here because Dr Shah booked it."
keys Enter
wait_screen "Coded: "
keys -l "/quit"
keys Enter
wait_screen "EXITED" ; screen_has "EXITED 0" || { cat "$T/err"; fail "exit status"; }
[ "$(cat "$T/err")" = "$note" ] || { cat "$T/err"; fail "stderr should hold the one-line note"; }
[ "$(sql "$db" 'select count(*) from turns')" = 1 ] || fail "the plain-mode reply should be saved"

# micoach with no command falls back the same way, to the plain menu.
tm kill-session -t "$TMUX_SESSION"
tmux_start 100 30 "$run 2>'$T/err'"
wait_screen "Only a few cans"                   # the plain scenario menu
[ "$(cat "$T/err")" = "$note" ] || { cat "$T/err"; fail "stderr should hold the one-line note"; }
pass "an unknown TERM falls back to plain mode with a note"
