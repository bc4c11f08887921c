/* results.c: writing and reading result and notes files (see results.h):
 * the envelope, its checksum and the payload's own members; sessions and
 * notes go through the session record's writer and reader. */
#include "io/results.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/session_read.h"
#include "core/sha256.h"
#include "core/util.h"
#include "io/emit.h"
#include "io/session_write.h"

#ifndef MICOACH_VERSION
#define MICOACH_VERSION "unknown"
#endif

enum { SESSIONS_MAX = 100000, NOTES_MAX = 1000000 };

void results_release(struct results *r)
{
	free(r->from);
	free(r->exported);
	if (r->has_assignment)
		assignment_release(&r->assignment);
	for (size_t i = 0; i < r->nsessions; i++)
		session_release(&r->sessions[i]);
	free(r->sessions);
	session_notes_free(r->notes, r->nnotes);
	memset(r, 0, sizeof *r);
}

/* --- Writing ------------------------------------------------------------------ */

static void write_assignment(struct json *j, const struct assignment *a)
{
	struct strbuf rules = {0};

	json_object_begin(j);
	json_kv_string(j, "id", a->id);
	json_kv_string(j, "title", a->title);
	json_kv_string(j, "pack", a->pack_id);
	json_kv_string(j, "pack_version", a->pack_version);
	json_key(j, "scenarios");
	json_array_begin(j);
	for (size_t i = 0; i < a->nscenarios; i++)
		json_string(j, a->scenarios[i]);
	json_array_end(j);
	json_kv_string(j, "due", a->due);
	json_kv_string(j, "mode", a->exam ? "exam" : "coach");
	json_kv_string(j, "trainer", a->trainer);
	pass_rules_format(&a->pass, &rules);
	json_kv_string(j, "pass", rules.buf);
	json_object_end(j);
	strbuf_release(&rules);
}

static void write_payload(struct json *j, const struct results *r)
{
	json_object_begin(j);
	json_kv_string(j, "kind", r->kind == RESULTS_SESSIONS ? "results" : "notes");
	json_kv_string(j, r->kind == RESULTS_SESSIONS ? "trainee" : "trainer", r->from);
	json_kv_string(j, "exported", r->exported);
	json_kv_string(j, "micoach", MICOACH_VERSION);
	if (r->has_assignment) {
		json_key(j, "assignment");
		write_assignment(j, &r->assignment);
	}
	if (r->kind == RESULTS_SESSIONS) {
		json_key(j, "sessions");
		json_array_begin(j);
		for (size_t i = 0; i < r->nsessions; i++) {
			json_object_begin(j);
			session_json_fields(j, &r->sessions[i], SESSION_JSON_TURNS | SESSION_JSON_NOTES);
			if (r->has_assignment) {
				struct attempt at;
				session_attempt(&r->sessions[i], &at);
				json_kv_bool(j, "passed", attempt_passes(&r->assignment.pass, &at, NULL));
			}
			json_object_end(j);
		}
		json_array_end(j);
	} else {
		json_key(j, "notes");
		json_array_begin(j);
		for (size_t i = 0; i < r->nnotes; i++)
			session_json_note(j, &r->notes[i]);
		json_array_end(j);
	}
	json_object_end(j);
}

int results_write(FILE *out, struct results *r, struct error *err)
{
	char *payload = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&payload, &len);
	struct json j;

	if (!mem)
		return error_set(err, EXIT_SOFTWARE, "cannot make the result file: %s", strerror(errno));
	json_init(&j, mem, true);
	write_payload(&j, r);
	if (fclose(mem) != 0) {
		free(payload);
		return error_set(err, EXIT_SOFTWARE, "cannot make the result file: %s", strerror(errno));
	}
	sha256_hex(payload, len, r->checksum);
	fprintf(out, "{\n\"format\": \"micoach-results\",\n\"version\": %d,\n\"sha256\": \"%s\",\n\"payload\": ",
		RESULTS_FORMAT_VERSION, r->checksum);
	fwrite(payload, 1, len, out);
	fputs("\n}\n", out);
	free(payload);
	if (ferror(out))
		return error_set(err, EXIT_IOERR, "cannot write the result file: %s", strerror(errno));
	return 0;
}

/* --- Reading -------------------------------------------------------------------- */

static int read_assignment(const struct json_reader *R, const struct json_value *v, struct assignment *a)
{
	const struct json_value *sc;
	char *rules = NULL, *mode = NULL;
	struct error e2 = {0};
	int rc = -1;

	memset(a, 0, sizeof *a);
	pass_rules_init(&a->pass);
	if (json_get_str(R, v, "id", 0, ASSIGNMENT_ID_MAX, &a->id) ||
	    json_get_str(R, v, "title", JSON_NULLABLE, LIMIT_TITLE, &a->title) ||
	    json_get_str(R, v, "pack", 0, LIMIT_ID, &a->pack_id) ||
	    json_get_str(R, v, "pack_version", 0, LIMIT_VERSION, &a->pack_version) ||
	    json_get_str(R, v, "due", JSON_NULLABLE, 10, &a->due) ||
	    json_get_str(R, v, "trainer", JSON_NULLABLE, LIMIT_PERSON, &a->trainer) ||
	    json_get_str(R, v, "mode", 0, 8, &mode) || json_get_str(R, v, "pass", 0, 1000, &rules) ||
	    json_get(R, v, "scenarios", JSON_ARRAY, 0, &sc))
		goto out;
	if (strcmp(mode, "exam") && strcmp(mode, "coach")) {
		json_bad(R, json_member(v, "mode"), "'mode' should be exam or coach");
		goto out;
	}
	a->exam = !strcmp(mode, "exam");
	if (!sc->n || sc->n > ASSIGNMENT_MAX_SCENARIOS) {
		json_bad(R, sc, "'scenarios' should list 1 to %d scenario ids", ASSIGNMENT_MAX_SCENARIOS);
		goto out;
	}
	a->scenarios = xcalloc(sc->n, sizeof *a->scenarios);
	for (size_t i = 0; i < sc->n; i++) {
		if (sc->items[i].type != JSON_STRING || !sc->items[i].len || sc->items[i].len > 64) {
			json_bad(R, &sc->items[i], "a scenario id should be a short string");
			goto out;
		}
		a->scenarios[a->nscenarios++] = xstrdup(sc->items[i].string);
	}
	if (pass_rules_parse(rules, &a->pass, &e2)) {
		json_bad(R, json_member(v, "pass"), "%s", e2.msg);
		goto out;
	}
	if (assignment_check(a, &e2)) {
		json_bad(R, v, "%s", e2.msg);
		goto out;
	}
	rc = 0;
out:
	free(rules);
	free(mode);
	return rc;
}

/* The format, version and checksum of the envelope; *payload on success. */
static int read_envelope(const struct json_reader *R, const char *buf, const struct json_value *root,
			 struct results *out, const struct json_value **payload)
{
	const struct json_value *fmt, *ver, *sum;
	char actual[SHA256_HEX];

	if (root->type != JSON_OBJECT)
		return json_bad(R, root, "not a micoach result file (expected an object)");
	if (json_get(R, root, "format", JSON_STRING, 0, &fmt))
		return -1;
	if (strcmp(fmt->string, "micoach-results"))
		return json_bad(R, fmt, "not a micoach result file (format '%s')", fmt->string);
	if (json_get(R, root, "version", JSON_NUMBER, 0, &ver) || json_get(R, root, "sha256", JSON_STRING, 0, &sum) ||
	    json_get(R, root, "payload", JSON_OBJECT, 0, payload))
		return -1;
	if (!ver->is_int || ver->integer < 1)
		return json_bad(R, ver, "bad format version");
	if (ver->integer > RESULTS_FORMAT_VERSION)
		return json_bad(R, ver, "written by a newer micoach (format version %lld; this one reads up to %d); "
			       "upgrade micoach", ver->integer, RESULTS_FORMAT_VERSION);
	out->version = (int)ver->integer;
	sha256_hex(buf + (*payload)->start, (*payload)->end - (*payload)->start, actual);
	if (strcmp(actual, sum->string))
		return json_bad(R, sum, "checksum mismatch: the payload's SHA-256 is %.12s..., the file says %.12s...; "
			       "the file was changed or damaged after it was exported; ask for a fresh export",
			       actual, sum->string);
	memcpy(out->checksum, actual, sizeof out->checksum);
	return 0;
}

/* a's time as "YYYY-MM-DDTHH:MM:SS" (a valid time: iso_time_valid), to
 * compare times written with and without seconds, or as dates. */
static void time_norm(const char *a, char out[20])
{
	size_t n = strlen(a);

	snprintf(out, 20, "%.10sT%.2s:%.2s:%.2s", a, n > 10 ? a + 11 : "00", n > 10 ? a + 14 : "00",
		 n == 20 ? a + 17 : "00");
}

/* A session that practice could not have written: scores that do not add
 * up, an end before the start, a scenario the assignment does not hold. */
static int session_check(const struct json_reader *R, const struct json_value *v, const struct results *out,
			 const struct session *s)
{
	const struct session_info *si = &s->info;
	const struct assignment *a = &out->assignment;
	char from[20], to[20];

	if (si->has_scores) {
		int total = 0, want;
		for (int k = 0; k < SKILL_COUNT; k++)
			total += si->scores.skill[k];
		want = (total + SKILL_COUNT / 2) / SKILL_COUNT;
		if (si->scores.overall != want)
			return json_bad(R, json_member(v, "scores"), "'overall' is %d, but the mean of the four skill scores "
					"is %d: micoach did not write these scores", si->scores.overall, want);
	}
	time_norm(si->started, from);
	if (si->ended && (time_norm(si->ended, to), strcmp(to, from) < 0))
		return json_bad(R, json_member(v, "ended"), "the session ends (%s) before it starts (%s)", si->ended,
				si->started);
	if (strcmp(si->pack_id, a->pack_id) || !assignment_has_scenario(a, si->scenario_id))
		return json_bad(R, json_member(v, "scenario"), "a session of %s/%s, which assignment '%s' does not "
				"hold (it is pack %s: %zu scenarios)", si->pack_id, si->scenario_id, a->id, a->pack_id,
				a->nscenarios);
	return 0;
}

static int read_sessions(const struct json_reader *R, const struct json_value *payload, struct results *out)
{
	const struct json_value *list;

	if (!out->has_assignment)
		return json_bad(R, payload, "a result file needs its 'assignment'");
	if (json_get(R, payload, "sessions", JSON_ARRAY, 0, &list))
		return -1;
	if (list->n > SESSIONS_MAX)
		return json_bad(R, list, "too many sessions");
	out->sessions = xcalloc(list->n + 1, sizeof *out->sessions);
	for (size_t i = 0; i < list->n; i++) {
		struct session *s = &out->sessions[out->nsessions++];
		if (session_read(R, &list->items[i], 0, s) || session_check(R, &list->items[i], out, s))
			return -1;
		/* The trainee's file holds the trainee's sessions. */
		session_set(&s->info.user, out->from);
	}
	return 0;
}

static int read_notes(const struct json_reader *R, const struct json_value *payload, struct results *out)
{
	const struct json_value *list;

	if (json_get(R, payload, "notes", JSON_ARRAY, 0, &list))
		return -1;
	if (list->n > NOTES_MAX)
		return json_bad(R, list, "too many notes");
	out->notes = xcalloc(list->n + 1, sizeof *out->notes);
	for (size_t i = 0; i < list->n; i++)
		if (session_read_note(R, &list->items[i], SESSION_READ_NOTE_UIDS, &out->notes[out->nnotes++]))
			return -1;
	return 0;
}

int results_read(const char *buf, size_t len, const char *file, struct results *out, struct error *err)
{
	struct json_reader R = { .file = file, .err = err };
	struct json_value *root = NULL;
	const struct json_value *payload, *asg;
	char *kind = NULL;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (len > RESULTS_FILE_MAX)
		return error_set(err, EXIT_DATAERR, "%s: error: too large for a result file (%zu bytes; at most %d)", file,
				 len, RESULTS_FILE_MAX);
	if (json_parse(buf, len, file, &root, err))
		return -1;
	if (read_envelope(&R, buf, root, out, &payload) || json_get_str(&R, payload, "kind", 0, 16, &kind))
		goto out;
	if (!strcmp(kind, "results")) {
		out->kind = RESULTS_SESSIONS;
	} else if (!strcmp(kind, "notes")) {
		out->kind = RESULTS_NOTES;
	} else {
		json_bad(&R, json_member(payload, "kind"), "unknown kind '%s' (results or notes)", kind);
		goto out;
	}
	if (json_get_str(&R, payload, out->kind == RESULTS_SESSIONS ? "trainee" : "trainer", 0, LIMIT_PERSON, &out->from) ||
	    json_get_time(&R, payload, "exported", 0, &out->exported))
		goto out;
	if (!*out->from) {
		json_bad(&R, payload, "the %s's name is empty", out->kind == RESULTS_SESSIONS ? "trainee" : "trainer");
		goto out;
	}
	if (json_get(&R, payload, "assignment", JSON_OBJECT, JSON_OPTIONAL | JSON_NULLABLE, &asg))
		goto out;
	if (asg) {
		out->has_assignment = true;
		if (read_assignment(&R, asg, &out->assignment))
			goto out;
	}
	rc = out->kind == RESULTS_SESSIONS ? read_sessions(&R, payload, out) : read_notes(&R, payload, out);
out:
	free(kind);
	json_value_free(root);
	if (rc)
		results_release(out);
	return rc;
}
