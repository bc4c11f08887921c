/* scenario_build.c: a scenario file's YAML tree into the model of
 * scenario.h (see docs/scenario-format.md): meters, nodes with their
 * variants and branches, endings, tests, the persona and the pack's own
 * metadata. Every goto is resolved here, with a did-you-mean when it names
 * nothing; unknown keys, wrong types and out-of-range numbers are located
 * errors (scenario_field.c words them). */
#include "scenario_int.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/client_moves.h"
#include "core/util.h"

static const char *const stage_names[] = {
	"precontemplation", "contemplation", "preparation", "action", "maintenance",
};

/* ---- scenario parts ---------------------------------------------------- */

static void build_meters(struct loader *L, struct scenario *s, const struct yamldoc_node *v)
{
	static const char *const keys[] = { "min", "max", "start", "good", "label", NULL };

	if (!want_map(L, v, "meters"))
		return;
	if (v->n == 0 || v->n / 2 > METERS_MAX) {
		err_node(L, v, "'meters' declares %zu meters; declare 1 to %d", v->n / 2, (int)METERS_MAX);
		if (v->n == 0)
			return;
	}
	for (size_t i = 0; i + 1 < v->n && s->nmeters < METERS_MAX; i += 2) {
		const struct yamldoc_node *k = v->kids[i], *m = v->kids[i + 1];
		struct meter_def *md = &s->meters[s->nmeters++];
		const struct yamldoc_node *g;

		md->id = xstrdup(k->str);
		md->at = (struct src_mark){ L->file, k->line, k->col };
		md->higher_is_better = true;
		if (k->len > ID_MAX || !(k->str[0] >= 'a' && k->str[0] <= 'z') ||
		    strspn(k->str, "abcdefghijklmnopqrstuvwxyz0123456789_-") != k->len) {
			char *lower = xstrdup(k->str);
			for (char *c = lower; *c; c++)
				*c = (char)tolower((unsigned char)*c);
			if (k->len <= ID_MAX && lower[0] >= 'a' && lower[0] <= 'z' &&
			    strspn(lower, "abcdefghijklmnopqrstuvwxyz0123456789_-") == k->len &&
			    scenario_find_meter(s, lower) < 0) {
				/* Only the case is wrong: say the valid name once, and read
				 * the meter under it, so its uses are not errors too. */
				err_node(L, k, "meter name '%s' is not valid: meter names are lower case; write '%s'",
					 shorten(k->str), lower);
				free(md->id);
				md->id = lower;
			} else {
				err_node(L, k, "meter name '%s' is not valid: start with a letter, then lower-case "
					 "letters, digits, '_' or '-'", shorten(k->str));
				free(lower);
			}
		}
		if (!want_map(L, m, k->str)) {
			md->label = xstrdup(md->id);
			continue;
		}
		map_check_keys(L, m, "a meter", keys);
		md->min = field_int(L, m, "min", -METER_LIMIT, METER_LIMIT, 0, false, "a meter");
		md->max = field_int(L, m, "max", -METER_LIMIT, METER_LIMIT, 10, false, "a meter");
		md->start = field_int(L, m, "start", -METER_LIMIT, METER_LIMIT, md->min, true, "a meter");
		if (md->min >= md->max)
			err_node(L, m, "meter '%s': min (%d) must be less than max (%d)", md->id, md->min, md->max);
		else if (md->start < md->min || md->start > md->max)
			err_node(L, map_get(m, "start") ? map_get(m, "start") : m,
				 "meter '%s': start (%d) must be from min (%d) to max (%d)", md->id, md->start,
				 md->min, md->max);
		if ((g = map_get(m, "good"))) {
			if (g->kind == YAMLDOC_SCALAR && !strcmp(g->str, "high"))
				md->higher_is_better = true;
			else if (g->kind == YAMLDOC_SCALAR && !strcmp(g->str, "low"))
				md->higher_is_better = false;
			else
				err_node(L, g, "'good' must be high or low, not %s", ytype(g));
		}
		md->label = map_get(m, "label") ? field_str(L, m, "label", true, "a meter") : xstrdup(md->id);
	}
}

static void build_effects(struct loader *L, struct branch *b, const struct yamldoc_node *v)
{
	if (!want_map(L, v, "effects"))
		return;
	b->effects = xcalloc(v->n / 2 + 1, sizeof *b->effects);
	for (size_t i = 0; i + 1 < v->n; i += 2) {
		const struct yamldoc_node *k = v->kids[i];
		long long d;
		int m = resolve_meter(L, k, 0, 0, k->str, "effects");

		if (m < 0)
			continue;
		if (!want_int(L, v->kids[i + 1], k->str, -EFFECT_LIMIT, EFFECT_LIMIT, &d))
			continue;
		b->effects[b->neffects++] = (struct meter_effect){ .meter = m, .delta = (int)d };
	}
}

static void build_match(struct loader *L, struct reply_match *rm, const struct yamldoc_node *v)
{
	static const char *const keys[] = {
		"codes", "primary", "not_codes", "nonadherent", "skills", "about", "meters", "asks",
		"permission", NULL,
	};
	static const char *const v2keys[] = { "asks", "permission", NULL };
	const struct yamldoc_node *x;

	if (v->kind == YAMLDOC_SCALAR && strpbrk(v->str, "<>=!")) {
		/* A meter expression where a mapping belongs: say how to write it. */
		err_node(L, v, "'when' on a response must be a mapping of keys, not %s; for a meter condition "
			 "write when: {meters: \"%s\"}", ytype(v), shorten(v->str));
		return;
	}
	if (!want_map(L, v, "when"))
		return;
	map_check_keys(L, v, "a branch's 'when'", keys);
	check_format2_keys(L, v, v2keys);
	build_reply_keys(L, rm, v);
	if ((x = map_get(v, "meters")))
		want_expr(L, x, "meters", &rm->meters);
}

static void build_branch(struct loader *L, struct branch *b, const struct yamldoc_node *v)
{
	static const char *const keys[] = { "when", "fallback", "effects", "goto", "say_first", "thought", NULL };
	static const char *const v2keys[] = { "thought", NULL };
	const struct yamldoc_node *x, *when;

	reply_match_init(&b->when);
	b->target_node = b->target_ending = -1;
	b->at = (struct src_mark){ L->file, v->line, v->col };
	if (!want_map(L, v, "a response")) {
		b->target = xstrdup("");
		return;
	}
	map_check_keys(L, v, "a response", keys);
	check_format2_keys(L, v, v2keys);
	when = map_get(v, "when");
	/* A 'fallback' that is not true or false has its error; "needs 'when:'"
	 * would only repeat it. */
	if ((x = map_get(v, "fallback")) && !want_bool(L, x, "fallback", &b->fallback))
		;
	else if (when && b->fallback)
		err_node(L, when, "a fallback branch takes anything: drop 'when' or 'fallback: true'");
	else if (!when && !b->fallback)
		err_node(L, v, "a response needs 'when:' (or 'fallback: true' on the last response)");
	if (when)
		build_match(L, &b->when, when);
	if ((x = map_get(v, "effects")))
		build_effects(L, b, x);
	b->target = field_str(L, v, "goto", true, "a response");
	if ((x = map_get(v, "say_first"))) {
		if (scenario_is_v2(L)) {
			build_variants(L, x, "say_first", &b->say_first, &b->nsay_first, 0);
		} else if (x->kind != YAMLDOC_SCALAR) {
			err_node(L, x, "'say_first' is one text in format 1; variants need 'format: 2' on the scenario");
		} else {
			char *text = want_str(L, x, "say_first");
			if (text) {
				b->say_first = xcalloc(1, sizeof *b->say_first);
				b->nsay_first = 1;
				line_cond_init(&b->say_first[0].when);
				b->say_first[0].text = text;
				b->say_first[0].at = (struct src_mark){ L->file, x->line, x->col };
			}
		}
	}
	if ((x = map_get(v, "thought")) && scenario_is_v2(L)) {
		b->thought = want_str(L, x, "thought");
		if (b->thought && !b->thought[strspn(b->thought, " \t\n")])
			err_node(L, x, "'thought' must not be empty; leave the key out instead");
	}
}

static void build_node(struct loader *L, struct node *nd, const struct yamldoc_node *k, const struct yamldoc_node *v)
{
	static const char *const keys[] = { "about", "themes", "say", "responses", "exemplars", NULL };
	static const char *const ekeys[] = { "reply", "strength", "why", NULL };
	const struct yamldoc_node *x;

	nd->id = xstrdup(k->str);
	nd->at = (struct src_mark){ L->file, k->line, k->col };
	check_id(L, k, k->str, "node id");
	if (!want_map(L, v, nd->id)) {
		nd->about = xstrdup("");
		return;
	}
	map_check_keys(L, v, "a node", keys);
	nd->about = field_str(L, v, "about", false, "a node");
	if ((x = map_get(v, "themes")))
		want_strlist(L, x, "themes", &nd->themes, &nd->nthemes);

	x = map_get(v, "say");
	if (!x) {
		if (!misspelt_present(L, v, "say"))
			err_node(L, v, "node '%s' is missing the required key 'say' (the client's line)", nd->id);
	} else {
		build_variants(L, x, "say", &nd->say, &nd->nsay, scenario_is_v2(L) ? 0 : LINES_EMPTY_OK);
	}

	x = map_get(v, "responses");
	if (!x) {
		if (!misspelt_present(L, v, "responses"))
			err_node(L, v, "node '%s' is missing the required key 'responses'", nd->id);
	} else if (x->kind != YAMLDOC_LIST || x->n == 0) {
		err_node(L, x, "'responses' must be a list of 1 or more branches, not %s",
			 x->kind == YAMLDOC_LIST ? "an empty list" : ytype(x));
	} else {
		nd->responses = xcalloc(x->n, sizeof *nd->responses);
		nd->nresponses = x->n;
		for (size_t i = 0; i < x->n; i++)
			build_branch(L, &nd->responses[i], x->kids[i]);
	}

	x = map_get(v, "exemplars");
	if (x && x->kind != YAMLDOC_LIST) {
		err_node(L, x, "'exemplars' must be a list, not %s", ytype(x));
	} else if (x) {
		nd->exemplars = xcalloc(x->n ? x->n : 1, sizeof *nd->exemplars);
		nd->nexemplars = x->n;
		for (size_t i = 0; i < x->n; i++) {
			const struct yamldoc_node *it = x->kids[i], *st;
			struct exemplar *ex = &nd->exemplars[i];

			ex->at = (struct src_mark){ L->file, it->line, it->col };
			if (!want_map(L, it, "an exemplar")) {
				ex->reply = xstrdup("");
				ex->why = xstrdup("");
				continue;
			}
			map_check_keys(L, it, "an exemplar", ekeys);
			ex->reply = field_str(L, it, "reply", true, "an exemplar");
			ex->why = field_str(L, it, "why", true, "an exemplar");
			st = map_get(it, "strength");
			if (!st) {
				if (!misspelt_present(L, it, "strength"))
					err_node(L, it, "an exemplar is missing the required key 'strength' (strong or weak)");
			} else if (st->kind == YAMLDOC_SCALAR && !strcmp(st->str, "strong"))
				ex->strength = EXEMPLAR_STRONG;
			else if (st->kind == YAMLDOC_SCALAR && !strcmp(st->str, "weak"))
				ex->strength = EXEMPLAR_WEAK;
			else
				err_node(L, st, "'strength' must be strong or weak, not %s", ytype(st));
		}
	}
}

static void build_ending(struct loader *L, struct ending *e, const struct yamldoc_node *k, const struct yamldoc_node *v)
{
	static const char *const keys[] = { "kind", "say", "when", NULL };
	static const char *const kinds[] = { "success", "failure", "limit" };
	const struct yamldoc_node *x;

	e->id = xstrdup(k->str);
	e->at = (struct src_mark){ L->file, k->line, k->col };
	check_id(L, k, k->str, "ending id");
	if (!want_map(L, v, e->id)) {
		e->lines = xcalloc(1, sizeof *e->lines);
		e->nlines = 1;
		line_cond_init(&e->lines[0].when);
		e->lines[0].text = xstrdup("");
		e->say = e->lines[0].text;
		return;
	}
	map_check_keys(L, v, "an ending", keys);
	x = map_get(v, "kind");
	if (!x) {
		if (!misspelt_present(L, v, "kind"))
			err_node(L, v, "ending '%s' is missing the required key 'kind' (success, failure or limit)", e->id);
	} else {
		int kd = x->kind == YAMLDOC_SCALAR ? name_index(x->str, kinds, 3, false) : -1;
		if (kd < 0)
			err_node(L, x, "'kind' must be success, failure or limit, not %s%s", ytype(x),
				 x->kind == YAMLDOC_SCALAR ? did_you_mean(L, x->str, kinds, 3) : "");
		else
			e->kind = (enum ending_kind)kd;
	}
	if (scenario_is_v2(L) && (x = map_get(v, "say"))) {
		build_variants(L, x, "say", &e->lines, &e->nlines, LINES_ENDING);
	} else if ((x = map_get(v, "say")) && x->kind != YAMLDOC_SCALAR) {
		err_node(L, x, "an ending's 'say' is one text in format 1; lines with conditions need "
			 "'format: 2' on the scenario");
	} else {
		char *text = field_str(L, v, "say", true, "an ending");
		if ((x = map_get(v, "say")))
			check_bytes(L, x, text, LIMIT_LINE, "say");
		e->lines = xcalloc(1, sizeof *e->lines);
		e->nlines = 1;
		line_cond_init(&e->lines[0].when);
		e->lines[0].text = text;
		e->lines[0].at = e->at;
	}
	if (!e->nlines) {  /* a refused list: keep one empty line for readers */
		e->lines = xcalloc(1, sizeof *e->lines);
		e->nlines = 1;
		line_cond_init(&e->lines[0].when);
		e->lines[0].text = xstrdup("");
	}
	e->say = e->lines[0].text;
	if ((x = map_get(v, "when"))) {
		e->has_when = want_expr(L, x, "when", &e->when);
	}
}

static void build_seeds(struct loader *L, struct scenario_test *t, const struct yamldoc_node *v)
{
	const struct yamldoc_node *x = map_get(v, "seed"), *xs = map_get(v, "seeds");
	long long sd;

	if (x && xs)
		err_node(L, xs, "a test takes 'seed' or 'seeds', not both");
	if (x && want_int(L, x, "seed", 0, UINT_MAX, &sd)) {
		t->seeds[0] = (unsigned)sd;
		t->nseeds = 1;
	}
	if (xs && !x) {
		if (xs->kind != YAMLDOC_LIST || xs->n == 0 || xs->n > SEEDS_MAX) {
			err_node(L, xs, "'seeds' must be a list of 1 to %d seeds, not %s", SEEDS_MAX,
				 xs->kind == YAMLDOC_LIST ? (xs->n ? "a longer list" : "an empty list") : ytype(xs));
			return;
		}
		t->seeds = xrealloc(t->seeds, xs->n * sizeof *t->seeds);
		t->nseeds = 0;
		for (size_t i = 0; i < xs->n; i++)
			if (want_int(L, xs->kids[i], "seeds", 0, UINT_MAX, &sd))
				t->seeds[t->nseeds++] = (unsigned)sd;
		if (!t->nseeds)
			t->seeds[t->nseeds++] = 1;
	}
	t->seed = t->seeds[0];
}

static void build_test(struct loader *L, struct scenario_test *t, const struct yamldoc_node *v, size_t index)
{
	static const char *const keys[] = { "name", "replies", "expect", "seed", "seeds", "says", "never_says", NULL };
	static const char *const v2keys[] = { "seeds", "says", "never_says", NULL };
	const struct yamldoc_node *x;

	t->at = (struct src_mark){ L->file, v->line, v->col };
	/* No seed or seeds: several, so a test cannot pass at one seed by luck
	 * (the client's opening line, and so the coding, depends on it). */
	t->seed = 1;
	t->seeds = xcalloc(SEEDS_DEFAULT, sizeof *t->seeds);
	for (unsigned k = 0; k < SEEDS_DEFAULT; k++)
		t->seeds[k] = k + 1;
	t->nseeds = SEEDS_DEFAULT;
	if (!want_map(L, v, "a test")) {
		t->name = xasprintf("test %zu", index + 1);
		t->expect = xstrdup("");
		return;
	}
	map_check_keys(L, v, "a test", keys);
	check_format2_keys(L, v, v2keys);
	t->name = map_get(v, "name") ? field_str(L, v, "name", true, "a test") : xasprintf("test %zu", index + 1);
	x = map_get(v, "replies");
	if (!x) {
		if (!misspelt_present(L, v, "replies"))
			err_node(L, v, "test '%s' is missing the required key 'replies'", shorten(t->name));
	} else if (x->kind != YAMLDOC_LIST || x->n == 0)
		err_node(L, x, "'replies' must be a list of 1 or more replies, not %s",
			 x->kind == YAMLDOC_LIST ? "an empty list" : ytype(x));
	else if (want_strlist(L, x, "replies", &t->replies, &t->nreplies))
		for (size_t i = 0; i < t->nreplies; i++)
			if (!t->replies[i][strspn(t->replies[i], " \t\n")])
				err_node(L, x->kids[i], "reply %zu of test '%s' is empty; write the practitioner's words",
					 i + 1, shorten(t->name));
	t->expect = field_str(L, v, "expect", true, "a test");
	build_seeds(L, t, v);
	if ((x = map_get(v, "says")) && want_strlist(L, x, "says", &t->says, &t->nsays) && !t->nsays)
		err_node(L, x, "'says' is an empty list; name at least one text or leave the key out");
	if ((x = map_get(v, "never_says")) && want_strlist(L, x, "never_says", &t->never_says, &t->nnever_says) &&
	    !t->nnever_says)
		err_node(L, x, "'never_says' is an empty list; name at least one text or leave the key out");
}

/* Node and ending ids, for did-you-mean. */
static const char **target_names(const struct scenario *s, size_t *n)
{
	const char **v = xcalloc(s->nnodes + s->nendings + 1, sizeof *v);

	*n = 0;
	for (size_t i = 0; i < s->nnodes; i++)
		v[(*n)++] = s->nodes[i].id;
	for (size_t i = 0; i < s->nendings; i++)
		v[(*n)++] = s->endings[i].id;
	return v;
}

/* A sorted index of ids, so resolving stays O(log n) a name even for a
 * hostile scenario with thousands of nodes and gotos. */
struct name_ix {
	const char *name;
	int index;
};

static int ix_cmp(const void *a, const void *b)
{
	return strcmp(((const struct name_ix *)a)->name, ((const struct name_ix *)b)->name);
}

static struct name_ix *ix_build(size_t n, const char *(*name_at)(const struct scenario *, size_t),
				const struct scenario *s)
{
	struct name_ix *ix = xcalloc(n + 1, sizeof *ix);

	for (size_t i = 0; i < n; i++)
		ix[i] = (struct name_ix){ name_at(s, i) ? name_at(s, i) : "", (int)i };
	if (n)
		qsort(ix, n, sizeof *ix, ix_cmp);
	return ix;
}

static int ix_find(const struct name_ix *ix, size_t n, const char *name)
{
	struct name_ix key = { name, 0 };
	const struct name_ix *hit = n ? bsearch(&key, ix, n, sizeof *ix, ix_cmp) : NULL;

	return hit ? hit->index : -1;
}

static const char *node_id_at(const struct scenario *s, size_t i)
{
	return s->nodes[i].id;
}

static const char *ending_id_at(const struct scenario *s, size_t i)
{
	return s->endings[i].id;
}

static void resolve_targets(struct loader *L, struct scenario *s, const struct yamldoc_node *root)
{
	size_t nt;
	const char **names = target_names(s, &nt);
	const struct yamldoc_node *nodes = map_get(root, "nodes");
	struct name_ix *nix = ix_build(s->nnodes, node_id_at, s);
	struct name_ix *eix = ix_build(s->nendings, ending_id_at, s);

	for (size_t i = 0; i < s->nnodes; i++) {
		const struct node *nd = &s->nodes[i];
		/* nodes[i] was built from the i-th entry of the mapping */
		const struct yamldoc_node *nv = nodes && nodes->kind == YAMLDOC_MAP && 2 * i + 1 < nodes->n ? nodes->kids[2 * i + 1] : NULL;
		const struct yamldoc_node *rv = nv ? map_get(nv, "responses") : NULL;

		for (size_t j = 0; j < nd->nresponses; j++) {
			struct branch *b = &nd->responses[j];
			const struct yamldoc_node *bv = rv && rv->kind == YAMLDOC_LIST && j < rv->n ? rv->kids[j] : NULL;
			const struct yamldoc_node *gv = bv ? map_get(bv, "goto") : NULL;

			if (!b->target || !*b->target)
				continue;
			b->target_node = ix_find(nix, s->nnodes, b->target);
			b->target_ending = ix_find(eix, s->nendings, b->target);
			if (b->target_node < 0 && b->target_ending < 0)
				err_node(L, gv ? gv : bv, "'goto' names no node or ending '%s'%s", shorten(b->target),
					 did_you_mean(L, b->target, names, nt));
		}
	}
	const struct yamldoc_node *start = map_get(root, "start");
	if (start && *s->start) {
		s->start_node = ix_find(nix, s->nnodes, s->start);
		if (s->start_node < 0)
			err_node(L, start, "'start' names no node '%s'%s", shorten(s->start),
				 did_you_mean(L, s->start, names, s->nnodes));
	}
	const struct yamldoc_node *tests = map_get(root, "tests");
	for (size_t i = 0; i < s->ntests; i++) {
		const struct scenario_test *t = &s->tests[i];
		const struct yamldoc_node *tv = tests && tests->kind == YAMLDOC_LIST && i < tests->n ? tests->kids[i] : NULL;
		const struct yamldoc_node *ev = tv ? map_get(tv, "expect") : NULL;

		if (*t->expect && ix_find(nix, s->nnodes, t->expect) < 0 && ix_find(eix, s->nendings, t->expect) < 0)
			err_node(L, ev ? ev : tv, "'expect' names no node or ending '%s'%s", shorten(t->expect),
				 did_you_mean(L, t->expect, names, nt));
	}
	/* One namespace for gotos: a node and an ending may not share an id. */
	for (size_t i = 0; i < s->nendings; i++)
		if (s->endings[i].id && ix_find(nix, s->nnodes, s->endings[i].id) >= 0)
			err_at(L, s->endings[i].at.line, s->endings[i].at.col,
			       "ending '%s' has the same id as a node; 'goto' could not tell them apart",
			       s->endings[i].id);
	free(nix);
	free(eix);
	free(names);
}

static void build_persona(struct loader *L, struct persona *pe, const struct yamldoc_node *v)
{
	static const char *const keys[] = { "name", "age", "situation", "wants", "fears", "voice", NULL };

	if (v && want_map(L, v, "persona")) {
		map_check_keys(L, v, "'persona'", keys);
	} else {
		v = NULL;
	}
	pe->name = field_str(L, v, "name", false, "'persona'");
	pe->age = v ? field_int(L, v, "age", 0, 130, 0, false, "'persona'") : 0;
	pe->situation = field_str(L, v, "situation", false, "'persona'");
	pe->wants = field_str(L, v, "wants", false, "'persona'");
	pe->fears = field_str(L, v, "fears", false, "'persona'");
	pe->voice = field_str(L, v, "voice", false, "'persona'");
}

static const char *const scenario_keys[] = {
	"id", "title", "summary", "difficulty", "setting", "tags", "stage", "skills", "persona",
	"trainer_notes", "themes", "meters", "start", "turn_limit", "nodes", "endings", "tests",
	"format", "answers", "moves", NULL,
};
static const char *const scenario_v2_keys[] = { "answers", "moves", NULL };
const char *const scenario_body_keys[] = { "nodes", "endings", "tests", "answers", "moves", NULL };

/* format: 1 (the default) or 2. Read first: it decides which keys exist. */
static int build_format(struct loader *L, const struct yamldoc_node *v)
{
	const struct yamldoc_node *x = map_get(v, "format");
	long long f;

	if (!x)
		return 1;
	if (x->kind != YAMLDOC_SCALAR || !x->plain || (x->str[0] != '-' && !isdigit((unsigned char)x->str[0]))) {
		err_node(L, x, "'format' must be 1 or 2, not %s", ytype(x));
		return 1;
	}
	if (!want_int(L, x, "format", LLONG_MIN / 2, LLONG_MAX / 2, &f))
		return 1;
	if (f < 1 || f > SCENARIO_FORMAT_MAX) {
		err_node(L, x, "'format' is %s: this micoach reads scenario formats 1 and %d%s", shorten(x->str),
			 SCENARIO_FORMAT_MAX, f > SCENARIO_FORMAT_MAX ? "; a newer micoach wrote it, update micoach" : "");
		return 1;
	}
	return (int)f;
}

struct scenario *build_scenario(struct loader *L, struct pack *p, const struct yamldoc_node *v)
{
	struct scenario *s = xcalloc(1, sizeof *s);
	const struct yamldoc_node *x;

	p->scenarios = xrealloc(p->scenarios, (p->nscenarios + 1) * sizeof *p->scenarios);
	p->scenarios[p->nscenarios++] = s;
	s->pack = p;
	s->file = xstrdup(L->file);
	s->at = (struct src_mark){ L->file, v->line, v->col };
	s->start_node = -1;
	s->format = 1;
	L->s = s;
	if (!want_map(L, v, "a scenario")) {
		L->s = NULL;
		return s;
	}
	map_check_keys(L, v, "a scenario", scenario_keys);
	s->format = build_format(L, v);
	check_format2_keys(L, v, scenario_v2_keys);
	s->id = field_id(L, v, "id", "a scenario");
	s->title = field_str(L, v, "title", true, "a scenario");
	if ((x = map_get(v, "title")))
		check_bytes(L, x, s->title, LIMIT_TITLE, "title");
	s->summary = field_str(L, v, "summary", false, "a scenario");
	s->difficulty = field_int(L, v, "difficulty", 1, 5, 1, true, "a scenario");
	s->setting = field_str(L, v, "setting", false, "a scenario");
	if ((x = map_get(v, "tags")))
		want_strlist(L, x, "tags", &s->tags, &s->ntags);
	x = map_get(v, "stage");
	if (!x && v) {
		if (!misspelt_present(L, v, "stage"))
			err_node(L, v, "a scenario is missing the required key 'stage' (%s)",
			 "precontemplation, contemplation, preparation, action or maintenance");
	} else if (x) {
		int st = x->kind == YAMLDOC_SCALAR ? name_index(x->str, stage_names, ARRAY_SIZE(stage_names), false) : -1;
		if (st < 0)
			err_node(L, x, "'stage' must be precontemplation, contemplation, preparation, action or "
				 "maintenance, not %s%s", ytype(x),
				 x->kind == YAMLDOC_SCALAR ? did_you_mean(L, x->str, stage_names, ARRAY_SIZE(stage_names)) : "");
		else
			s->stage = (enum stage_of_change)st;
	}
	if ((x = map_get(v, "skills")))
		want_skill_set(L, x, "skills", &s->skills);
	build_persona(L, &s->persona, map_get(v, "persona"));
	s->trainer_notes = field_str(L, v, "trainer_notes", false, "a scenario");
	if ((x = map_get(v, "themes")))
		want_strlist(L, x, "themes", &s->themes, &s->nthemes);
	if ((x = map_get(v, "meters")))
		build_meters(L, s, x);
	else if (v && !misspelt_present(L, v, "meters"))
		err_node(L, v, "a scenario is missing the required key 'meters' (1 to %d meters)", (int)METERS_MAX);
	s->start = field_id(L, v, "start", "a scenario");
	s->turn_limit = field_int(L, v, "turn_limit", 0, LIMIT_TURNS, 0, false, "a scenario");
	if (L->header) {
		/* The catalog's read: the body (scenario_body_keys) was not built. */
		s->header_only = true;
		L->s = NULL;
		return s;
	}

	/* Endings before nodes: their ids are needed only to resolve, but
	 * building both first keeps the order of the file irrelevant. */
	x = map_get(v, "endings");
	if (!x) {
		if (v && !misspelt_present(L, v, "endings"))
			err_node(L, v, "a scenario is missing the required key 'endings'");
	} else if (want_map(L, x, "endings")) {
		s->endings = xcalloc(x->n / 2 + 1, sizeof *s->endings);
		s->nendings = x->n / 2;
		for (size_t i = 0; i < s->nendings; i++)
			build_ending(L, &s->endings[i], x->kids[2 * i], x->kids[2 * i + 1]);
	}
	x = map_get(v, "nodes");
	if (!x) {
		if (v && !misspelt_present(L, v, "nodes"))
			err_node(L, v, "a scenario is missing the required key 'nodes'");
	} else if (want_map(L, x, "nodes")) {
		if (x->n == 0)
			err_node(L, x, "'nodes' is empty; a scenario needs at least one node");
		s->nodes = xcalloc(x->n / 2 + 1, sizeof *s->nodes);
		s->nnodes = x->n / 2;
		for (size_t i = 0; i < s->nnodes; i++)
			build_node(L, &s->nodes[i], x->kids[2 * i], x->kids[2 * i + 1]);
	}
	x = map_get(v, "tests");
	if (x && x->kind != YAMLDOC_LIST) {
		err_node(L, x, "'tests' must be a list, not %s", ytype(x));
	} else if (x) {
		s->tests = xcalloc(x->n + 1, sizeof *s->tests);
		s->ntests = x->n;
		for (size_t i = 0; i < x->n; i++)
			build_test(L, &s->tests[i], x->kids[i], i);
	}
	if (scenario_is_v2(L) && (x = map_get(v, "answers")))
		build_answers(L, s, x);
	if (scenario_is_v2(L) && (x = map_get(v, "moves")))
		build_moves(L, s, x);
	client_moves_defaults(s);
	if (v)
		resolve_targets(L, s, v);
	L->s = NULL;
	return s;
}

static const char *const pack_keys[] = {
	"id", "title", "version", "author", "description", "audience", "skills", NULL,
};

static bool version_valid(const char *v)
{
	for (int part = 0; part < 3; part++) {
		if (!isdigit((unsigned char)*v))
			return false;
		while (isdigit((unsigned char)*v))
			v++;
		if (part < 2 && *v++ != '.')
			return false;
	}
	return *v == '\0' || *v == '-' || *v == '+';
}

void build_pack_meta(struct loader *L, struct pack *p, const struct yamldoc_node *v)
{
	const struct yamldoc_node *x;

	if (!want_map(L, v, "pack"))
		return;
	map_check_keys(L, v, "'pack'", pack_keys);
	free(p->id);
	free(p->title);
	p->id = field_id(L, v, "id", "'pack'");
	p->title = field_str(L, v, "title", true, "'pack'");
	if ((x = map_get(v, "title")))
		check_bytes(L, x, p->title, LIMIT_TITLE, "title");
	p->version = field_str(L, v, "version", true, "'pack'");
	if ((x = map_get(v, "version")))
		check_bytes(L, x, p->version, LIMIT_VERSION, "version");
	if ((x = map_get(v, "version")) && *p->version && !version_valid(p->version))
		err_node(L, x, "'version' must be a semantic version like \"1.0.0\", not %s", ytype(x));
	p->author = field_str(L, v, "author", false, "'pack'");
	p->description = field_str(L, v, "description", false, "'pack'");
	if ((x = map_get(v, "audience")))
		want_strlist(L, x, "audience", &p->audience, &p->naudience);
	if ((x = map_get(v, "skills")))
		want_skill_set(L, x, "skills", &p->skills);
}
