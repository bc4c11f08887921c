/* train_eval.c: agreement, always on examples the model did not learn from,
 * measured through coder_code() exactly as `micoach code` codes:
 *   - AnnoMI by transcript (fold = rank of the transcript id mod K): kappa on
 *     AnnoMI's four main classes against the experts;
 *   - the corpus's tune split by client-line group (fold = group index mod K)
 *     or by context (fold = context index mod K);
 *   - the corpus's held-out slice, with the model trained on everything else.
 * A fold's model learns from all the other examples: AnnoMI (clean and
 * noisy) and the corpus's tune split outside the fold; never the held-out
 * slice, never the noisy copies of the transcripts it is measured on. */
#include "train.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static const char *const main_names[4] = { "reflection", "question", "therapist_input", "other" };

static int program_main(enum mi_code primary)
{
	switch (primary) {
	case CODE_SR: case CODE_CR: return 0;
	case CODE_OQ: case CODE_CQ: return 1;
	case CODE_GI: case CODE_PERS: case CODE_PWP: case CODE_CONF: return 2;
	default: return 3;
	}
}

static int program_fine(enum mi_code primary)
{
	return primary == CODE_SR ? 0 : primary == CODE_CR ? 1 : primary == CODE_OQ ? 2 : primary == CODE_CQ ? 3
		: program_main(primary) + 2;
}

static double kappa(const int *a, const int *b, size_t n, int classes)
{
	double po = 0.0, pe = 0.0, ca[16] = {0}, cb[16] = {0};

	if (!n)
		return 0.0;
	for (size_t i = 0; i < n; i++) {
		po += a[i] == b[i];
		ca[a[i]]++;
		cb[b[i]]++;
	}
	po /= (double)n;
	for (int k = 0; k < classes; k++)
		pe += ca[k] * cb[k] / ((double)n * (double)n);
	return pe < 1.0 ? (po - pe) / (1.0 - pe) : 1.0;
}

static double accuracy(const int *a, const int *b, size_t n)
{
	size_t ok = 0;
	for (size_t i = 0; i < n; i++)
		ok += a[i] == b[i];
	return n ? (double)ok / (double)n : 0.0;
}

/* A reply is measured in the context micoach itself would know:
 * data_context(), whose client_asked comes from the client-asked detector
 * (example_asked()), as in practice, never from the corpus's faces; a
 * corpus reply as a practice reply (practice codes every reply so), an
 * AnnoMI utterance as a transcript's line (`micoach code`). */
static void code_example(const struct coder *c, const struct example *e, struct coded_reply *r)
{
	struct coder_context ctx = data_context(e);
	ctx.practice = e->src == SRC_CORPUS;
	coder_code(c, &ctx, e->reply, r);
}

/* The model's probabilities for an example, as coder_code() sees them
 * before its rules. */
static void example_probabilities(const struct coder *c, const struct example *e, float p[OUT_COUNT])
{
	static struct reply_view v;
	struct feature_set fs;
	struct coder_context ctx = data_context(e);

	reply_view_read(&v, e->reply, c, &ctx);
	coder_features(&v, &ctx, c->bits, &fs);
	coder_scores(c, &fs, p);
	coder_probabilities(p);
}

/* Does the gate read it as a practice reply (coder.c, model_probabilities)? */
static bool reads_as_practice(const float p[OUT_COUNT])
{
	return p[OUT_PRACTICE] >= coder_tuning.transcript_below;
}

/* The experts' head's main class (0-3). */
static int expert_class(const float p[OUT_COUNT])
{
	int best = 0;
	for (int m = 1; m < 4; m++)
		if (p[OUT_EXPERT_REFLECTION + m] > p[OUT_EXPERT_REFLECTION + best])
			best = m;
	return best;
}

/* The folds' models: the shared vocabulary and speller, each its own
 * weights, fitted on the examples with use[f * n + i]. */
static void folds_fit(const struct dataset *d, const bool *use, int k, const struct options *o,
		      const struct coder *vocab, struct coder *folds)
{
	for (int f = 0; f < k; f++) {
		folds[f] = *vocab;
		folds[f].weights = NULL;
	}
	fit_many(d, use, k, o, folds);
}

/* ---- AnnoMI ---- */

struct annomi_agreement {
	size_t n;
	int *gold_main, *pred_main, *gold_fine, *pred_fine, *gold_r, *pred_r, *gold_q, *pred_q;
};

static void annomi_add(struct annomi_agreement *a, const struct example *e, const struct coded_reply *r)
{
	a->gold_main[a->n] = e->main_majority;
	a->pred_main[a->n] = program_main(r->primary);
	a->gold_fine[a->n] = e->fine;
	a->pred_fine[a->n] = program_fine(r->primary);
	a->gold_r[a->n] = e->target[OUT_HAS_REFLECTION] > 0.5f;
	a->pred_r[a->n] = (r->codes & (CODE_BIT(CODE_SR) | CODE_BIT(CODE_CR))) != 0;
	a->gold_q[a->n] = e->target[OUT_HAS_QUESTION] > 0.5f;
	a->pred_q[a->n] = (r->codes & (CODE_BIT(CODE_OQ) | CODE_BIT(CODE_CQ))) != 0;
	a->n++;
}

static void annomi_report(const struct annomi_agreement *a, int k, size_t ntid)
{
	size_t conf[4][4] = {{0}};

	printf("cv %d-fold by transcript: %zu utterances in %zu transcripts\n", k, a->n, ntid);
	printf("cv fine: kappa %.3f accuracy %.3f\n", kappa(a->gold_fine, a->pred_fine, a->n, 6),
	       accuracy(a->gold_fine, a->pred_fine, a->n));
	printf("cv refl: kappa %.3f accuracy %.3f\n", kappa(a->gold_r, a->pred_r, a->n, 2),
	       accuracy(a->gold_r, a->pred_r, a->n));
	printf("cv ques: kappa %.3f accuracy %.3f\n", kappa(a->gold_q, a->pred_q, a->n, 2),
	       accuracy(a->gold_q, a->pred_q, a->n));
	for (size_t i = 0; i < a->n; i++)
		conf[a->gold_main[i]][a->pred_main[i]]++;
	printf("cv confusion (rows: experts; columns: coder) R Q I O\n");
	for (int g = 0; g < 4; g++)
		printf("cv   %-15s %5zu %5zu %5zu %5zu\n", main_names[g], conf[g][0], conf[g][1], conf[g][2], conf[g][3]);
	printf("cv kappa4: %.3f accuracy %.3f\n", kappa(a->gold_main, a->pred_main, a->n, 4),
	       accuracy(a->gold_main, a->pred_main, a->n));
}

/* With TRAIN_GRID="name=x,name=y;name=z", each cross-validated fold's model
 * is kept and the replies are coded again under each ";"-separated setting
 * of the decision thresholds (on top of --set), so thresholds are chosen by
 * cross-validation at the cost of one training. Applies the next setting
 * of *spec over base, names it in label and moves *spec on; false at the
 * end. */
static bool grid_next(const char **spec, struct coder_thresholds base, char *label, size_t cap)
{
	const char *s = *spec, *end;
	size_t n;

	if (!s || !*s)
		return false;
	end = strchr(s, ';');
	n = end ? (size_t)(end - s) : strlen(s);
	snprintf(label, cap, "%.*s", (int)n, s);
	*spec = end ? end + 1 : s + n;
	coder_tuning = base;
	for (char *tok = strtok(label, ","); tok; tok = strtok(NULL, ",")) {
		char *eq = strchr(tok, '=');
		if (!eq || (*eq = '\0', !coder_tuning_set(tok, (float)atof(eq + 1))))
			fprintf(stderr, "train-coder: TRAIN_GRID: cannot set '%s'\n", tok);
		else
			*eq = '=';
	}
	snprintf(label, cap, "%.*s", (int)n, s);
	return true;
}

void eval_cv_annomi(const struct dataset *d, const struct options *o, const struct coder *vocab)
{
	int *tids = xcalloc(d->n + 1, sizeof *tids), *fold_of = xcalloc(d->n + 1, sizeof *fold_of);
	bool *use = xcalloc((size_t)o->cv * d->n + 1, sizeof *use);
	struct annomi_agreement a = {0};
	size_t ntid = 0, practice = 0;
	int *expert = xcalloc(d->n + 1, sizeof *expert);
	struct coder *folds = xcalloc((size_t)o->cv, sizeof *folds);
	const char *grid = getenv("TRAIN_GRID");
	struct coder_thresholds base = coder_tuning;
	char label[256];

	for (size_t i = 0; i < d->n; i++)
		if (d->ex[i].src == SRC_ANNOMI && (!ntid || tids[ntid - 1] != d->ex[i].tid))
			tids[ntid++] = d->ex[i].tid;
	for (size_t i = 0; i < d->n; i++)
		for (size_t t = 0; t < ntid; t++)
			if (d->ex[i].src != SRC_CORPUS && tids[t] == d->ex[i].tid)
				fold_of[i] = (int)(t % (size_t)o->cv);
	a.gold_main = xcalloc(d->n + 1, sizeof(int));
	a.pred_main = xcalloc(d->n + 1, sizeof(int));
	a.gold_fine = xcalloc(d->n + 1, sizeof(int));
	a.pred_fine = xcalloc(d->n + 1, sizeof(int));
	a.gold_r = xcalloc(d->n + 1, sizeof(int));
	a.pred_r = xcalloc(d->n + 1, sizeof(int));
	a.gold_q = xcalloc(d->n + 1, sizeof(int));
	a.pred_q = xcalloc(d->n + 1, sizeof(int));
	for (int f = 0; f < o->cv; f++)
		for (size_t i = 0; i < d->n; i++)
			use[(size_t)f * d->n + i] = !d->ex[i].holdout && (d->ex[i].src == SRC_CORPUS || fold_of[i] != f);
	folds_fit(d, use, o->cv, o, vocab, folds);
	for (int f = 0; f < o->cv; f++) {
		size_t from = a.n;
		for (size_t i = 0; i < d->n; i++) {
			struct coded_reply r;
			float p[OUT_COUNT];
			if (d->ex[i].src != SRC_ANNOMI || fold_of[i] != f)
				continue;
			example_probabilities(&folds[f], &d->ex[i], p);
			practice += reads_as_practice(p);
			expert[a.n] = expert_class(p);
			code_example(&folds[f], &d->ex[i], &r);
			annomi_add(&a, &d->ex[i], &r);
		}
		printf("cv fold %d: %zu utterances, kappa4 %.3f\n", f + 1, a.n - from,
		       kappa(a.gold_main + from, a.pred_main + from, a.n - from, 4));
		fflush(stdout);
	}
	annomi_report(&a, o->cv, ntid);
	printf("cv gate: %zu of %zu utterances read as practice replies\n", practice, a.n);
	printf("cv the experts' head alone: kappa4 %.3f\n", kappa(a.gold_main, expert, a.n, 4));
	while (grid_next(&grid, base, label, sizeof label)) {
		size_t n = 0;
		for (int f = 0; f < o->cv; f++) /* in the order of a.gold_main */
			for (size_t i = 0; i < d->n; i++) {
				struct coded_reply r;
				if (d->ex[i].src != SRC_ANNOMI || fold_of[i] != f)
					continue;
				code_example(&folds[f], &d->ex[i], &r);
				a.pred_main[n++] = program_main(r.primary);
			}
		printf("cv grid %s: kappa4 %.3f\n", label, kappa(a.gold_main, a.pred_main, n, 4));
		fflush(stdout);
	}
	coder_tuning = base;
	for (int f = 0; f < o->cv; f++)
		free(folds[f].weights);
	free(folds);
	free(a.gold_main);
	free(a.pred_main);
	free(a.gold_fine);
	free(a.pred_fine);
	free(a.gold_r);
	free(a.pred_r);
	free(a.gold_q);
	free(a.pred_q);
	free(expert);
	free(tids);
	free(fold_of);
	free(use);
}

/* ---- the corpus ---- */

struct corpus_agreement {
	size_t n, primary_ok, main_ok;
	size_t transcript;                  /* read by the gate as a transcript's line */
	size_t tp, fp, fn;                  /* non-adherence */
	size_t q_nomark, q_nomark_found;    /* questions typed without "?" */
	size_t q_coded, q_false;            /* replies coded with a question code; of them, with none in the gold */
	size_t both, both_found;            /* a reflection and a question */
	size_t by_code[CODE_COUNT], by_code_ok[CODE_COUNT];
};

/* With TRAIN_DUMP=FILE, each cross-validated corpus reply's gold codes and
 * the model's probabilities, for choosing thresholds (tune split only). */
static void dump_probabilities(const struct coder *c, const struct example *e)
{
	static FILE *out;
	float p[OUT_COUNT];

	if (!out && getenv("TRAIN_DUMP"))
		out = fopen(getenv("TRAIN_DUMP"), "w");
	if (!out)
		return;
	example_probabilities(c, e, p);
	fprintf(out, "%s\t%s\t", e->item->id, code_name(e->item->primary));
	for (int k = 0; k < CODE_COUNT; k++)
		if (e->item->codes & CODE_BIT(k))
			fprintf(out, "%s ", code_name((enum mi_code)k));
	for (int k = 0; k < OUT_COUNT; k++)
		fprintf(out, "\t%.4f", p[k]);
	fprintf(out, "\n");
	fflush(out);
}

/* With TRAIN_CODED=FILE, each cross-validated corpus reply's id, gold
 * primary and non-adherence, and the coder's (tune split only): to compare
 * two trainings on the replies they share when one has more files. */
static void dump_coded(const struct example *e, const struct coded_reply *r)
{
	static FILE *out;
	unsigned bad = CODE_BIT(CODE_PERS) | CODE_BIT(CODE_CONF);

	if (!out && getenv("TRAIN_CODED"))
		out = fopen(getenv("TRAIN_CODED"), "w");
	if (!out)
		return;
	fprintf(out, "%s\t%s\t%d\t%s\t%d\n", e->item->id, code_name(e->item->primary), (e->item->codes & bad) != 0,
		code_name(r->primary), r->nonadherent);
	fflush(out);
}

static void corpus_add(struct corpus_agreement *a, const struct example *e, const struct coded_reply *r, bool verbose)
{
	unsigned gold = e->item->codes, bad = CODE_BIT(CODE_PERS) | CODE_BIT(CODE_CONF);
	unsigned refl = CODE_BIT(CODE_SR) | CODE_BIT(CODE_CR), ques = CODE_BIT(CODE_OQ) | CODE_BIT(CODE_CQ);
	bool g_bad = gold & bad, p_bad = r->nonadherent;

	a->n++;
	a->primary_ok += r->primary == e->item->primary;
	a->main_ok += program_main(r->primary) == program_main(e->item->primary);
	a->by_code[e->item->primary]++;
	a->by_code_ok[e->item->primary] += r->primary == e->item->primary;
	a->tp += g_bad && p_bad;
	a->fp += !g_bad && p_bad;
	a->fn += g_bad && !p_bad;
	if ((gold & ques) && !strchr(e->reply, '?')) {
		a->q_nomark++;
		a->q_nomark_found += (r->codes & ques) != 0;
	}
	if (r->codes & ques) {
		a->q_coded++;
		a->q_false += (gold & ques) == 0;
	}
	if ((gold & refl) && (gold & ques)) {
		a->both++;
		a->both_found += (r->codes & refl) && (r->codes & ques);
	}
	if (verbose && r->primary != e->item->primary) {
		printf("miss %s %s -> %s [", e->item->id, code_name(e->item->primary), code_name(r->primary));
		for (int k = 0; k < CODE_COUNT; k++)
			if (r->codes & CODE_BIT(k))
				printf(" %s", code_name((enum mi_code)k));
		printf(" ] %s | %s\n", e->item->face, e->reply);
	}
}

static void corpus_report(const char *what, const struct corpus_agreement *a)
{
	double p = a->tp + a->fp ? (double)a->tp / (double)(a->tp + a->fp) : 0.0;
	double r = a->tp + a->fn ? (double)a->tp / (double)(a->tp + a->fn) : 0.0;

	printf("%s: %zu replies\n", what, a->n);
	printf("%s primary: accuracy %.3f (its AnnoMI main class %.3f)\n", what,
	       a->n ? (double)a->primary_ok / (double)a->n : 0.0, a->n ? (double)a->main_ok / (double)a->n : 0.0);
	printf("%s non-adherent: recall %.3f precision %.3f (%zu of %zu found, %zu false)\n", what, r, p, a->tp,
	       a->tp + a->fn, a->fp);
	printf("%s questions without '?': %.3f (%zu of %zu)\n", what,
	       a->q_nomark ? (double)a->q_nomark_found / (double)a->q_nomark : 0.0, a->q_nomark_found, a->q_nomark);
	printf("%s question codes: precision %.3f (%zu of %zu coded with no question in the gold)\n", what,
	       a->q_coded ? 1.0 - (double)a->q_false / (double)a->q_coded : 0.0, a->q_false, a->q_coded);
	printf("%s reflection and question both coded: %.3f (%zu of %zu)\n", what,
	       a->both ? (double)a->both_found / (double)a->both : 0.0, a->both_found, a->both);
	printf("%s primary by code:", what);
	for (int k = 0; k < CODE_COUNT; k++)
		if (a->by_code[k])
			printf(" %s %zu/%zu", code_name((enum mi_code)k), a->by_code_ok[k], a->by_code[k]);
	printf("\n");
	fflush(stdout);
}

void eval_cv_corpus(const struct dataset *d, const struct options *o, const struct coder *vocab, bool by_context)
{
	int k = by_context ? o->cv_context : o->cv_corpus;
	bool *use = xcalloc((size_t)k * d->n + 1, sizeof *use);
	struct corpus_agreement a = {0};
	struct coder *folds = xcalloc((size_t)k, sizeof *folds);
	const char *what = by_context ? "cv-context" : "cv-group", *grid = getenv("TRAIN_GRID");
	struct coder_thresholds base = coder_tuning;
	char label[256];

	for (int f = 0; f < k; f++)
		for (size_t i = 0; i < d->n; i++) {
			const struct example *e = &d->ex[i];
			int fo = e->src != SRC_CORPUS ? -1 : (by_context ? e->context : e->group) % k;
			use[(size_t)f * d->n + i] = !e->holdout && fo != f;
		}
	folds_fit(d, use, k, o, vocab, folds);
	for (int f = 0; f < k; f++) {
		for (size_t i = 0; i < d->n; i++) {
			const struct example *e = &d->ex[i];
			struct coded_reply r;
			if (e->src != SRC_CORPUS || e->copy || e->holdout || (by_context ? e->context : e->group) % k != f)
				continue;
			float p[OUT_COUNT];
			code_example(&folds[f], e, &r);
			dump_probabilities(&folds[f], e);
			example_probabilities(&folds[f], e, p);
			a.transcript += !reads_as_practice(p);
			dump_coded(e, &r);
			corpus_add(&a, e, &r, getenv("TRAIN_VERBOSE") != NULL);
		}
	}
	printf("%s: %d folds\n", what, k);
	corpus_report(what, &a);
	printf("%s gate: %zu of %zu replies read as transcript lines\n", what, a.transcript, a.n);
	while (grid_next(&grid, base, label, sizeof label)) {
		struct corpus_agreement g = {0};
		for (size_t i = 0; i < d->n; i++) {
			const struct example *e = &d->ex[i];
			struct coded_reply r;
			if (e->src != SRC_CORPUS || e->copy || e->holdout)
				continue;
			code_example(&folds[(by_context ? e->context : e->group) % k], e, &r);
			corpus_add(&g, e, &r, false);
		}
		printf("%s grid %s:\n", what, label);
		corpus_report(what, &g);
		fflush(stdout);
	}
	coder_tuning = base;
	for (int f = 0; f < k; f++)
		free(folds[f].weights);
	free(folds);
	free(use);
}

void eval_holdout(const struct dataset *d, const struct options *o, const struct coder *vocab)
{
	bool *use = xcalloc(d->n + 1, sizeof *use);
	struct corpus_agreement a = {0};
	struct coder model;

	for (size_t i = 0; i < d->n; i++)
		use[i] = !d->ex[i].holdout;
	folds_fit(d, use, 1, o, vocab, &model);
	for (size_t i = 0; i < d->n; i++) {
		struct coded_reply r;
		if (!d->ex[i].holdout)
			continue;
		code_example(&model, &d->ex[i], &r);
		corpus_add(&a, &d->ex[i], &r, false); /* never look at held-out misses */
	}
	corpus_report("holdout", &a);
	free(model.weights);
	free(use);
}
