/* core/scenario.c: lookups over the scenario model, freeing it, and the
 * catalog of loaded packs. Loading packs from files and directories is
 * yaml/scenario_load.c's job (with scenario_build.c, over yamldoc.h's tree);
 * this file never sees a file or a YAML type. */
#include "core/scenario.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

int scenario_find_node(const struct scenario *s, const char *id)
{
	for (size_t i = 0; i < s->nnodes; i++)
		if (!strcmp(s->nodes[i].id, id))
			return (int)i;
	return -1;
}

int scenario_find_ending(const struct scenario *s, const char *id)
{
	for (size_t i = 0; i < s->nendings; i++)
		if (!strcmp(s->endings[i].id, id))
			return (int)i;
	return -1;
}

int scenario_find_meter(const struct scenario *s, const char *id)
{
	for (size_t i = 0; i < s->nmeters; i++)
		if (!strcmp(s->meters[i].id, id))
			return (int)i;
	return -1;
}

static bool cmp_holds(int have, enum cmp_op op, int want)
{
	switch (op) {
	case CMP_LT: return have < want;
	case CMP_LE: return have <= want;
	case CMP_EQ: return have == want;
	case CMP_NE: return have != want;
	case CMP_GE: return have >= want;
	case CMP_GT: return have > want;
	}
	return false;
}

bool meter_expr_eval(const struct meter_expr *e, const int *meters)
{
	for (size_t i = 0; i < e->n; i++) {
		const struct meter_cmp *c = &e->cmps[i];

		if (c->meter < 0 || c->meter >= METERS_MAX || !cmp_holds(meters[c->meter], c->op, c->value))
			return false;
	}
	return true;
}

const char *stage_name(enum stage_of_change st)
{
	switch (st) {
	case STAGE_PRECONTEMPLATION: return "precontemplation";
	case STAGE_CONTEMPLATION: return "contemplation";
	case STAGE_PREPARATION: return "preparation";
	case STAGE_ACTION: return "action";
	case STAGE_MAINTENANCE: return "maintenance";
	}
	return "unknown";
}

void meter_expr_describe(struct strbuf *sb, const struct scenario *s, const struct meter_expr *e)
{
	static const char *const ops[] = { [CMP_LT] = "<", [CMP_LE] = "<=", [CMP_EQ] = "==", [CMP_NE] = "!=",
					   [CMP_GE] = ">=", [CMP_GT] = ">" };

	for (size_t i = 0; i < e->n; i++)
		strbuf_addf(sb, "%s%s %s %d", i ? " and " : "", s->meters[e->cmps[i].meter].id, ops[e->cmps[i].op],
			    e->cmps[i].value);
}

const char *ending_kind_name(enum ending_kind k)
{
	switch (k) {
	case ENDING_SUCCESS: return "success";
	case ENDING_FAILURE: return "failure";
	case ENDING_LIMIT: return "limit";
	}
	return "unknown";
}

static const char *const talk_names[] = { "", "change", "sustain", "neutral" };
static const char *const kind_names[KIND_COUNT] = {
	"", "desire", "ability", "reason", "need", "commitment", "activation", "taking_steps",
};
static const char *const move_names[MOVE_COUNT] = {
	"permission", "refuse", "heard", "repeat", "overshoot", "misheard",
};

/* The index of name in names[1..n-1] (0 is "none"), or -1. */
static int name_find(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 1; i < n; i++)
		if (!strcmp(name, names[i]))
			return (int)i;
	return -1;
}

const char *talk_name(enum client_talk t)
{
	return (unsigned)t < ARRAY_SIZE(talk_names) ? talk_names[t] : "";
}

int talk_parse(const char *name)
{
	return name_find(talk_names, ARRAY_SIZE(talk_names), name);
}

const char *talk_kind_name(enum talk_kind k)
{
	return (unsigned)k < KIND_COUNT ? kind_names[k] : "";
}

int talk_kind_parse(const char *name)
{
	return name_find(kind_names, KIND_COUNT, name);
}

const char *move_name(enum client_move m)
{
	return (unsigned)m < MOVE_COUNT ? move_names[m] : "";
}

void reply_match_init(struct reply_match *m)
{
	memset(m, 0, sizeof *m);
	m->nonadherent = m->asks = m->permission = -1;
	for (int i = 0; i < SKILL_COUNT; i++)
		m->min_skill[i] = -1;
}

void line_cond_init(struct line_cond *c)
{
	memset(c, 0, sizeof *c);
	reply_match_init(&c->reply);
	c->min_turns = c->max_turns = -1;
}

static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void match_free(struct reply_match *m)
{
	strv_free(m->about, m->nabout);
	free(m->meters.cmps);
}

static void variants_free(struct line_variant *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].text);
		free(v[i].thought);
		match_free(&v[i].when.reply);
		free(v[i].when.meters.cmps);
		strv_free(v[i].when.raised, v[i].when.nraised);
	}
	free(v);
}

static void node_free(struct node *n)
{
	free(n->id);
	free(n->about);
	variants_free(n->say, n->nsay);
	for (size_t i = 0; i < n->nresponses; i++) {
		struct branch *b = &n->responses[i];

		match_free(&b->when);
		free(b->effects);
		free(b->target);
		variants_free(b->say_first, b->nsay_first);
		free(b->thought);
	}
	free(n->responses);
	for (size_t i = 0; i < n->nexemplars; i++) {
		free(n->exemplars[i].reply);
		free(n->exemplars[i].why);
	}
	free(n->exemplars);
	strv_free(n->themes, n->nthemes);
}

static void scenario_free(struct scenario *s)
{
	if (!s)
		return;
	free(s->id);
	free(s->title);
	free(s->summary);
	free(s->setting);
	strv_free(s->tags, s->ntags);
	free(s->persona.name);
	free(s->persona.situation);
	free(s->persona.wants);
	free(s->persona.fears);
	free(s->persona.voice);
	free(s->trainer_notes);
	strv_free(s->themes, s->nthemes);
	for (size_t i = 0; i < s->nmeters; i++) {
		free(s->meters[i].id);
		free(s->meters[i].label);
	}
	free(s->start);
	for (size_t i = 0; i < s->nnodes; i++)
		node_free(&s->nodes[i]);
	free(s->nodes);
	for (size_t i = 0; i < s->nendings; i++) {
		free(s->endings[i].id);
		variants_free(s->endings[i].lines, s->endings[i].nlines);
		free(s->endings[i].when.cmps);
	}
	free(s->endings);
	for (size_t i = 0; i < s->nanswers; i++) {
		struct answer *a = &s->answers[i];

		strv_free(a->about, a->nabout);
		match_free(&a->when.reply);
		free(a->when.meters.cmps);
		strv_free(a->when.raised, a->when.nraised);
		variants_free(a->say, a->nsay);
	}
	free(s->answers);
	for (size_t m = 0; m < MOVE_COUNT; m++)
		variants_free(s->moves[m].say, s->moves[m].nsay);
	for (size_t i = 0; i < s->ntests; i++) {
		free(s->tests[i].name);
		strv_free(s->tests[i].replies, s->tests[i].nreplies);
		free(s->tests[i].expect);
		free(s->tests[i].seeds);
		strv_free(s->tests[i].says, s->tests[i].nsays);
		strv_free(s->tests[i].never_says, s->tests[i].nnever_says);
	}
	free(s->tests);
	free(s->file);
	free(s);
}

void pack_free(struct pack *p)
{
	if (!p)
		return;
	free(p->id);
	free(p->title);
	free(p->version);
	free(p->author);
	free(p->description);
	strv_free(p->audience, p->naudience);
	free(p->dir);
	for (size_t i = 0; i < p->nscenarios; i++)
		scenario_free(p->scenarios[i]);
	free(p->scenarios);
	strv_free(p->files, p->nfiles);
	free(p);
}

static const struct pack *catalog_pack(const struct catalog *cat, const char *id)
{
	for (size_t i = 0; i < cat->npacks; i++)
		if (!strcmp(cat->packs[i]->id, id))
			return cat->packs[i];
	return NULL;
}

/* Take p into cat unless its id or one of its scenario ids is taken already:
 * the pack found first wins, the later one is reported and dropped. */
int catalog_add_pack(struct catalog *cat, struct pack *p, struct diag_list *dl)
{
	int bad = 0;
	const struct pack *other = catalog_pack(cat, p->id);

	if (other && cat->shadow_same_pack) {
		pack_free(p);
		return 0;
	}
	if (other) {
		diag_add(dl, DIAG_ERROR, p->dir, 0, 0, "pack id '%s' is already used by %s; pack skipped",
			 p->id, other->dir);
		bad = 1;
	}
	for (size_t i = 0; i < p->nscenarios; i++) {
		const struct scenario *s = p->scenarios[i];
		const struct scenario *dup = catalog_find(cat, s->id);

		if (dup) {
			diag_add(dl, DIAG_ERROR, s->at.file, s->at.line, s->at.col,
				 "scenario id '%s' is already used by %s:%d:%d (pack '%s'); scenario ids are unique across packs, pack skipped",
				 s->id, dup->at.file, dup->at.line, dup->at.col, dup->pack->id);
			bad = 1;
		}
	}
	if (bad) {
		pack_free(p);
		return -1;
	}
	cat->packs = xrealloc(cat->packs, (cat->npacks + 1) * sizeof *cat->packs);
	cat->packs[cat->npacks++] = p;
	return 0;
}

const struct scenario *catalog_find(const struct catalog *cat, const char *id)
{
	const char *slash = strchr(id, '/');

	for (size_t i = 0; i < cat->npacks; i++) {
		const struct pack *p = cat->packs[i];

		if (slash && (strlen(p->id) != (size_t)(slash - id) || strncmp(p->id, id, (size_t)(slash - id))))
			continue;
		for (size_t j = 0; j < p->nscenarios; j++)
			if (!strcmp(p->scenarios[j]->id, slash ? slash + 1 : id))
				return p->scenarios[j];
	}
	return NULL;
}

const struct scenario *catalog_whole(const struct catalog *cat, const struct scenario *s)
{
	if (!s || !s->header_only)
		return s;
	return cat && cat->whole ? cat->whole(cat->whole_ctx, s) : NULL;
}

void catalog_release(struct catalog *cat)
{
	for (size_t i = 0; i < cat->npacks; i++)
		pack_free(cat->packs[i]);
	free(cat->packs);
	cat->packs = NULL;
	cat->npacks = 0;
}
