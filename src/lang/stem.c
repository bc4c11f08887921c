/* lang/stem.c: see stem.h. One stemmer, made on first use and kept until
 * stem_release(); micoach is single-threaded, so sharing it is safe. */
#include "lang/stem.h"

#include <libstemmer.h>
#include <string.h>

static struct sb_stemmer *stemmer;

bool stem_english(const char *word, size_t n, char *out, size_t cap)
{
	const sb_symbol *s;
	int len;

	if (!stemmer)
		stemmer = sb_stemmer_new("english", NULL);
	s = stemmer ? sb_stemmer_stem(stemmer, (const sb_symbol *)word, (int)n) : NULL;
	if (!s || !cap)
		return false;
	len = sb_stemmer_length(stemmer);
	if (len < 0)
		len = 0;
	if ((size_t)len >= cap)
		len = (int)cap - 1;
	memcpy(out, s, (size_t)len);
	out[len] = '\0';
	return true;
}

void stem_release(void)
{
	if (stemmer)
		sb_stemmer_delete(stemmer);
	stemmer = NULL;
}
