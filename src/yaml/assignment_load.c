/* assignment_load.c: reading assignment files (docs/assignment-format.md)
 * into struct assignment. yamldoc.c turns the text into a tree, refusing
 * what an untrusted file must not use; this file words those refusals for
 * trainers and reads the tree with a located message for every problem. */
#include "core/assignment.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "io/file.h"
#include "yaml/yamldoc.h"
#include "yaml/assignment_file.h"

enum { ASSIGNMENT_DEPTH_MAX = 8, ASSIGNMENT_EVENTS_MAX = 4096 };

static const struct yamldoc_limits limits = {
	.size_max = ASSIGNMENT_SIZE_MAX,
	.depth_max = ASSIGNMENT_DEPTH_MAX,
	.events_max = ASSIGNMENT_EVENTS_MAX,
	.stop_at_duplicate = true,
};

struct reader {
	const char *file;
	struct diag_list *dl;
};

/* yamldoc's refusals, in the words of the assignment format. */
static void yaml_problem(void *ctx, const struct yamldoc_problem *p)
{
	struct reader *R = ctx;
	const char *file = R->file;
	struct diag_list *dl = R->dl;

	switch (p->kind) {
	case YAMLDOC_TOO_LARGE:
		diag_add(dl, DIAG_ERROR, file, 0, 0, "file too large (%zu bytes; at most %d)", p->size,
			 ASSIGNMENT_SIZE_MAX);
		break;
	case YAMLDOC_EMPTY:
	case YAMLDOC_NO_CONTENT:
		diag_add(dl, DIAG_ERROR, file, 0, 0, "the file is empty");
		break;
	case YAMLDOC_BINARY:
	case YAMLDOC_BAD_UTF8:
		diag_add(dl, DIAG_ERROR, file, p->line, p->col, "not UTF-8 text (byte 0x%02x); save the file as UTF-8",
			 p->byte);
		break;
	case YAMLDOC_READER:
	case YAMLDOC_MEMORY:
	case YAMLDOC_SYNTAX:
		diag_add(dl, DIAG_ERROR, file, p->mark_line, p->mark_col, "%s%s%s",
			 p->text ? p->text : "YAML syntax error", p->context ? " " : "", p->context ? p->context : "");
		break;
	case YAMLDOC_ANCHOR:
	case YAMLDOC_ALIAS:
		diag_add(dl, DIAG_ERROR, file, p->line, p->col, "anchors and aliases are not allowed; write the value out");
		break;
	case YAMLDOC_TAG:
		diag_add(dl, DIAG_ERROR, file, p->line, p->col, "tags (!%s) are not allowed", p->text);
		break;
	case YAMLDOC_TOO_MANY_EVENTS:
	case YAMLDOC_TOO_MANY_KIDS:
		diag_add(dl, DIAG_ERROR, file, p->line, p->col, "too many values (at most %d)", ASSIGNMENT_EVENTS_MAX);
		break;
	case YAMLDOC_SECOND_DOCUMENT:
		diag_add(dl, DIAG_ERROR, file, p->line, p->col, "more than one document ('---'); an assignment is one");
		break;
	case YAMLDOC_NUL_IN_VALUE:
		diag_add(dl, DIAG_ERROR, file, p->line, p->col, "a NUL character in a value");
		break;
	case YAMLDOC_TOO_DEEP:
		diag_add(dl, DIAG_ERROR, file, p->line, p->col, "nested too deeply (at most %d levels)",
			 ASSIGNMENT_DEPTH_MAX);
		break;
	case YAMLDOC_COMPLEX_KEY:
		diag_add(dl, DIAG_ERROR, file, p->line, p->col, "a key must be a plain name, not a %s",
			 p->in_map ? "mapping" : "list");
		break;
	case YAMLDOC_DUPLICATE_KEY:
		diag_add(dl, DIAG_ERROR, file, p->line, p->col, "duplicate key '%s' (first at line %d); keep one",
			 p->text, p->first_line);
		break;
	}
}
#define bad(R, n, ...) diag_add((R)->dl, DIAG_ERROR, (R)->file, (n)->line, (n)->col, __VA_ARGS__)

static const char *type_name(const struct yamldoc_node *n)
{
	return n->kind == YAMLDOC_MAP ? "a mapping" : n->kind == YAMLDOC_LIST ? "a list" : "a value";
}

/* A text value; *dst is replaced. */
static int read_text(struct reader *R, const char *key, const struct yamldoc_node *n, char **dst, size_t max)
{
	if (n->kind != YAMLDOC_SCALAR) {
		diag_add(R->dl, DIAG_ERROR, R->file, n->line, n->col, "'%s' wants text, not %s", key, type_name(n));
		return -1;
	}
	if (!*n->str) {
		diag_add(R->dl, DIAG_ERROR, R->file, n->line, n->col, "'%s' is empty", key);
		return -1;
	}
	if (strlen(n->str) > max) {
		diag_add(R->dl, DIAG_ERROR, R->file, n->line, n->col, "'%s' is too long (at most %zu bytes)", key, max);
		return -1;
	}
	free(*dst);
	*dst = xstrdup(n->str);
	return 0;
}

static int read_number(struct reader *R, const char *key, const struct yamldoc_node *n, double lo, double hi,
		       bool whole, double *out)
{
	char *end;
	double v;

	if (n->kind != YAMLDOC_SCALAR || !n->plain || !*n->str) {
		diag_add(R->dl, DIAG_ERROR, R->file, n->line, n->col, "'%s' wants a number", key);
		return -1;
	}
	errno = 0;
	v = strtod(n->str, &end);
	if (errno || *end || !isfinite(v) || v < lo || v > hi || (whole && v != floor(v))) {
		diag_add(R->dl, DIAG_ERROR, R->file, n->line, n->col, "'%s' wants a %s from %g to %g", key,
			 whole ? "whole number" : "number", lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

static void unknown_key(struct reader *R, const struct yamldoc_node *key, const char *const *known, size_t nknown,
			const char *where)
{
	const char *best = NULL;
	size_t bestd = 3;

	for (size_t k = 0; k < nknown; k++) {
		size_t d = edit_distance(key->str, known[k], 2);
		/* On a tie, a key with the same first letter is the likelier slip. */
		if (d < bestd || (d == bestd && best && best[0] != key->str[0] && known[k][0] == key->str[0]))
			bestd = d, best = known[k];
	}
	if (best)
		diag_add(R->dl, DIAG_ERROR, R->file, key->line, key->col,
			 "unknown key '%s' in %s (did you mean '%s'?)", key->str, where, best);
	else
		diag_add(R->dl, DIAG_ERROR, R->file, key->line, key->col, "unknown key '%s' in %s", key->str, where);
}

static void read_pass(struct reader *R, const struct yamldoc_node *n, struct pass_rules *r)
{
	static const char *const known[] = { "rq_ratio", "pct_complex", "no_codes", "outcome", "min_skill",
					     "min_overall" };
	double d;

	if (n->kind != YAMLDOC_MAP) {
		bad(R, n, "'pass' wants a mapping of rules (rq_ratio: 1.0, ...), not %s", type_name(n));
		return;
	}
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		const char *k = n->kids[i]->str;
		const struct yamldoc_node *v = n->kids[i + 1];

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
			for (size_t j = 0; v->kind == YAMLDOC_SCALAR && j < ARRAY_SIZE(outs); j++)
				ok |= !strcmp(v->str, outs[j]);
			if (!ok)
				bad(R, v, "'outcome' wants success, failure, limit, quit or interrupted");
			else
				snprintf(r->outcome, sizeof r->outcome, "%s", v->str);
		} else if (!strcmp(k, "no_codes")) {
			if (v->kind != YAMLDOC_LIST || !v->n) {
				bad(R, v, "'no_codes' wants a list of codes, e.g. [CONF, PERS]");
				continue;
			}
			for (size_t j = 0; j < v->n; j++) {
				int c = v->kids[j]->kind == YAMLDOC_SCALAR ? code_parse(v->kids[j]->str) : -1;
				if (c < 0)
					bad(R, v->kids[j], "'%s' is not a behaviour code (OQ, CQ, SR, CR, AF, SEEK, AUTO, GI, PERS, PWP, CONF)",
					    v->kids[j]->kind == YAMLDOC_SCALAR ? v->kids[j]->str : "?");
				else
					r->no_codes |= CODE_BIT(c);
			}
		} else if (!strcmp(k, "min_skill")) {
			if (v->kind != YAMLDOC_MAP) {
				bad(R, v, "'min_skill' wants a mapping, e.g. {reflection: 60}");
				continue;
			}
			for (size_t j = 0; j + 1 < v->n; j += 2) {
				int s = skill_parse(v->kids[j]->str);
				if (s < 0) {
#define SKILL_NAME(e, s, l) s,
					static const char *const skills[] = { MI_SKILLS(SKILL_NAME) };
#undef SKILL_NAME
					unknown_key(R, v->kids[j], skills, ARRAY_SIZE(skills), "min_skill");
				} else if (!read_number(R, v->kids[j]->str, v->kids[j + 1], 0, 100, true, &d)) {
					r->min_skill[s] = (int)d;
				}
			}
		} else {
			unknown_key(R, n->kids[i], known, ARRAY_SIZE(known), "pass");
		}
	}
}

int assignment_parse(const char *buf, size_t len, const char *file, struct assignment *a,
		     struct diag_list *dl)
{
	static const char *const known[] = { "assignment", "title", "pack", "version", "scenarios", "due",
					     "mode", "trainer", "pass" };
	struct reader R = { .file = file, .dl = dl };
	struct yamldoc *doc;
	const struct yamldoc_node *root;
	size_t errors = dl->errors;
	struct error err = {0};

	memset(a, 0, sizeof *a);
	pass_rules_init(&a->pass);
	if (!(doc = yamldoc_parse(buf, len, &limits, yaml_problem, &R)))
		return -1;
	root = doc->root;
	if (root->kind != YAMLDOC_MAP) {
		bad(&R, root, "an assignment is a mapping (assignment: ID, pack: ..., ...), not %s", type_name(root));
		yamldoc_free(doc);
		return -1;
	}
	bool seen[ARRAY_SIZE(known)] = {0};
	for (size_t i = 0; i + 1 < root->n; i += 2) {
		const char *k = root->kids[i]->str;
		const struct yamldoc_node *v = root->kids[i + 1];
		size_t which = ARRAY_SIZE(known);

		for (size_t j = 0; j < ARRAY_SIZE(known); j++)
			if (!strcmp(k, known[j]))
				which = j;
		if (which == ARRAY_SIZE(known)) {
			unknown_key(&R, root->kids[i], known, ARRAY_SIZE(known), "the assignment");
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
			read_text(&R, k, v, &a->title, LIMIT_TITLE);
			break;
		case 2:
			read_text(&R, k, v, &a->pack_id, LIMIT_ID);
			break;
		case 3:
			read_text(&R, k, v, &a->pack_version, LIMIT_VERSION);
			break;
		case 4:
			if (v->kind != YAMLDOC_LIST || !v->n || v->n > ASSIGNMENT_MAX_SCENARIOS) {
				diag_add(dl, DIAG_ERROR, file, v->line, v->col,
					 "'scenarios' wants a list of 1 to %d scenario ids", ASSIGNMENT_MAX_SCENARIOS);
				break;
			}
			a->scenarios = xcalloc(v->n, sizeof *a->scenarios);
			for (size_t j = 0; j < v->n; j++) {
				char *id = NULL;
				if (read_text(&R, "scenarios", v->kids[j], &id, LIMIT_ID))
					continue;
				if (assignment_has_scenario(a, id)) {
					bad(&R, v->kids[j], "scenario '%s' is listed twice", id);
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
			if (v->kind != YAMLDOC_SCALAR || (strcmp(v->str, "exam") && strcmp(v->str, "coach")))
				bad(&R, v, "'mode' wants exam or coach");
			else
				a->exam = !strcmp(v->str, "exam");
			break;
		case 7:
			read_text(&R, k, v, &a->trainer, LIMIT_PERSON);
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
	yamldoc_free(doc);
	return dl->errors > errors ? -1 : 0;
}

int assignment_load(const char *path, struct assignment *a, struct diag_list *dl, struct error *err)
{
	char *buf;
	size_t n;
	int rc;

	memset(a, 0, sizeof *a);
	if (file_read_capped(path, ASSIGNMENT_SIZE_MAX, "assignment file", &buf, &n, err))
		return -1;
	rc = assignment_parse(buf, n, path, a, dl);
	free(buf);
	if (rc)
		return error_set(err, EXIT_DATAERR, "%s: not a valid assignment", path);
	return 0;
}
