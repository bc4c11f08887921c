/* dialogue.h: the client as a state machine over a scenario. Pure: feed it a
 * coded reply, get the client's next lines, the new meters and whether the
 * session has ended. Deterministic for a given seed and the same replies, so
 * a stored session can be replayed turn by turn (retry, rescore, the
 * scenarios' own tests).
 *
 * A format-1 scenario plays exactly as it always has (one node line, an
 * optional say_first). A format-2 scenario gets the listening client of
 * docs/scenario-format.md ("How a turn is played"): lines chosen on the reply
 * too, answers to questions, conversational moves (client_moves.h), no
 * verbatim repeats, and lines labelled with their client talk and thought. */
#ifndef MICOACH_DIALOGUE_H
#define MICOACH_DIALOGUE_H

#include <stdbool.h>
#include <stddef.h>
#include "core/client_moves.h"
#include "core/coder.h"
#include "core/scenario.h"

/* Where a line the client said came from. */
enum said_from { SAID_NODE, SAID_SAY_FIRST, SAID_ANSWER, SAID_MOVE, SAID_ENDING };

/* One line the client said, with its author's labels. Strings point into the
 * scenario. */
struct said_line {
	const char *text;
	enum client_talk talk;     /* TALK_UNLABELLED in format 1 */
	enum talk_kind kind;
	const char *thought;       /* NULL when none */
	bool asks_info;            /* the client asked for information or advice */
	enum said_from from;
	int move;                  /* enum client_move when from == SAID_MOVE, else -1 */
};

/* The most lines one turn can say: a reaction, an answer, a say_first and the
 * node's (or ending's) line, each with what adds before and after it. */
enum { DIALOGUE_LINES_MAX = LIMIT_LINES };

struct dialogue_memory;        /* format 2: what has been said, visits (dialogue.c) */

struct dialogue {
	const struct scenario *s;
	int node;                  /* current node; -1 once ended */
	int ending;                /* -1 until ended */
	int meters[METERS_MAX];
	int turns;                 /* replies fed so far */
	unsigned long long rng;
	int *uses;                 /* times each variant was said, per node: uses[vbase[node] + v] */
	size_t *vbase;
	const char *line;          /* the client's current words: see dialogue_line() */
	/* What the client said last (the opening after init, the last turn after
	 * a feed), line by line. */
	struct said_line said[DIALOGUE_LINES_MAX];
	size_t nsaid;
	bool invited;              /* format 2: the client agreed to hear, or asked for, information */
	struct dialogue_memory *mem;
};

/* What one reply did. Strings point into the scenario or into the dialogue,
 * and stay valid until dialogue_release(). */
struct dialogue_step {
	int from_node;             /* the node the reply answered */
	int branch;                /* index of the branch taken in from_node, -1 when none (or a move took the turn) */
	int to_node;               /* the node now current, -1 when ended */
	int ending;                /* the ending reached, -1 when not */
	/* Format 1: the branch's say_first (or NULL) and the node's line or the
	 * ending's closing words. Format 2: say_first is NULL and line is every
	 * line below joined by a space, so a reader that shows one text shows all. */
	const char *say_first;
	const char *line;
	struct said_line lines[DIALOGUE_LINES_MAX];  /* what the client said, in order (both formats) */
	size_t nlines;
	const char *thought;       /* to show after the reply: the branch's thought, else the last line's; NULL */
	int move;                  /* the move that took the whole turn or reacted to the reply, -1 none */
	bool heard_as_asked;       /* information the client had agreed to hear or asked for */
	struct reply_traits traits;/* how the client heard the reply (format 2; zero in format 1) */
	int meters[METERS_MAX];    /* after the turn */
	int delta[METERS_MAX];     /* change this turn */
	bool ended;
};

/* Start a dialogue at the scenario's start node; dialogue_release frees. */
void dialogue_init(struct dialogue *d, const struct scenario *s, unsigned seed);
void dialogue_release(struct dialogue *d);
/* The client's words now: the opening right after init, then what they said
 * after the last reply (format 1: the node's line without say_first; format
 * 2: every line of the turn, joined). */
const char *dialogue_line(const struct dialogue *d);
/* The same, line by line with their labels. */
const struct said_line *dialogue_said(const struct dialogue *d, size_t *n);
/* Did the client agree to hear, or ask for, information (for the coder's
 * context: struct coder_context.client_asked)? Always false in format 1. */
bool dialogue_client_asked(const struct dialogue *d);
/* Feed one coded reply (reply_text is read for `about:` matches and, in
 * format 2, for what the client hears). */
void dialogue_feed(struct dialogue *d, const struct coded_reply *cr,
		   const char *reply_text, struct dialogue_step *out);
bool dialogue_ended(const struct dialogue *d);
/* Does this reply satisfy the branch condition with these meters? The
 * `permission` part reads the reply's words (client_moves.h). */
bool reply_match_test(const struct reply_match *m, const struct coded_reply *cr,
		      const char *reply_text, const int *meters);

#endif
