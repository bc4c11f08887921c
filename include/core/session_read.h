/* session_read.h: the one JSON reader of the session record (core/session.h),
 * over json.h's typed getters: what io/session_write.h writes, and the
 * shapes of the version-1 result and recovery files (scores flat, meters as
 * a list). Members it does not know are ignored, and members added after
 * version 1 may be missing, so older and newer writers both read. Every
 * error is located ("file:line:col: error: ..."). Pure. */
#ifndef MICOACH_SESSION_READ_H
#define MICOACH_SESSION_READ_H

#include "core/json.h"
#include "core/session.h"

/* What a caller requires beyond the record itself. */
enum {
	SESSION_READ_USER = 1,      /* a non-empty "user" */
	SESSION_READ_NOTE_UIDS = 2, /* every note carries "uid" and "session" (notes files) */
};

/* A session object into *s (overwritten; on error s holds what was read so
 * far, and either way session_release frees it). "turns" is a list of turns,
 * or (a header alone, as in `show --json`) how many. */
int session_read(const struct json_reader *R, const struct json_value *obj, unsigned flags,
		 struct session *s);
/* A list of turns appended to s, numbered on from s->nturns + 1. */
int session_read_turns(const struct json_reader *R, const struct json_value *list, struct session *s);
/* A list of notes appended to s. */
int session_read_notes(const struct json_reader *R, const struct json_value *list, unsigned flags,
		       struct session *s);
/* One note into a zeroed *n. */
int session_read_note(const struct json_reader *R, const struct json_value *obj, unsigned flags,
		      struct session_note *n);

#endif
