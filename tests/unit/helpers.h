/* helpers.h: fixtures the unit tests share (tests/unit/test_*.c). */
#ifndef MICOACH_TEST_HELPERS_H
#define MICOACH_TEST_HELPERS_H

#include <stdio.h>
#include <stdlib.h>

#include "core/util.h"

/* Remove a test's temporary directory and all it holds; says so when it cannot. */
static inline void test_dir_remove(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(cmd);
}

#endif
