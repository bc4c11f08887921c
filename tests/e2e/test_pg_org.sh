# An organisation on one PostgreSQL server, end to end: a trainer (carol)
# and two trainees (alice, bob) of the cohort ward7, and dave of another.
# The trainer's assignment reaches both trainees at once, without files;
# both practise for it (plain mode); the trainer's report shows them live;
# her note reaches alice; and neither trainee can read the other's
# sessions, through micoach or as that role in psql. Also: what a trainer
# sees of history, and push of a practitioner's own SQLite history, once.
. "$(dirname "$0")/lib.sh"
. "$MICOACH_SRC/tests/pg/org.sh"
. "$(dirname "$0")/trainer_lib.sh"
command -v python3 >/dev/null || fail "python3 is needed"

pg_org ward
"$MICOACH" db init "$ORG_URI" >/dev/null 2>&1 || fail "db init"
org_add carol trainer ward7
org_add alice trainee ward7
org_add bob trainee ward7
org_add dave trainee ward9
scen="$MICOACH_SRC/scenarios/primary-care/alcohol-gp.yaml"
replies "$scen" names-a-step >"$T/good.txt"
replies "$scen" walks-out >"$T/bad.txt"
[ -s "$T/good.txt" ] && [ -s "$T/bad.txt" ] || fail "could not read the scenario's test replies"

# --- The trainer assigns; the cohort sees it at once ------------------------
as_pg carol assign primary-care --scenarios alcohol-gp --id week3 --title "Week 3" --due 2031-12-01 \
	--pass outcome=success >"$T/out" 2>"$T/err"
assert_status 0 $? "assign on the organisation's store"
assert_contains "$T/err" "Saved assignment week3 in postgresql://carol@/ward"
assert_contains "$T/err" "no file to send"
for who in alice bob; do
	as_pg $who assignments --json >"$T/$who.json" 2>"$T/err" || { cat "$T/err"; fail "assignments as $who"; }
	python3 - "$T/$who.json" <<'PY' || fail "$who does not see week3"
import json, sys
a = json.load(open(sys.argv[1]))
items = a if isinstance(a, list) else a.get("assignments", [])
assert any(x.get("id") == "week3" for x in items), items
PY
done
as_pg dave assignments >"$T/out" 2>&1
assert_not_contains "$T/out" "week3"
ls "$T"/*.yaml >/dev/null 2>&1 && fail "an assignment file was written"

# The report knows the cohort before anyone practised: its trainees, not started.
as_pg carol report --assignment week3 >"$T/before.txt" 2>&1 || { cat "$T/before.txt"; fail "the report before practice"; }
assert_contains "$T/before.txt" "bob"
assert_contains "$T/before.txt" "not started"

# --- Both practise for it ------------------------------------------------------
as_pg alice practice alcohol-gp --plain --seed 3 --assignment week3 <"$T/good.txt" >"$T/alice.out" 2>&1
assert_status 0 $? "alice's practice"
assert_contains "$T/alice.out" "Saved as session"
as_pg bob practice alcohol-gp --plain --seed 3 --assignment week3 <"$T/bad.txt" >"$T/bob.out" 2>&1
assert_status 0 $? "bob's practice"
as_pg dave practice alcohol-gp --plain --seed 3 <"$T/good.txt" >/dev/null 2>&1 || fail "dave's practice"
alice_id=$(org_count "SELECT s.id FROM micoach.sessions s JOIN micoach.users u ON u.id = s.\"user\" WHERE u.name = 'alice'")
bob_id=$(org_count "SELECT s.id FROM micoach.sessions s JOIN micoach.users u ON u.id = s.\"user\" WHERE u.name = 'bob'")
[ -n "$alice_id" ] && [ -n "$bob_id" ] || fail "the sessions are not on the server"
# every turn she played (the session may end before the last reply is used)
alice_turns=$(sed -n 's/^  Replies: \([0-9]*\).*/\1/p' "$T/alice.out")
[ -n "$alice_turns" ] || { cat "$T/alice.out"; fail "alice's session has no summary"; }
[ "$(org_count "SELECT count(*) FROM micoach.turns t JOIN micoach.sessions s ON s.id = t.session WHERE s.id = $alice_id")" = \
  "$alice_turns" ] || fail "alice's turns are not all on the server"

# --- The report, live ----------------------------------------------------------
as_pg carol report --assignment week3 --json >"$T/report.json" 2>"$T/err" || { cat "$T/err"; fail "report"; }
python3 - "$T/report.json" <<'PY' || { cat "$T/report.json"; fail "the report does not show the cohort as practised"; }
import json, sys
text = json.dumps(json.load(open(sys.argv[1])))
r = json.load(open(sys.argv[1]))
rows = []
def walk(x):
    if isinstance(x, dict):
        if "trainee" in x or "user" in x:
            rows.append(x)
        for v in x.values():
            walk(v)
    elif isinstance(x, list):
        for v in x:
            walk(v)
walk(r)
who = {(x.get("trainee") or x.get("user")): x for x in rows}
assert "alice" in who and "bob" in who, who.keys()
assert "dave" not in who
def passed(x):
    return x.get("passed") in (True, "yes") or x.get("pass") in (True, "yes")
assert passed(who["alice"]), who["alice"]
assert not passed(who["bob"]), who["bob"]
PY
as_pg carol report --assignment week3 >"$T/report.txt" 2>&1 || { cat "$T/report.txt"; fail "the text report"; }
assert_contains "$T/report.txt" "alice"
assert_contains "$T/report.txt" "bob"
assert_not_contains "$T/report.txt" "dave"
as_pg carol history --all-users >"$T/out" 2>&1 || fail "the trainer's history"
assert_contains "$T/out" "alice"
assert_contains "$T/out" "bob"
assert_not_contains "$T/out" "dave"

# --- A note reaches the trainee -----------------------------------------------
as_pg carol note "$alice_id" "Lovely double-sided reflection at turn 2." >"$T/out" 2>&1 || { cat "$T/out"; fail "note"; }
as_pg alice show "$alice_id" >"$T/out" 2>&1 || fail "alice's show"
assert_contains "$T/out" "Lovely double-sided reflection at turn 2."
as_pg bob note "$bob_id" "A note on my own" >"$T/out" 2>&1
assert_status 74 $? "a trainee writing a note"
assert_contains "$T/out" "role bob may not do this"
as_pg bob note "$alice_id" "On another's" >"$T/out" 2>&1
assert_status 66 $? "a trainee writing a note on a session it cannot see"

# --- Neither trainee reads the other's sessions ---------------------------------
as_pg bob show "$alice_id" >"$T/out" 2>&1
assert_status 66 $? "bob's show of alice's session"
assert_not_contains "$T/out" "double-sided"
as_pg alice history --all-users >"$T/out" 2>&1
assert_not_contains "$T/out" "bob"
as_pg alice export --all-users --format json >"$T/out" 2>&1 || fail "export"
assert_not_contains "$T/out" "\"bob\""
# ... and as that role in psql.
[ "$(as_psql bob "SELECT count(*) FROM sessions WHERE id = $alice_id")" = 0 ] || fail "bob reads alice's session in psql"
[ "$(as_psql bob "SELECT count(*) FROM turns WHERE session = $alice_id")" = 0 ] || fail "bob reads alice's turns in psql"
[ "$(as_psql bob "SELECT count(*) FROM notes")" = 0 ] || fail "bob reads alice's note in psql"
[ "$(as_psql alice "SELECT string_agg(DISTINCT u.name, ',') FROM sessions s JOIN users u ON u.id = s.\"user\"")" = alice ] ||
	fail "alice reads another's session in psql"

# --- Push: a practitioner's own SQLite history, once ------------------------------
printf 'It sounds like the doctor worried you.\n/quit\n' |
	"$MICOACH" --db "$T/alone.db" --user alice practice alcohol-gp --plain --seed 5 >/dev/null 2>&1 || fail "practice alone"
printf 'You want to decide for yourself.\n/quit\n' |
	"$MICOACH" --db "$T/alone.db" --user alice practice smoking-copd --plain --seed 5 >/dev/null 2>&1 || fail "practice alone"
before=$(org_count "SELECT count(*) FROM micoach.sessions")
as_pg alice push --from "$T/alone.db" --from-user alice >"$T/out" 2>&1 || { cat "$T/out"; fail "push"; }
assert_contains "$T/out" "Pushed 2 sessions (2 turns) of alice"
as_pg alice push --from "$T/alone.db" --from-user alice >"$T/out" 2>&1 || { cat "$T/out"; fail "push again"; }
assert_contains "$T/out" "Pushed 0 sessions (0 turns) of alice"
assert_contains "$T/out" "2 were there already"
[ "$(org_count "SELECT count(*) FROM micoach.sessions")" = $((before + 2)) ] || fail "push did not add exactly two sessions"
pass "a trainer and two trainees share one PostgreSQL store: assignment, practice, report, note, privacy, push"
