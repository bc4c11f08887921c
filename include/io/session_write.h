/* session_write.h: the one JSON writer of the session record (core/session.h),
 * on emit.h. `show --json`, `export`, `history --json`, result files,
 * recovery files and `code --json` all write a session, a turn, a coded reply
 * and a note with these functions, so every format carries the same fields
 * under the same names (docs/export-format.md). core/session_read.h reads
 * them back. */
#ifndef MICOACH_SESSION_WRITE_H
#define MICOACH_SESSION_WRITE_H

#include "core/session.h"
#include "io/emit.h"

/* What session_json_write adds to the header. */
enum {
	SESSION_JSON_TURNS = 1,    /* "turns": the list of turns (else "turns": how many) */
	SESSION_JSON_NOTES = 2,    /* "notes": the trainers' notes */
};

/* The session as one object: its header, then what flags ask for. */
void session_json_write(struct json *j, const struct session *s, unsigned flags);
/* The same members without the braces, to add more inside one object. */
void session_json_fields(struct json *j, const struct session *s, unsigned flags);
/* A header's members (no braces): id, uid, started, ..., "turns": how many
 * (with count), outcome, retry_of, retry_turn, assignment, scores. */
void session_json_header(struct json *j, const struct session_info *si, bool count);
/* The stored summary scores as an object, or null when the session has none. */
void session_json_scores(struct json *j, const struct session_info *si);
/* One turn as an object. */
void session_json_turn(struct json *j, const struct session_turn *t);
/* The client's talk over the session (core/session.h session_talk) as an
 * object: change, sustain, neutral, unlabelled, ratio, pct_change,
 * change_kinds, sustain_kinds, after_change, missed, missed_turns; null when
 * no line carries a label (format 1). Computed from the turns, never read
 * back. */
void session_json_talk(struct json *j, const struct session *s);
/* A coded reply's members (no braces): primary, codes (primary first),
 * skills, nonadherent, cues ({code, start, len, text}), tip. */
void session_json_coded(struct json *j, const char *reply, const struct coded_reply *cr);
/* One note as an object (uid and session only when known). */
void session_json_note(struct json *j, const struct session_note *n);

#endif
