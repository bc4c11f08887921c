/* validate.c: the scenario lint (the runner of the scenarios' own tests is
 * validate_tests.c).
 *
 * The lint reasons over what a session could do: which nodes the gotos reach
 * from the start, and how far each meter could move given the effects of the
 * reachable branches (an interval per meter, an over-approximation: a
 * warning here means "can never", never "might not"). */
#include "core/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "validate_int.h"

void lint_warn(struct diag_list *dl, const struct src_mark *at, enum diag_severity sev, const char *fmt, ...)
{
	struct strbuf sb = {0};
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_add(dl, sev, at->file, at->line, at->col, "%s", sb.buf);
	strbuf_release(&sb);
}

static void reach_compute(const struct scenario *s, struct reach *r)
{
	size_t *queue = xcalloc(s->nnodes + 1, sizeof *queue);
	size_t head = 0, tail = 0;

	r->node = xcalloc(s->nnodes + 1, sizeof *r->node);
	r->ending_by_goto = xcalloc(s->nendings + 1, sizeof *r->ending_by_goto);
	for (size_t m = 0; m < s->nmeters; m++)
		r->lo[m] = r->hi[m] = s->meters[m].start;
	if (s->start_node >= 0 && (size_t)s->start_node < s->nnodes) {
		r->node[s->start_node] = true;
		queue[tail++] = (size_t)s->start_node;
	}
	while (head < tail) {
		const struct node *n = &s->nodes[queue[head++]];

		for (size_t i = 0; i < n->nresponses; i++) {
			const struct branch *b = &n->responses[i];

			for (size_t e = 0; e < b->neffects; e++) {
				int m = b->effects[e].meter;
				if (b->effects[e].delta > 0)
					r->hi[m] = s->meters[m].max;
				else if (b->effects[e].delta < 0)
					r->lo[m] = s->meters[m].min;
			}
			if (b->target_ending >= 0)
				r->ending_by_goto[b->target_ending] = true;
			if (b->target_node >= 0 && !r->node[b->target_node]) {
				r->node[b->target_node] = true;
				queue[tail++] = (size_t)b->target_node;
			}
		}
	}
	free(queue);
}

static void reach_release(struct reach *r)
{
	free(r->node);
	free(r->ending_by_goto);
}

/* Could the expression hold for some meter values within lo..hi? */
static bool expr_feasible(const struct meter_expr *e, const int *lo_in, const int *hi_in)
{
	int lo[METERS_MAX], hi[METERS_MAX];

	memcpy(lo, lo_in, sizeof lo);
	memcpy(hi, hi_in, sizeof hi);
	for (size_t i = 0; i < e->n; i++) {
		const struct meter_cmp *c = &e->cmps[i];
		int m = c->meter, v = c->value;

		switch (c->op) {
		case CMP_LT: if (v - 1 < hi[m]) hi[m] = v - 1; break;
		case CMP_LE: if (v < hi[m]) hi[m] = v; break;
		case CMP_GT: if (v + 1 > lo[m]) lo[m] = v + 1; break;
		case CMP_GE: if (v > lo[m]) lo[m] = v; break;
		case CMP_EQ:
			if (v > lo[m]) lo[m] = v;
			if (v < hi[m]) hi[m] = v;
			break;
		case CMP_NE: break;
		}
		if (lo[m] > hi[m])
			return false;
	}
	for (size_t i = 0; i < e->n; i++) {
		const struct meter_cmp *c = &e->cmps[i];
		if (c->op == CMP_NE && lo[c->meter] == hi[c->meter] && lo[c->meter] == c->value)
			return false;
	}
	return true;
}

static bool expr_uses(const struct meter_expr *e, size_t m)
{
	for (size_t i = 0; i < e->n; i++)
		if ((size_t)e->cmps[i].meter == m)
			return true;
	return false;
}

static void lint_endings(const struct scenario *s, const struct reach *r, struct diag_list *dl)
{
	size_t count[3] = {0};
	int start[METERS_MAX];

	for (size_t m = 0; m < s->nmeters; m++)
		start[m] = s->meters[m].start;
	for (size_t i = 0; i < s->nendings; i++) {
		const struct ending *e = &s->endings[i];
		bool reachable = r->ending_by_goto[i];

		count[e->kind]++;
		if (e->kind == ENDING_LIMIT) {
			if (e->has_when)
				lint_warn(dl, &e->at, DIAG_WARNING,
					"limit ending '%s' has a 'when' that is never read: a limit ending comes after "
					"turn_limit replies; drop the 'when'", e->id);
			reachable |= s->turn_limit > 0;
		} else if (e->has_when) {
			if (expr_feasible(&e->when, r->lo, r->hi))
				reachable = true;
			if (expr_feasible(&e->when, start, start))
				lint_warn(dl, &e->at, DIAG_WARNING,
					"ending '%s': its 'when' holds at the start, so the session ends after the "
					"first reply whatever it is", e->id);
		}
		if (!reachable)
			lint_warn(dl, &e->at, DIAG_WARNING, "ending '%s' can never be reached: no reachable 'goto' "
				"names it%s", e->id,
				e->kind == ENDING_LIMIT ? " and turn_limit is 0" :
				e->has_when ? " and the effects can never move the meters to make its 'when' hold"
				: " and it has no 'when'");
	}
	if (!count[ENDING_SUCCESS])
		lint_warn(dl, &s->at, DIAG_ERROR, "scenario '%s' has no success ending (kind: success): "
			"the client must be able to name a step", s->id);
	if (!count[ENDING_FAILURE])
		lint_warn(dl, &s->at, DIAG_ERROR, "scenario '%s' has no failure ending (kind: failure): "
			"the client must be able to disengage", s->id);
	if (s->turn_limit > 0 && count[ENDING_LIMIT] == 0)
		lint_warn(dl, &s->at, DIAG_ERROR, "scenario '%s' has turn_limit %d but no limit ending "
			"(kind: limit) to close the session", s->id, s->turn_limit);
	if (count[ENDING_LIMIT] > 1)
		lint_warn(dl, &s->at, DIAG_ERROR, "scenario '%s' has %zu limit endings; it needs exactly one",
			s->id, count[ENDING_LIMIT]);
}

/* Nodes from which no path of gotos leads to an ending or to a branch that
 * moves a meter some ending depends on: the client would go round for ever. */
static void lint_way_out(const struct scenario *s, const struct reach *r, struct diag_list *dl)
{
	bool *out = xcalloc(s->nnodes + 1, sizeof *out);

	bool read_by_ending[METERS_MAX] = {0};

	for (size_t k = 0; k < s->nendings; k++)
		for (size_t c = 0; c < s->endings[k].when.n; c++)
			if (s->endings[k].kind != ENDING_LIMIT && s->endings[k].has_when)
				read_by_ending[s->endings[k].when.cmps[c].meter] = true;
	for (size_t i = 0; i < s->nnodes; i++) {
		const struct node *n = &s->nodes[i];
		for (size_t j = 0; j < n->nresponses && !out[i]; j++) {
			const struct branch *b = &n->responses[j];
			if (b->target_ending >= 0)
				out[i] = true;
			for (size_t e = 0; e < b->neffects; e++)
				if (b->effects[e].delta != 0 && read_by_ending[b->effects[e].meter])
					out[i] = true;
		}
	}
	/* Then backwards along the gotos: a node that can go to a node with a
	 * way out has one too (a breadth-first walk over the reversed edges). */
	size_t nedges = 0, *first = xcalloc(s->nnodes + 1, sizeof *first), *from, *queue;
	size_t head = 0, tail = 0;

	for (size_t i = 0; i < s->nnodes; i++)
		for (size_t j = 0; j < s->nodes[i].nresponses; j++)
			if (s->nodes[i].responses[j].target_node >= 0) {
				first[s->nodes[i].responses[j].target_node + 1]++;
				nedges++;
			}
	for (size_t i = 0; i < s->nnodes; i++)
		first[i + 1] += first[i];
	from = xcalloc(nedges + 1, sizeof *from);
	size_t *fill = xcalloc(s->nnodes + 1, sizeof *fill);
	for (size_t i = 0; i < s->nnodes; i++)
		for (size_t j = 0; j < s->nodes[i].nresponses; j++) {
			int t = s->nodes[i].responses[j].target_node;
			if (t >= 0)
				from[first[t] + fill[t]++] = i;
		}
	queue = xcalloc(s->nnodes + 1, sizeof *queue);
	for (size_t i = 0; i < s->nnodes; i++)
		if (out[i])
			queue[tail++] = i;
	while (head < tail) {
		size_t t = queue[head++];
		for (size_t k = first[t]; k < first[t + 1]; k++)
			if (!out[from[k]]) {
				out[from[k]] = true;
				queue[tail++] = from[k];
			}
	}
	free(first);
	free(from);
	free(fill);
	free(queue);
	for (size_t i = 0; i < s->nnodes; i++)
		if (r->node[i] && !out[i])
			lint_warn(dl, &s->nodes[i].at, DIAG_WARNING,
				"node '%s' has no way out: no path of gotos from it reaches an ending or changes a "
				"meter an ending depends on%s", s->nodes[i].id,
				s->turn_limit > 0 ? " (only the turn limit would end the session)" : "");
	free(out);
}

static void lint_nodes(const struct scenario *s, const struct reach *r, struct diag_list *dl)
{
	for (size_t i = 0; i < s->nnodes; i++) {
		const struct node *n = &s->nodes[i];
		size_t strong = 0, weak = 0;
		int fallback_at = -1;

		if (!r->node[i])
			lint_warn(dl, &n->at, DIAG_WARNING, "node '%s' can never be reached: no goto from the start "
				"node '%s' leads to it", n->id, s->start);
		for (size_t j = 0; j < n->nresponses; j++) {
			const struct branch *b = &n->responses[j];

			if (fallback_at >= 0) {
				lint_warn(dl, &b->at, DIAG_WARNING, "this response can never be taken: the fallback "
					"before it (response %d) takes every reply", fallback_at + 1);
				continue;
			}
			if (b->fallback)
				fallback_at = (int)j;
			else if (b->when.meters.n && r->node[i] && !expr_feasible(&b->when.meters, r->lo, r->hi))
				lint_warn(dl, &b->at, DIAG_WARNING, "this response can never be taken: its 'meters' "
					"condition can never hold (the meters cannot get there)");
		}
		if (n->nresponses && fallback_at < 0)
			lint_warn(dl, &n->responses[n->nresponses - 1].at, DIAG_WARNING,
				"node '%s' has no fallback: add '- fallback: true' with a goto as its last response "
				"so every reply gets an answer", n->id);
		for (size_t j = 0; j < n->nexemplars; j++) {
			if (n->exemplars[j].strength == EXEMPLAR_STRONG)
				strong++;
			else
				weak++;
		}
		if (!strong || !weak)
			lint_warn(dl, &n->at, DIAG_WARNING, "node '%s' needs exemplars: at least one strong and one "
				"weak reply, each with a 'why' (missing: %s)", n->id,
				!strong && !weak ? "strong and weak" : !strong ? "strong" : "weak");
		if (r->node[i])
			for (size_t j = 0; j < n->nsay; j++)
				if (n->say[j].when.meters.n && !expr_feasible(&n->say[j].when.meters, r->lo, r->hi))
					lint_warn(dl, &n->say[j].at, DIAG_WARNING, "this line can never be said: its "
						"'when' can never hold (the meters cannot get there)");
	}
}

static bool cond_uses(const struct line_cond *c, size_t m)
{
	return expr_uses(&c->meters, m) || expr_uses(&c->reply.meters, m);
}

static void lint_meters(const struct scenario *s, struct diag_list *dl)
{
	struct line_set_ref *sets;
	size_t nsets = line_sets(s, &sets);

	for (size_t m = 0; m < s->nmeters; m++) {
		bool used = false;

		for (size_t i = 0; i < s->nnodes && !used; i++) {
			const struct node *n = &s->nodes[i];
			for (size_t j = 0; j < n->nresponses && !used; j++) {
				const struct branch *b = &n->responses[j];
				used = expr_uses(&b->when.meters, m);
				for (size_t e = 0; e < b->neffects && !used; e++)
					used = (size_t)b->effects[e].meter == m;
			}
		}
		for (size_t i = 0; i < nsets && !used; i++)
			for (size_t j = 0; j < sets[i].n && !used; j++)
				used = cond_uses(&sets[i].v[j].when, m);
		for (size_t i = 0; i < s->nanswers && !used; i++)
			used = cond_uses(&s->answers[i].when, m);
		for (size_t i = 0; i < s->nendings && !used; i++)
			used = expr_uses(&s->endings[i].when, m);
		if (!used)
			lint_warn(dl, &s->meters[m].at, DIAG_WARNING, "meter '%s' is declared but no effect changes it "
				  "and no condition reads it", s->meters[m].id);
	}
	free(sets);
}

static void lint_tests(const struct scenario *s, struct diag_list *dl)
{
	bool success = false, failure = false;

	for (size_t i = 0; i < s->ntests; i++) {
		int e = scenario_find_ending(s, s->tests[i].expect);
		if (e >= 0 && s->endings[e].kind == ENDING_SUCCESS)
			success = true;
		if (e >= 0 && s->endings[e].kind == ENDING_FAILURE)
			failure = true;
	}
	if (!success || !failure)
		lint_warn(dl, &s->at, DIAG_WARNING, "scenario '%s' has no test that expects a %s ending; add one "
			"under 'tests' to prove the path works", s->id,
			!success && !failure ? "success and none that expects a failure" : !success ? "success" : "failure");
}

void validate_scenario(const struct scenario *s, struct diag_list *dl)
{
	struct reach r;

	reach_compute(s, &r);
	lint_nodes(s, &r, dl);
	lint_way_out(s, &r, dl);
	lint_endings(s, &r, dl);
	lint_meters(s, dl);
	lint_tests(s, dl);
	lint_listening(s, &r, dl);
	reach_release(&r);
}

void validate_pack(const struct pack *p, struct diag_list *dl)
{
	for (size_t i = 0; i < p->nscenarios; i++)
		validate_scenario(p->scenarios[i], dl);
}
