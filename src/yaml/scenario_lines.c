/* scenario_lines.c: the client's lines in a scenario's YAML tree (see
 * scenario_int.h): lists of line variants (a node's `say`, a response's
 * `say_first`, answers, moves, an ending's `say`), their labels (`talk`,
 * `kind`, `thought`) and conditions (`when`, `visit`, `adds`), the reply
 * conditions a response's `when` and a line's `when` share, and the format-2
 * gate: a key that only format 2 knows is a located error in a format-1
 * scenario, naming the fix. */
#include "scenario_int.h"

#include <ctype.h>
#include <string.h>

#include "core/client_moves.h"
#include "core/util.h"

bool scenario_is_v2(const struct loader *L)
{
	return L->s && L->s->format >= 2;
}

void check_format2_keys(struct loader *L, const struct yamldoc_node *m, const char *const *keys)
{
	if (scenario_is_v2(L) || !m || m->kind != YAMLDOC_MAP)
		return;
	for (size_t i = 0; i + 1 < m->n; i += 2)
		for (size_t k = 0; keys[k]; k++)
			if (!strcmp(m->kids[i]->str, keys[k]))
				err_node(L, m->kids[i], "'%s' is a key of scenario format 2; add 'format: 2' to the "
					 "scenario to use it (see docs/scenario-format.md, \"Format 2\")", keys[k]);
}

/* A list of lower-cased words or phrases, none empty. */
static bool want_words(struct loader *L, const struct yamldoc_node *x, const char *key, char ***out, size_t *n)
{
	if (!want_strlist(L, x, key, out, n))
		return false;
	if (*n == 0) {
		err_node(L, x, "'%s' is an empty list; name at least one word or leave the key out", key);
		return false;
	}
	for (size_t i = 0; i < *n; i++) {
		for (char *c = (*out)[i]; *c; c++)
			if ((unsigned char)*c < 0x80)
				*c = (char)tolower((unsigned char)*c);
		if (!(*out)[i][strspn((*out)[i], " \t")]) {
			err_node(L, x, "'%s' holds an empty word", key);
			return false;
		}
	}
	return true;
}

/* The parts of a reply condition in mapping v (its keys already checked);
 * returns whether any was given. */
bool build_reply_keys(struct loader *L, struct reply_match *rm, const struct yamldoc_node *v)
{
	const struct yamldoc_node *x;
	bool any = false;

	if ((x = map_get(v, "codes"))) {
		any = true;
		want_codes(L, x, "codes", &rm->codes);
	}
	if ((x = map_get(v, "primary"))) {
		any = true;
		want_codes(L, x, "primary", &rm->primary);
	}
	if ((x = map_get(v, "not_codes"))) {
		any = true;
		want_codes(L, x, "not_codes", &rm->not_codes);
	}
	if ((x = map_get(v, "nonadherent"))) {
		bool b;
		any = true;
		if (want_bool(L, x, "nonadherent", &b))
			rm->nonadherent = b;
	}
	if ((x = map_get(v, "skills")))
		any = true;
	if (x && want_map(L, x, "skills")) {
		for (size_t i = 0; i + 1 < x->n; i += 2) {
			const struct yamldoc_node *k = x->kids[i];
			int sk = name_index(k->str, skill_names, SKILL_COUNT, false);
			long long r;

			if (sk < 0) {
				err_node(L, k, "'skills' names no skill '%s'%s; the skills are empathy, reflection, "
					 "discrepancy, self_efficacy", shorten(k->str),
					 did_you_mean(L, k->str, skill_names, SKILL_COUNT));
				continue;
			}
			if (want_int(L, x->kids[i + 1], k->str, 0, 4, &r))
				rm->min_skill[sk] = (int)r;
		}
	}
	if ((x = map_get(v, "about"))) {
		any = true;
		want_words(L, x, "about", &rm->about, &rm->nabout);
	}
	if ((x = map_get(v, "asks"))) {
		bool b;
		any = true;
		if (want_bool(L, x, "asks", &b))
			rm->asks = b;
	}
	if ((x = map_get(v, "permission"))) {
		bool b;
		any = true;
		if (want_bool(L, x, "permission", &b))
			rm->permission = b;
	}
	return any;
}

/* A line's `when`: a meter expression (both formats) or, in format 2, a
 * mapping of reply and conversation conditions. */
void build_line_cond(struct loader *L, const struct yamldoc_node *v, const char *key, struct line_cond *c)
{
	static const char *const keys[] = {
		"codes", "primary", "not_codes", "nonadherent", "skills", "about", "asks", "permission",
		"meters", "raised", "min_turns", "max_turns", NULL,
	};
	const struct yamldoc_node *x;

	if (v->kind != YAMLDOC_MAP) {
		want_expr(L, v, key, &c->meters);
		return;
	}
	if (!scenario_is_v2(L)) {
		err_node(L, v, "'%s' on a line is a meter expression in format 1; a mapping of conditions "
			 "needs 'format: 2' on the scenario", key);
		return;
	}
	map_check_keys(L, v, "a line's 'when'", keys);
	c->on_reply = build_reply_keys(L, &c->reply, v);
	if ((x = map_get(v, "meters")))
		want_expr(L, x, "meters", &c->meters);
	if ((x = map_get(v, "raised")))
		want_words(L, x, "raised", &c->raised, &c->nraised);
	c->min_turns = field_int(L, v, "min_turns", 0, 1000, -1, false, "a line's 'when'");
	c->max_turns = field_int(L, v, "max_turns", 0, 1000, -1, false, "a line's 'when'");
	if (c->min_turns >= 0 && c->max_turns >= 0 && c->min_turns > c->max_turns)
		err_node(L, v, "'min_turns' (%d) is more than 'max_turns' (%d): the line could never be said",
			 c->min_turns, c->max_turns);
}

static const char *const talk_words[] = { "change", "sustain", "neutral" };
static const char *const kind_words[] = {
	"desire", "ability", "reason", "need", "commitment", "activation", "taking_steps",
};

/* talk, kind, thought, visit, adds, asks_info of a variant mapping (format 2). */
static void build_labels(struct loader *L, struct line_variant *lv, const struct yamldoc_node *it, unsigned flags)
{
	const struct yamldoc_node *x;

	if ((x = map_get(it, "talk"))) {
		int t = x->kind == YAMLDOC_SCALAR ? talk_parse(x->str) : -1;
		if (t < 0)
			err_node(L, x, "'talk' must be change, sustain or neutral, not %s%s", ytype(x),
				 x->kind == YAMLDOC_SCALAR ? did_you_mean(L, x->str, talk_words, 3) : "");
		else
			lv->talk = (enum client_talk)t;
	}
	if ((x = map_get(it, "kind"))) {
		int k = x->kind == YAMLDOC_SCALAR ? talk_kind_parse(x->str) : -1;
		if (k < 0)
			err_node(L, x, "'kind' must be desire, ability, reason, need, commitment, activation or "
				 "taking_steps, not %s%s", ytype(x),
				 x->kind == YAMLDOC_SCALAR ? did_you_mean(L, x->str, kind_words, ARRAY_SIZE(kind_words)) : "");
		else if (lv->talk != TALK_CHANGE && lv->talk != TALK_SUSTAIN)
			err_node(L, x, "'kind' labels change or sustain talk: give 'talk: change' or "
				 "'talk: sustain' with it, or drop the 'kind'");
		else
			lv->kind = (enum talk_kind)k;
	}
	if ((x = map_get(it, "thought"))) {
		lv->thought = want_str(L, x, "thought");
		check_bytes(L, x, lv->thought, LIMIT_LINE, "thought");
		if (lv->thought && !lv->thought[strspn(lv->thought, " \t\n")])
			err_node(L, x, "'thought' must not be empty; leave the key out instead");
	}
	if ((x = map_get(it, "visit"))) {
		if (flags & LINES_ENDING)
			err_node(L, x, "'visit' has no meaning in an ending: the client says an ending once");
		else if (x->kind == YAMLDOC_SCALAR && !strcmp(x->str, "first"))
			lv->visit = VISIT_FIRST;
		else if (x->kind == YAMLDOC_SCALAR && !strcmp(x->str, "again"))
			lv->visit = VISIT_AGAIN;
		else
			err_node(L, x, "'visit' must be first or again, not %s", ytype(x));
	}
	if ((x = map_get(it, "adds"))) {
		if (x->kind == YAMLDOC_SCALAR && !strcmp(x->str, "before"))
			lv->adds = ADDS_BEFORE;
		else if (x->kind == YAMLDOC_SCALAR && !strcmp(x->str, "after"))
			lv->adds = ADDS_AFTER;
		else
			err_node(L, x, "'adds' must be before or after, not %s", ytype(x));
	}
	if ((x = map_get(it, "asks_info")))
		want_bool(L, x, "asks_info", &lv->asks_info);
}

static void build_variant(struct loader *L, struct line_variant *lv, const struct yamldoc_node *it,
			  const char *key, unsigned flags)
{
	static const char *const vkeys[] = {
		"text", "when", "max_uses", "talk", "kind", "thought", "visit", "adds", "asks_info", NULL,
	};
	static const char *const v2keys[] = { "talk", "kind", "thought", "visit", "adds", "asks_info", NULL };
	const struct yamldoc_node *w;

	line_cond_init(&lv->when);
	lv->at = (struct src_mark){ L->file, it->line, it->col };
	if (it->kind == YAMLDOC_MAP) {
		map_check_keys(L, it, "a line variant", vkeys);
		check_format2_keys(L, it, v2keys);
		lv->text = field_str(L, it, "text", true, "a line variant");
		if ((w = map_get(it, "when")))
			build_line_cond(L, w, "when", &lv->when);
		lv->max_uses = field_int(L, it, "max_uses", 0, 1000, 0, false, "a line variant");
		if (scenario_is_v2(L))
			build_labels(L, lv, it, flags);
	} else {
		lv->text = want_str(L, it, key);
		if (!lv->text)
			lv->text = xstrdup("");
	}
	if (!lv->text[strspn(lv->text, " \t\n")])
		err_node(L, it, "an empty line in '%s'", key);
	check_bytes(L, it, lv->text, LIMIT_LINE, key);
}

void build_variants(struct loader *L, const struct yamldoc_node *x, const char *key, struct line_variant **out,
		    size_t *nout, unsigned flags)
{
	*out = NULL;
	*nout = 0;
	if (x->kind == YAMLDOC_SCALAR) {
		*out = xcalloc(1, sizeof **out);
		*nout = 1;
		line_cond_init(&(*out)[0].when);
		(*out)[0].at = (struct src_mark){ L->file, x->line, x->col };
		(*out)[0].text = want_str(L, x, key);
		if (!(*out)[0].text)
			(*out)[0].text = xstrdup("");
		else if (!(flags & LINES_EMPTY_OK) && !(*out)[0].text[strspn((*out)[0].text, " \t\n")])
			err_node(L, x, "an empty line in '%s'", key);
		check_bytes(L, x, (*out)[0].text, LIMIT_LINE, key);
		return;
	}
	if (x->kind == YAMLDOC_MAP && scenario_is_v2(L)) {  /* one variant */
		*out = xcalloc(1, sizeof **out);
		*nout = 1;
		build_variant(L, &(*out)[0], x, key, flags);
		return;
	}
	if (x->kind != YAMLDOC_LIST || x->n == 0) {
		err_node(L, x, "'%s' must be a list of 1 to %d lines, not %s", key, VARIANTS_MAX,
			 x->kind == YAMLDOC_LIST ? "an empty list" : ytype(x));
		return;
	}
	if (x->n > VARIANTS_MAX) {
		err_node(L, x, "'%s' has %zu variants; at most %d", key, x->n, VARIANTS_MAX);
		return;
	}
	*out = xcalloc(x->n, sizeof **out);
	*nout = x->n;
	for (size_t i = 0; i < x->n; i++)
		build_variant(L, &(*out)[i], x->kids[i], key, flags);
}

/* answers:
 *   - about: [dad, father]
 *     when: "rapport < 4"
 *     say: "I'd rather not talk about him." */
void build_answers(struct loader *L, struct scenario *s, const struct yamldoc_node *v)
{
	static const char *const keys[] = { "about", "when", "say", NULL };

	if (v->kind != YAMLDOC_LIST) {
		err_node(L, v, "'answers' must be a list of answers (about:, say:), not %s", ytype(v));
		return;
	}
	if (v->n > ANSWERS_MAX) {
		err_node(L, v, "'answers' has %zu answers; at most %d", v->n, ANSWERS_MAX);
		return;
	}
	s->answers = xcalloc(v->n + 1, sizeof *s->answers);
	s->nanswers = v->n;
	for (size_t i = 0; i < v->n; i++) {
		const struct yamldoc_node *it = v->kids[i], *x;
		struct answer *a = &s->answers[i];

		line_cond_init(&a->when);
		a->at = (struct src_mark){ L->file, it->line, it->col };
		if (!want_map(L, it, "an answer"))
			continue;
		map_check_keys(L, it, "an answer", keys);
		if ((x = map_get(it, "about")))
			want_words(L, x, "about", &a->about, &a->nabout);
		else if (!misspelt_present(L, it, "about"))
			err_node(L, it, "an answer is missing the required key 'about' (the words of a question it answers)");
		if ((x = map_get(it, "when")))
			build_line_cond(L, x, "when", &a->when);
		if ((x = map_get(it, "say")))
			build_variants(L, x, "say", &a->say, &a->nsay, 0);
		else if (!misspelt_present(L, it, "say"))
			err_node(L, it, "an answer is missing the required key 'say' (what the client answers)");
	}
}

/* moves:
 *   permission: ["Go on then.", ...]   # the client's own lines for the move
 *   misheard: false                    # the client never makes it */
void build_moves(struct loader *L, struct scenario *s, const struct yamldoc_node *v)
{
	const char *names[MOVE_COUNT];

	if (!want_map(L, v, "moves"))
		return;
	for (int m = 0; m < MOVE_COUNT; m++)
		names[m] = move_name((enum client_move)m);
	for (size_t i = 0; i + 1 < v->n; i += 2) {
		const struct yamldoc_node *k = v->kids[i], *x = v->kids[i + 1];
		int m = name_index(k->str, names, MOVE_COUNT, false);
		struct move_lines *ml;

		if (m < 0) {
			err_node(L, k, "'moves' names no move '%s'%s; the moves are permission, refuse, heard, "
				 "repeat, overshoot, misheard", shorten(k->str), did_you_mean(L, k->str, names, MOVE_COUNT));
			continue;
		}
		ml = &s->moves[m];
		ml->at = (struct src_mark){ L->file, k->line, k->col };
		if (x->kind == YAMLDOC_SCALAR && x->plain && !strcmp(x->str, "false")) {
			ml->off = true;
		} else if (x->kind == YAMLDOC_SCALAR && x->plain && !strcmp(x->str, "true")) {
			err_node(L, x, "move '%s' is on by default; give it lines to change what the client says, "
				 "or 'false' to turn it off", k->str);
		} else {
			build_variants(L, x, k->str, &ml->say, &ml->nsay, 0);
			ml->given = true;
		}
	}
}
