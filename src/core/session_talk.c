/* session_talk.c: a stored session's client talk, by replaying it on its
 * scenario (see session_talk.h). Pure. */
#include "core/session_talk.h"

#include <stdlib.h>
#include <string.h>

#include "core/dialogue.h"
#include "core/util.h"

static bool same(const char *stored, const char *said)
{
	/* NULL: not stored (an older record), nothing to check. */
	return !stored || !strcmp(stored, said ? said : "");
}

static const char *step_target(const struct scenario *sc, const struct dialogue_step *st)
{
	if (st->ending >= 0)
		return sc->endings[st->ending].id;
	return st->to_node >= 0 ? sc->nodes[st->to_node].id : "";
}

enum session_talk_result session_talk(const struct scenario *sc, const struct session *s, struct talk_summary *out)
{
	struct said_line opening[DIALOGUE_LINES_MAX];
	struct said_line (*lines)[DIALOGUE_LINES_MAX];
	struct talk_turn *turns;
	const struct said_line *said;
	struct dialogue d;
	size_t nopening;
	enum session_talk_result rc = SESSION_TALK_OK;

	memset(out, 0, sizeof *out);
	if (session_has_talk(s)) {
		session_talk_stored(s, out);
		return SESSION_TALK_OK;
	}
	if (!sc || sc->format < 2)
		return SESSION_TALK_UNLABELLED;
	lines = xcalloc(s->nturns + 1, sizeof *lines);
	turns = xcalloc(s->nturns + 1, sizeof *turns);
	dialogue_init(&d, sc, s->info.seed);
	said = dialogue_said(&d, &nopening);
	memcpy(opening, said, nopening * sizeof *opening);
	for (size_t i = 0; i < s->nturns && rc == SESSION_TALK_OK; i++) {
		const struct session_turn *t = &s->turns[i];
		struct dialogue_step st;

		if (dialogue_ended(&d) || !same(t->client_line, dialogue_line(&d))) {
			rc = SESSION_TALK_DIVERGED;
			break;
		}
		dialogue_feed(&d, &t->coded, t->reply, &st);
		if (!same(t->client_next, st.line) || !same(t->next_node, step_target(sc, &st))) {
			rc = SESSION_TALK_DIVERGED;
			break;
		}
		memcpy(lines[i], st.lines, st.nlines * sizeof st.lines[0]);
		turns[i] = (struct talk_turn){ .coded = &t->coded, .reply = t->reply, .after = lines[i], .nafter = st.nlines };
	}
	if (rc == SESSION_TALK_OK)
		talk_summarize(opening, nopening, turns, s->nturns, out);
	dialogue_release(&d);
	free(turns);
	free(lines);
	return rc;
}
