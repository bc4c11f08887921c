/* libFuzzer target: the strict JSON reader and the result-file reader on
 * arbitrary bytes (what `micoach import` reads from trainees), and, for what
 * it accepts (a version-1 or version-2 result or notes file), writing it
 * again with the session record's writer: that must read back with as many
 * sessions, turns and notes. It must never crash, leak, hang or read out of
 * bounds. Seeds: tests/fuzz/corpus/fuzz_results/ (result and notes files of
 * both versions, and small JSON documents). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/json.h"
#include "io/results.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t turns_of(const struct results *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nsessions; i++)
		n += r->sessions[i].nturns;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_value *v = NULL;
	struct results r, again;
	struct error err;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;

	if (json_parse((const char *)data, size, "fuzz.json", &v, &err) == 0)
		json_value_free(v);
	if (results_read((const char *)data, size, "fuzz.json", &r, &err) != 0)
		return 0;
	if ((mem = open_memstream(&buf, &len))) {
		if (results_write(mem, &r, &err) == 0 && fclose(mem) == 0) {
			if (results_read(buf, len, "rewritten.json", &again, &err) != 0 ||
			    again.nsessions != r.nsessions || again.nnotes != r.nnotes ||
			    turns_of(&again) != turns_of(&r))
				abort();
			results_release(&again);
		}
		free(buf);
	}
	results_release(&r);
	return 0;
}
