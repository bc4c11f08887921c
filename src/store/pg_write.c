/* store/pg_write.c: the store on PostgreSQL (pg_backend.h): opening,
 * transactions, and writing sessions: a new session and each turn in one
 * round trip each (the schema's begin_session() and add_turn()), the end
 * with its summary, rescoring, notes. Values are always bound. */
#include "pg_int.h"
#include "pg_backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/isotime.h"
#include "io/clock.h"

/* --- Opening and transactions ----------------------------------------------- */


int pgs_open(const char *uri, struct pg_store **out, struct error *err)
{
	struct pg_store *ps = xcalloc(1, sizeof *ps);
	struct error e = {0};

	*out = NULL;
	ps->backend = true;
	if (pg_params_init(ps, uri, err)) {
		pg_store_close(ps);
		return -1;
	}
	ps->busy_ms = store_busy_default();
	/* A server that is away is no reason not to open: practice carries on,
	 * and every call tries to connect again. Anything else is. */
	if (pg_connect(ps, -1, &e) && e.status != EXIT_TEMPFAIL) {
		if (err)
			*err = e;
		pg_store_close(ps);
		return -1;
	}
	*out = ps;
	return 0;
}

void pgs_set_busy_timeout(struct pg_store *ps, int ms)
{
	ps->busy_ms = ms < 0 ? 0 : ms;
}

int pgs_busy_timeout(const struct pg_store *ps)
{
	return ps->busy_ms;
}

void pgs_set_cohort(struct pg_store *ps, const char *cohort)
{
	free(ps->cohort);
	ps->cohort = cohort ? xstrdup(cohort) : NULL;
}

bool pgs_connected(const struct pg_store *ps)
{
	return ps->conn && PQstatus(ps->conn) == CONNECTION_OK;
}

int pgs_schema_version(struct pg_store *ps)
{
	int v;

	return pg_ready(ps, NULL) || pg_store_schema_version(ps, &v, NULL) ? -1 : v;
}

int pgs_check(struct pg_store *ps, struct error *err)
{
	return pg_ready(ps, err) || pg_store_require(ps, err) ? -1 : 0;
}

int pgs_stats(struct pg_store *ps, struct store_stats *out, struct error *err)
{
	PGresult *res;

	memset(out, 0, sizeof *out);
	if (pg_ready(ps, err))
		return -1;
	res = pg_query(ps, "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM sessions), "
		       "(SELECT count(*) FROM sessions WHERE ended IS NULL), (SELECT count(*) FROM turns), "
		       "(SELECT count(*) FROM sessions WHERE import IS NOT NULL)", 0, NULL, err, "counting");
	if (!res)
		return -1;
	out->users = pg_int(res, 0, 0);
	out->sessions = pg_int(res, 0, 1);
	out->unfinished = pg_int(res, 0, 2);
	out->turns = pg_int(res, 0, 3);
	out->imported = pg_int(res, 0, 4);
	PQclear(res);
	out->schema_version = pgs_schema_version(ps);
	return 0;
}

int pgs_tx_begin(struct pg_store *ps, struct error *err)
{
	if (ps->in_tx)
		return error_set(err, EXIT_SOFTWARE, "%s: a transaction is already open", ps->name);
	return pg_ready(ps, err) || pg_begin(ps, err) ? -1 : 0;
}

int pgs_tx_commit(struct pg_store *ps, struct error *err)
{
	return ps->in_tx ? pg_commit(ps, err) : 0;
}

void pgs_tx_rollback(struct pg_store *ps)
{
	pg_rollback(ps);
}


/* --- Writing sessions ----------------------------------------------------------- */

/* The row of the session with this uid (0: none it may see). */
static int pg_uid_id(struct pg_store *ps, const char *uid, int64_t *id)
{
	const char *p[] = { uid };
	PGresult *res = pg_query(ps, "SELECT id FROM sessions WHERE uid = $1", 1, p, NULL, "reading sessions");

	*id = res && PQntuples(res) == 1 ? pg_int(res, 0, 0) : 0;
	PQclear(res);
	return res ? 0 : -1;
}

int pgs_begin_session(struct pg_store *ps, const struct session_info *si, int64_t *id, struct error *err)
{
	static const char sql[] = "SELECT begin_session($1, $2, $3, $4, $5, $6, $7, $8, $9::bigint, $10, $11, "
				  "$12::bigint, $13::int, $14::bigint)";
	const char *mode = si->mode ? si->mode : "coach";
	struct pg_args a = {0};
	struct error e = {0};
	PGresult *res;

	if (!si->user || !*si->user || !si->scenario_id || !*si->scenario_id)
		return error_set(err, EXIT_SOFTWARE, "a session needs a user and a scenario");
	if (!session_mode_valid(mode))
		return error_set(err, EXIT_SOFTWARE, "unknown session mode '%s'", mode);
	if (si->started && !iso_time_valid(si->started))
		return error_set(err, EXIT_DATAERR, "bad start time '%s' (want 2026-11-25T19:30:00Z)", si->started);
	if (pg_ready(ps, err))
		return -1;
	pg_arg(&a, si->uid);
	pg_arg(&a, si->user);
	pg_arg(&a, si->scenario_id);
	pg_arg(&a, si->scenario_title);
	pg_arg(&a, si->pack_id ? si->pack_id : "");
	pg_arg(&a, si->pack_version ? si->pack_version : "");
	pg_arg(&a, si->pack_title);
	pg_arg(&a, si->coder_version ? si->coder_version : "unknown");
	pg_arg_int(&a, (long long)si->seed);
	pg_arg(&a, mode);
	pg_arg(&a, si->started);
	pg_arg_id(&a, si->retry_of);
	if (si->retry_of > 0)
		pg_arg_int(&a, si->retry_turn);
	else
		pg_arg(&a, NULL);
	pg_arg_id(&a, si->assignment_id);
	if (!(res = pg_prepared(ps, PGS_BEGIN_SESSION, sql, a.n, a.v, &e, "saving the session"))) {
		/* Run again on a new connection after the first run's answer was
		 * lost: the first run saved it. */
		if (ps->retried && !strcmp(ps->state, "23505") && si->uid &&
		    pg_uid_id(ps, si->uid, id) == 0 && *id)
			return 0;
		if (err)
			*err = e;
		return -1;
	}
	*id = pg_int(res, 0, 0);
	PQclear(res);
	/* Hints are counted as the session goes (store_set_hints); a session
	 * written whole (an import, a recovery file) brings its count. */
	return si->hints_recorded ? pgs_set_hints(ps, *id, si->hints, err) : 0;
}

/* A turn's codes, cues and meters as the array parameters of add_turn(). */
struct turn_arrays {
	struct strbuf codes, cue_codes, cue_starts, cue_lens, meters, values;
	struct strbuf line_opening, line_text, line_talk, line_kind, line_thought;
};

/* The client's lines, the opening's first (as write.c numbers them), as
 * add_turn()'s five line arrays. */
static void line_arrays_fill(struct turn_arrays *ta, const struct session_turn *t)
{
	size_t n = t->nopening + t->nlines, k = 0;
	const char **text = xcalloc(n + 1, sizeof *text), **talk = xcalloc(n + 1, sizeof *talk);
	const char **kind = xcalloc(n + 1, sizeof *kind), **thought = xcalloc(n + 1, sizeof *thought);
	long long *opening = xcalloc(n + 1, sizeof *opening);

	for (int o = 1; o >= 0; o--) {
		const struct session_line *l = o ? t->opening : t->lines;
		size_t nl = o ? t->nopening : t->nlines;
		for (size_t i = 0; i < nl; i++, k++) {
			const char *tk = talk_name(l[i].talk), *kd = talk_kind_name(l[i].kind);
			opening[k] = o;
			text[k] = l[i].text ? l[i].text : "";
			talk[k] = *tk ? tk : NULL;
			kind[k] = *kd ? kd : NULL;
			thought[k] = l[i].thought;
		}
	}
	pg_array_int(&ta->line_opening, opening, n);
	pg_array_text(&ta->line_text, text, n);
	pg_array_text_null(&ta->line_talk, talk, n);
	pg_array_text_null(&ta->line_kind, kind, n);
	pg_array_text_null(&ta->line_thought, thought, n);
	free(text);
	free(talk);
	free(kind);
	free(thought);
	free(opening);
}

static void turn_arrays_fill(struct turn_arrays *ta, const struct session_turn *t)
{
	const struct coded_reply *cr = &t->coded;
	const char *names[(int)CODE_COUNT > (int)CODER_MAX_CUES ? (int)CODE_COUNT : (int)CODER_MAX_CUES];
	long long starts[CODER_MAX_CUES], lens[CODER_MAX_CUES];
	size_t n = 0;

	for (int c = 0; c < CODE_COUNT; c++)
		if (cr->codes & CODE_BIT(c))
			names[n++] = code_name((enum mi_code)c);
	pg_array_text(&ta->codes, names, n);
	if (cr->ncues > CODER_MAX_CUES)
		BUG("%zu cues in a coded reply", cr->ncues);
	for (size_t i = 0; i < cr->ncues; i++) {
		names[i] = code_name(cr->cues[i].code);
		starts[i] = (long long)cr->cues[i].start;
		lens[i] = (long long)cr->cues[i].len;
	}
	pg_array_text(&ta->cue_codes, names, cr->ncues);
	pg_array_int(&ta->cue_starts, starts, cr->ncues);
	pg_array_int(&ta->cue_lens, lens, cr->ncues);
	pg_array_text(&ta->meters, (const char *const *)t->meter_ids, t->nmeters);
	strbuf_adds(&ta->values, "{");
	for (size_t i = 0; i < t->nmeters; i++)
		strbuf_addf(&ta->values, "%s%d", i ? "," : "", t->meters[i]);
	strbuf_adds(&ta->values, "}");
}

static void turn_arrays_release(struct turn_arrays *ta)
{
	strbuf_release(&ta->codes);
	strbuf_release(&ta->cue_codes);
	strbuf_release(&ta->cue_starts);
	strbuf_release(&ta->cue_lens);
	strbuf_release(&ta->meters);
	strbuf_release(&ta->values);
	strbuf_release(&ta->line_opening);
	strbuf_release(&ta->line_text);
	strbuf_release(&ta->line_talk);
	strbuf_release(&ta->line_kind);
	strbuf_release(&ta->line_thought);
}

int pgs_add_turn(struct pg_store *ps, int64_t session, const struct session_turn *t, struct error *err)
{
	static const char sql[] =
		"SELECT add_turn($1::bigint, $2::int, $3, $4, $5, $6, $7::int, $8::int, $9::int, $10::int, $11::int, "
		"$12, $13, $14, $15, $16::text[], $17::text[], $18::int[], $19::int[], $20::text[], $21::int[], "
		"$22::int[], $23::text[], $24::text[], $25::text[], $26::text[], $27)";
	const struct coded_reply *cr = &t->coded;
	struct turn_arrays ta = {0};
	struct pg_args a = {0};
	char now[32], tip[CODER_TIP_MAX + 1];
	struct error e = {0};
	PGresult *res;

	if (t->index < 1)
		return error_set(err, EXIT_SOFTWARE, "a turn needs an index");
	if (pg_ready(ps, err))
		return -1;
	iso_now(now, sizeof now);
	snprintf(tip, sizeof tip, "%.*s", (int)strnlen(cr->tip, sizeof cr->tip), cr->tip);
	turn_arrays_fill(&ta, t);
	line_arrays_fill(&ta, t);
	pg_arg_int(&a, (long long)session);
	pg_arg_int(&a, t->index);
	pg_arg(&a, t->node_id ? t->node_id : "");
	pg_arg(&a, t->client_line ? t->client_line : "");
	pg_arg(&a, t->reply ? t->reply : "");
	pg_arg(&a, code_name(cr->primary));
	pg_arg_int(&a, cr->nonadherent);
	for (int k = 0; k < SKILL_COUNT; k++)
		pg_arg_int(&a, cr->skills[k]);
	pg_arg(&a, tip);
	pg_arg(&a, t->next_node);
	pg_arg(&a, t->client_next);
	pg_arg(&a, t->at ? t->at : now);
	pg_arg(&a, ta.codes.buf);
	pg_arg(&a, ta.cue_codes.buf);
	pg_arg(&a, ta.cue_starts.buf);
	pg_arg(&a, ta.cue_lens.buf);
	pg_arg(&a, ta.meters.buf);
	pg_arg(&a, ta.values.buf);
	pg_arg(&a, ta.line_opening.buf);
	pg_arg(&a, ta.line_text.buf);
	pg_arg(&a, ta.line_talk.buf);
	pg_arg(&a, ta.line_kind.buf);
	pg_arg(&a, ta.line_thought.buf);
	pg_arg(&a, t->thought);
	res = pg_prepared(ps, PGS_ADD_TURN, sql, a.n, a.v, &e, "saving the turn");
	turn_arrays_release(&ta);
	if (res) {
		PQclear(res);
		return 0;
	}
	/* Run again on a new connection: the first run saved it. */
	if (!strcmp(ps->state, "23505") && ps->retried)
		return 0;
	if (!strcmp(ps->state, "23505"))
		return error_set(err, EXIT_DATAERR, "%s: turn %d of session %lld is already saved", ps->name,
				 t->index, (long long)session);
	if (err)
		*err = e;
	return -1;
}

int pgs_put_scores(struct pg_store *ps, int64_t session, const struct session_scores *sc, struct error *err)
{
	static const char sql[] =
		"INSERT INTO session_scores(session, replies, empathy, reflection, discrepancy, self_efficacy, "
		"overall, rq_ratio, pct_complex, adherent, nonadherent, global_cultivating, global_softening, "
		"global_partnership, global_empathy, technical, relational) VALUES ($1::bigint, $2::int, $3::int, "
		"$4::int, $5::int, $6::int, $7::int, $8::float8, $9::float8, $10::int, $11::int, $12::float8, "
		"$13::float8, $14::float8, $15::float8, $16::float8, $17::float8) "
		"ON CONFLICT (session) DO UPDATE SET replies = EXCLUDED.replies, empathy = EXCLUDED.empathy, "
		"reflection = EXCLUDED.reflection, discrepancy = EXCLUDED.discrepancy, "
		"self_efficacy = EXCLUDED.self_efficacy, overall = EXCLUDED.overall, rq_ratio = EXCLUDED.rq_ratio, "
		"pct_complex = EXCLUDED.pct_complex, adherent = EXCLUDED.adherent, "
		"nonadherent = EXCLUDED.nonadherent, global_cultivating = EXCLUDED.global_cultivating, "
		"global_softening = EXCLUDED.global_softening, global_partnership = EXCLUDED.global_partnership, "
		"global_empathy = EXCLUDED.global_empathy, technical = EXCLUDED.technical, "
		"relational = EXCLUDED.relational";
	struct pg_args a = {0};
	PGresult *res;

	pg_arg_int(&a, (long long)session);
	pg_arg_int(&a, sc->replies);
	for (int k = 0; k < SKILL_COUNT; k++)
		pg_arg_int(&a, sc->skill[k]);
	pg_arg_int(&a, sc->overall);
	pg_arg_real(&a, sc->rq_ratio);
	pg_arg_real(&a, sc->pct_complex);
	pg_arg_int(&a, sc->adherent);
	pg_arg_int(&a, sc->nonadherent);
	/* The global ratings and summary scores are never negative. */
	pg_arg_real(&a, sc->global_cultivating);
	pg_arg_real(&a, sc->global_softening);
	pg_arg_real(&a, sc->global_partnership);
	pg_arg_real(&a, sc->global_empathy);
	pg_arg_real(&a, sc->technical);
	pg_arg_real(&a, sc->relational);
	res = pg_prepared(ps, PGS_PUT_SCORES, sql, a.n, a.v, err, "saving the summary");
	PQclear(res);
	return res ? 0 : -1;
}

static int put_summary(struct pg_store *ps, int64_t session, const struct summary *sum, struct error *err)
{
	struct session_scores sc;

	session_scores_from_summary(&sc, sum);
	return pgs_put_scores(ps, session, &sc, err);
}

int pgs_end_session(struct pg_store *ps, int64_t session, const char *outcome, const struct summary *sum,
		    struct error *err)
{
	struct pg_args a = {0};
	char now[32];
	bool own;
	int rc = -1;
	PGresult *res;

	if (!session_outcome_valid(outcome))
		return error_set(err, EXIT_SOFTWARE, "unknown session outcome '%s'", outcome ? outcome : "(null)");
	iso_now(now, sizeof now);
	if (pg_w_begin(ps, &own, err))
		return -1;
	pg_arg_int(&a, (long long)session);
	pg_arg(&a, now);
	pg_arg(&a, outcome);
	res = pg_prepared(ps, PGS_END_SESSION, "UPDATE sessions SET ended = $2, outcome = $3 WHERE id = $1::bigint",
			  a.n, a.v, err, "ending the session");
	if (!res)
		goto out;
	if (pg_changed(res) != 1) {
		PQclear(res);
		error_set(err, EXIT_NOINPUT, "%s: no session %lld to end", ps->name, (long long)session);
		goto out;
	}
	PQclear(res);
	if (sum && put_summary(ps, session, sum, err))
		goto out;
	rc = 0;
out:
	return pg_w_end(ps, own, rc, err);
}

/* --- Rewriting -------------------------------------------------------------------- */

int pgs_update_turn_codes(struct pg_store *ps, int64_t session, int index, const struct coded_reply *cr,
			  struct error *err)
{
	struct session_turn t = { .coded = *cr };
	struct turn_arrays ta = {0};
	struct pg_args a = {0}, b = {0};
	char tip[CODER_TIP_MAX + 1];
	PGresult *res;
	bool own;
	int rc = -1;

	if (pg_w_begin(ps, &own, err))
		return -1;
	pg_arg_int(&a, (long long)session);
	pg_arg_int(&a, index);
	res = pg_query(ps, "SELECT id FROM turns WHERE session = $1::bigint AND idx = $2::int", a.n, a.v, err,
		       "rescoring");
	if (!res)
		goto out;
	if (PQntuples(res) != 1) {
		PQclear(res);
		error_set(err, EXIT_NOINPUT, "%s: session %lld has no turn %d", ps->name, (long long)session, index);
		goto out;
	}
	pg_arg(&b, PQgetvalue(res, 0, 0));
	snprintf(tip, sizeof tip, "%.*s", (int)strnlen(cr->tip, sizeof cr->tip), cr->tip);
	turn_arrays_fill(&ta, &t);
	pg_arg(&b, code_name(cr->primary));
	pg_arg_int(&b, cr->nonadherent);
	for (int k = 0; k < SKILL_COUNT; k++)
		pg_arg_int(&b, cr->skills[k]);
	pg_arg(&b, tip);
	pg_arg(&b, ta.codes.buf);
	pg_arg(&b, ta.cue_codes.buf);
	pg_arg(&b, ta.cue_starts.buf);
	pg_arg(&b, ta.cue_lens.buf);
	rc = pg_command(ps, "UPDATE turns SET primary_code = $2, nonadherent = $3::int, empathy = $4::int, "
			"reflection = $5::int, discrepancy = $6::int, self_efficacy = $7::int, tip = $8 "
			"WHERE id = $1::bigint", 8, b.v, err, "rescoring") ||
	     pg_command(ps, "DELETE FROM turn_codes WHERE turn = $1::bigint", 1, b.v, err, "rescoring") ||
	     pg_command(ps, "DELETE FROM turn_cues WHERE turn = $1::bigint", 1, b.v, err, "rescoring") ||
	     pg_command(ps, "INSERT INTO turn_codes(turn, code) SELECT $1::bigint, c FROM unnest($2::text[]) AS c",
			2, (const char *const[]){ b.v[0], b.v[8] }, err, "rescoring") ||
	     pg_command(ps, "INSERT INTO turn_cues(turn, n, code, start, len) SELECT $1::bigint, u.n - 1, u.code, "
			"u.start, u.len FROM unnest($2::text[], $3::int[], $4::int[]) WITH ORDINALITY "
			"AS u(code, start, len, n)", 4, (const char *const[]){ b.v[0], b.v[9], b.v[10], b.v[11] },
			err, "rescoring") ? -1 : 0;
	/* The session's set of codes, which the cohort report reads. */
	if (!rc)
		rc = pg_command(ps, "UPDATE sessions SET codes = (SELECT string_agg(DISTINCT c.code, ',' ORDER BY c.code) "
				"FROM turns t JOIN turn_codes c ON c.turn = t.id WHERE t.session = $1::bigint) "
				"WHERE id = $1::bigint", 1, a.v, err, "rescoring");
	PQclear(res);
	turn_arrays_release(&ta);
out:
	return pg_w_end(ps, own, rc, err);
}

/* The one row of sql ($1 the session); NULL with EXIT_NOINPUT when there is
 * no such session (or none this role may see). */
static PGresult *session_one(struct pg_store *ps, const char *sql, int64_t session, struct error *err,
			     const char *what)
{
	struct pg_args a = {0};
	PGresult *res;

	pg_arg_int(&a, (long long)session);
	if (!(res = pg_query(ps, sql, a.n, a.v, err, what)))
		return NULL;
	if (PQntuples(res) == 1)
		return res;
	PQclear(res);
	error_set(err, EXIT_NOINPUT, "%s: no session %lld", ps->name, (long long)session);
	return NULL;
}

int pgs_update_session_scores(struct pg_store *ps, int64_t session, const char *coder_version,
			      const struct summary *sum, int turns_changed, struct error *err)
{
	struct pg_args a = {0};
	char now[32], *old = NULL;
	PGresult *res;
	bool own;
	int rc = -1;

	iso_now(now, sizeof now);
	if (pg_w_begin(ps, &own, err))
		return -1;
	pg_arg_int(&a, (long long)session);
	if (!(res = session_one(ps, "SELECT coder_version FROM sessions WHERE id = $1::bigint", session, err,
				"rescoring")))
		goto out;
	old = pg_dup0(res, 0, 0);
	PQclear(res);
	if (sum && put_summary(ps, session, sum, err))
		goto out;
	pg_arg(&a, coder_version);
	pg_arg(&a, old);
	pg_arg(&a, now);
	pg_arg_int(&a, turns_changed);
	if (coder_version && strcmp(old, coder_version) &&
	    pg_command(ps, "UPDATE sessions SET coder_version = $2 WHERE id = $1::bigint", 2, a.v, err, "rescoring"))
		goto out;
	if (coder_version && (strcmp(old, coder_version) || turns_changed) &&
	    pg_command(ps, "INSERT INTO rescores(session, at, from_version, to_version, turns_changed) "
		       "VALUES ($1::bigint, $4, $3, $2, $5::int)", 5, a.v, err, "rescoring"))
		goto out;
	rc = 0;
out:
	free(old);
	return pg_w_end(ps, own, rc, err);
}

int pgs_set_hints(struct pg_store *ps, int64_t session, int hints, struct error *err)
{
	struct pg_args a = {0};

	pg_arg_int(&a, (long long)session);
	pg_arg_int(&a, hints);
	return pg_ready(ps, err) || pg_command(ps, "UPDATE sessions SET hints = $2::int WHERE id = $1::bigint", a.n, a.v,
					       err, "counting a hint") ? -1 : 0;
}

int pgs_add_note(struct pg_store *ps, int64_t session, int turn, const char *author, const char *text, int64_t *id,
		 struct error *err)
{
	struct pg_args a = {0};
	char now[32];
	PGresult *res;
	bool own;
	int rc = -1;

	iso_now(now, sizeof now);
	if (pg_w_begin(ps, &own, err))
		return -1;
	pg_arg_int(&a, (long long)session);
	if (!(res = session_one(ps, "SELECT 1 FROM sessions WHERE id = $1::bigint", session, err, "saving the note")))
		goto out;
	PQclear(res);
	pg_arg(&a, author ? author : "");
	pg_arg(&a, text ? text : "");
	pg_arg(&a, now);
	if (turn > 0)
		pg_arg_int(&a, turn);
	else
		pg_arg(&a, NULL);
	res = pg_query(ps, "INSERT INTO notes(uid, session, author, text, created, turn) VALUES "
		       "(replace(gen_random_uuid()::text, '-', ''), $1::bigint, $2, $3, $4, $5::int) RETURNING id",
		       a.n, a.v, err, "saving the note");
	if (!res)
		goto out;
	if (id)
		*id = pg_int(res, 0, 0);
	PQclear(res);
	rc = 0;
out:
	return pg_w_end(ps, own, rc, err);
}
