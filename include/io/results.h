/* results.h: the files trainers and trainees send each other, and the
 * commands around them.
 *
 * A result file (`micoach export --assignment ID`) holds one trainee's
 * sessions for one assignment, whole: turns, codes, skills, cues, meters,
 * summaries and outcomes, with the assignment itself. A notes file
 * (`micoach export --notes`) carries a trainer's notes back to trainees.
 * Both are JSON (docs/assignment-format.md, "Result files"):
 *   {"format": "micoach-results", "version": 1, "sha256": HEX, "payload": {...}}
 * where sha256 is the SHA-256 of the payload's bytes exactly as they stand
 * in the file, so a damaged, truncated or edited file is refused.
 *
 * results_write / results_read are pure apart from the FILE they write; the
 * results_* commands at the bottom do the I/O. A struct results owns
 * everything in it: results_release frees it. */
#ifndef MICOACH_RESULTS_H
#define MICOACH_RESULTS_H

#include <stdbool.h>
#include <stdio.h>
#include "core/assignment.h"
#include "core/error.h"
#include "store/store.h"
#include "store/store_trainer.h"

enum { RESULTS_FORMAT_VERSION = 1, RESULTS_FILE_MAX = 64 * 1024 * 1024 };

enum results_kind { RESULTS_SESSIONS, RESULTS_NOTES };

struct results {
	enum results_kind kind;
	char *from;                       /* the trainee (sessions) or trainer (notes) */
	char *exported;                   /* ISO 8601 UTC */
	char checksum[65];                /* as verified */
	bool has_assignment;
	struct assignment assignment;
	struct stored_session *sessions;  /* RESULTS_SESSIONS */
	size_t nsessions;
	struct note_entry *notes;         /* RESULTS_NOTES */
	size_t nnotes;
};
void results_release(struct results *r);

/* Write r as a result file to out; the checksum is computed here (r->checksum
 * is set). Returns -1 with err when writing fails. */
int results_write(FILE *out, struct results *r, struct error *err);
/* Read and verify a result or notes file held in buf. file names it in
 * messages ("file:line:col: error: ..."). A checksum mismatch, a truncated
 * file, a wrong format or a field of the wrong type is EXIT_DATAERR. */
int results_read(const char *buf, size_t len, const char *file, struct results *out, struct error *err);

/* The attempt (assignment.h) of a session read from a file or the store. */
void results_attempt(const struct stored_session *ss, struct attempt *a);

#endif
