/* store/schema.c: bringing an SQLite database up to date with the numbered
 * migrations of migrations.c (docs/ARCHITECTURE.md, "The database"). */
#include "store_int.h"
#include "migrations.h"

#include <stdio.h>

#include "core/util.h"

int store_schema_latest(void)
{
	return (int)store_nmigrations;
}

int store_schema_version(struct store *st)
{
	if (st->pg)
		return pgs_schema_version(st->pg);
	long long v = -1;

	if (store_query_int(st, "PRAGMA user_version", &v, NULL, "reading the schema version"))
		return -1;
	return (int)v;
}

static int check_ours_read(struct store *st, struct error *err)
{
	long long v, ntables, ours;

	if (store_query_int(st, "PRAGMA user_version", &v, err, "reading the schema version") ||
	    store_query_int(st, "SELECT count(*) FROM sqlite_master", &ntables, err, "reading the schema"))
		return -1;
	if (v == 0 && ntables)
		return error_set(err, EXIT_DATAERR,
				 "%s: this SQLite database is not a micoach database (it has tables but no "
				 "micoach schema version); use another --db", st->path);
	if (v <= 0)
		return v < 0 ? error_set(err, EXIT_DATAERR, "%s: bad schema version %lld; not a micoach database?",
					 st->path, v) : 0;
	/* The tables of the first schema, which every later one keeps. */
	if (store_query_int(st, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('users', "
			    "'packs', 'scenarios', 'sessions', 'session_scores', 'turns', 'turn_codes', 'turn_meters')",
			    &ours, err, "reading the schema"))
		return -1;
	if (ours != 8)
		return error_set(err, EXIT_DATAERR,
				 "%s: this SQLite database is not a micoach database (schema version %lld, but not "
				 "micoach's tables); use another --db", st->path, v);
	return 0;
}

/* The version and the tables are read in one transaction: read apart,
 * another process's first migration could commit between them, and a new
 * database would look like someone else's (version 0, with tables). */
int store_check_ours(struct store *st, struct error *err)
{
	if (store_exec(st, "BEGIN", err, "reading the schema"))
		return -1;
	if (check_ours_read(st, err) || store_exec(st, "COMMIT", err, "reading the schema")) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

int store_migrate(struct store *st, struct error *err)
{
	long long v, ntables;
	int latest = store_schema_latest();

	if (store_query_int(st, "PRAGMA user_version", &v, err, "reading the schema version"))
		return -1;
	if (v > latest)
		return error_set(err, EXIT_DATAERR,
				 "%s: this database was written by a newer micoach (schema version %lld; "
				 "this micoach knows up to %d); upgrade micoach, or use another --db",
				 st->path, v, latest);
	if (v == latest)
		return 0;
	if (v < 0)
		return error_set(err, EXIT_DATAERR, "%s: bad schema version %lld; not a micoach database?",
				 st->path, v);
	if (store_exec(st, "BEGIN IMMEDIATE", err, "upgrading the database"))
		return -1;
	/* Another process may have migrated while we waited for the lock. */
	if (store_query_int(st, "PRAGMA user_version", &v, err, "reading the schema version"))
		goto fail;
	if (v == 0) {
		if (store_query_int(st, "SELECT count(*) FROM sqlite_master", &ntables, err, "reading the schema"))
			goto fail;
		if (ntables) {
			error_set(err, EXIT_DATAERR,
				  "%s: this SQLite database is not a micoach database (it has tables but no "
				  "micoach schema version); use another --db",
				  st->path);
			goto fail;
		}
	}
	for (; v < latest; v++) {
		char pragma[64];

		if (store_exec(st, store_migrations[v].sqlite, err, "upgrading the database"))
			goto fail;
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %lld", v + 1);
		if (store_exec(st, pragma, err, "upgrading the database"))
			goto fail;
	}
	if (store_exec(st, "COMMIT", err, "upgrading the database"))
		goto fail;
	return 0;
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

