/* dialogue_lines.c: the client's lines in format 2 (dialogue_int.h): the
 * memory of what has been said and how often each set of lines was visited,
 * the conditions a line may carry, and choosing the line a set says. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "dialogue_int.h"

void lines_said_set(struct said_line *sl, const struct line_variant *lv, const char *text, enum said_from from,
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

/* ---- the memory ---------------------------------------------------------- */

static const struct line_variant *set_variants(const struct dialogue_memory *m, size_t set, size_t *n)
{
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

static bool opens_text(const char *a, size_t alen, const char *b)
{
	return !strncmp(a, b, alen) && b[alen] == ' ';
}

/* Each text's opening: in sorted order a text's openings come before it,
 * on a stack of the texts that open (as strings) the one being read. Once
 * "...Thank you. Nobody says that. They just ask..." is said, its opening
 * alone counts as said too: the client does not thank twice in a row. */
static void texts_find_openings(struct dialogue_memory *m, const struct text_ix *ix, size_t total)
{
	size_t *stack = xcalloc(total + 1, sizeof *stack), depth = 0;

	m->opening_of = xcalloc(total + 1, sizeof *m->opening_of);
	for (size_t i = 0; i < total; i++) {
		m->opening_of[i] = SIZE_MAX;
		if (i && !strcmp(ix[i].text, ix[i - 1].text))
			continue; /* one id for equal texts: the first's */
		while (depth && strncmp(ix[stack[depth - 1]].text, ix[i].text, strlen(ix[stack[depth - 1]].text)))
			depth--;
		for (size_t k = depth; k-- > 0;)
			if (opens_text(ix[stack[k]].text, strlen(ix[stack[k]].text), ix[i].text)) {
				m->opening_of[i] = stack[k];
				break;
			}
		if (*ix[i].text)
			stack[depth++] = i;
	}
	free(stack);
}

struct dialogue_memory *lines_memory_new(const struct scenario *s)
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
		const struct line_variant *v = set_variants(m, i, &n);
		for (size_t j = 0; j < n; j++)
			ix[k++] = (struct text_ix){ v[j].text ? v[j].text : "", m->set_base[i] + j };
	}
	if (total)
		qsort(ix, total, sizeof *ix, text_ix_cmp);
	for (size_t i = 0; i < total; i++)
		m->text_id[ix[i].v] = i && !strcmp(ix[i].text, ix[i - 1].text) ? m->text_id[ix[i - 1].v] : i;
	texts_find_openings(m, ix, total);
	free(ix);
	return m;
}

void lines_memory_free(struct dialogue_memory *m)
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
	free(m->opening_of);
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

void lines_hear(struct dialogue_memory *m, const char *text)
{
	GROW(m->heard, m->nheard, m->aheard);
	m->heard[m->nheard++] = text;
}

/* ---- conditions and choosing ---------------------------------------------- */

static bool raised(const struct dialogue_memory *m, char *const *words, size_t n)
{
	for (size_t i = 0; i < m->nheard; i++)
		if (text_mentions(m->heard[i], words, n))
			return true;
	return false;
}

bool lines_cond_holds(const struct dialogue *d, const struct line_cond *c, const struct reply_seen *r)
{
	if (c->on_reply && (!r || !r->cr || !reply_match_test(&c->reply, r->cr, r->text, d->meters)))
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
	return lines_cond_holds(d, &lv->when, r);
}

/* The client says a variant: count it and remember its words. */
static void say_variant(struct dialogue *d, struct dialogue_step *out, size_t g, const struct line_variant *lv,
			enum said_from from, int move)
{
	struct dialogue_memory *m = d->mem;

	m->uses[g]++;
	for (size_t id = m->text_id[g]; id != SIZE_MAX; id = m->opening_of[id])
		m->said[id] = true;
	lines_hear(m, lv->text);
	GROW(m->client, m->nclient, m->aclient);
	m->client[m->nclient++] = lv->text;
	if (out->nlines >= DIALOGUE_LINES_MAX)
		die("BUG: more than %d client lines in one turn", DIALOGUE_LINES_MAX);
	lines_said_set(&out->lines[out->nlines++], lv, lv->text, from, move);
}

/* The first eligible unsaid variant that adds at this position, or -1. */
static long pick_adding(struct dialogue *d, size_t set, enum line_adds where, const struct reply_seen *r)
{
	size_t n, base = d->mem->set_base[set];
	const struct line_variant *v = set_variants(d->mem, set, &n);

	for (size_t i = 0; i < n; i++)
		if (v[i].adds == where && !d->mem->said[d->mem->text_id[base + i]] &&
		    variant_eligible(d, set, &v[i], base + i, r))
			return (long)i;
	return -1;
}

/* The line among a set's alternatives: eligible, then not said before (while
 * another is), then those that test the reply, else those that test the
 * conversation, then the least said, then the seeded random choice. With PICK_MUST, a set with
 * nothing eligible says its least-said unconditional alternative, else its
 * first. */
static long pick_alternative(struct dialogue *d, size_t set, const struct reply_seen *r, enum pick how)
{
	bool must = how == PICK_MUST;
	size_t n, base = d->mem->set_base[set];
	const struct line_variant *v = set_variants(d->mem, set, &n);
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
size_t lines_say(struct dialogue *d, struct dialogue_step *out, size_t set, const struct reply_seen *r,
		      enum pick how, enum said_from from, int move)
{
	size_t n, base = d->mem->set_base[set], before = out->nlines;
	const struct line_variant *v = set_variants(d->mem, set, &n);
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
bool lines_can_say(struct dialogue *d, size_t set, const struct reply_seen *r, enum pick how)
{
	size_t n, base = d->mem->set_base[set];
	const struct line_variant *v = set_variants(d->mem, set, &n);

	for (size_t i = 0; i < n; i++)
		if (v[i].adds == ADDS_NONE && variant_eligible(d, set, &v[i], base + i, r) &&
		    (how == PICK_MUST || !d->mem->said[d->mem->text_id[base + i]]))
			return true;
	return false;
}

/* The client's lines of a turn as one text, kept until release. */
const char *lines_compose(struct dialogue *d, const struct said_line *lines, size_t n)
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

