/* Unit tests of text.c: tokens, stems, mentions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/text.h"

static void test_tokens_lower_case_and_keep_byte_spans(void **state)
{
	const char *s = "  Hello, WORLD! It's 2 o'clock.";
	struct token t[16];
	size_t n = text_tokens(s, t, 16);
	(void)state;
	assert_int_equal(n, 5);
	assert_string_equal(t[0].word, "hello");
	assert_int_equal(t[0].start, 2);
	assert_int_equal(t[0].len, 5);
	assert_string_equal(t[1].word, "world");
	assert_string_equal(t[2].word, "it's");
	assert_string_equal(t[3].word, "2");
	assert_string_equal(t[4].word, "o'clock");
	assert_memory_equal(s + t[4].start, "o'clock", t[4].len);
}

static void test_typographic_apostrophe_becomes_plain(void **state)
{
	struct token t[4];
	size_t n = text_tokens("You\xe2\x80\x99re sure", t, 4);
	(void)state;
	assert_int_equal(n, 2);
	assert_string_equal(t[0].word, "you're");
	assert_int_equal(t[0].len, 8);
}

static void test_quotes_are_not_part_of_words(void **state)
{
	struct token t[4];
	size_t n = text_tokens("'quit' \xe2\x80\x98now\xe2\x80\x99", t, 4);
	(void)state;
	assert_int_equal(n, 2);
	assert_string_equal(t[0].word, "quit");
	assert_string_equal(t[1].word, "now");
}

static void test_dashes_and_ellipses_split_words(void **state)
{
	struct token t[4];
	size_t n = text_tokens("drink\xe2\x80\x94" "but\xe2\x80\xa6" "no", t, 4);
	(void)state;
	assert_int_equal(n, 3);
	assert_string_equal(t[1].word, "but");
}

static void test_tokens_stop_at_max_and_keep_utf8_whole(void **state)
{
	struct token t[2];
	size_t n = text_tokens("caf\xc3\xa9 na\xc3\xafve one two three", t, 2);
	(void)state;
	assert_int_equal(n, 2);
	assert_string_equal(t[0].word, "caf\xc3\xa9");
	assert_string_equal(t[1].word, "na\xc3\xafve");
}

static void test_long_word_is_truncated_not_overflowed(void **state)
{
	char big[300];
	struct token t[2];
	(void)state;
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(text_tokens(big, t, 2), 1);
	assert_int_equal(strlen(t[0].word), TEXT_WORD_MAX - 1);
	assert_int_equal(t[0].len, sizeof big - 1);
}

static void test_stem_joins_word_forms(void **state)
{
	char a[TEXT_WORD_MAX], b[TEXT_WORD_MAX], c[TEXT_WORD_MAX];
	(void)state;
	text_stem("drinking", a);
	text_stem("drinks", b);
	text_stem("drink", c);
	assert_string_equal(a, c);
	assert_string_equal(b, c);
	text_stem("worried", a);
	text_stem("worries", b);
	assert_string_equal(a, b);
}

static void test_mentions_match_by_stem(void **state)
{
	char *words[] = { "smoking", "kids" };
	(void)state;
	assert_true(text_mentions("I smoke when I'm stressed", words, 2));
	assert_true(text_mentions("my kid hates it", words, 2));
	assert_false(text_mentions("I walk the dog", words, 2));
}

static void test_mentions_phrase_needs_its_words_in_order(void **state)
{
	char *words[] = { "cut down" };
	(void)state;
	assert_true(text_mentions("Maybe I could cut it... no, cut down a bit", words, 1));
	assert_true(text_mentions("Cutting down is hard", words, 1));
	assert_false(text_mentions("down the road I cut", words, 1));
}

static void test_mentions_tolerate_null_and_empty(void **state)
{
	char *words[] = { NULL, "", "x" };
	(void)state;
	assert_false(text_mentions(NULL, words, 3));
	assert_false(text_mentions("text", NULL, 0));
	assert_false(text_mentions("", words, 3));
	assert_false(text_mentions("text", words, 2));
}

static int teardown(void **state)
{
	(void)state;
	text_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens_lower_case_and_keep_byte_spans),
		cmocka_unit_test(test_typographic_apostrophe_becomes_plain),
		cmocka_unit_test(test_quotes_are_not_part_of_words),
		cmocka_unit_test(test_dashes_and_ellipses_split_words),
		cmocka_unit_test(test_tokens_stop_at_max_and_keep_utf8_whole),
		cmocka_unit_test(test_long_word_is_truncated_not_overflowed),
		cmocka_unit_test(test_stem_joins_word_forms),
		cmocka_unit_test(test_mentions_match_by_stem),
		cmocka_unit_test(test_mentions_phrase_needs_its_words_in_order),
		cmocka_unit_test(test_mentions_tolerate_null_and_empty),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
