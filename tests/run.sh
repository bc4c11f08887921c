#!/bin/sh
# Run the unit test binaries named on the command line, then every end-to-end
# script tests/e2e/test_*.sh against $MICOACH; print each result and, last, one
# line "tests: N passed, N failed". Exits non-zero when anything failed.
# With --unit-only, skip the end-to-end scripts. With E2E=pattern, run only
# the scripts whose name contains pattern.
unit_only=0
[ "$1" = "--unit-only" ] && { unit_only=1; shift; }
passed=0 failed=0 failures=
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
for t in "$@"; do
	name=$(basename "$t")
	if "$t" >"$log/$name.out" 2>&1; then
		passed=$((passed + 1)); echo "ok   unit/$name"
	else
		failed=$((failed + 1)); failures="$failures unit/$name"
		echo "FAIL unit/$name"; sed 's/^/    /' "$log/$name.out"
	fi
done
if [ $unit_only = 0 ]; then
	: "${MICOACH:=./micoach}"
	MICOACH=$(cd "$(dirname "$MICOACH")" && pwd)/$(basename "$MICOACH")
	export MICOACH
	export MICOACH_SRC="$(pwd)"
	for t in tests/e2e/test_*.sh; do
		[ -f "$t" ] || continue
		case "$t" in *"${E2E:-}"*) ;; *) continue ;; esac
		name=$(basename "$t" .sh)
		if sh "$t" >"$log/$name.out" 2>&1; then
			passed=$((passed + 1)); echo "ok   e2e/$name"
		else
			failed=$((failed + 1)); failures="$failures e2e/$name"
			echo "FAIL e2e/$name"; sed 's/^/    /' "$log/$name.out"
		fi
	done
fi
[ -n "$failures" ] && echo "failed:$failures"
echo "tests: $passed passed, $failed failed"
[ $failed = 0 ]
