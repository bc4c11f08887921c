/* review.c: shared by the review commands: filter options, JSON/CSV rows,
 * inert aligned text (see review.h). */
#include "app/review.h"


#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "core/isotime.h"
#include "io/print.h"
#include "io/session_write.h"

static bool parse_long(const char *s, long *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return false;
	v = strtol(s, &end, 10);
	if (*end || v < 0)
		return false;
	*out = v;
	return true;
}

int review_filter_option(struct review_filter_opts *o, int opt, const char *arg, const char *cmd)
{
	switch (opt) {
	case REVIEW_OPT_SCENARIO:
		o->f.scenario = arg;
		return 1;
	case REVIEW_OPT_PACK:
		o->f.pack = arg;
		return 1;
	case REVIEW_OPT_SINCE:
		if (!iso_time_valid(arg)) {
			print_inertf(stderr, "micoach: %s: --since '%s' is not a date; use YYYY-MM-DD or "
				     "YYYY-MM-DDTHH:MM:SSZ (UTC)\n", cmd, arg);
			return -1;
		}
		o->f.since = arg;
		return 1;
	case REVIEW_OPT_LIMIT:
		if (!parse_long(arg, &o->f.limit)) {
			print_inertf(stderr, "micoach: %s: --limit wants a number (0 for no limit), not '%s'\n", cmd, arg);
			return -1;
		}
		return 1;
	case REVIEW_OPT_OFFSET:
		if (!parse_long(arg, &o->f.offset)) {
			print_inertf(stderr, "micoach: %s: --offset wants a number, not '%s'\n", cmd, arg);
			return -1;
		}
		return 1;
	case REVIEW_OPT_ALL_USERS:
		o->all_users = true;
		return 1;
	default:
		return 0;
	}
}

void review_inert(struct strbuf *sb, const char *s)
{
	strbuf_add_inert(sb, s ? s : "");
}

size_t review_width(const char *s)
{
	mbstate_t ps;
	size_t w = 0, n = strlen(s), i = 0;

	memset(&ps, 0, sizeof ps);
	while (i < n) {
		wchar_t wc;
		size_t len = mbrtowc(&wc, s + i, n - i, &ps);
		if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
			memset(&ps, 0, sizeof ps);
			w++;
			i++;
			continue;
		}
		int cw = wcwidth(wc);
		w += cw > 0 ? (size_t)cw : 0;
		i += len;
	}
	return w;
}

void review_pad(struct strbuf *sb, const char *s, size_t width)
{
	struct strbuf t = {0};
	size_t w;

	review_inert(&t, s);
	w = review_width(t.buf ? t.buf : "");
	strbuf_adds(sb, t.buf ? t.buf : "");
	for (; w < width; w++)
		strbuf_add(sb, " ", 1);
	strbuf_release(&t);
}

void review_date(char *buf, size_t n, const char *iso)
{
	if (!iso || strlen(iso) < 16 || iso[10] != 'T') {
		snprintf(buf, n, "%s", iso ? iso : "");
		return;
	}
	snprintf(buf, n, "%.10s %.5s", iso, iso + 11);
}

void review_sparkline(struct strbuf *sb, const int *v, size_t n)
{
	static const char *const bars[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };

	for (size_t i = 0; i < n; i++) {
		int x = v[i] < 0 ? 0 : v[i] > 100 ? 100 : v[i];
		strbuf_adds(sb, bars[x * 7 / 100]);
	}
}

void review_codes(char *buf, size_t n, const struct coded_reply *cr)
{
	size_t len;

	snprintf(buf, n, "%s", code_name(cr->primary));
	for (int c = 0; c < CODE_COUNT; c++) {
		if (c == (int)cr->primary || !(cr->codes & CODE_BIT(c)))
			continue;
		len = strlen(buf);
		snprintf(buf + len, n - len, "+%s", code_name((enum mi_code)c));
	}
}

void review_show_json(struct json *j, const struct session *s)
{
	struct summary sum;

	json_object_begin(j);
	json_key(j, "session");
	json_object_begin(j);
	session_json_header(j, &s->info, true);
	json_object_end(j);
	json_key(j, "turns");
	json_array_begin(j);
	for (size_t i = 0; i < s->nturns; i++)
		session_json_turn(j, &s->turns[i]);
	json_array_end(j);
	session_summary(s, &sum);
	json_key(j, "summary");
	review_summary_json(j, &sum);
	json_key(j, "talk");
	session_json_talk(j, s);
	json_key(j, "retried_in");
	json_array_begin(j);
	for (size_t i = 0; i < s->nretries; i++)
		json_int(j, s->retries[i]);
	json_array_end(j);
	json_key(j, "notes");
	json_array_begin(j);
	for (size_t i = 0; i < s->nnotes; i++)
		session_json_note(j, &s->notes[i]);
	json_array_end(j);
	json_object_end(j);
}

void review_export_session_json(struct json *j, const struct session *s)
{
	json_object_begin(j);
	session_json_fields(j, s, SESSION_JSON_TURNS);
	json_key(j, "talk");
	session_json_talk(j, s);
	json_object_end(j);
}

static void json_ratio(struct json *j, const char *key, double v)
{
	json_key(j, key);
	if (v < 0)
		json_null(j);
	else
		json_double(j, v, 2);
}

void review_session_csv_header(struct csv *c)
{
	static const char *const cols[] = {
		"id", "uid", "started", "ended", "user", "scenario", "scenario_title", "pack",
		"pack_version", "coder_version", "mode", "seed", "turns", "outcome", "retry_of",
		"retry_turn", "assignment", "replies", "empathy", "reflection", "discrepancy",
		"self_efficacy", "overall", "rq_ratio", "pct_complex", "adherent", "nonadherent",
		"global_cultivating", "global_softening", "global_partnership", "global_empathy",
		"technical", "relational",
	};

	for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
		csv_raw(c, cols[i]);
	csv_row_end(c);
}

void review_session_csv(struct csv *c, const struct session_info *si)
{
	const struct session_scores *sc = &si->scores;

	csv_int(c, si->id);
	csv_raw(c, si->uid);
	csv_raw(c, si->started);
	csv_raw(c, si->ended);
	csv_text(c, si->user);
	csv_text(c, si->scenario_id);
	csv_text(c, si->scenario_title);
	csv_text(c, si->pack_id);
	csv_text(c, si->pack_version);
	csv_text(c, si->coder_version);
	csv_raw(c, si->mode);
	csv_int(c, si->seed);
	csv_int(c, si->turns);
	csv_raw(c, si->outcome);
	if (si->retry_of > 0) {
		csv_int(c, si->retry_of);
		csv_int(c, si->retry_turn);
	} else {
		csv_empty(c);
		csv_empty(c);
	}
	/* The assignment's own id ("week3"), as trainers and trainees name it. */
	csv_raw(c, si->assignment_id > 0 ? si->assignment_uid : NULL);
	if (!si->has_scores) {
		for (int i = 0; i < 16; i++)
			csv_empty(c);
	} else {
		csv_int(c, sc->replies);
		for (int k = 0; k < SKILL_COUNT; k++)
			csv_int(c, sc->skill[k]);
		csv_int(c, sc->overall);
		if (sc->rq_ratio < 0)
			csv_empty(c);
		else
			csv_double(c, sc->rq_ratio, 2);
		if (sc->pct_complex < 0)
			csv_empty(c);
		else
			csv_double(c, sc->pct_complex, 2);
		csv_int(c, sc->adherent);
		csv_int(c, sc->nonadherent);
		csv_double(c, sc->global_cultivating, 2);
		csv_double(c, sc->global_softening, 2);
		csv_double(c, sc->global_partnership, 2);
		csv_double(c, sc->global_empathy, 2);
		csv_double(c, sc->technical, 2);
		csv_double(c, sc->relational, 2);
	}
	csv_row_end(c);
}

void review_turn_csv_header(struct csv *c)
{
	static const char *const cols[] = {
		"session", "started", "user", "scenario", "pack", "pack_version", "coder_version",
		"mode", "outcome", "turn", "node", "client", "reply", "primary", "codes", "empathy",
		"reflection", "discrepancy", "self_efficacy", "nonadherent", "cues", "tip", "meters",
		"next", "client_next", "at", "client_next_talk", "thought",
	};

	for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
		csv_raw(c, cols[i]);
	csv_row_end(c);
}

void review_turn_csv(struct csv *c, const struct session_info *si, const struct session_turn *t)
{
	const struct coded_reply *cr = &t->coded;
	char codes[128];
	struct strbuf sb = {0};

	csv_int(c, si->id);
	csv_raw(c, si->started);
	csv_text(c, si->user);
	csv_text(c, si->scenario_id);
	csv_text(c, si->pack_id);
	csv_text(c, si->pack_version);
	csv_text(c, si->coder_version);
	csv_raw(c, si->mode);
	csv_raw(c, si->outcome);
	csv_int(c, t->index);
	csv_text(c, t->node_id);
	csv_text(c, t->client_line);
	csv_text(c, t->reply);
	csv_raw(c, code_name(cr->primary));
	review_codes(codes, sizeof codes, cr);
	csv_raw(c, codes);
	for (int k = 0; k < SKILL_COUNT; k++)
		csv_int(c, cr->skills[k]);
	csv_int(c, cr->nonadherent);
	/* cues: "CODE:text|CODE:text"; meters: "id=value;id=value" */
	for (size_t i = 0; i < cr->ncues; i++) {
		if (i)
			strbuf_adds(&sb, "|");
		strbuf_addf(&sb, "%s:", code_name(cr->cues[i].code));
		strbuf_add(&sb, t->reply + cr->cues[i].start, cr->cues[i].len);
	}
	csv_text(c, sb.buf ? sb.buf : "");
	strbuf_reset(&sb);
	csv_text(c, cr->tip);
	for (size_t m = 0; m < t->nmeters; m++)
		strbuf_addf(&sb, "%s%s=%d", m ? ";" : "", t->meter_ids[m], t->meters[m]);
	csv_text(c, sb.buf ? sb.buf : "");
	strbuf_reset(&sb);
	csv_text(c, t->next_node);
	csv_text(c, t->client_next);
	csv_raw(c, t->at);
	/* client_next_talk: "neutral;change:desire", a line a label ("none"
	 * for one without), empty when no line has one */
	bool labelled = false;
	for (size_t i = 0; i < t->nlines; i++) {
		const struct session_line *l = &t->lines[i];
		labelled |= l->talk != TALK_UNLABELLED;
		strbuf_addf(&sb, "%s%s", i ? ";" : "", l->talk != TALK_UNLABELLED ? talk_name(l->talk) : "none");
		if (l->kind != KIND_NONE)
			strbuf_addf(&sb, ":%s", talk_kind_name(l->kind));
	}
	csv_raw(c, labelled ? sb.buf : "");
	strbuf_release(&sb);
	csv_text(c, t->thought);
	csv_row_end(c);
}

void review_summary_json(struct json *j, const struct summary *sum)
{
	json_object_begin(j);
	json_kv_int(j, "replies", (long long)sum->replies);
	json_key(j, "counts");
	json_object_begin(j);
	for (int c = 0; c < CODE_COUNT; c++)
		json_kv_int(j, code_name((enum mi_code)c), (long long)sum->count[c]);
	json_object_end(j);
	json_kv_int(j, "questions", (long long)sum->questions);
	json_kv_int(j, "reflections", (long long)sum->reflections);
	json_ratio(j, "rq_ratio", sum->rq_ratio);
	json_kv_string(j, "rq_band", sum->rq_ratio < 0 ? NULL : band_name(sum->rq_band));
	json_ratio(j, "pct_complex", sum->pct_complex);
	json_kv_string(j, "complex_band", sum->pct_complex < 0 ? NULL : band_name(sum->complex_band));
	json_kv_int(j, "adherent", (long long)sum->adherent);
	json_kv_int(j, "nonadherent", (long long)sum->nonadherent);
	json_key(j, "globals");
	json_object_begin(j);
	json_kv_double(j, "cultivating", sum->global_cultivating, 2);
	json_kv_double(j, "softening", sum->global_softening, 2);
	json_kv_double(j, "partnership", sum->global_partnership, 2);
	json_kv_double(j, "empathy", sum->global_empathy, 2);
	json_object_end(j);
	json_kv_double(j, "technical", sum->technical, 2);
	json_kv_string(j, "technical_band", band_name(sum->technical_band));
	json_kv_double(j, "relational", sum->relational, 2);
	json_kv_string(j, "relational_band", band_name(sum->relational_band));
	json_key(j, "skills");
	json_object_begin(j);
	for (int k = 0; k < SKILL_COUNT; k++)
		json_kv_int(j, skill_name((enum mi_skill)k), sum->skill_score[k]);
	json_object_end(j);
	json_object_end(j);
}

/* Byte length of the character at s (1 for an invalid byte) and its width. */
static size_t char_at(const char *s, size_t n, size_t *width)
{
	mbstate_t ps;
	wchar_t wc;
	size_t len;
	int w;

	memset(&ps, 0, sizeof ps);
	len = mbrtowc(&wc, s, n, &ps);
	if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
		*width = 1;
		return 1;
	}
	w = wcwidth(wc);
	*width = w > 0 ? (size_t)w : 0;
	return len;
}

size_t review_wrap(const char *s, size_t width, char ***lines)
{
	struct strbuf t = {0};
	size_t n = 0, alloc = 0, i = 0, len;
	const char *buf;

	*lines = NULL;
	if (width < 8)
		width = 8;
	review_inert(&t, s);
	buf = t.buf ? t.buf : "";
	len = strlen(buf);
	do {
		size_t start = i, cols = 0, brk = 0, cw, clen;
		/* Take characters while they fit; remember the last space. */
		while (i < len) {
			clen = char_at(buf + i, len - i, &cw);
			if (cols + cw > width)
				break;
			if (buf[i] == ' ')
				brk = i;
			cols += cw;
			i += clen;
		}
		size_t end = i;
		if (i < len && brk > start) {
			end = brk;
			i = brk + 1;
		}
		ALLOC_GROW(*lines, n + 1, alloc);
		(*lines)[n++] = xstrndup(buf + start, end - start);
		while (i < len && buf[i] == ' ' && i > start)
			i++;
	} while (i < len);
	strbuf_release(&t);
	return n;
}

size_t review_term_width(void)
{
	const char *c = getenv("COLUMNS");
	struct winsize ws;
	long v;

	if (c && (v = strtol(c, NULL, 10)) >= 20 && v <= 1000)
		return (size_t)v;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 100;
}
