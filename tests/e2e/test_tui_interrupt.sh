# Ctrl-C, SIGTERM and SIGHUP in the middle of a session: the answered turns
# are in the database, the session is marked interrupted, the terminal is
# restored and the exit status says which signal.
. "$(dirname "$0")/lib.sh"
db="$T/t.db"
run="MICOACH_SRC='$MICOACH_SRC' $MICOACH practice alcohol-gp --db '$db' --scenarios '$MICOACH_SRC/scenarios'"
outcome() { sql "$db" "select outcome from sessions where id = $1"; }
is_interrupted() { [ "$(outcome "$1")" = interrupted ]; }

two_replies() {
	wait_screen "Your reply"
	keys -l "You're here because Dr Shah booked it."
	keys Enter
	wait_screen "Feedback on reply 1"
	keys -l "It's annoying to be told how much to drink."
	keys Enter
	wait_screen "Feedback on reply 2"
}

# Ctrl-C
tmux_start 100 30 "$run"
two_replies
keys C-c
wait_screen "EXITED 130"
screen_has "Your reply" && fail "the screen should be restored (not the alternate screen) after Ctrl-C"
[ "$(sql "$db" 'select count(*) from turns where session = 1')" = 2 ] || fail "Ctrl-C: two turns should be saved"
is_interrupted 1 || fail "Ctrl-C: outcome is '$(outcome 1)'"
tm kill-session -t "$TMUX_SESSION"

# SIGTERM, sent to the micoach process in the pane.
tmux_start 100 30 "$run"
two_replies
pane=$(tm display -p -t "$TMUX_SESSION" '#{pane_pid}')
pid=$(pgrep -P "$pane" | head -n 1)
[ -n "$pid" ] || fail "no micoach process under the pane"
kill -TERM "$pid"
wait_screen "EXITED 143"
[ "$(sql "$db" 'select count(*) from turns where session = 2')" = 2 ] || fail "SIGTERM: two turns should be saved"
is_interrupted 2 || fail "SIGTERM: outcome is '$(outcome 2)'"
tm kill-session -t "$TMUX_SESSION"

# SIGHUP: the terminal goes away (the tmux session is killed).
tmux_start 100 30 "$run"
two_replies
pane=$(tm display -p -t "$TMUX_SESSION" '#{pane_pid}')
pid=$(pgrep -P "$pane" | head -n 1)
tm kill-session -t "$TMUX_SESSION"
TMUX_SESSION=
wait_until 10 is_interrupted 3 || fail "hangup: outcome is '$(outcome 3)'"
gone() { ! kill -0 "$pid" 2>/dev/null; }
wait_until 10 gone || fail "micoach still running after the hangup"
[ "$(sql "$db" 'select count(*) from turns where session = 3')" = 2 ] || fail "hangup: two turns should be saved"

# Home offers to resume the interrupted session: a retry from its first
# unanswered turn with its replies replayed.
tmux_start 100 30 "MICOACH_SRC='$MICOACH_SRC' $MICOACH --db '$db' --scenarios '$MICOACH_SRC/scenarios'"
wait_screen "Resume"
screen_has "interrupted after 2 replies" || { screen; fail "home should offer to resume"; }
keys c
wait_screen "Resumed session #3"
wait_screen "reply 3 of"
keys -l "You'd rather decide this yourself."
keys Enter
wait_screen "Feedback on reply 3"
[ "$(sql "$db" 'select retry_of, retry_turn from sessions where id = 4')" = "3|3" ] || fail "the resumed session should retry #3 from turn 3"
[ "$(sql "$db" 'select count(*) from turns where session = 4')" = 3 ] || fail "the resumed session should hold 3 turns"
pass "Ctrl-C, SIGTERM and SIGHUP save the session as interrupted; home resumes it"
tm kill-session -t "$TMUX_SESSION"

# SIGQUIT and SIGUSR1 (every signal that would end the process, issue 14
# item 16) end the curses session the same way.
n=5
for sig in QUIT USR1; do
	tmux_start 100 30 "$run"
	two_replies
	pane=$(tm display -p -t "$TMUX_SESSION" '#{pane_pid}')
	pid=$(pgrep -P "$pane" | head -n 1)
	kill -s "$sig" "$pid"
	num=$(python3 -c "import signal, sys; print(int(getattr(signal, 'SIG' + sys.argv[1])))" "$sig")
	wait_screen "EXITED $((128 + num))"
	[ "$(sql "$db" "select count(*) from turns where session = $n")" = 2 ] || fail "SIG$sig: two turns should be saved"
	is_interrupted $n || fail "SIG$sig: outcome is '$(outcome $n)'"
	tm kill-session -t "$TMUX_SESSION"
	n=$((n + 1))
done
pass "SIGQUIT and SIGUSR1 end a curses session as interrupted"
