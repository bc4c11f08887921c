/* Unit tests of the session store on real database files in a temporary
 * directory: creation, migrations, one transaction per turn, refusals
 * (newer schema, damaged file, read-only, busy), and the review queries. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <pwd.h>
#include <sqlite3.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/store.h"
#include "core/summary.h"
#include "core/util.h"
#include "core/isotime.h"
#include "helpers.h"

static char tmpdir[] = "/tmp/micoach-store-test.XXXXXX";

static char *db_path(const char *name)
{
	return test_path(tmpdir, name);
}

static int setup(void **state)
{
	(void)state;
	if (test_tmpdir_make(tmpdir))
		return -1;
	chmod(tmpdir, 0755); /* the read-only test runs a child as another user */
	setenv("MICOACH_BUSY_TIMEOUT_MS", "200", 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	test_tmpdir_remove(tmpdir);
	return 0;
}

static struct store *open_ok(const char *path)
{
	return test_store_open(path);
}

static int64_t begin(struct store *st, const char *user, const char *scenario, const char *started)
{
	struct session_info si;
	struct error err = {0};
	int64_t id = 0;

	test_session_info(&si, user, scenario, started);
	if (store_begin_session(st, &si, &id, &err))
		fail_msg("store_begin_session: %s", err.msg);
	session_info_release(&si);
	assert_true(id > 0);
	return id;
}

static void coded(struct coded_reply *cr, enum mi_code primary, unsigned codes, int skill)
{
	test_coded(cr, primary, codes, skill);
}

static int add_turn(struct store *st, int64_t session, int index, const char *reply,
		    const struct coded_reply *cr, struct error *err)
{
	struct session_turn t;
	int rc;

	test_turn(&t, index, "opening", "The doctor sent me.", reply, cr, "worry", "I suppose.", NULL);
	session_turn_add_meter(&t, "resistance", 10 - index);
	session_turn_add_meter(&t, "readiness", index);
	rc = store_add_turn(st, session, &t, err);
	session_turn_release(&t);
	return rc;
}

static void end_with_skill(struct store *st, int64_t id, int skill, int nturns);

/* Patch the schema version in the file header (offset 60, big-endian), as a
 * newer micoach would have left it. */
static void set_user_version(const char *path, unsigned v)
{
	unsigned char b[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 8), (unsigned char)v };
	int fd = open(path, O_WRONLY);

	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, b, 4, 60), 4);
	close(fd);
}

static void test_open_creates_private_database_at_latest_schema(void **state)
{
	char *path = db_path("new.db");
	struct store *st;
	struct stat sb;

	(void)state;
	st = open_ok(path);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	assert_true(store_schema_latest() >= 1);
	assert_int_equal(store_check(st, NULL), 0);
	store_close(st);
	/* Reopening an up-to-date database changes nothing. */
	st = open_ok(path);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	store_close(st);
	free(path);
}

/* A turn whose client said two labelled lines, with a thought. */
static int add_talk_turn(struct store *st, int64_t session, int index, struct error *err)
{
	struct session_turn t;
	struct coded_reply cr;
	int rc;

	coded(&cr, CODE_CR, 0, 3);
	test_turn(&t, index, "opening", "The doctor sent me.", "You came anyway.", &cr, "worry",
		  "I suppose. I'd like to feel better.", NULL);
	if (index == 1)
		session_turn_add_line(&t, true, "The doctor sent me.", TALK_SUSTAIN, KIND_NONE, "Here we go.");
	session_turn_add_line(&t, false, "I suppose.", TALK_NEUTRAL, KIND_NONE, NULL);
	session_turn_add_line(&t, false, "I'd like to feel better.", TALK_CHANGE, KIND_DESIRE, "I mean it.");
	session_set(&t.thought, "I mean it.");
	rc = store_add_turn(st, session, &t, err);
	session_turn_release(&t);
	return rc;
}

/* Make a database of the current schema look as schema 2 left it (before
 * the client's lines were kept). */
static void downgrade_to_schema_2(const char *path)
{
	sqlite3 *db = NULL;

	assert_int_equal(store_schema_latest(), 3);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TABLE turn_lines; DROP TABLE turn_thoughts; PRAGMA user_version = 2",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void test_a_schema_2_database_migrates_and_keeps_its_sessions(void **state)
{
	char *path = db_path("v2.db");
	struct store *st = open_ok(path);
	struct session ss;
	struct error err = {0};
	struct coded_reply cr;
	int64_t old, now;

	(void)state;
	old = begin(st, "pat", "alcohol-gp", "2026-11-25T19:30:00Z");
	coded(&cr, CODE_SR, 0, 2);
	assert_int_equal(add_turn(st, old, 1, "You were sent.", &cr, &err), 0);
	store_close(st);
	downgrade_to_schema_2(path);

	st = open_ok(path);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	assert_int_equal(store_check(st, NULL), 0);
	/* The old session: its turn, with no client lines and no thought. */
	if (store_load_session(st, old, &ss, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(ss.nturns, 1);
	assert_string_equal(ss.turns[0].client_next, "I suppose.");
	assert_int_equal(ss.turns[0].nlines, 0);
	assert_null(ss.turns[0].thought);
	session_release(&ss);
	/* A new one keeps them. */
	now = begin(st, "pat", "alcohol-gp", "2026-11-26T19:30:00Z");
	assert_int_equal(add_talk_turn(st, now, 1, &err), 0);
	assert_int_equal(add_talk_turn(st, now, 2, &err), 0);
	if (store_load_session(st, now, &ss, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(ss.turns[0].nopening, 1);
	assert_int_equal(ss.turns[0].opening[0].talk, TALK_SUSTAIN);
	assert_string_equal(ss.turns[0].opening[0].thought, "Here we go.");
	assert_int_equal(ss.turns[1].nopening, 0);
	assert_int_equal(ss.turns[1].nlines, 2);
	assert_string_equal(ss.turns[1].lines[1].text, "I'd like to feel better.");
	assert_int_equal(ss.turns[1].lines[1].talk, TALK_CHANGE);
	assert_int_equal(ss.turns[1].lines[1].kind, KIND_DESIRE);
	assert_null(ss.turns[1].lines[0].thought);
	assert_string_equal(ss.turns[1].thought, "I mean it.");
	session_release(&ss);
	store_close(st);
	free(path);
}

static void test_database_runs_in_wal_mode(void **state)
{
	char *path = db_path("wal.db");
	char *wal = db_path("wal.db-wal");
	struct store *st;
	struct stat sb;

	(void)state;
	st = open_ok(path);
	begin(st, "ana", "alcohol", NULL);
	/* While the connection is open, commits go to the write-ahead log, which
	 * is as private as the database. */
	assert_int_equal(stat(wal, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	store_close(st);
	free(path);
	free(wal);
}

static void test_turn_is_committed_as_soon_as_it_is_added(void **state)
{
	char *path = db_path("turns.db");
	struct store *writer, *reader;
	struct session ss;
	struct coded_reply cr;
	struct error err = {0};
	int64_t id;

	(void)state;
	writer = open_ok(path);
	reader = open_ok(path);
	id = begin(writer, "ana", "alcohol", NULL);
	coded(&cr, CODE_CR, CODE_BIT(CODE_OQ), 3);
	cr.ncues = 1;
	cr.cues[0] = (struct cue){ CODE_CR, 0, 14 };
	assert_int_equal(add_turn(writer, id, 1, "It sounds like your doctor worries.", &cr, &err), 0);
	/* Another connection sees the turn before the session ends. */
	assert_int_equal(store_load_session(reader, id, &ss, &err), 0);
	assert_int_equal(ss.nturns, 1);
	assert_int_equal(ss.info.turns, 1);
	assert_null(ss.info.outcome);
	assert_false(ss.info.has_scores);
	assert_string_equal(ss.turns[0].reply, "It sounds like your doctor worries.");
	assert_int_equal(ss.turns[0].coded.primary, CODE_CR);
	assert_int_equal(ss.turns[0].coded.codes, CODE_BIT(CODE_CR) | CODE_BIT(CODE_OQ));
	assert_int_equal(ss.turns[0].coded.skills[SKILL_REFLECTION], 3);
	assert_int_equal(ss.turns[0].coded.ncues, 1);
	assert_int_equal(ss.turns[0].coded.cues[0].len, 14);
	assert_string_equal(ss.turns[0].coded.tip, "tip for CR");
	assert_int_equal(ss.turns[0].nmeters, 2);
	assert_string_equal(ss.turns[0].meter_ids[0], "resistance");
	assert_int_equal(ss.turns[0].meters[0], 9);
	assert_string_equal(ss.turns[0].client_next, "I suppose.");
	session_release(&ss);
	store_close(writer);
	store_close(reader);
	free(path);
}

static void test_session_killed_mid_way_keeps_answered_turns(void **state)
{
	char *path = db_path("killed.db");
	struct store *st;
	struct session ss;
	struct error err = {0};
	int pipefd[2];
	pid_t pid;
	int64_t id = 0;
	char c;

	(void)state;
	st = open_ok(path);
	store_close(st);
	assert_int_equal(pipe(pipefd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct coded_reply cr;
		st = open_ok(path);
		id = begin(st, "ana", "alcohol", NULL);
		coded(&cr, CODE_SR, 0, 2);
		for (int i = 1; i <= 3; i++)
			if (add_turn(st, id, i, "You feel pushed.", &cr, &err))
				_exit(1);
		if (write(pipefd[1], "k", 1) != 1)
			_exit(1);
		pause(); /* killed here, connection open, session never ended */
		_exit(0);
	}
	close(pipefd[1]);
	assert_int_equal(read(pipefd[0], &c, 1), 1);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(pipefd[0]);
	st = open_ok(path);
	assert_int_equal(store_check(st, &err), 0);
	assert_int_equal(store_load_session(st, 1, &ss, &err), 0);
	assert_int_equal(ss.nturns, 3);
	assert_null(ss.info.ended);
	session_release(&ss);
	store_close(st);
	free(path);
}

static void test_duplicate_turn_index_is_refused(void **state)
{
	char *path = db_path("dup.db");
	struct store *st = open_ok(path);
	struct coded_reply cr;
	struct error err = {0};
	int64_t id = begin(st, "ana", "alcohol", NULL);

	(void)state;
	coded(&cr, CODE_OQ, 0, 1);
	assert_int_equal(add_turn(st, id, 1, "What brings you?", &cr, &err), 0);
	assert_int_equal(add_turn(st, id, 1, "What brings you?", &cr, &err), -1);
	assert_int_equal(err.status, EXIT_DATAERR);
	assert_int_equal(add_turn(st, 9999, 1, "Nobody's session", &cr, &err), -1);
	assert_int_equal(err.status, EXIT_NOINPUT);
	store_close(st);
	free(path);
}

static void test_newer_schema_is_refused_with_dataerr(void **state)
{
	char *path = db_path("newer.db");
	struct store *st = open_ok(path);
	struct error err = {0};

	(void)state;
	begin(st, "ana", "alcohol", NULL);
	store_close(st); /* the last connection checkpoints the log into the file */
	set_user_version(path, (unsigned)store_schema_latest() + 1);
	st = NULL;
	assert_int_equal(store_open(path, &st, &err), -1);
	assert_null(st);
	assert_int_equal(err.status, EXIT_DATAERR);
	assert_non_null(strstr(err.msg, "newer micoach"));
	free(path);
}

static void test_damaged_file_is_refused_with_dataerr(void **state)
{
	char *path = db_path("garbage.db");
	struct store *st = NULL;
	struct error err = {0};
	FILE *f = fopen(path, "w");

	(void)state;
	assert_non_null(f);
	for (int i = 0; i < 8192; i++)
		fputc("not a database "[i % 15], f);
	fclose(f);
	assert_int_equal(store_open(path, &st, &err), -1);
	assert_int_equal(err.status, EXIT_DATAERR);
	assert_non_null(strstr(err.msg, "damaged"));
	free(path);
}

static void test_directory_as_database_is_ioerr(void **state)
{
	struct store *st = NULL;
	struct error err = {0};

	(void)state;
	assert_int_equal(store_open(tmpdir, &st, &err), -1);
	assert_int_equal(err.status, EXIT_IOERR);
	assert_non_null(strstr(err.msg, "directory"));
}

static void test_missing_directory_is_ioerr(void **state)
{
	char *path = db_path("no/such/dir/x.db");
	struct store *st = NULL;
	struct error err = {0};

	(void)state;
	assert_int_equal(store_open(path, &st, &err), -1);
	assert_int_equal(err.status, EXIT_IOERR);
	free(path);
}

static void test_readonly_database_is_ioerr(void **state)
{
	char *path = db_path("ro.db");
	struct store *st = open_ok(path);
	pid_t pid;
	int status;

	(void)state;
	begin(st, "ana", "alcohol", NULL);
	store_close(st);
	assert_int_equal(chmod(path, 0444), 0);
	/* Root may write anything, so the open runs as an ordinary user. */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct error err = {0};
		if (geteuid() == 0) {
			struct passwd *pw = getpwnam("nobody");
			if (!pw || setgid(pw->pw_gid) || setuid(pw->pw_uid))
				_exit(2);
		}
		st = NULL;
		if (store_open(path, &st, &err) == 0)
			_exit(3);
		if (!strstr(err.msg, "read-only"))
			_exit(4);
		_exit(err.status);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), EXIT_IOERR);
	chmod(path, 0600);
	free(path);
}

static void test_locked_database_gives_tempfail_after_timeout(void **state)
{
	char *path = db_path("busy.db");
	struct store *holder = open_ok(path), *other = open_ok(path);
	struct coded_reply cr;
	struct error err = {0};
	int64_t id = begin(holder, "ana", "alcohol", NULL), id2 = 0;
	struct session ss;

	(void)state;
	coded(&cr, CODE_SR, 0, 2);
	store_set_busy_timeout(other, 100);
	assert_int_equal(store_tx_begin(holder, &err), 0);
	assert_int_equal(add_turn(other, id, 1, "You feel pushed.", &cr, &err), -1);
	assert_int_equal(err.status, EXIT_TEMPFAIL);
	assert_non_null(strstr(err.msg, "locked"));
	/* Readers are not blocked by the writer. */
	assert_int_equal(store_load_session(other, id, &ss, &err), 0);
	session_release(&ss);
	store_tx_rollback(holder);
	/* Once free, the same turn is saved. */
	assert_int_equal(add_turn(other, id, 1, "You feel pushed.", &cr, &err), 0);
	(void)id2;
	store_close(holder);
	store_close(other);
	free(path);
}

static void test_full_disk_fails_the_turn_and_keeps_the_earlier_ones(void **state)
{
	char *path = db_path("full.db");
	struct store *st = open_ok(path);
	struct session ss;
	struct coded_reply cr;
	struct error err = {0};
	char *big = xmalloc(3001);
	int64_t id = begin(st, "ana", "alcohol", NULL);
	int i, rc = 0;

	(void)state;
	memset(big, 'a', 3000);
	big[3000] = '\0';
	coded(&cr, CODE_SR, 0, 2);
	assert_int_equal(add_turn(st, id, 1, big, &cr, &err), 0);
	assert_int_equal(store_limit_pages(st, 40, &err), 0);
	for (i = 2; i < 200 && rc == 0; i++)
		rc = add_turn(st, id, i, big, &cr, &err);
	assert_int_equal(rc, -1);
	assert_int_equal(err.status, EXIT_IOERR);
	assert_non_null(strstr(err.msg, "full"));
	/* Every turn before the one that did not fit is there, whole. */
	assert_int_equal(store_load_session(st, id, &ss, &err), 0);
	assert_int_equal(ss.nturns, (size_t)(i - 2));
	assert_string_equal(ss.turns[ss.nturns - 1].reply, big);
	session_release(&ss);
	assert_int_equal(store_check(st, &err), 0);
	store_close(st);
	free(big);
	free(path);
}

static void test_processes_opening_a_new_database_at_once_migrate_it_once(void **state)
{
	char *path = db_path("race.db");
	struct store *st;
	struct session_list sl;
	struct error err = {0};
	pid_t pids[6];
	int status;

	(void)state;
	for (int i = 0; i < 6; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			struct store *cs = NULL;
			struct session_info ss = { .user = "ana", .scenario_id = "alcohol" };
			int64_t id;
			setenv("MICOACH_BUSY_TIMEOUT_MS", "5000", 1);
			if (store_open(path, &cs, &err) || store_begin_session(cs, &ss, &id, &err)) {
				fprintf(stderr, "child: %s\n", err.msg);
				_exit(1);
			}
			store_close(cs);
			_exit(0);
		}
	}
	for (int i = 0; i < 6; i++) {
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	st = open_ok(path);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	assert_int_equal(store_list_sessions(st, NULL, &sl, &err), 0);
	assert_int_equal(sl.n, 6);
	session_list_release(&sl);
	assert_int_equal(store_check(st, &err), 0);
	store_close(st);
	free(path);
}

static void test_transaction_rollback_undoes_its_writes(void **state)
{
	char *path = db_path("tx.db");
	struct store *st = open_ok(path);
	struct session_list sl;
	struct error err = {0};

	(void)state;
	assert_int_equal(store_tx_begin(st, &err), 0);
	begin(st, "ana", "alcohol", NULL);
	begin(st, "ana", "alcohol", NULL);
	store_tx_rollback(st);
	assert_int_equal(store_list_sessions(st, NULL, &sl, &err), 0);
	assert_int_equal(sl.n, 0);
	session_list_release(&sl);
	assert_int_equal(store_tx_begin(st, &err), 0);
	begin(st, "ana", "alcohol", NULL);
	assert_int_equal(store_tx_commit(st, &err), 0);
	assert_int_equal(store_list_sessions(st, NULL, &sl, &err), 0);
	assert_int_equal(sl.n, 1);
	session_list_release(&sl);
	store_close(st);
	free(path);
}

static void end_with_skill(struct store *st, int64_t id, int skill, int nturns)
{
	struct coded_reply cr[8];
	struct summary sum;
	struct error err = {0};

	for (int i = 0; i < nturns; i++) {
		coded(&cr[i], i % 2 ? CODE_OQ : CODE_CR, 0, skill);
		assert_int_equal(add_turn(st, id, i + 1, "Reply", &cr[i], &err), 0);
	}
	summary_compute(cr, (size_t)nturns, &sum);
	assert_int_equal(store_end_session(st, id, "success", &sum, &err), 0);
}

static void test_history_filters_and_orders_newest_first(void **state)
{
	char *path = db_path("history.db");
	struct store *st = open_ok(path);
	struct session_filter f = {0};
	struct session_list sl;
	struct error err = {0};
	long count = 0;
	int64_t a = begin(st, "ana", "alcohol", "2026-01-01T10:00:00Z");
	int64_t b = begin(st, "ben", "smoking", "2026-03-01T10:00:00Z");
	int64_t c = begin(st, "ana", "smoking", "2026-02-01T10:00:00Z");

	(void)state;
	end_with_skill(st, a, 2, 4);
	assert_int_equal(store_list_sessions(st, &f, &sl, &err), 0);
	assert_int_equal(sl.n, 3);
	assert_true(sl.items[0].id == b && sl.items[1].id == c && sl.items[2].id == a);
	assert_true(sl.items[2].has_scores);
	assert_int_equal(sl.items[2].turns, 4);
	assert_string_equal(sl.items[2].outcome, "success");
	assert_null(sl.items[0].outcome);
	session_list_release(&sl);

	f.user = "ana";
	assert_int_equal(store_list_sessions(st, &f, &sl, &err), 0);
	assert_int_equal(sl.n, 2);
	assert_true(sl.items[0].id == c && sl.items[1].id == a);
	session_list_release(&sl);

	f.scenario = "smoking";
	assert_int_equal(store_list_sessions(st, &f, &sl, &err), 0);
	assert_int_equal(sl.n, 1);
	assert_true(sl.items[0].id == c);
	session_list_release(&sl);

	memset(&f, 0, sizeof f);
	f.since = "2026-02-01";
	f.pack = "primary-care";
	assert_int_equal(store_count_sessions(st, &f, &count, &err), 0);
	assert_int_equal(count, 2);
	f.limit = 1;
	f.offset = 1;
	assert_int_equal(store_list_sessions(st, &f, &sl, &err), 0);
	assert_int_equal(sl.n, 1);
	assert_true(sl.items[0].id == c);
	session_list_release(&sl);

	f.pack = "no-such-pack";
	assert_int_equal(store_list_sessions(st, &f, &sl, &err), 0);
	assert_int_equal(sl.n, 0);
	session_list_release(&sl);
	store_close(st);
	free(path);
}

static void test_stored_text_with_quotes_and_escapes_round_trips(void **state)
{
	char *path = db_path("text.db");
	struct store *st = open_ok(path);
	struct session ss;
	struct coded_reply cr;
	struct error err = {0};
	const char *nasty = "Robert'); DROP TABLE turns;-- \x1b[31m\"red\"\x1b[0m";
	int64_t id = begin(st, nasty, "alcohol", NULL);

	(void)state;
	coded(&cr, CODE_GI, 0, 0);
	assert_int_equal(add_turn(st, id, 1, nasty, &cr, &err), 0);
	assert_int_equal(store_load_session(st, id, &ss, &err), 0);
	assert_string_equal(ss.info.user, nasty);
	assert_string_equal(ss.turns[0].reply, nasty);
	session_release(&ss);
	store_close(st);
	free(path);
}

static void test_retry_links_to_its_original(void **state)
{
	char *path = db_path("retry.db");
	struct store *st = open_ok(path);
	struct session_info ss;
	struct session orig, again;
	struct error err = {0};
	int64_t a = begin(st, "ana", "alcohol", NULL), b;

	(void)state;
	test_session_info(&ss, "ana", "alcohol", NULL);
	session_set(&ss.pack_id, "p");
	session_set(&ss.pack_version, "1");
	session_set(&ss.mode, "exam");
	ss.retry_turn = 2;
	ss.retry_of = a;
	assert_int_equal(store_begin_session(st, &ss, &b, &err), 0);
	assert_int_equal(store_load_session(st, b, &again, &err), 0);
	assert_int_equal(again.info.retry_of, a);
	assert_int_equal(again.info.retry_turn, 2);
	assert_string_equal(again.info.mode, "exam");
	assert_int_equal(store_load_session(st, a, &orig, &err), 0);
	assert_int_equal(orig.nretries, 1);
	assert_int_equal(orig.retries[0], b);
	session_release(&orig);
	session_release(&again);
	ss.retry_of = 4242;
	assert_int_equal(store_begin_session(st, &ss, &b, &err), -1);
	assert_int_equal(err.status, EXIT_NOINPUT);
	assert_int_equal(store_load_session(st, 4242, &orig, &err), -1);
	assert_int_equal(err.status, EXIT_NOINPUT);
	session_info_release(&ss);
	store_close(st);
	free(path);
}

static void test_trend_and_best_scores_follow_the_sessions(void **state)
{
	char *path = db_path("progress.db");
	struct store *st = open_ok(path);
	struct skill_point *p;
	struct scenario_best *best;
	size_t n;
	struct error err = {0};
	int64_t a = begin(st, "ana", "alcohol", "2026-01-01T10:00:00Z");
	int64_t b = begin(st, "ana", "alcohol", "2026-01-02T10:00:00Z");
	int64_t c = begin(st, "ana", "smoking", "2026-01-03T10:00:00Z");

	(void)state;
	begin(st, "ana", "smoking", "2026-01-04T10:00:00Z"); /* never ended */
	begin(st, "ben", "alcohol", "2026-01-05T10:00:00Z");
	end_with_skill(st, a, 1, 4);
	end_with_skill(st, b, 4, 4);
	end_with_skill(st, c, 2, 2);
	assert_int_equal(store_skill_trend(st, "ana", 0, &p, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_true(p[0].session == a && p[1].session == b && p[2].session == c);
	assert_true(p[1].overall > p[0].overall);
	skill_points_free(p);
	assert_int_equal(store_skill_trend(st, "ana", 2, &p, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_true(p[0].session == b && p[1].session == c);
	skill_points_free(p);

	assert_int_equal(store_best_scores(st, "ana", &best, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(best[0].scenario_id, "alcohol");
	assert_int_equal(best[0].best_session, b);
	assert_int_equal(best[0].attempts, 2);
	assert_string_equal(best[1].scenario_id, "smoking");
	assert_int_equal(best[1].attempts, 2);
	assert_int_equal(best[1].best_session, c);
	assert_string_equal(best[1].last, "2026-01-04T10:00:00Z");
	scenario_best_free(best, n);
	store_close(st);
	free(path);
}

static void test_rescore_replaces_codes_and_records_coder(void **state)
{
	char *path = db_path("rescore.db");
	struct store *st = open_ok(path);
	struct session ss;
	struct coded_reply cr;
	struct summary sum;
	struct error err = {0};
	int64_t id = begin(st, "ana", "alcohol", NULL);

	(void)state;
	end_with_skill(st, id, 1, 2);
	coded(&cr, CODE_AF, CODE_BIT(CODE_SR), 4);
	cr.ncues = 1;
	cr.cues[0] = (struct cue){ CODE_AF, 0, 3 };
	assert_int_equal(store_update_turn_codes(st, id, 1, &cr, &err), 0);
	summary_compute(&cr, 1, &sum);
	assert_int_equal(store_update_session_scores(st, id, "coder-2", &sum, 1, &err), 0);
	assert_int_equal(store_load_session(st, id, &ss, &err), 0);
	assert_int_equal(ss.turns[0].coded.primary, CODE_AF);
	assert_int_equal(ss.turns[0].coded.codes, CODE_BIT(CODE_AF) | CODE_BIT(CODE_SR));
	assert_int_equal(ss.turns[0].coded.ncues, 1);
	assert_int_equal(ss.turns[1].coded.primary, CODE_OQ);
	assert_string_equal(ss.info.coder_version, "coder-2");
	assert_int_equal(ss.info.scores.replies, 1);
	session_release(&ss);
	assert_int_equal(store_update_turn_codes(st, id, 99, &cr, &err), -1);
	assert_int_equal(err.status, EXIT_NOINPUT);
	store_close(st);
	free(path);
}

static void test_dates_and_session_ids_are_checked(void **state)
{
	(void)state;
	assert_true(iso_time_valid("2026-11-25"));
	assert_true(iso_time_valid("2026-11-25T19:30:00Z"));
	assert_true(iso_time_valid("2026-11-25T19:30Z"));
	assert_false(iso_time_valid("2026-13-25"));
	assert_false(iso_time_valid("25/11/2026"));
	assert_false(iso_time_valid("2026-11-25T19:30:00"));
	assert_false(iso_time_valid("2026-11-25 19:30"));
	assert_int_equal(session_id_parse("42"), 42);
	assert_int_equal(session_id_parse("0"), -1);
	assert_int_equal(session_id_parse("4x"), -1);
	assert_int_equal(session_id_parse("-3"), -1);
	assert_int_equal(session_id_parse("99999999999999999999999"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_creates_private_database_at_latest_schema),
		cmocka_unit_test(test_database_runs_in_wal_mode),
		cmocka_unit_test(test_turn_is_committed_as_soon_as_it_is_added),
		cmocka_unit_test(test_session_killed_mid_way_keeps_answered_turns),
		cmocka_unit_test(test_duplicate_turn_index_is_refused),
		cmocka_unit_test(test_newer_schema_is_refused_with_dataerr),
		cmocka_unit_test(test_damaged_file_is_refused_with_dataerr),
		cmocka_unit_test(test_directory_as_database_is_ioerr),
		cmocka_unit_test(test_missing_directory_is_ioerr),
		cmocka_unit_test(test_readonly_database_is_ioerr),
		cmocka_unit_test(test_locked_database_gives_tempfail_after_timeout),
		cmocka_unit_test(test_full_disk_fails_the_turn_and_keeps_the_earlier_ones),
		cmocka_unit_test(test_processes_opening_a_new_database_at_once_migrate_it_once),
		cmocka_unit_test(test_a_schema_2_database_migrates_and_keeps_its_sessions),
		cmocka_unit_test(test_transaction_rollback_undoes_its_writes),
		cmocka_unit_test(test_history_filters_and_orders_newest_first),
		cmocka_unit_test(test_stored_text_with_quotes_and_escapes_round_trips),
		cmocka_unit_test(test_retry_links_to_its_original),
		cmocka_unit_test(test_trend_and_best_scores_follow_the_sessions),
		cmocka_unit_test(test_rescore_replaces_codes_and_records_coder),
		cmocka_unit_test(test_dates_and_session_ids_are_checked),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
