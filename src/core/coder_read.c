/* coder_read.c: reading one reply: its tokens (words as meant, stems, word
 * lists, parts of speech, synonyms), its sentences and clauses (their syntax
 * is coder_syntax.c), then its cues; and what the reply shares with another
 * utterance (the client's words, by stem or WordNet synonym). */
#include "coder_int.h"

#include <string.h>

#include "core/text.h"
#include "core/util.h"

/* Sentences and clauses from punctuation: ". ! ? ; :" end a sentence,
 * ", - (" a clause; a discourse opener ("so", "and") does not count as the
 * opener of what follows it. qmark[i]: a "?" follows token i. */
static void find_boundaries(struct reply_view *v, bool *qmark)
{
	size_t prev_end = 0;

	for (size_t i = 0; i < v->ntok; i++) {
		bool new_sentence = i == 0, new_clause = i == 0;
		for (size_t j = prev_end; j < v->tok[i].start && i > 0; j++) {
			char c = v->text[j];
			if (c == '.' || c == '!' || c == '?' || c == ';' || c == ':')
				new_sentence = true;
			if (c == ',' || c == '-' || c == '(')
				new_clause = true;
			if (c == '?')
				qmark[i - 1] = true;
		}
		qmark[i] = false;
		v->sentence_start[i] = new_sentence;
		v->clause_start[i] = new_sentence || new_clause;
		/* Discourse openers do not count: "So, what...", "And how...". */
		if (i > 0 && v->clause_start[i - 1] && !v->clause_start[i] && (v->lex[i - 1] & LEX_OPENER))
			v->clause_start[i] = true;
		prev_end = v->tok[i].start + v->tok[i].len;
	}
	if (v->ntok && strchr(v->text + prev_end, '?'))
		qmark[v->ntok - 1] = true;
}

/* Hashes, word lists, parts of speech and synonym heads of the tokens. */
static void word_facts(struct reply_view *v, const struct coder *c)
{
	for (size_t i = 0; i < v->ntok; i++) {
		const struct vocab_word *vw = coder_vocab_find(c, v->tok[i].word);
		v->whash[i] = coder_hash(v->tok[i].word);
		v->shash[i] = coder_hash(v->tok[i].stem);
		v->lex[i] = lex_mask(v->tok[i].word);
		v->pos[i] = vw ? vw->pos : 0;
		v->canon[i] = vw && vw->canon ? coder_hash(vw->canon) : v->shash[i];
	}
}

/* A negation as the client may type it: "not", "never", "don't", "dont". */
static bool client_negation(const char *w)
{
	static const char *const typed[] = { "dont", "cant", "wont", "isnt", "arent", "wasnt", "werent", "didnt",
					     "doesnt", "havent", "hasnt", "couldnt", "shouldnt", "wouldnt", "aint" };
	if (lex_mask(w) & LEX_NEG)
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(typed); i++)
		if (word_eq(w, typed[i]))
			return true;
	return false;
}

/* Does the text between two words end a clause (". , ! ? ; :")? */
static bool clause_break(const char *text, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (strchr(".,!?;:", text[i]))
			return true;
	return false;
}

/* How the other utterance says a content word: in a negated stretch of
 * its clause ("I *don't* need a break"), or as what someone else says of
 * the speaker ("I get *told* I'm lazy", "my mum *says* I'm lazy"). */
enum { SAID_NEGATED = 1, SAID_REPORTED = 2 };

/* Does w report what someone else says or thinks? ("told", "says"; not
 * the speaker's own "I said", "I think"). */
static bool reports_other(const char *w, bool after_i)
{
	static const char *const reporting[] = { "told", "tells", "says", "said", "calls", "called", "reckons",
						 "thinks", "thought", "saying", "telling", "calling" };
	if (after_i)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(reporting); i++)
		if (word_eq(w, reporting[i]))
			return true;
	return false;
}

/* The canon hashes of another utterance's content words (by synonym head
 * when the model knows the word, else by stem); returns their number.
 * said[k]: how it says word k (SAID_*). */
static size_t content_canons(const struct coder *c, const char *other, uint32_t *stems, uint32_t *canons,
			     unsigned char *said)
{
	size_t n = 0, pos = 0, prev_end = 0;
	bool neg = false, rep = false, after_i = false;
	struct token tok;

	while (n < CODER_MAX_TOKENS && text_next_token(other, &pos, &tok)) {
		const struct vocab_word *vw;
		if (clause_break(other, prev_end, tok.start) || !strcmp(tok.word, "but"))
			neg = rep = false;
		prev_end = tok.start + tok.len;
		if (client_negation(tok.word))
			neg = true;
		if (reports_other(tok.word, after_i))
			rep = true;
		after_i = word_eq(tok.word, "i");
		if (lex_mask(tok.word) & LEX_STOP)
			continue;
		vw = coder_vocab_find(c, tok.word);
		stems[n] = coder_hash(tok.stem);
		canons[n] = vw && vw->canon ? coder_hash(vw->canon) : stems[n];
		said[n] = (unsigned char)((neg ? SAID_NEGATED : 0) | (rep ? SAID_REPORTED : 0));
		n++;
	}
	return n;
}

/* Does reply word i echo one of the n words? *how (may be NULL): the
 * SAID_* ways the words it echoes were said. */
static bool echoes_one(const struct reply_view *v, size_t i, const uint32_t *stems, const uint32_t *canons,
		       const unsigned char *said, size_t n, unsigned *how)
{
	bool found = false;
	for (size_t j = 0; j < n; j++)
		if (stems[j] == v->shash[i] || canons[j] == v->canon[i]) {
			found = true;
			if (how)
				*how |= said[j];
		}
	return found;
}

/* Which content words of the reply the client said too, and whether the
 * client said them negated. */
static void find_echoes(struct reply_view *v, const struct coder_context *ctx)
{
	uint32_t stems[CODER_MAX_TOKENS], canons[CODER_MAX_TOKENS];
	unsigned char said[CODER_MAX_TOKENS];
	size_t n = ctx && ctx->client_last ? content_canons(v->coder, ctx->client_last, stems, canons, said) : 0;
	size_t hits = 0, content = 0;

	for (size_t i = 0; i < v->ntok; i++) {
		unsigned how = 0;
		v->echo[i] = !(v->lex[i] & LEX_STOP) && echoes_one(v, i, stems, canons, said, n, &how);
		v->echo_negated[i] = (how & SAID_NEGATED) != 0;
		v->echo_reported[i] = (how & SAID_REPORTED) != 0;
		content += !(v->lex[i] & LEX_STOP);
		hits += v->echo[i];
	}
	/* What coder_overlap() would find for the client's words, found now:
	 * the model asks for it again (the words of v do not change after). */
	if (ctx && ctx->client_last && *ctx->client_last && v->nmemo < ARRAY_SIZE(v->memo_text)) {
		v->memo_text[v->nmemo] = ctx->client_last;
		v->memo_overlap[v->nmemo] = hits;
		v->memo_content[v->nmemo] = content;
		v->nmemo++;
	}
}

void reply_view_read(struct reply_view *v, const char *reply, const struct coder *c,
		     const struct coder_context *ctx)
{
	bool qmark[CODER_MAX_TOKENS];

	v->text = reply ? reply : "";
	v->coder = c;
	v->ntok = text_tokens(v->text, v->tok, CODER_MAX_TOKENS);
	v->nmemo = 0;
	for (size_t i = 0; i < v->ntok; i++)
		v->lex[i] = lex_mask(v->tok[i].word);
	find_boundaries(v, qmark);
	typed_restore(v, c, ctx);
	word_facts(v, c);
	find_echoes(v, ctx);
	syntax_read(v, qmark);
	righting_read(v);
	cues_find(v);
}

size_t coder_overlap(const struct reply_view *v, const char *other, size_t *content)
{
	struct reply_view *mv = (struct reply_view *)v; /* the memo is a cache, not state */
	uint32_t stems[CODER_MAX_TOKENS], canons[CODER_MAX_TOKENS];
	unsigned char said[CODER_MAX_TOKENS];
	size_t n, hits = 0, c = 0;

	if (content)
		*content = 0;
	if (!other || !*other)
		return 0;
	for (size_t m = 0; m < v->nmemo; m++)
		if (v->memo_text[m] == other) {
			if (content)
				*content = v->memo_content[m];
			return v->memo_overlap[m];
		}
	n = content_canons(v->coder, other, stems, canons, said);
	for (size_t i = 0; i < v->ntok; i++) {
		if (v->lex[i] & LEX_STOP)
			continue;
		c++;
		hits += echoes_one(v, i, stems, canons, said, n, NULL);
	}
	if (v->nmemo < ARRAY_SIZE(v->memo_text)) {
		mv->memo_text[v->nmemo] = other;
		mv->memo_overlap[v->nmemo] = hits;
		mv->memo_content[v->nmemo] = c;
		mv->nmemo++;
	}
	if (content)
		*content = c;
	return hits;
}

bool mentions_any(const struct reply_view *v, uint32_t lex_bit)
{
	for (size_t i = 0; i < v->ntok; i++)
		if (v->lex[i] & lex_bit)
			return true;
	return false;
}

/* The first words of the first question sentence: the cue of a question with
 * no opener rule. */
bool question_span(const struct reply_view *v, size_t *start, size_t *len)
{
	for (size_t i = 0; i < v->ntok; i++) {
		if (!v->in_question[i])
			continue;
		size_t j = i;
		while (j + 1 < v->ntok && j < i + 2 && v->sentence_of[j + 1] == v->sentence_of[i])
			j++;
		*start = v->tok[i].start;
		*len = v->tok[j].start + v->tok[j].len - *start;
		return true;
	}
	return false;
}

/* The longest run of reply words that echo the client's words. */
bool echo_span(const struct reply_view *v, const char *client, size_t *start, size_t *len)
{
	struct token tok[CODER_MAX_TOKENS];
	size_t n, best = 0, best_i = 0, run = 0;

	if (!client || !*client)
		return false;
	n = text_tokens(client, tok, CODER_MAX_TOKENS);
	for (size_t i = 0; i < v->ntok; i++) {
		bool hit = false;
		for (size_t j = 0; j < n && !hit; j++)
			hit = !strcmp(tok[j].stem, v->tok[i].stem);
		run = hit ? run + 1 : 0;
		if (hit && run > best && !(run == 1 && coder_stop_word(v->tok[i].word))) {
			best = run;
			best_i = i + 1 - run;
		}
	}
	if (!best)
		return false;
	*start = v->tok[best_i].start;
	*len = v->tok[best_i + best - 1].start + v->tok[best_i + best - 1].len - *start;
	return true;
}

/* Does the reply speak to the client ("you", "your"...)? A reflection does. */
bool second_person(const struct reply_view *v)
{
	for (size_t i = 0; i < v->ntok; i++) {
		const char *w = v->tok[i].word;
		if (!strncmp(w, "you", 3) && (!w[3] || w[3] == '\'' || !strcmp(w + 3, "r") || !strcmp(w + 3, "rs") ||
					       !strcmp(w + 3, "rself")))
			return true;
	}
	return false;
}

/* A statement about the world: no one in the room is its subject (no you,
 * I, we), it names no feeling, and it does not open like a reflection
 * ("it's", "that", "sounds", "being told..."): "Statins lower cholesterol". */
bool impersonal_statement(const struct reply_view *v)
{
	static const char *const person[] = { "i", "i'm", "i've", "i'd", "i'll", "me", "my", "we", "we're",
					      "we've", "us", "our", "he", "she", "he's", "she's", "they", "they're" };
	static const char *const reflective_openers[] = {
		"it", "it's", "that", "that's", "this", "sounds", "seems", "feels", "so", "and", "but", "there",
		"there's", "being", "hearing", "kind", "sort", "lot", "must", "not", "no", "yeah", "just", "like",
		"almost", "maybe", "perhaps", "even", "still", "all", "nothing", "something", "everything",
	};
	if (v->ntok < 6 || v->questions || second_person(v) || mentions_any(v, LEX_FEELING))
		return false;
	for (size_t i = 0; i < v->ntok; i++)
		for (size_t k = 0; k < ARRAY_SIZE(person); k++)
			if (!strcmp(v->tok[i].word, person[k]))
				return false;
	for (size_t k = 0; k < ARRAY_SIZE(reflective_openers); k++)
		if (!strcmp(v->tok[0].word, reflective_openers[k]))
			return false;
	return true;
}

