/* validate_listen.c: the lint for listening (scenario format 2; see
 * validate_int.h). Warnings, each located at the line or node it is about,
 * with the fix: a client line without a `talk:` label; a reachable node with
 * no response for a direct question or (with the permission move turned off)
 * a permission request; a line that presupposes the practitioner's words
 * ("Exactly.", "That's the word.") where no condition on the reply guards
 * it; a line that refers back ("Like I said", "She...") but can be said on a
 * node's first visit with nothing before it; an ending or node with no line
 * that can be said whatever happened. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "validate_int.h"

size_t line_sets(const struct scenario *s, struct line_set_ref **out)
{
	size_t n = s->nnodes + s->nanswers + MOVE_COUNT + s->nendings, k = 0;
	struct line_set_ref *v;

	for (size_t i = 0; i < s->nnodes; i++)
		n += s->nodes[i].nresponses;
	v = xcalloc(n + 1, sizeof *v);
	for (size_t i = 0; i < s->nnodes; i++) {
		v[k++] = (struct line_set_ref){ s->nodes[i].say, s->nodes[i].nsay, (int)i, -1, -1, -1, -1 };
		for (size_t j = 0; j < s->nodes[i].nresponses; j++)
			v[k++] = (struct line_set_ref){ s->nodes[i].responses[j].say_first, s->nodes[i].responses[j].nsay_first,
							(int)i, (int)j, -1, -1, -1 };
	}
	for (size_t i = 0; i < s->nanswers; i++)
		v[k++] = (struct line_set_ref){ s->answers[i].say, s->answers[i].nsay, -1, -1, (int)i, -1, -1 };
	for (size_t i = 0; i < MOVE_COUNT; i++)
		if (s->moves[i].given)
			v[k++] = (struct line_set_ref){ s->moves[i].say, s->moves[i].nsay, -1, -1, -1, (int)i, -1 };
	for (size_t i = 0; i < s->nendings; i++)
		v[k++] = (struct line_set_ref){ s->endings[i].lines, s->endings[i].nlines, -1, -1, -1, -1, (int)i };
	*out = v;
	return k;
}

/* The line's words, lower-cased, apostrophes and leading dots dropped:
 * "...That's the word." -> "thats the word." */
static void fold(const char *text, char *out, size_t max)
{
	size_t k = 0;

	while (*text && (*text == '.' || *text == ' ' || *text == '"' || *text == '\'' || *text == '-'))
		text++;
	for (; *text && k + 1 < max; text++) {
		unsigned char c = (unsigned char)*text;
		if (c == 0xe2 && text[1] == (char)0x80 && text[2] == (char)0x99) {
			text += 2;  /* a typographic apostrophe, U+2019 */
			continue;
		}
		if (c != '\'')
			out[k++] = (char)(c < 0x80 ? tolower(c) : c);
	}
	out[k] = '\0';
}

/* Does the folded line start with this word or phrase (then a non-letter)? */
static bool starts(const char *f, const char *w)
{
	size_t n = strlen(w);
	return !strncmp(f, w, n) && !isalpha((unsigned char)f[n]);
}

static bool contains(const char *f, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = strstr(f, w); p; p = strstr(p + 1, w))
		if ((p == f || !isalpha((unsigned char)p[-1])) && !isalpha((unsigned char)p[n]))
			return true;
	return false;
}

/* The first marker the line starts with (first[]) or holds (anywhere[]), or NULL. */
static const char *marker(const char *text, const char *const *first, size_t nfirst, const char *const *anywhere,
			  size_t nanywhere)
{
	char f[256];

	fold(text, f, sizeof f);
	for (size_t i = 0; i < nfirst; i++)
		if (starts(f, first[i]))
			return first[i];
	for (size_t i = 0; i < nanywhere; i++)
		if (contains(f, anywhere[i]))
			return anywhere[i];
	return NULL;
}

/* The words that presuppose what the practitioner just said, or NULL. */
static const char *presupposes(const char *text)
{
	static const char *const first[] = {
		"exactly", "precisely", "thats it", "thats right", "thats true", "thats the word",
		"that is the word", "spot on", "you got it", "youre right", "you are right", "yes", "yeah",
		"absolutely", "true", "well said", "you said it", "like you said", "as you say", "as you said",
	};
	static const char *const anywhere[] = {
		"thats the word", "that is the word", "like you said", "as you said", "you said it",
		"youre right", "you are right", "thats exactly it",
	};

	return marker(text, first, ARRAY_SIZE(first), anywhere, ARRAY_SIZE(anywhere));
}

/* The words that refer back to something said before, or NULL. */
static const char *refers_back(const char *text)
{
	static const char *const first[] = {
		"she", "he", "her", "him", "his", "still", "also", "and", "but", "anyway", "again",
	};
	static const char *const anywhere[] = {
		"like i said", "as i said", "i told you", "i already told", "ive already told", "i said before",
		"as i mentioned", "like i told you", "i keep telling", "i already said", "ive already said",
		"like i say",
	};

	return marker(text, first, ARRAY_SIZE(first), anywhere, ARRAY_SIZE(anywhere));
}

static bool takes_questions(const struct branch *b)
{
	unsigned q = CODE_BIT(CODE_OQ) | CODE_BIT(CODE_CQ);

	return !b->fallback && ((b->when.codes & q) || (b->when.primary & q) || b->when.asks == 1);
}

static void lint_node_replies(const struct scenario *s, const struct reach *r, struct diag_list *dl)
{
	for (size_t i = 0; i < s->nnodes; i++) {
		const struct node *n = &s->nodes[i];
		bool question = false, permission = false;

		if (!r->node[i])
			continue;
		for (size_t j = 0; j < n->nresponses; j++) {
			question |= takes_questions(&n->responses[j]);
			permission |= n->responses[j].when.permission == 1;
		}
		if (!question)
			lint_warn(dl, &n->at, DIAG_WARNING, "node '%s' has no response for a direct question: a "
				  "question falls to the fallback; add a response with 'when: {asks: true}' (or codes "
				  "[OQ, CQ]) before it", n->id);
		if (!permission && s->moves[MOVE_PERMISSION].off)
			lint_warn(dl, &n->at, DIAG_WARNING, "node '%s' has no response for a permission request: the "
				  "'permission' move is off and no response has 'permission: true'; add one so \"can I "
				  "share something?\" gets an answer", n->id);
	}
}

/* No condition but perhaps `visit`: said whatever the reply and the meters. */
static bool unconditional(const struct line_variant *lv)
{
	return lv->adds == ADDS_NONE && !lv->when.on_reply && !lv->when.meters.n && !lv->when.nraised &&
	       lv->when.min_turns < 0 && lv->when.max_turns < 0 && lv->max_uses == 0;
}

/* One list of lines: labels, presupposing and back-referring lines. */
static void lint_set(const struct scenario *s, const struct line_set_ref *ls, struct diag_list *dl)
{
	const struct branch *b = ls->node >= 0 && ls->branch >= 0 ? &s->nodes[ls->node].responses[ls->branch] : NULL;
	/* a branch's when is a condition on the reply unless it is a fallback
	 * or tests only the meters */
	bool branch_guards = b && !b->fallback &&
			     (b->when.codes || b->when.primary || b->when.not_codes || b->when.nonadherent >= 0 ||
			      b->when.nabout || b->when.asks >= 0 || b->when.permission >= 0 ||
			      b->when.min_skill[0] >= 0 || b->when.min_skill[1] >= 0 || b->when.min_skill[2] >= 0 ||
			      b->when.min_skill[3] >= 0);
	bool node_say = ls->node >= 0 && ls->branch < 0;
	bool plain = false, first = false, again = false;

	for (size_t k = 0; k < ls->n; k++) {
		const struct line_variant *lv = &ls->v[k];
		const char *w;

		if (unconditional(lv)) {
			plain |= lv->visit == VISIT_ANY;
			first |= lv->visit == VISIT_FIRST;
			again |= lv->visit == VISIT_AGAIN;
		}
		if (lv->talk == TALK_UNLABELLED)
			lint_warn(dl, &lv->at, DIAG_WARNING, "this line has no 'talk:' label; add 'talk: change', "
				  "'talk: sustain' or 'talk: neutral' (the summary counts the client's talk from them)");
		if ((node_say || b || ls->ending >= 0) && !lv->when.on_reply && !branch_guards &&
		    (w = presupposes(lv->text)))
			lint_warn(dl, &lv->at, DIAG_WARNING, "this line presupposes the practitioner's words ('%s') "
				  "but can follow any reply; give it a condition on the reply (when: {codes: [SR, CR]})"
				  "%s", w, node_say ? ", or make it a response's say_first" : "");
		if (node_say && lv->adds == ADDS_NONE && lv->visit != VISIT_AGAIN && !lv->when.reply.nabout &&
		    (w = refers_back(lv->text)))
			lint_warn(dl, &lv->at, DIAG_WARNING, "this line refers back ('%s') but can be said on the "
				  "node's first visit with nothing before it; add 'visit: again', or 'adds: after' to say "
				  "it after the node's line, or a condition on what the reply is about", w);
	}
	if ((node_say || ls->ending >= 0) && ls->n && !plain && !(first && again)) {
		const struct src_mark *at = node_say ? &s->nodes[ls->node].at : &s->endings[ls->ending].at;
		lint_warn(dl, at, DIAG_WARNING, "%s '%s' has no line without a condition: when none holds, the "
			  "client says a line whose condition failed; add a plain line", node_say ? "node" : "ending",
			  node_say ? s->nodes[ls->node].id : s->endings[ls->ending].id);
	}
}

void lint_listening(const struct scenario *s, const struct reach *r, struct diag_list *dl)
{
	struct line_set_ref *sets;
	size_t n = line_sets(s, &sets);

	if (s->format < 2) {
		free(sets);
		return;
	}
	for (size_t i = 0; i < n; i++)
		lint_set(s, &sets[i], dl);
	lint_node_replies(s, r, dl);
	free(sets);
}
