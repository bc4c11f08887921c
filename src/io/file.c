/* io/file.c: see file.h. */
#include "io/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "io/paths.h"

static int too_large(const char *path, const char *what, size_t cap, struct error *err)
{
	return error_set(err, EXIT_DATAERR, "%s: too large for a %s (at most %zu bytes)", path, what, cap);
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

int file_read_capped(const char *path, size_t cap, const char *what, char **buf, size_t *len,
		     struct error *err)
{
	struct stat st;
	FILE *f;
	int fd, rc;

	*buf = NULL;
	*len = 0;
	if (stat(path, &st) != 0)
		return error_set(err, errno == ENOENT ? EXIT_NOINPUT : EXIT_IOERR, "%s: %s", path,
				 strerror(errno));
	if (S_ISDIR(st.st_mode))
		return error_set(err, EXIT_DATAERR, "%s: is a directory, not a %s", path, what);
	if (!S_ISREG(st.st_mode))
		return error_set(err, EXIT_DATAERR, "%s: is not a regular file (a pipe or a device), not a %s",
				 path, what);
	if ((unsigned long long)st.st_size > cap)
		return too_large(path, what, cap, err);
	/* O_NONBLOCK: a FIFO put in its place after the stat must not hang us. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return error_set(err, errno == ENOENT ? EXIT_NOINPUT : EXIT_IOERR, "%s: cannot read: %s", path,
				 strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return error_set(err, EXIT_DATAERR, "%s: is not a regular file, not a %s", path, what);
	}
	if (!(f = fdopen(fd, "rb"))) {
		close(fd);
		return error_set(err, EXIT_IOERR, "%s: cannot read: %s", path, strerror(errno));
	}
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

int file_write_atomic(const char *path, mode_t mode, file_writer write, void *arg, struct error *err)
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
	if (!rc && rename(tmp, path) != 0)
		rc = error_set(err, EXIT_IOERR, "%s: cannot write: %s", path, strerror(errno));
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
