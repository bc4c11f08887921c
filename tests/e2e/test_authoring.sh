#!/bin/sh
# Authoring without surprises (issue 17): embedded tests cannot hide a
# problem (replies after an ending, a pass at one seed only), --trace shows
# the path a test took, an ending a condition fired is explained, and the
# messages an author met say the one right fix.
. "$(dirname "$0")/lib.sh"
cd "$MICOACH_SRC" || fail "no source tree"
W=tests/data/worked-example/knee-walking.yaml
G="$T/gen"
mkdir -p "$G"

# variant NAME PYTHON-EXPR: $G/NAME.yaml, the worked example with one edit
# (t is its text); the edit must change it.
variant() {
	python3 - "$W" "$G/$1.yaml" "$2" <<'PY' || fail "variant $1: the edit does not apply"
import sys
t = open(sys.argv[1]).read()
u = eval(sys.argv[3])
assert u != t
open(sys.argv[2], "w").write(u)
PY
}
# run FILE [OPTION...]: validate, output in $T/out, status in $rc.
run() { f=$1; shift; "$MICOACH" validate "$@" "$f" >"$T/out" 2>&1; rc=$?; }
errors() { grep -c ": error: " "$T/out"; }

# Replies after an ending: the lecture ends the session at reply 2 of 4.
variant after-end 't.replace("""      - "You should really listen to your doctor, you need to walk every day."
    expect: walks-out""", """      - "You should really listen to your doctor, you need to walk every day."
      - "What would you like to be able to do again?"
      - "What else?"
    expect: walks-out""")'
run "$G/after-end.yaml"
assert_status 65 "$rc" "a test with replies after its ending"
assert_contains "$T/out" "test 'lecturing about weight ends with her leaving' (seeds 1, 2, 3 and 4) failed: the session ended at ending 'walks-out' after reply 2 of 4; the replies after it were never heard"
pass "replies after an ending are an error that says where the session ended"

# Several seeds by default, and the failing ones named; seed: pins one.
variant one-seed 't.replace("""    expect: the-dog
""", """    expect: the-dog
    seed: 3
""")'
run "$G/one-seed.yaml" --trace
assert_status 0 "$rc" "the worked example with a pinned seed"
n=$(grep -c "^knee-walking: test 'an open question moves her on to the dog', seed" "$T/out")
[ "$n" = 1 ] || { cat "$T/out"; fail "seed: 3 played $n times, expected once"; }
assert_contains "$T/out" "test 'an open question moves her on to the dog', seed 3:"
n=$(grep -c "^knee-walking: test 'lecturing about weight ends with her leaving', seed [1-4]:" "$T/out")
[ "$n" = 4 ] || { cat "$T/out"; fail "a test without seeds played $n times, expected 4 (seeds 1 to 4)"; }
# The pushback node's two lines are chosen by the seed: a test that needs
# one passes at some seeds only, and says which fail.
variant seedy 't.replace("""  - name: "an open question moves her on to the dog\"""", """  - name: "a lecture is met with the word lecture"
    replies:
      - "You have to lose weight, walking is the best thing for your knee."
    expect: pushback
    says: ["another lecture"]
  - name: "an open question moves her on to the dog\"""")'
run "$G/seedy.yaml"
assert_status 65 "$rc" "a test that fails at some seeds"
assert_contains "$T/out" "test 'a lecture is met with the word lecture' (seeds 2 and 4) failed: the client never said 'another lecture'"
assert_contains "$T/out" "test 'a lecture is met with the word lecture' failed at seeds 2 and 4 of its 4 seeds and passed at the others"
pass "tests play at seeds 1 to 4 by default and name the seeds that fail"

# The ending a condition fired names the condition, and the goto it beat.
variant wrong-expect 't.replace("    expect: walks-out\n", "    expect: pushback\n")'
run "$G/wrong-expect.yaml"
assert_status 65 "$rc" "a failing test"
assert_contains "$T/out" "(seeds 1, 2, 3 and 4) failed: expected 'pushback', reached ending 'walks-out'"
assert_contains "$T/out" "failure ending 'walks-out' (its when \"resistance >= 10\" held, not the goto 'pushback')"
pass "an ending fired by a condition says which"

# --trace: per reply the codes, the response taken, the node and the meters.
run "$W" --trace
assert_status 0 "$rc" "validate --trace"
assert_contains "$T/out" "knee-walking: test 'an open question moves her on to the dog', seed 1: starts at node 'opening'; resistance 6, readiness 3, rapport 4"
assert_contains "$T/out" '  reply 1 "What would you like to be able to do again?"'
# (the codes are the coder's: any that include OQ)
grep -qE "^    \[[A-Z+]*OQ[A-Z+]*\] -> response 3 of 'opening' -> node 'the-dog'; meters resistance 6, readiness 3, rapport 5 \(\+1\)$" "$T/out" ||
	{ cat "$T/out"; fail "--trace: no line for reply 1 with its codes, response, node and meters"; }
assert_contains "$T/out" "6 tests (0 failed): 0 errors"
run "$W"
assert_not_contains "$T/out" "starts at node"
pass "validate --trace prints the path of every test"

# Messages: one error, with the one fix.
variant upper-meter 't.replace("  resistance: {min", "  Resistance: {min")'
run "$G/upper-meter.yaml"
assert_status 65 "$rc" "an upper-case meter name"
assert_contains "$T/out" "upper-meter.yaml:25:3: error: meter name 'Resistance' is not valid: meter names are lower case; write 'resistance'"
[ "$(errors)" = 1 ] || { cat "$T/out"; fail "an upper-case meter name: $(errors) errors, expected 1"; }
variant when-text 't.replace("      - when: {asks: true}\n        goto: opening", "      - when: \"resistance >= 8\"\n        goto: opening")'
run "$G/when-text.yaml"
assert_contains "$T/out" "error: 'when' on a response must be a mapping of keys, not 'resistance >= 8'; for a meter condition write when: {meters: \"resistance >= 8\"}"
[ "$(errors)" = 1 ] || { cat "$T/out"; fail "when: a text: $(errors) errors, expected 1"; }
variant fallback-True 't.replace("      - fallback: true\n        effects: {resistance: +1}\n        goto: opening", "      - fallback: True\n        effects: {resistance: +1}\n        goto: opening")'
run "$G/fallback-True.yaml"
assert_contains "$T/out" "fallback-True.yaml:90:19: error: 'fallback' must be true or false, not 'True'"
[ "$(errors)" = 1 ] || { cat "$T/out"; fail "fallback: True: $(errors) errors, expected 1"; }
variant codes-Cr 't.replace("codes: [SR, CR, AF]", "codes: [SR, Cr, AF]", 1)'
run "$G/codes-Cr.yaml"
assert_contains "$T/out" "error: 'codes' names no code 'Cr' (did you mean 'CR'?)"
variant title-true 't.replace("title: \"Walk more, with this knee?\"", "title: true")'
run "$G/title-true.yaml"
assert_contains "$T/out" "error: 'title' must be a text, not the boolean true; to mean the word, quote it: \"true\""
variant title-42 't.replace("title: \"Walk more, with this knee?\"", "title: 42")'
run "$G/title-42.yaml" --no-tests
assert_status 0 "$rc" "title: 42 (a whole number is text)"
assert_contains "$T/out" "6 tests (not run)"
pass "messages name the one fix"

# graph: endings a condition reaches have edges from one "any node" source,
# dashed; top to bottom; long 'about' lists and labels are cut and wrapped.
"$MICOACH" graph "$W" >"$T/dot" 2>"$T/err"
assert_status 0 $? "graph"
assert_contains "$T/dot" "rankdir=TB;"
assert_contains "$T/dot" '{ rank=source; "n:opening"; }'
assert_contains "$T/dot" '"any" [label="any node", shape=ellipse, style=dashed];'
assert_contains "$T/dot" '"any" -> "e:walks-out" [label="resistance >= 10", style=dashed];'
assert_contains "$T/dot" '"any" -> "e:names-a-step" [label="readiness >= 8", style=dashed];'
assert_contains "$T/dot" '"any" -> "e:out-of-time" [label="after 12 replies", style=dashed];'
# two responses to the same node are one edge, a line each
assert_contains "$T/dot" '"n:opening" -> "n:the-dog" [label="codes SR|CR|AF; resistance\n-1, rapport +1\ncodes OQ|SEEK; rapport +1"];'
if command -v dot >/dev/null 2>&1; then
	# A bundled scenario of 13 nodes and some 50 edges is a few pages wide,
	# not dozens: left to right, with every 'about' phrase on one line, they
	# were 8,824 to 30,907pt wide; now at most 4,218pt (older-driving).
	for f in scenarios/*/*.yaml; do
		case "$f" in */pack.yaml) continue ;; esac
		"$MICOACH" graph "$f" | dot -Tsvg 2>/dev/null >"$T/svg" || fail "dot rejects the graph of $f"
		w=$(sed -n 's/.*<svg width="\([0-9]*\)pt".*/\1/p' "$T/svg" | head -1)
		[ "${w:-99999}" -lt 4500 ] || fail "graph of $f is ${w}pt wide (limit 4500pt)"
	done
	pass "graphs of the bundled scenarios are under 4500pt wide"
fi
pass "graph: an 'any node' source for the endings conditions reach, top to bottom"

# A result file cut off inside 'false' says it looks truncated.
printf '{"micoach_results": 1, "ok": fal' >"$T/cut.json"
"$MICOACH" import "$T/cut.json" --db "$T/db" >"$T/out" 2>&1
assert_status 65 $? "import of a truncated result file"
assert_contains "$T/out" "cut.json:1:33: error: expected a value (true, false or null) (the file ends here; is it truncated?)"
pass "a result file cut off inside a literal says it looks truncated"
