/* train_data.c: the training examples (see train.h). */
#include "train.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "core/diag.h"
#include "core/util.h"
#include "io/file.h"

/* What the client-asked detector says of e's client line, as practice sets
 * it (core/context.c). */
static void example_asked(struct example *e)
{
	struct coder_context ctx = { 0 };

	context_asked(&ctx, e->client_last);
	e->client_asked = ctx.client_asked;
	e->client_asked_fact_only = ctx.client_asked_fact_only;
}

/* ---- AnnoMI (AnnoMI-full CSV) ---- */

struct row {
	int tid, uid;
	size_t order;    /* position in the CSV: keeps annotators in file order */
	bool therapist;
	char *text;
	char *main, *refl_sub, *ques_sub, *ti_sub, *refl_exists, *ques_exists;
};

static char *read_whole(const char *path, size_t *len)
{
	struct error err = {0};
	char *buf;

	if (file_read_capped(path, (size_t)1 << 30, "training data", &buf, len, &err)) {
		fprintf(stderr, "train-coder: %s\n", err.msg);
		exit(err.status);
	}
	return buf;
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

static void free_fields(char **f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(f[i]);
	free(f);
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

enum { MAIN_CLASSES = 4, TI_CLASSES = 4 };
static const char *const main_names[MAIN_CLASSES] = { "reflection", "question", "therapist_input", "other" };
static const char *const ti_names[TI_CLASSES] = { "information", "advice", "negotiation", "options" };

static int name_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

static struct example *new_example(struct dataset *d)
{
	if (d->n == d->alloc) {
		d->alloc = d->alloc ? 2 * d->alloc : 4096;
		d->ex = xrealloc(d->ex, d->alloc * sizeof *d->ex);
	}
	memset(&d->ex[d->n], 0, sizeof d->ex[0]);
	d->ex[d->n].tid = d->ex[d->n].group = d->ex[d->n].context = -1;
	return &d->ex[d->n++];
}

static void set(struct example *e, int out, double target, double weight)
{
	e->target[out] = (float)target;
	e->weight[out] = (float)weight;
}

static void pset_add(struct example *e, unsigned mask, double mass)
{
	if (mass > 0.0 && e->npset < 8) {
		e->pset_mask[e->npset] = mask;
		e->pset_mass[e->npset++] = (float)mass;
	}
}

/* AnnoMI's classes as sets of primary codes (see struct example): a
 * reflection's and a question's subtype name their code; therapist input
 * is information (GI), advice or options (PERS or PWP: whether leave was
 * given is not coded) or negotiation (any input code); "other" is any of
 * AF, SEEK, AUTO and OTHER. */
static void annomi_primary_sets(struct example *e, double r, double q, double t, double other,
				const double *tc, double nt)
{
	unsigned persuade = CODE_BIT(CODE_PERS) | CODE_BIT(CODE_PWP);
	unsigned input = CODE_BIT(CODE_GI) | persuade | CODE_BIT(CODE_CONF);
	double c = e->weight[OUT_COMPLEX] > 0 ? e->target[OUT_COMPLEX] : 0.5;
	double op = e->weight[OUT_OPEN] > 0 ? e->target[OUT_OPEN] : 0.5;

	e->npset = 0;
	pset_add(e, CODE_BIT(CODE_SR), r * (1.0 - c));
	pset_add(e, CODE_BIT(CODE_CR), r * c);
	pset_add(e, CODE_BIT(CODE_OQ), q * op);
	pset_add(e, CODE_BIT(CODE_CQ), q * (1.0 - op));
	if (nt > 0) {
		pset_add(e, CODE_BIT(CODE_GI), t * tc[0] / nt);
		pset_add(e, persuade, t * (tc[1] + tc[3]) / nt);
		pset_add(e, input, t * tc[2] / nt);
	} else
		pset_add(e, input, t);
	pset_add(e, CODE_BIT(CODE_AF) | CODE_BIT(CODE_SEEK) | CODE_BIT(CODE_AUTO) | CODE_BIT(CODE_OTHER), other);
}

/* The targets of the annotations rows[i..j) of one utterance: soft labels,
 * each annotation weighing 1/k. */
static void annomi_targets(struct example *e, const struct row *rows, size_t i, size_t j)
{
	double cnt[MAIN_CLASSES] = {0}, best = -1.0, kk = (double)(j - i);
	double nc = 0, cc = 0, no = 0, oc = 0, nt = 0, tc[TI_CLASSES] = {0}, hr = 0, hq = 0;

	for (size_t k = i; k < j; k++) {
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
	for (size_t k = i; k < j; k++) {
		int m = name_index(main_names, MAIN_CLASSES, rows[k].main);
		if (m >= 0 && cnt[m] > best) {
			best = cnt[m];
			e->main_majority = m;
		}
	}
	for (int m = 0; m < MAIN_CLASSES; m++) {
		set(e, OUT_REFLECTION + m, cnt[m] / kk, 1.0);
		set(e, OUT_EXPERT_REFLECTION + m, cnt[m] / kk, 1.0);
	}
	set(e, OUT_PRACTICE, 0.0, 1.0);
	set(e, OUT_COMPLEX, nc > 0 ? cc / nc : 0.0, nc > 0);
	set(e, OUT_OPEN, no > 0 ? oc / no : 0.0, no > 0);
	for (int t = 0; t < TI_CLASSES; t++)
		set(e, OUT_INFO + t, nt > 0 ? tc[t] / nt : 0.0, nt > 0);
	set(e, OUT_HAS_REFLECTION, hr / kk, 1.0);
	set(e, OUT_HAS_QUESTION, hq / kk, 1.0);
	annomi_primary_sets(e, cnt[0] / kk, cnt[1] / kk, cnt[2] / kk, cnt[3] / kk, tc, nt);
	e->fine = e->main_majority == 0 ? (e->target[OUT_COMPLEX] > 0.5f ? 1 : 0)
		: e->main_majority == 1 ? (e->target[OUT_OPEN] > 0.5f ? 2 : 3) : e->main_majority + 2;
}

/* ---- typing noise ---- */

static uint64_t noise_state;

static unsigned noise_rand(unsigned n)
{
	noise_state = noise_state * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned)((noise_state >> 33) % n);
}

/* text as people type it in a practice box: lower case; most question
 * marks, apostrophes and commas dropped; a typo in about one word in
 * twenty-five (two letters swapped, one dropped or doubled). Deterministic:
 * the same text and seed give the same noise. */
static char *add_noise(const char *text, uint64_t seed)
{
	struct strbuf sb = {0};
	size_t word = 0;

	noise_state = seed * 2654435761u + 1;
	for (const char *p = text; *p; p++) {
		char c = *p;
		bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c == '?' && noise_rand(10) < 8) || (c == '\'' && noise_rand(10) < 8) ||
		    (c == ',' && noise_rand(2)) || (c == '.' && !p[1] && noise_rand(2)))
			continue;
		if (letter && word >= 2 && p[1] >= 'a' && p[1] <= 'z' && noise_rand(100) < 2) {
			switch (noise_rand(3)) {
			case 0: /* swap with the next letter */
				strbuf_add(&sb, p + 1, 1);
				strbuf_add(&sb, &c, 1);
				p++;
				break;
			case 1: /* drop */
				break;
			default: /* double */
				strbuf_add(&sb, &c, 1);
				strbuf_add(&sb, &c, 1);
			}
			word++;
			continue;
		}
		word = letter ? word + 1 : 0;
		strbuf_add(&sb, &c, 1);
	}
	return strbuf_detach(&sb);
}

void data_read_annomi(struct dataset *d, const char *csv_path, bool noise)
{
	size_t len, nhdr, nrows = 0, arows = 0, first = d->n;
	char *buf = read_whole(csv_path, &len), **hdr;
	const char *p = buf, *end = buf + len, *client = NULL, *prac = NULL;
	struct row *rows = NULL;
	int c_tid, c_uid, c_who, c_text, c_main, c_rs, c_qs, c_ts, c_re, c_qe, cur_tid = -1;

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
			free_fields(f, n);
			continue;
		}
		if (nrows == arows) {
			arows = arows ? 2 * arows : 1024;
			rows = xrealloc(rows, arows * sizeof *rows);
		}
		rows[nrows] = (struct row){
			.tid = atoi(f[c_tid]), .uid = atoi(f[c_uid]), .order = nrows,
			.therapist = !strcmp(f[c_who], "therapist"), .text = squash(f[c_text]),
			.main = xstrdup(f[c_main]), .refl_sub = xstrdup(f[c_rs]), .ques_sub = xstrdup(f[c_qs]),
			.ti_sub = xstrdup(f[c_ts]), .refl_exists = xstrdup(f[c_re]), .ques_exists = xstrdup(f[c_qe]),
		};
		nrows++;
		free_fields(f, n);
	}
	free_fields(hdr, nhdr);
	free(buf);
	/* By transcript, then utterance, then file order (annotators of one utterance stay together). */
	qsort(rows, nrows, sizeof *rows, row_cmp);
	for (size_t i = 0; i < nrows;) {
		size_t j = i;
		struct example *e;
		if (rows[i].tid != cur_tid) {
			cur_tid = rows[i].tid;
			client = prac = NULL;
		}
		while (j < nrows && rows[j].tid == rows[i].tid && rows[j].uid == rows[i].uid)
			j++;
		if (rows[i].text[0] && !rows[i].therapist)
			client = rows[i].text;
		if (rows[i].text[0] && rows[i].therapist) {
			e = new_example(d);
			e->src = SRC_ANNOMI;
			e->tid = rows[i].tid;
			e->reply = xstrdup(rows[i].text);
			e->client_last = client ? xstrdup(client) : NULL;
			example_asked(e);
			e->practitioner_last = prac ? xstrdup(prac) : NULL;
			annomi_targets(e, rows, i, j);
			prac = rows[i].text;
		}
		i = j;
	}
	if (noise) {
		size_t last = d->n;
		for (size_t i = first; i < last; i++) {
			struct example *e = new_example(d), *o = &d->ex[i];
			*e = *o;
			e->src = SRC_NOISY;
			e->reply = add_noise(o->reply, i);
			e->client_last = o->client_last ? xstrdup(o->client_last) : NULL;
			e->practitioner_last = o->practitioner_last ? add_noise(o->practitioner_last, i + 7) : NULL;
		}
	}
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
}

/* ---- the practice corpus ---- */

static int main_class_of_code(enum mi_code c)
{
	switch (c) {
	case CODE_SR: case CODE_CR: return OUT_REFLECTION;
	case CODE_OQ: case CODE_CQ: return OUT_QUESTION;
	case CODE_GI: case CODE_PERS: case CODE_PWP: case CODE_CONF: return OUT_INPUT;
	default: return OUT_OTHER;
	}
}

static void corpus_targets(struct example *e, const struct corpus_item *it, double w)
{
	unsigned c = it->codes;
	bool refl = c & (CODE_BIT(CODE_SR) | CODE_BIT(CODE_CR)), ques = c & (CODE_BIT(CODE_OQ) | CODE_BIT(CODE_CQ));

	for (int m = 0; m < 4; m++)
		set(e, OUT_REFLECTION + m, main_class_of_code(it->primary) == OUT_REFLECTION + m, w);
	set(e, OUT_COMPLEX, (c & CODE_BIT(CODE_CR)) != 0, refl ? w : 0.0);
	set(e, OUT_OPEN, (c & CODE_BIT(CODE_OQ)) != 0, ques ? w : 0.0);
	if (c & (CODE_BIT(CODE_GI) | CODE_BIT(CODE_PERS) | CODE_BIT(CODE_PWP))) {
		bool advice = c & (CODE_BIT(CODE_PERS) | CODE_BIT(CODE_PWP));
		set(e, OUT_INFO, !advice, w);
		set(e, OUT_ADVICE, advice, w);
		set(e, OUT_NEGOTIATION, 0, w);
		set(e, OUT_OPTIONS, 0, w);
	}
	set(e, OUT_HAS_REFLECTION, refl, w);
	set(e, OUT_HAS_QUESTION, ques, w);
	set(e, OUT_NONADHERENT, (c & (CODE_BIT(CODE_PERS) | CODE_BIT(CODE_CONF))) != 0, w);
	set(e, OUT_CONFRONT, (c & CODE_BIT(CODE_CONF)) != 0, w);
	set(e, OUT_AFFIRM, (c & CODE_BIT(CODE_AF)) != 0, w);
	set(e, OUT_SEEK, (c & CODE_BIT(CODE_SEEK)) != 0, w);
	set(e, OUT_AUTONOMY, (c & CODE_BIT(CODE_AUTO)) != 0, w);
	set(e, OUT_GIVES_INFO, (c & CODE_BIT(CODE_GI)) != 0, w);
	set(e, OUT_PRACTICE, 1.0, w);
	for (int k = 0; k < CODE_COUNT; k++)
		set(e, OUT_PRIMARY + k, it->primary == (enum mi_code)k, w);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The index of s among the sorted names, adding it. */
static int intern(char ***names, size_t *n, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*names)[i], s))
			return (int)i;
	*names = xrealloc(*names, (*n + 1) * sizeof **names);
	(*names)[*n] = xstrdup(s);
	return (int)(*n)++;
}

void data_read_corpus(struct dataset *d, const char *dir, bool noise)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	char **files = NULL, **groups = NULL, **contexts = NULL;
	size_t nfiles = 0;
	struct diag_list dl = {0};

	if (!dh) {
		fprintf(stderr, "train-coder: %s: %s\n", dir, strerror(errno));
		exit(66);
	}
	while ((de = readdir(dh)))
		if (strlen(de->d_name) > 4 && !strcmp(de->d_name + strlen(de->d_name) - 4, ".tsv")) {
			files = xrealloc(files, (nfiles + 1) * sizeof *files);
			files[nfiles++] = xasprintf("%s/%s", dir, de->d_name);
		}
	closedir(dh);
	/* In name order, so the same files give the same model. */
	qsort(files, nfiles, sizeof *files, name_cmp);
	for (size_t f = 0; f < nfiles; f++) {
		size_t len;
		char *buf = read_whole(files[f], &len);
		corpus_parse(&d->corpus, buf, len, files[f], &dl);
		free(buf);
	}
	for (size_t i = 0; i < dl.n; i++)
		fprintf(stderr, "%s:%d: %s\n", dl.items[i].file, dl.items[i].line, dl.items[i].message);
	for (size_t i = 0; i < d->corpus.n; i++) {
		const struct corpus_item *it = &d->corpus.items[i];
		struct example *e = new_example(d);
		e->src = SRC_CORPUS;
		e->item = it;
		e->holdout = it->holdout;
		e->group = intern(&groups, &d->ngroups, it->group);
		e->context = intern(&contexts, &d->ncontexts, it->context);
		e->reply = xstrdup(it->reply);
		e->client_last = xstrdup(it->client);
		/* What micoach itself knows: the client-asked detector, never the
		 * face (a label). From the face, "the client asked" came only with
		 * answers (PWP, GI), and the model learned that after a question
		 * nothing argues or confronts. */
		example_asked(e);
		corpus_targets(e, it, 1.0);
		/* The same reply as people type it (add_noise()), where that
		 * changes it: the model learns the words, not their punctuation.
		 * Tune items only, each copy in its item's group, so it is never
		 * on the other side of a fold; never scored, never in the
		 * vocabulary, and not taught to the gate. */
		if (noise && !it->holdout) {
			char *noisy = add_noise(it->reply, i + 100003);
			if (strcmp(noisy, it->reply)) {
				int group = e->group, context = e->context;
				struct example *c = new_example(d); /* may move e */
				c->src = SRC_CORPUS;
				c->copy = true;
				c->item = it;
				c->group = group;
				c->context = context;
				c->reply = noisy;
				c->client_last = xstrdup(it->client);
				example_asked(c);
				corpus_targets(c, it, 1.0);
				/* The gate learns from the replies as written: the
				 * copies' typing would teach it that AnnoMI's
				 * noisy lines are practice (kappa4 0.671). */
				c->weight[OUT_PRACTICE] = 0.0f;
			} else
				free(noisy);
		}
	}
	for (size_t i = 0; i < d->ngroups; i++)
		free(groups[i]);
	for (size_t i = 0; i < d->ncontexts; i++)
		free(contexts[i]);
	for (size_t i = 0; i < nfiles; i++)
		free(files[i]);
	free(groups);
	free(contexts);
	free(files);
	diag_list_release(&dl);
}

/* ---- features ---- */

struct coder_context data_context(const struct example *e)
{
	struct coder_context ctx = { .client_last = e->client_last, .practitioner_last = e->practitioner_last,
				     .client_asked = e->client_asked,
				     .client_asked_fact_only = e->client_asked_fact_only };
	return ctx;
}

void data_features(struct dataset *d, const struct coder *model, unsigned bits)
{
	static struct reply_view v;
	static struct feature_set fs;

	for (size_t i = 0; i < d->n; i++) {
		struct example *e = &d->ex[i];
		struct coder_context ctx = data_context(e);
		reply_view_read(&v, e->reply, model, &ctx);
		coder_features(&v, &ctx, bits, &fs);
		free(e->idx);
		free(e->val);
		e->nfeat = fs.n;
		e->idx = xmalloc((fs.n ? fs.n : 1) * sizeof *e->idx);
		e->val = xmalloc((fs.n ? fs.n : 1) * sizeof *e->val);
		memcpy(e->idx, fs.idx, fs.n * sizeof *e->idx);
		memcpy(e->val, fs.val, fs.n * sizeof *e->val);
	}
}

void data_release(struct dataset *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->ex[i].reply);
		free(d->ex[i].client_last);
		free(d->ex[i].practitioner_last);
		free(d->ex[i].idx);
		free(d->ex[i].val);
	}
	free(d->ex);
	corpus_release(&d->corpus);
}
