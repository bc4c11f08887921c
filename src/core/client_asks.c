/* client_asks.c: the client asks for the practitioner's view, advice or
 * information (see client_asks.h).
 *
 * The line is cut into clauses at . ! ? ; and line breaks; each clause is
 * lowercased into words (apostrophes kept, curly ones made straight, other
 * punctuation dropped), and its leading fillers ("so", "well", "doctor",
 * "i mean") are skipped. A clause asks when it starts with an asking phrase,
 * whether or not it ends with "?" (people type "so what would you do then");
 * or when it ends with "?" and holds an asking phrase anywhere ("Honestly,
 * doctor, what do you think I should do?"). "I don't need any tips" starts
 * with no asking phrase and ends with no "?", so it does not ask. A
 * yes/no question about a fact asks only with its "?" ("does it, though?").
 * A line asks for advice when one clause asks what to do or what the
 * practitioner thinks (asking[], asking_anywhere[]), else for a fact when
 * one asks for one (asking_fact[], asking_marked[]). */
#include "core/client_asks.h"

#include <string.h>

#include "core/util.h"

/* Phrases that ask what to do or what the practitioner thinks, as
 * normalised words, matched at word boundaries. A leading '^': only at the
 * clause's start ("why should I?" does not ask); a trailing '$': only at its
 * end ("what do you think you're doing" does not ask); a trailing space:
 * another word must follow. Advice after them was asked for (PWP). */
static const char *const asking[] = {
	/* the practitioner's view */
	"what do you think i ", "what do you think about", "what do you think of", "what do you think would",
	"what do you think is", "what do you think$", "what do you think then$", "what would you do", "what would you suggest",
	"what would you recommend", "what would you try", "what would you say i", "what would you advise",
	"what do you suggest", "what do you recommend", "what do you advise", "what do you reckon",
	"do you think i should", "do you think i ought", "do you think it would help", "in your opinion", "your advice", "your opinion", "your view",
	"^what would you ", "^would you bother", "what got you through", "do you think i need", "do you think i can",
	"do you think i could", "^which is better", "^which is best", "^which one ", "^which ones ", "^which would",
	"^which should", "what do other ", "what do people ", "what did other ", "what did you do",
	"do you think$", "do you reckon$",
	/* advice */
	"what should i", "what shall i", "what can i do", "what could i do", "what else can i", "what else could i",
	"what do i do", "what am i supposed to ", "what am i meant to ", "^should i", "^shall i", "^should we",
	"^shall we", "^do i tell", "^do we tell", "what can i ", "what could i ", "what do you want me to do",
	"^how do i", "^how can i", "^how could i", "how should i", "^how would i", "where do i start",
	"where should i start", "tell me what to do", "tell me what i should", "any tips", "any advice",
	"any ideas", "any suggestions", "any pointers", "got any tips", "got any advice", "have you got any",
	"do you have any tips", "do you have any advice", "do you have any ideas", "do you have any suggestions",
	"can you give me", "could you give me", "can you help me", "could you help me", "can you suggest",
	"could you suggest", "can you recommend", "could you recommend",
	/* what helps, and which way is best */
	"is there anything that", "is there anything i can", "is there something that", "is there something i can",
	"does anything help", "what helps", "what works", "what are my options", "what options", "what's the best way",
	"what is the best way", "what's the best ", "whats the best ", "what is the best ", "what's the easiest",
	"whats the easiest", "what is the easiest", "what's the safest", "whats the safest", "what's the quickest",
	"whats the quickest", "^what else is there", "^is it worth", "^does it work", "^will it help", "^would it help",
	"^do they work",
};

/* Phrases that ask for a fact, what the practitioner will do or what
 * happens next (markers as in asking[]): information answers them; advice
 * after them was not asked for (PERS, not PWP). */
static const char *const asking_fact[] = {
	/* information */
	"is there anything you", "is there anything else", "are there any", "^is that normal", "can you tell me",
	"could you tell me", "what happens if", "how much is", "how many units", "is it safe", "is it bad",
	"is it normal",
	/* what the practitioner will do, and what happens next */
	"^are you going to tell", "^are you going to ring", "^are you going to call", "^are you going to report",
	"^are you going to write", "^are you going to put", "^are you gonna tell", "^are you gonna ring",
	"^are you gonna call", "^are you gonna report", "^will you tell", "^will you ring", "^will you call",
	"^will you write", "^will you report", "^do you have to tell", "^do you have to report",
	"^do you have to write", "^does this go", "^does that go", "^will this go", "^will that go",
	"^is this going on", "^is this going to", "^will it go on", "^who will see", "^who gets to see",
	"^who sees", "^what will happen", "^what would happen", "^what happens now", "^what happens next",
	"^what happens to", "^do i have to", "^do i need to", "^will i have to", "^will i need to",
	"^is it true", "^is that true", "^how long will", "^how long does", "^how long do i",
	"^can i still", "^is it ok to", "^is it okay to", "^is it alright to", "^am i allowed",
};

/* Phrases that ask wherever they are in a clause, with or without "?":
 * the practitioner put in the client's place ("how would you learn it, if
 * you were me"), a question handed over ("what else is there, you tell
 * me"), or a choice between two courses ("do i have to stop or can i just
 * cut down"). */
static const char *const asking_anywhere[] = {
	"if you were me", "if it were you", "if it was you", "if you were in my shoes", "in my shoes",
	"you tell me$", "you tell me then$", "how do i make it", "how do i do it", "what's the easiest way",
	"whats the easiest way", "what's the best way", "whats the best way", "what's the safest way",
	"whats the safest way", "tell me what to do", "tell me what i need", "tell me what i have to",
	"tell me what you want me", "or can i just ", "or should i ", "or do i just ",
};

/* Clause openings that challenge rather than ask ("what would you know"). */
static const char *const challenging[] = {
	"what would you know", "what do you know", "what would you care", "what would you do about it",
};

/* Yes/no questions to the practitioner about a fact, which ask only when
 * the clause ends with "?" ("does it, though?", "is it a needle?", "how many
 * holes this time?"; not "how many times...?"): typed
 * without it they are as often a challenge ("does it matter"). */
static const char *const asking_marked[] = {
	"does it ", "does this ", "does that ", "will it ", "will this ", "would it ", "is it ", "is this ",
	"is that ", "is there ", "are they ", "do they ", "can it ", "can they ", "will they ", "would they ",
	"do you have to ", "do you need to ", "will you ", "would you have to ", "can you ",
	/* how many or how bad, of what the practitioner found ("how many holes this time?") */
	"how many ", "how bad ",
};

/* Words a clause may start with before what it asks. */
static const char *const fillers[] = {
	"so", "well", "ok", "okay", "right", "alright", "then", "and", "but", "um", "umm", "uh", "er", "erm",
	"hmm", "look", "listen", "honestly", "seriously", "anyway", "just", "like", "please", "doctor", "doc",
	"nurse", "i mean", "tell me", "go on", "come on", "be honest with me", "be honest", "tell me honestly",
};

enum { CLAUSE_MAX = 512 };

/* Append the clause's words to out (lowercase, one space between), at most
 * CLAUSE_MAX - 1 bytes. */
static void clause_words(const char *s, size_t n, char out[CLAUSE_MAX])
{
	size_t len = 0;
	bool space = false;

	for (size_t i = 0; i < n && len + 2 < CLAUSE_MAX; i++) {
		unsigned char c = (unsigned char)s[i];
		char w;
		if (c == 0xe2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0x98 || (unsigned char)s[i + 2] == 0x99)) {
			w = '\''; /* U+2018, U+2019 */
			i += 2;
		} else if (c >= 'A' && c <= 'Z') {
			w = (char)(c - 'A' + 'a');
		} else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'' || c >= 0x80) {
			w = (char)c;
		} else {
			space = len > 0;
			continue;
		}
		if (space)
			out[len++] = ' ';
		space = false;
		out[len++] = w;
	}
	out[len] = '\0';
}

/* Does phrase p (markers as in asking[]) occur at w, which is at the
 * clause's start when start is true? */
static bool phrase_at(const char *w, const char *p, bool start)
{
	size_t n;
	bool at_end = false;

	if (*p == '^') {
		if (!start)
			return false;
		p++;
	}
	if (*p != *w) /* the first bytes differ: so does the phrase, or it is empty */
		return false;
	n = strlen(p);
	if (n && p[n - 1] == '$')
		at_end = true, n--;
	if (!n || strncmp(w, p, n))
		return false;
	if (at_end)
		return w[n] == '\0';
	if (p[n - 1] == ' ')
		return w[n] != '\0';
	return w[n] == '\0' || w[n] == ' ';
}

/* Does one of the n phrases occur at w (at the clause's start when start)? */
static bool list_at(const char *w, const char *const *list, size_t n, bool start)
{
	for (size_t i = 0; i < n; i++)
		if (phrase_at(w, list[i], start))
			return true;
	return false;
}

/* One of the n phrases anywhere in the clause's words w. */
static bool list_holds(const char *w, const char *const *list, size_t n)
{
	for (size_t at = 0; w[at]; at++)
		if ((!at || w[at - 1] == ' ') && list_at(w + at, list, n, at == 0))
			return true;
	return false;
}

/* A yes/no question of fact at the clause's start w (past its fillers),
 * not a challenge ("is it any of your business?", "is there any point?"). */
static bool asks_marked(const char *w)
{
	static const char *const challenge[] = { "business", "point", "fair", "joke", "kidding" };

	return list_at(w, asking_marked, ARRAY_SIZE(asking_marked), true) &&
	       !list_holds(w, challenge, ARRAY_SIZE(challenge)) && !phrase_at(w, "how many times", true);
}

/* Past the clause's leading fillers. */
static const char *skip_fillers(const char *w)
{
	bool again = true;

	while (again) {
		again = false;
		for (size_t i = 0; i < ARRAY_SIZE(fillers); i++) {
			if (phrase_at(w, fillers[i], true)) {
				w += strlen(fillers[i]);
				w += *w == ' ';
				again = true;
			}
		}
	}
	return w;
}

enum client_ask client_asks_kind(const char *line)
{
	enum client_ask kind = ASK_NONE;
	const char *s = line;

	if (!line)
		return ASK_NONE;
	while (*s) {
		size_t n = strcspn(s, ".!?;\n");
		bool question = s[n] == '?';
		char w[CLAUSE_MAX];
		const char *head;

		clause_words(s, n, w);
		head = skip_fillers(w);
		if (!list_at(head, challenging, ARRAY_SIZE(challenging), true)) {
			if (list_at(head, asking, ARRAY_SIZE(asking), true) ||
			    list_holds(w, asking_anywhere, ARRAY_SIZE(asking_anywhere)) ||
			    (question && list_holds(w, asking, ARRAY_SIZE(asking))))
				return ASK_ADVICE;
			if (list_at(head, asking_fact, ARRAY_SIZE(asking_fact), true) ||
			    (question && (list_holds(w, asking_fact, ARRAY_SIZE(asking_fact)) || asks_marked(head))))
				kind = ASK_FACT;
		}
		s += n;
		s += strspn(s, ".!?;\n");
	}
	return kind;
}

bool client_asks(const char *line)
{
	return client_asks_kind(line) != ASK_NONE;
}
