/* store.h: the session log, an SQLite database on disk (src/store/ is the
 * only place that includes sqlite3.h). It saves and loads the session record
 * of core/session.h: every turn is written in its own transaction as soon as
 * the reply is coded. Schema changes are numbered migrations guarded by
 * PRAGMA user_version (docs/ARCHITECTURE.md, "The database", describes the
 * schema and lists them).
 * Functions return 0 or -1 with err (EXIT_IOERR, EXIT_TEMPFAIL when busy,
 * EXIT_DATAERR for a corrupt or newer database, EXIT_NOINPUT for a session
 * that does not exist). Structs returned to the caller own their strings and
 * are freed by the matching _release / _free function named beside them. */
#ifndef MICOACH_STORE_H
#define MICOACH_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include "core/error.h"
#include "core/session.h"
#include "core/summary.h"

struct store;

/* Open (creating when missing, mode 0600) and migrate. store_close frees. */
int store_open(const char *path, struct store **out, struct error *err);
void store_close(struct store *st);

/* Record a new session from its header (adding its user, pack version and
 * scenario rows as needed); *id is its number. Of the header it takes user,
 * scenario_id and _title, pack_id, _title and _version, coder_version, seed,
 * mode (NULL: "coach"), started (NULL: now), uid (NULL: a new random one),
 * retry_of with retry_turn and assignment_id (0: none); the rest is written
 * as the session goes. A retry_of or assignment_id that does not exist:
 * EXIT_NOINPUT. */
int store_begin_session(struct store *st, const struct session_info *si, int64_t *id,
			struct error *err);
/* Save one turn (its at NULL: now), committed before it returns (unless
 * store_tx_begin holds a transaction). A turn index saved twice:
 * EXIT_DATAERR. */
int store_add_turn(struct store *st, int64_t session, const struct session_turn *t,
		   struct error *err);
/* Mark the session ended with outcome ("success", "failure", "limit",
 * "quit", "interrupted") and store its summary (sum may be NULL). A session
 * never ended (killed) keeps outcome and ended NULL, and its turns. */
int store_end_session(struct store *st, int64_t session, const char *outcome,
		      const struct summary *sum, struct error *err);

/* --- Tuning and transactions -------------------------------------------- */

/* How long a writer waits for a lock held by another process before giving up
 * with EXIT_TEMPFAIL (default 5000 ms, or $MICOACH_BUSY_TIMEOUT_MS). */
void store_set_busy_timeout(struct store *st, int ms);
/* Group many writes into one transaction (imports, rescore, benchmarks).
 * While one is open, store_add_turn & co. do not commit on their own.
 * store_tx_rollback undoes everything since store_tx_begin. */
int store_tx_begin(struct store *st, struct error *err);
int store_tx_commit(struct store *st, struct error *err);
void store_tx_rollback(struct store *st);
/* Cap the database at this many pages (PRAGMA max_page_count), so tests can
 * see what a full disk does: writers then fail with EXIT_IOERR. */
int store_limit_pages(struct store *st, long pages, struct error *err);
/* The schema version of an open database (PRAGMA user_version). */
int store_schema_version(struct store *st);
/* The newest schema version this build knows. */
int store_schema_latest(void);
/* PRAGMA integrity_check: 0 when "ok", else -1 with the first problem in err
 * (EXIT_DATAERR). */
int store_check(struct store *st, struct error *err);

/* What a database holds, for `micoach doctor`. */
struct store_stats {
	int schema_version;
	long long users, sessions, unfinished, turns, imported;
};
int store_stats(struct store *st, struct store_stats *out, struct error *err);
/* The path the store was opened with (owned by the store). */
const char *store_path(const struct store *st);

/* Copying what can be read from a damaged database: store/salvage.h. */

/* --- Reading ------------------------------------------------------------ */

/* Which sessions to list; zero-initialise, every field is optional. */
struct session_filter {
	const char *user;          /* user name */
	const char *scenario;      /* scenario id (any pack version) */
	const char *pack;          /* pack id */
	const char *since;         /* "YYYY-MM-DD" or full ISO 8601 UTC; sessions started then or later */
	int64_t assignment;        /* 0: any */
	long limit;                /* 0: no limit */
	long offset;
	bool oldest_first;         /* default newest first */
};

/* The sessions matching f, newest first (by start time, then id). */
int store_list_sessions(struct store *st, const struct session_filter *f,
			struct session_list *out, struct error *err);
/* How many sessions match f (limit and offset ignored). */
int store_count_sessions(struct store *st, const struct session_filter *f,
			 long *count, struct error *err);

/* Load session id whole into *out (overwritten; session_release frees it):
 * header, turns, notes and the sessions that retry it. EXIT_NOINPUT when
 * there is none (and *out is empty). */
int store_load_session(struct store *st, int64_t id, struct session *out, struct error *err);

/* A user's sessions that have scores, oldest first, at most max (the newest
 * max; 0: all). *out is the caller's: skill_points_free. */
struct skill_point {
	int64_t session;
	char started[32];
	char scenario_id[128];
	int skill[SKILL_COUNT];
	int overall;
};
int store_skill_trend(struct store *st, const char *user, size_t max,
		      struct skill_point **out, size_t *n, struct error *err);
void skill_points_free(struct skill_point *p);

/* Best overall score per scenario for a user (NULL: everyone), best first. */
struct scenario_best {
	char *scenario_id, *scenario_title, *pack_id;
	int best;                  /* overall 0..100; -1 when none of its sessions was scored */
	int64_t best_session;      /* 0 when none was scored */
	int attempts;              /* sessions of that scenario, scored or not */
	char *last;                /* when last practised */
};
int store_best_scores(struct store *st, const char *user, struct scenario_best **out,
		      size_t *n, struct error *err);
void scenario_best_free(struct scenario_best *b, size_t n);

/* --- Rewriting ----------------------------------------------------------- */

/* Replace a stored turn's codes, skills, cues and tip (rescore). */
int store_update_turn_codes(struct store *st, int64_t session, int index,
			    const struct coded_reply *cr, struct error *err);
/* Replace a session's summary scores and record the coder that made them;
 * logs the change in the rescores table when the coder version differs. */
int store_update_session_scores(struct store *st, int64_t session, const char *coder_version,
				const struct summary *sum, int turns_changed, struct error *err);
/* Attach a trainer's note to a session. */
/* Record how many hints a session has used (coach mode counts /hint). */
int store_set_hints(struct store *st, int64_t session, int hints, struct error *err);
/* Attach a trainer's note to a session, or to one of its turns (turn >= 1;
 * 0: the whole session). The caller checks that the turn exists. */
int store_add_note(struct store *st, int64_t session, int turn, const char *author,
		   const char *text, int64_t *id, struct error *err);
#endif
