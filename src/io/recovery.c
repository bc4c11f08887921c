/* recovery.c: recovery files (see recovery.h): a practice session that
 * could not reach its database, written whole to a private JSON file, and
 * read back by `micoach recover`. The envelope is this file's; the session
 * is the record's own writer and reader. */
#include "io/recovery.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
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

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t recovery_list_pending(char ***paths)
{
	char *dir = recovery_dir_default();
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *e;
	size_t n = 0, alloc = 0;

	*paths = NULL;
	while (d && (e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l > 13 && !strncmp(e->d_name, "session-", 8) && !strcmp(e->d_name + l - 5, ".json")) {
			ALLOC_GROW(*paths, n + 1, alloc);
			(*paths)[n++] = xasprintf("%s/%s", dir, e->d_name);
		}
	}
	if (d)
		closedir(d);
	free(dir);
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
	const char *tmpdir;
	int rc;

	*path = NULL;
	if (dir)
		return save_in(&sv, dir, path, err);
	def = recovery_dir_default();
	rc = def ? save_in(&sv, def, path, &first) : -1;
	free(def);
	if (rc == 0)
		return 0;
	/* The data directory may be on the full or read-only disk: try /tmp. */
	tmpdir = getenv("TMPDIR");
	if (!tmpdir || tmpdir[0] != '/')
		tmpdir = "/tmp";
	if (save_in(&sv, tmpdir, path, err) == 0)
		return 0;
	if (first.msg[0] && err)
		*err = first;
	return -1;
}

int recovery_update(const struct session *s, const char *database, const char *reason, const char *path,
		    struct error *err)
{
	const struct saving sv = { .s = s, .database = database, .reason = reason };

	return file_write_atomic(path, 0600, write_recovery, (void *)&sv, err);
}

/* --- Reading ------------------------------------------------------------------ */

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
