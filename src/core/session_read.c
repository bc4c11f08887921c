/* session_read.c: the session record from a JSON tree (see session_read.h). */
#include "core/session_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

enum {
	NAME_MAX_LEN = 128,        /* scenario, pack and node ids (LIMIT_ID characters of ASCII) */
	TITLE_MAX = LIMIT_TITLE,
	VERSION_MAX = LIMIT_VERSION,
	PERSON_MAX = LIMIT_PERSON, /* user, author, coder version */
	SCORE_COUNT_MAX = 100000,
};

static const unsigned OPT = JSON_OPTIONAL | JSON_NULLABLE;

static int read_code(const struct json_reader *R, const struct json_value *v, const char *what, enum mi_code *out)
{
	int c = v && v->type == JSON_STRING ? code_parse(v->string) : -1;

	if (c < 0)
		return json_bad(R, v, "%s should be a behaviour code (OQ, CQ, SR, CR, AF, SEEK, AUTO, GI, PERS, PWP, "
			       "CONF, OTHER)", what);
	*out = (enum mi_code)c;
	return 0;
}

static int read_int(const struct json_reader *R, const struct json_value *obj, const char *key, unsigned flags,
		    long long lo, long long hi, int *dst)
{
	long long x = *dst;

	if (json_get_int(R, obj, key, flags, lo, hi, &x))
		return -1;
	*dst = (int)x;
	return 0;
}

/* The stored scores: version 2 nests "skills" and "globals"; version 1
 * result files have them flat ("empathy", "global_empathy"). */
static int read_scores(const struct json_reader *R, const struct json_value *obj, struct session_info *si)
{
	struct session_scores *sc = &si->scores;
	const struct json_value *v, *skills, *globals;

	sc->rq_ratio = sc->pct_complex = -1;
	if (json_get(R, obj, "scores", JSON_OBJECT, OPT, &v))
		return -1;
	if (!v)
		return 0;
	si->has_scores = true;
	skills = json_member(v, "skills");
	globals = json_member(v, "globals");
	if ((skills && json_get(R, v, "skills", JSON_OBJECT, 0, &skills)) ||
	    (globals && json_get(R, v, "globals", JSON_OBJECT, 0, &globals)))
		return -1;
	if (read_int(R, v, "replies", 0, 0, SCORE_COUNT_MAX, &sc->replies))
		return -1;
	for (int k = 0; k < SKILL_COUNT; k++)
		if (read_int(R, skills ? skills : v, skill_name((enum mi_skill)k), 0, 0, 100, &sc->skill[k]))
			return -1;
	if (read_int(R, v, "overall", 0, 0, 100, &sc->overall) ||
	    json_get_real(R, v, "rq_ratio", JSON_NULLABLE, 0, 1e6, &sc->rq_ratio) ||
	    json_get_real(R, v, "pct_complex", JSON_NULLABLE, 0, 100, &sc->pct_complex) ||
	    read_int(R, v, "adherent", 0, 0, SCORE_COUNT_MAX, &sc->adherent) ||
	    read_int(R, v, "nonadherent", 0, 0, SCORE_COUNT_MAX, &sc->nonadherent))
		return -1;
	for (size_t g = 0; g < SESSION_GLOBALS; g++) {
		char flat[32];
		snprintf(flat, sizeof flat, "global_%s", session_global_name(g));
		if (json_get_real(R, globals ? globals : v, globals ? session_global_name(g) : flat, 0, 0, 5,
				  session_global(sc, g)))
			return -1;
	}
	return json_get_real(R, v, "technical", 0, 0, 5, &sc->technical) ||
	       json_get_real(R, v, "relational", 0, 0, 5, &sc->relational) ? -1 : 0;
}

static int read_cues(const struct json_reader *R, const struct json_value *obj, struct session_turn *t)
{
	struct coded_reply *cr = &t->coded;
	const struct json_value *cues;
	size_t rlen = strlen(t->reply);

	if (json_get(R, obj, "cues", JSON_ARRAY, 0, &cues))
		return -1;
	if (cues->n > CODER_MAX_CUES)
		return json_bad(R, cues, "too many cues (at most %d)", CODER_MAX_CUES);
	for (size_t i = 0; i < cues->n; i++) {
		const struct json_value *cv = &cues->items[i], *cc;
		long long start, len;
		if (cv->type != JSON_OBJECT)
			return json_bad(R, cv, "a cue should be an object");
		if (json_get(R, cv, "code", JSON_STRING, 0, &cc) || read_code(R, cc, "a cue's code", &cr->cues[i].code) ||
		    json_get_int(R, cv, "start", 0, 0, SESSION_TEXT_MAX, &start) ||
		    json_get_int(R, cv, "len", 0, 0, SESSION_TEXT_MAX, &len))
			return -1;
		if ((size_t)start > rlen || (size_t)len > rlen - (size_t)start)
			return json_bad(R, cv, "the cue lies outside the reply");
		cr->cues[i].start = (size_t)start;
		cr->cues[i].len = (size_t)len;
		cr->ncues++;
	}
	return 0;
}

/* The coded reply: primary, codes, skills, nonadherent, cues, tip. */
static int read_coded(const struct json_reader *R, const struct json_value *obj, struct session_turn *t)
{
	struct coded_reply *cr = &t->coded;
	const struct json_value *prim, *codes, *skills, *tip;

	if (json_get(R, obj, "primary", JSON_STRING, 0, &prim) || read_code(R, prim, "'primary'", &cr->primary) ||
	    json_get(R, obj, "codes", JSON_ARRAY, 0, &codes) || json_get(R, obj, "skills", JSON_OBJECT, 0, &skills) ||
	    json_get_bool(R, obj, "nonadherent", 0, &cr->nonadherent) || json_get(R, obj, "tip", JSON_STRING, 0, &tip))
		return -1;
	if (codes->n > CODE_COUNT)
		return json_bad(R, codes, "too many codes");
	for (size_t i = 0; i < codes->n; i++) {
		enum mi_code c = CODE_OTHER;
		if (read_code(R, &codes->items[i], "a code", &c))
			return -1;
		cr->codes |= CODE_BIT(c);
	}
	for (int k = 0; k < SKILL_COUNT; k++)
		if (read_int(R, skills, skill_name((enum mi_skill)k), 0, 0, 4, &cr->skills[k]))
			return -1;
	if (tip->len >= sizeof cr->tip)
		return json_bad(R, tip, "'tip' is too long (%zu bytes; at most %d)", tip->len, CODER_TIP_MAX - 1);
	memcpy(cr->tip, tip->string, tip->len + 1);
	return read_cues(R, obj, t);
}

/* The meters after a turn: {"resistance": 5} (version 2, and version-1
 * result files), or [{"id": "resistance", "value": 5}] (version-1
 * recovery files). */
static int read_meters(const struct json_value *v, const struct json_reader *R, struct session_turn *t)
{
	if (!v)
		return 0;
	if (v->type != JSON_OBJECT && v->type != JSON_ARRAY)
		return json_bad(R, v, "'meters' should be an object, not %s", json_type_word(v->type));
	if (v->n > SESSION_METERS_MAX)
		return json_bad(R, v, "too many meters (at most %d)", SESSION_METERS_MAX);
	for (size_t m = 0; m < v->n; m++) {
		const struct json_value *mv = &v->items[m];
		char *id = NULL;
		long long x = 0;
		if (v->type == JSON_OBJECT) {
			if (mv->type != JSON_NUMBER || !mv->is_int || mv->integer < -LIMIT_METER ||
			    mv->integer > LIMIT_METER)
				return json_bad(R, mv, "meter '%s' should be a whole number from %d to %d",
						v->keys[m], -LIMIT_METER, LIMIT_METER);
			if (strlen(v->keys[m]) > NAME_MAX_LEN)
				return json_bad(R, mv, "a meter's name is too long");
			session_turn_add_meter(t, v->keys[m], (int)mv->integer);
			continue;
		}
		if (mv->type != JSON_OBJECT)
			return json_bad(R, mv, "a meter should be an object");
		if (json_get_str(R, mv, "id", 0, NAME_MAX_LEN, &id) ||
		    json_get_int(R, mv, "value", 0, -LIMIT_METER, LIMIT_METER, &x)) {
			free(id);
			return -1;
		}
		for (size_t k = 0; k < t->nmeters; k++) {
			if (!strcmp(t->meter_ids[k], id)) {
				free(id);
				return json_bad(R, mv, "meter '%s' is listed twice", t->meter_ids[k]);
			}
		}
		session_turn_add_meter(t, id, (int)x);
		free(id);
	}
	return 0;
}

/* One client line: {"text", "talk", "kind", "thought"}, the labels null or
 * missing when there are none. */
static int read_line(const struct json_reader *R, const struct json_value *v, bool opening, struct session_turn *t)
{
	char *text = NULL, *talk = NULL, *kind = NULL, *thought = NULL;
	int tk = TALK_UNLABELLED, kd = KIND_NONE, rc = -1;

	if (v->type != JSON_OBJECT)
		return json_bad(R, v, "a client line should be an object");
	if (json_get_str(R, v, "text", 0, SESSION_CLIENT_MAX, &text) ||
	    json_get_str(R, v, "talk", OPT, NAME_MAX_LEN, &talk) ||
	    json_get_str(R, v, "kind", OPT, NAME_MAX_LEN, &kind) ||
	    json_get_str(R, v, "thought", OPT, SESSION_CLIENT_MAX, &thought))
		goto out;
	if (talk && (tk = talk_parse(talk)) < 0) {
		json_bad(R, json_member(v, "talk"), "'talk' should be change, sustain or neutral");
		goto out;
	}
	if (kind && (kd = talk_kind_parse(kind)) < 0) {
		json_bad(R, json_member(v, "kind"), "'kind' should be desire, ability, reason, need, commitment, "
			 "activation or taking_steps");
		goto out;
	}
	if (kind && tk != TALK_CHANGE && tk != TALK_SUSTAIN) {
		json_bad(R, json_member(v, "kind"), "'kind' goes only with change or sustain talk");
		goto out;
	}
	session_turn_add_line(t, opening, text, (enum client_talk)tk, (enum talk_kind)kd, thought);
	rc = 0;
out:
	free(text);
	free(talk);
	free(kind);
	free(thought);
	return rc;
}

/* A turn's client lines (written since micoach kept them; missing in older
 * files). */
static int read_lines(const struct json_reader *R, const struct json_value *obj, const char *key, bool opening,
		      struct session_turn *t)
{
	const struct json_value *list;

	if (json_get(R, obj, key, JSON_ARRAY, OPT, &list))
		return -1;
	if (!list)
		return 0;
	if (list->n > SESSION_LINES_MAX)
		return json_bad(R, list, "too many client lines (at most %d)", SESSION_LINES_MAX);
	for (size_t i = 0; i < list->n; i++)
		if (read_line(R, &list->items[i], opening, t))
			return -1;
	return 0;
}

static int read_turn(const struct json_reader *R, const struct json_value *v, int expect, struct session_turn *t)
{
	long long x;

	if (v->type != JSON_OBJECT)
		return json_bad(R, v, "a turn should be an object");
	if (json_get_int(R, v, "turn", 0, 1, SESSION_TURNS_MAX, &x))
		return -1;
	if (x != expect)
		return json_bad(R, json_member(v, "turn"), "turn %lld out of order (expected %d)", x, expect);
	t->index = (int)x;
	if (json_get_str(R, v, "node", OPT, NAME_MAX_LEN, &t->node_id) ||
	    json_get_str(R, v, "client", 0, SESSION_CLIENT_MAX, &t->client_line) ||
	    json_get_str(R, v, "reply", 0, SESSION_TEXT_MAX, &t->reply) ||
	    json_get_str(R, v, "next", OPT, NAME_MAX_LEN, &t->next_node) ||
	    json_get_str(R, v, "client_next", OPT, SESSION_CLIENT_MAX, &t->client_next) ||
	    json_get_time(R, v, "at", 0, &t->at) ||
	    json_get_str(R, v, "thought", OPT, SESSION_CLIENT_MAX, &t->thought))
		return -1;
	if (t->index != 1 && json_member(v, "opening_lines"))
		return json_bad(R, json_member(v, "opening_lines"), "'opening_lines' belongs to the first turn only");
	if (read_lines(R, v, "client_next_lines", false, t) || read_lines(R, v, "opening_lines", true, t))
		return -1;
	return read_coded(R, v, t) || read_meters(json_member(v, "meters"), R, t) ? -1 : 0;
}

int session_read_turns(const struct json_reader *R, const struct json_value *list, struct session *s)
{
	if (list->type != JSON_ARRAY)
		return json_bad(R, list, "'turns' should be a list, not %s", json_type_word(list->type));
	if (s->nturns + list->n > SESSION_TURNS_MAX)
		return json_bad(R, list, "too many turns (at most %d)", SESSION_TURNS_MAX);
	for (size_t i = 0; i < list->n; i++) {
		struct session_turn *t = session_turn_add(s);
		if (read_turn(R, &list->items[i], t->index, t))
			return -1;
	}
	s->info.turns = (int)s->nturns;
	return 0;
}

static int read_uid(const struct json_reader *R, const struct json_value *obj, const char *key, unsigned flags,
		    char **dst)
{
	if (json_get_str(R, obj, key, flags, 64, dst))
		return -1;
	if (*dst && !session_uid_valid(*dst))
		return json_bad(R, json_member(obj, key), "'%s' should be 32 lowercase hex digits", key);
	return 0;
}

/* A note's optional turn, 1-based ("turn" absent: the whole session). */
static int read_note_turn(const struct json_reader *R, const struct json_value *v, struct session_note *n)
{
	long long turn = 0;

	if (json_get_int(R, v, "turn", OPT, 1, SESSION_TURNS_MAX, &turn))
		return -1;
	n->turn = (int)turn;
	return 0;
}

int session_read_note(const struct json_reader *R, const struct json_value *v, unsigned flags,
		      struct session_note *n)
{
	unsigned uids = flags & SESSION_READ_NOTE_UIDS ? 0 : OPT;

	if (v->type != JSON_OBJECT)
		return json_bad(R, v, "a note should be an object");
	return read_uid(R, v, "uid", uids, &n->uid) || read_uid(R, v, "session", uids, &n->session_uid) ||
	       json_get_str(R, v, "author", 0, PERSON_MAX, &n->author) ||
	       json_get_str(R, v, "text", 0, SESSION_TEXT_MAX, &n->text) ||
	       json_get_time(R, v, "created", 0, &n->created) || read_note_turn(R, v, n) ? -1 : 0;
}

int session_read_notes(const struct json_reader *R, const struct json_value *list, unsigned flags,
		       struct session *s)
{
	if (list->type != JSON_ARRAY)
		return json_bad(R, list, "'notes' should be a list, not %s", json_type_word(list->type));
	for (size_t i = 0; i < list->n; i++)
		if (session_read_note(R, &list->items[i], flags, session_note_add(s)))
			return -1;
	return 0;
}

/* The header's links: version 2 writes null for none, version-1 recovery
 * files 0. */
static int read_links(const struct json_reader *R, const struct json_value *v, struct session_info *si)
{
	long long x = 0;

	if (json_get_int(R, v, "id", OPT, 0, INT64_MAX, &x))
		return -1;
	si->id = x;
	x = 0;
	if (json_get_int(R, v, "retry_of", OPT, 0, INT64_MAX, &x))
		return -1;
	si->retry_of = x;
	if (read_int(R, v, "retry_turn", OPT, 0, 100000, &si->retry_turn))
		return -1;
	x = 0;
	if (json_get_int(R, v, "assignment", OPT, 0, INT64_MAX, &x))
		return -1;
	si->assignment_id = x;
	return 0;
}

static int read_header(const struct json_reader *R, const struct json_value *v, unsigned flags,
		       struct session_info *si)
{
	long long seed, hints = -1;

	if (read_uid(R, v, "uid", 0, &si->uid) || json_get_str(R, v, "user", flags & SESSION_READ_USER ? 0 : OPT,
								 PERSON_MAX, &si->user) ||
	    json_get_str(R, v, "scenario", 0, NAME_MAX_LEN, &si->scenario_id) ||
	    json_get_str(R, v, "scenario_title", OPT, TITLE_MAX, &si->scenario_title) ||
	    json_get_str(R, v, "pack", 0, NAME_MAX_LEN, &si->pack_id) ||
	    json_get_str(R, v, "pack_title", OPT, TITLE_MAX, &si->pack_title) ||
	    json_get_str(R, v, "pack_version", 0, VERSION_MAX, &si->pack_version) ||
	    json_get_str(R, v, "coder_version", 0, PERSON_MAX, &si->coder_version) ||
	    json_get_int(R, v, "seed", 0, 0, 0xffffffffLL, &seed) || json_get_str(R, v, "mode", 0, 8, &si->mode) ||
	    json_get_time(R, v, "started", 0, &si->started) || json_get_time(R, v, "ended", OPT, &si->ended) ||
	    json_get_str(R, v, "outcome", OPT, 16, &si->outcome) || read_links(R, v, si) || read_scores(R, v, si) ||
	    json_get_int(R, v, "hints", OPT, 0, SESSION_TURNS_MAX, &hints))
		return -1;
	si->seed = (unsigned)seed;
	si->hints_recorded = hints >= 0;
	si->hints = hints >= 0 ? (int)hints : 0;
	if (!*si->scenario_id)
		return json_bad(R, json_member(v, "scenario"), "'scenario' is empty");
	if ((flags & SESSION_READ_USER) && !*si->user)
		return json_bad(R, json_member(v, "user"), "'user' is empty");
	if (!session_mode_valid(si->mode))
		return json_bad(R, json_member(v, "mode"), "'mode' should be coach or exam");
	if (si->outcome && !session_outcome_valid(si->outcome))
		return json_bad(R, json_member(v, "outcome"),
				"'outcome' should be success, failure, limit, quit or interrupted");
	return 0;
}

int session_read(const struct json_reader *R, const struct json_value *obj, unsigned flags, struct session *s)
{
	const struct json_value *turns, *notes;

	memset(s, 0, sizeof *s);
	if (obj->type != JSON_OBJECT)
		return json_bad(R, obj, "a session should be an object");
	if (read_header(R, obj, flags, &s->info))
		return -1;
	if (!(turns = json_member(obj, "turns")))
		return json_bad(R, obj, "'turns' is missing");
	if (turns->type == JSON_NUMBER) {
		if (read_int(R, obj, "turns", 0, 0, INT32_MAX, &s->info.turns))
			return -1;
	} else if (session_read_turns(R, turns, s)) {
		return -1;
	}
	if (json_get(R, obj, "notes", JSON_ARRAY, OPT, &notes))
		return -1;
	return notes ? session_read_notes(R, notes, flags, s) : 0;
}
