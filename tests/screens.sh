#!/bin/sh
# Drive the curses front end in tmux at 100x30 and write docs/screens.md: the
# text of the main screens as capture-pane shows them. Run it again whenever a
# screen changes:  make && sh tests/screens.sh [BINARY] [OUTPUT]
# (defaults: ./micoach, docs/screens.md). Needs tmux; uses a private tmux
# socket and a throwaway data directory, so it touches nothing of yours.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$src/micoach}
out=${2:-$src/docs/screens.md}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
[ -x "$bin" ] || { echo "screens.sh: no binary at $bin (run make first)" >&2; exit 66; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/micoach-screens.XXXXXX")
sock=micoach-screens-$$
tm() { tmux -L "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT
export XDG_DATA_HOME="$tmp/data" HOME="$tmp/home"
mkdir -p "$HOME"

start() {
	tm kill-session -t s 2>/dev/null || true
	tm new-session -d -s s -x 100 -y 30 "env MICOACH_SRC='$src' XDG_DATA_HOME='$XDG_DATA_HOME' HOME='$HOME' \
USER=trainee TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 $bin --scenarios '$src/scenarios' $*; sleep 600"
}
# wait_for TEXT: poll the screen for TEXT, give up after 10 seconds.
wait_for() {
	deadline=$(( $(date +%s) + 10 ))
	until tm capture-pane -p -t s | grep -qF -- "$1"; do
		if [ "$(date +%s)" -ge "$deadline" ]; then
			tm capture-pane -p -t s >&2
			echo "screens.sh: the screen never showed '$1'" >&2
			exit 70
		fi
		sleep 0.05
	done
}
keys() { tm send-keys -t s "$@"; }
shot() {  # shot TITLE KEYS-TEXT: one section of the document
	{
		printf '## %s\n\n%s\n\n```text\n' "$1" "$2"
		tm capture-pane -p -t s | sed -e 's/[[:space:]]*$//'
		printf '```\n\n'
	} >>"$tmp/doc"
}

cat >"$tmp/doc" <<DOC
# The curses front end, screen by screen

What \`micoach\` shows in a 100x30 terminal, captured with \`tmux capture-pane\`
by \`tests/screens.sh\` (run \`sh tests/screens.sh\` after \`make\` to bring this
page up to date). Colours do not show here: each role (title and status bars,
the selection, the client, your reply, cue words, good / fair / below-fair
scores) has its colour, or reverse video, bold and underline under
\`NO_COLOR\` or on a monochrome terminal. Press F1 (or \`?\`) on any screen for
its keys.

DOC

# A trainer's assignment, due in a week, as a trainee would have added it.
due=$(date -u -d '+7 days' +%F)
MICOACH_SRC=$src "$bin" assign primary-care --due "$due" --mode exam --pass rq_ratio=1,no_codes=CONF \
	--id week3 --title "Week 3: drinking and smoking" -o "$tmp/week3.yaml" >"$tmp/log" 2>&1 &&
	MICOACH_SRC=$src "$bin" assignment add "$tmp/week3.yaml" >>"$tmp/log" 2>&1 ||
	{ cat "$tmp/log" >&2; echo "screens.sh: could not add the example assignment" >&2; exit 70; }

start
wait_for "Recent sessions"
keys p
wait_for "Choose a scenario"
keys -l "few cans"
wait_for "1 of "
wait_for "The client"
shot "Scenario picker" "From home, \`p\`; typing filters by title, pack, skill, tag or client (here \`few cans\`). \
The preview shows the difficulty, the stage of change, the skills it trains and who the client is."

keys Enter
wait_for "Your reply"
keys -l "You're only here because Dr Shah booked it, and you don't see a problem."
keys Enter
wait_for "Feedback on reply 1"
keys -l "It's frustrating to be told you have a problem when you work as hard as you do."
keys Enter
wait_for "Feedback on reply 2"
keys -l "What would you want Dr Shah to understand about you?"
shot "Practice, coach mode" "Enter on a scenario. The client and their situation, the meters as gauges (with \
the last reply's change), the conversation with each reply's codes, the feedback panel on the last reply (codes, \
skills, the cue words that earned each code, a tip), and the reply being typed. \`/hint\` shows the scenario's \
model reply for this moment; exam mode (Tab on home or the picker, or \`practice --exam\`) holds all of it to the end."

keys Escape
wait_for "End this session now?"
shot "Ending a session" "Esc (or \`/quit\`) while practising asks first; Ctrl-C ends at once and saves the \
session as interrupted. Either way every answered turn is already in the database."

keys y
wait_for "MITI summary"
shot "Summary" "After the client ends the session, or on \`y\` above. Skill bars, the MITI summary scores \
against their fair and good thresholds, the strongest and weakest turns beside the scenario's model replies for \
those moments, then every turn in full. \`a\` practises again, \`r\` retries from the chosen turn."

keys h
wait_for "sorted by newest"
shot "History" "\`h\` from home or the summary. \`/\` filters, \`s\` sorts (newest, oldest, best, worst, \
scenario), Enter replays a session."

keys Enter
wait_for "Replay"
keys n
wait_for "reply 2 of"
shot "Replay" "Enter on a session: the conversation turn by turn (\`n\`/\`p\`), each turn's codes, skills, \
cues, tip and the meters after it. \`r\` retries from the turn shown."

keys q
wait_for "sorted by newest"
keys q
wait_for "Recent sessions"
shot "Home" "\`micoach\` with no command. Continue with the last scenario (or resume an interrupted session) or \
choose another; the trainer's assignments with their due dates and what has passed so far (Enter practises the next \
one, in the assignment's mode); recent sessions with their outcome and score; each skill's trend over the scored \
sessions."

keys '?'
wait_for "Help: Home"
shot "Help" "F1 or \`?\`: the keys of the screen underneath."
keys Escape

keys c
wait_for "Your reply"
tm resize-window -t s -x 70 -y 20
wait_for "Terminal too small"
shot "Terminal too small" "Below 80x24 (here 70x20) the session waits, untouched, until the window grows."

mkdir -p "$(dirname "$out")"
cp "$tmp/doc" "$out"
echo "screens.sh: wrote $out"
