/* coder.c: codes one practitioner reply. The learned model (coder_model.c)
 * says which of AnnoMI's main behaviours the reply is (reflection, question,
 * therapist input, other) and its subtype; the cue rules below find the words
 * that earn each code, add the codes the model does not predict (AF, SEEK,
 * AUTO, PERS, PWP, CONF), and MITI 4.2.1's coding rules pick the primary.
 * Then the four skills are rated from the reply read against the client's
 * last words, and a one-line tip is chosen. Pure: no I/O. */
#include "core/coder.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/coder_model.h"
#include "core/text.h"
#include "core/util.h"

#define ARRAY_LEN(a) ARRAY_SIZE(a)

/* ---- names ---- */

#define MI_CODE_SHORT(e, s, l) s,
#define MI_CODE_LONG(e, s, l) l,
static const char *const code_short[] = { MI_CODES(MI_CODE_SHORT) };
static const char *const code_long[] = { MI_CODES(MI_CODE_LONG) };
#undef MI_CODE_SHORT
#undef MI_CODE_LONG

static const char *const skill_names[SKILL_COUNT] = {
	"empathy", "reflection", "discrepancy", "self_efficacy",
};

const char *code_name(enum mi_code c)
{
	return (unsigned)c < CODE_COUNT ? code_short[c] : "OTHER";
}

const char *code_long_name(enum mi_code c)
{
	return (unsigned)c < CODE_COUNT ? code_long[c] : "other";
}

static int ascii_casecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y || !x)
			return x - y;
	}
}

int code_parse(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < CODE_COUNT; i++)
		if (!ascii_casecmp(name, code_short[i]))
			return i;
	return -1;
}

const char *skill_name(enum mi_skill s)
{
	return (unsigned)s < SKILL_COUNT ? skill_names[s] : "unknown";
}

int skill_parse(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < SKILL_COUNT; i++)
		if (!ascii_casecmp(name, skill_names[i]))
			return i;
	return -1;
}

/* ---- cue rules ----
 * A pattern is lower-case words separated by spaces; "*" matches any one
 * word and "word*" any word starting with "word". AT_START: the first word
 * opens a sentence or clause. IN_Q / NOT_Q: the sentence is / is not a
 * question. PERMISSION: the words ask leave to say something ("may I...?"), so
 * a question that carries them is seeking collaboration first. SUGGEST: the
 * words make a question a suggestion ("Why don't you...?"), persuasion
 * first. The code is
 * the one the words suggest; CODE_SR marks a plain reflection stem and
 * CODE_CR one that adds feeling, meaning or two sides. PERS and CONF words
 * do not count inside reported speech or a reflected thought ("to be told
 * you have a problem", "you feel you should"): see reported_before(). */
enum { AT_START = 1, IN_Q = 2, NOT_Q = 4, PERMISSION = 8, SUGGEST = 16 };

struct cue_rule {
	enum mi_code code;
	unsigned flags;
	const char *pattern;
};

static const struct cue_rule cue_rules[] = {
	/* reflections */
	{ CODE_SR, 0, "it sounds like" },
	{ CODE_SR, AT_START, "sounds like" },
	{ CODE_SR, 0, "it sounds as if" },
	{ CODE_SR, 0, "it seems like" },
	{ CODE_SR, AT_START, "seems like" },
	{ CODE_SR, AT_START | NOT_Q, "so you" },
	{ CODE_SR, AT_START | NOT_Q, "so you're" },
	{ CODE_SR, AT_START | NOT_Q, "you're" },
	{ CODE_SR, AT_START | NOT_Q, "you've been" },
	{ CODE_SR, AT_START | NOT_Q, "you want" },
	{ CODE_SR, AT_START | NOT_Q, "you don't" },
	{ CODE_SR, AT_START | NOT_Q, "you didn't" },
	{ CODE_SR, AT_START | NOT_Q, "you think" },
	{ CODE_SR, AT_START | NOT_Q, "you said" },
	{ CODE_SR, 0, "you're saying" },
	{ CODE_SR, 0, "what i'm hearing" },
	{ CODE_SR, 0, "what i hear" },
	{ CODE_SR, AT_START, "i hear" },
	{ CODE_SR, 0, "if i understand" },
	{ CODE_SR, AT_START | NOT_Q, "you mean" },
	{ CODE_SR, AT_START | NOT_Q, "for you" },
	{ CODE_CR, NOT_Q, "you feel" },
	{ CODE_CR, NOT_Q, "you're feeling" },
	{ CODE_CR, NOT_Q, "you are feeling" },
	{ CODE_CR, NOT_Q, "you've been feeling" },
	{ CODE_CR, NOT_Q, "you're worried" },
	{ CODE_CR, NOT_Q, "you're afraid" },
	{ CODE_CR, NOT_Q, "you're scared" },
	{ CODE_CR, NOT_Q, "you're frustrated" },
	{ CODE_CR, NOT_Q, "you're not sure" },
	{ CODE_CR, NOT_Q, "you are worried" },
	{ CODE_CR, NOT_Q, "you are afraid" },
	{ CODE_CR, NOT_Q, "you are scared" },
	{ CODE_CR, NOT_Q, "you are frustrated" },
	{ CODE_CR, NOT_Q, "you are not sure" },
	{ CODE_CR, NOT_Q, "you are torn" },
	{ CODE_CR, NOT_Q, "you're torn" },
	{ CODE_CR, 0, "part of you" },
	{ CODE_CR, 0, "on one hand" },
	{ CODE_CR, 0, "on the one hand" },
	{ CODE_CR, 0, "on the other hand" },
	{ CODE_CR, NOT_Q, "and at the same time" },
	{ CODE_CR, NOT_Q, "important to you" },
	{ CODE_CR, NOT_Q, "matters to you" },
	{ CODE_CR, NOT_Q, "you care about" },
	{ CODE_CR, NOT_Q, "you value" },
	{ CODE_CR, NOT_Q, "must be hard" },
	{ CODE_CR, NOT_Q, "must be difficult" },
	{ CODE_CR, NOT_Q, "must be frustrating" },
	{ CODE_CR, NOT_Q, "it's frustrating" },
	{ CODE_CR, NOT_Q, "it's hard" },
	{ CODE_CR, NOT_Q, "it's been hard" },
	{ CODE_CR, NOT_Q, "that's hard" },
	{ CODE_CR, NOT_Q, "that's frustrating" },
	{ CODE_CR, NOT_Q, "that's scary" },
	{ CODE_CR, NOT_Q, "you wonder" },
	{ CODE_CR, NOT_Q, "you're wondering" },
	{ CODE_CR, NOT_Q, "a lot on your plate" },
	{ CODE_CR, NOT_Q, "you'd like" },
	{ CODE_CR, NOT_Q, "you'd rather" },
	{ CODE_CR, NOT_Q, "you're tired of" },
	{ CODE_CR, NOT_Q, "you're sick of" },
	{ CODE_CR, NOT_Q, "you're fed up" },
	{ CODE_CR, NOT_Q, "feels like" },
	{ CODE_CR, NOT_Q, "really hurt" },
	{ CODE_CR, NOT_Q, "really hurts" },
	{ CODE_CR, NOT_Q, "stung" },
	{ CODE_CR, NOT_Q, "it's annoying" },
	{ CODE_CR, NOT_Q, "it's exhausting" },
	{ CODE_CR, NOT_Q, "it's upsetting" },
	{ CODE_CR, NOT_Q, "a lot of pressure" },
	/* affirmations */
	{ CODE_AF, NOT_Q, "you've managed" },
	{ CODE_AF, NOT_Q, "you managed" },
	{ CODE_AF, NOT_Q, "you did well" },
	{ CODE_AF, NOT_Q, "you've done well" },
	{ CODE_AF, NOT_Q, "you did it" },
	{ CODE_AF, NOT_Q, "you've done it" },
	{ CODE_AF, NOT_Q, "well done" },
	{ CODE_AF, NOT_Q, "you worked hard" },
	{ CODE_AF, NOT_Q, "you've worked hard" },
	{ CODE_AF, NOT_Q, "you've worked really hard" },
	{ CODE_AF, 0, "took courage" },
	{ CODE_AF, 0, "takes courage" },
	{ CODE_AF, 0, "took a lot of courage" },
	{ CODE_AF, 0, "takes a lot of courage" },
	{ CODE_AF, NOT_Q, "you're someone who" },
	{ CODE_AF, NOT_Q, "you're a person who" },
	{ CODE_AF, NOT_Q, "you really care" },
	{ CODE_AF, NOT_Q, "you clearly care" },
	{ CODE_AF, NOT_Q, "you obviously care" },
	{ CODE_AF, NOT_Q, "you care a lot" },
	{ CODE_AF, NOT_Q, "i appreciate" },
	{ CODE_AF, NOT_Q, "i'm impressed" },
	{ CODE_AF, NOT_Q, "i am impressed" },
	{ CODE_AF, NOT_Q, "that's impressive" },
	{ CODE_AF, NOT_Q, "good for you" },
	{ CODE_AF, NOT_Q, "you've already" },
	{ CODE_AF, NOT_Q, "you were able to" },
	{ CODE_AF, NOT_Q, "you've been able to" },
	{ CODE_AF, NOT_Q, "you're determined" },
	{ CODE_AF, NOT_Q, "you're committed" },
	{ CODE_AF, NOT_Q, "that's a big step" },
	{ CODE_AF, NOT_Q, "a big step" },
	{ CODE_AF, NOT_Q, "real strength" },
	{ CODE_AF, NOT_Q, "a strength" },
	{ CODE_AF, NOT_Q, "your strength" },
	{ CODE_AF, NOT_Q, "you stuck with" },
	{ CODE_AF, NOT_Q, "you kept going" },
	{ CODE_AF, NOT_Q, "you succeeded" },
	{ CODE_AF, NOT_Q, "you've made progress" },
	{ CODE_AF, NOT_Q, "took real *" },
	{ CODE_AF, NOT_Q, "takes real *" },
	{ CODE_AF, NOT_Q, "took a lot of *" },
	{ CODE_AF, NOT_Q, "shows you can" },
	{ CODE_AF, NOT_Q, "shows you're" },
	{ CODE_AF, NOT_Q, "showed real" },
	{ CODE_AF, NOT_Q, "shows real" },
	{ CODE_AF, NOT_Q, "a brave" },
	{ CODE_AF, NOT_Q, "was brave" },
	{ CODE_AF, NOT_Q, "a strong move" },
	{ CODE_AF, NOT_Q, "a smart" },
	{ CODE_AF, NOT_Q, "real progress" },
	{ CODE_AF, NOT_Q, "a real change" },
	{ CODE_AF, NOT_Q, "an achievement" },
	{ CODE_AF, NOT_Q, "a huge achievement" },
	{ CODE_AF, NOT_Q, "a real achievement" },
	{ CODE_AF, NOT_Q, "you handled" },
	{ CODE_AF, NOT_Q, "you've handled" },
	{ CODE_AF, NOT_Q, "you know you can" },
	{ CODE_AF, NOT_Q, "you did it yourself" },
	{ CODE_AF, NOT_Q, "you've been really consistent" },
	{ CODE_AF, NOT_Q, "determination" },
	{ CODE_AF, NOT_Q, "willpower" },
	{ CODE_AF, NOT_Q, "self-control" },
	{ CODE_AF, NOT_Q, "self control" },
	{ CODE_AF, NOT_Q, "discipline" },
	{ CODE_AF, NOT_Q, "you've kept it up" },
	{ CODE_AF, NOT_Q, "you kept it up" },
	{ CODE_AF, NOT_Q, "you can be proud" },
	{ CODE_AF, NOT_Q, "you should be proud" },
	{ CODE_AF, NOT_Q, "you're resourceful" },
	{ CODE_AF, NOT_Q, "you're a good" },
	{ CODE_AF, NOT_Q, "you're really good" },
	{ CODE_AF, NOT_Q, "you've shown" },
	{ CODE_AF, NOT_Q, "you've put a lot" },
	{ CODE_AF, NOT_Q, "that took real" },
	{ CODE_AF, NOT_Q, "you've stuck with" },
	{ CODE_AF, NOT_Q, "you've stuck to" },
	{ CODE_AF, NOT_Q, "you stuck to" },
	{ CODE_AF, NOT_Q, "you kept to" },
	{ CODE_AF, NOT_Q, "you've kept to" },
	{ CODE_AF, NOT_Q, "that takes real" },
	{ CODE_AF, NOT_Q, "you've stopped * before" },
	{ CODE_AF, NOT_Q, "you stopped * before" },
	{ CODE_AF, NOT_Q, "you've done * before" },
	{ CODE_AF, NOT_Q, "you've quit before" },
	{ CODE_AF, NOT_Q, "you quit before" },
	{ CODE_AF, NOT_Q, "you've got through" },
	{ CODE_AF, NOT_Q, "you got through" },
	{ CODE_AF, NOT_Q, "you never gave up" },
	{ CODE_AF, NOT_Q, "you didn't give up" },
	{ CODE_AF, NOT_Q, "you've come a long way" },
	{ CODE_AF, NOT_Q, "you're clearly someone" },
	{ CODE_AF, NOT_Q, "speaks to your" },
	{ CODE_AF, NOT_Q, "says a lot about" },
	{ CODE_AF, NOT_Q, "that's no small" },
	{ CODE_AF, NOT_Q, "no small thing" },
	{ CODE_AF, NOT_Q, "that's a real strength" },
	{ CODE_AF, NOT_Q, "took guts" },
	{ CODE_AF, NOT_Q, "takes guts" },
	{ CODE_AF, NOT_Q, "you've been really" },
	/* persuading: advice, arguments, warnings */
	{ CODE_PERS, 0, "you should" },
	{ CODE_PERS, 0, "you shouldn't" },
	{ CODE_PERS, NOT_Q, "you need to" },
	{ CODE_PERS, NOT_Q, "you have to" },
	{ CODE_PERS, NOT_Q, "you've got to" },
	{ CODE_PERS, NOT_Q, "you ought to" },
	{ CODE_PERS, NOT_Q, "you must" },
	{ CODE_PERS, NOT_Q, "you'd better" },
	{ CODE_PERS, NOT_Q, "you had better" },
	{ CODE_PERS, NOT_Q, "i'd recommend" },
	{ CODE_PERS, NOT_Q, "i recommend" },
	{ CODE_PERS, NOT_Q, "i would recommend" },
	{ CODE_PERS, NOT_Q, "i suggest" },
	{ CODE_PERS, NOT_Q, "i'd suggest" },
	{ CODE_PERS, NOT_Q, "i would suggest" },
	{ CODE_PERS, NOT_Q, "my advice" },
	{ CODE_PERS, AT_START | SUGGEST, "why don't you" },
	{ CODE_PERS, AT_START, "why not" },
	{ CODE_PERS, NOT_Q, "the best thing" },
	{ CODE_PERS, NOT_Q, "if i were you" },
	{ CODE_PERS, NOT_Q, "make sure you" },
	{ CODE_PERS, NOT_Q, "it's important that you" },
	{ CODE_PERS, NOT_Q, "it's important to" },
	{ CODE_PERS, AT_START | NOT_Q, "try to" },
	{ CODE_PERS, AT_START | NOT_Q, "just stop" },
	{ CODE_PERS, AT_START | NOT_Q, "just say no" },
	{ CODE_PERS, AT_START | NOT_Q, "stop" },
	{ CODE_PERS, AT_START | NOT_Q, "cut down" },
	{ CODE_PERS, AT_START | NOT_Q, "cut back" },
	{ CODE_PERS, NOT_Q, "if you don't" },
	{ CODE_PERS, NOT_Q, "if you keep" },
	{ CODE_PERS, NOT_Q, "if you continue" },
	{ CODE_PERS, NOT_Q, "you could end up" },
	{ CODE_PERS, NOT_Q, "you will end up" },
	{ CODE_PERS, NOT_Q, "you'll end up" },
	{ CODE_PERS, 0, "you really should" },
	{ CODE_PERS, 0, "you just should" },
	{ CODE_PERS, 0, "you still should" },
	{ CODE_PERS, 0, "you really shouldn't" },
	{ CODE_PERS, NOT_Q, "should really" },
	{ CODE_PERS, NOT_Q, "really should" },
	{ CODE_PERS, NOT_Q, "should be every" },
	{ CODE_PERS, NOT_Q, "should go" },
	{ CODE_PERS, NOT_Q, "just need to" },
	{ CODE_PERS, NOT_Q, "just needs to" },
	{ CODE_PERS, NOT_Q, "really need to" },
	{ CODE_PERS, NOT_Q, "really needs to" },
	{ CODE_PERS, NOT_Q, "you just need" },
	{ CODE_PERS, NOT_Q, "you'll need to" },
	{ CODE_PERS, NOT_Q, "you will need to" },
	{ CODE_PERS, NOT_Q, "you'll have to" },
	{ CODE_PERS, NOT_Q, "you will have to" },
	{ CODE_PERS, NOT_Q, "you could try" },
	{ CODE_PERS, NOT_Q, "you could just" },
	{ CODE_PERS, NOT_Q, "you could always" },
	{ CODE_PERS, NOT_Q, "you could take" },
	{ CODE_PERS, NOT_Q, "you could have a" },
	{ CODE_PERS, NOT_Q, "you can just" },
	{ CODE_PERS, NOT_Q, "you can't just" },
	{ CODE_PERS, NOT_Q, "you can't ignore" },
	{ CODE_PERS, NOT_Q, "you can't let" },
	{ CODE_PERS, NOT_Q, "you can't keep" },
	{ CODE_PERS, NOT_Q, "you can't afford" },
	{ CODE_PERS, NOT_Q, "you need to try" },
	{ CODE_PERS, NOT_Q, "try harder" },
	{ CODE_PERS, AT_START | NOT_Q, "try" },
	{ CODE_PERS, AT_START | NOT_Q, "just try" },
	{ CODE_PERS, AT_START | NOT_Q, "just put" },
	{ CODE_PERS, AT_START | NOT_Q, "just do" },
	{ CODE_PERS, AT_START | NOT_Q, "just go" },
	{ CODE_PERS, AT_START | NOT_Q, "just cut" },
	{ CODE_PERS, AT_START | NOT_Q, "cut it out" },
	{ CODE_PERS, AT_START | NOT_Q, "cut out" },
	{ CODE_PERS, AT_START | NOT_Q, "give up" },
	{ CODE_PERS, AT_START | NOT_Q, "don't stop" },
	{ CODE_PERS, AT_START | NOT_Q, "don't give up" },
	{ CODE_PERS, AT_START | NOT_Q, "don't let" },
	{ CODE_PERS, AT_START | NOT_Q, "let's get you" },
	{ CODE_PERS, AT_START | NOT_Q, "let's set" },
	{ CODE_PERS, NOT_Q, "there are better ways" },
	{ CODE_PERS, NOT_Q, "there's a better way" },
	{ CODE_PERS, NOT_Q, "better ways to" },
	{ CODE_PERS, NOT_Q, "if you carry on" },
	{ CODE_PERS, NOT_Q, "if you keep on" },
	{ CODE_PERS, NOT_Q, "if you go on" },
	{ CODE_PERS, NOT_Q, "carry on like this" },
	{ CODE_PERS, NOT_Q, "carry on like that" },
	{ CODE_PERS, NOT_Q, "is going to leave you" },
	{ CODE_PERS, NOT_Q, "going to end up" },
	{ CODE_PERS, NOT_Q, "you'll be back" },
	{ CODE_PERS, NOT_Q, "at serious risk" },
	{ CODE_PERS, NOT_Q, "at real risk" },
	{ CODE_PERS, NOT_Q, "putting yourself at" },
	{ CODE_PERS, NOT_Q, "putting your * at" },
	{ CODE_PERS, NOT_Q, "it's dangerous" },
	{ CODE_PERS, NOT_Q, "it is dangerous" },
	{ CODE_PERS, NOT_Q, "that's dangerous" },
	{ CODE_PERS, NOT_Q, "is dangerous" },
	{ CODE_PERS, NOT_Q, "will wreck" },
	{ CODE_PERS, NOT_Q, "will kill you" },
	{ CODE_PERS, NOT_Q, "is killing you" },
	{ CODE_PERS, NOT_Q, "is no joke" },
	{ CODE_PERS, NOT_Q, "people die" },
	{ CODE_PERS, NOT_Q, "the silent killer" },
	{ CODE_PERS, NOT_Q, "that's what happens when" },
	{ CODE_PERS, NOT_Q, "that's the consequence" },
	{ CODE_PERS, NOT_Q, "worried you'll" },
	{ CODE_PERS, NOT_Q, "worried that you'll" },
	{ CODE_PERS, NOT_Q, "you'll feel better" },
	{ CODE_PERS, NOT_Q, "you'll sleep better" },
	{ CODE_PERS, NOT_Q, "you'd feel better" },
	{ CODE_PERS, NOT_Q, "feel much better" },
	{ CODE_PERS, NOT_Q, "really would help" },
	{ CODE_PERS, NOT_Q, "would really help" },
	{ CODE_PERS, NOT_Q, "help you see" },
	{ CODE_PERS, NOT_Q, "i'm only telling you" },
	{ CODE_PERS, NOT_Q, "i'm only saying" },
	{ CODE_PERS, NOT_Q, "i'm just saying" },
	{ CODE_PERS, NOT_Q, "i'm trying to prevent" },
	{ CODE_PERS, NOT_Q, "isn't enough" },
	{ CODE_PERS, NOT_Q, "it's not too late" },
	{ CODE_PERS, NOT_Q, "won't come back" },
	{ CODE_PERS, IN_Q, "have you thought about the" },
	{ CODE_PERS, IN_Q, "have you thought about a" },
	{ CODE_PERS, IN_Q, "have you thought about finding" },
	{ CODE_PERS, IN_Q, "have you thought about getting" },
	{ CODE_PERS, IN_Q, "have you tried the" },
	{ CODE_PERS, IN_Q, "have you tried a" },
	{ CODE_PERS, IN_Q, "have you considered" },
	{ CODE_PERS, IN_Q, "will you at least" },
	{ CODE_PERS, IN_Q | SUGGEST, "can't you just" },
	{ CODE_PERS, IN_Q | SUGGEST, "couldn't you just" },
	{ CODE_PERS, IN_Q | SUGGEST, "why can't you" },
	/* permission and offers that make advice PWP */
	{ CODE_PWP, 0, "would it be ok if i" },
	{ CODE_PWP, 0, "would it be okay if i" },
	{ CODE_PWP, 0, "would it be alright if i" },
	{ CODE_PWP, 0, "is it ok if i" },
	{ CODE_PWP, 0, "is it okay if i" },
	{ CODE_PWP, 0, "can i share" },
	{ CODE_PWP, 0, "could i share" },
	{ CODE_PWP, 0, "may i share" },
	{ CODE_PWP, 0, "may i suggest" },
	{ CODE_PWP, 0, "can i make a suggestion" },
	{ CODE_PWP, 0, "can i offer" },
	{ CODE_PWP, 0, "could i offer" },
	{ CODE_PWP, 0, "would you like to hear" },
	{ CODE_PWP, 0, "would you like some" },
	{ CODE_PWP, 0, "would you be interested in" },
	{ CODE_PWP, 0, "some people find" },
	{ CODE_PWP, 0, "other people have found" },
	{ CODE_PWP, 0, "what other people have found" },
	{ CODE_PWP, 0, "might or might not" },
	{ CODE_PWP, 0, "may or may not" },
	{ CODE_PWP, 0, "you asked" },
	{ CODE_PWP, 0, "since you asked" },
	/* seeking collaboration */
	{ CODE_SEEK, 0, "do you mind if" },
	{ CODE_SEEK, 0, "would you mind if" },
	{ CODE_SEEK, 0, "would it be ok" },
	{ CODE_SEEK, 0, "would it be okay" },
	{ CODE_SEEK, 0, "would it be alright" },
	{ CODE_SEEK, 0, "is it ok if" },
	{ CODE_SEEK, 0, "is it okay if" },
	{ CODE_SEEK, 0, "would you like me to" },
	{ CODE_SEEK, 0, "what do you think" },
	{ CODE_SEEK, 0, "what are your thoughts" },
	{ CODE_SEEK, 0, "how does that sound" },
	{ CODE_SEEK, 0, "does that sound" },
	{ CODE_SEEK, 0, "what would work for you" },
	{ CODE_SEEK, 0, "what would you like to" },
	{ CODE_SEEK, 0, "where would you like to" },
	{ CODE_SEEK, 0, "how would you like to" },
	{ CODE_SEEK, 0, "what makes sense to you" },
	{ CODE_SEEK, 0, "what do you make of" },
	{ CODE_SEEK, 0, "work together" },
	{ CODE_SEEK, 0, "figure it out together" },
	{ CODE_SEEK, 0, "figure this out together" },
	{ CODE_SEEK, AT_START, "let's work" },
	{ CODE_SEEK, AT_START, "let's figure" },
	{ CODE_SEEK, AT_START, "let's think" },
	{ CODE_SEEK, AT_START, "let's look at" },
	{ CODE_SEEK, 0, "plan together" },
	{ CODE_SEEK, 0, "look at it together" },
	{ CODE_SEEK, 0, "together we" },
	{ CODE_SEEK, 0, "you're the expert" },
	{ CODE_SEEK, 0, "what would be helpful" },
	{ CODE_SEEK, 0, "what would be most helpful" },
	{ CODE_SEEK, PERMISSION, "would it help if i" },
	{ CODE_SEEK, PERMISSION, "would it be helpful if i" },
	{ CODE_SEEK, PERMISSION, "would it be useful if i" },
	{ CODE_SEEK, PERMISSION, "would it be ok if i" },
	{ CODE_SEEK, PERMISSION, "would it be okay if i" },
	{ CODE_SEEK, PERMISSION, "would it be alright if i" },
	{ CODE_SEEK, PERMISSION, "would it be ok if we" },
	{ CODE_SEEK, PERMISSION, "would it be okay if we" },
	{ CODE_SEEK, PERMISSION, "is it ok if we" },
	{ CODE_SEEK, PERMISSION, "is it okay if we" },
	{ CODE_SEEK, PERMISSION, "is it ok if i" },
	{ CODE_SEEK, PERMISSION, "is it okay if i" },
	{ CODE_SEEK, PERMISSION, "do you mind if i" },
	{ CODE_SEEK, PERMISSION, "would you mind if i" },
	{ CODE_SEEK, PERMISSION | AT_START, "may i" },
	{ CODE_SEEK, PERMISSION, "can i share" },
	{ CODE_SEEK, PERMISSION, "could i share" },
	{ CODE_SEEK, PERMISSION, "can i tell you" },
	{ CODE_SEEK, PERMISSION, "could i tell you" },
	{ CODE_SEEK, PERMISSION, "can i offer" },
	{ CODE_SEEK, PERMISSION, "could i offer" },
	{ CODE_SEEK, PERMISSION, "would you like to hear" },
	{ CODE_SEEK, PERMISSION, "would you like me to" },
	{ CODE_SEEK, 0, "what do you think about" },
	{ CODE_SEEK, 0, "what do you make of that" },
	{ CODE_SEEK, 0, "how does that fit" },
	/* emphasizing autonomy */
	{ CODE_AUTO, 0, "up to you" },
	{ CODE_AUTO, 0, "your choice" },
	{ CODE_AUTO, 0, "your decision" },
	{ CODE_AUTO, 0, "your call" },
	{ CODE_AUTO, 0, "you decide" },
	{ CODE_AUTO, 0, "you get to decide" },
	{ CODE_AUTO, 0, "you're the one who" },
	{ CODE_AUTO, 0, "only you can" },
	{ CODE_AUTO, 0, "you know yourself best" },
	{ CODE_AUTO, 0, "you know best" },
	{ CODE_AUTO, 0, "you're in charge" },
	{ CODE_AUTO, 0, "whatever you decide" },
	{ CODE_AUTO, 0, "nobody can make you" },
	{ CODE_AUTO, 0, "no one can make you" },
	{ CODE_AUTO, 0, "nobody can force you" },
	{ CODE_AUTO, 0, "no one can force you" },
	{ CODE_AUTO, 0, "i can't make you" },
	{ CODE_AUTO, 0, "i'm not going to tell you" },
	{ CODE_AUTO, 0, "not here to tell you" },
	{ CODE_AUTO, 0, "your own decision" },
	{ CODE_AUTO, 0, "if and when you" },
	{ CODE_AUTO, 0, "when you're ready" },
	{ CODE_AUTO, 0, "if you're ready" },
	/* confronting */
	{ CODE_CONF, 0, "in denial" },
	{ CODE_CONF, 0, "you obviously" },
	{ CODE_CONF, 0, "you're obviously" },
	{ CODE_CONF, 0, "you are obviously" },
	{ CODE_CONF, 0, "an excuse" },
	{ CODE_CONF, 0, "no excuse" },
	{ CODE_CONF, 0, "and you know it" },
	{ CODE_CONF, NOT_Q, "you're not trying" },
	{ CODE_CONF, NOT_Q, "you're just not trying" },
	{ CODE_CONF, 0, "you're going to kill" },
	{ CODE_CONF, 0, "you'll kill" },
	{ CODE_CONF, 0, "kill someone" },
	{ CODE_CONF, 0, "you're not serious" },
	{ CODE_CONF, AT_START, "obviously you" },
	{ CODE_CONF, 0, "making excuses" },
	{ CODE_CONF, 0, "just excuses" },
	{ CODE_CONF, 0, "that's an excuse" },
	{ CODE_CONF, 0, "you're lying" },
	{ CODE_CONF, 0, "be honest" },
	{ CODE_CONF, 0, "be honest with yourself" },
	{ CODE_CONF, 0, "that's not true" },
	{ CODE_CONF, 0, "you're wrong" },
	{ CODE_CONF, 0, "you know better" },
	{ CODE_CONF, 0, "you should know better" },
	{ CODE_CONF, 0, "you're an alcoholic" },
	{ CODE_CONF, 0, "you're an addict" },
	{ CODE_CONF, 0, "you are an alcoholic" },
	{ CODE_CONF, 0, "you are an addict" },
	{ CODE_CONF, 0, "you're killing yourself" },
	{ CODE_CONF, 0, "what were you thinking" },
	{ CODE_CONF, 0, "you can't be serious" },
	{ CODE_CONF, 0, "you're irresponsible" },
	{ CODE_CONF, 0, "you're being irresponsible" },
	{ CODE_CONF, 0, "you're selfish" },
	{ CODE_CONF, 0, "you're being selfish" },
	{ CODE_CONF, 0, "you're not taking this seriously" },
	{ CODE_CONF, 0, "you aren't taking this seriously" },
	{ CODE_CONF, 0, "stop making" },
	{ CODE_CONF, 0, "you're fooling yourself" },
	{ CODE_CONF, 0, "kidding yourself" },
	{ CODE_CONF, 0, "you have a problem" },
	{ CODE_CONF, 0, "you've got a problem" },
	{ CODE_CONF, 0, "you clearly have" },
	{ CODE_CONF, 0, "don't you care" },
	{ CODE_CONF, 0, "don't you realize" },
	{ CODE_CONF, 0, "don't you realise" },
	{ CODE_CONF, 0, "don't you see" },
	{ CODE_CONF, 0, "shame on you" },
	{ CODE_CONF, 0, "you ought to be ashamed" },
	{ CODE_CONF, 0, "i don't believe you" },
	{ CODE_CONF, NOT_Q, "that's just maths" },
	{ CODE_CONF, NOT_Q, "the numbers don't lie" },
	{ CODE_CONF, 0, "what every * says" },
	{ CODE_CONF, 0, "alcoholics often say" },
	{ CODE_CONF, 0, "addicts often say" },
	{ CODE_CONF, 0, "sounds like dependence" },
	{ CODE_CONF, 0, "sounds like addiction" },
	{ CODE_CONF, 0, "worrying about nothing" },
	{ CODE_CONF, 0, "get away with it" },
	{ CODE_CONF, 0, "you are the adult" },
	{ CODE_CONF, 0, "not blaming you but" },
	{ CODE_CONF, 0, "not judging you but" },
	{ CODE_CONF, IN_Q, "but you do" },
	{ CODE_CONF, IN_Q, "but you did" },
	{ CODE_CONF, IN_Q, "do you want to end up" },
	{ CODE_CONF, IN_Q, "do you want to have a" },
	{ CODE_CONF, IN_Q, "do you want to die" },
	{ CODE_CONF, NOT_Q, "isn't fine" },
	{ CODE_CONF, NOT_Q, "you're running yourself into" },
	{ CODE_CONF, NOT_Q, "you broke the law" },
	/* giving information */
	{ CODE_GI, 0, "research shows" },
	{ CODE_GI, 0, "studies show" },
	{ CODE_GI, 0, "the research" },
	{ CODE_GI, 0, "the evidence" },
	{ CODE_GI, 0, "the guidelines" },
	{ CODE_GI, 0, "guidelines" },
	{ CODE_GI, 0, "is recommended" },
	{ CODE_GI, 0, "are recommended" },
	{ CODE_GI, 0, "the risk of" },
	{ CODE_GI, 0, "increases the risk" },
	{ CODE_GI, 0, "raises the risk" },
	{ CODE_GI, 0, "on average" },
	{ CODE_GI, 0, "per week" },
	{ CODE_GI, 0, "a week" },
	{ CODE_GI, 0, "units" },
	{ CODE_GI, 0, "percent" },
	{ CODE_GI, 0, "most people" },
	{ CODE_GI, 0, "a lot of people" },
	{ CODE_GI, 0, "many people" },
	{ CODE_GI, 0, "typically" },
	{ CODE_GI, 0, "your results" },
	{ CODE_GI, 0, "your test" },
	{ CODE_GI, 0, "your blood" },
	{ CODE_GI, 0, "the results" },
	{ CODE_GI, 0, "can cause" },
	{ CODE_GI, 0, "can lead to" },
	{ CODE_GI, 0, "is linked to" },
	{ CODE_GI, 0, "is associated with" },
	{ CODE_GI, 0, "there are" },
	{ CODE_GI, 0, "there is" },
	{ CODE_GI, 0, "we offer" },
	{ CODE_GI, 0, "the program" },
	{ CODE_GI, 0, "the programme" },
	{ CODE_GI, 0, "the medication" },
	{ CODE_GI, 0, "this medication" },
	{ CODE_GI, 0, "one option" },
	{ CODE_GI, 0, "options" },
	{ CODE_GI, AT_START, "i'm going to" },
	{ CODE_GI, AT_START, "we're going to" },
	{ CODE_GI, 0, "what we know" },
	{ CODE_GI, 0, "the test measures" },
	{ CODE_GI, 0, "test measures" },
	{ CODE_GI, 0, "measures" },
	{ CODE_GI, 0, "evidence shows" },
	{ CODE_GI, 0, "the data" },
	{ CODE_GI, 0, "rises with" },
	{ CODE_GI, 0, "is caused by" },
	{ CODE_GI, 0, "contains" },
	{ CODE_GI, 0, "milligrams" },
	{ CODE_GI, 0, "calories" },
	{ CODE_GI, 0, "per day" },
	{ CODE_GI, 0, "a day" },
	{ CODE_GI, 0, "the recommended" },
	{ CODE_GI, NOT_Q, "roughly" },
	{ CODE_GI, NOT_Q, "double the" },
	{ CODE_GI, NOT_Q, "doubles the" },
	{ CODE_GI, NOT_Q, "halves the" },
	{ CODE_GI, NOT_Q, "the chance of" },
	{ CODE_GI, NOT_Q, "the first sign" },
	{ CODE_GI, NOT_Q, "a sign of" },
	{ CODE_GI, NOT_Q, "one of the most common" },
	{ CODE_GI, NOT_Q, "can reverse" },
	{ CODE_GI, NOT_Q, "can stay" },
	{ CODE_GI, NOT_Q, "has about" },
	{ CODE_GI, NOT_Q, "have about" },
	{ CODE_GI, NOT_Q, "as much sugar" },
	{ CODE_GI, NOT_Q, "teaspoons" },
	{ CODE_GI, NOT_Q, "hours or more" },
	{ CODE_GI, NOT_Q, "within minutes" },
	{ CODE_GI, NOT_Q, "symptoms" },
	{ CODE_GI, NOT_Q, "side effects" },
	{ CODE_GI, NOT_Q, "the target" },
	{ CODE_GI, NOT_Q, "is defined as" },
	{ CODE_GI, NOT_Q, "means diabetes" },
	{ CODE_GI, NOT_Q, "usually" },
	{ CODE_GI, NOT_Q, "contain" },
	{ CODE_GI, NOT_Q, "one in" },
	{ CODE_GI, NOT_Q, "the clinic" },
	/* questions: openers of a '?' sentence, and open requests without one */
	{ CODE_OQ, AT_START | IN_Q, "what" },
	{ CODE_OQ, AT_START | IN_Q, "how" },
	{ CODE_OQ, AT_START | IN_Q, "why" },
	{ CODE_OQ, AT_START | IN_Q, "in what way" },
	{ CODE_OQ, AT_START | IN_Q, "in what ways" },
	{ CODE_OQ, AT_START, "tell me" },
	{ CODE_OQ, AT_START, "tell me more" },
	{ CODE_OQ, AT_START, "can you tell me" },
	{ CODE_OQ, AT_START, "could you tell me" },
	{ CODE_OQ, AT_START, "describe" },
	{ CODE_OQ, AT_START, "walk me through" },
	{ CODE_OQ, AT_START, "help me understand" },
	{ CODE_OQ, AT_START, "i wonder what" },
	{ CODE_OQ, AT_START, "i wonder how" },
	{ CODE_OQ, AT_START, "i'm curious" },
	{ CODE_OQ, AT_START, "i'm wondering" },
	{ CODE_OQ, AT_START | IN_Q, "what else" },
	{ CODE_OQ, AT_START | IN_Q, "where would you like" },
	{ CODE_OQ, AT_START | IN_Q, "where do you want" },
	{ CODE_CQ, AT_START | IN_Q, "how many" },
	{ CODE_CQ, AT_START | IN_Q, "how much" },
	{ CODE_CQ, AT_START | IN_Q, "how often" },
	{ CODE_CQ, AT_START | IN_Q, "how long" },
	{ CODE_CQ, AT_START | IN_Q, "how old" },
	{ CODE_CQ, AT_START | IN_Q, "how far" },
	{ CODE_CQ, AT_START | IN_Q, "how soon" },
	{ CODE_CQ, AT_START | IN_Q, "what time" },
	{ CODE_CQ, AT_START | IN_Q, "when" },
	{ CODE_CQ, AT_START | IN_Q, "which" },
	{ CODE_CQ, AT_START | IN_Q, "who" },
	{ CODE_CQ, AT_START | IN_Q, "where" },
	{ CODE_CQ, AT_START | IN_Q, "do" },
	{ CODE_CQ, AT_START | IN_Q, "does" },
	{ CODE_CQ, AT_START | IN_Q, "did" },
	{ CODE_CQ, AT_START | IN_Q, "don't" },
	{ CODE_CQ, AT_START | IN_Q, "doesn't" },
	{ CODE_CQ, AT_START | IN_Q, "didn't" },
	{ CODE_CQ, AT_START | IN_Q, "is" },
	{ CODE_CQ, AT_START | IN_Q, "isn't" },
	{ CODE_CQ, AT_START | IN_Q, "are" },
	{ CODE_CQ, AT_START | IN_Q, "aren't" },
	{ CODE_CQ, AT_START | IN_Q, "was" },
	{ CODE_CQ, AT_START | IN_Q, "were" },
	{ CODE_CQ, AT_START | IN_Q, "can" },
	{ CODE_CQ, AT_START | IN_Q, "could" },
	{ CODE_CQ, AT_START | IN_Q, "would" },
	{ CODE_CQ, AT_START | IN_Q, "will" },
	{ CODE_CQ, AT_START | IN_Q, "have" },
	{ CODE_CQ, AT_START | IN_Q, "has" },
	{ CODE_CQ, AT_START | IN_Q, "had" },
	{ CODE_CQ, AT_START | IN_Q, "haven't" },
	{ CODE_CQ, AT_START | IN_Q, "should" },
	{ CODE_CQ, AT_START | IN_Q, "shall" },
	{ CODE_CQ, AT_START | IN_Q, "may" },
	{ CODE_CQ, AT_START | IN_Q, "might" },
	{ CODE_CQ, AT_START | IN_Q, "am" },
	{ CODE_CQ, AT_START | IN_Q, "any" },
	{ CODE_CQ, AT_START | IN_Q, "anything" },
	{ CODE_CQ, AT_START | IN_Q, "right" },
	{ CODE_CQ, AT_START | IN_Q, "okay" },
	{ CODE_CQ, AT_START | IN_Q, "ok" },
	{ CODE_CQ, IN_Q, "is that right" },
	{ CODE_CQ, IN_Q, "is that true" },
	{ CODE_CQ, IN_Q, "or not" },
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

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void compile_rules(void)
{
	for (size_t r = 0; r < ARRAY_LEN(cue_rules); r++) {
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
		cr->first_hash = hash_str(cr->words[0]);
		for (size_t k = 0; k < cr->nwords; k++) {
			size_t n = strlen(cr->words[k]);
			cr->prefix[k] = !strcmp(cr->words[k], "*") ? SIZE_MAX : cr->words[k][n - 1] == '*' ? n - 1 : 0;
		}
	}
	compiled_ready = true;
}

size_t cue_rule_count(void)
{
	return ARRAY_LEN(cue_rules);
}

uint32_t cue_rules_hash(void)
{
	uint32_t h = 2166136261u;
	for (size_t r = 0; r < ARRAY_LEN(cue_rules); r++) {
		h = (h ^ (uint32_t)cue_rules[r].code) * 16777619u;
		h = (h ^ cue_rules[r].flags) * 16777619u;
		for (const char *p = cue_rules[r].pattern; *p; p++)
			h = (h ^ (unsigned char)*p) * 16777619u;
		h = (h ^ 0xffu) * 16777619u;
	}
	return h;
}

static bool word_matches(const char *pat, const char *word)
{
	size_t n = strlen(pat);
	if (pat[0] == '*' && !pat[1])
		return true;
	if (n && pat[n - 1] == '*')
		return !strncmp(pat, word, n - 1);
	return !strcmp(pat, word);
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
	for (size_t r = ARRAY_LEN(cue_rules); r-- > 0;) {
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
		for (size_t k = 0; k < ARRAY_LEN(reported_words) && !marker; k++)
			marker = !strcmp(w, reported_words[k]);
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

static void find_cues(struct reply_view *v)
{
	static unsigned char done[sizeof cue_rules / sizeof cue_rules[0]];
	struct cue_hit found[CODER_MAX_HITS * 4];
	size_t nfound = 0;

	if (!compiled_ready) {
		compile_rules();
		index_rules();
	}
	memset(done, 0, sizeof done);
	for (size_t i = 0; i < v->ntok && nfound < ARRAY_LEN(found); i++) {
		bool q = v->sentence_question[v->sentence_of[i]];
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
			done[r] = 1; /* one hit per rule: its first place */
			found[nfound].rule = r;
			found[nfound].code = rule->code;
			found[nfound].start = v->tok[i].start;
			found[nfound].len = v->tok[i + cr->nwords - 1].start + v->tok[i + cr->nwords - 1].len -
					    v->tok[i].start;
			if (++nfound == ARRAY_LEN(found))
				break;
		}
	}
	/* In rule order, as the features and the cue choice expect. */
	qsort(found, nfound, sizeof found[0], hit_by_rule);
	v->nhits = nfound < CODER_MAX_HITS ? nfound : CODER_MAX_HITS;
	memcpy(v->hits, found, v->nhits * sizeof found[0]);
}

/* ---- reading a reply ---- */

enum { LEX_STOP = 1, LEX_FEELING = 2, LEX_VALUE = 4, LEX_GAP = 8, LEX_STRENGTH = 16, LEX_PAST = 32, LEX_OPENER = 64 };
static uint32_t lex_mask(const char *w);

void reply_view_read(struct reply_view *v, const char *reply)
{
	size_t prev_end = 0;
	int sent = 0;

	v->text = reply ? reply : "";
	v->ntok = text_tokens(v->text, v->tok, CODER_MAX_TOKENS);
	v->nmemo = 0;
	for (size_t i = 0; i < v->ntok; i++) {
		v->whash[i] = hash_str(v->tok[i].word);
		v->shash[i] = hash_str(v->tok[i].stem);
		v->lex[i] = lex_mask(v->tok[i].word);
	}
	v->questions = 0;
	v->ends_question = false;
	for (size_t i = 0; i < v->ntok; i++) {
		bool new_sentence = i == 0, new_clause = i == 0;
		for (size_t j = prev_end; j < v->tok[i].start && i > 0; j++) {
			char c = v->text[j];
			if (c == '.' || c == '!' || c == '?' || c == ';' || c == ':')
				new_sentence = true;
			if (c == ',' || c == '-' || c == '(')
				new_clause = true;
			if (c == '?' && !v->sentence_question[sent]) {
				v->sentence_question[sent] = true;
				v->questions++;
			}
		}
		if (new_sentence && i > 0)
			sent++;
		if (new_sentence || i == 0)
			v->sentence_question[sent] = false;
		v->sentence_start[i] = new_sentence;
		v->clause_start[i] = new_sentence || new_clause;
		/* Discourse openers do not count: "So, what...", "And how...". */
		if (i > 0 && v->clause_start[i - 1] && !v->clause_start[i] && (v->lex[i - 1] & LEX_OPENER))
			v->clause_start[i] = true;
		v->sentence_of[i] = sent;
		prev_end = v->tok[i].start + v->tok[i].len;
	}
	v->nsent = v->ntok ? (size_t)sent + 1 : 0;
	if (v->ntok) {
		for (const char *p = v->text + prev_end; *p; p++)
			if (*p == '?') {
				if (!v->sentence_question[sent]) {
					v->sentence_question[sent] = true;
					v->questions++;
				}
				break;
			}
		v->ends_question = v->sentence_question[sent];
	}
	find_cues(v);
}

/* ---- context ---- */

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

size_t coder_overlap(const struct reply_view *v, const char *other, size_t *content)
{
	struct reply_view *mv = (struct reply_view *)v; /* the memo is a cache, not state */
	uint32_t stems[CODER_MAX_TOKENS];
	size_t n, hits = 0, c = 0, pos = 0;
	struct token tok;

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
	for (n = 0; n < CODER_MAX_TOKENS && text_next_token(other, &pos, &tok); n++)
		stems[n] = hash_str(tok.stem);
	for (size_t i = 0; i < v->ntok; i++) {
		if (v->lex[i] & LEX_STOP)
			continue;
		c++;
		for (size_t j = 0; j < n; j++)
			if (stems[j] == v->shash[i]) {
				hits++;
				break;
			}
	}
	if (v->nmemo < ARRAY_LEN(v->memo_text)) {
		mv->memo_text[v->nmemo] = other;
		mv->memo_overlap[v->nmemo] = hits;
		mv->memo_content[v->nmemo] = c;
		mv->nmemo++;
	}
	if (content)
		*content = c;
	return hits;
}

/* ---- coding ---- */

static bool has_hit(const struct reply_view *v, enum mi_code code)
{
	for (size_t i = 0; i < v->nhits; i++)
		if (v->hits[i].code == code)
			return true;
	return false;
}

static const struct cue_hit *first_hit(const struct reply_view *v, enum mi_code code)
{
	for (size_t i = 0; i < v->nhits; i++)
		if (v->hits[i].code == code)
			return &v->hits[i];
	return NULL;
}

static bool has_flagged_hit(const struct reply_view *v, unsigned flag)
{
	for (size_t i = 0; i < v->nhits; i++)
		if (cue_rules[v->hits[i].rule].flags & flag)
			return true;
	return false;
}

/* The reflection cue (SR or CR rule) that comes first in the reply. */
static const struct cue_hit *earliest_reflection_hit(const struct reply_view *v)
{
	const struct cue_hit *best = NULL;
	for (size_t i = 0; i < v->nhits; i++)
		if ((v->hits[i].code == CODE_SR || v->hits[i].code == CODE_CR) &&
		    (!best || v->hits[i].start < best->start))
			best = &v->hits[i];
	return best;
}

static bool mentions_any(const struct reply_view *v, uint32_t lex_bit)
{
	for (size_t i = 0; i < v->ntok; i++)
		if (v->lex[i] & lex_bit)
			return true;
	return false;
}

static const char *const feeling_words[] = {
	"feel", "feels", "feeling", "felt", "worr*", "scar*", "afraid", "frustrat*", "angry", "anger",
	"upset", "sad", "hurt*", "anxious", "nervous", "overwhelm*", "stress*", "tired", "exhaust*",
	"embarrass*", "ashamed", "shame", "guilt*", "lonely", "alone", "hopeless", "disappoint*",
	"annoy*", "fed", "torn", "stuck", "confus*", "proud", "relie*", "hard", "difficult", "tough",
	"concern*", "fear*", "pressure*", "unfair", "hopeful", "excited", "ready",
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

/* Which word lists a word is in, as a bit mask, through a small cache
 * (replies reuse few words; the lists have prefix patterns). */
struct lex_slot {
	char word[TEXT_WORD_MAX];
	uint32_t mask;
	bool used;
};

static uint32_t lex_lookup(const char *w)
{
	static const struct {
		const char *const *words;
		size_t n;
		uint32_t bit;
	} lists[] = {
		{ stop_words, ARRAY_LEN(stop_words), LEX_STOP },
		{ feeling_words, ARRAY_LEN(feeling_words), LEX_FEELING },
		{ value_words, ARRAY_LEN(value_words), LEX_VALUE },
		{ gap_words, ARRAY_LEN(gap_words), LEX_GAP },
		{ strength_words, ARRAY_LEN(strength_words), LEX_STRENGTH },
		{ past_success_words, ARRAY_LEN(past_success_words), LEX_PAST },
		{ discourse_openers, ARRAY_LEN(discourse_openers), LEX_OPENER },
	};
	uint32_t mask = 0;
	for (size_t l = 0; l < ARRAY_LEN(lists); l++)
		for (size_t k = 0; k < lists[l].n; k++)
			if (word_matches(lists[l].words[k], w)) {
				mask |= lists[l].bit;
				break;
			}
	return mask;
}

static uint32_t lex_mask(const char *w)
{
	enum { LEX_CACHE = 2048 };
	static struct lex_slot cache[LEX_CACHE];
	struct lex_slot *slot = &cache[hash_str(w) % LEX_CACHE];

	if (slot->used && !strcmp(slot->word, w))
		return slot->mask;
	snprintf(slot->word, sizeof slot->word, "%s", w);
	slot->mask = lex_lookup(w);
	slot->used = true;
	return slot->mask;
}

static int clamp4(int x)
{
	return x < 0 ? 0 : x > 4 ? 4 : x;
}

/* Add a cue unless the code already has one at that place. */
static void add_cue(struct coded_reply *out, enum mi_code code, size_t start, size_t len)
{
	for (size_t i = 0; i < out->ncues; i++)
		if (out->cues[i].code == code && out->cues[i].start == start)
			return;
	if (out->ncues < CODER_MAX_CUES) {
		out->cues[out->ncues].code = code;
		out->cues[out->ncues].start = start;
		out->cues[out->ncues].len = len;
		out->ncues++;
	}
}

/* The first words of the first question sentence: the cue of a question with
 * no opener rule. */
static bool question_span(const struct reply_view *v, size_t *start, size_t *len)
{
	for (size_t i = 0; i < v->ntok; i++) {
		if (!v->sentence_question[v->sentence_of[i]])
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
static bool echo_span(const struct reply_view *v, const char *client, size_t *start, size_t *len)
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
static bool second_person(const struct reply_view *v)
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
static bool impersonal_statement(const struct reply_view *v)
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
		for (size_t k = 0; k < ARRAY_LEN(person); k++)
			if (!strcmp(v->tok[i].word, person[k]))
				return false;
	for (size_t k = 0; k < ARRAY_LEN(reflective_openers); k++)
		if (!strcmp(v->tok[0].word, reflective_openers[k]))
			return false;
	return true;
}

/* Without a model (or for an empty reply): the cues alone decide the main class. */
static void guess_from_cues(const struct reply_view *v, const struct coder_context *ctx, float p[OUT_COUNT])
{
	size_t content = 0, overlap = coder_overlap(v, ctx ? ctx->client_last : NULL, &content);

	for (int i = 0; i < OUT_COUNT; i++)
		p[i] = 0.0f;
	if (has_hit(v, CODE_CONF)) {
		p[OUT_INPUT] = 1.0f;
	} else if (v->questions || has_hit(v, CODE_OQ)) {
		p[OUT_QUESTION] = 1.0f;
		p[OUT_HAS_QUESTION] = 1.0f;
	} else if ((has_hit(v, CODE_SR) || has_hit(v, CODE_CR) ||
		    (content && overlap * 2 >= content && v->ntok >= 4)) && second_person(v)) {
		p[OUT_REFLECTION] = 1.0f;
		p[OUT_HAS_REFLECTION] = 1.0f;
	} else if (has_hit(v, CODE_PERS) || has_hit(v, CODE_GI) || has_hit(v, CODE_CONF)) {
		p[OUT_INPUT] = 1.0f;
	} else {
		p[OUT_OTHER] = 1.0f;
	}
	p[OUT_COMPLEX] = has_hit(v, CODE_CR) ? 1.0f : 0.0f;
	p[OUT_OPEN] = has_hit(v, CODE_OQ) ? 1.0f : 0.0f;
	p[has_hit(v, CODE_PERS) ? OUT_ADVICE : OUT_INFO] = 1.0f;
}

static int argmax(const float *p, int from, int to)
{
	int best = from;
	for (int i = from + 1; i < to; i++)
		if (p[i] > p[best])
			best = i;
	return best;
}

static void rate_skills(const struct reply_view *v, const struct coder_context *ctx, struct coded_reply *out)
{
	unsigned codes = out->codes;
	bool refl = codes & (CODE_BIT(CODE_SR) | CODE_BIT(CODE_CR));
	bool complex = codes & CODE_BIT(CODE_CR);
	bool bad = codes & (CODE_BIT(CODE_CONF) | CODE_BIT(CODE_PERS));
	bool feeling = mentions_any(v, LEX_FEELING);
	bool values = mentions_any(v, LEX_VALUE);
	bool gap = mentions_any(v, LEX_GAP);
	bool two_sided = false;
	size_t content = 0, overlap = coder_overlap(v, ctx ? ctx->client_last : NULL, &content);
	bool tracks = overlap >= 1 && (content == 0 || overlap * 4 >= content);
	bool themed = ctx && ctx->themes && ctx->nthemes &&
		text_mentions(v->text, (char *const *)ctx->themes, ctx->nthemes);
	int e, r, d, s;

	/* Double-sided: two sides named ("on one hand... on the other hand"), or
	 * one side marker with a contrast ("part of you..., but..."). */
	{
		int sides = 0;
		for (size_t i = 0; i < v->nhits; i++) {
			const char *pat = cue_rules[v->hits[i].rule].pattern;
			if (strstr(pat, "hand") || strstr(pat, "part of you") || strstr(pat, "same time"))
				sides++;
		}
		bool contrast = false;
		for (size_t i = 0; i < v->ntok && !contrast; i++)
			contrast = !strcmp(v->tok[i].word, "but") || !strcmp(v->tok[i].word, "yet") ||
				   !strcmp(v->tok[i].word, "although") || !strcmp(v->tok[i].word, "though") ||
				   !strcmp(v->tok[i].word, "while") || !strcmp(v->tok[i].word, "however");
		two_sided = sides >= 2 || (sides == 1 && contrast);
	}

	/* empathy: understanding the client's view and feelings */
	e = 1;
	if (refl)
		e = complex ? 3 : 2;
	if (refl && (feeling || tracks))
		e++;
	if (!refl && feeling && !bad)
		e = 2;
	if (codes & (CODE_BIT(CODE_AF) | CODE_BIT(CODE_AUTO)))
		e = e < 2 ? 2 : e;
	if (codes & CODE_BIT(CODE_OQ) && tracks && e < 2)
		e = 2;
	if (codes & CODE_BIT(CODE_PERS))
		e = e > 1 ? 1 : e;
	if (codes & CODE_BIT(CODE_CONF))
		e = 0;
	if (!v->ntok)
		e = 0;

	/* reflection: the quality of the reflective listening */
	r = 0;
	if (refl) {
		r = complex ? 3 : 2;
		if (tracks)
			r++;
		else if (ctx && ctx->client_last && *ctx->client_last && overlap == 0 && !complex)
			r--;
		if (two_sided)
			r = 4;
	} else if (tracks && (codes & CODE_BIT(CODE_OQ))) {
		r = 1;
	}
	if (codes & CODE_BIT(CODE_CONF))
		r = r > 1 ? 1 : r;

	/* discrepancy: the gap between values and behaviour, evoked not argued */
	d = 0;
	if (two_sided)
		d = 4;
	else if (values && gap && (refl || (codes & CODE_BIT(CODE_OQ))))
		d = 3;
	else if (values && (refl || (codes & CODE_BIT(CODE_OQ))))
		d = 2;
	else if (values || (gap && refl))
		d = 1;
	if (themed && d && d < 4 && !bad)
		d++;
	if (bad)
		d = d > 1 ? 1 : d;

	/* self-efficacy: belief that change is possible */
	s = 0;
	if (codes & CODE_BIT(CODE_AF)) {
		s = 2;
		if (mentions_any(v, LEX_STRENGTH))
			s++;
		if (mentions_any(v, LEX_PAST))
			s++;
	} else if (mentions_any(v, LEX_STRENGTH) &&
		   (codes & (CODE_BIT(CODE_OQ) | CODE_BIT(CODE_CR) | CODE_BIT(CODE_SR)))) {
		s = 2;
		if (mentions_any(v, LEX_PAST))
			s++;
	} else if (codes & CODE_BIT(CODE_AUTO)) {
		s = 1;
	}
	if (codes & CODE_BIT(CODE_CONF))
		s = 0;

	out->skills[SKILL_EMPATHY] = clamp4(e);
	out->skills[SKILL_REFLECTION] = clamp4(r);
	out->skills[SKILL_DISCREPANCY] = clamp4(d);
	out->skills[SKILL_SELF_EFFICACY] = clamp4(s);
}

static void choose_tip(const struct reply_view *v, const struct coder_context *ctx, struct coded_reply *out)
{
	const char *tip;
	bool asked_before = ctx && ctx->practitioner_last && strchr(ctx->practitioner_last, '?');

	switch (out->primary) {
	case CODE_CONF:
		tip = "Confrontation raises resistance: reflect what you heard instead, e.g. 'It's frustrating to be told...'";
		break;
	case CODE_PERS:
		tip = "Unasked-for advice: ask first ('Would it be OK if I shared an idea?') or ask what they think would help.";
		break;
	case CODE_PWP:
		tip = "Advice with permission: good; then ask what they make of it ('How does that fit for you?').";
		break;
	case CODE_GI:
		tip = "Information: keep it short, then ask what they make of it ('What do you think of that?').";
		break;
	case CODE_CQ:
		tip = asked_before ? "Two questions in a row: reflect what you heard before asking again."
				   : "Closed question: try an open one, e.g. 'What worries you about...?'";
		break;
	case CODE_OQ:
		tip = asked_before ? "Two questions in a row: try a reflection first so it doesn't feel like an interview."
				   : "Open question: good; follow the answer with a reflection.";
		break;
	case CODE_SR:
		tip = "Simple reflection: add a feeling or meaning to deepen it, e.g. '...and that worries you.'";
		break;
	case CODE_CR:
		tip = out->skills[SKILL_DISCREPANCY] >= 4
			? "Complex reflection that shows both sides: end on the change side and pause."
			: "Complex reflection: good; pause and let the client take it further.";
		break;
	case CODE_AF:
		tip = "Affirmation: name the specific strength or effort, e.g. 'You kept at it even when it was hard.'";
		break;
	case CODE_SEEK:
		tip = "Seeking collaboration: good; follow through on what they choose.";
		break;
	case CODE_AUTO:
		tip = "Autonomy: good; pair it with a question about what they want to do.";
		break;
	default:
		tip = v->ntok ? "Try a reflection of the client's last words, e.g. 'It sounds like...'"
			      : "Say something: a reflection of the client's words is a good start.";
		break;
	}
	snprintf(out->tip, sizeof out->tip, "%s", tip);
}

/* The opener of the first question sentence, by its longest opener rule
 * ("how many" is closed, "how" open) of at least min_words words:
 * CODE_OQ, CODE_CQ, or -1. */
/* Decision thresholds on the model's probabilities, chosen by cross-validation
 * on AnnoMI (docs/scoring.md): complex needs a majority (when unsure, SR); a
 * reflection beside another primary needs 0.7 (0.5 cost presence accuracy on
 * AnnoMI and over-coded SR); an affirmation outranks a reflection unless the
 * model gives "other" at most 0.15. */
static const float COMPLEX_THRESHOLD = 0.5f;
static const float SECOND_REFLECTION = 0.7f;
static const float AF_OVER_REFLECTION = 0.0f;
static const float OTHER_TO_REFLECTION = 0.3f;
static const float IMPERSONAL_INPUT = 0.2f;

static int question_opener(const struct reply_view *v, size_t min_words)
{
	int best = -1;
	size_t best_len = 0;

	for (size_t i = 0; i < v->nhits; i++) {
		const struct cue_hit *h = &v->hits[i];
		if ((h->code != CODE_OQ && h->code != CODE_CQ) || !(cue_rules[h->rule].flags & IN_Q) ||
		    compiled[h->rule].nwords < min_words)
			continue;
		if (h->len > best_len) {
			best = (int)h->code;
			best_len = h->len;
		}
	}
	return best;
}

void coder_code(const struct coder *c, const struct coder_context *ctx, const char *reply, struct coded_reply *out)
{
	static struct reply_view view; /* large: kept off the stack; micoach is single-threaded */
	struct reply_view *v = &view;
	float p[OUT_COUNT];
	int main_class;
	enum mi_code primary, refl_code, q_code;
	size_t start, len;

	memset(out, 0, sizeof *out);
	if (!reply || !utf8_valid(reply, strlen(reply), NULL))
		reply = "";
	reply_view_read(v, reply);

	if (c && c->weights && v->ntok) {
		struct feature_set fs;
		coder_features(v, ctx, c->bits, &fs);
		coder_scores(c, &fs, p);
		coder_probabilities(p);
	} else {
		guess_from_cues(v, ctx, p);
	}

	if (!v->ntok) {
		out->primary = CODE_OTHER;
		out->codes = CODE_BIT(CODE_OTHER);
		rate_skills(v, ctx, out);
		choose_tip(v, ctx, out);
		return;
	}

	main_class = argmax(p, OUT_REFLECTION, OUT_OTHER + 1);
	/* A statement that never speaks to or about the client and has no
	 * reflection stem, but has words of information, is not a reflection but
	 * information about the world ("The liver test measures an enzyme..."). */
	if (main_class == OUT_REFLECTION && !v->questions && !second_person(v) && !has_hit(v, CODE_SR) &&
	    !has_hit(v, CODE_CR) && !has_hit(v, CODE_AF) && v->ntok >= 5 &&
	    (has_hit(v, CODE_GI) || (impersonal_statement(v) && p[OUT_INPUT] >= IMPERSONAL_INPUT)))
		main_class = OUT_INPUT;
	/* Practice replies are short and typed, further from the model's data:
	 * a statement the model leaves as "other" though it carries no
	 * affirming, autonomy or collaboration words is information when it has
	 * words of information and does not speak to the client, and a
	 * reflection when the model gives that a fair chance and the reply
	 * speaks to the client, echoes them or names a feeling. */
	if (main_class == OUT_OTHER && !v->questions && v->ntok >= 4 && !has_hit(v, CODE_AF) &&
	    !has_hit(v, CODE_SEEK) && !has_hit(v, CODE_AUTO)) {
		size_t content = 0;
		bool echoes = coder_overlap(v, ctx ? ctx->client_last : NULL, &content) > 0;
		if ((has_hit(v, CODE_GI) || (impersonal_statement(v) && p[OUT_INPUT] >= IMPERSONAL_INPUT)) &&
		    !second_person(v))
			main_class = OUT_INPUT;
		else if (p[OUT_REFLECTION] >= OTHER_TO_REFLECTION &&
			 (second_person(v) || echoes || mentions_any(v, LEX_FEELING)))
			main_class = OUT_REFLECTION;
	}
	/* When unsure between SR and CR, SR: complex needs a clear majority,
	 * or words that add feeling, meaning or a second side. */
	refl_code = p[OUT_COMPLEX] > COMPLEX_THRESHOLD || has_hit(v, CODE_CR) ? CODE_CR : CODE_SR;
	/* Open or closed: the model, unless a two-word opener settles it
	 * ("how many", "how often" are closed; "in what way" open). */
	q_code = p[OUT_OPEN] > 0.5f ? CODE_OQ : CODE_CQ;
	if (question_opener(v, 2) >= 0)
		q_code = (enum mi_code)question_opener(v, 2);

	switch (main_class) {
	case OUT_REFLECTION:
		primary = refl_code;
		break;
	case OUT_QUESTION:
		primary = q_code;
		break;
	case OUT_INPUT: {
		int sub = argmax(p, OUT_INFO, OUT_OPTIONS + 1);
		bool permission = has_hit(v, CODE_PWP) || has_hit(v, CODE_AUTO) || (ctx && ctx->client_asked);
		/* Between GI and persuading, GI: advice needs advice words or the model's say.
		 * An offer ("some people find...") answering a request for advice
		 * is that advice, given with permission. */
		if (sub == OUT_ADVICE || has_hit(v, CODE_PERS) || (ctx && ctx->client_asked && has_hit(v, CODE_PWP)))
			primary = permission ? CODE_PWP : CODE_PERS;
		else
			primary = CODE_GI;
		break;
	}
	default:
		if (has_hit(v, CODE_AF))
			primary = CODE_AF;
		else if (has_hit(v, CODE_AUTO))
			primary = CODE_AUTO;
		else if (has_hit(v, CODE_SEEK))
			primary = CODE_SEEK;
		else
			primary = CODE_OTHER;
		break;
	}
	/* Affirm outranks reflect (unless the model is sure it is only a
	 * reflection); autonomy, and advice, are what the reply does even when
	 * worded as a reflection. */
	if (main_class == OUT_REFLECTION && has_hit(v, CODE_AF) && p[OUT_OTHER] > AF_OVER_REFLECTION)
		primary = CODE_AF;
	if (main_class == OUT_REFLECTION && has_hit(v, CODE_AUTO))
		primary = CODE_AUTO;
	if ((main_class == OUT_REFLECTION || main_class == OUT_OTHER) && has_hit(v, CODE_PERS))
		primary = has_hit(v, CODE_PWP) || has_hit(v, CODE_AUTO) || (ctx && ctx->client_asked) ? CODE_PWP
														   : CODE_PERS;
	/* Asking permission to say something is seeking collaboration, however
	 * it is worded ("Would it help if I told you...?", "May I...?"). */
	if ((primary == CODE_OQ || primary == CODE_CQ || primary == CODE_OTHER) && has_flagged_hit(v, PERMISSION)) {
		primary = CODE_SEEK;
		q_code = CODE_CQ; /* it asks yes or no */
	}
	/* A suggestion worded as a question is persuasion ("Why don't you...?"). */
	if ((primary == CODE_OQ || primary == CODE_CQ) && has_flagged_hit(v, SUGGEST))
		primary = has_hit(v, CODE_PWP) || has_hit(v, CODE_AUTO) || (ctx && ctx->client_asked) ? CODE_PWP
												       : CODE_PERS;
	/* Confront outranks question, and what it is said with: a "reflection"
	 * that labels or shames confronts. */
	if (has_hit(v, CODE_CONF))
		primary = CODE_CONF;
	out->primary = primary;

	/* Every code the reply carries, each at most once. */
	out->codes = CODE_BIT(primary);
	/* A reflection beside another primary, except a simple one under an
	 * affirmation (affirm outranks reflect) and any under a confrontation
	 * (the "reflection" is what confronts). */
	if (p[OUT_HAS_REFLECTION] > (primary == CODE_SR || primary == CODE_CR ? 0.5f : SECOND_REFLECTION) &&
	    primary != CODE_CONF && !(primary == CODE_AF && refl_code == CODE_SR))
		out->codes |= CODE_BIT(refl_code);
	if ((p[OUT_HAS_QUESTION] > 0.5f || (main_class == OUT_QUESTION && primary == CODE_CONF)) &&
	    !((primary == CODE_PERS || primary == CODE_PWP) && has_flagged_hit(v, SUGGEST)))
		out->codes |= CODE_BIT(q_code);
	for (size_t i = 0; i < v->nhits; i++) {
		enum mi_code k = v->hits[i].code;
		if (k == CODE_AF || k == CODE_SEEK || k == CODE_AUTO || k == CODE_CONF)
			out->codes |= CODE_BIT(k);
		if (k == CODE_PERS)
			out->codes |= CODE_BIT(has_hit(v, CODE_PWP) || has_hit(v, CODE_AUTO) ||
					       (ctx && ctx->client_asked) ? CODE_PWP : CODE_PERS);
		if (k == CODE_PWP && (p[OUT_INPUT] > 0.3f || has_hit(v, CODE_PERS)))
			out->codes |= CODE_BIT(CODE_PWP);
		if (k == CODE_GI && p[OUT_INPUT] > 0.3f && !(out->codes & CODE_BIT(CODE_PERS)))
			out->codes |= CODE_BIT(CODE_GI);
	}
	/* One reflection per volley, complex if any part is. */
	if ((out->codes & CODE_BIT(CODE_SR)) && (out->codes & CODE_BIT(CODE_CR)))
		out->codes &= ~CODE_BIT(CODE_SR);
	if (out->primary == CODE_SR && (out->codes & CODE_BIT(CODE_CR)))
		out->primary = CODE_CR;
	/* Likewise one question code. */
	if ((out->codes & CODE_BIT(CODE_OQ)) && (out->codes & CODE_BIT(CODE_CQ)))
		out->codes &= ~CODE_BIT(out->primary == CODE_CQ ? CODE_OQ : CODE_CQ);
	if (out->codes != CODE_BIT(CODE_OTHER))
		out->codes &= ~CODE_BIT(CODE_OTHER);
	if (out->primary == CODE_OTHER && out->codes != CODE_BIT(CODE_OTHER)) {
		/* The primary must be one of the codes: take the strongest cue. */
		static const enum mi_code order[] = { CODE_CONF, CODE_AF, CODE_AUTO, CODE_SEEK, CODE_PWP,
						      CODE_PERS, CODE_CR, CODE_SR, CODE_OQ, CODE_CQ, CODE_GI };
		for (size_t i = 0; i < ARRAY_LEN(order); i++)
			if (out->codes & CODE_BIT(order[i])) {
				out->primary = order[i];
				break;
			}
	}
	out->nonadherent = (out->codes & (CODE_BIT(CODE_PERS) | CODE_BIT(CODE_CONF))) != 0;

	/* The words that earned each code, the primary first. */
	for (int pass = 0; pass < 2; pass++)
		for (int k = 0; k < CODE_COUNT; k++) {
			const struct cue_hit *h;
			if (!(out->codes & CODE_BIT(k)) || (pass == 0) != (k == (int)out->primary))
				continue;
			h = first_hit(v, (enum mi_code)k);
			if (k == CODE_CR) {
				/* The reflection's stem ("it sounds like") first, then what
				 * made it complex ("you're scared"). */
				const struct cue_hit *stem = earliest_reflection_hit(v);
				if (stem && h && stem != h) {
					add_cue(out, CODE_CR, stem->start, stem->len);
					if (stem->start + stem->len > h->start && h->start + h->len > stem->start)
						continue; /* they overlap: the stem says it */
				}
			}
			if (!h && k == CODE_CR)
				h = first_hit(v, CODE_SR);
			if (!h && k == CODE_SR)
				h = first_hit(v, CODE_CR);
			if (!h && k == CODE_OQ)
				h = first_hit(v, CODE_CQ);
			if (!h && k == CODE_CQ)
				h = first_hit(v, CODE_OQ);
			if (!h && k == CODE_PWP)
				h = first_hit(v, CODE_PERS);
			if (!h && k == CODE_PERS)
				h = first_hit(v, CODE_PWP);
			if (h) {
				add_cue(out, (enum mi_code)k, h->start, h->len);
			} else if ((k == CODE_OQ || k == CODE_CQ) && question_span(v, &start, &len)) {
				add_cue(out, (enum mi_code)k, start, len);
			} else if ((k == CODE_SR || k == CODE_CR) &&
				   echo_span(v, ctx ? ctx->client_last : NULL, &start, &len)) {
				add_cue(out, (enum mi_code)k, start, len);
			} else if (k != CODE_OTHER) {
				size_t last = v->ntok < 3 ? v->ntok - 1 : 2;
				add_cue(out, (enum mi_code)k, v->tok[0].start,
					v->tok[last].start + v->tok[last].len - v->tok[0].start);
			}
		}
	rate_skills(v, ctx, out);
	choose_tip(v, ctx, out);
}
