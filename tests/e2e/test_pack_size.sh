# A pack's files together are capped (issue 14, item 19): a pack of many
# large files inside the per-file limit (each under 4 MiB) made every
# catalog command read all of them. Past 16 MiB the pack is refused with a
# located message, the rest of it is not read, and the other packs stay.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || fail "python3 is needed"
pack="$T/packs/big"
mkdir -p "$pack"
python3 - "$MICOACH_SRC/scenarios/primary-care/alcohol-gp.yaml" "$pack" <<'PY'
import sys
src, out = sys.argv[1:]
text = open(src, encoding="utf-8").read()
pad = ("# " + "x" * 1000 + "\n") * 3500   # 3.5 MB of comment
for i in range(8):
    body = "\n".join("id: big-%d" % i if l.startswith("id: ") else l for l in text.split("\n"))
    open("%s/s%d.yaml" % (out, i), "w", encoding="utf-8").write(body + "\n" + pad)
open(out + "/pack.yaml", "w").write('pack:\n  id: big\n  title: "Big"\n  version: "1.0.0"\n')
PY
cp -r "$MICOACH_SRC/scenarios/primary-care" "$T/packs/"
"$MICOACH" validate "$pack" >"$T/v" 2>&1
assert_status 65 $? "validate a pack of 28 MB"
assert_contains "$T/v" "the pack's files come to more than 16 MiB, the most one pack may hold; split the pack"
"$MICOACH" --scenarios "$T/packs" list >"$T/l" 2>"$T/le"
assert_status 0 $? "list beside a pack over the cap"
assert_contains "$T/l" "alcohol-gp"
assert_contains "$T/le" "more than 16 MiB"
grep -q "big-" "$T/l" && fail "the pack over the cap was listed"
pass "a pack over 16 MiB is refused, located; the other packs are listed"
