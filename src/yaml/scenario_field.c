/* scenario_field.c: the scenario loader's vocabulary for reading a YAML
 * tree (see scenario_int.h): located errors (at most ERRORS_MAX a pack) with
 * did-you-mean suggestions, typed fields (text, whole numbers, booleans,
 * lists, ids), code and skill names, and meter expressions. */
#include "scenario_int.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"

/* ---- diagnostics ------------------------------------------------------- */

static void verr(struct loader *L, int line, int col, const char *fmt, va_list ap)
{
	struct strbuf sb = {0};

	/* A hostile file can hold thousands of mistakes: report the first
	 * ERRORS_MAX, which is all anyone reads, and stop spending time on
	 * suggestions for the rest. */
	if (++L->errors < ERRORS_MAX) {
		strbuf_vaddf(&sb, fmt, ap);
		diag_add(L->dl, DIAG_ERROR, L->file, line, col, "%s", sb.buf);
	} else if (L->errors == ERRORS_MAX) {
		diag_add(L->dl, DIAG_ERROR, L->file, line, col,
			 "too many errors (%d); fix these first, the rest are not shown", ERRORS_MAX);
	}
	strbuf_release(&sb);
}

void err_at(struct loader *L, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(L, line, col, fmt, ap);
	va_end(ap);
}

void err_node(struct loader *L, const struct yamldoc_node *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(L, n ? n->line : 0, n ? n->col : 0, fmt, ap);
	va_end(ap);
}

/* The closest candidate to word, or NULL when none is close enough to be
 * worth suggesting. */
static const char *suggest(const char *word, const char *const *cands, size_t n)
{
	size_t len = strlen(word);
	size_t max = len < 3 ? 1 : len < 9 ? 2 : 3;
	size_t best = max + 1;
	const char *pick = NULL;

	if (len > 100)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t d;
		if (!cands[i])
			continue;
		d = edit_distance(word, cands[i], max);
		if (d < best) {
			best = d;
			pick = cands[i];
		}
	}
	return pick;
}

/* " (did you mean 'x'?)" or "", in a static buffer for one message. */
const char *did_you_mean(const struct loader *L, const char *word, const char *const *cands, size_t n)
{
	static char buf[160];
	const char *s = L->errors >= ERRORS_MAX ? NULL : suggest(word, cands, n);

	if (!s)
		return "";
	snprintf(buf, sizeof buf, " (did you mean '%.100s'?)", s);
	return buf;
}

/* Quote a scalar for a message, shortened. */
const char *shorten(const char *s)
{
	static char buf[4][48];
	static int which;
	char *b = buf[which++ % 4];
	size_t n = strlen(s);

	if (n < sizeof buf[0])
		return s;
	memcpy(b, s, 40);
	/* do not cut a UTF-8 sequence */
	size_t k = 40;
	while (k > 0 && ((unsigned char)b[k] & 0xc0) == 0x80)
		k--;
	memcpy(b + k, "...", 4);
	return b;
}

/* ---- typed access ------------------------------------------------------ */

static bool is_null(const struct yamldoc_node *v)
{
	return v->kind == YAMLDOC_SCALAR && v->plain &&
	       (v->len == 0 || !strcmp(v->str, "~") || !strcmp(v->str, "null") ||
		!strcmp(v->str, "Null") || !strcmp(v->str, "NULL"));
}

const char *ytype(const struct yamldoc_node *v)
{
	static char buf[80];

	if (v->kind == YAMLDOC_MAP)
		return "a mapping";
	if (v->kind == YAMLDOC_LIST)
		return "a list";
	if (is_null(v))
		return "nothing";
	snprintf(buf, sizeof buf, "'%s'", shorten(v->str));
	return buf;
}

const struct yamldoc_node *map_get(const struct yamldoc_node *m, const char *key)
{
	if (!m || m->kind != YAMLDOC_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < m->n; i += 2)
		if (!strcmp(m->kids[i]->str, key))
			return m->kids[i + 1];
	return NULL;
}

/* Report keys of m not in keys[] (NULL-terminated), with a suggestion. */
void map_check_keys(struct loader *L, const struct yamldoc_node *m, const char *what,
		    const char *const *keys)
{
	size_t nk = 0;

	while (keys[nk])
		nk++;
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const struct yamldoc_node *k = m->kids[i];
		size_t j;

		for (j = 0; j < nk; j++)
			if (!strcmp(k->str, keys[j]))
				break;
		if (j == nk) {
			const char *sug = L->errors < ERRORS_MAX ? suggest(k->str, keys, nk) : NULL;
			err_node(L, k, "unknown key '%s' in %s%s", shorten(k->str), what,
				 did_you_mean(L, k->str, keys, nk));
			if (sug) {
				L->suggested = xrealloc(L->suggested, (L->nsuggested + 1) * sizeof *L->suggested);
				L->suggested[L->nsuggested].map = m;
				L->suggested[L->nsuggested++].key = sug;
			}
		}
	}
}

/* Was key suggested for a misspelt key of m? Then that unknown-key error
 * has said it all, and "missing the required key" would only repeat it. */
bool misspelt_present(const struct loader *L, const struct yamldoc_node *m, const char *key)
{
	for (size_t i = 0; i < L->nsuggested; i++)
		if (L->suggested[i].map == m && !strcmp(L->suggested[i].key, key))
			return true;
	return false;
}

bool want_map(struct loader *L, const struct yamldoc_node *v, const char *key)
{
	if (v->kind == YAMLDOC_MAP)
		return true;
	err_node(L, v, "'%s' must be a mapping of keys, not %s", key, ytype(v));
	return false;
}

/* A text value; NULL (reported) when v is not one. */
char *want_str(struct loader *L, const struct yamldoc_node *v, const char *key)
{
	if (v->kind != YAMLDOC_SCALAR || is_null(v)) {
		err_node(L, v, "'%s' must be a text, not %s", key, ytype(v));
		return NULL;
	}
	/* Unquoted true and false are YAML's booleans (docs/scenario.schema.json
	 * agrees); a whole number such as a year is text. */
	if (v->plain && (!strcmp(v->str, "true") || !strcmp(v->str, "false"))) {
		err_node(L, v, "'%s' must be a text, not the boolean %s; to mean the word, quote it: \"%s\"", key,
			 v->str, v->str);
		return NULL;
	}
	check_bytes(L, v, v->str, LIMIT_SCENARIO_TEXT, key);
	return xstrdup(v->str);
}

void check_bytes(struct loader *L, const struct yamldoc_node *v, const char *s, size_t max, const char *key)
{
	size_t n = s ? strlen(s) : 0;

	if (n > max)
		err_node(L, v, "'%s' is %zu bytes, over micoach's limit of %zu (include/core/limits.h); "
			 "say it in fewer words", key, n, max);
}

/* A required (or optional, defaulting to "") text field of m. */
char *field_str(struct loader *L, const struct yamldoc_node *m, const char *key, bool required,
		const char *what)
{
	const struct yamldoc_node *v = map_get(m, key);
	char *s;

	if (!v) {
		if (required && !misspelt_present(L, m, key))
			err_node(L, m, "%s is missing the required key '%s'", what, key);
		return xstrdup("");
	}
	s = want_str(L, v, key);
	if (s && required && !*s) {
		err_node(L, v, "'%s' must not be empty", key);
	}
	return s ? s : xstrdup("");
}

static bool parse_int(const char *s, long long *out)
{
	const char *p = s;
	long long v = 0;
	bool neg = false;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (!isdigit((unsigned char)*p))
		return false;
	for (; isdigit((unsigned char)*p); p++) {
		if (v > (LLONG_MAX - 9) / 10)
			return false;
		v = v * 10 + (*p - '0');
	}
	if (*p)
		return false;
	*out = neg ? -v : v;
	return true;
}

bool want_int(struct loader *L, const struct yamldoc_node *v, const char *key, long long lo,
	      long long hi, long long *out)
{
	long long x;

	if (v->kind != YAMLDOC_SCALAR || !v->plain || !parse_int(v->str, &x)) {
		err_node(L, v, "'%s' must be a whole number from %lld to %lld, not %s", key, lo, hi, ytype(v));
		return false;
	}
	if (x < lo || x > hi) {
		err_node(L, v, "'%s' is %s, out of range: it must be from %lld to %lld", key,
			 shorten(v->str), lo, hi);
		return false;
	}
	*out = x;
	return true;
}

int field_int(struct loader *L, const struct yamldoc_node *m, const char *key, int lo, int hi,
	      int dflt, bool required, const char *what)
{
	const struct yamldoc_node *v = map_get(m, key);
	long long x;

	if (!v) {
		if (required && !misspelt_present(L, m, key))
			err_node(L, m, "%s is missing the required key '%s'", what, key);
		return dflt;
	}
	return want_int(L, v, key, lo, hi, &x) ? (int)x : dflt;
}

bool want_bool(struct loader *L, const struct yamldoc_node *v, const char *key, bool *out)
{
	if (v->kind == YAMLDOC_SCALAR && v->plain && (!strcmp(v->str, "true") || !strcmp(v->str, "false"))) {
		*out = v->str[0] == 't';
		return true;
	}
	err_node(L, v, "'%s' must be true or false, not %s", key, ytype(v));
	return false;
}

/* A list of texts, or one text standing for a list of one. */
bool want_strlist(struct loader *L, const struct yamldoc_node *v, const char *key, char ***out,
		  size_t *nout)
{
	if (v->kind == YAMLDOC_MAP || is_null(v)) {
		err_node(L, v, "'%s' must be a list of texts, like [a, b], not %s", key, ytype(v));
		return false;
	}
	if (v->kind == YAMLDOC_SCALAR) {
		char *s = want_str(L, v, key);
		if (!s)
			return false;
		*out = xcalloc(1, sizeof **out);
		(*out)[0] = s;
		*nout = 1;
		return true;
	}
	*out = xcalloc(v->n ? v->n : 1, sizeof **out);
	*nout = 0;
	for (size_t i = 0; i < v->n; i++) {
		char *s = want_str(L, v->kids[i], key);
		if (s)
			(*out)[(*nout)++] = s;
	}
	return *nout == v->n;
}

static bool id_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > ID_MAX)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

bool check_id(struct loader *L, const struct yamldoc_node *at, const char *s, const char *what)
{
	if (id_valid(s))
		return true;
	err_node(L, at, "%s '%s' is not a valid id: use 1 to %d lower-case letters, digits and '-'",
		 what, shorten(s), ID_MAX);
	return false;
}

char *field_id(struct loader *L, const struct yamldoc_node *m, const char *key, const char *what)
{
	const struct yamldoc_node *v = map_get(m, key);
	char *s = field_str(L, m, key, true, what);

	if (v && *s)
		check_id(L, v, s, key);
	return s;
}

/* ---- names: codes, skills -------------------------------------- */

#define CODE_SHORT(e, s, l) s,
static const char *const code_names[] = { MI_CODES(CODE_SHORT) };
#undef CODE_SHORT
#define SKILL_NAME(e, s, l) s,
const char *const skill_names[SKILL_COUNT] = { MI_SKILLS(SKILL_NAME) };
#undef SKILL_NAME

static bool text_is_lower(const char *s)
{
	for (; *s; s++)
		if (isupper((unsigned char)*s))
			return false;
	return true;
}

int name_index(const char *s, const char *const *names, size_t n, bool anycase)
{
	for (size_t i = 0; i < n; i++)
		if (anycase ? !strcasecmp(s, names[i]) : !strcmp(s, names[i]))
			return (int)i;
	return -1;
}

bool want_codes(struct loader *L, const struct yamldoc_node *v, const char *key, unsigned *out)
{
	char **names = NULL;
	size_t n = 0;
	bool ok = want_strlist(L, v, key, &names, &n);

	*out = 0;
	if (ok && n == 0) {
		err_node(L, v, "'%s' is an empty list; name at least one code (OQ, CQ, SR, CR, AF, SEEK, "
			 "AUTO, GI, PERS, PWP, CONF, OTHER) or leave the key out", key);
		ok = false;
	}
	for (size_t i = 0; i < n; i++) {
		int c = name_index(names[i], code_names, ARRAY_SIZE(code_names), true);
		/* Upper case or lower case, as the schema says, not mixed (Cr). */
		if (c >= 0 && strcmp(names[i], code_names[c]) && !text_is_lower(names[i]))
			c = -1;
		if (c < 0) {
			char up[32];
			size_t k;
			for (k = 0; names[i][k] && k + 1 < sizeof up; k++)
				up[k] = (char)toupper((unsigned char)names[i][k]);
			up[k] = '\0';
			err_node(L, v->kind == YAMLDOC_LIST && i < v->n ? v->kids[i] : v,
				 "'%s' names no code '%s'%s; the codes are OQ, CQ, SR, CR, AF, SEEK, AUTO, GI, "
				 "PERS, PWP, CONF, OTHER", key, shorten(names[i]),
				 did_you_mean(L, up, code_names, ARRAY_SIZE(code_names)));
			ok = false;
		} else {
			*out |= 1u << c;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ok;
}

bool want_skill_set(struct loader *L, const struct yamldoc_node *v, const char *key, unsigned *out)
{
	char **names = NULL;
	size_t n = 0;
	bool ok = want_strlist(L, v, key, &names, &n);

	*out = 0;
	for (size_t i = 0; i < n; i++) {
		int k = name_index(names[i], skill_names, SKILL_COUNT, false);
		if (k < 0) {
			err_node(L, v->kind == YAMLDOC_LIST && i < v->n ? v->kids[i] : v,
				 "'%s' names no skill '%s'%s; the skills are empathy, reflection, discrepancy, "
				 "self_efficacy", key, shorten(names[i]),
				 did_you_mean(L, names[i], skill_names, SKILL_COUNT));
			ok = false;
		} else {
			*out |= 1u << k;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ok;
}

/* ---- meter expressions ------------------------------------------------- */

static const char *meter_ids(const struct scenario *s, size_t i)
{
	return i < s->nmeters ? s->meters[i].id : NULL;
}

static const char *suggest_meter(const struct loader *L, const struct scenario *s, const char *word)
{
	const char *cands[METERS_MAX];

	for (size_t i = 0; i < METERS_MAX; i++)
		cands[i] = meter_ids(s, i);
	return did_you_mean(L, word, cands, METERS_MAX);
}

int resolve_meter(struct loader *L, const struct yamldoc_node *at, int line, int col, const char *name,
		  const char *key)
{
	int m = scenario_find_meter(L->s, name);

	if (m < 0) {
		if (at)
			err_node(L, at, "'%s' names no meter '%s'%s; declare it under 'meters'", key,
				 shorten(name), suggest_meter(L, L->s, name));
		else
			err_at(L, line, col, "'%s' names no meter '%s'%s; declare it under 'meters'", key,
			       shorten(name), suggest_meter(L, L->s, name));
	}
	return m;
}

/* "resistance >= 6 and rapport < 3" */
bool want_expr(struct loader *L, const struct yamldoc_node *v, const char *key, struct meter_expr *out)
{
	const char *s, *p;
	size_t alloc = 0;
	bool single_line;
	int base;

	out->cmps = NULL;
	out->n = 0;
	if (v->kind != YAMLDOC_SCALAR || is_null(v)) {
		err_node(L, v, "'%s' must be a meter expression like \"resistance >= 6 and rapport < 3\", not %s",
			 key, ytype(v));
		return false;
	}
	s = v->str;
	single_line = !strchr(s, '\n');
	base = v->col + (v->plain ? 0 : 1);
#define AT(ptr) (single_line ? v->line : v->line), (single_line ? base + (int)((ptr) - s) : v->col)
	p = s;
	for (;;) {
		const char *w;
		char name[ID_MAX + 1];
		size_t len;
		enum cmp_op op;
		long long val;

		while (*p == ' ' || *p == '\t')
			p++;
		w = p;
		while (isalnum((unsigned char)*p) || *p == '_' || *p == '-')
			p++;
		len = (size_t)(p - w);
		if (len == 0 || !isalpha((unsigned char)*w)) {
			err_at(L, AT(w), "'%s': expected a meter name at '%s'; write \"meter >= number\" joined by 'and'",
			       key, *w ? shorten(w) : "the end");
			goto fail;
		}
		if (len > ID_MAX) {
			err_at(L, AT(w), "'%s': meter name too long", key);
			goto fail;
		}
		memcpy(name, w, len);
		name[len] = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		const char *o = p;
		if (p[0] == '<' && p[1] == '=') op = CMP_LE, p += 2;
		else if (p[0] == '>' && p[1] == '=') op = CMP_GE, p += 2;
		else if (p[0] == '=' && p[1] == '=') op = CMP_EQ, p += 2;
		else if (p[0] == '!' && p[1] == '=') op = CMP_NE, p += 2;
		else if (p[0] == '<') op = CMP_LT, p += 1;
		else if (p[0] == '>') op = CMP_GT, p += 1;
		else {
			err_at(L, AT(o), "'%s': expected a comparison (<, <=, ==, !=, >=, >) after '%s'%s", key,
			       name, p[0] == '=' ? "; write '==' to test equality" : "");
			goto fail;
		}
		while (*p == ' ' || *p == '\t')
			p++;
		const char *nstart = p;
		char num[24];
		size_t nl = 0;
		if (*p == '+' || *p == '-')
			num[nl++] = *p++;
		while (isdigit((unsigned char)*p) && nl + 1 < sizeof num)
			num[nl++] = *p++;
		num[nl] = '\0';
		if (isdigit((unsigned char)*p) || !parse_int(num, &val) || val < -METER_LIMIT || val > METER_LIMIT) {
			err_at(L, AT(nstart), "'%s': expected a whole number (within +-%d) after '%s'", key,
			       METER_LIMIT, name);
			goto fail;
		}
		int m = resolve_meter(L, NULL, AT(w), name, key);
		if (m < 0)
			goto fail;
		if (out->n == alloc) {
			alloc = alloc ? 2 * alloc : 2;
			out->cmps = xrealloc(out->cmps, alloc * sizeof *out->cmps);
		}
		out->cmps[out->n++] = (struct meter_cmp){ .meter = m, .op = op, .value = (int)val };
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (!strncmp(p, "and", 3) && (p[3] == ' ' || p[3] == '\t')) {
			p += 3;
			if (out->n >= 16) {
				err_at(L, AT(p), "'%s': more than 16 comparisons", key);
				goto fail;
			}
			continue;
		}
		err_at(L, AT(p), "'%s': expected 'and' or the end at '%s' (only 'and' joins comparisons)", key,
		       shorten(p));
		goto fail;
	}
#undef AT
	return true;
fail:
	free(out->cmps);
	out->cmps = NULL;
	out->n = 0;
	return false;
}
