/* diag.h: located diagnostics ("file:line:col: error: message") collected by the
 * scenario loader, the validator and the transcript reader, printed by the CLI.
 * A diag_list owns its entries; diag_list_release frees them. */
#ifndef MICOACH_DIAG_H
#define MICOACH_DIAG_H

#include <stdio.h>
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
/* Print every entry as "file:line:col: error: message" (the place shortened
 * when line or col is 0). With strict, warnings print as errors. */
void diag_print(const struct diag_list *dl, FILE *out, int strict);
void diag_list_release(struct diag_list *dl);

#endif
