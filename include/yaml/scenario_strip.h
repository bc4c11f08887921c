/* scenario_strip.h: a copy of a scenario file's text (or of a single-file
 * pack's) without some of each scenario's top-level keys, for the trainees'
 * build of a pack (`micoach pack build --for-trainees`): the trainer's notes
 * and the embedded tests come out, every other byte stays as the author wrote
 * it (comments, order, quoting). Implemented in yaml/scenario_strip.c over
 * yamldoc.h's tree and its marks. */
#ifndef MICOACH_SCENARIO_STRIP_H
#define MICOACH_SCENARIO_STRIP_H

#include <stddef.h>
#include "core/error.h"
#include "core/util.h"

/* Append to out the text of buf without the keys named in keys[0..nkeys) of
 * each scenario in it (the root mapping, or each item of a single-file
 * pack's `scenarios` list); *removed counts the keys taken out. A key is
 * removed with its value, from the start of its line to the start of the
 * line of whatever follows its value. -1 with err (EXIT_DATAERR) when the
 * text does not parse or a key to remove is written in flow style on a line
 * it shares with other keys. */
int scenario_strip_keys(const char *name, const char *buf, size_t len, const char *const *keys, size_t nkeys,
			struct strbuf *out, size_t *removed, struct error *err);

#endif
