# A FIFO (or any file that is not a regular file) named as an input is
# refused at once with exit 65 and a message that says what it is, never
# opened and waited on: `import`, `recover` and `assignment add` read their
# files through io/file.h's file_read_capped.
. "$(dirname "$0")/lib.sh"
db="$T/f.db"
mkfifo "$T/pipe.json" "$T/pipe.yaml"
refused() { # WHAT FILE COMMAND...
	_what=$1 _file=$2; shift 2
	timeout 20 "$MICOACH" --db "$db" "$@" >"$T/out" 2>"$T/err"
	_st=$?
	[ $_st != 124 ] || fail "$_what: waited on the FIFO instead of refusing it"
	assert_status 65 $_st "$_what"
	assert_contains "$T/err" "$_file: is not a regular file (a pipe or a device)"
}
refused "import" "$T/pipe.json" import "$T/pipe.json"
assert_contains "$T/err" "expected a result file"
refused "recover" "$T/pipe.json" recover "$T/pipe.json"
assert_contains "$T/err" "expected a recovery file"
refused "assignment add" "$T/pipe.yaml" assignment add "$T/pipe.yaml"
assert_contains "$T/err" "expected an assignment file"
# Nothing was written for them.
[ "$(sql "$db" 'select count(*) from sessions') $(sql "$db" 'select count(*) from assignments')" = "0 0" ] ||
	fail "a refused FIFO changed the database"
pass "FIFOs are refused at once by import, recover and assignment add"
