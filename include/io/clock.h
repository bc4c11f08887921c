/* clock.h: the time now, for the records micoach writes. The one place
 * that reads the clock; the core takes times as text (core/isotime.h). */
#ifndef MICOACH_CLOCK_H
#define MICOACH_CLOCK_H

#include <stddef.h>

/* Current UTC time as ISO 8601 "2026-11-25T19:30:00Z" into buf (>= 21 bytes). */
void iso_now(char *buf, size_t n);

#endif
