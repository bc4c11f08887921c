/* feedback.c: coded replies and session summaries as readable text. */
#include "core/feedback.h"

#include <stdlib.h>
#include <string.h>


void feedback_format_reply(struct strbuf *sb, const char *reply, const struct coded_reply *cr)
{
	strbuf_addf(sb, "  Coded: %s (%s)", code_name(cr->primary), code_long_name(cr->primary));
	for (int c = 0; c < CODE_COUNT; c++)
		if ((cr->codes & CODE_BIT(c)) && c != (int)cr->primary)
			strbuf_addf(sb, ", %s", code_name((enum mi_code)c));
	if (cr->nonadherent)
		strbuf_adds(sb, "; MI-non-adherent");
	strbuf_adds(sb, "\n  Skills:");
	for (int k = 0; k < SKILL_COUNT; k++)
		strbuf_addf(sb, " %s %d/4%s", skill_label((enum mi_skill)k), cr->skills[k], k + 1 < SKILL_COUNT ? "," : "");
	strbuf_adds(sb, "\n");
	if (cr->ncues) {
		strbuf_adds(sb, "  Why:");
		size_t rlen = strlen(reply);
		for (size_t i = 0; i < cr->ncues; i++) {
			const struct cue *cu = &cr->cues[i];
			if (cu->start > rlen || cu->len > rlen - cu->start)
				continue;
			char *words = xstrndup(reply + cu->start, cu->len);
			strbuf_addf(sb, "%s %s \"", i ? ";" : "", code_name(cu->code));
			strbuf_add_inert(sb, words);
			strbuf_adds(sb, "\"");
			free(words);
		}
		strbuf_adds(sb, "\n");
	}
	strbuf_adds(sb, "  Tip: ");
	strbuf_add_inert(sb, cr->tip);
	strbuf_adds(sb, "\n");
}

void feedback_format_summary(struct strbuf *sb, const struct summary *s)
{
	strbuf_addf(sb, "  Replies: %zu (questions %zu, reflections %zu)\n",
		    s->replies, s->questions, s->reflections);
	if (s->rq_ratio < 0)
		strbuf_adds(sb, "  Reflection-to-question ratio: no questions asked (fair 1:1, good 2:1)\n");
	else
		strbuf_addf(sb, "  Reflection-to-question ratio: %.1f:1, %s (fair 1:1, good 2:1)\n",
			    s->rq_ratio, band_name(s->rq_band));
	if (s->pct_complex < 0)
		strbuf_adds(sb, "  Complex reflections: no reflections (fair 40%, good 50%)\n");
	else
		strbuf_addf(sb, "  Complex reflections: %.0f%%, %s (fair 40%%, good 50%%)\n",
			    s->pct_complex, band_name(s->complex_band));
	strbuf_addf(sb, "  MI-adherent (affirm, seek, autonomy): %zu; MI-non-adherent (persuade, confront): %zu\n",
		    s->adherent, s->nonadherent);
	strbuf_addf(sb, "  Global ratings (1-5): cultivating change talk %.1f, softening sustain talk %.1f,"
		    " partnership %.1f, empathy %.1f\n", s->global_cultivating, s->global_softening,
		    s->global_partnership, s->global_empathy);
	strbuf_addf(sb, "  Technical %.1f, %s (fair 3, good 4); relational %.1f, %s (fair 3.5, good 4)\n",
		    s->technical, band_name(s->technical_band), s->relational, band_name(s->relational_band));
	strbuf_adds(sb, "  Skill scores (0-100):");
	for (int k = 0; k < SKILL_COUNT; k++)
		strbuf_addf(sb, " %s %d%s", skill_label((enum mi_skill)k), s->skill_score[k], k + 1 < SKILL_COUNT ? "," : "");
	strbuf_adds(sb, "\n");
}

/* " (desire 2, ability 1)": the kinds given, in DARN-CAT order. */
static void kinds_add(struct strbuf *sb, const size_t *count)
{
	bool any = false;

	for (size_t k = 1; k < KIND_COUNT; k++) {
		if (!count[k])
			continue;
		strbuf_addf(sb, "%s%s %zu", any ? ", " : " (", talk_kind_name((enum talk_kind)k), count[k]);
		any = true;
	}
	if (any)
		strbuf_adds(sb, ")");
}

void feedback_format_talk(struct strbuf *sb, const struct talk_summary *t)
{
	strbuf_addf(sb, "  Client talk evoked (the scenario's labels): change %zu", t->change);
	kinds_add(sb, t->change_kind);
	strbuf_addf(sb, ", sustain %zu", t->sustain);
	kinds_add(sb, t->sustain_kind);
	if (t->ratio >= 0)
		strbuf_addf(sb, "; %.1f change to 1 sustain (%.0f%% change)", t->ratio, t->pct_change);
	else if (t->change)
		strbuf_adds(sb, "; no sustain talk");
	strbuf_addf(sb, "; neutral %zu\n", t->neutral);
	if (!t->after_change) {
		strbuf_adds(sb, "  Missed change talk: none (no reply came after change talk)\n");
		return;
	}
	if (!t->missed) {
		if (t->after_change == 1)
			strbuf_adds(sb, "  Missed change talk: none; the reply after change talk reflected, affirmed or "
				    "asked about it\n");
		else
			strbuf_addf(sb, "  Missed change talk: none; each of the %zu replies after change talk "
				    "reflected, affirmed or asked about it\n", t->after_change);
		return;
	}
	strbuf_addf(sb, "  Missed change talk: %zu of %zu %s after change talk (%s", t->missed, t->after_change,
		    t->after_change == 1 ? "reply" : "replies", t->missed == 1 ? "reply" : "replies");
	for (size_t i = 0; i < t->missed; i++)
		strbuf_addf(sb, "%s %d", i ? "," : "", t->missed_turn[i]);
	strbuf_adds(sb, ") neither reflected, affirmed nor asked about it\n");
}

bool feedback_talk_mark(struct strbuf *sb, const struct said_line *l, size_t n)
{
	bool seen[KIND_COUNT] = {0}, any = false;

	if (!talk_has_change(l, n))
		return false;
	strbuf_adds(sb, "change talk");
	for (size_t i = 0; i < n; i++) {
		size_t k = (unsigned)l[i].kind < KIND_COUNT ? (size_t)l[i].kind : KIND_NONE;
		if (l[i].talk != TALK_CHANGE || k == KIND_NONE || seen[k])
			continue;
		strbuf_addf(sb, "%s%s", any ? ", " : " (", talk_kind_name((enum talk_kind)k));
		seen[k] = any = true;
	}
	strbuf_adds(sb, any ? "): reflect it" : ": reflect it");
	return true;
}
