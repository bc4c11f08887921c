/* ui_doc.c: documents of styled, wrapped lines for the screens that scroll
 * (summary, replay, previews, help): built for the current width on every
 * draw, so a resize re-lays them out for free. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ui_priv.h"
#include "core/util.h"

void doc_init(struct ui_doc *d, int width)
{
	memset(d, 0, sizeof *d);
	d->width = width < 10 ? 10 : width;
}

void doc_release(struct ui_doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		for (size_t j = 0; j < d->lines[i].nsegs; j++)
			free(d->lines[i].segs[j].text);
		free(d->lines[i].segs);
	}
	free(d->lines);
	memset(d, 0, sizeof *d);
}

void doc_line(struct ui_doc *d, int tag)
{
	if (d->n == d->alloc) {
		d->alloc = d->alloc ? d->alloc * 2 : 32;
		d->lines = xrealloc(d->lines, d->alloc * sizeof *d->lines);
	}
	d->lines[d->n].segs = NULL;
	d->lines[d->n].nsegs = 0;
	d->lines[d->n].tag = tag;
	d->n++;
}

static void seg_add(struct ui_doc *d, enum ui_role r, char *text)
{
	struct ui_dline *l;

	if (!d->n)
		doc_line(d, -1);
	l = &d->lines[d->n - 1];
	l->segs = xrealloc(l->segs, (l->nsegs + 1) * sizeof *l->segs);
	l->segs[l->nsegs].text = text;
	l->segs[l->nsegs].role = r;
	l->nsegs++;
}

void doc_seg(struct ui_doc *d, enum ui_role r, const char *fmt, ...)
{
	struct strbuf sb = {0};
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	seg_add(d, r, strbuf_detach(&sb));
}

static int line_width(const struct ui_dline *l)
{
	int w = 0;

	for (size_t i = 0; i < l->nsegs; i++)
		w += ui_text_width(l->segs[i].text, strlen(l->segs[i].text));
	return w;
}

/* Continue the current line at column indent, or start a new one there. */
static void line_at_indent(struct ui_doc *d, int indent, int tag, bool first)
{
	int w = d->n && first ? line_width(&d->lines[d->n - 1]) : indent + 1;

	if (w > indent || !d->n || !first) {
		doc_line(d, tag);
		w = 0;
	}
	if (indent > w)
		doc_seg(d, R_NORMAL, "%*s", indent - w, "");
}

/* Wrap text, calling emit for each line's byte span (offsets into text).
 * When the current line already holds something past indent, the first
 * piece continues it in the room that is left. */
static void wrap_lines(struct ui_doc *d, int indent, const char *text, int tag,
		       void (*emit)(struct ui_doc *, const char *, struct ui_span, void *), void *arg)
{
	struct ui_span *lines;
	int cols = d->width - indent, w = d->n ? line_width(&d->lines[d->n - 1]) : 0;
	size_t n, base = 0;
	bool first = true;

	if (cols < 8)
		cols = 8;
	if (w > indent && d->width - w >= 8) {
		n = ui_text_wrap(text, d->width - w, &lines);
		if (n > 0 && (lines[0].len || n == 1)) {
			emit(d, text, lines[0], arg);
			base = n > 1 ? lines[1].start : strlen(text);
			first = false;
		}
		free(lines);
		if (!text[base] && !first)
			return;
	}
	n = ui_text_wrap(text + base, cols, &lines);
	for (size_t i = 0; i < n; i++) {
		struct ui_span sp = { lines[i].start + base, lines[i].len };
		line_at_indent(d, indent, tag, first && i == 0);
		emit(d, text, sp, arg);
	}
	free(lines);
}

static void emit_plain(struct ui_doc *d, const char *text, struct ui_span sp, void *arg)
{
	seg_add(d, *(enum ui_role *)arg, xstrndup(text + sp.start, sp.len));
}

void doc_wrap(struct ui_doc *d, int indent, enum ui_role r, const char *text, int tag)
{
	wrap_lines(d, indent, text ? text : "", tag, emit_plain, &r);
}

static bool in_cue(const struct coded_reply *cr, size_t at, size_t n)
{
	for (size_t i = 0; cr && i < cr->ncues && i < CODER_MAX_CUES; i++)
		if (cr->cues[i].start <= at && at < cr->cues[i].start + cr->cues[i].len &&
		    cr->cues[i].start + cr->cues[i].len <= n)
			return true;
	return false;
}

struct cue_arg {
	const struct coded_reply *cr;
	size_t n;
};

static void emit_cued(struct ui_doc *d, const char *text, struct ui_span sp, void *arg)
{
	const struct cue_arg *ca = arg;
	size_t i = sp.start, end = sp.start + sp.len;

	while (i < end) {
		bool cue = in_cue(ca->cr, i, ca->n);
		size_t j = i + 1;
		while (j < end && in_cue(ca->cr, j, ca->n) == cue)
			j++;
		/* Keep characters whole: never end a segment inside one. */
		while (j < end && ((unsigned char)text[j] & 0xc0) == 0x80)
			j++;
		seg_add(d, cue ? R_CUE : R_YOU, xstrndup(text + i, j - i));
		i = j;
	}
}

void doc_reply(struct ui_doc *d, int indent, const char *reply, const struct coded_reply *cr, int tag)
{
	struct cue_arg ca = { cr, strlen(reply) };

	wrap_lines(d, indent, reply, tag, emit_cued, &ca);
}

/* A segment that moves to a new line at indent when it would not fit. */
static void seg_flow(struct ui_doc *d, int indent, enum ui_role r, const char *text, const char *sep,
		     int extra)
{
	int w = ui_text_width(text, strlen(text)) + extra, sw = ui_text_width(sep, strlen(sep));

	if (d->n && line_width(&d->lines[d->n - 1]) + sw + w > d->width) {
		line_at_indent(d, indent, -1, false);
	} else if (*sep) {
		seg_add(d, R_DIM, xstrdup(sep));
	}
	seg_add(d, r, xstrdup(text));
}

void doc_feedback(struct ui_doc *d, int indent, const char *reply, const struct coded_reply *cr)
{
	struct strbuf sb = {0};
	int lab = indent + 8;
	bool any = false;

	line_at_indent(d, indent, -1, false);
	doc_seg(d, R_HEAD, "%-8s", "Codes");
	if (cr->nonadherent)
		doc_seg(d, R_BAD, "MI-non-adherent: ");
	strbuf_addf(&sb, "%s %s (primary)", code_name(cr->primary), code_long_name(cr->primary));
	doc_seg(d, cr->primary == CODE_CONF || cr->primary == CODE_PERS ? R_BAD : R_NORMAL, "%s", sb.buf);
	for (int c = 0; c < CODE_COUNT; c++) {
		if (c == (int)cr->primary || !(cr->codes & CODE_BIT(c)))
			continue;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s %s", code_name((enum mi_code)c), code_long_name((enum mi_code)c));
		seg_flow(d, lab, c == CODE_CONF || c == CODE_PERS ? R_BAD : R_NORMAL, sb.buf, " \u00b7 ", 0);
	}

	line_at_indent(d, indent, -1, false);
	doc_seg(d, R_HEAD, "%-8s", "Skills");
	for (int s = 0; s < SKILL_COUNT; s++) {
		int v = cr->skills[s] < 0 ? 0 : cr->skills[s] > 4 ? 4 : cr->skills[s];
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s ", skill_label(s));
		seg_flow(d, lab, R_NORMAL, sb.buf, s ? "  " : "", 6);
		strbuf_reset(&sb);
		for (int k = 0; k < 4; k++)
			strbuf_adds(&sb, k < v ? "\u2588" : "\u2591");
		doc_seg(d, v >= 3 ? R_GOOD : v >= 2 ? R_FAIR : R_BAD, "%s", sb.buf);
		doc_seg(d, R_NORMAL, " %d", v);
	}

	strbuf_reset(&sb);
	for (size_t i = 0; i < cr->ncues && i < CODER_MAX_CUES; i++) {
		const struct cue *cu = &cr->cues[i];
		if (cu->start + cu->len > strlen(reply) || !cu->len)
			continue;
		strbuf_addf(&sb, "%s%s \u201c", any ? " \u00b7 " : "", code_name(cu->code));
		strbuf_add(&sb, reply + cu->start, cu->len);
		strbuf_adds(&sb, "\u201d");
		any = true;
	}
	if (any) {
		line_at_indent(d, indent, -1, false);
		doc_seg(d, R_HEAD, "%-8s", "Cues");
		doc_wrap(d, lab, R_CUE, sb.buf, -1);
	}
	line_at_indent(d, indent, -1, false);
	doc_seg(d, R_HEAD, "%-8s", "Tip");
	doc_wrap(d, lab, R_NORMAL, cr->tip[0] ? cr->tip : "-", -1);
	strbuf_release(&sb);
}

void doc_draw(const struct ui_doc *d, int y, int x, int rows, int top, int sel)
{
	for (int r = 0; r < rows; r++) {
		size_t i = (size_t)(top + r);
		int cx = x, avail = d->width;
		bool hl;

		if (top + r < 0 || i >= d->n)
			break;
		hl = sel >= 0 && d->lines[i].tag == sel;
		if (hl)
			ui_fill(y + r, x, d->width, R_SELECT);
		for (size_t j = 0; j < d->lines[i].nsegs && avail > 0; j++) {
			const struct ui_seg *s = &d->lines[i].segs[j];
			int w = ui_put(y + r, cx, avail, hl ? R_SELECT : s->role, s->text);
			cx += w;
			avail -= w;
		}
	}
}

int doc_find(const struct ui_doc *d, int tag)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->lines[i].tag == tag)
			return (int)i;
	return -1;
}

void doc_thought(struct ui_doc *d, int indent, const char *thought)
{
	if (!thought)
		return;
	line_at_indent(d, indent, -1, false);
	doc_seg(d, R_THOUGHT, "(thinks) ");
	doc_wrap(d, indent, R_THOUGHT, thought, -1);
}
