/* cohort.c: the cohort report's model, computed (see cohort.h). Pure.
 *
 * Honest scores: an attempt counts when it reached an ending of the
 * scenario (success, failure or limit) on the pack version the assignment
 * names; best, first, last and pass/fail look only at those. Scores are
 * computed here from each reply's stored codes and ratings with the
 * summary's rule (summary_compute), so sessions scored by older builds sit
 * on the same footing. */
#include "core/cohort.h"
#include "core/isotime.h"
#include "core/session.h"
#include "core/summary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct miti_threshold miti_thresholds[MITI_MEASURES] = {
	[MITI_RQ] = { "reflections per question", 1.0, 2.0 },
	[MITI_PCT_COMPLEX] = { "complex reflections (%)", 40.0, 50.0 },
	[MITI_TECHNICAL] = { "technical global", 3.0, 4.0 },
	[MITI_RELATIONAL] = { "relational global", 3.5, 4.0 },
};

const char *miti_band(enum miti_measure m, double v)
{
	if (v < 0 || (unsigned)m >= MITI_MEASURES)
		return "";
	return v + 1e-9 >= miti_thresholds[m].good ? "good" : v + 1e-9 >= miti_thresholds[m].fair ? "fair" : "below fair";
}

const char *miti_pool_band(const struct miti_pool *p, enum miti_measure m)
{
	switch (m) {
	case MITI_RQ:
		return p->questions ? miti_band(m, p->rq_ratio) : p->reflections ? "good" : "";
	case MITI_PCT_COMPLEX:
		return miti_band(m, p->pct_complex);
	case MITI_TECHNICAL:
		return miti_band(m, p->technical);
	case MITI_RELATIONAL:
		return miti_band(m, p->relational);
	default:
		return "";
	}
}

const char *trainee_status_name(enum trainee_status s)
{
	static const char *const names[] = { "not started", "in progress", "submitted", "passed" };
	return (unsigned)s < ARRAY_SIZE(names) ? names[s] : "?";
}

const char *attempt_count_name(enum attempt_count c)
{
	static const char *const names[] = {
		[COUNT_YES] = "counted",
		[COUNT_OTHER_SCENARIO] = "scenario not in the assignment",
		[COUNT_OTHER_VERSION] = "other pack version",
		[COUNT_UNFINISHED] = "never ended",
		[COUNT_QUIT] = "quit",
		[COUNT_INTERRUPTED] = "interrupted",
		[COUNT_NO_REPLIES] = "no replies",
	};
	return (unsigned)c < ARRAY_SIZE(names) ? names[c] : "?";
}

/* --- Days ------------------------------------------------------------------ */

static bool is_date(const char *s)
{
	if (!s || strlen(s) < 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

/* Days since 1970-01-01 of the date at s (is_date). */
static long day_number(const char *s)
{
	return iso_days_from_civil(atol(s), (s[5] - '0') * 10 + (s[6] - '0'), (s[8] - '0') * 10 + (s[9] - '0'));
}

int iso_days_between(const char *a, const char *b)
{
	if (!is_date(a) || !is_date(b))
		return 0;
	return (int)(day_number(b) - day_number(a));
}

/* --- Attempts -------------------------------------------------------------- */

static bool outcome_is(const char *o, const char *s)
{
	return o && !strcmp(o, s);
}

static enum attempt_count attempt_counts(const struct assignment *a, const struct cohort_attempt *at)
{
	if (!assignment_has_scenario(a, at->scenario))
		return COUNT_OTHER_SCENARIO;
	if (!at->pack_version || strcmp(at->pack_version, a->pack_version))
		return COUNT_OTHER_VERSION;
	if (!at->outcome)
		return COUNT_UNFINISHED;
	if (outcome_is(at->outcome, "quit"))
		return COUNT_QUIT;
	if (!outcome_is(at->outcome, "success") && !outcome_is(at->outcome, "failure") &&
	    !outcome_is(at->outcome, "limit"))
		return COUNT_INTERRUPTED;
	if (!at->nreplies)
		return COUNT_NO_REPLIES;
	return COUNT_YES;
}

static void attempt_compute(const struct assignment *a, struct cohort_attempt *at)
{
	struct coded_reply *coded = xcalloc(at->nreplies + 1, sizeof *coded);
	struct attempt rules = {0};
	struct strbuf why = {0};
	struct session_scores sc;

	for (size_t i = 0; i < at->nreplies; i++) {
		coded[i] = *at->replies[i].coded;
		rules.codes |= coded[i].codes;
	}
	summary_compute(coded, at->nreplies, &at->sum);
	free(coded);
	session_scores_from_summary(&sc, &at->sum);
	at->overall = sc.overall;
	at->count = attempt_counts(a, at);
	at->late_days = 0;
	if (a->due && at->started) {
		int d = iso_days_between(a->due, at->started);
		at->late_days = d > 0 ? d : 0;
	}
	at->why[0] = '\0';
	at->passed = false;
	if (at->count != COUNT_YES)
		return;
	rules.outcome = at->outcome;
	rules.scored = true;
	rules.replies = (int)at->nreplies;
	rules.rq_ratio = at->sum.rq_ratio;
	rules.pct_complex = at->sum.pct_complex;
	memcpy(rules.skill, at->sum.skill_score, sizeof rules.skill);
	rules.overall = at->overall;
	at->passed = attempt_passes(&a->pass, &rules, &why);
	if (!at->passed)
		snprintf(at->why, sizeof at->why, "%s", why.buf ? why.buf : "");
	strbuf_release(&why);
}

/* --- Trainees -------------------------------------------------------------- */

static int name_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The roster and every attempt's user, sorted, each once. */
static void trainees_collect(struct cohort *c, const char *const *roster, size_t nroster)
{
	const char **names = xcalloc(nroster + c->nattempts + 1, sizeof *names);
	size_t n = 0;

	for (size_t i = 0; i < nroster; i++)
		names[n++] = roster[i];
	for (size_t i = 0; i < c->nattempts; i++)
		names[n++] = c->attempts[i].user;
	qsort(names, n, sizeof *names, name_cmp);
	c->trainees = xcalloc(n + 1, sizeof *c->trainees);
	for (size_t i = 0; i < n; i++) {
		if (c->ntrainees && !strcmp(c->trainees[c->ntrainees - 1].name, names[i]))
			continue;
		struct cohort_trainee *t = &c->trainees[c->ntrainees++];
		t->name = names[i];
		t->on_roster = !nroster;
		for (size_t r = 0; r < nroster && !t->on_roster; r++)
			t->on_roster = !strcmp(roster[r], names[i]);
	}
	free(names);
}

static const struct cohort *sort_cohort;  /* for attempt_cmp; single-threaded */

static int attempt_cmp(const void *x, const void *y)
{
	const struct cohort_attempt *a = &sort_cohort->attempts[*(const int *)x];
	const struct cohort_attempt *b = &sort_cohort->attempts[*(const int *)y];
	int r = strcmp(a->started ? a->started : "", b->started ? b->started : "");

	if (r)
		return r;
	return a->session < b->session ? -1 : a->session > b->session;
}

static const char *later(const char *a, const char *b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	return strcmp(a, b) >= 0 ? a : b;
}

/* first, last and best of the counted attempts in idx[0..n) (oldest first)
 * of scenario (NULL: any). */
static void pick_first_last_best(const struct cohort *c, const int *idx, size_t n, const char *scenario,
				 int *first, int *last, int *best)
{
	*first = *last = *best = COHORT_NONE;
	for (size_t i = 0; i < n; i++) {
		const struct cohort_attempt *at = &c->attempts[idx[i]];
		if (at->count != COUNT_YES || (scenario && strcmp(at->scenario, scenario)))
			continue;
		if (*first == COHORT_NONE)
			*first = idx[i];
		*last = idx[i];
		if (*best == COHORT_NONE || at->overall > c->attempts[*best].overall)
			*best = idx[i];
	}
}

static void cell_compute(const struct cohort *c, const struct cohort_trainee *t, struct cohort_cell *x)
{
	int first_pass = COHORT_NONE;

	for (size_t i = 0; i < t->nattempts; i++) {
		const struct cohort_attempt *at = &c->attempts[t->attempts[i]];
		if (strcmp(at->scenario, x->scenario))
			continue;
		x->attempts++;
		x->last_practised = later(x->last_practised, at->started);
		if (at->count != COUNT_YES)
			continue;
		x->counted++;
		if (at->passed && first_pass == COHORT_NONE)
			first_pass = t->attempts[i];
	}
	pick_first_last_best(c, t->attempts, t->nattempts, x->scenario, &x->first, &x->last, &x->best);
	x->passed = first_pass != COHORT_NONE;
	if (x->passed)
		x->late_days = c->attempts[first_pass].late_days;
	else if (x->first != COHORT_NONE)
		x->late_days = c->attempts[x->first].late_days;
	/* Why the best counted attempt failed; when it did not, the best failed one. */
	if (!x->passed && x->best != COHORT_NONE)
		x->why = c->attempts[x->best].why;
}

/* Skills and the MITI summary pooled over the trainee's counted replies. */
static void trainee_pool(const struct cohort *c, struct cohort_trainee *t)
{
	struct miti_pool *m = &t->miti;
	long sum[SKILL_COUNT] = {0};
	double tech = 0, rel = 0;
	bool talk = false, hints = false;

	memset(m, 0, sizeof *m);
	for (size_t i = 0; i < t->nattempts; i++) {
		const struct cohort_attempt *at = &c->attempts[t->attempts[i]];
		if (at->count != COUNT_YES)
			continue;
		m->sessions++;
		m->replies += at->nreplies;
		m->questions += at->sum.questions;
		m->reflections += at->sum.reflections;
		m->complex += at->sum.count[CODE_CR];
		m->adherent += at->sum.adherent;
		m->nonadherent += at->sum.nonadherent;
		tech += at->sum.technical;
		rel += at->sum.relational;
		if (at->change_talk >= 0) {
			talk = true;
			m->change_talk += at->change_talk;
			m->missed_change += at->missed_change > 0 ? at->missed_change : 0;
		}
		if (at->hints >= 0) {
			hints = true;
			m->hints += at->hints;
		}
		for (size_t r = 0; r < at->nreplies; r++)
			for (int k = 0; k < SKILL_COUNT; k++)
				if (skill_applies(at->replies[r].coded, (enum mi_skill)k)) {
					sum[k] += at->replies[r].coded->skills[k];
					t->skill_rated[k]++;
				}
	}
	m->rq_ratio = m->questions ? (double)m->reflections / (double)m->questions : -1;
	m->pct_complex = m->reflections ? 100.0 * (double)m->complex / (double)m->reflections : -1;
	m->technical = m->sessions ? tech / m->sessions : -1;
	m->relational = m->sessions ? rel / m->sessions : -1;
	if (!talk)
		m->change_talk = m->missed_change = -1;
	if (!hints)
		m->hints = -1;
	for (int k = 0; k < SKILL_COUNT; k++)
		t->skill[k] = t->skill_rated[k] ? (int)lround(25.0 * (double)sum[k] / (double)t->skill_rated[k]) : -1;
}

/* Is reply x weaker (needs the trainer's eye more) than reply y? */
static bool weaker(const struct weak_reply *x, const struct weak_reply *y)
{
	if (x->nonadherent != y->nonadherent)
		return x->nonadherent;
	return x->lowest < y->lowest;
}

/* The few replies over all of the trainee's attempts that most need a
 * trainer's eye: non-adherent ones first, then the lowest rated, oldest
 * first among equals. */
static void trainee_weakest(const struct cohort *c, struct cohort_trainee *t)
{
	t->nweakest = 0;
	for (size_t i = 0; i < t->nattempts; i++) {
		const struct cohort_attempt *at = &c->attempts[t->attempts[i]];
		for (size_t r = 0; r < at->nreplies; r++) {
			const struct coded_reply *cr = at->replies[r].coded;
			struct weak_reply w = {
				.attempt = t->attempts[i],
				.reply = r,
				.nonadherent = cr->nonadherent || (cr->codes & (CODE_BIT(CODE_PERS) | CODE_BIT(CODE_CONF))),
				.lowest = 5,
				.lowest_skill = -1,
			};
			for (int k = 0; k < SKILL_COUNT; k++)
				if (skill_applies(cr, (enum mi_skill)k) && cr->skills[k] < w.lowest) {
					w.lowest = cr->skills[k];
					w.lowest_skill = k;
				}
			if (w.lowest_skill < 0 && !w.nonadherent)
				continue;
			/* Insert into the sorted few, keeping the earlier of equals. */
			size_t pos = t->nweakest;
			while (pos > 0 && weaker(&w, &t->weakest[pos - 1]))
				pos--;
			if (pos >= COHORT_WEAKEST)
				continue;
			size_t end = t->nweakest < COHORT_WEAKEST ? t->nweakest : COHORT_WEAKEST - 1;
			memmove(&t->weakest[pos + 1], &t->weakest[pos], (end - pos) * sizeof w);
			t->weakest[pos] = w;
			if (t->nweakest < COHORT_WEAKEST)
				t->nweakest++;
		}
	}
}

static void trainee_compute(struct cohort *c, struct cohort_trainee *t)
{
	const struct assignment *a = c->a;
	bool all_counted = true;

	for (size_t i = 0; i < c->nattempts; i++)
		if (!strcmp(c->attempts[i].user, t->name)) {
			t->attempts = xrealloc(t->attempts, (t->nattempts + 1) * sizeof *t->attempts);
			t->attempts[t->nattempts++] = (int)i;
		}
	sort_cohort = c;
	if (t->nattempts)
		qsort(t->attempts, t->nattempts, sizeof *t->attempts, attempt_cmp);
	for (size_t i = 0; i < t->nattempts; i++) {
		struct cohort_attempt *at = &c->attempts[t->attempts[i]];
		at->number = (int)i + 1;
		t->ncounted += at->count == COUNT_YES;
		t->last_practised = later(t->last_practised, at->started);
	}
	pick_first_last_best(c, t->attempts, t->nattempts, NULL, &t->first, &t->last, &t->best);
	t->first_cell = c->ncells;
	for (size_t s = 0; s < a->nscenarios; s++) {
		struct cohort_cell *x = &c->cells[c->ncells++];
		x->scenario = a->scenarios[s];
		cell_compute(c, t, x);
		t->passed += x->passed;
		all_counted &= x->counted > 0;
		if (x->late_days > t->late_days)
			t->late_days = x->late_days;
	}
	if (!t->nattempts)
		t->status = STATUS_NOT_STARTED;
	else if (t->passed == a->nscenarios)
		t->status = STATUS_PASSED;
	else if (all_counted)
		t->status = STATUS_SUBMITTED;
	else
		t->status = STATUS_IN_PROGRESS;
	if (t->status < STATUS_SUBMITTED && a->due && c->due_in < 0)
		t->overdue_days = -c->due_in;
	trainee_pool(c, t);
	trainee_weakest(c, t);
}

static int skill_cmp(const void *x, const void *y)
{
	const struct cohort_skill *a = x, *b = y;

	if (a->mean != b->mean)
		return a->mean < b->mean ? -1 : 1;
	return a->skill - b->skill;
}

/* Per skill: the cohort's mean of each trainee's pooled score, weakest
 * first, and how many are below the assignment's min_skill (else 50). */
static void skills_compute(struct cohort *c)
{
	for (int k = 0; k < SKILL_COUNT; k++) {
		struct cohort_skill *sk = &c->skills[k];
		double total = 0;

		memset(sk, 0, sizeof *sk);
		sk->skill = k;
		sk->threshold = c->a->pass.min_skill[k] >= 0 ? c->a->pass.min_skill[k] : 50;
		for (size_t t = 0; t < c->ntrainees; t++) {
			int v = c->trainees[t].skill[k];
			if (v < 0)
				continue;
			sk->trainees++;
			total += v;
			sk->below += v < sk->threshold;
		}
		sk->mean = sk->trainees ? total / sk->trainees : -1;
	}
	qsort(c->skills, SKILL_COUNT, sizeof c->skills[0], skill_cmp);
}

void cohort_compute(struct cohort *c, const struct cohort_input *in)
{
	const struct assignment *a = in->a;

	memset(c, 0, sizeof *c);
	c->a = a;
	c->has_roster = in->nroster > 0;
	c->attempts = in->attempts;
	c->nattempts = in->nattempts;
	snprintf(c->today, sizeof c->today, "%.10s", in->today ? in->today : "");
	c->due_in = a->due ? iso_days_between(c->today, a->due) : 0;
	for (size_t i = 0; i < in->nattempts; i++)
		attempt_compute(a, &in->attempts[i]);
	trainees_collect(c, in->roster, in->nroster);
	c->cells = xcalloc(c->ntrainees * a->nscenarios + 1, sizeof *c->cells);
	for (size_t t = 0; t < c->ntrainees; t++) {
		struct cohort_trainee *tr = &c->trainees[t];
		for (size_t f = 0; f < in->nfiles; f++)
			if (!strcmp(in->files[f].trainee, tr->name))
				tr->last_received = later(tr->last_received, in->files[f].received);
		trainee_compute(c, tr);
		c->by_status[tr->status]++;
		c->late += tr->late_days > 0;
	}
	skills_compute(c);
}

void cohort_release(struct cohort *c)
{
	for (size_t t = 0; t < c->ntrainees; t++)
		free(c->trainees[t].attempts);
	free(c->trainees);
	free(c->cells);
	memset(c, 0, sizeof *c);
}
