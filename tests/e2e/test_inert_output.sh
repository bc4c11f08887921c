#!/bin/sh
# The matrix test of raw control bytes (issue 14): every command, run over
# inputs that carry ESC, CSI (7-bit and C1 U+009B), OSC, BEL, DEL and bidi
# controls (U+202E, U+2066) in every field they can reach - a pack's and a
# scenario's texts, the names of pack directories, scenario, transcript,
# result, notes, assignment and database files, a trainee's name, an
# assignment's title, pack and scenario ids, notes, replies typed in practice
# and sessions saved to recovery files - must print none of them raw on
# standard output or error (tests/e2e/inert_check.py says what raw means).
#
# Each run has a label. The ones listed in KNOWN below still print raw bytes,
# because their fixes belong elsewhere; the test passes over them and fails
# when one of them has become clean, so that the fix removes its line.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || fail "python3 is needed"
CHECK="$MICOACH_SRC/tests/e2e/inert_check.py"

# --- Known failures: one line each, "LABEL  item N: where". Remove the line
# when the fix lands (the test fails until it is removed). -----------------
KNOWN='
'
# ---------------------------------------------------------------------------

# The payload, raw (for names and typed text) and as YAML escapes.
P=$(printf '\033[31m\033]0;owned\007\302\2332J\177\342\200\256\342\201\246')
PY_ESC='\e[31m\e]0;owned\a\u009b2J\x7f\u202e\u2066'
# In file names: no '/', no NUL.
F=$(printf '\033[31m\302\233\177\342\200\256')
known() { echo "$KNOWN" | grep -q "^$1 "; }
runs=0 clean=0 raw_known=0
# run LABEL STATUS COMMAND...: run it (stdin from $IN, default /dev/null),
# check its exit status (any: -), and that its output holds no raw control.
IN=/dev/null
run() {
	label=$1 want=$2
	shift 2
	"$@" <"$IN" >"$T/o" 2>"$T/e"
	st=$?
	runs=$((runs + 1))
	[ "$want" = - ] || [ "$st" = "$want" ] || { cat "$T/e"; fail "$label: exit status $st, expected $want"; }
	[ "$st" -lt 128 ] || fail "$label: killed by signal $((st - 128))"
	grep -qE 'AddressSanitizer|runtime error:' "$T/e" && { cat "$T/e"; fail "$label: sanitizer report"; }
	cat "$T/o" "$T/e" >"$T/all.$label"
	if python3 "$CHECK" "$label" "$T/o" "$T/e" >"$T/check" 2>&1; then
		if known "$label"; then
			echo "FAIL: $label is clean now: remove its line from KNOWN in $0"
			failures="$failures $label"
		fi
		clean=$((clean + 1))
	elif known "$label"; then
		raw_known=$((raw_known + 1))
	else
		cat "$T/check"
		echo "FAIL: $label: raw control characters in the output"
		failures="$failures $label"
	fi
	IN=/dev/null
}
failures=
who() { _who=$1; shift; XDG_DATA_HOME="$T/x-$_who" "$MICOACH" --user "$(name "$_who")" --db "$T/$_who.db" "$@"; }
name() { if [ "$1" = trainee ]; then printf 'ana%s' "$P"; else echo "$1"; fi; }

# --- A pack with the payload in every text field, in a directory named with it.
pack="$T/packs$F/pack$F"
mkdir -p "$pack"
python3 - "$MICOACH_SRC/scenarios/primary-care/alcohol-gp.yaml" "$pack" "$PY_ESC" "$F" <<'PY'
import re, sys
src, out, esc, fname = sys.argv[1:]
keys = r"(title|summary|setting|name|situation|wants|fears|voice|about|why|label|say)"
lines, say_indent = [], None
for line in open(src, encoding="utf-8").read().split("\n"):
    indent = len(line) - len(line.lstrip())
    if say_indent is not None and line.strip() and indent <= say_indent:
        say_indent = None
    if re.match(r"\s*say:\s*$", line):
        say_indent = indent
    if line.startswith("id: "):
        line = "id: course-alcohol"
    line = re.sub(r'(\b%s: ")' % keys, lambda m: m.group(1) + esc, line)
    if say_indent is not None:
        line = re.sub(r'^(\s*- ")', lambda m: m.group(1) + esc, line)
        line = re.sub(r'^(\s*- text: ")', lambda m: m.group(1) + esc, line)
    lines.append(line)
open(f"{out}/course{fname}.yaml", "w", encoding="utf-8").write("\n".join(lines))
open(f"{out}/pack.yaml", "w", encoding="utf-8").write(
    'pack:\n  id: mi-course\n  title: "MI course %s"\n  version: "1.0.0"\n  author: "A trainer %s"\n'
    '  description: "Week 3 %s"\n' % (esc, esc, esc))
PY
grep -q 'say:' "$pack/course$F.yaml" || fail "the hostile pack was not written"
# The scenario's own test replies, to practise a whole session.
python3 - "$pack/course$F.yaml" >"$T/replies" <<'PY'
import json, re, sys
text = open(sys.argv[1], encoding="utf-8").read().split("\ntests:\n", 1)[1]
block = text.split("replies:", 1)[1].split("\n    expect:", 1)[0]
for line in re.findall(r'\n      - (".*")', block)[:3]:
    print(json.loads(line))
PY
printf '%s\n' "You sound fed up$P, being sent here." "/hint" "/x$P" "" "What would you like$P to be different?" >>"$T/replies"

# --- Scenarios: validate, list, graph, pack commands.
run validate-pack 0 "$MICOACH" validate "$pack"
run validate-file 0 "$MICOACH" validate "$pack/course$F.yaml"
run validate-strict - "$MICOACH" validate --strict "$pack"
run validate-missing-file 66 "$MICOACH" validate "$T/nosuch$F.yaml"
run graph-file 0 "$MICOACH" graph "$pack/course$F.yaml"
run pack-install 0 who trainer pack install "$pack"
run pack-install-again 0 who trainer pack install "$pack"
run pack-list 0 who trainer pack list
run list 0 who trainer list
run graph-id 0 who trainer graph course-alcohol
run graph-missing 66 who trainer graph "nosuch$P"
run pack-remove-missing 66 who trainer pack remove "mi-course$P"
run pack-install-missing - who trainer pack install "$T/nosuch$F"

# --- Assignments: a title with the payload is refused; a file named with it.
run assign-title 64 who trainer assign mi-course --id week3 --title "Week 3$P"
run assign 0 who trainer assign mi-course --id week3 --title "Week 3" -o "$T/week3$F.yaml"
run assign-missing-pack 66 who trainer assign "nosuch$P" --id week3
run assign-missing-scenario 66 who trainer assign mi-course --scenarios "nosuch$P"
# An assignment file written by hand, with the payload in its title, pack
# id, version and scenario ids (a trainee could be sent one).
cat >"$T/planted$F.yaml" <<YAML
assignment: "planted"
title: "Planted $PY_ESC"
pack: "mi-course$PY_ESC"
version: "1.0.0$PY_ESC"
scenarios:
  - "course-alcohol$PY_ESC"
mode: coach
trainer: "lee$PY_ESC"
YAML

# --- The trainee (a name with the payload): install, add, practise, review.
run trainee-pack-install 0 who trainee pack install "$pack"
run assignment-add 0 who trainee assignment add "$T/week3$F.yaml"
run assignment-add-pack 0 who trainee assignment add "$T/planted$F.yaml"
run assignment-add-missing 66 who trainee assignment add "$T/nosuch$F.yaml"
IN="$T/replies"
run practice 0 who trainee practice course-alcohol --plain --seed 3 --assignment week3
IN="$T/replies"
run practice-no-feedback 0 who trainee practice course-alcohol --plain --seed 4 --no-feedback
run practice-not-in-assignment 64 who trainee practice alcohol-gp --plain --assignment planted
run practice-missing 66 who trainee practice "nosuch$P" --plain
IN="$T/replies"
run practice-scenarios-dir 0 who trainee --scenarios "$T/packs$F" practice course-alcohol --plain --seed 5
IN="$T/replies"
run practice-retry 0 who trainee practice --retry 1:2 --plain --seed 6
run assignments 0 who trainee assignments
run assignments-json 0 who trainee assignments --json
run history 0 who trainee history
run history-all 0 who trainee history --all-users
run history-json 0 who trainee history --json
run history-csv 0 who trainee history --csv
run show 0 who trainee show 1
run show-json 0 who trainee show 1 --json
run show-compare 0 who trainee show 1 --compare 2
run show-missing 64 who trainee show "$P"
run progress 0 who trainee progress
run progress-json 0 who trainee progress --json
run export-json 0 who trainee export
run export-csv 0 who trainee export --format csv
run export-csv-sessions 0 who trainee export --format csv --table sessions
run export-file 0 who trainee export -o "$T/export$F.json"
run rescore 0 who trainee rescore --dry-run 1
run export-results 0 who trainee export --assignment week3 -o "$T/results$F.json"
run export-results-planted - who trainee export --assignment planted -o "$T/planted-results$F.json"

# --- The trainer imports, reports, writes notes.
run import 0 who trainer import "$T/results$F.json"
run import-again 0 who trainer import "$T/results$F.json"
run import-missing-file 66 who trainer import "$T/nosuch$F.json"
printf '{"format": "micoach-results%s"}\n' "$P" >"$T/garbage$F.json"
run import-refused-file 65 who trainer import "$T/garbage$F.json"
run report 0 who trainer report --assignment week3
run report-csv 0 who trainer report --assignment week3 --csv
run report-json 0 who trainer report --assignment week3 --json
if [ -s "$T/planted-results$F.json" ]; then
	run import-planted - who trainer import "$T/planted-results$F.json"
	run report-planted - who trainer report --assignment planted
else
	KNOWN=$(echo "$KNOWN" | grep -v '^report-planted ')
fi
sid=$(sql "$T/trainer.db" "select min(id) from sessions")
run note 0 who trainer note "$sid" "Lovely reflection$P; let the pause sit."
run note-missing 66 who trainer note 999 "text$P"
run trainer-show 0 who trainer show "$sid"
run trainer-history 0 who trainer history --all-users
run export-notes 0 who trainer export --notes --trainee "$(name trainee)" -o "$T/notes$F.json"
run import-notes 0 who trainee import "$T/notes$F.json"
run show-notes 0 who trainee show 1

# --- Transcripts.
printf 'C: I only came because the doctor%s said so.\nP: You feel sent here%s.\nC: Yes%s.\nP: What would you like?\n' \
	"$P" "$P" "$P" >"$T/talk$F.txt"
run code 0 "$MICOACH" code "$T/talk$F.txt"
run code-json 0 "$MICOACH" code --json "$T/talk$F.txt"
IN="$T/talk$F.txt"
run code-stdin 0 "$MICOACH" code
run code-missing-file 66 "$MICOACH" code "$T/nosuch$F.txt"
printf 'C: hi\nX%s: what\n' "$P" >"$T/bad$F.txt"
run code-bad-file 65 "$MICOACH" code "$T/bad$F.txt"

# --- A session saved to a recovery file (the database locked throughout),
# then doctor and recover.
python3 -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").write("locked")
time.sleep(60)
' "$T/trainee.db" "$T/locked" &
holder=$!
wait_until 10 test -f "$T/locked" || fail "the lock holder never started"
IN="$T/replies"
MICOACH_BUSY_TIMEOUT_MS=100 run practice-locked 75 who trainee practice course-alcohol --plain --seed 7
run doctor-locked - who trainee doctor
kill $holder
wait $holder 2>/dev/null
run doctor 0 who trainee doctor
run recover 0 who trainee recover --keep
mv "$T/x-trainee/micoach/recovery/"*.imported "$T/" 2>/dev/null
cp "$(ls "$T/x-trainee/micoach/recovery/"*.json | head -1)" "$T/session$F.json"
run recover-file 0 who trainee recover "$T/session$F.json"
run recover-missing 66 who trainee recover "$T/nosuch$F.json"

# --- A damaged database named with the payload: doctor, doctor --recover.
cp "$T/trainee.db" "$T/damaged$F.db"
root=$(sql "$T/trainee.db" "select rootpage from sqlite_master where name = 'turns'")
python3 -c 'import sys
with open(sys.argv[1], "r+b") as f:
    f.seek((int(sys.argv[2]) - 1) * 4096); f.write(b"\xff" * 64)' "$T/damaged$F.db" "$root"
run doctor-damaged 65 "$MICOACH" --db "$T/damaged$F.db" doctor
run doctor-recover - "$MICOACH" --db "$T/damaged$F.db" doctor --recover
run doctor-recover-exists 74 "$MICOACH" --db "$T/damaged$F.db" doctor --recover
run db-missing-dir 74 "$MICOACH" --db "$T/nosuch$F/x.db" history
run pack-remove 0 who trainer pack remove mi-course

# --- Command lines: every command echoes a bad argument or option inert.
run unknown-command 64 "$MICOACH" "nosuch$P"
run unknown-global-option 64 "$MICOACH" "--x$P"
run help-unknown 64 "$MICOACH" help "nosuch$P"
for c in validate code history show progress rescore practice assignments import recover report export; do
	run "option-$c" 64 who trainee "$c" "--x$P"
done
run history-since 64 who trainee history --since "2026$P"
run history-limit 64 who trainee history --limit "9$P"
run history-extra 64 who trainee history "extra$P"
run progress-last 64 who trainee progress --last "x$P"
run export-format 64 who trainee export --format "x$P"
run export-table 64 who trainee export --table "x$P"
run export-results-extra 64 who trainee export --assignment week3 "extra$P"
run note-target 64 who trainer note "x$P" "text"
run rescore-id 64 who trainee rescore "x$P"
run db-not-pg 64 "$MICOACH" --db "$T/x$F.db" db init
run assign-trainee 64 who trainer assign mi-course --id week4 --trainee "bob$P"

# Every known failure was met (a label that no longer runs must go too).
for label in $(echo "$KNOWN" | awk 'NF { print $1 }'); do
	grep -qE "^[[:space:]]*run $label " "$0" || fail "KNOWN lists '$label', which this test does not run"
done
# The payload did reach the outputs that show what was given (made inert:
# "^[" for ESC, "\u009b" for CSI, or escaped as JSON), so the runs prove something.
for label in graph-file graph-id pack-list practice practice-retry history show show-json \
	show-notes progress export-json export-csv report code code-stdin recover-file doctor-recover; do
	grep -qE '\^\[\[31m|\\u001b|\\u009b|\\u202e' "$T/all.$label" ||
		{ cat "$T/all.$label"; echo "FAIL: $label: the payload never reached its output"; failures="$failures $label"; }
done
[ -z "$failures" ] || fail "raw control characters (or a stale KNOWN line):$failures"
echo "    $runs runs: $clean clean, $raw_known known failures (see KNOWN)"
pass "no raw control characters in any command's output, but the known failures"
