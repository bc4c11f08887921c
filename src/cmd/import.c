/* cmd/import.c: `micoach import FILE...`: merge trainees' result files into
 * the trainer's database, or a trainer's notes file into a trainee's. Each
 * file is checked whole (checksum, every field) before anything is written,
 * and written in one transaction. Importing a file twice changes nothing
 * (the checksum is remembered, and every session and note has a uid); a
 * session already in the database, the trainer's own above all, is never
 * overwritten. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "io/print.h"
#include "core/util.h"
#include "io/file.h"
#include "io/results.h"
#include "store/store_trainer.h"

static int import_sessions(struct app *app, struct store *st, const char *path, struct results *r)
{
	struct error err = {0};
	int64_t import, row;
	struct assignment have;
	size_t added = 0, present = 0, own = 0;

	if (store_import_find(st, r->checksum, &import, &err))
		return app_fail(&err);
	if (import) {
		print_inertf(stdout, "%s: already imported (%s's results for %s); nothing changed\n", path, r->from,
			     r->assignment.id);
		return 0;
	}
	/* A trainee's sessions are kept under the trainee's name: under the
	 * trainer's own they would join the trainer's history. */
	if (!strcmp(r->from, app->user)) {
		print_inertf(stderr, "micoach: %s: holds results of '%s', your own name; a trainee's results are kept "
				     "under the trainee's name, so import them as the trainer (--user), not as '%s'; "
				     "refused, nothing imported\n", path, r->from, r->from);
		return EXIT_DATAERR;
	}
	if (store_tx_begin(st, &err))
		return app_fail(&err);
	/* The assignment: the trainer's own copy wins; an unknown one is added. */
	if (store_assignment_get(st, r->assignment.id, &have, &row, &err) == 0) {
		assignment_release(&have);
	} else if (err.status != EXIT_NOINPUT ||
		   store_assignment_put(st, &r->assignment, path, &row, NULL, &err)) {
		store_tx_rollback(st);
		return app_fail(&err);
	}
	if (store_import_add(st, r->checksum, path, r->from, row, &import, &err))
		goto fail;
	for (size_t i = 0; i < r->nsessions; i++) {
		const struct session *ss = &r->sessions[i];
		int64_t id;
		bool imported;
		if (store_session_find_uid(st, ss->info.uid, &id, &imported, &err))
			goto fail;
		if (id) {
			present++;
			own += !imported;
			continue;
		}
		if (store_import_session(st, ss, import, row, &id, &err))
			goto fail;
		added++;
	}
	if (store_import_set_count(st, import, (int)added, &err) || store_tx_commit(st, &err))
		goto fail;
	print_inertf(stdout, "%s: imported %zu %s of %s for assignment %s", path, added,
		     added == 1 ? "session" : "sessions", r->from, r->assignment.id);
	if (present)
		printf(" (%zu already here%s)", present, own ? ", your own sessions left untouched" : "");
	fputc('\n', stdout);
	return 0;
fail:
	store_tx_rollback(st);
	return app_fail(&err);
}

/* "; on session 3 (turns 2 and 5) and session 7 (the whole session)":
 * where the new notes went, by this database's session numbers. */
static void say_where(const struct results *r, const bool *added, const int64_t *where)
{
	int64_t last_shown = 0;

	fputs(", on", stdout);
	for (size_t i = 0, said = 0; i < r->nnotes; i++) {
		if (!added[i] || where[i] == last_shown)
			continue;
		bool whole = false, first_turn = true;
		printf("%s session %lld", said++ ? "," : "", (long long)where[i]);
		for (size_t j = i; j < r->nnotes; j++) {
			if (!added[j] || where[j] != where[i])
				continue;
			if (r->notes[j].turn > 0) {
				printf("%s%d", first_turn ? " turn " : ", ", r->notes[j].turn);
				first_turn = false;
			} else {
				whole = true;
			}
		}
		if (whole && !first_turn)
			fputs(" and the whole session", stdout);
		last_shown = where[i];
	}
}

static int import_notes(struct store *st, const char *path, struct results *r)
{
	struct error err = {0};
	size_t added = 0, present = 0, missing = 0;
	bool *is_new = xcalloc(r->nnotes + 1, sizeof *is_new);
	int64_t *where = xcalloc(r->nnotes + 1, sizeof *where), first = 0;

	if (store_tx_begin(st, &err))
		return app_fail(&err);
	for (size_t i = 0; i < r->nnotes; i++) {
		bool ok;
		if (store_note_import(st, &r->notes[i], &ok, &err) ||
		    (ok && store_session_find_uid(st, r->notes[i].session_uid, &where[i], NULL, &err))) {
			if (err.status != EXIT_NOINPUT) {
				store_tx_rollback(st);
				free(is_new);
				free(where);
				return app_fail(&err);
			}
			missing++;
			continue;
		}
		is_new[i] = ok;
		if (ok && !first)
			first = where[i];
		if (ok)
			added++;
		else
			present++;
	}
	if (store_tx_commit(st, &err)) {
		free(is_new);
		free(where);
		return app_fail(&err);
	}
	print_inertf(stdout, "%s: %zu new %s from %s", path, added, added == 1 ? "note" : "notes", r->from);
	if (added)
		say_where(r, is_new, where);
	if (present)
		printf("; %zu already here", present);
	if (missing)
		printf("; %zu on sessions not in this database (skipped)", missing);
	if (added)
		printf("; 'micoach show %lld' shows them\n", (long long)first);
	else
		putchar('\n');
	free(is_new);
	free(where);
	return 0;
}

COMMAND(import)
{
	struct store *st;
	int rc, worst = 0;

	if (argc < 2) {
		fprintf(stderr, "micoach: import needs at least one result file\n");
		return command_usage("import");
	}
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-' && strcmp(argv[i], "-") && strcmp(argv[i], "--")) {
			print_inertf(stderr, "micoach: import: unknown option '%s'\n", argv[i]);
			return command_usage("import");
		}
	}
	if ((rc = app_store(app, &st)))
		return rc;
	for (int i = 1; i < argc; i++) {
		const char *path = strcmp(argv[i], "-") ? argv[i] : "<stdin>";
		struct error err = {0};
		struct results r;
		char *buf;
		size_t len = 0;

		if (!strcmp(argv[i], "--"))
			continue;
		/* "-": standard input (a file named "-" is ./-). */
		if (!strcmp(argv[i], "-") ? file_read_stream(stdin, "<stdin>", RESULTS_FILE_MAX, "result file", &buf, &len,
							  &err)
				       : file_read_capped(path, RESULTS_FILE_MAX, "result file", &buf, &len, &err)) {
			rc = app_fail(&err);
		} else if (results_read(buf, len, path, &r, &err)) {
			free(buf);
			/* The message is located already: file:line:col: error: ... */
			struct strbuf sb = {0};
			strbuf_add_inert(&sb, err.msg);
			fprintf(stderr, "%s\n", sb.buf);
			print_inertf(stderr, "micoach: %s: refused, nothing imported\n", path);
			strbuf_release(&sb);
			rc = err.status ? err.status : EXIT_DATAERR;
		} else {
			free(buf);
			rc = r.kind == RESULTS_SESSIONS ? import_sessions(app, st, path, &r) : import_notes(st, path, &r);
			results_release(&r);
		}
		if (rc && (!worst || rc == EXIT_DATAERR))
			worst = rc;
	}
	return fflush(stdout) == 0 ? worst : EXIT_IOERR;
}
