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

#include "coder_int.h"
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
	while (text_next_word(text, &pos, &last)) {
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

static const char *const mood_names[] = { "stmt", "ques", "imp" };
static const char *const subject_names[] = { "-", "you", "i", "we", "it", "they" };
static const char *const modal_names[] = { "-", "oblig", "poss", "both" };

/* A feature of one clause from up to four parts. */
static void featc(struct feature_set *fs, unsigned bits, const char *what, const char *a, const char *b,
		  const char *c, const char *d)
{
	uint32_t h = fnv_add(fnv_add(fnv_begin(what), a), b);
	if (c)
		h = fnv_add(h, c);
	if (d)
		h = fnv_add(h, d);
	feat_add(fs, bits, h, 1.0f);
}

/* What each clause does: its mood, subject, modals, negation, judging
 * words, echoes of the client, whether it argues after "but"; and the
 * sequence of moods ("stmt ques": a reflection then a question). */
static void clause_features(struct feature_set *fs, unsigned bits, const struct reply_view *v)
{
	char seq[64] = "";
	size_t nq = 0, nimp = 0, echoed = 0, content = 0;

	for (size_t c = 0; c < v->nclause; c++) {
		const struct clause *cl = &v->clause[c];
		const char *m = mood_names[cl->mood], *sj = subject_names[cl->subject];
		const char *md = modal_names[cl->modal & 3u], *head = v->tok[cl->head].word;
		featc(fs, bits, "cm", m, sj, NULL, NULL);
		featc(fs, bits, "cmm", m, sj, md, NULL);
		featc(fs, bits, "ch", m, head, NULL, NULL);
		featc(fs, bits, "cneg", sj, cl->negated ? "neg" : "pos", cl->echoes ? "echo" : "new", m);
		if (cl->judges)
			featc(fs, bits, "cjudge", sj, m, cl->negated ? "neg" : "pos", NULL);
		if (cl->echoes) {
			/* Echoing the client's words with the opposite polarity
			 * contradicts them ("I don't need a break" -> "everyone needs
			 * a break"); with the same, it reflects them. */
			bool client_neg = false, own = false;
			for (size_t i = cl->first; i < cl->end; i++) {
				client_neg |= v->echo[i] && v->echo_negated[i];
				own |= v->echo[i] && !v->echo_reported[i];
			}
			/* what others say of the client ("I get told I'm lazy" ->
			 * "you're not lazy"): denying it sides with the client */
			featc(fs, bits, "cflip", sj, m, cl->negated != client_neg ? (own ? "flip" : "flip-other") : "same",
			      NULL);
		}
		if (cl->after_but)
			featc(fs, bits, "cbut", m, sj, md, cl->judges ? "judge" : "-");
		if (cl->ends_though)
			featc(fs, bits, "ctho", m, sj, cl->negated ? "neg" : "pos", NULL);
		if (v->pos[cl->head])
			featc(fs, bits, "chpos", m, (v->pos[cl->head] & VOCAB_VERB_BASE) ? "vb" : "x",
			      (v->pos[cl->head] & VOCAB_MAINLY_NOUN) ? "n" : (v->pos[cl->head] & VOCAB_MAINLY_VERB) ? "v" : "o",
			      NULL);
		nq += cl->mood == MOOD_QUESTION;
		nimp += cl->mood == MOOD_IMPERATIVE;
		if (c < 4 && strlen(seq) + 6 < sizeof seq) {
			strcat(seq, m);
			strcat(seq, " ");
		}
	}
	if (v->nclause) {
		featc(fs, bits, "mfirst", mood_names[v->clause[0].mood], subject_names[v->clause[0].subject], NULL, NULL);
		featc(fs, bits, "mlast", mood_names[v->clause[v->nclause - 1].mood],
		      subject_names[v->clause[v->nclause - 1].subject], NULL, NULL);
		feat1(fs, bits, "mseq", seq, 1.0f);
	}
	feat1(fs, bits, "nqc", bucket_name(nq), 1.0f);
	feat1(fs, bits, "nimp", bucket_name(nimp), 1.0f);
	feat1(fs, bits, "qnomark", v->questions > v->marked_questions ? "1" : "0", 1.0f);
	for (size_t i = 0; i < v->ntok; i++)
		if (!(v->lex[i] & LEX_STOP)) {
			content++;
			echoed += v->echo[i];
		}
	feat1(fs, bits, "echo", bucket_name(echoed), 1.0f);
	if (content)
		feat1(fs, bits, "echo", "ratio", (float)echoed / (float)content);
}

/* The word a token is a feature as: "no" before a content word of its
 * clause is a determiner ("no cans in the week", "no pressure"), another
 * word than the "no" that disagrees ("no, its not your genes", "no its
 * you"). */
static const char *feature_word(const struct reply_view *v, size_t i)
{
	if (!strcmp(v->tok[i].word, "no") && i + 1 < v->ntok && !v->clause_start[i + 1] && !(v->lex[i + 1] & LEX_STOP))
		return "no-det";
	return v->tok[i].word;
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
		const char *w = feature_word(v, i);
		if (v->sentence_start[i])
			last_sent_first = i;
		feat1(fs, bits, "w", w, 1.0f);
		/* Synonyms share a feature ("kids", "children"): WordNet's head. */
		if (!(v->lex[i] & LEX_STOP) && v->canon[i] != v->shash[i])
			feat_add(fs, bits, (fnv_begin("syn") ^ v->canon[i]) * 16777619u, 1.0f);
		/* The same word inside a question is another feature ("you" asks or reflects). */
		if (v->in_question[i])
			feat1(fs, bits, "wq", w, 1.0f);
		if (i + 1 < v->ntok)
			feat2(fs, bits, "b", w, feature_word(v, i + 1), 1.0f);
		if (v->clause_start[i]) {
			feat1(fs, bits, v->in_question[i] ? "qs" : "ss", w, 1.0f);
			if (i + 1 < v->ntok)
				feat2(fs, bits, v->in_question[i] ? "qs2" : "ss2", w,
				      feature_word(v, i + 1), 1.0f);
		}
	}
	if (v->ntok) {
		feat1(fs, bits, "first", feature_word(v, 0), 1.0f);
		if (v->ntok > 1)
			feat2(fs, bits, "first2", feature_word(v, 0), feature_word(v, 1), 1.0f);
		feat1(fs, bits, "lastfirst", feature_word(v, last_sent_first), 1.0f);
		if (last_sent_first + 1 < v->ntok)
			feat2(fs, bits, "lastfirst2", feature_word(v, last_sent_first), feature_word(v, last_sent_first + 1), 1.0f);
		feat1(fs, bits, "lastword", v->tok[v->ntok - 1].word, 1.0f);
	}
	clause_features(fs, bits, v);
	/* a construction of the righting reflex (coder_righting.c), by kind:
	 * the model weighs it beside everything else */
	if (v->rights_kind != RIGHTS_NONE) {
		static const char *const kinds[] = { "-", "advq", "conseq", "side", "blame", "sarc", "recom", "moral", "order", "order", "ultim", "judge", "feel", "sugg",
						     "need", "rebut", "order-after" };
		_Static_assert(ARRAY_SIZE(kinds) == RIGHTS_KINDS, "a feature name for every righting kind");
		feat1(fs, bits, "right", kinds[v->rights_kind], 1.0f);
		feat1(fs, bits, "right", code_name(v->rights), 1.0f);
	}
	for (size_t i = 0; i < v->nhits; i++) {
		uint32_t h = fnv_begin("cue"), r = (uint32_t)v->hits[i].rule;
		for (int k = 0; k < 4; k++, r >>= 8)
			h = (h ^ (r & 0xffu)) * 16777619u;
		feat_add(fs, bits, h, 1.0f);
		feat1(fs, bits, "cuecode", code_name(v->hits[i].code), 1.0f);
	}
	context_features(fs, bits, "c", ctx ? ctx->client_last : NULL, v);
	feat1(fs, bits, "casked", !ctx || !ctx->client_asked ? "0" : ctx->client_asked_fact_only ? "fact" : "1", 1.0f);
	/* A harm the practitioner names: a warning unless the client asked
	 * about it ("is it bad for me"), weighed by the clause's mood,
	 * subject and modal. */
	for (size_t c = 0; c < v->nclause; c++)
		if (v->clause[c].harms)
			featc(fs, bits, "charm", mood_names[v->clause[c].mood], subject_names[v->clause[c].subject],
			      modal_names[v->clause[c].modal & 3u], ctx && ctx->client_asked ? "asked" : "-");
	/* Not the practitioner's previous utterance: the corpus's replies have
	 * none, so the primary output learned its shape from AnnoMI alone and
	 * read a label after a question as "other". */
}

size_t coder_weight_count(unsigned bits, unsigned hidden)
{
	size_t buckets = (size_t)1 << bits;
	return buckets * OUT_COUNT + (hidden ? hidden + buckets * hidden + (size_t)hidden * OUT_COUNT : 0);
}

void coder_scores(const struct coder *c, const struct feature_set *fs, float out[OUT_COUNT])
{
	size_t buckets = (size_t)1 << c->bits;
	float sum[OUT_COUNT]; /* not out: the compiler need not fear out is the weights */
	enum { BY4 = OUT_COUNT - OUT_COUNT % 4 }; /* the outputs it adds four at a time */

	memcpy(sum, c->bias, sizeof c->bias);
	for (size_t i = 0; i < fs->n; i++) {
		const float *w = c->weights + (size_t)fs->idx[i] * OUT_COUNT;
		float x = fs->val[i];
		int k;
		for (k = 0; k < BY4; k++)
			sum[k] += w[k] * x;
		for (; k < OUT_COUNT; k++)
			sum[k] += w[k] * x;
	}
	memcpy(out, sum, sizeof sum);
	if (c->hidden) {
		const float *b1 = c->weights + buckets * OUT_COUNT, *w1 = b1 + c->hidden;
		const float *w2 = w1 + buckets * c->hidden;
		float h[CODER_MAX_HIDDEN];
		memcpy(h, b1, c->hidden * sizeof *h);
		for (size_t i = 0; i < fs->n; i++) {
			const float *w = w1 + (size_t)fs->idx[i] * c->hidden;
			for (unsigned j = 0; j < c->hidden; j++)
				h[j] += w[j] * fs->val[i];
		}
		for (unsigned j = 0; j < c->hidden; j++)
			if (h[j] > 0.0f)
				for (int k = 0; k < OUT_COUNT; k++)
					out[k] += w2[j * OUT_COUNT + k] * h[j];
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
	softmax(p + OUT_EXPERT_REFLECTION, 4);
	softmax(p + OUT_INFO, 4);
	p[OUT_COMPLEX] = sigmoid(p[OUT_COMPLEX]);
	p[OUT_OPEN] = sigmoid(p[OUT_OPEN]);
	for (int k = OUT_HAS_REFLECTION; k < OUT_PRIMARY; k++)
		p[k] = sigmoid(p[k]);
	softmax(p + OUT_PRIMARY, CODE_COUNT);
}

/* ---- the vocabulary ---- */

static uint32_t vocab_hash(const char *w)
{
	uint32_t h = coder_hash(w);
	return h ^ (h >> 16);
}

void coder_vocab_index(struct coder *c)
{
	size_t slots = 16;

	while (slots < 2 * c->nvocab)
		slots *= 2;
	free(c->vocab_index);
	c->vocab_slots = slots;
	c->vocab_index = xcalloc(slots, sizeof *c->vocab_index);
	for (size_t i = 0; i < c->nvocab; i++) {
		size_t k = vocab_hash(c->vocab[i].word) & (slots - 1);
		while (c->vocab_index[k])
			k = (k + 1) & (slots - 1);
		c->vocab_index[k] = (uint32_t)i + 1;
	}
}

const struct vocab_word *coder_vocab_find(const struct coder *c, const char *w)
{
	size_t k;

	if (!c || !c->vocab_slots || !w[0])
		return NULL;
	k = vocab_hash(w) & (c->vocab_slots - 1);
	for (; c->vocab_index[k]; k = (k + 1) & (c->vocab_slots - 1)) {
		const struct vocab_word *vw = &c->vocab[c->vocab_index[k] - 1];
		if (!strcmp(vw->word, w))
			return vw;
	}
	return NULL;
}

void coder_set_speller(struct coder *c, const struct coder_speller *s)
{
	if (c->speller.release)
		c->speller.release(c->speller.arg);
	c->speller = *s;
}

/* ---- the file ---- */

#define MODEL_MAGIC "micoach-coder-model 2"

/* FNV-1a over 64-bit words in four interleaved lanes (word i to lane i mod
 * 4), folded into one: the same mixing as one lane, but four multiplies in
 * flight, so checking the 18 MB model at start-up takes a quarter of the time. */
static uint64_t checksum_bytes(uint64_t h, const unsigned char *p, size_t n)
{
	const uint64_t prime = 1099511628211ull;
	uint64_t lane[4] = { h, h ^ 1, h ^ 2, h ^ 3 };
	size_t i = 0;

	for (; i + 32 <= n; i += 32)
		for (int k = 0; k < 4; k++) {
			uint64_t w;
			memcpy(&w, p + i + 8 * (size_t)k, 8);
			lane[k] = (lane[k] ^ w) * prime;
		}
	for (int k = 0; k < 4; k++)
		h = (h ^ lane[k]) * prime;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h = (h ^ w) * prime;
	}
	for (; i < n; i++)
		h = (h ^ p[i]) * prime;
	return h;
}

static const uint64_t CHECKSUM_SEED = 14695981039346656037ull;

static size_t model_floats(unsigned bits, unsigned hidden)
{
	return OUT_COUNT + coder_weight_count(bits, hidden);
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
	size_t n = model_floats(c->bits, c->hidden);
	float *buf = xmalloc(n * sizeof *buf);
	memcpy(buf, c->bias, sizeof c->bias);
	memcpy(buf + OUT_COUNT, c->weights, (n - OUT_COUNT) * sizeof *buf);
	if (!host_little_endian())
		swap_floats(buf, n);
	return buf;
}

/* The vocabulary block: one "word TAB pos TAB count TAB canon" line a word. */
static void vocab_pack(const struct coder *c, struct strbuf *sb)
{
	for (size_t i = 0; i < c->nvocab; i++) {
		const struct vocab_word *vw = &c->vocab[i];
		strbuf_addf(sb, "%s\t%u\t%u\t%s\n", vw->word, vw->pos, vw->count, vw->canon ? vw->canon : "-");
	}
}

static uint64_t model_checksum(const float *payload, size_t nfloats, const struct strbuf *words)
{
	uint64_t h = checksum_bytes(CHECKSUM_SEED, (const unsigned char *)payload, nfloats * sizeof *payload);
	return checksum_bytes(h, (const unsigned char *)(words->buf ? words->buf : ""), words->len);
}

uint64_t coder_model_checksum(const struct coder *c)
{
	float *buf = payload_pack(c);
	struct strbuf words = {0};
	uint64_t h;

	vocab_pack(c, &words);
	h = model_checksum(buf, model_floats(c->bits, c->hidden), &words);
	free(buf);
	strbuf_release(&words);
	return h;
}

static void set_version(struct coder *c, uint64_t sum)
{
	snprintf(c->version, sizeof c->version, "model-%012llx+%s-%08x",
		 (unsigned long long)(sum >> 16), CODER_RULES_VERSION, (unsigned)cue_rules_hash());
}

/* The file's text header, payload and vocabulary, as bytes (written whole
 * by io/model_file.c). The caller frees *out. */
size_t coder_model_serialize(const struct coder *c, char **out)
{
	size_t n = model_floats(c->bits, c->hidden);
	float *buf = payload_pack(c);
	struct strbuf words = {0}, sb = {0};
	uint64_t sum;

	vocab_pack(c, &words);
	sum = model_checksum(buf, n, &words);
	strbuf_addf(&sb, "%s\nfeatures %d\nrules %08x\nbits %u\nhidden %u\noutputs %d\nwords %zu\nchecksum %016llx\n",
		    MODEL_MAGIC, CODER_FEATURES_VERSION, (unsigned)cue_rules_hash(), c->bits, c->hidden, OUT_COUNT,
		    c->nvocab, (unsigned long long)sum);
	/* "pad" and dots, so that the weights after the biases start at a
	 * multiple of 64 bytes: a mapped file's weights are used in place */
	strbuf_add(&sb, "pad", 3);
	while ((sb.len + 2 + sizeof c->bias) % 64)
		strbuf_add(&sb, ".", 1);
	strbuf_add(&sb, "\n\n", 2);
	strbuf_add(&sb, (const char *)buf, n * sizeof *buf);
	if (words.len)
		strbuf_add(&sb, words.buf, words.len);
	free(buf);
	strbuf_release(&words);
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

struct model_header {
	int features, outputs;
	unsigned bits, rules, hidden;
	size_t words;
	unsigned long long sum;
};

static int parse_header(const char *buf, size_t len, const char *path, size_t *pos, struct model_header *h,
			struct error *err)
{
	char line[128];
	int lineno = 1;

	*h = (struct model_header){ .features = -1, .outputs = -1 };
	if (!header_line(buf, len, pos, line, sizeof line) || strcmp(line, MODEL_MAGIC))
		return error_set(err, EXIT_DATAERR, "%s:1:1: not a micoach coder model of this version (%s); "
				 "rebuild it with 'make train-coder'", path, MODEL_MAGIC);
	for (;;) {
		lineno++;
		if (!header_line(buf, len, pos, line, sizeof line))
			return error_set(err, EXIT_DATAERR, "%s:%d:1: the header ends early", path, lineno);
		if (!line[0])
			return 0;
		if (sscanf(line, "features %d", &h->features) == 1 || sscanf(line, "bits %u", &h->bits) == 1 ||
		    sscanf(line, "rules %x", &h->rules) == 1 || sscanf(line, "outputs %d", &h->outputs) == 1 ||
		    sscanf(line, "words %zu", &h->words) == 1 || sscanf(line, "hidden %u", &h->hidden) == 1 ||
		    sscanf(line, "checksum %llx", &h->sum) == 1 ||
		    (!strncmp(line, "pad", 3) && !line[3 + strspn(line + 3, ".")]))
			continue;
		return error_set(err, EXIT_DATAERR, "%s:%d:1: unknown header line", path, lineno);
	}
}

static void vocab_free(struct coder *c)
{
	for (size_t i = 0; i < c->nvocab; i++) {
		free(c->vocab[i].word);
		free(c->vocab[i].canon);
	}
	free(c->vocab);
	free(c->vocab_index);
	c->vocab = NULL;
	c->vocab_index = NULL;
	c->nvocab = c->vocab_slots = 0;
}

/* One field of a vocabulary line from *p up to a tab or end, into out (cap
 * bytes); false when empty or too long. */
static bool vocab_field(const char **p, const char *end, char *out, size_t cap)
{
	size_t n = 0;

	while (*p < end && **p != '\t') {
		if (n + 1 >= cap)
			return false;
		out[n++] = *(*p)++;
	}
	out[n] = '\0';
	if (*p < end)
		(*p)++;
	return n > 0;
}

/* "word TAB pos TAB count TAB canon" from p to nl. */
static bool vocab_line(const char *p, const char *nl, char *word, unsigned *pos, unsigned *count, char *canon)
{
	char num[16], *e;

	if (!vocab_field(&p, nl, word, TEXT_WORD_MAX) || !vocab_field(&p, nl, num, sizeof num))
		return false;
	*pos = (unsigned)strtoul(num, &e, 10);
	if (*e || !vocab_field(&p, nl, num, sizeof num))
		return false;
	*count = (unsigned)strtoul(num, &e, 10);
	return !*e && vocab_field(&p, nl, canon, TEXT_WORD_MAX) && p == nl;
}

/* The vocabulary block (n words, sorted, each line "word\tpos\tcount\tcanon"). */
static int parse_vocab(const char *p, size_t len, size_t n, const char *path, struct coder *c, struct error *err)
{
	const char *end = p + len;

	c->vocab = xcalloc(n ? n : 1, sizeof *c->vocab);
	for (size_t i = 0; i < n; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		char word[TEXT_WORD_MAX], canon[TEXT_WORD_MAX];
		unsigned pos, count;
		bool ok;

		if (!nl || nl - p >= 200)
			return error_set(err, EXIT_DATAERR, "%s: vocabulary word %zu is cut short", path, i + 1);
		ok = vocab_line(p, nl, word, &pos, &count, canon);
		if (!ok || (i && strcmp(c->vocab[i - 1].word, word) >= 0))
			return error_set(err, EXIT_DATAERR, "%s: vocabulary word %zu is malformed or out of order", path,
					 i + 1);
		c->vocab[i] = (struct vocab_word){ .word = xstrdup(word), .pos = pos, .count = count,
						   .canon = strcmp(canon, "-") ? xstrdup(canon) : NULL };
		c->nvocab = i + 1;
		p = nl + 1;
	}
	if (p != end)
		return error_set(err, EXIT_DATAERR, "%s: the vocabulary is followed by extra bytes", path);
	coder_vocab_index(c);
	return 0;
}

/* Parse a model from buf. With release, the weights are used where they
 * lie in buf when they can be (a little-endian host, aligned: the header
 * pads them) and release(arg) is the coder's to call; else they are copied. */
static int model_parse(const char *buf, size_t len, const char *path, void (*release)(void *arg), void *arg,
		       struct coder **out, struct error *err)
{
	struct model_header h;
	size_t pos = 0, n, wbytes;
	struct coder *c;
	uint64_t sum;

	*out = NULL;
	if (parse_header(buf, len, path, &pos, &h, err))
		return -1;
	if (h.features != CODER_FEATURES_VERSION || h.outputs != OUT_COUNT || h.bits < 8 || h.bits > 22 ||
	    h.hidden > CODER_MAX_HIDDEN)
		return error_set(err, EXIT_DATAERR,
				 "%s: model made for features %d, %d outputs, %u bits; this micoach needs features %d "
				 "and %d outputs (retrain it with 'make train-coder')",
				 path, h.features, h.outputs, h.bits, CODER_FEATURES_VERSION, OUT_COUNT);
	if (h.rules != cue_rules_hash())
		return error_set(err, EXIT_DATAERR,
				 "%s: model trained with other cue rules (%08x, these are %08x); retrain it with "
				 "'make train-coder'", path, h.rules, (unsigned)cue_rules_hash());
	n = model_floats(h.bits, h.hidden);
	if (len - pos < n * sizeof(float))
		return error_set(err, EXIT_DATAERR, "%s: the weights are truncated (expected %zu floats)", path, n);
	wbytes = len - pos - n * sizeof(float);
	sum = checksum_bytes(CHECKSUM_SEED, (const unsigned char *)buf + pos, n * sizeof(float));
	sum = checksum_bytes(sum, (const unsigned char *)buf + pos + n * sizeof(float), wbytes);
	if (sum != h.sum)
		return error_set(err, EXIT_DATAERR, "%s: checksum mismatch: the model file is damaged", path);
	c = xcalloc(1, sizeof *c);
	c->bits = h.bits;
	c->hidden = h.hidden;
	memcpy(c->bias, buf + pos, sizeof c->bias);
	if (parse_vocab(buf + pos + n * sizeof(float), wbytes, h.words, path, c, err)) {
		coder_free(c);
		return -1;
	}
	const char *weights = buf + pos + sizeof c->bias;
	if (release && host_little_endian() && (uintptr_t)weights % _Alignof(float) == 0) {
		/* the weights stay in the caller's mapped file: nothing copied */
		c->weights = (float *)(uintptr_t)weights;
		c->weights_release = release;
		c->weights_arg = arg;
	} else {
		c->weights = xmalloc((n - OUT_COUNT) * sizeof *c->weights);
		memcpy(c->weights, weights, (n - OUT_COUNT) * sizeof *c->weights);
		if (!host_little_endian())
			swap_floats(c->weights, n - OUT_COUNT);
	}
	if (!host_little_endian())
		swap_floats(c->bias, OUT_COUNT);
	set_version(c, h.sum);
	*out = c;
	return 0;
}

int coder_model_parse(const char *buf, size_t len, const char *path, struct coder **out, struct error *err)
{
	return model_parse(buf, len, path, NULL, NULL, out, err);
}

int coder_model_parse_borrowed(const char *buf, size_t len, const char *path, void (*release)(void *arg),
			       void *arg, struct coder **out, struct error *err)
{
	int rc = model_parse(buf, len, path, release, arg, out, err);

	/* copied (or failed): the caller's bytes are no longer needed */
	if (rc || !(*out)->weights_release)
		release(arg);
	return rc;
}

void coder_free(struct coder *c)
{
	if (!c)
		return;
	if (c->speller.release)
		c->speller.release(c->speller.arg);
	vocab_free(c);
	if (c->weights_release)
		c->weights_release(c->weights_arg);
	else
		free(c->weights);
	free(c);
}

const char *coder_version(const struct coder *c)
{
	return c ? c->version : "cues-only+" CODER_RULES_VERSION;
}
