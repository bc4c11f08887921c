/* transcript.h: reads a session transcript for `micoach code`: one utterance a
 * line, "C: text" for the client and "P: text" for the practitioner (also
 * Client:, Practitioner:, Therapist:, Counsellor:, Counselor:, any case); a
 * line without a label continues the utterance above; blank lines and lines
 * starting with '#' are skipped. Pure: parses a buffer, does no I/O. */
#ifndef MICOACH_TRANSCRIPT_H
#define MICOACH_TRANSCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include "core/diag.h"

enum speaker { SPEAKER_CLIENT, SPEAKER_PRACTITIONER };

struct utterance {
	enum speaker who;
	char *text;      /* owned; continuation lines joined with one space */
	int line;        /* 1-based line of its label */
};

/* transcript_parse fills it; transcript_release frees it. */
struct transcript {
	struct utterance *items;
	size_t n, alloc;
	size_t practitioner;   /* how many practitioner utterances */
};

/* Parse len bytes of buf (named file in messages). Returns 0, or -1 with
 * located errors in dl (invalid UTF-8, a NUL byte, text before any label, no
 * practitioner line); the caller then exits EXIT_DATAERR. out is always
 * initialised and must be released. */
int transcript_parse(const char *buf, size_t len, const char *file, struct transcript *out,
		     struct diag_list *dl);
void transcript_release(struct transcript *t);

/* The last client / practitioner utterance before item i, or NULL. */
const char *transcript_client_before(const struct transcript *t, size_t i);
const char *transcript_practitioner_before(const struct transcript *t, size_t i);

#endif
