/* client_talk.h: the client's talk over a session, from the labels the
 * scenario's author put on every client line (scenario format 2; MISC 2.5
 * change and sustain talk): how much change and sustain talk the
 * practitioner evoked, their ratio, and missed change talk, with the turn
 * numbers. Because the author labels each line, these are exact, which no
 * coder of real sessions can be. Pure; the session record, `show` and the
 * summaries read it. */
#ifndef MICOACH_CLIENT_TALK_H
#define MICOACH_CLIENT_TALK_H

#include <stdbool.h>
#include <stddef.h>
#include "core/coder.h"
#include "core/dialogue.h"

/* One reply and what the client said after it (struct dialogue_step.lines). */
struct talk_turn {
	const struct coded_reply *coded;
	const char *reply;             /* its text: "asks about it" reads its words */
	const struct said_line *after;
	size_t nafter;
};

struct talk_summary {
	/* Lines said after a reply (evoked; the opening is not counted). */
	size_t change, sustain, neutral, unlabelled;
	size_t change_kind[KIND_COUNT], sustain_kind[KIND_COUNT];  /* [KIND_NONE]: no kind given */
	double ratio;            /* change / sustain; -1 when there is no sustain talk */
	double pct_change;       /* change / (change + sustain) * 100; -1 when there is neither */
	/* Replies that came right after change talk (the opening's too), and those
	 * of them that missed it: neither reflected, affirmed nor asked about it. */
	size_t after_change;
	size_t missed;
	int *missed_turn;        /* the missed replies' turn numbers (1-based), ascending */
};

/* Summarise a session: the opening lines, then each reply with the lines
 * after it. out is fully written; talk_summary_release() frees it. */
void talk_summarize(const struct said_line *opening, size_t nopening, const struct talk_turn *turns, size_t n,
		    struct talk_summary *out);
void talk_summary_release(struct talk_summary *t);

/* Do these client lines hold change talk? */
bool talk_has_change(const struct said_line *lines, size_t n);
/* Does the reply respond to the change talk in these lines: a reflection
 * (SR, CR), an affirmation (AF; MI's EARS counts it), or a question (OQ, CQ)
 * about it, one that shares a content word with it or points back at it
 * ("tell me more about that", "what else")? */
bool talk_reply_responds(const struct coded_reply *cr, const char *reply, const struct said_line *lines, size_t n);

#endif
