/* Unit tests of validate.c: each lint rule fires on the scenario that breaks
 * it (at the right place) and stays quiet on a clean one; the embedded tests
 * run through the real coder and dialogue engine and a failure names what was
 * reached and the codes each reply got. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/scenario.h"
#include "core/util.h"
#include "core/validate.h"
#include "io/print.h"
#include "yaml/pack_load.h"
#include "helpers.h"
#include "io/model_file.h"

/* Clean: every node reachable, fallbacks, exemplars, both endings
 * reachable, tests for both paths. */
static const char clean[] =
	"id: clean\n"
	"title: \"Clean\"\n"
	"difficulty: 1\n"
	"stage: contemplation\n"
	"meters:\n"
	"  resistance: {min: 0, max: 10, start: 5, good: low}\n"
	"  readiness: {min: 0, max: 10, start: 2}\n"
	"start: opening\n"
	"turn_limit: 10\n"
	"nodes:\n"
	"  opening:\n"
	"    say:\n"
	"      - \"I am not sure.\"\n"
	"      - text: \"Still not sure.\"\n"
	"        when: \"readiness >= 4\"\n"
	"    responses:\n"
	"      - when: {nonadherent: true}\n"
	"        effects: {resistance: +5}\n"
	"        goto: opening\n"
	"      - when: {codes: [OQ]}\n"
	"        effects: {readiness: +3}\n"
	"        goto: middle\n"
	"      - fallback: true\n"
	"        goto: opening\n"
	"    exemplars:\n"
	"      - {reply: \"What brings you here?\", strength: strong, why: \"Open.\"}\n"
	"      - {reply: \"You must stop.\", strength: weak, why: \"Orders.\"}\n"
	"  middle:\n"
	"    say: [\"Well...\"]\n"
	"    responses:\n"
	"      - fallback: true\n"
	"        effects: {readiness: +3}\n"
	"        goto: middle\n"
	"    exemplars:\n"
	"      - {reply: \"What else?\", strength: strong, why: \"Open.\"}\n"
	"      - {reply: \"Do it.\", strength: weak, why: \"Orders.\"}\n"
	"endings:\n"
	"  yes: {kind: success, say: \"OK.\", when: \"readiness >= 8\"}\n"
	"  no: {kind: failure, say: \"Bye.\", when: \"resistance >= 10\"}\n"
	"  time: {kind: limit, say: \"Time.\"}\n"
	"tests:\n"
	"  - name: \"anything at all keeps her at the opening\"\n"
	"    replies: [\"Hmm.\"]\n"
	"    expect: opening\n"
	"  - name: \"open questions lead to a step\"\n"
	"    replies: [\"What would you like to change?\", \"What else?\"]\n"
	"    expect: yes\n"
	"  - name: \"orders end it\"\n"
	"    replies: [\"You must stop drinking now, you have to.\"]\n"
	"    expect: no\n";

static struct pack *load(const char *text)
{
	return test_pack_from_text("v.yaml", text);
}

static bool has(const struct diag_list *dl, enum diag_severity sev, int line, const char *what)
{
	for (size_t i = 0; i < dl->n; i++)
		if (dl->items[i].severity == sev && (line == 0 || dl->items[i].line == line) &&
		    strstr(dl->items[i].message, what))
			return true;
	return false;
}

/* Lint text; the diagnostic must be there (sev, at line, containing what). */
static void assert_lint(const char *text, enum diag_severity sev, int line, const char *what)
{
	struct pack *p = test_pack_from_text("v.yaml", text);
	struct diag_list dl = {0};

	validate_pack(p, &dl);
	if (!has(&dl, sev, line, what)) {
		diag_print(&dl, stderr, 0);
		fail_msg("no %s at line %d: '%s'", sev == DIAG_ERROR ? "error" : "warning", line, what);
	}
	diag_list_release(&dl);
	pack_free(p);
}

static void lint_replaced(const char *from, const char *to, enum diag_severity sev, int line, const char *what)
{
	char *t = text_replace(clean, from, to);
	assert_lint(t, sev, line, what);
	free(t);
}

static void test_clean_scenario_has_no_diagnostics(void **state)
{
	struct pack *p = test_pack_from_text("v.yaml", clean);
	struct diag_list dl = {0};
	(void)state;

	validate_pack(p, &dl);
	diag_print(&dl, stderr, 0);
	assert_int_equal(dl.n, 0);
	pack_free(p);
}

static void test_node_no_goto_reaches_is_unreachable(void **state)
{
	(void)state;
	lint_replaced("        goto: middle\n", "        goto: opening\n", DIAG_WARNING, 28,
		      "node 'middle' can never be reached");
}

static void test_node_without_fallback_is_warned_at_its_last_response(void **state)
{
	(void)state;
	lint_replaced("      - fallback: true\n        goto: opening\n",
		      "      - when: {codes: [CQ]}\n        goto: opening\n", DIAG_WARNING, 23,
		      "node 'opening' has no fallback");
}

static void test_response_after_the_fallback_can_never_be_taken(void **state)
{
	(void)state;
	lint_replaced("      - fallback: true\n        goto: opening\n",
		      "      - fallback: true\n        goto: opening\n      - when: {codes: [CQ]}\n        goto: middle\n",
		      DIAG_WARNING, 25, "this response can never be taken: the fallback before it (response 3)");
}

static void test_meter_nothing_uses_is_warned(void **state)
{
	(void)state;
	lint_replaced("meters:\n", "meters:\n  rapport: {min: 0, max: 10, start: 3}\n", DIAG_WARNING, 6,
		      "meter 'rapport' is declared but no effect changes it and no condition reads it");
}

static void test_node_needs_a_strong_and_a_weak_exemplar(void **state)
{
	(void)state;
	lint_replaced("      - {reply: \"Do it.\", strength: weak, why: \"Orders.\"}\n", "", DIAG_WARNING, 28,
		      "node 'middle' needs exemplars: at least one strong and one weak reply, each with a 'why' (missing: weak)");
}

static void test_ending_whose_when_the_meters_cannot_reach_is_unreachable(void **state)
{
	(void)state;
	/* nothing lowers resistance below its start of 5 */
	lint_replaced("  time: {kind: limit", "  calm: {kind: success, say: \"Fine.\", when: \"resistance <= 1\"}\n  time: {kind: limit",
		      DIAG_WARNING, 40, "ending 'calm' can never be reached");
}

static void test_limit_ending_without_turn_limit_is_unreachable(void **state)
{
	(void)state;
	lint_replaced("turn_limit: 10\n", "", DIAG_WARNING, 39, "ending 'time' can never be reached: no reachable 'goto' names it and turn_limit is 0");
}

static void test_ending_that_holds_at_the_start_is_warned(void **state)
{
	(void)state;
	lint_replaced("when: \"readiness >= 8\"", "when: \"readiness >= 2\"", DIAG_WARNING, 38,
		      "ending 'yes': its 'when' holds at the start");
}

static void test_missing_success_or_failure_ending_is_an_error(void **state)
{
	char *a = text_replace(clean, "  yes: {kind: success", "  yes: {kind: failure");
	char *b = text_replace(a, "    expect: yes\n", "    expect: opening\n");
	(void)state;
	assert_lint(b, DIAG_ERROR, 1, "scenario 'clean' has no success ending");
	free(a);
	free(b);
	lint_replaced("  no: {kind: failure", "  no: {kind: success", DIAG_ERROR, 1, "has no failure ending");
}

static void test_turn_limit_needs_exactly_one_limit_ending(void **state)
{
	(void)state;
	lint_replaced("  time: {kind: limit, say: \"Time.\"}\n", "", DIAG_ERROR, 1,
		      "has turn_limit 10 but no limit ending");
	lint_replaced("  time: {kind: limit, say: \"Time.\"}\n",
		      "  time: {kind: limit, say: \"Time.\"}\n  late: {kind: limit, say: \"Late.\"}\n", DIAG_ERROR, 1,
		      "has 2 limit endings; it needs exactly one");
}

static void test_variant_whose_when_cannot_hold_is_never_said(void **state)
{
	(void)state;
	lint_replaced("when: \"readiness >= 4\"", "when: \"readiness > 10\"", DIAG_WARNING, 14,
		      "this line can never be said");
}

static void test_node_that_only_loops_has_no_way_out(void **state)
{
	(void)state;
	/* middle loops on itself and changes nothing an ending reads */
	lint_replaced("        effects: {readiness: +3}\n        goto: middle\n    exemplars",
		      "        goto: middle\n    exemplars", DIAG_WARNING, 28, "node 'middle' has no way out");
}

static void test_missing_tests_for_success_and_failure_paths_are_warned(void **state)
{
	char *a = text_replace(clean, "    expect: no\n", "    expect: opening\n");
	(void)state;
	assert_lint(a, DIAG_WARNING, 1, "has no test that expects a failure ending");
	free(a);
}

/* Run the embedded tests of the scenario in text with the committed coder
 * model; how many failed, their diagnostics printed and left in dl. */
static size_t tests_failed(const char *text, struct diag_list *dl)
{
	struct pack *p = load(text);
	struct coder *c = NULL;
	struct error err = {0};
	size_t failed;

	assert_int_equal(coder_load("data/coder.model", &c, &err), 0);
	failed = validate_run_tests(p->scenarios[0], c, dl);
	diag_print(dl, stderr, 0);
	coder_free(c);
	pack_free(p);
	return failed;
}

static void test_embedded_tests_pass_through_the_coder_and_the_engine(void **state)
{
	struct diag_list dl = {0};
	(void)state;

	assert_int_equal(tests_failed(clean, &dl), 0);
	assert_int_equal(dl.n, 0);
}

static void test_failed_embedded_test_names_what_was_reached_and_the_codes(void **state)
{
	char *t = text_replace(clean, "    expect: opening\n", "    expect: middle\n");
	struct pack *p = test_pack_from_text("v.yaml", t);
	struct diag_list dl = {0};
	struct coder *c = NULL;
	struct error err = {0};
	(void)state;

	assert_int_equal(coder_load("data/coder.model", &c, &err), 0);
	assert_int_equal(validate_run_tests(p->scenarios[0], c, &dl), 1);
	assert_int_equal(dl.errors, 1);
	assert_int_equal(dl.items[0].line, 42);
	assert_int_equal(dl.items[0].col, 5);
	/* the same failure at the default seeds 1 to 4: one error naming them */
	assert_non_null(strstr(dl.items[0].message, "test 'anything at all keeps her at the opening' (seeds 1, 2, 3 "
			       "and 4) failed: expected 'middle', reached node 'opening' (reply 1 ["));
	assert_non_null(strstr(dl.items[0].message, "] -> response 3 of 'opening' -> node 'opening')"));
	diag_list_release(&dl);

	/* A test whose session ends before its last reply fails, and says where
	 * it ended (the reply after it was never heard). */
	char *u = text_replace(clean, "    replies: [\"You must stop drinking now, you have to.\"]\n",
			  "    replies: [\"You must stop drinking now, you have to.\", \"Hello?\"]\n");
	struct pack *q = test_pack_from_text("v.yaml", u);
	assert_int_equal(validate_run_tests(q->scenarios[0], c, &dl), 1);
	assert_non_null(strstr(dl.items[0].message, "test 'orders end it' (seeds 1, 2, 3 and 4) failed: the session ended "
			       "at ending 'no' after reply 1 of 2; the replies after it were never heard"));
	diag_list_release(&dl);
	char *v = text_replace(u, "    expect: no\n", "    expect: opening\n");
	struct pack *r = test_pack_from_text("v.yaml", v);
	assert_int_equal(validate_run_tests(r->scenarios[0], c, &dl), 1);
	assert_non_null(strstr(dl.items[0].message, "reached ending 'no'"));
	assert_non_null(strstr(dl.items[0].message, "the session had ended before reply 2"));
	diag_list_release(&dl);
	coder_free(c);
	pack_free(p);
	pack_free(q);
	pack_free(r);
	free(t);
	free(u);
	free(v);
}

/* The scenario tests code each reply in the context practice gives it
 * (core/context.h): a client who asked for advice makes the advice PWP. */
static void test_scenario_tests_code_advice_the_client_asked_for_as_pwp(void **state)
{
	struct diag_list dl = {0};
	(void)state;

	assert_int_equal(tests_failed(test_asking_scenario(), &dl), 0);
	diag_list_release(&dl);
}

/* Clean in format 2: labelled lines, a response for questions. */
static const char listen[] =
	"id: listen\n"                                                             /* 1 */
	"format: 2\n"
	"title: \"Listen\"\n"
	"difficulty: 1\n"
	"stage: contemplation\n"                                                   /* 5 */
	"meters:\n"
	"  resistance: {min: 0, max: 10, start: 5, good: low}\n"
	"  readiness: {min: 0, max: 10, start: 2}\n"
	"start: opening\n"
	"turn_limit: 10\n"                                                         /* 10 */
	"nodes:\n"
	"  opening:\n"
	"    say:\n"
	"      - {text: \"I am not sure.\", talk: sustain}\n"
	"      - {text: \"Not sure, honestly.\", when: \"readiness >= 4\", talk: sustain}\n"  /* 15 */
	"    responses:\n"
	"      - when: {nonadherent: true}\n"
	"        effects: {resistance: +5}\n"
	"        goto: opening\n"
	"      - when: {codes: [OQ]}\n"                                             /* 20 */
	"        effects: {readiness: +3}\n"
	"        goto: middle\n"
	"      - when: {asks: true}\n"
	"        goto: opening\n"
	"      - fallback: true\n"                                                  /* 25 */
	"        goto: opening\n"
	"    exemplars:\n"
	"      - {reply: \"What brings you here?\", strength: strong, why: \"Open.\"}\n"
	"      - {reply: \"You must stop.\", strength: weak, why: \"Orders.\"}\n"
	"  middle:\n"                                                              /* 30 */
	"    say: [{text: \"Well...\", talk: neutral}]\n"
	"    responses:\n"
	"      - when: {asks: true}\n"
	"        effects: {readiness: +3}\n"
	"        goto: middle\n"                                                    /* 35 */
	"      - fallback: true\n"
	"        effects: {readiness: +3}\n"
	"        goto: middle\n"
	"    exemplars:\n"
	"      - {reply: \"What else?\", strength: strong, why: \"Open.\"}\n"        /* 40 */
	"      - {reply: \"Do it.\", strength: weak, why: \"Orders.\"}\n"
	"endings:\n"
	"  yes: {kind: success, say: {text: \"OK.\", talk: change, kind: commitment}, when: \"readiness >= 8\"}\n"
	"  no: {kind: failure, say: {text: \"Bye.\", talk: sustain}, when: \"resistance >= 10\"}\n"
	"  time: {kind: limit, say: {text: \"Time.\", talk: neutral}}\n"          /* 45 */
	"tests:\n"
	"  - name: \"open questions lead to a step\"\n"
	"    replies: [\"What would you like to change?\", \"What else?\"]\n"
	"    expect: yes\n"
	"    seeds: [1, 2]\n"                                                       /* 50 */
	"  - name: \"orders end it\"\n"
	"    replies: [\"You must stop drinking now, you have to.\"]\n"
	"    expect: no\n";

static void listen_replaced(const char *from, const char *to, enum diag_severity sev, int line, const char *what)
{
	char *t = text_replace(listen, from, to);
	assert_lint(t, sev, line, what);
	free(t);
}

/* The text with from replaced by to lints with no diagnostic containing what. */
static void listen_quiet(const char *from, const char *to, const char *what)
{
	char *t = text_replace(listen, from, to);
	struct pack *p = test_pack_from_text("v.yaml", t);
	struct diag_list dl = {0};

	validate_pack(p, &dl);
	if (has(&dl, DIAG_WARNING, 0, what)) {
		diag_print(&dl, stderr, 0);
		fail_msg("a warning '%s'", what);
	}
	diag_list_release(&dl);
	pack_free(p);
	free(t);
}

static void test_clean_format2_scenario_has_no_listening_warnings(void **state)
{
	struct pack *p = test_pack_from_text("v.yaml", listen);
	struct diag_list dl = {0};
	(void)state;

	validate_pack(p, &dl);
	diag_print(&dl, stderr, 0);
	assert_int_equal(dl.n, 0);
	pack_free(p);
}

static void test_line_without_a_talk_label_is_warned(void **state)
{
	(void)state;
	listen_replaced("    say: [{text: \"Well...\", talk: neutral}]\n", "    say: [\"Well...\"]\n", DIAG_WARNING, 31,
			"this line has no 'talk:' label");
	listen_replaced("{text: \"Bye.\", talk: sustain}", "\"Bye.\"", DIAG_WARNING, 44, "no 'talk:' label");
}

static void test_node_with_no_response_for_a_question_is_warned(void **state)
{
	(void)state;
	char *t = text_replace(listen, "      - when: {asks: true}\n        goto: opening\n", "");
	char *u = text_replace(t, "      - when: {codes: [OQ]}\n", "      - when: {codes: [SR, CR]}\n");
	assert_lint(u, DIAG_WARNING, 12, "node 'opening' has no response for a direct question");
	free(t);
	free(u);
	listen_quiet("      - when: {asks: true}\n        goto: opening\n",
		     "      - when: {codes: [CQ]}\n        goto: opening\n", "no response for a direct question");
}

static void test_permission_request_needs_a_response_when_the_move_is_off(void **state)
{
	(void)state;
	listen_replaced("nodes:\n", "moves: {permission: false}\nnodes:\n", DIAG_WARNING, 13,
			"node 'opening' has no response for a permission request");
	listen_quiet("      - when: {asks: true}\n        goto: opening\n",
		     "      - when: {permission: true}\n        goto: opening\n      - when: {asks: true}\n        goto: opening\n",
		     "node 'opening' has no response for a permission request");
}

static void test_line_presupposing_the_practitioners_words_needs_a_reply_condition(void **state)
{
	(void)state;
	listen_replaced("\"I am not sure.\"", "\"Exactly. I am not sure.\"", DIAG_WARNING, 14,
			"this line presupposes the practitioner's words ('exactly') but can follow any reply");
	listen_replaced("\"I am not sure.\"", "\"...That's the word. Tired.\"", DIAG_WARNING, 14, "('thats the word')");
	listen_replaced("      - fallback: true\n        goto: opening\n",
			"      - fallback: true\n        goto: opening\n        say_first: {text: \"You're right.\", talk: neutral}\n",
			DIAG_WARNING, 27, "presupposes the practitioner's words ('youre right')");
	listen_quiet("{text: \"Not sure, honestly.\", when: \"readiness >= 4\"",
		     "{text: \"Exactly, not sure.\", when: {codes: [SR, CR], meters: \"readiness >= 4\"}",
		     "presupposes");
	listen_quiet("      - when: {codes: [OQ]}\n        effects: {readiness: +3}\n        goto: middle\n",
		     "      - when: {codes: [OQ]}\n        effects: {readiness: +3}\n        goto: middle\n"
		     "        say_first: {text: \"Exactly.\", talk: neutral}\n", "presupposes");
}

static void test_line_that_refers_back_but_can_be_said_first_is_warned(void **state)
{
	(void)state;
	listen_replaced("\"Not sure, honestly.\"", "\"Like I said, not sure.\"", DIAG_WARNING, 15,
			"this line refers back ('like i said') but can be said on the node's first visit");
	listen_replaced("\"Not sure, honestly.\"", "\"She says I should.\"", DIAG_WARNING, 15, "refers back ('she')");
	listen_replaced("\"Not sure, honestly.\"", "\"Still not sure.\"", DIAG_WARNING, 15, "refers back ('still')");
	listen_quiet("\"Not sure, honestly.\", when", "\"Like I said, not sure.\", visit: again, when", "refers back");
	listen_quiet("\"Not sure, honestly.\", when", "\"She says I should.\", adds: after, when", "refers back");
}

static void test_ending_with_only_conditional_lines_is_warned(void **state)
{
	(void)state;
	listen_replaced("say: {text: \"OK.\", talk: change, kind: commitment}",
			"say: {text: \"OK, for Sam.\", when: {raised: [sam]}, talk: change, kind: commitment}", DIAG_WARNING,
			43, "ending 'yes' has no line without a condition");
	listen_replaced("      - {text: \"I am not sure.\", talk: sustain}\n", "", DIAG_WARNING, 12,
			"node 'opening' has no line without a condition");
}

static void test_format2_tests_check_every_seed_what_is_said_and_repeats(void **state)
{
	struct coder *c = NULL;
	struct error err = {0};
	struct diag_list dl = {0};
	char *a = text_replace(listen, "    seeds: [1, 2]\n", "    seeds: [1, 2]\n    says: [\"not sure\", \"never said\"]\n"
			  "    never_says: [\"well\"]\n");
	struct pack *p = test_pack_from_text("v.yaml", a);
	(void)state;

	assert_int_equal(coder_load("data/coder.model", &c, &err), 0);
	assert_int_equal(validate_run_tests(p->scenarios[0], c, &dl), 1);
	/* the same at both seeds: one error naming them */
	assert_true(has(&dl, DIAG_ERROR, 47, "test 'open questions lead to a step' (seeds 1 and 2) failed: the client never "
			"said 'never said'"));
	assert_false(has(&dl, DIAG_ERROR, 47, "never said 'not sure'"));
	assert_true(has(&dl, DIAG_ERROR, 47, "the client said 'well' after a reply: \"Well...\""));
	diag_list_release(&dl);
	pack_free(p);
	free(a);

	/* middle says "Well..." on each visit: a verbatim repeat, warned */
	char *b = text_replace(listen, "      - fallback: true\n        effects: {readiness: +3}\n        goto: middle\n",
			  "      - fallback: true\n        goto: middle\n");
	char *d = text_replace(b, "    replies: [\"What would you like to change?\", \"What else?\"]\n    expect: yes\n",
			  "    replies: [\"What would you like to change?\", \"Hmm.\"]\n    expect: middle\n");
	p = test_pack_from_text("v.yaml", d);
	assert_int_equal(validate_run_tests(p->scenarios[0], c, &dl), 0);
	if (!has(&dl, DIAG_WARNING, 46, "the client says \"Well...\" twice (after replies 1 and 2)"))
		diag_print(&dl, stderr, 0);
	assert_true(has(&dl, DIAG_WARNING, 46, "(seeds 1 and 2): the client says \"Well...\" twice (after replies 1 and 2)"));
	diag_list_release(&dl);
	coder_free(c);
	pack_free(p);
	free(b);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scenario_tests_code_advice_the_client_asked_for_as_pwp),
		cmocka_unit_test(test_clean_scenario_has_no_diagnostics),
		cmocka_unit_test(test_node_no_goto_reaches_is_unreachable),
		cmocka_unit_test(test_node_without_fallback_is_warned_at_its_last_response),
		cmocka_unit_test(test_response_after_the_fallback_can_never_be_taken),
		cmocka_unit_test(test_meter_nothing_uses_is_warned),
		cmocka_unit_test(test_node_needs_a_strong_and_a_weak_exemplar),
		cmocka_unit_test(test_ending_whose_when_the_meters_cannot_reach_is_unreachable),
		cmocka_unit_test(test_limit_ending_without_turn_limit_is_unreachable),
		cmocka_unit_test(test_ending_that_holds_at_the_start_is_warned),
		cmocka_unit_test(test_missing_success_or_failure_ending_is_an_error),
		cmocka_unit_test(test_turn_limit_needs_exactly_one_limit_ending),
		cmocka_unit_test(test_variant_whose_when_cannot_hold_is_never_said),
		cmocka_unit_test(test_node_that_only_loops_has_no_way_out),
		cmocka_unit_test(test_missing_tests_for_success_and_failure_paths_are_warned),
		cmocka_unit_test(test_embedded_tests_pass_through_the_coder_and_the_engine),
		cmocka_unit_test(test_failed_embedded_test_names_what_was_reached_and_the_codes),
		cmocka_unit_test(test_clean_format2_scenario_has_no_listening_warnings),
		cmocka_unit_test(test_line_without_a_talk_label_is_warned),
		cmocka_unit_test(test_node_with_no_response_for_a_question_is_warned),
		cmocka_unit_test(test_permission_request_needs_a_response_when_the_move_is_off),
		cmocka_unit_test(test_line_presupposing_the_practitioners_words_needs_a_reply_condition),
		cmocka_unit_test(test_line_that_refers_back_but_can_be_said_first_is_warned),
		cmocka_unit_test(test_ending_with_only_conditional_lines_is_warned),
		cmocka_unit_test(test_format2_tests_check_every_seed_what_is_said_and_repeats),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
