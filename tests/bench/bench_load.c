/* bench_load: loading and validating 1,000 generated scenario files
 * (12 nodes each, the size of a real scenario) against libyaml alone
 * parsing the same files (events only, no tree). Both read each file from
 * disk. Each figure is the best of three rounds.
 * Target (issue 3): load + validate within 2x of the bare parse.
 * A bench may include yaml.h itself: it measures libyaml, it is not the product. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

#include "core/scenario.h"
#include "core/util.h"
#include "core/validate.h"
#include "io/print.h"
#include "yaml/pack_load.h"

enum { FILES = 1000, NODES = 12, ROUNDS = 3 };

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* One scenario file: NODES nodes in a chain with side branches, variants,
 * exemplars, three endings and two tests, like the bundled ones. */
static void scenario_write(FILE *f, int k)
{
	fprintf(f, "id: bench-%04d\n"
		"title: \"Generated scenario %d\"\n"
		"summary: \"A generated client who is ambivalent about a change, for the loading benchmark.\"\n"
		"difficulty: %d\n"
		"setting: \"A 20-minute appointment in a busy clinic\"\n"
		"tags: [bench, generated, primary care]\n"
		"stage: contemplation\n"
		"skills: [empathy, reflection]\n"
		"persona:\n"
		"  name: \"Client %d\"\n  age: %d\n"
		"  situation: \"Works long shifts, two children, told to make a change by the doctor\"\n"
		"  wants: \"To be left alone, and to feel better\"\n"
		"  fears: \"Failing again in front of the family\"\n"
		"  voice: \"Short sentences, a bit defensive, warms up when listened to\"\n"
		"trainer_notes: |\n"
		"  Reflect the ambivalence and the client opens up; push and the client pushes back.\n"
		"  Every node has a fallback so the conversation keeps going.\n"
		"themes: [work, kids, doctor, change, tired]\n"
		"meters:\n"
		"  resistance: {min: 0, max: 10, start: 6, good: low, label: \"Resistance\"}\n"
		"  readiness: {min: 0, max: 10, start: 2, good: high}\n"
		"  rapport: {min: 0, max: 10, start: 3, good: high}\n"
		"start: n0\n"
		"turn_limit: 14\n"
		"nodes:\n", k, k, k % 5 + 1, k, 20 + k % 50);
	for (int n = 0; n < NODES; n++) {
		int next = n + 1 < NODES ? n + 1 : n;
		fprintf(f, "  n%d:\n"
			"    about: \"Moment %d of the conversation\"\n"
			"    themes: [topic%d, worry, family]\n"
			"    say:\n"
			"      - \"I don't know, it's just how things are at the moment, with work and everything (%d).\"\n"
			"      - text: \"Look, I've said this already. I'm not sure it's worth going over it again.\"\n"
			"        when: \"resistance >= 7\"\n"
			"        max_uses: 1\n"
			"      - text: \"Maybe. I have been thinking about it more than I let on.\"\n"
			"        when: \"readiness >= 4 and rapport >= 4\"\n"
			"    responses:\n"
			"      - when: {nonadherent: true}\n"
			"        effects: {resistance: +2, rapport: -1}\n"
			"        goto: n%d\n"
			"      - when:\n"
			"          codes: [CR, SR]\n"
			"          about: [kids, children, family]\n"
			"        effects: {resistance: -2, readiness: +2, rapport: +1}\n"
			"        goto: n%d\n"
			"        say_first: \"...Yeah. That's it really.\"\n"
			"      - when: {codes: [OQ, AF, SEEK], meters: \"rapport >= 2\"}\n"
			"        effects: {resistance: -1, rapport: +1}\n"
			"        goto: n%d\n"
			"      - fallback: true\n"
			"        effects: {resistance: +1}\n"
			"        goto: n%d\n"
			"    exemplars:\n"
			"      - reply: \"It sounds like work leaves you with nothing left for anything else.\"\n"
			"        strength: strong\n"
			"        why: \"Complex reflection: names the tiredness under the words without arguing.\"\n"
			"      - reply: \"You really need to make time for this, it's important for your health.\"\n"
			"        strength: weak\n"
			"        why: \"Persuasion: the righting reflex; expect the client to defend the status quo.\"\n",
			n, n, n, n, n > 0 ? n - 1 : 0, next, next, n);
	}
	fputs("endings:\n"
	      "  names-a-step: {kind: success, say: \"OK. I'll try it this week and see.\", when: \"readiness >= 8\"}\n"
	      "  walks-out: {kind: failure, say: \"I don't need this. I'm off.\", when: \"resistance >= 10\"}\n"
	      "  out-of-time: {kind: limit, say: \"I have to go, I'm on shift.\"}\n"
	      "tests:\n"
	      "  - name: \"reflections lead to a step\"\n"
	      "    replies:\n"
	      "      - \"It sounds like the kids are what you worry about most.\"\n"
	      "      - \"Your family matters a lot to you.\"\n"
	      "    expect: names-a-step\n"
	      "  - name: \"pushing ends it\"\n"
	      "    replies: [\"You have to stop.\", \"You must change now.\"]\n"
	      "    expect: walks-out\n", f);
}

static char *file_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = {0};
	char buf[65536];
	size_t n;

	if (!f)
		die("cannot open %s", path);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	*len = sb.len;
	return strbuf_detach(&sb);
}

/* libyaml alone: read the file, pull every event, build nothing. */
static size_t bare_parse(const char *path)
{
	size_t len, events = 0;
	char *text = file_slurp(path, &len);
	yaml_parser_t p;
	yaml_event_t ev;
	int done = 0;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev))
			die("bench: %s does not parse", path);
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		events++;
	}
	yaml_parser_delete(&p);
	free(text);
	return events;
}

static void load_validate(const char *path, size_t *warnings)
{
	struct diag_list dl = {0};
	struct pack *p;

	if (pack_load(path, &p, &dl)) {
		diag_print(&dl, stderr, 0);
		die("bench: %s does not load", path);
	}
	validate_pack(p, &dl);
	*warnings += dl.n;
	pack_free(p);
	diag_list_release(&dl);
}

int main(void)
{
	char dir[] = "/tmp/micoach-bench-load.XXXXXX";
	char **paths = xcalloc(FILES, sizeof *paths);
	double bare = 1e300, ours = 1e300;
	size_t bytes = 0, events = 0, warnings = 0;

	if (!mkdtemp(dir))
		die("cannot make a temporary directory");
	for (int k = 0; k < FILES; k++) {
		FILE *f;
		paths[k] = xasprintf("%s/bench-%04d.yaml", dir, k);
		if (!(f = fopen(paths[k], "w")))
			die("cannot write %s", paths[k]);
		scenario_write(f, k);
		bytes += (size_t)ftell(f);
		fclose(f);
	}
	for (int r = 0; r < ROUNDS; r++) {
		double t0 = now_ms();
		events = 0;
		for (int k = 0; k < FILES; k++)
			events += bare_parse(paths[k]);
		double t1 = now_ms();
		warnings = 0;
		for (int k = 0; k < FILES; k++)
			load_validate(paths[k], &warnings);
		double t2 = now_ms();
		if (t1 - t0 < bare)
			bare = t1 - t0;
		if (t2 - t1 < ours)
			ours = t2 - t1;
	}
	if (warnings)
		die("bench: the generated scenarios should lint clean, got %zu diagnostics", warnings);
	double ratio = ours / bare;
	printf("scenario files generated (12 nodes each)\t%d files, %.1f KiB each\t-\tok\n", FILES,
	       (double)bytes / FILES / 1024.0);
	printf("bare libyaml parse, %d files (%zu events)\t%.1f ms\t-\tok\n", FILES, events, bare);
	printf("pack_load + validate, %d files\t%.1f ms\t< %.1f ms (2x bare)\t%s\n", FILES, ours, 2 * bare,
	       ratio <= 2.0 ? "ok" : "MISSED");
	printf("load+validate / bare parse\t%.2fx\t<= 2.00x\t%s\n", ratio, ratio <= 2.0 ? "ok" : "MISSED");
	for (int k = 0; k < FILES; k++) {
		unlink(paths[k]);
		free(paths[k]);
	}
	free(paths);
	rmdir(dir);
	return 0;
}
