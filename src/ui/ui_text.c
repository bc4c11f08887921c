/* ui_text.c: display widths, wrapping, the line editor, sparklines and gauges
 * for the curses front end; pure (see ui_text.h). */
#include "ui/ui_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/limits.h"

enum { EDIT_MAX = LIMIT_REPLY };  /* bytes in one reply: several paragraphs */

size_t ui_text_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;
	size_t len, i;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	} else if ((u[0] & 0xe0) == 0xc0) {
		len = 2, c = u[0] & 0x1f;
	} else if ((u[0] & 0xf0) == 0xe0) {
		len = 3, c = u[0] & 0x0f;
	} else if ((u[0] & 0xf8) == 0xf0) {
		len = 4, c = u[0] & 0x07;
	} else {
		goto bad;
	}
	if (len > n)
		goto bad;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = 0xfffd;
	return 1;
}

/* Characters drawn as "\uXXXX": C1 controls, line/paragraph separators and
 * the bidi overrides and isolates (they could reorder what follows). */
static bool is_escaped(uint32_t cp)
{
	return (cp >= 0x80 && cp < 0xa0) || cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

int ui_text_char_cols(uint32_t cp)
{
	int w;

	if (cp == '\t')
		return 1;
	if (cp < 0x20 || cp == 0x7f)
		return 2;
	if (is_escaped(cp))
		return 6;
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

size_t ui_text_char_inert(uint32_t cp, char out[16])
{
	if (cp == '\t')
		return (size_t)snprintf(out, 16, " ");
	if (cp < 0x20 || cp == 0x7f)
		return (size_t)snprintf(out, 16, "^%c", cp == 0x7f ? '?' : (char)(cp + '@'));
	if (is_escaped(cp))
		return (size_t)snprintf(out, 16, "\\u%04x", (unsigned)cp);
	if (wcwidth((wchar_t)cp) < 0)
		cp = 0xfffd;
	if (cp < 0x80) {
		out[0] = (char)cp;
		out[1] = '\0';
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		out[2] = '\0';
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		out[3] = '\0';
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	out[4] = '\0';
	return 4;
}

int ui_text_width(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;
	int w = 0;

	while (i < n) {
		i += ui_text_decode(s + i, n - i, &cp);
		w += ui_text_char_cols(cp);
	}
	return w;
}

size_t ui_text_fit(const char *s, size_t n, int cols, int *used)
{
	size_t i = 0, l;
	uint32_t cp;
	int w = 0, cw;

	while (i < n) {
		l = ui_text_decode(s + i, n - i, &cp);
		cw = ui_text_char_cols(cp);
		if (w + cw > cols)
			break;
		w += cw;
		i += l;
	}
	if (used)
		*used = w;
	return i;
}

struct spans {
	struct ui_span *v;
	size_t n, alloc;
};

static void spans_push(struct spans *sp, size_t start, size_t len)
{
	if (sp->n == sp->alloc) {
		sp->alloc = sp->alloc ? sp->alloc * 2 : 8;
		sp->v = xrealloc(sp->v, sp->alloc * sizeof *sp->v);
	}
	sp->v[sp->n].start = start;
	sp->v[sp->n].len = len;
	sp->n++;
}

/* Push s[start..end) less its trailing spaces. */
static void spans_push_trimmed(struct spans *sp, const char *s, size_t start, size_t end)
{
	while (end > start && s[end - 1] == ' ')
		end--;
	spans_push(sp, start, end - start);
}

size_t ui_text_wrap(const char *s, int cols, struct ui_span **lines)
{
	struct spans sp = {0};
	size_t n = strlen(s), pos = 0;

	if (cols < 1)
		cols = 1;
	for (;;) {
		size_t start = pos, i = pos, brk = 0, l;
		int w = 0, cw;
		uint32_t cp;
		bool ended = true;

		while (i < n) {
			l = ui_text_decode(s + i, n - i, &cp);
			if (cp == '\n') {
				spans_push(&sp, start, i - start);
				pos = i + 1;
				ended = false;
				break;
			}
			if (cp == ' ' && i > start)
				brk = i;
			cw = ui_text_char_cols(cp);
			if (w + cw > cols) {
				if (cp == ' ') {
					brk = i;
				} else if (!brk) {
					if (i == start)  /* wider than the line: alone */
						i += l;
					spans_push(&sp, start, i - start);
					pos = i;
					ended = false;
					break;
				}
				spans_push_trimmed(&sp, s, start, brk);
				pos = brk;
				while (pos < n && s[pos] == ' ')
					pos++;
				ended = pos >= n;
				if (ended)
					goto done;
				break;
			}
			w += cw;
			i += l;
		}
		if (ended) {
			spans_push(&sp, start, n - start);
			break;
		}
	}
done:
	if (!sp.n)
		spans_push(&sp, 0, 0);
	*lines = sp.v;
	return sp.n;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static bool contains_word(const char *hay, const char *w, size_t wl)
{
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < wl && hay[i] && lower((unsigned char)hay[i]) == lower((unsigned char)w[i]))
			i++;
		if (i == wl)
			return true;
	}
	return wl == 0;
}

bool ui_text_match(const char *hay, const char *needle)
{
	const char *p = needle;

	while (*p) {
		size_t wl;
		while (*p == ' ')
			p++;
		wl = strcspn(p, " ");
		if (wl && !contains_word(hay, p, wl))
			return false;
		p += wl;
	}
	return true;
}

void ui_text_spark(const double *v, size_t n, double lo, double hi, struct strbuf *sb)
{
	static const char *const bars[] = {
		"\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588",
	};

	for (size_t i = 0; i < n; i++) {
		double f = hi > lo ? (v[i] - lo) / (hi - lo) : 0.5;
		int k;
		if (f < 0)
			f = 0;
		if (f > 1)
			f = 1;
		k = (int)(f * 7 + 0.5);
		strbuf_adds(sb, bars[k]);
	}
}

int ui_text_gauge(int value, int min, int max, int cols)
{
	long num;

	if (max <= min || cols <= 0)
		return 0;
	if (value < min)
		value = min;
	if (value > max)
		value = max;
	num = (long)(value - min) * cols * 2 + (max - min);
	return (int)(num / ((long)(max - min) * 2));
}

/* ---- the line editor ---- */

static uint32_t char_at(const struct ui_edit *e, size_t i, size_t *len)
{
	uint32_t cp;
	size_t l = ui_text_decode(e->buf + i, e->len - i, &cp);
	if (len)
		*len = l;
	return cp;
}

static bool is_zero_width(uint32_t cp)
{
	return cp >= 0x300 && wcwidth((wchar_t)cp) == 0;
}

static size_t char_start_before(const struct ui_edit *e, size_t i)
{
	if (i == 0)
		return 0;
	i--;
	while (i > 0 && ((unsigned char)e->buf[i] & 0xc0) == 0x80)
		i--;
	return i;
}

/* The previous and next cursor stops: a base character and the combining
 * marks after it move and delete as one. */
static size_t stop_before(const struct ui_edit *e, size_t i)
{
	i = char_start_before(e, i);
	while (i > 0 && is_zero_width(char_at(e, i, NULL)))
		i = char_start_before(e, i);
	return i;
}

static size_t stop_after(const struct ui_edit *e, size_t i)
{
	size_t l;

	if (i >= e->len)
		return e->len;
	char_at(e, i, &l);
	i += l;
	while (i < e->len && is_zero_width(char_at(e, i, &l)))
		i += l;
	return i;
}

static size_t word_before(const struct ui_edit *e, size_t i)
{
	while (i > 0 && e->buf[i - 1] == ' ')
		i--;
	while (i > 0 && e->buf[i - 1] != ' ')
		i--;
	return i;
}

static size_t word_after(const struct ui_edit *e, size_t i)
{
	while (i < e->len && e->buf[i] == ' ')
		i++;
	while (i < e->len && e->buf[i] != ' ')
		i++;
	return i;
}

static void edit_delete(struct ui_edit *e, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(e->buf + from, e->buf + to, e->len - to + 1);
	e->len -= to - from;
	if (e->cursor >= to)
		e->cursor -= to - from;
	else if (e->cursor > from)
		e->cursor = from;
}

bool ui_edit_insert(struct ui_edit *e, uint32_t cp)
{
	char enc[16];
	size_t n;

	if (cp == '\t')
		cp = ' ';
	if (cp < 0x20 || cp == 0x7f || is_escaped(cp) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff) || wcwidth((wchar_t)cp) < 0)
		return false;
	n = ui_text_char_inert(cp, enc);
	if (e->len + n > EDIT_MAX)
		return false;
	if (e->len + n + 1 > e->alloc) {
		e->alloc = e->alloc ? e->alloc * 2 : 128;
		while (e->alloc < e->len + n + 1)
			e->alloc *= 2;
		e->buf = xrealloc(e->buf, e->alloc);
	}
	if (!e->len)
		e->buf[0] = '\0';
	memmove(e->buf + e->cursor + n, e->buf + e->cursor, e->len - e->cursor + 1);
	memcpy(e->buf + e->cursor, enc, n);
	e->len += n;
	e->cursor += n;
	return true;
}

void ui_edit_apply(struct ui_edit *e, enum ui_edit_op op)
{
	switch (op) {
	case EDIT_LEFT:
		e->cursor = stop_before(e, e->cursor);
		break;
	case EDIT_RIGHT:
		e->cursor = stop_after(e, e->cursor);
		break;
	case EDIT_HOME:
		e->cursor = 0;
		break;
	case EDIT_END:
		e->cursor = e->len;
		break;
	case EDIT_WORD_LEFT:
		e->cursor = word_before(e, e->cursor);
		break;
	case EDIT_WORD_RIGHT:
		e->cursor = word_after(e, e->cursor);
		break;
	case EDIT_BACKSPACE:
		edit_delete(e, stop_before(e, e->cursor), e->cursor);
		break;
	case EDIT_DELETE:
		edit_delete(e, e->cursor, stop_after(e, e->cursor));
		break;
	case EDIT_KILL_START:
		edit_delete(e, 0, e->cursor);
		break;
	case EDIT_KILL_END:
		edit_delete(e, e->cursor, e->len);
		break;
	case EDIT_KILL_WORD:
		edit_delete(e, word_before(e, e->cursor), e->cursor);
		break;
	}
}

void ui_edit_clear(struct ui_edit *e)
{
	e->len = e->cursor = 0;
	if (e->buf)
		e->buf[0] = '\0';
}

void ui_edit_set(struct ui_edit *e, const char *s)
{
	size_t i = 0, n = strlen(s);
	uint32_t cp;

	ui_edit_clear(e);
	while (i < n) {
		i += ui_text_decode(s + i, n - i, &cp);
		ui_edit_insert(e, cp);
	}
}

const char *ui_edit_text(const struct ui_edit *e)
{
	return e->len ? e->buf : "";
}

void ui_edit_cursor(const struct ui_edit *e, const struct ui_span *lines, size_t n,
		    int cols, int *row, int *col)
{
	size_t r = 0, end;
	int c;

	for (size_t i = 0; i < n; i++)
		if (lines[i].start <= e->cursor)
			r = i;
	if (!n) {
		*row = *col = 0;
		return;
	}
	end = lines[r].start + lines[r].len;
	if (e->cursor <= end) {
		c = ui_text_width(ui_edit_text(e) + lines[r].start, e->cursor - lines[r].start);
	} else {  /* in the spaces dropped at a break */
		c = ui_text_width(ui_edit_text(e) + lines[r].start, lines[r].len) +
		    (int)(e->cursor - end);
		if (c > cols - 1)
			c = cols - 1;
	}
	if (c >= cols) {
		*row = (int)r + 1;
		*col = 0;
		return;
	}
	*row = (int)r;
	*col = c;
}

void ui_edit_release(struct ui_edit *e)
{
	free(e->buf);
	e->buf = NULL;
	e->len = e->alloc = e->cursor = 0;
}
