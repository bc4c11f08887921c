/* store/pg_schema.c: bringing an organisation's PostgreSQL database up to
 * date with the numbered migrations of migrations.c (their PostgreSQL text:
 * the tables in the schema "micoach", the roles, rights and row-level
 * security), and telling a store whose schema this build cannot use.
 * micoach.migrations records the versions applied, as PRAGMA user_version
 * does in SQLite. */
#include "pg_int.h"
#include "migrations.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/util.h"

int pg_store_schema_latest(void)
{
	return (int)store_nmigrations;
}

int pg_store_schema_version(struct pg_store *ps, int *version, struct error *err)
{
	PGresult *res = pg_query(ps, "SELECT to_regclass('micoach.migrations') IS NOT NULL", 0, NULL, err,
				 "reading the schema version");

	if (!res)
		return -1;
	*version = 0;
	if (pg_bool(res, 0, 0)) {
		PQclear(res);
		if (!(res = pg_query(ps, "SELECT coalesce(max(version), 0) FROM micoach.migrations", 0, NULL, err,
				     "reading the schema version")))
			return -1;
		*version = atoi(PQgetvalue(res, 0, 0));
	}
	PQclear(res);
	return 0;
}

static int newer_schema(struct pg_store *ps, int version, struct error *err)
{
	return error_set(err, EXIT_DATAERR,
			 "%s: the micoach schema is at version %d, written by a newer micoach (this one knows "
			 "version %d); upgrade micoach", ps->name, version, pg_store_schema_latest());
}

int pg_store_require(struct pg_store *ps, struct error *err)
{
	int v;

	if (pg_store_schema_version(ps, &v, err))
		return -1;
	if (v > pg_store_schema_latest())
		return newer_schema(ps, v, err);
	if (v == 0)
		return error_set(err, EXIT_DATAERR,
				 "%s: no micoach schema in this database; the administrator creates it with "
				 "'micoach db init' (docs/organisation.md)", ps->name);
	if (v < pg_store_schema_latest())
		return error_set(err, EXIT_DATAERR,
				 "%s: the micoach schema is at version %d, older than this micoach (version %d); "
				 "the administrator upgrades it with 'micoach db init'",
				 ps->name, v, pg_store_schema_latest());
	return 0;
}

/* Every pending migration, inside the caller's transaction. */
static int migrate(struct pg_store *ps, int from, struct error *err)
{
	for (int v = from; v < pg_store_schema_latest(); v++) {
		char num[16];
		const char *p[] = { num };
		char *what = xasprintf("migrating to schema version %d (%s)", v + 1, store_migrations[v].what);
		int rc;

		snprintf(num, sizeof num, "%d", v + 1);
		rc = pg_script(ps, store_migrations[v].postgresql, err, what);
		if (!rc)
			rc = pg_command(ps, "INSERT INTO migrations(version, applied, by_role) "
					"VALUES ($1::int, iso_now(), current_user)", 1, p, err, what);
		free(what);
		if (rc)
			return -1;
	}
	return 0;
}

int pg_store_init(struct pg_store *ps, int *from, int *to, struct error *err)
{
	int v;

	if (pg_store_schema_version(ps, &v, err))
		return -1;
	*from = *to = v;
	if (v > pg_store_schema_latest())
		return newer_schema(ps, v, err);
	if (v == pg_store_schema_latest())
		return 0;
	if (pg_begin(ps, err))
		return -1;
	/* One migrator at a time (per database); the version is read again
	 * under the lock, so a second `db init` racing this one does nothing. */
	if (pg_command(ps, "SELECT pg_advisory_xact_lock(hashtext('micoach migrations'))", 0, NULL, err,
		       "waiting for another migration") ||
	    pg_script(ps, "CREATE SCHEMA IF NOT EXISTS micoach;\n"
		      "CREATE TABLE IF NOT EXISTS micoach.migrations (\n"
		      "  version integer PRIMARY KEY,\n"
		      "  applied text NOT NULL,\n"
		      "  by_role text NOT NULL\n"
		      ");\n", err, "creating the micoach schema") ||
	    pg_store_schema_version(ps, &v, err))
		goto fail;
	*from = v;
	if (v > pg_store_schema_latest()) {
		newer_schema(ps, v, err);
		goto fail;
	}
	if (migrate(ps, v, err) || pg_commit(ps, err))
		goto fail;
	*to = pg_store_schema_latest();
	return 0;
fail:
	pg_rollback(ps);
	return -1;
}
