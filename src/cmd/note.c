/* cmd/note.c: `micoach note SESSION TEXT...`: a trainer's feedback on a
 * session, shown by `micoach show` and carried back to the trainee with
 * `micoach export --notes --trainee NAME` and `micoach import`. */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "store/store.h"
#include "core/util.h"

enum { NOTE_MAX = 4000 };

COMMAND(note)
{
	struct strbuf text = {0};
	struct error err = {0};
	struct store *st;
	int64_t session, id;
	int rc;

	if (argc < 3) {
		fprintf(stderr, "micoach: note needs a session number and the note's text\n");
		return command_usage("note");
	}
	if ((session = session_id_parse(argv[1])) < 0) {
		fprintf(stderr, "micoach: note: '%s' is not a session number; 'micoach history --all-users' lists them\n",
			argv[1]);
		return EXIT_USAGE;
	}
	for (int i = 2; i < argc; i++)
		strbuf_addf(&text, "%s%s", i > 2 ? " " : "", argv[i]);
	if (!utf8_valid(text.buf, text.len, NULL) || text.len > NOTE_MAX || !text.len) {
		fprintf(stderr, "micoach: note: the text must be UTF-8, 1 to %d bytes\n", NOTE_MAX);
		strbuf_release(&text);
		return EXIT_USAGE;
	}
	if ((rc = app_store(app, &st))) {
		strbuf_release(&text);
		return rc;
	}
	rc = store_add_note(st, session, app->user, text.buf, &id, &err);
	strbuf_release(&text);
	if (rc)
		return app_fail(&err);
	printf("Added note %lld to session %lld.\n", (long long)id, (long long)session);
	return fflush(stdout) == 0 ? 0 : EXIT_IOERR;
}
