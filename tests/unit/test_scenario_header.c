/* Unit tests of the catalog's header read (issue 14, item 19): a scenario's
 * header read with the filtered parse of yamldoc.c (pack_load_headers) and
 * the same scenario read whole afterwards (scenario_read_whole). The header
 * must say what the whole read says; what only the body holds (a bad goto,
 * a syntax error among the nodes) is caught, located, when it is read
 * whole; a file that changed in between gets a located message, not a
 * crash; the limits hold for both reads. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "core/scenario.h"
#include "core/util.h"
#include "yaml/pack_load.h"
#include "yaml/yamldoc.h"
#include "helpers.h"

TEST_TMPDIR_GROUP("scenario-header")

static const char *src_dir(void)
{
	const char *src = getenv("MICOACH_SRC");
	return src && *src ? src : ".";
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = {0};
	char chunk[8192];
	size_t n;

	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		strbuf_add(&sb, chunk, n);
	fclose(f);
	return strbuf_detach(&sb);
}

static bool has_diag(const struct diag_list *dl, const char *file, int line, int col, const char *words)
{
	for (size_t i = 0; i < dl->n; i++)
		if ((!file || strstr(dl->items[i].file, file)) && (line < 0 || dl->items[i].line == line) &&
		    (col < 0 || dl->items[i].col == col) && strstr(dl->items[i].message, words))
			return true;
	return false;
}

static void assert_strv_equal(char *const *a, size_t na, char *const *b, size_t nb)
{
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++)
		assert_string_equal(a[i], b[i]);
}

static void assert_optstr_equal(const char *a, const char *b)
{
	assert_string_equal(a ? a : "(null)", b ? b : "(null)");
}

/* Every field a header holds, equal in the header and the whole read. */
static void assert_header_equal(const struct scenario *h, const struct scenario *w)
{
	assert_true(h->header_only);
	assert_false(w->header_only);
	assert_string_equal(h->id, w->id);
	assert_string_equal(h->title, w->title);
	assert_optstr_equal(h->summary, w->summary);
	assert_int_equal(h->difficulty, w->difficulty);
	assert_optstr_equal(h->setting, w->setting);
	assert_strv_equal(h->tags, h->ntags, w->tags, w->ntags);
	assert_int_equal(h->stage, w->stage);
	assert_int_equal(h->skills, w->skills);
	assert_optstr_equal(h->persona.name, w->persona.name);
	assert_int_equal(h->persona.age, w->persona.age);
	assert_optstr_equal(h->persona.situation, w->persona.situation);
	assert_optstr_equal(h->persona.wants, w->persona.wants);
	assert_optstr_equal(h->persona.fears, w->persona.fears);
	assert_optstr_equal(h->persona.voice, w->persona.voice);
	assert_optstr_equal(h->trainer_notes, w->trainer_notes);
	assert_strv_equal(h->themes, h->nthemes, w->themes, w->nthemes);
	assert_int_equal(h->nmeters, w->nmeters);
	for (size_t m = 0; m < h->nmeters; m++) {
		assert_string_equal(h->meters[m].id, w->meters[m].id);
		assert_int_equal(h->meters[m].min, w->meters[m].min);
		assert_int_equal(h->meters[m].max, w->meters[m].max);
		assert_int_equal(h->meters[m].start, w->meters[m].start);
	}
	assert_optstr_equal(h->start, w->start);
	assert_int_equal(h->turn_limit, w->turn_limit);
	assert_int_equal(h->format, w->format);
	assert_string_equal(h->file, w->file);
	assert_int_equal(h->at.line, w->at.line);
	assert_int_equal(h->at.col, w->at.col);
	/* The header builds no body. */
	assert_int_equal(h->nnodes, 0);
	assert_int_equal(h->nendings, 0);
	assert_int_equal(h->ntests, 0);
	assert_int_equal(h->nanswers, 0);
	assert_true(w->nnodes > 0);
	assert_true(w->nendings > 0);
	assert_true(w->start_node >= 0);
	/* The pack the whole read gives is the header's. */
	assert_string_equal(h->pack->id, w->pack->id);
	assert_string_equal(h->pack->version, w->pack->version);
	assert_string_equal(h->pack->title, w->pack->title);
}

static void test_header_read_equals_whole_read_for_every_bundled_scenario(void **state)
{
	char *dir = xasprintf("%s/scenarios", src_dir());
	struct catalog heads = { .headers_only = true }, wholes = {0};
	struct diag_list dl = {0};
	size_t n = 0;

	(void)state;
	assert_int_equal(catalog_add_dir(&heads, dir, &dl), 0);
	assert_int_equal(catalog_add_dir(&wholes, dir, &dl), 0);
	assert_int_equal(dl.errors, 0);
	assert_int_equal(heads.npacks, wholes.npacks);
	assert_true(heads.npacks >= 5);
	for (size_t i = 0; i < heads.npacks; i++) {
		const struct pack *hp = heads.packs[i], *wp = wholes.packs[i];
		assert_string_equal(hp->id, wp->id);
		assert_string_equal(hp->title, wp->title);
		assert_string_equal(hp->version, wp->version);
		assert_string_equal(hp->description, wp->description);
		assert_int_equal(hp->nscenarios, wp->nscenarios);
		for (size_t j = 0; j < hp->nscenarios; j++) {
			const struct scenario *h = hp->scenarios[j], *w;
			struct pack *own;

			assert_header_equal(h, wp->scenarios[j]);
			assert_int_equal(scenario_read_whole(h, &own, &w, &dl), 0);
			assert_header_equal(h, w);
			assert_int_equal(w->nnodes, wp->scenarios[j]->nnodes);
			assert_int_equal(w->nendings, wp->scenarios[j]->nendings);
			assert_int_equal(w->ntests, wp->scenarios[j]->ntests);
			assert_int_equal(w->nanswers, wp->scenarios[j]->nanswers);
			assert_int_equal(w->start_node, wp->scenarios[j]->start_node);
			assert_string_equal(w->nodes[0].id, wp->scenarios[j]->nodes[0].id);
			pack_free(own);
			n++;
		}
	}
	assert_int_equal(dl.errors, 0);
	assert_true(n >= 18);
	catalog_release(&heads);
	catalog_release(&wholes);
	diag_list_release(&dl);
	free(dir);
}

static void no_report(void *ctx, const struct yamldoc_problem *p)
{
	(void)p;
	(*(int *)ctx)++;
}

static const char pack_yaml[] = "pack:\n  id: hp\n  title: \"Header pack\"\n  version: \"1.0.0\"\n";

/* A copy of a bundled pack with one scenario's body broken by replace. */
static char *pack_with_body(const char *name, const char *from, const char *to)
{
	char *dir = xasprintf("%s/%s", tmpdir, name);
	char *path = xasprintf("%s/alcohol-gp.yaml", dir);
	char *orig = xasprintf("%s/scenarios/primary-care/alcohol-gp.yaml", src_dir());
	char *text = slurp(orig), *at = strstr(text, from);
	char *manifest = xasprintf("%s/pack.yaml", dir);
	struct strbuf sb = {0};

	assert_int_equal(mkdir(dir, 0700), 0);
	write_file(manifest, pack_yaml);
	assert_non_null(at);
	strbuf_add(&sb, text, (size_t)(at - text));
	strbuf_adds(&sb, to);
	strbuf_adds(&sb, at + strlen(from));
	write_file(path, sb.buf);
	strbuf_release(&sb);
	free(manifest);
	free(text);
	free(orig);
	free(path);
	return dir;
}

static void test_broken_body_is_caught_located_when_read_whole(void **state)
{
	/* The first goto of the file names no node: only the whole read knows. */
	char *dir = pack_with_body("badgoto", "goto: ", "goto: nowhere-");
	struct pack *hp, *own = NULL;
	const struct scenario *w = NULL;
	struct diag_list dl = {0};

	(void)state;
	assert_int_equal(pack_load_headers(dir, &hp, &dl), 0);
	assert_int_equal(dl.errors, 0);
	assert_int_equal(hp->nscenarios, 1);
	assert_string_equal(hp->scenarios[0]->id, "alcohol-gp");
	assert_int_equal(scenario_read_whole(hp->scenarios[0], &own, &w, &dl), -1);
	assert_null(own);
	assert_null(w);
	assert_true(has_diag(&dl, "badgoto/alcohol-gp.yaml", -1, 15, "'goto' names no node or ending 'nowhere-"));
	/* The same messages as pack_load's whole read of the pack. */
	struct diag_list whole = {0};
	assert_int_equal(pack_load(dir, &own, &whole), -1);
	assert_int_equal(whole.n, dl.n);
	for (size_t i = 0; i < dl.n; i++) {
		assert_string_equal(whole.items[i].message, dl.items[i].message);
		assert_int_equal(whole.items[i].line, dl.items[i].line);
	}
	diag_list_release(&whole);
	pack_free(hp);
	diag_list_release(&dl);
	free(dir);
}

static void assert_diags_equal(const struct diag_list *a, const struct diag_list *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		assert_string_equal(a->items[i].message, b->items[i].message);
		assert_int_equal(a->items[i].line, b->items[i].line);
		assert_int_equal(a->items[i].col, b->items[i].col);
	}
}

static void test_syntax_error_in_body_is_reported_as_a_whole_read_reports_it(void **state)
{
	/* An unclosed list among the nodes, which come last: the header read
	 * stops before them and lists the scenario; the whole read reports it,
	 * located, as pack_load does. */
	char *dir = pack_with_body("badsyntax", "\n    say:", "\n    say: [unclosed\n    say:");
	struct pack *p = NULL, *own = NULL;
	const struct scenario *w = NULL;
	struct diag_list heads = {0}, whole = {0}, dl = {0};

	(void)state;
	assert_int_equal(pack_load_headers(dir, &p, &heads), 0);
	assert_int_equal(heads.errors, 0);
	assert_int_equal(scenario_read_whole(p->scenarios[0], &own, &w, &dl), -1);
	assert_int_equal(pack_load(dir, &own, &whole), -1);
	assert_true(has_diag(&dl, "badsyntax/alcohol-gp.yaml", -1, -1, "YAML syntax error"));
	assert_diags_equal(&dl, &whole);
	pack_free(p);
	diag_list_release(&heads);
	diag_list_release(&whole);
	diag_list_release(&dl);
	free(dir);
}

static void test_syntax_error_before_body_is_reported_as_a_whole_read_reports_it(void **state)
{
	/* A tab in the persona: the header read stops at it, with the whole
	 * read's message and place. */
	char *dir = pack_with_body("badpersona", "\n  age:", "\n\tage:");
	struct pack *p = NULL;
	struct diag_list heads = {0}, whole = {0};

	(void)state;
	assert_int_equal(pack_load_headers(dir, &p, &heads), -1);
	assert_int_equal(pack_load(dir, &p, &whole), -1);
	assert_true(heads.errors > 0);
	assert_true(has_diag(&heads, "badpersona/alcohol-gp.yaml", -1, -1, "tabs"));
	assert_diags_equal(&heads, &whole);
	diag_list_release(&heads);
	diag_list_release(&whole);
	free(dir);
}

static void test_header_read_stops_only_when_nothing_but_body_follows(void **state)
{
	static const char *const skip[] = { "nodes", "endings", NULL };
	static const struct yamldoc_filter filter = { skip, 1u << 1 };
	static const struct yamldoc_limits lim = { .size_max = 1 << 20, .depth_max = 16 };
	/* Past the last key it reads, the rest is not parsed: the tab error
	 * there is the whole read's to find. */
	const char last[] = "id: a\nnodes:\n  x: 1\n# note\n\nendings:\n- a\n-\n  b: [unclosed\n";
	/* A key it reads after the body: parsed to the end. */
	const char after[] = "id: a\nnodes:\n  x: 1\ntitle: t\n";
	const char after_broken[] = "id: a\nnodes:\n  x: [unclosed\ntitle: t\n";
	int problems = 0;
	struct yamldoc *doc;

	(void)state;
	doc = yamldoc_parse_filtered(last, strlen(last), &lim, &filter, no_report, &problems);
	assert_non_null(doc);
	assert_int_equal(problems, 0);
	assert_int_equal(doc->root->n, 4);
	assert_true(doc->root->kids[3]->skipped);
	yamldoc_free(doc);
	doc = yamldoc_parse_filtered(after, strlen(after), &lim, &filter, no_report, &problems);
	assert_non_null(doc);
	assert_int_equal(doc->root->n, 6);
	assert_string_equal(doc->root->kids[5]->str, "t");
	yamldoc_free(doc);
	assert_null(yamldoc_parse_filtered(after_broken, strlen(after_broken), &lim, &filter, no_report, &problems));
	assert_int_equal(problems, 1);
}

static void test_header_errors_are_still_found_by_the_header_read(void **state)
{
	char *dir = pack_with_body("badhead", "difficulty: 2", "difficulty: 9");
	struct pack *p = NULL;
	struct diag_list dl = {0};

	(void)state;
	assert_int_equal(pack_load_headers(dir, &p, &dl), -1);
	assert_true(has_diag(&dl, "badhead/alcohol-gp.yaml", -1, -1, "difficulty"));
	diag_list_release(&dl);
	free(dir);
}

static void test_file_changed_between_reads_gets_a_located_message(void **state)
{
	char *dir = pack_with_body("changed", "id: alcohol-gp", "id: alcohol-gp");
	char *path = xasprintf("%s/alcohol-gp.yaml", dir);
	char *text = slurp(path), *renamed;
	struct pack *hp, *own = NULL;
	const struct scenario *w = NULL;
	struct diag_list dl = {0};

	(void)state;
	assert_int_equal(pack_load_headers(dir, &hp, &dl), 0);
	/* Another scenario id now. */
	renamed = strstr(text, "id: alcohol-gp");
	assert_non_null(renamed);
	memcpy(renamed, "id: alcohol-zz", 14);
	write_file(path, text);
	assert_int_equal(scenario_read_whole(hp->scenarios[0], &own, &w, &dl), -1);
	assert_true(has_diag(&dl, "changed/alcohol-gp.yaml", 0, 0, "holds no scenario 'alcohol-gp' any more"));
	diag_list_release(&dl);
	/* Gone altogether. */
	assert_int_equal(remove(path), 0);
	assert_int_equal(scenario_read_whole(hp->scenarios[0], &own, &w, &dl), -1);
	assert_true(has_diag(&dl, "changed/alcohol-gp.yaml", 0, 0, "cannot open"));
	diag_list_release(&dl);
	/* Broken. */
	write_file(path, "id: [\n");
	assert_int_equal(scenario_read_whole(hp->scenarios[0], &own, &w, &dl), -1);
	assert_true(has_diag(&dl, "changed/alcohol-gp.yaml", -1, -1, "YAML syntax error"));
	diag_list_release(&dl);
	pack_free(hp);
	free(text);
	free(path);
	free(dir);
}

static const char single_pack[] =
	"\xef\xbb\xbfpack:\n  id: single\n  title: \"Single\"\n  version: \"2.0.0\"\n"
	"scenarios:\n"
	"  - id: one\n    title: \"One\"\n    difficulty: 2\n    stage: contemplation\n"
	"    meters:\n      resistance: {min: 0, max: 10, start: 5}\n"
	"    start: a\n"
	"    nodes:\n      a:\n        say: \"Hm.\"\n        responses:\n          - fallback: true\n            goto: done\n"
	"    endings:\n      done: {kind: limit, say: \"Bye.\"}\n"
	"  - id: two\n    title: \"Two\"\n    difficulty: 3\n    stage: action\n"
	"    nodes:\n      b:\n        say: \"No.\"\n        responses:\n          - fallback: true\n            goto: fin\n"
	"    endings:\n      fin: {kind: limit, say: \"Bye.\"}\n"
	"    meters:\n      rapport: {min: 0, max: 10, start: 2}\n"
	"    start: b\n";

static void test_single_file_pack_with_bom_reads_alike(void **state)
{
	char *path = xasprintf("%s/single.yaml", tmpdir);
	struct pack *hp, *wp, *own;
	const struct scenario *w;
	struct diag_list dl = {0};

	(void)state;
	write_file(path, single_pack);
	assert_int_equal(pack_load_headers(path, &hp, &dl), 0);
	assert_int_equal(pack_load(path, &wp, &dl), 0);
	assert_int_equal(dl.errors, 0);
	assert_int_equal(hp->nscenarios, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_header_equal(hp->scenarios[i], wp->scenarios[i]);
		assert_int_equal(scenario_read_whole(hp->scenarios[i], &own, &w, &dl), 0);
		assert_header_equal(hp->scenarios[i], w);
		/* Marks count from the character after the byte-order mark. */
		assert_int_equal(w->at.line, i == 0 ? 6 : 21);
		pack_free(own);
	}
	pack_free(hp);
	pack_free(wp);
	diag_list_release(&dl);
	free(path);
}

static void test_limits_hold_for_the_header_read(void **state)
{
	char *path = xasprintf("%s/deep.yaml", tmpdir);
	struct strbuf sb = {0};
	struct pack *p = NULL;
	struct diag_list dl = {0};

	(void)state;
	/* Nesting past the cap inside the skipped nodes is still refused when
	 * the header read goes past them (a key it reads follows)... */
	strbuf_adds(&sb, "id: deep\ndifficulty: 1\nstage: action\nnodes:\n");
	for (int i = 0; i < 20; i++)
		strbuf_addf(&sb, "%*sk%d:\n", 2 * (i + 1), "", i);
	strbuf_addf(&sb, "%*sx\n", 42, "");
	strbuf_adds(&sb, "title: \"D\"\n");
	write_file(path, sb.buf);
	assert_int_equal(pack_load_headers(path, &p, &dl), -1);
	assert_true(has_diag(&dl, "deep.yaml", -1, -1, "nested more than 16 levels deep"));
	diag_list_release(&dl);
	/* ...and by the whole read when the nodes come last. */
	sb.len -= strlen("title: \"D\"\n");
	sb.buf[sb.len] = '\0';
	write_file(path, sb.buf);
	{
		struct pack *hp = NULL, *own = NULL;
		const struct scenario *w = NULL;
		assert_int_equal(pack_load(path, &p, &dl), -1);
		assert_true(has_diag(&dl, "deep.yaml", -1, -1, "nested more than 16 levels deep"));
		diag_list_release(&dl);
		/* An alias in nodes that come last: listed, refused when read whole. */
		write_file(path, "id: deep\ntitle: \"D\"\ndifficulty: 1\nstage: action\nmeters:\n"
			   "  r: {min: 0, max: 9, start: 1}\nstart: a\nnodes:\n  a: &x {say: \"a\"}\n  b: *x\n");
		assert_int_equal(pack_load_headers(path, &hp, &dl), 0);
		assert_int_equal(dl.errors, 0);
		assert_int_equal(scenario_read_whole(hp->scenarios[0], &own, &w, &dl), -1);
		assert_true(has_diag(&dl, "deep.yaml", 9, 6, "anchors (&x) are not allowed"));
		diag_list_release(&dl);
		pack_free(hp);
	}
	/* An alias inside the nodes, a key the header reads after them. */
	write_file(path, "id: deep\ndifficulty: 1\nstage: action\nnodes:\n  a: &x {say: \"a\"}\n  b: *x\ntitle: D\n");
	assert_int_equal(pack_load_headers(path, &p, &dl), -1);
	assert_true(has_diag(&dl, "deep.yaml", 5, 6, "anchors (&x) are not allowed"));
	diag_list_release(&dl);
	/* A file over the per-file cap is refused before it is read. */
	strbuf_release(&sb);
	strbuf_adds(&sb, "id: big\ntitle: \"B\"\n");
	while (sb.len <= 4 * 1024 * 1024)
		strbuf_adds(&sb, "# padding padding padding padding padding padding padding padding\n");
	write_file(path, sb.buf);
	assert_int_equal(pack_load_headers(path, &p, &dl), -1);
	assert_true(has_diag(&dl, "deep.yaml", 0, 0, "over the limit"));
	diag_list_release(&dl);
	strbuf_release(&sb);
	free(path);
}

static void test_filtered_parse_leaves_skipped_values_unbuilt(void **state)
{
	static const char *const skip[] = { "nodes", NULL };
	static const struct yamldoc_filter filter = { skip, 1u << 1 };
	static const struct yamldoc_limits lim = { .size_max = 1 << 20, .depth_max = 16 };
	const char text[] = "id: a\nnodes:\n  x: {say: [1, 2, 3]}\n  x: dup-inside-is-not-checked\ntitle: t\n"
			    "inner:\n  nodes: [kept, at, depth, two]\n";
	int problems = 0;
	struct yamldoc *doc = yamldoc_parse_filtered(text, strlen(text), &lim, &filter, no_report, &problems);

	(void)state;
	assert_non_null(doc);
	assert_int_equal(problems, 0);
	assert_int_equal(doc->root->n, 8);
	const struct yamldoc_node *nodes = doc->root->kids[3];
	assert_true(nodes->skipped);
	assert_int_equal(nodes->kind, YAMLDOC_MAP);
	assert_int_equal(nodes->n, 0);
	assert_int_equal(nodes->line, 3);
	assert_string_equal(doc->root->kids[5]->str, "t");
	assert_false(doc->root->kids[7]->kids[1]->skipped);
	assert_int_equal(doc->root->kids[7]->kids[1]->n, 4);
	yamldoc_free(doc);
	/* The whole parse of the same text finds the duplicate. */
	assert_null(yamldoc_parse(text, strlen(text), &lim, no_report, &problems));
	assert_int_equal(problems, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_read_equals_whole_read_for_every_bundled_scenario),
		cmocka_unit_test(test_broken_body_is_caught_located_when_read_whole),
		cmocka_unit_test(test_syntax_error_in_body_is_reported_as_a_whole_read_reports_it),
		cmocka_unit_test(test_syntax_error_before_body_is_reported_as_a_whole_read_reports_it),
		cmocka_unit_test(test_header_read_stops_only_when_nothing_but_body_follows),
		cmocka_unit_test(test_header_errors_are_still_found_by_the_header_read),
		cmocka_unit_test(test_file_changed_between_reads_gets_a_located_message),
		cmocka_unit_test(test_single_file_pack_with_bom_reads_alike),
		cmocka_unit_test(test_limits_hold_for_the_header_read),
		cmocka_unit_test(test_filtered_parse_leaves_skipped_values_unbuilt),
	};
	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
