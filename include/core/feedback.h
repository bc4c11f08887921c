/* feedback.h: the words a practitioner reads about a reply and a session,
 * formatted as text (plain mode, `micoach show`, exports). Pure: formats into
 * a strbuf; every stored or typed text is made inert. */
#ifndef MICOACH_FEEDBACK_H
#define MICOACH_FEEDBACK_H

#include "core/coder.h"
#include "core/summary.h"
#include "core/util.h"

/* "  Coded: CR (complex reflection), OQ\n  Skills: ...\n  Why: CR "it sounds like"\n  Tip: ...\n" */
void feedback_format_reply(struct strbuf *sb, const char *reply, const struct coded_reply *cr);
/* The MITI summary against its thresholds and the four skill scores. */
void feedback_format_summary(struct strbuf *sb, const struct summary *sum);

#endif
