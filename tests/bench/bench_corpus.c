/* bench_corpus.c: the coder's agreement with the practice corpus's
 * held-out slice (split=holdout in the .tsv files of data/corpus/), which the model was
 * never trained on and no rule or threshold was tuned on. Codes each
 * held-out reply with data/coder.model, with the client line it answers as
 * context, as practice does (and again as `micoach code` codes a
 * transcript's lines, for comparison), and prints
 * `figure<TAB>measured<TAB>target<TAB>ok|MISSED` lines: the primary code,
 * MI-non-adherent recall at its precision, questions typed without "?",
 * and replies that reflect and ask coded with both. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/coder.h"
#include "core/context.h"
#include "core/coder_corpus.h"
#include "core/text.h"
#include "core/util.h"
#include "io/file.h"
#include "io/model_file.h"

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void read_corpus(const char *dir, struct corpus *c)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	char **files = NULL;
	size_t n = 0;
	struct diag_list dl = {0};

	if (!dh) {
		fprintf(stderr, "bench_corpus: cannot open %s\n", dir);
		exit(1);
	}
	while ((de = readdir(dh)))
		if (strlen(de->d_name) > 4 && !strcmp(de->d_name + strlen(de->d_name) - 4, ".tsv")) {
			files = xrealloc(files, (n + 1) * sizeof *files);
			files[n++] = xasprintf("%s/%s", dir, de->d_name);
		}
	closedir(dh);
	qsort(files, n, sizeof *files, name_cmp);
	for (size_t i = 0; i < n; i++) {
		struct error err = {0};
		char *buf;
		size_t len;
		if (file_read_capped(files[i], (size_t)64 << 20, "corpus", &buf, &len, &err)) {
			fprintf(stderr, "bench_corpus: %s\n", err.msg);
			exit(1);
		}
		corpus_parse(c, buf, len, files[i], &dl);
		free(buf);
		free(files[i]);
	}
	free(files);
	if (dl.errors) {
		fprintf(stderr, "bench_corpus: %s:%d: %s\n", dl.items[0].file, dl.items[0].line, dl.items[0].message);
		exit(1);
	}
	diag_list_release(&dl);
}

struct agreement {
	size_t n, ok, tp, fp, fn, qn, qok, both, both_ok;
};

/* Non-adherence's precision and recall. */
static void agreement_rates(const struct agreement *a, double *prec, double *rec)
{
	*prec = a->tp + a->fp ? (double)a->tp / (double)(a->tp + a->fp) : 0.0;
	*rec = a->tp + a->fn ? (double)a->tp / (double)(a->tp + a->fn) : 0.0;
}

static const char *verdict(double x, double target)
{
	return x >= target ? "ok" : "MISSED";
}

/* Code every held-out reply with the client line as context, as practice
 * does (practice: as a session codes it, the gate not asked) or as
 * `micoach code` codes a transcript's line (the gate asked). */
static void measure(const struct coder *c, const struct corpus *corpus, bool practice, struct agreement *a)
{
	unsigned bad = CODE_BIT(CODE_PERS) | CODE_BIT(CODE_CONF);
	unsigned refl = CODE_BIT(CODE_SR) | CODE_BIT(CODE_CR), ques = CODE_BIT(CODE_OQ) | CODE_BIT(CODE_CQ);

	memset(a, 0, sizeof *a);
	for (size_t i = 0; i < corpus->n; i++) {
		const struct corpus_item *it = &corpus->items[i];
		struct coder_context ctx = { .client_last = it->client };
		struct coded_reply r;
		if (!it->holdout)
			continue;
		context_asked(&ctx, it->client); /* as practice sets it (core/context.c) */
		ctx.practice = practice;
		coder_code(c, &ctx, it->reply, &r);
		a->n++;
		a->ok += r.primary == it->primary;
		a->tp += (it->codes & bad) && r.nonadherent;
		a->fp += !(it->codes & bad) && r.nonadherent;
		a->fn += (it->codes & bad) && !r.nonadherent;
		if ((it->codes & ques) && !strchr(it->reply, '?')) {
			a->qn++;
			a->qok += (r.codes & ques) != 0;
		}
		if ((it->codes & refl) && (it->codes & ques)) {
			a->both++;
			a->both_ok += (r.codes & refl) && (r.codes & ques);
		}
	}
}

int main(void)
{
	const char *src = getenv("MICOACH_SRC");
	char *dir = xasprintf("%s/data/corpus", src && *src ? src : ".");
	char *path = xasprintf("%s/data/coder.model", src && *src ? src : ".");
	struct corpus corpus = {0};
	struct coder *c = NULL;
	struct error err = {0};
	struct agreement a, t;
	double prec, rec;

	if (coder_load(path, &c, &err)) {
		fprintf(stderr, "bench_corpus: %s\n", err.msg);
		return 1;
	}
	read_corpus(dir, &corpus);
	measure(c, &corpus, true, &a);
	if (!a.n) {
		fprintf(stderr, "bench_corpus: no held-out items in %s\n", dir);
		return 1;
	}
	agreement_rates(&a, &prec, &rec);
	printf("coder primary code on the corpus holdout (%zu replies)\t%.3f\t>= 0.85\t%s\n", a.n, (double)a.ok / (double)a.n,
	       verdict((double)a.ok / (double)a.n, 0.85));
	printf("coder non-adherent recall on the holdout (precision %.3f)\t%.3f\t>= 0.90 at >= 0.90\t%s\n", prec, rec,
	       rec >= 0.90 && prec >= 0.90 ? "ok" : "MISSED");
	printf("coder questions typed without '?' on the holdout (%zu)\t%.3f\t>= 0.90\t%s\n", a.qn,
	       a.qn ? (double)a.qok / (double)a.qn : 0.0, verdict(a.qn ? (double)a.qok / (double)a.qn : 0.0, 0.90));
	printf("coder reflect-and-ask coded with both on the holdout (%zu)\t%.3f\t-\tok\n", a.both,
	       a.both ? (double)a.both_ok / (double)a.both : 0.0);
	/* The same replies as `micoach code` codes a transcript's lines, the
	 * gate asked (no target: practice codes them as above). */
	measure(c, &corpus, false, &t);
	agreement_rates(&t, &prec, &rec);
	printf("coder primary code on the holdout, as a transcript's lines (code without --practice)\t%.3f\t-\tok\n",
	       (double)t.ok / (double)t.n);
	printf("coder non-adherent recall there (precision %.3f)\t%.3f\t-\tok\n", prec, rec);
	corpus_release(&corpus);
	coder_free(c);
	free(dir);
	free(path);
	text_cleanup();
	return 0;
}
