/* Unit tests of the organisation's PostgreSQL store (store/pg*.c) against a
 * real server: the throwaway one tests/pg/server.sh starts for make test
 * ($MICOACH_TEST_PG, a URI for its superuser; PGHOST and PGPORT point at
 * it). Each test has its own database; roles are the server's, so each
 * test names its own. The administrator is a CREATEROLE role owning the
 * database, not a superuser, as docs/organisation.md sets it up. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"
#include "store/store_recovered.h"
#include "store/store_pg.h"
#include "core/util.h"
#include "helpers.h"

static PGconn *super;

/* One statement as the superuser, in database db (NULL: the first one);
 * the first value of its first row, or NULL (the caller frees). */
static char *super_sql(const char *db, const char *sql)
{
	PGconn *c = super;
	PGresult *res;
	char *v = NULL;

	if (db) {
		char *uri = xasprintf("postgresql://postgres@/%s", db);
		c = PQconnectdb(uri);
		free(uri);
		if (PQstatus(c) != CONNECTION_OK)
			fail_msg("connecting to %s: %s", db, PQerrorMessage(c));
	}
	res = PQexec(c, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(c));
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0 && !PQgetisnull(res, 0, 0))
		v = xstrdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	if (db)
		PQfinish(c);
	return v;
}

static void super_do(const char *db, const char *sql)
{
	free(super_sql(db, sql));
}

static int setup(void **state)
{
	const char *uri = getenv("MICOACH_TEST_PG");

	(void)state;
	if (!uri) {
		fprintf(stderr, "MICOACH_TEST_PG is not set: run under tests/pg/server.sh (make test does)\n");
		return -1;
	}
	super = PQconnectdb(uri);
	if (PQstatus(super) != CONNECTION_OK) {
		fprintf(stderr, "cannot connect to the test server: %s", PQerrorMessage(super));
		return -1;
	}
	PQclear(PQexec(super, "SET client_min_messages = warning"));
	super_do(NULL, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'u_admin') THEN "
		 "CREATE ROLE u_admin LOGIN CREATEROLE PASSWORD 'u_admin-pw'; END IF; END $$");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	PQfinish(super);
	return 0;
}

/* A fresh database for one test, owned by the administrator. */
static void new_db(const char *name)
{
	char *sql = xasprintf("DROP DATABASE IF EXISTS %s", name);

	super_do(NULL, sql);
	free(sql);
	sql = xasprintf("CREATE DATABASE %s OWNER u_admin", name);
	super_do(NULL, sql);
	free(sql);
}

/* Connect to db as role with its password (NULL: none). */
static int connect_as(const char *db, const char *role, const char *password, struct pg_store **ps,
		      struct error *err)
{
	char *uri = xasprintf("postgresql://%s@/%s", role, db);
	int rc;

	if (password)
		setenv("PGPASSWORD", password, 1);
	rc = pg_store_connect(uri, ps, err);
	unsetenv("PGPASSWORD");
	free(uri);
	return rc;
}

static struct pg_store *admin(const char *db)
{
	struct pg_store *ps = NULL;
	struct error err = {0};

	if (connect_as(db, "u_admin", "u_admin-pw", &ps, &err))
		fail_msg("connecting as the administrator: %s", err.msg);
	return ps;
}

static struct pg_store *admin_init(const char *db)
{
	struct pg_store *ps;
	struct error err = {0};
	int from, to;

	new_db(db);
	ps = admin(db);
	if (pg_store_init(ps, &from, &to, &err))
		fail_msg("pg_store_init: %s", err.msg);
	return ps;
}

static void add_user(struct pg_store *ps, const char *name, const char *role, const char *cohort,
		     const char *password, struct pg_user_added *out)
{
	struct pg_user_add u = { .name = name, .role = role, .cohort = cohort, .password = password };
	struct pg_user_added tmp;
	struct error err = {0};

	if (pg_store_add_user(ps, &u, out ? out : &tmp, &err))
		fail_msg("pg_store_add_user(%s): %s", name, err.msg);
}

static void test_uri_is_recognised_by_its_scheme(void **state)
{
	(void)state;
	assert_true(pg_uri_is("postgresql://db.example.org/micoach"));
	assert_true(pg_uri_is("postgres://"));
	assert_false(pg_uri_is("micoach.db"));
	assert_false(pg_uri_is("/home/me/postgresql://x"));
	assert_false(pg_uri_is("host=db dbname=micoach"));
	assert_false(pg_uri_is(NULL));
	assert_true(pg_uri_has_password("postgresql://me:pw@host/db"));
	assert_true(pg_uri_has_password("postgresql://me@host/db?sslmode=require&password=pw"));
	assert_false(pg_uri_has_password("postgresql://me@host/db"));
	assert_false(pg_uri_has_password("postgresql:///db?host=/run/x"));
}

/* Every table and column of the SQLite schema is in the PostgreSQL one,
 * made by the same migrations: the two stores keep the same record. */
static void test_both_dialects_make_the_same_tables(void **state)
{
	struct pg_store *ps = admin_init("u_same");
	struct store *lite;
	struct error err = {0};
	char path[] = "/tmp/micoach-pg-same.XXXXXX", *db, *cmd, line[256];
	FILE *p;
	int checked = 0;

	(void)state;
	pg_store_close(ps);
	assert_int_equal(pg_store_schema_latest(), store_schema_latest());
	assert_non_null(mkdtemp(path));
	db = xasprintf("%s/s.db", path);
	if (store_open(db, &lite, &err))
		fail_msg("%s", err.msg);
	store_close(lite);
	cmd = xasprintf("sqlite3 -batch -noheader '%s' \"SELECT m.name || '.' || c.name FROM sqlite_master m, "
			"pragma_table_info(m.name) c WHERE m.type = 'table'\"", db);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof line, p)) {
		char *dot = strchr(line, '.'), *sql, *found;
		line[strcspn(line, "\n")] = '\0';
		assert_non_null(dot);
		*dot = '\0';
		sql = xasprintf("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'micoach' "
				"AND table_name = '%s' AND column_name = '%s'", line, dot + 1);
		found = super_sql("u_same", sql);
		if (strcmp(found, "1"))
			fail_msg("%s.%s is in the SQLite schema, not in the PostgreSQL one", line, dot + 1);
		free(found);
		free(sql);
		checked++;
	}
	assert_int_equal(pclose(p), 0);
	assert_true(checked > 80);
	free(cmd);
	free(db);
	test_tmpdir_remove(path);
}

static void test_connect_refuses_what_is_not_a_uri(void **state)
{
	struct pg_store *ps = NULL;
	struct error err = {0};

	(void)state;
	assert_int_equal(pg_store_connect("dbname=micoach", &ps, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_null(ps);
}

static void test_unreachable_server_is_a_temporary_failure(void **state)
{
	struct pg_store *ps = NULL;
	struct error err = {0};
	time_t t0 = time(NULL);

	(void)state;
	assert_int_equal(pg_store_connect("postgresql://nobody@/micoach?host=/nonexistent/dir", &ps, &err), -1);
	assert_int_equal(err.status, EXIT_TEMPFAIL);
	assert_non_null(strstr(err.msg, "cannot reach the PostgreSQL server"));
	assert_non_null(strstr(err.msg, "postgresql://nobody@/micoach?host=/nonexistent/dir"));
	assert_true(time(NULL) - t0 < 5);
}

static void test_messages_never_show_the_password(void **state)
{
	struct pg_store *ps = NULL;
	struct error err = {0};
	const char *host = getenv("PGHOST");
	char *uri;

	(void)state;
	/* A wrong password, percent-encoded in the URI: refused, not shown. */
	uri = xasprintf("postgresql://u_admin:Secret%%21Word@/postgres?host=%s", host);
	assert_int_equal(pg_store_connect(uri, &ps, &err), -1);
	assert_int_equal(err.status, EXIT_IOERR);
	assert_non_null(strstr(err.msg, "password authentication failed"));
	assert_null(strstr(err.msg, "Secret"));
	free(uri);
	/* A URI libpq cannot parse, whose message would quote the password. */
	uri = xasprintf("postgresql://u_admin:Secret%%zzWord@/postgres?host=%s", host);
	assert_int_equal(pg_store_connect(uri, &ps, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_null(strstr(err.msg, "Secret"));
	assert_null(strstr(err.msg, "zzWord"));
	free(uri);
	/* Connected with the password in the URI: the name leaves it out. */
	uri = xasprintf("postgresql://u_admin:u_admin-pw@/postgres?host=%s", host);
	if (pg_store_connect(uri, &ps, &err))
		fail_msg("connect: %s", err.msg);
	assert_null(strstr(pg_store_name(ps), "u_admin-pw"));
	assert_non_null(strstr(pg_store_name(ps), "postgresql://u_admin@/postgres?host="));
	assert_string_equal(pg_store_role(ps), "u_admin");
	pg_store_close(ps);
	free(uri);
}

static void test_init_creates_the_latest_schema_once(void **state)
{
	struct pg_store *ps;
	struct error err = {0};
	int from = -1, to = -1, v = -1;
	char *rows;

	(void)state;
	new_db("u_init");
	ps = admin("u_init");
	assert_int_equal(pg_store_schema_version(ps, &v, &err), 0);
	assert_int_equal(v, 0);
	assert_int_equal(pg_store_require(ps, &err), -1);
	assert_int_equal(err.status, EXIT_DATAERR);
	assert_non_null(strstr(err.msg, "micoach db init"));
	if (pg_store_init(ps, &from, &to, &err))
		fail_msg("init: %s", err.msg);
	assert_int_equal(from, 0);
	assert_int_equal(to, pg_store_schema_latest());
	assert_int_equal(pg_store_require(ps, &err), 0);
	/* Twice: nothing to do, nothing changed. */
	assert_int_equal(pg_store_init(ps, &from, &to, &err), 0);
	assert_int_equal(from, pg_store_schema_latest());
	assert_int_equal(to, pg_store_schema_latest());
	pg_store_close(ps);
	rows = super_sql("u_init", "SELECT count(*) || ' ' || max(by_role) FROM micoach.migrations");
	{
		char *want = xasprintf("%d u_admin", pg_store_schema_latest());
		assert_string_equal(rows, want);
		free(want);
	}
	free(rows);
	/* Every table but the catalog's is under row-level security. */
	rows = super_sql("u_init", "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class c "
			 "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'micoach' "
			 "AND c.relkind = 'r' AND NOT c.relrowsecurity");
	assert_string_equal(rows, "migrations,packs,scenarios");
	free(rows);
}

static void test_init_refuses_a_newer_schema(void **state)
{
	struct pg_store *ps = admin_init("u_newer");
	struct error err = {0};
	char *sql = xasprintf("INSERT INTO micoach.migrations VALUES (%d, 'later', 'someone')",
			      pg_store_schema_latest() + 1);
	int from, to;

	(void)state;
	super_do("u_newer", sql);
	free(sql);
	assert_int_equal(pg_store_init(ps, &from, &to, &err), -1);
	assert_int_equal(err.status, EXIT_DATAERR);
	assert_non_null(strstr(err.msg, "newer micoach"));
	assert_int_equal(pg_store_require(ps, &err), -1);
	assert_non_null(strstr(err.msg, "upgrade micoach"));
	pg_store_close(ps);
}

static void test_two_inits_at_once_migrate_once(void **state)
{
	pid_t kids[3];
	char *rows;

	(void)state;
	new_db("u_race");
	for (size_t i = 0; i < ARRAY_SIZE(kids); i++) {
		if ((kids[i] = fork()) == 0) {
			struct pg_store *ps;
			struct error err = {0};
			int from, to, rc;
			setenv("PGPASSWORD", "u_admin-pw", 1);
			rc = pg_store_connect("postgresql://u_admin@/u_race", &ps, &err) ||
			     pg_store_init(ps, &from, &to, &err);
			if (rc)
				fprintf(stderr, "child: %s\n", err.msg);
			_exit(rc ? 1 : 0);
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(kids); i++) {
		int status;
		assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	rows = super_sql("u_race", "SELECT count(*) FROM micoach.migrations");
	assert_int_equal(atoi(rows), pg_store_schema_latest());
	free(rows);
}

static void test_add_user_twice_changes_nothing(void **state)
{
	struct pg_store *ps = admin_init("u_twice");
	struct pg_user_added a;
	char *rows;

	(void)state;
	add_user(ps, "u_twice_ann", "trainee", "spring", NULL, &a);
	assert_true(a.created_role && a.created_user && a.joined);
	assert_string_equal(a.previous, "");
	assert_true(a.can_login);
	assert_false(a.bypasses_rls);
	add_user(ps, "u_twice_ann", "trainee", "spring", NULL, &a);
	assert_false(a.created_role || a.created_user || a.joined);
	assert_string_equal(a.previous, "trainee");
	pg_store_close(ps);
	rows = super_sql("u_twice", "SELECT (SELECT count(*) FROM micoach.users) || ' ' || "
			 "(SELECT count(*) FROM micoach.cohorts) || ' ' || (SELECT count(*) FROM micoach.cohort_members)");
	assert_string_equal(rows, "1 1 1");
	free(rows);
}

static void test_add_user_password_lets_the_role_log_in(void **state)
{
	struct pg_store *ps = admin_init("u_pw"), *as = NULL;
	struct error err = {0};
	char *stored;

	(void)state;
	add_user(ps, "u_pw_bea", "trainee", NULL, "correct horse", NULL);
	pg_store_close(ps);
	/* Stored hashed: the server never had it in clear. */
	stored = super_sql(NULL, "SELECT rolpassword FROM pg_authid WHERE rolname = 'u_pw_bea'");
	assert_non_null(stored);
	assert_int_equal(strncmp(stored, "SCRAM-SHA-256$", 14), 0);
	assert_null(strstr(stored, "correct horse"));
	free(stored);
	assert_int_equal(connect_as("u_pw", "u_pw_bea", "wrong", &as, &err), -1);
	assert_int_equal(err.status, EXIT_IOERR);
	if (connect_as("u_pw", "u_pw_bea", "correct horse", &as, &err))
		fail_msg("logging in with the new password: %s", err.msg);
	assert_string_equal(pg_store_role(as), "u_pw_bea");
	assert_int_equal(pg_store_require(as, &err), 0);
	pg_store_close(as);
}

static void test_add_user_adopts_an_existing_role(void **state)
{
	struct pg_store *ps = admin_init("u_adopt");
	struct pg_user_added a;

	(void)state;
	super_do(NULL, "CREATE ROLE u_adopt_cy NOLOGIN");
	super_do(NULL, "CREATE ROLE u_adopt_root LOGIN BYPASSRLS");
	add_user(ps, "u_adopt_cy", "trainer", "autumn", NULL, &a);
	assert_false(a.created_role);
	assert_true(a.created_user);
	assert_false(a.can_login);
	add_user(ps, "u_adopt_root", "trainee", NULL, NULL, &a);
	assert_true(a.bypasses_rls);
	pg_store_close(ps);
}

static void test_add_user_refuses_names_micoach_does_not_take(void **state)
{
	static const struct pg_user_add bad[] = {
		{ .name = "pg_monitor", .role = "trainee" },
		{ .name = "two words", .role = "trainee" },
		{ .name = "quote\"d", .role = "trainee" },
		{ .name = "", .role = "trainee" },
		{ .name = "ann", .role = "admin" },
		{ .name = "ann", .role = NULL },
		{ .name = "ann", .role = "trainee", .cohort = "" },
		{ .name = "ann", .role = "trainee", .cohort = "line\nbreak" },
	};
	struct error err = {0};
	char longname[70];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		err.status = 0;
		assert_int_equal(pg_user_add_check(&bad[i], &err), -1);
		assert_int_equal(err.status, EXIT_USAGE);
	}
	memset(longname, 'a', 64);
	longname[64] = '\0';
	assert_false(pg_role_name_valid(longname));
	longname[63] = '\0';
	assert_true(pg_role_name_valid(longname));
	assert_true(pg_role_name_valid("ann.lee@ward-7"));
	assert_true(pg_cohort_name_valid("Ward 7 — spring 2027"));
}

/* The names `db users` lists for role (with password) in db. */
static char *users_seen(const char *db, const char *role, const char *password)
{
	struct pg_store *ps = NULL;
	struct pg_user *u;
	struct error err = {0};
	struct strbuf sb = {0};
	size_t n;

	if (connect_as(db, role, password, &ps, &err) || pg_store_users(ps, &u, &n, &err))
		fail_msg("users as %s: %s", role, err.msg);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%s:%s:%s", i ? " " : "", u[i].name, u[i].role, u[i].cohorts);
	pg_users_free(u, n);
	pg_store_close(ps);
	return sb.buf ? strbuf_detach(&sb) : xstrdup("");
}

static void test_users_are_those_the_role_may_see(void **state)
{
	struct pg_store *ps = admin_init("u_see");
	char *seen;

	(void)state;
	add_user(ps, "u_see_ann", "trainee", "spring", "ann-pw", NULL);
	add_user(ps, "u_see_ben", "trainee", "autumn", "ben-pw", NULL);
	add_user(ps, "u_see_cat", "trainer", "spring", "cat-pw", NULL);
	add_user(ps, "u_see_dan", "trainer", "spring", "dan-pw", NULL);
	add_user(ps, "u_see_dan", "trainer", "autumn", NULL, NULL);
	pg_store_close(ps);
	seen = users_seen("u_see", "u_admin", "u_admin-pw");
	assert_string_equal(seen, "u_see_ann:trainee:spring u_see_ben:trainee:autumn u_see_cat:trainer:spring "
			    "u_see_dan:trainer:autumn,spring");
	free(seen);
	seen = users_seen("u_see", "u_see_ann", "ann-pw");
	assert_string_equal(seen, "u_see_ann:trainee:spring");
	free(seen);
	/* A trainer sees its trainees, not its fellow trainers. */
	seen = users_seen("u_see", "u_see_cat", "cat-pw");
	assert_string_equal(seen, "u_see_ann:trainee:spring u_see_cat:trainer:spring");
	free(seen);
	seen = users_seen("u_see", "u_see_dan", "dan-pw");
	assert_string_equal(seen, "u_see_ann:trainee:spring u_see_ben:trainee:autumn u_see_dan:trainer:autumn,spring");
	free(seen);
}

static void test_a_trainee_cannot_add_users(void **state)
{
	struct pg_store *ps = admin_init("u_noadd"), *as = NULL;
	struct error err = {0};
	struct pg_user_add u = { .name = "u_noadd_eve", .role = "trainer" };
	struct pg_user_added a;
	char *n;

	(void)state;
	add_user(ps, "u_noadd_fay", "trainee", "spring", "fay-pw", NULL);
	pg_store_close(ps);
	if (connect_as("u_noadd", "u_noadd_fay", "fay-pw", &as, &err))
		fail_msg("connect: %s", err.msg);
	assert_int_equal(pg_store_add_user(as, &u, &a, &err), -1);
	assert_int_equal(err.status, EXIT_IOERR);
	assert_non_null(strstr(err.msg, "role u_noadd_fay may not do this"));
	pg_store_close(as);
	n = super_sql(NULL, "SELECT count(*) FROM pg_roles WHERE rolname = 'u_noadd_eve'");
	assert_string_equal(n, "0");
	free(n);
}


/* --- The store on PostgreSQL ------------------------------------------------------- */

static struct store *store_as(const char *db, const char *role, const char *password)
{
	char *uri = xasprintf("postgresql://%s@/%s", role, db);
	struct store *st = NULL;
	struct error err = {0};

	setenv("PGPASSWORD", password, 1);
	if (store_open(uri, &st, &err))
		fail_msg("store_open as %s: %s", role, err.msg);
	unsetenv("PGPASSWORD");
	free(uri);
	return st;
}

/* A session of st's user with n turns, ended unless n is 0. */
static int64_t practise(struct store *st, const char *user, int n)
{
	struct session s = {0};
	struct error err = {0};
	int64_t id;

	test_session_info(&s.info, user, "alcohol-gp", NULL);
	if (store_begin_session(st, &s.info, &id, &err))
		fail_msg("begin as %s: %s", user, err.msg);
	for (int i = 1; i <= n; i++) {
		struct session_turn *t = session_turn_add(&s);
		test_coded(&t->coded, CODE_SR, 0, 2);
		t->reply = xstrdup("You feel pushed.");
		session_turn_add_meter(t, "resistance", 5 - i);
		if (store_add_turn(st, id, t, &err))
			fail_msg("turn %d as %s: %s", i, user, err.msg);
	}
	if (n) {
		struct summary sum;
		session_summary(&s, &sum);
		if (store_end_session(st, id, "quit", &sum, &err))
			fail_msg("end as %s: %s", user, err.msg);
	}
	session_release(&s);
	return id;
}

static void test_store_open_refuses_a_newer_schema(void **state)
{
	struct pg_store *ps = admin_init("u_snewer");
	struct store *st = NULL;
	struct error err = {0};
	char *sql = xasprintf("INSERT INTO micoach.migrations VALUES (%d, 'later', 'someone')",
			      pg_store_schema_latest() + 1);

	(void)state;
	pg_store_close(ps);
	super_do("u_snewer", sql);
	free(sql);
	setenv("PGPASSWORD", "u_admin-pw", 1);
	assert_int_equal(store_open("postgresql://u_admin@/u_snewer", &st, &err), -1);
	unsetenv("PGPASSWORD");
	assert_null(st);
	assert_int_equal(err.status, EXIT_DATAERR);
	assert_non_null(strstr(err.msg, "newer micoach"));
}

static void test_an_unreachable_server_opens_offline_and_refuses_writes_for_now(void **state)
{
	struct store *st = NULL;
	struct session_info si;
	struct error err = {0};
	int64_t id;
	time_t t0 = time(NULL);

	(void)state;
	assert_int_equal(store_open("postgresql://nobody@/micoach?host=/nonexistent/dir", &st, &err), 0);
	assert_false(store_connected(st));
	assert_string_equal(store_path(st), "postgresql://nobody@/micoach?host=/nonexistent/dir&port=5432");
	test_session_info(&si, "nobody", "alcohol-gp", NULL);
	assert_int_equal(store_begin_session(st, &si, &id, &err), -1);
	assert_int_equal(err.status, EXIT_TEMPFAIL);
	assert_non_null(strstr(err.msg, "cannot reach"));
	assert_true(time(NULL) - t0 < 5);
	session_info_release(&si);
	store_close(st);
}

static void test_a_dropped_connection_is_made_again(void **state)
{
	struct pg_store *ps = admin_init("u_drop");
	struct store *st;
	struct session s;
	struct error err = {0};
	int64_t id;

	(void)state;
	add_user(ps, "u_drop_ann", "trainee", "spring", "ann-pw", NULL);
	pg_store_close(ps);
	st = store_as("u_drop", "u_drop_ann", "ann-pw");
	id = practise(st, "u_drop_ann", 1);
	/* The server ends the connection (an administrator, a restart, a proxy). */
	super_do(NULL, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'u_drop_ann'");
	setenv("PGPASSWORD", "ann-pw", 1);
	if (store_load_session(st, id, &s, &err))
		fail_msg("after the drop: %s", err.msg);
	unsetenv("PGPASSWORD");
	assert_int_equal(s.nturns, 1);
	session_release(&s);
	store_close(st);
}

static void test_a_transaction_cut_off_fails_tempfail_and_keeps_nothing(void **state)
{
	struct pg_store *ps = admin_init("u_cut");
	struct store *st;
	struct session_info si;
	struct error err = {0};
	int64_t id;
	char *n;

	(void)state;
	add_user(ps, "u_cut_ben", "trainee", NULL, "ben-pw", NULL);
	pg_store_close(ps);
	st = store_as("u_cut", "u_cut_ben", "ben-pw");
	test_session_info(&si, "u_cut_ben", "alcohol-gp", NULL);
	assert_int_equal(store_tx_begin(st, &err), 0);
	assert_int_equal(store_begin_session(st, &si, &id, &err), 0);
	super_do(NULL, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'u_cut_ben'");
	assert_int_equal(store_begin_session(st, &si, &id, &err), -1);
	assert_int_equal(err.status, EXIT_TEMPFAIL);
	assert_int_equal(store_tx_commit(st, &err), -1);
	store_tx_rollback(st);
	n = super_sql("u_cut", "SELECT count(*) FROM micoach.sessions");
	assert_string_equal(n, "0");
	free(n);
	session_info_release(&si);
	store_close(st);
}

static void test_each_role_reads_what_row_level_security_lets_it(void **state)
{
	struct pg_store *ps = admin_init("u_rls");
	struct store *ann, *ben, *cat;
	struct session_list sl;
	struct session s;
	struct session_info si;
	struct error err = {0};
	int64_t a, b, id;

	(void)state;
	add_user(ps, "u_rls_ann", "trainee", "spring", "ann-pw", NULL);
	add_user(ps, "u_rls_ben", "trainee", "autumn", "ben-pw", NULL);
	add_user(ps, "u_rls_cat", "trainer", "spring", "cat-pw", NULL);
	pg_store_close(ps);
	ann = store_as("u_rls", "u_rls_ann", "ann-pw");
	ben = store_as("u_rls", "u_rls_ben", "ben-pw");
	cat = store_as("u_rls", "u_rls_cat", "cat-pw");
	assert_string_equal(store_role(ann), "u_rls_ann");
	a = practise(ann, "u_rls_ann", 2);
	b = practise(ben, "u_rls_ben", 1);
	/* A trainee sees its own; another's is not there. */
	assert_int_equal(store_list_sessions(ann, NULL, &sl, &err), 0);
	assert_int_equal(sl.n, 1);
	assert_int_equal(sl.items[0].id, a);
	session_list_release(&sl);
	assert_int_equal(store_load_session(ann, b, &s, &err), -1);
	assert_int_equal(err.status, EXIT_NOINPUT);
	/* Nor can it write there, or save a session as someone else. */
	assert_int_equal(store_end_session(ann, b, "quit", NULL, &err), -1);
	assert_int_equal(err.status, EXIT_NOINPUT);
	test_session_info(&si, "u_rls_ben", "alcohol-gp", NULL);
	assert_int_equal(store_begin_session(ann, &si, &id, &err), -1);
	assert_int_equal(err.status, EXIT_IOERR);
	assert_non_null(strstr(err.msg, "as itself only"));
	session_info_release(&si);
	/* A trainee writes no note; its trainer does, and the trainee reads it. */
	assert_int_equal(store_add_note(ann, a, 0, "u_rls_ann", "self-praise", &id, &err), -1);
	assert_int_equal(err.status, EXIT_IOERR);
	assert_int_equal(store_add_note(cat, a, 0, "u_rls_cat", "A lovely reflection.", &id, &err), 0);
	assert_int_equal(store_add_note(cat, b, 0, "u_rls_cat", "Not my cohort.", &id, &err), -1);
	assert_int_equal(err.status, EXIT_NOINPUT);
	assert_int_equal(store_load_session(ann, a, &s, &err), 0);
	assert_int_equal(s.nturns, 2);
	assert_int_equal(s.nnotes, 1);
	assert_string_equal(s.notes[0].text, "A lovely reflection.");
	session_release(&s);
	/* The trainer reads its cohort's sessions, no others. */
	assert_int_equal(store_list_sessions(cat, NULL, &sl, &err), 0);
	assert_int_equal(sl.n, 1);
	assert_int_equal(sl.items[0].id, a);
	session_list_release(&sl);
	store_close(ann);
	store_close(ben);
	store_close(cat);
}

static void test_a_recovered_session_is_saved_once(void **state)
{
	struct pg_store *ps = admin_init("u_once");
	struct store *st;
	struct session s;
	struct error err = {0};
	int64_t id, again;
	int added;
	bool created;
	char *n;

	(void)state;
	add_user(ps, "pat", "trainee", NULL, "pat-pw", NULL);
	pg_store_close(ps);
	st = store_as("u_once", "pat", "pat-pw");
	test_session_sample(&s);
	setenv("PGPASSWORD", "pat-pw", 1);
	assert_int_equal(store_recover_session(st, &s, &id, &added, &created, &err), 0);
	assert_true(created);
	assert_int_equal(added, 3);
	assert_int_equal(store_recover_session(st, &s, &again, &added, &created, &err), 0);
	unsetenv("PGPASSWORD");
	assert_false(created);
	assert_int_equal(added, 0);
	assert_int_equal(again, id);
	n = super_sql("u_once", "SELECT count(*) || ' ' || (SELECT count(*) FROM micoach.turns) || ' ' || "
		      "(SELECT outcome FROM micoach.sessions) FROM micoach.sessions");
	assert_string_equal(n, "1 3 quit");
	free(n);
	session_release(&s);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uri_is_recognised_by_its_scheme),
		cmocka_unit_test(test_both_dialects_make_the_same_tables),
		cmocka_unit_test(test_connect_refuses_what_is_not_a_uri),
		cmocka_unit_test(test_unreachable_server_is_a_temporary_failure),
		cmocka_unit_test(test_messages_never_show_the_password),
		cmocka_unit_test(test_init_creates_the_latest_schema_once),
		cmocka_unit_test(test_init_refuses_a_newer_schema),
		cmocka_unit_test(test_two_inits_at_once_migrate_once),
		cmocka_unit_test(test_add_user_twice_changes_nothing),
		cmocka_unit_test(test_add_user_password_lets_the_role_log_in),
		cmocka_unit_test(test_add_user_adopts_an_existing_role),
		cmocka_unit_test(test_add_user_refuses_names_micoach_does_not_take),
		cmocka_unit_test(test_users_are_those_the_role_may_see),
		cmocka_unit_test(test_a_trainee_cannot_add_users),
		cmocka_unit_test(test_store_open_refuses_a_newer_schema),
		cmocka_unit_test(test_an_unreachable_server_opens_offline_and_refuses_writes_for_now),
		cmocka_unit_test(test_a_dropped_connection_is_made_again),
		cmocka_unit_test(test_a_transaction_cut_off_fails_tempfail_and_keeps_nothing),
		cmocka_unit_test(test_each_role_reads_what_row_level_security_lets_it),
		cmocka_unit_test(test_a_recovered_session_is_saved_once),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
