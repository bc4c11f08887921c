/* core/isotime.c: see isotime.h. */
#include "core/isotime.h"

#include <string.h>

static bool digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

static int month_days(int year, int mon)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return mon == 2 && leap ? 29 : days[mon - 1];
}

long iso_days_from_civil(long y, long m, long d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

bool iso_time_valid(const char *s)
{
	size_t n = strlen(s);
	int year, mon, day;

	if (n < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
	    !digits(s + 8, 2))
		return false;
	year = two(s) * 100 + two(s + 2);
	mon = two(s + 5);
	day = two(s + 8);
	if (mon < 1 || mon > 12 || day < 1 || day > month_days(year, mon))
		return false;
	if (n == 10)
		return true;
	if (s[10] != 'T' || n < 17 || !digits(s + 11, 2) || s[13] != ':' || !digits(s + 14, 2) ||
	    two(s + 11) > 23 || two(s + 14) > 59)
		return false;
	if (s[16] == 'Z') /* the Z (UTC) is required */
		return n == 17;
	return n == 20 && s[16] == ':' && digits(s + 17, 2) && two(s + 17) <= 59 && s[19] == 'Z';
}
