/* store/trainer.c: assignments, attempts, imports and carried notes (see
 * store_trainer.h). Part of the store: values are always bound, never
 * pasted into SQL. */
#include "store_int.h"
#include "store/store_trainer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "io/clock.h"

static char *col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? xstrdup((const char *)t) : NULL;
}

static int prepare(struct store *st, const char *sql, sqlite3_stmt **s, struct error *err, const char *what)
{
	int rc = sqlite3_prepare_v2(st->db, sql, -1, s, NULL);

	if (rc != SQLITE_OK) {
		sqlite3_finalize(*s);
		*s = NULL;
		return store_fail(st, err, rc, what);
	}
	return 0;
}

/* Run a one-shot statement to completion and finalize it. */
static int finish(struct store *st, sqlite3_stmt *s, struct error *err, const char *what)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		;
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, rc, what);
}

/* --- Assignments ------------------------------------------------------------ */

int store_assignment_put(struct store *st, const struct assignment *a, const char *source,
			 int64_t *id, bool *updated, struct error *err)
{
	static const char sql[] =
		"INSERT INTO assignments(uid, title, pack_id, pack_version, scenarios, due, mode, pass_rules, "
		"trainer, source, added) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
		"ON CONFLICT(uid) DO UPDATE SET title = ?2, pack_id = ?3, pack_version = ?4, scenarios = ?5, "
		"due = ?6, mode = ?7, pass_rules = ?8, trainer = ?9, source = ?10";
	struct strbuf scen = {0}, rules = {0};
	sqlite3_stmt *s = NULL;
	char now[32];
	int64_t old = 0;
	bool own;
	int rc = -1;

	iso_now(now, sizeof now);
	for (size_t i = 0; i < a->nscenarios; i++)
		strbuf_addf(&scen, "%s%s", i ? "," : "", a->scenarios[i]);
	pass_rules_format(&a->pass, &rules);
	if (store_w_begin(st, &own, err))
		goto out0;
	if (prepare(st, "SELECT id FROM assignments WHERE uid = ?1", &s, err, "reading assignments"))
		goto out;
	store_bind_text(s, 1, a->id);
	if (sqlite3_step(s) == SQLITE_ROW)
		old = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (prepare(st, sql, &s, err, "saving the assignment"))
		goto out;
	store_bind_text(s, 1, a->id);
	store_bind_text(s, 2, a->title);
	store_bind_text(s, 3, a->pack_id);
	store_bind_text(s, 4, a->pack_version);
	store_bind_text(s, 5, scen.buf ? scen.buf : "");
	store_bind_text(s, 6, a->due);
	store_bind_text(s, 7, a->exam ? "exam" : "coach");
	store_bind_text(s, 8, rules.buf);
	store_bind_text(s, 9, a->trainer);
	store_bind_text(s, 10, source);
	store_bind_text(s, 11, now);
	if (finish(st, s, err, "saving the assignment"))
		goto out;
	if (old) {
		*id = old;
	} else {
		*id = sqlite3_last_insert_rowid(st->db);
	}
	if (updated)
		*updated = old != 0;
	rc = 0;
out:
	rc = store_w_end(st, own, rc, err);
out0:
	strbuf_release(&scen);
	strbuf_release(&rules);
	return rc;
}

#define ASSIGNMENT_COLUMNS \
	"SELECT id, uid, title, pack_id, pack_version, scenarios, due, mode, pass_rules, trainer, added FROM assignments "

static int assignment_read(sqlite3_stmt *s, struct assignment_entry *e, struct error *err)
{
	const char *scen = (const char *)sqlite3_column_text(s, 5);
	const char *rules = (const char *)sqlite3_column_text(s, 8);
	struct assignment *a = &e->a;

	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(s, 0);
	a->id = col_dup(s, 1);
	a->title = col_dup(s, 2);
	a->pack_id = col_dup(s, 3);
	a->pack_version = col_dup(s, 4);
	a->due = col_dup(s, 6);
	a->exam = sqlite3_column_text(s, 7) && !strcmp((const char *)sqlite3_column_text(s, 7), "exam");
	a->trainer = col_dup(s, 9);
	e->added = col_dup(s, 10);
	if (scen && *scen && assignment_set_scenarios(a, scen, err))
		return -1;
	if (pass_rules_parse(rules ? rules : "", &a->pass, err)) {
		err->status = EXIT_DATAERR;
		return -1;
	}
	return 0;
}

int store_assignment_get(struct store *st, const char *uid, struct assignment *a, int64_t *id,
			 struct error *err)
{
	sqlite3_stmt *s = NULL;
	struct assignment_entry e;
	int rc;

	memset(a, 0, sizeof *a);
	if (prepare(st, ASSIGNMENT_COLUMNS "WHERE uid = ?1", &s, err, "reading the assignment"))
		return -1;
	store_bind_text(s, 1, uid);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(s);
		return error_set(err, EXIT_NOINPUT, "no assignment '%s' in %s; 'micoach assignments' lists them",
				 uid, st->path);
	}
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		return store_fail(st, err, rc, "reading the assignment");
	}
	rc = assignment_read(s, &e, err);
	sqlite3_finalize(s);
	free(e.added);
	if (rc) {
		assignment_release(&e.a);
		return -1;
	}
	*a = e.a;
	*id = e.id;
	return 0;
}

int store_assignment_list(struct store *st, struct assignment_entry **out, size_t *n, struct error *err)
{
	sqlite3_stmt *s = NULL;
	struct assignment_entry *v = NULL;
	size_t cnt = 0, alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (prepare(st, ASSIGNMENT_COLUMNS "ORDER BY due IS NULL, due, uid", &s, err, "listing assignments"))
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ALLOC_GROW(v, cnt + 1, alloc);
		if (assignment_read(s, &v[cnt], err)) {
			assignment_release(&v[cnt].a);
			free(v[cnt].added);
			sqlite3_finalize(s);
			store_assignments_free(v, cnt);
			return -1;
		}
		cnt++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_assignments_free(v, cnt);
		return store_fail(st, err, rc, "listing assignments");
	}
	*out = v;
	*n = cnt;
	return 0;
}

void store_assignments_free(struct assignment_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		assignment_release(&e[i].a);
		free(e[i].added);
	}
	free(e);
}

int store_assignment_remove(struct store *st, const char *uid, struct error *err)
{
	sqlite3_stmt *s = NULL;

	if (prepare(st, "DELETE FROM assignments WHERE uid = ?1", &s, err, "removing the assignment"))
		return -1;
	store_bind_text(s, 1, uid);
	if (finish(st, s, err, "removing the assignment"))
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return error_set(err, EXIT_NOINPUT, "no assignment '%s' in %s; 'micoach assignments' lists them", uid,
				 st->path);
	return 0;
}

int store_assignment_attempts(struct store *st, int64_t assignment, const char *user,
			      struct assignment_attempt **out, size_t *n, struct error *err)
{
	static const char sql[] =
		"SELECT s.id, u.name, sc.scenario_id, s.started, s.outcome, s.import IS NOT NULL, "
		"ss.session IS NOT NULL, ss.replies, ss.empathy, ss.reflection, ss.discrepancy, ss.self_efficacy, "
		"ss.overall, ss.rq_ratio, ss.pct_complex, ss.adherent, ss.nonadherent, "
		"(SELECT group_concat(DISTINCT tc.code) FROM turns t JOIN turn_codes tc ON tc.turn = t.id "
		" WHERE t.session = s.id) "
		"FROM sessions s JOIN users u ON u.id = s.user JOIN scenarios sc ON sc.id = s.scenario "
		"LEFT JOIN session_scores ss ON ss.session = s.id "
		"WHERE s.assignment = ?1 AND (?2 IS NULL OR u.name = ?2) "
		"ORDER BY u.name, sc.scenario_id, s.started, s.id";
	sqlite3_stmt *s = NULL;
	struct assignment_attempt *v = NULL;
	size_t cnt = 0, alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (prepare(st, sql, &s, err, "reading the assignment's sessions"))
		return -1;
	sqlite3_bind_int64(s, 1, assignment);
	store_bind_text(s, 2, user);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ALLOC_GROW(v, cnt + 1, alloc);
		struct assignment_attempt *a = &v[cnt++];
		memset(a, 0, sizeof *a);
		a->session = sqlite3_column_int64(s, 0);
		a->user = col_dup(s, 1);
		a->scenario_id = col_dup(s, 2);
		a->started = col_dup(s, 3);
		a->outcome = col_dup(s, 4);
		a->imported = sqlite3_column_int(s, 5) != 0;
		a->at.outcome = a->outcome;
		a->at.scored = sqlite3_column_int(s, 6) != 0;
		a->scores.rq_ratio = a->scores.pct_complex = -1;
		a->at.rq_ratio = a->at.pct_complex = -1;
		if (a->at.scored) {
			a->scores.replies = a->at.replies = sqlite3_column_int(s, 7);
			for (int k = 0; k < SKILL_COUNT; k++)
				a->scores.skill[k] = a->at.skill[k] = sqlite3_column_int(s, 8 + k);
			a->scores.overall = a->at.overall = sqlite3_column_int(s, 12);
			if (sqlite3_column_type(s, 13) != SQLITE_NULL)
				a->scores.rq_ratio = a->at.rq_ratio = sqlite3_column_double(s, 13);
			if (sqlite3_column_type(s, 14) != SQLITE_NULL)
				a->scores.pct_complex = a->at.pct_complex = sqlite3_column_double(s, 14);
			a->scores.adherent = sqlite3_column_int(s, 15);
			a->scores.nonadherent = sqlite3_column_int(s, 16);
		}
		const char *codes = (const char *)sqlite3_column_text(s, 17);
		if (codes) {
			char *copy = xstrdup(codes), *save = NULL;
			for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
				int c = code_parse(t);
				if (c >= 0)
					a->at.codes |= CODE_BIT(c);
			}
			free(copy);
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_attempts_free(v, cnt);
		return store_fail(st, err, rc, "reading the assignment's sessions");
	}
	*out = v;
	*n = cnt;
	return 0;
}

void store_attempts_free(struct assignment_attempt *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(a[i].user);
		free(a[i].scenario_id);
		free(a[i].started);
		free(a[i].outcome);
	}
	free(a);
}

/* --- Rosters ------------------------------------------------------------------ */

void store_names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int store_roster_get(struct store *st, int64_t assignment, char ***names, size_t *n, struct error *err)
{
	sqlite3_stmt *s = NULL;
	char **v = NULL;
	size_t cnt = 0;
	int rc;

	*names = NULL;
	*n = 0;
	if (prepare(st, "SELECT name FROM assignment_trainees WHERE assignment = ?1 AND removed IS NULL ORDER BY name", &s, err,
		    "reading the roster"))
		return -1;
	sqlite3_bind_int64(s, 1, assignment);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		v = xrealloc(v, (cnt + 1) * sizeof *v);
		v[cnt++] = col_dup(s, 0);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_names_free(v, cnt);
		return store_fail(st, err, rc, "reading the roster");
	}
	*names = v;
	*n = cnt;
	return 0;
}

/* Run sql (binding ?1 the assignment, ?2 the name, ?3 now) once a name;
 * *changed counts the rows it changed. */
static int roster_each(struct store *st, const char *sql, int64_t assignment, const char *const *names, size_t n,
		       int *changed, struct error *err)
{
	char now[32];

	iso_now(now, sizeof now);
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *s = NULL;
		if (prepare(st, sql, &s, err, "changing the roster"))
			return -1;
		sqlite3_bind_int64(s, 1, assignment);
		store_bind_text(s, 2, names[i]);
		store_bind_text(s, 3, now);
		if (finish(st, s, err, "changing the roster"))
			return -1;
		*changed += sqlite3_changes(st->db);
	}
	return 0;
}

int store_roster_change(struct store *st, int64_t assignment, const char *const *add, size_t nadd,
			const char *const *remove, size_t nremove, int *added, int *removed, struct error *err)
{
	bool own;
	int rc = -1;

	*added = *removed = 0;
	if (store_w_begin(st, &own, err))
		return -1;
	/* A trainee taken off keeps their row, with when (removed); added again,
	 * they are back on. */
	if (!roster_each(st, "INSERT INTO assignment_trainees(assignment, name, added) VALUES (?1, ?2, ?3) "
			     "ON CONFLICT(assignment, name) DO UPDATE SET removed = NULL WHERE removed IS NOT NULL",
			 assignment, add, nadd, added, err) &&
	    !roster_each(st, "UPDATE assignment_trainees SET removed = ?3 "
			     "WHERE assignment = ?1 AND name = ?2 AND removed IS NULL",
			 assignment, remove, nremove, removed, err))
		rc = 0;
	return store_w_end(st, own, rc, err);
}

int store_assignment_files(struct store *st, int64_t assignment, struct assignment_file_entry **out, size_t *n,
			   struct error *err)
{
	sqlite3_stmt *s = NULL;
	struct assignment_file_entry *v = NULL;
	size_t cnt = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (prepare(st, "SELECT trainee, imported, sessions FROM imports WHERE assignment = ?1 ORDER BY imported, id", &s,
		    err, "reading the imports"))
		return -1;
	sqlite3_bind_int64(s, 1, assignment);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		v = xrealloc(v, (cnt + 1) * sizeof *v);
		v[cnt].trainee = col_dup(s, 0);
		v[cnt].imported = col_dup(s, 1);
		v[cnt].sessions = sqlite3_column_int(s, 2);
		cnt++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_assignment_files_free(v, cnt);
		return store_fail(st, err, rc, "reading the imports");
	}
	*out = v;
	*n = cnt;
	return 0;
}

void store_assignment_files_free(struct assignment_file_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].trainee);
		free(e[i].imported);
	}
	free(e);
}

/* --- Imports ------------------------------------------------------------------ */

int store_import_find(struct store *st, const char *checksum, int64_t *id, struct error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*id = 0;
	if (prepare(st, "SELECT id FROM imports WHERE checksum = ?1", &s, err, "reading imports"))
		return -1;
	store_bind_text(s, 1, checksum);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, err, rc, "reading imports");
}

int store_import_add(struct store *st, const char *checksum, const char *file, const char *trainee,
		     int64_t assignment, int64_t *id, struct error *err)
{
	sqlite3_stmt *s = NULL;
	char now[32];

	iso_now(now, sizeof now);
	if (prepare(st, "INSERT INTO imports(checksum, file, trainee, assignment, imported) VALUES (?1, ?2, ?3, ?4, ?5)",
		    &s, err, "recording the import"))
		return -1;
	store_bind_text(s, 1, checksum);
	store_bind_text(s, 2, file);
	store_bind_text(s, 3, trainee);
	if (assignment > 0)
		sqlite3_bind_int64(s, 4, assignment);
	store_bind_text(s, 5, now);
	if (finish(st, s, err, "recording the import"))
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_import_set_count(struct store *st, int64_t import, int sessions, struct error *err)
{
	sqlite3_stmt *s = NULL;

	if (prepare(st, "UPDATE imports SET sessions = ?2 WHERE id = ?1", &s, err, "recording the import"))
		return -1;
	sqlite3_bind_int64(s, 1, import);
	sqlite3_bind_int(s, 2, sessions);
	return finish(st, s, err, "recording the import");
}

int store_session_find_uid(struct store *st, const char *uid, int64_t *id, bool *imported,
			   struct error *err)
{
	sqlite3_stmt *s;
	int rc;

	*id = 0;
	if (imported)
		*imported = false;
	if (!(s = store_stmt(st, STMT_SESSION_BY_UID, err)))
		return -1;
	store_bind_text(s, 1, uid);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		if (imported)
			*imported = sqlite3_column_int(s, 2) != 0;
	}
	store_done(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, err, rc, "reading sessions");
}

static int note_insert(struct store *st, int64_t session, const struct session_note *n, bool *added,
		       struct error *err)
{
	sqlite3_stmt *s = NULL;
	const char *uid = n->uid, *author = n->author, *text = n->text, *created = n->created;

	if (prepare(st, "INSERT INTO notes(uid, session, author, text, created, turn) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
			"ON CONFLICT(uid) DO NOTHING", &s, err, "saving a note"))
		return -1;
	if (n->turn > 0)
		sqlite3_bind_int(s, 6, n->turn);
	store_bind_text(s, 1, uid);
	sqlite3_bind_int64(s, 2, session);
	store_bind_text(s, 3, author ? author : "");
	store_bind_text(s, 4, text ? text : "");
	store_bind_text(s, 5, created);
	if (finish(st, s, err, "saving a note"))
		return -1;
	if (added)
		*added = sqlite3_changes(st->db) == 1;
	return 0;
}

int store_import_session(struct store *st, const struct session *ss, int64_t import,
			 int64_t assignment, int64_t *id, struct error *err)
{
	struct session_info start = ss->info;
	sqlite3_stmt *s;
	/* The writers called below join a transaction only when store_tx_begin
	 * opened it, so open one that way when the caller has none. */
	bool own = !st->in_tx;
	int rc = -1;

	/* The file's own links name rows of the trainee's database. */
	start.retry_of = 0;
	start.retry_turn = 0;
	start.assignment_id = assignment;
	if (own && store_tx_begin(st, err))
		return -1;
	if (store_begin_session(st, &start, id, err))
		goto out;
	for (size_t i = 0; i < ss->nturns; i++)
		if (store_add_turn(st, *id, &ss->turns[i], err))
			goto out;
	if (!(s = store_stmt(st, STMT_SESSION_IMPORTED, err)))
		goto out;
	sqlite3_bind_int64(s, 1, *id);
	store_bind_text(s, 2, ss->info.ended);
	store_bind_text(s, 3, ss->info.outcome);
	sqlite3_bind_int64(s, 4, import);
	if (ss->info.hints_recorded)
		sqlite3_bind_int(s, 5, ss->info.hints);
	else
		sqlite3_bind_null(s, 5);
	if (store_step_done(st, s, err, "importing a session"))
		goto out;
	if (ss->info.has_scores && store_put_scores(st, *id, &ss->info.scores, err))
		goto out;
	rc = 0;
out:
	if (!own)
		return rc;
	if (rc == 0)
		return store_tx_commit(st, err);
	store_tx_rollback(st);
	return -1;
}

/* --- Notes ------------------------------------------------------------------------ */

int store_notes_list(struct store *st, int64_t assignment, const char *user, struct session_note **out,
		     size_t *n, struct error *err)
{
	static const char sql[] =
		"SELECT n.uid, s.uid, n.author, n.text, n.created, n.turn FROM notes n "
		"JOIN sessions s ON s.id = n.session JOIN users u ON u.id = s.user "
		"WHERE (?1 = 0 OR s.assignment = ?1) AND (?2 IS NULL OR u.name = ?2) ORDER BY n.id";
	sqlite3_stmt *s = NULL;
	struct session_note *v = NULL;
	size_t cnt = 0, alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (prepare(st, sql, &s, err, "reading notes"))
		return -1;
	sqlite3_bind_int64(s, 1, assignment);
	store_bind_text(s, 2, user);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ALLOC_GROW(v, cnt + 1, alloc);
		memset(&v[cnt], 0, sizeof v[cnt]);
		v[cnt].uid = col_dup(s, 0);
		v[cnt].session_uid = col_dup(s, 1);
		v[cnt].author = col_dup(s, 2);
		v[cnt].text = col_dup(s, 3);
		v[cnt].created = col_dup(s, 4);
		v[cnt].turn = sqlite3_column_int(s, 5);
		cnt++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		session_notes_free(v, cnt);
		return store_fail(st, err, rc, "reading notes");
	}
	*out = v;
	*n = cnt;
	return 0;
}

int store_note_import(struct store *st, const struct session_note *e, bool *added, struct error *err)
{
	int64_t session;

	*added = false;
	if (store_session_find_uid(st, e->session_uid, &session, NULL, err))
		return -1;
	if (!session)
		return error_set(err, EXIT_NOINPUT, "no session %s here", e->session_uid);
	return note_insert(st, session, e, added, err);
}

int store_session_uid(struct store *st, int64_t id, char **uid, struct error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*uid = NULL;
	if (prepare(st, "SELECT uid FROM sessions WHERE id = ?1", &s, err, "reading sessions"))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*uid = col_dup(s, 0);
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return error_set(err, EXIT_NOINPUT, "%s: no session %lld; 'micoach history' lists them", st->path,
				 (long long)id);
	return rc == SQLITE_ROW ? 0 : store_fail(st, err, rc, "reading sessions");
}
