/* libFuzzer target: the JSON and CSV writers (emit.h) on arbitrary text.
 * Whatever the bytes, the JSON written must parse with the strict reader
 * (json.h) and, for valid UTF-8 without NUL, give the text back exactly;
 * the CSV row must split back (RFC 4180) into the same fields, with control
 * characters shown inert (never an ESC or a C1 control in the output). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/emit.h"
#include "core/json.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Split one RFC 4180 row (ending in CRLF) into at most max fields, each
 * malloc'd; returns how many, or -1 when the row is malformed. */
static int csv_split(const char *s, size_t n, char **f, int max)
{
	size_t i = 0;
	int nf = 0;

	for (;;) {
		struct strbuf sb = {0};
		if (nf == max)
			return -1;
		strbuf_add(&sb, "", 0);
		if (i < n && s[i] == '"') {
			for (i++;; i++) {
				if (i >= n)
					return -1;
				if (s[i] == '"') {
					if (i + 1 < n && s[i + 1] == '"') {
						strbuf_add(&sb, "\"", 1);
						i++;
						continue;
					}
					i++;
					break;
				}
				strbuf_add(&sb, s + i, 1);
			}
		} else {
			while (i < n && s[i] != ',' && s[i] != '\r') {
				if (s[i] == '"' || s[i] == '\n')
					return -1;
				strbuf_add(&sb, s + i, 1);
				i++;
			}
		}
		f[nf++] = strbuf_detach(&sb);
		if (i < n && s[i] == ',') {
			i++;
			continue;
		}
		return i + 2 == n && s[i] == '\r' && s[i + 1] == '\n' ? nf : -1;
	}
}

/* A C1 control, line separator or bidi control at u (UTF-8): 0 when none. */
static bool active_at(const unsigned char *u)
{
	return (u[0] == 0xc2 && u[1] >= 0x80 && u[1] < 0xa0) ||
	       (u[0] == 0xe2 && u[1] == 0x80 && u[2] >= 0xa8 && u[2] <= 0xae) ||
	       (u[0] == 0xe2 && u[1] == 0x81 && u[2] >= 0xa6 && u[2] <= 0xa9);
}

/* Text the CSV writer keeps byte for byte: no control character but tab,
 * CR and LF, no C1 control, line separator or bidi control. */
static bool csv_plain(const char *s)
{
	for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
		if ((*u < 0x20 && *u != '\t' && *u != '\n' && *u != '\r') || *u == 0x7f)
			return false;
		if (active_at(u))
			return false;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = xstrndup((const char *)data, size); /* up to the first NUL */
	size_t n = strlen(in);
	bool clean = utf8_valid(in, n, NULL);
	char *buf = NULL, *f[4] = {0};
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	struct json j;
	struct json_value *v = NULL;
	struct error err;
	struct csv c;
	int nf;

	if (!mem)
		abort();
	json_init(&j, mem, size % 2);
	json_object_begin(&j);
	json_kv_string(&j, "s", in);
	json_key(&j, "a");
	json_array_begin(&j);
	json_stringn(&j, in, n / 2); /* a prefix, maybe cutting a character in two */
	json_double(&j, (double)size / 7.0, 3);
	json_array_end(&j);
	json_object_end(&j);
	fflush(mem);
	if (json_parse(buf, len, "fuzz", &v, &err) != 0)
		abort();
	const char *back = json_member_string(v, "s", NULL);
	if (!back || (clean && strcmp(back, in)))
		abort();
	json_value_free(v);

	fseek(mem, 0, SEEK_SET);
	len = 0;
	csv_init(&c, mem);
	csv_raw(&c, in);
	csv_text(&c, in);
	csv_int(&c, (long long)size);
	csv_row_end(&c);
	fflush(mem);
	nf = csv_split(buf, len, f, 4);
	if (nf != 3)
		abort();
	/* CSV shows control characters inert: never an ESC, a C1 or a bidi control. */
	if (memchr(buf, 0x1b, len))
		abort();
	for (size_t i = 0; i + 2 < len; i++)
		if (active_at((const unsigned char *)buf + i))
			abort();
	if (clean && csv_plain(in)) {
		bool formula = in[0] == '=' || in[0] == '+' || in[0] == '-' || in[0] == '@';
		if (strcmp(f[0], in) || strcmp(f[1] + formula, in) || (formula && f[1][0] != '\''))
			abort();
	}
	for (int i = 0; i < nf; i++)
		free(f[i]);
	fclose(mem);
	free(buf);
	free(in);
	return 0;
}
