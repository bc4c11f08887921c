# Idle means idle: waiting for a key, the curses front end sleeps in the
# kernel (no polling timer, no busy loop). Over a one-second window its CPU
# time and its voluntary context switches must not move. (The window is a
# measurement, not a wait for something to happen.)
. "$(dirname "$0")/lib.sh"
tmux_start 100 30 "MICOACH_SRC='$MICOACH_SRC' $MICOACH --db '$T/t.db' --scenarios '$MICOACH_SRC/scenarios'"
wait_screen "Recent sessions"
pane=$(tm display -p -t "$TMUX_SESSION" '#{pane_pid}')
pid=$(pgrep -P "$pane" | head -n 1)
[ -n "$pid" ] || fail "no micoach process under the pane"
sample() { echo "$(awk '{ print $14 + $15 }' /proc/$pid/stat) $(awk '/^voluntary_ctxt_switches/ { print $2 }' /proc/$pid/status)"; }
# Let the first draw settle: the sample is stable once the screen is up.
before=$(sample)
stable() { now=$(sample); [ "$now" = "$before" ] || { before=$now; return 1; }; }
wait_until 5 stable || true
before=$(sample)
sleep 1
after=$(sample)
[ "$before" = "$after" ] || fail "idle micoach woke up: cpu ticks and switches went from '$before' to '$after'"
# And it still answers at once.
keys h
wait_screen "sorted by newest"
pass "idle without waking"
