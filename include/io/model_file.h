/* model_file.h: the coder's model on disk (data/coder.model). The bytes are
 * parsed and made by the core (coder_model.h); this reads and writes them. */
#ifndef MICOACH_MODEL_FILE_H
#define MICOACH_MODEL_FILE_H

#include "core/coder.h"
#include "core/error.h"

/* Load the model from path. Returns 0, or -1 with err (EXIT_NOINPUT when
 * missing, EXIT_DATAERR when malformed). coder_free frees. */
int coder_load(const char *path, struct coder **out, struct error *err);
/* Hand the coder Hunspell with Debian's English dictionaries, loaded on the
 * first word the coder does not know (coder_load does this). */
void coder_attach_speller(struct coder *c);
/* Write the model to path, whole or not at all (src/tools/train-coder.c). */
int coder_model_save(const struct coder *c, const char *path, struct error *err);

#endif
