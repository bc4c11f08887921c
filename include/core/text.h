/* text.h: words. Tokenising, lower-casing and English stemming (Snowball's
 * libstemmer, included only in text.c), shared by the coder and the dialogue's
 * `about:` matches. Pure. */
#ifndef MICOACH_TEXT_H
#define MICOACH_TEXT_H

#include <stdbool.h>
#include <stddef.h>

enum { TEXT_WORD_MAX = 64 };

struct token {
	size_t start, len;            /* byte span in the source text */
	char word[TEXT_WORD_MAX];     /* lower-cased ASCII letters/digits/apostrophe; UTF-8 kept as is */
	char stem[TEXT_WORD_MAX];     /* English stem of word */
};

/* Split text into word tokens. Returns the count; writes at most max tokens.
 * Thread-compatible: uses a stemmer per call site (see text.c). */
size_t text_tokens(const char *text, struct token *out, size_t max);
/* The next token of text at or after *pos (start with *pos = 0), stemmed;
 * false at the end. Streams over a text of any length without an array. */
bool text_next_token(const char *text, size_t *pos, struct token *out);
/* text_next_token() without the stem (out->stem is ""): for what needs
 * only the words. */
bool text_next_word(const char *text, size_t *pos, struct token *out);
/* Stem one lower-case word into out (size TEXT_WORD_MAX). */
void text_stem(const char *word, char out[TEXT_WORD_MAX]);
/* Does text mention any of the words (compared by stem; a word with a space
 * is a phrase and matches its words in order)? */
bool text_mentions(const char *text, char *const *words, size_t nwords);
/* Release the stemmer (for leak checkers at exit). */
void text_cleanup(void);

#endif
