/* libFuzzer target: the front end's text handling (ui_text.c) on arbitrary
 * bytes. The first byte picks a width; the rest is wrapped, measured and fed
 * to the line editor as keystrokes. Checks the invariants the screens rely
 * on: wrapped lines lie inside the text, in order, never wider than the
 * width (unless one character is), and lose no visible character; the
 * editor's text stays valid UTF-8 with the cursor on a character boundary
 * and inside it. */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ui/ui_text.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_wrap(const char *s, int cols)
{
	struct ui_span *lines;
	size_t n = ui_text_wrap(s, cols, &lines), len = strlen(s), at = 0, shown = 0, visible = 0;

	if (n == 0)
		abort();
	for (size_t i = 0; i < n; i++) {
		const struct ui_span *l = &lines[i];
		int w = ui_text_width(s + l->start, l->len);
		uint32_t cp;
		if (l->start < at || l->start + l->len > len)
			abort();
		if (w > cols && ui_text_decode(s + l->start, l->len, &cp) != l->len)
			abort();
		for (size_t k = l->start; k < l->start + l->len; k++)
			shown += s[k] != ' ' && s[k] != '\n';
		at = l->start + l->len;
	}
	for (size_t k = 0; k < len; k++)
		visible += s[k] != ' ' && s[k] != '\n';
	if (shown != visible)
		abort();
	free(lines);
}

static void check_edit(const struct ui_edit *e)
{
	const char *t = ui_edit_text(e);
	if (strlen(t) != e->len || e->cursor > e->len || !utf8_valid(t, e->len, NULL))
		abort();
	if (e->cursor < e->len && ((unsigned char)t[e->cursor] & 0xc0) == 0x80)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct ui_edit e = {0};
	char *s;
	int cols;

	if (!ready) {
		setlocale(LC_ALL, "C.UTF-8");
		ready = 1;
	}
	if (size < 1)
		return 0;
	cols = 1 + data[0] % 100;
	s = xstrndup((const char *)data + 1, size - 1);
	check_wrap(s, cols);
	(void)ui_text_match(s, "a b");

	/* Bytes as keys: 0x01..0x0b are editing operations, the rest is text. */
	for (size_t i = 1; i < size;) {
		uint32_t cp;
		if (data[i] >= 1 && data[i] <= 11) {
			ui_edit_apply(&e, (enum ui_edit_op)(data[i] - 1));
			i++;
		} else {
			i += ui_text_decode((const char *)data + i, size - i, &cp);
			ui_edit_insert(&e, cp);
		}
		check_edit(&e);
	}
	{
		struct ui_span *lines;
		size_t n = ui_text_wrap(ui_edit_text(&e), cols, &lines);
		int row, col;
		ui_edit_cursor(&e, lines, n, cols, &row, &col);
		if (row < 0 || (size_t)row > n || col < 0 || col >= cols + 1)
			abort();
		free(lines);
	}
	ui_edit_release(&e);
	free(s);
	return 0;
}
