/* train-coder: learns the coder's linear model from AnnoMI (AnnoMI-full CSV
 * format) and writes data/coder.model. Deterministic: the same CSV and
 * options give the same bytes.
 *
 * usage: train-coder [--cv K] [--bits B] [--iters N] [--l2 X] DEV.CSV OUT.MODEL
 *
 * Every therapist utterance is one example, read like `micoach code` reads a
 * transcript: the reply, the client's last utterance before it and the
 * practitioner's previous utterance. Utterances coded by several annotators
 * get soft targets (each annotation weighs 1/k). The model is a set of
 * L2-regularised logistic regressions (one softmax over AnnoMI's 4 main
 * classes, one over the 4 therapist-input subtypes, sigmoids for complex vs
 * simple reflection, open vs closed question, and the presence of a
 * reflection or a question) over hashed features (coder_model.c), trained by
 * full-batch Adam. With --cv K, first reports agreement by K-fold
 * cross-validation over transcripts (fold = rank of the transcript id mod K),
 * measured through coder_code() itself, like annomi-eval does. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/coder.h"
#include "core/coder_model.h"
#include "core/error.h"
#include "core/text.h"
#include "core/util.h"
#include "io/model_file.h"

/* ---- CSV ---- */

struct row {
	int tid, uid;
	size_t order;    /* position in the CSV: keeps annotators in file order */
	bool therapist;
	char *text;
	char *main, *refl_sub, *ques_sub, *ti_sub, *refl_exists, *ques_exists;
};

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = {0};
	char buf[65536];
	size_t n;

	if (!f) {
		fprintf(stderr, "train-coder: %s: %s\n", path, strerror(errno));
		exit(66);
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	*len = sb.len;
	return strbuf_detach(&sb);
}

/* Parse one CSV record starting at *p; fields are NUL-terminated copies. */
static size_t csv_record(const char **p, const char *end, char ***fields)
{
	size_t n = 0, alloc = 0;
	char **f = NULL;
	const char *s = *p;

	if (s >= end)
		return 0;
	for (;;) {
		struct strbuf sb = {0};
		if (s < end && *s == '"') {
			s++;
			while (s < end) {
				if (*s == '"') {
					if (s + 1 < end && s[1] == '"') {
						strbuf_add(&sb, "\"", 1);
						s += 2;
						continue;
					}
					s++;
					break;
				}
				strbuf_add(&sb, s, 1);
				s++;
			}
		}
		while (s < end && *s != ',' && *s != '\n' && *s != '\r') {
			strbuf_add(&sb, s, 1);
			s++;
		}
		if (n == alloc) {
			alloc = alloc ? 2 * alloc : 32;
			f = xrealloc(f, alloc * sizeof *f);
		}
		f[n++] = strbuf_detach(&sb);
		if (s < end && *s == ',') {
			s++;
			continue;
		}
		if (s < end && *s == '\r')
			s++;
		if (s < end && *s == '\n')
			s++;
		break;
	}
	*p = s;
	*fields = f;
	return n;
}

static int column(char **hdr, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(hdr[i], name))
			return (int)i;
	fprintf(stderr, "train-coder: the CSV has no column '%s' (AnnoMI-full format expected)\n", name);
	exit(65);
}

/* Collapse runs of whitespace into one space, trim (as annomi-eval does). */
static char *squash(const char *s)
{
	struct strbuf sb = {0};
	bool space = false;

	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = sb.len > 0;
			continue;
		}
		if (space)
			strbuf_add(&sb, " ", 1);
		space = false;
		strbuf_add(&sb, s, 1);
	}
	return strbuf_detach(&sb);
}

static int row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	if (x->tid != y->tid)
		return x->tid < y->tid ? -1 : 1;
	if (x->uid != y->uid)
		return x->uid < y->uid ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* ---- examples ---- */

enum { MAIN_CLASSES = 4, TI_CLASSES = 4 };
static const char *const main_names[MAIN_CLASSES] = { "reflection", "question", "therapist_input", "other" };
static const char *const ti_names[TI_CLASSES] = { "information", "advice", "negotiation", "options" };

struct example {
	int tid;
	char *reply, *client_last, *practitioner_last;
	size_t nfeat;
	uint32_t *idx;
	float *val;
	/* soft targets and their weights (0 weight: no label for that head) */
	float main[MAIN_CLASSES];
	int main_majority;
	float complex, complex_w;
	float open, open_w;
	float ti[TI_CLASSES], ti_w;
	float has_refl, has_ques;
};

static int name_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

/* ---- training ---- */

struct options {
	int cv;
	unsigned bits;
	int iters;
	double l2;
	double lr;
};

static void train(const struct example *ex, size_t nex, const bool *use, const struct options *o, struct coder *c)
{
	size_t nw = ((size_t)1 << o->bits) * OUT_COUNT;
	double *w = xcalloc(nw, sizeof *w), *g = xcalloc(nw, sizeof *g);
	double *m = xcalloc(nw, sizeof *m), *v = xcalloc(nw, sizeof *v);
	double b[OUT_COUNT] = {0}, gb[OUT_COUNT], mb[OUT_COUNT] = {0}, vb[OUT_COUNT] = {0};
	double total = 0.0;
	const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;

	for (size_t i = 0; i < nex; i++)
		if (use[i])
			total += 1.0;
	for (int it = 1; it <= o->iters; it++) {
		double b1t = 1.0 - pow(beta1, it), b2t = 1.0 - pow(beta2, it);
		memset(g, 0, nw * sizeof *g);
		memset(gb, 0, sizeof gb);
		for (size_t i = 0; i < nex; i++) {
			const struct example *e = &ex[i];
			double z[OUT_COUNT], d[OUT_COUNT];
			if (!use[i])
				continue;
			for (int k = 0; k < OUT_COUNT; k++)
				z[k] = b[k];
			for (size_t f = 0; f < e->nfeat; f++) {
				const double *wf = w + (size_t)e->idx[f] * OUT_COUNT;
				for (int k = 0; k < OUT_COUNT; k++)
					z[k] += wf[k] * e->val[f];
			}
			/* main: softmax cross-entropy */
			{
				double mx = z[0], s = 0.0;
				for (int k = 1; k < MAIN_CLASSES; k++)
					mx = z[k] > mx ? z[k] : mx;
				for (int k = 0; k < MAIN_CLASSES; k++)
					s += exp(z[k] - mx);
				for (int k = 0; k < MAIN_CLASSES; k++)
					d[OUT_REFLECTION + k] = exp(z[k] - mx) / s - e->main[k];
			}
			{
				double mx = z[OUT_INFO], s = 0.0;
				for (int k = 1; k < TI_CLASSES; k++)
					mx = z[OUT_INFO + k] > mx ? z[OUT_INFO + k] : mx;
				for (int k = 0; k < TI_CLASSES; k++)
					s += exp(z[OUT_INFO + k] - mx);
				for (int k = 0; k < TI_CLASSES; k++)
					d[OUT_INFO + k] = e->ti_w * (exp(z[OUT_INFO + k] - mx) / s - e->ti[k]);
			}
			d[OUT_COMPLEX] = e->complex_w * (1.0 / (1.0 + exp(-z[OUT_COMPLEX])) - e->complex);
			d[OUT_OPEN] = e->open_w * (1.0 / (1.0 + exp(-z[OUT_OPEN])) - e->open);
			d[OUT_HAS_REFLECTION] = 1.0 / (1.0 + exp(-z[OUT_HAS_REFLECTION])) - e->has_refl;
			d[OUT_HAS_QUESTION] = 1.0 / (1.0 + exp(-z[OUT_HAS_QUESTION])) - e->has_ques;
			for (int k = 0; k < OUT_COUNT; k++)
				gb[k] += d[k];
			for (size_t f = 0; f < e->nfeat; f++) {
				double *gf = g + (size_t)e->idx[f] * OUT_COUNT;
				for (int k = 0; k < OUT_COUNT; k++)
					gf[k] += d[k] * e->val[f];
			}
		}
		for (size_t j = 0; j < nw; j++) {
			double gj = g[j] / total + o->l2 * w[j];
			m[j] = beta1 * m[j] + (1.0 - beta1) * gj;
			v[j] = beta2 * v[j] + (1.0 - beta2) * gj * gj;
			w[j] -= o->lr * (m[j] / b1t) / (sqrt(v[j] / b2t) + eps);
		}
		for (int k = 0; k < OUT_COUNT; k++) {
			double gk = gb[k] / total;
			mb[k] = beta1 * mb[k] + (1.0 - beta1) * gk;
			vb[k] = beta2 * vb[k] + (1.0 - beta2) * gk * gk;
			b[k] -= o->lr * (mb[k] / b1t) / (sqrt(vb[k] / b2t) + eps);
		}
	}
	c->bits = o->bits;
	free(c->weights);
	c->weights = xmalloc(nw * sizeof *c->weights);
	for (size_t j = 0; j < nw; j++)
		c->weights[j] = (float)w[j];
	for (int k = 0; k < OUT_COUNT; k++)
		c->bias[k] = (float)b[k];
	free(w);
	free(g);
	free(m);
	free(v);
}

/* ---- agreement ---- */

static int program_main(enum mi_code primary)
{
	switch (primary) {
	case CODE_SR: case CODE_CR: return 0;
	case CODE_OQ: case CODE_CQ: return 1;
	case CODE_GI: case CODE_PERS: case CODE_PWP: case CODE_CONF: return 2;
	default: return 3;
	}
}

static double kappa(const int *a, const int *b, size_t n, int classes)
{
	double po = 0.0, pe = 0.0;
	double ca[16] = {0}, cb[16] = {0};
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

/* fine labels: 0 Rs 1 Rc 2 Qo 3 Qc 4 input 5 other */
struct agreement {
	size_t n;
	int *gold_main, *pred_main, *gold_fine, *pred_fine, *gold_r, *pred_r, *gold_q, *pred_q;
};

static void agreement_add(struct agreement *a, const struct example *e, const struct coded_reply *r)
{
	int gm = e->main_majority, pm = program_main(r->primary), gf, pf;

	gf = gm == 0 ? (e->complex > 0.5f ? 1 : 0) : gm == 1 ? (e->open > 0.5f ? 2 : 3) : gm + 2;
	pf = r->primary == CODE_SR ? 0 : r->primary == CODE_CR ? 1 : r->primary == CODE_OQ ? 2
		: r->primary == CODE_CQ ? 3 : pm + 2;
	a->gold_main[a->n] = gm;
	a->pred_main[a->n] = pm;
	a->gold_fine[a->n] = gf;
	a->pred_fine[a->n] = pf;
	a->gold_r[a->n] = e->has_refl > 0.5f;
	a->pred_r[a->n] = (r->codes & (CODE_BIT(CODE_SR) | CODE_BIT(CODE_CR))) != 0;
	a->gold_q[a->n] = e->has_ques > 0.5f;
	a->pred_q[a->n] = (r->codes & (CODE_BIT(CODE_OQ) | CODE_BIT(CODE_CQ))) != 0;
	a->n++;
}

static double accuracy(const int *a, const int *b, size_t n)
{
	size_t ok = 0;
	for (size_t i = 0; i < n; i++)
		ok += a[i] == b[i];
	return n ? (double)ok / (double)n : 0.0;
}

static void code_example(const struct coder *c, const struct example *e, struct coded_reply *r)
{
	struct coder_context ctx = { .client_last = e->client_last, .practitioner_last = e->practitioner_last };
	coder_code(c, &ctx, e->reply, r);
}

static void cross_validate(const struct example *ex, size_t nex, const struct options *o)
{
	int tids[1024];
	size_t ntid = 0;
	struct agreement a = {0};
	bool *use = xcalloc(nex, sizeof *use);
	int *fold_of = xcalloc(nex, sizeof *fold_of);
	struct coder c = {0};

	for (size_t i = 0; i < nex; i++)
		if ((!ntid || tids[ntid - 1] != ex[i].tid) && ntid < ARRAY_SIZE(tids))
			tids[ntid++] = ex[i].tid;
	for (size_t i = 0; i < nex; i++)
		for (size_t t = 0; t < ntid; t++)
			if (tids[t] == ex[i].tid)
				fold_of[i] = (int)(t % (size_t)o->cv);
	a.gold_main = xcalloc(nex, sizeof(int));
	a.pred_main = xcalloc(nex, sizeof(int));
	a.gold_fine = xcalloc(nex, sizeof(int));
	a.pred_fine = xcalloc(nex, sizeof(int));
	a.gold_r = xcalloc(nex, sizeof(int));
	a.pred_r = xcalloc(nex, sizeof(int));
	a.gold_q = xcalloc(nex, sizeof(int));
	a.pred_q = xcalloc(nex, sizeof(int));
	for (int fold = 0; fold < o->cv; fold++) {
		size_t from = a.n;
		for (size_t i = 0; i < nex; i++)
			use[i] = fold_of[i] != fold;
		train(ex, nex, use, o, &c);
		for (size_t i = 0; i < nex; i++) {
			struct coded_reply r;
			if (use[i])
				continue;
			code_example(&c, &ex[i], &r);
			agreement_add(&a, &ex[i], &r);
		}
		printf("cv fold %d: %zu utterances, kappa4 %.3f\n", fold + 1, a.n - from,
		       kappa(a.gold_main + from, a.pred_main + from, a.n - from, 4));
		fflush(stdout);
	}
	printf("cv %d-fold by transcript: %zu utterances in %zu transcripts\n", o->cv, a.n, ntid);
	printf("cv fine: kappa %.3f accuracy %.3f\n", kappa(a.gold_fine, a.pred_fine, a.n, 6),
	       accuracy(a.gold_fine, a.pred_fine, a.n));
	printf("cv refl: kappa %.3f accuracy %.3f\n", kappa(a.gold_r, a.pred_r, a.n, 2), accuracy(a.gold_r, a.pred_r, a.n));
	printf("cv ques: kappa %.3f accuracy %.3f\n", kappa(a.gold_q, a.pred_q, a.n, 2), accuracy(a.gold_q, a.pred_q, a.n));
	{
		size_t conf[4][4] = {{0}};
		for (size_t i = 0; i < a.n; i++)
			conf[a.gold_main[i]][a.pred_main[i]]++;
		printf("cv confusion (rows: experts; columns: coder) R Q I O\n");
		for (int g = 0; g < 4; g++)
			printf("cv   %-15s %5zu %5zu %5zu %5zu\n", main_names[g], conf[g][0], conf[g][1], conf[g][2], conf[g][3]);
	}
	printf("cv kappa4: %.3f accuracy %.3f\n", kappa(a.gold_main, a.pred_main, a.n, 4),
	       accuracy(a.gold_main, a.pred_main, a.n));
	free(c.weights);
	free(use);
	free(fold_of);
	free(a.gold_main);
	free(a.pred_main);
	free(a.gold_fine);
	free(a.pred_fine);
	free(a.gold_r);
	free(a.pred_r);
	free(a.gold_q);
	free(a.pred_q);
}

static void usage(void)
{
	fprintf(stderr, "usage: train-coder [--cv K] [--bits B] [--iters N] [--l2 X] [--lr X] DEV.CSV OUT.MODEL\n");
	exit(64);
}

int main(int argc, char **argv)
{
	struct options o = { .cv = 0, .bits = 16, .iters = 400, .l2 = 5e-3, .lr = 0.05 };
	const char *csv_path = NULL, *out_path = NULL;
	char *buf, **hdr;
	const char *p, *end;
	size_t len, nhdr, nrows = 0, arows = 0, nex = 0;
	struct row *rows = NULL;
	struct example *ex;
	int c_tid, c_uid, c_who, c_text, c_main, c_rs, c_qs, c_ts, c_re, c_qe;
	struct coder model = {0};
	struct error err = {0};

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--cv") && i + 1 < argc)
			o.cv = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--bits") && i + 1 < argc)
			o.bits = (unsigned)atoi(argv[++i]);
		else if (!strcmp(argv[i], "--iters") && i + 1 < argc)
			o.iters = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--l2") && i + 1 < argc)
			o.l2 = atof(argv[++i]);
		else if (!strcmp(argv[i], "--lr") && i + 1 < argc)
			o.lr = atof(argv[++i]);
		else if (argv[i][0] == '-' && argv[i][1])
			usage();
		else if (!csv_path)
			csv_path = argv[i];
		else if (!out_path)
			out_path = argv[i];
		else
			usage();
	}
	if (!csv_path || (!out_path && !o.cv) || o.bits < 8 || o.bits > 22 || o.cv == 1 || o.cv < 0)
		usage();

	buf = read_file(csv_path, &len);
	p = buf;
	end = buf + len;
	nhdr = csv_record(&p, end, &hdr);
	c_tid = column(hdr, nhdr, "transcript_id");
	c_uid = column(hdr, nhdr, "utterance_id");
	c_who = column(hdr, nhdr, "interlocutor");
	c_text = column(hdr, nhdr, "utterance_text");
	c_main = column(hdr, nhdr, "main_therapist_behaviour");
	c_rs = column(hdr, nhdr, "reflection_subtype");
	c_qs = column(hdr, nhdr, "question_subtype");
	c_ts = column(hdr, nhdr, "therapist_input_subtype");
	c_re = column(hdr, nhdr, "reflection_exists");
	c_qe = column(hdr, nhdr, "question_exists");
	while (p < end) {
		char **f;
		size_t n = csv_record(&p, end, &f);
		if (n < nhdr) {
			for (size_t i = 0; i < n; i++)
				free(f[i]);
			free(f);
			continue;
		}
		if (nrows == arows) {
			arows = arows ? 2 * arows : 1024;
			rows = xrealloc(rows, arows * sizeof *rows);
		}
		rows[nrows] = (struct row){
			.tid = atoi(f[c_tid]), .uid = atoi(f[c_uid]), .order = nrows, .therapist = !strcmp(f[c_who], "therapist"),
			.text = squash(f[c_text]), .main = xstrdup(f[c_main]), .refl_sub = xstrdup(f[c_rs]),
			.ques_sub = xstrdup(f[c_qs]), .ti_sub = xstrdup(f[c_ts]), .refl_exists = xstrdup(f[c_re]),
			.ques_exists = xstrdup(f[c_qe]),
		};
		nrows++;
		for (size_t i = 0; i < n; i++)
			free(f[i]);
		free(f);
	}
	for (size_t i = 0; i < nhdr; i++)
		free(hdr[i]);
	free(hdr);
	free(buf);
	/* By transcript, then utterance, then file order (annotators of one utterance stay together). */
	qsort(rows, nrows, sizeof *rows, row_cmp);

	ex = xcalloc(nrows, sizeof *ex);
	{
		const char *client = NULL, *prac = NULL;
		int cur_tid = -1;
		for (size_t i = 0; i < nrows;) {
			size_t j = i, k;
			struct example *e;
			if (rows[i].tid != cur_tid) {
				cur_tid = rows[i].tid;
				client = prac = NULL;
			}
			while (j < nrows && rows[j].tid == rows[i].tid && rows[j].uid == rows[i].uid)
				j++;
			if (!rows[i].text[0]) {
				i = j;
				continue;
			}
			if (!rows[i].therapist) {
				client = rows[i].text;
				i = j;
				continue;
			}
			e = &ex[nex++];
			e->tid = rows[i].tid;
			e->reply = rows[i].text;
			e->client_last = (char *)client;
			e->practitioner_last = (char *)prac;
			{
				double cnt[MAIN_CLASSES] = {0}, best = -1.0;
				double nc = 0, cc = 0, no = 0, oc = 0, nt = 0, tc[TI_CLASSES] = {0}, hr = 0, hq = 0;
				double kk = (double)(j - i);
				for (k = i; k < j; k++) {
					int m = name_index(main_names, MAIN_CLASSES, rows[k].main);
					int t = name_index(ti_names, TI_CLASSES, rows[k].ti_sub);
					if (m >= 0)
						cnt[m] += 1.0;
					if (!strcmp(rows[k].refl_sub, "simple") || !strcmp(rows[k].refl_sub, "complex")) {
						nc++;
						cc += !strcmp(rows[k].refl_sub, "complex");
					}
					if (!strcmp(rows[k].ques_sub, "open") || !strcmp(rows[k].ques_sub, "closed")) {
						no++;
						oc += !strcmp(rows[k].ques_sub, "open");
					}
					if (t >= 0) {
						nt++;
						tc[t] += 1.0;
					}
					hr += !strcmp(rows[k].refl_exists, "True");
					hq += !strcmp(rows[k].ques_exists, "True");
				}
				/* majority as annomi-eval takes it: the most common label, first seen on ties */
				for (k = i; k < j; k++) {
					int m = name_index(main_names, MAIN_CLASSES, rows[k].main);
					if (m >= 0 && cnt[m] > best) {
						best = cnt[m];
						e->main_majority = m;
					}
				}
				for (int m = 0; m < MAIN_CLASSES; m++)
					e->main[m] = (float)(cnt[m] / kk);
				e->complex_w = nc > 0 ? 1.0f : 0.0f;
				e->complex = nc > 0 ? (float)(cc / nc) : 0.0f;
				e->open_w = no > 0 ? 1.0f : 0.0f;
				e->open = no > 0 ? (float)(oc / no) : 0.0f;
				e->ti_w = nt > 0 ? 1.0f : 0.0f;
				for (int t = 0; t < TI_CLASSES; t++)
					e->ti[t] = nt > 0 ? (float)(tc[t] / nt) : 0.0f;
				e->has_refl = (float)(hr / kk);
				e->has_ques = (float)(hq / kk);
			}
			{
				static struct reply_view v;
				static struct feature_set fs;
				struct coder_context ctx = { .client_last = e->client_last,
							     .practitioner_last = e->practitioner_last };
				reply_view_read(&v, e->reply);
				coder_features(&v, &ctx, o.bits, &fs);
				e->nfeat = fs.n;
				e->idx = xmalloc((fs.n ? fs.n : 1) * sizeof *e->idx);
				e->val = xmalloc((fs.n ? fs.n : 1) * sizeof *e->val);
				memcpy(e->idx, fs.idx, fs.n * sizeof *e->idx);
				memcpy(e->val, fs.val, fs.n * sizeof *e->val);
			}
			prac = rows[i].text;
			i = j;
		}
	}
	fprintf(stderr, "train-coder: %zu rows, %zu therapist utterances\n", nrows, nex);

	if (o.cv)
		cross_validate(ex, nex, &o);
	if (out_path) {
		bool *use = xmalloc(nex * sizeof *use);
		for (size_t i = 0; i < nex; i++)
			use[i] = true;
		train(ex, nex, use, &o, &model);
		free(use);
		if (coder_model_save(&model, out_path, &err)) {
			fprintf(stderr, "train-coder: %s\n", err.msg);
			return err.status;
		}
		fprintf(stderr, "train-coder: wrote %s (%u bits, checksum %016llx)\n", out_path, model.bits,
			(unsigned long long)coder_model_checksum(&model));
		free(model.weights);
	}
	for (size_t i = 0; i < nex; i++) {
		free(ex[i].idx);
		free(ex[i].val);
	}
	free(ex);
	for (size_t i = 0; i < nrows; i++) {
		free(rows[i].text);
		free(rows[i].main);
		free(rows[i].refl_sub);
		free(rows[i].ques_sub);
		free(rows[i].ti_sub);
		free(rows[i].refl_exists);
		free(rows[i].ques_exists);
	}
	free(rows);
	text_cleanup();
	return 0;
}
