/* libFuzzer target: the recovery file reader (`micoach recover FILE`) on
 * arbitrary bytes, and, for what it accepts, writing it back and reading it
 * again: a file micoach wrote must always read back the same. It must never
 * crash, leak or hang. Seeds: tests/fuzz/corpus/fuzz_recovery/. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "io/recovery.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct recovery r, again;
	struct error err = {0};
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;

	if (recovery_read((const char *)data, size, "fuzz.json", &r, &err))
		return 0;
	if ((mem = open_memstream(&buf, &len))) {
		if (recovery_write(mem, &r, &err) == 0 && fclose(mem) == 0) {
			if (recovery_read(buf, len, "rewritten.json", &again, &err) != 0 ||
			    again.session.nturns != r.session.nturns)
				abort();
			recovery_release(&again);
		}
		free(buf);
	}
	recovery_release(&r);
	return 0;
}
