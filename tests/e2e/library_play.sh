# Sourced by tests/e2e/test_library_*.sh after lib.sh: playing a bundled
# format-2 scenario in plain mode through a pipe, and checking each session
# with tests/e2e/library_lines.py. The caller sets PACK (the pack directory),
# CLIENTS (an extended regex of the clients' names, "Tyler|Liam") and, before
# each scenario, TOPICS (words a close may name only once raised).
_library_n=0

# play ID SEED REPLY...: one session on a fresh database; the plain output in
# $T/out, the client's lines in $T/lines; every line must be the scenario's
# own and never said twice, and the close must name none of $TOPICS that
# nobody raised.
play() {
	_id=$1 _seed=$2; shift 2
	_library_n=$((_library_n + 1))
	_db="$T/s$_library_n.db"
	printf '%s\n' "$@" | "$MICOACH" --scenarios "$MICOACH_SRC/scenarios" practice "$_id" --plain --no-feedback \
		--db "$_db" --seed "$_seed" >"$T/out" 2>"$T/err"
	assert_status 0 $? "practice $_id (seed $_seed)"
	grep -E "^($CLIENTS): " "$T/out" >"$T/lines" || true
	"$MICOACH" show 1 --json --db "$_db" >"$T/json" 2>"$T/err" || { cat "$T/err"; fail "show --json ($_id, seed $_seed)"; }
	# shellcheck disable=SC2086 # TOPICS is a list of words
	python3 "$MICOACH_SRC/tests/e2e/library_lines.py" "$PACK/$_id.yaml" "$T/json" $TOPICS ||
		{ cat "$T/lines"; fail "$_id (seed $_seed): the lines above break the library's promise"; }
}

# outcome WORD: the session ended so (success, failure, limit, quit).
outcome() { assert_contains "$T/out" "Session summary: $1"; }

# long_session ID REPLY...: a long, mostly questioning session over seeds 4
# and 5: play's checks hold all the way, and it never reaches a step.
long_session() {
	_lid=$1; shift
	for _s in 4 5; do
		play "$_lid" "$_s" "$@"
		assert_not_contains "$T/out" "Session summary: success"
	done
}
