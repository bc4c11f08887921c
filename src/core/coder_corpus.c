/* coder_corpus.c: see coder_corpus.h. */
#include "core/coder_corpus.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

enum { CORPUS_COLUMNS = 14 };

/* Split line (modified in place) at tabs into at most max fields. */
static size_t split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;

	f[n++] = line;
	for (char *p = line; *p && n < max + 1; p++)
		if (*p == '\t') {
			*p = '\0';
			if (n == max)
				return max + 1; /* too many */
			f[n++] = p + 1;
		}
	return n;
}

static bool parse_codes(const char *s, unsigned *codes)
{
	char word[16];
	size_t n = 0;

	*codes = 0;
	for (;; s++) {
		if (*s && *s != ' ') {
			if (n + 1 >= sizeof word)
				return false;
			word[n++] = *s;
			continue;
		}
		if (n) {
			int c;
			word[n] = '\0';
			if ((c = code_parse(word)) < 0)
				return false;
			*codes |= CODE_BIT(c);
			n = 0;
		}
		if (!*s)
			return *codes != 0;
	}
}

static bool parse_item(char **f, struct corpus_item *it, const char **why)
{
	int primary = code_parse(f[7]);

	*why = NULL;
	if (strcmp(f[3], "tune") && strcmp(f[3], "holdout"))
		*why = "split is neither 'tune' nor 'holdout'";
	else if (!parse_codes(f[6], &it->codes))
		*why = "codes names an unknown code";
	else if (primary < 0 || !(it->codes & CODE_BIT(primary)))
		*why = "the primary is not one of the codes";
	if (*why)
		return false;
	for (int s = 0; s < SKILL_COUNT; s++) {
		char *end;
		long v = strtol(f[10 + s], &end, 10);
		if (*end || end == f[10 + s] || v < 0 || v > 4) {
			*why = "a skill rating is not 0 to 4";
			return false;
		}
		it->skills[s] = (int)v;
	}
	it->holdout = !strcmp(f[3], "holdout");
	it->primary = (enum mi_code)primary;
	it->id = xstrdup(f[0]);
	it->context = xstrdup(f[1]);
	it->group = xstrdup(f[2]);
	it->client = xstrdup(f[4]);
	it->reply = xstrdup(f[5]);
	it->face = xstrdup(f[8]);
	it->style = xstrdup(f[9]);
	return true;
}

size_t corpus_parse(struct corpus *c, const char *buf, size_t len, const char *path, struct diag_list *dl)
{
	size_t added = 0, pos = 0;
	int lineno = 0;

	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;
		char *line = xstrndup(buf + pos, n), *f[CORPUS_COLUMNS];
		struct corpus_item it = { .file = path };
		const char *why = NULL;
		size_t nf;

		pos += n + (nl ? 1 : 0);
		lineno++;
		if (n && line[n - 1] == '\r')
			line[n - 1] = '\0';
		if (!line[0] || line[0] == '#') {
			free(line);
			continue;
		}
		nf = split_tabs(line, f, CORPUS_COLUMNS);
		if (nf != CORPUS_COLUMNS)
			diag_add(dl, DIAG_ERROR, path, lineno, 0, "%s%zu columns, expected %d (tab-separated; see "
				 "data/corpus/README.md)", nf > CORPUS_COLUMNS ? "more than " : "", nf > CORPUS_COLUMNS ? nf - 1 : nf,
				 CORPUS_COLUMNS);
		else if (!parse_item(f, &it, &why))
			diag_add(dl, DIAG_ERROR, path, lineno, 0, "%s", why);
		else {
			it.line = lineno;
			if (c->n == c->alloc) {
				c->alloc = c->alloc ? 2 * c->alloc : 256;
				c->items = xrealloc(c->items, c->alloc * sizeof *c->items);
			}
			c->items[c->n++] = it;
			added++;
		}
		free(line);
	}
	return added;
}

void corpus_release(struct corpus *c)
{
	for (size_t i = 0; i < c->n; i++) {
		struct corpus_item *it = &c->items[i];
		free(it->id);
		free(it->context);
		free(it->group);
		free(it->client);
		free(it->reply);
		free(it->face);
		free(it->style);
	}
	free(c->items);
	memset(c, 0, sizeof *c);
}
