/* cmd/pack_build.c: `micoach pack build --for-trainees PACK -o DIR`: the
 * copy of a pack to send trainees: the same pack id and version, the same
 * scenarios, without the trainer's notes (`trainer_notes`) and without the
 * embedded tests (a scripted path to each ending). Reached from `micoach
 * pack` (cmd/pack.c) as its `build` subcommand.
 *
 * Each scenario file is copied byte for byte but for those two keys
 * (yaml/scenario_strip.h). Then the copy is loaded and checked before the
 * command says it is done: it validates (no errors), it holds no notes and
 * no tests, and it plays the same: the original's tests, run on the copy's
 * scenarios, reach the same endings. Because id and version are unchanged,
 * trainees' results import against the trainer's full pack. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/app.h"
#include "core/util.h"
#include "core/validate.h"
#include "io/file.h"
#include "io/paths.h"
#include "io/print.h"
#include "yaml/pack_load.h"
#include "yaml/scenario_strip.h"

static const char *const trainer_only[] = { "trainer_notes", "tests" };

static int write_text(FILE *out, void *arg, struct error *err)
{
	const struct strbuf *sb = arg;

	(void)err;
	fwrite(sb->buf, 1, sb->len, out);
	return 0;
}

/* Copy src to dst without the trainer-only keys; *removed counts them. */
static int copy_stripped(const char *src, const char *dst, size_t *removed, struct error *err)
{
	struct strbuf out = {0};
	char *buf;
	size_t len;
	int rc;

	if (file_read_capped(src, 4 * 1024 * 1024, "scenario file", &buf, &len, err))
		return -1;
	rc = scenario_strip_keys(src, buf, len, trainer_only, ARRAY_SIZE(trainer_only), &out, removed, err);
	if (!rc)
		rc = file_write_atomic(dst, 0644, write_text, &out, err);
	free(buf);
	strbuf_release(&out);
	return rc;
}

/* The last part of path. */
static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* Write the trainees' copy of p (loaded from path) into dir. */
static int build_copy(const struct pack *p, const char *dir, size_t *removed, struct error *err)
{
	struct stat st;
	bool single = stat(p->dir, &st) == 0 && S_ISREG(st.st_mode);
	size_t n;
	int rc = 0;

	*removed = 0;
	if (paths_mkdir_p(dir, 0755, err))
		return -1;
	if (single) {
		char *dst = xasprintf("%s/%s", dir, base_name(p->dir));
		rc = copy_stripped(p->dir, dst, removed, err);
		free(dst);
		return rc;
	}
	char *src = xasprintf("%s/pack.yaml", p->dir), *dst = xasprintf("%s/pack.yaml", dir);
	rc = copy_stripped(src, dst, &n, err);
	free(src);
	free(dst);
	for (size_t i = 0; i < p->nscenarios && !rc; i++) {
		const char *file = p->scenarios[i]->file;
		dst = xasprintf("%s/%s", dir, base_name(file));
		rc = copy_stripped(file, dst, &n, err);
		*removed += n;
		free(dst);
	}
	return rc;
}

/* The copy in dir is the same pack, validates, holds nothing for trainers
 * only, and plays the original's tests to the same endings. */
static int check_copy(struct app *app, const struct pack *orig, const char *dir, const char *single_name)
{
	struct diag_list dl = {0};
	const struct coder *coder = NULL;
	char *path = single_name ? xasprintf("%s/%s", dir, single_name) : xstrdup(dir);
	struct pack *p;
	int rc = 0;

	if (pack_load(path, &p, &dl)) {
		diag_print(&dl, stderr, false);
		diag_list_release(&dl);
		print_inertf(stderr, "micoach: pack build: the trainees' copy in %s does not load\n", dir);
		free(path);
		return EXIT_SOFTWARE;
	}
	free(path);
	validate_pack(p, &dl);
	if (strcmp(p->id, orig->id) || strcmp(p->version ? p->version : "", orig->version ? orig->version : "") ||
	    p->nscenarios != orig->nscenarios) {
		print_inertf(stderr, "micoach: pack build: the copy is pack %s %s of %zu scenarios, not %s %s of %zu\n", p->id,
			     p->version ? p->version : "", p->nscenarios, orig->id, orig->version ? orig->version : "",
			     orig->nscenarios);
		rc = EXIT_SOFTWARE;
	}
	if (app_coder(app, &coder))
		coder = NULL;
	for (size_t i = 0; i < p->nscenarios && !rc; i++) {
		struct scenario *s = p->scenarios[i];
		const struct scenario *o = NULL;
		for (size_t j = 0; j < orig->nscenarios; j++)
			if (!strcmp(orig->scenarios[j]->id, s->id))
				o = orig->scenarios[j];
		if (!o || (s->trainer_notes && *s->trainer_notes) || s->ntests) {
			print_inertf(stderr, "micoach: pack build: %s: %s\n", s->file,
				     !o ? "a scenario the pack does not have" : "trainer notes or tests are still in it");
			rc = EXIT_SOFTWARE;
			break;
		}
		/* The original's tests, on the copy: borrowed for the run, given back. */
		if (coder && o->ntests) {
			s->tests = o->tests;
			s->ntests = o->ntests;
			if (validate_run_tests(s, coder, &dl))
				rc = EXIT_SOFTWARE;
			s->tests = NULL;
			s->ntests = 0;
		}
	}
	if (dl.errors) {
		diag_print(&dl, stderr, false);
		rc = EXIT_SOFTWARE;
	}
	if (rc)
		print_inertf(stderr, "micoach: pack build: the trainees' copy in %s is not the same pack; do not send it\n", dir);
	diag_list_release(&dl);
	pack_free(p);
	return rc;
}

/* argv: "build", "--for-trainees", PACK, "-o", DIR (in any order after build). */
COMMAND(pack_build)
{
	const char *path = NULL, *dir = NULL;
	bool trainees = false;
	struct diag_list dl = {0};
	struct error err = {0};
	struct stat st;
	struct pack *p;
	size_t removed;
	int rc;

	(void)app;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--for-trainees"))
			trainees = true;
		else if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) && i + 1 < argc)
			dir = argv[++i];
		else if (argv[i][0] != '-' && !path)
			path = argv[i];
		else {
			print_inertf(stderr, "micoach: pack build: unexpected '%s'\n", argv[i]);
			return command_usage("pack");
		}
	}
	if (!trainees || !path || !dir) {
		fprintf(stderr, "micoach: pack build needs --for-trainees PACK -o DIR\n");
		return command_usage("pack");
	}
	if (stat(dir, &st) == 0) {
		print_inertf(stderr, "micoach: pack build: %s exists already; name a new directory\n", dir);
		return EXIT_USAGE;
	}
	if (pack_load(path, &p, &dl)) {
		diag_print(&dl, stderr, false);
		diag_list_release(&dl);
		print_inertf(stderr, "micoach: pack build: %s is not a valid pack\n", path);
		return EXIT_DATAERR;
	}
	diag_list_release(&dl);
	bool single = stat(p->dir, &st) == 0 && S_ISREG(st.st_mode);
	if (build_copy(p, dir, &removed, &err)) {
		pack_free(p);
		return app_fail(&err);
	}
	if ((rc = check_copy(app, p, dir, single ? strrchr(p->dir, '/') ? strrchr(p->dir, '/') + 1 : p->dir : NULL))) {
		pack_free(p);
		return rc;
	}
	print_inertf(stdout, "Wrote the trainees' build of %s %s (%zu %s; %zu trainer notes and test lists taken out) to ",
		     p->id, p->version ? p->version : "", p->nscenarios, p->nscenarios == 1 ? "scenario" : "scenarios",
		     removed);
	print_inert(stdout, dir);
	puts(".\nIt plays as the full pack, and trainees' results import against it. Send trainees that "
	     "directory and the assignment file.");
	pack_free(p);
	return fflush(stdout) == 0 ? 0 : EXIT_IOERR;
}
