/* Unit tests of the listening client (scenario format 2: dialogue.c's
 * feed_format2 and dialogue_lines.c): lines chosen on the reply, answers,
 * moves, no verbatim repeats, ending lines that fit the path, labels and
 * thoughts. A scenario loaded from YAML (the way authors write them) is fed
 * replies coded by hand, so that each test controls what the client hears. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/dialogue.h"
#include "core/text.h"
#include "core/util.h"
#include "io/print.h"
#include "yaml/pack_load.h"
#include "helpers.h"

static const char listening[] =
	"id: listening\n"
	"format: 2\n"
	"title: \"Listening\"\n"
	"difficulty: 2\n"
	"stage: contemplation\n"
	"themes: [drink, drinking]\n"
	"persona: {name: \"Keith\", situation: \"Plumber who drinks after work\"}\n"
	"meters:\n"
	"  resistance: {min: 0, max: 10, start: 5, good: low}\n"
	"  readiness: {min: 0, max: 10, start: 2}\n"
	"  rapport: {min: 0, max: 10, start: 6}\n"
	"start: opening\n"
	"turn_limit: 20\n"
	"answers:\n"
	"  - about: [dad, father]\n"
	"    when: \"rapport < 4\"\n"
	"    say: {text: \"I'd rather not talk about him.\", talk: neutral}\n"
	"  - about: [dad, father]\n"
	"    say:\n"
	"      - {text: \"He died at sixty-three. Heart attack.\", talk: neutral, thought: \"Don't go there.\"}\n"
	"nodes:\n"
	"  opening:\n"
	"    say:\n"
	"      - {text: \"I only have a few cans after work.\", talk: sustain, kind: need}\n"
	"      - {text: \"The cans are the only bit of the day that's mine.\", talk: sustain, kind: reason}\n"
	"      - {text: \"Like I said, it's a few cans.\", visit: again, talk: sustain}\n"
	"      - {text: \"And Julie has a go about it.\", adds: after, visit: first, talk: sustain}\n"
	"      - {text: \"My dad drank. I'm not him.\", when: {about: [dad, father]}, talk: sustain}\n"
	"    responses:\n"
	"      - when: {nonadherent: true}\n"
	"        effects: {resistance: +2}\n"
	"        goto: opening\n"
	"        thought: \"Here we go.\"\n"
	"      - when: {codes: [SR, CR]}\n"
	"        effects: {readiness: +2}\n"
	"        goto: opening\n"
	"        say_first:\n"
	"          - {text: \"Exactly.\", talk: neutral}\n"
	"      - when: {codes: [PWP, GI]}\n"
	"        effects: {readiness: +1}\n"
	"        goto: opening\n"
	"      - when: {asks: true}\n"
	"        goto: opening\n"
	"      - fallback: true\n"
	"        goto: opening\n"
	"endings:\n"
	"  step:\n"
	"    kind: success\n"
	"    when: \"readiness >= 9\"\n"
	"    say:\n"
	"      - {text: \"For Alfie, then. No cans in the week.\", when: {raised: [alfie]}, talk: change, kind: commitment}\n"
	"      - {text: \"No cans in the week, then.\", talk: change, kind: commitment}\n"
	"  out: {kind: failure, when: \"resistance >= 10\", say: {text: \"I'm off.\", talk: sustain}}\n"
	"  time: {kind: limit, say: {text: \"Time's up.\", talk: neutral}}\n";

static struct coded_reply codes2(unsigned codes, enum mi_code primary, bool nonadherent)
{
	struct coded_reply cr;
	memset(&cr, 0, sizeof cr);
	cr.codes = codes;
	cr.primary = primary;
	cr.nonadherent = nonadherent;
	return cr;
}

static bool step_says(const struct dialogue_step *st, const char *text)
{
	for (size_t i = 0; i < st->nlines; i++)
		if (!strcmp(st->lines[i].text, text))
			return true;
	return false;
}

/* A line that opens a line already said ("Thank you. Nobody says that." of
 * "Thank you. Nobody says that. They just nag.") counts as said: the client
 * does not thank twice in a row. Not said before, it is said. */
static const char thanks[] =
	"id: thanks\n"
	"format: 2\n"
	"title: \"Thanks\"\n"
	"difficulty: 2\n"
	"stage: contemplation\n"
	"persona: {name: \"Nic\", situation: \"Mother of two\"}\n"
	"meters:\n"
	"  resistance: {min: 0, max: 10, start: 5, good: low}\n"
	"start: opening\n"
	"turn_limit: 20\n"
	"nodes:\n"
	"  opening:\n"
	"    say: {text: \"I'm fine.\", talk: neutral}\n"
	"    responses:\n"
	"      - when: {codes: [AF]}\n"
	"        goto: noticed\n"
	"      - when: {codes: [OQ]}\n"
	"        goto: more\n"
	"        say_first: {text: \"Thank you. Nobody says that.\", talk: neutral}\n"
	"      - fallback: true\n"
	"        goto: opening\n"
	"  noticed:\n"
	"    say: {text: \"Thank you. Nobody says that. They just nag.\", talk: neutral}\n"
	"    responses:\n"
	"      - when: {codes: [OQ]}\n"
	"        goto: more\n"
	"        say_first: {text: \"Thank you. Nobody says that.\", talk: neutral}\n"
	"      - fallback: true\n"
	"        goto: opening\n"
	"  more:\n"
	"    say: {text: \"The evenings are mine.\", talk: sustain, kind: reason}\n"
	"    responses:\n"
	"      - fallback: true\n"
	"        goto: more\n"
	"endings:\n"
	"  out: {kind: failure, when: \"resistance >= 10\", say: {text: \"I'm off.\", talk: sustain}}\n"
	"  time: {kind: limit, say: {text: \"Time's up.\", talk: neutral}}\n";

static void test_a_line_that_opens_one_already_said_is_not_said_again(void **state)
{
	struct pack *p = test_pack_from_text("thanks.yaml", thanks);
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply af = codes2(CODE_BIT(CODE_AF), CODE_AF, false);
	struct coded_reply oq = codes2(CODE_BIT(CODE_OQ), CODE_OQ, false);
	(void)state;

	dialogue_init(&d, p->scenarios[0], 1);
	dialogue_feed(&d, &af, "you kept it all going on your own", &st);
	assert_true(step_says(&st, "Thank you. Nobody says that. They just nag."));
	dialogue_feed(&d, &oq, "what would you want for them", &st);
	assert_false(step_says(&st, "Thank you. Nobody says that."));
	assert_true(step_says(&st, "The evenings are mine."));
	dialogue_release(&d);

	dialogue_init(&d, p->scenarios[0], 1);
	dialogue_feed(&d, &oq, "what would you want for them", &st);
	assert_true(step_says(&st, "Thank you. Nobody says that."));
	dialogue_release(&d);
	pack_free(p);
}

static void test_first_visit_line_follows_the_opening_and_labels_are_exposed(void **state)
{
	struct pack *p = test_pack_from_text("listening.yaml", listening);
	struct dialogue d;
	const struct said_line *sl;
	size_t n;
	(void)state;

	dialogue_init(&d, p->scenarios[0], 1);
	sl = dialogue_said(&d, &n);
	assert_int_equal(n, 2);
	assert_string_equal(sl[1].text, "And Julie has a go about it.");
	assert_int_equal(sl[0].talk, TALK_SUSTAIN);
	assert_true(sl[0].kind == KIND_NEED || sl[0].kind == KIND_REASON);
	/* the joined text is what a one-line reader shows */
	assert_non_null(strstr(dialogue_line(&d), " And Julie has a go about it."));
	dialogue_release(&d);
	pack_free(p);
}

static void test_variant_about_the_reply_is_chosen_over_the_plain_lines(void **state)
{
	struct pack *p = test_pack_from_text("listening.yaml", listening);
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply cr = codes2(CODE_BIT(CODE_AF), CODE_AF, false);
	(void)state;

	for (unsigned seed = 1; seed <= 5; seed++) {
		dialogue_init(&d, p->scenarios[0], seed);
		dialogue_feed(&d, &cr, "your dad would be proud of how hard you work", &st);
		assert_true(step_says(&st, "My dad drank. I'm not him."));
		assert_null(st.say_first);
		dialogue_release(&d);
	}
	pack_free(p);
}

static void test_no_line_repeats_while_another_is_eligible(void **state)
{
	struct pack *p = test_pack_from_text("listening.yaml", listening);
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply cr = codes2(CODE_BIT(CODE_OTHER), CODE_OTHER, false);
	const char *seen[8];
	size_t nseen = 0, n;
	const struct said_line *sl;
	(void)state;

	dialogue_init(&d, p->scenarios[0], 3);
	sl = dialogue_said(&d, &n);
	seen[nseen++] = sl[0].text;
	/* two more plain replies: the other base line and the coming-back line */
	for (int i = 0; i < 2; i++) {
		dialogue_feed(&d, &cr, i ? "mm" : "ok", &st);
		assert_int_equal(st.nlines, 1);
		for (size_t k = 0; k < nseen; k++)
			assert_string_not_equal(st.lines[0].text, seen[k]);
		seen[nseen++] = st.lines[0].text;
	}
	/* everything plain has been said: the node must still say a line */
	dialogue_feed(&d, &cr, "right", &st);
	assert_int_equal(st.nlines, 1);
	dialogue_release(&d);
	pack_free(p);
}

static void test_coming_back_line_is_said_only_on_a_later_visit(void **state)
{
	struct pack *p = test_pack_from_text("listening.yaml", listening);
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply cr = codes2(CODE_BIT(CODE_OTHER), CODE_OTHER, false);
	bool again = false;
	size_t n;
	(void)state;

	for (unsigned seed = 1; seed <= 8; seed++) {
		const struct said_line *sl;
		dialogue_init(&d, p->scenarios[0], seed);
		sl = dialogue_said(&d, &n);
		assert_string_not_equal(sl[0].text, "Like I said, it's a few cans.");
		dialogue_feed(&d, &cr, "ok", &st);
		again |= step_says(&st, "Like I said, it's a few cans.");
		assert_false(step_says(&st, "And Julie has a go about it."));  /* first visit only */
		dialogue_release(&d);
	}
	assert_true(again);  /* preferred on coming back: it tests the visit */
	pack_free(p);
}

static void test_question_on_a_known_topic_gets_its_answer_first_and_only_once(void **state)
{
	struct pack *p = test_pack_from_text("listening.yaml", listening);
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply cq = codes2(CODE_BIT(CODE_CQ), CODE_CQ, false);
	(void)state;

	dialogue_init(&d, p->scenarios[0], 1);
	dialogue_feed(&d, &cq, "How old was your dad when he died?", &st);
	assert_true(st.nlines >= 2);
	assert_string_equal(st.lines[0].text, "He died at sixty-three. Heart attack.");
	assert_int_equal(st.lines[0].from, SAID_ANSWER);
	assert_string_equal(st.thought, "Don't go there.");
	assert_int_equal(st.to_node, 0);
	/* asked again: the answer is not said twice */
	dialogue_feed(&d, &cq, "And your father, how old was he?", &st);
	assert_false(step_says(&st, "He died at sixty-three. Heart attack."));
	dialogue_release(&d);

	/* with low rapport the guarded answer comes first in the list */
	char *low = text_replace(listening, "  rapport: {min: 0, max: 10, start: 6}", "  rapport: {min: 0, max: 10, start: 2}");
	pack_free(p);
	p = test_pack_from_text("listening.yaml", low);
	dialogue_init(&d, p->scenarios[0], 1);
	dialogue_feed(&d, &cq, "Tell me about your dad?", &st);
	assert_string_equal(st.lines[0].text, "I'd rather not talk about him.");
	dialogue_release(&d);
	pack_free(p);
	free(low);
}

static void test_a_reflection_is_not_answered_as_a_question(void **state)
{
	struct pack *p = test_pack_from_text("listening.yaml", listening);
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply cr = codes2(CODE_BIT(CODE_CR), CODE_CR, false);
	(void)state;

	dialogue_init(&d, p->scenarios[0], 1);
	dialogue_feed(&d, &cr, "Your dad's drinking is on your mind.", &st);
	for (size_t i = 0; i < st.nlines; i++)
		assert_int_not_equal(st.lines[i].from, SAID_ANSWER);
	dialogue_release(&d);
	pack_free(p);
}

static void test_permission_is_granted_and_the_information_heard_as_asked(void **state)
{
	struct pack *p = test_pack_from_text("listening.yaml", listening);
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply seek = codes2(CODE_BIT(CODE_SEEK) | CODE_BIT(CODE_CQ), CODE_SEEK, false);
	struct coded_reply pers = codes2(CODE_BIT(CODE_PERS), CODE_PERS, true);
	(void)state;

	dialogue_init(&d, p->scenarios[0], 1);
	dialogue_feed(&d, &seek, "ok if i share what other people have tried", &st);
	assert_int_equal(st.move, MOVE_PERMISSION);
	assert_int_equal(st.branch, -1);
	assert_int_equal(st.nlines, 1);
	assert_int_equal(st.lines[0].from, SAID_MOVE);
	assert_int_equal(st.to_node, 0);
	assert_int_equal(st.delta[1], 0);
	assert_true(dialogue_client_asked(&d));
	/* the advice that follows was asked for: not the righting reflex */
	dialogue_feed(&d, &pers, "Some people swap the weeknight cans for alcohol-free ones.", &st);
	assert_true(st.heard_as_asked);
	assert_int_equal(st.branch, 2);    /* the PWP/GI response, not the non-adherent one */
	assert_int_equal(st.move, MOVE_HEARD);
	assert_int_equal(st.lines[0].move, MOVE_HEARD);
	assert_false(dialogue_client_asked(&d));
	/* a second piece of advice unasked is heard as coded */
	dialogue_feed(&d, &pers, "You should cut down.", &st);
	assert_false(st.heard_as_asked);
	assert_int_equal(st.branch, 0);
	dialogue_release(&d);
	pack_free(p);
}

static void test_permission_is_refused_when_resistance_is_high(void **state)
{
	char *hot = text_replace(listening, "  resistance: {min: 0, max: 10, start: 5, good: low}",
			 "  resistance: {min: 0, max: 10, start: 9, good: low}");
	struct pack *p = test_pack_from_text("listening.yaml", hot);
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply seek = codes2(CODE_BIT(CODE_SEEK), CODE_SEEK, false);
	(void)state;

	dialogue_init(&d, p->scenarios[0], 1);
	dialogue_feed(&d, &seek, "Can I tell you what the liver test means?", &st);
	assert_int_equal(st.move, MOVE_REFUSE);
	assert_false(dialogue_client_asked(&d));
	dialogue_release(&d);
	pack_free(p);
	free(hot);
}

static void test_permission_with_the_information_in_the_same_reply_is_heard(void **state)
{
	struct pack *p = test_pack_from_text("listening.yaml", listening);
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply pwp = codes2(CODE_BIT(CODE_SEEK) | CODE_BIT(CODE_PWP), CODE_PWP, false);
	(void)state;

	dialogue_init(&d, p->scenarios[0], 1);
	dialogue_feed(&d, &pwp, "Can I share something? Some people find a dry weekday helps.", &st);
	assert_int_not_equal(st.move, MOVE_PERMISSION);
	assert_int_equal(st.branch, 2);
	dialogue_release(&d);
	pack_free(p);
}

static void test_an_explicit_permission_response_takes_the_request(void **state)
{
	char *own = text_replace(listening, "      - when: {asks: true}\n        goto: opening\n",
			 "      - when: {permission: true}\n        effects: {rapport: +1}\n        goto: opening\n"
			 "        say_first: {text: \"Go on, I'm listening.\", talk: neutral}\n"
			 "      - when: {asks: true}\n        goto: opening\n");
	struct pack *p = test_pack_from_text("listening.yaml", own);
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply cq = codes2(CODE_BIT(CODE_CQ), CODE_CQ, false);
	(void)state;

	dialogue_init(&d, p->scenarios[0], 1);
	dialogue_feed(&d, &cq, "Would it help if I told you about the liver test?", &st);
	assert_int_equal(st.move, -1);
	assert_int_equal(st.branch, 3);
	assert_string_equal(st.lines[0].text, "Go on, I'm listening.");
	dialogue_release(&d);
	pack_free(p);
	free(own);
}

static void test_repeating_a_reply_is_noticed(void **state)
{
	struct pack *p = test_pack_from_text("listening.yaml", listening);
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply oq = codes2(CODE_BIT(CODE_OQ), CODE_OQ, false);
	(void)state;

	dialogue_init(&d, p->scenarios[0], 1);
	dialogue_feed(&d, &oq, "What brings you in today?", &st);
	assert_int_equal(st.move, -1);
	dialogue_feed(&d, &oq, "so what brings you in today", &st);
	assert_int_equal(st.move, MOVE_REPEAT);
	assert_int_equal(st.lines[0].from, SAID_MOVE);
	assert_non_null(strstr(st.lines[0].text, "asked"));  /* a question: "You asked me that" */
	dialogue_release(&d);
	pack_free(p);
}

static void test_overshooting_reflection_gets_pushback_instead_of_agreement(void **state)
{
	struct pack *p = test_pack_from_text("listening.yaml", listening);
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply cr = codes2(CODE_BIT(CODE_CR), CODE_CR, false);
	(void)state;

	dialogue_init(&d, p->scenarios[0], 1);
	dialogue_feed(&d, &cr, "So there is no problem at all with the drinking.", &st);
	assert_int_equal(st.move, MOVE_OVERSHOOT);
	assert_false(step_says(&st, "Exactly."));  /* the say_first presupposed agreement */
	assert_int_equal(st.delta[1], 2);           /* the response still applies */
	dialogue_release(&d);
	pack_free(p);
}

static void test_reflection_that_gets_them_wrong_is_corrected_and_they_stay(void **state)
{
	struct pack *p = test_pack_from_text("listening.yaml", listening);
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply cr = codes2(CODE_BIT(CODE_CR), CODE_CR, false);
	(void)state;

	dialogue_init(&d, p->scenarios[0], 1);
	dialogue_feed(&d, &cr, "You're worried about your mortgage payments and the holiday fund.", &st);
	assert_int_equal(st.move, MOVE_MISHEARD);
	assert_int_equal(st.branch, -1);
	assert_int_equal(st.delta[1], 0);
	assert_int_equal(st.nlines, 1);
	/* an accurate reflection moves on */
	dialogue_feed(&d, &cr, "The cans after work are your bit of the day.", &st);
	assert_int_equal(st.move, -1);
	assert_int_equal(st.branch, 1);
	dialogue_release(&d);
	pack_free(p);
}

static void test_a_move_turned_off_is_never_made(void **state)
{
	char *off = text_replace(listening, "answers:\n", "moves:\n  permission: false\n  misheard: false\nanswers:\n");
	struct pack *p = test_pack_from_text("listening.yaml", off);
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply seek = codes2(CODE_BIT(CODE_SEEK), CODE_SEEK, false);
	struct coded_reply cr = codes2(CODE_BIT(CODE_CR), CODE_CR, false);
	(void)state;

	dialogue_init(&d, p->scenarios[0], 1);
	dialogue_feed(&d, &seek, "can i share something", &st);
	assert_int_equal(st.move, -1);
	assert_int_equal(st.branch, 3);  /* a question, as any "can I...?" is */
	dialogue_feed(&d, &cr, "You're worried about your mortgage payments and the holiday fund.", &st);
	assert_int_equal(st.move, -1);
	assert_int_equal(st.branch, 1);
	dialogue_release(&d);
	pack_free(p);
	free(off);
}

static void test_ending_line_that_needs_a_topic_is_said_only_once_it_was_raised(void **state)
{
	char *quick = text_replace(listening, "  readiness: {min: 0, max: 10, start: 2}", "  readiness: {min: 0, max: 10, start: 7}");
	struct pack *p = test_pack_from_text("listening.yaml", quick);
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply cr = codes2(CODE_BIT(CODE_SR), CODE_SR, false);
	(void)state;

	dialogue_init(&d, p->scenarios[0], 1);
	dialogue_feed(&d, &cr, "The cans are your bit of the day.", &st);
	assert_true(st.ended);
	assert_true(step_says(&st, "No cans in the week, then."));
	assert_int_equal(st.lines[st.nlines - 1].talk, TALK_CHANGE);
	assert_int_equal(st.lines[st.nlines - 1].kind, KIND_COMMITMENT);
	dialogue_release(&d);

	dialogue_init(&d, p->scenarios[0], 1);
	dialogue_feed(&d, &cr, "The cans are your bit of the day, and Alfie matters to you.", &st);
	assert_true(st.ended);
	assert_true(step_says(&st, "For Alfie, then. No cans in the week."));
	dialogue_release(&d);
	pack_free(p);
	free(quick);
}

static void test_response_thought_is_the_turns_thought(void **state)
{
	struct pack *p = test_pack_from_text("listening.yaml", listening);
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply conf = codes2(CODE_BIT(CODE_CONF), CODE_CONF, true);
	(void)state;

	dialogue_init(&d, p->scenarios[0], 1);
	dialogue_feed(&d, &conf, "You're in denial.", &st);
	assert_string_equal(st.thought, "Here we go.");
	dialogue_release(&d);
	pack_free(p);
}

static void test_same_seed_and_replies_give_the_same_format2_session(void **state)
{
	struct pack *p = test_pack_from_text("listening.yaml", listening);
	static const char *const replies[] = {
		"what brings you here", "ok if i share something", "some people find it helps",
		"your dad drank", "so there's no problem at all", "what brings you here",
	};
	(void)state;

	for (unsigned seed = 0; seed < 10; seed++) {
		struct dialogue a, b;
		dialogue_init(&a, p->scenarios[0], seed);
		dialogue_init(&b, p->scenarios[0], seed);
		assert_string_equal(dialogue_line(&a), dialogue_line(&b));
		for (size_t i = 0; i < ARRAY_SIZE(replies); i++) {
			struct dialogue_step sa, sb;
			struct coded_reply cr = codes2(CODE_BIT(CODE_CR) | CODE_BIT(CODE_OQ), CODE_CR, false);
			dialogue_feed(&a, &cr, replies[i], &sa);
			dialogue_feed(&b, &cr, replies[i], &sb);
			assert_string_equal(sa.line, sb.line);
		}
		dialogue_release(&a);
		dialogue_release(&b);
	}
	pack_free(p);
}


static void test_a_turn_says_the_answer_then_say_first_then_the_nodes_lines_in_order(void **state)
{
	char *a = text_replace(listening, "      - when: {asks: true}\n        goto: opening\n",
			       "      - when: {asks: true}\n        goto: opening\n"
			       "        say_first: [{text: \"Well.\", talk: neutral}]\n");
	char *b = text_replace(a, "      - {text: \"And Julie has a go about it.\", adds: after, visit: first, talk: sustain}\n",
			       "      - {text: \"And Julie has a go about it.\", adds: after, visit: first, talk: sustain}\n"
			       "      - {text: \"Look.\", adds: before, visit: again, talk: neutral}\n");
	struct pack *p = test_pack_from_text("listening.yaml", b);
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply cq = codes2(CODE_BIT(CODE_CQ), CODE_CQ, false);
	(void)state;

	dialogue_init(&d, p->scenarios[0], 1);
	dialogue_feed(&d, &cq, "Did your dad drink?", &st);
	assert_int_equal(st.nlines, 4);
	assert_int_equal(st.lines[0].from, SAID_ANSWER);
	assert_string_equal(st.lines[1].text, "Well.");
	assert_int_equal(st.lines[1].from, SAID_SAY_FIRST);
	assert_string_equal(st.lines[2].text, "Look.");
	assert_int_equal(st.lines[3].from, SAID_NODE);
	/* the joined text holds them all, in order */
	assert_non_null(strstr(st.line, "Heart attack. Well. Look. "));
	assert_null(st.say_first);
	dialogue_release(&d);
	pack_free(p);
	free(a);
	free(b);
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
		cmocka_unit_test(test_first_visit_line_follows_the_opening_and_labels_are_exposed),
		cmocka_unit_test(test_a_line_that_opens_one_already_said_is_not_said_again),
		cmocka_unit_test(test_variant_about_the_reply_is_chosen_over_the_plain_lines),
		cmocka_unit_test(test_no_line_repeats_while_another_is_eligible),
		cmocka_unit_test(test_coming_back_line_is_said_only_on_a_later_visit),
		cmocka_unit_test(test_question_on_a_known_topic_gets_its_answer_first_and_only_once),
		cmocka_unit_test(test_a_reflection_is_not_answered_as_a_question),
		cmocka_unit_test(test_permission_is_granted_and_the_information_heard_as_asked),
		cmocka_unit_test(test_permission_is_refused_when_resistance_is_high),
		cmocka_unit_test(test_permission_with_the_information_in_the_same_reply_is_heard),
		cmocka_unit_test(test_an_explicit_permission_response_takes_the_request),
		cmocka_unit_test(test_repeating_a_reply_is_noticed),
		cmocka_unit_test(test_overshooting_reflection_gets_pushback_instead_of_agreement),
		cmocka_unit_test(test_reflection_that_gets_them_wrong_is_corrected_and_they_stay),
		cmocka_unit_test(test_a_move_turned_off_is_never_made),
		cmocka_unit_test(test_ending_line_that_needs_a_topic_is_said_only_once_it_was_raised),
		cmocka_unit_test(test_response_thought_is_the_turns_thought),
		cmocka_unit_test(test_same_seed_and_replies_give_the_same_format2_session),
		cmocka_unit_test(test_a_turn_says_the_answer_then_say_first_then_the_nodes_lines_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
