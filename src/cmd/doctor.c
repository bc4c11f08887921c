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
#include "store/store_pg.h"
#include "store/store.h"
#include "io/paths.h"
#include "io/print.h"
#include "io/recovery.h"
#include "store/salvage.h"
#include "core/util.h"
#include "yaml/pack_staging.h"

/* Append path as one shell word ('...', a ' inside written '\''), made inert. */
static void add_quoted(struct strbuf *sb, const char *path)
{
	struct strbuf q = {0};

	strbuf_adds(&q, "'");
	for (const char *p = path; *p; p++) {
		if (*p == '\'')
			strbuf_adds(&q, "'\\''");
		else
			strbuf_add(&q, p, 1);
	}
	strbuf_adds(&q, "'");
	strbuf_add_inert(sb, q.buf);
	strbuf_release(&q);
}

/* Append fmt with each "%s" replaced by the path as a quoted shell word. */
static void say(struct strbuf *sb, const char *fmt, const char *path)
{
	const char *p;

	while ((p = strstr(fmt, "%s"))) {
		strbuf_add(sb, fmt, (size_t)(p - fmt));
		add_quoted(sb, path);
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
		say(sb, "  1. Copy what can be read into a new database:  micoach --db %s doctor --recover\n", path);
		say(sb, "     (it writes %s.recovered and leaves the damaged file as it is)\n", path);
		strbuf_adds(sb, "  2. It compares the copy with what the damaged file still shows, table by table;\n"
			    "     when the copy holds everything, it says how to put it in the damaged file's place.\n");
		say(sb, "  3. Look at it:  micoach --db %s.recovered history\n", path);
		strbuf_adds(sb, "  Or start afresh: move the file aside and micoach makes a new one.\n");
		break;
	case EXIT_IOERR:
		say(sb, "  Check that you may read and write the file and its directory:  ls -ld %s\n", path);
		strbuf_adds(sb, "  and that the disk is not full:  df -h .\n"
			    "  A read-only copy can be reviewed after copying it somewhere writable.\n");
		break;
	default:
		strbuf_adds(sb, "  Run the command again; if it keeps failing, report it with the message above.\n");
	}
}

/* Where sessions the database refused wait (recovery.h: every place one
 * may be written), and how many do, each named. */
static void recovery_note(struct strbuf *sb)
{
	char **pending = NULL, *dirs[RECOVERY_DIRS_MAX];
	size_t n = recovery_list_pending(&pending), nd = recovery_dirs(dirs);

	if (n) {
		strbuf_addf(sb, "Recovery files: %zu practice session%s saved while the database refused %s:\n", n,
			    n == 1 ? "" : "s", n == 1 ? "it" : "them");
		for (size_t i = 0; i < n; i++) {
			strbuf_adds(sb, "  ");
			strbuf_add_inert(sb, pending[i]);
			if (nd && strncmp(pending[i], dirs[0], strlen(dirs[0])))
				strbuf_adds(sb, "  (a temporary directory: a reboot may empty it)");
			strbuf_adds(sb, "\n");
		}
		strbuf_adds(sb, "  import them with:  micoach recover  (each names the database it was meant for)\n");
	} else if (nd) {
		strbuf_adds(sb, "Recovery files: none waiting (they would be in ");
		for (size_t i = 0; i < nd; i++) {
			strbuf_adds(sb, i == 0 ? "" : i + 1 == nd ? " or " : ", ");
			strbuf_add_inert(sb, dirs[i]);
		}
		strbuf_adds(sb, ").\n");
	}
	for (size_t i = 0; i < n; i++)
		free(pending[i]);
	free(pending);
	for (size_t i = 0; i < nd; i++)
		free(dirs[i]);
}

/* Copies a killed `pack install` left in the scenario directory go. */
static void staging_note(struct strbuf *sb)
{
	char *home = paths_data_home(), *dir;
	long n;

	if (!home)
		return;
	dir = xasprintf("%s/scenarios", home);
	if ((n = pack_staging_clean(dir)) > 0) {
		strbuf_addf(sb, "Packs: removed %ld half-installed cop%s that a killed 'micoach pack install' left in ", n,
			    n == 1 ? "y" : "ies");
		strbuf_add_inert(sb, dir);
		strbuf_adds(sb, ".\n");
	}
	free(dir);
	free(home);
}

/* What a table's rows belong to, for "left out: their ... was lost". */
static const char *parent_of(const char *table)
{
	static const char *const map[][2] = {
		{ "scenarios", "pack" }, { "sessions", "user or scenario" }, { "session_scores", "session" },
		{ "turns", "session" }, { "turn_codes", "turn" }, { "turn_cues", "turn" }, { "turn_meters", "turn" },
		{ "notes", "session" }, { "rescores", "session" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (!strcmp(map[i][0], table))
			return map[i][1];
	return "parent row";
}

/* The comparison: per table, what SQLite and the page reader found in the
 * damaged file, what the copy holds, and what it lacks. */
static void report_tables(struct strbuf *sb, const struct store_recovery *rep)
{
	const struct dbfile_stats *sc = &rep->scan;
	bool damaged = false;

	strbuf_adds(sb, "What the damaged file still shows, and what the copy holds:\n"
		    "  table            SQLite    pages     copy     lost\n");
	for (size_t i = 0; i < rep->ntables; i++) {
		const struct store_recovery_table *t = &rep->table[i];
		char sqlcol[32];
		if (rep->sql_opened)
			snprintf(sqlcol, sizeof sqlcol, "%lld%s", t->sql, t->sql_damaged ? "*" : "");
		else
			snprintf(sqlcol, sizeof sqlcol, "-");
		damaged |= rep->sql_opened && t->sql_damaged;
		strbuf_addf(sb, "  %-15s %7s %8lld %8lld %8lld\n", t->name, sqlcol, t->pages, t->copied,
			    t->dropped + t->refused);
	}
	if (!rep->sql_opened)
		strbuf_adds(sb, "  (SQLite cannot open the damaged file at all; every row came from its pages.)\n");
	if (damaged)
		strbuf_adds(sb, "  * SQLite's reading stopped at damaged pages in this table.\n");
	strbuf_addf(sb, "  Pages read: %u of %u bytes", sc->pages, sc->page_size);
	if (!sc->header_ok)
		strbuf_adds(sb, " (the file's header is damaged: the page size is a guess)");
	strbuf_addf(sb, "; %u reached from their table's root", sc->tree_pages);
	if (sc->shape_pages)
		strbuf_addf(sb, ", %u below a damaged page placed by the shape of their rows", sc->shape_pages);
	if (sc->damaged_pages)
		strbuf_addf(sb, "; %u damaged", sc->damaged_pages);
	if (sc->unplaced_pages)
		strbuf_addf(sb, "; %u whose rows fit no table", sc->unplaced_pages);
	if (sc->bad_cells)
		strbuf_addf(sb, "; %lld unreadable rows", sc->bad_cells);
	if (sc->wal_frames)
		strbuf_addf(sb, "; %u pages from its write-ahead log", sc->wal_frames);
	strbuf_adds(sb, ".\n");
}

static int recover(const char *damaged, const char *out)
{
	struct store_recovery rep;
	struct error err = {0};
	struct strbuf sb = {0};
	long long lost;
	int rc = 0;

	if (store_recover(damaged, out, &rep, &err))
		return app_fail(&err);
	say(&sb, "Recovered into %s; the damaged file is unchanged.\n", out);
	report_tables(&sb, &rep);
	for (size_t i = 0; i < rep.ntables; i++)
		if (rep.table[i].unlinked)
			strbuf_addf(&sb, "  %lld %s kept without a link to a row that was lost (a retried session, an "
				    "assignment, an import).\n", rep.table[i].unlinked, rep.table[i].name);
	if ((lost = store_recovery_lost(&rep)) > 0) {
		strbuf_addf(&sb, "The copy lacks %lld row%s the damaged file still shows:\n", lost, lost == 1 ? "" : "s");
		for (size_t i = 0; i < rep.ntables; i++) {
			const struct store_recovery_table *t = &rep.table[i];
			if (t->dropped)
				strbuf_addf(&sb, "  %s: %lld left out because their %s was lost\n", t->name, t->dropped,
					    parent_of(t->name));
			if (t->refused)
				strbuf_addf(&sb, "  %s: %lld refused as damaged (values the schema does not allow)\n",
					    t->name, t->refused);
		}
		say(&sb, "So do not put the copy in its place: keep %s as it is, since it still holds them.\n",
		    damaged);
		say(&sb, "The copy can be used meanwhile:  micoach --db %s history\n", out);
		strbuf_adds(&sb, "A backup, if there is one, may hold more.\n");
		rc = EXIT_DATAERR;
	} else {
		strbuf_adds(&sb, "The copy holds every row the damaged file still shows.\n");
		say(&sb, "Look at it (micoach --db %s history), then put it in place:\n", out);
		char *aside = xasprintf("%s.damaged", damaged);
		say(&sb, "  mv %s ", damaged);
		say(&sb, "%s && ", aside);
		say(&sb, "mv %s ", out);
		say(&sb, "%s\n", damaged);
		free(aside);
	}
	fputs(sb.buf, stdout);
	strbuf_release(&sb);
	return fflush(stdout) == 0 ? rc : EXIT_IOERR;
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
			print_inertf(stderr, "micoach: doctor: unknown option '%s'\n", argv[optind - 1]);
			return command_usage("doctor");
		}
	}
	if (optind < argc || (out && !do_recover)) {
		fprintf(stderr, "micoach: doctor: the database is --db; -o goes with --recover\n");
		return command_usage("doctor");
	}
	if (pg_uri_is(app->db_path)) {
		if (do_recover) {
			fprintf(stderr, "micoach: doctor --recover reads a damaged SQLite file; PostgreSQL keeps its own "
				"files whole (its administrator restores from pg_dump or a base backup)\n");
			return EXIT_USAGE;
		}
		rc = db_doctor(app, &sb);
		recovery_note(&sb);
		fputs(sb.buf, stdout);
		strbuf_release(&sb);
		return fflush(stdout) == 0 ? rc : EXIT_IOERR;
	}
	if (do_recover) {
		char *def = out ? NULL : xasprintf("%s.recovered", app->db_path);
		rc = recover(app->db_path, out ? out : def);
		free(def);
		return rc;
	}
	strbuf_adds(&sb, "Database: ");
	strbuf_add_inert(&sb, app->db_path);
	strbuf_adds(&sb, "\n");
	if (stat(app->db_path, &sbuf) != 0) {
		strbuf_adds(&sb, "  There is no database here yet: the first practice session creates it.\n");
		staging_note(&sb);
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
	staging_note(&sb);
	fputs(sb.buf, stdout);
	strbuf_release(&sb);
	if (fflush(stdout) != 0 && rc == 0)
		rc = EXIT_IOERR;
	return rc;
}
