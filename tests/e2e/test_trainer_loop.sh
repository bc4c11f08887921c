# The trainers' workflow end to end, with real files: a trainer installs a
# pack and writes an assignment; two trainees, each with their own data
# directory and database, install the pack, add the assignment, practise
# (plain mode, piped replies) and export their results; the trainer imports
# both files twice, and the cohort report shows both trainees correctly
# (parsed back with python3, compared with the trainees' own databases).
# Also: tampered and truncated files are refused, an import never touches
# the trainer's own sessions, notes travel back, and a newer pack version
# keeps the old sessions readable.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || fail "python3 is needed"

src="$MICOACH_SRC/scenarios/primary-care"
pack="$T/pack"
mkdir -p "$pack"
# A trainer's own pack: two bundled scenarios under new ids, so that it does
# not collide with the bundled packs.
cat >"$pack/pack.yaml" <<'YAML'
pack:
  id: mi-course
  title: "MI course, week 3"
  version: "1.0.0"
  author: "A trainer"
  description: "Two resistant clients for week 3 of the course."
  audience: [trainees]
  skills: [empathy, reflection, discrepancy, self_efficacy]
YAML
sed 's/^id: alcohol-gp$/id: course-alcohol/' "$src/alcohol-gp.yaml" >"$pack/course-alcohol.yaml"
sed 's/^id: smoking-copd$/id: course-smoking/' "$src/smoking-copd.yaml" >"$pack/course-smoking.yaml"

# The replies of the scenario's own success and failure tests.
replies() { # FILE EXPECT
	python3 - "$1" "$2" <<'PY'
import json, re, sys
text = open(sys.argv[1], encoding="utf-8").read().split("\ntests:\n", 1)[1]
for item in re.split(r"\n  - name:", "\n" + text)[1:]:
    m = re.search(r"\n    expect: *(\S+)", item)
    if m and m.group(1) == sys.argv[2]:
        block = item.split("replies:", 1)[1].split("\n    expect:", 1)[0]
        for line in re.findall(r'\n      - (".*")', block):
            print(json.loads(line))
        break
PY
}
replies "$pack/course-alcohol.yaml" names-a-step >"$T/good.txt"
replies "$pack/course-alcohol.yaml" walks-out >"$T/bad.txt"
[ -s "$T/good.txt" ] && [ -s "$T/bad.txt" ] || fail "could not read the scenario's test replies"

# Each person: their own data directory (installed packs) and database.
as() { # WHO COMMAND...
	_who=$1; shift
	XDG_DATA_HOME="$T/$_who" "$MICOACH" --user "$_who" --db "$T/$_who.db" "$@"
}

# --- The trainer: install, assign -------------------------------------------
as trainer pack install "$pack" >"$T/out" 2>"$T/err"
assert_status 0 $? "pack install"
assert_contains "$T/out" "Installed mi-course 1.0.0 (2 scenarios)"
[ -f "$T/trainer/micoach/scenarios/mi-course@1.0.0/course-alcohol.yaml" ] || fail "pack not installed where documented"
as trainer pack list >"$T/out"
assert_contains "$T/out" "mi-course	1.0.0	installed	2	MI course, week 3"

# A broken pack is refused with the validator's located message.
mkdir -p "$T/broken"
cp "$pack/pack.yaml" "$T/broken/"
sed 's/^start: opening$/start: opnening/' "$pack/course-alcohol.yaml" >"$T/broken/course-alcohol.yaml"
as trainer pack install "$T/broken" >"$T/out" 2>"$T/err"
assert_status 65 $? "pack install of a broken pack"
assert_contains "$T/err" "course-alcohol.yaml:"
assert_contains "$T/err" "nothing installed"

as trainer assign mi-course --id week3 --title "Week 3: rolling with resistance" --due 2031-12-01 \
	--mode exam --pass outcome=success,no_codes=CONF -o "$T/week3.yaml" >"$T/out" 2>"$T/err"
assert_status 0 $? "assign"
assert_contains "$T/week3.yaml" 'assignment: "week3"'
assert_contains "$T/week3.yaml" "mode: exam"

# The trainer practises on their own, outside the assignment.
printf 'You feel the doctor is on your back.\n' | as trainer practice alcohol-gp --plain --seed 4 >/dev/null 2>&1
assert_status 0 $? "the trainer's own practice"
own_uid=$(sql "$T/trainer.db" "select uid from sessions")

# --- Two trainees ------------------------------------------------------------
for who in alice bob; do
	as $who pack install "$pack" >/dev/null 2>"$T/err" || fail "$who: pack install"
	as $who assignment add "$T/week3.yaml" >"$T/out" 2>"$T/err"
	assert_status 0 $? "$who: assignment add"
	assert_contains "$T/out" "Added assignment week3"
done
as alice practice course-alcohol --assignment week3 --seed 1 <"$T/good.txt" >"$T/alice1" 2>&1
assert_status 0 $? "alice practises"
assert_contains "$T/alice1" "Session summary: success"
assert_contains "$T/alice1" "Feedback, turn by turn:"   # exam mode, from the assignment
as bob practice course-alcohol --assignment week3 --seed 2 <"$T/bad.txt" >"$T/bob1" 2>&1
assert_status 0 $? "bob practises"
assert_contains "$T/bob1" "Session summary: failure"
# A scenario outside the assignment is refused.
as bob practice alcohol-gp --assignment week3 </dev/null >"$T/out" 2>"$T/err"
assert_status 64 $? "practice outside the assignment"
assert_contains "$T/err" "not part of assignment week3"

as alice assignments --json >"$T/a.json"
python3 - "$T/a.json" <<'PY' || fail "alice's assignments"
import json, sys
d = json.load(open(sys.argv[1]))
a = d["assignments"][0]
assert a["id"] == "week3" and a["mode"] == "exam", a
s = {x["scenario"]: x for x in a["scenarios"]}
assert s["course-alcohol"]["passed"] is True and s["course-alcohol"]["attempts"] == 1, s
assert s["course-smoking"]["attempts"] == 0 and s["course-smoking"]["passed"] is False, s
PY

for who in alice bob; do
	as $who export --assignment week3 -o "$T/$who.json" >/dev/null 2>"$T/err"
	assert_status 0 $? "$who: export"
	[ "$(stat -c %a "$T/$who.json")" = 600 ] || fail "$who's result file is not private"
	as $who history --json --limit 0 >"$T/$who-history.json" || fail "$who: history"
done

# --- The trainer imports (twice) and reports ------------------------------------
# A copy of bob's file that claims the trainer's own session uid, checksum
# recomputed: the import must leave the trainer's session alone.
python3 - "$T/bob.json" "$T/bob-own.json" "$own_uid" <<'PY'
import hashlib, json, sys
text = open(sys.argv[1], encoding="utf-8").read()
start = text.index('"payload": ') + len('"payload": ')
end = len(text) - len("\n}\n")
payload = json.loads(text[start:end])
payload["sessions"][0]["uid"] = sys.argv[3]
body = json.dumps(payload, indent=2)
out = text[:start].replace(json.loads(text[:start] + "0}")["sha256"],
                           hashlib.sha256(body.encode()).hexdigest()) + body + "\n}\n"
open(sys.argv[2], "w", encoding="utf-8").write(out)
PY
as trainer import "$T/bob-own.json" >"$T/out" 2>"$T/err"
assert_status 0 $? "import of a file claiming the trainer's session"
assert_contains "$T/out" "your own sessions left untouched"
[ "$(sql "$T/trainer.db" "select u.name from sessions s join users u on u.id = s.user where s.uid = '$own_uid'")" = trainer ] ||
	fail "the trainer's own session was overwritten"
[ "$(sql "$T/trainer.db" "select import is null from sessions where uid = '$own_uid'")" = 1 ] ||
	fail "the trainer's own session was marked imported"

as trainer import "$T/alice.json" "$T/bob.json" >"$T/out" 2>"$T/err"
assert_status 0 $? "import"
assert_contains "$T/out" "imported 1 session of alice"
n1=$(sql "$T/trainer.db" "select count(*) from sessions")
t1=$(sql "$T/trainer.db" "select count(*) from turns")
as trainer import "$T/alice.json" "$T/bob.json" >"$T/out" 2>"$T/err"
assert_status 0 $? "import again"
assert_contains "$T/out" "already imported"
[ "$(sql "$T/trainer.db" "select count(*) from sessions")" = "$n1" ] || fail "a second import added sessions"
[ "$(sql "$T/trainer.db" "select count(*) from turns")" = "$t1" ] || fail "a second import added turns"
[ "$(sql "$T/trainer.db" "pragma integrity_check")" = ok ] || fail "integrity_check"

# Tampered and truncated files are refused, and change nothing.
sed 's/"outcome": "failure"/"outcome": "success"/' "$T/bob.json" >"$T/tampered.json"
cmp -s "$T/bob.json" "$T/tampered.json" && fail "the tampering did not change the file"
as trainer import "$T/tampered.json" >"$T/out" 2>"$T/err"
assert_status 65 $? "import of a file with a changed outcome"
assert_contains "$T/err" "checksum mismatch"
sed 's/"trainee": "bob"/"trainee": "bobby"/' "$T/bob.json" >"$T/tampered2.json"
as trainer import "$T/tampered2.json" >"$T/out" 2>"$T/err"
assert_status 65 $? "import of a tampered file"
assert_contains "$T/err" "checksum mismatch"
assert_contains "$T/err" "tampered2.json:4:"
head -c 2000 "$T/alice.json" >"$T/truncated.json"
as trainer import "$T/truncated.json" >"$T/out" 2>"$T/err"
assert_status 65 $? "import of a truncated file"
assert_contains "$T/err" "truncated.json:"
[ "$(sql "$T/trainer.db" "select count(*) from sessions")" = "$n1" ] || fail "a refused file changed the database"

as trainer report --assignment week3 --csv >"$T/report.csv" 2>"$T/err"
assert_status 0 $? "report --csv"
as trainer report --assignment week3 --json >"$T/report.json" 2>"$T/err"
assert_status 0 $? "report --json"
as trainer report --assignment week3 >"$T/report.txt" 2>"$T/err"
assert_status 0 $? "report"
assert_contains "$T/report.txt" "Skills across the cohort, weakest first"
python3 - "$T/report.csv" "$T/report.json" "$T/alice-history.json" "$T/bob-history.json" <<'PY' || fail "the cohort report"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
cell = {(r["trainee"], r["scenario"]): r for r in rows}
assert set(cell) == {(t, s) for t in ("alice", "bob") for s in ("course-alcohol", "course-smoking")}, sorted(cell)
def own(path):
    d = json.load(open(path))
    sessions = d["sessions"] if isinstance(d, dict) else d
    return [s for s in sessions if s["scenario"] == "course-alcohol"]
for who, passed in (("alice", "yes"), ("bob", "no")):
    mine = own(sys.argv[3] if who == "alice" else sys.argv[4])
    assert len(mine) == 1, (who, mine)
    r = cell[(who, "course-alcohol")]
    assert r["attempts"] == "1" and r["passed"] == passed, r
    assert int(r["best"]) == mine[0]["scores"]["overall"], (r, mine[0]["scores"])
    assert r["last_practised"] == mine[0]["started"], (r, mine[0]["started"])
    assert int(r["reflection"]) == mine[0]["scores"]["skills"]["reflection"], r
    r = cell[(who, "course-smoking")]
    assert r["attempts"] == "0" and r["passed"] == "no" and r["best"] == "", r
assert "outcome failure" in cell[("bob", "course-alcohol")]["why_not"], cell[("bob", "course-alcohol")]
j = json.load(open(sys.argv[2]))
assert [t["trainee"] for t in j["trainees"]] == ["alice", "bob"], j["trainees"]
assert {t["trainee"]: t["passed"] for t in j["trainees"]} == {"alice": 1, "bob": 0}
means = [s["mean"] for s in j["skills"]]
assert means == sorted(means) and len(means) == 4, j["skills"]
PY

# --- Notes travel back to the trainee ---------------------------------------------
sid=$(sql "$T/trainer.db" "select s.id from sessions s join users u on u.id = s.user where u.name = 'alice'")
as trainer note "$sid" "Lovely double-sided reflection; let the pause sit." >"$T/out" 2>"$T/err"
assert_status 0 $? "note"
as trainer export --notes --trainee alice -o "$T/notes-alice.json" >/dev/null 2>"$T/err"
assert_status 0 $? "export --notes"
as alice import "$T/notes-alice.json" >"$T/out" 2>"$T/err"
assert_status 0 $? "alice imports the notes"
assert_contains "$T/out" "1 new note"
as alice import "$T/notes-alice.json" >"$T/out" 2>"$T/err"
assert_contains "$T/out" "0 new notes"
alice_sid=$(sql "$T/alice.db" "select id from sessions")
as alice show "$alice_sid" >"$T/out" 2>"$T/err"
assert_status 0 $? "alice shows her session"
assert_contains "$T/out" "Lovely double-sided reflection; let the pause sit."

# --- A newer pack version keeps the old sessions readable -------------------------
mkdir -p "$T/pack2"
cp "$pack"/*.yaml "$T/pack2/"
sed -i 's/version: "1.0.0"/version: "1.1.0"/' "$T/pack2/pack.yaml"
as trainer pack install "$T/pack2" >"$T/out" 2>"$T/err"
assert_status 0 $? "install 1.1.0"
as trainer pack list >"$T/out"
assert_contains "$T/out" "mi-course	1.1.0	installed"
assert_contains "$T/out" "mi-course	1.0.0	kept"
as trainer show "$sid" >"$T/out" 2>"$T/err"
assert_status 0 $? "show an imported 1.0.0 session after the upgrade"
as trainer pack install "$pack" >"$T/out" 2>"$T/err"
assert_status 65 $? "installing an older version over a newer one"
as trainer pack remove mi-course@1.1.0 >"$T/out" 2>"$T/err"
assert_status 0 $? "pack remove"
as trainer pack list >"$T/out"
assert_contains "$T/out" "mi-course	1.0.0	installed"
pass "trainer loop"
