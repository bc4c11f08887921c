/* cmd/validate.c: `micoach validate [--strict] [--no-tests] [--trace] [PATH...]`:
 * load packs, lint them, run their embedded tests, print every problem located. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "app/app.h"
#include "core/util.h"
#include "core/validate.h"
#include "io/print.h"
#include "yaml/pack_load.h"

/* One PATH: a pack directory, a scenario or single-file pack, or a directory
 * of packs (like scenarios/). */
static void validate_path(struct catalog *cat, const char *path, struct diag_list *dl)
{
	struct stat st;
	struct pack *p;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		char manifest[4096];
		struct stat mst;
		size_t before = cat->npacks, errors = dl->errors;

		snprintf(manifest, sizeof manifest, "%s/pack.yaml", path);
		if (stat(manifest, &mst) != 0 && errno == ENOENT) {
			size_t len = strlen(path);
			catalog_add_dir(cat, path, dl);
			if (cat->npacks == before && dl->errors == errors)
				diag_add(dl, DIAG_ERROR, path, 0, 0, "%s: a pack is a directory with pack.yaml, or a "
					 ".yaml file (see docs/scenario-format.md)",
					 len > 5 && !strcmp(path + len - 5, ".yaml") ?
					 "is a directory, not a scenario file, and holds no packs" : "no scenario packs here");
			return;
		}
	}
	if (pack_load(path, &p, dl) == 0)
		catalog_add_pack(cat, p, dl);
}

COMMAND(validate)
{
	static const struct option opts[] = {
		{ "strict", no_argument, NULL, 's' },
		{ "no-tests", no_argument, NULL, 'n' },
		{ "trace", no_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct catalog cat = {0};
	struct diag_list dl = {0};
	int strict = 0, no_tests = 0, trace = 0, c, missing = 0;
	size_t nscen = 0, ntests = 0, failed = 0;
	char ran[32];

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 's') {
			strict = 1;
		} else if (c == 'n') {
			no_tests = 1;
		} else if (c == 't') {
			trace = 1;
		} else {
			print_inertf(stderr, "micoach: validate: unknown option '%s'\n", argv[optind - 1]);
			return command_usage("validate");
		}
	}
	if (optind < argc) {
		for (int i = optind; i < argc; i++) {
			struct stat st;
			if (stat(argv[i], &st) != 0 && errno == ENOENT) {
				print_inertf(stderr, "micoach: %s: no such file or directory\n", argv[i]);
				missing = 1;
				continue;
			}
			validate_path(&cat, argv[i], &dl);
		}
	} else {
		for (size_t i = 0; i < app->nscenario_dirs; i++)
			catalog_add_dir(&cat, app->scenario_dirs[i], &dl);
	}
	for (size_t i = 0; i < cat.npacks; i++)
		validate_pack(cat.packs[i], &dl);

	/* The embedded tests need the coder; without its model they cannot run,
	 * which is a warning (an error under --strict), not a pass. */
	for (size_t i = 0; i < cat.npacks; i++)
		for (size_t j = 0; j < cat.packs[i]->nscenarios; j++) {
			nscen++;
			ntests += cat.packs[i]->scenarios[j]->ntests;
		}
	if (ntests && !no_tests) {
		const struct coder *coder = NULL;
		if (app_coder(app, &coder) == 0) {
			struct strbuf path = {0};
			for (size_t i = 0; i < cat.npacks; i++)
				for (size_t j = 0; j < cat.packs[i]->nscenarios; j++)
					failed += validate_trace_tests(cat.packs[i]->scenarios[j], coder, &dl,
								       trace ? &path : NULL);
			if (path.len)
				fputs(path.buf, stdout);
			strbuf_release(&path);
		} else {
			diag_add(&dl, DIAG_WARNING, "micoach", 0, 0,
				 "the %zu embedded tests were not run: the coder model could not be loaded", ntests);
		}
	}
	diag_print(&dl, stdout, strict);
	snprintf(ran, sizeof ran, no_tests ? "not run" : "%zu failed", failed);
	printf("validate: %zu scenario%s in %zu pack%s, %zu test%s (%s): %zu error%s, %zu warning%s\n",
	       nscen, nscen == 1 ? "" : "s", cat.npacks, cat.npacks == 1 ? "" : "s",
	       ntests, ntests == 1 ? "" : "s", ran,
	       dl.errors + (strict ? dl.warnings : 0), dl.errors + (strict ? dl.warnings : 0) == 1 ? "" : "s",
	       strict ? (size_t)0 : dl.warnings, !strict && dl.warnings == 1 ? "" : "s");
	c = missing ? EXIT_NOINPUT : (dl.errors || (strict && dl.warnings)) ? EXIT_DATAERR : EXIT_OK;
	diag_list_release(&dl);
	catalog_release(&cat);
	return c;
}
