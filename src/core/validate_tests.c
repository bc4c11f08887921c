/* validate_tests.c: the runner of a scenario's embedded tests (validate.h):
 * each test is played once per seed through the coder and the dialogue
 * engine; what it reached, what the client said and, with a trace, the path
 * reply by reply are checked and reported at the test. */
#include "core/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "core/dialogue.h"
#include "core/util.h"
#include "validate_int.h"

/* "CR+AF" with the primary code first, and "!" when non-adherent. */
static void codes_describe(struct strbuf *sb, const struct coded_reply *cr)
{
	strbuf_adds(sb, code_name(cr->primary));
	for (int c = 0; c < CODE_COUNT; c++)
		if ((cr->codes & CODE_BIT(c)) && c != (int)cr->primary)
			strbuf_addf(sb, "+%s", code_name((enum mi_code)c));
	if (cr->nonadherent)
		strbuf_adds(sb, ", non-adherent");
}

/* Does hay hold needle, ignoring ASCII case? */
static bool holds_text(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i] && (hay[i] | 0x20 * (hay[i] >= 'A' && hay[i] <= 'Z')) ==
		       (needle[i] | 0x20 * (needle[i] >= 'A' && needle[i] <= 'Z')))
			i++;
		if (i == n)
			return true;
	}
	return n == 0;
}

/* What one test conversation did, beyond where it ended. */
struct test_play {
	struct strbuf trail;       /* reply by reply: codes, response, where it went */
	const char **said;         /* every client line, in order (into the scenario) */
	int *said_after;           /* the reply each came after (0: the opening) */
	size_t nsaid, asaid;
};

static void play_said(struct test_play *tp, const struct said_line *lines, size_t n, int after)
{
	for (size_t i = 0; i < n; i++) {
		if (tp->nsaid == tp->asaid) {
			tp->asaid = tp->asaid ? 2 * tp->asaid : 16;
			tp->said = xrealloc(tp->said, tp->asaid * sizeof *tp->said);
			tp->said_after = xrealloc(tp->said_after, tp->asaid * sizeof *tp->said_after);
		}
		tp->said[tp->nsaid] = lines[i].text;
		tp->said_after[tp->nsaid++] = after;
	}
}

static void play_release(struct test_play *tp)
{
	strbuf_release(&tp->trail);
	free(tp->said);
	free(tp->said_after);
}

/* Where a reply went: "ending 'walks-out'", and why when it was not the
 * goto: the ending's 'when' that held, or the turn limit. */
static void step_describe(struct strbuf *sb, const struct scenario *s, const struct dialogue_step *step)
{
	const struct branch *b = step->branch >= 0 ? &s->nodes[step->from_node].responses[step->branch] : NULL;

	if (!(step->ended && step->ending >= 0)) {
		if (step->to_node >= 0)
			strbuf_addf(sb, "node '%s'", s->nodes[step->to_node].id);
		return;
	}
	const struct ending *e = &s->endings[step->ending];
	strbuf_addf(sb, "%s ending '%s'", ending_kind_name(e->kind), e->id);
	if (b && b->target_ending == step->ending)
		return;
	if (e->kind != ENDING_LIMIT && e->has_when) {
		strbuf_adds(sb, " (its when \"");
		meter_expr_describe(sb, s, &e->when);
		strbuf_adds(sb, "\" held");
	} else if (e->kind == ENDING_LIMIT && s->turn_limit > 0) {
		strbuf_addf(sb, " (turn_limit %d reached", s->turn_limit);
	} else {
		strbuf_adds(sb, " (a node with no responses");
	}
	if (b)
		strbuf_addf(sb, ", not the goto '%s'", b->target);
	strbuf_adds(sb, ")");
}

static void meters_describe(struct strbuf *sb, const struct scenario *s, const int *meters, const int *delta)
{
	for (size_t m = 0; m < s->nmeters; m++) {
		strbuf_addf(sb, "%s%s %d", m ? ", " : "", s->meters[m].id, meters[m]);
		if (delta && delta[m])
			strbuf_addf(sb, " (%+d)", delta[m]);
	}
}

/* Play the test at one seed. Its trail (and, when trace is not NULL, the
 * path reply by reply) goes to tp; *ended_at is the reply after which the
 * session ended (0: it did not). */
static bool test_run(const struct scenario *s, const struct scenario_test *t, unsigned seed, const struct coder *c,
		     struct test_play *tp, const char **reached, size_t *ended_at, struct strbuf *trace)
{
	struct dialogue d;
	const char *prev = NULL;
	const struct said_line *opening;
	size_t nopening;
	bool ok;

	*ended_at = 0;
	dialogue_init(&d, s, seed);
	opening = dialogue_said(&d, &nopening);
	play_said(tp, opening, nopening, 0);
	if (trace) {
		strbuf_addf(trace, "%s: test '%s', seed %u: starts at node '%s'; ", s->id, t->name, seed,
			    d.node >= 0 ? s->nodes[d.node].id : "");
		meters_describe(trace, s, d.meters, NULL);
		strbuf_adds(trace, "\n");
	}
	for (size_t i = 0; i < t->nreplies; i++) {
		struct turn_context tc;
		struct coded_reply cr;
		struct dialogue_step step;
		size_t mark;

		if (dialogue_ended(&d)) {
			*ended_at = i;
			strbuf_addf(&tp->trail, "; the session had ended before reply %zu", i + 1);
			break;
		}
		/* The context practice gives the same reply (core/context.h), and
		 * what the client asked or agreed to hear (dialogue.h). */
		turn_context_dialogue(&tc, &d, prev);
		coder_code(c, &tc.ctx, t->replies[i], &cr);
		dialogue_feed(&d, &cr, t->replies[i], &step);
		play_said(tp, step.lines, step.nlines, (int)i + 1);
		strbuf_addf(&tp->trail, "%sreply %zu [", i ? "; " : "", i + 1);
		mark = tp->trail.len;
		codes_describe(&tp->trail, &cr);
		strbuf_adds(&tp->trail, "] -> ");
		if (step.branch >= 0)
			strbuf_addf(&tp->trail, "response %d of '%s' -> ", step.branch + 1, s->nodes[step.from_node].id);
		else if (step.move < 0)
			strbuf_adds(&tp->trail, "no response matched -> ");
		if (step.move >= 0)
			strbuf_addf(&tp->trail, "move '%s' -> ", move_name((enum client_move)step.move));
		step_describe(&tp->trail, s, &step);
		if (trace) {
			strbuf_addf(trace, "  reply %zu \"%s\"\n    [%s; meters ", i + 1, t->replies[i],
				    tp->trail.buf + mark);
			meters_describe(trace, s, step.meters, step.delta);
			strbuf_adds(trace, "\n");
		}
		prev = t->replies[i];
	}
	*reached = d.ending >= 0 ? s->endings[d.ending].id : d.node >= 0 ? s->nodes[d.node].id : "";
	ok = !strcmp(*reached, t->expect);
	dialogue_release(&d);
	return ok;
}

/* A test's says / never_says over what the client said; errors at the test. */
static size_t test_check_lines(const struct scenario_test *t, const char *seeded, const struct test_play *tp,
			       struct diag_list *dl)
{
	size_t bad = 0;

	for (size_t k = 0; k < t->nsays; k++) {
		bool found = false;
		for (size_t i = 0; i < tp->nsaid && !found; i++)
			found = holds_text(tp->said[i], t->says[k]);
		if (!found) {
			lint_warn(dl, &t->at, DIAG_ERROR, "test '%s'%s failed: the client never said '%s' (%s)", t->name,
				seeded, t->says[k], tp->trail.buf);
			bad++;
		}
	}
	for (size_t k = 0; k < t->nnever_says; k++)
		for (size_t i = 0; i < tp->nsaid; i++)
			if (holds_text(tp->said[i], t->never_says[k])) {
				lint_warn(dl, &t->at, DIAG_ERROR, "test '%s'%s failed: the client said '%s' %s: \"%s\"",
					t->name, seeded, t->never_says[k],
					tp->said_after[i] ? "after a reply" : "in the opening", tp->said[i]);
				bad++;
				break;
			}
	return bad;
}

/* Format 2 promises no verbatim repeat while another line is eligible: a
 * warning names a line a test conversation heard twice. */
static void test_check_repeats(const struct scenario_test *t, const char *seeded, const struct test_play *tp,
			       struct diag_list *dl)
{
	for (size_t i = 1; i < tp->nsaid; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(tp->said[i], tp->said[j])) {
				char when[64];
				if (tp->said_after[j] == 0)
					snprintf(when, sizeof when, "in the opening and after reply %d", tp->said_after[i]);
				else
					snprintf(when, sizeof when, "after replies %d and %d", tp->said_after[j],
						 tp->said_after[i]);
				lint_warn(dl, &t->at, DIAG_WARNING, "test '%s'%s: the client says \"%s\" twice (%s); give "
					"the lines said there another variant or a 'visit: again' line", t->name, seeded,
					tp->said[i], when);
				return;
			}
}

/* "1, 2 and 4" */
static void seeds_describe(struct strbuf *sb, const unsigned *seeds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "%s%u", i == 0 ? "" : i + 1 == n ? " and " : ", ", seeds[i]);
}

/* One message of a test, and the seeds that gave it. */
struct seeded_diag {
	enum diag_severity severity;
	char *message;
	unsigned *seeds;
	size_t nseeds;
};

/* Add the diagnostics of one seed's play to the groups: a message the same
 * at several seeds is reported once, naming them. */
static size_t group_add(struct seeded_diag **groups, size_t n, const struct diag_list *one, unsigned seed,
			size_t max_seeds)
{
	for (size_t i = 0; i < one->n; i++) {
		size_t g;
		for (g = 0; g < n; g++)
			if ((*groups)[g].severity == one->items[i].severity &&
			    !strcmp((*groups)[g].message, one->items[i].message))
				break;
		if (g == n) {
			*groups = xrealloc(*groups, (n + 1) * sizeof **groups);
			(*groups)[n] = (struct seeded_diag){ one->items[i].severity, xstrdup(one->items[i].message),
							     xcalloc(max_seeds, sizeof(unsigned)), 0 };
			n++;
		}
		if (!(*groups)[g].nseeds || (*groups)[g].seeds[(*groups)[g].nseeds - 1] != seed)
			(*groups)[g].seeds[(*groups)[g].nseeds++] = seed;
	}
	return n;
}

/* Report each group at the test: "test 'x' (seeds 1 and 3) failed: ...". */
static void groups_report(struct seeded_diag *groups, size_t n, const struct scenario_test *t, struct diag_list *dl)
{
	char *prefix = xasprintf("test '%s'", t->name);
	size_t plen = strlen(prefix);

	for (size_t g = 0; g < n; g++) {
		const char *m = groups[g].message;
		struct strbuf sb = {0};

		if (t->nseeds > 1 && !strncmp(m, prefix, plen)) {
			strbuf_addf(&sb, "%s (seed%s ", prefix, groups[g].nseeds > 1 ? "s" : "");
			seeds_describe(&sb, groups[g].seeds, groups[g].nseeds);
			strbuf_addf(&sb, ")%s", m + plen);
		} else {
			strbuf_adds(&sb, m);
		}
		lint_warn(dl, &t->at, groups[g].severity, "%s", sb.buf);
		strbuf_release(&sb);
		free(groups[g].message);
		free(groups[g].seeds);
	}
	free(groups);
	free(prefix);
}

size_t validate_trace_tests(const struct scenario *s, const struct coder *c, struct diag_list *dl,
			    struct strbuf *trace)
{
	size_t failed = 0;

	for (size_t i = 0; i < s->ntests; i++) {
		const struct scenario_test *t = &s->tests[i];
		size_t nplays = t->nseeds ? t->nseeds : 1;
		unsigned *bad_seeds = xcalloc(nplays, sizeof *bad_seeds);
		struct seeded_diag *groups = NULL;
		size_t nbad = 0, ngroups = 0;

		for (size_t k = 0; k < nplays; k++) {
			unsigned seed = t->nseeds ? t->seeds[k] : t->seed;
			struct test_play tp = {0};
			struct diag_list one = {0};
			const char *reached = "";
			size_t bad = 0, ended_at;

			if (!test_run(s, t, seed, c, &tp, &reached, &ended_at, trace)) {
				bool is_ending = scenario_find_ending(s, reached) >= 0;
				lint_warn(&one, &t->at, DIAG_ERROR, "test '%s' failed: expected '%s', reached %s '%s' (%s)",
					t->name, t->expect, is_ending ? "ending" : "node", reached, tp.trail.buf);
				bad++;
			} else if (ended_at) {
				/* Replies the session never heard would hide what they test. */
				lint_warn(&one, &t->at, DIAG_ERROR, "test '%s' failed: the session ended at ending '%s' "
					"after reply %zu of %zu; the replies after it were never heard: drop them, or "
					"change the replies before so the session goes on (%s)", t->name, reached,
					ended_at, t->nreplies, tp.trail.buf);
				bad++;
			}
			bad += test_check_lines(t, "", &tp, &one);
			if (s->format >= 2)
				test_check_repeats(t, "", &tp, &one);
			ngroups = group_add(&groups, ngroups, &one, seed, nplays);
			diag_list_release(&one);
			play_release(&tp);
			if (bad)
				bad_seeds[nbad++] = seed;
		}
		groups_report(groups, ngroups, t, dl);
		if (nbad && nbad < nplays) {
			struct strbuf sb = {0};
			seeds_describe(&sb, bad_seeds, nbad);
			lint_warn(dl, &t->at, DIAG_ERROR, "test '%s' failed at %s %s of its %zu seeds and passed at "
				"the others: which lines the client says, and so how the replies are coded, depends "
				"on the seed; make it hold at every seed, or pin the seeds it means with 'seeds:'",
				t->name, nbad == 1 ? "seed" : "seeds", sb.buf, nplays);
			strbuf_release(&sb);
		}
		free(bad_seeds);
		failed += nbad > 0;
	}
	return failed;
}

size_t validate_run_tests(const struct scenario *s, const struct coder *c, struct diag_list *dl)
{
	return validate_trace_tests(s, c, dl, NULL);
}
