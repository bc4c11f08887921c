/* paths.c: the XDG data directory and the bundled scenarios and data. */
#include "io/paths.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"

#ifndef MICOACH_SHARE_DIR
#define MICOACH_SHARE_DIR "/usr/local/share/micoach"
#endif

char *paths_data_home(void)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	if (xdg && xdg[0] == '/')
		return xasprintf("%s/micoach", xdg);
	if (home && home[0])
		return xasprintf("%s/.local/share/micoach", home);
	return NULL;
}

char *paths_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

bool paths_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *paths_bundled(const char *sub)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (n > 0) {
		exe[n] = '\0';
		/* A source tree: the binary at the top (./micoach) or one or two
		 * levels below it (build/san/micoach, /tmp/b-x/micoach is not). */
		char *dir = paths_dirname(exe);
		for (int up = 0; up < 3; up++) {
			char *cand = xasprintf("%s/%s", dir, sub);
			char *mk = xasprintf("%s/Makefile", dir);
			char *src = xasprintf("%s/src/app/main.c", dir);
			bool ok = paths_is_dir(cand) && access(mk, R_OK) == 0 && access(src, R_OK) == 0;
			free(mk);
			free(src);
			if (ok) {
				free(dir);
				return cand;
			}
			free(cand);
			char *parent = paths_dirname(dir);
			free(dir);
			dir = parent;
		}
		free(dir);
	}
	/* Helpers that build elsewhere (make B=/tmp/x) run from the source tree. */
	const char *src = getenv("MICOACH_SRC");
	if (src && *src) {
		char *cand = xasprintf("%s/%s", src, sub);
		if (paths_is_dir(cand))
			return cand;
		free(cand);
	}
	return xasprintf("%s/%s", MICOACH_SHARE_DIR, sub);
}

int paths_mkdir_p(const char *dir, mode_t mode, struct error *err)
{
	char *p = xstrdup(dir);
	/* micoach's own data directory is private (0700) whichever command
	 * makes it first: it holds the database, sessions and recovery files. */
	char *home = paths_data_home();

	for (char *s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, home && !strcmp(p, home) ? 0700 : mode) != 0 && errno != EEXIST) {
				int e = errno;
				error_set(err, EXIT_IOERR, "cannot create directory %s: %s", p, strerror(e));
				free(p);
				free(home);
				return -1;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	free(home);
	if (!paths_is_dir(dir))
		return error_set(err, EXIT_IOERR, "%s exists and is not a directory", dir);
	return 0;
}
