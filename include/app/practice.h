/* practice.h: one practice session, shared by plain mode and the curses front
 * end: it codes each reply (coder), moves the client (dialogue) and saves the
 * turn (store) before the caller shows anything. It does no terminal I/O.
 * What it produces is the session record itself (core/session.h,
 * p->session), owned by the practice; the store, recovery files and the
 * screens read it from there. practice_release frees everything. */
#ifndef MICOACH_PRACTICE_H
#define MICOACH_PRACTICE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "core/coder.h"
#include "core/dialogue.h"
#include "core/error.h"
#include "core/scenario.h"
#include "core/session.h"
#include "core/summary.h"

struct store;   /* store/store.h */

struct practice_opts {
	const struct scenario *scenario;
	const struct coder *coder;
	struct store *store;        /* may be NULL: nothing is saved (tests) */
	const char *user;
	unsigned seed;
	bool exam;                  /* hold feedback to the end */
	int64_t retry_of;           /* 0, or the session this one retries */
	int retry_turn;
	int64_t assignment_id;
	/* A database that is busy, read-only or full when the session starts
	 * does not stop it: practice_begin returns 0 with err set and
	 * session.info.id 0; the session row and turns are written when the store
	 * takes them, or go to a recovery file at the finish. */
	bool keep_unsaved;
	const char *recovery_dir;   /* NULL: recovery_dir_default(), then $TMPDIR */
};

struct practice {
	struct practice_opts o;
	struct dialogue d;
	/* The record: header (info.id is the session's row, 0 until the store
	 * takes it; info.uid, started, outcome once finished) and turns. */
	struct session session;
	/* How the client moved after each turn: steps[i] follows
	 * session.turns[i] (its strings point into the scenario). */
	struct dialogue_step *steps;
	size_t steps_alloc;
	size_t nsaved;              /* turns written to the store (always the first ones) */
	bool finished;
	bool store_busy;            /* the last write found the database locked */
	char *recovery_path;        /* the recovery file written for this session (while the store
	                             * refused turns, removed once it takes them), or NULL */
	/* The client's opening, line by line with its labels (strings point
	 * into the scenario); the first turn's record keeps a copy. */
	struct said_line opening[DIALOGUE_LINES_MAX];
	size_t nopening;
	size_t text_bytes;          /* the session's text so far (LIMIT_SESSION_TEXT) */
};

/* The session reached micoach's limits (LIMIT_TURNS turns, or
 * LIMIT_SESSION_TEXT bytes of text) before an ending: practice_ended is
 * true, and practice_finish records the outcome 'limit'. */
bool practice_at_limit(const struct practice *p);
/* The trainee asks for /hint: false in exam mode (refused: say so);
 * otherwise counted in the session and saved (err set, and true still
 * returned, when the store could not take it). */
bool practice_hint(struct practice *p, struct error *err);
/* Start: record the session in the store, the client says their opening. */
int practice_begin(struct practice *p, const struct practice_opts *o, struct error *err);
/* The client's current line (opening, or their answer to the last reply). */
const char *practice_client_line(const struct practice *p);
/* What the client thinks as they open (their last opening line's thought),
 * NULL when nothing; coach mode shows it, exam mode never. */
const char *practice_opening_thought(const struct practice *p);
/* Code and answer one reply, save it. *out is the new turn and *step how the
 * client moved (either may be NULL; both point into p, valid until the next
 * call). Returns -1 only when saving failed (err says why); the turn is then
 * kept in memory and saved again on the next call or at the finish, and
 * the whole session is written to a recovery file meanwhile (err names it;
 * practice_finish removes it once the store has taken every turn). */
int practice_reply(struct practice *p, const char *reply, const struct session_turn **out,
		   const struct dialogue_step **step, struct error *err);
bool practice_ended(const struct practice *p);
/* Finish: outcome from the ending, or `outcome` ("quit", "interrupted") when
 * the client has not ended the session; computes and saves the summary.
 * When the store still refuses the session, it is saved to a recovery file
 * (p->recovery_path; err names it and says how to import it) and -1 is
 * returned with the store's status. */
int practice_finish(struct practice *p, const char *outcome, struct summary *sum,
		    struct error *err);
/* Turns answered but not yet in the store (0 when there is no store). */
size_t practice_unsaved(const struct practice *p);
/* Write the session as a recovery file (io/recovery.h) to out, or to a
 * file (p->recovery_path: the one written before for this session, else a
 * new one in o.recovery_dir); reason says why the store refused it. */
int practice_write_recovery(const struct practice *p, const char *reason, FILE *out, struct error *err);
int practice_save_recovery(struct practice *p, const char *reason, struct error *err);
/* The summary of the replies so far. */
void practice_summary(const struct practice *p, struct summary *sum);
void practice_release(struct practice *p);

#endif
