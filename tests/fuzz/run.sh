#!/bin/sh
# Run each libFuzzer target for SECONDS: `sh tests/fuzz/run.sh SECONDS BIN...`
# (what `make fuzz` does). A target's seeds, tests/fuzz/corpus/NAME/, are copied to
# a temporary work directory so the run never modifies the repository; the
# inputs of a crash are kept in ${TMPDIR:-/tmp}/micoach-fuzz-crashes/NAME/.
# tests/fuzz/NAME.dict, when present, is the target's dictionary. Prints one line
# per target; exits non-zero when any target crashed (or could not run).
set -u
[ $# -ge 2 ] || { echo "usage: sh tests/fuzz/run.sh SECONDS BIN..." >&2; exit 64; }
secs=$1
shift
work=$(mktemp -d "${TMPDIR:-/tmp}/micoach-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
failed=0
for bin in "$@"; do
	name=$(basename "$bin")
	corpus="$work/$name/corpus"
	mkdir -p "$corpus" "$work/$name/artifacts"
	[ -d "tests/fuzz/corpus/$name" ] && cp -R "tests/fuzz/corpus/$name/." "$corpus/"
	# The loader's target is also seeded with the bundled packs, as they are now.
	if [ "$name" = fuzz_scenario ] && [ -d scenarios ]; then
		find scenarios -name '*.yaml' -type f | while read -r f; do
			cp "$f" "$corpus/bundled-$(echo "$f" | tr '/' '_')"
		done
	fi
	seeds=$(ls "$corpus" | wc -l)
	log="$work/$name/log"
	dict=
	[ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"
	"$bin" $dict -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$work/$name/artifacts/" "$corpus" >"$log" 2>&1
	rc=$?
	# UBSan reports without stopping unless told to: count them as failures.
	if [ $rc = 0 ] && grep -q 'runtime error:' "$log"; then
		rc=1
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
	units=$(ls "$corpus" | wc -l)
	if [ $rc = 0 ]; then
		echo "fuzz $name: ok: ${runs:-?} runs in ${secs}s, coverage ${cov:-?}, corpus $seeds -> $units"
	else
		failed=1
		keep="${TMPDIR:-/tmp}/micoach-fuzz-crashes/$name"
		mkdir -p "$keep"
		cp "$work/$name/artifacts/"* "$keep/" 2>/dev/null
		echo "fuzz $name: FAILED (exit $rc) after ${runs:-?} runs; inputs in $keep/"
		grep -E 'ERROR: |SUMMARY: |runtime error:|^    #[0-9]' "$log" | head -20 | sed 's/^/    /'
	fi
done
exit $failed
