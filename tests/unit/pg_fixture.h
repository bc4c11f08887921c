/* pg_fixture.h: the store's unit tests run a second time on the
 * organisation's PostgreSQL store, against the real server
 * tests/pg/server.sh starts for make test ($MICOACH_TEST_PG, a URI for its
 * superuser; PGHOST and PGPORT point at it). pg_fixture_db() gives each
 * test a fresh database with the schema made by `db init`'s
 * pg_store_init(), owned by the administrator u_admin (a CREATEROLE role,
 * not a superuser, as docs/organisation.md sets one up), and returns the
 * URI the test opens as a path. Include it after <cmocka.h>. */
#ifndef MICOACH_TEST_PG_FIXTURE_H
#define MICOACH_TEST_PG_FIXTURE_H

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>

#include "store/store_pg.h"
#include "core/util.h"

/* One statement as the superuser; the test fails when it does. */
static inline void pg_fixture_exec(const char *sql)
{
	PGconn *c = PQconnectdb(getenv("MICOACH_TEST_PG"));
	PGresult *res;

	PQclear(PQexec(c, "SET client_min_messages = warning"));
	res = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql) : NULL;

	if (!res || PQresultStatus(res) != PGRES_COMMAND_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(c));
	PQclear(res);
	PQfinish(c);
}

/* The group's setup: the administrator exists; its password reaches every
 * connection of the test (and its children) through PGPASSWORD. */
static inline int pg_fixture_setup(void **state)
{
	PGconn *c;
	PGresult *res;

	(void)state;
	if (!getenv("MICOACH_TEST_PG")) {
		fprintf(stderr, "MICOACH_TEST_PG is not set: run under tests/pg/server.sh (make test does)\n");
		return -1;
	}
	c = PQconnectdb(getenv("MICOACH_TEST_PG"));
	res = PQexec(c, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'u_admin') THEN "
		     "CREATE ROLE u_admin LOGIN CREATEROLE PASSWORD 'u_admin-pw'; END IF; END $$");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fprintf(stderr, "cannot set up the test server: %s", PQerrorMessage(c));
		PQclear(res);
		PQfinish(c);
		return -1;
	}
	PQclear(res);
	PQfinish(c);
	setenv("PGPASSWORD", "u_admin-pw", 1);
	return 0;
}

/* A fresh database for name ("turns.db" becomes t_turns_db) with the
 * current schema; its URI, for the caller to free. */
static inline char *pg_fixture_db(const char *name)
{
	struct strbuf db = {0};
	struct pg_store *ps;
	struct error err = {0};
	char *sql, *uri;
	int from, to;

	strbuf_adds(&db, "t_");
	for (const char *p = name; *p; p++)
		strbuf_addf(&db, "%c", (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ? *p : '_');
	sql = xasprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", db.buf);
	pg_fixture_exec(sql);
	free(sql);
	sql = xasprintf("CREATE DATABASE %s OWNER u_admin", db.buf);
	pg_fixture_exec(sql);
	free(sql);
	uri = xasprintf("postgresql://u_admin@/%s", db.buf);
	if (pg_store_connect(uri, &ps, &err) || pg_store_init(ps, &from, &to, &err))
		fail_msg("the schema in %s: %s", db.buf, err.msg);
	pg_store_close(ps);
	strbuf_release(&db);
	return uri;
}

#endif
