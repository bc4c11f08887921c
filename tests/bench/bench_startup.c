/* bench_startup: whole-process figures of the catalog (issue 14, item 19),
 * running the micoach binary ($BIN, else ./micoach) as a user would:
 *  - the first screen in plain mode (`micoach` with no command on a pipe:
 *    the numbered menu of the bundled scenarios), median of 21 runs;
 *  - `micoach list` over a pack at the limits (4 scenario files of just
 *    under 4 MiB each, 16 MiB in all, every byte real nodes), median of 7
 *    runs, and its peak memory (the child's maximum resident set size).
 * The catalog reads only scenarios' headers, so neither builds a node. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "core/util.h"

enum { FILE_BYTES = 4 * 1024 * 1024 - 64 * 1024, PACK_FILES = 4 };

static double median_run(char *const argv[], int runs, long *maxrss_kb)
{
	double *t = xcalloc((size_t)runs, sizeof *t), m;
	long peak = 0, kb = 0;

	for (int r = 0; r < runs; r++) {
		if ((t[r] = run_measured(argv, &kb)) < 0) {
			free(t);
			return -1;
		}
		peak = kb > peak ? kb : peak;
	}
	qsort(t, (size_t)runs, sizeof *t, cmp_double);
	m = t[runs / 2];
	free(t);
	if (maxrss_kb)
		*maxrss_kb = peak;
	return m;
}

/* One scenario file of about FILE_BYTES: a header, then nodes to the size. */
static void scenario_write(const char *path, int k)
{
	FILE *f = fopen(path, "w");
	int n = 0;

	if (!f)
		die("bench: cannot write %s: %s", path, strerror(errno));
	fprintf(f, "id: limits-%d\ntitle: \"At the limits %d\"\ndifficulty: 3\nstage: contemplation\n"
		"meters:\n  resistance: {min: 0, max: 10, start: 6, good: low}\n"
		"start: n0\nturn_limit: 20\nendings:\n  out-of-time: {kind: limit, say: \"I have to go.\"}\n"
		"nodes:\n", k, k);
	while (ftell(f) < FILE_BYTES - 4096) {
		fprintf(f, "  n%d:\n    say:\n"
			"      - \"I don't know, it's just how things are at the moment, with work and everything (%d).\"\n"
			"      - text: \"Look, I've said this already. I'm not sure it's worth going over it again.\"\n"
			"        when: \"resistance >= 7\"\n"
			"      - text: \"Maybe. I have been thinking about it more than I let on, if I'm honest with you.\"\n"
			"        when: \"resistance <= 3\"\n"
			"        max_uses: 1\n"
			"    themes: [work, kids, family, tired, doctor]\n"
			"    responses:\n"
			"      - when: {codes: [CR, SR], about: [kids, children, family]}\n"
			"        effects: {resistance: -2}\n        goto: n%d\n"
			"      - fallback: true\n        effects: {resistance: +1}\n        goto: n%d\n"
			"    exemplars:\n"
			"      - {reply: \"It sounds like work leaves you with nothing left.\", strength: strong, why: \"CR.\"}\n"
			"      - {reply: \"You really need to make time for this.\", strength: weak, why: \"The righting reflex.\"}\n",
			n, n, n + 1, n);
		n++;
	}
	fprintf(f, "  n%d:\n    say: \"That's all.\"\n    responses:\n      - fallback: true\n        goto: out-of-time\n",
		n);
	fclose(f);
}

int main(void)
{
	const char *bin_env = getenv("BIN");
	char *bin = xstrdup(bin_env && *bin_env ? bin_env : "./micoach");
	char dir[] = "/tmp/micoach-bench-startup.XXXXXX";
	char *packs, *pack, *manifest, *db, *data;
	long kb = 0;
	double ms;

	if (!mkdtemp(dir))
		die("bench: cannot make a temporary directory");
	data = xasprintf("%s/data", dir);
	setenv("XDG_DATA_HOME", data, 1);
	if (!getenv("MICOACH_SRC")) {
		char cwd[4096];
		if (getcwd(cwd, sizeof cwd))
			setenv("MICOACH_SRC", cwd, 1);
	}
	db = xasprintf("%s/s.db", dir);

	/* The first screen, plain: the menu of the bundled scenarios. */
	{
		char *argv[] = { bin, "--db", db, NULL };
		ms = median_run(argv, 21, &kb);
		if (ms < 0)
			printf("start-up to the plain menu (median of 21)\tfailed\t< 100 ms\tMISSED\n");
		else
			printf("start-up to the plain menu (median of 21)\t%.1f ms\t< 100 ms\t%s\n", ms,
			       ms < 100 ? "ok" : "MISSED");
	}

	/* list over a pack at the limits. */
	packs = xasprintf("%s/packs", dir);
	pack = xasprintf("%s/limits", packs);
	if (mkdir(packs, 0700) || mkdir(pack, 0700))
		die("bench: cannot make %s", pack);
	manifest = xasprintf("%s/pack.yaml", pack);
	{
		FILE *f = fopen(manifest, "w");
		if (!f)
			die("bench: cannot write %s", manifest);
		fputs("pack:\n  id: limits\n  title: \"At the limits\"\n  version: \"1.0.0\"\n", f);
		fclose(f);
	}
	for (int k = 0; k < PACK_FILES; k++) {
		char *path = xasprintf("%s/s%d.yaml", pack, k);
		scenario_write(path, k);
		free(path);
	}
	{
		char *argv[] = { bin, "--scenarios", packs, "list", NULL };
		ms = median_run(argv, 7, &kb);
		if (ms < 0) {
			printf("list, a pack at the limits (4 files of 4 MiB, median of 7)\tfailed\t< 200 ms\tMISSED\n");
			printf("list, a pack at the limits: peak memory\tfailed\t< 32 MiB\tMISSED\n");
		} else {
			printf("list, a pack at the limits (4 files of 4 MiB, median of 7)\t%.1f ms\t< 200 ms\t%s\n", ms,
			       ms < 200 ? "ok" : "MISSED");
			printf("list, a pack at the limits: peak memory\t%.1f MiB\t< 32 MiB\t%s\n", (double)kb / 1024,
			       kb < 32 * 1024 ? "ok" : "MISSED");
		}
	}
	{
		char *cmd = xasprintf("rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "bench: could not remove %s\n", dir);
		free(cmd);
	}
	free(manifest);
	free(pack);
	free(packs);
	free(db);
	free(data);
	free(bin);
	return 0;
}
