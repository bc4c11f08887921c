/* diag.c: collecting and printing located diagnostics. */
#include "core/diag.h"

#include <stdarg.h>
#include <stdlib.h>

#include "core/util.h"

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

void diag_format(const struct diag_list *dl, int strict, struct strbuf *sb)
{
	for (size_t i = 0; i < dl->n; i++) {
		const struct diag *d = &dl->items[i];
		const char *sev = d->severity == DIAG_ERROR || strict ? "error" : "warning";

		strbuf_add_inert(sb, d->file);
		if (d->line > 0)
			strbuf_addf(sb, ":%d", d->line);
		if (d->line > 0 && d->col > 0)
			strbuf_addf(sb, ":%d", d->col);
		strbuf_addf(sb, ": %s: ", sev);
		strbuf_add_inert(sb, d->message);
		strbuf_adds(sb, "\n");
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
