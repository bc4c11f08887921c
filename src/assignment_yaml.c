/* assignment_yaml.c: reading assignment files (see yamldoc.h and
 * docs/assignment-format.md). With scenario_yaml.c, the only file that
 * includes yaml.h. libyaml's event API builds a small tree, refusing what an
 * untrusted file must not use; the tree is then read into struct assignment
 * with a located message for every problem. */
#include "yamldoc.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "util.h"

static void node_release(struct yamldoc_node *n)
{
	for (size_t i = 0; i < n->n; i++) {
		node_release(&n->items[i]);
		if (n->keys)
			free(n->keys[i]);
	}
	free(n->items);
	free(n->keys);
	free(n->key_line);
	free(n->key_col);
	free(n->text);
}

void yamldoc_free(struct yamldoc_node *n)
{
	if (n) {
		node_release(n);
		free(n);
	}
}

static int mark_line(const yaml_mark_t *m)
{
	return m->line >= 0x7fffffff ? 0x7fffffff : (int)m->line + 1;
}

static int mark_col(const yaml_mark_t *m)
{
	return m->column >= 0x7fffffff ? 0x7fffffff : (int)m->column + 1;
}

/* While building: a container and, in a mapping, the key waiting for its value. */
struct frame {
	struct yamldoc_node *node;
	size_t alloc;
	char *key;
	int key_line, key_col;
	bool have_key;
};

/* Add child to the open container top; takes child's contents. Returns a
 * pointer to the stored child, or NULL after reporting an error. */
static struct yamldoc_node *frame_add(struct frame *f, struct yamldoc_node *child, const char *file,
				      struct diag_list *dl)
{
	struct yamldoc_node *n = f->node;

	if (n->type == YAMLDOC_MAP && !f->have_key) {
		if (child->type != YAMLDOC_SCALAR) {
			diag_add(dl, DIAG_ERROR, file, child->line, child->col,
				 "a key must be a plain name, not a %s", child->type == YAMLDOC_MAP ? "mapping" : "list");
			node_release(child);
			return NULL;
		}
		for (size_t i = 0; i < n->n; i++) {
			if (!strcmp(n->keys[i], child->text)) {
				diag_add(dl, DIAG_ERROR, file, child->line, child->col,
					 "duplicate key '%s' (first at line %d); keep one", child->text, n->key_line[i]);
				node_release(child);
				return NULL;
			}
		}
		f->key = child->text;
		child->text = NULL;
		f->key_line = child->line;
		f->key_col = child->col;
		f->have_key = true;
		node_release(child);
		return n; /* not a value: nothing more to do */
	}
	if (n->n == f->alloc) {
		f->alloc = f->alloc ? f->alloc * 2 : 4;
		n->items = xrealloc(n->items, f->alloc * sizeof *n->items);
		if (n->type == YAMLDOC_MAP) {
			n->keys = xrealloc(n->keys, f->alloc * sizeof *n->keys);
			n->key_line = xrealloc(n->key_line, f->alloc * sizeof *n->key_line);
			n->key_col = xrealloc(n->key_col, f->alloc * sizeof *n->key_col);
		}
	}
	if (n->type == YAMLDOC_MAP) {
		n->keys[n->n] = f->key;
		n->key_line[n->n] = f->key_line;
		n->key_col[n->n] = f->key_col;
		f->key = NULL;
		f->have_key = false;
	}
	n->items[n->n] = *child;
	return &n->items[n->n++];
}

int yamldoc_parse(const char *buf, size_t len, const char *file, struct yamldoc_node **out,
		  struct diag_list *dl)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct frame stack[YAMLDOC_DEPTH_MAX + 1];
	int depth = 0; /* frames in use */
	struct yamldoc_node *root = NULL;
	size_t nodes = 0, bad;
	int docs = 0;
	bool done = false, failed = false;
	size_t errors_before = dl->errors;

	*out = NULL;
	if (len > YAMLDOC_SIZE_MAX) {
		diag_add(dl, DIAG_ERROR, file, 0, 0, "file too large (%zu bytes; at most %d)", len, YAMLDOC_SIZE_MAX);
		return -1;
	}
	if (!utf8_valid(buf, len, &bad)) {
		int line = 1, col = 1;
		for (size_t i = 0; i < bad; i++) {
			if (buf[i] == '\n')
				line++, col = 1;
			else if (((unsigned char)buf[i] & 0xc0) != 0x80)
				col++;
		}
		diag_add(dl, DIAG_ERROR, file, line, col, "not UTF-8 text (byte 0x%02x); save the file as UTF-8",
			 (unsigned char)buf[bad]);
		return -1;
	}
	if (!yaml_parser_initialize(&parser))
		die("cannot start the YAML parser");
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	while (!done && !failed) {
		if (!yaml_parser_parse(&parser, &ev)) {
			diag_add(dl, DIAG_ERROR, file, mark_line(&parser.problem_mark), mark_col(&parser.problem_mark),
				 "%s%s%s", parser.problem ? parser.problem : "YAML syntax error",
				 parser.context ? " " : "", parser.context ? parser.context : "");
			failed = true;
			break;
		}
		int line = mark_line(&ev.start_mark), col = mark_col(&ev.start_mark);
		const unsigned char *anchor = NULL, *tag = NULL;
		if (ev.type == YAML_SCALAR_EVENT)
			anchor = ev.data.scalar.anchor, tag = ev.data.scalar.tag;
		else if (ev.type == YAML_SEQUENCE_START_EVENT)
			anchor = ev.data.sequence_start.anchor, tag = ev.data.sequence_start.tag;
		else if (ev.type == YAML_MAPPING_START_EVENT)
			anchor = ev.data.mapping_start.anchor, tag = ev.data.mapping_start.tag;
		if (anchor || ev.type == YAML_ALIAS_EVENT) {
			diag_add(dl, DIAG_ERROR, file, line, col, "anchors and aliases are not allowed; write the value out");
			failed = true;
		} else if (tag) {
			diag_add(dl, DIAG_ERROR, file, line, col, "tags (!%s) are not allowed", (const char *)tag);
			failed = true;
		} else if (++nodes > YAMLDOC_NODES_MAX) {
			diag_add(dl, DIAG_ERROR, file, line, col, "too many values (at most %d)", YAMLDOC_NODES_MAX);
			failed = true;
		}
		if (failed) {
			yaml_event_delete(&ev);
			break;
		}
		struct yamldoc_node child;
		memset(&child, 0, sizeof child);
		child.line = line;
		child.col = col;
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				diag_add(dl, DIAG_ERROR, file, line, col, "more than one document ('---'); an assignment is one");
				failed = true;
			}
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_SCALAR_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (ev.type == YAML_SCALAR_EVENT) {
				child.type = YAMLDOC_SCALAR;
				child.text = xstrndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
				child.plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
				if (strlen(child.text) != ev.data.scalar.length) {
					diag_add(dl, DIAG_ERROR, file, line, col, "a NUL character in a value");
					free(child.text);
					failed = true;
					break;
				}
			} else {
				child.type = ev.type == YAML_MAPPING_START_EVENT ? YAMLDOC_MAP : YAMLDOC_LIST;
				if (depth >= YAMLDOC_DEPTH_MAX) {
					diag_add(dl, DIAG_ERROR, file, line, col, "nested too deeply (at most %d levels)",
						 YAMLDOC_DEPTH_MAX);
					failed = true;
					break;
				}
			}
			struct yamldoc_node *placed;
			if (depth == 0) {
				root = xcalloc(1, sizeof *root);
				*root = child;
				placed = root;
			} else if (!(placed = frame_add(&stack[depth - 1], &child, file, dl))) {
				failed = true;
				break;
			}
			if (child.type != YAMLDOC_SCALAR) {
				memset(&stack[depth], 0, sizeof stack[depth]);
				stack[depth++].node = placed;
			}
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth > 0)
				depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	for (int i = 0; i < depth; i++)
		free(stack[i].key);
	if (!failed && !root)
		diag_add(dl, DIAG_ERROR, file, 0, 0, "the file is empty");
	if (failed || !root || dl->errors > errors_before) {
		yamldoc_free(root);
		return -1;
	}
	*out = root;
	return 0;
}

/* --- The assignment ------------------------------------------------------- */

struct reader {
	const char *file;
	struct diag_list *dl;
};

#define bad(R, n, ...) diag_add((R)->dl, DIAG_ERROR, (R)->file, (n)->line, (n)->col, __VA_ARGS__)

static const char *type_name(const struct yamldoc_node *n)
{
	return n->type == YAMLDOC_MAP ? "a mapping" : n->type == YAMLDOC_LIST ? "a list" : "a value";
}

/* A text value; *dst is replaced. */
static int read_text(struct reader *R, const char *key, const struct yamldoc_node *n, char **dst, size_t max)
{
	if (n->type != YAMLDOC_SCALAR) {
		diag_add(R->dl, DIAG_ERROR, R->file, n->line, n->col, "'%s' wants text, not %s", key, type_name(n));
		return -1;
	}
	if (!*n->text) {
		diag_add(R->dl, DIAG_ERROR, R->file, n->line, n->col, "'%s' is empty", key);
		return -1;
	}
	if (strlen(n->text) > max) {
		diag_add(R->dl, DIAG_ERROR, R->file, n->line, n->col, "'%s' is too long (at most %zu bytes)", key, max);
		return -1;
	}
	free(*dst);
	*dst = xstrdup(n->text);
	return 0;
}

static int read_number(struct reader *R, const char *key, const struct yamldoc_node *n, double lo, double hi,
		       bool whole, double *out)
{
	char *end;
	double v;

	if (n->type != YAMLDOC_SCALAR || !n->plain || !*n->text) {
		diag_add(R->dl, DIAG_ERROR, R->file, n->line, n->col, "'%s' wants a number", key);
		return -1;
	}
	errno = 0;
	v = strtod(n->text, &end);
	if (errno || *end || !isfinite(v) || v < lo || v > hi || (whole && v != floor(v))) {
		diag_add(R->dl, DIAG_ERROR, R->file, n->line, n->col, "'%s' wants a %s from %g to %g", key,
			 whole ? "whole number" : "number", lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

static void unknown_key(struct reader *R, const struct yamldoc_node *map, size_t i, const char *const *known,
			size_t nknown, const char *where)
{
	const char *best = NULL;
	size_t bestd = 3;

	for (size_t k = 0; k < nknown; k++) {
		size_t d = edit_distance(map->keys[i], known[k], 2);
		/* On a tie, a key with the same first letter is the likelier slip. */
		if (d < bestd || (d == bestd && best && best[0] != map->keys[i][0] && known[k][0] == map->keys[i][0]))
			bestd = d, best = known[k];
	}
	if (best)
		diag_add(R->dl, DIAG_ERROR, R->file, map->key_line[i], map->key_col[i],
			 "unknown key '%s' in %s (did you mean '%s'?)", map->keys[i], where, best);
	else
		diag_add(R->dl, DIAG_ERROR, R->file, map->key_line[i], map->key_col[i],
			 "unknown key '%s' in %s", map->keys[i], where);
}

static void read_pass(struct reader *R, const struct yamldoc_node *n, struct pass_rules *r)
{
	static const char *const known[] = { "rq_ratio", "pct_complex", "no_codes", "outcome", "min_skill",
					     "min_overall" };
	double d;

	if (n->type != YAMLDOC_MAP) {
		bad(R, n, "'pass' wants a mapping of rules (rq_ratio: 1.0, ...), not %s", type_name(n));
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		const char *k = n->keys[i];
		const struct yamldoc_node *v = &n->items[i];

		if (!strcmp(k, "rq_ratio")) {
			if (!read_number(R, k, v, 0, 100, false, &d))
				r->rq_ratio = d;
		} else if (!strcmp(k, "pct_complex")) {
			if (!read_number(R, k, v, 0, 100, false, &d))
				r->pct_complex = d;
		} else if (!strcmp(k, "min_overall")) {
			if (!read_number(R, k, v, 0, 100, true, &d))
				r->min_overall = (int)d;
		} else if (!strcmp(k, "outcome")) {
			static const char *const outs[] = { "success", "failure", "limit", "quit", "interrupted" };
			bool ok = false;
			for (size_t j = 0; v->type == YAMLDOC_SCALAR && j < ARRAY_SIZE(outs); j++)
				ok |= !strcmp(v->text, outs[j]);
			if (!ok)
				bad(R, v, "'outcome' wants success, failure, limit, quit or interrupted");
			else
				snprintf(r->outcome, sizeof r->outcome, "%s", v->text);
		} else if (!strcmp(k, "no_codes")) {
			if (v->type != YAMLDOC_LIST || !v->n) {
				bad(R, v, "'no_codes' wants a list of codes, e.g. [CONF, PERS]");
				continue;
			}
			for (size_t j = 0; j < v->n; j++) {
				int c = v->items[j].type == YAMLDOC_SCALAR ? code_parse(v->items[j].text) : -1;
				if (c < 0)
					bad(R, &v->items[j], "'%s' is not a behaviour code (OQ, CQ, SR, CR, AF, SEEK, AUTO, GI, PERS, PWP, CONF)",
					    v->items[j].type == YAMLDOC_SCALAR ? v->items[j].text : "?");
				else
					r->no_codes |= CODE_BIT(c);
			}
		} else if (!strcmp(k, "min_skill")) {
			if (v->type != YAMLDOC_MAP) {
				bad(R, v, "'min_skill' wants a mapping, e.g. {reflection: 60}");
				continue;
			}
			for (size_t j = 0; j < v->n; j++) {
				int s = skill_parse(v->keys[j]);
				if (s < 0) {
					static const char *const skills[] = { "empathy", "reflection", "discrepancy", "self_efficacy" };
					unknown_key(R, v, j, skills, ARRAY_SIZE(skills), "min_skill");
				} else if (!read_number(R, v->keys[j], &v->items[j], 0, 100, true, &d)) {
					r->min_skill[s] = (int)d;
				}
			}
		} else {
			unknown_key(R, n, i, known, ARRAY_SIZE(known), "pass");
		}
	}
}

int assignment_parse(const char *buf, size_t len, const char *file, struct assignment *a,
		     struct diag_list *dl)
{
	static const char *const known[] = { "assignment", "title", "pack", "version", "scenarios", "due",
					     "mode", "trainer", "pass" };
	struct reader R = { .file = file, .dl = dl };
	struct yamldoc_node *root;
	size_t errors = dl->errors;
	struct error err = {0};

	memset(a, 0, sizeof *a);
	pass_rules_init(&a->pass);
	if (yamldoc_parse(buf, len, file, &root, dl))
		return -1;
	if (root->type != YAMLDOC_MAP) {
		bad(&R, root, "an assignment is a mapping (assignment: ID, pack: ..., ...), not %s", type_name(root));
		yamldoc_free(root);
		return -1;
	}
	bool seen[ARRAY_SIZE(known)] = {0};
	for (size_t i = 0; i < root->n; i++) {
		const char *k = root->keys[i];
		const struct yamldoc_node *v = &root->items[i];
		size_t which = ARRAY_SIZE(known);

		for (size_t j = 0; j < ARRAY_SIZE(known); j++)
			if (!strcmp(k, known[j]))
				which = j;
		if (which == ARRAY_SIZE(known)) {
			unknown_key(&R, root, i, known, ARRAY_SIZE(known), "the assignment");
			continue;
		}
		seen[which] = true;
		switch (which) {
		case 0:
			if (!read_text(&R, k, v, &a->id, ASSIGNMENT_ID_MAX) && !assignment_id_valid(a->id))
				bad(&R, v, "the assignment id '%s' may hold only lower-case letters, digits, '-', '_' and '.'",
				    a->id);
			break;
		case 1:
			read_text(&R, k, v, &a->title, 200);
			break;
		case 2:
			read_text(&R, k, v, &a->pack_id, 64);
			break;
		case 3:
			read_text(&R, k, v, &a->pack_version, 32);
			break;
		case 4:
			if (v->type != YAMLDOC_LIST || !v->n || v->n > ASSIGNMENT_MAX_SCENARIOS) {
				diag_add(dl, DIAG_ERROR, file, v->line, v->col,
					 "'scenarios' wants a list of 1 to %d scenario ids", ASSIGNMENT_MAX_SCENARIOS);
				break;
			}
			a->scenarios = xcalloc(v->n, sizeof *a->scenarios);
			for (size_t j = 0; j < v->n; j++) {
				char *id = NULL;
				if (read_text(&R, "scenarios", &v->items[j], &id, 64))
					continue;
				if (assignment_has_scenario(a, id)) {
					bad(&R, &v->items[j], "scenario '%s' is listed twice", id);
					free(id);
					continue;
				}
				a->scenarios[a->nscenarios++] = id;
			}
			break;
		case 5:
			if (read_text(&R, k, v, &a->due, 10) == 0 &&
			    assignment_check(&(struct assignment){ .id = "x", .pack_id = "x", .pack_version = "x",
								    .nscenarios = 1, .due = a->due }, &err))
				bad(&R, v, "'due' wants a date like 2026-12-01, not '%s'", a->due);
			break;
		case 6:
			if (v->type != YAMLDOC_SCALAR || (strcmp(v->text, "exam") && strcmp(v->text, "coach")))
				bad(&R, v, "'mode' wants exam or coach");
			else
				a->exam = !strcmp(v->text, "exam");
			break;
		case 7:
			read_text(&R, k, v, &a->trainer, 200);
			break;
		case 8:
			read_pass(&R, v, &a->pass);
			break;
		}
	}
	static const char *const required[] = { "assignment", "pack", "version", "scenarios" };
	for (size_t j = 0; j < ARRAY_SIZE(required); j++) {
		bool have = false;
		for (size_t m = 0; m < ARRAY_SIZE(known); m++)
			if (!strcmp(known[m], required[j]))
				have = seen[m];
		if (!have)
			diag_add(dl, DIAG_ERROR, file, root->line, root->col, "the assignment has no '%s'", required[j]);
	}
	yamldoc_free(root);
	return dl->errors > errors ? -1 : 0;
}

int assignment_load(const char *path, struct assignment *a, struct diag_list *dl, struct error *err)
{
	FILE *f;
	struct stat st;
	char *buf;
	size_t n;
	int rc;

	memset(a, 0, sizeof *a);
	if (stat(path, &st) != 0)
		return error_set(err, errno == ENOENT ? EXIT_NOINPUT : EXIT_IOERR, "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return error_set(err, EXIT_DATAERR, "%s: is a directory, not an assignment file", path);
	if (st.st_size > YAMLDOC_SIZE_MAX) {
		diag_add(dl, DIAG_ERROR, path, 0, 0, "file too large (%lld bytes; at most %d)", (long long)st.st_size,
			 YAMLDOC_SIZE_MAX);
		return error_set(err, EXIT_DATAERR, "%s: not a valid assignment", path);
	}
	if (!(f = fopen(path, "rb")))
		return error_set(err, errno == ENOENT ? EXIT_NOINPUT : EXIT_IOERR, "%s: %s", path, strerror(errno));
	buf = xmalloc(YAMLDOC_SIZE_MAX + 1);
	n = fread(buf, 1, YAMLDOC_SIZE_MAX + 1, f);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return error_set(err, EXIT_IOERR, "%s: cannot read: %s", path, strerror(errno));
	}
	fclose(f);
	rc = assignment_parse(buf, n, path, a, dl);
	free(buf);
	if (rc)
		return error_set(err, EXIT_DATAERR, "%s: not a valid assignment", path);
	return 0;
}
