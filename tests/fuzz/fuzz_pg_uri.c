/* libFuzzer target: finding the password in a PostgreSQL URI (store/pg.c's
 * userinfo and ?password= scanning, which decides what no message may
 * show), on arbitrary text. It must never crash or read out of bounds, and
 * it finds a password only where one can be: after "://" before an '@', or
 * in a password= parameter. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_pg.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size);
	const char *scheme = strstr(s, "://");

	if (pg_uri_has_password(s) && !(scheme && strchr(scheme, '@')) && !strstr(s, "password="))
		abort();
	(void)pg_uri_is(s);
	free(s);
	return 0;
}
