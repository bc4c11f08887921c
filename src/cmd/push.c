/* cmd/push.c: `micoach push --db postgresql://... [--from PATH] [--from-user
 * NAME]`: a practitioner's own history, practised alone in a SQLite file,
 * uploaded into the organisation's store (docs/organisation.md). Each
 * session goes in once, by its uid: pushing again adds only what is new (a
 * session finished since, turns answered since). Retries and assignments
 * stay linked when what they name is in the organisation's store too. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/app.h"
#include "core/util.h"
#include "io/paths.h"
#include "io/print.h"
#include "store/store.h"
#include "store/store_pg.h"
#include "store/store_recovered.h"
#include "store/store_trainer.h"

/* The organisation's row for what local row `id` names, by uid: 0 when the
 * organisation's store does not have it. */
static int64_t retry_there(struct store *local, struct store *org, int64_t id)
{
	struct error err = {0};
	char *uid = NULL;
	int64_t there = 0;

	if (id > 0 && store_session_uid(local, id, &uid, &err) == 0)
		store_session_find_uid(org, uid, &there, NULL, &err);
	free(uid);
	return there;
}

static int64_t assignment_there(struct store *org, const struct assignment_entry *local, size_t n, int64_t id)
{
	struct assignment a;
	struct error err = {0};
	int64_t there = 0;

	for (size_t i = 0; id > 0 && i < n; i++) {
		if (local[i].id != id)
			continue;
		if (store_assignment_get(org, local[i].a.id, &a, &there, &err) == 0)
			assignment_release(&a);
		break;
	}
	return there;
}

/* Push every session of user in local to org; counts what it did. */
static int push_all(struct store *local, struct store *org, const char *user, int *pushed, int *turns,
		    int *already)
{
	struct session_filter f = { .user = user, .oldest_first = true };
	struct assignment_entry *as = NULL;
	struct session_list sl;
	struct error err = {0};
	size_t nas = 0;
	int rc = 0;

	if (store_list_sessions(local, &f, &sl, &err) || store_assignment_list(local, &as, &nas, &err))
		return app_fail(&err);
	for (size_t i = 0; i < sl.n && !rc; i++) {
		struct session s;
		int64_t id;
		int added;
		bool created;

		if (store_load_session(local, sl.items[i].id, &s, &err)) {
			rc = app_fail(&err);
			break;
		}
		/* Saved as the role pushing; the links rewritten to the organisation's rows. */
		session_set(&s.info.user, store_role(org));
		s.info.retry_of = retry_there(local, org, s.info.retry_of);
		if (!s.info.retry_of)
			s.info.retry_turn = 0;
		s.info.assignment_id = assignment_there(org, as, nas, s.info.assignment_id);
		if (store_recover_session(org, &s, &id, &added, &created, &err)) {
			rc = app_fail(&err);
		} else if (created || added) {
			++*pushed;
			*turns += added;
		} else {
			++*already;
		}
		session_release(&s);
	}
	store_assignments_free(as, nas);
	session_list_release(&sl);
	return rc;
}

COMMAND(push)
{
	enum { OPT_FROM = 1, OPT_FROM_USER };
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, OPT_FROM },
		{ "from-user", required_argument, NULL, OPT_FROM_USER },
		{ NULL, 0, NULL, 0 },
	};
	char *from = NULL, *user = xstrdup(app->user);
	struct store *local = NULL, *org;
	struct error err = {0};
	struct stat sb;
	int opt, rc = EXIT_USAGE, pushed = 0, turns = 0, already = 0;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == OPT_FROM) {
			free(from);
			from = xstrdup(optarg);
		} else if (opt == OPT_FROM_USER) {
			free(user);
			user = xstrdup(optarg);
		} else {
			print_inertf(stderr, "micoach: push: unknown option or missing value '%s'\n", argv[optind - 1]);
			rc = command_usage("push");
			goto out;
		}
	}
	if (optind < argc || !pg_uri_is(app->db_path)) {
		fprintf(stderr, "micoach: push uploads to an organisation's store: --db postgresql://... "
			"(or MICOACH_DB); the file it reads is --from PATH\n");
		rc = command_usage("push");
		goto out;
	}
	if (!from) {
		char *home = paths_data_home();
		from = home ? xasprintf("%s/micoach.db", home) : NULL;
		free(home);
	}
	/* Only an existing file: opening a missing one would make it. */
	if (!from || stat(from, &sb) != 0) {
		print_inertf(stderr, "micoach: push: no database %s to push; name it with --from PATH\n",
			     from ? from : "(no XDG_DATA_HOME or HOME)");
		rc = EXIT_NOINPUT;
		goto out;
	}
	if (store_open(from, &local, &err)) {
		rc = app_fail(&err);
		goto out;
	}
	if ((rc = app_store(app, &org)))
		goto out;
	if ((rc = push_all(local, org, user, &pushed, &turns, &already)))
		goto out;
	print_inertf(stdout, "Pushed %d session%s (%d turn%s) of %s from %s to %s; %d %s there already.\n", pushed,
		     pushed == 1 ? "" : "s", turns, turns == 1 ? "" : "s", user, from, store_path(org), already,
		     already == 1 ? "was" : "were");
	rc = fflush(stdout) == 0 ? 0 : EXIT_IOERR;
out:
	store_close(local);
	free(from);
	free(user);
	return rc;
}
