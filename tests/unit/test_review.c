/* Unit tests of the review commands' shared helpers: wrapping in display
 * columns, inert text, sparklines, code lists, dates, and the filter options. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "app/review.h"

static void free_lines(char **l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

static void test_wrap_breaks_at_spaces_within_the_width(void **state)
{
	char **l;
	size_t n = review_wrap("It sounds like your doctor worries more than you do.", 20, &l);

	(void)state;
	assert_int_equal(n, 3);
	assert_string_equal(l[0], "It sounds like your");
	assert_string_equal(l[1], "doctor worries more");
	assert_string_equal(l[2], "than you do.");
	for (size_t i = 0; i < n; i++)
		assert_true(review_width(l[i]) <= 20);
	free_lines(l, n);
}

static void test_wrap_counts_wide_characters_as_two_columns(void **state)
{
	char **l;
	/* Ten CJK characters, 20 columns: two lines of at most 12 columns. */
	size_t n = review_wrap("日本語のテキストです。", 12, &l);

	(void)state;
	assert_int_equal(n, 2);
	assert_int_equal(review_width(l[0]), 12);
	assert_true(review_width(l[1]) <= 12);
	free_lines(l, n);
}

static void test_wrap_makes_escape_sequences_inert(void **state)
{
	char **l;
	size_t n = review_wrap("red \x1b[31mtext\x1b[0m here", 80, &l);

	(void)state;
	assert_int_equal(n, 1);
	assert_null(strchr(l[0], '\x1b'));
	assert_non_null(strstr(l[0], "^[[31m"));
	free_lines(l, n);
}

static void test_pad_fills_to_display_width(void **state)
{
	struct strbuf sb = {0};

	(void)state;
	review_pad(&sb, "café", 6);
	assert_string_equal(sb.buf, "café  ");
	strbuf_release(&sb);
}

static void test_sparkline_maps_0_to_100_onto_eight_bars(void **state)
{
	struct strbuf sb = {0};
	int v[] = { 0, 50, 100, -5, 250 };

	(void)state;
	review_sparkline(&sb, v, 5);
	assert_string_equal(sb.buf, "▁▄█▁█");
	strbuf_release(&sb);
}

static void test_codes_list_primary_first(void **state)
{
	struct coded_reply cr = { .codes = CODE_BIT(CODE_OQ) | CODE_BIT(CODE_CR) | CODE_BIT(CODE_AF),
				  .primary = CODE_CR };
	char buf[64];

	(void)state;
	review_codes(buf, sizeof buf, &cr);
	assert_string_equal(buf, "CR+OQ+AF");
}

static void test_dates_show_minutes_in_utc(void **state)
{
	char buf[32];

	(void)state;
	review_date(buf, sizeof buf, "2026-11-25T19:30:05Z");
	assert_string_equal(buf, "2026-11-25 19:30");
	review_date(buf, sizeof buf, NULL);
	assert_string_equal(buf, "");
}

static void test_filter_options_check_their_values(void **state)
{
	struct review_filter_opts o = {0};

	(void)state;
	assert_int_equal(review_filter_option(&o, REVIEW_OPT_SINCE, "2026-11-01", "t"), 1);
	assert_string_equal(o.f.since, "2026-11-01");
	assert_int_equal(review_filter_option(&o, REVIEW_OPT_SINCE, "last week", "t"), -1);
	assert_int_equal(review_filter_option(&o, REVIEW_OPT_LIMIT, "20", "t"), 1);
	assert_int_equal(o.f.limit, 20);
	assert_int_equal(review_filter_option(&o, REVIEW_OPT_LIMIT, "-1", "t"), -1);
	assert_int_equal(review_filter_option(&o, REVIEW_OPT_OFFSET, "x", "t"), -1);
	assert_int_equal(review_filter_option(&o, REVIEW_OPT_ALL_USERS, NULL, "t"), 1);
	assert_true(o.all_users);
	assert_int_equal(review_filter_option(&o, 'z', NULL, "t"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrap_breaks_at_spaces_within_the_width),
		cmocka_unit_test(test_wrap_counts_wide_characters_as_two_columns),
		cmocka_unit_test(test_wrap_makes_escape_sequences_inert),
		cmocka_unit_test(test_pad_fills_to_display_width),
		cmocka_unit_test(test_sparkline_maps_0_to_100_onto_eight_bars),
		cmocka_unit_test(test_codes_list_primary_first),
		cmocka_unit_test(test_dates_show_minutes_in_utc),
		cmocka_unit_test(test_filter_options_check_their_values),
	};
	if (!setlocale(LC_ALL, "C.UTF-8"))
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
