/* bench.h: what the store's benchmarks share: a monotonic clock, medians,
 * a figure line for tests/bench/run.sh (figure<TAB>measured<TAB>target<TAB>
 * ok|MISSED), timing a whole micoach command, and the review queries timed
 * on the SQLite store (bench_store.c) and on PostgreSQL (bench_store_pg.c),
 * the same ones. Static functions: each benchmark is one file. */
#ifndef MICOACH_BENCH_H
#define MICOACH_BENCH_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/summary.h"
#include "store/store.h"
#include "store/store_trainer.h"

/* The store the benchmarks build: 20 turns a session; figures are medians. */
enum { BENCH_TURNS = 20, BENCH_RUNS = 15 };

static inline double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static inline double median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return v[n / 2];
}

static inline void figure(const char *name, double ms, double target)
{
	printf("%s\t%.2f ms\t< %.0f ms\t%s\n", name, ms, target, ms < target ? "ok" : "MISSED");
}

/* Run argv with stdin and stdout on /dev/null: its wall time in ms, or -1
 * when it failed; *maxrss_kb (may be NULL) gets its peak memory in KiB. */
static inline double run_measured(char *const argv[], long *maxrss_kb)
{
	double t0 = now_ms();
	struct rusage ru;
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR);
		if (fd >= 0) {
			dup2(fd, STDIN_FILENO);
			dup2(fd, STDOUT_FILENO);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	if (maxrss_kb)
		*maxrss_kb = ru.ru_maxrss;
	return now_ms() - t0;
}

/* Run bin with args; milliseconds, or -1 on failure. */
static inline double run_ms(char *const argv[])
{
	return run_measured(argv, NULL);
}

static inline void command_figure(const char *name, char *const argv[])
{
	double times[7];

	for (int r = 0; r < 7; r++) {
		if ((times[r] = run_ms(argv)) < 0) {
			printf("%s\tfailed\t< 50 ms\tMISSED\n", name);
			return;
		}
	}
	figure(name, median(times, 7), 50);
}

static inline void bench_die(const char *what, const struct error *err)
{
	fprintf(stderr, "bench: %s: %s\n", what, err->msg);
	exit(1);
}

/* The review queries both stores are timed on, each the median of
 * BENCH_RUNS, as figures named "PREFIX: ...": the first page of history (one
 * user, everyone, a user and a scenario), progress, show (session show_id)
 * and the cohort report of the assignment bench-week. */
static inline void store_figures(struct store *st, const char *prefix, int64_t show_id)
{
	struct error err = {0};
	double t0, times[BENCH_RUNS];
	size_t attempts = 0;
	char name[160];

	static const struct {
		const char *what;
		struct session_filter f;
	} pages[] = {
		{ "one user", { .user = "user042", .limit = 50 } },
		{ "all users", { .limit = 50 } },
		{ "user and scenario", { .user = "user042", .scenario = "scenario-07", .limit = 50 } },
	};
	for (size_t q = 0; q < sizeof pages / sizeof pages[0]; q++) {
		for (int r = 0; r < BENCH_RUNS; r++) {
			struct session_list sl;
			t0 = now_ms();
			if (store_list_sessions(st, &pages[q].f, &sl, &err))
				bench_die("history", &err);
			times[r] = now_ms() - t0;
			session_list_release(&sl);
		}
		snprintf(name, sizeof name, "%s: history, first page (%s)", prefix, pages[q].what);
		figure(name, median(times, BENCH_RUNS), 50);
	}

	for (int r = 0; r < BENCH_RUNS; r++) {
		struct skill_point *p;
		struct scenario_best *b;
		size_t n, nb;
		t0 = now_ms();
		if (store_skill_trend(st, "user042", 30, &p, &n, &err) ||
		    store_best_scores(st, "user042", &b, &nb, &err))
			bench_die("progress", &err);
		times[r] = now_ms() - t0;
		skill_points_free(p);
		scenario_best_free(b, nb);
	}
	snprintf(name, sizeof name, "%s: progress (trend and best per scenario)", prefix);
	figure(name, median(times, BENCH_RUNS), 50);

	for (int r = 0; r < BENCH_RUNS; r++) {
		struct session ss;
		struct coded_reply cr[BENCH_TURNS + 1];
		struct summary sum;
		int64_t id = show_id;
		t0 = now_ms();
		if (store_load_session(st, id, &ss, &err))
			bench_die("show", &err);
		for (size_t i = 0; i < ss.nturns && i <= BENCH_TURNS; i++)
			cr[i] = ss.turns[i].coded;
		summary_compute(cr, ss.nturns <= BENCH_TURNS ? ss.nturns : BENCH_TURNS, &sum);
		times[r] = now_ms() - t0;
		session_release(&ss);
	}
	snprintf(name, sizeof name, "%s: show (one session, %d turns)", prefix, BENCH_TURNS);
	figure(name, median(times, BENCH_RUNS), 50);

	for (int r = 0; r < BENCH_RUNS; r++) {
		struct assignment a;
		struct assignment_attempt *at;
		size_t n;
		int64_t row;
		t0 = now_ms();
		if (store_assignment_get(st, "bench-week", &a, &row, &err) ||
		    store_assignment_attempts(st, row, NULL, &at, &n, &err))
			bench_die("report", &err);
		times[r] = now_ms() - t0;
		assignment_release(&a);
		store_attempts_free(at, n);
		attempts = n;
	}
	snprintf(name, sizeof name, "%s: cohort report (one assignment, %zu attempts)", prefix, attempts);
	figure(name, median(times, BENCH_RUNS), 50);

}

#endif
