/* scenario_yaml.c: reads scenario packs (the only file that includes yaml.h).
 *
 * A file is read whole (at most FILE_MAX bytes), checked to be UTF-8 text,
 * then turned by libyaml's event API into a small tree of mappings, lists and
 * scalars that keeps every element's line and column. Anchors, aliases, tags,
 * a second document, complex keys, duplicate keys and nesting deeper than
 * DEPTH_MAX are refused while the tree is built. The tree is then walked
 * against the format (docs/scenario-format.md) into the model of scenario.h:
 * unknown keys, wrong types and out-of-range numbers are refused with a
 * did-you-mean where one is likely, and every goto, meter, code and skill
 * name is resolved. Packs are untrusted: nothing here crashes or loops on any
 * input, and every limit below is documented in the authoring guide. */
#include "scenario.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>
#include <yaml.h>

#include "util.h"

enum {
	FILE_MAX = 4 * 1024 * 1024, /* bytes per file */
	DEPTH_MAX = 16,             /* nested mappings and lists */
	ITEMS_MAX = 4096,           /* entries in one mapping or list */
	FILES_MAX = 1000,           /* scenario files in one pack directory */
	VARIANTS_MAX = 64,          /* say: variants in one node */
	ID_MAX = 64,                /* characters in an id */
	METER_LIMIT = 1000000,      /* |min|, |max|, |value| in expressions */
	EFFECT_LIMIT = 1000,        /* |delta| */
	ERRORS_MAX = 100,           /* errors reported for one pack; the rest are counted only */
};

/* ---- the tree ---------------------------------------------------------- */

enum ykind { Y_SCALAR, Y_MAP, Y_SEQ };

struct ynode {
	enum ykind kind;
	bool plain;        /* a plain (unquoted) scalar */
	int line, col;
	char *str;         /* scalar text, NUL-terminated */
	size_t len;
	struct ynode **kids; /* map: key, value, key, value...; seq: items */
	size_t n;
};

struct chunk {
	struct chunk *next;
	size_t used, size;
	max_align_t data[];
};

struct arena {
	struct chunk *head;
};

static void *arena_alloc(struct arena *a, size_t n)
{
	size_t align = sizeof(max_align_t);
	struct chunk *c = a->head;

	n = (n + align - 1) / align * align;
	if (!c || c->size - c->used < n) {
		size_t size = n > 65536 ? n : 65536;
		c = xmalloc(sizeof *c + size);
		c->next = a->head;
		c->used = 0;
		c->size = size;
		a->head = c;
	}
	void *p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

static void arena_release(struct arena *a)
{
	while (a->head) {
		struct chunk *next = a->head->next;
		free(a->head);
		a->head = next;
	}
}

/* ---- diagnostics ------------------------------------------------------- */

struct loader {
	struct diag_list *dl;
	const char *file;      /* the file being read, owned by the pack */
	struct arena ar;
	int errors;
	struct scenario *s;    /* the scenario being built, for name resolution */
	struct {               /* keys suggested for misspelt ones, per mapping */
		const struct ynode *map;
		const char *key;
	} *suggested;
	size_t nsuggested;
};

static void verr(struct loader *L, int line, int col, const char *fmt, va_list ap)
{
	struct strbuf sb = {0};

	/* A hostile file can hold thousands of mistakes: report the first
	 * ERRORS_MAX, which is all anyone reads, and stop spending time on
	 * suggestions for the rest. */
	if (++L->errors < ERRORS_MAX) {
		strbuf_vaddf(&sb, fmt, ap);
		diag_add(L->dl, DIAG_ERROR, L->file, line, col, "%s", sb.buf);
	} else if (L->errors == ERRORS_MAX) {
		diag_add(L->dl, DIAG_ERROR, L->file, line, col,
			 "too many errors (%d); fix these first, the rest are not shown", ERRORS_MAX);
	}
	strbuf_release(&sb);
}

__attribute__((format(printf, 4, 5)))
static void err_at(struct loader *L, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(L, line, col, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 3, 4)))
static void err_node(struct loader *L, const struct ynode *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(L, n ? n->line : 0, n ? n->col : 0, fmt, ap);
	va_end(ap);
}

/* The closest candidate to word, or NULL when none is close enough to be
 * worth suggesting. */
static const char *suggest(const char *word, const char *const *cands, size_t n)
{
	size_t len = strlen(word);
	size_t max = len < 3 ? 1 : len < 9 ? 2 : 3;
	size_t best = max + 1;
	const char *pick = NULL;

	if (len > 100)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t d;
		if (!cands[i])
			continue;
		d = edit_distance(word, cands[i], max);
		if (d < best) {
			best = d;
			pick = cands[i];
		}
	}
	return pick;
}

/* " (did you mean 'x'?)" or "", in a static buffer for one message. */
static const char *did_you_mean(const struct loader *L, const char *word, const char *const *cands, size_t n)
{
	static char buf[160];
	const char *s = L->errors >= ERRORS_MAX ? NULL : suggest(word, cands, n);

	if (!s)
		return "";
	snprintf(buf, sizeof buf, " (did you mean '%.100s'?)", s);
	return buf;
}

/* Quote a scalar for a message, shortened. */
static const char *shorten(const char *s)
{
	static char buf[4][48];
	static int which;
	char *b = buf[which++ % 4];
	size_t n = strlen(s);

	if (n < sizeof buf[0])
		return s;
	memcpy(b, s, 40);
	/* do not cut a UTF-8 sequence */
	size_t k = 40;
	while (k > 0 && ((unsigned char)b[k] & 0xc0) == 0x80)
		k--;
	memcpy(b + k, "...", 4);
	return b;
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

/* ---- events to tree ---------------------------------------------------- */

struct frame {
	struct ynode *node;
	struct ynode **kids;
	size_t n, alloc;
};

static int key_cmp(const void *a, const void *b)
{
	const struct ynode *x = *(struct ynode *const *)a, *y = *(struct ynode *const *)b;
	int c = strcmp(x->str, y->str);

	if (c)
		return c;
	return x->line != y->line ? (x->line < y->line ? -1 : 1) : (x->col < y->col ? -1 : x->col > y->col);
}

/* Duplicate keys of a finished mapping, found by sorting: O(n log n) even
 * for a hostile mapping with thousands of keys. */
static void map_check_dups(struct loader *L, const struct ynode *m)
{
	size_t nk = m->n / 2;
	struct ynode **keys;

	if (nk < 2)
		return;
	if (nk <= 16) {
		/* Most mappings are small: compare pairwise, no allocation. */
		for (size_t i = 1; i < nk; i++)
			for (size_t j = 0; j < i; j++)
				if (!strcmp(m->kids[2 * i]->str, m->kids[2 * j]->str)) {
					err_node(L, m->kids[2 * i], "duplicate key '%s' (first at line %d); each key may appear once",
						 shorten(m->kids[2 * i]->str), m->kids[2 * j]->line);
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
			err_node(L, keys[i], "duplicate key '%s' (first at line %d); each key may appear once",
				 shorten(keys[i]->str), keys[i - 1]->line);
	free(keys);
}

static bool frame_push_kid(struct loader *L, struct frame *f, struct ynode *kid)
{
	if (f->n >= 2 * ITEMS_MAX) {
		err_node(L, kid, "more than %d entries in one %s; split the file", ITEMS_MAX,
			 f->node->kind == Y_MAP ? "mapping" : "list");
		return false;
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

static void report_parser_error(struct loader *L, const yaml_parser_t *p, const unsigned char *buf,
				size_t n)
{
	int line, col;
	const char *problem = p->problem ? p->problem : "malformed YAML";

	if (p->error == YAML_READER_ERROR) {
		offset_locate(buf, p->problem_offset, &line, &col);
		err_at(L, line, col, "cannot read the text: %s", problem);
	} else if (p->error == YAML_MEMORY_ERROR) {
		err_at(L, 0, 0, "out of memory while parsing");
	} else {
		/* libyaml's words, plus a hint for the two mistakes authors make most. */
		size_t at = p->problem_mark.index;
		const char *hint = "";

		if (at < n && buf[at] == '\t')
			hint = "; indent with spaces, YAML does not allow tabs there";
		else if (strstr(problem, "mapping values are not allowed"))
			hint = "; put text that contains ': ' in double quotes";
		line = mark_int(p->problem_mark.line);
		col = mark_int(p->problem_mark.column);
		if (p->context)
			err_at(L, line, col, "YAML syntax error: %s %s (from line %d)%s", problem, p->context,
			       mark_int(p->context_mark.line), hint);
		else
			err_at(L, line, col, "YAML syntax error: %s%s", problem, hint);
	}
}

/* Parse buf into a tree in L's arena; NULL (with errors reported) when the
 * text is not one acceptable YAML document. */
static struct ynode *tree_parse(struct loader *L, const unsigned char *buf, size_t n)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct frame stack[DEPTH_MAX + 1];
	int depth = 0, docs = 0;
	struct ynode *root = NULL;
	bool done = false, failed = false;
	int errors_before = L->errors;

	memset(stack, 0, sizeof stack);
	if (!yaml_parser_initialize(&parser))
		die("cannot initialise the YAML parser");
	yaml_parser_set_input_string(&parser, buf, n);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	while (!done && !failed) {
		if (!yaml_parser_parse(&parser, &ev)) {
			report_parser_error(L, &parser, buf, n);
			failed = true;
			break;
		}
		int line = mark_int(ev.start_mark.line), col = mark_int(ev.start_mark.column);
		const char *anchor = event_anchor(&ev), *tag = event_tag(&ev);
		struct ynode *node = NULL;

		if (anchor) {
			err_at(L, line, col, "anchors (&%s) are not allowed; write the value out in full",
			       shorten(anchor));
			failed = true;
		} else if (tag) {
			err_at(L, line, col, "tags (%s) are not allowed; write a plain value", shorten(tag));
			failed = true;
		}
		switch (failed ? YAML_NO_EVENT : ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				err_at(L, line, col, "a second YAML document ('---'); a file holds one document");
				failed = true;
			}
			break;
		case YAML_ALIAS_EVENT:
			err_at(L, line, col, "aliases (*%s) are not allowed; write the value out in full",
			       shorten((const char *)ev.data.alias.anchor));
			failed = true;
			break;
		case YAML_SCALAR_EVENT:
			node = arena_alloc(&L->ar, sizeof *node);
			memset(node, 0, sizeof *node);
			node->kind = Y_SCALAR;
			node->line = line;
			node->col = col;
			node->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			node->len = ev.data.scalar.length;
			node->str = arena_alloc(&L->ar, node->len + 1);
			memcpy(node->str, ev.data.scalar.value, node->len);
			node->str[node->len] = '\0';
			if (strlen(node->str) != node->len) {
				err_at(L, line, col, "a NUL character in a value; scenario files are text");
				failed = true;
			}
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (depth >= DEPTH_MAX) {
				err_at(L, line, col, "nested more than %d levels deep; the format never needs this much",
				       DEPTH_MAX);
				failed = true;
				break;
			}
			node = arena_alloc(&L->ar, sizeof *node);
			memset(node, 0, sizeof *node);
			node->kind = ev.type == YAML_MAPPING_START_EVENT ? Y_MAP : Y_SEQ;
			node->line = line;
			node->col = col;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT: {
			struct frame *f = &stack[depth];
			struct ynode *done_node = f->node;

			done_node->n = f->n;
			done_node->kids = arena_alloc(&L->ar, (f->n ? f->n : 1) * sizeof *done_node->kids);
			if (f->n)
				memcpy(done_node->kids, f->kids, f->n * sizeof *f->kids);
			f->n = 0;
			depth--;
			if (done_node->kind == Y_MAP)
				map_check_dups(L, done_node);
			if (depth == 0)
				root = done_node;
			break;
		}
		default:
			break;
		}
		if (node && !failed) {
			if (depth > 0) {
				struct frame *f = &stack[depth];
				if (f->node->kind == Y_MAP && f->n % 2 == 0 && node->kind != Y_SCALAR) {
					err_at(L, line, col, "a mapping or list used as a key; keys are plain words");
					failed = true;
				} else if (!frame_push_kid(L, f, node)) {
					failed = true;
				}
			} else if (node->kind == Y_SCALAR) {
				root = node;
			}
			if (!failed && node->kind != Y_SCALAR) {
				depth++;
				stack[depth].node = node;
				stack[depth].n = 0;
			}
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	for (int i = 0; i <= DEPTH_MAX; i++)
		free(stack[i].kids);
	if (failed || L->errors > errors_before)
		return NULL;
	if (!root) {
		err_at(L, 1, 1, "the file holds no YAML content (only comments or blank lines); "
		       "see docs/scenario-format.md");
		return NULL;
	}
	return root;
}

/* ---- typed access ------------------------------------------------------ */

static bool is_null(const struct ynode *v)
{
	return v->kind == Y_SCALAR && v->plain &&
	       (v->len == 0 || !strcmp(v->str, "~") || !strcmp(v->str, "null") ||
		!strcmp(v->str, "Null") || !strcmp(v->str, "NULL"));
}

static const char *ytype(const struct ynode *v)
{
	static char buf[80];

	if (v->kind == Y_MAP)
		return "a mapping";
	if (v->kind == Y_SEQ)
		return "a list";
	if (is_null(v))
		return "nothing";
	snprintf(buf, sizeof buf, "'%s'", shorten(v->str));
	return buf;
}

static const struct ynode *map_get(const struct ynode *m, const char *key)
{
	if (!m || m->kind != Y_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < m->n; i += 2)
		if (!strcmp(m->kids[i]->str, key))
			return m->kids[i + 1];
	return NULL;
}

/* Report keys of m not in keys[] (NULL-terminated), with a suggestion. */
static void map_check_keys(struct loader *L, const struct ynode *m, const char *what,
			   const char *const *keys)
{
	size_t nk = 0;

	while (keys[nk])
		nk++;
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const struct ynode *k = m->kids[i];
		size_t j;

		for (j = 0; j < nk; j++)
			if (!strcmp(k->str, keys[j]))
				break;
		if (j == nk) {
			const char *sug = L->errors < ERRORS_MAX ? suggest(k->str, keys, nk) : NULL;
			err_node(L, k, "unknown key '%s' in %s%s", shorten(k->str), what,
				 did_you_mean(L, k->str, keys, nk));
			if (sug) {
				L->suggested = xrealloc(L->suggested, (L->nsuggested + 1) * sizeof *L->suggested);
				L->suggested[L->nsuggested].map = m;
				L->suggested[L->nsuggested++].key = sug;
			}
		}
	}
}

/* Was key suggested for a misspelt key of m? Then that unknown-key error
 * has said it all, and "missing the required key" would only repeat it. */
static bool misspelt_present(const struct loader *L, const struct ynode *m, const char *key)
{
	for (size_t i = 0; i < L->nsuggested; i++)
		if (L->suggested[i].map == m && !strcmp(L->suggested[i].key, key))
			return true;
	return false;
}

static bool want_map(struct loader *L, const struct ynode *v, const char *key)
{
	if (v->kind == Y_MAP)
		return true;
	err_node(L, v, "'%s' must be a mapping of keys, not %s", key, ytype(v));
	return false;
}

/* A text value; NULL (reported) when v is not one. */
static char *want_str(struct loader *L, const struct ynode *v, const char *key)
{
	if (v->kind != Y_SCALAR || is_null(v)) {
		err_node(L, v, "'%s' must be a text, not %s", key, ytype(v));
		return NULL;
	}
	return xstrdup(v->str);
}

/* A required (or optional, defaulting to "") text field of m. */
static char *field_str(struct loader *L, const struct ynode *m, const char *key, bool required,
		       const char *what)
{
	const struct ynode *v = map_get(m, key);
	char *s;

	if (!v) {
		if (required && !misspelt_present(L, m, key))
			err_node(L, m, "%s is missing the required key '%s'", what, key);
		return xstrdup("");
	}
	s = want_str(L, v, key);
	if (s && required && !*s) {
		err_node(L, v, "'%s' must not be empty", key);
	}
	return s ? s : xstrdup("");
}

static bool parse_int(const char *s, long long *out)
{
	const char *p = s;
	long long v = 0;
	bool neg = false;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (!isdigit((unsigned char)*p))
		return false;
	for (; isdigit((unsigned char)*p); p++) {
		if (v > (LLONG_MAX - 9) / 10)
			return false;
		v = v * 10 + (*p - '0');
	}
	if (*p)
		return false;
	*out = neg ? -v : v;
	return true;
}

static bool want_int(struct loader *L, const struct ynode *v, const char *key, long long lo,
		     long long hi, long long *out)
{
	long long x;

	if (v->kind != Y_SCALAR || !v->plain || !parse_int(v->str, &x)) {
		err_node(L, v, "'%s' must be a whole number from %lld to %lld, not %s", key, lo, hi, ytype(v));
		return false;
	}
	if (x < lo || x > hi) {
		err_node(L, v, "'%s' is %s, out of range: it must be from %lld to %lld", key,
			 shorten(v->str), lo, hi);
		return false;
	}
	*out = x;
	return true;
}

static int field_int(struct loader *L, const struct ynode *m, const char *key, int lo, int hi,
		     int dflt, bool required, const char *what)
{
	const struct ynode *v = map_get(m, key);
	long long x;

	if (!v) {
		if (required && !misspelt_present(L, m, key))
			err_node(L, m, "%s is missing the required key '%s'", what, key);
		return dflt;
	}
	return want_int(L, v, key, lo, hi, &x) ? (int)x : dflt;
}

static bool want_bool(struct loader *L, const struct ynode *v, const char *key, bool *out)
{
	if (v->kind == Y_SCALAR && v->plain && (!strcmp(v->str, "true") || !strcmp(v->str, "false"))) {
		*out = v->str[0] == 't';
		return true;
	}
	err_node(L, v, "'%s' must be true or false, not %s", key, ytype(v));
	return false;
}

/* A list of texts, or one text standing for a list of one. */
static bool want_strlist(struct loader *L, const struct ynode *v, const char *key, char ***out,
			 size_t *nout)
{
	if (v->kind == Y_MAP || is_null(v)) {
		err_node(L, v, "'%s' must be a list of texts, like [a, b], not %s", key, ytype(v));
		return false;
	}
	if (v->kind == Y_SCALAR) {
		*out = xcalloc(1, sizeof **out);
		(*out)[0] = xstrdup(v->str);
		*nout = 1;
		return true;
	}
	*out = xcalloc(v->n ? v->n : 1, sizeof **out);
	*nout = 0;
	for (size_t i = 0; i < v->n; i++) {
		char *s = want_str(L, v->kids[i], key);
		if (s)
			(*out)[(*nout)++] = s;
	}
	return *nout == v->n;
}

static bool id_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > ID_MAX)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

static bool check_id(struct loader *L, const struct ynode *at, const char *s, const char *what)
{
	if (id_valid(s))
		return true;
	err_node(L, at, "%s '%s' is not a valid id: use 1 to %d lower-case letters, digits and '-'",
		 what, shorten(s), ID_MAX);
	return false;
}

static char *field_id(struct loader *L, const struct ynode *m, const char *key, const char *what)
{
	const struct ynode *v = map_get(m, key);
	char *s = field_str(L, m, key, true, what);

	if (v && *s)
		check_id(L, v, s, key);
	return s;
}

/* ---- names: codes, skills, stages -------------------------------------- */

#define CODE_SHORT(e, s, l) s,
static const char *const code_names[] = { MI_CODES(CODE_SHORT) };
#undef CODE_SHORT
static const char *const skill_names[SKILL_COUNT] = {
	"empathy", "reflection", "discrepancy", "self_efficacy",
};
static const char *const stage_names[] = {
	"precontemplation", "contemplation", "preparation", "action", "maintenance",
};

static int name_index(const char *s, const char *const *names, size_t n, bool anycase)
{
	for (size_t i = 0; i < n; i++)
		if (anycase ? !strcasecmp(s, names[i]) : !strcmp(s, names[i]))
			return (int)i;
	return -1;
}

static bool want_codes(struct loader *L, const struct ynode *v, const char *key, unsigned *out)
{
	char **names = NULL;
	size_t n = 0;
	bool ok = want_strlist(L, v, key, &names, &n);

	*out = 0;
	if (ok && n == 0) {
		err_node(L, v, "'%s' is an empty list; name at least one code (OQ, CQ, SR, CR, AF, SEEK, "
			 "AUTO, GI, PERS, PWP, CONF, OTHER) or leave the key out", key);
		ok = false;
	}
	for (size_t i = 0; i < n; i++) {
		int c = name_index(names[i], code_names, ARRAY_SIZE(code_names), true);
		if (c < 0) {
			char up[32];
			size_t k;
			for (k = 0; names[i][k] && k + 1 < sizeof up; k++)
				up[k] = (char)toupper((unsigned char)names[i][k]);
			up[k] = '\0';
			err_node(L, v->kind == Y_SEQ && i < v->n ? v->kids[i] : v,
				 "'%s' names no code '%s'%s; the codes are OQ, CQ, SR, CR, AF, SEEK, AUTO, GI, "
				 "PERS, PWP, CONF, OTHER", key, shorten(names[i]),
				 did_you_mean(L, up, code_names, ARRAY_SIZE(code_names)));
			ok = false;
		} else {
			*out |= 1u << c;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ok;
}

static bool want_skill_set(struct loader *L, const struct ynode *v, const char *key, unsigned *out)
{
	char **names = NULL;
	size_t n = 0;
	bool ok = want_strlist(L, v, key, &names, &n);

	*out = 0;
	for (size_t i = 0; i < n; i++) {
		int k = name_index(names[i], skill_names, SKILL_COUNT, false);
		if (k < 0) {
			err_node(L, v->kind == Y_SEQ && i < v->n ? v->kids[i] : v,
				 "'%s' names no skill '%s'%s; the skills are empathy, reflection, discrepancy, "
				 "self_efficacy", key, shorten(names[i]),
				 did_you_mean(L, names[i], skill_names, SKILL_COUNT));
			ok = false;
		} else {
			*out |= 1u << k;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ok;
}

/* ---- meter expressions ------------------------------------------------- */

static const char *meter_ids(const struct scenario *s, size_t i)
{
	return i < s->nmeters ? s->meters[i].id : NULL;
}

static const char *suggest_meter(const struct loader *L, const struct scenario *s, const char *word)
{
	const char *cands[METERS_MAX];

	for (size_t i = 0; i < METERS_MAX; i++)
		cands[i] = meter_ids(s, i);
	return did_you_mean(L, word, cands, METERS_MAX);
}

static int resolve_meter(struct loader *L, const struct ynode *at, int line, int col, const char *name,
			 const char *key)
{
	int m = scenario_find_meter(L->s, name);

	if (m < 0) {
		if (at)
			err_node(L, at, "'%s' names no meter '%s'%s; declare it under 'meters'", key,
				 shorten(name), suggest_meter(L, L->s, name));
		else
			err_at(L, line, col, "'%s' names no meter '%s'%s; declare it under 'meters'", key,
			       shorten(name), suggest_meter(L, L->s, name));
	}
	return m;
}

/* "resistance >= 6 and rapport < 3" */
static bool want_expr(struct loader *L, const struct ynode *v, const char *key, struct meter_expr *out)
{
	const char *s, *p;
	size_t alloc = 0;
	bool single_line;
	int base;

	out->cmps = NULL;
	out->n = 0;
	if (v->kind != Y_SCALAR || is_null(v)) {
		err_node(L, v, "'%s' must be a meter expression like \"resistance >= 6 and rapport < 3\", not %s",
			 key, ytype(v));
		return false;
	}
	s = v->str;
	single_line = !strchr(s, '\n');
	base = v->col + (v->plain ? 0 : 1);
#define AT(ptr) (single_line ? v->line : v->line), (single_line ? base + (int)((ptr) - s) : v->col)
	p = s;
	for (;;) {
		const char *w;
		char name[ID_MAX + 1];
		size_t len;
		enum cmp_op op;
		long long val;

		while (*p == ' ' || *p == '\t')
			p++;
		w = p;
		while (isalnum((unsigned char)*p) || *p == '_' || *p == '-')
			p++;
		len = (size_t)(p - w);
		if (len == 0 || !isalpha((unsigned char)*w)) {
			err_at(L, AT(w), "'%s': expected a meter name at '%s'; write \"meter >= number\" joined by 'and'",
			       key, *w ? shorten(w) : "the end");
			goto fail;
		}
		if (len > ID_MAX) {
			err_at(L, AT(w), "'%s': meter name too long", key);
			goto fail;
		}
		memcpy(name, w, len);
		name[len] = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		const char *o = p;
		if (p[0] == '<' && p[1] == '=') op = CMP_LE, p += 2;
		else if (p[0] == '>' && p[1] == '=') op = CMP_GE, p += 2;
		else if (p[0] == '=' && p[1] == '=') op = CMP_EQ, p += 2;
		else if (p[0] == '!' && p[1] == '=') op = CMP_NE, p += 2;
		else if (p[0] == '<') op = CMP_LT, p += 1;
		else if (p[0] == '>') op = CMP_GT, p += 1;
		else {
			err_at(L, AT(o), "'%s': expected a comparison (<, <=, ==, !=, >=, >) after '%s'%s", key,
			       name, p[0] == '=' ? "; write '==' to test equality" : "");
			goto fail;
		}
		while (*p == ' ' || *p == '\t')
			p++;
		const char *nstart = p;
		char num[24];
		size_t nl = 0;
		if (*p == '+' || *p == '-')
			num[nl++] = *p++;
		while (isdigit((unsigned char)*p) && nl + 1 < sizeof num)
			num[nl++] = *p++;
		num[nl] = '\0';
		if (isdigit((unsigned char)*p) || !parse_int(num, &val) || val < -METER_LIMIT || val > METER_LIMIT) {
			err_at(L, AT(nstart), "'%s': expected a whole number (within +-%d) after '%s'", key,
			       METER_LIMIT, name);
			goto fail;
		}
		int m = resolve_meter(L, NULL, AT(w), name, key);
		if (m < 0)
			goto fail;
		if (out->n == alloc) {
			alloc = alloc ? 2 * alloc : 2;
			out->cmps = xrealloc(out->cmps, alloc * sizeof *out->cmps);
		}
		out->cmps[out->n++] = (struct meter_cmp){ .meter = m, .op = op, .value = (int)val };
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (!strncmp(p, "and", 3) && (p[3] == ' ' || p[3] == '\t')) {
			p += 3;
			if (out->n >= 16) {
				err_at(L, AT(p), "'%s': more than 16 comparisons", key);
				goto fail;
			}
			continue;
		}
		err_at(L, AT(p), "'%s': expected 'and' or the end at '%s' (only 'and' joins comparisons)", key,
		       shorten(p));
		goto fail;
	}
#undef AT
	return true;
fail:
	free(out->cmps);
	out->cmps = NULL;
	out->n = 0;
	return false;
}

/* ---- scenario parts ---------------------------------------------------- */

static void build_meters(struct loader *L, struct scenario *s, const struct ynode *v)
{
	static const char *const keys[] = { "min", "max", "start", "good", "label", NULL };

	if (!want_map(L, v, "meters"))
		return;
	if (v->n == 0 || v->n / 2 > METERS_MAX) {
		err_node(L, v, "'meters' declares %zu meters; declare 1 to %d", v->n / 2, (int)METERS_MAX);
		if (v->n == 0)
			return;
	}
	for (size_t i = 0; i + 1 < v->n && s->nmeters < METERS_MAX; i += 2) {
		const struct ynode *k = v->kids[i], *m = v->kids[i + 1];
		struct meter_def *md = &s->meters[s->nmeters++];
		const struct ynode *g;

		md->id = xstrdup(k->str);
		md->at = (struct src_mark){ L->file, k->line, k->col };
		md->higher_is_better = true;
		if (k->len > ID_MAX || !(k->str[0] >= 'a' && k->str[0] <= 'z') ||
		    strspn(k->str, "abcdefghijklmnopqrstuvwxyz0123456789_-") != k->len)
			err_node(L, k, "meter name '%s' is not valid: start with a letter, then lower-case "
				 "letters, digits, '_' or '-'", shorten(k->str));
		if (!want_map(L, m, k->str)) {
			md->label = xstrdup(md->id);
			continue;
		}
		map_check_keys(L, m, "a meter", keys);
		md->min = field_int(L, m, "min", -METER_LIMIT, METER_LIMIT, 0, false, "a meter");
		md->max = field_int(L, m, "max", -METER_LIMIT, METER_LIMIT, 10, false, "a meter");
		md->start = field_int(L, m, "start", -METER_LIMIT, METER_LIMIT, md->min, true, "a meter");
		if (md->min >= md->max)
			err_node(L, m, "meter '%s': min (%d) must be less than max (%d)", md->id, md->min, md->max);
		else if (md->start < md->min || md->start > md->max)
			err_node(L, map_get(m, "start") ? map_get(m, "start") : m,
				 "meter '%s': start (%d) must be from min (%d) to max (%d)", md->id, md->start,
				 md->min, md->max);
		if ((g = map_get(m, "good"))) {
			if (g->kind == Y_SCALAR && !strcmp(g->str, "high"))
				md->higher_is_better = true;
			else if (g->kind == Y_SCALAR && !strcmp(g->str, "low"))
				md->higher_is_better = false;
			else
				err_node(L, g, "'good' must be high or low, not %s", ytype(g));
		}
		md->label = map_get(m, "label") ? field_str(L, m, "label", true, "a meter") : xstrdup(md->id);
	}
}

static void build_effects(struct loader *L, struct branch *b, const struct ynode *v)
{
	if (!want_map(L, v, "effects"))
		return;
	b->effects = xcalloc(v->n / 2 + 1, sizeof *b->effects);
	for (size_t i = 0; i + 1 < v->n; i += 2) {
		const struct ynode *k = v->kids[i];
		long long d;
		int m = resolve_meter(L, k, 0, 0, k->str, "effects");

		if (m < 0)
			continue;
		if (!want_int(L, v->kids[i + 1], k->str, -EFFECT_LIMIT, EFFECT_LIMIT, &d))
			continue;
		b->effects[b->neffects++] = (struct meter_effect){ .meter = m, .delta = (int)d };
	}
}

static void build_match(struct loader *L, struct reply_match *rm, const struct ynode *v)
{
	static const char *const keys[] = {
		"codes", "primary", "not_codes", "nonadherent", "skills", "about", "meters", NULL,
	};
	const struct ynode *x;

	if (!want_map(L, v, "when"))
		return;
	map_check_keys(L, v, "a branch's 'when'", keys);
	if ((x = map_get(v, "codes")))
		want_codes(L, x, "codes", &rm->codes);
	if ((x = map_get(v, "primary")))
		want_codes(L, x, "primary", &rm->primary);
	if ((x = map_get(v, "not_codes")))
		want_codes(L, x, "not_codes", &rm->not_codes);
	if ((x = map_get(v, "nonadherent"))) {
		bool b;
		if (want_bool(L, x, "nonadherent", &b))
			rm->nonadherent = b;
	}
	if ((x = map_get(v, "skills")) && want_map(L, x, "skills")) {
		for (size_t i = 0; i + 1 < x->n; i += 2) {
			const struct ynode *k = x->kids[i];
			int sk = name_index(k->str, skill_names, SKILL_COUNT, false);
			long long r;

			if (sk < 0) {
				err_node(L, k, "'skills' names no skill '%s'%s; the skills are empathy, reflection, "
					 "discrepancy, self_efficacy", shorten(k->str),
					 did_you_mean(L, k->str, skill_names, SKILL_COUNT));
				continue;
			}
			if (want_int(L, x->kids[i + 1], k->str, 0, 4, &r))
				rm->min_skill[sk] = (int)r;
		}
	}
	if ((x = map_get(v, "about")) && want_strlist(L, x, "about", &rm->about, &rm->nabout)) {
		if (rm->nabout == 0)
			err_node(L, x, "'about' is an empty list; name at least one word or leave the key out");
		for (size_t i = 0; i < rm->nabout; i++) {
			for (char *c = rm->about[i]; *c; c++)
				if ((unsigned char)*c < 0x80)
					*c = (char)tolower((unsigned char)*c);
			if (!rm->about[i][strspn(rm->about[i], " \t")])
				err_node(L, x, "'about' holds an empty word");
		}
	}
	if ((x = map_get(v, "meters")))
		want_expr(L, x, "meters", &rm->meters);
}

static void build_branch(struct loader *L, struct branch *b, const struct ynode *v)
{
	static const char *const keys[] = { "when", "fallback", "effects", "goto", "say_first", NULL };
	const struct ynode *x, *when;

	b->when.nonadherent = -1;
	for (int i = 0; i < SKILL_COUNT; i++)
		b->when.min_skill[i] = -1;
	b->target_node = b->target_ending = -1;
	b->at = (struct src_mark){ L->file, v->line, v->col };
	if (!want_map(L, v, "a response")) {
		b->target = xstrdup("");
		return;
	}
	map_check_keys(L, v, "a response", keys);
	when = map_get(v, "when");
	if ((x = map_get(v, "fallback")))
		want_bool(L, x, "fallback", &b->fallback);
	if (when && b->fallback)
		err_node(L, when, "a fallback branch takes anything: drop 'when' or 'fallback: true'");
	else if (!when && !b->fallback)
		err_node(L, v, "a response needs 'when:' (or 'fallback: true' on the last response)");
	if (when)
		build_match(L, &b->when, when);
	if ((x = map_get(v, "effects")))
		build_effects(L, b, x);
	b->target = field_str(L, v, "goto", true, "a response");
	if ((x = map_get(v, "say_first")))
		b->say_first = want_str(L, x, "say_first");
}

static void build_node(struct loader *L, struct node *nd, const struct ynode *k, const struct ynode *v)
{
	static const char *const keys[] = { "about", "themes", "say", "responses", "exemplars", NULL };
	static const char *const vkeys[] = { "text", "when", "max_uses", NULL };
	static const char *const ekeys[] = { "reply", "strength", "why", NULL };
	const struct ynode *x;

	nd->id = xstrdup(k->str);
	nd->at = (struct src_mark){ L->file, k->line, k->col };
	check_id(L, k, k->str, "node id");
	if (!want_map(L, v, nd->id)) {
		nd->about = xstrdup("");
		return;
	}
	map_check_keys(L, v, "a node", keys);
	nd->about = field_str(L, v, "about", false, "a node");
	if ((x = map_get(v, "themes")))
		want_strlist(L, x, "themes", &nd->themes, &nd->nthemes);

	x = map_get(v, "say");
	if (!x) {
		if (!misspelt_present(L, v, "say"))
			err_node(L, v, "node '%s' is missing the required key 'say' (the client's line)", nd->id);
	} else if (x->kind == Y_SCALAR) {
		nd->say = xcalloc(1, sizeof *nd->say);
		nd->nsay = 1;
		nd->say[0].at = (struct src_mark){ L->file, x->line, x->col };
		nd->say[0].text = want_str(L, x, "say");
		if (!nd->say[0].text)
			nd->say[0].text = xstrdup("");
	} else if (x->kind != Y_SEQ || x->n == 0) {
		err_node(L, x, "'say' must be a list of 1 to %d lines, not %s", VARIANTS_MAX,
			 x->kind == Y_SEQ ? "an empty list" : ytype(x));
	} else if (x->n > VARIANTS_MAX) {
		err_node(L, x, "'say' has %zu variants; at most %d", x->n, VARIANTS_MAX);
	} else {
		nd->say = xcalloc(x->n, sizeof *nd->say);
		nd->nsay = x->n;
		for (size_t i = 0; i < x->n; i++) {
			const struct ynode *it = x->kids[i], *w;
			struct line_variant *lv = &nd->say[i];

			lv->at = (struct src_mark){ L->file, it->line, it->col };
			if (it->kind == Y_MAP) {
				map_check_keys(L, it, "a line variant", vkeys);
				lv->text = field_str(L, it, "text", true, "a line variant");
				if ((w = map_get(it, "when")))
					want_expr(L, w, "when", &lv->when);
				lv->max_uses = field_int(L, it, "max_uses", 0, 1000, 0, false, "a line variant");
			} else {
				lv->text = want_str(L, it, "say");
				if (!lv->text)
					lv->text = xstrdup("");
			}
			if (!lv->text[strspn(lv->text, " \t\n")])
				err_node(L, it, "an empty line in 'say'");
		}
	}

	x = map_get(v, "responses");
	if (!x) {
		if (!misspelt_present(L, v, "responses"))
			err_node(L, v, "node '%s' is missing the required key 'responses'", nd->id);
	} else if (x->kind != Y_SEQ || x->n == 0) {
		err_node(L, x, "'responses' must be a list of 1 or more branches, not %s",
			 x->kind == Y_SEQ ? "an empty list" : ytype(x));
	} else {
		nd->responses = xcalloc(x->n, sizeof *nd->responses);
		nd->nresponses = x->n;
		for (size_t i = 0; i < x->n; i++)
			build_branch(L, &nd->responses[i], x->kids[i]);
	}

	x = map_get(v, "exemplars");
	if (x && x->kind != Y_SEQ) {
		err_node(L, x, "'exemplars' must be a list, not %s", ytype(x));
	} else if (x) {
		nd->exemplars = xcalloc(x->n ? x->n : 1, sizeof *nd->exemplars);
		nd->nexemplars = x->n;
		for (size_t i = 0; i < x->n; i++) {
			const struct ynode *it = x->kids[i], *st;
			struct exemplar *ex = &nd->exemplars[i];

			ex->at = (struct src_mark){ L->file, it->line, it->col };
			if (!want_map(L, it, "an exemplar")) {
				ex->reply = xstrdup("");
				ex->why = xstrdup("");
				continue;
			}
			map_check_keys(L, it, "an exemplar", ekeys);
			ex->reply = field_str(L, it, "reply", true, "an exemplar");
			ex->why = field_str(L, it, "why", true, "an exemplar");
			st = map_get(it, "strength");
			if (!st) {
				if (!misspelt_present(L, it, "strength"))
					err_node(L, it, "an exemplar is missing the required key 'strength' (strong or weak)");
			} else if (st->kind == Y_SCALAR && !strcmp(st->str, "strong"))
				ex->strength = EXEMPLAR_STRONG;
			else if (st->kind == Y_SCALAR && !strcmp(st->str, "weak"))
				ex->strength = EXEMPLAR_WEAK;
			else
				err_node(L, st, "'strength' must be strong or weak, not %s", ytype(st));
		}
	}
}

static void build_ending(struct loader *L, struct ending *e, const struct ynode *k, const struct ynode *v)
{
	static const char *const keys[] = { "kind", "say", "when", NULL };
	static const char *const kinds[] = { "success", "failure", "limit" };
	const struct ynode *x;

	e->id = xstrdup(k->str);
	e->at = (struct src_mark){ L->file, k->line, k->col };
	check_id(L, k, k->str, "ending id");
	if (!want_map(L, v, e->id)) {
		e->say = xstrdup("");
		return;
	}
	map_check_keys(L, v, "an ending", keys);
	x = map_get(v, "kind");
	if (!x) {
		if (!misspelt_present(L, v, "kind"))
			err_node(L, v, "ending '%s' is missing the required key 'kind' (success, failure or limit)", e->id);
	} else {
		int kd = x->kind == Y_SCALAR ? name_index(x->str, kinds, 3, false) : -1;
		if (kd < 0)
			err_node(L, x, "'kind' must be success, failure or limit, not %s%s", ytype(x),
				 x->kind == Y_SCALAR ? did_you_mean(L, x->str, kinds, 3) : "");
		else
			e->kind = (enum ending_kind)kd;
	}
	e->say = field_str(L, v, "say", true, "an ending");
	if ((x = map_get(v, "when"))) {
		e->has_when = want_expr(L, x, "when", &e->when);
	}
}

static void build_test(struct loader *L, struct scenario_test *t, const struct ynode *v, size_t index)
{
	static const char *const keys[] = { "name", "replies", "expect", "seed", NULL };
	const struct ynode *x;

	t->at = (struct src_mark){ L->file, v->line, v->col };
	t->seed = 1;
	if (!want_map(L, v, "a test")) {
		t->name = xasprintf("test %zu", index + 1);
		t->expect = xstrdup("");
		return;
	}
	map_check_keys(L, v, "a test", keys);
	t->name = map_get(v, "name") ? field_str(L, v, "name", true, "a test") : xasprintf("test %zu", index + 1);
	x = map_get(v, "replies");
	if (!x) {
		if (!misspelt_present(L, v, "replies"))
			err_node(L, v, "test '%s' is missing the required key 'replies'", shorten(t->name));
	} else if (x->kind != Y_SEQ || x->n == 0)
		err_node(L, x, "'replies' must be a list of 1 or more replies, not %s",
			 x->kind == Y_SEQ ? "an empty list" : ytype(x));
	else
		want_strlist(L, x, "replies", &t->replies, &t->nreplies);
	t->expect = field_str(L, v, "expect", true, "a test");
	if ((x = map_get(v, "seed"))) {
		long long sd;
		if (want_int(L, x, "seed", 0, UINT_MAX, &sd))
			t->seed = (unsigned)sd;
	}
}

/* Node and ending ids, for did-you-mean. */
static const char **target_names(const struct scenario *s, size_t *n)
{
	const char **v = xcalloc(s->nnodes + s->nendings + 1, sizeof *v);

	*n = 0;
	for (size_t i = 0; i < s->nnodes; i++)
		v[(*n)++] = s->nodes[i].id;
	for (size_t i = 0; i < s->nendings; i++)
		v[(*n)++] = s->endings[i].id;
	return v;
}

/* A sorted index of ids, so resolving stays O(log n) a name even for a
 * hostile scenario with thousands of nodes and gotos. */
struct name_ix {
	const char *name;
	int index;
};

static int ix_cmp(const void *a, const void *b)
{
	return strcmp(((const struct name_ix *)a)->name, ((const struct name_ix *)b)->name);
}

static struct name_ix *ix_build(size_t n, const char *(*name_at)(const struct scenario *, size_t),
				const struct scenario *s)
{
	struct name_ix *ix = xcalloc(n + 1, sizeof *ix);

	for (size_t i = 0; i < n; i++)
		ix[i] = (struct name_ix){ name_at(s, i) ? name_at(s, i) : "", (int)i };
	if (n)
		qsort(ix, n, sizeof *ix, ix_cmp);
	return ix;
}

static int ix_find(const struct name_ix *ix, size_t n, const char *name)
{
	struct name_ix key = { name, 0 };
	const struct name_ix *hit = n ? bsearch(&key, ix, n, sizeof *ix, ix_cmp) : NULL;

	return hit ? hit->index : -1;
}

static const char *node_id_at(const struct scenario *s, size_t i)
{
	return s->nodes[i].id;
}

static const char *ending_id_at(const struct scenario *s, size_t i)
{
	return s->endings[i].id;
}

static void resolve_targets(struct loader *L, struct scenario *s, const struct ynode *root)
{
	size_t nt;
	const char **names = target_names(s, &nt);
	const struct ynode *nodes = map_get(root, "nodes");
	struct name_ix *nix = ix_build(s->nnodes, node_id_at, s);
	struct name_ix *eix = ix_build(s->nendings, ending_id_at, s);

	for (size_t i = 0; i < s->nnodes; i++) {
		const struct node *nd = &s->nodes[i];
		/* nodes[i] was built from the i-th entry of the mapping */
		const struct ynode *nv = nodes && nodes->kind == Y_MAP && 2 * i + 1 < nodes->n ? nodes->kids[2 * i + 1] : NULL;
		const struct ynode *rv = nv ? map_get(nv, "responses") : NULL;

		for (size_t j = 0; j < nd->nresponses; j++) {
			struct branch *b = &nd->responses[j];
			const struct ynode *bv = rv && rv->kind == Y_SEQ && j < rv->n ? rv->kids[j] : NULL;
			const struct ynode *gv = bv ? map_get(bv, "goto") : NULL;

			if (!b->target || !*b->target)
				continue;
			b->target_node = ix_find(nix, s->nnodes, b->target);
			b->target_ending = ix_find(eix, s->nendings, b->target);
			if (b->target_node < 0 && b->target_ending < 0)
				err_node(L, gv ? gv : bv, "'goto' names no node or ending '%s'%s", shorten(b->target),
					 did_you_mean(L, b->target, names, nt));
		}
	}
	const struct ynode *start = map_get(root, "start");
	if (start && *s->start) {
		s->start_node = ix_find(nix, s->nnodes, s->start);
		if (s->start_node < 0)
			err_node(L, start, "'start' names no node '%s'%s", shorten(s->start),
				 did_you_mean(L, s->start, names, s->nnodes));
	}
	const struct ynode *tests = map_get(root, "tests");
	for (size_t i = 0; i < s->ntests; i++) {
		const struct scenario_test *t = &s->tests[i];
		const struct ynode *tv = tests && tests->kind == Y_SEQ && i < tests->n ? tests->kids[i] : NULL;
		const struct ynode *ev = tv ? map_get(tv, "expect") : NULL;

		if (*t->expect && ix_find(nix, s->nnodes, t->expect) < 0 && ix_find(eix, s->nendings, t->expect) < 0)
			err_node(L, ev ? ev : tv, "'expect' names no node or ending '%s'%s", shorten(t->expect),
				 did_you_mean(L, t->expect, names, nt));
	}
	/* One namespace for gotos: a node and an ending may not share an id. */
	for (size_t i = 0; i < s->nendings; i++)
		if (s->endings[i].id && ix_find(nix, s->nnodes, s->endings[i].id) >= 0)
			err_at(L, s->endings[i].at.line, s->endings[i].at.col,
			       "ending '%s' has the same id as a node; 'goto' could not tell them apart",
			       s->endings[i].id);
	free(nix);
	free(eix);
	free(names);
}

static void build_persona(struct loader *L, struct persona *pe, const struct ynode *v)
{
	static const char *const keys[] = { "name", "age", "situation", "wants", "fears", "voice", NULL };

	if (v && want_map(L, v, "persona")) {
		map_check_keys(L, v, "'persona'", keys);
	} else {
		v = NULL;
	}
	pe->name = field_str(L, v, "name", false, "'persona'");
	pe->age = v ? field_int(L, v, "age", 0, 130, 0, false, "'persona'") : 0;
	pe->situation = field_str(L, v, "situation", false, "'persona'");
	pe->wants = field_str(L, v, "wants", false, "'persona'");
	pe->fears = field_str(L, v, "fears", false, "'persona'");
	pe->voice = field_str(L, v, "voice", false, "'persona'");
}

static const char *const scenario_keys[] = {
	"id", "title", "summary", "difficulty", "setting", "tags", "stage", "skills", "persona",
	"trainer_notes", "themes", "meters", "start", "turn_limit", "nodes", "endings", "tests", NULL,
};

static struct scenario *build_scenario(struct loader *L, struct pack *p, const struct ynode *v)
{
	struct scenario *s = xcalloc(1, sizeof *s);
	const struct ynode *x;

	p->scenarios = xrealloc(p->scenarios, (p->nscenarios + 1) * sizeof *p->scenarios);
	p->scenarios[p->nscenarios++] = s;
	s->pack = p;
	s->file = xstrdup(L->file);
	s->at = (struct src_mark){ L->file, v->line, v->col };
	s->start_node = -1;
	L->s = s;
	if (!want_map(L, v, "a scenario")) {
		L->s = NULL;
		return s;
	}
	map_check_keys(L, v, "a scenario", scenario_keys);
	s->id = field_id(L, v, "id", "a scenario");
	s->title = field_str(L, v, "title", true, "a scenario");
	s->summary = field_str(L, v, "summary", false, "a scenario");
	s->difficulty = field_int(L, v, "difficulty", 1, 5, 1, true, "a scenario");
	s->setting = field_str(L, v, "setting", false, "a scenario");
	if ((x = map_get(v, "tags")))
		want_strlist(L, x, "tags", &s->tags, &s->ntags);
	x = map_get(v, "stage");
	if (!x && v) {
		if (!misspelt_present(L, v, "stage"))
			err_node(L, v, "a scenario is missing the required key 'stage' (%s)",
			 "precontemplation, contemplation, preparation, action or maintenance");
	} else if (x) {
		int st = x->kind == Y_SCALAR ? name_index(x->str, stage_names, ARRAY_SIZE(stage_names), false) : -1;
		if (st < 0)
			err_node(L, x, "'stage' must be precontemplation, contemplation, preparation, action or "
				 "maintenance, not %s%s", ytype(x),
				 x->kind == Y_SCALAR ? did_you_mean(L, x->str, stage_names, ARRAY_SIZE(stage_names)) : "");
		else
			s->stage = (enum stage_of_change)st;
	}
	if ((x = map_get(v, "skills")))
		want_skill_set(L, x, "skills", &s->skills);
	build_persona(L, &s->persona, map_get(v, "persona"));
	s->trainer_notes = field_str(L, v, "trainer_notes", false, "a scenario");
	if ((x = map_get(v, "themes")))
		want_strlist(L, x, "themes", &s->themes, &s->nthemes);
	if ((x = map_get(v, "meters")))
		build_meters(L, s, x);
	else if (v && !misspelt_present(L, v, "meters"))
		err_node(L, v, "a scenario is missing the required key 'meters' (1 to %d meters)", (int)METERS_MAX);
	s->start = field_id(L, v, "start", "a scenario");
	s->turn_limit = field_int(L, v, "turn_limit", 0, 1000, 0, false, "a scenario");

	/* Endings before nodes: their ids are needed only to resolve, but
	 * building both first keeps the order of the file irrelevant. */
	x = map_get(v, "endings");
	if (!x) {
		if (v && !misspelt_present(L, v, "endings"))
			err_node(L, v, "a scenario is missing the required key 'endings'");
	} else if (want_map(L, x, "endings")) {
		s->endings = xcalloc(x->n / 2 + 1, sizeof *s->endings);
		s->nendings = x->n / 2;
		for (size_t i = 0; i < s->nendings; i++)
			build_ending(L, &s->endings[i], x->kids[2 * i], x->kids[2 * i + 1]);
	}
	x = map_get(v, "nodes");
	if (!x) {
		if (v && !misspelt_present(L, v, "nodes"))
			err_node(L, v, "a scenario is missing the required key 'nodes'");
	} else if (want_map(L, x, "nodes")) {
		if (x->n == 0)
			err_node(L, x, "'nodes' is empty; a scenario needs at least one node");
		s->nodes = xcalloc(x->n / 2 + 1, sizeof *s->nodes);
		s->nnodes = x->n / 2;
		for (size_t i = 0; i < s->nnodes; i++)
			build_node(L, &s->nodes[i], x->kids[2 * i], x->kids[2 * i + 1]);
	}
	x = map_get(v, "tests");
	if (x && x->kind != Y_SEQ) {
		err_node(L, x, "'tests' must be a list, not %s", ytype(x));
	} else if (x) {
		s->tests = xcalloc(x->n + 1, sizeof *s->tests);
		s->ntests = x->n;
		for (size_t i = 0; i < x->n; i++)
			build_test(L, &s->tests[i], x->kids[i], i);
	}
	if (v)
		resolve_targets(L, s, v);
	L->s = NULL;
	return s;
}

static const char *const pack_keys[] = {
	"id", "title", "version", "author", "description", "audience", "skills", NULL,
};

static bool version_valid(const char *v)
{
	for (int part = 0; part < 3; part++) {
		if (!isdigit((unsigned char)*v))
			return false;
		while (isdigit((unsigned char)*v))
			v++;
		if (part < 2 && *v++ != '.')
			return false;
	}
	return *v == '\0' || *v == '-' || *v == '+';
}

static void build_pack_meta(struct loader *L, struct pack *p, const struct ynode *v)
{
	const struct ynode *x;

	if (!want_map(L, v, "pack"))
		return;
	map_check_keys(L, v, "'pack'", pack_keys);
	free(p->id);
	free(p->title);
	p->id = field_id(L, v, "id", "'pack'");
	p->title = field_str(L, v, "title", true, "'pack'");
	p->version = field_str(L, v, "version", true, "'pack'");
	if ((x = map_get(v, "version")) && *p->version && !version_valid(p->version))
		err_node(L, x, "'version' must be a semantic version like \"1.0.0\", not %s", ytype(x));
	p->author = field_str(L, v, "author", false, "'pack'");
	p->description = field_str(L, v, "description", false, "'pack'");
	if ((x = map_get(v, "audience")))
		want_strlist(L, x, "audience", &p->audience, &p->naudience);
	if ((x = map_get(v, "skills")))
		want_skill_set(L, x, "skills", &p->skills);
}

/* ---- files ------------------------------------------------------------- */

/* The file name, kept by the pack so that marks can point into it. */
static const char *pack_add_file(struct pack *p, const char *path)
{
	p->files = xrealloc(p->files, (p->nfiles + 1) * sizeof *p->files);
	p->files[p->nfiles] = xstrdup(path);
	return p->files[p->nfiles++];
}

/* Read a whole regular file, at most FILE_MAX bytes. */
static unsigned char *file_read(struct loader *L, const char *path, size_t *len)
{
	struct stat st;
	int fd;
	unsigned char *buf;
	size_t n = 0;

	if (stat(path, &st) != 0) {
		if (errno == ELOOP)
			err_at(L, 0, 0, "cannot open: a symbolic link loop (too many levels of symbolic links)");
		else
			err_at(L, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		err_at(L, 0, 0, "is a directory, expected a scenario file");
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		err_at(L, 0, 0, "is not a regular file");
		return NULL;
	}
	if (st.st_size > FILE_MAX) {
		err_at(L, 0, 0, "the file is %lld bytes, over the limit of %d bytes (4 MiB); split the pack",
		       (long long)st.st_size, FILE_MAX);
		return NULL;
	}
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		err_at(L, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	buf = xmalloc((size_t)FILE_MAX + 1);
	for (;;) {
		ssize_t r = read(fd, buf + n, (size_t)FILE_MAX + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err_at(L, 0, 0, "cannot read: %s", strerror(errno));
			close(fd);
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > FILE_MAX) {
			err_at(L, 0, 0, "the file is over the limit of %d bytes (4 MiB); split the pack", FILE_MAX);
			close(fd);
			free(buf);
			return NULL;
		}
	}
	close(fd);
	*len = n;
	return buf;
}

/* The checks before YAML sees the text: not empty, no NUL, valid UTF-8. */
static bool text_check(struct loader *L, const unsigned char *buf, size_t n)
{
	size_t bad;
	int line, col;

	if (n == 0) {
		err_at(L, 1, 1, "the file is empty; a scenario file holds a YAML mapping (see docs/scenario-format.md)");
		return false;
	}
	if (!utf8_valid((const char *)buf, n, &bad)) {
		offset_locate(buf, bad, &line, &col);
		if (buf[bad] == 0)
			err_at(L, line, col, "binary data (a NUL byte); scenario files are UTF-8 text");
		else
			err_at(L, line, col, "invalid UTF-8 (byte 0x%02x); save the file as UTF-8", buf[bad]);
		return false;
	}
	return true;
}

enum file_role { ROLE_ANY, ROLE_MANIFEST, ROLE_SCENARIO };

/* Parse one file's text into p: a manifest (pack.yaml), a scenario file, or
 * (ROLE_ANY) a single-file pack or a lone scenario. */
static void load_text(struct loader *L, struct pack *p, const unsigned char *buf, size_t n,
		      enum file_role role)
{
	static const char *const manifest_keys[] = { "pack", NULL };
	static const char *const single_keys[] = { "pack", "scenarios", NULL };
	struct ynode *root;
	const struct ynode *pk, *sc;

	if (!text_check(L, buf, n))
		return;
	root = tree_parse(L, buf, n);
	if (!root)
		return;
	if (root->kind != Y_MAP) {
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
	} else if (sc->kind != Y_SEQ || sc->n == 0) {
		err_node(L, sc, "'scenarios' must be a list of 1 or more scenarios, not %s",
			 sc->kind == Y_SEQ ? "an empty list" : ytype(sc));
	} else {
		for (size_t i = 0; i < sc->n; i++)
			build_scenario(L, p, sc->kids[i]);
	}
}

static void load_file(struct loader *L, struct pack *p, const char *path, enum file_role role)
{
	size_t n = 0;
	unsigned char *buf;

	L->file = pack_add_file(p, path);
	buf = file_read(L, path, &n);
	if (buf) {
		load_text(L, p, buf, n, role);
		free(buf);
	}
	arena_release(&L->ar);
	L->nsuggested = 0;  /* they point into the tree just released */
}

static char *file_stem(const char *path)
{
	const char *b = strrchr(path, '/');
	const char *dot;

	b = b ? b + 1 : path;
	dot = strrchr(b, '.');
	return xstrndup(b, dot && dot != b ? (size_t)(dot - b) : strlen(b));
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
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
	p->title = xstrdup(p->nscenarios ? p->scenarios[0]->title : p->id);
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
		if (de->d_name[0] == '.' || !has_suffix(de->d_name, ".yaml") || !strcmp(de->d_name, "pack.yaml"))
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

static char *path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
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
	arena_release(&L->ar);
	if (L->errors) {
		pack_free(p);
		*out = NULL;
		return -1;
	}
	*out = p;
	return 0;
}

int pack_load(const char *path_in, struct pack **out, struct diag_list *dl)
{
	struct loader L = { .dl = dl };
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
		char *dir = path_dirname(path);
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

int pack_load_buffer(const char *name, const char *buf, size_t len, struct pack **out,
		     struct diag_list *dl)
{
	struct loader L = { .dl = dl };
	struct pack *p = xcalloc(1, sizeof *p);

	*out = NULL;
	p->dir = xstrdup(name);
	L.file = pack_add_file(p, name);
	if (len > FILE_MAX)
		err_at(&L, 0, 0, "the text is over the limit of %d bytes (4 MiB)", FILE_MAX);
	else
		load_text(&L, p, (const unsigned char *)buf, len, ROLE_ANY);
	if (!p->id)
		pack_name_implicit(p, name);
	return pack_finish(&L, p, out);
}
