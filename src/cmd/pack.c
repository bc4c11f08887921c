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
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "io/file.h"
#include "io/paths.h"
#include "core/sha256.h"
#include "core/util.h"
#include "core/validate.h"
#include "io/print.h"
#include "yaml/pack_load.h"

/* The largest file a pack holds: the scenario loader refuses larger ones. */
enum { PACK_FILE_MAX = 4 * 1024 * 1024 };

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

static bool version_safe(const char *v)
{
	if (!v || !*v || strlen(v) > 64 || v[0] == '.')
		return false;
	for (; *v; v++)
		if (!((*v >= '0' && *v <= '9') || (*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') ||
		      *v == '.' || *v == '-' || *v == '+'))
			return false;
	return true;
}

/* Compare versions part by part ("1.10.0" > "1.9.2"); numbers as numbers. */
static int version_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			char *ea, *eb;
			unsigned long x = strtoul(a, &ea, 10), y = strtoul(b, &eb, 10);
			if (x != y)
				return x < y ? -1 : 1;
			a = ea, b = eb;
		} else if (*a != *b) {
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		} else {
			a++, b++;
		}
	}
	return 0;
}

/* An installed entry "ID@VERSION" or "ID@VERSION.yaml" in a directory. */
struct entry {
	char *id, *version, *path;
	bool single;
};

static void entries_free(struct entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].id);
		free(e[i].version);
		free(e[i].path);
	}
	free(e);
}

static int version_order(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : version_cmp(x->version, y->version);
}

/* Entries of dir (for pack id when not NULL), by id then version. */
static struct entry *entries_read(const char *dir, const char *id, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct entry *v = NULL;

	*n = 0;
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		const char *at = strchr(de->d_name, '@');
		if (de->d_name[0] == '.' || !at || at == de->d_name)
			continue;
		struct entry e = { .id = xstrndup(de->d_name, (size_t)(at - de->d_name)) };
		e.single = has_suffix(at, ".yaml");
		e.version = e.single ? xstrndup(at + 1, strlen(at + 1) - 5) : xstrdup(at + 1);
		e.path = xasprintf("%s/%s", dir, de->d_name);
		if ((id && strcmp(e.id, id)) || !version_safe(e.version)) {
			free(e.id);
			free(e.version);
			free(e.path);
			continue;
		}
		v = xrealloc(v, (*n + 1) * sizeof *v);
		v[(*n)++] = e;
	}
	closedir(d);
	if (*n > 1)
		qsort(v, *n, sizeof *v, version_order);
	return v;
}

/* Remove a pack entry: a file, or a flat directory of files. */
static int remove_entry(const char *path, struct error *err)
{
	if (is_dir(path)) {
		DIR *d = opendir(path);
		struct dirent *de;
		if (!d)
			return error_set(err, EXIT_IOERR, "%s: cannot remove: %s", path, strerror(errno));
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			char *f = xasprintf("%s/%s", path, de->d_name);
			int rc = unlink(f);
			free(f);
			if (rc != 0) {
				closedir(d);
				return error_set(err, EXIT_IOERR, "%s: cannot remove: %s", path, strerror(errno));
			}
		}
		closedir(d);
		if (rmdir(path) != 0)
			return error_set(err, EXIT_IOERR, "%s: cannot remove: %s", path, strerror(errno));
		return 0;
	}
	if (unlink(path) != 0)
		return error_set(err, EXIT_IOERR, "%s: cannot remove: %s", path, strerror(errno));
	return 0;
}

/* A pack file's bytes, for file_write_new. */
struct bytes {
	const char *buf;
	size_t len;
};

static int write_bytes(FILE *out, void *arg, struct error *err)
{
	const struct bytes *b = arg;

	(void)err;
	fwrite(b->buf, 1, b->len, out);
	return 0;
}

/* Copy a pack file (read whole, at most a scenario file's cap; written
 * whole, synced, never over another file). */
static int copy_file(const char *from, const char *to, struct error *err)
{
	struct bytes b;
	char *buf;
	bool exists;
	int rc;

	if (file_read_capped(from, PACK_FILE_MAX, "pack file", &buf, &b.len, err))
		return -1;
	b.buf = buf;
	rc = file_write_new(to, 0644, write_bytes, &b, &exists, err);
	free(buf);
	return rc;
}

/* A file's bytes for the digest ("" when it cannot be read: then it differs
 * from any readable one). */
static char *file_bytes(const char *path, size_t *len)
{
	struct error err = {0};
	char *buf;

	if (file_read_capped(path, PACK_FILE_MAX, "pack file", &buf, len, &err)) {
		*len = 0;
		return xstrdup("");
	}
	return buf;
}

/* SHA-256 over the files of an entry (names and contents, in name order), to
 * tell "the same version again" from "a different pack with the same version". */
static void entry_digest(const char *path, char hex[SHA256_HEX])
{
	struct strbuf all = {0};
	struct entry tmp = { .path = (char *)path };

	strbuf_add(&all, "", 0);
	if (is_dir(tmp.path)) {
		DIR *d = opendir(path);
		struct dirent *de;
		char **names = NULL;
		size_t n = 0;
		while (d && (de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			names = xrealloc(names, (n + 1) * sizeof *names);
			names[n++] = xstrdup(de->d_name);
		}
		if (d)
			closedir(d);
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++)
				if (strcmp(names[i], names[j]) > 0) {
					char *t = names[i];
					names[i] = names[j];
					names[j] = t;
				}
		for (size_t i = 0; i < n; i++) {
			char *f = xasprintf("%s/%s", path, names[i]);
			char h[SHA256_HEX];
			size_t len = 0;
			char *body = file_bytes(f, &len);
			sha256_hex(body, len, h);
			strbuf_addf(&all, "%s %s\n", names[i], h);
			free(body);
			free(f);
			free(names[i]);
		}
		free(names);
	} else {
		size_t len = 0;
		char *body = file_bytes(path, &len);
		strbuf_add(&all, body, len);
		free(body);
	}
	sha256_hex(all.buf, all.len, hex);
	strbuf_release(&all);
}

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
		fprintf(stderr, "micoach: pack install: %s is not a valid pack; nothing installed\n", path);
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
		fprintf(stderr, "micoach: pack install: %s has errors; nothing installed\n", path);
		pack_free(p);
		return EXIT_DATAERR;
	}
	if (!version_safe(p->version)) {
		fprintf(stderr, "micoach: pack install: pack '%s' needs a version like \"1.0.0\" to be installed\n", p->id);
		pack_free(p);
		return EXIT_DATAERR;
	}
	*out = p;
	return 0;
}

/* Copy the pack's files into a fresh staging entry under dir; *staged is it. */
static int stage(const struct pack *p, const char *dir, char **staged, struct error *err)
{
	bool single = !is_dir(p->dir);
	char *tmp = xasprintf("%s/.install-%ld%s", dir, (long)getpid(), single ? ".yaml" : "");

	*staged = tmp;
	if (single)
		return copy_file(p->files[0], tmp, err);
	if (mkdir(tmp, 0755) != 0)
		return error_set(err, EXIT_IOERR, "%s: cannot create: %s", tmp, strerror(errno));
	for (size_t i = 0; i < p->nfiles; i++) {
		const char *base = strrchr(p->files[i], '/') ? strrchr(p->files[i], '/') + 1 : p->files[i];
		char *to = xasprintf("%s/%s", tmp, base);
		int rc = copy_file(p->files[i], to, err);
		free(to);
		if (rc)
			return -1;
	}
	return 0;
}

static void warn_if_bundled(const struct pack *p)
{
	char *dir = paths_bundled("scenarios");
	struct catalog cat = {0};
	struct diag_list dl = {0};

	catalog_add_dir(&cat, dir, &dl);
	for (size_t i = 0; i < cat.npacks; i++)
		if (!strcmp(cat.packs[i]->id, p->id))
			fprintf(stderr, "micoach: warning: a pack '%s' (version %s) comes with micoach in %s and is found "
					"first; practise this one with --scenarios %s, or give your pack another id\n",
				p->id, cat.packs[i]->version, dir, "$XDG_DATA_HOME/micoach/scenarios");
	catalog_release(&cat);
	diag_list_release(&dl);
	free(dir);
}

static int pack_install(struct app *app, const char *path, bool force, bool strict)
{
	struct places pl = {0};
	struct error err = {0};
	struct entry *have = NULL;
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
	if (stage(p, pl.active, &staged, &err)) {
		rc = app_fail(&err);
		goto out;
	}
	final = xasprintf("%s/%s@%s%s", pl.active, p->id, p->version, is_dir(staged) ? "" : ".yaml");
	have = entries_read(pl.active, p->id, &nhave);
	for (size_t i = 0; i < nhave; i++) {
		int c = version_cmp(have[i].version, p->version);
		if (c > 0 && !force) {
			fprintf(stderr, "micoach: pack install: version %s of '%s' is installed, newer than %s; "
					"'micoach pack remove %s@%s' first, or use --force\n",
				have[i].version, p->id, p->version, p->id, have[i].version);
			rc = EXIT_DATAERR;
			goto out;
		}
		if (c == 0) {
			entry_digest(staged, digest_new);
			entry_digest(have[i].path, digest_old);
			if (!strcmp(digest_new, digest_old)) {
				printf("Pack %s %s is already installed (%s); nothing changed.\n", p->id, p->version, have[i].path);
				rc = 0;
				goto out;
			}
			if (!force) {
				fprintf(stderr, "micoach: pack install: a different pack %s %s is installed already; "
						"give the new one a new version (sessions record it), or use --force to replace it\n",
					p->id, p->version);
				rc = EXIT_DATAERR;
				goto out;
			}
		}
	}
	/* Older (or, forced, other) versions step aside into the archive. */
	for (size_t i = 0; i < nhave; i++) {
		char *to = xasprintf("%s/%s@%s%s", pl.archive, have[i].id, have[i].version, have[i].single ? ".yaml" : "");
		if (version_cmp(have[i].version, p->version) == 0 || (is_dir(to) || access(to, F_OK) == 0)) {
			/* Same version replaced, or an archived copy exists: drop this one. */
			if (remove_entry(have[i].path, &err)) {
				free(to);
				rc = app_fail(&err);
				goto out;
			}
		} else if (rename(have[i].path, to) != 0) {
			error_set(&err, EXIT_IOERR, "%s: cannot move to %s: %s", have[i].path, to, strerror(errno));
			free(to);
			rc = app_fail(&err);
			goto out;
		} else {
			printf("Kept %s %s in %s (sessions practised on it stay readable).\n", have[i].id, have[i].version, to);
		}
		free(to);
	}
	/* A version we archived before, now installed again, leaves the archive. */
	{
		char *old = xasprintf("%s/%s@%s%s", pl.archive, p->id, p->version, is_dir(staged) ? "" : ".yaml");
		if (access(old, F_OK) == 0)
			remove_entry(old, &err);
		free(old);
	}
	if (rename(staged, final) != 0) {
		error_set(&err, EXIT_IOERR, "%s: cannot install: %s", final, strerror(errno));
		rc = app_fail(&err);
		goto out;
	}
	free(staged);
	staged = NULL;
	printf("Installed %s %s (%zu %s) in %s\n", p->id, p->version, p->nscenarios,
	       p->nscenarios == 1 ? "scenario" : "scenarios", final);
	warn_if_bundled(p);
	rc = 0;
out:
	if (staged) {
		struct error ignore;
		if (access(staged, F_OK) == 0)
			remove_entry(staged, &ignore);
		free(staged);
	}
	free(final);
	entries_free(have, nhave);
	places_release(&pl);
	pack_free(p);
	return rc;
}

static void list_dir(const char *dir, const char *state)
{
	size_t n;
	struct entry *e = entries_read(dir, NULL, &n);

	for (size_t i = 0; i < n; i++) {
		struct diag_list dl = {0};
		struct pack *p = NULL;
		struct strbuf title = {0};
		if (pack_load(e[i].path, &p, &dl) == 0) {
			strbuf_add_inert(&title, p->title ? p->title : "");
			printf("%s\t%s\t%s\t%zu\t%s\n", e[i].id, e[i].version, state, p->nscenarios, title.buf);
		} else {
			printf("%s\t%s\t%s (does not load)\t0\t\n", e[i].id, e[i].version, state);
		}
		strbuf_release(&title);
		pack_free(p);
		diag_list_release(&dl);
	}
	entries_free(e, n);
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
	list_dir(pl.active, "installed");
	list_dir(pl.archive, "kept");
	catalog_add_dir(&cat, bundled, &dl);
	for (size_t i = 0; i < cat.npacks; i++) {
		struct strbuf title = {0};
		strbuf_add_inert(&title, cat.packs[i]->title ? cat.packs[i]->title : "");
		printf("%s\t%s\tbundled\t%zu\t%s\n", cat.packs[i]->id, cat.packs[i]->version, cat.packs[i]->nscenarios,
		       title.buf);
		strbuf_release(&title);
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
	struct entry *act = NULL, *kept = NULL;
	size_t nact = 0, nkept = 0, removed = 0;
	int rc = 0;

	if (version)
		*version++ = '\0';
	if (!*id || (version && !version_safe(version))) {
		fprintf(stderr, "micoach: pack remove: '%s' is not PACK or PACK@VERSION\n", spec);
		free(id);
		return EXIT_USAGE;
	}
	if (places_get(&pl, false, &err)) {
		free(id);
		return app_fail(&err);
	}
	act = entries_read(pl.active, id, &nact);
	kept = entries_read(pl.archive, id, &nkept);
	for (size_t i = 0; i < nact + nkept && !rc; i++) {
		struct entry *e = i < nact ? &act[i] : &kept[i - nact];
		if (version && strcmp(e->version, version))
			continue;
		if ((rc = remove_entry(e->path, &err) ? app_fail(&err) : 0) == 0) {
			printf("Removed %s %s%s.\n", e->id, e->version, i < nact ? "" : " (a kept older version)");
			removed++;
			/* The installed version went: the newest kept one takes its place. */
			if (i < nact && version && nkept) {
				struct entry *back = NULL;
				for (size_t k = 0; k < nkept; k++)
					if (strcmp(kept[k].version, version))
						back = &kept[k];
				if (back) {
					char *to = xasprintf("%s/%s@%s%s", pl.active, back->id, back->version,
							     back->single ? ".yaml" : "");
					if (rename(back->path, to) == 0)
						printf("Installed %s %s again (it was kept).\n", back->id, back->version);
					free(back->version);
					back->version = xstrdup(""); /* not removed below */
					free(to);
				}
			}
		}
	}
	if (!rc && !removed) {
		fprintf(stderr, "micoach: pack remove: no installed pack %s; 'micoach pack list' shows them\n", spec);
		rc = EXIT_NOINPUT;
	}
	if (!rc)
		puts("Sessions practised on it stay in the database; 'micoach history' and 'micoach show' still read them.");
	entries_free(act, nact);
	entries_free(kept, nkept);
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
