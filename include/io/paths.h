/* paths.h: where micoach keeps and finds things: the XDG data directory, the
 * default database, the bundled scenarios and data (next to the binary in a
 * source tree, $(PREFIX)/share/micoach when installed). Strings returned are
 * the caller's to free. */
#ifndef MICOACH_PATHS_H
#define MICOACH_PATHS_H

#include <stdbool.h>
#include <sys/types.h>
#include "core/error.h"

/* $XDG_DATA_HOME/micoach, or $HOME/.local/share/micoach. NULL if neither is set. */
char *paths_data_home(void);
/* The bundled directory `sub` ("scenarios" or "data"): next to the running
 * binary when that holds it, else MICOACH_SHARE_DIR/sub. */
char *paths_bundled(const char *sub);
/* mkdir -p with mode for each directory it creates. */
int paths_mkdir_p(const char *dir, mode_t mode, struct error *err);
/* Is path a directory (following links)? */
bool paths_is_dir(const char *path);
/* The directory part of path ("." when none); caller frees. */
char *paths_dirname(const char *path);

#endif
