/* coder_model.h: the inside of the coder, shared by src/core/coder*.c
 * (reading, cues, rules, skills), src/core/coder_model.c (features, the
 * learned model and its file's bytes), io/model_file.c and
 * tools/train-coder.c (which learns the weights). Not for other modules:
 * they use coder.h. Pure: no I/O except coder_model_load/save. */
#ifndef MICOACH_CODER_MODEL_H
#define MICOACH_CODER_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/coder.h"
#include "core/text.h"

/* The model's outputs (each a logit; groups are softmaxes or sigmoids):
 * main class (softmax over 4, AnnoMI's main therapist behaviour), reflection
 * subtype (sigmoid: complex), question subtype (sigmoid: open), therapist
 * input subtype (softmax over 4), and presence of a reflection / a question. */
enum model_out {
	OUT_REFLECTION, OUT_QUESTION, OUT_INPUT, OUT_OTHER,
	OUT_COMPLEX,
	OUT_OPEN,
	OUT_INFO, OUT_ADVICE, OUT_NEGOTIATION, OUT_OPTIONS,
	OUT_HAS_REFLECTION, OUT_HAS_QUESTION,
	OUT_COUNT
};

enum { CODER_MAX_TOKENS = 256, CODER_MAX_FEATURES = 1024, CODER_MAX_HITS = 32 };

/* Version of the cue rules and of the feature extraction: a model trained
 * with another feature version is refused at load. */
#define CODER_RULES_VERSION "rules-3"
#define CODER_FEATURES_VERSION 4

/* A cue rule that fired: which rule, the code it suggests, its byte span. */
struct cue_hit {
	int rule;
	enum mi_code code;
	size_t start, len;
};

/* One reply read once: tokens, sentences and the cues that fired. */
struct reply_view {
	const char *text;
	size_t ntok;
	struct token tok[CODER_MAX_TOKENS];
	uint32_t whash[CODER_MAX_TOKENS];    /* hash of each word, of its stem */
	uint32_t shash[CODER_MAX_TOKENS];
	uint32_t lex[CODER_MAX_TOKENS];      /* the word lists it is in (coder_lexicon.c) */
	bool clause_start[CODER_MAX_TOKENS]; /* first word of a sentence or clause */
	bool sentence_start[CODER_MAX_TOKENS];
	int sentence_of[CODER_MAX_TOKENS];   /* index of the token's sentence */
	size_t nsent;
	bool sentence_question[CODER_MAX_TOKENS]; /* sentence i ends with '?' */
	size_t questions;                    /* '?'-ended sentences */
	bool ends_question;                  /* the last sentence is a question */
	size_t nhits;
	struct cue_hit hits[CODER_MAX_HITS];
	/* coder_overlap's memo: the texts already compared with this reply */
	size_t nmemo;
	const char *memo_text[2];
	size_t memo_overlap[2], memo_content[2];
};

/* Read reply (NUL-terminated, valid or not) into v. */
void reply_view_read(struct reply_view *v, const char *reply);
/* Is w (lower case) a function word, ignored when matching the client's words? */
bool coder_stop_word(const char *w);
/* How many content words of v also occur (by stem) in other; *content gets
 * the number of content words of v. */
size_t coder_overlap(const struct reply_view *v, const char *other, size_t *content);
/* A hash of the cue rules: their indices are features, so a model is only
 * valid with the rules it was trained with (checked at load). */
uint32_t cue_rules_hash(void);

/* Sparse hashed features: indices into 2^bits buckets, each with a value. */
struct feature_set {
	size_t n;
	uint32_t idx[CODER_MAX_FEATURES];
	float val[CODER_MAX_FEATURES];
};
void coder_features(const struct reply_view *v, const struct coder_context *ctx,
		    unsigned bits, struct feature_set *fs);

/* The loaded model. weights[bucket * OUT_COUNT + out]. */
struct coder {
	unsigned bits;                 /* 2^bits buckets */
	float bias[OUT_COUNT];
	float *weights;
	char version[80];
};

/* Logits of the outputs for features fs. */
void coder_scores(const struct coder *c, const struct feature_set *fs, float out[OUT_COUNT]);
/* Turn logits into probabilities: softmax groups and sigmoids, in place. */
void coder_probabilities(float p[OUT_COUNT]);

/* The model file's bytes (header and payload; docs/scoring.md, "The model
 * file") into *out, which the caller frees; returns their length. */
size_t coder_model_serialize(const struct coder *c, char **out);
/* Read a model from the len bytes of buf (path names it in messages):
 * EXIT_DATAERR when malformed, made for other features or cue rules, or
 * damaged (checksum). coder_free frees *out. */
int coder_model_parse(const char *buf, size_t len, const char *path, struct coder **out,
		      struct error *err);
/* The checksum the file carries (FNV-1a 64 over the weights' bytes). */
uint64_t coder_model_checksum(const struct coder *c);

#endif
