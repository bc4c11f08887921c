/* coder.c: codes one practitioner reply. The learned model (coder_model.c)
 * says which of AnnoMI's main behaviours the reply is (reflection, question,
 * therapist input, other) and its subtype; the cue rules (coder_cues.c) find
 * the words that earn each code and add the codes the model does not predict
 * (AF, SEEK, AUTO, PERS, PWP, CONF); MITI 4.2.1's coding rules, below, pick
 * the primary and the other codes. Then coder_skills.c rates the four skills
 * and chooses a tip. Pure: no I/O. */
#include "core/coder.h"

#include <string.h>

#include "coder_int.h"
#include "core/util.h"

/* ---- names ---- */

#define MI_CODE_SHORT(e, s, l) s,
#define MI_CODE_LONG(e, s, l) l,
static const char *const code_short[] = { MI_CODES(MI_CODE_SHORT) };
static const char *const code_long[] = { MI_CODES(MI_CODE_LONG) };
#undef MI_CODE_SHORT
#undef MI_CODE_LONG

#define MI_SKILL_NAME(e, s, l) s,
#define MI_SKILL_LABEL(e, s, l) l,
static const char *const skill_names[] = { MI_SKILLS(MI_SKILL_NAME) };
static const char *const skill_labels[] = { MI_SKILLS(MI_SKILL_LABEL) };
#undef MI_SKILL_NAME
#undef MI_SKILL_LABEL

const char *code_name(enum mi_code c)
{
	return (unsigned)c < CODE_COUNT ? code_short[c] : "OTHER";
}

const char *code_long_name(enum mi_code c)
{
	return (unsigned)c < CODE_COUNT ? code_long[c] : "other";
}

static int ascii_casecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y || !x)
			return x - y;
	}
}

int code_parse(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < CODE_COUNT; i++)
		if (!ascii_casecmp(name, code_short[i]))
			return i;
	return -1;
}

const char *skill_name(enum mi_skill s)
{
	return (unsigned)s < SKILL_COUNT ? skill_names[s] : "unknown";
}

const char *skill_label(enum mi_skill s)
{
	return (unsigned)s < SKILL_COUNT ? skill_labels[s] : "unknown";
}

int skill_parse(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < SKILL_COUNT; i++)
		if (!ascii_casecmp(name, skill_names[i]))
			return i;
	return -1;
}

/* ---- the model's view ---- */

/* Decision thresholds on the model's probabilities, chosen by cross-validation
 * on AnnoMI (docs/scoring.md): complex needs a majority (when unsure, SR); a
 * reflection beside another primary needs 0.7 (0.5 cost presence accuracy on
 * AnnoMI and over-coded SR); an affirmation outranks a reflection whenever the
 * model gives "other" any chance; a statement the model leaves as "other" is a
 * reflection from 0.3; an impersonal statement is information from 0.2; a
 * question or a reflection is present beside the primary above PRESENT, and
 * GI and PWP cues count beside it when the model gives input CUE_INPUT. */
static const float COMPLEX_THRESHOLD = 0.5f;
static const float OPEN_THRESHOLD = 0.5f;
static const float PRESENT = 0.5f;
static const float SECOND_REFLECTION = 0.7f;
static const float AF_OVER_REFLECTION = 0.0f;
static const float OTHER_TO_REFLECTION = 0.3f;
static const float IMPERSONAL_INPUT = 0.2f;
static const float CUE_INPUT = 0.3f;
/* Practice corrections apply to statements of at least this many words. */
enum { INPUT_MIN_WORDS = 5, OTHER_MIN_WORDS = 4 };

/* Without a model (or for an empty reply): the cues alone decide the main class. */
static void guess_from_cues(const struct reply_view *v, const struct coder_context *ctx, float p[OUT_COUNT])
{
	size_t content = 0, overlap = coder_overlap(v, ctx ? ctx->client_last : NULL, &content);

	for (int i = 0; i < OUT_COUNT; i++)
		p[i] = 0.0f;
	if (has_hit(v, CODE_CONF)) {
		p[OUT_INPUT] = 1.0f;
	} else if (v->questions || has_hit(v, CODE_OQ)) {
		p[OUT_QUESTION] = 1.0f;
		p[OUT_HAS_QUESTION] = 1.0f;
	} else if ((has_hit(v, CODE_SR) || has_hit(v, CODE_CR) ||
		    (content && overlap * 2 >= content && v->ntok >= 4)) && second_person(v)) {
		p[OUT_REFLECTION] = 1.0f;
		p[OUT_HAS_REFLECTION] = 1.0f;
	} else if (has_hit(v, CODE_PERS) || has_hit(v, CODE_GI) || has_hit(v, CODE_CONF)) {
		p[OUT_INPUT] = 1.0f;
	} else {
		p[OUT_OTHER] = 1.0f;
	}
	p[OUT_COMPLEX] = has_hit(v, CODE_CR) ? 1.0f : 0.0f;
	p[OUT_OPEN] = has_hit(v, CODE_OQ) ? 1.0f : 0.0f;
	p[has_hit(v, CODE_PERS) ? OUT_ADVICE : OUT_INFO] = 1.0f;
}

static void model_probabilities(const struct coder *c, const struct reply_view *v, const struct coder_context *ctx,
				float p[OUT_COUNT])
{
	if (c && c->weights && v->ntok) {
		struct feature_set fs;
		coder_features(v, ctx, c->bits, &fs);
		coder_scores(c, &fs, p);
		coder_probabilities(p);
	} else {
		guess_from_cues(v, ctx, p);
	}
}

static int argmax(const float *p, int from, int to)
{
	int best = from;
	for (int i = from + 1; i < to; i++)
		if (p[i] > p[best])
			best = i;
	return best;
}

/* Reads like information: information words, or impersonal with a fair
 * chance of being input by the model. */
static bool reads_as_information(const struct reply_view *v, const float p[OUT_COUNT])
{
	return has_hit(v, CODE_GI) || (impersonal_statement(v) && p[OUT_INPUT] >= IMPERSONAL_INPUT);
}

/* The model's main class, with the two practice corrections: practice
 * replies are short and typed, further from the model's data. */
static int main_class_of(const struct reply_view *v, const struct coder_context *ctx, const float p[OUT_COUNT])
{
	int main_class = argmax(p, OUT_REFLECTION, OUT_OTHER + 1);

	/* A statement that never speaks to or about the client and has no
	 * reflection stem, but has words of information, is not a reflection but
	 * information about the world ("The liver test measures an enzyme..."). */
	if (main_class == OUT_REFLECTION && !v->questions && !second_person(v) && !has_hit(v, CODE_SR) &&
	    !has_hit(v, CODE_CR) && !has_hit(v, CODE_AF) && v->ntok >= INPUT_MIN_WORDS && reads_as_information(v, p))
		return OUT_INPUT;
	/* A statement the model leaves as "other" though it carries no
	 * affirming, autonomy or collaboration words is information when it has
	 * words of information and does not speak to the client, and a
	 * reflection when the model gives that a fair chance and the reply
	 * speaks to the client, echoes them or names a feeling. */
	if (main_class == OUT_OTHER && !v->questions && v->ntok >= OTHER_MIN_WORDS && !has_hit(v, CODE_AF) &&
	    !has_hit(v, CODE_SEEK) && !has_hit(v, CODE_AUTO)) {
		size_t content = 0;
		bool echoes = coder_overlap(v, ctx ? ctx->client_last : NULL, &content) > 0;
		if (reads_as_information(v, p) && !second_person(v))
			return OUT_INPUT;
		if (p[OUT_REFLECTION] >= OTHER_TO_REFLECTION &&
		    (second_person(v) || echoes || mentions_any(v, LEX_FEELING)))
			return OUT_REFLECTION;
	}
	return main_class;
}

/* The opener of the first question sentence, by its longest opener rule
 * ("how many" is closed, "how" open) of at least min_words words:
 * CODE_OQ, CODE_CQ, or -1. */
static int question_opener(const struct reply_view *v, size_t min_words)
{
	int best = -1;
	size_t best_len = 0;

	for (size_t i = 0; i < v->nhits; i++) {
		const struct cue_hit *h = &v->hits[i];
		if ((h->code != CODE_OQ && h->code != CODE_CQ) || !(cue_rule_at(h->rule)->flags & IN_Q) ||
		    cue_rule_words(h->rule) < min_words)
			continue;
		if (h->len > best_len) {
			best = (int)h->code;
			best_len = h->len;
		}
	}
	return best;
}

/* ---- MITI's rules ---- */

/* What the reply is deciding between, read once. */
struct decision {
	const struct reply_view *v;
	const struct coder_context *ctx;
	const float *p;
	int main_class;
	enum mi_code refl_code, q_code;
};

/* Persuasion is PWP when the client asked (client_asked), or the reply asks
 * permission or stresses autonomy; PERS otherwise. The one place for it. */
static enum mi_code persuasion_code(const struct decision *d)
{
	return has_hit(d->v, CODE_PWP) || has_hit(d->v, CODE_AUTO) || (d->ctx && d->ctx->client_asked) ? CODE_PWP
													  : CODE_PERS;
}

/* The primary the model's main class gives. */
static enum mi_code primary_of_class(const struct decision *d)
{
	const struct reply_view *v = d->v;

	switch (d->main_class) {
	case OUT_REFLECTION:
		return d->refl_code;
	case OUT_QUESTION:
		return d->q_code;
	case OUT_INPUT:
		/* Between GI and persuading, GI: advice needs advice words or the model's say. */
		if (argmax(d->p, OUT_INFO, OUT_OPTIONS + 1) == OUT_ADVICE || has_hit(v, CODE_PERS))
			return persuasion_code(d);
		return CODE_GI;
	default:
		if (has_hit(v, CODE_AF))
			return CODE_AF;
		if (has_hit(v, CODE_AUTO))
			return CODE_AUTO;
		if (has_hit(v, CODE_SEEK))
			return CODE_SEEK;
		return CODE_OTHER;
	}
}

/* MITI's precedence over the class's primary. */
static enum mi_code apply_precedence(struct decision *d, enum mi_code primary)
{
	const struct reply_view *v = d->v;

	/* Affirm outranks reflect (unless the model is sure it is only a
	 * reflection); autonomy, and advice, are what the reply does even when
	 * worded as a reflection. */
	if (d->main_class == OUT_REFLECTION && has_hit(v, CODE_AF) && d->p[OUT_OTHER] > AF_OVER_REFLECTION)
		primary = CODE_AF;
	if (d->main_class == OUT_REFLECTION && has_hit(v, CODE_AUTO))
		primary = CODE_AUTO;
	if ((d->main_class == OUT_REFLECTION || d->main_class == OUT_OTHER) && has_hit(v, CODE_PERS))
		primary = persuasion_code(d);
	/* Asking permission to say something is seeking collaboration, however
	 * it is worded ("Would it help if I told you...?", "May I...?"). */
	if ((primary == CODE_OQ || primary == CODE_CQ || primary == CODE_OTHER) && has_flagged_hit(v, PERMISSION)) {
		primary = CODE_SEEK;
		d->q_code = CODE_CQ; /* it asks yes or no */
	}
	/* A suggestion worded as a question is persuasion ("Why don't you...?"). */
	if ((primary == CODE_OQ || primary == CODE_CQ) && has_flagged_hit(v, SUGGEST))
		primary = persuasion_code(d);
	/* Confront outranks question, and what it is said with: a "reflection"
	 * that labels or shames confronts. */
	if (has_hit(v, CODE_CONF))
		primary = CODE_CONF;
	return primary;
}

/* Every code the reply carries besides the primary, each at most once. */
static unsigned codes_beside(const struct decision *d, enum mi_code primary)
{
	const struct reply_view *v = d->v;
	const float *p = d->p;
	unsigned codes = CODE_BIT(primary);
	float refl_needs = primary == CODE_SR || primary == CODE_CR ? PRESENT : SECOND_REFLECTION;

	/* A reflection beside another primary, except a simple one under an
	 * affirmation (affirm outranks reflect) and any under a confrontation
	 * (the "reflection" is what confronts). */
	if (p[OUT_HAS_REFLECTION] > refl_needs && primary != CODE_CONF &&
	    !(primary == CODE_AF && d->refl_code == CODE_SR))
		codes |= CODE_BIT(d->refl_code);
	if ((p[OUT_HAS_QUESTION] > PRESENT || (d->main_class == OUT_QUESTION && primary == CODE_CONF)) &&
	    !((primary == CODE_PERS || primary == CODE_PWP) && has_flagged_hit(v, SUGGEST)))
		codes |= CODE_BIT(d->q_code);
	for (size_t i = 0; i < v->nhits; i++) {
		enum mi_code k = v->hits[i].code;
		if (k == CODE_AF || k == CODE_SEEK || k == CODE_AUTO || k == CODE_CONF)
			codes |= CODE_BIT(k);
		if (k == CODE_PERS)
			codes |= CODE_BIT(persuasion_code(d));
		if (k == CODE_PWP && (p[OUT_INPUT] > CUE_INPUT || has_hit(v, CODE_PERS)))
			codes |= CODE_BIT(CODE_PWP);
		if (k == CODE_GI && p[OUT_INPUT] > CUE_INPUT && !(codes & CODE_BIT(CODE_PERS)))
			codes |= CODE_BIT(CODE_GI);
	}
	return codes;
}

/* MITI's "once per volley": one reflection (complex if any part is), one
 * question, OTHER only alone, and a primary that is one of the codes. */
static void settle_codes(struct coded_reply *out)
{
	static const enum mi_code order[] = { CODE_CONF, CODE_AF, CODE_AUTO, CODE_SEEK, CODE_PWP, CODE_PERS,
					      CODE_CR, CODE_SR, CODE_OQ, CODE_CQ, CODE_GI };

	if ((out->codes & CODE_BIT(CODE_SR)) && (out->codes & CODE_BIT(CODE_CR)))
		out->codes &= ~CODE_BIT(CODE_SR);
	if (out->primary == CODE_SR && (out->codes & CODE_BIT(CODE_CR)))
		out->primary = CODE_CR;
	if ((out->codes & CODE_BIT(CODE_OQ)) && (out->codes & CODE_BIT(CODE_CQ)))
		out->codes &= ~CODE_BIT(out->primary == CODE_CQ ? CODE_OQ : CODE_CQ);
	if (out->codes != CODE_BIT(CODE_OTHER))
		out->codes &= ~CODE_BIT(CODE_OTHER);
	if (out->primary == CODE_OTHER && out->codes != CODE_BIT(CODE_OTHER)) {
		/* The primary must be one of the codes: take the strongest cue. */
		for (size_t i = 0; i < ARRAY_SIZE(order); i++)
			if (out->codes & CODE_BIT(order[i])) {
				out->primary = order[i];
				break;
			}
	}
	out->nonadherent = (out->codes & (CODE_BIT(CODE_PERS) | CODE_BIT(CODE_CONF))) != 0;
}

/* ---- cues ---- */

/* Add a cue unless the code already has one at that place. */
static void add_cue(struct coded_reply *out, enum mi_code code, size_t start, size_t len)
{
	for (size_t i = 0; i < out->ncues; i++)
		if (out->cues[i].code == code && out->cues[i].start == start)
			return;
	if (out->ncues < CODER_MAX_CUES) {
		out->cues[out->ncues].code = code;
		out->cues[out->ncues].start = start;
		out->cues[out->ncues].len = len;
		out->ncues++;
	}
}

/* A cue of a code without its own rule: the rule of its sibling code. */
static const struct cue_hit *sibling_hit(const struct reply_view *v, enum mi_code k)
{
	switch (k) {
	case CODE_CR: return first_hit(v, CODE_SR);
	case CODE_SR: return first_hit(v, CODE_CR);
	case CODE_OQ: return first_hit(v, CODE_CQ);
	case CODE_CQ: return first_hit(v, CODE_OQ);
	case CODE_PWP: return first_hit(v, CODE_PERS);
	case CODE_PERS: return first_hit(v, CODE_PWP);
	default: return NULL;
	}
}

/* The words that earned code k. */
static void add_code_cue(const struct reply_view *v, const struct coder_context *ctx, enum mi_code k,
			 struct coded_reply *out)
{
	const struct cue_hit *h = first_hit(v, k);
	size_t start, len;

	if (k == CODE_CR) {
		/* The reflection's stem ("it sounds like") first, then what made it
		 * complex ("you're scared"). */
		const struct cue_hit *stem = earliest_reflection_hit(v);
		if (stem && h && stem != h) {
			add_cue(out, CODE_CR, stem->start, stem->len);
			if (stem->start + stem->len > h->start && h->start + h->len > stem->start)
				return; /* they overlap: the stem says it */
		}
	}
	if (!h)
		h = sibling_hit(v, k);
	if (h) {
		add_cue(out, k, h->start, h->len);
	} else if ((k == CODE_OQ || k == CODE_CQ) && question_span(v, &start, &len)) {
		add_cue(out, k, start, len);
	} else if ((k == CODE_SR || k == CODE_CR) && echo_span(v, ctx ? ctx->client_last : NULL, &start, &len)) {
		add_cue(out, k, start, len);
	} else if (k != CODE_OTHER) {
		size_t last = v->ntok < 3 ? v->ntok - 1 : 2;
		add_cue(out, k, v->tok[0].start, v->tok[last].start + v->tok[last].len - v->tok[0].start);
	}
}

/* The words that earned each code, the primary first. */
static void add_cues(const struct reply_view *v, const struct coder_context *ctx, struct coded_reply *out)
{
	add_code_cue(v, ctx, out->primary, out);
	for (int k = 0; k < CODE_COUNT; k++)
		if ((out->codes & CODE_BIT(k)) && k != (int)out->primary)
			add_code_cue(v, ctx, (enum mi_code)k, out);
}

void coder_code(const struct coder *c, const struct coder_context *ctx, const char *reply, struct coded_reply *out)
{
	static struct reply_view view; /* large: kept off the stack; micoach is single-threaded */
	struct reply_view *v = &view;
	float p[OUT_COUNT];
	struct decision d;

	memset(out, 0, sizeof *out);
	if (!reply || !utf8_valid(reply, strlen(reply), NULL))
		reply = "";
	reply_view_read(v, reply);
	model_probabilities(c, v, ctx, p);

	if (!v->ntok) {
		out->primary = CODE_OTHER;
		out->codes = CODE_BIT(CODE_OTHER);
	} else {
		d.v = v;
		d.ctx = ctx;
		d.p = p;
		d.main_class = main_class_of(v, ctx, p);
		/* When unsure between SR and CR, SR: complex needs a clear majority,
		 * or words that add feeling, meaning or a second side. */
		d.refl_code = p[OUT_COMPLEX] > COMPLEX_THRESHOLD || has_hit(v, CODE_CR) ? CODE_CR : CODE_SR;
		/* Open or closed: the model, unless a two-word opener settles it
		 * ("how many", "how often" are closed; "in what way" open). */
		d.q_code = p[OUT_OPEN] > OPEN_THRESHOLD ? CODE_OQ : CODE_CQ;
		if (question_opener(v, 2) >= 0)
			d.q_code = (enum mi_code)question_opener(v, 2);
		out->primary = apply_precedence(&d, primary_of_class(&d));
		out->codes = codes_beside(&d, out->primary);
		settle_codes(out);
		add_cues(v, ctx, out);
	}
	coder_rate_skills(v, ctx, out);
	coder_choose_tip(v, ctx, out);
}
