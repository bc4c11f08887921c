/* signals.h: the signals a practice session catches so that it ends
 * cleanly, with an outcome ('interrupted'), its turns saved: every signal
 * whose default action ends the process and that is not the sign of a
 * fault in micoach itself (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP,
 * SIGSYS), nor SIGPIPE (ignored: a write to a closed pipe fails instead),
 * nor SIGKILL (which nothing catches: every answered turn is already on
 * disk). Plain mode and the curses front end share the list (issue 14,
 * item 16). */
#ifndef MICOACH_SIGNALS_H
#define MICOACH_SIGNALS_H

#include <signal.h>
#include <stddef.h>

/* The signals, into set (emptied first); how many. */
size_t signals_ending(sigset_t *set);
/* Catch each signal of signals_ending with handler, without SA_RESTART (a
 * signal interrupts a blocking read so the loop can save and stop). */
void signals_ending_catch(void (*handler)(int));
/* Back to their default actions. */
void signals_ending_default(void);

#endif
