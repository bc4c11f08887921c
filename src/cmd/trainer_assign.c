/* cmd/trainer_assign.c: `micoach assign PACK [--scenarios a,b] [--due DATE]
 * [--mode exam|coach] [--pass RULES] [--id ID] [--title TEXT]
 * [--trainee NAME]... [--trainees FILE] [-o FILE]`: the trainer writes an
 * assignment file for trainees (and keeps it in their own database, so that
 * `micoach report` knows its rules and its roster). `micoach assign --edit ID
 * [--trainee NAME]... [--trainees FILE] [--remove-trainee NAME]...` changes
 * the roster of one already written. The roster stays in the trainer's
 * database: trainees are not told who else is on it. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/assignment.h"
#include "store/store_trainer.h"
#include "core/util.h"
#include "io/clock.h"
#include "io/file.h"
#include "io/print.h"
#include "yaml/assignment_file.h"

static const struct pack *find_pack(const struct catalog *cat, const char *id)
{
	for (size_t i = 0; i < cat->npacks; i++)
		if (!strcmp(cat->packs[i]->id, id))
			return cat->packs[i];
	return NULL;
}

/* --- The roster ----------------------------------------------------------- */

enum { ROSTER_NAME_MAX = LIMIT_PERSON, ROSTER_FILE_MAX = 64 * 1024 };

struct roster_opts {
	char **add, **remove;        /* names to add, to remove */
	size_t nadd, nremove;
	const char *edit;            /* --edit ID: change that assignment's roster only */
};

static void roster_opts_release(struct roster_opts *r)
{
	for (size_t i = 0; i < r->nadd; i++)
		free(r->add[i]);
	for (size_t i = 0; i < r->nremove; i++)
		free(r->remove[i]);
	free(r->add);
	free(r->remove);
}

/* A trainee's name: what they pass as --user. NULL when fine, else why not. */
static const char *roster_name_problem(const char *name, size_t n)
{
	if (!n)
		return "an empty name";
	if (n > ROSTER_NAME_MAX)
		return "a name over 128 bytes";
	if (!utf8_valid(name, n, NULL))
		return "a name that is not UTF-8";
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return "a name with a control character";
	return NULL;
}

static void names_add(char ***v, size_t *n, const char *name, size_t len)
{
	for (size_t i = 0; i < *n; i++)
		if (strlen((*v)[i]) == len && !memcmp((*v)[i], name, len))
			return;
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = xstrndup(name, len);
}

/* --trainees FILE: one name a line; blank lines and lines starting with #
 * are skipped, spaces around a name are not part of it. */
static int roster_read_file(struct roster_opts *r, const char *path)
{
	struct error err = {0};
	char *buf, *line;
	size_t len;
	int lineno = 0;

	if (file_read_capped(path, ROSTER_FILE_MAX, "trainees file", &buf, &len, &err))
		return app_fail(&err);
	for (char *p = buf; p && *p; p = line) {
		char *end = strchr(p, '\n');
		line = end ? end + 1 : NULL;
		if (!end)
			end = p + strlen(p);
		lineno++;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
			end--;
		if (p == end || *p == '#')
			continue;
		const char *why = roster_name_problem(p, (size_t)(end - p));
		if (why) {
			print_inertf(stderr, "%s:%d:1: error: %s; write one trainee's name (their --user) a line\n", path, lineno, why);
			free(buf);
			return EXIT_DATAERR;
		}
		names_add(&r->add, &r->nadd, p, (size_t)(end - p));
	}
	free(buf);
	return 0;
}

/* A roster option of getopt's opt; 0, or an exit status (reported). */
static int roster_option(struct roster_opts *r, int opt, const char *arg, bool remove)
{
	const char *why;

	if (opt == 'F')
		return roster_read_file(r, arg);
	if ((why = roster_name_problem(arg, strlen(arg)))) {
		print_inertf(stderr, "micoach: assign: %s: %s\n", remove ? "--remove-trainee" : "--trainee", why);
		return EXIT_USAGE;
	}
	if (remove)
		names_add(&r->remove, &r->nremove, arg, strlen(arg));
	else
		names_add(&r->add, &r->nadd, arg, strlen(arg));
	return 0;
}

/* Apply the roster changes to assignment row `row` and say what it is now. */
static int roster_apply(struct store *st, int64_t row, const char *id, const struct roster_opts *r)
{
	struct error err = {0};
	char **names;
	size_t n;
	int added, removed;

	if (store_roster_change(st, row, (const char *const *)r->add, r->nadd, (const char *const *)r->remove,
				r->nremove, &added, &removed, &err) ||
	    store_roster_get(st, row, &names, &n, &err))
		return app_fail(&err);
	print_inertf(stderr, "Roster of %s: %zu %s", id, n, n == 1 ? "trainee" : "trainees");
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ", " : ": ", stderr);
		print_inert(stderr, names[i]);
	}
	if (added || removed)
		fprintf(stderr, " (%d added, %d removed)", added, removed);
	fputs(".\n", stderr);
	store_names_free(names, n);
	return 0;
}

/* `assign --edit ID ...`: the roster of an assignment already written. */
static int assign_edit(struct app *app, const struct roster_opts *r)
{
	struct assignment a;
	struct error err = {0};
	struct store *st;
	int64_t row;
	int rc;

	if ((rc = app_store(app, &st)))
		return rc;
	if (store_assignment_get(st, r->edit, &a, &row, &err))
		return app_fail(&err);
	rc = roster_apply(st, row, a.id, r);
	assignment_release(&a);
	return rc;
}

/* 0 when s (what: its name in messages) is one line of text for people to
 * read: UTF-8, with no control character, line separator, byte-order mark
 * or non-character (YAML refuses some raw, and none belongs in a title or a
 * name); else a message and EXIT_USAGE. */
static int text_arg_check(const char *what, const char *s, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t bad, n = 1;

	if (!s)
		return 0;
	if (strlen(s) > max) {
		fprintf(stderr, "micoach: assign: %s is %zu bytes, over micoach's limit of %zu\n", what, strlen(s), max);
		return EXIT_USAGE;
	}
	if (!utf8_valid(s, strlen(s), &bad)) {
		fprintf(stderr, "micoach: assign: %s is not UTF-8 text (a bad byte at byte %zu)\n", what, bad + 1);
		return EXIT_USAGE;
	}
	for (size_t i = 0; u[i]; n++) {
		unsigned c = u[i], len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
		const char *kind = NULL;
		if (len > 1)
			c &= 0xffu >> (len + 1);
		for (unsigned k = 1; k < len; k++)
			c = c << 6 | (u[i + k] & 0x3f);
		if (c < 0x20 || (c >= 0x7f && c < 0xa0))
			kind = "a control character";
		else if (c == 0x2028 || c == 0x2029)
			kind = "a line separator";
		else if (c == 0xfeff)
			kind = "a byte-order mark";
		else if ((c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) == 0xfffe)
			kind = "a non-character";
		if (kind) {
			fprintf(stderr, "micoach: assign: %s has %s (U+%04X) at character %zu; it must be one line of "
					"plain text\n", what, kind, c, n);
			return EXIT_USAGE;
		}
		i += len;
	}
	return 0;
}

static int write_text(FILE *out, void *arg, struct error *err)
{
	(void)err;
	fputs(arg, out);
	return 0;
}

COMMAND(assign)
{
	enum { OPT_SCENARIOS = 1, OPT_DUE, OPT_MODE, OPT_PASS, OPT_ID, OPT_TITLE, OPT_TRAINEE, OPT_REMOVE, OPT_EDIT,
	       OPT_COHORT };
	static const struct option longopts[] = {
		{ "scenarios", required_argument, NULL, OPT_SCENARIOS },
		{ "due", required_argument, NULL, OPT_DUE },
		{ "mode", required_argument, NULL, OPT_MODE },
		{ "pass", required_argument, NULL, OPT_PASS },
		{ "id", required_argument, NULL, OPT_ID },
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "trainee", required_argument, NULL, OPT_TRAINEE },
		{ "trainees", required_argument, NULL, 'F' },
		{ "remove-trainee", required_argument, NULL, OPT_REMOVE },
		{ "edit", required_argument, NULL, OPT_EDIT },
		{ "cohort", required_argument, NULL, OPT_COHORT },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *scenarios = NULL, *path = NULL, *mode = "coach", *cohort = NULL;
	struct assignment a = {0};
	struct roster_opts roster = {0};
	struct error err = {0};
	struct strbuf yaml = {0};
	const struct catalog *cat;
	const struct pack *p;
	struct store *st;
	int opt, rc = EXIT_USAGE;

	pass_rules_init(&a.pass);
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_SCENARIOS:
			/* After `assign`, --scenarios names scenarios of the pack; the
			 * global --scenarios DIR goes before the command. */
			scenarios = optarg;
			break;
		case OPT_DUE:
			free(a.due);
			a.due = xstrdup(optarg);
			break;
		case OPT_MODE:
			mode = optarg;
			break;
		case OPT_PASS:
			if (pass_rules_parse(optarg, &a.pass, &err)) {
				print_inertf(stderr, "micoach: assign: %s\n", err.msg);
				goto out;
			}
			break;
		case OPT_ID:
			free(a.id);
			a.id = xstrdup(optarg);
			break;
		case OPT_TITLE:
			free(a.title);
			a.title = xstrdup(optarg);
			break;
		case 'o':
			path = optarg;
			break;
		case OPT_COHORT:
			cohort = optarg;
			break;
		case OPT_TRAINEE:
		case OPT_REMOVE:
		case 'F':
			if ((rc = roster_option(&roster, opt, optarg, opt == OPT_REMOVE)))
				goto out;
			rc = EXIT_USAGE;
			break;
		case OPT_EDIT:
			roster.edit = optarg;
			break;
		default:
			print_inertf(stderr, "micoach: assign: unknown option or missing value '%s'\n", argv[optind - 1]);
			rc = command_usage("assign");
			goto out;
		}
	}
	if (roster.edit) {
		if (argc - optind != 0 || scenarios || path || a.due || a.id || a.title || !pass_rules_empty(&a.pass)) {
			fprintf(stderr, "micoach: assign --edit ID changes the roster only: give it --trainee, --trainees "
					"or --remove-trainee (write the assignment again to change the rest)\n");
			rc = command_usage("assign");
		} else {
			rc = assign_edit(app, &roster);
		}
		goto out;
	}
	if (roster.nremove) {
		fprintf(stderr, "micoach: assign: --remove-trainee goes with --edit ID\n");
		rc = command_usage("assign");
		goto out;
	}
	if (argc - optind != 1) {
		fprintf(stderr, "micoach: assign takes one pack id\n");
		rc = command_usage("assign");
		goto out;
	}
	if (strcmp(mode, "exam") && strcmp(mode, "coach")) {
		print_inertf(stderr, "micoach: assign: --mode is exam or coach, not '%s'\n", mode);
		goto out;
	}
	a.exam = !strcmp(mode, "exam");
	if ((rc = text_arg_check("--title", a.title, LIMIT_TITLE)) ||
	    (rc = text_arg_check("the trainer's name (--user, or $USER)", app->user, LIMIT_PERSON)))
		goto out;
	rc = EXIT_USAGE;
	if ((rc = app_catalog(app, &cat)))
		goto out;
	if (!(p = find_pack(cat, argv[optind]))) {
		print_inertf(stderr, "micoach: assign: no pack '%s' is installed; 'micoach pack list' shows them\n", argv[optind]);
		rc = EXIT_NOINPUT;
		goto out;
	}
	a.pack_id = xstrdup(p->id);
	a.pack_version = xstrdup(p->version ? p->version : "0");
	a.trainer = xstrdup(app->user);
	if (scenarios) {
		if (assignment_set_scenarios(&a, scenarios, &err)) {
			print_inertf(stderr, "micoach: assign: --scenarios: %s\n", err.msg);
			rc = EXIT_USAGE;
			goto out;
		}
		for (size_t i = 0; i < a.nscenarios; i++) {
			bool found = false;
			for (size_t j = 0; j < p->nscenarios; j++)
				found |= !strcmp(p->scenarios[j]->id, a.scenarios[i]);
			if (!found) {
				print_inertf(stderr, "micoach: assign: pack '%s' has no scenario '%s'; 'micoach list' shows them\n",
					     p->id, a.scenarios[i]);
				rc = EXIT_NOINPUT;
				goto out;
			}
		}
	} else {
		a.scenarios = xcalloc(p->nscenarios ? p->nscenarios : 1, sizeof *a.scenarios);
		for (size_t j = 0; j < p->nscenarios && j < ASSIGNMENT_MAX_SCENARIOS; j++)
			a.scenarios[a.nscenarios++] = xstrdup(p->scenarios[j]->id);
	}
	if (!a.id) {
		char today[32];
		iso_now(today, sizeof today);
		today[10] = '\0';
		a.id = xasprintf("%s-%s", p->id, a.due ? a.due : today);
	}
	if (assignment_check(&a, &err)) {
		print_inertf(stderr, "micoach: assign: %s\n", err.msg);
		rc = EXIT_USAGE;
		goto out;
	}
	assignment_format_yaml(&a, &yaml);
	{
		/* What we write must read back as the same assignment. */
		struct assignment back;
		struct diag_list dl = {0};
		int bad = assignment_parse(yaml.buf, yaml.len, "assignment", &back, &dl);
		assignment_release(&back);
		if (bad) {
			diag_print(&dl, stderr, 0);
			diag_list_release(&dl);
			rc = EXIT_SOFTWARE;
			goto out;
		}
		diag_list_release(&dl);
	}
	if ((rc = app_store(app, &st)))
		goto out;
	int64_t row;
	bool updated;
	store_set_cohort(st, cohort);
	if (store_assignment_put(st, &a, path ? path : "micoach assign", &row, &updated, &err)) {
		rc = app_fail(&err);
		goto out;
	}
	if (store_role(st))
		print_inertf(stderr, "Saved assignment %s in %s: its cohort's trainees see it now "
			     "('micoach assignments'); no file to send.\n", a.id, store_path(st));
	if (roster.nadd && (rc = roster_apply(st, row, a.id, &roster)))
		goto out;
	if (path && strcmp(path, "-")) {
		/* Trainees read it: 0644, whole or not at all. */
		if (file_write_atomic(path, 0644, write_text, yaml.buf, &err)) {
			rc = app_fail(&err);
			goto out;
		}
		print_inertf(stderr, "Wrote assignment %s (%zu %s of %s %s) to %s%s.\n", a.id, a.nscenarios,
			     a.nscenarios == 1 ? "scenario" : "scenarios", a.pack_id, a.pack_version, path,
			     updated ? "; it replaces the one of the same id" : "");
		print_inertf(stderr, "Trainees load it with: micoach assignment add %s\n", path);
	} else {
		fputs(yaml.buf, stdout);
		if (fflush(stdout) != 0) {
			rc = EXIT_IOERR;
			goto out;
		}
	}
	rc = 0;
out:
	roster_opts_release(&roster);
	strbuf_release(&yaml);
	assignment_release(&a);
	return rc;
}
