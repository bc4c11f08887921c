/* client_talk.c: the client's talk over a session (client_talk.h). Pure. */
#include "core/client_talk.h"

#include <stdlib.h>
#include <string.h>

#include "core/client_moves.h"
#include "core/text.h"
#include "core/util.h"

bool talk_has_change(const struct said_line *lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (lines[i].talk == TALK_CHANGE)
			return true;
	return false;
}

/* "tell me more about that", "what else", "how would it work": a question
 * that points back at what the client just said. */
static bool points_back(const char *reply)
{
	static char *const back[] = { "that", "this", "it", "more", "else", "those" };

	return text_mentions(reply, back, ARRAY_SIZE(back));
}

bool talk_reply_responds(const struct coded_reply *cr, const char *reply, const struct said_line *lines, size_t n)
{
	unsigned responds = CODE_BIT(CODE_SR) | CODE_BIT(CODE_CR) | CODE_BIT(CODE_AF);

	if (cr->codes & responds)
		return true;
	if (!(cr->codes & (CODE_BIT(CODE_OQ) | CODE_BIT(CODE_CQ))))
		return false;
	if (points_back(reply ? reply : ""))
		return true;
	for (size_t i = 0; i < n; i++)
		if (lines[i].talk == TALK_CHANGE && reply_overlap(reply, lines[i].text) > 0)
			return true;
	return false;
}

void talk_summarize(const struct said_line *opening, size_t nopening, const struct talk_turn *turns, size_t n,
		    struct talk_summary *out)
{
	memset(out, 0, sizeof *out);
	out->missed_turn = xcalloc(n + 1, sizeof *out->missed_turn);
	for (size_t i = 0; i < n; i++) {
		const struct said_line *before = i ? turns[i - 1].after : opening;
		size_t nbefore = i ? turns[i - 1].nafter : nopening;

		if (talk_has_change(before, nbefore)) {
			out->after_change++;
			if (!talk_reply_responds(turns[i].coded, turns[i].reply, before, nbefore))
				out->missed_turn[out->missed++] = (int)i + 1;
		}
		for (size_t k = 0; k < turns[i].nafter; k++) {
			const struct said_line *l = &turns[i].after[k];
			size_t kind = (unsigned)l->kind < KIND_COUNT ? (size_t)l->kind : KIND_NONE;

			switch (l->talk) {
			case TALK_CHANGE: out->change++, out->change_kind[kind]++; break;
			case TALK_SUSTAIN: out->sustain++, out->sustain_kind[kind]++; break;
			case TALK_NEUTRAL: out->neutral++; break;
			case TALK_UNLABELLED: out->unlabelled++; break;
			}
		}
	}
	out->ratio = out->sustain ? (double)out->change / (double)out->sustain : -1;
	out->pct_change = out->change + out->sustain
				  ? 100.0 * (double)out->change / (double)(out->change + out->sustain) : -1;
}

void talk_summary_release(struct talk_summary *t)
{
	free(t->missed_turn);
	t->missed_turn = NULL;
}
