/* Unit tests of practice.c when the database refuses the session: a store
 * locked by another connection. Turns answered meanwhile are kept, saved once
 * the lock goes, or written to a recovery file at the finish that imports
 * back whole. Uses the worked-example pack and the coder's cue rules. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/practice.h"
#include "io/file.h"
#include "io/recovery.h"
#include "core/scenario.h"
#include "store/store_recovered.h"
#include "core/util.h"
#include "io/print.h"
#include "yaml/pack_load.h"
#include "helpers.h"

static char tmpdir[] = "/tmp/micoach-practice-recovery-test.XXXXXX";
static struct pack *pack;

static int setup(void **state)
{
	struct diag_list dl = {0};

	(void)state;
	if (test_tmpdir_make(tmpdir))
		return -1;
	setenv("MICOACH_BUSY_TIMEOUT_MS", "50", 1);
	if (pack_load("tests/data/worked-example", &pack, &dl)) {
		diag_print(&dl, stderr, 0);
		diag_list_release(&dl);
		return -1;
	}
	diag_list_release(&dl);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	test_tmpdir_remove(tmpdir);
	pack_free(pack);
	return 0;
}

static struct store *open_ok(const char *path)
{
	return test_store_open(path);
}

static struct practice_opts opts(struct store *st, const char *recdir)
{
	struct practice_opts o = {
		.scenario = pack->scenarios[0],
		.store = st,
		.user = "pat",
		.seed = 7,
		.keep_unsaved = true,
		.recovery_dir = recdir,
	};
	return o;
}

static long turns_in(struct store *st)
{
	struct session_list sl = {0};
	struct session_filter f = {0};
	struct error err = {0};
	long n = 0;

	assert_int_equal(store_list_sessions(st, &f, &sl, &err), 0);
	for (size_t i = 0; i < sl.n; i++)
		n += sl.items[i].turns;
	session_list_release(&sl);
	return n;
}

static void test_locked_database_sends_the_session_to_a_recovery_file(void **state)
{
	char *db = xasprintf("%s/locked.db", tmpdir), *rec = xasprintf("%s/rec", tmpdir);
	struct store *st = open_ok(db), *other = open_ok(db);
	struct practice p;
	struct practice_opts o = opts(st, rec);
	struct error err = {0};
	struct summary sum;

	(void)state;
	assert_int_equal(store_tx_begin(other, &err), 0); /* another program writes */
	assert_int_equal(practice_begin(&p, &o, &err), 0);
	assert_int_equal(err.status, EXIT_TEMPFAIL);
	assert_int_equal(p.session.info.id, 0);
	assert_int_equal(practice_reply(&p, "It sounds like you are fed up of being told.", NULL, NULL, &err), -1);
	assert_int_equal(err.status, EXIT_TEMPFAIL);
	assert_int_equal(practice_reply(&p, "What would you like to be different?", NULL, NULL, &err), -1);
	assert_int_equal(practice_unsaved(&p), 2);
	assert_int_equal(practice_finish(&p, "quit", &sum, &err), -1);
	assert_int_equal(err.status, EXIT_TEMPFAIL);
	assert_non_null(p.recovery_path);
	assert_non_null(strstr(err.msg, p.recovery_path));
	assert_non_null(strstr(err.msg, "micoach recover"));
	store_tx_rollback(other);

	/* The file holds the whole session; importing it loses nothing. */
	char *buf;
	size_t len;
	assert_int_equal(file_read_capped(p.recovery_path, RECOVERY_FILE_MAX, "recovery file", &buf, &len, &err), 0);
	struct recovery r;
	assert_int_equal(recovery_read(buf, len, p.recovery_path, &r, &err), 0);
	free(buf);
	assert_string_equal(r.session.info.uid, p.session.info.uid);
	assert_string_equal(r.session.info.outcome, "quit");
	assert_int_equal(r.session.nturns, 2);
	assert_string_equal(r.session.turns[1].reply, "What would you like to be different?");
	int64_t id;
	int added;
	bool created;
	assert_int_equal(store_recover_session(st, &r.session, &id, &added, &created, &err), 0);
	assert_true(created);
	assert_int_equal(added, 2);
	assert_int_equal(turns_in(st), 2);
	recovery_release(&r);
	practice_release(&p);
	store_close(other);
	store_close(st);
	free(db);
	free(rec);
}

static void test_kept_turns_are_saved_once_the_lock_goes(void **state)
{
	char *db = xasprintf("%s/released.db", tmpdir), *rec = xasprintf("%s/rec2", tmpdir);
	struct store *st = open_ok(db), *other = open_ok(db);
	struct practice p;
	struct practice_opts o = opts(st, rec);
	struct error err = {0};
	struct summary sum;

	(void)state;
	assert_int_equal(store_tx_begin(other, &err), 0);
	assert_int_equal(practice_begin(&p, &o, &err), 0);
	assert_int_equal(practice_reply(&p, "It sounds like you are fed up of being told.", NULL, NULL, &err), -1);
	/* Meanwhile the answered turn is kept in a recovery file, named in err. */
	assert_non_null(p.recovery_path);
	assert_non_null(strstr(err.msg, p.recovery_path));
	char *kept = xstrdup(p.recovery_path);
	assert_int_equal(access(kept, F_OK), 0);
	store_tx_rollback(other);
	memset(&err, 0, sizeof err);
	assert_int_equal(practice_reply(&p, "What would you like to be different?", NULL, NULL, &err), 0);
	assert_int_equal(practice_unsaved(&p), 0);
	assert_true(p.session.info.id > 0);
	assert_int_equal(turns_in(st), 2);
	assert_int_equal(practice_finish(&p, "quit", &sum, &err), 0);
	assert_null(p.recovery_path);
	assert_int_not_equal(access(kept, F_OK), 0); /* the file kept meanwhile is gone */
	free(kept);
	/* The busy timeout shortened during the lock is back to its value. */
	assert_int_equal(store_busy_timeout(st), 50);
	practice_release(&p);
	store_close(other);
	store_close(st);
	free(db);
	free(rec);
}

static void test_without_keep_unsaved_a_locked_start_fails(void **state)
{
	char *db = xasprintf("%s/strict.db", tmpdir);
	struct store *st = open_ok(db), *other = open_ok(db);
	struct practice p;
	struct practice_opts o = opts(st, NULL);
	struct error err = {0};

	(void)state;
	o.keep_unsaved = false;
	assert_int_equal(store_tx_begin(other, &err), 0);
	assert_int_equal(practice_begin(&p, &o, &err), -1);
	assert_int_equal(err.status, EXIT_TEMPFAIL);
	store_tx_rollback(other);
	store_close(other);
	store_close(st);
	free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_locked_database_sends_the_session_to_a_recovery_file),
		cmocka_unit_test(test_kept_turns_are_saved_once_the_lock_goes),
		cmocka_unit_test(test_without_keep_unsaved_a_locked_start_fails),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
