/* ui_history.c: past sessions (filter and sort), and a replay of one of them
 * turn by turn with its codes and feedback, from which a retry can start. */
#include <stdlib.h>
#include <string.h>

#include "ui_priv.h"
#include "util.h"

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

static struct {
	struct stored_session ss;
	bool loaded;
	int cur;                    /* the turn shown, 1-based */
	int top;
	bool follow;
	enum ui_screen_id back;
} rp;

void history_release(void)
{
	session_list_release(&hs.all);
	free(hs.shown);
	hs.shown = NULL;
	hs.nshown = 0;
	ui_edit_release(&hs.filter);
	if (rp.loaded)
		stored_session_release(&rp.ss);
	rp.loaded = false;
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
			    si->started ? si->started : "");
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
	int list_top = 3, rows = ui->rows - 4, tw = ui->cols - 74;
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
		"id", "started", tw, "scenario", "mode", "outcome", "score", "replies", "R:Q", "%CR");
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

		snprintf(when, sizeof when, "%.10s %.5s", si->started ? si->started : "",
			 si->started && strlen(si->started) > 11 ? si->started + 11 : "");
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
	if (hs.filtering && !ui->help) {
		curs_set(1);
		move(1, 9 + ui_text_width(ui_edit_text(&hs.filter), hs.filter.len));
	}
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

/* ---- replay ---- */

void replay_open(struct ui *ui, int64_t id, enum ui_screen_id back)
{
	struct error err = {0};

	if (rp.loaded)
		stored_session_release(&rp.ss);
	rp.loaded = false;
	if (store_load_session(ui->store, id, &rp.ss, &err)) {
		ui_message(ui, true, "%s", err.msg);
		return;
	}
	rp.loaded = true;
	rp.back = back;
	ui_switch(ui, SCREEN_REPLAY);
}

void replay_enter(struct ui *ui)
{
	(void)ui;
	rp.cur = rp.ss.nturns ? 1 : 0;
	rp.top = 0;
	rp.follow = true;
}

static void replay_build(struct ui *ui, struct ui_doc *d)
{
	const struct session_info *si = &rp.ss.info;
	const struct scenario *s = catalog_find(ui->cat, si->scenario_id ? si->scenario_id : "");
	const char *name = s && s->persona.name ? s->persona.name : "Client";

	doc_line(d, -1);
	doc_seg(d, R_DIM, "Session #%lld \u00b7 %s \u00b7 %s mode \u00b7 ", (long long)si->id,
		si->started ? si->started : "", si->mode ? si->mode : "");
	doc_seg(d, !si->outcome ? R_DIM : !strcmp(si->outcome, "success") ? R_GOOD
		: !strcmp(si->outcome, "failure") ? R_BAD : R_FAIR, "%s", si->outcome ? si->outcome : "unfinished");
	if (si->has_scores) {
		doc_seg(d, R_DIM, " \u00b7 score %d", si->scores.overall);
		if (si->scores.rq_ratio >= 0)
			doc_seg(d, R_DIM, " \u00b7 R:Q %.1f", si->scores.rq_ratio);
		if (si->scores.pct_complex >= 0)
			doc_seg(d, R_DIM, " \u00b7 %.0f%% complex", si->scores.pct_complex);
	}
	if (si->retry_of)
		doc_seg(d, R_DIM, " \u00b7 retry of #%lld from reply %d", (long long)si->retry_of, si->retry_turn);
	if (!rp.ss.nturns) {
		doc_line(d, -1);
		doc_line(d, -1);
		doc_seg(d, R_DIM, "This session has no answered turns.");
	}
	for (size_t i = 0; i < rp.ss.nturns && (int)i < rp.cur; i++) {
		const struct stored_turn *t = &rp.ss.turns[i];
		bool cur = (int)i + 1 == rp.cur;
		int used, ind;
		size_t fit = ui_text_fit(name, strlen(name), 16, &used);

		ind = (used > 3 ? used : 3) + 2;

		doc_line(d, -1);
		doc_line(d, t->index);
		doc_seg(d, R_CLIENT, "%.*s", (int)fit, name);
		doc_seg(d, R_NORMAL, "%*s", ind - used, "");
		doc_wrap(d, ind, R_NORMAL, t->client_line, t->index);
		doc_line(d, -1);
		doc_seg(d, R_YOU, "%-*s", ind, "You");
		doc_reply(d, ind, t->reply, &t->coded, -1);
		if (!cur) {
			doc_line(d, -1);
			doc_seg(d, R_DIM, "%*s\u2514 %s", ind, "", code_name(t->coded.primary));
			continue;
		}
		doc_feedback(d, ind, t->reply, &t->coded);
		if (t->nmeters) {
			doc_line(d, -1);
			doc_seg(d, R_HEAD, "%*s%-8s", ind, "", "Meters");
			for (size_t m = 0; m < t->nmeters; m++)
				doc_seg(d, R_NORMAL, "%s%s %d", m ? " \u00b7 " : "", t->meter_ids[m], t->meters[m]);
		}
		if (t->client_next && *t->client_next) {
			doc_line(d, -1);
			doc_line(d, -1);
			doc_seg(d, R_CLIENT, "%.*s", (int)fit, name);
			doc_seg(d, R_NORMAL, "%*s", ind - used, "");
			doc_wrap(d, ind, R_NORMAL, t->client_next, -1);
		}
	}
	for (size_t i = 0; i < rp.ss.nnotes; i++) {
		doc_line(d, -1);
		doc_line(d, -1);
		doc_seg(d, R_HEAD, "Note from %s: ", rp.ss.notes[i].author ? rp.ss.notes[i].author : "trainer");
		doc_wrap(d, 0, R_NORMAL, rp.ss.notes[i].text, -1);
	}
}

void replay_draw(struct ui *ui)
{
	struct ui_doc d;
	int rows = ui->rows - 2, maxtop;
	char right[64];
	const char *title = rp.ss.info.scenario_title ? rp.ss.info.scenario_title : rp.ss.info.scenario_id;

	snprintf(right, sizeof right, "reply %d of %zu", rp.cur, rp.ss.nturns);
	{
		struct strbuf t = {0};
		strbuf_addf(&t, "micoach \u2502 Replay \u2502 %s", title ? title : "");
		ui_title(ui, t.buf, right);
		strbuf_release(&t);
	}
	doc_init(&d, ui->cols - 2);
	replay_build(ui, &d);
	maxtop = (int)d.n - rows > 0 ? (int)d.n - rows : 0;
	if (rp.follow) {  /* the current turn's start in view, as much of it as fits */
		int at = doc_find(&d, rp.cur);
		rp.top = maxtop;
		if (at >= 0 && at - 1 < rp.top)
			rp.top = at - 1;
		rp.follow = false;
	}
	if (rp.top > maxtop)
		rp.top = maxtop;
	if (rp.top < 0)
		rp.top = 0;
	doc_draw(&d, 1, 1, rows, rp.top, -1);
	doc_release(&d);
	static const char *const keys[] = {
		"n/\u2192", "next turn", "p/\u2190", "previous", "\u2191\u2193", "scroll", "r", "retry from here",
		"q", "back", "F1", "help", NULL,
	};
	ui_status(ui, keys);
}

static void replay_retry(struct ui *ui)
{
	const struct scenario *s = catalog_find(ui->cat, rp.ss.info.scenario_id ? rp.ss.info.scenario_id : "");
	size_t n = rp.cur > 0 ? (size_t)rp.cur - 1 : 0;
	char **replies;

	if (!s) {
		ui_message(ui, true, "The scenario '%s' is not installed any more; it cannot be retried.",
			   rp.ss.info.scenario_id ? rp.ss.info.scenario_id : "");
		return;
	}
	if (!rp.cur)
		return;
	replies = xcalloc(n + 1, sizeof *replies);
	for (size_t i = 0; i < n; i++)
		replies[i] = rp.ss.turns[i].reply;
	if (ui_session_start(ui, s, rp.ss.info.seed, rp.ss.info.id, rp.cur, replies, n) == 0) {
		ui_switch(ui, SCREEN_PRACTICE);
		ui_message(ui, false, "Retrying session #%lld from reply %d.", (long long)rp.ss.info.id, rp.cur);
	}
	free(replies);
}

void replay_key(struct ui *ui, struct ui_key k)
{
	int page = ui->rows - 4;

	if (k.fn) {
		switch (k.ch) {
		case KEY_RIGHT: goto next;
		case KEY_LEFT: goto prev;
		case KEY_UP: rp.top--; return;
		case KEY_DOWN: rp.top++; return;
		case KEY_PPAGE: rp.top -= page; return;
		case KEY_NPAGE: rp.top += page; return;
		case KEY_HOME: rp.cur = rp.ss.nturns ? 1 : 0; rp.follow = true; return;
		case KEY_END: rp.cur = (int)rp.ss.nturns; rp.follow = true; return;
		default: return;
		}
	}
	switch (k.ch) {
	case 'n': case ' ': case '\r': case '\n': goto next;
	case 'p': case 'b': goto prev;
	case 'k': rp.top--; return;
	case 'j': rp.top++; return;
	case 'r': replay_retry(ui); return;
	case '?': ui->help = true; return;
	case 'q': case KEY_ESC: ui_switch(ui, rp.back); return;
	default: return;
	}
next:
	if ((size_t)rp.cur < rp.ss.nturns)
		rp.cur++;
	rp.follow = true;
	return;
prev:
	if (rp.cur > 1)
		rp.cur--;
	rp.follow = true;
}
