/* store/schema.c: the database schema as numbered migrations, and
 * bringing a database up to date (docs/ARCHITECTURE.md, "The database"). */
#include "store_int.h"

#include <stdio.h>

#include "core/util.h"

/* Migration i takes a database from user_version i to i + 1. Never edit one
 * that has shipped: add a new one. */
static const char *const migrations[] = {
	/* 1: the first schema. */
	"CREATE TABLE users (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE,\n"
	"  created TEXT NOT NULL\n"
	");\n"
	"CREATE TABLE packs (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  pack_id TEXT NOT NULL,\n"
	"  version TEXT NOT NULL,\n"
	"  title TEXT,\n"
	"  UNIQUE (pack_id, version)\n"
	");\n"
	"CREATE TABLE scenarios (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  pack INTEGER NOT NULL REFERENCES packs(id),\n"
	"  scenario_id TEXT NOT NULL,\n"
	"  title TEXT,\n"
	"  UNIQUE (pack, scenario_id)\n"
	");\n"
	"CREATE INDEX scenarios_by_id ON scenarios(scenario_id);\n"
	"CREATE TABLE assignments (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  uid TEXT NOT NULL UNIQUE,\n"
	"  title TEXT,\n"
	"  pack_id TEXT NOT NULL,\n"
	"  pack_version TEXT,\n"
	"  scenarios TEXT NOT NULL DEFAULT '',\n"
	"  due TEXT,\n"
	"  mode TEXT NOT NULL DEFAULT 'coach' CHECK (mode IN ('coach', 'exam')),\n"
	"  pass_rules TEXT NOT NULL DEFAULT '',\n"
	"  trainer TEXT,\n"
	"  source TEXT,\n"
	"  added TEXT NOT NULL\n"
	");\n"
	"CREATE TABLE imports (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  checksum TEXT NOT NULL UNIQUE,\n"
	"  file TEXT NOT NULL,\n"
	"  trainee TEXT,\n"
	"  assignment INTEGER REFERENCES assignments(id) ON DELETE SET NULL,\n"
	"  imported TEXT NOT NULL,\n"
	"  sessions INTEGER NOT NULL DEFAULT 0\n"
	");\n"
	"CREATE TABLE sessions (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  uid TEXT NOT NULL UNIQUE,\n"
	"  user INTEGER NOT NULL REFERENCES users(id),\n"
	"  scenario INTEGER NOT NULL REFERENCES scenarios(id),\n"
	"  coder_version TEXT NOT NULL,\n"
	"  seed INTEGER NOT NULL,\n"
	"  mode TEXT NOT NULL CHECK (mode IN ('coach', 'exam')),\n"
	"  started TEXT NOT NULL,\n"
	"  ended TEXT,\n"
	"  outcome TEXT CHECK (outcome IN ('success', 'failure', 'limit', 'quit', 'interrupted')),\n"
	"  retry_of INTEGER REFERENCES sessions(id) ON DELETE SET NULL,\n"
	"  retry_turn INTEGER,\n"
	"  assignment INTEGER REFERENCES assignments(id) ON DELETE SET NULL,\n"
	"  import INTEGER REFERENCES imports(id) ON DELETE SET NULL\n"
	");\n"
	"CREATE INDEX sessions_by_started ON sessions(started);\n"
	"CREATE INDEX sessions_by_user ON sessions(user, started);\n"
	"CREATE INDEX sessions_by_scenario ON sessions(scenario, started);\n"
	"CREATE INDEX sessions_by_retry ON sessions(retry_of) WHERE retry_of IS NOT NULL;\n"
	"CREATE INDEX sessions_by_assignment ON sessions(assignment, user) WHERE assignment IS NOT NULL;\n"
	"CREATE TABLE session_scores (\n"
	"  session INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,\n"
	"  replies INTEGER NOT NULL,\n"
	"  empathy INTEGER NOT NULL,\n"
	"  reflection INTEGER NOT NULL,\n"
	"  discrepancy INTEGER NOT NULL,\n"
	"  self_efficacy INTEGER NOT NULL,\n"
	"  overall INTEGER NOT NULL,\n"
	"  rq_ratio REAL,\n"
	"  pct_complex REAL,\n"
	"  adherent INTEGER NOT NULL,\n"
	"  nonadherent INTEGER NOT NULL,\n"
	"  global_cultivating REAL NOT NULL,\n"
	"  global_softening REAL NOT NULL,\n"
	"  global_partnership REAL NOT NULL,\n"
	"  global_empathy REAL NOT NULL,\n"
	"  technical REAL NOT NULL,\n"
	"  relational REAL NOT NULL\n"
	");\n"
	"CREATE TABLE turns (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,\n"
	"  idx INTEGER NOT NULL CHECK (idx >= 1),\n"
	"  node TEXT NOT NULL,\n"
	"  client_line TEXT NOT NULL,\n"
	"  reply TEXT NOT NULL,\n"
	"  primary_code TEXT NOT NULL,\n"
	"  nonadherent INTEGER NOT NULL,\n"
	"  empathy INTEGER NOT NULL,\n"
	"  reflection INTEGER NOT NULL,\n"
	"  discrepancy INTEGER NOT NULL,\n"
	"  self_efficacy INTEGER NOT NULL,\n"
	"  tip TEXT NOT NULL,\n"
	"  next_node TEXT,\n"
	"  client_next TEXT,\n"
	"  at TEXT NOT NULL,\n"
	"  UNIQUE (session, idx)\n"
	");\n"
	"CREATE TABLE turn_codes (\n"
	"  turn INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,\n"
	"  code TEXT NOT NULL,\n"
	"  PRIMARY KEY (turn, code)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE turn_cues (\n"
	"  turn INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,\n"
	"  n INTEGER NOT NULL,\n"
	"  code TEXT NOT NULL,\n"
	"  start INTEGER NOT NULL,\n"
	"  len INTEGER NOT NULL,\n"
	"  PRIMARY KEY (turn, n)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE turn_meters (\n"
	"  turn INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,\n"
	"  n INTEGER NOT NULL,\n"
	"  meter TEXT NOT NULL,\n"
	"  value INTEGER NOT NULL,\n"
	"  PRIMARY KEY (turn, n)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE notes (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  uid TEXT NOT NULL UNIQUE,\n"
	"  session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,\n"
	"  author TEXT NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  created TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX notes_by_session ON notes(session);\n"
	"CREATE TABLE rescores (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,\n"
	"  at TEXT NOT NULL,\n"
	"  from_version TEXT NOT NULL,\n"
	"  to_version TEXT NOT NULL,\n"
	"  turns_changed INTEGER NOT NULL\n"
	");\n"
	"CREATE INDEX rescores_by_session ON rescores(session);\n",
	/* 2: an assignment's roster; notes on one turn; hints used in a session. */
	"CREATE TABLE assignment_trainees (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  assignment INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,\n"
	"  name TEXT NOT NULL,\n"
	"  added TEXT NOT NULL,\n"
	"  removed TEXT,\n"
	"  UNIQUE (assignment, name)\n"
	");\n"
	"ALTER TABLE notes ADD COLUMN turn INTEGER CHECK (turn IS NULL OR turn >= 1);\n"
	"ALTER TABLE sessions ADD COLUMN hints INTEGER CHECK (hints IS NULL OR hints >= 0);\n",
	/* 3: the client's lines with the talk labels and thoughts their author
	 * gave them (scenario format 2), and the thought shown after a reply.
	 * New tables rather than new columns of turns: rows written before an
	 * ALTER TABLE ADD COLUMN are shorter than the table, and doctor
	 * --recover's page reader takes a row only of its table's width. */
	"CREATE TABLE turn_lines (\n"
	"  turn INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,\n"
	"  n INTEGER NOT NULL,\n"
	"  opening INTEGER NOT NULL CHECK (opening IN (0, 1)),\n"
	"  text TEXT NOT NULL,\n"
	"  talk TEXT,\n"
	"  kind TEXT,\n"
	"  thought TEXT,\n"
	"  PRIMARY KEY (turn, n)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE turn_thoughts (\n"
	"  turn INTEGER PRIMARY KEY REFERENCES turns(id) ON DELETE CASCADE,\n"
	"  thought TEXT NOT NULL\n"
	");\n",
};

int store_schema_latest(void)
{
	return (int)ARRAY_SIZE(migrations);
}

int store_schema_version(struct store *st)
{
	long long v = -1;

	if (store_query_int(st, "PRAGMA user_version", &v, NULL, "reading the schema version"))
		return -1;
	return (int)v;
}

int store_migrate(struct store *st, struct error *err)
{
	long long v, ntables;
	int latest = store_schema_latest();

	if (store_query_int(st, "PRAGMA user_version", &v, err, "reading the schema version"))
		return -1;
	if (v > latest)
		return error_set(err, EXIT_DATAERR,
				 "%s: this database was written by a newer micoach (schema version %lld; "
				 "this micoach knows up to %d); upgrade micoach, or use another --db",
				 st->path, v, latest);
	if (v == latest)
		return 0;
	if (v < 0)
		return error_set(err, EXIT_DATAERR, "%s: bad schema version %lld; not a micoach database?",
				 st->path, v);
	if (store_exec(st, "BEGIN IMMEDIATE", err, "upgrading the database"))
		return -1;
	/* Another process may have migrated while we waited for the lock. */
	if (store_query_int(st, "PRAGMA user_version", &v, err, "reading the schema version"))
		goto fail;
	if (v == 0) {
		if (store_query_int(st, "SELECT count(*) FROM sqlite_master", &ntables, err, "reading the schema"))
			goto fail;
		if (ntables) {
			error_set(err, EXIT_DATAERR,
				  "%s: this SQLite database is not a micoach database (it has tables but no "
				  "micoach schema version); use another --db",
				  st->path);
			goto fail;
		}
	}
	for (; v < latest; v++) {
		char pragma[64];

		if (store_exec(st, migrations[v], err, "upgrading the database"))
			goto fail;
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %lld", v + 1);
		if (store_exec(st, pragma, err, "upgrading the database"))
			goto fail;
	}
	if (store_exec(st, "COMMIT", err, "upgrading the database"))
		goto fail;
	return 0;
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

