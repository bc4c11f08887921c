/* scenario_strip.c: scenario text without some top-level keys (see
 * scenario_strip.h). Works on lines: in block style every key of a
 * scenario's mapping starts its own line, so a key and its value are the
 * lines from the key's line up to the line of the next node in document
 * order that is not part of its value. */
#include "yaml/scenario_strip.h"

#include <stdlib.h>
#include <string.h>

#include "yaml/yamldoc.h"

enum { STRIP_SIZE_MAX = 4 * 1024 * 1024, STRIP_DEPTH_MAX = 16, STRIP_ITEMS_MAX = 4096 };

struct strip {
	const struct yamldoc_node *skip;  /* the value being removed: its subtree does not count */
	const struct yamldoc_node *key;
	int after;                        /* the least line after key's of any other node; 0: none */
};

static void first_after(struct strip *s, const struct yamldoc_node *n)
{
	if (n == s->skip)
		return;
	if (n != s->key && n->line > s->key->line && (!s->after || n->line < s->after))
		s->after = n->line;
	for (size_t i = 0; i < n->n; i++)
		first_after(s, n->kids[i]);
}

/* The byte offset where 1-based line starts (len past the last line). */
static size_t line_start(const char *buf, size_t len, int line)
{
	size_t off = 0;

	for (int l = 1; l < line && off < len; off++)
		if (buf[off] == '\n')
			l++;
	return off;
}

struct cut {
	size_t from, to;
};

static int cut_cmp(const void *x, const void *y)
{
	const struct cut *a = x, *b = y;
	return a->from < b->from ? -1 : a->from > b->from;
}

static void problem(void *ctx, const struct yamldoc_problem *p)
{
	struct error *err = ctx;

	if (!err->status)
		error_set(err, EXIT_DATAERR, "line %d: the YAML does not parse (load the pack with 'micoach validate')",
			  p->line);
}

/* Add the cuts for the keys of scenario mapping m. */
static int scenario_cuts(const char *name, const char *buf, size_t len, const struct yamldoc_node *root,
			 const struct yamldoc_node *m, const char *const *keys, size_t nkeys, struct cut **cuts,
			 size_t *ncuts, struct error *err)
{
	for (size_t i = 0; m->kind == YAMLDOC_MAP && i + 1 < m->n; i += 2) {
		const struct yamldoc_node *k = m->kids[i];
		bool wanted = false;
		for (size_t j = 0; j < nkeys; j++)
			wanted |= !strcmp(k->str, keys[j]);
		if (!wanted)
			continue;
		struct strip s = { .skip = m->kids[i + 1], .key = k };
		first_after(&s, root);
		/* Another key on the key's own line: flow style, which this cannot cut. */
		for (size_t o = 0; o + 1 < m->n; o += 2)
			if (o != i && m->kids[o]->line == k->line)
				return error_set(err, EXIT_DATAERR,
						 "%s:%d:%d: '%s' shares its line with other keys; write the scenario "
						 "in block style (one key a line)", name, k->line, k->col, k->str);
		*cuts = xrealloc(*cuts, (*ncuts + 1) * sizeof **cuts);
		(*cuts)[(*ncuts)++] = (struct cut){ line_start(buf, len, k->line),
						    s.after ? line_start(buf, len, s.after) : len };
	}
	return 0;
}

int scenario_strip_keys(const char *name, const char *buf, size_t len, const char *const *keys, size_t nkeys,
			struct strbuf *out, size_t *removed, struct error *err)
{
	static const struct yamldoc_limits limits = {
		.size_max = STRIP_SIZE_MAX, .depth_max = STRIP_DEPTH_MAX, .kids_max = 2 * STRIP_ITEMS_MAX,
	};
	struct error perr = {0};
	struct yamldoc *doc = yamldoc_parse(buf, len, &limits, problem, &perr);
	struct cut *cuts = NULL;
	size_t ncuts = 0, at = 0;
	int rc = 0;

	*removed = 0;
	if (!doc)
		return error_set(err, EXIT_DATAERR, "%s: %s", name, perr.status ? perr.msg : "the YAML does not parse");
	const struct yamldoc_node *root = doc->root, *list = NULL;
	for (size_t i = 0; root->kind == YAMLDOC_MAP && i + 1 < root->n; i += 2)
		if (!strcmp(root->kids[i]->str, "scenarios") && root->kids[i + 1]->kind == YAMLDOC_LIST)
			list = root->kids[i + 1];
	if (list) {
		for (size_t i = 0; i < list->n && !rc; i++)
			rc = scenario_cuts(name, buf, len, root, list->kids[i], keys, nkeys, &cuts, &ncuts, err);
	} else {
		rc = scenario_cuts(name, buf, len, root, root, keys, nkeys, &cuts, &ncuts, err);
	}
	yamldoc_free(doc);
	if (rc) {
		free(cuts);
		return -1;
	}
	if (ncuts)
		qsort(cuts, ncuts, sizeof *cuts, cut_cmp);
	for (size_t i = 0; i < ncuts; i++) {
		if (cuts[i].from > at)
			strbuf_add(out, buf + at, cuts[i].from - at);
		if (cuts[i].to > at)
			at = cuts[i].to;
	}
	if (at < len)
		strbuf_add(out, buf + at, len - at);
	strbuf_add(out, "", 0);
	*removed = ncuts;
	free(cuts);
	return 0;
}
