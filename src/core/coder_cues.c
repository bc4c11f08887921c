/* coder_cues.c: the cue rules (coder_rules.def) compiled once into words
 * and indexed by their first word, and finding them in a reply: each rule
 * fires at most once, at its first place, and a PERS or CONF rule does not
 * fire inside reported speech or a reflected thought. */
#include "coder_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static const struct cue_rule cue_rules[] = {
#include "coder_rules.def"
};

enum { CUE_WORDS_MAX = 8 };

struct compiled_rule {
	size_t nwords;
	uint32_t first_hash;
	char words[CUE_WORDS_MAX][24];
	size_t prefix[CUE_WORDS_MAX];   /* 0: the whole word; n: its first n bytes; SIZE_MAX: any word */
};

static struct compiled_rule compiled[sizeof cue_rules / sizeof cue_rules[0]];
static bool compiled_ready;

static void compile_rules(void)
{
	for (size_t r = 0; r < ARRAY_SIZE(cue_rules); r++) {
		const char *p = cue_rules[r].pattern;
		struct compiled_rule *cr = &compiled[r];
		cr->nwords = 0;
		while (*p && cr->nwords < CUE_WORDS_MAX) {
			size_t n = 0;
			while (*p == ' ')
				p++;
			while (*p && *p != ' ' && n + 1 < sizeof cr->words[0])
				cr->words[cr->nwords][n++] = *p++;
			while (*p && *p != ' ')
				p++;
			if (n)
				cr->words[cr->nwords++][n] = '\0';
		}
		cr->first_hash = coder_hash(cr->words[0]);
		for (size_t k = 0; k < cr->nwords; k++) {
			size_t n = strlen(cr->words[k]);
			cr->prefix[k] = !strcmp(cr->words[k], "*") ? SIZE_MAX : cr->words[k][n - 1] == '*' ? n - 1 : 0;
		}
	}
	compiled_ready = true;
}

uint32_t cue_rules_hash(void)
{
	uint32_t h = 2166136261u;
	for (size_t r = 0; r < ARRAY_SIZE(cue_rules); r++) {
		h = (h ^ (uint32_t)cue_rules[r].code) * 16777619u;
		h = (h ^ cue_rules[r].flags) * 16777619u;
		for (const char *p = cue_rules[r].pattern; *p; p++)
			h = (h ^ (unsigned char)*p) * 16777619u;
		h = (h ^ 0xffu) * 16777619u;
	}
	return h;
}


/* Rules by the hash of their first word: an open-addressing table of chains,
 * so each token looks only at the rules that start with it. */
enum { RULE_INDEX = 1024 };
static int rule_head[RULE_INDEX];               /* first rule of a bucket, -1 for none */
static int rule_next[sizeof cue_rules / sizeof cue_rules[0]];

static void index_rules(void)
{
	for (size_t b = 0; b < RULE_INDEX; b++)
		rule_head[b] = -1;
	/* Insert backwards so each chain lists its rules in table order. */
	for (size_t r = ARRAY_SIZE(cue_rules); r-- > 0;) {
		size_t b = compiled[r].first_hash % RULE_INDEX;
		rule_next[r] = rule_head[b];
		rule_head[b] = (int)r;
	}
}

/* Words that report what someone else says or what the client thinks or
 * feels: a PERS or CONF cue after one of them in the same sentence reflects
 * the client's experience ("It's frustrating to be told you have a
 * problem", "you feel you should cut down") rather than pressing it, unless
 * the practitioner is the one speaking ("I think you should..."). */
static const char *const reported_words[] = {
	"told", "telling", "tell", "tells", "says", "said", "saying", "say", "nag", "nags", "nagging",
	"hear", "hearing", "heard", "calls", "called", "calling", "feel", "feels", "felt", "feeling",
	"think", "thinks", "thought", "believe", "believes", "worried", "worry", "worries", "wonder",
	"wondering", "scared", "afraid", "fear", "sure", "convinced", "suppose", "guess", "expects",
	"expect", "wants", "insists", "warned", "lecture", "lectured", "lecturing",
};

static bool reported_before(const struct reply_view *v, size_t i)
{
	/* Only within the hit's clause: "The numbers say otherwise, and you
	 * know it" reports nothing of the client's. */
	for (size_t j = i; j-- > 0 && !v->clause_start[j + 1];) {
		const char *w = v->tok[j].word;
		bool marker = false;
		for (size_t k = 0; k < ARRAY_SIZE(reported_words) && !marker; k++)
			marker = word_eq(w, reported_words[k]);
		if (!marker)
			continue;
		if (j > 0 && !v->clause_start[j]) {
			const char *who = v->tok[j - 1].word;
			if (!strcmp(who, "i") || !strcmp(who, "i'm") || !strcmp(who, "i've") || !strcmp(who, "i'd") ||
			    !strcmp(who, "we") || !strcmp(who, "we're"))
				continue; /* the practitioner's own view */
			/* "I really think", "I just feel": one adverb between */
			if (j > 1 && !v->clause_start[j - 1] &&
			    (!strcmp(v->tok[j - 2].word, "i") || !strcmp(v->tok[j - 2].word, "i'm")))
				continue;
		}
		return true;
	}
	return false;
}

static int hit_by_rule(const void *a, const void *b)
{
	const struct cue_hit *x = a, *y = b;
	return (x->rule > y->rule) - (x->rule < y->rule);
}

void cues_find(struct reply_view *v)
{
	static unsigned char done[sizeof cue_rules / sizeof cue_rules[0]];
	struct cue_hit found[CODER_MAX_HITS * 4];
	size_t nfound = 0;

	if (!compiled_ready) {
		compile_rules();
		index_rules();
	}
	memset(done, 0, sizeof done);
	for (size_t i = 0; i < v->ntok && nfound < ARRAY_SIZE(found); i++) {
		bool q = v->in_question[i];
		for (int r = rule_head[v->whash[i] % RULE_INDEX]; r >= 0; r = rule_next[r]) {
			const struct compiled_rule *cr = &compiled[r];
			const struct cue_rule *rule = &cue_rules[r];
			size_t k;
			if (done[r] || cr->first_hash != v->whash[i] || i + cr->nwords > v->ntok ||
			    strcmp(cr->words[0], v->tok[i].word))
				continue;
			if ((rule->flags & AT_START) && !v->clause_start[i])
				continue;
			if ((rule->flags & IN_Q) && !q)
				continue;
			if ((rule->flags & NOT_Q) && q)
				continue;
			for (k = 1; k < cr->nwords; k++) {
				const char *w = v->tok[i + k].word;
				if (cr->prefix[k] == SIZE_MAX)
					continue;
				if (cr->prefix[k] ? strncmp(cr->words[k], w, cr->prefix[k]) : strcmp(cr->words[k], w))
					break;
			}
			if (k < cr->nwords)
				continue;
			if ((rule->code == CODE_PERS || rule->code == CODE_CONF) && reported_before(v, i))
				continue; /* reported or reflected: a later place may still count */
			/* "you must be shattered", "you must hate this bit": an empathic
			 * guess, not an order */
			if (rule->code == CODE_PERS && must_guesses(v, i + cr->nwords - 1))
				continue;
			done[r] = 1; /* one hit per rule: its first place */
			found[nfound].rule = r;
			found[nfound].code = rule->code;
			found[nfound].start = v->tok[i].start;
			found[nfound].len = v->tok[i + cr->nwords - 1].start + v->tok[i + cr->nwords - 1].len -
					    v->tok[i].start;
			if (++nfound == ARRAY_SIZE(found))
				break;
		}
	}
	/* In rule order, as the features and the cue choice expect. */
	qsort(found, nfound, sizeof found[0], hit_by_rule);
	v->nhits = nfound < CODER_MAX_HITS ? nfound : CODER_MAX_HITS;
	memcpy(v->hits, found, v->nhits * sizeof found[0]);
}

bool has_hit(const struct reply_view *v, enum mi_code code)
{
	for (size_t i = 0; i < v->nhits; i++)
		if (v->hits[i].code == code)
			return true;
	return false;
}

const struct cue_hit *first_hit(const struct reply_view *v, enum mi_code code)
{
	for (size_t i = 0; i < v->nhits; i++)
		if (v->hits[i].code == code)
			return &v->hits[i];
	return NULL;
}

bool has_flagged_hit(const struct reply_view *v, unsigned flag)
{
	for (size_t i = 0; i < v->nhits; i++)
		if (cue_rules[v->hits[i].rule].flags & flag)
			return true;
	return false;
}

const struct cue_hit *earliest_reflection_hit(const struct reply_view *v)
{
	const struct cue_hit *best = NULL;
	for (size_t i = 0; i < v->nhits; i++)
		if ((v->hits[i].code == CODE_SR || v->hits[i].code == CODE_CR) &&
		    (!best || v->hits[i].start < best->start))
			best = &v->hits[i];
	return best;
}

const struct cue_rule *cue_rule_at(int rule)
{
	return &cue_rules[rule];
}

size_t cue_rule_words(int rule)
{
	if (!compiled_ready) {
		compile_rules();
		index_rules();
	}
	return compiled[rule].nwords;
}
