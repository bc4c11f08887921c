/* dialogue_int.h: what dialogue.c (the turn) shares with dialogue_lines.c
 * (format 2: the memory of what has been said, line conditions, choosing a
 * line). Private to src/core. */
#ifndef MICOACH_DIALOGUE_INT_H
#define MICOACH_DIALOGUE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/client_moves.h"
#include "core/dialogue.h"
#include "core/util.h"

/* A set of variants (a node's say, a branch's say_first, an answer, a move,
 * an ending's lines) has an index; its variants have global indexes. */
struct dialogue_memory {
	size_t nsets;
	const struct line_variant **set_v; /* each set's variants */
	size_t *set_n;
	size_t *set_base;          /* first global variant index of each set */
	int *set_visits;           /* times a line of the set was chosen */
	size_t *branch_set;        /* per node: index of its first branch's set */
	size_t answer_set, move_set, ending_set;
	int *uses;                 /* per global variant */
	size_t *text_id;           /* per global variant: the same id for the same text */
	bool *said;                /* per text id: said in this session */
	size_t *opening_of;        /* per text id: the id of the longest text that
				    * opens it, up to a space ("...Thank you." of
				    * "...Thank you. Nobody says that."), or SIZE_MAX */
	size_t nvariants;
	/* the conversation, for `raised:` */
	const char **heard;        /* client lines (into the scenario) and replies (owned in replies[]) */
	size_t nheard, aheard;
	const char **client;       /* client lines only, in order */
	size_t nclient, aclient;
	char **replies;
	size_t nreplies, areplies;
	struct reply_sig *sigs;    /* one per reply, for repeats */
	char **texts;              /* composed turn texts handed out as step.line */
	size_t ntexts, atexts;
	const char **topics;       /* scratch: the topic words for a reply's traits */
	size_t atopics;
};


/* splitmix64: small, seedable, the same sequence on every platform. */
static inline unsigned long long rng_next(unsigned long long *state)
{
	unsigned long long z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}


#define GROW(p, n, a) do { if ((n) == (a)) { (a) = (a) ? 2 * (a) : 8; \
	(p) = xrealloc((p), (a) * sizeof *(p)); } } while (0)

/* What a line is chosen after: the reply (NULL for the opening) and its traits. */
struct reply_seen {
	const struct coded_reply *cr;
	const char *text;
	const struct reply_traits *traits;
};

/* How a set's line is chosen: a line the client must say (a node's, an
 * ending's, a move that takes the turn) is said even when every line has
 * been said before; an optional one (an answer, a reaction, a say_first) is
 * then left out. */
enum pick { PICK_OPTIONAL, PICK_MUST };

/* The memory of a format-2 dialogue (dialogue_init makes it, dialogue_release frees it). */
struct dialogue_memory *lines_memory_new(const struct scenario *s);
void lines_memory_free(struct dialogue_memory *m);
/* Remember a text the conversation held (a reply, owned elsewhere). */
void lines_hear(struct dialogue_memory *m, const char *text);
/* A said line with the labels of lv (NULL in format 1). */
void lines_said_set(struct said_line *sl, const struct line_variant *lv, const char *text, enum said_from from,
		    int move);
bool lines_cond_holds(const struct dialogue *d, const struct line_cond *c, const struct reply_seen *r);
/* Say a set's line (what adds before, the chosen alternative, what adds
 * after) into out; returns the number of lines said. */
size_t lines_say(struct dialogue *d, struct dialogue_step *out, size_t set, const struct reply_seen *r,
		 enum pick how, enum said_from from, int move);
/* Could the set say a line now? */
bool lines_can_say(struct dialogue *d, size_t set, const struct reply_seen *r, enum pick how);
/* The client's lines of a turn as one text, kept until release. */
const char *lines_compose(struct dialogue *d, const struct said_line *lines, size_t n);

#endif
