/* recovery.c: recovery files: a practice session that could not reach its
 * database, written whole to a private JSON file, and read back by
 * `micoach recover`. */
#include "io/recovery.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "io/emit.h"
#include "core/json.h"
#include "io/paths.h"
#include "core/util.h"
#include "io/clock.h"
#include "core/isotime.h"

void recovery_release(struct recovery *r)
{
	free(r->database);
	free(r->reason);
	free(r->saved);
	stored_session_release(&r->session);
	memset(r, 0, sizeof *r);
}

/* --- Writing ---------------------------------------------------------------- */

static void write_turn(struct json *j, const struct stored_turn *t)
{
	const struct coded_reply *cr = &t->coded;

	json_object_begin(j);
	json_kv_int(j, "turn", t->index);
	json_kv_string(j, "node", t->node_id);
	json_kv_string(j, "client", t->client_line);
	json_kv_string(j, "reply", t->reply);
	json_kv_string(j, "primary", code_name(cr->primary));
	json_key(j, "codes");
	json_array_begin(j);
	for (int c = 0; c < CODE_COUNT; c++)
		if (cr->codes & CODE_BIT(c))
			json_string(j, code_name((enum mi_code)c));
	json_array_end(j);
	json_key(j, "skills");
	json_object_begin(j);
	for (int k = 0; k < SKILL_COUNT; k++)
		json_kv_int(j, skill_name((enum mi_skill)k), cr->skills[k]);
	json_object_end(j);
	json_kv_bool(j, "nonadherent", cr->nonadherent);
	json_key(j, "cues");
	json_array_begin(j);
	for (size_t i = 0; i < cr->ncues && i < CODER_MAX_CUES; i++) {
		json_object_begin(j);
		json_kv_string(j, "code", code_name(cr->cues[i].code));
		json_kv_int(j, "start", (long long)cr->cues[i].start);
		json_kv_int(j, "len", (long long)cr->cues[i].len);
		json_object_end(j);
	}
	json_array_end(j);
	json_key(j, "tip");
	json_stringn(j, cr->tip, strnlen(cr->tip, sizeof cr->tip));
	json_key(j, "meters");
	json_array_begin(j);
	for (size_t m = 0; m < t->nmeters; m++) {
		json_object_begin(j);
		json_kv_string(j, "id", t->meter_ids[m]);
		json_kv_int(j, "value", t->meters[m]);
		json_object_end(j);
	}
	json_array_end(j);
	json_kv_string(j, "next", t->next_node);
	json_kv_string(j, "client_next", t->client_next);
	json_kv_string(j, "at", t->at);
	json_object_end(j);
}

int recovery_write(FILE *out, const struct recovery *r, struct error *err)
{
	const struct session_info *si = &r->session.info;
	struct json j;
	char now[32];

	iso_now(now, sizeof now);
	json_init(&j, out, true);
	json_object_begin(&j);
	json_kv_string(&j, "format", "micoach-recovery");
	json_kv_int(&j, "version", RECOVERY_FORMAT_VERSION);
	json_kv_string(&j, "micoach", MICOACH_VERSION);
	json_kv_string(&j, "database", r->database);
	json_kv_string(&j, "reason", r->reason);
	json_kv_string(&j, "saved", r->saved ? r->saved : now);
	json_key(&j, "session");
	json_object_begin(&j);
	json_kv_string(&j, "uid", si->uid);
	json_kv_string(&j, "user", si->user);
	json_kv_string(&j, "scenario", si->scenario_id);
	json_kv_string(&j, "scenario_title", si->scenario_title);
	json_kv_string(&j, "pack", si->pack_id);
	json_kv_string(&j, "pack_version", si->pack_version);
	json_kv_string(&j, "coder_version", si->coder_version);
	json_kv_int(&j, "seed", si->seed);
	json_kv_string(&j, "mode", si->mode);
	json_kv_string(&j, "started", si->started);
	json_kv_string(&j, "ended", si->ended);
	json_kv_string(&j, "outcome", si->outcome);
	json_kv_int(&j, "retry_of", si->retry_of);
	json_kv_int(&j, "retry_turn", si->retry_turn);
	json_kv_int(&j, "assignment", si->assignment_id);
	json_key(&j, "turns");
	json_array_begin(&j);
	for (size_t t = 0; t < r->session.nturns; t++)
		write_turn(&j, &r->session.turns[t]);
	json_array_end(&j);
	json_object_end(&j);
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
	size_t n = 0;

	*paths = NULL;
	while (d && (e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l > 13 && !strncmp(e->d_name, "session-", 8) && !strcmp(e->d_name + l - 5, ".json")) {
			*paths = xrealloc(*paths, (n + 1) * sizeof **paths);
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

/* Write r into dir under a fresh name; 0 with *path, or -1 with err. */
static int save_in(const struct recovery *r, const char *dir, char **path, struct error *err)
{
	char stamp[32], *tmp, *final;
	time_t now = time(NULL);
	struct tm tm;
	FILE *f;
	int fd;

	if (paths_mkdir_p(dir, 0700, err))
		return -1;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	final = xasprintf("%s/session-%s-%ld.json", dir, stamp, (long)getpid());
	for (int k = 2; access(final, F_OK) == 0 && k < 100; k++) {
		free(final);
		final = xasprintf("%s/session-%s-%ld-%d.json", dir, stamp, (long)getpid(), k);
	}
	tmp = xasprintf("%s.tmp", final);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		error_set(err, EXIT_IOERR, "cannot create %s: %s", tmp, strerror(errno));
		goto fail;
	}
	if (!(f = fdopen(fd, "w"))) {
		error_set(err, EXIT_IOERR, "cannot write %s: %s", tmp, strerror(errno));
		close(fd);
		goto fail_unlink;
	}
	if (recovery_write(f, r, err)) {
		fclose(f);
		goto fail_unlink;
	}
	if (fsync(fd) != 0) {
		error_set(err, EXIT_IOERR, "cannot write %s: %s", tmp, strerror(errno));
		fclose(f);
		goto fail_unlink;
	}
	if (fclose(f) != 0) {
		error_set(err, EXIT_IOERR, "cannot write %s: %s", tmp, strerror(errno));
		goto fail_unlink;
	}
	if (rename(tmp, final) != 0) {
		error_set(err, EXIT_IOERR, "cannot rename %s: %s", tmp, strerror(errno));
		goto fail_unlink;
	}
	free(tmp);
	*path = final;
	return 0;
fail_unlink:
	unlink(tmp);
fail:
	free(tmp);
	free(final);
	return -1;
}

int recovery_save(const struct recovery *r, const char *dir, char **path, struct error *err)
{
	struct error first = {0};
	char *def;
	const char *tmpdir;
	int rc;

	*path = NULL;
	if (dir)
		return save_in(r, dir, path, err);
	def = recovery_dir_default();
	rc = def ? save_in(r, def, path, &first) : -1;
	free(def);
	if (rc == 0)
		return 0;
	/* The data directory may be on the full or read-only disk: try /tmp. */
	tmpdir = getenv("TMPDIR");
	if (!tmpdir || tmpdir[0] != '/')
		tmpdir = "/tmp";
	if (save_in(r, tmpdir, path, err) == 0)
		return 0;
	if (first.msg[0] && err)
		*err = first;
	return -1;
}

/* --- Reading ------------------------------------------------------------------ */

struct rd {
	const char *file;
	struct error *err;
};

static int bad(struct rd *R, const struct json_value *v, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int bad(struct rd *R, const struct json_value *v, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (v)
		return error_set(R->err, EXIT_DATAERR, "%s:%d:%d: error: %s", R->file, v->line, v->col, msg);
	return error_set(R->err, EXIT_DATAERR, "%s: error: %s", R->file, msg);
}

enum { TEXT_MAX = 16000, TURNS_MAX = 1000, METERS_MAX_IN_FILE = 16 };

static const struct json_value *need(struct rd *R, const struct json_value *obj, const char *key,
				     enum json_type t, bool nullable)
{
	static const char *const names[] = { "null", "true or false", "a number", "a string", "an array",
					     "an object" };
	const struct json_value *v = json_member(obj, key);

	if (!v) {
		bad(R, obj, "missing '%s'", key);
		return NULL;
	}
	if (v->type == t || (nullable && v->type == JSON_NULL))
		return v;
	bad(R, v, "'%s' should be %s", key, names[t]);
	return NULL;
}

/* A string member (NULL when nullable and null), at most max bytes, copied. */
static int get_str(struct rd *R, const struct json_value *obj, const char *key, bool nullable, size_t max,
		   char **dst)
{
	const struct json_value *v = need(R, obj, key, JSON_STRING, nullable);

	if (!v)
		return -1;
	if (v->type == JSON_NULL) {
		*dst = NULL;
		return 0;
	}
	if (v->len > max)
		return bad(R, v, "'%s' is too long (%zu bytes; at most %zu)", key, v->len, max);
	*dst = xstrdup(v->string);
	return 0;
}

static int get_int(struct rd *R, const struct json_value *obj, const char *key, long long lo, long long hi,
		   long long *dst)
{
	const struct json_value *v = need(R, obj, key, JSON_NUMBER, false);

	if (!v)
		return -1;
	if (!v->is_int || v->integer < lo || v->integer > hi)
		return bad(R, v, "'%s' should be a whole number from %lld to %lld", key, lo, hi);
	*dst = v->integer;
	return 0;
}

static int get_time(struct rd *R, const struct json_value *obj, const char *key, bool nullable, char **dst)
{
	if (get_str(R, obj, key, nullable, 32, dst))
		return -1;
	if (*dst && !iso_time_valid(*dst))
		return bad(R, json_member(obj, key), "'%s' should be a time like 2026-11-25T19:30:00Z", key);
	return 0;
}

static int get_code(struct rd *R, const struct json_value *v, enum mi_code *out)
{
	int c;

	if (v->type != JSON_STRING)
		return bad(R, v, "a code should be a string");
	if ((c = code_parse(v->string)) < 0)
		return bad(R, v, "unknown code '%s'", v->string);
	*out = (enum mi_code)c;
	return 0;
}

static int read_turn(struct rd *R, const struct json_value *v, int expect, struct stored_turn *t)
{
	const struct json_value *codes, *skills, *cues, *meters, *prim, *na, *tip;
	struct coded_reply *cr = &t->coded;
	long long x;

	if (v->type != JSON_OBJECT)
		return bad(R, v, "a turn should be an object");
	if (get_int(R, v, "turn", 1, TURNS_MAX, &x))
		return -1;
	if (x != expect)
		return bad(R, json_member(v, "turn"), "turn %lld out of order (expected %d)", x, expect);
	t->index = (int)x;
	if (get_str(R, v, "node", false, 200, &t->node_id) || get_str(R, v, "client", false, TEXT_MAX, &t->client_line) ||
	    get_str(R, v, "reply", false, TEXT_MAX, &t->reply) || get_str(R, v, "next", true, 200, &t->next_node) ||
	    get_str(R, v, "client_next", true, TEXT_MAX, &t->client_next) || get_time(R, v, "at", false, &t->at))
		return -1;
	if (!(prim = need(R, v, "primary", JSON_STRING, false)) || get_code(R, prim, &cr->primary) ||
	    !(codes = need(R, v, "codes", JSON_ARRAY, false)) || !(skills = need(R, v, "skills", JSON_OBJECT, false)) ||
	    !(na = need(R, v, "nonadherent", JSON_BOOL, false)) || !(cues = need(R, v, "cues", JSON_ARRAY, false)) ||
	    !(tip = need(R, v, "tip", JSON_STRING, false)) || !(meters = need(R, v, "meters", JSON_ARRAY, false)))
		return -1;
	if (codes->n > CODE_COUNT)
		return bad(R, codes, "too many codes");
	for (size_t i = 0; i < codes->n; i++) {
		enum mi_code c;
		if (get_code(R, &codes->items[i], &c))
			return -1;
		cr->codes |= CODE_BIT(c);
	}
	for (int k = 0; k < SKILL_COUNT; k++) {
		if (get_int(R, skills, skill_name((enum mi_skill)k), 0, 4, &x))
			return -1;
		cr->skills[k] = (int)x;
	}
	cr->nonadherent = na->boolean;
	if (tip->len >= sizeof cr->tip)
		return bad(R, tip, "'tip' is too long");
	memcpy(cr->tip, tip->string, tip->len + 1);
	if (cues->n > CODER_MAX_CUES)
		return bad(R, cues, "too many cues (at most %d)", CODER_MAX_CUES);
	size_t rl = strlen(t->reply);
	for (size_t i = 0; i < cues->n; i++) {
		const struct json_value *cv = &cues->items[i], *cc;
		long long start, len;
		if (cv->type != JSON_OBJECT)
			return bad(R, cv, "a cue should be an object");
		if (!(cc = need(R, cv, "code", JSON_STRING, false)) || get_code(R, cc, &cr->cues[i].code) ||
		    get_int(R, cv, "start", 0, TEXT_MAX, &start) || get_int(R, cv, "len", 0, TEXT_MAX, &len))
			return -1;
		if ((size_t)start > rl || (size_t)len > rl - (size_t)start)
			return bad(R, cv, "the cue lies outside the reply");
		cr->cues[i].start = (size_t)start;
		cr->cues[i].len = (size_t)len;
		cr->ncues++;
	}
	if (meters->n > METERS_MAX_IN_FILE)
		return bad(R, meters, "too many meters (at most %d)", METERS_MAX_IN_FILE);
	t->meter_ids = xcalloc(meters->n + 1, sizeof *t->meter_ids);
	t->meters = xcalloc(meters->n + 1, sizeof *t->meters);
	for (size_t m = 0; m < meters->n; m++) {
		const struct json_value *mv = &meters->items[m];
		if (mv->type != JSON_OBJECT)
			return bad(R, mv, "a meter should be an object");
		if (get_str(R, mv, "id", false, 64, &t->meter_ids[m]))
			return -1;
		t->nmeters++;
		if (get_int(R, mv, "value", -1000, 1000, &x))
			return -1;
		t->meters[m] = (int)x;
	}
	return 0;
}

static bool uid_valid(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return false;
	return n == 32;
}

static int read_session(struct rd *R, const struct json_value *v, struct stored_session *ss)
{
	struct session_info *si = &ss->info;
	const struct json_value *turns;
	long long x;

	if (get_str(R, v, "uid", false, 32, &si->uid))
		return -1;
	if (!uid_valid(si->uid))
		return bad(R, json_member(v, "uid"), "'uid' should be 32 lowercase hex digits");
	if (get_str(R, v, "user", false, 200, &si->user) || get_str(R, v, "scenario", false, 128, &si->scenario_id) ||
	    get_str(R, v, "scenario_title", true, 400, &si->scenario_title) ||
	    get_str(R, v, "pack", false, 128, &si->pack_id) || get_str(R, v, "pack_version", false, 64, &si->pack_version) ||
	    get_str(R, v, "coder_version", false, 200, &si->coder_version) ||
	    get_str(R, v, "mode", false, 8, &si->mode) || get_time(R, v, "started", false, &si->started) ||
	    get_time(R, v, "ended", true, &si->ended) || get_str(R, v, "outcome", true, 16, &si->outcome))
		return -1;
	if (!*si->user || !*si->scenario_id)
		return bad(R, v, "the session needs a user and a scenario");
	if (strcmp(si->mode, "coach") && strcmp(si->mode, "exam"))
		return bad(R, json_member(v, "mode"), "'mode' should be coach or exam");
	if (si->outcome) {
		static const char *const outs[] = { "success", "failure", "limit", "quit", "interrupted" };
		bool ok = false;
		for (size_t i = 0; i < ARRAY_SIZE(outs); i++)
			ok |= !strcmp(si->outcome, outs[i]);
		if (!ok)
			return bad(R, json_member(v, "outcome"),
				   "'outcome' should be success, failure, limit, quit or interrupted");
	}
	if (get_int(R, v, "seed", 0, 0xffffffffLL, &x))
		return -1;
	si->seed = (unsigned)x;
	if (get_int(R, v, "retry_of", 0, INT64_MAX, &x))
		return -1;
	si->retry_of = x;
	if (get_int(R, v, "retry_turn", 0, 100000, &x))
		return -1;
	si->retry_turn = (int)x;
	if (get_int(R, v, "assignment", 0, INT64_MAX, &x))
		return -1;
	si->assignment_id = x;
	if (!(turns = need(R, v, "turns", JSON_ARRAY, false)))
		return -1;
	if (turns->n > TURNS_MAX)
		return bad(R, turns, "too many turns (at most %d)", TURNS_MAX);
	ss->turns = xcalloc(turns->n + 1, sizeof *ss->turns);
	for (size_t i = 0; i < turns->n; i++) {
		ss->nturns++;
		if (read_turn(R, &turns->items[i], (int)i + 1, &ss->turns[i]))
			return -1;
	}
	si->turns = (int)ss->nturns;
	return 0;
}

int recovery_read(const char *buf, size_t len, const char *file, struct recovery *out, struct error *err)
{
	struct rd R = { .file = file, .err = err };
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
		bad(&R, root, "not a micoach recovery file (expected an object)");
		goto out;
	}
	if (!(fmt = need(&R, root, "format", JSON_STRING, false)))
		goto out;
	if (strcmp(fmt->string, "micoach-recovery")) {
		bad(&R, fmt, "not a micoach recovery file (format '%s')", fmt->string);
		goto out;
	}
	if (!(ver = need(&R, root, "version", JSON_NUMBER, false)))
		goto out;
	if (!ver->is_int || ver->integer < 1) {
		bad(&R, ver, "bad format version");
		goto out;
	}
	if (ver->integer > RECOVERY_FORMAT_VERSION) {
		bad(&R, ver, "written by a newer micoach (format version %lld; this one reads up to %d); upgrade micoach",
		    ver->integer, RECOVERY_FORMAT_VERSION);
		goto out;
	}
	if (get_str(&R, root, "database", true, 4096, &out->database) ||
	    get_str(&R, root, "reason", true, 2048, &out->reason) || get_time(&R, root, "saved", false, &out->saved))
		goto out;
	if (!(session = need(&R, root, "session", JSON_OBJECT, false)) || read_session(&R, session, &out->session))
		goto out;
	rc = 0;
out:
	json_value_free(root);
	if (rc)
		recovery_release(out);
	return rc;
}
