/* ui_picker.c: the scenario picker: packs and their scenarios on the left,
 * filtered as you type, a preview of the selected scenario and its client on
 * the right. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_priv.h"
#include "core/util.h"

struct row {
	const struct pack *pack;
	const struct scenario *s;   /* NULL: the pack's heading */
};

static struct {
	struct ui_edit filter;
	int sel, top;               /* indexes into the rows */
	char *want;                 /* select this scenario id when rows are built */
	struct row *rows;
	size_t nrows, nshown, ntotal;
	struct scenario_best *best;   /* the practitioner's record per scenario */
	size_t nbest;
} pk;

void picker_select(const char *scenario_id)
{
	free(pk.want);
	pk.want = scenario_id ? xstrdup(scenario_id) : NULL;
}

static void haystack(const struct scenario *s, struct strbuf *sb)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s %s %s %s %s %s ", s->id, s->title ? s->title : "",
		    s->pack && s->pack->id ? s->pack->id : "", s->pack && s->pack->title ? s->pack->title : "",
		    s->setting ? s->setting : "", stage_name(s->stage));
	for (size_t i = 0; i < s->ntags; i++)
		strbuf_addf(sb, "%s ", s->tags[i]);
	for (int k = 0; k < SKILL_COUNT; k++)
		if (s->skills & (1u << k))
			strbuf_addf(sb, "%s ", skill_name((enum mi_skill)k));
	if (s->persona.name)
		strbuf_addf(sb, "%s ", s->persona.name);
	if (s->summary)
		strbuf_adds(sb, s->summary);
}

static void rows_build(struct ui *ui)
{
	struct strbuf sb = {0};
	const char *f = ui_edit_text(&pk.filter);
	const struct scenario *was = pk.sel >= 0 && (size_t)pk.sel < pk.nrows ? pk.rows[pk.sel].s : NULL;

	pk.nrows = pk.nshown = pk.ntotal = 0;
	for (size_t i = 0; i < ui->cat->npacks; i++) {
		const struct pack *pa = ui->cat->packs[i];
		bool head = false;
		for (size_t j = 0; j < pa->nscenarios; j++) {
			const struct scenario *s = pa->scenarios[j];
			pk.ntotal++;
			haystack(s, &sb);
			if (!ui_text_match(sb.buf, f))
				continue;
			pk.rows = xrealloc(pk.rows, (pk.nrows + 2) * sizeof *pk.rows);
			if (!head) {
				pk.rows[pk.nrows++] = (struct row){ pa, NULL };
				head = true;
			}
			pk.rows[pk.nrows++] = (struct row){ pa, s };
			pk.nshown++;
		}
	}
	strbuf_release(&sb);
	pk.sel = -1;
	for (size_t i = 0; i < pk.nrows; i++) {
		const struct scenario *s = pk.rows[i].s;
		if (!s)
			continue;
		if (pk.sel < 0 || s == was || (pk.want && !strcmp(s->id, pk.want)))
			pk.sel = (int)i;
		if (s == was || (pk.want && !strcmp(s->id, pk.want)))
			break;
	}
}

static const struct scenario_best *best_of(const struct scenario *s)
{
	for (size_t i = 0; i < pk.nbest; i++)
		if (pk.best[i].scenario_id && !strcmp(pk.best[i].scenario_id, s->id))
			return &pk.best[i];
	return NULL;
}

void picker_enter(struct ui *ui)
{
	struct error err = {0};

	scenario_best_free(pk.best, pk.nbest);
	pk.best = NULL;
	pk.nbest = 0;
	if (store_best_scores(ui->store, ui->app->user, &pk.best, &pk.nbest, &err))
		ui_message(ui, true, "%s", err.msg);
	rows_build(ui);
	free(pk.want);
	pk.want = NULL;
	pk.top = 0;
}

static void move_sel(int delta)
{
	int i = pk.sel, step = delta > 0 ? 1 : -1, left = delta > 0 ? delta : -delta;

	while (left > 0) {
		int j = i + step;
		while (j >= 0 && (size_t)j < pk.nrows && !pk.rows[j].s)
			j += step;
		if (j < 0 || (size_t)j >= pk.nrows)
			break;
		i = j;
		left--;
	}
	pk.sel = i;
}

static void dots(struct strbuf *sb, int n, int of)
{
	for (int i = 0; i < of; i++)
		strbuf_adds(sb, i < n ? "\u25cf" : "\u25cb");
}

static void preview_build(struct ui *ui, struct ui_doc *d, const struct scenario *s)
{
	const struct persona *pe = &s->persona;
	struct strbuf sb = {0};
	bool first = true;

	(void)ui;
	doc_line(d, -1);
	doc_wrap(d, 0, R_HEAD, s->title ? s->title : s->id, -1);
	doc_line(d, -1);
	strbuf_addf(&sb, "%s/%s", s->pack ? s->pack->id : "", s->id);
	doc_wrap(d, 0, R_DIM, sb.buf, -1);
	strbuf_reset(&sb);
	doc_line(d, -1);
	dots(&sb, s->difficulty, 5);
	doc_seg(d, R_NORMAL, "%-12s", "Difficulty");
	doc_seg(d, R_FAIR, "%s", sb.buf);
	doc_seg(d, R_NORMAL, " %d/5", s->difficulty);
	doc_line(d, -1);
	doc_seg(d, R_NORMAL, "%-12s%s", "Stage", stage_name(s->stage));
	strbuf_reset(&sb);
	for (int k = 0; k < SKILL_COUNT; k++)
		if (s->skills & (1u << k)) {
			strbuf_addf(&sb, "%s%s", first ? "" : ", ", skill_name((enum mi_skill)k));
			first = false;
		}
	doc_line(d, -1);
	doc_seg(d, R_NORMAL, "%-12s", "Trains");
	doc_wrap(d, 12, R_GOOD, sb.len ? sb.buf : "-", -1);
	if (s->ntags) {
		strbuf_reset(&sb);
		for (size_t i = 0; i < s->ntags; i++)
			strbuf_addf(&sb, "%s%s", i ? ", " : "", s->tags[i]);
		doc_line(d, -1);
		doc_seg(d, R_NORMAL, "%-12s", "Tags");
		doc_wrap(d, 12, R_DIM, sb.buf, -1);
	}
	if (s->setting) {
		doc_line(d, -1);
		doc_seg(d, R_NORMAL, "%-12s", "Setting");
		doc_wrap(d, 12, R_NORMAL, s->setting, -1);
	}
	{
		const struct scenario_best *b = best_of(s);
		doc_line(d, -1);
		doc_seg(d, R_NORMAL, "%-12s", "You");
		if (!b)
			doc_seg(d, R_DIM, "not practised yet");
		else {
			doc_seg(d, ui_score_role(b->best), "best %d", b->best);
			doc_seg(d, R_DIM, " \u00b7 %d %s \u00b7 last %.10s", b->attempts,
				b->attempts == 1 ? "attempt" : "attempts", b->last ? ui_stamp(b->last) : "");
		}
	}
	if (s->summary) {
		doc_line(d, -1);
		doc_line(d, -1);
		doc_wrap(d, 0, R_NORMAL, s->summary, -1);
	}
	doc_line(d, -1);
	doc_line(d, -1);
	doc_seg(d, R_HEAD, "The client");
	doc_line(d, -1);
	doc_seg(d, R_CLIENT, "%s", pe->name ? pe->name : "Client");
	if (pe->age)
		doc_seg(d, R_NORMAL, ", %d", pe->age);
	{
		static const char *const labels[] = { "Situation", "Wants", "Fears", "Voice" };
		const char *vals[] = { pe->situation, pe->wants, pe->fears, pe->voice };
		for (size_t i = 0; i < ARRAY_SIZE(labels); i++) {
			if (!vals[i] || !*vals[i])
				continue;
			doc_line(d, -1);
			doc_seg(d, R_NORMAL, "%-12s", labels[i]);
			doc_wrap(d, 12, R_NORMAL, vals[i], -1);
		}
	}
	strbuf_release(&sb);
}

/* The filter line; returns the column the cursor goes to. */
static int filter_draw(struct ui *ui, int lw)
{
	char count[64];
	int x = 1 + ui_put(1, 1, 8, R_HEAD, "Filter: "), cw;

	x += ui_put(1, x, lw, R_NORMAL, ui_edit_text(&pk.filter));
	snprintf(count, sizeof count, "%zu of %zu scenarios", pk.nshown, pk.ntotal);
	cw = ui_text_width(count, strlen(count));
	if (!pk.filter.len)
		ui_put(1, x, ui->cols - x - cw - 3, R_DIM, ui->cols >= 100
		       ? "type to filter by title, pack, skill, tag or client" : "type to filter");
	ui_put(1, ui->cols - 1 - cw, cw, R_DIM, count);
	return x;
}

/* One row of the list: a pack's heading or one of its scenarios. */
static void row_draw(const struct row *rw, int y, int lw, bool sel)
{
	struct strbuf sb = {0};
	const struct scenario_best *b;

	if (!rw->s) {
		ui_putf(y, 1, lw - 2, R_HEAD, "%s%s%s", rw->pack->title ? rw->pack->title : rw->pack->id,
			rw->pack->version ? "  v" : "", rw->pack->version ? rw->pack->version : "");
		return;
	}
	dots(&sb, rw->s->difficulty, 5);
	if (sel)
		ui_fill(y, 0, lw, R_SELECT);
	if ((b = best_of(rw->s)))
		ui_putf(y, 1, 2, sel ? R_SELECT : ui_score_role(b->best), "%s", "\u2713");
	ui_put(y, 3, lw - 10, sel ? R_SELECT : R_NORMAL, rw->s->title ? rw->s->title : rw->s->id);
	ui_put(y, lw - 6, 5, sel ? R_SELECT : R_FAIR, sb.buf);
	strbuf_release(&sb);
}

/* The list, scrolled to keep the selection (and its pack's heading) in view. */
static void list_draw(int top, int rows, int lw)
{
	if (pk.sel < pk.top)
		pk.top = pk.sel > 0 && !pk.rows[pk.sel - 1].s ? pk.sel - 1 : pk.sel;
	if (pk.sel >= pk.top + rows)
		pk.top = pk.sel - rows + 1;
	if (pk.top < 0)
		pk.top = 0;
	for (int r = 0; r < rows && (size_t)(pk.top + r) < pk.nrows; r++)
		row_draw(&pk.rows[pk.top + r], top + r, lw, pk.top + r == pk.sel);
	if (!pk.nshown)
		ui_put(top, 2, lw - 3, R_DIM, pk.ntotal ? "Nothing matches; Esc clears the filter."
		       : "No scenarios found. See 'micoach help list'.");
}

void picker_draw(struct ui *ui)
{
	static const char *const keys[] = {
		"Enter", "practise", "\u2191\u2193", "move", "Tab", "coach/exam", "Esc", "back",
		"F1", "help", NULL,
	};
	int lw = ui->cols * 45 / 100, list_top = 3, list_rows = ui->rows - 4, cx;
	char right[64];

	snprintf(right, sizeof right, "%s mode", ui->exam ? "exam" : "coach");
	ui_title(ui, "micoach \u2502 Choose a scenario", right);
	cx = filter_draw(ui, lw);
	ui_rule(2, 0, ui->cols, NULL);
	ui_corner(2, lw, CORNER_TTEE);
	ui_line(3, lw, list_rows, true);
	list_draw(list_top, list_rows, lw);
	if (pk.sel >= 0 && (size_t)pk.sel < pk.nrows && pk.rows[pk.sel].s) {
		struct ui_doc d;
		doc_init(&d, ui->cols - lw - 3);
		preview_build(ui, &d, pk.rows[pk.sel].s);
		doc_draw(&d, list_top, lw + 2, list_rows, 0, -1);
		doc_release(&d);
	}
	ui_status(ui, keys);
	ui_cursor(1, cx);
}

void picker_key(struct ui *ui, struct ui_key k)
{
	int page = ui->rows - 6;

	if (k.fn) {
		switch (k.ch) {
		case KEY_UP: move_sel(-1); return;
		case KEY_DOWN: move_sel(1); return;
		case KEY_PPAGE: move_sel(-page); return;
		case KEY_NPAGE: move_sel(page); return;
		case KEY_HOME: move_sel(-(int)pk.nrows); return;
		case KEY_END: move_sel((int)pk.nrows); return;
		case KEY_BACKSPACE: ui_edit_apply(&pk.filter, EDIT_BACKSPACE); rows_build(ui); return;
		case KEY_ENTER: goto enter;
		default: return;
		}
	}
	switch (k.ch) {
	case '\r': case '\n':
		goto enter;
	case KEY_ESC:
		if (pk.filter.len) {
			ui_edit_clear(&pk.filter);
			rows_build(ui);
		} else {
			ui_switch(ui, SCREEN_HOME);
		}
		return;
	case '\t':
		ui->exam = !ui->exam;
		ui_message(ui, false, "New sessions start in %s mode%s", ui->exam ? "exam" : "coach",
			   ui->exam ? ": feedback is held to the end." : ": feedback after every reply.");
		return;
	case CTRL_KEY('p'): move_sel(-1); return;
	case CTRL_KEY('n'): move_sel(1); return;
	case CTRL_KEY('u'): ui_edit_clear(&pk.filter); rows_build(ui); return;
	case CTRL_KEY('w'): ui_edit_apply(&pk.filter, EDIT_KILL_WORD); rows_build(ui); return;
	case CTRL_KEY('h'): case 127: ui_edit_apply(&pk.filter, EDIT_BACKSPACE); rows_build(ui); return;
	case '?': ui->help = true; return;
	default:
		if (pk.filter.len < 200 && ui_edit_insert(&pk.filter, (uint32_t)k.ch))
			rows_build(ui);
		return;
	}
enter:
	if (pk.sel < 0 || (size_t)pk.sel >= pk.nrows || !pk.rows[pk.sel].s)
		return;
	struct ui_start st = ui_start_fresh(ui, pk.rows[pk.sel].s);
	if (ui_session_start(ui, &st) == 0)
		ui_switch(ui, SCREEN_PRACTICE);
}

void picker_release(void)
{
	ui_edit_release(&pk.filter);
	scenario_best_free(pk.best, pk.nbest);
	free(pk.rows);
	free(pk.want);
	memset(&pk, 0, sizeof pk);
}
