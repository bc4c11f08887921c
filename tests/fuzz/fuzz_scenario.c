/* libFuzzer target: the scenario loader on arbitrary bytes (a single-file
 * pack or a lone scenario held in memory), then the lint over whatever
 * loads. It must never crash, leak, hang or read out of bounds; refusals are
 * the expected outcome for most inputs. Seeds: tests/fuzz/corpus/fuzz_scenario/. */
#include <stddef.h>
#include <stdint.h>

#include "core/scenario.h"
#include "core/validate.h"
#include "yaml/pack_load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list dl = {0};
	struct pack *p = NULL;

	if (pack_load_buffer("fuzz.yaml", (const char *)data, size, &p, &dl) == 0) {
		validate_pack(p, &dl);
		pack_free(p);
	}
	diag_list_release(&dl);
	return 0;
}
