/* helpers.h: the fixtures the unit tests share: a private temporary
 * directory, databases in it, a pack loaded from text, and session records
 * built the way practice builds them (every string owned, so
 * session_release frees them). Include it after <cmocka.h>. Everything is
 * static inline: a test links only the modules of the helpers it calls. */
#ifndef MICOACH_TEST_HELPERS_H
#define MICOACH_TEST_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/session.h"
#include "core/util.h"

/* --- A temporary directory ------------------------------------------------------ */

/* Make a fresh directory from tmpl ("/tmp/micoach-NAME-test.XXXXXX",
 * changed in place); 0, or -1 (a setup function's failure). */
static inline int test_tmpdir_make(char *tmpl)
{
	return mkdtemp(tmpl) ? 0 : -1;
}

/* Remove dir and everything in it. */
static inline void test_tmpdir_remove(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(cmd);
}

/* A temporary directory for a whole test file: `static char tmpdir[]` and
 * the cmocka group setup and teardown that make and remove it
 * (cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown)). */
#define TEST_TMPDIR_GROUP(name) \
	static char tmpdir[] = "/tmp/micoach-" name "-test.XXXXXX"; \
	static int tmpdir_setup(void **state) \
	{ \
		(void)state; \
		return test_tmpdir_make(tmpdir); \
	} \
	static int tmpdir_teardown(void **state) \
	{ \
		(void)state; \
		test_tmpdir_remove(tmpdir); \
		return 0; \
	}

/* dir/name, for the caller to free. */
static inline char *test_path(const char *dir, const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

/* Write text to path, whole. */
static inline void test_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* s with the first from replaced by to, in a new string (the caller frees);
 * the test fails when from is not in s. */
static inline char *text_replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	struct strbuf sb = {0};

	if (!at)
		fail_msg("'%s' not in the text", from);
	strbuf_add(&sb, s, (size_t)(at - s));
	strbuf_adds(&sb, to);
	strbuf_adds(&sb, at + strlen(from));
	return strbuf_detach(&sb);
}

/* --- Databases -------------------------------------------------------------------- */

#ifdef MICOACH_STORE_H
/* Open (or create) the database at path, or fail the test. */
static inline struct store *test_store_open(const char *path)
{
	struct store *st = NULL;
	struct error err = {0};

	if (store_open(path, &st, &err))
		fail_msg("store_open(%s): %s", path, err.msg);
	return st;
}
#endif

/* --- Packs ------------------------------------------------------------------------ */

#ifdef MICOACH_PACK_LOAD_H
#include "io/print.h"

/* The pack in text (named name in messages), or fail the test with its
 * diagnostics. pack_free frees it. */
static inline struct pack *test_pack_from_text(const char *name, const char *text)
{
	struct diag_list dl = {0};
	struct pack *p = NULL;

	if (pack_load_buffer(name, text, strlen(text), &p, &dl)) {
		diag_print(&dl, stderr, 0);
		fail_msg("%s does not load", name);
	}
	diag_list_release(&dl);
	return p;
}
#endif

/* A scenario whose client opens by asking for advice ("What do you think I
 * should do?"), with themes of its own (drink, weekend) and of its opening
 * (liver): advice given with permission (PWP) ends it well, advice pressed
 * on the client (PERS) badly. Its own test says which. */
static inline const char *test_asking_scenario(void)
{
	return "id: asking\n"
	       "title: \"Asking\"\n"
	       "difficulty: 1\n"
	       "stage: preparation\n"
	       "themes: [drink, weekend]\n"
	       "meters:\n"
	       "  resistance: {min: 0, max: 10, start: 5, good: low}\n"
	       "start: opening\n"
	       "turn_limit: 5\n"
	       "nodes:\n"
	       "  opening:\n"
	       "    themes: [liver]\n"
	       "    say: [\"What do you think I should do?\"]\n"
	       "    responses:\n"
	       "      - when: {codes: [PWP]}\n"
	       "        goto: helped\n"
	       "      - when: {codes: [PERS]}\n"
	       "        effects: {resistance: +5}\n"
	       "        goto: lectured\n"
	       "      - fallback: true\n"
	       "        goto: opening\n"
	       "endings:\n"
	       "  helped: {kind: success, say: \"I could try that.\"}\n"
	       "  lectured: {kind: failure, say: \"Right. Thanks.\"}\n"
	       "  time: {kind: limit, say: \"Time.\"}\n"
	       "tests:\n"
	       "  - name: \"advice the client asked for is advice with permission\"\n"
	       "    replies: [\"Some people find a dry weekday helps.\"]\n"
	       "    expect: helped\n";
}

/* --- Session records ---------------------------------------------------------------- */

/* A header as practice makes one: user practised scenario (of pack
 * primary-care 1.0.0, coder "coder-1", seed 7, coach mode), started at
 * started (NULL: the store's now). session_info_release frees it. */
static inline void test_session_info(struct session_info *si, const char *user, const char *scenario,
				     const char *started)
{
	memset(si, 0, sizeof *si);
	si->user = xstrdup(user);
	si->scenario_id = xstrdup(scenario);
	si->scenario_title = xstrdup("A title");
	si->pack_id = xstrdup("primary-care");
	si->pack_version = xstrdup("1.0.0");
	si->coder_version = xstrdup("coder-1");
	si->seed = 7;
	si->mode = xstrdup("coach");
	session_set(&si->started, started);
}

/* A coded reply: primary plus codes, every skill at skill, a tip naming
 * the primary. */
static inline void test_coded(struct coded_reply *cr, enum mi_code primary, unsigned codes, int skill)
{
	memset(cr, 0, sizeof *cr);
	cr->primary = primary;
	cr->codes = codes | CODE_BIT(primary);
	for (int k = 0; k < SKILL_COUNT; k++)
		cr->skills[k] = skill;
	snprintf(cr->tip, sizeof cr->tip, "tip for %s", code_name(primary));
}

/* A turn, index, at node answering client, coded as cr, moving to next
 * where the client says client_next; the turn owns copies of everything.
 * at NULL: the store's now. session_turn_release frees it. */
static inline void test_turn(struct session_turn *t, int index, const char *node, const char *client,
			     const char *reply, const struct coded_reply *cr, const char *next,
			     const char *client_next, const char *at)
{
	memset(t, 0, sizeof *t);
	t->index = index;
	session_set(&t->node_id, node);
	session_set(&t->client_line, client);
	session_set(&t->reply, reply);
	t->coded = *cr;
	session_set(&t->next_node, next);
	session_set(&t->client_next, client_next);
	session_set(&t->at, at);
}

/* A whole session of three turns, ended and scored, with a note: what a
 * real one looks like in every format. Its text has quotes, a line break,
 * UTF-8 and an escape character. session_release frees it. */
static inline void test_session_sample(struct session *s)
{
	static const char *const replies[] = {
		"You feel \"singled out\".", "What worries you most?\nTell me.",
		"You stopped smoking on your own, \xc3\xa0 la fois \x1b[31m.",
	};
	struct summary sum;

	memset(s, 0, sizeof *s);
	test_session_info(&s->info, "pat", "alcohol-gp", "2026-11-25T19:30:00Z");
	session_set(&s->info.uid, "0123456789abcdef0123456789abcdef");
	session_set(&s->info.pack_title, "Primary care");
	session_set(&s->info.ended, "2026-11-25T19:39:00Z");
	session_set(&s->info.outcome, "quit");
	s->info.seed = 42;
	for (int i = 0; i < 3; i++) {
		struct session_turn *t = session_turn_add(s);
		struct coded_reply cr;
		char at[32];
		test_coded(&cr, i == 1 ? CODE_OQ : CODE_CR, i == 2 ? CODE_BIT(CODE_AF) : 0, i == 1 ? 1 : 3);
		cr.ncues = 1;
		cr.cues[0] = (struct cue){ cr.primary, 0, 8 };
		snprintf(at, sizeof at, "2026-11-25T19:3%d:00Z", i + 1);
		test_turn(t, i + 1, i ? "the-dog" : "opening", "I have a few cans after work.", replies[i], &cr,
			  "the-dog", "It's my time, isn't it?", at);
		session_turn_add_meter(t, "resistance", 5 - i);
		session_turn_add_meter(t, "rapport", 4 + i);
		/* The client's lines with their labels (format 2): the opening's
		 * in the first turn, a thought on some. */
		if (i == 0)
			session_turn_add_line(t, true, "I have a few cans after work.", TALK_SUSTAIN, KIND_REASON,
					      "They all think the same.");
		session_turn_add_line(t, false, "Hm.", TALK_NEUTRAL, KIND_NONE, NULL);
		session_turn_add_line(t, false, "It's my time, isn't it?", i == 2 ? TALK_CHANGE : TALK_SUSTAIN,
				      i == 2 ? KIND_DESIRE : KIND_NONE, i == 1 ? "She \"gets\" it \x1b[1m." : NULL);
		if (i != 1)
			session_set(&t->thought, i ? "Maybe." : "Here we go.");
	}
	s->info.turns = (int)s->nturns;
	session_summary(s, &sum);
	s->info.has_scores = true;
	session_scores_from_summary(&s->info.scores, &sum);
	struct session_note *n = session_note_add(s);
	n->author = xstrdup("lee");
	n->text = xstrdup("Well held; let the pause sit.");
	n->created = xstrdup("2026-11-26T09:00:00Z");
}

#endif
