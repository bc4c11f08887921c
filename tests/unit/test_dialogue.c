/* Unit tests of the dialogue engine over a scenario built in memory. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/dialogue.h"

enum { M_RES, M_READY };
enum { N_OPEN, N_PUSH, N_OPENUP };
enum { E_STEP, E_OUT, E_LIMIT };

static struct meter_cmp res_high_cmp = { M_RES, CMP_GE, 8 };
static struct meter_cmp res_max_cmp = { M_RES, CMP_GE, 10 };
static struct meter_cmp ready_cmp = { M_READY, CMP_GE, 8 };
static char *kid_words[] = { "kids", "daughter" };

static struct line_variant open_say[] = {
	{ .text = "The doctor sent me." },
	{ .text = "I told you already.", .when = { &res_high_cmp, 1 }, .max_uses = 1 },
};
static struct line_variant push_say[] = { { .text = "Nobody tells me what to do." }, { .text = "Here we go again." } };
static struct line_variant openup_say[] = { { .text = "It's the kids I think about." } };
static struct meter_effect eff_conf[] = { { M_RES, +3 } };
static struct meter_effect eff_kids[] = { { M_RES, -3 }, { M_READY, +4 } };
static struct meter_effect eff_refl[] = { { M_RES, -1 }, { M_READY, +2 } };

static struct branch open_resp[] = {
	{ .when = { .codes = CODE_BIT(CODE_CONF) | CODE_BIT(CODE_PERS), .nonadherent = -1,
		    .min_skill = { -1, -1, -1, -1 } },
	  .effects = eff_conf, .neffects = 1, .target_node = N_PUSH, .target_ending = -1 },
	{ .when = { .codes = CODE_BIT(CODE_CR), .nonadherent = -1, .min_skill = { -1, -1, -1, -1 },
		    .about = kid_words, .nabout = 2 },
	  .effects = eff_kids, .neffects = 2, .target_node = N_OPENUP, .target_ending = -1,
	  .say_first = "...Yeah." },
	{ .when = { .codes = CODE_BIT(CODE_SR) | CODE_BIT(CODE_CR), .nonadherent = -1,
		    .min_skill = { -1, -1, -1, -1 } },
	  .effects = eff_refl, .neffects = 2, .target_node = N_OPENUP, .target_ending = -1 },
	{ .fallback = true, .target_node = N_OPEN, .target_ending = -1 },
};
static struct branch push_resp[] = {
	{ .fallback = true, .effects = eff_conf, .neffects = 1, .target_node = N_PUSH, .target_ending = -1 },
};
static struct branch openup_resp[] = {
	{ .when = { .codes = CODE_BIT(CODE_CR), .nonadherent = -1, .min_skill = { -1, -1, -1, -1 } },
	  .effects = eff_refl, .neffects = 2, .target_node = -1, .target_ending = E_STEP },
	{ .fallback = true, .target_node = N_OPENUP, .target_ending = -1 },
};

static struct node nodes[] = {
	{ .id = "opening", .say = open_say, .nsay = 2, .responses = open_resp, .nresponses = 4 },
	{ .id = "pushback", .say = push_say, .nsay = 2, .responses = push_resp, .nresponses = 1 },
	{ .id = "opens-up", .say = openup_say, .nsay = 1, .responses = openup_resp, .nresponses = 2 },
};
static struct ending endings[] = {
	{ .id = "names-a-step", .kind = ENDING_SUCCESS, .say = "Maybe weeknights off.",
	  .when = { &ready_cmp, 1 }, .has_when = true },
	{ .id = "walks-out", .kind = ENDING_FAILURE, .say = "I'm off.", .when = { &res_max_cmp, 1 },
	  .has_when = true },
	{ .id = "out-of-time", .kind = ENDING_LIMIT, .say = "I have to go." },
};

static struct scenario scen = {
	.id = "test",
	.meters = { { .id = "resistance", .min = 0, .max = 10, .start = 6 },
		    { .id = "readiness", .min = 0, .max = 10, .start = 2 } },
	.nmeters = 2,
	.start_node = N_OPEN,
	.turn_limit = 6,
	.nodes = nodes, .nnodes = 3,
	.endings = endings, .nendings = 3,
};

static struct coded_reply coded(enum mi_code primary, bool nonadherent)
{
	struct coded_reply cr;
	memset(&cr, 0, sizeof cr);
	cr.primary = primary;
	cr.codes = CODE_BIT(primary);
	cr.nonadherent = nonadherent;
	return cr;
}

static void test_opening_line_comes_from_the_start_node(void **state)
{
	struct dialogue d;
	(void)state;
	dialogue_init(&d, &scen, 1);
	assert_string_equal(dialogue_line(&d), "The doctor sent me.");
	assert_int_equal(d.meters[M_RES], 6);
	assert_false(dialogue_ended(&d));
	dialogue_release(&d);
}

static void test_confrontation_raises_resistance_and_pushes_back(void **state)
{
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply cr = coded(CODE_CONF, true);
	(void)state;
	dialogue_init(&d, &scen, 1);
	dialogue_feed(&d, &cr, "You're in denial.", &st);
	assert_int_equal(st.branch, 0);
	assert_int_equal(st.to_node, N_PUSH);
	assert_int_equal(st.meters[M_RES], 9);
	assert_int_equal(st.delta[M_RES], 3);
	assert_false(st.ended);
	dialogue_release(&d);
}

static void test_repeated_confrontation_ends_in_walkout_with_clamped_meter(void **state)
{
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply cr = coded(CODE_CONF, true);
	(void)state;
	dialogue_init(&d, &scen, 1);
	dialogue_feed(&d, &cr, "x", &st);
	dialogue_feed(&d, &cr, "x", &st);
	assert_true(st.ended);
	assert_int_equal(st.ending, E_OUT);
	assert_int_equal(st.meters[M_RES], 10);
	assert_string_equal(st.line, "I'm off.");
	assert_true(dialogue_ended(&d));
	dialogue_release(&d);
}

static void test_reflection_about_the_kids_takes_the_about_branch(void **state)
{
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply cr = coded(CODE_CR, false);
	(void)state;
	dialogue_init(&d, &scen, 1);
	dialogue_feed(&d, &cr, "You think about your daughter a lot.", &st);
	assert_int_equal(st.branch, 1);
	assert_int_equal(st.to_node, N_OPENUP);
	assert_string_equal(st.say_first, "...Yeah.");
	assert_int_equal(st.meters[M_READY], 6);
	dialogue_release(&d);
}

static void test_reflection_without_the_topic_takes_the_plain_reflection_branch(void **state)
{
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply cr = coded(CODE_CR, false);
	(void)state;
	dialogue_init(&d, &scen, 1);
	dialogue_feed(&d, &cr, "It feels unfair to be singled out.", &st);
	assert_int_equal(st.branch, 2);
	assert_null(st.say_first);
	dialogue_release(&d);
}

static void test_success_ending_when_readiness_reaches_its_threshold(void **state)
{
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply cr = coded(CODE_CR, false);
	(void)state;
	dialogue_init(&d, &scen, 1);
	dialogue_feed(&d, &cr, "Your kids matter to you.", &st);   /* readiness 6 */
	dialogue_feed(&d, &cr, "You want to be there for them.", &st); /* readiness 8 */
	assert_true(st.ended);
	assert_int_equal(st.ending, E_STEP);
	assert_string_equal(st.line, "Maybe weeknights off.");
	dialogue_release(&d);
}

static void test_turn_limit_ends_with_the_limit_ending(void **state)
{
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply cr = coded(CODE_CQ, false);
	(void)state;
	dialogue_init(&d, &scen, 1);
	for (int i = 0; i < 5; i++) {
		dialogue_feed(&d, &cr, "Do you drink?", &st);
		assert_false(st.ended);
	}
	dialogue_feed(&d, &cr, "Do you drink?", &st);
	assert_true(st.ended);
	assert_int_equal(st.ending, E_LIMIT);
	dialogue_release(&d);
}

static void test_variants_alternate_and_respect_conditions_and_max_uses(void **state)
{
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply conf = coded(CODE_CONF, true);
	(void)state;
	dialogue_init(&d, &scen, 7);
	dialogue_feed(&d, &conf, "x", &st); /* pushback, resistance 9 */
	const char *first = st.line;
	/* Resistance now 9; another push would walk out, so check the pushback variants by
	 * reinitialising with a seed and using the fallback twice on the opening instead. */
	assert_true(!strcmp(first, "Nobody tells me what to do.") || !strcmp(first, "Here we go again."));
	dialogue_release(&d);

	struct coded_reply other = coded(CODE_GI, false);
	dialogue_init(&d, &scen, 3);
	d.meters[M_RES] = 8; /* the conditional variant becomes eligible once */
	dialogue_feed(&d, &other, "x", &st);
	assert_string_equal(st.line, "I told you already.");
	dialogue_feed(&d, &other, "x", &st);
	assert_string_equal(st.line, "The doctor sent me."); /* max_uses 1 spent */
	dialogue_release(&d);
}

static void test_same_seed_gives_the_same_lines(void **state)
{
	struct dialogue a, b;
	struct dialogue_step sa, sb;
	struct coded_reply cr = coded(CODE_PERS, true);
	(void)state;
	for (unsigned seed = 0; seed < 20; seed++) {
		dialogue_init(&a, &scen, seed);
		dialogue_init(&b, &scen, seed);
		dialogue_feed(&a, &cr, "x", &sa);
		dialogue_feed(&b, &cr, "x", &sb);
		assert_ptr_equal(sa.line, sb.line);
		dialogue_release(&a);
		dialogue_release(&b);
	}
}

static void test_feeding_after_the_end_changes_nothing(void **state)
{
	struct dialogue d;
	struct dialogue_step st;
	struct coded_reply cr = coded(CODE_CONF, true);
	(void)state;
	dialogue_init(&d, &scen, 1);
	dialogue_feed(&d, &cr, "x", &st);
	dialogue_feed(&d, &cr, "x", &st);
	int turns = d.turns;
	dialogue_feed(&d, &cr, "x", &st);
	assert_true(st.ended);
	assert_int_equal(d.turns, turns);
	assert_int_equal(st.ending, E_OUT);
	dialogue_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_opening_line_comes_from_the_start_node),
		cmocka_unit_test(test_confrontation_raises_resistance_and_pushes_back),
		cmocka_unit_test(test_repeated_confrontation_ends_in_walkout_with_clamped_meter),
		cmocka_unit_test(test_reflection_about_the_kids_takes_the_about_branch),
		cmocka_unit_test(test_reflection_without_the_topic_takes_the_plain_reflection_branch),
		cmocka_unit_test(test_success_ending_when_readiness_reaches_its_threshold),
		cmocka_unit_test(test_turn_limit_ends_with_the_limit_ending),
		cmocka_unit_test(test_variants_alternate_and_respect_conditions_and_max_uses),
		cmocka_unit_test(test_same_seed_gives_the_same_lines),
		cmocka_unit_test(test_feeding_after_the_end_changes_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
