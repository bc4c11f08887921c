/* libFuzzer target: the recovery file reader (`micoach recover FILE`) on
 * arbitrary bytes, and, for what it accepts (a version-1 or version-2 file),
 * writing it back with the session record's writer and reading it again: a
 * file micoach wrote must always read back the same, to the byte when
 * written a second time. It must never crash, leak or hang. Seeds:
 * tests/fuzz/corpus/fuzz_recovery/ (version-1 and version-2 files). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/recovery.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* r written to a fresh buffer; NULL when writing failed. */
static char *rewrite(const struct recovery *r, size_t *len)
{
	struct error err = {0};
	char *buf = NULL;
	FILE *mem = open_memstream(&buf, len);

	if (!mem)
		return NULL;
	if (recovery_write(mem, &r->session, r->database, r->reason, r->saved, &err) != 0) {
		fclose(mem);
		free(buf);
		return NULL;
	}
	if (fclose(mem) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct recovery r, again;
	struct error err = {0};
	char *buf, *buf2;
	size_t len = 0, len2 = 0;

	if (recovery_read((const char *)data, size, "fuzz.json", &r, &err))
		return 0;
	if ((buf = rewrite(&r, &len))) {
		if (recovery_read(buf, len, "rewritten.json", &again, &err) != 0 ||
		    again.session.nturns != r.session.nturns)
			abort();
		/* Written again from what was read back: the same bytes. */
		if ((buf2 = rewrite(&again, &len2))) {
			if (len2 != len || memcmp(buf, buf2, len))
				abort();
			free(buf2);
		}
		recovery_release(&again);
		free(buf);
	}
	recovery_release(&r);
	return 0;
}
