/* cmd/trainer_assign.c: `micoach assign PACK [--scenarios a,b] [--due DATE]
 * [--mode exam|coach] [--pass RULES] [--id ID] [--title TEXT] [-o FILE]`:
 * the trainer writes an assignment file for trainees (and keeps it in their
 * own database, so that `micoach report` knows its rules). */
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

static int write_text(FILE *out, void *arg, struct error *err)
{
	(void)err;
	fputs(arg, out);
	return 0;
}

COMMAND(assign)
{
	enum { OPT_SCENARIOS = 1, OPT_DUE, OPT_MODE, OPT_PASS, OPT_ID, OPT_TITLE };
	static const struct option longopts[] = {
		{ "scenarios", required_argument, NULL, OPT_SCENARIOS },
		{ "due", required_argument, NULL, OPT_DUE },
		{ "mode", required_argument, NULL, OPT_MODE },
		{ "pass", required_argument, NULL, OPT_PASS },
		{ "id", required_argument, NULL, OPT_ID },
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *scenarios = NULL, *path = NULL, *mode = "coach";
	struct assignment a = {0};
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
				fprintf(stderr, "micoach: assign: %s\n", err.msg);
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
		default:
			fprintf(stderr, "micoach: assign: unknown option or missing value '%s'\n", argv[optind - 1]);
			rc = command_usage("assign");
			goto out;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "micoach: assign takes one pack id\n");
		rc = command_usage("assign");
		goto out;
	}
	if (strcmp(mode, "exam") && strcmp(mode, "coach")) {
		fprintf(stderr, "micoach: assign: --mode is exam or coach, not '%s'\n", mode);
		goto out;
	}
	a.exam = !strcmp(mode, "exam");
	if ((rc = app_catalog(app, &cat)))
		goto out;
	if (!(p = find_pack(cat, argv[optind]))) {
		fprintf(stderr, "micoach: assign: no pack '%s' is installed; 'micoach pack list' shows them\n", argv[optind]);
		rc = EXIT_NOINPUT;
		goto out;
	}
	a.pack_id = xstrdup(p->id);
	a.pack_version = xstrdup(p->version ? p->version : "0");
	a.trainer = xstrdup(app->user);
	if (scenarios) {
		if (assignment_set_scenarios(&a, scenarios, &err)) {
			fprintf(stderr, "micoach: assign: --scenarios: %s\n", err.msg);
			rc = EXIT_USAGE;
			goto out;
		}
		for (size_t i = 0; i < a.nscenarios; i++) {
			bool found = false;
			for (size_t j = 0; j < p->nscenarios; j++)
				found |= !strcmp(p->scenarios[j]->id, a.scenarios[i]);
			if (!found) {
				fprintf(stderr, "micoach: assign: pack '%s' has no scenario '%s'; 'micoach list' shows them\n",
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
		fprintf(stderr, "micoach: assign: %s\n", err.msg);
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
	if (store_assignment_put(st, &a, path ? path : "micoach assign", &row, &updated, &err)) {
		rc = app_fail(&err);
		goto out;
	}
	if (path && strcmp(path, "-")) {
		/* Trainees read it: 0644, whole or not at all. */
		if (file_write_atomic(path, 0644, write_text, yaml.buf, &err)) {
			rc = app_fail(&err);
			goto out;
		}
		fprintf(stderr, "Wrote assignment %s (%zu %s of %s %s) to %s%s.\n"
				"Trainees load it with: micoach assignment add %s\n",
			a.id, a.nscenarios, a.nscenarios == 1 ? "scenario" : "scenarios", a.pack_id, a.pack_version, path,
			updated ? "; it replaces the one of the same id" : "", path);
	} else {
		fputs(yaml.buf, stdout);
		if (fflush(stdout) != 0) {
			rc = EXIT_IOERR;
			goto out;
		}
	}
	rc = 0;
out:
	strbuf_release(&yaml);
	assignment_release(&a);
	return rc;
}
