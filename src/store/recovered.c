/* store/recovered.c: the store's part in repairs that are not a damaged file
 * (that is salvage.c): importing sessions saved to recovery files
 * (`micoach recover`), and the busy timeout practice shortens while the
 * database stays locked. Part of the store: it may include sqlite3.h. */
#include "store_int.h"
#include "store/store_recovered.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/summary.h"
#include "core/util.h"

int store_busy_timeout(const struct store *st)
{
	if (st->pg)
		return pgs_busy_timeout(st->pg);
	return st->busy_ms;
}

/* --- Recovery files ------------------------------------------------------------ */

static int begin_recovered(struct store *st, const struct session_info *si, int64_t *id, struct error *err)
{
	struct session_info start = *si; /* a view: nothing in it is freed here */

	if (store_begin_session(st, &start, id, err) == 0)
		return 0;
	if (err && err->status == EXIT_NOINPUT && (start.retry_of || start.assignment_id)) {
		/* The file came from another database: keep the session, drop the link. */
		start.retry_of = 0;
		start.retry_turn = 0;
		start.assignment_id = 0;
		return store_begin_session(st, &start, id, err);
	}
	return -1;
}

/* The session with this uid (*id 0 when none) and whether it has ended. */
static int find_session(struct store *st, const char *uid, int64_t *id, bool *ended, struct error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_SESSION_BY_UID, err);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, uid);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		*ended = sqlite3_column_int(s, 1) != 0;
	}
	store_done(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, err, rc, "looking for the session");
}

/* have[i]: turn i of session id is stored (1 <= i <= n). */
static int stored_turns(struct store *st, int64_t id, bool *have, size_t n, struct error *err)
{
	sqlite3_stmt *s = store_stmt(st, STMT_TURN_INDEXES, err);
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		sqlite3_int64 idx = sqlite3_column_int64(s, 0);
		if (idx >= 1 && (size_t)idx <= n)
			have[idx] = true;
	}
	store_done(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, rc, "reading the session's turns");
}

/* End the session as the file says: its outcome, a summary of all its
 * turns, and the time it ended there. */
static int end_recovered(struct store *st, int64_t id, const struct session *ss, struct error *err)
{
	struct summary sum;
	sqlite3_stmt *s;

	session_summary(ss, &sum);
	if (store_end_session(st, id, ss->info.outcome, &sum, err))
		return -1;
	if (!ss->info.ended)
		return 0;
	if (!(s = store_stmt(st, STMT_SESSION_SET_ENDED, err)))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, ss->info.ended);
	return store_step_done(st, s, err, "ending the session");
}

int store_recover_session(struct store *st, const struct session *ss, int64_t *id, int *added,
			  bool *created, struct error *err)
{
	if (st->pg)
		return pgs_recover_session(st->pg, ss, id, added, created, err);
	bool *have = xcalloc(ss->nturns + 2, sizeof *have);
	bool ended = false;

	*id = 0;
	*added = 0;
	*created = false;
	if (store_tx_begin(st, err)) {
		free(have);
		return -1;
	}
	if (find_session(st, ss->info.uid, id, &ended, err))
		goto fail;
	if (!*id) {
		if (begin_recovered(st, &ss->info, id, err))
			goto fail;
		*created = true;
	}
	if (stored_turns(st, *id, have, ss->nturns, err))
		goto fail;
	for (size_t i = 0; i < ss->nturns; i++) {
		const struct session_turn *t = &ss->turns[i];
		if (t->index >= 1 && (size_t)t->index <= ss->nturns && have[t->index])
			continue;
		if (store_add_turn(st, *id, t, err))
			goto fail;
		++*added;
	}
	if (!ended && ss->info.outcome && end_recovered(st, *id, ss, err))
		goto fail;
	free(have);
	return store_tx_commit(st, err);
fail:
	free(have);
	store_tx_rollback(st);
	return -1;
}
