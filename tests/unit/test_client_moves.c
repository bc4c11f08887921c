/* Unit tests of client_moves.c: what the client hears in a reply, typed as
 * trainees type it, and the default lines of the moves. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/client_moves.h"
#include "core/text.h"

static struct coded_reply coded(unsigned codes, bool nonadherent)
{
	struct coded_reply cr;

	memset(&cr, 0, sizeof cr);
	cr.codes = codes;
	for (int c = 0; c < CODE_COUNT; c++)
		if (codes & CODE_BIT(c)) {
			cr.primary = (enum mi_code)c;
			break;
		}
	cr.nonadherent = nonadherent;
	return cr;
}

static struct reply_traits hear(const char *reply, unsigned codes, const char *client)
{
	struct coded_reply cr = coded(codes, (codes & (CODE_BIT(CODE_PERS) | CODE_BIT(CODE_CONF))) != 0);
	const char *lines[1] = { client };
	static const char *const topics[] = { "drinking", "cans" };
	struct reply_context ctx = { lines, client ? 1 : 0, NULL, 0, topics, 2 };
	struct reply_traits t;

	reply_traits_compute(reply, &cr, &ctx, &t);
	return t;
}

static void test_permission_requests_are_heard_without_apostrophes_or_question_marks(void **state)
{
	static const char *const asks[] = {
		"ok if i share what other people have tried", "Can I share something?", "cani share",
		"would you like to hear what some people do", "Would it be all right if I told you about the test?",
		"do you mind if i make a suggestion", "could i offer an idea",
		"would you like to know what the test involves", "can i explain how the swab works",
	};
	(void)state;
	for (size_t i = 0; i < sizeof asks / sizeof asks[0]; i++) {
		struct reply_traits t = hear(asks[i], CODE_BIT(CODE_SEEK), NULL);
		if (i == 2)
			assert_false(t.permission);  /* a typo that is no request */
		else
			assert_true(t.permission);
	}
	assert_false(hear("What do you think about the tests?", CODE_BIT(CODE_OQ), NULL).permission);
	assert_false(hear("You can share it with Julie.", CODE_BIT(CODE_SR), NULL).permission);
}

static void test_information_in_the_same_reply_follows_the_request(void **state)
{
	(void)state;
	assert_true(hear("Can I share something? Some people find a dry weekday helps.", CODE_BIT(CODE_PWP), NULL)
			    .info_follows);
	assert_false(hear("Can I share something that has helped other people?", CODE_BIT(CODE_SEEK), NULL)
			     .info_follows);
	assert_false(hear("can i share something. ok?", CODE_BIT(CODE_SEEK), NULL).info_follows);
}

static void test_a_question_is_heard_whatever_the_coder_made_of_it(void **state)
{
	(void)state;
	assert_true(hear("what do you weigh", CODE_BIT(CODE_CR), NULL).asks);
	assert_true(hear("did the patches help at all", CODE_BIT(CODE_OTHER), NULL).asks);
	assert_true(hear("you sound fed up. tell me about the weekend", CODE_BIT(CODE_CR), NULL).asks);
	assert_true(hear("So that's the plan?", CODE_BIT(CODE_SR), NULL).asks);
	assert_true(hear("Fine.", CODE_BIT(CODE_CQ), NULL).asks);
	assert_false(hear("You want the evenings to yourself.", CODE_BIT(CODE_SR), NULL).asks);
	assert_false(hear("It is what it is, for you.", CODE_BIT(CODE_SR), NULL).asks);
	/* A discourse opener is not the clause's start; a question word with a
	 * pronoun straight after it opens a statement. */
	assert_true(hear("so what happened", CODE_BIT(CODE_SR), NULL).asks);
	assert_true(hear("ok so what do you want from today", CODE_BIT(CODE_SR), NULL).asks);
	assert_false(hear("what you tell me stays between us", CODE_BIT(CODE_GI), NULL).asks);
	assert_false(hear("how you feel about it matters more than the numbers", CODE_BIT(CODE_CR), NULL).asks);
	assert_false(hear("you drive the way you always have, when the light is good", CODE_BIT(CODE_SR), NULL).asks);
	assert_true(hear("you feel stuck, what would help", CODE_BIT(CODE_CR), NULL).asks);
}

static void test_an_amplified_reflection_overshoots_but_the_clients_own_words_do_not(void **state)
{
	const char *client = "I have a few cans after work, that's all.";
	(void)state;
	assert_true(hear("So there's no problem at all with the cans.", CODE_BIT(CODE_CR), client).overshoots);
	assert_true(hear("you never want to give up the cans", CODE_BIT(CODE_SR), client).overshoots);
	assert_false(hear("The cans after work matter to you.", CODE_BIT(CODE_SR), client).overshoots);
	/* the client said it first: reflecting it is not overshooting */
	assert_false(hear("There's no problem at all, as you see it.", CODE_BIT(CODE_SR),
			  "There's no problem at all with my drinking.").overshoots);
	/* not a reflection: no pushback on a reflection */
	assert_false(hear("There's no problem at all, is there?", CODE_BIT(CODE_CQ), client).overshoots);
}

static void test_a_reflection_with_none_of_their_words_misses(void **state)
{
	const char *client = "I have a few cans after work, it switches my head off.";
	(void)state;
	assert_true(hear("You're worried about the mortgage and the holiday money.", CODE_BIT(CODE_CR), client).misses);
	assert_false(hear("The cans switch your head off after a long day.", CODE_BIT(CODE_CR), client).misses);
	/* a topic of the scenario counts as theirs */
	assert_false(hear("The drinking is a way to wind down from a long hard day.", CODE_BIT(CODE_CR), client).misses);
	/* short guesses and the practitioner's own process are not judged */
	assert_false(hear("You must be shattered.", CODE_BIT(CODE_CR), client).misses);
	assert_false(hear("I've been pushing you with lots of questions today.", CODE_BIT(CODE_CR), client).misses);
	/* nothing to get wrong after a one-word line */
	assert_false(hear("You're worried about the mortgage and the holiday money.", CODE_BIT(CODE_CR), "No.").misses);
	/* an affirmation or a confrontation is not a reflection that misses */
	assert_false(hear("You kept going through a hard winter on your own.", CODE_BIT(CODE_AF), client).misses);
}

static void test_nearly_the_same_words_are_a_repeat(void **state)
{
	struct reply_sig a, b, c, d;
	(void)state;
	reply_signature("What brings you in today?", &a);
	reply_signature("so what brings you in today", &b);
	reply_signature("What brings you in, and what do you hope for?", &c);
	reply_signature("ok", &d);
	assert_true(reply_sig_repeats(&a, &b));
	assert_false(reply_sig_repeats(&a, &c));
	assert_false(reply_sig_repeats(&d, &d));  /* "ok" twice is not repeating oneself */
}

static void test_default_moves_read_rapport_and_resistance(void **state)
{
	struct scenario s;
	(void)state;
	memset(&s, 0, sizeof s);
	s.format = 2;
	s.nmeters = 2;
	s.meters[0] = (struct meter_def){ .id = "rapport", .min = 0, .max = 10 };
	s.meters[1] = (struct meter_def){ .id = "resistance", .min = 0, .max = 10 };
	s.moves[MOVE_OVERSHOOT].off = true;
	client_moves_defaults(&s);
	assert_int_equal(s.moves[MOVE_PERMISSION].nsay, 4);
	assert_int_equal(s.moves[MOVE_PERMISSION].say[0].when.meters.n, 1);
	assert_int_equal(s.moves[MOVE_PERMISSION].say[0].when.meters.cmps[0].value, 5);
	assert_int_equal(s.moves[MOVE_REFUSE].nsay, 2);
	assert_int_equal(s.moves[MOVE_REFUSE].say[0].when.meters.cmps[0].op, CMP_GE);
	assert_int_equal(s.moves[MOVE_REFUSE].say[0].when.meters.cmps[0].value, 8);
	assert_int_equal(s.moves[MOVE_OVERSHOOT].nsay, 0);
	assert_int_equal(s.moves[MOVE_REPEAT].say[0].when.reply.asks, 1);
	for (int m = 0; m < MOVE_COUNT; m++)
		for (size_t i = 0; i < s.moves[m].nsay; i++)
			assert_int_equal(s.moves[m].say[i].talk, TALK_NEUTRAL);
	/* without the meters: agreeing without conditions, never refusing */
	struct scenario t;
	memset(&t, 0, sizeof t);
	t.format = 2;
	client_moves_defaults(&t);
	assert_int_equal(t.moves[MOVE_PERMISSION].nsay, 2);
	assert_int_equal(t.moves[MOVE_PERMISSION].say[0].when.meters.n, 0);
	assert_int_equal(t.moves[MOVE_REFUSE].nsay, 0);
	for (int m = 0; m < MOVE_COUNT; m++) {
		for (size_t i = 0; i < s.moves[m].nsay; i++) {
			free(s.moves[m].say[i].text);
			free(s.moves[m].say[i].when.meters.cmps);
		}
		free(s.moves[m].say);
		for (size_t i = 0; i < t.moves[m].nsay; i++) {
			free(t.moves[m].say[i].text);
			free(t.moves[m].say[i].when.meters.cmps);
		}
		free(t.moves[m].say);
	}
}

static void test_a_format1_scenario_gets_no_moves(void **state)
{
	struct scenario s;
	(void)state;
	memset(&s, 0, sizeof s);
	s.format = 1;
	client_moves_defaults(&s);
	for (int m = 0; m < MOVE_COUNT; m++)
		assert_int_equal(s.moves[m].nsay, 0);
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
		cmocka_unit_test(test_permission_requests_are_heard_without_apostrophes_or_question_marks),
		cmocka_unit_test(test_information_in_the_same_reply_follows_the_request),
		cmocka_unit_test(test_a_question_is_heard_whatever_the_coder_made_of_it),
		cmocka_unit_test(test_an_amplified_reflection_overshoots_but_the_clients_own_words_do_not),
		cmocka_unit_test(test_a_reflection_with_none_of_their_words_misses),
		cmocka_unit_test(test_nearly_the_same_words_are_a_repeat),
		cmocka_unit_test(test_default_moves_read_rapport_and_resistance),
		cmocka_unit_test(test_a_format1_scenario_gets_no_moves),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
