/* cmd/recover.c: `micoach recover [--keep] [FILE...]`: import practice
 * sessions that were saved to recovery files because the database refused
 * them (locked, read-only, full). With no FILE, every pending recovery file
 * in $XDG_DATA_HOME/micoach/recovery that was meant for this database.
 * Importing is idempotent; an imported file is renamed FILE.imported unless
 * --keep. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "io/print.h"
#include "core/util.h"
#include "io/recovery.h"
#include "store/store_recovered.h"

/* Do two paths name the same file (or the same file to be)? */
static bool same_db(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	if (!a || !b)
		return false;
	if (realpath(a, ra) && realpath(b, rb))
		return !strcmp(ra, rb);
	return !strcmp(a, b);
}

/* Import one file. only_for: skip it (returning 0, *skipped) unless it was
 * meant for that database. */
static int recover_one(struct store *st, const char *path, bool keep, const char *only_for,
		       bool *skipped)
{
	struct recovery r;
	struct error err = {0};
	int64_t id;
	int added;
	bool created;

	*skipped = false;
	if (recovery_load(path, &r, &err))
		return app_fail(&err);
	if (only_for && !same_db(r.database, only_for)) {
		print_inert(stdout, path);
		fputs(": for another database (", stdout);
		print_inert(stdout, r.database ? r.database : "unknown");
		fputs("); import it with: micoach --db THAT-DATABASE recover FILE\n", stdout);
		recovery_release(&r);
		*skipped = true;
		return 0;
	}
	if (store_recover_session(st, &r.session, &id, &added, &created, &err)) {
		recovery_release(&r);
		return app_fail(&err);
	}
	print_inert(stdout, path);
	printf(": session %lld (", (long long)id);
	print_inert(stdout, r.session.info.scenario_id);
	printf(", %zu %s", r.session.nturns, r.session.nturns == 1 ? "turn" : "turns");
	if (r.session.info.outcome) {
		fputs(", ", stdout);
		print_inert(stdout, r.session.info.outcome);
	}
	if (added || created)
		printf("): %s, %d %s added\n", created ? "added" : "completed", added, added == 1 ? "turn" : "turns");
	else
		fputs("): already in the database, nothing to add\n", stdout);
	if (!only_for && r.database && !same_db(r.database, store_path(st))) {
		fputs("  (the file was meant for ", stdout);
		print_inert(stdout, r.database);
		fputs(")\n", stdout);
	}
	recovery_release(&r);
	if (!keep && recovery_mark_imported(path) != 0) {
		fprintf(stderr, "micoach: cannot rename ");
		print_inert(stderr, path);
		fprintf(stderr, ": %s (it is imported; importing it again changes nothing)\n", strerror(errno));
	}
	return 0;
}

COMMAND(recover)
{
	static const struct option opts[] = {
		{ "keep", no_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	struct store *st;
	bool keep = false, skipped;
	int c, rc = 0, r, done = 0;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'k') {
			keep = true;
		} else {
			print_inertf(stderr, "micoach: recover: unknown option '%s'\n", argv[optind - 1]);
			return command_usage("recover");
		}
	}
	if ((rc = app_store(app, &st)))
		return rc;
	if (optind < argc) {
		for (int i = optind; i < argc; i++)
			if ((r = recover_one(st, argv[i], keep, NULL, &skipped)) && !rc)
				rc = r;
		return rc;
	}
	/* No FILE: the pending files in the recovery directory. */
	char **names = NULL, *dirs[RECOVERY_DIRS_MAX];
	size_t n = recovery_list_pending(&names), nd = recovery_dirs(dirs);

	for (size_t i = 0; i < n; i++) {
		if ((r = recover_one(st, names[i], keep, store_path(st), &skipped)) && !rc)
			rc = r;
		done += !r && !skipped;
		free(names[i]);
	}
	free(names);
	if (!done && !rc) {
		fputs(n ? "None of the recovery files is for this database" : "No recovery files waiting", stdout);
		for (size_t i = 0; i < nd; i++) {
			fputs(i == 0 ? " in " : i + 1 == nd ? " or " : ", ", stdout);
			print_inert(stdout, dirs[i]);
		}
		fputs(".\n", stdout);
	}
	for (size_t i = 0; i < nd; i++)
		free(dirs[i]);
	return rc;
}
