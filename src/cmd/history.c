/* cmd/history.c: `micoach history`: the sessions, newest first, with their
 * outcome and skill scores; as a table, JSON or CSV. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "io/print.h"
#include "app/review.h"
#include "io/session_write.h"
#include "store/store_trainer.h"

enum { OPT_JSON = 1, OPT_CSV, OPT_ASSIGNMENT };

static void print_table(const struct session_list *sl, long total, long shown_from)
{
	struct strbuf sb = {0};
	size_t wuser = 4, wscen = 8;
	char date[32];

	for (size_t i = 0; i < sl->n; i++) {
		struct strbuf t = {0};
		review_inert(&t, sl->items[i].user);
		if (review_width(t.buf) > wuser)
			wuser = review_width(t.buf);
		strbuf_reset(&t);
		review_inert(&t, sl->items[i].scenario_id);
		if (review_width(t.buf) > wscen)
			wscen = review_width(t.buf);
		strbuf_release(&t);
	}
	strbuf_addf(&sb, "%6s  %-16s  ", "ID", "DATE (UTC)");
	review_pad(&sb, "USER", wuser + 2);
	review_pad(&sb, "SCENARIO", wscen + 2);
	strbuf_addf(&sb, "%5s  %-11s  %3s %3s %3s %3s  %3s\n", "TURNS", "OUTCOME", "EMP", "REF", "DIS",
		    "SE", "ALL");
	for (size_t i = 0; i < sl->n; i++) {
		const struct session_info *si = &sl->items[i];
		review_date(date, sizeof date, si->started);
		strbuf_addf(&sb, "%6lld  %-16s  ", (long long)si->id, date);
		review_pad(&sb, si->user, wuser + 2);
		review_pad(&sb, si->scenario_id, wscen + 2);
		strbuf_addf(&sb, "%5d  ", si->turns);
		review_pad(&sb, si->outcome ? si->outcome : "unfinished", 11);
		strbuf_adds(&sb, "  ");
		if (si->has_scores)
			strbuf_addf(&sb, "%3d %3d %3d %3d  %3d", si->scores.skill[SKILL_EMPATHY],
				    si->scores.skill[SKILL_REFLECTION], si->scores.skill[SKILL_DISCREPANCY],
				    si->scores.skill[SKILL_SELF_EFFICACY], si->scores.overall);
		else
			strbuf_addf(&sb, "%3s %3s %3s %3s  %3s", "-", "-", "-", "-", "-");
		if (si->retry_of > 0)
			strbuf_addf(&sb, "  (retry of %lld:%d)", (long long)si->retry_of, si->retry_turn);
		strbuf_adds(&sb, "\n");
	}
	if (sl->n == 0)
		strbuf_adds(&sb, "(no sessions match; 'micoach practice' starts one)\n");
	else if (shown_from + (long)sl->n < total)
		strbuf_addf(&sb, "(%ld of %ld sessions; --limit N --offset N to page, --limit 0 for all)\n",
			    (long)sl->n, total);
	fputs(sb.buf, stdout);
	strbuf_release(&sb);
}

COMMAND(history)
{
	static const struct option longopts[] = {
		REVIEW_FILTER_LONGOPTS,
		{ "json", no_argument, NULL, OPT_JSON },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ "assignment", required_argument, NULL, OPT_ASSIGNMENT },
		{ NULL, 0, NULL, 0 },
	};
	const char *assignment = NULL;
	struct review_filter_opts o = {0};
	struct session_list sl;
	struct store *st;
	struct error err = {0};
	int opt, format = 0, rc;
	bool limit_given = false;
	long total = 0;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == OPT_JSON || opt == OPT_CSV) {
			format = opt;
			continue;
		}
		if (opt == OPT_ASSIGNMENT) {
			assignment = optarg;
			continue;
		}
		if (opt == REVIEW_OPT_LIMIT)
			limit_given = true;
		rc = review_filter_option(&o, opt, optarg, "history");
		if (rc < 0)
			return EXIT_USAGE;
		if (rc == 0) {
			print_inertf(stderr, "micoach: history: unknown option '%s'\n", argv[optind - 1]);
			return command_usage("history");
		}
	}
	if (optind < argc) {
		print_inertf(stderr, "micoach: history: unexpected argument '%s'\n", argv[optind]);
		return command_usage("history");
	}
	/* An assignment's sessions are its trainees': everyone's. */
	if (!o.all_users && !assignment)
		o.f.user = app->user;
	/* The table shows a page; JSON and CSV give everything unless limited. */
	if (!limit_given && format == 0)
		o.f.limit = 50;
	if ((rc = app_store(app, &st)))
		return rc;
	if (assignment) {
		struct assignment a;
		if (store_assignment_get(st, assignment, &a, &o.f.assignment, &err))
			return app_fail(&err);
		assignment_release(&a);
	}
	if (store_list_sessions(st, &o.f, &sl, &err))
		return app_fail(&err);
	if (format == OPT_JSON) {
		struct json j;
		json_init(&j, stdout, true);
		json_array_begin(&j);
		for (size_t i = 0; i < sl.n; i++) {
			json_object_begin(&j);
			session_json_header(&j, &sl.items[i], true);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_newline(&j);
	} else if (format == OPT_CSV) {
		struct csv c;
		csv_init(&c, stdout);
		review_session_csv_header(&c);
		for (size_t i = 0; i < sl.n; i++)
			review_session_csv(&c, &sl.items[i]);
	} else {
		if (o.f.limit > 0 && (long)sl.n == o.f.limit && store_count_sessions(st, &o.f, &total, &err)) {
			session_list_release(&sl);
			return app_fail(&err);
		}
		print_table(&sl, total, o.f.offset);
		if (sl.n == 0 && !o.all_users && o.f.offset == 0) {
			/* Say so when the sessions are there, under other names. */
			struct session_filter others = o.f;
			others.user = NULL;
			if (store_count_sessions(st, &others, &total, &err) == 0 && total > 0) {
				struct strbuf sb = {0};
				strbuf_addf(&sb, "(%ld session%s of other users match: --all-users shows them, "
					    "--user NAME shows one user's)\n", total, total == 1 ? "" : "s");
				fputs(sb.buf, stdout);
				strbuf_release(&sb);
			}
		}
	}
	session_list_release(&sl);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : EXIT_IOERR;
}
