/* cmd/show.c: `micoach show SESSION [--json] [--compare OTHER]`: a stored
 * session turn by turn (client line, reply, codes, skills, cues, tip, meters)
 * and its summary, recomputed from the stored codes; or two sessions side by
 * side (a retry beside its original, or any two). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/feedback.h"
#include "app/review.h"
#include "io/print.h"

enum { OPT_JSON = 1, OPT_COMPARE };

static void add_header(struct strbuf *sb, const struct session *ss)
{
	const struct session_info *si = &ss->info;
	char started[32], ended[32];

	review_date(started, sizeof started, si->started);
	review_date(ended, sizeof ended, si->ended);
	strbuf_addf(sb, "Session %lld: ", (long long)si->id);
	review_inert(sb, si->scenario_id);
	if (si->scenario_title && *si->scenario_title) {
		strbuf_adds(sb, " (");
		review_inert(sb, si->scenario_title);
		strbuf_adds(sb, ")");
	}
	strbuf_adds(sb, "\n  pack ");
	review_inert(sb, si->pack_id);
	strbuf_adds(sb, " ");
	review_inert(sb, si->pack_version);
	strbuf_adds(sb, ", coder ");
	review_inert(sb, si->coder_version);
	strbuf_addf(sb, ", %s mode, seed %u\n  user ", si->mode, si->seed);
	review_inert(sb, si->user);
	strbuf_addf(sb, ", started %s UTC", started);
	if (si->ended)
		strbuf_addf(sb, ", ended %s", ended);
	strbuf_adds(sb, ", outcome: ");
	review_inert(sb, si->outcome ? si->outcome : "unfinished (the session was cut off)");
	strbuf_addf(sb, ", %d turn%s", si->turns, si->turns == 1 ? "" : "s");
	if (si->hints_recorded)
		strbuf_addf(sb, ", %d hint%s used", si->hints, si->hints == 1 ? "" : "s");
	strbuf_adds(sb, "\n");
	if (si->retry_of > 0)
		strbuf_addf(sb, "  retry of session %lld from turn %d ('micoach show %lld --compare %lld' "
			    "puts them side by side)\n", (long long)si->retry_of, si->retry_turn,
			    (long long)si->id, (long long)si->retry_of);
	if (ss->nretries) {
		strbuf_adds(sb, "  retried in session");
		strbuf_adds(sb, ss->nretries > 1 ? "s" : "");
		for (size_t i = 0; i < ss->nretries; i++)
			strbuf_addf(sb, "%s %lld", i ? "," : "", (long long)ss->retries[i]);
		strbuf_adds(sb, "\n");
	}
}

/* The notes on turn (0: on the whole session), each on its own line. */
static void add_notes(struct strbuf *sb, const struct session *ss, int turn, const char *indent)
{
	for (size_t i = 0; i < ss->nnotes; i++) {
		const struct session_note *n = &ss->notes[i];
		char date[32];
		if (n->turn != turn)
			continue;
		review_date(date, sizeof date, n->created);
		strbuf_addf(sb, "%sNote from ", indent);
		review_inert(sb, n->author);
		strbuf_addf(sb, " (%s): ", date);
		review_inert(sb, n->text);
		strbuf_adds(sb, "\n");
	}
}

/* The client's words under label: their lines one a row, each with its
 * talk label, when the author labelled them; else the text as stored. */
static void add_client(struct strbuf *sb, const char *label, const char *text, const struct session_line *l,
		       size_t n)
{
	bool labelled = false;

	for (size_t i = 0; i < n; i++)
		labelled |= l[i].talk != TALK_UNLABELLED;
	strbuf_addf(sb, "  %-8s", label);
	if (!labelled) {
		review_inert(sb, text);
		strbuf_adds(sb, "\n");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		strbuf_adds(sb, i ? "          " : "");
		review_inert(sb, l[i].text);
		if (l[i].talk != TALK_UNLABELLED) {
			strbuf_addf(sb, " [%s", talk_name(l[i].talk));
			if (l[i].kind != KIND_NONE)
				strbuf_addf(sb, ": %s", talk_kind_name(l[i].kind));
			strbuf_adds(sb, "]");
		}
		strbuf_adds(sb, "\n");
	}
}

static void add_thought(struct strbuf *sb, const char *thought)
{
	if (!thought)
		return;
	strbuf_adds(sb, "  Thinks: ");
	review_inert(sb, thought);
	strbuf_adds(sb, "\n");
}

/* Turn i of ss; missed: the reply missed the change talk before it. */
static void add_turn(struct strbuf *sb, const struct session *ss, size_t i, bool missed)
{
	const struct session_turn *t = &ss->turns[i], *prev = i ? &ss->turns[i - 1] : NULL;

	strbuf_addf(sb, "\nTurn %d", t->index);
	if (t->node_id && *t->node_id) {
		strbuf_adds(sb, " (at ");
		review_inert(sb, t->node_id);
		strbuf_adds(sb, ")");
	}
	strbuf_adds(sb, "\n");
	add_client(sb, "Client:", t->client_line, prev ? prev->lines : t->opening, prev ? prev->nlines : t->nopening);
	if (!prev)
		add_thought(sb, session_lines_thought(t->opening, t->nopening));
	strbuf_adds(sb, "  You:    ");
	review_inert(sb, t->reply);
	strbuf_adds(sb, "\n");
	feedback_format_reply(sb, t->reply, &t->coded);
	if (missed)
		strbuf_adds(sb, "  Missed change talk: the reply neither reflected, affirmed nor asked about it\n");
	if (t->nmeters) {
		strbuf_adds(sb, "  Meters:");
		for (size_t m = 0; m < t->nmeters; m++) {
			strbuf_adds(sb, m ? ", " : " ");
			review_inert(sb, t->meter_ids[m]);
			strbuf_addf(sb, " %d", t->meters[m]);
		}
		strbuf_adds(sb, "\n");
	}
	if (t->client_next)
		add_client(sb, "Then:", t->client_next, t->lines, t->nlines);
	add_thought(sb, t->thought);
	add_notes(sb, ss, t->index, "  ");
}

static void print_text(const struct session *ss)
{
	struct strbuf sb = {0};
	struct summary sum;
	struct talk_summary ts;
	bool talk = session_has_talk(ss);
	size_t missed = 0;

	session_talk_stored(ss, &ts);
	add_header(&sb, ss);
	for (size_t i = 0; i < ss->nturns; i++) {
		bool m = talk && missed < ts.missed && ts.missed_turn[missed] == (int)i + 1;
		missed += m;
		add_turn(&sb, ss, i, m);
	}
	if (ss->nturns == 0)
		strbuf_adds(&sb, "\n(no replies were saved in this session)\n");
	session_summary(ss, &sum);
	strbuf_adds(&sb, "\nSummary\n");
	feedback_format_summary(&sb, &sum);
	if (talk)
		feedback_format_talk(&sb, &ts);
	talk_summary_release(&ts);
	for (size_t i = 0; i < ss->nnotes; i++)
		if (ss->notes[i].turn == 0) {
			strbuf_adds(&sb, "\n");
			break;
		}
	add_notes(&sb, ss, 0, "");
	fputs(sb.buf, stdout);
	strbuf_release(&sb);
}

/* --- Side by side ------------------------------------------------------------ */

/* One side of a compare row: lines of at most w columns. */
struct column {
	char **lines;
	size_t n, alloc;
};

static void col_add(struct column *c, const char *text, size_t w)
{
	char **l;
	size_t n = review_wrap(text, w, &l);

	for (size_t i = 0; i < n; i++) {
		ALLOC_GROW(c->lines, c->n + 1, c->alloc);
		c->lines[c->n++] = l[i];
	}
	free(l);
}

static void col_free(struct column *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->lines[i]);
	free(c->lines);
	memset(c, 0, sizeof *c);
}

static void col_turn(struct column *c, const struct session_turn *t, size_t w)
{
	char codes[128], *s;

	if (!t) {
		col_add(c, "(no such turn)", w);
		return;
	}
	s = xasprintf("You: %s", t->reply);
	col_add(c, s, w);
	free(s);
	review_codes(codes, sizeof codes, &t->coded);
	s = xasprintf("%s%s; skills E%d R%d D%d S%d", codes, t->coded.nonadherent ? " (non-adherent)" : "",
		      t->coded.skills[SKILL_EMPATHY], t->coded.skills[SKILL_REFLECTION],
		      t->coded.skills[SKILL_DISCREPANCY], t->coded.skills[SKILL_SELF_EFFICACY]);
	col_add(c, s, w);
	free(s);
	if (t->client_next) {
		s = xasprintf("Then: %s", t->client_next);
		col_add(c, s, w);
		free(s);
	}
}

static void print_columns(struct strbuf *sb, struct column *a, struct column *b, size_t w)
{
	size_t n = a->n > b->n ? a->n : b->n;

	for (size_t i = 0; i < n; i++) {
		strbuf_adds(sb, "  ");
		review_pad(sb, i < a->n ? a->lines[i] : "", w);
		strbuf_adds(sb, " | ");
		strbuf_adds(sb, i < b->n ? b->lines[i] : "");
		strbuf_adds(sb, "\n");
	}
	col_free(a);
	col_free(b);
}

static const struct session_turn *turn_at(const struct session *ss, int index)
{
	for (size_t i = 0; i < ss->nturns; i++)
		if (ss->turns[i].index == index)
			return &ss->turns[i];
	return NULL;
}

static void print_compare(const struct session *a, const struct session *b)
{
	struct strbuf sb = {0};
	struct column ca = {0}, cb = {0};
	struct summary sa, sbm;
	size_t width = review_term_width(), w = width > 10 ? (width - 5) / 2 : 20;
	int maxturn = 0;
	char *s, date[32];

	for (int side = 0; side < 2; side++) {
		const struct session_info *si = side ? &b->info : &a->info;
		struct column *c = side ? &cb : &ca;
		review_date(date, sizeof date, si->started);
		s = xasprintf("Session %lld: %s", (long long)si->id, si->scenario_id);
		col_add(c, s, w);
		free(s);
		s = xasprintf("%s, %s", date, si->outcome ? si->outcome : "unfinished");
		col_add(c, s, w);
		free(s);
		if (si->retry_of > 0) {
			s = xasprintf("retry of %lld from turn %d", (long long)si->retry_of, si->retry_turn);
			col_add(c, s, w);
			free(s);
		}
	}
	print_columns(&sb, &ca, &cb, w);
	for (size_t i = 0; i < a->nturns; i++)
		maxturn = a->turns[i].index > maxturn ? a->turns[i].index : maxturn;
	for (size_t i = 0; i < b->nturns; i++)
		maxturn = b->turns[i].index > maxturn ? b->turns[i].index : maxturn;
	for (int t = 1; t <= maxturn; t++) {
		const struct session_turn *ta = turn_at(a, t), *tb = turn_at(b, t);
		strbuf_addf(&sb, "\nTurn %d", t);
		/* One client line when both heard the same thing. */
		if (ta && tb && !strcmp(ta->client_line, tb->client_line)) {
			strbuf_adds(&sb, ", client: ");
			review_inert(&sb, ta->client_line);
			strbuf_adds(&sb, "\n");
		} else {
			strbuf_adds(&sb, "\n");
			s = xasprintf("Client: %s", ta ? ta->client_line : "-");
			col_add(&ca, s, w);
			free(s);
			s = xasprintf("Client: %s", tb ? tb->client_line : "-");
			col_add(&cb, s, w);
			free(s);
		}
		col_turn(&ca, ta, w);
		col_turn(&cb, tb, w);
		print_columns(&sb, &ca, &cb, w);
	}
	session_summary(a, &sa);
	session_summary(b, &sbm);
	strbuf_adds(&sb, "\nSummary                     ");
	{
		char diff[64];
		snprintf(diff, sizeof diff, "%lld-%lld", (long long)a->info.id, (long long)b->info.id);
		strbuf_addf(&sb, "%10lld %10lld %10s\n", (long long)a->info.id, (long long)b->info.id, diff);
	}
	for (int k = 0; k < SKILL_COUNT; k++)
		strbuf_addf(&sb, "  %-26s%10d %10d %+10d\n", skill_name((enum mi_skill)k), sa.skill_score[k],
			    sbm.skill_score[k], sa.skill_score[k] - sbm.skill_score[k]);
	strbuf_addf(&sb, "  %-26s%10.2f %10.2f\n", "reflections per question", sa.rq_ratio, sbm.rq_ratio);
	strbuf_addf(&sb, "  %-26s%10.0f %10.0f\n", "% complex reflections", sa.pct_complex, sbm.pct_complex);
	strbuf_addf(&sb, "  %-26s%10zu %10zu\n", "MI-non-adherent replies", sa.nonadherent, sbm.nonadherent);
	strbuf_adds(&sb, "  (-1: not defined, no question or no reflection)\n");
	fputs(sb.buf, stdout);
	strbuf_release(&sb);
}

COMMAND(show)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "compare", required_argument, NULL, OPT_COMPARE },
		{ NULL, 0, NULL, 0 },
	};
	struct session ss = {0}, other = {0};
	struct store *st;
	struct error err = {0};
	bool json = false;
	const char *compare = NULL;
	int64_t id, oid = 0;
	int opt, rc;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == OPT_JSON) {
			json = true;
		} else if (opt == OPT_COMPARE) {
			compare = optarg;
		} else {
			print_inertf(stderr, "micoach: show: unknown option '%s'\n", argv[optind - 1]);
			return command_usage("show");
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "micoach: show: name one session (its id from 'micoach history')\n");
		return command_usage("show");
	}
	if ((id = session_id_parse(argv[optind])) < 0 || (compare && (oid = session_id_parse(compare)) < 0)) {
		print_inertf(stderr, "micoach: show: '%s' is not a session id (a number from 'micoach history')\n",
			     id < 0 ? argv[optind] : compare);
		return EXIT_USAGE;
	}
	if ((rc = app_store(app, &st)))
		return rc;
	if (store_load_session(st, id, &ss, &err))
		return app_fail(&err);
	if (compare && store_load_session(st, oid, &other, &err)) {
		session_release(&ss);
		return app_fail(&err);
	}
	if (json) {
		struct json j;
		json_init(&j, stdout, true);
		if (compare) {
			json_object_begin(&j);
			json_key(&j, "a");
			review_show_json(&j, &ss);
			json_key(&j, "b");
			review_show_json(&j, &other);
			json_object_end(&j);
		} else {
			review_show_json(&j, &ss);
		}
		json_newline(&j);
	} else if (compare) {
		print_compare(&ss, &other);
	} else {
		print_text(&ss);
	}
	session_release(&ss);
	if (compare)
		session_release(&other);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : EXIT_IOERR;
}
