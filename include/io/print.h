/* print.h: the one way to print text that came from a user or a file (a
 * scenario, a result file, the database, a file name) to a terminal or a
 * stream: made inert first (util.h, strbuf_add_inert), so no control
 * character or escape sequence reaches a terminal raw. */
#ifndef MICOACH_PRINT_H
#define MICOACH_PRINT_H

#include <stdio.h>
#include "core/diag.h"

/* s (NULL: nothing) made inert, to out. */
void print_inert(FILE *out, const char *s);
/* printf-style, where every %s argument is untrusted: the whole line is
 * formatted, then made inert (so the format itself must hold no control
 * characters but the final newline, which is kept). */
void print_inertf(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The diagnostics of dl (diag_format), to out. */
void diag_print(const struct diag_list *dl, FILE *out, int strict);

#endif
