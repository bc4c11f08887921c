/* cmd/export_results.c: `micoach export --assignment ID [-o FILE]`, a
 * trainee's result file for the trainer, and `micoach export --notes
 * --trainee NAME`, a trainer's notes file for a trainee (the formats are
 * io/results.c's). cmd/export.c hands these options over. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/util.h"
#include "io/file.h"
#include "io/print.h"
#include "io/results.h"
#include "store/store.h"
#include "store/store_trainer.h"
#include "io/clock.h"

bool export_results_wanted(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--notes") || !strcmp(argv[i], "--assignment") ||
		    !strncmp(argv[i], "--assignment=", 13))
			return true;
	return false;
}

/* A result file import cannot read (over RESULTS_FILE_MAX) is not written. */
static int write_results(FILE *out, void *arg, struct error *err)
{
	long size;

	if (results_write(out, arg, err))
		return -1;
	if ((size = ftell(out)) > RESULTS_FILE_MAX)
		return error_set(err, EXIT_DATAERR, "the result file would be %ld bytes, over the %d MiB that "
				 "'micoach import' reads; nothing written", size, RESULTS_FILE_MAX / (1024 * 1024));
	return 0;
}

/* Write r to path whole or not at all, mode 0600; "-" or NULL: standard
 * output. */
static int write_file(const char *path, struct results *r, struct error *err)
{
	int rc;

	if (path && strcmp(path, "-"))
		return file_write_atomic(path, 0600, write_results, r, err);
	rc = results_write(stdout, r, err);
	if (rc == 0 && fflush(stdout) != 0)
		rc = error_set(err, EXIT_IOERR, "cannot write to standard output: %s", strerror(errno));
	return rc;
}

static int export_sessions(struct app *app, struct store *st, const char *uid, const char *path)
{
	struct results r = { .kind = RESULTS_SESSIONS };
	struct session_filter f = { .user = app->user, .oldest_first = true };
	struct session_list sl = {0};
	struct error err = {0};
	char now[32];
	int64_t row;
	int rc = -1;

	if (store_assignment_get(st, uid, &r.assignment, &row, &err))
		return app_fail(&err);
	r.has_assignment = true;
	f.assignment = row;
	if (store_list_sessions(st, &f, &sl, &err))
		goto out;
	r.sessions = xcalloc(sl.n + 1, sizeof *r.sessions);
	for (size_t i = 0; i < sl.n; i++) {
		if (store_load_session(st, sl.items[i].id, &r.sessions[i], &err))
			goto out;
		r.nsessions++;
	}
	iso_now(now, sizeof now);
	r.from = xstrdup(app->user);
	r.exported = xstrdup(now);
	if (write_file(path, &r, &err))
		goto out;
	if (path && strcmp(path, "-"))
		print_inertf(stderr, "Wrote %zu %s of %s for assignment %s to %s (sha256 %.12s...).\n", r.nsessions,
			     r.nsessions == 1 ? "session" : "sessions", app->user, uid, path, r.checksum);
	rc = 0;
out:
	session_list_release(&sl);
	results_release(&r);
	return rc ? app_fail(&err) : 0;
}

static int export_notes(struct app *app, struct store *st, const char *uid, const char *trainee, const char *path)
{
	struct results r = { .kind = RESULTS_NOTES };
	struct error err = {0};
	char now[32];
	int64_t row = 0;
	int rc = -1;

	if (uid) {
		if (store_assignment_get(st, uid, &r.assignment, &row, &err))
			return app_fail(&err);
		r.has_assignment = true;
	}
	if (store_notes_list(st, row, trainee, &r.notes, &r.nnotes, &err))
		goto out;
	iso_now(now, sizeof now);
	r.from = xstrdup(app->user);
	r.exported = xstrdup(now);
	if (write_file(path, &r, &err))
		goto out;
	if (path && strcmp(path, "-"))
		print_inertf(stderr, "Wrote %zu %s for %s to %s.\n", r.nnotes, r.nnotes == 1 ? "note" : "notes", trainee,
			     path);
	rc = 0;
out:
	results_release(&r);
	return rc ? app_fail(&err) : 0;
}

COMMAND(export_results)
{
	enum { OPT_ASSIGNMENT = 1, OPT_NOTES, OPT_TRAINEE };
	static const struct option longopts[] = {
		{ "assignment", required_argument, NULL, OPT_ASSIGNMENT },
		{ "notes", no_argument, NULL, OPT_NOTES },
		{ "trainee", required_argument, NULL, OPT_TRAINEE },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *uid = NULL, *trainee = NULL, *path = NULL;
	bool notes = false;
	struct store *st;
	int opt, rc;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_ASSIGNMENT:
			uid = optarg;
			break;
		case OPT_NOTES:
			notes = true;
			break;
		case OPT_TRAINEE:
			trainee = optarg;
			break;
		case 'o':
			path = optarg;
			break;
		default:
			print_inertf(stderr, "micoach: export: with --assignment or --notes, the options are "
					     "--assignment ID, --notes, --trainee NAME and -o FILE ('%s' is not one)\n",
				     argv[optind - 1]);
			return command_usage("export");
		}
	}
	if (optind < argc) {
		print_inertf(stderr, "micoach: export: unexpected argument '%s'\n", argv[optind]);
		return command_usage("export");
	}
	if (notes && !trainee) {
		fprintf(stderr, "micoach: export --notes needs --trainee NAME: a notes file is for one trainee\n");
		return EXIT_USAGE;
	}
	if (!notes && trainee) {
		fprintf(stderr, "micoach: export: --trainee goes with --notes; a result file holds your own sessions\n");
		return EXIT_USAGE;
	}
	if ((rc = app_store(app, &st)))
		return rc;
	return notes ? export_notes(app, st, uid, trainee, path) : export_sessions(app, st, uid, path);
}
