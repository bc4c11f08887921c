/* pg_int.h: what src/store/pg*.c share: the connection and its helpers.
 * The only file that includes libpq-fe.h (tests/check-layers.sh). */
#ifndef MICOACH_PG_INT_H
#define MICOACH_PG_INT_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "store/store_pg.h"

struct pg_store {
	PGconn *conn;
	char *name;                  /* pg_store_name: no password */
	char *role;                  /* current_user */
	char *secrets[3];            /* the URI's password (raw, decoded) and userinfo: never shown */
	bool in_tx;
};

/* Fill err from a failed result (res may be NULL: the connection's message)
 * with the status its SQLSTATE calls for; returns -1. what: "saving the
 * turn", for the message. */
int pg_fail(struct pg_store *ps, const PGresult *res, struct error *err, const char *what);
/* Run sql with n text parameters (NULL: SQL NULL); the result when its
 * status is PGRES_TUPLES_OK or PGRES_COMMAND_OK, else NULL with err. The
 * caller PQclears it. */
PGresult *pg_query(struct pg_store *ps, const char *sql, int n, const char *const *params,
		   struct error *err, const char *what);
/* pg_query for a statement whose rows, if any, do not matter. */
int pg_command(struct pg_store *ps, const char *sql, int n, const char *const *params,
	       struct error *err, const char *what);
/* Several statements with no parameter (migrations), through PQexec. */
int pg_script(struct pg_store *ps, const char *sql, struct error *err, const char *what);
/* A copy of the text at (row, col), NULL for SQL NULL. */
char *pg_dup(const PGresult *res, int row, int col);
/* "t" for true. */
bool pg_bool(const PGresult *res, int row, int col);
/* BEGIN / COMMIT / ROLLBACK; rollback is quiet and safe when none is open. */
int pg_begin(struct pg_store *ps, struct error *err);
int pg_commit(struct pg_store *ps, struct error *err);
void pg_rollback(struct pg_store *ps);

#endif
