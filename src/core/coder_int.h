/* coder_int.h: what the coder's own files share, private to src/core/coder*.c:
 *   coder.c         names, and the decision: MITI's rules over the model's
 *                   probabilities and the cues
 *   coder_cues.c    the cue rules (coder_rules.def), compiled, and finding
 *                   them in a reply
 *   coder_lexicon.c the word lists (stop words, feelings, values, ...)
 *   coder_read.c    reading a reply: tokens, sentences, clauses; what it
 *                   shares with the client's words
 *   coder_skills.c  the four skill ratings and the tip
 * Everything here is pure. */
#ifndef MICOACH_CODER_INT_H
#define MICOACH_CODER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/coder.h"
#include "core/coder_model.h"

/* ---- cue rules (coder_cues.c) ----
 * A pattern is lower-case words separated by spaces; "*" matches any one
 * word and "word*" any word starting with "word". AT_START: the first word
 * opens a sentence or clause. IN_Q / NOT_Q: the sentence is / is not a
 * question. PERMISSION: the words ask leave to say something ("may I...?"), so
 * a question that carries them is seeking collaboration first. SUGGEST: the
 * words make a question a suggestion ("Why don't you...?"), persuasion
 * first. The code is the one the words suggest; CODE_SR marks a plain
 * reflection stem and CODE_CR one that adds feeling, meaning or two sides.
 * PERS and CONF words do not count inside reported speech or a reflected
 * thought ("to be told you have a problem", "you feel you should"). */
enum { AT_START = 1, IN_Q = 2, NOT_Q = 4, PERMISSION = 8, SUGGEST = 16 };

struct cue_rule {
	enum mi_code code;
	unsigned flags;
	const char *pattern;
};

/* The rule of a hit (index from struct cue_hit). */
const struct cue_rule *cue_rule_at(int rule);
/* How many words the rule's pattern has. */
size_t cue_rule_words(int rule);
/* Find the cues of v (read by reply_view_read) into v->hits, in rule order. */
void cues_find(struct reply_view *v);

bool has_hit(const struct reply_view *v, enum mi_code code);
const struct cue_hit *first_hit(const struct reply_view *v, enum mi_code code);
bool has_flagged_hit(const struct reply_view *v, unsigned flag);
/* The reflection cue (SR or CR rule) that comes first in the reply. */
const struct cue_hit *earliest_reflection_hit(const struct reply_view *v);

/* ---- the lexicon (coder_lexicon.c) ---- */
enum {
	LEX_STOP = 1, LEX_FEELING = 2, LEX_VALUE = 4, LEX_GAP = 8, LEX_STRENGTH = 16, LEX_PAST = 32,
	LEX_OPENER = 64, LEX_WH = 1u << 7, LEX_AUX = 1u << 8, LEX_SUBJECT = 1u << 9, LEX_NEG = 1u << 10,
	LEX_OBLIGATION = 1u << 11, LEX_POSSIBILITY = 1u << 12, LEX_SUBORD = 1u << 13, LEX_CONTRAST = 1u << 14,
	LEX_JUDGE = 1u << 15, LEX_VERB = 1u << 16, LEX_BEHAVIOUR = 1u << 17, LEX_HARM = 1u << 18,
};
/* Which word lists w (lower case) is in, as LEX_* bits. */
uint32_t lex_mask(const char *w);
/* Does the pattern word pat ("word", "word*", "*n't", "*") match w? */
bool lex_word_matches(const char *pat, const char *w);
/* Are the words a and b the same? strcmp() after the first bytes, where
 * most words that differ already do: the word lists are tried word by word. */
static inline bool word_eq(const char *a, const char *b)
{
	return a[0] == b[0] && !strcmp(a, b);
}
/* FNV-1a of a string: the coder's word hashes. */
uint32_t coder_hash(const char *s);

/* ---- typed text (coder_typed.c) ---- */
/* Restore contractions typed without apostrophes and correct misspelt words
 * in v's tokens (after its clauses are found). */
void typed_restore(struct reply_view *v, const struct coder *c, const struct coder_context *ctx);

/* ---- syntax (coder_syntax.c) ---- */
/* Split run-on questions off, number the sentences, and read each clause's
 * mood, subject, modals and negation; qmark[i]: a "?" follows token i. */
void syntax_read(struct reply_view *v, const bool *qmark);
/* Is token i the word w; is it one of list[0..n)? (false past the end) */
bool word_is(const struct reply_view *v, size_t i, const char *w);
bool word_in(const struct reply_view *v, size_t i, const char *const *list, size_t n);
bool must_guesses(const struct reply_view *v, size_t i);

/* ---- the righting reflex in plain words (coder_righting.c) ---- */
enum { RIGHTS_NONE, RIGHTS_ADVICE_QUESTION, RIGHTS_CONSEQUENCE, RIGHTS_SIDING, RIGHTS_BLAMING, RIGHTS_SARCASM,
       RIGHTS_RECOMMENDS, RIGHTS_MORALISING, RIGHTS_ORDER,
       RIGHTS_ORDER_OPENS /* an order that opens the reply */, RIGHTS_ULTIMATUM, RIGHTS_JUDGING,
       RIGHTS_FEELINGS /* telling the client how to feel */,
       RIGHTS_SUGGESTS /* a softened order: "maybe try the gum", "just take it one day at a time" */,
       RIGHTS_NEEDS /* telling the client what they need: "you need a proper plan" */,
       RIGHTS_REBUTS /* arguing from what everyone does: "everyone needs help" */,
       RIGHTS_ORDER_AFTER /* an order after a statement: "you feel stuck, cut the weeknight cans" */,
       RIGHTS_KINDS /* how many kinds, RIGHTS_NONE too */ };
/* Find advice put as a question, a warning or promise, siding with others,
 * blaming, sarcasm, a recommendation, moralising, a verdict, telling the
 * client how to feel or what they need, a softened order, or an order
 * (after syntax_read): v->rights, its kind and its span. */
void righting_read(struct reply_view *v);
/* What the constructions share (coder_righting.c): a construction's code
 * and its tokens [from, to); whether words before token at, in its
 * sentence, make it the client's thought or fear, someone's report, or a
 * denial; where token i's clause ends. */
struct righting_span {
	enum mi_code code;
	size_t from, to;
};
bool righting_found(struct righting_span *f, enum mi_code code, size_t from, size_t to);
bool righting_framed(const struct reply_view *v, size_t at);
size_t righting_clause_end(const struct reply_view *v, size_t i);
/* Telling the client how to feel or what they need, arguing from what
 * everyone does, each found at token i (coder_telling.c); does a clause
 * opening at i give someone's voice ("part of you thinks, just stop")? */
bool telling_feelings(const struct reply_view *v, size_t i, struct righting_span *f);
bool telling_needs(const struct reply_view *v, size_t i, struct righting_span *f);
bool telling_rebuttal(const struct reply_view *v, size_t i, struct righting_span *f);
bool righting_voiced(const struct reply_view *v, size_t i);

/* ---- reading (coder_read.c) ---- */
/* Does some word of v carry the lex_bit? */
bool mentions_any(const struct reply_view *v, uint32_t lex_bit);
/* Does the reply speak to the client ("you", "your"...)? A reflection does. */
bool second_person(const struct reply_view *v);
/* A statement about the world: no one in the room is its subject, it names
 * no feeling, and it does not open like a reflection. */
bool impersonal_statement(const struct reply_view *v);
/* The first words of the first question: the cue of a question with no
 * opener rule. */
bool question_span(const struct reply_view *v, size_t *start, size_t *len);
/* The longest run of reply words that echo the client's words. */
bool echo_span(const struct reply_view *v, const char *client, size_t *start, size_t *len);

/* ---- skills and tips (coder_skills.c) ---- */
void coder_rate_skills(const struct reply_view *v, const struct coder_context *ctx, struct coded_reply *out);
void coder_choose_tip(const struct reply_view *v, const struct coder_context *ctx, struct coded_reply *out);

#endif
