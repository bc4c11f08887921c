/* recovery.h: recovery files. When a practice session cannot be written to
 * its database (locked by another program, read-only, disk full, damaged),
 * the session (its header, every answered turn with codes, skills, cues and
 * meters, and how it ended) is saved to a small JSON file instead, and
 * `micoach recover FILE` imports it later. Nothing answered is lost.
 *
 * Format (docs/reliability.md, "Recovery files"):
 *   {"format": "micoach-recovery", "version": 1, "database": PATH,
 *    "reason": TEXT, "saved": TIME, "session": {uid, user, scenario, ...,
 *    "turns": [{turn, node, client, reply, primary, codes, skills, ...}]}}
 *
 * recovery_write / recovery_read are pure apart from the FILE they write;
 * recovery_save picks the file and writes it whole (0600, never a partial
 * file). A struct recovery filled by recovery_read owns everything in it:
 * recovery_release frees it. */
#ifndef MICOACH_RECOVERY_H
#define MICOACH_RECOVERY_H

#include <stdio.h>
#include "core/error.h"
#include "store/store.h"

enum { RECOVERY_FORMAT_VERSION = 1, RECOVERY_FILE_MAX = 16 * 1024 * 1024 };

struct recovery {
	char *database;                 /* the --db it was meant for */
	char *reason;                   /* why it could not be written there */
	char *saved;                    /* ISO 8601 UTC */
	struct stored_session session;  /* info (uid, user, started, ended, outcome...) and turns */
};
void recovery_release(struct recovery *r);

/* Write r as a recovery file to out (saved: now when NULL). */
int recovery_write(FILE *out, const struct recovery *r, struct error *err);
/* Read a recovery file held in buf; file names it in located messages
 * ("file:line:col: error: ..."), EXIT_DATAERR when it is not one. */
int recovery_read(const char *buf, size_t len, const char *file, struct recovery *out,
		  struct error *err);

/* $XDG_DATA_HOME/micoach/recovery (caller frees); NULL when no home is set. */
char *recovery_dir_default(void);
/* Write r to DIR/session-YYYYMMDD-HHMMSS-PID.json (DIR created 0700, the
 * file 0600, written to a temporary name, synced and renamed, so it is whole
 * or absent). dir NULL: recovery_dir_default(), then $TMPDIR or /tmp when that
 * fails. *path is the file written (caller frees). */
int recovery_save(const struct recovery *r, const char *dir, char **path, struct error *err);
/* The recovery files waiting in recovery_dir_default() (session-*.json, not
 * yet imported), sorted by name (oldest first). *paths is the caller's: free
 * each and the array. Returns how many. */
size_t recovery_list_pending(char ***paths);

#endif
