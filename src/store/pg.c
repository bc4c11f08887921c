/* store/pg.c: connecting to the organisation's PostgreSQL server, and the
 * helpers the other pg*.c files query it through: parameterised queries,
 * transactions, and failures turned into located messages with an exit
 * status. No message holds the URI or a password (see store_pg.h). */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

bool pg_uri_is(const char *s)
{
	return s && (!strncmp(s, "postgresql://", 13) || !strncmp(s, "postgres://", 11));
}

/* --- Secrets: what a message must never show --------------------------------- */

/* The userinfo of a URI ("user:password" before the authority's last '@'),
 * as written. */
static char *uri_userinfo(const char *uri)
{
	const char *p = strstr(uri, "://"), *end, *at = NULL;

	if (!p)
		return NULL;
	p += 3;
	end = p + strcspn(p, "/?");
	for (const char *q = p; q < end; q++)
		if (*q == '@')
			at = q;
	return at ? xstrndup(p, (size_t)(at - p)) : NULL;
}

/* The raw value of ?password=... or &password=..., as written. */
static char *uri_password_param(const char *uri)
{
	const char *q = strchr(uri, '?');

	while (q) {
		q++;
		if (!strncmp(q, "password=", 9))
			return xstrndup(q + 9, strcspn(q + 9, "&"));
		q = strchr(q, '&');
	}
	return NULL;
}

static void secrets_collect(struct pg_store *ps, const char *uri, const PQconninfoOption *opts)
{
	char *ui = uri_userinfo(uri), *colon = ui ? strchr(ui, ':') : NULL;
	size_t n = 0;

	for (const PQconninfoOption *o = opts; o && o->keyword; o++)
		if (!strcmp(o->keyword, "password") && o->val && *o->val)
			ps->secrets[n++] = xstrdup(o->val);
	if (colon && colon[1])
		ps->secrets[n++] = xstrdup(colon + 1);
	if (n < ARRAY_SIZE(ps->secrets)) {
		char *p = uri_password_param(uri);
		if (p && *p)
			ps->secrets[n++] = p;
		else
			free(p);
	}
	free(ui);
}

bool pg_uri_has_password(const char *uri)
{
	struct pg_store probe = {0};
	bool has;

	secrets_collect(&probe, uri, NULL);
	has = probe.secrets[0] != NULL;
	for (size_t i = 0; i < ARRAY_SIZE(probe.secrets); i++)
		free(probe.secrets[i]);
	return has;
}

/* msg on one line ("; " for its line breaks), every secret replaced by ***. */
static void redact(const struct pg_store *ps, const char *msg, char *out, size_t size)
{
	struct strbuf sb = {0};
	const char *p = msg ? msg : "";

	while (*p) {
		size_t best = 0;
		for (size_t i = 0; i < ARRAY_SIZE(ps->secrets); i++) {
			const char *s = ps->secrets[i];
			size_t n = s ? strlen(s) : 0;
			if (n && !strncmp(p, s, n) && n > best)
				best = n;
		}
		if (best) {
			strbuf_adds(&sb, "***");
			p += best;
		} else if (*p == '\n' || *p == '\r' || *p == '\t') {
			while (*p == '\n' || *p == '\r' || *p == '\t' || *p == ' ')
				p++;
			if (*p && sb.len)
				strbuf_adds(&sb, "; ");
		} else {
			strbuf_add(&sb, p++, 1);
		}
	}
	snprintf(out, size, "%s", sb.buf ? sb.buf : "");
	strbuf_release(&sb);
}

/* --- Failures ----------------------------------------------------------------- */

static bool state_is(const char *state, const char *prefix)
{
	return state && !strncmp(state, prefix, strlen(prefix));
}

int pg_fail(struct pg_store *ps, const PGresult *res, struct error *err, const char *what)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	bool gone = !ps->conn || PQstatus(ps->conn) == CONNECTION_BAD;
	char msg[600];

	redact(ps, primary ? primary : ps->conn ? PQerrorMessage(ps->conn) : "no connection", msg, sizeof msg);
	if (gone || state_is(state, "08") || state_is(state, "57P0"))
		return error_set(err, EXIT_TEMPFAIL,
				 "%s: lost the connection to the server (%s, while %s); try again when it is back",
				 ps->name, msg, what);
	if (state_is(state, "40") || state_is(state, "55P03") || state_is(state, "57014") ||
	    state_is(state, "53300"))
		return error_set(err, EXIT_TEMPFAIL, "%s: the server is busy (%s, while %s); try again", ps->name,
				 msg, what);
	if (state_is(state, "42501") || state_is(state, "28"))
		return error_set(err, EXIT_IOERR,
				 "%s: role %s may not do this (%s, while %s); the administrator gives rights with "
				 "'micoach db add-user' (docs/organisation.md)",
				 ps->name, ps->role ? ps->role : "?", msg, what);
	if (state_is(state, "25006"))
		return error_set(err, EXIT_IOERR, "%s: the database is read-only for role %s (%s, while %s)", ps->name,
				 ps->role ? ps->role : "?", msg, what);
	if (state_is(state, "23") || state_is(state, "22") || state_is(state, "XX00"))
		return error_set(err, EXIT_DATAERR, "%s: refused by the database (%s, while %s)", ps->name, msg, what);
	if (state_is(state, "42P01") || state_is(state, "3F000"))
		return error_set(err, EXIT_DATAERR,
				 "%s: the micoach schema is missing or incomplete (%s, while %s); the administrator "
				 "runs 'micoach db init'", ps->name, msg, what);
	return error_set(err, EXIT_IOERR, "%s: database error (%s, while %s)", ps->name, msg, what);
}

/* --- Connecting ----------------------------------------------------------------- */

/* A warning from the server (NOTICEs are not asked for), made inert: it is
 * text from elsewhere on its way to a terminal. */
static void notice_print(void *arg, const PGresult *res)
{
	const char *m = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	struct strbuf sb = {0};
	char line[600];

	redact(arg, m ? m : "", line, sizeof line);
	strbuf_add_inert(&sb, line);
	fprintf(stderr, "micoach: the server warns: %s\n", sb.buf ? sb.buf : "");
	strbuf_release(&sb);
}

static const char *opt_val(const PQconninfoOption *opts, const char *kw)
{
	for (const PQconninfoOption *o = opts; o && o->keyword; o++)
		if (!strcmp(o->keyword, kw))
			return o->val;
	return NULL;
}

static void name_set(struct pg_store *ps)
{
	const char *user = PQuser(ps->conn), *host = PQhost(ps->conn), *port = PQport(ps->conn);
	const char *db = PQdb(ps->conn);
	struct strbuf sb = {0};

	strbuf_adds(&sb, "postgresql://");
	if (user && *user)
		strbuf_addf(&sb, "%s@", user);
	if (host && *host && *host != '/')
		strbuf_addf(&sb, "%s%s%s", host, port && *port ? ":" : "", port && *port ? port : "");
	strbuf_addf(&sb, "/%s", db ? db : "");
	if (host && *host == '/')
		strbuf_addf(&sb, "?host=%s%s%s", host, port && *port ? "&port=" : "", port && *port ? port : "");
	free(ps->name);
	ps->name = strbuf_detach(&sb);
}

/* Why the connection failed, and the status that calls for. */
static int connect_fail(struct pg_store *ps, const char *const *kw, const char *const *val,
			struct error *err)
{
	char msg[600];

	redact(ps, PQerrorMessage(ps->conn), msg, sizeof msg);
	if (PQconnectionNeedsPassword(ps->conn))
		return error_set(err, EXIT_IOERR,
				 "%s: the server asks for a password: put it in ~/.pgpass (mode 0600) or name a "
				 "service in ~/.pg_service.conf; never in the URI (docs/organisation.md)", ps->name);
	switch (PQpingParams(kw, val, 1)) {
	case PQPING_OK:
		return error_set(err, EXIT_IOERR,
				 "%s: the server refused the connection (%s); check the role, database and password "
				 "(docs/organisation.md)", ps->name, msg);
	case PQPING_REJECT:
		return error_set(err, EXIT_TEMPFAIL,
				 "%s: the server is not accepting connections now (%s); try again later", ps->name, msg);
	case PQPING_NO_ATTEMPT:
		return error_set(err, EXIT_USAGE, "%s: cannot connect with these settings (%s)", ps->name, msg);
	default:
		return error_set(err, EXIT_TEMPFAIL,
				 "%s: cannot reach the PostgreSQL server (%s); check that it is running and reachable",
				 ps->name, msg);
	}
}

int pg_store_connect(const char *uri, struct pg_store **out, struct error *err)
{
	/* Defaults the URI or the environment may override: a bounded wait to
	 * connect, and a dead network noticed within half a minute rather than
	 * TCP's quarter of an hour (a practice session then carries on offline). */
	static const char *const defaults[][3] = {
		{ "connect_timeout", "10", "PGCONNECT_TIMEOUT" },
		{ "keepalives_idle", "15", NULL },
		{ "keepalives_interval", "5", NULL },
		{ "keepalives_count", "3", NULL },
		{ "tcp_user_timeout", "30000", NULL },
	};
	const char *kw[ARRAY_SIZE(defaults) + 3], *val[ARRAY_SIZE(defaults) + 3];
	struct pg_store *ps;
	PQconninfoOption *opts;
	char *perr = NULL;
	size_t k = 0;
	PGresult *res;

	*out = NULL;
	ps = xcalloc(1, sizeof *ps);
	ps->name = xstrdup("postgresql://");
	if (!pg_uri_is(uri)) {
		pg_store_close(ps);
		return error_set(err, EXIT_USAGE, "not a PostgreSQL URI (postgresql://[user@][host][:port][/database]"
				 "[?param=value...])");
	}
	opts = PQconninfoParse(uri, &perr);
	secrets_collect(ps, uri, opts);
	if (!opts) {
		char msg[600];
		redact(ps, perr ? perr : "out of memory", msg, sizeof msg);
		PQfreemem(perr);
		pg_store_close(ps);
		return error_set(err, EXIT_USAGE, "the PostgreSQL URI is not valid (%s); see docs/organisation.md", msg);
	}
	for (size_t i = 0; i < ARRAY_SIZE(defaults); i++) {
		if (opt_val(opts, defaults[i][0]) || (defaults[i][2] && getenv(defaults[i][2])))
			continue;
		kw[k] = defaults[i][0], val[k++] = defaults[i][1];
	}
	PQconninfoFree(opts);
	kw[k] = "dbname", val[k++] = uri;
	kw[k] = "fallback_application_name", val[k++] = "micoach";
	kw[k] = NULL, val[k] = NULL;
	ps->conn = PQconnectdbParams(kw, val, 1);
	if (!ps->conn) {
		pg_store_close(ps);
		return error_set(err, EXIT_SOFTWARE, "out of memory connecting to PostgreSQL");
	}
	name_set(ps);
	if (PQstatus(ps->conn) != CONNECTION_OK) {
		connect_fail(ps, kw, val, err);
		pg_store_close(ps);
		return -1;
	}
	PQsetNoticeReceiver(ps->conn, notice_print, ps);
	/* micoach's tables live in their own schema; pg_temp last, so no
	 * temporary table of the session can stand in for one of them. */
	res = pg_query(ps, "SELECT pg_catalog.set_config('search_path', 'micoach, pg_temp', false), "
		       "pg_catalog.set_config('client_min_messages', 'warning', false), "
		       "current_user, pg_catalog.current_setting('server_version_num')::int", 0, NULL, err,
		       "connecting");
	if (!res) {
		pg_store_close(ps);
		return -1;
	}
	ps->role = pg_dup(res, 0, 2);
	if (atoi(PQgetvalue(res, 0, 3)) < 130000) {
		error_set(err, EXIT_IOERR, "%s: PostgreSQL %s is too old for micoach; it needs 13 or newer", ps->name,
			  PQparameterStatus(ps->conn, "server_version"));
		PQclear(res);
		pg_store_close(ps);
		return -1;
	}
	PQclear(res);
	*out = ps;
	return 0;
}

void pg_store_close(struct pg_store *ps)
{
	if (!ps)
		return;
	if (ps->conn)
		PQfinish(ps->conn);
	for (size_t i = 0; i < ARRAY_SIZE(ps->secrets); i++)
		free(ps->secrets[i]);
	free(ps->name);
	free(ps->role);
	free(ps);
}

const char *pg_store_name(const struct pg_store *ps)
{
	return ps->name;
}

const char *pg_store_role(const struct pg_store *ps)
{
	return ps->role ? ps->role : "";
}

/* --- Queries ------------------------------------------------------------------------ */

PGresult *pg_query(struct pg_store *ps, const char *sql, int n, const char *const *params,
		   struct error *err, const char *what)
{
	PGresult *res = PQexecParams(ps->conn, sql, n, NULL, params, NULL, NULL, 0);
	ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

	if (s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK)
		return res;
	pg_fail(ps, res, err, what);
	PQclear(res);
	return NULL;
}

int pg_command(struct pg_store *ps, const char *sql, int n, const char *const *params,
	       struct error *err, const char *what)
{
	PGresult *res = pg_query(ps, sql, n, params, err, what);

	PQclear(res);
	return res ? 0 : -1;
}

int pg_script(struct pg_store *ps, const char *sql, struct error *err, const char *what)
{
	PGresult *res = PQexec(ps->conn, sql);
	ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	int rc = 0;

	if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK)
		rc = pg_fail(ps, res, err, what);
	PQclear(res);
	return rc;
}

char *pg_dup(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : xstrdup(PQgetvalue(res, row, col));
}

bool pg_bool(const PGresult *res, int row, int col)
{
	return !PQgetisnull(res, row, col) && PQgetvalue(res, row, col)[0] == 't';
}

int pg_begin(struct pg_store *ps, struct error *err)
{
	if (pg_command(ps, "BEGIN", 0, NULL, err, "starting a transaction"))
		return -1;
	ps->in_tx = true;
	return 0;
}

int pg_commit(struct pg_store *ps, struct error *err)
{
	int rc = pg_command(ps, "COMMIT", 0, NULL, err, "saving");

	if (rc)
		pg_rollback(ps);
	ps->in_tx = false;
	return rc;
}

void pg_rollback(struct pg_store *ps)
{
	if (ps->conn && PQtransactionStatus(ps->conn) != PQTRANS_IDLE &&
	    PQtransactionStatus(ps->conn) != PQTRANS_UNKNOWN)
		PQclear(PQexec(ps->conn, "ROLLBACK"));
	ps->in_tx = false;
}
