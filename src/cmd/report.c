/* cmd/report.c: `micoach report --assignment ID [--csv|--json]`: the cohort
 * for one assignment: trainee by scenario (attempts, best score, pass or
 * fail, last practised), then per skill where the cohort is weakest. Reads
 * the trainer's database, with trainees' results merged by `micoach import`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/assignment.h"
#include "io/emit.h"
#include "store/store_trainer.h"
#include "core/util.h"

/* One trainee's standing on one scenario. */
struct cell {
	const char *trainee, *scenario;
	int attempts;
	int best;                    /* overall, -1 when nothing was scored */
	int skill[SKILL_COUNT];      /* of the best session */
	bool passed;
	const char *last;
	char why[160];               /* why the best failed attempt failed */
};

struct skill_row {
	int skill;
	double mean;                 /* of each trainee's mean over their scored attempts */
	int below, trainees, threshold;
};

static int skill_cmp(const void *a, const void *b)
{
	const struct skill_row *x = a, *y = b;

	if (x->mean != y->mean)
		return x->mean < y->mean ? -1 : 1;
	return x->skill - y->skill;
}

static void put_inert(FILE *out, const char *s)
{
	struct strbuf sb = {0};

	strbuf_add_inert(&sb, s ? s : "");
	fputs(sb.buf, out);
	strbuf_release(&sb);
}

static void put_padded(const char *s, int width)
{
	struct strbuf sb = {0};

	strbuf_add_inert(&sb, s ? s : "");
	printf("%-*s", width, sb.buf);
	strbuf_release(&sb);
}

COMMAND(report)
{
	enum { OPT_ASSIGNMENT = 1, OPT_CSV, OPT_JSON };
	static const struct option longopts[] = {
		{ "assignment", required_argument, NULL, OPT_ASSIGNMENT },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ "json", no_argument, NULL, OPT_JSON },
		{ NULL, 0, NULL, 0 },
	};
	const char *uid = NULL;
	bool csv = false, as_json = false;
	struct assignment a;
	struct assignment_attempt *at = NULL;
	struct error err = {0};
	struct store *st;
	char **trainees = NULL;
	size_t nat = 0, ntr = 0, ncells = 0;
	struct cell *cells = NULL;
	struct skill_row skills[SKILL_COUNT];
	int64_t row;
	int opt, rc;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == OPT_ASSIGNMENT)
			uid = optarg;
		else if (opt == OPT_CSV)
			csv = true;
		else if (opt == OPT_JSON)
			as_json = true;
		else {
			fprintf(stderr, "micoach: report: unknown option or missing value '%s'\n", argv[optind - 1]);
			return command_usage("report");
		}
	}
	if (!uid || optind < argc || (csv && as_json)) {
		fprintf(stderr, "micoach: report needs --assignment ID (and at most one of --csv, --json)\n");
		return command_usage("report");
	}
	if ((rc = app_store(app, &st)))
		return rc;
	if (store_assignment_get(st, uid, &a, &row, &err))
		return app_fail(&err);
	if (store_assignment_attempts(st, row, NULL, &at, &nat, &err)) {
		assignment_release(&a);
		return app_fail(&err);
	}
	/* Trainees in name order (the query sorts by user). */
	for (size_t i = 0; i < nat; i++)
		if (!ntr || strcmp(trainees[ntr - 1], at[i].user)) {
			trainees = xrealloc(trainees, (ntr + 1) * sizeof *trainees);
			trainees[ntr++] = at[i].user;
		}
	cells = xcalloc(ntr * a.nscenarios + 1, sizeof *cells);
	for (size_t t = 0; t < ntr; t++) {
		for (size_t s = 0; s < a.nscenarios; s++) {
			struct cell *c = &cells[ncells++];
			int best_failed = -2;
			c->trainee = trainees[t];
			c->scenario = a.scenarios[s];
			c->best = -1;
			for (size_t i = 0; i < nat; i++) {
				if (strcmp(at[i].user, c->trainee) || strcmp(at[i].scenario_id, c->scenario))
					continue;
				c->attempts++;
				c->last = at[i].started;
				if (at[i].at.scored && at[i].scores.overall > c->best) {
					c->best = at[i].scores.overall;
					memcpy(c->skill, at[i].scores.skill, sizeof c->skill);
				}
				struct strbuf why = {0};
				if (attempt_passes(&a.pass, &at[i].at, &why))
					c->passed = true;
				else if (at[i].scores.overall > best_failed) {
					best_failed = at[i].scores.overall;
					snprintf(c->why, sizeof c->why, "%s", why.buf ? why.buf : "");
				}
				strbuf_release(&why);
			}
		}
	}
	/* Per skill: each trainee's mean over their scored attempts, then the
	 * cohort's mean of those, so a keen trainee's many attempts do not
	 * outweigh the others. */
	for (int k = 0; k < SKILL_COUNT; k++) {
		struct skill_row *sr = &skills[k];
		double total = 0;
		memset(sr, 0, sizeof *sr);
		sr->skill = k;
		sr->threshold = a.pass.min_skill[k] >= 0 ? a.pass.min_skill[k] : 50;
		for (size_t t = 0; t < ntr; t++) {
			double sum = 0;
			int n = 0;
			for (size_t i = 0; i < nat; i++)
				if (at[i].at.scored && !strcmp(at[i].user, trainees[t]))
					sum += at[i].scores.skill[k], n++;
			if (!n)
				continue;
			sr->trainees++;
			total += sum / n;
			sr->below += sum / n < sr->threshold;
		}
		sr->mean = sr->trainees ? total / sr->trainees : -1;
	}
	qsort(skills, SKILL_COUNT, sizeof skills[0], skill_cmp);

	if (csv) {
		struct csv c;
		csv_init(&c, stdout);
		static const char *const head[] = { "trainee", "scenario", "attempts", "best", "passed", "last_practised",
						    "empathy", "reflection", "discrepancy", "self_efficacy", "why_not" };
		for (size_t i = 0; i < ARRAY_SIZE(head); i++)
			csv_raw(&c, head[i]);
		csv_row_end(&c);
		for (size_t i = 0; i < ncells; i++) {
			const struct cell *x = &cells[i];
			csv_text(&c, x->trainee);
			csv_text(&c, x->scenario);
			csv_int(&c, x->attempts);
			if (x->best >= 0)
				csv_int(&c, x->best);
			else
				csv_empty(&c);
			csv_raw(&c, x->passed ? "yes" : "no");
			csv_raw(&c, x->last);
			for (int k = 0; k < SKILL_COUNT; k++) {
				if (x->best >= 0)
					csv_int(&c, x->skill[k]);
				else
					csv_empty(&c);
			}
			csv_text(&c, x->passed ? NULL : x->why);
			csv_row_end(&c);
		}
	} else if (as_json) {
		struct json j;
		struct strbuf rules = {0};
		pass_rules_format(&a.pass, &rules);
		json_init(&j, stdout, true);
		json_object_begin(&j);
		json_kv_string(&j, "assignment", a.id);
		json_kv_string(&j, "title", a.title);
		json_kv_string(&j, "pack", a.pack_id);
		json_kv_string(&j, "pack_version", a.pack_version);
		json_kv_string(&j, "due", a.due);
		json_kv_string(&j, "mode", a.exam ? "exam" : "coach");
		json_kv_string(&j, "pass", rules.buf);
		json_key(&j, "trainees");
		json_array_begin(&j);
		for (size_t t = 0; t < ntr; t++) {
			json_object_begin(&j);
			json_kv_string(&j, "trainee", trainees[t]);
			size_t passed = 0;
			for (size_t i = 0; i < ncells; i++)
				passed += cells[i].trainee == trainees[t] && cells[i].passed;
			json_kv_int(&j, "passed", (long long)passed);
			json_kv_int(&j, "scenarios", (long long)a.nscenarios);
			json_key(&j, "results");
			json_array_begin(&j);
			for (size_t i = 0; i < ncells; i++) {
				const struct cell *x = &cells[i];
				if (x->trainee != trainees[t])
					continue;
				json_object_begin(&j);
				json_kv_string(&j, "scenario", x->scenario);
				json_kv_int(&j, "attempts", x->attempts);
				json_key(&j, "best");
				if (x->best >= 0)
					json_int(&j, x->best);
				else
					json_null(&j);
				json_kv_bool(&j, "passed", x->passed);
				json_kv_string(&j, "last_practised", x->last);
				json_kv_string(&j, "why_not", x->passed || !x->why[0] ? NULL : x->why);
				json_object_end(&j);
			}
			json_array_end(&j);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_key(&j, "skills");
		json_array_begin(&j);
		for (int k = 0; k < SKILL_COUNT; k++) {
			json_object_begin(&j);
			json_kv_string(&j, "skill", skill_name((enum mi_skill)skills[k].skill));
			json_key(&j, "mean");
			if (skills[k].trainees)
				json_double(&j, skills[k].mean, 1);
			else
				json_null(&j);
			json_kv_int(&j, "threshold", skills[k].threshold);
			json_kv_int(&j, "below", skills[k].below);
			json_kv_int(&j, "trainees", skills[k].trainees);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_object_end(&j);
		json_newline(&j);
		strbuf_release(&rules);
	} else {
		struct strbuf rules = {0};
		pass_rules_describe(&a.pass, &rules);
		printf("Assignment %s", a.id);
		if (a.title) {
			fputs(": ", stdout);
			put_inert(stdout, a.title);
		}
		printf("\n%s %s, %s mode%s%s\nTo pass: %s\n", a.pack_id, a.pack_version, a.exam ? "exam" : "coach",
		       a.due ? ", due " : "", a.due ? a.due : "", rules.buf);
		strbuf_release(&rules);
		if (!ntr) {
			puts("\nNo sessions yet. Import trainees' result files with: micoach import FILE...");
		} else {
			printf("\n%-16s %-26s %8s %5s %-7s %s\n", "trainee", "scenario", "attempts", "best", "passed",
			       "last practised");
			for (size_t i = 0; i < ncells; i++) {
				const struct cell *x = &cells[i];
				char best[8], last[20];
				snprintf(best, sizeof best, "%d", x->best);
				/* "2026-11-25T19:30:00Z" -> "2026-11-25 19:30" */
				snprintf(last, sizeof last, "%.16s", x->last ? x->last : "never");
				if (last[10] == 'T')
					last[10] = ' ';
				put_padded(x->trainee, 16);
				fputc(' ', stdout);
				put_padded(x->scenario, 26);
				printf(" %8d %5s %-7s %s", x->attempts, x->best >= 0 ? best : "-",
				       x->passed ? "yes" : x->attempts ? "no" : "-", last);
				if (!x->passed && x->why[0])
					printf("  (%s)", x->why);
				fputc('\n', stdout);
			}
			printf("\nSkills across the cohort, weakest first (each trainee's mean, then the cohort's):\n");
			for (int k = 0; k < SKILL_COUNT; k++) {
				if (!skills[k].trainees)
					continue;
				printf("  %-14s %5.1f   %d of %d %s below %d\n", skill_name((enum mi_skill)skills[k].skill),
				       skills[k].mean, skills[k].below, skills[k].trainees,
				       skills[k].trainees == 1 ? "trainee" : "trainees", skills[k].threshold);
			}
		}
	}
	free(cells);
	free(trainees);
	store_attempts_free(at, nat);
	assignment_release(&a);
	return fflush(stdout) == 0 ? 0 : EXIT_IOERR;
}
