/* Unit tests of cohort.c: the cohort report's model: which attempts count,
 * best and pass over those only, statuses, lateness, the roster, the pooled
 * MITI summary and the replies picked for a trainer's eye. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/cohort.h"

/* A reply coded with one code and the same rating on every skill. */
static struct coded_reply coded(enum mi_code code, int rating)
{
	struct coded_reply cr = { .codes = CODE_BIT(code), .primary = code };

	for (int k = 0; k < SKILL_COUNT; k++)
		cr.skills[k] = rating;
	cr.nonadherent = code == CODE_PERS || code == CODE_CONF;
	return cr;
}

/* The fixture: an assignment of two scenarios of mi-course 1.0.0, due
 * 2026-12-04, that asks for success; and room for attempts. */
struct fixture {
	struct assignment a;
	char *scen[2];
	struct coded_reply codes[16][8];
	struct cohort_reply replies[16][8];
	struct cohort_attempt at[16];
	size_t n;
	struct cohort c;
};

static void fixture_init(struct fixture *f)
{
	struct error err = {0};

	memset(f, 0, sizeof *f);
	f->scen[0] = "course-alcohol";
	f->scen[1] = "course-smoking";
	f->a.id = "week3";
	f->a.pack_id = "mi-course";
	f->a.pack_version = "1.0.0";
	f->a.scenarios = f->scen;
	f->a.nscenarios = 2;
	f->a.due = "2026-12-04";
	assert_int_equal(pass_rules_parse("outcome=success", &f->a.pass, &err), 0);
}

/* Add an attempt of n replies, each coded `code` and rated `rating`. */
static struct cohort_attempt *add(struct fixture *f, const char *user, const char *scenario, const char *started,
				  const char *outcome, enum mi_code code, int rating, size_t n)
{
	struct cohort_attempt *at = &f->at[f->n];

	assert_true(f->n < 16 && n <= 8);
	for (size_t i = 0; i < n; i++) {
		f->codes[f->n][i] = coded(code, rating);
		f->replies[f->n][i] = (struct cohort_reply){ .turn = (int)i + 1, .client_line = "I'm fine.",
							     .reply = "You feel fine.", .coded = &f->codes[f->n][i] };
	}
	*at = (struct cohort_attempt){
		.session = (int64_t)f->n + 1, .uid = "0123456789abcdef0123456789abcdef", .user = user,
		.scenario = scenario, .pack_version = "1.0.0", .started = started, .ended = outcome ? started : NULL,
		.outcome = outcome, .replies = f->replies[f->n], .nreplies = n, .hints = -1, .change_talk = -1,
		.missed_change = -1,
	};
	f->n++;
	return at;
}

static void compute(struct fixture *f, const char *const *roster, size_t nroster, const char *today)
{
	struct cohort_input in = { .a = &f->a, .roster = roster, .nroster = nroster, .attempts = f->at,
				   .nattempts = f->n, .today = today };
	cohort_compute(&f->c, &in);
}

static const struct cohort_trainee *trainee(const struct cohort *c, const char *name)
{
	for (size_t i = 0; i < c->ntrainees; i++)
		if (!strcmp(c->trainees[i].name, name))
			return &c->trainees[i];
	fail_msg("no trainee %s", name);
	return NULL;
}

static void test_a_quit_session_never_counts_as_best(void **state)
{
	struct fixture f;
	(void)state;
	fixture_init(&f);
	add(&f, "alice", "course-alcohol", "2026-12-01T10:00:00Z", "success", CODE_CR, 2, 6);
	add(&f, "alice", "course-alcohol", "2026-12-02T10:00:00Z", "quit", CODE_CR, 4, 1);
	compute(&f, NULL, 0, "2026-12-03");
	const struct cohort_trainee *t = trainee(&f.c, "alice");
	assert_int_equal(f.at[1].count, COUNT_QUIT);
	assert_true(f.at[1].overall > f.at[0].overall);
	assert_int_equal(t->best, 0);
	assert_int_equal(f.c.cells[t->first_cell].best, 0);
	assert_int_equal(t->ncounted, 1);
	assert_int_equal(t->nattempts, 2);
	assert_false(f.at[1].passed);
	assert_true(f.at[0].passed);
	cohort_release(&f.c);
}

static void test_an_attempt_on_another_pack_version_neither_counts_nor_passes(void **state)
{
	struct fixture f;
	(void)state;
	fixture_init(&f);
	add(&f, "bob", "course-alcohol", "2026-12-01T10:00:00Z", "success", CODE_CR, 4, 5)->pack_version = "0.9.0";
	add(&f, "bob", "course-alcohol", "2026-12-01T11:00:00Z", "failure", CODE_CQ, 1, 3);
	compute(&f, NULL, 0, "2026-12-03");
	const struct cohort_trainee *t = trainee(&f.c, "bob");
	assert_int_equal(f.at[0].count, COUNT_OTHER_VERSION);
	assert_false(f.at[0].passed);
	assert_false(f.c.cells[t->first_cell].passed);
	assert_int_equal(t->best, 1);
	assert_string_equal(f.c.cells[t->first_cell].why, "outcome failure, not success");
	cohort_release(&f.c);
}

static void test_unfinished_interrupted_and_empty_sessions_do_not_count(void **state)
{
	struct fixture f;
	(void)state;
	fixture_init(&f);
	add(&f, "cy", "course-alcohol", "2026-12-01T10:00:00Z", NULL, CODE_CR, 4, 3);
	add(&f, "cy", "course-alcohol", "2026-12-01T11:00:00Z", "interrupted", CODE_CR, 4, 3);
	add(&f, "cy", "course-alcohol", "2026-12-01T12:00:00Z", "failure", CODE_CR, 4, 0);
	add(&f, "cy", "retired-scenario", "2026-12-01T13:00:00Z", "success", CODE_CR, 4, 3);
	compute(&f, NULL, 0, "2026-12-03");
	assert_int_equal(f.at[0].count, COUNT_UNFINISHED);
	assert_int_equal(f.at[1].count, COUNT_INTERRUPTED);
	assert_int_equal(f.at[2].count, COUNT_NO_REPLIES);
	assert_int_equal(f.at[3].count, COUNT_OTHER_SCENARIO);
	const struct cohort_trainee *t = trainee(&f.c, "cy");
	assert_int_equal(t->ncounted, 0);
	assert_int_equal(t->best, COHORT_NONE);
	assert_int_equal(t->status, STATUS_IN_PROGRESS);
	assert_int_equal(t->skill[0], -1);
	cohort_release(&f.c);
}

static void test_a_roster_trainee_without_sessions_is_not_started_and_overdue_after_the_due_date(void **state)
{
	static const char *const roster[] = { "carol", "alice" };
	struct fixture f;
	(void)state;
	fixture_init(&f);
	add(&f, "alice", "course-alcohol", "2026-12-01T10:00:00Z", "success", CODE_CR, 3, 4);
	add(&f, "zed", "course-alcohol", "2026-12-01T10:00:00Z", "success", CODE_CR, 3, 4);
	compute(&f, roster, 2, "2026-12-06");
	assert_int_equal(f.c.ntrainees, 3);
	assert_string_equal(f.c.trainees[0].name, "alice");
	assert_string_equal(f.c.trainees[1].name, "carol");
	const struct cohort_trainee *carol = trainee(&f.c, "carol");
	assert_int_equal(carol->status, STATUS_NOT_STARTED);
	assert_true(carol->on_roster);
	assert_int_equal(carol->overdue_days, 2);
	assert_null(carol->last_practised);
	assert_false(trainee(&f.c, "zed")->on_roster);
	assert_int_equal(f.c.by_status[STATUS_NOT_STARTED], 1);
	assert_int_equal(f.c.due_in, -2);
	cohort_release(&f.c);
}

static void test_work_after_the_due_date_is_late_by_days_and_work_on_time_is_not(void **state)
{
	struct fixture f;
	(void)state;
	fixture_init(&f);
	/* dave passes both three days late; erin passes one on time, then practises it again late. */
	add(&f, "dave", "course-alcohol", "2026-12-07T09:00:00Z", "success", CODE_CR, 3, 4);
	add(&f, "dave", "course-smoking", "2026-12-05T09:00:00Z", "success", CODE_CR, 3, 4);
	add(&f, "erin", "course-alcohol", "2026-12-04T23:30:00Z", "success", CODE_CR, 3, 4);
	add(&f, "erin", "course-alcohol", "2026-12-09T09:00:00Z", "success", CODE_CR, 4, 4);
	compute(&f, NULL, 0, "2026-12-10");
	const struct cohort_trainee *dave = trainee(&f.c, "dave"), *erin = trainee(&f.c, "erin");
	assert_int_equal(dave->status, STATUS_PASSED);
	assert_int_equal(dave->late_days, 3);
	assert_int_equal(f.c.cells[dave->first_cell + 1].late_days, 1);
	assert_int_equal(f.c.cells[erin->first_cell].late_days, 0);
	assert_int_equal(erin->late_days, 0);
	assert_int_equal(erin->status, STATUS_IN_PROGRESS);
	assert_int_equal(erin->overdue_days, 6);
	assert_int_equal(f.c.late, 1);
	cohort_release(&f.c);
}

static void test_statuses_follow_the_counted_attempts_of_every_scenario(void **state)
{
	struct fixture f;
	(void)state;
	fixture_init(&f);
	add(&f, "p", "course-alcohol", "2026-12-01T10:00:00Z", "success", CODE_CR, 3, 4);
	add(&f, "p", "course-smoking", "2026-12-01T11:00:00Z", "success", CODE_CR, 3, 4);
	add(&f, "s", "course-alcohol", "2026-12-01T10:00:00Z", "success", CODE_CR, 3, 4);
	add(&f, "s", "course-smoking", "2026-12-01T11:00:00Z", "limit", CODE_CR, 3, 4);
	add(&f, "q", "course-alcohol", "2026-12-01T10:00:00Z", "success", CODE_CR, 3, 4);
	add(&f, "q", "course-smoking", "2026-12-01T11:00:00Z", "quit", CODE_CR, 3, 1);
	compute(&f, NULL, 0, "2026-12-02");
	assert_int_equal(trainee(&f.c, "p")->status, STATUS_PASSED);
	assert_int_equal(trainee(&f.c, "s")->status, STATUS_SUBMITTED);
	assert_int_equal(trainee(&f.c, "q")->status, STATUS_IN_PROGRESS);
	assert_int_equal(trainee(&f.c, "p")->passed, 2);
	assert_int_equal(trainee(&f.c, "s")->passed, 1);
	cohort_release(&f.c);
}

static void test_first_last_and_best_are_over_counted_attempts_in_time_order(void **state)
{
	struct fixture f;
	(void)state;
	fixture_init(&f);
	/* Given out of order, as a database might. */
	add(&f, "al", "course-alcohol", "2026-12-03T10:00:00Z", "success", CODE_CR, 2, 4);
	add(&f, "al", "course-alcohol", "2026-12-01T10:00:00Z", "failure", CODE_CR, 1, 4);
	add(&f, "al", "course-alcohol", "2026-12-02T10:00:00Z", "success", CODE_CR, 3, 4);
	add(&f, "al", "course-alcohol", "2026-12-04T10:00:00Z", "quit", CODE_CR, 4, 2);
	compute(&f, NULL, 0, "2026-12-05");
	const struct cohort_trainee *t = trainee(&f.c, "al");
	assert_int_equal(t->first, 1);
	assert_int_equal(t->best, 2);
	assert_int_equal(t->last, 0);
	assert_int_equal(f.at[1].number, 1);
	assert_int_equal(f.at[3].number, 4);
	assert_string_equal(t->last_practised, "2026-12-04T10:00:00Z");
	cohort_release(&f.c);
}

static void test_the_miti_summary_pools_the_counted_sessions(void **state)
{
	struct fixture f;
	(void)state;
	fixture_init(&f);
	add(&f, "m", "course-alcohol", "2026-12-01T10:00:00Z", "success", CODE_CR, 3, 3);
	add(&f, "m", "course-smoking", "2026-12-01T11:00:00Z", "failure", CODE_OQ, 2, 2);
	add(&f, "m", "course-smoking", "2026-12-01T12:00:00Z", "failure", CODE_SR, 2, 1);
	add(&f, "m", "course-smoking", "2026-12-01T13:00:00Z", "quit", CODE_CONF, 0, 5);
	f.at[0].change_talk = 3, f.at[0].missed_change = 1;
	compute(&f, NULL, 0, "2026-12-02");
	const struct miti_pool *m = &trainee(&f.c, "m")->miti;
	assert_int_equal(m->sessions, 3);
	assert_int_equal(m->replies, 6);
	assert_int_equal(m->questions, 2);
	assert_int_equal(m->reflections, 4);
	assert_true(m->rq_ratio > 1.99 && m->rq_ratio < 2.01);
	assert_true(m->pct_complex > 74.9 && m->pct_complex < 75.1);
	assert_int_equal(m->nonadherent, 0);  /* the quit session's confrontations do not count */
	assert_int_equal(m->change_talk, 3);
	assert_int_equal(m->missed_change, 1);
	assert_int_equal(m->hints, -1);
	assert_string_equal(miti_pool_band(m, MITI_RQ), "good");
	assert_string_equal(miti_pool_band(m, MITI_PCT_COMPLEX), "good");
	cohort_release(&f.c);
}

static void test_non_adherent_replies_come_first_among_those_to_look_at(void **state)
{
	struct fixture f;
	(void)state;
	fixture_init(&f);
	struct cohort_attempt *at = add(&f, "w", "course-alcohol", "2026-12-01T10:00:00Z", "failure", CODE_CR, 3, 6);
	f.codes[0][1] = coded(CODE_CQ, 1);
	f.codes[0][4] = coded(CODE_CONF, 2);
	f.codes[0][5] = coded(CODE_OQ, 0);
	compute(&f, NULL, 0, "2026-12-02");
	const struct cohort_trainee *t = trainee(&f.c, "w");
	assert_int_equal(t->nweakest, COHORT_WEAKEST);
	assert_true(t->weakest[0].nonadherent);
	assert_int_equal(at->replies[t->weakest[0].reply].turn, 5);
	assert_int_equal(t->weakest[1].reply, 5);
	assert_int_equal(t->weakest[1].lowest, 0);
	assert_int_equal(t->weakest[2].reply, 1);
	cohort_release(&f.c);
}

static void test_cohort_skills_are_weakest_first_with_the_trainees_below(void **state)
{
	struct fixture f;
	(void)state;
	fixture_init(&f);
	add(&f, "a", "course-alcohol", "2026-12-01T10:00:00Z", "success", CODE_CR, 4, 2);
	add(&f, "b", "course-alcohol", "2026-12-01T10:00:00Z", "success", CODE_CR, 1, 2);
	f.codes[1][0].skills[SKILL_DISCREPANCY] = 0;
	f.codes[1][1].skills[SKILL_DISCREPANCY] = 0;
	compute(&f, NULL, 0, "2026-12-02");
	assert_int_equal(f.c.skills[0].skill, SKILL_DISCREPANCY);
	assert_int_equal(f.c.skills[0].below, 1);
	assert_int_equal(f.c.skills[0].trainees, 2);
	assert_true(f.c.skills[0].mean > 49.9 && f.c.skills[0].mean < 50.1);
	assert_int_equal(trainee(&f.c, "a")->skill[SKILL_EMPATHY], 100);
	assert_int_equal(trainee(&f.c, "b")->skill[SKILL_EMPATHY], 25);
	cohort_release(&f.c);
}

/* A skilled trainee reflects well and also asks permission (SEEK, rated 0 on
 * reflection, since it is no reflection): the permission requests neither lift
 * nor drag the reflection score, which stays that of the reflections; empathy
 * is rated over every reply. */
static void test_a_skill_is_rated_over_the_replies_that_call_for_it(void **state)
{
	struct fixture f;
	(void)state;
	fixture_init(&f);
	add(&f, "a", "course-alcohol", "2026-12-01T10:00:00Z", "success", CODE_CR, 4, 3);
	add(&f, "a", "course-smoking", "2026-12-01T11:00:00Z", "success", CODE_SEEK, 0, 3);
	compute(&f, NULL, 0, "2026-12-02");
	assert_int_equal(trainee(&f.c, "a")->skill[SKILL_REFLECTION], 100);
	assert_int_equal(trainee(&f.c, "a")->skill_rated[SKILL_REFLECTION], 3);
	assert_int_equal(trainee(&f.c, "a")->skill[SKILL_EMPATHY], 50);
	assert_int_equal(trainee(&f.c, "a")->skill_rated[SKILL_EMPATHY], 6);
	cohort_release(&f.c);
}

static void test_days_between_dates_count_leap_years_and_ignore_the_time(void **state)
{
	(void)state;
	assert_int_equal(iso_days_between("2026-12-04", "2026-12-07T09:00:00Z"), 3);
	assert_int_equal(iso_days_between("2028-02-28", "2028-03-01"), 2);
	assert_int_equal(iso_days_between("2027-02-28", "2027-03-01"), 1);
	assert_int_equal(iso_days_between("2026-12-31", "2027-01-01"), 1);
	assert_int_equal(iso_days_between("2026-12-07", "2026-12-04"), -3);
	assert_int_equal(iso_days_between("soon", "2026-12-04"), 0);
	assert_int_equal(iso_days_between(NULL, "2026-12-04"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_quit_session_never_counts_as_best),
		cmocka_unit_test(test_an_attempt_on_another_pack_version_neither_counts_nor_passes),
		cmocka_unit_test(test_unfinished_interrupted_and_empty_sessions_do_not_count),
		cmocka_unit_test(test_a_roster_trainee_without_sessions_is_not_started_and_overdue_after_the_due_date),
		cmocka_unit_test(test_work_after_the_due_date_is_late_by_days_and_work_on_time_is_not),
		cmocka_unit_test(test_statuses_follow_the_counted_attempts_of_every_scenario),
		cmocka_unit_test(test_first_last_and_best_are_over_counted_attempts_in_time_order),
		cmocka_unit_test(test_the_miti_summary_pools_the_counted_sessions),
		cmocka_unit_test(test_non_adherent_replies_come_first_among_those_to_look_at),
		cmocka_unit_test(test_cohort_skills_are_weakest_first_with_the_trainees_below),
		cmocka_unit_test(test_a_skill_is_rated_over_the_replies_that_call_for_it),
		cmocka_unit_test(test_days_between_dates_count_leap_years_and_ignore_the_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
