/* yamldoc.h: the one reader of untrusted YAML (yamldoc.c is the only file
 * that includes yaml.h). It turns a buffer into a plain tree of mappings,
 * lists and scalars, each with its line and column, for the scenario loader
 * and the assignment reader. Refused: anything over the caller's size, depth
 * and count caps, empty text, binary data, invalid UTF-8, YAML syntax errors,
 * anchors, aliases, tags, a second document, non-scalar keys and duplicate
 * keys. yamldoc.c finds the problems; the caller words them (the two file
 * formats explain their limits differently), through a report callback.
 * A struct yamldoc owns its whole tree (one arena): yamldoc_free frees it. */
#ifndef MICOACH_YAMLDOC_H
#define MICOACH_YAMLDOC_H

#include <stdbool.h>
#include <stddef.h>

enum yamldoc_kind { YAMLDOC_SCALAR, YAMLDOC_MAP, YAMLDOC_LIST };

struct yamldoc_node {
	enum yamldoc_kind kind;
	bool plain;                  /* an unquoted scalar (so `null`, `~`, numbers mean what they say) */
	bool skipped;                /* a value yamldoc_parse_filtered did not build: str "", no kids */
	int line, col;               /* 1-based; col counts characters */
	char *str;                   /* YAMLDOC_SCALAR: the text, NUL-terminated (holds no NUL) */
	size_t len;                  /* strlen(str) */
	/* YAMLDOC_MAP: key, value, key, value... (n is twice the entries; keys
	 * are scalars with their own marks); YAMLDOC_LIST: the items. */
	struct yamldoc_node **kids;
	size_t n;
};

struct yamldoc_limits {
	size_t size_max;             /* bytes of text */
	int depth_max;               /* mappings and lists open at once */
	size_t kids_max;             /* kids (keys and values) in one container; 0: no cap */
	size_t events_max;           /* parser events in the whole text, about two per value; 0: no cap */
	/* Stop at the first duplicate key, as soon as it is read, rather than
	 * report them all when each mapping closes. Quadratic in the keys of a
	 * mapping: only with a small events_max. */
	bool stop_at_duplicate;
};

enum yamldoc_problem_kind {
	YAMLDOC_TOO_LARGE,           /* size: the byte count */
	YAMLDOC_EMPTY,               /* no bytes at all */
	YAMLDOC_BINARY,              /* a NUL byte in the text */
	YAMLDOC_BAD_UTF8,            /* byte: the offending byte */
	YAMLDOC_READER,              /* libyaml could not read the text (e.g. a control character) */
	YAMLDOC_MEMORY,              /* libyaml ran out of memory */
	YAMLDOC_SYNTAX,              /* text: libyaml's problem; context, context_line; tab */
	YAMLDOC_ANCHOR,              /* text: the anchor's name */
	YAMLDOC_ALIAS,               /* text: the alias's name */
	YAMLDOC_TAG,                 /* text: the tag */
	YAMLDOC_TOO_MANY_EVENTS,     /* over events_max */
	YAMLDOC_SECOND_DOCUMENT,
	YAMLDOC_NUL_IN_VALUE,        /* a "\0" escape in a scalar */
	YAMLDOC_TOO_DEEP,            /* over depth_max */
	YAMLDOC_COMPLEX_KEY,         /* a mapping or list as a key; in_map: it was a mapping */
	YAMLDOC_TOO_MANY_KIDS,       /* over kids_max; in_map: in a mapping */
	YAMLDOC_DUPLICATE_KEY,       /* text: the key; first_line: where it was first */
	YAMLDOC_NO_CONTENT,          /* only comments or blank lines */
};

struct yamldoc_problem {
	enum yamldoc_problem_kind kind;
	int line, col;               /* where; 1-based (0 for TOO_LARGE); for READER from the byte offset */
	int mark_line, mark_col;     /* libyaml's own problem mark (READER, MEMORY, SYNTAX) */
	const char *text;            /* see the kinds; may be NULL for SYNTAX and READER */
	const char *context;         /* SYNTAX: libyaml's context, or NULL */
	int context_line;            /* SYNTAX with a context: its line */
	int first_line;              /* DUPLICATE_KEY */
	size_t size;                 /* TOO_LARGE */
	unsigned char byte;          /* BAD_UTF8 */
	bool tab;                    /* SYNTAX: the problem is at a tab */
	bool in_map;                 /* COMPLEX_KEY, TOO_MANY_KIDS */
};

/* Called once for every problem found, in the order found. */
typedef void yamldoc_report_fn(void *ctx, const struct yamldoc_problem *p);

struct yamldoc {
	struct yamldoc_node *root;
	struct yamldoc_chunk *arena; /* every node and string of the tree */
};

/* Parse buf (len bytes; a UTF-8 byte-order mark at its start is skipped,
 * and marks count from the character after it). On success returns the document (root is never
 * NULL); on any problem reports it through report(ctx, ...) and returns
 * NULL. The caller frees the document with yamldoc_free. */
struct yamldoc *yamldoc_parse(const char *buf, size_t len, const struct yamldoc_limits *lim,
			      yamldoc_report_fn *report, void *ctx);
/* Which values a filtered parse leaves unbuilt: the value of each key in
 * skip (NULL-terminated) in a mapping at a depth whose bit is set in depths
 * (the top-level mapping is depth 1). */
struct yamldoc_filter {
	const char *const *skip;
	unsigned depths;
};
/* yamldoc_parse, but the values filter names are scanned, not built: each
 * stands in the tree as a node of its kind and mark with skipped set, no
 * string and no kids, and nothing is allocated for what it holds. libyaml
 * still reads all of it, so a syntax error, an anchor, an alias, a tag, a
 * NUL or nesting past the cap inside is still a problem; duplicate keys and
 * the kids cap are not checked inside (yamldoc_parse of the same text does:
 * a caller reads the whole text before it relies on those parts). */
struct yamldoc *yamldoc_parse_filtered(const char *buf, size_t len, const struct yamldoc_limits *lim,
				       const struct yamldoc_filter *filter, yamldoc_report_fn *report, void *ctx);
void yamldoc_free(struct yamldoc *doc);

#endif
