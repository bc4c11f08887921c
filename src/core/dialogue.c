/* dialogue.c: the client as a state machine over a scenario (pure).
 *
 * Format 1 is played by choose_line() and feed_format1(), unchanged since
 * before format 2 (tests/unit/test_dialogue.c replays the old packs against
 * what this engine said before format 2 existed). Format 2 is played by
 * feed_format2(): how the client hears the reply (client_moves.h), the moves
 * that take the turn or react to it, answers, the response, and the lines
 * chosen by dialogue_lines.c over its memory of the session. */
#include "core/dialogue.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/util.h"
#include "dialogue_int.h"

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

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

		d->mem = lines_memory_new(s);
		lines_say(d, &opening, (size_t)d->node, NULL, PICK_MUST, SAID_NODE, -1);
		memcpy(d->said, opening.lines, sizeof d->said);
		d->nsaid = opening.nlines;
		d->line = lines_compose(d, d->said, d->nsaid);
		d->invited = d->nsaid && d->said[d->nsaid - 1].asks_info;
	} else {
		d->line = choose_line(d, d->node);
		lines_said_set(&d->said[0], NULL, d->line, SAID_NODE, -1);
		d->nsaid = 1;
	}
}

void dialogue_release(struct dialogue *d)
{
	free(d->uses);
	free(d->vbase);
	lines_memory_free(d->mem);
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
	*index = -1;
	for (size_t i = 0; i < n->nresponses; i++) {
		const struct branch *cand = &n->responses[i];
		if (cand->fallback || reply_match_test(&cand->when, cr, reply, meters)) {
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
		lines_said_set(&out->lines[out->nlines++], NULL, out->say_first, SAID_SAY_FIRST, -1);
	lines_said_set(&out->lines[out->nlines++], NULL, d->line, out->ended ? SAID_ENDING : SAID_NODE, -1);
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
	lines_hear(m, m->replies[m->nreplies++]);
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

		if (!text_mentions(r->text, a->about, a->nabout) || !lines_cond_holds(d, &a->when, r))
			continue;
		if (lines_say(d, out, set, r, PICK_OPTIONAL, SAID_ANSWER, -1))
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
		if (lines_can_say(d, m->move_set + MOVE_REFUSE, &r, PICK_MUST))
			whole = MOVE_REFUSE;
		else if (lines_can_say(d, m->move_set + MOVE_PERMISSION, &r, PICK_MUST))
			whole = MOVE_PERMISSION;
	}
	if (whole < 0 && t->misses && !t->asks && lines_can_say(d, m->move_set + MOVE_MISHEARD, &r, PICK_MUST))
		whole = MOVE_MISHEARD;
	if (whole >= 0) {
		b = NULL;
		out->branch = -1;
		out->move = whole;
		lines_say(d, out, m->move_set + (size_t)whole, &r, PICK_MUST, SAID_MOVE, whole);
		d->invited = whole == MOVE_PERMISSION;
	} else {
		apply_effects(d, b);
		/* A reaction to the reply: a move when one fits, else say_first. */
		if (repeats && lines_can_say(d, m->move_set + MOVE_REPEAT, &r, PICK_OPTIONAL))
			react = MOVE_REPEAT;
		else if (t->overshoots && lines_can_say(d, m->move_set + MOVE_OVERSHOOT, &r, PICK_OPTIONAL))
			react = MOVE_OVERSHOOT;
		else if (out->heard_as_asked && lines_can_say(d, m->move_set + MOVE_HEARD, &r, PICK_OPTIONAL))
			react = MOVE_HEARD;
		if (react >= 0) {
			out->move = react;
			lines_say(d, out, m->move_set + (size_t)react, &r, PICK_OPTIONAL, SAID_MOVE, react);
		}
		if (t->asks)
			say_answer(d, out, &r);
		if (react < 0 && b && b->nsay_first)
			lines_say(d, out, m->branch_set[d->node] + (size_t)out->branch, &r, PICK_OPTIONAL,
				SAID_SAY_FIRST, -1);
		out->thought = b ? b->thought : NULL;
	}
	end = turn_ending(d, n, b, whole >= 0);
	if (end >= 0) {
		d->ending = end;
		d->node = -1;
		out->ended = true;
		lines_say(d, out, m->ending_set + (size_t)end, &r, PICK_MUST, SAID_ENDING, -1);
	} else {
		if (b && b->target_node >= 0)
			d->node = b->target_node;
		if (whole < 0)
			lines_say(d, out, (size_t)d->node, &r, PICK_MUST, SAID_NODE, -1);
		out->to_node = d->node;
	}
	for (size_t i = out->nlines; i-- > 0 && !out->thought;)
		out->thought = out->lines[i].thought;
	if (out->nlines && out->lines[out->nlines - 1].asks_info)
		d->invited = true;
	memcpy(d->said, out->lines, sizeof d->said);
	d->nsaid = out->nlines;
	d->line = lines_compose(d, out->lines, out->nlines);
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
