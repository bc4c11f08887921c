/* app.h: what every command shares: the global options and the lazily opened
 * catalog, coder and store. Commands are `int cmd_NAME(struct app *, int argc,
 * char **argv)` returning an exit status (error.h); argv[0] is the command
 * name, and the command parses its own options with getopt_long. main.c holds
 * the command table. */
#ifndef MICOACH_APP_H
#define MICOACH_APP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "core/coder.h"
#include "core/diag.h"
#include "core/scenario.h"

struct store;   /* store/store.h */
struct app_whole;  /* app.c */

struct app {
	char *db_path;           /* --db, or the XDG default */
	char **scenario_dirs;    /* --scenarios (repeatable), else bundled + XDG */
	size_t nscenario_dirs;
	char *user;              /* --user, or the login name */
	char *data_dir;          /* where coder.model lives */
	/* Loaded on first use by the app_* functions below, freed by app_release. */
	struct catalog catalog;  /* scenarios' headers only (app_scenario_whole) */
	bool catalog_loaded;
	struct app_whole *wholes; /* the scenarios read whole so far */
	size_t nwholes;
	struct coder *coder;
	struct store *store;
	bool user_given;         /* --user was given (else, on an organisation's store, the role) */
	char *user_before;       /* the user app_store replaced by the role (kept: a command may hold it) */
};

/* Each prints its own located message to stderr and returns an exit status
 * (0 on success). */
int app_catalog(struct app *app, const struct catalog **out);
int app_coder(struct app *app, const struct coder **out);
/* The whole scenario of a catalog scenario (the catalog holds headers):
 * read from its file on first use, kept until app_release. Problems go to
 * dl, or printed to stderr when dl is NULL; returns 0 or EXIT_DATAERR.
 * The catalog's whole() (catalog_whole) calls it with dl NULL. */
int app_scenario_whole(struct app *app, const struct scenario *head, const struct scenario **out,
		       struct diag_list *dl);
/* Opens the database, creating its directory (0700) when it is the default.
 * An organisation's store (postgresql://): the user is its role unless
 * --user says otherwise, and sessions that waited in recovery files for
 * its server are saved there first. */
int app_store(struct app *app, struct store **out);
/* Print err as "micoach: message" and return its status. */
int app_fail(const struct error *err);
void app_release(struct app *app);

/* Usage text of a command, for `micoach help CMD` and usage errors. */
struct command {
	const char *name;
	int (*run)(struct app *app, int argc, char **argv);
	const char *synopsis;    /* "practice SCENARIO [--plain] [--seed N] [--no-feedback]" */
	const char *summary;     /* one line */
	const char *help;        /* the options, one a line; may be NULL */
	const char *own_options; /* global option names this command takes as its own, e.g. "--scenarios" */
};
const struct command *command_find(const char *name);
/* The i-th command in table order, NULL past the end. */
const struct command *command_at(size_t i);
/* "usage: micoach SYNOPSIS" to stderr, returns EXIT_USAGE. */
int command_usage(const char *name);

#define COMMAND(name) int cmd_##name(struct app *app, int argc, char **argv)
COMMAND(code);
COMMAND(list);
COMMAND(practice);
COMMAND(history);
COMMAND(show);
COMMAND(progress);
COMMAND(export);
COMMAND(rescore);
COMMAND(recover);
COMMAND(doctor);
COMMAND(validate);
COMMAND(graph);
COMMAND(assign);
COMMAND(assignment);
COMMAND(assignments);
COMMAND(import);
COMMAND(note);
COMMAND(pack);
COMMAND(report);
COMMAND(db);
COMMAND(push);
/* `doctor` on an organisation's store (cmd/db.c): the connection, the
 * schema and the role's rights, as lines appended to sb; an exit status. */
struct strbuf;
int db_doctor(struct app *app, struct strbuf *sb);
/* `export --assignment ID` / `export --notes` (cmd/export_results.c): true
 * when argv asks for a result or notes file; then cmd_export_results runs. */
bool export_results_wanted(int argc, char **argv);
COMMAND(export_results);
/* `pack build --for-trainees PACK -o DIR` (cmd/pack_build.c), from cmd_pack. */
COMMAND(pack_build);
/* For `practice --assignment ID` (cmd/trainee_assignments.c): find the assignment in
 * the database, check that it holds scenario, and give its row and mode.
 * Prints its own message; returns an exit status. */
int app_assignment(struct app *app, const char *id, const char *scenario, int64_t *row, bool *exam);
/* micoach with no command: the home screen, or the plain menu. */
COMMAND(home);

#endif
