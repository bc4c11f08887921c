/* yamldoc.c: untrusted YAML text to a plain tree (see yamldoc.h); the only
 * file that includes yaml.h.
 *
 * A byte-order mark at the very start is skipped (and refused anywhere
 * else). The text is checked to be UTF-8 before libyaml sees it, so that a
 * bad byte is reported where it is. libyaml's event API then drives a stack of open
 * containers; anchors, aliases, tags, a second document, complex keys and
 * nesting past the cap stop the parse at once. Duplicate keys are found when
 * a mapping closes, by sorting its keys (or, for a caller that wants only the
 * first, as each key is read). Every node and string lives in one arena
 * per document, so a tree costs a handful of allocations and one free.
 * A filtered parse (the catalog's: a scenario's header without its nodes)
 * leaves the values its filter names unbuilt: their events are scanned and
 * checked, and dropped. */
#include "yaml/yamldoc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/util.h"

#define BOM "\xef\xbb\xbf"

/* ---- the arena --------------------------------------------------------- */

struct yamldoc_chunk {
	struct yamldoc_chunk *next;
	size_t used, size;
	max_align_t data[];
};

static void *arena_alloc(struct yamldoc *doc, size_t n)
{
	size_t align = sizeof(max_align_t);
	struct yamldoc_chunk *c = doc->arena;

	n = (n + align - 1) / align * align;
	if (!c || c->size - c->used < n) {
		size_t size = n > 65536 ? n : 65536;
		c = xmalloc(sizeof *c + size);
		c->next = doc->arena;
		c->used = 0;
		c->size = size;
		doc->arena = c;
	}
	void *p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

void yamldoc_free(struct yamldoc *doc)
{
	if (!doc)
		return;
	while (doc->arena) {
		struct yamldoc_chunk *next = doc->arena->next;
		free(doc->arena);
		doc->arena = next;
	}
	free(doc);
}

/* ---- reporting --------------------------------------------------------- */

struct parse {
	const unsigned char *buf;
	size_t n;
	const struct yamldoc_limits *lim;
	yamldoc_report_fn *report;
	void *ctx;
	size_t problems;
	struct yamldoc *doc;
	const struct yamldoc_filter *filter; /* NULL: build everything */
};

static void problem_report(struct parse *P, const struct yamldoc_problem *p)
{
	P->problems++;
	P->report(P->ctx, p);
}

static void problem_at(struct parse *P, enum yamldoc_problem_kind kind, int line, int col, const char *text)
{
	struct yamldoc_problem p = { .kind = kind, .line = line, .col = col, .text = text };

	problem_report(P, &p);
}

/* 1-based line and column (in characters) of a byte offset. */
static void offset_locate(const unsigned char *buf, size_t off, int *line, int *col)
{
	int l = 1, c = 1;

	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			l++;
			c = 1;
		} else if ((buf[i] & 0xc0) != 0x80) {
			c++;
		}
		if (l == INT_MAX || c == INT_MAX)
			break;
	}
	*line = l;
	*col = c;
}

static int mark_int(size_t v)
{
	return v >= (size_t)INT_MAX ? INT_MAX : (int)v + 1;
}

static void report_parser_error(struct parse *P, const yaml_parser_t *y)
{
	struct yamldoc_problem p = {
		.kind = YAMLDOC_SYNTAX,
		.mark_line = mark_int(y->problem_mark.line),
		.mark_col = mark_int(y->problem_mark.column),
		.text = y->problem,
	};

	p.line = p.mark_line;
	p.col = p.mark_col;
	if (y->error == YAML_READER_ERROR) {
		p.kind = YAMLDOC_READER;
		offset_locate(P->buf, y->problem_offset, &p.line, &p.col);
	} else if (y->error == YAML_MEMORY_ERROR) {
		p.kind = YAMLDOC_MEMORY;
	} else {
		size_t at = y->problem_mark.index;
		p.tab = at < P->n && P->buf[at] == '\t';
		p.context = y->context;
		p.context_line = mark_int(y->context_mark.line);
	}
	problem_report(P, &p);
}

/* ---- events to tree ---------------------------------------------------- */

struct frame {
	struct yamldoc_node *node;
	struct yamldoc_node **kids; /* reused by every container opened at this depth */
	size_t n, alloc;
};

static int key_cmp(const void *a, const void *b)
{
	const struct yamldoc_node *x = *(struct yamldoc_node *const *)a, *y = *(struct yamldoc_node *const *)b;
	int c = strcmp(x->str, y->str);

	if (c)
		return c;
	return x->line != y->line ? (x->line < y->line ? -1 : 1) : (x->col < y->col ? -1 : x->col > y->col);
}

static void report_duplicate(struct parse *P, const struct yamldoc_node *dup, const struct yamldoc_node *first)
{
	struct yamldoc_problem p = {
		.kind = YAMLDOC_DUPLICATE_KEY, .line = dup->line, .col = dup->col,
		.text = dup->str, .first_line = first->line,
	};

	problem_report(P, &p);
}

/* Report the duplicate keys of a finished mapping. Sorting finds them in
 * O(n log n) even for a hostile mapping with thousands of keys. */
static void map_check_dups(struct parse *P, const struct yamldoc_node *m)
{
	size_t nk = m->n / 2;
	struct yamldoc_node **keys;

	if (nk < 2)
		return;
	if (nk <= 16) {
		/* Most mappings are small: compare pairwise, no allocation. */
		for (size_t i = 1; i < nk; i++)
			for (size_t j = 0; j < i; j++)
				if (!strcmp(m->kids[2 * i]->str, m->kids[2 * j]->str)) {
					report_duplicate(P, m->kids[2 * i], m->kids[2 * j]);
					break;
				}
		return;
	}
	keys = xmalloc(nk * sizeof *keys);
	for (size_t i = 0; i < nk; i++)
		keys[i] = m->kids[2 * i];
	qsort(keys, nk, sizeof *keys, key_cmp);
	for (size_t i = 1; i < nk; i++)
		if (!strcmp(keys[i]->str, keys[i - 1]->str))
			report_duplicate(P, keys[i], keys[i - 1]);
	free(keys);
}

static bool frame_push_kid(struct parse *P, struct frame *f, struct yamldoc_node *kid)
{
	if (P->lim->kids_max && f->n >= P->lim->kids_max) {
		struct yamldoc_problem p = {
			.kind = YAMLDOC_TOO_MANY_KIDS, .line = kid->line, .col = kid->col,
			.in_map = f->node->kind == YAMLDOC_MAP,
		};
		problem_report(P, &p);
		return false;
	}
	if (P->lim->stop_at_duplicate && f->node->kind == YAMLDOC_MAP && f->n % 2 == 0) {
		/* A key: compare it with the mapping's keys so far, so that the
		 * parse stops at the first repeat, before anything after it. */
		for (size_t i = 0; i < f->n; i += 2)
			if (!strcmp(f->kids[i]->str, kid->str)) {
				report_duplicate(P, kid, f->kids[i]);
				return false;
			}
	}
	if (f->n == f->alloc) {
		f->alloc = f->alloc ? 2 * f->alloc : 8;
		f->kids = xrealloc(f->kids, f->alloc * sizeof *f->kids);
	}
	f->kids[f->n++] = kid;
	return true;
}

static const char *event_anchor(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT: return (const char *)ev->data.scalar.anchor;
	case YAML_SEQUENCE_START_EVENT: return (const char *)ev->data.sequence_start.anchor;
	case YAML_MAPPING_START_EVENT: return (const char *)ev->data.mapping_start.anchor;
	default: return NULL;
	}
}

static const char *event_tag(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT: return (const char *)ev->data.scalar.tag;
	case YAML_SEQUENCE_START_EVENT: return (const char *)ev->data.sequence_start.tag;
	case YAML_MAPPING_START_EVENT: return (const char *)ev->data.mapping_start.tag;
	default: return NULL;
	}
}

/* The checks before libyaml sees the text: not too large, not empty, UTF-8
 * (libyaml would stop at a bad byte too, but say less about where). */
static bool text_check(struct parse *P)
{
	size_t bad;

	if (P->n > P->lim->size_max) {
		struct yamldoc_problem p = { .kind = YAMLDOC_TOO_LARGE, .size = P->n };
		problem_report(P, &p);
		return false;
	}
	if (P->n == 0) {
		problem_at(P, YAMLDOC_EMPTY, 1, 1, NULL);
		return false;
	}
	if (!utf8_valid((const char *)P->buf, P->n, &bad)) {
		struct yamldoc_problem p = { .kind = P->buf[bad] ? YAMLDOC_BAD_UTF8 : YAMLDOC_BINARY,
					     .byte = P->buf[bad] };
		offset_locate(P->buf, bad, &p.line, &p.col);
		problem_report(P, &p);
		return false;
	}
	/* One byte-order mark at the very start was skipped (yamldoc_parse);
	 * libyaml would skip another at the start of any line too, moving
	 * every column after it, and keep one elsewhere as text. */
	for (const unsigned char *b = P->buf; (b = memchr(b, BOM[0], P->n - (size_t)(b - P->buf))); b++) {
		size_t i = (size_t)(b - P->buf);
		if (i + 3 > P->n || memcmp(b, BOM, 3))
			continue;
		struct yamldoc_problem p = {
			.kind = YAMLDOC_READER,
			.text = "a byte-order mark (U+FEFF) after the start of the text; only the very start "
				"of a file may hold one: delete it",
		};
		offset_locate(P->buf, i, &p.line, &p.col);
		p.mark_line = p.line;
		p.mark_col = p.col;
		problem_report(P, &p);
		return false;
	}
	return true;
}

static struct yamldoc_node *node_new(struct parse *P, enum yamldoc_kind kind, int line, int col)
{
	struct yamldoc_node *node = arena_alloc(P->doc, sizeof *node);

	memset(node, 0, sizeof *node);
	node->kind = kind;
	node->line = line;
	node->col = col;
	return node;
}

/* Is the event about to be read the value of a key the filter skips? */
static bool value_skipped(const struct parse *P, const struct frame *stack, int depth)
{
	const struct frame *f = &stack[depth];

	if (!P->filter || depth <= 0 || depth >= (int)(sizeof P->filter->depths * CHAR_BIT) ||
	    !(P->filter->depths & (1u << depth)) || f->node->kind != YAMLDOC_MAP || f->n % 2 == 0)
		return false;
	for (const char *const *k = P->filter->skip; *k; k++)
		if (!strcmp(*k, f->kids[f->n - 1]->str))
			return true;
	return false;
}

/* Close the container open at *depth; it, finished. */
static struct yamldoc_node *frame_close(struct parse *P, struct frame *stack, int *depth)
{
	struct frame *f = &stack[*depth];
	struct yamldoc_node *closed = f->node;

	closed->n = f->n;
	closed->kids = arena_alloc(P->doc, (f->n ? f->n : 1) * sizeof *closed->kids);
	if (f->n)
		memcpy(closed->kids, f->kids, f->n * sizeof *f->kids);
	f->n = 0;
	(*depth)--;
	if (closed->kind == YAMLDOC_MAP && !P->lim->stop_at_duplicate)
		map_check_dups(P, closed);
	return closed;
}

/* A top-level key the filter skips (in a block mapping, so every key of
 * it starts a line at column 1) has just been read, its value starting at
 * byte at. Does nothing but skipped keys follow? Every line after the
 * value's first must then be indented, blank, a comment, an item of a
 * block list at column 1, or another skipped key; anything else (a key
 * the caller reads, a quoted or explicit key, a document marker, a
 * continuation at column 1) says no, and the parse goes on. Then the rest
 * of the text is for a whole read to check. */
static bool rest_skipped(const struct parse *P, const struct frame *stack, size_t at)
{
	const struct yamldoc_node *key = stack[1].kids[stack[1].n - 2];
	const unsigned char *p = P->buf + (at < P->n ? at : P->n), *end = P->buf + P->n;

	if (P->filter == NULL || !(P->filter->depths & 2u) || key->col != 1)
		return false;
	while ((p = memchr(p, '\n', (size_t)(end - p))) && ++p < end) {
		const unsigned char *q = p;
		bool ok = false;

		if (*p == ' ' || *p == '\n' || *p == '\r' || *p == '#')
			continue;
		if (*p == '-' && (p + 1 == end || p[1] == ' ' || p[1] == '\n' || p[1] == '\r'))
			continue;
		while (q < end && *q != ':' && *q != '\n' && *q != ' ')
			q++;
		if (q < end && *q == ':' && (q + 1 == end || q[1] == ' ' || q[1] == '\n' || q[1] == '\r'))
			for (const char *const *k = P->filter->skip; *k && !ok; k++)
				ok = strlen(*k) == (size_t)(q - p) && !memcmp(*k, p, (size_t)(q - p));
		if (!ok)
			return false;
	}
	return true;
}

/* The event loop; the root, or NULL when the parse stopped. */
static struct yamldoc_node *tree_build(struct parse *P, yaml_parser_t *parser, struct frame *stack)
{
	const struct yamldoc_limits *lim = P->lim;
	yaml_event_t ev;
	int depth = 0, docs = 0;
	int skipping = 0;  /* containers open inside a skipped value */
	bool root_block = false;  /* the root is a block mapping (its keys start lines) */
	size_t events = 0;
	struct yamldoc_node *root = NULL;
	bool done = false, failed = false;

	while (!done && !failed) {
		if (!yaml_parser_parse(parser, &ev)) {
			report_parser_error(P, parser);
			return NULL;
		}
		int line = mark_int(ev.start_mark.line), col = mark_int(ev.start_mark.column);
		const char *anchor = event_anchor(&ev), *tag = event_tag(&ev);
		struct yamldoc_node *node = NULL;

		if (anchor) {
			problem_at(P, YAMLDOC_ANCHOR, line, col, anchor);
			failed = true;
		} else if (tag) {
			problem_at(P, YAMLDOC_TAG, line, col, tag);
			failed = true;
		} else if (ev.type == YAML_ALIAS_EVENT) {
			problem_at(P, YAMLDOC_ALIAS, line, col, (const char *)ev.data.alias.anchor);
			failed = true;
		} else if (lim->events_max && ++events > lim->events_max) {
			problem_at(P, YAMLDOC_TOO_MANY_EVENTS, line, col, NULL);
			failed = true;
		}
		if (!failed && skipping) {
			/* Inside a skipped value: scanned and checked, not built. */
			if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) {
				if (depth + skipping >= lim->depth_max) {
					problem_at(P, YAMLDOC_TOO_DEEP, line, col, NULL);
					failed = true;
				}
				skipping++;
			} else if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT) {
				skipping--;
			} else if (ev.type == YAML_SCALAR_EVENT &&
				   strnlen((const char *)ev.data.scalar.value, ev.data.scalar.length) != ev.data.scalar.length) {
				problem_at(P, YAMLDOC_NUL_IN_VALUE, line, col, NULL);
				failed = true;
			}
			yaml_event_delete(&ev);
			continue;
		}
		bool skip = !failed && value_skipped(P, stack, depth);
		switch (failed ? YAML_NO_EVENT : ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				problem_at(P, YAMLDOC_SECOND_DOCUMENT, line, col, NULL);
				failed = true;
			}
			break;
		case YAML_SCALAR_EVENT:
			node = node_new(P, YAMLDOC_SCALAR, line, col);
			node->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			node->skipped = skip;
			node->len = skip ? 0 : ev.data.scalar.length;
			node->str = arena_alloc(P->doc, node->len + 1);
			memcpy(node->str, ev.data.scalar.value, node->len);
			node->str[node->len] = '\0';
			if (strnlen((const char *)ev.data.scalar.value, ev.data.scalar.length) != ev.data.scalar.length) {
				problem_at(P, YAMLDOC_NUL_IN_VALUE, line, col, NULL);
				failed = true;
			}
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (depth >= lim->depth_max) {
				problem_at(P, YAMLDOC_TOO_DEEP, line, col, NULL);
				failed = true;
				break;
			}
			node = node_new(P, ev.type == YAML_MAPPING_START_EVENT ? YAMLDOC_MAP : YAMLDOC_LIST, line, col);
			if (skip) {
				node->skipped = true;
				node->kids = arena_alloc(P->doc, sizeof *node->kids);
			}
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT: {
			struct yamldoc_node *closed = frame_close(P, stack, &depth);

			if (depth == 0)
				root = closed;
			break;
		}
		default:
			break;
		}
		if (node && !failed) {
			if (depth > 0) {
				struct frame *f = &stack[depth];
				if (f->node->kind == YAMLDOC_MAP && f->n % 2 == 0 && node->kind != YAMLDOC_SCALAR) {
					struct yamldoc_problem p = { .kind = YAMLDOC_COMPLEX_KEY, .line = line, .col = col,
								     .in_map = node->kind == YAMLDOC_MAP };
					problem_report(P, &p);
					failed = true;
				} else if (!frame_push_kid(P, f, node)) {
					failed = true;
				}
			} else if (node->kind == YAMLDOC_SCALAR) {
				root = node;
			}
			if (!failed && node->skipped && depth == 1 && root_block && rest_skipped(P, stack, ev.start_mark.index)) {
				/* Nothing the caller builds follows: stop here. */
				root = frame_close(P, stack, &depth);
				done = true;
			} else if (!failed && node->skipped && node->kind != YAMLDOC_SCALAR) {
				skipping = 1;
			} else if (!failed && node->kind != YAMLDOC_SCALAR) {
				if (depth == 0)
					root_block = node->kind == YAMLDOC_MAP &&
						     ev.data.mapping_start.style != YAML_FLOW_MAPPING_STYLE;
				depth++;
				stack[depth].node = node;
				stack[depth].n = 0;
			}
		}
		yaml_event_delete(&ev);
	}
	return failed ? NULL : root;
}

struct yamldoc *yamldoc_parse(const char *buf, size_t len, const struct yamldoc_limits *lim,
			      yamldoc_report_fn *report, void *ctx)
{
	return yamldoc_parse_filtered(buf, len, lim, NULL, report, ctx);
}

struct yamldoc *yamldoc_parse_filtered(const char *buf, size_t len, const struct yamldoc_limits *lim,
				       const struct yamldoc_filter *filter, yamldoc_report_fn *report, void *ctx)
{
	struct parse P = { .buf = (const unsigned char *)buf, .n = len, .lim = lim, .report = report, .ctx = ctx,
			   .filter = filter };
	yaml_parser_t parser;
	struct frame *stack;
	struct yamldoc_node *root;
	int depth_max = lim->depth_max > 0 ? lim->depth_max : 1;

	/* A UTF-8 byte-order mark (editors on Windows write one) is no text:
	 * libyaml would count it as a column, and a "---" after it would not
	 * start the document. Marks count from the character after it. */
	if (len >= 3 && !memcmp(buf, BOM, 3)) {
		P.buf += 3;
		P.n = len -= 3;
	}
	if (!text_check(&P))
		return NULL;
	P.doc = xcalloc(1, sizeof *P.doc);
	stack = xcalloc((size_t)depth_max + 1, sizeof *stack);
	if (!yaml_parser_initialize(&parser))
		die("cannot initialise the YAML parser");
	yaml_parser_set_input_string(&parser, P.buf, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	root = tree_build(&P, &parser, stack);
	yaml_parser_delete(&parser);
	for (int i = 0; i <= depth_max; i++)
		free(stack[i].kids);
	free(stack);
	if (!root && !P.problems)
		problem_at(&P, YAMLDOC_NO_CONTENT, 1, 1, NULL);
	if (P.problems) {
		yamldoc_free(P.doc);
		return NULL;
	}
	P.doc->root = root;
	return P.doc;
}
