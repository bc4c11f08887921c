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

enum {
	WRAP = 20,           /* characters a label line holds before it breaks */
	ABOUT_SHOWN = 3,     /* phrases of an 'about' shown on an edge */
	EDGE_LINES = 3,      /* branches listed on an edge that several take */
	EDGE_LINE_MAX = 60,  /* characters of each */
};

/* Append text broken into lines of about WRAP characters, at a space or
 * after a '|', so labels make a graph tall rather than pages wide. */
static void wrap_add(struct strbuf *sb, const char *text)
{
	size_t col = 0;

	for (const char *p = text; *p; p++) {
		strbuf_add(sb, p, 1);
		col = *p == '\n' ? 0 : col + 1;
		if (col >= WRAP && (*p == ' ' || *p == '|') && strcspn(p + 1, "\n") > 8) {
			if (*p == ' ')
				sb->buf[--sb->len] = '\0';
			strbuf_adds(sb, "\n");
			col = 0;
		}
	}
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
			/* The first few phrases: a long list would make the graph
			 * pages wide (the file has them all). */
			strbuf_adds(sb, "about ");
			for (size_t i = 0; i < m->nabout && i < ABOUT_SHOWN; i++)
				strbuf_addf(sb, "%s%s", i ? "|" : "", m->about[i]);
			if (m->nabout > ABOUT_SHOWN)
				strbuf_addf(sb, "|... (%zu more)", m->nabout - ABOUT_SHOWN);
			strbuf_adds(sb, "\n");
		}
		if (m->asks >= 0)
			strbuf_adds(sb, m->asks ? "a question\n" : "not a question\n");
		if (m->permission >= 0)
			strbuf_adds(sb, m->permission ? "asks permission\n" : "not asking permission\n");
		if (m->meters.n) {
			strbuf_adds(sb, "if ");
			meter_expr_describe(sb, s, &m->meters);
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
			for (size_t k = 0; k < s->answers[i].nabout && k < ABOUT_SHOWN; k++)
				strbuf_addf(&sb, "%s%s", k ? "|" : "", s->answers[i].about[k]);
			if (s->answers[i].nabout > ABOUT_SHOWN)
				strbuf_adds(&sb, "|...");
			if (s->answers[i].when.meters.n) {
				strbuf_adds(&sb, " if ");
				meter_expr_describe(&sb, s, &s->answers[i].when.meters);
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

/* A node's responses as edges: one edge for each target, its label the
 * branch (or, when several branches go there, a line each, the first few);
 * the fallback on its own, dashed. */
static void graph_print_edges(FILE *out, const struct scenario *s, const struct node *n)
{
	for (size_t j = 0; j < n->nresponses; j++) {
		const struct branch *b = &n->responses[j];
		struct strbuf sb = {0};
		size_t same = 0, shown = 0;
		bool first = true;

		if (b->target_node < 0 && b->target_ending < 0)
			continue;
		for (size_t k = 0; k < j && first; k++) {
			const struct branch *o = &n->responses[k];
			first = !(!b->fallback && !o->fallback && !strcmp(o->target, b->target));
		}
		if (!first)
			continue;  /* drawn with an earlier branch to the same place */
		for (size_t k = j; k < n->nresponses; k++)
			same += !b->fallback && !n->responses[k].fallback && !strcmp(n->responses[k].target, b->target);
		if (same <= 1) {
			branch_describe(&sb, s, b);
		} else {
			for (size_t k = j; k < n->nresponses; k++) {
				const struct branch *o = &n->responses[k];
				struct strbuf one = {0};

				if (o->fallback || strcmp(o->target, b->target))
					continue;
				if (shown++ == EDGE_LINES) {
					strbuf_addf(&sb, "... (%zu more)\n", same - EDGE_LINES);
					break;
				}
				branch_describe(&one, s, o);
				while (one.len && one.buf[one.len - 1] == '\n')
					one.buf[--one.len] = '\0';
				/* its condition and effects on one line: "codes OQ; rapport +1" */
				for (const char *c = one.buf; *c && c < one.buf + EDGE_LINE_MAX; c++) {
					if (*c == '\n')
						strbuf_adds(&sb, "; ");
					else
						strbuf_add(&sb, c, 1);
				}
				strbuf_adds(&sb, one.len > EDGE_LINE_MAX ? "...\n" : "\n");
				strbuf_release(&one);
			}
		}
		struct strbuf wrapped = {0};
		wrap_add(&wrapped, sb.buf);
		fputc('\t', out);
		dot_name(out, "n", n->id);
		fputs(" -> ", out);
		dot_name(out, b->target_node >= 0 ? "n" : "e", b->target);
		fputs(" [label=", out);
		dot_quote(out, wrapped.buf, 300);
		strbuf_release(&wrapped);
		fputs(b->fallback ? ", style=dashed];\n" : "];\n", out);
		strbuf_release(&sb);
	}
}

/* Top to bottom: the start node on top, the endings at the bottom, the
 * rest where dot's ranking puts them (by the gotos from the start; ranks by
 * breadth-first distance put a hub's neighbours on one row, pages wide). */
static void graph_print_ranks(FILE *out, const struct scenario *s)
{
	if (s->start_node >= 0 && (size_t)s->start_node < s->nnodes) {
		fputs("\t{ rank=source; ", out);
		dot_name(out, "n", s->nodes[s->start_node].id);
		fputs("; }\n", out);
	}
	if (s->nendings) {
		fputs("\t{ rank=sink;", out);
		for (size_t i = 0; i < s->nendings; i++) {
			fputc(' ', out);
			dot_name(out, "e", s->endings[i].id);
			fputc(';', out);
		}
		fputs(" }\n", out);
	}
}

/* Endings a meter condition or the turn limit reaches after any reply: one
 * "any node" source, with a dashed edge to each. */
static void graph_print_anywhere(FILE *out, const struct scenario *s)
{
	bool any = false;

	for (size_t i = 0; i < s->nendings; i++) {
		const struct ending *e = &s->endings[i];
		struct strbuf sb = {0};

		if (e->kind != ENDING_LIMIT && e->has_when)
			meter_expr_describe(&sb, s, &e->when);
		else if (e->kind == ENDING_LIMIT && s->turn_limit > 0)
			strbuf_addf(&sb, "after %d replies", s->turn_limit);
		else
			continue;
		if (!any)
			fputs("\t\"any\" [label=\"any node\", shape=ellipse, style=dashed];\n", out);
		any = true;
		fputs("\t\"any\" -> ", out);
		dot_name(out, "e", e->id);
		fputs(" [label=", out);
		dot_quote(out, sb.buf, 200);
		fputs(", style=dashed];\n", out);
		strbuf_release(&sb);
	}
}

static void graph_print(FILE *out, const struct scenario *s)
{
	static const char *const fill[] = { "#c8e6c9", "#ffcdd2", "#e0e0e0" };

	fputs("digraph ", out);
	dot_quote(out, s->id, 200);
	fputs(" {\n\trankdir=TB;\n\tlabelloc=t;\n\tlabel=", out);
	dot_quote(out, s->title, 200);
	fputs(";\n\tnode [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
	      "\tedge [fontname=\"Helvetica\", fontsize=10];\n", out);
	for (size_t i = 0; i < s->nnodes; i++) {
		const struct node *n = &s->nodes[i];
		struct strbuf sb = {0};

		strbuf_adds(&sb, n->id);
		if (n->about && *n->about) {
			strbuf_adds(&sb, "\n");
			wrap_add(&sb, n->about);
		}
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
			meter_expr_describe(&sb, s, &e->when);
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
	graph_print_ranks(out, s);
	graph_print_anywhere(out, s);
	for (size_t i = 0; i < s->nnodes; i++)
		graph_print_edges(out, s, &s->nodes[i]);
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
		if ((rc = app_scenario_whole(app, s, &s, NULL)))
			return rc;
	}
	graph_print(stdout, s);
	pack_free(own);
	return fflush(stdout) == 0 ? EXIT_OK : EXIT_IOERR;
}
