/* json.c: the strict JSON reader (see json.h). Recursive descent with a
 * depth cap, so hostile input can neither overflow the stack nor run long. */
#include "core/json.h"

#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/isotime.h"
#include "core/util.h"

struct parser {
	const char *s;
	size_t n, pos;
	int line;
	size_t line_start;       /* offset where the current line begins */
	size_t col_pos;          /* a position on the current line whose column is col */
	int col;
	const char *file;
	size_t values;
	struct error *err;
};

static int col_of(struct parser *p, size_t pos)
{
	/* Columns count characters, not bytes: skip UTF-8 continuation bytes.
	 * Positions only grow, so counting on from the last one keeps a long
	 * single-line document linear, not quadratic. */
	size_t i = p->line_start;
	int col = 1;

	if (p->col_pos >= p->line_start && p->col_pos <= pos && p->col > 0)
		i = p->col_pos, col = p->col;
	for (; i < pos && i < p->n; i++)
		if (((unsigned char)p->s[i] & 0xc0) != 0x80 && col < 0x7fffffff)
			col++;
	p->col_pos = i;
	p->col = col;
	return col;
}

static int fail_at(struct parser *p, size_t pos, const char *what)
{
	if (pos >= p->n)
		return error_set(p->err, EXIT_DATAERR, "%s:%d:%d: error: %s (the file ends here; is it truncated?)",
				 p->file, p->line, col_of(p, p->n), what);
	return error_set(p->err, EXIT_DATAERR, "%s:%d:%d: error: %s", p->file, p->line, col_of(p, pos), what);
}

static void skip_ws(struct parser *p)
{
	while (p->pos < p->n) {
		char c = p->s[p->pos];
		if (c == '\n') {
			p->line++;
			p->line_start = ++p->pos;
		} else if (c == ' ' || c == '\t' || c == '\r') {
			p->pos++;
		} else {
			break;
		}
	}
}

static int parse_value(struct parser *p, struct json_value *v, int depth);

/* Does the text end part way through word ("fal" at the end of the file)? */
static bool literal_cut(const struct parser *p, const char *word)
{
	size_t left = p->n - p->pos;
	return left < strlen(word) && !memcmp(p->s + p->pos, word, left);
}

static bool literal(struct parser *p, const char *word)
{
	size_t k = strlen(word);
	if (p->n - p->pos >= k && !memcmp(p->s + p->pos, word, k)) {
		p->pos += k;
		return true;
	}
	return false;
}

static int hex4(const char *s, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static void put_utf8(struct strbuf *sb, unsigned cp)
{
	char b[4];
	size_t k;

	if (cp < 0x80)
		b[0] = (char)cp, k = 1;
	else if (cp < 0x800)
		b[0] = (char)(0xc0 | cp >> 6), b[1] = (char)(0x80 | (cp & 0x3f)), k = 2;
	else if (cp < 0x10000)
		b[0] = (char)(0xe0 | cp >> 12), b[1] = (char)(0x80 | ((cp >> 6) & 0x3f)),
		b[2] = (char)(0x80 | (cp & 0x3f)), k = 3;
	else
		b[0] = (char)(0xf0 | cp >> 18), b[1] = (char)(0x80 | ((cp >> 12) & 0x3f)),
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f)), b[3] = (char)(0x80 | (cp & 0x3f)), k = 4;
	strbuf_add(sb, b, k);
}

/* At the opening quote. Decodes into *out (caller frees). */
static int parse_string(struct parser *p, char **out, size_t *outlen)
{
	struct strbuf sb = {0};
	size_t open = p->pos++;

	strbuf_add(&sb, "", 0);
	for (;;) {
		size_t run = p->pos;
		while (p->pos < p->n && p->s[p->pos] != '"' && p->s[p->pos] != '\\' &&
		       (unsigned char)p->s[p->pos] >= 0x20)
			p->pos++;
		if (p->pos > run) {
			size_t bad;
			if (!utf8_valid(p->s + run, p->pos - run, &bad)) {
				strbuf_release(&sb);
				return fail_at(p, run + bad, "invalid UTF-8 in a string");
			}
			strbuf_add(&sb, p->s + run, p->pos - run);
		}
		if (p->pos >= p->n) {
			strbuf_release(&sb);
			return fail_at(p, p->n, "unterminated string");
		}
		char c = p->s[p->pos];
		if (c == '"') {
			p->pos++;
			break;
		}
		if (c != '\\') {
			strbuf_release(&sb);
			return fail_at(p, p->pos, c == '\n' ? "unterminated string (a raw line break inside it)"
						     : "a raw control character inside a string; write it as \\u00XX");
		}
		if (p->pos + 1 >= p->n) {
			strbuf_release(&sb);
			return fail_at(p, p->n, "unterminated string");
		}
		c = p->s[p->pos + 1];
		const char *simple = strchr("\"\\/bfnrt", c);
		if (c && simple) {
			static const char dec[] = "\"\\/\b\f\n\r\t";
			strbuf_add(&sb, &dec[simple - "\"\\/bfnrt"], 1);
			p->pos += 2;
			continue;
		}
		if (c != 'u') {
			strbuf_release(&sb);
			return fail_at(p, p->pos, "unknown escape in a string (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
		}
		unsigned cp, lo;
		if (p->n - p->pos < 6 || hex4(p->s + p->pos + 2, &cp)) {
			strbuf_release(&sb);
			return fail_at(p, p->pos, "\\u needs four hex digits");
		}
		size_t esc = p->pos;
		p->pos += 6;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (p->n - p->pos < 6 || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u' ||
			    hex4(p->s + p->pos + 2, &lo) || lo < 0xdc00 || lo > 0xdfff) {
				strbuf_release(&sb);
				return fail_at(p, esc, "a lone UTF-16 high surrogate in a \\u escape");
			}
			p->pos += 6;
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		} else if (cp >= 0xdc00 && cp <= 0xdfff) {
			strbuf_release(&sb);
			return fail_at(p, esc, "a lone UTF-16 low surrogate in a \\u escape");
		} else if (cp == 0) {
			strbuf_release(&sb);
			return fail_at(p, esc, "\\u0000 (a NUL character) is not allowed in a string");
		}
		put_utf8(&sb, cp);
	}
	(void)open;
	*outlen = sb.len;
	*out = strbuf_detach(&sb);
	return 0;
}

static int parse_number(struct parser *p, struct json_value *v)
{
	size_t b = p->pos, i = p->pos;
	bool frac = false;
	char tmp[64];

	if (i < p->n && p->s[i] == '-')
		i++;
	if (i >= p->n || p->s[i] < '0' || p->s[i] > '9')
		return fail_at(p, b, "expected a value (a string, number, object, array, true, false or null)");
	if (p->s[i] == '0' && i + 1 < p->n && p->s[i + 1] >= '0' && p->s[i + 1] <= '9')
		return fail_at(p, b, "a number may not start with 0");
	while (i < p->n && p->s[i] >= '0' && p->s[i] <= '9')
		i++;
	if (i < p->n && p->s[i] == '.') {
		frac = true;
		i++;
		if (i >= p->n || p->s[i] < '0' || p->s[i] > '9')
			return fail_at(p, i, "a digit must follow the decimal point");
		while (i < p->n && p->s[i] >= '0' && p->s[i] <= '9')
			i++;
	}
	if (i < p->n && (p->s[i] == 'e' || p->s[i] == 'E')) {
		frac = true;
		i++;
		if (i < p->n && (p->s[i] == '+' || p->s[i] == '-'))
			i++;
		if (i >= p->n || p->s[i] < '0' || p->s[i] > '9')
			return fail_at(p, i, "a digit must follow the exponent");
		while (i < p->n && p->s[i] >= '0' && p->s[i] <= '9')
			i++;
	}
	if (i - b >= sizeof tmp)
		return fail_at(p, b, "number too long");
	memcpy(tmp, p->s + b, i - b);
	tmp[i - b] = '\0';
	errno = 0;
	v->number = strtod(tmp, NULL);
	if (!isfinite(v->number))
		return fail_at(p, b, "number out of range");
	if (!frac) {
		errno = 0;
		long long ll = strtoll(tmp, NULL, 10);
		if (errno == 0) {
			v->is_int = true;
			v->integer = ll;
		}
	}
	v->type = JSON_NUMBER;
	p->pos = i;
	return 0;
}

static int parse_array(struct parser *p, struct json_value *v, int depth)
{
	size_t alloc = 0;

	v->type = JSON_ARRAY;
	p->pos++;
	skip_ws(p);
	if (p->pos < p->n && p->s[p->pos] == ']') {
		p->pos++;
		return 0;
	}
	for (;;) {
		if (v->n == alloc) {
			alloc = alloc ? alloc * 2 : 4;
			v->items = xrealloc(v->items, alloc * sizeof *v->items);
		}
		memset(&v->items[v->n], 0, sizeof v->items[0]);
		if (parse_value(p, &v->items[v->n++], depth + 1))
			return -1;
		skip_ws(p);
		if (p->pos < p->n && p->s[p->pos] == ',') {
			p->pos++;
			skip_ws(p);
			if (p->pos < p->n && p->s[p->pos] == ']')
				return fail_at(p, p->pos, "a trailing comma before ']'");
			continue;
		}
		if (p->pos < p->n && p->s[p->pos] == ']') {
			p->pos++;
			return 0;
		}
		return fail_at(p, p->pos, "expected ',' or ']' in an array");
	}
}

static int parse_object(struct parser *p, struct json_value *v, int depth)
{
	size_t alloc = 0;

	v->type = JSON_OBJECT;
	p->pos++;
	skip_ws(p);
	if (p->pos < p->n && p->s[p->pos] == '}') {
		p->pos++;
		return 0;
	}
	for (;;) {
		char *key;
		size_t klen, kpos = p->pos;
		int kline = p->line;

		if (p->pos >= p->n || p->s[p->pos] != '"')
			return fail_at(p, p->pos, "expected a member name in double quotes");
		if (parse_string(p, &key, &klen))
			return -1;
		for (size_t i = 0; i < v->n; i++) {
			if (!strcmp(v->keys[i], key)) {
				int line = p->line;
				p->line = kline;
				char *msg = xasprintf("duplicate member name '%s'", key);
				free(key);
				fail_at(p, kpos, msg);
				free(msg);
				p->line = line;
				return -1;
			}
		}
		if (v->n == alloc) {
			alloc = alloc ? alloc * 2 : 4;
			v->items = xrealloc(v->items, alloc * sizeof *v->items);
			v->keys = xrealloc(v->keys, alloc * sizeof *v->keys);
		}
		v->keys[v->n] = key;
		memset(&v->items[v->n], 0, sizeof v->items[0]);
		v->n++;
		skip_ws(p);
		if (p->pos >= p->n || p->s[p->pos] != ':')
			return fail_at(p, p->pos, "expected ':' after a member name");
		p->pos++;
		if (parse_value(p, &v->items[v->n - 1], depth + 1))
			return -1;
		skip_ws(p);
		if (p->pos < p->n && p->s[p->pos] == ',') {
			p->pos++;
			skip_ws(p);
			if (p->pos < p->n && p->s[p->pos] == '}')
				return fail_at(p, p->pos, "a trailing comma before '}'");
			continue;
		}
		if (p->pos < p->n && p->s[p->pos] == '}') {
			p->pos++;
			return 0;
		}
		return fail_at(p, p->pos, "expected ',' or '}' in an object");
	}
}

static int parse_value(struct parser *p, struct json_value *v, int depth)
{
	int rc;

	skip_ws(p);
	v->line = p->line;
	v->col = col_of(p, p->pos);
	v->start = p->pos;
	if (depth >= JSON_PARSE_MAX_DEPTH)
		return fail_at(p, p->pos, "nested too deeply");
	if (++p->values > JSON_PARSE_MAX_VALUES)
		return fail_at(p, p->pos, "too many values");
	if (p->pos >= p->n)
		return fail_at(p, p->pos, "expected a value");
	switch (p->s[p->pos]) {
	case '{':
		rc = parse_object(p, v, depth);
		break;
	case '[':
		rc = parse_array(p, v, depth);
		break;
	case '"':
		v->type = JSON_STRING;
		rc = parse_string(p, &v->string, &v->len);
		break;
	case 't':
	case 'f':
	case 'n':
		if (literal(p, "true"))
			v->type = JSON_BOOL, v->boolean = true, rc = 0;
		else if (literal(p, "false"))
			v->type = JSON_BOOL, rc = 0;
		else if (literal(p, "null"))
			v->type = JSON_NULL, rc = 0;
		else if (literal_cut(p, "true") || literal_cut(p, "false") || literal_cut(p, "null"))
			rc = fail_at(p, p->n, "expected a value (true, false or null)");
		else
			rc = fail_at(p, p->pos, "expected a value (true, false or null?)");
		break;
	default:
		rc = parse_number(p, v);
	}
	v->end = p->pos;
	return rc;
}

static void value_release(struct json_value *v)
{
	if (v->type == JSON_ARRAY || v->type == JSON_OBJECT) {
		for (size_t i = 0; i < v->n; i++) {
			value_release(&v->items[i]);
			if (v->keys)
				free(v->keys[i]);
		}
		free(v->items);
		free(v->keys);
	}
	free(v->string);
}

int json_parse(const char *buf, size_t len, const char *file, struct json_value **out,
	       struct error *err)
{
	struct parser p = { .s = buf, .n = len, .line = 1, .file = file ? file : "<input>", .err = err };
	struct json_value *v = xcalloc(1, sizeof *v);

	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		p.pos = p.line_start = 3; /* a UTF-8 byte-order mark, as some editors write */
	if (parse_value(&p, v, 0) == 0) {
		skip_ws(&p);
		if (p.pos == p.n) {
			*out = v;
			return 0;
		}
		fail_at(&p, p.pos, "unexpected text after the end of the document");
	}
	value_release(v);
	free(v);
	return -1;
}

void json_value_free(struct json_value *v)
{
	if (!v)
		return;
	value_release(v);
	free(v);
}

const struct json_value *json_member(const struct json_value *v, const char *key)
{
	if (!v || v->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->keys[i], key))
			return &v->items[i];
	return NULL;
}

const char *json_member_string(const struct json_value *v, const char *key, const char *dflt)
{
	const struct json_value *m = json_member(v, key);
	return m && m->type == JSON_STRING ? m->string : dflt;
}

/* --- Typed members ------------------------------------------------------------ */

const char *json_type_word(enum json_type t)
{
	switch (t) {
	case JSON_NULL: return "null";
	case JSON_BOOL: return "true or false";
	case JSON_NUMBER: return "a number";
	case JSON_STRING: return "a string";
	case JSON_ARRAY: return "a list";
	case JSON_OBJECT: return "an object";
	}
	BUG("json type %d", (int)t);
}

int json_bad(const struct json_reader *R, const struct json_value *v, const char *fmt, ...)
{
	struct strbuf sb = {0};
	va_list ap;
	int rc;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (v)
		rc = error_set(R->err, EXIT_DATAERR, "%s:%d:%d: error: %s", R->file, v->line, v->col, sb.buf);
	else
		rc = error_set(R->err, EXIT_DATAERR, "%s: error: %s", R->file, sb.buf);
	strbuf_release(&sb);
	return rc;
}

int json_get(const struct json_reader *R, const struct json_value *obj, const char *key, enum json_type t,
	     unsigned flags, const struct json_value **out)
{
	const struct json_value *m = json_member(obj, key);

	*out = NULL;
	if (!m)
		return flags & JSON_OPTIONAL ? 0 : json_bad(R, obj, "'%s' is missing", key);
	if (m->type == JSON_NULL && (flags & JSON_NULLABLE))
		return 0;
	if (m->type != t)
		return json_bad(R, m, "'%s' should be %s, not %s", key, json_type_word(t), json_type_word(m->type));
	*out = m;
	return 0;
}

int json_get_str(const struct json_reader *R, const struct json_value *obj, const char *key, unsigned flags,
		 size_t max, char **dst)
{
	const struct json_value *m;

	if (json_get(R, obj, key, JSON_STRING, flags, &m))
		return -1;
	if (!m) {
		if (json_member(obj, key)) { /* null */
			free(*dst);
			*dst = NULL;
		}
		return 0;
	}
	if (m->len > max)
		return json_bad(R, m, "'%s' is too long (%zu bytes; at most %zu)", key, m->len, max);
	free(*dst);
	*dst = xstrdup(m->string);
	return 0;
}

int json_get_int(const struct json_reader *R, const struct json_value *obj, const char *key, unsigned flags,
		 long long lo, long long hi, long long *dst)
{
	const struct json_value *m;

	if (json_get(R, obj, key, JSON_NUMBER, flags, &m))
		return -1;
	if (!m)
		return 0;
	if (!m->is_int || m->integer < lo || m->integer > hi)
		return json_bad(R, m, "'%s' should be a whole number from %lld to %lld", key, lo, hi);
	*dst = m->integer;
	return 0;
}

int json_get_real(const struct json_reader *R, const struct json_value *obj, const char *key, unsigned flags,
		  double lo, double hi, double *dst)
{
	const struct json_value *m;

	if (json_get(R, obj, key, JSON_NUMBER, flags, &m))
		return -1;
	if (!m)
		return 0;
	if (!(m->number >= lo && m->number <= hi))
		return json_bad(R, m, "'%s' should be from %g to %g", key, lo, hi);
	*dst = m->number;
	return 0;
}

int json_get_bool(const struct json_reader *R, const struct json_value *obj, const char *key, unsigned flags,
		  bool *dst)
{
	const struct json_value *m;

	if (json_get(R, obj, key, JSON_BOOL, flags, &m))
		return -1;
	if (m)
		*dst = m->boolean;
	return 0;
}

int json_get_time(const struct json_reader *R, const struct json_value *obj, const char *key, unsigned flags,
		  char **dst)
{
	char *t = NULL;

	if (json_get_str(R, obj, key, flags, ISO_TIME_SIZE, &t))
		return -1;
	if (!json_member(obj, key))
		return 0; /* missing, and optional: *dst as it was */
	if (t && !iso_time_valid(t)) {
		free(t);
		return json_bad(R, json_member(obj, key), "'%s' should be a time like 2026-11-25T19:30:00Z", key);
	}
	free(*dst);
	*dst = t;
	return 0;
}
