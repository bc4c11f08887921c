/* ui_priv.h: what the screens of the curses front end share; included only by
 * src/ui/ui_*.c. ui_main.c owns the frame (which screen, its overlays, one
 * frame drawn, one key handled); it runs on a driver: ui_term.c (the
 * terminal, the colour roles, the signals) or ui_script.c (a key script,
 * the screens dumped as text). Each screen is a file with its X_draw() /
 * X_key() pair and keeps its own state; struct ui holds what crosses
 * screens (the session). Only ui_draw.c draws. */
#ifndef MICOACH_UI_PRIV_H
#define MICOACH_UI_PRIV_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <wchar.h>

#include "app/app.h"
#include "app/practice.h"
#include "store/store.h"
#include "ui/ui_grid.h"
#include "ui/ui_text.h"

/* Semantic colour roles: one table in ui_term.c maps them to colours, or to
 * attributes when there are no colours or NO_COLOR is set. */
enum ui_role {
	R_NORMAL, R_TITLE, R_STATUS, R_KEY, R_SELECT, R_HEAD, R_DIM,
	R_CLIENT, R_YOU, R_CUE, R_GOOD, R_FAIR, R_BAD, R_ERROR, R_FRAME,
	R_THOUGHT,                 /* what the client thinks but does not say: a thought bubble */
	R_COUNT
};

enum ui_screen_id {
	SCREEN_HOME, SCREEN_PICKER, SCREEN_PRACTICE, SCREEN_SUMMARY,
	SCREEN_HISTORY, SCREEN_REPLAY, SCREEN_COUNT
};

/* One key: a character (fn false) or a KEY_* code (fn true). */
struct ui_key {
	wint_t ch;
	bool fn;
};
/* Key codes of Ctrl-Left and Ctrl-Right (set up by ui_term.c). */
extern int ui_key_word_left, ui_key_word_right;
#define CTRL_KEY(c) ((c) & 0x1f)
#define KEY_ESC 27

struct ui {
	struct app *app;
	const struct catalog *cat;
	struct store *store;
	const struct coder *coder;
	enum ui_screen_id screen;
	bool help;                 /* the help overlay is up */
	bool confirm_quit;         /* "End this session?" is asked */
	bool quit;
	int rows, cols;
	int status;                /* exit status: set when saving a session failed */
	char status_msg[1024];     /* why, printed after the terminal is restored */
	char msg[512];             /* one message in the status bar until the next key */
	bool msg_error;
	/* The practice session: running (active) or finished and summarised. */
	struct practice p;
	bool p_live;               /* p holds a begun session */
	bool p_active;             /* begun and not finished */
	bool exam;                 /* the mode the next session starts in */
	struct summary sum;
	unsigned seed_next;
};

enum { UI_MIN_COLS = 80, UI_MIN_ROWS = 24 };

/* ui_main.c: draw the current screen (and its overlay) as one frame;
 * handle one key. */
void ui_frame(struct ui *ui);
void ui_key(struct ui *ui, struct ui_key k);

/* A way to run the front end. open sets the display up (0, an exit status,
 * or UI_NO_TERMINAL); loop feeds keys to ui_key() and draws with
 * ui_frame() until the user quits (0) or a signal stops it (its number);
 * close restores what open changed. */
struct ui_driver {
	int (*open)(struct ui *ui);
	int (*loop)(struct ui *ui);
	void (*close)(struct ui *ui);
};
extern const struct ui_driver ui_term_driver;    /* ui_term.c */
extern const struct ui_driver ui_script_driver;  /* ui_script.c */

/* ui_script.c: dump mode (docs/screens.md). The directory the screens are
 * dumped to, or NULL when the front end runs on a terminal. */
const char *ui_dump_dir(void);
/* A time the screens show ("2026-11-25T19:30:00Z"): iso itself, or in dump
 * mode the fixed UI_DUMP_TIME, so that dumps do not change with the clock. */
#define UI_DUMP_TIME "2026-01-15T09:30:00Z"
const char *ui_stamp(const char *iso);
/* The same as "2026-11-25 19:30" (empty for NULL). */
void ui_when(const char *iso, char out[20]);
/* Now, for the screens (due dates): in dump mode, UI_DUMP_TIME. */
time_t ui_now(void);

/* ui_draw.c: the only code that draws. Every cell and the cursor go
 * through these, to the terminal (curses) or, in dump mode, to a grid of
 * text (ui_grid.h), so what a screen draws is the same either way. Text is
 * drawn inert and clipped to max columns and to the screen's edge; the put
 * functions return the columns they drew. */
/* Draw into g from now on (dump mode); NULL: the terminal. */
void ui_draw_to_grid(struct ui_grid *g);
void ui_screen_size(int *rows, int *cols);
/* Start a frame: every cell blank, the cursor hidden. */
void ui_clear(void);
/* The cursor shows at y, x when the frame is shown; ui_cursor_hide takes
 * that back (an overlay on top). */
void ui_cursor(int y, int x);
void ui_cursor_hide(void);
/* The frame is drawn: show it (and the cursor, if placed). */
void ui_show(void);
void ui_beep(void);
/* The next ui_show redraws the whole terminal (Ctrl-L after line noise). */
void ui_repaint(void);
attr_t ui_attr(enum ui_role r);
int ui_put(int y, int x, int max, enum ui_role r, const char *s);
int ui_putn(int y, int x, int max, enum ui_role r, const char *s, size_t n);
int ui_putf(int y, int x, int max, enum ui_role r, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void ui_fill(int y, int x, int cols, enum ui_role r);
/* The title bar (row 0) and the status bar (last row): "key label" pairs. */
void ui_title(struct ui *ui, const char *left, const char *right);
void ui_status(struct ui *ui, const char *const *keys);
/* A gauge of cols cells for value in [min, max]. */
void ui_gauge(int y, int x, int cols, int value, int min, int max, enum ui_role r);
/* A framed box of blank cells at y0, x0. */
void ui_box(int y0, int x0, int h, int w, enum ui_role fill);
/* Set by ui_term.c: the locale is UTF-8 (box drawing with Unicode lines;
 * without it, the terminal's line set). The grid always has Unicode lines. */
extern bool ui_utf8;
enum ui_corner { CORNER_UL, CORNER_UR, CORNER_LL, CORNER_LR, CORNER_TTEE, CORNER_BTEE };
void ui_line(int y, int x, int n, bool vertical);
void ui_corner(int y, int x, enum ui_corner c);
/* A horizontal rule with an optional label at the left. */
void ui_rule(int y, int x, int cols, const char *label);
void ui_message(struct ui *ui, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ui_switch(struct ui *ui, enum ui_screen_id to);
/* The role of a score on a good-is-high scale 0..100. */
enum ui_role ui_score_role(int score);

/* A document: lines of styled segments, built for the current width on
 * every draw and drawn with a scroll offset (the conversation, the summary,
 * a replay, previews). It owns its text: doc_release frees it. */
struct ui_seg {
	char *text;
	enum ui_role role;
};
struct ui_dline {
	struct ui_seg *segs;
	size_t nsegs;
	int tag;                   /* selectable item number, or -1 */
};
struct ui_doc {
	struct ui_dline *lines;
	size_t n, alloc;
	int width;
};
void doc_init(struct ui_doc *d, int width);
void doc_release(struct ui_doc *d);
/* Start a new line (tag -1 when not selectable). */
void doc_line(struct ui_doc *d, int tag);
void doc_seg(struct ui_doc *d, enum ui_role r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Text word-wrapped from column indent (first line starts after whatever the
 * current line holds, when it fits), new lines carry tag. */
void doc_wrap(struct ui_doc *d, int indent, enum ui_role r, const char *text, int tag);
/* A reply wrapped with its cue words drawn in R_CUE. */
void doc_reply(struct ui_doc *d, int indent, const char *reply, const struct coded_reply *cr, int tag);
/* Codes, skills, cues and tip of one coded reply, indented. */
void doc_feedback(struct ui_doc *d, int indent, const char *reply, const struct coded_reply *cr);
/* Draw lines [top, top + rows) at y, x; the line tagged sel is highlighted. */
void doc_draw(const struct ui_doc *d, int y, int x, int rows, int top, int sel);
/* The first line tagged tag, or -1. */
int doc_find(const struct ui_doc *d, int tag);
/* What the client thinks, on a line of its own at indent in R_THOUGHT
 * ("(thinks) ..."); nothing for NULL. */
void doc_thought(struct ui_doc *d, int indent, const char *thought);

/* Screens. *_enter is called on switching to the screen. */
void home_enter(struct ui *ui);
void home_draw(struct ui *ui);
void home_key(struct ui *ui, struct ui_key k);
void picker_enter(struct ui *ui);
void picker_draw(struct ui *ui);
void picker_key(struct ui *ui, struct ui_key k);
void practice_view_enter(struct ui *ui);
void practice_view_draw(struct ui *ui);
void practice_view_key(struct ui *ui, struct ui_key k);
void summary_enter(struct ui *ui);
void summary_draw(struct ui *ui);
void summary_key(struct ui *ui, struct ui_key k);
void history_enter(struct ui *ui);
void history_draw(struct ui *ui);
void history_key(struct ui *ui, struct ui_key k);
void replay_enter(struct ui *ui);
void replay_draw(struct ui *ui);
void replay_key(struct ui *ui, struct ui_key k);
void picker_release(void);
void practice_view_release(void);
void summary_release(void);
void history_release(void);
void replay_release(void);
void home_release(void);

/* How a session starts: a fresh one (seed from ui->seed_next, mode ui->exam)
 * or a retry, which passes the original's seed, mode and assignment and its
 * first retry_turn - 1 replies, fed before the practitioner takes over. */
struct ui_start {
	const struct scenario *s;
	unsigned seed;
	bool exam;
	int64_t assignment;        /* the assignment it counts for, or 0 */
	int64_t retry_of;          /* 0, or the session it retries */
	int retry_turn;
	char *const *replies;
	size_t nreplies;
};
/* ui_practice.c: a fresh start of s in the current mode. */
struct ui_start ui_start_fresh(struct ui *ui, const struct scenario *s);
/* Start a session; on failure -1 with the message in the status bar. Finish
 * it with an outcome ("quit", "interrupted") unless the client ended it. */
int ui_session_start(struct ui *ui, const struct ui_start *st);
void ui_session_finish(struct ui *ui, const char *outcome);
/* ui_replay.c: open session id in the replay screen; q goes back to `back`. */
void replay_open(struct ui *ui, int64_t id, enum ui_screen_id back);
/* ui_picker.c: select scenario id when the picker opens next. */
void picker_select(const char *scenario_id);

#endif
