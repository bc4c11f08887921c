/* client_moves.c: a reply as the client hears it (its traits) and the
 * default lines of the conversational moves (client_moves.h). Pure. */
#include "core/client_moves.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/util.h"

enum { WORDS_MAX = 400 };

/* A reply's words, apostrophes dropped ("can't" and "cant" are one word),
 * with where each starts and ends in the text. */
struct words {
	char (*w)[TEXT_WORD_MAX];
	char (*stem)[TEXT_WORD_MAX];
	size_t *start, *end;
	size_t n;
};

static void words_read(const char *text, struct words *ws)
{
	struct token tok;
	size_t pos = 0;

	ws->w = xcalloc(WORDS_MAX, sizeof *ws->w);
	ws->stem = xcalloc(WORDS_MAX, sizeof *ws->stem);
	ws->start = xcalloc(WORDS_MAX, sizeof *ws->start);
	ws->end = xcalloc(WORDS_MAX, sizeof *ws->end);
	ws->n = 0;
	while (ws->n < WORDS_MAX && text && text_next_token(text, &pos, &tok)) {
		char *d = ws->w[ws->n];
		for (const char *c = tok.word; *c; c++)
			if (*c != '\'')
				*d++ = *c;
		*d = '\0';
		memcpy(ws->stem[ws->n], tok.stem, TEXT_WORD_MAX);
		ws->start[ws->n] = tok.start;
		ws->end[ws->n] = tok.start + tok.len;
		ws->n++;
	}
}

static void words_release(struct words *ws)
{
	free(ws->w);
	free(ws->stem);
	free(ws->start);
	free(ws->end);
}

/* Do the words from i on spell the phrase (words separated by spaces)? */
static size_t phrase_at(const struct words *ws, size_t i, const char *phrase)
{
	size_t k = i;

	while (*phrase) {
		size_t len = strcspn(phrase, " ");
		if (k >= ws->n || strlen(ws->w[k]) != len || strncmp(ws->w[k], phrase, len))
			return 0;
		k++;
		phrase += len;
		while (*phrase == ' ')
			phrase++;
	}
	return k - i;
}

/* The first place a phrase of the list occurs: its end (word index), or 0. */
static size_t find_phrase(const struct words *ws, const char *const *list, size_t n)
{
	for (size_t i = 0; i < ws->n; i++)
		for (size_t p = 0; p < n; p++) {
			size_t len = phrase_at(ws, i, list[p]);
			if (len)
				return i + len;
		}
	return 0;
}

/* Asking leave, as trainees type it (no apostrophes needed). */
static const char *const permission_phrases[] = {
	"can i share", "could i share", "may i share", "can i tell you", "could i tell you",
	"may i tell you", "can i offer", "could i offer", "may i offer", "can i suggest",
	"could i suggest", "may i suggest", "can i make a suggestion", "could i make a suggestion",
	"can i give you", "could i give you", "can i ask", "could i ask", "may i ask",
	"can i run something", "can i mention", "could i mention", "can i say something",
	"mind if i", "ok if i", "okay if i", "alright if i", "all right if i", "ok if we",
	"okay if we", "ok with me", "okay with me", "happy for me to", "would you like to hear",
	"would you like me to", "do you want to hear", "do you want me to", "want to hear what",
	"would it help if i", "would it be helpful if i", "would it be useful if i",
	"would you be interested in", "interested in hearing", "can we talk about",
	"would you like to know", "do you want to know", "want to know what", "can i explain",
	"could i explain", "shall i explain", "can i tell", "could i tell",
	"could we talk about", "can we look at", "could we look at",
};

/* Words that open a question when a clause starts with them. */
static const char *const question_openers[] = {
	"what", "how", "why", "when", "where", "who", "which", "whats", "hows", "tell me",
};
static const char *const auxiliaries[] = {
	"do", "does", "did", "have", "has", "had", "are", "is", "was", "were", "can", "could", "would",
	"will", "should", "shall", "may", "might", "dont", "didnt", "havent", "isnt", "arent", "wasnt",
	"wouldnt", "couldnt", "cant", "wont",
};
static const char *const subjects[] = {
	"you", "it", "he", "she", "they", "we", "i", "that", "this", "there", "your", "anyone", "anything",
	"the", "people", "someone", "things", "any", "anybody", "everyone",
};

static bool in_list(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(w, list[i]))
			return true;
	return false;
}

/* Words that open a clause without being its start ("so what happened",
 * "ok so what do you want"). */
static const char *const discourse[] = {
	"so", "ok", "okay", "and", "but", "well", "right", "alright", "um", "erm", "hmm", "then", "now",
	"yeah", "yes", "mm", "oh",
};
static const char *const pronouns[] = { "you", "i", "we", "they", "he", "she" };

/* Does the clause starting at word i open as a question? A question word
 * ("what", "how", "tell me") unless a pronoun follows it straight away
 * ("what you tell me stays between us" is a statement), or an auxiliary
 * before its subject ("did you", "is it"). */
/* After a comma these open a subordinate clause far more often than a
 * question ("..., when you see yourself as careful"). */
static const char *const subordinators[] = { "when", "where", "which", "who" };

static bool clause_asks(const struct words *ws, size_t i, bool after_comma)
{
	while (i + 1 < ws->n && in_list(ws->w[i], discourse, ARRAY_SIZE(discourse)))
		i++;
	if (after_comma && in_list(ws->w[i], subordinators, ARRAY_SIZE(subordinators)))
		return false;
	for (size_t q = 0; q < ARRAY_SIZE(question_openers); q++) {
		size_t len = phrase_at(ws, i, question_openers[q]), next = i + len;
		if (len)
			return !strcmp(question_openers[q], "tell me") || next >= ws->n ||
			       !in_list(ws->w[next], pronouns, ARRAY_SIZE(pronouns));
	}
	return i + 1 < ws->n && in_list(ws->w[i], auxiliaries, ARRAY_SIZE(auxiliaries)) &&
	       in_list(ws->w[i + 1], subjects, ARRAY_SIZE(subjects));
}

/* A question in the words, whatever the coder made of it: a question mark,
 * or a clause that opens as one (clause_asks). */
static bool words_ask(const char *reply, const struct words *ws)
{
	if (strchr(reply, '?'))
		return true;
	for (size_t i = 0; i < ws->n; i++) {
		bool clause = i == 0, comma = false;
		for (size_t c = i ? ws->end[i - 1] : 0; i && c < ws->start[i] && !clause; c++) {
			clause = strchr(".!;,:", reply[c]) != NULL;
			comma = reply[c] == ',';
		}
		if (clause && clause_asks(ws, i, comma))
			return true;
	}
	return false;
}

/* Words that amplify a reflection past what the client said: an amplified
 * reflection overstates their side ("so you never want to..."). Words that
 * only intensify ("everyone", "always", "completely") are left out: strong
 * reflections use them too. */
static const char *const amplifiers[] = {
	"never want", "never wanted", "never going to", "never ever", "never again", "would never",
	"ever again", "at all", "no problem", "not a problem", "nothing wrong", "no reason", "no point",
	"whatsoever", "not in the slightest", "no way", "absolutely no", "totally fine",
	"completely fine", "perfectly fine", "nothing to worry", "no intention", "not one bit",
	"zero interest", "no interest",
};

static const char *const stop_words[] = {
	"a", "about", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because",
	"been", "being", "bit", "but", "by", "can", "could", "did", "do", "does", "dont", "for",
	"from", "get", "got", "had", "has", "have", "he", "her", "here", "him", "his", "how", "i",
	"if", "im", "in", "is", "it", "its", "ive", "just", "kind", "like", "lot", "me", "mean",
	"more", "much", "must", "my", "no", "not", "of", "oh", "ok", "okay", "on", "or", "our",
	"really", "right", "said", "say", "seem", "seems", "she", "so", "some", "sort", "sound",
	"sounds", "than", "that", "thats", "the", "their", "them", "then", "there", "these", "they",
	"thing", "things", "think", "this", "those", "to", "too", "up", "us", "very", "was", "we",
	"well", "were", "what", "when", "where", "which", "who", "why", "will", "with", "would",
	"yeah", "yes", "you", "youd", "youll", "your", "youre", "youve", "feel", "feels", "feeling",
	"bit", "quite", "maybe", "one", "way", "now", "go", "going", "want", "wanted", "something",
	"anything", "everything", "nothing", "never", "always", "at", "time", "lot",
};

static bool is_stop(const char *w)
{
	if (!w[0] || !w[1])
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(stop_words); i++)
		if (!strcmp(w, stop_words[i]))
			return true;
	return false;
}

/* Does a stem of the reply's content words occur in text (as a stem)? */
static bool shares_stem(const struct words *ws, const char *text)
{
	struct token tok;
	size_t pos = 0;

	while (text && text_next_token(text, &pos, &tok)) {
		char w[TEXT_WORD_MAX], *d = w;
		for (const char *c = tok.word; *c; c++)
			if (*c != '\'')
				*d++ = *c;
		*d = '\0';
		if (is_stop(w))
			continue;
		for (size_t i = 0; i < ws->n; i++)
			if (!is_stop(ws->w[i]) && !strcmp(ws->stem[i], tok.stem))
				return true;
	}
	return false;
}

size_t reply_overlap(const char *reply, const char *text)
{
	struct words ws, wt;
	size_t shared = 0;

	words_read(reply, &ws);
	words_read(text, &wt);
	for (size_t i = 0; i < ws.n; i++) {
		bool seen = false;
		if (is_stop(ws.w[i]))
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(ws.stem[j], ws.stem[i]);
		for (size_t j = 0; j < wt.n && !seen; j++)
			if (!strcmp(ws.stem[i], wt.stem[j])) {
				shared++;
				break;
			}
	}
	words_release(&ws);
	words_release(&wt);
	return shared;
}

/* A sentence of at least 3 words after the one that asked leave. */
static bool said_after(const char *reply, const struct words *ws, size_t end)
{
	size_t k = end;

	if (end == 0 || end > ws->n)
		return false;
	/* the request's sentence ends at the first ? . or ! after its phrase */
	for (size_t c = ws->end[end - 1]; reply[c]; c++) {
		if (reply[c] == '?' || reply[c] == '.' || reply[c] == '!') {
			while (k < ws->n && ws->start[k] < c)
				k++;
			return ws->n - k >= 3;
		}
	}
	return false;
}

static bool lines_hold(const char *const *lines, size_t n, const char *phrase)
{
	for (size_t i = 0; i < n; i++) {
		struct words wc;
		bool hit;

		words_read(lines[i], &wc);
		hit = find_phrase(&wc, &phrase, 1) > 0;
		words_release(&wc);
		if (hit)
			return true;
	}
	return false;
}

/* Did the client use this phrase, just now or before? */
static bool client_said(const struct reply_context *ctx, const char *phrase)
{
	return ctx && (lines_hold(ctx->client_lines, ctx->nclient, phrase) ||
		       lines_hold(ctx->earlier_lines, ctx->nearlier, phrase));
}

/* Content words in the client's lines the reply answers. */
static size_t client_words(const struct reply_context *ctx)
{
	size_t n = 0;

	for (size_t i = 0; i < ctx->nclient; i++) {
		struct words wc;
		words_read(ctx->client_lines[i], &wc);
		for (size_t k = 0; k < wc.n; k++)
			n += !is_stop(wc.w[k]);
		words_release(&wc);
	}
	return n;
}

void reply_traits_compute(const char *reply, const struct coded_reply *cr, const struct reply_context *ctx,
			  struct reply_traits *out)
{
	struct words ws;
	size_t end, content = 0;

	memset(out, 0, sizeof *out);
	reply = reply ? reply : "";
	words_read(reply, &ws);
	out->asks = (cr->codes & (CODE_BIT(CODE_OQ) | CODE_BIT(CODE_CQ))) != 0 || words_ask(reply, &ws);
	end = find_phrase(&ws, permission_phrases, ARRAY_SIZE(permission_phrases));
	if (end && !(cr->codes & CODE_BIT(CODE_CONF))) {
		out->permission = true;
		out->info_follows = said_after(reply, &ws, end);
	}
	out->gives_info = (cr->codes & (CODE_BIT(CODE_GI) | CODE_BIT(CODE_PWP) | CODE_BIT(CODE_PERS))) &&
			  !(cr->codes & CODE_BIT(CODE_CONF));
	out->reflects = (cr->codes & (CODE_BIT(CODE_SR) | CODE_BIT(CODE_CR))) &&
			!(cr->codes & CODE_BIT(CODE_AF)) && !cr->nonadherent;
	if (out->reflects) {
		for (size_t i = 0; i < ws.n && !out->asks; i++)
			for (size_t a = 0; a < ARRAY_SIZE(amplifiers) && !out->overshoots; a++)
				if (phrase_at(&ws, i, amplifiers[a]) && !client_said(ctx, amplifiers[a]))
					out->overshoots = true;
		for (size_t i = 0; i < ws.n; i++)
			content += !is_stop(ws.w[i]);
		/* "I've been pushing you...": about the practitioner, not a reflection of the client */
		bool about_me = ws.n && (!strcmp(ws.w[0], "i") || !strcmp(ws.w[0], "im") || !strcmp(ws.w[0], "ive"));
		if (content >= 4 && ctx && !about_me && client_words(ctx) >= 4) {
			bool shared = false;
			for (size_t i = 0; i < ctx->nclient && !shared; i++)
				shared = shares_stem(&ws, ctx->client_lines[i]);
			for (size_t i = 0; i < ctx->nearlier && !shared; i++)
				shared = shares_stem(&ws, ctx->earlier_lines[i]);
			for (size_t i = 0; i < ctx->ntopics && !shared; i++)
				shared = shares_stem(&ws, ctx->topics[i]);
			out->misses = !shared && ctx->nclient > 0 && !out->asks;
		}
	}
	words_release(&ws);
}

/* ---- repeats ------------------------------------------------------------ */

static uint32_t fnv1a(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

void reply_signature(const char *reply, struct reply_sig *out)
{
	struct token tok;
	size_t pos = 0, k = 0;

	out->n = 0;
	while (out->n < REPLY_SIG_MAX && reply && text_next_token(reply, &pos, &tok))
		out->h[out->n++] = fnv1a(tok.stem);
	if (out->n)
		qsort(out->h, out->n, sizeof out->h[0], u32_cmp);
	for (size_t i = 0; i < out->n; i++)
		if (i == 0 || out->h[i] != out->h[i - 1])
			out->h[k++] = out->h[i];
	out->n = k;
}

bool reply_sig_repeats(const struct reply_sig *a, const struct reply_sig *b)
{
	size_t i = 0, j = 0, shared = 0;

	if (a->n < 3 || b->n < 3)
		return false;
	while (i < a->n && j < b->n) {
		if (a->h[i] == b->h[j])
			shared++, i++, j++;
		else if (a->h[i] < b->h[j])
			i++;
		else
			j++;
	}
	/* shared / union >= 0.8 */
	return 5 * shared >= 4 * (a->n + b->n - shared);
}

/* ---- default lines ------------------------------------------------------ */

struct default_line {
	const char *text;
	int meter;       /* 0 none, 1 rapport high, 2 rapport low, 3 resistance high */
	bool asks;       /* said after a question only */
};

static const struct default_line d_permission[] = {
	{ "Go on, then.", 1, false }, { "Yeah, go on.", 1, false },
	{ "If you have to.", 2, false }, { "Fine. Go on.", 2, false },
};
static const struct default_line d_permission_plain[] = {
	{ "Go on, then.", 0, false }, { "Yeah, go on.", 0, false },
};
static const struct default_line d_refuse[] = {
	{ "I'd rather you didn't, to be honest.", 3, false },
	{ "Not really, no. I've heard it all before.", 3, false },
};
static const struct default_line d_heard[] = {
	{ "Hm. Right.", 0, false }, { "OK. Fair enough.", 0, false }, { "Right. I'll think about that.", 0, false },
};
static const struct default_line d_repeat[] = {
	{ "You asked me that already.", 0, true }, { "You've asked me that.", 0, true },
	{ "You said that already.", 0, false }, { "Yeah, you said.", 0, false },
};
static const struct default_line d_overshoot[] = {
	{ "Well, I wouldn't go that far.", 0, false }, { "Hang on, it's not as bad as that.", 0, false },
};
static const struct default_line d_misheard[] = {
	{ "That's not what I said.", 0, false }, { "No, that's not really it.", 0, false },
};

/* The point a fraction num/den of the way from a meter's min to its max. */
static int meter_point(const struct meter_def *m, int num, int den)
{
	return m->min + (int)(((long long)m->max - m->min) * num / den);
}

static void cond_meter(struct line_cond *c, int meter, enum cmp_op op, int value)
{
	c->meters.cmps = xcalloc(1, sizeof *c->meters.cmps);
	c->meters.cmps[0] = (struct meter_cmp){ .meter = meter, .op = op, .value = value };
	c->meters.n = 1;
}

static void fill(struct scenario *s, enum client_move mv, const struct default_line *d, size_t n)
{
	struct move_lines *ml = &s->moves[mv];
	int rapport = scenario_find_meter(s, "rapport");
	int resistance = scenario_find_meter(s, "resistance");

	ml->say = xcalloc(n, sizeof *ml->say);
	ml->nsay = 0;
	for (size_t i = 0; i < n; i++) {
		struct line_variant *lv = &ml->say[ml->nsay];

		line_cond_init(&lv->when);
		if (d[i].meter == 1 || d[i].meter == 2) {
			if (rapport < 0)
				continue;
			cond_meter(&lv->when, rapport, d[i].meter == 1 ? CMP_GE : CMP_LT,
				   meter_point(&s->meters[rapport], 1, 2));
		} else if (d[i].meter == 3) {
			if (resistance < 0)
				continue;
			cond_meter(&lv->when, resistance, CMP_GE, meter_point(&s->meters[resistance], 4, 5));
		}
		if (d[i].asks) {
			lv->when.reply.asks = 1;
			lv->when.on_reply = true;
		}
		lv->text = xstrdup(d[i].text);
		lv->talk = TALK_NEUTRAL;
		lv->at = s->at;
		ml->nsay++;
	}
}

void client_moves_defaults(struct scenario *s)
{
	if (s->format < 2)
		return;
	for (int m = 0; m < MOVE_COUNT; m++) {
		if (s->moves[m].off || s->moves[m].given)
			continue;
		switch ((enum client_move)m) {
		case MOVE_PERMISSION:
			if (scenario_find_meter(s, "rapport") >= 0)
				fill(s, MOVE_PERMISSION, d_permission, ARRAY_SIZE(d_permission));
			else
				fill(s, MOVE_PERMISSION, d_permission_plain, ARRAY_SIZE(d_permission_plain));
			break;
		case MOVE_REFUSE: fill(s, MOVE_REFUSE, d_refuse, ARRAY_SIZE(d_refuse)); break;
		case MOVE_HEARD: fill(s, MOVE_HEARD, d_heard, ARRAY_SIZE(d_heard)); break;
		case MOVE_REPEAT: fill(s, MOVE_REPEAT, d_repeat, ARRAY_SIZE(d_repeat)); break;
		case MOVE_OVERSHOOT: fill(s, MOVE_OVERSHOOT, d_overshoot, ARRAY_SIZE(d_overshoot)); break;
		case MOVE_MISHEARD: fill(s, MOVE_MISHEARD, d_misheard, ARRAY_SIZE(d_misheard)); break;
		case MOVE_COUNT: break;
		}
	}
}
