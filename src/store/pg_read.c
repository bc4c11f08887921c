/* store/pg_read.c: the review queries on PostgreSQL (pg_backend.h):
 * sessions with filters, one session whole, skill trends, best scores; the
 * same queries as store/read.c in PostgreSQL's dialect. Row-level security
 * decides what a role sees; the queries do not repeat it. Values are always
 * bound; only fixed fragments are joined. */
#include "pg_int.h"
#include "pg_backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The columns of a session's header, read by session_info_read. */
#define PG_SESSION_COLUMNS STORE_SESSION_SELECT
/* Its tables, the sessions from the subquery or table `from`. */
#define PG_SESSION_JOINS(from) \
	"FROM " from " s JOIN users u ON u.id = s.\"user\" " \
	"JOIN scenarios sc ON sc.id = s.scenario JOIN packs p ON p.id = sc.pack " \
	"LEFT JOIN session_scores ss ON ss.session = s.id LEFT JOIN assignments a ON a.id = s.assignment "

static void session_info_read(const PGresult *res, int r, struct session_info *si)
{
	memset(si, 0, sizeof *si);
	si->id = pg_int(res, r, 0);
	si->uid = pg_dup0(res, r, 1);
	si->user = pg_dup0(res, r, 2);
	si->scenario_id = pg_dup0(res, r, 3);
	si->scenario_title = pg_dup0(res, r, 4);
	si->pack_id = pg_dup0(res, r, 5);
	si->pack_version = pg_dup0(res, r, 6);
	si->coder_version = pg_dup0(res, r, 7);
	si->seed = (unsigned)pg_int(res, r, 8);
	si->mode = pg_dup0(res, r, 9);
	si->started = pg_dup0(res, r, 10);
	si->ended = pg_dup(res, r, 11);
	si->outcome = pg_dup(res, r, 12);
	si->turns = (int)pg_int(res, r, 13);
	si->retry_of = pg_int(res, r, 14);
	si->retry_turn = (int)pg_int(res, r, 15);
	si->assignment_id = pg_int(res, r, 16);
	si->has_scores = pg_bool(res, r, 17);
	if (si->has_scores) {
		struct session_scores *sc = &si->scores;
		sc->replies = (int)pg_int(res, r, 18);
		for (int k = 0; k < SKILL_COUNT; k++)
			sc->skill[k] = (int)pg_int(res, r, 19 + k);
		sc->overall = (int)pg_int(res, r, 23);
		sc->rq_ratio = pg_real(res, r, 24, -1);
		sc->pct_complex = pg_real(res, r, 25, -1);
		sc->adherent = (int)pg_int(res, r, 26);
		sc->nonadherent = (int)pg_int(res, r, 27);
		sc->global_cultivating = pg_real(res, r, 28, 0);
		sc->global_softening = pg_real(res, r, 29, 0);
		sc->global_partnership = pg_real(res, r, 30, 0);
		sc->global_empathy = pg_real(res, r, 31, 0);
		sc->technical = pg_real(res, r, 32, 0);
		sc->relational = pg_real(res, r, 33, 0);
	} else {
		si->scores.rq_ratio = si->scores.pct_complex = -1;
	}
	si->pack_title = pg_dup(res, r, 34);
	si->hints_recorded = !PQgetisnull(res, r, 35);
	si->hints = (int)pg_int(res, r, 35);
	si->assignment_uid = pg_dup(res, r, 36);
}

/* The WHERE clause for f (fixed fragments, numbered parameters) into sql,
 * its values into a. */
static void where_build(struct strbuf *sql, struct pg_args *a, const struct session_filter *f)
{
	/* Each filter names an indexed column, so the planner can seek; the
	 * parameter's number goes between the two halves. */
	struct {
		bool on;
		const char *before, *after;
		const char *text;
		int64_t num;
	} w[] = {
		{ f && f->user, "s.\"user\" = (SELECT id FROM users WHERE name = $", ")", f ? f->user : NULL, 0 },
		{ f && f->scenario, "s.scenario IN (SELECT id FROM scenarios WHERE scenario_id = $", ")",
		  f ? f->scenario : NULL, 0 },
		{ f && f->pack, "s.scenario IN (SELECT sc2.id FROM scenarios sc2 JOIN packs p2 ON p2.id = sc2.pack "
		  "WHERE p2.pack_id = $", ")", f ? f->pack : NULL, 0 },
		{ f && f->since, "s.started >= $", "", f ? f->since : NULL, 0 },
		{ f && f->assignment, "s.assignment = $", "::bigint", NULL, f ? f->assignment : 0 },
	};
	bool first = true;

	for (size_t i = 0; i < ARRAY_SIZE(w); i++) {
		if (!w[i].on)
			continue;
		strbuf_adds(sql, first ? "WHERE " : " AND ");
		strbuf_adds(sql, w[i].before);
		strbuf_addf(sql, "%d", a->n + 1);
		strbuf_adds(sql, w[i].after);
		if (w[i].text)
			pg_arg(a, w[i].text);
		else
			pg_arg_int(a, (long long)w[i].num);
		first = false;
	}
}

int pgs_list_sessions(struct pg_store *ps, const struct session_filter *f, struct session_list *out,
		      struct error *err)
{
	struct strbuf sql = {0};
	struct pg_args a = {0};
	PGresult *res;

	memset(out, 0, sizeof *out);
	if (pg_ready(ps, err))
		return -1;
	/* The page of sessions first, then what goes with them: the planner
	 * walks sessions_by_started (or by user) and stops at the page's end,
	 * and row-level security checks only the rows of the page. */
	strbuf_adds(&sql, PG_SESSION_COLUMNS "FROM (SELECT * FROM sessions s ");
	where_build(&sql, &a, f);
	strbuf_adds(&sql, f && f->oldest_first ? " ORDER BY s.started, s.id" : " ORDER BY s.started DESC, s.id DESC");
	strbuf_addf(&sql, " LIMIT $%d::bigint OFFSET $%d::bigint) s JOIN users u ON u.id = s.\"user\" "
		    "JOIN scenarios sc ON sc.id = s.scenario JOIN packs p ON p.id = sc.pack "
		    "LEFT JOIN session_scores ss ON ss.session = s.id LEFT JOIN assignments a ON a.id = s.assignment",
		    a.n + 1, a.n + 2);
	strbuf_adds(&sql, f && f->oldest_first ? " ORDER BY s.started, s.id" : " ORDER BY s.started DESC, s.id DESC");
	if (f && f->limit > 0)
		pg_arg_int(&a, f->limit);
	else
		pg_arg(&a, NULL); /* LIMIT NULL: all */
	pg_arg_int(&a, f && f->offset > 0 ? f->offset : 0);
	res = pg_query(ps, sql.buf, a.n, a.v, err, "listing sessions");
	strbuf_release(&sql);
	if (!res)
		return -1;
	for (int r = 0; r < PQntuples(res); r++) {
		ALLOC_GROW(out->items, out->n + 1, out->alloc);
		session_info_read(res, r, &out->items[out->n++]);
	}
	PQclear(res);
	return 0;
}

int pgs_count_sessions(struct pg_store *ps, const struct session_filter *f, long *count, struct error *err)
{
	struct strbuf sql = {0};
	struct pg_args a = {0};
	PGresult *res;

	if (pg_ready(ps, err))
		return -1;
	strbuf_adds(&sql, "SELECT count(*) FROM sessions s ");
	where_build(&sql, &a, f);
	res = pg_query(ps, sql.buf, a.n, a.v, err, "counting sessions");
	strbuf_release(&sql);
	if (!res)
		return -1;
	*count = (long)pg_int(res, 0, 0);
	PQclear(res);
	return 0;
}

/* --- One session ----------------------------------------------------------- */

/* Where a row of the bodies goes: a session by its row id, a turn by its. */
struct ref {
	int64_t id;
	size_t s, t;              /* the session (and turn) it is */
};

static int ref_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct ref *)a)->id, y = ((const struct ref *)b)->id;

	return (x > y) - (x < y);
}

static const struct ref *ref_find(const struct ref *refs, size_t n, int64_t id)
{
	struct ref key = { .id = id };

	return n ? bsearch(&key, refs, n, sizeof *refs, ref_cmp) : NULL;
}

static void turn_read(const PGresult *res, int r, struct session_turn *t)
{
	int c;

	t->index = (int)pg_int(res, r, 1);
	t->node_id = pg_dup0(res, r, 2);
	t->client_line = pg_dup0(res, r, 3);
	t->reply = pg_dup0(res, r, 4);
	c = code_parse(PQgetvalue(res, r, 5));
	t->coded.primary = c >= 0 ? (enum mi_code)c : CODE_OTHER;
	t->coded.nonadherent = pg_int(res, r, 6) != 0;
	for (int k = 0; k < SKILL_COUNT; k++) {
		/* A hand-edited row is read as the nearest rating, never out of range. */
		long long v = pg_int(res, r, 7 + k);
		t->coded.skills[k] = v < 0 ? 0 : v > 4 ? 4 : (int)v;
	}
	snprintf(t->coded.tip, sizeof t->coded.tip, "%s", PQgetvalue(res, r, 11));
	t->next_node = pg_dup(res, r, 12);
	t->client_next = pg_dup(res, r, 13);
	t->at = pg_dup0(res, r, 14);
}

/* The cue at row r for its turn, unless it lies outside the reply (a
 * hand-edited row): dropped, never followed. */
static void cue_add(struct session_turn *t, const PGresult *res, int r)
{
	int c = code_parse(PQgetvalue(res, r, 1));
	long long start = pg_int(res, r, 2), len = pg_int(res, r, 3);
	size_t rl = strlen(t->reply);

	if (c < 0 || start < 0 || len < 0 || (size_t)start > rl || (size_t)len > rl - (size_t)start ||
	    t->coded.ncues >= CODER_MAX_CUES)
		return;
	t->coded.cues[t->coded.ncues].code = (enum mi_code)c;
	t->coded.cues[t->coded.ncues].start = (size_t)start;
	t->coded.cues[t->coded.ncues].len = (size_t)len;
	t->coded.ncues++;
}

/* A client line with its labels; a label this micoach does not know (a
 * newer one wrote it) is read as none. */
static void line_add(struct session_turn *t, const PGresult *res, int r)
{
	int tk = PQgetisnull(res, r, 3) ? -1 : talk_parse(PQgetvalue(res, r, 3));
	int kd = PQgetisnull(res, r, 4) ? -1 : talk_kind_parse(PQgetvalue(res, r, 4));
	bool opening = pg_int(res, r, 1) != 0;

	if ((opening ? t->nopening : t->nlines) >= SESSION_LINES_MAX)
		return;
	session_turn_add_line(t, opening, PQgetvalue(res, r, 2), tk > 0 ? (enum client_talk)tk : TALK_UNLABELLED,
			      kd > 0 ? (enum talk_kind)kd : KIND_NONE, PQgetisnull(res, r, 5) ? NULL : PQgetvalue(res, r, 5));
}

/* The turns (with codes, cues, meters, client lines and thoughts), notes and retries of the
 * sessions out[0..n), whose headers are read: nine queries whatever their
 * number, each over the array of their ids. */
static int load_bodies(struct pg_store *ps, struct session *out, size_t n, struct error *err)
{
	static const char *const detail_sql[] = {
		"SELECT c.turn, c.code FROM turns t JOIN turn_codes c ON c.turn = t.id "
		"WHERE t.session = ANY ($1::bigint[])",
		"SELECT c.turn, c.code, c.start, c.len FROM turns t JOIN turn_cues c ON c.turn = t.id "
		"WHERE t.session = ANY ($1::bigint[]) ORDER BY c.turn, c.n",
		"SELECT m.turn, m.meter, m.value FROM turns t JOIN turn_meters m ON m.turn = t.id "
		"WHERE t.session = ANY ($1::bigint[]) ORDER BY m.turn, m.n",
		"SELECT l.turn, l.opening, l.text, l.talk, l.kind, l.thought FROM turns t "
		"JOIN turn_lines l ON l.turn = t.id WHERE t.session = ANY ($1::bigint[]) ORDER BY l.turn, l.n",
		"SELECT h.turn, h.thought FROM turns t JOIN turn_thoughts h ON h.turn = t.id "
		"WHERE t.session = ANY ($1::bigint[])",
	};
	struct ref *sref = xcalloc(n + 1, sizeof *sref), *tref = NULL;
	size_t ntref = 0;
	struct strbuf ids = {0};
	const char *p[1];
	PGresult *res = NULL;
	int rc = -1;

	strbuf_adds(&ids, "{");
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(&ids, "%s%lld", i ? "," : "", (long long)out[i].info.id);
		sref[i] = (struct ref){ .id = out[i].info.id, .s = i };
	}
	strbuf_adds(&ids, "}");
	p[0] = ids.buf;
	qsort(sref, n, sizeof *sref, ref_cmp);
	if (!(res = pg_query(ps, "SELECT id, idx, node, client_line, reply, primary_code, nonadherent, empathy, "
			     "reflection, discrepancy, self_efficacy, tip, next_node, client_next, at, session "
			     "FROM turns WHERE session = ANY ($1::bigint[]) ORDER BY session, idx", 1, p, err,
			     "reading the sessions")))
		goto out;
	tref = xcalloc((size_t)PQntuples(res) + 1, sizeof *tref);
	for (int r = 0; r < PQntuples(res); r++) {
		const struct ref *sr = ref_find(sref, n, pg_int(res, r, 15));
		if (!sr)
			continue;
		turn_read(res, r, session_turn_add(&out[sr->s]));
		tref[ntref++] = (struct ref){ .id = pg_int(res, r, 0), .s = sr->s, .t = out[sr->s].nturns - 1 };
	}
	PQclear(res);
	qsort(tref, ntref, sizeof *tref, ref_cmp);
	for (size_t q = 0; q < ARRAY_SIZE(detail_sql); q++) {
		if (!(res = pg_query(ps, detail_sql[q], 1, p, err, "reading the sessions' turns")))
			goto out;
		for (int r = 0; r < PQntuples(res); r++) {
			const struct ref *tr = ref_find(tref, ntref, pg_int(res, r, 0));
			struct session_turn *t = tr ? &out[tr->s].turns[tr->t] : NULL;
			int c = q == 0 ? code_parse(PQgetvalue(res, r, 1)) : 0;
			if (!t)
				continue;
			if (q == 0 && c >= 0)
				t->coded.codes |= CODE_BIT(c);
			else if (q == 1)
				cue_add(t, res, r);
			else if (q == 2)
				session_turn_add_meter(t, PQgetvalue(res, r, 1), (int)pg_int(res, r, 2));
			else if (q == 3)
				line_add(t, res, r);
			else
				session_set(&t->thought, PQgetvalue(res, r, 1));
		}
		PQclear(res);
	}
	if (!(res = pg_query(ps, "SELECT session, id, author, text, created, turn FROM notes "
			     "WHERE session = ANY ($1::bigint[]) ORDER BY id", 1, p, err, "reading the sessions' notes")))
		goto out;
	for (int r = 0; r < PQntuples(res); r++) {
		const struct ref *sr = ref_find(sref, n, pg_int(res, r, 0));
		struct session_note *nt;
		if (!sr)
			continue;
		nt = session_note_add(&out[sr->s]);
		nt->id = pg_int(res, r, 1);
		nt->author = pg_dup0(res, r, 2);
		nt->text = pg_dup0(res, r, 3);
		nt->created = pg_dup0(res, r, 4);
		nt->turn = (int)pg_int(res, r, 5);
	}
	PQclear(res);
	if (!(res = pg_query(ps, "SELECT retry_of, id FROM sessions WHERE retry_of = ANY ($1::bigint[]) ORDER BY id",
			     1, p, err, "reading the sessions")))
		goto out;
	for (int r = 0; r < PQntuples(res); r++) {
		const struct ref *sr = ref_find(sref, n, pg_int(res, r, 0));
		if (sr)
			session_retry_add(&out[sr->s], pg_int(res, r, 1));
	}
	PQclear(res);
	rc = 0;
out:
	strbuf_release(&ids);
	free(sref);
	free(tref);
	return rc;
}

int pgs_load_session(struct pg_store *ps, int64_t id, struct session *out, struct error *err)
{
	char idtext[32];
	const char *p[] = { idtext };
	PGresult *res;

	memset(out, 0, sizeof *out);
	if (pg_ready(ps, err))
		return -1;
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	if (!(res = pg_query(ps, PG_SESSION_COLUMNS PG_SESSION_JOINS("sessions") "WHERE s.id = $1::bigint", 1, p,
			     err, "reading the session")))
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return error_set(err, EXIT_NOINPUT, "%s: no session %lld; 'micoach history' lists them", ps->name,
				 (long long)id);
	}
	session_info_read(res, 0, &out->info);
	PQclear(res);
	if (load_bodies(ps, out, 1, err)) {
		session_release(out);
		return -1;
	}
	return 0;
}

int pgs_load_sessions(struct pg_store *ps, const struct session_filter *f, struct session **out, size_t *n,
		      struct error *err)
{
	struct session_list sl;

	*out = NULL;
	*n = 0;
	if (pgs_list_sessions(ps, f, &sl, err))
		return -1;
	*out = xcalloc(sl.n + 1, sizeof **out);
	for (size_t i = 0; i < sl.n; i++) {
		(*out)[i].info = sl.items[i];        /* the header moves into the session */
		memset(&sl.items[i], 0, sizeof sl.items[i]);
	}
	*n = sl.n;
	session_list_release(&sl);
	if (load_bodies(ps, *out, *n, err)) {
		for (size_t i = 0; i < *n; i++)
			session_release(&(*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* --- Progress --------------------------------------------------------------- */

int pgs_skill_trend(struct pg_store *ps, const char *user, size_t max, struct skill_point **out, size_t *n,
		    struct error *err)
{
#define TREND_SQL(where) \
	"SELECT s.id, s.started, sc.scenario_id, ss.empathy, ss.reflection, ss.discrepancy, " \
	"ss.self_efficacy, ss.overall FROM sessions s " \
	"JOIN session_scores ss ON ss.session = s.id JOIN scenarios sc ON sc.id = s.scenario " \
	where " ORDER BY s.started DESC, s.id DESC LIMIT $1::bigint"
	static const char sql_user[] = TREND_SQL("WHERE s.\"user\" = (SELECT id FROM users WHERE name = $2)");
	static const char sql_all[] = TREND_SQL("");
#undef TREND_SQL
	struct pg_args a = {0};
	struct skill_point *p;
	PGresult *res;
	int rows;

	*out = NULL;
	*n = 0;
	if (pg_ready(ps, err))
		return -1;
	if (max)
		pg_arg_int(&a, (long long)max);
	else
		pg_arg(&a, NULL);
	if (user)
		pg_arg(&a, user);
	if (!(res = pg_query(ps, user ? sql_user : sql_all, a.n, a.v, err, "reading the skill trend")))
		return -1;
	rows = PQntuples(res);
	p = xcalloc((size_t)rows + 1, sizeof *p);
	/* Newest first from the query; callers want time order. */
	for (int r = 0; r < rows; r++) {
		struct skill_point *q = &p[rows - 1 - r];
		q->session = pg_int(res, r, 0);
		snprintf(q->started, sizeof q->started, "%s", PQgetvalue(res, r, 1));
		snprintf(q->scenario_id, sizeof q->scenario_id, "%s", PQgetvalue(res, r, 2));
		for (int k = 0; k < SKILL_COUNT; k++)
			q->skill[k] = (int)pg_int(res, r, 3 + k);
		q->overall = (int)pg_int(res, r, 7);
	}
	PQclear(res);
	*out = p;
	*n = (size_t)rows;
	return 0;
}

int pgs_best_scores(struct pg_store *ps, const char *user, struct scenario_best **out, size_t *n,
		    struct error *err)
{
	/* One pass over the user's sessions, grouped in the query; the best
	 * session is found by the packed key overall*2^40+id, as in read.c. */
#define BEST_SQL(where) \
	"SELECT sc.scenario_id, max(sc.title), max(p.pack_id), max(ss.overall), " \
	"max(CASE WHEN ss.overall IS NULL THEN NULL ELSE ss.overall * 1099511627776 + s.id END), " \
	"count(*), max(s.started) FROM sessions s " \
	"JOIN scenarios sc ON sc.id = s.scenario JOIN packs p ON p.id = sc.pack " \
	"LEFT JOIN session_scores ss ON ss.session = s.id " where \
	" GROUP BY sc.scenario_id ORDER BY 4 DESC NULLS LAST, 1"
	static const char sql_user[] = BEST_SQL("WHERE s.\"user\" = (SELECT id FROM users WHERE name = $1)");
	static const char sql_all[] = BEST_SQL("");
#undef BEST_SQL
	const char *p[] = { user };
	struct scenario_best *b;
	PGresult *res;
	int rows;

	*out = NULL;
	*n = 0;
	if (pg_ready(ps, err))
		return -1;
	if (!(res = pg_query(ps, user ? sql_user : sql_all, user ? 1 : 0, p, err, "reading best scores")))
		return -1;
	rows = PQntuples(res);
	b = xcalloc((size_t)rows + 1, sizeof *b);
	for (int r = 0; r < rows; r++) {
		struct scenario_best *q = &b[r];
		q->scenario_id = pg_dup0(res, r, 0);
		q->scenario_title = pg_dup0(res, r, 1);
		q->pack_id = pg_dup0(res, r, 2);
		q->best = PQgetisnull(res, r, 3) ? -1 : (int)pg_int(res, r, 3);
		q->best_session = PQgetisnull(res, r, 4) ? 0 : (int64_t)(pg_int(res, r, 4) % 1099511627776LL);
		q->attempts = (int)pg_int(res, r, 5);
		q->last = pg_dup0(res, r, 6);
	}
	PQclear(res);
	*out = b;
	*n = (size_t)rows;
	return 0;
}
