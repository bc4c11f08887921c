/* file.h: reading a whole file with a cap, and writing a file whole or not
 * at all. Every command that reads or writes a file of its own (result,
 * recovery, assignment, scenario, transcript and model files, exports)
 * goes through these, so each refusal (a directory, a FIFO, a file over its cap, a
 * disk that filled meanwhile) reads the same and is handled once. */
#ifndef MICOACH_FILE_H
#define MICOACH_FILE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>
#include "core/error.h"

/* Read the regular file at path whole into *buf (NUL-terminated, caller
 * frees) and *len. what names the kind of file in messages ("result file":
 * "x.json: is a directory, expected a result file").
 * EXIT_NOINPUT when it does not exist; EXIT_DATAERR for a directory, a FIFO
 * or device (never opened, so nothing hangs), or a file over cap bytes (the
 * message names the cap); EXIT_IOERR when it cannot be read. */
int file_read_capped(const char *path, size_t cap, const char *what, char **buf, size_t *len,
		     struct error *err);
/* A file read in place: its bytes mapped read-only (or, where mapping
 * fails, read into memory). */
struct file_map {
	const char *buf;
	size_t len;
	bool mapped;
};
/* path's bytes as file_read_capped would read them (the same checks and
 * messages), mapped rather than copied; file_map_release gives them back. */
int file_map_capped(const char *path, size_t cap, const char *what, struct file_map *m, struct error *err);
void file_map_release(struct file_map *m);
/* The same for an open stream (standard input), reading until EOF. */
int file_read_stream(FILE *in, const char *name, size_t cap, const char *what, char **buf,
		     size_t *len, struct error *err);
/* For inputs a user may give as a pipe (`micoach code <(...)`, "-" for
 * standard input): a regular file as file_read_capped; a pipe, a FIFO or a
 * terminal read as a stream until EOF, still at most cap bytes; a directory
 * refused (EXIT_DATAERR). */
int file_read_input(const char *path, size_t cap, const char *what, char **buf, size_t *len,
		    struct error *err);
/* Every message above starts "PATH: "; the rest of it, for a caller that
 * locates its own messages ("FILE: error: REASON"). */
const char *file_error_reason(const struct error *err, const char *path);

/* Write path whole or not at all: write() fills a new temporary file in
 * the same directory (mode, O_EXCL, never following a link), which is
 * flushed, fsynced and renamed over path, then the directory is fsynced.
 * On any failure the temporary file is removed, path is left as it was, and
 * -1 is returned with err (EXIT_IOERR unless write() set another status). */
typedef int (*file_writer)(FILE *out, void *arg, struct error *err);
int file_write_atomic(const char *path, mode_t mode, file_writer write, void *arg, struct error *err);
/* The same, but never over an existing file: when path exists (now, or by
 * the time the file is complete), nothing is written, *exists is set and -1
 * returned, so the caller can pick another name (recovery files). */
int file_write_new(const char *path, mode_t mode, file_writer write, void *arg, bool *exists,
		   struct error *err);

#endif
