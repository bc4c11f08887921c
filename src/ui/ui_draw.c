/* ui_draw.c: the drawing primitives every screen uses (inert, clipped text
 * in a colour role, bars, gauges, lines and boxes) and the only code that
 * writes to the screen: each cell goes through cell_put() or frame_put(),
 * which write it to the terminal with curses or, in dump mode, into a grid
 * (ui_grid.c); the cursor is placed once a frame, by ui_show(). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ui_priv.h"
#include "core/util.h"

/* Combining marks kept on one character: what a curses cell holds
 * (CCHARW_MAX is 5 with the character). */
enum { MARKS_MAX = 4 };

static struct ui_grid *grid;    /* dump mode: the screens draw here */
static bool cursor_on, repaint;
static int cursor_y, cursor_x;
bool ui_utf8;

void ui_draw_to_grid(struct ui_grid *g)
{
	grid = g;
}

void ui_screen_size(int *rows, int *cols)
{
	if (grid)
		grid_size(grid, rows, cols);
	else
		getmaxyx(stdscr, *rows, *cols);
}

void ui_clear(void)
{
	if (grid)
		grid_clear(grid);
	else
		erase();
	cursor_on = false;
}

void ui_cursor(int y, int x)
{
	cursor_on = true;
	cursor_y = y;
	cursor_x = x;
}

void ui_cursor_hide(void)
{
	cursor_on = false;
}

void ui_show(void)
{
	if (grid)
		return;
	if (repaint)
		clearok(curscr, TRUE);
	repaint = false;
	curs_set(cursor_on ? 1 : 0);
	if (cursor_on)
		move(cursor_y, cursor_x);
	refresh();
}

void ui_beep(void)
{
	if (!grid)
		beep();
}

void ui_repaint(void)
{
	repaint = true;
}

static bool on_screen(int y, int x, int cols)
{
	int rows, ncols;

	ui_screen_size(&rows, &ncols);
	return y >= 0 && y < rows && x >= 0 && x + cols <= ncols;
}

/* One cell: glyph (UTF-8, a character and its combining marks) of cols
 * columns at y, x in role r. Off the screen, nothing. */
static void cell_put(int y, int x, enum ui_role r, const char *glyph, int cols)
{
	wchar_t wc[MARKS_MAX + 2];
	size_t n = 0, i = 0, len = strlen(glyph);

	if (!on_screen(y, x, cols))
		return;
	if (grid) {
		grid_put(grid, y, x, glyph, cols);
		return;
	}
	while (i < len && n < MARKS_MAX + 1) {
		uint32_t cp;
		i += ui_text_decode(glyph + i, len - i, &cp);
		wc[n++] = (wchar_t)cp;
	}
	attrset(ui_attr(r));
	mvaddnwstr(y, x, wc, (int)n);
	attrset(A_NORMAL);
}

/* Lines and corners: Unicode box drawing in a UTF-8 locale (it survives
 * copy and paste and capture-pane) and in the grid, the terminal's line set
 * otherwise. The order is enum ui_corner's, then the two lines. */
enum frame_glyph { FRAME_HLINE = CORNER_BTEE + 1, FRAME_VLINE, FRAME_COUNT };

static void frame_put(int y, int x, int f)
{
	static const char *const uni[FRAME_COUNT] = { "\u250c", "\u2510", "\u2514", "\u2518", "\u252c", "\u2534",
						      "\u2500", "\u2502" };
	chtype acs[FRAME_COUNT] = { ACS_ULCORNER, ACS_URCORNER, ACS_LLCORNER, ACS_LRCORNER, ACS_TTEE, ACS_BTEE,
				    ACS_HLINE, ACS_VLINE };

	if (grid || ui_utf8) {
		cell_put(y, x, R_FRAME, uni[f], 1);
	} else if (on_screen(y, x, 1)) {
		attrset(ui_attr(R_FRAME));
		mvaddch(y, x, acs[f]);
		attrset(A_NORMAL);
	}
}

/* Append the combining marks that follow s[*i] to glyph (of len bytes),
 * as many as a cell holds; the rest are skipped. */
static void marks_add(const char *s, size_t n, size_t *i, char *glyph, size_t len)
{
	for (int k = 0; *i < n; k++) {
		char mark[16];
		uint32_t cp;
		size_t l = ui_text_decode(s + *i, n - *i, &cp), ml;

		if (ui_text_char_cols(cp) != 0)
			break;
		*i += l;
		ml = ui_text_char_inert(cp, mark);
		if (k < MARKS_MAX && len + ml < GRID_GLYPH_MAX) {
			memcpy(glyph + len, mark, ml + 1);
			len += ml;
		}
	}
}

int ui_putn(int y, int x, int max, enum ui_role r, const char *s, size_t n)
{
	size_t i = 0;
	int used = 0;

	while (i < n) {
		char glyph[GRID_GLYPH_MAX];
		uint32_t cp;
		size_t l = ui_text_decode(s + i, n - i, &cp), len;
		int cw = ui_text_char_cols(cp);

		i += l;
		if (used + cw > max)
			break;
		if (cw == 0)
			continue;  /* a combining mark with nothing to combine with */
		len = ui_text_char_inert(cp, glyph);
		if ((cp >= 0x20 && cp < 0x7f) || (cp >= 0x80 && glyph[0] != '\\')) {
			marks_add(s, n, &i, glyph, len);
			cell_put(y, x + used, r, glyph, cw);
		} else {  /* drawn as several characters: "^[", "\u202e", a tab's blank */
			for (size_t k = 0; k < len; k++)
				cell_put(y, x + used + (int)k, r, (char[]){ glyph[k], '\0' }, 1);
		}
		used += cw;
	}
	return used;
}

int ui_put(int y, int x, int max, enum ui_role r, const char *s)
{
	return ui_putn(y, x, max, r, s, strlen(s));
}

int ui_putf(int y, int x, int max, enum ui_role r, const char *fmt, ...)
{
	struct strbuf sb = {0};
	va_list ap;
	int w;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	w = ui_putn(y, x, max, r, sb.buf, sb.len);
	strbuf_release(&sb);
	return w;
}

void ui_fill(int y, int x, int cols, enum ui_role r)
{
	for (int i = 0; i < cols; i++)
		cell_put(y, x + i, r, " ", 1);
}

void ui_title(struct ui *ui, const char *left, const char *right)
{
	int rw = right ? ui_text_width(right, strlen(right)) : 0;

	ui_fill(0, 0, ui->cols, R_TITLE);
	ui_put(0, 1, ui->cols - rw - 3, R_TITLE, left);
	if (right)
		ui_put(0, ui->cols - rw - 1, rw, R_TITLE, right);
}

void ui_status(struct ui *ui, const char *const *keys)
{
	int y = ui->rows - 1, x = 1;

	ui_fill(y, 0, ui->cols, ui->msg[0] && ui->msg_error ? R_ERROR : R_STATUS);
	if (ui->msg[0]) {
		ui_put(y, 1, ui->cols - 2, ui->msg_error ? R_ERROR : R_STATUS, ui->msg);
		return;
	}
	for (size_t i = 0; keys && keys[i] && keys[i + 1]; i += 2) {
		int need = ui_text_width(keys[i], strlen(keys[i])) +
			   ui_text_width(keys[i + 1], strlen(keys[i + 1])) + 3;
		if (x + need > ui->cols)
			break;
		x += ui_put(y, x, ui->cols - x, R_KEY, keys[i]);
		x += ui_put(y, x, ui->cols - x, R_STATUS, " ");
		x += ui_put(y, x, ui->cols - x, R_STATUS, keys[i + 1]);
		x += ui_put(y, x, ui->cols - x, R_STATUS, "  ");
	}
}

void ui_gauge(int y, int x, int cols, int value, int min, int max, enum ui_role r)
{
	int k = ui_text_gauge(value, min, max, cols);

	for (int i = 0; i < cols; i++)
		cell_put(y, x + i, i < k ? r : R_DIM, i < k ? "\u2588" : "\u2591", 1);
}

void ui_line(int y, int x, int n, bool vertical)
{
	for (int i = 0; i < n; i++)
		frame_put(vertical ? y + i : y, vertical ? x : x + i, vertical ? FRAME_VLINE : FRAME_HLINE);
}

void ui_corner(int y, int x, enum ui_corner c)
{
	frame_put(y, x, (int)c);
}

void ui_rule(int y, int x, int cols, const char *label)
{
	ui_line(y, x, cols, false);
	if (label && *label)
		ui_putf(y, x + 2, cols - 4, R_HEAD, " %s ", label);
}

void ui_message(struct ui *ui, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->msg, sizeof ui->msg, fmt, ap);
	va_end(ap);
	ui->msg_error = error;
}

enum ui_role ui_score_role(int score)
{
	return score >= 70 ? R_GOOD : score >= 40 ? R_FAIR : R_BAD;
}

/* A framed box of blank cells at y0, x0. */
void ui_box(int y0, int x0, int h, int w, enum ui_role fill)
{
	for (int y = 0; y < h; y++)
		ui_fill(y0 + y, x0, w, fill);
	ui_line(y0, x0, w, false);
	ui_line(y0 + h - 1, x0, w, false);
	ui_line(y0, x0, h, true);
	ui_line(y0, x0 + w - 1, h, true);
	ui_corner(y0, x0, CORNER_UL);
	ui_corner(y0, x0 + w - 1, CORNER_UR);
	ui_corner(y0 + h - 1, x0, CORNER_LL);
	ui_corner(y0 + h - 1, x0 + w - 1, CORNER_LR);
}
