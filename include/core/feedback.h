/* feedback.h: the words a practitioner reads about a reply and a session,
 * formatted as text (plain mode, `micoach show`, exports). Pure: formats into
 * a strbuf; every stored or typed text is made inert. */
#ifndef MICOACH_FEEDBACK_H
#define MICOACH_FEEDBACK_H

#include <stdbool.h>

#include "core/client_talk.h"
#include "core/coder.h"
#include "core/summary.h"
#include "core/util.h"

/* "  Coded: CR (complex reflection), OQ\n  Skills: ...\n  Why: CR "it sounds like"\n  Tip: ...\n" */
void feedback_format_reply(struct strbuf *sb, const char *reply, const struct coded_reply *cr);
/* The MITI summary against its thresholds and the four skill scores. */
void feedback_format_summary(struct strbuf *sb, const struct summary *sum);
/* The client's talk over a session (client_talk.h), two lines: change and
 * sustain talk evoked by kind, their ratio, and missed change talk with the
 * replies' numbers. Only for a session whose lines carry labels: a caller
 * says nothing about talk otherwise (session_has_talk). */
void feedback_format_talk(struct strbuf *sb, const struct talk_summary *t);
/* "change talk (desire, ability): reflect it" when these client lines hold
 * change talk (no indent, no newline); false, adding nothing, otherwise. */
bool feedback_talk_mark(struct strbuf *sb, const struct said_line *l, size_t n);

#endif
