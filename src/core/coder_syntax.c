/* coder_syntax.c: what each clause of a reply does, from its words as well
 * as its punctuation, because practice replies are typed without "?" or
 * commas. A clause asks when it ends a "?" sentence, opens with a question
 * word before an auxiliary or a verb ("what would help"), inverts an
 * auxiliary and its subject ("did the patches help", "is it the evenings"),
 * asks for a telling ("tell me about", "walk me through"), wonders ("i'm
 * wondering what"), or ends on a tag ("that's hard isn't it", ", right").
 * It orders when it opens with a verb in its base form ("cut the cans",
 * "just bin the vape", "don't be so hard on yourself", "let's"). A question
 * that runs on from a statement starts a new sentence: "you feel stuck what
 * would help" is a reflection and a question. */
#include "coder_int.h"

#include <string.h>

#include "core/util.h"

bool word_is(const struct reply_view *v, size_t i, const char *w)
{
	return i < v->ntok && word_eq(v->tok[i].word, w);
}

bool word_in(const struct reply_view *v, size_t i, const char *const *list, size_t n)
{
	for (size_t k = 0; k < n && i < v->ntok; k++)
		if (word_eq(v->tok[i].word, list[k]))
			return true;
	return false;
}

static const char *const personal[] = { "you", "i", "we", "they", "he", "she", "it", "u" };

/* Words before a question word that make what follows an indirect question
 * or a relative clause inside the sentence ("you know what you want",
 * "tell me what would help"), not a new one. */
static const char *const embedding[] = {
	"know", "knew", "wonder", "wondering", "wondered", "ask", "asking", "asked", "tell", "telling", "sure",
	"about", "see", "understand", "idea", "matter", "matters", "realise", "realize", "decide", "decided",
	"explain", "show", "of", "on", "in", "at", "to", "for", "is", "was", "that", "remember", "forget",
	"figure", "guess", "imagine", "notice", "learn", "care", "mind", "depends", "exactly", "like", "hear",
	"heard", "said", "say", "think", "thinking", "curious", "me", "us", "and", "or", "but", "so", "just",
	"out", "discuss", "talk", "talking", "look", "looking", "see", "saw", "with", "from", "by", "no",
};

static bool is_personal(const struct reply_view *v, size_t i)
{
	return word_in(v, i, personal, ARRAY_SIZE(personal));
}

/* Does a question start at i in the middle of a sentence? */
static bool runs_on_as_question(const struct reply_view *v, size_t i)
{
	if (i < 2 || v->clause_start[i] || i + 1 >= v->ntok || !(v->lex[i] & (LEX_WH | LEX_AUX)))
		return false;
	if (word_in(v, i - 1, embedding, ARRAY_SIZE(embedding)) || (v->lex[i - 1] & (LEX_WH | LEX_SUBJECT)))
		return false;
	/* An auxiliary before it is the verb of what came first ("what to do
	 * what would...") only after "to". */
	if ((v->lex[i - 1] & LEX_AUX) && !word_is(v, i - 2, "to"))
		return false;
	/* "a nan who can keep up", "days when it's hard": a relative clause
	 * on the noun before it */
	if ((word_is(v, i, "who") || word_is(v, i, "which") || word_is(v, i, "whose") || word_is(v, i, "where") ||
	     word_is(v, i, "when")) && (v->pos[i - 1] & VOCAB_NOUN) && !(v->pos[i - 1] & VOCAB_MAINLY_VERB))
		return false;
	if ((v->lex[i] & LEX_WH) && (v->lex[i + 1] & LEX_AUX))
		return true;
	return (v->lex[i] & LEX_AUX) && is_personal(v, i + 1) && !(v->lex[i - 1] & LEX_STOP);
}

static bool base_verb(const struct reply_view *v, size_t i);
static bool so_intensifies(const struct reply_view *v, size_t k);
static bool labels_the_client(const struct reply_view *v, size_t *start, size_t *len);
static bool subject_follows(const struct reply_view *v, size_t i);

/* Split run-on questions off and number the sentences. */
static void number_sentences(struct reply_view *v)
{
	static const char *const so_soft[] = { "just", "maybe", "honestly", "then", "now", "definitely", "really" };
	int sent = -1;

	for (size_t i = 0; i < v->ntok; i++) {
		if (runs_on_as_question(v, i)) {
			v->sentence_start[i] = v->clause_start[i] = true;
		}
		/* "yes, but": a clause that argues with what came before. */
		if (i > 0 && !v->clause_start[i] && (word_is(v, i, "but") || word_is(v, i, "however"))) {
			v->clause_start[i] = true;
			if (i + 1 < v->ntok && !v->clause_start[i + 1])
				v->clause_start[i + 1] = true;
		}
		/* "it isnt going away so get on board", "they worked so just go
		 * back on them": an order after "so". */
		if (i > 0 && !v->clause_start[i] && word_is(v, i, "so")) {
			size_t k = i + 1;
			while (k < v->ntok && k < i + 3 && word_in(v, k, so_soft, ARRAY_SIZE(so_soft)))
				k++;
			if (base_verb(v, k) && !(v->lex[k] & (LEX_AUX | LEX_SUBJECT)) && !subject_follows(v, k + 1) &&
			    !(k == i + 1 && so_intensifies(v, k)))
				v->clause_start[i] = true;
		}
		if (v->sentence_start[i] || i == 0)
			sent++;
		v->sentence_of[i] = sent;
	}
	v->nsent = v->ntok ? (size_t)sent + 1 : 0;
}

/* The first word of clause [first, end) after discourse openers and
 * softeners ("so", "ok", "just"). */
static size_t clause_head(const struct reply_view *v, size_t first, size_t end)
{
	size_t h = first;
	while (h + 1 < end && (v->lex[h] & LEX_OPENER))
		h++;
	return h;
}

static bool base_verb(const struct reply_view *v, size_t i)
{
	if (i >= v->ntok)
		return false;
	if (v->lex[i] & LEX_VERB)
		return true;
	return (v->pos[i] & VOCAB_VERB_BASE) && (v->pos[i] & VOCAB_MAINLY_VERB);
}

/* "seeing him so upset with them", "you were so upset": "so" before a word
 * that can be an adjective, with no object or particle after it, makes it
 * stronger; it opens no order ("so cut the cans", "so slow down"). */
static bool so_intensifies(const struct reply_view *v, size_t k)
{
	static const char *const objects[] = { "the", "a", "an", "your", "ur", "it", "them", "him", "her", "that",
						"this", "those", "these", "some", "up", "down", "out", "off", "back", "on",
						"in", "over", "yourself" };
	return k < v->ntok && (v->pos[k] & VOCAB_ADJ) && !word_in(v, k + 1, objects, ARRAY_SIZE(objects));
}

/* Words after a clause's first word that show it was the subject ("work is
 * hard", "drinking helps"), not an order. */
static bool subject_follows(const struct reply_view *v, size_t i)
{
	static const char *const verbs[] = { "is", "was", "are", "were", "has", "had", "seems", "sounds", "can",
					     "will", "would", "does", "makes", "helps", "gets", "means", "looks",
					     "feels", "isn't", "wasn't", "it's", "of", "and", "or" };
	return word_in(v, i, verbs, ARRAY_SIZE(verbs));
}

static bool asks_by_syntax(const struct reply_view *v, size_t h, size_t end)
{
	static const char *const telling[] = { "tell", "describe", "explain", "walk", "talk", "say", "share" };
	static const char *const do_subjects[] = { "you", "i", "we", "they", "he", "she", "people", "anyone",
						   "anybody", "your", "his", "her", "their", "my", "u", "ur" };
	size_t n1 = h + 1;

	if (v->lex[h] & LEX_WH) {
		/* "whats she noticed", "hows it going": the verb is in the wh-word,
		 * and the subject after it asks */
		if (strchr(v->tok[h].word, '\'') && n1 < end && is_personal(v, n1))
			return true;
		/* "what you need is rest" is a statement; "what a week" exclaims. */
		if (n1 < end && (is_personal(v, n1) || word_is(v, n1, "a") || word_is(v, n1, "an")))
			return false;
		/* "how hard that must be", "how much you care": exclaims; "what
		 * worries you", "what brings you here" ask (a verb, not a degree) */
		if (n1 + 1 < end && !(v->lex[n1] & LEX_AUX) && !(v->pos[n1] & VOCAB_MAINLY_VERB) &&
		    !((v->pos[n1] & VOCAB_VERB) && !(v->pos[n1] & (VOCAB_ADJ | VOCAB_ADV))) &&
		    (is_personal(v, n1 + 1) || word_is(v, n1 + 1, "that") || word_is(v, n1 + 1, "this")))
			return false;
		/* "what matters most to you is getting him back", "what happened
		 * was...": a statement about what the clause's verb names */
		if (word_is(v, h, "what") && n1 + 1 < end && !(v->lex[n1] & LEX_AUX) && !(v->pos[n1] & VOCAB_MAINLY_NOUN)) {
			size_t len = strlen(v->tok[n1].word);
			bool finite = len > 3 && (v->tok[n1].word[len - 1] == 's' ||
						  !strcmp(v->tok[n1].word + len - 2, "ed"));
			for (size_t k = n1 + 1; finite && k < end; k++)
				if ((word_is(v, k, "is") || word_is(v, k, "was")) && k + 1 < v->ntok && !v->sentence_start[k + 1])
					return false;
		}
		return n1 < end || word_is(v, h, "why") || word_is(v, h, "how");
	}
	if ((v->lex[h] & LEX_AUX) && n1 < end) {
		if (word_is(v, h, "do") || word_is(v, h, "don't") || word_is(v, h, "have"))
			return word_in(v, n1, do_subjects, ARRAY_SIZE(do_subjects));
		return (v->lex[n1] & LEX_SUBJECT) != 0;
	}
	if (word_in(v, h, telling, ARRAY_SIZE(telling)) && n1 < end &&
	    (word_is(v, n1, "me") || word_is(v, n1, "us") || word_is(v, n1, "more")))
		return true;
	if (word_is(v, h, "describe") || (word_is(v, h, "help") && word_is(v, n1, "me")))
		return true;
	/* "i'm wondering what...", "i wonder if...", "curious how..." */
	for (size_t i = h; i + 1 < end; i++)
		if ((word_is(v, i, "wondering") || word_is(v, i, "wonder") || word_is(v, i, "curious")) &&
		    ((v->lex[i + 1] & LEX_WH) || word_is(v, i + 1, "if") || word_is(v, i + 1, "whether") ||
		     word_is(v, i + 1, "about")))
			return true;
	/* A tag at its end: "that's hard isn't it", "you tried before didn't you";
	 * not a subject, its verb and a pronoun ("you'd rather it was you"). */
	if (end >= h + 4 && (v->lex[end - 2] & LEX_AUX) && is_personal(v, end - 1) && !is_personal(v, end - 3) &&
	    (end == v->ntok || v->sentence_start[end]))
		return true;
	if (end == h + 1 && h > 0 && (word_is(v, h, "right") || word_is(v, h, "yeah") || word_is(v, h, "eh") ||
				      word_is(v, h, "innit") || word_is(v, h, "okay") || word_is(v, h, "ok")) &&
	    !v->sentence_start[h] && (h + 1 == v->ntok || v->sentence_start[h + 1]))
		return true;
	return word_is(v, end - 1, "innit") || (end >= h + 3 && word_is(v, end - 2, "or") &&
						 (word_is(v, end - 1, "not") || word_is(v, end - 1, "what")));
}

static bool orders(const struct reply_view *v, size_t h, size_t end)
{
	static const char *const softeners[] = { "just", "maybe", "perhaps", "simply", "really", "definitely", "always",
						 "honestly", "seriously", "please", "then", "now", "go", "try", "next",
						 "time", "tonight", "tomorrow", "today", "first", "at", "least", "also",
						 "instead", "from", "on", "this", "week", "weekend", "morning", "every" };
	/* "dont know about you but...", "dont want another thing on the list":
	 * a statement with its subject dropped; nobody is told not to know */
	static const char *const stative[] = { "know", "want", "wanna" };
	size_t k = h;

	if (word_is(v, h, "let's") || word_is(v, h, "please"))
		return true;
	if ((word_is(v, h, "don't") || word_is(v, h, "never")) && base_verb(v, h + 1) && h + 1 < end)
		return !word_in(v, h + 1, stative, ARRAY_SIZE(stative));
	while (k + 1 < end && word_in(v, k, softeners, ARRAY_SIZE(softeners)) && !base_verb(v, k))
		k++;
	/* "do that every morning", "have a think": an auxiliary that is the verb */
	if ((word_is(v, k, "do") || word_is(v, k, "have") || word_is(v, k, "be")) && !is_personal(v, k + 1))
		return k + 1 < end;
	if (!base_verb(v, k) || (v->lex[k] & (LEX_AUX | LEX_SUBJECT | LEX_WH)))
		return false;
	return !(k + 1 < end && subject_follows(v, k + 1));
}

/* "you could smell the bread", "i could taste my tea": what was sensed,
 * not an option offered ("you could try the gum"; "you could see someone"
 * and "you could feel better" offer and promise, so only these three). */
static bool perceived(const struct reply_view *v, size_t i)
{
	static const char *const senses[] = { "smell", "taste", "hear" };
	return (word_is(v, i, "could") || word_is(v, i, "couldn't")) && word_in(v, i + 1, senses, ARRAY_SIZE(senses));
}

/* A "must" that guesses at the client's experience rather than obliging
 * them (MI-PRIMER: an empathic guess is a complex reflection): "you must be
 * shattered", "you must have been scared", "you must feel judged", "you
 * must get fed up", "you must hate this bit", "you must really miss her",
 * "that must sting", "him leaving must still hurt" (its subject no person
 * told to act). Not "you must get a break booked", "you must keep taking
 * them". i is the "must". */
bool must_guesses(const struct reply_view *v, size_t i)
{
	static const char *const softeners[] = { "really", "so", "just", "still", "sometimes", "all", "both" };
	static const char *const people[] = { "you", "u", "ya", "ye", "we", "i", "they", "he", "she" };
	size_t j = i + 1, s = i;

	if (!word_is(v, i, "must"))
		return false;
	while (s > 0 && !v->clause_start[s] && word_in(v, s - 1, softeners, ARRAY_SIZE(softeners)))
		s--;
	if (s > 0 && !v->clause_start[s] && !word_in(v, s - 1, people, ARRAY_SIZE(people)))
		return true; /* "that must sting", "him leaving must still hurt" */
	if (word_is(v, j, "be") || word_is(v, j, "feel"))
		return true;
	if (word_is(v, j, "have") || word_is(v, j, "of")) /* "must of been", as typed */
		return word_is(v, j + 1, "been") || word_is(v, j + 1, "felt") || (v->pos[j + 1] & VOCAB_VERB_FEELING);
	if (word_is(v, j, "get"))
		return word_is(v, j + 1, "fed") || ((v->pos[j + 1] & VOCAB_ADJ) && !(v->lex[j + 1] & LEX_STOP));
	while (j < i + 3 && word_in(v, j, softeners, ARRAY_SIZE(softeners)))
		j++;
	return word_is(v, j, "feel") || (v->pos[j] & VOCAB_VERB_FEELING);
}

static enum clause_subject subject_of(const struct reply_view *v, size_t from, size_t end)
{
	static const char *const you[] = { "you", "you're", "you've", "you'll", "you'd", "your", "yourself", "yours" };
	static const char *const me[] = { "i", "i'm", "i've", "i'd", "i'll", "me", "my" };
	static const char *const we[] = { "we", "we're", "we've", "we'll", "we'd", "us", "our", "let's" };
	static const char *const it[] = { "it", "it's", "that", "that's", "this", "there", "there's", "its",
					  "it'll", "that'll", "what's" };
	static const char *const they[] = { "they", "they're", "they've", "he", "she", "he's", "she's", "people",
					    "everyone", "someone", "somebody", "everybody", "others", "nobody" };

	for (size_t i = from; i < end && i < from + 3; i++) {
		if (word_in(v, i, you, ARRAY_SIZE(you)))
			return SUBJ_YOU;
		if (word_in(v, i, me, ARRAY_SIZE(me)))
			return SUBJ_I;
		if (word_in(v, i, we, ARRAY_SIZE(we)))
			return SUBJ_WE;
		if (word_in(v, i, it, ARRAY_SIZE(it)))
			return SUBJ_IT;
		if (word_in(v, i, they, ARRAY_SIZE(they)))
			return SUBJ_THEY;
	}
	return SUBJ_NONE;
}

static void clause_read(struct reply_view *v, struct clause *cl)
{
	size_t h = cl->head;

	cl->mood = asks_by_syntax(v, h, cl->end) ? MOOD_QUESTION : orders(v, h, cl->end) ? MOOD_IMPERATIVE
											       : MOOD_STATEMENT;
	cl->subject = subject_of(v, (v->lex[h] & (LEX_AUX | LEX_WH)) ? h + 1 : h, cl->end);
	cl->modal = 0;
	cl->negated = cl->judges = cl->echoes = cl->harms = false;
	cl->ends_though = cl->end > cl->first && (word_is(v, cl->end - 1, "though") || word_is(v, cl->end - 1, "anyway"));
	cl->after_but = (cl->first < v->ntok && (v->lex[cl->first] & LEX_CONTRAST)) ||
			(h > cl->first && (v->lex[h - 1] & LEX_CONTRAST));
	for (size_t i = cl->first; i < cl->end; i++) {
		if ((v->lex[i] & LEX_OBLIGATION) && !must_guesses(v, i))
			cl->modal |= MODAL_OBLIGATION;
		if ((word_is(v, i, "have") || word_is(v, i, "has") || word_is(v, i, "got")) && word_is(v, i + 1, "to"))
			cl->modal |= MODAL_OBLIGATION;
		if ((v->lex[i] & LEX_POSSIBILITY) && !perceived(v, i))
			cl->modal |= MODAL_POSSIBILITY;
		cl->negated |= (v->lex[i] & LEX_NEG) != 0;
		cl->judges |= (v->lex[i] & LEX_JUDGE) != 0;
		cl->echoes |= v->echo[i];
		cl->harms |= (v->lex[i] & LEX_HARM) && !v->echo[i];
	}
}

/* A "?" sentence asks from its first syntactic question on (with the
 * subordinate clauses and openers before it: "if you did, what would
 * change?"), or as a whole when no clause asks by its words ("you drink
 * every day?"). */
static void mark_question_sentence(struct reply_view *v, size_t from, size_t to)
{
	size_t first_q = to;

	for (size_t k = from; k < to && first_q == to; k++)
		if (v->clause[k].mood == MOOD_QUESTION)
			first_q = k;
	if (first_q == to) {
		for (size_t k = from; k < to; k++)
			v->clause[k].mood = MOOD_QUESTION;
		return;
	}
	for (size_t k = first_q; k > from; k--) {
		struct clause *cl = &v->clause[k - 1];
		if (!(v->lex[cl->first] & (LEX_SUBORD | LEX_OPENER)))
			break;
		cl->mood = MOOD_QUESTION;
	}
	for (size_t k = first_q; k < to; k++)
		if (v->clause[k].mood == MOOD_STATEMENT)
			v->clause[k].mood = MOOD_QUESTION;
}

void syntax_read(struct reply_view *v, const bool *qmark)
{
	size_t k = 0;

	if (!v->ntok) {
		v->nsent = v->nclause = v->questions = v->marked_questions = 0;
		v->ends_question = false;
		return;
	}
	number_sentences(v);
	/* Clauses; a clause of openers alone joins the next ("so, what..."). */
	v->nclause = 0;
	for (size_t i = 0; i < v->ntok; i++) {
		bool starts = i == 0 || v->clause_start[i];
		if (starts && v->nclause > 0) {
			struct clause *prev = &v->clause[v->nclause - 1];
			bool openers_only = true;
			for (size_t j = prev->first; j < i && openers_only; j++)
				openers_only = (v->lex[j] & LEX_OPENER) != 0;
			if ((openers_only && !v->sentence_start[i]) || v->nclause == CODER_MAX_CLAUSES)
				starts = false;
		}
		if (starts)
			v->clause[v->nclause++] = (struct clause){ .first = i };
		v->clause[v->nclause - 1].end = i + 1;
		v->clause_of[i] = (int)v->nclause - 1;
	}
	for (size_t c = 0; c < v->nclause; c++) {
		v->clause[c].head = clause_head(v, v->clause[c].first, v->clause[c].end);
		clause_read(v, &v->clause[c]);
	}
	/* Sentences: which end in "?", and which ask. */
	v->questions = v->marked_questions = 0;
	for (size_t s = 0; s < v->nsent; s++) {
		size_t from = k, to = k, last = 0;
		bool asks = false;
		while (to < v->nclause && v->sentence_of[v->clause[to].first] == (int)s)
			to++;
		for (size_t i = 0; i < v->ntok; i++)
			if (v->sentence_of[i] == (int)s)
				last = i;
		if (qmark[last]) {
			if (to > from)
				mark_question_sentence(v, from, to);
			v->marked_questions++;
		}
		for (size_t c = from; c < to; c++)
			asks |= v->clause[c].mood == MOOD_QUESTION;
		v->sentence_question[s] = asks || (qmark[last] && to == from);
		v->questions += v->sentence_question[s];
		k = to;
	}
	for (size_t i = 0; i < v->ntok; i++)
		v->in_question[i] = v->clause[v->clause_of[i]].mood == MOOD_QUESTION;
	v->ends_question = v->nsent && v->sentence_question[v->nsent - 1];
	v->labels = labels_the_client(v, &v->label_start, &v->label_len);
}

/* ---- labels ---- */

/* Words that label a person (MITI: labelling is confronting). */
static const char *const label_words[] = {
	"stubborn", "lazy", "selfish", "irresponsible", "stupid", "silly", "ridiculous", "denial", "addict",
	"addicted", "alcoholic", "junkie", "druggie", "weak", "careless", "reckless", "pathetic", "childish",
	"immature", "liar", "lying", "kidding", "fooling", "naive", "foolish", "dumb", "crazy", "useless",
	"deluded", "delusional", "greedy", "spoilt", "spoiled", "entitled", "rude", "hypocrite", "ignorant",
	"pretending", "fool", "idiot", "whining", "moaning", "dramatic", "overreacting", "paranoid", "wimp",
	"coward", "irrational", "unreasonable", "fussy", "defensive", "arrogant", "hopeless", "waster",
	"excuses", "ungrateful", "dishonest", "stubbornly",
};
/* ... and these only after "a" ("you're a gambler", not "you're gambling"). */
static const char *const label_nouns[] = {
	"gambler", "drunk", "boozer", "alky", "alkie", "stoner", "pothead", "smackhead", "crackhead", "cokehead",
	"cheat", "mess", "failure", "disgrace", "joke", "loser",
};
/* ... and these only after "being" ("you're being difficult", not "you're finding it difficult"). */
static const char *const being_words[] = { "difficult", "negative", "awkward", "unrealistic", "precious", "soft" };
/* Between "you're" and the label. */
static const char *const label_fillers[] = {
	"being", "just", "so", "such", "a", "an", "really", "very", "totally", "completely", "in", "bit",
	"quite", "pretty", "proper", "absolutely", "simply", "only", "making", "acting", "all", "bloody",
};
/* Words before "you're" in its sentence that make it someone else's view or
 * the client's own feeling ("you feel they think you're lazy"), or that deny
 * the label ("no one thinks you're lazy"). */
static const char *const label_frames[] = {
	"feel", "feels", "felt", "feeling", "think", "thinks", "thought", "worry", "worried", "afraid",
	"scared", "sounds", "sound", "seem", "seems", "say", "says", "said", "call", "calls", "called",
	"told", "tell", "people", "they", "everyone", "others", "he", "she", "if", "not", "no", "never",
	"wonder", "wondering", "mean", "hear", "heard", "believe", "like",
};

/* Words that join a new clause: a frame before them is not the label's. */
static const char *const label_joins[] = { "and", "but", "so", "because", "cos", "yet", "plus", "though", "while" };

/* Does v label the client ("you're being stubborn", "you're in denial",
 * "you are just lazy"): a statement of "you're" and a word that labels a
 * person, not the client's own word (v->echo), not framed as a feeling or as
 * someone else's view? The words in *start, *len. */
static bool labels_the_client(const struct reply_view *v, size_t *start, size_t *len)
{
	for (size_t i = 0; i < v->ntok; i++) {
		size_t j;
		bool being = false, framed = false;

		if (word_is(v, i, "you're") || word_is(v, i, "ur"))
			j = i + 1;
		else if (word_is(v, i, "you") && (word_is(v, i + 1, "are") || word_is(v, i + 1, "were")))
			j = i + 2;
		else
			continue;
		if (v->in_question[i])
			continue;
		/* The frame must be in the same clause: "your kids are worried and
		 * you're just being stubborn" frames nothing. */
		for (size_t k = i; k-- > 0 && v->sentence_of[k] == v->sentence_of[i];) {
			if (word_in(v, k, label_joins, ARRAY_SIZE(label_joins)))
				break;
			if (word_in(v, k, label_frames, ARRAY_SIZE(label_frames)))
				framed = true;
		}
		if (framed || word_is(v, j, "not"))
			continue;
		for (size_t n = 0; n < 4 && word_in(v, j, label_fillers, ARRAY_SIZE(label_fillers)); n++, j++)
			being |= word_is(v, j, "being");
		if (j >= v->ntok || v->echo[j] || v->sentence_of[j] != v->sentence_of[i])
			continue;
		if (word_in(v, j, label_words, ARRAY_SIZE(label_words)) ||
		    (being && word_in(v, j, being_words, ARRAY_SIZE(being_words))) ||
		    ((word_is(v, j - 1, "a") || word_is(v, j - 1, "an")) &&
		     word_in(v, j, label_nouns, ARRAY_SIZE(label_nouns)))) {
			*start = v->tok[i].start;
			*len = v->tok[j].start + v->tok[j].len - v->tok[i].start;
			return true;
		}
	}
	return false;
}
