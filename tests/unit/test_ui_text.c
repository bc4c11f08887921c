/* Unit tests for ui_text.c: widths in display columns, wrapping, the line
 * editor, sparklines and gauges. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ui/ui_text.h"

static int setup_locale(void **state)
{
	(void)state;
	if (!setlocale(LC_ALL, "C.UTF-8") && !setlocale(LC_ALL, "en_US.UTF-8"))
		return -1;
	return 0;
}

static void test_width_counts_columns_not_bytes(void **state)
{
	(void)state;
	assert_int_equal(ui_text_width("abc", 3), 3);
	assert_int_equal(ui_text_width("caf\xc3\xa9", 5), 4);            /* café */
	assert_int_equal(ui_text_width("\xe4\xb8\xad\xe6\x96\x87", 6), 4); /* 中文 */
	assert_int_equal(ui_text_width("\xf0\x9f\x98\x80", 4), 2);        /* 😀 */
	assert_int_equal(ui_text_width("e\xcc\x81", 3), 1);               /* e + combining acute */
}

static void test_control_characters_are_drawn_inert(void **state)
{
	char out[16];
	(void)state;
	assert_int_equal(ui_text_width("\x1b[2J", 4), 5);  /* ^[[2J */
	ui_text_char_inert(0x1b, out);
	assert_string_equal(out, "^[");
	ui_text_char_inert(0x202e, out);
	assert_string_equal(out, "\\u202e");
	assert_int_equal(ui_text_char_cols(0x202e), 6);
	ui_text_char_inert(0x9b, out);  /* C1 CSI */
	assert_string_equal(out, "\\u009b");
}

static void test_invalid_utf8_decodes_to_replacement_one_byte_at_a_time(void **state)
{
	uint32_t cp;
	(void)state;
	assert_int_equal(ui_text_decode("\xff" "a", 2, &cp), 1);
	assert_int_equal(cp, 0xfffd);
	assert_int_equal(ui_text_decode("\xe4\xb8", 2, &cp), 1);  /* truncated */
	assert_int_equal(cp, 0xfffd);
	assert_int_equal(ui_text_decode("\xc0\xaf", 2, &cp), 1);  /* overlong */
	assert_int_equal(ui_text_width("\xff\xfe", 2), 2);
}

static void test_fit_never_splits_a_wide_character(void **state)
{
	int used;
	(void)state;
	/* 中文字: 6 columns; 5 columns hold only the first two characters. */
	assert_int_equal(ui_text_fit("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 9, 5, &used), 6);
	assert_int_equal(used, 4);
	assert_int_equal(ui_text_fit("abc", 3, 10, &used), 3);
	assert_int_equal(used, 3);
}

static char *line_of(const char *s, const struct ui_span *l)
{
	return strndup(s + l->start, l->len);
}

static void expect_lines(const char *s, int cols, const char *const *want, size_t nwant)
{
	struct ui_span *lines;
	size_t n = ui_text_wrap(s, cols, &lines);

	assert_int_equal(n, nwant);
	for (size_t i = 0; i < n; i++) {
		char *got = line_of(s, &lines[i]);
		assert_string_equal(got, want[i]);
		assert_true(ui_text_width(s + lines[i].start, lines[i].len) <= cols);
		free(got);
	}
	free(lines);
}

static void test_wrap_breaks_at_spaces(void **state)
{
	static const char *const want[] = { "You feel", "torn about", "drinking." };
	(void)state;
	expect_lines("You feel torn about drinking.", 10, want, 3);
}

static void test_wrap_breaks_a_long_word_between_characters(void **state)
{
	static const char *const want[] = { "abcd", "efgh", "ij" };
	(void)state;
	expect_lines("abcdefghij", 4, want, 3);
}

static void test_wrap_measures_wide_characters(void **state)
{
	/* 中文中文中 is 10 columns; at 5 columns two characters fit a line. */
	static const char *const want[] = {
		"\xe4\xb8\xad\xe6\x96\x87", "\xe4\xb8\xad\xe6\x96\x87", "\xe4\xb8\xad",
	};
	(void)state;
	expect_lines("\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad", 5, want, 3);
}

static void test_wrap_keeps_newlines_and_empty_text(void **state)
{
	static const char *const want[] = { "one", "", "two" };
	static const char *const empty[] = { "" };
	(void)state;
	expect_lines("one\n\ntwo", 20, want, 3);
	expect_lines("", 20, empty, 1);
}

static void test_match_needs_every_word_in_any_case(void **state)
{
	(void)state;
	assert_true(ui_text_match("Alcohol at the GP", "gp alc"));
	assert_false(ui_text_match("Alcohol at the GP", "gp smoking"));
	assert_true(ui_text_match("anything", ""));
	assert_true(ui_text_match("anything", "   "));
}

static void test_spark_scales_values_to_eight_bars(void **state)
{
	struct strbuf sb = {0};
	double v[] = { 0, 50, 100, 150, -5 };
	(void)state;
	ui_text_spark(v, 5, 0, 100, &sb);
	assert_string_equal(sb.buf, "\u2581\u2585\u2588\u2588\u2581");
	strbuf_release(&sb);
}

static void test_gauge_rounds_and_clamps(void **state)
{
	(void)state;
	assert_int_equal(ui_text_gauge(0, 0, 10, 20), 0);
	assert_int_equal(ui_text_gauge(5, 0, 10, 20), 10);
	assert_int_equal(ui_text_gauge(10, 0, 10, 20), 20);
	assert_int_equal(ui_text_gauge(12, 0, 10, 20), 20);
	assert_int_equal(ui_text_gauge(-3, 0, 10, 20), 0);
	assert_int_equal(ui_text_gauge(1, 0, 3, 10), 3);
	assert_int_equal(ui_text_gauge(5, 5, 5, 10), 0);
}

static void type(struct ui_edit *e, const char *s)
{
	size_t i = 0, n = strlen(s);
	uint32_t cp;
	while (i < n) {
		i += ui_text_decode(s + i, n - i, &cp);
		ui_edit_insert(e, cp);
	}
}

static void test_edit_inserts_at_the_cursor(void **state)
{
	struct ui_edit e = {0};
	(void)state;
	assert_string_equal(ui_edit_text(&e), "");
	type(&e, "helo");
	ui_edit_apply(&e, EDIT_LEFT);
	ui_edit_apply(&e, EDIT_LEFT);
	type(&e, "l");
	assert_string_equal(ui_edit_text(&e), "hello");
	ui_edit_apply(&e, EDIT_HOME);
	type(&e, ">");
	ui_edit_apply(&e, EDIT_END);
	type(&e, "!");
	assert_string_equal(ui_edit_text(&e), ">hello!");
	ui_edit_release(&e);
}

static void test_edit_moves_and_deletes_whole_characters(void **state)
{
	struct ui_edit e = {0};
	(void)state;
	type(&e, "caf\xc3\xa9 \xe4\xb8\xad\xf0\x9f\x98\x80");  /* café 中😀 */
	ui_edit_apply(&e, EDIT_BACKSPACE);                   /* the emoji */
	assert_string_equal(ui_edit_text(&e), "caf\xc3\xa9 \xe4\xb8\xad");
	ui_edit_apply(&e, EDIT_HOME);
	ui_edit_apply(&e, EDIT_RIGHT);
	ui_edit_apply(&e, EDIT_RIGHT);
	ui_edit_apply(&e, EDIT_RIGHT);
	ui_edit_apply(&e, EDIT_DELETE);                      /* é, two bytes */
	assert_string_equal(ui_edit_text(&e), "caf \xe4\xb8\xad");
	ui_edit_release(&e);
}

static void test_edit_treats_a_combining_mark_with_its_base(void **state)
{
	struct ui_edit e = {0};
	(void)state;
	type(&e, "ae\xcc\x81");  /* a, e + combining acute */
	ui_edit_apply(&e, EDIT_LEFT);
	assert_int_equal(e.cursor, 1);
	ui_edit_apply(&e, EDIT_END);
	ui_edit_apply(&e, EDIT_BACKSPACE);
	assert_string_equal(ui_edit_text(&e), "a");
	ui_edit_release(&e);
}

static void test_edit_kills_word_start_and_end(void **state)
{
	struct ui_edit e = {0};
	(void)state;
	type(&e, "you want to stop  ");
	ui_edit_apply(&e, EDIT_KILL_WORD);
	assert_string_equal(ui_edit_text(&e), "you want to ");
	ui_edit_apply(&e, EDIT_WORD_LEFT);
	ui_edit_apply(&e, EDIT_WORD_LEFT);
	assert_int_equal(e.cursor, 4);
	ui_edit_apply(&e, EDIT_KILL_END);
	assert_string_equal(ui_edit_text(&e), "you ");
	ui_edit_apply(&e, EDIT_KILL_START);
	assert_string_equal(ui_edit_text(&e), "");
	assert_int_equal(e.cursor, 0);
	ui_edit_release(&e);
}

static void test_edit_refuses_control_characters(void **state)
{
	struct ui_edit e = {0};
	(void)state;
	assert_false(ui_edit_insert(&e, 0x1b));
	assert_false(ui_edit_insert(&e, 0x202e));
	assert_false(ui_edit_insert(&e, 0x85));
	assert_true(ui_edit_insert(&e, '\t'));  /* becomes a space */
	assert_string_equal(ui_edit_text(&e), " ");
	ui_edit_release(&e);
}

static void test_edit_cursor_follows_wrapped_lines(void **state)
{
	struct ui_edit e = {0};
	struct ui_span *lines;
	size_t n;
	int row, col;
	(void)state;
	type(&e, "You feel torn about drinking.");
	n = ui_text_wrap(ui_edit_text(&e), 10, &lines);
	ui_edit_cursor(&e, lines, n, 10, &row, &col);
	assert_int_equal(row, 2);
	assert_int_equal(col, 9);
	ui_edit_apply(&e, EDIT_HOME);
	ui_edit_cursor(&e, lines, n, 10, &row, &col);
	assert_int_equal(row, 0);
	assert_int_equal(col, 0);
	free(lines);
	ui_edit_set(&e, "abcd");
	n = ui_text_wrap(ui_edit_text(&e), 4, &lines);
	ui_edit_cursor(&e, lines, n, 4, &row, &col);  /* past a full line */
	assert_int_equal(row, 1);
	assert_int_equal(col, 0);
	free(lines);
	ui_edit_release(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width_counts_columns_not_bytes),
		cmocka_unit_test(test_control_characters_are_drawn_inert),
		cmocka_unit_test(test_invalid_utf8_decodes_to_replacement_one_byte_at_a_time),
		cmocka_unit_test(test_fit_never_splits_a_wide_character),
		cmocka_unit_test(test_wrap_breaks_at_spaces),
		cmocka_unit_test(test_wrap_breaks_a_long_word_between_characters),
		cmocka_unit_test(test_wrap_measures_wide_characters),
		cmocka_unit_test(test_wrap_keeps_newlines_and_empty_text),
		cmocka_unit_test(test_match_needs_every_word_in_any_case),
		cmocka_unit_test(test_spark_scales_values_to_eight_bars),
		cmocka_unit_test(test_gauge_rounds_and_clamps),
		cmocka_unit_test(test_edit_inserts_at_the_cursor),
		cmocka_unit_test(test_edit_moves_and_deletes_whole_characters),
		cmocka_unit_test(test_edit_treats_a_combining_mark_with_its_base),
		cmocka_unit_test(test_edit_kills_word_start_and_end),
		cmocka_unit_test(test_edit_refuses_control_characters),
		cmocka_unit_test(test_edit_cursor_follows_wrapped_lines),
	};
	return cmocka_run_group_tests(tests, setup_locale, NULL);
}
