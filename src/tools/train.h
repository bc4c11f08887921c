/* train.h: what the parts of train-coder share. train-coder learns the
 * coder's model (data/coder.model) from AnnoMI's development split, the same
 * utterances again with typing noise, and the practice corpus's tune split
 * (data/corpus/); see docs/scoring.md.
 *   train-coder.c  options and the order of things
 *   train_data.c   the examples: AnnoMI rows, typing noise, corpus items,
 *                  their targets and features
 *   train_vocab.c  the vocabulary, with WordNet's parts of speech and
 *                  synonym heads (the only file that includes <wn.h>)
 *   train_fit.c    fitting the model (full-batch Adam)
 *   train_eval.c   agreement: cross-validation by transcript, by client-line
 *                  group and by context, and the held-out slice */
#ifndef MICOACH_TRAIN_H
#define MICOACH_TRAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/coder.h"
#include "core/coder_corpus.h"
#include "core/coder_model.h"

enum source { SRC_ANNOMI, SRC_NOISY, SRC_CORPUS };

struct example {
	enum source src;
	int tid;                      /* AnnoMI transcript id; -1 for the corpus */
	int group, context;           /* corpus group and context, as indices; -1 for AnnoMI */
	bool holdout;                 /* a held-out corpus item: never trained on */
	bool copy;                    /* a corpus item again with typing noise: trained on, never scored */
	char *reply, *client_last, *practitioner_last; /* owned */
	bool client_asked, client_asked_fact_only; /* context_asked() of client_last */
	size_t nfeat;
	uint32_t *idx;
	float *val;
	/* A soft target and a weight per output (0: no label). A softmax group
	 * uses the weight of its first output. */
	float target[OUT_COUNT], weight[OUT_COUNT];
	/* AnnoMI's labels as sets of primary codes and each set's share of the
	 * annotators ({SR}, {CR}, {OQ}, {CQ}, the input codes its subtype
	 * allows, {AF SEEK AUTO OTHER}): the primary output learns from them
	 * with --annomi-primary (the log of each set's probability). */
	int npset;
	unsigned pset_mask[8];
	float pset_mass[8];
	/* gold: AnnoMI's majority main class (0-3) and its fine label (0-5), or
	 * the corpus item */
	int main_majority, fine;
	const struct corpus_item *item;
};

struct dataset {
	struct example *ex;
	size_t n, alloc;
	struct corpus corpus;
	size_t ngroups, ncontexts;
};

struct options {
	int cv, cv_corpus, cv_context;
	bool holdout;
	unsigned bits, hidden;
	int iters;
	double l2, lr;
	double l2_corpus; /* L2 of the outputs learned from the corpus alone (< 0: l2) */
	double l2_expert; /* L2 of the experts' main class (< 0: l2) */
	double corpus_weight;         /* each corpus example counts this much */
	double noise_weight;          /* and each noisy copy of an AnnoMI utterance */
	double copy_weight;           /* and each noisy copy of a corpus item */
	double corpus_main;           /* and teaches the main class this much of that */
	double annomi_primary;        /* AnnoMI's labels teach the primary output, this much */
	double expert_noise;          /* the noisy copies teach the experts' main class this much */
	bool noise;                   /* add AnnoMI again with typing noise */
	bool corpus_noise;            /* and the corpus's tune items (each copy in its item's fold) */
};

/* train_data.c */
void data_read_annomi(struct dataset *d, const char *csv_path, bool noise);
void data_read_corpus(struct dataset *d, const char *dir, bool noise);
/* Features of every example, read with model's vocabulary and speller. */
void data_features(struct dataset *d, const struct coder *model, unsigned bits);
void data_release(struct dataset *d);
/* The coder's context for an example. */
struct coder_context data_context(const struct example *e);

/* train_vocab.c: the words of the examples not held out, with WordNet's
 * facts, into model->vocab (sorted); spelt-wrong corpus words are left out
 * so that they are corrected, not learned. */
void vocab_build(const struct dataset *d, struct coder *model);

/* train_fit.c: fit model (bits, bias, weights) on the examples with use[i]. */
void fit(const struct dataset *d, const bool *use, const struct options *o, struct coder *model);
/* k models at once, model[f] on use[f * d->n ...], TRAIN_JOBS at a time. */
void fit_many(const struct dataset *d, const bool *use, int k, const struct options *o, struct coder *model);

/* train_eval.c */
void eval_cv_annomi(const struct dataset *d, const struct options *o, const struct coder *vocab);
void eval_cv_corpus(const struct dataset *d, const struct options *o, const struct coder *vocab, bool by_context);
void eval_holdout(const struct dataset *d, const struct options *o, const struct coder *vocab);

#endif
