# Usage errors exit 64 on stderr; a missing scenario 66; an unwritable --db 74
# before the session starts; --help and --version print to stdout and exit 0.
. "$(dirname "$0")/lib.sh"

"$MICOACH" frobnicate >"$T/out" 2>"$T/err"; assert_status 64 $? "unknown command"
assert_contains "$T/err" "not a micoach command"
[ ! -s "$T/out" ] || fail "usage error printed to stdout"

"$MICOACH" --frob >"$T/out" 2>"$T/err"; assert_status 64 $? "unknown global option"
assert_contains "$T/err" "usage: micoach"

"$MICOACH" practice alcohol-gp --bogus </dev/null >"$T/out" 2>"$T/err"; assert_status 64 $? "unknown practice option"
assert_contains "$T/err" "usage: micoach practice"

"$MICOACH" practice alcohol-gp --seed -3 </dev/null >"$T/out" 2>"$T/err"; assert_status 64 $? "negative seed"

"$MICOACH" practice no-such-scenario --db "$T/x.db" </dev/null >"$T/out" 2>"$T/err"; assert_status 66 $? "missing scenario"
assert_contains "$T/err" "no scenario 'no-such-scenario'"

mkdir -p "$T/ro" && chmod 500 "$T/ro"
if [ "$(id -u)" != 0 ]; then
	echo 'Hello' | "$MICOACH" practice alcohol-gp --db "$T/ro/x.db" >"$T/out" 2>"$T/err"
	assert_status 74 $? "read-only directory"
fi
echo 'Hello' | "$MICOACH" practice alcohol-gp --db "$T/missing/dir/x.db" >"$T/out" 2>"$T/err"
assert_status 74 $? "database in a missing directory"
assert_contains "$T/err" "does not exist"
assert_not_contains "$T/out" "Scenario:"
echo 'Hello' | "$MICOACH" practice alcohol-gp --db /proc/version >"$T/out" 2>"$T/err"
assert_status 74 $? "database that is not a database file"

"$MICOACH" --version >"$T/out" 2>"$T/err"; assert_status 0 $? "--version"
grep -Eq '^micoach [0-9]+\.[0-9]+\.[0-9]+$' "$T/out" || fail "--version output: $(cat "$T/out")"
"$MICOACH" --help >"$T/out"; assert_status 0 $? "--help"
assert_contains "$T/out" "practice"
"$MICOACH" help practice >"$T/out"; assert_status 0 $? "help practice"
assert_contains "$T/out" "--seed N"
"$MICOACH" practice --help >"$T/out"; assert_status 0 $? "practice --help"
assert_contains "$T/out" "usage: micoach practice"
"$MICOACH" help nothing >"$T/out" 2>"$T/err"; assert_status 64 $? "help for an unknown command"

"$MICOACH" list >"$T/out" 2>"$T/err"; assert_status 0 $? "list"
awk -F'\t' 'NF != 4 { bad = 1 } END { exit bad }' "$T/out" || fail "list lines are not 4 tab-separated fields"
assert_contains "$T/out" "alcohol-gp	primary-care	"
pass "cli errors"
