/* client_asks.h: does the client's line ask for the practitioner's view or
 * advice ("What do you think I should do?", "so what would you do then",
 * "any tips", "is there anything that helps"), or only for a fact ("is it
 * safe?", "does this go on my file?", "what happens now?"), with or without
 * a question mark? The coder codes advice that was asked for as persuasion
 * with permission (PWP), unasked advice as persuasion (PERS), and advice
 * after a question of fact is still unasked: this is what sets
 * coder_context.client_asked and client_asked_fact_only (context_asked(),
 * core/context.h). Pure; phrase lists over the line's clauses, kept on
 * their own so they can be refined without touching their callers. */
#ifndef MICOACH_CLIENT_ASKS_H
#define MICOACH_CLIENT_ASKS_H

#include <stdbool.h>

/* What a client's line asks of the practitioner. */
enum client_ask {
	ASK_NONE,   /* nothing */
	ASK_FACT,   /* a fact, what the practitioner will do, what happens next:
		     * information answers it, advice after it is unasked for */
	ASK_ADVICE, /* what to do, what the practitioner thinks or would do */
};

/* What some clause of line asks (NULL: ASK_NONE); ASK_ADVICE when one
 * clause asks for advice and another for a fact ("is it bad? what should I
 * do?"). */
enum client_ask client_asks_kind(const char *line);

/* true when some clause of line (NULL: false) asks for the practitioner's
 * view, advice or information: client_asks_kind(line) != ASK_NONE. */
bool client_asks(const char *line);

#endif
