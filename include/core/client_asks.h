/* client_asks.h: does the client's line ask for the practitioner's view,
 * advice or information ("What do you think I should do?", "so what would
 * you do then", "any tips", "is there anything that helps"), with or without
 * a question mark? The coder codes advice that was asked for as persuasion
 * with permission (PWP), unasked advice as persuasion (PERS): this is what
 * sets coder_context.client_asked (core/context.h). Pure; a phrase list over
 * the line's clauses, kept on its own so it can be refined without touching
 * its callers. */
#ifndef MICOACH_CLIENT_ASKS_H
#define MICOACH_CLIENT_ASKS_H

#include <stdbool.h>

/* true when some clause of line (NULL: false) asks for the practitioner's
 * view, advice or information. */
bool client_asks(const char *line);

#endif
