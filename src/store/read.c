/* store/read.c: the store's queries for the review commands: sessions with
 * filters, one session whole (the record of core/session.h), skill trends,
 * best scores. Values are always bound, never pasted into SQL; only fixed
 * fragments are joined. */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static char *col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? xstrdup((const char *)t) : NULL;
}

static char *col_dup0(sqlite3_stmt *s, int i)
{
	char *t = col_dup(s, i);

	return t ? t : xstrdup("");
}

static double col_real_or(sqlite3_stmt *s, int i, double none)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? none : sqlite3_column_double(s, i);
}

static void session_info_read(sqlite3_stmt *s, struct session_info *si)
{
	memset(si, 0, sizeof *si);
	si->id = sqlite3_column_int64(s, 0);
	si->uid = col_dup0(s, 1);
	si->user = col_dup0(s, 2);
	si->scenario_id = col_dup0(s, 3);
	si->scenario_title = col_dup0(s, 4);
	si->pack_id = col_dup0(s, 5);
	si->pack_version = col_dup0(s, 6);
	si->coder_version = col_dup0(s, 7);
	si->seed = (unsigned)sqlite3_column_int64(s, 8);
	si->mode = col_dup0(s, 9);
	si->started = col_dup0(s, 10);
	si->ended = col_dup(s, 11);
	si->outcome = col_dup(s, 12);
	si->turns = sqlite3_column_int(s, 13);
	si->retry_of = sqlite3_column_int64(s, 14);
	si->retry_turn = sqlite3_column_int(s, 15);
	si->assignment_id = sqlite3_column_int64(s, 16);
	si->has_scores = sqlite3_column_int(s, 17) != 0;
	if (si->has_scores) {
		struct session_scores *sc = &si->scores;
		sc->replies = sqlite3_column_int(s, 18);
		for (int k = 0; k < SKILL_COUNT; k++)
			sc->skill[k] = sqlite3_column_int(s, 19 + k);
		sc->overall = sqlite3_column_int(s, 23);
		sc->rq_ratio = col_real_or(s, 24, -1);
		sc->pct_complex = col_real_or(s, 25, -1);
		sc->adherent = sqlite3_column_int(s, 26);
		sc->nonadherent = sqlite3_column_int(s, 27);
		sc->global_cultivating = sqlite3_column_double(s, 28);
		sc->global_softening = sqlite3_column_double(s, 29);
		sc->global_partnership = sqlite3_column_double(s, 30);
		sc->global_empathy = sqlite3_column_double(s, 31);
		sc->technical = sqlite3_column_double(s, 32);
		sc->relational = sqlite3_column_double(s, 33);
	} else {
		si->scores.rq_ratio = si->scores.pct_complex = -1;
	}
	si->pack_title = col_dup(s, 34);
	si->hints_recorded = sqlite3_column_type(s, 35) != SQLITE_NULL;
	si->hints = sqlite3_column_int(s, 35);
	si->assignment_uid = col_dup(s, 36);
}

/* WHERE clause for f (fixed fragments only) and its bindings, in order. */
struct where {
	struct strbuf sql;
	const char *text[8];
	int64_t num[8];
	bool is_num[8];
	int n;
};

static void where_text(struct where *w, const char *frag, const char *v)
{
	strbuf_adds(&w->sql, w->n ? " AND " : "WHERE ");
	strbuf_adds(&w->sql, frag);
	w->is_num[w->n] = false;
	w->text[w->n++] = v;
}

static void where_num(struct where *w, const char *frag, int64_t v)
{
	strbuf_adds(&w->sql, w->n ? " AND " : "WHERE ");
	strbuf_adds(&w->sql, frag);
	w->is_num[w->n] = true;
	w->num[w->n++] = v;
}

static void where_build(struct where *w, const struct session_filter *f)
{
	if (!f)
		return;
	/* Each filter names an indexed column, so the planner can seek. */
	if (f->user)
		where_text(w, "s.user = (SELECT id FROM users WHERE name = ?)", f->user);
	if (f->scenario)
		where_text(w, "s.scenario IN (SELECT id FROM scenarios WHERE scenario_id = ?)", f->scenario);
	if (f->pack)
		where_text(w, "s.scenario IN (SELECT sc2.id FROM scenarios sc2 JOIN packs p2 ON p2.id = sc2.pack "
			   "WHERE p2.pack_id = ?)", f->pack);
	if (f->since)
		where_text(w, "s.started >= ?", f->since);
	if (f->assignment)
		where_num(w, "s.assignment = ?", f->assignment);
}

static void where_bind(const struct where *w, sqlite3_stmt *s)
{
	for (int i = 0; i < w->n; i++) {
		if (w->is_num[i])
			sqlite3_bind_int64(s, i + 1, w->num[i]);
		else
			store_bind_text(s, i + 1, w->text[i]);
	}
}

int store_list_sessions(struct store *st, const struct session_filter *f,
			struct session_list *out, struct error *err)
{
	struct where w = {0};
	struct strbuf sql = {0};
	sqlite3_stmt *s = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	where_build(&w, f);
	strbuf_adds(&sql, SESSION_COLUMNS);
	if (w.sql.buf)
		strbuf_adds(&sql, w.sql.buf);
	strbuf_adds(&sql, f && f->oldest_first ? " ORDER BY s.started, s.id" : " ORDER BY s.started DESC, s.id DESC");
	strbuf_adds(&sql, " LIMIT ? OFFSET ?");
	rc = sqlite3_prepare_v2(st->db, sql.buf, -1, &s, NULL);
	strbuf_release(&sql);
	if (rc != SQLITE_OK) {
		strbuf_release(&w.sql);
		return store_fail(st, err, rc, "listing sessions");
	}
	where_bind(&w, s);
	sqlite3_bind_int64(s, w.n + 1, f && f->limit > 0 ? f->limit : -1);
	sqlite3_bind_int64(s, w.n + 2, f && f->offset > 0 ? f->offset : 0);
	strbuf_release(&w.sql);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ALLOC_GROW(out->items, out->n + 1, out->alloc);
		session_info_read(s, &out->items[out->n++]);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		session_list_release(out);
		return store_fail(st, err, rc, "listing sessions");
	}
	return 0;
}

int store_count_sessions(struct store *st, const struct session_filter *f, long *count,
			 struct error *err)
{
	struct where w = {0};
	struct strbuf sql = {0};
	sqlite3_stmt *s = NULL;
	int rc;

	where_build(&w, f);
	strbuf_adds(&sql, "SELECT count(*) FROM sessions s ");
	if (w.sql.buf)
		strbuf_adds(&sql, w.sql.buf);
	rc = sqlite3_prepare_v2(st->db, sql.buf, -1, &s, NULL);
	strbuf_release(&sql);
	if (rc == SQLITE_OK) {
		where_bind(&w, s);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			*count = (long)sqlite3_column_int64(s, 0);
			rc = SQLITE_OK;
		}
	}
	strbuf_release(&w.sql);
	sqlite3_finalize(s);
	return rc == SQLITE_OK ? 0 : store_fail(st, err, rc, "counting sessions");
}

/* --- One session ----------------------------------------------------------- */

/* The turn a detail row belongs to: rows come in turn order, so the search
 * starts where the last one ended. NULL when it is none of them. */
static struct session_turn *turn_of(struct session_turn *turns, const int64_t *ids, size_t n, size_t *cur,
				   int64_t id)
{
	for (size_t k = 0; k < n; k++) {
		size_t i = (*cur + k) % n;
		if (ids[i] == id) {
			*cur = i;
			return &turns[i];
		}
	}
	return NULL;
}

/* One detail row of a turn (a code, a cue, a meter, a client line, the
 * thought), added to the turn it belongs to. */
typedef void (*detail_fn)(sqlite3_stmt *s, struct session_turn *t);

static void code_row(sqlite3_stmt *s, struct session_turn *t)
{
	int c = code_parse((const char *)sqlite3_column_text(s, 1));

	if (c >= 0)
		t->coded.codes |= CODE_BIT(c);
}

static void cue_row(sqlite3_stmt *s, struct session_turn *t)
{
	int c = code_parse((const char *)sqlite3_column_text(s, 1));
	sqlite3_int64 start = sqlite3_column_int64(s, 2), len = sqlite3_column_int64(s, 3);
	size_t rl = strlen(t->reply);

	/* A cue outside the reply (a damaged row) is dropped, never followed. */
	if (c < 0 || start < 0 || len < 0 || (size_t)start > rl || (size_t)len > rl - (size_t)start ||
	    t->coded.ncues >= CODER_MAX_CUES)
		return;
	t->coded.cues[t->coded.ncues].code = (enum mi_code)c;
	t->coded.cues[t->coded.ncues].start = (size_t)start;
	t->coded.cues[t->coded.ncues].len = (size_t)len;
	t->coded.ncues++;
}

static void meter_row(sqlite3_stmt *s, struct session_turn *t)
{
	session_turn_add_meter(t, (const char *)sqlite3_column_text(s, 1), sqlite3_column_int(s, 2));
}

/* A client line with its labels; a label this micoach does not know (a
 * newer one wrote it) is read as none. */
static void line_row(sqlite3_stmt *s, struct session_turn *t)
{
	const char *talk = (const char *)sqlite3_column_text(s, 3), *kind = (const char *)sqlite3_column_text(s, 4);
	int tk = talk ? talk_parse(talk) : -1, kd = kind ? talk_kind_parse(kind) : -1;
	bool opening = sqlite3_column_int(s, 1) != 0;

	if ((opening ? t->nopening : t->nlines) >= SESSION_LINES_MAX)
		return;
	session_turn_add_line(t, opening, (const char *)sqlite3_column_text(s, 2),
			      tk > 0 ? (enum client_talk)tk : TALK_UNLABELLED, kd > 0 ? (enum talk_kind)kd : KIND_NONE,
			      (const char *)sqlite3_column_text(s, 5));
}

static void thought_row(sqlite3_stmt *s, struct session_turn *t)
{
	session_set(&t->thought, (const char *)sqlite3_column_text(s, 1));
}

/* Every row of one detail query of a session (the turn's row id first),
 * each given to fn with its turn. */
static int load_rows(struct store *st, enum store_stmt id, detail_fn fn, int64_t session, struct session_turn *turns,
		     const int64_t *ids, size_t n, struct error *err)
{
	sqlite3_stmt *s = store_stmt(st, id, err);
	struct session_turn *t;
	size_t cur = 0;
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, session);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((t = turn_of(turns, ids, n, &cur, sqlite3_column_int64(s, 0))))
			fn(s, t);
	store_done(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, rc, "reading a turn");
}

/* The turns' codes, cues, meters, client lines and thoughts: one query each,
 * whatever the session's length. */
static int load_details(struct store *st, int64_t session, struct session_turn *turns, const int64_t *ids,
			size_t n, struct error *err)
{
	static const struct {
		enum store_stmt stmt;
		detail_fn fn;
	} details[] = {
		{ STMT_R_CODES, code_row }, { STMT_R_CUES, cue_row }, { STMT_R_METERS, meter_row },
		{ STMT_R_LINES, line_row }, { STMT_R_THOUGHTS, thought_row },
	};

	for (size_t i = 0; n && i < ARRAY_SIZE(details); i++)
		if (load_rows(st, details[i].stmt, details[i].fn, session, turns, ids, n, err))
			return -1;
	return 0;
}

static void turn_read(sqlite3_stmt *s, struct session_turn *t)
{
	const char *tip;
	int c;

	t->index = sqlite3_column_int(s, 1);
	t->node_id = col_dup0(s, 2);
	t->client_line = col_dup0(s, 3);
	t->reply = col_dup0(s, 4);
	c = code_parse((const char *)sqlite3_column_text(s, 5));
	t->coded.primary = c >= 0 ? (enum mi_code)c : CODE_OTHER;
	t->coded.nonadherent = sqlite3_column_int(s, 6) != 0;
	for (int k = 0; k < SKILL_COUNT; k++) {
		/* The schema has no CHECK here: a damaged or hand-edited row is
		 * read as the nearest rating, never shown out of range. */
		int v = sqlite3_column_int(s, 7 + k);
		t->coded.skills[k] = v < 0 ? 0 : v > 4 ? 4 : v;
	}
	tip = (const char *)sqlite3_column_text(s, 11);
	snprintf(t->coded.tip, sizeof t->coded.tip, "%s", tip ? tip : "");
	t->next_node = col_dup(s, 12);
	t->client_next = col_dup(s, 13);
	t->at = col_dup0(s, 14);
}

int store_load_session(struct store *st, int64_t id, struct session *out, struct error *err)
{
	sqlite3_stmt *s;
	int rc;
	size_t ids_alloc = 0;
	int64_t *turn_ids = NULL;

	memset(out, 0, sizeof *out);
	if (!(s = store_stmt(st, STMT_R_SESSION, err)))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		session_info_read(s, &out->info);
	store_done(s);
	if (rc == SQLITE_DONE)
		return error_set(err, EXIT_NOINPUT, "%s: no session %lld; 'micoach history' lists them",
				 st->path, (long long)id);
	if (rc != SQLITE_ROW)
		return store_fail(st, err, rc, "reading the session");

	if (!(s = store_stmt(st, STMT_R_TURNS, err)))
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ALLOC_GROW(turn_ids, out->nturns + 1, ids_alloc);
		turn_ids[out->nturns] = sqlite3_column_int64(s, 0);
		turn_read(s, session_turn_add(out));
	}
	store_done(s);
	if (rc != SQLITE_DONE) {
		store_fail(st, err, rc, "reading the session");
		goto fail;
	}
	if (load_details(st, id, out->turns, turn_ids, out->nturns, err))
		goto fail;

	if (!(s = store_stmt(st, STMT_R_NOTES, err)))
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct session_note *n = session_note_add(out);
		n->id = sqlite3_column_int64(s, 0);
		n->author = col_dup0(s, 1);
		n->text = col_dup0(s, 2);
		n->created = col_dup0(s, 3);
		n->turn = sqlite3_column_int(s, 4);
	}
	store_done(s);
	if (rc != SQLITE_DONE) {
		store_fail(st, err, rc, "reading the session's notes");
		goto fail;
	}

	if (!(s = store_stmt(st, STMT_R_RETRIES, err)))
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		session_retry_add(out, sqlite3_column_int64(s, 0));
	store_done(s);
	if (rc != SQLITE_DONE) {
		store_fail(st, err, rc, "reading the session");
		goto fail;
	}
	free(turn_ids);
	return 0;
fail:
	free(turn_ids);
	session_release(out);
	return -1;
}

/* --- Progress --------------------------------------------------------------- */

int store_skill_trend(struct store *st, const char *user, size_t max, struct skill_point **out,
		      size_t *n, struct error *err)
{
	static const char sql_user[] =
		"SELECT s.id, s.started, sc.scenario_id, ss.empathy, ss.reflection, ss.discrepancy, "
		"ss.self_efficacy, ss.overall FROM sessions s "
		"JOIN session_scores ss ON ss.session = s.id JOIN scenarios sc ON sc.id = s.scenario "
		"WHERE s.user = (SELECT id FROM users WHERE name = ?1) "
		"ORDER BY s.started DESC, s.id DESC LIMIT ?2";
	static const char sql_all[] =
		"SELECT s.id, s.started, sc.scenario_id, ss.empathy, ss.reflection, ss.discrepancy, "
		"ss.self_efficacy, ss.overall FROM sessions s "
		"JOIN session_scores ss ON ss.session = s.id JOIN scenarios sc ON sc.id = s.scenario "
		"WHERE ?1 IS NULL ORDER BY s.started DESC, s.id DESC LIMIT ?2";
	sqlite3_stmt *s = NULL;
	struct skill_point *p = NULL;
	size_t cnt = 0, alloc = 0;
	int rc = sqlite3_prepare_v2(st->db, user ? sql_user : sql_all, -1, &s, NULL);

	*out = NULL;
	*n = 0;
	if (rc != SQLITE_OK)
		return store_fail(st, err, rc, "reading the skill trend");
	store_bind_text(s, 1, user);
	sqlite3_bind_int64(s, 2, max ? (sqlite3_int64)max : -1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ALLOC_GROW(p, cnt + 1, alloc);
		struct skill_point *q = &p[cnt++];
		const char *t;
		memset(q, 0, sizeof *q);
		q->session = sqlite3_column_int64(s, 0);
		t = (const char *)sqlite3_column_text(s, 1);
		snprintf(q->started, sizeof q->started, "%s", t ? t : "");
		t = (const char *)sqlite3_column_text(s, 2);
		snprintf(q->scenario_id, sizeof q->scenario_id, "%s", t ? t : "");
		for (int k = 0; k < SKILL_COUNT; k++)
			q->skill[k] = sqlite3_column_int(s, 3 + k);
		q->overall = sqlite3_column_int(s, 7);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(p);
		return store_fail(st, err, rc, "reading the skill trend");
	}
	/* Newest first from the query; callers want time order. */
	for (size_t i = 0; i < cnt / 2; i++) {
		struct skill_point tmp = p[i];
		p[i] = p[cnt - 1 - i];
		p[cnt - 1 - i] = tmp;
	}
	*out = p;
	*n = cnt;
	return 0;
}

void skill_points_free(struct skill_point *p)
{
	free(p);
}

int store_best_scores(struct store *st, const char *user, struct scenario_best **out, size_t *n,
		      struct error *err)
{
	/* One pass over the user's sessions (index sessions_by_user), grouped in
	 * the query; the best session is found by the packed key overall*2^40+id. */
#define BEST_SQL(where) \
		"SELECT sc.scenario_id, max(sc.title), max(p.pack_id), max(ss.overall), " \
		"max(CASE WHEN ss.overall IS NULL THEN NULL ELSE ss.overall * 1099511627776 + s.id END), " \
		"count(*), max(s.started) FROM sessions s " \
		"JOIN scenarios sc ON sc.id = s.scenario JOIN packs p ON p.id = sc.pack " \
		"LEFT JOIN session_scores ss ON ss.session = s.id " where \
		" GROUP BY sc.scenario_id ORDER BY 4 DESC, 1"
	/* Two statements, not "?1 IS NULL OR ...", so the user's index is used. */
	static const char sql_user[] = BEST_SQL("WHERE s.user = (SELECT id FROM users WHERE name = ?1)");
	static const char sql_all[] = BEST_SQL("");
#undef BEST_SQL
	const char *sql = user ? sql_user : sql_all;
	sqlite3_stmt *s = NULL;
	struct scenario_best *b = NULL;
	size_t cnt = 0, alloc = 0;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);

	*out = NULL;
	*n = 0;
	if (rc != SQLITE_OK)
		return store_fail(st, err, rc, "reading best scores");
	if (user)
		store_bind_text(s, 1, user);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ALLOC_GROW(b, cnt + 1, alloc);
		struct scenario_best *q = &b[cnt++];
		q->scenario_id = col_dup0(s, 0);
		q->scenario_title = col_dup0(s, 1);
		q->pack_id = col_dup0(s, 2);
		q->best = sqlite3_column_type(s, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 3);
		q->best_session = sqlite3_column_type(s, 4) == SQLITE_NULL
					  ? 0 : (int64_t)(sqlite3_column_int64(s, 4) % 1099511627776LL);
		q->attempts = sqlite3_column_int(s, 5);
		q->last = col_dup0(s, 6);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		scenario_best_free(b, cnt);
		return store_fail(st, err, rc, "reading best scores");
	}
	*out = b;
	*n = cnt;
	return 0;
}

void scenario_best_free(struct scenario_best *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(b[i].scenario_id);
		free(b[i].scenario_title);
		free(b[i].pack_id);
		free(b[i].last);
	}
	free(b);
}
