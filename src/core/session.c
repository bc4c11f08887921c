/* session.c: the session record (see session.h): building, copying and
 * releasing it, and what is computed from it. */
#include "core/session.h"

#include <stdlib.h>
#include <string.h>

#include "core/client_talk.h"
#include "core/util.h"

void session_info_release(struct session_info *si)
{
	free(si->uid);
	free(si->user);
	free(si->scenario_id);
	free(si->scenario_title);
	free(si->pack_id);
	free(si->pack_title);
	free(si->pack_version);
	free(si->coder_version);
	free(si->mode);
	free(si->started);
	free(si->ended);
	free(si->outcome);
	free(si->assignment_uid);
	memset(si, 0, sizeof *si);
}

void session_turn_release(struct session_turn *t)
{
	free(t->node_id);
	free(t->client_line);
	free(t->reply);
	for (size_t m = 0; m < t->nmeters; m++)
		free(t->meter_ids[m]);
	free(t->meter_ids);
	free(t->meters);
	free(t->next_node);
	free(t->client_next);
	free(t->at);
	for (size_t i = 0; i < t->nlines; i++) {
		free(t->lines[i].text);
		free(t->lines[i].thought);
	}
	free(t->lines);
	for (size_t i = 0; i < t->nopening; i++) {
		free(t->opening[i].text);
		free(t->opening[i].thought);
	}
	free(t->opening);
	free(t->thought);
	memset(t, 0, sizeof *t);
}

void session_note_release(struct session_note *n)
{
	free(n->uid);
	free(n->session_uid);
	free(n->author);
	free(n->text);
	free(n->created);
	memset(n, 0, sizeof *n);
}

void session_notes_free(struct session_note *notes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		session_note_release(&notes[i]);
	free(notes);
}

void session_release(struct session *s)
{
	session_info_release(&s->info);
	for (size_t i = 0; i < s->nturns; i++)
		session_turn_release(&s->turns[i]);
	free(s->turns);
	session_notes_free(s->notes, s->nnotes);
	free(s->retries);
	memset(s, 0, sizeof *s);
}

void session_list_release(struct session_list *sl)
{
	for (size_t i = 0; i < sl->n; i++)
		session_info_release(&sl->items[i]);
	free(sl->items);
	memset(sl, 0, sizeof *sl);
}

struct session_turn *session_turn_add(struct session *s)
{
	struct session_turn *t;

	ALLOC_GROW(s->turns, s->nturns + 1, s->turns_alloc);
	t = &s->turns[s->nturns++];
	memset(t, 0, sizeof *t);
	t->index = (int)s->nturns;
	return t;
}

void session_turn_add_meter(struct session_turn *t, const char *id, int value)
{
	/* Exact sizes: a turn has a handful of meters, added once. */
	t->meter_ids = xrealloc(t->meter_ids, st_mult(t->nmeters + 1, sizeof *t->meter_ids));
	t->meters = xrealloc(t->meters, st_mult(t->nmeters + 1, sizeof *t->meters));
	t->meter_ids[t->nmeters] = xstrdup(id ? id : "");
	t->meters[t->nmeters++] = value;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void session_turn_add_line(struct session_turn *t, bool opening, const char *text, enum client_talk talk,
			   enum talk_kind kind, const char *thought)
{
	struct session_line **l = opening ? &t->opening : &t->lines;
	size_t *n = opening ? &t->nopening : &t->nlines;

	/* Exact sizes, as for the meters: a handful of lines, added once. */
	*l = xrealloc(*l, st_mult(*n + 1, sizeof **l));
	(*l)[*n] = (struct session_line){
		.text = xstrdup(text ? text : ""), .talk = talk, .kind = kind, .thought = dup_or_null(thought),
	};
	(*n)++;
}

void session_set(char **field, const char *v)
{
	char *copy = dup_or_null(v);

	free(*field);
	*field = copy;
}

void session_turn_copy(struct session_turn *dst, const struct session_turn *src)
{
	memset(dst, 0, sizeof *dst);
	dst->index = src->index;
	dst->node_id = dup_or_null(src->node_id);
	dst->client_line = dup_or_null(src->client_line);
	dst->reply = dup_or_null(src->reply);
	dst->coded = src->coded;
	for (size_t m = 0; m < src->nmeters; m++)
		session_turn_add_meter(dst, src->meter_ids[m], src->meters[m]);
	dst->next_node = dup_or_null(src->next_node);
	dst->client_next = dup_or_null(src->client_next);
	dst->at = dup_or_null(src->at);
	for (size_t i = 0; i < src->nopening; i++)
		session_turn_add_line(dst, true, src->opening[i].text, src->opening[i].talk, src->opening[i].kind,
				      src->opening[i].thought);
	for (size_t i = 0; i < src->nlines; i++)
		session_turn_add_line(dst, false, src->lines[i].text, src->lines[i].talk, src->lines[i].kind,
				      src->lines[i].thought);
	dst->thought = dup_or_null(src->thought);
}

struct session_note *session_note_add(struct session *s)
{
	struct session_note *n;

	ALLOC_GROW(s->notes, s->nnotes + 1, s->notes_alloc);
	n = &s->notes[s->nnotes++];
	memset(n, 0, sizeof *n);
	return n;
}

void session_retry_add(struct session *s, int64_t id)
{
	ALLOC_GROW(s->retries, s->nretries + 1, s->retries_alloc);
	s->retries[s->nretries++] = id;
}

void session_summary(const struct session *s, struct summary *sum)
{
	struct coded_reply *cr = xcalloc(s->nturns + 1, sizeof *cr);

	for (size_t i = 0; i < s->nturns; i++)
		cr[i] = s->turns[i].coded;
	summary_compute(cr, s->nturns, sum);
	free(cr);
}

static const char *const global_names[SESSION_GLOBALS] = { "cultivating", "softening", "partnership", "empathy" };

const char *session_global_name(size_t g)
{
	if (g >= SESSION_GLOBALS)
		BUG("global rating %zu", g);
	return global_names[g];
}

double *session_global(struct session_scores *sc, size_t g)
{
	double *v[SESSION_GLOBALS] = { &sc->global_cultivating, &sc->global_softening, &sc->global_partnership,
				       &sc->global_empathy };

	if (g >= SESSION_GLOBALS)
		BUG("global rating %zu", g);
	return v[g];
}

double session_global_value(const struct session_scores *sc, size_t g)
{
	switch (g) {
	case 0: return sc->global_cultivating;
	case 1: return sc->global_softening;
	case 2: return sc->global_partnership;
	case 3: return sc->global_empathy;
	}
	BUG("global rating %zu", g);
}

void session_scores_from_summary(struct session_scores *sc, const struct summary *sum)
{
	int total = 0;

	memset(sc, 0, sizeof *sc);
	sc->replies = (int)sum->replies;
	for (int k = 0; k < SKILL_COUNT; k++) {
		sc->skill[k] = sum->skill_score[k];
		total += sum->skill_score[k];
	}
	sc->overall = (total + SKILL_COUNT / 2) / SKILL_COUNT;
	sc->rq_ratio = sum->rq_ratio;
	sc->pct_complex = sum->pct_complex;
	sc->adherent = (int)sum->adherent;
	sc->nonadherent = (int)sum->nonadherent;
	sc->global_cultivating = sum->global_cultivating;
	sc->global_softening = sum->global_softening;
	sc->global_partnership = sum->global_partnership;
	sc->global_empathy = sum->global_empathy;
	sc->technical = sum->technical;
	sc->relational = sum->relational;
}

/* The record's lines as the talk summary reads them, into out (they point
 * into l); returns the next free slot. */
static struct said_line *said_lines(struct said_line *out, const struct session_line *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		*out++ = (struct said_line){
			.text = l[i].text, .talk = l[i].talk, .kind = l[i].kind, .thought = l[i].thought,
			.from = SAID_NODE, .move = -1,
		};
	return out;
}

void session_talk_stored(const struct session *s, struct talk_summary *out)
{
	struct talk_turn *turns = xcalloc(s->nturns + 1, sizeof *turns);
	struct said_line *all, *next;
	size_t total = s->nturns ? s->turns[0].nopening : 0, nopening = total;

	for (size_t i = 0; i < s->nturns; i++)
		total += s->turns[i].nlines;
	all = xcalloc(total + 1, sizeof *all);
	next = s->nturns ? said_lines(all, s->turns[0].opening, nopening) : all;
	for (size_t i = 0; i < s->nturns; i++) {
		turns[i] = (struct talk_turn){
			.coded = &s->turns[i].coded, .reply = s->turns[i].reply, .after = next,
			.nafter = s->turns[i].nlines,
		};
		next = said_lines(next, s->turns[i].lines, s->turns[i].nlines);
	}
	talk_summarize(all, nopening, turns, s->nturns, out);
	free(turns);
	free(all);
}

static bool lines_labelled(const struct session_line *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (l[i].talk != TALK_UNLABELLED)
			return true;
	return false;
}

bool session_has_talk(const struct session *s)
{
	for (size_t i = 0; i < s->nturns; i++)
		if (lines_labelled(s->turns[i].opening, s->turns[i].nopening) ||
		    lines_labelled(s->turns[i].lines, s->turns[i].nlines))
			return true;
	return false;
}

const char *session_lines_thought(const struct session_line *l, size_t n)
{
	for (size_t i = n; i-- > 0;)
		if (l[i].thought)
			return l[i].thought;
	return NULL;
}

void session_attempt(const struct session *s, struct attempt *a)
{
	const struct session_info *si = &s->info;

	memset(a, 0, sizeof *a);
	a->outcome = si->outcome;
	a->scored = si->has_scores;
	a->rq_ratio = si->has_scores ? si->scores.rq_ratio : -1;
	a->pct_complex = si->has_scores ? si->scores.pct_complex : -1;
	for (int k = 0; k < SKILL_COUNT; k++)
		a->skill[k] = si->scores.skill[k];
	a->overall = si->scores.overall;
	a->replies = si->scores.replies;
	for (size_t t = 0; t < s->nturns; t++)
		a->codes |= s->turns[t].coded.codes;
}

int64_t session_id_parse(const char *s)
{
	int64_t v = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v > 0 ? v : -1;
}

bool session_uid_valid(const char *s)
{
	size_t n = 0;

	if (!s)
		return false;
	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return false;
	return n == SESSION_UID_LEN;
}

bool session_outcome_valid(const char *s)
{
	static const char *const outcomes[] = { "success", "failure", "limit", "quit", "interrupted" };

	for (size_t i = 0; s && i < ARRAY_SIZE(outcomes); i++)
		if (!strcmp(s, outcomes[i]))
			return true;
	return false;
}

bool session_mode_valid(const char *s)
{
	return s && (!strcmp(s, "coach") || !strcmp(s, "exam"));
}
