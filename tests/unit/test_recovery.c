/* Unit tests of recovery files (recovery.c) and of importing them into a
 * database (store_recover_session in store/recovered.c): what is written reads
 * back the same; damaged, truncated, foreign or newer files are refused with
 * a located message; files are private and whole; importing completes a
 * partly saved session and importing twice changes nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/file.h"
#include "io/recovery.h"
#include "store/store.h"
#include "store/store_recovered.h"
#include "core/util.h"
#include "helpers.h"

TEST_TMPDIR_GROUP("recovery")

static const char *const database = "/home/pat/.local/share/micoach/micoach.db";
static const char *const reason = "the database is locked by another program";

/* A three-turn session, as practice would hand it over. */
static void sample(struct recovery *r)
{
	memset(r, 0, sizeof *r);
	test_session_sample(&r->session);
	r->database = xstrdup(database);
	r->reason = xstrdup(reason);
	r->saved = xstrdup("2026-11-25T19:40:00Z");
}

/* r written to memory; the caller frees. */
static char *written(const struct recovery *r, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	struct error err = {0};

	assert_non_null(f);
	assert_int_equal(recovery_write(f, &r->session, r->database, r->reason, r->saved, &err), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_written_file_reads_back_the_same(void **state)
{
	struct recovery r, back;
	struct error err = {0};
	size_t len;
	char *buf;

	(void)state;
	sample(&r);
	buf = written(&r, &len);
	assert_int_equal(recovery_read(buf, len, "r.json", &back, &err), 0);
	assert_string_equal(back.database, r.database);
	assert_string_equal(back.session.info.uid, r.session.info.uid);
	assert_string_equal(back.session.info.outcome, "quit");
	assert_int_equal(back.session.info.seed, 42);
	assert_int_equal(back.session.nturns, 3);
	for (size_t i = 0; i < 3; i++) {
		const struct session_turn *a = &r.session.turns[i], *b = &back.session.turns[i];
		assert_string_equal(b->reply, a->reply);
		assert_int_equal(b->coded.primary, a->coded.primary);
		assert_int_equal(b->coded.codes, a->coded.codes);
		assert_memory_equal(b->coded.skills, a->coded.skills, sizeof a->coded.skills);
		assert_int_equal(b->coded.ncues, 1);
		assert_string_equal(b->coded.tip, a->coded.tip);
		assert_int_equal(b->nmeters, 2);
		assert_string_equal(b->meter_ids[1], "rapport");
		assert_int_equal(b->meters[1], a->meters[1]);
		assert_string_equal(b->at, a->at);
	}
	recovery_release(&back);
	recovery_release(&r);
	free(buf);
}

static void test_truncated_file_is_refused_with_its_place(void **state)
{
	struct recovery r, back;
	struct error err = {0};
	size_t len;
	char *buf;

	(void)state;
	sample(&r);
	buf = written(&r, &len);
	assert_int_equal(recovery_read(buf, len / 2, "cut.json", &back, &err), -1);
	assert_int_equal(err.status, EXIT_DATAERR);
	assert_non_null(strstr(err.msg, "cut.json:"));
	recovery_release(&r);
	free(buf);
}

static void test_other_files_are_refused(void **state)
{
	static const char *const bad[] = {
		"{\"format\": \"micoach-results\", \"version\": 1}",
		"{\"format\": \"micoach-recovery\", \"version\": 3, \"saved\": \"2026-11-25T19:40:00Z\"}",
		"[1, 2, 3]",
		"",
		"{\"format\": \"micoach-recovery\", \"version\": 1, \"database\": null, \"reason\": null, "
		"\"saved\": \"2026-11-25T19:40:00Z\", \"session\": {\"uid\": \"XYZ\"}}",
	};
	static const char *const why[] = { "not a micoach recovery file", "newer micoach", "expected an object", "", "uid" };
	struct recovery back;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct error err = {0};
		assert_int_equal(recovery_read(bad[i], strlen(bad[i]), "x.json", &back, &err), -1);
		assert_int_equal(err.status, EXIT_DATAERR);
		assert_non_null(strstr(err.msg, why[i]));
	}
}

static void test_saved_file_is_private_and_named_for_the_session(void **state)
{
	struct recovery r;
	struct error err = {0};
	char *dir = xasprintf("%s/rec/sub", tmpdir), *path = NULL;
	struct stat sb;

	(void)state;
	sample(&r);
	assert_int_equal(recovery_save(&r.session, r.database, r.reason, dir, &path, &err), 0);
	assert_non_null(strstr(path, "/rec/sub/session-"));
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	char *tmp = xasprintf("%s.tmp", path);
	assert_int_not_equal(access(tmp, F_OK), 0);
	free(tmp);
	free(path);
	free(dir);
	recovery_release(&r);
}

static long count(struct store *st, int64_t session)
{
	struct session ss;
	struct error err = {0};
	long n;

	assert_int_equal(store_load_session(st, session, &ss, &err), 0);
	n = (long)ss.nturns;
	session_release(&ss);
	return n;
}

static void test_import_completes_a_partly_saved_session_once(void **state)
{
	struct recovery r;
	struct error err = {0};
	struct store *st = NULL;
	char *db = xasprintf("%s/r.db", tmpdir);
	int64_t id = 0, id2 = 0;
	int added = -1;
	bool created;

	(void)state;
	sample(&r);
	assert_int_equal(store_open(db, &st, &err), 0);
	/* The session and its first turn reached the database; the rest did not. */
	assert_int_equal(store_begin_session(st, &r.session.info, &id, &err), 0);
	assert_int_equal(store_add_turn(st, id, &r.session.turns[0], &err), 0);

	assert_int_equal(store_recover_session(st, &r.session, &id2, &added, &created, &err), 0);
	assert_int_equal(id2, id);
	assert_int_equal(added, 2);
	assert_false(created);
	assert_int_equal(count(st, id), 3);
	struct session back;
	assert_int_equal(store_load_session(st, id, &back, &err), 0);
	assert_string_equal(back.info.outcome, "quit");
	assert_string_equal(back.info.ended, "2026-11-25T19:39:00Z");
	assert_true(back.info.has_scores);
	assert_string_equal(back.turns[2].reply, r.session.turns[2].reply);
	session_release(&back);

	assert_int_equal(store_recover_session(st, &r.session, &id2, &added, &created, &err), 0);
	assert_int_equal(added, 0);
	assert_false(created);
	assert_int_equal(count(st, id), 3);
	assert_int_equal(store_check(st, &err), 0);
	store_close(st);
	recovery_release(&r);
	free(db);
}

static void test_import_of_a_session_never_saved_creates_it(void **state)
{
	struct recovery r;
	struct error err = {0};
	struct store *st = NULL;
	char *db = xasprintf("%s/new.db", tmpdir);
	int64_t id = 0;
	int added = 0;
	bool created = false;

	(void)state;
	sample(&r);
	r.session.info.retry_of = 999; /* a link to a session that is not here is dropped */
	r.session.info.retry_turn = 2;
	assert_int_equal(store_open(db, &st, &err), 0);
	assert_int_equal(store_recover_session(st, &r.session, &id, &added, &created, &err), 0);
	assert_true(created);
	assert_int_equal(added, 3);
	assert_int_equal(count(st, id), 3);
	store_close(st);
	recovery_release(&r);
	free(db);
}

/* A recovery file of format version 1 (meters as a list, links as 0), as
 * micoach 0.1 wrote it, still reads and imports. */
static void test_a_version_1_recovery_file_still_reads(void **state)
{
	struct recovery r;
	struct error err = {0};
	struct store *st;
	char *buf, *db = test_path(tmpdir, "v1.db");
	size_t len;
	int64_t id;
	int added;
	bool created;

	(void)state;
	assert_int_equal(file_read_capped("tests/data/v1/recovery.json", RECOVERY_FILE_MAX, "recovery file", &buf, &len,
					  &err), 0);
	if (recovery_read(buf, len, "recovery.json", &r, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(r.version, 1);
	assert_string_equal(r.session.info.user, "pat");
	assert_int_equal(r.session.info.retry_of, 0);
	assert_int_equal(r.session.nturns, 2);
	assert_int_equal(r.session.turns[0].nmeters, 3);
	assert_string_equal(r.session.turns[0].meter_ids[2], "rapport");
	assert_int_equal(r.session.turns[0].meters[2], 4);
	assert_int_equal(r.session.turns[1].coded.primary, CODE_OQ);
	assert_int_equal(r.session.turns[1].coded.cues[0].len, 4);
	st = test_store_open(db);
	assert_int_equal(store_recover_session(st, &r.session, &id, &added, &created, &err), 0);
	assert_int_equal(added, 2);
	assert_int_equal(count(st, id), 2);
	store_close(st);
	recovery_release(&r);
	free(buf);
	free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_written_file_reads_back_the_same),
		cmocka_unit_test(test_truncated_file_is_refused_with_its_place),
		cmocka_unit_test(test_other_files_are_refused),
		cmocka_unit_test(test_saved_file_is_private_and_named_for_the_session),
		cmocka_unit_test(test_import_completes_a_partly_saved_session_once),
		cmocka_unit_test(test_import_of_a_session_never_saved_creates_it),
		cmocka_unit_test(test_a_version_1_recovery_file_still_reads),
	};
	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
