/* pack_load.h: loading scenario packs from YAML files and directories into
 * the scenario model (core/scenario.h). Implemented in yaml/scenario_load.c
 * (with scenario_build.c and scenario_field.c) over yamldoc.h's tree. */
#ifndef MICOACH_PACK_LOAD_H
#define MICOACH_PACK_LOAD_H

#include <stddef.h>
#include "core/diag.h"
#include "core/scenario.h"

/* Load one pack (a directory with pack.yaml, or a single-file pack) into a new
 * pack owned by the caller (pack_free). Problems go to dl; returns -1 when
 * there was any error (the pack is then not returned). Untrusted input: size,
 * nesting and count caps, no anchors or aliases, no duplicate or unknown keys,
 * valid UTF-8 only. Resolves every goto and meter name. */
int pack_load(const char *path, struct pack **out, struct diag_list *dl);
/* The same for a single-file pack or a lone scenario held in memory (the
 * fuzz target's way in); name stands for the file name in marks. */
int pack_load_buffer(const char *name, const char *buf, size_t len, struct pack **out,
		     struct diag_list *dl);

/* Add every pack found in dir (each subdirectory with pack.yaml, each
 * *.yaml single-file pack) to cat. A pack that fails to load is reported in
 * dl and skipped. A missing dir is not an error. */
int catalog_add_dir(struct catalog *cat, const char *dir, struct diag_list *dl);

#endif
