/* store/pg.c: the helpers the other pg*.c files query the organisation's
 * PostgreSQL server through: parameterised queries,
 * transactions, and failures turned into located messages with an exit
 * status. No message holds the URI or a password (see store_pg.h). */
#include "pg_int.h"

#include <math.h>
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

void pg_secrets_collect(struct pg_store *ps, const char *uri, const PQconninfoOption *opts)
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

	pg_secrets_collect(&probe, uri, NULL);
	has = probe.secrets[0] != NULL;
	for (size_t i = 0; i < ARRAY_SIZE(probe.secrets); i++)
		free(probe.secrets[i]);
	return has;
}

/* msg on one line ("; " for its line breaks), every secret replaced by ***. */
void pg_redact(const struct pg_store *ps, const char *msg, char *out, size_t size)
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

	snprintf(ps->state, sizeof ps->state, "%s", state ? state : "");
	pg_redact(ps, primary ? primary : ps->conn ? PQerrorMessage(ps->conn) : "no connection", msg, sizeof msg);
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
	/* Raised by micoach's own functions for a row that is not there (or
	 * not this role's to see). */
	if (state_is(state, "P0002"))
		return error_set(err, EXIT_NOINPUT, "%s: %s", ps->name, msg);
	if (state_is(state, "53100"))
		return error_set(err, EXIT_IOERR, "%s: the server's disk is full (%s, while %s)", ps->name, msg, what);
	if (state_is(state, "23") || state_is(state, "22") || state_is(state, "XX00"))
		return error_set(err, EXIT_DATAERR, "%s: refused by the database (%s, while %s)", ps->name, msg, what);
	if (state_is(state, "42P01") || state_is(state, "3F000") || state_is(state, "42883"))
		return error_set(err, EXIT_DATAERR,
				 "%s: the micoach schema is missing or incomplete (%s, while %s); the administrator "
				 "runs 'micoach db init'", ps->name, msg, what);
	return error_set(err, EXIT_IOERR, "%s: database error (%s, while %s)", ps->name, msg, what);
}

/* --- Queries ------------------------------------------------------------------------ */

static PGresult *result_check(struct pg_store *ps, PGresult *res, struct error *err, const char *what)
{
	ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

	if (s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK) {
		ps->state[0] = '\0';
		return res;
	}
	pg_fail(ps, res, err, what);
	PQclear(res);
	return NULL;
}

/* The connection went (the server restarted, an administrator or a proxy
 * ended it) outside a transaction: connect again, once, within the busy
 * timeout, so the statement can run again. */
static bool reconnected(struct pg_store *ps, int attempt)
{
	if (attempt || ps->in_tx || ps->connecting || !ps->conn || PQstatus(ps->conn) != CONNECTION_BAD)
		return false;
	if (pg_connect(ps, ps->busy_ms, NULL))
		return false;
	ps->retried = true;
	return true;
}

/* Run sql (prepared as statement id first, when id >= 0), once more on a
 * new connection when the old one went (reconnected). */
static PGresult *exec_retry(struct pg_store *ps, int id, const char *sql, int n, const char *const *params,
			    struct error *err, const char *what)
{
	char name[16];

	snprintf(name, sizeof name, "micoach_%d", id);
	ps->retried = false;
	for (int attempt = 0;; attempt++) {
		PGresult *res;
		if (!ps->conn) {
			pg_fail(ps, NULL, err, what);
			return NULL;
		}
		if (id >= 0 && !ps->prepared[id]) {
			res = PQprepare(ps->conn, name, sql, n, NULL);
			if (PQresultStatus(res) != PGRES_COMMAND_OK) {
				if (reconnected(ps, attempt)) {
					PQclear(res);
					continue;
				}
				return result_check(ps, res, err, what);
			}
			PQclear(res);
			ps->prepared[id] = true;
		}
		res = id >= 0 ? PQexecPrepared(ps->conn, name, n, params, NULL, NULL, 0)
			      : PQexecParams(ps->conn, sql, n, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(res) == PGRES_TUPLES_OK || PQresultStatus(res) == PGRES_COMMAND_OK ||
		    !reconnected(ps, attempt))
			return result_check(ps, res, err, what);
		PQclear(res);
	}
}

PGresult *pg_query(struct pg_store *ps, const char *sql, int n, const char *const *params,
		   struct error *err, const char *what)
{
	return exec_retry(ps, -1, sql, n, params, err, what);
}

PGresult *pg_prepared(struct pg_store *ps, enum pg_stmt id, const char *sql, int n, const char *const *params,
		      struct error *err, const char *what)
{
	return exec_retry(ps, (int)id, sql, n, params, err, what);
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
	PGresult *res = ps->conn ? PQexec(ps->conn, sql) : NULL;
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

char *pg_dup0(const PGresult *res, int row, int col)
{
	return xstrdup(PQgetisnull(res, row, col) ? "" : PQgetvalue(res, row, col));
}

long long pg_int(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? 0 : strtoll(PQgetvalue(res, row, col), NULL, 10);
}

double pg_real(const PGresult *res, int row, int col, double none)
{
	return PQgetisnull(res, row, col) ? none : strtod(PQgetvalue(res, row, col), NULL);
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

int pg_w_begin(struct pg_store *ps, bool *own, struct error *err)
{
	*own = !ps->in_tx;
	if (pg_ready(ps, err))
		return -1;
	return *own ? pg_begin(ps, err) : 0;
}

int pg_w_end(struct pg_store *ps, bool own, int rc, struct error *err)
{
	if (!own)
		return rc;
	if (rc == 0)
		return pg_commit(ps, err);
	pg_rollback(ps);
	return -1;
}

long pg_changed(const PGresult *res)
{
	return strtol(PQcmdTuples((PGresult *)res), NULL, 10);
}

void pg_rollback(struct pg_store *ps)
{
	if (ps->conn && PQtransactionStatus(ps->conn) != PQTRANS_IDLE &&
	    PQtransactionStatus(ps->conn) != PQTRANS_UNKNOWN)
		PQclear(PQexec(ps->conn, "ROLLBACK"));
	ps->in_tx = false;
}

/* --- Parameters ------------------------------------------------------------------------ */

void pg_arg(struct pg_args *a, const char *s)
{
	if (a->n >= PG_ARGS_MAX)
		BUG("more than %d query parameters", PG_ARGS_MAX);
	a->v[a->n++] = s;
}

void pg_arg_int(struct pg_args *a, long long v)
{
	if (a->n >= PG_ARGS_MAX)
		BUG("more than %d query parameters", PG_ARGS_MAX);
	snprintf(a->num[a->n], sizeof a->num[a->n], "%lld", v);
	a->v[a->n] = a->num[a->n];
	a->n++;
}

void pg_arg_id(struct pg_args *a, int64_t v)
{
	if (v > 0)
		pg_arg_int(a, (long long)v);
	else
		pg_arg(a, NULL);
}

void pg_arg_real(struct pg_args *a, double v)
{
	if (v < 0 || isnan(v)) {
		pg_arg(a, NULL);
		return;
	}
	if (a->n >= PG_ARGS_MAX)
		BUG("more than %d query parameters", PG_ARGS_MAX);
	/* %.17g: a double read back exactly. */
	snprintf(a->num[a->n], sizeof a->num[a->n], "%.17g", v);
	a->v[a->n] = a->num[a->n];
	a->n++;
}

static void array_text(struct strbuf *sb, const char *const *v, size_t n, bool nulls)
{
	strbuf_adds(sb, "{");
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_adds(sb, ",");
		if (!v[i] && nulls) {
			strbuf_adds(sb, "NULL");
			continue;
		}
		strbuf_adds(sb, "\"");
		for (const char *p = v[i] ? v[i] : ""; *p; p++) {
			if (*p == '"' || *p == '\\')
				strbuf_add(sb, "\\", 1);
			strbuf_add(sb, p, 1);
		}
		strbuf_adds(sb, "\"");
	}
	strbuf_adds(sb, "}");
}

void pg_array_text(struct strbuf *sb, const char *const *v, size_t n)
{
	array_text(sb, v, n, false);
}

void pg_array_text_null(struct strbuf *sb, const char *const *v, size_t n)
{
	array_text(sb, v, n, true);
}

void pg_array_int(struct strbuf *sb, const long long *v, size_t n)
{
	strbuf_adds(sb, "{");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "%s%lld", i ? "," : "", v[i]);
	strbuf_adds(sb, "}");
}
