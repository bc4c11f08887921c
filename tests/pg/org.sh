# tests/pg/org.sh: an organisation on the test server (tests/pg/server.sh),
# for the end-to-end tests; source it after tests/e2e/lib.sh.
#   pg_org NAME            a database NAME owned by the administrator
#                          NAME_admin (CREATEROLE, not a superuser), and
#                          $ORG_URI to reach it as that administrator
#   org_add WHO ROLE [C]   micoach db add-user WHO --role ROLE [--cohort C]
#                          --password, the password WHO-pw, kept in .pgpass
#   org_uri WHO            the URI for WHO (no password: .pgpass has it)
#   as_psql WHO SQL        SQL through psql as WHO, search_path micoach
#   as_pg WHO ARGS...      micoach --db (WHO's URI) ARGS...
# Roles are the server's, not the database's: each test names its own.
: "${MICOACH_TEST_PG:?run the PostgreSQL tests under tests/pg/server.sh (make test does)}"
. "$MICOACH_SRC/tests/pg/lib.sh"

pg_org() {
	ORG_DB=$1
	ORG_ADMIN=${1}_admin
	export PGPASSFILE="$T/pgpass"
	: >"$PGPASSFILE"
	chmod 600 "$PGPASSFILE"
	pg_super "CREATE ROLE $ORG_ADMIN LOGIN CREATEROLE PASSWORD '$ORG_ADMIN-pw'" >/dev/null ||
		fail "could not create the administrator $ORG_ADMIN"
	pg_super "CREATE DATABASE $ORG_DB OWNER $ORG_ADMIN" >/dev/null || fail "could not create $ORG_DB"
	echo "*:*:*:$ORG_ADMIN:$ORG_ADMIN-pw" >>"$PGPASSFILE"
	ORG_URI=$(org_uri "$ORG_ADMIN")
}
org_uri() { echo "postgresql://$1@/$ORG_DB?host=$PGHOST&port=$PGPORT"; }
org_add() {
	echo "$1-pw" | "$MICOACH" --db "$ORG_URI" db add-user "$1" --role "$2" ${3:+--cohort "$3"} --password \
		>"$T/org_add.out" 2>&1 || { cat "$T/org_add.out"; fail "db add-user $1 --role $2 failed"; }
	grep -q "^\*:\*:\*:$1:" "$PGPASSFILE" || echo "*:*:*:$1:$1-pw" >>"$PGPASSFILE"
}
as_psql() {
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$ORG_DB" -U "$1" -c "SET search_path = micoach" -c "$2"
}
as_pg() {
	_who=$1; shift
	"$MICOACH" --db "$(org_uri "$_who")" "$@"
}
# org_count SQL: one number, as the server's superuser, in the organisation's database.
org_count() { pg_super "$1" "$ORG_DB"; }
