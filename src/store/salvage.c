/* store/salvage.c: copy what can still be read from a damaged database into
 * a new one (`micoach doctor --recover`). The damaged file is opened
 * read-only and never changed. Each table is read in key order row by row;
 * where a damaged page stops the scan, the reader skips ahead (by growing
 * steps) past it and goes on, so one bad page loses only the rows on it.
 * Rows whose parent was lost (a turn of a lost session) are dropped at the
 * end, so the new database passes the foreign-key check. */
#include "store_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/util.h"

/* Parents before children. `key` orders the scan and is where it resumes:
 * the rowid, or the first primary-key column of a WITHOUT ROWID table. */
static const struct {
	const char *table, *key;
} tables[] = {
	{ "users", "rowid" }, { "packs", "rowid" }, { "scenarios", "rowid" },
	{ "assignments", "rowid" }, { "imports", "rowid" }, { "sessions", "rowid" },
	{ "session_scores", "rowid" }, { "turns", "rowid" }, { "turn_codes", "turn" },
	{ "turn_cues", "turn" }, { "turn_meters", "turn" }, { "notes", "rowid" },
	{ "rescores", "rowid" }, { "assignment_trainees", "rowid" },
};

/* What became of rows whose parent row was lost. */
static const char *const orphan_sql[] = {
	"DELETE FROM scenarios WHERE pack NOT IN (SELECT id FROM packs)",
	"DELETE FROM sessions WHERE user NOT IN (SELECT id FROM users) "
	"OR scenario NOT IN (SELECT id FROM scenarios)",
	"UPDATE sessions SET retry_of = NULL, retry_turn = NULL "
	"WHERE retry_of IS NOT NULL AND retry_of NOT IN (SELECT id FROM sessions)",
	"UPDATE sessions SET assignment = NULL "
	"WHERE assignment IS NOT NULL AND assignment NOT IN (SELECT id FROM assignments)",
	"UPDATE sessions SET import = NULL WHERE import IS NOT NULL AND import NOT IN (SELECT id FROM imports)",
	"UPDATE imports SET assignment = NULL "
	"WHERE assignment IS NOT NULL AND assignment NOT IN (SELECT id FROM assignments)",
	"DELETE FROM session_scores WHERE session NOT IN (SELECT id FROM sessions)",
	"DELETE FROM turns WHERE session NOT IN (SELECT id FROM sessions)",
	"DELETE FROM turn_codes WHERE turn NOT IN (SELECT id FROM turns)",
	"DELETE FROM turn_cues WHERE turn NOT IN (SELECT id FROM turns)",
	"DELETE FROM turn_meters WHERE turn NOT IN (SELECT id FROM turns)",
	"DELETE FROM notes WHERE session NOT IN (SELECT id FROM sessions)",
	"DELETE FROM rescores WHERE session NOT IN (SELECT id FROM sessions)",
	"DELETE FROM assignment_trainees WHERE assignment NOT IN (SELECT id FROM assignments)",
};

/* The column list of a table in the new database: "a, b, c" and its count. */
static int columns(struct store *dst, const char *table, struct strbuf *cols, int *n, struct error *err)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(dst->db, "SELECT name FROM pragma_table_info(?1) ORDER BY cid", -1, &s, NULL);

	*n = 0;
	if (rc != SQLITE_OK)
		return store_fail(dst, err, rc, "recovering");
	sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		/* Column names come from our own schema, quoted all the same. */
		strbuf_addf(cols, "%s\"%s\"", *n ? ", " : "", (const char *)sqlite3_column_text(s, 0));
		(*n)++;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(dst, err, rc, "recovering");
}

static int copy_table(sqlite3 *src, struct store *dst, const char *table, const char *key,
		      struct store_recovery *rep, struct error *err)
{
	struct strbuf cols = {0}, sel = {0}, ins = {0};
	sqlite3_stmt *rd = NULL, *wr = NULL;
	int ncols, rc, ret = -1;
	int64_t last = INT64_MIN, skip = 1;
	long restarts = 0;

	if (columns(dst, table, &cols, &ncols, err))
		goto out;
	strbuf_addf(&sel, "SELECT %s, %s FROM \"%s\" WHERE %s > ?1 ORDER BY %s", cols.buf, key, table, key, key);
	strbuf_addf(&ins, "INSERT OR IGNORE INTO \"%s\"(%s) VALUES (", table, cols.buf);
	for (int i = 0; i < ncols; i++)
		strbuf_adds(&ins, i ? ", ?" : "?");
	strbuf_adds(&ins, ")");
	if ((rc = sqlite3_prepare_v2(src, sel.buf, -1, &rd, NULL)) != SQLITE_OK) {
		/* The table itself cannot be found: its schema row or root is lost. */
		rep->lost_tables++;
		ret = 0;
		goto out;
	}
	if ((rc = sqlite3_prepare_v2(dst->db, ins.buf, -1, &wr, NULL)) != SQLITE_OK) {
		store_fail(dst, err, rc, "recovering");
		goto out;
	}
	for (;;) {
		sqlite3_bind_int64(rd, 1, last);
		while ((rc = sqlite3_step(rd)) == SQLITE_ROW) {
			for (int i = 0; i < ncols; i++)
				sqlite3_bind_value(wr, i + 1, sqlite3_column_value(rd, i));
			int w = sqlite3_step(wr);
			sqlite3_reset(wr);
			if (w != SQLITE_DONE) {
				store_fail(dst, err, w, "writing the recovered database");
				goto out;
			}
			rep->rows += sqlite3_changes(dst->db) > 0;
			/* A damaged page can return keys out of order: only ever move on. */
			int64_t k = sqlite3_column_int64(rd, ncols);
			if (k > last) {
				last = k;
				skip = 1;
			}
		}
		sqlite3_reset(rd);
		if (rc == SQLITE_DONE)
			break;
		/* Unreadable here: step past it, further each time it fails again. */
		rep->skipped++;
		if (last > INT64_MAX - skip || skip > ((int64_t)1 << 50) || ++restarts > 100000)
			break;
		last = last == INT64_MIN ? 0 : last + skip;
		skip *= 2;
	}
	ret = 0;
out:
	sqlite3_finalize(rd);
	sqlite3_finalize(wr);
	strbuf_release(&cols);
	strbuf_release(&sel);
	strbuf_release(&ins);
	return ret;
}

int store_recover(const char *damaged, const char *out_path, struct store_recovery *rep,
		  struct error *err)
{
	sqlite3 *src = NULL;
	struct store *dst = NULL;
	struct stat sb;
	sqlite3_stmt *s = NULL;
	int rc, version = -1;

	memset(rep, 0, sizeof *rep);
	if (stat(out_path, &sb) == 0)
		return error_set(err, EXIT_IOERR, "%s: already exists; name a new file for the recovered database",
				 out_path);
	rc = sqlite3_open_v2(damaged, &src, SQLITE_OPEN_READONLY, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_prepare_v2(src, "PRAGMA user_version", -1, &s, NULL)) == SQLITE_OK &&
	    (rc = sqlite3_step(s)) == SQLITE_ROW) {
		version = sqlite3_column_int(s, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_OK) {
		error_set(err, EXIT_DATAERR, "%s: nothing can be recovered, even the header is unreadable (%s)",
			  damaged, src ? sqlite3_errmsg(src) : sqlite3_errstr(rc));
		sqlite3_close(src);
		return -1;
	}
	if (version != store_schema_latest()) {
		error_set(err, EXIT_DATAERR, "%s: schema version %d; this micoach recovers version %d only",
			  damaged, version, store_schema_latest());
		sqlite3_close(src);
		return -1;
	}
	if (store_open(out_path, &dst, err)) {
		sqlite3_close(src);
		return -1;
	}
	/* Parents may be lost: check the keys once, at the end. */
	if (store_exec(dst, "PRAGMA foreign_keys = OFF", err, "recovering") || store_tx_begin(dst, err))
		goto fail;
	for (size_t i = 0; i < ARRAY_SIZE(tables); i++)
		if (copy_table(src, dst, tables[i].table, tables[i].key, rep, err))
			goto fail;
	for (size_t i = 0; i < ARRAY_SIZE(orphan_sql); i++) {
		if (store_exec(dst, orphan_sql[i], err, "recovering"))
			goto fail;
		rep->orphans += sqlite3_changes(dst->db);
	}
	if (store_tx_commit(dst, err) || store_exec(dst, "PRAGMA foreign_keys = ON", err, "recovering") ||
	    store_check(dst, err))
		goto fail;
	store_close(dst);
	sqlite3_close(src);
	return 0;
fail:
	store_close(dst);
	sqlite3_close(src);
	remove(out_path);
	{
		char *side = xasprintf("%s-wal", out_path);
		remove(side);
		free(side);
		side = xasprintf("%s-shm", out_path);
		remove(side);
		free(side);
	}
	return -1;
}
