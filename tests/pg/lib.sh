# tests/pg/lib.sh: a throwaway PostgreSQL server for the tests, sourced by
# tests/pg/server.sh (which wraps `make test`) and by tests that stop, kill
# and restart a server of their own.
#
#   pg_server_start DIR   initdb in DIR/data, start it listening only on a Unix
#                         socket in DIR (no TCP), and export PGHOST, PGPORT and
#                         MICOACH_PG_* (below) for the tests
#   pg_server_stop        stop it (fast shutdown; the data stay for a restart)
#   pg_server_kill        SIGKILL the postmaster and its backends (a crash)
#   pg_server_restart     start it again on the same data (after stop or kill)
#   pg_server_remove      stop whatever runs and remove DIR; safe to call twice,
#                         and from a trap
#
# As root (CI), the server runs as an unprivileged user: $MICOACH_PG_USER,
# else postgres (Debian's package creates it), else nobody. The bootstrap
# superuser is "postgres", trusted on the socket only; every other role logs
# in with a SCRAM password (tests/pg/pg_hba.conf), as on a real server.
# MICOACH_PG_FSYNC=on keeps fsync on (make bench does, for honest figures);
# MICOACH_PG_SHARED_BUFFERS sets shared_buffers (default PostgreSQL's own
# 128MB; make bench gives it 1GB, as an administrator would a real server);
# the tests turn it off: a killed server still loses no committed
# transaction, since each commit has been written to the OS before it returns.
# PG_BINDIR names the server's bin directory (default: the newest
# /usr/lib/postgresql/N/bin, else where initdb is on PATH).

pg_bindir() {
	if [ -n "${PG_BINDIR:-}" ]; then echo "$PG_BINDIR"; return; fi
	_d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n | tail -1)
	if [ -n "$_d" ] && [ -x "$_d/initdb" ]; then echo "$_d"; return; fi
	_i=$(command -v initdb 2>/dev/null) && { dirname "$_i"; return; }
	echo "tests/pg: no PostgreSQL server found: install Debian's postgresql (make test does, as root) or set PG_BINDIR" >&2
	return 1
}

# pg_as CMD...: run CMD as the server's user (itself when not root).
pg_as() {
	if [ -n "${MICOACH_PG_RUNAS:-}" ]; then
		runuser -u "$MICOACH_PG_RUNAS" -- "$@"
	else
		"$@"
	fi
}

pg_server_start() {
	_dir=$1
	MICOACH_PG_BINDIR=$(pg_bindir) || return 1
	MICOACH_PG_DIR=$_dir
	MICOACH_PG_RUNAS=
	if [ "$(id -u)" = 0 ]; then
		MICOACH_PG_RUNAS=${MICOACH_PG_USER:-}
		[ -n "$MICOACH_PG_RUNAS" ] || { id postgres >/dev/null 2>&1 && MICOACH_PG_RUNAS=postgres; }
		[ -n "$MICOACH_PG_RUNAS" ] || MICOACH_PG_RUNAS=nobody
		chown "$MICOACH_PG_RUNAS" "$_dir" || return 1
	fi
	chmod 700 "$_dir"
	export MICOACH_PG_BINDIR MICOACH_PG_DIR MICOACH_PG_RUNAS
	if ! pg_as "$MICOACH_PG_BINDIR/initdb" -D "$_dir/data" -U postgres -A trust -E UTF8 \
		--no-locale --no-sync --no-instructions >"$_dir/initdb.log" 2>&1; then
		echo "tests/pg: initdb failed:" >&2
		sed 's/^/  /' "$_dir/initdb.log" >&2
		return 1
	fi
	# Local connections only, through a socket in a private directory: the
	# bootstrap superuser trusted (only this user and root can reach the
	# socket), every other role by password.
	printf '%s\n' 'local all postgres trust' 'local all all scram-sha-256' >"$_dir/pg_hba.conf"
	pg_as cp "$_dir/pg_hba.conf" "$_dir/data/pg_hba.conf" || return 1
	cat >"$_dir/server.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$_dir'
unix_socket_permissions = 0700
port = 5432
max_connections = 260
shared_buffers = ${MICOACH_PG_SHARED_BUFFERS:-128MB}
fsync = ${MICOACH_PG_FSYNC:-off}
full_page_writes = ${MICOACH_PG_FSYNC:-off}
password_encryption = 'scram-sha-256'
log_min_messages = warning
log_line_prefix = '%m [%p] %u@%d '
EOF
	pg_as sh -c "cat '$_dir/server.conf' >>'$_dir/data/postgresql.conf'" || return 1
	export PGHOST=$_dir PGPORT=5432
	# Nothing of the caller's own PostgreSQL settings reaches the tests.
	unset PGSERVICE PGSERVICEFILE PGDATABASE PGUSER PGPASSWORD PGHOSTADDR PGOPTIONS \
		PGSSLMODE PGCONNECT_TIMEOUT PGAPPNAME PGTARGETSESSIONATTRS 2>/dev/null
	export PGPASSFILE=$_dir/no-pgpass
	pg_server_restart
}

pg_server_restart() {
	pg_as "$MICOACH_PG_BINDIR/pg_ctl" -D "$MICOACH_PG_DIR/data" -l "$MICOACH_PG_DIR/server.log" \
		-w -t 60 -s start >/dev/null 2>&1 && return 0
	echo "tests/pg: the server did not start:" >&2
	tail -20 "$MICOACH_PG_DIR/server.log" | sed 's/^/  /' >&2
	return 1
}

pg_server_stop() {
	pg_as "$MICOACH_PG_BINDIR/pg_ctl" -D "$MICOACH_PG_DIR/data" -m fast -w -t 60 -s stop >/dev/null 2>&1
}

# The postmaster's pid, from the first line of postmaster.pid.
pg_server_pid() {
	[ -f "$MICOACH_PG_DIR/data/postmaster.pid" ] && head -1 "$MICOACH_PG_DIR/data/postmaster.pid"
}

pg_server_kill() {
	_pid=$(pg_server_pid) || return 1
	# The postmaster and every backend it started (their parent is it).
	_kids=$(ps -o pid= --ppid "$_pid" 2>/dev/null)
	kill -9 "$_pid" $_kids 2>/dev/null
	_n=0
	while kill -0 "$_pid" 2>/dev/null && [ $_n -lt 200 ]; do sleep 0.05; _n=$((_n + 1)); done
	! kill -0 "$_pid" 2>/dev/null
}

pg_server_remove() {
	[ -n "${MICOACH_PG_DIR:-}" ] && [ -d "$MICOACH_PG_DIR" ] || return 0
	if [ -f "$MICOACH_PG_DIR/data/postmaster.pid" ]; then
		pg_as "$MICOACH_PG_BINDIR/pg_ctl" -D "$MICOACH_PG_DIR/data" -m immediate -w -t 30 -s stop \
			>/dev/null 2>&1 || pg_server_kill
	fi
	rm -rf "$MICOACH_PG_DIR"
	MICOACH_PG_DIR=
}

# pg_super SQL: one statement as the bootstrap superuser (psql, no psqlrc).
pg_super() { psql -X -q -v ON_ERROR_STOP=1 -At -U postgres -d "${2:-postgres}" -c "$1"; }
