# Every signal that would end micoach ends a plain-mode session cleanly
# (issue 14, item 16), not only INT, TERM and HUP: the answered turns are
# saved, the session ends 'interrupted' with its scores, and the exit status
# is 128 + the signal's number. (The curses front end: test_tui_interrupt.sh.)
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || fail "python3 is needed"
db="$T/s.db"
n=0
for sig in QUIT USR1 USR2 ALRM VTALRM PROF XCPU XFSZ IO PWR RTMIN RTMAX INT; do
	n=$((n + 1))
	num=$(python3 -c "import signal, sys; print(int(getattr(signal, 'SIG' + sys.argv[1])))" "$sig")
	rm -f "$T/in"
	mkfifo "$T/in"
	"$MICOACH" practice alcohol-gp --plain --db "$db" --seed 3 <"$T/in" >"$T/out" 2>"$T/err" &
	pid=$!
	exec 3>"$T/in"
	echo "You feel it's unfair to be singled out." >&3
	saved() { [ "$(sql "$db" "select count(*) from turns t join sessions s on t.session = s.id where s.id = $n" 2>/dev/null)" = 1 ]; }
	wait_until 20 saved || { cat "$T/err"; fail "SIG$sig: the first turn never reached the database"; }
	kill -s "$sig" $pid 2>/dev/null || python3 -c "import os, sys; os.kill(int(sys.argv[1]), int(sys.argv[2]))" $pid "$num"
	wait $pid
	st=$?
	exec 3>&-
	[ "$st" = $((128 + num)) ] || { cat "$T/err"; fail "SIG$sig: exit status $st, expected $((128 + num))"; }
	[ "$(sql "$db" "select outcome from sessions where id = $n")" = interrupted ] ||
		fail "SIG$sig: the session's outcome is '$(sql "$db" "select outcome from sessions where id = $n")'"
	[ "$(sql "$db" "select count(*) from session_scores where session = $n")" = 1 ] || fail "SIG$sig: no scores"
	grep -qE 'AddressSanitizer|runtime error:' "$T/err" && { cat "$T/err"; fail "SIG$sig: sanitizer report"; }
done
pass "QUIT, USR1, USR2, ALRM, VTALRM, PROF, XCPU, XFSZ, IO, PWR and the real-time signals end a session cleanly, as INT does"
