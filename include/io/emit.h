/* emit.h: writing JSON and CSV correctly, for every command that prints
 * machine-readable output (history, show, export, code --json, reports).
 * JSON: strings escaped (control characters, quotes, backslashes, U+2028/9),
 * invalid UTF-8 replaced by U+FFFD, NaN and infinities written as null.
 * CSV: RFC 4180 (fields quoted when they hold a comma, quote, CR or LF;
 * quotes doubled; rows end with CRLF). Both write straight to a FILE. */
#ifndef MICOACH_EMIT_H
#define MICOACH_EMIT_H

#include <stdbool.h>
#include <stdio.h>

enum { JSON_MAX_DEPTH = 32 };

/* A streaming JSON writer. Zero-initialise and set out (or json_init). Values
 * inside an object must follow json_key. With pretty, nested values are
 * indented two spaces; without, everything is on one line (JSON lines). */
struct json {
	FILE *out;
	bool pretty;
	int depth;
	bool need_comma[JSON_MAX_DEPTH];
	bool after_key;
};

void json_init(struct json *j, FILE *out, bool pretty);
void json_object_begin(struct json *j);
void json_object_end(struct json *j);
void json_array_begin(struct json *j);
void json_array_end(struct json *j);
void json_key(struct json *j, const char *key);
void json_string(struct json *j, const char *s);       /* NULL writes null */
void json_stringn(struct json *j, const char *s, size_t n);
void json_int(struct json *j, long long v);
void json_double(struct json *j, double v, int decimals); /* non-finite: null */
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
/* End a top-level value with a newline (one object a line). */
void json_newline(struct json *j);
/* Shorthands for "key": value inside an object. */
void json_kv_string(struct json *j, const char *key, const char *s);
void json_kv_int(struct json *j, const char *key, long long v);
void json_kv_double(struct json *j, const char *key, double v, int decimals);
void json_kv_bool(struct json *j, const char *key, bool v);
/* Append s to out as a JSON string literal with its quotes. */
void json_quote(FILE *out, const char *s, size_t n);

/* An RFC 4180 CSV writer: csv_text / csv_int ... for each field, csv_row_end
 * after each row. Text that a spreadsheet would run as a formula (starting
 * with = + - @) is prefixed with a single quote, as OWASP advises. */
struct csv {
	FILE *out;
	bool row_started;
};

void csv_init(struct csv *c, FILE *out);
void csv_text(struct csv *c, const char *s);            /* NULL: empty field */
void csv_raw(struct csv *c, const char *s);             /* no formula guard (ids, dates) */
void csv_int(struct csv *c, long long v);
void csv_double(struct csv *c, double v, int decimals); /* non-finite: empty */
void csv_empty(struct csv *c);
void csv_row_end(struct csv *c);

#endif
