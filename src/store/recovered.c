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
	return st->busy_ms;
}

/* --- Recovery files ------------------------------------------------------------ */

static int begin_recovered(struct store *st, const struct session_info *si, int64_t *id, struct error *err)
{
	struct session_start start = {
		.user = si->user,
		.scenario_id = si->scenario_id,
		.scenario_title = si->scenario_title,
		.pack_id = si->pack_id,
		.pack_version = si->pack_version,
		.coder_version = si->coder_version,
		.seed = si->seed,
		.mode = si->mode,
		.retry_of = si->retry_of,
		.retry_turn = si->retry_turn,
		.assignment_id = si->assignment_id,
		.started = si->started,
		.uid = si->uid,
	};

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

int store_recover_session(struct store *st, const struct stored_session *ss, int64_t *id, int *added,
			  bool *created, struct error *err)
{
	const struct session_info *si = &ss->info;
	sqlite3_stmt *s = NULL;
	bool *have = xcalloc(ss->nturns + 2, sizeof *have);
	bool ended = false;
	int rc;

	*id = 0;
	*added = 0;
	*created = false;
	if (store_tx_begin(st, err)) {
		free(have);
		return -1;
	}
	rc = sqlite3_prepare_v2(st->db, "SELECT id, outcome IS NOT NULL FROM sessions WHERE uid = ?1", -1, &s, NULL);
	if (rc == SQLITE_OK) {
		store_bind_text(s, 1, si->uid);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			*id = sqlite3_column_int64(s, 0);
			ended = sqlite3_column_int(s, 1) != 0;
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE) {
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(s);
	s = NULL;
	if (rc != SQLITE_OK) {
		store_fail(st, err, rc, "looking for the session");
		goto fail;
	}
	if (!*id) {
		if (begin_recovered(st, si, id, err))
			goto fail;
		*created = true;
	}
	rc = sqlite3_prepare_v2(st->db, "SELECT idx FROM turns WHERE session = ?1", -1, &s, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(s, 1, *id);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			sqlite3_int64 idx = sqlite3_column_int64(s, 0);
			if (idx >= 1 && (size_t)idx <= ss->nturns)
				have[idx] = true;
		}
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	sqlite3_finalize(s);
	s = NULL;
	if (rc != SQLITE_OK) {
		store_fail(st, err, rc, "reading the session's turns");
		goto fail;
	}
	for (size_t i = 0; i < ss->nturns; i++) {
		const struct stored_turn *t = &ss->turns[i];
		struct turn_record rec = turn_record_from_stored(t);
		if (t->index >= 1 && (size_t)t->index <= ss->nturns && have[t->index])
			continue;
		if (store_add_turn(st, *id, &rec, err))
			goto fail;
		++*added;
	}
	if (!ended && si->outcome) {
		struct coded_reply *cr = xcalloc(ss->nturns + 1, sizeof *cr);
		struct summary sum;
		for (size_t i = 0; i < ss->nturns; i++)
			cr[i] = ss->turns[i].coded;
		summary_compute(cr, ss->nturns, &sum);
		free(cr);
		if (store_end_session(st, *id, si->outcome, &sum, err))
			goto fail;
		if (si->ended) {
			rc = sqlite3_prepare_v2(st->db, "UPDATE sessions SET ended = ?2 WHERE id = ?1", -1, &s, NULL);
			if (rc == SQLITE_OK) {
				sqlite3_bind_int64(s, 1, *id);
				store_bind_text(s, 2, si->ended);
				rc = sqlite3_step(s) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(st->db);
			}
			sqlite3_finalize(s);
			s = NULL;
			if (rc != SQLITE_OK) {
				store_fail(st, err, rc, "ending the session");
				goto fail;
			}
		}
	}
	free(have);
	return store_tx_commit(st, err);
fail:
	free(have);
	store_tx_rollback(st);
	return -1;
}
