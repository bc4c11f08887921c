/* libFuzzer target: the strict JSON reader and the result-file reader on
 * arbitrary bytes (what `micoach import` reads from trainees). It must never
 * crash, leak, hang or read out of bounds. Seeds: tests/fuzz/corpus/fuzz_results/
 * (a real result file and a notes file, and small JSON documents). */
#include <stddef.h>
#include <stdint.h>

#include "core/json.h"
#include "io/results.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_value *v = NULL;
	struct results r;
	struct error err;

	if (json_parse((const char *)data, size, "fuzz.json", &v, &err) == 0)
		json_value_free(v);
	if (results_read((const char *)data, size, "fuzz.json", &r, &err) == 0)
		results_release(&r);
	return 0;
}
