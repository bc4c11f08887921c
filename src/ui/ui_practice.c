/* ui_practice.c: the practice screen: the client and their situation, the
 * meters as gauges, the conversation scrolling above, the feedback panel
 * (coach mode) and the reply being typed. The session itself is struct
 * practice, which codes and saves each reply before we show it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_priv.h"
#include "core/diag.h"
#include "core/feedback.h"
#include "core/util.h"

enum { INPUT_ROWS_MAX = 4, PANEL_ROWS_MAX = 6 };

static struct {
	struct ui_edit in;
	int scroll;             /* lines scrolled back from the newest */
	bool hint;              /* the panel shows /hint instead of feedback */
	int recall;             /* the earlier reply Up brought back (0-based), -1: none */
} pv;

static const char *client_name(const struct scenario *s)
{
	return s->persona.name && *s->persona.name ? s->persona.name : "Client";
}

struct ui_start ui_start_fresh(struct ui *ui, const struct scenario *s)
{
	struct ui_start st = { .s = s, .seed = ui->seed_next++, .exam = ui->exam };
	return st;
}

int ui_session_start(struct ui *ui, const struct ui_start *st)
{
	struct practice_opts o = {
		.scenario = st->s, .coder = ui->coder, .store = ui->store, .user = ui->app->user,
		.seed = st->seed, .exam = st->exam, .retry_of = st->retry_of, .retry_turn = st->retry_turn,
		.assignment_id = st->assignment,
	};
	struct error err = {0};
	struct diag_list dl = {0};

	/* The catalog holds headers: the session plays the whole scenario. */
	if (app_scenario_whole(ui->app, st->s, &o.scenario, &dl)) {
		struct strbuf sb = {0};
		diag_format(&dl, 0, &sb);
		if (sb.buf && strchr(sb.buf, '\n'))
			*strchr(sb.buf, '\n') = '\0';
		ui_message(ui, true, "%s%s", sb.buf ? sb.buf : "cannot read the scenario",
			   dl.n > 1 ? " (and more: 'micoach validate' shows them all)" : "");
		strbuf_release(&sb);
		diag_list_release(&dl);
		return -1;
	}
	diag_list_release(&dl);
	if (ui->p_live) {
		ui_session_finish(ui, "quit");
		practice_release(&ui->p);
		ui->p_live = false;
	}
	if (practice_begin(&ui->p, &o, &err)) {
		ui_message(ui, true, "%s", err.msg);
		return -1;
	}
	ui->p_live = ui->p_active = true;
	for (size_t i = 0; i < st->nreplies && !practice_ended(&ui->p); i++) {
		if (practice_reply(&ui->p, st->replies[i], NULL, NULL, &err))
			ui_message(ui, true, "%s (kept; saved with the next turn)", err.msg);
	}
	if (practice_ended(&ui->p))
		ui_session_finish(ui, "quit");
	return 0;
}

void ui_session_finish(struct ui *ui, const char *outcome)
{
	struct error err = {0};

	if (!ui->p_active)
		return;
	ui->p_active = false;
	if (practice_finish(&ui->p, outcome, &ui->sum, &err)) {
		ui_message(ui, true, "%s", err.msg);
		ui->status = err.status ? err.status : EXIT_IOERR;
		snprintf(ui->status_msg, sizeof ui->status_msg, "%s", err.msg);
	} else {
		ui->status = 0;
	}
}

void practice_view_enter(struct ui *ui)
{
	(void)ui;
	ui_edit_clear(&pv.in);
	pv.scroll = 0;
	pv.hint = false;
	pv.recall = -1;
}

/* Up and Down bring back the session's earlier replies, as a shell does. */
static void recall_move(struct ui *ui, int delta)
{
	int n = (int)ui->p.session.nturns, i = pv.recall < 0 ? n : pv.recall;

	i += delta;
	if (i < 0 || n == 0)
		return;
	if (i >= n) {
		pv.recall = -1;
		ui_edit_clear(&pv.in);
		return;
	}
	pv.recall = i;
	ui_edit_set(&pv.in, ui->p.session.turns[i].reply);
}

/* A new line starting with who speaks, padded to indent. */
static void speaker(struct ui_doc *d, enum ui_role r, const char *name, int indent)
{
	int used;
	size_t fit = ui_text_fit(name, strlen(name), indent - 2, &used);

	doc_line(d, -1);
	doc_seg(d, r, "%.*s", (int)fit, name);
	doc_seg(d, R_NORMAL, "%*s", indent - used, "");
}

/* Coach mode, under the client's lines: what they think, and, unless the
 * session ended there, a mark on their change talk so it is not missed. */
static void client_aside(struct ui_doc *d, int indent, const char *thought, const struct said_line *l, size_t n,
			 bool ended)
{
	struct strbuf sb = {0};

	doc_thought(d, indent, thought);
	if (!ended && feedback_talk_mark(&sb, l, n)) {
		doc_line(d, -1);
		doc_seg(d, R_NORMAL, "%*s", indent, "");
		doc_seg(d, R_GOOD, "\u2192 %s", sb.buf);
	}
	strbuf_release(&sb);
}

static void conversation_build(struct ui *ui, struct ui_doc *d)
{
	const struct practice *p = &ui->p;
	const struct scenario *s = p->o.scenario;
	const char *name = client_name(s);
	int nw = ui_text_width(name, strlen(name)), indent;
	struct strbuf sb = {0};

	if (nw > 16)
		nw = 16;
	indent = (nw > 3 ? nw : 3) + 2;
	for (size_t i = 0; i <= p->session.nturns; i++) {
		const char *line = i == 0 ? (p->session.nturns ? p->session.turns[0].client_line : practice_client_line(p))
				 : p->steps[i - 1].line;
		if (i > 0 && p->steps[i - 1].say_first) {
			speaker(d, R_CLIENT, name, indent);
			doc_wrap(d, indent, R_NORMAL, p->steps[i - 1].say_first, -1);
		}
		if (line) {
			speaker(d, R_CLIENT, name, indent);
			doc_wrap(d, indent, R_NORMAL, line, -1);
		}
		if (!p->o.exam && i == 0)
			client_aside(d, indent, practice_opening_thought(p), p->opening, p->nopening, false);
		else if (!p->o.exam)
			client_aside(d, indent, p->steps[i - 1].thought, p->steps[i - 1].lines, p->steps[i - 1].nlines,
				     p->steps[i - 1].ended);
		if (i == p->session.nturns)
			break;
		const struct session_turn *t = &p->session.turns[i];
		doc_line(d, -1);
		speaker(d, R_YOU, "You", indent);
		doc_reply(d, indent, t->reply, p->o.exam ? NULL : &t->coded, -1);
		if (!p->o.exam) {
			doc_line(d, -1);
			doc_seg(d, R_NORMAL, "%*s", indent, "");
			strbuf_reset(&sb);
			strbuf_addf(&sb, "%s", code_name(t->coded.primary));
			for (int c = 0; c < CODE_COUNT; c++)
				if (c != (int)t->coded.primary && (t->coded.codes & CODE_BIT(c)))
					strbuf_addf(&sb, " %s", code_name((enum mi_code)c));
			doc_seg(d, t->coded.nonadherent ? R_BAD : R_DIM, "\u2514 %s", sb.buf);
			for (size_t m = 0; m < s->nmeters; m++)
				if (p->steps[i].delta[m])
					doc_seg(d, R_DIM, " \u00b7 %s %+d", s->meters[m].label ? s->meters[m].label
						: s->meters[m].id, p->steps[i].delta[m]);
		}
		doc_line(d, -1);
	}
	if (p->finished) {
		doc_line(d, -1);
		doc_line(d, -1);
		doc_seg(d, R_HEAD, "The session has ended: %s. Press Enter for the summary.",
			p->session.info.outcome ? p->session.info.outcome : "ended");
	}
	strbuf_release(&sb);
}

static enum ui_role meter_role(const struct meter_def *m, int v)
{
	double f = m->max > m->min ? (double)(v - m->min) / (m->max - m->min) : 0;

	if (!m->higher_is_better)
		f = 1 - f;
	return f >= 0.6 ? R_GOOD : f >= 0.3 ? R_FAIR : R_BAD;
}

/* The meters, two or three to a row; returns the rows used. */
static int meters_draw(struct ui *ui, int y)
{
	const struct practice *p = &ui->p;
	const struct scenario *s = p->o.scenario;
	const struct dialogue_step *last = p->session.nturns ? &p->steps[p->session.nturns - 1] : NULL;
	int per = ui->cols >= 120 ? 3 : 2, cw = (ui->cols - 2) / per, rows = 0;

	if (p->o.exam) {
		ui_put(y, 1, ui->cols - 2, R_DIM, "Exam mode: codes, meters and tips are held to the end.");
		return 1;
	}
	for (size_t m = 0; m < s->nmeters; m++) {
		const struct meter_def *md = &s->meters[m];
		int x = 1 + (int)(m % (size_t)per) * cw, v = p->d.meters[m];
		int yy = y + (int)(m / (size_t)per), gw = cw - 26;
		if (gw < 6)
			gw = 6;
		if (gw > 20)
			gw = 20;
		ui_put(yy, x, 14, R_NORMAL, md->label ? md->label : md->id);
		ui_gauge(yy, x + 14, gw, v, md->min, md->max, meter_role(md, v));
		ui_putf(yy, x + 15 + gw, 6, R_NORMAL, "%d/%d", v, md->max);
		if (last && last->delta[m])
			ui_putf(yy, x + 21 + gw, 5, (last->delta[m] > 0) == md->higher_is_better
				? R_GOOD : R_BAD, "%+d", last->delta[m]);
		rows = (int)(m / (size_t)per) + 1;
	}
	return rows;
}

static void panel_build(struct ui *ui, struct ui_doc *d, char *label, size_t lsize)
{
	const struct practice *p = &ui->p;
	const struct scenario *s = p->o.scenario;

	if (pv.hint) {
		const struct node *n = p->d.node >= 0 ? &s->nodes[p->d.node] : NULL;
		snprintf(label, lsize, "Hint");
		for (size_t i = 0; n && i < n->nexemplars; i++) {
			if (n->exemplars[i].strength != EXEMPLAR_STRONG)
				continue;
			doc_line(d, -1);
			doc_seg(d, R_HEAD, "%-8s", "Try");
			doc_wrap(d, 8, R_YOU, n->exemplars[i].reply, -1);
			doc_line(d, -1);
			doc_seg(d, R_HEAD, "%-8s", "Why");
			doc_wrap(d, 8, R_NORMAL, n->exemplars[i].why, -1);
			return;
		}
		doc_line(d, -1);
		doc_seg(d, R_DIM, "No example reply for this moment. Reflect what you heard.");
		return;
	}
	if (!p->session.nturns) {
		snprintf(label, lsize, "Feedback");
		doc_line(d, -1);
		doc_wrap(d, 0, R_DIM, "Your reply will be coded here: its MI codes, skills, the words that "
			 "earned them, and a tip. /hint shows an example reply.", -1);
		return;
	}
	snprintf(label, lsize, "Feedback on reply %zu", p->session.nturns);
	doc_feedback(d, 0, p->session.turns[p->session.nturns - 1].reply, &p->session.turns[p->session.nturns - 1].coded);
}

static void title_draw(struct ui *ui)
{
	const struct practice *p = &ui->p;
	const struct scenario *s = p->o.scenario;
	struct strbuf t = {0}, r = {0};

	strbuf_addf(&t, "micoach \u2502 %s", s->title ? s->title : s->id);
	strbuf_addf(&r, "%s \u00b7 reply %zu", p->o.exam ? "exam" : "coach",
		    p->session.nturns + (p->finished ? 0 : 1));
	if (s->turn_limit)
		strbuf_addf(&r, " of %d", s->turn_limit);
	ui_title(ui, t.buf, r.buf);
	strbuf_release(&t);
	strbuf_release(&r);
}

/* Who the client is: their situation on one line, two on a tall screen.
 * Returns the rows used. */
static int who_draw(struct ui *ui, int y)
{
	const struct scenario *s = ui->p.o.scenario;
	const struct persona *pe = &s->persona;
	struct ui_doc who;
	int shown = ui->rows >= 30 ? 2 : 1;

	doc_init(&who, ui->cols - 2);
	doc_line(&who, -1);
	doc_seg(&who, R_CLIENT, "%s", client_name(s));
	if (pe->age)
		doc_seg(&who, R_NORMAL, ", %d", pe->age);
	if (pe->situation) {
		doc_seg(&who, R_DIM, " \u00b7 ");
		doc_wrap(&who, 0, R_NORMAL, pe->situation, -1);
	}
	if ((int)who.n < shown)
		shown = (int)who.n;
	doc_draw(&who, y, 1, shown, 0, -1);
	if ((int)who.n > shown)
		ui_put(y + shown - 1, ui->cols - 2, 1, R_DIM, "\u2026");
	doc_release(&who);
	return shown;
}

/* The reply being typed, wrapped, above the status bar. Returns the row of
 * its rule; *cy, *cx get where the cursor goes. */
static int input_draw(struct ui *ui, int *cy, int *cx)
{
	const struct practice *p = &ui->p;
	int cols = ui->cols - 4, crow, ccol, rows, first, iy;
	struct ui_span *lines;
	size_t nl = ui_text_wrap(ui_edit_text(&pv.in), cols, &lines);

	ui_edit_cursor(&pv.in, lines, nl, cols, &crow, &ccol);
	rows = (int)nl > crow + 1 ? (int)nl : crow + 1;
	if (rows > INPUT_ROWS_MAX)
		rows = INPUT_ROWS_MAX;
	first = crow - rows + 1 > 0 ? crow - rows + 1 : 0;  /* keep the cursor's row in view */
	iy = ui->rows - 1 - rows;
	ui_rule(iy - 1, 0, ui->cols, p->finished ? "" : "Your reply");
	if (p->finished) {
		ui_put(iy, 1, cols, R_DIM, "Enter: the summary");
	} else {
		for (int r = 0; r < rows && (size_t)(first + r) < nl; r++) {
			ui_put(iy + r, 1, 2, R_YOU, r + first == 0 ? "> " : "  ");
			ui_putn(iy + r, 3, cols, R_NORMAL, ui_edit_text(&pv.in) + lines[first + r].start,
				lines[first + r].len);
		}
		if (!pv.in.len)
			ui_put(iy, 3, cols, R_DIM, "Type your reply; Enter sends it. /help for commands.");
	}
	free(lines);
	*cy = iy + crow - first;
	*cx = 3 + ccol;
	return iy - 1;
}

/* The feedback (or hint) panel whose bottom is row bottom. Returns its top
 * row (its rule), or bottom + 1 when there is no panel. */
static int panel_draw(struct ui *ui, int bottom)
{
	struct ui_doc panel;
	char label[64];
	int rows, max = ui->rows >= 28 ? PANEL_ROWS_MAX : PANEL_ROWS_MAX - 2;

	if (ui->p.o.exam && !pv.hint)
		return bottom + 1;
	doc_init(&panel, ui->cols - 2);
	panel_build(ui, &panel, label, sizeof label);
	rows = (int)panel.n < max ? (int)panel.n : max;
	ui_rule(bottom - rows, 0, ui->cols, label);
	doc_draw(&panel, bottom - rows + 1, 1, rows, 0, -1);
	doc_release(&panel);
	return bottom - rows;
}

/* The conversation between the rule at row top and row bottom, the newest
 * at the bottom unless scrolled back. */
static void conversation_draw(struct ui *ui, int top, int bottom)
{
	struct ui_doc conv;
	int rows = bottom - top, maxscroll;

	ui_rule(top, 0, ui->cols, "Conversation");
	doc_init(&conv, ui->cols - 2);
	conversation_build(ui, &conv);
	maxscroll = (int)conv.n - rows > 0 ? (int)conv.n - rows : 0;
	if (pv.scroll > maxscroll)
		pv.scroll = maxscroll;
	doc_draw(&conv, top + 1, 1, rows, maxscroll - pv.scroll, -1);
	if (maxscroll - pv.scroll > 0)
		ui_put(top, ui->cols - 20, 18, R_DIM, " \u2191 earlier: PgUp ");
	if (pv.scroll)
		ui_putf(bottom, ui->cols - 22, 21, R_STATUS, " \u2193 %d more (PgDn) ", pv.scroll);
	doc_release(&conv);
}

void practice_view_draw(struct ui *ui)
{
	static const char *const keys[] = {
		"Enter", "send", "PgUp/PgDn", "scroll", "/hint", "example", "Esc", "end session",
		"F1", "help", NULL,
	};
	static const char *const keys_done[] = { "Enter", "summary", "PgUp/PgDn", "scroll", NULL };
	int y = 1, cy, cx, input_top, panel_top;

	title_draw(ui);
	y += who_draw(ui, y);
	y += meters_draw(ui, y);
	input_top = input_draw(ui, &cy, &cx);
	panel_top = panel_draw(ui, input_top - 1);
	conversation_draw(ui, y, panel_top - 1);
	ui_status(ui, ui->p.finished ? keys_done : keys);
	if (!ui->p.finished)
		ui_cursor(cy, cx);
}

static void reply_send(struct ui *ui)
{
	const char *text = ui_edit_text(&pv.in);
	struct error err = {0};
	size_t n;

	while (*text == ' ')
		text++;
	n = strlen(text);
	while (n && text[n - 1] == ' ')
		n--;
	if (!n)
		return;
	if (text[0] == '/') {
		char cmd[16] = "";
		snprintf(cmd, sizeof cmd, "%.*s", (int)(n < 15 ? n : 15), text);
		if (!strcmp(cmd, "/help") || !strcmp(cmd, "/?")) {
			ui->help = true;
		} else if (!strcmp(cmd, "/quit") || !strcmp(cmd, "/q")) {
			ui_session_finish(ui, "quit");
			ui_edit_clear(&pv.in);
			ui_switch(ui, SCREEN_SUMMARY);
			return;
		} else if (!strcmp(cmd, "/hint")) {
			if (!practice_hint(&ui->p, NULL)) {
				ui_message(ui, true, "No hints in an exam: the assignment asks for your own replies.");
				ui_edit_clear(&pv.in);
				return;
			}
			pv.hint = true;
		} else {
			ui_message(ui, true, "Unknown command '%s': /help, /hint or /quit. (Replies do not start with '/'.)", cmd);
			return;
		}
		ui_edit_clear(&pv.in);
		return;
	}
	char *reply = xstrndup(text, n);
	if (practice_reply(&ui->p, reply, NULL, NULL, &err))
		ui_message(ui, true, "%s (the turn is kept and saved with the next one)", err.msg);
	free(reply);
	ui_edit_clear(&pv.in);
	pv.scroll = 0;
	pv.hint = false;
	pv.recall = -1;
	if (practice_ended(&ui->p))
		ui_session_finish(ui, "quit");
}

void practice_view_key(struct ui *ui, struct ui_key k)
{
	int page = (ui->rows - 12) / 2 > 1 ? (ui->rows - 12) / 2 : 1;

	if (k.fn) {
		switch (k.ch) {
		case KEY_ENTER: goto enter;
		case KEY_LEFT: ui_edit_apply(&pv.in, EDIT_LEFT); return;
		case KEY_RIGHT: ui_edit_apply(&pv.in, EDIT_RIGHT); return;
		case KEY_HOME: ui_edit_apply(&pv.in, EDIT_HOME); return;
		case KEY_END: ui_edit_apply(&pv.in, EDIT_END); return;
		case KEY_BACKSPACE: ui_edit_apply(&pv.in, EDIT_BACKSPACE); return;
		case KEY_DC: ui_edit_apply(&pv.in, EDIT_DELETE); return;
		case KEY_UP: recall_move(ui, -1); return;
		case KEY_DOWN: recall_move(ui, 1); return;
		case KEY_PPAGE: pv.scroll += page; return;
		case KEY_NPAGE: pv.scroll = pv.scroll > page ? pv.scroll - page : 0; return;
		default:
			if ((int)k.ch == ui_key_word_left)
				ui_edit_apply(&pv.in, EDIT_WORD_LEFT);
			else if ((int)k.ch == ui_key_word_right)
				ui_edit_apply(&pv.in, EDIT_WORD_RIGHT);
			return;
		}
	}
	switch (k.ch) {
	case '\r': case '\n':
		goto enter;
	case KEY_ESC:
		if (ui->p_active)
			ui->confirm_quit = true;
		else
			ui_switch(ui, SCREEN_SUMMARY);
		return;
	case CTRL_KEY('a'): ui_edit_apply(&pv.in, EDIT_HOME); return;
	case CTRL_KEY('e'): ui_edit_apply(&pv.in, EDIT_END); return;
	case CTRL_KEY('b'): ui_edit_apply(&pv.in, EDIT_LEFT); return;
	case CTRL_KEY('f'): ui_edit_apply(&pv.in, EDIT_RIGHT); return;
	case CTRL_KEY('d'): ui_edit_apply(&pv.in, EDIT_DELETE); return;
	case CTRL_KEY('u'): ui_edit_apply(&pv.in, EDIT_KILL_START); return;
	case CTRL_KEY('k'): ui_edit_apply(&pv.in, EDIT_KILL_END); return;
	case CTRL_KEY('w'): ui_edit_apply(&pv.in, EDIT_KILL_WORD); return;
	case CTRL_KEY('h'): case 127: ui_edit_apply(&pv.in, EDIT_BACKSPACE); return;
	case CTRL_KEY('l'): ui_repaint(); return;
	case CTRL_KEY('p'): recall_move(ui, -1); return;
	case CTRL_KEY('n'): recall_move(ui, 1); return;
	default:
		break;
	}
	if (!ui->p_active)
		return;
	if (k.ch == '?' && !pv.in.len) {
		ui->help = true;
		return;
	}
	if (!ui_edit_insert(&pv.in, (uint32_t)k.ch))
		ui_beep();
	return;
enter:
	if (!ui->p_active) {
		ui_switch(ui, SCREEN_SUMMARY);
		return;
	}
	reply_send(ui);
}

void practice_view_release(void)
{
	ui_edit_release(&pv.in);
}
