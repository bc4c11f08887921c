/* store/pg_trainer.c: the trainers' part of the store on PostgreSQL
 * (pg_backend.h): assignments, which here belong to a cohort and reach its
 * trainees at once; attempts; imports and carried notes; and importing
 * recovery files (recover, push), exactly once by session uid. The same
 * queries as store/trainer.c and store/recovered.c in PostgreSQL's dialect;
 * row-level security decides what a role sees. */
#include "pg_int.h"
#include "pg_backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/clock.h"


/* --- Assignments ------------------------------------------------------------ */

/* The cohort a new assignment is for: the one store_set_cohort named, else
 * the one cohort the role trains. *id 0: none (the administrator's own). */
static int assignment_cohort(struct pg_store *ps, char id[32], struct error *err)
{
	const char *p[] = { ps->cohort };
	PGresult *res;
	int rc = 0;

	id[0] = '\0';
	if (ps->cohort) {
		if (!(res = pg_query(ps, "SELECT id FROM cohorts WHERE name = $1", 1, p, err, "finding the cohort")))
			return -1;
		if (PQntuples(res) == 1)
			snprintf(id, 32, "%s", PQgetvalue(res, 0, 0));
		else
			rc = error_set(err, EXIT_NOINPUT, "%s: no cohort '%s' that role %s belongs to; 'micoach db users' "
				       "shows the cohorts", ps->name, ps->cohort, ps->role ? ps->role : "?");
		PQclear(res);
		return rc;
	}
	if (!(res = pg_query(ps, "SELECT id, name FROM cohorts WHERE id = ANY (trained_cohorts(current_user)) "
			     "ORDER BY name", 0, NULL, err, "finding the cohort")))
		return -1;
	if (PQntuples(res) == 1) {
		snprintf(id, 32, "%s", PQgetvalue(res, 0, 0));
	} else if (PQntuples(res) > 1) {
		struct strbuf names = {0};
		for (int r = 0; r < PQntuples(res); r++)
			strbuf_addf(&names, "%s%s", r ? ", " : "", PQgetvalue(res, r, 1));
		rc = error_set(err, EXIT_USAGE, "%s: role %s trains several cohorts (%s): name the one this "
			       "assignment is for with --cohort", ps->name, ps->role ? ps->role : "?", names.buf);
		strbuf_release(&names);
	}
	PQclear(res);
	return rc;
}

int pgs_assignment_put(struct pg_store *ps, const struct assignment *a, const char *source, int64_t *id,
		       bool *updated, struct error *err)
{
	static const char sql[] =
		"INSERT INTO assignments(uid, title, pack_id, pack_version, scenarios, due, mode, pass_rules, "
		"trainer, source, added, cohort) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::bigint) "
		"ON CONFLICT (uid) DO UPDATE SET title = $2, pack_id = $3, pack_version = $4, scenarios = $5, "
		"due = $6, mode = $7, pass_rules = $8, trainer = $9, source = $10, "
		"cohort = coalesce($12::bigint, assignments.cohort) RETURNING id, xmax::text <> '0'";
	struct strbuf scen = {0}, rules = {0};
	struct pg_args args = {0};
	char now[32], cohort[32];
	PGresult *res;
	bool own;
	int rc = -1;

	iso_now(now, sizeof now);
	for (size_t i = 0; i < a->nscenarios; i++)
		strbuf_addf(&scen, "%s%s", i ? "," : "", a->scenarios[i]);
	pass_rules_format(&a->pass, &rules);
	if (pg_w_begin(ps, &own, err))
		goto out0;
	if (assignment_cohort(ps, cohort, err))
		goto out;
	pg_arg(&args, a->id);
	pg_arg(&args, a->title);
	pg_arg(&args, a->pack_id);
	pg_arg(&args, a->pack_version);
	pg_arg(&args, scen.buf ? scen.buf : "");
	pg_arg(&args, a->due);
	pg_arg(&args, a->exam ? "exam" : "coach");
	pg_arg(&args, rules.buf ? rules.buf : "");
	pg_arg(&args, a->trainer);
	pg_arg(&args, source);
	pg_arg(&args, now);
	pg_arg(&args, *cohort ? cohort : NULL);
	if (!(res = pg_query(ps, sql, args.n, args.v, err, "saving the assignment")))
		goto out;
	*id = pg_int(res, 0, 0);
	if (updated)
		*updated = pg_bool(res, 0, 1);
	PQclear(res);
	rc = 0;
out:
	rc = pg_w_end(ps, own, rc, err);
out0:
	strbuf_release(&scen);
	strbuf_release(&rules);
	return rc;
}

#define PG_ASSIGNMENT_COLUMNS \
	"SELECT id, uid, title, pack_id, pack_version, scenarios, due, mode, pass_rules, trainer, added FROM assignments "

static int assignment_read(const PGresult *res, int r, struct assignment_entry *e, struct error *err)
{
	const char *col[11];

	for (int i = 0; i < 11; i++)
		col[i] = PQgetisnull(res, r, i) ? NULL : PQgetvalue(res, r, i);
	return store_assignment_fill(e, pg_int(res, r, 0), col, err);
}

int pgs_assignment_get(struct pg_store *ps, const char *uid, struct assignment *a, int64_t *id,
		       struct error *err)
{
	const char *p[] = { uid };
	struct assignment_entry e;
	PGresult *res;
	int rc;

	memset(a, 0, sizeof *a);
	if (pg_ready(ps, err) ||
	    !(res = pg_query(ps, PG_ASSIGNMENT_COLUMNS "WHERE uid = $1", 1, p, err, "reading the assignment")))
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return error_set(err, EXIT_NOINPUT, "no assignment '%s' in %s; 'micoach assignments' lists them", uid,
				 ps->name);
	}
	rc = assignment_read(res, 0, &e, err);
	PQclear(res);
	free(e.added);
	if (rc) {
		assignment_release(&e.a);
		return -1;
	}
	*a = e.a;
	*id = e.id;
	return 0;
}

int pgs_assignment_list(struct pg_store *ps, struct assignment_entry **out, size_t *n, struct error *err)
{
	struct assignment_entry *v;
	PGresult *res;
	int rows;

	*out = NULL;
	*n = 0;
	if (pg_ready(ps, err) ||
	    !(res = pg_query(ps, PG_ASSIGNMENT_COLUMNS "ORDER BY due IS NULL, due, uid", 0, NULL, err,
			     "listing assignments")))
		return -1;
	rows = PQntuples(res);
	v = xcalloc((size_t)rows + 1, sizeof *v);
	for (int r = 0; r < rows; r++) {
		if (assignment_read(res, r, &v[r], err)) {
			store_assignments_free(v, (size_t)r + 1);
			PQclear(res);
			return -1;
		}
	}
	PQclear(res);
	*out = v;
	*n = (size_t)rows;
	return 0;
}

int pgs_assignment_remove(struct pg_store *ps, const char *uid, struct error *err)
{
	const char *p[] = { uid };
	PGresult *res;
	long n;

	if (pg_ready(ps, err) ||
	    !(res = pg_query(ps, "DELETE FROM assignments WHERE uid = $1", 1, p, err, "removing the assignment")))
		return -1;
	n = pg_changed(res);
	PQclear(res);
	if (n == 0)
		return error_set(err, EXIT_NOINPUT, "no assignment '%s' in %s that role %s may remove; "
				 "'micoach assignments' lists them", uid, ps->name, ps->role ? ps->role : "?");
	return 0;
}

int pgs_assignment_attempts(struct pg_store *ps, int64_t assignment, const char *user,
			    struct assignment_attempt **out, size_t *n, struct error *err)
{
	static const char sql[] =
		"SELECT s.id, u.name, sc.scenario_id, s.started, s.outcome, s.import IS NOT NULL, "
		"ss.session IS NOT NULL, ss.replies, ss.empathy, ss.reflection, ss.discrepancy, ss.self_efficacy, "
		"ss.overall, ss.rq_ratio, ss.pct_complex, ss.adherent, ss.nonadherent, "
		/* Kept on the session by add_turn() and rescoring; worked out only
		 * for a session written some other way. */
		"coalesce(s.codes, (SELECT string_agg(DISTINCT tc.code, ',') FROM turns t "
		" JOIN turn_codes tc ON tc.turn = t.id WHERE t.session = s.id)) "
		"FROM sessions s JOIN users u ON u.id = s.\"user\" JOIN scenarios sc ON sc.id = s.scenario "
		"LEFT JOIN session_scores ss ON ss.session = s.id "
		"WHERE s.assignment = $1::bigint AND ($2::text IS NULL OR u.name = $2::text) "
		"ORDER BY u.name, sc.scenario_id, s.started, s.id";
	struct pg_args args = {0};
	struct assignment_attempt *v;
	PGresult *res;
	int rows;

	*out = NULL;
	*n = 0;
	pg_arg_int(&args, (long long)assignment);
	pg_arg(&args, user);
	if (pg_ready(ps, err) ||
	    !(res = pg_query(ps, sql, args.n, args.v, err, "reading the assignment's sessions")))
		return -1;
	rows = PQntuples(res);
	v = xcalloc((size_t)rows + 1, sizeof *v);
	for (int r = 0; r < rows; r++) {
		struct assignment_attempt *a = &v[r];
		a->session = pg_int(res, r, 0);
		a->user = pg_dup(res, r, 1);
		a->scenario_id = pg_dup(res, r, 2);
		a->started = pg_dup(res, r, 3);
		a->outcome = pg_dup(res, r, 4);
		a->imported = pg_bool(res, r, 5);
		a->at.outcome = a->outcome;
		a->at.scored = pg_bool(res, r, 6);
		a->scores.rq_ratio = a->scores.pct_complex = -1;
		a->at.rq_ratio = a->at.pct_complex = -1;
		if (a->at.scored) {
			a->scores.replies = a->at.replies = (int)pg_int(res, r, 7);
			for (int k = 0; k < SKILL_COUNT; k++)
				a->scores.skill[k] = a->at.skill[k] = (int)pg_int(res, r, 8 + k);
			a->scores.overall = a->at.overall = (int)pg_int(res, r, 12);
			a->scores.rq_ratio = a->at.rq_ratio = pg_real(res, r, 13, -1);
			a->scores.pct_complex = a->at.pct_complex = pg_real(res, r, 14, -1);
			a->scores.adherent = (int)pg_int(res, r, 15);
			a->scores.nonadherent = (int)pg_int(res, r, 16);
		}
		if (!PQgetisnull(res, r, 17)) {
			char *copy = xstrdup(PQgetvalue(res, r, 17)), *save = NULL;
			for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
				int c = code_parse(t);
				if (c >= 0)
					a->at.codes |= CODE_BIT(c);
			}
			free(copy);
		}
	}
	PQclear(res);
	*out = v;
	*n = (size_t)rows;
	return 0;
}

/* --- Rosters ------------------------------------------------------------------- */

static int names_read(PGresult *res, char ***names, size_t *n)
{
	int rows = PQntuples(res);

	*names = xcalloc((size_t)rows + 1, sizeof **names);
	for (int r = 0; r < rows; r++)
		(*names)[r] = pg_dup0(res, r, 0);
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

int pgs_roster_get(struct pg_store *ps, int64_t assignment, char ***names, size_t *n, struct error *err)
{
	struct pg_args a = {0};
	PGresult *res;

	*names = NULL;
	*n = 0;
	pg_arg_int(&a, (long long)assignment);
	if (pg_ready(ps, err) ||
	    !(res = pg_query(ps, "SELECT name FROM assignment_trainees WHERE assignment = $1::bigint AND removed IS NULL "
			     "ORDER BY name", a.n, a.v, err, "reading the roster")))
		return -1;
	if (PQntuples(res) > 0)
		return names_read(res, names, n);
	PQclear(res);
	/* No roster named: the trainees of the assignment's cohort (those the
	 * role may see). */
	if (!(res = pg_query(ps, "SELECT u.name FROM assignments a JOIN cohort_members m ON m.cohort = a.cohort "
			     "JOIN users u ON u.id = m.\"user\" WHERE a.id = $1::bigint AND u.role = 'trainee' ORDER BY u.name",
			     a.n, a.v, err, "reading the cohort")))
		return -1;
	return names_read(res, names, n);
}

/* Run sql ($1 the assignment, $2 the name, $3 now) once a name; *changed
 * counts the rows it changed. */
static int roster_each(struct pg_store *ps, const char *sql, int64_t assignment, const char *const *names, size_t n,
		       int *changed, struct error *err)
{
	char now[32];

	iso_now(now, sizeof now);
	for (size_t i = 0; i < n; i++) {
		struct pg_args a = {0};
		PGresult *res;
		pg_arg_int(&a, (long long)assignment);
		pg_arg(&a, names[i]);
		pg_arg(&a, now);
		if (!(res = pg_query(ps, sql, a.n, a.v, err, "changing the roster")))
			return -1;
		*changed += (int)pg_changed(res);
		PQclear(res);
	}
	return 0;
}

int pgs_roster_change(struct pg_store *ps, int64_t assignment, const char *const *add, size_t nadd,
		      const char *const *remove, size_t nremove, int *added, int *removed, struct error *err)
{
	bool own;
	int rc = -1;

	*added = *removed = 0;
	if (pg_w_begin(ps, &own, err))
		return -1;
	/* A trainee taken off keeps their row, with when (removed); added again,
	 * they are back on. */
	if (!roster_each(ps, "INSERT INTO assignment_trainees(assignment, name, added) VALUES ($1::bigint, $2, $3) "
			     "ON CONFLICT (assignment, name) DO UPDATE SET removed = NULL "
			     "WHERE assignment_trainees.removed IS NOT NULL", assignment, add, nadd, added, err) &&
	    !roster_each(ps, "UPDATE assignment_trainees SET removed = $3 "
			     "WHERE assignment = $1::bigint AND name = $2 AND removed IS NULL",
			 assignment, remove, nremove, removed, err))
		rc = 0;
	return pg_w_end(ps, own, rc, err);
}

int pgs_assignment_files(struct pg_store *ps, int64_t assignment, struct assignment_file_entry **out, size_t *n,
			 struct error *err)
{
	struct pg_args a = {0};
	PGresult *res;
	int rows;

	*out = NULL;
	*n = 0;
	pg_arg_int(&a, (long long)assignment);
	if (pg_ready(ps, err) ||
	    !(res = pg_query(ps, "SELECT trainee, imported, sessions FROM imports WHERE assignment = $1::bigint "
			     "ORDER BY imported, id", a.n, a.v, err, "reading the imports")))
		return -1;
	rows = PQntuples(res);
	*out = xcalloc((size_t)rows + 1, sizeof **out);
	for (int r = 0; r < rows; r++) {
		(*out)[r].trainee = pg_dup(res, r, 0);
		(*out)[r].imported = pg_dup(res, r, 1);
		(*out)[r].sessions = (int)pg_int(res, r, 2);
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

/* --- Imports ------------------------------------------------------------------ */

int pgs_import_find(struct pg_store *ps, const char *checksum, int64_t *id, struct error *err)
{
	const char *p[] = { checksum };
	PGresult *res;

	*id = 0;
	if (pg_ready(ps, err) ||
	    !(res = pg_query(ps, "SELECT id FROM imports WHERE checksum = $1", 1, p, err, "reading imports")))
		return -1;
	if (PQntuples(res) == 1)
		*id = pg_int(res, 0, 0);
	PQclear(res);
	return 0;
}

int pgs_import_add(struct pg_store *ps, const char *checksum, const char *file, const char *trainee,
		   int64_t assignment, int64_t *id, struct error *err)
{
	struct pg_args a = {0};
	char now[32];
	PGresult *res;

	iso_now(now, sizeof now);
	pg_arg(&a, checksum);
	pg_arg(&a, file);
	pg_arg(&a, trainee);
	pg_arg_id(&a, assignment);
	pg_arg(&a, now);
	if (pg_ready(ps, err) ||
	    !(res = pg_query(ps, "INSERT INTO imports(checksum, file, trainee, assignment, imported) "
			     "VALUES ($1, $2, $3, $4::bigint, $5) RETURNING id", a.n, a.v, err, "recording the import")))
		return -1;
	*id = pg_int(res, 0, 0);
	PQclear(res);
	return 0;
}

int pgs_import_set_count(struct pg_store *ps, int64_t import, int sessions, struct error *err)
{
	struct pg_args a = {0};

	pg_arg_int(&a, (long long)import);
	pg_arg_int(&a, sessions);
	return pg_ready(ps, err) || pg_command(ps, "UPDATE imports SET sessions = $2::int WHERE id = $1::bigint",
					       a.n, a.v, err, "recording the import") ? -1 : 0;
}

/* The session with this uid: *id 0 when none (or not this role's to see). */
static int find_uid(struct pg_store *ps, const char *uid, int64_t *id, bool *ended, bool *imported,
		    struct error *err)
{
	const char *p[] = { uid };
	PGresult *res;

	*id = 0;
	if (!(res = pg_query(ps, "SELECT id, outcome IS NOT NULL, import IS NOT NULL FROM sessions WHERE uid = $1",
			     1, p, err, "reading sessions")))
		return -1;
	if (PQntuples(res) == 1) {
		*id = pg_int(res, 0, 0);
		if (ended)
			*ended = pg_bool(res, 0, 1);
		if (imported)
			*imported = pg_bool(res, 0, 2);
	}
	PQclear(res);
	return 0;
}

int pgs_session_find_uid(struct pg_store *ps, const char *uid, int64_t *id, bool *imported, struct error *err)
{
	if (imported)
		*imported = false;
	return pg_ready(ps, err) || find_uid(ps, uid, id, NULL, imported, err) ? -1 : 0;
}

int pgs_import_session(struct pg_store *ps, const struct session *ss, int64_t import, int64_t assignment,
		       int64_t *id, struct error *err)
{
	struct session_info start = ss->info; /* a view: nothing in it is freed here */
	struct pg_args a = {0};
	bool own;
	int rc = -1;

	/* The file's own links name rows of the trainee's database. */
	start.retry_of = 0;
	start.retry_turn = 0;
	start.assignment_id = assignment;
	if (pg_w_begin(ps, &own, err))
		return -1;
	if (pgs_begin_session(ps, &start, id, err))
		goto out;
	for (size_t i = 0; i < ss->nturns; i++)
		if (pgs_add_turn(ps, *id, &ss->turns[i], err))
			goto out;
	pg_arg_int(&a, (long long)*id);
	pg_arg(&a, ss->info.ended);
	pg_arg(&a, ss->info.outcome);
	pg_arg_id(&a, import);
	if (ss->info.hints_recorded)
		pg_arg_int(&a, ss->info.hints);
	else
		pg_arg(&a, NULL);
	if (pg_command(ps, "UPDATE sessions SET ended = $2, outcome = $3, import = $4::bigint, hints = $5::int "
		       "WHERE id = $1::bigint",
		       a.n, a.v, err, "importing a session"))
		goto out;
	if (ss->info.has_scores && pgs_put_scores(ps, *id, &ss->info.scores, err))
		goto out;
	rc = 0;
out:
	return pg_w_end(ps, own, rc, err);
}

/* --- Notes ------------------------------------------------------------------------ */

int pgs_notes_list(struct pg_store *ps, int64_t assignment, const char *user, struct session_note **out,
		   size_t *n, struct error *err)
{
	static const char sql[] =
		"SELECT n.uid, s.uid, n.author, n.text, n.created, n.turn FROM notes n "
		"JOIN sessions s ON s.id = n.session JOIN users u ON u.id = s.\"user\" "
		"WHERE ($1::bigint = 0 OR s.assignment = $1::bigint) AND ($2::text IS NULL OR u.name = $2::text) "
		"ORDER BY n.id";
	struct pg_args a = {0};
	struct session_note *v;
	PGresult *res;
	int rows;

	*out = NULL;
	*n = 0;
	pg_arg_int(&a, (long long)assignment);
	pg_arg(&a, user);
	if (pg_ready(ps, err) || !(res = pg_query(ps, sql, a.n, a.v, err, "reading notes")))
		return -1;
	rows = PQntuples(res);
	v = xcalloc((size_t)rows + 1, sizeof *v);
	for (int r = 0; r < rows; r++) {
		v[r].uid = pg_dup(res, r, 0);
		v[r].session_uid = pg_dup(res, r, 1);
		v[r].author = pg_dup(res, r, 2);
		v[r].text = pg_dup(res, r, 3);
		v[r].created = pg_dup(res, r, 4);
		v[r].turn = (int)pg_int(res, r, 5);
	}
	PQclear(res);
	*out = v;
	*n = (size_t)rows;
	return 0;
}

int pgs_note_import(struct pg_store *ps, const struct session_note *e, bool *added, struct error *err)
{
	struct pg_args a = {0};
	int64_t session;
	PGresult *res;

	*added = false;
	if (pgs_session_find_uid(ps, e->session_uid, &session, NULL, err))
		return -1;
	if (!session)
		return error_set(err, EXIT_NOINPUT, "no session %s here", e->session_uid);
	pg_arg(&a, e->uid);
	pg_arg_int(&a, (long long)session);
	pg_arg(&a, e->author ? e->author : "");
	pg_arg(&a, e->text ? e->text : "");
	pg_arg(&a, e->created);
	if (e->turn > 0)
		pg_arg_int(&a, e->turn);
	else
		pg_arg(&a, NULL);
	if (!(res = pg_query(ps, "INSERT INTO notes(uid, session, author, text, created, turn) VALUES "
			     "($1, $2::bigint, $3, $4, $5, $6::int) ON CONFLICT (uid) DO NOTHING", a.n, a.v, err,
			     "saving a note")))
		return -1;
	*added = pg_changed(res) == 1;
	PQclear(res);
	return 0;
}

int pgs_session_uid(struct pg_store *ps, int64_t id, char **uid, struct error *err)
{
	struct pg_args a = {0};
	PGresult *res;

	*uid = NULL;
	pg_arg_int(&a, (long long)id);
	if (pg_ready(ps, err) ||
	    !(res = pg_query(ps, "SELECT uid FROM sessions WHERE id = $1::bigint", 1, a.v, err, "reading sessions")))
		return -1;
	if (PQntuples(res) == 1)
		*uid = pg_dup(res, 0, 0);
	PQclear(res);
	if (!*uid)
		return error_set(err, EXIT_NOINPUT, "%s: no session %lld; 'micoach history' lists them", ps->name,
				 (long long)id);
	return 0;
}

/* --- Recovery files ------------------------------------------------------------------ */

/* End the session as the file says: its outcome, a summary of all its
 * turns, and the time it ended there. */
static int end_recovered(struct pg_store *ps, int64_t id, const struct session *ss, struct error *err)
{
	struct pg_args a = {0};
	struct summary sum;

	session_summary(ss, &sum);
	if (pgs_end_session(ps, id, ss->info.outcome, &sum, err))
		return -1;
	if (!ss->info.ended)
		return 0;
	pg_arg_int(&a, (long long)id);
	pg_arg(&a, ss->info.ended);
	return pg_command(ps, "UPDATE sessions SET ended = $2 WHERE id = $1::bigint", a.n, a.v, err,
			  "ending the session");
}

int pgs_recover_session(struct pg_store *ps, const struct session *ss, int64_t *id, int *added, bool *created,
			struct error *err)
{
	bool *have = xcalloc(ss->nturns + 2, sizeof *have), ended = false;
	struct pg_args a = {0};
	PGresult *res;

	*id = 0;
	*added = 0;
	*created = false;
	if (pgs_tx_begin(ps, err)) {
		free(have);
		return -1;
	}
	if (find_uid(ps, ss->info.uid, id, &ended, NULL, err))
		goto fail;
	if (!*id) {
		struct session_info start = ss->info;
		if (pgs_begin_session(ps, &start, id, err)) {
			/* The file came from another database: keep the session, drop its
			 * links (a savepoint would do; a fresh transaction is simpler). */
			if (!err || err->status != EXIT_NOINPUT || !(start.retry_of || start.assignment_id))
				goto fail;
			pg_rollback(ps);
			if (pgs_tx_begin(ps, err))
				goto fail;
			start.retry_of = 0;
			start.retry_turn = 0;
			start.assignment_id = 0;
			if (pgs_begin_session(ps, &start, id, err))
				goto fail;
		}
		*created = true;
	}
	pg_arg_int(&a, (long long)*id);
	if (!(res = pg_query(ps, "SELECT idx FROM turns WHERE session = $1::bigint", 1, a.v, err,
			     "reading the session's turns")))
		goto fail;
	for (int r = 0; r < PQntuples(res); r++) {
		long long idx = pg_int(res, r, 0);
		if (idx >= 1 && (size_t)idx <= ss->nturns)
			have[idx] = true;
	}
	PQclear(res);
	for (size_t i = 0; i < ss->nturns; i++) {
		const struct session_turn *t = &ss->turns[i];
		if (t->index >= 1 && (size_t)t->index <= ss->nturns && have[t->index])
			continue;
		if (pgs_add_turn(ps, *id, t, err))
			goto fail;
		++*added;
	}
	if (!ended && ss->info.outcome && end_recovered(ps, *id, ss, err))
		goto fail;
	free(have);
	return pgs_tx_commit(ps, err);
fail:
	free(have);
	pg_rollback(ps);
	return -1;
}
