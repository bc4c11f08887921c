/* bench_corpus.c: the coder's agreement with the practice corpus's
 * held-out slice (split=holdout in the .tsv files of data/corpus/), which the model was
 * never trained on and no rule or threshold was tuned on. Codes each
 * held-out reply with data/coder.model, with the client line it answers as
 * context, as practice does, and prints
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

static const char *verdict(double x, double target)
{
	return x >= target ? "ok" : "MISSED";
}

int main(void)
{
	const char *src = getenv("MICOACH_SRC");
	char *dir = xasprintf("%s/data/corpus", src && *src ? src : ".");
	char *path = xasprintf("%s/data/coder.model", src && *src ? src : ".");
	unsigned bad = CODE_BIT(CODE_PERS) | CODE_BIT(CODE_CONF);
	unsigned refl = CODE_BIT(CODE_SR) | CODE_BIT(CODE_CR), ques = CODE_BIT(CODE_OQ) | CODE_BIT(CODE_CQ);
	size_t n = 0, ok = 0, tp = 0, fp = 0, fn = 0, qn = 0, qok = 0, both = 0, both_ok = 0;
	struct corpus corpus = {0};
	struct coder *c = NULL;
	struct error err = {0};
	double prec, rec;

	if (coder_load(path, &c, &err)) {
		fprintf(stderr, "bench_corpus: %s\n", err.msg);
		return 1;
	}
	read_corpus(dir, &corpus);
	for (size_t i = 0; i < corpus.n; i++) {
		const struct corpus_item *it = &corpus.items[i];
		struct coder_context ctx = { .client_last = it->client };
		struct coded_reply r;
		if (!it->holdout)
			continue;
		context_asked(&ctx, it->client); /* as practice sets it (core/context.c) */
		coder_code(c, &ctx, it->reply, &r);
		n++;
		ok += r.primary == it->primary;
		tp += (it->codes & bad) && r.nonadherent;
		fp += !(it->codes & bad) && r.nonadherent;
		fn += (it->codes & bad) && !r.nonadherent;
		if ((it->codes & ques) && !strchr(it->reply, '?')) {
			qn++;
			qok += (r.codes & ques) != 0;
		}
		if ((it->codes & refl) && (it->codes & ques)) {
			both++;
			both_ok += (r.codes & refl) && (r.codes & ques);
		}
	}
	if (!n) {
		fprintf(stderr, "bench_corpus: no held-out items in %s\n", dir);
		return 1;
	}
	prec = tp + fp ? (double)tp / (double)(tp + fp) : 0.0;
	rec = tp + fn ? (double)tp / (double)(tp + fn) : 0.0;
	printf("coder primary code on the corpus holdout (%zu replies)\t%.3f\t>= 0.85\t%s\n", n, (double)ok / (double)n,
	       verdict((double)ok / (double)n, 0.85));
	printf("coder non-adherent recall on the holdout (precision %.3f)\t%.3f\t>= 0.90 at >= 0.90\t%s\n", prec, rec,
	       rec >= 0.90 && prec >= 0.90 ? "ok" : "MISSED");
	printf("coder questions typed without '?' on the holdout (%zu)\t%.3f\t>= 0.90\t%s\n", qn,
	       qn ? (double)qok / (double)qn : 0.0, verdict(qn ? (double)qok / (double)qn : 0.0, 0.90));
	printf("coder reflect-and-ask coded with both on the holdout (%zu)\t%.3f\t-\tok\n", both,
	       both ? (double)both_ok / (double)both : 0.0);
	corpus_release(&corpus);
	coder_free(c);
	free(dir);
	free(path);
	text_cleanup();
	return 0;
}
