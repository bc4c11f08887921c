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
