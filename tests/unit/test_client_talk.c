/* Unit tests of client_talk.c: change and sustain talk evoked, their ratio,
 * and missed change talk with its turn numbers, over sessions built here. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/client_talk.h"
#include "core/text.h"

static struct said_line line(const char *text, enum client_talk talk, enum talk_kind kind)
{
	return (struct said_line){ .text = text, .talk = talk, .kind = kind, .move = -1 };
}

static struct coded_reply coded(unsigned codes)
{
	struct coded_reply cr;
	memset(&cr, 0, sizeof cr);
	cr.codes = codes;
	return cr;
}

static void test_talk_is_counted_by_label_and_kind_after_replies_only(void **state)
{
	struct said_line opening[] = { line("I want to stop, really.", TALK_CHANGE, KIND_DESIRE) };
	struct said_line a1[] = { line("I like my cans.", TALK_SUSTAIN, KIND_REASON),
				  line("But Alfie matters.", TALK_CHANGE, KIND_REASON) };
	struct said_line a2[] = { line("I could do weekdays.", TALK_CHANGE, KIND_ABILITY) };
	struct said_line a3[] = { line("Right.", TALK_NEUTRAL, KIND_NONE), line("Hm.", TALK_UNLABELLED, KIND_NONE) };
	struct coded_reply cr = coded(CODE_BIT(CODE_CR));
	struct talk_turn turns[] = { { &cr, "x", a1, 2 }, { &cr, "x", a2, 1 }, { &cr, "x", a3, 2 } };
	struct talk_summary t;
	(void)state;

	talk_summarize(opening, 1, turns, 3, &t);
	assert_int_equal(t.change, 2);   /* the opening was not evoked */
	assert_int_equal(t.sustain, 1);
	assert_int_equal(t.neutral, 1);
	assert_int_equal(t.unlabelled, 1);
	assert_int_equal(t.change_kind[KIND_REASON], 1);
	assert_int_equal(t.change_kind[KIND_ABILITY], 1);
	assert_int_equal(t.sustain_kind[KIND_REASON], 1);
	assert_true(t.ratio > 1.99 && t.ratio < 2.01);
	assert_true(t.pct_change > 66.6 && t.pct_change < 66.7);
	talk_summary_release(&t);
}

static void test_ratios_are_undefined_without_the_talk_they_divide_by(void **state)
{
	struct said_line a1[] = { line("Maybe.", TALK_CHANGE, KIND_NONE) };
	struct said_line a2[] = { line("Right.", TALK_NEUTRAL, KIND_NONE) };
	struct coded_reply cr = coded(CODE_BIT(CODE_OQ));
	struct talk_turn one[] = { { &cr, "x", a1, 1 } }, none[] = { { &cr, "x", a2, 1 } };
	struct talk_summary t;
	(void)state;

	talk_summarize(NULL, 0, one, 1, &t);
	assert_true(t.ratio < 0);
	assert_true(t.pct_change > 99.9);
	talk_summary_release(&t);
	talk_summarize(NULL, 0, none, 1, &t);
	assert_true(t.ratio < 0);
	assert_true(t.pct_change < 0);
	talk_summary_release(&t);
	talk_summarize(NULL, 0, NULL, 0, &t);
	assert_int_equal(t.missed, 0);
	talk_summary_release(&t);
}

static void test_change_talk_left_unanswered_is_missed_with_its_turn(void **state)
{
	struct said_line opening[] = { line("I'd like to be fitter for Alfie.", TALK_CHANGE, KIND_DESIRE) };
	struct said_line a1[] = { line("The cans help me unwind.", TALK_SUSTAIN, KIND_REASON) };
	struct said_line a2[] = { line("I could do without them in the week.", TALK_CHANGE, KIND_ABILITY) };
	struct said_line a3[] = { line("Maybe Monday to Thursday.", TALK_CHANGE, KIND_COMMITMENT) };
	struct said_line a4[] = { line("OK.", TALK_NEUTRAL, KIND_NONE) };
	struct coded_reply gi = coded(CODE_BIT(CODE_GI)), cq = coded(CODE_BIT(CODE_CQ));
	struct coded_reply cr = coded(CODE_BIT(CODE_CR)), oq = coded(CODE_BIT(CODE_OQ));
	struct talk_turn turns[] = {
		{ &gi, "Men your age should drink under fourteen units.", a1, 1 },  /* 1: missed (GI) */
		{ &cq, "How many cans do you have?", a2, 1 },                      /* 2: no change talk before */
		{ &oq, "When would you start?", a3, 1 },                            /* 3: a question unrelated: missed */
		{ &cr, "Monday to Thursday feels doable.", a4, 1 },                 /* 4: reflected */
	};
	struct talk_summary t;
	(void)state;

	talk_summarize(opening, 1, turns, 4, &t);
	assert_int_equal(t.after_change, 3);
	assert_int_equal(t.missed, 2);
	assert_int_equal(t.missed_turn[0], 1);
	assert_int_equal(t.missed_turn[1], 3);
	talk_summary_release(&t);
}

static void test_a_question_about_the_change_talk_responds_to_it(void **state)
{
	struct said_line ct[] = { line("I could do without them in the week.", TALK_CHANGE, KIND_ABILITY) };
	struct coded_reply oq = coded(CODE_BIT(CODE_OQ)), af = coded(CODE_BIT(CODE_AF));
	struct coded_reply gi = coded(CODE_BIT(CODE_GI));
	(void)state;

	assert_true(talk_reply_responds(&oq, "Tell me more about that.", ct, 1));
	assert_true(talk_reply_responds(&oq, "Which days in the week would be easiest?", ct, 1));
	assert_false(talk_reply_responds(&oq, "How is your sleep?", ct, 1));
	assert_true(talk_reply_responds(&af, "You know your own mind.", ct, 1));
	assert_false(talk_reply_responds(&gi, "The week is seven days.", ct, 1));
	assert_true(talk_has_change(ct, 1));
}

static int teardown(void **state)
{
	(void)state;
	text_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_talk_is_counted_by_label_and_kind_after_replies_only),
		cmocka_unit_test(test_ratios_are_undefined_without_the_talk_they_divide_by),
		cmocka_unit_test(test_change_talk_left_unanswered_is_missed_with_its_turn),
		cmocka_unit_test(test_a_question_about_the_change_talk_responds_to_it),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
