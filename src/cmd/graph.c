/* cmd/graph.c: `micoach graph SCENARIO`: the scenario as a Graphviz DOT graph
 * (nodes, endings styled by kind, edges labelled with the branch condition
 * and its effects), for `micoach graph ID | dot -Tsvg > ID.svg`. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/app.h"
#include "core/util.h"
#include "io/print.h"
#include "yaml/pack_load.h"

static const char *op_text(enum cmp_op op)
{
	static const char *const ops[] = { "<", "<=", "==", "!=", ">=", ">" };
	return ops[op];
}

static void expr_describe(struct strbuf *sb, const struct scenario *s, const struct meter_expr *e)
{
	for (size_t i = 0; i < e->n; i++)
		strbuf_addf(sb, "%s%s %s %d", i ? " and " : "", s->meters[e->cmps[i].meter].id,
			    op_text(e->cmps[i].op), e->cmps[i].value);
}

static void codes_describe(struct strbuf *sb, const char *what, unsigned mask)
{
	const char *sep = "";

	if (!mask)
		return;
	strbuf_addf(sb, "%s ", what);
	for (int c = 0; c < CODE_COUNT; c++)
		if (mask & CODE_BIT(c)) {
			strbuf_addf(sb, "%s%s", sep, code_name((enum mi_code)c));
			sep = "|";
		}
	strbuf_adds(sb, "\n");
}

static void branch_describe(struct strbuf *sb, const struct scenario *s, const struct branch *b)
{
	const struct reply_match *m = &b->when;

	if (b->fallback) {
		strbuf_adds(sb, "fallback\n");
	} else {
		size_t before = sb->len;
		codes_describe(sb, "codes", m->codes);
		codes_describe(sb, "primary", m->primary);
		codes_describe(sb, "not", m->not_codes);
		if (m->nonadherent >= 0)
			strbuf_adds(sb, m->nonadherent ? "non-adherent\n" : "adherent\n");
		for (int k = 0; k < SKILL_COUNT; k++)
			if (m->min_skill[k] >= 0)
				strbuf_addf(sb, "%s >= %d\n", skill_name((enum mi_skill)k), m->min_skill[k]);
		if (m->nabout) {
			strbuf_adds(sb, "about ");
			for (size_t i = 0; i < m->nabout; i++)
				strbuf_addf(sb, "%s%s", i ? "|" : "", m->about[i]);
			strbuf_adds(sb, "\n");
		}
		if (m->asks >= 0)
			strbuf_adds(sb, m->asks ? "a question\n" : "not a question\n");
		if (m->permission >= 0)
			strbuf_adds(sb, m->permission ? "asks permission\n" : "not asking permission\n");
		if (m->meters.n) {
			strbuf_adds(sb, "if ");
			expr_describe(sb, s, &m->meters);
			strbuf_adds(sb, "\n");
		}
		if (sb->len == before)
			strbuf_adds(sb, "any reply\n");
	}
	for (size_t i = 0; i < b->neffects; i++)
		strbuf_addf(sb, "%s%s %+d", i ? ", " : "", s->meters[b->effects[i].meter].id, b->effects[i].delta);
	if (b->neffects)
		strbuf_adds(sb, "\n");
}

/* A DOT string, inert: each line made inert first (strbuf_add_inert: C0 and
 * C1 controls, DEL, bidi controls and line separators shown as ^[ or
 * \u202e, bad UTF-8 as U+FFFD), then quotes and backslashes escaped, the
 * lines joined with \n (centred lines), the text shortened to max
 * characters. */
static void dot_quote(FILE *out, const char *s, size_t max)
{
	struct strbuf line = {0}, inert = {0};
	size_t n = 0;
	bool cut = false;

	fputc('"', out);
	for (const char *p = s; !cut;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		strbuf_reset(&line);
		strbuf_reset(&inert);
		strbuf_add(&line, p, len);
		strbuf_add_inert(&inert, line.buf);
		for (const char *q = inert.buf; *q; q++) {
			if (((unsigned char)*q & 0xc0) != 0x80 && n++ >= max) {
				fputs("...", out);
				cut = true;
				break;
			}
			if (*q == '"' || *q == '\\')
				fputc('\\', out);
			fputc(*q, out);
		}
		if (!nl || !nl[1])
			break;
		if (!cut)
			fputs("\\n", out);
		p = nl + 1;
	}
	fputc('"', out);
	strbuf_release(&line);
	strbuf_release(&inert);
}

/* Format 2: what the client answers whatever the node, and the moves the
 * scenario changed, as two notes beside the graph. */
static void graph_print_listening(FILE *out, const struct scenario *s)
{
	struct strbuf sb = {0};

	if (s->nanswers) {
		strbuf_adds(&sb, "answers (to a question about)");
		for (size_t i = 0; i < s->nanswers; i++) {
			strbuf_adds(&sb, "\n");
			for (size_t k = 0; k < s->answers[i].nabout; k++)
				strbuf_addf(&sb, "%s%s", k ? "|" : "", s->answers[i].about[k]);
			if (s->answers[i].when.meters.n) {
				strbuf_adds(&sb, " if ");
				expr_describe(&sb, s, &s->answers[i].when.meters);
			}
		}
		fputs("\t\"answers\" [shape=note, label=", out);
		dot_quote(out, sb.buf, 600);
		fputs("];\n", out);
		strbuf_reset(&sb);
	}
	if (s->format >= 2) {
		strbuf_adds(&sb, "moves");
		for (int m = 0; m < MOVE_COUNT; m++)
			strbuf_addf(&sb, "\n%s: %s", move_name((enum client_move)m),
				    s->moves[m].off ? "off" : s->moves[m].given ? "own lines" : "default");
		fputs("\t\"moves\" [shape=note, label=", out);
		dot_quote(out, sb.buf, 300);
		fputs("];\n", out);
	}
	strbuf_release(&sb);
}

/* A node's DOT name: "n:ID" or "e:ID", quoted like any string. */
static void dot_name(FILE *out, const char *kind, const char *id)
{
	char *name = xasprintf("%s:%s", kind, id);

	dot_quote(out, name, SIZE_MAX);
	free(name);
}

static void graph_print(FILE *out, const struct scenario *s)
{
	static const char *const fill[] = { "#c8e6c9", "#ffcdd2", "#e0e0e0" };

	fputs("digraph ", out);
	dot_quote(out, s->id, 200);
	fputs(" {\n\trankdir=LR;\n\tlabelloc=t;\n\tlabel=", out);
	dot_quote(out, s->title, 200);
	fputs(";\n\tnode [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
	      "\tedge [fontname=\"Helvetica\", fontsize=10];\n", out);
	for (size_t i = 0; i < s->nnodes; i++) {
		const struct node *n = &s->nodes[i];
		struct strbuf sb = {0};

		strbuf_adds(&sb, n->id);
		if (n->about && *n->about)
			strbuf_addf(&sb, "\n%s", n->about);
		fputc('\t', out);
		dot_name(out, "n", n->id);
		fputs(" [label=", out);
		dot_quote(out, sb.buf, 120);
		fputs((int)i == s->start_node ? ", penwidth=3];\n" : "];\n", out);
		strbuf_release(&sb);
	}
	for (size_t i = 0; i < s->nendings; i++) {
		const struct ending *e = &s->endings[i];
		struct strbuf sb = {0};

		strbuf_addf(&sb, "%s\n(%s)", e->id, ending_kind_name(e->kind));
		if (e->has_when) {
			strbuf_adds(&sb, "\nwhen ");
			expr_describe(&sb, s, &e->when);
		} else if (e->kind == ENDING_LIMIT && s->turn_limit > 0) {
			strbuf_addf(&sb, "\nafter %d replies", s->turn_limit);
		}
		fputc('\t', out);
		dot_name(out, "e", e->id);
		fprintf(out, " [shape=%s, style=filled, fillcolor=\"%s\", label=",
			e->kind == ENDING_SUCCESS ? "doubleoctagon" : e->kind == ENDING_FAILURE ? "octagon" : "note",
			fill[e->kind]);
		dot_quote(out, sb.buf, 200);
		fputs("];\n", out);
		strbuf_release(&sb);
	}
	graph_print_listening(out, s);
	for (size_t i = 0; i < s->nnodes; i++) {
		const struct node *n = &s->nodes[i];

		for (size_t j = 0; j < n->nresponses; j++) {
			const struct branch *b = &n->responses[j];
			struct strbuf sb = {0};

			if (b->target_node < 0 && b->target_ending < 0)
				continue;
			branch_describe(&sb, s, b);
			fputc('\t', out);
			dot_name(out, "n", n->id);
			fputs(" -> ", out);
			dot_name(out, b->target_node >= 0 ? "n" : "e", b->target);
			fputs(" [label=", out);
			dot_quote(out, sb.buf, 300);
			fputs(b->fallback ? ", style=dashed];\n" : "];\n", out);
			strbuf_release(&sb);
		}
	}
	fputs("}\n", out);
}

COMMAND(graph)
{
	const struct catalog *cat = NULL;
	const struct scenario *s = NULL;
	struct pack *own = NULL;
	struct stat st;
	int rc;

	if (argc != 2 || argv[1][0] == '-')
		return command_usage("graph");
	if (stat(argv[1], &st) == 0 && !S_ISDIR(st.st_mode) && strchr(argv[1], '.')) {
		/* A file: graph the scenario in it. */
		struct diag_list dl = {0};
		rc = pack_load(argv[1], &own, &dl);
		diag_print(&dl, stderr, 0);
		diag_list_release(&dl);
		if (rc)
			return EXIT_DATAERR;
		if (own->nscenarios != 1) {
			print_inertf(stderr, "micoach: graph: %s holds %zu scenarios; name one by id\n", argv[1],
				     own->nscenarios);
			pack_free(own);
			return EXIT_USAGE;
		}
		s = own->scenarios[0];
	} else {
		if ((rc = app_catalog(app, &cat)))
			return rc;
		s = catalog_find(cat, argv[1]);
		if (!s) {
			const char *best = NULL;
			size_t bestd = 4;
			for (size_t i = 0; i < cat->npacks; i++)
				for (size_t j = 0; j < cat->packs[i]->nscenarios; j++) {
					const char *id = cat->packs[i]->scenarios[j]->id;
					size_t d = edit_distance(argv[1], id, 3);
					if (d < bestd)
						bestd = d, best = id;
				}
			print_inertf(stderr, "micoach: graph: no scenario '%s'%s%s%s; see 'micoach list'\n", argv[1],
				     best ? " (did you mean '" : "", best ? best : "", best ? "'?)" : "");
			return EXIT_NOINPUT;
		}
	}
	graph_print(stdout, s);
	pack_free(own);
	return fflush(stdout) == 0 ? EXIT_OK : EXIT_IOERR;
}
