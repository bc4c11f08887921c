/* store/open.c: opening and closing the database (a private file, WAL,
 * synchronous writes, the schema brought up to date), its busy timeout,
 * and what doctor asks of it: the integrity check and its counts. */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"

/* --- Opening ------------------------------------------------------------- */

void store_set_busy_timeout(struct store *st, int ms)
{
	if (st->pg) {
		pgs_set_busy_timeout(st->pg, ms);
		return;
	}
	st->busy_ms = ms < 0 ? 0 : ms;
	sqlite3_busy_timeout(st->db, st->busy_ms);
}

int store_stats(struct store *st, struct store_stats *out, struct error *err)
{
	if (st->pg)
		return pgs_stats(st->pg, out, err);
	static const char *const sql[] = {
		"SELECT count(*) FROM users", "SELECT count(*) FROM sessions",
		"SELECT count(*) FROM sessions WHERE ended IS NULL", "SELECT count(*) FROM turns",
		"SELECT count(*) FROM sessions WHERE import IS NOT NULL",
	};
	long long *field[] = { &out->users, &out->sessions, &out->unfinished, &out->turns, &out->imported };

	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < ARRAY_SIZE(sql); i++)
		if (store_query_int(st, sql[i], field[i], err, "counting"))
			return -1;
	out->schema_version = store_schema_version(st);
	return 0;
}

const char *store_path(const struct store *st)
{
	return st->path;
}

const char *store_role(const struct store *st)
{
	return st->pg ? pg_store_role(st->pg) : NULL;
}

bool store_connected(const struct store *st)
{
	return !st->pg || pgs_connected(st->pg);
}

void store_set_cohort(struct store *st, const char *cohort)
{
	if (st->pg)
		pgs_set_cohort(st->pg, cohort);
}

int store_limit_pages(struct store *st, long pages, struct error *err)
{
	if (st->pg)
		return error_set(err, EXIT_USAGE, "%s: PostgreSQL keeps its own limits; there is no page cap", st->path);
	char sql[64];

	/* An integer we format ourselves: PRAGMA arguments cannot be bound. */
	snprintf(sql, sizeof sql, "PRAGMA max_page_count = %ld", pages);
	return store_exec(st, sql, err, "limiting the database size");
}

static long long monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* PRAGMA journal_mode = WAL; an SQLite result code. SQLite does not call the
 * busy handler for this switch (it needs the exclusive lock, and answers
 * SQLITE_BUSY at once while another process holds any lock, as on the first
 * use of a new database by several processes at once): wait here instead,
 * up to the busy timeout, trying again every 10 ms. */
static int wal_switch(struct store *st)
{
	long long until = monotonic_ms() + st->busy_ms;
	int rc;

	for (;;) {
		sqlite3_stmt *s = NULL;
		rc = sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &s, NULL);
		if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
			const unsigned char *mode = sqlite3_column_text(s, 0);
			rc = mode && !strcmp((const char *)mode, "wal") ? SQLITE_OK : SQLITE_READONLY;
		}
		sqlite3_finalize(s);
		if ((rc & 0xff) != SQLITE_BUSY || monotonic_ms() >= until)
			return rc;
		nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000 * 1000 }, NULL);
	}
}

int store_busy_default(void)
{
	const char *e = getenv("MICOACH_BUSY_TIMEOUT_MS");
	char *end;
	long v;

	if (!e || !*e)
		return 5000;
	errno = 0;
	v = strtol(e, &end, 10);
	return (errno || *end || v < 0 || v > 600000) ? 5000 : (int)v;
}

int store_open(const char *path, struct store **out, struct error *err)
{
	struct store *st;
	struct stat sb;
	int rc;
	long long one;

	*out = NULL;
	if (!path || !*path)
		return error_set(err, EXIT_USAGE, "no database path given");
	if (pg_uri_is(path)) {
		struct pg_store *pg;
		if (pgs_open(path, &pg, err))
			return -1;
		st = xcalloc(1, sizeof *st);
		st->pg = pg;
		st->path = xstrdup(pg_store_name(pg));
		*out = st;
		return 0;
	}
	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return error_set(err, EXIT_IOERR, "%s: is a directory, not a database; name a file with --db", path);
		if (!S_ISREG(sb.st_mode))
			return error_set(err, EXIT_IOERR, "%s: is not a regular file; name a database file with --db", path);
	} else if (errno == ENOENT) {
		/* Create it ourselves so it is private from the start; SQLite gives
		 * its -wal and -shm files the same mode. */
		int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			return error_set(err, EXIT_IOERR, "%s: cannot create the database: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
	} else {
		return error_set(err, EXIT_IOERR, "%s: cannot open the database: %s", path, strerror(errno));
	}

	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	/* A path is a path: libsqlite3 (built with SQLITE_USE_URI) takes "file:..." as a URI. */
	{
		char *plain = strncmp(path, "file:", 5) ? NULL : xasprintf("./%s", path);
		rc = sqlite3_open_v2(plain ? plain : path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
		free(plain);
	}
	if (rc != SQLITE_OK) {
		store_fail(st, err, rc, "opening");
		store_close(st);
		return -1;
	}
	sqlite3_extended_result_codes(st->db, 1);
	store_set_busy_timeout(st, store_busy_default());
	if (sqlite3_db_readonly(st->db, "main") == 1 || access(path, W_OK) != 0) {
		error_set(err, EXIT_IOERR, "%s: cannot write the database, it is read-only; "
			  "check the permissions of the file and its directory", path);
		store_close(st);
		return -1;
	}
	/* Touch the file header first so a damaged file is named as such. */
	if (store_query_int(st, "PRAGMA schema_version", &one, err, "opening") ||
	    store_exec(st, "PRAGMA foreign_keys = ON", err, "opening")) {
		store_close(st);
		return -1;
	}
	{
		long long v;
		if (store_query_int(st, "PRAGMA user_version", &v, err, "reading the schema version")) {
			store_close(st);
			return -1;
		}
		if (v > store_schema_latest()) {
			store_migrate(st, err); /* fills the "newer micoach" message */
			store_close(st);
			return -1;
		}
		/* Someone else's database stays as it is: no WAL switch, no tables. */
		if (store_check_ours(st, err)) {
			store_close(st);
			return -1;
		}
	}
	/* WAL: readers never block the writer; a committed turn survives a crash. */
	rc = wal_switch(st);
	if (rc != SQLITE_OK) {
		store_fail(st, err, rc, "switching to write-ahead logging");
		store_close(st);
		return -1;
	}
	if (store_exec(st, "PRAGMA synchronous = FULL", err, "opening") || store_migrate(st, err)) {
		store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	pg_store_close(st->pg);
	if (st->db && st->in_tx)
		store_tx_rollback(st);
	for (size_t i = 0; i < STMT_COUNT; i++)
		sqlite3_finalize(st->stmts[i]);
	if (st->db)
		sqlite3_close(st->db);
	free(st->path);
	free(st);
}

int store_check(struct store *st, struct error *err)
{
	if (st->pg)
		return pgs_check(st->pg, err);
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL);
	int ret = 0;

	if (rc != SQLITE_OK)
		return store_fail(st, err, rc, "checking");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(s, 0);
		if (!r || strcmp(r, "ok")) {
			/* The first problem, on one line (skip SQLite's "*** in database" header). */
			const char *nl;
			if (r && !strncmp(r, "***", 3) && (nl = strchr(r, '\n')))
				r = nl + 1;
			nl = r ? strchr(r, '\n') : NULL;
			ret = error_set(err, EXIT_DATAERR, "%s: the database is damaged (integrity check: %.*s)",
					st->path, r ? (nl ? (int)(nl - r) : (int)strlen(r)) : 1, r ? r : "?");
		}
	} else {
		ret = store_fail(st, err, rc, "checking");
	}
	sqlite3_finalize(s);
	if (ret == 0) {
		long long broken = 0;
		if (store_query_int(st, "SELECT count(*) FROM pragma_foreign_key_check", &broken, err, "checking"))
			ret = -1;
		else if (broken)
			ret = error_set(err, EXIT_DATAERR, "%s: %lld rows point at rows that do not exist "
					"(PRAGMA foreign_key_check)", st->path, broken);
	}
	return ret;
}

