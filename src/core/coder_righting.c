/* coder_righting.c: the righting reflex in plain words, read from the
 * reply's constructions rather than its stock phrases, for what the model
 * reads too softly. Each finding says what the reply does and quotes the
 * words:
 *   advice as a question   "have you thought about just cutting out the
 *                          weekday drinks", "why not try the patches",
 *                          "what if you just stopped buying it"   (PERS)
 *   a warning or a promise "you'd feel a lot better if you drank less",
 *                          "if you keep this up you'll lose her"  (PERS)
 *   siding with others     "maybe the doctor has a point", "your
 *                          mum is only trying to help"            (PERS)
 *   blaming                "you did this to yourself", "it's your own
 *                          fault", "you're the one drinking", "it's
 *                          not everyone else, it's you", "its not
 *                          the courts fault its yours"             (CONF)
 *   judging                "you drink too much", "you spend way too
 *                          long on that phone"                    (CONF)
 *   sarcasm                "oh sure", "as if that will help"      (CONF)
 *   recommending           "i'd set that up", "if i were you i'd go",
 *                          "my advice would be"                   (PERS)
 *   an order               "cut the weeknight cans", "just bin the
 *                          vape", "take your tablets"             (PERS)
 *   moralising             "your health is more important than one
 *                          night out", "kayden deserves a nan who can
 *                          keep up with him", "being an adult doesnt
 *                          give you the right to ignore it", "being
 *                          tired is no excuse"                    (CONF)
 *   an ultimatum           "you want to keep your job then pack it
 *                          in", "if u wanna see your kids then sort
 *                          it out"                                (PERS)
 *   telling how to feel, telling what they need, arguing from what
 *                          everyone does (coder_telling.c)
 *   a softened order       "maybe try the gum", "it feels like
 *                          nothing works, so just take it one day
 *                          at a time"                             (PERS)
 * None counts when it is framed as the client's own thought or feeling
 * ("you worry that if you stop you'll put on weight", "part of you thinks
 * she has a point"), denied ("it's not your fault"), or made of the
 * client's own words. Advice as a question after the client asked for it,
 * or with leave asked, is persuasion with permission (coder.c decides). */
#include "coder_int.h"

#include <string.h>

#include "core/util.h"

#define IN(v, i, list) word_in(v, i, list, ARRAY_SIZE(list))

/* Words before a construction, in its sentence, that make it the client's
 * thought, feeling or fear, someone's report, or a denial. */
static const char *const frames[] = {
	"feel", "feels", "felt", "feeling", "think", "thinks", "thought", "worry", "worried", "worrying", "afraid",
	"scared", "fear", "sounds", "sound", "seem", "seems", "said", "say", "saying", "wonder", "wondering",
	"wondered", "believe", "believes", "reckon", "reckons", "guess", "hope", "hoping", "wish", "imagine",
	"suspect", "hear", "heard", "mean", "meaning", "part", "sense", "not", "never", "no", "nobody",
	"isn't", "wasn't", "don't", "doesn't", "didn't", "hard", "told", "tells", "telling",
};

/* Is w among the words [from, to)? */
static bool words_have(const struct reply_view *v, size_t from, size_t to, const char *w)
{
	for (size_t k = from; k < to; k++)
		if (word_is(v, k, w))
			return true;
	return false;
}

bool righting_framed(const struct reply_view *v, size_t at)
{
	static const char *const foretold[] = { "you'd", "you'll", "would", "will", "gonna" };
	/* "you'd feel better": a prediction, not the client's feeling */
	for (size_t k = at; k-- > 0 && v->sentence_of[k] == v->sentence_of[at];)
		if (IN(v, k, frames) && !(k > 0 && IN(v, k - 1, foretold)))
			return true;
	return false;
}

static bool gerund(const struct reply_view *v, size_t i)
{
	size_t n = i < v->ntok ? strlen(v->tok[i].word) : 0;
	static const char *const not_actions[] = { "feeling", "thinking", "something", "anything", "nothing",
						   "everything", "morning", "evening", "during", "being" };
	return n > 4 && !strcmp(v->tok[i].word + n - 3, "ing") && !IN(v, i, not_actions);
}

/* Verbs whose order is to talk, picture, remember or collaborate ("tell me
 * more", "imagine a year from now", "let's look at it"): no righting. */
static const char *const evokes[] = {
	"tell", "describe", "say", "explain", "walk", "talk", "imagine", "picture", "remember", "help", "let",
	"let's", "correct", "bear", "hang", "feel", "please", "go", "thank", "thanks", "excuse", "pardon",
	"fill", "carry", "keep", "continue", "guess", "look", "see", "listen", "notice", "consider", "like",
	"love", "mind", "wait", "bless", "cheers", "hope", "sorry", "fair",
};

/* Softeners inside a suggestion. */
static const char *const soft[] = { "just", "maybe", "perhaps", "simply", "actually", "even", "like", "really" };

static size_t skip_soft(const struct reply_view *v, size_t i)
{
	while (i < v->ntok && IN(v, i, soft))
		i++;
	return i;
}

/* Does a question's subject and verb follow at i ("... do you like about
 * it"): then the words before were its topic, not a suggestion. */
static bool question_follows(const struct reply_view *v, size_t i, size_t end)
{
	for (size_t k = i; k + 1 < end; k++)
		if ((v->lex[k] & LEX_AUX) && (word_is(v, k + 1, "you") || word_is(v, k + 1, "it") || word_is(v, k + 1, "that")))
			return true;
	return false;
}

size_t righting_clause_end(const struct reply_view *v, size_t i)
{
	size_t end = i;
	while (end < v->ntok && v->clause_of[end] == v->clause_of[i])
		end++;
	return end;
}

bool righting_found(struct righting_span *f, enum mi_code code, size_t from, size_t to)
{
	f->code = code;
	f->from = from;
	f->to = to;
	return true;
}

/* "have you thought about (just) cutting down", "have you tried the
 * patches", "why not try", "why don't you just", "what about trying",
 * "what if you just stopped", "wouldn't it be easier to", "can't you just". */
static bool advice_question(const struct reply_view *v, size_t i, struct righting_span *f)
{
	static const char *const ponder[] = { "thought", "considered", "thinking", "considering", "tried", "think" };
	static const char *const history[] = { "ever", "before", "already", "previously", "last", "past", "once",
					       "since", "when", "yet" };
	static const char *const asks_self[] = { "want", "like", "think", "feel", "know", "care", "mind", "need",
						 "tell", "say", "talk", "describe", "explain", "walk", "help", "see" };
	static const char *const jointly[] = { "work", "figure", "explore", "talk", "think", "look" };
	static const char *const better[] = { "better", "easier", "good", "best", "simpler", "smarter", "wiser",
					      "sensible", "nice", "kinder", "healthier", "safer" };
	size_t end = righting_clause_end(v, i), k;

	bool asks = v->in_question[i];

	/* have/did/are you (ever) thought/tried ... */
	if (asks && word_is(v, i, "you") && i > 0 && (v->lex[i - 1] & LEX_AUX) && i + 1 < end) {
		k = i + 1;
		bool ever = false;
		while (k < end && (IN(v, k, soft) || word_is(v, k, "ever"))) {
			ever |= word_is(v, k, "ever");
			k++;
		}
		/* "are you thinking of getting one", "would you think about
		 * trying it": asking about the client's plans, or for their view */
		if (k < end && (IN(v, k, ponder) && !((word_is(v, k, "thinking") || word_is(v, k, "considering")) &&
						      !word_is(v, i - 1, "have")) &&
				!word_is(v, i - 1, "would") && !word_is(v, i - 1, "will"))) {
			bool tried = word_is(v, k, "tried");
			size_t w = k + 1;
			if (word_is(v, w, "about") || word_is(v, w, "of"))
				w++;
			w = skip_soft(v, w);
			for (size_t h = k; h < end; h++)
				if (IN(v, h, history) && (tried || !word_is(v, h, "ever")))
					return false;
			if (tried && ever)
				return false;
			if (gerund(v, w) && !question_follows(v, w + 1, end))
				return righting_found(f, CODE_PERS, i - 1, w + 1);
			if (tried && (word_is(v, w, "the") || word_is(v, w, "a") || word_is(v, w, "some") || word_is(v, w, "an")) && w + 1 < end)
				return righting_found(f, CODE_PERS, i - 1, w + 2);
		}
	}
	/* why not / why don't you VERB */
	if (asks && word_is(v, i, "why") && v->clause_start[i]) {
		k = i + 1;
		if (word_is(v, k, "not")) {
			k = skip_soft(v, k + 1);
			if (k < end && !IN(v, k, asks_self) && !(v->lex[k] & (LEX_AUX | LEX_SUBJECT)))
				return righting_found(f, CODE_PERS, i, k + 1);
		} else if ((word_is(v, k, "don't") || word_is(v, k, "dont") || word_is(v, k, "wouldn't") || word_is(v, k, "can't")) &&
			   (word_is(v, k + 1, "you") || word_is(v, k + 1, "we"))) {
			k = skip_soft(v, k + 2);
			if (k < end && !IN(v, k, asks_self) && !(v->lex[k] & LEX_AUX))
				return righting_found(f, CODE_PERS, i, k + 1);
		}
	}
	/* what about / how about trying, how about you try ("how about we work
	 * it out together", "how about we look at your options" propose to
	 * collaborate, as "what if we worked out together" does) */
	if ((word_is(v, i, "what") || word_is(v, i, "how")) && word_is(v, i + 1, "about") && v->clause_start[i]) {
		k = skip_soft(v, i + 2);
		if (word_is(v, k, "we") && k + 1 < end && (IN(v, k + 1, jointly) || words_have(v, k + 1, end, "together")))
			return false;
		if ((gerund(v, k) && !question_follows(v, k + 1, end)) ||
		    ((word_is(v, k, "you") || word_is(v, k, "we")) && k + 1 < end && !(v->lex[k + 1] & LEX_AUX) &&
		     !IN(v, k + 1, asks_self)))
			return righting_found(f, CODE_PERS, i, k + 1 < end ? k + 2 : k + 1);
	}
	/* what if you just stopped buying it ("what if we worked out
	 * together" proposes to collaborate) */
	if (word_is(v, i, "what") && word_is(v, i + 1, "if") && word_is(v, i + 2, "you")) {
		k = skip_soft(v, i + 3);
		if (k < end && !(v->lex[k] & LEX_AUX) && !IN(v, k, asks_self) && !IN(v, k, frames))
			return righting_found(f, CODE_PERS, i, k + 1);
	}
	/* wouldn't it be easier to / would it not be better if */
	if (asks && (word_is(v, i, "wouldn't") || word_is(v, i, "would") || word_is(v, i, "isn't")) && word_is(v, i + 1, "it")) {
		k = i + 2;
		if (word_is(v, k, "not"))
			k++;
		if (word_is(v, k, "be"))
			k++;
		k = skip_soft(v, k);
		if (IN(v, k, better) && (word_is(v, k + 1, "to") || word_is(v, k + 1, "if")))
			return righting_found(f, CODE_PERS, i, k + 2);
	}
	/* can't you just / could you not just VERB */
	if (asks && (word_is(v, i, "can't") || word_is(v, i, "couldn't") || word_is(v, i, "could") || word_is(v, i, "can") ||
	     word_is(v, i, "wouldn't")) && word_is(v, i + 1, "you")) {
		k = i + 2;
		if (word_is(v, k, "not"))
			k++;
		if (word_is(v, k, "just") && k + 1 < end && !IN(v, k + 1, asks_self))
			return righting_found(f, CODE_PERS, i, k + 2);
	}
	return false;
}

/* A consequence promised or threatened on the client's behaviour: a
 * condition on "you" and a prediction that weighs it ("you'd feel better",
 * "you'll end up", "you'll lose"). */
static bool consequence(const struct reply_view *v, size_t i, struct righting_span *f)
{
	static const char *const conds[] = { "if", "unless", "once", "until" };
	static const char *const choice[] = { "want", "wanted", "decide", "decided", "choose", "chose", "wish",
					      "like", "ready", "feel", "felt", "think", "thought", "agree", "prefer" };
	static const char *const weigh[] = {
		"better", "healthier", "happier", "fitter", "easier", "worse", "sorry", "regret", "lose", "losing",
		"die", "dead", "kill", "hospital", "prison", "jail", "inside", "court", "caught", "crash", "ruin",
		"ruined", "wreck", "lost", "alone", "end", "pay", "thank", "glad", "proud", "amazed",
	};
	static const char *const predict[] = { "you'll", "you'd", "it'll", "that'll", "they'll", "she'll", "he'll",
					       "will", "would", "gonna", "going", "won't", "wouldn't" };
	int s = v->sentence_of[i];
	size_t cond = SIZE_MAX, pred = SIZE_MAX, w = SIZE_MAX;

	if (!IN(v, i, conds) || !(word_is(v, i + 1, "you") || word_is(v, i + 1, "you're") || word_is(v, i + 1, "u")))
		return false;
	if (v->sentence_question[s] || righting_framed(v, i))
		return false;
	/* "if you want to", "if you decide": the choice is theirs */
	for (size_t k = i + 2; k < v->ntok && k < i + 4; k++)
		if (IN(v, k, choice))
			return false;
	cond = i;
	for (size_t k = 0; k < v->ntok; k++) {
		if (v->sentence_of[k] != s)
			continue;
		/* "going early", "going to": only the second predicts */
		if (IN(v, k, predict) && pred == SIZE_MAX && (!word_is(v, k, "going") || word_is(v, k + 1, "to")))
			pred = k;
		/* "i'll", "we can": an offer, not a prediction */
		if (word_is(v, k, "i'll") || word_is(v, k, "we'll") || word_is(v, k, "i'd") || word_is(v, k, "i") || word_is(v, k, "we"))
			return false;
		if (IN(v, k, weigh) && !v->echo[k] && w == SIZE_MAX)
			w = k;
	}
	if (pred == SIZE_MAX || w == SIZE_MAX)
		return false;
	size_t from = cond < pred ? cond : pred, to = (w > cond ? w : cond + 2) + 1;
	if (to > v->ntok)
		to = v->ntok;
	return righting_found(f, CODE_PERS, from, to);
}

/* "maybe the doctor has a point", "your wife is right", "he knows best". */
static bool siding(const struct reply_view *v, size_t i, struct righting_span *f)
{
	static const char *const others[] = { "he", "she", "they", "doctor", "doctors", "gp", "nurse", "wife",
					      "husband", "partner", "mum", "mom", "dad", "mother", "father", "boss",
					      "judge", "court", "school", "teacher", "teachers", "family", "son",
					      "daughter", "sister", "brother", "friends", "friend", "people",
					      "everyone", "kids", "officer", "manager", "girlfriend", "boyfriend" };
	size_t k = i + 1;

	if (!IN(v, i, others) || v->in_question[i] || righting_framed(v, i))
		return false;
	if (word_is(v, k, "might") || word_is(v, k, "may") || word_is(v, k, "could") || word_is(v, k, "probably") || word_is(v, k, "just"))
		k++;
	if ((word_is(v, k, "has") || word_is(v, k, "have") || word_is(v, k, "got") || word_is(v, k, "'s")) && word_is(v, k + 1, "a") &&
	    word_is(v, k + 2, "point"))
		return righting_found(f, CODE_PERS, i, k + 3);
	if ((word_is(v, k, "is") || word_is(v, k, "are") || word_is(v, k, "be") || word_is(v, k, "was") || word_is(v, k, "were")) &&
	    (word_is(v, k + 1, "right") || word_is(v, k + 1, "correct")) && !word_is(v, k + 2, "to") && !word_is(v, k + 2, "there"))
		return righting_found(f, CODE_PERS, i, k + 2);
	if ((word_is(v, k, "knows") || word_is(v, k, "know")) && word_is(v, k + 1, "best"))
		return righting_found(f, CODE_PERS, i, k + 2);
	/* "your mum is only trying to help", "she just wants the best for
	 * you", "he means well": the other side's case made for them, unless
	 * the sentence goes on to the client's side ("she means well, but it
	 * drives you mad") */
	if (word_is(v, i, "people") || word_is(v, i, "everyone") || word_is(v, i, "friends"))
		return false; /* "people mean well i guess": nobody's side taken */
	for (size_t j = i; j < v->ntok && v->sentence_of[j] == v->sentence_of[i]; j++)
		if (word_is(v, j, "but") || word_is(v, j, "though") || word_is(v, j, "still") || word_is(v, j, "although"))
			return false;
	if (word_is(v, k, "is") || word_is(v, k, "are") || word_is(v, k, "'s"))
		k++;
	if (word_is(v, k, "only") || word_is(v, k, "just"))
		k++;
	if ((word_is(v, k, "trying") || word_is(v, k, "tryin")) && word_is(v, k + 1, "to") && word_is(v, k + 2, "help"))
		return righting_found(f, CODE_PERS, i, k + 3);
	if ((word_is(v, k, "wants") || word_is(v, k, "want")) && (word_is(v, k + 1, "the") || word_is(v, k + 1, "what's")) &&
	    word_is(v, k + 2, "best"))
		return righting_found(f, CODE_PERS, i, k + 3);
	if ((word_is(v, k, "means") || word_is(v, k, "mean")) && word_is(v, k + 1, "well"))
		return righting_found(f, CODE_PERS, i, k + 2);
	return false;
}

/* A verdict on how much the client does: "you drink too much", "you
 * spend way too long on that phone", "u eat too many sweets". Not the
 * client's own worry ("you wonder if you drink too much"), a question, a
 * denial ("you don't drink too much, you said") or the client's words. */
static bool judging(const struct reply_view *v, size_t i, struct righting_span *f)
{
	size_t k = skip_soft(v, i + 1), end;

	if (!(word_is(v, i, "you") || word_is(v, i, "u")) || v->in_question[i] || righting_framed(v, i))
		return false;
	if (k >= v->ntok || v->clause_of[k] != v->clause_of[i] || !((v->lex[k] & LEX_VERB) || (v->pos[k] & VOCAB_VERB)) ||
	    (v->lex[k] & (LEX_AUX | LEX_SUBJECT)))
		return false;
	end = righting_clause_end(v, i);
	for (size_t j = k + 1; j + 1 < end && j < k + 6; j++) {
		if (word_is(v, j, "not") || word_is(v, j, "never"))
			return false;
		if (word_is(v, j, "too") && (word_is(v, j + 1, "much") || word_is(v, j + 1, "many") || word_is(v, j + 1, "often") ||
					     word_is(v, j + 1, "long") || word_is(v, j + 1, "far")))
			return righting_found(f, CODE_CONF, i, j + 2);
	}
	return false;
}

/* An accusation of what the client fails others in: "you're not listening
 * to her", "you don't hear what he's telling you", "you never think about
 * the kids", "u dont care about anyone else". Not the other's complaint
 * reported ("she feels you don't listen": a frame), nor the client's own
 * words said back (righting_take()). */
static bool neglecting(const struct reply_view *v, size_t i, struct righting_span *f)
{
	static const char *const heed[] = { "listen", "listening", "hear", "hearing", "care", "caring", "notice",
					    "noticing", "think", "thinking" };
	static const char *const others[] = { "her", "him", "them", "anyone", "anybody", "everyone", "what", "a",
					      "your", "ur", "the", "how", "his", "their", "other", "others" };
	size_t k = i + 1, end = righting_clause_end(v, i);

	if (word_is(v, i, "you're") || (word_is(v, i, "ur") && word_is(v, k, "not"))) {
		if (!word_is(v, k++, "not"))
			return false;
	} else if (word_is(v, i, "you") || word_is(v, i, "u")) {
		if (word_is(v, k, "are") && word_is(v, k + 1, "not"))
			k += 2;
		else if (word_is(v, k, "do") && word_is(v, k + 1, "not"))
			k += 2;
		else if (word_is(v, k, "aren't") || word_is(v, k, "don't") || word_is(v, k, "never"))
			k++;
		else
			return false;
	} else {
		return false;
	}
	if (word_is(v, k, "even") || word_is(v, k, "really") || word_is(v, k, "ever"))
		k++;
	if (!IN(v, k, heed) || k + 1 >= end)
		return false;
	bool thinks = word_is(v, k, "think") || word_is(v, k, "thinking");
	size_t j = k + 1;
	if (word_is(v, j, "to") || word_is(v, j, "about"))
		j++;
	else if (thinks)
		return false; /* "you don't think it's a problem": their view */
	if (!IN(v, j, others) || j >= end)
		return false;
	/* the whole of "the kids", "your wife" */
	bool determiner = word_is(v, j, "a") || word_is(v, j, "the") || word_is(v, j, "your") || word_is(v, j, "ur") ||
			  word_is(v, j, "his") || word_is(v, j, "their") || word_is(v, j, "other");
	return righting_found(f, CODE_CONF, i, determiner && j + 1 < end ? j + 2 : j + 1);
}

/* "you did this to yourself", "it's your own fault", "you're the one
 * drinking", "that's on you", "you've only got yourself to blame". */
static bool blaming(const struct reply_view *v, size_t i, struct righting_span *f)
{
	static const char *const deeds[] = { "did", "done", "brought", "doing", "bring", "brings", "do" };
	static const char *const theirs[] = { "decides", "decide", "knows", "know", "gets", "choose", "chooses",
					      "can", "who", "best", "in", "that", "to", "living", "lives", "has" };

	/* "it's not everyone else, it's you", "its not the job its you": the
	 * denial before it is the point, so no frame excuses it */
	if (!v->in_question[i] && (word_is(v, i, "it's") || word_is(v, i, "its")) &&
	    (word_is(v, i + 1, "you") || word_is(v, i + 1, "u") || word_is(v, i + 1, "yours")) &&
	    (i + 2 >= v->ntok || v->sentence_of[i + 2] != v->sentence_of[i] || v->clause_start[i + 2])) {
		for (size_t k = i; k-- > 0 && v->sentence_of[k] == v->sentence_of[i];)
			if (word_is(v, k, "not") || word_is(v, k, "isn't"))
				return righting_found(f, CODE_CONF, i, i + 2);
	}
	if (v->in_question[i] || righting_framed(v, i))
		return false;
	if ((word_is(v, i, "your") || word_is(v, i, "ur")) && (word_is(v, i + 1, "fault") || (word_is(v, i + 1, "own") && word_is(v, i + 2, "fault"))))
		return righting_found(f, CODE_CONF, i, word_is(v, i + 1, "own") ? i + 3 : i + 2);
	if (IN(v, i, deeds) && (word_is(v, i + 1, "this") || word_is(v, i + 1, "that") || word_is(v, i + 1, "it")) &&
	    (word_is(v, i + 2, "to") || word_is(v, i + 2, "on")) && word_is(v, i + 3, "yourself"))
		return righting_found(f, CODE_CONF, i, i + 4);
	if (word_is(v, i, "yourself") && word_is(v, i + 1, "to") && word_is(v, i + 2, "blame"))
		return righting_found(f, CODE_CONF, i, i + 3);
	if ((word_is(v, i, "you're") || word_is(v, i, "ur")) && word_is(v, i + 1, "the") && word_is(v, i + 2, "one") && i + 3 < v->ntok &&
	    v->sentence_of[i + 3] == v->sentence_of[i]) {
		/* "you're the one who decides", "... who knows your week": autonomy */
		size_t k = i + 3;
		if (!gerund(v, k) && !word_is(v, k, "who"))
			return false; /* "you're the one awake at two": a picture, not blame */
		if (IN(v, k, theirs) && !(word_is(v, k, "who") && (word_is(v, k + 1, "drinks") || word_is(v, k + 1, "smokes") ||
							    word_is(v, k + 1, "keeps") || word_is(v, k + 1, "chose"))))
			return false;
		return righting_found(f, CODE_CONF, i, k + 1);
	}
	if (neglecting(v, i, f))
		return true;
	if ((word_is(v, i, "that's") || word_is(v, i, "it's") || word_is(v, i, "thats")) && word_is(v, i + 1, "on") && word_is(v, i + 2, "you") &&
	    (i + 3 >= v->ntok || v->sentence_of[i + 3] != v->sentence_of[i] || v->clause_start[i + 3]))
		return righting_found(f, CODE_CONF, i, i + 3);
	return false;
}

/* "oh sure", "oh great", "yeah right", "as if that will help", "like
 * that's going to work". */
static bool sarcasm(const struct reply_view *v, size_t i, struct righting_span *f)
{
	static const char *const mock[] = { "sure", "yeah", "great", "brilliant", "wonderful", "lovely", "perfect",
					    "please", "marvellous", "fantastic" };
	static const char *const it[] = { "that", "that'll", "that's", "it", "it'll", "it's", "you", "you'll",
					  "this", "thats", "its" };
	static const char *const will[] = { "will", "would", "is", "'s", "gonna", "going", "ever", "works" };

	if (!v->clause_start[i] && !v->sentence_start[i])
		return false;
	if (word_is(v, i, "oh") && IN(v, i + 1, mock))
		return righting_found(f, CODE_CONF, i, i + 2);
	if (word_is(v, i, "yeah") && word_is(v, i + 1, "right") && (i + 2 >= v->ntok || v->sentence_of[i + 2] != v->sentence_of[i]))
		return righting_found(f, CODE_CONF, i, i + 2);
	if ((word_is(v, i, "as") && word_is(v, i + 1, "if")) || (word_is(v, i, "like") && i == 0)) {
		size_t k = i + (word_is(v, i, "as") ? 2 : 1);
		if (IN(v, k, it) && (IN(v, k + 1, will) || strstr(v->tok[k].word, "'ll") ||
				     (!strcmp(v->tok[k].word, "that's") && word_is(v, k + 1, "going"))))
			return righting_found(f, CODE_CONF, i, k + 2 < v->ntok ? k + 2 : v->ntok);
		if (IN(v, k, it) && strstr(v->tok[k].word, "'"))
			return righting_found(f, CODE_CONF, i, k + 1);
	}
	return false;
}

/* The practitioner's own recommendation: "i'd set that up", "id go with
 * the bus", "if i were you", "my advice would be", "what i'd do is". Not a
 * feeling, a guess or a wish ("i'd guess you're tired", "i'd like to hear
 * more", "i'd be interested"), and not a question. */
static bool recommends(const struct reply_view *v, size_t i, struct righting_span *f)
{
	static const char *const not_advice[] = {
		"like", "love", "guess", "imagine", "say", "think", "wonder", "want", "hate", "be", "have", "need",
		"bet", "expect", "hope", "assume", "hazard", "understand", "agree", "feel", "been", "never", "not",
		"probably", "also", "rather", "ask", "prefer", "argue", "suggest", "put",
	};
	size_t k;

	if (v->in_question[i] || righting_framed(v, i))
		return false;
	if (word_is(v, i, "i'd") || (word_is(v, i, "i") && word_is(v, i + 1, "would"))) {
		k = skip_soft(v, i + (word_is(v, i, "i'd") ? 1 : 2));
		if (k < v->ntok && v->sentence_of[k] == v->sentence_of[i] && !IN(v, k, not_advice) &&
		    ((v->lex[k] & LEX_VERB) || (v->pos[k] & VOCAB_VERB_BASE)) && !(v->lex[k] & (LEX_AUX | LEX_SUBJECT)))
			return righting_found(f, CODE_PERS, i, k + 1);
	}
	if (word_is(v, i, "if") && word_is(v, i + 1, "i") && (word_is(v, i + 2, "were") || word_is(v, i + 2, "was")) &&
	    word_is(v, i + 3, "you"))
		return righting_found(f, CODE_PERS, i, i + 4);
	if (word_is(v, i, "my") && word_is(v, i + 1, "advice") && (word_is(v, i + 2, "is") || word_is(v, i + 2, "would") ||
								     word_is(v, i + 2, "'s")))
		return righting_found(f, CODE_PERS, i, i + 3);
	return false;
}

/* A value set over the client's choice as the practitioner's verdict:
 * "your health is more important than one night out", "nothing matters
 * more than your kids", "kayden deserves a nan who can keep up". Not the
 * client's own value ("... more important to you than"), a question, or a
 * framed thought ("you feel she deserves better"). */
static bool moralising_found(const struct reply_view *v, size_t i, struct righting_span *f)
{
	static const char *const be[] = { "is", "are", "'s", "was", "matters", "matter", "comes", "come", "counts" };
	static const char *const weighs[] = { "matters", "matter", "counts", "comes", "come" };
	static const char *const verdicts[] = {
		"ridiculous", "stupid", "selfish", "irresponsible", "pathetic", "lazy", "crazy", "insane", "mad",
		"disgusting", "reckless", "unacceptable", "childish", "silly", "daft", "nuts", "bonkers", "shocking",
		"disgraceful", "careless", "wrong", "rubbish", "nonsense", "excuse", "joke", "shameful", "madness",
	};
	int s = v->sentence_of[i];
	size_t k, from = i;

	while (from > 0 && v->clause_of[from - 1] == v->clause_of[i])
		from--;
	if (IN(v, i, be) && i > 0 && v->sentence_of[i - 1] == s) {
		bool verb = IN(v, i, weighs);
		k = i + 1;
		if (word_is(v, k, "way") || word_is(v, k, "much") || word_is(v, k, "far") || word_is(v, k, "so"))
			k++;
		/* "matters more than", "is more important than" */
		if (word_is(v, k, "more") &&
		    (verb ? word_is(v, k + 1, "than")
			  : (word_is(v, k + 1, "important") || word_is(v, k + 1, "precious")) && word_is(v, k + 2, "than")))
			return righting_found(f, CODE_CONF, from == i ? i - 1 : from, verb ? k + 2 : k + 3);
	}
	/* "four cans a day is ridiculous", "thats just selfish": a verdict on
	 * what the client does (not "you feel it's ridiculous", not "isn't") */
	if ((word_is(v, i, "is") || word_is(v, i, "'s") || word_is(v, i, "are") || word_is(v, i, "that's") ||
	     word_is(v, i, "thats")) && i + 1 < v->ntok) {
		k = skip_soft(v, i + 1);
		if (word_is(v, k, "so") || word_is(v, k, "pretty") || word_is(v, k, "frankly") || word_is(v, k, "a") ||
		    word_is(v, k, "an") || (word_is(v, k, "no") && word_is(v, k + 1, "excuse")))
			k++;
		if (k < v->ntok && v->sentence_of[k] == s && IN(v, k, verdicts) && !v->echo[k] &&
		    !(k + 1 < v->ntok && (word_is(v, k + 1, "of") || word_is(v, k + 1, "to"))))
			return righting_found(f, CODE_CONF, from, k + 1);
	}
	/* "being an adult doesn't give you the right to", "feeling fine
	 * doesn't mean you can skip them" (not "... mean you can't") */
	if ((word_is(v, i, "doesn't") || word_is(v, i, "don't")) && i > 0 && v->sentence_of[i - 1] == s) {
		k = skip_soft(v, i + 1);
		if ((word_is(v, k, "give") && (word_is(v, k + 1, "you") || word_is(v, k + 1, "u")) && word_is(v, k + 2, "the") &&
		     word_is(v, k + 3, "right")) ||
		    (word_is(v, k, "mean") && (word_is(v, k + 1, "you") || word_is(v, k + 1, "u")) &&
		     (word_is(v, k + 2, "can") || (word_is(v, k + 2, "get") && word_is(v, k + 3, "to")))))
			return righting_found(f, CODE_CONF, i, k + 4 < v->ntok ? k + 4 : v->ntok);
	}
	if ((word_is(v, i, "deserves") || word_is(v, i, "deserve")) && i > 0 && v->sentence_of[i - 1] == s &&
	    !word_is(v, i - 1, "you") && !word_is(v, i - 1, "i") && !word_is(v, i - 1, "u") &&
	    (word_is(v, i + 1, "a") || word_is(v, i + 1, "an") || word_is(v, i + 1, "better") || word_is(v, i + 1, "more")))
		return righting_found(f, CODE_CONF, i - 1, i + 2);
	return false;
}

static bool moralising(const struct reply_view *v, size_t i, struct righting_span *f)
{
	if (!moralising_found(v, i, f) || v->in_question[i])
		return false;
	/* the negation is the construction's own ("working hard doesn't give
	 * you the right", "just because you feel fine doesn't mean you can"):
	 * only the client's thought ("you think being ill doesn't mean...")
	 * frames it, never a "because" */
	if (word_is(v, i, "doesn't") || word_is(v, i, "don't")) {
		bool because = false, thought = false;
		for (size_t k = i; k-- > 0 && v->sentence_of[k] == v->sentence_of[i];) {
			because |= word_is(v, k, "because") || word_is(v, k, "cos") || word_is(v, k, "coz");
			thought |= k > 0 && IN(v, k, frames) &&
				   (word_is(v, k - 1, "you") || word_is(v, k - 1, "u") || word_is(v, k - 1, "it"));
		}
		if (thought && !because)
			return false;
	} else if (righting_framed(v, i)) {
		return false;
	}
	for (size_t k = 0; k + 1 < v->ntok; k++) /* "to you", "for you": the client's own value */
		if (v->sentence_of[k] == v->sentence_of[i] && (word_is(v, k, "to") || word_is(v, k, "for")) &&
		    (word_is(v, k + 1, "you") || word_is(v, k + 1, "u")))
			return false;
	return true;
}

/* An ultimatum worded like the client's value: "(if) you want to keep
 * your job then pack it in", "if u wanna see your kids then sort it out":
 * the client's want made the condition of an order (PERS). Not an
 * invitation ("if you want, then tell me more") or a reflection that goes
 * on ("you want to keep your job, then you'll have to decide"). */
static bool ultimatum(const struct reply_view *v, size_t i, struct righting_span *f)
{
	static const char *const wants[] = { "want", "wanna", "wanted" };
	size_t j = i + (word_is(v, i, "if") ? 1 : 0);
	int s = v->sentence_of[i];

	if (!(word_is(v, j, "you") || word_is(v, j, "u")) || !IN(v, j + 1, wants))
		return false;
	if (v->sentence_question[s] || righting_framed(v, i))
		return false;
	for (size_t k = j + 2; k + 1 < v->ntok && v->sentence_of[k] == s; k++) {
		if (!word_is(v, k, "then"))
			continue;
		size_t verb = skip_soft(v, k + 1);
		if (verb >= v->ntok || v->sentence_of[verb] != s || IN(v, verb, evokes) ||
		    !((v->lex[verb] & LEX_VERB) || (v->pos[verb] & VOCAB_VERB_BASE)) ||
		    (v->lex[verb] & (LEX_AUX | LEX_SUBJECT)))
			return false;
		return righting_found(f, CODE_PERS, i, verb + 1);
	}
	return false;
}

/* The words a construction can start at (each detector's first test), by
 * hash: most words start none, and are passed over without a comparison. */
static const char *const starters[] = {
	"you", "u", "why", "what", "how", "wouldn't", "would", "isn't", "can't", "couldn't", "could", "can",
	"if", "unless", "once", "until",
	"he", "she", "they", "doctor", "doctors", "gp", "nurse", "wife", "husband", "partner", "mum", "mom", "dad",
	"mother", "father", "boss", "judge", "court", "school", "teacher", "teachers", "family", "son", "daughter",
	"sister", "brother", "friends", "friend", "people", "everyone", "kids", "officer", "manager", "girlfriend",
	"boyfriend",
	"your", "ur", "did", "done", "brought", "doing", "bring", "brings", "do", "yourself", "you're", "that's",
	"it's", "thats",
	"oh", "yeah", "as", "like",
	"i'd", "i", "my",
	"is", "are", "'s", "was", "matters", "matter", "comes", "come", "counts", "deserves", "deserve", "that's",
	"doesn't", "don't",
	"there's", "theres", "there", "no", "nothing", "stop", "try", "chin", "cheer",
	"everybody", "we", "all",
};

static bool may_start(const struct reply_view *v, size_t i)
{
	static uint32_t hash[ARRAY_SIZE(starters)];
	static bool ready;

	if (!ready) {
		for (size_t k = 0; k < ARRAY_SIZE(starters); k++)
			hash[k] = coder_hash(starters[k]);
		ready = true;
	}
	for (size_t k = 0; k < ARRAY_SIZE(starters); k++)
		if (hash[k] == v->whash[i])
			return true;
	return false;
}

/* An affirmation worded as an order: "give yourself some credit", "be
 * proud of that", "pat yourself on the back". */
static bool credits(const struct reply_view *v, size_t from, size_t end)
{
	static const char *const praise[] = { "credit", "proud", "pat" };
	for (size_t k = from; k < end && k < from + 5; k++)
		if (IN(v, k, praise))
			return true;
	return false;
}

/* An order: a clause in the imperative ("cut the weeknight cans", "just
 * bin the vape", "don't be so hard on yourself"), unless what it bids is
 * to talk, picture or remember ("tell me more", "walk me through it",
 * "imagine a year from now"), to collaborate ("let's look at it"), or to
 * take one's time. A softened order ("maybe try the gum", "just take it
 * one day at a time", "try the patches again") is a suggestion, found
 * first, and after a reflection in the same sentence too ("it feels like
 * nothing works, so maybe try the gum"): only a thought right before it
 * frames it ("part of you thinks, just stop"). */
static bool ordering(const struct reply_view *v, struct righting_span *f, int *kind)
{
	static const char *const softeners[] = { "maybe", "perhaps", "just" };

	for (int pass = 0; pass < 2; pass++)
		for (size_t c = 0; c < v->nclause; c++) {
			const struct clause *cl = &v->clause[c];
			size_t k = skip_soft(v, cl->head);
			while (word_is(v, k, "honestly") || word_is(v, k, "seriously")) /* "and honestly just try" */
				k = skip_soft(v, k + 1);
			if (cl->mood != MOOD_IMPERATIVE || v->in_question[cl->head] || k >= cl->end)
				continue;
			if (IN(v, k, evokes) || IN(v, cl->head, evokes) || word_is(v, k, "think") ||
			    (word_is(v, k, "have") && word_is(v, k + 1, "a") && word_is(v, k + 2, "think")))
				continue;
			if (word_is(v, k, "take") && (word_is(v, k + 1, "your") || word_is(v, k + 1, "ur")) && word_is(v, k + 2, "time"))
				continue;
			if (credits(v, k, cl->end)) /* "give yourself some credit", "be proud of yourself" */
				continue;
			bool softened = (k > cl->head && IN(v, k - 1, softeners)) ||
					(word_is(v, k, "try") && !IN(v, k + 1, evokes) &&
					 !((word_is(v, k + 1, "and") || word_is(v, k + 1, "to")) && IN(v, k + 2, evokes)));
			/* an order after a statement, a reflection most often ("you feel
			 * stuck, cut the weeknight cans"): the statement's words do not
			 * frame it, only a voice right before it does */
			bool after = c > 0 && v->clause[c - 1].mood == MOOD_STATEMENT && !righting_voiced(v, cl->head);
			if (pass == 0 ? !softened || righting_voiced(v, cl->head) : !after && righting_framed(v, cl->head))
				continue;
			/* the verb and its object's first content word: "cut the weeknight" */
			size_t to = k + 1;
			while (to < cl->end && to < k + 4 && coder_stop_word(v->tok[to].word))
				to++;
			*kind = pass == 0 ? RIGHTS_SUGGESTS : c == 0 ? RIGHTS_ORDER_OPENS : after ? RIGHTS_ORDER_AFTER : RIGHTS_ORDER;
			return righting_found(f, CODE_PERS, cl->head, to < cl->end ? to + 1 : cl->end);
		}
	return false;
}

/* Take the construction f of kind as the reply's, unless it is made of
 * the client's own words (then it reflects them). */
static bool righting_take(struct reply_view *v, const struct righting_span *f, int kind)
{
	size_t content = 0, echoed = 0;

	for (size_t k = f->from; k < f->to; k++)
		if (!coder_stop_word(v->tok[k].word)) {
			content++;
			echoed += v->echo[k];
		}
	/* told the feeling the client named; the client's words argued with */
	if (content && echoed * 2 > content && kind != RIGHTS_FEELINGS && kind != RIGHTS_REBUTS)
		return false;
	v->rights = f->code;
	v->rights_kind = kind;
	v->rights_start = v->tok[f->from].start;
	v->rights_len = v->tok[f->to - 1].start + v->tok[f->to - 1].len - v->rights_start;
	return true;
}

void righting_read(struct reply_view *v)
{
	struct righting_span f;

	v->rights = CODE_OTHER;
	v->rights_kind = RIGHTS_NONE;
	v->rights_start = v->rights_len = 0;
	for (size_t i = 0; i < v->ntok; i++) {
		if (!may_start(v, i))
			continue;
		int kind = advice_question(v, i, &f)  ? RIGHTS_ADVICE_QUESTION
			   : consequence(v, i, &f)      ? RIGHTS_CONSEQUENCE
			   : siding(v, i, &f)           ? RIGHTS_SIDING
			   : blaming(v, i, &f)          ? RIGHTS_BLAMING
			   : sarcasm(v, i, &f)          ? RIGHTS_SARCASM
			   : recommends(v, i, &f)       ? RIGHTS_RECOMMENDS
			   : moralising(v, i, &f)       ? RIGHTS_MORALISING
			   : ultimatum(v, i, &f)        ? RIGHTS_ULTIMATUM
			   : judging(v, i, &f)          ? RIGHTS_JUDGING
			   : telling_feelings(v, i, &f) ? RIGHTS_FEELINGS
			   : telling_needs(v, i, &f)    ? RIGHTS_NEEDS
			   : telling_rebuttal(v, i, &f) ? RIGHTS_REBUTS
			   : RIGHTS_NONE;
		if (kind != RIGHTS_NONE && righting_take(v, &f, kind))
			return;
	}
	int kind = RIGHTS_NONE;
	if (ordering(v, &f, &kind))
		righting_take(v, &f, kind);
}
