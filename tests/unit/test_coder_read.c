/* Unit tests of reading a reply as it was typed (coder_read.c,
 * coder_typed.c, coder_syntax.c): contractions without apostrophes,
 * spelling corrected through the speller the coder is handed, questions
 * found by their syntax, clause moods, synonyms in echoes. No model file:
 * a small vocabulary is built here. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/coder.h"
#include "core/coder_model.h"
#include "../../src/core/coder_int.h" /* the righting kinds (private to the coder) */
#include "core/text.h"
#include "core/util.h"

static struct reply_view view;

static const struct reply_view *read_reply(const char *reply, const struct coder *c, const char *client)
{
	struct coder_context ctx = { .client_last = client };
	reply_view_read(&view, reply, c, &ctx);
	return &view;
}

static const char *word(const struct reply_view *v, size_t i)
{
	assert_true(i < v->ntok);
	return v->tok[i].word;
}

static void test_typed_contractions_are_restored(void **state)
{
	const struct reply_view *v = read_reply("youre right thats it, i dont know and im not sure u care", NULL, NULL);
	(void)state;
	assert_string_equal(word(v, 0), "you're");
	assert_string_equal(word(v, 2), "that's");
	assert_string_equal(word(v, 5), "don't");
	assert_string_equal(word(v, 8), "i'm");
	assert_string_equal(word(v, 11), "you");
	/* the span still points at what was typed */
	assert_int_equal(v->tok[0].len, 5);
}

static void test_ambiguous_contractions_follow_the_words_after_them(void **state)
{
	(void)state;
	assert_string_equal(word(read_reply("its hard", NULL, NULL), 0), "it's");
	assert_string_equal(word(read_reply("were going to look at it together", NULL, NULL), 0), "we're");
	assert_string_equal(word(read_reply("were you ok after that", NULL, NULL), 0), "were");
	assert_string_equal(word(read_reply("well done for coming", NULL, NULL), 0), "well");
	assert_string_equal(word(read_reply("well see how it goes", NULL, NULL), 0), "we'll");
	assert_string_equal(word(read_reply("you felt ill after the tablets", NULL, NULL), 2), "ill");
	assert_string_equal(word(read_reply("ill call you next week", NULL, NULL), 0), "i'll");
	assert_string_equal(word(read_reply("id like to hear more", NULL, NULL), 0), "i'd");
}

/* Parts of speech of a few words, as WordNet gives them to the model: what
 * "id" before a verb, "who" after a noun, a "must" that guesses and "so"
 * before an adjective are read by. */
static struct vocab_word pos_words[] = {
	{ "days", VOCAB_NOUN | VOCAB_MAINLY_NOUN, 30, NULL },
	{ "dread", VOCAB_VERB | VOCAB_VERB_BASE | VOCAB_NOUN | VOCAB_MAINLY_VERB | VOCAB_VERB_FEELING, 10, NULL },
	{ "fed", VOCAB_VERB | VOCAB_MAINLY_VERB, 10, NULL },
	{ "go", VOCAB_VERB | VOCAB_VERB_BASE | VOCAB_NOUN | VOCAB_MAINLY_VERB, 90, NULL },
	{ "hate", VOCAB_VERB | VOCAB_VERB_BASE | VOCAB_NOUN | VOCAB_MAINLY_VERB | VOCAB_VERB_FEELING, 40, NULL },
	{ "hated", VOCAB_VERB | VOCAB_MAINLY_VERB | VOCAB_VERB_FEELING, 10, NULL },
	{ "keep", VOCAB_VERB | VOCAB_VERB_BASE | VOCAB_NOUN | VOCAB_MAINLY_VERB, 90, NULL },
	{ "know", VOCAB_VERB | VOCAB_VERB_BASE | VOCAB_MAINLY_VERB, 90, NULL },
	{ "lonely", VOCAB_ADJ | VOCAB_MAINLY_ADJ, 10, NULL },
	{ "miss", VOCAB_VERB | VOCAB_VERB_BASE | VOCAB_NOUN | VOCAB_MAINLY_VERB | VOCAB_VERB_FEELING, 30, NULL },
	{ "mum", VOCAB_NOUN | VOCAB_ADJ, 40, NULL },
	{ "pack", VOCAB_VERB | VOCAB_VERB_BASE | VOCAB_NOUN, 20, NULL },
	{ "set", VOCAB_VERB | VOCAB_VERB_BASE | VOCAB_NOUN | VOCAB_ADJ, 60, NULL },
	{ "sort", VOCAB_VERB | VOCAB_VERB_BASE | VOCAB_NOUN, 20, NULL },
	{ "spend", VOCAB_VERB | VOCAB_VERB_BASE, 50, NULL },
	{ "tell", VOCAB_VERB | VOCAB_VERB_BASE | VOCAB_MAINLY_VERB, 90, NULL },
	{ "upset", VOCAB_VERB | VOCAB_VERB_BASE | VOCAB_ADJ | VOCAB_NOUN | VOCAB_MAINLY_VERB, 50, NULL },
	{ "want", VOCAB_VERB | VOCAB_VERB_BASE | VOCAB_NOUN | VOCAB_MAINLY_VERB | VOCAB_VERB_FEELING, 90, NULL },
};

static const struct coder *pos_coder(void)
{
	static struct coder c;
	if (!c.vocab) {
		c.vocab = pos_words;
		c.nvocab = sizeof pos_words / sizeof pos_words[0];
		coder_vocab_index(&c);
	}
	return &c;
}

static void test_questions_without_a_mark_are_found_by_their_syntax(void **state)
{
	static const char *const asks[] = {
		"how was the weekend for you", "did the patches help at all", "is it the evenings mostly",
		"tell me what a normal evening looks like", "what would you want from today",
		"im wondering what a good week would look like", "thats hard isnt it", "you want to stop, right",
		"what matters most to you", "what else is going on", "whats she noticed that worries her",
		"hows it going with the patches", "whats it like for you",
	};
	static const char *const tells[] = {
		"what you need is a rest", "you drink to wind down", "how hard that must be for you", "do it tomorrow",
		"he wants a mum who can keep up with him", "there are days when it can feel endless",
		"what matters most to you is getting your son back", "what happened was awful for you",
	};
	(void)state;
	for (size_t i = 0; i < sizeof asks / sizeof asks[0]; i++) {
		const struct reply_view *v = read_reply(asks[i], NULL, NULL);
		if (v->questions != 1 || v->marked_questions != 0)
			fail_msg("'%s' should ask (questions %zu)", asks[i], v->questions);
	}
	for (size_t i = 0; i < sizeof tells / sizeof tells[0]; i++)
		if (read_reply(tells[i], pos_coder(), NULL)->questions)
			fail_msg("'%s' should not ask", tells[i]);
}

static void test_reflection_then_question_is_two_clauses(void **state)
{
	static const char *const forms[] = { "you feel stuck. what would help", "you feel stuck, what would help?",
					     "you feel stuck what would help", "you get tired when do you notice it most" };
	(void)state;
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		const struct reply_view *v = read_reply(forms[i], NULL, NULL);
		assert_true(v->nclause >= 2);
		assert_int_equal(v->clause[0].mood, MOOD_STATEMENT);
		assert_int_equal(v->clause[0].subject, SUBJ_YOU);
		assert_int_equal(v->clause[v->nclause - 1].mood, MOOD_QUESTION);
		assert_false(v->in_question[0]);
		assert_true(v->in_question[v->ntok - 1]);
	}
}

static void test_orders_are_imperative_and_subjects_are_not(void **state)
{
	static const char *const orders[] = { "cut the weeknight cans", "just bin the vape",
					      "dont be so hard on yourself", "next time walk out of the room",
					      "do that every morning" };
	(void)state;
	for (size_t i = 0; i < sizeof orders / sizeof orders[0]; i++)
		if (read_reply(orders[i], NULL, NULL)->clause[0].mood != MOOD_IMPERATIVE)
			fail_msg("'%s' should be an order", orders[i]);
	assert_int_equal(read_reply("work is stressful for you", NULL, NULL)->clause[0].mood, MOOD_STATEMENT);
	assert_int_equal(read_reply("you drink after work", NULL, NULL)->clause[0].mood, MOOD_STATEMENT);
	/* An order after "so", typed without a comma, is its own clause. */
	const struct reply_view *v = read_reply("the system isnt going away so get on board", NULL, NULL);
	assert_true(v->nclause >= 2);
	assert_int_equal(v->clause[v->nclause - 1].mood, MOOD_IMPERATIVE);
	assert_int_equal(read_reply("so you are tired", NULL, NULL)->clause[0].mood, MOOD_STATEMENT);
	/* ... and after "so just", "so maybe"; not "so just you and him". */
	v = read_reply("the patches worked so just go back on them", NULL, NULL);
	assert_true(v->nclause >= 2);
	assert_int_equal(v->clause[v->nclause - 1].mood, MOOD_IMPERATIVE);
	v = read_reply("so just you and him at home now", NULL, NULL);
	assert_int_equal(v->clause[v->nclause - 1].mood, MOOD_STATEMENT);
}

static void test_but_clause_modal_and_judging_words_are_read(void **state)
{
	const struct reply_view *v = read_reply("i get that but you still have to stop being so lazy", NULL, NULL);
	const struct clause *last;
	(void)state;
	assert_true(v->nclause >= 2);
	last = &v->clause[v->nclause - 1];
	assert_true(last->after_but);
	assert_int_equal(last->subject, SUBJ_YOU);
	assert_true(last->modal & MODAL_OBLIGATION);
	assert_true(last->judges);
}

/* A "must" that guesses at the client's experience obliges nobody: no
 * obligation modal, no "you must" cue; one before an action does both.
 * "hate", "miss" and "dread" are feelings by WordNet's verb.emotion (the
 * training tool marks them VOCAB_VERB_FEELING), "keep" and "tell" not. */

static void test_a_must_that_guesses_obliges_nobody(void **state)
{
	static const char *const guesses[] = {
		"you must hate this bit", "you must really miss her", "you must dread these appointments",
		"you must be shattered", "you must feel judged", "you must get lonely in the evenings",
		"you must get fed up with it", "you must have hated that", "that must sting",
		"him leavin must still hurt, even now",
	};
	static const char *const orders[] = {
		"you must keep taking them", "you must tell her tonight", "you must get a break booked",
		"you must stop drinking",
	};
	const struct coder *c = pos_coder();
	(void)state;
	for (size_t i = 0; i < sizeof guesses / sizeof guesses[0]; i++) {
		const struct reply_view *v = read_reply(guesses[i], c, "i cant be doing with all this");
		if (v->clause[0].modal & MODAL_OBLIGATION)
			fail_msg("'%s' guesses and obliges nobody", guesses[i]);
		if (has_hit(v, CODE_PERS))
			fail_msg("'%s' has no advice cue", guesses[i]);
	}
	for (size_t i = 0; i < sizeof orders / sizeof orders[0]; i++) {
		const struct reply_view *v = read_reply(orders[i], c, "i cant be doing with all this");
		if (!(v->clause[0].modal & MODAL_OBLIGATION))
			fail_msg("'%s' obliges", orders[i]);
		if (!has_hit(v, CODE_PERS))
			fail_msg("'%s' has the advice cue", orders[i]);
	}
}

/* "so" before a word that can be an adjective, with nothing after it to
 * act on, intensifies: "seeing him so upset with them" gives no order; "so
 * upset them" would. Nor does "dont know about you": its subject dropped. */
static void test_so_before_an_adjective_and_dont_know_give_no_order(void **state)
{
	const struct reply_view *v;
	(void)state;
	v = read_reply("that must have been hard, seeing him so upset with them", pos_coder(), NULL);
	for (size_t k = 0; k < v->nclause; k++)
		assert_int_not_equal(v->clause[k].mood, MOOD_IMPERATIVE);
	v = read_reply("you were so upset", pos_coder(), NULL);
	assert_int_equal(v->nclause, 1);
	v = read_reply("you know how it goes so upset them first", pos_coder(), NULL);
	assert_int_equal(v->clause[v->nclause - 1].mood, MOOD_IMPERATIVE);
	/* a subject dropped before a verb nobody can be told not to do */
	v = read_reply("dont know about you but id of been in bits", pos_coder(), NULL);
	assert_int_equal(v->clause[0].mood, MOOD_STATEMENT);
	v = read_reply("dont want another thing on the list", pos_coder(), NULL);
	assert_int_equal(v->clause[0].mood, MOOD_STATEMENT);
	v = read_reply("dont keep it from her", pos_coder(), NULL);
	assert_int_equal(v->clause[0].mood, MOOD_IMPERATIVE);
}

/* A harm the practitioner brings up is marked on its clause; one the
 * client named is an echo, not a warning. A clause ending on "tho" presses
 * a point. */
static void test_harms_named_and_points_pressed_are_read(void **state)
{
	const struct reply_view *v;
	(void)state;
	v = read_reply("four hours a day for years is how people end up with heart trouble", NULL, "i game about four hours a day");
	assert_true(v->nclause >= 1);
	assert_true(v->clause[v->nclause - 1].harms);
	v = read_reply("the heart trouble is what scares you", NULL, "im scared of heart trouble like my dad");
	for (size_t c = 0; c < v->nclause; c++)
		assert_false(v->clause[c].harms);
	v = read_reply("you like your evenings with the lads", NULL, "its just a few pints");
	for (size_t c = 0; c < v->nclause; c++)
		assert_false(v->clause[c].harms);
	v = read_reply("shes right tho", NULL, NULL);
	assert_true(v->clause[v->nclause - 1].ends_though);
	v = read_reply("though it was hard you kept going", NULL, NULL);
	assert_false(v->clause[v->nclause - 1].ends_though);
}

/* A vocabulary of a few words, with one synonym head, and a speller that
 * knows what it is asked about. */
static struct vocab_word words[] = {
	{ "because", VOCAB_ADV, 50, NULL }, { "children", VOCAB_NOUN | VOCAB_MAINLY_NOUN, 9, "child" },
	{ "drinking", VOCAB_NOUN | VOCAB_VERB | VOCAB_MAINLY_NOUN, 40, NULL },
	{ "kids", VOCAB_NOUN | VOCAB_MAINLY_NOUN, 12, "child" }, { "worry", VOCAB_VERB | VOCAB_NOUN, 20, NULL },
};
static int speller_calls;

static size_t fake_suggest(void *arg, const char *w, char (*out)[TEXT_WORD_MAX], size_t max)
{
	(void)arg;
	speller_calls++;
	if (max < 2)
		return 0;
	if (!strcmp(w, "becuase")) {
		strcpy(out[0], "beacon"); /* not a word the model knows: never taken */
		strcpy(out[1], "because");
		return 2;
	}
	if (!strcmp(w, "drinkign")) {
		strcpy(out[0], "drinking");
		return 1;
	}
	if (!strcmp(w, "alfie")) {
		strcpy(out[0], "alfie");
		return 1;
	}
	return 0;
}

static void make_coder(struct coder *c)
{
	struct coder_speller s = { fake_suggest, NULL, NULL };
	memset(c, 0, sizeof *c);
	c->vocab = words;
	c->nvocab = sizeof words / sizeof words[0];
	coder_vocab_index(c);
	coder_set_speller(c, &s);
}

static void test_misspelt_words_are_corrected_to_words_the_model_knows(void **state)
{
	struct coder c;
	const struct reply_view *v;
	(void)state;
	make_coder(&c);
	speller_calls = 0;
	v = read_reply("becuase the drinkign", &c, NULL);
	assert_string_equal(word(v, 0), "because");
	assert_string_equal(word(v, 2), "drinking");
	assert_int_equal(v->corrected, 2);
	/* A known word is never sent to the speller; a word the client said is
	 * never corrected. */
	v = read_reply("the kids", &c, NULL);
	assert_string_equal(word(v, 1), "kids");
	v = read_reply("you mind alfie on fridays", &c, "I mind our Alfie on Fridays");
	assert_string_equal(word(v, 2), "alfie");
	free(c.vocab_index);
}

static void test_synonyms_count_as_echoes_of_the_client(void **state)
{
	struct coder c;
	const struct reply_view *v;
	size_t content = 0;
	(void)state;
	make_coder(&c);
	v = read_reply("your kids worry", &c, "the children worry about me");
	assert_true(v->echo[1]);
	assert_int_equal(coder_overlap(v, "the children worry about me", &content), 2);
	assert_true(v->clause[0].echoes);
	free(c.vocab_index);
}

/* The overlap with the client's line is found while the reply is read (so
 * the model's features need not find it again); it is what a fresh look at
 * the same words finds. */
static void test_the_overlap_found_while_reading_is_what_a_fresh_look_finds(void **state)
{
	static const char *const pairs[][2] = {
		{ "your kids worry and you dont sleep", "the children worry about me. I don't sleep" },
		{ "so drinking helps you unwind", "I only drink at weekends, like everyone else." },
		{ "what would help", "" },
		{ "", "my wife keeps on at me about the cans" },
	};
	struct coder c;
	(void)state;
	make_coder(&c);
	for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
		char *copy = xstrdup(pairs[k][1]);
		size_t memo_content = 99, fresh_content = 98;
		const struct reply_view *v = read_reply(pairs[k][0], &c, pairs[k][1]);
		size_t memo = coder_overlap(v, pairs[k][1], &memo_content);
		size_t fresh = coder_overlap(v, copy, &fresh_content);
		assert_int_equal(memo, fresh);
		assert_int_equal(memo_content, fresh_content);
		free(copy);
	}
	free(c.vocab_index);
}

/* A tag question is an auxiliary and a pronoun after a statement, not a
 * subject, its verb and a pronoun. */
static void test_a_pronoun_after_its_verb_is_no_tag_question(void **state)
{
	(void)state;
	assert_int_equal(read_reply("youd rather it was you", NULL, NULL)->questions, 0);
	assert_int_equal(read_reply("so in the end it was me", NULL, NULL)->questions, 0);
	assert_int_equal(read_reply("thats hard isnt it", NULL, NULL)->questions, 1);
	assert_int_equal(read_reply("you tried before didnt you", NULL, NULL)->questions, 1);
}

/* An echo remembers whether the client said the word negated, so a reply
 * that says it the other way round ("everyone needs a break" to "I don't
 * need a break") can be told from one that reflects it. */
static void test_echoes_know_when_the_client_negated_the_word(void **state)
{
	const struct reply_view *v;
	(void)state;
	v = read_reply("everyone needs a break", NULL, "I don't need a break. I need people to stop.");
	assert_true(v->echo[3]);
	assert_true(v->echo_negated[3]);
	v = read_reply("you need a break", NULL, "i need a break, honestly");
	assert_true(v->echo[3]);
	assert_false(v->echo_negated[3]);
	/* typed without the apostrophe, and only within its clause */
	v = read_reply("a break would help", NULL, "i dont want to stop, i need a break");
	assert_true(v->echo[1]);
	assert_false(v->echo_negated[1]);
	v = read_reply("six cans isnt fine", NULL, "mate im not drinking much, im fine");
	assert_true(v->echo[3]);
	assert_false(v->echo_negated[3]);
}

/* The righting reflex in constructions (coder_righting.c): advice put as a
 * question, warnings and promises, siding with others, blaming, sarcasm,
 * each with the words it was found in; and the look-alikes MI teaches:
 * the client's own fear, a question about their plans or history, an
 * offer to collaborate, a denial of blame; the practitioner's own
 * recommendation ("id set that up") and a value set over the client's
 * choice, beside a guess ("id guess"), a wish and the client's own value
 * ("matter more to you than"). */
/* The construction read in reply after the client's words: its kind (any
 * when kind < 0), its code and exactly the words it quotes (quoted). */
static void expect_found(const char *reply, const char *client, int kind, enum mi_code code, const char *quoted)
{
	const struct reply_view *v = read_reply(reply, pos_coder(), client);
	size_t n = strlen(quoted);

	if ((kind >= 0 && v->rights_kind != kind) || v->rights != code || v->rights_len != n ||
	    memcmp(reply + v->rights_start, quoted, n))
		fail_msg("'%s': kind %d %s '%.*s', want kind %d %s '%s'", reply, v->rights_kind, code_name(v->rights),
			 (int)v->rights_len, reply + v->rights_start, kind, code_name(code), quoted);
}

static void test_righting_constructions_are_found_with_their_words(void **state)
{
	static const struct {
		const char *reply, *client, *words;
		enum mi_code code;
	} finds[] = {
		{ "have you thought about just cutting out the weekday drinks", NULL, "have you thought about just cutting", CODE_PERS },
		{ "why not try the patches", NULL, "why not try", CODE_PERS },
		{ "what if you just stopped buying it", NULL, "what if you just stopped", CODE_PERS },
		{ "how about doing it in the morning instead", NULL, "how about doing it", CODE_PERS },
		{ "youd feel a lot better if you drank less", NULL, "youd feel a lot better if you drank", CODE_PERS },
		{ "if you keep this up youll lose her", NULL, "if you keep this up youll lose", CODE_PERS },
		{ "maybe the doctor has a point", "my doctor nags me", "doctor has a point", CODE_PERS },
		{ "well you did this to yourself didnt you", NULL, "did this to yourself", CODE_CONF },
		{ "its your own fault", NULL, "your own fault", CODE_CONF },
		{ "its a bit rich to complain when youre the one drinking", NULL, "youre the one drinking", CODE_CONF },
		{ "no its not everyone else, its you", NULL, "its you", CODE_CONF },
		{ "oh sure, that will help", NULL, "oh sure", CODE_CONF },
		{ "some managers find a weekly one to one helps, id set that up", NULL, "id set", CODE_PERS },
		{ "i would go with the bus if i were you", NULL, "i would go", CODE_PERS },
		{ "honestly my advice is bin them", NULL, "my advice is", CODE_PERS },
		{ "your health is more important than one night out", "i go out five nights a week",
		  "your health is more important than", CODE_CONF },
		{ "nothing matters more than your kids", NULL, "nothing matters more than", CODE_CONF },
		{ "kayden deserves a nan who can keep up with him", NULL, "kayden deserves a", CODE_CONF },
		{ "cut the weeknight cans", NULL, "cut the weeknight", CODE_PERS },
		{ "four cans a day is ridiculous", NULL, "four cans a day is ridiculous", CODE_CONF },
		{ "ok so just bin the vape", NULL, "just bin the vape", CODE_PERS },
		{ "take your tablets every morning", NULL, "take your tablets", CODE_PERS },
		{ "you want to keep your job then pack it in", NULL, "you want to keep your job then pack", CODE_PERS },
		{ "if u wanna see your kids then sort it out", NULL, "if u wanna see your kids then sort", CODE_PERS },
		{ "its not the courts fault its yours", "the court made me come, its not my fault", "its yours", CODE_CONF },
		{ "you drink too much keith", "i only have a few cans", "you drink too much", CODE_CONF },
		{ "u spend way too long on that game", NULL, "u spend way too long", CODE_CONF },
		{ "your mum is only trying to help you", "my mum keeps on at me", "mum is only trying to help", CODE_PERS },
		{ "he just wants the best for you", NULL, "he just wants the best", CODE_PERS },
		{ "working hard doesnt give you the right to wreck your liver", "i work hard, i deserve a drink",
		  "doesnt give you the right", CODE_CONF },
		{ "just because you feel fine doesnt mean you can skip them", NULL, "doesnt mean you can skip", CODE_CONF },
		{ "being tired is no excuse for junk every night", NULL, "being tired is no excuse", CODE_CONF },
		{ "how about you try the patches again", NULL, "how about you try", CODE_PERS },
		{ "youre not listening to her", "my wife keeps on about the drinking", "youre not listening to her", CODE_CONF },
		{ "you never think about the kids", NULL, "you never think about the kids", CODE_CONF },
		{ "u dont hear what hes telling you", NULL, "u dont hear what", CODE_CONF },
	};
	static const char *const none[] = {
		"she feels you dont listen to her",
		"you dont think its a problem",
		"you worry that if you stop youll put on weight",
		"have you tried cutting down before",
		"are you thinking of getting one",
		"what would you think about trying it alongside the tablets",
		"what if we worked out together what you want to keep",
		"its not your fault",
		"youre the one who decides",
		"you're the one awake at two with the baby",
		"part of you thinks she has a point",
		"if you want to, we could look at it together",
		"id guess youre pretty tired by now",
		"id like to hear more about that",
		"you left your id card at home",
		"your kids matter more to you than the cans",
		"what matters more than that",
		"you feel your mum deserves better",
		"you deserve a break",
		"tell me more about that",
		"take your time",
		"walk me through a normal evening",
		"imagine a year from now",
		"you feel its ridiculous",
		"its not selfish to want a break",
		"its you who decides, not me",
		"whose choice is it, its you",
		"if you want, then tell me more",
		"you want to keep your job, then you have to decide what to do",
		"do you want to keep it then",
		"you wonder if you drink too much",
		"you dont drink too much, as you see it",
		"do you think you drink too much",
		"she means well but it drives you mad",
		"you feel your mum just wants the best for you",
		"people mean well i guess",
		"feeling low doesnt mean you cant do it",
		"you think being ill doesnt give you the right to rest",
		"thats no joke, three weeks of it",
		"you dont need to decide anything today",
		"you dont have to do this alone",
		"you dont have to be ready today",
		"you feel you shouldnt be so nervous",
		"part of you thinks you shouldnt be angry at him",
		"you dont feel safe going out without it",
		"how about we work out a plan together",
		"how about we look at your options",
		"what about we think it through together",
	};
	(void)state;
	for (size_t i = 0; i < sizeof finds / sizeof *finds; i++)
		expect_found(finds[i].reply, finds[i].client, -1, finds[i].code, finds[i].words);
	for (size_t i = 0; i < sizeof none / sizeof *none; i++)
		if (read_reply(none[i], pos_coder(), NULL)->rights != CODE_OTHER)
			fail_msg("'%s' found as %s", none[i], code_name(view.rights));
}

/* Telling the client how to feel persuades, in the client's own feeling
 * word too ("I feel so guilty" -> "you dont need to feel guilty"); each
 * reply is told after "i feel so guilty and ashamed, and nervous about it". */
static void test_telling_how_to_feel_is_found_in_the_clients_words(void **state)
{
	static const char *const told[][2] = {
		{ "you dont need to feel guilty", "you dont need to feel guilty" },
		{ "honestly you shouldnt be so nervous", "you shouldnt be so nervous" },
		{ "theres no reason to be scared, its a quick test", "theres no reason to be scared" },
		{ "there is nothing to be ashamed of", "there is nothing to be ashamed" },
		{ "no need to feel bad about one slip", "no need to feel bad" },
		{ "you dont need to worry about that", "you dont need to worry" },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(told); i++)
		expect_found(told[i][0], "i feel so guilty and ashamed, and nervous about it", -1, CODE_PERS, told[i][1]);
}

/* Telling how to feel without a feeling word after "feel", and in the
 * imperative; not the client's feeling reflected, an order to act, or
 * being told they need not be alone. */
static void test_telling_how_to_feel_in_other_forms_is_found(void **state)
{
	static const char *const told[][2] = {
		{ "you dont need to feel like a failure", "you dont need to feel like a failure" },
		{ "u shouldnt feel that way about it", "u shouldnt feel that way" },
		{ "no need to beat yourself up about it", "no need to beat yourself up" },
		{ "dont be so hard on yourself", "dont be so hard on yourself" },
		{ "ok so stop beating yourself up, three weeks is good", "stop beating yourself up" },
		{ "try not to dwell on the slip", "try not to dwell" },
		{ "chin up, youll get there", "chin up" },
		{ "dont take it so personally", "dont take it so personally" },
	};
	static const char *const not_told[] = {
		"you feel like a failure",       "you dont have to do this alone", "dont stop now, youre nearly there",
		"try not to drink before noon", "you dont need to feel ready yet", "stop buying the big bottles",
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(told); i++)
		expect_found(told[i][0], "im such a failure, i went back after three weeks", RIGHTS_FEELINGS, CODE_PERS,
			     told[i][1]);
	for (size_t i = 0; i < ARRAY_SIZE(not_told); i++)
		if (read_reply(not_told[i], pos_coder(), "im such a failure, i went back after three weeks")->rights_kind ==
		    RIGHTS_FEELINGS)
			fail_msg("'%s' tells no feeling", not_told[i]);
}

/* A softened order is a suggestion, after a reflection in one line too; an
 * order after a statement is found as such; telling the client what they
 * need is a prescription. A need said back or inside another clause, an
 * order to talk or think, an affirmation worded as an order and a voice
 * quoted are none of these. */
static void test_suggestions_orders_after_a_statement_and_needs_told_are_found(void **state)
{
	static const struct {
		const char *reply, *words;
		int kind;
	} finds[] = {
		{ "it feels like nothing works, so maybe try the gum this time", "maybe try the gum", RIGHTS_SUGGESTS },
		{ "maybe just take it one day at a time", "maybe just take it one day", RIGHTS_SUGGESTS },
		{ "ok, try the lozenges next", "try the lozenges", RIGHTS_SUGGESTS },
		{ "you feel stuck, and honestly just try one dry night", "honestly just try one dry", RIGHTS_SUGGESTS },
		{ "you feel stuck, cut the weeknight cans", "cut the weeknight", RIGHTS_ORDER_AFTER },
		{ "youre fed up. perhaps sort out a new quit date", "perhaps sort out a new", RIGHTS_SUGGESTS },
		{ "you need a proper plan this time", "you need a proper", RIGHTS_NEEDS },
		{ "so u really need some help with the night feeds", "u really need some help", RIGHTS_NEEDS },
		{ "that sounds hard, you need more support", "you need more support", RIGHTS_NEEDS },
		{ "you must be more careful with them", "you must be more careful", RIGHTS_NEEDS },
		{ "you must be more careful with the patches", "you must be more careful", RIGHTS_NEEDS },
		{ "you need a break from the car and the patches", "you need a break", RIGHTS_NEEDS },
	};
	static const char *const none[] = {
		"maybe tell me a bit more about that",  "just take your time",
		"it sounds like you need a break",     "you need the car for work",
		"when you need a smoke, what happens", "you must be gutted after all that effort",
		"maybe think about what matters most",  "try and tell me what happened",
		"you did a whole weekend, give yourself some credit", "part of you thinks, just cut the cans",
	};
	const char *client = "i need the car for work and i tried the patches, nothing works";
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(finds); i++)
		expect_found(finds[i].reply, client, finds[i].kind, CODE_PERS, finds[i].words);
	for (size_t i = 0; i < ARRAY_SIZE(none); i++) {
		const struct reply_view *v = read_reply(none[i], pos_coder(), client);
		if (v->rights_kind == RIGHTS_SUGGESTS || v->rights_kind == RIGHTS_NEEDS || v->rights_kind == RIGHTS_ORDER_AFTER)
			fail_msg("'%s' suggests and prescribes nothing (kind %d)", none[i], v->rights_kind);
	}
}

/* Arguing from what everyone does against what the client said of
 * themselves, not normalising what they said. */
static void test_arguing_from_everyone_is_found(void **state)
{
	static const char *const rebuts[][3] = {
		{ "everyone needs help sometimes", "i dont need help, i can handle it", "everyone needs help" },
		{ "well we all need a hand now and then", "i dont need a hand from anyone", "we all need" },
		{ "all of us need a break now and then", "i dont need a break", "all of us need" },
	};
	static const char *const normalises[][2] = {
		{ "nobody likes being nagged", "i hate being nagged all the time" },
		{ "everyone needs help sometimes, what would help look like", "i need help but i dont know where to start" },
		{ "people dont need to be perfect", "i dont need anyone telling me what to do" },
		{ "nobody is judging you here", "i dont want to be judged" },
		{ "nobodys weighing you today", "i dont want to be weighed" },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rebuts); i++)
		expect_found(rebuts[i][0], rebuts[i][1], RIGHTS_REBUTS, CODE_CONF, rebuts[i][2]);
	for (size_t i = 0; i < ARRAY_SIZE(normalises); i++)
		if (read_reply(normalises[i][0], pos_coder(), normalises[i][1])->rights_kind == RIGHTS_REBUTS)
			fail_msg("'%s' argues with nothing the client said", normalises[i][0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typed_contractions_are_restored),
		cmocka_unit_test(test_ambiguous_contractions_follow_the_words_after_them),
		cmocka_unit_test(test_questions_without_a_mark_are_found_by_their_syntax),
		cmocka_unit_test(test_reflection_then_question_is_two_clauses),
		cmocka_unit_test(test_orders_are_imperative_and_subjects_are_not),
		cmocka_unit_test(test_but_clause_modal_and_judging_words_are_read),
		cmocka_unit_test(test_harms_named_and_points_pressed_are_read),
		cmocka_unit_test(test_a_must_that_guesses_obliges_nobody),
		cmocka_unit_test(test_so_before_an_adjective_and_dont_know_give_no_order),
		cmocka_unit_test(test_misspelt_words_are_corrected_to_words_the_model_knows),
		cmocka_unit_test(test_synonyms_count_as_echoes_of_the_client),
		cmocka_unit_test(test_the_overlap_found_while_reading_is_what_a_fresh_look_finds),
		cmocka_unit_test(test_echoes_know_when_the_client_negated_the_word),
		cmocka_unit_test(test_a_pronoun_after_its_verb_is_no_tag_question),
		cmocka_unit_test(test_righting_constructions_are_found_with_their_words),
		cmocka_unit_test(test_telling_how_to_feel_is_found_in_the_clients_words),
		cmocka_unit_test(test_telling_how_to_feel_in_other_forms_is_found),
		cmocka_unit_test(test_suggestions_orders_after_a_statement_and_needs_told_are_found),
		cmocka_unit_test(test_arguing_from_everyone_is_found),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	text_cleanup();
	return rc;
}
