/* Unit tests of the session record (core/session.c), the coder's context
 * (core/context.c, core/client_asks.c), and the record's one writer and one
 * reader (io/session_write.c, core/session_read.c): one session saved in the
 * store and carried through `show --json`, `export`, a result file and a
 * recovery file reads back the same every time. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/review.h"
#include "core/client_asks.h"
#include "core/client_talk.h"
#include "core/context.h"
#include "core/json.h"
#include "core/session.h"
#include "core/session_read.h"
#include "core/session_talk.h"
#include "core/util.h"
#include "io/recovery.h"
#include "io/results.h"
#include "io/session_write.h"
#include "store/store.h"
#include "store/store_recovered.h"
#include "yaml/pack_load.h"
#include "helpers.h"

TEST_TMPDIR_GROUP("session")

/* --- The client asks ------------------------------------------------------------- */

static void test_a_line_asking_for_a_view_advice_or_information_asks(void **state)
{
	static const char *const asking[] = {
		"What do you think I should do?",
		"so what would you do then",
		"any tips",
		"Any tips?",
		"is there anything that helps",
		"I've tried everything. What do you think I should do?",
		"Honestly, doctor, what would you suggest?",
		"What do you think?",
		"So how do I stop, then",
		"Should I just cut down?",
		"Do you have any advice for weekends?",
		"Can you tell me how many units are in a pint?",
		"Well what\xe2\x80\x99s the best way to cut down?",
		"are you going to ring my mum",
		"Are you gonna tell my probation officer?",
		"does this go on my record",
		"Will you tell the school?",
		"so what happens now",
		"Do I have to take them every day?",
		"is it true you can get addicted to these",
		"what will happen if i stop taking them",
		"how long do i have to keep doing this",
		"Can I still have a drink on these tablets?",
		"OK, but does it, though? Go on my records?",
		"What even is the test, though? Is it a needle?",
		"How many holes this time? Don't sugar-coat it.",
		"So how bad is it?",
		"Will it help if I take it three times a day?",
		"Alright, say I did want to sort my sleep. What would you actually do?",
		"Go on then, what's the easiest way? I'm rubbish with that string stuff.",
		"which is better, floss or those little brushes",
		"What do other people do, the ones who actually keep it off.",
		"Be honest with me, do I have to pack it in altogether or can I just cut down?",
		"Would you tell Jess, honestly? If you were me. Seven grand out of the deposit.",
		"What else is there, apart from those same tablets?",
		"Right, say I did have a go. How would you learn it, if you were me?",
		"if i did want to stop whats the easiest way",
		"if i do take something, how do i make it safer",
		"Just tell me what I need to do to keep my job.",
		"What's the point of learning it now? Would you bother, in my shoes?",
		"What am I supposed to say to him, I haven't got the money.",
		"Which one should I try then, the tablets again or the vape?",
		"What else is there to do round here, you tell me.",
		"Six months clean and I still think about it every day. What got you through it?",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(asking); i++)
		if (!client_asks(asking[i]))
			fail_msg("'%s' should ask", asking[i]);
}

static void test_a_line_that_only_mentions_advice_does_not_ask(void **state)
{
	static const char *const telling[] = {
		"I don't need any tips from you.",
		"Why should I stop?",
		"What do you think you're doing?",
		"I drink too much.",
		"Everyone tells me what I should do.",
		"Nobody asked what would help.",
		"You're going to tell me to stop, aren't you.",
		"My mum says I have to stop.",
		"I don't know what will happen.",
		"They told me it is true what they say about the tablets.",
		"Nobody will tell me what happens next.",
		"does it matter",
		"Is it any of your business?",
		"is there any point?",
		"how many times do i have to say it",
		"How many times do I have to tell you?",
		"how bad can it be",
		"What would you know about it?",
		"what would you know, youve never been skint",
		"Nobody tells me what other people do.",
		"They never ask what I am supposed to feel.",
		"",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(telling); i++)
		if (client_asks(telling[i]))
			fail_msg("'%s' should not ask", telling[i]);
	assert_false(client_asks(NULL));
}

/* What the client asks: advice (what to do, what the practitioner thinks or
 * would do), against a fact, what the practitioner will do, or what
 * happens next, after which advice is still unasked for. */
static void test_a_question_of_fact_is_told_from_a_request_for_advice(void **state)
{
	static const char *const advice[] = {
		"What do you think I should do?",
		"so what would you do then",
		"Is it bad? What should I do?",
		"Would it help if I cut down to weekends?",
		"whats the easiest way to stop",
		"Would you tell Jess, honestly? If you were me.",
		"Which one should I try then, the tablets again or the vape?",
		"Is that my fault, do you think?",
		"do i have to pack it in altogether or can i just cut down",
	};
	static const char *const fact[] = {
		"Is it safe to smoke it instead?",
		"Does this go on my file?",
		"What happens now?",
		"Is it true you lose your licence for longer the second time?",
		"How many holes this time?",
		"Are you going to ring my mum?",
		"Can I still pass the year, or is it too late?",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(advice); i++)
		if (client_asks_kind(advice[i]) != ASK_ADVICE)
			fail_msg("'%s' should ask for advice", advice[i]);
	for (size_t i = 0; i < ARRAY_SIZE(fact); i++)
		if (client_asks_kind(fact[i]) != ASK_FACT)
			fail_msg("'%s' should ask for a fact only", fact[i]);
	assert_int_equal(client_asks_kind("I drink too much."), ASK_NONE);
	assert_int_equal(client_asks_kind(NULL), ASK_NONE);
}

/* --- The coder's context ------------------------------------------------------------ */

static void test_turn_context_has_the_scenario_then_the_node_themes(void **state)
{
	struct pack *p = test_pack_from_text("asking.yaml", test_asking_scenario());
	const struct scenario *s = p->scenarios[0];
	struct turn_context tc;

	(void)state;
	turn_context(&tc, s, scenario_find_node(s, "opening"), "What do you think I should do?", "Hello.");
	assert_int_equal(tc.ctx.nthemes, 3);
	assert_string_equal(tc.ctx.themes[0], "drink");
	assert_string_equal(tc.ctx.themes[1], "weekend");
	assert_string_equal(tc.ctx.themes[2], "liver");
	assert_string_equal(tc.ctx.client_last, "What do you think I should do?");
	assert_string_equal(tc.ctx.practitioner_last, "Hello.");
	assert_true(tc.ctx.client_asked);
	assert_false(tc.ctx.client_asked_fact_only);
	turn_context(&tc, s, scenario_find_node(s, "opening"), "Does this go on my file?", "Hello.");
	assert_true(tc.ctx.client_asked);
	assert_true(tc.ctx.client_asked_fact_only);
	/* Outside a scenario (a transcript): no themes, the same question. */
	turn_context(&tc, NULL, -1, "I drink too much.", NULL);
	assert_int_equal(tc.ctx.nthemes, 0);
	assert_false(tc.ctx.client_asked);
	assert_null(tc.ctx.practitioner_last);
	pack_free(p);
}

static void test_turn_context_keeps_at_most_one_cap_of_themes(void **state)
{
	struct strbuf sb = {0};
	struct pack *p;
	struct turn_context tc;

	(void)state;
	strbuf_adds(&sb, "id: many\ntitle: \"Many\"\ndifficulty: 1\nstage: contemplation\nthemes: [");
	for (int i = 0; i < TURN_THEMES_MAX + 10; i++)
		strbuf_addf(&sb, "%st%d", i ? ", " : "", i);
	strbuf_adds(&sb, "]\nmeters:\n  resistance: {min: 0, max: 10, start: 5, good: low}\n"
		    "start: a\nturn_limit: 5\nnodes:\n  a:\n    themes: [node-theme]\n"
		    "    say: [\"Hm.\"]\n    responses:\n      - fallback: true\n        goto: a\n"
		    "endings:\n  time: {kind: limit, say: \"Time.\"}\n");
	p = test_pack_from_text("many.yaml", sb.buf);
	turn_context(&tc, p->scenarios[0], 0, "Hm.", NULL);
	assert_int_equal(tc.ctx.nthemes, TURN_THEMES_MAX);
	assert_string_equal(tc.ctx.themes[TURN_THEMES_MAX - 1], "t63");
	pack_free(p);
	strbuf_release(&sb);
}

/* --- The record ------------------------------------------------------------------------ */

static void test_a_built_session_owns_everything_and_releases_it(void **state)
{
	struct session s;
	struct summary sum;
	struct attempt a;

	(void)state;
	test_session_sample(&s);
	assert_int_equal(s.nturns, 3);
	assert_int_equal(s.turns[2].index, 3);
	assert_int_equal(s.turns[0].nmeters, 2);
	assert_string_equal(s.turns[1].meter_ids[1], "rapport");
	session_summary(&s, &sum);
	assert_int_equal(sum.replies, 3);
	session_attempt(&s, &a);
	assert_int_equal(a.codes, CODE_BIT(CODE_CR) | CODE_BIT(CODE_OQ) | CODE_BIT(CODE_AF));
	assert_string_equal(a.outcome, "quit");
	session_release(&s);
	assert_int_equal(s.nturns, 0);
	assert_null(s.turns);
	session_release(&s); /* a released session is empty, and releases again */
}

/* A session of three replies after a client who opens with change talk:
 * reflected (1), then argued with (2: missed), then asked about (3). */
static void talk_session(struct session *s)
{
	static const struct {
		enum mi_code code;
		const char *reply;
		const char *line;
		enum client_talk talk;
		enum talk_kind kind;
	} turns[] = {
		{ CODE_SR, "You'd like to walk again.", "Maybe round the block.", TALK_CHANGE, KIND_ABILITY },
		{ CODE_PERS, "You should walk every day.", "Easy for you to say.", TALK_SUSTAIN, KIND_NONE },
		{ CODE_OQ, "What would help?", "I don't know.", TALK_NEUTRAL, KIND_NONE },
	};

	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < ARRAY_SIZE(turns); i++) {
		struct session_turn *t = session_turn_add(s);
		struct coded_reply cr;
		test_coded(&cr, turns[i].code, 0, 2);
		test_turn(t, (int)i + 1, "n", i ? turns[i - 1].line : "I miss walking the dog.", turns[i].reply, &cr, "n",
			  turns[i].line, NULL);
		if (!i)
			session_turn_add_line(t, true, "I miss walking the dog.", TALK_CHANGE, KIND_DESIRE, "I really do.");
		session_turn_add_line(t, false, turns[i].line, turns[i].talk, turns[i].kind, NULL);
	}
}

static void test_the_talk_of_a_session_comes_from_its_lines_labels(void **state)
{
	struct session s, none = {0};
	struct talk_summary ts;
	struct session_turn copy;

	(void)state;
	talk_session(&s);
	assert_true(session_has_talk(&s));
	session_talk_stored(&s, &ts);
	/* The opening is not evoked: one change and one sustain after replies. */
	assert_int_equal(ts.change, 1);
	assert_int_equal(ts.change_kind[KIND_ABILITY], 1);
	assert_int_equal(ts.sustain, 1);
	assert_int_equal(ts.neutral, 1);
	assert_true(ts.ratio > 0.99 && ts.ratio < 1.01);
	/* The opening's change talk was reflected; the next was argued with. */
	assert_int_equal(ts.after_change, 2);
	assert_int_equal(ts.missed, 1);
	assert_int_equal(ts.missed_turn[0], 2);
	talk_summary_release(&ts);
	assert_string_equal(session_lines_thought(s.turns[0].opening, s.turns[0].nopening), "I really do.");
	assert_null(session_lines_thought(s.turns[1].lines, s.turns[1].nlines));

	session_turn_copy(&copy, &s.turns[0]);
	assert_int_equal(copy.nopening, 1);
	assert_int_equal(copy.nlines, 1);
	assert_int_equal(copy.lines[0].talk, TALK_CHANGE);
	assert_string_equal(copy.opening[0].thought, "I really do.");
	session_turn_release(&copy);

	/* Unlabelled lines (format 1) and no lines at all (older records): no talk. */
	for (size_t i = 0; i < s.nturns; i++) {
		for (size_t k = 0; k < s.turns[i].nlines; k++)
			s.turns[i].lines[k].talk = TALK_UNLABELLED;
		for (size_t k = 0; k < s.turns[i].nopening; k++)
			s.turns[i].opening[k].talk = TALK_UNLABELLED;
	}
	assert_false(session_has_talk(&s));
	assert_false(session_has_talk(&none));
	session_talk_stored(&none, &ts);
	assert_int_equal(ts.change + ts.sustain + ts.after_change, 0);
	talk_summary_release(&ts);
	session_release(&s);
}

static void test_the_reports_talk_uses_the_stored_labels_without_the_scenario(void **state)
{
	struct session s, old;
	struct talk_summary ts;

	(void)state;
	talk_session(&s);
	assert_int_equal(session_talk(NULL, &s, &ts), SESSION_TALK_OK);
	assert_int_equal(ts.change, 1);
	assert_int_equal(ts.missed, 1);
	assert_int_equal(ts.missed_turn[0], 2);
	talk_summary_release(&ts);
	/* A record without its lines, and no scenario to replay it on. */
	talk_session(&old);
	for (size_t i = 0; i < old.nturns; i++) {
		struct session_turn *t = &old.turns[i];
		for (size_t k = 0; k < t->nlines; k++)
			t->lines[k].talk = TALK_UNLABELLED;
		for (size_t k = 0; k < t->nopening; k++)
			t->opening[k].talk = TALK_UNLABELLED;
	}
	assert_int_equal(session_talk(NULL, &old, &ts), SESSION_TALK_UNLABELLED);
	session_release(&old);
	session_release(&s);
}

static void test_uids_outcomes_modes_and_ids_are_checked(void **state)
{
	(void)state;
	assert_true(session_uid_valid("0123456789abcdef0123456789abcdef"));
	assert_false(session_uid_valid("0123456789ABCDEF0123456789abcdef"));
	assert_false(session_uid_valid("0123"));
	assert_false(session_uid_valid(NULL));
	assert_true(session_outcome_valid("interrupted"));
	assert_false(session_outcome_valid("won"));
	assert_true(session_mode_valid("exam"));
	assert_false(session_mode_valid("test"));
	assert_int_equal(session_id_parse("12"), 12);
	assert_int_equal(session_id_parse("x"), -1);
}

/* --- One writer, one reader, every format ------------------------------------------------ */

/* The canonical JSON of s (header and turns; notes with NOTES). */
static char *canonical(const struct session *s, unsigned flags)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;

	assert_non_null(f);
	json_init(&j, f, true);
	session_json_write(&j, s, flags);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void assert_same(const struct session *a, const struct session *b, unsigned flags, const char *what)
{
	char *x = canonical(a, flags), *y = canonical(b, flags);

	if (strcmp(x, y))
		fail_msg("%s differs:\n--- expected\n%s\n--- got\n%s", what, x, y);
	free(x);
	free(y);
}

/* What write(j) writes, parsed. */
static struct json_value *written(void (*write)(struct json *, const struct session *), const struct session *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json_value *v = NULL;
	struct error err = {0};
	struct json j;

	assert_non_null(f);
	json_init(&j, f, true);
	write(&j, s);
	assert_int_equal(fclose(f), 0);
	if (json_parse(buf, len, "doc.json", &v, &err))
		fail_msg("%s", err.msg);
	free(buf);
	return v;
}

static void read_ok(int rc, const struct error *err)
{
	if (rc)
		fail_msg("%s", err->msg);
}

/* The session in the store: saved as a recovered one (header, turns,
 * outcome and end as the record has them), with a note; loaded back. */
static int64_t stored(struct store *st, const struct session *s, struct session *back)
{
	struct error err = {0};
	int64_t id;
	int added;
	bool created;

	read_ok(store_recover_session(st, s, &id, &added, &created, &err), &err);
	assert_true(created);
	assert_int_equal(added, 3);
	read_ok(store_add_note(st, id, 0, "lee", "Well held; let the pause sit.", NULL, &err), &err);
	read_ok(store_load_session(st, id, back, &err), &err);
	return id;
}

static void test_one_session_reads_back_the_same_through_every_format(void **state)
{
	char *db = test_path(tmpdir, "formats.db");
	struct store *st = test_store_open(db);
	struct session sample, loaded, back;
	struct error err = {0};
	struct json_reader R = { .file = "doc.json", .err = &err };
	struct json_value *v;
	int64_t id;

	(void)state;
	test_session_sample(&sample);
	id = stored(st, &sample, &loaded);

	/* The store: what was saved is what loads, row id aside. */
	assert_int_equal(loaded.info.id, id);
	loaded.info.id = 0;
	assert_same(&sample, &loaded, SESSION_JSON_TURNS, "the stored session");
	loaded.info.id = id;
	assert_int_equal(loaded.nnotes, 1);

	/* show --json: the header, its turns and notes, read by the same reader. */
	v = written(review_show_json, &loaded);
	read_ok(session_read(&R, json_member(v, "session"), 0, &back), &err);
	assert_int_equal(back.info.turns, 3);
	read_ok(session_read_turns(&R, json_member(v, "turns"), &back), &err);
	read_ok(session_read_notes(&R, json_member(v, "notes"), 0, &back), &err);
	assert_same(&loaded, &back, SESSION_JSON_TURNS | SESSION_JSON_NOTES, "show --json");
	session_release(&back);
	json_value_free(v);

	/* export --format json: one element of "sessions". */
	v = written(review_export_session_json, &loaded);
	read_ok(session_read(&R, v, 0, &back), &err);
	assert_same(&loaded, &back, SESSION_JSON_TURNS, "export");
	session_release(&back);
	json_value_free(v);

	/* A recovery file. */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct recovery rec;
	read_ok(recovery_write(f, &loaded, db, "the database is locked", NULL, &err), &err);
	fclose(f);
	read_ok(recovery_read(buf, len, "r.json", &rec, &err), &err);
	assert_int_equal(rec.version, RECOVERY_FORMAT_VERSION);
	assert_same(&loaded, &rec.session, SESSION_JSON_TURNS, "a recovery file");
	recovery_release(&rec);
	free(buf);

	/* A result file, with the session's notes. */
	struct results r = { .kind = RESULTS_SESSIONS, .has_assignment = true }, rr;
	r.from = xstrdup(loaded.info.user);
	r.exported = xstrdup("2026-11-27T10:00:00Z");
	r.assignment.id = xstrdup("week3");
	r.assignment.pack_id = xstrdup("primary-care");
	r.assignment.pack_version = xstrdup("1.0.0");
	pass_rules_init(&r.assignment.pass);
	read_ok(assignment_set_scenarios(&r.assignment, "alcohol-gp", &err), &err);
	r.sessions = xcalloc(1, sizeof *r.sessions);
	r.nsessions = 1;
	read_ok(store_load_session(st, id, &r.sessions[0], &err), &err);
	buf = NULL;
	f = open_memstream(&buf, &len);
	read_ok(results_write(f, &r, &err), &err);
	fclose(f);
	read_ok(results_read(buf, len, "alice.json", &rr, &err), &err);
	assert_int_equal(rr.version, RESULTS_FORMAT_VERSION);
	assert_int_equal(rr.nsessions, 1);
	assert_same(&loaded, &rr.sessions[0], SESSION_JSON_TURNS | SESSION_JSON_NOTES, "a result file");
	results_release(&rr);
	results_release(&r);
	free(buf);

	session_release(&loaded);
	session_release(&sample);
	store_close(st);
	free(db);
}

static void test_a_reader_ignores_members_it_does_not_know(void **state)
{
	/* A newer writer may add members anywhere (a turn's "talk"); an older
	 * one wrote no client lines. */
	static const char doc[] =
		"{\"uid\": \"0123456789abcdef0123456789abcdef\", \"user\": \"pat\", \"scenario\": \"s\","
		" \"pack\": \"p\", \"pack_version\": \"1\", \"coder_version\": \"c\", \"seed\": 1,"
		" \"mode\": \"coach\", \"started\": \"2026-11-25T19:30:00Z\", \"later\": {\"x\": [1]},"
		" \"turns\": [{\"turn\": 1, \"client\": \"Hm.\", \"reply\": \"You feel sent.\","
		" \"primary\": \"CR\", \"codes\": [\"CR\"], \"skills\": {\"empathy\": 3, \"reflection\": 3,"
		" \"discrepancy\": 0, \"self_efficacy\": 0}, \"nonadherent\": false, \"cues\": [],"
		" \"tip\": \"Good.\", \"at\": \"2026-11-25T19:31:00Z\", \"talk\": \"sustain\","
		" \"thought\": \"Here we go.\"}]}";
	struct json_value *v = NULL;
	struct error err = {0};
	struct json_reader R = { .file = "new.json", .err = &err };
	struct session s;

	(void)state;
	read_ok(json_parse(doc, strlen(doc), "new.json", &v, &err), &err);
	read_ok(session_read(&R, v, SESSION_READ_USER, &s), &err);
	assert_int_equal(s.nturns, 1);
	assert_null(s.turns[0].node_id);
	assert_int_equal(s.turns[0].nmeters, 0);
	assert_int_equal(s.turns[0].nlines, 0);
	assert_int_equal(s.turns[0].nopening, 0);
	assert_string_equal(s.turns[0].thought, "Here we go.");
	assert_false(s.info.has_scores);
	assert_null(s.info.outcome);
	session_release(&s);
	json_value_free(v);
}

static void test_a_bad_member_is_refused_where_it_stands(void **state)
{
	static const char doc[] =
		"{\"uid\": \"0123456789abcdef0123456789abcdef\", \"user\": \"pat\", \"scenario\": \"s\",\n"
		" \"pack\": \"p\", \"pack_version\": \"1\", \"coder_version\": \"c\", \"seed\": -1,\n"
		" \"mode\": \"coach\", \"started\": \"2026-11-25T19:30:00Z\", \"turns\": []}";
	struct json_value *v = NULL;
	struct error err = {0};
	struct json_reader R = { .file = "bad.json", .err = &err };
	struct session s;

	(void)state;
	read_ok(json_parse(doc, strlen(doc), "bad.json", &v, &err), &err);
	assert_int_equal(session_read(&R, v, 0, &s), -1);
	assert_int_equal(err.status, EXIT_DATAERR);
	assert_non_null(strstr(err.msg, "bad.json:2:"));
	assert_non_null(strstr(err.msg, "'seed' should be a whole number"));
	session_release(&s);
	json_value_free(v);
}

/* A turn of one session whose last member is extra (a client line, a list
 * of them...), read; returns the reader's status with the message in err. */
static int read_turn_with(const char *extra, int turn, struct error *err)
{
	struct strbuf doc = {0};
	struct json_value *v = NULL;
	struct json_reader R = { .file = "t.json", .err = err };
	struct session s;
	int rc;

	strbuf_adds(&doc, "{\"uid\": \"0123456789abcdef0123456789abcdef\", \"scenario\": \"s\", \"pack\": \"p\","
		    " \"pack_version\": \"1\", \"coder_version\": \"c\", \"seed\": 1, \"mode\": \"coach\","
		    " \"started\": \"2026-11-25T19:30:00Z\", \"turns\": [");
	for (int i = 1; i <= turn; i++)
		strbuf_addf(&doc, "%s{\"turn\": %d, \"client\": \"Hm.\", \"reply\": \"You feel sent.\","
			    " \"primary\": \"CR\", \"codes\": [\"CR\"], \"skills\": {\"empathy\": 3,"
			    " \"reflection\": 3, \"discrepancy\": 0, \"self_efficacy\": 0}, \"nonadherent\": false,"
			    " \"cues\": [], \"tip\": \"Good.\", \"at\": \"2026-11-25T19:31:00Z\"%s%s}",
			    i > 1 ? ", " : "", i, i == turn ? ", " : "", i == turn ? extra : "");
	strbuf_adds(&doc, "]}");
	if (json_parse(doc.buf, doc.len, "t.json", &v, err))
		fail_msg("%s", err->msg);
	rc = session_read(&R, v, 0, &s);
	if (!rc) {
		struct session_turn *t = &s.turns[s.nturns - 1];
		assert_true(t->nlines + t->nopening > 0);
	}
	session_release(&s);
	json_value_free(v);
	strbuf_release(&doc);
	return rc;
}

static void test_client_lines_with_bad_labels_are_refused_where_they_stand(void **state)
{
	static const struct {
		const char *extra;
		int turn;
		const char *msg;
	} bad[] = {
		{ "\"client_next_lines\": [{\"text\": \"Hm.\", \"talk\": \"changey\"}]", 1,
		  "'talk' should be change, sustain or neutral" },
		{ "\"client_next_lines\": [{\"text\": \"Hm.\", \"talk\": \"change\", \"kind\": \"wish\"}]", 1,
		  "'kind' should be desire, ability" },
		{ "\"client_next_lines\": [{\"text\": \"Hm.\", \"talk\": \"neutral\", \"kind\": \"desire\"}]", 1,
		  "'kind' goes only with change or sustain talk" },
		{ "\"client_next_lines\": [{\"talk\": \"neutral\"}]", 1, "'text'" },
		{ "\"client_next_lines\": [\"Hm.\"]", 1, "a client line should be an object" },
		{ "\"client_next_lines\": {\"text\": \"Hm.\"}", 1, "'client_next_lines'" },
		{ "\"opening_lines\": [{\"text\": \"Hm.\"}]", 2, "'opening_lines' belongs to the first turn only" },
		{ "\"thought\": 3", 1, "'thought'" },
	};
	struct error err;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&err, 0, sizeof err);
		if (read_turn_with(bad[i].extra, bad[i].turn, &err) != -1)
			fail_msg("%s: read", bad[i].extra);
		if (!strstr(err.msg, bad[i].msg) || !strstr(err.msg, "t.json:1:"))
			fail_msg("%s: '%s' does not say '%s' where", bad[i].extra, err.msg, bad[i].msg);
	}
	/* Labels may be null or missing; a line of its own is read. */
	memset(&err, 0, sizeof err);
	read_ok(read_turn_with("\"client_next_lines\": [{\"text\": \"Hm.\", \"talk\": null, \"kind\": null,"
			       " \"thought\": null}, {\"text\": \"Yes.\", \"talk\": \"change\", \"kind\": \"need\"}]",
			       1, &err), &err);
	/* At most SESSION_LINES_MAX lines a turn. */
	struct strbuf many = {0};
	strbuf_adds(&many, "\"client_next_lines\": [");
	for (int i = 0; i <= SESSION_LINES_MAX; i++)
		strbuf_addf(&many, "%s{\"text\": \"Hm.\"}", i ? ", " : "");
	strbuf_adds(&many, "]");
	memset(&err, 0, sizeof err);
	assert_int_equal(read_turn_with(many.buf, 1, &err), -1);
	assert_non_null(strstr(err.msg, "too many client lines"));
	strbuf_release(&many);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_line_asking_for_a_view_advice_or_information_asks),
		cmocka_unit_test(test_a_line_that_only_mentions_advice_does_not_ask),
		cmocka_unit_test(test_a_question_of_fact_is_told_from_a_request_for_advice),
		cmocka_unit_test(test_turn_context_has_the_scenario_then_the_node_themes),
		cmocka_unit_test(test_turn_context_keeps_at_most_one_cap_of_themes),
		cmocka_unit_test(test_a_built_session_owns_everything_and_releases_it),
		cmocka_unit_test(test_the_talk_of_a_session_comes_from_its_lines_labels),
		cmocka_unit_test(test_the_reports_talk_uses_the_stored_labels_without_the_scenario),
		cmocka_unit_test(test_uids_outcomes_modes_and_ids_are_checked),
		cmocka_unit_test(test_one_session_reads_back_the_same_through_every_format),
		cmocka_unit_test(test_a_reader_ignores_members_it_does_not_know),
		cmocka_unit_test(test_a_bad_member_is_refused_where_it_stands),
		cmocka_unit_test(test_client_lines_with_bad_labels_are_refused_where_they_stand),
	};
	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
