/* The practice corpus (the .tsv files of data/corpus) as the training tool reads it:
 * every file through corpus_parse, the reader train-coder and the corpus
 * benchmark use, and then the rules of data/corpus/README.md that the reader
 * does not check itself: the primary by the precedence rule, faces and
 * styles from the lists, faces consistent with their codes, the skill caps,
 * ids unique and numbered in file order, one split, context and client line
 * per group, 4 to 10 replies a group, no reply twice in a file (vague
 * praise and fillers coded OTHER alone excepted: "nice one"), about a
 * fifth of each file's groups held out, every face in the holdout, and each
 * file's header comment stating its true number of items. Every problem is
 * reported as file:line with what to fix; the test fails if there is any. */
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/coder.h"
#include "core/coder_corpus.h"
#include "core/util.h"
#include "io/file.h"

/* The primary is the first of these the reply carries (README, "Primary code"). */
static const enum mi_code precedence[] = {
	CODE_CONF, CODE_PERS, CODE_PWP, CODE_AF, CODE_SEEK, CODE_AUTO,
	CODE_CR, CODE_SR, CODE_OQ, CODE_CQ, CODE_GI, CODE_OTHER,
};

enum face_kind { FACE_PERS, FACE_CONF, FACE_PERS_OR_CONF, FACE_PWP, FACE_MI };

static const struct face {
	const char *name;
	enum face_kind kind;
	int needs; /* a code the face always carries, or -1 */
} faces[] = {
	{ "order", FACE_PERS, CODE_PERS }, { "advice", FACE_PERS, CODE_PERS },
	{ "advice-question", FACE_PERS, CODE_PERS }, { "feelings-told", FACE_PERS, CODE_PERS },
	{ "warning", FACE_PERS_OR_CONF, -1 }, { "yes-but", FACE_PERS_OR_CONF, -1 },
	{ "arguing", FACE_CONF, CODE_CONF }, { "correcting", FACE_CONF, CODE_CONF },
	{ "labelling", FACE_CONF, CODE_CONF }, { "shaming", FACE_CONF, CODE_CONF },
	{ "blaming", FACE_CONF, CODE_CONF }, { "moralising", FACE_CONF, CODE_CONF },
	{ "sarcasm", FACE_CONF, CODE_CONF }, { "disbelief", FACE_CONF, CODE_CONF },
	{ "advice-asked", FACE_PWP, CODE_PWP }, { "advice-permission", FACE_PWP, CODE_PWP },
	{ "simple-reflection", FACE_MI, CODE_SR }, { "complex-reflection", FACE_MI, CODE_CR },
	{ "empathic-guess", FACE_MI, CODE_CR }, { "double-sided", FACE_MI, CODE_CR },
	{ "summary", FACE_MI, CODE_CR }, { "reflect-then-ask", FACE_MI, -1 },
	{ "affirm", FACE_MI, CODE_AF }, { "affirm-then-ask", FACE_MI, CODE_AF },
	{ "autonomy", FACE_MI, CODE_AUTO }, { "permission", FACE_MI, CODE_SEEK },
	{ "collaboration", FACE_MI, CODE_SEEK }, { "open-question", FACE_MI, CODE_OQ },
	{ "closed-question", FACE_MI, CODE_CQ }, { "info-neutral", FACE_MI, CODE_GI },
	{ "info-asked", FACE_MI, CODE_GI }, { "other", FACE_MI, CODE_OTHER },
};
enum { NFACES = sizeof faces / sizeof faces[0] };

struct problems {
	size_t n;
};

static void problem(struct problems *p, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (line > 0)
		fprintf(stderr, "%s:%d: ", file, line);
	else
		fprintf(stderr, "%s: ", file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	p->n++;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const struct face *face_find(const char *name)
{
	for (size_t i = 0; i < NFACES; i++)
		if (!strcmp(faces[i].name, name))
			return &faces[i];
	return NULL;
}

static bool has(unsigned codes, enum mi_code c)
{
	return (codes & CODE_BIT(c)) != 0;
}

/* The rules on one item alone. */
static void check_item(const struct corpus_item *it, bool *face_held_out, struct problems *p)
{
	const struct face *f = face_find(it->face);
	unsigned c = it->codes, bad = CODE_BIT(CODE_PERS) | CODE_BIT(CODE_CONF);
	unsigned refl = CODE_BIT(CODE_SR) | CODE_BIT(CODE_CR), ques = CODE_BIT(CODE_OQ) | CODE_BIT(CODE_CQ);
	const int *s = it->skills;

	for (size_t i = 0; i < sizeof precedence / sizeof precedence[0]; i++)
		if (has(c, precedence[i])) {
			if (it->primary != precedence[i])
				problem(p, it->file, it->line, "primary is %s, but the precedence rule gives %s: set column 8 to %s",
					code_name(it->primary), code_name(precedence[i]), code_name(precedence[i]));
			break;
		}
	if (strcmp(it->style, "careful") && strcmp(it->style, "typed") && strcmp(it->style, "sloppy"))
		problem(p, it->file, it->line, "style '%s' is not careful, typed or sloppy (column 10)", it->style);
	if (!f) {
		problem(p, it->file, it->line, "face '%s' is not in the README's list (column 9)", it->face);
		return;
	}
	face_held_out[f - faces] |= it->holdout;
	if (f->needs >= 0 && !has(c, (enum mi_code)f->needs))
		problem(p, it->file, it->line, "face %s carries %s: add it to the codes or change the face", f->name,
			code_name((enum mi_code)f->needs));
	if (f->kind == FACE_PERS_OR_CONF && !(c & bad))
		problem(p, it->file, it->line, "face %s carries PERS or CONF: add one or change the face", f->name);
	if (f->kind == FACE_PWP && (c & bad))
		problem(p, it->file, it->line, "face %s is PWP without PERS or CONF: change the codes or the face", f->name);
	if (f->kind == FACE_MI && (c & (bad | CODE_BIT(CODE_PWP))))
		problem(p, it->file, it->line, "MI-consistent face %s carries PERS, CONF or PWP: change the face", f->name);
	if ((!strcmp(f->name, "reflect-then-ask") && (!(c & refl) || !(c & ques))) ||
	    (!strcmp(f->name, "affirm-then-ask") && !(c & ques)))
		problem(p, it->file, it->line, "face %s needs its question code (and a reflection for reflect-then-ask)",
			f->name);
	/* Skill caps (README, "Skills"). */
	if (has(c, CODE_CONF) && s[SKILL_EMPATHY] != 0)
		problem(p, it->file, it->line, "a confrontation has empathy 0, not %d (column 11)", s[SKILL_EMPATHY]);
	else if (has(c, CODE_PERS) && s[SKILL_EMPATHY] > 1)
		problem(p, it->file, it->line, "persuasion caps empathy at 1, not %d (column 11)", s[SKILL_EMPATHY]);
	if (has(c, CODE_CR) && s[SKILL_REFLECTION] < 3)
		problem(p, it->file, it->line, "a complex reflection has reflection 3 or 4, not %d (column 12)",
			s[SKILL_REFLECTION]);
	if (!(c & refl) && s[SKILL_REFLECTION] > 1)
		problem(p, it->file, it->line, "no reflection code, so reflection is at most 1, not %d (column 12)",
			s[SKILL_REFLECTION]);
	if ((c & bad) && s[SKILL_DISCREPANCY] > 1)
		problem(p, it->file, it->line, "non-adherent replies have discrepancy at most 1, not %d (column 13)",
			s[SKILL_DISCREPANCY]);
}

/* ids PREFIX-NNNN numbered 1, 2, ... in file order. */
static void check_id(const struct corpus_item *it, long *expect, struct problems *p)
{
	const char *dash = strrchr(it->id, '-');
	char *end = NULL;
	long n = dash ? strtol(dash + 1, &end, 10) : -1;

	if (!dash || dash == it->id || !end || *end || strlen(dash + 1) < 4)
		problem(p, it->file, it->line, "id '%s' is not PREFIX-NNNN (column 1)", it->id);
	else if (n != *expect)
		problem(p, it->file, it->line, "id '%s' is out of order: expected number %04ld (never renumber; append)",
			it->id, *expect);
	*expect = n + 1;
}

struct group {
	const struct corpus_item *first;
	size_t n;
};

static int item_group_cmp(const void *a, const void *b)
{
	const struct corpus_item *x = *(const struct corpus_item *const *)a, *y = *(const struct corpus_item *const *)b;
	int c = strcmp(x->group, y->group);
	return c ? c : x->line - y->line;
}

static int item_reply_cmp(const void *a, const void *b)
{
	const struct corpus_item *x = *(const struct corpus_item *const *)a, *y = *(const struct corpus_item *const *)b;
	int c = strcmp(x->file, y->file);
	return c ? c : strcmp(x->reply, y->reply);
}

/* Groups across the corpus, ids, duplicates in a file, the holdout share per file. */
static void check_items(const struct corpus *c, char **files, size_t nfiles, struct problems *p)
{
	const struct corpus_item **v = xmalloc((c->n + 1) * sizeof *v);
	bool face_held_out[NFACES] = {0};

	for (size_t i = 0; i < c->n; i++) {
		v[i] = &c->items[i];
		check_item(&c->items[i], face_held_out, p);
	}
	for (size_t f = 0; f < nfiles; f++) {
		long expect = 1;
		size_t groups = 0, held = 0;
		const char *last = NULL;
		for (size_t i = 0; i < c->n; i++) {
			const struct corpus_item *it = &c->items[i];
			if (strcmp(it->file, files[f]))
				continue;
			check_id(it, &expect, p);
			if (!last || strcmp(last, it->group)) {
				groups++;
				held += it->holdout;
				last = it->group;
			}
		}
		if (groups && (held * 100 < groups * 15 || held * 100 > groups * 25))
			problem(p, files[f], 0, "%zu of %zu groups are holdout: keep it to about one in five (15-25%%)", held,
				groups);
	}
	qsort(v, c->n, sizeof *v, item_group_cmp);
	for (size_t i = 0, j; i < c->n; i = j) {
		for (j = i + 1; j < c->n && !strcmp(v[j]->group, v[i]->group); j++) {
			if (v[j]->holdout != v[i]->holdout)
				problem(p, v[j]->file, v[j]->line, "group %s has both splits: every reply has its group's split",
					v[j]->group);
			if (strcmp(v[j]->client, v[i]->client) || strcmp(v[j]->context, v[i]->context))
				problem(p, v[j]->file, v[j]->line, "group %s has another client line or context than at line %d",
					v[j]->group, v[i]->line);
			if (!strcmp(v[j]->id, v[j - 1]->id))
				problem(p, v[j]->file, v[j]->line, "id %s twice", v[j]->id);
		}
		if (j - i < 4 || j - i > 10)
			problem(p, v[i]->file, v[i]->line, "group %s has %zu replies: write 4 to 10 to each client line",
				v[i]->group, j - i);
	}
	qsort(v, c->n, sizeof *v, item_reply_cmp);
	for (size_t i = 1; i < c->n; i++)
		if (!strcmp(v[i]->file, v[i - 1]->file) && !strcmp(v[i]->reply, v[i - 1]->reply) &&
		    (v[i]->codes != CODE_BIT(CODE_OTHER) || v[i - 1]->codes != CODE_BIT(CODE_OTHER)))
			problem(p, v[i]->file, v[i]->line, "the same reply as line %d: vary the wording", v[i - 1]->line);
	for (size_t f = 0; f < NFACES; f++)
		if (!face_held_out[f])
			problem(p, "data/corpus", 0, "no holdout reply has face %s: write it into a holdout group", faces[f].name);
	free(v);
}

/* The header comment states the file's number of items ("N items" or "N replies"). */
static void check_header(const char *path, const char *buf, size_t len, size_t items, struct problems *p)
{
	char want1[40], want2[40];
	const char *line = buf, *end = buf + len;
	bool found = false;

	snprintf(want1, sizeof want1, " %zu items", items);
	snprintf(want2, sizeof want2, " %zu replies", items);
	while (line < end && *line == '#') {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t n = nl ? (size_t)(nl - line) : (size_t)(end - line);
		char *s = xstrndup(line, n);
		char *a = strstr(s, want1), *b = strstr(s, want2);
		found |= a || b; /* the leading space: the whole number, not the tail of a longer one */
		free(s);
		line += n + (nl ? 1 : 0);
	}
	if (!found)
		problem(p, path, 1, "the header comment does not state the file's %zu items: update its counts", items);
}

static void test_corpus_reads_and_keeps_its_rules(void **state)
{
	const char *src = getenv("MICOACH_SRC");
	/* data/corpus/pending/ holds files written but not yet trained on
	 * (data/corpus/README.md): they keep the same rules, and no reply may
	 * repeat one of the trained files'. */
	char *dirs[2] = { xasprintf("%s/data/corpus", src && *src ? src : "."),
			  xasprintf("%s/data/corpus/pending", src && *src ? src : ".") };
	char **files = NULL;
	size_t nfiles = 0, n;
	struct corpus c = {0};
	struct diag_list dl = {0};
	struct problems p = {0};

	(void)state;
	for (int d = 0; d < 2; d++) {
		DIR *dh = opendir(dirs[d]);
		struct dirent *de;
		if (!dh && d == 0)
			fail_msg("cannot open %s (run from the source tree, or set MICOACH_SRC)", dirs[d]);
		while (dh && (de = readdir(dh)))
			if (str_has_suffix(de->d_name, ".tsv")) {
				files = xrealloc(files, (nfiles + 1) * sizeof *files);
				files[nfiles++] = xasprintf("%s/%s", dirs[d], de->d_name);
			}
		if (dh)
			closedir(dh);
	}
	qsort(files, nfiles, sizeof *files, name_cmp);
	assert_true(nfiles >= 3); /* scenario-contexts, other-settings, round2 */
	for (size_t f = 0; f < nfiles; f++) {
		struct error err = {0};
		char *buf;
		size_t len, added;
		if (file_read_capped(files[f], (size_t)64 << 20, "corpus", &buf, &len, &err))
			fail_msg("%s", err.msg);
		added = corpus_parse(&c, buf, len, files[f], &dl);
		if (!added)
			problem(&p, files[f], 0, "no items");
		check_header(files[f], buf, len, added, &p);
		free(buf);
	}
	for (size_t i = 0; i < dl.n; i++)
		problem(&p, dl.items[i].file, dl.items[i].line, "%s", dl.items[i].message);
	check_items(&c, files, nfiles, &p);
	fprintf(stderr, "corpus: %zu items in %zu files, %zu problems\n", c.n, nfiles, p.n);
	n = c.n;
	corpus_release(&c);
	diag_list_release(&dl);
	for (size_t f = 0; f < nfiles; f++)
		free(files[f]);
	free(files);
	free(dirs[0]);
	free(dirs[1]);
	assert_true(n >= 3000);
	assert_int_equal(p.n, 0);
}

/* The reader itself: a located error for a bad line, the others kept. */
static void test_corpus_parse_reports_bad_lines(void **state)
{
	const char *text = "# comment\n"
			   "x-0001\tctx\tx-g001\ttune\tclient\treply\tCR OQ\tCR\treflect-then-ask\ttyped\t3\t3\t0\t0\n"
			   "x-0002\tctx\tx-g001\ttune\tclient\treply two\tSR\tCR\tsimple-reflection\ttyped\t2\t2\t0\t0\n"
			   "x-0003\tctx\tx-g001\tlater\tclient\treply three\tSR\tSR\tsimple-reflection\ttyped\t2\t2\t0\t0\n"
			   "x-0004\tctx\tx-g001\ttune\tclient\treply four\tSR\tSR\tsimple-reflection\n";
	struct corpus c = {0};
	struct diag_list dl = {0};

	(void)state;
	assert_int_equal(corpus_parse(&c, text, strlen(text), "t.tsv", &dl), 1);
	assert_int_equal(c.n, 1);
	assert_true(has(c.items[0].codes, CODE_CR) && has(c.items[0].codes, CODE_OQ));
	assert_int_equal(c.items[0].primary, CODE_CR);
	assert_int_equal(c.items[0].line, 2);
	assert_int_equal(dl.n, 3);
	assert_int_equal(dl.items[0].line, 3);
	assert_non_null(strstr(dl.items[0].message, "primary"));
	assert_int_equal(dl.items[1].line, 4);
	assert_non_null(strstr(dl.items[1].message, "split"));
	assert_int_equal(dl.items[2].line, 5);
	assert_non_null(strstr(dl.items[2].message, "columns"));
	corpus_release(&c);
	diag_list_release(&dl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_parse_reports_bad_lines),
		cmocka_unit_test(test_corpus_reads_and_keeps_its_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
