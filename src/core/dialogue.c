/* dialogue.c: the client as a state machine over a scenario (pure).
 *
 * Format 1 is played by choose_line() and feed_format1(), unchanged since
 * before format 2 (tests/unit/test_dialogue.c replays the old packs against
 * what this engine said before format 2 existed). Format 2 is played by
 * feed_format2() over the memory below: every line said, how often each set
 * of lines was visited, the conversation so far for `raised:` conditions and
 * the practitioner's earlier replies for noticing repeats. */
#include "core/dialogue.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/util.h"

/* A set of variants (a node's say, a branch's say_first, an answer, a move,
 * an ending's lines) has an index; its variants have global indexes. */
struct dialogue_memory {
	size_t nsets;
	const struct line_variant **set_v; /* each set's variants */
	size_t *set_n;
	size_t *set_base;          /* first global variant index of each set */
	int *set_visits;           /* times a line of the set was chosen */
	size_t *branch_set;        /* per node: index of its first branch's set */
	size_t answer_set, move_set, ending_set;
	int *uses;                 /* per global variant */
	size_t *text_id;           /* per global variant: the same id for the same text */
	bool *said;                /* per text id: said in this session */
	size_t nvariants;
	/* the conversation, for `raised:` */
	const char **heard;        /* client lines (into the scenario) and replies (owned in replies[]) */
	size_t nheard, aheard;
	const char **client;       /* client lines only, in order */
	size_t nclient, aclient;
	char **replies;
	size_t nreplies, areplies;
	struct reply_sig *sigs;    /* one per reply, for repeats */
	char **texts;              /* composed turn texts handed out as step.line */
	size_t ntexts, atexts;
	const char **topics;       /* scratch: the topic words for a reply's traits */
	size_t atopics;
};

/* splitmix64: small, seedable, the same sequence on every platform. */
static unsigned long long rng_next(unsigned long long *state)
{
	unsigned long long z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

#define GROW(p, n, a) do { if ((n) == (a)) { (a) = (a) ? 2 * (a) : 8; \
	(p) = xrealloc((p), (a) * sizeof *(p)); } } while (0)

/* ---- format 1 ------------------------------------------------------------ */

/* Choose the node's line: eligible variants said least often, then by RNG. */
static const char *choose_line(struct dialogue *d, int node)
{
	const struct node *n = &d->s->nodes[node];
	int *uses = d->uses + d->vbase[node];
	size_t cand[64], ncand = 0;
	int least = -1;

	if (n->nsay == 0)
		return "";
	for (size_t v = 0; v < n->nsay; v++) {
		const struct line_variant *lv = &n->say[v];
		if (!meter_expr_eval(&lv->when.meters, d->meters))
			continue;
		if (lv->max_uses > 0 && uses[v] >= lv->max_uses)
			continue;
		if (least < 0 || uses[v] < least) {
			least = uses[v];
			ncand = 0;
		}
		if (uses[v] == least && ncand < ARRAY_SIZE(cand))
			cand[ncand++] = v;
	}
	if (ncand == 0) {
		/* Nothing eligible: the least-used unconditional variant, else the first. */
		for (size_t v = 0; v < n->nsay; v++)
			if (n->say[v].when.meters.n == 0 && (ncand == 0 || uses[v] < uses[cand[0]]))
				cand[0] = v, ncand = 1;
		if (ncand == 0)
			cand[0] = 0, ncand = 1;
	}
	size_t pick = cand[rng_next(&d->rng) % ncand];
	uses[pick]++;
	return n->say[pick].text;
}

static void said_set(struct said_line *sl, const struct line_variant *lv, const char *text, enum said_from from,
		     int move)
{
	memset(sl, 0, sizeof *sl);
	sl->text = text;
	sl->from = from;
	sl->move = move;
	if (lv) {
		sl->talk = lv->talk;
		sl->kind = lv->kind;
		sl->thought = lv->thought;
		sl->asks_info = lv->asks_info;
	}
}

/* ---- format 2: the memory ------------------------------------------------- */

static const struct line_variant *set_variants(const struct scenario *s, const struct dialogue_memory *m,
					       size_t set, size_t *n)
{
	(void)s;
	*n = m->set_n[set];
	return m->set_v[set];
}

struct text_ix {
	const char *text;
	size_t v;
};

static int text_ix_cmp(const void *a, const void *b)
{
	const struct text_ix *x = a, *y = b;
	int c = strcmp(x->text, y->text);
	return c ? c : (x->v > y->v) - (x->v < y->v);
}

static struct dialogue_memory *memory_new(const struct scenario *s)
{
	struct dialogue_memory *m = xcalloc(1, sizeof *m);
	struct text_ix *ix;
	size_t set = s->nnodes, total = 0, k = 0;

	m->branch_set = xcalloc(s->nnodes + 1, sizeof *m->branch_set);
	for (size_t i = 0; i < s->nnodes; i++) {
		m->branch_set[i] = set;
		set += s->nodes[i].nresponses;
	}
	m->answer_set = set;
	m->move_set = m->answer_set + s->nanswers;
	m->ending_set = m->move_set + MOVE_COUNT;
	m->nsets = m->ending_set + s->nendings;
	m->set_v = xcalloc(m->nsets + 1, sizeof *m->set_v);
	m->set_n = xcalloc(m->nsets + 1, sizeof *m->set_n);
	for (size_t i = 0; i < s->nnodes; i++) {
		m->set_v[i] = s->nodes[i].say;
		m->set_n[i] = s->nodes[i].nsay;
		for (size_t j = 0; j < s->nodes[i].nresponses; j++) {
			m->set_v[m->branch_set[i] + j] = s->nodes[i].responses[j].say_first;
			m->set_n[m->branch_set[i] + j] = s->nodes[i].responses[j].nsay_first;
		}
	}
	for (size_t i = 0; i < s->nanswers; i++) {
		m->set_v[m->answer_set + i] = s->answers[i].say;
		m->set_n[m->answer_set + i] = s->answers[i].nsay;
	}
	for (size_t i = 0; i < MOVE_COUNT; i++) {
		m->set_v[m->move_set + i] = s->moves[i].say;
		m->set_n[m->move_set + i] = s->moves[i].nsay;
	}
	for (size_t i = 0; i < s->nendings; i++) {
		m->set_v[m->ending_set + i] = s->endings[i].lines;
		m->set_n[m->ending_set + i] = s->endings[i].nlines;
	}
	m->set_base = xcalloc(m->nsets + 1, sizeof *m->set_base);
	m->set_visits = xcalloc(m->nsets + 1, sizeof *m->set_visits);
	for (size_t i = 0; i < m->nsets; i++) {
		m->set_base[i] = total;
		total += m->set_n[i];
	}
	m->nvariants = total;
	m->uses = xcalloc(total + 1, sizeof *m->uses);
	m->text_id = xcalloc(total + 1, sizeof *m->text_id);
	m->said = xcalloc(total + 1, sizeof *m->said);
	/* Equal texts get one id, so "said before" means the words, not the variant. */
	ix = xcalloc(total + 1, sizeof *ix);
	for (size_t i = 0; i < m->nsets; i++) {
		size_t n;
		const struct line_variant *v = set_variants(s, m, i, &n);
		for (size_t j = 0; j < n; j++)
			ix[k++] = (struct text_ix){ v[j].text ? v[j].text : "", m->set_base[i] + j };
	}
	if (total)
		qsort(ix, total, sizeof *ix, text_ix_cmp);
	for (size_t i = 0; i < total; i++)
		m->text_id[ix[i].v] = i && !strcmp(ix[i].text, ix[i - 1].text) ? m->text_id[ix[i - 1].v] : i;
	free(ix);
	return m;
}

static void memory_free(struct dialogue_memory *m)
{
	if (!m)
		return;
	free(m->set_v);
	free(m->set_n);
	free(m->set_base);
	free(m->set_visits);
	free(m->branch_set);
	free(m->uses);
	free(m->text_id);
	free(m->said);
	free(m->heard);
	free(m->client);
	for (size_t i = 0; i < m->nreplies; i++)
		free(m->replies[i]);
	free(m->replies);
	free(m->sigs);
	for (size_t i = 0; i < m->ntexts; i++)
		free(m->texts[i]);
	free(m->texts);
	free(m->topics);
	free(m);
}

static void memory_hear(struct dialogue_memory *m, const char *text)
{
	GROW(m->heard, m->nheard, m->aheard);
	m->heard[m->nheard++] = text;
}

/* ---- format 2: conditions and choosing ------------------------------------ */

/* What a line is chosen after: the reply (NULL for the opening) and its traits. */
struct reply_seen {
	const struct coded_reply *cr;
	const char *text;
	const struct reply_traits *traits;
};

static bool match_holds(const struct reply_match *m, const struct reply_seen *r, const int *meters)
{
	return reply_match_test(m, r->cr, r->text, meters);
}

static bool raised(const struct dialogue_memory *m, char *const *words, size_t n)
{
	for (size_t i = 0; i < m->nheard; i++)
		if (text_mentions(m->heard[i], words, n))
			return true;
	return false;
}

static bool cond_holds(const struct dialogue *d, const struct line_cond *c, const struct reply_seen *r)
{
	if (c->on_reply && (!r || !r->cr || !match_holds(&c->reply, r, d->meters)))
		return false;
	if (!meter_expr_eval(&c->meters, d->meters))
		return false;
	if (c->nraised && !raised(d->mem, c->raised, c->nraised))
		return false;
	if (c->min_turns >= 0 && d->turns < c->min_turns)
		return false;
	if (c->max_turns >= 0 && d->turns > c->max_turns)
		return false;
	return true;
}

/* How closely a variant is written for this moment: 2 it tests the reply,
 * 1 the conversation (raised, turns, visit), 0 neither (meters only). */
static int variant_specific(const struct line_variant *lv)
{
	if (lv->when.on_reply)
		return 2;
	return lv->when.nraised || lv->when.min_turns >= 0 || lv->when.max_turns >= 0 || lv->visit != VISIT_ANY;
}

static bool variant_eligible(const struct dialogue *d, size_t set, const struct line_variant *lv, size_t g,
			     const struct reply_seen *r)
{
	int visits = d->mem->set_visits[set];

	if (lv->max_uses > 0 && d->mem->uses[g] >= lv->max_uses)
		return false;
	if ((lv->visit == VISIT_FIRST && visits > 0) || (lv->visit == VISIT_AGAIN && visits == 0))
		return false;
	return cond_holds(d, &lv->when, r);
}

/* The client says a variant: count it and remember its words. */
static void say_variant(struct dialogue *d, struct dialogue_step *out, size_t g, const struct line_variant *lv,
			enum said_from from, int move)
{
	struct dialogue_memory *m = d->mem;

	m->uses[g]++;
	m->said[m->text_id[g]] = true;
	memory_hear(m, lv->text);
	GROW(m->client, m->nclient, m->aclient);
	m->client[m->nclient++] = lv->text;
	if (out->nlines < DIALOGUE_LINES_MAX)
		said_set(&out->lines[out->nlines++], lv, lv->text, from, move);
}

/* The first eligible unsaid variant that adds at this position, or -1. */
static long pick_adding(struct dialogue *d, size_t set, enum line_adds where, const struct reply_seen *r)
{
	size_t n, base = d->mem->set_base[set];
	const struct line_variant *v = set_variants(d->s, d->mem, set, &n);

	for (size_t i = 0; i < n; i++)
		if (v[i].adds == where && !d->mem->said[d->mem->text_id[base + i]] &&
		    variant_eligible(d, set, &v[i], base + i, r))
			return (long)i;
	return -1;
}

/* How a set's line is chosen: a line the client must say (a node's, an
 * ending's, a move that takes the turn) is said even when every line has
 * been said before; an optional one (an answer, a reaction, a say_first) is
 * then left out. */
enum pick { PICK_OPTIONAL, PICK_MUST };

/* The line among a set's alternatives: eligible, then not said before (while
 * another is), then those that test the reply, else those that test the
 * conversation, then the least said, then the seeded random choice. With PICK_MUST, a set with
 * nothing eligible says its least-said unconditional alternative, else its
 * first. */
static long pick_alternative(struct dialogue *d, size_t set, const struct reply_seen *r, enum pick how)
{
	bool must = how == PICK_MUST;
	size_t n, base = d->mem->set_base[set];
	const struct line_variant *v = set_variants(d->s, d->mem, set, &n);
	size_t *cand = xcalloc(n + 1, sizeof *cand), ncand = 0, keep;
	long pick = -1;

	for (size_t i = 0; i < n; i++)
		if (v[i].adds == ADDS_NONE && variant_eligible(d, set, &v[i], base + i, r))
			cand[ncand++] = i;
	keep = 0;
	for (size_t i = 0; i < ncand; i++)
		if (!d->mem->said[d->mem->text_id[base + cand[i]]])
			cand[keep++] = cand[i];
	if (keep || !must)
		ncand = keep;
	int best = 0;
	for (size_t i = 0; i < ncand; i++)
		if (variant_specific(&v[cand[i]]) > best)
			best = variant_specific(&v[cand[i]]);
	keep = 0;
	for (size_t i = 0; i < ncand; i++)
		if (variant_specific(&v[cand[i]]) == best)
			cand[keep++] = cand[i];
	ncand = keep;
	if (ncand) {
		int least = d->mem->uses[base + cand[0]];
		for (size_t i = 1; i < ncand; i++)
			if (d->mem->uses[base + cand[i]] < least)
				least = d->mem->uses[base + cand[i]];
		keep = 0;
		for (size_t i = 0; i < ncand; i++)
			if (d->mem->uses[base + cand[i]] == least)
				cand[keep++] = cand[i];
		pick = (long)cand[rng_next(&d->rng) % keep];
	} else if (must && n) {
		for (size_t i = 0; i < n; i++)
			if (v[i].adds == ADDS_NONE && variant_specific(&v[i]) == 0 && v[i].when.meters.n == 0 &&
			    (pick < 0 || d->mem->uses[base + i] < d->mem->uses[base + (size_t)pick]))
				pick = (long)i;
		if (pick < 0)
			pick = 0;
	}
	free(cand);
	return pick;
}

/* Say a set's line: what adds before, the chosen alternative, what adds
 * after. Returns the number of lines said. */
static size_t say_set(struct dialogue *d, struct dialogue_step *out, size_t set, const struct reply_seen *r,
		      enum pick how, enum said_from from, int move)
{
	size_t n, base = d->mem->set_base[set], before = out->nlines;
	const struct line_variant *v = set_variants(d->s, d->mem, set, &n);
	long pick = pick_alternative(d, set, r, how);
	long first = pick >= 0 ? pick_adding(d, set, ADDS_BEFORE, r) : -1;
	long after = pick >= 0 ? pick_adding(d, set, ADDS_AFTER, r) : -1;

	if (pick < 0)
		return 0;
	if (first >= 0)
		say_variant(d, out, base + (size_t)first, &v[first], from, move);
	say_variant(d, out, base + (size_t)pick, &v[pick], from, move);
	if (after >= 0)
		say_variant(d, out, base + (size_t)after, &v[after], from, move);
	d->mem->set_visits[set]++;
	return out->nlines - before;
}

/* Could the set say something now? A move without an eligible line (or,
 * for an optional move, without one not said yet) is not made. */
static bool set_can_say(struct dialogue *d, size_t set, const struct reply_seen *r, enum pick how)
{
	size_t n, base = d->mem->set_base[set];
	const struct line_variant *v = set_variants(d->s, d->mem, set, &n);

	for (size_t i = 0; i < n; i++)
		if (v[i].adds == ADDS_NONE && variant_eligible(d, set, &v[i], base + i, r) &&
		    (how == PICK_MUST || !d->mem->said[d->mem->text_id[base + i]]))
			return true;
	return false;
}

/* The client's lines of a turn as one text, kept until release. */
static const char *compose(struct dialogue *d, const struct said_line *lines, size_t n)
{
	struct dialogue_memory *m = d->mem;
	struct strbuf sb = {0};

	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_adds(&sb, " ");
		strbuf_adds(&sb, lines[i].text);
	}
	GROW(m->texts, m->ntexts, m->atexts);
	m->texts[m->ntexts] = strbuf_detach(&sb);
	return m->texts[m->ntexts++];
}

/* ---- the public interface ------------------------------------------------ */

void dialogue_init(struct dialogue *d, const struct scenario *s, unsigned seed)
{
	size_t total = 0;

	memset(d, 0, sizeof *d);
	d->s = s;
	d->rng = seed;
	d->ending = -1;
	d->vbase = xcalloc(s->nnodes + 1, sizeof *d->vbase);
	for (size_t i = 0; i < s->nnodes; i++) {
		d->vbase[i] = total;
		total += s->nodes[i].nsay;
	}
	d->uses = xcalloc(total + 1, sizeof *d->uses);
	for (size_t m = 0; m < s->nmeters; m++)
		d->meters[m] = s->meters[m].start;
	d->node = s->start_node >= 0 && (size_t)s->start_node < s->nnodes ? s->start_node : 0;
	if (!s->nnodes) {
		d->line = "";
		d->node = -1;
		return;
	}
	if (s->format >= 2) {
		struct dialogue_step opening = {0};

		d->mem = memory_new(s);
		say_set(d, &opening, (size_t)d->node, NULL, PICK_MUST, SAID_NODE, -1);
		memcpy(d->said, opening.lines, sizeof d->said);
		d->nsaid = opening.nlines;
		d->line = compose(d, d->said, d->nsaid);
		d->invited = d->nsaid && d->said[d->nsaid - 1].asks_info;
	} else {
		d->line = choose_line(d, d->node);
		said_set(&d->said[0], NULL, d->line, SAID_NODE, -1);
		d->nsaid = 1;
	}
}

void dialogue_release(struct dialogue *d)
{
	free(d->uses);
	free(d->vbase);
	memory_free(d->mem);
	d->uses = NULL;
	d->vbase = NULL;
	d->mem = NULL;
}

const char *dialogue_line(const struct dialogue *d)
{
	return d->line ? d->line : "";
}

const struct said_line *dialogue_said(const struct dialogue *d, size_t *n)
{
	*n = d->nsaid;
	return d->said;
}

bool dialogue_client_asked(const struct dialogue *d)
{
	return d->invited;
}

bool dialogue_ended(const struct dialogue *d)
{
	return d->ending >= 0 || d->node < 0;
}

bool reply_match_test(const struct reply_match *m, const struct coded_reply *cr,
		      const char *reply_text, const int *meters)
{
	if (m->codes && !(cr->codes & m->codes))
		return false;
	if (m->primary && !(CODE_BIT(cr->primary) & m->primary))
		return false;
	if (m->not_codes && (cr->codes & m->not_codes))
		return false;
	if (m->nonadherent >= 0 && (int)cr->nonadherent != m->nonadherent)
		return false;
	for (int k = 0; k < SKILL_COUNT; k++)
		if (m->min_skill[k] >= 0 && cr->skills[k] < m->min_skill[k])
			return false;
	if (!meter_expr_eval(&m->meters, meters))
		return false;
	if (m->nabout && !text_mentions(reply_text ? reply_text : "", m->about, m->nabout))
		return false;
	if (m->asks >= 0 || m->permission >= 0) {
		struct reply_traits t;
		reply_traits_compute(reply_text, cr, NULL, &t);
		if (m->asks >= 0 && t.asks != (m->asks == 1))
			return false;
		if (m->permission >= 0 && t.permission != (m->permission == 1))
			return false;
	}
	return true;
}

/* The first ending of this kind whose condition holds now, or -1. */
static int ending_triggered(const struct dialogue *d, enum ending_kind kind)
{
	for (size_t i = 0; i < d->s->nendings; i++) {
		const struct ending *e = &d->s->endings[i];
		if (e->kind == kind && e->has_when && meter_expr_eval(&e->when, d->meters))
			return (int)i;
	}
	return -1;
}

static int ending_of_kind(const struct scenario *s, enum ending_kind kind)
{
	for (size_t i = 0; i < s->nendings; i++)
		if (s->endings[i].kind == kind)
			return (int)i;
	return -1;
}

static void apply_effects(struct dialogue *d, const struct branch *b)
{
	for (size_t i = 0; b && i < b->neffects; i++) {
		int m = b->effects[i].meter;
		if (m >= 0 && (size_t)m < d->s->nmeters)
			d->meters[m] = clamp(d->meters[m] + b->effects[i].delta, d->s->meters[m].min,
					     d->s->meters[m].max);
	}
}

/* Where the turn ends, if it does: failure, then success, then a goto to an
 * ending, then the turn limit, then a dead end. -1: the session goes on. */
static int turn_ending(const struct dialogue *d, const struct node *n, const struct branch *b, bool move)
{
	const struct scenario *s = d->s;
	int end = ending_triggered(d, ENDING_FAILURE);

	if (end < 0)
		end = ending_triggered(d, ENDING_SUCCESS);
	if (end < 0 && b && b->target_ending >= 0)
		end = b->target_ending;
	if (end < 0 && s->turn_limit > 0 && d->turns >= s->turn_limit)
		end = ending_of_kind(s, ENDING_LIMIT);
	if (end < 0 && !move && (!b || b->target_node < 0) && !n->nresponses)
		end = ending_of_kind(s, ENDING_LIMIT); /* a dead end: close rather than hang */
	return end;
}

static const struct branch *first_branch(const struct node *n, const struct coded_reply *cr, const char *reply,
					 const int *meters, int *index)
{
	struct reply_seen r = { cr, reply, NULL };

	*index = -1;
	for (size_t i = 0; i < n->nresponses; i++) {
		const struct branch *cand = &n->responses[i];
		if (cand->fallback || match_holds(&cand->when, &r, meters)) {
			*index = (int)i;
			return cand;
		}
	}
	return NULL;
}

static void feed_format1(struct dialogue *d, const struct coded_reply *cr, const char *reply_text,
			 struct dialogue_step *out)
{
	const struct scenario *s = d->s;
	const struct node *n = &s->nodes[d->node];
	const struct branch *b = first_branch(n, cr, reply_text, d->meters, &out->branch);
	int end;

	d->turns++;
	apply_effects(d, b);
	if (b && b->nsay_first)
		out->say_first = b->say_first[0].text;
	end = turn_ending(d, n, b, false);
	if (end >= 0) {
		d->ending = end;
		d->node = -1;
		d->line = s->endings[end].say;
		out->ended = true;
	} else {
		if (b && b->target_node >= 0)
			d->node = b->target_node;
		d->line = choose_line(d, d->node);
		out->to_node = d->node;
	}
	if (out->say_first)
		said_set(&out->lines[out->nlines++], NULL, out->say_first, SAID_SAY_FIRST, -1);
	said_set(&out->lines[out->nlines++], NULL, d->line, out->ended ? SAID_ENDING : SAID_NODE, -1);
	out->line = d->line;
	d->nsaid = 0;
	for (size_t i = 0; i < out->nlines; i++)
		if (out->lines[i].from != SAID_SAY_FIRST)
			d->said[d->nsaid++] = out->lines[i];
}

/* ---- format 2: one turn --------------------------------------------------- */

/* The topic words a reply is heard against: the scenario's and the node's
 * themes and the `about:` words of the node's responses. */
static void reply_topics(struct dialogue *d, const struct node *n, struct reply_context *ctx)
{
	const struct scenario *s = d->s;
	struct dialogue_memory *m = d->mem;
	size_t k = 0, need = s->nthemes + n->nthemes + 3;

	for (size_t i = 0; i < n->nresponses; i++)
		need += n->responses[i].when.nabout;
	if (need + 1 > m->atopics) {
		m->atopics = need + 1;
		m->topics = xrealloc(m->topics, m->atopics * sizeof *m->topics);
	}
	for (size_t i = 0; i < s->nthemes; i++)
		m->topics[k++] = s->themes[i];
	for (size_t i = 0; i < n->nthemes; i++)
		m->topics[k++] = n->themes[i];
	if (s->persona.situation)
		m->topics[k++] = s->persona.situation;
	if (s->persona.wants)
		m->topics[k++] = s->persona.wants;
	if (s->persona.fears)
		m->topics[k++] = s->persona.fears;
	for (size_t i = 0; i < n->nresponses; i++)
		for (size_t j = 0; j < n->responses[i].when.nabout; j++)
			m->topics[k++] = n->responses[i].when.about[j];
	ctx->topics = m->topics;
	ctx->ntopics = k;
}

/* Hear the reply: its traits, whether it repeats an earlier one, and keep it. */
static bool hear_reply(struct dialogue *d, const struct node *n, const char *reply, const struct coded_reply *cr,
		       struct reply_traits *t)
{
	struct dialogue_memory *m = d->mem;
	const char *lines[DIALOGUE_LINES_MAX];
	struct reply_context ctx = {0};
	struct reply_sig sig;
	bool repeats = false;
	size_t a = m->areplies;

	for (size_t i = 0; i < d->nsaid; i++)
		lines[i] = d->said[i].text;
	ctx.client_lines = lines;
	ctx.nclient = d->nsaid;
	ctx.earlier_lines = m->client;
	ctx.nearlier = m->nclient >= d->nsaid ? m->nclient - d->nsaid : 0;
	reply_topics(d, n, &ctx);
	reply_traits_compute(reply, cr, &ctx, t);
	reply_signature(reply, &sig);
	for (size_t i = 0; i < m->nreplies && !repeats; i++)
		repeats = reply_sig_repeats(&sig, &m->sigs[i]);
	GROW(m->replies, m->nreplies, m->areplies);
	if (a != m->areplies)
		m->sigs = xrealloc(m->sigs, m->areplies * sizeof *m->sigs);
	m->replies[m->nreplies] = xstrdup(reply);
	m->sigs[m->nreplies] = sig;
	memory_hear(m, m->replies[m->nreplies++]);
	return repeats;
}

/* The answer to a question, if one fits: the first answer whose `about` the
 * reply mentions and whose `when` holds, with a line not said yet. */
static void say_answer(struct dialogue *d, struct dialogue_step *out, const struct reply_seen *r)
{
	const struct scenario *s = d->s;

	for (size_t i = 0; i < s->nanswers; i++) {
		const struct answer *a = &s->answers[i];
		size_t set = d->mem->answer_set + i;

		if (!text_mentions(r->text, a->about, a->nabout) || !cond_holds(d, &a->when, r))
			continue;
		if (say_set(d, out, set, r, PICK_OPTIONAL, SAID_ANSWER, -1))
			return;
	}
}

/* Information the client agreed to hear or asked for is heard as asked:
 * advice counts as persuading with permission, not as the righting reflex. */
static void heard_as_asked(struct coded_reply *cr)
{
	if (cr->codes & CODE_BIT(CODE_PERS)) {
		cr->codes &= ~CODE_BIT(CODE_PERS);
		cr->codes |= CODE_BIT(CODE_PWP);
	}
	if (cr->primary == CODE_PERS)
		cr->primary = CODE_PWP;
	cr->nonadherent = (cr->codes & CODE_BIT(CODE_CONF)) != 0;
}

static void feed_format2(struct dialogue *d, const struct coded_reply *cr_in, const char *reply,
			 struct dialogue_step *out)
{
	const struct scenario *s = d->s;
	struct dialogue_memory *m = d->mem;
	const struct node *n = &s->nodes[d->node];
	struct coded_reply cr = *cr_in;
	struct reply_traits *t = &out->traits;
	struct reply_seen r = { &cr, reply, t };
	bool repeats = hear_reply(d, n, reply, cr_in, t);
	const struct branch *b;
	int whole = -1, react = -1, end;

	if (d->invited && !t->asks && !(cr_in->codes & CODE_BIT(CODE_CONF))) {
		heard_as_asked(&cr);
		out->heard_as_asked = true;
	}
	d->invited = false;
	b = first_branch(n, &cr, reply, d->meters, &out->branch);
	d->turns++;
	/* Moves that take the whole turn: the client answers a request for
	 * permission, or corrects a reflection that got them wrong, and stays. */
	if (t->permission && !t->info_follows && !(b && b->when.permission == 1)) {
		if (set_can_say(d, m->move_set + MOVE_REFUSE, &r, PICK_MUST))
			whole = MOVE_REFUSE;
		else if (set_can_say(d, m->move_set + MOVE_PERMISSION, &r, PICK_MUST))
			whole = MOVE_PERMISSION;
	}
	if (whole < 0 && t->misses && !t->asks && set_can_say(d, m->move_set + MOVE_MISHEARD, &r, PICK_MUST))
		whole = MOVE_MISHEARD;
	if (whole >= 0) {
		b = NULL;
		out->branch = -1;
		out->move = whole;
		say_set(d, out, m->move_set + (size_t)whole, &r, PICK_MUST, SAID_MOVE, whole);
		d->invited = whole == MOVE_PERMISSION;
	} else {
		apply_effects(d, b);
		/* A reaction to the reply: a move when one fits, else say_first. */
		if (repeats && set_can_say(d, m->move_set + MOVE_REPEAT, &r, PICK_OPTIONAL))
			react = MOVE_REPEAT;
		else if (t->overshoots && set_can_say(d, m->move_set + MOVE_OVERSHOOT, &r, PICK_OPTIONAL))
			react = MOVE_OVERSHOOT;
		else if (out->heard_as_asked && set_can_say(d, m->move_set + MOVE_HEARD, &r, PICK_OPTIONAL))
			react = MOVE_HEARD;
		if (react >= 0) {
			out->move = react;
			say_set(d, out, m->move_set + (size_t)react, &r, PICK_OPTIONAL, SAID_MOVE, react);
		}
		if (t->asks)
			say_answer(d, out, &r);
		if (react < 0 && b && b->nsay_first)
			say_set(d, out, m->branch_set[d->node] + (size_t)out->branch, &r, PICK_OPTIONAL,
				SAID_SAY_FIRST, -1);
		out->thought = b ? b->thought : NULL;
	}
	end = turn_ending(d, n, b, whole >= 0);
	if (end >= 0) {
		d->ending = end;
		d->node = -1;
		out->ended = true;
		say_set(d, out, m->ending_set + (size_t)end, &r, PICK_MUST, SAID_ENDING, -1);
	} else {
		if (b && b->target_node >= 0)
			d->node = b->target_node;
		if (whole < 0)
			say_set(d, out, (size_t)d->node, &r, PICK_MUST, SAID_NODE, -1);
		out->to_node = d->node;
	}
	for (size_t i = out->nlines; i-- > 0 && !out->thought;)
		out->thought = out->lines[i].thought;
	if (out->nlines && out->lines[out->nlines - 1].asks_info)
		d->invited = true;
	memcpy(d->said, out->lines, sizeof d->said);
	d->nsaid = out->nlines;
	d->line = compose(d, out->lines, out->nlines);
	out->line = d->line;
}

void dialogue_feed(struct dialogue *d, const struct coded_reply *cr,
		   const char *reply_text, struct dialogue_step *out)
{
	const struct scenario *s = d->s;
	int before[METERS_MAX];

	memset(out, 0, sizeof *out);
	out->from_node = d->node;
	out->branch = -1;
	out->to_node = -1;
	out->ending = -1;
	out->move = -1;
	if (dialogue_ended(d)) {
		out->ended = true;
		out->ending = d->ending;
		out->line = d->ending >= 0 ? (s->format >= 2 ? dialogue_line(d) : s->endings[d->ending].say) : "";
		memcpy(out->meters, d->meters, sizeof out->meters);
		return;
	}
	memcpy(before, d->meters, sizeof before);
	if (s->format >= 2)
		feed_format2(d, cr, reply_text ? reply_text : "", out);
	else
		feed_format1(d, cr, reply_text, out);
	out->ending = d->ending;
	memcpy(out->meters, d->meters, sizeof out->meters);
	for (size_t m = 0; m < s->nmeters; m++)
		out->delta[m] = d->meters[m] - before[m];
}
