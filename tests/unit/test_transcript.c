/* Unit tests of transcript.c: labels, continuations, skipped lines, located errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/diag.h"
#include "core/transcript.h"

static int parse(const char *s, struct transcript *t, struct diag_list *dl)
{
	return transcript_parse(s, strlen(s), "t.txt", t, dl);
}

static void test_short_and_long_labels_in_any_case(void **state)
{
	struct transcript t;
	struct diag_list dl = {0};
	(void)state;
	assert_int_equal(parse("C: one\nP: two\nclient: three\nTHERAPIST: four\nCounsellor: five\n"
			       "counselor : six\nPractitioner:seven\n", &t, &dl), 0);
	assert_int_equal(t.n, 7);
	assert_int_equal(t.practitioner, 5);
	assert_int_equal(t.items[0].who, SPEAKER_CLIENT);
	assert_int_equal(t.items[2].who, SPEAKER_CLIENT);
	assert_int_equal(t.items[3].who, SPEAKER_PRACTITIONER);
	assert_string_equal(t.items[5].text, "six");
	assert_string_equal(t.items[6].text, "seven");
	assert_int_equal(t.items[6].line, 7);
	transcript_release(&t);
	diag_list_release(&dl);
}

static void test_unlabelled_line_continues_the_utterance_above(void **state)
{
	struct transcript t;
	struct diag_list dl = {0};
	(void)state;
	assert_int_equal(parse("C: I drink\n   at weekends\nP: At weekends.\r\nNote: a colon\n", &t, &dl), 0);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.items[0].text, "I drink at weekends");
	assert_string_equal(t.items[1].text, "At weekends. Note: a colon");
	transcript_release(&t);
	diag_list_release(&dl);
}

static void test_blank_and_comment_lines_are_skipped(void **state)
{
	struct transcript t;
	struct diag_list dl = {0};
	(void)state;
	assert_int_equal(parse("# session 3\n\nC: hi\n   \n  # aside\nP: hello\n", &t, &dl), 0);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.items[0].text, "hi");
	assert_int_equal(t.items[1].line, 6);
	transcript_release(&t);
	diag_list_release(&dl);
}

static void test_context_is_the_last_utterance_of_each_speaker(void **state)
{
	struct transcript t;
	struct diag_list dl = {0};
	(void)state;
	assert_int_equal(parse("P: a\nC: b\nC: c\nP: d\nP: e\n", &t, &dl), 0);
	assert_null(transcript_client_before(&t, 0));
	assert_null(transcript_practitioner_before(&t, 0));
	assert_string_equal(transcript_client_before(&t, 3), "c");
	assert_string_equal(transcript_practitioner_before(&t, 3), "a");
	assert_string_equal(transcript_practitioner_before(&t, 4), "d");
	transcript_release(&t);
	diag_list_release(&dl);
}

static void test_no_practitioner_line_is_an_error(void **state)
{
	struct transcript t;
	struct diag_list dl = {0};
	(void)state;
	assert_int_equal(parse("C: just me\nC: talking\n", &t, &dl), -1);
	assert_int_equal(dl.errors, 1);
	assert_non_null(strstr(dl.items[0].message, "no practitioner line"));
	transcript_release(&t);
	diag_list_release(&dl);
}

static void test_text_before_any_label_is_located(void **state)
{
	struct transcript t;
	struct diag_list dl = {0};
	(void)state;
	assert_int_equal(parse("# header\n  hello there\nP: hi\n", &t, &dl), -1);
	assert_int_equal(dl.items[0].line, 2);
	assert_int_equal(dl.items[0].col, 3);
	assert_string_equal(dl.items[0].file, "t.txt");
	transcript_release(&t);
	diag_list_release(&dl);
}

static void test_invalid_utf8_is_located_by_line_and_column(void **state)
{
	struct transcript t;
	struct diag_list dl = {0};
	(void)state;
	assert_int_equal(parse("C: fine\nP: caf\xe9!\n", &t, &dl), -1);
	assert_int_equal(dl.items[0].line, 2);
	assert_int_equal(dl.items[0].col, 7);
	assert_non_null(strstr(dl.items[0].message, "UTF-8"));
	transcript_release(&t);
	diag_list_release(&dl);
}

static void test_nul_byte_means_binary(void **state)
{
	static const char bin[] = "P: ok\n\x7f" "ELF\0\0\x01";
	struct transcript t;
	struct diag_list dl = {0};
	(void)state;
	assert_int_equal(transcript_parse(bin, sizeof bin - 1, "a.out", &t, &dl), -1);
	assert_int_equal(dl.items[0].line, 2);
	assert_non_null(strstr(dl.items[0].message, "binary"));
	transcript_release(&t);
	diag_list_release(&dl);
}

static void test_byte_order_mark_and_crlf_are_accepted(void **state)
{
	struct transcript t;
	struct diag_list dl = {0};
	(void)state;
	assert_int_equal(parse("\xef\xbb\xbf" "C: hi\r\nP: hello\r\n", &t, &dl), 0);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.items[0].text, "hi");
	assert_string_equal(t.items[1].text, "hello");
	transcript_release(&t);
	diag_list_release(&dl);
}

static void test_empty_input_has_no_practitioner(void **state)
{
	struct transcript t;
	struct diag_list dl = {0};
	(void)state;
	assert_int_equal(transcript_parse("", 0, "-", &t, &dl), -1);
	assert_int_equal(t.n, 0);
	transcript_release(&t);
	diag_list_release(&dl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_short_and_long_labels_in_any_case),
		cmocka_unit_test(test_unlabelled_line_continues_the_utterance_above),
		cmocka_unit_test(test_blank_and_comment_lines_are_skipped),
		cmocka_unit_test(test_context_is_the_last_utterance_of_each_speaker),
		cmocka_unit_test(test_no_practitioner_line_is_an_error),
		cmocka_unit_test(test_text_before_any_label_is_located),
		cmocka_unit_test(test_invalid_utf8_is_located_by_line_and_column),
		cmocka_unit_test(test_nul_byte_means_binary),
		cmocka_unit_test(test_byte_order_mark_and_crlf_are_accepted),
		cmocka_unit_test(test_empty_input_has_no_practitioner),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
