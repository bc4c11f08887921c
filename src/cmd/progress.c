/* cmd/progress.c: `micoach progress [--last N] [--json]`: per skill, the trend
 * across the user's scored sessions (a sparkline), the best score per
 * scenario, and the next scenario to practise: one that trains the weakest
 * skill, where the user's best is lowest, easiest first. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "io/print.h"
#include "app/review.h"

enum { OPT_JSON = 1, OPT_LAST };
enum { RECENT = 5 }; /* the weakest skill is judged on the last RECENT sessions */

struct skill_stats {
	int last, best;
	double average, recent;
};

struct next_pick {
	const struct scenario *s;
	int best;        /* the user's best on it, -1 when never scored */
	int attempts;
};

static void stats_compute(const struct skill_point *p, size_t n, struct skill_stats st[SKILL_COUNT + 1])
{
	for (int k = 0; k <= SKILL_COUNT; k++) {
		double sum = 0, rsum = 0;
		size_t rn = 0;
		st[k].best = 0;
		for (size_t i = 0; i < n; i++) {
			int v = k < SKILL_COUNT ? p[i].skill[k] : p[i].overall;
			sum += v;
			if (v > st[k].best)
				st[k].best = v;
			if (i + RECENT >= n) {
				rsum += v;
				rn++;
			}
		}
		st[k].last = n ? (k < SKILL_COUNT ? p[n - 1].skill[k] : p[n - 1].overall) : 0;
		st[k].average = n ? sum / (double)n : 0;
		st[k].recent = rn ? rsum / (double)rn : 0;
	}
}

static int weakest_skill(const struct skill_stats st[SKILL_COUNT + 1], size_t n)
{
	int w = -1;

	if (!n)
		return -1;
	for (int k = 0; k < SKILL_COUNT; k++)
		if (w < 0 || st[k].recent < st[w].recent)
			w = k;
	return w;
}

static const struct scenario_best *best_of(const struct scenario_best *b, size_t nb, const char *id)
{
	for (size_t i = 0; i < nb; i++)
		if (!strcmp(b[i].scenario_id, id))
			return &b[i];
	return NULL;
}

/* Among the scenarios that train skill (any scenario when skill < 0 or none
 * does), the one with the lowest best score (never scored counts lowest),
 * then the easiest, then by id. */
static struct next_pick pick_next(const struct catalog *cat, int skill, const struct scenario_best *b,
				  size_t nb)
{
	struct next_pick best = { NULL, 0, 0 };

	for (int pass = 0; pass < 2 && !best.s; pass++) {
		for (size_t i = 0; i < cat->npacks; i++) {
			for (size_t j = 0; j < cat->packs[i]->nscenarios; j++) {
				const struct scenario *s = cat->packs[i]->scenarios[j];
				const struct scenario_best *sb = best_of(b, nb, s->id);
				int score = sb ? sb->best : -1;
				if (pass == 0 && skill >= 0 && !(s->skills & (1u << skill)))
					continue;
				if (!best.s || score < best.best ||
				    (score == best.best && (s->difficulty < best.s->difficulty ||
							    (s->difficulty == best.s->difficulty &&
							     strcmp(s->id, best.s->id) < 0)))) {
					best.s = s;
					best.best = score;
					best.attempts = sb ? sb->attempts : 0;
				}
			}
		}
		if (skill < 0)
			break;
	}
	return best;
}

static void print_text(const char *user, const struct skill_point *p, size_t n,
		       const struct skill_stats st[SKILL_COUNT + 1], const struct scenario_best *b,
		       size_t nb, int weak, const struct next_pick *next)
{
	struct strbuf sb = {0};
	int *v = xcalloc(n ? n : 1, sizeof *v);
	char date[32];

	strbuf_adds(&sb, "Progress of ");
	review_inert(&sb, user);
	if (!n) {
		strbuf_adds(&sb, ": no scored sessions yet.\n");
	} else {
		strbuf_addf(&sb, ": the last %zu scored session%s, oldest first\n\n", n, n == 1 ? "" : "s");
		strbuf_addf(&sb, "  %-14s %-*s  %4s %4s %7s\n", "SKILL", (int)n < 5 ? 5 : (int)n, "TREND", "LAST",
			    "BEST", "AVERAGE");
		for (int k = 0; k <= SKILL_COUNT; k++) {
			for (size_t i = 0; i < n; i++)
				v[i] = k < SKILL_COUNT ? p[i].skill[k] : p[i].overall;
			strbuf_addf(&sb, "  %-14s ", k < SKILL_COUNT ? skill_name((enum mi_skill)k) : "overall");
			review_sparkline(&sb, v, n);
			for (size_t i = n; i < 5; i++)
				strbuf_adds(&sb, " ");
			strbuf_addf(&sb, "  %4d %4d %7.1f\n", st[k].last, st[k].best, st[k].average);
		}
	}
	if (nb) {
		size_t w = 8;
		for (size_t i = 0; i < nb; i++)
			if (review_width(b[i].scenario_id) > w)
				w = review_width(b[i].scenario_id);
		strbuf_adds(&sb, "\nBest score per scenario\n  ");
		review_pad(&sb, "SCENARIO", w + 2);
		strbuf_addf(&sb, "%4s %8s %8s  %s\n", "BEST", "SESSION", "ATTEMPTS", "LAST PRACTISED (UTC)");
		for (size_t i = 0; i < nb; i++) {
			strbuf_adds(&sb, "  ");
			review_pad(&sb, b[i].scenario_id, w + 2);
			if (b[i].best >= 0)
				strbuf_addf(&sb, "%4d %8lld", b[i].best, (long long)b[i].best_session);
			else
				strbuf_addf(&sb, "%4s %8s", "-", "-");
			review_date(date, sizeof date, b[i].last);
			strbuf_addf(&sb, " %8d  %s\n", b[i].attempts, date);
		}
	}
	strbuf_adds(&sb, "\n");
	if (weak >= 0)
		strbuf_addf(&sb, "Weakest skill: %s (%.0f on average over the last %d sessions)\n",
			    skill_name((enum mi_skill)weak), st[weak].recent, n < RECENT ? (int)n : RECENT);
	if (next->s) {
		strbuf_adds(&sb, "Next: ");
		review_inert(&sb, next->s->id);
		strbuf_adds(&sb, " (");
		review_inert(&sb, next->s->title);
		strbuf_addf(&sb, ", difficulty %d", next->s->difficulty);
		if (weak >= 0 && (next->s->skills & (1u << weak)))
			strbuf_addf(&sb, ", trains %s", skill_name((enum mi_skill)weak));
		if (next->best >= 0)
			strbuf_addf(&sb, ", your best %d", next->best);
		else
			strbuf_adds(&sb, ", not yet practised");
		strbuf_adds(&sb, ")\n  micoach practice ");
		review_inert(&sb, next->s->id);
		strbuf_adds(&sb, "\n");
	} else {
		strbuf_adds(&sb, "No scenarios found to suggest ('micoach list' shows them).\n");
	}
	fputs(sb.buf, stdout);
	strbuf_release(&sb);
	free(v);
}

static void print_json(const char *user, const struct skill_point *p, size_t n,
		       const struct skill_stats st[SKILL_COUNT + 1], const struct scenario_best *b,
		       size_t nb, int weak, const struct next_pick *next)
{
	struct json j;

	json_init(&j, stdout, true);
	json_object_begin(&j);
	json_kv_string(&j, "user", user);
	json_key(&j, "trend");
	json_array_begin(&j);
	for (size_t i = 0; i < n; i++) {
		json_object_begin(&j);
		json_kv_int(&j, "session", p[i].session);
		json_kv_string(&j, "started", p[i].started);
		json_kv_string(&j, "scenario", p[i].scenario_id);
		for (int k = 0; k < SKILL_COUNT; k++)
			json_kv_int(&j, skill_name((enum mi_skill)k), p[i].skill[k]);
		json_kv_int(&j, "overall", p[i].overall);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_key(&j, "skills");
	json_object_begin(&j);
	for (int k = 0; k <= SKILL_COUNT; k++) {
		json_key(&j, k < SKILL_COUNT ? skill_name((enum mi_skill)k) : "overall");
		if (!n) {
			json_null(&j);
			continue;
		}
		json_object_begin(&j);
		json_kv_int(&j, "last", st[k].last);
		json_kv_int(&j, "best", st[k].best);
		json_kv_double(&j, "average", st[k].average, 1);
		json_kv_double(&j, "recent", st[k].recent, 1);
		json_object_end(&j);
	}
	json_object_end(&j);
	json_key(&j, "best");
	json_array_begin(&j);
	for (size_t i = 0; i < nb; i++) {
		json_object_begin(&j);
		json_kv_string(&j, "scenario", b[i].scenario_id);
		json_kv_string(&j, "title", b[i].scenario_title);
		json_kv_string(&j, "pack", b[i].pack_id);
		json_key(&j, "best");
		if (b[i].best >= 0)
			json_int(&j, b[i].best);
		else
			json_null(&j);
		json_key(&j, "session");
		if (b[i].best_session > 0)
			json_int(&j, b[i].best_session);
		else
			json_null(&j);
		json_kv_int(&j, "attempts", b[i].attempts);
		json_kv_string(&j, "last", b[i].last);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_kv_string(&j, "weakest_skill", weak >= 0 ? skill_name((enum mi_skill)weak) : NULL);
	json_key(&j, "next");
	if (next->s) {
		json_object_begin(&j);
		json_kv_string(&j, "scenario", next->s->id);
		json_kv_string(&j, "title", next->s->title);
		json_kv_string(&j, "pack", next->s->pack ? next->s->pack->id : NULL);
		json_kv_int(&j, "difficulty", next->s->difficulty);
		json_key(&j, "skills");
		json_array_begin(&j);
		for (int k = 0; k < SKILL_COUNT; k++)
			if (next->s->skills & (1u << k))
				json_string(&j, skill_name((enum mi_skill)k));
		json_array_end(&j);
		json_key(&j, "best");
		if (next->best >= 0)
			json_int(&j, next->best);
		else
			json_null(&j);
		json_object_end(&j);
	} else {
		json_null(&j);
	}
	json_object_end(&j);
	json_newline(&j);
}

COMMAND(progress)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "last", required_argument, NULL, OPT_LAST },
		{ NULL, 0, NULL, 0 },
	};
	struct skill_stats stats[SKILL_COUNT + 1];
	struct skill_point *p = NULL;
	struct scenario_best *b = NULL;
	struct next_pick next;
	const struct catalog *cat;
	struct store *st;
	struct error err = {0};
	size_t n = 0, nb = 0, last = 30;
	bool json = false;
	int opt, rc, weak;
	char *end;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == OPT_JSON) {
			json = true;
		} else if (opt == OPT_LAST) {
			long v = strtol(optarg, &end, 10);
			if (*end || !*optarg || v < 0) {
				print_inertf(stderr, "micoach: progress: --last wants a number of sessions, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			last = (size_t)v;
		} else {
			print_inertf(stderr, "micoach: progress: unknown option '%s'\n", argv[optind - 1]);
			return command_usage("progress");
		}
	}
	if (optind < argc) {
		print_inertf(stderr, "micoach: progress: unexpected argument '%s'\n", argv[optind]);
		return command_usage("progress");
	}
	if ((rc = app_store(app, &st)))
		return rc;
	if (store_skill_trend(st, app->user, last, &p, &n, &err) ||
	    store_best_scores(st, app->user, &b, &nb, &err)) {
		skill_points_free(p);
		return app_fail(&err);
	}
	if ((rc = app_catalog(app, &cat))) {
		skill_points_free(p);
		scenario_best_free(b, nb);
		return rc;
	}
	stats_compute(p, n, stats);
	weak = weakest_skill(stats, n);
	next = pick_next(cat, weak, b, nb);
	if (json)
		print_json(app->user, p, n, stats, b, nb, weak, &next);
	else
		print_text(app->user, p, n, stats, b, nb, weak, &next);
	skill_points_free(p);
	scenario_best_free(b, nb);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : EXIT_IOERR;
}
