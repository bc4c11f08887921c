/* cmd/db.c: `micoach db init [URI]`, `micoach db add-user NAME --role
 * trainee|trainer [--cohort C] [--password]`, `micoach db users`: setting up
 * an organisation's PostgreSQL store (docs/organisation.md). The database is
 * the URI given to init, else --db, else $MICOACH_DB, when it is a
 * postgresql:// or postgres:// URI; libpq's environment, ~/.pgpass and
 * PGSERVICE fill in the rest. Nothing printed ever shows the URI or a
 * password: the server is named as pg_store_name() gives it. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "app/app.h"
#include "core/util.h"
#include "io/print.h"
#include "store/store_pg.h"

enum { PASSWORD_MAX = 1000 };

/* The organisation's database: the argument, else --db, else $MICOACH_DB. */
static const char *db_uri(const struct app *app, const char *arg)
{
	const char *env = getenv("MICOACH_DB");

	if (arg)
		return arg;
	if (pg_uri_is(app->db_path))
		return app->db_path;
	return pg_uri_is(env) ? env : NULL;
}

static int db_connect(const struct app *app, const char *arg, const char *sub, struct pg_store **ps)
{
	const char *uri = db_uri(app, arg);
	struct error err = {0};

	if (!uri) {
		print_inertf(stderr, "micoach: db %s: name the organisation's database with --db postgresql://... "
			     "(or MICOACH_DB); see docs/organisation.md\n", sub);
		return EXIT_USAGE;
	}
	if (!pg_uri_is(uri)) {
		print_inertf(stderr, "micoach: db %s: not a PostgreSQL URI; it starts postgresql:// or postgres://\n", sub);
		return EXIT_USAGE;
	}
	if (pg_uri_has_password(uri))
		fprintf(stderr, "micoach: warning: the URI holds a password, which other users of this machine "
			"can see (ps); keep it in ~/.pgpass instead (docs/organisation.md)\n");
	if (pg_store_connect(uri, ps, &err))
		return app_fail(&err);
	return 0;
}

static int db_init(const struct app *app, int argc, char **argv)
{
	struct pg_store *ps;
	struct error err = {0};
	int rc, from, to;

	if (argc > 2) {
		fprintf(stderr, "micoach: db init takes one URI\n");
		return command_usage("db");
	}
	if ((rc = db_connect(app, argc == 2 ? argv[1] : NULL, "init", &ps)))
		return rc;
	if (pg_store_init(ps, &from, &to, &err)) {
		rc = app_fail(&err);
	} else if (from == to) {
		print_inertf(stdout, "%s: the micoach schema is at version %d, the newest this micoach knows; "
			     "nothing to do.\n", pg_store_name(ps), to);
	} else if (from == 0) {
		print_inertf(stdout, "Created the micoach schema (version %d) in %s, with the group roles "
			     "micoach_trainee and micoach_trainer.\n", to, pg_store_name(ps));
		fputs("Next: micoach db add-user NAME --role trainer --cohort COHORT (docs/organisation.md).\n", stdout);
	} else {
		print_inertf(stdout, "Migrated %s from schema version %d to %d.\n", pg_store_name(ps), from, to);
	}
	pg_store_close(ps);
	return rc ? rc : fflush(stdout) == 0 ? 0 : EXIT_IOERR;
}

/* One line of standard input, or from the terminal without echo (twice, to
 * be sure). NULL when there is none; the caller wipes and frees it. */
static char *read_password(const char *name)
{
	char *line = NULL, *again = NULL;
	size_t cap = 0, cap2 = 0;
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	ssize_t n;

	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		print_inertf(stderr, "Password for %s: ", name);
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	n = getline(&line, &cap, stdin);
	if (tty && n > 0) {
		fputs("\nAgain: ", stderr);
		if (getline(&again, &cap2, stdin) < 0 || strcmp(line, again)) {
			fputs("\nmicoach: db add-user: the passwords differ\n", stderr);
			n = -1;
		}
	}
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (again) {
		memset(again, 0, cap2);
		free(again);
	}
	if (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	if (n <= 0 || n > PASSWORD_MAX) {
		if (line)
			memset(line, 0, cap);
		free(line);
		return NULL;
	}
	return line;
}

static void say_added(struct pg_store *ps, const struct pg_user_add *u, const struct pg_user_added *a)
{
	if (a->created_role)
		print_inertf(stdout, "Created the login role %s.\n", u->name);
	else
		print_inertf(stdout, "The login role %s exists: micoach uses it as it is.\n", u->name);
	if (a->created_user)
		print_inertf(stdout, "%s is a %s in %s.\n", u->name, u->role, pg_store_name(ps));
	else if (strcmp(a->previous, u->role))
		print_inertf(stdout, "%s was a %s and is now a %s.\n", u->name, a->previous, u->role);
	else
		print_inertf(stdout, "%s is a %s already.\n", u->name, u->role);
	if (u->cohort)
		print_inertf(stdout, a->joined ? "%s joined the cohort %s.\n" : "%s is in the cohort %s already.\n",
			     u->name, u->cohort);
	if (u->password)
		print_inertf(stdout, "Set the password of %s.\n", u->name);
	else if (a->created_role)
		print_inertf(stdout, "%s has no password: set one with --password, or let it log in as your "
			     "server allows (peer, LDAP, certificates; docs/organisation.md).\n", u->name);
	if (a->bypasses_rls)
		print_inertf(stdout, "Note: %s is a superuser or has BYPASSRLS, so row-level security does not "
			     "bind it: it sees every session.\n", u->name);
	if (!a->can_login)
		print_inertf(stdout, "Note: %s cannot log in (NOLOGIN); ALTER ROLE ... LOGIN lets it.\n", u->name);
}

static int db_add_user(const struct app *app, int argc, char **argv)
{
	enum { OPT_ROLE = 1, OPT_COHORT, OPT_PASSWORD };
	static const struct option longopts[] = {
		{ "role", required_argument, NULL, OPT_ROLE },
		{ "cohort", required_argument, NULL, OPT_COHORT },
		{ "password", no_argument, NULL, OPT_PASSWORD },
		{ NULL, 0, NULL, 0 },
	};
	struct pg_user_add u = {0};
	struct pg_user_added added;
	struct error err = {0};
	struct pg_store *ps;
	char *password = NULL;
	bool want_password = false;
	int opt, rc;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_ROLE: u.role = optarg; break;
		case OPT_COHORT: u.cohort = optarg; break;
		case OPT_PASSWORD: want_password = true; break;
		default:
			print_inertf(stderr, "micoach: db add-user: unknown option or missing value '%s'\n", argv[optind - 1]);
			return command_usage("db");
		}
	}
	if (argc - optind != 1 || !u.role) {
		fprintf(stderr, "micoach: db add-user takes a name and --role trainee|trainer\n");
		return command_usage("db");
	}
	u.name = argv[optind];
	if (pg_user_add_check(&u, &err))
		return app_fail(&err);
	if (want_password && !(u.password = password = read_password(u.name))) {
		fprintf(stderr, "micoach: db add-user: --password reads the password from standard input "
			"(one line, 1 to %d bytes)\n", PASSWORD_MAX);
		return EXIT_USAGE;
	}
	if (!(rc = db_connect(app, NULL, "add-user", &ps))) {
		if (pg_store_add_user(ps, &u, &added, &err))
			rc = app_fail(&err);
		else
			say_added(ps, &u, &added);
		pg_store_close(ps);
	}
	if (password) {
		memset(password, 0, strlen(password));
		free(password);
	}
	return rc ? rc : fflush(stdout) == 0 ? 0 : EXIT_IOERR;
}

static int db_users(const struct app *app, int argc, char **argv)
{
	struct pg_store *ps;
	struct pg_user *users;
	struct error err = {0};
	size_t n;
	int rc;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "micoach: db users takes no argument\n");
		return command_usage("db");
	}
	if ((rc = db_connect(app, NULL, "users", &ps)))
		return rc;
	if (pg_store_users(ps, &users, &n, &err)) {
		rc = app_fail(&err);
	} else {
		for (size_t i = 0; i < n; i++) {
			const char *f[] = { users[i].name, users[i].role, *users[i].cohorts ? users[i].cohorts : "-",
					    users[i].created, users[i].bypasses_rls ? "sees everything (superuser or BYPASSRLS)"
					    : users[i].has_login ? "can log in" : "cannot log in" };
			for (size_t k = 0; k < ARRAY_SIZE(f); k++) {
				print_inert(stdout, f[k]);
				fputc(k + 1 < ARRAY_SIZE(f) ? '\t' : '\n', stdout);
			}
		}
		pg_users_free(users, n);
	}
	pg_store_close(ps);
	return rc ? rc : fflush(stdout) == 0 ? 0 : EXIT_IOERR;
}

/* What the role is and may do, in words. */
static void say_rights(struct strbuf *sb, const char *role, const struct pg_rights *r)
{
	strbuf_adds(sb, "  ");
	strbuf_add_inert(sb, role);
	if (r->owner)
		strbuf_adds(sb, " owns the micoach tables (the administrator): row-level security does not bind it");
	else if (r->bypasses_rls)
		strbuf_adds(sb, " is a superuser or has BYPASSRLS: row-level security does not bind it");
	else if (*r->role)
		strbuf_addf(sb, " is a %s", r->role);
	else
		strbuf_adds(sb, " is no micoach user here");
	if (*r->cohorts) {
		strbuf_adds(sb, r->trainer ? "; cohorts it trains or belongs to: " : "; cohorts: ");
		strbuf_add_inert(sb, r->cohorts);
	}
	strbuf_adds(sb, r->can_save ? "; it may save sessions\n" : "; it may not save sessions\n");
	strbuf_addf(sb, "  it sees %lld user%s, %lld session%s, %lld turn%s", r->users, r->users == 1 ? "" : "s",
		    r->sessions, r->sessions == 1 ? "" : "s", r->turns, r->turns == 1 ? "" : "s");
	if (r->unfinished)
		strbuf_addf(sb, " (%lld session%s never ended: their answered turns are kept)", r->unfinished,
			    r->unfinished == 1 ? "" : "s");
	strbuf_adds(sb, "\n");
}

int db_doctor(struct app *app, struct strbuf *sb)
{
	struct pg_store *ps;
	struct pg_rights r;
	struct error err = {0};
	int v = 0;

	if (pg_store_connect(app->db_path, &ps, &err) == 0 && pg_store_schema_version(ps, &v, &err) == 0) {
		strbuf_adds(sb, "Database: ");
		strbuf_add_inert(sb, pg_store_name(ps));
		strbuf_addf(sb, "\n  connected; schema version %d (this micoach knows up to %d)\n", v,
			    pg_store_schema_latest());
		if (pg_store_rights(ps, &r, &err) == 0) {
			say_rights(sb, pg_store_role(ps), &r);
			if (!r.owner && !r.bypasses_rls && (!*r.role || !r.can_save))
				error_set(&err, EXIT_IOERR, "%s: role %s %s; the administrator runs: micoach db add-user %s "
					  "--role trainee (docs/organisation.md)", pg_store_name(ps), pg_store_role(ps),
					  !*r.role ? "is no micoach user here" : "may not save sessions",
					  pg_store_role(ps));
			pg_rights_release(&r);
		}
	} else {
		strbuf_adds(sb, "Database: ");
		strbuf_add_inert(sb, ps ? pg_store_name(ps) : "the organisation's PostgreSQL store");
		strbuf_adds(sb, "\n");
	}
	pg_store_close(ps);
	if (err.status) {
		strbuf_adds(sb, "  Problem: ");
		strbuf_add_inert(sb, err.msg);
		strbuf_adds(sb, "\n");
		if (err.status == EXIT_TEMPFAIL)
			strbuf_adds(sb, "  Practice goes on without the server: answered turns wait in recovery files\n"
				    "  and are saved there when it is back (micoach recover, or the next start).\n");
		return err.status;
	}
	strbuf_adds(sb, "The database is healthy.\n");
	return 0;
}

COMMAND(db)
{
	if (argc < 2) {
		fprintf(stderr, "micoach: db needs init, add-user or users\n");
		return command_usage("db");
	}
	if (!strcmp(argv[1], "init"))
		return db_init(app, argc - 1, argv + 1);
	if (!strcmp(argv[1], "add-user"))
		return db_add_user(app, argc - 1, argv + 1);
	if (!strcmp(argv[1], "users"))
		return db_users(app, argc - 1, argv + 1);
	print_inertf(stderr, "micoach: db: '%s' is not init, add-user or users\n", argv[1]);
	return command_usage("db");
}
