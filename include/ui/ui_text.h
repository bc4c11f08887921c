/* ui_text.h: display-column arithmetic, word wrapping, the line editor and
 * small renderings (sparklines, gauges) for the curses front end. Pure: no
 * curses and no I/O, so tests/unit/test_ui_text.c runs it without a terminal.
 * Widths are display columns (wcwidth, so the locale must be UTF-8) of the
 * text as the front end draws it: inert, a control character shown as "^X",
 * a bidi control as "\u202e", an invalid byte as U+FFFD. */
#ifndef MICOACH_UI_TEXT_H
#define MICOACH_UI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/util.h"

/* Decode the character at s (n > 0 bytes available). Returns its length in
 * bytes; an invalid byte is 1 byte long and decodes to U+FFFD. */
size_t ui_text_decode(const char *s, size_t n, uint32_t *cp);
/* Columns that character takes when drawn inert. */
int ui_text_char_cols(uint32_t cp);
/* The inert form of cp as UTF-8 into out (NUL-terminated); returns its length.
 * Printable characters come back as themselves. */
size_t ui_text_char_inert(uint32_t cp, char out[16]);
/* Columns of the n bytes at s. */
int ui_text_width(const char *s, size_t n);
/* The longest prefix of s (n bytes) that fits in cols columns, in bytes;
 * *used (may be NULL) gets its width. Never splits a character. */
size_t ui_text_fit(const char *s, size_t n, int cols, int *used);

/* One wrapped line: a byte span of the source. */
struct ui_span {
	size_t start, len;
};
/* Word-wrap s into lines of at most cols (>= 1) columns. A newline ends a
 * line; spaces where a line breaks are not part of either line; a word longer
 * than a line is broken between characters. The empty string is one empty
 * line. Returns the number of lines; *lines is the caller's to free. */
size_t ui_text_wrap(const char *s, int cols, struct ui_span **lines);

/* Does hay contain every space-separated word of needle (ASCII letters
 * compared case-insensitively)? An empty needle matches everything. */
bool ui_text_match(const char *hay, const char *needle);
/* Append a sparkline of v[0..n) (one of "▁▂▃▄▅▆▇█" per value, scaled from lo
 * to hi) to sb. */
void ui_text_spark(const double *v, size_t n, double lo, double hi, struct strbuf *sb);
/* How many of cols cells a gauge fills for value in [min, max], rounded to
 * the nearest cell and clamped. */
int ui_text_gauge(int value, int min, int max, int cols);

/* The reply being typed: UTF-8, cursor a byte offset on a character
 * boundary. Zero-initialise; ui_edit_release frees. */
struct ui_edit {
	char *buf;
	size_t len, alloc, cursor;
};
enum ui_edit_op {
	EDIT_LEFT, EDIT_RIGHT, EDIT_HOME, EDIT_END, EDIT_WORD_LEFT, EDIT_WORD_RIGHT,
	EDIT_BACKSPACE, EDIT_DELETE,
	EDIT_KILL_START,   /* Ctrl-U: delete from the start to the cursor */
	EDIT_KILL_END,     /* Ctrl-K: delete from the cursor to the end */
	EDIT_KILL_WORD,    /* Ctrl-W: delete the word before the cursor */
};
/* Insert one character at the cursor (control characters are refused:
 * returns false). */
bool ui_edit_insert(struct ui_edit *e, uint32_t cp);
void ui_edit_apply(struct ui_edit *e, enum ui_edit_op op);
void ui_edit_set(struct ui_edit *e, const char *s);
void ui_edit_clear(struct ui_edit *e);
/* The text, never NULL. */
const char *ui_edit_text(const struct ui_edit *e);
/* Where the cursor is drawn when the text is wrapped at cols columns into
 * lines (from ui_text_wrap): *row may equal n when it sits past a full last
 * line. */
void ui_edit_cursor(const struct ui_edit *e, const struct ui_span *lines, size_t n,
		    int cols, int *row, int *col);
void ui_edit_release(struct ui_edit *e);

#endif
