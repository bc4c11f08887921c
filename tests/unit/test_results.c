/* Unit tests of sha256.c and results.c: the checksum, and result files that
 * read back whole, while damaged, edited or truncated ones are refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "io/file.h"
#include "io/results.h"
#include "core/sha256.h"
#include "core/util.h"

static void test_sha256_matches_the_fips_180_vectors(void **state)
{
	char hex[SHA256_HEX];
	(void)state;
	sha256_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha256_hex(two, strlen(two), hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_sha256_in_pieces_equals_sha256_at_once(void **state)
{
	unsigned char a[SHA256_DIGEST], b[SHA256_DIGEST];
	char *m = xmalloc(1000000);
	struct sha256 c;
	(void)state;
	memset(m, 'a', 1000000);
	sha256_init(&c);
	for (size_t off = 0; off < 1000000; off += 37)
		sha256_update(&c, m + off, off + 37 <= 1000000 ? 37 : 1000000 - off);
	sha256_final(&c, a);
	sha256_init(&c);
	sha256_update(&c, m, 1000000);
	sha256_final(&c, b);
	assert_memory_equal(a, b, sizeof a);
	/* FIPS 180-2 appendix B.3: one million 'a'. */
	char hex[SHA256_HEX];
	sha256_hex(m, 1000000, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(m);
}

/* A result file with one session of two turns, as `export --assignment`
 * makes; edit (NULL: none) changes it before it is written. */
static char *sample_edited(size_t *len, void (*edit)(struct results *))
{
	struct results r = { .kind = RESULTS_SESSIONS, .from = xstrdup("alice"), .exported = xstrdup("2026-11-25T19:30:00Z"),
			     .has_assignment = true };
	struct error err = {0};
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	r.assignment.id = xstrdup("week3");
	r.assignment.pack_id = xstrdup("mi-course");
	r.assignment.pack_version = xstrdup("1.0.0");
	assert_int_equal(assignment_set_scenarios(&r.assignment, "course-alcohol", &err), 0);
	assert_int_equal(pass_rules_parse("rq_ratio=1,no_codes=CONF", &r.assignment.pass, &err), 0);
	r.sessions = xcalloc(1, sizeof *r.sessions);
	r.nsessions = 1;
	struct session *ss = &r.sessions[0];
	struct session_info *si = &ss->info;
	si->uid = xstrdup("0123456789abcdef0123456789abcdef");
	si->user = xstrdup("alice");
	si->scenario_id = xstrdup("course-alcohol");
	si->scenario_title = xstrdup("Only a few \"cans\"");
	si->pack_id = xstrdup("mi-course");
	si->pack_version = xstrdup("1.0.0");
	si->coder_version = xstrdup("test");
	si->mode = xstrdup("exam");
	si->started = xstrdup("2026-11-25T19:00:00Z");
	si->ended = xstrdup("2026-11-25T19:10:00Z");
	si->outcome = xstrdup("success");
	si->seed = 7;
	si->has_scores = true;
	si->scores.replies = 2;
	si->scores.skill[SKILL_REFLECTION] = 80;
	si->scores.skill[SKILL_EMPATHY] = 60;
	si->scores.overall = 35; /* (80 + 60 + 2) / 4 */
	si->scores.rq_ratio = -1;
	si->scores.pct_complex = 50;
	si->scores.global_empathy = 4.5;
	for (int i = 0; i < 2; i++) {
		struct session_turn *t = session_turn_add(ss);
		t->node_id = xstrdup("opening");
		t->client_line = xstrdup("I'm only here because the doctor booked it.");
		t->reply = xstrdup(i ? "You're fed up. \xc3\xa9\n" : "You feel sent.");
		t->next_node = xstrdup("label");
		t->client_next = xstrdup("Too right.");
		t->at = xstrdup("2026-11-25T19:01:00Z");
		t->coded.codes = CODE_BIT(CODE_CR) | (i ? CODE_BIT(CODE_AF) : 0);
		t->coded.primary = CODE_CR;
		t->coded.skills[SKILL_EMPATHY] = 3;
		t->coded.ncues = 1;
		t->coded.cues[0].code = CODE_CR;
		t->coded.cues[0].start = 4;
		t->coded.cues[0].len = 4;
		snprintf(t->coded.tip, sizeof t->coded.tip, "Good.");
		session_turn_add_meter(t, "resistance", 5 - i);
	}
	if (edit)
		edit(&r);
	assert_int_equal(results_write(f, &r, &err), 0);
	fclose(f);
	results_release(&r);
	return buf;
}

static char *sample_file(size_t *len)
{
	return sample_edited(len, NULL);
}

static void test_a_result_file_reads_back_whole(void **state)
{
	size_t len;
	char *buf = sample_file(&len);
	struct results r;
	struct error err = {0};
	(void)state;
	if (results_read(buf, len, "alice.json", &r, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(r.kind, RESULTS_SESSIONS);
	assert_string_equal(r.from, "alice");
	assert_string_equal(r.assignment.id, "week3");
	assert_int_equal(r.assignment.pass.no_codes, CODE_BIT(CODE_CONF));
	assert_int_equal(r.nsessions, 1);
	const struct session *ss = &r.sessions[0];
	assert_string_equal(ss->info.scenario_title, "Only a few \"cans\"");
	assert_string_equal(ss->info.user, "alice");
	assert_true(ss->info.scores.rq_ratio < 0);
	assert_true(ss->info.scores.pct_complex == 50);
	assert_int_equal(ss->nturns, 2);
	assert_string_equal(ss->turns[1].reply, "You're fed up. \xc3\xa9\n");
	assert_int_equal(ss->turns[1].coded.codes, CODE_BIT(CODE_CR) | CODE_BIT(CODE_AF));
	assert_int_equal(ss->turns[1].meters[0], 4);
	assert_int_equal(ss->turns[0].coded.cues[0].len, 4);
	struct attempt a;
	session_attempt(ss, &a);
	assert_true(attempt_passes(&r.assignment.pass, &a, NULL));
	results_release(&r);
	free(buf);
}

static void expect_refused(const char *buf, size_t len, const char *want)
{
	struct results r;
	struct error err = {0};

	assert_int_equal(results_read(buf, len, "x.json", &r, &err), -1);
	assert_int_equal(err.status, EXIT_DATAERR);
	if (!strstr(err.msg, want))
		fail_msg("message '%s' lacks '%s'", err.msg, want);
}

static void test_an_edited_result_file_is_refused_as_tampered(void **state)
{
	size_t len;
	char *buf = sample_file(&len);
	(void)state;
	char *at = strstr(buf, "\"overall\": 35");
	assert_non_null(at);
	at[12] = '9'; /* 35 -> 39: a better score */
	expect_refused(buf, len, "checksum mismatch");
	free(buf);
}

static void overall_above_skills(struct results *r)
{
	struct session_scores *sc = &r->sessions[0].info.scores;
	sc->skill[0] = 75, sc->skill[1] = 50, sc->skill[2] = sc->skill[3] = 0;
	sc->overall = 100;
}

static void ends_before_start(struct results *r)
{
	session_set(&r->sessions[0].info.ended, "2026-11-25T18:59:59Z");
}

static void other_scenario(struct results *r)
{
	session_set(&r->sessions[0].info.scenario_id, "not-assigned");
}

static void other_pack(struct results *r)
{
	session_set(&r->sessions[0].info.pack_id, "another-pack");
}

/* A file with a valid checksum (anyone can compute one) whose sessions
 * micoach could not have written is refused, located (issue 14, item 15). */
static void test_a_result_file_that_does_not_add_up_is_refused(void **state)
{
	static const struct {
		void (*edit)(struct results *);
		const char *want;
	} cases[] = {
		{ overall_above_skills, "'overall' is 100, but the mean of the four skill scores is 31" },
		{ ends_before_start, "the session ends (2026-11-25T18:59:59Z) before it starts" },
		{ other_scenario, "a session of mi-course/not-assigned, which assignment 'week3' does not hold" },
		{ other_pack, "a session of another-pack/course-alcohol, which assignment 'week3' does not hold" },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		size_t len;
		char *buf = sample_edited(&len, cases[i].edit);
		expect_refused(buf, len, cases[i].want);
		expect_refused(buf, len, "x.json:");
		free(buf);
	}
	/* An impossible time is no time. */
	size_t len;
	char *buf = sample_file(&len);
	char *at = strstr(buf, "2026-11-25T19:10:00Z");
	assert_non_null(at);
	memcpy(at, "2026-02-30T25:61:61Z", 20);
	struct results r;
	struct error err = {0};
	assert_int_equal(results_read(buf, len, "x.json", &r, &err), -1);
	free(buf);
}

static void test_a_truncated_result_file_is_refused_with_its_place(void **state)
{
	size_t len;
	char *buf = sample_file(&len);
	(void)state;
	expect_refused(buf, len / 2, "truncated");
	expect_refused(buf, len - 3, "x.json:");
	free(buf);
}

static void test_a_result_file_from_a_newer_micoach_is_refused(void **state)
{
	size_t len;
	char *buf = sample_file(&len);
	(void)state;
	char pat[32];
	snprintf(pat, sizeof pat, "\"version\": %d", RESULTS_FORMAT_VERSION);
	char *at = strstr(buf, pat);
	assert_non_null(at);
	at[11] = '9';
	expect_refused(buf, len, "newer micoach");
	free(buf);
}

static void test_other_json_is_not_taken_for_a_result_file(void **state)
{
	(void)state;
	const char *s = "{\"format\": \"micoach-export\", \"version\": 1}";
	expect_refused(s, strlen(s), "not a micoach result file");
	s = "[1, 2]";
	expect_refused(s, strlen(s), "not a micoach result file");
}

static char *read_file(const char *path, size_t *len)
{
	struct error err = {0};
	char *buf;

	if (file_read_capped(path, RESULTS_FILE_MAX, "result file", &buf, len, &err))
		fail_msg("%s", err.msg);
	return buf;
}

/* Result and notes files of format version 1 (scores flat, no "user" in a
 * session), as micoach 0.1 wrote them, still read whole. */
static void test_version_1_result_and_notes_files_still_read(void **state)
{
	size_t len;
	char *buf = read_file("tests/data/v1/results.json", &len);
	struct results r;
	struct error err = {0};
	(void)state;

	if (results_read(buf, len, "results.json", &r, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(r.version, 1);
	assert_int_equal(r.kind, RESULTS_SESSIONS);
	assert_string_equal(r.from, "alice");
	assert_string_equal(r.assignment.id, "week3");
	assert_int_equal(r.nsessions, 2);
	for (size_t i = 0; i < r.nsessions; i++) {
		assert_string_equal(r.sessions[i].info.user, "alice");
		assert_true(r.sessions[i].nturns > 0);
		assert_true(r.sessions[i].turns[0].nmeters > 0);
	}
	assert_true(r.sessions[0].info.has_scores);
	assert_true(r.sessions[0].info.scores.overall > 0);
	assert_true(r.sessions[0].info.scores.global_empathy > 0);
	results_release(&r);
	free(buf);

	buf = read_file("tests/data/v1/notes.json", &len);
	if (results_read(buf, len, "notes.json", &r, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(r.kind, RESULTS_NOTES);
	assert_int_equal(r.nnotes, 1);
	assert_string_equal(r.notes[0].session_uid, "b8f519aa8f7c83bfa420371a8a7cfff8");
	assert_non_null(strstr(r.notes[0].text, "double-sided reflection"));
	results_release(&r);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_matches_the_fips_180_vectors),
		cmocka_unit_test(test_sha256_in_pieces_equals_sha256_at_once),
		cmocka_unit_test(test_a_result_file_reads_back_whole),
		cmocka_unit_test(test_an_edited_result_file_is_refused_as_tampered),
		cmocka_unit_test(test_a_result_file_that_does_not_add_up_is_refused),
		cmocka_unit_test(test_a_truncated_result_file_is_refused_with_its_place),
		cmocka_unit_test(test_a_result_file_from_a_newer_micoach_is_refused),
		cmocka_unit_test(test_other_json_is_not_taken_for_a_result_file),
		cmocka_unit_test(test_version_1_result_and_notes_files_still_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
