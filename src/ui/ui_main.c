/* ui_main.c: the front end's frame: the screens and their help, switching
 * between them, the overlays (help, the quit question, "too small"), one
 * frame drawn, one key handled, and ui_run_with(), which runs it all on a
 * driver: the terminal (ui_term.c) or a key script whose screens are dumped
 * as text (ui_script.c). Neither driver knows what is on a screen. */
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ui/ui.h"
#include "ui_priv.h"
#include "core/util.h"

static const struct screen {
	void (*enter)(struct ui *);
	void (*draw)(struct ui *);
	void (*key)(struct ui *, struct ui_key);
	const char *name;
	const char *const *help;   /* key, what it does; NULL-terminated pairs */
} screens[SCREEN_COUNT] = {
	[SCREEN_HOME] = { home_enter, home_draw, home_key, "Home", (const char *const[]) {
		"Up/Down, j/k", "move", "Enter", "open the selected line",
		"p", "choose a scenario to practise", "c", "continue: practise the last scenario again",
		"h", "history of your sessions", "Tab", "switch coach / exam mode",
		"q", "quit", NULL } },
	[SCREEN_PICKER] = { picker_enter, picker_draw, picker_key, "Choose a scenario", (const char *const[]) {
		"type", "filter by title, pack, skill, tag or client", "Backspace, Ctrl-U", "edit / clear the filter",
		"Up/Down, PgUp/PgDn", "move", "Enter", "practise the selected scenario",
		"Tab", "switch coach / exam mode", "Esc", "clear the filter, then back home", NULL } },
	[SCREEN_PRACTICE] = { practice_view_enter, practice_view_draw, practice_view_key, "Practice", (const char *const[]) {
		"Enter", "send your reply", "Left/Right, Home/End", "move in the reply (also Ctrl-A / Ctrl-E)",
		"Ctrl-Left/Right", "move by word", "Backspace, Delete", "delete a character",
		"Ctrl-U, Ctrl-K", "delete to the start, to the end", "Ctrl-W", "delete the word before",
		"PgUp/PgDn", "scroll the conversation", "Up/Down", "bring back an earlier reply to edit",
		"/hint", "an example reply for this moment",
		"/quit, Esc", "end the session (answered turns are saved)", "/help, F1, ?", "this help (? on an empty line)",
		"Ctrl-C", "stop now: the session is saved as interrupted", NULL } },
	[SCREEN_SUMMARY] = { summary_enter, summary_draw, summary_key, "Summary", (const char *const[]) {
		"Up/Down", "choose a turn", "PgUp/PgDn", "scroll",
		"r", "retry from the chosen turn", "a", "practise this scenario again",
		"p", "choose another scenario", "h", "history", "q, Esc", "back home", NULL } },
	[SCREEN_HISTORY] = { history_enter, history_draw, history_key, "History", (const char *const[]) {
		"Up/Down, PgUp/PgDn", "move", "Enter", "replay the session turn by turn",
		"/", "filter (scenario, outcome, mode, date)", "s", "sort: newest, oldest, best, worst, scenario",
		"q, Esc", "back", NULL } },
	[SCREEN_REPLAY] = { replay_enter, replay_draw, replay_key, "Replay", (const char *const[]) {
		"n/p, Right/Left", "next / previous turn", "Up/Down, PgUp/PgDn", "scroll",
		"r", "retry from this turn", "q, Esc", "back", NULL } },
};

void ui_switch(struct ui *ui, enum ui_screen_id to)
{
	ui->screen = to;
	ui->help = false;
	screens[to].enter(ui);
}

static void help_draw(struct ui *ui)
{
	const struct screen *sc = &screens[ui->screen];
	int n = 0, w = 84, h, y0, x0, keyw = 0;

	while (sc->help[n * 2])
		n++;
	if (w > ui->cols - 4)
		w = ui->cols - 4;
	h = n + 6;
	y0 = (ui->rows - h) / 2;
	x0 = (ui->cols - w) / 2;
	ui_box(y0, x0, h, w, R_NORMAL);
	ui_putf(y0, x0 + 2, w - 4, R_HEAD, " Help: %s ", sc->name);
	for (int i = 0; i < n; i++) {
		int kw = ui_text_width(sc->help[i * 2], strlen(sc->help[i * 2]));
		keyw = kw > keyw ? kw : keyw;
	}
	for (int i = 0; i < n; i++) {
		ui_put(y0 + 2 + i, x0 + 2, keyw, R_HEAD, sc->help[i * 2]);
		ui_put(y0 + 2 + i, x0 + 4 + keyw, w - 6 - keyw, R_NORMAL, sc->help[i * 2 + 1]);
	}
	ui_put(y0 + h - 3, x0 + 2, w - 4, R_DIM, "F1 or ? shows this help on every screen; Ctrl-C quits.");
	ui_put(y0 + h - 2, x0 + 2, w - 4, R_DIM, "Press any key to close.");
}

static void confirm_draw(struct ui *ui)
{
	int w = 60, h = 7, y0 = (ui->rows - h) / 2, x0 = (ui->cols - w) / 2;

	ui_box(y0, x0, h, w, R_NORMAL);
	ui_put(y0, x0 + 2, w - 4, R_HEAD, " End this session now? ");
	ui_put(y0 + 2, x0 + 3, w - 6, R_NORMAL, "Every answered turn is already saved.");
	ui_put(y0 + 4, x0 + 3, 2, R_HEAD, "y");
	ui_put(y0 + 4, x0 + 5, 26, R_NORMAL, "end it and see the summary");
	ui_put(y0 + 4, x0 + 36, 2, R_HEAD, "n");
	ui_put(y0 + 4, x0 + 38, w - 40, R_NORMAL, "keep practising");
}

static void small_draw(struct ui *ui)
{
	char l1[128], l2[128], l3[128];
	const char *lines[] = { l1, l2, l3 };
	int y = ui->rows / 2 - 1;

	snprintf(l1, sizeof l1, "Terminal too small: %dx%d", ui->cols, ui->rows);
	snprintf(l2, sizeof l2, "micoach needs %dx%d. Enlarge the window;", UI_MIN_COLS, UI_MIN_ROWS);
	snprintf(l3, sizeof l3, "%s", ui->p_active ? "your session is kept." : "nothing is lost.");
	for (int i = 0; i < 3; i++) {
		int w = ui_text_width(lines[i], strlen(lines[i])), x = (ui->cols - w) / 2;
		if (y + i >= 0 && y + i < ui->rows)
			ui_put(y + i, x < 0 ? 0 : x, ui->cols, i ? R_NORMAL : R_HEAD, lines[i]);
	}
}

void ui_frame(struct ui *ui)
{
	ui_screen_size(&ui->rows, &ui->cols);
	ui_clear();
	if (ui->rows < UI_MIN_ROWS || ui->cols < UI_MIN_COLS) {
		small_draw(ui);
	} else {
		screens[ui->screen].draw(ui);
		if (ui->help || ui->confirm_quit)
			ui_cursor_hide();
		if (ui->help)
			help_draw(ui);
		else if (ui->confirm_quit)
			confirm_draw(ui);
	}
	ui_show();
}

void ui_key(struct ui *ui, struct ui_key k)
{
	if (k.fn && k.ch == KEY_RESIZE)
		return;
	ui->msg[0] = '\0';
	if (ui->rows < UI_MIN_ROWS || ui->cols < UI_MIN_COLS)
		return;
	if (ui->help) {
		ui->help = false;
		return;
	}
	if (ui->confirm_quit) {
		ui->confirm_quit = false;
		if (!k.fn && (k.ch == 'y' || k.ch == 'Y')) {
			ui_session_finish(ui, "quit");
			ui_switch(ui, SCREEN_SUMMARY);
		}
		return;
	}
	if (k.fn && k.ch == KEY_F(1)) {
		ui->help = true;
		return;
	}
	screens[ui->screen].key(ui, k);
}

static void ui_screens_release(void)
{
	home_release();
	picker_release();
	practice_view_release();
	summary_release();
	history_release();
}

bool ui_available(void)
{
	const char *term = getenv("TERM");

	if (ui_dump_dir())
		return true;
	return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && term && *term && strcmp(term, "dumb");
}

int ui_run(struct app *app, const char *start_scenario)
{
	struct ui_options o = { .scenario = start_scenario };

	return ui_run_with(app, &o);
}

/* What the front end needs before any driver starts: the catalog, the
 * store, the coder and the scenario to start with. */
static int ui_prepare(struct ui *ui, struct app *app, const struct ui_options *o,
		      const struct scenario **start)
{
	int rc;

	memset(ui, 0, sizeof *ui);
	ui->app = app;
	if ((rc = app_catalog(app, &ui->cat)) || (rc = app_store(app, &ui->store)) ||
	    (rc = app_coder(app, &ui->coder)))
		return rc;
	*start = NULL;
	if (o->scenario && !(*start = catalog_find(ui->cat, o->scenario))) {
		struct strbuf sb = {0};
		strbuf_add_inert(&sb, o->scenario);
		fprintf(stderr, "micoach: no scenario '%s'; 'micoach list' shows the scenarios\n", sb.buf);
		strbuf_release(&sb);
		return EXIT_NOINPUT;
	}
	/* Read whole now, so its located errors reach the terminal before curses. */
	if (*start && (rc = app_scenario_whole(app, *start, start, NULL)))
		return rc;
	/* Dump mode's sessions are reproducible: seeds 1, 2, ... unless given. */
	if (o->seeded)
		ui->seed_next = o->seed;
	else
		ui->seed_next = ui_dump_dir() ? 1 : (unsigned)getpid() * 2654435761u ^ (unsigned)time(NULL);
	ui->exam = o->exam;
	/* Everything micoach shows is UTF-8 and measured with wcwidth; a plain
	 * "C" locale (common in containers) would turn it all into '?'. */
	if (strcmp(nl_langinfo(CODESET), "UTF-8"))
		setlocale(LC_CTYPE, "C.UTF-8");
	return 0;
}

/* The first screen: practising start straight away, or home. */
static void ui_begin(struct ui *ui, const struct scenario *start, int64_t assignment)
{
	struct ui_start st = ui_start_fresh(ui, start);

	st.assignment = assignment;
	if (start && ui_session_start(ui, &st) == 0)
		ui_switch(ui, SCREEN_PRACTICE);
	else
		ui_switch(ui, SCREEN_HOME);
}

int ui_run_with(struct app *app, const struct ui_options *o)
{
	const struct ui_driver *drv = ui_dump_dir() ? &ui_script_driver : &ui_term_driver;
	const struct scenario *start;
	struct ui ui;
	int rc, sig;

	if ((rc = ui_prepare(&ui, app, o, &start)) || (rc = drv->open(&ui)))
		return rc;
	ui_begin(&ui, start, o->assignment_id);
	sig = drv->loop(&ui);
	if (sig && ui.p_active)
		ui_session_finish(&ui, "interrupted");
	drv->close(&ui);
	if (ui.status) {
		struct strbuf sb = {0};
		strbuf_add_inert(&sb, ui.status_msg);
		fprintf(stderr, "micoach: %s\n", sb.buf);
		strbuf_release(&sb);
	}
	if (ui.p_live)
		practice_release(&ui.p);
	ui_screens_release();
	return sig ? 128 + sig : ui.status;
}
