/* cmd/code.c: `micoach code [--json] [--practice] [FILE]`: codes every
 * practitioner utterance of a transcript with the conversation before it as
 * context; with --practice, each as a reply typed in practice, as a session
 * codes it (never read as a demonstration transcript's line). With
 * --json, one JSON object per practitioner utterance, one a line, and nothing
 * else on standard output; without, a readable table and the MITI summary. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/context.h"
#include "core/summary.h"
#include "core/transcript.h"
#include "core/util.h"
#include "io/emit.h"
#include "io/file.h"
#include "io/print.h"
#include "io/session_write.h"

enum { TRANSCRIPT_MAX = 64 << 20 };

/* One practitioner utterance as a JSON line: its line number and the coded
 * reply, with the session record's writer (io/session_write.h). */
static void emit_json(struct json *j, int line, const char *reply, const struct coded_reply *r)
{
	json_object_begin(j);
	json_kv_int(j, "n", line);
	session_json_coded(j, reply, r);
	json_object_end(j);
	json_newline(j);
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
		{ "practice", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct strbuf out = {0};
	struct diag_list dl = {0};
	struct error err = {0};
	struct transcript t;
	struct coded_reply *coded;
	const struct coder *coder;
	const char *file = "-", *name = "<stdin>";
	char *in = NULL;
	size_t len = 0, k = 0;
	bool json = false, practice = false;
	struct json j;
	int opt, rc;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+jph", longopts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			json = true;
			break;
		case 'p':
			practice = true;
			break;
		case 'h':
			printf("usage: micoach %s\n", command_find("code")->synopsis);
			return 0;
		default:
			print_inertf(stderr, "micoach: code: unknown option '%s'\n", argv[optind - 1]);
			return command_usage("code");
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "micoach: code takes at most one FILE\n");
		return command_usage("code");
	}
	if (optind < argc)
		file = name = argv[optind];

	/* A transcript may come down a pipe (`micoach code <(...)`). */
	if (file_read_input(file, TRANSCRIPT_MAX, "transcript", &in, &len, &err))
		return app_fail(&err);
	if (transcript_parse(in, len, name, &t, &dl)) {
		diag_print(&dl, stderr, 0);
		diag_list_release(&dl);
		transcript_release(&t);
		free(in);
		return EXIT_DATAERR;
	}
	diag_list_release(&dl);
	free(in);
	if ((rc = app_coder(app, &coder))) {
		transcript_release(&t);
		return rc;
	}

	coded = xcalloc(t.practitioner + 1, sizeof *coded);
	json_init(&j, stdout, false);
	for (size_t i = 0; i < t.n; i++) {
		struct turn_context tc;
		if (t.items[i].who != SPEAKER_PRACTITIONER)
			continue;
		turn_context(&tc, NULL, -1, transcript_client_before(&t, i), transcript_practitioner_before(&t, i));
		tc.ctx.practice = practice;
		coder_code(coder, &tc.ctx, t.items[i].text, &coded[k]);
		if (json)
			emit_json(&j, t.items[i].line, t.items[i].text, &coded[k]);
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
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "micoach: cannot write the output: %s\n", strerror(errno));
		return EXIT_IOERR;
	}
	return 0;
}
