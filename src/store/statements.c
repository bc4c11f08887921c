/* store/statements.c: the statements every store file shares, prepared once
 * on first use and reused (values are always bound, never pasted into SQL),
 * and what runs them: failures as exit statuses, transactions. */
#include "store_int.h"

#include <stdio.h>
#include <string.h>

#include "core/util.h"

/* Every statement of fixed text the store runs, prepared on first use and
 * reused; only the review queries with filters (read.c) build theirs. */
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
			     "retry_of, retry_turn, assignment, hints) VALUES "
			     "(coalesce(?1, lower(hex(randomblob(16)))), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
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
	[STMT_NOTE_ADD] = "INSERT INTO notes(uid, session, author, text, created, turn) "
			  "VALUES (lower(hex(randomblob(16))), ?1, ?2, ?3, ?4, ?5)",
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
	[STMT_R_NOTES] = "SELECT id, author, text, created, turn FROM notes WHERE session = ?1 ORDER BY id",
	[STMT_R_RETRIES] = "SELECT id FROM sessions WHERE retry_of = ?1 ORDER BY id",
	[STMT_R_SESSION] = SESSION_COLUMNS "WHERE s.id = ?1",
	[STMT_SESSION_BY_UID] = "SELECT id, outcome IS NOT NULL, import IS NOT NULL FROM sessions WHERE uid = ?1",
	[STMT_TURN_INDEXES] = "SELECT idx FROM turns WHERE session = ?1",
	[STMT_SESSION_SET_ENDED] = "UPDATE sessions SET ended = ?2 WHERE id = ?1",
	[STMT_SESSION_IMPORTED] = "UPDATE sessions SET ended = ?2, outcome = ?3, import = ?4, hints = ?5 WHERE id = ?1",
	[STMT_SESSION_HINTS] = "UPDATE sessions SET hints = ?2 WHERE id = ?1",
	[STMT_LINE_ADD] = "INSERT INTO turn_lines(turn, n, opening, text, talk, kind, thought) "
			  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[STMT_THOUGHT_ADD] = "INSERT INTO turn_thoughts(turn, thought) VALUES (?1, ?2)",
	/* A session's client lines and thoughts, two queries whatever its length. */
	[STMT_R_LINES] = "SELECT l.turn, l.opening, l.text, l.talk, l.kind, l.thought FROM turns t "
			 "JOIN turn_lines l ON l.turn = t.id WHERE t.session = ?1 ORDER BY t.idx, l.n",
	[STMT_R_THOUGHTS] = "SELECT h.turn, h.thought FROM turns t JOIN turn_thoughts h ON h.turn = t.id "
			    "WHERE t.session = ?1 ORDER BY t.idx",
};

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
int store_query_int(struct store *st, const char *sql, long long *out, struct error *err,
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

