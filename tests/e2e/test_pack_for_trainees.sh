# The trainees' build of a bundled pack: no trainer_notes and no tests in
# it, it validates and plays the same, and a trainee who installs it
# practises an exam assignment (where /hint is refused, in plain mode and in
# the curses screens) whose results import into the trainer's database
# against the full pack's version. In coach mode /hint is counted, and
# shown by `show`, in the result file and in the report.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/trainer_lib.sh"
command -v python3 >/dev/null || fail "python3 is needed"

full="$MICOACH_SRC/scenarios/primary-care"
as lee pack build --for-trainees "$full" -o "$T/for-trainees" >"$T/out" 2>"$T/err"
assert_status 0 $? "pack build --for-trainees"
assert_contains "$T/out" "Wrote the trainees' build of primary-care 1.0.0 (6 scenarios"
for f in "$full"/*.yaml; do
	b="$T/for-trainees/$(basename "$f")"
	[ -f "$b" ] || fail "the build has no $(basename "$f")"
	grep -q '^trainer_notes:' "$f" && ! grep -q '^trainer_notes:' "$b" || [ "$(basename "$f")" = pack.yaml ] ||
		fail "$(basename "$f"): trainer_notes left in"
	! grep -qE '^tests:|^  - name:' "$b" || fail "$(basename "$f"): tests left in"
done
python3 - "$full/alcohol-gp.yaml" "$T/for-trainees/alcohol-gp.yaml" <<'PY' || fail "the build changed more than the two keys"
import sys
a, b = (open(p, encoding="utf-8").read() for p in sys.argv[1:])
assert len(b) < len(a) and "trainer_notes" not in b and "\ntests:" not in b
# Every line of the build is a line of the original, in the same order.
it = iter(a.splitlines())
assert all(any(line == x for x in it) for line in b.splitlines())
PY
"$MICOACH" validate "$T/for-trainees" >"$T/out" 2>&1
assert_status 0 $? "validate the trainees' build"
assert_contains "$T/out" "0 errors"
as lee pack build --for-trainees "$full" -o "$T/for-trainees" >"$T/out" 2>"$T/err"
assert_status 64 $? "pack build over an existing directory"

# The trainer assigns from the full pack; the trainee installs the build.
as lee assign primary-care --id exam1 --scenarios alcohol-gp --mode exam --pass outcome=success \
	--trainee tia -o "$T/exam1.yaml" >/dev/null 2>"$T/err" || { cat "$T/err"; fail "assign"; }
as tia pack install "$T/for-trainees" >"$T/out" 2>&1
assert_status 0 $? "the trainee installs the build"
as tia assignment add "$T/exam1.yaml" >/dev/null 2>&1 || fail "assignment add"
replies "$full/alcohol-gp.yaml" names-a-step >"$T/good.txt"
{ echo /hint; cat "$T/good.txt"; } | as tia practice alcohol-gp --assignment exam1 --seed 1 >"$T/exam.out" 2>&1
assert_status 0 $? "exam practice"
assert_contains "$T/exam.out" "No hints in an exam"
assert_not_contains "$T/exam.out" "For example:"
assert_contains "$T/exam.out" "Session summary: success"
as tia export --assignment exam1 -o "$T/tia.json" >/dev/null 2>&1 || fail "export"
as lee import "$T/tia.json" >"$T/out" 2>&1
assert_status 0 $? "import against the full pack"
assert_contains "$T/out" "imported 1 session of tia for assignment exam1"
as lee report --assignment exam1 --json >"$T/report.json" || fail "report"
python3 - "$T/report.json" <<'PY' || fail "the imported exam session does not count"
import json, sys
t = json.load(open(sys.argv[1]))["trainees"][0]
assert t["trainee"] == "tia" and t["status"] == "passed" and t["counted"] == 1, t
s = t["sessions"][0]
assert s["pack_version"] == "1.0.0" and s["counted"] and s["hints"] == 0, s
PY

# The curses screen refuses it too.
tmux_start 100 30 "'$MICOACH' --user tia --db '$T/tia.db' practice alcohol-gp --assignment exam1 --seed 2"
export XDG_DATA_HOME="$T/tia"
wait_screen "Keith"
keys "/hint" Enter
wait_screen "No hints in an exam"
keys Escape
tm kill-session -t "$TMUX_SESSION" 2>/dev/null; TMUX_SESSION=

# Coach mode: the hint is given and counted, and the count travels.
as lee assign primary-care --id coach1 --scenarios alcohol-gp --pass outcome=success -o "$T/coach1.yaml" \
	>/dev/null 2>&1 || fail "assign coach1"
as tia assignment add "$T/coach1.yaml" >/dev/null 2>&1 || fail "assignment add coach1"
{ echo /hint; head -2 "$T/good.txt"; echo /hint; echo /quit; } |
	as tia practice alcohol-gp --assignment coach1 --seed 3 >"$T/coach.out" 2>&1
assert_contains "$T/coach.out" "For example:"
sid=$(sql "$T/tia.db" "select id from sessions where mode = 'coach'")
[ "$(sql "$T/tia.db" "select hints from sessions where id = $sid")" = 2 ] || fail "the hints were not counted"
as tia show "$sid" >"$T/out" || fail "show"
assert_contains "$T/out" "2 hints used"
as tia export --assignment coach1 -o "$T/tia-coach.json" >/dev/null 2>&1 || fail "export coach1"
assert_contains "$T/tia-coach.json" '"hints": 2'
as lee import "$T/tia-coach.json" >/dev/null 2>&1 || fail "import coach1"
as lee report --assignment coach1 >"$T/out" || fail "report coach1"
assert_contains "$T/out" "2 hints"
pass "a trainees' build has no trainer notes or tests, plays the same, and its results import; exams have no hints"
