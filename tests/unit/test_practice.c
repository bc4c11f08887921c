/* Unit tests of practice.c without a database: each reply is coded in the
 * context of the client's line (core/context.h), the client answers, and
 * the turn is kept in the session record (core/session.h) whole. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "app/practice.h"
#include "core/util.h"
#include "io/model_file.h"
#include "yaml/pack_load.h"
#include "helpers.h"

static struct coder *coder;

static int setup(void **state)
{
	struct error err = {0};

	(void)state;
	if (coder_load("data/coder.model", &coder, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	coder_free(coder);
	return 0;
}

static void test_advice_the_client_asked_for_is_coded_pwp_in_practice(void **state)
{
	struct pack *p = test_pack_from_text("asking.yaml", test_asking_scenario());
	struct practice_opts o = { .scenario = p->scenarios[0], .coder = coder, .user = "pat", .seed = 3 };
	struct practice pr;
	const struct session_turn *t;
	const struct dialogue_step *step;
	struct error err = {0};
	struct summary sum;

	(void)state;
	assert_int_equal(practice_begin(&pr, &o, &err), 0);
	assert_string_equal(practice_client_line(&pr), "What do you think I should do?");
	assert_int_equal(practice_reply(&pr, "Some people find a dry weekday helps.", &t, &step, &err), 0);
	assert_int_equal(t->coded.primary, CODE_PWP);
	assert_false(t->coded.nonadherent);
	assert_true(step->ended);
	assert_true(practice_ended(&pr));
	assert_int_equal(practice_finish(&pr, "quit", &sum, &err), 0);
	assert_string_equal(pr.session.info.outcome, "success");
	pack_free(p);
	practice_release(&pr);
}

static void test_a_turn_is_kept_whole_in_the_session_record(void **state)
{
	struct pack *p = test_pack_from_text("asking.yaml", test_asking_scenario());
	struct practice_opts o = { .scenario = p->scenarios[0], .coder = coder, .user = "pat", .seed = 3,
				   .exam = true };
	struct practice pr;
	struct error err = {0};
	struct summary sum;
	const struct session *s = &pr.session;

	(void)state;
	assert_int_equal(practice_begin(&pr, &o, &err), 0);
	assert_true(session_uid_valid(s->info.uid));
	assert_string_equal(s->info.mode, "exam");
	assert_string_equal(s->info.user, "pat");
	assert_string_equal(s->info.scenario_id, "asking");
	assert_int_equal(practice_reply(&pr, "Hmm.", NULL, NULL, &err), 0);
	assert_int_equal(s->nturns, 1);
	assert_int_equal(s->turns[0].index, 1);
	assert_string_equal(s->turns[0].node_id, "opening");
	assert_string_equal(s->turns[0].client_line, "What do you think I should do?");
	assert_string_equal(s->turns[0].reply, "Hmm.");
	assert_int_equal(s->turns[0].nmeters, 1);
	assert_string_equal(s->turns[0].meter_ids[0], "resistance");
	assert_string_equal(s->turns[0].next_node, "opening");
	assert_non_null(s->turns[0].at);
	assert_int_equal(practice_unsaved(&pr), 0); /* no store: nothing to save */
	assert_int_equal(practice_finish(&pr, "quit", &sum, &err), 0);
	assert_string_equal(s->info.outcome, "quit");
	assert_non_null(s->info.ended);
	assert_true(s->info.has_scores);
	assert_int_equal(s->info.scores.replies, 1);
	pack_free(p);
	practice_release(&pr);
}

/* A format-2 client: labelled lines, a thought on the branch and on a line. */
static const char talk_scenario[] =
	"id: talk\n"
	"format: 2\n"
	"title: Talk\n"
	"difficulty: 1\n"
	"stage: contemplation\n"
	"meters:\n"
	"  resistance: {min: 0, max: 10, start: 5, good: low}\n"
	"start: opening\n"
	"nodes:\n"
	"  opening:\n"
	"    say:\n"
	"      - {text: \"I miss walking the dog.\", talk: change, kind: desire, thought: \"I really do.\"}\n"
	"    responses:\n"
	"      - when: {codes: [SR, CR]}\n"
	"        goto: heard\n"
	"        thought: \"She gets it.\"\n"
	"      - fallback: true\n"
	"        goto: opening\n"
	"  heard:\n"
	"    say:\n"
	"      - {text: \"Maybe round the block.\", talk: change, kind: ability}\n"
	"    responses:\n"
	"      - fallback: true\n"
	"        goto: done\n"
	"endings:\n"
	"  done: {kind: limit, say: [{text: \"I'll think about it.\", talk: neutral}]}\n";

static void test_each_turn_keeps_the_client_lines_labels_and_thought(void **state)
{
	struct pack *p = test_pack_from_text("talk.yaml", talk_scenario);
	struct practice_opts o = { .scenario = p->scenarios[0], .coder = coder, .user = "pat", .seed = 1 };
	struct practice pr;
	struct error err = {0};
	const struct session *s = &pr.session;

	(void)state;
	assert_int_equal(practice_begin(&pr, &o, &err), 0);
	assert_int_equal(pr.nopening, 1);
	assert_string_equal(practice_opening_thought(&pr), "I really do.");
	assert_int_equal(practice_reply(&pr, "You miss those walks with the dog.", NULL, NULL, &err), 0);
	assert_int_equal(practice_reply(&pr, "Round the block.", NULL, NULL, &err), 0);
	assert_int_equal(s->nturns, 2);
	/* The first turn: the opening's lines, then those after the reply. */
	assert_int_equal(s->turns[0].nopening, 1);
	assert_string_equal(s->turns[0].opening[0].text, "I miss walking the dog.");
	assert_int_equal(s->turns[0].opening[0].talk, TALK_CHANGE);
	assert_int_equal(s->turns[0].opening[0].kind, KIND_DESIRE);
	assert_string_equal(s->turns[0].opening[0].thought, "I really do.");
	assert_int_equal(s->turns[0].nlines, 1);
	assert_string_equal(s->turns[0].lines[0].text, "Maybe round the block.");
	assert_int_equal(s->turns[0].lines[0].kind, KIND_ABILITY);
	assert_string_equal(s->turns[0].thought, "She gets it.");    /* the branch's */
	/* The second: no opening, the ending's line, no thought. */
	assert_int_equal(s->turns[1].nopening, 0);
	assert_int_equal(s->turns[1].nlines, 1);
	assert_int_equal(s->turns[1].lines[0].talk, TALK_NEUTRAL);
	assert_null(s->turns[1].thought);
	assert_true(session_has_talk(s));
	pack_free(p);
	practice_release(&pr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_advice_the_client_asked_for_is_coded_pwp_in_practice),
		cmocka_unit_test(test_a_turn_is_kept_whole_in_the_session_record),
		cmocka_unit_test(test_each_turn_keeps_the_client_lines_labels_and_thought),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
