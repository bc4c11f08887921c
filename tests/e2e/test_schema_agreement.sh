#!/bin/sh
# docs/scenario.schema.json and docs/pack.schema.json agree with
# `micoach validate` (issue 17): a real JSON Schema validator (ajv, installed
# by make under $MICOACH_BUILD/npm) and validate over the worked example,
# every bundled pack and over a hundred variants of the worked example
# (tests/schema/agree.js lists them and what each side must say).
. "$(dirname "$0")/lib.sh"
cd "$MICOACH_SRC" || fail "no source tree"
: "${MICOACH_BUILD:=$MICOACH_SRC/build}"
[ -f "$MICOACH_BUILD/npm/node_modules/ajv/package.json" ] ||
	fail "no ajv under $MICOACH_BUILD/npm: run 'make $MICOACH_BUILD/npm.stamp' (make test does)"
mkdir -p "$T/variants"
NODE_PATH="$MICOACH_BUILD/npm/node_modules" node tests/schema/agree.js "$MICOACH" "$MICOACH_SRC" "$T/variants" \
	>"$T/out" 2>&1
rc=$?
cat "$T/out"
assert_status 0 "$rc" "the schema-agreement run"
n=$(sed -n 's/.*, \([0-9]*\) wrong variants.*/\1/p' "$T/out")
[ "${n:-0}" -ge 40 ] || fail "only ${n:-0} wrong variants (at least 40)"
pass "the schemas and validate agree"
