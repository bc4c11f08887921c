/* store/migrations.c: the schema as numbered migrations, one list in two
 * dialects: migration i takes a database from version i to i + 1, in SQLite
 * (PRAGMA user_version, run by schema.c) and in PostgreSQL
 * (micoach.migrations, run by pg_schema.c), so both stores keep the same
 * tables under the same version numbers. Where the dialects differ, each has
 * its own text; a migration the same in both may use the same text twice.
 * docs/ARCHITECTURE.md ("The database") lists them; docs/organisation.md
 * explains the PostgreSQL roles and policies. Never edit a migration that has
 * shipped: add a new one. */
#include "migrations.h"

#include "core/util.h"

/* --- SQLite ------------------------------------------------------------------- */

/* Migration 1 in SQLite: the first schema. */
#define SQLITE_1 \
	"CREATE TABLE users (\n" \
	"  id INTEGER PRIMARY KEY,\n" \
	"  name TEXT NOT NULL UNIQUE,\n" \
	"  created TEXT NOT NULL\n" \
	");\n" \
	"CREATE TABLE packs (\n" \
	"  id INTEGER PRIMARY KEY,\n" \
	"  pack_id TEXT NOT NULL,\n" \
	"  version TEXT NOT NULL,\n" \
	"  title TEXT,\n" \
	"  UNIQUE (pack_id, version)\n" \
	");\n" \
	"CREATE TABLE scenarios (\n" \
	"  id INTEGER PRIMARY KEY,\n" \
	"  pack INTEGER NOT NULL REFERENCES packs(id),\n" \
	"  scenario_id TEXT NOT NULL,\n" \
	"  title TEXT,\n" \
	"  UNIQUE (pack, scenario_id)\n" \
	");\n" \
	"CREATE INDEX scenarios_by_id ON scenarios(scenario_id);\n" \
	"CREATE TABLE assignments (\n" \
	"  id INTEGER PRIMARY KEY,\n" \
	"  uid TEXT NOT NULL UNIQUE,\n" \
	"  title TEXT,\n" \
	"  pack_id TEXT NOT NULL,\n" \
	"  pack_version TEXT,\n" \
	"  scenarios TEXT NOT NULL DEFAULT '',\n" \
	"  due TEXT,\n" \
	"  mode TEXT NOT NULL DEFAULT 'coach' CHECK (mode IN ('coach', 'exam')),\n" \
	"  pass_rules TEXT NOT NULL DEFAULT '',\n" \
	"  trainer TEXT,\n" \
	"  source TEXT,\n" \
	"  added TEXT NOT NULL\n" \
	");\n" \
	"CREATE TABLE imports (\n" \
	"  id INTEGER PRIMARY KEY,\n" \
	"  checksum TEXT NOT NULL UNIQUE,\n" \
	"  file TEXT NOT NULL,\n" \
	"  trainee TEXT,\n" \
	"  assignment INTEGER REFERENCES assignments(id) ON DELETE SET NULL,\n" \
	"  imported TEXT NOT NULL,\n" \
	"  sessions INTEGER NOT NULL DEFAULT 0\n" \
	");\n" \
	"CREATE TABLE sessions (\n" \
	"  id INTEGER PRIMARY KEY,\n" \
	"  uid TEXT NOT NULL UNIQUE,\n" \
	"  user INTEGER NOT NULL REFERENCES users(id),\n" \
	"  scenario INTEGER NOT NULL REFERENCES scenarios(id),\n" \
	"  coder_version TEXT NOT NULL,\n" \
	"  seed INTEGER NOT NULL,\n" \
	"  mode TEXT NOT NULL CHECK (mode IN ('coach', 'exam')),\n" \
	"  started TEXT NOT NULL,\n" \
	"  ended TEXT,\n" \
	"  outcome TEXT CHECK (outcome IN ('success', 'failure', 'limit', 'quit', 'interrupted')),\n" \
	"  retry_of INTEGER REFERENCES sessions(id) ON DELETE SET NULL,\n" \
	"  retry_turn INTEGER,\n" \
	"  assignment INTEGER REFERENCES assignments(id) ON DELETE SET NULL,\n" \
	"  import INTEGER REFERENCES imports(id) ON DELETE SET NULL\n" \
	");\n" \
	"CREATE INDEX sessions_by_started ON sessions(started);\n" \
	"CREATE INDEX sessions_by_user ON sessions(user, started);\n" \
	"CREATE INDEX sessions_by_scenario ON sessions(scenario, started);\n" \
	"CREATE INDEX sessions_by_retry ON sessions(retry_of) WHERE retry_of IS NOT NULL;\n" \
	"CREATE INDEX sessions_by_assignment ON sessions(assignment, user) WHERE assignment IS NOT NULL;\n" \
	"CREATE TABLE session_scores (\n" \
	"  session INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,\n" \
	"  replies INTEGER NOT NULL,\n" \
	"  empathy INTEGER NOT NULL,\n" \
	"  reflection INTEGER NOT NULL,\n" \
	"  discrepancy INTEGER NOT NULL,\n" \
	"  self_efficacy INTEGER NOT NULL,\n" \
	"  overall INTEGER NOT NULL,\n" \
	"  rq_ratio REAL,\n" \
	"  pct_complex REAL,\n" \
	"  adherent INTEGER NOT NULL,\n" \
	"  nonadherent INTEGER NOT NULL,\n" \
	"  global_cultivating REAL NOT NULL,\n" \
	"  global_softening REAL NOT NULL,\n" \
	"  global_partnership REAL NOT NULL,\n" \
	"  global_empathy REAL NOT NULL,\n" \
	"  technical REAL NOT NULL,\n" \
	"  relational REAL NOT NULL\n" \
	");\n" \
	"CREATE TABLE turns (\n" \
	"  id INTEGER PRIMARY KEY,\n" \
	"  session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,\n" \
	"  idx INTEGER NOT NULL CHECK (idx >= 1),\n" \
	"  node TEXT NOT NULL,\n" \
	"  client_line TEXT NOT NULL,\n" \
	"  reply TEXT NOT NULL,\n" \
	"  primary_code TEXT NOT NULL,\n" \
	"  nonadherent INTEGER NOT NULL,\n" \
	"  empathy INTEGER NOT NULL,\n" \
	"  reflection INTEGER NOT NULL,\n" \
	"  discrepancy INTEGER NOT NULL,\n" \
	"  self_efficacy INTEGER NOT NULL,\n" \
	"  tip TEXT NOT NULL,\n" \
	"  next_node TEXT,\n" \
	"  client_next TEXT,\n" \
	"  at TEXT NOT NULL,\n" \
	"  UNIQUE (session, idx)\n" \
	");\n" \
	"CREATE TABLE turn_codes (\n" \
	"  turn INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,\n" \
	"  code TEXT NOT NULL,\n" \
	"  PRIMARY KEY (turn, code)\n" \
	") WITHOUT ROWID;\n" \
	"CREATE TABLE turn_cues (\n" \
	"  turn INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,\n" \
	"  n INTEGER NOT NULL,\n" \
	"  code TEXT NOT NULL,\n" \
	"  start INTEGER NOT NULL,\n" \
	"  len INTEGER NOT NULL,\n" \
	"  PRIMARY KEY (turn, n)\n" \
	") WITHOUT ROWID;\n" \
	"CREATE TABLE turn_meters (\n" \
	"  turn INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,\n" \
	"  n INTEGER NOT NULL,\n" \
	"  meter TEXT NOT NULL,\n" \
	"  value INTEGER NOT NULL,\n" \
	"  PRIMARY KEY (turn, n)\n" \
	") WITHOUT ROWID;\n" \
	"CREATE TABLE notes (\n" \
	"  id INTEGER PRIMARY KEY,\n" \
	"  uid TEXT NOT NULL UNIQUE,\n" \
	"  session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,\n" \
	"  author TEXT NOT NULL,\n" \
	"  text TEXT NOT NULL,\n" \
	"  created TEXT NOT NULL\n" \
	");\n" \
	"CREATE INDEX notes_by_session ON notes(session);\n" \
	"CREATE TABLE rescores (\n" \
	"  id INTEGER PRIMARY KEY,\n" \
	"  session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,\n" \
	"  at TEXT NOT NULL,\n" \
	"  from_version TEXT NOT NULL,\n" \
	"  to_version TEXT NOT NULL,\n" \
	"  turns_changed INTEGER NOT NULL\n" \
	");\n" \
	"CREATE INDEX rescores_by_session ON rescores(session);\n"

/* Migration 2 in SQLite: an assignment's roster; notes on one turn; hints
 * used in a session. */
#define SQLITE_2 \
	"CREATE TABLE assignment_trainees (\n" \
	"  id INTEGER PRIMARY KEY,\n" \
	"  assignment INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,\n" \
	"  name TEXT NOT NULL,\n" \
	"  added TEXT NOT NULL,\n" \
	"  removed TEXT,\n" \
	"  UNIQUE (assignment, name)\n" \
	");\n" \
	"ALTER TABLE notes ADD COLUMN turn INTEGER CHECK (turn IS NULL OR turn >= 1);\n" \
	"ALTER TABLE sessions ADD COLUMN hints INTEGER CHECK (hints IS NULL OR hints >= 0);\n"

/* Migration 3 in SQLite: the client's lines with the talk labels and
 * thoughts their author gave them (scenario format 2), and the thought shown
 * after a reply. New tables rather than new columns of turns: rows written
 * before an ALTER TABLE ADD COLUMN are shorter than the table, and doctor
 * --recover's page reader takes a row only of its table's width. */
#define SQLITE_3 \
	"CREATE TABLE turn_lines (\n" \
	"  turn INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,\n" \
	"  n INTEGER NOT NULL,\n" \
	"  opening INTEGER NOT NULL CHECK (opening IN (0, 1)),\n" \
	"  text TEXT NOT NULL,\n" \
	"  talk TEXT,\n" \
	"  kind TEXT,\n" \
	"  thought TEXT,\n" \
	"  PRIMARY KEY (turn, n)\n" \
	") WITHOUT ROWID;\n" \
	"CREATE TABLE turn_thoughts (\n" \
	"  turn INTEGER PRIMARY KEY REFERENCES turns(id) ON DELETE CASCADE,\n" \
	"  thought TEXT NOT NULL\n" \
	");\n"

/* --- PostgreSQL ----------------------------------------------------------------- */

/* Migration 1: the tables of the SQLite schema version 1, column for column
 * (bigint identities for INTEGER PRIMARY KEY, double precision for REAL,
 * "user" quoted: a reserved word here), plus what an organisation needs:
 * users' micoach roles, cohorts, and whose each assignment is. */
#define PG_TABLES_1 \
	"CREATE TABLE users (\n" \
	"  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n" \
	"  name text NOT NULL UNIQUE,\n" \
	"  created text NOT NULL,\n" \
	"  role text NOT NULL DEFAULT 'trainee' CHECK (role IN ('trainee', 'trainer'))\n" \
	");\n" \
	"CREATE TABLE cohorts (\n" \
	"  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n" \
	"  name text NOT NULL UNIQUE,\n" \
	"  created text NOT NULL\n" \
	");\n" \
	"CREATE TABLE cohort_members (\n" \
	"  cohort bigint NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,\n" \
	"  \"user\" bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n" \
	"  added text NOT NULL,\n" \
	"  PRIMARY KEY (cohort, \"user\")\n" \
	");\n" \
	"CREATE INDEX cohort_members_by_user ON cohort_members(\"user\");\n" \
	"CREATE TABLE packs (\n" \
	"  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n" \
	"  pack_id text NOT NULL,\n" \
	"  version text NOT NULL,\n" \
	"  title text,\n" \
	"  UNIQUE (pack_id, version)\n" \
	");\n" \
	"CREATE TABLE scenarios (\n" \
	"  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n" \
	"  pack bigint NOT NULL REFERENCES packs(id),\n" \
	"  scenario_id text NOT NULL,\n" \
	"  title text,\n" \
	"  UNIQUE (pack, scenario_id)\n" \
	");\n" \
	"CREATE INDEX scenarios_by_id ON scenarios(scenario_id);\n" \
	"CREATE TABLE assignments (\n" \
	"  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n" \
	"  uid text NOT NULL UNIQUE,\n" \
	"  title text,\n" \
	"  pack_id text NOT NULL,\n" \
	"  pack_version text,\n" \
	"  scenarios text NOT NULL DEFAULT '',\n" \
	"  due text,\n" \
	"  mode text NOT NULL DEFAULT 'coach' CHECK (mode IN ('coach', 'exam')),\n" \
	"  pass_rules text NOT NULL DEFAULT '',\n" \
	"  trainer text,\n" \
	"  source text,\n" \
	"  added text NOT NULL,\n" \
	"  cohort bigint REFERENCES cohorts(id) ON DELETE CASCADE,\n" \
	"  owner text NOT NULL DEFAULT current_user\n" \
	");\n" \
	"CREATE INDEX assignments_by_cohort ON assignments(cohort);\n" \
	"CREATE TABLE imports (\n" \
	"  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n" \
	"  checksum text NOT NULL UNIQUE,\n" \
	"  file text NOT NULL,\n" \
	"  trainee text,\n" \
	"  assignment bigint REFERENCES assignments(id) ON DELETE SET NULL,\n" \
	"  imported text NOT NULL,\n" \
	"  sessions integer NOT NULL DEFAULT 0\n" \
	");\n" \
	"CREATE TABLE sessions (\n" \
	"  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n" \
	"  uid text NOT NULL UNIQUE,\n" \
	"  \"user\" bigint NOT NULL REFERENCES users(id),\n" \
	"  scenario bigint NOT NULL REFERENCES scenarios(id),\n" \
	"  coder_version text NOT NULL,\n" \
	"  seed bigint NOT NULL,\n" \
	"  mode text NOT NULL CHECK (mode IN ('coach', 'exam')),\n" \
	"  started text NOT NULL,\n" \
	"  ended text,\n" \
	"  outcome text CHECK (outcome IN ('success', 'failure', 'limit', 'quit', 'interrupted')),\n" \
	"  retry_of bigint REFERENCES sessions(id) ON DELETE SET NULL,\n" \
	"  retry_turn integer,\n" \
	"  assignment bigint REFERENCES assignments(id) ON DELETE SET NULL,\n" \
	"  import bigint REFERENCES imports(id) ON DELETE SET NULL,\n" \
	"  codes text -- every code its turns carry, comma-separated (kept by add_turn() and rescoring)\n" \
	");\n" \
	"CREATE INDEX sessions_by_started ON sessions(started);\n" \
	"CREATE INDEX sessions_by_user ON sessions(\"user\", started);\n" \
	"CREATE INDEX sessions_by_scenario ON sessions(scenario, started);\n" \
	"CREATE INDEX sessions_by_retry ON sessions(retry_of) WHERE retry_of IS NOT NULL;\n" \
	"CREATE INDEX sessions_by_assignment ON sessions(assignment, \"user\") WHERE assignment IS NOT NULL;\n" \
	"CREATE TABLE session_scores (\n" \
	"  \"user\" bigint NOT NULL,\n" \
	"  session bigint PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,\n" \
	"  replies integer NOT NULL,\n" \
	"  empathy integer NOT NULL,\n" \
	"  reflection integer NOT NULL,\n" \
	"  discrepancy integer NOT NULL,\n" \
	"  self_efficacy integer NOT NULL,\n" \
	"  overall integer NOT NULL,\n" \
	"  rq_ratio double precision,\n" \
	"  pct_complex double precision,\n" \
	"  adherent integer NOT NULL,\n" \
	"  nonadherent integer NOT NULL,\n" \
	"  global_cultivating double precision NOT NULL,\n" \
	"  global_softening double precision NOT NULL,\n" \
	"  global_partnership double precision NOT NULL,\n" \
	"  global_empathy double precision NOT NULL,\n" \
	"  technical double precision NOT NULL,\n" \
	"  relational double precision NOT NULL\n" \
	");\n" \
	"CREATE TABLE turns (\n" \
	"  \"user\" bigint NOT NULL,\n" \
	"  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n" \
	"  session bigint NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,\n" \
	"  idx integer NOT NULL CHECK (idx >= 1),\n" \
	"  node text NOT NULL,\n" \
	"  client_line text NOT NULL,\n" \
	"  reply text NOT NULL,\n" \
	"  primary_code text NOT NULL,\n" \
	"  nonadherent integer NOT NULL,\n" \
	"  empathy integer NOT NULL,\n" \
	"  reflection integer NOT NULL,\n" \
	"  discrepancy integer NOT NULL,\n" \
	"  self_efficacy integer NOT NULL,\n" \
	"  tip text NOT NULL,\n" \
	"  next_node text,\n" \
	"  client_next text,\n" \
	"  at text NOT NULL,\n" \
	"  UNIQUE (session, idx)\n" \
	");\n" \
	"CREATE TABLE turn_codes (\n" \
	"  \"user\" bigint NOT NULL,\n" \
	"  turn bigint NOT NULL REFERENCES turns(id) ON DELETE CASCADE,\n" \
	"  code text NOT NULL,\n" \
	"  PRIMARY KEY (turn, code)\n" \
	");\n" \
	"CREATE TABLE turn_cues (\n" \
	"  \"user\" bigint NOT NULL,\n" \
	"  turn bigint NOT NULL REFERENCES turns(id) ON DELETE CASCADE,\n" \
	"  n integer NOT NULL,\n" \
	"  code text NOT NULL,\n" \
	"  start integer NOT NULL,\n" \
	"  len integer NOT NULL,\n" \
	"  PRIMARY KEY (turn, n)\n" \
	");\n" \
	"CREATE TABLE turn_meters (\n" \
	"  \"user\" bigint NOT NULL,\n" \
	"  turn bigint NOT NULL REFERENCES turns(id) ON DELETE CASCADE,\n" \
	"  n integer NOT NULL,\n" \
	"  meter text NOT NULL,\n" \
	"  value integer NOT NULL,\n" \
	"  PRIMARY KEY (turn, n)\n" \
	");\n" \
	"CREATE TABLE notes (\n" \
	"  \"user\" bigint NOT NULL,\n" \
	"  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n" \
	"  uid text NOT NULL UNIQUE,\n" \
	"  session bigint NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,\n" \
	"  author text NOT NULL,\n" \
	"  text text NOT NULL,\n" \
	"  created text NOT NULL\n" \
	");\n" \
	"CREATE INDEX notes_by_session ON notes(session);\n" \
	"CREATE TABLE rescores (\n" \
	"  \"user\" bigint NOT NULL,\n" \
	"  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n" \
	"  session bigint NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,\n" \
	"  at text NOT NULL,\n" \
	"  from_version text NOT NULL,\n" \
	"  to_version text NOT NULL,\n" \
	"  turns_changed integer NOT NULL\n" \
	");\n" \
	"CREATE INDEX rescores_by_session ON rescores(session);\n"

/* Who may see and change what. The functions the policies call are
 * SECURITY DEFINER (they read users and cohorts past those tables' own
 * policies, which would otherwise refer to each other without end) and
 * answer only for a role the caller's login is, or may become: asking about
 * another role gives nothing. The policies wrap them in (SELECT ...) so
 * each is computed once a query, not once a row (and cast the array, so
 * that = ANY reads it as an array, not as a subquery's rows). */
#define PG_FUNCTIONS_1 \
	"CREATE FUNCTION iso_now() RETURNS text LANGUAGE sql STABLE\n" \
	"  AS $$ SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') $$;\n" \
	"CREATE FUNCTION my_user(who name) RETURNS bigint LANGUAGE plpgsql STABLE SECURITY DEFINER\n" \
	"  SET search_path = micoach, pg_temp\n" \
	"  AS $$ BEGIN RETURN (SELECT id FROM users WHERE name = who AND pg_has_role(session_user, who, 'MEMBER')); END $$;\n" \
	"CREATE FUNCTION visible_users(who name) RETURNS bigint[] LANGUAGE plpgsql STABLE SECURITY DEFINER\n" \
	"  SET search_path = micoach, pg_temp\n" \
	"  AS $$ BEGIN RETURN (SELECT CASE WHEN pg_has_role(session_user, who, 'MEMBER') THEN ARRAY(\n" \
	"    SELECT u.id FROM users u WHERE u.name = who\n" \
	"    UNION\n" \
	"    SELECT m.\"user\" FROM users t\n" \
	"      JOIN cohort_members tm ON tm.\"user\" = t.id\n" \
	"      JOIN cohort_members m ON m.cohort = tm.cohort\n" \
	"      JOIN users mu ON mu.id = m.\"user\" AND mu.role = 'trainee'\n" \
	"    WHERE t.name = who AND t.role = 'trainer') ELSE '{}' END); END $$;\n" \
	"CREATE FUNCTION member_cohorts(who name) RETURNS bigint[] LANGUAGE plpgsql STABLE SECURITY DEFINER\n" \
	"  SET search_path = micoach, pg_temp\n" \
	"  AS $$ BEGIN RETURN (SELECT ARRAY(SELECT m.cohort FROM cohort_members m JOIN users u ON u.id = m.\"user\"\n" \
	"    WHERE u.name = who AND pg_has_role(session_user, who, 'MEMBER'))); END $$;\n" \
	"CREATE FUNCTION trained_cohorts(who name) RETURNS bigint[] LANGUAGE plpgsql STABLE SECURITY DEFINER\n" \
	"  SET search_path = micoach, pg_temp\n" \
	"  AS $$ BEGIN RETURN (SELECT ARRAY(SELECT m.cohort FROM cohort_members m JOIN users u ON u.id = m.\"user\"\n" \
	"    WHERE u.name = who AND u.role = 'trainer' AND pg_has_role(session_user, who, 'MEMBER'))); END $$;\n" \
	"CREATE FUNCTION owns_session(sid bigint, who name) RETURNS boolean LANGUAGE plpgsql STABLE SECURITY DEFINER\n" \
	"  SET search_path = micoach, pg_temp\n" \
	"  AS $$ BEGIN RETURN (SELECT EXISTS (SELECT 1 FROM sessions s JOIN users u ON u.id = s.\"user\"\n" \
	"    WHERE s.id = sid AND u.name = who) AND pg_has_role(session_user, who, 'MEMBER')); END $$;\n" \
	"CREATE FUNCTION user_of_session() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER\n" \
	"  SET search_path = micoach, pg_temp\n" \
	"  AS $$ BEGIN SELECT \"user\" INTO NEW.\"user\" FROM sessions WHERE id = NEW.session; RETURN NEW; END $$;\n" \
	"CREATE FUNCTION user_of_turn() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER\n" \
	"  SET search_path = micoach, pg_temp\n" \
	"  AS $$ BEGIN SELECT \"user\" INTO NEW.\"user\" FROM turns WHERE id = NEW.turn; RETURN NEW; END $$;\n" \
	"CREATE TRIGGER session_scores_user BEFORE INSERT ON session_scores FOR EACH ROW\n" \
	"  EXECUTE FUNCTION user_of_session();\n" \
	"CREATE TRIGGER turns_user BEFORE INSERT ON turns FOR EACH ROW EXECUTE FUNCTION user_of_session();\n" \
	"CREATE TRIGGER notes_user BEFORE INSERT ON notes FOR EACH ROW EXECUTE FUNCTION user_of_session();\n" \
	"CREATE TRIGGER rescores_user BEFORE INSERT ON rescores FOR EACH ROW EXECUTE FUNCTION user_of_session();\n" \
	"CREATE TRIGGER turn_codes_user BEFORE INSERT ON turn_codes FOR EACH ROW EXECUTE FUNCTION user_of_turn();\n" \
	"CREATE TRIGGER turn_cues_user BEFORE INSERT ON turn_cues FOR EACH ROW EXECUTE FUNCTION user_of_turn();\n" \
	"CREATE TRIGGER turn_meters_user BEFORE INSERT ON turn_meters FOR EACH ROW EXECUTE FUNCTION user_of_turn();\n" \
	"REVOKE ALL ON FUNCTION my_user(name), visible_users(name), member_cohorts(name),\n" \
	"  trained_cohorts(name), owns_session(bigint, name), user_of_session(), user_of_turn() FROM PUBLIC;\n"

/* The administrator's `micoach db add-user`, run as the administrator
 * (SECURITY INVOKER: it needs CREATEROLE). Role names reach SQL only
 * through format('%I'), the password only as a SCRAM verifier. */
#define PG_ADD_USER_1 \
	"CREATE FUNCTION add_user(p_name text, p_role text, p_cohort text, p_verifier text,\n" \
	"  OUT created_role boolean, OUT created_user boolean, OUT joined boolean, OUT previous text,\n" \
	"  OUT bypasses_rls boolean, OUT can_login boolean)\n" \
	"LANGUAGE plpgsql SET search_path = micoach, pg_temp AS $$\n" \
	"DECLARE\n" \
	"  uid bigint;\n" \
	"  cid bigint;\n" \
	"BEGIN\n" \
	"  IF p_role NOT IN ('trainee', 'trainer') THEN\n" \
	"    RAISE EXCEPTION 'unknown micoach role %', p_role USING ERRCODE = '22023';\n" \
	"  END IF;\n" \
	"  created_role := NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_name);\n" \
	"  IF created_role THEN\n" \
	"    EXECUTE format('CREATE ROLE %I LOGIN', p_name);\n" \
	"  END IF;\n" \
	"  IF p_verifier IS NOT NULL THEN\n" \
	"    EXECUTE format('ALTER ROLE %I PASSWORD %L', p_name, p_verifier);\n" \
	"  END IF;\n" \
	"  -- Granted directly, not through micoach_trainer: a trainer made a\n" \
	"  -- trainee keeps a trainee's rights.\n" \
	"  IF NOT EXISTS (SELECT 1 FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid\n" \
	"      JOIN pg_roles r ON r.oid = a.member\n" \
	"      WHERE g.rolname = 'micoach_' || p_role AND r.rolname = p_name) THEN\n" \
	"    EXECUTE format('GRANT %I TO %I', 'micoach_' || p_role, p_name);\n" \
	"  END IF;\n" \
	"  IF p_role = 'trainee' AND EXISTS (SELECT 1 FROM pg_auth_members a\n" \
	"      JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles r ON r.oid = a.member\n" \
	"      WHERE g.rolname = 'micoach_trainer' AND r.rolname = p_name) THEN\n" \
	"    EXECUTE format('REVOKE micoach_trainer FROM %I', p_name);\n" \
	"  END IF;\n" \
	"  SELECT u.id, u.role INTO uid, previous FROM users u WHERE u.name = p_name;\n" \
	"  created_user := uid IS NULL;\n" \
	"  IF uid IS NULL THEN\n" \
	"    INSERT INTO users(name, created, role) VALUES (p_name, iso_now(), p_role) RETURNING id INTO uid;\n" \
	"  ELSIF previous <> p_role THEN\n" \
	"    UPDATE users SET role = p_role WHERE id = uid;\n" \
	"  END IF;\n" \
	"  joined := false;\n" \
	"  IF p_cohort IS NOT NULL THEN\n" \
	"    INSERT INTO cohorts(name, created) VALUES (p_cohort, iso_now()) ON CONFLICT (name) DO NOTHING;\n" \
	"    SELECT id INTO cid FROM cohorts WHERE name = p_cohort;\n" \
	"    INSERT INTO cohort_members(cohort, \"user\", added) VALUES (cid, uid, iso_now())\n" \
	"      ON CONFLICT DO NOTHING;\n" \
	"    joined := FOUND;\n" \
	"  END IF;\n" \
	"  SELECT r.rolsuper OR r.rolbypassrls, r.rolcanlogin INTO bypasses_rls, can_login\n" \
	"    FROM pg_roles r WHERE r.rolname = p_name;\n" \
	"END $$;\n" \
	"REVOKE ALL ON FUNCTION add_user(text, text, text, text) FROM PUBLIC;\n"

/* The two group roles (cluster-wide: several micoach databases on one
 * server share them; the policies, by the data of each database, keep them
 * apart) and their rights. A trainer has a trainee's rights and more. */
#define PG_RIGHTS_1 \
	"DO $$ BEGIN\n" \
	"  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'micoach_trainee') THEN\n" \
	"    CREATE ROLE micoach_trainee NOLOGIN;\n" \
	"  END IF;\n" \
	"  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'micoach_trainer') THEN\n" \
	"    CREATE ROLE micoach_trainer NOLOGIN;\n" \
	"  END IF;\n" \
	"  IF NOT pg_has_role('micoach_trainer', 'micoach_trainee', 'MEMBER') THEN\n" \
	"    GRANT micoach_trainee TO micoach_trainer;\n" \
	"  END IF;\n" \
	"END $$;\n" \
	"GRANT USAGE ON SCHEMA micoach TO micoach_trainee;\n" \
	"GRANT SELECT ON migrations, users, cohorts, cohort_members, packs, scenarios, assignments,\n" \
	"  sessions, session_scores, turns, turn_codes, turn_cues, turn_meters, notes, rescores\n" \
	"  TO micoach_trainee;\n" \
	"GRANT INSERT ON packs, scenarios, sessions, session_scores, turns, turn_codes, turn_cues,\n" \
	"  turn_meters, rescores TO micoach_trainee;\n" \
	"GRANT UPDATE (ended, outcome, coder_version, codes) ON sessions TO micoach_trainee;\n" \
	"GRANT UPDATE (replies, empathy, reflection, discrepancy, self_efficacy, overall, rq_ratio,\n" \
	"  pct_complex, adherent, nonadherent, global_cultivating, global_softening, global_partnership,\n" \
	"  global_empathy, technical, relational) ON session_scores TO micoach_trainee;\n" \
	"GRANT UPDATE (primary_code, nonadherent, empathy, reflection, discrepancy, self_efficacy, tip)\n" \
	"  ON turns TO micoach_trainee;\n" \
	"GRANT DELETE ON turn_codes, turn_cues TO micoach_trainee;\n" \
	"GRANT INSERT, DELETE, UPDATE (title, pack_id, pack_version, scenarios, due, mode, pass_rules,\n" \
	"  trainer, source, cohort) ON assignments TO micoach_trainer;\n" \
	"GRANT INSERT ON notes TO micoach_trainer;\n" \
	"GRANT SELECT ON imports TO micoach_trainer;\n" \
	"GRANT EXECUTE ON FUNCTION my_user(name), visible_users(name), member_cohorts(name),\n" \
	"  trained_cohorts(name), owns_session(bigint, name) TO micoach_trainee;\n"

/* add_turn()'s arguments (after them, migration 3 adds the client's lines)
 * and the part of its body migration 3 keeps. */
#define PG_ADD_TURN_ARGS \
	"p_session bigint, p_idx integer, p_node text, p_client_line text,\n" \
	"  p_reply text, p_primary text, p_nonadherent integer, p_empathy integer, p_reflection integer,\n" \
	"  p_discrepancy integer, p_self_efficacy integer, p_tip text, p_next_node text, p_client_next text,\n" \
	"  p_at text, p_codes text[], p_cue_codes text[], p_cue_starts integer[], p_cue_lens integer[],\n" \
	"  p_meters text[], p_values integer[]"
#define PG_ADD_TURN_SIGNATURE \
	"add_turn(bigint, integer, text, text, text, text, integer,\n" \
	"  integer, integer, integer, integer, text, text, text, text, text[], text[], integer[],\n" \
	"  integer[], text[], integer[]"
#define PG_ADD_TURN_BODY \
	"  t bigint;\n" \
	"BEGIN\n" \
	"  IF NOT EXISTS (SELECT 1 FROM sessions WHERE id = p_session) THEN\n" \
	"    RAISE EXCEPTION 'no session % to add a turn to', p_session USING ERRCODE = 'P0002';\n" \
	"  END IF;\n" \
	"  INSERT INTO turns(session, idx, node, client_line, reply, primary_code, nonadherent, empathy,\n" \
	"    reflection, discrepancy, self_efficacy, tip, next_node, client_next, at)\n" \
	"  VALUES (p_session, p_idx, p_node, p_client_line, p_reply, p_primary, p_nonadherent, p_empathy,\n" \
	"    p_reflection, p_discrepancy, p_self_efficacy, p_tip, p_next_node, p_client_next, p_at)\n" \
	"  RETURNING id INTO t;\n" \
	"  INSERT INTO turn_codes(turn, code) SELECT t, c FROM unnest(p_codes) AS c;\n" \
	"  UPDATE sessions SET codes = (SELECT string_agg(c, ',' ORDER BY c) FROM (SELECT DISTINCT c FROM\n" \
	"    unnest(string_to_array(coalesce(sessions.codes, ''), ',') || p_codes) AS c WHERE c <> '') x)\n" \
	"    WHERE id = p_session;\n" \
	"  INSERT INTO turn_cues(turn, n, code, start, len) SELECT t, u.n - 1, u.code, u.start, u.len\n" \
	"    FROM unnest(p_cue_codes, p_cue_starts, p_cue_lens) WITH ORDINALITY AS u(code, start, len, n);\n" \
	"  INSERT INTO turn_meters(turn, n, meter, value) SELECT t, u.n - 1, u.meter, u.value\n" \
	"    FROM unnest(p_meters, p_values) WITH ORDINALITY AS u(meter, value, n);\n"

/* The writers practice calls on every session and every reply, each one
 * round trip (SECURITY INVOKER: the caller's rights and policies apply to
 * every row they write). A user unknown here is added only by a role that
 * may add users (the administrator, importing); anyone else is told to ask
 * for db add-user. A session or assignment the caller cannot see is "not
 * there" (P0002), as it would be in SQLite. */
#define PG_STORE_1 \
	"CREATE FUNCTION begin_session(p_uid text, p_user text, p_scenario_id text, p_scenario_title text,\n" \
	"  p_pack_id text, p_pack_version text, p_pack_title text, p_coder_version text, p_seed bigint,\n" \
	"  p_mode text, p_started text, p_retry_of bigint, p_retry_turn integer, p_assignment bigint)\n" \
	"RETURNS bigint LANGUAGE plpgsql SET search_path = micoach, pg_temp AS $$\n" \
	"DECLARE\n" \
	"  u bigint;\n" \
	"  p bigint;\n" \
	"  sc bigint;\n" \
	"  s bigint;\n" \
	"BEGIN\n" \
	"  SELECT id INTO u FROM users WHERE name = p_user;\n" \
	"  IF u IS NULL THEN\n" \
	"    IF NOT has_table_privilege('micoach.users', 'INSERT') THEN\n" \
	"      IF p_user = current_user THEN\n" \
	"        RAISE EXCEPTION 'role % is not a micoach user in this database; the administrator adds it "\
	"with micoach db add-user', p_user USING ERRCODE = '42501';\n" \
	"      END IF;\n" \
	"      RAISE EXCEPTION 'role % saves sessions as itself only, not as %', current_user, p_user\n" \
	"        USING ERRCODE = '42501';\n" \
	"    END IF;\n" \
	"    INSERT INTO users(name, created) VALUES (p_user, iso_now()) ON CONFLICT (name) DO NOTHING;\n" \
	"    SELECT id INTO u FROM users WHERE name = p_user;\n" \
	"  END IF;\n" \
	"  INSERT INTO packs(pack_id, version, title) VALUES (p_pack_id, p_pack_version, p_pack_title)\n" \
	"    ON CONFLICT (pack_id, version) DO NOTHING;\n" \
	"  SELECT id INTO p FROM packs WHERE pack_id = p_pack_id AND version = p_pack_version;\n" \
	"  INSERT INTO scenarios(pack, scenario_id, title) VALUES (p, p_scenario_id, p_scenario_title)\n" \
	"    ON CONFLICT (pack, scenario_id) DO NOTHING;\n" \
	"  SELECT id INTO sc FROM scenarios WHERE pack = p AND scenario_id = p_scenario_id;\n" \
	"  IF p_retry_of IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sessions WHERE id = p_retry_of) THEN\n" \
	"    RAISE EXCEPTION 'no session % to retry', p_retry_of USING ERRCODE = 'P0002';\n" \
	"  END IF;\n" \
	"  IF p_assignment IS NOT NULL AND NOT EXISTS (SELECT 1 FROM assignments WHERE id = p_assignment) THEN\n" \
	"    RAISE EXCEPTION 'no assignment %', p_assignment USING ERRCODE = 'P0002';\n" \
	"  END IF;\n" \
	"  INSERT INTO sessions(uid, \"user\", scenario, coder_version, seed, mode, started, retry_of,\n" \
	"    retry_turn, assignment)\n" \
	"  VALUES (coalesce(p_uid, replace(gen_random_uuid()::text, '-', '')), u, sc, p_coder_version, p_seed,\n" \
	"    p_mode, coalesce(p_started, iso_now()), p_retry_of, p_retry_turn, p_assignment)\n" \
	"  RETURNING id INTO s;\n" \
	"  RETURN s;\n" \
	"END $$;\n" \
	"CREATE FUNCTION add_turn(" PG_ADD_TURN_ARGS ")\n" \
	"RETURNS bigint LANGUAGE plpgsql SET search_path = micoach, pg_temp AS $$\n" \
	"DECLARE\n" \
	PG_ADD_TURN_BODY \
	"  RETURN t;\n" \
	"END $$;\n" \
	"REVOKE ALL ON FUNCTION begin_session(text, text, text, text, text, text, text, text, bigint, text,\n" \
	"  text, bigint, integer, bigint), " PG_ADD_TURN_SIGNATURE ") FROM PUBLIC;\n" \
	"GRANT EXECUTE ON FUNCTION begin_session(text, text, text, text, text, text, text, text, bigint, text,\n" \
	"  text, bigint, integer, bigint), " PG_ADD_TURN_SIGNATURE ") TO micoach_trainee;\n"

/* Row-level security. The owner (the administrator who ran db init) and
 * superusers are not bound by it; everyone else sees only what a policy
 * lets through, and changes only rows a policy's WITH CHECK accepts. */
#define PG_MINE "(SELECT my_user(current_user))"
#define PG_VISIBLE "ANY ((SELECT visible_users(current_user))::bigint[])"
#define PG_POLICIES_1 \
	"ALTER TABLE users ENABLE ROW LEVEL SECURITY;\n" \
	"CREATE POLICY users_read ON users FOR SELECT USING (id = " PG_VISIBLE ");\n" \
	"ALTER TABLE cohorts ENABLE ROW LEVEL SECURITY;\n" \
	"CREATE POLICY cohorts_read ON cohorts FOR SELECT\n" \
	"  USING (id = ANY ((SELECT member_cohorts(current_user))::bigint[]));\n" \
	"ALTER TABLE cohort_members ENABLE ROW LEVEL SECURITY;\n" \
	"CREATE POLICY members_read ON cohort_members FOR SELECT\n" \
	"  USING (\"user\" = " PG_MINE " OR cohort = ANY ((SELECT trained_cohorts(current_user))::bigint[]));\n" \
	"ALTER TABLE assignments ENABLE ROW LEVEL SECURITY;\n" \
	"CREATE POLICY assignments_read ON assignments FOR SELECT\n" \
	"  USING (owner = current_user OR cohort = ANY ((SELECT member_cohorts(current_user))::bigint[]));\n" \
	"CREATE POLICY assignments_add ON assignments FOR INSERT\n" \
	"  WITH CHECK (owner = current_user AND cohort = ANY ((SELECT trained_cohorts(current_user))::bigint[]));\n" \
	"CREATE POLICY assignments_change ON assignments FOR UPDATE USING (owner = current_user)\n" \
	"  WITH CHECK (owner = current_user AND cohort = ANY ((SELECT trained_cohorts(current_user))::bigint[]));\n" \
	"CREATE POLICY assignments_remove ON assignments FOR DELETE USING (owner = current_user);\n" \
	"ALTER TABLE imports ENABLE ROW LEVEL SECURITY;\n" \
	"CREATE POLICY imports_read ON imports FOR SELECT\n" \
	"  USING (EXISTS (SELECT 1 FROM assignments a WHERE a.id = imports.assignment));\n" \
	"ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;\n" \
	"CREATE POLICY sessions_read ON sessions FOR SELECT USING (\"user\" = " PG_VISIBLE ");\n" \
	"CREATE POLICY sessions_add ON sessions FOR INSERT WITH CHECK (\"user\" = " PG_MINE "\n" \
	"  AND import IS NULL\n" \
	"  AND (retry_of IS NULL OR owns_session(retry_of, current_user))\n" \
	"  AND (assignment IS NULL OR EXISTS (SELECT 1 FROM assignments a WHERE a.id = sessions.assignment)));\n" \
	"CREATE POLICY sessions_change ON sessions FOR UPDATE USING (\"user\" = " PG_MINE ")\n" \
	"  WITH CHECK (\"user\" = " PG_MINE ");\n" \
	PG_OWNED("session_scores") \
	PG_CHANGED("session_scores") \
	PG_OWNED("turns") \
	PG_CHANGED("turns") \
	PG_OWNED("rescores") \
	PG_OWNED("turn_codes") \
	PG_OWNED("turn_cues") \
	PG_OWNED("turn_meters") \
	"CREATE POLICY turn_codes_remove ON turn_codes FOR DELETE USING (\"user\" = " PG_MINE ");\n" \
	"CREATE POLICY turn_cues_remove ON turn_cues FOR DELETE USING (\"user\" = " PG_MINE ");\n" \
	"ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\n" \
	"CREATE POLICY notes_read ON notes FOR SELECT USING (\"user\" = " PG_VISIBLE ");\n" \
	"CREATE POLICY notes_add ON notes FOR INSERT\n" \
	"  WITH CHECK (author = current_user AND \"user\" = " PG_VISIBLE ");\n"
/* A table whose rows belong to a session: read with the session (its user
 * one the role may see), added only to one's own; changed only in one's own. */
#define PG_OWNED(t) \
	"ALTER TABLE " t " ENABLE ROW LEVEL SECURITY;\n" \
	"CREATE POLICY " t "_read ON " t " FOR SELECT USING (\"user\" = " PG_VISIBLE ");\n" \
	"CREATE POLICY " t "_add ON " t " FOR INSERT WITH CHECK (\"user\" = " PG_MINE ");\n"
#define PG_CHANGED(t) \
	"CREATE POLICY " t "_change ON " t " FOR UPDATE USING (\"user\" = " PG_MINE ")\n" \
	"  WITH CHECK (\"user\" = " PG_MINE ");\n"

/* Migration 2 in PostgreSQL: the same roster, notes on a turn and hints;
 * a roster is read by the trainee it names and by whoever trains the
 * assignment's cohort, and changed only by the assignment's owner. */
#define PG_2 \
	"CREATE TABLE assignment_trainees (\n" \
	"  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n" \
	"  assignment bigint NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,\n" \
	"  name text NOT NULL,\n" \
	"  added text NOT NULL,\n" \
	"  removed text,\n" \
	"  UNIQUE (assignment, name)\n" \
	");\n" \
	"ALTER TABLE notes ADD COLUMN turn integer CHECK (turn IS NULL OR turn >= 1);\n" \
	"ALTER TABLE sessions ADD COLUMN hints integer CHECK (hints IS NULL OR hints >= 0);\n" \
	"GRANT UPDATE (hints) ON sessions TO micoach_trainee;\n" \
	"GRANT SELECT ON assignment_trainees TO micoach_trainee;\n" \
	"GRANT INSERT, UPDATE (removed) ON assignment_trainees TO micoach_trainer;\n" \
	"ALTER TABLE assignment_trainees ENABLE ROW LEVEL SECURITY;\n" \
	"CREATE POLICY roster_read ON assignment_trainees FOR SELECT USING (name = current_user\n" \
	"  OR EXISTS (SELECT 1 FROM assignments a WHERE a.id = assignment_trainees.assignment\n" \
	"    AND (a.owner = current_user OR a.cohort = ANY ((SELECT trained_cohorts(current_user))::bigint[]))));\n" \
	"CREATE POLICY roster_add ON assignment_trainees FOR INSERT WITH CHECK (EXISTS (SELECT 1 FROM assignments a\n" \
	"  WHERE a.id = assignment_trainees.assignment AND a.owner = current_user));\n" \
	"CREATE POLICY roster_change ON assignment_trainees FOR UPDATE USING (EXISTS (SELECT 1 FROM assignments a\n" \
	"  WHERE a.id = assignment_trainees.assignment AND a.owner = current_user));\n"

/* Migration 3 in PostgreSQL: the same two tables, under the policies of a
 * session's rows, and add_turn() saving the client's lines and thought with
 * the rest of the turn (its new arguments: the lines' opening flags, texts,
 * talk labels, kinds and thoughts, and the thought shown after the reply). */
#define PG_3 \
	"CREATE TABLE turn_lines (\n" \
	"  \"user\" bigint NOT NULL,\n" \
	"  turn bigint NOT NULL REFERENCES turns(id) ON DELETE CASCADE,\n" \
	"  n integer NOT NULL,\n" \
	"  opening integer NOT NULL CHECK (opening IN (0, 1)),\n" \
	"  text text NOT NULL,\n" \
	"  talk text,\n" \
	"  kind text,\n" \
	"  thought text,\n" \
	"  PRIMARY KEY (turn, n)\n" \
	");\n" \
	"CREATE TABLE turn_thoughts (\n" \
	"  \"user\" bigint NOT NULL,\n" \
	"  turn bigint PRIMARY KEY REFERENCES turns(id) ON DELETE CASCADE,\n" \
	"  thought text NOT NULL\n" \
	");\n" \
	"CREATE TRIGGER turn_lines_user BEFORE INSERT ON turn_lines FOR EACH ROW EXECUTE FUNCTION user_of_turn();\n" \
	"CREATE TRIGGER turn_thoughts_user BEFORE INSERT ON turn_thoughts FOR EACH ROW\n" \
	"  EXECUTE FUNCTION user_of_turn();\n" \
	"GRANT SELECT, INSERT ON turn_lines, turn_thoughts TO micoach_trainee;\n" \
	PG_OWNED("turn_lines") \
	PG_OWNED("turn_thoughts") \
	"DROP FUNCTION " PG_ADD_TURN_SIGNATURE ");\n" \
	"CREATE FUNCTION add_turn(" PG_ADD_TURN_ARGS ",\n" \
	"  p_line_opening integer[], p_line_text text[], p_line_talk text[], p_line_kind text[],\n" \
	"  p_line_thought text[], p_thought text)\n" \
	"RETURNS bigint LANGUAGE plpgsql SET search_path = micoach, pg_temp AS $$\n" \
	"DECLARE\n" \
	PG_ADD_TURN_BODY \
	"  INSERT INTO turn_lines(turn, n, opening, text, talk, kind, thought)\n" \
	"    SELECT t, u.n - 1, u.opening, u.text, u.talk, u.kind, u.thought FROM unnest(p_line_opening,\n" \
	"      p_line_text, p_line_talk, p_line_kind, p_line_thought) WITH ORDINALITY\n" \
	"      AS u(opening, text, talk, kind, thought, n);\n" \
	"  IF p_thought IS NOT NULL THEN\n" \
	"    INSERT INTO turn_thoughts(turn, thought) VALUES (t, p_thought);\n" \
	"  END IF;\n" \
	"  RETURN t;\n" \
	"END $$;\n" \
	"REVOKE ALL ON FUNCTION " PG_ADD_TURN_SIGNATURE ", integer[], text[], text[], text[], text[], text)\n" \
	"  FROM PUBLIC;\n" \
	"GRANT EXECUTE ON FUNCTION " PG_ADD_TURN_SIGNATURE ", integer[], text[], text[], text[], text[], text)\n" \
	"  TO micoach_trainee;\n"

/* --- The list ------------------------------------------------------------------- */

const struct migration store_migrations[] = {
	{ "the first schema (in PostgreSQL with roles and row-level security)", SQLITE_1,
	  PG_TABLES_1 PG_FUNCTIONS_1 PG_ADD_USER_1 PG_RIGHTS_1 PG_STORE_1 PG_POLICIES_1 },
	{ "an assignment's roster, notes on a turn, hints used", SQLITE_2, PG_2 },
	{ "the client's lines with their labels and thoughts", SQLITE_3, PG_3 },
};
const size_t store_nmigrations = ARRAY_SIZE(store_migrations);
