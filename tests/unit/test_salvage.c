/* Unit tests of `doctor --recover` (store/salvage.c) and its page reader
 * (store/salvage_pages.c) on real micoach databases with thousands of turns:
 * a damaged root page of turns or of sessions, a damaged interior page, a
 * damaged header page, a lost parent (reported, never hidden), committed
 * frames in the write-ahead log, stale partial copies, and arbitrary bytes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/summary.h"
#include "core/util.h"
#include "store/salvage.h"
#include "store/salvage_pages.h"
#include "store/store.h"
#include "helpers.h"

#define SESSIONS 500
#define TURNS 12 /* per session: 6,000 turns (a turns b-tree three pages deep), with codes,
                  * cues and meters */

static char tmpdir[] = "/tmp/micoach-salvage-test.XXXXXX";
static char *master; /* the healthy database every test damages a copy of */

static char *path_in(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

/* A reply of about 400 bytes, and now and then one long enough to need
 * overflow pages (5 KB, 70 KB). */
static char *reply_text(int s, int t)
{
	struct strbuf sb = { 0 };
	size_t len = (s * TURNS + t) % 97 == 0 ? 70000 : (s * TURNS + t) % 13 == 0 ? 5000 : 400;

	strbuf_addf(&sb, "Session %d turn %d: it sounds like you want things to change. ", s, t);
	while (sb.len < len)
		strbuf_addf(&sb, "%c", 'a' + (int)(sb.len % 26));
	return strbuf_detach(&sb);
}

static void build_master(void)
{
	static const char *const ids[] = { "resistance", "readiness" };
	struct store *st = NULL;
	struct error err = { 0 };

	master = path_in("master.db");
	assert_int_equal(store_open(master, &st, &err), 0);
	assert_int_equal(store_tx_begin(st, &err), 0);
	for (int s = 1; s <= SESSIONS; s++) {
		char started[32];
		struct session_info si;
		struct coded_reply cr[TURNS];
		struct summary sum;
		int64_t id;

		snprintf(started, sizeof started, "2026-%02d-%02dT10:%02d:00Z", 1 + s % 12, 1 + s % 28, s % 60);
		test_session_info(&si, s % 3 ? "ana" : "ben", s % 2 ? "alcohol-gp" : "smoking-copd", started);
		si.seed = (unsigned)s;
		assert_int_equal(store_begin_session(st, &si, &id, &err), 0);
		session_info_release(&si);
		for (int t = 0; t < TURNS; t++) {
			struct session_turn tr;
			char *reply = reply_text(s, t);
			memset(&cr[t], 0, sizeof cr[t]);
			cr[t].primary = t % 2 ? CODE_OQ : CODE_CR;
			cr[t].codes = CODE_BIT(cr[t].primary) | CODE_BIT(CODE_AF);
			for (int k = 0; k < SKILL_COUNT; k++)
				cr[t].skills[k] = (s + t + k) % 5;
			cr[t].ncues = 1;
			cr[t].cues[0] = (struct cue){ .code = cr[t].primary, .start = 0, .len = 7 };
			snprintf(cr[t].tip, sizeof cr[t].tip, "tip %d", t);
			test_turn(&tr, t + 1, "opening", "The doctor sent me.", reply, &cr[t], "worry", "I suppose.", NULL);
			session_turn_add_meter(&tr, ids[0], 10 - t);
			session_turn_add_meter(&tr, ids[1], t);
			/* The client's lines with their labels, and thoughts (schema 2). */
			if (t == 0)
				session_turn_add_line(&tr, true, "The doctor sent me.", TALK_SUSTAIN, KIND_REASON, NULL);
			session_turn_add_line(&tr, false, "I suppose.", TALK_NEUTRAL, KIND_NONE, NULL);
			session_turn_add_line(&tr, false, "I'd like to walk again.", TALK_CHANGE, KIND_DESIRE,
					      t % 3 ? NULL : "I miss it.");
			if (t % 2 == 0)
				session_set(&tr.thought, "Maybe she's right.");
			assert_int_equal(store_add_turn(st, id, &tr, &err), 0);
			session_turn_release(&tr);
			free(reply);
		}
		summary_compute(cr, TURNS, &sum);
		assert_int_equal(store_end_session(st, id, "success", &sum, &err), 0);
		if (s % 50 == 0)
			assert_int_equal(store_add_note(st, id, 0, "trainer", "Good reflections.", NULL, &err), 0);
	}
	assert_int_equal(store_tx_commit(st, &err), 0);
	store_close(st);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	build_master();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	test_tmpdir_remove(tmpdir);
	free(master);
	return 0;
}

/* One value from one query (a count, a digest of a table's rows). */
static char *query(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	char *out;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	out = xstrdup(sqlite3_column_text(s, 0) ? (const char *)sqlite3_column_text(s, 0) : "");
	sqlite3_finalize(s);
	sqlite3_close(db);
	return out;
}

/* Every row of every table, as one digest a test can compare. */
static const char *const digests[] = {
	"SELECT count(*) || ':' || total(id) FROM sessions",
	"SELECT count(*) || ':' || total(session * idx) || ':' || total(length(reply)) || ':' || "
	"total(unicode(substr(reply, -1))) FROM turns",
	"SELECT count(*) || ':' || total(turn) FROM turn_codes",
	"SELECT count(*) || ':' || total(turn * (n + 1) + start + len) FROM turn_cues",
	"SELECT count(*) || ':' || total(turn * value) FROM turn_meters",
	"SELECT count(*) || ':' || total(turn * (n + 1)) || ':' || total(opening) || ':' || total(length(text)) || ':' || "
	"count(talk) || ':' || count(kind) || ':' || count(thought) FROM turn_lines",
	"SELECT count(*) || ':' || total(turn) || ':' || total(length(thought)) FROM turn_thoughts",
	"SELECT count(*) || ':' || total(overall) FROM session_scores",
	"SELECT count(*) FROM notes",
	"SELECT count(*) FROM users",
};

static void assert_same_rows(const char *a, const char *b)
{
	for (size_t i = 0; i < ARRAY_SIZE(digests); i++) {
		char *x = query(a, digests[i]), *y = query(b, digests[i]);
		if (strcmp(x, y))
			fail_msg("%s: %s in the original, %s in the copy", digests[i], x, y);
		free(x);
		free(y);
	}
}

/* A fresh copy of the master database. */
static char *copy_master(const char *name)
{
	char *path = path_in(name), *cmd = xasprintf("cp '%s' '%s'", master, path);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	return path;
}

static long page_of(const char *path, const char *sql)
{
	char *v = query(path, sql);
	long n = atol(v);

	free(v);
	assert_true(n >= 1);
	return n;
}

/* Overwrite the start of page pgno (its b-tree header and cell pointers). */
static void damage_page(const char *path, long pgno, size_t n)
{
	unsigned char junk[512];
	int fd = open(path, O_WRONLY);

	memset(junk, 0xff, sizeof junk);
	assert_true(fd >= 0 && n <= sizeof junk);
	assert_int_equal(pwrite(fd, junk, n, (off_t)(pgno - 1) * 4096), (ssize_t)n);
	close(fd);
}

static const struct store_recovery_table *table_of(const struct store_recovery *rep, const char *name)
{
	for (size_t i = 0; i < rep->ntables; i++)
		if (!strcmp(rep->table[i].name, name))
			return &rep->table[i];
	fail_msg("no table %s in the report", name);
	return NULL;
}

/* Damage a page of a copy, recover it, and check the copy holds every row
 * (but those on the damaged page itself, when it is an interior page of an
 * index b-tree, which holds rows too). */
static void recover_whole(const char *name, const char *page_sql, const char *table)
{
	char *path = copy_master(name), *out = xasprintf("%s.recovered", path);
	struct store_recovery rep;
	struct error err = { 0 };
	long pgno = page_of(master, page_sql), on_page = 0;
	char *sql = xasprintf("SELECT ncell FROM dbstat WHERE pageno = %ld AND pagetype = 'internal' "
			      "AND (SELECT sql FROM sqlite_master WHERE name = '%s') LIKE '%%WITHOUT ROWID'", pgno, table);
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;

	assert_int_equal(sqlite3_open_v2(master, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		on_page = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	free(sql);
	damage_page(path, pgno, 64);
	if (store_recover(path, out, &rep, &err))
		fail_msg("store_recover: %s", err.msg);
	assert_int_equal(store_recovery_lost(&rep), 0);
	assert_true(table_of(&rep, table)->sql_damaged);
	assert_true(rep.scan.shape_pages > 0);
	if (on_page) {
		sql = xasprintf("SELECT count(*) FROM %s", table);
		char *a = query(master, sql), *b = query(out, sql);
		assert_int_equal(atol(a) - on_page, atol(b));
		free(a);
		free(b);
		free(sql);
	} else {
		assert_same_rows(master, out);
	}
	free(path);
	free(out);
}

static void test_damaged_root_of_turns_loses_no_turn(void **state)
{
	(void)state;
	recover_whole("turns-root.db", "SELECT rootpage FROM sqlite_master WHERE name = 'turns'", "turns");
}

static void test_damaged_root_of_sessions_loses_no_session(void **state)
{
	(void)state;
	recover_whole("sessions-root.db", "SELECT rootpage FROM sqlite_master WHERE name = 'sessions'", "sessions");
}

static void test_damaged_interior_page_loses_no_row_below_it(void **state)
{
	(void)state;
	/* An interior page of turns that is not its root: dbstat names it. */
	recover_whole("turns-interior.db",
		      "SELECT pageno FROM dbstat WHERE name = 'turns' AND pagetype = 'internal' AND path != '/' "
		      "ORDER BY pageno LIMIT 1",
		      "turns");
}

static void test_damaged_root_of_a_without_rowid_table_loses_no_row(void **state)
{
	(void)state;
	recover_whole("meters-root.db", "SELECT rootpage FROM sqlite_master WHERE name = 'turn_meters'",
		      "turn_meters");
}

static void test_damaged_root_of_the_client_lines_loses_no_line(void **state)
{
	(void)state;
	recover_whole("lines-root.db", "SELECT rootpage FROM sqlite_master WHERE name = 'turn_lines'", "turn_lines");
	recover_whole("thoughts-root.db", "SELECT rootpage FROM sqlite_master WHERE name = 'turn_thoughts'",
		      "turn_thoughts");
}

static void test_damaged_header_page_is_read_by_the_shape_of_rows(void **state)
{
	char *path = copy_master("header.db"), *out = xasprintf("%s.recovered", path);
	struct store_recovery rep;
	struct error err = { 0 };

	(void)state;
	damage_page(path, 1, 300); /* the header, the schema's root: SQLite cannot open it */
	if (store_recover(path, out, &rep, &err))
		fail_msg("store_recover: %s", err.msg);
	assert_false(rep.sql_opened);
	assert_false(rep.scan.header_ok);
	assert_int_equal(rep.scan.page_size, 4096);
	assert_int_equal(store_recovery_lost(&rep), 0);
	assert_same_rows(master, out);
	free(path);
	free(out);
}

static void test_rows_whose_session_is_lost_are_reported_not_hidden(void **state)
{
	char *path = copy_master("leaf.db"), *out = xasprintf("%s.recovered", path);
	struct store_recovery rep;
	struct error err = { 0 };
	const struct store_recovery_table *turns, *sessions;

	(void)state;
	/* A leaf of sessions: its sessions are lost from both readers, and the
	 * turns of those sessions, still in the file, cannot come along. */
	damage_page(path, page_of(master, "SELECT pageno FROM dbstat WHERE name = 'sessions' AND pagetype = 'leaf' "
				  "ORDER BY pageno LIMIT 1 OFFSET 3"), 64);
	if (store_recover(path, out, &rep, &err))
		fail_msg("store_recover: %s", err.msg);
	turns = table_of(&rep, "turns");
	sessions = table_of(&rep, "sessions");
	assert_true(sessions->shows < SESSIONS);
	assert_int_equal(sessions->copied, sessions->shows);
	assert_int_equal(turns->shows, SESSIONS * TURNS);
	assert_int_equal(turns->dropped, (SESSIONS - sessions->copied) * TURNS);
	assert_int_equal(turns->copied, sessions->copied * TURNS);
	assert_true(store_recovery_lost(&rep) >= turns->dropped);
	free(path);
	free(out);
}

/* Rows written before a migration added a column (ALTER TABLE ADD COLUMN:
 * sessions.hints, notes.turn) are narrower than their table in the file;
 * the page reader takes them below a damaged root, the new columns NULL. */
static void test_rows_older_than_an_added_column_are_recovered(void **state)
{
	char *base = copy_master("narrow-base.db"), *path = path_in("narrow.db"), *out = path_in("narrow.recovered");
	struct store_recovery rep;
	struct error err = { 0 };
	sqlite3 *db = NULL;
	char *cmd;
	(void)state;

	assert_int_equal(sqlite3_open_v2(base, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "ALTER TABLE sessions DROP COLUMN hints;"
				      "ALTER TABLE sessions ADD COLUMN hints INTEGER CHECK (hints IS NULL OR hints >= 0);"
				      "ALTER TABLE notes DROP COLUMN turn;"
				      "ALTER TABLE notes ADD COLUMN turn INTEGER CHECK (turn IS NULL OR turn >= 1);",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	cmd = xasprintf("cp '%s' '%s'", base, path);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	damage_page(path, page_of(base, "SELECT rootpage FROM sqlite_master WHERE name = 'sessions'"), 64);
	if (store_recover(path, out, &rep, &err))
		fail_msg("store_recover: %s", err.msg);
	assert_int_equal(store_recovery_lost(&rep), 0);
	assert_same_rows(base, out);
	free(base);
	free(path);
	free(out);
}

static void test_healthy_database_is_copied_whole(void **state)
{
	char *out = path_in("master.db.recovered");
	struct store_recovery rep;
	struct error err = { 0 };

	(void)state;
	if (store_recover(master, out, &rep, &err))
		fail_msg("store_recover: %s", err.msg);
	assert_int_equal(rep.sql_skipped, 0);
	assert_int_equal(store_recovery_lost(&rep), 0);
	assert_int_equal(rep.scan.shape_pages, 0);
	for (size_t i = 0; i < rep.ntables; i++) {
		assert_int_equal(rep.table[i].sql, rep.table[i].copied);
		assert_int_equal(rep.table[i].pages, rep.table[i].copied);
	}
	assert_int_equal(table_of(&rep, "turns")->copied, SESSIONS * TURNS);
	assert_same_rows(master, out);
	/* It never writes over an existing file. */
	assert_int_equal(store_recover(master, out, &rep, &err), -1);
	assert_int_equal(err.status, EXIT_IOERR);
	free(out);
}

static void test_a_failed_recovery_leaves_no_file_and_stale_partials_go(void **state)
{
	char *out = path_in("retry.db"), *stale, *side, *nodir = path_in("no/such/dir/x.db");
	struct store_recovery rep;
	struct error err = { 0 };
	struct stat sb;
	pid_t pid = fork();
	int fd;

	(void)state;
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	/* A copy a killed recovery (a process now gone) left half-written. */
	stale = xasprintf("%s.partial-%ld", out, (long)pid);
	side = xasprintf("%s-wal", stale);
	assert_true((fd = open(stale, O_CREAT | O_WRONLY, 0600)) >= 0);
	close(fd);
	assert_true((fd = open(side, O_CREAT | O_WRONLY, 0600)) >= 0);
	close(fd);
	if (store_recover(master, out, &rep, &err))
		fail_msg("store_recover: %s", err.msg);
	assert_int_not_equal(stat(stale, &sb), 0);
	assert_int_not_equal(stat(side, &sb), 0);
	/* One that cannot be written leaves nothing that blocks the next try. */
	assert_int_equal(store_recover(master, nodir, &rep, &err), -1);
	assert_int_not_equal(stat(nodir, &sb), 0);
	free(out);
	free(stale);
	free(side);
	free(nodir);
}

/* --- The page reader alone ----------------------------------------------- */

/* Counts rows, touching every byte of every value (AddressSanitizer then
 * catches a value that reaches past its buffer). */
static volatile unsigned touched;

static int count_row(void *ctx, const struct dbfile_row *row)
{
	long *n = ctx;

	n[row->table]++;
	for (size_t i = 0; i < row->ncols; i++)
		for (size_t j = 0; (row->v[i].type == DBV_TEXT || row->v[i].type == DBV_BLOB) && j < row->v[i].n; j++)
			touched += row->v[i].p[j];
	return 0;
}

static const struct dbfile_column kv_cols[] = {
	{ .affinity = DBA_INTEGER, .rowid_alias = true },
	{ .affinity = DBA_TEXT, .notnull = true },
};
static const struct dbfile_table kv_table[] = { { .name = "kv", .ncols = 2, .cols = kv_cols } };

static void test_committed_frames_of_the_log_are_read_and_torn_ones_are_not(void **state)
{
	char *path = path_in("wal.db"), *wal = xasprintf("%s-wal", path);
	char *copy = path_in("walcopy.db"), *copywal = xasprintf("%s-wal", copy), *cmd;
	struct dbfile *f = NULL;
	struct dbfile_stats st;
	struct error err = { 0 };
	sqlite3 *db = NULL;
	long n[1] = { 0 };
	struct stat sb;
	uint32_t frames;

	(void)state;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;"
				      "CREATE TABLE kv (id INTEGER PRIMARY KEY, v TEXT NOT NULL);"
				      "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
				      "INSERT INTO kv(v) SELECT printf('value %d', i) FROM n; COMMIT;", NULL, NULL, NULL),
			 SQLITE_OK);
	/* Copy the file and its log while the connection is open: the rows are
	 * in the log only. */
	cmd = xasprintf("cp '%s' '%s' && cp '%s' '%s'", path, copy, wal, copywal);
	assert_int_equal(system(cmd), 0);
	sqlite3_close(db);
	assert_int_equal(dbfile_open(copy, &f, &err), 0);
	assert_int_equal(dbfile_scan(f, kv_table, 1, count_row, n, &st, &err), 0);
	dbfile_close(f);
	assert_true(st.wal_frames > 2);
	frames = st.wal_frames;
	assert_int_equal(n[0], 3000);
	/* Cut the log in the middle of its last transaction: only the one before
	 * it (the table, still empty) counts. */
	assert_int_equal(stat(copywal, &sb), 0);
	assert_int_equal(truncate(copywal, sb.st_size - 100), 0);
	n[0] = 0;
	assert_int_equal(dbfile_open(copy, &f, &err), 0);
	assert_int_equal(dbfile_scan(f, kv_table, 1, count_row, n, &st, &err), 0);
	dbfile_close(f);
	assert_true(st.wal_frames > 0 && st.wal_frames < frames);
	assert_int_equal(n[0], 0);
	free(cmd);
	free(path);
	free(wal);
	free(copy);
	free(copywal);
}

static void test_arbitrary_bytes_never_crash_the_page_reader(void **state)
{
	unsigned char *buf = xmalloc(8 * 4096);
	char *file = path_in("master.db");
	FILE *fp = fopen(file, "rb");
	size_t len;
	uint32_t x = 12345;

	(void)state;
	assert_non_null(fp);
	len = fread(buf, 1, 8 * 4096, fp);
	fclose(fp);
	/* The first pages of a real database, with bytes flipped at random. */
	for (int round = 0; round < 300; round++) {
		struct dbfile_stats st;
		struct error err = { 0 };
		long n[1] = { 0 };
		unsigned char *b = xmalloc(len);
		memcpy(b, buf, len);
		for (int k = 0; k < 1 + round % 40; k++) {
			x = x * 1103515245u + 12345u;
			b[(x >> 8) % len] = (unsigned char)(x >> 24);
		}
		struct dbfile *f = dbfile_from_memory(b, len - (size_t)(round % 7) * 300, NULL, 0);
		assert_int_equal(dbfile_scan(f, kv_table, 1, count_row, n, &st, &err) >= -1, 1);
		dbfile_close(f);
		free(b);
	}
	free(buf);
	free(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_older_than_an_added_column_are_recovered),
		cmocka_unit_test(test_healthy_database_is_copied_whole),
		cmocka_unit_test(test_damaged_root_of_turns_loses_no_turn),
		cmocka_unit_test(test_damaged_root_of_sessions_loses_no_session),
		cmocka_unit_test(test_damaged_interior_page_loses_no_row_below_it),
		cmocka_unit_test(test_damaged_root_of_a_without_rowid_table_loses_no_row),
		cmocka_unit_test(test_damaged_root_of_the_client_lines_loses_no_line),
		cmocka_unit_test(test_damaged_header_page_is_read_by_the_shape_of_rows),
		cmocka_unit_test(test_rows_whose_session_is_lost_are_reported_not_hidden),
		cmocka_unit_test(test_a_failed_recovery_leaves_no_file_and_stale_partials_go),
		cmocka_unit_test(test_committed_frames_of_the_log_are_read_and_torn_ones_are_not),
		cmocka_unit_test(test_arbitrary_bytes_never_crash_the_page_reader),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
