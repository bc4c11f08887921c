/* cmd/export.c: `micoach export [--format json|csv] [--table turns|sessions]
 * [filters] [-o FILE]`: sessions and their turns with the stable fields of
 * docs/export-format.md, for spreadsheets and scripts. A file named with -o
 * is written whole or not at all (io/file.h), mode 0600. With --assignment
 * or --notes it writes a trainer's result or notes file instead
 * (cmd/export_results.c). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "io/print.h"
#include "app/review.h"
#include "io/clock.h"
#include "io/file.h"

enum { OPT_FORMAT = 1, OPT_TABLE };

/* Shown in the JSON document; bump when a field changes meaning or goes. */
#define EXPORT_FORMAT_VERSION 1

static int export_json(struct store *st, const struct session_list *sl, const char *user,
		       bool all_users, FILE *out, struct error *err)
{
	struct json j;
	char now[32];

	iso_now(now, sizeof now);
	json_init(&j, out, true);
	json_object_begin(&j);
	json_kv_string(&j, "format", "micoach-export");
	json_kv_int(&j, "version", EXPORT_FORMAT_VERSION);
	json_kv_string(&j, "exported", now);
	json_kv_string(&j, "user", all_users ? NULL : user);
	json_key(&j, "sessions");
	json_array_begin(&j);
	for (size_t i = 0; i < sl->n; i++) {
		struct session ss;
		if (store_load_session(st, sl->items[i].id, &ss, err))
			return -1;
		review_export_session_json(&j, &ss);
		session_release(&ss);
	}
	json_array_end(&j);
	json_object_end(&j);
	json_newline(&j);
	return 0;
}

static int export_csv(struct store *st, const struct session_list *sl, bool sessions, FILE *out,
		      struct error *err)
{
	struct csv c;

	csv_init(&c, out);
	if (sessions) {
		review_session_csv_header(&c);
		for (size_t i = 0; i < sl->n; i++)
			review_session_csv(&c, &sl->items[i]);
		return 0;
	}
	review_turn_csv_header(&c);
	for (size_t i = 0; i < sl->n; i++) {
		struct session ss;
		if (store_load_session(st, sl->items[i].id, &ss, err))
			return -1;
		for (size_t t = 0; t < ss.nturns; t++)
			review_turn_csv(&c, &ss.info, &ss.turns[t]);
		session_release(&ss);
	}
	return 0;
}

/* What one export writes, for file_write_atomic. */
struct export_job {
	struct store *st;
	const struct session_list *sl;
	const struct app *app;
	bool all_users, json, sessions_table;
};

static int export_write(FILE *out, void *arg, struct error *err)
{
	const struct export_job *x = arg;

	if (x->json)
		return export_json(x->st, x->sl, x->app->user, x->all_users, out, err);
	return export_csv(x->st, x->sl, x->sessions_table, out, err);
}

COMMAND(export)
{
	static const struct option longopts[] = {
		REVIEW_FILTER_LONGOPTS,
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "table", required_argument, NULL, OPT_TABLE },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct review_filter_opts o = {0};
	struct session_list sl;
	struct store *st;
	struct error err = {0};
	const char *format = "json", *table = "turns", *outpath = NULL;
	int opt, rc;

	/* A trainee's result file or a trainer's notes file: export_results.c. */
	if (export_results_wanted(argc, argv))
		return cmd_export_results(app, argc, argv);
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		if (opt == OPT_FORMAT) {
			format = optarg;
		} else if (opt == OPT_TABLE) {
			table = optarg;
		} else if (opt == 'o') {
			outpath = optarg;
		} else if ((rc = review_filter_option(&o, opt, optarg, "export")) <= 0) {
			if (rc == 0)
				print_inertf(stderr, "micoach: export: unknown option or missing value '%s'\n", argv[optind - 1]);
			return rc < 0 ? EXIT_USAGE : command_usage("export");
		}
	}
	if (optind < argc) {
		print_inertf(stderr, "micoach: export: unexpected argument '%s'\n", argv[optind]);
		return command_usage("export");
	}
	if (strcmp(format, "json") && strcmp(format, "csv")) {
		print_inertf(stderr, "micoach: export: --format is json or csv, not '%s'\n", format);
		return EXIT_USAGE;
	}
	if (strcmp(table, "turns") && strcmp(table, "sessions")) {
		print_inertf(stderr, "micoach: export: --table is turns or sessions, not '%s'\n", table);
		return EXIT_USAGE;
	}
	if (!o.all_users)
		o.f.user = app->user;
	o.f.oldest_first = true;
	if ((rc = app_store(app, &st)))
		return rc;
	if (store_list_sessions(st, &o.f, &sl, &err))
		return app_fail(&err);
	struct export_job x = {
		.st = st, .sl = &sl, .app = app, .all_users = o.all_users,
		.json = !strcmp(format, "json"), .sessions_table = !strcmp(table, "sessions"),
	};
	if (outpath) {
		rc = file_write_atomic(outpath, 0600, export_write, &x, &err);
	} else {
		rc = export_write(stdout, &x, &err);
		if (rc == 0 && (fflush(stdout) != 0 || ferror(stdout)))
			rc = error_set(&err, EXIT_IOERR, "standard output: cannot write: %s", strerror(errno));
	}
	session_list_release(&sl);
	return rc ? app_fail(&err) : 0;
}
