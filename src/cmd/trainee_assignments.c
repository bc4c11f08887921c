/* cmd/trainee_assignments.c: the trainee's side of assignments:
 * `micoach assignment add FILE` stores one in the trainee's database;
 * `micoach assignments [--json]` says what is due, when, and pass or fail so
 * far per scenario; app_assignment() links `practice --assignment ID`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "core/assignment.h"
#include "io/emit.h"
#include "store/store_trainer.h"
#include "core/isotime.h"
#include "core/util.h"
#include "io/print.h"
#include "yaml/assignment_file.h"

/* Days from today (UTC) to "YYYY-MM-DD": negative when past. */
static long days_until(const char *date)
{
	int y, m, d;
	time_t now = time(NULL);
	struct tm tm;

	if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return 0;
	gmtime_r(&now, &tm);
	return iso_days_from_civil(y, m, d) - iso_days_from_civil(tm.tm_year + 1900L, tm.tm_mon + 1L, tm.tm_mday);
}

int app_assignment(struct app *app, const char *id, const char *scenario, int64_t *row, bool *exam)
{
	struct assignment a;
	struct error err = {0};
	struct store *st;
	const char *bare;
	int rc;

	if (!scenario) {
		fprintf(stderr, "micoach: practice --assignment needs the scenario to practise; "
				"'micoach assignments' lists them\n");
		return EXIT_USAGE;
	}
	if ((rc = app_store(app, &st)))
		return rc;
	if (store_assignment_get(st, id, &a, row, &err))
		return app_fail(&err);
	bare = strchr(scenario, '/') ? strchr(scenario, '/') + 1 : scenario;
	if (!assignment_has_scenario(&a, bare)) {
		fprintf(stderr, "micoach: scenario '");
		print_inert(stderr, scenario);
		print_inertf(stderr, "' is not part of assignment %s; it holds:", a.id);
		for (size_t i = 0; i < a.nscenarios; i++)
			print_inertf(stderr, " %s", a.scenarios[i]);
		fputc('\n', stderr);
		assignment_release(&a);
		return EXIT_USAGE;
	}
	/* An exam assignment holds feedback to the end; a coach one leaves --exam to the trainee. */
	if (a.exam)
		*exam = true;
	assignment_release(&a);
	return 0;
}

static int assignment_add(struct app *app, const char *path)
{
	struct assignment a;
	struct diag_list dl = {0};
	struct error err = {0};
	const struct catalog *cat;
	struct store *st;
	int64_t row;
	bool updated;
	int rc;

	if (assignment_load(path, &a, &dl, &err)) {
		diag_print(&dl, stderr, 0);
		diag_list_release(&dl);
		assignment_release(&a);
		return dl.n ? EXIT_DATAERR : app_fail(&err);
	}
	diag_list_release(&dl);
	if ((rc = app_store(app, &st)) || (rc = app_catalog(app, &cat))) {
		assignment_release(&a);
		return rc;
	}
	if (store_assignment_put(st, &a, path, &row, &updated, &err)) {
		assignment_release(&a);
		return app_fail(&err);
	}
	print_inertf(stdout, "%s assignment %s", updated ? "Updated" : "Added", a.id);
	if (a.title) {
		fputs(": ", stdout);
		print_inert(stdout, a.title);
	}
	fputc('\n', stdout);
	print_inertf(stdout, "  %zu %s from %s %s, %s mode", a.nscenarios, a.nscenarios == 1 ? "scenario" : "scenarios",
		     a.pack_id, a.pack_version, a.exam ? "exam" : "coach");
	if (a.due)
		print_inertf(stdout, ", due %s", a.due);
	fputc('\n', stdout);
	/* The pack may come later; say so now rather than at practice time. */
	for (size_t i = 0; i < a.nscenarios; i++) {
		char *full = xasprintf("%s/%s", a.pack_id, a.scenarios[i]);
		const struct scenario *s = catalog_find(cat, full);
		free(full);
		if (!s)
			print_inertf(stdout, "  Note: scenario %s of pack %s is not installed here; get the pack and run "
				     "'micoach pack install PATH'.\n", a.scenarios[i], a.pack_id);
		else if (s->pack && s->pack->version && strcmp(s->pack->version, a.pack_version))
			print_inertf(stdout, "  Note: %s is installed in pack version %s; the assignment was written for %s.\n",
				     a.scenarios[i], s->pack->version, a.pack_version);
	}
	print_inertf(stdout, "Practise with: micoach practice SCENARIO --assignment %s\n", a.id);
	assignment_release(&a);
	return fflush(stdout) == 0 ? 0 : EXIT_IOERR;
}

static int assignment_remove(struct app *app, const char *id)
{
	struct error err = {0};
	struct store *st;
	int rc;

	if ((rc = app_store(app, &st)))
		return rc;
	if (store_assignment_remove(st, id, &err))
		return app_fail(&err);
	print_inertf(stdout, "Removed assignment %s; its sessions stay in 'micoach history'.\n", id);
	return fflush(stdout) == 0 ? 0 : EXIT_IOERR;
}

COMMAND(assignment)
{
	if (argc == 3 && !strcmp(argv[1], "add"))
		return assignment_add(app, argv[2]);
	if (argc == 3 && !strcmp(argv[1], "remove"))
		return assignment_remove(app, argv[2]);
	fprintf(stderr, "micoach: assignment: say add FILE or remove ID\n");
	return command_usage("assignment");
}

/* Per scenario of one assignment, for one user. */
struct scen_status {
	int attempts;
	int best;            /* -1: none scored */
	bool passed;
	const char *last;    /* start of the latest attempt */
	char why[160];       /* why the best-scoring attempt did not pass */
};

static void status_of(const struct assignment *a, const char *scenario, const struct assignment_attempt *at,
		      size_t n, struct scen_status *out)
{
	int best_failed = -2;

	memset(out, 0, sizeof *out);
	out->best = -1;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(at[i].scenario_id, scenario))
			continue;
		out->attempts++;
		out->last = at[i].started;
		if (at[i].at.scored && at[i].scores.overall > out->best)
			out->best = at[i].scores.overall;
		struct strbuf why = {0};
		if (attempt_passes(&a->pass, &at[i].at, &why)) {
			out->passed = true;
		} else if (at[i].scores.overall > best_failed) {
			best_failed = at[i].scores.overall;
			snprintf(out->why, sizeof out->why, "%s", why.buf ? why.buf : "");
		}
		strbuf_release(&why);
	}
}

static void print_assignment(const struct assignment_entry *e, const struct assignment_attempt *at, size_t n)
{
	const struct assignment *a = &e->a;
	struct strbuf rules = {0};
	size_t passed = 0;

	print_inert(stdout, a->id);
	if (a->title) {
		fputs("  ", stdout);
		print_inert(stdout, a->title);
	}
	fputc('\n', stdout);
	print_inertf(stdout, "  %s %s, %s mode", a->pack_id, a->pack_version, a->exam ? "exam" : "coach");
	if (a->due) {
		long d = days_until(a->due);
		print_inertf(stdout, ", due %s (%s", a->due, d < 0 ? "overdue by " : d == 0 ? "today" : "in ");
		if (d)
			printf("%ld %s", d < 0 ? -d : d, (d == 1 || d == -1) ? "day" : "days");
		fputc(')', stdout);
	}
	if (a->trainer) {
		fputs(", from ", stdout);
		print_inert(stdout, a->trainer);
	}
	pass_rules_describe(&a->pass, &rules);
	printf("\n  To pass: %s\n", rules.buf);
	for (size_t i = 0; i < a->nscenarios; i++) {
		struct scen_status s;
		status_of(a, a->scenarios[i], at, n, &s);
		passed += s.passed;
		print_inertf(stdout, "  %-28s %s", a->scenarios[i], s.passed ? "passed " : s.attempts ? "not yet" : "to do");
		if (s.attempts) {
			printf("  %d %s", s.attempts, s.attempts == 1 ? "attempt" : "attempts");
			if (s.best >= 0)
				printf(", best %d", s.best);
			if (!s.passed && s.why[0])
				print_inertf(stdout, " (%s)", s.why);
		}
		fputc('\n', stdout);
	}
	printf("  %zu of %zu passed\n", passed, a->nscenarios);
	strbuf_release(&rules);
}

static void json_assignment(struct json *j, const struct assignment_entry *e, const struct assignment_attempt *at,
			    size_t n)
{
	const struct assignment *a = &e->a;
	struct strbuf rules = {0};

	json_object_begin(j);
	json_kv_string(j, "id", a->id);
	json_kv_string(j, "title", a->title);
	json_kv_string(j, "pack", a->pack_id);
	json_kv_string(j, "pack_version", a->pack_version);
	json_kv_string(j, "mode", a->exam ? "exam" : "coach");
	json_kv_string(j, "due", a->due);
	json_key(j, "days_left");
	if (a->due)
		json_int(j, days_until(a->due));
	else
		json_null(j);
	json_kv_string(j, "trainer", a->trainer);
	pass_rules_format(&a->pass, &rules);
	json_kv_string(j, "pass", rules.buf);
	json_key(j, "scenarios");
	json_array_begin(j);
	for (size_t i = 0; i < a->nscenarios; i++) {
		struct scen_status s;
		status_of(a, a->scenarios[i], at, n, &s);
		json_object_begin(j);
		json_kv_string(j, "scenario", a->scenarios[i]);
		json_kv_int(j, "attempts", s.attempts);
		json_key(j, "best");
		if (s.best >= 0)
			json_int(j, s.best);
		else
			json_null(j);
		json_kv_bool(j, "passed", s.passed);
		json_kv_string(j, "last", s.last);
		json_kv_string(j, "why_not", s.passed || !s.why[0] ? NULL : s.why);
		json_object_end(j);
	}
	json_array_end(j);
	json_object_end(j);
	strbuf_release(&rules);
}

COMMAND(assignments)
{
	static const struct option longopts[] = { { "json", no_argument, NULL, 'j' }, { NULL, 0, NULL, 0 } };
	struct assignment_entry *list;
	struct error err = {0};
	struct store *st;
	struct json j;
	size_t n;
	bool as_json = false;
	int opt, rc;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt != 'j') {
			print_inertf(stderr, "micoach: assignments: unknown option '%s'\n", argv[optind - 1]);
			return command_usage("assignments");
		}
		as_json = true;
	}
	if (optind < argc) {
		fprintf(stderr, "micoach: assignments takes no arguments\n");
		return command_usage("assignments");
	}
	if ((rc = app_store(app, &st)))
		return rc;
	if (store_assignment_list(st, &list, &n, &err))
		return app_fail(&err);
	if (as_json) {
		json_init(&j, stdout, true);
		json_object_begin(&j);
		json_kv_string(&j, "user", app->user);
		json_key(&j, "assignments");
		json_array_begin(&j);
	} else if (!n) {
		puts("No assignments. A trainer's assignment file is added with: micoach assignment add FILE");
	}
	for (size_t i = 0; i < n; i++) {
		struct assignment_attempt *at;
		size_t nat;
		if (store_assignment_attempts(st, list[i].id, app->user, &at, &nat, &err)) {
			store_assignments_free(list, n);
			return app_fail(&err);
		}
		if (as_json) {
			json_assignment(&j, &list[i], at, nat);
		} else {
			if (i)
				fputc('\n', stdout);
			print_assignment(&list[i], at, nat);
		}
		store_attempts_free(at, nat);
	}
	if (as_json) {
		json_array_end(&j);
		json_object_end(&j);
		json_newline(&j);
	} else if (n) {
		puts("\nPractise with: micoach practice SCENARIO --assignment ID");
	}
	store_assignments_free(list, n);
	return fflush(stdout) == 0 ? 0 : EXIT_IOERR;
}
