/* practice.h: one practice session, shared by plain mode and the curses front
 * end: it codes each reply (coder), moves the client (dialogue) and saves the
 * turn (store) before the caller shows anything. It does no terminal I/O.
 * practice_release frees everything it allocated. */
#ifndef MICOACH_PRACTICE_H
#define MICOACH_PRACTICE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "core/coder.h"
#include "core/dialogue.h"
#include "core/error.h"
#include "core/scenario.h"
#include "store/store.h"
#include "core/summary.h"

struct practice_turn {
	int index;                  /* 1-based */
	char *node_id;              /* the node the reply answered */
	char *client_line;          /* what the client had said */
	char *reply;
	struct coded_reply coded;
	struct dialogue_step step;  /* strings point into the scenario */
	bool saved;                 /* written to the store */
	char at[32];                /* when the reply was coded, ISO 8601 UTC */
};

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
	 * session_id 0; the session row and turns are written when the store
	 * takes them, or go to a recovery file at the finish. */
	bool keep_unsaved;
	const char *recovery_dir;   /* NULL: recovery_dir_default(), then $TMPDIR */
};

struct practice {
	struct practice_opts o;
	struct dialogue d;
	int64_t session_id;         /* 0 when not stored */
	struct practice_turn *turns;
	size_t nturns, alloc;
	const char *outcome;        /* set once finished */
	bool finished;
	char uid[33];               /* the session's uid, also in a recovery file */
	char started[32];
	bool store_busy;            /* the last write found the database locked */
	char *recovery_path;        /* the recovery file practice_finish wrote, or NULL */
};

/* Start: record the session in the store, the client says their opening. */
int practice_begin(struct practice *p, const struct practice_opts *o, struct error *err);
/* The client's current line (opening, or their answer to the last reply). */
const char *practice_client_line(const struct practice *p);
/* Code and answer one reply, save it. *out points into p (valid until the
 * next call). Returns -1 only when saving failed (err says why); the turn is
 * then kept in memory and saved again on the next call or at the finish. */
int practice_reply(struct practice *p, const char *reply,
		   const struct practice_turn **out, struct error *err);
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
/* Write the session as a recovery file (recovery.h) to out, or to a new file
 * (p->recovery_path) in o.recovery_dir; reason says why the store refused it. */
int practice_write_recovery(const struct practice *p, const char *reason, FILE *out, struct error *err);
int practice_save_recovery(struct practice *p, const char *reason, struct error *err);
/* The summary of the replies so far. */
void practice_summary(const struct practice *p, struct summary *sum);
void practice_release(struct practice *p);

#endif
