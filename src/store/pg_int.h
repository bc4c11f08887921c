/* pg_int.h: what src/store/pg*.c share: the connection, its parameters for
 * reconnecting, and the helpers queries go through. The only file that
 * includes libpq-fe.h (tests/check-layers.sh). */
#ifndef MICOACH_PG_INT_H
#define MICOACH_PG_INT_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util.h"
#include "store/store_pg.h"

/* --- pg_lib.c: libpq, loaded on first use ---------------------------------
 * micoach opens libpq (and the two dozen libraries it pulls in: TLS,
 * Kerberos, LDAP) only for a postgresql:// store, so that a practice
 * session on SQLite does not pay for them at start-up. Every libpq
 * function src/store/pg*.c calls goes through this table; pg_lib_load()
 * fills it. */
#define PG_LIB_FUNCS(X) \
	X(PQclear) \
	X(PQcmdTuples) \
	X(PQconnectPoll) \
	X(PQconnectStartParams) \
	X(PQconnectdbParams) \
	X(PQconnectionNeedsPassword) \
	X(PQconninfoFree) \
	X(PQconninfoParse) \
	X(PQdb) \
	X(PQencryptPasswordConn) \
	X(PQerrorMessage) \
	X(PQexec) \
	X(PQexecParams) \
	X(PQexecPrepared) \
	X(PQfinish) \
	X(PQfreemem) \
	X(PQgetisnull) \
	X(PQgetvalue) \
	X(PQhost) \
	X(PQntuples) \
	X(PQparameterStatus) \
	X(PQpingParams) \
	X(PQport) \
	X(PQprepare) \
	X(PQresultErrorField) \
	X(PQresultStatus) \
	X(PQsetNoticeReceiver) \
	X(PQsocket) \
	X(PQstatus) \
	X(PQtransactionStatus) \
	X(PQuser)

#define PG_LIB_FIELD(name) __typeof__(&name) name;
struct pg_lib { PG_LIB_FUNCS(PG_LIB_FIELD) };
#undef PG_LIB_FIELD
extern struct pg_lib pg_lib_fn;
/* Load libpq and its functions once; false (and err, when not NULL) when
 * it cannot be loaded. */
bool pg_lib_load(struct error *err);

#ifndef PG_LIB_REAL
#define PQclear (pg_lib_fn.PQclear)
#define PQcmdTuples (pg_lib_fn.PQcmdTuples)
#define PQconnectPoll (pg_lib_fn.PQconnectPoll)
#define PQconnectStartParams (pg_lib_fn.PQconnectStartParams)
#define PQconnectdbParams (pg_lib_fn.PQconnectdbParams)
#define PQconnectionNeedsPassword (pg_lib_fn.PQconnectionNeedsPassword)
#define PQconninfoFree (pg_lib_fn.PQconninfoFree)
#define PQconninfoParse (pg_lib_fn.PQconninfoParse)
#define PQdb (pg_lib_fn.PQdb)
#define PQencryptPasswordConn (pg_lib_fn.PQencryptPasswordConn)
#define PQerrorMessage (pg_lib_fn.PQerrorMessage)
#define PQexec (pg_lib_fn.PQexec)
#define PQexecParams (pg_lib_fn.PQexecParams)
#define PQexecPrepared (pg_lib_fn.PQexecPrepared)
#define PQfinish (pg_lib_fn.PQfinish)
#define PQfreemem (pg_lib_fn.PQfreemem)
#define PQgetisnull (pg_lib_fn.PQgetisnull)
#define PQgetvalue (pg_lib_fn.PQgetvalue)
#define PQhost (pg_lib_fn.PQhost)
#define PQntuples (pg_lib_fn.PQntuples)
#define PQparameterStatus (pg_lib_fn.PQparameterStatus)
#define PQpingParams (pg_lib_fn.PQpingParams)
#define PQport (pg_lib_fn.PQport)
#define PQprepare (pg_lib_fn.PQprepare)
#define PQresultErrorField (pg_lib_fn.PQresultErrorField)
#define PQresultStatus (pg_lib_fn.PQresultStatus)
#define PQsetNoticeReceiver (pg_lib_fn.PQsetNoticeReceiver)
#define PQsocket (pg_lib_fn.PQsocket)
#define PQstatus (pg_lib_fn.PQstatus)
#define PQtransactionStatus (pg_lib_fn.PQtransactionStatus)
#define PQuser (pg_lib_fn.PQuser)
#endif

enum { PG_PARAMS_MAX = 10 };

/* The statements prepared once a connection (the writers practice calls on
 * every reply). */
enum pg_stmt { PGS_BEGIN_SESSION, PGS_ADD_TURN, PGS_END_SESSION, PGS_PUT_SCORES, PGS_COUNT };

struct pg_store {
	PGconn *conn;                /* NULL while the server cannot be reached */
	char *name;                  /* pg_store_name: no password */
	char *role;                  /* current_user, once connected */
	char *secrets[3];            /* the URI's password (raw, decoded) and userinfo: never shown */
	const char *kw[PG_PARAMS_MAX + 1]; /* the connection's parameters, for reconnecting */
	char *val[PG_PARAMS_MAX + 1];
	int busy_ms;                 /* the longest a reconnection may take */
	bool backend;                /* a store's connection: the schema is checked on every connect */
	bool in_tx;
	bool connecting;             /* inside pg_connect: no reconnecting from there */
	bool retried;                /* the last query ran again on a new connection: its
				      * first run may have been done, its answer lost */
	bool prepared[PGS_COUNT];    /* on this connection */
	char state[6];               /* SQLSTATE of the last failure, "" when it had none */
	char *cohort;                /* store_set_cohort */
};

/* --- pg.c: secrets, failures, queries -------------------------------------- */

/* Note the URI's password (as written and decoded) so messages leave it out. */
void pg_secrets_collect(struct pg_store *ps, const char *uri, const PQconninfoOption *opts);
/* msg on one line ("; " for its line breaks), every secret replaced by ***. */
void pg_redact(const struct pg_store *ps, const char *msg, char *out, size_t size);
/* Fill err from a failed result (res may be NULL: the connection's message)
 * with the status its SQLSTATE calls for; returns -1. what: "saving the
 * turn", for the message. */
int pg_fail(struct pg_store *ps, const PGresult *res, struct error *err, const char *what);
/* Run sql with n text parameters (NULL: SQL NULL); the result when its
 * status is PGRES_TUPLES_OK or PGRES_COMMAND_OK, else NULL with err (and
 * ps->state). The caller PQclears it. */
PGresult *pg_query(struct pg_store *ps, const char *sql, int n, const char *const *params,
		   struct error *err, const char *what);
/* When the connection went outside a transaction, both connect again (within
 * the busy timeout) and run the statement once more, setting ps->retried. */
/* pg_query through statement id, prepared on this connection on first use. */
PGresult *pg_prepared(struct pg_store *ps, enum pg_stmt id, const char *sql, int n, const char *const *params,
		      struct error *err, const char *what);
/* pg_query for a statement whose rows, if any, do not matter. */
int pg_command(struct pg_store *ps, const char *sql, int n, const char *const *params,
	       struct error *err, const char *what);
/* Several statements with no parameter (migrations), through PQexec. */
int pg_script(struct pg_store *ps, const char *sql, struct error *err, const char *what);
/* A copy of the text at (row, col), NULL for SQL NULL; pg_dup0: "" for NULL. */
char *pg_dup(const PGresult *res, int row, int col);
char *pg_dup0(const PGresult *res, int row, int col);
/* The value at (row, col) as a number; 0 (or none) for SQL NULL. */
long long pg_int(const PGresult *res, int row, int col);
double pg_real(const PGresult *res, int row, int col, double none);
/* "t" for true. */
bool pg_bool(const PGresult *res, int row, int col);
/* BEGIN / COMMIT / ROLLBACK; rollback is quiet and safe when none is open. */
int pg_begin(struct pg_store *ps, struct error *err);
int pg_commit(struct pg_store *ps, struct error *err);
void pg_rollback(struct pg_store *ps);
/* A writer's own transaction unless the caller holds one (as store_w_begin);
 * pg_w_end commits (rc 0) or rolls back, and returns 0 or -1. */
int pg_w_begin(struct pg_store *ps, bool *own, struct error *err);
int pg_w_end(struct pg_store *ps, bool own, int rc, struct error *err);
/* The rows the command res changed. */
long pg_changed(const PGresult *res);

/* Parameters as text, in fixed slots: pg_param_int(&p, 42) ... p.v. */
enum { PG_ARGS_MAX = 32 };
struct pg_args {
	const char *v[PG_ARGS_MAX];
	char num[PG_ARGS_MAX][32];
	int n;
};
void pg_arg(struct pg_args *a, const char *s);          /* NULL: SQL NULL */
void pg_arg_int(struct pg_args *a, long long v);
void pg_arg_id(struct pg_args *a, int64_t v);           /* <= 0: SQL NULL */
void pg_arg_real(struct pg_args *a, double v);          /* < 0 or NaN: SQL NULL */
/* Array literals ({"a","b\"c"}, {1,2}) for text[] and integer[] parameters;
 * pg_array_text writes a NULL pointer as "", pg_array_text_null as NULL. */
void pg_array_text(struct strbuf *sb, const char *const *v, size_t n);
void pg_array_text_null(struct strbuf *sb, const char *const *v, size_t n);
void pg_array_int(struct strbuf *sb, const long long *v, size_t n);

/* --- pg_connect.c: connecting and reconnecting ----------------------------------- */

/* Parse uri into ps's parameters (with micoach's defaults where it says
 * nothing), its secrets and a first name; EXIT_USAGE when it is not one. */
int pg_params_init(struct pg_store *ps, const char *uri, struct error *err);
/* Connect, waiting as long as libpq's connect_timeout allows (ms < 0) or at
 * most ms milliseconds; then set the session up (schema micoach on the
 * search path, the role, a new enough server; for a backend, a schema this
 * build uses). */
int pg_connect(struct pg_store *ps, int ms, struct error *err);
/* 0 when connected, reconnecting (within busy_ms) when the connection went;
 * EXIT_TEMPFAIL when it cannot be had, or went inside a transaction. */
int pg_ready(struct pg_store *ps, struct error *err);

#endif
