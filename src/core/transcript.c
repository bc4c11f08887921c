/* transcript.c: the transcript reader for `micoach code` (see transcript.h). */
#include "core/transcript.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static const struct {
	const char *label;
	enum speaker who;
} labels[] = {
	{ "c", SPEAKER_CLIENT },
	{ "client", SPEAKER_CLIENT },
	{ "p", SPEAKER_PRACTITIONER },
	{ "practitioner", SPEAKER_PRACTITIONER },
	{ "therapist", SPEAKER_PRACTITIONER },
	{ "counsellor", SPEAKER_PRACTITIONER },
	{ "counselor", SPEAKER_PRACTITIONER },
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* If the line [s, e) starts with a speaker label and a colon, return true and
 * set *who and *text (the first byte after the colon). */
static bool find_label(const char *s, const char *e, enum speaker *who, const char **text)
{
	const char *p = s, *w;

	while (p < e && is_space(*p))
		p++;
	w = p;
	while (p < e && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		p++;
	if (p == w || p >= e)
		return false;
	{
		const char *q = p;
		while (q < e && (*q == ' ' || *q == '\t'))
			q++;
		if (q >= e || *q != ':')
			return false;
		for (size_t i = 0; i < ARRAY_SIZE(labels); i++) {
			size_t n = strlen(labels[i].label), k;
			if ((size_t)(p - w) != n)
				continue;
			for (k = 0; k < n; k++) {
				char c = w[k];
				if (c >= 'A' && c <= 'Z')
					c = (char)(c - 'A' + 'a');
				if (c != labels[i].label[k])
					break;
			}
			if (k == n) {
				*who = labels[i].who;
				*text = q + 1;
				return true;
			}
		}
	}
	return false;
}

/* Append [s, e) trimmed to sb, with a space before it when sb has text. */
static void add_trimmed(struct strbuf *sb, const char *s, const char *e)
{
	while (s < e && is_space(*s))
		s++;
	while (e > s && is_space(e[-1]))
		e--;
	if (s == e)
		return;
	if (sb->len)
		strbuf_add(sb, " ", 1);
	strbuf_add(sb, s, (size_t)(e - s));
}

static void push(struct transcript *t, enum speaker who, int line)
{
	if (t->n == t->alloc) {
		t->alloc = t->alloc ? 2 * t->alloc : 16;
		t->items = xrealloc(t->items, t->alloc * sizeof *t->items);
	}
	t->items[t->n].who = who;
	t->items[t->n].text = NULL;
	t->items[t->n].line = line;
	t->n++;
	if (who == SPEAKER_PRACTITIONER)
		t->practitioner++;
}

int transcript_parse(const char *buf, size_t len, const char *file, struct transcript *out,
		     struct diag_list *dl)
{
	struct strbuf cur = {0};
	size_t bad, errors = dl->errors;
	const char *p = buf, *end = buf + len;
	int line = 0;

	memset(out, 0, sizeof *out);
	if (!utf8_valid(buf, len, &bad)) {
		/* Locate the bad byte: line and (byte) column. */
		int l = 1, col = 1;
		for (size_t i = 0; i < bad; i++) {
			if (buf[i] == '\n') {
				l++;
				col = 1;
			} else {
				col++;
			}
		}
		diag_add(dl, DIAG_ERROR, file, l, col, "%s; a transcript is UTF-8 text, one utterance a line",
			 buf[bad] == '\0' ? "a NUL byte (is this a binary file?)" : "invalid UTF-8");
		return -1;
	}
	/* A UTF-8 byte order mark (Windows editors write one) is not text. */
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		p += 3;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end, *s = p, *start = p, *text;
		enum speaker who;

		line++;
		p = nl ? nl + 1 : end;
		while (s < e && is_space(*s))
			s++;
		if (s == e || *s == '#')
			continue;
		if (find_label(s, e, &who, &text)) {
			if (out->n)
				out->items[out->n - 1].text = strbuf_detach(&cur);
			push(out, who, line);
			add_trimmed(&cur, text, e);
		} else if (out->n) {
			add_trimmed(&cur, s, e);
		} else {
			diag_add(dl, DIAG_ERROR, file, line, (int)(s - start) + 1,
				 "text before any speaker label; start each utterance with 'C:' (client) or 'P:' (practitioner)");
			strbuf_release(&cur);
			return -1;
		}
	}
	if (out->n)
		out->items[out->n - 1].text = strbuf_detach(&cur);
	strbuf_release(&cur);
	if (!out->practitioner) {
		diag_add(dl, DIAG_ERROR, file, 0, 0,
			 "no practitioner line; label the practitioner's utterances 'P:' (or Practitioner:, Therapist:, Counsellor:)");
		return -1;
	}
	return dl->errors > errors ? -1 : 0;
}

void transcript_release(struct transcript *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->items[i].text);
	free(t->items);
	memset(t, 0, sizeof *t);
}

static const char *before(const struct transcript *t, size_t i, enum speaker who)
{
	while (i-- > 0)
		if (t->items[i].who == who)
			return t->items[i].text;
	return NULL;
}

const char *transcript_client_before(const struct transcript *t, size_t i)
{
	return before(t, i, SPEAKER_CLIENT);
}

const char *transcript_practitioner_before(const struct transcript *t, size_t i)
{
	return before(t, i, SPEAKER_PRACTITIONER);
}
