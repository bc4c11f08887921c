# Row-level security on the organisation's PostgreSQL store, as each role,
# through psql (what anyone with a login could try) and through micoach:
# trainees alice and bob (cohort spring) and dave (autumn), trainers carol
# (spring) and erin (autumn). A trainee reads and writes only its own
# sessions, turns and scores and the notes on them; a trainer reads its
# cohorts' sessions, writes notes on them and assignments for them; nobody
# changes another user's rows. Also: db init twice, the password kept out of
# every output, .pgpass and PGSERVICE.
. "$(dirname "$0")/lib.sh"
. "$MICOACH_SRC/tests/pg/org.sh"

pg_org rls
"$MICOACH" db init "$ORG_URI" >"$T/out" 2>&1 || { cat "$T/out"; fail "db init"; }
assert_contains "$T/out" "Created the micoach schema (version"
"$MICOACH" db init "$ORG_URI" >"$T/out" 2>&1 || { cat "$T/out"; fail "db init, again"; }
assert_contains "$T/out" "nothing to do"
for u in "rls_alice trainee spring" "rls_bob trainee spring" "rls_dave trainee autumn" \
	 "rls_carol trainer spring" "rls_erin trainer autumn"; do
	set -- $u
	org_add "$1" "$2" "$3"
done
assert_not_contains "$T/org_add.out" "rls_erin-pw"

# Each trainee saves a session with a turn, its codes and its scores, as
# micoach would, through psql as itself.
save_session() { # WHO
	as_psql "$1" "
INSERT INTO packs(pack_id, version, title) VALUES ('p', '1', 'P') ON CONFLICT DO NOTHING;
INSERT INTO scenarios(pack, scenario_id, title) SELECT id, 's', 'S' FROM packs
  WHERE pack_id = 'p' AND version = '1' ON CONFLICT DO NOTHING;
INSERT INTO sessions(uid, \"user\", scenario, coder_version, seed, mode, started)
  SELECT 'uid-$1', my_user(current_user), id, 'c1', 1, 'coach', '2027-01-01T10:00:00Z'
  FROM scenarios WHERE scenario_id = 's';
INSERT INTO turns(session, idx, node, client_line, reply, primary_code, nonadherent, empathy,
  reflection, discrepancy, self_efficacy, tip, at)
  SELECT id, 1, 'n', 'I do not want to be here.', 'reply of $1', 'SR', 0, 3, 3, 2, 1, '',
  '2027-01-01T10:01:00Z' FROM sessions WHERE uid = 'uid-$1';
INSERT INTO turn_codes(turn, code) SELECT t.id, 'SR' FROM turns t JOIN sessions s ON s.id = t.session
  WHERE s.uid = 'uid-$1';
INSERT INTO session_scores(session, replies, empathy, reflection, discrepancy, self_efficacy, overall,
  adherent, nonadherent, global_cultivating, global_softening, global_partnership, global_empathy,
  technical, relational) SELECT id, 1, 70, 70, 60, 50, 63, 0, 0, 3, 3, 3, 3, 3, 3
  FROM sessions WHERE uid = 'uid-$1';
UPDATE sessions SET ended = '2027-01-01T10:05:00Z', outcome = 'success' WHERE uid = 'uid-$1';" \
		>"$T/out" 2>&1 || { cat "$T/out"; fail "$1 could not save its own session"; }
}
for who in rls_alice rls_bob rls_dave; do save_session $who; done

# sees WHO SQL EXPECTED: the query, as WHO, gives EXPECTED.
sees() {
	_got=$(as_psql "$1" "$2" 2>&1)
	[ "$_got" = "$3" ] || fail "as $1: '$2' gave '$_got', expected '$3'"
}
# refused WHO SQL: the statement fails with a rights or policy error.
refused() {
	if as_psql "$1" "$2" >"$T/refused" 2>&1; then
		fail "as $1: '$2' was allowed"
	fi
	grep -qE 'row-level security|permission denied' "$T/refused" || { cat "$T/refused"; fail "as $1: '$2' failed otherwise"; }
}
id_of() { pg_super "SELECT id FROM micoach.sessions WHERE uid = 'uid-$1'" rls; }
alice=$(id_of rls_alice) bob=$(id_of rls_bob) dave=$(id_of rls_dave)
bob_user=$(pg_super "SELECT id FROM micoach.users WHERE name = 'rls_bob'" rls)
[ -n "$alice" ] && [ -n "$bob" ] && [ -n "$dave" ] || fail "the sessions were not saved"

# --- A trainee: its own rows only --------------------------------------------
sees rls_alice "SELECT string_agg(uid, ',') FROM sessions" "uid-rls_alice"
sees rls_alice "SELECT count(*) FROM turns" 1
sees rls_alice "SELECT reply FROM turns" "reply of rls_alice"
sees rls_alice "SELECT count(*) FROM turns WHERE session = $bob" 0
sees rls_alice "SELECT count(*) FROM turn_codes" 1
sees rls_alice "SELECT count(*) FROM session_scores" 1
sees rls_alice "SELECT string_agg(name, ',') FROM users" "rls_alice"
sees rls_alice "SELECT count(*) FROM cohort_members" 1
# Changing another's rows: nothing matches, or the policy or the rights refuse.
sees rls_alice "WITH c AS (UPDATE sessions SET outcome = 'quit' WHERE id = $bob RETURNING 1) SELECT count(*) FROM c" 0
sees rls_alice "WITH c AS (UPDATE session_scores SET overall = 100 WHERE session = $bob RETURNING 1) SELECT count(*) FROM c" 0
sees rls_alice "WITH c AS (DELETE FROM turn_codes RETURNING 1) SELECT count(*) FROM c" 1
refused rls_alice "INSERT INTO sessions(uid, \"user\", scenario, coder_version, seed, mode, started)
  SELECT 'forged', $bob_user, id, 'c1', 1, 'coach', '2027-01-01T11:00:00Z' FROM scenarios"
refused rls_alice "INSERT INTO turns(session, idx, node, client_line, reply, primary_code, nonadherent,
  empathy, reflection, discrepancy, self_efficacy, tip, at)
  VALUES ($bob, 2, 'n', 'c', 'forged', 'SR', 0, 0, 0, 0, 0, '', '2027-01-01T11:00:00Z')"
refused rls_alice "INSERT INTO session_scores(session, replies, empathy, reflection, discrepancy,
  self_efficacy, overall, adherent, nonadherent, global_cultivating, global_softening,
  global_partnership, global_empathy, technical, relational)
  VALUES ($dave, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1)"
refused rls_alice "UPDATE sessions SET \"user\" = $bob_user WHERE id = $alice"
refused rls_alice "DELETE FROM sessions WHERE id = $bob"
refused rls_alice "DELETE FROM sessions WHERE id = $alice"
refused rls_alice "UPDATE turns SET reply = 'rewritten' WHERE session = $alice"
refused rls_alice "INSERT INTO notes(uid, session, author, text, created)
  VALUES ('n0', $alice, 'rls_alice', 'praise', '2027-01-02T00:00:00Z')"
refused rls_alice "INSERT INTO users(name, created, role) VALUES ('rls_alice2', 'x', 'trainer')"
refused rls_alice "UPDATE users SET role = 'trainer'"
refused rls_alice "INSERT INTO cohort_members(cohort, \"user\", added) SELECT id, $bob_user, 'x' FROM cohorts"
refused rls_alice "SELECT * FROM add_user('rls_mallory', 'trainer', 'spring', NULL)"
refused rls_alice "INSERT INTO assignments(uid, pack_id, added, cohort) SELECT 'a0', 'p', 'x', id FROM cohorts"
# The policies' helpers answer for oneself only; a group role sees nothing.
sees rls_alice "SELECT visible_users('rls_carol')" "{}"
sees rls_alice "SELECT owns_session($bob, 'rls_bob')" f
sees rls_alice "SET ROLE micoach_trainee; SELECT count(*) FROM sessions" 0
sees rls_dave "SELECT count(*) FROM sessions WHERE id IN ($alice, $bob)" 0

# --- A trainer: its cohorts' sessions, notes and assignments ------------------
sees rls_carol "SELECT string_agg(uid, ',' ORDER BY uid) FROM sessions" "uid-rls_alice,uid-rls_bob"
sees rls_carol "SELECT string_agg(reply, ',' ORDER BY reply) FROM turns" "reply of rls_alice,reply of rls_bob"
sees rls_carol "SELECT string_agg(name, ',' ORDER BY name) FROM users" "rls_alice,rls_bob,rls_carol"
sees rls_carol "SELECT count(*) FROM session_scores" 2
sees rls_erin "SELECT string_agg(uid, ',') FROM sessions" "uid-rls_dave"
as_psql rls_carol "INSERT INTO notes(uid, session, author, text, created)
  VALUES ('note-1', $alice, current_user, 'Lovely reflection at turn 1.', '2027-01-02T00:00:00Z')" >"$T/out" 2>&1 ||
	{ cat "$T/out"; fail "the trainer could not write a note on its trainee's session"; }
refused rls_carol "INSERT INTO notes(uid, session, author, text, created)
  VALUES ('note-2', $alice, 'rls_erin', 'in another name', '2027-01-02T00:00:00Z')"
refused rls_carol "INSERT INTO notes(uid, session, author, text, created)
  VALUES ('note-3', $dave, current_user, 'not my cohort', '2027-01-02T00:00:00Z')"
sees rls_carol "WITH c AS (UPDATE sessions SET outcome = 'failure' WHERE id = $alice RETURNING 1) SELECT count(*) FROM c" 0
sees rls_carol "WITH c AS (UPDATE session_scores SET overall = 1 WHERE session = $alice RETURNING 1) SELECT count(*) FROM c" 0
refused rls_carol "UPDATE notes SET text = 'changed'"
as_psql rls_carol "INSERT INTO assignments(uid, title, pack_id, added, cohort)
  SELECT 'week1', 'Week 1', 'p', '2027-01-02T00:00:00Z', id FROM cohorts WHERE name = 'spring'" >"$T/out" 2>&1 ||
	{ cat "$T/out"; fail "the trainer could not assign to its cohort"; }
refused rls_carol "INSERT INTO assignments(uid, pack_id, added, cohort, owner)
  SELECT 'week1b', 'p', 'x', id, 'rls_erin' FROM cohorts WHERE name = 'spring'"
spring=$(pg_super "SELECT id FROM micoach.cohorts WHERE name = 'spring'" rls)
refused rls_erin "INSERT INTO assignments(uid, pack_id, added, cohort) VALUES ('week1c', 'p', 'x', $spring)"
sees rls_erin "SELECT count(*) FROM cohorts WHERE name = 'spring'" 0
sees rls_erin "WITH c AS (UPDATE assignments SET due = '2000-01-01' RETURNING 1) SELECT count(*) FROM c" 0
sees rls_erin "WITH c AS (DELETE FROM assignments RETURNING 1) SELECT count(*) FROM c" 0

# --- What reaches whom ----------------------------------------------------------
sees rls_alice "SELECT text FROM notes" "Lovely reflection at turn 1."
sees rls_bob "SELECT count(*) FROM notes" 0
sees rls_alice "SELECT uid FROM assignments" week1
sees rls_bob "SELECT uid FROM assignments" week1
sees rls_dave "SELECT count(*) FROM assignments" 0

# --- Through micoach ---------------------------------------------------------
as_pg rls_alice db users >"$T/out" 2>&1 || { cat "$T/out"; fail "db users as a trainee"; }
[ "$(cut -f1 "$T/out" | tr '\n' ' ')" = "rls_alice " ] || { cat "$T/out"; fail "a trainee sees other users"; }
as_pg rls_carol db users >"$T/out" 2>&1 || { cat "$T/out"; fail "db users as a trainer"; }
[ "$(cut -f1 "$T/out" | tr '\n' ' ')" = "rls_alice rls_bob rls_carol " ] || { cat "$T/out"; fail "a trainer's users"; }
assert_contains "$T/out" "rls_bob	trainee	spring	"
"$MICOACH" --db "$ORG_URI" db users >"$T/out" 2>&1 || { cat "$T/out"; fail "db users as the administrator"; }
[ "$(wc -l <"$T/out")" = 5 ] || { cat "$T/out"; fail "the administrator sees every user"; }
as_pg rls_alice db add-user rls_zed --role trainee >"$T/out" 2>&1
assert_status 74 $? "db add-user as a trainee"
assert_contains "$T/out" "role rls_alice may not do this"

# A trainer made a trainee loses its cohort's sessions and its rights.
"$MICOACH" --db "$ORG_URI" db add-user rls_carol --role trainee >"$T/out" 2>&1 || { cat "$T/out"; fail "demote"; }
assert_contains "$T/out" "rls_carol was a trainer and is now a trainee."
sees rls_carol "SELECT count(*) FROM sessions" 0
refused rls_carol "INSERT INTO notes(uid, session, author, text, created)
  VALUES ('note-4', $alice, current_user, 'after', '2027-01-02T00:00:00Z')"
"$MICOACH" --db "$ORG_URI" db add-user rls_carol --role trainer >/dev/null 2>&1 || fail "promote again"
sees rls_carol "SELECT count(*) FROM sessions" 2

# --- Connecting: PGSERVICE, and no password in any output ---------------------
cat >"$T/services" <<CONF
[micoach-org]
host=$PGHOST
port=$PGPORT
dbname=$ORG_DB
user=rls_bob
CONF
PGSERVICEFILE="$T/services" PGSERVICE=micoach-org "$MICOACH" --db postgresql:// db users >"$T/out" 2>&1 ||
	{ cat "$T/out"; fail "PGSERVICE"; }
[ "$(cut -f1 "$T/out")" = rls_bob ] || { cat "$T/out"; fail "PGSERVICE: connected as someone else"; }
PGSERVICEFILE="$T/services" "$MICOACH" --db 'postgresql:///?service=micoach-org' db users >"$T/out" 2>&1 ||
	{ cat "$T/out"; fail "service= in the URI"; }
[ "$(cut -f1 "$T/out")" = rls_bob ] || fail "service= in the URI: connected as someone else"
secret='S3cr%65t-pw'
"$MICOACH" --db "postgresql://rls_bob:$secret@/$ORG_DB?host=$PGHOST&port=$PGPORT" db users >"$T/out" 2>&1
assert_status 74 $? "a wrong password in the URI"
assert_contains "$T/out" "warning: the URI holds a password"
assert_contains "$T/out" "password authentication failed"
assert_not_contains "$T/out" "S3cr"
"$MICOACH" --db "postgresql://rls_bob:S3cr%zz@/$ORG_DB?host=$PGHOST" db users >"$T/out" 2>&1
assert_status 64 $? "a URI that does not parse"
assert_not_contains "$T/out" "S3cr"
"$MICOACH" --db "postgresql:///$ORG_DB?host=$PGHOST&user=rls_bob&password=Pw-in-query" db users >"$T/out" 2>&1
assert_not_contains "$T/out" "Pw-in-query"
"$MICOACH" --db "postgresql://rls_bob@/$ORG_DB?host=$T/nowhere" db users >"$T/out" 2>&1
assert_status 75 $? "a server that is not there"
assert_contains "$T/out" "cannot reach the PostgreSQL server"
pass "row-level security holds for trainees and trainers, through psql and micoach"
