/* cmd/report.c: `micoach report --assignment ID [--csv|--json|--html]
 * [-o FILE]`: the cohort for one assignment: the roster and where each
 * trainee stands, honest scores, the MITI summary, the replies to look at.
 * Reads the trainer's database, with trainees' results merged by `micoach
 * import`.
 *
 * Three steps: report_parse() reads the options, report_load() (app/report.h)
 * turns the assignment's sessions into the cohort model (core/cohort.h),
 * and one renderer a format writes it (renderers[]; a new format is a new
 * entry there). With -o the file is written whole or not at all, private
 * (0600): it holds trainees' words and scores. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/report.h"
#include "core/util.h"
#include "io/file.h"
#include "io/print.h"

enum report_format { REPORT_TEXT, REPORT_CSV, REPORT_JSON, REPORT_HTML, REPORT_FORMAT_COUNT };

struct report_opts {
	const char *assignment;      /* the assignment's id */
	enum report_format format;
	const char *output;          /* -o FILE; NULL or "-": standard output */
};

static void (*const renderers[REPORT_FORMAT_COUNT])(const struct report *, FILE *) = {
	[REPORT_TEXT] = report_render_text,
	[REPORT_CSV] = report_render_csv,
	[REPORT_JSON] = report_render_json,
	[REPORT_HTML] = report_render_html,
};

/* 0, or the exit status of a usage error (already reported). */
static int report_parse(int argc, char **argv, struct report_opts *o)
{
	enum { OPT_ASSIGNMENT = 1, OPT_CSV, OPT_JSON, OPT_HTML };
	static const struct option longopts[] = {
		{ "assignment", required_argument, NULL, OPT_ASSIGNMENT },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "html", no_argument, NULL, OPT_HTML },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	int formats = 0, opt;

	memset(o, 0, sizeof *o);
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_ASSIGNMENT:
			o->assignment = optarg;
			break;
		case OPT_CSV:
			o->format = REPORT_CSV, formats++;
			break;
		case OPT_JSON:
			o->format = REPORT_JSON, formats++;
			break;
		case OPT_HTML:
			o->format = REPORT_HTML, formats++;
			break;
		case 'o':
			o->output = optarg;
			break;
		default:
			print_inertf(stderr, "micoach: report: unknown option or missing value '%s'\n", argv[optind - 1]);
			return command_usage("report");
		}
	}
	if (!o->assignment || optind < argc || formats > 1) {
		fprintf(stderr, "micoach: report needs --assignment ID (and at most one of --csv, --json, --html)\n");
		return command_usage("report");
	}
	return 0;
}

struct render_job {
	const struct report *r;
	enum report_format format;
};

static int render_to(FILE *out, void *arg, struct error *err)
{
	const struct render_job *job = arg;

	(void)err;
	renderers[job->format](job->r, out);
	return 0;
}

COMMAND(report)
{
	struct report_opts o;
	struct report r;
	struct error err = {0};
	const struct catalog *cat;
	struct store *st;
	int rc;

	if ((rc = report_parse(argc, argv, &o)))
		return rc;
	if ((rc = app_store(app, &st)))
		return rc;
	/* The catalog gives change talk where the scenarios label it; a report
	 * is still made without it (app_catalog has said what is wrong). */
	if (app_catalog(app, &cat))
		cat = NULL;
	if (report_load(st, cat, o.assignment, &r, &err))
		return app_fail(&err);
	if (o.output && strcmp(o.output, "-")) {
		struct render_job job = { &r, o.format };
		if (file_write_atomic(o.output, 0600, render_to, &job, &err)) {
			report_release(&r);
			return app_fail(&err);
		}
		print_inertf(stderr, "Wrote the report of assignment %s (%zu %s) to %s.\n", r.a.id, r.cohort.ntrainees,
			     r.cohort.ntrainees == 1 ? "trainee" : "trainees", o.output);
		report_release(&r);
		return 0;
	}
	renderers[o.format](&r, stdout);
	report_release(&r);
	return fflush(stdout) == 0 ? 0 : EXIT_IOERR;
}
