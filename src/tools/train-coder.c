/* train-coder: learns the coder's model and writes data/coder.model.
 * Deterministic: the same inputs and options give the same bytes.
 *
 * usage: train-coder [options] ANNOMI.CSV CORPUS_DIR [OUT.MODEL]
 *   --cv K          cross-validate on AnnoMI by transcript, K folds
 *   --cv-corpus K   cross-validate on the corpus's tune split by client-line group
 *   --cv-context K  ... by context (scenario or setting)
 *   --holdout       train without the held-out slice and measure on it
 *   --hidden H      hidden units beside the linear layer (0: linear)
 *   --set NAME=X    a decision threshold, for choosing it by cross-validation
 *   --bits B --iters N --l2 X --l2-corpus X (the corpus-only outputs' L2)
 *   --l2-expert X (the experts' main class's L2, 1.5e-3; < 0: --l2) --lr X
 *   --corpus-weight X --noise-weight X --copy-weight X (the corpus's noisy
 *                   copies') --no-noise --corpus-noise (add the corpus's noisy copies)
 *   --corpus-main X --annomi-primary X --expert-noise X (how much the noisy
 *                   copies teach the experts' main class; 0: the clean lines alone)
 * Environment: TRAIN_GRID="a=x,b=y;a=z" codes the cross-validated replies
 * again under each ";"-separated setting of the thresholds (one training);
 * TRAIN_DUMP=FILE writes the cross-validated corpus replies' probabilities,
 * TRAIN_CODED=FILE their gold and coded primary and non-adherence.
 *
 * The examples (train_data.c): every therapist utterance of AnnoMI's
 * development split (AnnoMI-full CSV), read like `micoach code` reads a
 * transcript (with the client's last utterance and the practitioner's
 * previous one); the same utterances again with typing noise; and every
 * `split=tune` item of the practice corpus (the .tsv files in CORPUS_DIR),
 * and with --corpus-noise again with typing noise where that changes it
 * (trained on, never scored; a copy is in its item's fold). The held-out
 * slice (`split=holdout`) is never trained on. See train.h for the parts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "train.h"
#include "core/text.h"
#include "core/util.h"
#include "io/model_file.h"

static void usage(void)
{
	fprintf(stderr, "usage: train-coder [--cv K] [--cv-corpus K] [--cv-context K] [--holdout] [--bits B] [--hidden H] "
		"[--iters N] [--l2 X] [--l2-corpus X] [--l2-expert X] [--lr X] [--corpus-weight X] [--copy-weight X] [--corpus-main X] [--annomi-primary X] [--expert-noise X] [--no-noise] [--corpus-noise] ANNOMI.CSV CORPUS_DIR [OUT.MODEL]\n");
	exit(64);
}

static int int_arg(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		usage();
	return atoi(argv[++*i]);
}

static double num_arg(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		usage();
	return atof(argv[++*i]);
}

int main(int argc, char **argv)
{
	struct options o = { .bits = 17, .iters = 400, .l2 = 4e-4, .l2_corpus = -1.0, .l2_expert = 1.5e-3, .lr = 0.05, .corpus_weight = 1.0, .noise_weight = 1.0, .copy_weight = 1.0,
			     .corpus_main = 1.0, .annomi_primary = 0.3, .expert_noise = 0.0,
			     .noise = true, .corpus_noise = false };
	const char *paths[3] = { NULL, NULL, NULL };
	size_t npaths = 0, ntrain = 0, ncopies = 0;
	struct dataset d = {0};
	struct coder model = {0};
	struct error err = {0};

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--cv"))
			o.cv = int_arg(argc, argv, &i);
		else if (!strcmp(argv[i], "--cv-corpus"))
			o.cv_corpus = int_arg(argc, argv, &i);
		else if (!strcmp(argv[i], "--cv-context"))
			o.cv_context = int_arg(argc, argv, &i);
		else if (!strcmp(argv[i], "--holdout"))
			o.holdout = true;
		else if (!strcmp(argv[i], "--bits"))
			o.bits = (unsigned)int_arg(argc, argv, &i);
		else if (!strcmp(argv[i], "--hidden"))
			o.hidden = (unsigned)int_arg(argc, argv, &i);
		else if (!strcmp(argv[i], "--iters"))
			o.iters = int_arg(argc, argv, &i);
		else if (!strcmp(argv[i], "--l2"))
			o.l2 = num_arg(argc, argv, &i);
		else if (!strcmp(argv[i], "--l2-expert"))
			o.l2_expert = num_arg(argc, argv, &i);
		else if (!strcmp(argv[i], "--l2-corpus"))
			o.l2_corpus = num_arg(argc, argv, &i);
		else if (!strcmp(argv[i], "--lr"))
			o.lr = num_arg(argc, argv, &i);
		else if (!strcmp(argv[i], "--corpus-weight"))
			o.corpus_weight = num_arg(argc, argv, &i);
		else if (!strcmp(argv[i], "--corpus-main"))
			o.corpus_main = num_arg(argc, argv, &i);
		else if (!strcmp(argv[i], "--annomi-primary"))
			o.annomi_primary = num_arg(argc, argv, &i);
		else if (!strcmp(argv[i], "--expert-noise"))
			o.expert_noise = num_arg(argc, argv, &i);
		else if (!strcmp(argv[i], "--noise-weight"))
			o.noise_weight = num_arg(argc, argv, &i);
		else if (!strcmp(argv[i], "--copy-weight"))
			o.copy_weight = num_arg(argc, argv, &i);
		else if (!strcmp(argv[i], "--no-noise"))
			o.noise = false;
		else if (!strcmp(argv[i], "--corpus-noise"))
			o.corpus_noise = true;
		else if (!strcmp(argv[i], "--set") && i + 1 < argc) {
			char *eq = strchr(argv[++i], '=');
			if (!eq)
				usage();
			*eq = '\0';
			if (!coder_tuning_set(argv[i], (float)atof(eq + 1))) {
				fprintf(stderr, "train-coder: no threshold '%s' (coder_model.h)\n", argv[i]);
				return 64;
			}
		}
		else if ((argv[i][0] == '-' && argv[i][1]) || npaths == 3)
			usage();
		else
			paths[npaths++] = argv[i];
	}
	if (npaths < 2 || (npaths < 3 && !o.cv && !o.cv_corpus && !o.cv_context && !o.holdout) || o.bits < 8 ||
	    o.bits > 22 || o.hidden > CODER_MAX_HIDDEN || o.cv == 1 || o.cv < 0 || o.cv_corpus == 1 || o.cv_context == 1)
		usage();

	data_read_annomi(&d, paths[0], o.noise);
	data_read_corpus(&d, paths[1], o.corpus_noise);
	vocab_build(&d, &model);
	coder_attach_speller(&model);
	data_features(&d, &model, o.bits);
	for (size_t i = 0; i < d.n; i++) {
		ntrain += !d.ex[i].holdout;
		ncopies += d.ex[i].copy;
	}
	fprintf(stderr, "train-coder: %zu examples (%zu AnnoMI utterances%s, %zu corpus items and %zu noisy copies, %zu items held out)\n",
		d.n, d.n - d.corpus.n - ncopies, o.noise ? " with their noisy copies" : "", d.corpus.n, ncopies, d.n - ntrain);

	if (o.cv)
		eval_cv_annomi(&d, &o, &model);
	if (o.cv_corpus)
		eval_cv_corpus(&d, &o, &model, false);
	if (o.cv_context)
		eval_cv_corpus(&d, &o, &model, true);
	if (o.holdout)
		eval_holdout(&d, &o, &model);
	if (paths[2]) {
		bool *use = xmalloc((d.n + 1) * sizeof *use);
		for (size_t i = 0; i < d.n; i++)
			use[i] = !d.ex[i].holdout;
		fit(&d, use, &o, &model);
		free(use);
		if (coder_model_save(&model, paths[2], &err)) {
			fprintf(stderr, "train-coder: %s\n", err.msg);
			return err.status;
		}
		fprintf(stderr, "train-coder: wrote %s (%u bits, %zu words, checksum %016llx)\n", paths[2], model.bits,
			model.nvocab, (unsigned long long)coder_model_checksum(&model));
	}
	data_release(&d);
	free(model.weights);
	model.weights = NULL;
	{
		struct coder *heap = xmalloc(sizeof *heap); /* coder_free frees the vocabulary and the speller */
		*heap = model;
		coder_free(heap);
	}
	text_cleanup();
	return 0;
}
