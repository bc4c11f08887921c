/* yamldoc.h: a small untrusted-YAML reader that builds a plain tree of
 * mappings, lists and scalars, each with its line and column, for the files
 * trainers hand to trainees (assignments). Implemented in assignment_yaml.c,
 * which with scenario_yaml.c is the only file that includes yaml.h.
 * Refused with a located message: anchors and aliases, tags, non-scalar or
 * duplicate keys, more than one document, nesting deeper than
 * YAMLDOC_DEPTH_MAX, more than YAMLDOC_NODES_MAX values, invalid UTF-8, files
 * over YAMLDOC_SIZE_MAX bytes. yamldoc_free frees a tree. */
#ifndef MICOACH_YAMLDOC_H
#define MICOACH_YAMLDOC_H

#include <stdbool.h>
#include <stddef.h>
#include "assignment.h"
#include "diag.h"

enum { YAMLDOC_SIZE_MAX = 256 * 1024, YAMLDOC_DEPTH_MAX = 8, YAMLDOC_NODES_MAX = 4096 };

enum yamldoc_type { YAMLDOC_SCALAR, YAMLDOC_LIST, YAMLDOC_MAP };

struct yamldoc_node {
	enum yamldoc_type type;
	int line, col;                /* 1-based */
	char *text;                   /* YAMLDOC_SCALAR: the value, NUL-terminated */
	bool plain;                   /* an unquoted scalar (so `null`, `~`, numbers mean what they say) */
	struct yamldoc_node *items;   /* list items, or mapping values */
	char **keys;                  /* mapping keys */
	int *key_line, *key_col;
	size_t n;
};

/* Parse buf (len bytes; file names it in messages). Problems go to dl as
 * errors; returns -1 when there was any (then *out is NULL). An empty
 * document is an error. */
int yamldoc_parse(const char *buf, size_t len, const char *file, struct yamldoc_node **out,
		  struct diag_list *dl);
void yamldoc_free(struct yamldoc_node *n);

/* Read an assignment file's text into *a (assignment_release frees it even
 * on error). Unknown keys (with a did-you-mean), wrong types and bad values
 * are located errors in dl; returns -1 when there was any. */
int assignment_parse(const char *buf, size_t len, const char *file, struct assignment *a,
		     struct diag_list *dl);
/* The same from a file on disk: a missing file is EXIT_NOINPUT (in err), a
 * bad one EXIT_DATAERR with the messages in dl. */
int assignment_load(const char *path, struct assignment *a, struct diag_list *dl, struct error *err);

#endif
