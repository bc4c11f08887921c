/* ui_summary.c: the end of a session: the outcome, skill bars, the MITI
 * summary against its fair/good thresholds, the strongest and weakest turns
 * beside the scenario's exemplars for those moments, and every turn, from
 * which the practitioner can retry or practise again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_priv.h"
#include "core/client_talk.h"
#include "core/util.h"

static struct {
	int sel;      /* the chosen turn, 1-based */
	int top;      /* first line shown */
	bool follow;  /* scroll to keep sel in view */
	bool has_orig;                /* a retry: the original's scores, to compare */
	struct session_scores orig;
} sm;

void summary_enter(struct ui *ui)
{
	struct session ss;
	struct error err = {0};

	sm.sel = ui->p_live && ui->p.session.nturns ? 1 : 0;
	sm.top = 0;
	sm.follow = false;
	sm.has_orig = false;
	if (ui->p_live && ui->p.o.retry_of) {
		if (store_load_session(ui->store, ui->p.o.retry_of, &ss, &err)) {
			ui_message(ui, true, "%s", err.msg);
			return;
		}
		sm.has_orig = ss.info.has_scores;
		sm.orig = ss.info.scores;
		session_release(&ss);
	}
}

void summary_release(void)
{
}

/* How well a reply did, for picking the strongest and weakest turns. */
static int turn_score(const struct coded_reply *c)
{
	int v = 0;

	for (int s = 0; s < SKILL_COUNT; s++)
		v += c->skills[s];
	if (c->codes & (CODE_BIT(CODE_CR) | CODE_BIT(CODE_AF)))
		v += 2;
	if (c->codes & (CODE_BIT(CODE_SEEK) | CODE_BIT(CODE_AUTO)))
		v += 1;
	if (c->nonadherent)
		v -= 6;
	return v;
}

static enum ui_role band_role(enum rating_band b)
{
	return b == BAND_GOOD ? R_GOOD : b == BAND_FAIR ? R_FAIR : R_BAD;
}

static void miti_row(struct ui_doc *d, const char *what, const char *you, const char *fair,
		     const char *good, enum rating_band b, bool known)
{
	doc_line(d, -1);
	doc_seg(d, R_NORMAL, "  %-28s", what);
	doc_seg(d, R_HEAD, "%8s", you);
	doc_seg(d, R_DIM, "%8s%8s   ", fair, good);
	if (known)
		doc_seg(d, band_role(b), "%s", band_name(b));
	else
		doc_seg(d, R_DIM, "%s", "not scored");
}

static void exemplars_add(struct ui_doc *d, const struct scenario *s, const char *node_id, bool weak_too)
{
	int ni = scenario_find_node(s, node_id);
	const struct node *n = ni >= 0 ? &s->nodes[ni] : NULL;
	bool any = false;

	for (size_t i = 0; n && i < n->nexemplars; i++) {
		const struct exemplar *e = &n->exemplars[i];
		if (e->strength == EXEMPLAR_WEAK && !weak_too)
			continue;
		doc_line(d, -1);
		doc_seg(d, e->strength == EXEMPLAR_STRONG ? R_GOOD : R_BAD, "    %-14s",
			e->strength == EXEMPLAR_STRONG ? "A model reply" : "A weak reply");
		doc_wrap(d, 18, R_YOU, e->reply, -1);
		if (e->why) {
			doc_line(d, -1);
			doc_wrap(d, 18, R_DIM, e->why, -1);
		}
		any = true;
	}
	if (!any) {
		doc_line(d, -1);
		doc_seg(d, R_DIM, "    The scenario has no example reply for this moment.");
	}
}

static void turn_block(struct ui_doc *d, const struct session_turn *t, const char *title)
{
	doc_line(d, -1);
	doc_seg(d, R_HEAD, "%s", title);
	doc_seg(d, R_DIM, "  (reply %d)", t->index);
	doc_line(d, -1);
	doc_seg(d, R_CLIENT, "    %-14s", "Client said");
	doc_wrap(d, 18, R_NORMAL, t->client_line, -1);
	doc_line(d, -1);
	doc_seg(d, R_YOU, "    %-14s", "You said");
	doc_reply(d, 18, t->reply, &t->coded, -1);
	doc_line(d, -1);
	doc_seg(d, R_DIM, "    %-14s", "Coded");
	doc_seg(d, t->coded.nonadherent ? R_BAD : R_NORMAL, "%s %s", code_name(t->coded.primary),
		code_long_name(t->coded.primary));
}

/* The ending's line as the client said it (in format 2 chosen among its
 * variants on the path), from the turn that reached it. */
static void ending_said(const struct practice *p, struct strbuf *sb)
{
	const struct dialogue_step *st = p->session.nturns ? &p->steps[p->session.nturns - 1] : NULL;

	for (size_t i = 0; st && i < st->nlines; i++) {
		if (st->lines[i].from != SAID_ENDING)
			continue;
		if (sb->len)
			strbuf_adds(sb, " ");
		strbuf_adds(sb, st->lines[i].text);
	}
	if (!sb->len)
		strbuf_adds(sb, dialogue_line(&p->d));
}

/* The outcome, and what the client said last. */
static void outcome_build(const struct practice *p, struct ui_doc *d)
{
	const struct scenario *s = p->o.scenario;

	doc_line(d, -1);
	doc_seg(d, R_HEAD, "%-10s", "Outcome");
	doc_seg(d, !p->session.info.outcome ? R_DIM : !strcmp(p->session.info.outcome, "success") ? R_GOOD
		: !strcmp(p->session.info.outcome, "failure") ? R_BAD : R_FAIR, "%s", p->session.info.outcome ? p->session.info.outcome : "-");
	doc_seg(d, R_DIM, "  after %zu %s \u00b7 %s mode", p->session.nturns, p->session.nturns == 1 ? "reply" : "replies",
		p->o.exam ? "exam" : "coach");
	if (p->session.info.id)
		doc_seg(d, R_DIM, " \u00b7 saved as session %lld", (long long)p->session.info.id);
	if (p->d.ending >= 0) {
		const char *name = s->persona.name ? s->persona.name : "Client";
		int used;
		size_t fit = ui_text_fit(name, strlen(name), 16, &used);
		struct strbuf said = {0};
		ending_said(p, &said);
		doc_line(d, -1);
		doc_seg(d, R_CLIENT, "%.*s", (int)fit, name);
		doc_seg(d, R_NORMAL, "%*s", used < 8 ? 10 - used : 2, "");
		doc_wrap(d, used < 8 ? 10 : used + 2, R_NORMAL, said.buf ? said.buf : "", -1);
		strbuf_release(&said);
	}
}

/* A bar a skill, beside the original's scores when this is a retry. */
static void skills_build(const struct practice *p, const struct summary *sum, struct ui_doc *d)
{
	doc_line(d, -1);
	doc_line(d, -1);
	doc_seg(d, R_HEAD, "Skills");
	if (sm.has_orig)
		doc_seg(d, R_DIM, "%*swas: session #%lld, which this retries", 49, "", (long long)p->o.retry_of);
	for (int k = 0; k < SKILL_COUNT; k++) {
		struct strbuf sb = {0};
		int v = sum->skill_score[k], fill = ui_text_gauge(v, 0, 100, 30);
		for (int i = 0; i < 30; i++)
			strbuf_adds(&sb, i < fill ? "\u2588" : "\u2591");
		doc_line(d, -1);
		doc_seg(d, R_NORMAL, "  %-16s", skill_label(k));
		doc_seg(d, ui_score_role(v), "%s", sb.buf);
		doc_seg(d, R_NORMAL, " %3d", v);
		if (sm.has_orig) {
			int was = sm.orig.skill[k];
			doc_seg(d, R_DIM, "   was %3d ", was);
			doc_seg(d, v > was ? R_GOOD : v < was ? R_BAD : R_DIM, "%+d", v - was);
		}
		strbuf_release(&sb);
	}
}

static void miti_build(const struct summary *sum, struct ui_doc *d)
{
	char you[32];

	doc_line(d, -1);
	doc_line(d, -1);
	doc_seg(d, R_HEAD, "%-30s%8s%8s%8s", "MITI summary", "you", "fair", "good");
	snprintf(you, sizeof you, sum->rq_ratio < 0 ? "-" : "%.1f", sum->rq_ratio);
	miti_row(d, "Reflections to questions", you, "1.0", "2.0", sum->rq_band, sum->rq_ratio >= 0);
	snprintf(you, sizeof you, sum->pct_complex < 0 ? "-" : "%.0f%%", sum->pct_complex);
	miti_row(d, "Complex reflections", you, "40%", "50%", sum->complex_band, sum->pct_complex >= 0);
	snprintf(you, sizeof you, "%.1f", sum->technical);
	miti_row(d, "Technical global", you, "3.0", "4.0", sum->technical_band, true);
	snprintf(you, sizeof you, "%.1f", sum->relational);
	miti_row(d, "Relational global", you, "3.5", "4.0", sum->relational_band, true);
	doc_line(d, -1);
	doc_seg(d, R_NORMAL, "  MI-adherent %zu", sum->adherent);
	doc_seg(d, sum->nonadherent ? R_BAD : R_NORMAL, " \u00b7 MI-non-adherent %zu", sum->nonadherent);
	doc_seg(d, R_DIM, " \u00b7 %zu questions, %zu reflections", sum->questions, sum->reflections);
}

/* "desire 3 · ability 1": the kinds given. */
static void kinds_seg(struct ui_doc *d, const size_t *count)
{
	bool any = false;

	for (size_t k = 1; k < KIND_COUNT; k++) {
		if (!count[k])
			continue;
		doc_seg(d, R_DIM, "%s%s %zu", any ? " \u00b7 " : "  ", talk_kind_name((enum talk_kind)k), count[k]);
		any = true;
	}
}

/* The client's talk, from the author's labels (format 2 only). */
static void talk_build(const struct talk_summary *t, struct ui_doc *d)
{
	doc_line(d, -1);
	doc_line(d, -1);
	doc_seg(d, R_HEAD, "Client talk");
	doc_seg(d, R_DIM, "  (as the scenario's author labelled each line)");
	doc_line(d, -1);
	doc_seg(d, R_NORMAL, "  %-28s", "Change talk evoked");
	doc_seg(d, R_HEAD, "%8zu", t->change);
	kinds_seg(d, t->change_kind);
	doc_line(d, -1);
	doc_seg(d, R_NORMAL, "  %-28s", "Sustain talk");
	doc_seg(d, R_HEAD, "%8zu", t->sustain);
	kinds_seg(d, t->sustain_kind);
	doc_line(d, -1);
	doc_seg(d, R_NORMAL, "  %-28s", "Change to sustain");
	if (t->ratio >= 0)
		doc_seg(d, t->ratio >= 1 ? R_GOOD : R_BAD, "%8.1f", t->ratio);
	else
		doc_seg(d, R_DIM, "%8s", "-");
	if (t->pct_change >= 0)
		doc_seg(d, R_DIM, "  %.0f%% of it change talk", t->pct_change);
	doc_line(d, -1);
	doc_seg(d, R_NORMAL, "  %-28s", "Missed change talk");
	doc_seg(d, t->missed ? R_BAD : R_GOOD, "%8zu", t->missed);
	if (!t->after_change) {
		doc_seg(d, R_DIM, "  no reply came after change talk");
		return;
	}
	doc_seg(d, R_DIM, "  of %zu %s after change talk", t->after_change, t->after_change == 1 ? "reply" : "replies");
	for (size_t i = 0; i < t->missed; i++)
		doc_seg(d, R_NORMAL, "%s %d", i ? "," : ": reply", t->missed_turn[i]);
}

/* The strongest and weakest turns, with the scenario's exemplars there.
 * When every reply persuaded or confronted there is no strongest turn to
 * show: a failed session must not hold up a confrontation as its best. */
static void best_worst_build(const struct practice *p, struct ui_doc *d)
{
	size_t best = 0, worst = 0;

	for (size_t i = 1; i < p->session.nturns; i++) {
		if (turn_score(&p->session.turns[i].coded) > turn_score(&p->session.turns[best].coded))
			best = i;
		if (turn_score(&p->session.turns[i].coded) < turn_score(&p->session.turns[worst].coded))
			worst = i;
	}
	bool none = p->session.turns[best].coded.nonadherent;

	doc_line(d, -1);
	if (none) {
		doc_line(d, -1);
		doc_seg(d, R_HEAD, "Strongest turn");
		doc_seg(d, R_DIM, "  none: every reply persuaded or confronted");
	} else {
		turn_block(d, &p->session.turns[best], "Strongest turn");
		exemplars_add(d, p->o.scenario, p->session.turns[best].node_id, false);
	}
	if (worst != best || none) {
		doc_line(d, -1);
		turn_block(d, &p->session.turns[worst], "Weakest turn");
		exemplars_add(d, p->o.scenario, p->session.turns[worst].node_id, true);
	}
}

static void every_turn_build(const struct practice *p, const struct talk_summary *talk, struct ui_doc *d)
{
	size_t missed = 0;

	doc_line(d, -1);
	doc_line(d, -1);
	doc_seg(d, R_HEAD, "Every turn");
	doc_seg(d, R_DIM, "  (\u2191\u2193 choose, r retries from the chosen turn)");
	for (size_t i = 0; i < p->session.nturns; i++) {
		const struct session_turn *t = &p->session.turns[i];
		doc_line(d, t->index);
		doc_seg(d, R_NORMAL, "%3d  ", t->index);
		doc_reply(d, 5, t->reply, &t->coded, t->index);
		doc_feedback(d, 5, t->reply, &t->coded);
		if (missed < talk->missed && talk->missed_turn[missed] == t->index) {
			missed++;
			doc_line(d, t->index);
			doc_seg(d, R_BAD, "     Missed change talk: ");
			doc_seg(d, R_NORMAL, "reflect it, or ask about it");
		}
	}
}

static void summary_build(struct ui *ui, struct ui_doc *d)
{
	const struct practice *p = &ui->p;

	outcome_build(p, d);
	if (!p->session.nturns) {
		doc_line(d, -1);
		doc_line(d, -1);
		doc_seg(d, R_DIM, "No replies, so nothing to score. Press a to practise again.");
		return;
	}
	struct talk_summary ts;
	bool talk = session_has_talk(&p->session);

	session_talk_stored(&p->session, &ts);
	if (!talk)
		ts.missed = 0;
	skills_build(p, &ui->sum, d);
	miti_build(&ui->sum, d);
	if (talk)
		talk_build(&ts, d);
	best_worst_build(p, d);
	every_turn_build(p, &ts, d);
	talk_summary_release(&ts);
}

static void retry(struct ui *ui, int turn)
{
	const struct practice *p = &ui->p;
	const struct scenario *s = p->o.scenario;
	unsigned seed = p->o.seed;
	int64_t of = p->session.info.id;
	size_t n = turn > 0 ? (size_t)turn - 1 : 0;
	char **replies = xcalloc(n + 1, sizeof *replies);

	for (size_t i = 0; i < n && i < p->session.nturns; i++)
		replies[i] = xstrdup(p->session.turns[i].reply);
	struct ui_start st = {
		.s = s, .seed = seed, .exam = p->o.exam, .assignment = p->o.assignment_id,
		.retry_of = of, .retry_turn = turn, .replies = replies, .nreplies = n,
	};
	if (ui_session_start(ui, &st) == 0) {
		ui_switch(ui, SCREEN_PRACTICE);
		ui_message(ui, false, "Retrying from reply %d: the first %zu replies were replayed.", turn, n);
	}
	for (size_t i = 0; i < n; i++)
		free(replies[i]);
	free(replies);
}

void summary_draw(struct ui *ui)
{
	const struct practice *p = &ui->p;
	struct ui_doc d;
	int rows = ui->rows - 2, maxtop;

	{
		struct strbuf t = {0};
		strbuf_addf(&t, "micoach \u2502 Summary \u2502 %s", p->o.scenario->title ? p->o.scenario->title
			    : p->o.scenario->id);
		ui_title(ui, t.buf, p->session.info.outcome);
		strbuf_release(&t);
	}
	doc_init(&d, ui->cols - 2);
	summary_build(ui, &d);
	maxtop = (int)d.n - rows > 0 ? (int)d.n - rows : 0;
	if (sm.follow && sm.sel > 0) {
		int at = doc_find(&d, sm.sel), end = at;
		while ((size_t)(end + 1) < d.n && d.lines[end + 1].tag != sm.sel + 1 && end - at < rows - 1)
			end++;
		if (at >= 0 && at < sm.top)
			sm.top = at;
		if (end >= sm.top + rows)
			sm.top = end - rows + 1;
		sm.follow = false;
	}
	if (sm.top > maxtop)
		sm.top = maxtop;
	if (sm.top < 0)
		sm.top = 0;
	doc_draw(&d, 1, 1, rows, sm.top, sm.sel);
	doc_release(&d);
	static const char *const keys[] = {
		"a", "practise again", "r", "retry from turn", "\u2191\u2193", "turn", "h", "history",
		"q", "home", "F1", "help", "PgUp/PgDn", "scroll", NULL,
	};
	ui_status(ui, keys);
}

void summary_key(struct ui *ui, struct ui_key k)
{
	const struct practice *p = &ui->p;
	int page = ui->rows - 4;

	if (k.fn) {
		switch (k.ch) {
		case KEY_UP:
			if (sm.sel > 1)
				sm.sel--;
			sm.follow = true;
			return;
		case KEY_DOWN:
			if ((size_t)sm.sel < p->session.nturns)
				sm.sel++;
			sm.follow = true;
			return;
		case KEY_PPAGE: sm.top -= page; return;
		case KEY_NPAGE: sm.top += page; return;
		case KEY_HOME: sm.top = 0; return;
		case KEY_END: sm.top = 1 << 20; return;
		default: return;
		}
	}
	switch (k.ch) {
	case 'k': summary_key(ui, (struct ui_key){ KEY_UP, true }); return;
	case 'j': summary_key(ui, (struct ui_key){ KEY_DOWN, true }); return;
	case ' ': sm.top += page; return;
	case 'a': {  /* again, in the same mode, for the same assignment */
		struct ui_start st = ui_start_fresh(ui, p->o.scenario);
		st.exam = p->o.exam;
		st.assignment = p->o.assignment_id;
		if (ui_session_start(ui, &st) == 0)
			ui_switch(ui, SCREEN_PRACTICE);
		return;
	}
	case 'r':
		if (sm.sel > 0)
			retry(ui, sm.sel);
		else
			ui_message(ui, true, "There is no turn to retry from.");
		return;
	case 'h': ui_switch(ui, SCREEN_HISTORY); return;
	case 'p':
		picker_select(p->o.scenario->id);
		ui_switch(ui, SCREEN_PICKER);
		return;
	case '?': ui->help = true; return;
	case 'q': case KEY_ESC: ui_switch(ui, SCREEN_HOME); return;
	default: return;
	}
}
