/* bench.h: what the store's benchmarks share: a monotonic clock, medians,
 * a figure line for tests/bench/run.sh (figure<TAB>measured<TAB>target<TAB>
 * ok|MISSED), and timing a whole micoach command. Static functions: each
 * benchmark is one file. */
#ifndef MICOACH_BENCH_H
#define MICOACH_BENCH_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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

/* Run bin with args (stdout to /dev/null); milliseconds, or -1 on failure. */
static inline double run_ms(char *const argv[])
{
	double t0 = now_ms();
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0)
			dup2(fd, STDOUT_FILENO);
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return now_ms() - t0;
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

#endif
