/* ui.h: the curses front end (src/ui/, where only ui_priv.h includes
 * curses.h). It shows the home screen, the scenario picker, practice, the
 * summary and the history, and drives struct practice for the sessions
 * themselves; everything it shows comes from the app's catalog and store.
 * The commands call it when ui_available(); plain mode covers the rest. It
 * also runs headless: with MICOACH_SCREEN_DUMP=DIR it plays a key script
 * from standard input into a grid of text and dumps the screens to DIR
 * (docs/screens.md). */
#ifndef MICOACH_UI_H
#define MICOACH_UI_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"

/* Can the front end run: stdin and stdout are terminals and TERM is set and
 * not "dumb", or dump mode is on. */
bool ui_available(void);

/* ui_run and ui_run_with return this, having said so on stderr, when TERM
 * names a terminal the system has no description of: the caller runs plain
 * mode instead. Nothing has been started or saved. */
enum { UI_NO_TERMINAL = -1 };

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
