/* isotime.h: the times micoach stores and exchanges, ISO 8601 UTC text
 * ("2026-11-25T19:30:00Z"), which sorts as text. Pure; the clock itself is
 * io/clock.h. */
#ifndef MICOACH_ISOTIME_H
#define MICOACH_ISOTIME_H

#include <stdbool.h>
#include <stddef.h>

enum { ISO_TIME_SIZE = 21 };  /* "2026-11-25T19:30:00Z" and its NUL */

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS]Z", a real calendar day (leap years
 * counted) and a real time of day; true when s is one. */
bool iso_time_valid(const char *s);
/* Days from 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil); negative before it. */
long iso_days_from_civil(long y, long m, long d);

#endif
