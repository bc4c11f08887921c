/* session_write.c: the session record as JSON (see session_write.h). */
#include "io/session_write.h"

#include <math.h>
#include <string.h>

#include "core/client_talk.h"
#include "core/util.h"

/* Decimals of the stored ratios and ratings: enough that a file read back
 * gives the same pass or fail as the database it came from. */
enum { SCORE_DECIMALS = 6 };

static void id_or_null(struct json *j, const char *key, int64_t v)
{
	json_key(j, key);
	if (v > 0)
		json_int(j, v);
	else
		json_null(j);
}

static void ratio_or_null(struct json *j, const char *key, double v)
{
	json_key(j, key);
	if (v < 0)
		json_null(j);
	else
		json_double(j, v, SCORE_DECIMALS);
}

void session_json_scores(struct json *j, const struct session_info *si)
{
	const struct session_scores *sc = &si->scores;

	if (!si->has_scores) {
		json_null(j);
		return;
	}
	json_object_begin(j);
	json_kv_int(j, "replies", sc->replies);
	json_key(j, "skills");
	json_object_begin(j);
	for (int k = 0; k < SKILL_COUNT; k++)
		json_kv_int(j, skill_name((enum mi_skill)k), sc->skill[k]);
	json_object_end(j);
	json_kv_int(j, "overall", sc->overall);
	ratio_or_null(j, "rq_ratio", sc->rq_ratio);
	ratio_or_null(j, "pct_complex", sc->pct_complex);
	json_kv_int(j, "adherent", sc->adherent);
	json_kv_int(j, "nonadherent", sc->nonadherent);
	json_key(j, "globals");
	json_object_begin(j);
	for (size_t g = 0; g < SESSION_GLOBALS; g++)
		json_kv_double(j, session_global_name(g), session_global_value(sc, g), SCORE_DECIMALS);
	json_object_end(j);
	json_kv_double(j, "technical", sc->technical, SCORE_DECIMALS);
	json_kv_double(j, "relational", sc->relational, SCORE_DECIMALS);
	json_object_end(j);
}

void session_json_header(struct json *j, const struct session_info *si, bool count)
{
	id_or_null(j, "id", si->id);
	json_kv_string(j, "uid", si->uid);
	json_kv_string(j, "started", si->started);
	json_kv_string(j, "ended", si->ended);
	json_kv_string(j, "user", si->user);
	json_kv_string(j, "scenario", si->scenario_id);
	json_kv_string(j, "scenario_title", si->scenario_title);
	json_kv_string(j, "pack", si->pack_id);
	json_kv_string(j, "pack_title", si->pack_title);
	json_kv_string(j, "pack_version", si->pack_version);
	json_kv_string(j, "coder_version", si->coder_version);
	json_kv_string(j, "mode", si->mode);
	json_kv_int(j, "seed", si->seed);
	if (count)
		json_kv_int(j, "turns", si->turns);
	json_kv_string(j, "outcome", si->outcome);
	id_or_null(j, "retry_of", si->retry_of);
	json_key(j, "retry_turn");
	if (si->retry_of > 0)
		json_int(j, si->retry_turn);
	else
		json_null(j);
	id_or_null(j, "assignment", si->assignment_id);
	if (si->hints_recorded)
		json_kv_int(j, "hints", si->hints);
	json_key(j, "scores");
	session_json_scores(j, si);
}

void session_json_coded(struct json *j, const char *reply, const struct coded_reply *cr)
{
	size_t rlen = reply ? strlen(reply) : 0;

	json_kv_string(j, "primary", code_name(cr->primary));
	json_key(j, "codes");
	json_array_begin(j);
	json_string(j, code_name(cr->primary));
	for (int c = 0; c < CODE_COUNT; c++)
		if (c != (int)cr->primary && (cr->codes & CODE_BIT(c)))
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
		const struct cue *cu = &cr->cues[i];
		if (i >= CODER_MAX_CUES)
			BUG("%zu cues in a coded reply", cr->ncues);
		if (cu->start > rlen || cu->len > rlen - cu->start)
			BUG("a cue (%zu+%zu) outside its reply (%zu bytes)", cu->start, cu->len, rlen);
		json_object_begin(j);
		json_kv_string(j, "code", code_name(cu->code));
		json_kv_int(j, "start", (long long)cu->start);
		json_kv_int(j, "len", (long long)cu->len);
		json_key(j, "text");
		json_stringn(j, reply + cu->start, cu->len);
		json_object_end(j);
	}
	json_array_end(j);
	json_key(j, "tip");
	json_stringn(j, cr->tip, strnlen(cr->tip, sizeof cr->tip));
}

/* A label, or null when there is none. */
static void label_or_null(struct json *j, const char *key, const char *name)
{
	json_kv_string(j, key, name && *name ? name : NULL);
}

static void lines_json(struct json *j, const struct session_line *l, size_t n)
{
	json_array_begin(j);
	for (size_t i = 0; i < n; i++) {
		json_object_begin(j);
		json_kv_string(j, "text", l[i].text);
		label_or_null(j, "talk", talk_name(l[i].talk));
		label_or_null(j, "kind", talk_kind_name(l[i].kind));
		json_kv_string(j, "thought", l[i].thought);
		json_object_end(j);
	}
	json_array_end(j);
}

void session_json_turn(struct json *j, const struct session_turn *t)
{
	json_object_begin(j);
	json_kv_int(j, "turn", t->index);
	json_kv_string(j, "node", t->node_id);
	json_kv_string(j, "client", t->client_line);
	json_kv_string(j, "reply", t->reply);
	session_json_coded(j, t->reply, &t->coded);
	json_key(j, "meters");
	json_object_begin(j);
	for (size_t m = 0; m < t->nmeters; m++)
		json_kv_int(j, t->meter_ids[m], t->meters[m]);
	json_object_end(j);
	json_kv_string(j, "next", t->next_node);
	json_kv_string(j, "client_next", t->client_next);
	json_kv_string(j, "at", t->at);
	json_key(j, "client_next_lines");
	lines_json(j, t->lines, t->nlines);
	json_kv_string(j, "thought", t->thought);
	if (t->nopening) {
		json_key(j, "opening_lines");
		lines_json(j, t->opening, t->nopening);
	}
	json_object_end(j);
}

/* Counts by kind: {"desire": 2, ...}, the kinds that occur, "none" for
 * lines without one. */
static void kinds_json(struct json *j, const size_t *count)
{
	json_object_begin(j);
	for (size_t k = 0; k < KIND_COUNT; k++)
		if (count[k])
			json_kv_int(j, k == KIND_NONE ? "none" : talk_kind_name((enum talk_kind)k), (long long)count[k]);
	json_object_end(j);
}

void session_json_talk(struct json *j, const struct session *s)
{
	struct talk_summary ts;

	if (!session_has_talk(s)) {
		json_null(j);
		return;
	}
	session_talk_stored(s, &ts);
	json_object_begin(j);
	json_kv_int(j, "change", (long long)ts.change);
	json_kv_int(j, "sustain", (long long)ts.sustain);
	json_kv_int(j, "neutral", (long long)ts.neutral);
	json_kv_int(j, "unlabelled", (long long)ts.unlabelled);
	json_key(j, "ratio");
	json_double(j, ts.ratio < 0 ? NAN : ts.ratio, 2);
	json_key(j, "pct_change");
	json_double(j, ts.pct_change < 0 ? NAN : ts.pct_change, 2);
	json_key(j, "change_kinds");
	kinds_json(j, ts.change_kind);
	json_key(j, "sustain_kinds");
	kinds_json(j, ts.sustain_kind);
	json_kv_int(j, "after_change", (long long)ts.after_change);
	json_kv_int(j, "missed", (long long)ts.missed);
	json_key(j, "missed_turns");
	json_array_begin(j);
	for (size_t i = 0; i < ts.missed; i++)
		json_int(j, ts.missed_turn[i]);
	json_array_end(j);
	json_object_end(j);
	talk_summary_release(&ts);
}

void session_json_note(struct json *j, const struct session_note *n)
{
	json_object_begin(j);
	if (n->uid)
		json_kv_string(j, "uid", n->uid);
	if (n->session_uid)
		json_kv_string(j, "session", n->session_uid);
	json_kv_string(j, "author", n->author);
	json_kv_string(j, "text", n->text);
	json_kv_string(j, "created", n->created);
	if (n->turn > 0)
		json_kv_int(j, "turn", n->turn);
	json_object_end(j);
}

void session_json_fields(struct json *j, const struct session *s, unsigned flags)
{
	session_json_header(j, &s->info, !(flags & SESSION_JSON_TURNS));
	if (flags & SESSION_JSON_TURNS) {
		json_key(j, "turns");
		json_array_begin(j);
		for (size_t i = 0; i < s->nturns; i++)
			session_json_turn(j, &s->turns[i]);
		json_array_end(j);
	}
	if (flags & SESSION_JSON_NOTES) {
		json_key(j, "notes");
		json_array_begin(j);
		for (size_t i = 0; i < s->nnotes; i++)
			session_json_note(j, &s->notes[i]);
		json_array_end(j);
	}
}

void session_json_write(struct json *j, const struct session *s, unsigned flags)
{
	json_object_begin(j);
	session_json_fields(j, s, flags);
	json_object_end(j);
}
