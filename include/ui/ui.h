/* ui.h: the curses front end (src/ui_*.c, the only files that include
 * curses.h). It shows the home screen, the scenario picker, practice, the
 * summary and the history, and drives struct practice for the sessions
 * themselves; everything it shows comes from the app's catalog and store.
 * main.c calls it only when stdin and stdout are terminals and TERM is not
 * "dumb"; plain mode covers the rest. */
#ifndef MICOACH_UI_H
#define MICOACH_UI_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"

/* Run the front end until the user quits. With start_scenario (an id or
 * "pack/id") it opens straight into practising that scenario. Returns an exit
 * status (error.h); 128 + the signal number after SIGINT, SIGTERM or SIGHUP,
 * the session in progress then saved as "interrupted". The terminal is
 * restored before it returns, and by die(). */
int ui_run(struct app *app, const char *start_scenario);

/* The same with the options of `micoach practice`. */
struct ui_options {
	const char *scenario;    /* open straight into practising it, or NULL: home */
	bool exam;               /* start in exam mode (feedback held to the end) */
	bool seeded;             /* the first session uses seed (tests, docs) */
	unsigned seed;
	int64_t assignment_id;   /* the first session counts for this assignment; 0: none */
};
int ui_run_with(struct app *app, const struct ui_options *o);

#endif
