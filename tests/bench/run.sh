#!/bin/sh
# make bench: run every bench program named on the command line, add the
# whole-program figures (start-up, peak memory), and print one table of each
# figure beside its target. Each bench program prints lines
#   figure<TAB>measured<TAB>target<TAB>ok|MISSED
# Set ANNOMI=path/to/dev.csv to add the coder's agreement on that corpus.
# Exits non-zero when a bench program fails; a MISSED target is reported, not fatal.
set -u
BIN=${BIN:-./micoach}
rows=$(mktemp)
trap 'rm -rf "$rows" "$tmp"' EXIT
tmp=$(mktemp -d)
status=0

for b in "$@"; do
	if ! "$b" >>"$rows" 2>"$tmp/err"; then
		printf '%s\tfailed\t-\tMISSED\n' "$(basename "$b")" >>"$rows"
		sed 's/^/  /' "$tmp/err" >&2
		status=1
	fi
done

# Many trainees at once, on SQLite and on PostgreSQL (tests/bench/load.sh).
if ! sh "$(dirname "$0")/load.sh" "$BIN" >>"$rows" 2>"$tmp/load.err"; then
	printf 'load (200 practice processes at once)\tfailed\t-\tMISSED\n' >>"$rows"
	sed 's/^/  /' "$tmp/load.err" >&2
	status=1
fi

export XDG_DATA_HOME="$tmp/data"
# A binary built elsewhere (make B=/tmp/x) finds the bundled scenarios and
# data through MICOACH_SRC; run from the source tree, as make does.
export MICOACH_SRC="${MICOACH_SRC:-$(pwd)}"
# fig_fail FIGURE WHY: a figure that could not be measured is a MISSED row.
fig_fail() { printf '%s\tfailed: %s\t-\tMISSED\n' "$1" "$2" >>"$rows"; status=1; }
ms_now() { date +%s%N | cut -c1-13; }

# Start-up to the first screen, plain mode (issue 12: under 20 ms): load the catalog, the coder model and
# the database, print the client's opening (median of 21 runs).
# Each run must really show the opening: a run that fails fast is no figure.
i=0; : >"$tmp/times"
while [ $i -lt 21 ]; do
	t0=$(date +%s%N)
	"$BIN" practice alcohol-gp --plain --db "$tmp/s.db" --seed 1 </dev/null >"$tmp/startup.out" 2>&1 || break
	t1=$(date +%s%N)
	grep -q '^Type your reply' "$tmp/startup.out" || break
	echo $(( (t1 - t0) / 1000 )) >>"$tmp/times"
	i=$((i + 1))
done
if [ $i = 21 ]; then
	med=$(sort -n "$tmp/times" | sed -n 11p)
	ok=$([ "$med" -lt 20000 ] && echo ok || echo MISSED)
	printf 'start-up to first screen (plain, median of 21)\t%d.%03d ms\t< 20 ms\t%s\n' \
		$((med / 1000)) $((med % 1000)) "$ok" >>"$rows"
else
	fig_fail 'start-up to first screen (plain)' "$(head -1 "$tmp/startup.out")"
fi

# Start-up to the first curses screen, in tmux at 100x30 (polled every 5 ms):
# the home screen with the catalog loaded ("Choose a scenario from N packs").
if command -v tmux >/dev/null 2>&1; then
	sock="bench$$"
	t0=$(date +%s%N)
	tmux -L "$sock" new-session -d -s b -x 100 -y 30 "env XDG_DATA_HOME='$XDG_DATA_HOME' MICOACH_SRC='$MICOACH_SRC' TERM=xterm-256color LANG=C.UTF-8 $BIN --db '$tmp/s.db'; sleep 5"
	shown=
	n=0
	while [ $n -lt 2000 ]; do
		if tmux -L "$sock" capture-pane -p -t b 2>/dev/null | grep -q 'a scenario from [1-9]'; then shown=1; break; fi
		n=$((n + 1)); sleep 0.005
	done
	t1=$(date +%s%N)
	tmux -L "$sock" kill-server 2>/dev/null
	if [ -n "$shown" ]; then
		us=$(( (t1 - t0) / 1000 ))
		ok=$([ "$us" -lt 300000 ] && echo ok || echo MISSED)
		printf 'start-up to first screen (curses in tmux, incl. tmux start)\t%d ms\t< 300 ms\t%s\n' $((us / 1000)) "$ok" >>"$rows"
	else
		fig_fail 'start-up to first screen (curses in tmux)' 'the home screen never showed'
	fi
fi

# Peak memory of a 12-reply practice session (maximum resident set size).
replies="$tmp/replies"
for r in "It sounds like the doctor's worry came out of nowhere for you." \
	 "You feel you work hard and a drink is how you wind down." \
	 "What would you like to be different a year from now?" \
	 "You've stopped smoking before, all on your own." \
	 "Part of you enjoys the cans, and part of you wonders about your dad." \
	 "It's really your decision." "How would you go about it, if you did?" \
	 "You care a lot about being there for Alfie." \
	 "Would it be okay if I shared what the numbers mean?" \
	 "You're not sure it's worth the fuss." "What might a first step look like?" \
	 "You've done a Dry January before."; do
	echo "$r" >>"$replies"
done
# Maximum resident set size of the child, from getrusage (python3 is a
# build dependency; /usr/bin/time is not always installed).
if kb=$(python3 -c '
import resource, subprocess, sys
with open(sys.argv[2]) as f:
    r = subprocess.run([sys.argv[1], "practice", "alcohol-gp", "--plain", "--db", sys.argv[3], "--seed", "2"],
                       stdin=f, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
if r.returncode != 0 or b"Saved as session" not in r.stdout:
    sys.exit(r.stdout.decode(errors="replace").strip().splitlines()[-1:] or "failed")
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
' "$BIN" "$replies" "$tmp/m.db" 2>"$tmp/mem.err"); then
	ok=$([ "$kb" -lt 65536 ] && echo ok || echo MISSED)
	printf 'peak memory of a 12-reply practice session\t%d.%d MiB\t< 64 MiB\t%s\n' $((kb / 1024)) $(((kb % 1024) * 10 / 1024)) "$ok" >>"$rows"
else
	fig_fail 'peak memory of a 12-reply practice session' "$(tail -1 "$tmp/mem.err")"
fi

# `micoach code` as a whole process (start, model, reading, coding, output)
# on a 100,000-reply transcript of careful and typed replies.
if python3 - "$tmp/code.txt" <<'PY'
import random, sys
random.seed(7)
clients = ["I only drink at weekends, like everyone else.", "my wife keeps on at me about the cans",
           "I've tried to quit twice and it never lasts.", "i dont see what the fuss is about",
           "What do you think I should do?", "the kids are driving me mad"]
replies = ["It sounds like the weekends matter to you.", "you feel stuck. what would help",
           "did the patches help at all", "tell me what a normal evening looks like",
           "just bin the vape", "youre kidding yourself mate", "you must be shattered",
           "You went a whole month without a drink; that took real determination.",
           "its your call in the end", "ok if i share what other people have tried",
           "Would it be OK if I shared some information about alcohol and sleep?",
           "keep going like this and your lungs will pack in", "how was the weekend for you"]
with open(sys.argv[1], "w") as f:
    for i in range(100000):
        f.write("C: %s\nP: %s\n" % (random.choice(clients), random.choice(replies)))
PY
then
	t0=$(date +%s%N)
	if "$BIN" code "$tmp/code.txt" >/dev/null 2>"$tmp/code.err"; then
		t1=$(date +%s%N)
		rate=$(( 100000 * 1000000000 / (t1 - t0) ))
		ok=$([ "$rate" -ge 50000 ] && echo ok || echo MISSED)
		printf 'micoach code, whole process (100000 replies, wall clock)\t%d replies/s\t>= 50000\t%s\n' "$rate" "$ok" >>"$rows"
	else
		fig_fail 'micoach code, whole process' "$(head -1 "$tmp/code.err")"
	fi
fi

# The coder's agreement with the experts on AnnoMI's development split,
# cross-validated by transcript (each fold's model never saw the transcripts
# it codes): the training tool's --cv, minutes of CPU.
if [ -n "${ANNOMI:-}" ] && [ -f "$ANNOMI" ] && [ -x "${TRAIN_CODER:-build/tools/train-coder}" ]; then
	k=$("${TRAIN_CODER:-build/tools/train-coder}" --cv 5 "$ANNOMI" data/corpus 2>/dev/null |
		sed -n 's/^cv kappa4: \([0-9.-]*\).*/\1/p')
	[ -n "$k" ] && printf 'coder kappa4 on %s, 5-fold cross-validated by transcript\t%s\t>= 0.676\t%s\n' \
		"$(basename "$ANNOMI")" "$k" "$(awk -v k="$k" 'BEGIN { print (k >= 0.676) ? "ok" : "MISSED" }')" >>"$rows"
fi

# annomi-eval codes the very transcripts the model was trained on: it checks
# the JSON contract and reproduces the training labels (in-sample), it does
# not measure agreement on new transcripts.
if [ -n "${ANNOMI:-}" ] && [ -f "$ANNOMI" ] && [ -x ../shared/tools/annomi-eval ]; then
	k=$(../shared/tools/annomi-eval --bin "$BIN" --csv "$ANNOMI" 2>/dev/null | sed -n 's/^kappa4: \([0-9.-]*\).*/\1/p')
	[ -n "$k" ] && printf 'coder kappa4 on %s, in-sample (annomi-eval)\t%s\t>= 0.65\t%s\n' "$(basename "$ANNOMI")" "$k" \
		"$(awk -v k="$k" 'BEGIN { print (k >= 0.65) ? "ok" : "MISSED" }')" >>"$rows"
fi

printf '\n%-62s %-26s %-20s %s\n' "figure" "measured" "target" "result"
printf '%-62s %-26s %-20s %s\n' "------" "--------" "------" "------"
awk -F'\t' '{ printf "%-62s %-26s %-20s %s\n", $1, $2, $3, $4 }' "$rows"
echo
missed=$(grep -c 'MISSED$' "$rows")
echo "bench: $(wc -l <"$rows") figures, $missed missed"
exit $status
