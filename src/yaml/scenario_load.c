/* scenario_load.c: loading scenario packs (scenario.h): a pack directory
 * (pack.yaml and one file per scenario), a single-file pack, a lone scenario
 * file, or text in memory. A file is read whole (at most FILE_MAX bytes) and
 * handed to yamldoc.c, which refuses what an untrusted file must not use
 * (invalid UTF-8, anchors, aliases, tags, a second document, complex or
 * duplicate keys, nesting deeper than DEPTH_MAX, more than ITEMS_MAX entries
 * in one mapping or list); yaml_problem() below words those refusals for
 * authors. scenario_build.c then walks the tree against the format
 * (docs/scenario-format.md). Packs are untrusted: nothing here crashes or
 * loops on any input, and every limit is documented in the authoring guide.
 *
 * The catalog reads only each scenario's header (L->header: the filtered
 * parse of yamldoc.h skips the nodes, endings, tests, answers and moves);
 * scenario_read_whole() reads one scenario whole from the same file when a
 * command needs it, with the same checks and messages as pack_load(). */
#include "scenario_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "io/file.h"
#include "io/paths.h"
#include "yaml/pack_load.h"

/* yamldoc's refusals, in the words of the authoring guide. */
static void yaml_problem(void *ctx, const struct yamldoc_problem *p)
{
	struct loader *L = ctx;
	const char *problem = p->text ? p->text : "malformed YAML";
	const char *hint = "";

	switch (p->kind) {
	case YAMLDOC_TOO_LARGE:
		err_at(L, 0, 0, "the text is over the limit of %d bytes (4 MiB)", FILE_MAX);
		break;
	case YAMLDOC_EMPTY:
		err_at(L, p->line, p->col,
		       "the file is empty; a scenario file holds a YAML mapping (see docs/scenario-format.md)");
		break;
	case YAMLDOC_BINARY:
		err_at(L, p->line, p->col, "binary data (a NUL byte); scenario files are UTF-8 text");
		break;
	case YAMLDOC_BAD_UTF8:
		err_at(L, p->line, p->col, "invalid UTF-8 (byte 0x%02x); save the file as UTF-8", p->byte);
		break;
	case YAMLDOC_READER:
		err_at(L, p->line, p->col, "cannot read the text: %s", problem);
		break;
	case YAMLDOC_MEMORY:
		err_at(L, 0, 0, "out of memory while parsing");
		break;
	case YAMLDOC_SYNTAX:
		/* libyaml's words, plus a hint for the two mistakes authors make most. */
		if (p->tab)
			hint = "; indent with spaces, YAML does not allow tabs there";
		else if (strstr(problem, "mapping values are not allowed"))
			hint = "; put text that contains ': ' in double quotes";
		if (p->context)
			err_at(L, p->line, p->col, "YAML syntax error: %s %s (from line %d)%s", problem, p->context,
			       p->context_line, hint);
		else
			err_at(L, p->line, p->col, "YAML syntax error: %s%s", problem, hint);
		break;
	case YAMLDOC_ANCHOR:
		err_at(L, p->line, p->col, "anchors (&%s) are not allowed; write the value out in full",
		       shorten(p->text));
		break;
	case YAMLDOC_ALIAS:
		err_at(L, p->line, p->col, "aliases (*%s) are not allowed; write the value out in full",
		       shorten(p->text));
		break;
	case YAMLDOC_TAG:
		err_at(L, p->line, p->col, "tags (%s) are not allowed; write a plain value", shorten(p->text));
		break;
	case YAMLDOC_SECOND_DOCUMENT:
		err_at(L, p->line, p->col, "a second YAML document ('---'); a file holds one document");
		break;
	case YAMLDOC_NUL_IN_VALUE:
		err_at(L, p->line, p->col, "a NUL character in a value; scenario files are text");
		break;
	case YAMLDOC_TOO_DEEP:
		err_at(L, p->line, p->col, "nested more than %d levels deep; the format never needs this much",
		       DEPTH_MAX);
		break;
	case YAMLDOC_COMPLEX_KEY:
		err_at(L, p->line, p->col, "a mapping or list used as a key; keys are plain words");
		break;
	case YAMLDOC_TOO_MANY_KIDS:
	case YAMLDOC_TOO_MANY_EVENTS:
		err_at(L, p->line, p->col, "more than %d entries in one %s; split the file", ITEMS_MAX,
		       p->in_map ? "mapping" : "list");
		break;
	case YAMLDOC_DUPLICATE_KEY:
		err_at(L, p->line, p->col, "duplicate key '%s' (first at line %d); each key may appear once",
		       shorten(p->text), p->first_line);
		break;
	case YAMLDOC_NO_CONTENT:
		err_at(L, p->line, p->col, "the file holds no YAML content (only comments or blank lines); "
		       "see docs/scenario-format.md");
		break;
	}
}

/* ---- files ------------------------------------------------------------- */

/* The file name, kept by the pack so that marks can point into it. */
static const char *pack_add_file(struct pack *p, const char *path)
{
	p->files = xrealloc(p->files, (p->nfiles + 1) * sizeof *p->files);
	p->files[p->nfiles] = xstrdup(path);
	return p->files[p->nfiles++];
}

/* Read a whole regular file, at most FILE_MAX bytes (io/file.h). */
static char *file_read(struct loader *L, const char *path, size_t *len)
{
	struct error err = {0};
	char *buf;

	if (file_read_capped(path, FILE_MAX, "scenario file", &buf, len, &err)) {
		err_at(L, 0, 0, "%s", file_error_reason(&err, path));
		return NULL;
	}
	return buf;
}

enum file_role { ROLE_ANY, ROLE_MANIFEST, ROLE_SCENARIO };

/* One file's tree into p: a manifest (pack.yaml), a scenario file, or
 * (ROLE_ANY) a single-file pack or a lone scenario. */
static void load_tree(struct loader *L, struct pack *p, const struct yamldoc_node *root, enum file_role role)
{
	static const char *const manifest_keys[] = { "pack", NULL };
	static const char *const single_keys[] = { "pack", "scenarios", NULL };
	const struct yamldoc_node *pk, *sc;

	if (root->kind != YAMLDOC_MAP) {
		err_node(L, root, "the file must hold a mapping of keys at the top level, not %s", ytype(root));
		return;
	}
	pk = map_get(root, "pack");
	if (role == ROLE_MANIFEST) {
		map_check_keys(L, root, "pack.yaml (scenarios go in their own files beside it)", manifest_keys);
		if (!pk) {
			if (!misspelt_present(L, root, "pack"))
				err_node(L, root, "pack.yaml is missing the required key 'pack'");
		} else {
			build_pack_meta(L, p, pk);
		}
		return;
	}
	if (pk && role == ROLE_SCENARIO) {
		err_node(L, root, "only pack.yaml (or a single-file pack outside a pack directory) holds 'pack:'");
		return;
	}
	if (!pk) {
		/* A scenario file (in a pack directory, or alone). */
		build_scenario(L, p, root);
		return;
	}
	map_check_keys(L, root, "a single-file pack", single_keys);
	build_pack_meta(L, p, pk);
	sc = map_get(root, "scenarios");
	if (!sc) {
		if (!misspelt_present(L, root, "scenarios"))
			err_node(L, root, "a single-file pack is missing the required key 'scenarios' (a list of scenarios)");
	} else if (sc->kind != YAMLDOC_LIST || sc->n == 0) {
		err_node(L, sc, "'scenarios' must be a list of 1 or more scenarios, not %s",
			 sc->kind == YAMLDOC_LIST ? "an empty list" : ytype(sc));
	} else {
		for (size_t i = 0; i < sc->n; i++)
			build_scenario(L, p, sc->kids[i]);
	}
}

static void problem_count(void *ctx, const struct yamldoc_problem *p)
{
	(void)p;
	(*(size_t *)ctx)++;
}

/* Parse one file's text and load its tree into p. A header read builds no
 * scenario's body: the keys of scenario_body_keys in a lone scenario's
 * mapping (depth 1) and in each of a single-file pack's `scenarios` (depth
 * 3) are scanned, not built. When that parse finds a problem, the text is
 * parsed again whole, so the problem is reported exactly as a whole read
 * reports it (the first of them, with its place, as ever). */
static void load_text(struct loader *L, struct pack *p, const char *buf, size_t n, enum file_role role)
{
	static const struct yamldoc_limits limits = {
		.size_max = FILE_MAX, .depth_max = DEPTH_MAX, .kids_max = 2 * ITEMS_MAX,
	};
	static const struct yamldoc_filter body = { scenario_body_keys, 1u << 1 | 1u << 3 };
	struct yamldoc *doc = NULL;
	size_t problems = 0;

	if (L->header && role != ROLE_MANIFEST)
		doc = yamldoc_parse_filtered(buf, n, &limits, &body, problem_count, &problems);
	if (!doc)
		doc = yamldoc_parse(buf, n, &limits, yaml_problem, L);

	if (doc) {
		load_tree(L, p, doc->root, role);
		yamldoc_free(doc);
	}
	L->nsuggested = 0;  /* they point into the tree just freed */
}

static void load_file(struct loader *L, struct pack *p, const char *path, enum file_role role)
{
	size_t n = 0;
	struct stat st;
	char *buf;

	if (L->over)
		return;
	L->file = pack_add_file(p, path);
	/* Every command loads the catalog: a pack's files together are capped. */
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && L->bytes + (size_t)st.st_size > LIMIT_PACK_BYTES) {
		err_at(L, 0, 0, "the pack's files come to more than %d MiB, the most one pack may hold; split the pack",
		       LIMIT_PACK_BYTES / (1024 * 1024));
		L->over = true;
		return;
	}
	buf = file_read(L, path, &n);
	L->bytes += n;
	if (buf) {
		load_text(L, p, buf, n, role);
		free(buf);
	}
}

static char *file_stem(const char *path)
{
	const char *b = strrchr(path, '/');
	const char *dot;

	b = b ? b + 1 : path;
	dot = strrchr(b, '.');
	return xstrndup(b, dot && dot != b ? (size_t)(dot - b) : strlen(b));
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Checks over the whole pack once every file is read. */
static void pack_check(struct loader *L, struct pack *p)
{
	for (size_t i = 0; i < p->nscenarios; i++)
		for (size_t j = 0; j < i; j++)
			if (p->scenarios[i]->id && p->scenarios[j]->id && *p->scenarios[i]->id &&
			    !strcmp(p->scenarios[i]->id, p->scenarios[j]->id)) {
				const struct scenario *s = p->scenarios[i], *t = p->scenarios[j];
				L->file = s->at.file;
				err_at(L, s->at.line, s->at.col, "scenario id '%s' is already used at %s:%d:%d",
				       s->id, t->at.file, t->at.line, t->at.col);
				break;
			}
}

/* A lone scenario file gets a pack of its own, named after the file. */
static void pack_name_implicit(struct pack *p, const char *path)
{
	char *stem = file_stem(path);

	for (char *c = stem; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
			*c = (*c >= 'A' && *c <= 'Z') ? (char)(*c - 'A' + 'a') : '-';
	if (!*stem || strlen(stem) > ID_MAX) {
		free(stem);
		stem = xstrdup("local");
	}
	p->id = stem;
	/* A scenario that was not a mapping has no title. */
	p->title = xstrdup(p->nscenarios && p->scenarios[0]->title ? p->scenarios[0]->title : p->id);
	p->version = xstrdup("0.0.0");
}

static void pack_fill_defaults(struct pack *p)
{
	if (!p->id) p->id = xstrdup("");
	if (!p->title) p->title = xstrdup("");
	if (!p->version) p->version = xstrdup("");
	if (!p->author) p->author = xstrdup("");
	if (!p->description) p->description = xstrdup("");
}

/* A pack directory: pack.yaml, then every *.yaml beside it in name order
 * (or only `only` when it is set). */
static void load_dir(struct loader *L, struct pack *p, const char *dir, const char *only)
{
	char *manifest = xasprintf("%s/pack.yaml", dir);
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;

	load_file(L, p, manifest, ROLE_MANIFEST);
	free(manifest);
	if (only) {
		load_file(L, p, only, ROLE_SCENARIO);
		return;
	}
	d = opendir(dir);
	if (!d) {
		L->file = pack_add_file(p, dir);
		err_at(L, 0, 0, "cannot read the pack directory: %s", strerror(errno));
		return;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !str_has_suffix(de->d_name, ".yaml") || !strcmp(de->d_name, "pack.yaml"))
			continue;
		if (n >= FILES_MAX) {
			L->file = pack_add_file(p, dir);
			err_at(L, 0, 0, "more than %d scenario files in one pack; split the pack", FILES_MAX);
			break;
		}
		names = xrealloc(names, (n + 1) * sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, name_cmp);
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);
		load_file(L, p, path, ROLE_SCENARIO);
		free(path);
		free(names[i]);
	}
	free(names);
	if (n == 0 && L->errors == 0) {
		L->file = p->files[0];
		err_at(L, 0, 0, "the pack holds no scenarios; add one .yaml file per scenario beside pack.yaml");
	}
}

static bool is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Does this file's top-level mapping have a `pack` key? A cheap look at the
 * text, good enough to pick how to load it; the real check comes later. */
static bool text_has_pack_key(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[256];
	bool found = false;
	int lines = 0;

	if (!f)
		return false;
	while (!found && lines++ < 100000 && fgets(line, sizeof line, f))
		if (!strncmp(line, "pack:", 5))
			found = true;
	fclose(f);
	return found;
}

static int pack_finish(struct loader *L, struct pack *p, struct pack **out)
{
	free(L->suggested);
	L->suggested = NULL;
	L->nsuggested = 0;
	pack_fill_defaults(p);
	if (L->errors == 0)
		pack_check(L, p);
	if (L->errors) {
		pack_free(p);
		*out = NULL;
		return -1;
	}
	*out = p;
	return 0;
}

static int pack_read(const char *path_in, bool header, struct pack **out, struct diag_list *dl)
{
	struct loader L = { .dl = dl, .header = header };
	struct pack *p = xcalloc(1, sizeof *p);
	struct stat st;
	/* "pack/" names the same pack as "pack"; keep messages free of "//". */
	char *path = xstrdup(path_in);
	size_t len = strlen(path);

	while (len > 1 && path[len - 1] == '/')
		path[--len] = '\0';
	*out = NULL;
	p->dir = xstrdup(path);
	if (stat(path, &st) != 0) {
		L.file = pack_add_file(p, path);
		if (errno == ELOOP)
			err_at(&L, 0, 0, "cannot open: a symbolic link loop (too many levels of symbolic links)");
		else
			err_at(&L, 0, 0, "cannot open: %s", strerror(errno));
	} else if (S_ISDIR(st.st_mode)) {
		char *manifest = xasprintf("%s/pack.yaml", path);
		struct stat mst;

		if (stat(manifest, &mst) == 0 || errno != ENOENT) {
			load_dir(&L, p, path, NULL);
		} else {
			L.file = pack_add_file(p, path);
			err_at(&L, 0, 0, "is a directory but not a pack: no pack.yaml in it "
			       "(a pack directory holds pack.yaml and one .yaml file per scenario)");
		}
		free(manifest);
	} else if (!S_ISREG(st.st_mode)) {
		L.file = pack_add_file(p, path);
		err_at(&L, 0, 0, "is not a regular file");
	} else {
		char *dir = paths_dirname(path);
		char *manifest = xasprintf("%s/pack.yaml", dir);
		const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

		if (!strcmp(base, "pack.yaml")) {
			free(p->dir);
			p->dir = xstrdup(dir);
			load_dir(&L, p, dir, NULL);
		} else if (is_file(manifest) && !text_has_pack_key(path)) {
			/* One scenario file of a pack directory. */
			free(p->dir);
			p->dir = xstrdup(dir);
			load_dir(&L, p, dir, path);
		} else {
			load_file(&L, p, path, ROLE_ANY);
			if (!p->id)
				pack_name_implicit(p, path);
		}
		free(manifest);
		free(dir);
	}
	free(path);
	return pack_finish(&L, p, out);
}

int pack_load(const char *path, struct pack **out, struct diag_list *dl)
{
	return pack_read(path, false, out, dl);
}

int pack_load_headers(const char *path, struct pack **out, struct diag_list *dl)
{
	return pack_read(path, true, out, dl);
}

static int buffer_read(const char *name, const char *buf, size_t len, bool header, struct pack **out,
		       struct diag_list *dl)
{
	struct loader L = { .dl = dl, .header = header };
	struct pack *p = xcalloc(1, sizeof *p);

	*out = NULL;
	p->dir = xstrdup(name);
	L.file = pack_add_file(p, name);
	if (len > FILE_MAX)
		err_at(&L, 0, 0, "the text is over the limit of %d bytes (4 MiB)", FILE_MAX);
	else
		load_text(&L, p, buf, len, ROLE_ANY);
	if (!p->id)
		pack_name_implicit(p, name);
	return pack_finish(&L, p, out);
}

int pack_load_buffer(const char *name, const char *buf, size_t len, struct pack **out,
		     struct diag_list *dl)
{
	return buffer_read(name, buf, len, false, out, dl);
}

int pack_load_buffer_headers(const char *name, const char *buf, size_t len, struct pack **out,
			     struct diag_list *dl)
{
	return buffer_read(name, buf, len, true, out, dl);
}

/* ---- a scenario read whole, after its header ---- */

static char **strv_dup(char *const *v, size_t n)
{
	char **d = xcalloc(n + 1, sizeof *d);

	for (size_t i = 0; i < n; i++)
		d[i] = xstrdup(v[i]);
	return d;
}

static bool str_same(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

int scenario_read_whole(const struct scenario *head, struct pack **pack_out, const struct scenario **out,
			struct diag_list *dl)
{
	struct loader L = { .dl = dl };
	const struct pack *hp = head->pack;
	struct pack *p = xcalloc(1, sizeof *p);
	/* A scenario file of a pack directory holds no pack metadata: the
	 * header's pack gives it. A single-file pack gives its own again. */
	bool in_dir = hp->dir && strcmp(hp->dir, head->file);
	const struct scenario *found = NULL;

	*pack_out = NULL;
	*out = NULL;
	p->dir = xstrdup(hp->dir ? hp->dir : head->file);
	load_file(&L, p, head->file, in_dir ? ROLE_SCENARIO : ROLE_ANY);
	if (!p->id) {
		/* A scenario of a pack directory, or a lone scenario file. */
		p->id = xstrdup(hp->id);
		p->title = xstrdup(hp->title);
		p->version = xstrdup(hp->version);
		p->author = xstrdup(hp->author);
		p->description = xstrdup(hp->description);
		p->audience = strv_dup(hp->audience, hp->naudience);
		p->naudience = hp->naudience;
		p->skills = hp->skills;
	}
	if (L.errors == 0 && (!str_same(p->id, hp->id) || !str_same(p->version, hp->version))) {
		L.file = p->files[0];
		err_at(&L, 0, 0, "now holds pack '%s' %s, not '%s' %s: the file changed since micoach read it; "
		       "run the command again", shorten(p->id), shorten(p->version), shorten(hp->id),
		       shorten(hp->version));
	}
	for (size_t i = 0; L.errors == 0 && i < p->nscenarios && !found; i++)
		if (str_same(p->scenarios[i]->id, head->id))
			found = p->scenarios[i];
	if (L.errors == 0 && !found) {
		L.file = p->files[0];
		err_at(&L, 0, 0, "holds no scenario '%s' any more: the file changed since micoach read it; "
		       "run the command again", shorten(head->id));
	}
	if (pack_finish(&L, p, pack_out))
		return -1;
	*out = found;
	return 0;
}

/* ---- the packs of a scenario directory ---- */

/* Does the directory hold a *.yaml file (a pack missing its pack.yaml)? */
static bool dir_has_yaml(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	bool found = false;

	if (!d)
		return false;
	while (!found && (de = readdir(d)))
		found = de->d_name[0] != '.' && str_has_suffix(de->d_name, ".yaml");
	closedir(d);
	return found;
}

int catalog_add_dir(struct catalog *cat, const char *dir, struct diag_list *dl)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	int rc = 0;

	if (!d) {
		if (errno == ENOENT)
			return 0;
		diag_add(dl, DIAG_ERROR, dir, 0, 0, "cannot read scenario directory: %s", strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		names = xrealloc(names, (n + 1) * sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, name_cmp);
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s%s%s", dir, str_has_suffix(dir, "/") ? "" : "/", names[i]);
		struct stat st;
		struct pack *p = NULL;

		if (stat(path, &st) != 0) {
			diag_add(dl, DIAG_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			char *manifest = xasprintf("%s/pack.yaml", path);
			struct stat mst;

			if (stat(manifest, &mst) == 0 || errno != ENOENT) {
				if (pack_read(path, cat->headers_only, &p, dl) == 0) {
					if (catalog_add_pack(cat, p, dl))
						rc = -1;
				} else {
					rc = -1;
				}
			} else if (str_has_suffix(names[i], ".yaml")) {
				diag_add(dl, DIAG_ERROR, path, 0, 0,
					 "is a directory, not a scenario file (a pack directory needs a pack.yaml)");
				rc = -1;
			} else if (dir_has_yaml(path)) {
				diag_add(dl, DIAG_WARNING, path, 0, 0,
					 "holds .yaml files but no pack.yaml, so it is not a pack; skipped "
					 "(add a pack.yaml, see docs/scenario-format.md)");
			}
			free(manifest);
		} else if (str_has_suffix(names[i], ".yaml")) {
			if (pack_read(path, cat->headers_only, &p, dl) == 0) {
				if (catalog_add_pack(cat, p, dl))
					rc = -1;
			} else {
				rc = -1;
			}
		}
		free(path);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}
