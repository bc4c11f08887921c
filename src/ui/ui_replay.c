/* ui_replay.c: one stored session replayed turn by turn: what the client
 * said, the reply with its cue words, its codes, skills, tip and the meters
 * after it; a retry can start from the turn shown. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_priv.h"
#include "core/client_talk.h"
#include "core/util.h"

static struct {
	struct session ss;
	bool loaded;
	int cur;                    /* the turn shown, 1-based */
	int top;
	bool follow;
	enum ui_screen_id back;
} rp;

void replay_release(void)
{
	if (rp.loaded)
		session_release(&rp.ss);
	rp.loaded = false;
}

void replay_open(struct ui *ui, int64_t id, enum ui_screen_id back)
{
	struct error err = {0};

	if (rp.loaded)
		session_release(&rp.ss);
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

/* Under the client's lines of the turn shown: their talk labels, when the
 * author gave them ("neutral \u00b7 change: desire"). */
static void labels_add(struct ui_doc *d, int indent, const struct session_line *l, size_t n)
{
	struct strbuf sb = {0};
	bool any = false;

	for (size_t i = 0; i < n; i++) {
		any |= l[i].talk != TALK_UNLABELLED;
		strbuf_addf(&sb, "%s%s", i ? " \u00b7 " : "", l[i].talk != TALK_UNLABELLED ? talk_name(l[i].talk) : "-");
		if (l[i].kind != KIND_NONE)
			strbuf_addf(&sb, ": %s", talk_kind_name(l[i].kind));
	}
	if (any) {
		doc_line(d, -1);
		doc_seg(d, R_DIM, "%*s\u2514 talk: %s", indent, "", sb.buf);
	}
	strbuf_release(&sb);
}

/* The trainer's notes on turn (0: on the whole session), indented ind. */
static void replay_notes(struct ui_doc *d, int turn, int ind)
{
	for (size_t i = 0; i < rp.ss.nnotes; i++) {
		const struct session_note *n = &rp.ss.notes[i];
		if (n->turn != turn)
			continue;
		doc_line(d, -1);
		if (!turn)
			doc_line(d, -1);
		doc_seg(d, R_HEAD, "%*sNote from %s: ", ind, "", n->author ? n->author : "trainer");
		doc_wrap(d, ind, R_NORMAL, n->text, -1);
	}
}

static void replay_build(struct ui *ui, struct ui_doc *d)
{
	struct talk_summary ts;
	size_t missed = 0;

	const struct session_info *si = &rp.ss.info;
	const struct scenario *s = catalog_find(ui->cat, si->scenario_id ? si->scenario_id : "");
	const char *name = s && s->persona.name ? s->persona.name : "Client";

	doc_line(d, -1);
	doc_seg(d, R_DIM, "Session #%lld \u00b7 %s \u00b7 %s mode \u00b7 ", (long long)si->id,
		si->started ? ui_stamp(si->started) : "", si->mode ? si->mode : "");
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
	session_talk_stored(&rp.ss, &ts);
	if (!session_has_talk(&rp.ss))
		ts.missed = 0;
	for (size_t i = 0; i < rp.ss.nturns && (int)i < rp.cur; i++) {
		const struct session_turn *t = &rp.ss.turns[i], *prev = i ? &rp.ss.turns[i - 1] : NULL;
		bool cur = (int)i + 1 == rp.cur, miss = missed < ts.missed && ts.missed_turn[missed] == t->index;
		int used, ind;
		size_t fit = ui_text_fit(name, strlen(name), 16, &used);

		ind = (used > 3 ? used : 3) + 2;

		doc_line(d, -1);
		doc_line(d, t->index);
		doc_seg(d, R_CLIENT, "%.*s", (int)fit, name);
		doc_seg(d, R_NORMAL, "%*s", ind - used, "");
		doc_wrap(d, ind, R_NORMAL, t->client_line, t->index);
		/* A replay shows the thoughts always, whatever the mode. */
		doc_thought(d, ind, prev ? prev->thought : session_lines_thought(t->opening, t->nopening));
		if (cur)
			labels_add(d, ind, prev ? prev->lines : t->opening, prev ? prev->nlines : t->nopening);
		missed += miss;
		doc_line(d, -1);
		doc_seg(d, R_YOU, "%-*s", ind, "You");
		doc_reply(d, ind, t->reply, &t->coded, -1);
		replay_notes(d, t->index, ind);
		if (!cur) {
			doc_line(d, -1);
			doc_seg(d, R_DIM, "%*s\u2514 %s", ind, "", code_name(t->coded.primary));
			continue;
		}
		doc_feedback(d, ind, t->reply, &t->coded);
		if (miss) {
			doc_line(d, -1);
			doc_seg(d, R_BAD, "%*sMissed change talk: ", ind, "");
			doc_seg(d, R_NORMAL, "the reply neither reflected, affirmed nor asked about it");
		}
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
			doc_thought(d, ind, t->thought);
			labels_add(d, ind, t->lines, t->nlines);
		}
	}
	talk_summary_release(&ts);
	replay_notes(d, 0, 0);
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
	struct ui_start st = {
		.s = s, .seed = rp.ss.info.seed, .exam = rp.ss.info.mode && !strcmp(rp.ss.info.mode, "exam"),
		.assignment = rp.ss.info.assignment_id, .retry_of = rp.ss.info.id, .retry_turn = rp.cur,
		.replies = replies, .nreplies = n,
	};
	if (ui_session_start(ui, &st) == 0) {
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
