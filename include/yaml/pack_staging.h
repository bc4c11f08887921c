/* pack_staging.h: the hidden copies `micoach pack install` stages a pack in
 * before renaming it into the scenario directory: DIR/.install-PID (a pack
 * directory) or DIR/.install-PID.yaml (a single-file pack). The catalog never
 * loads them (it skips hidden names); one whose process no longer runs was
 * left by an install that was killed, and is stale. Implemented in
 * yaml/pack_staging.c; strings returned are the caller's to free. */
#ifndef MICOACH_PACK_STAGING_H
#define MICOACH_PACK_STAGING_H

#include <stdbool.h>
#include "core/error.h"

/* This process's staging name in dir. */
char *pack_staging_path(const char *dir, bool single);
/* Remove the stale staging copies in dir (of processes that no longer
 * run); how many went. A missing dir has none. */
long pack_staging_clean(const char *dir);
/* Remove a pack entry: a file, or a flat directory of files. */
int pack_entry_remove(const char *path, struct error *err);

#endif
