/* assignment.c: the assignment model, its pass rules and their evaluation
 * (see assignment.h). Pure. */
#include "core/assignment.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pass_rules_init(struct pass_rules *r)
{
	memset(r, 0, sizeof *r);
	r->rq_ratio = -1;
	r->pct_complex = -1;
	r->min_overall = -1;
	for (int k = 0; k < SKILL_COUNT; k++)
		r->min_skill[k] = -1;
}

bool pass_rules_empty(const struct pass_rules *r)
{
	if (r->rq_ratio >= 0 || r->pct_complex >= 0 || r->no_codes || r->outcome[0] || r->min_overall >= 0)
		return false;
	for (int k = 0; k < SKILL_COUNT; k++)
		if (r->min_skill[k] >= 0)
			return false;
	return true;
}

static bool outcome_known(const char *s)
{
	static const char *const known[] = { "success", "failure", "limit", "quit", "interrupted" };
	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (!strcmp(s, known[i]))
			return true;
	return false;
}

static int parse_number(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	if (!*s)
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v) || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* One "key=value" rule. */
static int rule_set(struct pass_rules *r, const char *key, const char *val, struct error *err)
{
	double d;

	if (!strcmp(key, "rq_ratio")) {
		if (parse_number(val, 0, 100, &d))
			return error_set(err, EXIT_USAGE, "pass rule rq_ratio wants a number from 0 to 100, not '%s'", val);
		r->rq_ratio = d;
	} else if (!strcmp(key, "pct_complex")) {
		if (parse_number(val, 0, 100, &d))
			return error_set(err, EXIT_USAGE, "pass rule pct_complex wants a percentage from 0 to 100, not '%s'", val);
		r->pct_complex = d;
	} else if (!strcmp(key, "min_overall")) {
		if (parse_number(val, 0, 100, &d) || d != floor(d))
			return error_set(err, EXIT_USAGE, "pass rule min_overall wants a whole number from 0 to 100, not '%s'", val);
		r->min_overall = (int)d;
	} else if (!strcmp(key, "outcome")) {
		if (!outcome_known(val))
			return error_set(err, EXIT_USAGE,
					 "pass rule outcome wants success, failure, limit, quit or interrupted, not '%s'", val);
		snprintf(r->outcome, sizeof r->outcome, "%s", val);
	} else if (!strcmp(key, "no_codes")) {
		char *copy = xstrdup(val), *save = NULL;
		unsigned mask = 0;
		for (char *t = strtok_r(copy, "+ ", &save); t; t = strtok_r(NULL, "+ ", &save)) {
			int c = code_parse(t);
			if (c < 0) {
				error_set(err, EXIT_USAGE, "pass rule no_codes: '%s' is not a behaviour code (e.g. CONF, PERS)", t);
				free(copy);
				return -1;
			}
			mask |= CODE_BIT(c);
		}
		free(copy);
		if (!mask)
			return error_set(err, EXIT_USAGE, "pass rule no_codes names no code (write no_codes=CONF+PERS)");
		r->no_codes = mask;
	} else if (!strncmp(key, "min_skill.", 10)) {
		int k = skill_parse(key + 10);
		if (k < 0)
			return error_set(err, EXIT_USAGE,
					 "pass rule %s: '%s' is not a skill (empathy, reflection, discrepancy, self_efficacy)",
					 key, key + 10);
		if (parse_number(val, 0, 100, &d) || d != floor(d))
			return error_set(err, EXIT_USAGE, "pass rule %s wants a whole number from 0 to 100, not '%s'", key, val);
		r->min_skill[k] = (int)d;
	} else {
		return error_set(err, EXIT_USAGE,
				 "unknown pass rule '%s' (known: rq_ratio, pct_complex, no_codes, outcome, "
				 "min_skill.SKILL, min_overall)", key);
	}
	return 0;
}

int pass_rules_parse(const char *s, struct pass_rules *r, struct error *err)
{
	char *copy = xstrdup(s), *save = NULL;
	int rc = 0;

	pass_rules_init(r);
	for (char *t = strtok_r(copy, ",", &save); t && !rc; t = strtok_r(NULL, ",", &save)) {
		while (*t == ' ')
			t++;
		char *eq = strchr(t, '=');
		if (!*t)
			continue;
		if (!eq) {
			rc = error_set(err, EXIT_USAGE, "pass rule '%s' needs a value (write key=value)", t);
			break;
		}
		*eq = '\0';
		rc = rule_set(r, t, eq + 1, err);
	}
	free(copy);
	return rc;
}

static void add_number(struct strbuf *sb, double v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%.2f", v);
	/* 1.00 -> 1, 0.50 -> 0.5: the shortest form that reads back the same. */
	char *e = buf + strlen(buf) - 1;
	while (*e == '0')
		*e-- = '\0';
	if (*e == '.')
		*e = '\0';
	strbuf_adds(sb, buf);
}

static void add_codes(struct strbuf *sb, unsigned mask, const char *sep)
{
	bool first = true;
	for (int c = 0; c < CODE_COUNT; c++) {
		if (!(mask & CODE_BIT(c)))
			continue;
		strbuf_addf(sb, "%s%s", first ? "" : sep, code_name((enum mi_code)c));
		first = false;
	}
}

void pass_rules_format(const struct pass_rules *r, struct strbuf *sb)
{
	const char *sep = "";

	strbuf_add(sb, "", 0);
	if (r->rq_ratio >= 0) {
		strbuf_addf(sb, "%srq_ratio=", sep), sep = ",";
		add_number(sb, r->rq_ratio);
	}
	if (r->pct_complex >= 0) {
		strbuf_addf(sb, "%spct_complex=", sep), sep = ",";
		add_number(sb, r->pct_complex);
	}
	if (r->no_codes) {
		strbuf_addf(sb, "%sno_codes=", sep), sep = ",";
		add_codes(sb, r->no_codes, "+");
	}
	if (r->outcome[0])
		strbuf_addf(sb, "%soutcome=%s", sep, r->outcome), sep = ",";
	for (int k = 0; k < SKILL_COUNT; k++)
		if (r->min_skill[k] >= 0)
			strbuf_addf(sb, "%smin_skill.%s=%d", sep, skill_name((enum mi_skill)k), r->min_skill[k]), sep = ",";
	if (r->min_overall >= 0)
		strbuf_addf(sb, "%smin_overall=%d", sep, r->min_overall);
}

void pass_rules_describe(const struct pass_rules *r, struct strbuf *sb)
{
	const char *sep = "";

	strbuf_add(sb, "", 0);
	if (pass_rules_empty(r)) {
		strbuf_adds(sb, "none (every finished session passes)");
		return;
	}
	if (r->rq_ratio >= 0)
		strbuf_addf(sb, "%sreflections per question >= %.2f", sep, r->rq_ratio), sep = "; ";
	if (r->pct_complex >= 0)
		strbuf_addf(sb, "%scomplex reflections >= %.0f%%", sep, r->pct_complex), sep = "; ";
	if (r->no_codes) {
		strbuf_addf(sb, "%sno ", sep), sep = "; ";
		add_codes(sb, r->no_codes, "/");
	}
	if (r->outcome[0])
		strbuf_addf(sb, "%soutcome %s", sep, r->outcome), sep = "; ";
	for (int k = 0; k < SKILL_COUNT; k++)
		if (r->min_skill[k] >= 0)
			strbuf_addf(sb, "%s%s >= %d", sep, skill_name((enum mi_skill)k), r->min_skill[k]), sep = "; ";
	if (r->min_overall >= 0)
		strbuf_addf(sb, "%soverall >= %d", sep, r->min_overall);
}

bool attempt_passes(const struct pass_rules *r, const struct attempt *a, struct strbuf *why)
{
	if (!a->outcome) {
		if (why)
			strbuf_adds(why, "not finished");
		return false;
	}
	if (!a->scored || a->replies <= 0) {
		if (why)
			strbuf_adds(why, "no replies scored");
		return false;
	}
	if (r->outcome[0] && strcmp(r->outcome, a->outcome)) {
		if (why)
			strbuf_addf(why, "outcome %s, not %s", a->outcome, r->outcome);
		return false;
	}
	if (r->rq_ratio >= 0) {
		/* No question at all: reflections alone meet any ratio, nothing does not. */
		bool ok = a->rq_ratio >= 0 ? a->rq_ratio + 1e-9 >= r->rq_ratio : a->pct_complex >= 0;
		if (!ok) {
			if (why) {
				if (a->rq_ratio >= 0)
					strbuf_addf(why, "reflections per question %.2f < %.2f", a->rq_ratio, r->rq_ratio);
				else
					strbuf_adds(why, "no reflections");
			}
			return false;
		}
	}
	if (r->pct_complex >= 0 && !(a->pct_complex >= 0 && a->pct_complex + 1e-9 >= r->pct_complex)) {
		if (why) {
			if (a->pct_complex >= 0)
				strbuf_addf(why, "complex reflections %.0f%% < %.0f%%", a->pct_complex, r->pct_complex);
			else
				strbuf_adds(why, "no reflections");
		}
		return false;
	}
	if (r->no_codes & a->codes) {
		if (why) {
			strbuf_adds(why, "used ");
			add_codes(why, r->no_codes & a->codes, "/");
		}
		return false;
	}
	for (int k = 0; k < SKILL_COUNT; k++) {
		if (r->min_skill[k] >= 0 && a->skill[k] < r->min_skill[k]) {
			if (why)
				strbuf_addf(why, "%s %d < %d", skill_name((enum mi_skill)k), a->skill[k], r->min_skill[k]);
			return false;
		}
	}
	if (r->min_overall >= 0 && a->overall < r->min_overall) {
		if (why)
			strbuf_addf(why, "overall %d < %d", a->overall, r->min_overall);
		return false;
	}
	return true;
}

bool assignment_id_valid(const char *id)
{
	size_t n = id ? strlen(id) : 0;

	if (n == 0 || n > ASSIGNMENT_ID_MAX)
		return false;
	for (const char *s = id; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.'))
			return false;
	return id[0] != '-' && id[0] != '.';
}

bool assignment_has_scenario(const struct assignment *a, const char *scenario_id)
{
	for (size_t i = 0; i < a->nscenarios; i++)
		if (!strcmp(a->scenarios[i], scenario_id))
			return true;
	return false;
}

static bool date_valid(const char *s)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;
	char tail;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	return !(m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

int assignment_set_scenarios(struct assignment *a, const char *list, struct error *err)
{
	char *copy = xstrdup(list), *save = NULL;
	char **v = NULL;
	size_t n = 0;
	int rc = 0;

	for (char *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		bool dup = false;
		for (size_t i = 0; i < n; i++)
			dup |= !strcmp(v[i], t);
		if (dup)
			continue;
		if (n == ASSIGNMENT_MAX_SCENARIOS) {
			rc = error_set(err, EXIT_USAGE, "an assignment holds at most %d scenarios", ASSIGNMENT_MAX_SCENARIOS);
			break;
		}
		v = xrealloc(v, (n + 1) * sizeof *v);
		v[n++] = xstrdup(t);
	}
	free(copy);
	if (!rc && !n)
		rc = error_set(err, EXIT_USAGE, "no scenarios named (write a,b,c)");
	if (rc) {
		for (size_t i = 0; i < n; i++)
			free(v[i]);
		free(v);
		return -1;
	}
	for (size_t i = 0; i < a->nscenarios; i++)
		free(a->scenarios[i]);
	free(a->scenarios);
	a->scenarios = v;
	a->nscenarios = n;
	return 0;
}

int assignment_check(const struct assignment *a, struct error *err)
{
	if (!a->id || !assignment_id_valid(a->id))
		return error_set(err, EXIT_DATAERR,
				 "the assignment needs an id of lower-case letters, digits, '-', '_' or '.' (at most %d)",
				 ASSIGNMENT_ID_MAX);
	if (!a->pack_id || !*a->pack_id)
		return error_set(err, EXIT_DATAERR, "the assignment names no pack");
	if (!a->pack_version || !*a->pack_version)
		return error_set(err, EXIT_DATAERR, "the assignment names no pack version");
	if (!a->nscenarios)
		return error_set(err, EXIT_DATAERR, "the assignment names no scenarios");
	if (a->due && !date_valid(a->due))
		return error_set(err, EXIT_DATAERR, "due date '%s' is not a date like 2026-12-01", a->due);
	return 0;
}

/* The character at s (UTF-8) when YAML will not read it raw (C1 controls,
 * U+FEFF, U+FFFE, U+FFFF) or reads it as a line break (U+0085, U+2028,
 * U+2029), with its length in *len; 0 for any other. */
static unsigned yaml_unsafe(const unsigned char *s, size_t *len)
{
	if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f) {
		*len = 2;
		return s[1];
	}
	if ((s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0xa8 || s[2] == 0xa9)) ||
	    (s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) || (s[0] == 0xef && s[1] == 0xbf && s[2] >= 0xbe)) {
		*len = 3;
		return (unsigned)(s[0] & 0x0f) << 12 | (unsigned)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
	}
	return 0;
}

/* A YAML double-quoted scalar: every string is written this way, so nothing
 * a trainer types can change the document's structure, and everything it
 * holds reads back the same (control and other characters YAML refuses raw
 * are escaped). */
static void yaml_quote(struct strbuf *sb, const char *s)
{
	strbuf_adds(sb, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		size_t len;
		unsigned cp;
		if (c == '"' || c == '\\') {
			strbuf_addf(sb, "\\%c", c);
		} else if (c == '\n') {
			strbuf_adds(sb, "\\n");
		} else if (c == '\t') {
			strbuf_adds(sb, "\\t");
		} else if (c < 0x20 || c == 0x7f) {
			strbuf_addf(sb, "\\x%02x", c);
		} else if (c >= 0xc2 && (cp = yaml_unsafe((const unsigned char *)s, &len))) {
			strbuf_addf(sb, "\\u%04X", cp);
			s += len - 1;
		} else {
			strbuf_add(sb, (const char *)&c, 1);
		}
	}
	strbuf_adds(sb, "\"");
}

void assignment_format_yaml(const struct assignment *a, struct strbuf *sb)
{
	const struct pass_rules *r = &a->pass;

	strbuf_adds(sb, "# A micoach assignment (docs/assignment-format.md).\n"
			"# Trainees load it with: micoach assignment add FILE\n");
	strbuf_adds(sb, "assignment: ");
	yaml_quote(sb, a->id);
	if (a->title) {
		strbuf_adds(sb, "\ntitle: ");
		yaml_quote(sb, a->title);
	}
	strbuf_adds(sb, "\npack: ");
	yaml_quote(sb, a->pack_id);
	strbuf_adds(sb, "\nversion: ");
	yaml_quote(sb, a->pack_version);
	strbuf_adds(sb, "\nscenarios:\n");
	for (size_t i = 0; i < a->nscenarios; i++) {
		strbuf_adds(sb, "  - ");
		yaml_quote(sb, a->scenarios[i]);
		strbuf_adds(sb, "\n");
	}
	if (a->due)
		strbuf_addf(sb, "due: %s\n", a->due);
	strbuf_addf(sb, "mode: %s\n", a->exam ? "exam" : "coach");
	if (a->trainer) {
		strbuf_adds(sb, "trainer: ");
		yaml_quote(sb, a->trainer);
		strbuf_adds(sb, "\n");
	}
	if (pass_rules_empty(r))
		return;
	strbuf_adds(sb, "pass:\n");
	if (r->rq_ratio >= 0) {
		strbuf_adds(sb, "  rq_ratio: ");
		add_number(sb, r->rq_ratio);
		strbuf_adds(sb, "\n");
	}
	if (r->pct_complex >= 0) {
		strbuf_adds(sb, "  pct_complex: ");
		add_number(sb, r->pct_complex);
		strbuf_adds(sb, "\n");
	}
	if (r->no_codes) {
		strbuf_adds(sb, "  no_codes: [");
		add_codes(sb, r->no_codes, ", ");
		strbuf_adds(sb, "]\n");
	}
	if (r->outcome[0])
		strbuf_addf(sb, "  outcome: %s\n", r->outcome);
	bool any = false;
	for (int k = 0; k < SKILL_COUNT; k++)
		any |= r->min_skill[k] >= 0;
	if (any) {
		const char *sep = "";
		strbuf_adds(sb, "  min_skill: {");
		for (int k = 0; k < SKILL_COUNT; k++)
			if (r->min_skill[k] >= 0)
				strbuf_addf(sb, "%s%s: %d", sep, skill_name((enum mi_skill)k), r->min_skill[k]), sep = ", ";
		strbuf_adds(sb, "}\n");
	}
	if (r->min_overall >= 0)
		strbuf_addf(sb, "  min_overall: %d\n", r->min_overall);
}

void assignment_release(struct assignment *a)
{
	free(a->id);
	free(a->title);
	free(a->pack_id);
	free(a->pack_version);
	for (size_t i = 0; i < a->nscenarios; i++)
		free(a->scenarios[i]);
	free(a->scenarios);
	free(a->due);
	free(a->trainer);
	memset(a, 0, sizeof *a);
}
