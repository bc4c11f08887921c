/* practice.c: one practice session: code, answer, save, in that order. */
#include "practice.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

int practice_begin(struct practice *p, const struct practice_opts *o, struct error *err)
{
	const struct scenario *s = o->scenario;

	memset(p, 0, sizeof *p);
	p->o = *o;
	dialogue_init(&p->d, s, o->seed);
	if (o->store) {
		struct session_start ss = {
			.user = o->user,
			.scenario_id = s->id,
			.scenario_title = s->title,
			.pack_id = s->pack ? s->pack->id : "",
			.pack_version = s->pack ? s->pack->version : "",
			.coder_version = coder_version(o->coder),
			.seed = o->seed,
			.mode = o->exam ? "exam" : "coach",
			.retry_of = o->retry_of,
			.retry_turn = o->retry_turn,
			.assignment_id = o->assignment_id,
		};
		if (store_begin_session(o->store, &ss, &p->session_id, err)) {
			dialogue_release(&p->d);
			return -1;
		}
	}
	return 0;
}

const char *practice_client_line(const struct practice *p)
{
	return dialogue_line(&p->d);
}

bool practice_ended(const struct practice *p)
{
	return dialogue_ended(&p->d);
}

static int turn_save(struct practice *p, struct practice_turn *t, struct error *err)
{
	const struct scenario *s = p->o.scenario;
	const char *ids[METERS_MAX];
	const char *next;

	if (!p->o.store || t->saved)
		return 0;
	for (size_t m = 0; m < s->nmeters; m++)
		ids[m] = s->meters[m].id;
	next = t->step.ending >= 0 ? s->endings[t->step.ending].id
	     : t->step.to_node >= 0 ? s->nodes[t->step.to_node].id : "";
	struct turn_record rec = {
		.index = t->index,
		.node_id = t->node_id,
		.client_line = t->client_line,
		.reply = t->reply,
		.coded = &t->coded,
		.meter_ids = ids,
		.meters = t->step.meters,
		.nmeters = s->nmeters,
		.next_node = next,
		.client_next = t->step.line ? t->step.line : "",
	};
	if (store_add_turn(p->o.store, p->session_id, &rec, err))
		return -1;
	t->saved = true;
	return 0;
}

/* Save every turn not saved yet, oldest first; stop at the first failure. */
static int turns_flush(struct practice *p, struct error *err)
{
	for (size_t i = 0; i < p->nturns; i++)
		if (turn_save(p, &p->turns[i], err))
			return -1;
	return 0;
}

int practice_reply(struct practice *p, const char *reply,
		   const struct practice_turn **out, struct error *err)
{
	const struct scenario *s = p->o.scenario;
	struct practice_turn *t;
	const char *themes[64];
	size_t nthemes = 0;

	if (p->nturns == p->alloc) {
		p->alloc = p->alloc ? p->alloc * 2 : 16;
		p->turns = xrealloc(p->turns, p->alloc * sizeof *p->turns);
	}
	t = &p->turns[p->nturns++];
	memset(t, 0, sizeof *t);
	t->index = (int)p->nturns;
	t->node_id = xstrdup(p->d.node >= 0 ? s->nodes[p->d.node].id : "");
	t->client_line = xstrdup(dialogue_line(&p->d));
	t->reply = xstrdup(reply);

	for (size_t i = 0; i < s->nthemes && nthemes < ARRAY_SIZE(themes); i++)
		themes[nthemes++] = s->themes[i];
	if (p->d.node >= 0) {
		const struct node *n = &s->nodes[p->d.node];
		for (size_t i = 0; i < n->nthemes && nthemes < ARRAY_SIZE(themes); i++)
			themes[nthemes++] = n->themes[i];
	}
	struct coder_context ctx = {
		.client_last = t->client_line,
		.practitioner_last = p->nturns > 1 ? p->turns[p->nturns - 2].reply : NULL,
		.themes = themes,
		.nthemes = nthemes,
	};
	coder_code(p->o.coder, &ctx, reply, &t->coded);
	dialogue_feed(&p->d, &t->coded, reply, &t->step);
	*out = t;
	return turns_flush(p, err);
}

void practice_summary(const struct practice *p, struct summary *sum)
{
	struct coded_reply *cr = xcalloc(p->nturns + 1, sizeof *cr);

	for (size_t i = 0; i < p->nturns; i++)
		cr[i] = p->turns[i].coded;
	summary_compute(cr, p->nturns, sum);
	free(cr);
}

int practice_finish(struct practice *p, const char *outcome, struct summary *sum,
		    struct error *err)
{
	const struct scenario *s = p->o.scenario;

	if (p->d.ending >= 0)
		outcome = s->endings[p->d.ending].kind == ENDING_SUCCESS ? "success"
			: s->endings[p->d.ending].kind == ENDING_FAILURE ? "failure" : "limit";
	p->outcome = outcome;
	p->finished = true;
	practice_summary(p, sum);
	if (!p->o.store)
		return 0;
	if (turns_flush(p, err))
		return -1;
	return store_end_session(p->o.store, p->session_id, outcome, sum, err);
}

void practice_release(struct practice *p)
{
	for (size_t i = 0; i < p->nturns; i++) {
		free(p->turns[i].node_id);
		free(p->turns[i].client_line);
		free(p->turns[i].reply);
	}
	free(p->turns);
	dialogue_release(&p->d);
	memset(p, 0, sizeof *p);
}
