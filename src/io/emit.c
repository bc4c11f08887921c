/* emit.c: JSON and CSV writers (see emit.h). */
#include "io/emit.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "core/util.h"

void json_init(struct json *j, FILE *out, bool pretty)
{
	memset(j, 0, sizeof *j);
	j->out = out;
	j->pretty = pretty;
}

static void json_indent(struct json *j)
{
	if (!j->pretty)
		return;
	fputc('\n', j->out);
	for (int i = 0; i < j->depth; i++)
		fputs("  ", j->out);
}

/* Before any value: the comma and indentation it needs. */
static void json_value_prefix(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth > 0) {
		if (j->need_comma[j->depth])
			fputc(',', j->out);
		j->need_comma[j->depth] = true;
		json_indent(j);
	}
}

static void json_open(struct json *j, int ch)
{
	json_value_prefix(j);
	fputc(ch, j->out);
	if (j->depth + 1 >= JSON_MAX_DEPTH)
		die("JSON nested too deeply");
	j->depth++;
	j->need_comma[j->depth] = false;
}

static void json_close(struct json *j, int ch)
{
	bool had = j->need_comma[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (had)
		json_indent(j);
	fputc(ch, j->out);
}

void json_object_begin(struct json *j) { json_open(j, '{'); }
void json_object_end(struct json *j) { json_close(j, '}'); }
void json_array_begin(struct json *j) { json_open(j, '['); }
void json_array_end(struct json *j) { json_close(j, ']'); }

/* Length of a valid UTF-8 sequence at s (n bytes left) and its code point;
 * 0 when invalid. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0)
		len = 2, c = s[0] & 0x1fu;
	else if ((s[0] & 0xf0) == 0xe0)
		len = 3, c = s[0] & 0x0fu;
	else if ((s[0] & 0xf8) == 0xf0)
		len = 4, c = s[0] & 0x07u;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3fu);
	}
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Characters a terminal acts on though they are no C0 control: C1 controls,
 * line and paragraph separators, bidi embeddings, overrides and isolates. */
static bool cp_active(uint32_t cp)
{
	return (cp >= 0x80 && cp < 0xa0) || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

void json_quote(FILE *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0, len;
	uint32_t cp;

	fputc('"', out);
	while (i < n) {
		/* Plain characters pass in runs; the rest flushes the run first. */
		if (u[i] >= 0x20 && u[i] < 0x7f && u[i] != '"' && u[i] != '\\') {
			i++;
			continue;
		}
		len = u[i] < 0x80 ? 1 : utf8_next(u + i, n - i, &cp);
		if (u[i] < 0x80)
			cp = u[i];
		/* C1 and bidi controls are escaped too: valid JSON either way,
		 * but terminals act on them raw. */
		if (len > 1 && !cp_active(cp)) {
			i += len;
			continue;
		}
		fwrite(s + run, 1, i - run, out);
		if (!len) {
			fputs("\\ufffd", out);
			i++;
			run = i;
			continue;
		}
		switch (cp) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		case '\b': fputs("\\b", out); break;
		case '\f': fputs("\\f", out); break;
		default: fprintf(out, "\\u%04x", (unsigned)cp); break;
		}
		i += len;
		run = i;
	}
	fwrite(s + run, 1, i - run, out);
	fputc('"', out);
}

void json_key(struct json *j, const char *key)
{
	json_value_prefix(j);
	json_quote(j->out, key, strlen(key));
	fputs(": ", j->out);
	j->after_key = true;
}

void json_stringn(struct json *j, const char *s, size_t n)
{
	json_value_prefix(j);
	json_quote(j->out, s, n);
}

void json_string(struct json *j, const char *s)
{
	if (!s) {
		json_null(j);
		return;
	}
	json_stringn(j, s, strlen(s));
}

void json_int(struct json *j, long long v)
{
	json_value_prefix(j);
	fprintf(j->out, "%lld", v);
}

void json_double(struct json *j, double v, int decimals)
{
	if (!isfinite(v)) {
		json_null(j);
		return;
	}
	json_value_prefix(j);
	fprintf(j->out, "%.*f", decimals < 0 ? 0 : decimals > 17 ? 17 : decimals, v);
}

void json_bool(struct json *j, bool v)
{
	json_value_prefix(j);
	fputs(v ? "true" : "false", j->out);
}

void json_null(struct json *j)
{
	json_value_prefix(j);
	fputs("null", j->out);
}

void json_newline(struct json *j)
{
	fputc('\n', j->out);
}

void json_kv_string(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string(j, s);
}

void json_kv_int(struct json *j, const char *key, long long v)
{
	json_key(j, key);
	json_int(j, v);
}

void json_kv_double(struct json *j, const char *key, double v, int decimals)
{
	json_key(j, key);
	json_double(j, v, decimals);
}

void json_kv_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

/* --- CSV ------------------------------------------------------------------- */

void csv_init(struct csv *c, FILE *out)
{
	c->out = out;
	c->row_started = false;
}

static void csv_sep(struct csv *c)
{
	if (c->row_started)
		fputc(',', c->out);
	c->row_started = true;
}

static bool csv_control(unsigned char b)
{
	return (b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f;
}

/* The field's bytes, quotes doubled, invalid UTF-8, C1 and bidi controls
 * and line separators as U+FFFD, other control characters in caret form ("^[" for ESC), so an
 * export shown in a terminal cannot carry an escape sequence; written in
 * runs, not a character at a time. */
static void csv_body(struct csv *c, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, run = 0, len;
	uint32_t cp = 0;

	while (i < n) {
		if (u[i] < 0x80 && u[i] != '"' && !csv_control(u[i])) {
			i++;
			continue;
		}
		len = u[i] < 0x80 ? 1 : utf8_next(u + i, n - i, &cp);
		if (u[i] >= 0x80 && len && !cp_active(cp)) {
			i += len;
			continue;
		}
		fwrite(s + run, 1, i - run, c->out);
		if (u[i] == '"')
			fputs("\"\"", c->out);
		else if (u[i] < 0x80)
			fprintf(c->out, "^%c", u[i] == 0x7f ? '?' : u[i] + '@');
		else
			fputs("\xef\xbf\xbd", c->out);
		i += len ? len : 1;
		run = i;
	}
	fwrite(s + run, 1, i - run, c->out);
}

static void csv_field(struct csv *c, const char *s, bool guard)
{
	bool quote, formula;

	csv_sep(c);
	if (!s)
		return;
	formula = guard && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@');
	quote = formula || strpbrk(s, ",\"\r\n") != NULL || s[0] == ' ' ||
		(*s && s[strlen(s) - 1] == ' ');
	if (!quote) {
		csv_body(c, s);
		return;
	}
	fputc('"', c->out);
	if (formula)
		fputc('\'', c->out);
	csv_body(c, s);
	fputc('"', c->out);
}

void csv_text(struct csv *c, const char *s)
{
	csv_field(c, s, true);
}

void csv_raw(struct csv *c, const char *s)
{
	csv_field(c, s, false);
}

void csv_int(struct csv *c, long long v)
{
	csv_sep(c);
	fprintf(c->out, "%lld", v);
}

void csv_double(struct csv *c, double v, int decimals)
{
	csv_sep(c);
	if (isfinite(v))
		fprintf(c->out, "%.*f", decimals < 0 ? 0 : decimals > 17 ? 17 : decimals, v);
}

void csv_empty(struct csv *c)
{
	csv_sep(c);
}

void csv_row_end(struct csv *c)
{
	fputs("\r\n", c->out);
	c->row_started = false;
}
