/* client_moves.h: a practitioner reply as the client hears it, and the
 * conversational moves every client makes (scenario format 2). Pure.
 *
 * The traits are read from the coded reply (its codes) and from the reply's
 * words (core/text.h stems), so they do not depend on how the coder finds
 * its codes: "can I share something?" asks permission whatever code the
 * coder gives it. The dialogue engine (dialogue.c) decides from them which
 * move the client makes; docs/scenario-format.md ("Moves") says exactly when.
 * client_moves_defaults() gives a scenario the default lines of every move
 * it neither gave lines for nor turned off. */
#ifndef MICOACH_CLIENT_MOVES_H
#define MICOACH_CLIENT_MOVES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/coder.h"
#include "core/scenario.h"

/* What the client hears in a reply. */
struct reply_traits {
	bool asks;          /* a question: coded OQ or CQ, or its words ask one (a "?", "what...", "did you...") */
	bool permission;    /* asks leave to tell, share, suggest or ask ("can I share...", "ok if I...") */
	bool info_follows;  /* ...and goes on to say it in the same reply (a sentence of 3+ words after the request) */
	bool gives_info;    /* information or advice: GI, PWP or PERS, and no CONF */
	bool reflects;      /* SR or CR, no AF, not MI-non-adherent */
	bool overshoots;    /* a reflection, not a question, that amplifies ("never want", "at all", "no problem"...)
			     * past the client's words */
	bool misses;        /* a reflection, not a question, of 4+ content words, none of them the client's or the topics', after a
			     * client line of 4+ content words (not "I've been pushing you...": about the practitioner) */
};

/* What the reply answers: the client's lines just said, what they said
 * before, and the topic words (the scenario's and the node's themes, the
 * `about:` words of the node's responses, the persona's situation, wants and
 * fears). All may be NULL / 0. */
struct reply_context {
	const char *const *client_lines;
	size_t nclient;
	const char *const *earlier_lines;
	size_t nearlier;
	const char *const *topics;
	size_t ntopics;
};

void reply_traits_compute(const char *reply, const struct coded_reply *cr, const struct reply_context *ctx,
			  struct reply_traits *out);

/* A reply's words, for noticing repeats: the set of its stems. */
enum { REPLY_SIG_MAX = 48 };
struct reply_sig {
	uint32_t h[REPLY_SIG_MAX];  /* sorted, distinct hashes of stems */
	size_t n;
};
void reply_signature(const char *reply, struct reply_sig *out);
/* Nearly the same words: both have 3 or more stems and share at least 80%
 * of the stems either has (Jaccard >= 0.8). */
bool reply_sig_repeats(const struct reply_sig *a, const struct reply_sig *b);

/* Content words shared by a reply and a text (stems, stop words left out). */
size_t reply_overlap(const char *reply, const char *text);

/* Fill s->moves[m] with the default lines for every move the scenario
 * neither gave lines for nor turned off (format 2 only; a format-1 scenario
 * is left alone). The defaults read the meters `rapport` and `resistance`
 * when the scenario declares them; docs/scenario-format.md lists them. */
void client_moves_defaults(struct scenario *s);

#endif
