# The trainers' workflow end to end, with real files. A trainer installs a
# course pack (a format-1 and a format-2 scenario), writes an exam
# assignment with a roster of four, and builds the trainees' copy of the
# pack. Each trainee has their own data directory and database: alice
# (skilled: both scenarios to success, plus a session she quit after one
# fine reply), bob (poor: both clients walk out), carol (never starts) and
# dave (skilled, but his file says he practised after the due date). The
# trainer imports the files (twice: nothing changes), refuses tampered and
# truncated ones, and reads the report: carol not started, dave late by the
# days, alice's quit session listed but not counted and never her best,
# alice above bob on every skill their replies warrant, session uids and
# pack versions there; the HTML report renders in headless Chromium (a
# roster row and a chart per trainee, no console message) and its
# screenshot goes to the build directory (`make report-screenshot` copies
# it into docs/). Also: history --assignment, notes on a turn travel back
# and are shown beside it, an import never touches the trainer's own
# sessions, and a newer pack version keeps the old sessions readable.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/browser.sh"
. "$(dirname "$0")/trainer_lib.sh"
command -v python3 >/dev/null || fail "python3 is needed"

pack="$T/pack"
make_course_pack "$pack"
for s in course-alcohol course-knee; do
	replies "$pack/$s.yaml" names-a-step >"$T/$s-good.txt"
	replies "$pack/$s.yaml" walks-out >"$T/$s-bad.txt"
	[ -s "$T/$s-good.txt" ] && [ -s "$T/$s-bad.txt" ] || fail "could not read $s's test replies"
done
due=$(date -u -d '3 days ago' +%F)

# Rewrite a result file as if its sessions had been practised DAYS days
# earlier (negative: later), and seal it again: how a file from a trainee
# who practised on other days reads.
shift_file() { # FILE DAYS
	python3 - "$1" "$2" <<'PY'
import datetime, hashlib, json, sys
path, days = sys.argv[1], int(sys.argv[2])
text = open(path, encoding="utf-8").read()
start = text.index('"payload": ') + len('"payload": ')
end = len(text) - len("\n}\n")
payload = json.loads(text[start:end])
def shift(v):
    t = datetime.datetime.strptime(v, "%Y-%m-%dT%H:%M:%SZ") - datetime.timedelta(days=days)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")
for s in payload["sessions"]:
    for k in ("started", "ended"):
        if s.get(k):
            s[k] = shift(s[k])
    for t in s["turns"]:
        t["at"] = shift(t["at"])
body = json.dumps(payload, indent=2, ensure_ascii=False)
head = text[:start].replace(json.loads(text[:start] + "0}")["sha256"], hashlib.sha256(body.encode()).hexdigest())
open(path, "w", encoding="utf-8").write(head + body + "\n}\n")
PY
}

# --- The trainer: install, assign with a roster, build the trainees' copy --------
as lee pack install "$pack" >"$T/out" 2>"$T/err"
assert_status 0 $? "pack install"
assert_contains "$T/out" "Installed mi-course 1.0.0 (2 scenarios)"
[ -f "$T/lee/micoach/scenarios/mi-course@1.0.0/course-alcohol.yaml" ] || fail "pack not installed where documented"
mkdir -p "$T/broken"
cp "$pack/pack.yaml" "$T/broken/"
sed 's/^start: opening$/start: opnening/' "$pack/course-alcohol.yaml" >"$T/broken/course-alcohol.yaml"
as lee pack install "$T/broken" >"$T/out" 2>"$T/err"
assert_status 65 $? "pack install of a broken pack"
assert_contains "$T/err" "nothing installed"

printf '# Week 3 cohort\nalice\nbob\n\ncarol\n' >"$T/roster.txt"
as lee assign mi-course --id week3 --title "Week 3: rolling with resistance" --due "$due" --mode exam \
	--pass rq_ratio=1,outcome=success,no_codes=CONF --trainees "$T/roster.txt" -o "$T/week3.yaml" >"$T/out" 2>"$T/err"
assert_status 0 $? "assign"
assert_contains "$T/err" "Roster of week3: 3 trainees: alice, bob, carol"
assert_not_contains "$T/week3.yaml" "carol"   # the roster stays with the trainer
as lee assign --edit week3 --trainee dave >"$T/out" 2>"$T/err"
assert_status 0 $? "assign --edit"
assert_contains "$T/err" "4 trainees: alice, bob, carol, dave (1 added, 0 removed)"
as lee pack build --for-trainees "$pack" -o "$T/week3-pack" >"$T/out" 2>"$T/err"
assert_status 0 $? "pack build --for-trainees"

# The trainer practises on their own, outside the assignment.
printf 'You feel the doctor is on your back.\n' | as lee practice course-alcohol --plain --seed 4 >/dev/null 2>&1
own_uid=$(sql "$T/lee.db" "select uid from sessions")

# --- The trainees --------------------------------------------------------------
for who in alice bob carol dave; do
	as $who pack install "$T/week3-pack" >/dev/null 2>"$T/err" || { cat "$T/err"; fail "$who: pack install"; }
	as $who assignment add "$T/week3.yaml" >"$T/out" 2>"$T/err" || fail "$who: assignment add"
done
as alice practice course-alcohol --assignment week3 --seed 1 <"$T/course-alcohol-good.txt" >"$T/out" 2>&1
assert_contains "$T/out" "Session summary: success"
assert_contains "$T/out" "Feedback, turn by turn:"   # exam mode, from the assignment
as alice practice course-knee --assignment week3 --seed 1 <"$T/course-knee-good.txt" >"$T/out" 2>&1
assert_contains "$T/out" "Session summary: success"
printf '%s\n/quit\n' "It sounds like part of you really values that can as your own time after a hard day, and part of you worries about how you feel in the mornings." |
	as alice practice course-alcohol --assignment week3 --seed 3 >"$T/out" 2>&1
assert_contains "$T/out" "quit after 1 reply"
for s in course-alcohol course-knee; do
	as bob practice $s --assignment week3 --seed 2 <"$T/$s-bad.txt" >"$T/out" 2>&1
	assert_contains "$T/out" "Session summary: failure"
	as dave practice $s --assignment week3 --seed 5 <"$T/$s-good.txt" >"$T/out" 2>&1
	assert_contains "$T/out" "Session summary: success"
done
as bob practice alcohol-gp --assignment week3 </dev/null >"$T/out" 2>"$T/err"
assert_status 64 $? "practice outside the assignment"

for who in alice bob dave; do
	as $who export --assignment week3 -o "$T/$who.json" >/dev/null 2>"$T/err" || fail "$who: export"
	[ "$(stat -c %a "$T/$who.json")" = 600 ] || fail "$who's result file is not private"
	as $who history --json --limit 0 >"$T/$who-history.json" || fail "$who: history"
done
# alice and bob practised a week ago, dave today: three days after the due date.
shift_file "$T/alice.json" 7
shift_file "$T/bob.json" 6

# --- The trainer imports -------------------------------------------------------------
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
as lee import "$T/bob-own.json" >"$T/out" 2>"$T/err"
assert_status 0 $? "import of a file claiming the trainer's session"
assert_contains "$T/out" "your own sessions left untouched"
[ "$(sql "$T/lee.db" "select import is null from sessions where uid = '$own_uid'")" = 1 ] ||
	fail "the trainer's own session was marked imported"

as lee import "$T/alice.json" "$T/bob.json" "$T/dave.json" >"$T/out" 2>"$T/err"
assert_status 0 $? "import"
assert_contains "$T/out" "imported 3 sessions of alice"
assert_contains "$T/out" "imported 2 sessions of dave"
n1=$(sql "$T/lee.db" "select count(*) from sessions")
as lee import "$T/alice.json" "$T/bob.json" "$T/dave.json" >"$T/out" 2>"$T/err"
assert_contains "$T/out" "already imported"
[ "$(sql "$T/lee.db" "select count(*) from sessions")" = "$n1" ] || fail "a second import added sessions"
sed 's/"outcome": "failure"/"outcome": "success"/' "$T/bob.json" >"$T/tampered.json"
as lee import "$T/tampered.json" >"$T/out" 2>"$T/err"
assert_status 65 $? "import of a file with a changed outcome"
assert_contains "$T/err" "checksum mismatch"
head -c 2000 "$T/alice.json" >"$T/truncated.json"
as lee import "$T/truncated.json" >"$T/out" 2>"$T/err"
assert_status 65 $? "import of a truncated file"
[ "$(sql "$T/lee.db" "select count(*) from sessions")" = "$n1" ] || fail "a refused file changed the database"

# --- The report ------------------------------------------------------------------------
as lee report --assignment week3 >"$T/report.txt" 2>"$T/err" || fail "report"
as lee report --assignment week3 --csv >"$T/report.csv" 2>"$T/err" || fail "report --csv"
as lee report --assignment week3 --json >"$T/report.json" 2>"$T/err" || fail "report --json"
assert_contains "$T/report.txt" "Roster: 4 trainees: 2 passed, 1 submitted, 0 in progress, 1 not started; 1 late"
assert_contains "$T/report.txt" "not counted: quit after 1 reply"
python3 - "$T/report.json" "$T/report.csv" "$T/alice-history.json" <<'PY' || fail "the cohort report"
import csv, json, sys
r = json.load(open(sys.argv[1]))
t = {x["trainee"]: x for x in r["trainees"]}
assert list(t) == ["alice", "bob", "carol", "dave"], list(t)
assert all(x["on_roster"] for x in t.values())
# The one who never started.
assert t["carol"]["status"] == "not started" and t["carol"]["attempts"] == 0, t["carol"]
assert t["carol"]["overdue_days"] == 3, t["carol"]
# The late one, marked late by the days; the others on time.
assert t["dave"]["status"] == "passed" and t["dave"]["late_days"] == 3, t["dave"]
assert t["alice"]["late_days"] == 0 and t["bob"]["late_days"] == 0
assert t["alice"]["status"] == "passed" and t["bob"]["status"] == "submitted"
# The quit session: listed, not counted, never best, though it scored highest.
a = t["alice"]
quit = [s for s in a["sessions"] if s["outcome"] == "quit"]
assert len(quit) == 1 and not quit[0]["counted"] and quit[0]["count"] == "quit", a["sessions"]
counted = [s for s in a["sessions"] if s["counted"]]
assert quit[0]["overall"] > max(s["overall"] for s in counted), (quit, counted)
assert a["best"]["uid"] != quit[0]["uid"] and a["best"]["uid"] in {s["uid"] for s in counted}
alcohol = [c for c in a["results"] if c["scenario"] == "course-alcohol"][0]
assert alcohol["attempts"] == 2 and alcohol["counted"] == 1 and alcohol["best"]["uid"] != quit[0]["uid"]
# Alice above bob on every skill their replies warrant.
for k, v in a["skills"].items():
    w = t["bob"]["skills"][k]
    if v["replies"] and w["replies"]:
        assert v["score"] > w["score"], (k, v, w)
# MITI summary against the thresholds; change talk where the client labels it.
assert a["miti"]["rq_band"] == "good" and t["bob"]["miti"]["nonadherent"] > 0
knee = [s for s in a["sessions"] if s["scenario"] == "course-knee"][0]
assert knee["change_talk"] is not None and knee["change_talk"] > 0, knee
assert [s for s in a["sessions"] if s["scenario"] == "course-alcohol"][0]["change_talk"] is None
# Drill-down: uids and pack versions; the weakest replies point at a session and turn.
assert all(len(s["uid"]) == 32 and s["pack_version"] == "1.0.0" for x in t.values() for s in x["sessions"])
assert t["bob"]["weakest"] and t["bob"]["weakest"][0]["nonadherent"] and t["bob"]["weakest"][0]["turn"] >= 1
h = json.load(open(sys.argv[3]))
mine = {s["uid"]: s for s in (h["sessions"] if isinstance(h, dict) else h)}
assert a["best"]["overall"] == mine[a["best"]["uid"]]["scores"]["overall"], (a["best"], mine[a["best"]["uid"]]["scores"])
rows = list(csv.DictReader(open(sys.argv[2], newline="", encoding="utf-8")))
assert {row["assignment"] for row in rows} == {"week3"} and len(rows) == 8, rows
cell = {(row["trainee"], row["scenario"]): row for row in rows}
assert cell[("carol", "course-knee")]["status"] == "not started" and cell[("carol", "course-knee")]["attempts"] == "0"
assert cell[("dave", "course-alcohol")]["late_days"] == "3"
assert len(cell[("alice", "course-alcohol")]["best_uid"]) == 32
PY

# The HTML report in a browser, and its screenshot.
as lee report --assignment week3 --html -o "$T/week3.html" >/dev/null 2>&1 || fail "report --html"
browser "$T/load.err" --dump-dom "file://$T/week3.html" >"$T/dom.html" || fail "chromium --dump-dom"
if console_messages "$T/load.err" >"$T/console"; then
	cat "$T/console"; fail "the report wrote to the console"
fi
python3 "$(dirname "$0")/check_report_dom.py" "$T/dom.html" "$T/report.json" || fail "the rendered report"
browser "$T/shot.err" --window-size=1100,1500 --screenshot="$BUILD_DIR/report.png" "file://$T/week3.html" >/dev/null ||
	fail "chromium --screenshot"
[ -s "$BUILD_DIR/report.png" ] || fail "no screenshot"
cp "$T/week3.html" "$BUILD_DIR/report.html"

# history --assignment: every trainee's sessions of it, with its id in the CSV.
as lee history --assignment week3 --csv >"$T/history.csv" || fail "history --assignment"
[ "$(tail -n +2 "$T/history.csv" | wc -l)" = 7 ] || { cat "$T/history.csv"; fail "history --assignment lists 7 sessions"; }
assert_contains "$T/history.csv" ",week3,"
as lee history --assignment nope >"$T/out" 2>"$T/err"
assert_status 66 $? "history of an unknown assignment"

# --- Notes on a turn travel back --------------------------------------------------------
sid=$(sql "$T/lee.db" "select s.id from sessions s join users u on u.id = s.user join scenarios sc on sc.id = s.scenario where u.name = 'bob' and sc.scenario_id = 'course-alcohol'")
as lee note "$sid:2" "Here he told you he was fine; reflect that before anything else." >"$T/out" 2>"$T/err"
assert_status 0 $? "note on a turn"
assert_contains "$T/out" "to session $sid, turn 2"
as lee note "$sid" "Overall: slow down and listen." >/dev/null 2>&1 || fail "note on the session"
as lee note "$sid:99" "No such turn." >"$T/out" 2>"$T/err"
assert_status 66 $? "note on a turn that does not exist"
as lee export --notes --trainee bob -o "$T/notes-bob.json" >/dev/null 2>"$T/err" || fail "export --notes"
as bob import "$T/notes-bob.json" >"$T/out" 2>"$T/err"
assert_status 0 $? "bob imports the notes"
bob_sid=$(sql "$T/bob.db" "select s.id from sessions s join scenarios sc on sc.id = s.scenario where sc.scenario_id = 'course-alcohol'")
assert_contains "$T/out" "2 new notes from lee, on session $bob_sid turn 2 and the whole session"
as bob show "$bob_sid" >"$T/out" || fail "bob shows his session"
python3 - "$T/out" <<'PY' || fail "the turn's note is not beside turn 2"
import sys
text = open(sys.argv[1], encoding="utf-8").read()
t2, t3 = text.index("\nTurn 2"), text.index("\nTurn 3")
note = text.index("Note from lee")
assert t2 < note < t3, (t2, note, t3)
assert text.rindex("Overall: slow down and listen.") > text.index("\nSummary")
PY

# --- A newer pack version keeps the old sessions readable ------------------------------
mkdir -p "$T/pack2"
cp "$pack"/*.yaml "$T/pack2/"
sed -i 's/version: "1.0.0"/version: "1.1.0"/' "$T/pack2/pack.yaml"
as lee pack install "$T/pack2" >"$T/out" 2>"$T/err"
assert_status 0 $? "install 1.1.0"
as lee show "$sid" >"$T/out" 2>"$T/err"
assert_status 0 $? "show an imported 1.0.0 session after the upgrade"
as lee report --assignment week3 --json >"$T/report2.json" || fail "report after the upgrade"
python3 - "$T/report.json" "$T/report2.json" <<'PY' || fail "the report changed with the installed version"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
pick = lambda r: [(t["trainee"], t["status"], t["late_days"], t["counted"]) for t in r["trainees"]]
assert pick(a) == pick(b), (pick(a), pick(b))
PY
pass "trainer loop"
