/* io/clock.c: see clock.h. */
#include "io/clock.h"

#include <time.h>

void iso_now(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	if (!strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm) && n)
		buf[0] = '\0';
}
