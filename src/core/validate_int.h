/* validate_int.h: what validate.c (the lint and the test runner) shares with
 * validate_listen.c (the lint for listening, format 2). Private to src/core. */
#ifndef MICOACH_VALIDATE_INT_H
#define MICOACH_VALIDATE_INT_H

#include <stdbool.h>
#include "core/diag.h"
#include "core/scenario.h"

/* What a session could reach: nodes by gotos from the start, and the range
 * each meter could take. */
struct reach {
	bool *node;            /* reachable node */
	bool *ending_by_goto;  /* an ending named by a reachable branch */
	int lo[METERS_MAX], hi[METERS_MAX];
};

/* One list of client lines in a scenario, and whose it is. */
struct line_set_ref {
	const struct line_variant *v;
	size_t n;
	int node, branch;      /* a node's say (branch -1) or a branch's say_first; else -1 */
	int answer, move, ending;  /* else -1 */
};

/* Every list of client lines of s, in file order; the caller frees *out. */
size_t line_sets(const struct scenario *s, struct line_set_ref **out);

__attribute__((format(printf, 4, 5)))
void lint_warn(struct diag_list *dl, const struct src_mark *at, enum diag_severity sev, const char *fmt, ...);

/* The lint for listening (format 2): labels, questions and permission
 * requests answered, lines that presuppose the practitioner's words or
 * refer back, endings and nodes with no line that can always be said. */
void lint_listening(const struct scenario *s, const struct reach *r, struct diag_list *dl);

#endif
