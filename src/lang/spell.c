/* lang/spell.c: see spell.h. Hunspell was chosen over GNU Aspell because its
 * C API is small (create, spell, suggest), it is what Debian's English
 * dictionaries are made for (hunspell-en-us, hunspell-en-gb), and it needs
 * no configuration files of its own. */
#include "lang/spell.h"

#include <hunspell/hunspell.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SPELL_DICTS = 4, SPELL_PATH = 512 };

struct speller {
	size_t n;
	char path[SPELL_DICTS][SPELL_PATH];
	Hunhandle *h[SPELL_DICTS];
	bool tried;
};

struct speller *spell_new(const char *const *dicts, size_t ndicts)
{
	struct speller *s = calloc(1, sizeof *s);

	if (!s)
		return NULL;
	for (size_t i = 0; i < ndicts && s->n < SPELL_DICTS; i++)
		if (strlen(dicts[i]) + 5 < SPELL_PATH)
			snprintf(s->path[s->n++], SPELL_PATH, "%s", dicts[i]);
	return s;
}

void spell_free(struct speller *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		if (s->h[i])
			Hunspell_destroy(s->h[i]);
	free(s);
}

/* Open the dictionaries, once; a missing one is skipped. Hunspell reports a
 * missing file by creating an empty handle, so a dictionary that knows not
 * even "the" is dropped. */
static void spell_open(struct speller *s)
{
	char aff[SPELL_PATH], dic[SPELL_PATH];

	s->tried = true;
	for (size_t i = 0; i < s->n; i++) {
		snprintf(aff, sizeof aff, "%s.aff", s->path[i]);
		snprintf(dic, sizeof dic, "%s.dic", s->path[i]);
		s->h[i] = Hunspell_create(aff, dic);
		if (s->h[i] && !Hunspell_spell(s->h[i], "the")) {
			Hunspell_destroy(s->h[i]);
			s->h[i] = NULL;
		}
	}
}

bool spell_known(struct speller *s, const char *word)
{
	if (!s)
		return false;
	if (!s->tried)
		spell_open(s);
	for (size_t i = 0; i < s->n; i++)
		if (s->h[i] && Hunspell_spell(s->h[i], word))
			return true;
	return false;
}

size_t spell_suggest(struct speller *s, const char *word, char *out, size_t cap, size_t max)
{
	Hunhandle *first = NULL;
	char **list = NULL;
	size_t got = 0;
	int n;

	if (!s || !cap)
		return 0;
	if (!s->tried)
		spell_open(s);
	for (size_t i = 0; i < s->n; i++) {
		if (!s->h[i])
			continue;
		if (Hunspell_spell(s->h[i], word))
			return 0;
		if (!first)
			first = s->h[i];
	}
	if (!first)
		return 0;
	n = Hunspell_suggest(first, &list, word);
	for (int i = 0; i < n && got < max; i++) {
		size_t len = strlen(list[i]);
		char *o = out + got * cap;
		if (len + 1 > cap)
			continue;
		for (size_t k = 0; k <= len; k++)
			o[k] = (char)(list[i][k] >= 'A' && list[i][k] <= 'Z' ? list[i][k] - 'A' + 'a' : list[i][k]);
		got++;
	}
	if (n > 0)
		Hunspell_free_list(first, &list, n);
	return got;
}
