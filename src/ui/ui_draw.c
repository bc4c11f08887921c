/* ui_draw.c: the drawing primitives every screen uses: inert, clipped text
 * in a colour role, bars, gauges, lines and boxes. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ui_priv.h"
#include "core/util.h"

int ui_putn(int y, int x, int max, enum ui_role r, const char *s, size_t n)
{
	size_t i = 0, l;
	uint32_t cp;
	int used = 0, cw;
	char buf[16];

	if (max <= 0)
		return 0;
	attrset(ui_attr(r));
	move(y, x);
	while (i < n) {
		l = ui_text_decode(s + i, n - i, &cp);
		cw = ui_text_char_cols(cp);
		i += l;
		if (used + cw > max)
			break;
		if (cw == 0 && used == 0)
			continue;  /* a combining mark with nothing to combine with */
		ui_text_char_inert(cp, buf);
		if (cp < 0x80 || buf[0] == '\\') {
			addstr(buf);
		} else {
			wchar_t wc = (wchar_t)(wcwidth((wchar_t)cp) < 0 ? 0xfffd : cp);
			addnwstr(&wc, 1);
		}
		used += cw;
	}
	attrset(A_NORMAL);
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
	attrset(ui_attr(r));
	move(y, x);
	for (int i = 0; i < cols; i++)
		addch(' ');
	attrset(A_NORMAL);
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

	attrset(ui_attr(r));
	move(y, x);
	for (int i = 0; i < k; i++)
		addnwstr(L"\u2588", 1);
	attrset(ui_attr(R_DIM));
	for (int i = k; i < cols; i++)
		addnwstr(L"\u2591", 1);
	attrset(A_NORMAL);
}

/* Box-drawing characters: Unicode ones in a UTF-8 locale (they survive
 * copy and paste and capture-pane), the terminal's line set otherwise. */
bool ui_utf8;

void ui_line(int y, int x, int n, bool vertical)
{
	attrset(ui_attr(R_FRAME));
	for (int i = 0; i < n; i++) {
		int yy = vertical ? y + i : y, xx = vertical ? x : x + i;
		if (ui_utf8)
			mvaddnwstr(yy, xx, vertical ? L"\u2502" : L"\u2500", 1);
		else
			mvaddch(yy, xx, vertical ? ACS_VLINE : ACS_HLINE);
	}
	attrset(A_NORMAL);
}

void ui_corner(int y, int x, enum ui_corner c)
{
	static const wchar_t wide[] = { L'\u250c', L'\u2510', L'\u2514', L'\u2518', L'\u252c', L'\u2534' };
	chtype acs[] = { ACS_ULCORNER, ACS_URCORNER, ACS_LLCORNER, ACS_LRCORNER, ACS_TTEE, ACS_BTEE };

	attrset(ui_attr(R_FRAME));
	if (ui_utf8)
		mvaddnwstr(y, x, &wide[c], 1);
	else
		mvaddch(y, x, acs[c]);
	attrset(A_NORMAL);
}

void ui_rule(int y, int x, int cols, const char *label)
{
	ui_line(y, x, cols, false);
	if (label && *label) {
		int w = ui_putf(y, x + 2, cols - 4, R_HEAD, " %s ", label);
		(void)w;
	}
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

