/* stem.h: English stems from Snowball's libstemmer (the only file that
 * includes <libstemmer.h> is lang/stem.c). The lang/ layer wraps language
 * libraries behind headers that expose none of their types; stemming is a
 * pure computation (no file, terminal or clock), so the core may call it. */
#ifndef MICOACH_STEM_H
#define MICOACH_STEM_H

#include <stdbool.h>
#include <stddef.h>

/* Stem the n bytes of word (lower case) into out (cap bytes, NUL-terminated,
 * cut to fit). Returns false (out untouched) when no stemmer could be made. */
bool stem_english(const char *word, size_t n, char *out, size_t cap);
/* Release the stemmer (for leak checkers at exit). */
void stem_release(void);

#endif
