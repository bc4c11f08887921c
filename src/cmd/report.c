/* cmd/report.c: `micoach report --assignment ID [--csv|--json]`: the cohort
 * for one assignment: trainee by scenario (attempts, best score, pass or
 * fail, last practised), then per skill where the cohort is weakest. Reads
 * the trainer's database, with trainees' results merged by `micoach import`.
 *
 * Three steps, each its own functions: report_parse() reads the options,
 * cohort_load() and cohort_compute() turn the assignment's attempts into a
 * struct cohort (what every format shows), and one renderer a format
 * writes it (renderers[]; a new format is a new entry there). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/assignment.h"
#include "io/emit.h"
#include "store/store_trainer.h"
#include "core/util.h"

enum report_format { REPORT_TEXT, REPORT_CSV, REPORT_JSON, REPORT_FORMAT_COUNT };

struct report_opts {
	const char *assignment;      /* the assignment's id */
	enum report_format format;
};

/* One trainee's standing on one scenario. */
struct cell {
	const char *trainee, *scenario;
	int attempts;
	int best;                    /* overall, -1 when nothing was scored */
	int skill[SKILL_COUNT];      /* of the best session */
	bool passed;
	const char *last;            /* when last practised, NULL: never */
	char why[160];               /* why the best failed attempt failed */
};

/* One trainee: their cells are cells[first .. first + the scenario count). */
struct trainee {
	const char *name;
	size_t first;
	size_t passed;               /* scenarios passed */
};

struct skill_row {
	int skill;
	double mean;                 /* of each trainee's mean over their scored attempts */
	int below, trainees, threshold;
};

/* Everything a report shows. The names and dates point into the attempts;
 * cohort_release frees it all. */
struct cohort {
	struct assignment a;
	struct assignment_attempt *at;
	size_t nat;
	struct trainee *trainees;    /* in name order */
	size_t ntr;
	struct cell *cells;          /* trainee by scenario */
	size_t ncells;
	struct skill_row skills[SKILL_COUNT];  /* weakest first */
};

/* --- Parse ----------------------------------------------------------------- */

/* 0, or the exit status of a usage error (already reported). */
static int report_parse(int argc, char **argv, struct report_opts *o)
{
	enum { OPT_ASSIGNMENT = 1, OPT_CSV, OPT_JSON };
	static const struct option longopts[] = {
		{ "assignment", required_argument, NULL, OPT_ASSIGNMENT },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ "json", no_argument, NULL, OPT_JSON },
		{ NULL, 0, NULL, 0 },
	};
	bool csv = false, json = false;
	int opt;

	memset(o, 0, sizeof *o);
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == OPT_ASSIGNMENT)
			o->assignment = optarg;
		else if (opt == OPT_CSV)
			csv = true;
		else if (opt == OPT_JSON)
			json = true;
		else {
			fprintf(stderr, "micoach: report: unknown option or missing value '%s'\n", argv[optind - 1]);
			return command_usage("report");
		}
	}
	if (!o->assignment || optind < argc || (csv && json)) {
		fprintf(stderr, "micoach: report needs --assignment ID (and at most one of --csv, --json)\n");
		return command_usage("report");
	}
	o->format = csv ? REPORT_CSV : json ? REPORT_JSON : REPORT_TEXT;
	return 0;
}

/* --- Compute --------------------------------------------------------------- */

static void cohort_release(struct cohort *c)
{
	free(c->cells);
	free(c->trainees);
	store_attempts_free(c->at, c->nat);
	assignment_release(&c->a);
	memset(c, 0, sizeof *c);
}

/* The assignment and all its attempts, of every trainee. */
static int cohort_load(struct store *st, const char *uid, struct cohort *c, struct error *err)
{
	int64_t row;

	memset(c, 0, sizeof *c);
	if (store_assignment_get(st, uid, &c->a, &row, err))
		return -1;
	if (store_assignment_attempts(st, row, NULL, &c->at, &c->nat, err)) {
		assignment_release(&c->a);
		return -1;
	}
	return 0;
}

/* Trainees in name order (the query sorts by user). */
static void trainees_collect(struct cohort *c)
{
	for (size_t i = 0; i < c->nat; i++)
		if (!c->ntr || strcmp(c->trainees[c->ntr - 1].name, c->at[i].user)) {
			c->trainees = xrealloc(c->trainees, (c->ntr + 1) * sizeof *c->trainees);
			c->trainees[c->ntr++] = (struct trainee){ .name = c->at[i].user };
		}
}

/* A cell from the trainee's attempts at its scenario: the best score (and
 * its skills), whether any attempt passed, and else why the best failed. */
static void cell_compute(struct cell *x, const struct cohort *c)
{
	int best_failed = -2;

	x->best = -1;
	for (size_t i = 0; i < c->nat; i++) {
		const struct assignment_attempt *at = &c->at[i];
		struct strbuf why = {0};

		if (strcmp(at->user, x->trainee) || strcmp(at->scenario_id, x->scenario))
			continue;
		x->attempts++;
		x->last = at->started;
		if (at->at.scored && at->scores.overall > x->best) {
			x->best = at->scores.overall;
			memcpy(x->skill, at->scores.skill, sizeof x->skill);
		}
		if (attempt_passes(&c->a.pass, &at->at, &why))
			x->passed = true;
		else if (at->scores.overall > best_failed) {
			best_failed = at->scores.overall;
			snprintf(x->why, sizeof x->why, "%s", why.buf ? why.buf : "");
		}
		strbuf_release(&why);
	}
}

static void cells_compute(struct cohort *c)
{
	c->cells = xcalloc(c->ntr * c->a.nscenarios + 1, sizeof *c->cells);
	for (size_t t = 0; t < c->ntr; t++) {
		struct trainee *tr = &c->trainees[t];
		tr->first = c->ncells;
		for (size_t s = 0; s < c->a.nscenarios; s++) {
			struct cell *x = &c->cells[c->ncells++];
			x->trainee = tr->name;
			x->scenario = c->a.scenarios[s];
			cell_compute(x, c);
			tr->passed += x->passed;
		}
	}
}

static int skill_cmp(const void *a, const void *b)
{
	const struct skill_row *x = a, *y = b;

	if (x->mean != y->mean)
		return x->mean < y->mean ? -1 : 1;
	return x->skill - y->skill;
}

/* Per skill: each trainee's mean over their scored attempts, then the
 * cohort's mean of those, so a keen trainee's many attempts do not
 * outweigh the others. Weakest first. */
static void skills_compute(struct cohort *c)
{
	for (int k = 0; k < SKILL_COUNT; k++) {
		struct skill_row *sr = &c->skills[k];
		double total = 0;

		memset(sr, 0, sizeof *sr);
		sr->skill = k;
		sr->threshold = c->a.pass.min_skill[k] >= 0 ? c->a.pass.min_skill[k] : 50;
		for (size_t t = 0; t < c->ntr; t++) {
			double sum = 0;
			int n = 0;
			for (size_t i = 0; i < c->nat; i++)
				if (c->at[i].at.scored && !strcmp(c->at[i].user, c->trainees[t].name))
					sum += c->at[i].scores.skill[k], n++;
			if (!n)
				continue;
			sr->trainees++;
			total += sum / n;
			sr->below += sum / n < sr->threshold;
		}
		sr->mean = sr->trainees ? total / sr->trainees : -1;
	}
	qsort(c->skills, SKILL_COUNT, sizeof c->skills[0], skill_cmp);
}

static void cohort_compute(struct cohort *c)
{
	trainees_collect(c);
	cells_compute(c);
	skills_compute(c);
}

/* --- Render ---------------------------------------------------------------- */

static void render_csv(const struct cohort *c, FILE *out)
{
	static const char *const head[] = { "trainee", "scenario", "attempts", "best", "passed", "last_practised",
					    "empathy", "reflection", "discrepancy", "self_efficacy", "why_not" };
	struct csv w;

	csv_init(&w, out);
	for (size_t i = 0; i < ARRAY_SIZE(head); i++)
		csv_raw(&w, head[i]);
	csv_row_end(&w);
	for (size_t i = 0; i < c->ncells; i++) {
		const struct cell *x = &c->cells[i];
		csv_text(&w, x->trainee);
		csv_text(&w, x->scenario);
		csv_int(&w, x->attempts);
		if (x->best >= 0)
			csv_int(&w, x->best);
		else
			csv_empty(&w);
		csv_raw(&w, x->passed ? "yes" : "no");
		csv_raw(&w, x->last);
		for (int k = 0; k < SKILL_COUNT; k++) {
			if (x->best >= 0)
				csv_int(&w, x->skill[k]);
			else
				csv_empty(&w);
		}
		csv_text(&w, x->passed ? NULL : x->why);
		csv_row_end(&w);
	}
}

static void json_cell(struct json *j, const struct cell *x)
{
	json_object_begin(j);
	json_kv_string(j, "scenario", x->scenario);
	json_kv_int(j, "attempts", x->attempts);
	json_key(j, "best");
	if (x->best >= 0)
		json_int(j, x->best);
	else
		json_null(j);
	json_kv_bool(j, "passed", x->passed);
	json_kv_string(j, "last_practised", x->last);
	json_kv_string(j, "why_not", x->passed || !x->why[0] ? NULL : x->why);
	json_object_end(j);
}

static void json_skill(struct json *j, const struct skill_row *sr)
{
	json_object_begin(j);
	json_kv_string(j, "skill", skill_name((enum mi_skill)sr->skill));
	json_key(j, "mean");
	if (sr->trainees)
		json_double(j, sr->mean, 1);
	else
		json_null(j);
	json_kv_int(j, "threshold", sr->threshold);
	json_kv_int(j, "below", sr->below);
	json_kv_int(j, "trainees", sr->trainees);
	json_object_end(j);
}

static void render_json(const struct cohort *c, FILE *out)
{
	const struct assignment *a = &c->a;
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
	json_kv_string(&j, "pass", rules.buf);
	json_key(&j, "trainees");
	json_array_begin(&j);
	for (size_t t = 0; t < c->ntr; t++) {
		const struct trainee *tr = &c->trainees[t];
		json_object_begin(&j);
		json_kv_string(&j, "trainee", tr->name);
		json_kv_int(&j, "passed", (long long)tr->passed);
		json_kv_int(&j, "scenarios", (long long)a->nscenarios);
		json_key(&j, "results");
		json_array_begin(&j);
		for (size_t s = 0; s < a->nscenarios; s++)
			json_cell(&j, &c->cells[tr->first + s]);
		json_array_end(&j);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_key(&j, "skills");
	json_array_begin(&j);
	for (int k = 0; k < SKILL_COUNT; k++)
		json_skill(&j, &c->skills[k]);
	json_array_end(&j);
	json_object_end(&j);
	json_newline(&j);
	strbuf_release(&rules);
}

/* s made inert, left-aligned in width columns (width 0: as it is). */
static void put_inert(FILE *out, const char *s, int width)
{
	struct strbuf sb = {0};

	strbuf_add_inert(&sb, s ? s : "");
	fprintf(out, "%-*s", width, sb.buf);
	strbuf_release(&sb);
}

static void text_heading(const struct assignment *a, FILE *out)
{
	struct strbuf rules = {0};

	pass_rules_describe(&a->pass, &rules);
	fprintf(out, "Assignment %s", a->id);
	if (a->title) {
		fputs(": ", out);
		put_inert(out, a->title, 0);
	}
	fprintf(out, "\n%s %s, %s mode%s%s\nTo pass: %s\n", a->pack_id, a->pack_version,
		a->exam ? "exam" : "coach", a->due ? ", due " : "", a->due ? a->due : "", rules.buf);
	strbuf_release(&rules);
}

static void text_cell(const struct cell *x, FILE *out)
{
	char best[8], last[20];

	snprintf(best, sizeof best, "%d", x->best);
	/* "2026-11-25T19:30:00Z" -> "2026-11-25 19:30" */
	snprintf(last, sizeof last, "%.16s", x->last ? x->last : "never");
	if (last[10] == 'T')
		last[10] = ' ';
	put_inert(out, x->trainee, 16);
	fputc(' ', out);
	put_inert(out, x->scenario, 26);
	fprintf(out, " %8d %5s %-7s %s", x->attempts, x->best >= 0 ? best : "-",
		x->passed ? "yes" : x->attempts ? "no" : "-", last);
	if (!x->passed && x->why[0])
		fprintf(out, "  (%s)", x->why);
	fputc('\n', out);
}

static void render_text(const struct cohort *c, FILE *out)
{
	text_heading(&c->a, out);
	if (!c->ntr) {
		fputs("\nNo sessions yet. Import trainees' result files with: micoach import FILE...\n", out);
		return;
	}
	fprintf(out, "\n%-16s %-26s %8s %5s %-7s %s\n", "trainee", "scenario", "attempts", "best", "passed",
		"last practised");
	for (size_t i = 0; i < c->ncells; i++)
		text_cell(&c->cells[i], out);
	fputs("\nSkills across the cohort, weakest first (each trainee's mean, then the cohort's):\n", out);
	for (int k = 0; k < SKILL_COUNT; k++) {
		const struct skill_row *sr = &c->skills[k];
		if (!sr->trainees)
			continue;
		fprintf(out, "  %-14s %5.1f   %d of %d %s below %d\n", skill_name((enum mi_skill)sr->skill),
			sr->mean, sr->below, sr->trainees, sr->trainees == 1 ? "trainee" : "trainees",
			sr->threshold);
	}
}

static void (*const renderers[REPORT_FORMAT_COUNT])(const struct cohort *, FILE *) = {
	[REPORT_TEXT] = render_text,
	[REPORT_CSV] = render_csv,
	[REPORT_JSON] = render_json,
};

COMMAND(report)
{
	struct report_opts o;
	struct cohort c;
	struct error err = {0};
	struct store *st;
	int rc;

	if ((rc = report_parse(argc, argv, &o)))
		return rc;
	if ((rc = app_store(app, &st)))
		return rc;
	if (cohort_load(st, o.assignment, &c, &err))
		return app_fail(&err);
	cohort_compute(&c);
	renderers[o.format](&c, stdout);
	cohort_release(&c);
	return fflush(stdout) == 0 ? 0 : EXIT_IOERR;
}
