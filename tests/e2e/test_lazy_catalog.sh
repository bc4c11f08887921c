# The catalog reads only scenarios' headers (issue 14, item 19): `list` and
# the menus read each scenario's id, title and the like, not its nodes; a
# scenario is read whole only by the command that plays or draws it. So a
# pack whose bodies break after the header still lists, every scenario in it
# that is whole still plays, and the broken one is refused, located, by the
# command that needs it (practice, graph, validate), never by a crash.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || fail "python3 is needed"
pack="$T/packs/lazy"
mkdir -p "$pack"
python3 - "$MICOACH_SRC/scenarios/primary-care/alcohol-gp.yaml" "$pack" <<'PY'
import sys
src, out = sys.argv[1:]
text = open(src, encoding="utf-8").read()
def with_id(t, sid):
    return "\n".join("id: " + sid if l.startswith("id: ") else l for l in t.split("\n"))
open(out + "/good.yaml", "w", encoding="utf-8").write(with_id(text, "lz-good"))
# The first goto names no node: an error only a whole read finds.
bad = with_id(text, "lz-bad").replace("goto: ", "goto: nowhere-", 1)
open(out + "/bad.yaml", "w", encoding="utf-8").write(bad)
line = bad[:bad.index("goto: nowhere-")].count("\n") + 1
open(out + "/../badline", "w").write(str(line))
open(out + "/pack.yaml", "w").write('pack:\n  id: lazy\n  title: "Lazy"\n  version: "1.0.0"\n')
PY
line=$(cat "$T/packs/badline")
rm "$T/packs/badline"

"$MICOACH" --scenarios "$T/packs" list >"$T/l" 2>"$T/le"
assert_status 0 $? "list over a pack with a broken body"
assert_contains "$T/l" "lz-good	lazy	Only a few cans"
assert_contains "$T/l" "lz-bad	lazy	Only a few cans"
[ -s "$T/le" ] && { cat "$T/le"; fail "list read a body: it said something"; }

printf '/quit\n' | "$MICOACH" --scenarios "$T/packs" practice lz-good --plain --db "$T/p.db" --seed 1 >"$T/g" 2>&1
assert_status 0 $? "practice the whole scenario beside the broken one"
assert_contains "$T/g" "Keith Morley:"

printf '/quit\n' | "$MICOACH" --scenarios "$T/packs" practice lz-bad --plain --db "$T/p.db" --seed 1 >"$T/b" 2>&1
assert_status 65 $? "practice the scenario whose body is broken"
assert_contains "$T/b" "$pack/bad.yaml:$line:15: error: 'goto' names no node or ending 'nowhere-"
assert_not_contains "$T/b" "Keith Morley:"
assert_not_contains "$T/b" "BUG"

"$MICOACH" --scenarios "$T/packs" graph lz-bad >"$T/gr" 2>&1
assert_status 65 $? "graph the scenario whose body is broken"
assert_contains "$T/gr" "$pack/bad.yaml:$line:15: error: 'goto' names no node"
"$MICOACH" --scenarios "$T/packs" graph lz-good >"$T/gg" 2>&1
assert_status 0 $? "graph the whole one"
assert_contains "$T/gg" 'digraph "lz-good"'

"$MICOACH" validate --no-tests "$pack" >"$T/v" 2>&1
assert_status 65 $? "validate reads every scenario whole"
assert_contains "$T/v" "$pack/bad.yaml:$line:15: error: 'goto' names no node"

# The header is still checked on every catalog command: a bad title is
# refused, located, and the pack skipped, as before.
sed -i 's/^title: .*/title: [not, a, title]/' "$pack/good.yaml"
"$MICOACH" --scenarios "$T/packs" list >"$T/l2" 2>"$T/le2"
assert_status 0 $? "list beside a pack with a broken header"
assert_contains "$T/le2" "$pack/good.yaml:3:8: error: 'title' must be a text"
grep -q "lz-" "$T/l2" && fail "the pack with a broken header was listed"

# A file deleted after the catalog was read: the plain menu reads the
# catalog, then the chosen scenario whole; a vanished file is a located
# message, not a crash.
sed -i 's/^title: .*/title: "Only a few cans"/' "$pack/good.yaml"
rm -f "$T/fifo"; mkfifo "$T/fifo"
"$MICOACH" --scenarios "$T/packs" --db "$T/p.db" <"$T/fifo" >"$T/m" 2>&1 &
pid=$!
exec 3>"$T/fifo"
wait_until 10 grep -q "Number or id" "$T/m" || fail "the plain menu never showed"
rm "$pack/good.yaml"
echo lz-good >&3
exec 3>&-
wait $pid
assert_status 65 $? "choose a scenario whose file vanished"
assert_contains "$T/m" "$pack/good.yaml: error: cannot open"
assert_not_contains "$T/m" "BUG"
pass "the catalog reads headers; a broken body is refused, located, only where it is needed"
