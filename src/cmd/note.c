/* cmd/note.c: `micoach note SESSION[:TURN] TEXT...`: a trainer's feedback on
 * a session, or on one turn of it, shown by `micoach show` (a turn's note
 * beside that turn, in the curses replay too) and carried back to the
 * trainee with `micoach export --notes --trainee NAME` and `micoach import`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "io/print.h"
#include "store/store.h"
#include "core/limits.h"
#include "core/util.h"

enum { NOTE_MAX = LIMIT_NOTE };

/* "12" or "12:3" into the session and turn (0: the whole session); -1 when
 * it is neither. */
static int note_target(const char *arg, int64_t *session, int *turn)
{
	const char *colon = strchr(arg, ':');
	char *head = colon ? xstrndup(arg, (size_t)(colon - arg)) : xstrdup(arg);

	*session = session_id_parse(head);
	free(head);
	*turn = 0;
	if (*session < 0)
		return -1;
	if (colon) {
		int64_t t = session_id_parse(colon + 1);
		if (t < 1 || t > SESSION_TURNS_MAX)
			return -1;
		*turn = (int)t;
	}
	return 0;
}

/* Does the session exist, and that turn in it? 0, or the exit status (reported). */
static int note_check(struct store *st, int64_t session, int turn)
{
	struct session s = {0};
	struct error err = {0};

	if (store_load_session(st, session, &s, &err))
		return app_fail(&err);
	if (turn > (int)s.nturns) {
		fprintf(stderr, "micoach: note: session %lld has %zu %s, no turn %d; 'micoach show %lld' lists them\n",
			(long long)session, s.nturns, s.nturns == 1 ? "turn" : "turns", turn, (long long)session);
		session_release(&s);
		return EXIT_NOINPUT;
	}
	session_release(&s);
	return 0;
}

COMMAND(note)
{
	struct strbuf text = {0};
	struct error err = {0};
	struct store *st;
	int64_t session, id;
	int turn, rc;

	if (argc < 3) {
		fprintf(stderr, "micoach: note needs a session number (or SESSION:TURN) and the note's text\n");
		return command_usage("note");
	}
	if (note_target(argv[1], &session, &turn)) {
		print_inertf(stderr, "micoach: note: '%s' is not a session number or SESSION:TURN (like 12 or 12:3); "
				     "'micoach history --all-users' lists them\n", argv[1]);
		return EXIT_USAGE;
	}
	for (int i = 2; i < argc; i++)
		strbuf_addf(&text, "%s%s", i > 2 ? " " : "", argv[i]);
	if (!utf8_valid(text.buf, text.len, NULL) || text.len > NOTE_MAX || !text.len) {
		fprintf(stderr, "micoach: note: the text must be UTF-8, 1 to %d bytes\n", NOTE_MAX);
		strbuf_release(&text);
		return EXIT_USAGE;
	}
	if ((rc = app_store(app, &st)) || (rc = note_check(st, session, turn))) {
		strbuf_release(&text);
		return rc;
	}
	rc = store_add_note(st, session, turn, app->user, text.buf, &id, &err);
	strbuf_release(&text);
	if (rc)
		return app_fail(&err);
	if (turn)
		printf("Added note %lld to session %lld, turn %d.\n", (long long)id, (long long)session, turn);
	else
		printf("Added note %lld to session %lld.\n", (long long)id, (long long)session);
	return fflush(stdout) == 0 ? 0 : EXIT_IOERR;
}
