/* store_int.h: what the store's files share: the open database, its
 * statements (prepared once, statements.c) and the helpers that run them.
 * Private to src/store/ (the only files that may see sqlite3.h). A store on
 * PostgreSQL has pg set, and every public function hands it on (pg_backend.h). */
#ifndef MICOACH_STORE_INT_H
#define MICOACH_STORE_INT_H

#include <sqlite3.h>
#include <stdbool.h>

#include "store/store.h"
#include "pg_backend.h"

enum store_stmt {
	STMT_USER_ADD, STMT_USER_GET, STMT_PACK_ADD, STMT_PACK_GET,
	STMT_SCENARIO_ADD, STMT_SCENARIO_GET, STMT_SESSION_ADD, STMT_TURN_ADD,
	STMT_CODE_ADD, STMT_CUE_ADD, STMT_METER_ADD, STMT_SESSION_END, STMT_SCORES_PUT,
	STMT_TURN_ID, STMT_TURN_RECODE, STMT_CODES_DEL, STMT_CUES_DEL,
	STMT_SESSION_CODER, STMT_SESSION_SET_CODER, STMT_RESCORE_ADD, STMT_NOTE_ADD,
	STMT_R_TURNS, STMT_R_CODES, STMT_R_CUES, STMT_R_METERS, STMT_R_NOTES, STMT_R_RETRIES, STMT_R_SESSION,
	STMT_SESSION_BY_UID, STMT_TURN_INDEXES, STMT_SESSION_SET_ENDED, STMT_SESSION_IMPORTED, STMT_SESSION_HINTS,
	STMT_LINE_ADD, STMT_THOUGHT_ADD, STMT_R_LINES, STMT_R_THOUGHTS,
	STMT_COUNT
};

struct store {
	struct pg_store *pg;             /* the organisation's PostgreSQL store; then db is NULL */
	sqlite3 *db;
	char *path;
	int busy_ms;
	bool in_tx;                      /* inside store_tx_begin */
	sqlite3_stmt *stmts[STMT_COUNT]; /* prepared on first use */
};

/* The columns of a session's header, read by session_info_read (read.c). */
#define SESSION_COLUMNS \
	STORE_SESSION_SELECT \
	"FROM sessions s JOIN users u ON u.id = s.user " \
	"JOIN scenarios sc ON sc.id = s.scenario JOIN packs p ON p.id = sc.pack " \
	"LEFT JOIN session_scores ss ON ss.session = s.id LEFT JOIN assignments a ON a.id = s.assignment "

/* Fill err from an SQLite result code (busy -> EXIT_TEMPFAIL, damaged ->
 * EXIT_DATAERR, read-only / full / I/O -> EXIT_IOERR); returns -1. */
int store_fail(struct store *st, struct error *err, int rc, const char *what);
/* The cached statement id, prepared on first use; NULL with err on failure.
 * Reset it with store_done after use. */
sqlite3_stmt *store_stmt(struct store *st, enum store_stmt id, struct error *err);
void store_done(sqlite3_stmt *s);
int store_bind_text(sqlite3_stmt *s, int i, const char *v);
int store_step_done(struct store *st, sqlite3_stmt *s, struct error *err, const char *what);
int store_exec(struct store *st, const char *sql, struct error *err, const char *what);
/* An integer from a one-row query (PRAGMAs, counts); -1 with err. */
int store_query_int(struct store *st, const char *sql, long long *out, struct error *err, const char *what);
/* Bring the schema up to date (schema.c); refuses a newer or foreign one. */
int store_migrate(struct store *st, struct error *err);
/* 0 when the open file is micoach's to change (an empty database, or one
 * with micoach's schema version and its tables); else EXIT_DATAERR, the
 * file untouched: asked before anything is written to it, WAL included. */
int store_check_ours(struct store *st, struct error *err);
/* Replace a session's stored scores (write.c). */
int store_put_scores(struct store *st, int64_t session, const struct session_scores *sc, struct error *err);
/* A writer's own transaction unless store_tx_begin holds one; store_w_end
 * commits (rc 0) or rolls back, and returns 0 or -1. */
int store_w_begin(struct store *st, bool *own, struct error *err);
int store_w_end(struct store *st, bool own, int rc, struct error *err);

#endif
