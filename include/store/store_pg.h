/* store_pg.h: an organisation's shared store on PostgreSQL (libpq): connecting
 * by URI, the schema with its numbered migrations, row-level security and
 * roles, and the administrator's work (users, their roles and cohorts).
 * Implemented in src/store/pg*.c; only src/store/pg_int.h includes
 * libpq-fe.h, and no type of libpq shows here. docs/organisation.md is the
 * administrator's guide; docs/ARCHITECTURE.md, "The database", the schema.
 *
 * A URI is anything libpq takes in the URI form (postgresql://... or
 * postgres://...); libpq's environment variables, ~/.pgpass and PGSERVICE
 * fill in what it leaves out. No message ever holds the URI or a password:
 * the store names a server by pg_store_name(). Every query binds its values.
 * Functions return 0 or -1 with err: EXIT_TEMPFAIL when the server cannot be
 * reached or went away (try again), EXIT_IOERR when it refuses (no right,
 * authentication, read-only), EXIT_DATAERR for a schema this build cannot
 * use, EXIT_USAGE for a bad URI or name. */
#ifndef MICOACH_STORE_PG_H
#define MICOACH_STORE_PG_H

#include <stdbool.h>
#include <stddef.h>
#include "core/error.h"

struct pg_store;

/* True when s names a PostgreSQL database ("postgresql://" or "postgres://"). */
bool pg_uri_is(const char *s);
/* The role a URI connects as, without connecting: its user, else $PGUSER;
 * NULL when libpq would take it from a service file or the login name.
 * The caller frees it. */
char *pg_uri_user(const char *uri);
/* True when the URI itself carries a password (visible to others in ps). */
bool pg_uri_has_password(const char *uri);

/* Connect (no schema check: see pg_store_init, pg_store_require). Waits at
 * most connect_timeout seconds (default 10, or the URI's, or
 * PGCONNECT_TIMEOUT). pg_store_close frees. */
int pg_store_connect(const char *uri, struct pg_store **out, struct error *err);
void pg_store_close(struct pg_store *ps);
/* The server and database as a URI without password, for messages: e.g.
 * "postgresql://alice@db.example.org:5432/micoach" (owned by the store). */
const char *pg_store_name(const struct pg_store *ps);
/* The role connected (owned by the store). */
const char *pg_store_role(const struct pg_store *ps);

/* --- The schema ------------------------------------------------------------ */

/* The newest schema version this build knows (the same numbering as the
 * SQLite store's migrations). */
int pg_store_schema_latest(void);
/* The schema version in the database, 0 when it has no micoach schema. */
int pg_store_schema_version(struct pg_store *ps, int *version, struct error *err);
/* Create or migrate the schema, roles and policies: all pending migrations
 * in one transaction, under a lock, so two at once migrate once. Safe to run
 * twice; refuses a newer schema (EXIT_DATAERR). *from, *to: the versions
 * before and after. */
int pg_store_init(struct pg_store *ps, int *from, int *to, struct error *err);
/* 0 when the schema is the one this build knows; else -1 saying what to do
 * (no schema or an older one: the administrator runs `micoach db init`;
 * a newer one: upgrade micoach), EXIT_DATAERR. */
int pg_store_require(struct pg_store *ps, struct error *err);

/* --- Users, roles and cohorts ----------------------------------------------- */

/* A login role's name as micoach accepts it: 1 to 63 bytes of ASCII letters,
 * digits and _ . @ -, not starting with "pg_". */
bool pg_role_name_valid(const char *name);
/* A cohort's name: 1 to 100 bytes of UTF-8, no control character. */
bool pg_cohort_name_valid(const char *name);

struct pg_user_add {
	const char *name;            /* the login role, and the micoach user */
	const char *role;            /* "trainee" or "trainer" */
	const char *cohort;          /* NULL: none (created when new) */
	const char *password;        /* NULL: leave the role's password as it is */
};
struct pg_user_added {
	bool created_role;           /* the login role was new */
	bool created_user;           /* the micoach user was new */
	bool joined;                 /* newly in the cohort */
	char previous[16];           /* its micoach role before, "" when new */
	bool bypasses_rls;           /* a superuser or BYPASSRLS role: sees everything */
	bool can_login;
};
/* EXIT_USAGE unless the name, role and cohort are ones micoach accepts. */
int pg_user_add_check(const struct pg_user_add *u, struct error *err);
/* Create (or adopt) the login role NAME, give it the rights of its micoach
 * role, record it as a user and put it in the cohort; all in one transaction.
 * Doing it twice changes nothing. The password is hashed here (SCRAM, as the
 * server asks), so the server never sees it in clear. Needs CREATEROLE. */
int pg_store_add_user(struct pg_store *ps, const struct pg_user_add *u, struct pg_user_added *out,
		      struct error *err);

/* The users the connected role may see (row-level security: a trainee
 * itself, a trainer also its cohorts' trainees, the administrator all), by
 * name. pg_users_free frees. */
struct pg_user {
	char *name, *role;
	char *cohorts;               /* comma-separated, "" when none visible */
	char *created;
	bool has_login;              /* the login role exists and may log in */
	bool bypasses_rls;
};
int pg_store_users(struct pg_store *ps, struct pg_user **out, size_t *n, struct error *err);
void pg_users_free(struct pg_user *u, size_t n);

/* What the connected role is and may do here, for `micoach doctor`. */
struct pg_rights {
	char server_version[32];
	bool owner;                  /* owns the tables: the administrator */
	bool bypasses_rls;           /* superuser or BYPASSRLS */
	char role[16];               /* its micoach role, "" when it is no micoach user */
	bool trainee, trainer;       /* a member of micoach_trainee, micoach_trainer */
	bool can_save;               /* may add sessions */
	char *cohorts;               /* the cohorts it sees, comma-separated ("" none) */
	long long users, sessions, unfinished, turns; /* what it sees */
};
int pg_store_rights(struct pg_store *ps, struct pg_rights *out, struct error *err);
void pg_rights_release(struct pg_rights *r);

#endif
