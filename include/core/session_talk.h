/* session_talk.h: the client's change and sustain talk over a stored
 * session, for the reports. The labels are the scenario author's (format
 * 2). A session record keeps each client line with its labels
 * (session_talk_stored, core/session.h), and those are used when it has
 * them. An older record keeps what the client said as text only: then the
 * session is replayed on its scenario: the dialogue is fed the stored coded
 * replies with the stored seed, each turn's lines are checked against what
 * was stored, and talk_summarize (client_talk.h) counts the talk evoked and
 * the change talk missed. Pure. */
#ifndef MICOACH_SESSION_TALK_H
#define MICOACH_SESSION_TALK_H

#include "core/client_talk.h"
#include "core/scenario.h"
#include "core/session.h"

enum session_talk_result {
	SESSION_TALK_OK,             /* *out is filled: talk_summary_release frees it */
	SESSION_TALK_UNLABELLED,     /* a format-1 scenario: its lines carry no talk labels */
	SESSION_TALK_DIVERGED,       /* the replay did not say what the session stored (another scenario text) */
};

/* The talk summary of session s: from its stored labels, else replayed on
 * scenario sc (the same scenario at the same pack version; NULL when it is
 * not installed: then only stored labels count). */
enum session_talk_result session_talk(const struct scenario *sc, const struct session *s, struct talk_summary *out);

#endif
