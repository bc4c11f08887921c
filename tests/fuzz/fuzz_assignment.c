/* libFuzzer target: the assignment reader (yamldoc and assignment_parse) on
 * arbitrary bytes, as `micoach assignment add` reads a trainer's file, then
 * writing what loaded and reading it back. Seeds: tests/fuzz/corpus/fuzz_assignment/. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/assignment.h"
#include "yaml/assignment_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list dl = {0};
	struct assignment a;

	if (assignment_parse((const char *)data, size, "fuzz.yaml", &a, &dl) == 0) {
		struct strbuf sb = {0};
		struct assignment b;
		assignment_format_yaml(&a, &sb);
		/* What we write must read back. */
		if (assignment_parse(sb.buf, sb.len, "again.yaml", &b, &dl) != 0)
			abort();
		assignment_release(&b);
		strbuf_release(&sb);
	}
	assignment_release(&a);
	diag_list_release(&dl);
	return 0;
}
