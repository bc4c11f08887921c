/* libFuzzer target: the JSON and CSV writers (emit.h) and the session
 * record's writer (session_write.h) on arbitrary text. Whatever the bytes,
 * the JSON written must parse with the strict reader (json.h), never carry
 * a raw ESC or C1 control, and, for valid UTF-8 without NUL, give the text
 * back exactly (a session whose client line, reply and note are the text
 * reads back with the session reader, session_read.h, the same); the CSV
 * row must split back (RFC 4180) into the same fields, with control
 * characters shown inert (never an ESC or a C1 control in the output). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/session_read.h"
#include "core/util.h"
#include "io/emit.h"
#include "io/session_write.h"

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

/* No raw ESC and no C1 control (U+0080..U+009F) in n bytes at s. */
static bool inert(const char *s, size_t n)
{
	if (memchr(s, 0x1b, n))
		return false;
	for (size_t i = 0; i + 1 < n; i++)
		if ((unsigned char)s[i] == 0xc2 && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] < 0xa0)
			return false;
	return true;
}

/* A session whose text is in: written, read back, the same. */
static void session_round_trip(const char *in, size_t n, bool clean)
{
	struct session s = {0}, back = {0};
	struct json_reader R;
	struct json_value *v = NULL;
	struct error err = {0};
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	struct json j;

	if (!mem)
		abort();
	session_set(&s.info.uid, "0123456789abcdef0123456789abcdef");
	session_set(&s.info.user, in);
	session_set(&s.info.scenario_id, "x");
	session_set(&s.info.pack_id, "p");
	session_set(&s.info.pack_version, "1");
	session_set(&s.info.coder_version, "c");
	session_set(&s.info.mode, "coach");
	session_set(&s.info.started, "2026-11-25T19:30:00Z");
	struct session_turn *t = session_turn_add(&s);
	session_set(&t->node_id, "n");
	session_set(&t->client_line, in);
	session_set(&t->reply, in);
	session_set(&t->at, "2026-11-25T19:31:00Z");
	t->coded.ncues = 1;
	t->coded.cues[0] = (struct cue){ CODE_CR, 0, n / 2 };
	snprintf(t->coded.tip, sizeof t->coded.tip, "tip");
	session_turn_add_meter(t, in, 3);
	struct session_note *note = session_note_add(&s);
	session_set(&note->author, "a");
	session_set(&note->text, in);
	session_set(&note->created, "2026-11-25T19:40:00Z");
	json_init(&j, mem, n % 2);
	session_json_write(&j, &s, SESSION_JSON_TURNS | SESSION_JSON_NOTES);
	if (fclose(mem) != 0 || json_parse(buf, len, "fuzz", &v, &err) != 0 || !inert(buf, len))
		abort();
	R = (struct json_reader){ .file = "fuzz", .err = &err };
	if (clean && n <= SESSION_TEXT_MAX && strlen(in) <= 128) {
		if (session_read(&R, v, 0, &back) != 0 || back.nturns != 1 || back.nnotes != 1 ||
		    strcmp(back.info.user, in) || strcmp(back.turns[0].reply, in) ||
		    strcmp(back.turns[0].client_line, in) || strcmp(back.notes[0].text, in) ||
		    back.turns[0].coded.cues[0].len != n / 2 || strcmp(back.turns[0].meter_ids[0], in))
			abort();
	}
	session_release(&back);
	json_value_free(v);
	session_release(&s);
	free(buf);
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
	session_round_trip(in, n, clean);
	free(in);
	return 0;
}
