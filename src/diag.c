/* diag.c: collecting and printing located diagnostics. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>

#include "util.h"

void diag_add(struct diag_list *dl, enum diag_severity sev, const char *file,
	      int line, int col, const char *fmt, ...)
{
	struct strbuf sb = {0};
	va_list ap;
	struct diag *d;

	if (dl->n == dl->alloc) {
		dl->alloc = dl->alloc ? dl->alloc * 2 : 16;
		dl->items = xrealloc(dl->items, dl->alloc * sizeof *dl->items);
	}
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	d = &dl->items[dl->n++];
	d->severity = sev;
	d->file = xstrdup(file ? file : "micoach");
	d->line = line;
	d->col = col;
	d->message = strbuf_detach(&sb);
	if (sev == DIAG_ERROR)
		dl->errors++;
	else
		dl->warnings++;
}

void diag_print(const struct diag_list *dl, FILE *out, int strict)
{
	for (size_t i = 0; i < dl->n; i++) {
		const struct diag *d = &dl->items[i];
		struct strbuf sb = {0};
		const char *sev = d->severity == DIAG_ERROR || strict ? "error" : "warning";

		strbuf_add_inert(&sb, d->message);
		if (d->line > 0 && d->col > 0)
			fprintf(out, "%s:%d:%d: %s: %s\n", d->file, d->line, d->col, sev, sb.buf);
		else if (d->line > 0)
			fprintf(out, "%s:%d: %s: %s\n", d->file, d->line, sev, sb.buf);
		else
			fprintf(out, "%s: %s: %s\n", d->file, sev, sb.buf);
		strbuf_release(&sb);
	}
}

void diag_list_release(struct diag_list *dl)
{
	for (size_t i = 0; i < dl->n; i++) {
		free(dl->items[i].file);
		free(dl->items[i].message);
	}
	free(dl->items);
	dl->items = NULL;
	dl->n = dl->alloc = dl->errors = dl->warnings = 0;
}
