/* diag.h: located diagnostics ("file:line:col: error: message") collected by the
 * scenario loader, the validator and the transcript reader, printed by the CLI.
 * A diag_list owns its entries; diag_list_release frees them. */
#ifndef MICOACH_DIAG_H
#define MICOACH_DIAG_H

struct strbuf;
#include <stddef.h>

enum diag_severity { DIAG_WARNING, DIAG_ERROR };

struct diag {
	enum diag_severity severity;
	char *file;      /* as the user named it */
	int line, col;   /* 1-based; 0 when the problem has no place (e.g. a whole file) */
	char *message;   /* "what; how to fix", no trailing newline */
};

struct diag_list {
	struct diag *items;
	size_t n, alloc;
	size_t errors, warnings;
};

void diag_add(struct diag_list *dl, enum diag_severity sev, const char *file,
	      int line, int col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Every entry as "file:line:col: error: message\n" (the place shortened
 * when it has no line or column; warnings read "error" when strict), file
 * names and messages made inert. io/print.h prints them. */
void diag_format(const struct diag_list *dl, int strict, struct strbuf *sb);
void diag_list_release(struct diag_list *dl);

#endif
