/* session.h: the one record of a practised session: its header (who, which
 * scenario of which pack, the coder, the seed, how it ended, its links and
 * scores), its turns (what the client said, the reply, how it was coded, the
 * meters after it, where the client went and what they answered) and the
 * trainers' notes on it. Practice builds it turn by turn; the store saves and
 * loads it; `show`, `export`, result files, recovery files and `code --json`
 * write it with the one writer (io/session_write.h) and read it with the one
 * reader (core/session_read.h). Pure: no I/O.
 *
 * Ownership: a struct session owns every string and array in it (all heap,
 * never borrowed); session_release frees them and zeroes the struct. A
 * zeroed struct session is empty and valid. New fields go at the end of
 * their struct, NULL or 0 meaning "not known" (old files and databases do not
 * have them), so that every reader can leave them out. */
#ifndef MICOACH_SESSION_H
#define MICOACH_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/assignment.h"
#include "core/limits.h"
#include "core/coder.h"
#include "core/scenario.h"
#include "core/summary.h"

enum {
	SESSION_UID_LEN = 32,      /* hex digits in a uid */
	SESSION_TURNS_MAX = LIMIT_TURNS, /* turns a file may hold */
	SESSION_METERS_MAX = 16,   /* meters a turn may carry in a file */
	SESSION_TEXT_MAX = LIMIT_NOTE, /* bytes of one reply or note */
	SESSION_CLIENT_MAX = LIMIT_CLIENT, /* bytes of the client's answer, a line or a thought */
	SESSION_LINES_MAX = 32,    /* client lines (with their labels) a turn may carry in a file */
};

/* The MITI summary as stored when a session ends (see summary.h). */
struct session_scores {
	int replies;
	int skill[SKILL_COUNT];    /* 0..100 */
	int overall;               /* the mean of the four skill scores, rounded */
	double rq_ratio;           /* -1 when no question */
	double pct_complex;        /* -1 when no reflection */
	int adherent, nonadherent;
	double global_cultivating, global_softening, global_partnership, global_empathy;
	double technical, relational;
};

/* The four global ratings of MITI 4.2.1, in the order every format writes
 * them: "cultivating", "softening", "partnership", "empathy". */
enum { SESSION_GLOBALS = 4 };
const char *session_global_name(size_t g);
double *session_global(struct session_scores *sc, size_t g);
double session_global_value(const struct session_scores *sc, size_t g);

/* A session's header. */
struct session_info {
	int64_t id;                /* its row in this database; 0 when not stored */
	char *uid;                 /* 32 lowercase hex digits, the same in every database */
	char *user;
	char *scenario_id, *scenario_title;
	char *pack_id, *pack_title, *pack_version;
	char *coder_version;
	unsigned seed;
	char *mode;                /* "coach" / "exam" */
	char *started;             /* ISO 8601 UTC */
	char *ended;               /* NULL when it never ended (killed) */
	char *outcome;             /* NULL when it never ended */
	int turns;                 /* turns stored (also set where the turns are not loaded) */
	int64_t retry_of;          /* 0 when not a retry */
	int retry_turn;
	int64_t assignment_id;     /* 0 when none */
	bool has_scores;           /* false until the session ends */
	struct session_scores scores;
	int hints;                 /* /hint used (coach mode; exam mode refuses it) */
	bool hints_recorded;       /* false: an older session, which did not count them */
	char *assignment_uid;      /* the assignment's id ("week3") when stored with it; else NULL */
};

/* One line the client said, with the labels its author gave it (scenario
 * format 2: docs/scenario-format.md; a format-1 line is unlabelled). */
struct session_line {
	char *text;
	enum client_talk talk;     /* TALK_UNLABELLED when not labelled */
	enum talk_kind kind;       /* KIND_NONE when none */
	char *thought;             /* what the client thought but did not say; NULL when none */
};

/* One answered turn. */
struct session_turn {
	int index;                 /* 1-based */
	char *node_id;             /* the node the reply answered ("" outside a scenario) */
	char *client_line;         /* what the client had said */
	char *reply;
	struct coded_reply coded;  /* codes, primary, skills, cues (spans of reply), tip */
	char **meter_ids;          /* the meters after the turn, by name */
	int *meters;
	size_t nmeters;
	char *next_node;           /* the node or ending reached; NULL when not known */
	char *client_next;         /* the client's answer; NULL when not known */
	char *at;                  /* when the reply was coded, ISO 8601 UTC */
	/* The client's lines with their labels (none in records written before
	 * micoach kept them): after the reply, what client_next joins; and in
	 * the first turn the opening's, what client_line joins. */
	struct session_line *lines;
	size_t nlines;
	struct session_line *opening;
	size_t nopening;
	char *thought;             /* what the client thought of the reply, shown after it; NULL when none */
};

/* A trainer's note on a session. */
struct session_note {
	int64_t id;                /* its row; 0 when not stored */
	char *uid;                 /* NULL when not known */
	char *session_uid;         /* the session's uid, in a notes file; else NULL */
	char *author, *text, *created;
	int turn;                  /* the turn it is about (1-based); 0: the whole session */
};

struct session {
	struct session_info info;
	struct session_turn *turns; /* in order of index */
	size_t nturns, turns_alloc;
	struct session_note *notes;
	size_t nnotes, notes_alloc;
	int64_t *retries;          /* sessions that retry this one */
	size_t nretries, retries_alloc;
};

void session_release(struct session *s);
void session_info_release(struct session_info *si);
void session_turn_release(struct session_turn *t);
void session_note_release(struct session_note *n);
/* Free n notes and the array (notes files, store_notes_list). */
void session_notes_free(struct session_note *notes, size_t n);

/* A new zeroed turn at the end of s, index nturns + 1; the pointer is valid
 * until the next session_turn_add. */
struct session_turn *session_turn_add(struct session *s);
/* Append a meter after the turn (id copied). */
void session_turn_add_meter(struct session_turn *t, const char *id, int value);
/* Append a client line after the reply (opening false) or to the opening
 * (true); the strings are copied (thought may be NULL). */
void session_turn_add_line(struct session_turn *t, bool opening, const char *text, enum client_talk talk,
			   enum talk_kind kind, const char *thought);
/* Copies of another turn's strings and arrays into a zeroed *dst. */
void session_turn_copy(struct session_turn *dst, const struct session_turn *src);
struct session_note *session_note_add(struct session *s);
void session_retry_add(struct session *s, int64_t id);
/* Replace *field with a copy of v (NULL stays NULL). */
void session_set(char **field, const char *v);

/* A list of session headers (history); session_list_release frees it. */
struct session_list {
	struct session_info *items;
	size_t n, alloc;
};
void session_list_release(struct session_list *sl);

/* The summary of the stored codes of every turn. */
void session_summary(const struct session *s, struct summary *sum);
/* Fill *sc from a computed summary (what the store keeps when a session ends). */
void session_scores_from_summary(struct session_scores *sc, const struct summary *sum);
/* The session as an attempt at an assignment (assignment.h); a->outcome
 * points into s. */
void session_attempt(const struct session *s, struct attempt *a);

/* The client's talk over the session from its lines' labels
 * (client_talk.h): the opening's lines, then each turn's. out is fully
 * written; talk_summary_release frees it. Turns without lines count as
 * unlabelled. */
struct talk_summary;
void session_talk_stored(const struct session *s, struct talk_summary *out);
/* Does any client line of the session carry a talk label? False for a
 * format-1 scenario and for records from before labels were kept: then
 * nothing is said about the client's talk. */
bool session_has_talk(const struct session *s);
/* The thought to show after these lines: the last one that has one; NULL. */
const char *session_lines_thought(const struct session_line *l, size_t n);

/* Parse "42" into a session id; -1 when it is not a positive integer. */
int64_t session_id_parse(const char *s);
/* 32 lowercase hex digits. */
bool session_uid_valid(const char *s);
/* "success", "failure", "limit", "quit" or "interrupted". */
bool session_outcome_valid(const char *s);
/* "coach" or "exam". */
bool session_mode_valid(const char *s);

#endif
