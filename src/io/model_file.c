/* io/model_file.c: see model_file.h. */
#include "io/model_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/coder_model.h"
#include "core/util.h"
#include "io/file.h"
#include "lang/spell.h"

/* The model is about 2^B * K floats; 2^22 * 12 * 4 bytes is the largest
 * coder_model_parse accepts, so nothing larger is read. */
enum { MODEL_FILE_MAX = 256 * 1024 * 1024 };

/* Debian's English dictionaries (hunspell-en-gb, hunspell-en-us): British
 * first, as the bundled scenarios are. */
static const char *const dictionaries[] = { "/usr/share/hunspell/en_GB", "/usr/share/hunspell/en_US" };

static size_t speller_suggest(void *arg, const char *word, char (*out)[TEXT_WORD_MAX], size_t max)
{
	return spell_suggest(arg, word, out[0], TEXT_WORD_MAX, max);
}

static void speller_release(void *arg)
{
	spell_free(arg);
}

void coder_attach_speller(struct coder *c)
{
	struct coder_speller s = { speller_suggest, speller_release, NULL };

	s.arg = spell_new(dictionaries, sizeof dictionaries / sizeof dictionaries[0]);
	if (s.arg)
		coder_set_speller(c, &s);
}

static void map_release(void *arg)
{
	file_map_release(arg);
	free(arg);
}

int coder_load(const char *path, struct coder **out, struct error *err)
{
	struct file_map *m = xmalloc(sizeof *m);
	int rc;

	*out = NULL;
	if (file_map_capped(path, MODEL_FILE_MAX, "coder model", m, err)) {
		free(m);
		if (err && err->status == EXIT_NOINPUT)
			error_set(err, EXIT_NOINPUT,
				  "%s: cannot open the coder model: No such file or directory (rebuild it with "
				  "'make train-coder')", path);
		return -1;
	}
	/* The weights (18 MB) stay in the mapped file: start-up copies none. */
	rc = coder_model_parse_borrowed(m->buf, m->len, path, map_release, m, out, err);
	if (!rc)
		coder_attach_speller(*out);
	return rc;
}

struct model_bytes {
	const char *buf;
	size_t len;
};

static int write_bytes(FILE *out, void *arg, struct error *err)
{
	const struct model_bytes *m = arg;

	(void)err;
	return fwrite(m->buf, 1, m->len, out) == m->len ? 0 : -1;
}

int coder_model_save(const struct coder *c, const char *path, struct error *err)
{
	struct model_bytes m;
	char *buf;
	int rc;

	m.len = coder_model_serialize(c, &buf);
	m.buf = buf;
	rc = file_write_atomic(path, 0644, write_bytes, &m, err);
	free(buf);
	return rc;
}
