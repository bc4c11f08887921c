/* summary.c: MITI 4.2.1 session summary scores from coded replies.
 * The counts and the two ratios are MITI's own; the four global ratings are
 * estimates from the codes and skills (MITI's raters judge the whole session
 * on a 1-5 scale; docs/scoring.md gives the formulas and their limits).
 * Thresholds ("expert opinion", MITI 4.2.1 p. 27): R:Q fair 1, good 2;
 * %CR fair 40, good 50; technical fair 3, good 4; relational fair 3.5, good 4. */
#include "core/summary.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

static double clamp15(double x)
{
	return x < 1.0 ? 1.0 : x > 5.0 ? 5.0 : x;
}

static enum rating_band band(double x, double fair, double good)
{
	return x >= good ? BAND_GOOD : x >= fair ? BAND_FAIR : BAND_BELOW;
}

/* Which replies a skill is rated over in a session: the replies where it
 * is called for. Every reply shows empathy or its lack. Reflection is rated
 * over the reflections and the MI-non-adherent replies (where the reply
 * argued instead of listening); discrepancy over those and the open
 * questions; self-efficacy over those and affirmations and autonomy. So a
 * permission request, a closed question or plain information neither lifts
 * nor drags a session's reflection, discrepancy or self-efficacy score, and
 * a session that argued scores low however few its reflections. */
bool skill_applies(const struct coded_reply *r, enum mi_skill s)
{
	unsigned refl = CODE_BIT(CODE_SR) | CODE_BIT(CODE_CR);
	bool base = (r->codes & refl) || r->nonadherent;

	switch (s) {
	case SKILL_EMPATHY:
		return true;
	case SKILL_REFLECTION:
		return base;
	case SKILL_DISCREPANCY:
		return base || (r->codes & CODE_BIT(CODE_OQ));
	default:
		return base || (r->codes & (CODE_BIT(CODE_OQ) | CODE_BIT(CODE_AF) | CODE_BIT(CODE_AUTO)));
	}
}

void summary_compute(const struct coded_reply *replies, size_t n, struct summary *out)
{
	double skill_sum[SKILL_COUNT] = {0};
	size_t skill_n[SKILL_COUNT] = {0};
	double all_sum[SKILL_COUNT] = {0}; /* over every reply: the global ratings' scale */
	double rate[CODE_COUNT];
	double nonadh, reflect, mean[SKILL_COUNT];

	memset(out, 0, sizeof *out);
	out->replies = n;
	for (size_t i = 0; i < n; i++) {
		for (int k = 0; k < CODE_COUNT; k++)
			if (replies[i].codes & CODE_BIT(k))
				out->count[k]++;
		for (int s = 0; s < SKILL_COUNT; s++) {
			all_sum[s] += replies[i].skills[s];
			if (skill_applies(&replies[i], (enum mi_skill)s)) {
				skill_sum[s] += replies[i].skills[s];
				skill_n[s]++;
			}
		}
	}
	out->questions = out->count[CODE_OQ] + out->count[CODE_CQ];
	out->reflections = out->count[CODE_SR] + out->count[CODE_CR];
	out->rq_ratio = out->questions ? (double)out->reflections / (double)out->questions : -1.0;
	out->pct_complex = out->reflections ? 100.0 * (double)out->count[CODE_CR] / (double)out->reflections : -1.0;
	out->adherent = out->count[CODE_SEEK] + out->count[CODE_AF] + out->count[CODE_AUTO];
	out->nonadherent = out->count[CODE_PERS] + out->count[CODE_CONF];

	for (int k = 0; k < CODE_COUNT; k++)
		rate[k] = n ? (double)out->count[k] / (double)n : 0.0;
	for (int s = 0; s < SKILL_COUNT; s++) {
		mean[s] = n ? all_sum[s] / (double)n : 0.0;
		out->skill_score[s] = (int)lround((skill_n[s] ? skill_sum[s] / (double)skill_n[s] : 0.0) * 25.0);
	}
	nonadh = rate[CODE_PERS] + 2.0 * rate[CODE_CONF];
	reflect = rate[CODE_SR] + rate[CODE_CR];

	if (n) {
		/* Cultivating change talk: evoking (open questions, complex reflections,
		 * affirmations) and pointing at the gap; the righting reflex costs. */
		out->global_cultivating = clamp15(1.0 + 4.0 * (0.8 * rate[CODE_CR] + 0.5 * rate[CODE_OQ] + 0.4 * rate[CODE_AF] +
							    0.3 * rate[CODE_SEEK]) + 0.5 * mean[SKILL_DISCREPANCY] +
						  0.3 * mean[SKILL_SELF_EFFICACY] - 4.0 * nonadh);
		/* Softening sustain talk: reflecting and emphasizing autonomy rather than arguing. */
		out->global_softening = clamp15(1.5 + 3.0 * reflect + 2.0 * rate[CODE_CR] + 2.0 * rate[CODE_AUTO] +
						1.0 * rate[CODE_AF] - 5.0 * nonadh - 0.5 * rate[CODE_CQ]);
		/* Partnership: sharing power. */
		out->global_partnership = clamp15(1.5 + 3.0 * (rate[CODE_SEEK] + rate[CODE_AUTO] + rate[CODE_PWP]) +
						  1.5 * rate[CODE_OQ] + 1.5 * reflect + 1.0 * rate[CODE_AF] - 5.0 * nonadh -
						  1.0 * rate[CODE_CQ]);
		/* Empathy: the mean empathy skill, lifted by complex reflections. */
		out->global_empathy = clamp15(1.0 + mean[SKILL_EMPATHY] + 0.5 * rate[CODE_CR] - 2.0 * rate[CODE_CONF]);
	} else {
		out->global_cultivating = out->global_softening = 1.0;
		out->global_partnership = out->global_empathy = 1.0;
	}
	out->technical = (out->global_cultivating + out->global_softening) / 2.0;
	out->relational = (out->global_partnership + out->global_empathy) / 2.0;

	if (out->questions)
		out->rq_band = band(out->rq_ratio, 1.0, 2.0);
	else
		out->rq_band = out->reflections ? BAND_GOOD : BAND_BELOW;
	out->complex_band = out->reflections ? band(out->pct_complex, 40.0, 50.0) : BAND_BELOW;
	out->technical_band = band(out->technical, 3.0, 4.0);
	out->relational_band = band(out->relational, 3.5, 4.0);
}

const char *band_name(enum rating_band b)
{
	switch (b) {
	case BAND_GOOD:
		return "good";
	case BAND_FAIR:
		return "fair";
	default:
		return "below fair";
	}
}
