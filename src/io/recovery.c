/* recovery.c: recovery files (see recovery.h): a practice session that
 * could not reach its database, written whole to a private JSON file, and
 * read back by `micoach recover`. The envelope is this file's; the session
 * is the record's own writer and reader. */
#include "io/recovery.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/json.h"
#include "core/session_read.h"
#include "core/util.h"
#include "io/clock.h"
#include "io/emit.h"
#include "io/file.h"
#include "io/paths.h"
#include "io/session_write.h"

void recovery_release(struct recovery *r)
{
	free(r->database);
	free(r->reason);
	free(r->saved);
	session_release(&r->session);
	memset(r, 0, sizeof *r);
}

/* --- Writing ---------------------------------------------------------------- */

int recovery_write(FILE *out, const struct session *s, const char *database, const char *reason,
		   const char *saved, struct error *err)
{
	struct json j;
	char now[32];

	iso_now(now, sizeof now);
	json_init(&j, out, true);
	json_object_begin(&j);
	json_kv_string(&j, "format", "micoach-recovery");
	json_kv_int(&j, "version", RECOVERY_FORMAT_VERSION);
	json_kv_string(&j, "micoach", MICOACH_VERSION);
	json_kv_string(&j, "database", database);
	json_kv_string(&j, "reason", reason);
	json_kv_string(&j, "saved", saved ? saved : now);
	json_key(&j, "session");
	session_json_write(&j, s, SESSION_JSON_TURNS);
	json_object_end(&j);
	json_newline(&j);
	if (fflush(out) || ferror(out))
		return error_set(err, EXIT_IOERR, "cannot write the recovery file: %s", strerror(errno));
	return 0;
}

char *recovery_dir_default(void)
{
	char *home = paths_data_home();
	char *dir = home ? xasprintf("%s/recovery", home) : NULL;

	free(home);
	return dir;
}

/* The directory under base ($TMPDIR or /tmp) where recovery files go when
 * the data directory cannot take them. */
static char *fallback_dir(const char *base)
{
	size_t n = strlen(base);

	while (n > 1 && base[n - 1] == '/')
		n--;
	return xasprintf("%.*s/micoach-recovery-%ld", (int)n, base, (long)geteuid());
}

static const char *tmp_base(void)
{
	const char *t = getenv("TMPDIR");

	return t && t[0] == '/' ? t : NULL;
}

size_t recovery_dirs(char *dirs[RECOVERY_DIRS_MAX])
{
	size_t n = 0;
	char *d = recovery_dir_default();

	if (d)
		dirs[n++] = d;
	if (tmp_base())
		dirs[n++] = fallback_dir(tmp_base());
	d = fallback_dir("/tmp");
	if (n && !strcmp(dirs[n - 1], d))
		free(d);
	else
		dirs[n++] = d;
	return n;
}

/* A directory in a shared place is used only when it is this user's own,
 * private, and not a link. */
static bool dir_ours(const char *dir)
{
	struct stat st;

	return lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid() && !(st.st_mode & 077);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Oldest first: by the file's name (its time stamp), wherever it is. */
static int name_cmp(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	int c = strcmp(base_name(x), base_name(y));

	return c ? c : strcmp(x, y);
}

/* The session-*.json files in dir into *paths; with owned, only this
 * user's (a shared directory: micoach 0.1 wrote its fallback files
 * straight into $TMPDIR or /tmp). */
static void list_in(const char *dir, bool owned, char ***paths, size_t *n, size_t *alloc)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		size_t l = strlen(e->d_name);
		struct stat st;
		char *path;
		if (l <= 13 || strncmp(e->d_name, "session-", 8) || strcmp(e->d_name + l - 5, ".json"))
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (owned && (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid())) {
			free(path);
			continue;
		}
		ALLOC_GROW(*paths, *n + 1, *alloc);
		(*paths)[(*n)++] = path;
	}
	if (d)
		closedir(d);
}

size_t recovery_list_pending(char ***paths)
{
	char *dirs[RECOVERY_DIRS_MAX];
	size_t nd = recovery_dirs(dirs), n = 0, alloc = 0;
	const char *bases[2] = { tmp_base(), "/tmp" };

	*paths = NULL;
	for (size_t i = 0; i < nd; i++) {
		if (i == 0 || dir_ours(dirs[i]))
			list_in(dirs[i], false, paths, &n, &alloc);
		free(dirs[i]);
	}
	for (size_t i = 0; i < 2; i++)
		if (bases[i] && (i == 0 || !bases[0] || strcmp(bases[0], bases[1])))
			list_in(bases[i], true, paths, &n, &alloc);
	if (n)
		qsort(*paths, n, sizeof **paths, name_cmp);
	return n;
}

/* What recovery_save writes. */
struct saving {
	const struct session *s;
	const char *database, *reason;
};

static int write_recovery(FILE *out, void *arg, struct error *err)
{
	const struct saving *sv = arg;

	return recovery_write(out, sv->s, sv->database, sv->reason, NULL, err);
}

/* Write into dir under a fresh name; 0 with *path, or -1 with err. */
static int save_in(const struct saving *sv, const char *dir, char **path, struct error *err)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	if (paths_mkdir_p(dir, 0700, err))
		return -1;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	for (int k = 1; k < 100; k++) {
		char *name = k == 1 ? xasprintf("%s/session-%s-%ld.json", dir, stamp, (long)getpid())
				    : xasprintf("%s/session-%s-%ld-%d.json", dir, stamp, (long)getpid(), k);
		bool exists = false;
		if (file_write_new(name, 0600, write_recovery, (void *)sv, &exists, err) == 0) {
			*path = name;
			return 0;
		}
		free(name);
		if (!exists)
			return -1;
	}
	return error_set(err, EXIT_IOERR, "%s: no free name for a recovery file", dir);
}

int recovery_save(const struct session *s, const char *database, const char *reason, const char *dir,
		  char **path, struct error *err)
{
	const struct saving sv = { .s = s, .database = database, .reason = reason };
	struct error first = {0};
	char *def;
	int rc;

	*path = NULL;
	if (dir)
		return save_in(&sv, dir, path, err);
	def = recovery_dir_default();
	rc = def ? save_in(&sv, def, path, &first) : -1;
	free(def);
	if (rc == 0)
		return 0;
	/* The data directory may be on the full or read-only disk: a private
	 * directory of this user's in $TMPDIR, or in /tmp (recovery_dirs:
	 * where doctor and recover look). */
	struct error e = {0};
	for (int k = 0; k < 2; k++) {
		const char *base = k == 0 ? tmp_base() : "/tmp";
		char *fb;
		if (!base || (k == 1 && tmp_base() && !strcmp(tmp_base(), "/tmp")))
			continue;
		fb = fallback_dir(base);
		rc = paths_mkdir_p(fb, 0700, &e) == 0 && dir_ours(fb) ? save_in(&sv, fb, path, &e) : -1;
		free(fb);
		if (rc == 0)
			return 0;
	}
	if (err)
		*err = first.msg[0] ? first : e;
	return -1;
}

int recovery_update(const struct session *s, const char *database, const char *reason, const char *path,
		    struct error *err)
{
	const struct saving sv = { .s = s, .database = database, .reason = reason };

	return file_write_atomic(path, 0600, write_recovery, (void *)&sv, err);
}

/* --- Reading ------------------------------------------------------------------ */

int recovery_load(const char *path, struct recovery *out, struct error *err)
{
	size_t len = 0;
	char *buf;
	int rc;

	memset(out, 0, sizeof *out);
	if (file_read_capped(path, RECOVERY_FILE_MAX, "recovery file", &buf, &len, err))
		return -1;
	rc = recovery_read(buf, len, path, out, err);
	free(buf);
	return rc;
}

int recovery_mark_imported(const char *path)
{
	char *done = xasprintf("%s.imported", path);
	int rc = rename(path, done);

	free(done);
	return rc;
}

int recovery_read(const char *buf, size_t len, const char *file, struct recovery *out, struct error *err)
{
	struct json_reader R = { .file = file, .err = err };
	struct json_value *root = NULL;
	const struct json_value *fmt, *ver, *session;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (len > RECOVERY_FILE_MAX)
		return error_set(err, EXIT_DATAERR, "%s: error: too large for a recovery file (%zu bytes; at most %d)",
				 file, len, RECOVERY_FILE_MAX);
	if (json_parse(buf, len, file, &root, err))
		return -1;
	if (root->type != JSON_OBJECT) {
		json_bad(&R, root, "not a micoach recovery file (expected an object)");
		goto out;
	}
	if (json_get(&R, root, "format", JSON_STRING, 0, &fmt))
		goto out;
	if (strcmp(fmt->string, "micoach-recovery")) {
		json_bad(&R, fmt, "not a micoach recovery file (format '%s')", fmt->string);
		goto out;
	}
	if (json_get(&R, root, "version", JSON_NUMBER, 0, &ver))
		goto out;
	if (!ver->is_int || ver->integer < 1) {
		json_bad(&R, ver, "bad format version");
		goto out;
	}
	if (ver->integer > RECOVERY_FORMAT_VERSION) {
		json_bad(&R, ver, "written by a newer micoach (format version %lld; this one reads up to %d); "
			 "upgrade micoach", ver->integer, RECOVERY_FORMAT_VERSION);
		goto out;
	}
	out->version = (int)ver->integer;
	if (json_get_str(&R, root, "database", JSON_NULLABLE, 4096, &out->database) ||
	    json_get_str(&R, root, "reason", JSON_NULLABLE, 2048, &out->reason) ||
	    json_get_time(&R, root, "saved", 0, &out->saved) ||
	    json_get(&R, root, "session", JSON_OBJECT, 0, &session) ||
	    session_read(&R, session, SESSION_READ_USER, &out->session))
		goto out;
	if (!json_member(session, "turns") || json_member(session, "turns")->type != JSON_ARRAY) {
		json_bad(&R, session, "'turns' should be the list of turns");
		goto out;
	}
	rc = 0;
out:
	json_value_free(root);
	if (rc)
		recovery_release(out);
	return rc;
}
