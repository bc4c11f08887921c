/* ui_home.c: the home screen: continue or start practising, the trainer's
 * assignments with their due dates and what has passed so far, recent
 * sessions with their scores, and each skill's trend across sessions. Read
 * from the store each time the screen opens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_trainer.h"
#include "ui_priv.h"
#include "core/util.h"

enum { RECENT_MAX = 8, TREND_MAX = 24 };
enum { TAG_CONTINUE = 1, TAG_PICK, TAG_HISTORY, TAG_ASSIGN = 100, TAG_SESSION = 1000 };
enum { ASSIGN_MAX = 8 };

/* One assignment as home shows it. */
struct assign_view {
	size_t passed, total;      /* scenarios with a passing attempt, of all */
	int attempts;
	const struct scenario *next;  /* the first scenario not passed yet, installed */
};

static struct {
	struct session_list recent;
	struct skill_point *trend;
	size_t ntrend;
	long total;
	struct assignment_entry *assign;
	size_t nassign;
	struct assign_view av[ASSIGN_MAX];
	int sel;
	const struct scenario *cont;   /* the scenario to continue with */
	const struct session_info *resume;  /* the last session, cut short with turns answered */
} hm;

void home_release(void)
{
	store_assignments_free(hm.assign, hm.nassign);
	hm.assign = NULL;
	hm.nassign = 0;
	session_list_release(&hm.recent);
	skill_points_free(hm.trend);
	hm.trend = NULL;
	hm.ntrend = 0;
}

static void assign_view_make(struct ui *ui, const struct assignment_entry *e, struct assign_view *v)
{
	struct assignment_attempt *at = NULL;
	size_t n = 0;
	struct error err = {0};

	memset(v, 0, sizeof *v);
	v->total = e->a.nscenarios;
	if (store_assignment_attempts(ui->store, e->id, ui->app->user, &at, &n, &err))
		ui_message(ui, true, "%s", err.msg);
	v->attempts = (int)n;
	for (size_t k = 0; k < e->a.nscenarios; k++) {
		bool passed = false;
		for (size_t i = 0; i < n && !passed; i++)
			passed = !strcmp(at[i].scenario_id, e->a.scenarios[k]) &&
				 attempt_passes(&e->a.pass, &at[i].at, NULL);
		if (passed)
			v->passed++;
		else if (!v->next)
			v->next = catalog_find(ui->cat, e->a.scenarios[k]);
	}
	if (!v->next && e->a.nscenarios)
		v->next = catalog_find(ui->cat, e->a.scenarios[0]);
	store_attempts_free(at, n);
}

/* Days from today (UTC) to "YYYY-MM-DD"; false when it is not a date. */
static bool days_until(const char *date, long *days)
{
	struct tm due = {0}, *now;
	time_t t = ui_now(), today;
	int y, m, d;

	if (!date || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return false;
	due.tm_year = y - 1900;
	due.tm_mon = m - 1;
	due.tm_mday = d;
	now = gmtime(&t);
	if (!now)
		return false;
	now->tm_hour = now->tm_min = now->tm_sec = 0;
	today = timegm(now);
	*days = (long)((timegm(&due) - today) / 86400);
	return true;
}

void home_enter(struct ui *ui)
{
	struct session_filter f = { .user = ui->app->user, .limit = RECENT_MAX };
	struct error err = {0};

	home_release();
	memset(&hm.recent, 0, sizeof hm.recent);
	hm.cont = NULL;
	hm.total = 0;
	if (store_list_sessions(ui->store, &f, &hm.recent, &err) ||
	    store_count_sessions(ui->store, &f, &hm.total, &err) ||
	    store_skill_trend(ui->store, ui->app->user, TREND_MAX, &hm.trend, &hm.ntrend, &err))
		ui_message(ui, true, "%s", err.msg);
	if (store_assignment_list(ui->store, &hm.assign, &hm.nassign, &err))
		ui_message(ui, true, "%s", err.msg);
	if (hm.nassign > ASSIGN_MAX)  /* soonest due first: the rest can wait */
		hm.nassign = ASSIGN_MAX;
	for (size_t i = 0; i < hm.nassign; i++)
		assign_view_make(ui, &hm.assign[i], &hm.av[i]);
	for (size_t i = 0; i < hm.recent.n && !hm.cont; i++)
		hm.cont = catalog_find(ui->cat, hm.recent.items[i].scenario_id);
	hm.resume = NULL;
	if (hm.recent.n && hm.cont && hm.recent.items[0].turns > 0 &&
	    (!hm.recent.items[0].outcome || !strcmp(hm.recent.items[0].outcome, "interrupted")) &&
	    hm.cont == catalog_find(ui->cat, hm.recent.items[0].scenario_id))
		hm.resume = &hm.recent.items[0];
	hm.sel = hm.cont ? TAG_CONTINUE : TAG_PICK;
}

static void practise_build(struct ui *ui, struct ui_doc *d)
{
	doc_line(d, -1);
	doc_seg(d, R_HEAD, "Practise");
	if (hm.cont) {
		doc_line(d, TAG_CONTINUE);
		doc_seg(d, R_NORMAL, "  %-14s", hm.resume ? "Resume" : "Continue");
		doc_seg(d, R_NORMAL, "%s", hm.cont->title ? hm.cont->title : hm.cont->id);
		if (hm.resume)
			doc_seg(d, R_DIM, "  (interrupted after %d %s; c)", hm.resume->turns,
				hm.resume->turns == 1 ? "reply" : "replies");
		else
			doc_seg(d, R_DIM, "  (your last scenario; c)");
	}
	doc_line(d, TAG_PICK);
	doc_seg(d, R_NORMAL, "  %-14s", "Choose");
	doc_seg(d, R_NORMAL, "a scenario from %zu %s", ui->cat->npacks, ui->cat->npacks == 1 ? "pack" : "packs");
	doc_seg(d, R_DIM, "  (p)");
	doc_line(d, TAG_HISTORY);
	doc_seg(d, R_NORMAL, "  %-14s", "History");
	doc_seg(d, R_NORMAL, "%ld %s", hm.total, hm.total == 1 ? "session" : "sessions");
	doc_seg(d, R_DIM, "  (h)");
}

/* "due 2026-12-01 (in 3 days)", in a role saying how pressing it is. */
static void due_seg(struct ui_doc *d, const struct assignment *a, const struct assign_view *v)
{
	char when[64];
	long days;

	if (!a->due || !days_until(a->due, &days)) {
		doc_seg(d, R_DIM, "%-28s", "no due date");
		return;
	}
	if (days < 0)
		snprintf(when, sizeof when, "due %s (overdue)", a->due);
	else if (days == 0)
		snprintf(when, sizeof when, "due %s (today)", a->due);
	else if (days == 1)
		snprintf(when, sizeof when, "due %s (tomorrow)", a->due);
	else if (days < 100)
		snprintf(when, sizeof when, "due %s (in %ld days)", a->due, days);
	else
		snprintf(when, sizeof when, "due %s", a->due);
	doc_seg(d, v->passed == v->total ? R_DIM : days < 0 ? R_BAD : days <= 2 ? R_FAIR : R_NORMAL, "%-28s", when);
}

static void assignments_build(struct ui_doc *d)
{
	if (hm.nassign) {
		doc_line(d, -1);
		doc_line(d, -1);
		doc_seg(d, R_HEAD, "Assignments");
	}
	for (size_t i = 0; i < hm.nassign; i++) {
		const struct assignment *a = &hm.assign[i].a;
		const struct assign_view *v = &hm.av[i];
		const char *title = a->title ? a->title : a->id;
		int tw = d->width - 66 > 14 ? d->width - 66 : 14, used;
		size_t fit = ui_text_fit(title, strlen(title), tw, &used);

		doc_line(d, TAG_ASSIGN + (int)i);
		doc_seg(d, R_NORMAL, "  %.*s%*s", (int)fit, title, tw - used + 2, "");
		due_seg(d, a, v);
		doc_seg(d, R_DIM, " %-5s ", a->exam ? "exam" : "coach");
		doc_seg(d, v->passed == v->total ? R_GOOD : v->passed ? R_FAIR : R_NORMAL, "%zu of %zu passed",
			v->passed, v->total);
		doc_seg(d, R_DIM, " \u00b7 %d %s", v->attempts, v->attempts == 1 ? "attempt" : "attempts");
	}
}

static void recent_build(struct ui_doc *d)
{
	doc_line(d, -1);
	doc_line(d, -1);
	doc_seg(d, R_HEAD, "Recent sessions");
	if (!hm.recent.n) {
		doc_line(d, -1);
		doc_seg(d, R_DIM, "  None yet. Choose a scenario to start practising.");
	}
	for (size_t i = 0; i < hm.recent.n; i++) {
		const struct session_info *si = &hm.recent.items[i];
		const char *title = si->scenario_title ? si->scenario_title : si->scenario_id;
		int title_w = d->width - 62 > 12 ? d->width - 62 : 12, used;
		size_t fit = ui_text_fit(title, strlen(title), title_w, &used);
		char when[20];

		ui_when(si->started, when);
		doc_line(d, TAG_SESSION + (int)i);
		doc_seg(d, R_DIM, "  #%-5lld %s  ", (long long)si->id, when);
		doc_seg(d, R_NORMAL, "%.*s%*s", (int)fit, title, title_w - used + 2, "");
		doc_seg(d, R_DIM, "%-5s ", si->mode ? si->mode : "");
		doc_seg(d, !si->outcome ? R_DIM : !strcmp(si->outcome, "success") ? R_GOOD
			: !strcmp(si->outcome, "failure") ? R_BAD : R_FAIR, "%-12s", si->outcome ? si->outcome : "unfinished");
		if (si->has_scores) {
			doc_seg(d, ui_score_role(si->scores.overall), "%3d", si->scores.overall);
			doc_seg(d, R_DIM, "  %2d %s", si->scores.replies, si->scores.replies == 1 ? "reply" : "replies");
		} else {
			doc_seg(d, R_DIM, "  -  %2d turns", si->turns);
		}
	}
}

static void skills_build(struct ui_doc *d)
{
	doc_line(d, -1);
	doc_line(d, -1);
	doc_seg(d, R_HEAD, "Skills");
	doc_seg(d, R_DIM, "  over your last %zu scored %s", hm.ntrend, hm.ntrend == 1 ? "session" : "sessions");
	if (!hm.ntrend) {
		doc_line(d, -1);
		doc_seg(d, R_DIM, "  Your skill trends appear here after your first session.");
		return;
	}
	for (int k = 0; k < SKILL_COUNT; k++) {
		struct strbuf sb = {0};
		double v[TREND_MAX];
		int last = hm.trend[hm.ntrend - 1].skill[k], first = hm.trend[0].skill[k];
		for (size_t i = 0; i < hm.ntrend; i++)
			v[i] = hm.trend[i].skill[k];
		ui_text_spark(v, hm.ntrend, 0, 100, &sb);
		doc_line(d, -1);
		doc_seg(d, R_NORMAL, "  %-16s", skill_label(k));
		doc_seg(d, ui_score_role(last), "%s", sb.buf);
		doc_seg(d, R_NORMAL, "%*s %3d", TREND_MAX - (int)hm.ntrend, "", last);
		if (hm.ntrend > 1)
			doc_seg(d, last > first ? R_GOOD : last < first ? R_BAD : R_DIM, "  %+d since the first",
				last - first);
		strbuf_release(&sb);
	}
}

static void home_build(struct ui *ui, struct ui_doc *d)
{
	practise_build(ui, d);
	assignments_build(d);
	recent_build(d);
	skills_build(d);
}

void home_draw(struct ui *ui)
{
	struct ui_doc d;
	char right[160];

	snprintf(right, sizeof right, "%s \u00b7 %s mode", ui->app->user ? ui->app->user : "", ui->exam ? "exam" : "coach");
	ui_title(ui, "micoach \u2502 motivational interviewing practice", right);
	doc_init(&d, ui->cols - 2);
	home_build(ui, &d);
	doc_draw(&d, 2, 1, ui->rows - 3, 0, hm.sel);
	doc_release(&d);
	static const char *const keys[] = {
		"Enter", "open", "p", "scenarios", "h", "history", "Tab", "coach/exam", "?", "help",
		"q", "quit", NULL,
	};
	ui_status(ui, keys);
}

static void sel_move(int delta)
{
	int order[3 + ASSIGN_MAX + RECENT_MAX], n = 0, at = 0;

	if (hm.cont)
		order[n++] = TAG_CONTINUE;
	order[n++] = TAG_PICK;
	order[n++] = TAG_HISTORY;
	for (size_t i = 0; i < hm.nassign; i++)
		order[n++] = TAG_ASSIGN + (int)i;
	for (size_t i = 0; i < hm.recent.n; i++)
		order[n++] = TAG_SESSION + (int)i;
	for (int i = 0; i < n; i++)
		if (order[i] == hm.sel)
			at = i;
	at += delta;
	hm.sel = order[at < 0 ? 0 : at >= n ? n - 1 : at];
}

/* Practise the last scenario again; or, when the last session was cut short,
 * resume it: a retry from the first unanswered turn, the answered replies
 * replayed with the same seed. */
static void continue_practice(struct ui *ui)
{
	struct session ss;
	struct error err = {0};
	char **replies;
	int rc;

	if (!hm.cont)
		return;
	if (!hm.resume) {
		struct ui_start st = ui_start_fresh(ui, hm.cont);
		if (ui_session_start(ui, &st) == 0)
			ui_switch(ui, SCREEN_PRACTICE);
		return;
	}
	if (store_load_session(ui->store, hm.resume->id, &ss, &err)) {
		ui_message(ui, true, "%s", err.msg);
		return;
	}
	replies = xcalloc(ss.nturns + 1, sizeof *replies);
	for (size_t i = 0; i < ss.nturns; i++)
		replies[i] = ss.turns[i].reply;
	struct ui_start st = {
		.s = hm.cont, .seed = ss.info.seed, .exam = ss.info.mode && !strcmp(ss.info.mode, "exam"),
		.assignment = ss.info.assignment_id, .retry_of = ss.info.id, .retry_turn = (int)ss.nturns + 1,
		.replies = replies, .nreplies = ss.nturns,
	};
	rc = ui_session_start(ui, &st);
	if (rc == 0) {
		ui_switch(ui, SCREEN_PRACTICE);
		ui_message(ui, false, "Resumed session #%lld: its %zu answered %s replayed.", (long long)ss.info.id,
			   ss.nturns, ss.nturns == 1 ? "reply is" : "replies are");
	}
	free(replies);
	session_release(&ss);
}

/* Practise the assignment's next scenario, in its mode, linked to it. */
static void assignment_practice(struct ui *ui, size_t i)
{
	const struct assignment_entry *e;
	struct ui_start st;

	if (i >= hm.nassign)
		return;
	e = &hm.assign[i];
	if (!hm.av[i].next) {
		ui_message(ui, true, "None of the scenarios of '%s' is installed; install pack %s %s first.",
			   e->a.id, e->a.pack_id ? e->a.pack_id : "", e->a.pack_version ? e->a.pack_version : "");
		return;
	}
	st = ui_start_fresh(ui, hm.av[i].next);
	st.exam = e->a.exam;
	st.assignment = e->id;
	if (ui_session_start(ui, &st) == 0)
		ui_switch(ui, SCREEN_PRACTICE);
}

void home_key(struct ui *ui, struct ui_key k)
{
	if (k.fn) {
		if (k.ch == KEY_UP)
			sel_move(-1);
		else if (k.ch == KEY_DOWN)
			sel_move(1);
		else if (k.ch == KEY_ENTER)
			goto enter;
		return;
	}
	switch (k.ch) {
	case 'k': sel_move(-1); return;
	case 'j': sel_move(1); return;
	case 'c': continue_practice(ui); return;
	case 'p': ui_switch(ui, SCREEN_PICKER); return;
	case 'h': ui_switch(ui, SCREEN_HISTORY); return;
	case '?': ui->help = true; return;
	case 'q': case KEY_ESC: ui->quit = true; return;
	case '\t':
		ui->exam = !ui->exam;
		ui_message(ui, false, "New sessions start in %s mode%s", ui->exam ? "exam" : "coach",
			   ui->exam ? ": feedback is held to the end." : ": feedback after every reply.");
		return;
	case '\r': case '\n': goto enter;
	default: return;
	}
enter:
	if (hm.sel == TAG_CONTINUE)
		continue_practice(ui);
	else if (hm.sel == TAG_PICK)
		ui_switch(ui, SCREEN_PICKER);
	else if (hm.sel == TAG_HISTORY)
		ui_switch(ui, SCREEN_HISTORY);
	else if (hm.sel >= TAG_ASSIGN && hm.sel < TAG_SESSION)
		assignment_practice(ui, (size_t)(hm.sel - TAG_ASSIGN));
	else if (hm.sel >= TAG_SESSION && (size_t)(hm.sel - TAG_SESSION) < hm.recent.n)
		replay_open(ui, hm.recent.items[hm.sel - TAG_SESSION].id, SCREEN_HOME);
}
