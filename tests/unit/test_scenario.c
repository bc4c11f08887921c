/* Unit tests of scenario.c and the loader (scenario_load.c, scenario_build.c,
 * scenario_field.c, over yamldoc.c): the model's lookups, meter
 * expressions, and the loader's treatment of untrusted packs (every refusal
 * located, with a did-you-mean where one is likely). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/scenario.h"
#include "core/util.h"
#include "io/print.h"
#include "yaml/pack_load.h"
#include "helpers.h"

/* A small valid scenario; tests splice a defect into a copy. */
static const char tiny[] =
	"id: tiny\n"
	"title: \"Tiny\"\n"
	"difficulty: 2\n"
	"stage: contemplation\n"
	"themes: [Walking, knee]\n"
	"meters:\n"
	"  resistance: {min: 0, max: 10, start: 5, good: low}\n"
	"  readiness: {min: 0, max: 10, start: 2, label: \"Ready\"}\n"
	"start: opening\n"
	"turn_limit: 6\n"
	"nodes:\n"
	"  opening:\n"
	"    say:\n"
	"      - \"I am not sure.\"\n"
	"      - text: \"Again?\"\n"
	"        when: \"resistance >= 7 and readiness < 3\"\n"
	"        max_uses: 1\n"
	"    responses:\n"
	"      - when: {codes: [conf, PERS], nonadherent: true}\n"
	"        effects: {resistance: +3}\n"
	"        goto: opening\n"
	"      - when: {primary: CR, skills: {reflection: 3}, about: [Kids, \"Go for a walk\"], meters: \"readiness >= 1\"}\n"
	"        effects: {readiness: +4, resistance: -2}\n"
	"        goto: yes\n"
	"        say_first: \"Hm.\"\n"
	"      - fallback: true\n"
	"        goto: opening\n"
	"    exemplars:\n"
	"      - {reply: \"You are unsure.\", strength: strong, why: \"Reflects.\"}\n"
	"      - {reply: \"Just do it.\", strength: weak, why: \"Orders.\"}\n"
	"endings:\n"
	"  yes: {kind: success, say: \"OK.\", when: \"readiness >= 8\"}\n"
	"  no: {kind: failure, say: \"Bye.\", when: \"resistance >= 10\"}\n"
	"  time: {kind: limit, say: \"Time.\"}\n"
	"tests:\n"
	"  - name: \"ends\"\n"
	"    replies: [\"Hello.\"]\n"
	"    expect: opening\n"
	"    seed: 7\n";

/* Load text; return the pack (or NULL) and leave the diagnostics in dl. */
static struct pack *load(const char *text, size_t len, struct diag_list *dl)
{
	struct pack *p = NULL;
	int rc = pack_load_buffer("t.yaml", text, len, &p, dl);

	assert_true(rc == 0 ? p != NULL : p == NULL);
	return p;
}

/* The text must be refused with a diagnostic at line:col containing what. */
static void assert_refused(const char *text, size_t len, int line, int col, const char *what)
{
	struct diag_list dl = {0};
	struct pack *p = load(text, len, &dl);
	bool found = false;

	assert_null(p);
	assert_true(dl.errors > 0);
	for (size_t i = 0; i < dl.n; i++)
		if (dl.items[i].severity == DIAG_ERROR && dl.items[i].line == line && dl.items[i].col == col &&
		    strstr(dl.items[i].message, what))
			found = true;
	if (!found) {
		diag_print(&dl, stderr, 0);
		fail_msg("no error '%s' at %d:%d", what, line, col);
	}
	diag_list_release(&dl);
}

static void assert_refused_s(const char *text, int line, int col, const char *what)
{
	assert_refused(text, strlen(text), line, col, what);
}

static void test_valid_scenario_loads_into_the_model(void **state)
{
	struct diag_list dl = {0};
	struct pack *p;
	const struct scenario *s;
	const struct node *n;
	(void)state;

	p = load(tiny, strlen(tiny), &dl);
	if (!p)
		diag_print(&dl, stderr, 0);
	assert_non_null(p);
	assert_int_equal(dl.n, 0);
	assert_int_equal(p->nscenarios, 1);
	s = p->scenarios[0];
	assert_string_equal(s->id, "tiny");
	assert_ptr_equal(s->pack, p);
	assert_string_equal(p->id, "t");            /* a lone scenario: a pack named after the file */
	assert_int_equal(s->difficulty, 2);
	assert_int_equal(s->stage, STAGE_CONTEMPLATION);
	assert_string_equal(s->summary, "");        /* optional texts default to "" */
	assert_string_equal(s->persona.name, "");
	assert_int_equal(s->nmeters, 2);
	assert_false(s->meters[0].higher_is_better);
	assert_true(s->meters[1].higher_is_better);
	assert_string_equal(s->meters[0].label, "resistance");
	assert_string_equal(s->meters[1].label, "Ready");
	assert_int_equal(s->turn_limit, 6);
	assert_int_equal(s->start_node, 0);
	n = &s->nodes[0];
	assert_int_equal(n->nsay, 2);
	assert_int_equal(n->say[1].max_uses, 1);
	assert_int_equal(n->say[1].when.meters.n, 2);
	assert_int_equal(n->nresponses, 3);
	assert_int_equal(n->responses[0].when.codes, CODE_BIT(CODE_CONF) | CODE_BIT(CODE_PERS));
	assert_int_equal(n->responses[0].when.nonadherent, 1);
	assert_int_equal(n->responses[0].target_node, 0);
	assert_int_equal(n->responses[0].effects[0].delta, 3);
	assert_int_equal(n->responses[1].when.primary, CODE_BIT(CODE_CR));
	assert_int_equal(n->responses[1].when.min_skill[SKILL_REFLECTION], 3);
	assert_int_equal(n->responses[1].when.min_skill[SKILL_EMPATHY], -1);
	assert_int_equal(n->responses[1].when.nabout, 2);
	assert_string_equal(n->responses[1].when.about[0], "kids");
	assert_string_equal(n->responses[1].when.about[1], "go for a walk");
	assert_int_equal(n->responses[1].target_ending, scenario_find_ending(s, "yes"));
	assert_int_equal(n->responses[1].target_node, -1);
	assert_int_equal(n->responses[1].nsay_first, 1);
	assert_string_equal(n->responses[1].say_first[0].text, "Hm.");
	assert_null(n->responses[2].say_first);
	assert_true(n->responses[2].fallback);
	assert_int_equal(n->nexemplars, 2);
	assert_int_equal(n->exemplars[0].strength, EXEMPLAR_STRONG);
	assert_int_equal(s->nendings, 3);
	assert_int_equal(s->endings[2].kind, ENDING_LIMIT);
	assert_false(s->endings[2].has_when);
	assert_true(s->endings[0].has_when);
	assert_int_equal(s->ntests, 1);
	assert_int_equal(s->tests[0].seed, 7);
	assert_string_equal(s->tests[0].replies[0], "Hello.");
	/* marks point at the source */
	assert_string_equal(n->at.file, "t.yaml");
	assert_int_equal(n->at.line, 12);
	assert_int_equal(n->at.col, 3);
	assert_int_equal(n->responses[0].at.line, 19);
	pack_free(p);
	diag_list_release(&dl);
}

static void test_lookups_find_by_id_and_return_minus_one_otherwise(void **state)
{
	struct diag_list dl = {0};
	struct pack *p = load(tiny, strlen(tiny), &dl);
	const struct scenario *s = p->scenarios[0];
	(void)state;

	assert_int_equal(scenario_find_node(s, "opening"), 0);
	assert_int_equal(scenario_find_node(s, "nope"), -1);
	assert_int_equal(scenario_find_ending(s, "time"), 2);
	assert_int_equal(scenario_find_ending(s, "opening"), -1);
	assert_int_equal(scenario_find_meter(s, "readiness"), 1);
	assert_int_equal(scenario_find_meter(s, "rapport"), -1);
	pack_free(p);
	diag_list_release(&dl);
}

static void test_meter_expression_is_a_conjunction(void **state)
{
	struct meter_cmp cmps[] = { { 0, CMP_GE, 7 }, { 1, CMP_LT, 3 } };
	struct meter_expr e = { cmps, 2 }, empty = { NULL, 0 };
	int m[METERS_MAX] = { 7, 2 };
	(void)state;

	assert_true(meter_expr_eval(&e, m));
	m[1] = 3;
	assert_false(meter_expr_eval(&e, m));
	m[0] = 6, m[1] = 0;
	assert_false(meter_expr_eval(&e, m));
	assert_true(meter_expr_eval(&empty, m));
	struct meter_cmp ops[] = { { 0, CMP_EQ, 6 }, { 0, CMP_NE, 5 }, { 0, CMP_LE, 6 }, { 0, CMP_GT, 5 } };
	struct meter_expr all = { ops, 4 };
	assert_true(meter_expr_eval(&all, m));
}

static void test_names_of_stages_and_ending_kinds(void **state)
{
	(void)state;
	assert_string_equal(stage_name(STAGE_PRECONTEMPLATION), "precontemplation");
	assert_string_equal(stage_name(STAGE_MAINTENANCE), "maintenance");
	assert_string_equal(ending_kind_name(ENDING_SUCCESS), "success");
	assert_string_equal(ending_kind_name(ENDING_FAILURE), "failure");
	assert_string_equal(ending_kind_name(ENDING_LIMIT), "limit");
}

static void test_misspelt_goto_is_located_with_a_suggestion(void **state)
{
	char *t = text_replace(tiny, "        goto: opening\n      - when: {primary", "        goto: opnening\n      - when: {primary");
	(void)state;
	assert_refused_s(t, 21, 15, "'goto' names no node or ending 'opnening' (did you mean 'opening'?)");
	free(t);
}

static void test_unknown_key_is_refused_with_a_suggestion(void **state)
{
	char *t = text_replace(tiny, "    exemplars:", "    exemplar:");
	(void)state;
	assert_refused_s(t, 28, 5, "unknown key 'exemplar' in a node (did you mean 'exemplars'?)");
	free(t);
}

static void test_duplicate_key_is_refused(void **state)
{
	char *t = text_replace(tiny, "turn_limit: 6\n", "turn_limit: 6\nturn_limit: 7\n");
	(void)state;
	assert_refused_s(t, 11, 1, "duplicate key 'turn_limit' (first at line 10)");
	free(t);

	/* A big mapping (checked by sorting, not pairwise) too. */
	struct strbuf sb = {0};
	for (int i = 0; i < 40; i++)
		strbuf_addf(&sb, "k%d: x\n", i == 30 ? 7 : i);
	assert_refused_s(sb.buf, 31, 1, "duplicate key 'k7' (first at line 8)");
	strbuf_release(&sb);
}

static void test_pack_of_scenarios_that_are_not_mappings_is_refused(void **state)
{
	/* An assignment file handed to the loader: 'pack' and 'scenarios' are
	 * there, but neither holds mappings. Refused, never a crash. */
	(void)state;
	assert_refused_s("pack: \"mi-course\"\nscenarios:\n  - \"course-alcohol\"\n", 1, 7,
			 "'pack' must be a mapping of keys");
}

static void test_anchors_and_aliases_are_refused(void **state)
{
	char *a = text_replace(tiny, "themes: [Walking, knee]", "themes: &t [Walking, knee]");
	char *b = text_replace(tiny, "    exemplars:", "    themes: *t\n    exemplars:");
	(void)state;
	assert_refused_s(a, 5, 9, "anchors (&t) are not allowed");
	assert_refused_s(b, 28, 13, "aliases (*t) are not allowed");
	free(a);
	free(b);
}

static void test_deep_nesting_is_refused_at_the_level_that_is_too_deep(void **state)
{
	struct strbuf sb = {0};
	(void)state;
	strbuf_adds(&sb, "id: x\ntags: ");
	for (int i = 0; i < 10000; i++)
		strbuf_adds(&sb, "[");
	strbuf_adds(&sb, "\n");
	assert_refused_s(sb.buf, 2, 22, "nested more than 16 levels deep");
	strbuf_release(&sb);
}

static void test_invalid_utf8_and_binary_are_located(void **state)
{
	(void)state;
	assert_refused_s("id: x\ntitle: \"\xc3\xa9t\xe9\"\n", 2, 11, "invalid UTF-8 (byte 0xe9)");
	assert_refused("id: x\n\n  title: a\0b\n", 20, 3, 11, "binary data (a NUL byte)");
}

static void test_empty_and_comment_only_texts_are_refused(void **state)
{
	(void)state;
	assert_refused("", 0, 1, 1, "the file is empty");
	assert_refused_s("# nothing\n\n", 1, 1, "no YAML content");
	assert_refused_s("just a scalar\n", 1, 1, "mapping of keys at the top level");
}

static void test_syntax_errors_are_located_with_a_hint(void **state)
{
	(void)state;
	assert_refused_s("id: x\ntitle: Look: no\n", 2, 12, "put text that contains ': ' in double quotes");
	assert_refused_s("id: x\nmeters:\n\tr: 1\n", 3, 1, "indent with spaces, YAML does not allow tabs");
	assert_refused_s("id: x\ntags: [a, b\n", 3, 1, "YAML syntax error");
}

static void test_wrong_types_and_ranges_are_refused(void **state)
{
	char *a = text_replace(tiny, "difficulty: 2", "difficulty: 9");
	char *b = text_replace(tiny, "difficulty: 2", "difficulty: \"2\"");
	char *c = text_replace(tiny, "title: \"Tiny\"", "title: [a, b]");
	char *d = text_replace(tiny, "max_uses: 1", "max_uses: 99999999999999999999999");
	char *e = text_replace(tiny, "start: 5, good: low", "start: 5, good: lower");
	char *f = text_replace(tiny, "fallback: true", "fallback: yes");
	(void)state;
	assert_refused_s(a, 3, 13, "'difficulty' is 9, out of range: it must be from 1 to 5");
	assert_refused_s(b, 3, 13, "'difficulty' must be a whole number from 1 to 5");
	assert_refused_s(c, 2, 8, "'title' must be a text, not a list");
	assert_refused_s(d, 17, 19, "'max_uses' must be a whole number from 0 to 1000");
	assert_refused_s(e, 7, 49, "'good' must be high or low");
	assert_refused_s(f, 26, 19, "'fallback' must be true or false");
	free(a), free(b), free(c), free(d), free(e), free(f);
}

static void test_meter_expressions_are_checked_and_located(void **state)
{
	char *a = text_replace(tiny, "\"readiness >= 8\"", "\"readyness >= 8\"");
	char *b = text_replace(tiny, "\"readiness >= 8\"", "\"readiness = 8\"");
	char *c = text_replace(tiny, "\"readiness >= 8\"", "\"readiness >= 8 or resistance < 2\"");
	char *d = text_replace(tiny, "effects: {resistance: +3}", "effects: {resistence: +3}");
	(void)state;
	assert_refused_s(a, 32, 43, "'when' names no meter 'readyness' (did you mean 'readiness'?)");
	assert_refused_s(b, 32, 53, "expected a comparison");
	assert_refused_s(c, 32, 58, "expected 'and' or the end");
	assert_refused_s(d, 20, 19, "'effects' names no meter 'resistence' (did you mean 'resistance'?)");
	free(a), free(b), free(c), free(d);
}

static void test_unknown_codes_skills_and_stages_get_suggestions(void **state)
{
	char *a = text_replace(tiny, "codes: [conf, PERS]", "codes: [CONF, PRES]");
	char *b = text_replace(tiny, "skills: {reflection: 3}", "skills: {reflexion: 3}");
	char *c = text_replace(tiny, "stage: contemplation", "stage: contemplating");
	(void)state;
	assert_refused_s(a, 19, 30, "'codes' names no code 'PRES' (did you mean 'PERS'?)");
	assert_refused_s(b, 22, 38, "'skills' names no skill 'reflexion' (did you mean 'reflection'?)");
	assert_refused_s(c, 4, 8, "(did you mean 'contemplation'?)");
	free(a), free(b), free(c);
}

static void test_missing_required_keys_are_named(void **state)
{
	char *a = text_replace(tiny, "start: opening\n", "");
	char *b = text_replace(tiny, "        goto: yes\n", "");
	(void)state;
	assert_refused_s(a, 1, 1, "a scenario is missing the required key 'start'");
	assert_refused_s(b, 22, 9, "a response is missing the required key 'goto'");
	free(a), free(b);
}

static void test_misspelt_required_key_is_reported_once(void **state)
{
	char *t = text_replace(tiny, "stage: contemplation", "stag: contemplation");
	struct diag_list dl = {0};
	(void)state;
	assert_null(load(t, strlen(t), &dl));
	assert_int_equal(dl.errors, 1);
	assert_string_equal(dl.items[0].message, "unknown key 'stag' in a scenario (did you mean 'stage'?)");
	diag_list_release(&dl);
	free(t);
	/* A valid key close to a missing one does not hide it ('start' is not 'stage'). */
	t = text_replace(tiny, "stage: contemplation\n", "");
	assert_refused_s(t, 1, 1, "a scenario is missing the required key 'stage'");
	free(t);
}

static void test_node_and_ending_may_not_share_an_id(void **state)
{
	char *t = text_replace(tiny, "  time: {kind: limit", "  opening: {kind: limit");
	(void)state;
	assert_refused_s(t, 34, 3, "ending 'opening' has the same id as a node");
	free(t);
}

static void test_single_file_pack_holds_several_scenarios(void **state)
{
	struct strbuf sb = {0};
	struct diag_list dl = {0};
	struct pack *p;
	char *second = text_replace(tiny, "id: tiny", "id: tiny-two");
	(void)state;

	strbuf_adds(&sb, "pack:\n  id: mine\n  title: \"Mine\"\n  version: \"1.2.3\"\n  skills: [empathy]\nscenarios:\n");
	for (int k = 0; k < 2; k++) {
		const char *src = k ? second : tiny;
		for (const char *line = src; *line;) {
			const char *nl = strchr(line, '\n');
			strbuf_adds(&sb, line == src ? "  - " : "    ");
			strbuf_add(&sb, line, (size_t)(nl - line) + 1);
			line = nl + 1;
		}
	}
	p = load(sb.buf, sb.len, &dl);
	if (!p)
		diag_print(&dl, stderr, 0);
	assert_non_null(p);
	assert_string_equal(p->id, "mine");
	assert_string_equal(p->version, "1.2.3");
	assert_int_equal(p->skills, 1u << SKILL_EMPATHY);
	assert_int_equal(p->nscenarios, 2);
	assert_string_equal(p->scenarios[1]->id, "tiny-two");
	pack_free(p);
	diag_list_release(&dl);

	/* The same scenario id twice in one pack is an error at the second. */
	char *dup = text_replace(sb.buf, "id: tiny-two", "id: tiny");
	assert_refused_s(dup, 46, 5, "scenario id 'tiny' is already used at t.yaml:7:5");
	free(dup);
	strbuf_release(&sb);
	free(second);
}

static void write_file(const char *path, const char *text)
{
	test_write_file(path, text);
}

static void test_catalog_skips_broken_packs_and_refuses_a_second_use_of_an_id(void **state)
{
	char dir[] = "/tmp/micoach-test-catalog.XXXXXX";
	char path[256];
	struct catalog cat = {0};
	struct diag_list dl = {0};
#define MANIFEST "pack:\n  id: %s\n  title: \"P\"\n  version: \"1.0.0\"\n"
	char buf[256];
	(void)state;

	assert_int_equal(test_tmpdir_make(dir), 0);
	/* a/ : a good pack with scenario tiny */
	snprintf(path, sizeof path, "%s/a", dir);
	mkdir(path, 0700);
	snprintf(buf, sizeof buf, MANIFEST, "a");
	snprintf(path, sizeof path, "%s/a/pack.yaml", dir);
	write_file(path, buf);
	snprintf(path, sizeof path, "%s/a/tiny.yaml", dir);
	write_file(path, tiny);
	/* b/ : another pack reusing the scenario id tiny: refused */
	snprintf(path, sizeof path, "%s/b", dir);
	mkdir(path, 0700);
	snprintf(buf, sizeof buf, MANIFEST, "b");
	snprintf(path, sizeof path, "%s/b/pack.yaml", dir);
	write_file(path, buf);
	snprintf(path, sizeof path, "%s/b/tiny.yaml", dir);
	write_file(path, tiny);
	/* c.yaml : a broken lone file: skipped with a diagnostic */
	snprintf(path, sizeof path, "%s/c.yaml", dir);
	write_file(path, "id: [\n");
	/* d/ : scenario files without a pack.yaml: not a pack, warned */
	snprintf(path, sizeof path, "%s/d", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/d/x.yaml", dir);
	write_file(path, tiny);
	/* notes.txt : ignored */
	snprintf(path, sizeof path, "%s/notes.txt", dir);
	write_file(path, "not yaml");

	assert_int_equal(catalog_add_dir(&cat, dir, &dl), -1);
	assert_int_equal(cat.npacks, 1);
	assert_string_equal(cat.packs[0]->id, "a");
	assert_non_null(catalog_find(&cat, "tiny"));
	assert_non_null(catalog_find(&cat, "a/tiny"));
	assert_null(catalog_find(&cat, "b/tiny"));
	assert_null(catalog_find(&cat, "nope"));
	assert_int_equal(dl.errors, 2);
	assert_non_null(strstr(dl.items[0].message, "scenario id 'tiny' is already used by"));
	assert_non_null(strstr(dl.items[1].file, "c.yaml"));
	assert_int_equal(dl.warnings, 1);
	assert_int_equal(dl.items[2].severity, DIAG_WARNING);
	assert_non_null(strstr(dl.items[2].message, "holds .yaml files but no pack.yaml"));
	diag_list_release(&dl);
	/* A missing directory is not an error. */
	snprintf(path, sizeof path, "%s/none", dir);
	assert_int_equal(catalog_add_dir(&cat, path, &dl), 0);
	assert_int_equal(dl.n, 0);
	catalog_release(&cat);
	assert_int_equal(cat.npacks, 0);

	/* A scenario file of a pack directory is loaded with its pack.yaml. */
	struct pack *p = NULL;
	snprintf(path, sizeof path, "%s/a/tiny.yaml", dir);
	assert_int_equal(pack_load(path, &p, &dl), 0);
	assert_string_equal(p->id, "a");
	pack_free(p);
	diag_list_release(&dl);

	test_tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_scenario_loads_into_the_model),
		cmocka_unit_test(test_lookups_find_by_id_and_return_minus_one_otherwise),
		cmocka_unit_test(test_meter_expression_is_a_conjunction),
		cmocka_unit_test(test_names_of_stages_and_ending_kinds),
		cmocka_unit_test(test_misspelt_goto_is_located_with_a_suggestion),
		cmocka_unit_test(test_unknown_key_is_refused_with_a_suggestion),
		cmocka_unit_test(test_duplicate_key_is_refused),
		cmocka_unit_test(test_anchors_and_aliases_are_refused),
		cmocka_unit_test(test_deep_nesting_is_refused_at_the_level_that_is_too_deep),
		cmocka_unit_test(test_invalid_utf8_and_binary_are_located),
		cmocka_unit_test(test_empty_and_comment_only_texts_are_refused),
		cmocka_unit_test(test_pack_of_scenarios_that_are_not_mappings_is_refused),
		cmocka_unit_test(test_syntax_errors_are_located_with_a_hint),
		cmocka_unit_test(test_wrong_types_and_ranges_are_refused),
		cmocka_unit_test(test_meter_expressions_are_checked_and_located),
		cmocka_unit_test(test_unknown_codes_skills_and_stages_get_suggestions),
		cmocka_unit_test(test_missing_required_keys_are_named),
		cmocka_unit_test(test_misspelt_required_key_is_reported_once),
		cmocka_unit_test(test_node_and_ending_may_not_share_an_id),
		cmocka_unit_test(test_single_file_pack_holds_several_scenarios),
		cmocka_unit_test(test_catalog_skips_broken_packs_and_refuses_a_second_use_of_an_id),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
