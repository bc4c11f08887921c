/* store/salvage_copy.c: the files of `doctor --recover` (salvage.c): the
 * damaged database opened read-only, the copy built under a temporary name
 * and renamed into place only when whole (fsynced, its log folded in), and
 * the partial copies a killed recovery left behind. */
#include "store_int.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "salvage_copy.h"

void salvage_remove_database(const char *path)
{
	static const char *const sides[] = { "", "-wal", "-shm", "-journal" };

	for (size_t i = 0; i < ARRAY_SIZE(sides); i++) {
		char *p = xasprintf("%s%s", path, sides[i]);
		remove(p);
		free(p);
	}
}

/* Partial copies left by a recovery that was killed: OUT.partial-PID (and
 * its -wal, -shm) of a process that no longer runs. */
void salvage_partials_clean(const char *out)
{
	char *dir = xstrdup(out), *slash = strrchr(dir, '/');
	char *prefix = xasprintf("%s.partial-", slash ? slash + 1 : out);
	size_t plen = strlen(prefix);
	DIR *d;
	struct dirent *de;

	if (slash)
		slash[slash == dir ? 1 : 0] = '\0';
	if ((d = opendir(slash ? dir : "."))) {
		while ((de = readdir(d))) {
			char *end, *path;
			long pid;
			if (strncmp(de->d_name, prefix, plen) || !isdigit((unsigned char)de->d_name[plen]))
				continue;
			errno = 0;
			pid = strtol(de->d_name + plen, &end, 10);
			if (errno || pid <= 0 || (*end && strcmp(end, "-wal") && strcmp(end, "-shm") &&
						  strcmp(end, "-journal")))
				continue;
			if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
				continue;
			path = slash ? xasprintf("%s/%s", dir, de->d_name) : xstrdup(de->d_name);
			unlink(path);
			free(path);
		}
		closedir(d);
	}
	free(prefix);
	free(dir);
}

static int fsync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Fold the copy's log into it, close it, and rename it into place. */
int salvage_copy_finish(struct store *dst, const char *tmp, const char *out, struct error *err)
{
	sqlite3_stmt *q = NULL;
	struct stat sb;
	char *wal = xasprintf("%s-wal", tmp), *dir = xstrdup(out), *slash;
	int rc = sqlite3_prepare_v2(dst->db, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &q, NULL), busy = 1;

	if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		busy = sqlite3_column_int(q, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_OK)
		store_fail(dst, err, rc, "finishing the recovered database");
	store_close(dst);
	if (rc == SQLITE_OK && (busy || (stat(wal, &sb) == 0 && sb.st_size > 0)))
		rc = error_set(err, EXIT_IOERR, "%s: could not finish writing the recovered database", tmp);
	if (rc == SQLITE_OK && fsync_path(tmp, O_RDONLY) != 0)
		rc = error_set(err, EXIT_IOERR, "%s: cannot save the recovered database: %s", tmp, strerror(errno));
	if (rc == SQLITE_OK && stat(out, &sb) == 0)
		rc = error_set(err, EXIT_IOERR, "%s: already exists; name a new file for the recovered database",
			       out);
	if (rc == SQLITE_OK && rename(tmp, out) != 0)
		rc = error_set(err, EXIT_IOERR, "%s: cannot save the recovered database: %s", out, strerror(errno));
	if (rc == SQLITE_OK) {
		slash = strrchr(dir, '/');
		if (slash)
			slash[slash == dir ? 1 : 0] = '\0';
		fsync_path(slash ? dir : ".", O_RDONLY | O_DIRECTORY);
	}
	free(wal);
	free(dir);
	return rc == SQLITE_OK ? 0 : -1;
}

/* SQLite's reading of the damaged file, read-only; NULL when it cannot even
 * open it. A path is a path: "file:..." is not taken as a URI. */
sqlite3 *salvage_source_open(const char *path, int *version)
{
	char *p = strncmp(path, "file:", 5) ? xstrdup(path) : xasprintf("./%s", path);
	sqlite3 *src = NULL;
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_open_v2(p, &src, SQLITE_OPEN_READONLY, NULL);

	free(p);
	*version = -1;
	if (rc == SQLITE_OK && (rc = sqlite3_prepare_v2(src, "PRAGMA user_version", -1, &q, NULL)) == SQLITE_OK &&
	    (rc = sqlite3_step(q)) == SQLITE_ROW) {
		*version = sqlite3_column_int(q, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_OK) {
		sqlite3_close(src);
		return NULL;
	}
	return src;
}
