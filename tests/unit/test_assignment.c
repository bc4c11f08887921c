/* Unit tests of assignment.c and assignment_load.c (over yamldoc.c): pass
 * rules, their evaluation, and reading assignment files (untrusted). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/assignment.h"
#include "io/print.h"
#include "yaml/assignment_file.h"

static struct attempt good_attempt(void)
{
	struct attempt a = { .outcome = "success", .scored = true, .rq_ratio = 2.0, .pct_complex = 50,
			     .skill = { 70, 65, 60, 55 }, .overall = 63, .codes = CODE_BIT(CODE_CR) | CODE_BIT(CODE_OQ),
			     .replies = 8 };
	return a;
}

static void rules(const char *s, struct pass_rules *r)
{
	struct error err = {0};
	if (pass_rules_parse(s, r, &err))
		fail_msg("rules '%s': %s", s, err.msg);
}

static void test_pass_rules_round_trip_through_their_one_line_form(void **state)
{
	struct pass_rules r, back;
	struct strbuf sb = {0};
	(void)state;
	rules("rq_ratio=1,pct_complex=40,no_codes=CONF+pers,outcome=success,min_skill.reflection=60,min_overall=50", &r);
	pass_rules_format(&r, &sb);
	assert_string_equal(sb.buf, "rq_ratio=1,pct_complex=40,no_codes=PERS+CONF,outcome=success,"
				    "min_skill.reflection=60,min_overall=50");
	rules(sb.buf, &back);
	assert_memory_equal(&r, &back, sizeof r);
	strbuf_release(&sb);
}

static void test_unknown_or_out_of_range_rules_are_refused(void **state)
{
	struct pass_rules r;
	struct error err = {0};
	(void)state;
	assert_int_equal(pass_rules_parse("rq_ratoi=1", &r, &err), -1);
	assert_non_null(strstr(err.msg, "unknown pass rule 'rq_ratoi'"));
	assert_int_equal(pass_rules_parse("pct_complex=140", &r, &err), -1);
	assert_int_equal(pass_rules_parse("no_codes=SHOUT", &r, &err), -1);
	assert_int_equal(pass_rules_parse("min_skill.charm=3", &r, &err), -1);
	assert_int_equal(pass_rules_parse("outcome=won", &r, &err), -1);
	assert_int_equal(pass_rules_parse("outcome", &r, &err), -1);
}

static void test_a_session_meeting_every_rule_passes(void **state)
{
	struct pass_rules r;
	struct attempt a = good_attempt();
	(void)state;
	rules("rq_ratio=1,pct_complex=40,no_codes=CONF,outcome=success,min_skill.reflection=60", &r);
	assert_true(attempt_passes(&r, &a, NULL));
}

static void test_confrontation_fails_a_no_confront_rule_and_says_so(void **state)
{
	struct pass_rules r;
	struct attempt a = good_attempt();
	struct strbuf why = {0};
	(void)state;
	rules("no_codes=CONF+PERS", &r);
	a.codes |= CODE_BIT(CODE_CONF);
	assert_false(attempt_passes(&r, &a, &why));
	assert_string_equal(why.buf, "used CONF");
	strbuf_release(&why);
}

static void test_too_few_reflections_per_question_fails(void **state)
{
	struct pass_rules r;
	struct attempt a = good_attempt();
	struct strbuf why = {0};
	(void)state;
	rules("rq_ratio=1", &r);
	a.rq_ratio = 0.5;
	assert_false(attempt_passes(&r, &a, &why));
	assert_string_equal(why.buf, "reflections per question 0.50 < 1.00");
	/* No question at all, but reflections: the ratio is met. */
	a.rq_ratio = -1;
	assert_true(attempt_passes(&r, &a, NULL));
	/* Neither questions nor reflections: not met. */
	a.pct_complex = -1;
	assert_false(attempt_passes(&r, &a, NULL));
	strbuf_release(&why);
}

static void test_wrong_outcome_low_skill_and_unfinished_sessions_fail(void **state)
{
	struct pass_rules r;
	struct attempt a = good_attempt();
	(void)state;
	rules("outcome=success,min_skill.self_efficacy=60", &r);
	assert_false(attempt_passes(&r, &a, NULL)); /* self_efficacy 55 */
	a.skill[SKILL_SELF_EFFICACY] = 60;
	assert_true(attempt_passes(&r, &a, NULL));
	a.outcome = "failure";
	assert_false(attempt_passes(&r, &a, NULL));
	a.outcome = NULL;
	pass_rules_init(&r);
	assert_false(attempt_passes(&r, &a, NULL));
}

static const char good_yaml[] =
	"assignment: week3-alcohol\n"
	"title: \"Week 3: rolling with resistance\"\n"
	"pack: primary-care\n"
	"version: \"1.0.0\"\n"
	"scenarios: [alcohol-gp, smoking-copd]\n"
	"due: 2026-12-01\n"
	"mode: exam\n"
	"trainer: Dr Lee\n"
	"pass:\n"
	"  rq_ratio: 1.0\n"
	"  pct_complex: 40\n"
	"  no_codes: [CONF]\n"
	"  outcome: success\n"
	"  min_skill: {reflection: 60}\n";

static void test_an_assignment_file_reads_into_the_model(void **state)
{
	struct assignment a;
	struct diag_list dl = {0};
	(void)state;
	assert_int_equal(assignment_parse(good_yaml, strlen(good_yaml), "a.yaml", &a, &dl), 0);
	assert_string_equal(a.id, "week3-alcohol");
	assert_string_equal(a.pack_version, "1.0.0");
	assert_int_equal(a.nscenarios, 2);
	assert_string_equal(a.scenarios[1], "smoking-copd");
	assert_string_equal(a.due, "2026-12-01");
	assert_true(a.exam);
	assert_true(a.pass.rq_ratio == 1.0);
	assert_int_equal(a.pass.no_codes, CODE_BIT(CODE_CONF));
	assert_int_equal(a.pass.min_skill[SKILL_REFLECTION], 60);
	assert_int_equal(a.pass.min_skill[SKILL_EMPATHY], -1);
	assignment_release(&a);
	diag_list_release(&dl);
}

static void test_a_written_assignment_reads_back_the_same(void **state)
{
	struct assignment a, b;
	struct diag_list dl = {0};
	struct strbuf sb = {0};
	(void)state;
	assert_int_equal(assignment_parse(good_yaml, strlen(good_yaml), "a.yaml", &a, &dl), 0);
	free(a.title);
	a.title = xstrdup("Quotes \" and \\ and: colons # not a comment\nnew line");
	assignment_format_yaml(&a, &sb);
	if (assignment_parse(sb.buf, sb.len, "b.yaml", &b, &dl)) {
		diag_print(&dl, stderr, 0);
		fail_msg("written assignment does not read back:\n%s", sb.buf);
	}
	assert_string_equal(a.title, b.title);
	assert_string_equal(a.trainer, b.trainer);
	assert_memory_equal(&a.pass, &b.pass, sizeof a.pass);
	assert_int_equal(a.nscenarios, b.nscenarios);
	assignment_release(&a);
	assignment_release(&b);
	strbuf_release(&sb);
	diag_list_release(&dl);
}

static void test_any_text_a_writer_is_given_reads_back_the_same(void **state)
{
	/* C1 controls, line separators, a byte-order mark, non-characters: YAML
	 * refuses some raw and reads others as line breaks. */
	static const char *const titles[] = {
		"C1 \xc2\x9b[31m CSI", "NEL \xc2\x85 and \xc2\x80", "LS \xe2\x80\xa8 PS \xe2\x80\xa9",
		"BOM \xef\xbb\xbf", "non-characters \xef\xbf\xbe \xef\xbf\xbf", "ESC \x1b[2J DEL \x7f",
		"RLO \xe2\x80\xae and an emoji \xf0\x9f\x98\x80",
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(titles); i++) {
		struct assignment a, b;
		struct diag_list dl = {0};
		struct strbuf sb = {0};
		assert_int_equal(assignment_parse(good_yaml, strlen(good_yaml), "a.yaml", &a, &dl), 0);
		free(a.title);
		a.title = xstrdup(titles[i]);
		free(a.trainer);
		a.trainer = xstrdup(titles[i]);
		assignment_format_yaml(&a, &sb);
		if (assignment_parse(sb.buf, sb.len, "b.yaml", &b, &dl)) {
			diag_print(&dl, stderr, 0);
			fail_msg("title %zu does not read back:\n%s", i, sb.buf);
		}
		assert_string_equal(a.title, b.title);
		assert_string_equal(a.trainer, b.trainer);
		assignment_release(&a);
		assignment_release(&b);
		strbuf_release(&sb);
		diag_list_release(&dl);
	}
}

static void expect_refused(const char *yaml, const char *want)
{
	struct assignment a;
	struct diag_list dl = {0};
	bool found = false;

	assert_int_equal(assignment_parse(yaml, strlen(yaml), "bad.yaml", &a, &dl), -1);
	for (size_t i = 0; i < dl.n; i++) {
		char *line = xasprintf("%s:%d:%d: %s", dl.items[i].file, dl.items[i].line, dl.items[i].col,
				       dl.items[i].message);
		found |= strstr(line, want) != NULL;
		free(line);
	}
	if (!found) {
		diag_print(&dl, stderr, 0);
		fail_msg("no message with '%s'", want);
	}
	assignment_release(&a);
	diag_list_release(&dl);
}

static void test_untrusted_assignment_files_are_refused_with_a_place(void **state)
{
	(void)state;
	expect_refused("assignment: a\npack: p\nversion: '1'\nscenarios: [x]\nmdoe: exam\n",
		       "bad.yaml:5:1: unknown key 'mdoe' in the assignment (did you mean 'mode'?)");
	expect_refused("assignment: a\nassignment: b\n", "bad.yaml:2:1: duplicate key 'assignment'");
	expect_refused("assignment: &x a\npack: *x\n", "anchors and aliases are not allowed");
	expect_refused("assignment: a\npack: p\nversion: '1'\nscenarios: [x]\ndue: 2026-02-30\n",
		       "bad.yaml:5:6: 'due' wants a date");
	expect_refused("assignment: Week 3\npack: p\nversion: '1'\nscenarios: [x]\n", "may hold only lower-case");
	expect_refused("assignment: a\npack: p\nversion: '1'\nscenarios: [x]\npass: {pct_complex: 140}\n",
		       "'pct_complex' wants a number from 0 to 100");
	expect_refused("assignment: a\npack: p\n", "the assignment has no 'version'");
	expect_refused("", "the file is empty");
	expect_refused("a: [\n", "bad.yaml:2:1");
	expect_refused("assignment: \"\xff\"\n", "not UTF-8");
	expect_refused("a: [[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]\n", "nested too deeply");
	expect_refused("assignment: a\n---\nassignment: b\n", "more than one document");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pass_rules_round_trip_through_their_one_line_form),
		cmocka_unit_test(test_unknown_or_out_of_range_rules_are_refused),
		cmocka_unit_test(test_a_session_meeting_every_rule_passes),
		cmocka_unit_test(test_confrontation_fails_a_no_confront_rule_and_says_so),
		cmocka_unit_test(test_too_few_reflections_per_question_fails),
		cmocka_unit_test(test_wrong_outcome_low_skill_and_unfinished_sessions_fail),
		cmocka_unit_test(test_an_assignment_file_reads_into_the_model),
		cmocka_unit_test(test_a_written_assignment_reads_back_the_same),
		cmocka_unit_test(test_any_text_a_writer_is_given_reads_back_the_same),
		cmocka_unit_test(test_untrusted_assignment_files_are_refused_with_a_place),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
