/* coder_model.c: the coder's learned linear model: the features of a reply
 * in context, the scores, and the model file's bytes (data/coder.model,
 * written by src/tools/train-coder.c; read and written on disk by
 * io/model_file.c). The format is documented in docs/scoring.md:
 *
 *   micoach-coder-model 1\n
 *   features N\n  rules HEX8\n  bits B\n  outputs K\n  checksum HEX16\n  \n
 *   K float32 biases, then 2^B * K float32 weights, little-endian.
 *
 * The checksum is a 64-bit FNV-1a variant over the payload taken as 64-bit
 * words (fast enough to load in well under 5 ms). */
#include "core/coder_model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* ---- features ---- */

static uint32_t fnv_begin(const char *prefix)
{
	uint32_t h = 2166136261u;
	for (; *prefix; prefix++)
		h = (h ^ (unsigned char)*prefix) * 16777619u;
	return h;
}

static uint32_t fnv_add(uint32_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return (h ^ 0xffu) * 16777619u; /* a separator between parts */
}

static void feat_add(struct feature_set *fs, unsigned bits, uint32_t h, float val)
{
	if (fs->n >= CODER_MAX_FEATURES)
		return;
	/* Final mix so close strings spread over the buckets. */
	h ^= h >> 15;
	h *= 0x2c1b3c6du;
	h ^= h >> 12;
	fs->idx[fs->n] = h & ((1u << bits) - 1u);
	fs->val[fs->n] = val;
	fs->n++;
}

static void feat1(struct feature_set *fs, unsigned bits, const char *prefix, const char *a, float val)
{
	feat_add(fs, bits, fnv_add(fnv_begin(prefix), a), val);
}

static void feat2(struct feature_set *fs, unsigned bits, const char *prefix, const char *a, const char *b, float val)
{
	feat_add(fs, bits, fnv_add(fnv_add(fnv_begin(prefix), a), b), val);
}

static const char *bucket_name(size_t n)
{
	return n == 0 ? "0" : n == 1 ? "1" : n == 2 ? "2" : n <= 4 ? "3-4" : n <= 8 ? "5-8" : n <= 16 ? "9-16"
		: n <= 32 ? "17-32" : n <= 64 ? "33-64" : "65+";
}

/* A feature of another utterance: who ("c" client, "p" practitioner),
 * what ("len", "w0"...) and its value. */
static void featw(struct feature_set *fs, unsigned bits, const char *who, const char *what, const char *a, float val)
{
	feat_add(fs, bits, fnv_add(fnv_add(fnv_begin(who), what), a), val);
}

/* Features of another utterance (client or previous practitioner): its
 * length, whether it asks, how much of the reply echoes it, and how it
 * opens and ends (its first two and last words). */
static void context_features(struct feature_set *fs, unsigned bits, const char *who, const char *text,
			     const struct reply_view *v)
{
	struct token first, second, last;
	size_t n = 0, pos = 0, content = 0, overlap;

	if (!text || !*text) {
		feat1(fs, bits, who, "none", 1.0f);
		return;
	}
	while (text_next_token(text, &pos, &last)) {
		if (n == 0)
			first = last;
		else if (n == 1)
			second = last;
		n++;
	}
	featw(fs, bits, who, "len", bucket_name(n), 1.0f);
	featw(fs, bits, who, "q", strchr(text, '?') ? "1" : "0", 1.0f);
	overlap = coder_overlap(v, text, &content);
	featw(fs, bits, who, "ov", bucket_name(overlap), 1.0f);
	if (content)
		featw(fs, bits, who, "ov", "ratio", (float)overlap / (float)content);
	if (n)
		featw(fs, bits, who, "w0", first.word, 1.0f);
	if (n > 1) {
		feat_add(fs, bits, fnv_add(fnv_add(fnv_add(fnv_begin(who), "w01"), first.word), second.word), 1.0f);
		featw(fs, bits, who, "wl", last.word, 1.0f);
	}
}

void coder_features(const struct reply_view *v, const struct coder_context *ctx, unsigned bits,
		    struct feature_set *fs)
{
	size_t last_sent_first = 0;
	fs->n = 0;
	feat1(fs, bits, "len", bucket_name(v->ntok), 1.0f);
	feat1(fs, bits, "nq", bucket_name(v->questions), 1.0f);
	feat1(fs, bits, "endq", v->ends_question ? "1" : "0", 1.0f);
	feat1(fs, bits, "nsent", bucket_name(v->nsent), 1.0f);
	for (size_t i = 0; i < v->ntok; i++) {
		const char *w = v->tok[i].word;
		if (v->sentence_start[i])
			last_sent_first = i;
		feat1(fs, bits, "w", w, 1.0f);
		/* The same word inside a question is another feature ("you" asks or reflects). */
		if (v->sentence_question[v->sentence_of[i]])
			feat1(fs, bits, "wq", w, 1.0f);
		if (i + 1 < v->ntok)
			feat2(fs, bits, "b", w, v->tok[i + 1].word, 1.0f);
		if (v->clause_start[i]) {
			feat1(fs, bits, v->sentence_question[v->sentence_of[i]] ? "qs" : "ss", w, 1.0f);
			if (i + 1 < v->ntok)
				feat2(fs, bits, v->sentence_question[v->sentence_of[i]] ? "qs2" : "ss2", w,
				      v->tok[i + 1].word, 1.0f);
		}
	}
	if (v->ntok) {
		feat1(fs, bits, "first", v->tok[0].word, 1.0f);
		if (v->ntok > 1)
			feat2(fs, bits, "first2", v->tok[0].word, v->tok[1].word, 1.0f);
		feat1(fs, bits, "lastfirst", v->tok[last_sent_first].word, 1.0f);
		if (last_sent_first + 1 < v->ntok)
			feat2(fs, bits, "lastfirst2", v->tok[last_sent_first].word, v->tok[last_sent_first + 1].word, 1.0f);
		feat1(fs, bits, "lastword", v->tok[v->ntok - 1].word, 1.0f);
	}
	for (size_t i = 0; i < v->nhits; i++) {
		uint32_t h = fnv_begin("cue"), r = (uint32_t)v->hits[i].rule;
		for (int k = 0; k < 4; k++, r >>= 8)
			h = (h ^ (r & 0xffu)) * 16777619u;
		feat_add(fs, bits, h, 1.0f);
		feat1(fs, bits, "cuecode", code_name(v->hits[i].code), 1.0f);
	}
	context_features(fs, bits, "c", ctx ? ctx->client_last : NULL, v);
	context_features(fs, bits, "p", ctx ? ctx->practitioner_last : NULL, v);
}

void coder_scores(const struct coder *c, const struct feature_set *fs, float out[OUT_COUNT])
{
	memcpy(out, c->bias, sizeof c->bias);
	for (size_t i = 0; i < fs->n; i++) {
		const float *w = c->weights + (size_t)fs->idx[i] * OUT_COUNT;
		float x = fs->val[i];
		for (int k = 0; k < OUT_COUNT; k++)
			out[k] += w[k] * x;
	}
}

static void softmax(float *p, int n)
{
	float m = p[0], sum = 0.0f;
	for (int i = 1; i < n; i++)
		if (p[i] > m)
			m = p[i];
	for (int i = 0; i < n; i++) {
		p[i] = expf(p[i] - m);
		sum += p[i];
	}
	for (int i = 0; i < n; i++)
		p[i] /= sum;
}

static float sigmoid(float x)
{
	return 1.0f / (1.0f + expf(-x));
}

void coder_probabilities(float p[OUT_COUNT])
{
	softmax(p + OUT_REFLECTION, 4);
	softmax(p + OUT_INFO, 4);
	p[OUT_COMPLEX] = sigmoid(p[OUT_COMPLEX]);
	p[OUT_OPEN] = sigmoid(p[OUT_OPEN]);
	p[OUT_HAS_REFLECTION] = sigmoid(p[OUT_HAS_REFLECTION]);
	p[OUT_HAS_QUESTION] = sigmoid(p[OUT_HAS_QUESTION]);
}

/* ---- the file ---- */

#define MODEL_MAGIC "micoach-coder-model 1"

static uint64_t checksum_bytes(const unsigned char *p, size_t n)
{
	uint64_t h = 14695981039346656037ull;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 1099511628211ull;
	}
	for (; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

static size_t model_floats(unsigned bits)
{
	return OUT_COUNT + ((size_t)1 << bits) * OUT_COUNT;
}

static bool host_little_endian(void)
{
	uint32_t x = 1;
	unsigned char b;
	memcpy(&b, &x, 1);
	return b == 1;
}

static void swap_floats(float *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t u;
		memcpy(&u, &f[i], 4);
		u = (u >> 24) | ((u >> 8) & 0xff00u) | ((u << 8) & 0xff0000u) | (u << 24);
		memcpy(&f[i], &u, 4);
	}
}

/* The payload: biases then weights, as one little-endian block. */
static float *payload_pack(const struct coder *c)
{
	size_t n = model_floats(c->bits);
	float *buf = xmalloc(n * sizeof *buf);
	memcpy(buf, c->bias, sizeof c->bias);
	memcpy(buf + OUT_COUNT, c->weights, (n - OUT_COUNT) * sizeof *buf);
	if (!host_little_endian())
		swap_floats(buf, n);
	return buf;
}

uint64_t coder_model_checksum(const struct coder *c)
{
	float *buf = payload_pack(c);
	uint64_t h = checksum_bytes((const unsigned char *)buf, model_floats(c->bits) * sizeof *buf);
	free(buf);
	return h;
}

static void set_version(struct coder *c, uint64_t sum)
{
	snprintf(c->version, sizeof c->version, "model-%012llx+%s-%08x",
		 (unsigned long long)(sum >> 16), CODER_RULES_VERSION, (unsigned)cue_rules_hash());
}

/* The file's text header and payload, as bytes (written whole by
 * io/model_file.c). The caller frees *out. */
size_t coder_model_serialize(const struct coder *c, char **out)
{
	size_t n = model_floats(c->bits);
	float *buf = payload_pack(c);
	uint64_t sum = checksum_bytes((const unsigned char *)buf, n * sizeof *buf);
	struct strbuf sb = {0};

	strbuf_addf(&sb, "%s\nfeatures %d\nrules %08x\nbits %u\noutputs %d\nchecksum %016llx\n\n", MODEL_MAGIC,
		    CODER_FEATURES_VERSION, (unsigned)cue_rules_hash(), c->bits, OUT_COUNT, (unsigned long long)sum);
	strbuf_add(&sb, (const char *)buf, n * sizeof *buf);
	free(buf);
	*out = sb.buf;
	return sb.len;
}

/* The next header line of buf at *pos (without its newline) into line;
 * false when there is no newline before the end or the line is too long. */
static bool header_line(const char *buf, size_t len, size_t *pos, char *line, size_t cap)
{
	const char *nl = memchr(buf + *pos, '\n', len - *pos);
	size_t n;

	if (!nl)
		return false;
	n = (size_t)(nl - (buf + *pos));
	if (n >= cap)
		return false;
	memcpy(line, buf + *pos, n);
	line[n] = '\0';
	*pos += n + 1;
	return true;
}

int coder_model_parse(const char *buf, size_t len, const char *path, struct coder **out, struct error *err)
{
	char line[128];
	int features = -1, outputs = -1;
	unsigned bits = 0, rules = 0;
	unsigned long long sum = 0;
	int header_lines = 1;
	size_t pos = 0, n;
	struct coder *c;
	float *w;

	*out = NULL;
	if (!header_line(buf, len, &pos, line, sizeof line) || strcmp(line, MODEL_MAGIC))
		return error_set(err, EXIT_DATAERR, "%s:1:1: not a micoach coder model", path);
	for (;;) {
		header_lines++;
		if (!header_line(buf, len, &pos, line, sizeof line))
			return error_set(err, EXIT_DATAERR, "%s:%d:1: the header ends early", path, header_lines);
		if (!line[0])
			break;
		if (sscanf(line, "features %d", &features) == 1 || sscanf(line, "bits %u", &bits) == 1 ||
		    sscanf(line, "rules %x", &rules) == 1 ||
		    sscanf(line, "outputs %d", &outputs) == 1 || sscanf(line, "checksum %llx", &sum) == 1)
			continue;
		return error_set(err, EXIT_DATAERR, "%s:%d:1: unknown header line", path, header_lines);
	}
	if (features != CODER_FEATURES_VERSION || outputs != OUT_COUNT || bits < 8 || bits > 22)
		return error_set(err, EXIT_DATAERR,
				 "%s: model made for features %d, %d outputs, %u bits; this micoach needs features %d "
				 "and %d outputs (retrain it with 'make train-coder')",
				 path, features, outputs, bits, CODER_FEATURES_VERSION, OUT_COUNT);
	if (rules != cue_rules_hash())
		return error_set(err, EXIT_DATAERR,
				 "%s: model trained with other cue rules (%08x, these are %08x); retrain it with "
				 "'make train-coder'", path, rules, (unsigned)cue_rules_hash());
	n = model_floats(bits);
	if (len - pos != n * sizeof(float))
		return error_set(err, EXIT_DATAERR, "%s: the weights are %s (expected %zu floats)", path,
				 len - pos < n * sizeof(float) ? "truncated" : "followed by extra bytes", n);
	if (checksum_bytes((const unsigned char *)buf + pos, n * sizeof(float)) != sum)
		return error_set(err, EXIT_DATAERR, "%s: checksum mismatch: the model file is damaged", path);
	w = xmalloc(n * sizeof *w);
	memcpy(w, buf + pos, n * sizeof *w);
	if (!host_little_endian())
		swap_floats(w, n);
	c = xcalloc(1, sizeof *c);
	c->bits = bits;
	memcpy(c->bias, w, sizeof c->bias);
	memmove(w, w + OUT_COUNT, (n - OUT_COUNT) * sizeof *w);
	c->weights = w;
	set_version(c, sum);
	*out = c;
	return 0;
}

void coder_free(struct coder *c)
{
	if (!c)
		return;
	free(c->weights);
	free(c);
}

const char *coder_version(const struct coder *c)
{
	return c ? c->version : "cues-only+" CODER_RULES_VERSION;
}
