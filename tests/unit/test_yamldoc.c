/* Unit tests of yamldoc.c: untrusted YAML to a tree with marks, every
 * refusal located, and the caps set by the caller. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "yaml/yamldoc.h"

enum { SEEN_MAX = 16 };

/* The problems reported by one parse. */
struct seen {
	size_t n;
	struct yamldoc_problem p[SEEN_MAX];
	char text[SEEN_MAX][64];
};

static void record(void *ctx, const struct yamldoc_problem *p)
{
	struct seen *s = ctx;

	if (s->n < SEEN_MAX) {
		s->p[s->n] = *p;
		snprintf(s->text[s->n], sizeof s->text[0], "%s", p->text ? p->text : "");
		s->n++;
	}
}

static const struct yamldoc_limits roomy = { .size_max = 1 << 20, .depth_max = 16, .kids_max = 8192 };

static struct yamldoc *parse(const char *text, const struct yamldoc_limits *lim, struct seen *s)
{
	memset(s, 0, sizeof *s);
	return yamldoc_parse(text, strlen(text), lim, record, s);
}

/* One problem of this kind at line:col, or the test fails. */
static void assert_one_problem(const struct seen *s, enum yamldoc_problem_kind kind, int line, int col)
{
	assert_int_equal(s->n, 1);
	assert_int_equal(s->p[0].kind, kind);
	assert_int_equal(s->p[0].line, line);
	assert_int_equal(s->p[0].col, col);
}

static void test_tree_keeps_marks_for_every_key_and_value(void **state)
{
	struct seen s;
	struct yamldoc *doc = parse("id: talk\nsay:\n  - hello\n  - \"quoted\"\nn: {a: 1}\n", &roomy, &s);
	const struct yamldoc_node *root, *say;
	(void)state;

	assert_non_null(doc);
	assert_int_equal(s.n, 0);
	root = doc->root;
	assert_int_equal(root->kind, YAMLDOC_MAP);
	assert_int_equal(root->n, 6); /* three keys, three values */
	assert_string_equal(root->kids[2]->str, "say");
	assert_int_equal(root->kids[2]->line, 2);
	assert_int_equal(root->kids[2]->col, 1);
	say = root->kids[3];
	assert_int_equal(say->kind, YAMLDOC_LIST);
	assert_int_equal(say->n, 2);
	assert_true(say->kids[0]->plain);
	assert_false(say->kids[1]->plain);
	assert_string_equal(say->kids[1]->str, "quoted");
	assert_int_equal(say->kids[1]->len, 6);
	assert_int_equal(say->kids[1]->line, 4);
	assert_int_equal(say->kids[1]->col, 5);
	assert_int_equal(root->kids[5]->kind, YAMLDOC_MAP);
	assert_int_equal(root->kids[5]->kids[1]->col, 8);
	yamldoc_free(doc);
}

static void test_anchors_aliases_and_tags_are_refused_where_they_are(void **state)
{
	struct seen s;
	(void)state;

	assert_null(parse("a: 1\nb: &x 2\n", &roomy, &s));
	assert_one_problem(&s, YAMLDOC_ANCHOR, 2, 4);
	assert_string_equal(s.text[0], "x");
	assert_null(parse("a: [1, *x]\n", &roomy, &s));
	assert_one_problem(&s, YAMLDOC_ALIAS, 1, 8);
	assert_null(parse("a: !!str 1\n", &roomy, &s));
	assert_one_problem(&s, YAMLDOC_TAG, 1, 4);
}

static void test_every_duplicate_key_is_reported_in_a_large_mapping(void **state)
{
	char text[4096] = "";
	struct seen s;
	(void)state;

	/* 40 keys, the sorted path: k3 and k7 each come back once. */
	for (int i = 0; i < 40; i++)
		snprintf(text + strlen(text), sizeof text - strlen(text), "k%d: 1\n",
			 i == 20 ? 3 : i == 30 ? 7 : i);
	assert_null(parse(text, &roomy, &s));
	assert_int_equal(s.n, 2);
	assert_int_equal(s.p[0].kind, YAMLDOC_DUPLICATE_KEY);
	assert_string_equal(s.text[0], "k3");
	assert_int_equal(s.p[0].line, 21);
	assert_int_equal(s.p[0].first_line, 4);
	assert_string_equal(s.text[1], "k7");
	assert_int_equal(s.p[1].first_line, 8);
}

static void test_stop_at_duplicate_reports_the_first_repeat_and_nothing_after(void **state)
{
	struct yamldoc_limits lim = roomy;
	struct seen s;
	(void)state;

	lim.stop_at_duplicate = true;
	assert_null(parse("a: 1\nb: 2\na: 3\nb: 4\nc: &x 5\n", &lim, &s));
	assert_one_problem(&s, YAMLDOC_DUPLICATE_KEY, 3, 1);
	assert_int_equal(s.p[0].first_line, 1);
}

static void test_caps_come_from_the_caller(void **state)
{
	struct yamldoc_limits lim = roomy;
	struct seen s;
	(void)state;

	lim.depth_max = 2;
	assert_null(parse("a: [[1]]\n", &lim, &s));
	assert_one_problem(&s, YAMLDOC_TOO_DEEP, 1, 5);
	lim = roomy;
	lim.kids_max = 4;
	assert_null(parse("a: [1, 2, 3, 4, 5]\n", &lim, &s));
	assert_one_problem(&s, YAMLDOC_TOO_MANY_KIDS, 1, 17);
	assert_false(s.p[0].in_map);
	lim = roomy;
	lim.events_max = 8;
	assert_null(parse("a: [1, 2, 3, 4, 5]\n", &lim, &s));
	assert_int_equal(s.p[0].kind, YAMLDOC_TOO_MANY_EVENTS);
	lim = roomy;
	lim.size_max = 4;
	assert_null(parse("a: 12\n", &lim, &s));
	assert_int_equal(s.p[0].kind, YAMLDOC_TOO_LARGE);
	assert_int_equal(s.p[0].size, 6);
}

static void test_bad_text_is_located_to_the_character(void **state)
{
	struct seen s;
	(void)state;

	assert_null(parse("a: 1\nb: caf\xc3\xa9 \xff\n", &roomy, &s));
	assert_one_problem(&s, YAMLDOC_BAD_UTF8, 2, 9);
	assert_int_equal(s.p[0].byte, 0xff);
	memset(&s, 0, sizeof s);
	assert_null(yamldoc_parse("a: 1\n\0", 6, &roomy, record, &s));
	assert_one_problem(&s, YAMLDOC_BINARY, 2, 1);
	assert_null(parse("a: \"x\\0y\"\n", &roomy, &s));
	assert_one_problem(&s, YAMLDOC_NUL_IN_VALUE, 1, 4);
	assert_null(parse("a: \x01\n", &roomy, &s));
	assert_one_problem(&s, YAMLDOC_READER, 1, 4);
}

static void test_empty_text_and_second_documents_are_refused(void **state)
{
	struct seen s;
	(void)state;

	assert_null(parse("", &roomy, &s));
	assert_one_problem(&s, YAMLDOC_EMPTY, 1, 1);
	assert_null(parse("# only a comment\n\n", &roomy, &s));
	assert_one_problem(&s, YAMLDOC_NO_CONTENT, 1, 1);
	assert_null(parse("a: 1\n---\nb: 2\n", &roomy, &s));
	assert_one_problem(&s, YAMLDOC_SECOND_DOCUMENT, 2, 1);
	assert_null(parse("? [a]\n: 1\n", &roomy, &s));
	assert_one_problem(&s, YAMLDOC_COMPLEX_KEY, 1, 3);
}

static void test_syntax_errors_carry_libyaml_words_and_a_tab_flag(void **state)
{
	struct seen s;
	(void)state;

	assert_null(parse("id: x\n\tb: 1\n", &roomy, &s));
	assert_int_equal(s.n, 1);
	assert_int_equal(s.p[0].kind, YAMLDOC_SYNTAX);
	assert_true(s.p[0].tab);
	assert_int_equal(s.p[0].line, 2);
	assert_true(strlen(s.text[0]) > 0);
}

static void test_a_leading_byte_order_mark_is_skipped_and_marks_stay_right(void **state)
{
	struct seen s;
	struct yamldoc *doc = parse("\xef\xbb\xbf---\nid: talk\nsay: hi\n", &roomy, &s);

	(void)state;
	assert_non_null(doc);
	assert_int_equal(s.n, 0);
	assert_string_equal(doc->root->kids[0]->str, "id");
	assert_int_equal(doc->root->kids[0]->line, 2);
	assert_int_equal(doc->root->kids[0]->col, 1);
	yamldoc_free(doc);
	/* On the first line, the first character is column 1. */
	doc = parse("\xef\xbb\xbfid: talk\nsay: [hi\n", &roomy, &s);
	assert_null(doc);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.p[0].kind, YAMLDOC_SYNTAX);
	assert_int_equal(s.p[0].context_line, 2);
	doc = parse("\xef\xbb\xbf{id: talk, say: [1, 2}\n", &roomy, &s);
	assert_null(doc);
	assert_int_equal(s.p[0].line, 1);
	assert_int_equal(s.p[0].col, 22);
	doc = parse("\xef\xbb\xbf", &roomy, &s);
	assert_null(doc);
	assert_one_problem(&s, YAMLDOC_EMPTY, 1, 1);
}

static void test_a_byte_order_mark_after_the_start_is_refused_where_it_is(void **state)
{
	struct seen s;
	(void)state;

	assert_null(parse("\xef\xbb\xbf\xef\xbb\xbfid: two\n", &roomy, &s));
	assert_one_problem(&s, YAMLDOC_READER, 1, 1);
	assert_non_null(strstr(s.text[0], "byte-order mark"));
	assert_null(parse("id: talk\nsay: \"h\xef\xbb\xbfi\"\n", &roomy, &s));
	assert_one_problem(&s, YAMLDOC_READER, 2, 8);
	assert_int_equal(s.p[0].mark_line, 2);
	assert_int_equal(s.p[0].mark_col, 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree_keeps_marks_for_every_key_and_value),
		cmocka_unit_test(test_anchors_aliases_and_tags_are_refused_where_they_are),
		cmocka_unit_test(test_every_duplicate_key_is_reported_in_a_large_mapping),
		cmocka_unit_test(test_stop_at_duplicate_reports_the_first_repeat_and_nothing_after),
		cmocka_unit_test(test_caps_come_from_the_caller),
		cmocka_unit_test(test_bad_text_is_located_to_the_character),
		cmocka_unit_test(test_empty_text_and_second_documents_are_refused),
		cmocka_unit_test(test_syntax_errors_carry_libyaml_words_and_a_tab_flag),
		cmocka_unit_test(test_a_leading_byte_order_mark_is_skipped_and_marks_stay_right),
		cmocka_unit_test(test_a_byte_order_mark_after_the_start_is_refused_where_it_is),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
