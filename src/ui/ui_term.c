/* ui_term.c: the terminal: curses set-up and restore, the colour roles,
 * signals, the help overlay, the quit question, the "too small" screen and
 * the main loop that hands keys to the current screen's X_key() and draws
 * it with X_draw() (the drawing primitives are in ui_draw.c).
 *
 * Waiting is idle: the catchable signals stay blocked except inside pselect(),
 * which sleeps until a key arrives or a signal interrupts it; the handlers
 * only set a flag (SIGWINCH is ncurses' own, which makes get_wch return
 * KEY_RESIZE). */
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include "ui/ui.h"
#include "ui_priv.h"
#include "core/util.h"

static volatile sig_atomic_t got_signal;
int ui_key_word_left, ui_key_word_right;
static bool term_up;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* fg, bg (-1: the terminal's default), extra attributes with colour, and the
 * attributes used without colour. */
static const struct role_def {
	short fg, bg;
	attr_t color_attr, mono_attr;
} role_defs[R_COUNT] = {
	[R_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[R_TITLE]  = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[R_STATUS] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE },
	[R_KEY]    = { COLOR_BLUE, COLOR_WHITE, A_BOLD, A_REVERSE | A_BOLD },
	[R_SELECT] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE },
	[R_HEAD]   = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[R_DIM]    = { -1, -1, A_DIM, A_DIM },
	[R_CLIENT] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[R_YOU]    = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[R_CUE]    = { COLOR_BLACK, COLOR_GREEN, A_NORMAL, A_UNDERLINE | A_BOLD },
	[R_GOOD]   = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[R_FAIR]   = { COLOR_YELLOW, -1, A_NORMAL, A_NORMAL },
	[R_BAD]    = { COLOR_RED, -1, A_BOLD, A_UNDERLINE },
	[R_ERROR]  = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD },
	[R_FRAME]  = { COLOR_BLUE, -1, A_NORMAL, A_NORMAL },
};
static attr_t role_attr[R_COUNT];

static void colors_init(void)
{
	const char *nc = getenv("NO_COLOR");
	bool color = has_colors() && !(nc && *nc), defaults = false;

	if (color && start_color() == ERR)
		color = false;
	if (color)
		defaults = use_default_colors() == OK;
	for (int r = 0; r < R_COUNT; r++) {
		short fg = role_defs[r].fg, bg = role_defs[r].bg;
		if (!color) {
			role_attr[r] = role_defs[r].mono_attr;
			continue;
		}
		if (!defaults) {  /* no "default colour": assume white on black */
			fg = fg < 0 ? COLOR_WHITE : fg;
			bg = bg < 0 ? COLOR_BLACK : bg;
		}
		init_pair((short)(r + 1), fg, bg);
		role_attr[r] = (attr_t)COLOR_PAIR(r + 1) | role_defs[r].color_attr;
	}
}

attr_t ui_attr(enum ui_role r)
{
	return role_attr[r];
}

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

static void draw(struct ui *ui)
{
	getmaxyx(stdscr, ui->rows, ui->cols);
	erase();
	curs_set(0);
	if (ui->rows < UI_MIN_ROWS || ui->cols < UI_MIN_COLS) {
		small_draw(ui);
	} else {
		screens[ui->screen].draw(ui);
		if (ui->help || ui->confirm_quit)
			curs_set(0);
		if (ui->help)
			help_draw(ui);
		else if (ui->confirm_quit)
			confirm_draw(ui);
	}
	refresh();
}

static void key_handle(struct ui *ui, struct ui_key k)
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

/* Sequences terminals send for keys their terminfo entry may not name
 * (tmux and screen send \e[1~ for Home whatever TERM says). */
static void keys_define(void)
{
	static const struct { const char *seq; int key; } extra[] = {
		{ "\033[1~", KEY_HOME }, { "\033[7~", KEY_HOME }, { "\033[H", KEY_HOME }, { "\033OH", KEY_HOME },
		{ "\033[4~", KEY_END }, { "\033[8~", KEY_END }, { "\033[F", KEY_END }, { "\033OF", KEY_END },
		{ "\033[3~", KEY_DC },
	};

	for (size_t i = 0; i < ARRAY_SIZE(extra); i++)
		if (key_defined(extra[i].seq) <= 0)
			define_key(extra[i].seq, extra[i].key);
	/* Ctrl-Left / Ctrl-Right: xterm's sequences, whatever code terminfo gave them. */
	ui_key_word_left = key_defined("\033[1;5D");
	if (ui_key_word_left <= 0)
		define_key("\033[1;5D", ui_key_word_left = KEY_MAX + 1);
	ui_key_word_right = key_defined("\033[1;5C");
	if (ui_key_word_right <= 0)
		define_key("\033[1;5C", ui_key_word_right = KEY_MAX + 2);
}

static void ui_screens_release(void)
{
	home_release();
	picker_release();
	practice_view_release();
	summary_release();
	history_release();
}

static void term_restore(void)
{
	if (term_up) {
		endwin();
		term_up = false;
	}
}

static void signals_catch(sigset_t *old)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++) {
		sigaction(sigs[i], &sa, NULL);  /* before initscr: ncurses leaves them to us */
		sigaddset(&block, sigs[i]);
	}
	sigaddset(&block, SIGWINCH);
	sigprocmask(SIG_BLOCK, &block, old);
}

static void signals_release(const sigset_t *old)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };

	sigprocmask(SIG_SETMASK, old, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		signal(sigs[i], SIG_DFL);
}

/* Sleep until input is ready or a signal arrives. Returns false when the
 * terminal has gone (hangup, or input that is always ready yet holds no key). */
static bool wait_input(const sigset_t *old)
{
	sigset_t during = *old;
	struct pollfd pf = { .fd = STDIN_FILENO, .events = POLLIN };
	fd_set rd;

	sigdelset(&during, SIGINT);
	sigdelset(&during, SIGTERM);
	sigdelset(&during, SIGHUP);
	sigdelset(&during, SIGWINCH);
	FD_ZERO(&rd);
	FD_SET(STDIN_FILENO, &rd);
	/* EINTR is the point: the loop looks at the flags. */
	if (pselect(STDIN_FILENO + 1, &rd, NULL, NULL, NULL, &during) <= 0)
		return true;
	return poll(&pf, 1, 0) >= 0 && !(pf.revents & (POLLHUP | POLLERR | POLLNVAL));
}

static void loop(struct ui *ui, const sigset_t *old)
{
	int idle_wakeups = 0;

	while (!ui->quit && !got_signal) {
		wint_t ch;
		int r, n = 0;

		draw(ui);
		/* A bounded batch, so that pending signals are seen even when the
		 * input never runs dry. */
		while (!ui->quit && n < 64 && (r = get_wch(&ch)) != ERR) {
			struct ui_key k = { ch, r == KEY_CODE_YES };
			n++;
			key_handle(ui, k);
			if (k.fn && k.ch == KEY_RESIZE)
				draw(ui);
		}
		if (ui->quit)
			break;
		idle_wakeups = n ? 0 : idle_wakeups + 1;
		if (idle_wakeups > 100) {
			got_signal = SIGHUP;
			break;
		}
		draw(ui);
		if (!wait_input(old) && !got_signal)
			got_signal = SIGHUP;
	}
}

int ui_run(struct app *app, const char *start_scenario)
{
	struct ui_options o = { .scenario = start_scenario };

	return ui_run_with(app, &o);
}

int ui_run_with(struct app *app, const struct ui_options *o)
{
	const char *start_scenario = o->scenario;
	struct ui ui;
	const struct scenario *start = NULL;
	sigset_t old;
	int rc;

	memset(&ui, 0, sizeof ui);
	ui.app = app;
	if ((rc = app_catalog(app, &ui.cat)) || (rc = app_store(app, &ui.store)) ||
	    (rc = app_coder(app, &ui.coder)))
		return rc;
	if (start_scenario && !(start = catalog_find(ui.cat, start_scenario))) {
		struct strbuf sb = {0};
		strbuf_add_inert(&sb, start_scenario);
		fprintf(stderr, "micoach: no scenario '%s'; 'micoach list' shows the scenarios\n", sb.buf);
		strbuf_release(&sb);
		return EXIT_NOINPUT;
	}
	ui.seed_next = o->seeded ? o->seed : (unsigned)getpid() * 2654435761u ^ (unsigned)time(NULL);
	ui.exam = o->exam;
	/* Everything micoach shows is UTF-8 and measured with wcwidth; a plain
	 * "C" locale (common in containers) would turn it all into '?'. */
	if (strcmp(nl_langinfo(CODESET), "UTF-8"))
		setlocale(LC_CTYPE, "C.UTF-8");
	got_signal = 0;
	signals_catch(&old);
	if (!initscr()) {
		signals_release(&old);
		fputs("micoach: cannot start the terminal; try --plain\n", stderr);
		return EXIT_SOFTWARE;
	}
	term_up = true;
	die_set_callback(term_restore);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	keys_define();
	colors_init();
	ui_utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	getmaxyx(stdscr, ui.rows, ui.cols);

	{
		struct ui_start st = ui_start_fresh(&ui, start);
		st.assignment = o->assignment_id;
		if (start && ui_session_start(&ui, &st) == 0)
			ui_switch(&ui, SCREEN_PRACTICE);
		else
			ui_switch(&ui, SCREEN_HOME);
	}
	loop(&ui, &old);

	if (got_signal && ui.p_active)
		ui_session_finish(&ui, "interrupted");
	term_restore();
	die_set_callback(NULL);
	signals_release(&old);
	if (ui.status) {
		struct strbuf sb = {0};
		strbuf_add_inert(&sb, ui.status_msg);
		fprintf(stderr, "micoach: %s\n", sb.buf);
		strbuf_release(&sb);
	}
	if (ui.p_live)
		practice_release(&ui.p);
	ui_screens_release();
	return got_signal ? 128 + got_signal : ui.status;
}
