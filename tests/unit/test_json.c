/* Unit tests of json.c: the strict reader for result and recovery files,
 * and its typed members with located errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/json.h"
#include "core/util.h"

static struct json_value *parse_ok(const char *s)
{
	struct json_value *v = NULL;
	struct error err = {0};
	int rc = json_parse(s, strlen(s), "t.json", &v, &err);
	if (rc)
		fail_msg("unexpected error: %s", err.msg);
	return v;
}

static void parse_bad(const char *s, const char *want)
{
	struct json_value *v = NULL;
	struct error err = {0};
	assert_int_equal(json_parse(s, strlen(s), "t.json", &v, &err), -1);
	assert_null(v);
	assert_int_equal(err.status, EXIT_DATAERR);
	if (!strstr(err.msg, want))
		fail_msg("message '%s' lacks '%s'", err.msg, want);
}

static void test_objects_arrays_and_scalars_read_back(void **state)
{
	(void)state;
	struct json_value *v = parse_ok(" {\"a\": [1, -2.5, 3e2, true, false, null], \"b\": {\"c\": \"d\"}} ");
	assert_int_equal(v->type, JSON_OBJECT);
	const struct json_value *a = json_member(v, "a");
	assert_non_null(a);
	assert_int_equal(a->n, 6);
	assert_true(a->items[0].is_int);
	assert_int_equal(a->items[0].integer, 1);
	assert_false(a->items[1].is_int);
	assert_true(a->items[1].number == -2.5);
	assert_true(a->items[2].number == 300);
	assert_true(a->items[3].boolean);
	assert_int_equal(a->items[5].type, JSON_NULL);
	assert_string_equal(json_member_string(json_member(v, "b"), "c", NULL), "d");
	assert_null(json_member(v, "zz"));
	json_value_free(v);
}

static void test_escapes_and_surrogate_pairs_decode_to_utf8(void **state)
{
	(void)state;
	struct json_value *v = parse_ok("\"q\\\"\\\\\\/\\n\\u00e9\\ud83d\\ude42\"");
	assert_string_equal(v->string, "q\"\\/\n\xc3\xa9\xf0\x9f\x99\x82");
	json_value_free(v);
}

static void test_value_spans_cover_their_bytes(void **state)
{
	(void)state;
	const char *s = "{\"x\": {\"y\": [1,2]} }";
	struct json_value *v = parse_ok(s);
	const struct json_value *x = json_member(v, "x");
	assert_int_equal(x->end - x->start, strlen("{\"y\": [1,2]}"));
	assert_memory_equal(s + x->start, "{\"y\": [1,2]}", x->end - x->start);
	json_value_free(v);
}

static void test_truncated_document_is_refused_with_place(void **state)
{
	(void)state;
	parse_bad("{\"a\": [1, 2", "truncated");
	/* Cut off inside a literal: the file looks truncated (issue 17). */
	parse_bad("{\"ok\": fal", "expected a value (true, false or null) (the file ends here; is it truncated?)");
	parse_bad("{\"ok\": nu", "is it truncated?");
	parse_bad("{\"ok\": fals }", "t.json:1:8: error: expected a value (true, false or null?)");
	parse_bad("{\"a\": \"open", "unterminated string");
	parse_bad("", "t.json:1:1");
}

static void test_errors_name_line_and_column(void **state)
{
	(void)state;
	parse_bad("{\n  \"a\": 1,\n  \"b\" 2\n}", "t.json:3:7: error: expected ':'");
}

static void test_duplicate_keys_trailing_commas_and_comments_are_refused(void **state)
{
	(void)state;
	parse_bad("{\"a\": 1, \"a\": 2}", "duplicate member name 'a'");
	parse_bad("[1, 2,]", "trailing comma");
	parse_bad("{\"a\": 1,}", "trailing comma");
	parse_bad("// hi\n{}", "expected a value");
	parse_bad("{} {}", "unexpected text");
}

static void test_bad_numbers_strings_and_bytes_are_refused(void **state)
{
	(void)state;
	parse_bad("012", "may not start with 0");
	parse_bad("1.", "digit must follow");
	parse_bad("1e999", "out of range");
	parse_bad("\"a\x01\"", "control character");
	parse_bad("\"\\u0000\"", "NUL");
	parse_bad("\"\\ud800x\"", "surrogate");
	parse_bad("\"\xff\"", "invalid UTF-8");
	parse_bad("tru", "expected a value");
}

static void test_deep_nesting_is_refused_not_crashed(void **state)
{
	(void)state;
	char *s = xmalloc(100001);
	memset(s, '[', 100000);
	s[100000] = '\0';
	parse_bad(s, "nested too deeply");
	free(s);
}

static void test_typed_members_read_with_their_type_range_and_place(void **state)
{
	struct json_value *v = parse_ok("{\"s\": \"text\", \"n\": 7, \"r\": 0.5, \"b\": true,\n"
					"\"t\": \"2026-11-25T19:30:00Z\", \"z\": null, \"big\": 900}");
	struct error err = {0};
	struct json_reader R = { .file = "t.json", .err = &err };
	char *s = NULL, *t = NULL, *z = xstrdup("old");
	long long n = 0, missing = 5;
	double r = 0;
	bool b = false;
	(void)state;

	assert_int_equal(json_get_str(&R, v, "s", 0, 10, &s), 0);
	assert_string_equal(s, "text");
	assert_int_equal(json_get_int(&R, v, "n", 0, 0, 10, &n), 0);
	assert_int_equal(n, 7);
	assert_int_equal(json_get_real(&R, v, "r", 0, 0, 1, &r), 0);
	assert_true(r == 0.5);
	assert_int_equal(json_get_bool(&R, v, "b", 0, &b), 0);
	assert_true(b);
	assert_int_equal(json_get_time(&R, v, "t", 0, &t), 0);
	assert_string_equal(t, "2026-11-25T19:30:00Z");
	/* Optional and nullable members leave their default, or become NULL. */
	assert_int_equal(json_get_int(&R, v, "nope", JSON_OPTIONAL, 0, 10, &missing), 0);
	assert_int_equal(missing, 5);
	assert_int_equal(json_get_str(&R, v, "z", JSON_NULLABLE, 10, &z), 0);
	assert_null(z);
	/* Each refusal says where and what. */
	assert_int_equal(json_get_int(&R, v, "nope", 0, 0, 10, &n), -1);
	assert_non_null(strstr(err.msg, "t.json:1:1: error: 'nope' is missing"));
	assert_int_equal(json_get_int(&R, v, "big", 0, 0, 100, &n), -1);
	assert_non_null(strstr(err.msg, "t.json:2:"));
	assert_non_null(strstr(err.msg, "'big' should be a whole number from 0 to 100"));
	assert_int_equal(json_get_str(&R, v, "n", 0, 10, &s), -1);
	assert_non_null(strstr(err.msg, "'n' should be a string, not a number"));
	assert_int_equal(json_get_str(&R, v, "s", 0, 2, &s), -1);
	assert_non_null(strstr(err.msg, "'s' is too long"));
	assert_int_equal(json_get_time(&R, v, "s", 0, &t), -1);
	assert_non_null(strstr(err.msg, "should be a time"));
	assert_int_equal(json_get_bool(&R, v, "z", 0, &b), -1);
	assert_int_equal(err.status, EXIT_DATAERR);
	free(s);
	free(t);
	json_value_free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_objects_arrays_and_scalars_read_back),
		cmocka_unit_test(test_escapes_and_surrogate_pairs_decode_to_utf8),
		cmocka_unit_test(test_value_spans_cover_their_bytes),
		cmocka_unit_test(test_truncated_document_is_refused_with_place),
		cmocka_unit_test(test_errors_name_line_and_column),
		cmocka_unit_test(test_duplicate_keys_trailing_commas_and_comments_are_refused),
		cmocka_unit_test(test_bad_numbers_strings_and_bytes_are_refused),
		cmocka_unit_test(test_deep_nesting_is_refused_not_crashed),
		cmocka_unit_test(test_typed_members_read_with_their_type_range_and_place),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
