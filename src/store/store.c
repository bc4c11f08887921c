/* store.c: the session log in SQLite: opening, migrations, and writing
 * sessions and turns. The only file (with store_read.c) that includes
 * sqlite3.h. The schema and its migrations are described in
 * docs/ARCHITECTURE.md, "The database". */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"
#include "io/clock.h"
#include "core/isotime.h"

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
};

int store_schema_latest(void)
{
	return (int)ARRAY_SIZE(migrations);
}

/* The prepared statements the writers reuse, prepared on first use. */
static const char *const stmt_sql[STMT_COUNT] = {
	[STMT_USER_ADD] = "INSERT INTO users(name, created) VALUES (?1, ?2) ON CONFLICT(name) DO NOTHING",
	[STMT_USER_GET] = "SELECT id FROM users WHERE name = ?1",
	[STMT_PACK_ADD] = "INSERT INTO packs(pack_id, version, title) VALUES (?1, ?2, ?3) "
			  "ON CONFLICT(pack_id, version) DO NOTHING",
	[STMT_PACK_GET] = "SELECT id FROM packs WHERE pack_id = ?1 AND version = ?2",
	[STMT_SCENARIO_ADD] = "INSERT INTO scenarios(pack, scenario_id, title) VALUES (?1, ?2, ?3) "
			      "ON CONFLICT(pack, scenario_id) DO NOTHING",
	[STMT_SCENARIO_GET] = "SELECT id FROM scenarios WHERE pack = ?1 AND scenario_id = ?2",
	[STMT_SESSION_ADD] = "INSERT INTO sessions(uid, user, scenario, coder_version, seed, mode, started, "
			     "retry_of, retry_turn, assignment) VALUES "
			     "(coalesce(?1, lower(hex(randomblob(16)))), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[STMT_TURN_ADD] = "INSERT INTO turns(session, idx, node, client_line, reply, primary_code, nonadherent, "
			  "empathy, reflection, discrepancy, self_efficacy, tip, next_node, client_next, at) "
			  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
	[STMT_CODE_ADD] = "INSERT INTO turn_codes(turn, code) VALUES (?1, ?2)",
	[STMT_CUE_ADD] = "INSERT INTO turn_cues(turn, n, code, start, len) VALUES (?1, ?2, ?3, ?4, ?5)",
	[STMT_METER_ADD] = "INSERT INTO turn_meters(turn, n, meter, value) VALUES (?1, ?2, ?3, ?4)",
	[STMT_SESSION_END] = "UPDATE sessions SET ended = ?2, outcome = ?3 WHERE id = ?1",
	[STMT_SCORES_PUT] = "INSERT OR REPLACE INTO session_scores(session, replies, empathy, reflection, "
			    "discrepancy, self_efficacy, overall, rq_ratio, pct_complex, adherent, nonadherent, "
			    "global_cultivating, global_softening, global_partnership, global_empathy, technical, "
			    "relational) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
			    "?16, ?17)",
	[STMT_TURN_ID] = "SELECT id FROM turns WHERE session = ?1 AND idx = ?2",
	[STMT_TURN_RECODE] = "UPDATE turns SET primary_code = ?2, nonadherent = ?3, empathy = ?4, "
			     "reflection = ?5, discrepancy = ?6, self_efficacy = ?7, tip = ?8 WHERE id = ?1",
	[STMT_CODES_DEL] = "DELETE FROM turn_codes WHERE turn = ?1",
	[STMT_CUES_DEL] = "DELETE FROM turn_cues WHERE turn = ?1",
	[STMT_SESSION_CODER] = "SELECT coder_version FROM sessions WHERE id = ?1",
	[STMT_SESSION_SET_CODER] = "UPDATE sessions SET coder_version = ?2 WHERE id = ?1",
	[STMT_RESCORE_ADD] = "INSERT INTO rescores(session, at, from_version, to_version, turns_changed) "
			     "VALUES (?1, ?2, ?3, ?4, ?5)",
	[STMT_NOTE_ADD] = "INSERT INTO notes(uid, session, author, text, created) "
			  "VALUES (lower(hex(randomblob(16))), ?1, ?2, ?3, ?4)",
	[STMT_R_TURNS] = "SELECT id, idx, node, client_line, reply, primary_code, nonadherent, empathy, "
			 "reflection, discrepancy, self_efficacy, tip, next_node, client_next, at "
			 "FROM turns WHERE session = ?1 ORDER BY idx",
	/* A session's codes, cues and meters, three queries whatever its length. */
	[STMT_R_CODES] = "SELECT c.turn, c.code FROM turns t JOIN turn_codes c ON c.turn = t.id "
			 "WHERE t.session = ?1 ORDER BY t.idx",
	[STMT_R_CUES] = "SELECT c.turn, c.code, c.start, c.len FROM turns t JOIN turn_cues c ON c.turn = t.id "
			"WHERE t.session = ?1 ORDER BY t.idx, c.n",
	[STMT_R_METERS] = "SELECT m.turn, m.meter, m.value FROM turns t JOIN turn_meters m ON m.turn = t.id "
			  "WHERE t.session = ?1 ORDER BY t.idx, m.n",
	[STMT_R_NOTES] = "SELECT id, author, text, created FROM notes WHERE session = ?1 ORDER BY id",
	[STMT_R_RETRIES] = "SELECT id FROM sessions WHERE retry_of = ?1 ORDER BY id",
	[STMT_R_SESSION] = SESSION_COLUMNS "WHERE s.id = ?1",
};

int64_t session_id_parse(const char *s)
{
	int64_t v = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v > 0 ? v : -1;
}

/* Turn an SQLite failure into a located, actionable message. */
int store_fail(struct store *st, struct error *err, int rc, const char *what)
{
	const char *path = st ? st->path : "database";
	const char *detail = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return error_set(err, EXIT_TEMPFAIL,
				 "%s: the database is locked by another program (waited %d ms while %s); "
				 "try again when it is free",
				 path, st ? st->busy_ms : 0, what);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return error_set(err, EXIT_DATAERR,
				 "%s: the database is damaged or is not a micoach database (%s, while %s); "
				 "restore it from a copy, or move it aside to start a new one",
				 path, detail, what);
	case SQLITE_READONLY:
		return error_set(err, EXIT_IOERR,
				 "%s: cannot write the database, it is read-only (%s, while %s); "
				 "check the permissions of the file and its directory",
				 path, detail, what);
	case SQLITE_FULL:
		return error_set(err, EXIT_IOERR, "%s: the disk is full (while %s); free some space and try again",
				 path, what);
	case SQLITE_CANTOPEN:
	case SQLITE_IOERR:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return error_set(err, EXIT_IOERR, "%s: cannot use the database (%s, while %s)", path, detail, what);
	case SQLITE_CONSTRAINT:
		return error_set(err, EXIT_DATAERR, "%s: refused by the database (%s, while %s)", path, detail, what);
	default:
		return error_set(err, EXIT_IOERR, "%s: database error (%s, while %s)", path, detail, what);
	}
}

sqlite3_stmt *store_stmt(struct store *st, enum store_stmt id, struct error *err)
{
	if (!st->stmts[id]) {
		int rc = sqlite3_prepare_v3(st->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
					    &st->stmts[id], NULL);
		if (rc != SQLITE_OK) {
			store_fail(st, err, rc, "preparing a statement");
			st->stmts[id] = NULL;
			return NULL;
		}
	}
	return st->stmts[id];
}

void store_done(sqlite3_stmt *s)
{
	if (s) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
	}
}

int store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(s, i);
}

/* Run a statement that returns no rows (or whose rows are ignored). */
int store_step_done(struct store *st, sqlite3_stmt *s, struct error *err, const char *what)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE) {
		store_fail(st, err, rc, what);
		store_done(s);
		return -1;
	}
	store_done(s);
	return 0;
}

int store_exec(struct store *st, const char *sql, struct error *err, const char *what)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : store_fail(st, err, rc, what);
}

/* An integer from a one-row query; -1 with err when it fails. */
static int query_int(struct store *st, const char *sql, long long *out, struct error *err,
		     const char *what)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int64(s, 0);
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE) {
			*out = 0;
			rc = SQLITE_OK;
		}
	}
	if (rc != SQLITE_OK)
		store_fail(st, err, rc, what);
	sqlite3_finalize(s);
	return rc == SQLITE_OK ? 0 : -1;
}

/* --- Transactions -------------------------------------------------------- */

int store_tx_begin(struct store *st, struct error *err)
{
	if (st->in_tx)
		return error_set(err, EXIT_SOFTWARE, "%s: a transaction is already open", st->path);
	if (store_exec(st, "BEGIN IMMEDIATE", err, "starting a transaction"))
		return -1;
	st->in_tx = true;
	return 0;
}

int store_tx_commit(struct store *st, struct error *err)
{
	if (!st->in_tx)
		return 0;
	if (store_exec(st, "COMMIT", err, "saving")) {
		store_tx_rollback(st);
		return -1;
	}
	st->in_tx = false;
	return 0;
}

void store_tx_rollback(struct store *st)
{
	if (sqlite3_get_autocommit(st->db) == 0)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = false;
}

/* A writer's own transaction, unless the caller holds one. */
int store_w_begin(struct store *st, bool *own, struct error *err)
{
	*own = !st->in_tx;
	return *own ? store_exec(st, "BEGIN IMMEDIATE", err, "starting a transaction") : 0;
}

int store_w_end(struct store *st, bool own, int rc, struct error *err)
{
	if (!own)
		return rc;
	if (rc == 0 && store_exec(st, "COMMIT", err, "saving") == 0)
		return 0;
	if (sqlite3_get_autocommit(st->db) == 0)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* --- Opening ------------------------------------------------------------- */

void store_set_busy_timeout(struct store *st, int ms)
{
	st->busy_ms = ms < 0 ? 0 : ms;
	sqlite3_busy_timeout(st->db, st->busy_ms);
}

int store_stats(struct store *st, struct store_stats *out, struct error *err)
{
	static const char *const sql[] = {
		"SELECT count(*) FROM users", "SELECT count(*) FROM sessions",
		"SELECT count(*) FROM sessions WHERE ended IS NULL", "SELECT count(*) FROM turns",
		"SELECT count(*) FROM sessions WHERE import IS NOT NULL",
	};
	long long *field[] = { &out->users, &out->sessions, &out->unfinished, &out->turns, &out->imported };

	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < ARRAY_SIZE(sql); i++)
		if (query_int(st, sql[i], field[i], err, "counting"))
			return -1;
	out->schema_version = store_schema_version(st);
	return 0;
}

const char *store_path(const struct store *st)
{
	return st->path;
}

int store_limit_pages(struct store *st, long pages, struct error *err)
{
	char sql[64];

	/* An integer we format ourselves: PRAGMA arguments cannot be bound. */
	snprintf(sql, sizeof sql, "PRAGMA max_page_count = %ld", pages);
	return store_exec(st, sql, err, "limiting the database size");
}

int store_schema_version(struct store *st)
{
	long long v = -1;

	if (query_int(st, "PRAGMA user_version", &v, NULL, "reading the schema version"))
		return -1;
	return (int)v;
}

static int migrate(struct store *st, struct error *err)
{
	long long v, ntables;
	int latest = store_schema_latest();

	if (query_int(st, "PRAGMA user_version", &v, err, "reading the schema version"))
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
	if (query_int(st, "PRAGMA user_version", &v, err, "reading the schema version"))
		goto fail;
	if (v == 0) {
		if (query_int(st, "SELECT count(*) FROM sqlite_master", &ntables, err, "reading the schema"))
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

static int busy_default(void)
{
	const char *e = getenv("MICOACH_BUSY_TIMEOUT_MS");
	char *end;
	long v;

	if (!e || !*e)
		return 5000;
	errno = 0;
	v = strtol(e, &end, 10);
	return (errno || *end || v < 0 || v > 600000) ? 5000 : (int)v;
}

int store_open(const char *path, struct store **out, struct error *err)
{
	struct store *st;
	struct stat sb;
	int rc;
	long long one;

	*out = NULL;
	if (!path || !*path)
		return error_set(err, EXIT_USAGE, "no database path given");
	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return error_set(err, EXIT_IOERR, "%s: is a directory, not a database; name a file with --db", path);
		if (!S_ISREG(sb.st_mode))
			return error_set(err, EXIT_IOERR, "%s: is not a regular file; name a database file with --db", path);
	} else if (errno == ENOENT) {
		/* Create it ourselves so it is private from the start; SQLite gives
		 * its -wal and -shm files the same mode. */
		int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			return error_set(err, EXIT_IOERR, "%s: cannot create the database: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
	} else {
		return error_set(err, EXIT_IOERR, "%s: cannot open the database: %s", path, strerror(errno));
	}

	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	/* A path is a path: libsqlite3 (built with SQLITE_USE_URI) takes "file:..." as a URI. */
	{
		char *plain = strncmp(path, "file:", 5) ? NULL : xasprintf("./%s", path);
		rc = sqlite3_open_v2(plain ? plain : path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
		free(plain);
	}
	if (rc != SQLITE_OK) {
		store_fail(st, err, rc, "opening");
		store_close(st);
		return -1;
	}
	sqlite3_extended_result_codes(st->db, 1);
	store_set_busy_timeout(st, busy_default());
	if (sqlite3_db_readonly(st->db, "main") == 1 || access(path, W_OK) != 0) {
		error_set(err, EXIT_IOERR, "%s: cannot write the database, it is read-only; "
			  "check the permissions of the file and its directory", path);
		store_close(st);
		return -1;
	}
	/* Touch the file header first so a damaged file is named as such. */
	if (query_int(st, "PRAGMA schema_version", &one, err, "opening") ||
	    store_exec(st, "PRAGMA foreign_keys = ON", err, "opening")) {
		store_close(st);
		return -1;
	}
	{
		long long v;
		if (query_int(st, "PRAGMA user_version", &v, err, "reading the schema version")) {
			store_close(st);
			return -1;
		}
		if (v > store_schema_latest()) {
			migrate(st, err); /* fills the "newer micoach" message */
			store_close(st);
			return -1;
		}
	}
	/* WAL: readers never block the writer; a committed turn survives a crash. */
	{
		sqlite3_stmt *s = NULL;
		rc = sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &s, NULL);
		if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
			const unsigned char *mode = sqlite3_column_text(s, 0);
			rc = mode && !strcmp((const char *)mode, "wal") ? SQLITE_OK : SQLITE_READONLY;
		}
		sqlite3_finalize(s);
		if (rc != SQLITE_OK) {
			store_fail(st, err, rc, "switching to write-ahead logging");
			store_close(st);
			return -1;
		}
	}
	if (store_exec(st, "PRAGMA synchronous = FULL", err, "opening") || migrate(st, err)) {
		store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	if (st->db && st->in_tx)
		store_tx_rollback(st);
	for (size_t i = 0; i < STMT_COUNT; i++)
		sqlite3_finalize(st->stmts[i]);
	if (st->db)
		sqlite3_close(st->db);
	free(st->path);
	free(st);
}

int store_check(struct store *st, struct error *err)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL);
	int ret = 0;

	if (rc != SQLITE_OK)
		return store_fail(st, err, rc, "checking");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(s, 0);
		if (!r || strcmp(r, "ok")) {
			/* The first problem, on one line (skip SQLite's "*** in database" header). */
			const char *nl;
			if (r && !strncmp(r, "***", 3) && (nl = strchr(r, '\n')))
				r = nl + 1;
			nl = r ? strchr(r, '\n') : NULL;
			ret = error_set(err, EXIT_DATAERR, "%s: the database is damaged (integrity check: %.*s)",
					st->path, r ? (nl ? (int)(nl - r) : (int)strlen(r)) : 1, r ? r : "?");
		}
	} else {
		ret = store_fail(st, err, rc, "checking");
	}
	sqlite3_finalize(s);
	if (ret == 0) {
		long long broken = 0;
		if (query_int(st, "SELECT count(*) FROM pragma_foreign_key_check", &broken, err, "checking"))
			ret = -1;
		else if (broken)
			ret = error_set(err, EXIT_DATAERR, "%s: %lld rows point at rows that do not exist "
					"(PRAGMA foreign_key_check)", st->path, broken);
	}
	return ret;
}

/* --- Writing sessions ---------------------------------------------------- */

/* The id of the row named by (a, b) in a get-or-insert pair of statements. */
static int get_or_add(struct store *st, enum store_stmt add, enum store_stmt get, int64_t a_int,
		      const char *a, const char *b, const char *c, int64_t *id, struct error *err)
{
	sqlite3_stmt *s = store_stmt(st, add, err);
	int rc;

	if (!s)
		return -1;
	if (a)
		store_bind_text(s, 1, a);
	else
		sqlite3_bind_int64(s, 1, a_int);
	store_bind_text(s, 2, b);
	store_bind_text(s, 3, c);
	if (store_step_done(st, s, err, "saving the session"))
		return -1;
	if (!(s = store_stmt(st, get, err)))
		return -1;
	if (a)
		store_bind_text(s, 1, a);
	else
		sqlite3_bind_int64(s, 1, a_int);
	store_bind_text(s, 2, b);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		store_fail(st, err, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, "saving the session");
		store_done(s);
		return -1;
	}
	*id = sqlite3_column_int64(s, 0);
	store_done(s);
	return 0;
}

int store_begin_session(struct store *st, const struct session_start *ss, int64_t *id,
			struct error *err)
{
	char now[32];
	int64_t user, pack, scen;
	bool own;
	int rc = -1;
	sqlite3_stmt *s;
	const char *mode = ss->mode ? ss->mode : "coach";

	if (!ss->user || !*ss->user || !ss->scenario_id || !*ss->scenario_id)
		return error_set(err, EXIT_SOFTWARE, "a session needs a user and a scenario");
	if (strcmp(mode, "coach") && strcmp(mode, "exam"))
		return error_set(err, EXIT_SOFTWARE, "unknown session mode '%s'", mode);
	if (ss->started && !iso_time_valid(ss->started))
		return error_set(err, EXIT_DATAERR, "bad start time '%s' (want 2026-11-25T19:30:00Z)", ss->started);
	iso_now(now, sizeof now);
	if (store_w_begin(st, &own, err))
		return -1;
	if (get_or_add(st, STMT_USER_ADD, STMT_USER_GET, 0, ss->user, now, NULL, &user, err) ||
	    get_or_add(st, STMT_PACK_ADD, STMT_PACK_GET, 0, ss->pack_id ? ss->pack_id : "",
		       ss->pack_version ? ss->pack_version : "", ss->pack_title, &pack, err) ||
	    get_or_add(st, STMT_SCENARIO_ADD, STMT_SCENARIO_GET, pack, NULL, ss->scenario_id,
		       ss->scenario_title, &scen, err))
		goto out;
	if (!(s = store_stmt(st, STMT_SESSION_ADD, err)))
		goto out;
	store_bind_text(s, 1, ss->uid);
	sqlite3_bind_int64(s, 2, user);
	sqlite3_bind_int64(s, 3, scen);
	store_bind_text(s, 4, ss->coder_version ? ss->coder_version : "unknown");
	sqlite3_bind_int64(s, 5, (sqlite3_int64)ss->seed);
	store_bind_text(s, 6, mode);
	store_bind_text(s, 7, ss->started ? ss->started : now);
	if (ss->retry_of > 0) {
		sqlite3_bind_int64(s, 8, ss->retry_of);
		sqlite3_bind_int(s, 9, ss->retry_turn);
	}
	if (ss->assignment_id > 0)
		sqlite3_bind_int64(s, 10, ss->assignment_id);
	rc = sqlite3_step(s);
	store_done(s);
	if (rc != SQLITE_DONE) {
		if ((rc & 0xff) == SQLITE_CONSTRAINT && ss->retry_of > 0)
			error_set(err, EXIT_NOINPUT, "%s: no session %lld to retry", st->path, (long long)ss->retry_of);
		else if ((rc & 0xff) == SQLITE_CONSTRAINT && ss->assignment_id > 0)
			error_set(err, EXIT_NOINPUT, "%s: no assignment %lld", st->path, (long long)ss->assignment_id);
		else
			store_fail(st, err, rc, "saving the session");
		rc = -1;
		goto out;
	}
	*id = sqlite3_last_insert_rowid(st->db);
	rc = 0;
out:
	return store_w_end(st, own, rc, err);
}

static int add_codes_and_cues(struct store *st, int64_t turn, const struct coded_reply *cr,
			      struct error *err)
{
	sqlite3_stmt *s;

	for (int c = 0; c < CODE_COUNT; c++) {
		if (!(cr->codes & CODE_BIT(c)))
			continue;
		if (!(s = store_stmt(st, STMT_CODE_ADD, err)))
			return -1;
		sqlite3_bind_int64(s, 1, turn);
		store_bind_text(s, 2, code_name((enum mi_code)c));
		if (store_step_done(st, s, err, "saving the turn's codes"))
			return -1;
	}
	for (size_t i = 0; i < cr->ncues && i < CODER_MAX_CUES; i++) {
		if (!(s = store_stmt(st, STMT_CUE_ADD, err)))
			return -1;
		sqlite3_bind_int64(s, 1, turn);
		sqlite3_bind_int(s, 2, (int)i);
		store_bind_text(s, 3, code_name(cr->cues[i].code));
		sqlite3_bind_int64(s, 4, (sqlite3_int64)cr->cues[i].start);
		sqlite3_bind_int64(s, 5, (sqlite3_int64)cr->cues[i].len);
		if (store_step_done(st, s, err, "saving the turn's cues"))
			return -1;
	}
	return 0;
}

/* The tip as a string: at most CODER_TIP_MAX bytes, NUL or not. */
static void bind_tip(sqlite3_stmt *s, int i, const struct coded_reply *cr)
{
	sqlite3_bind_text(s, i, cr->tip, (int)strnlen(cr->tip, sizeof cr->tip), SQLITE_TRANSIENT);
}

int store_add_turn(struct store *st, int64_t session, const struct turn_record *t,
		   struct error *err)
{
	char now[32];
	bool own;
	int rc = -1, step;
	sqlite3_stmt *s;
	int64_t turn;
	const struct coded_reply *cr = t->coded;

	if (!cr || t->index < 1)
		return error_set(err, EXIT_SOFTWARE, "a turn needs an index and a coded reply");
	iso_now(now, sizeof now);
	if (store_w_begin(st, &own, err))
		return -1;
	if (!(s = store_stmt(st, STMT_TURN_ADD, err)))
		goto out;
	sqlite3_bind_int64(s, 1, session);
	sqlite3_bind_int(s, 2, t->index);
	store_bind_text(s, 3, t->node_id ? t->node_id : "");
	store_bind_text(s, 4, t->client_line ? t->client_line : "");
	store_bind_text(s, 5, t->reply ? t->reply : "");
	store_bind_text(s, 6, code_name(cr->primary));
	sqlite3_bind_int(s, 7, cr->nonadherent);
	for (int k = 0; k < SKILL_COUNT; k++)
		sqlite3_bind_int(s, 8 + k, cr->skills[k]);
	bind_tip(s, 12, cr);
	store_bind_text(s, 13, t->next_node);
	store_bind_text(s, 14, t->client_next);
	store_bind_text(s, 15, t->at ? t->at : now);
	step = sqlite3_step(s);
	store_done(s);
	if (step != SQLITE_DONE) {
		if (step == SQLITE_CONSTRAINT_FOREIGNKEY)
			error_set(err, EXIT_NOINPUT, "%s: no session %lld to add a turn to", st->path, (long long)session);
		else if (step == SQLITE_CONSTRAINT_UNIQUE)
			error_set(err, EXIT_DATAERR, "%s: turn %d of session %lld is already saved", st->path,
				  t->index, (long long)session);
		else
			store_fail(st, err, step, "saving the turn");
		goto out;
	}
	turn = sqlite3_last_insert_rowid(st->db);
	if (add_codes_and_cues(st, turn, cr, err))
		goto out;
	for (size_t i = 0; i < t->nmeters; i++) {
		if (!(s = store_stmt(st, STMT_METER_ADD, err)))
			goto out;
		sqlite3_bind_int64(s, 1, turn);
		sqlite3_bind_int(s, 2, (int)i);
		store_bind_text(s, 3, t->meter_ids && t->meter_ids[i] ? t->meter_ids[i] : "");
		sqlite3_bind_int(s, 4, t->meters ? t->meters[i] : 0);
		if (store_step_done(st, s, err, "saving the turn's meters"))
			goto out;
	}
	rc = 0;
out:
	return store_w_end(st, own, rc, err);
}

static void bind_real_or_null(sqlite3_stmt *s, int i, double v)
{
	if (v < 0 || isnan(v))
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_double(s, i, v);
}

void session_scores_from_summary(struct session_scores *sc, const struct summary *sum)
{
	int total = 0;

	memset(sc, 0, sizeof *sc);
	sc->replies = (int)sum->replies;
	for (int k = 0; k < SKILL_COUNT; k++) {
		sc->skill[k] = sum->skill_score[k];
		total += sum->skill_score[k];
	}
	sc->overall = (total + SKILL_COUNT / 2) / SKILL_COUNT;
	sc->rq_ratio = sum->rq_ratio;
	sc->pct_complex = sum->pct_complex;
	sc->adherent = (int)sum->adherent;
	sc->nonadherent = (int)sum->nonadherent;
	sc->global_cultivating = sum->global_cultivating;
	sc->global_softening = sum->global_softening;
	sc->global_partnership = sum->global_partnership;
	sc->global_empathy = sum->global_empathy;
	sc->technical = sum->technical;
	sc->relational = sum->relational;
}

static int put_scores(struct store *st, int64_t session, const struct summary *sum, struct error *err)
{
	struct session_scores sc;
	sqlite3_stmt *s = store_stmt(st, STMT_SCORES_PUT, err);

	if (!s)
		return -1;
	session_scores_from_summary(&sc, sum);
	sqlite3_bind_int64(s, 1, session);
	sqlite3_bind_int(s, 2, sc.replies);
	for (int k = 0; k < SKILL_COUNT; k++)
		sqlite3_bind_int(s, 3 + k, sc.skill[k]);
	sqlite3_bind_int(s, 7, sc.overall);
	bind_real_or_null(s, 8, sc.rq_ratio);
	bind_real_or_null(s, 9, sc.pct_complex);
	sqlite3_bind_int(s, 10, sc.adherent);
	sqlite3_bind_int(s, 11, sc.nonadherent);
	sqlite3_bind_double(s, 12, sc.global_cultivating);
	sqlite3_bind_double(s, 13, sc.global_softening);
	sqlite3_bind_double(s, 14, sc.global_partnership);
	sqlite3_bind_double(s, 15, sc.global_empathy);
	sqlite3_bind_double(s, 16, sc.technical);
	sqlite3_bind_double(s, 17, sc.relational);
	return store_step_done(st, s, err, "saving the summary");
}

int store_end_session(struct store *st, int64_t session, const char *outcome,
		      const struct summary *sum, struct error *err)
{
	static const char *const outcomes[] = { "success", "failure", "limit", "quit", "interrupted" };
	char now[32];
	bool own, known = false;
	int rc = -1;
	sqlite3_stmt *s;

	for (size_t i = 0; outcome && i < ARRAY_SIZE(outcomes); i++)
		known |= !strcmp(outcome, outcomes[i]);
	if (!known)
		return error_set(err, EXIT_SOFTWARE, "unknown session outcome '%s'", outcome ? outcome : "(null)");
	iso_now(now, sizeof now);
	if (store_w_begin(st, &own, err))
		return -1;
	if (!(s = store_stmt(st, STMT_SESSION_END, err)))
		goto out;
	sqlite3_bind_int64(s, 1, session);
	store_bind_text(s, 2, now);
	store_bind_text(s, 3, outcome);
	if (store_step_done(st, s, err, "ending the session"))
		goto out;
	if (sqlite3_changes(st->db) != 1) {
		error_set(err, EXIT_NOINPUT, "%s: no session %lld to end", st->path, (long long)session);
		goto out;
	}
	if (sum && put_scores(st, session, sum, err))
		goto out;
	rc = 0;
out:
	return store_w_end(st, own, rc, err);
}

/* --- Rewriting ----------------------------------------------------------- */

int store_update_turn_codes(struct store *st, int64_t session, int index,
			    const struct coded_reply *cr, struct error *err)
{
	bool own;
	int rc = -1, step;
	int64_t turn;
	sqlite3_stmt *s;

	if (store_w_begin(st, &own, err))
		return -1;
	if (!(s = store_stmt(st, STMT_TURN_ID, err)))
		goto out;
	sqlite3_bind_int64(s, 1, session);
	sqlite3_bind_int(s, 2, index);
	step = sqlite3_step(s);
	turn = step == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	store_done(s);
	if (step == SQLITE_DONE) {
		error_set(err, EXIT_NOINPUT, "%s: session %lld has no turn %d", st->path, (long long)session, index);
		goto out;
	} else if (step != SQLITE_ROW) {
		store_fail(st, err, step, "rescoring");
		goto out;
	}
	if (!(s = store_stmt(st, STMT_TURN_RECODE, err)))
		goto out;
	sqlite3_bind_int64(s, 1, turn);
	store_bind_text(s, 2, code_name(cr->primary));
	sqlite3_bind_int(s, 3, cr->nonadherent);
	for (int k = 0; k < SKILL_COUNT; k++)
		sqlite3_bind_int(s, 4 + k, cr->skills[k]);
	bind_tip(s, 8, cr);
	if (store_step_done(st, s, err, "rescoring"))
		goto out;
	if (!(s = store_stmt(st, STMT_CODES_DEL, err)))
		goto out;
	sqlite3_bind_int64(s, 1, turn);
	if (store_step_done(st, s, err, "rescoring"))
		goto out;
	if (!(s = store_stmt(st, STMT_CUES_DEL, err)))
		goto out;
	sqlite3_bind_int64(s, 1, turn);
	if (store_step_done(st, s, err, "rescoring"))
		goto out;
	rc = add_codes_and_cues(st, turn, cr, err);
out:
	return store_w_end(st, own, rc, err);
}

int store_update_session_scores(struct store *st, int64_t session, const char *coder_version,
				const struct summary *sum, int turns_changed, struct error *err)
{
	bool own;
	int rc = -1, step;
	char now[32], *old = NULL;
	sqlite3_stmt *s;

	iso_now(now, sizeof now);
	if (store_w_begin(st, &own, err))
		return -1;
	if (!(s = store_stmt(st, STMT_SESSION_CODER, err)))
		goto out;
	sqlite3_bind_int64(s, 1, session);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		old = xstrdup((const char *)sqlite3_column_text(s, 0));
	store_done(s);
	if (step == SQLITE_DONE) {
		error_set(err, EXIT_NOINPUT, "%s: no session %lld", st->path, (long long)session);
		goto out;
	} else if (step != SQLITE_ROW) {
		store_fail(st, err, step, "rescoring");
		goto out;
	}
	if (sum && put_scores(st, session, sum, err))
		goto out;
	if (coder_version && strcmp(old, coder_version)) {
		if (!(s = store_stmt(st, STMT_SESSION_SET_CODER, err)))
			goto out;
		sqlite3_bind_int64(s, 1, session);
		store_bind_text(s, 2, coder_version);
		if (store_step_done(st, s, err, "rescoring"))
			goto out;
	}
	if (coder_version && (strcmp(old, coder_version) || turns_changed)) {
		if (!(s = store_stmt(st, STMT_RESCORE_ADD, err)))
			goto out;
		sqlite3_bind_int64(s, 1, session);
		store_bind_text(s, 2, now);
		store_bind_text(s, 3, old);
		store_bind_text(s, 4, coder_version);
		sqlite3_bind_int(s, 5, turns_changed);
		if (store_step_done(st, s, err, "rescoring"))
			goto out;
	}
	rc = 0;
out:
	free(old);
	return store_w_end(st, own, rc, err);
}

int store_add_note(struct store *st, int64_t session, const char *author, const char *text,
		   int64_t *id, struct error *err)
{
	char now[32];
	bool own;
	int rc = -1, step;
	sqlite3_stmt *s;

	iso_now(now, sizeof now);
	if (store_w_begin(st, &own, err))
		return -1;
	if (!(s = store_stmt(st, STMT_NOTE_ADD, err)))
		goto out;
	sqlite3_bind_int64(s, 1, session);
	store_bind_text(s, 2, author ? author : "");
	store_bind_text(s, 3, text ? text : "");
	store_bind_text(s, 4, now);
	step = sqlite3_step(s);
	store_done(s);
	if (step != SQLITE_DONE) {
		if (step == SQLITE_CONSTRAINT_FOREIGNKEY)
			error_set(err, EXIT_NOINPUT, "%s: no session %lld", st->path, (long long)session);
		else
			store_fail(st, err, step, "saving the note");
		goto out;
	}
	if (id)
		*id = sqlite3_last_insert_rowid(st->db);
	rc = 0;
out:
	return store_w_end(st, own, rc, err);
}
