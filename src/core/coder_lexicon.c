/* coder_lexicon.c: the coder's word lists (function words, feelings,
 * values, contrasts, strengths, past successes, discourse openers) and which
 * of them a word is in, through a small cache. */
#include "coder_int.h"

#include <stdio.h>
#include <string.h>

#include "core/util.h"

uint32_t coder_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

bool lex_word_matches(const char *pat, const char *word)
{
	size_t n = strlen(pat);
	if (pat[0] == '*' && !pat[1])
		return true;
	if (pat[0] == '*') { /* "*n't": a suffix */
		size_t m = strlen(word);
		return m >= n - 1 && !strcmp(word + m - (n - 1), pat + 1);
	}
	if (n && pat[n - 1] == '*')
		return !strncmp(pat, word, n - 1);
	return !strcmp(pat, word);
}

static const char *const stop_words[] = {
	"a", "about", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by",
	"can", "could", "did", "do", "does", "don't", "for", "from", "get", "got", "had", "has", "have",
	"he", "her", "him", "his", "how", "i", "i'm", "if", "in", "is", "it", "it's", "just", "know",
	"like", "me", "mean", "mm", "my", "no", "not", "of", "oh", "ok", "okay", "on", "or", "so",
	"some", "that", "that's", "the", "their", "them", "then", "there", "they", "think", "this",
	"to", "um", "uh", "up", "was", "we", "well", "were", "what", "when", "which", "who", "why",
	"will", "with", "would", "yeah", "yes", "you", "you're", "your", "really", "very", "because",
	"kind", "sort", "thing", "things", "one", "out", "too", "also", "more", "go", "going",
};

bool coder_stop_word(const char *w)
{
	return (lex_mask(w) & LEX_STOP) != 0;
}

static const char *const feeling_words[] = {
	"feel", "feels", "feeling", "felt", "worr*", "scar*", "afraid", "frustrat*", "angry", "anger",
	"upset", "sad", "hurt*", "anxious", "nervous", "overwhelm*", "stress*", "tired", "exhaust*",
	"embarrass*", "ashamed", "shame", "guilt*", "lonely", "alone", "hopeless", "disappoint*",
	"annoy*", "fed", "torn", "stuck", "confus*", "proud", "relie*", "hard", "difficult", "tough",
	"concern*", "fear*", "pressure*", "unfair", "hopeful", "excited", "ready", "shattered", "knackered",
	"drained", "worn", "sick", "gutted", "fuming", "livid", "miserable", "isolated", "humiliat*",
	"panic*", "dread*", "terrified", "bored", "trapped", "judged", "nagged", "pressured", "cornered",
	"defensive", "resent*", "jealous", "grateful", "low", "down", "depressed", "helpless", "powerless",
	"heartbroken", "lost", "exhausting", "scary", "sore", "rubbish", "awful",
	"struggl*", "cope", "coping", "burnt", "burned", "ashamed", "regret*", "hate*", "love*", "mad",
	"furious", "irritat*", "uneasy", "uncomfortable", "insecure", "unsure", "doubt*", "weary",
};

/* What people do that they come to change: the behaviour a value is set
 * beside ("you want to be there for him, and the drinking gets in the way"). */
static const char *const behaviour_words[] = {
	"drink*", "smok*", "vap*", "gambl*", "bet", "bets", "betting", "eat*", "cans", "pints", "pint",
	"booze", "wine", "beer*", "fags", "cigarette*", "cig*", "weed", "cannabis", "sugar*", "takeaway*",
	"crisps", "skip*", "gaming", "phone", "scroll*", "drug*", "using", "pills", "tablets", "medication",
	"insulin", "exercis*", "walk*", "sleep*", "spend*", "debt*", "shout*", "fight*", "temper",
	"habit", "energy", "caffeine", "snack*", "binge*", "chocolate", "junk", "sitting", "driving",
	"speeding", "missing", "school", "lessons", "appointments", "checks", "injecting", "cocaine",
};

static const char *const value_words[] = {
	"important", "matter*", "value*", "care", "cares", "caring", "goal*", "want", "wants", "hope*",
	"kids", "children", "family", "daughter", "son", "grandchildren", "wife", "husband",
	"partner", "health", "healthy", "future", "dream*", "job", "career", "life",
};

static const char *const gap_words[] = {
	"but", "yet", "although", "though", "while", "however", "same", "other", "part", "both",
	"fit", "fits", "between", "meanwhile",
};

static const char *const strength_words[] = {
	"managed", "able", "did", "done", "succeeded", "strength*", "strong", "courage*", "determin*",
	"commit*", "already", "before", "worked", "effort", "tried", "proud", "skill*", "resourceful",
	"persist*", "kept", "stuck", "quit", "stopped", "progress", "capable", "confident*", "confidence",
	"can", "could", "succeed", "success*", "achiev*", "handled", "overcome", "survived",
};

static const char *const past_success_words[] = {
	"before", "already", "managed", "did", "worked", "last", "time", "succeeded", "used", "past",
};

/* Words that open a sentence without being its opener ("So, what..."). */
static const char *const discourse_openers[] = {
	"so", "and", "but", "well", "okay", "ok", "now", "then", "yeah", "yes", "right", "alright",
	"mm", "hmm", "uh", "um", "oh", "or",
};

/* Question openers (after typed forms are restored: "whats" is "what's"). */
static const char *const wh_words[] = {
	"what", "how", "why", "when", "where", "which", "who", "whose", "whom", "what's", "how's", "where's",
	"who's", "why's", "whereabouts",
};

/* Auxiliaries and modals, which open a yes/no question before a subject. */
static const char *const aux_words[] = {
	"do", "does", "did", "is", "are", "was", "were", "can", "could", "would", "will", "have", "has", "had",
	"should", "shall", "may", "might", "am", "must", "don't", "doesn't", "didn't", "isn't", "aren't",
	"wasn't", "weren't", "won't", "wouldn't", "can't", "couldn't", "haven't", "hasn't", "shouldn't",
	"hadn't", "mustn't", "ain't",
};

/* What stands as the subject after an auxiliary in a question ("did the
 * patches", "is it", "have you"). */
static const char *const subject_words[] = {
	"you", "i", "it", "he", "she", "they", "we", "there", "that", "this", "your", "my", "his", "her",
	"their", "our", "the", "any", "anyone", "anything", "anybody", "someone", "something", "somebody",
	"people", "things", "those", "these", "everyone", "everything", "everybody", "a", "an", "u", "ur",
	"either", "both", "all", "none", "nothing", "each",
};

static const char *const negation_words[] = {
	"not", "no", "never", "nothing", "none", "nobody", "nowhere", "neither", "nor", "cannot", "*n't",
	"nope", "nah",
};

/* Modals of obligation ("have to", "got to" are read as pairs in coder_read.c). */
static const char *const obligation_words[] = {
	"should", "shouldn't", "must", "mustn't", "need", "needs", "ought", "gotta", "better", "supposed",
	"needn't", "required",
};

static const char *const possibility_words[] = {
	"could", "couldn't", "might", "may", "can", "would", "wouldn't", "maybe", "perhaps", "possibly",
	"could've", "might've",
};

/* Words that open a subordinate clause (it belongs to the question that follows). */
static const char *const subordinators[] = {
	"if", "when", "since", "because", "as", "although", "though", "while", "before", "after", "once",
	"unless", "whenever", "until", "whether",
};

/* A clause after one of these argues with what came before ("yes, but..."). */
static const char *const contrast_words[] = {
	"but", "though", "however", "yet", "although", "still", "except", "anyway", "regardless",
	"nevertheless",
};

/* Evaluative words about a person: labels, judgements, moral words. A
 * reflection rarely needs them; confrontation and shaming do. */
static const char *const judging_words[] = {
	"lazy", "selfish", "irresponsible", "stupid", "silly", "ridiculous", "excuse*", "denial", "addict*",
	"alcoholic*", "junkie*", "weak", "wrong", "fault", "blame*", "careless", "reckless", "pathetic",
	"childish", "immature", "lying", "liar", "lie", "lies", "kidding", "fooling", "nonsense", "rubbish",
	"joke", "ashamed", "shame*", "disgrace*", "naive", "foolish", "dumb", "crazy", "useless", "terrible",
	"awful", "disgusting", "problem", "honest*", "obviously", "clearly", "seriously", "surely",
	"responsib*", "mature", "grow", "adult", "sensible", "sense", "deluded", "delusion*", "mess",
	"failing", "failure", "dependent", "dependence", "addiction", "habit", "bad", "good", "proper",
	"real", "truth", "true", "lazy", "greedy", "spoilt", "spoiled", "entitled", "rude", "disrespect*",
	"disappoint*", "hypocrit*", "ignorant", "ignoring", "denying", "pretend*", "fool", "idiot*",
	"sorry", "excuses", "whining", "moaning", "complain*", "dramatic", "overreact*", "paranoid",
	"precious", "soft", "toughen", "man", "wimp*", "coward*", "irrational", "unreasonable", "fussy",
	"fat", "obese", "unhealthy", "irresponsibly", "selfishly", "problems",
};

/* Harms a warning threatens: illness, injury, death, the law, losing work,
 * home or family. Said by the practitioner and not echoed from the client,
 * they are what a warning worded as a plain fact is made of ("four hours a
 * day is how people end up with heart trouble"); information the client
 * asked for uses them too, so the model weighs them with the context. */
static const char *const harm_words[] = {
	"accident*", "crash*", "die", "dies", "dying", "died", "death*", "dead", "deadly", "fatal", "kill*",
	"stroke", "strokes", "cancer*", "attack", "attacks", "hospital*", "prison", "jail", "court", "judge",
	"caught", "nicked", "arrested", "sacked", "fired", "evict*", "homeless", "debt*", "bankrupt*",
	"broken", "fracture*", "amputat*", "blind*", "scarring", "cirrhosis", "trouble", "wreck*", "ruin*",
	"worse", "worsen*", "overdose*", "hooked", "lose", "losing", "danger*", "damag*", "harm*",
	"complications", "disease*", "risk*", "suffer*", "kidney", "dementia", "diabetes", "custody",
	"banned", "record", "consequences", "serious", "seriously",
};

/* Common verbs in their base form: an imperative opens with one ("cut the
 * cans", "bin the vape"). The model's vocabulary adds WordNet's. */
static const char *const base_verbs[] = {
	"cut", "stop", "quit", "try", "take", "drink", "eat", "go", "get", "give", "put", "keep", "make",
	"start", "think", "look", "talk", "call", "see", "ask", "tell", "throw", "bin", "ditch", "switch",
	"swap", "use", "book", "join", "read", "write", "walk", "run", "sleep", "set", "leave", "avoid",
	"limit", "skip", "drop", "pour", "buy", "find", "stick", "check", "remember", "listen", "imagine",
	"picture", "consider", "count", "track", "plan", "be", "have", "do", "come", "wait", "let", "pick",
	"turn", "sit", "bring", "show", "learn", "change", "reduce", "cancel", "delete", "block", "hide",
	"lock", "chuck", "lay", "lose", "save", "pay", "stay", "move", "lift", "exercise", "cook", "wake",
	"relax", "breathe", "calm", "chill", "focus", "admit", "accept", "face", "deal", "sort", "knock",
	"pack", "pull", "cheer", "man", "grow", "snap", "own", "stand", "hand", "give", "fill", "flush",
	"bin", "ring", "text", "phone", "email", "download", "install", "uninstall", "unfollow", "mute",
	"quit", "halve", "swap", "replace", "add", "eat", "brush", "floss", "wear", "tell", "apologise",
	"apologize", "promise", "commit", "aim", "push", "force", "get", "hold", "stop", "lay", "ease",
	"slow", "cut", "watch", "mind", "note", "log", "list", "jot", "write", "join", "sign", "register",
	"attend", "visit", "see", "speak", "open", "close", "shut", "switch", "unplug", "bed",
};

/* The word lists compiled once: every whole word with the bits of the lists
 * it is in, in an open-addressing table by hash; the "word*" prefixes and
 * "*n't" suffixes apart, as few as they are. A word's mask is the table's
 * bits and those of every prefix and suffix it matches: the lists it matches
 * a pattern of, as lex_word_matches() reads them. */
enum { LEX_TABLE = 1024, LEX_AFFIX_MAX = 160 };

struct lex_entry {
	const char *word;       /* NULL: an empty slot */
	uint32_t hash, mask;
};

struct lex_affix {
	const char *pat;        /* the pattern without its "*" */
	size_t len;
	uint32_t bit;
};

static struct lex_entry lex_table[LEX_TABLE];
static struct lex_affix lex_prefixes[LEX_AFFIX_MAX], lex_suffixes[LEX_AFFIX_MAX];
static size_t lex_nprefixes, lex_nsuffixes;
static uint32_t lex_any; /* the lists with a "*" pattern: every word is in them */
static bool lex_ready;

static void lex_table_add(const char *w, uint32_t bit)
{
	uint32_t h = coder_hash(w);
	size_t s = h % LEX_TABLE;

	while (lex_table[s].word && strcmp(lex_table[s].word, w))
		s = (s + 1) % LEX_TABLE;
	if (!lex_table[s].word) {
		lex_table[s].word = w;
		lex_table[s].hash = h;
	}
	lex_table[s].mask |= bit;
}

static void lex_affix_add(struct lex_affix *a, size_t *n, const char *pat, size_t len, uint32_t bit)
{
	if (*n >= LEX_AFFIX_MAX)
		BUG("more than %d prefix or suffix patterns in the word lists", LEX_AFFIX_MAX);
	a[*n].pat = pat;
	a[*n].len = len;
	a[*n].bit = bit;
	(*n)++;
}

static void lex_compile(void)
{
	static const struct {
		const char *const *words;
		size_t n;
		uint32_t bit;
	} lists[] = {
		{ stop_words, ARRAY_SIZE(stop_words), LEX_STOP },
		{ feeling_words, ARRAY_SIZE(feeling_words), LEX_FEELING },
		{ value_words, ARRAY_SIZE(value_words), LEX_VALUE },
		{ gap_words, ARRAY_SIZE(gap_words), LEX_GAP },
		{ strength_words, ARRAY_SIZE(strength_words), LEX_STRENGTH },
		{ past_success_words, ARRAY_SIZE(past_success_words), LEX_PAST },
		{ discourse_openers, ARRAY_SIZE(discourse_openers), LEX_OPENER },
		{ wh_words, ARRAY_SIZE(wh_words), LEX_WH },
		{ aux_words, ARRAY_SIZE(aux_words), LEX_AUX },
		{ subject_words, ARRAY_SIZE(subject_words), LEX_SUBJECT },
		{ negation_words, ARRAY_SIZE(negation_words), LEX_NEG },
		{ obligation_words, ARRAY_SIZE(obligation_words), LEX_OBLIGATION },
		{ possibility_words, ARRAY_SIZE(possibility_words), LEX_POSSIBILITY },
		{ subordinators, ARRAY_SIZE(subordinators), LEX_SUBORD },
		{ contrast_words, ARRAY_SIZE(contrast_words), LEX_CONTRAST },
		{ judging_words, ARRAY_SIZE(judging_words), LEX_JUDGE },
		{ base_verbs, ARRAY_SIZE(base_verbs), LEX_VERB },
		{ behaviour_words, ARRAY_SIZE(behaviour_words), LEX_BEHAVIOUR },
		{ harm_words, ARRAY_SIZE(harm_words), LEX_HARM },
	};
	for (size_t l = 0; l < ARRAY_SIZE(lists); l++)
		for (size_t k = 0; k < lists[l].n; k++) {
			const char *pat = lists[l].words[k];
			size_t n = strlen(pat);
			if (pat[0] == '*' && !pat[1])
				lex_any |= lists[l].bit;
			else if (pat[0] == '*')
				lex_affix_add(lex_suffixes, &lex_nsuffixes, pat + 1, n - 1, lists[l].bit);
			else if (n && pat[n - 1] == '*')
				lex_affix_add(lex_prefixes, &lex_nprefixes, pat, n - 1, lists[l].bit);
			else
				lex_table_add(pat, lists[l].bit);
		}
	lex_ready = true;
}

static uint32_t lex_lookup(const char *w)
{
	uint32_t h = coder_hash(w), mask = lex_any;
	size_t m = strlen(w);

	if (!lex_ready)
		lex_compile();
	for (size_t s = h % LEX_TABLE; lex_table[s].word; s = (s + 1) % LEX_TABLE)
		if (lex_table[s].hash == h && !strcmp(lex_table[s].word, w)) {
			mask |= lex_table[s].mask;
			break;
		}
	for (size_t k = 0; k < lex_nprefixes; k++)
		if (lex_prefixes[k].pat[0] == w[0] && !strncmp(lex_prefixes[k].pat, w, lex_prefixes[k].len))
			mask |= lex_prefixes[k].bit;
	for (size_t k = 0; k < lex_nsuffixes; k++)
		if (m >= lex_suffixes[k].len && !strcmp(w + m - lex_suffixes[k].len, lex_suffixes[k].pat))
			mask |= lex_suffixes[k].bit;
	return mask;
}

/* Which word lists a word is in, as a bit mask, through a small cache
 * (replies reuse few words). */
struct lex_slot {
	char word[TEXT_WORD_MAX];
	uint32_t mask;
	bool used;
};

uint32_t lex_mask(const char *w)
{
	enum { LEX_CACHE = 2048 };
	static struct lex_slot cache[LEX_CACHE];
	struct lex_slot *slot = &cache[coder_hash(w) % LEX_CACHE];

	if (slot->used && !strcmp(slot->word, w))
		return slot->mask;
	snprintf(slot->word, sizeof slot->word, "%s", w);
	slot->mask = lex_lookup(w);
	slot->used = true;
	return slot->mask;
}
