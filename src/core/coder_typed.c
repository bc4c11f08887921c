/* coder_typed.c: replies as trainees type them, read as the words they
 * mean. Contractions typed without their apostrophe are restored ("youre" is
 * "you're"; "its", "were", "well", "hell", "id", "ill", "shed", "wed" and
 * "lets" only where the next words show it), a few chat forms spelt out
 * ("u", "ur", "cos"), and a word the model does not know is corrected when
 * the spelling corrector (lang/spell.c, handed over by io/model_file.c)
 * offers a word the model does know, within two edits ("becuase",
 * "drinkign"). Only the tokens' words change; their byte spans still point
 * at what was typed, so cues quote the reply as written. */
#include "coder_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/util.h"

/* Always one reading. */
static const char *const contractions[][2] = {
	{ "youre", "you're" }, { "youve", "you've" }, { "youll", "you'll" }, { "youd", "you'd" },
	{ "dont", "don't" }, { "doesnt", "doesn't" }, { "didnt", "didn't" }, { "isnt", "isn't" },
	{ "arent", "aren't" }, { "wasnt", "wasn't" }, { "werent", "weren't" }, { "havent", "haven't" },
	{ "hasnt", "hasn't" }, { "hadnt", "hadn't" }, { "wouldnt", "wouldn't" }, { "couldnt", "couldn't" },
	{ "shouldnt", "shouldn't" }, { "mustnt", "mustn't" }, { "neednt", "needn't" }, { "cant", "can't" },
	{ "wont", "won't" }, { "aint", "ain't" }, { "thats", "that's" }, { "whats", "what's" },
	{ "whos", "who's" }, { "wheres", "where's" }, { "hows", "how's" }, { "theres", "there's" },
	{ "heres", "here's" }, { "im", "i'm" }, { "ive", "i've" }, { "hes", "he's" }, { "shes", "she's" },
	{ "theyre", "they're" }, { "theyve", "they've" }, { "theyll", "they'll" }, { "theyd", "they'd" },
	{ "weve", "we've" }, { "itll", "it'll" }, { "thatll", "that'll" }, { "wouldve", "would've" },
	{ "couldve", "could've" }, { "shouldve", "should've" }, { "mightve", "might've" },
	{ "u", "you" }, { "ya", "you" }, { "yr", "your" }, { "r", "are" }, { "cuz", "because" },
	{ "coz", "because" }, { "cos", "because" }, { "bc", "because" }, { "tho", "though" },
	{ "thru", "through" }, { "pls", "please" }, { "plz", "please" }, { "rly", "really" },
	{ "abt", "about" }, { "prob", "probably" }, { "def", "definitely" },
};

/* Hunspell takes some milliseconds a suggestion: a reply has at most this
 * many unknown words looked up (a typed reply rarely has more typos; a
 * hostile transcript of nonsense stays fast). */
enum { SPELL_PER_REPLY = 4 };

static int pair_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The restored form of a typed contraction, or NULL. */
static const char *contraction(const char *w)
{
	static const char *sorted[ARRAY_SIZE(contractions)][2];
	static bool ready;
	const char *key = w, *const *hit;

	if (!ready) {
		memcpy(sorted, contractions, sizeof sorted);
		qsort(sorted, ARRAY_SIZE(sorted), sizeof sorted[0], pair_cmp);
		ready = true;
	}
	hit = bsearch(&key, sorted, ARRAY_SIZE(sorted), sizeof sorted[0], pair_cmp);
	return hit ? hit[1] : NULL;
}

/* Verbs that follow "we'll", "he'll", "I'll" (and so tell them from "well",
 * "hell", "ill"). */
static const char *const after_will[] = {
	"see", "look", "talk", "work", "figure", "get", "start", "try", "go", "have", "come", "do", "make",
	"keep", "check", "find", "take", "sort", "plan", "put", "think", "meet", "need", "be", "write", "set",
	"aim", "leave", "stop", "review", "give", "help", "call", "catch", "pick", "come", "never", "probably",
	"always", "tell", "ask", "show", "bring", "book", "send", "let", "decide",
};

/* Words after "I'd", "she'd", "we'd". */
static const char *const after_would[] = {
	"like", "love", "say", "suggest", "rather", "be", "want", "recommend", "guess", "imagine", "think",
	"have", "need", "probably", "really", "never", "just", "go", "hate", "bet", "prefer", "wonder", "ask",
	"agree", "better", "been", "gone", "done", "had", "try", "feel", "expect",
};

static bool in_list(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (word_eq(w, list[i]))
			return true;
	return false;
}

static void set_word(struct token *t, const char *w)
{
	snprintf(t->word, sizeof t->word, "%s", w);
	text_stem(t->word, t->stem);
}

static const char *next_word(const struct reply_view *v, size_t i)
{
	return i + 1 < v->ntok && !v->clause_start[i + 1] ? v->tok[i + 1].word : "";
}

/* The reading of an ambiguous typed word at i, or NULL to keep it. */
static const char *ambiguous(const struct reply_view *v, const struct coder *c, size_t i)
{
	const char *w = v->tok[i].word, *next = next_word(v, i);
	const char *prev = i > 0 && !v->clause_start[i] ? v->tok[i - 1].word : "";
	bool starts = v->clause_start[i] || i == 0 || (lex_mask(prev) & LEX_OPENER);

	if (!strcmp(w, "its")) {
		/* "its" is mostly "it's" as typed; the possessive wants a noun. */
		const struct vocab_word *nv = *next ? coder_vocab_find(c, next) : NULL;
		bool noun_only = nv && (nv->pos & VOCAB_MAINLY_NOUN) && !(nv->pos & (VOCAB_ADJ | VOCAB_ADV));
		return noun_only || !strcmp(next, "own") ? NULL : "it's";
	}
	if (!strcmp(w, "were"))
		return starts && *next && !(lex_mask(next) & LEX_SUBJECT) ? "we're" : NULL;
	if (!strcmp(w, "lets"))
		return starts ? "let's" : NULL;
	if (!strcmp(w, "well")) /* a discourse opener: the next word opens a clause */
		return i + 1 < v->ntok && !v->sentence_start[i + 1] &&
		       in_list(v->tok[i + 1].word, after_will, ARRAY_SIZE(after_will)) ? "we'll" : NULL;
	if (!strcmp(w, "hell"))
		return in_list(next, after_will, ARRAY_SIZE(after_will)) ? "he'll" : NULL;
	if (!strcmp(w, "ill"))
		return in_list(next, after_will, ARRAY_SIZE(after_will)) && strcmp(prev, "feel") &&
		       strcmp(prev, "feeling") && strcmp(prev, "felt") && strcmp(prev, "so") && strcmp(prev, "very")
		       ? "i'll" : NULL;
	if (!strcmp(w, "id")) {
		/* "id set that up", "id go with the bus": at a clause's start
		 * before a verb, not "your id", "id card" */
		const struct vocab_word *nv = *next ? coder_vocab_find(c, next) : NULL;
		return in_list(next, after_would, ARRAY_SIZE(after_would)) ||
		       (starts && nv && (nv->pos & VOCAB_VERB_BASE) && !(nv->pos & VOCAB_MAINLY_NOUN)) ? "i'd" : NULL;
	}
	if (!strcmp(w, "shed"))
		return in_list(next, after_would, ARRAY_SIZE(after_would)) ? "she'd" : NULL;
	if (!strcmp(w, "wed"))
		return in_list(next, after_would, ARRAY_SIZE(after_would)) ? "we'd" : NULL;
	if (!strcmp(w, "ur")) {
		size_t n = strlen(next);
		return (n > 4 && !strcmp(next + n - 3, "ing")) || !strcmp(next, "not") || !strcmp(next, "so") ||
		       !strcmp(next, "a") || !strcmp(next, "an") || !strcmp(next, "really") || !strcmp(next, "just")
		       ? "you're" : "your";
	}
	return NULL;
}

/* Optimal string alignment distance between a and b, or 3 when above 2. */
static size_t typo_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b), d[TEXT_WORD_MAX + 1][TEXT_WORD_MAX + 1];

	if (n > TEXT_WORD_MAX || m > TEXT_WORD_MAX || (n > m ? n - m : m - n) > 2)
		return 3;
	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[n][m] > 2 ? 3 : d[n][m];
}

/* Should w be checked at all: plain lower-case letters, long enough, and not
 * a word of the model or of the client's line (read the first time it is
 * needed: most replies have no unknown word). */
static bool worth_checking(const struct coder *c, const char *w, const struct coder_context *ctx,
			   struct token *client, size_t *nclient)
{
	size_t n = strlen(w);

	if (n < 3 || n >= TEXT_WORD_MAX - 1)
		return false;
	for (size_t i = 0; i < n; i++)
		if (w[i] < 'a' || w[i] > 'z')
			return false;
	if (coder_vocab_find(c, w))
		return false;
	if (*nclient == SIZE_MAX)
		*nclient = ctx && ctx->client_last ? text_tokens(ctx->client_last, client, CODER_MAX_TOKENS) : 0;
	for (size_t i = 0; i < *nclient; i++)
		if (!strcmp(client[i].word, w))
			return false;
	return true;
}

/* The correction of w: the speller's first suggestion that the model knows,
 * within one edit for words of up to four letters and two for longer ones
 * (the most frequent in training on a tie), or "" to keep w. Remembered in a
 * small cache: a session repeats its typos. */
static const char *correction(const struct coder *c, const char *w)
{
	enum { CACHE = 512, SUGGESTIONS = 8 };
	static struct {
		char word[TEXT_WORD_MAX], fix[TEXT_WORD_MAX];
		const struct coder *coder;
	} cache[CACHE];
	char sugg[SUGGESTIONS][TEXT_WORD_MAX];
	size_t slot = coder_hash(w) % CACHE, n, best_d = 3, limit = strlen(w) <= 4 ? 1 : 2;
	unsigned best_count = 0;
	const char *best = "";

	if (cache[slot].coder == c && !strcmp(cache[slot].word, w))
		return cache[slot].fix;
	n = c->speller.suggest(c->speller.arg, w, sugg, SUGGESTIONS);
	for (size_t i = 0; i < n; i++) {
		const struct vocab_word *vw = coder_vocab_find(c, sugg[i]);
		size_t d = typo_distance(w, sugg[i]);
		if (!vw || d > limit || !strcmp(sugg[i], w))
			continue;
		if (d < best_d || (d == best_d && vw->count > best_count)) {
			best_d = d;
			best_count = vw->count;
			best = vw->word;
		}
	}
	cache[slot].coder = c;
	snprintf(cache[slot].word, sizeof cache[slot].word, "%s", w);
	snprintf(cache[slot].fix, sizeof cache[slot].fix, "%s", best);
	return cache[slot].fix;
}

void typed_restore(struct reply_view *v, const struct coder *c, const struct coder_context *ctx)
{
	static struct token client[CODER_MAX_TOKENS]; /* large: off the stack, as the view is */
	size_t nclient = SIZE_MAX, asked = 0;
	bool spell = c && c->speller.suggest && c->nvocab;

	v->corrected = 0;
	for (size_t i = 0; i < v->ntok; i++) {
		struct token *t = &v->tok[i];
		const char *fix = contraction(t->word);
		/* its, were, lets, well, hell, ill, id, shed, wed, ur */
		if (!fix && strlen(t->word) <= 4 && strchr("iwlhsu", t->word[0]))
			fix = ambiguous(v, c, i);
		if (!fix && spell && asked < SPELL_PER_REPLY && worth_checking(c, t->word, ctx, client, &nclient)) {
			asked++;
			fix = correction(c, t->word);
			if (!*fix)
				fix = NULL;
		}
		if (fix && strcmp(fix, t->word)) {
			set_word(t, fix);
			v->corrected++;
		}
	}
}
