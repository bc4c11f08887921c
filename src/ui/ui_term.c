/* ui_term.c: the terminal driver: curses set-up and restore, the colour
 * roles, the keys terminals send, signals, and the loop that reads keys,
 * hands them to ui_key() and draws with ui_frame() (ui_main.c). When TERM
 * names a terminal ncurses does not know, it says so and lets the caller
 * fall back to plain mode (newterm() returns NULL where initscr() would
 * print "Error opening terminal" and exit).
 *
 * Waiting is idle: the catchable signals stay blocked except inside pselect(),
 * which sleeps until a key arrives or a signal interrupts it; the handlers
 * only set a flag (SIGWINCH is ncurses' own, which makes get_wch return
 * KEY_RESIZE). */
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#include "ui/ui.h"
#include "ui_priv.h"
#include "core/util.h"
#include "io/signals.h"
/* Last: its capability macros (lines, columns, bell ...) are for nothing
 * above. Only this file includes it: setupterm() probes TERM. */
#include <term.h>

static volatile sig_atomic_t got_signal;
int ui_key_word_left, ui_key_word_right;
static bool term_up;
static SCREEN *screen;
static sigset_t old_mask;      /* the signal mask before term_open */

static void on_signal(int sig)
{
	got_signal = sig;
}

/* Thoughts are dim, and in italics where curses has them. */
#ifdef A_ITALIC
#define THOUGHT_ATTR A_ITALIC
#else
#define THOUGHT_ATTR A_NORMAL
#endif

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
	[R_THOUGHT] = { COLOR_MAGENTA, -1, A_DIM | THOUGHT_ATTR, A_DIM | THOUGHT_ATTR },
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

static void term_restore(void)
{
	if (term_up) {
		endwin();
		delscreen(screen);
		screen = NULL;
		term_up = false;
	}
}

/* Every signal that would end the process (io/signals.h), caught before
 * initscr (ncurses leaves them to us), and blocked but inside pselect. */
static void signals_catch(sigset_t *old)
{
	sigset_t block;

	signals_ending_catch(on_signal);
	signals_ending(&block);
	sigaddset(&block, SIGWINCH);
	sigprocmask(SIG_BLOCK, &block, old);
}

static void signals_release(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
	signals_ending_default();
}

/* Sleep until input is ready or a signal arrives. Returns false when the
 * terminal has gone (hangup, or input that is always ready yet holds no key). */
static bool wait_input(const sigset_t *old)
{
	sigset_t during = *old;
	struct pollfd pf = { .fd = STDIN_FILENO, .events = POLLIN };
	fd_set rd;

	sigset_t ending;
	signals_ending(&ending);
	for (int s = 1; s < NSIG; s++)
		if (sigismember(&ending, s) == 1)
			sigdelset(&during, s);
	sigdelset(&during, SIGWINCH);
	FD_ZERO(&rd);
	FD_SET(STDIN_FILENO, &rd);
	/* EINTR is the point: the loop looks at the flags. */
	if (pselect(STDIN_FILENO + 1, &rd, NULL, NULL, NULL, &during) <= 0)
		return true;
	return poll(&pf, 1, 0) >= 0 && !(pf.revents & (POLLHUP | POLLERR | POLLNVAL));
}

static int term_loop(struct ui *ui)
{
	int idle_wakeups = 0;

	while (!ui->quit && !got_signal) {
		wint_t ch;
		int r, n = 0;

		ui_frame(ui);
		/* A bounded batch, so that pending signals are seen even when the
		 * input never runs dry. */
		while (!ui->quit && n < 64 && (r = get_wch(&ch)) != ERR) {
			struct ui_key k = { ch, r == KEY_CODE_YES };
			n++;
			ui_key(ui, k);
			if (k.fn && k.ch == KEY_RESIZE)
				ui_frame(ui);
		}
		if (ui->quit)
			break;
		idle_wakeups = n ? 0 : idle_wakeups + 1;
		if (idle_wakeups > 100) {
			got_signal = SIGHUP;
			break;
		}
		ui_frame(ui);
		if (!wait_input(&old_mask) && !got_signal)
			got_signal = SIGHUP;
	}
	return ui->quit ? 0 : got_signal;
}

static int term_open(struct ui *ui)
{
	int known = 0;

	/* newterm() returns NULL for a TERM without a terminfo entry (where
	 * initscr() would print "Error opening terminal" and exit), but leaks
	 * its pre-screen then (ncurses 6.4); setupterm() with an error pointer
	 * answers the same question quietly and frees what it made. */
	if (setupterm(NULL, STDOUT_FILENO, &known) == OK)
		del_curterm(cur_term);
	got_signal = 0;
	signals_catch(&old_mask);
	if (known != 1 || !(screen = newterm(NULL, stdout, stdin))) {
		struct strbuf sb = {0};
		const char *term = getenv("TERM");
		signals_release(&old_mask);
		strbuf_add_inert(&sb, term ? term : "");
		fprintf(stderr, "micoach: TERM=%s names a terminal this system does not know; using plain mode\n",
			sb.buf);
		strbuf_release(&sb);
		return UI_NO_TERMINAL;
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
	ui_screen_size(&ui->rows, &ui->cols);
	return 0;
}

static void term_close(struct ui *ui)
{
	(void)ui;
	term_restore();
	die_set_callback(NULL);
	signals_release(&old_mask);
}

const struct ui_driver ui_term_driver = { term_open, term_loop, term_close };
