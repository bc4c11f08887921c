/* Unit tests of summary.c: MITI 4.2.1 counts, ratios, thresholds and bands. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/summary.h"

static struct coded_reply reply(enum mi_code primary, unsigned extra, int e, int r, int d, int s)
{
	struct coded_reply c;
	memset(&c, 0, sizeof c);
	c.primary = primary;
	c.codes = CODE_BIT(primary) | extra;
	c.skills[SKILL_EMPATHY] = e;
	c.skills[SKILL_REFLECTION] = r;
	c.skills[SKILL_DISCREPANCY] = d;
	c.skills[SKILL_SELF_EFFICACY] = s;
	c.nonadherent = (c.codes & (CODE_BIT(CODE_PERS) | CODE_BIT(CODE_CONF))) != 0;
	return c;
}

static void test_two_reflections_per_question_is_good(void **state)
{
	struct coded_reply r[] = {
		reply(CODE_OQ, 0, 2, 0, 0, 0), reply(CODE_CR, 0, 4, 4, 2, 0), reply(CODE_SR, 0, 3, 3, 0, 0),
	};
	struct summary s;
	(void)state;
	summary_compute(r, 3, &s);
	assert_int_equal(s.questions, 1);
	assert_int_equal(s.reflections, 2);
	assert_true(s.rq_ratio > 1.99 && s.rq_ratio < 2.01);
	assert_int_equal(s.rq_band, BAND_GOOD);
	assert_true(s.pct_complex > 49.9 && s.pct_complex < 50.1);
	assert_int_equal(s.complex_band, BAND_GOOD);
}

static void test_one_to_one_is_fair_and_below_one_is_below_fair(void **state)
{
	struct coded_reply a[] = { reply(CODE_CQ, 0, 1, 0, 0, 0), reply(CODE_SR, 0, 2, 2, 0, 0) };
	struct coded_reply b[] = { reply(CODE_CQ, 0, 1, 0, 0, 0), reply(CODE_OQ, 0, 1, 0, 0, 0),
				   reply(CODE_SR, 0, 2, 2, 0, 0) };
	struct summary s;
	(void)state;
	summary_compute(a, 2, &s);
	assert_int_equal(s.rq_band, BAND_FAIR);
	summary_compute(b, 3, &s);
	assert_int_equal(s.rq_band, BAND_BELOW);
}

static void test_complex_percentage_thresholds_are_40_and_50(void **state)
{
	struct coded_reply r[5];
	struct summary s;
	(void)state;
	/* 2 of 5 complex: 40% is fair */
	for (int i = 0; i < 5; i++)
		r[i] = reply(i < 2 ? CODE_CR : CODE_SR, 0, 3, 3, 0, 0);
	summary_compute(r, 5, &s);
	assert_int_equal(s.complex_band, BAND_FAIR);
	/* 1 of 5: 20% is below fair */
	r[1] = reply(CODE_SR, 0, 3, 3, 0, 0);
	summary_compute(r, 5, &s);
	assert_int_equal(s.complex_band, BAND_BELOW);
}

static void test_no_question_and_no_reflection_give_minus_one(void **state)
{
	struct coded_reply r[] = { reply(CODE_GI, 0, 1, 0, 0, 0) };
	struct summary s;
	(void)state;
	summary_compute(r, 1, &s);
	assert_true(s.rq_ratio < 0);
	assert_true(s.pct_complex < 0);
	assert_int_equal(s.rq_band, BAND_BELOW);
	assert_int_equal(s.complex_band, BAND_BELOW);
}

static void test_adherent_and_nonadherent_counts(void **state)
{
	struct coded_reply r[] = {
		reply(CODE_AF, CODE_BIT(CODE_CR), 3, 3, 0, 3), reply(CODE_SEEK, CODE_BIT(CODE_AUTO), 2, 0, 0, 1),
		reply(CODE_PERS, 0, 1, 0, 0, 0), reply(CODE_CONF, CODE_BIT(CODE_CQ), 0, 0, 0, 0),
	};
	struct summary s;
	(void)state;
	summary_compute(r, 4, &s);
	assert_int_equal(s.adherent, 3);
	assert_int_equal(s.nonadherent, 2);
	assert_int_equal(s.count[CODE_CQ], 1);
	assert_int_equal(s.replies, 4);
}

static void test_confronting_session_rates_lower_than_reflective_one(void **state)
{
	struct coded_reply good[6], bad[6];
	struct summary g, b;
	(void)state;
	for (int i = 0; i < 6; i++) {
		good[i] = reply(i % 3 == 0 ? CODE_OQ : CODE_CR, i == 4 ? CODE_BIT(CODE_AF) : 0, 4, 4, 3, 2);
		bad[i] = reply(i % 2 ? CODE_CONF : CODE_PERS, 0, 0, 0, 1, 0);
	}
	summary_compute(good, 6, &g);
	summary_compute(bad, 6, &b);
	assert_true(g.relational > b.relational);
	assert_true(g.technical > b.technical);
	assert_true(g.global_empathy >= 4.0);
	assert_int_equal(g.relational_band, BAND_GOOD);
	assert_int_equal(b.relational_band, BAND_BELOW);
	assert_true(b.global_partnership >= 1.0 && b.global_partnership <= 5.0);
	assert_true(g.skill_score[SKILL_EMPATHY] == 100);
	assert_true(b.skill_score[SKILL_EMPATHY] == 0);
}

static void test_permission_and_questions_do_not_drag_a_skilled_reflection_score(void **state)
{
	/* A skilled session: reflections, an open question, a permission
	 * request, a closed question. A poor one: one simple reflection among
	 * advice and confrontation. */
	struct coded_reply skilled[] = {
		reply(CODE_CR, 0, 4, 4, 3, 0), reply(CODE_SEEK, CODE_BIT(CODE_CQ), 2, 0, 0, 0),
		reply(CODE_OQ, 0, 2, 0, 0, 1), reply(CODE_CR, CODE_BIT(CODE_OQ), 3, 3, 2, 2),
		reply(CODE_CQ, 0, 1, 0, 0, 0), reply(CODE_SR, 0, 3, 3, 0, 0),
	};
	struct coded_reply poor[] = {
		reply(CODE_PERS, 0, 1, 0, 1, 0), reply(CODE_SR, 0, 3, 3, 0, 0), reply(CODE_CONF, 0, 0, 0, 0, 0),
		reply(CODE_PERS, CODE_BIT(CODE_SR), 1, 1, 1, 0), reply(CODE_CONF, 0, 0, 0, 0, 0),
		reply(CODE_PERS, 0, 1, 0, 0, 0),
	};
	struct summary g, b;
	(void)state;
	summary_compute(skilled, 6, &g);
	summary_compute(poor, 6, &b);
	for (int k = 0; k < SKILL_COUNT; k++)
		if (g.skill_score[k] <= b.skill_score[k])
			fail_msg("%s: skilled %d, poor %d", skill_name((enum mi_skill)k), g.skill_score[k], b.skill_score[k]);
	/* reflection over the three reflections alone: (4 + 3 + 3) / 3 * 25 */
	assert_int_equal(g.skill_score[SKILL_REFLECTION], 83);
	/* and over the poor session's reflections and non-adherent replies */
	assert_int_equal(b.skill_score[SKILL_REFLECTION], 17);
	assert_false(skill_applies(&skilled[1], SKILL_REFLECTION));
	assert_true(skill_applies(&poor[0], SKILL_REFLECTION));
	assert_true(skill_applies(&skilled[1], SKILL_EMPATHY));
}

static void test_reflection_then_question_counts_toward_both(void **state)
{
	struct coded_reply r[] = { reply(CODE_CR, CODE_BIT(CODE_OQ), 3, 3, 0, 0), reply(CODE_SR, 0, 2, 2, 0, 0) };
	struct summary s;
	(void)state;
	summary_compute(r, 2, &s);
	assert_int_equal(s.reflections, 2);
	assert_int_equal(s.questions, 1);
	assert_true(s.rq_ratio > 1.99 && s.rq_ratio < 2.01);
}

static void test_empty_session_is_all_minimums(void **state)
{
	struct summary s;
	(void)state;
	summary_compute(NULL, 0, &s);
	assert_int_equal(s.replies, 0);
	assert_true(s.global_empathy == 1.0);
	assert_int_equal(s.technical_band, BAND_BELOW);
	assert_int_equal(s.skill_score[SKILL_REFLECTION], 0);
}

static void test_band_names(void **state)
{
	(void)state;
	assert_string_equal(band_name(BAND_BELOW), "below fair");
	assert_string_equal(band_name(BAND_FAIR), "fair");
	assert_string_equal(band_name(BAND_GOOD), "good");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_reflections_per_question_is_good),
		cmocka_unit_test(test_one_to_one_is_fair_and_below_one_is_below_fair),
		cmocka_unit_test(test_complex_percentage_thresholds_are_40_and_50),
		cmocka_unit_test(test_no_question_and_no_reflection_give_minus_one),
		cmocka_unit_test(test_adherent_and_nonadherent_counts),
		cmocka_unit_test(test_confronting_session_rates_lower_than_reflective_one),
		cmocka_unit_test(test_permission_and_questions_do_not_drag_a_skilled_reflection_score),
		cmocka_unit_test(test_reflection_then_question_counts_toward_both),
		cmocka_unit_test(test_empty_session_is_all_minimums),
		cmocka_unit_test(test_band_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
