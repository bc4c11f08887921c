#!/bin/sh
# Scenario, pack and assignment files saved with a UTF-8 byte-order mark (as
# editors on Windows write them) load like any other, even when they start
# with "---", and their marks (line:col) stay right; a second mark is
# refused where it is.
. "$(dirname "$0")/lib.sh"
W="$MICOACH_SRC/tests/data/worked-example"
bom() { printf '\357\273\277'; }

{ bom; printf -- '---\n'; cat "$W/knee-walking.yaml"; } >"$T/bom.yaml"
"$MICOACH" validate "$T/bom.yaml" >"$T/out" 2>&1 || { cat "$T/out"; fail "validate a scenario with a BOM and ---"; }
assert_contains "$T/out" "0 errors"
mkdir "$T/pack"
{ bom; cat "$W/pack.yaml"; } >"$T/pack/pack.yaml"
{ bom; cat "$W/knee-walking.yaml"; } >"$T/pack/knee-walking.yaml"
"$MICOACH" validate "$T/pack" >"$T/out" 2>&1 || { cat "$T/out"; fail "validate a pack whose files have a BOM"; }
pass "a byte-order mark at the start: scenario and pack files load"

# Marks on the first line count from the character after the mark.
{ bom; printf 'idd: x\n'; } >"$T/mark.yaml"
"$MICOACH" validate "$T/mark.yaml" >"$T/out" 2>&1; assert_status 65 $? "validate a bad file with a BOM"
assert_contains "$T/out" "$T/mark.yaml:1:1: error: unknown key 'idd'"
{ bom; bom; printf 'id: x\n'; } >"$T/two.yaml"
"$MICOACH" validate "$T/two.yaml" >"$T/out" 2>&1; assert_status 65 $? "validate a file with two BOMs"
assert_contains "$T/out" "$T/two.yaml:1:1: error:"
assert_contains "$T/out" "byte-order mark"
pass "marks stay right after a byte-order mark; a second one is refused where it is"

# An assignment file with a mark, and "---".
"$MICOACH" --scenarios "$W/.." assign worked-example --id wk --title "Week 1" -o "$T/a.yaml" >/dev/null 2>&1 ||
	fail "writing an assignment"
{ bom; printf -- '---\n'; cat "$T/a.yaml"; } >"$T/abom.yaml"
"$MICOACH" --scenarios "$W/.." --db "$T/t.db" assignment add "$T/abom.yaml" >"$T/out" 2>&1 ||
	{ cat "$T/out"; fail "assignment add of a file with a BOM"; }
assert_contains "$T/out" "Added assignment wk"
pass "an assignment file with a byte-order mark and --- is added"
