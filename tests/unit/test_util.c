/* Unit tests of util.c: strings, UTF-8 checks, inert printing, edit distance,
 * the overflow-checked grow and BUG(). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/util.h"

static void test_strbuf_grows_and_formats(void **state)
{
	struct strbuf sb = {0};
	(void)state;
	for (int i = 0; i < 1000; i++)
		strbuf_addf(&sb, "%d,", i);
	assert_int_equal(sb.len, strlen(sb.buf));
	assert_memory_equal(sb.buf, "0,1,2,", 6);
	char *s = strbuf_detach(&sb);
	assert_null(sb.buf);
	assert_int_equal(strlen(s), 3890);
	free(s);
}

/* Formatted into the room left, or grown when it does not fit: every
 * length around the buffer's edge comes out whole. */
static void test_strbuf_formats_whole_at_the_edge_of_its_room(void **state)
{
	char want[300];
	(void)state;
	memset(want, 'x', sizeof want);
	for (int n = 0; n < 200; n++) {
		struct strbuf sb = {0};
		strbuf_adds(&sb, "ab");
		strbuf_addf(&sb, "%.*s", n, want);
		strbuf_addf(&sb, "%d", n);
		assert_int_equal(sb.len, strlen(sb.buf));
		assert_memory_equal(sb.buf, "ab", 2);
		assert_memory_equal(sb.buf + 2, want, (size_t)n);
		assert_int_equal(atoi(sb.buf + 2 + n), n);
		strbuf_release(&sb);
	}
}

static void test_utf8_valid_accepts_accents_cjk_and_emoji(void **state)
{
	const char *ok = "caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x99\x82";
	(void)state;
	assert_true(utf8_valid(ok, strlen(ok), NULL));
}

static void test_utf8_valid_rejects_bad_bytes_and_says_where(void **state)
{
	size_t at = 99;
	(void)state;
	assert_false(utf8_valid("ab\xff" "cd", 5, &at));
	assert_int_equal(at, 2);
	assert_false(utf8_valid("\xc0\xaf", 2, &at)); /* overlong '/' */
	assert_int_equal(at, 0);
	assert_false(utf8_valid("\xed\xa0\x80", 3, &at)); /* surrogate */
	assert_false(utf8_valid("a\0b", 3, &at));
	assert_int_equal(at, 1);
	assert_false(utf8_valid("\xe4\xb8", 2, &at)); /* truncated */
}

static void test_inert_text_never_carries_escape_sequences(void **state)
{
	struct strbuf sb = {0};
	(void)state;
	strbuf_add_inert(&sb, "red \x1b[31mtext\x1b[0m\r\nbell\a \xc2\x9b" "2J caf\xc3\xa9");
	assert_null(strchr(sb.buf, 0x1b));
	assert_null(strchr(sb.buf, '\r'));
	assert_null(strchr(sb.buf, '\n'));
	assert_null(strchr(sb.buf, '\a'));
	assert_null(strstr(sb.buf, "\xc2\x9b"));
	assert_non_null(strstr(sb.buf, "^[[31m"));
	assert_non_null(strstr(sb.buf, "caf\xc3\xa9"));
	strbuf_release(&sb);
}

static void test_edit_distance_finds_near_misspellings(void **state)
{
	(void)state;
	assert_int_equal(edit_distance("opening", "opnening", 3), 1);
	assert_int_equal(edit_distance("kitten", "sitting", 5), 3);
	assert_int_equal(edit_distance("a", "completely-different", 2), 3);
}

static void test_diag_counts_errors_and_warnings(void **state)
{
	struct diag_list dl = {0};
	(void)state;
	diag_add(&dl, DIAG_ERROR, "p.yaml", 3, 5, "bad %s", "thing");
	diag_add(&dl, DIAG_WARNING, "p.yaml", 0, 0, "meh");
	assert_int_equal(dl.errors, 1);
	assert_int_equal(dl.warnings, 1);
	assert_string_equal(dl.items[0].message, "bad thing");
	assert_int_equal(dl.items[0].col, 5);
	diag_list_release(&dl);
	assert_int_equal(dl.n, 0);
}

/* Run fn in a child; its exit status (or 128 + the signal that ended it),
 * with what it wrote to stderr in err (at most n bytes). */
static int in_child(void (*fn)(void), char *err, size_t n)
{
	int fds[2], status;
	pid_t pid;
	size_t len = 0;
	ssize_t got;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 2);
		fn();
		_exit(0);
	}
	close(fds[1]);
	while (len + 1 < n && (got = read(fds[0], err + len, n - 1 - len)) > 0)
		len += (size_t)got;
	err[len] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void overflow(void)
{
	(void)st_mult(SIZE_MAX / 2, 3);
}

static void broken_invariant(void)
{
	signal(SIGABRT, SIG_DFL);
	BUG("a turn with %d cues", 99);
}

static void test_alloc_grow_keeps_what_it_holds(void **state)
{
	int *v = NULL;
	size_t n = 0, alloc = 0;
	(void)state;
	for (int i = 0; i < 1000; i++) {
		ALLOC_GROW(v, n + 1, alloc);
		v[n++] = i;
		assert_true(alloc >= n);
	}
	for (int i = 0; i < 1000; i++)
		assert_int_equal(v[i], i);
	free(v);
	assert_int_equal(st_mult(6, 7), 42);
	assert_int_equal(st_add(40, 2), 42);
}

static void test_an_overflowing_size_is_fatal_not_wrapped(void **state)
{
	char err[512];
	(void)state;
	assert_int_equal(in_child(overflow, err, sizeof err), 70);
	assert_non_null(strstr(err, "size overflow"));
}

static void test_bug_names_its_file_and_line_and_aborts(void **state)
{
	char err[512];
	(void)state;
	assert_int_equal(in_child(broken_invariant, err, sizeof err), 128 + SIGABRT);
	assert_non_null(strstr(err, "micoach: BUG: tests/unit/test_util.c:"));
	assert_non_null(strstr(err, "a turn with 99 cues"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strbuf_grows_and_formats),
		cmocka_unit_test(test_strbuf_formats_whole_at_the_edge_of_its_room),
		cmocka_unit_test(test_utf8_valid_accepts_accents_cjk_and_emoji),
		cmocka_unit_test(test_utf8_valid_rejects_bad_bytes_and_says_where),
		cmocka_unit_test(test_inert_text_never_carries_escape_sequences),
		cmocka_unit_test(test_edit_distance_finds_near_misspellings),
		cmocka_unit_test(test_diag_counts_errors_and_warnings),
		cmocka_unit_test(test_alloc_grow_keeps_what_it_holds),
		cmocka_unit_test(test_an_overflowing_size_is_fatal_not_wrapped),
		cmocka_unit_test(test_bug_names_its_file_and_line_and_aborts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
