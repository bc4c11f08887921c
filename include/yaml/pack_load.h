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

/* The same, reading only each scenario's header (header_only is set: see
 * core/scenario.h): everything `list`, the menus and `assign` show, checked
 * as pack_load checks it; the body is scanned by libyaml, not built, so an
 * error in it is found only by a whole read. */
int pack_load_headers(const char *path, struct pack **out, struct diag_list *dl);
int pack_load_buffer_headers(const char *name, const char *buf, size_t len, struct pack **out,
			     struct diag_list *dl);
/* Read head (a header_only scenario) whole from its file into a new pack
 * owned by the caller (pack_free) holding the pack metadata of head's pack;
 * *out is the scenario in it with head's id. The same checks and located
 * messages as pack_load (of the whole file: in a single-file pack, every
 * scenario in it), plus one when the file no longer holds head (it changed
 * since the header was read). -1 on any error, with nothing returned. */
int scenario_read_whole(const struct scenario *head, struct pack **pack_out, const struct scenario **out,
			struct diag_list *dl);

/* Add every pack found in dir (each subdirectory with pack.yaml, each
 * *.yaml single-file pack) to cat, headers only when cat->headers_only.
 * A pack that fails to load is reported in dl and skipped. A missing dir
 * is not an error. */
int catalog_add_dir(struct catalog *cat, const char *dir, struct diag_list *dl);

#endif
