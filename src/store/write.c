/* store/write.c: writing sessions: a new session, each turn in its own
 * transaction, the end with its summary; rewriting codes and scores
 * (rescore); trainers' notes. Every statement is one of the shared prepared
 * ones (statements.c). */
#include "store_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/isotime.h"
#include "core/util.h"
#include "io/clock.h"

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

int store_begin_session(struct store *st, const struct session_info *si, int64_t *id,
			struct error *err)
{
	char now[32];
	int64_t user, pack, scen;
	bool own;
	int rc = -1;
	sqlite3_stmt *s;
	const char *mode = si->mode ? si->mode : "coach";

	if (!si->user || !*si->user || !si->scenario_id || !*si->scenario_id)
		return error_set(err, EXIT_SOFTWARE, "a session needs a user and a scenario");
	if (!session_mode_valid(mode))
		return error_set(err, EXIT_SOFTWARE, "unknown session mode '%s'", mode);
	if (si->started && !iso_time_valid(si->started))
		return error_set(err, EXIT_DATAERR, "bad start time '%s' (want 2026-11-25T19:30:00Z)", si->started);
	iso_now(now, sizeof now);
	if (store_w_begin(st, &own, err))
		return -1;
	if (get_or_add(st, STMT_USER_ADD, STMT_USER_GET, 0, si->user, now, NULL, &user, err) ||
	    get_or_add(st, STMT_PACK_ADD, STMT_PACK_GET, 0, si->pack_id ? si->pack_id : "",
		       si->pack_version ? si->pack_version : "", si->pack_title, &pack, err) ||
	    get_or_add(st, STMT_SCENARIO_ADD, STMT_SCENARIO_GET, pack, NULL, si->scenario_id,
		       si->scenario_title, &scen, err))
		goto out;
	if (!(s = store_stmt(st, STMT_SESSION_ADD, err)))
		goto out;
	store_bind_text(s, 1, si->uid);
	sqlite3_bind_int64(s, 2, user);
	sqlite3_bind_int64(s, 3, scen);
	store_bind_text(s, 4, si->coder_version ? si->coder_version : "unknown");
	sqlite3_bind_int64(s, 5, (sqlite3_int64)si->seed);
	store_bind_text(s, 6, mode);
	store_bind_text(s, 7, si->started ? si->started : now);
	if (si->retry_of > 0) {
		sqlite3_bind_int64(s, 8, si->retry_of);
		sqlite3_bind_int(s, 9, si->retry_turn);
	}
	if (si->assignment_id > 0)
		sqlite3_bind_int64(s, 10, si->assignment_id);
	if (si->hints_recorded)
		sqlite3_bind_int(s, 11, si->hints);
	rc = sqlite3_step(s);
	store_done(s);
	if (rc != SQLITE_DONE) {
		if ((rc & 0xff) == SQLITE_CONSTRAINT && si->retry_of > 0)
			error_set(err, EXIT_NOINPUT, "%s: no session %lld to retry", st->path, (long long)si->retry_of);
		else if ((rc & 0xff) == SQLITE_CONSTRAINT && si->assignment_id > 0)
			error_set(err, EXIT_NOINPUT, "%s: no assignment %lld", st->path, (long long)si->assignment_id);
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
	if (cr->ncues > CODER_MAX_CUES)
		BUG("%zu cues in a coded reply", cr->ncues);
	for (size_t i = 0; i < cr->ncues; i++) {
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

/* The client's lines with their labels, the opening's first, and the
 * thought shown after the reply. */
static int add_lines(struct store *st, int64_t turn, const struct session_turn *t, struct error *err)
{
	sqlite3_stmt *s;
	size_t n = 0;

	for (int opening = 1; opening >= 0; opening--) {
		const struct session_line *l = opening ? t->opening : t->lines;
		size_t nl = opening ? t->nopening : t->nlines;
		for (size_t i = 0; i < nl; i++, n++) {
			const char *talk = talk_name(l[i].talk), *kind = talk_kind_name(l[i].kind);
			if (!(s = store_stmt(st, STMT_LINE_ADD, err)))
				return -1;
			sqlite3_bind_int64(s, 1, turn);
			sqlite3_bind_int64(s, 2, (sqlite3_int64)n);
			sqlite3_bind_int(s, 3, opening);
			store_bind_text(s, 4, l[i].text ? l[i].text : "");
			store_bind_text(s, 5, *talk ? talk : NULL);
			store_bind_text(s, 6, *kind ? kind : NULL);
			store_bind_text(s, 7, l[i].thought);
			if (store_step_done(st, s, err, "saving the client's lines"))
				return -1;
		}
	}
	if (!t->thought)
		return 0;
	if (!(s = store_stmt(st, STMT_THOUGHT_ADD, err)))
		return -1;
	sqlite3_bind_int64(s, 1, turn);
	store_bind_text(s, 2, t->thought);
	return store_step_done(st, s, err, "saving the client's thought");
}

/* The tip as a string: at most CODER_TIP_MAX bytes, NUL or not. */
static void bind_tip(sqlite3_stmt *s, int i, const struct coded_reply *cr)
{
	sqlite3_bind_text(s, i, cr->tip, (int)strnlen(cr->tip, sizeof cr->tip), SQLITE_TRANSIENT);
}

int store_add_turn(struct store *st, int64_t session, const struct session_turn *t,
		   struct error *err)
{
	char now[32];
	bool own;
	int rc = -1, step;
	sqlite3_stmt *s;
	int64_t turn;
	const struct coded_reply *cr = &t->coded;

	if (t->index < 1)
		return error_set(err, EXIT_SOFTWARE, "a turn needs an index");
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
	if (add_codes_and_cues(st, turn, cr, err) || add_lines(st, turn, t, err))
		goto out;
	for (size_t i = 0; i < t->nmeters; i++) {
		if (!(s = store_stmt(st, STMT_METER_ADD, err)))
			goto out;
		sqlite3_bind_int64(s, 1, turn);
		sqlite3_bind_int(s, 2, (int)i);
		store_bind_text(s, 3, t->meter_ids[i] ? t->meter_ids[i] : "");
		sqlite3_bind_int(s, 4, t->meters[i]);
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

int store_put_scores(struct store *st, int64_t session, const struct session_scores *sc, struct error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_SCORES_PUT, err);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, session);
	sqlite3_bind_int(s, 2, sc->replies);
	for (int k = 0; k < SKILL_COUNT; k++)
		sqlite3_bind_int(s, 3 + k, sc->skill[k]);
	sqlite3_bind_int(s, 7, sc->overall);
	bind_real_or_null(s, 8, sc->rq_ratio);
	bind_real_or_null(s, 9, sc->pct_complex);
	sqlite3_bind_int(s, 10, sc->adherent);
	sqlite3_bind_int(s, 11, sc->nonadherent);
	sqlite3_bind_double(s, 12, sc->global_cultivating);
	sqlite3_bind_double(s, 13, sc->global_softening);
	sqlite3_bind_double(s, 14, sc->global_partnership);
	sqlite3_bind_double(s, 15, sc->global_empathy);
	sqlite3_bind_double(s, 16, sc->technical);
	sqlite3_bind_double(s, 17, sc->relational);
	return store_step_done(st, s, err, "saving the summary");
}

static int put_summary(struct store *st, int64_t session, const struct summary *sum, struct error *err)
{
	struct session_scores sc;

	session_scores_from_summary(&sc, sum);
	return store_put_scores(st, session, &sc, err);
}

int store_end_session(struct store *st, int64_t session, const char *outcome,
		      const struct summary *sum, struct error *err)
{
	char now[32];
	bool own;
	int rc = -1;
	sqlite3_stmt *s;

	if (!session_outcome_valid(outcome))
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
	if (sum && put_summary(st, session, sum, err))
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
	if (sum && put_summary(st, session, sum, err))
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

int store_set_hints(struct store *st, int64_t session, int hints, struct error *err)
{
	bool own;
	int rc = -1;
	sqlite3_stmt *s;

	if (store_w_begin(st, &own, err))
		return -1;
	if (!(s = store_stmt(st, STMT_SESSION_HINTS, err)))
		goto out;
	sqlite3_bind_int64(s, 1, session);
	sqlite3_bind_int(s, 2, hints);
	rc = store_step_done(st, s, err, "counting a hint");
out:
	return store_w_end(st, own, rc, err);
}

int store_add_note(struct store *st, int64_t session, int turn, const char *author, const char *text,
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
	if (turn > 0)
		sqlite3_bind_int(s, 5, turn);
	else
		sqlite3_bind_null(s, 5);
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
