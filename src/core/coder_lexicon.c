/* coder_lexicon.c: the coder's word lists (function words, feelings,
 * values, contrasts, strengths, past successes, discourse openers) and which
 * of them a word is in, through a small cache. */
#include "coder_int.h"

#include <stdio.h>
#include <string.h>

#include "core/util.h"

uint32_t coder_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

bool lex_word_matches(const char *pat, const char *word)
{
	size_t n = strlen(pat);
	if (pat[0] == '*' && !pat[1])
		return true;
	if (n && pat[n - 1] == '*')
		return !strncmp(pat, word, n - 1);
	return !strcmp(pat, word);
}

static const char *const stop_words[] = {
	"a", "about", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by",
	"can", "could", "did", "do", "does", "don't", "for", "from", "get", "got", "had", "has", "have",
	"he", "her", "him", "his", "how", "i", "i'm", "if", "in", "is", "it", "it's", "just", "know",
	"like", "me", "mean", "mm", "my", "no", "not", "of", "oh", "ok", "okay", "on", "or", "so",
	"some", "that", "that's", "the", "their", "them", "then", "there", "they", "think", "this",
	"to", "um", "uh", "up", "was", "we", "well", "were", "what", "when", "which", "who", "why",
	"will", "with", "would", "yeah", "yes", "you", "you're", "your", "really", "very", "because",
	"kind", "sort", "thing", "things", "one", "out", "too", "also", "more", "go", "going",
};

bool coder_stop_word(const char *w)
{
	return (lex_mask(w) & LEX_STOP) != 0;
}

static const char *const feeling_words[] = {
	"feel", "feels", "feeling", "felt", "worr*", "scar*", "afraid", "frustrat*", "angry", "anger",
	"upset", "sad", "hurt*", "anxious", "nervous", "overwhelm*", "stress*", "tired", "exhaust*",
	"embarrass*", "ashamed", "shame", "guilt*", "lonely", "alone", "hopeless", "disappoint*",
	"annoy*", "fed", "torn", "stuck", "confus*", "proud", "relie*", "hard", "difficult", "tough",
	"concern*", "fear*", "pressure*", "unfair", "hopeful", "excited", "ready",
};

static const char *const value_words[] = {
	"important", "matter*", "value*", "care", "cares", "caring", "goal*", "want", "wants", "hope*",
	"kids", "children", "family", "daughter", "son", "grandchildren", "wife", "husband",
	"partner", "health", "healthy", "future", "dream*", "job", "career", "life",
};

static const char *const gap_words[] = {
	"but", "yet", "although", "though", "while", "however", "same", "other", "part", "both",
	"fit", "fits", "between", "meanwhile",
};

static const char *const strength_words[] = {
	"managed", "able", "did", "done", "succeeded", "strength*", "strong", "courage*", "determin*",
	"commit*", "already", "before", "worked", "effort", "tried", "proud", "skill*", "resourceful",
	"persist*", "kept", "stuck", "quit", "stopped", "progress", "capable", "confident*", "confidence",
	"can", "could", "succeed", "success*", "achiev*", "handled", "overcome", "survived",
};

static const char *const past_success_words[] = {
	"before", "already", "managed", "did", "worked", "last", "time", "succeeded", "used", "past",
};

/* Words that open a sentence without being its opener ("So, what..."). */
static const char *const discourse_openers[] = {
	"so", "and", "but", "well", "okay", "ok", "now", "then", "yeah", "yes", "right", "alright",
	"mm", "hmm", "uh", "um", "oh", "or",
};

/* Which word lists a word is in, as a bit mask, through a small cache
 * (replies reuse few words; the lists have prefix patterns). */
struct lex_slot {
	char word[TEXT_WORD_MAX];
	uint32_t mask;
	bool used;
};

static uint32_t lex_lookup(const char *w)
{
	static const struct {
		const char *const *words;
		size_t n;
		uint32_t bit;
	} lists[] = {
		{ stop_words, ARRAY_SIZE(stop_words), LEX_STOP },
		{ feeling_words, ARRAY_SIZE(feeling_words), LEX_FEELING },
		{ value_words, ARRAY_SIZE(value_words), LEX_VALUE },
		{ gap_words, ARRAY_SIZE(gap_words), LEX_GAP },
		{ strength_words, ARRAY_SIZE(strength_words), LEX_STRENGTH },
		{ past_success_words, ARRAY_SIZE(past_success_words), LEX_PAST },
		{ discourse_openers, ARRAY_SIZE(discourse_openers), LEX_OPENER },
	};
	uint32_t mask = 0;
	for (size_t l = 0; l < ARRAY_SIZE(lists); l++)
		for (size_t k = 0; k < lists[l].n; k++)
			if (lex_word_matches(lists[l].words[k], w)) {
				mask |= lists[l].bit;
				break;
			}
	return mask;
}

uint32_t lex_mask(const char *w)
{
	enum { LEX_CACHE = 2048 };
	static struct lex_slot cache[LEX_CACHE];
	struct lex_slot *slot = &cache[coder_hash(w) % LEX_CACHE];

	if (slot->used && !strcmp(slot->word, w))
		return slot->mask;
	snprintf(slot->word, sizeof slot->word, "%s", w);
	slot->mask = lex_lookup(w);
	slot->used = true;
	return slot->mask;
}
