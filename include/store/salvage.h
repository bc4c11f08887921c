/* salvage.h: copying what can still be read from a damaged database into a
 * new one (`micoach doctor --recover`, src/store/salvage.c). The damaged file
 * is only read. Rows come from two readers: SQLite itself (every row its
 * b-trees still reach) and micoach's own page reader (salvage_pages.h: every
 * row on every page, also below a damaged root or interior page). The report
 * compares, table by table, what the damaged file still shows with what the
 * copy holds, so that a copy that lost rows is never put in the file's place.
 * Functions return 0 or -1 with err. */
#ifndef MICOACH_SALVAGE_H
#define MICOACH_SALVAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "store/salvage_pages.h"

/* What became of one table. Rows are counted once each, by their key. */
struct store_recovery_table {
	const char *name;          /* static */
	long long sql;             /* rows SQLite read from the damaged file */
	bool sql_damaged;          /* SQLite stopped at damaged pages in it (or could not read it at all) */
	long long pages;           /* rows the page reader found */
	long long shows;           /* rows the damaged file still shows, by either reader */
	long long copied;          /* rows in the copy */
	long long dropped;         /* rows left out: the row they belong to (a turn's session) was lost */
	long long refused;         /* rows the schema refused (damaged values) */
	long long unlinked;        /* rows kept, with a link to a lost row cleared (a retry of a lost session) */
};

#define STORE_RECOVERY_MAX_TABLES 24

struct store_recovery {
	size_t ntables;
	struct store_recovery_table table[STORE_RECOVERY_MAX_TABLES];
	bool sql_opened;           /* SQLite could open the damaged file at all */
	long long sql_skipped;     /* unreadable stretches SQLite's reading stepped over */
	struct dbfile_stats scan;  /* what the page reader saw */
};

/* Rows the damaged file still shows that the copy lacks (dropped + refused). */
long long store_recovery_lost(const struct store_recovery *rep);

/* Copy what can be read from damaged into a new database at out_path, which
 * must not exist (EXIT_IOERR). The copy is written under a temporary name
 * (out_path.partial-PID) and renamed into place only once it is whole and
 * passes store_check, so a failure (a full disk) leaves nothing behind that
 * blocks a second try; stale partial copies of dead processes are removed.
 * A file that is no database at all, or a micoach database of another schema
 * version: EXIT_DATAERR. */
int store_recover(const char *damaged, const char *out_path, struct store_recovery *rep, struct error *err);

#endif
