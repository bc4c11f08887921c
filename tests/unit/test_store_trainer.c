/* Unit tests of store/trainer.c on real database files: assignments round
 * trip with their rules, attempts carry the codes their turns used, imported
 * sessions come back whole, a uid already present is found (so an import
 * never overwrites it), and carried notes are added once. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "store/store_trainer.h"
#include "core/summary.h"
#include "core/util.h"
#include "helpers.h"

static char tmpdir[] = "/tmp/micoach-trainer-test.XXXXXX";
static struct store *st;

static int setup(void **state)
{
	struct error err = {0};
	char *path;
	int rc;

	(void)state;
	if (test_tmpdir_make(tmpdir))
		return -1;
	path = test_path(tmpdir, "t.db");
	rc = store_open(path, &st, &err);
	free(path);
	if (rc)
		fprintf(stderr, "%s\n", err.msg);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	store_close(st);
	test_tmpdir_remove(tmpdir);
	return 0;
}

static void ok(int rc, const struct error *err)
{
	if (rc)
		fail_msg("%s", err->msg);
}

static int64_t put_week3(bool exam, const char *due)
{
	struct assignment a = {0};
	struct error err = {0};
	int64_t id;
	bool updated;

	a.id = xstrdup("week3");
	a.title = xstrdup("Week 3");
	a.pack_id = xstrdup("mi-course");
	a.pack_version = xstrdup("1.0.0");
	a.due = due ? xstrdup(due) : NULL;
	a.exam = exam;
	ok(assignment_set_scenarios(&a, "course-alcohol,course-smoking", &err), &err);
	ok(pass_rules_parse("rq_ratio=1,no_codes=CONF,min_skill.reflection=60", &a.pass, &err), &err);
	ok(store_assignment_put(st, &a, "week3.yaml", &id, &updated, &err), &err);
	assignment_release(&a);
	return id;
}

static void test_an_assignment_reads_back_with_its_rules(void **state)
{
	struct assignment a;
	struct error err = {0};
	int64_t id, again;
	(void)state;
	id = put_week3(true, "2026-12-01");
	ok(store_assignment_get(st, "week3", &a, &again, &err), &err);
	assert_int_equal(id, again);
	assert_true(a.exam);
	assert_string_equal(a.due, "2026-12-01");
	assert_int_equal(a.nscenarios, 2);
	assert_string_equal(a.scenarios[1], "course-smoking");
	assert_true(a.pass.rq_ratio == 1);
	assert_int_equal(a.pass.no_codes, CODE_BIT(CODE_CONF));
	assert_int_equal(a.pass.min_skill[SKILL_REFLECTION], 60);
	assignment_release(&a);
	assert_int_equal(store_assignment_get(st, "week9", &a, &again, &err), -1);
	assert_int_equal(err.status, EXIT_NOINPUT);
}

static void test_adding_the_same_assignment_again_updates_it_in_place(void **state)
{
	struct assignment_entry *list;
	size_t n;
	struct error err = {0};
	(void)state;
	int64_t first = put_week3(true, "2026-12-01");
	int64_t second = put_week3(false, "2026-12-08");
	assert_int_equal(first, second);
	ok(store_assignment_list(st, &list, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_false(list[0].a.exam);
	assert_string_equal(list[0].a.due, "2026-12-08");
	store_assignments_free(list, n);
}

static void test_removing_an_assignment_keeps_its_sessions_unlinked(void **state)
{
	struct assignment_entry *list;
	struct error err = {0};
	struct session ss;
	int64_t row, s;
	size_t n;
	(void)state;
	struct session_info start;
	test_session_info(&start, "fay", "course-alcohol", NULL);
	struct assignment a = { .id = "gone", .pack_id = "p", .pack_version = "1" };
	ok(assignment_set_scenarios(&a, "course-alcohol", &err), &err);
	pass_rules_init(&a.pass);
	ok(store_assignment_put(st, &a, NULL, &row, NULL, &err), &err);
	free(a.scenarios[0]);
	free(a.scenarios);
	start.assignment_id = row;
	ok(store_begin_session(st, &start, &s, &err), &err);
	session_info_release(&start);
	ok(store_assignment_remove(st, "gone", &err), &err);
	assert_int_equal(store_assignment_remove(st, "gone", &err), -1);
	assert_int_equal(err.status, EXIT_NOINPUT);
	ok(store_load_session(st, s, &ss, &err), &err);
	assert_int_equal(ss.info.assignment_id, 0);
	session_release(&ss);
	ok(store_assignment_list(st, &list, &n, &err), &err);
	for (size_t i = 0; i < n; i++)
		assert_string_not_equal(list[i].a.id, "gone");
	store_assignments_free(list, n);
}

/* A session of user for the assignment with one turn carrying codes. */
static int64_t practise(const char *user, int64_t assignment, unsigned codes, const char *outcome)
{
	struct session_info ss;
	struct coded_reply cr = { .codes = codes, .primary = CODE_CR };
	struct session_turn t;
	struct summary sum;
	struct error err = {0};
	int64_t id;

	test_session_info(&ss, user, "course-alcohol", NULL);
	session_set(&ss.scenario_title, "Cans");
	session_set(&ss.pack_id, "mi-course");
	session_set(&ss.coder_version, "t");
	session_set(&ss.mode, "exam");
	ss.assignment_id = assignment;
	snprintf(cr.tip, sizeof cr.tip, "ok");
	test_turn(&t, 1, "opening", "Hm.", "You feel sent.", &cr, "label", "Yes.", NULL);
	ok(store_begin_session(st, &ss, &id, &err), &err);
	ok(store_add_turn(st, id, &t, &err), &err);
	summary_compute(&cr, 1, &sum);
	ok(store_end_session(st, id, outcome, &sum, &err), &err);
	session_turn_release(&t);
	session_info_release(&ss);
	return id;
}

static void test_attempts_carry_every_code_their_turns_used(void **state)
{
	struct assignment_attempt *at;
	size_t n;
	struct error err = {0};
	(void)state;
	int64_t row = put_week3(true, NULL);
	practise("alice", row, CODE_BIT(CODE_CR) | CODE_BIT(CODE_CONF), "success");
	practise("bob", row, CODE_BIT(CODE_SR), "failure");
	practise("carol", 0, CODE_BIT(CODE_SR), "success"); /* not for the assignment */
	ok(store_assignment_attempts(st, row, NULL, &at, &n, &err), &err);
	assert_int_equal(n, 2);
	assert_string_equal(at[0].user, "alice");
	assert_int_equal(at[0].at.codes, CODE_BIT(CODE_CR) | CODE_BIT(CODE_CONF));
	assert_string_equal(at[0].outcome, "success");
	assert_true(at[0].at.scored);
	assert_false(at[0].imported);
	store_attempts_free(at, n);
	ok(store_assignment_attempts(st, row, "bob", &at, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_string_equal(at[0].outcome, "failure");
	store_attempts_free(at, n);
}

static void test_an_imported_session_comes_back_whole_and_its_uid_is_known(void **state)
{
	struct error err = {0};
	struct session ss, back;
	int64_t row = put_week3(true, NULL), own, imp, id, found;
	bool imported;
	(void)state;
	own = practise("trainer", 0, CODE_BIT(CODE_OQ), "quit");
	ok(store_load_session(st, own, &ss, &err), &err);
	/* The same session as another trainee's file would hold it, with a new uid. */
	free(ss.info.uid);
	ss.info.uid = xstrdup("00112233445566778899aabbccddeeff");
	free(ss.info.user);
	ss.info.user = xstrdup("dave");
	ok(store_import_add(st, "c0ffee", "dave.json", "dave", row, &imp, &err), &err);
	ok(store_import_session(st, &ss, imp, row, &id, &err), &err);
	ok(store_load_session(st, id, &back, &err), &err);
	assert_string_equal(back.info.user, "dave");
	assert_string_equal(back.info.outcome, "quit");
	assert_string_equal(back.info.ended, ss.info.ended);
	assert_int_equal(back.info.assignment_id, row);
	assert_int_equal(back.nturns, 1);
	assert_string_equal(back.turns[0].reply, "You feel sent.");
	assert_int_equal(back.turns[0].coded.codes, CODE_BIT(CODE_OQ));
	assert_int_equal(back.info.scores.overall, ss.info.scores.overall);
	ok(store_session_find_uid(st, "00112233445566778899aabbccddeeff", &found, &imported, &err), &err);
	assert_int_equal(found, id);
	assert_true(imported);
	/* The trainer's own session is found as their own. */
	char *uid;
	ok(store_session_uid(st, own, &uid, &err), &err);
	ok(store_session_find_uid(st, uid, &found, &imported, &err), &err);
	assert_int_equal(found, own);
	assert_false(imported);
	free(uid);
	ok(store_import_find(st, "c0ffee", &found, &err), &err);
	assert_int_equal(found, imp);
	ok(store_import_find(st, "beef", &found, &err), &err);
	assert_int_equal(found, 0);
	session_release(&ss);
	session_release(&back);
}

static void test_a_carried_note_is_added_once(void **state)
{
	struct error err = {0};
	struct session_note *notes;
	size_t n;
	bool added;
	int64_t row = put_week3(true, NULL), s, note;
	char *uid;
	(void)state;
	s = practise("erin", row, CODE_BIT(CODE_CR), "success");
	ok(store_add_note(st, s, 2, "lee", "Well held.", &note, &err), &err);
	ok(store_notes_list(st, row, "erin", &notes, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_int_equal(notes[0].turn, 2);
	ok(store_session_uid(st, s, &uid, &err), &err);
	assert_string_equal(notes[0].session_uid, uid);
	ok(store_note_import(st, &notes[0], &added, &err), &err);
	assert_false(added); /* its uid is here already */
	free(notes[0].uid);
	notes[0].uid = xstrdup("ffffffffffffffffffffffffffffffff");
	ok(store_note_import(st, &notes[0], &added, &err), &err);
	assert_true(added);
	{
		struct session back = {0};
		ok(store_load_session(st, s, &back, &err), &err);
		assert_int_equal(back.nnotes, 2);
		assert_int_equal(back.notes[1].turn, 2);  /* carried with its turn */
		session_release(&back);
	}
	free(notes[0].session_uid);
	notes[0].session_uid = xstrdup("eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee");
	assert_int_equal(store_note_import(st, &notes[0], &added, &err), -1);
	assert_int_equal(err.status, EXIT_NOINPUT);
	session_notes_free(notes, n);
	free(uid);
}

static void test_a_roster_keeps_each_trainee_once_and_forgets_the_removed(void **state)
{
	static const char *const add[] = { "carol", "alice", "carol", "bob" }, *const drop[] = { "bob", "zed" };
	struct error err = {0};
	char **names;
	size_t n;
	int added, removed;
	int64_t row = put_week3(true, NULL);
	(void)state;
	ok(store_roster_change(st, row, add, 4, NULL, 0, &added, &removed, &err), &err);
	assert_int_equal(added, 3);
	ok(store_roster_change(st, row, add, 1, drop, 2, &added, &removed, &err), &err);
	assert_int_equal(added, 0);
	assert_int_equal(removed, 1);
	ok(store_roster_get(st, row, &names, &n, &err), &err);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "alice");
	assert_string_equal(names[1], "carol");
	store_names_free(names, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_an_assignment_reads_back_with_its_rules),
		cmocka_unit_test(test_adding_the_same_assignment_again_updates_it_in_place),
		cmocka_unit_test(test_removing_an_assignment_keeps_its_sessions_unlinked),
		cmocka_unit_test(test_attempts_carry_every_code_their_turns_used),
		cmocka_unit_test(test_an_imported_session_comes_back_whole_and_its_uid_is_known),
		cmocka_unit_test(test_a_carried_note_is_added_once),
		cmocka_unit_test(test_a_roster_keeps_each_trainee_once_and_forgets_the_removed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
