/* train_vocab.c: the model's vocabulary (see train.h): every word of the
 * training text with how often it was seen, its parts of speech, whether it
 * is a verb's base form and which part of speech it mostly is (by WordNet's
 * tagged sense counts), and its synonym head: the first word of the synset
 * of its most frequent sense ("kids" and "children" both have "child"). */
#include "train.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wn.h>

#include "core/util.h"
#include "lang/spell.h"

struct count {
	char *word;
	unsigned annomi, corpus;
};

static int count_cmp(const void *a, const void *b)
{
	return strcmp(((const struct count *)a)->word, ((const struct count *)b)->word);
}

/* Word counts of the examples that are neither held out nor noisy copies. */
static struct count *count_words(const struct dataset *d, size_t *n)
{
	static struct reply_view v;
	struct count *c = NULL;
	size_t nc = 0, alloc = 0;

	for (size_t i = 0; i < d->n; i++) {
		const struct example *e = &d->ex[i];
		const char *texts[3] = { e->reply, e->client_last, e->practitioner_last };
		if (e->holdout || e->copy || e->src == SRC_NOISY)
			continue;
		for (int t = 0; t < 3; t++) {
			if (!texts[t])
				continue;
			reply_view_read(&v, texts[t], NULL, NULL); /* typed forms restored, nothing corrected */
			for (size_t k = 0; k < v.ntok; k++) {
				if (nc == alloc) {
					alloc = alloc ? 2 * alloc : 65536;
					c = xrealloc(c, alloc * sizeof *c);
				}
				c[nc].word = xstrdup(v.tok[k].word);
				c[nc].annomi = e->src == SRC_ANNOMI;
				c[nc].corpus = e->src == SRC_CORPUS;
				nc++;
			}
		}
	}
	qsort(c, nc, sizeof *c, count_cmp);
	/* Merge equal words. */
	{
		size_t out = 0;
		for (size_t i = 0; i < nc; i++) {
			if (out && !strcmp(c[out - 1].word, c[i].word)) {
				c[out - 1].annomi += c[i].annomi;
				c[out - 1].corpus += c[i].corpus;
				free(c[i].word);
				continue;
			}
			c[out++] = c[i];
		}
		nc = out;
	}
	*n = nc;
	return c;
}

static const struct count *count_find(const struct count *c, size_t n, const char *w)
{
	struct count key = { .word = (char *)w };
	return bsearch(&key, c, n, sizeof *c, count_cmp);
}

/* Is a corpus word one to learn? Spelt right, or common enough and not a
 * typo of a commoner word (within one edit, by Hunspell's suggestions). */
static bool keep_corpus_word(struct speller *sp, const struct count *c, size_t n, const struct count *w)
{
	char sugg[8][TEXT_WORD_MAX];
	size_t ns;

	if (w->annomi)
		return true;
	ns = spell_suggest(sp, w->word, sugg[0], TEXT_WORD_MAX, 8);
	if (!ns)
		return spell_known(sp, w->word) || w->corpus >= 3;
	if (w->corpus < 3)
		return false;
	for (size_t i = 0; i < ns; i++) {
		const struct count *o = count_find(c, n, sugg[i]);
		if (o && o->annomi + o->corpus > w->corpus && edit_distance(sugg[i], w->word, 1) <= 1)
			return false;
	}
	return true;
}

/* WordNet 3.0's lexicographer files, 0 to 44 (its lexnames file). */
enum { WORDNET_LEXFILES = 45 };

/* One of the verb's two commonest senses (WordNet lists them by
 * frequency) is a feeling: lexicographer file verb.emotion. */
static bool feeling_verb(IndexPtr idx, char *lemma)
{
	for (int s = 0; s < idx->off_cnt && s < 2; s++) {
		SynsetPtr ss = read_synset(VERB, (long)idx->offset[s], lemma);
		bool feeling = ss && ss->fnum >= 0 && ss->fnum < WORDNET_LEXFILES &&
			       !strcmp(lexfiles[ss->fnum], "verb.emotion");
		if (ss)
			free_synset(ss);
		if (feeling)
			return true;
	}
	return false;
}

/* WordNet's facts about w: parts of speech, and the synonym head of its
 * most frequent sense (NULL for none or itself). */
static unsigned wordnet_facts(const char *w, char **canon)
{
	static const int parts[] = { NOUN, VERB, ADJ, ADV };
	static const unsigned bit[] = { VOCAB_NOUN, VOCAB_VERB, VOCAB_ADJ, VOCAB_ADV };
	static const unsigned mainly[] = { VOCAB_MAINLY_NOUN, VOCAB_MAINLY_VERB, VOCAB_MAINLY_ADJ, VOCAB_MAINLY_ADJ };
	char word[TEXT_WORD_MAX], lemma[TEXT_WORD_MAX], best_lemma[TEXT_WORD_MAX] = "";
	unsigned pos = 0;
	int best = -1, best_tags = -1;
	unsigned long best_offset = 0;

	*canon = NULL;
	snprintf(word, sizeof word, "%s", w);
	for (int p = 0; p < 4; p++) {
		IndexPtr idx = index_lookup(word, parts[p]);
		int tags = 0;
		if (!idx) {
			char *m = morphstr(word, parts[p]);
			if (!m)
				continue;
			snprintf(lemma, sizeof lemma, "%s", m);
			idx = index_lookup(lemma, parts[p]);
			if (!idx)
				continue;
		} else {
			snprintf(lemma, sizeof lemma, "%s", word);
			if (parts[p] == VERB)
				pos |= VOCAB_VERB_BASE;
		}
		pos |= bit[p];
		if (parts[p] == VERB && feeling_verb(idx, lemma))
			pos |= VOCAB_VERB_FEELING;
		for (int s = 1; s <= idx->off_cnt; s++)
			tags += GetTagcnt(idx, s);
		if (tags > best_tags) {
			best_tags = tags;
			best = p;
			best_offset = idx->offset[0];
			snprintf(best_lemma, sizeof best_lemma, "%s", lemma);
		}
		free_index(idx);
	}
	if (best < 0)
		return 0;
	pos |= mainly[best];
	if (parts[best] != ADV) {
		SynsetPtr ss = read_synset(parts[best], (long)best_offset, best_lemma);
		if (ss && ss->wcount > 0) {
			char head[TEXT_WORD_MAX];
			size_t k;
			snprintf(head, sizeof head, "%s", ss->words[0]);
			for (k = 0; head[k]; k++)
				head[k] = head[k] >= 'A' && head[k] <= 'Z' ? (char)(head[k] - 'A' + 'a')
					: head[k] == ' ' ? '_' : head[k];
			/* "(a)" and "(p)" mark adjective positions */
			if ((k = strcspn(head, "(")) > 0)
				head[k] = '\0';
			if (strcmp(head, w))
				*canon = xstrdup(head);
		}
		if (ss)
			free_synset(ss);
	}
	return pos;
}

void vocab_build(const struct dataset *d, struct coder *model)
{
	static const char *const dicts[] = { "/usr/share/hunspell/en_GB", "/usr/share/hunspell/en_US" };
	size_t n, kept = 0, with_canon = 0;
	struct count *c = count_words(d, &n);
	struct speller *sp = spell_new(dicts, 2);

	if (wninit()) {
		fprintf(stderr, "train-coder: cannot open WordNet's database (install wordnet-base)\n");
		exit(66);
	}
	model->vocab = xcalloc(n ? n : 1, sizeof *model->vocab);
	for (size_t i = 0; i < n; i++) {
		struct vocab_word *vw;
		unsigned seen = c[i].annomi + c[i].corpus;
		if (strlen(c[i].word) >= TEXT_WORD_MAX - 1 || strchr(c[i].word, '\t') || !keep_corpus_word(sp, c, n, &c[i]))
			continue;
		vw = &model->vocab[kept++];
		vw->word = xstrdup(c[i].word);
		vw->count = seen > 65535 ? 65535 : seen;
		vw->pos = wordnet_facts(vw->word, &vw->canon);
		if (coder_stop_word(vw->word)) { /* function words match as themselves */
			free(vw->canon);
			vw->canon = NULL;
		}
		with_canon += vw->canon != NULL;
	}
	model->nvocab = kept;
	coder_vocab_index(model);
	fprintf(stderr, "train-coder: vocabulary of %zu words (%zu seen), %zu with a WordNet synonym head\n", kept, n,
		with_canon);
	for (size_t i = 0; i < n; i++)
		free(c[i].word);
	free(c);
	spell_free(sp);
}
