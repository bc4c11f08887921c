/* results.c: writing and reading result and notes files (see results.h),
 * and `micoach export --assignment ID` / `--notes` that make them. */
#include "io/results.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/emit.h"
#include "core/json.h"
#include "core/sha256.h"
#include "core/util.h"
#include "core/isotime.h"

#ifndef MICOACH_VERSION
#define MICOACH_VERSION "unknown"
#endif

void results_release(struct results *r)
{
	free(r->from);
	free(r->exported);
	if (r->has_assignment)
		assignment_release(&r->assignment);
	for (size_t i = 0; i < r->nsessions; i++)
		stored_session_release(&r->sessions[i]);
	free(r->sessions);
	store_notes_free(r->notes, r->nnotes);
	memset(r, 0, sizeof *r);
}

void results_attempt(const struct stored_session *ss, struct attempt *a)
{
	const struct session_info *si = &ss->info;

	memset(a, 0, sizeof *a);
	a->outcome = si->outcome;
	a->scored = si->has_scores;
	a->rq_ratio = si->has_scores ? si->scores.rq_ratio : -1;
	a->pct_complex = si->has_scores ? si->scores.pct_complex : -1;
	for (int k = 0; k < SKILL_COUNT; k++)
		a->skill[k] = si->scores.skill[k];
	a->overall = si->scores.overall;
	a->replies = si->scores.replies;
	for (size_t t = 0; t < ss->nturns; t++)
		a->codes |= ss->turns[t].coded.codes;
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

static void write_scores(struct json *j, const struct session_info *si)
{
	const struct session_scores *sc = &si->scores;

	if (!si->has_scores) {
		json_null(j);
		return;
	}
	json_object_begin(j);
	json_kv_int(j, "replies", sc->replies);
	for (int k = 0; k < SKILL_COUNT; k++)
		json_kv_int(j, skill_name((enum mi_skill)k), sc->skill[k]);
	json_kv_int(j, "overall", sc->overall);
	json_key(j, "rq_ratio");
	if (sc->rq_ratio >= 0)
		json_double(j, sc->rq_ratio, 6);
	else
		json_null(j);
	json_key(j, "pct_complex");
	if (sc->pct_complex >= 0)
		json_double(j, sc->pct_complex, 6);
	else
		json_null(j);
	json_kv_int(j, "adherent", sc->adherent);
	json_kv_int(j, "nonadherent", sc->nonadherent);
	json_kv_double(j, "global_cultivating", sc->global_cultivating, 6);
	json_kv_double(j, "global_softening", sc->global_softening, 6);
	json_kv_double(j, "global_partnership", sc->global_partnership, 6);
	json_kv_double(j, "global_empathy", sc->global_empathy, 6);
	json_kv_double(j, "technical", sc->technical, 6);
	json_kv_double(j, "relational", sc->relational, 6);
	json_object_end(j);
}

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
	for (size_t i = 0; i < cr->ncues; i++) {
		json_object_begin(j);
		json_kv_string(j, "code", code_name(cr->cues[i].code));
		json_kv_int(j, "start", (long long)cr->cues[i].start);
		json_kv_int(j, "len", (long long)cr->cues[i].len);
		json_object_end(j);
	}
	json_array_end(j);
	json_kv_string(j, "tip", cr->tip);
	json_key(j, "meters");
	json_object_begin(j);
	for (size_t m = 0; m < t->nmeters; m++)
		json_kv_int(j, t->meter_ids[m], t->meters[m]);
	json_object_end(j);
	json_kv_string(j, "next", t->next_node);
	json_kv_string(j, "client_next", t->client_next);
	json_kv_string(j, "at", t->at);
	json_object_end(j);
}

static void write_session(struct json *j, const struct stored_session *ss, const struct assignment *a)
{
	const struct session_info *si = &ss->info;

	json_object_begin(j);
	json_kv_string(j, "uid", si->uid);
	json_kv_string(j, "scenario", si->scenario_id);
	json_kv_string(j, "scenario_title", si->scenario_title);
	json_kv_string(j, "pack", si->pack_id);
	json_kv_string(j, "pack_version", si->pack_version);
	json_kv_string(j, "coder_version", si->coder_version);
	json_kv_int(j, "seed", si->seed);
	json_kv_string(j, "mode", si->mode);
	json_kv_string(j, "started", si->started);
	json_kv_string(j, "ended", si->ended);
	json_kv_string(j, "outcome", si->outcome);
	if (a) {
		struct attempt at;
		results_attempt(ss, &at);
		json_kv_bool(j, "passed", attempt_passes(&a->pass, &at, NULL));
	}
	json_key(j, "scores");
	write_scores(j, si);
	json_key(j, "turns");
	json_array_begin(j);
	for (size_t t = 0; t < ss->nturns; t++)
		write_turn(j, &ss->turns[t]);
	json_array_end(j);
	json_key(j, "notes");
	json_array_begin(j);
	for (size_t i = 0; i < ss->nnotes; i++) {
		json_object_begin(j);
		json_kv_string(j, "author", ss->notes[i].author);
		json_kv_string(j, "text", ss->notes[i].text);
		json_kv_string(j, "created", ss->notes[i].created);
		json_object_end(j);
	}
	json_array_end(j);
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
	json_object_begin(&j);
	json_kv_string(&j, "kind", r->kind == RESULTS_SESSIONS ? "results" : "notes");
	json_kv_string(&j, r->kind == RESULTS_SESSIONS ? "trainee" : "trainer", r->from);
	json_kv_string(&j, "exported", r->exported);
	json_kv_string(&j, "micoach", MICOACH_VERSION);
	if (r->has_assignment) {
		json_key(&j, "assignment");
		write_assignment(&j, &r->assignment);
	}
	if (r->kind == RESULTS_SESSIONS) {
		json_key(&j, "sessions");
		json_array_begin(&j);
		for (size_t i = 0; i < r->nsessions; i++)
			write_session(&j, &r->sessions[i], r->has_assignment ? &r->assignment : NULL);
		json_array_end(&j);
	} else {
		json_key(&j, "notes");
		json_array_begin(&j);
		for (size_t i = 0; i < r->nnotes; i++) {
			const struct note_entry *e = &r->notes[i];
			json_object_begin(&j);
			json_kv_string(&j, "uid", e->uid);
			json_kv_string(&j, "session", e->session_uid);
			json_kv_string(&j, "author", e->author);
			json_kv_string(&j, "text", e->text);
			json_kv_string(&j, "created", e->created);
			json_object_end(&j);
		}
		json_array_end(&j);
	}
	json_object_end(&j);
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

struct rd {
	const char *file;
	struct error *err;
};

static int bad(struct rd *R, const struct json_value *v, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int bad(struct rd *R, const struct json_value *v, const char *fmt, ...)
{
	char msg[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return error_set(R->err, EXIT_DATAERR, "%s:%d:%d: error: %s", R->file, v ? v->line : 0, v ? v->col : 0, msg);
}

static const char *type_word(enum json_type t)
{
	switch (t) {
	case JSON_NULL: return "null";
	case JSON_BOOL: return "true or false";
	case JSON_NUMBER: return "a number";
	case JSON_STRING: return "a string";
	case JSON_ARRAY: return "a list";
	case JSON_OBJECT: return "an object";
	}
	return "?";
}

static int member(struct rd *R, const struct json_value *obj, const char *key, enum json_type t, bool nullable,
		  const struct json_value **out)
{
	const struct json_value *m = json_member(obj, key);

	*out = NULL;
	if (!m)
		return bad(R, obj, "'%s' is missing", key);
	if (m->type == JSON_NULL && nullable)
		return 0;
	if (m->type != t)
		return bad(R, m, "'%s' should be %s, not %s", key, type_word(t), type_word(m->type));
	*out = m;
	return 0;
}

static int get_str(struct rd *R, const struct json_value *obj, const char *key, bool nullable, size_t max, char **dst)
{
	const struct json_value *m;

	if (member(R, obj, key, JSON_STRING, nullable, &m))
		return -1;
	*dst = NULL;
	if (!m)
		return 0;
	if (m->len > max)
		return bad(R, m, "'%s' is too long (%zu bytes; at most %zu)", key, m->len, max);
	*dst = xstrdup(m->string);
	return 0;
}

static int get_int(struct rd *R, const struct json_value *obj, const char *key, long long lo, long long hi,
		   long long *dst)
{
	const struct json_value *m;

	if (member(R, obj, key, JSON_NUMBER, false, &m))
		return -1;
	if (!m->is_int || m->integer < lo || m->integer > hi)
		return bad(R, m, "'%s' should be a whole number from %lld to %lld", key, lo, hi);
	*dst = m->integer;
	return 0;
}

static int get_real(struct rd *R, const struct json_value *obj, const char *key, bool nullable, double lo,
		    double hi, double *dst)
{
	const struct json_value *m;

	if (member(R, obj, key, JSON_NUMBER, nullable, &m))
		return -1;
	if (!m) {
		*dst = -1;
		return 0;
	}
	if (m->number < lo || m->number > hi)
		return bad(R, m, "'%s' should be from %g to %g", key, lo, hi);
	*dst = m->number;
	return 0;
}

static bool uid_valid(const char *s)
{
	size_t n = strlen(s);

	if (n != 32)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

static int get_uid(struct rd *R, const struct json_value *obj, const char *key, char **dst)
{
	if (get_str(R, obj, key, false, 64, dst))
		return -1;
	if (!uid_valid(*dst)) {
		bad(R, json_member(obj, key), "'%s' should be 32 lower-case hex digits", key);
		free(*dst);
		*dst = NULL;
		return -1;
	}
	return 0;
}

static int get_time(struct rd *R, const struct json_value *obj, const char *key, bool nullable, char **dst)
{
	if (get_str(R, obj, key, nullable, 32, dst))
		return -1;
	if (*dst && !iso_time_valid(*dst)) {
		bad(R, json_member(obj, key), "'%s' should be a time like 2026-11-25T19:30:00Z", key);
		free(*dst);
		*dst = NULL;
		return -1;
	}
	return 0;
}

static int get_code(struct rd *R, const struct json_value *v, const char *what, enum mi_code *out)
{
	int c = v && v->type == JSON_STRING ? code_parse(v->string) : -1;

	if (c < 0)
		return bad(R, v, "%s should be a behaviour code (OQ, CQ, SR, CR, AF, SEEK, AUTO, GI, PERS, PWP, CONF, OTHER)",
			   what);
	*out = (enum mi_code)c;
	return 0;
}

static int read_assignment(struct rd *R, const struct json_value *v, struct assignment *a)
{
	const struct json_value *sc;
	char *rules = NULL, *mode = NULL;
	struct error e2 = {0};
	int rc = -1;

	memset(a, 0, sizeof *a);
	pass_rules_init(&a->pass);
	if (get_str(R, v, "id", false, ASSIGNMENT_ID_MAX, &a->id) || get_str(R, v, "title", true, 200, &a->title) ||
	    get_str(R, v, "pack", false, 64, &a->pack_id) || get_str(R, v, "pack_version", false, 32, &a->pack_version) ||
	    get_str(R, v, "due", true, 10, &a->due) || get_str(R, v, "trainer", true, 200, &a->trainer) ||
	    get_str(R, v, "mode", false, 8, &mode) || get_str(R, v, "pass", false, 1000, &rules) ||
	    member(R, v, "scenarios", JSON_ARRAY, false, &sc))
		goto out;
	if (strcmp(mode, "exam") && strcmp(mode, "coach")) {
		bad(R, json_member(v, "mode"), "'mode' should be exam or coach");
		goto out;
	}
	a->exam = !strcmp(mode, "exam");
	if (!sc->n || sc->n > ASSIGNMENT_MAX_SCENARIOS) {
		bad(R, sc, "'scenarios' should list 1 to %d scenario ids", ASSIGNMENT_MAX_SCENARIOS);
		goto out;
	}
	a->scenarios = xcalloc(sc->n, sizeof *a->scenarios);
	for (size_t i = 0; i < sc->n; i++) {
		if (sc->items[i].type != JSON_STRING || !sc->items[i].len || sc->items[i].len > 64) {
			bad(R, &sc->items[i], "a scenario id should be a short string");
			goto out;
		}
		a->scenarios[a->nscenarios++] = xstrdup(sc->items[i].string);
	}
	if (pass_rules_parse(rules, &a->pass, &e2)) {
		bad(R, json_member(v, "pass"), "%s", e2.msg);
		goto out;
	}
	if (assignment_check(a, &e2)) {
		bad(R, v, "%s", e2.msg);
		goto out;
	}
	rc = 0;
out:
	free(rules);
	free(mode);
	return rc;
}

static int read_scores(struct rd *R, const struct json_value *v, struct session_info *si)
{
	struct session_scores *sc = &si->scores;
	long long x;

	sc->rq_ratio = sc->pct_complex = -1;
	if (!v)
		return 0;
	si->has_scores = true;
	if (get_int(R, v, "replies", 0, 100000, &x))
		return -1;
	sc->replies = (int)x;
	for (int k = 0; k < SKILL_COUNT; k++) {
		if (get_int(R, v, skill_name((enum mi_skill)k), 0, 100, &x))
			return -1;
		sc->skill[k] = (int)x;
	}
	if (get_int(R, v, "overall", 0, 100, &x))
		return -1;
	sc->overall = (int)x;
	if (get_real(R, v, "rq_ratio", true, 0, 1e6, &sc->rq_ratio) ||
	    get_real(R, v, "pct_complex", true, 0, 100, &sc->pct_complex))
		return -1;
	if (get_int(R, v, "adherent", 0, 100000, &x))
		return -1;
	sc->adherent = (int)x;
	if (get_int(R, v, "nonadherent", 0, 100000, &x))
		return -1;
	sc->nonadherent = (int)x;
	if (get_real(R, v, "global_cultivating", false, 0, 5, &sc->global_cultivating) ||
	    get_real(R, v, "global_softening", false, 0, 5, &sc->global_softening) ||
	    get_real(R, v, "global_partnership", false, 0, 5, &sc->global_partnership) ||
	    get_real(R, v, "global_empathy", false, 0, 5, &sc->global_empathy) ||
	    get_real(R, v, "technical", false, 0, 5, &sc->technical) ||
	    get_real(R, v, "relational", false, 0, 5, &sc->relational))
		return -1;
	return 0;
}

enum { TEXT_MAX = 16000, METERS_IN_FILE_MAX = 16, TURNS_MAX = 1000, SESSIONS_MAX = 100000 };

static int read_turn(struct rd *R, const struct json_value *v, int expect_index, struct stored_turn *t)
{
	const struct json_value *codes, *skills, *cues, *meters, *prim;
	struct coded_reply *cr = &t->coded;
	char *tip = NULL;
	long long x;

	memset(t, 0, sizeof *t);
	if (v->type != JSON_OBJECT)
		return bad(R, v, "a turn should be an object");
	if (get_int(R, v, "turn", 1, TURNS_MAX, &x))
		return -1;
	if (x != expect_index)
		return bad(R, json_member(v, "turn"), "turn %lld out of order (expected %d)", x, expect_index);
	t->index = (int)x;
	if (get_str(R, v, "node", false, 200, &t->node_id) || get_str(R, v, "client", false, TEXT_MAX, &t->client_line) ||
	    get_str(R, v, "reply", false, TEXT_MAX, &t->reply) || get_str(R, v, "next", true, 200, &t->next_node) ||
	    get_str(R, v, "client_next", true, TEXT_MAX, &t->client_next) || get_time(R, v, "at", false, &t->at) ||
	    get_str(R, v, "tip", false, CODER_TIP_MAX - 1, &tip))
		return -1;
	snprintf(cr->tip, sizeof cr->tip, "%s", tip);
	free(tip);
	if (member(R, v, "primary", JSON_STRING, false, &prim) || get_code(R, prim, "'primary'", &cr->primary) ||
	    member(R, v, "codes", JSON_ARRAY, false, &codes) || member(R, v, "skills", JSON_OBJECT, false, &skills) ||
	    member(R, v, "cues", JSON_ARRAY, false, &cues) || member(R, v, "meters", JSON_OBJECT, false, &meters))
		return -1;
	if (codes->n > CODE_COUNT)
		return bad(R, codes, "too many codes");
	for (size_t i = 0; i < codes->n; i++) {
		enum mi_code c = CODE_OTHER;
		if (get_code(R, &codes->items[i], "a code", &c))
			return -1;
		cr->codes |= CODE_BIT(c);
	}
	for (int k = 0; k < SKILL_COUNT; k++) {
		if (get_int(R, skills, skill_name((enum mi_skill)k), 0, 4, &x))
			return -1;
		cr->skills[k] = (int)x;
	}
	const struct json_value *na;
	if (member(R, v, "nonadherent", JSON_BOOL, false, &na))
		return -1;
	cr->nonadherent = na->boolean;
	if (cues->n > CODER_MAX_CUES)
		return bad(R, cues, "too many cues (at most %d)", CODER_MAX_CUES);
	size_t rl = strlen(t->reply);
	for (size_t i = 0; i < cues->n; i++) {
		const struct json_value *cv = &cues->items[i], *cc;
		long long start, len;
		if (cv->type != JSON_OBJECT)
			return bad(R, cv, "a cue should be an object");
		if (member(R, cv, "code", JSON_STRING, false, &cc) || get_code(R, cc, "a cue's code", &cr->cues[i].code) ||
		    get_int(R, cv, "start", 0, TEXT_MAX, &start) || get_int(R, cv, "len", 0, TEXT_MAX, &len))
			return -1;
		if ((size_t)start > rl || (size_t)len > rl - (size_t)start)
			return bad(R, cv, "the cue lies outside the reply");
		cr->cues[i].start = (size_t)start;
		cr->cues[i].len = (size_t)len;
		cr->ncues++;
	}
	if (meters->n > METERS_IN_FILE_MAX)
		return bad(R, meters, "too many meters (at most %d)", METERS_IN_FILE_MAX);
	t->meter_ids = xcalloc(meters->n ? meters->n : 1, sizeof *t->meter_ids);
	t->meters = xcalloc(meters->n ? meters->n : 1, sizeof *t->meters);
	for (size_t m = 0; m < meters->n; m++) {
		const struct json_value *mv = &meters->items[m];
		if (mv->type != JSON_NUMBER || !mv->is_int || mv->integer < -1000 || mv->integer > 1000)
			return bad(R, mv, "meter '%s' should be a whole number", meters->keys[m]);
		t->meter_ids[m] = xstrdup(meters->keys[m]);
		t->meters[m] = (int)mv->integer;
		t->nmeters++;
	}
	return 0;
}

static int read_session(struct rd *R, const struct json_value *v, const char *trainee, struct stored_session *ss)
{
	struct session_info *si = &ss->info;
	const struct json_value *scores, *turns, *notes;
	long long seed;

	memset(ss, 0, sizeof *ss);
	if (v->type != JSON_OBJECT)
		return bad(R, v, "a session should be an object");
	si->user = xstrdup(trainee);
	if (get_uid(R, v, "uid", &si->uid) || get_str(R, v, "scenario", false, 64, &si->scenario_id) ||
	    get_str(R, v, "scenario_title", false, 400, &si->scenario_title) ||
	    get_str(R, v, "pack", false, 64, &si->pack_id) || get_str(R, v, "pack_version", false, 32, &si->pack_version) ||
	    get_str(R, v, "coder_version", false, 200, &si->coder_version) ||
	    get_int(R, v, "seed", 0, 0xffffffffLL, &seed) || get_str(R, v, "mode", false, 8, &si->mode) ||
	    get_time(R, v, "started", false, &si->started) || get_time(R, v, "ended", true, &si->ended) ||
	    get_str(R, v, "outcome", true, 16, &si->outcome))
		return -1;
	si->seed = (unsigned)seed;
	if (!*si->scenario_id)
		return bad(R, json_member(v, "scenario"), "'scenario' is empty");
	if (strcmp(si->mode, "coach") && strcmp(si->mode, "exam"))
		return bad(R, json_member(v, "mode"), "'mode' should be coach or exam");
	if (si->outcome) {
		static const char *const outs[] = { "success", "failure", "limit", "quit", "interrupted" };
		bool ok = false;
		for (size_t i = 0; i < ARRAY_SIZE(outs); i++)
			ok |= !strcmp(si->outcome, outs[i]);
		if (!ok)
			return bad(R, json_member(v, "outcome"), "'outcome' should be success, failure, limit, quit or interrupted");
	}
	if (member(R, v, "scores", JSON_OBJECT, true, &scores) || read_scores(R, scores, si) ||
	    member(R, v, "turns", JSON_ARRAY, false, &turns) || member(R, v, "notes", JSON_ARRAY, false, &notes))
		return -1;
	if (turns->n > TURNS_MAX)
		return bad(R, turns, "too many turns (at most %d)", TURNS_MAX);
	ss->turns = xcalloc(turns->n ? turns->n : 1, sizeof *ss->turns);
	for (size_t i = 0; i < turns->n; i++) {
		ss->nturns++;
		if (read_turn(R, &turns->items[i], (int)i + 1, &ss->turns[i]))
			return -1;
	}
	si->turns = (int)ss->nturns;
	/* Notes in a result file are the trainee's copies of the trainer's own;
	 * they are shown, never imported (the trainer has the originals). */
	return 0;
}

static int read_note(struct rd *R, const struct json_value *v, struct note_entry *e)
{
	memset(e, 0, sizeof *e);
	if (v->type != JSON_OBJECT)
		return bad(R, v, "a note should be an object");
	if (get_uid(R, v, "uid", &e->uid) || get_uid(R, v, "session", &e->session_uid) ||
	    get_str(R, v, "author", false, 200, &e->author) || get_str(R, v, "text", false, TEXT_MAX, &e->text) ||
	    get_time(R, v, "created", false, &e->created))
		return -1;
	return 0;
}

int results_read(const char *buf, size_t len, const char *file, struct results *out, struct error *err)
{
	struct rd R = { .file = file, .err = err };
	struct json_value *root = NULL;
	const struct json_value *fmt, *ver, *sum, *payload, *list, *asg;
	char *kind = NULL;
	char actual[SHA256_HEX];
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (len > RESULTS_FILE_MAX)
		return error_set(err, EXIT_DATAERR, "%s: error: too large for a result file (%zu bytes; at most %d)", file,
				 len, RESULTS_FILE_MAX);
	if (json_parse(buf, len, file, &root, err))
		return -1;
	if (root->type != JSON_OBJECT) {
		bad(&R, root, "not a micoach result file (expected an object)");
		goto out;
	}
	if (member(&R, root, "format", JSON_STRING, false, &fmt))
		goto out;
	if (strcmp(fmt->string, "micoach-results")) {
		bad(&R, fmt, "not a micoach result file (format '%s')", fmt->string);
		goto out;
	}
	if (member(&R, root, "version", JSON_NUMBER, false, &ver) || member(&R, root, "sha256", JSON_STRING, false, &sum) ||
	    member(&R, root, "payload", JSON_OBJECT, false, &payload))
		goto out;
	if (!ver->is_int || ver->integer < 1) {
		bad(&R, ver, "bad format version");
		goto out;
	}
	if (ver->integer > RESULTS_FORMAT_VERSION) {
		bad(&R, ver, "written by a newer micoach (format version %lld; this one reads up to %d); upgrade micoach",
		    ver->integer, RESULTS_FORMAT_VERSION);
		goto out;
	}
	sha256_hex(buf + payload->start, payload->end - payload->start, actual);
	if (strcmp(actual, sum->string)) {
		bad(&R, sum, "checksum mismatch: the payload's SHA-256 is %.12s..., the file says %.12s...; "
			     "the file was changed or damaged after it was exported; ask for a fresh export",
		    actual, sum->string);
		goto out;
	}
	memcpy(out->checksum, actual, sizeof out->checksum);
	if (get_str(&R, payload, "kind", false, 16, &kind))
		goto out;
	if (!strcmp(kind, "results"))
		out->kind = RESULTS_SESSIONS;
	else if (!strcmp(kind, "notes"))
		out->kind = RESULTS_NOTES;
	else {
		bad(&R, json_member(payload, "kind"), "unknown kind '%s' (results or notes)", kind);
		goto out;
	}
	if (get_str(&R, payload, out->kind == RESULTS_SESSIONS ? "trainee" : "trainer", false, 200, &out->from) ||
	    get_time(&R, payload, "exported", false, &out->exported))
		goto out;
	if (!*out->from) {
		bad(&R, payload, "the %s's name is empty", out->kind == RESULTS_SESSIONS ? "trainee" : "trainer");
		goto out;
	}
	if ((asg = json_member(payload, "assignment")) && asg->type != JSON_NULL) {
		if (asg->type != JSON_OBJECT) {
			bad(&R, asg, "'assignment' should be an object");
			goto out;
		}
		out->has_assignment = true;
		if (read_assignment(&R, asg, &out->assignment))
			goto out;
	}
	if (out->kind == RESULTS_SESSIONS) {
		if (!out->has_assignment) {
			bad(&R, payload, "a result file needs its 'assignment'");
			goto out;
		}
		if (member(&R, payload, "sessions", JSON_ARRAY, false, &list))
			goto out;
		if (list->n > SESSIONS_MAX) {
			bad(&R, list, "too many sessions");
			goto out;
		}
		out->sessions = xcalloc(list->n ? list->n : 1, sizeof *out->sessions);
		for (size_t i = 0; i < list->n; i++) {
			out->nsessions++;
			if (read_session(&R, &list->items[i], out->from, &out->sessions[i]))
				goto out;
		}
	} else {
		if (member(&R, payload, "notes", JSON_ARRAY, false, &list))
			goto out;
		out->notes = xcalloc(list->n ? list->n : 1, sizeof *out->notes);
		for (size_t i = 0; i < list->n; i++) {
			out->nnotes++;
			if (read_note(&R, &list->items[i], &out->notes[i]))
				goto out;
		}
	}
	rc = 0;
out:
	free(kind);
	json_value_free(root);
	if (rc)
		results_release(out);
	return rc;
}
