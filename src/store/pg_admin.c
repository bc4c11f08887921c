/* store/pg_admin.c: the administrator's side of the organisation's store:
 * login roles made micoach users, their micoach roles and cohorts
 * (`micoach db add-user`, `micoach db users`). The work is done by the
 * schema's add_user() function, called with bound values; the password is
 * hashed here, so it never crosses the wire or reaches a server log. */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

bool pg_role_name_valid(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n < 1 || n > 63 || !strncmp(name, "pg_", 3))
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      strchr("_.@-", *p)))
			return false;
	return true;
}

bool pg_cohort_name_valid(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n < 1 || n > 100 || !utf8_valid(name, n, NULL))
		return false;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

int pg_user_add_check(const struct pg_user_add *u, struct error *err)
{
	if (!pg_role_name_valid(u->name))
		return error_set(err, EXIT_USAGE, "'%s' cannot be a user's name: 1 to 63 letters, digits, "
				 "'_', '.', '@' or '-', not starting with 'pg_'", u->name ? u->name : "");
	if (!u->role || (strcmp(u->role, "trainee") && strcmp(u->role, "trainer")))
		return error_set(err, EXIT_USAGE, "a user's role is trainee or trainer, not '%s'",
				 u->role ? u->role : "");
	if (u->cohort && !pg_cohort_name_valid(u->cohort))
		return error_set(err, EXIT_USAGE, "a cohort's name is 1 to 100 bytes of UTF-8 text with no "
				 "control character");
	return 0;
}

int pg_store_add_user(struct pg_store *ps, const struct pg_user_add *u, struct pg_user_added *out,
		      struct error *err)
{
	char *verifier = NULL;
	const char *params[4];
	PGresult *res;

	memset(out, 0, sizeof *out);
	if (pg_user_add_check(u, err) || pg_store_require(ps, err))
		return -1;
	if (u->password) {
		/* NULL algorithm: whatever the server's password_encryption says. */
		verifier = PQencryptPasswordConn(ps->conn, u->password, u->name, NULL);
		if (!verifier)
			return pg_fail(ps, NULL, err, "hashing the password");
	}
	params[0] = u->name, params[1] = u->role, params[2] = u->cohort, params[3] = verifier;
	res = pg_query(ps, "SELECT created_role, created_user, joined, previous, bypasses_rls, can_login "
		       "FROM add_user($1, $2, $3, $4)", 4, params, err, "adding the user");
	if (verifier) {
		memset(verifier, 0, strlen(verifier));
		PQfreemem(verifier);
	}
	if (!res)
		return -1;
	out->created_role = pg_bool(res, 0, 0);
	out->created_user = pg_bool(res, 0, 1);
	out->joined = pg_bool(res, 0, 2);
	if (!PQgetisnull(res, 0, 3))
		snprintf(out->previous, sizeof out->previous, "%s", PQgetvalue(res, 0, 3));
	out->bypasses_rls = pg_bool(res, 0, 4);
	out->can_login = pg_bool(res, 0, 5);
	PQclear(res);
	return 0;
}

int pg_store_users(struct pg_store *ps, struct pg_user **out, size_t *n, struct error *err)
{
	static const char sql[] =
		"SELECT u.name, u.role, coalesce(string_agg(c.name, ',' ORDER BY c.name), ''), u.created, "
		"coalesce(r.rolcanlogin, false), coalesce(r.rolsuper OR r.rolbypassrls, false) "
		"FROM users u LEFT JOIN cohort_members m ON m.\"user\" = u.id "
		"LEFT JOIN cohorts c ON c.id = m.cohort LEFT JOIN pg_catalog.pg_roles r ON r.rolname = u.name "
		"GROUP BY u.id, u.name, u.role, u.created, r.rolcanlogin, r.rolsuper, r.rolbypassrls "
		"ORDER BY u.name";
	PGresult *res;
	int rows;

	*out = NULL, *n = 0;
	if (pg_store_require(ps, err) || !(res = pg_query(ps, sql, 0, NULL, err, "listing the users")))
		return -1;
	rows = PQntuples(res);
	*out = xcalloc(rows ? (size_t)rows : 1, sizeof **out);
	for (int i = 0; i < rows; i++) {
		struct pg_user *u = &(*out)[i];
		u->name = pg_dup(res, i, 0);
		u->role = pg_dup(res, i, 1);
		u->cohorts = pg_dup(res, i, 2);
		u->created = pg_dup(res, i, 3);
		u->has_login = pg_bool(res, i, 4);
		u->bypasses_rls = pg_bool(res, i, 5);
	}
	*n = (size_t)rows;
	PQclear(res);
	return 0;
}

void pg_users_free(struct pg_user *u, size_t n)
{
	for (size_t i = 0; u && i < n; i++) {
		free(u[i].name);
		free(u[i].role);
		free(u[i].cohorts);
		free(u[i].created);
	}
	free(u);
}

int pg_store_rights(struct pg_store *ps, struct pg_rights *out, struct error *err)
{
	static const char sql[] =
		"SELECT current_setting('server_version'), pg_get_userbyid(c.relowner) = current_user, "
		"(SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user), "
		"(SELECT role FROM users WHERE name = current_user), "
		"pg_has_role('micoach_trainee', 'MEMBER'), pg_has_role('micoach_trainer', 'MEMBER'), "
		"has_table_privilege('micoach.sessions', 'INSERT') AND has_function_privilege("
		"'micoach.begin_session(text, text, text, text, text, text, text, text, bigint, text, text, bigint, "
		"integer, bigint)', 'EXECUTE'), "
		"(SELECT coalesce(string_agg(name, ',' ORDER BY name), '') FROM cohorts), "
		"(SELECT count(*) FROM users), (SELECT count(*) FROM sessions), "
		"(SELECT count(*) FROM sessions WHERE ended IS NULL), (SELECT count(*) FROM turns) "
		"FROM pg_class c WHERE c.oid = 'micoach.sessions'::regclass";
	PGresult *res;

	memset(out, 0, sizeof *out);
	if (pg_store_require(ps, err) || !(res = pg_query(ps, sql, 0, NULL, err, "reading the role's rights")))
		return -1;
	snprintf(out->server_version, sizeof out->server_version, "%s", PQgetvalue(res, 0, 0));
	out->owner = pg_bool(res, 0, 1);
	out->bypasses_rls = pg_bool(res, 0, 2);
	snprintf(out->role, sizeof out->role, "%s", PQgetvalue(res, 0, 3));
	out->trainee = pg_bool(res, 0, 4);
	out->trainer = pg_bool(res, 0, 5);
	out->can_save = pg_bool(res, 0, 6);
	out->cohorts = pg_dup0(res, 0, 7);
	out->users = pg_int(res, 0, 8);
	out->sessions = pg_int(res, 0, 9);
	out->unfinished = pg_int(res, 0, 10);
	out->turns = pg_int(res, 0, 11);
	PQclear(res);
	return 0;
}

void pg_rights_release(struct pg_rights *r)
{
	free(r->cohorts);
	memset(r, 0, sizeof *r);
}
