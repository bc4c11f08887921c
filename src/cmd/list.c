/* cmd/list.c: `micoach list`: one scenario a line, tab-separated. */
#include <stdio.h>

#include "app/app.h"
#include "core/util.h"

static void put_field(const char *s, const char *sep)
{
	struct strbuf sb = {0};

	strbuf_add_inert(&sb, s ? s : "");
	fputs(sb.buf, stdout);
	fputs(sep, stdout);
	strbuf_release(&sb);
}

COMMAND(list)
{
	const struct catalog *cat;
	int rc;

	(void)argv;
	if (argc > 1) {
		fprintf(stderr, "micoach: list takes no arguments\n");
		return command_usage("list");
	}
	if ((rc = app_catalog(app, &cat)))
		return rc;
	for (size_t i = 0; i < cat->npacks; i++) {
		const struct pack *p = cat->packs[i];
		for (size_t j = 0; j < p->nscenarios; j++) {
			const struct scenario *s = p->scenarios[j];
			put_field(s->id, "\t");
			put_field(p->id, "\t");
			put_field(s->title, "\t");
			printf("%d\n", s->difficulty);
		}
	}
	return fflush(stdout) == 0 ? 0 : EXIT_IOERR;
}
