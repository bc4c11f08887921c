/* pg_backend.h: the store's functions (store.h, store_trainer.h,
 * store_recovered.h) on PostgreSQL. Each public store function starts with
 * `if (st->pg) return pgs_NAME(st->pg, ...)`, so callers never know which
 * store they have. Same arguments, same results, same exit statuses as the
 * SQLite store, except as noted here:
 * - the user of a session is its users row by name: a trainee's own role;
 *   only a role that may add users (the administrator) adds one;
 * - an assignment's roster, when the trainer named none, is the trainees of
 *   its cohort;
 * - there is no page limit (store_limit_pages: EXIT_USAGE), and the check
 *   is the schema's (PostgreSQL keeps its own files whole);
 * - with the server away, every call tries to reconnect, for at most the
 *   busy timeout, and otherwise fails with EXIT_TEMPFAIL.
 * Private to src/store/; implemented in pg_write.c, pg_read.c,
 * pg_trainer.c. No libpq type here. */
#ifndef MICOACH_PG_BACKEND_H
#define MICOACH_PG_BACKEND_H

#include "store/store.h"
#include "store/store_recovered.h"
#include "store/store_trainer.h"
#include "store/store_pg.h"

/* What both stores share (open.c, trainer.c, store_int.h): the busy
 * timeout in force unless set (5000 ms, or $MICOACH_BUSY_TIMEOUT_MS); an
 * assignment entry from its columns as text (id, uid, title, pack_id,
 * pack_version, scenarios, due, mode, pass_rules, trainer, added; NULL for
 * SQL NULL); and the columns of a session's header. */
int store_busy_default(void);
int store_assignment_fill(struct assignment_entry *e, int64_t id, const char *const col[11], struct error *err);
#define STORE_SESSION_SELECT \
	"SELECT s.id, s.uid, u.name, sc.scenario_id, sc.title, p.pack_id, p.version, s.coder_version, " \
	"s.seed, s.mode, s.started, s.ended, s.outcome, " \
	"(SELECT count(*) FROM turns t WHERE t.session = s.id), " \
	"s.retry_of, s.retry_turn, s.assignment, ss.session IS NOT NULL, ss.replies, " \
	"ss.empathy, ss.reflection, ss.discrepancy, ss.self_efficacy, ss.overall, ss.rq_ratio, " \
	"ss.pct_complex, ss.adherent, ss.nonadherent, ss.global_cultivating, ss.global_softening, " \
	"ss.global_partnership, ss.global_empathy, ss.technical, ss.relational, p.title, s.hints, a.uid "

/* Connect to uri as a store (the schema must be this build's). A server
 * that cannot be reached is no failure here: the store opens offline and
 * connects when it can. */
int pgs_open(const char *uri, struct pg_store **out, struct error *err);
void pgs_set_busy_timeout(struct pg_store *ps, int ms);
int pgs_busy_timeout(const struct pg_store *ps);
int pgs_schema_version(struct pg_store *ps);
int pgs_check(struct pg_store *ps, struct error *err);
int pgs_stats(struct pg_store *ps, struct store_stats *out, struct error *err);
int pgs_tx_begin(struct pg_store *ps, struct error *err);
int pgs_tx_commit(struct pg_store *ps, struct error *err);
void pgs_tx_rollback(struct pg_store *ps);
void pgs_set_cohort(struct pg_store *ps, const char *cohort);
bool pgs_connected(const struct pg_store *ps);

/* pg_write.c */
int pgs_begin_session(struct pg_store *ps, const struct session_info *si, int64_t *id, struct error *err);
int pgs_add_turn(struct pg_store *ps, int64_t session, const struct session_turn *t, struct error *err);
int pgs_end_session(struct pg_store *ps, int64_t session, const char *outcome, const struct summary *sum,
		    struct error *err);
int pgs_put_scores(struct pg_store *ps, int64_t session, const struct session_scores *sc, struct error *err);
int pgs_update_turn_codes(struct pg_store *ps, int64_t session, int index, const struct coded_reply *cr,
			  struct error *err);
int pgs_update_session_scores(struct pg_store *ps, int64_t session, const char *coder_version,
			      const struct summary *sum, int turns_changed, struct error *err);
int pgs_set_hints(struct pg_store *ps, int64_t session, int hints, struct error *err);
int pgs_add_note(struct pg_store *ps, int64_t session, int turn, const char *author, const char *text, int64_t *id,
		 struct error *err);

/* pg_read.c */
int pgs_list_sessions(struct pg_store *ps, const struct session_filter *f, struct session_list *out,
		      struct error *err);
int pgs_count_sessions(struct pg_store *ps, const struct session_filter *f, long *count, struct error *err);
int pgs_load_session(struct pg_store *ps, int64_t id, struct session *out, struct error *err);
int pgs_load_sessions(struct pg_store *ps, const struct session_filter *f, struct session **out, size_t *n,
		      struct error *err);
int pgs_skill_trend(struct pg_store *ps, const char *user, size_t max, struct skill_point **out, size_t *n,
		    struct error *err);
int pgs_best_scores(struct pg_store *ps, const char *user, struct scenario_best **out, size_t *n,
		    struct error *err);

/* pg_trainer.c */
int pgs_assignment_put(struct pg_store *ps, const struct assignment *a, const char *source, int64_t *id,
		       bool *updated, struct error *err);
int pgs_assignment_get(struct pg_store *ps, const char *uid, struct assignment *a, int64_t *id,
		       struct error *err);
int pgs_assignment_list(struct pg_store *ps, struct assignment_entry **out, size_t *n, struct error *err);
int pgs_assignment_remove(struct pg_store *ps, const char *uid, struct error *err);
int pgs_assignment_attempts(struct pg_store *ps, int64_t assignment, const char *user,
			    struct assignment_attempt **out, size_t *n, struct error *err);
int pgs_roster_get(struct pg_store *ps, int64_t assignment, char ***names, size_t *n, struct error *err);
int pgs_roster_change(struct pg_store *ps, int64_t assignment, const char *const *add, size_t nadd,
		      const char *const *remove, size_t nremove, int *added, int *removed, struct error *err);
int pgs_assignment_files(struct pg_store *ps, int64_t assignment, struct assignment_file_entry **out, size_t *n,
			 struct error *err);
int pgs_import_find(struct pg_store *ps, const char *checksum, int64_t *id, struct error *err);
int pgs_import_add(struct pg_store *ps, const char *checksum, const char *file, const char *trainee,
		   int64_t assignment, int64_t *id, struct error *err);
int pgs_import_set_count(struct pg_store *ps, int64_t import, int sessions, struct error *err);
int pgs_session_find_uid(struct pg_store *ps, const char *uid, int64_t *id, bool *imported, struct error *err);
int pgs_import_session(struct pg_store *ps, const struct session *s, int64_t import, int64_t assignment,
		       int64_t *id, struct error *err);
int pgs_notes_list(struct pg_store *ps, int64_t assignment, const char *user, struct session_note **out,
		   size_t *n, struct error *err);
int pgs_note_import(struct pg_store *ps, const struct session_note *e, bool *added, struct error *err);
int pgs_session_uid(struct pg_store *ps, int64_t id, char **uid, struct error *err);
int pgs_recover_session(struct pg_store *ps, const struct session *s, int64_t *id, int *added, bool *created,
			struct error *err);

#endif
