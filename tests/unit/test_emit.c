/* Unit tests of the JSON and CSV writers: escaping, nesting, RFC 4180 quoting. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/emit.h"

static FILE *mem;
static char *buf;
static size_t len;

static int open_mem(void **state)
{
	(void)state;
	mem = open_memstream(&buf, &len);
	return mem ? 0 : -1;
}

static int close_mem(void **state)
{
	(void)state;
	fclose(mem);
	free(buf);
	buf = NULL;
	return 0;
}

static const char *text(void)
{
	fflush(mem);
	return buf;
}

static void test_json_escapes_quotes_controls_and_line_separators(void **state)
{
	struct json j;

	(void)state;
	json_init(&j, mem, false);
	json_string(&j, "a\"b\\c\nd\te\x1b[31m\x7f\xe2\x80\xa8z");
	assert_string_equal(text(), "\"a\\\"b\\\\c\\nd\\te\\u001b[31m\\u007f\\u2028z\"");
}

static void test_json_replaces_invalid_utf8(void **state)
{
	struct json j;

	(void)state;
	json_init(&j, mem, false);
	json_string(&j, "ok\xff\xc3(end \xc3\xa9");
	assert_string_equal(text(), "\"ok\\ufffd\\ufffd(end \xc3\xa9\"");
}

static void test_json_nests_objects_and_arrays_with_commas(void **state)
{
	struct json j;

	(void)state;
	json_init(&j, mem, false);
	json_object_begin(&j);
	json_kv_int(&j, "n", 3);
	json_key(&j, "list");
	json_array_begin(&j);
	json_int(&j, 1);
	json_string(&j, NULL);
	json_object_begin(&j);
	json_object_end(&j);
	json_array_end(&j);
	json_kv_bool(&j, "b", true);
	json_kv_double(&j, "x", 1.25, 2);
	json_kv_double(&j, "nan", NAN, 2);
	json_key(&j, "empty");
	json_array_begin(&j);
	json_array_end(&j);
	json_object_end(&j);
	assert_string_equal(text(), "{\"n\": 3,\"list\": [1,null,{}],\"b\": true,\"x\": 1.25,\"nan\": null,\"empty\": []}");
}

static void test_json_pretty_output_indents(void **state)
{
	struct json j;

	(void)state;
	json_init(&j, mem, true);
	json_object_begin(&j);
	json_kv_string(&j, "a", "b");
	json_key(&j, "c");
	json_array_begin(&j);
	json_int(&j, 1);
	json_array_end(&j);
	json_object_end(&j);
	json_newline(&j);
	assert_string_equal(text(), "{\n  \"a\": \"b\",\n  \"c\": [\n    1\n  ]\n}\n");
}

static void test_csv_quotes_per_rfc4180(void **state)
{
	struct csv c;

	(void)state;
	csv_init(&c, mem);
	csv_raw(&c, "plain");
	csv_text(&c, "a,b");
	csv_text(&c, "say \"no\"");
	csv_text(&c, "two\nlines");
	csv_text(&c, NULL);
	csv_int(&c, -4);
	csv_double(&c, 0.5, 2);
	csv_double(&c, INFINITY, 2);
	csv_row_end(&c);
	assert_string_equal(text(), "plain,\"a,b\",\"say \"\"no\"\"\",\"two\nlines\",,-4,0.50,\r\n");
}

static void test_csv_defuses_spreadsheet_formulas_in_text(void **state)
{
	struct csv c;

	(void)state;
	csv_init(&c, mem);
	csv_text(&c, "=HYPERLINK(\"x\")");
	csv_text(&c, "@SUM(A1)");
	csv_raw(&c, "-1");
	csv_row_end(&c);
	assert_string_equal(text(), "\"'=HYPERLINK(\"\"x\"\")\",\"'@SUM(A1)\",-1\r\n");
}

static void test_json_escapes_c1_controls(void **state)
{
	struct json j;

	(void)state;
	json_init(&j, mem, false);
	json_string(&j, "a\xc2\x9b" "2Jb");
	assert_string_equal(text(), "\"a\\u009b2Jb\"");
}

static void test_csv_shows_control_characters_inert(void **state)
{
	struct csv c;

	(void)state;
	csv_init(&c, mem);
	csv_text(&c, "red \x1b[31mx\x7f\xc2\x9b" "2J tab\tok caf\xc3\xa9");
	csv_row_end(&c);
	assert_string_equal(text(), "red ^[[31mx^?\xef\xbf\xbd" "2J tab\tok caf\xc3\xa9\r\n");
	assert_null(strchr(text(), 0x1b));
}

static void test_bidi_controls_never_reach_the_output_raw(void **state)
{
	struct json j;
	struct csv c;

	(void)state;
	/* U+202E (right-to-left override) and U+2066 (isolate) reorder what a
	 * terminal shows; JSON escapes them, CSV replaces them. */
	json_init(&j, mem, false);
	json_string(&j, "evil\xe2\x80\xae" "txt.exe \xe2\x81\xa6x");
	assert_string_equal(text(), "\"evil\\u202etxt.exe \\u2066x\"");
	close_mem(state);
	assert_int_equal(open_mem(state), 0);
	csv_init(&c, mem);
	csv_text(&c, "evil\xe2\x80\xae" "txt \xe2\x80\xa8");
	csv_row_end(&c);
	assert_string_equal(text(), "evil\xef\xbf\xbdtxt \xef\xbf\xbd\r\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_json_escapes_quotes_controls_and_line_separators, open_mem, close_mem),
		cmocka_unit_test_setup_teardown(test_json_replaces_invalid_utf8, open_mem, close_mem),
		cmocka_unit_test_setup_teardown(test_json_nests_objects_and_arrays_with_commas, open_mem, close_mem),
		cmocka_unit_test_setup_teardown(test_json_pretty_output_indents, open_mem, close_mem),
		cmocka_unit_test_setup_teardown(test_csv_quotes_per_rfc4180, open_mem, close_mem),
		cmocka_unit_test_setup_teardown(test_csv_defuses_spreadsheet_formulas_in_text, open_mem, close_mem),
		cmocka_unit_test_setup_teardown(test_json_escapes_c1_controls, open_mem, close_mem),
		cmocka_unit_test_setup_teardown(test_csv_shows_control_characters_inert, open_mem, close_mem),
		cmocka_unit_test_setup_teardown(test_bidi_controls_never_reach_the_output_raw, open_mem, close_mem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
