/* bench_store_pg.c: the review queries on the organisation's PostgreSQL
 * store, beside bench_store.c's SQLite figures: the same shape of data
 * (100,000 sessions and 2,000,000 turns of 200 trainees in 30 scenarios,
 * 20 turns each, one session in 100 an attempt at an assignment), the same
 * queries, the same 50 ms targets, timed through the store as the cohort's
 * trainer, so row-level security is in every figure (and as whole micoach
 * commands). The data is made on the server by SQL (generate_series), as
 * the superuser with triggers off, since two million turns through one
 * connection would take most of the run (it fills in each row's session
 * user, which the schema's triggers do otherwise); the tables, indexes and policies
 * are those `micoach db init` makes. Needs the server of tests/pg/server.sh
 * ($MICOACH_TEST_PG; make bench runs under it, with fsync on).
 * BENCH_STORE_SESSIONS=N builds a smaller store. A bench may use libpq
 * itself: it builds the data, it is not the product. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/summary.h"
#include "core/util.h"
#include "store/store.h"
#include "store/store_pg.h"
#include "store/store_trainer.h"
#include "bench.h"

enum { TURNS = BENCH_TURNS };

static void sql(PGconn *c, const char *what, const char *q)
{
	PGresult *res = PQexec(c, q);

	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "bench_store_pg: %s: %s", what, PQerrorMessage(c));
		exit(1);
	}
	PQclear(res);
}

static PGconn *connect_to(const char *db)
{
	char *uri = xasprintf("postgresql://postgres@/%s", db);
	PGconn *c = PQconnectdb(uri);

	free(uri);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "bench_store_pg: cannot connect to the test server (%s); make bench starts one",
			PQerrorMessage(c));
		exit(1);
	}
	PQclear(PQexec(c, "SET client_min_messages = warning"));
	return c;
}

/* The organisation: its schema, 200 trainees in one cohort and their trainer. */
static void organise(void)
{
	PGconn *c = connect_to("postgres");
	struct pg_store *ps;
	struct error err = {0};
	int from, to;

	sql(c, "dropping", "DROP DATABASE IF EXISTS bench WITH (FORCE)");
	sql(c, "the administrator", "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bench_admin') "
	    "THEN CREATE ROLE bench_admin LOGIN CREATEROLE PASSWORD 'benchpw'; END IF; END $$");
	sql(c, "the database", "CREATE DATABASE bench OWNER bench_admin");
	PQfinish(c);
	setenv("PGPASSWORD", "benchpw", 1);
	if (pg_store_connect("postgresql://bench_admin@/bench", &ps, &err) || pg_store_init(ps, &from, &to, &err)) {
		fprintf(stderr, "bench_store_pg: db init: %s\n", err.msg);
		exit(1);
	}
	pg_store_close(ps);
	c = connect_to("bench");
	sql(c, "the users", "SET search_path = micoach; "
	    "SELECT add_user(format('user%s', lpad(i::text, 3, '0')), 'trainee', 'bench-cohort', 'benchpw') "
	    "FROM generate_series(0, 199) i; "
	    "SELECT add_user('bench_trainer', 'trainer', 'bench-cohort', 'benchpw')");
	PQfinish(c);
}

/* The sessions, turns, codes, cues, meters and scores, made on the server. */
static void build(long n)
{
	PGconn *c = connect_to("bench");
	char *q;

	sql(c, "preparing", "SET search_path = micoach; SET session_replication_role = replica; "
	    "SET maintenance_work_mem = '256MB'");
	sql(c, "the catalogue",
	    "INSERT INTO packs(pack_id, version, title) SELECT 'pack-' || p, '1.0.0', 'Pack ' || p "
	    "FROM generate_series(0, 2) p; "
	    "INSERT INTO scenarios(pack, scenario_id, title) SELECT (SELECT id FROM packs WHERE pack_id = "
	    "'pack-' || (s % 3)), format('scenario-%s', lpad(s::text, 2, '0')), 'A resistant client' "
	    "FROM generate_series(0, 29) s; "
	    "INSERT INTO assignments(uid, title, pack_id, pack_version, scenarios, mode, pass_rules, added, cohort, owner) "
	    "SELECT 'bench-week', 'Week', 'pack-0', '1.0.0', 'scenario-00,scenario-03,scenario-06', 'coach', "
	    "'outcome=success,min_overall=40', '2023-11-14T00:00:00Z', id, 'bench_trainer' FROM cohorts");
	q = xasprintf(
		"CREATE TEMP TABLE ids AS SELECT array_agg(id ORDER BY name) AS u FROM users WHERE role = 'trainee'; "
		"INSERT INTO sessions(uid, \"user\", scenario, coder_version, seed, mode, started, ended, outcome, assignment) "
		"SELECT md5(i::text), (SELECT u[1 + (i * 7919) %% 200] FROM ids), "
		"(SELECT id FROM scenarios ORDER BY id OFFSET (i * 104729) %% 30 LIMIT 1), 'bench-coder', i, 'coach', "
		"to_char(timestamp '2023-11-14 22:13:20' + i * interval '900 s', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
		"to_char(timestamp '2023-11-14 22:23:20' + i * interval '900 s', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
		"CASE WHEN i %% 2 = 0 THEN 'success' ELSE 'quit' END, "
		"CASE WHEN i %% 100 = 0 THEN (SELECT id FROM assignments) END FROM generate_series(0::bigint, %ld) i", n - 1);
	sql(c, "the sessions", q);
	free(q);
	sql(c, "the turns",
	    "INSERT INTO turns(\"user\", session, idx, node, client_line, reply, primary_code, nonadherent, empathy, reflection, "
	    "discrepancy, self_efficacy, tip, next_node, client_next, at) "
	    "SELECT s.\"user\", s.id, k, 'opening', 'I don''t drink any more than anyone else I know.', "
	    "'It sounds like being asked about it feels unfair to you.', "
	    "(ARRAY['OQ','CQ','SR','CR','AF','GI','PERS'])[1 + (s.id * 31 + k * 17) % 7], "
	    "CASE WHEN (s.id * 31 + k * 17) % 7 = 6 THEN 1 ELSE 0 END, (s.id + k) % 5, (s.id * 3 + k) % 5, "
	    "(s.id * 7 + k) % 5, (s.id * 11 + k) % 5, 'Try a complex reflection: name the feeling under the words.', "
	    "'worry', 'Well, yeah. Everyone has a drink.', s.started FROM sessions s, generate_series(1, 20) k");
	sql(c, "the codes",
	    "INSERT INTO turn_codes(\"user\", turn, code) SELECT \"user\", id, primary_code FROM turns; "
	    "INSERT INTO turn_codes(\"user\", turn, code) SELECT \"user\", id, 'OQ' FROM turns "
	    "WHERE id % 3 = 0 AND primary_code <> 'OQ'; "
	    "INSERT INTO turn_cues(\"user\", turn, n, code, start, len) SELECT \"user\", id, 0, primary_code, 0, 8 "
	    "FROM turns");
	sql(c, "the sessions' codes",
	    "UPDATE sessions s SET codes = x.codes FROM (SELECT t.session, string_agg(DISTINCT c.code, ',' "
	    "ORDER BY c.code) AS codes FROM turns t JOIN turn_codes c ON c.turn = t.id GROUP BY t.session) x "
	    "WHERE x.session = s.id");
	sql(c, "the meters",
	    "INSERT INTO turn_meters(\"user\", turn, n, meter, value) SELECT t.\"user\", t.id, m.n - 1, m.meter, "
	    "(t.id * m.n) % 11 "
	    "FROM turns t, unnest(ARRAY['resistance', 'readiness', 'rapport']) WITH ORDINALITY AS m(meter, n)");
	sql(c, "the scores",
	    "INSERT INTO session_scores(\"user\", session, replies, empathy, reflection, discrepancy, self_efficacy, overall, "
	    "rq_ratio, pct_complex, adherent, nonadherent, global_cultivating, global_softening, global_partnership, "
	    "global_empathy, technical, relational) SELECT \"user\", id, 20, id % 101, (id * 3) % 101, (id * 7) % 101, "
	    "(id * 11) % 101, (id * 13) % 101, 1.5, 40, 3, 1, 3, 3, 3, 3, 3, 3 FROM sessions");
	sql(c, "vacuum", "VACUUM ANALYZE");
	PQfinish(c);
}


int main(void)
{
	const char *env = getenv("BENCH_STORE_SESSIONS");
	long n = env ? strtol(env, NULL, 10) : 100000;
	const char *uri = "postgresql://bench_trainer@/bench";
	struct store *st;
	struct error err = {0};
	int64_t show;
	double t0;

	if (n < 100)
		n = 100;
	if (!getenv("MICOACH_TEST_PG")) {
		fprintf(stderr, "bench_store_pg: no PostgreSQL server (run under tests/pg/server.sh; make bench does)\n");
		return 1;
	}
	organise();
	t0 = now_ms();
	build(n);
	fprintf(stderr, "bench_store_pg: built %ld sessions, %ld turns on the server in %.1f s\n", n, n * TURNS,
		(now_ms() - t0) / 1000);
	if (store_open(uri, &st, &err))
		bench_die("open", &err);
	/* The middle session of user042, as history lists it (its rows are not in id order). */
	{
		struct session_filter f = { .user = "user042", .limit = 50 };
		struct session_list sl;
		if (store_list_sessions(st, &f, &sl, &err) || !sl.n)
			bench_die("history", &err);
		show = sl.items[sl.n / 2].id;
		session_list_release(&sl);
	}
	store_figures(st, "postgresql store", show);
	store_close(st);
	{
		const char *bin = getenv("BIN");
		char *exe = bin && *bin ? (bin[0] == '/' ? xstrdup(bin) : xasprintf("./%s", bin)) : xstrdup("./micoach");
		char *h[] = { exe, "--db", (char *)uri, "--user", "user042", "history", NULL };
		char *p[] = { exe, "--db", (char *)uri, "--user", "user042", "progress", NULL };
		char *rep[] = { exe, "--db", (char *)uri, "report", "--assignment", "bench-week", NULL };
		if (access(exe, X_OK) == 0) {
			command_figure("micoach history on PostgreSQL (first page, whole command)", h);
			command_figure("micoach progress on PostgreSQL (whole command)", p);
			command_figure("micoach report on PostgreSQL (one assignment, whole command)", rep);
		}
		free(exe);
	}
	return 0;
}
