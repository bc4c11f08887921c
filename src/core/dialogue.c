/* dialogue.c: the client as a state machine over a scenario (pure). */
#include "core/dialogue.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/util.h"

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
		if (!meter_expr_eval(&lv->when, d->meters))
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
			if (n->say[v].when.n == 0 && (ncand == 0 || uses[v] < uses[cand[0]]))
				cand[0] = v, ncand = 1;
		if (ncand == 0)
			cand[0] = 0, ncand = 1;
	}
	size_t pick = cand[rng_next(&d->rng) % ncand];
	uses[pick]++;
	return n->say[pick].text;
}

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
	d->line = s->nnodes ? choose_line(d, d->node) : "";
	if (!s->nnodes)
		d->node = -1;
}

void dialogue_release(struct dialogue *d)
{
	free(d->uses);
	free(d->vbase);
	d->uses = NULL;
	d->vbase = NULL;
}

const char *dialogue_line(const struct dialogue *d)
{
	return d->line ? d->line : "";
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

void dialogue_feed(struct dialogue *d, const struct coded_reply *cr,
		   const char *reply_text, struct dialogue_step *out)
{
	const struct scenario *s = d->s;
	const struct branch *b = NULL;
	int before[METERS_MAX];

	memset(out, 0, sizeof *out);
	out->from_node = d->node;
	out->branch = -1;
	out->to_node = -1;
	out->ending = -1;
	if (dialogue_ended(d)) {
		out->ended = true;
		out->ending = d->ending;
		out->line = d->ending >= 0 ? s->endings[d->ending].say : "";
		memcpy(out->meters, d->meters, sizeof out->meters);
		return;
	}
	memcpy(before, d->meters, sizeof before);
	const struct node *n = &s->nodes[d->node];
	for (size_t i = 0; i < n->nresponses; i++) {
		const struct branch *cand = &n->responses[i];
		if (cand->fallback || reply_match_test(&cand->when, cr, reply_text, before)) {
			b = cand;
			out->branch = (int)i;
			break;
		}
	}
	d->turns++;
	if (b) {
		for (size_t i = 0; i < b->neffects; i++) {
			int m = b->effects[i].meter;
			if (m >= 0 && (size_t)m < s->nmeters)
				d->meters[m] = clamp(d->meters[m] + b->effects[i].delta,
						     s->meters[m].min, s->meters[m].max);
		}
		out->say_first = b->say_first;
	}
	int end = ending_triggered(d, ENDING_FAILURE);
	if (end < 0)
		end = ending_triggered(d, ENDING_SUCCESS);
	if (end < 0 && b && b->target_ending >= 0)
		end = b->target_ending;
	if (end < 0 && s->turn_limit > 0 && d->turns >= s->turn_limit)
		end = ending_of_kind(s, ENDING_LIMIT);
	if (end < 0 && (!b || b->target_node < 0) && !n->nresponses)
		end = ending_of_kind(s, ENDING_LIMIT); /* a dead end: close rather than hang */
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
	out->ending = d->ending;
	out->line = d->line;
	memcpy(out->meters, d->meters, sizeof out->meters);
	for (size_t m = 0; m < s->nmeters; m++)
		out->delta[m] = d->meters[m] - before[m];
}
