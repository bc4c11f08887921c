/* libFuzzer target: the transcript reader on arbitrary bytes. It must never
 * crash, leak or read out of bounds, and when it accepts the input every
 * utterance must be valid UTF-8 text with a line inside the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/transcript.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct transcript t;
	struct diag_list dl = {0};
	size_t lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (transcript_parse((const char *)data, size, "fuzz", &t, &dl) == 0) {
		if (!t.practitioner || dl.errors)
			abort();
		for (size_t i = 0; i < t.n; i++) {
			const char *s = t.items[i].text;
			if (!s || !utf8_valid(s, strlen(s), NULL) || t.items[i].line < 1 ||
			    (size_t)t.items[i].line > lines)
				abort();
			(void)transcript_client_before(&t, i);
			(void)transcript_practitioner_before(&t, i);
		}
	} else if (!dl.errors) {
		abort(); /* a refusal always says why */
	}
	transcript_release(&t);
	diag_list_release(&dl);
	return 0;
}
