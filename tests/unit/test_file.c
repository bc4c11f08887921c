/* Unit tests of io/file.c: whole files read with a cap (a FIFO, a directory
 * or a file over the cap refused at once, saying what it is; a piped input
 * read as a stream), and files written whole or not at all, never over
 * another when asked not to. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/util.h"
#include "io/file.h"
#include "helpers.h"

TEST_TMPDIR_GROUP("file")

static int write_text(FILE *out, void *arg, struct error *err)
{
	(void)err;
	fputs(arg, out);
	return 0;
}

static int write_then_fail(FILE *out, void *arg, struct error *err)
{
	fputs(arg, out);
	return error_set(err, EXIT_DATAERR, "the writer gave up half way");
}

static char *contents(const char *path)
{
	struct error err = {0};
	char *buf;
	size_t len;

	if (file_read_capped(path, 1 << 20, "test file", &buf, &len, &err))
		fail_msg("%s", err.msg);
	return buf;
}

/* Files in tmpdir whose name starts with prefix. */
static int files_like(const char *prefix)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += !strncmp(e->d_name, prefix, strlen(prefix));
	closedir(d);
	return n;
}

static void test_a_fifo_is_refused_without_being_opened(void **state)
{
	char *fifo = test_path(tmpdir, "pipe");
	struct error err = {0};
	char *buf = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(mkfifo(fifo, 0600), 0);
	/* No writer ever comes: opening it would wait for ever. */
	assert_int_equal(file_read_capped(fifo, 100, "result file", &buf, &len, &err), -1);
	assert_int_equal(err.status, EXIT_DATAERR);
	assert_non_null(strstr(err.msg, "is not a regular file (a pipe or a device), expected a result file"));
	assert_string_equal(file_error_reason(&err, fifo),
			    "is not a regular file (a pipe or a device), expected a result file");
	assert_null(buf);
	free(fifo);
}

/* An input a user may pipe in (`micoach code <(...)`) is read as a stream,
 * still capped. */
static void test_a_piped_input_is_read_as_a_stream_up_to_its_cap(void **state)
{
	char *fifo = test_path(tmpdir, "input");
	struct error err = {0};
	char *buf = NULL;
	size_t len = 0;
	pid_t pid;

	(void)state;
	assert_int_equal(mkfifo(fifo, 0600), 0);
	for (int round = 0; round < 2; round++) {
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			FILE *f = fopen(fifo, "w");
			fputs("C: Hello.\nP: What brings you here?\n", f);
			fclose(f);
			_exit(0);
		}
		if (round == 0) {
			assert_int_equal(file_read_input(fifo, 100, "transcript", &buf, &len, &err), 0);
			assert_string_equal(buf, "C: Hello.\nP: What brings you here?\n");
			free(buf);
		} else {
			assert_int_equal(file_read_input(fifo, 10, "transcript", &buf, &len, &err), -1);
			assert_non_null(strstr(err.msg, "over the limit of 10 bytes for a transcript"));
		}
		waitpid(pid, NULL, 0);
	}
	assert_int_equal(file_read_input(tmpdir, 100, "transcript", &buf, &len, &err), -1);
	assert_non_null(strstr(err.msg, "is a directory, expected a transcript"));
	free(fifo);
}

static void test_directories_missing_and_oversized_files_are_refused(void **state)
{
	char *big = test_path(tmpdir, "big.json"), *none = test_path(tmpdir, "none.json");
	struct error err = {0};
	char *buf;
	size_t len;

	(void)state;
	assert_int_equal(file_read_capped(tmpdir, 100, "assignment file", &buf, &len, &err), -1);
	assert_int_equal(err.status, EXIT_DATAERR);
	assert_non_null(strstr(err.msg, "is a directory, expected an assignment file"));
	assert_int_equal(file_read_capped(none, 100, "result file", &buf, &len, &err), -1);
	assert_int_equal(err.status, EXIT_NOINPUT);
	test_write_file(big, "0123456789abcdef");
	assert_int_equal(file_read_capped(big, 10, "result file", &buf, &len, &err), -1);
	assert_int_equal(err.status, EXIT_DATAERR);
	assert_non_null(strstr(err.msg, "over the limit of 10 bytes for a result file"));
	assert_int_equal(file_read_capped(big, 16, "result file", &buf, &len, &err), 0);
	assert_int_equal(len, 16);
	free(buf);
	free(big);
	free(none);
}

/* A mapped file: the same bytes as a read one, the same refusals. */
static void test_a_mapped_file_holds_its_bytes_and_is_refused_as_a_read_one(void **state)
{
	char *path = test_path(tmpdir, "map.bin"), *empty = test_path(tmpdir, "empty.bin"),
	     *none = test_path(tmpdir, "none.bin");
	struct file_map m;
	struct error err = {0};

	(void)state;
	test_write_file(path, "0123456789abcdef");
	assert_int_equal(file_map_capped(path, 16, "coder model", &m, &err), 0);
	assert_int_equal(m.len, 16);
	assert_memory_equal(m.buf, "0123456789abcdef", 16);
	file_map_release(&m);
	assert_int_equal(m.len, 0);
	assert_int_equal(file_map_capped(path, 15, "coder model", &m, &err), -1);
	assert_int_equal(err.status, EXIT_DATAERR);
	assert_non_null(strstr(err.msg, "over the limit of 15 bytes for a coder model"));
	assert_int_equal(file_map_capped(tmpdir, 100, "coder model", &m, &err), -1);
	assert_non_null(strstr(err.msg, "is a directory, expected a coder model"));
	assert_int_equal(file_map_capped(none, 100, "coder model", &m, &err), -1);
	assert_int_equal(err.status, EXIT_NOINPUT);
	test_write_file(empty, "");
	assert_int_equal(file_map_capped(empty, 100, "coder model", &m, &err), 0);
	assert_int_equal(m.len, 0);
	file_map_release(&m);
	free(path);
	free(empty);
	free(none);
}

static void test_a_file_is_written_whole_or_left_as_it_was(void **state)
{
	char *path = test_path(tmpdir, "out.txt");
	struct error err = {0};
	struct stat sb;
	char *text;

	(void)state;
	assert_int_equal(file_write_atomic(path, 0600, write_text, "first", &err), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(file_write_atomic(path, 0600, write_then_fail, "second, half", &err), -1);
	assert_int_equal(err.status, EXIT_DATAERR);
	text = contents(path);
	assert_string_equal(text, "first");
	free(text);
	assert_int_equal(files_like("out.txt.tmp"), 0);
	free(path);
}

static void test_a_new_file_never_replaces_another(void **state)
{
	char *path = test_path(tmpdir, "new.json");
	struct error err = {0};
	bool exists = true;
	char *text;

	(void)state;
	assert_int_equal(file_write_new(path, 0600, write_text, "mine", &exists, &err), 0);
	assert_false(exists);
	assert_int_equal(file_write_new(path, 0600, write_text, "another", &exists, &err), -1);
	assert_true(exists);
	text = contents(path);
	assert_string_equal(text, "mine");
	free(text);
	assert_int_equal(files_like("new.json.tmp"), 0);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_fifo_is_refused_without_being_opened),
		cmocka_unit_test(test_a_piped_input_is_read_as_a_stream_up_to_its_cap),
		cmocka_unit_test(test_directories_missing_and_oversized_files_are_refused),
		cmocka_unit_test(test_a_mapped_file_holds_its_bytes_and_is_refused_as_a_read_one),
		cmocka_unit_test(test_a_file_is_written_whole_or_left_as_it_was),
		cmocka_unit_test(test_a_new_file_never_replaces_another),
	};
	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
