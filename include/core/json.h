/* json.h: a small strict JSON reader (RFC 8259) for untrusted files: result
 * files and trainer notes that trainees and trainers send each other. Pure:
 * it reads a buffer and builds a tree. No comments, no trailing commas, no
 * duplicate keys, no NUL in strings, valid UTF-8 only, a nesting cap and a
 * value-count cap; every error is located ("file:line:col: ..."). Writing
 * JSON is emit.h's job. json_value_free frees a tree from json_parse. */
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
/* The member's string / integer, or dflt when missing or of another type. */
const char *json_member_string(const struct json_value *v, const char *key, const char *dflt);
long long json_member_int(const struct json_value *v, const char *key, long long dflt);

#endif
