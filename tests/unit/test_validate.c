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
	"    replies: [\"What would you like to change?\", \"What else?\", \"What else?\"]\n"
	"    expect: yes\n"
	"  - name: \"orders end it\"\n"
	"    replies: [\"You must stop drinking now, you have to.\"]\n"
	"    expect: no\n";

static char *replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	struct strbuf sb = {0};

	if (!at)
		fail_msg("'%s' not in the text", from);
	strbuf_add(&sb, s, (size_t)(at - s));
	strbuf_adds(&sb, to);
	strbuf_adds(&sb, at + strlen(from));
	return strbuf_detach(&sb);
}

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
	struct pack *p = load(text);
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
	char *t = replace(clean, from, to);
	assert_lint(t, sev, line, what);
	free(t);
}

static void test_clean_scenario_has_no_diagnostics(void **state)
{
	struct pack *p = load(clean);
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
	char *a = replace(clean, "  yes: {kind: success", "  yes: {kind: failure");
	char *b = replace(a, "    expect: yes\n", "    expect: opening\n");
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
	char *a = replace(clean, "    expect: no\n", "    expect: opening\n");
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
	char *t = replace(clean, "    expect: opening\n", "    expect: middle\n");
	struct pack *p = load(t);
	struct diag_list dl = {0};
	struct coder *c = NULL;
	struct error err = {0};
	(void)state;

	assert_int_equal(coder_load("data/coder.model", &c, &err), 0);
	assert_int_equal(validate_run_tests(p->scenarios[0], c, &dl), 1);
	assert_int_equal(dl.errors, 1);
	assert_int_equal(dl.items[0].line, 42);
	assert_int_equal(dl.items[0].col, 5);
	assert_non_null(strstr(dl.items[0].message, "test 'anything at all keeps her at the opening' failed: "
			       "expected 'middle', reached node 'opening' (reply 1 ["));
	assert_non_null(strstr(dl.items[0].message, "] -> response 3 of 'opening' -> node 'opening')"));
	diag_list_release(&dl);

	/* A test that ends early says so. */
	char *u = replace(clean, "    replies: [\"You must stop drinking now, you have to.\"]\n",
			  "    replies: [\"You must stop drinking now, you have to.\", \"Hello?\"]\n");
	struct pack *q = load(u);
	assert_int_equal(validate_run_tests(q->scenarios[0], c, &dl), 0);
	char *v = replace(u, "    expect: no\n", "    expect: opening\n");
	struct pack *r = load(v);
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
