/* store_trainer.h: the store's part in the trainers' workflow: assignments,
 * attempts at them, imported result files and trainer notes carried between
 * databases. Implemented in store/trainer.c (part of the store, so it may
 * use SQLite); the tables are those of migrations 1 and 2 (assignments,
 * assignment_trainees, imports, notes, sessions.assignment, sessions.import).
 * Functions return 0 or -1 with err, as store.h. */
#ifndef MICOACH_STORE_TRAINER_H
#define MICOACH_STORE_TRAINER_H

#include <stdbool.h>
#include <stdint.h>
#include "core/assignment.h"
#include "store/store.h"

/* Add the assignment, or update the one with the same id (a trainer may
 * send a corrected file: new due date, new rules). *id is its row. */
int store_assignment_put(struct store *st, const struct assignment *a, const char *source,
			 int64_t *id, bool *updated, struct error *err);
/* The assignment with id `uid` into *a (assignment_release frees) and its row
 * into *id. EXIT_NOINPUT when there is none. */
int store_assignment_get(struct store *st, const char *uid, struct assignment *a, int64_t *id,
			 struct error *err);
/* Every assignment, soonest due first (none due last). store_assignments_free. */
struct assignment_entry {
	int64_t id;
	struct assignment a;
	char *added;
};
int store_assignment_list(struct store *st, struct assignment_entry **out, size_t *n, struct error *err);
void store_assignments_free(struct assignment_entry *e, size_t n);
/* Forget the assignment with id uid; its sessions stay, no longer linked.
 * EXIT_NOINPUT when there is none. */
int store_assignment_remove(struct store *st, const char *uid, struct error *err);

/* One session linked to an assignment, with what its pass rules look at. */
struct assignment_attempt {
	int64_t session;
	char *user, *scenario_id, *started, *outcome; /* outcome NULL when it never ended */
	bool imported;
	struct attempt at;          /* at.outcome points at outcome */
	struct session_scores scores;
};
/* The sessions of assignment row `assignment` (of user, or everyone when
 * NULL), by user, scenario and start. store_attempts_free frees them. */
int store_assignment_attempts(struct store *st, int64_t assignment, const char *user,
			      struct assignment_attempt **out, size_t *n, struct error *err);
void store_attempts_free(struct assignment_attempt *a, size_t n);

/* --- Rosters ------------------------------------------------------------------ */

/* The trainees assignment row `assignment` names, in name order (table
 * assignment_trainees, migration 2). store_names_free frees them. */
int store_roster_get(struct store *st, int64_t assignment, char ***names, size_t *n, struct error *err);
void store_names_free(char **names, size_t n);
/* Add and remove trainees in one transaction; a name added twice or removed
 * when absent changes nothing. *added and *removed count what changed. */
int store_roster_change(struct store *st, int64_t assignment, const char *const *add, size_t nadd,
			const char *const *remove, size_t nremove, int *added, int *removed, struct error *err);
/* The result files imported for assignment row `assignment`, oldest first. */
struct assignment_file_entry {
	char *trainee, *imported;
	int sessions;                /* new sessions it brought */
};
int store_assignment_files(struct store *st, int64_t assignment, struct assignment_file_entry **out, size_t *n,
			   struct error *err);
void store_assignment_files_free(struct assignment_file_entry *e, size_t n);

/* --- Imports -------------------------------------------------------------- */

/* The import with this checksum: *id 0 when there is none. */
int store_import_find(struct store *st, const char *checksum, int64_t *id, struct error *err);
int store_import_add(struct store *st, const char *checksum, const char *file, const char *trainee,
		     int64_t assignment, int64_t *id, struct error *err);
int store_import_set_count(struct store *st, int64_t import, int sessions, struct error *err);
/* The session with this uid: *id 0 when none; *imported when it came from an import. */
int store_session_find_uid(struct store *st, const char *uid, int64_t *id, bool *imported,
			   struct error *err);
/* Write a whole session read from a result file (with its turns, scores,
 * outcome and notes) as imported by `import`, linked to assignment row
 * `assignment` (0: none). The uid must be new (store_session_find_uid). */
int store_import_session(struct store *st, const struct session *s, int64_t import,
			 int64_t assignment, int64_t *id, struct error *err);

/* --- Notes ------------------------------------------------------------------ */

/* Notes on sessions linked to assignment row `assignment` (0: every
 * session), of trainee user (NULL: everyone), each with its uid and its
 * session's uid. *out is the caller's: session_notes_free. */
int store_notes_list(struct store *st, int64_t assignment, const char *user, struct session_note **out,
		     size_t *n, struct error *err);
/* Add a note carried from another database (uid and session_uid set),
 * unless its uid is here already (*added false) or its session is not
 * (EXIT_NOINPUT, *added false). */
int store_note_import(struct store *st, const struct session_note *e, bool *added, struct error *err);
/* The uid of session id (caller frees), EXIT_NOINPUT when none. */
int store_session_uid(struct store *st, int64_t id, char **uid, struct error *err);

#endif
