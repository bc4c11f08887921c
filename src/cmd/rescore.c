/* cmd/rescore.c: `micoach rescore [--dry-run] [--all-users] [SESSION...]`:
 * recode stored replies with the current coder, in the context they were
 * given (the client's line, the previous reply, the scenario's and node's
 * themes when the scenario is still installed), say what changed per turn,
 * and store the new codes, summary and coder version (one transaction per
 * session). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "io/print.h"
#include "app/review.h"
#include "core/context.h"

enum { OPT_DRY_RUN = 1, OPT_ALL_USERS };

/* What differs between two codings of one reply, appended to sb; false
 * when nothing a practitioner sees has changed. */
static bool describe_change(struct strbuf *sb, const struct coded_reply *was, const struct coded_reply *now)
{
	char a[128], b[128];
	bool changed = false;

	review_codes(a, sizeof a, was);
	review_codes(b, sizeof b, now);
	if (strcmp(a, b)) {
		strbuf_addf(sb, " codes %s -> %s;", a, b);
		changed = true;
	}
	for (int k = 0; k < SKILL_COUNT; k++) {
		if (was->skills[k] != now->skills[k]) {
			strbuf_addf(sb, " %s %d -> %d;", skill_name((enum mi_skill)k), was->skills[k], now->skills[k]);
			changed = true;
		}
	}
	if (was->nonadherent != now->nonadherent) {
		strbuf_addf(sb, " %s;", now->nonadherent ? "now MI-non-adherent" : "no longer MI-non-adherent");
		changed = true;
	}
	if (strncmp(was->tip, now->tip, sizeof was->tip)) {
		strbuf_adds(sb, " new tip;");
		changed = true;
	}
	if (!changed && was->ncues != now->ncues) {
		strbuf_addf(sb, " cues %zu -> %zu;", was->ncues, now->ncues);
		changed = true;
	}
	if (changed)
		sb->buf[--sb->len] = '\0'; /* the last ';' */
	return changed;
}

static int rescore_one(struct app *app, struct store *st, const struct coder *coder, int64_t id,
		       bool dry_run, int *changed_sessions)
{
	const struct catalog *cat = NULL;
	const struct scenario *sc = NULL;
	struct session ss;
	struct coded_reply *now;
	struct summary sum;
	struct strbuf out = {0};
	struct error err = {0};
	int changed = 0;
	const char *version = coder_version(coder);

	if (store_load_session(st, id, &ss, &err))
		return app_fail(&err);
	if (app_catalog(app, &cat) == 0)
		sc = catalog_whole(cat, catalog_find(cat, ss.info.scenario_id));
	now = xcalloc(ss.nturns + 1, sizeof *now);
	for (size_t i = 0; i < ss.nturns; i++) {
		const struct session_turn *t = &ss.turns[i];
		struct turn_context tc;

		turn_context(&tc, sc, sc && t->node_id ? scenario_find_node(sc, t->node_id) : -1, t->client_line,
			     i ? ss.turns[i - 1].reply : NULL);
		tc.ctx.practice = true; /* a stored session's reply was typed in practice */
		coder_code(coder, &tc.ctx, t->reply, &now[i]);
		struct strbuf line = {0};
		if (describe_change(&line, &t->coded, &now[i])) {
			changed++;
			strbuf_addf(&out, "  turn %d:%s\n", t->index, line.buf);
		}
		strbuf_release(&line);
	}
	printf("session %lld: %d of %zu turn%s changed (coder ", (long long)id, changed, ss.nturns,
	       ss.nturns == 1 ? "" : "s");
	{
		struct strbuf v = {0};
		review_inert(&v, ss.info.coder_version);
		strbuf_adds(&v, " -> ");
		review_inert(&v, version);
		printf("%s)%s\n", v.buf, dry_run && changed ? ", not saved (--dry-run)" : "");
		strbuf_release(&v);
	}
	if (out.buf)
		fputs(out.buf, stdout);
	strbuf_release(&out);
	if (!dry_run && (changed || strcmp(ss.info.coder_version, version))) {
		int rc = store_tx_begin(st, &err);
		for (size_t i = 0; rc == 0 && i < ss.nturns; i++)
			rc = store_update_turn_codes(st, id, ss.turns[i].index, &now[i], &err);
		if (rc == 0) {
			summary_compute(now, ss.nturns, &sum);
			/* A session that never ended has no stored summary to replace. */
			rc = store_update_session_scores(st, id, version, ss.info.ended ? &sum : NULL, changed, &err);
		}
		if (rc == 0)
			rc = store_tx_commit(st, &err);
		else
			store_tx_rollback(st);
		if (rc) {
			free(now);
			session_release(&ss);
			return app_fail(&err);
		}
	}
	*changed_sessions += changed > 0;
	free(now);
	session_release(&ss);
	return 0;
}

COMMAND(rescore)
{
	static const struct option longopts[] = {
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "all-users", no_argument, NULL, OPT_ALL_USERS },
		{ NULL, 0, NULL, 0 },
	};
	const struct coder *coder;
	struct store *st;
	struct error err = {0};
	struct session_filter f = {0};
	struct session_list sl = {0};
	bool dry_run = false, all_users = false;
	int opt, rc, changed = 0;
	size_t nids = 0;
	int64_t *ids;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == OPT_DRY_RUN) {
			dry_run = true;
		} else if (opt == OPT_ALL_USERS) {
			all_users = true;
		} else {
			print_inertf(stderr, "micoach: rescore: unknown option '%s'\n", argv[optind - 1]);
			return command_usage("rescore");
		}
	}
	ids = xcalloc((size_t)(argc - optind) + 1, sizeof *ids);
	for (int i = optind; i < argc; i++) {
		if ((ids[nids++] = session_id_parse(argv[i])) < 0) {
			print_inertf(stderr, "micoach: rescore: '%s' is not a session id (a number from 'micoach history')\n",
				     argv[i]);
			free(ids);
			return EXIT_USAGE;
		}
	}
	if ((rc = app_coder(app, &coder)) || (rc = app_store(app, &st))) {
		free(ids);
		return rc;
	}
	if (!nids) {
		/* Every session of the user (or everyone's), oldest first. */
		f.user = all_users ? NULL : app->user;
		f.oldest_first = true;
		if (store_list_sessions(st, &f, &sl, &err)) {
			free(ids);
			return app_fail(&err);
		}
		free(ids);
		ids = xcalloc(sl.n + 1, sizeof *ids);
		for (size_t i = 0; i < sl.n; i++)
			ids[nids++] = sl.items[i].id;
		session_list_release(&sl);
		if (!nids)
			printf("no sessions to rescore\n");
	}
	for (size_t i = 0; i < nids && rc == 0; i++)
		rc = rescore_one(app, st, coder, ids[i], dry_run, &changed);
	if (rc == 0 && nids > 1)
		printf("%d of %zu sessions changed\n", changed, nids);
	free(ids);
	if (rc == 0 && (fflush(stdout) != 0 || ferror(stdout)))
		rc = EXIT_IOERR;
	return rc;
}
