/* util.h: memory helpers that never return NULL (out of memory is fatal here
 * and only here), die(), and a growable string buffer. */
#ifndef MICOACH_UTIL_H
#define MICOACH_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Does s end with suffix? */
bool str_has_suffix(const char *s, const char *suffix);
/* printf into a fresh string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* a * b, or die() when the product does not fit a size_t (git's st_mult). */
size_t st_mult(size_t a, size_t b);
/* a + b, or die() when the sum does not fit (git's st_add). */
size_t st_add(size_t a, size_t b);

/* Make room for at least `need` elements in the array x whose capacity is
 * alloc (both updated; x may be NULL with alloc 0), growing by half again
 * and never overflowing (git's ALLOC_GROW). New elements are not zeroed. */
#define ALLOC_GROW(x, need, alloc) \
	do { \
		if ((need) > (alloc)) { \
			(alloc) = alloc_grow_size((need), (alloc)); \
			(x) = xrealloc((x), st_mult(sizeof *(x), (alloc))); \
		} \
	} while (0)
/* The capacity ALLOC_GROW moves to: at least need, else alloc * 3 / 2 + 16. */
size_t alloc_grow_size(size_t need, size_t alloc);

/* An invariant that cannot fail did: print "micoach: BUG: file:line: ..."
 * to stderr and abort (git's BUG()), never clamp and carry on. */
#define BUG(...) bug_fl(__FILE__, __LINE__, __VA_ARGS__)
void bug_fl(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));

/* Called by die() before it prints, so the terminal is restored first. */
void die_set_callback(void (*fn)(void));
/* Print "micoach: fatal: ..." to stderr and exit 70. */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* A growable, always NUL-terminated string. Zero-initialise; strbuf_release frees. */
struct strbuf {
	char *buf;
	size_t len, alloc;
};
void strbuf_add(struct strbuf *sb, const char *s, size_t n);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_reset(struct strbuf *sb);
/* Hand the buffer to the caller (who frees it) and reset sb. Never NULL. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);

/* true when the n bytes at s are valid UTF-8 with no NUL byte. When not, and
 * bad_offset is not NULL, *bad_offset is the offset of the first bad byte. */
bool utf8_valid(const char *s, size_t n, size_t *bad_offset);
/* Append s to sb with every control character and escape sequence made inert
 * (shown as "^[", "\u2028"...), so stored text can be printed to a terminal. */
void strbuf_add_inert(struct strbuf *sb, const char *s);
/* Levenshtein distance, capped at max+1; for did-you-mean suggestions. */
size_t edit_distance(const char *a, const char *b, size_t max);

#endif
