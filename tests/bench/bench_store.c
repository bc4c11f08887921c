/* bench_store.c: the review queries on a large database. Builds, in a
 * temporary directory, a database of 100,000 sessions and 2,000,000 turns
 * (200 users, 30 scenarios, 20 turns a session) through the store's own
 * writers in one transaction, then times the first page of history, progress
 * (trend and best scores), show and the cohort report of an assignment
 * (one session in 100 is an attempt at it), each the median of several runs.
 * Prints `figure<TAB>measured<TAB>target<TAB>ok|MISSED` lines.
 * BENCH_STORE_SESSIONS=N builds a smaller database (for a quick look);
 * BENCH_STORE_KEEP=1 keeps it (to look at query plans with sqlite3).
 * When the micoach binary is at $BIN (or ./micoach), the same three are also
 * timed as whole commands, process start-up included. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"
#include "store/store_trainer.h"
#include "core/summary.h"
#include "core/util.h"
#include "bench.h"

enum { USERS = 200, SCENARIOS = 30, TURNS = BENCH_TURNS };


static unsigned long long rng = 88172645463325252ULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* The assignment one session in 100 is an attempt at (a trainer's cohort
 * report: 1,000 attempts in 100,000 sessions). */
static int64_t assignment_add(struct store *st)
{
	struct assignment a = {0};
	struct error err = {0};
	int64_t id;

	pass_rules_init(&a.pass);
	a.id = xstrdup("bench-week");
	a.pack_id = xstrdup("pack-0");
	a.pack_version = xstrdup("1.0.0");
	if (assignment_set_scenarios(&a, "scenario-00,scenario-03,scenario-06", &err) ||
	    pass_rules_parse("outcome=success,min_overall=40", &a.pass, &err) ||
	    store_assignment_put(st, &a, "bench", &id, NULL, &err))
		bench_die("assignment", &err);
	assignment_release(&a);
	return id;
}

static void build(struct store *st, long nsessions)
{
	static const char *const meter_ids[] = { "resistance", "readiness", "rapport" };
	static const enum mi_code codes[] = { CODE_OQ, CODE_CQ, CODE_SR, CODE_CR, CODE_AF, CODE_GI, CODE_PERS };
	char users[USERS][16], scen[SCENARIOS][32], packs[3][16], started[32], at[32];
	struct error err = {0};
	struct coded_reply cr[TURNS];
	struct summary sum;
	/* One turn record, refilled for every turn. */
	struct session_turn tr = {0};

	session_set(&tr.node_id, "opening");
	session_set(&tr.client_line, "I don't drink any more than anyone else I know.");
	session_set(&tr.reply, "It sounds like being asked about it feels unfair to you.");
	session_set(&tr.next_node, "worry");
	session_set(&tr.client_next, "Well, yeah. Everyone has a drink.");
	for (size_t m = 0; m < ARRAY_SIZE(meter_ids); m++)
		session_turn_add_meter(&tr, meter_ids[m], 0);
	for (int u = 0; u < USERS; u++)
		snprintf(users[u], sizeof users[u], "user%03d", u);
	for (int s = 0; s < SCENARIOS; s++)
		snprintf(scen[s], sizeof scen[s], "scenario-%02d", s);
	for (int p = 0; p < 3; p++)
		snprintf(packs[p], sizeof packs[p], "pack-%d", p);
	if (store_tx_begin(st, &err))
		bench_die("begin", &err);
	int64_t assignment = assignment_add(st);
	for (long i = 0; i < nsessions; i++) {
		/* Sessions spread over about three years, in time order. */
		time_t t = (time_t)1700000000 + (time_t)i * 900;
		struct tm tm;
		int s = (int)rnd(SCENARIOS);
		int64_t id;
		struct session_info si = {0};

		gmtime_r(&t, &tm);
		strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", &tm);
		session_set(&si.user, users[rnd(USERS)]);
		session_set(&si.scenario_id, scen[s]);
		session_set(&si.scenario_title, "A resistant client");
		session_set(&si.pack_id, packs[s % 3]);
		session_set(&si.pack_version, "1.0.0");
		session_set(&si.coder_version, "bench-coder");
		session_set(&si.mode, "coach");
		session_set(&si.started, started);
		si.seed = (unsigned)i;
		si.assignment_id = i % 100 == 0 ? assignment : 0;
		if (store_begin_session(st, &si, &id, &err))
			bench_die("session", &err);
		session_info_release(&si);
		for (int k = 0; k < TURNS; k++) {
			struct coded_reply *c = &cr[k];
			memset(c, 0, sizeof *c);
			c->primary = codes[rnd(ARRAY_SIZE(codes))];
			c->codes = CODE_BIT(c->primary) | (rnd(3) == 0 ? CODE_BIT(CODE_OQ) : 0);
			for (int sk = 0; sk < SKILL_COUNT; sk++)
				c->skills[sk] = (int)rnd(5);
			c->nonadherent = c->primary == CODE_PERS;
			c->ncues = 1;
			c->cues[0] = (struct cue){ c->primary, 0, 8 };
			snprintf(c->tip, sizeof c->tip, "Try a complex reflection: name the feeling under the words.");
			t += 30;
			gmtime_r(&t, &tm);
			strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
			tr.index = k + 1;
			tr.coded = *c;
			for (size_t m = 0; m < tr.nmeters; m++)
				tr.meters[m] = (int)rnd(11);
			session_set(&tr.at, at);
			if (store_add_turn(st, id, &tr, &err))
				bench_die("turn", &err);
		}
		summary_compute(cr, TURNS, &sum);
		if (store_end_session(st, id, rnd(2) ? "success" : "quit", &sum, &err))
			bench_die("end", &err);
	}
	session_turn_release(&tr);
	if (store_tx_commit(st, &err))
		bench_die("commit", &err);
}

int main(void)
{
	char dir[] = "/tmp/micoach-bench.XXXXXX";
	const char *env = getenv("BENCH_STORE_SESSIONS");
	long nsessions = env ? strtol(env, NULL, 10) : 100000;
	struct store *st;
	struct error err = {0};
	double t0;
	char *path, *cmd;

	if (nsessions < 100)
		nsessions = 100;
	if (!mkdtemp(dir)) {
		perror("bench_store: mkdtemp");
		return 1;
	}
	path = xasprintf("%s/bench.db", dir);
	if (store_open(path, &st, &err))
		bench_die("open", &err);
	t0 = now_ms();
	build(st, nsessions);
	fprintf(stderr, "bench_store: built %ld sessions, %ld turns in %.1f s\n", nsessions,
		nsessions * TURNS, (now_ms() - t0) / 1000);
	/* Time the queries on a fresh connection, as a command would see them. */
	store_close(st);
	if (store_open(path, &st, &err))
		bench_die("reopen", &err);

	store_figures(st, "store", 1 + (int64_t)rnd((unsigned)nsessions));
	store_close(st);

	{
		const char *bin = getenv("BIN");
		char *exe = bin && *bin ? (bin[0] == '/' ? xstrdup(bin) : xasprintf("./%s", bin)) : xstrdup("./micoach");
		if (access(exe, X_OK) == 0) {
			char *h[] = { exe, "--db", path, "--user", "user042", "history", NULL };
			char *p[] = { exe, "--db", path, "--user", "user042", "progress", NULL };
			char *s1[] = { exe, "--db", path, "show", "4242", NULL };
			char *rep[] = { exe, "--db", path, "report", "--assignment", "bench-week", NULL };
			command_figure("micoach history (first page, whole command)", h);
			command_figure("micoach progress (whole command)", p);
			command_figure("micoach show (whole command)", s1);
			command_figure("micoach report (one assignment, whole command)", rep);
		} else {
			fprintf(stderr, "bench_store: no micoach binary at %s; command figures skipped\n", exe);
		}
		free(exe);
	}
	if (getenv("BENCH_STORE_KEEP")) {
		fprintf(stderr, "bench_store: kept %s\n", path);
		free(path);
		return 0;
	}
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench_store: could not remove %s\n", dir);
	free(cmd);
	free(path);
	return 0;
}
