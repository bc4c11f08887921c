/* coder_corpus.h: the practice corpus (the .tsv files of data/corpus/: practitioner
 * replies with the client line they answer, their MITI codes, primary, face,
 * style and skill ratings; the format is data/corpus/README.md) parsed from
 * memory, for the training tool and the benchmarks. Pure. */
#ifndef MICOACH_CODER_CORPUS_H
#define MICOACH_CODER_CORPUS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/coder.h"
#include "core/diag.h"

struct corpus_item {
	char *id, *context, *group, *client, *reply, *face, *style;
	bool holdout;             /* split = holdout: never trained or tuned on */
	unsigned codes;           /* CODE_BIT()s */
	enum mi_code primary;
	int skills[SKILL_COUNT];
	const char *file;         /* as named to corpus_parse (not owned) */
	int line;                 /* 1-based */
};

/* A corpus owns its items; corpus_release frees them. */
struct corpus {
	struct corpus_item *items;
	size_t n, alloc;
};

/* Append the items of one file's len bytes (path names it in messages);
 * a malformed line is skipped with a located error in dl. Returns the number
 * of items added. */
size_t corpus_parse(struct corpus *c, const char *buf, size_t len, const char *path, struct diag_list *dl);
void corpus_release(struct corpus *c);

#endif
