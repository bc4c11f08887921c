/* coder_telling.c: the constructions of the righting reflex that tell the
 * client what to feel or what they need, or argue with their own words
 * from what everyone does (the rest are in coder_righting.c, which calls
 * these and shares its reading of frames and spans, coder_int.h):
 *   telling how to feel    "you dont need to feel guilty", "theres no
 *                          reason to be nervous", "dont beat yourself
 *                          up", "chin up"                         (PERS)
 *   telling what they need "you need a proper plan", "u need some help
 *                          with the night feeds", "you must be more
 *                          careful with your sugar"               (PERS)
 *   arguing from everyone  "everyone needs help sometimes" after "i
 *                          dont need help"                        (CONF)
 * Pure: no I/O. */
#include "coder_int.h"

#include <string.h>

#include "core/util.h"

#define IN(v, i, list) word_in(v, i, list, ARRAY_SIZE(list))

/* What a telling words ("you don't need to", "no need to", "don't",
 * "stop") tell the client to feel or not to feel, from token k of a clause
 * ending at end: the end of its span, or 0. A feeling word or "bad",
 * "stupid" ("feel guilty", "be so nervous"), worry and its kin, feeling
 * "like a failure" or "that way", and being hard on oneself ("beat
 * yourself up", "be so hard on yourself", "blame yourself", "take it so
 * personally"). Not being ready, able or alone ("you don't have to do this
 * alone"). */
static size_t feeling_told_at(const struct reply_view *v, size_t k, size_t end)
{
	static const char *const fret[] = { "worry", "panic", "stress", "fret", "dwell", "worrying", "panicking",
					    "stressing", "fretting", "dwelling" };
	static const char *const degree[] = { "so", "too", "that", "at", "all", "even", "really" };
	static const char *const also[] = { "bad", "stupid", "silly", "daft", "weird", "awkward" };
	static const char *const not_told[] = { "ready", "alone", "hard", "difficult", "tough", "cope", "coping", "sick",
						"sore", "lost", "stuck", "feel", "feels", "feeling", "felt", "love", "hate" };
	static const char *const beat[] = { "beat", "beating", "blame", "blaming", "punish", "punishing", "put",
					    "putting" };
	static const char *const be[] = { "be", "being" };
	static const char *const feel[] = { "feel", "feeling" };
	static const char *const harsh[] = { "hard", "harsh", "tough" };
	static const char *const like_what[] = { "a", "an", "that", "this", "such" };

	if (k >= end)
		return 0;
	if (IN(v, k, fret))
		return k + 1;
	if (IN(v, k, beat) && (word_is(v, k + 1, "yourself") || word_is(v, k + 1, "urself")) && k + 1 < end)
		return word_is(v, k + 2, "up") || word_is(v, k + 2, "down") ? k + 3 : k + 2;
	if (word_is(v, k, "take") && word_is(v, k + 1, "it") && k + 2 < end) {
		size_t j = k + 2 + (word_is(v, k + 2, "so") || word_is(v, k + 2, "too"));
		if (word_is(v, j, "personally") || word_is(v, j, "personal") || word_is(v, j, "hard"))
			return j + 1;
		return 0;
	}
	if (!IN(v, k, feel) && !IN(v, k, be))
		return 0;
	bool feels = IN(v, k, feel);
	k++;
	/* "feel like a failure", "feel like that", "feel that way" */
	if (feels && word_is(v, k, "like") && k + 1 < end && IN(v, k + 1, like_what))
		return k + 2 + (k + 2 < end);
	if (feels && (word_is(v, k, "that") || word_is(v, k, "this")) && word_is(v, k + 1, "way"))
		return k + 2;
	while (k < end && IN(v, k, degree))
		k++;
	if (k >= end)
		return 0;
	/* "be so hard on yourself" */
	if (IN(v, k, harsh) && word_is(v, k + 1, "on") && (word_is(v, k + 2, "yourself") || word_is(v, k + 2, "urself")))
		return k + 3;
	if (!((v->lex[k] & LEX_FEELING) || IN(v, k, also)) || IN(v, k, not_told))
		return 0;
	return k + 1;
}

/* Does token i open its clause, after openers ("so", "and", "aw")? */
static bool opens_clause(const struct reply_view *v, size_t i)
{
	static const char *const sighs[] = { "aw", "aww", "ah", "ahh" }; /* "oh" is an opener */
	size_t j = i;
	while (j > 0 && !v->clause_start[j] && ((v->lex[j - 1] & LEX_OPENER) || IN(v, j - 1, sighs)))
		j--;
	return j == 0 || v->clause_start[j];
}

/* Telling the client how to feel (MI-PRIMER: persuasion): "you don't need
 * to feel guilty", "you shouldn't be so nervous", "there's no reason to be
 * scared", "no need to feel bad", "nothing to be ashamed of", "you don't
 * need to feel like a failure", and the imperative "don't beat yourself
 * up", "stop being so hard on yourself", "try not to worry", "chin up".
 * Not "you don't need to decide today" (autonomy: it names no feeling),
 * nor being ready, able or alone ("you don't have to do this alone"), nor
 * the client's own thought ("you feel you shouldn't be so angry"). */
bool telling_feelings(const struct reply_view *v, size_t i, struct righting_span *f)
{
	static const char *const denied[] = { "don't", "dont", "shouldn't", "shouldnt", "needn't", "mustn't" };
	static const char *const must[] = { "need", "have", "got" };
	static const char *const reason[] = { "reason", "need", "point", "cause" };
	static const char *const lift[] = { "chin", "cheer" };
	size_t end = righting_clause_end(v, i), k = i;

	if (word_is(v, k, "you") || word_is(v, k, "u")) {
		k++;
		if (word_is(v, k, "do") && word_is(v, k + 1, "not"))
			k++;
		else if (!IN(v, k, denied))
			return false;
		k++;
		if (IN(v, k, must) && word_is(v, k + 1, "to"))
			k += 2;
	} else if (word_is(v, k, "there's") || word_is(v, k, "theres") ||
		   (word_is(v, k, "there") && (word_is(v, k + 1, "is") || word_is(v, k + 1, "'s")))) {
		k += word_is(v, k, "there") ? 2 : 1;
		if (!word_is(v, k, "no") && !word_is(v, k, "nothing"))
			return false;
		k++;
		if (IN(v, k, reason))
			k++;
		if (!word_is(v, k++, "to"))
			return false;
	} else if (word_is(v, k, "no") && IN(v, k + 1, reason) && word_is(v, k + 2, "to")) {
		k += 3;
	} else if (word_is(v, k, "nothing") && word_is(v, k + 1, "to")) {
		k += 2;
	} else if (!v->in_question[i] && opens_clause(v, i) && IN(v, k, lift) && word_is(v, k + 1, "up")) {
		return !righting_framed(v, i) && righting_found(f, CODE_PERS, i, k + 2);
	} else if (!v->in_question[i] && opens_clause(v, i) && (IN(v, k, denied) || word_is(v, k, "stop") ||
								 (word_is(v, k, "try") && word_is(v, k + 1, "not") &&
								  word_is(v, k + 2, "to")))) {
		/* the imperative: "don't beat yourself up", "stop worrying",
		 * "try not to dwell on it" */
		k += word_is(v, k, "try") ? 3 : 1;
		size_t to = feeling_told_at(v, k, end);
		return to && !righting_framed(v, i) && righting_found(f, CODE_PERS, i, to);
	} else {
		return false;
	}
	if (k >= end || righting_framed(v, i))
		return false;
	size_t to = feeling_told_at(v, k, end);
	return to && righting_found(f, CODE_PERS, i, to);
}

/* Does a clause opening at i give someone's voice, right after a verb of
 * saying or thinking ("part of you thinks, just stop", "she says, you
 * need help")? */
bool righting_voiced(const struct reply_view *v, size_t i)
{
	static const char *const voices[] = { "think", "thinks", "thinking", "thought", "feel", "feels", "say", "says",
					      "said", "saying", "told", "tells", "reckon", "reckons", "goes", "like" };
	return i > 0 && IN(v, i - 1, voices);
}

/* Telling the client what they need: "you need a proper plan", "u need
 * some help with the night feeds", "you really need more support", "you
 * must be more careful with your sugar": the practitioner's prescription
 * (PERS). Not the client's own need said back ("i need the car for work"
 * -> "you need the car for work"; but "i dont need help" -> "you need
 * help" argues), a need inside another clause ("when you need a break",
 * "it sounds like you need"), a question, nor a framed thought ("you feel
 * you need a break"). */
bool telling_needs(const struct reply_view *v, size_t i, struct righting_span *f)
{
	static const char *const sure[] = { "really", "just", "probably", "definitely", "obviously", "clearly",
					    "honestly", "seriously", "still", "also" };
	static const char *const wanting[] = { "a", "an", "some", "more", "proper", "help", "someone", "somebody",
					       "professional", "support", "treatment", "therapy", "counselling", "rehab" };
	static const char *const conduct[] = { "careful", "sensible", "responsible", "honest", "realistic", "strict",
					       "stricter", "firm", "firmer", "disciplined", "consistent", "organised",
					       "organized", "stronger", "tougher", "mature", "grown" };
	size_t k = i + 1, end = righting_clause_end(v, i), to;

	if (!(word_is(v, i, "you") || word_is(v, i, "u")) || v->in_question[i] || !opens_clause(v, i) || righting_voiced(v, i))
		return false;
	while (IN(v, k, sure))
		k++;
	if ((word_is(v, k, "need") || word_is(v, k, "needs")) && IN(v, k + 1, wanting)) {
		size_t what = k + 1;
		while (what + 1 < end && what < k + 3 && coder_stop_word(v->tok[what].word))
			what++;
		/* the client's own need, said back: "need" and its object theirs */
		if (v->echo[k] && !v->echo_negated[k] && v->echo[what])
			return false;
		to = k + 1;
	} else if (word_is(v, k, "must") && word_is(v, k + 1, "be")) {
		to = k + 2;
		if (word_is(v, to, "more") || word_is(v, to, "extra") || word_is(v, to, "much"))
			to++;
		if (!IN(v, to, conduct))
			return false;
	} else {
		return false;
	}
	while (to + 1 < end && to < k + 4 && coder_stop_word(v->tok[to].word))
		to++;
	return righting_found(f, CODE_PERS, i, to + 1 < end ? to + 1 : end);
}

/* Arguing with the client's own words from what everyone does: "i dont
 * need help" -> "everyone needs help sometimes", "we all need a hand"
 * (CONF). Not the client's words said with them ("i hate being nagged"
 * -> "everyone hates being nagged": normalising), nor a question; and not
 * "nobody ...", which mostly reassures ("nobody's judging you here"). */
bool telling_rebuttal(const struct reply_view *v, size_t i, struct righting_span *f)
{
	static const char *const all[] = { "everyone", "everybody", "people" };
	size_t n = 0;

	if (IN(v, i, all))
		n = 1;
	else if (word_is(v, i, "we") && word_is(v, i + 1, "all"))
		n = 2;
	else if (word_is(v, i, "all") && word_is(v, i + 1, "of") && word_is(v, i + 2, "us"))
		n = 3;
	if (!n || v->in_question[i] || !opens_clause(v, i) || righting_voiced(v, i))
		return false;
	const struct clause *cl = &v->clause[v->clause_of[i]];
	if (i + n >= cl->end || cl->negated)
		return false;
	/* the client's own verb, after an auxiliary at most: "can handle" */
	size_t j = i + n + ((v->lex[i + n] & LEX_AUX) ? 1 : 0);
	if (j >= cl->end || !v->echo[j] || !v->echo_negated[j] || coder_stop_word(v->tok[j].word))
		return false;
	return righting_found(f, CODE_CONF, i, j + 1 < cl->end && !coder_stop_word(v->tok[j + 1].word) ? j + 2 : j + 1);
}
