/* app.c: the catalog, coder and store that commands open on first use. */
#include "app/app.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/paths.h"
#include "core/util.h"
#include "io/print.h"
#include "yaml/pack_load.h"
#include "io/model_file.h"
#include "store/store.h"
#include "store/store_pg.h"
#include "store/store_recovered.h"
#include "io/recovery.h"

int app_fail(const struct error *err)
{
	struct strbuf sb = {0};

	strbuf_add_inert(&sb, err->msg);
	fprintf(stderr, "micoach: %s\n", sb.buf);
	strbuf_release(&sb);
	return err->status ? err->status : EXIT_SOFTWARE;
}

struct app_whole {
	const struct scenario *head;
	struct pack *pack;         /* owns s; NULL when the read failed */
	const struct scenario *s;
};

int app_scenario_whole(struct app *app, const struct scenario *head, const struct scenario **out,
		       struct diag_list *dl)
{
	struct diag_list own = {0};
	struct pack *p;
	const struct scenario *s;

	*out = NULL;
	if (!head->header_only) {
		*out = head;
		return 0;
	}
	for (size_t i = 0; i < app->nwholes; i++)
		if (app->wholes[i].head == head) {
			if (app->wholes[i].s) {
				*out = app->wholes[i].s;
				return 0;
			}
			/* It failed before and said why: once is enough for a
			 * command (report asks for each session); a caller with
			 * its own dl (the front end, after a fix) reads it again. */
			if (!dl)
				return EXIT_DATAERR;
		}
	if (scenario_read_whole(head, &p, &s, dl ? dl : &own)) {
		if (!dl) {
			diag_print(&own, stderr, 0);
			diag_list_release(&own);
		}
		app->wholes = xrealloc(app->wholes, (app->nwholes + 1) * sizeof *app->wholes);
		app->wholes[app->nwholes++] = (struct app_whole){ head, NULL, NULL };
		return EXIT_DATAERR;
	}
	if (!dl) {
		diag_print(&own, stderr, 0);  /* warnings */
		diag_list_release(&own);
	}
	app->wholes = xrealloc(app->wholes, (app->nwholes + 1) * sizeof *app->wholes);
	app->wholes[app->nwholes++] = (struct app_whole){ head, p, s };
	*out = s;
	return 0;
}

static const struct scenario *catalog_whole_read(void *ctx, const struct scenario *head)
{
	const struct scenario *s;

	return app_scenario_whole(ctx, head, &s, NULL) ? NULL : s;
}

int app_catalog(struct app *app, const struct catalog **out)
{
	if (!app->catalog_loaded) {
		struct diag_list dl = {0};

		/* Every command loads the catalog, most only to list or find a
		 * scenario: headers only, each read whole when a command needs it. */
		app->catalog.headers_only = true;
		app->catalog.whole = catalog_whole_read;
		app->catalog.whole_ctx = app;

		for (size_t i = 0; i < app->nscenario_dirs; i++)
			catalog_add_dir(&app->catalog, app->scenario_dirs[i], &dl);
		/* A broken pack is reported and skipped; the others stay usable. */
		diag_print(&dl, stderr, 0);
		diag_list_release(&dl);
		app->catalog_loaded = true;
	}
	*out = &app->catalog;
	return 0;
}

int app_coder(struct app *app, const struct coder **out)
{
	if (!app->coder) {
		struct error err = {0};
		char *path = xasprintf("%s/coder.model", app->data_dir);
		int rc = coder_load(path, &app->coder, &err);

		free(path);
		if (rc)
			return app_fail(&err);
	}
	*out = app->coder;
	return 0;
}

/* Sessions that waited in recovery files while the organisation's server
 * was away go to it now (each exactly once: by its uid), quietly unless
 * something was saved. Stops at the first that cannot be saved. */
static void push_waiting(struct store *st)
{
	char **names = NULL;
	size_t n = recovery_list_pending(&names), saved = 0;
	bool stop = false;

	for (size_t i = 0; i < n; i++) {
		struct recovery r;
		struct error err = {0};
		int64_t id;
		int added;
		bool created;

		if (!stop && recovery_load(names[i], &r, &err) == 0) {
			if (r.database && !strcmp(r.database, store_path(st))) {
				if (store_recover_session(st, &r.session, &id, &added, &created, &err) == 0)
					saved += recovery_mark_imported(names[i]) == 0;
				else
					stop = true;
			}
			recovery_release(&r);
		}
		free(names[i]);
	}
	free(names);
	if (saved)
		print_inertf(stderr, "micoach: %zu session%s kept in recovery files while %s was away %s saved there "
			     "now.\n", saved, saved == 1 ? "" : "s", store_path(st), saved == 1 ? "is" : "are");
}

/* The organisation's store: no directory to make; the role is the user. */
static int app_store_pg(struct app *app)
{
	struct error err = {0};

	if (store_open(app->db_path, &app->store, &err))
		return app_fail(&err);
	if (!app->user_given && *store_role(app->store) && strcmp(app->user, store_role(app->store))) {
		free(app->user_before);
		app->user_before = app->user;
		app->user = xstrdup(store_role(app->store));
	}
	if (store_connected(app->store))
		push_waiting(app->store);
	return 0;
}

int app_store(struct app *app, struct store **out)
{
	if (!app->store && pg_uri_is(app->db_path)) {
		int rc = app_store_pg(app);
		if (rc)
			return rc;
	}
	if (!app->store) {
		struct error err = {0};
		char *dir = paths_dirname(app->db_path);
		struct stat st;

		if (stat(dir, &st) != 0) {
			/* Only micoach's own data directory is created, private. */
			char *home = paths_data_home();
			bool ours = home && !strcmp(home, dir);
			free(home);
			if (!ours) {
				error_set(&err, EXIT_IOERR, "cannot open database %s: directory %s does not exist",
					  app->db_path, dir);
				free(dir);
				return app_fail(&err);
			}
			if (paths_mkdir_p(dir, 0700, &err)) {
				free(dir);
				return app_fail(&err);
			}
		}
		free(dir);
		if (store_open(app->db_path, &app->store, &err))
			return app_fail(&err);
	}
	*out = app->store;
	return 0;
}

void app_release(struct app *app)
{
	if (app->store)
		store_close(app->store);
	if (app->coder)
		coder_free(app->coder);
	if (app->catalog_loaded)
		catalog_release(&app->catalog);
	for (size_t i = 0; i < app->nwholes; i++)
		pack_free(app->wholes[i].pack);
	free(app->wholes);
	for (size_t i = 0; i < app->nscenario_dirs; i++)
		free(app->scenario_dirs[i]);
	free(app->scenario_dirs);
	free(app->db_path);
	free(app->user);
	free(app->user_before);
	free(app->data_dir);
	memset(app, 0, sizeof *app);
}
