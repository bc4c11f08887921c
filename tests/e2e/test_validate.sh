#!/bin/sh
# micoach validate / graph against the real binary: every broken file gets a
# located message and exit 65 within a second; valid packs exit 0; the worked
# example of the authoring guide validates as written; graph prints DOT.
. "$(dirname "$0")/lib.sh"
cd "$MICOACH_SRC" || fail "no source tree"
H=tests/hostile/scenarios

# expect_bad FILE PLACE TEXT: validate FILE exits 65 within a second, and
# prints "PLACE: error: ...TEXT..." (PLACE is file:line:col or a path).
expect_bad() {
	start=$(date +%s%N)
	"$MICOACH" validate "$1" >"$T/out" 2>&1
	rc=$?
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	assert_status 65 "$rc" "validate $1"
	grep -F -- "$2: error: " "$T/out" | grep -qF -- "$3" ||
		{ cat "$T/out"; fail "$1: expected '$2: error: ...$3...'"; }
	[ "$ms" -lt 1000 ] || fail "$1: took ${ms}ms (limit 1000ms)"
	pass "$1 -> $2 ($ms ms)"
}

# Committed hostile files (small).
expect_bad $H/syntax-error.yaml "$H/syntax-error.yaml:11:12" "YAML syntax error"
expect_bad $H/wrong-type.yaml "$H/wrong-type.yaml:3:13" "'difficulty' must be a whole number from 1 to 5, not 'hard'"
expect_bad $H/unknown-key.yaml "$H/unknown-key.yaml:2:1" "unknown key 'titel' in a scenario (did you mean 'title'?)"
expect_bad $H/dangling-goto.yaml "$H/dangling-goto.yaml:15:15" "'goto' names no node or ending 'opnening' (did you mean 'opening'?)"
expect_bad $H/alias.yaml "$H/alias.yaml:9:9" "anchors (&a) are not allowed"
expect_bad $H/duplicate-key.yaml "$H/duplicate-key.yaml:9:1" "duplicate key 'turn_limit' (first at line 8)"
expect_bad $H/deep-nesting.yaml "$H/deep-nesting.yaml:2:23" "nested more than 16 levels deep"
expect_bad $H/empty.yaml "$H/empty.yaml:1:1" "the file is empty"
expect_bad $H/comment-only.yaml "$H/comment-only.yaml:1:1" "no YAML content"
expect_bad $H/not-a-mapping.yaml "$H/not-a-mapping.yaml:1:1" "mapping of keys at the top level, not a list"
expect_bad $H/out-of-range.yaml "$H/out-of-range.yaml:6:40" "start (50) must be from min (0) to max (10)"
expect_bad $H/undeclared-meter.yaml "$H/undeclared-meter.yaml:20:43" "names no meter 'resistence' (did you mean 'resistance'?)"
expect_bad $H/two-documents.yaml "$H/two-documents.yaml:3:1" "a second YAML document"
expect_bad $H/tag.yaml "$H/tag.yaml:2:8" "tags (tag:yaml.org,2002:binary) are not allowed"

# Generated here, never committed: binary data, bad UTF-8, a directory,
# a symlink loop, an over-size file, a huge mapping, very deep flow nesting,
# a billion-laughs alias bomb.
G="$T/gen"
mkdir -p "$G"
printf 'id: x\ntitle: "a\000b"\n' >"$G/binary.yaml"
expect_bad "$G/binary.yaml" "$G/binary.yaml:2:10" "binary data (a NUL byte)"
printf 'id: x\ntitle: "caf\351"\n' >"$G/latin1.yaml"
expect_bad "$G/latin1.yaml" "$G/latin1.yaml:2:12" "invalid UTF-8 (byte 0xe9)"
mkdir -p "$G/dir.yaml"
expect_bad "$G/dir.yaml" "$G/dir.yaml" "is a directory, not a scenario file"
mkdir -p "$G/pack-with-dir"
cp tests/data/worked-example/pack.yaml "$G/pack-with-dir/"
mkdir "$G/pack-with-dir/scenario.yaml"
expect_bad "$G/pack-with-dir" "$G/pack-with-dir/scenario.yaml" "is a directory, expected a scenario file"
mkdir -p "$G/loop"
cp tests/data/worked-example/pack.yaml "$G/loop/"
ln -s loop.yaml "$G/loop/loop.yaml"
expect_bad "$G/loop" "$G/loop/loop.yaml" "symbolic link loop"
head -c 5000000 /dev/zero | tr '\0' '#' >"$G/big.yaml"
expect_bad "$G/big.yaml" "$G/big.yaml" "over the limit of 4194304 bytes"
awk 'BEGIN { print "id: many"; for (i = 0; i < 5000; i++) print "k" i ": v" }' >"$G/many.yaml"
expect_bad "$G/many.yaml" "$G/many.yaml:4097:1" "more than 4096 entries in one mapping"
awk 'BEGIN { printf "id: deep\nx: "; for (i = 0; i < 100000; i++) printf "["; print "" }' >"$G/deeper.yaml"
expect_bad "$G/deeper.yaml" "$G/deeper.yaml:2:19" "nested more than 16 levels deep"
{
	echo 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
	echo 'b: [*a,*a,*a,*a,*a,*a,*a,*a,*a]'
	echo 'c: [*b,*b,*b,*b,*b,*b,*b,*b,*b]'
} >"$G/laughs.yaml"
expect_bad "$G/laughs.yaml" "$G/laughs.yaml:1:4" "anchors (&a) are not allowed"

# A scenario id used by two packs: the later pack is refused.
mkdir -p "$G/two/a" "$G/two/b"
cp tests/data/worked-example/* "$G/two/a/"
cp tests/data/worked-example/* "$G/two/b/"
sed -i 's/^  id: worked-example/  id: other-pack/' "$G/two/b/pack.yaml"
expect_bad "$G/two" "$G/two/b/knee-walking.yaml:2:1" "scenario id 'knee-walking' is already used by"

# A missing path is 66, not 65.
"$MICOACH" validate "$G/no-such-file.yaml" >"$T/out" 2>&1
assert_status 66 $? "validate of a missing path"
assert_contains "$T/out" "no-such-file.yaml: no such file or directory"

# The worked example of the authoring guide is a real pack: it validates,
# strictly, tests and all, and the guide shows exactly these files.
"$MICOACH" validate --strict tests/data/worked-example >"$T/out" 2>&1
rc=$?
[ "$rc" = 0 ] || { cat "$T/out"; fail "worked example: exit $rc"; }
assert_contains "$T/out" "1 scenario in 1 pack, 6 tests (0 failed): 0 errors, 0 warnings"
for f in pack.yaml knee-walking.yaml; do
	awk -v f="$f" '
		$0 == "```yaml" { getline first; if (first ~ ("^# " f "$")) { on = 1; next } }
		on && $0 == "```" { exit }
		on { print }' docs/scenario-format.md >"$T/doc-$f"
	[ -s "$T/doc-$f" ] || fail "docs/scenario-format.md shows no '# $f' block"
	sed '/^# yaml-language-server/d' "tests/data/worked-example/$f" >"$T/file-$f"
	diff -u "$T/file-$f" "$T/doc-$f" || fail "the guide's $f differs from tests/data/worked-example/$f"
done
pass "worked example validates and matches the guide"

# --strict turns warnings into errors: a meter nothing uses.
sed 's/^meters:$/meters:\n  unused: {min: 0, max: 10, start: 0}/' tests/data/worked-example/knee-walking.yaml >"$G/warn.yaml"
"$MICOACH" validate "$G/warn.yaml" >"$T/out" 2>&1
rc=$?
[ "$rc" = 0 ] || { cat "$T/out"; fail "warnings alone should exit 0, got $rc"; }
assert_contains "$T/out" "warn.yaml:25:3: warning: meter 'unused' is declared but no effect changes it"
"$MICOACH" validate --strict "$G/warn.yaml" >"$T/out" 2>&1
assert_status 65 $? "validate --strict with a warning"
assert_contains "$T/out" "warn.yaml:25:3: error: meter 'unused' is declared"
pass "--strict makes warnings errors"

# A failing embedded test names what was reached and the codes.
sed 's/^    expect: the-dog$/    expect: small-start/' tests/data/worked-example/knee-walking.yaml >"$G/failing.yaml"
"$MICOACH" validate "$G/failing.yaml" >"$T/out" 2>&1
assert_status 65 $? "validate with a failing test"
# (played at the default seeds 1 to 4, failing alike at each: one error)
assert_contains "$T/out" "test 'an open question moves her on to the dog' (seeds 1, 2, 3 and 4) failed: expected 'small-start', reached node 'the-dog' (reply 1 [OQ"
pass "a failing embedded test is reported with its trail"

# graph: DOT with nodes, endings by kind and labelled edges.
"$MICOACH" graph tests/data/worked-example/knee-walking.yaml >"$T/dot" 2>"$T/err"
assert_status 0 $? "graph"
assert_contains "$T/dot" 'digraph "knee-walking" {'
assert_contains "$T/dot" '"e:names-a-step" [shape=doubleoctagon'
assert_contains "$T/dot" '"e:walks-out" [shape=octagon'
assert_contains "$T/dot" '"n:opening" -> "n:pushback" [label="non-adherent\nresistance +2, rapport -1"];'
assert_contains "$T/dot" '"n:opening" -> "n:opening" [label="fallback\nresistance +1", style=dashed];'
if command -v dot >/dev/null 2>&1; then
	dot -Tsvg "$T/dot" >/dev/null || fail "dot rejects the graph"
fi
mkdir -p "$G/cat"
cp -r tests/data/worked-example "$G/cat/"
"$MICOACH" --scenarios "$G/cat" graph knee-walkin >"$T/out" 2>&1
assert_status 66 $? "graph of an unknown scenario"
assert_contains "$T/out" "no scenario 'knee-walkin' (did you mean 'knee-walking'?)"
mkdir -p "$G/cat"
cp -r tests/data/worked-example "$G/cat/"
"$MICOACH" --scenarios "$G/cat" graph knee-walking >"$T/dot2" 2>&1
assert_status 0 $? "graph by id"
cmp -s "$T/dot" "$T/dot2" || fail "graph by id and by file differ"
pass "graph"

# The bundled packs pass --strict, embedded tests and all (issue 3: at least
# 12 scenarios in at least 3 packs).
"$MICOACH" validate --strict scenarios/ >"$T/out" 2>&1
rc=$?
[ "$rc" = 0 ] || { cat "$T/out"; fail "validate --strict scenarios/: exit $rc"; }
n=$(sed -n 's/^validate: \([0-9]*\) scenarios in \([0-9]*\) packs.*/\1 \2/p' "$T/out")
set -- $n
[ "${1:-0}" -ge 12 ] && [ "${2:-0}" -ge 3 ] || { cat "$T/out"; fail "expected at least 12 scenarios in 3 packs, got '$n'"; }
pass "the bundled packs pass validate --strict ($1 scenarios in $2 packs)"
