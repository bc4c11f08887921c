/* report_text.c: the cohort report as text (a terminal: every piece of
 * stored text made inert), CSV (one row a trainee and scenario) and JSON
 * (everything, docs/export-format.md). See report.h. */
#include "app/report.h"

#include <string.h>

#include "app/review.h"
#include "core/util.h"
#include "io/emit.h"
#include "io/print.h"

static const struct cohort_attempt *attempt_at(const struct report *r, int i)
{
	return i == COHORT_NONE ? NULL : &r->cohort.attempts[i];
}

/* "passed", "submitted, 3 days late", "not started, 2 days overdue". */
static void status_words(const struct cohort_trainee *t, struct strbuf *sb)
{
	strbuf_adds(sb, trainee_status_name(t->status));
	if (t->late_days)
		strbuf_addf(sb, ", %d %s late", t->late_days, t->late_days == 1 ? "day" : "days");
	if (t->overdue_days)
		strbuf_addf(sb, ", %d %s overdue", t->overdue_days, t->overdue_days == 1 ? "day" : "days");
}

/* Why an attempt does not count, in words: "quit after 1 reply". */
static void count_words(const struct report *r, const struct cohort_attempt *at, struct strbuf *sb)
{
	switch (at->count) {
	case COUNT_YES:
		strbuf_adds(sb, at->passed ? "counted, passed" : "counted, not passed");
		break;
	case COUNT_OTHER_VERSION:
		strbuf_addf(sb, "not counted: pack %s, not %s", at->pack_version ? at->pack_version : "?",
			    r->a.pack_version);
		break;
	case COUNT_QUIT:
		strbuf_addf(sb, "not counted: quit after %zu %s", at->nreplies, at->nreplies == 1 ? "reply" : "replies");
		break;
	default:
		strbuf_addf(sb, "not counted: %s", attempt_count_name(at->count));
		break;
	}
}

/* --- Text ------------------------------------------------------------------- */

static void put(FILE *out, const char *s, size_t width)
{
	struct strbuf sb = {0};

	review_pad(&sb, s ? s : "", width);
	fputs(sb.buf, out);
	strbuf_release(&sb);
}

static void text_heading(const struct report *r, FILE *out)
{
	const struct assignment *a = &r->a;
	const struct cohort *c = &r->cohort;
	struct strbuf rules = {0};
	char when[24];

	pass_rules_describe(&a->pass, &rules);
	print_inertf(out, "Assignment %s", a->id);
	if (a->title) {
		fputs(": ", out);
		put(out, a->title, 0);
	}
	fputc('\n', out);
	print_inertf(out, "%s %s, %s mode", a->pack_id, a->pack_version, a->exam ? "exam" : "coach");
	if (a->due)
		print_inertf(out, ", due %s (%s%d %s%s)", a->due, c->due_in > 0 ? "in " : "",
			c->due_in < 0 ? -c->due_in : c->due_in, c->due_in == 1 || c->due_in == -1 ? "day" : "days",
			c->due_in < 0 ? " ago" : "");
	if (a->trainer) {
		fputs(", from ", out);
		put(out, a->trainer, 0);
	}
	review_date(when, sizeof when, r->generated);
	fprintf(out, "\nTo pass: %s\n", rules.buf);
	print_inertf(out, "Counted: sessions that reached an ending (success, failure or limit) on %s %s;\n",
		     a->pack_id, a->pack_version);
	fprintf(out, "other attempts are listed, marked, and never count towards best or pass.\n"
		     "Report made %s UTC.\n", when);
	strbuf_release(&rules);
}

static void text_roster(const struct report *r, FILE *out)
{
	const struct cohort *c = &r->cohort;

	fprintf(out, "\nRoster: %zu %s: %zu passed, %zu submitted, %zu in progress, %zu not started", c->ntrainees,
		c->ntrainees == 1 ? "trainee" : "trainees", c->by_status[STATUS_PASSED], c->by_status[STATUS_SUBMITTED],
		c->by_status[STATUS_IN_PROGRESS], c->by_status[STATUS_NOT_STARTED]);
	if (c->late)
		fprintf(out, "; %zu late", c->late);
	fprintf(out, "\n%-16s %-30s %-9s %-14s %4s  %-16s  %s\n", "trainee", "status", "passed", "attempts", "best",
		"last practised", "last file came");
	for (size_t i = 0; i < c->ntrainees; i++) {
		const struct cohort_trainee *t = &c->trainees[i];
		const struct cohort_attempt *best = attempt_at(r, t->best);
		struct strbuf st = {0};
		char buf[32], last[24], recv[24];

		status_words(t, &st);
		if (!t->on_roster)
			strbuf_adds(&st, " (not on the roster)");
		put(out, t->name, 16);
		fputc(' ', out);
		put(out, st.buf, 30);
		snprintf(buf, sizeof buf, "%zu of %zu", t->passed, r->a.nscenarios);
		fprintf(out, " %-9s", buf);
		snprintf(buf, sizeof buf, "%zu (%zu counted)", t->nattempts, t->ncounted);
		fprintf(out, " %-14s", t->nattempts ? buf : "0");
		snprintf(buf, sizeof buf, "%d", best ? best->overall : 0);
		review_date(last, sizeof last, t->last_practised ? t->last_practised : "never");
		review_date(recv, sizeof recv, t->last_received ? t->last_received : "-");
		fprintf(out, " %4s  %-16s  %s\n", best ? buf : "-", last, recv);
		strbuf_release(&st);
	}
}

static void text_cohort_skills(const struct report *r, FILE *out)
{
	const struct cohort *c = &r->cohort;
	bool any = false;

	for (int k = 0; k < SKILL_COUNT; k++)
		any |= c->skills[k].trainees > 0;
	if (!any)
		return;
	fputs("\nSkills across the cohort, weakest first (each trainee's score over their counted replies, then the "
	      "cohort's mean):\n", out);
	for (int k = 0; k < SKILL_COUNT; k++) {
		const struct cohort_skill *sk = &c->skills[k];
		if (!sk->trainees)
			continue;
		fprintf(out, "  %-14s %5.1f   %d of %d %s below %d\n", skill_name((enum mi_skill)sk->skill), sk->mean,
			sk->below, sk->trainees, sk->trainees == 1 ? "trainee" : "trainees", sk->threshold);
	}
}

static void text_score(FILE *out, const struct cohort_attempt *at, int k)
{
	if (!at)
		fprintf(out, " %8s", "-");
	else if (k < 0)
		fprintf(out, " %8d", at->overall);
	else
		fprintf(out, " %8d", at->sum.skill_score[k]);
}

static void text_first_last_best(const struct report *r, const struct cohort_trainee *t, FILE *out)
{
	const struct cohort_attempt *v[3] = { attempt_at(r, t->first), attempt_at(r, t->last), attempt_at(r, t->best) };

	if (!v[0])
		return;
	fprintf(out, "  %-24s %8s %8s %8s   skill over rated replies\n", "counted sessions", "first", "last",
		"best");
	fprintf(out, "  %-24s", "session (micoach show N)");
	for (int i = 0; i < 3; i++)
		fprintf(out, " %8lld", (long long)v[i]->session);
	fprintf(out, "\n  %-24s", "overall");
	for (int i = 0; i < 3; i++)
		text_score(out, v[i], -1);
	fputc('\n', out);
	for (int k = 0; k < SKILL_COUNT; k++) {
		fprintf(out, "  %-24s", skill_name((enum mi_skill)k));
		for (int i = 0; i < 3; i++)
			text_score(out, v[i], k);
		if (t->skill[k] >= 0)
			fprintf(out, "   %3d over %zu %s", t->skill[k], t->skill_rated[k],
				t->skill_rated[k] == 1 ? "reply" : "replies");
		fputc('\n', out);
	}
}

static void text_measure(FILE *out, const struct miti_pool *p, enum miti_measure m, double v, int decimals,
			 const char *none)
{
	const struct miti_threshold *th = &miti_thresholds[m];
	char val[32];

	if (v >= 0)
		snprintf(val, sizeof val, "%.*f%s", decimals, v, m == MITI_PCT_COMPLEX ? "%" : "");
	else
		snprintf(val, sizeof val, "%s", none);
	fprintf(out, "    %-28s %-16s %-11s (fair %g, good %g)\n", th->name, val, miti_pool_band(p, m), th->fair, th->good);
}

static void text_miti(const struct cohort_trainee *t, FILE *out)
{
	const struct miti_pool *m = &t->miti;

	if (!m->sessions)
		return;
	fprintf(out, "  MITI 4.2.1 summary over %d counted %s (%zu replies):\n", m->sessions,
		m->sessions == 1 ? "session" : "sessions", m->replies);
	/* No question at all: MITI's ratio is undefined; reflections alone are good. */
	text_measure(out, m, MITI_RQ, m->rq_ratio, 2, m->reflections ? "no questions" : "none");
	text_measure(out, m, MITI_PCT_COMPLEX, m->pct_complex, 0, "no reflections");
	text_measure(out, m, MITI_TECHNICAL, m->technical, 1, "-");
	text_measure(out, m, MITI_RELATIONAL, m->relational, 1, "-");
	fprintf(out, "    %-28s %zu / %zu\n", "MI-adherent / non-adherent", m->adherent, m->nonadherent);
	if (m->change_talk >= 0)
		fprintf(out, "    %-28s %d / %d\n", "change talk evoked / missed", m->change_talk, m->missed_change);
	else
		fprintf(out, "    %-28s not known (the pack's client lines carry no talk labels)\n",
			"change talk evoked / missed");
	if (m->hints >= 0)
		fprintf(out, "    %-28s %d\n", "hints used", m->hints);
}

static void text_attempts(const struct report *r, const struct cohort_trainee *t, FILE *out)
{
	fputs("  Attempts, oldest first:\n", out);
	for (size_t i = 0; i < t->nattempts; i++) {
		const struct cohort_attempt *at = &r->cohort.attempts[t->attempts[i]];
		struct strbuf w = {0};
		char when[24];

		review_date(when, sizeof when, at->started);
		count_words(r, at, &w);
		fprintf(out, "    %2d. show %-5lld ", at->number, (long long)at->session);
		put(out, at->scenario, 20);
		fputc(' ', out);
		put(out, at->pack_version, 8);
		print_inertf(out, " %s  %-11s %3zu %-7s overall %3d  %s", when, at->outcome ? at->outcome : "unfinished",
			at->nreplies, at->nreplies == 1 ? "reply" : "replies", at->overall, w.buf);
		if (at->count == COUNT_YES && !at->passed && at->why[0])
			print_inertf(out, " (%s)", at->why);
		if (at->late_days)
			fprintf(out, ", %d %s late", at->late_days, at->late_days == 1 ? "day" : "days");
		if (at->hints > 0)
			fprintf(out, ", %d %s", at->hints, at->hints == 1 ? "hint" : "hints");
		fputc('\n', out);
		print_inertf(out, "        uid %s\n", at->uid ? at->uid : "-");
		strbuf_release(&w);
	}
}

/* "CR+OQ" of a reply's codes, primary first. */
static void codes_words(const struct coded_reply *cr, struct strbuf *sb)
{
	strbuf_adds(sb, code_name(cr->primary));
	for (int k = 0; k < CODE_COUNT; k++)
		if ((cr->codes & CODE_BIT(k)) && k != (int)cr->primary)
			strbuf_addf(sb, "+%s", code_name((enum mi_code)k));
}

static void text_weakest(const struct report *r, const struct cohort_trainee *t, FILE *out)
{
	if (!t->nweakest)
		return;
	fputs("  Replies to look at:\n", out);
	for (size_t i = 0; i < t->nweakest; i++) {
		const struct weak_reply *w = &t->weakest[i];
		const struct cohort_attempt *at = &r->cohort.attempts[w->attempt];
		const struct cohort_reply *rp = &at->replies[w->reply];
		struct strbuf codes = {0};

		codes_words(rp->coded, &codes);
		fprintf(out, "    micoach show %lld, turn %d (%s): %s", (long long)at->session, rp->turn, codes.buf,
			w->nonadherent ? "MI-non-adherent" : "lowest rated reply");
		if (w->lowest_skill >= 0)
			fprintf(out, "; %s %d of 4", skill_name((enum mi_skill)w->lowest_skill), w->lowest);
		fputs("\n      client: ", out);
		put(out, rp->client_line, 0);
		fputs("\n      reply:  ", out);
		put(out, rp->reply, 0);
		fputc('\n', out);
		strbuf_release(&codes);
	}
}

static void text_trainee(const struct report *r, const struct cohort_trainee *t, FILE *out)
{
	struct strbuf st = {0};

	status_words(t, &st);
	fputs("\n== ", out);
	put(out, t->name, 0);
	fprintf(out, ": %s; %zu of %zu scenarios passed\n", st.buf, t->passed, r->a.nscenarios);
	strbuf_release(&st);
	if (!t->nattempts) {
		fputs("  No sessions yet.\n", out);
		return;
	}
	fprintf(out, "  %-24s %8s %8s %6s %6s %6s  %s\n", "scenario", "attempts", "counted", "first", "last", "best",
		"passed");
	for (size_t s = 0; s < r->a.nscenarios; s++) {
		const struct cohort_cell *x = &r->cohort.cells[t->first_cell + s];
		const struct cohort_attempt *v[3] = { attempt_at(r, x->first), attempt_at(r, x->last),
						      attempt_at(r, x->best) };
		fputs("  ", out);
		put(out, x->scenario, 24);
		fprintf(out, " %8d %8d", x->attempts, x->counted);
		for (int i = 0; i < 3; i++) {
			if (v[i])
				fprintf(out, " %6d", v[i]->overall);
			else
				fprintf(out, " %6s", "-");
		}
		fprintf(out, "  %s", x->passed ? "yes" : x->counted ? "no" : "-");
		if (x->late_days)
			fprintf(out, ", %d %s late", x->late_days, x->late_days == 1 ? "day" : "days");
		if (!x->passed && x->why && x->why[0])
			print_inertf(out, " (%s)", x->why);
		fputc('\n', out);
	}
	text_first_last_best(r, t, out);
	text_miti(t, out);
	text_attempts(r, t, out);
	text_weakest(r, t, out);
}

void report_render_text(const struct report *r, FILE *out)
{
	const struct cohort *c = &r->cohort;

	text_heading(r, out);
	if (!c->ntrainees) {
		fputs("\nNo trainees yet: name them with 'micoach assign ... --trainee NAME', and import their result "
		      "files with 'micoach import FILE...'.\n", out);
		return;
	}
	text_roster(r, out);
	text_cohort_skills(r, out);
	for (size_t i = 0; i < c->ntrainees; i++)
		text_trainee(r, &c->trainees[i], out);
}

/* --- CSV ------------------------------------------------------------------- */

static void csv_opt_int(struct csv *w, bool have, long long v)
{
	if (have)
		csv_int(w, v);
	else
		csv_empty(w);
}

void report_render_csv(const struct report *r, FILE *out)
{
	static const char *const head[] = {
		"assignment", "trainee", "on_roster", "status", "late_days", "scenario", "attempts", "counted",
		"passed", "first", "last", "best", "best_session", "best_uid", "best_pack_version", "empathy",
		"reflection", "discrepancy", "self_efficacy", "last_practised", "last_file", "why_not",
	};
	const struct cohort *c = &r->cohort;
	struct csv w;

	csv_init(&w, out);
	for (size_t i = 0; i < ARRAY_SIZE(head); i++)
		csv_raw(&w, head[i]);
	csv_row_end(&w);
	for (size_t t = 0; t < c->ntrainees; t++) {
		const struct cohort_trainee *tr = &c->trainees[t];
		for (size_t s = 0; s < r->a.nscenarios; s++) {
			const struct cohort_cell *x = &c->cells[tr->first_cell + s];
			const struct cohort_attempt *f = attempt_at(r, x->first), *l = attempt_at(r, x->last),
						    *b = attempt_at(r, x->best);
			csv_raw(&w, r->a.id);
			csv_text(&w, tr->name);
			csv_raw(&w, tr->on_roster ? "yes" : "no");
			csv_raw(&w, trainee_status_name(tr->status));
			csv_int(&w, x->late_days);
			csv_text(&w, x->scenario);
			csv_int(&w, x->attempts);
			csv_int(&w, x->counted);
			csv_raw(&w, x->passed ? "yes" : "no");
			csv_opt_int(&w, f, f ? f->overall : 0);
			csv_opt_int(&w, l, l ? l->overall : 0);
			csv_opt_int(&w, b, b ? b->overall : 0);
			csv_opt_int(&w, b, b ? b->session : 0);
			csv_raw(&w, b ? b->uid : NULL);
			csv_text(&w, b ? b->pack_version : NULL);
			for (int k = 0; k < SKILL_COUNT; k++)
				csv_opt_int(&w, b, b ? b->sum.skill_score[k] : 0);
			csv_raw(&w, x->last_practised);
			csv_raw(&w, tr->last_received);
			csv_text(&w, x->passed ? NULL : x->why);
			csv_row_end(&w);
		}
	}
}

/* --- JSON ------------------------------------------------------------------ */

static void json_opt_double(struct json *j, const char *key, double v, int decimals)
{
	json_key(j, key);
	if (v >= 0)
		json_double(j, v, decimals);
	else
		json_null(j);
}

static void json_opt_int(struct json *j, const char *key, long long v)
{
	json_key(j, key);
	if (v >= 0)
		json_int(j, v);
	else
		json_null(j);
}

static void json_skills(struct json *j, const int *v)
{
	json_key(j, "skills");
	json_object_begin(j);
	for (int k = 0; k < SKILL_COUNT; k++)
		json_kv_int(j, skill_name((enum mi_skill)k), v[k]);
	json_object_end(j);
}

static void json_attempt(struct json *j, const struct report *r, const struct cohort_attempt *at)
{
	struct strbuf w = {0};

	count_words(r, at, &w);
	json_object_begin(j);
	json_kv_int(j, "number", at->number);
	json_kv_int(j, "session", at->session);
	json_kv_string(j, "uid", at->uid);
	json_kv_string(j, "scenario", at->scenario);
	json_kv_string(j, "pack_version", at->pack_version);
	json_kv_string(j, "started", at->started);
	json_kv_string(j, "ended", at->ended);
	json_kv_string(j, "outcome", at->outcome);
	json_kv_bool(j, "counted", at->count == COUNT_YES);
	json_kv_string(j, "count", attempt_count_name(at->count));
	json_kv_string(j, "status", w.buf);
	json_kv_bool(j, "passed", at->passed);
	json_kv_string(j, "why_not", at->why[0] ? at->why : NULL);
	json_kv_int(j, "late_days", at->late_days);
	json_kv_int(j, "replies", (long long)at->nreplies);
	json_kv_int(j, "overall", at->overall);
	json_skills(j, at->sum.skill_score);
	json_opt_double(j, "rq_ratio", at->sum.rq_ratio, 2);
	json_opt_double(j, "pct_complex", at->sum.pct_complex, 1);
	json_kv_int(j, "nonadherent", (long long)at->sum.nonadherent);
	json_opt_int(j, "hints", at->hints);
	json_opt_int(j, "change_talk", at->change_talk);
	json_opt_int(j, "missed_change_talk", at->missed_change);
	json_object_end(j);
	strbuf_release(&w);
}

static void json_ref(struct json *j, const char *key, const struct cohort_attempt *at)
{
	json_key(j, key);
	if (!at) {
		json_null(j);
		return;
	}
	json_object_begin(j);
	json_kv_int(j, "session", at->session);
	json_kv_string(j, "uid", at->uid);
	json_kv_string(j, "scenario", at->scenario);
	json_kv_int(j, "overall", at->overall);
	json_skills(j, at->sum.skill_score);
	json_object_end(j);
}

static void json_miti(struct json *j, const struct miti_pool *m)
{
	json_key(j, "miti");
	json_object_begin(j);
	json_kv_int(j, "sessions", m->sessions);
	json_kv_int(j, "replies", (long long)m->replies);
	json_kv_int(j, "questions", (long long)m->questions);
	json_kv_int(j, "reflections", (long long)m->reflections);
	json_opt_double(j, "rq_ratio", m->rq_ratio, 2);
	json_kv_string(j, "rq_band", miti_band(MITI_RQ, m->rq_ratio));
	json_opt_double(j, "pct_complex", m->pct_complex, 1);
	json_kv_string(j, "pct_complex_band", miti_band(MITI_PCT_COMPLEX, m->pct_complex));
	json_opt_double(j, "technical", m->technical, 2);
	json_opt_double(j, "relational", m->relational, 2);
	json_kv_int(j, "adherent", (long long)m->adherent);
	json_kv_int(j, "nonadherent", (long long)m->nonadherent);
	json_opt_int(j, "change_talk", m->change_talk);
	json_opt_int(j, "missed_change_talk", m->missed_change);
	json_opt_int(j, "hints", m->hints);
	json_object_end(j);
}

static void json_weak(struct json *j, const struct report *r, const struct weak_reply *w)
{
	const struct cohort_attempt *at = &r->cohort.attempts[w->attempt];
	const struct cohort_reply *rp = &at->replies[w->reply];

	json_object_begin(j);
	json_kv_int(j, "session", at->session);
	json_kv_string(j, "uid", at->uid);
	json_kv_int(j, "turn", rp->turn);
	json_kv_string(j, "client", rp->client_line);
	json_kv_string(j, "reply", rp->reply);
	json_kv_string(j, "primary", code_name(rp->coded->primary));
	json_key(j, "codes");
	json_array_begin(j);
	for (int k = 0; k < CODE_COUNT; k++)
		if (rp->coded->codes & CODE_BIT(k))
			json_string(j, code_name((enum mi_code)k));
	json_array_end(j);
	json_skills(j, rp->coded->skills);
	json_kv_bool(j, "nonadherent", w->nonadherent);
	json_kv_string(j, "lowest_skill", w->lowest_skill >= 0 ? skill_name((enum mi_skill)w->lowest_skill) : NULL);
	json_object_end(j);
}

static void json_cell(struct json *j, const struct report *r, const struct cohort_cell *x)
{
	json_object_begin(j);
	json_kv_string(j, "scenario", x->scenario);
	json_kv_int(j, "attempts", x->attempts);
	json_kv_int(j, "counted", x->counted);
	json_kv_bool(j, "passed", x->passed);
	json_kv_int(j, "late_days", x->late_days);
	json_ref(j, "first", attempt_at(r, x->first));
	json_ref(j, "last", attempt_at(r, x->last));
	json_ref(j, "best", attempt_at(r, x->best));
	json_kv_string(j, "last_practised", x->last_practised);
	json_kv_string(j, "why_not", x->passed || !x->why || !x->why[0] ? NULL : x->why);
	json_object_end(j);
}

static void json_trainee(struct json *j, const struct report *r, const struct cohort_trainee *t)
{
	json_object_begin(j);
	json_kv_string(j, "trainee", t->name);
	json_kv_bool(j, "on_roster", t->on_roster);
	json_kv_string(j, "status", trainee_status_name(t->status));
	json_kv_int(j, "late_days", t->late_days);
	json_kv_int(j, "overdue_days", t->overdue_days);
	json_kv_int(j, "passed", (long long)t->passed);
	json_kv_int(j, "scenarios", (long long)r->a.nscenarios);
	json_kv_int(j, "attempts", (long long)t->nattempts);
	json_kv_int(j, "counted", (long long)t->ncounted);
	json_kv_string(j, "last_practised", t->last_practised);
	json_kv_string(j, "last_file", t->last_received);
	json_key(j, "skills");
	json_object_begin(j);
	for (int k = 0; k < SKILL_COUNT; k++) {
		json_key(j, skill_name((enum mi_skill)k));
		json_object_begin(j);
		json_opt_int(j, "score", t->skill[k]);
		json_kv_int(j, "replies", (long long)t->skill_rated[k]);
		json_object_end(j);
	}
	json_object_end(j);
	json_miti(j, &t->miti);
	json_ref(j, "first", attempt_at(r, t->first));
	json_ref(j, "last", attempt_at(r, t->last));
	json_ref(j, "best", attempt_at(r, t->best));
	json_key(j, "results");
	json_array_begin(j);
	for (size_t s = 0; s < r->a.nscenarios; s++)
		json_cell(j, r, &r->cohort.cells[t->first_cell + s]);
	json_array_end(j);
	json_key(j, "sessions");
	json_array_begin(j);
	for (size_t i = 0; i < t->nattempts; i++)
		json_attempt(j, r, &r->cohort.attempts[t->attempts[i]]);
	json_array_end(j);
	json_key(j, "weakest");
	json_array_begin(j);
	for (size_t i = 0; i < t->nweakest; i++)
		json_weak(j, r, &t->weakest[i]);
	json_array_end(j);
	json_object_end(j);
}

void report_render_json(const struct report *r, FILE *out)
{
	const struct assignment *a = &r->a;
	const struct cohort *c = &r->cohort;
	struct strbuf rules = {0};
	struct json j;

	pass_rules_format(&a->pass, &rules);
	json_init(&j, out, true);
	json_object_begin(&j);
	json_kv_string(&j, "assignment", a->id);
	json_kv_string(&j, "title", a->title);
	json_kv_string(&j, "pack", a->pack_id);
	json_kv_string(&j, "pack_version", a->pack_version);
	json_kv_string(&j, "due", a->due);
	json_kv_string(&j, "mode", a->exam ? "exam" : "coach");
	json_kv_string(&j, "trainer", a->trainer);
	json_kv_string(&j, "pass", rules.buf);
	json_kv_string(&j, "generated", r->generated);
	json_kv_bool(&j, "roster", c->has_roster);
	json_key(&j, "status_counts");
	json_object_begin(&j);
	for (int s = STATUS_NOT_STARTED; s <= STATUS_PASSED; s++)
		json_kv_int(&j, trainee_status_name((enum trainee_status)s), (long long)c->by_status[s]);
	json_kv_int(&j, "late", (long long)c->late);
	json_object_end(&j);
	json_key(&j, "trainees");
	json_array_begin(&j);
	for (size_t t = 0; t < c->ntrainees; t++)
		json_trainee(&j, r, &c->trainees[t]);
	json_array_end(&j);
	json_key(&j, "skills");
	json_array_begin(&j);
	for (int k = 0; k < SKILL_COUNT; k++) {
		const struct cohort_skill *sk = &c->skills[k];
		json_object_begin(&j);
		json_kv_string(&j, "skill", skill_name((enum mi_skill)sk->skill));
		json_opt_double(&j, "mean", sk->mean, 1);
		json_kv_int(&j, "threshold", sk->threshold);
		json_kv_int(&j, "below", sk->below);
		json_kv_int(&j, "trainees", sk->trainees);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	json_newline(&j);
	strbuf_release(&rules);
}
