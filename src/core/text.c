/* core/text.c: tokenising, lower-casing and English stemming (the stemmer
 * itself is lang/stem.c). A small direct-mapped cache in front of the
 * stemmer keeps the coder fast: replies use few distinct words. */
#include "core/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "lang/stem.h"

enum { STEM_CACHE = 4096 };
struct stem_slot {
	char word[TEXT_WORD_MAX];
	char stem[TEXT_WORD_MAX];
};
static struct stem_slot *stem_cache;

/* The length of the UTF-8 punctuation or space at s (general punctuation
 * U+2000-U+206F: dashes, quotes, ellipsis; Latin-1 U+00A0-U+00BF: no-break
 * space, guillemets, inverted marks), or 0. */
static size_t utf8_punct_len(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] == 0xC2 && u[1] >= 0xA0 && u[1] <= 0xBF)
		return 2;
	if (u[0] == 0xE2 && ((u[1] == 0x80 && u[2] >= 0x80 && u[2] <= 0xBF) ||
			     (u[1] == 0x81 && u[2] >= 0x80 && u[2] <= 0xAF)))
		return 3;
	return 0;
}

/* Does a word character start at s? */
static bool is_word_at(const char *s)
{
	unsigned char c = (unsigned char)*s;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c >= 0x80 && !utf8_punct_len(s);
}

/* U+2019 RIGHT SINGLE QUOTATION MARK, the typographic apostrophe. */
static bool is_curly_apostrophe(const char *s)
{
	return (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x99;
}

/* The length of the apostrophe at s (1 for ', 3 for U+2019), or 0. */
static size_t apostrophe_len(const char *s)
{
	if (s[0] == '\'')
		return 1;
	if (is_curly_apostrophe(s))
		return 3;
	return 0;
}

/* Find the next token at or after *pos; fill tok (without its stem). */
static bool next_word(const char *text, size_t *pos, struct token *tok)
{
	size_t i = *pos, n;

	for (;;) {
		size_t pl;
		if (!text[i])
			return false;
		if ((pl = utf8_punct_len(text + i))) {
			i += pl;
			continue;
		}
		/* A stray continuation byte cannot start a word. */
		if (is_word_at(text + i) && ((unsigned char)text[i] & 0xC0) != 0x80)
			break;
		i++;
	}
	tok->start = i;
	n = 0;
	for (;;) {
		unsigned char c = (unsigned char)text[i];
		size_t al = apostrophe_len(text + i);
		if (al) {
			/* An apostrophe inside a word ("don't"), not a quote mark. */
			if (!is_word_at(text + i + al))
				break;
			if (n + 1 < TEXT_WORD_MAX)
				tok->word[n++] = '\'';
			i += al;
			continue;
		}
		if (!c || !is_word_at(text + i))
			break;
		if (c >= 0x80) {
			/* Copy a whole UTF-8 sequence or none of it. */
			size_t l = 1;
			while (l < 4 && ((unsigned char)text[i + l] & 0xC0) == 0x80)
				l++;
			if (c >= 0xC0 && n + l < TEXT_WORD_MAX) {
				memcpy(tok->word + n, text + i, l);
				n += l;
			}
			i += l;
			continue;
		}
		if (n + 1 < TEXT_WORD_MAX)
			tok->word[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
		i++;
	}
	tok->word[n] = '\0';
	tok->len = i - tok->start;
	*pos = i;
	return true;
}

static uint32_t word_hash(const char *w)
{
	uint32_t h = 2166136261u;
	for (; *w; w++)
		h = (h ^ (unsigned char)*w) * 16777619u;
	return h;
}

void text_stem(const char *word, char out[TEXT_WORD_MAX])
{
	size_t n = strlen(word);
	struct stem_slot *slot;

	if (n >= TEXT_WORD_MAX)
		n = TEXT_WORD_MAX - 1;
	if (n < 3) {
		memcpy(out, word, n);
		out[n] = '\0';
		return;
	}
	if (!stem_cache) {
		stem_cache = xcalloc(STEM_CACHE, sizeof *stem_cache);
	}
	slot = stem_cache ? &stem_cache[word_hash(word) % STEM_CACHE] : NULL;
	if (slot && !strncmp(slot->word, word, TEXT_WORD_MAX) && slot->word[0]) {
		memcpy(out, slot->stem, TEXT_WORD_MAX);
		return;
	}
	if (!stem_english(word, n, out, TEXT_WORD_MAX)) {
		memcpy(out, word, n);
		out[n] = '\0';
		return;
	}
	if (slot) {
		memcpy(slot->word, word, n);
		slot->word[n] = '\0';
		memcpy(slot->stem, out, TEXT_WORD_MAX);
	}
}

bool text_next_token(const char *text, size_t *pos, struct token *out)
{
	if (!text || !next_word(text, pos, out))
		return false;
	text_stem(out->word, out->stem);
	return true;
}

bool text_next_word(const char *text, size_t *pos, struct token *out)
{
	if (!text || !next_word(text, pos, out))
		return false;
	out->stem[0] = '\0';
	return true;
}

size_t text_tokens(const char *text, struct token *out, size_t max)
{
	size_t pos = 0, n = 0;
	struct token tok;

	if (!text)
		return 0;
	while (n < max && next_word(text, &pos, &tok)) {
		out[n] = tok;
		text_stem(out[n].word, out[n].stem);
		n++;
	}
	return n;
}

/* Split one entry of text_mentions' list into stems. */
static size_t phrase_stems(const char *phrase, char stems[][TEXT_WORD_MAX], size_t max)
{
	size_t pos = 0, n = 0;
	struct token tok;

	while (n < max && next_word(phrase, &pos, &tok))
		text_stem(tok.word, stems[n++]);
	return n;
}

enum { MENTION_PHRASE_MAX = 8 };

bool text_mentions(const char *text, char *const *words, size_t nwords)
{
	char want[MENTION_PHRASE_MAX][TEXT_WORD_MAX];
	char ring[MENTION_PHRASE_MAX][TEXT_WORD_MAX];
	struct token tok;

	if (!text || !words)
		return false;
	for (size_t w = 0; w < nwords; w++) {
		size_t nw, pos = 0, seen = 0;
		if (!words[w])
			continue;
		nw = phrase_stems(words[w], want, MENTION_PHRASE_MAX);
		if (!nw)
			continue;
		/* Slide over the text keeping the last nw stems in a ring. */
		while (next_word(text, &pos, &tok)) {
			size_t k;
			text_stem(tok.word, ring[seen % nw]);
			seen++;
			if (seen < nw)
				continue;
			for (k = 0; k < nw; k++)
				if (strcmp(ring[(seen - nw + k) % nw], want[k]))
					break;
			if (k == nw)
				return true;
		}
	}
	return false;
}

void text_cleanup(void)
{
	stem_release();
	free(stem_cache);
	stem_cache = NULL;
}
