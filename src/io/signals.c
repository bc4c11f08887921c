/* io/signals.c: see signals.h. */
#include "io/signals.h"

#include <string.h>

static const int ending[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ,
#ifdef SIGIO
	SIGIO,
#endif
#ifdef SIGPWR
	SIGPWR,
#endif
#ifdef SIGSTKFLT
	SIGSTKFLT,
#endif
};

size_t signals_ending(sigset_t *set)
{
	size_t n = 0;

	sigemptyset(set);
	for (size_t i = 0; i < sizeof ending / sizeof ending[0]; i++, n++)
		sigaddset(set, ending[i]);
#ifdef SIGRTMIN
	for (int s = SIGRTMIN; s <= SIGRTMAX; s++, n++)
		sigaddset(set, s);
#endif
	return n;
}

static void each_set(void (*handler)(int), int flags)
{
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	signals_ending(&set);
	for (int s = 1; s < NSIG; s++)
		if (sigismember(&set, s) == 1)
			sigaction(s, &sa, NULL);
}

void signals_ending_catch(void (*handler)(int))
{
	each_set(handler, 0);
}

void signals_ending_default(void)
{
	each_set(SIG_DFL, 0);
}
