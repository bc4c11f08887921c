/* main.c: global options, then a git-style subcommand (src/commands.c). */
#include <locale.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "io/print.h"
#include "store/store_pg.h"
#include "io/paths.h"
#include "core/limits.h"
#include "core/text.h"
#include "core/util.h"

#ifndef MICOACH_VERSION
#define MICOACH_VERSION "unknown"
#endif

static void print_help(FILE *out)
{
	fputs("usage: micoach [--db PATH] [--scenarios DIR]... [--user NAME] [COMMAND [ARGS]]\n"
	      "\n"
	      "Practise motivational interviewing with simulated clients who resist change.\n"
	      "With no command, opens the home screen (plain menu when not on a terminal).\n"
	      "\n"
	      "Commands:\n", out);
	for (size_t i = 0; command_at(i); i++)
		fprintf(out, "  %-12s %s\n", command_at(i)->name, command_at(i)->summary);
	fputs("\n"
	      "Global options (before the command, or after it unless the command has an\n"
	      "option of the same name, as 'assign --scenarios' has):\n"
	      "  --db PATH          the session database (default $MICOACH_DB, else\n"
	      "                     $XDG_DATA_HOME/micoach/micoach.db); postgresql://... is an\n"
	      "                     organisation's shared store (docs/organisation.md)\n"
	      "  --scenarios DIR    look for scenario packs in DIR (repeatable; default: the\n"
	      "                     bundled packs and $XDG_DATA_HOME/micoach/scenarios)\n"
	      "  --user NAME        whose sessions these are (default: the login name)\n"
	      "  -h, --help         this help; 'micoach help COMMAND' for one command\n"
	      "  -V, --version      print the version\n"
	      "\n"
	      "Exit status: 0 ok, 64 usage, 65 bad data, 66 missing input, 70 internal error,\n"
	      "74 I/O error, 75 database busy. See micoach(1).\n", out);
}

static int print_command_help(const char *name)
{
	const struct command *c = command_find(name);

	if (!c) {
		print_inertf(stderr, "micoach: '%s' is not a micoach command. See 'micoach --help'.\n", name);
		return EXIT_USAGE;
	}
	printf("usage: micoach %s\n\n%s\n", c->synopsis, c->summary);
	if (c->help)
		printf("\n%s", c->help);
	return 0;
}

static char *login_name(void)
{
	const char *u = getenv("USER");
	struct passwd *pw;

	if (u && *u)
		return xstrdup(u);
	pw = getpwuid(getuid());
	return xstrdup(pw && pw->pw_name ? pw->pw_name : "practitioner");
}

/* Take --db, --scenarios and --user out of argv wherever they stand (before
 * "--"), so `micoach history --db x` works as well as `micoach --db x history`. */
static int take_global_options(struct app *app, int *argc, char **argv)
{
	const struct command *cmd = NULL;
	int out = 1;

	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i];
		const char *names[] = { "--db", "--scenarios", "--user" };
		const char *val = NULL;
		size_t which = ARRAY_SIZE(names);

		if (!strcmp(a, "--")) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		if (!cmd && a[0] != '-')
			cmd = command_find(a);
		for (size_t k = 0; k < ARRAY_SIZE(names); k++) {
			size_t n = strlen(names[k]);
			/* After a command that has an option of the same name, it is the command's. */
			if (cmd && cmd->own_options && strstr(cmd->own_options, names[k]))
				continue;
			if (!strcmp(a, names[k])) {
				if (i + 1 >= *argc) {
					print_inertf(stderr, "micoach: option '%s' needs a value\n", a);
					return -1;
				}
				which = k, val = argv[++i];
			} else if (!strncmp(a, names[k], n) && a[n] == '=') {
				which = k, val = a + n + 1;
			}
		}
		if (which == ARRAY_SIZE(names)) {
			argv[out++] = argv[i];
			continue;
		}
		if (!*val) {
			print_inertf(stderr, "micoach: option '%s' needs a non-empty value\n", names[which]);
			return -1;
		}
		if (which == 0) {
			free(app->db_path);
			app->db_path = xstrdup(val);
		} else if (which == 1) {
			app->scenario_dirs = xrealloc(app->scenario_dirs,
						      (app->nscenario_dirs + 1) * sizeof *app->scenario_dirs);
			app->scenario_dirs[app->nscenario_dirs++] = xstrdup(val);
		} else {
			if (strlen(val) > LIMIT_PERSON || !utf8_valid(val, strlen(val), NULL)) {
				fprintf(stderr, "micoach: --user: a name is UTF-8 text of at most %d bytes\n",
					LIMIT_PERSON);
				return -1;
			}
			free(app->user);
			app->user = xstrdup(val);
			app->user_given = true;
		}
	}
	*argc = out;
	argv[out] = NULL;
	return 0;
}

static int app_defaults(struct app *app)
{
	char *home = paths_data_home();

	/* MICOACH_DB: the database when --db names none (a file, or an
	 * organisation's postgresql:// store). */
	if (!app->db_path && getenv("MICOACH_DB") && *getenv("MICOACH_DB"))
		app->db_path = xstrdup(getenv("MICOACH_DB"));
	if (!app->db_path) {
		if (!home) {
			fprintf(stderr, "micoach: neither XDG_DATA_HOME nor HOME is set; name a database with --db PATH\n");
			return EXIT_USAGE;
		}
		app->db_path = xasprintf("%s/micoach.db", home);
	}
	if (!app->nscenario_dirs) {
		/* Installed packs first: a pack installed with the id of a bundled
		 * one (a newer version, say) takes its place. */
		app->scenario_dirs = xcalloc(2, sizeof *app->scenario_dirs);
		if (home)
			app->scenario_dirs[app->nscenario_dirs++] = xasprintf("%s/scenarios", home);
		app->scenario_dirs[app->nscenario_dirs++] = paths_bundled("scenarios");
		app->catalog.shadow_same_pack = true;
	}
	/* On an organisation's store the user is the role it connects as. */
	if (!app->user && pg_uri_is(app->db_path))
		app->user = pg_uri_user(app->db_path);
	if (!app->user)
		app->user = login_name();
	app->data_dir = paths_bundled("data");
	free(home);
	return 0;
}

int main(int argc, char **argv)
{
	struct app app = {0};
	const struct command *cmd;
	int rc;

	setlocale(LC_ALL, "");
	if (take_global_options(&app, &argc, argv)) {
		app_release(&app);
		return EXIT_USAGE;
	}
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		print_help(stdout);
		app_release(&app);
		return 0;
	}
	if (argc > 1 && (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))) {
		printf("micoach %s\n", MICOACH_VERSION);
		app_release(&app);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "help")) {
		rc = argc > 2 ? print_command_help(argv[2]) : (print_help(stdout), 0);
		app_release(&app);
		return rc;
	}
	if (argc > 1 && argv[1][0] == '-') {
		print_inertf(stderr, "micoach: unknown option '%s'\n", argv[1]);
		app_release(&app);
		return command_usage(NULL);
	}
	if ((rc = app_defaults(&app))) {
		app_release(&app);
		return rc;
	}
	if (argc < 2) {
		rc = cmd_home(&app, argc, argv);
	} else if (!(cmd = command_find(argv[1]))) {
		print_inertf(stderr, "micoach: '%s' is not a micoach command. See 'micoach --help'.\n", argv[1]);
		rc = EXIT_USAGE;
	} else {
		bool help = false;
		for (int i = 2; i < argc && strcmp(argv[i], "--"); i++)
			help |= !strcmp(argv[i], "--help") || !strcmp(argv[i], "-h");
		rc = help ? print_command_help(cmd->name) : cmd->run(&app, argc - 1, argv + 1);
	}
	app_release(&app);
	text_cleanup();
	return rc;
}
