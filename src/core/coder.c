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

/* Decision thresholds on the model's probabilities, chosen by
 * cross-validation on AnnoMI by transcript and on the corpus's tune split by
 * client-line group (docs/scoring.md; never on the held-out slice).
 * An output "says" a code at SURE, or at WITH_CUE when a cue rule names the
 * code too: a cue lowers the bar, it never decides alone. Persuasion or
 * confrontation in a reply whose main class is not therapist input needs
 * NONADHERENT_OFF_CLASS (a reflection or question that argues must be
 * clearly so), and information beside another class GIVES_INFO_OFF_CLASS. */
#define THRESHOLD_DEFAULT(name, def) .name = def,
struct coder_thresholds coder_tuning = { CODER_THRESHOLDS(THRESHOLD_DEFAULT) };
#undef THRESHOLD_DEFAULT

bool coder_tuning_set(const char *name, float value)
{
#define THRESHOLD_SET(n, def) if (!strcmp(name, #n)) { coder_tuning.n = value; return true; }
	CODER_THRESHOLDS(THRESHOLD_SET)
#undef THRESHOLD_SET
	return false;
}

#define COMPLEX_THRESHOLD coder_tuning.complex
#define COMPLEX_WITH_CUE coder_tuning.complex_with_cue
#define OPEN_THRESHOLD coder_tuning.open
#define PRESENT coder_tuning.present
#define SURE coder_tuning.sure
#define WITH_CUE coder_tuning.with_cue
#define NONADHERENT_SURE coder_tuning.nonadherent_sure
#define NONADHERENT_ANSWER coder_tuning.nonadherent_answer
#define NONADHERENT_WITH_CUE coder_tuning.nonadherent_with_cue
#define NONADHERENT_OFF_CLASS coder_tuning.nonadherent_off_class
#define CONFRONT_GIVEN_NONADHERENT coder_tuning.confront_given_nonadherent
#define NONADHERENT_STRONG coder_tuning.nonadherent_strong
#define PRIMARY_SURE coder_tuning.primary_sure
#define PRIMARY_OVER_CLASS coder_tuning.primary_over_class
#define PRIMARY_NONADHERENT coder_tuning.primary_nonadherent
#define PRIMARY_OVER_SURE_CLASS coder_tuning.primary_over_sure_class
#define PRIMARY_BAD_OVER_SURE_CLASS coder_tuning.primary_bad_over_sure_class
#define OTHER_TO_REFLECTION coder_tuning.other_to_reflection
#define IMPERSONAL_INPUT coder_tuning.impersonal_input
#define CUE_INPUT coder_tuning.cue_input
#define GIVES_INFO_OFF_CLASS coder_tuning.gives_info_off_class
#define AF_OVER_REFLECTION coder_tuning.af_over_reflection
#define RIGHTS_NONADHERENT coder_tuning.rights_nonadherent
#define PRACTICE_PRIMARY coder_tuning.practice_primary
#define PRACTICE_FLAG coder_tuning.practice_flag
#define PRACTICE_MIX coder_tuning.practice_mix
#define PRACTICE_OUTRANK coder_tuning.practice_outrank
#define ASKED_PERS_OVER_PWP coder_tuning.asked_pers_over_pwp
#define QUESTION_TO_SEEK coder_tuning.question_to_seek
#define QUESTION_BY_SYNTAX coder_tuning.question_by_syntax
#define TRANSCRIPT_BELOW coder_tuning.transcript_below
#define TRANSCRIPT_OVER_CLASS coder_tuning.transcript_over_class
#define TRANSCRIPT_CAREFUL coder_tuning.transcript_careful
#define ORDER_AFTER coder_tuning.order_after
#define RIGHTS_PERSUADE coder_tuning.rights_persuade
/* Practice corrections apply to statements of at least this many words. */
enum { INPUT_MIN_WORDS = 5, OTHER_MIN_WORDS = 4 };

/* Without a model (or for an empty reply): the cues alone decide. */
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
	p[OUT_NONADHERENT] = has_hit(v, CODE_PERS) || has_hit(v, CODE_CONF) ? 1.0f : 0.0f;
	p[OUT_CONFRONT] = has_hit(v, CODE_CONF) ? 1.0f : 0.0f;
	p[OUT_AFFIRM] = has_hit(v, CODE_AF) ? 1.0f : 0.0f;
	p[OUT_SEEK] = has_hit(v, CODE_SEEK) ? 1.0f : 0.0f;
	p[OUT_AUTONOMY] = has_hit(v, CODE_AUTO) ? 1.0f : 0.0f;
	p[OUT_GIVES_INFO] = has_hit(v, CODE_GI) ? 1.0f : 0.0f;
	p[OUT_PRACTICE] = 1.0f;
}

/* The model's probabilities for the reply. Returns whether the gate reads
 * it as a line of a demonstration transcript rather than a practice reply:
 * then its main class is the experts' head's, learned from AnnoMI's
 * transcripts alone (the practice corpus's codes, written for typed
 * practice, do not teach how experts code such lines). */
static bool model_probabilities(const struct coder *c, const struct reply_view *v, const struct coder_context *ctx,
				float p[OUT_COUNT])
{
	bool transcript = false;

	if (c && c->weights && v->ntok) {
		struct feature_set fs;
		coder_features(v, ctx, c->bits, &fs);
		coder_scores(c, &fs, p);
		coder_probabilities(p);
		transcript = !(ctx && ctx->practice) && p[OUT_PRACTICE] < TRANSCRIPT_BELOW;
		if (transcript)
			for (int m = 0; m < 4; m++)
				p[OUT_REFLECTION + m] = p[OUT_EXPERT_REFLECTION + m];
		/* Confrontation is read from the reply as if nothing had been
		 * asked: a client's question excuses advice (PWP) and information,
		 * never arguing, labelling or blaming (MI-PRIMER). */
		if (ctx && ctx->client_asked) {
			struct coder_context unasked = *ctx;
			float q[OUT_COUNT];
			unasked.client_asked = false;
			coder_features(v, &unasked, c->bits, &fs);
			coder_scores(c, &fs, q);
			coder_probabilities(q);
			if (q[OUT_NONADHERENT] >= NONADHERENT_SURE && q[OUT_NONADHERENT] > p[OUT_NONADHERENT] &&
			    q[OUT_CONFRONT] >= CONFRONT_GIVEN_NONADHERENT * q[OUT_NONADHERENT]) {
				p[OUT_NONADHERENT] = q[OUT_NONADHERENT];
				p[OUT_CONFRONT] = q[OUT_CONFRONT];
			}
		}
	} else {
		guess_from_cues(v, ctx, p);
	}
	return transcript;
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
 * replies are short and typed, further from AnnoMI's data. */
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
	if (main_class == OUT_OTHER && !v->questions && v->ntok >= OTHER_MIN_WORDS && p[OUT_AFFIRM] < SURE &&
	    p[OUT_SEEK] < SURE && p[OUT_AUTONOMY] < SURE) {
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
	bool nonadherent, confronts;
	bool answers;                 /* opens by answering the client's question, with no cue */
	bool transcript;              /* the gate reads it as a transcript's line (model_probabilities) */
};

/* Does the model say the code of output out: sure of it, or fairly sure
 * and a cue rule names it too? */
static bool model_says(const struct decision *d, int out, enum mi_code cue)
{
	return d->p[out] >= SURE || (d->p[out] >= WITH_CUE && has_hit(d->v, cue));
}

/* Did the client ask what to do or what the practitioner thinks? Advice
 * after that was asked for (PWP); after a question of fact only ("is it
 * safe?", "does this go on my file?") information was asked for, and
 * advice is still unasked (PERS). */
static bool advice_asked(const struct decision *d)
{
	return d->ctx && d->ctx->client_asked && !d->ctx->client_asked_fact_only;
}

/* Does the reply itself ask leave or offer with it ("since you ask", "is it
 * ok if i...")? */
static bool leave_in_reply(const struct decision *d)
{
	return has_hit(d->v, CODE_PWP) || has_flagged_hit(d->v, PERMISSION);
}

/* A question among codes that asks leave ("is it ok if i tell you about
 * the test"): SEEK, which outranks the question code (MITI). */
static bool seeks_leave(const struct decision *d, unsigned codes)
{
	return (codes & CODE_BIT(CODE_SEEK)) && has_flagged_hit(d->v, PERMISSION);
}

/* Advice asked for by the client or offered with leave: persuasion then
 * is PWP. */
static bool asked_or_leave(const struct decision *d)
{
	return advice_asked(d) || leave_in_reply(d);
}

/* Persuasion is PWP when the client asked for advice (advice_asked()), or
 * the reply asks permission or stresses autonomy; PERS otherwise. The one
 * place for it. */
static enum mi_code persuasion_code(const struct decision *d)
{
	return has_hit(d->v, CODE_PWP) || has_hit(d->v, CODE_AUTO) || model_says(d, OUT_AUTONOMY, CODE_AUTO) ||
	       advice_asked(d) ? CODE_PWP : CODE_PERS;
}

/* Does the reply open by answering the client's question: "no", "yes",
 * "not unless...", or a denial about someone else ("it won't go on your
 * records", "your gp can't see it"), with no "but" after it? After a
 * client's question that is information, however much it contradicts the
 * words of the question. */
static bool answers_the_client(const struct decision *d)
{
	static const char *const answer[] = { "no", "nope", "nah", "yes", "yep", "yup", "not" };
	const struct reply_view *v = d->v;

	if (!d->ctx || !d->ctx->client_asked || !v->ntok || !v->nclause)
		return false;
	/* "no, but...": what follows the answer is the point ("yeah" opens
	 * sarcasm as often as it answers, so it is no answer word) */
	for (size_t c = 0; c < v->nclause; c++)
		if (v->clause[c].after_but)
			return false;
	if (word_in(v, 0, answer, ARRAY_SIZE(answer)))
		return true;
	if (v->clause[0].negated && v->clause[0].mood == MOOD_STATEMENT &&
	    (v->clause[0].subject == SUBJ_IT || v->clause[0].subject == SUBJ_THEY))
		return true;
	/* facts about the world, not the client ("caffeine blocks a chemical
	 * that builds up sleepiness" to "why cant i sleep after coffee"): a
	 * thing or others the subject (not "that's a drinking problem"), every
	 * clause a statement, and no "you" anywhere */
	if (v->clause[0].subject != SUBJ_NONE && v->clause[0].subject != SUBJ_THEY)
		return false;
	for (size_t c = 0; c < v->nclause; c++)
		if (v->clause[c].mood != MOOD_STATEMENT || v->clause[c].subject == SUBJ_YOU ||
		    v->clause[c].subject == SUBJ_I || v->clause[c].subject == SUBJ_WE)
			return false;
	return !second_person(v);
}

/* Does v's construction of the righting reflex (coder_righting.c) count
 * as evidence that the reply persuades or confronts? An order is the
 * model's feature only, and so is one after a statement unless
 * order_after; one that opens the reply counts where opening_order (the
 * rules' reading of a transcript line), not in the practice reading. */
static bool construction_forces(const struct reply_view *v, bool opening_order)
{
	if (v->rights == CODE_OTHER)
		return false;
	switch (v->rights_kind) {
	case RIGHTS_ORDER:
		return false;
	case RIGHTS_ORDER_OPENS:
		return opening_order;
	case RIGHTS_ORDER_AFTER:
		return ORDER_AFTER >= 0.5f;
	default:
		return true;
	}
}
/* MI-non-adherent: the model says the reply persuades or confronts. */
static void read_adherence(struct decision *d)
{
	const float *p = d->p;
	bool cue = has_hit(d->v, CODE_PERS) || has_hit(d->v, CODE_CONF);

	float need = d->main_class == OUT_INPUT ? NONADHERENT_SURE : NONADHERENT_OFF_CLASS;
	/* An answer to the client's question is flagged on the model's word
	 * only when it is sure (NONADHERENT_ANSWER); a cue, a construction or
	 * a label flags it as any reply. */
	d->answers = !cue && answers_the_client(d);
	if (d->answers && need < NONADHERENT_ANSWER)
		need = NONADHERENT_ANSWER;

	d->nonadherent = p[OUT_NONADHERENT] >= need || (cue && p[OUT_NONADHERENT] >= NONADHERENT_WITH_CUE);
	/* Confronting rather than persuading: more likely than not, given that
	 * it is one of the two (a cue again lowers the bar). A persuasion cue
	 * that alone made the reply non-adherent ("i'd suggest...") names
	 * persuasion: it cannot make it confront. */
	bool by_model = p[OUT_NONADHERENT] >= need || has_hit(d->v, CODE_CONF);
	d->confronts = d->nonadherent &&
		       ((by_model && p[OUT_CONFRONT] >= CONFRONT_GIVEN_NONADHERENT * p[OUT_NONADHERENT]) ||
			(has_hit(d->v, CODE_CONF) && p[OUT_CONFRONT] >= WITH_CUE * p[OUT_NONADHERENT]));
	/* A line the gate is sure is a demonstration transcript's (below
	 * TRANSCRIPT_CAREFUL), and the experts' head reads as a reflection,
	 * question or other, is not read for persuasion by the practice outputs
	 * (learned from typed practice, they flag the careful wording of
	 * transcripts), nor for a construction (kept, they cost kappa4 0.004
	 * on AnnoMI); a label still confronts. */
	bool careful = d->transcript && d->p[OUT_PRACTICE] < TRANSCRIPT_CAREFUL && d->main_class != OUT_INPUT;
	if (careful)
		d->nonadherent = d->confronts = false;
	/* Labelling the client confronts, however much it sounds like a
	 * reflection ("you're being stubborn"). */
	if (d->v->labels)
		d->nonadherent = d->confronts = true;
	/* A construction of the righting reflex (coder_righting.c: advice as a
	 * question, a warning, siding with others, blaming, sarcasm, a
	 * recommendation, moralising; an order only as the model's feature, as
	 * forcing it flagged too many MI-consistent replies in cross-validation)
	 * that the model does not rule out. Advice the client asked for, or offered
	 * with leave, is persuasion with permission, not this. */
	if (!careful && construction_forces(d->v, true) && p[OUT_NONADHERENT] >= RIGHTS_NONADHERENT) {
		if (d->v->rights == CODE_CONF)
			d->nonadherent = d->confronts = true;
		else if (!asked_or_leave(d))
			d->nonadherent = true;
	}
}

/* Advice that was asked for, or offered with permission: persuasion with
 * permission, not MI-non-adherent (the model's therapist-input subtype). */
static bool permitted_advice(const struct decision *d)
{
	bool advice = argmax(d->p, OUT_INFO, OUT_OPTIONS + 1) == OUT_ADVICE ||
		      /* an offer ("some people find...") answering a request for advice */
		      (advice_asked(d) && has_hit(d->v, CODE_PWP));
	return !d->nonadherent && d->main_class == OUT_INPUT && advice && persuasion_code(d) == CODE_PWP;
}

/* Every code the reply carries, each at most once (MITI codes every
 * behaviour of a volley: a reflection then a question carries both). */
/* Does a clause of v after its first ask, by its syntax (a wh-opener, an
 * inversion, "tell me", a tag), with or without its "?" ("you feel stuck,
 * what would help")? Not the first: a reply that opens with a wh-clause is
 * as often a statement ("what you decide is up to you"). */
static bool asks_by_clause(const struct reply_view *v)
{
	for (size_t c = 1; c < v->nclause; c++)
		if (v->clause[c].mood == MOOD_QUESTION)
			return true;
	return false;
}

static unsigned codes_of(const struct decision *d)
{
	const struct reply_view *v = d->v;
	const float *p = d->p;
	unsigned codes = 0;
	bool suggests = d->nonadherent && has_flagged_hit(v, SUGGEST);

	if (d->confronts)
		codes |= CODE_BIT(CODE_CONF);
	/* a volley can confront and persuade ("You should cut down. You're in
	 * denial about it."): the persuasion is coded when a cue names it */
	if (d->nonadherent && (!d->confronts || has_hit(v, CODE_PERS)))
		codes |= CODE_BIT(persuasion_code(d));
	if (permitted_advice(d) || (d->nonadherent && !d->confronts && has_hit(v, CODE_PWP)))
		codes |= CODE_BIT(CODE_PWP);
	if (model_says(d, OUT_AFFIRM, CODE_AF))
		codes |= CODE_BIT(CODE_AF);
	if (model_says(d, OUT_SEEK, CODE_SEEK) || (has_flagged_hit(v, PERMISSION) && p[OUT_SEEK] >= WITH_CUE))
		codes |= CODE_BIT(CODE_SEEK);
	if (model_says(d, OUT_AUTONOMY, CODE_AUTO))
		codes |= CODE_BIT(CODE_AUTO);
	/* A "reflection" that confronts is the confrontation, the want an
	 * ultimatum is set on ("you want to keep your job then...") its premise,
	 * the feeling the client is told not to have ("you dont need to feel
	 * guilty") no reflection of it, nor the need they are told they have
	 * ("you need a break"). */
	if ((d->main_class == OUT_REFLECTION || p[OUT_HAS_REFLECTION] > PRESENT) && !d->confronts &&
	    !(d->nonadherent && (v->rights_kind == RIGHTS_ULTIMATUM || v->rights_kind == RIGHTS_FEELINGS ||
				 v->rights_kind == RIGHTS_NEEDS)))
		codes |= CODE_BIT(d->refl_code);
	/* a clause that asks by its syntax after another ("you feel stuck, what
	 * would help") needs less of the model to carry its question code, in a
	 * reply that neither persuades nor confronts (a question that confronts
	 * is the confrontation) */
	if ((d->main_class == OUT_QUESTION || p[OUT_HAS_QUESTION] > PRESENT ||
	     (p[OUT_HAS_QUESTION] > QUESTION_BY_SYNTAX && !d->nonadherent && asks_by_clause(v))) && !suggests)
		codes |= CODE_BIT(d->q_code);
	if ((d->main_class == OUT_INPUT && !d->nonadherent && !permitted_advice(d)) ||
	    ((p[OUT_GIVES_INFO] > GIVES_INFO_OFF_CLASS || has_hit(v, CODE_GI)) && p[OUT_INPUT] > CUE_INPUT &&
	     !d->nonadherent))
		codes |= CODE_BIT(CODE_GI);
	/* Affirm outranks a simple reflection. */
	if ((codes & CODE_BIT(CODE_AF)) && (codes & CODE_BIT(CODE_SR)) && d->main_class != OUT_REFLECTION)
		codes &= ~CODE_BIT(CODE_SR);
	return codes ? codes : CODE_BIT(CODE_OTHER);
}

/* AnnoMI's main class of a code. */
static int class_of_code(enum mi_code c)
{
	switch (c) {
	case CODE_SR: case CODE_CR: return OUT_REFLECTION;
	case CODE_OQ: case CODE_CQ: return OUT_QUESTION;
	case CODE_GI: case CODE_PERS: case CODE_PWP: case CODE_CONF: return OUT_INPUT;
	default: return OUT_OTHER;
	}
}

/* codes without the siblings of primary (SR or CR, OQ or CQ, PERS or PWP):
 * the primary names which one the reply is. */
static unsigned without_siblings(unsigned codes, enum mi_code primary)
{
	static const enum mi_code siblings[][2] = { { CODE_SR, CODE_CR }, { CODE_OQ, CODE_CQ }, { CODE_PERS, CODE_PWP } };

	for (size_t i = 0; i < ARRAY_SIZE(siblings); i++)
		if (primary == siblings[i][0] || primary == siblings[i][1])
			codes &= ~(CODE_BIT(siblings[i][0]) | CODE_BIT(siblings[i][1]));
	return codes;
}

/* codes with primary among them: a "reflection" that confronts is the
 * confrontation, and OTHER stands alone. */
static unsigned with_primary(unsigned codes, enum mi_code primary)
{
	if (primary == CODE_CONF)
		codes &= ~(CODE_BIT(CODE_SR) | CODE_BIT(CODE_CR));
	codes = (codes & ~CODE_BIT(CODE_OTHER)) | CODE_BIT(primary);
	return primary == CODE_OTHER ? CODE_BIT(CODE_OTHER) : codes;
}

/* The code the model's primary output gives, when it is sure of it, as the
 * reply's primary: it was learned from whole practice replies coded by
 * MITI's precedence, so it weighs the parts as a coder does. The codes beside
 * it stay those of their own outputs, except what contradicts it: a sibling
 * of the same kind (SR or CR, OQ or CQ) and, unless the model is sure of it
 * or a cue names it, persuasion or confrontation beside an MI-adherent
 * primary (which, kept, outranks it). Returns -1 when
 * the output is unsure. */
static int sure_primary(const struct decision *d, unsigned *codes)
{
	unsigned bad = CODE_BIT(CODE_PERS) | CODE_BIT(CODE_CONF);
	int k = argmax(d->p, OUT_PRIMARY, OUT_PRIMARY + CODE_COUNT) - OUT_PRIMARY;
	enum mi_code primary = (enum mi_code)k;

	if (d->p[OUT_PRIMARY + k] < PRIMARY_SURE || d->v->labels)
		return -1; /* a label confronts: precedence decides */
	/* so does a construction of the righting reflex read as one */
	if (d->v->rights != CODE_OTHER && d->nonadherent && !(CODE_BIT(primary) & bad))
		return -1;
	/* Persuading or confronting is the adherence outputs' reading when they
	 * see either (as read_adherence() splits them), else the primary's. */
	if ((primary == CODE_PERS || primary == CODE_CONF) && d->nonadherent)
		primary = d->confronts ? CODE_CONF : CODE_PERS;
	if (primary == CODE_PERS || primary == CODE_PWP)
		primary = persuasion_code(d);
	/* Open or closed is the open output's, or a two-word opener's, as for
	 * any question ("how is your sister" is open). */
	if (primary == CODE_OQ || primary == CODE_CQ)
		primary = d->q_code;
	/* Persuasion or confrontation the adherence output does not back. */
	if ((CODE_BIT(primary) & bad) && !d->nonadherent &&
	    d->p[OUT_NONADHERENT] < (d->answers ? NONADHERENT_ANSWER : PRIMARY_NONADHERENT))
		return -1;
	/* It must agree with the main class the model learned from both the
	 * experts' transcripts and the corpus, or with its reading of
	 * persuasion and confrontation. */
	if (class_of_code(primary) != d->main_class && !(d->nonadherent && (CODE_BIT(primary) & bad)) &&
	    (d->p[OUT_PRIMARY + k] < PRIMARY_OVER_CLASS ||
	     d->p[d->main_class] >= ((CODE_BIT(primary) & bad) ? PRIMARY_BAD_OVER_SURE_CLASS
				     : d->transcript ? TRANSCRIPT_OVER_CLASS : PRIMARY_OVER_SURE_CLASS)))
		return -1; /* calling a reply persuasion or confrontation against a fair
			    * reading of it as something else needs the adherence outputs */
	*codes = without_siblings(*codes, primary);
	if (!(CODE_BIT(primary) & bad) && d->p[OUT_NONADHERENT] < NONADHERENT_STRONG && !has_hit(d->v, CODE_PERS) &&
	    !has_hit(d->v, CODE_CONF))
		*codes &= ~bad;
	if (!(CODE_BIT(primary) & bad) && (*codes & bad))
		return -1; /* the model is sure it argues: precedence decides */
	*codes = with_primary(*codes, primary);
	return (int)primary;
}

/* The primary when the primary output is unsure: what the main class
 * makes the reply, with MITI's precedence where it is explicit (confront
 * outranks everything, persuasion what it is worded as; affirm and autonomy
 * outrank reflect; asking permission is seeking collaboration). */
static enum mi_code primary_of_class(const struct decision *d, unsigned codes)
{
	static const enum mi_code order[] = { CODE_CONF, CODE_PERS, CODE_PWP, CODE_AF, CODE_SEEK, CODE_AUTO, CODE_CR,
					      CODE_SR, CODE_OQ, CODE_CQ, CODE_GI, CODE_OTHER };
	enum mi_code fallback = CODE_OTHER;

	if (codes & CODE_BIT(CODE_CONF))
		return CODE_CONF;
	if (codes & CODE_BIT(CODE_PERS))
		return CODE_PERS;
	switch (d->main_class) {
	case OUT_REFLECTION:
		/* affirm outranks reflect when the model is sure of it */
		if ((codes & CODE_BIT(CODE_AF)) && d->p[OUT_AFFIRM] >= AF_OVER_REFLECTION)
			return CODE_AF;
		if (codes & CODE_BIT(CODE_AUTO)) /* autonomy worded as a reflection is what it does */
			return CODE_AUTO;
		if (codes & CODE_BIT(d->refl_code))
			return d->refl_code;
		break;
	case OUT_QUESTION:
		if (seeks_leave(d, codes))
			return CODE_SEEK;
		if (codes & CODE_BIT(d->q_code))
			return d->q_code;
		break;
	case OUT_INPUT:
		if (codes & CODE_BIT(CODE_PWP))
			return CODE_PWP;
		if (codes & CODE_BIT(CODE_GI))
			return CODE_GI;
		break;
	default:
		break;
	}
	for (size_t i = 0; i < ARRAY_SIZE(order) && fallback == CODE_OTHER; i++)
		if (codes & CODE_BIT(order[i]))
			fallback = order[i];
	return fallback;
}

/* The primary: the primary output's code when it is sure, else the main
 * class's; MI-non-adherent when the reply persuades or confronts. */
static void settle_codes(const struct decision *d, struct coded_reply *out, int sure)
{
	out->primary = sure >= 0 ? (enum mi_code)sure : primary_of_class(d, out->codes);
	out->codes |= CODE_BIT(out->primary);
	out->nonadherent = (out->codes & (CODE_BIT(CODE_PERS) | CODE_BIT(CODE_CONF))) != 0;
}

/* The likeliest code of the primary output that neither persuades nor
 * confronts: of the reply's main class when of_class and it has one ("every
 * sip starts twenty minutes of acid" after leave was given: GI, not the
 * reflection ranked next), else of any class. */
static enum mi_code likeliest_adherent(const struct decision *d, bool of_class)
{
	const unsigned bad = CODE_BIT(CODE_PERS) | CODE_BIT(CODE_CONF);
	int best = -1, any = -1;

	for (int k = 0; k < CODE_COUNT; k++) {
		if (CODE_BIT(k) & bad)
			continue;
		if (any < 0 || d->p[OUT_PRIMARY + k] > d->p[OUT_PRIMARY + any])
			any = k;
		if (of_class && class_of_code((enum mi_code)k) == d->main_class &&
		    (best < 0 || d->p[OUT_PRIMARY + k] > d->p[OUT_PRIMARY + best]))
			best = k;
	}
	return (enum mi_code)(best >= 0 ? best : any);
}

/* Persuasion after the client asked for advice that the model reads as
 * persuasion well ahead of persuasion with permission (asked_pers_over_pwp
 * times): a warning, pressure or feelings told after the question
 * (MI-PRIMER: the question excuses the advice, not the pressure). Never
 * when the reply itself asks leave, nor for advice put as a question
 * ("have you thought about..." after "what would you do?"), which offers
 * and does not press. */
static bool pressed_after_ask(const struct decision *d)
{
	const struct reply_view *v = d->v;

	return !leave_in_reply(d) && v->rights_kind != RIGHTS_ADVICE_QUESTION &&
	       v->questions < v->nsent &&
	       d->p[OUT_PRIMARY + CODE_PERS] >= ASKED_PERS_OVER_PWP * d->p[OUT_PRIMARY + CODE_PWP];
}

/* The primary code of the practice reading (practice_settle()).
 *  - The model reads the reply as persuading or confronting when the
 *    primary output's PERS and CONF together, mixed with the adherence
 *    output (practice_mix of it), reach practice_flag (nonadherent_answer
 *    for an answer of fact to the client's question) and are at least
 *    practice_outrank times the likeliest other code. Then the primary is
 *    whichever of PERS and CONF the primary output ranks higher.
 *  - Stock phrases the model alone reads too softly ("You must keep taking
 *    them even when you feel well" reads as a reflection of the client's
 *    words): a label, a persuasion or confrontation cue the adherence
 *    output does not rule out (nonadherent_with_cue), or a construction of
 *    the righting reflex (rights_nonadherent) make it persuade or confront
 *    too. Not an order, nor one that opens the reply, nor one after a
 *    statement (unless order_after): forcing those cost cross-validated
 *    primary and precision (docs/scoring.md, "The opening order no longer
 *    forced", "Round 12 joins"); the model reads them as features.
 *  - Otherwise a PERS or CONF primary falls to likeliest_adherent().
 *  - A label, a confrontation cue or a blaming construction makes
 *    persuasion confront ("you need to stop, you are an alcoholic and in
 *    denial"); advice worded as advice ("you should try the patches
 *    again") stays persuasion unless the confrontation output backs CONF,
 *    and so does a construction that persuades ("theres no reason to be
 *    nervous", "you need a proper plan"; rights_persuade).
 *  - PERS the client asked for, or offered with leave, is PWP (unless
 *    pressed_after_ask()); open or
 *    closed is the open output's or a two-word opener's. */
static enum mi_code practice_code(const struct decision *d, bool asked)
{
	const unsigned bad = CODE_BIT(CODE_PERS) | CODE_BIT(CODE_CONF);
	const float *p = d->p;
	const struct reply_view *v = d->v;
	enum mi_code primary = (enum mi_code)(argmax(p, OUT_PRIMARY, OUT_PRIMARY + CODE_COUNT) - OUT_PRIMARY);
	float bad_p = p[OUT_PRIMARY + CODE_PERS] + p[OUT_PRIMARY + CODE_CONF];
	float mix = (1.0f - PRACTICE_MIX) * bad_p + PRACTICE_MIX * p[OUT_NONADHERENT];
	bool flagged = mix >= (d->answers && NONADHERENT_ANSWER > PRACTICE_FLAG ? NONADHERENT_ANSWER : PRACTICE_FLAG) &&
		       bad_p >= PRACTICE_OUTRANK * p[OUT_PRIMARY + likeliest_adherent(d, false)];
	bool pers_cue = has_hit(v, CODE_PERS), conf_cue = has_hit(v, CODE_CONF);
	bool cue = (pers_cue || conf_cue) && !(pers_cue && !conf_cue && asked);
	bool forced = construction_forces(v, false) && p[OUT_NONADHERENT] >= RIGHTS_NONADHERENT;
	bool rights = forced && !(v->rights == CODE_PERS && asked);
	bool evidence = v->labels || (p[OUT_NONADHERENT] >= NONADHERENT_WITH_CUE && cue) || rights;

	if (!flagged && !evidence) {
		if (CODE_BIT(primary) & bad)
			primary = likeliest_adherent(d, true);
	} else if (!(CODE_BIT(primary) & bad)) {
		if (v->labels || (rights && v->rights == CODE_CONF) || (evidence && conf_cue))
			primary = CODE_CONF;
		else if (evidence)
			primary = CODE_PERS;
		else
			primary = p[OUT_PRIMARY + CODE_CONF] > p[OUT_PRIMARY + CODE_PERS] ? CODE_CONF : CODE_PERS;
	}
	if (primary == CODE_PERS && (v->labels || (forced && v->rights == CODE_CONF) || conf_cue))
		primary = CODE_CONF;
	if (primary == CODE_CONF && (pers_cue || (RIGHTS_PERSUADE >= 0.5f && forced && v->rights == CODE_PERS)) &&
	    !conf_cue && !v->labels && !(forced && v->rights == CODE_CONF) &&
	    p[OUT_CONFRONT] < CONFRONT_GIVEN_NONADHERENT * p[OUT_NONADHERENT])
		primary = CODE_PERS;
	if (primary == CODE_PERS && asked && !pressed_after_ask(d))
		primary = CODE_PWP;
	if (primary == CODE_OQ || primary == CODE_CQ)
		primary = d->q_code;
	return primary;
}

/* The practice reading (practice_primary on, a reply the gate reads as
 * typed practice): the primary output's code (practice_code()) is the
 * reply's primary, and the reply is MI-non-adherent exactly when that code
 * persuades or confronts. The primary output was learned from whole
 * practice replies coded by MITI's precedence; in cross-validation by
 * client line it is right more often than the rules of settle_codes()
 * (docs/scoring.md, "The practice reading"). The other codes are the
 * outputs' (codes_of), less what the primary contradicts. False when the
 * rules decide instead. */
static bool practice_settle(struct decision *d, struct coded_reply *out)
{
	const unsigned bad = CODE_BIT(CODE_PERS) | CODE_BIT(CODE_CONF);
	enum mi_code primary;
	unsigned codes;

	if (PRACTICE_PRIMARY < 0.5f || d->transcript)
		return false;
	primary = practice_code(d, asked_or_leave(d));
	d->nonadherent = (CODE_BIT(primary) & bad) != 0;
	d->confronts = primary == CODE_CONF;
	codes = without_siblings(codes_of(d), primary);
	if (!d->nonadherent)
		codes &= ~bad;
	/* A question that asks leave is SEEK first, its question code beside it. */
	if ((primary == CODE_OQ || primary == CODE_CQ) && seeks_leave(d, codes) && QUESTION_TO_SEEK >= 0.5f) {
		codes |= CODE_BIT(primary);
		primary = CODE_SEEK;
	}
	codes = with_primary(codes, primary);
	out->codes = codes;
	out->primary = primary;
	out->nonadherent = (codes & bad) != 0;
	return true;
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

/* The first words (three at most) of the reply's first order ("..., dont
 * panic, loads of people catch up"): what persuades, when no cue says. */
static bool order_span(const struct reply_view *v, size_t *start, size_t *len)
{
	for (size_t c = 0; c < v->nclause; c++) {
		const struct clause *cl = &v->clause[c];
		if (cl->mood != MOOD_IMPERATIVE || cl->head >= cl->end)
			continue;
		size_t last = cl->end - 1 < cl->head + 2 ? cl->end - 1 : cl->head + 2;
		*start = v->tok[cl->head].start;
		*len = v->tok[last].start + v->tok[last].len - *start;
		return true;
	}
	return false;
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
	if (!h && k == CODE_CONF && v->labels) {
		add_cue(out, k, v->label_start, v->label_len);
		return;
	}
	/* the construction that showed the righting reflex */
	if (!h && v->rights != CODE_OTHER &&
	    (k == v->rights || (v->rights == CODE_PERS && (k == CODE_PWP || k == CODE_CONF)))) {
		add_cue(out, k, v->rights_start, v->rights_len);
		return;
	}
	if (h) {
		add_cue(out, k, h->start, h->len);
	} else if ((k == CODE_OQ || k == CODE_CQ || k == CODE_SEEK) && question_span(v, &start, &len)) {
		/* seeking the client's view is most often its question ("..., would
		 * that suit you") */
		add_cue(out, k, start, len);
	} else if ((k == CODE_PERS || k == CODE_PWP) && order_span(v, &start, &len)) {
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
	reply_view_read(v, reply, c, ctx);
	d.transcript = model_probabilities(c, v, ctx, p);

	if (!v->ntok) {
		out->primary = CODE_OTHER;
		out->codes = CODE_BIT(CODE_OTHER);
	} else {
		d.v = v;
		d.ctx = ctx;
		d.p = p;
		d.main_class = main_class_of(v, ctx, p);
		/* When unsure between SR and CR, SR: complex needs a clear majority,
		 * or a fair chance and words that add feeling, meaning or a side. */
		d.refl_code = p[OUT_COMPLEX] > COMPLEX_THRESHOLD || (has_hit(v, CODE_CR) && p[OUT_COMPLEX] > COMPLEX_WITH_CUE)
			? CODE_CR : CODE_SR;
		/* Open or closed: the model, unless a two-word opener settles it
		 * ("how many", "how often" are closed; "in what way" open). */
		d.q_code = p[OUT_OPEN] > OPEN_THRESHOLD ? CODE_OQ : CODE_CQ;
		if (question_opener(v, 2) >= 0)
			d.q_code = (enum mi_code)question_opener(v, 2);
		read_adherence(&d);
		if (!c || !practice_settle(&d, out)) {
			out->codes = codes_of(&d);
			settle_codes(&d, out, sure_primary(&d, &out->codes));
		}
		add_cues(v, ctx, out);
	}
	coder_rate_skills(v, ctx, out);
	coder_choose_tip(v, ctx, out);
}
