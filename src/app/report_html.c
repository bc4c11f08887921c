/* report_html.c: the cohort report as one self-contained HTML file (see
 * report.h): the roster, a section a trainee (scenarios, first / last /
 * best, the MITI summary against its thresholds, inline SVG charts of the
 * skills and of change talk per counted attempt, the attempts, the replies
 * to look at), and print styles that fit A4 and Letter alike.
 *
 * Self-contained: no script, no link, no font or image from outside; a
 * Content-Security-Policy of default-src 'none' says so to the browser.
 * Every string that came from a person or a file goes through html_text(),
 * which escapes markup and replaces control characters and invalid UTF-8;
 * only numbers and this file's own literals are written raw. */
#include "app/report.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "app/review.h"
#include "core/util.h"

/* --- Escaping ------------------------------------------------------------- */

/* The length of the valid UTF-8 sequence at s (1..4), or 0. */
static size_t utf8_seq(const unsigned char *s)
{
	size_t n;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1fu;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0fu;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07u;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3fu);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	if (n == 2 && cp >= 0x80 && cp <= 0x9f)
		return 0;  /* C1 controls */
	return n;
}

/* s as HTML text (also safe inside a quoted attribute value). */
static void html_text(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	while (*p) {
		size_t n = utf8_seq(p);
		switch (n ? *p : 0) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		case '\t': case '\n': case '\r': fputc(' ', out); break;
		default:
			if (!n || *p < 0x20 || *p == 0x7f)
				fputs("\xef\xbf\xbd", out);  /* U+FFFD */
			else
				fwrite(p, 1, n, out);
			break;
		}
		p += n ? n : 1;
	}
}

/* This file's own markup, with numbers; never trainee text (html_text). */
static void out_f(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out_f(FILE *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
}

static void html_date(FILE *out, const char *iso, const char *none)
{
	char buf[32];

	if (!iso) {
		html_text(out, none);
		return;
	}
	review_date(buf, sizeof buf, iso);
	html_text(out, buf);
}

static const struct cohort_attempt *attempt_at(const struct report *r, int i)
{
	return i == COHORT_NONE ? NULL : &r->cohort.attempts[i];
}

static const char *const skill_title[SKILL_COUNT] = { "Empathy", "Reflection", "Discrepancy", "Self-efficacy" };
/* Okabe-Ito colours (safe for colour-blind readers), and dashes for grey print. */
static const char *const skill_colour[SKILL_COUNT] = { "#0072B2", "#D55E00", "#009E73", "#CC79A7" };
static const char *const skill_dash[SKILL_COUNT] = { "", "7 3", "2 2", "9 3 2 3" };

/* --- The head ---------------------------------------------------------------- */

static const char style[] =
	":root{--ink:#1d2430;--muted:#5b6573;--line:#d5dae1;--soft:#f3f5f8;--pass:#1b7a3d;--sub:#1f5fa8;"
	"--prog:#9a6400;--none:#8a1f1f;--late:#b3261e}\n"
	"*{box-sizing:border-box}\n"
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;"
	"color:var(--ink);margin:0 auto;padding:24px 28px 48px;max-width:1000px;background:#fff;overflow-wrap:anywhere}\n"
	"h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px}h3{font-size:15px;margin:18px 0 6px}\n"
	"p{margin:4px 0}.meta,.note{color:var(--muted)}.note{font-size:12.5px}\n"
	"code,.mono{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:12px}\n"
	".uid{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:10.5px;color:var(--muted);"
	"word-break:break-all}\n"
	"header.doc{border-bottom:3px solid var(--ink);padding-bottom:10px;margin-bottom:8px}\n"
	"table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:13px}\n"
	"th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}\n"
	"th{background:var(--soft);font-weight:600;font-size:12px;color:var(--muted);text-transform:uppercase;"
	"letter-spacing:.03em;overflow-wrap:normal}\n"
	"td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	"tr.uncounted td{color:var(--muted)}\n"
	".badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;"
	"white-space:nowrap;margin:1px 2px 1px 0}\n"
	".st-passed{background:var(--pass)}.st-submitted{background:var(--sub)}.st-in-progress{background:var(--prog)}"
	".st-not-started{background:var(--none)}.late{background:var(--late)}.off{background:#6b7280}\n"
	".counts .badge{font-size:13px}\n"
	".grid{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:18px}\n"
	".chart{width:100%;max-width:460px;height:auto;display:block}\n"
	".legend{list-style:none;padding:0;margin:2px 0 0;font-size:12px;color:var(--muted)}\n"
	".legend li{display:inline-block;margin-right:12px}\n"
	".legend svg{vertical-align:middle;margin-right:4px}\n"
	".bar{height:9px;background:var(--soft);border-radius:5px;overflow:hidden;min-width:80px}\n"
	".bar span{display:block;height:100%;background:var(--sub)}\n"
	".b-good{color:var(--pass);font-weight:600}.b-fair{color:var(--prog);font-weight:600}"
	".b-below{color:var(--late);font-weight:600}\n"
	"section.trainee{border-top:2px solid var(--line);margin-top:30px}\n"
	".reply{border:1px solid var(--line);border-left:4px solid var(--prog);border-radius:4px;padding:8px 12px;"
	"margin:8px 0;break-inside:avoid}\n"
	".reply.na{border-left-color:var(--late)}\n"
	".reply .where{font-size:12px;color:var(--muted);margin-bottom:4px}\n"
	".reply .client{font-style:italic;color:var(--muted)}\n"
	".reply .said{margin-top:3px}\n"
	"@media (max-width:720px){.grid{grid-template-columns:minmax(0,1fr)}}\n"
	"@page{margin:14mm 12mm}\n"
	"@media print{body{font-size:10pt;padding:0;max-width:none}"
	"h1{font-size:17pt}h2{font-size:13pt}table{font-size:9pt}th{font-size:8pt}"
	"section.trainee{break-before:page;border-top:0;margin-top:0}.chart{max-width:88mm}"
	".grid{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}"
	"section.trainee h2{margin-top:0}"
	"table,tr,.chart,.grid>div{break-inside:avoid}h2,h3{break-after:avoid}"
	"a{color:inherit;text-decoration:none}"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

static void html_head(const struct report *r, FILE *out)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"micoach report\">\n<title>", out);
	html_text(out, r->a.title ? r->a.title : r->a.id);
	fputs(" \xe2\x80\x94 cohort report</title>\n<style>\n", out);
	fputs(style, out);
	fputs("</style>\n</head>\n<body>\n", out);
}

static void html_heading(const struct report *r, FILE *out)
{
	const struct assignment *a = &r->a;
	const struct cohort *c = &r->cohort;
	struct strbuf rules = {0};

	pass_rules_describe(&a->pass, &rules);
	fputs("<header class=\"doc\">\n<h1>", out);
	html_text(out, a->title ? a->title : a->id);
	fputs("</h1>\n<p class=\"meta\">Assignment <code>", out);
	html_text(out, a->id);
	fputs("</code> \xc2\xb7 ", out);
	html_text(out, a->pack_id);
	fputc(' ', out);
	html_text(out, a->pack_version);
	out_f(out, " \xc2\xb7 %s mode", a->exam ? "exam" : "coach");
	if (a->due) {
		fputs(" \xc2\xb7 due ", out);
		html_text(out, a->due);
		if (c->due_in > 0)
			out_f(out, " (in %d day%s)", c->due_in, c->due_in == 1 ? "" : "s");
		else if (c->due_in < 0)
			out_f(out, " (%d day%s ago)", -c->due_in, c->due_in == -1 ? "" : "s");
		else
			fputs(" (today)", out);
	}
	if (a->trainer) {
		fputs(" \xc2\xb7 trainer ", out);
		html_text(out, a->trainer);
	}
	fputs(" \xc2\xb7 report made ", out);
	html_date(out, r->generated, "");
	fputs(" UTC</p>\n<p><b>To pass:</b> ", out);
	html_text(out, rules.buf);
	fputs("</p>\n<p class=\"note\"><b>Counted:</b> sessions that reached an ending of the scenario (success, "
	      "failure or limit) on ", out);
	html_text(out, a->pack_id);
	fputc(' ', out);
	html_text(out, a->pack_version);
	fputs(". Best scores and pass or fail look only at those; other attempts are listed and marked. "
	      "Scores are 0\xe2\x80\x93" "100, MITI thresholds from MITI 4.2.1 (Moyers, Manuel &amp; Ernst, 2015).</p>\n"
	      "</header>\n", out);
	strbuf_release(&rules);
}

/* --- The roster -------------------------------------------------------------- */

static const char *status_class(enum trainee_status s)
{
	static const char *const cls[] = { "st-not-started", "st-in-progress", "st-submitted", "st-passed" };
	return cls[s];
}

static void html_status(const struct cohort_trainee *t, FILE *out)
{
	out_f(out, "<span class=\"badge %s\">%s</span>", status_class(t->status), trainee_status_name(t->status));
	if (t->late_days)
		out_f(out, "<span class=\"badge late\">%d day%s late</span>", t->late_days, t->late_days == 1 ? "" : "s");
	if (t->overdue_days)
		out_f(out, "<span class=\"badge late\">%d day%s overdue</span>", t->overdue_days,
		      t->overdue_days == 1 ? "" : "s");
	if (!t->on_roster)
		fputs("<span class=\"badge off\">not on the roster</span>", out);
}

static void html_roster(const struct report *r, FILE *out)
{
	const struct cohort *c = &r->cohort;

	out_f(out, "<section id=\"roster\">\n<h2>Roster: %zu trainee%s</h2>\n<p class=\"counts\">", c->ntrainees,
	      c->ntrainees == 1 ? "" : "s");
	for (int s = STATUS_PASSED; s >= STATUS_NOT_STARTED; s--)
		out_f(out, "<span class=\"badge %s\">%zu %s</span> ", status_class((enum trainee_status)s), c->by_status[s],
		      trainee_status_name((enum trainee_status)s));
	if (c->late)
		out_f(out, "<span class=\"badge late\">%zu late</span>", c->late);
	fputs("</p>\n<table class=\"roster\">\n<thead><tr><th>Trainee</th><th>Status</th><th class=\"num\">Passed</th>"
	      "<th class=\"num\">Attempts</th><th class=\"num\">Best</th><th>Last practised</th><th>Last file came</th>"
	      "</tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < c->ntrainees; i++) {
		const struct cohort_trainee *t = &c->trainees[i];
		const struct cohort_attempt *best = attempt_at(r, t->best);

		fputs("<tr class=\"trainee-row\" data-trainee=\"", out);
		html_text(out, t->name);
		out_f(out, "\"><td><a href=\"#t%zu\">", i + 1);
		html_text(out, t->name);
		fputs("</a></td><td>", out);
		html_status(t, out);
		out_f(out, "</td><td class=\"num\">%zu of %zu</td><td class=\"num\">%zu", t->passed, r->a.nscenarios,
		      t->nattempts);
		if (t->nattempts)
			out_f(out, " (%zu counted)", t->ncounted);
		if (best)
			out_f(out, "</td><td class=\"num\">%d</td><td>", best->overall);
		else
			fputs("</td><td class=\"num\">\xe2\x80\x93</td><td>", out);
		html_date(out, t->last_practised, "never");
		fputs("</td><td>", out);
		html_date(out, t->last_received, t->nattempts ? "practised here" : "\xe2\x80\x93");
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
}

static void html_cohort_skills(const struct report *r, FILE *out)
{
	const struct cohort *c = &r->cohort;
	bool any = false;

	for (int k = 0; k < SKILL_COUNT; k++)
		any |= c->skills[k].trainees > 0;
	if (!any) {
		fputs("</section>\n", out);
		return;
	}
	fputs("<h3>Skills across the cohort, weakest first</h3>\n<table class=\"skills\">\n<thead><tr><th>Skill</th>"
	      "<th class=\"num\">Cohort mean</th><th style=\"width:40%\"></th><th class=\"num\">Below threshold</th>"
	      "</tr></thead>\n<tbody>\n", out);
	for (int k = 0; k < SKILL_COUNT; k++) {
		const struct cohort_skill *sk = &c->skills[k];
		if (!sk->trainees)
			continue;
		out_f(out, "<tr><td>%s</td><td class=\"num\">%.1f</td><td><div class=\"bar\"><span style=\"width:%.0f%%\">"
			   "</span></div></td><td class=\"num\">%d of %d below %d</td></tr>\n",
		      skill_title[sk->skill], sk->mean, sk->mean, sk->below, sk->trainees, sk->threshold);
	}
	fputs("</tbody>\n</table>\n<p class=\"note\">Each trainee's score for a skill is taken over every counted reply "
	      "the skill is rated over; the cohort's mean is of those, so one trainee's many attempts do not outweigh "
	      "the others.</p>\n</section>\n", out);
}

/* --- Charts ---------------------------------------------------------------- */

enum { CW = 420, CH = 210, CL = 36, CR = 14, CT = 14, CB = 30 };

/* The trainee's counted attempts (with talk: only those whose change talk
 * is known), oldest first, into idx; their number. */
static int counted_attempts(const struct report *r, const struct cohort_trainee *t, bool talk, int *idx)
{
	int n = 0;

	for (size_t i = 0; i < t->nattempts; i++) {
		const struct cohort_attempt *at = &r->cohort.attempts[t->attempts[i]];
		if (at->count == COUNT_YES && (!talk || at->change_talk >= 0))
			idx[n++] = t->attempts[i];
	}
	return n;
}

static double chart_x(int i, int n)
{
	double w = CW - CL - CR - 24;
	return n <= 1 ? CL + 12 + w / 2 : CL + 12 + w * i / (n - 1);
}

static void svg_open(FILE *out, const char *cls, const char *what, const struct cohort_trainee *t)
{
	out_f(out, "<svg class=\"chart %s\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" data-trainee=\"", cls, CW, CH, CW, CH);
	html_text(out, t->name);
	out_f(out, "\"><title>%s: ", what);
	html_text(out, t->name);
	fputs("</title>\n", out);
}

/* The y axis from 0 to max, with a line at each step. */
static void svg_axes(FILE *out, int max, int step, const int *idx, int n, const struct report *r)
{
	double h = CH - CT - CB;

	for (int v = 0; v <= max; v += step) {
		double y = CT + h * (max - v) / max;
		out_f(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"/>"
			   "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6573\">%d</text>\n",
		      CL, y, CW - CR, y, v ? "#e4e8ee" : "#9aa3ae", CL - 6, y + 4, v);
	}
	for (int i = 0; i < n; i++)
		out_f(out, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6573\">#%d</text>\n",
		      chart_x(i, n), CH - CB + 16, r->cohort.attempts[idx[i]].number);
	out_f(out, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\" fill=\"#5b6573\">attempt</text>\n",
	      CW - CR, CH - 2);
}

static void svg_empty(FILE *out, const char *msg)
{
	out_f(out, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\" fill=\"#5b6573\">%s</text>\n",
	      (CL + CW - CR) / 2, CT + (CH - CT - CB) / 2, msg);
}

static void svg_skills(const struct report *r, const struct cohort_trainee *t, FILE *out)
{
	int *idx = xcalloc(t->nattempts + 1, sizeof *idx);
	int n = counted_attempts(r, t, false, idx);
	double h = CH - CT - CB;

	svg_open(out, "skills", "Skill scores per counted attempt", t);
	svg_axes(out, 100, 25, idx, n, r);
	if (!n)
		svg_empty(out, t->nattempts ? "No counted session yet" : "No sessions yet");
	for (int k = 0; k < SKILL_COUNT && n; k++) {
		out_f(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.2\" stroke-dasharray=\"%s\" "
			   "data-skill=\"%s\" points=\"", skill_colour[k], skill_dash[k], skill_name((enum mi_skill)k));
		for (int i = 0; i < n; i++) {
			int v = r->cohort.attempts[idx[i]].sum.skill_score[k];
			out_f(out, "%s%.1f,%.1f", i ? " " : "", chart_x(i, n), CT + h * (100 - v) / 100.0);
		}
		fputs("\"/>\n", out);
		for (int i = 0; i < n; i++) {
			int v = r->cohort.attempts[idx[i]].sum.skill_score[k];
			out_f(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.2\" fill=\"%s\"><title>%s %d</title></circle>\n",
			      chart_x(i, n), CT + h * (100 - v) / 100.0, skill_colour[k], skill_title[k], v);
		}
	}
	fputs("</svg>\n<ul class=\"legend\">", out);
	for (int k = 0; k < SKILL_COUNT; k++)
		out_f(out, "<li><svg width=\"26\" height=\"8\" viewBox=\"0 0 26 8\"><line x1=\"1\" y1=\"4\" x2=\"25\" y2=\"4\" "
			   "stroke=\"%s\" stroke-width=\"2.2\" stroke-dasharray=\"%s\"/></svg>%s</li>",
		      skill_colour[k], skill_dash[k], skill_title[k]);
	fputs("</ul>\n", out);
	free(idx);
}

static void svg_change_talk(const struct report *r, const struct cohort_trainee *t, FILE *out)
{
	int *idx = xcalloc(t->nattempts + 1, sizeof *idx);
	int n = counted_attempts(r, t, true, idx), max = 4;
	double h = CH - CT - CB, bw;

	svg_open(out, "change-talk", "Change talk per counted attempt", t);
	for (int i = 0; i < n; i++) {
		const struct cohort_attempt *at = &r->cohort.attempts[idx[i]];
		while (at->change_talk > max || at->missed_change > max)
			max *= 2;
	}
	svg_axes(out, max, max / 4, idx, n, r);
	bw = n ? (CW - CL - CR - 24.0) / (n > 1 ? n - 1 : 1) / 3.2 : 0;
	if (bw > 22)
		bw = 22;
	for (int i = 0; i < n; i++) {
		const struct cohort_attempt *at = &r->cohort.attempts[idx[i]];
		int v[2] = { at->change_talk, at->missed_change };
		for (int b = 0; b < 2; b++) {
			double bh = v[b] > 0 ? h * v[b] / max : 0;
			out_f(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
				   "<title>%s %d</title></rect>\n",
			      chart_x(i, n) - bw + b * bw, CT + h - bh, bw - 1, bh, b ? "#E69F00" : "#009E73",
			      b ? "missed" : "evoked", v[b]);
		}
	}
	fputs("</svg>\n<ul class=\"legend\"><li><svg width=\"12\" height=\"10\" viewBox=\"0 0 12 10\"><rect width=\"12\" "
	      "height=\"10\" fill=\"#009E73\"/></svg>change talk evoked</li><li><svg width=\"12\" height=\"10\" "
	      "viewBox=\"0 0 12 10\"><rect width=\"12\" height=\"10\" fill=\"#E69F00\"/></svg>change talk missed"
	      "</li></ul>\n", out);
	free(idx);
}

/* --- A trainee --------------------------------------------------------------- */

static void html_scenarios(const struct report *r, const struct cohort_trainee *t, FILE *out)
{
	fputs("<table class=\"scenarios\">\n<thead><tr><th>Scenario</th><th class=\"num\">Attempts</th>"
	      "<th class=\"num\">First</th><th class=\"num\">Last</th><th class=\"num\">Best</th><th>Passed</th>"
	      "</tr></thead>\n<tbody>\n", out);
	for (size_t s = 0; s < r->a.nscenarios; s++) {
		const struct cohort_cell *x = &r->cohort.cells[t->first_cell + s];
		const struct cohort_attempt *v[3] = { attempt_at(r, x->first), attempt_at(r, x->last),
						      attempt_at(r, x->best) };
		fputs("<tr><td>", out);
		html_text(out, x->scenario);
		out_f(out, "</td><td class=\"num\">%d (%d counted)</td>", x->attempts, x->counted);
		for (int i = 0; i < 3; i++) {
			if (v[i])
				out_f(out, "<td class=\"num\">%d</td>", v[i]->overall);
			else
				fputs("<td class=\"num\">\xe2\x80\x93</td>", out);
		}
		fputs("<td>", out);
		fputs(x->passed ? "<b class=\"b-good\">yes</b>" : x->counted ? "no" : "\xe2\x80\x93", out);
		if (x->late_days)
			out_f(out, " <span class=\"badge late\">%d day%s late</span>", x->late_days, x->late_days == 1 ? "" : "s");
		if (!x->passed && x->why && x->why[0]) {
			fputs(" <span class=\"note\">(", out);
			html_text(out, x->why);
			fputs(")</span>", out);
		}
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
}

static void html_first_last_best(const struct report *r, const struct cohort_trainee *t, FILE *out)
{
	const struct cohort_attempt *v[3] = { attempt_at(r, t->first), attempt_at(r, t->last), attempt_at(r, t->best) };

	if (!v[0]) {
		fputs("<p class=\"note\">No counted session yet: nothing to score.</p>\n", out);
		return;
	}
	fputs("<table class=\"flb\">\n<thead><tr><th>Counted sessions</th><th class=\"num\">First</th>"
	      "<th class=\"num\">Last</th><th class=\"num\">Best</th><th class=\"num\" title=\"over every counted reply the skill is rated over\">All</th>"
	      "</tr></thead>\n<tbody>\n<tr><td>Session</td>", out);
	for (int i = 0; i < 3; i++)
		out_f(out, "<td class=\"num\"><span class=\"mono\">show %lld</span></td>", (long long)v[i]->session);
	fputs("<td></td></tr>\n<tr><td><b>Overall</b></td>", out);
	for (int i = 0; i < 3; i++)
		out_f(out, "<td class=\"num\"><b>%d</b></td>", v[i]->overall);
	fputs("<td></td></tr>\n", out);
	for (int k = 0; k < SKILL_COUNT; k++) {
		out_f(out, "<tr><td>%s</td>", skill_title[k]);
		for (int i = 0; i < 3; i++)
			out_f(out, "<td class=\"num\">%d</td>", v[i]->sum.skill_score[k]);
		if (t->skill[k] >= 0)
			out_f(out, "<td class=\"num\" data-skill=\"%s\">%d <span class=\"note\">over %zu</span></td></tr>\n",
			      skill_name((enum mi_skill)k), t->skill[k], t->skill_rated[k]);
		else
			fputs("<td class=\"num\">\xe2\x80\x93</td></tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
}

static void html_measure(FILE *out, const struct miti_pool *p, enum miti_measure m, double v, int decimals,
			 const char *none)
{
	const struct miti_threshold *th = &miti_thresholds[m];
	const char *band = miti_pool_band(p, m);

	out_f(out, "<tr><td>%s</td><td class=\"num\">", th->name);
	if (v >= 0)
		out_f(out, "%.*f%s", decimals, v, m == MITI_PCT_COMPLEX ? "%" : "");
	else
		fputs(none, out);
	out_f(out, "</td><td class=\"%s\">%s</td><td class=\"num\">%g</td><td class=\"num\">%g</td></tr>\n",
	      !*band ? "" : !strcmp(band, "good") ? "b-good" : !strcmp(band, "fair") ? "b-fair" : "b-below",
	      *band ? band : "\xe2\x80\x93", th->fair, th->good);
}

static void html_miti(const struct cohort_trainee *t, FILE *out)
{
	const struct miti_pool *m = &t->miti;

	if (!m->sessions)
		return;
	out_f(out, "<h3>MITI 4.2.1 summary over %d counted session%s (%zu replies)</h3>\n<table class=\"miti\">\n"
		   "<thead><tr><th>Measure</th><th class=\"num\">Value</th><th>Band</th><th class=\"num\">Fair</th>"
		   "<th class=\"num\">Good</th></tr></thead>\n<tbody>\n",
	      m->sessions, m->sessions == 1 ? "" : "s", m->replies);
	html_measure(out, m, MITI_RQ, m->rq_ratio, 2, m->reflections ? "no questions" : "none");
	html_measure(out, m, MITI_PCT_COMPLEX, m->pct_complex, 0, "no reflections");
	html_measure(out, m, MITI_TECHNICAL, m->technical, 1, "\xe2\x80\x93");
	html_measure(out, m, MITI_RELATIONAL, m->relational, 1, "\xe2\x80\x93");
	out_f(out, "<tr><td>MI-adherent / non-adherent replies</td><td class=\"num\">%zu / <b%s>%zu</b></td>"
		   "<td colspan=\"3\" class=\"note\">non-adherent: persuade, confront</td></tr>\n",
	      m->adherent, m->nonadherent ? " class=\"b-below\"" : "", m->nonadherent);
	if (m->change_talk >= 0)
		out_f(out, "<tr><td>Change talk evoked / missed</td><td class=\"num\">%d / %d</td><td colspan=\"3\"></td>"
			   "</tr>\n", m->change_talk, m->missed_change);
	if (m->hints >= 0)
		out_f(out, "<tr><td>Hints used</td><td class=\"num\">%d</td><td colspan=\"3\"></td></tr>\n", m->hints);
	fputs("</tbody>\n</table>\n", out);
}

static void html_attempts(const struct report *r, const struct cohort_trainee *t, FILE *out)
{
	if (!t->nattempts)
		return;
	fputs("<h3>Attempts</h3>\n<table class=\"attempts\">\n<thead><tr><th>#</th><th>Scenario</th><th>Started</th>"
	      "<th>Outcome</th><th class=\"num\">Replies</th><th class=\"num\">Overall</th><th>Counts?</th>"
	      "<th>Session</th></tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < t->nattempts; i++) {
		const struct cohort_attempt *at = &r->cohort.attempts[t->attempts[i]];

		out_f(out, "<tr class=\"%s\"><td>%d</td><td>", at->count == COUNT_YES ? "counted" : "uncounted", at->number);
		html_text(out, at->scenario);
		fputs(" <span class=\"note\">", out);
		html_text(out, at->pack_version);
		fputs("</span></td><td>", out);
		html_date(out, at->started, "");
		fputs("</td><td>", out);
		html_text(out, at->outcome ? at->outcome : "unfinished");
		out_f(out, "</td><td class=\"num\">%zu</td><td class=\"num\">%d</td><td>", at->nreplies, at->overall);
		if (at->count == COUNT_YES)
			fputs(at->passed ? "counted, <b class=\"b-good\">passed</b>" : "counted, not passed", out);
		else if (at->count == COUNT_OTHER_VERSION) {
			fputs("<b>not counted</b>: pack ", out);
			html_text(out, at->pack_version);
		} else
			out_f(out, "<b>not counted</b>: %s", attempt_count_name(at->count));
		if (at->late_days)
			out_f(out, " <span class=\"badge late\">%d day%s late</span>", at->late_days, at->late_days == 1 ? "" : "s");
		if (at->hints > 0)
			out_f(out, " <span class=\"note\">%d hint%s</span>", at->hints, at->hints == 1 ? "" : "s");
		out_f(out, "</td><td><span class=\"mono\">show %lld</span><br><span class=\"uid\">", (long long)at->session);
		html_text(out, at->uid);
		fputs("</span></td></tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
}

static void html_weakest(const struct report *r, const struct cohort_trainee *t, FILE *out)
{
	if (!t->nweakest)
		return;
	fputs("<h3>Replies to look at</h3>\n", out);
	for (size_t i = 0; i < t->nweakest; i++) {
		const struct weak_reply *w = &t->weakest[i];
		const struct cohort_attempt *at = &r->cohort.attempts[w->attempt];
		const struct cohort_reply *rp = &at->replies[w->reply];

		out_f(out, "<div class=\"reply%s\"><div class=\"where\"><span class=\"mono\">micoach show %lld</span>, "
			   "turn %d (attempt #%d) \xc2\xb7 <b>%s</b>", w->nonadherent ? " na" : "", (long long)at->session,
		      rp->turn, at->number, code_name(rp->coded->primary));
		for (int k = 0; k < CODE_COUNT; k++)
			if ((rp->coded->codes & CODE_BIT(k)) && k != (int)rp->coded->primary)
				out_f(out, "+%s", code_name((enum mi_code)k));
		if (w->nonadherent)
			fputs(" \xc2\xb7 <b class=\"b-below\">MI-non-adherent</b>", out);
		if (w->lowest_skill >= 0)
			out_f(out, " \xc2\xb7 %s %d of 4", skill_title[w->lowest_skill], w->lowest);
		fputs("</div>\n<div class=\"client\">Client: ", out);
		html_text(out, rp->client_line);
		fputs("</div>\n<div class=\"said\">", out);
		html_text(out, t->name);
		fputs(": ", out);
		html_text(out, rp->reply);
		fputs("</div></div>\n", out);
	}
}

static void html_trainee(const struct report *r, const struct cohort_trainee *t, size_t i, FILE *out)
{
	out_f(out, "<section class=\"trainee\" id=\"t%zu\" data-trainee=\"", i + 1);
	html_text(out, t->name);
	fputs("\">\n<h2>", out);
	html_text(out, t->name);
	fputs(" ", out);
	html_status(t, out);
	out_f(out, "</h2>\n<p class=\"meta\">%zu of %zu scenarios passed \xc2\xb7 %zu attempt%s, %zu counted \xc2\xb7 "
		   "last practised ", t->passed, r->a.nscenarios, t->nattempts, t->nattempts == 1 ? "" : "s", t->ncounted);
	html_date(out, t->last_practised, "never");
	fputs(" \xc2\xb7 last file came ", out);
	html_date(out, t->last_received, t->nattempts ? "(practised here)" : "\xe2\x80\x93");
	fputs("</p>\n", out);
	html_scenarios(r, t, out);
	fputs("<div class=\"grid\">\n<div>\n", out);
	html_first_last_best(r, t, out);
	fputs("</div>\n<div>\n", out);
	svg_skills(r, t, out);
	fputs("</div>\n</div>\n<div class=\"grid\">\n<div>\n", out);
	html_miti(t, out);
	fputs("</div>\n<div>\n", out);
	if (t->miti.change_talk >= 0) {
		fputs("<h3>Change talk</h3>\n", out);
		svg_change_talk(r, t, out);
		fputs("<p class=\"note\">Counted sessions whose client lines carry talk labels (scenario format 2). "
		      "Missed: replies right after change talk that neither reflected, affirmed nor asked about it.</p>\n",
		      out);
	} else if (t->ncounted) {
		fputs("<h3>Change talk</h3>\n<p class=\"note\">Not known for these sessions: the pack's client lines carry "
		      "no change-talk labels.</p>\n", out);
	}
	fputs("</div>\n</div>\n", out);
	html_attempts(r, t, out);
	html_weakest(r, t, out);
	fputs("</section>\n", out);
}

void report_render_html(const struct report *r, FILE *out)
{
	const struct cohort *c = &r->cohort;

	html_head(r, out);
	html_heading(r, out);
	if (!c->ntrainees)
		fputs("<p>No trainees yet: name them with <code>micoach assign \xe2\x80\xa6 --trainee NAME</code> and import "
		      "their result files with <code>micoach import FILE\xe2\x80\xa6</code>.</p>\n", out);
	else {
		html_roster(r, out);
		html_cohort_skills(r, out);
	}
	for (size_t i = 0; i < c->ntrainees; i++)
		html_trainee(r, &c->trainees[i], i, out);
	fputs("<footer class=\"note\"><p>Made by micoach. Open a session with <code>micoach show N</code>; a session's "
	      "uid is the same in the trainee's database and yours.</p></footer>\n</body>\n</html>\n", out);
}
