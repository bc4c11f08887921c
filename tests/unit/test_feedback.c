/* Unit tests of the feedback a practitioner reads (core/feedback.c): here
 * the client's talk, as the mark on change talk during a session and the
 * two lines of the summary. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/feedback.h"
#include "core/util.h"

static struct said_line said(const char *text, enum client_talk talk, enum talk_kind kind)
{
	return (struct said_line){ .text = text, .talk = talk, .kind = kind, .from = SAID_NODE, .move = -1 };
}

static void test_change_talk_is_marked_with_its_kinds_and_nothing_else_is(void **state)
{
	struct said_line lines[] = {
		said("Yeah.", TALK_NEUTRAL, KIND_NONE),
		said("I'd like to walk again.", TALK_CHANGE, KIND_DESIRE),
		said("I could do the block.", TALK_CHANGE, KIND_ABILITY),
		said("I want to, really.", TALK_CHANGE, KIND_DESIRE),
		said("But the knee.", TALK_SUSTAIN, KIND_ABILITY),
	};
	struct strbuf sb = {0};

	(void)state;
	assert_true(feedback_talk_mark(&sb, lines, ARRAY_SIZE(lines)));
	assert_string_equal(sb.buf, "change talk (desire, ability): reflect it");
	strbuf_reset(&sb);
	lines[1].kind = lines[2].kind = lines[3].kind = KIND_NONE;
	assert_true(feedback_talk_mark(&sb, lines, ARRAY_SIZE(lines)));
	assert_string_equal(sb.buf, "change talk: reflect it");
	strbuf_reset(&sb);
	/* Sustain talk, neutral lines and unlabelled ones (format 1) get no mark. */
	lines[1].talk = lines[3].talk = TALK_SUSTAIN;
	lines[2].talk = TALK_UNLABELLED;
	assert_false(feedback_talk_mark(&sb, lines, ARRAY_SIZE(lines)));
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
}

static void test_the_talk_summary_names_the_replies_that_missed_change_talk(void **state)
{
	int missed[] = { 2, 5 };
	struct talk_summary t = {
		.change = 3, .sustain = 2, .neutral = 4, .ratio = 1.5, .pct_change = 60,
		.after_change = 3, .missed = 2, .missed_turn = missed,
	};
	struct strbuf sb = {0};

	(void)state;
	t.change_kind[KIND_DESIRE] = 2;
	t.change_kind[KIND_NONE] = 1;
	t.sustain_kind[KIND_REASON] = 1;
	feedback_format_talk(&sb, &t);
	assert_string_equal(sb.buf,
			    "  Client talk evoked (the scenario's labels): change 3 (desire 2), sustain 2 (reason 1); "
			    "1.5 change to 1 sustain (60% change); neutral 4\n"
			    "  Missed change talk: 2 of 3 replies after change talk (replies 2, 5) neither reflected, "
			    "affirmed nor asked about it\n");
	strbuf_reset(&sb);
	t.missed = 0;
	feedback_format_talk(&sb, &t);
	assert_non_null(strstr(sb.buf, "Missed change talk: none; each of the 3 replies after change talk"));
	strbuf_reset(&sb);
	t.after_change = 0;
	t.sustain = 0;
	t.sustain_kind[KIND_REASON] = 0;
	t.ratio = t.pct_change = -1;
	feedback_format_talk(&sb, &t);
	assert_non_null(strstr(sb.buf, "change 3 (desire 2), sustain 0; no sustain talk; neutral 4"));
	assert_non_null(strstr(sb.buf, "Missed change talk: none (no reply came after change talk)"));
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_change_talk_is_marked_with_its_kinds_and_nothing_else_is),
		cmocka_unit_test(test_the_talk_summary_names_the_replies_that_missed_change_talk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
