/* results.h: the files trainers and trainees send each other.
 *
 * A result file (`micoach export --assignment ID`) holds one trainee's
 * sessions for one assignment, whole: turns, codes, skills, cues, meters,
 * summaries, outcomes and notes, with the assignment itself. A notes file
 * (`micoach export --notes`) carries a trainer's notes back to trainees.
 * Both are JSON (docs/assignment-format.md, "Result files"):
 *   {"format": "micoach-results", "version": 2, "sha256": HEX, "payload": {...}}
 * where sha256 is the SHA-256 of the payload's bytes exactly as they stand
 * in the file, so a damaged, truncated or edited file is refused. This file
 * owns only that envelope and the payload's own members; each session and
 * note is written and read by the session record's one writer and reader
 * (io/session_write.h, core/session_read.h). Version-1 files still read.
 *
 * results_write / results_read are pure apart from the FILE they write. A
 * struct results owns everything in it: results_release frees it. */
#ifndef MICOACH_RESULTS_H
#define MICOACH_RESULTS_H

#include <stdbool.h>
#include <stdio.h>
#include "core/assignment.h"
#include "core/error.h"
#include "core/session.h"

enum { RESULTS_FORMAT_VERSION = 2, RESULTS_FILE_MAX = 64 * 1024 * 1024 };

enum results_kind { RESULTS_SESSIONS, RESULTS_NOTES };

struct results {
	enum results_kind kind;
	char *from;                       /* the trainee (sessions) or trainer (notes) */
	char *exported;                   /* ISO 8601 UTC */
	char checksum[65];                /* as verified */
	int version;                      /* the file's format version, as read */
	bool has_assignment;
	struct assignment assignment;
	struct session *sessions;         /* RESULTS_SESSIONS; each session's user is `from` */
	size_t nsessions;
	struct session_note *notes;       /* RESULTS_NOTES: with uid and session_uid */
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

#endif
