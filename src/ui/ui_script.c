/* ui_script.c: dump mode, the front end without a terminal (tig's
 * TIG_NO_DISPLAY and its screen dumps). With MICOACH_SCREEN_DUMP=DIR the
 * screens draw into a grid of text (ui_grid.c) of 100x30 cells, the keys
 * come from a script read whole from standard input, and `dump NAME` writes
 * the screen to DIR/NAME.txt exactly as a terminal of that size shows it.
 * Times on the screens read UI_DUMP_TIME and sessions are seeded 1, 2, ...
 * (ui_main.c), so a script gives the same dumps on every run.
 *
 * The script, a command a line (docs/screens.md):
 *     key NAME...      keys by tmux's names (Enter, Escape, Tab, BSpace,
 *                      Up, PPage, F1, C-w, C-Left ...) or one character
 *     type TEXT        the rest of the line, a key a character
 *     resize COLS ROWS the window changes size
 *     dump NAME        write the screen to DIR/NAME.txt
 *     # a comment
 * It is read and checked whole before anything starts; a mistake is an
 * error located as <stdin>:LINE:COL (exit 65). C-c is the interrupt (the
 * session is saved as interrupted, exit 130); a script that ends before
 * the front end quits ends it as a hangup does (exit 129). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ui_priv.h"
#include "core/util.h"
#include "io/file.h"

enum { DUMP_ROWS = 30, DUMP_COLS = 100, SIZE_MAX_CELLS = 1000, NAME_MAX_LEN = 64 };
enum { SCRIPT_MAX = 1 << 20 };  /* bytes of key script */

enum action_kind { ACT_KEY, ACT_INTERRUPT, ACT_RESIZE, ACT_DUMP };

struct action {
	enum action_kind kind;
	struct ui_key key;          /* ACT_KEY */
	int rows, cols;             /* ACT_RESIZE */
	char *name;                 /* ACT_DUMP: DIR/name.txt */
	int line;
};

static struct {
	struct action *v;
	size_t n, alloc;
	struct ui_grid *grid;
	const char *dir;
} sc;

const char *ui_dump_dir(void)
{
	const char *d = getenv("MICOACH_SCREEN_DUMP");

	return d && *d ? d : NULL;
}

const char *ui_stamp(const char *iso)
{
	return iso && ui_dump_dir() ? UI_DUMP_TIME : iso;
}

void ui_when(const char *iso, char out[20])
{
	iso = ui_stamp(iso);
	snprintf(out, 20, "%.10s %.5s", iso ? iso : "", iso && strlen(iso) > 11 ? iso + 11 : "");
}

time_t ui_now(void)
{
	struct tm tm = {0};

	if (!ui_dump_dir() || sscanf(UI_DUMP_TIME, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
				      &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return time(NULL);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

/* --- Reading the script ----------------------------------------------------- */

static struct action *action_add(enum action_kind kind, int line)
{
	struct action *a;

	if (sc.n == sc.alloc) {
		sc.alloc = sc.alloc ? sc.alloc * 2 : 64;
		sc.v = xrealloc(sc.v, sc.alloc * sizeof *sc.v);
	}
	a = &sc.v[sc.n++];
	memset(a, 0, sizeof *a);
	a->kind = kind;
	a->line = line;
	return a;
}

static void key_add(struct ui_key k, int line)
{
	action_add(ACT_KEY, line)->key = k;
}

/* Keys by the names tmux send-keys gives them. */
static const struct key_name {
	const char *name;
	int ch;
	bool fn;
} key_names[] = {
	{ "Enter", '\r', false }, { "Escape", KEY_ESC, false }, { "Tab", '\t', false },
	{ "Space", ' ', false }, { "BSpace", KEY_BACKSPACE, true }, { "DC", KEY_DC, true },
	{ "IC", KEY_IC, true }, { "Up", KEY_UP, true }, { "Down", KEY_DOWN, true },
	{ "Left", KEY_LEFT, true }, { "Right", KEY_RIGHT, true }, { "Home", KEY_HOME, true },
	{ "End", KEY_END, true }, { "PPage", KEY_PPAGE, true }, { "PageUp", KEY_PPAGE, true },
	{ "PgUp", KEY_PPAGE, true }, { "NPage", KEY_NPAGE, true }, { "PageDown", KEY_NPAGE, true },
	{ "PgDn", KEY_NPAGE, true },
};

static bool word_is(const char *w, size_t n, const char *name)
{
	return strlen(name) == n && !memcmp(w, name, n);
}

/* The key named by the word w (n bytes), added as an action; false when no
 * key has that name. */
static bool key_word(const char *w, size_t n, int line)
{
	uint32_t cp;

	for (size_t i = 0; i < ARRAY_SIZE(key_names); i++)
		if (word_is(w, n, key_names[i].name)) {
			key_add((struct ui_key){ (wint_t)key_names[i].ch, key_names[i].fn }, line);
			return true;
		}
	if (n >= 2 && n <= 3 && w[0] == 'F' && w[1] >= '1' && w[1] <= '9') {
		int f = n == 2 ? w[1] - '0' : (w[1] - '0') * 10 + (w[2] - '0');
		if (n == 3 && (w[2] < '0' || w[2] > '9'))
			return false;
		if (f > 12)
			return false;
		key_add((struct ui_key){ (wint_t)KEY_F(f), true }, line);
		return true;
	}
	if (word_is(w, n, "C-Left") || word_is(w, n, "C-Right")) {
		key_add((struct ui_key){ (wint_t)(w[2] == 'L' ? ui_key_word_left : ui_key_word_right), true }, line);
		return true;
	}
	if (word_is(w, n, "C-c")) {  /* what the terminal turns into SIGINT */
		action_add(ACT_INTERRUPT, line);
		return true;
	}
	if (n == 3 && w[0] == 'C' && w[1] == '-' && w[2] >= 'a' && w[2] <= 'z') {
		key_add((struct ui_key){ (wint_t)CTRL_KEY(w[2]), false }, line);
		return true;
	}
	if (ui_text_decode(w, n, &cp) == n && cp >= 0x20 && cp != 0x7f && cp != 0xfffd) {
		key_add((struct ui_key){ (wint_t)cp, false }, line);
		return true;
	}
	return false;
}

static int script_error(struct error *err, int line, size_t col, const char *fmt, const char *arg, size_t n)
{
	struct strbuf sb = {0};
	int rc;

	strbuf_add(&sb, arg, n);
	rc = error_set(err, EXIT_DATAERR, "<stdin>:%d:%zu: error: %s%s", line, col, fmt, sb.buf);
	strbuf_release(&sb);
	return rc;
}

static int type_parse(const char *text, size_t n, int line, struct error *err)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = ui_text_decode(text + i, n - i, &cp);
		if (cp < 0x20 || cp == 0x7f || (cp == 0xfffd && l == 1))
			return script_error(err, line, i + 6, "type takes text; a control key is 'key C-x' or "
					    "'key Enter'", "", 0);
		key_add((struct ui_key){ (wint_t)cp, false }, line);
		i += l;
	}
	return 0;
}

/* The next word of s from *at (spaces skipped); its length, 0 at the end. */
static size_t word_next(const char *s, size_t n, size_t *at)
{
	size_t e;

	while (*at < n && (s[*at] == ' ' || s[*at] == '\t'))
		(*at)++;
	for (e = *at; e < n && s[e] != ' ' && s[e] != '\t'; e++)
		;
	return e - *at;
}

static int number_word(const char *w, size_t n, int *v)
{
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		if (w[i] < '0' || w[i] > '9' || *v > SIZE_MAX_CELLS)
			return -1;
		*v = *v * 10 + (w[i] - '0');
	}
	return n && *v >= 1 && *v <= SIZE_MAX_CELLS ? 0 : -1;
}

static int dump_parse(const char *s, size_t n, size_t at, int line, struct error *err)
{
	size_t wl = word_next(s, n, &at), end = at + wl;
	struct action *a;

	if (!wl || wl > NAME_MAX_LEN || word_next(s, n, &end))
		return script_error(err, line, at + 1, "dump takes one name of letters, digits, '-' and '_'", "", 0);
	for (size_t i = at; i < at + wl; i++)
		if (!(s[i] >= 'a' && s[i] <= 'z') && !(s[i] >= 'A' && s[i] <= 'Z') &&
		    !(s[i] >= '0' && s[i] <= '9') && s[i] != '-' && s[i] != '_')
			return script_error(err, line, i + 1, "a dump's name has letters, digits, '-' and '_', not ",
					    s + i, 1);
	for (size_t i = 0; i < sc.n; i++)
		if (sc.v[i].kind == ACT_DUMP && word_is(s + at, wl, sc.v[i].name))
			return script_error(err, line, at + 1, "a dump of that name comes earlier: ", s + at, wl);
	a = action_add(ACT_DUMP, line);
	a->name = xstrndup(s + at, wl);
	return 0;
}

static int resize_parse(const char *s, size_t n, size_t at, int line, struct error *err)
{
	int cols, rows;
	size_t wl = word_next(s, n, &at), at2 = at + wl, wl2 = word_next(s, n, &at2), end = at2 + wl2;
	struct action *a;

	if (number_word(s + at, wl, &cols) || number_word(s + at2, wl2, &rows) || word_next(s, n, &end))
		return script_error(err, line, at + 1, "resize takes COLS ROWS, each from 1 to 1000", "", 0);
	a = action_add(ACT_RESIZE, line);
	a->cols = cols;
	a->rows = rows;
	return 0;
}

static int line_parse(const char *s, size_t n, int line, struct error *err)
{
	size_t at = 0, wl = word_next(s, n, &at), cmd = at;

	if (!wl || s[at] == '#')
		return 0;
	if (word_is(s + cmd, wl, "type"))
		return type_parse(s + cmd + 5, n > cmd + 5 ? n - cmd - 5 : 0, line, err);
	at += wl;
	if (word_is(s + cmd, wl, "dump"))
		return dump_parse(s, n, at, line, err);
	if (word_is(s + cmd, wl, "resize"))
		return resize_parse(s, n, at, line, err);
	if (!word_is(s + cmd, wl, "key"))
		return script_error(err, line, cmd + 1, "not a command (key, type, resize, dump): ", s + cmd, wl);
	if (!word_next(s, n, &at))
		return script_error(err, line, at + 1, "key takes one or more key names", "", 0);
	while ((wl = word_next(s, n, &at))) {
		if (!key_word(s + at, wl, line))
			return script_error(err, line, at + 1, "no key is named ", s + at, wl);
		at += wl;
	}
	return 0;
}

static int script_parse(const char *text, size_t len, struct error *err)
{
	int line = 1;

	for (size_t at = 0; at < len; line++) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - text) - at : len - at, next = at + n + 1;
		if (n && text[at + n - 1] == '\r')
			n--;
		if (memchr(text + at, '\0', n))
			return script_error(err, line, 1, "the script holds a NUL byte", "", 0);
		if (line_parse(text + at, n, line, err))
			return -1;
		at = next;
	}
	return 0;
}

static void script_release(void)
{
	for (size_t i = 0; i < sc.n; i++)
		free(sc.v[i].name);
	free(sc.v);
	grid_free(sc.grid);
	ui_draw_to_grid(NULL);
	memset(&sc, 0, sizeof sc);
}

/* --- Running it -------------------------------------------------------------- */

static int text_write(FILE *out, void *arg, struct error *err)
{
	const struct strbuf *sb = arg;

	(void)err;
	return fwrite(sb->buf, 1, sb->len, out) == sb->len ? 0 : -1;
}

static int dump_write(const char *name, struct error *err)
{
	struct strbuf text = {0};
	char *path = xasprintf("%s/%s.txt", sc.dir, name);
	int rc;

	grid_text(sc.grid, &text);
	rc = file_write_atomic(path, 0644, text_write, &text, err);
	free(path);
	strbuf_release(&text);
	return rc;
}

/* Stop with an error: the session is saved as interrupted first. */
static void script_fail(struct ui *ui, int status, const char *msg)
{
	if (ui->p_active)
		ui_session_finish(ui, "interrupted");
	ui->status = status;
	snprintf(ui->status_msg, sizeof ui->status_msg, "%s", msg);
}

static int script_loop(struct ui *ui)
{
	struct error err = {0};

	ui_frame(ui);
	for (size_t i = 0; i < sc.n; i++) {
		const struct action *a = &sc.v[i];

		if (ui->quit) {
			snprintf(err.msg, sizeof err.msg, "<stdin>:%d: error: the front end quit before this line",
				 a->line);
			script_fail(ui, EXIT_DATAERR, err.msg);
			return 0;
		}
		switch (a->kind) {
		case ACT_KEY:
			ui_key(ui, a->key);
			break;
		case ACT_INTERRUPT:
			return SIGINT;
		case ACT_RESIZE:
			grid_resize(sc.grid, a->rows, a->cols);
			break;
		case ACT_DUMP:
			if (dump_write(a->name, &err)) {
				script_fail(ui, err.status ? err.status : EXIT_IOERR, err.msg);
				return 0;
			}
			continue;
		}
		ui_frame(ui);
	}
	return ui->quit ? 0 : SIGHUP;
}

static int script_open(struct ui *ui)
{
	struct error err = {0};
	struct stat st;
	char *text = NULL;
	size_t len;
	int bad;

	sc.dir = ui_dump_dir();
	bad = stat(sc.dir, &st);
	if (bad || !S_ISDIR(st.st_mode)) {
		struct strbuf sb = {0};
		const char *why = bad ? strerror(errno) : "not a directory";
		strbuf_add_inert(&sb, sc.dir);
		fprintf(stderr, "micoach: MICOACH_SCREEN_DUMP=%s: %s; name a directory for the dumps\n", sb.buf,
			why);
		strbuf_release(&sb);
		return EXIT_NOINPUT;
	}
	/* What the terminal driver gives Ctrl-Left and Ctrl-Right when terminfo
	 * names no code for them: the script's C-Left and C-Right. */
	ui_key_word_left = KEY_MAX + 1;
	ui_key_word_right = KEY_MAX + 2;
	if (file_read_stream(stdin, "<stdin>", SCRIPT_MAX, "key script", &text, &len, &err) ||
	    script_parse(text, len, &err)) {
		struct strbuf sb = {0};
		strbuf_add_inert(&sb, err.msg);
		fprintf(stderr, "micoach: %s\n", sb.buf);
		strbuf_release(&sb);
		free(text);
		script_release();
		return err.status ? err.status : EXIT_DATAERR;
	}
	free(text);
	sc.grid = grid_new(DUMP_ROWS, DUMP_COLS);
	ui_draw_to_grid(sc.grid);
	ui_screen_size(&ui->rows, &ui->cols);
	return 0;
}

static void script_close(struct ui *ui)
{
	(void)ui;
	script_release();
}

const struct ui_driver ui_script_driver = { script_open, script_loop, script_close };
