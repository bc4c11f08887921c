# The client's talk and thoughts carried to the practitioner and the record,
# on the worked example (scenario format 2): in coach mode plain mode shows
# the client's thought after the reply and marks change talk; exam mode never
# shows a thought (plain and curses); the summary (plain, curses, show, show
# --json, export) counts change and sustain talk and names the replies that
# missed change talk; `show --json` gives each turn's lines with their talk
# labels and the thought; a replay shows the thoughts whatever the mode; the
# curses summary shows the ending line said, not the ending's first; and a
# format-1 scenario says nothing about talk.
. "$(dirname "$0")/lib.sh"
packs="$T/packs"
mkdir -p "$packs"
cp -r "$MICOACH_SRC/tests/data/worked-example" "$packs/"
db="$T/db"
g="--db $db --scenarios $packs"

# Argued with (a thought: "Another one..."), reflected twice (change talk
# after the second), then argued with again: the change talk is missed.
replies() {
	printf '%s\n' "Walking really is the best thing for your knee and your weight." \
		"you sound fed up with being told to walk when walking hurts" \
		"you miss those walks with your dog" \
		"so why not just go tomorrow"
}

# --- Plain mode ---------------------------------------------------------------
replies | "$MICOACH" $g practice knee-walking --plain --seed 1 >"$T/coach" 2>"$T/err"
assert_status 0 $? "coach mode: $(cat "$T/err")"
assert_contains "$T/coach" "  Maria thinks: Another one who thinks it's that simple."
assert_contains "$T/coach" "  * change talk (desire): reflect it"
# The thought follows the reply it answers: after the first reply's lines.
awk '/^Maria: I did not come here/ { getline; print; exit }' "$T/coach" >"$T/next"
assert_contains "$T/next" "Maria thinks: Another one who thinks it's that simple."
assert_contains "$T/coach" "  Client talk evoked (the scenario's labels): change 1 (desire 1), sustain 3 (ability 1)"
assert_contains "$T/coach" "  Missed change talk: 1 of 1 reply after change talk (reply 4) neither reflected, affirmed nor asked about it"

replies | "$MICOACH" $g practice knee-walking --plain --seed 1 --exam >"$T/exam" 2>"$T/err"
assert_status 0 $? "exam mode: $(cat "$T/err")"
# The same client, the same lines: no thought and no mark, ever.
assert_contains "$T/exam" "Maria: I did not come here for another lecture."
assert_not_contains "$T/exam" "thinks"
assert_not_contains "$T/exam" "Another one who thinks"
assert_not_contains "$T/exam" "reflect it"
assert_contains "$T/exam" "Feedback, turn by turn:"
assert_contains "$T/exam" "  Missed change talk: 1 of 1 reply after change talk (reply 4)"
pass "plain mode: thoughts and change talk in coach mode, never a thought in exam mode; the talk summary"

# --- The record: show, show --json, export --------------------------------------
"$MICOACH" $g show 2 >"$T/show" 2>"$T/err"
assert_status 0 $? "show: $(cat "$T/err")"
assert_contains "$T/show" "  Then:   I did not come here for another lecture. [sustain]"
assert_contains "$T/show" "  Thinks: Another one who thinks it's that simple."    # a replay shows it, exam or not
assert_contains "$T/show" "[change: desire]"
assert_contains "$T/show" "  Missed change talk: the reply neither reflected, affirmed nor asked about it"
assert_contains "$T/show" "  Missed change talk: 1 of 1 reply after change talk (reply 4)"

"$MICOACH" $g show 2 --json >"$T/show.json" 2>"$T/err"
assert_status 0 $? "show --json: $(cat "$T/err")"
python3 - "$T/show.json" <<'PY' || fail "show --json: the turns' talk labels and thoughts"
import json, sys
d = json.load(open(sys.argv[1]))
t = d["turns"]
assert d["session"]["mode"] == "exam"
assert t[0]["opening_lines"][0]["talk"] == "sustain" and t[0]["opening_lines"][0]["kind"] == "ability", t[0]
assert t[0]["client_next_lines"] == [{"text": "I did not come here for another lecture.", "talk": "sustain",
                                      "kind": None, "thought": None}], t[0]["client_next_lines"]
assert t[0]["thought"] == "Another one who thinks it's that simple.", t[0]["thought"]
labels = [(l["talk"], l["kind"]) for l in t[2]["client_next_lines"]]
assert ("change", "desire") in labels, labels
assert all("opening_lines" not in x for x in t[1:])
k = d["talk"]
assert (k["change"], k["sustain"], k["after_change"], k["missed"], k["missed_turns"]) == (1, 3, 1, 1, [4]), k
assert k["change_kinds"] == {"desire": 1} and k["ratio"] == 0.33, k
PY
"$MICOACH" $g export -o "$T/export.json" 2>"$T/err"
assert_status 0 $? "export: $(cat "$T/err")"
python3 - "$T/export.json" <<'PY' || fail "export: the talk summary and the turns' lines"
import json, sys
s = json.load(open(sys.argv[1]))["sessions"]
assert [x["talk"]["missed_turns"] for x in s] == [[4], [4]], [x["talk"] for x in s]
assert s[0]["turns"][0]["thought"] == "Another one who thinks it's that simple."
PY
"$MICOACH" $g export --format csv -o "$T/turns.csv" 2>"$T/err"
assert_status 0 $? "export --format csv: $(cat "$T/err")"
python3 - "$T/turns.csv" <<'PY' || fail "export --format csv: client_next_talk and thought"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert rows[0]["client_next_talk"] == "sustain" and rows[0]["thought"] == "Another one who thinks it's that simple.", rows[0]
assert "change:desire" in rows[2]["client_next_talk"], rows[2]
PY
pass "show, show --json and export carry each turn's talk labels and thought and the talk summary"

# --- Curses, in dump mode -------------------------------------------------------
dump() { # NAME-PREFIX OPTIONS...: the replies typed, then the summary and its end
	pre=$1; shift
	mkdir -p "$T/d"
	{ replies | sed 's/^/type /; a\
key Enter'; printf '%s\n' "dump ${pre}practice" "key Escape y" "dump ${pre}summary" "key End" \
		"dump ${pre}summary-end" "key q q"; } |
		MICOACH_SCREEN_DUMP="$T/d" "$MICOACH" $g practice knee-walking --seed 1 "$@" >"$T/out" 2>&1
	assert_status 0 $? "dump mode $*: $(cat "$T/out")"
}
dump coach-
assert_contains "$T/d/coach-practice.txt" "(thinks) At least someone's listening."
assert_contains "$T/d/coach-practice.txt" "→ change talk (desire): reflect it"
assert_contains "$T/d/coach-summary.txt" "Client talk"
grep -qE "Change talk evoked +1  desire 1" "$T/d/coach-summary.txt" || { cat "$T/d/coach-summary.txt"; fail "the change talk count"; }
grep -qE "Sustain talk +3" "$T/d/coach-summary.txt" || fail "the sustain talk count"
grep -qE "Missed change talk +1  of 1 reply after change talk: reply 4" "$T/d/coach-summary.txt" ||
	fail "missed change talk in the curses summary"
assert_contains "$T/d/coach-summary-end.txt" "Missed change talk: reflect it, or ask about it"
dump exam- --exam
for f in "$T"/d/exam-*.txt; do
	assert_not_contains "$f" "(thinks)"
	assert_not_contains "$f" "Another one who thinks"
done
assert_contains "$T/d/exam-practice.txt" "I did not come here for another lecture."
assert_not_contains "$T/d/exam-practice.txt" "change talk"     # feedback is held to the end
grep -qE "Missed change talk +1" "$T/d/exam-summary.txt" || fail "the exam summary counts missed change talk"
pass "curses: thoughts and change talk in coach mode, never a thought in exam mode; the talk summary"

# The exam session replayed: its thoughts shown.
printf '%s\n' "key h Enter" "dump replay" "key q q q" | MICOACH_SCREEN_DUMP="$T/d" "$MICOACH" $g >"$T/out" 2>&1
assert_status 0 $? "replay: $(cat "$T/out")"
assert_contains "$T/d/replay.txt" "exam mode"
assert_contains "$T/d/replay.txt" "(thinks) Another one who thinks it's that simple."
pass "a replay shows the thoughts of an exam session"

# The ending said: without Bella raised, "the dog" (the ending's first line names Bella).
printf '%s\n' "type you sound fed up with being told to walk when walking hurts" "key Enter" \
	"type you miss those walks with your dog" "key Enter" \
	"type you are thinking a short walk might be possible. what would make it safe" "key Enter" \
	"key Enter" "dump ending" "key q q" |
	MICOACH_SCREEN_DUMP="$T/d" "$MICOACH" $g practice knee-walking --seed 1 >"$T/out" 2>&1
assert_status 0 $? "the ending: $(cat "$T/out")"
assert_contains "$T/d/ending.txt" "success"
assert_contains "$T/d/ending.txt" "Round the block with the dog after work"
assert_not_contains "$T/d/ending.txt" "Bella"
pass "the curses summary shows the ending line the client said"

# --- Format 1: nothing about talk -------------------------------------------------
# (tests/data/format1 keeps the packs as they were before format 2.)
printf '%s\n' "You're only here because Dr Shah booked it." | "$MICOACH" --db "$db" \
	--scenarios "$MICOACH_SRC/tests/data/format1/primary-care" practice alcohol-gp --plain --seed 1 >"$T/f1" 2>"$T/err"
assert_status 0 $? "a format-1 scenario: $(cat "$T/err")"
assert_not_contains "$T/f1" "Client talk"
assert_not_contains "$T/f1" "Missed change talk"
assert_not_contains "$T/f1" "change talk ("
assert_not_contains "$T/f1" "thinks:"
id=$(sql "$db" "select max(id) from sessions")
"$MICOACH" --db "$db" show "$id" >"$T/f1show" && "$MICOACH" --db "$db" show "$id" --json >"$T/f1.json" ||
	fail "show a format-1 session"
assert_not_contains "$T/f1show" "Missed change talk"
assert_not_contains "$T/f1show" "Client talk"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["talk"] is None
assert all(l["talk"] is None for t in d["turns"] for l in t["client_next_lines"])' "$T/f1.json" ||
	fail "a format-1 session has no talk in show --json"
pass "a format-1 scenario says nothing about talk"

# --- On a terminal: the thought in its own role, dim (and magenta, with colours) --
# The SGR sequences just before "(thinks)".
thought_sgr() { tm capture-pane -e -p -t "$TMUX_SESSION" | grep -F "(thinks)" | head -1 | sed 's/(thinks).*//; s/^ *//'; }
for nc in "" 1; do
	tmux_start 100 30 "NO_COLOR=$nc $MICOACH --db '$T/tty.db' --scenarios '$packs' practice knee-walking --seed 1"
	wait_screen "Your reply"
	keys -l "Walking really is the best thing for your knee and your weight."
	keys Enter
	wait_screen "(thinks) Another one who thinks it's that simple."
	sgr=$(thought_sgr)
	echo "$sgr" | grep -qE '\[([0-9;]*;)?2(;[0-9;]*)?m' || fail "NO_COLOR=$nc: the thought is not dim: $(echo "$sgr" | cat -v)"
	if [ -z "$nc" ]; then
		echo "$sgr" | grep -qE '\[([0-9;]*;)?35(;[0-9;]*)?m' || fail "the thought is not magenta: $(echo "$sgr" | cat -v)"
	else
		! echo "$sgr" | grep -qE '\[([0-9;]*;)?3[0-7](;[0-9;]*)?m' || fail "NO_COLOR: the thought has a colour"
	fi
	keys Escape y q q
	wait_screen "EXITED 0"
	tm kill-session -t "$TMUX_SESSION"
done
pass "on a terminal the thought is drawn dim, in its own colour"
