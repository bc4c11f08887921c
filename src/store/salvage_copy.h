/* salvage_copy.h: the files of doctor --recover (salvage_copy.c), for
 * salvage.c. Private to the store. */
#ifndef MICOACH_SALVAGE_COPY_H
#define MICOACH_SALVAGE_COPY_H

#include "store_int.h"

/* Remove the database at path and its -wal, -shm and -journal files. */
void salvage_remove_database(const char *path);
/* Remove OUT.partial-PID copies (and their logs) of processes that no longer run. */
void salvage_partials_clean(const char *out);
/* Fold the copy's log into it, close it (dst), and rename tmp to out, which
 * must not exist; 0, or -1 with err. */
int salvage_copy_finish(struct store *dst, const char *tmp, const char *out, struct error *err);
/* SQLite's reading of the damaged file, read-only (a "file:" path is a path,
 * not a URI), with its user_version in *version; NULL when it cannot open it. */
sqlite3 *salvage_source_open(const char *path, int *version);

#endif
