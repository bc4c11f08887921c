/* json.h: a small strict JSON reader (RFC 8259) for untrusted files: result
 * files and trainer notes that trainees and trainers send each other,
 * recovery files. Pure: it reads a buffer and builds a tree. No comments, no
 * trailing commas, no duplicate keys, no NUL in strings, valid UTF-8 only, a
 * nesting cap and a value-count cap; every error is located
 * ("file:line:col: ..."). Below the tree, typed getters (json_get_str,
 * json_get_int, ...) read a member of an expected type and range, with a
 * located message when it is not. Writing JSON is io/emit.h's job.
 * json_value_free frees a tree from json_parse. */
#ifndef MICOACH_JSON_H
#define MICOACH_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include "core/error.h"

enum { JSON_PARSE_MAX_DEPTH = 48, JSON_PARSE_MAX_VALUES = 4000000 };

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json_value {
	enum json_type type;
	int line, col;           /* 1-based, where the value starts */
	size_t start, end;       /* its bytes in the input: [start, end) */
	bool boolean;
	double number;
	bool is_int;             /* written without fraction or exponent, and fits long long */
	long long integer;
	char *string;            /* JSON_STRING: decoded, NUL-terminated */
	size_t len;
	struct json_value *items;/* JSON_ARRAY items, JSON_OBJECT values */
	char **keys;             /* JSON_OBJECT keys, decoded */
	size_t n;
};

/* Parse the whole buffer (one value, surrounded only by white space).
 * file names the input in messages. On error returns -1 with a located
 * message in err (EXIT_DATAERR) and *out untouched. */
int json_parse(const char *buf, size_t len, const char *file, struct json_value **out,
	       struct error *err);
void json_value_free(struct json_value *v);

/* The member key of an object, or NULL (also when v is not an object). */
const struct json_value *json_member(const struct json_value *v, const char *key);
/* The member's string, or dflt when missing or of another type. */
const char *json_member_string(const struct json_value *v, const char *key, const char *dflt);

/* --- Typed members, with located errors ------------------------------------- */

/* Where the tree came from and where its first error goes. */
struct json_reader {
	const char *file;          /* names the input in messages */
	struct error *err;         /* EXIT_DATAERR, "file:line:col: error: ..." */
};
/* JSON_OPTIONAL: the member may be missing (the destination is left as it
 * is, so set the default first). JSON_NULLABLE: it may be null (a string
 * becomes NULL, a number or bool is left as it is). Neither: it must be
 * there, of its type. */
enum { JSON_OPTIONAL = 1, JSON_NULLABLE = 2 };

/* The words for a type in messages: "a string", "a list", ... */
const char *json_type_word(enum json_type t);
/* Fill R->err with "file:line:col: error: MESSAGE" at v (only "file: error:"
 * when v is NULL) and return -1. */
int json_bad(const struct json_reader *R, const struct json_value *v, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The member key of obj, of type t: 0 with *out the member, or NULL when it
 * is missing or null and flags allow that; -1 with a located message when it
 * is missing, or of another type. */
int json_get(const struct json_reader *R, const struct json_value *obj, const char *key, enum json_type t,
	     unsigned flags, const struct json_value **out);
/* A string of at most max bytes, copied into *dst (its old value freed). */
int json_get_str(const struct json_reader *R, const struct json_value *obj, const char *key, unsigned flags,
		 size_t max, char **dst);
/* A whole number from lo to hi. */
int json_get_int(const struct json_reader *R, const struct json_value *obj, const char *key, unsigned flags,
		 long long lo, long long hi, long long *dst);
/* A number from lo to hi. */
int json_get_real(const struct json_reader *R, const struct json_value *obj, const char *key, unsigned flags,
		  double lo, double hi, double *dst);
int json_get_bool(const struct json_reader *R, const struct json_value *obj, const char *key, unsigned flags,
		  bool *dst);
/* A string that is an ISO 8601 UTC time ("2026-11-25T19:30:00Z", isotime.h). */
int json_get_time(const struct json_reader *R, const struct json_value *obj, const char *key, unsigned flags,
		  char **dst);

#endif
