/* Unit tests of the coder (coder.c, coder_model.c) with the committed model
 * data/coder.model: codes, MITI's rules, cues, skills, tips, the model file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/client_asks.h"
#include "core/coder_model.h"
#include "core/coder.h"
#include "core/context.h"
#include "core/text.h"
#include "core/util.h"
#include "io/file.h"
#include "io/model_file.h"

static struct coder *model;

static char *model_path(void)
{
	const char *src = getenv("MICOACH_SRC");
	return xasprintf("%s/data/coder.model", src && *src ? src : ".");
}

static int setup(void **state)
{
	struct error err = {0};
	char *path = model_path();
	int rc = coder_load(path, &model, &err);
	(void)state;
	if (rc)
		fprintf(stderr, "%s\n", err.msg);
	free(path);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	coder_free(model);
	text_cleanup();
	return 0;
}

/* A reply to client, as a transcript's line or (practice) as typed in a session. */
static struct coded_reply code_as(const char *client, const char *reply, bool practice)
{
	struct coder_context ctx = { .client_last = client, .practice = practice };
	struct coded_reply r;
	coder_code(model, &ctx, reply, &r);
	return r;
}

static struct coded_reply code(const char *client, const char *reply)
{
	return code_as(client, reply, false);
}

static bool has(const struct coded_reply *r, enum mi_code c)
{
	return (r->codes & CODE_BIT(c)) != 0;
}

static const char *cue_text(const struct coded_reply *r, const char *reply, enum mi_code c, char *buf, size_t n)
{
	for (size_t i = 0; i < r->ncues; i++)
		if (r->cues[i].code == c) {
			snprintf(buf, n, "%.*s", (int)r->cues[i].len, reply + r->cues[i].start);
			return buf;
		}
	return NULL;
}

static void test_code_and_skill_names_round_trip(void **state)
{
	(void)state;
	for (int k = 0; k < CODE_COUNT; k++)
		assert_int_equal(code_parse(code_name((enum mi_code)k)), k);
	assert_int_equal(code_parse("cr"), CODE_CR);
	assert_int_equal(code_parse("Pwp"), CODE_PWP);
	assert_int_equal(code_parse("XX"), -1);
	assert_int_equal(code_parse(NULL), -1);
	assert_string_equal(code_long_name(CODE_CR), "complex reflection");
	for (int s = 0; s < SKILL_COUNT; s++)
		assert_int_equal(skill_parse(skill_name((enum mi_skill)s)), s);
	assert_string_equal(skill_name(SKILL_SELF_EFFICACY), "self_efficacy");
	assert_int_equal(skill_parse("EMPATHY"), SKILL_EMPATHY);
	assert_int_equal(skill_parse("kindness"), -1);
}

static void test_model_version_names_model_and_rules(void **state)
{
	(void)state;
	assert_non_null(strstr(coder_version(model), "model-"));
	assert_non_null(strstr(coder_version(model), "rules-"));
	assert_non_null(strstr(coder_version(NULL), "cues-only"));
}

static void test_open_question_is_coded_open(void **state)
{
	const char *reply = "What worries you most about your drinking?";
	struct coded_reply r = code("My wife says I drink too much.", reply);
	char buf[64];
	(void)state;
	assert_int_equal(r.primary, CODE_OQ);
	assert_string_equal(cue_text(&r, reply, CODE_OQ, buf, sizeof buf), "What");
	assert_false(r.nonadherent);
}

static void test_closed_question_is_coded_closed_with_a_tip_to_open_it(void **state)
{
	struct coded_reply r = code("I drink a bit.", "Do you drink every day?");
	(void)state;
	assert_int_equal(r.primary, CODE_CQ);
	assert_non_null(strstr(r.tip, "Closed question"));
}

static void test_how_many_question_is_closed(void **state)
{
	struct coded_reply r = code("I smoke.", "How many cigarettes do you smoke a day?");
	(void)state;
	assert_int_equal(r.primary, CODE_CQ);
}

static void test_feeling_reflection_is_complex_and_tracks_the_client(void **state)
{
	const char *reply = "It sounds like you're scared of what the tests might show.";
	struct coded_reply r = code("I get scared when I think about the test results.", reply);
	(void)state;
	assert_int_equal(r.primary, CODE_CR);
	assert_false(has(&r, CODE_SR)); /* one reflection per volley */
	assert_true(r.skills[SKILL_REFLECTION] >= 3);
	assert_true(r.skills[SKILL_EMPATHY] >= 3);
}

static void test_double_sided_reflection_develops_discrepancy(void **state)
{
	struct coded_reply r = code("I enjoy smoking, but I want to see my grandkids grow up.",
				    "On one hand smoking is your one pleasure, and on the other hand you want to see "
				    "your grandchildren grow up.");
	(void)state;
	assert_int_equal(r.primary, CODE_CR);
	assert_int_equal(r.skills[SKILL_DISCREPANCY], 4);
	assert_int_equal(r.skills[SKILL_REFLECTION], 4);
}

static void test_reflection_that_tracks_the_client_rates_higher(void **state)
{
	struct coded_reply on = code("I drink to relax after work.", "Drinking helps you relax after work.");
	struct coded_reply off = code("I drink to relax after work.", "You don't like your neighbours.");
	(void)state;
	assert_true(has(&on, CODE_SR) || has(&on, CODE_CR));
	if (on.skills[SKILL_REFLECTION] <= off.skills[SKILL_REFLECTION])
		fail_msg("on %s/%x r%d, off %s/%x r%d", code_name(on.primary), on.codes, on.skills[SKILL_REFLECTION],
			 code_name(off.primary), off.codes, off.skills[SKILL_REFLECTION]);
}

/* An ultimatum set on the client's own want is persuasion, and its want no
 * reflection: a failed session must not show it as its strongest turn. */
static void test_an_ultimatum_worded_like_a_value_persuades(void **state)
{
	static const char *const ultimatums[] = { "you want to keep your job then pack it in, simple",
						  "if u wanna see your kids then sort it out" };
	char buf[64];
	(void)state;
	for (size_t i = 0; i < sizeof ultimatums / sizeof *ultimatums; i++) {
		struct coded_reply r = code("I need this job. I've got two kids.", ultimatums[i]);
		assert_true(r.nonadherent);
		assert_int_equal(r.primary, CODE_PERS);
		assert_false(has(&r, CODE_SR) || has(&r, CODE_CR));
		assert_non_null(cue_text(&r, ultimatums[i], CODE_PERS, buf, sizeof buf));
		assert_non_null(strstr(buf, "then"));
	}
	struct coded_reply r = code("I need this job. I've got two kids.", "if you want, then tell me more");
	assert_false(r.nonadherent);
}

/* Judging, moralising, siding and blaming in plain words are non-adherent,
 * each with the words that earned it quoted; their MI-consistent look-alikes
 * are not. */
static void test_plain_word_verdicts_are_non_adherent(void **state)
{
	static const struct { const char *client, *reply, *words; } bad[] = {
		{ "i only have a few cans a night, same as everyone", "you drink too much keith", "you drink too much" },
		{ "i work hard, i deserve a drink", "working hard doesnt give you the right to wreck your liver",
		  "doesnt give you the right" },
		{ "i feel fine so i skip them", "just because you feel fine doesnt mean you can skip them",
		  "doesnt mean you can skip" },
		{ "the court made me come, its not my fault", "its not the courts fault its yours", "its yours" },
		{ "my mum keeps going on at me about vaping", "your mum is only trying to help you", "mum is only trying to help" },
	};
	static const struct { const char *client, *reply; } good[] = {
		{ "i worry i drink too much", "you wonder if you drink too much" },
	};
	char buf[64];
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct coded_reply r = code(bad[i].client, bad[i].reply);
		if (!r.nonadherent || (r.primary != CODE_CONF && r.primary != CODE_PERS))
			fail_msg("'%s': %s, non-adherent %d", bad[i].reply, code_name(r.primary), r.nonadherent);
		if (!cue_text(&r, bad[i].reply, r.primary, buf, sizeof buf) || !strstr(bad[i].reply, buf) ||
		    !strstr(buf, bad[i].words))
			fail_msg("'%s': quotes '%s', want '%s'", bad[i].reply, cue_text(&r, bad[i].reply, r.primary, buf, sizeof buf) ? buf : "",
				 bad[i].words);
	}
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		struct coded_reply r = code(good[i].client, good[i].reply);
		if (r.nonadherent)
			fail_msg("'%s': %s, non-adherent", good[i].reply, code_name(r.primary));
	}
}

static void test_confrontation_outranks_question(void **state)
{
	const char *reply = "Don't you realise you're killing yourself?";
	struct coded_reply r = code("I smoke when I'm stressed.", reply);
	char buf[64];
	(void)state;
	assert_int_equal(r.primary, CODE_CONF);
	assert_true(r.nonadherent);
	assert_int_equal(r.skills[SKILL_EMPATHY], 0);
	assert_string_equal(cue_text(&r, reply, CODE_CONF, buf, sizeof buf), "you're killing yourself");
	assert_non_null(strstr(r.tip, "Confrontation"));
}

static void test_labelling_is_confrontation(void **state)
{
	struct coded_reply r = code("I'm not an alcoholic.", "You're in denial about how much you drink.");
	(void)state;
	assert_int_equal(r.primary, CODE_CONF);
	assert_true(r.nonadherent);
}

static void test_unasked_advice_is_persuasion_and_nonadherent(void **state)
{
	const char *reply = "You should stop drinking completely.";
	struct coded_reply r = code("I drink too much.", reply);
	char buf[64];
	(void)state;
	assert_int_equal(r.primary, CODE_PERS);
	assert_true(r.nonadherent);
	assert_string_equal(cue_text(&r, reply, CODE_PERS, buf, sizeof buf), "You should");
}

static void test_advice_the_client_asked_for_is_persuasion_with_permission(void **state)
{
	struct coder_context ctx = { .client_last = "What do you think I should do?", .client_asked = true };
	struct coded_reply r;
	(void)state;
	coder_code(model, &ctx, "I'd suggest alcohol-free days during the week.", &r);
	assert_int_equal(r.primary, CODE_PWP);
	assert_false(r.nonadherent);
}

/* Advice after a question of fact was not asked for (the client wanted
 * information): PERS; the same advice after a request for it is PWP. */
static void test_advice_after_a_question_of_fact_is_still_unasked(void **state)
{
	static const struct {
		const char *fact, *request, *reply;
	} cases[] = {
		{ "Is it safer to smoke it than inject it?", "What would you do, if you were me?", "id switch to smoking it" },
		{ "Does this go on my file?", "What should I do about my file?",
		  "just keep your head down and turn up every week" },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct coder_context ctx = { .client_last = cases[i].fact };
		struct coded_reply r;
		context_asked(&ctx, cases[i].fact);
		assert_true(ctx.client_asked && ctx.client_asked_fact_only);
		coder_code(model, &ctx, cases[i].reply, &r);
		if (r.primary != CODE_PERS || !r.nonadherent)
			fail_msg("'%s' after '%s': coded %s, want PERS", cases[i].reply, cases[i].fact,
				 code_name(r.primary));
		ctx.client_last = cases[i].request;
		context_asked(&ctx, cases[i].request);
		assert_true(ctx.client_asked && !ctx.client_asked_fact_only);
		coder_code(model, &ctx, cases[i].reply, &r);
		if (r.primary != CODE_PWP || r.nonadherent)
			fail_msg("'%s' after '%s': coded %s, want PWP", cases[i].reply, cases[i].request,
				 code_name(r.primary));
	}
}

static void test_autonomy_is_coded_with_its_words(void **state)
{
	const char *reply = "It's really up to you whether you cut down.";
	struct coded_reply r = code("I don't like being told what to do.", reply);
	char buf[64];
	(void)state;
	assert_int_equal(r.primary, CODE_AUTO);
	assert_string_equal(cue_text(&r, reply, CODE_AUTO, buf, sizeof buf), "up to you");
}

static void test_affirmation_of_past_success_supports_self_efficacy(void **state)
{
	struct coded_reply r = code("I quit for six months once.",
				    "You managed six months without smoking; that took real determination.");
	(void)state;
	assert_true(has(&r, CODE_AF));
	assert_int_equal(r.skills[SKILL_SELF_EFFICACY], 4);
}

static void test_permission_question_seeks_collaboration(void **state)
{
	struct coded_reply r = code("Any tips?", "Would it be OK if I shared what has worked for other people?");
	(void)state;
	assert_true(has(&r, CODE_SEEK));
	assert_true(has(&r, CODE_CQ));
}

static void test_every_code_has_a_cue_inside_the_reply(void **state)
{
	static const char *const replies[] = {
		"So you drink at weekends. What do you enjoy about it?",
		"You've cut down already, well done. It's your call what comes next.",
		"You need to stop. Research shows it harms your liver.",
		"Hmm.",
		"It sounds like part of you wants to change and part of you doesn't.",
	};
	(void)state;
	for (size_t i = 0; i < sizeof replies / sizeof replies[0]; i++) {
		struct coded_reply r = code("I like a drink at weekends.", replies[i]);
		size_t n = strlen(replies[i]);
		assert_true(r.codes & CODE_BIT(r.primary));
		for (int k = 0; k < CODE_COUNT; k++) {
			bool found = false;
			if (!has(&r, (enum mi_code)k) || k == CODE_OTHER)
				continue;
			for (size_t c = 0; c < r.ncues; c++)
				if (r.cues[c].code == (enum mi_code)k) {
					found = true;
					assert_true(r.cues[c].len > 0);
					assert_true(r.cues[c].start + r.cues[c].len <= n);
				}
			assert_true(found);
		}
	}
}

static void test_empty_and_invalid_replies_are_other(void **state)
{
	struct coded_reply r;
	(void)state;
	coder_code(model, NULL, "", &r);
	assert_int_equal(r.primary, CODE_OTHER);
	assert_int_equal(r.codes, CODE_BIT(CODE_OTHER));
	assert_true(r.tip[0] != '\0');
	coder_code(model, NULL, "caf\xe9 \xff\xfe", &r);
	assert_int_equal(r.primary, CODE_OTHER);
	assert_int_equal(r.ncues, 0);
	coder_code(model, NULL, NULL, &r);
	assert_int_equal(r.primary, CODE_OTHER);
}

static void test_huge_reply_is_coded_in_bounds(void **state)
{
	struct strbuf sb = {0};
	struct coded_reply r;
	size_t n;
	(void)state;
	for (int i = 0; i < 5000; i++)
		strbuf_adds(&sb, "you feel worried and you should stop? ");
	n = sb.len;
	coder_code(model, NULL, sb.buf, &r);
	assert_true(r.ncues <= CODER_MAX_CUES);
	for (size_t c = 0; c < r.ncues; c++)
		assert_true(r.cues[c].start + r.cues[c].len <= n);
	strbuf_release(&sb);
}

static void test_tip_is_one_line_and_never_empty(void **state)
{
	static const char *const replies[] = { "Okay.", "Why?", "You're lying.", "It's up to you.", "x" };
	(void)state;
	for (size_t i = 0; i < sizeof replies / sizeof replies[0]; i++) {
		struct coded_reply r = code(NULL, replies[i]);
		assert_true(strlen(r.tip) > 10);
		assert_null(strchr(r.tip, '\n'));
	}
}

static void test_skills_stay_between_zero_and_four(void **state)
{
	static const char *const replies[] = {
		"On one hand you love it, on the other hand you're worried, and part of you wants to stop.",
		"You've managed before, you did well, you stuck with it, that took courage.",
		"You're an alcoholic and you're in denial; you should stop.",
	};
	(void)state;
	for (size_t i = 0; i < sizeof replies / sizeof replies[0]; i++) {
		struct coded_reply r = code("I want to stop but I'm scared.", replies[i]);
		for (int s = 0; s < SKILL_COUNT; s++)
			assert_true(r.skills[s] >= 0 && r.skills[s] <= 4);
	}
}

static void test_cue_rules_alone_code_without_a_model(void **state)
{
	struct coder_context ctx = { .client_last = "I drink to relax." };
	struct coded_reply r;
	(void)state;
	coder_code(NULL, &ctx, "What do you enjoy about drinking?", &r);
	assert_int_equal(r.primary, CODE_OQ);
	coder_code(NULL, &ctx, "You feel it helps you relax.", &r);
	assert_int_equal(r.primary, CODE_CR);
	coder_code(NULL, &ctx, "You're in denial.", &r);
	assert_int_equal(r.primary, CODE_CONF);
}

static void test_theme_words_raise_discrepancy(void **state)
{
	const char *themes[] = { "kids" };
	struct coder_context plain = { .client_last = "I drink most nights." };
	struct coder_context themed = { .client_last = "I drink most nights.", .themes = themes, .nthemes = 1 };
	struct coded_reply a, b;
	(void)state;
	coder_code(model, &plain, "Being there for your kids matters to you, and drinking gets in the way.", &a);
	coder_code(model, &themed, "Being there for your kids matters to you, and drinking gets in the way.", &b);
	assert_true(b.skills[SKILL_DISCREPANCY] >= a.skills[SKILL_DISCREPANCY]);
	assert_true(b.skills[SKILL_DISCREPANCY] >= 3);
}

/* ---- the model file ---- */

static char *copy_model(const char *name, long damage_at, size_t keep)
{
	char *src = model_path();
	char *dst = xasprintf("%s/micoach-test-%d-%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid(), name);
	FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
	size_t total = 0;
	int c;
	assert_non_null(in);
	assert_non_null(out);
	while ((c = fgetc(in)) != EOF && total < keep) {
		if ((long)total == damage_at)
			c ^= 0x40;
		fputc(c, out);
		total++;
	}
	fclose(in);
	fclose(out);
	free(src);
	return dst;
}

static void test_missing_model_is_noinput(void **state)
{
	struct coder *c = NULL;
	struct error err = {0};
	(void)state;
	assert_int_equal(coder_load("/nonexistent/coder.model", &c, &err), -1);
	assert_int_equal(err.status, EXIT_NOINPUT);
	assert_null(c);
	assert_non_null(strstr(err.msg, "make train-coder"));
}

static void test_damaged_model_fails_its_checksum(void **state)
{
	struct coder *c = NULL;
	struct error err = {0};
	char *path = copy_model("damaged", 50000, (size_t)-1);
	(void)state;
	assert_int_equal(coder_load(path, &c, &err), -1);
	assert_int_equal(err.status, EXIT_DATAERR);
	assert_non_null(strstr(err.msg, "checksum"));
	unlink(path);
	free(path);
}

static void test_truncated_model_is_refused(void **state)
{
	struct coder *c = NULL;
	struct error err = {0};
	char *path = copy_model("truncated", -1, 4000);
	(void)state;
	assert_int_equal(coder_load(path, &c, &err), -1);
	assert_int_equal(err.status, EXIT_DATAERR);
	assert_non_null(strstr(err.msg, "truncated"));
	unlink(path);
	free(path);
}

static void test_not_a_model_is_refused_with_its_place(void **state)
{
	struct coder *c = NULL;
	struct error err = {0};
	char *path = copy_model("header", 3, (size_t)-1);
	(void)state;
	assert_int_equal(coder_load(path, &c, &err), -1);
	assert_int_equal(err.status, EXIT_DATAERR);
	assert_non_null(strstr(err.msg, ":1:1:"));
	unlink(path);
	free(path);
}

/* The committed model's weights are used where the file is mapped, and code
 * exactly as a copy of them does; a model written without the header's pad
 * (its weights not aligned) is copied and codes the same. */
static void test_a_mapped_model_codes_as_a_copied_one(void **state)
{
	static const char *const replies[] = { "you feel stuck. what would help", "its not genes its the cola, cut it out",
					       "You've done a Dry January before." };
	char *path = model_path(), *buf, *unpadded;
	struct error err = {0};
	struct coder *copied, *shifted;
	size_t len, pad, end;
	const char *p;
	(void)state;

	assert_non_null(model->weights_release);
	assert_int_equal((uintptr_t)model->weights % 64, 0);
	assert_int_equal(file_read_capped(path, 1u << 30, "coder model", &buf, &len, &err), 0);
	assert_int_equal(coder_model_parse(buf, len, path, &copied, &err), 0);
	assert_null(copied->weights_release);
	/* the same bytes without the pad line: the weights start 3 bytes in */
	p = strstr(buf, "\npad");
	assert_non_null(p);
	pad = (size_t)(p - buf) + 1;
	end = pad + strcspn(buf + pad, "\n") + 1;
	unpadded = xmalloc(len);
	memcpy(unpadded, buf, pad);
	memcpy(unpadded + pad, buf + end, len - end);
	assert_int_equal(coder_model_parse(unpadded, len - (end - pad), path, &shifted, &err), 0);
	free(unpadded);
	assert_null(shifted->weights_release);
	assert_string_equal(shifted->version, model->version);
	for (size_t i = 0; i < sizeof replies / sizeof replies[0]; i++) {
		struct coder_context ctx = { .client_last = "I only have a few cans, like everyone." };
		struct coded_reply a, b, c;
		coder_code(model, &ctx, replies[i], &a);
		coder_code(copied, &ctx, replies[i], &b);
		coder_code(shifted, &ctx, replies[i], &c);
		assert_int_equal(a.primary, b.primary);
		assert_int_equal(a.codes, b.codes);
		assert_int_equal(a.primary, c.primary);
		assert_int_equal(a.codes, c.codes);
		assert_memory_equal(a.skills, b.skills, sizeof a.skills);
	}
	coder_free(copied);
	coder_free(shifted);
	free(buf);
	free(path);
}

/* Practice-style replies: the righting reflex as practitioners type it. */
static void test_advice_with_an_adverb_is_persuasion(void **state)
{
	const char *client = "Jess doesn't know how much I've lost.";
	struct coded_reply r = code(client, "You really should tell Jess.");
	(void)state;
	assert_int_equal(r.primary, CODE_PERS);
	assert_true(r.nonadherent);
	r = code("I'm shattered every morning.", "You just need to go to bed earlier.");
	assert_int_equal(r.primary, CODE_PERS);
	assert_true(r.nonadherent);
	r = code("A drink is the only way I unwind.", "There are better ways to relax than alcohol.");
	assert_int_equal(r.primary, CODE_PERS);
}

static void test_warnings_are_nonadherent(void **state)
{
	struct coded_reply r = code("Jess doesn't know how much I've lost.",
				    "If you carry on like this, Jess is going to leave you.");
	(void)state;
	assert_true(r.nonadherent);
	assert_false(has(&r, CODE_CR) || has(&r, CODE_SR));
	r = code("I've driven home after a few pints.", "You're putting yourself at serious risk.");
	assert_int_equal(r.primary, CODE_PERS);
	assert_true(r.nonadherent);
}

static void test_reported_speech_is_a_reflection_not_a_confrontation(void **state)
{
	const char *client = "My doctor nags me, but I don't drink more than anyone else.";
	struct coded_reply r = code(client, "It's frustrating to be told you have a problem when you feel you drink "
					    "like everyone else.");
	(void)state;
	assert_int_equal(r.primary, CODE_CR);
	assert_false(has(&r, CODE_CONF));
	assert_false(r.nonadherent);
	r = code("Everyone keeps telling me I need to lose weight.",
		 "People keep telling you that you need to lose weight, and you're tired of hearing it.");
	assert_false(r.nonadherent);
	r = code("I know I should cut down.", "Part of you thinks you should cut down, and part of you isn't ready.");
	assert_int_equal(r.primary, CODE_CR);
	assert_false(r.nonadherent);
}

static void test_practitioners_own_view_still_persuades(void **state)
{
	struct coded_reply r = code("I only drink at weekends.", "I think you should cut down.");
	(void)state;
	assert_true(has(&r, CODE_PERS));
	/* A report in another clause does not excuse what follows it. */
	r = code("I'm up overall, honestly.", "The numbers say otherwise, and you know it.");
	assert_int_equal(r.primary, CODE_CONF);
}

static void test_asking_permission_is_seeking_collaboration_first(void **state)
{
	struct coded_reply r = code("The doctor said something about my liver test.",
				    "Would it help if I told you what the liver test measures?");
	(void)state;
	assert_int_equal(r.primary, CODE_SEEK);
	assert_true(has(&r, CODE_CQ));
	assert_false(has(&r, CODE_OQ));
	assert_false(r.nonadherent);
}

static void test_suggestion_worded_as_a_question_is_persuasion(void **state)
{
	struct coded_reply r = code("I smoke when I'm stressed at work.",
				    "Why don't you go for a walk instead of having a cigarette?");
	(void)state;
	assert_int_equal(r.primary, CODE_PERS);
	assert_false(has(&r, CODE_OQ) || has(&r, CODE_CQ));
	assert_true(r.nonadherent);
}

static void test_affirm_outranks_a_simple_reflection(void **state)
{
	struct coded_reply r = code("I've tried to stop before, it never lasts.",
				    "You've stopped smoking before; that took real determination.");
	(void)state;
	assert_int_equal(r.primary, CODE_AF);
	assert_false(has(&r, CODE_SR));
}

static void test_fact_about_the_world_is_information(void **state)
{
	struct coded_reply r = code("What does that liver test even show?",
				    "The liver test measures an enzyme that rises with alcohol.");
	(void)state;
	assert_int_equal(r.primary, CODE_GI);
	assert_false(has(&r, CODE_SR) || has(&r, CODE_CR));
	assert_false(r.nonadherent);
}

static void test_empathic_guess_is_a_reflection_not_advice(void **state)
{
	struct coded_reply guess = code("I've been up with the baby all week.", "you must be shattered");
	struct coded_reply order = code("I've been up with the baby all week.", "you must stop smoking now");
	(void)state;
	assert_false(guess.nonadherent);
	assert_true(has(&guess, CODE_CR));
	assert_true(guess.skills[SKILL_EMPATHY] >= 3);
	assert_true(order.nonadherent);
	assert_true(order.skills[SKILL_EMPATHY] <= 1);
	/* a feeling guessed with a verb (WordNet's verb.emotion), not "be" */
	static const char *const felt[] = { "you must hate this bit", "you must really miss her",
					    "you must dread these appointments", "you must get fed up with it" };
	for (size_t i = 0; i < sizeof felt / sizeof felt[0]; i++) {
		struct coded_reply r = code("Fine. Weigh me. Get it over with.", felt[i]);
		if (r.nonadherent || !has(&r, CODE_CR))
			fail_msg("'%s' is an empathic guess (CR), coded %s", felt[i], code_name(r.primary));
	}
	order = code("Fine. Weigh me. Get it over with.", "you must keep taking them even when you feel well");
	assert_true(order.nonadherent);
}

static void test_reflect_then_ask_typed_carries_both_codes(void **state)
{
	struct coded_reply r = code("I just feel stuck with all of it.", "you feel stuck. what would help");
	(void)state;
	assert_true(has(&r, CODE_SR) || has(&r, CODE_CR));
	assert_true(has(&r, CODE_OQ));
	assert_true(r.primary == CODE_SR || r.primary == CODE_CR);
	assert_null(strstr(r.tip, "Two questions"));
	/* a wh-word and a verb asks ("what worries you"); only a degree word
	 * exclaims ("how hard that must be") */
	r = code("I have to drive to see my sister.", "the car means a lot to you. what worries you most about giving it up");
	assert_true(has(&r, CODE_SR) || has(&r, CODE_CR));
	assert_true(has(&r, CODE_OQ));
	r = code("I have to drive to see my sister.", "how hard that must be");
	assert_false(has(&r, CODE_OQ) || has(&r, CODE_CQ));
}

/* The righting reflex in plain words, read from its construction
 * (coder_righting.c), is MI-non-adherent and quotes the construction;
 * the same advice after the client asked is persuasion with permission. */
static void test_righting_constructions_are_nonadherent_and_quoted(void **state)
{
	static const struct {
		const char *client, *reply, *words;
		enum mi_code code;
	} cases[] = {
		{ "I only drink at the weekend really.", "have you thought about just cutting out the weekday drinks",
		  "have you thought about just cutting", CODE_PERS },
		{ "My doctor nags me about it.", "maybe the doctor has a point", "doctor has a point", CODE_PERS },
		{ "I feel awful, my chest is bad again.", "well you did this to yourself didnt you",
		  "did this to yourself", CODE_CONF },
	};
	char buf[128];
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct coded_reply r = code(cases[i].client, cases[i].reply);
		const char *cue = cue_text(&r, cases[i].reply, r.primary, buf, sizeof buf);
		/* siding with the doctor persuades or argues: either is non-adherent */
		if (!r.nonadherent || (cases[i].code == CODE_CONF && r.primary != CODE_CONF))
			fail_msg("'%s': coded %s, want %s", cases[i].reply, code_name(r.primary), code_name(cases[i].code));
		assert_non_null(cue);
		assert_non_null(strstr(cue, cases[i].words) ? cue : strstr(cases[i].words, cue));
	}
	{
		struct coder_context ctx = { .client_last = "so what would you do then", .client_asked = true };
		struct coded_reply r;
		coder_code(model, &ctx, "have you thought about just cutting out the weekday drinks", &r);
		assert_false(has(&r, CODE_PERS));
		assert_false(r.nonadherent);
	}
}

static void test_advice_after_a_request_is_never_called_unasked(void **state)
{
	struct coder_context ctx = { .client_last = "so what would you do then", .client_asked = true };
	struct coded_reply r;
	(void)state;
	coder_code(model, &ctx, "some people find a dry weekday helps", &r);
	assert_false(has(&r, CODE_PERS));
	assert_null(strstr(r.tip, "Unasked-for"));
}

/* Persuasion that argues or warns, advising nothing, is told so: its tip is
 * not "unasked-for advice" (an MI trainer's reading of "skipping tablets is
 * how people end up with a stroke"); advice keeps the advice tip. */
/* Advice tacked on to a reflection is persuasion beside the reflection
 * (MITI codes both; the primary is PERS), and arguing from what everyone
 * does against what the client said is confrontation. */
static void test_advice_after_a_reflection_and_arguing_from_everyone(void **state)
{
	static const char *const after[][2] = {
		{ "i tried the patches and they didnt work, nothing works for me",
		  "it feels like nothing works, so maybe try the gum this time" },
		{ "the kids drive me mad, i just need a glass of wine to cope",
		  "evenings are when it all piles up, so maybe just go for a walk instead" },
	};
	static const char *const rebuts[][2] = {
		{ "i dont need help, i can handle it myself", "everyone needs help sometimes" },
		{ "i dont need a break, im fine", "we all need a break now and then" },
	};
	struct coded_reply r;
	(void)state;
	for (size_t i = 0; i < sizeof after / sizeof *after; i++) {
		struct coder_context ctx = { .client_last = after[i][0] };
		coder_code(model, &ctx, after[i][1], &r);
		if (r.primary != CODE_PERS || !r.nonadherent)
			fail_msg("'%s' is %s, not PERS", after[i][1], code_name(r.primary));
	}
	for (size_t i = 0; i < sizeof rebuts / sizeof *rebuts; i++) {
		struct coder_context ctx = { .client_last = rebuts[i][0] };
		coder_code(model, &ctx, rebuts[i][1], &r);
		if (r.primary != CODE_CONF || (r.codes & (CODE_BIT(CODE_SR) | CODE_BIT(CODE_CR))))
			fail_msg("'%s' is %s, not CONF alone", rebuts[i][1], code_name(r.primary));
	}
}

static void test_a_warning_gets_the_arguing_tip_and_advice_the_advice_tip(void **state)
{
	static const char *const warnings[] = {
		"skipping tablets is how people end up with a stroke",
		"scrolling till two every night is going to wreck your health",
		"a bump today could be a child tomorrow",
	};
	static const char *const advice[] = {
		"you should try taking them again for a month",
		"id cut out the weekday ones if i were you",
		"the best thing would be to have a few dry days",
		"maybe just try one a day for a week",
		"you need a proper plan for taking them",
	};
	struct coder_context ctx = { .client_last = "I stopped those tablets. I felt perfectly fine before I started them." };
	struct coded_reply r;
	(void)state;
	for (size_t i = 0; i < sizeof warnings / sizeof *warnings; i++) {
		coder_code(model, &ctx, warnings[i], &r);
		if (r.primary != CODE_PERS)
			fail_msg("'%s' is %s, not PERS", warnings[i], code_name(r.primary));
		if (!strstr(r.tip, "Arguing or warning") || strstr(r.tip, "Unasked-for"))
			fail_msg("'%s' warns, tip: %s", warnings[i], r.tip);
	}
	for (size_t i = 0; i < sizeof advice / sizeof *advice; i++) {
		coder_code(model, &ctx, advice[i], &r);
		if (r.primary != CODE_PERS)
			fail_msg("'%s' is %s, not PERS", advice[i], code_name(r.primary));
		if (!strstr(r.tip, "Unasked-for advice"))
			fail_msg("'%s' advises, tip: %s", advice[i], r.tip);
	}
}

/* Telling the client how to feel persuades (MI-PRIMER), even in the
 * client's own feeling word, and is no reflection of it; leaving a decision
 * to the client, or proposing to work it out together, is MI-consistent. */
static void test_telling_how_to_feel_persuades_and_collaborating_does_not(void **state)
{
	static const struct { const char *client, *reply, *example; } told[] = {
		{ "I feel so guilty about shouting at the kids last night.", "you dont need to feel guilty", "'You feel guilty" },
		{ "I'm nervous about the appointment.", "theres no reason to be nervous", "worrying you" },
		{ "I'm ashamed I relapsed.", "nothing to be ashamed of mate", "'You feel ashamed" },
		{ "Three weeks on the patches and I caved. I'm a failure.", "you dont need to feel like a failure",
		  "down on yourself" },
		{ "Three weeks on the patches and I caved. I'm a failure.", "aw dont beat yourself up", "down on yourself" },
	}, fine[] = {
		{ "I don't have to decide today, do I?", "you dont need to decide anything today" },
		{ "Three weeks on the patches and I caved. I'm a failure.", "you feel like a failure" },
		{ "I dunno what to do.", "how about we work out a plan together" },
		{ "I dunno what to do.", "how about we look at your options together" },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(told); i++) {
		struct coded_reply r = code(told[i].client, told[i].reply);
		if (!r.nonadherent || r.primary != CODE_PERS || has(&r, CODE_SR) || has(&r, CODE_CR))
			fail_msg("'%s': %s (codes %x), want PERS and no reflection", told[i].reply, code_name(r.primary),
				 r.codes);
		if (!strstr(r.tip, "how to feel") || !strstr(r.tip, told[i].example))
			fail_msg("'%s': tip %s, want the example %s", told[i].reply, r.tip, told[i].example);
	}
	for (size_t i = 0; i < ARRAY_SIZE(fine); i++) {
		struct coded_reply r = code(fine[i].client, fine[i].reply);
		if (r.nonadherent)
			fail_msg("'%s': %s, non-adherent", fine[i].reply, code_name(r.primary));
	}
}

/* A statement, then a question after a comma, carries both codes when the
 * question asks by its syntax ("what else helps you"), even where the
 * model alone is unsure there is a question. */
static void test_a_question_after_a_comma_keeps_its_code(void **state)
{
	struct coded_reply r = code("I only smoke when I'm stressed.",
				    "stress is a big trigger for a lot of people, what else helps you when youre stressed");
	(void)state;
	if (!has(&r, CODE_OQ))
		fail_msg("coded %s (codes %x), want OQ among them", code_name(r.primary), r.codes);
}

/* The words quoted for seeking collaboration are the question that seeks
 * it, not the reply's first words ("some people find" earned the advice). */
static void test_seeking_collaboration_quotes_its_question(void **state)
{
	static const char reply[] = "some people find it helps to cut down gradually, would that suit you";
	struct coder_context ctx = { .client_last = "What would you do?", .client_asked = true };
	struct coded_reply r;
	char buf[64];
	(void)state;
	coder_code(model, &ctx, reply, &r);
	if (!has(&r, CODE_SEEK) || !cue_text(&r, reply, CODE_SEEK, buf, sizeof buf) || !strstr(buf, "would"))
		fail_msg("SEEK %d, quoted '%s'", has(&r, CODE_SEEK), cue_text(&r, reply, CODE_SEEK, buf, sizeof buf) ? buf : "");
}

/* A client's question does not excuse confrontation: arguing, labelling
 * and blaming after "does this go on my records?" are still CONF (MI-PRIMER;
 * the model once learned "the client asked" from the corpus's answers only,
 * and coded every reply after a question as information or PWP). */
static void test_confrontation_after_a_client_question_is_still_nonadherent(void **state)
{
	static const char *const replies[] = {
		"thats a fairy tale and we both know it",
		"no its not everyone else, its you",
	};
	struct coder_context ctx = { .client_last = "Does this go on my records? My dad reads everything.",
				     .client_asked = true };
	struct coded_reply r;
	(void)state;
	for (size_t i = 0; i < sizeof replies / sizeof *replies; i++) {
		coder_code(model, &ctx, replies[i], &r);
		assert_true(r.nonadherent);
		assert_false(has(&r, CODE_GI));
		assert_false(has(&r, CODE_PWP));
	}
}

/* An honest answer to the client's question is information, however much
 * it denies the question's words ("does this go on my records?" -> "nope,
 * your gp wont see any of it"); opening with "no" excuses no dig after it. */
static void test_an_answer_to_the_clients_question_is_not_a_contradiction(void **state)
{
	static const char *const answers[] = {
		"nope, your gp wont see any of it",
		"it wont go on your gp records. the clinic is separate and confidential",
		"no it doesnt go on your gp records, this clinic is seperate",
	};
	static const char *const digs[] = {
		"no, but you should have thought about that before",
		"no, and if youve got nothing to hide it shouldnt matter",
	};
	const char *client = "Before I say anything. Does this go on my records? My dad's with the same GP.";
	struct coder_context ctx = { .client_last = client, .client_asked = client_asks(client) };
	struct coded_reply r;
	(void)state;
	assert_true(ctx.client_asked);
	for (size_t i = 0; i < sizeof answers / sizeof *answers; i++) {
		coder_code(model, &ctx, answers[i], &r);
		if (r.nonadherent)
			fail_msg("'%s' answers the client's question, but is coded %s", answers[i], code_name(r.primary));
	}
	for (size_t i = 0; i < sizeof digs / sizeof *digs; i++) {
		coder_code(model, &ctx, digs[i], &r);
		if (!r.nonadherent)
			fail_msg("'%s' digs after its 'no', but is coded %s", digs[i], code_name(r.primary));
	}
}

/* Permission asked the way people type it, without "is it" or "?"
 * (MI-PRIMER: "ok if i share what other people have tried" is SEEK). */
static void test_typed_permission_without_is_it_seeks_collaboration(void **state)
{
	struct coded_reply r = code("Two years now. It started after I slipped on the stairs at work.",
				    "ok if i share something that has helped other people with knee pain");
	(void)state;
	assert_int_equal(r.primary, CODE_SEEK);
	assert_false(r.nonadherent);
}

/* A closed question that asks leave is SEEK first (SEEK outranks CQ), with
 * its question code beside it, and its tip is the one for SEEK, not "try an
 * open question". */
static void test_a_question_asking_leave_is_seek_first(void **state)
{
	struct coded_reply r = code("I've had enough of being somebody's case.", "is it ok if i tell you a bit about the test");
	(void)state;
	assert_int_equal(r.primary, CODE_SEEK);
	assert_true(has(&r, CODE_CQ));
	assert_null(strstr(r.tip, "open one"));
}

/* Labelling the client confronts, in plain words and however much it is
 * worded like a reflection (MI-PRIMER: labels are CONF); the label's words
 * are quoted. The client's own word, a feeling, someone else's view and a
 * denial of the label are not labels. */
static void test_labelling_the_client_confronts_but_their_own_word_does_not(void **state)
{
	static const char *const labels[] = {
		"youre being stubborn graham", "you are being stubborn", "youre kidding yourself",
		"youre just in denial mate", "youre making excuses again",
		"your kids are worried sick and youre just being stubborn",
		"everyone else has managed it but you are just being lazy",
		"youre a gambler mate", "ur a drunk", "you are such a loser",
	};
	static const char *const not_labels[] = {
		"youre worried people think youre lazy", "youre not lazy, youre exhausted",
		"youre not a failure, youre worn out", "you feel like a failure",
	};
	struct coded_reply r;
	(void)state;
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++) {
		r = code("I've done this job for thirty years.", labels[i]);
		assert_int_equal(r.primary, CODE_CONF);
		assert_true(r.nonadherent);
		assert_false(has(&r, CODE_SR) || has(&r, CODE_CR));
		assert_true(r.ncues > 0);
		assert_int_equal(r.cues[0].code, CODE_CONF);
	}
	r = code("I am stubborn, always have been.", "youre stubborn and proud of it");
	assert_false(r.nonadherent);
	for (size_t i = 0; i < sizeof not_labels / sizeof *not_labels; i++) {
		r = code("I get told I am lazy all the time.", not_labels[i]);
		assert_false(r.nonadherent);
	}
}

/* A tip never asks for what the reply already does (issue 12): an
 * affirmation that goes on to ask is not told to ask, a question that
 * follows a reflection is not told to reflect first, a reflection that names
 * a feeling is not told to add one. Checked on whatever the model codes. */
static void test_tip_never_asks_for_what_the_reply_already_does(void **state)
{
	static const struct {
		const char *client, *prev, *reply;
	} cases[] = {
		{ "I walked to work every day last week.", NULL,
		  "you walked every day, that takes real commitment. how did you manage it" },
		{ "I managed three days without a drink.", NULL, "three days, you did that yourself. what helped" },
		{ "I just feel stuck.", "What brings you in?", "so the kids matter most to you. what would you want for them" },
		{ "I just feel stuck.", "What brings you in?", "you feel stuck. is that right" },
		{ "Everyone keeps on at me.", "How was your week?", "youre fed up with people telling you what to do. who is it mostly" },
		{ "I'm scared of what the scan will show.", NULL, "youre scared of the scan" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct coder_context ctx = { .client_last = cases[i].client, .practitioner_last = cases[i].prev };
		struct coded_reply r;
		bool asks, reflects;
		coder_code(model, &ctx, cases[i].reply, &r);
		asks = has(&r, CODE_OQ) || has(&r, CODE_CQ);
		reflects = has(&r, CODE_SR) || has(&r, CODE_CR);
		if (asks && (strstr(r.tip, "ask how") || strstr(r.tip, "pair it with a question") ||
			     strstr(r.tip, "then ask what")))
			fail_msg("'%s' asks, tip: %s", cases[i].reply, r.tip);
		if (reflects && (strstr(r.tip, "reflection first") || strstr(r.tip, "reflect what you heard before") ||
				 strstr(r.tip, "Try a reflection")))
			fail_msg("'%s' reflects, tip: %s", cases[i].reply, r.tip);
		if (reflects && strstr(cases[i].reply, "scared") && strstr(r.tip, "add a feeling"))
			fail_msg("'%s' names a feeling, tip: %s", cases[i].reply, r.tip);
	}
	/* the checks can fail: the same reply without its question is told to ask */
	{
		struct coded_reply r = code("I walked to work every day last week.",
					    "you walked every day, that takes real commitment");
		if (r.primary == CODE_AF)
			assert_non_null(strstr(r.tip, "ask how"));
	}
}

/* In practice every reply is a practice reply: the gate that tells a typed
 * reply from a demonstration transcript's line (for `micoach code` on
 * transcripts) is not asked. It had read this short argument as a
 * transcript's line, whose rules made it a simple reflection. */
static void test_a_practice_reply_is_never_read_as_a_transcript_line(void **state)
{
	const char *client = "I'm clean. I'd know if I had something.";
	struct coded_reply r = code_as(client, "so what, lots of people have something and dont know it", true);
	(void)state;
	assert_int_equal(r.primary, CODE_CONF);
	assert_true(r.nonadherent);
	r = code_as(client, "you feel pretty sure youd notice if something was wrong", true);
	assert_true(r.primary == CODE_SR || r.primary == CODE_CR);
	assert_false(r.nonadherent);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empathic_guess_is_a_reflection_not_advice),
		cmocka_unit_test(test_reflect_then_ask_typed_carries_both_codes),
		cmocka_unit_test(test_righting_constructions_are_nonadherent_and_quoted),
		cmocka_unit_test(test_advice_after_a_request_is_never_called_unasked),
		cmocka_unit_test(test_confrontation_after_a_client_question_is_still_nonadherent),
		cmocka_unit_test(test_an_answer_to_the_clients_question_is_not_a_contradiction),
		cmocka_unit_test(test_typed_permission_without_is_it_seeks_collaboration),
		cmocka_unit_test(test_a_question_asking_leave_is_seek_first),
		cmocka_unit_test(test_labelling_the_client_confronts_but_their_own_word_does_not),
		cmocka_unit_test(test_code_and_skill_names_round_trip),
		cmocka_unit_test(test_model_version_names_model_and_rules),
		cmocka_unit_test(test_open_question_is_coded_open),
		cmocka_unit_test(test_closed_question_is_coded_closed_with_a_tip_to_open_it),
		cmocka_unit_test(test_how_many_question_is_closed),
		cmocka_unit_test(test_feeling_reflection_is_complex_and_tracks_the_client),
		cmocka_unit_test(test_double_sided_reflection_develops_discrepancy),
		cmocka_unit_test(test_reflection_that_tracks_the_client_rates_higher),
		cmocka_unit_test(test_an_ultimatum_worded_like_a_value_persuades),
		cmocka_unit_test(test_plain_word_verdicts_are_non_adherent),
		cmocka_unit_test(test_confrontation_outranks_question),
		cmocka_unit_test(test_labelling_is_confrontation),
		cmocka_unit_test(test_unasked_advice_is_persuasion_and_nonadherent),
		cmocka_unit_test(test_advice_the_client_asked_for_is_persuasion_with_permission),
		cmocka_unit_test(test_advice_after_a_question_of_fact_is_still_unasked),
		cmocka_unit_test(test_autonomy_is_coded_with_its_words),
		cmocka_unit_test(test_affirmation_of_past_success_supports_self_efficacy),
		cmocka_unit_test(test_permission_question_seeks_collaboration),
		cmocka_unit_test(test_every_code_has_a_cue_inside_the_reply),
		cmocka_unit_test(test_empty_and_invalid_replies_are_other),
		cmocka_unit_test(test_huge_reply_is_coded_in_bounds),
		cmocka_unit_test(test_tip_is_one_line_and_never_empty),
		cmocka_unit_test(test_tip_never_asks_for_what_the_reply_already_does),
		cmocka_unit_test(test_a_warning_gets_the_arguing_tip_and_advice_the_advice_tip),
		cmocka_unit_test(test_advice_after_a_reflection_and_arguing_from_everyone),
		cmocka_unit_test(test_telling_how_to_feel_persuades_and_collaborating_does_not),
		cmocka_unit_test(test_a_question_after_a_comma_keeps_its_code),
		cmocka_unit_test(test_seeking_collaboration_quotes_its_question),
		cmocka_unit_test(test_skills_stay_between_zero_and_four),
		cmocka_unit_test(test_cue_rules_alone_code_without_a_model),
		cmocka_unit_test(test_theme_words_raise_discrepancy),
		cmocka_unit_test(test_missing_model_is_noinput),
		cmocka_unit_test(test_a_mapped_model_codes_as_a_copied_one),
		cmocka_unit_test(test_damaged_model_fails_its_checksum),
		cmocka_unit_test(test_truncated_model_is_refused),
		cmocka_unit_test(test_not_a_model_is_refused_with_its_place),
		cmocka_unit_test(test_advice_with_an_adverb_is_persuasion),
		cmocka_unit_test(test_warnings_are_nonadherent),
		cmocka_unit_test(test_reported_speech_is_a_reflection_not_a_confrontation),
		cmocka_unit_test(test_practitioners_own_view_still_persuades),
		cmocka_unit_test(test_asking_permission_is_seeking_collaboration_first),
		cmocka_unit_test(test_suggestion_worded_as_a_question_is_persuasion),
		cmocka_unit_test(test_affirm_outranks_a_simple_reflection),
		cmocka_unit_test(test_fact_about_the_world_is_information),
		cmocka_unit_test(test_a_practice_reply_is_never_read_as_a_transcript_line),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
