/* cmd/pack.c: `micoach pack install PATH [--force] [--strict]`,
 * `micoach pack list`, `micoach pack remove PACK[@VERSION]`.
 *
 * Layout (docs/trainer-guide.md, "Where things are"):
 *   $XDG_DATA_HOME/micoach/scenarios/ID@VERSION/        the installed version of a
 *   $XDG_DATA_HOME/micoach/scenarios/ID@VERSION.yaml    pack (directory or single file);
 *                                                       the catalog loads these
 *   $XDG_DATA_HOME/micoach/packs/ID@VERSION[.yaml]      older versions, kept but not loaded
 * One version of a pack is installed at a time (scenario ids are unique in
 * the catalog); installing a newer one moves the older one to packs/, and
 * removing the newer one brings the newest older one back. Sessions never
 * need the pack: the database holds every line said, so `show` and
 * `history` read sessions of any version, installed or not. */
#define _GNU_SOURCE /* O_TMPFILE, renameat2 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "app/pack_entries.h"
#include "io/file.h"
#include "io/paths.h"
#include "core/sha256.h"
#include "core/util.h"
#include "core/validate.h"
#include "io/print.h"
#include "yaml/pack_load.h"
#include "yaml/pack_staging.h"

struct places {
	char *active, *archive;
};

static int places_get(struct places *pl, bool create, struct error *err)
{
	char *home = paths_data_home();

	if (!home)
		return error_set(err, EXIT_USAGE, "neither XDG_DATA_HOME nor HOME is set; micoach has nowhere to install packs");
	pl->active = xasprintf("%s/scenarios", home);
	pl->archive = xasprintf("%s/packs", home);
	free(home);
	if (create && (paths_mkdir_p(pl->active, 0755, err) || paths_mkdir_p(pl->archive, 0755, err)))
		return -1;
	return 0;
}

static void places_release(struct places *pl)
{
	free(pl->active);
	free(pl->archive);
}

/* Load and check a pack; problems printed. 0 when it may be installed. */
static int check_pack(struct app *app, const char *path, bool strict, struct pack **out)
{
	struct diag_list dl = {0};
	const struct coder *coder = NULL;
	struct pack *p;
	bool bad;

	*out = NULL;
	if (pack_load(path, &p, &dl)) {
		diag_print(&dl, stderr, strict);
		diag_list_release(&dl);
		print_inertf(stderr, "micoach: pack install: %s is not a valid pack; nothing installed\n", path);
		return EXIT_DATAERR;
	}
	validate_pack(p, &dl);
	/* The scenarios' own tests need the coder; without it, say so and go on. */
	if (app_coder(app, &coder) == 0) {
		for (size_t i = 0; i < p->nscenarios; i++)
			validate_run_tests(p->scenarios[i], coder, &dl);
	} else {
		fprintf(stderr, "micoach: warning: the scenarios' own tests were not run (no coder model)\n");
	}
	bad = dl.errors > 0 || (strict && dl.warnings > 0);
	diag_print(&dl, stderr, strict);
	diag_list_release(&dl);
	if (bad) {
		print_inertf(stderr, "micoach: pack install: %s has errors; nothing installed\n", path);
		pack_free(p);
		return EXIT_DATAERR;
	}
	if (!pack_version_safe(p->version)) {
		print_inertf(stderr, "micoach: pack install: pack '%s' needs a version like \"1.0.0\" to be installed\n",
			     p->id);
		pack_free(p);
		return EXIT_DATAERR;
	}
	*out = p;
	return 0;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* The pack's files copied first into unnamed files in dir (O_TMPFILE), which
 * vanish if the install is killed now; -1 with errno EOPNOTSUPP & co. when
 * the file system cannot make them (the caller then copies under names). */
static int stage_unnamed(const struct pack *p, const char *dir, int *fds, struct error *err)
{
	for (size_t i = 0; i < p->nfiles; i++) {
		fds[i] = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
		if (fds[i] < 0)
			return -1;
		if (pack_copy_into(p->files[i], fds[i], dir, err))
			return -2;
	}
	return 0;
}

static int link_unnamed(int fd, const char *to)
{
	char proc[64];

	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	return linkat(AT_FDCWD, proc, AT_FDCWD, to, AT_SYMLINK_FOLLOW);
}

/* Copy the pack's files into this process's staging entry under dir
 * (pack_staging.h); *staged is it. The slow part, the copying, happens in
 * unnamed files where the file system allows: the staging entry then exists
 * only for the moment its files are linked in, before it is renamed. */
static int stage(const struct pack *p, const char *dir, char **staged, struct error *err)
{
	bool single = !paths_is_dir(p->dir);
	char *tmp = pack_staging_path(dir, single);
	int *fds = xcalloc(p->nfiles ? p->nfiles : 1, sizeof *fds), rc;

	*staged = tmp;
	for (size_t i = 0; i < p->nfiles; i++)
		fds[i] = -1;
	rc = stage_unnamed(p, dir, fds, err);
	if (rc == 0 && (single || mkdir(tmp, 0755) == 0)) {
		for (size_t i = 0; i < p->nfiles && rc == 0; i++) {
			char *to = single ? xstrdup(tmp) : xasprintf("%s/%s", tmp, base_name(p->files[i]));
			if (link_unnamed(fds[i], to) != 0)
				rc = -1; /* no /proc: copy under names below */
			free(to);
		}
		if (rc)
			pack_entry_remove(tmp, err);
	} else if (rc == 0) {
		rc = error_set(err, EXIT_IOERR, "%s: cannot create: %s", tmp, strerror(errno));
	}
	for (size_t i = 0; i < p->nfiles; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(fds);
	if (rc != -1)
		return rc ? -1 : 0;
	if (single)
		return pack_copy_file(p->files[0], tmp, err);
	if (mkdir(tmp, 0755) != 0)
		return error_set(err, EXIT_IOERR, "%s: cannot create: %s", tmp, strerror(errno));
	for (size_t i = 0; i < p->nfiles; i++) {
		char *to = xasprintf("%s/%s", tmp, base_name(p->files[i]));
		rc = pack_copy_file(p->files[i], to, err);
		free(to);
		if (rc)
			return -1;
	}
	return 0;
}

/* A pack installed with the id of a bundled one takes its place in the
 * catalog (installed packs are found first, and a pack id loaded already is
 * skipped): the bundled one's scenarios are hidden while it is installed. */
static void warn_if_bundled(const struct pack *p)
{
	char *dir = paths_bundled("scenarios");
	struct catalog cat = {0};
	struct diag_list dl = {0};

	catalog_add_dir(&cat, dir, &dl);
	for (size_t i = 0; i < cat.npacks; i++)
		if (!strcmp(cat.packs[i]->id, p->id))
			print_inertf(stderr, "micoach: warning: a pack '%s' (version %s) comes with micoach in %s; the "
				     "installed one is found first and takes its place, so the bundled one's scenarios are "
				     "hidden while it is installed; give your pack another id to keep both\n",
				     p->id, cat.packs[i]->version, dir);
	catalog_release(&cat);
	diag_list_release(&dl);
	free(dir);
}

/* A scenario id of p that a pack of another id (installed or bundled) uses
 * already: the catalog keeps scenario ids unique by dropping the pack found
 * later, which would be that whole other pack. Refused, located. */
static int check_collisions(const struct pack *p, const struct places *pl, const char *path)
{
	char *bundled = paths_bundled("scenarios");
	struct catalog cat = { .shadow_same_pack = true };
	struct diag_list ignore = {0}, dl = {0};

	catalog_add_dir(&cat, pl->active, &ignore);
	catalog_add_dir(&cat, bundled, &ignore);
	for (size_t i = 0; i < p->nscenarios; i++) {
		const struct scenario *s = p->scenarios[i];
		for (size_t k = 0; k < cat.npacks; k++) {
			const struct pack *q = cat.packs[k];
			if (!strcmp(q->id, p->id))
				continue; /* this pack's own installed version: replaced */
			for (size_t j = 0; j < q->nscenarios; j++)
				if (!strcmp(q->scenarios[j]->id, s->id))
					diag_add(&dl, DIAG_ERROR, s->at.file, s->at.line, s->at.col,
						 "scenario id '%s' is already used by %s:%d:%d (pack '%s', %s); scenario "
						 "ids are unique across every pack micoach loads: give this one another id",
						 s->id, q->scenarios[j]->at.file, q->scenarios[j]->at.line,
						 q->scenarios[j]->at.col, q->id,
						 strncmp(q->dir, bundled, strlen(bundled)) ? "installed" : "bundled");
		}
	}
	diag_print(&dl, stderr, 0);
	if (dl.errors)
		print_inertf(stderr, "micoach: pack install: %s would hide another pack's scenarios; nothing "
			     "installed\n", path);
	catalog_release(&cat);
	diag_list_release(&ignore);
	free(bundled);
	{
		int bad = dl.errors > 0;
		diag_list_release(&dl);
		return bad ? EXIT_DATAERR : 0;
	}
}

/* Move an installed entry aside into the archive (or drop it when the
 * archive has that version already). */
static int archive_entry(const struct places *pl, const struct pack_entry *e, struct error *err)
{
	char *to = xasprintf("%s/%s@%s%s", pl->archive, e->id, e->version, e->single ? ".yaml" : "");
	int rc = 0;

	if (access(to, F_OK) == 0)
		rc = pack_entry_remove(e->path, err);
	else if (rename(e->path, to) != 0)
		rc = error_set(err, EXIT_IOERR, "%s: cannot move to %s: %s", e->path, to, strerror(errno));
	else
		print_inertf(stdout, "Kept %s %s in %s (sessions practised on it stay readable).\n", e->id, e->version,
			     to);
	free(to);
	return rc;
}

/* Finish what a killed install left: staging copies of dead processes go,
 * and when two versions of a pack are installed (killed between putting the
 * new one in place and moving the old one aside), the newest stays. */
static void places_settle(const struct places *pl)
{
	size_t n;
	struct pack_entry *e;

	pack_staging_clean(pl->active);
	e = pack_entries_read(pl->active, NULL, &n);
	for (size_t i = 0; i + 1 < n; i++) {
		struct error ignore;
		if (!strcmp(e[i].id, e[i + 1].id) && pack_version_cmp(e[i].version, e[i + 1].version) < 0)
			archive_entry(pl, &e[i], &ignore);
	}
	pack_entries_free(e, n);
}

/* Put the staged entry at final, atomically: renamed into place, or, for the
 * same version of a directory pack, exchanged with the old one (which then
 * sits at the staging name and is removed). */
static int put_in_place(const char *staged, const char *final, struct error *err)
{
	if (paths_is_dir(staged) && paths_is_dir(final)) {
		if (renameat2(AT_FDCWD, staged, AT_FDCWD, final, RENAME_EXCHANGE) == 0)
			return pack_entry_remove(staged, err);
		if (errno != EINVAL && errno != ENOSYS)
			return error_set(err, EXIT_IOERR, "%s: cannot install: %s", final, strerror(errno));
		if (pack_entry_remove(final, err))
			return -1;
	}
	if (rename(staged, final) != 0)
		return error_set(err, EXIT_IOERR, "%s: cannot install: %s", final, strerror(errno));
	return 0;
}

static int pack_install(struct app *app, const char *path, bool force, bool strict)
{
	struct places pl = {0};
	struct error err = {0};
	struct pack_entry *have = NULL;
	struct pack *p = NULL;
	char *staged = NULL, *final = NULL, digest_new[SHA256_HEX], digest_old[SHA256_HEX];
	size_t nhave = 0;
	int rc;

	if ((rc = check_pack(app, path, strict, &p)))
		return rc;
	if (places_get(&pl, true, &err)) {
		rc = app_fail(&err);
		goto out;
	}
	places_settle(&pl);
	if ((rc = check_collisions(p, &pl, path)))
		goto out;
	final = xasprintf("%s/%s@%s%s", pl.active, p->id, p->version, paths_is_dir(p->dir) ? "" : ".yaml");
	have = pack_entries_read(pl.active, p->id, &nhave);
	for (size_t i = 0; i < nhave; i++) {
		int c = pack_version_cmp(have[i].version, p->version);
		if (c > 0 && !force) {
			print_inertf(stderr, "micoach: pack install: version %s of '%s' is installed, newer than %s; "
				     "'micoach pack remove %s@%s' first, or use --force\n",
				     have[i].version, p->id, p->version, p->id, have[i].version);
			rc = EXIT_DATAERR;
			goto out;
		}
		if (c == 0) {
			pack_files_digest(p->files, p->nfiles, !paths_is_dir(p->dir), digest_new);
			pack_entry_digest(have[i].path, digest_old);
			if (!strcmp(digest_new, digest_old)) {
				print_inertf(stdout, "Pack %s %s is already installed (%s); nothing changed.\n", p->id,
					     p->version, have[i].path);
				rc = 0;
				goto out;
			}
			if (!force) {
				print_inertf(stderr, "micoach: pack install: a different pack %s %s is installed already; "
					     "give the new one a new version (sessions record it), or use --force to "
					     "replace it\n", p->id, p->version);
				rc = EXIT_DATAERR;
				goto out;
			}
		}
	}
	if (stage(p, pl.active, &staged, &err)) {
		rc = app_fail(&err);
		goto out;
	}
	/* The new one goes in place first, then the others step aside: a kill in
	 * between leaves two versions, which places_settle resolves next time. */
	if (put_in_place(staged, final, &err)) {
		rc = app_fail(&err);
		goto out;
	}
	free(staged);
	staged = NULL;
	for (size_t i = 0; i < nhave; i++) {
		if (!strcmp(have[i].path, final))
			continue;
		if (pack_version_cmp(have[i].version, p->version) == 0 ? pack_entry_remove(have[i].path, &err)
								  : archive_entry(&pl, &have[i], &err)) {
			rc = app_fail(&err);
			goto out;
		}
	}
	/* A version we archived before, now installed again, leaves the archive. */
	{
		char *old = xasprintf("%s/%s@%s%s", pl.archive, p->id, p->version, paths_is_dir(final) ? "" : ".yaml");
		if (access(old, F_OK) == 0)
			pack_entry_remove(old, &err);
		free(old);
	}
	print_inertf(stdout, "Installed %s %s (%zu %s) in %s\n", p->id, p->version, p->nscenarios,
		     p->nscenarios == 1 ? "scenario" : "scenarios", final);
	warn_if_bundled(p);
	rc = 0;
out:
	if (staged) {
		struct error ignore;
		if (access(staged, F_OK) == 0)
			pack_entry_remove(staged, &ignore);
		free(staged);
	}
	free(final);
	pack_entries_free(have, nhave);
	places_release(&pl);
	pack_free(p);
	return rc;
}

/* One line of `pack list`: tab-separated fields, each made inert. */
static void put_row(const char *id, const char *version, const char *state, const char *n, const char *title)
{
	const char *f[] = { id, version, state, n, title ? title : "" };

	for (size_t i = 0; i < ARRAY_SIZE(f); i++) {
		print_inert(stdout, f[i]);
		fputc(i + 1 < ARRAY_SIZE(f) ? '\t' : '\n', stdout);
	}
}

static void list_dir(const char *dir, const char *state)
{
	size_t n;
	struct pack_entry *e = pack_entries_read(dir, NULL, &n);

	for (size_t i = 0; i < n; i++) {
		struct diag_list dl = {0};
		struct pack *p = NULL;
		if (pack_load(e[i].path, &p, &dl) == 0) {
			char count[32];
			snprintf(count, sizeof count, "%zu", p->nscenarios);
			put_row(e[i].id, e[i].version, state, count, p->title);
		} else {
			char *st = xasprintf("%s (does not load)", state);
			put_row(e[i].id, e[i].version, st, "0", "");
			free(st);
		}
		pack_free(p);
		diag_list_release(&dl);
	}
	pack_entries_free(e, n);
}

static int pack_list(void)
{
	struct places pl = {0};
	struct error err = {0};
	char *bundled = paths_bundled("scenarios");
	struct catalog cat = {0};
	struct diag_list dl = {0};

	if (places_get(&pl, false, &err)) {
		free(bundled);
		return app_fail(&err);
	}
	places_settle(&pl);
	list_dir(pl.active, "installed");
	list_dir(pl.archive, "kept");
	catalog_add_dir(&cat, bundled, &dl);
	for (size_t i = 0; i < cat.npacks; i++) {
		char n[32];
		snprintf(n, sizeof n, "%zu", cat.packs[i]->nscenarios);
		put_row(cat.packs[i]->id, cat.packs[i]->version, "bundled", n, cat.packs[i]->title);
	}
	catalog_release(&cat);
	diag_list_release(&dl);
	free(bundled);
	places_release(&pl);
	return fflush(stdout) == 0 ? 0 : EXIT_IOERR;
}

static int pack_remove(const char *spec)
{
	struct places pl = {0};
	struct error err = {0};
	char *id = xstrdup(spec), *version = strchr(id, '@');
	struct pack_entry *act = NULL, *kept = NULL;
	size_t nact = 0, nkept = 0, removed = 0;
	int rc = 0;

	if (version)
		*version++ = '\0';
	if (!*id || (version && !pack_version_safe(version))) {
		print_inertf(stderr, "micoach: pack remove: '%s' is not PACK or PACK@VERSION\n", spec);
		free(id);
		return EXIT_USAGE;
	}
	if (places_get(&pl, false, &err)) {
		free(id);
		return app_fail(&err);
	}
	places_settle(&pl);
	act = pack_entries_read(pl.active, id, &nact);
	kept = pack_entries_read(pl.archive, id, &nkept);
	for (size_t i = 0; i < nact + nkept && !rc; i++) {
		struct pack_entry *e = i < nact ? &act[i] : &kept[i - nact];
		if (version && strcmp(e->version, version))
			continue;
		if ((rc = pack_entry_remove(e->path, &err) ? app_fail(&err) : 0) == 0) {
			print_inertf(stdout, "Removed %s %s%s.\n", e->id, e->version, i < nact ? "" : " (a kept older version)");
			removed++;
			/* The installed version went: the newest kept one takes its place. */
			if (i < nact && version && nkept) {
				struct pack_entry *back = NULL;
				for (size_t k = 0; k < nkept; k++)
					if (strcmp(kept[k].version, version))
						back = &kept[k];
				if (back) {
					char *to = xasprintf("%s/%s@%s%s", pl.active, back->id, back->version,
							     back->single ? ".yaml" : "");
					if (rename(back->path, to) == 0)
						print_inertf(stdout, "Installed %s %s again (it was kept).\n", back->id,
							     back->version);
					free(back->version);
					back->version = xstrdup(""); /* not removed below */
					free(to);
				}
			}
		}
	}
	if (!rc && !removed) {
		print_inertf(stderr, "micoach: pack remove: no installed pack %s; 'micoach pack list' shows them\n",
			     spec);
		rc = EXIT_NOINPUT;
	}
	if (!rc)
		puts("Sessions practised on it stay in the database; 'micoach history' and 'micoach show' still read them.");
	pack_entries_free(act, nact);
	pack_entries_free(kept, nkept);
	places_release(&pl);
	free(id);
	return rc;
}

COMMAND(pack)
{
	if (argc >= 2 && !strcmp(argv[1], "install")) {
		bool force = false, strict = false;
		const char *path = NULL;
		for (int i = 2; i < argc; i++) {
			if (!strcmp(argv[i], "--force"))
				force = true;
			else if (!strcmp(argv[i], "--strict"))
				strict = true;
			else if (argv[i][0] == '-' || path) {
				fprintf(stderr, "micoach: pack install takes one PATH and --force, --strict\n");
				return command_usage("pack");
			} else
				path = argv[i];
		}
		if (!path) {
			fprintf(stderr, "micoach: pack install needs a pack directory or file\n");
			return command_usage("pack");
		}
		return pack_install(app, path, force, strict);
	}
	if (argc >= 2 && !strcmp(argv[1], "build"))
		return cmd_pack_build(app, argc - 1, argv + 1);
	if (argc == 2 && !strcmp(argv[1], "list"))
		return pack_list();
	if (argc == 3 && !strcmp(argv[1], "remove"))
		return pack_remove(argv[2]);
	fprintf(stderr, "micoach: pack: say install PATH, list, or remove PACK[@VERSION]\n");
	return command_usage("pack");
}
