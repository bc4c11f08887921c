#!/bin/sh
# make check-faults: run every tests/faults/test_*.sh against $MICOACH (the
# optimised build) and $MICOACH_SAN (the AddressSanitizer/UBSan build); print
# each result and, last, "faults: N passed, N failed". FAULTS=pattern runs
# only the scripts whose name contains pattern. Exits non-zero on a failure.
: "${MICOACH:?set MICOACH to the binary under test}"
MICOACH_SRC=$(pwd)
export MICOACH MICOACH_SRC MICOACH_SAN
passed=0 failed=0 failures=
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
for t in tests/faults/test_*.sh; do
	[ -f "$t" ] || continue
	case "$t" in *"${FAULTS:-}"*) ;; *) continue ;; esac
	name=$(basename "$t" .sh)
	start=$(date +%s)
	if sh "$t" >"$log/$name.out" 2>&1; then
		passed=$((passed + 1)); echo "ok   faults/$name ($(( $(date +%s) - start )) s)"
		grep '^skip:' "$log/$name.out" | sed 's/^/    /'
	else
		failed=$((failed + 1)); failures="$failures faults/$name"
		echo "FAIL faults/$name"; sed 's/^/    /' "$log/$name.out"
	fi
done
[ -n "$failures" ] && echo "failed:$failures"
echo "faults: $passed passed, $failed failed"
[ $failed = 0 ]
