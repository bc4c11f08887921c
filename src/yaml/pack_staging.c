/* yaml/pack_staging.c: see pack_staging.h. */
#include "yaml/pack_staging.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"

#define STAGING_PREFIX ".install-"

char *pack_staging_path(const char *dir, bool single)
{
	return xasprintf("%s/" STAGING_PREFIX "%ld%s", dir, (long)getpid(), single ? ".yaml" : "");
}

int pack_entry_remove(const char *path, struct error *err)
{
	struct stat st;

	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *de;
		if (!d)
			return error_set(err, EXIT_IOERR, "%s: cannot remove: %s", path, strerror(errno));
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			char *f = xasprintf("%s/%s", path, de->d_name);
			int rc = unlink(f);
			free(f);
			if (rc != 0) {
				closedir(d);
				return error_set(err, EXIT_IOERR, "%s: cannot remove: %s", path, strerror(errno));
			}
		}
		closedir(d);
		if (rmdir(path) != 0)
			return error_set(err, EXIT_IOERR, "%s: cannot remove: %s", path, strerror(errno));
		return 0;
	}
	if (unlink(path) != 0)
		return error_set(err, EXIT_IOERR, "%s: cannot remove: %s", path, strerror(errno));
	return 0;
}

/* The process id in a staging name (".install-PID" or ".install-PID.yaml"), 0 when it is none. */
static long staging_pid(const char *name)
{
	const char *p = name + strlen(STAGING_PREFIX);
	char *end;
	long pid;

	if (strncmp(name, STAGING_PREFIX, strlen(STAGING_PREFIX)) || *p < '1' || *p > '9')
		return 0;
	errno = 0;
	pid = strtol(p, &end, 10);
	if (errno || (*end && strcmp(end, ".yaml")))
		return 0;
	return pid;
}

long pack_staging_clean(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	long removed = 0;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		long pid = staging_pid(de->d_name);
		struct error ignore;
		char *path;
		if (!pid || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (pack_entry_remove(path, &ignore) == 0)
			removed++;
		free(path);
	}
	closedir(d);
	return removed;
}
