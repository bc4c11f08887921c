/* Unit tests for ui_grid.c: the in-memory screen of dump mode holds what a
 * terminal would show, wide characters and all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ui/ui_grid.h"

/* The grid's text, for comparing. */
static char *text_of(const struct ui_grid *g)
{
	struct strbuf sb = {0};

	grid_text(g, &sb);
	return strbuf_detach(&sb);
}

static void assert_text(const struct ui_grid *g, const char *want)
{
	char *t = text_of(g);

	assert_string_equal(t, want);
	free(t);
}

static void put_ascii(struct ui_grid *g, int y, int x, const char *s)
{
	for (int i = 0; s[i]; i++)
		grid_put(g, y, x + i, (char[]){ s[i], '\0' }, 1);
}

static void test_blank_grid_is_empty_lines(void **state)
{
	struct ui_grid *g = grid_new(3, 5);
	int rows, cols;

	(void)state;
	grid_size(g, &rows, &cols);
	assert_int_equal(rows, 3);
	assert_int_equal(cols, 5);
	assert_text(g, "\n\n\n");
	grid_free(g);
}

static void test_blanks_at_the_end_of_a_row_are_left_off_but_not_inside(void **state)
{
	struct ui_grid *g = grid_new(2, 10);

	(void)state;
	put_ascii(g, 0, 1, "a b");
	put_ascii(g, 1, 0, "c   ");
	assert_text(g, " a b\nc\n");
	grid_free(g);
}

static void test_wide_character_takes_two_cells(void **state)
{
	struct ui_grid *g = grid_new(1, 6);

	(void)state;
	grid_put(g, 0, 0, "\xe4\xb8\xad", 2);  /* 中 */
	put_ascii(g, 0, 2, "ab");
	assert_text(g, "\xe4\xb8\xad" "ab\n");
	grid_free(g);
}

static void test_writing_on_half_a_wide_character_blanks_the_other_half(void **state)
{
	struct ui_grid *g = grid_new(2, 6);

	(void)state;
	grid_put(g, 0, 0, "\xe4\xb8\xad", 2);
	put_ascii(g, 0, 1, "x");               /* its right half */
	grid_put(g, 1, 0, "\xe4\xb8\xad", 2);
	put_ascii(g, 1, 0, "y");               /* its left half */
	assert_text(g, " x\ny\n");
	grid_free(g);
}

static void test_wide_character_over_two_wide_ones_blanks_both_halves(void **state)
{
	struct ui_grid *g = grid_new(1, 6);

	(void)state;
	grid_put(g, 0, 0, "\xe4\xb8\xad", 2);
	grid_put(g, 0, 2, "\xe6\x96\x87", 2);  /* 文 */
	grid_put(g, 0, 1, "\xf0\x9f\x98\x80", 2);  /* 😀 over the halves of both */
	put_ascii(g, 0, 4, "z");
	assert_text(g, " \xf0\x9f\x98\x80 z\n");
	grid_free(g);
}

static void test_a_character_that_does_not_fit_is_not_drawn(void **state)
{
	struct ui_grid *g = grid_new(1, 3);

	(void)state;
	put_ascii(g, 0, 0, "ab");
	grid_put(g, 0, 2, "\xe4\xb8\xad", 2);  /* would need columns 2 and 3 */
	grid_put(g, 0, -1, "x", 1);
	grid_put(g, 1, 0, "x", 1);
	grid_put(g, 0, 3, "x", 1);
	assert_text(g, "ab\n");
	grid_free(g);
}

static void test_combining_marks_stay_with_their_character(void **state)
{
	struct ui_grid *g = grid_new(1, 4);

	(void)state;
	grid_put(g, 0, 0, "e\xcc\x81", 1);     /* e + combining acute */
	put_ascii(g, 0, 1, "!");
	assert_text(g, "e\xcc\x81!\n");
	grid_free(g);
}

static void test_clear_and_resize_leave_the_grid_blank(void **state)
{
	struct ui_grid *g = grid_new(2, 4);
	int rows, cols;

	(void)state;
	put_ascii(g, 0, 0, "abcd");
	grid_clear(g);
	assert_text(g, "\n\n");
	put_ascii(g, 1, 0, "abcd");
	grid_resize(g, 3, 2);
	grid_size(g, &rows, &cols);
	assert_int_equal(rows, 3);
	assert_int_equal(cols, 2);
	assert_text(g, "\n\n\n");
	put_ascii(g, 2, 0, "xyz");             /* z is past the new edge */
	assert_text(g, "\n\nxy\n");
	grid_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blank_grid_is_empty_lines),
		cmocka_unit_test(test_blanks_at_the_end_of_a_row_are_left_off_but_not_inside),
		cmocka_unit_test(test_wide_character_takes_two_cells),
		cmocka_unit_test(test_writing_on_half_a_wide_character_blanks_the_other_half),
		cmocka_unit_test(test_wide_character_over_two_wide_ones_blanks_both_halves),
		cmocka_unit_test(test_a_character_that_does_not_fit_is_not_drawn),
		cmocka_unit_test(test_combining_marks_stay_with_their_character),
		cmocka_unit_test(test_clear_and_resize_leave_the_grid_blank),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
