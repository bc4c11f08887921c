/* store/pg_connect.c: connecting to the organisation's PostgreSQL server,
 * and connecting again when it went away: the URI's parameters with
 * micoach's defaults, a bounded wait, the session set up (the schema micoach
 * on the search path), and a failure told apart: the server not there (try
 * again), refusing (role, password), or a URI that is not one. */
#include "pg_int.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A warning from the server (NOTICEs are not asked for), made inert: it is
 * text from elsewhere on its way to a terminal. */
static void notice_print(void *arg, const PGresult *res)
{
	const char *m = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	struct strbuf sb = {0};
	char line[600];

	pg_redact(arg, m ? m : "", line, sizeof line);
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

/* The name messages use: a URI without password, from what libpq resolved
 * (so the same server gets the same name however it was reached). */
static void name_set(struct pg_store *ps, PGconn *c)
{
	const char *user = PQuser(c), *host = PQhost(c), *port = PQport(c), *db = PQdb(c);
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
	if (!ps->role && user && *user)
		ps->role = xstrdup(user); /* who it will be, until it connects and says */
}

char *pg_uri_user(const char *uri)
{
	PQconninfoOption *opts;
	const char *u, *env = getenv("PGUSER");
	char *user;

	if (!pg_lib_load(NULL)) /* the store's opening says why */
		return NULL;
	opts = PQconninfoParse(uri, NULL);
	u = opt_val(opts, "user");
	user = u && *u ? xstrdup(u) : env && *env && !opt_val(opts, "service") ? xstrdup(env) : NULL;

	PQconninfoFree(opts);
	return user;
}

int pg_params_init(struct pg_store *ps, const char *uri, struct error *err)
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
	PQconninfoOption *opts;
	char *perr = NULL;
	size_t k = 0;

	free(ps->name);
	ps->name = xstrdup("postgresql://");
	if (!pg_uri_is(uri))
		return error_set(err, EXIT_USAGE, "not a PostgreSQL URI (postgresql://[user@][host][:port][/database]"
				 "[?param=value...])");
	if (!pg_lib_load(err))
		return -1;
	opts = PQconninfoParse(uri, &perr);
	pg_secrets_collect(ps, uri, opts);
	if (!opts) {
		char msg[600];
		pg_redact(ps, perr ? perr : "out of memory", msg, sizeof msg);
		PQfreemem(perr);
		return error_set(err, EXIT_USAGE, "the PostgreSQL URI is not valid (%s); see docs/organisation.md", msg);
	}
	for (size_t i = 0; i < ARRAY_SIZE(defaults); i++) {
		if (opt_val(opts, defaults[i][0]) || (defaults[i][2] && getenv(defaults[i][2])))
			continue;
		ps->kw[k] = defaults[i][0], ps->val[k++] = xstrdup(defaults[i][1]);
	}
	PQconninfoFree(opts);
	ps->kw[k] = "dbname", ps->val[k++] = xstrdup(uri);
	ps->kw[k] = "fallback_application_name", ps->val[k++] = xstrdup("micoach");
	ps->kw[k] = NULL, ps->val[k] = NULL;
	ps->busy_ms = 5000;
	return 0;
}

/* Why the connection c failed, and the status that calls for. */
static int connect_fail(struct pg_store *ps, PGconn *c, struct error *err)
{
	char msg[600];

	pg_redact(ps, c ? PQerrorMessage(c) : "out of memory", msg, sizeof msg);
	if (c && PQconnectionNeedsPassword(c))
		return error_set(err, EXIT_IOERR,
				 "%s: the server asks for a password: put it in ~/.pgpass (mode 0600) or name a "
				 "service in ~/.pg_service.conf; never in the URI (docs/organisation.md)", ps->name);
	switch (PQpingParams(ps->kw, (const char *const *)ps->val, 1)) {
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

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* libpq's non-blocking connection, given at most ms milliseconds: a server
 * whose network went quiet costs a practice reply that long, not minutes. */
static PGconn *connect_within(struct pg_store *ps, int ms, bool *timed_out)
{
	PGconn *c = PQconnectStartParams(ps->kw, (const char *const *)ps->val, 1);
	PostgresPollingStatusType st = PGRES_POLLING_WRITING;
	long long deadline = now_ms() + ms;

	*timed_out = false;
	if (!c || PQstatus(c) == CONNECTION_BAD)
		return c;
	while (st != PGRES_POLLING_OK && st != PGRES_POLLING_FAILED) {
		struct pollfd pfd = { .fd = PQsocket(c), .events = st == PGRES_POLLING_READING ? POLLIN : POLLOUT };
		long long left = deadline - now_ms();
		int r = left > 0 ? poll(&pfd, 1, (int)left) : 0;
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			*timed_out = r == 0;
			break;
		}
		st = PQconnectPoll(c);
	}
	return c;
}

/* What every connection starts with; for a store, a schema it can use. */
static int session_setup(struct pg_store *ps, struct error *err)
{
	PGresult *res;

	PQsetNoticeReceiver(ps->conn, notice_print, ps);
	/* micoach's tables live in their own schema; pg_temp last, so no
	 * temporary table of the session can stand in for one of them. */
	res = pg_query(ps, "SELECT pg_catalog.set_config('search_path', 'micoach, pg_temp', false), "
		       "pg_catalog.set_config('client_min_messages', 'warning', false), "
		       "current_user, pg_catalog.current_setting('server_version_num')::int", 0, NULL, err,
		       "connecting");
	if (!res)
		return -1;
	free(ps->role);
	ps->role = pg_dup(res, 0, 2);
	if (pg_int(res, 0, 3) < 130000) {
		error_set(err, EXIT_IOERR, "%s: PostgreSQL %s is too old for micoach; it needs 13 or newer", ps->name,
			  PQparameterStatus(ps->conn, "server_version"));
		PQclear(res);
		return -1;
	}
	PQclear(res);
	return ps->backend ? pg_store_require(ps, err) : 0;
}

int pg_connect(struct pg_store *ps, int ms, struct error *err)
{
	bool timed_out = false;
	PGconn *c;
	int rc;

	if (ps->conn)
		PQfinish(ps->conn);
	ps->conn = NULL;
	memset(ps->prepared, 0, sizeof ps->prepared);
	c = ms < 0 ? PQconnectdbParams(ps->kw, (const char *const *)ps->val, 1) : connect_within(ps, ms, &timed_out);
	if (c)
		name_set(ps, c);
	if (timed_out) {
		PQfinish(c);
		return error_set(err, EXIT_TEMPFAIL,
				 "%s: cannot reach the PostgreSQL server (no answer within %d ms); check that it is "
				 "running and reachable", ps->name, ms);
	}
	if (!c || PQstatus(c) != CONNECTION_OK) {
		connect_fail(ps, c, err);
		PQfinish(c);
		return -1;
	}
	ps->conn = c;
	ps->connecting = true;
	rc = session_setup(ps, err);
	ps->connecting = false;
	if (rc) {
		PQfinish(ps->conn);
		ps->conn = NULL;
		return -1;
	}
	return 0;
}

int pg_ready(struct pg_store *ps, struct error *err)
{
	if (ps->conn && PQstatus(ps->conn) == CONNECTION_OK)
		return 0;
	if (ps->in_tx)
		return error_set(err, EXIT_TEMPFAIL,
				 "%s: lost the connection to the server in the middle of a transaction, which was "
				 "not saved; try again when it is back", ps->name);
	return pg_connect(ps, ps->busy_ms, err);
}

int pg_store_connect(const char *uri, struct pg_store **out, struct error *err)
{
	struct pg_store *ps = xcalloc(1, sizeof *ps);

	*out = NULL;
	if (pg_params_init(ps, uri, err) || pg_connect(ps, -1, err)) {
		pg_store_close(ps);
		return -1;
	}
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
	for (size_t i = 0; ps->val[i]; i++) {
		/* The URI may hold a password: wipe it before it is freed. */
		memset(ps->val[i], 0, strlen(ps->val[i]));
		free(ps->val[i]);
	}
	free(ps->name);
	free(ps->role);
	free(ps->cohort);
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
