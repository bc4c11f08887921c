/* cmd/doctor.c: `micoach doctor`: check the database (can it be opened and
 * written, is it from this micoach, does it pass SQLite's integrity and
 * foreign-key checks), say what it holds, and when something is wrong, how
 * to recover, step by step. Exits with the problem's status (0 when healthy).
 * `--recover [-o NEW]` copies what can be read into a new database. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/app.h"
#include "store/store.h"
#include "io/recovery.h"
#include "core/util.h"

/* Append fmt with each "%s" replaced by the path, made inert. */
static void say(struct strbuf *sb, const char *fmt, const char *path)
{
	const char *p;

	while ((p = strstr(fmt, "%s"))) {
		strbuf_add(sb, fmt, (size_t)(p - fmt));
		strbuf_add_inert(sb, path);
		fmt = p + 2;
	}
	strbuf_adds(sb, fmt);
}

static void advise(struct strbuf *sb, const struct error *err, const char *path)
{
	strbuf_adds(sb, "How to recover:\n");
	switch (err->status) {
	case EXIT_TEMPFAIL:
		strbuf_adds(sb, "  Another program is writing to the database. Finish or close the other micoach\n"
			    "  sessions (or the program that holds it), then run 'micoach doctor' again.\n"
			    "  Nothing is lost: every answered turn was saved when it was answered.\n");
		break;
	case EXIT_DATAERR:
		if (strstr(err->msg, "newer micoach")) {
			strbuf_adds(sb, "  This database was written by a newer micoach, and this one will not touch it.\n"
				    "  Use that micoach (or a newer one), or name another database with --db.\n");
			break;
		}
		say(sb, "  1. Copy what can be read into a new database:  micoach --db '%s' doctor --recover\n", path);
		say(sb, "     (it writes '%s.recovered' and leaves the damaged file as it is)\n", path);
		say(sb, "  2. Look at it:  micoach --db '%s.recovered' history\n", path);
		say(sb, "  3. Keep the damaged file and put the new one in its place:\n"
		    "     mv '%s' '%s.damaged' && mv '%s.recovered' '%s'\n", path);
		strbuf_adds(sb, "  Or start afresh: move the file aside and micoach makes a new one.\n");
		break;
	case EXIT_IOERR:
		say(sb, "  Check that you may read and write the file and its directory:  ls -ld '%s'\n", path);
		strbuf_adds(sb, "  and that the disk is not full:  df -h .\n"
			    "  A read-only copy can be reviewed after copying it somewhere writable.\n");
		break;
	default:
		strbuf_adds(sb, "  Run the command again; if it keeps failing, report it with the message above.\n");
	}
}

/* Where sessions the database refused wait (recovery.h), and how many do. */
static void recovery_note(struct strbuf *sb)
{
	char **pending = NULL;
	size_t n = recovery_list_pending(&pending);
	char *dir = recovery_dir_default();

	if (n) {
		strbuf_addf(sb, "Recovery files: %zu practice session%s saved while the database refused %s, in ", n,
			    n == 1 ? "" : "s", n == 1 ? "it" : "them");
		strbuf_add_inert(sb, dir);
		strbuf_adds(sb, ";\n  import them with:  micoach recover  (each names the database it was meant for)\n");
	} else if (dir) {
		strbuf_adds(sb, "Recovery files: none waiting (they would be in ");
		strbuf_add_inert(sb, dir);
		strbuf_adds(sb, ").\n");
	}
	for (size_t i = 0; i < n; i++)
		free(pending[i]);
	free(pending);
	free(dir);
}

static int recover(const char *damaged, const char *out)
{
	struct store_recovery rep;
	struct error err = {0};
	struct strbuf sb = {0};

	if (store_recover(damaged, out, &rep, &err))
		return app_fail(&err);
	say(&sb, "Recovered into %s:\n", out);
	strbuf_addf(&sb, "  %lld rows copied", rep.rows);
	if (rep.skipped)
		strbuf_addf(&sb, "; %lld unreadable stretch%s skipped", rep.skipped, rep.skipped == 1 ? "" : "es");
	if (rep.lost_tables)
		strbuf_addf(&sb, "; %lld table%s unreadable", rep.lost_tables, rep.lost_tables == 1 ? "" : "s");
	if (rep.orphans)
		strbuf_addf(&sb, "; %lld rows dropped or unlinked whose parent was lost", rep.orphans);
	strbuf_adds(&sb, ".\n");
	say(&sb, "Look at it (micoach --db '%s' history), then put it in place:\n", out);
	strbuf_adds(&sb, "  mv '");
	strbuf_add_inert(&sb, damaged);
	strbuf_adds(&sb, "' '");
	strbuf_add_inert(&sb, damaged);
	strbuf_adds(&sb, ".damaged' && mv '");
	strbuf_add_inert(&sb, out);
	strbuf_adds(&sb, "' '");
	strbuf_add_inert(&sb, damaged);
	strbuf_adds(&sb, "'\n");
	fputs(sb.buf, stdout);
	strbuf_release(&sb);
	return fflush(stdout) == 0 ? 0 : EXIT_IOERR;
}

COMMAND(doctor)
{
	enum { OPT_RECOVER = 1 };
	static const struct option longopts[] = {
		{ "recover", no_argument, NULL, OPT_RECOVER },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct store *st = NULL;
	struct store_stats stats;
	struct error err = {0};
	struct strbuf sb = {0};
	struct stat sbuf;
	bool do_recover = false;
	const char *out = NULL;
	int rc = 0, opt;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		if (opt == OPT_RECOVER) {
			do_recover = true;
		} else if (opt == 'o') {
			out = optarg;
		} else {
			fprintf(stderr, "micoach: doctor: unknown option '%s'\n", argv[optind - 1]);
			return command_usage("doctor");
		}
	}
	if (optind < argc || (out && !do_recover)) {
		fprintf(stderr, "micoach: doctor: the database is --db; -o goes with --recover\n");
		return command_usage("doctor");
	}
	if (do_recover) {
		char *def = out ? NULL : xasprintf("%s.recovered", app->db_path);
		rc = recover(app->db_path, out ? out : def);
		free(def);
		return rc;
	}
	say(&sb, "Database: %s\n", app->db_path);
	if (stat(app->db_path, &sbuf) != 0) {
		strbuf_adds(&sb, "  There is no database here yet: the first practice session creates it.\n");
		fputs(sb.buf, stdout);
		strbuf_release(&sb);
		return EXIT_NOINPUT;
	}
	if (store_open(app->db_path, &st, &err) == 0 && store_stats(st, &stats, &err) == 0 &&
	    store_check(st, &err) == 0) {
		strbuf_addf(&sb, "  schema version %d (this micoach knows up to %d)\n", stats.schema_version,
			    store_schema_latest());
		strbuf_addf(&sb, "  %lld user%s, %lld session%s (%lld imported), %lld turns\n", stats.users,
			    stats.users == 1 ? "" : "s", stats.sessions, stats.sessions == 1 ? "" : "s",
			    stats.imported, stats.turns);
		if (stats.unfinished)
			strbuf_addf(&sb, "  %lld session%s never ended (cut off); their answered turns are kept\n",
				    stats.unfinished, stats.unfinished == 1 ? "" : "s");
		strbuf_adds(&sb, "  integrity check: ok; foreign keys: ok\nThe database is healthy.\n");
	} else {
		struct strbuf m = {0};
		strbuf_add_inert(&m, err.msg);
		strbuf_addf(&sb, "  Problem: %s\n", m.buf);
		strbuf_release(&m);
		advise(&sb, &err, app->db_path);
		rc = err.status ? err.status : EXIT_SOFTWARE;
	}
	store_close(st);
	recovery_note(&sb);
	fputs(sb.buf, stdout);
	strbuf_release(&sb);
	if (fflush(stdout) != 0 && rc == 0)
		rc = EXIT_IOERR;
	return rc;
}
