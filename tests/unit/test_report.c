/* Unit tests of the report's renderers (app/report_text.c, report_html.c):
 * hostile trainee text is HTML-escaped in the HTML and made inert in the
 * text, the HTML loads nothing from outside, and the CSV's assignment
 * column holds the assignment's id. The cohort comes from core/cohort.c
 * over hand-made attempts (no database). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/report.h"

static const char hostile_name[] = "<script>alert(1)</script>\x1b[31m\"&'";
static const char hostile_reply[] = "You <b>feel</b> \"stuck\" & alone\x07 \xff\xfe \xc2\x9b" "2J";

struct fx {
	struct report r;
	char *scen[1];
	struct coded_reply codes[2];
	struct cohort_reply replies[2];
	struct cohort_attempt at[2];
};

static void fx_init(struct fx *f)
{
	struct error err = {0};

	memset(f, 0, sizeof *f);
	f->scen[0] = "course-alcohol";
	f->r.a.id = "week3";
	f->r.a.title = "Week 3 <i>resistance</i>";
	f->r.a.pack_id = "mi-course";
	f->r.a.pack_version = "1.0.0";
	f->r.a.scenarios = f->scen;
	f->r.a.nscenarios = 1;
	f->r.a.due = "2026-12-04";
	assert_int_equal(pass_rules_parse("outcome=success", &f->r.a.pass, &err), 0);
	snprintf(f->r.generated, sizeof f->r.generated, "2026-12-01T10:00:00Z");
	for (int i = 0; i < 2; i++) {
		f->codes[i] = (struct coded_reply){ .codes = CODE_BIT(i ? CODE_CONF : CODE_CR),
						    .primary = i ? CODE_CONF : CODE_CR, .skills = { 2, 2, 1, 1 },
						    .nonadherent = i == 1 };
		f->replies[i] = (struct cohort_reply){ .turn = i + 1, .client_line = "I'm fine </div>",
						       .reply = hostile_reply, .coded = &f->codes[i] };
	}
	f->at[0] = (struct cohort_attempt){ .session = 7, .uid = "0123456789abcdef0123456789abcdef",
					    .user = hostile_name, .scenario = "course-alcohol", .pack_version = "1.0.0",
					    .started = "2026-12-01T09:00:00Z", .ended = "2026-12-01T09:10:00Z",
					    .outcome = "success", .replies = f->replies, .nreplies = 2, .hints = -1,
					    .change_talk = -1, .missed_change = -1 };
	f->at[1] = f->at[0];
	f->at[1].session = 8;
	f->at[1].user = "bob";
	f->at[1].outcome = "quit";
	struct cohort_input in = { .a = &f->r.a, .attempts = f->at, .nattempts = 2, .today = "2026-12-01" };
	cohort_compute(&f->r.cohort, &in);
}

static char *render(struct fx *f, void (*fn)(const struct report *, FILE *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	fn(&f->r, out);
	fclose(out);
	return buf;
}

static void test_html_escapes_every_piece_of_trainee_text(void **state)
{
	struct fx f;
	(void)state;
	fx_init(&f);
	char *html = render(&f, report_render_html);
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<b>feel"));
	assert_null(strstr(html, "<i>resistance"));
	assert_null(strstr(html, "\x1b"));
	assert_null(strstr(html, "\x07"));
	assert_null(strstr(html, "\xc2\x9b"));
	assert_null(strstr(html, "\xff"));
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(html, "You &lt;b&gt;feel&lt;/b&gt; &quot;stuck&quot; &amp; alone"));
	assert_non_null(strstr(html, "I&#39;m fine &lt;/div&gt;"));
	assert_non_null(strstr(html, "data-trainee=\"&lt;script&gt;"));
	free(html);
	cohort_release(&f.r.cohort);
}

static void test_html_is_self_contained_with_a_roster_row_and_a_chart_per_trainee(void **state)
{
	struct fx f;
	size_t rows = 0, charts = 0;
	(void)state;
	fx_init(&f);
	char *html = render(&f, report_render_html);
	assert_non_null(strstr(html, "Content-Security-Policy\" content=\"default-src 'none'"));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<link"));
	assert_null(strstr(html, "src="));
	assert_null(strstr(html, "url("));
	assert_null(strstr(html, "http:"));
	assert_null(strstr(html, "https:"));
	for (const char *p = html; (p = strstr(p, "class=\"trainee-row\"")); p++)
		rows++;
	for (const char *p = html; (p = strstr(p, "<svg class=\"chart skills\"")); p++)
		charts++;
	assert_int_equal(rows, 2);
	assert_int_equal(charts, 2);
	assert_non_null(strstr(html, "@media print"));
	assert_non_null(strstr(html, "0123456789abcdef0123456789abcdef"));
	assert_non_null(strstr(html, "micoach show 7"));
	free(html);
	cohort_release(&f.r.cohort);
}

static void test_text_makes_trainee_text_inert(void **state)
{
	struct fx f;
	(void)state;
	fx_init(&f);
	char *text = render(&f, report_render_text);
	assert_null(strstr(text, "\x1b"));
	assert_null(strstr(text, "\x07"));
	assert_non_null(strstr(text, "not counted: quit after 2 replies"));
	assert_non_null(strstr(text, "uid 0123456789abcdef0123456789abcdef"));
	free(text);
	cohort_release(&f.r.cohort);
}

static void test_csv_names_the_assignment_by_its_id_and_the_best_session_by_uid(void **state)
{
	struct fx f;
	(void)state;
	fx_init(&f);
	char *csv = render(&f, report_render_csv);
	assert_true(!strncmp(csv, "assignment,trainee,", 19));
	assert_non_null(strstr(csv, "\r\nweek3,bob,"));
	assert_non_null(strstr(csv, ",7,0123456789abcdef0123456789abcdef,1.0.0,"));
	free(csv);
	cohort_release(&f.r.cohort);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_escapes_every_piece_of_trainee_text),
		cmocka_unit_test(test_html_is_self_contained_with_a_roster_row_and_a_chart_per_trainee),
		cmocka_unit_test(test_text_makes_trainee_text_inert),
		cmocka_unit_test(test_csv_names_the_assignment_by_its_id_and_the_best_session_by_uid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
