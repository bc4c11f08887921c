/* error.h: exit statuses (sysexits.h values, documented in micoach(1)) and the
 * error record that every fallible function fills in. A function that can fail
 * returns 0 on success or -1 with *err set; err may be NULL. */
#ifndef MICOACH_ERROR_H
#define MICOACH_ERROR_H

enum exit_status {
	EXIT_OK = 0,
	EXIT_USAGE = 64,     /* bad command line */
	EXIT_DATAERR = 65,   /* bad scenario, transcript or result file */
	EXIT_NOINPUT = 66,   /* a named input (scenario, file, session) does not exist */
	EXIT_SOFTWARE = 70,  /* internal error */
	EXIT_IOERR = 74,     /* cannot read or write a file or the database */
	EXIT_TEMPFAIL = 75,  /* database busy: try again */
};

struct error {
	int status;          /* an enum exit_status */
	char msg[1024];      /* one line, already located: "file:line:col: what; how to fix" */
};

/* Fill *err (when not NULL) and return -1, so callers can `return error_set(...)`. */
int error_set(struct error *err, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
