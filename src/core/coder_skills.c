/* coder_skills.c: the four skill ratings of a coded reply (empathy,
 * reflection, discrepancy, self-efficacy; 0-4, anchors in docs/scoring.md)
 * read against the client's words, and the one-line tip. */
#include "coder_int.h"

#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "core/util.h"

static int clamp4(int x)
{
	return x < 0 ? 0 : x > 4 ? 4 : x;
}

/* What the skill ratings read off a coded reply. */
struct skill_facts {
	unsigned codes;
	bool refl, complex, bad, feeling, values, gap, two_sided, tracks, themed, empty, client_spoke;
	bool behaviour;   /* names a behaviour (drinking, the cans) or a theme of the scenario */
	size_t overlap;
};

/* Double-sided: two sides named ("on one hand... on the other hand"), or
 * one side marker with a contrast ("part of you..., but..."). */
static bool double_sided(const struct reply_view *v)
{
	static const char *const contrasts[] = { "but", "yet", "although", "though", "while", "however" };
	int sides = 0;
	bool contrast = false;

	for (size_t i = 0; i < v->nhits; i++) {
		const char *pat = cue_rule_at(v->hits[i].rule)->pattern;
		if (strstr(pat, "hand") || strstr(pat, "part of you") || strstr(pat, "same time"))
			sides++;
	}
	for (size_t i = 0; i < v->ntok && !contrast; i++)
		for (size_t k = 0; k < ARRAY_SIZE(contrasts) && !contrast; k++)
			contrast = word_eq(v->tok[i].word, contrasts[k]);
	return sides >= 2 || (sides == 1 && contrast);
}

static void skill_facts_read(const struct reply_view *v, const struct coder_context *ctx, unsigned codes,
			     struct skill_facts *f)
{
	size_t content = 0;

	f->codes = codes;
	f->refl = codes & (CODE_BIT(CODE_SR) | CODE_BIT(CODE_CR));
	f->complex = codes & CODE_BIT(CODE_CR);
	f->bad = codes & (CODE_BIT(CODE_CONF) | CODE_BIT(CODE_PERS));
	f->feeling = mentions_any(v, LEX_FEELING);
	f->values = mentions_any(v, LEX_VALUE);
	f->gap = mentions_any(v, LEX_GAP);
	f->two_sided = double_sided(v);
	f->overlap = coder_overlap(v, ctx ? ctx->client_last : NULL, &content);
	f->tracks = f->overlap >= 1 && (content == 0 || f->overlap * 4 >= content);
	f->themed = ctx && ctx->themes && ctx->nthemes &&
		text_mentions(v->text, (char *const *)ctx->themes, ctx->nthemes);
	f->behaviour = mentions_any(v, LEX_BEHAVIOUR) || f->themed;
	f->empty = !v->ntok;
	f->client_spoke = ctx && ctx->client_last && *ctx->client_last;
}

/* empathy: understanding the client's view and feelings */
static int rate_empathy(const struct skill_facts *f)
{
	int e = 1;

	if (f->refl)
		e = f->complex ? 3 : 2;
	if (f->refl && (f->feeling || f->tracks))
		e++;
	if (!f->refl && f->feeling && !f->bad)
		e = 2;
	if (f->codes & (CODE_BIT(CODE_AF) | CODE_BIT(CODE_AUTO)))
		e = e < 2 ? 2 : e;
	if (f->codes & CODE_BIT(CODE_OQ) && f->tracks && e < 2)
		e = 2;
	if (f->codes & CODE_BIT(CODE_PERS))
		e = e > 1 ? 1 : e;
	if (f->codes & CODE_BIT(CODE_CONF))
		e = 0;
	if (f->empty)
		e = 0;
	return e;
}

/* reflection: the quality of the reflective listening */
static int rate_reflection(const struct skill_facts *f)
{
	int r = 0;

	if (f->refl) {
		r = f->complex ? 3 : 2;
		if (f->tracks)
			r++;
		else if (f->client_spoke && f->overlap == 0)
			r--; /* a "reflection" of nothing the client said */
		if (f->two_sided)
			r = 4;
	} else if (f->tracks && (f->codes & CODE_BIT(CODE_OQ))) {
		r = 1;
	}
	/* A reflection that is then argued with ("I get that, but you need to
	 * stop") is taken back. */
	if (f->bad)
		r = r > 1 ? 1 : r;
	return r;
}

/* discrepancy: the gap between values and behaviour, evoked not argued */
static int rate_discrepancy(const struct skill_facts *f)
{
	bool evokes = f->refl || (f->codes & CODE_BIT(CODE_OQ));
	int d = 0;

	if (f->two_sided)
		d = 4;
	else if (f->values && (f->gap || f->behaviour) && evokes)
		d = 3; /* a value set beside the behaviour, in plain words */
	else if (f->values && evokes)
		d = 2;
	else if (f->values || (f->gap && f->refl))
		d = 1;
	if (f->themed && d && d < 3 && !f->bad)
		d++;
	if (f->bad)
		d = d > 1 ? 1 : d;
	return d;
}

/* self-efficacy: belief that change is possible */
static int rate_self_efficacy(const struct reply_view *v, const struct skill_facts *f)
{
	int s = 0;

	if (f->codes & CODE_BIT(CODE_AF)) {
		s = 2;
		if (mentions_any(v, LEX_STRENGTH))
			s++;
		if (mentions_any(v, LEX_PAST))
			s++;
	} else if (mentions_any(v, LEX_STRENGTH) &&
		   (f->codes & (CODE_BIT(CODE_OQ) | CODE_BIT(CODE_CR) | CODE_BIT(CODE_SR)))) {
		s = 2;
		if (mentions_any(v, LEX_PAST))
			s++;
	} else if (f->codes & CODE_BIT(CODE_AUTO)) {
		s = 1;
	}
	if (f->codes & CODE_BIT(CODE_CONF))
		s = 0;
	else if (f->codes & CODE_BIT(CODE_PERS))
		s = s > 1 ? 1 : s;
	return s;
}

void coder_rate_skills(const struct reply_view *v, const struct coder_context *ctx, struct coded_reply *out)
{
	struct skill_facts f;

	skill_facts_read(v, ctx, out->codes, &f);
	out->skills[SKILL_EMPATHY] = clamp4(rate_empathy(&f));
	out->skills[SKILL_REFLECTION] = clamp4(rate_reflection(&f));
	out->skills[SKILL_DISCREPANCY] = clamp4(rate_discrepancy(&f));
	out->skills[SKILL_SELF_EFFICACY] = clamp4(rate_self_efficacy(v, &f));
}

/* The reflection a tip offers for the feeling a reply told the client not
 * to have: the feeling word itself ("you don't need to feel guilty" ->
 * 'You feel guilty about it.'), worry, or being down on oneself ("don't
 * beat yourself up", "no need to feel like a failure"). */
static void feeling_reflected(const struct reply_view *v, char *out, size_t n)
{
	static const char *const fret[] = { "worry", "panic", "stress", "fret", "dwell", "worrying", "panicking",
					    "stressing", "fretting", "dwelling", "nervous", "anxious", "scared" };
	size_t last = v->ntok;

	for (size_t i = 0; i < v->ntok; i++)
		if (v->tok[i].start >= v->rights_start && v->tok[i].start + v->tok[i].len <= v->rights_start + v->rights_len)
			last = i;
	if (last < v->ntok && word_in(v, last, fret, ARRAY_SIZE(fret)))
		snprintf(out, n, "'It's really worrying you.'");
	else if (last < v->ntok && (v->lex[last] & LEX_FEELING) && strlen(v->tok[last].word) < 32)
		snprintf(out, n, "'You feel %s about it.'", v->tok[last].word);
	else
		snprintf(out, n, "'You're really down on yourself about it.'");
}

/* The tip for a non-adherent reply: what it did, and what to do instead.
 * Persuasion that advises nothing (no order, no "you should", "I would",
 * no advice put as a question or recommendation) argues or warns
 * ("skipping tablets is how people end up with a stroke", "his smoke is
 * still going in your lungs"), and its tip is about arguing, not
 * unasked-for advice. */
static const char *nonadherent_tip(const struct reply_view *v, const struct coded_reply *out)
{
	static const char *const advice_words[] = { "best", "better", "try", "suggest", "recommend", "idea", "need" };
	bool orders = false, but = false, advises = false;

	for (size_t c = 0; c < v->nclause; c++) {
		const struct clause *cl = &v->clause[c];

		orders |= cl->mood == MOOD_IMPERATIVE;
		but |= cl->after_but;
		advises |= (cl->subject == SUBJ_YOU || cl->subject == SUBJ_I || cl->subject == SUBJ_WE) && cl->modal != 0;
	}
	advises |= v->rights_kind == RIGHTS_ADVICE_QUESTION || v->rights_kind == RIGHTS_RECOMMENDS ||
		   v->rights_kind == RIGHTS_SUGGESTS || v->rights_kind == RIGHTS_NEEDS;
	if (v->rights_kind == RIGHTS_SUGGESTS) /* "maybe try the gum": advice, softened */
		orders = false;
	for (size_t i = 0; i < v->ntok && !advises; i++)
		advises = word_in(v, i, advice_words, ARRAY_SIZE(advice_words));
	if (but && (out->codes & (CODE_BIT(CODE_SR) | CODE_BIT(CODE_CR))))
		return "The 'but' takes back the reflection: stop after it, or join the two sides with 'and'.";
	if (out->primary == CODE_CONF)
		return "Confrontation raises resistance: reflect what you heard instead, e.g. 'It's frustrating to be "
		       "told...'";
	if (v->rights_kind == RIGHTS_FEELINGS && out->primary == CODE_PERS)
		return "Telling someone how to feel invites them to defend the feeling: reflect it instead, e.g. ";
	if (orders)
		return "An order invites pushback: ask what they think would help, or ask permission before suggesting.";
	if (!advises && out->primary == CODE_PERS)
		return "Arguing or warning invites the client to defend the other side: ask what they know or think "
		       "first, or ask permission before giving your view.";
	return "Unasked-for advice: ask first ('Would it be OK if I shared an idea?') or ask what they think would "
	       "help.";
}

/* The tip for an affirmation: [names a real strength][goes on to ask]. */
static const char *const affirm_tips[2][2] = {
	{ "Affirmation: name the specific strength or effort, e.g. 'You kept at it even when it was hard.'",
	  "Affirmation, then a question: good; name the strength itself next time, e.g. 'You kept at it even when it "
	  "was hard.'" },
	{ "Affirmation of a real strength: good; ask how they did it, so they say it in their words.",
	  "Affirmation of a real strength, then a question: good; reflect what they tell you." },
};

void coder_choose_tip(const struct reply_view *v, const struct coder_context *ctx, struct coded_reply *out)
{
	const char *tip;
	bool asked_before = ctx && ctx->practitioner_last && strchr(ctx->practitioner_last, '?');
	bool reflects = out->codes & (CODE_BIT(CODE_SR) | CODE_BIT(CODE_CR));
	bool asks = out->codes & (CODE_BIT(CODE_OQ) | CODE_BIT(CODE_CQ));
	bool feeling = mentions_any(v, LEX_FEELING);

	switch (out->primary) {
	case CODE_CONF:
	case CODE_PERS:
		tip = nonadherent_tip(v, out);
		break;
	case CODE_PWP:
		tip = asks ? "Advice with permission, then a question: good; listen to what they make of it."
			   : "Advice with permission: good; then ask what they make of it ('How does that fit for you?').";
		break;
	case CODE_GI:
		tip = asks ? "Information, then a question about it: good; reflect what they make of it."
			   : "Information: keep it short, then ask what they make of it ('What do you think of that?').";
		break;
	case CODE_CQ:
		tip = reflects ? "Reflection, then a closed question: good; an open one would invite more, e.g. 'What "
				 "worries you about...?'"
		      : asked_before ? "Two questions in a row: reflect what you heard before asking again."
				     : "Closed question: try an open one, e.g. 'What worries you about...?'";
		break;
	case CODE_OQ:
		tip = reflects ? "Reflection, then an open question: good; reflect the answer before the next question."
		      : asked_before ? "Two questions in a row: try a reflection first so it doesn't feel like an interview."
				     : "Open question: good; follow the answer with a reflection.";
		break;
	case CODE_SR:
		tip = asks ? "Reflection, then a question: good; try the reflection alone sometimes and let them go on."
		      : feeling ? "Simple reflection: good; to deepen it, add what it means to them, e.g. '...because "
				  "your family matters to you.'"
			: "Simple reflection: add a feeling or meaning to deepen it, e.g. '...and that worries you.'";
		break;
	case CODE_CR:
		tip = out->skills[SKILL_DISCREPANCY] >= 4
			? "Complex reflection that shows both sides: end on the change side and pause."
			: asks ? "Complex reflection, then a question: good; the reflection alone often invites more."
			       : "Complex reflection: good; pause and let the client take it further.";
		break;
	case CODE_AF:
		tip = affirm_tips[out->skills[SKILL_SELF_EFFICACY] >= 3][asks];
		break;
	case CODE_SEEK:
		tip = "Seeking collaboration: good; follow through on what they choose.";
		break;
	case CODE_AUTO:
		tip = asks ? "Autonomy and a question: good; reflect what they choose."
			   : "Autonomy: good; pair it with a question about what they want to do.";
		break;
	default:
		tip = v->ntok ? "Try a reflection of the client's last words, e.g. 'It sounds like...'"
			      : "Say something: a reflection of the client's words is a good start.";
		break;
	}
	char example[64] = "";
	if (v->rights_kind == RIGHTS_FEELINGS && out->primary == CODE_PERS)
		feeling_reflected(v, example, sizeof example);
	snprintf(out->tip, sizeof out->tip, "%s%s", tip, example);
}
