/* context.h: what the coder reads besides a reply (struct coder_context,
 * coder.h), built the same way by every caller: practice, `micoach code`,
 * `micoach rescore` and the scenarios' own tests. The client's line, the
 * practitioner's previous reply, the scenario's and then the node's themes
 * (at most TURN_THEMES_MAX in all), and whether the client's line asked for
 * the practitioner's view, advice or information (client_asks.h). Pure. */
#ifndef MICOACH_CONTEXT_H
#define MICOACH_CONTEXT_H

#include "core/coder.h"
#include "core/dialogue.h"
#include "core/scenario.h"

enum { TURN_THEMES_MAX = 64 };

/* ctx points into this struct, the scenario and the strings passed in:
 * valid while they are. */
struct turn_context {
	struct coder_context ctx;
	const char *themes[TURN_THEMES_MAX];
};

/* Set ctx's client_asked and client_asked_fact_only from what client_line
 * (NULL: nothing) asks (client_asks_kind()). */
void context_asked(struct coder_context *ctx, const char *client_line);

/* The context of a reply to client_line, given after practitioner_last
 * (NULL: the first reply), at node (an index into s->nodes; -1: none) of
 * scenario s (NULL outside a scenario, as in a transcript). */
void turn_context(struct turn_context *tc, const struct scenario *s, int node, const char *client_line,
		  const char *practitioner_last);
/* The context of the next reply in a running dialogue: turn_context() at its
 * node and line, and client_asked also when the client asked for or agreed
 * to hear information (dialogue_client_asked), and practice set: a reply in
 * a running dialogue is a practice reply. Practice and the scenario tests
 * use this one. */
void turn_context_dialogue(struct turn_context *tc, const struct dialogue *d, const char *practitioner_last);

#endif
