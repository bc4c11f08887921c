/* dialogue.h: the client as a state machine over a scenario. Pure: feed it a
 * coded reply, get the client's next line, the new meters and whether the
 * session has ended. Deterministic for a given seed, so a stored session can
 * be replayed turn by turn (retry, rescore, the scenarios' own tests). */
#ifndef MICOACH_DIALOGUE_H
#define MICOACH_DIALOGUE_H

#include <stdbool.h>
#include "core/coder.h"
#include "core/scenario.h"

struct dialogue {
	const struct scenario *s;
	int node;                  /* current node; -1 once ended */
	int ending;                /* -1 until ended */
	int meters[METERS_MAX];
	int turns;                 /* replies fed so far */
	unsigned long long rng;
	int *uses;                 /* times each variant was said, per node: uses[vbase[node] + v] */
	size_t *vbase;
	const char *line;          /* the client's current line (points into the scenario) */
};

/* What one reply did. Strings point into the scenario; valid while it is. */
struct dialogue_step {
	int from_node;             /* the node the reply answered */
	int branch;                /* index of the branch taken in from_node, -1 when none matched */
	int to_node;               /* the node now current, -1 when ended */
	int ending;                /* the ending reached, -1 when not */
	const char *say_first;     /* the branch's say_first, or NULL */
	const char *line;          /* the client's next line, or the ending's closing words */
	int meters[METERS_MAX];    /* after the turn */
	int delta[METERS_MAX];     /* change this turn */
	bool ended;
};

/* Start a dialogue at the scenario's start node; dialogue_release frees. */
void dialogue_init(struct dialogue *d, const struct scenario *s, unsigned seed);
void dialogue_release(struct dialogue *d);
/* The client's line now (the opening line right after init). */
const char *dialogue_line(const struct dialogue *d);
/* Feed one coded reply (reply_text is read for `about:` matches). */
void dialogue_feed(struct dialogue *d, const struct coded_reply *cr,
		   const char *reply_text, struct dialogue_step *out);
bool dialogue_ended(const struct dialogue *d);
/* Does this reply satisfy the branch condition with these meters? */
bool reply_match_test(const struct reply_match *m, const struct coded_reply *cr,
		      const char *reply_text, const int *meters);

#endif
