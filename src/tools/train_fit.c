/* train_fit.c: fitting the model: L2-regularised logistic regressions
 * (softmax groups for the main class, the experts' main class, the
 * therapist-input subtype and the primary code, and sigmoids for the rest) over the hashed features, by full-batch Adam.
 * Each output's gradient is averaged over the examples that label it, so
 * the outputs learned from the corpus alone are not drowned by AnnoMI's
 * larger count. Deterministic. */
#include "train.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/util.h"

static double sigmoid(double x)
{
	return 1.0 / (1.0 + exp(-x));
}

/* The L2 penalty of weight j (after the biases): the outputs learned from
 * the corpus alone (OUT_CORPUS_FIRST on) may have their own, lighter one,
 * so that they fit the practice replies without loosening the outputs
 * AnnoMI's experts teach; the experts' main class, learned from AnnoMI's
 * clean lines alone, may have its own too. The hidden layers' weights
 * (after the linear layer's) take l2. */
static double l2_of(const struct options *o, size_t buckets, size_t j)
{
	int k = (int)((j - OUT_COUNT) % OUT_COUNT);

	if (j >= OUT_COUNT + buckets * OUT_COUNT)
		return o->l2; /* the hidden layers' */
	if (o->l2_expert >= 0.0 && k >= OUT_EXPERT_REFLECTION && k <= OUT_EXPERT_OTHER)
		return o->l2_expert;
	if (o->l2_corpus >= 0.0 && k >= OUT_CORPUS_FIRST)
		return o->l2_corpus;
	return o->l2;
}

/* d = softmax(z[from..from+n)) - target, times the group's weight. */
static void softmax_grad(const double *z, const struct example *e, double w, int from, int n, double *d)
{
	double mx = z[from], s = 0.0;

	for (int k = 1; k < n; k++)
		mx = z[from + k] > mx ? z[from + k] : mx;
	for (int k = 0; k < n; k++)
		s += exp(z[from + k] - mx);
	for (int k = 0; k < n; k++)
		d[from + k] = w * e->weight[from] * (exp(z[from + k] - mx) / s - e->target[from + k]);
}

/* The output whose weight a softmax group uses. */
static int group_first(int k)
{
	if (k >= OUT_REFLECTION && k <= OUT_OTHER)
		return OUT_REFLECTION;
	if (k >= OUT_EXPERT_REFLECTION && k <= OUT_EXPERT_OTHER)
		return OUT_EXPERT_REFLECTION;
	if (k >= OUT_INFO && k <= OUT_OPTIONS)
		return OUT_INFO;
	return k >= OUT_PRIMARY ? OUT_PRIMARY : k;
}

static double example_weight(const struct example *e, const struct options *o)
{
	return e->copy ? o->copy_weight : e->src == SRC_CORPUS ? o->corpus_weight : e->src == SRC_NOISY ? o->noise_weight : 1.0;
}

/* AnnoMI's label sets for the primary softmax: the loss is
 * -sum_s mass_s log P(s), P(s) the probability of the set's codes, so
 * d_k = a (p_k - p_k sum_{s holds k} mass_s / P(s)). */
static void pset_grad(const double *z, const struct example *e, double a, double *d)
{
	double p[CODE_COUNT], mx = z[OUT_PRIMARY], s = 0.0, share[CODE_COUNT] = {0};

	for (int k = 1; k < CODE_COUNT; k++)
		mx = z[OUT_PRIMARY + k] > mx ? z[OUT_PRIMARY + k] : mx;
	for (int k = 0; k < CODE_COUNT; k++)
		s += p[k] = exp(z[OUT_PRIMARY + k] - mx);
	for (int k = 0; k < CODE_COUNT; k++)
		p[k] /= s;
	for (int j = 0; j < e->npset; j++) {
		double ps = 0.0;
		for (int k = 0; k < CODE_COUNT; k++)
			ps += (e->pset_mask[j] & CODE_BIT(k)) ? p[k] : 0.0;
		for (int k = 0; k < CODE_COUNT; k++)
			if (e->pset_mask[j] & CODE_BIT(k))
				share[k] += e->pset_mass[j] / (ps > 1e-12 ? ps : 1e-12);
	}
	for (int k = 0; k < CODE_COUNT; k++)
		d[OUT_PRIMARY + k] = a * (p[k] - p[k] * share[k]);
}

/* How much an example labels output k's group. */
static double label_weight(const struct example *e, int k, const struct options *o)
{
	if (group_first(k) == OUT_PRIMARY && e->src != SRC_CORPUS)
		return e->npset ? o->annomi_primary : 0.0;
	if (group_first(k) == OUT_REFLECTION && e->src == SRC_CORPUS)
		return e->weight[OUT_REFLECTION] * o->corpus_main;
	if (group_first(k) == OUT_EXPERT_REFLECTION && e->src == SRC_NOISY)
		return e->weight[OUT_EXPERT_REFLECTION] * o->expert_noise;
	return e->weight[group_first(k)];
}

/* The gradient of one example's loss at its logits z into d. */
static void example_grad(const struct example *e, const double *z, double w, const struct options *o, double *d)
{
	softmax_grad(z, e, e->src == SRC_CORPUS ? w * o->corpus_main : w, OUT_REFLECTION, 4, d);
	softmax_grad(z, e, e->src == SRC_NOISY ? w * o->expert_noise : w, OUT_EXPERT_REFLECTION, 4, d);
	softmax_grad(z, e, w, OUT_INFO, 4, d);
	d[OUT_COMPLEX] = w * e->weight[OUT_COMPLEX] * (sigmoid(z[OUT_COMPLEX]) - e->target[OUT_COMPLEX]);
	d[OUT_OPEN] = w * e->weight[OUT_OPEN] * (sigmoid(z[OUT_OPEN]) - e->target[OUT_OPEN]);
	for (int k = OUT_HAS_REFLECTION; k < OUT_PRIMARY; k++)
		d[k] = w * e->weight[k] * (sigmoid(z[k]) - e->target[k]);
	if (e->src != SRC_CORPUS && o->annomi_primary > 0 && e->npset)
		pset_grad(z, e, w * o->annomi_primary, d);
	else
		softmax_grad(z, e, w, OUT_PRIMARY, CODE_COUNT, d);
}

/* A small deterministic generator for the hidden layer's first weights. */
static double init_rand(uint64_t *state)
{
	*state = *state * 6364136223846793005ull + 1442695040888963407ull;
	return (double)(*state >> 11) / 9007199254740992.0 - 0.5;
}

void fit(const struct dataset *d, const bool *use, const struct options *o, struct coder *model)
{
	size_t buckets = (size_t)1 << o->bits, H = (size_t)o->hidden;
	/* all parameters in one vector, as the model file lays them out:
	 * bias[K], w0[B*K], then b1[H], w1[B*H], w2[H*K] */
	size_t nw = OUT_COUNT + coder_weight_count(o->bits, o->hidden);
	double *w = xcalloc(nw, sizeof *w), *g = xcalloc(nw, sizeof *g);
	double *m = xcalloc(nw, sizeof *m), *v = xcalloc(nw, sizeof *v);
	double *b = w, *w0 = w + OUT_COUNT, *b1 = w0 + buckets * OUT_COUNT, *w1 = b1 + H, *w2 = w1 + buckets * H;
	double *gb = g, *g0 = g + OUT_COUNT, *gb1 = g0 + buckets * OUT_COUNT, *g1 = gb1 + H, *g2 = g1 + buckets * H;
	double total[OUT_COUNT] = {0};
	const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
	uint64_t seed = 0x5eedu;

	for (size_t j = 0; j < H; j++)
		b1[j] = 0.01;
	for (size_t j = 0; j < buckets * H; j++)
		w1[j] = 0.1 * init_rand(&seed);
	for (size_t j = 0; j < H * OUT_COUNT; j++)
		w2[j] = 0.1 * init_rand(&seed);
	for (size_t i = 0; i < d->n; i++)
		if (use[i])
			for (int k = 0; k < OUT_COUNT; k++)
				total[k] += example_weight(&d->ex[i], o) * label_weight(&d->ex[i], k, o);
	for (int k = 0; k < OUT_COUNT; k++)
		total[k] = total[k] > 0 ? total[k] : 1.0;
	for (int it = 1; it <= o->iters; it++) {
		double b1t = 1.0 - pow(beta1, it), b2t = 1.0 - pow(beta2, it);
		memset(g, 0, nw * sizeof *g);
		for (size_t i = 0; i < d->n; i++) {
			const struct example *e = &d->ex[i];
			double z[OUT_COUNT], dz[OUT_COUNT], h[CODER_MAX_HIDDEN], dh[CODER_MAX_HIDDEN];
			if (!use[i])
				continue;
			for (int k = 0; k < OUT_COUNT; k++)
				z[k] = b[k];
			for (size_t f = 0; f < e->nfeat; f++) {
				const double *wf = w0 + (size_t)e->idx[f] * OUT_COUNT;
				for (int k = 0; k < OUT_COUNT; k++)
					z[k] += wf[k] * e->val[f];
			}
			if (H) {
				for (size_t j = 0; j < H; j++)
					h[j] = b1[j];
				for (size_t f = 0; f < e->nfeat; f++) {
					const double *wf = w1 + (size_t)e->idx[f] * H;
					for (size_t j = 0; j < H; j++)
						h[j] += wf[j] * e->val[f];
				}
				for (size_t j = 0; j < H; j++) {
					if (h[j] <= 0.0)
						continue;
					for (int k = 0; k < OUT_COUNT; k++)
						z[k] += w2[j * OUT_COUNT + k] * h[j];
				}
			}
			example_grad(e, z, example_weight(e, o), o, dz);
			for (int k = 0; k < OUT_COUNT; k++) {
				dz[k] /= total[k];
				gb[k] += dz[k];
			}
			for (size_t f = 0; f < e->nfeat; f++) {
				double *gf = g0 + (size_t)e->idx[f] * OUT_COUNT;
				for (int k = 0; k < OUT_COUNT; k++)
					gf[k] += dz[k] * e->val[f];
			}
			if (!H)
				continue;
			for (size_t j = 0; j < H; j++) {
				dh[j] = 0.0;
				if (h[j] <= 0.0)
					continue;
				for (int k = 0; k < OUT_COUNT; k++) {
					g2[j * OUT_COUNT + k] += dz[k] * h[j];
					dh[j] += dz[k] * w2[j * OUT_COUNT + k];
				}
				gb1[j] += dh[j];
			}
			for (size_t f = 0; f < e->nfeat; f++) {
				double *gf = g1 + (size_t)e->idx[f] * H;
				for (size_t j = 0; j < H; j++)
					gf[j] += dh[j] * e->val[f];
			}
		}
		for (size_t j = 0; j < nw; j++) {
			double gj = g[j] + (j >= OUT_COUNT ? l2_of(o, buckets, j) * w[j] : 0.0);
			if (gj == 0.0 && m[j] == 0.0)
				continue; /* a bucket no example uses stays at zero */
			m[j] = beta1 * m[j] + (1.0 - beta1) * gj;
			v[j] = beta2 * v[j] + (1.0 - beta2) * gj * gj;
			w[j] -= o->lr * (m[j] / b1t) / (sqrt(v[j] / b2t) + eps);
		}
	}
	model->bits = o->bits;
	model->hidden = o->hidden;
	for (int k = 0; k < OUT_COUNT; k++)
		model->bias[k] = (float)b[k];
	free(model->weights);
	model->weights = xmalloc((nw - OUT_COUNT) * sizeof *model->weights);
	for (size_t j = OUT_COUNT; j < nw; j++)
		model->weights[j - OUT_COUNT] = (float)w[j];
	free(w);
	free(g);
	free(m);
	free(v);
}

/* Fit k models, model[f] on the examples with use[f * d->n + i], up to
 * TRAIN_JOBS (default 2) at a time in child processes: each fit is
 * deterministic, so the models are the same as fitted one after another.
 * A child writes its weights into memory shared with this process. */
void fit_many(const struct dataset *d, const bool *use, int k, const struct options *o, struct coder *model)
{
	size_t nw = OUT_COUNT + coder_weight_count(o->bits, o->hidden), size = nw * sizeof(float);
	const char *env = getenv("TRAIN_JOBS");
	int jobs = env ? atoi(env) : 2, running = 0, next = 0, done = 0;
	float *shared;

	if (jobs < 1)
		jobs = 1;
	if (k == 1 || jobs == 1) {
		for (int f = 0; f < k; f++)
			fit(d, use + (size_t)f * d->n, o, &model[f]);
		return;
	}
	shared = mmap(NULL, size * (size_t)k, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		die("train-coder: cannot map %zu bytes for the folds' weights", size * (size_t)k);
	while (done < k) {
		int status;
		pid_t p;
		if (next < k && running < jobs) {
			fflush(NULL);
			p = fork();
			if (p < 0)
				die("train-coder: cannot fork a fold's fit");
			if (p == 0) {
				float *out = shared + (size_t)next * nw;
				fit(d, use + (size_t)next * d->n, o, &model[next]);
				memcpy(out, model[next].bias, OUT_COUNT * sizeof(float));
				memcpy(out + OUT_COUNT, model[next].weights, (nw - OUT_COUNT) * sizeof(float));
				_exit(0);
			}
			next++;
			running++;
			continue;
		}
		p = wait(&status);
		if (p < 0)
			die("train-coder: lost a fold's fit");
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			die("train-coder: a fold's fit failed");
		running--;
		done++;
	}
	for (int f = 0; f < k; f++) {
		const float *in = shared + (size_t)f * nw;
		model[f].bits = o->bits;
		model[f].hidden = o->hidden;
		memcpy(model[f].bias, in, OUT_COUNT * sizeof(float));
		free(model[f].weights);
		model[f].weights = xmalloc((nw - OUT_COUNT) * sizeof *model[f].weights);
		memcpy(model[f].weights, in + OUT_COUNT, (nw - OUT_COUNT) * sizeof(float));
	}
	munmap(shared, size * (size_t)k);
}
