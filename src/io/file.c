/* io/file.c: see file.h. */
#include "io/file.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "io/paths.h"

/* "a" or "an" before what. */
static const char *article(const char *what)
{
	return strchr("aeiou", what[0]) && what[0] ? "an" : "a";
}

static int too_large(const char *path, const char *what, size_t cap, struct error *err)
{
	return error_set(err, EXIT_DATAERR, "%s: is over the limit of %zu bytes for %s %s", path, cap,
			 article(what), what);
}

int file_read_stream(FILE *in, const char *name, size_t cap, const char *what, char **buf,
		     size_t *len, struct error *err)
{
	struct strbuf sb = {0};
	char chunk[65536];
	size_t n;

	*buf = NULL;
	*len = 0;
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0) {
		if (sb.len + n > cap) {
			strbuf_release(&sb);
			return too_large(name, what, cap, err);
		}
		strbuf_add(&sb, chunk, n);
	}
	if (ferror(in)) {
		strbuf_release(&sb);
		return error_set(err, EXIT_IOERR, "%s: cannot read: %s", name, strerror(errno));
	}
	*len = sb.len;
	*buf = strbuf_detach(&sb);
	return 0;
}

const char *file_error_reason(const struct error *err, const char *path)
{
	size_t n = strlen(path);

	if (!strncmp(err->msg, path, n) && err->msg[n] == ':' && err->msg[n + 1] == ' ')
		return err->msg + n + 2;
	return err->msg;
}

/* Open path for reading when it is a regular file of at most cap bytes:
 * the fd and its size, or -1 with err (EXIT_NOINPUT when missing). */
static int open_regular(const char *path, size_t cap, const char *what, int *fdp, size_t *size,
			struct error *err)
{
	struct stat st;
	int fd;

	if (stat(path, &st) != 0) {
		if (errno == ELOOP)
			return error_set(err, EXIT_IOERR, "%s: cannot open: a symbolic link loop (too many levels of "
					 "symbolic links)", path);
		return error_set(err, errno == ENOENT ? EXIT_NOINPUT : EXIT_IOERR, "%s: cannot open: %s", path,
				 strerror(errno));
	}
	if (S_ISDIR(st.st_mode))
		return error_set(err, EXIT_DATAERR, "%s: is a directory, expected %s %s", path, article(what), what);
	if (!S_ISREG(st.st_mode))
		return error_set(err, EXIT_DATAERR, "%s: is not a regular file (a pipe or a device), expected %s %s",
				 path, article(what), what);
	if ((unsigned long long)st.st_size > cap)
		return too_large(path, what, cap, err);
	/* O_NONBLOCK: a FIFO put in its place after the stat must not hang us. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return error_set(err, errno == ENOENT ? EXIT_NOINPUT : EXIT_IOERR, "%s: cannot read: %s", path,
				 strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return error_set(err, EXIT_DATAERR, "%s: is not a regular file, expected %s %s", path, article(what),
				 what);
	}
	if ((unsigned long long)st.st_size > cap) {
		close(fd);
		return too_large(path, what, cap, err);
	}
	*fdp = fd;
	*size = (size_t)st.st_size;
	return 0;
}

int file_read_capped(const char *path, size_t cap, const char *what, char **buf, size_t *len,
		     struct error *err)
{
	FILE *f;
	int fd, rc;
	size_t size;

	*buf = NULL;
	*len = 0;
	if (open_regular(path, cap, what, &fd, &size, err))
		return -1;
	if (!(f = fdopen(fd, "rb"))) {
		close(fd);
		return error_set(err, EXIT_IOERR, "%s: cannot read: %s", path, strerror(errno));
	}
	rc = file_read_stream(f, path, cap, what, buf, len, err);
	fclose(f);
	return rc;
}

int file_map_capped(const char *path, size_t cap, const char *what, struct file_map *m, struct error *err)
{
	int fd;
	size_t size;
	void *p;
	char *copy;

	*m = (struct file_map){ "", 0, false };
	if (open_regular(path, cap, what, &fd, &size, err))
		return -1;
	if (!size) {
		close(fd);
		return 0;
	}
	/* Private and read-only: the file's pages are the page cache's, nothing
	 * is copied, and a writer replacing the file (rename) changes nothing we
	 * read. Where mapping fails, the file is read. */
	p = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (p != MAP_FAILED) {
		*m = (struct file_map){ p, size, true };
		return 0;
	}
	if (file_read_capped(path, cap, what, &copy, &m->len, err))
		return -1;
	m->buf = copy;
	return 0;
}

void file_map_release(struct file_map *m)
{
	if (m->mapped)
		munmap((void *)(uintptr_t)m->buf, m->len);
	else if (m->len)
		free((void *)(uintptr_t)m->buf);
	*m = (struct file_map){ "", 0, false };
}

int file_read_input(const char *path, size_t cap, const char *what, char **buf, size_t *len,
		    struct error *err)
{
	struct stat st;
	FILE *f;
	int rc;

	if (!strcmp(path, "-"))
		return file_read_stream(stdin, "<stdin>", cap, what, buf, len, err);
	if (stat(path, &st) != 0 || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
		return file_read_capped(path, cap, what, buf, len, err);
	/* A pipe: waiting for its writer is what the user asked for. */
	*buf = NULL;
	*len = 0;
	if (!(f = fopen(path, "rb")))
		return error_set(err, errno == ENOENT ? EXIT_NOINPUT : EXIT_IOERR, "%s: cannot open: %s", path,
				 strerror(errno));
	rc = file_read_stream(f, path, cap, what, buf, len, err);
	fclose(f);
	return rc;
}

static void sync_dir(const char *path)
{
	char *dir = paths_dirname(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Move the finished temporary file to path: over it (replace), or only
 * when path does not exist yet (link, then unlink the temporary name; on a
 * file system without hard links, rename after a check). */
static int put_in_place(const char *tmp, const char *path, bool replace, bool *exists, struct error *err)
{
	if (replace) {
		if (rename(tmp, path) != 0)
			return error_set(err, EXIT_IOERR, "%s: cannot write: %s", path, strerror(errno));
		return 0;
	}
	int e;

	if (link(tmp, path) == 0) {
		unlink(tmp);
		return 0;
	}
	e = errno;
	if (e == EEXIST || access(path, F_OK) == 0) {
		*exists = true;
		return error_set(err, EXIT_IOERR, "%s: exists already", path);
	}
	if ((e == EPERM || e == ENOTSUP || e == EXDEV || e == EMLINK) && rename(tmp, path) == 0)
		return 0;
	return error_set(err, EXIT_IOERR, "%s: cannot write: %s", path, strerror(e));
}

static int write_whole(const char *path, mode_t mode, file_writer write, void *arg, bool replace, bool *exists,
		       struct error *err)
{
	struct error local;
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	FILE *out = NULL;
	int fd, rc;

	if (!err)
		err = &local;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0 || !(out = fdopen(fd, "w"))) {
		error_set(err, EXIT_IOERR, "%s: cannot write: %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return -1;
	}
	err->status = 0;
	rc = write(out, arg, err);
	if ((fflush(out) != 0 || fsync(fd) != 0) && !rc)
		rc = error_set(err, EXIT_IOERR, "%s: cannot write: %s", path, strerror(errno));
	if (fclose(out) != 0 && !rc)
		rc = error_set(err, EXIT_IOERR, "%s: cannot write: %s", path, strerror(errno));
	if (!rc)
		rc = put_in_place(tmp, path, replace, exists, err);
	if (rc) {
		if (!err->status)
			error_set(err, EXIT_IOERR, "%s: cannot write", path);
		unlink(tmp);
	} else {
		sync_dir(path);
	}
	free(tmp);
	return rc ? -1 : 0;
}

int file_write_atomic(const char *path, mode_t mode, file_writer write, void *arg, struct error *err)
{
	bool exists = false;

	return write_whole(path, mode, write, arg, true, &exists, err);
}

int file_write_new(const char *path, mode_t mode, file_writer write, void *arg, bool *exists, struct error *err)
{
	*exists = false;
	return write_whole(path, mode, write, arg, false, exists, err);
}
