/* recovery.h: recovery files. When a practice session cannot be written to
 * its database (locked by another program, read-only, disk full, damaged),
 * the session (its header, every answered turn with codes, skills, cues and
 * meters, and how it ended) is saved to a small JSON file instead, and
 * `micoach recover FILE` imports it later. Nothing answered is lost.
 *
 * Format (docs/reliability.md, "Recovery files"):
 *   {"format": "micoach-recovery", "version": 2, "micoach": VERSION,
 *    "database": PATH, "reason": TEXT, "saved": TIME, "session": SESSION}
 * where SESSION is the session record as io/session_write.h writes it (with
 * its turns); this file owns only the envelope. Version-1 files still read.
 *
 * recovery_write / recovery_read are pure apart from the FILE they write;
 * recovery_save picks the file and writes it whole (0600, never a partial
 * file, never over another). A struct recovery owns everything in it:
 * recovery_release frees it. */
#ifndef MICOACH_RECOVERY_H
#define MICOACH_RECOVERY_H

#include <stdio.h>
#include "core/error.h"
#include "core/session.h"

enum { RECOVERY_FORMAT_VERSION = 2, RECOVERY_FILE_MAX = LIMIT_SESSION_FILE };

/* A recovery file as read. */
struct recovery {
	char *database;                 /* the --db it was meant for (may be NULL) */
	char *reason;                   /* why it could not be written there (may be NULL) */
	char *saved;                    /* ISO 8601 UTC */
	int version;                    /* the file's format version */
	struct session session;         /* header (uid, user, started, ended, outcome...) and turns */
};
void recovery_release(struct recovery *r);

/* Write session s as a recovery file to out: meant for database (may be
 * NULL), refused there for reason (may be NULL), saved at saved (NULL: now). */
int recovery_write(FILE *out, const struct session *s, const char *database, const char *reason,
		   const char *saved, struct error *err);
/* Read a recovery file held in buf; file names it in located messages
 * ("file:line:col: error: ..."), EXIT_DATAERR when it is not one. */
int recovery_read(const char *buf, size_t len, const char *file, struct recovery *out,
		  struct error *err);

/* Read and parse the recovery file at path (recovery_read, at most
 * RECOVERY_FILE_MAX bytes). */
int recovery_load(const char *path, struct recovery *out, struct error *err);
/* Rename the imported file at path to PATH.imported (so it is no longer
 * pending); 0, or -1 with errno. */
int recovery_mark_imported(const char *path);
/* $XDG_DATA_HOME/micoach/recovery (caller frees); NULL when no home is set. */
char *recovery_dir_default(void);
/* Write s (as recovery_write, saved now) to DIR/session-YYYYMMDD-HHMMSS-PID.json
 * (DIR created 0700, the file 0600, written whole under a name no other file
 * has: io/file.h's file_write_new). dir NULL: recovery_dir_default(), then
 * the fallbacks of recovery_dirs() when that fails. *path is the file written (caller frees). */
int recovery_save(const struct session *s, const char *database, const char *reason, const char *dir,
		  char **path, struct error *err);
/* Write s again over the recovery file at path (saved by recovery_save),
 * atomically: a reader sees the old file whole or the new one whole. */
int recovery_update(const struct session *s, const char *database, const char *reason, const char *path,
		    struct error *err);
/* Every place a recovery file may be written, in the order recovery_save
 * tries them: recovery_dir_default(), then a private directory of this
 * user's in $TMPDIR and in /tmp (DIR/micoach-recovery-UID). Each is the
 * caller's to free; returns how many. */
enum { RECOVERY_DIRS_MAX = 3 };
size_t recovery_dirs(char *dirs[RECOVERY_DIRS_MAX]);
/* The recovery files waiting in recovery_dirs() (session-*.json, not
 * yet imported), sorted by name (oldest first). *paths is the caller's: free
 * each and the array. Returns how many. */
size_t recovery_list_pending(char ***paths);

#endif
