/* io/print.c: see print.h. */
#include "io/print.h"

#include <stdarg.h>
#include <string.h>

#include "core/util.h"

void print_inert(FILE *out, const char *s)
{
	struct strbuf sb = {0};

	if (!s || !*s)
		return;
	strbuf_add_inert(&sb, s);
	fputs(sb.buf, out);
	strbuf_release(&sb);
}

void print_inertf(FILE *out, const char *fmt, ...)
{
	struct strbuf raw = {0}, sb = {0};
	bool newline;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&raw, fmt, ap);
	va_end(ap);
	newline = raw.len && raw.buf[raw.len - 1] == '\n';
	if (newline)
		raw.buf[--raw.len] = '\0';
	strbuf_add_inert(&sb, raw.buf ? raw.buf : "");
	if (newline)
		strbuf_adds(&sb, "\n");
	if (sb.len)
		fputs(sb.buf, out);
	strbuf_release(&raw);
	strbuf_release(&sb);
}

void diag_print(const struct diag_list *dl, FILE *out, int strict)
{
	struct strbuf sb = {0};

	diag_format(dl, strict, &sb);
	if (sb.len)
		fputs(sb.buf, out);
	strbuf_release(&sb);
}
