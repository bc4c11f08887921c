/* ui_history.c: past sessions, filtered as you type after '/' and sorted by
 * date, score or scenario; Enter opens one in the replay (ui_replay.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_priv.h"
#include "core/util.h"

enum { HISTORY_MAX = 2000 };
enum sort_by { SORT_NEWEST, SORT_OLDEST, SORT_BEST, SORT_WORST, SORT_SCENARIO, SORT_COUNT };
static const char *const sort_names[SORT_COUNT] = { "newest", "oldest", "best", "worst", "scenario" };

static struct {
	struct session_list all;
	size_t *shown;              /* indexes into all, filtered and sorted */
	size_t nshown;
	struct ui_edit filter;
	bool filtering;             /* keys go to the filter */
	enum sort_by sort;
	int sel, top;
} hs;

void history_release(void)
{
	session_list_release(&hs.all);
	free(hs.shown);
	hs.shown = NULL;
	hs.nshown = 0;
	ui_edit_release(&hs.filter);
	replay_release();
}

static int score_of(const struct session_info *si)
{
	return si->has_scores ? si->scores.overall : -1;
}

static int cmp_sessions(const struct session_info *a, const struct session_info *b, enum sort_by by)
{
	int c;

	switch (by) {
	case SORT_BEST: c = score_of(b) - score_of(a); break;
	case SORT_WORST: c = score_of(a) - score_of(b); break;
	case SORT_SCENARIO: c = strcmp(a->scenario_id ? a->scenario_id : "", b->scenario_id ? b->scenario_id : ""); break;
	case SORT_OLDEST: c = a->id < b->id ? -1 : a->id > b->id; break;
	default: c = 0; break;
	}
	if (!c)  /* then newest first */
		c = a->id > b->id ? -1 : a->id < b->id;
	return c;
}

static void shown_build(void)
{
	struct strbuf sb = {0};
	const char *f = ui_edit_text(&hs.filter);

	free(hs.shown);
	hs.shown = xcalloc(hs.all.n + 1, sizeof *hs.shown);
	hs.nshown = 0;
	for (size_t i = 0; i < hs.all.n; i++) {
		const struct session_info *si = &hs.all.items[i];
		strbuf_reset(&sb);
		strbuf_addf(&sb, "#%lld %s %s %s %s %s %s", (long long)si->id, si->scenario_id ? si->scenario_id : "",
			    si->scenario_title ? si->scenario_title : "", si->pack_id ? si->pack_id : "",
			    si->outcome ? si->outcome : "unfinished", si->mode ? si->mode : "",
			    si->started ? ui_stamp(si->started) : "");
		if (ui_text_match(sb.buf, f))
			hs.shown[hs.nshown++] = i;
	}
	strbuf_release(&sb);
	/* Insertion sort: stable, and lists are at most HISTORY_MAX long. */
	for (size_t i = 1; i < hs.nshown; i++) {
		size_t v = hs.shown[i], j = i;
		while (j > 0 && cmp_sessions(&hs.all.items[hs.shown[j - 1]], &hs.all.items[v], hs.sort) > 0) {
			hs.shown[j] = hs.shown[j - 1];
			j--;
		}
		hs.shown[j] = v;
	}
	if (hs.sel >= (int)hs.nshown)
		hs.sel = hs.nshown ? (int)hs.nshown - 1 : 0;
}

void history_enter(struct ui *ui)
{
	struct session_filter f = { .user = ui->app->user, .limit = HISTORY_MAX };
	struct error err = {0};

	session_list_release(&hs.all);
	memset(&hs.all, 0, sizeof hs.all);
	if (store_list_sessions(ui->store, &f, &hs.all, &err))
		ui_message(ui, true, "%s", err.msg);
	hs.sel = hs.top = 0;
	hs.filtering = false;
	shown_build();
}

void history_draw(struct ui *ui)
{
	bool ratios = ui->cols >= 96;  /* room for the R:Q and %CR columns */
	int list_top = 3, rows = ui->rows - 4, tw = ui->cols - (ratios ? 74 : 62);
	char right[96];

	if (tw < 14)
		tw = 14;
	snprintf(right, sizeof right, "%zu of %zu \u00b7 sorted by %s", hs.nshown, hs.all.n, sort_names[hs.sort]);
	ui_title(ui, "micoach \u2502 History", right);
	{
		int x = 1 + ui_put(1, 1, 8, R_HEAD, "Filter: ");
		x += ui_put(1, x, ui->cols - x - 1, R_NORMAL, ui_edit_text(&hs.filter));
		if (!hs.filtering && !hs.filter.len)
			ui_put(1, x, ui->cols - x - 1, R_DIM, "/ to filter by scenario, outcome, mode or date");
	}
	ui_fill(2, 0, ui->cols, R_NORMAL);
	ui_putf(2, 1, ui->cols - 2, R_HEAD, "%-7s %-16s  %-*s %-5s %-12s %5s %7s %5s %5s",
		"id", "started", tw, "scenario", "mode", "outcome", "score", "replies",
		ratios ? "R:Q" : "", ratios ? "%CR" : "");
	if (hs.sel < hs.top)
		hs.top = hs.sel;
	if (hs.sel >= hs.top + rows)
		hs.top = hs.sel - rows + 1;
	for (int r = 0; r < rows && (size_t)(hs.top + r) < hs.nshown; r++) {
		const struct session_info *si = &hs.all.items[hs.shown[hs.top + r]];
		bool sel = hs.top + r == hs.sel;
		const char *title = si->scenario_title ? si->scenario_title : si->scenario_id ? si->scenario_id : "";
		char when[20], rq[16] = "-", cr[16] = "-", score[8] = "-";
		int y = list_top + r, x = 1, used;
		size_t fit = ui_text_fit(title, strlen(title), tw, &used);

		ui_when(si->started, when);
		if (si->has_scores) {
			snprintf(score, sizeof score, "%d", si->scores.overall);
			if (si->scores.rq_ratio >= 0)
				snprintf(rq, sizeof rq, "%.1f", si->scores.rq_ratio);
			if (si->scores.pct_complex >= 0)
				snprintf(cr, sizeof cr, "%.0f%%", si->scores.pct_complex);
		}
		if (sel)
			ui_fill(y, 0, ui->cols, R_SELECT);
		x += ui_putf(y, x, 8, sel ? R_SELECT : R_DIM, "#%-6lld ", (long long)si->id);
		x += ui_putf(y, x, 18, sel ? R_SELECT : R_NORMAL, "%-16s  ", when);
		x += ui_putn(y, x, tw, sel ? R_SELECT : R_NORMAL, title, fit);
		x += ui_putf(y, x, tw - used + 1, sel ? R_SELECT : R_NORMAL, "%*s", tw - used + 1, "");
		x += ui_putf(y, x, 6, sel ? R_SELECT : R_DIM, "%-5s ", si->mode ? si->mode : "");
		x += ui_putf(y, x, 13, sel ? R_SELECT : !si->outcome ? R_DIM : !strcmp(si->outcome, "success") ? R_GOOD
			     : !strcmp(si->outcome, "failure") ? R_BAD : R_FAIR, "%-12s ", si->outcome ? si->outcome : "unfinished");
		x += ui_putf(y, x, 6, sel ? R_SELECT : si->has_scores ? ui_score_role(si->scores.overall) : R_DIM, "%5s", score);
		if (!ratios)
			rq[0] = cr[0] = '\0';
		ui_putf(y, x, ui->cols - x - 1, sel ? R_SELECT : R_NORMAL, " %7d %5s %5s",
			si->has_scores ? si->scores.replies : si->turns, rq, cr);
	}
	if (!hs.nshown)
		ui_put(list_top, 2, ui->cols - 4, R_DIM, hs.all.n ? "Nothing matches the filter; Esc clears it."
		       : "No sessions yet: practise a scenario and it appears here.");
	static const char *const keys[] = {
		"Enter", "replay", "/", "filter", "s", "sort", "\u2191\u2193", "move", "q", "back", "F1", "help", NULL,
	};
	static const char *const keys_f[] = { "Enter", "done", "Esc", "clear filter", NULL };
	ui_status(ui, hs.filtering ? keys_f : keys);
	if (hs.filtering)
		ui_cursor(1, 9 + ui_text_width(ui_edit_text(&hs.filter), hs.filter.len));
}

void history_key(struct ui *ui, struct ui_key k)
{
	int page = ui->rows - 5;

	if (hs.filtering && !k.fn) {
		switch (k.ch) {
		case '\r': case '\n': hs.filtering = false; return;
		case KEY_ESC: hs.filtering = false; ui_edit_clear(&hs.filter); shown_build(); return;
		case CTRL_KEY('h'): case 127: ui_edit_apply(&hs.filter, EDIT_BACKSPACE); shown_build(); return;
		case CTRL_KEY('u'): ui_edit_clear(&hs.filter); shown_build(); return;
		case CTRL_KEY('w'): ui_edit_apply(&hs.filter, EDIT_KILL_WORD); shown_build(); return;
		default:
			if (hs.filter.len < 200 && ui_edit_insert(&hs.filter, (uint32_t)k.ch))
				shown_build();
			return;
		}
	}
	if (k.fn) {
		switch (k.ch) {
		case KEY_UP: if (hs.sel > 0) hs.sel--; return;
		case KEY_DOWN: if ((size_t)hs.sel + 1 < hs.nshown) hs.sel++; return;
		case KEY_PPAGE: hs.sel = hs.sel > page ? hs.sel - page : 0; return;
		case KEY_NPAGE:
			hs.sel += page;
			if ((size_t)hs.sel >= hs.nshown)
				hs.sel = hs.nshown ? (int)hs.nshown - 1 : 0;
			return;
		case KEY_HOME: hs.sel = 0; return;
		case KEY_END: hs.sel = hs.nshown ? (int)hs.nshown - 1 : 0; return;
		case KEY_BACKSPACE:
			if (hs.filtering) {
				ui_edit_apply(&hs.filter, EDIT_BACKSPACE);
				shown_build();
			}
			return;
		case KEY_ENTER: goto enter;
		default: return;
		}
	}
	switch (k.ch) {
	case 'k': history_key(ui, (struct ui_key){ KEY_UP, true }); return;
	case 'j': history_key(ui, (struct ui_key){ KEY_DOWN, true }); return;
	case '/': hs.filtering = true; return;
	case 's':
		hs.sort = (enum sort_by)((hs.sort + 1) % SORT_COUNT);
		shown_build();
		ui_message(ui, false, "Sorted by %s", sort_names[hs.sort]);
		return;
	case '?': ui->help = true; return;
	case KEY_ESC:
		if (hs.filter.len) {
			ui_edit_clear(&hs.filter);
			shown_build();
			return;
		}
		/* fall through */
	case 'q': ui_switch(ui, SCREEN_HOME); return;
	case '\r': case '\n': goto enter;
	default: return;
	}
enter:
	if ((size_t)hs.sel < hs.nshown)
		replay_open(ui, hs.all.items[hs.shown[hs.sel]].id, SCREEN_HISTORY);
}
