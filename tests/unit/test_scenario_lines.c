/* Unit tests of the format-2 part of the loader (scenario_lines.c and the
 * keys scenario_build.c reads for it): labels, line conditions, answers,
 * moves, ending lines and test assertions load into the model, and every
 * mistake is refused at its place with the fix; a format-1 scenario may not
 * use a format-2 key. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "helpers.h"

#include "core/scenario.h"
#include "core/text.h"
#include "core/util.h"
#include "io/print.h"
#include "yaml/pack_load.h"

static const char two[] =
	"id: two\n"                                                        /* 1 */
	"format: 2\n"
	"title: \"Two\"\n"
	"difficulty: 2\n"
	"stage: contemplation\n"                                           /* 5 */
	"meters:\n"
	"  resistance: {min: 0, max: 10, start: 5, good: low}\n"
	"  rapport: {min: 0, max: 10, start: 4}\n"
	"start: opening\n"
	"answers:\n"                                                       /* 10 */
	"  - about: [How long, Since]\n"
	"    when: \"rapport >= 2\"\n"
	"    say: {text: \"Two years.\", talk: neutral}\n"
	"moves:\n"
	"  permission: [\"Go on.\"]\n"                                     /* 15 */
	"  misheard: false\n"
	"nodes:\n"
	"  opening:\n"
	"    say:\n"
	"      - {text: \"I am not sure.\", talk: sustain, kind: ability, thought: \"Why me?\"}\n"  /* 20 */
	"      - text: \"Her, again.\"\n"
	"        when: {codes: [CR], about: [Daughter], asks: false, raised: [sam], min_turns: 1, max_turns: 9, meters: \"rapport >= 3\"}\n"
	"        visit: again\n"
	"        adds: after\n"
	"        talk: change\n"                                           /* 25 */
	"        asks_info: true\n"
	"    responses:\n"
	"      - when: {permission: true, asks: true}\n"
	"        goto: opening\n"
	"        thought: \"Polite, at least.\"\n"                       /* 30 */
	"        say_first:\n"
	"          - {text: \"Go on.\", talk: neutral}\n"
	"          - {text: \"Fine.\", talk: neutral, when: \"rapport < 3\"}\n"
	"      - fallback: true\n"
	"        goto: opening\n"                                          /* 35 */
	"endings:\n"
	"  yes:\n"
	"    kind: success\n"
	"    when: \"rapport >= 9\"\n"
	"    say:\n"                                                       /* 40 */
	"      - {text: \"For Sam.\", when: {raised: [sam]}, talk: change, kind: commitment}\n"
	"      - {text: \"I will.\", talk: change, kind: commitment}\n"
	"  no: {kind: failure, say: \"Bye.\", when: \"resistance >= 10\"}\n"
	"tests:\n"
	"  - replies: [\"Hello.\"]\n"                                      /* 45 */
	"    expect: opening\n"
	"    seeds: [1, 2, 3]\n"
	"    says: [\"sure\"]\n"
	"    never_says: [\"Sam\"]\n";

/* The text with from replaced by to must be refused at line:col with what. */
static void refused(const char *from, const char *to, int line, int col, const char *what)
{
	char *text = text_replace(two, from, to);
	struct diag_list dl = {0};
	struct pack *p = NULL;
	bool found = false;

	assert_int_not_equal(pack_load_buffer("t.yaml", text, strlen(text), &p, &dl), 0);
	assert_null(p);
	for (size_t i = 0; i < dl.n; i++)
		if (dl.items[i].severity == DIAG_ERROR && dl.items[i].line == line && dl.items[i].col == col &&
		    strstr(dl.items[i].message, what))
			found = true;
	if (!found) {
		diag_print(&dl, stderr, 0);
		fail_msg("no error '%s' at %d:%d", what, line, col);
	}
	diag_list_release(&dl);
	free(text);
}

static void test_format2_scenario_loads_labels_conditions_answers_and_moves(void **state)
{
	struct diag_list dl = {0};
	struct pack *p = NULL;
	const struct scenario *s;
	const struct line_variant *v;
	(void)state;

	if (pack_load_buffer("t.yaml", two, strlen(two), &p, &dl)) {
		diag_print(&dl, stderr, 0);
		fail();
	}
	s = p->scenarios[0];
	assert_int_equal(s->format, 2);
	v = s->nodes[0].say;
	assert_int_equal(v[0].talk, TALK_SUSTAIN);
	assert_int_equal(v[0].kind, KIND_ABILITY);
	assert_string_equal(v[0].thought, "Why me?");
	assert_int_equal(v[1].talk, TALK_CHANGE);
	assert_int_equal(v[1].visit, VISIT_AGAIN);
	assert_int_equal(v[1].adds, ADDS_AFTER);
	assert_true(v[1].asks_info);
	assert_true(v[1].when.on_reply);
	assert_int_equal(v[1].when.reply.codes, CODE_BIT(CODE_CR));
	assert_string_equal(v[1].when.reply.about[0], "daughter");
	assert_int_equal(v[1].when.reply.asks, 0);
	assert_int_equal(v[1].when.nraised, 1);
	assert_int_equal(v[1].when.min_turns, 1);
	assert_int_equal(v[1].when.max_turns, 9);
	assert_int_equal(v[1].when.meters.n, 1);
	assert_int_equal(s->nodes[0].responses[0].when.permission, 1);
	assert_int_equal(s->nodes[0].responses[0].when.asks, 1);
	assert_string_equal(s->nodes[0].responses[0].thought, "Polite, at least.");
	assert_int_equal(s->nodes[0].responses[0].nsay_first, 2);
	assert_int_equal(s->nodes[0].responses[0].say_first[1].when.meters.n, 1);
	assert_int_equal(s->nanswers, 1);
	assert_string_equal(s->answers[0].about[0], "how long");
	assert_int_equal(s->answers[0].when.meters.n, 1);
	assert_string_equal(s->answers[0].say[0].text, "Two years.");
	assert_true(s->moves[MOVE_PERMISSION].given);
	assert_int_equal(s->moves[MOVE_PERMISSION].nsay, 1);
	assert_true(s->moves[MOVE_MISHEARD].off);
	assert_int_equal(s->moves[MOVE_MISHEARD].nsay, 0);
	assert_true(s->moves[MOVE_REPEAT].nsay > 0);   /* the defaults */
	assert_int_equal(s->endings[0].nlines, 2);
	assert_string_equal(s->endings[0].say, "For Sam.");
	assert_int_equal(s->endings[0].lines[0].kind, KIND_COMMITMENT);
	assert_int_equal(s->endings[1].nlines, 1);
	assert_int_equal(s->tests[0].nseeds, 3);
	assert_int_equal(s->tests[0].seeds[2], 3);
	assert_int_equal(s->tests[0].seed, 1);
	assert_int_equal(s->tests[0].nsays, 1);
	assert_int_equal(s->tests[0].nnever_says, 1);
	pack_free(p);
	diag_list_release(&dl);
}

static void test_format2_keys_in_a_format1_scenario_are_refused_with_the_fix(void **state)
{
	(void)state;
	refused("format: 2\n", "format: 1\n", 10, 1, "'answers' is a key of scenario format 2; add 'format: 2'");
	refused("format: 2\n", "", 13, 1, "'moves' is a key of scenario format 2");
	refused("format: 2\n", "", 19, 34, "'talk' is a key of scenario format 2");
	refused("format: 2\n", "", 21, 15, "a mapping of conditions needs 'format: 2'");
	refused("format: 2\n", "", 27, 16, "'permission' is a key of scenario format 2");
	refused("format: 2\n", "", 29, 9, "'thought' is a key of scenario format 2");
	refused("format: 2\n", "", 46, 5, "'seeds' is a key of scenario format 2");
}

static void test_format_must_be_one_this_micoach_reads(void **state)
{
	(void)state;
	refused("format: 2\n", "format: 3\n", 2, 9, "this micoach reads scenario formats 1 and 2; a newer micoach wrote it");
	refused("format: 2\n", "format: 0\n", 2, 9, "this micoach reads scenario formats 1 and 2");
	refused("format: 2\n", "format: two\n", 2, 9, "'format' must be 1 or 2, not 'two'");
	refused("format: 2\n", "format: \"2\"\n", 2, 9, "'format' must be 1 or 2");
}

static void test_bad_labels_are_refused_with_suggestions(void **state)
{
	(void)state;
	refused("talk: sustain, kind: ability", "talk: sustian, kind: ability", 20, 40,
		"'talk' must be change, sustain or neutral, not 'sustian' (did you mean 'sustain'?)");
	refused("talk: sustain, kind: ability", "talk: sustain, kind: abilty", 20, 55, "(did you mean 'ability'?)");
	refused("talk: sustain, kind: ability", "talk: neutral, kind: ability", 20, 55,
		"'kind' labels change or sustain talk");
	refused("talk: sustain, kind: ability", "kind: ability", 20, 40, "'kind' labels change or sustain talk");
	refused("        visit: again\n", "        visit: second\n", 23, 16, "'visit' must be first or again");
	refused("        adds: after\n", "        adds: instead\n", 24, 15, "'adds' must be before or after");
	refused("thought: \"Why me?\"", "thought: \" \"", 20, 73, "'thought' must not be empty");
	refused("{text: \"For Sam.\", when", "{text: \"For Sam.\", visit: first, when", 41, 35,
		"'visit' has no meaning in an ending");
	refused("        asks_info: true\n", "        asks_info: yes\n", 26, 20, "'asks_info' must be true or false");
	refused("        talk: change\n", "        talk: change\n        tone: sad\n", 26, 9, "unknown key 'tone' in a line variant");
}

static void test_answers_and_moves_are_checked(void **state)
{
	(void)state;
	refused("  - about: [How long, Since]\n", "  - abuot: [How long, Since]\n", 11, 5,
		"unknown key 'abuot' in an answer (did you mean 'about'?)");
	refused("  - about: [How long, Since]\n", "  - about: []\n", 11, 12, "'about' is an empty list");
	refused("    say: {text: \"Two years.\", talk: neutral}\n", "", 11, 5,
		"an answer is missing the required key 'say'");
	refused("answers:\n  - about", "answers:\n  - \"just text\"\n  - about", 11, 5, "'an answer' must be a mapping");
	refused("answers:\n  - about: [How long, Since]\n    when: \"rapport >= 2\"\n"
		"    say: {text: \"Two years.\", talk: neutral}\n", "answers: yes\n", 10, 10,
		"'answers' must be a list of answers");
	refused("  permission: [\"Go on.\"]\n", "  permision: [\"Go on.\"]\n", 15, 3,
		"'moves' names no move 'permision' (did you mean 'permission'?)");
	refused("  misheard: false\n", "  misheard: true\n", 16, 13, "move 'misheard' is on by default");
	refused("  permission: [\"Go on.\"]\n", "  permission: []\n", 15, 15, "'permission' must be a list of 1 to 64 lines");
}

static void test_line_conditions_are_checked(void **state)
{
	(void)state;
	refused("min_turns: 1,", "min_turn: 1,", 22, 76, "unknown key 'min_turn' in a line's 'when' (did you mean 'min_turns'?)");
	refused("min_turns: 1, max_turns: 9", "min_turns: 9, max_turns: 1", 22, 15, "'min_turns' (9) is more than 'max_turns' (1)");
	refused("min_turns: 1,", "min_turns: 1001,", 22, 87, "'min_turns' is 1001, out of range");
	refused("meters: \"rapport >= 3\"}", "meters: \"raport >= 3\"}", 22, 113, "names no meter 'raport' (did you mean 'rapport'?)");
	refused("raised: [sam]", "raised: {sam: 1}", 22, 69, "'raised' must be a list of texts");
	refused("asks: false", "asks: maybe", 22, 54, "'asks' must be true or false");
}

static void test_test_seeds_and_assertions_are_checked(void **state)
{
	(void)state;
	refused("    seeds: [1, 2, 3]\n", "    seeds: []\n", 47, 12, "'seeds' must be a list of 1 to 16 seeds");
	refused("    seeds: [1, 2, 3]\n", "    seeds: [1, 2, 3]\n    seed: 4\n", 47, 12, "a test takes 'seed' or 'seeds', not both");
	refused("    seeds: [1, 2, 3]\n", "    seeds: [1, -2]\n", 47, 16, "'seeds' is -2, out of range");
	refused("    says: [\"sure\"]\n", "    says: []\n", 48, 11, "'says' is an empty list");
}

static void test_answers_over_the_limit_are_refused(void **state)
{
	struct strbuf sb = {0};
	char *text;
	(void)state;

	strbuf_adds(&sb, "answers:\n");
	for (int i = 0; i < 257; i++)
		strbuf_addf(&sb, "  - {about: [w%d], say: \"x\"}\n", i);
	text = text_replace(two, "answers:\n  - about: [How long, Since]\n    when: \"rapport >= 2\"\n"
			    "    say: {text: \"Two years.\", talk: neutral}\n", sb.buf);
	{
		struct diag_list dl = {0};
		struct pack *p = NULL;
		bool found = false;
		assert_int_not_equal(pack_load_buffer("t.yaml", text, strlen(text), &p, &dl), 0);
		for (size_t i = 0; i < dl.n; i++)
			found |= dl.items[i].line == 11 && strstr(dl.items[i].message, "'answers' has 257 answers; at most 256");
		if (!found)
			diag_print(&dl, stderr, 0);
		assert_true(found);
		diag_list_release(&dl);
	}
	strbuf_release(&sb);
	free(text);
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
		cmocka_unit_test(test_format2_scenario_loads_labels_conditions_answers_and_moves),
		cmocka_unit_test(test_format2_keys_in_a_format1_scenario_are_refused_with_the_fix),
		cmocka_unit_test(test_format_must_be_one_this_micoach_reads),
		cmocka_unit_test(test_bad_labels_are_refused_with_suggestions),
		cmocka_unit_test(test_answers_and_moves_are_checked),
		cmocka_unit_test(test_line_conditions_are_checked),
		cmocka_unit_test(test_test_seeds_and_assertions_are_checked),
		cmocka_unit_test(test_answers_over_the_limit_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
