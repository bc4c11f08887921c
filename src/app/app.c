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

int app_fail(const struct error *err)
{
	struct strbuf sb = {0};

	strbuf_add_inert(&sb, err->msg);
	fprintf(stderr, "micoach: %s\n", sb.buf);
	strbuf_release(&sb);
	return err->status ? err->status : EXIT_SOFTWARE;
}

int app_catalog(struct app *app, const struct catalog **out)
{
	if (!app->catalog_loaded) {
		struct diag_list dl = {0};

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

int app_store(struct app *app, struct store **out)
{
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
	for (size_t i = 0; i < app->nscenario_dirs; i++)
		free(app->scenario_dirs[i]);
	free(app->scenario_dirs);
	free(app->db_path);
	free(app->user);
	free(app->data_dir);
	memset(app, 0, sizeof *app);
}
