/* migrations.h: the schema's numbered migrations, one list in two dialects
 * (migrations.c): schema.c runs the SQLite text, pg_schema.c the
 * PostgreSQL one. Private to src/store/. */
#ifndef MICOACH_STORE_MIGRATIONS_H
#define MICOACH_STORE_MIGRATIONS_H

#include <stddef.h>

struct migration {
	const char *what;          /* for messages: "the first schema" */
	const char *sqlite;
	const char *postgresql;
};
/* Migration i + 1 at index i. */
extern const struct migration store_migrations[];
extern const size_t store_nmigrations;

#endif
