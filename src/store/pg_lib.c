/* store/pg_lib.c: libpq, opened with dlopen() the first time a
 * postgresql:// store is used (pg_int.h says why). The table's entries
 * have libpq's own types (pg_int.h takes them from libpq-fe.h), so a
 * call through it is checked by the compiler as a direct call would be. */
#define PG_LIB_REAL /* the table's fields by libpq's names, not its macros */
#include "pg_int.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"

struct pg_lib pg_lib_fn;

/* libpq's soname on Debian (libpq5), and the development link. */
static const char *const sonames[] = { "libpq.so.5", "libpq.so" };

bool pg_lib_load(struct error *err)
{
	static int state; /* 0 not tried, 1 loaded, -1 failed */
	static char why[256];
	void *h = NULL;

	if (state == 0) {
		for (size_t i = 0; i < ARRAY_SIZE(sonames) && !h; i++)
			h = dlopen(sonames[i], RTLD_NOW | RTLD_LOCAL);
		if (!h) {
			const char *e = dlerror();
			snprintf(why, sizeof why, "%s", e ? e : "not found");
			state = -1;
		} else {
			state = 1;
#define PG_LIB_SYM(name)                                                                  \
	if (state == 1) {                                                                 \
		void *sym = dlsym(h, #name);                                              \
		if (!sym) {                                                               \
			snprintf(why, sizeof why, "%s has no %s", sonames[0], #name);    \
			state = -1;                                                       \
		}                                                                         \
		memcpy(&pg_lib_fn.name, &sym, sizeof sym);                                \
	}
			PG_LIB_FUNCS(PG_LIB_SYM)
#undef PG_LIB_SYM
		}
	}
	if (state < 0) {
		if (err)
			error_set(err, EXIT_IOERR,
				  "cannot load the PostgreSQL client library (%s); install it (Debian: apt-get install libpq5) "
				  "or use a SQLite database (--db FILE)", why);
		return false;
	}
	return true;
}
