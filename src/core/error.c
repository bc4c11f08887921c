/* error.c: filling in struct error. */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>

int error_set(struct error *err, int status, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	err->status = status;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return -1;
}
