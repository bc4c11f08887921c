/* store_recovered.h: the store's part in keeping answered turns when the
 * database refused them: importing a session saved to a recovery file
 * (`micoach recover`, recovery.h), and the busy timeout in force. Checking
 * and salvaging a damaged file is store.h's store_check and salvage.h's store_recover.
 * Implemented in store/recovered.c (part of the store, so it may use SQLite).
 * Functions return 0 or -1 with err, as store.h. */
#ifndef MICOACH_STORE_RECOVERED_H
#define MICOACH_STORE_RECOVERED_H

#include <stdbool.h>
#include <stdint.h>
#include "store/store.h"

/* The busy timeout in force (ms), so a caller can shorten it for a while. */
int store_busy_timeout(const struct store *st);

/* Import a session saved in a recovery file: create it (same uid) unless it
 * is here already, add the turns it lacks, and end it with the file's outcome
 * and a summary computed from all its turns, all in one transaction. Doing it
 * twice changes nothing. *added: turns added; *created: the session was new.
 * A retry or assignment link to a row that is not here is dropped. */
int store_recover_session(struct store *st, const struct session *s, int64_t *id,
			  int *added, bool *created, struct error *err);

#endif
