/* app/pack_entries.c: installed packs on disk (pack_entries.h). */
#include "app/pack_entries.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/limits.h"
#include "core/util.h"
#include "io/file.h"
#include "io/paths.h"

bool pack_version_safe(const char *v)
{
	if (!v || !*v || strlen(v) > LIMIT_VERSION || v[0] == '.')
		return false;
	for (; *v; v++)
		if (!((*v >= '0' && *v <= '9') || (*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') ||
		      *v == '.' || *v == '-' || *v == '+'))
			return false;
	return true;
}

/* Compare versions part by part ("1.10.0" > "1.9.2"); numbers as numbers. */
int pack_version_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			char *ea, *eb;
			unsigned long x = strtoul(a, &ea, 10), y = strtoul(b, &eb, 10);
			if (x != y)
				return x < y ? -1 : 1;
			a = ea, b = eb;
		} else if (*a != *b) {
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		} else {
			a++, b++;
		}
	}
	return 0;
}

void pack_entries_free(struct pack_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].id);
		free(e[i].version);
		free(e[i].path);
	}
	free(e);
}

static int version_order(const void *a, const void *b)
{
	const struct pack_entry *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : pack_version_cmp(x->version, y->version);
}

/* Entries of dir (for pack id when not NULL), by id then version. */
struct pack_entry *pack_entries_read(const char *dir, const char *id, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct pack_entry *v = NULL;

	*n = 0;
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		const char *at = strchr(de->d_name, '@');
		if (de->d_name[0] == '.' || !at || at == de->d_name)
			continue;
		struct pack_entry e = { .id = xstrndup(de->d_name, (size_t)(at - de->d_name)) };
		e.single = str_has_suffix(at, ".yaml");
		e.version = e.single ? xstrndup(at + 1, strlen(at + 1) - 5) : xstrdup(at + 1);
		e.path = xasprintf("%s/%s", dir, de->d_name);
		if ((id && strcmp(e.id, id)) || !pack_version_safe(e.version)) {
			free(e.id);
			free(e.version);
			free(e.path);
			continue;
		}
		v = xrealloc(v, (*n + 1) * sizeof *v);
		v[(*n)++] = e;
	}
	closedir(d);
	if (*n > 1)
		qsort(v, *n, sizeof *v, version_order);
	return v;
}

/* Copy the file from into the open file out (named to, for messages) and sync it. */
int pack_copy_into(const char *from, int out, const char *to, struct error *err)
{
	char buf[65536];
	int in = open(from, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	int rc = 0;

	if (in < 0)
		return error_set(err, EXIT_IOERR, "%s: cannot read: %s", from, strerror(errno));
	while ((n = read(in, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)) {
		for (ssize_t off = 0; n > 0 && off < n;) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				rc = error_set(err, EXIT_IOERR, "%s: cannot write: %s", to, strerror(errno));
				break;
			}
			off += w;
		}
		if (rc)
			break;
	}
	if (n < 0 && !rc)
		rc = error_set(err, EXIT_IOERR, "%s: cannot read: %s", from, strerror(errno));
	if (!rc && fsync(out) != 0)
		rc = error_set(err, EXIT_IOERR, "%s: cannot write: %s", to, strerror(errno));
	close(in);
	return rc;
}

int pack_copy_file(const char *from, const char *to, struct error *err)
{
	int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644), rc;

	if (out < 0)
		return error_set(err, EXIT_IOERR, "%s: cannot write: %s", to, strerror(errno));
	rc = pack_copy_into(from, out, to, err);
	if (close(out) != 0 && !rc)
		rc = error_set(err, EXIT_IOERR, "%s: cannot write: %s", to, strerror(errno));
	return rc;
}

static int name_order(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The largest file a pack holds: the scenario loader refuses larger ones. */
enum { PACK_FILE_MAX = 4 * 1024 * 1024 };

/* A file's bytes appended to out, for the digest (nothing when it cannot be
 * read: then it differs from any readable one). */
static void file_hash(const char *path, struct strbuf *out)
{
	struct error err = {0};
	size_t len;
	char *buf;

	if (file_read_capped(path, PACK_FILE_MAX, "pack file", &buf, &len, &err))
		return;
	strbuf_add(out, buf, len);
	free(buf);
}

/* SHA-256 over files (paths, named by their last part; names and contents,
 * in name order; a single-file pack: its content), to tell "the same
 * version again" from "a different pack with the same version". */
void pack_files_digest(char **paths, size_t n, bool single, char hex[SHA256_HEX])
{
	struct strbuf all = {0};
	char **sorted = xcalloc(n ? n : 1, sizeof *sorted);

	strbuf_add(&all, "", 0);
	if (single && n == 1) {
		file_hash(paths[0], &all);
	} else {
		memcpy(sorted, paths, n * sizeof *sorted);
		qsort(sorted, n, sizeof *sorted, name_order);
		for (size_t i = 0; i < n; i++) {
			struct strbuf body = {0};
			char h[SHA256_HEX];
			const char *slash = strrchr(sorted[i], '/');
			strbuf_add(&body, "", 0);
			file_hash(sorted[i], &body);
			sha256_hex(body.buf, body.len, h);
			strbuf_addf(&all, "%s %s\n", slash ? slash + 1 : sorted[i], h);
			strbuf_release(&body);
		}
	}
	sha256_hex(all.buf, all.len, hex);
	strbuf_release(&all);
	free(sorted);
}

/* The digest of an installed entry (a directory's visible files, or a file). */
void pack_entry_digest(const char *path, char hex[SHA256_HEX])
{
	char **names = NULL;
	size_t n = 0;

	if (paths_is_dir(path)) {
		DIR *d = opendir(path);
		struct dirent *de;
		while (d && (de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			names = xrealloc(names, (n + 1) * sizeof *names);
			names[n++] = xasprintf("%s/%s", path, de->d_name);
		}
		if (d)
			closedir(d);
		pack_files_digest(names, n, false, hex);
	} else {
		char *one = (char *)path;
		pack_files_digest(&one, 1, true, hex);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}
