/* spell.h: English spelling suggestions from Hunspell (the only file that
 * includes <hunspell/hunspell.h> is lang/spell.c). Hunspell reads its
 * dictionaries from files when it starts; that happens on the first word
 * asked about, never at start-up, and the core only ever reaches it
 * through the callback it is handed (struct coder_speller, set by
 * io/model_file.c). */
#ifndef MICOACH_SPELL_H
#define MICOACH_SPELL_H

#include <stdbool.h>
#include <stddef.h>

struct speller;  /* opaque */

/* A speller for the dictionaries named (each a path without ".aff"/".dic",
 * e.g. "/usr/share/hunspell/en_GB"); nothing is read yet. A word is right
 * when any dictionary knows it. spell_free frees. */
struct speller *spell_new(const char *const *dicts, size_t ndicts);
void spell_free(struct speller *s);
/* Suggestions for word (lower case, UTF-8) into out (up to max words of cap
 * bytes each, lower case); 0 when the word is spelt right, no dictionary
 * could be loaded, or there is none. Loads the dictionaries on first use. */
/* Does a dictionary know word? (false when none could be loaded) */
bool spell_known(struct speller *s, const char *word);
size_t spell_suggest(struct speller *s, const char *word, char *out, size_t cap, size_t max);

#endif
