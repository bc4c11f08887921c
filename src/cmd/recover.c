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
#include <sys/stat.h>

#include "app/app.h"
#include "io/recovery.h"
#include "store/store_recovered.h"
#include "core/util.h"

static void put_inert(FILE *out, const char *s)
{
	struct strbuf sb = {0};

	strbuf_add_inert(&sb, s ? s : "");
	fputs(sb.buf, out);
	strbuf_release(&sb);
}

/* The whole file, at most max bytes; NULL with err. */
static char *file_slurp(const char *path, size_t max, size_t *len, struct error *err)
{
	struct stat sb;
	struct strbuf buf = {0};
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f) {
		error_set(err, errno == ENOENT ? EXIT_NOINPUT : EXIT_IOERR, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		error_set(err, EXIT_DATAERR, "%s: not a regular file", path);
		fclose(f);
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (buf.len + n > max) {
			error_set(err, EXIT_DATAERR, "%s: too large for a recovery file (more than %zu bytes)", path, max);
			fclose(f);
			strbuf_release(&buf);
			return NULL;
		}
		strbuf_add(&buf, chunk, n);
	}
	if (ferror(f)) {
		error_set(err, EXIT_IOERR, "%s: %s", path, strerror(errno));
		fclose(f);
		strbuf_release(&buf);
		return NULL;
	}
	fclose(f);
	*len = buf.len;
	return strbuf_detach(&buf);
}

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
static int recover_one(struct app *app, struct store *st, const char *path, bool keep, const char *only_for,
		       bool *skipped)
{
	struct recovery r;
	struct error err = {0};
	size_t len = 0;
	char *buf = file_slurp(path, RECOVERY_FILE_MAX, &len, &err);
	int64_t id;
	int added;
	bool created;

	*skipped = false;
	if (!buf)
		return app_fail(&err);
	if (recovery_read(buf, len, path, &r, &err)) {
		free(buf);
		return app_fail(&err);
	}
	free(buf);
	if (only_for && !same_db(r.database, only_for)) {
		put_inert(stdout, path);
		fputs(": for another database (", stdout);
		put_inert(stdout, r.database ? r.database : "unknown");
		fputs("); import it with: micoach --db THAT-DATABASE recover FILE\n", stdout);
		recovery_release(&r);
		*skipped = true;
		return 0;
	}
	if (store_recover_session(st, &r.session, &id, &added, &created, &err)) {
		recovery_release(&r);
		return app_fail(&err);
	}
	put_inert(stdout, path);
	printf(": session %lld (", (long long)id);
	put_inert(stdout, r.session.info.scenario_id);
	printf(", %zu %s", r.session.nturns, r.session.nturns == 1 ? "turn" : "turns");
	if (r.session.info.outcome) {
		fputs(", ", stdout);
		put_inert(stdout, r.session.info.outcome);
	}
	if (added || created)
		printf("): %s, %d %s added\n", created ? "added" : "completed", added, added == 1 ? "turn" : "turns");
	else
		fputs("): already in the database, nothing to add\n", stdout);
	if (!only_for && r.database && !same_db(r.database, app->db_path)) {
		fputs("  (the file was meant for ", stdout);
		put_inert(stdout, r.database);
		fputs(")\n", stdout);
	}
	recovery_release(&r);
	if (!keep) {
		char *done = xasprintf("%s.imported", path);
		if (rename(path, done) != 0) {
			fprintf(stderr, "micoach: cannot rename ");
			put_inert(stderr, path);
			fprintf(stderr, ": %s (it is imported; importing it again changes nothing)\n", strerror(errno));
		}
		free(done);
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
			fprintf(stderr, "micoach: recover: unknown option '%s'\n", argv[optind - 1]);
			return command_usage("recover");
		}
	}
	if ((rc = app_store(app, &st)))
		return rc;
	if (optind < argc) {
		for (int i = optind; i < argc; i++)
			if ((r = recover_one(app, st, argv[i], keep, NULL, &skipped)) && !rc)
				rc = r;
		return rc;
	}
	/* No FILE: the pending files in the recovery directory. */
	char *dir = recovery_dir_default();
	char **names = NULL;
	size_t n = recovery_list_pending(&names);

	for (size_t i = 0; i < n; i++) {
		if ((r = recover_one(app, st, names[i], keep, app->db_path, &skipped)) && !rc)
			rc = r;
		done += !r && !skipped;
		free(names[i]);
	}
	free(names);
	if (!done && !rc) {
		fputs(n ? "None of the recovery files is for this database" : "No recovery files waiting", stdout);
		if (dir) {
			fputs(" in ", stdout);
			put_inert(stdout, dir);
		}
		fputs(".\n", stdout);
	}
	free(dir);
	return rc;
}
