/* cmd/code.c: `micoach code [--json] [FILE]`: codes every practitioner
 * utterance of a transcript with the conversation before it as context. With
 * --json, one JSON object per practitioner utterance, one a line, and nothing
 * else on standard output; without, a readable table and the MITI summary. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/summary.h"
#include "core/transcript.h"
#include "core/util.h"
#include "io/print.h"

enum { TRANSCRIPT_MAX = 64 << 20 };

/* Read all of f into sb; 0, or -1 on a read error or a file too large. */
static int read_all(FILE *f, struct strbuf *sb)
{
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		strbuf_add(sb, chunk, n);
		if (sb->len > TRANSCRIPT_MAX) {
			errno = EFBIG;
			return -1;
		}
	}
	return ferror(f) ? -1 : 0;
}

static void json_string(struct strbuf *sb, const char *s, size_t n)
{
	strbuf_add(sb, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"':
			strbuf_adds(sb, "\\\"");
			break;
		case '\\':
			strbuf_adds(sb, "\\\\");
			break;
		case '\n':
			strbuf_adds(sb, "\\n");
			break;
		case '\r':
			strbuf_adds(sb, "\\r");
			break;
		case '\t':
			strbuf_adds(sb, "\\t");
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				strbuf_addf(sb, "\\u%04x", c);
			} else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
				   ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
				/* U+2028 and U+2029 break JavaScript readers of JSON lines. */
				strbuf_addf(sb, "\\u%04x", 0x2000 + ((unsigned char)s[i + 2] - 0xA8 + 0x28));
				i += 2;
			} else {
				strbuf_add(sb, (const char *)&s[i], 1);
			}
		}
	}
	strbuf_add(sb, "\"", 1);
}

static void emit_json(struct strbuf *sb, int line, const char *reply, const struct coded_reply *r)
{
	bool first = true;

	strbuf_addf(sb, "{\"n\": %d, \"primary\": \"%s\", \"codes\": [", line, code_name(r->primary));
	/* The primary first, then the others in the codes' order. */
	strbuf_addf(sb, "\"%s\"", code_name(r->primary));
	for (int k = 0; k < CODE_COUNT; k++)
		if ((r->codes & CODE_BIT(k)) && k != (int)r->primary)
			strbuf_addf(sb, ", \"%s\"", code_name((enum mi_code)k));
	strbuf_adds(sb, "], \"skills\": {");
	for (int s = 0; s < SKILL_COUNT; s++)
		strbuf_addf(sb, "%s\"%s\": %d", s ? ", " : "", skill_name((enum mi_skill)s), r->skills[s]);
	strbuf_addf(sb, "}, \"nonadherent\": %s, \"cues\": [", r->nonadherent ? "true" : "false");
	for (size_t i = 0; i < r->ncues; i++) {
		strbuf_addf(sb, "%s{\"code\": \"%s\", \"text\": ", first ? "" : ", ", code_name(r->cues[i].code));
		json_string(sb, reply + r->cues[i].start, r->cues[i].len);
		strbuf_adds(sb, "}");
		first = false;
	}
	strbuf_adds(sb, "], \"tip\": ");
	json_string(sb, r->tip, strlen(r->tip));
	strbuf_adds(sb, "}\n");
}

static void emit_row(struct strbuf *sb, int line, const char *reply, const struct coded_reply *r)
{
	struct strbuf codes = {0};
	size_t shown = strlen(reply);

	strbuf_adds(&codes, code_name(r->primary));
	for (int k = 0; k < CODE_COUNT; k++)
		if ((r->codes & CODE_BIT(k)) && k != (int)r->primary)
			strbuf_addf(&codes, "+%s", code_name((enum mi_code)k));
	strbuf_addf(sb, "%5d  %-14s E%d R%d D%d S%d%s  ", line, codes.buf, r->skills[SKILL_EMPATHY],
		    r->skills[SKILL_REFLECTION], r->skills[SKILL_DISCREPANCY], r->skills[SKILL_SELF_EFFICACY],
		    r->nonadherent ? " !" : "  ");
	if (shown > 72) {
		shown = 69;
		while (shown && ((unsigned char)reply[shown] & 0xC0) == 0x80)
			shown--;
	}
	{
		char *cut = xstrndup(reply, shown);
		strbuf_add_inert(sb, cut);
		free(cut);
	}
	strbuf_adds(sb, shown < strlen(reply) ? "...\n" : "\n");
	if (r->ncues) {
		strbuf_adds(sb, "       why:");
		for (size_t i = 0; i < r->ncues; i++) {
			char *cue = xstrndup(reply + r->cues[i].start, r->cues[i].len);
			strbuf_addf(sb, " %s \"", code_name(r->cues[i].code));
			strbuf_add_inert(sb, cue);
			strbuf_adds(sb, "\"");
			free(cue);
		}
		strbuf_adds(sb, "\n");
	}
	strbuf_addf(sb, "       tip: %s\n", r->tip);
	strbuf_release(&codes);
}

static void emit_summary(struct strbuf *sb, const struct summary *s)
{
	strbuf_addf(sb, "\nSession summary (MITI 4.2.1), %zu practitioner replies\n", s->replies);
	strbuf_adds(sb, "  codes:");
	for (int k = 0; k < CODE_COUNT; k++)
		if (s->count[k])
			strbuf_addf(sb, " %s %zu", code_name((enum mi_code)k), s->count[k]);
	strbuf_adds(sb, "\n");
	if (s->rq_ratio < 0)
		strbuf_addf(sb, "  reflection-to-question ratio: no questions (%zu reflections)  %s\n", s->reflections,
			    band_name(s->rq_band));
	else
		strbuf_addf(sb, "  reflection-to-question ratio: %.2f  %s (fair 1, good 2)\n", s->rq_ratio,
			    band_name(s->rq_band));
	if (s->pct_complex < 0)
		strbuf_addf(sb, "  complex reflections: no reflections  %s\n", band_name(s->complex_band));
	else
		strbuf_addf(sb, "  complex reflections: %.0f%%  %s (fair 40%%, good 50%%)\n", s->pct_complex,
			    band_name(s->complex_band));
	strbuf_addf(sb, "  MI-adherent: %zu   MI-non-adherent: %zu\n", s->adherent, s->nonadherent);
	strbuf_addf(sb, "  globals (estimated, 1-5): cultivating %.1f, softening %.1f, partnership %.1f, empathy %.1f\n",
		    s->global_cultivating, s->global_softening, s->global_partnership, s->global_empathy);
	strbuf_addf(sb, "  technical %.1f  %s (fair 3, good 4); relational %.1f  %s (fair 3.5, good 4)\n", s->technical,
		    band_name(s->technical_band), s->relational, band_name(s->relational_band));
	strbuf_adds(sb, "  skills (0-100):");
	for (int k = 0; k < SKILL_COUNT; k++)
		strbuf_addf(sb, "%s %s %d", k ? "," : "", skill_name((enum mi_skill)k), s->skill_score[k]);
	strbuf_adds(sb, "\n");
}

COMMAND(code)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct strbuf in = {0}, out = {0};
	struct diag_list dl = {0};
	struct transcript t;
	struct coded_reply *coded;
	const struct coder *coder;
	const char *file = "-", *name = "<stdin>";
	bool json = false;
	size_t k = 0;
	int opt, rc;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+jh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			json = true;
			break;
		case 'h':
			printf("usage: micoach %s\n", command_find("code")->synopsis);
			return 0;
		default:
			fprintf(stderr, "micoach: code: unknown option '%s'\n", argv[optind - 1]);
			return command_usage("code");
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "micoach: code takes at most one FILE\n");
		return command_usage("code");
	}
	if (optind < argc)
		file = name = argv[optind];

	{
		FILE *f = strcmp(file, "-") ? fopen(file, "rb") : stdin;
		int saved;
		if (!f) {
			saved = errno;
			fprintf(stderr, "micoach: %s: cannot open: %s\n", file, strerror(saved));
			return saved == ENOENT ? EXIT_NOINPUT : EXIT_IOERR;
		}
		rc = read_all(f, &in);
		saved = errno;
		if (f != stdin)
			fclose(f);
		if (rc) {
			fprintf(stderr, "micoach: %s: cannot read: %s\n", name, strerror(saved));
			strbuf_release(&in);
			return EXIT_IOERR;
		}
	}
	if (transcript_parse(in.buf ? in.buf : "", in.len, name, &t, &dl)) {
		diag_print(&dl, stderr, 0);
		diag_list_release(&dl);
		transcript_release(&t);
		strbuf_release(&in);
		return EXIT_DATAERR;
	}
	diag_list_release(&dl);
	strbuf_release(&in);
	if ((rc = app_coder(app, &coder))) {
		transcript_release(&t);
		return rc;
	}

	coded = xcalloc(t.practitioner, sizeof *coded);
	for (size_t i = 0; i < t.n; i++) {
		struct coder_context ctx = {0};
		if (t.items[i].who != SPEAKER_PRACTITIONER)
			continue;
		ctx.client_last = transcript_client_before(&t, i);
		ctx.practitioner_last = transcript_practitioner_before(&t, i);
		coder_code(coder, &ctx, t.items[i].text, &coded[k]);
		if (json)
			emit_json(&out, t.items[i].line, t.items[i].text, &coded[k]);
		else
			emit_row(&out, t.items[i].line, t.items[i].text, &coded[k]);
		k++;
		if (out.len > 1 << 16) {
			fwrite(out.buf, 1, out.len, stdout);
			strbuf_reset(&out);
		}
	}
	if (!json) {
		struct summary s;
		summary_compute(coded, k, &s);
		emit_summary(&out, &s);
	}
	fwrite(out.buf ? out.buf : "", 1, out.len, stdout);
	strbuf_release(&out);
	free(coded);
	transcript_release(&t);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "micoach: cannot write the output: %s\n", strerror(errno));
		return EXIT_IOERR;
	}
	return 0;
}
