/* cmd/export.c: `micoach export [--format json|csv] [--table turns|sessions]
 * [filters] [-o FILE]`: sessions and their turns with the stable fields of
 * docs/export-format.md, for spreadsheets and scripts. A file named with -o
 * is written whole or not at all (a temporary file renamed), mode 0600.
 * With --assignment or --notes it writes a trainer's result or notes file
 * instead (results.c). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "io/results.h"
#include "app/review.h"
#include "io/clock.h"

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
		struct stored_session ss;
		if (store_load_session(st, sl->items[i].id, &ss, err))
			return -1;
		json_object_begin(&j);
		review_session_fields_json(&j, &ss.info);
		json_key(&j, "turns");
		json_array_begin(&j);
		for (size_t t = 0; t < ss.nturns; t++)
			review_turn_json(&j, &ss.turns[t]);
		json_array_end(&j);
		json_object_end(&j);
		stored_session_release(&ss);
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
		struct stored_session ss;
		if (store_load_session(st, sl->items[i].id, &ss, err))
			return -1;
		for (size_t t = 0; t < ss.nturns; t++)
			review_turn_csv(&c, &ss.info, &ss.turns[t]);
		stored_session_release(&ss);
	}
	return 0;
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
	char *tmp = NULL;
	FILE *out = stdout;
	int opt, rc;

	/* A trainee's result file or a trainer's notes file: results.c. */
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
				fprintf(stderr, "micoach: export: unknown option or missing value '%s'\n", argv[optind - 1]);
			return rc < 0 ? EXIT_USAGE : command_usage("export");
		}
	}
	if (optind < argc) {
		fprintf(stderr, "micoach: export: unexpected argument '%s'\n", argv[optind]);
		return command_usage("export");
	}
	if (strcmp(format, "json") && strcmp(format, "csv")) {
		fprintf(stderr, "micoach: export: --format is json or csv, not '%s'\n", format);
		return EXIT_USAGE;
	}
	if (strcmp(table, "turns") && strcmp(table, "sessions")) {
		fprintf(stderr, "micoach: export: --table is turns or sessions, not '%s'\n", table);
		return EXIT_USAGE;
	}
	if (!o.all_users)
		o.f.user = app->user;
	o.f.oldest_first = true;
	if ((rc = app_store(app, &st)))
		return rc;
	if (store_list_sessions(st, &o.f, &sl, &err))
		return app_fail(&err);
	if (outpath) {
		int fd;
		tmp = xasprintf("%s.tmp.%ld", outpath, (long)getpid());
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 || !(out = fdopen(fd, "w"))) {
			error_set(&err, EXIT_IOERR, "%s: cannot write: %s", outpath, strerror(errno));
			if (fd >= 0)
				close(fd);
			free(tmp);
			session_list_release(&sl);
			return app_fail(&err);
		}
	}
	if (!strcmp(format, "json"))
		rc = export_json(st, &sl, app->user, o.all_users, out, &err);
	else
		rc = export_csv(st, &sl, !strcmp(table, "sessions"), out, &err);
	session_list_release(&sl);
	if (rc == 0 && (fflush(out) != 0 || ferror(out)))
		rc = error_set(&err, EXIT_IOERR, "%s: cannot write: %s", outpath ? outpath : "standard output",
			       strerror(errno));
	if (outpath) {
		if (fclose(out) != 0 && rc == 0)
			rc = error_set(&err, EXIT_IOERR, "%s: cannot write: %s", outpath, strerror(errno));
		if (rc == 0 && rename(tmp, outpath) != 0)
			rc = error_set(&err, EXIT_IOERR, "%s: cannot write: %s", outpath, strerror(errno));
		if (rc != 0)
			unlink(tmp);
		free(tmp);
	}
	return rc ? app_fail(&err) : 0;
}
