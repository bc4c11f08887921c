/* store/salvage.c: copy what can still be read from a damaged database into
 * a new one (`micoach doctor --recover`; salvage.h). The damaged file is
 * opened read-only and never changed. Two readers fill the copy:
 *
 * 1. SQLite: each table read in key order row by row; where a damaged page
 *    stops the scan, the reader skips ahead (by growing steps) and goes on.
 *    This cannot reach the rows below a damaged root or interior page.
 * 2. The page reader (salvage_pages.c): every row on every page of the file,
 *    placed by its table's b-tree or, below a damaged page, by its shape.
 *    Rows SQLite already copied are kept as SQLite read them.
 *
 * Every row either reader saw is noted by its key in a temporary table, so
 * the report can say, table by table, how many rows the damaged file still
 * shows and how many the copy holds. Rows whose parent was lost (a turn of a
 * lost session) are then dropped, or unlinked, so the copy passes the
 * foreign-key check. The copy is built under a temporary name and renamed
 * into place only when whole. */
#include "store_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "store/salvage.h"
#include "salvage_copy.h"

/* Parents before children. */
static const char *const table_names[] = {
	"users", "packs", "scenarios", "assignments", "imports", "sessions", "session_scores",
	"turns", "turn_codes", "turn_cues", "turn_meters", "notes", "rescores", "assignment_trainees",
	"turn_lines", "turn_thoughts",
};

/* What became of rows whose parent row was lost: dropped, or unlinked. */
static const struct {
	const char *table;
	bool unlink;
	const char *sql;
} orphan_sql[] = {
	{ "scenarios", false, "DELETE FROM scenarios WHERE pack NOT IN (SELECT id FROM packs)" },
	{ "sessions", false, "DELETE FROM sessions WHERE user NOT IN (SELECT id FROM users) "
			     "OR scenario NOT IN (SELECT id FROM scenarios)" },
	{ "sessions", true, "UPDATE sessions SET retry_of = NULL, retry_turn = NULL "
			    "WHERE retry_of IS NOT NULL AND retry_of NOT IN (SELECT id FROM sessions)" },
	{ "sessions", true, "UPDATE sessions SET assignment = NULL "
			    "WHERE assignment IS NOT NULL AND assignment NOT IN (SELECT id FROM assignments)" },
	{ "sessions", true, "UPDATE sessions SET import = NULL "
			    "WHERE import IS NOT NULL AND import NOT IN (SELECT id FROM imports)" },
	{ "imports", true, "UPDATE imports SET assignment = NULL "
			   "WHERE assignment IS NOT NULL AND assignment NOT IN (SELECT id FROM assignments)" },
	{ "session_scores", false, "DELETE FROM session_scores WHERE session NOT IN (SELECT id FROM sessions)" },
	{ "turns", false, "DELETE FROM turns WHERE session NOT IN (SELECT id FROM sessions)" },
	{ "turn_codes", false, "DELETE FROM turn_codes WHERE turn NOT IN (SELECT id FROM turns)" },
	{ "turn_cues", false, "DELETE FROM turn_cues WHERE turn NOT IN (SELECT id FROM turns)" },
	{ "turn_meters", false, "DELETE FROM turn_meters WHERE turn NOT IN (SELECT id FROM turns)" },
	{ "notes", false, "DELETE FROM notes WHERE session NOT IN (SELECT id FROM sessions)" },
	{ "rescores", false, "DELETE FROM rescores WHERE session NOT IN (SELECT id FROM sessions)" },
	{ "assignment_trainees", false,
	  "DELETE FROM assignment_trainees WHERE assignment NOT IN (SELECT id FROM assignments)" },
	{ "turn_lines", false, "DELETE FROM turn_lines WHERE turn NOT IN (SELECT id FROM turns)" },
	{ "turn_thoughts", false, "DELETE FROM turn_thoughts WHERE turn NOT IN (SELECT id FROM turns)" },
};

/* How a table's (or index's) rows lie in the file, read from the copy's own
 * schema (which is this micoach's), and how the copy takes them. */
struct shape {
	char *name;
	size_t nkey;               /* key columns at the start of the record (0: the rowid is the key) */
	char **colnames;           /* in record order */
	struct dbfile_column *cols;
	size_t ncols;
	sqlite3_stmt *insert;      /* rows from the page reader */
	size_t report;             /* its line in the report */
};

struct salvage {
	struct store *dst;
	struct store_recovery *rep;
	struct shape *shapes;
	struct dbfile_table *tables; /* the page reader's view of shapes[] */
	size_t n;
	sqlite3_stmt *seen;        /* notes a key: ?1 table, ?2 key, ?3 which reader (1 SQLite, 2 pages) */
	struct strbuf key;
	struct error *err;
};

long long store_recovery_lost(const struct store_recovery *rep)
{
	long long n = 0;

	for (size_t i = 0; i < rep->ntables; i++)
		n += rep->table[i].dropped + rep->table[i].refused;
	return n;
}

/* SQLite's affinity rules for a declared type. */
static enum dbfile_affinity affinity_of(const char *type)
{
	char up[64];
	size_t i;

	for (i = 0; type && type[i] && i < sizeof up - 1; i++)
		up[i] = (char)toupper((unsigned char)type[i]);
	up[i] = '\0';
	if (strstr(up, "INT"))
		return DBA_INTEGER;
	if (strstr(up, "CHAR") || strstr(up, "CLOB") || strstr(up, "TEXT"))
		return DBA_TEXT;
	if (strstr(up, "REAL") || strstr(up, "FLOA") || strstr(up, "DOUB"))
		return DBA_REAL;
	return DBA_ANY;
}

static void shape_add_column(struct shape *s, const char *name, const char *type, bool notnull, bool alias)
{
	s->colnames = xrealloc(s->colnames, (s->ncols + 1) * sizeof *s->colnames);
	s->cols = xrealloc(s->cols, (s->ncols + 1) * sizeof *s->cols);
	s->colnames[s->ncols] = xstrdup(name);
	s->cols[s->ncols] = (struct dbfile_column){
		.affinity = alias ? DBA_INTEGER : affinity_of(type), .notnull = notnull, .rowid_alias = alias,
	};
	s->ncols++;
}

/* Run sql (binding ?1 to arg, ?2 to the table) and add a column per row: name, type, notnull,
 * and a fourth column: 1 for the rowid alias (tables) or the key flag
 * (indexes). */
static int shape_columns(struct salvage *sv, struct shape *s, const char *sql, const char *arg,
			 const char *table, bool key_flag)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(sv->dst->db, sql, -1, &q, NULL);

	if (rc != SQLITE_OK)
		return store_fail(sv->dst, sv->err, rc, "reading the schema");
	sqlite3_bind_text(q, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(q) > 1)
		sqlite3_bind_text(q, 2, table, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(q, 0);
		bool flag = sqlite3_column_int(q, 3) != 0;
		shape_add_column(s, name ? name : "rowid", (const char *)sqlite3_column_text(q, 1),
				 sqlite3_column_int(q, 2) != 0, !key_flag && flag);
		if (key_flag && flag)
			s->nkey++;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_fail(sv->dst, sv->err, rc, "reading the schema");
}

/* A rowid table: its columns in order, the INTEGER PRIMARY KEY one stored
 * as NULL. A WITHOUT ROWID table or an index: its key's columns, then the
 * rest (an index's rowid is "rowid", integer, not null). */
static int shape_read(struct salvage *sv, struct shape *s, const char *name, const char *table, bool is_index,
		      bool without_rowid)
{
	static const char *const table_sql =
		"SELECT name, type, \"notnull\", pk = 1 AND upper(type) = 'INTEGER' "
		"AND (SELECT count(*) FROM pragma_table_info(?1) WHERE pk > 0) = 1 "
		"FROM pragma_table_info(?1) ORDER BY cid";
	static const char *const index_sql =
		"SELECT x.name, coalesce(c.type, CASE WHEN x.cid = -1 THEN 'INTEGER' END), "
		"coalesce(c.\"notnull\", x.cid = -1), x.key FROM pragma_index_xinfo(?1) x "
		"LEFT JOIN pragma_table_info(?2) c "
		"ON c.cid = x.cid ORDER BY x.seqno";
	char *pk = NULL;
	int rc;

	s->name = xstrdup(name);
	if (!is_index && !without_rowid)
		return shape_columns(sv, s, table_sql, name, table, false);
	if (without_rowid) {
		sqlite3_stmt *q = NULL;
		if (sqlite3_prepare_v2(sv->dst->db, "SELECT name FROM pragma_index_list(?1) WHERE origin = 'pk'", -1,
				       &q, NULL) == SQLITE_OK) {
			sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
			if (sqlite3_step(q) == SQLITE_ROW)
				pk = xstrdup((const char *)sqlite3_column_text(q, 0));
		}
		sqlite3_finalize(q);
		if (!pk)
			return error_set(sv->err, EXIT_SOFTWARE, "%s: no primary key found", name);
	}
	rc = shape_columns(sv, s, index_sql, pk ? pk : name, table, true);
	free(pk);
	return rc;
}

/* The page reader's tables: each of ours, then each index (recognised and
 * set aside, so their pages are not taken for lost rows). */
static int shapes_build(struct salvage *sv)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(sv->dst->db,
				    "SELECT m.name, m.type = 'index', coalesce(l.wr, 0), m.tbl_name FROM sqlite_master m "
				    "LEFT JOIN pragma_table_list l ON l.name = m.name AND l.schema = 'main' "
				    "WHERE m.type IN ('table', 'index') AND m.name NOT LIKE 'sqlite_%' OR "
				    "m.name LIKE 'sqlite_autoindex_%' ORDER BY m.type DESC, m.rowid",
				    -1, &q, NULL);

	if (rc != SQLITE_OK)
		return store_fail(sv->dst, sv->err, rc, "reading the schema");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(q, 0);
		bool is_index = sqlite3_column_int(q, 1) != 0, wr = sqlite3_column_int(q, 2) != 0;
		struct shape *s;
		if (is_index && wr)
			continue;
		sv->shapes = xrealloc(sv->shapes, (sv->n + 1) * sizeof *sv->shapes);
		s = memset(&sv->shapes[sv->n++], 0, sizeof *s);
		s->report = SIZE_MAX;
		if (shape_read(sv, s, name, (const char *)sqlite3_column_text(q, 3), is_index, wr))
			break;
		sv->tables = xrealloc(sv->tables, sv->n * sizeof *sv->tables);
		sv->tables[sv->n - 1] = (struct dbfile_table){
			.name = s->name, .index_tree = is_index || wr, .is_index = is_index, .ncols = s->ncols,
			.cols = s->cols,
		};
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(sv->dst, sv->err, rc, "reading the schema");
	return rc == SQLITE_DONE ? 0 : -1;
}

static void shapes_free(struct salvage *sv)
{
	for (size_t i = 0; i < sv->n; i++) {
		for (size_t c = 0; c < sv->shapes[i].ncols; c++)
			free(sv->shapes[i].colnames[c]);
		free(sv->shapes[i].colnames);
		free(sv->shapes[i].cols);
		free(sv->shapes[i].name);
		sqlite3_finalize(sv->shapes[i].insert);
	}
	free(sv->shapes);
	free(sv->tables);
}

static struct shape *shape_find(struct salvage *sv, const char *name)
{
	for (size_t i = 0; i < sv->n; i++)
		if (!strcmp(sv->shapes[i].name, name))
			return &sv->shapes[i];
	return NULL;
}

/* --- Keys: every row either reader saw, once ----------------------------- */

/* A key value, the same bytes whichever reader gave it. */
static void key_add(struct strbuf *k, int type, int64_t i, double r, const void *p, size_t n)
{
	unsigned char b[9];

	b[0] = (unsigned char)type;
	if (type == SQLITE_INTEGER || type == SQLITE_FLOAT) {
		uint64_t x;
		if (type == SQLITE_INTEGER)
			x = (uint64_t)i;
		else
			memcpy(&x, &r, sizeof x);
		for (int j = 0; j < 8; j++)
			b[1 + j] = (unsigned char)(x >> (56 - 8 * j));
		strbuf_add(k, (const char *)b, 9);
	} else {
		strbuf_add(k, (const char *)b, 1);
		strbuf_add(k, p, n);
		strbuf_add(k, "", 1);
	}
}

static int key_note(struct salvage *sv, size_t report, int which)
{
	int rc;

	sqlite3_bind_int64(sv->seen, 1, (sqlite3_int64)report);
	sqlite3_bind_blob(sv->seen, 2, sv->key.len ? sv->key.buf : "", (int)sv->key.len, SQLITE_STATIC);
	sqlite3_bind_int(sv->seen, 3, which);
	rc = sqlite3_step(sv->seen);
	sqlite3_reset(sv->seen);
	return rc == SQLITE_DONE ? 0 : store_fail(sv->dst, sv->err, rc, "recovering");
}

/* --- 1. What SQLite can read ---------------------------------------------- */

static int copy_table(sqlite3 *src, struct salvage *sv, struct shape *s, struct store_recovery_table *t)
{
	struct strbuf cols = { 0 }, sel = { 0 }, ins = { 0 };
	sqlite3_stmt *rd = NULL, *wr = NULL;
	const char *resume = s->nkey ? s->colnames[0] : "rowid";
	size_t nkey = s->nkey ? s->nkey : 1, ncols = s->ncols;
	int rc, ret = -1;
	int64_t last = INT64_MIN, skip = 1;
	long restarts = 0;

	/* Column names come from our own schema, quoted all the same. */
	for (size_t i = 0; i < s->ncols; i++)
		strbuf_addf(&cols, "%s\"%s\"", i ? ", " : "", s->colnames[i]);
	strbuf_addf(&sel, "SELECT %s, ", cols.buf);
	for (size_t i = 0; i < nkey; i++)
		strbuf_addf(&sel, "%s\"%s\"", i ? ", " : "", s->nkey ? s->colnames[i] : "rowid");
	strbuf_addf(&sel, " FROM \"%s\" WHERE \"%s\" > ?1 ORDER BY \"%s\"", s->name, resume, resume);
	strbuf_addf(&ins, "INSERT OR IGNORE INTO \"%s\"(%s) VALUES (", s->name, cols.buf);
	for (size_t i = 0; i < ncols; i++)
		strbuf_adds(&ins, i ? ", ?" : "?");
	strbuf_adds(&ins, ")");
	if ((rc = sqlite3_prepare_v2(sv->dst->db, ins.buf, -1, &wr, NULL)) != SQLITE_OK) {
		store_fail(sv->dst, sv->err, rc, "recovering");
		goto out;
	}
	if (sqlite3_prepare_v2(src, sel.buf, -1, &rd, NULL) != SQLITE_OK) {
		/* The table itself cannot be found: its schema row is lost. */
		t->sql_damaged = true;
		ret = 0;
		goto out;
	}
	for (;;) {
		sqlite3_bind_int64(rd, 1, last);
		while ((rc = sqlite3_step(rd)) == SQLITE_ROW) {
			for (size_t i = 0; i < ncols; i++)
				sqlite3_bind_value(wr, (int)i + 1, sqlite3_column_value(rd, (int)i));
			int w = sqlite3_step(wr);
			sqlite3_reset(wr);
			if (w != SQLITE_DONE) {
				store_fail(sv->dst, sv->err, w, "writing the recovered database");
				goto out;
			}
			strbuf_reset(&sv->key);
			for (size_t i = 0; i < nkey; i++) {
				int c = (int)(ncols + i);
				key_add(&sv->key, sqlite3_column_type(rd, c), sqlite3_column_int64(rd, c),
					sqlite3_column_double(rd, c), sqlite3_column_blob(rd, c),
					(size_t)sqlite3_column_bytes(rd, c));
			}
			if (key_note(sv, s->report, 1))
				goto out;
			/* A damaged page can return keys out of order: only ever move on. */
			int64_t k = sqlite3_column_int64(rd, (int)ncols);
			if (k > last) {
				last = k;
				skip = 1;
			}
		}
		sqlite3_reset(rd);
		if (rc == SQLITE_DONE)
			break;
		/* Unreadable here: step past it, further each time it fails again. */
		t->sql_damaged = true;
		sv->rep->sql_skipped++;
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

/* --- 2. What the pages still hold ---------------------------------------- */

/* The insert for the page reader's rows: columns in record order, the rowid
 * alias (or "rowid" itself) taking the row's rowid. */
static int scan_prepare(struct salvage *sv, struct shape *s)
{
	struct strbuf sql = { 0 };
	bool rowid = !s->nkey;
	int rc;

	for (size_t i = 0; i < s->ncols; i++)
		rowid &= !s->cols[i].rowid_alias;
	strbuf_addf(&sql, "INSERT OR IGNORE INTO \"%s\"(", s->name);
	for (size_t i = 0; i < s->ncols; i++)
		strbuf_addf(&sql, "%s\"%s\"", i ? ", " : "", s->colnames[i]);
	strbuf_adds(&sql, rowid ? ", rowid) VALUES (" : ") VALUES (");
	for (size_t i = 0; i < s->ncols + rowid; i++)
		strbuf_adds(&sql, i ? ", ?" : "?");
	strbuf_adds(&sql, ")");
	rc = sqlite3_prepare_v2(sv->dst->db, sql.buf, -1, &s->insert, NULL);
	strbuf_release(&sql);
	return rc == SQLITE_OK ? 0 : store_fail(sv->dst, sv->err, rc, "recovering");
}

static void bind_value(sqlite3_stmt *s, int i, const struct dbfile_value *v)
{
	switch (v->type) {
	case DBV_NULL: sqlite3_bind_null(s, i); break;
	case DBV_INT: sqlite3_bind_int64(s, i, v->i); break;
	case DBV_REAL: sqlite3_bind_double(s, i, v->r); break;
	case DBV_TEXT: sqlite3_bind_text(s, i, (const char *)v->p, (int)v->n, SQLITE_TRANSIENT); break;
	case DBV_BLOB: sqlite3_bind_blob(s, i, v->n ? (const void *)v->p : "", (int)v->n, SQLITE_TRANSIENT); break;
	}
}

static int scan_row(void *ctx, const struct dbfile_row *row)
{
	struct salvage *sv = ctx;
	struct shape *s = &sv->shapes[row->table];
	int rc;

	if (s->report == SIZE_MAX)
		return 0;
	strbuf_reset(&sv->key);
	if (!s->nkey) {
		key_add(&sv->key, SQLITE_INTEGER, row->rowid, 0, NULL, 0);
	} else {
		static const int types[] = { [DBV_NULL] = SQLITE_NULL, [DBV_INT] = SQLITE_INTEGER,
					     [DBV_REAL] = SQLITE_FLOAT, [DBV_TEXT] = SQLITE_TEXT,
					     [DBV_BLOB] = SQLITE_BLOB };
		for (size_t i = 0; i < s->nkey && i < row->ncols; i++)
			key_add(&sv->key, types[row->v[i].type], row->v[i].i, row->v[i].r, row->v[i].p, row->v[i].n);
	}
	if (key_note(sv, s->report, 2))
		return -1;
	for (size_t i = 0; i < row->ncols; i++) {
		if (s->cols[i].rowid_alias)
			sqlite3_bind_int64(s->insert, (int)i + 1, row->rowid);
		else
			bind_value(s->insert, (int)i + 1, &row->v[i]);
	}
	if (sqlite3_bind_parameter_count(s->insert) > (int)row->ncols)
		sqlite3_bind_int64(s->insert, (int)row->ncols + 1, row->rowid);
	rc = sqlite3_step(s->insert);
	sqlite3_reset(s->insert);
	return rc == SQLITE_DONE ? 0 : store_fail(sv->dst, sv->err, rc, "writing the recovered database");
}

/* --- Counting ------------------------------------------------------------ */

static int query_count(struct store *st, const char *sql, long long *out, struct error *err)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		*out = sqlite3_column_int64(q, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_OK ? 0 : store_fail(st, err, rc, "recovering");
}

static int count_table(struct store *st, const char *table, long long *out, struct error *err)
{
	char *sql = xasprintf("SELECT count(*) FROM \"%s\"", table);
	int rc = query_count(st, sql, out, err);

	free(sql);
	return rc;
}

/* How many keys each reader saw, and both together. */
static int count_seen(struct salvage *sv)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(sv->dst->db,
				    "SELECT t, count(*), sum(how & 1 != 0), sum(how & 2 != 0) FROM temp.salvage_seen "
				    "GROUP BY t", -1, &q, NULL);

	if (rc != SQLITE_OK)
		return store_fail(sv->dst, sv->err, rc, "recovering");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t t = sqlite3_column_int64(q, 0);
		if (t >= 0 && (size_t)t < sv->rep->ntables) {
			sv->rep->table[t].shows = sqlite3_column_int64(q, 1);
			sv->rep->table[t].sql = sqlite3_column_int64(q, 2);
			sv->rep->table[t].pages = sqlite3_column_int64(q, 3);
		}
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_fail(sv->dst, sv->err, rc, "recovering");
}

static struct store_recovery_table *report_find(struct store_recovery *rep, const char *name)
{
	for (size_t i = 0; i < rep->ntables; i++)
		if (!strcmp(rep->table[i].name, name))
			return &rep->table[i];
	return NULL;
}

/* Drop or unlink the rows whose parent was lost, and count what the copy
 * holds before and after. */
static int orphans_settle(struct salvage *sv)
{
	struct store_recovery *rep = sv->rep;
	long long before[STORE_RECOVERY_MAX_TABLES];

	for (size_t i = 0; i < rep->ntables; i++)
		if (count_table(sv->dst, rep->table[i].name, &before[i], sv->err))
			return -1;
	for (size_t i = 0; i < ARRAY_SIZE(orphan_sql); i++) {
		struct store_recovery_table *t = report_find(rep, orphan_sql[i].table);
		if (store_exec(sv->dst, orphan_sql[i].sql, sv->err, "recovering"))
			return -1;
		if (t && orphan_sql[i].unlink)
			t->unlinked += sqlite3_changes(sv->dst->db);
	}
	if (count_seen(sv))
		return -1;
	for (size_t i = 0; i < rep->ntables; i++) {
		struct store_recovery_table *t = &rep->table[i];
		if (count_table(sv->dst, t->name, &t->copied, sv->err))
			return -1;
		t->dropped = before[i] - t->copied;
		t->refused = t->shows > before[i] ? t->shows - before[i] : 0;
	}
	return 0;
}

/* --- Recovering ---------------------------------------------------------- */

/* Both readers into the open copy, then settle the orphans. */
static int salvage_fill(struct salvage *sv, sqlite3 *src, struct dbfile *pages)
{
	struct store_recovery *rep = sv->rep;
	int rc;

	if (store_exec(sv->dst, "PRAGMA foreign_keys = OFF", sv->err, "recovering") ||
	    store_exec(sv->dst, "CREATE TEMP TABLE salvage_seen (t INTEGER NOT NULL, k BLOB NOT NULL, "
		       "how INTEGER NOT NULL, PRIMARY KEY (t, k)) WITHOUT ROWID", sv->err, "recovering") ||
	    shapes_build(sv))
		return -1;
	rc = sqlite3_prepare_v2(sv->dst->db, "INSERT INTO temp.salvage_seen (t, k, how) VALUES (?1, ?2, ?3) "
				"ON CONFLICT (t, k) DO UPDATE SET how = how | excluded.how", -1, &sv->seen, NULL);
	if (rc != SQLITE_OK)
		return store_fail(sv->dst, sv->err, rc, "recovering");
	for (size_t i = 0; i < ARRAY_SIZE(table_names); i++) {
		struct shape *s = shape_find(sv, table_names[i]);
		if (!s)
			return error_set(sv->err, EXIT_SOFTWARE, "recovering: no table %s", table_names[i]);
		s->report = rep->ntables;
		rep->table[rep->ntables++].name = table_names[i];
		if (scan_prepare(sv, s))
			return -1;
	}
	if (store_tx_begin(sv->dst, sv->err))
		return -1;
	for (size_t i = 0; src && i < ARRAY_SIZE(table_names); i++)
		if (copy_table(src, sv, shape_find(sv, table_names[i]), &rep->table[i]))
			return -1;
	rc = dbfile_scan(pages, sv->tables, sv->n, scan_row, sv, &rep->scan, sv->err);
	if (rc)
		return -1;
	if (orphans_settle(sv) || store_tx_commit(sv->dst, sv->err))
		return -1;
	if (store_exec(sv->dst, "PRAGMA foreign_keys = ON", sv->err, "recovering"))
		return -1;
	return store_check(sv->dst, sv->err);
}

int store_recover(const char *damaged, const char *out_path, struct store_recovery *rep, struct error *err)
{
	struct salvage sv = { .rep = rep, .err = err };
	struct dbfile *pages = NULL;
	struct stat sb;
	sqlite3 *src;
	char *tmp;
	int version, rc = -1;

	memset(rep, 0, sizeof *rep);
	if (stat(out_path, &sb) == 0)
		return error_set(err, EXIT_IOERR, "%s: already exists; name a new file for the recovered database",
				 out_path);
	if (dbfile_open(damaged, &pages, err))
		return -1;
	src = salvage_source_open(damaged, &version);
	rep->sql_opened = src != NULL;
	if (!src) {
		/* SQLite cannot read even the header: the page reader may. */
		struct dbfile_stats probe;
		if (dbfile_scan(pages, NULL, 0, NULL, NULL, &probe, err))
			goto out;
		version = probe.header_ok ? (int)probe.user_version : store_schema_latest();
		if (!probe.header_ok && !probe.schema_ok && !probe.unplaced_pages) {
			error_set(err, EXIT_DATAERR, "%s: nothing can be recovered: this is not an SQLite database, "
				  "or even its header and every page are unreadable", damaged);
			goto out;
		}
	}
	if (version != store_schema_latest()) {
		error_set(err, EXIT_DATAERR, "%s: schema version %d; this micoach recovers version %d only", damaged,
			  version, store_schema_latest());
		goto out;
	}
	salvage_partials_clean(out_path);
	tmp = xasprintf("%s.partial-%ld", out_path, (long)getpid());
	if (store_open(tmp, &sv.dst, err)) {
		salvage_remove_database(tmp);
		free(tmp);
		goto out;
	}
	rc = salvage_fill(&sv, src, pages);
	sqlite3_finalize(sv.seen);
	shapes_free(&sv);
	strbuf_release(&sv.key);
	if (rc == 0) {
		rc = salvage_copy_finish(sv.dst, tmp, out_path, err);
	} else {
		store_close(sv.dst);
	}
	if (rc)
		salvage_remove_database(tmp);
	free(tmp);
out:
	sqlite3_close(src);
	dbfile_close(pages);
	return rc;
}
