# `micoach pack install` against the rest of the catalog and under SIGKILL:
# a pack whose scenario id another pack uses (bundled, or installed under
# another id) is refused with a located message and every other scenario
# stays listed; a pack with a bundled pack's id takes its place, and the
# warning says so; an install killed at random moments never leaves the
# catalog broken, and no hidden .install-PID copy outlives the next pack
# command or doctor.
. "$MICOACH_SRC/tests/faults/lib.sh"
m() { "$MICOACH" "$@"; }
scen="$XDG_DATA_HOME/micoach/scenarios"
# mkpack DIR ID VERSION SCENARIO: the worked example as pack ID, its scenario renamed.
mkpack() {
	mkdir -p "$1"
	cp "$MICOACH_SRC/tests/data/worked-example/"*.yaml "$1/"
	sed -i "s/^  id: worked-example/  id: $2/; s/^  version: \"1.0.0\"/  version: \"$3\"/" "$1/pack.yaml"
	sed -i "s/^id: knee-walking/id: $4/" "$1/knee-walking.yaml"
}
bundled_count() { m list 2>"$T/list.err" | wc -l; }
all=$(bundled_count)
[ "$all" -ge 10 ] || fail "only $all bundled scenarios listed"

# A scenario id of a bundled pack: refused, located, nothing installed.
mkpack "$T/clash" clash 1.0.0 alcohol-gp
m pack install "$T/clash" >"$T/o" 2>"$T/e"; assert_status 65 $? "pack install of a clashing pack"
assert_contains "$T/e" "$T/clash/knee-walking.yaml:2:1: error: scenario id 'alcohol-gp' is already used by"
assert_contains "$T/e" "alcohol-gp.yaml:1:1 (pack 'primary-care', bundled)"
assert_contains "$T/e" "nothing installed"
[ -z "$(ls -A "$scen" 2>/dev/null)" ] || fail "something was installed: $(ls -A "$scen")"
[ "$(bundled_count)" = "$all" ] || fail "the bundled scenarios are not all listed"
[ ! -s "$T/list.err" ] || { cat "$T/list.err"; fail "list prints errors"; }
pass "a clash with a bundled scenario id: refused with file:line:col, every scenario still listed"

# A scenario id of another installed pack: refused the same way.
mkpack "$T/one" one 1.0.0 walk-one
m pack install "$T/one" >"$T/o" 2>"$T/e" || { cat "$T/e"; fail "installing a pack"; }
mkpack "$T/two" two 1.0.0 walk-one
m pack install "$T/two" >"$T/o" 2>"$T/e"; assert_status 65 $? "pack install clashing with an installed pack"
assert_contains "$T/e" "(pack 'one', installed)"
[ "$(bundled_count)" = $((all + 1)) ] || fail "the installed pack's scenario is not listed"
[ ! -s "$T/list.err" ] || { cat "$T/list.err"; fail "list prints errors"; }
pass "a clash with an installed pack's scenario id: refused"

# A pack with a bundled pack's id takes its place, as the warning says.
mkpack "$T/pc" primary-care 9.0.0 alcohol-gp
m pack install "$T/pc" >"$T/o" 2>"$T/e" || { cat "$T/e"; fail "installing over a bundled pack id"; }
assert_contains "$T/e" "the installed one is found first and takes its place"
m list >"$T/l" 2>"$T/list.err"
grep -q '^alcohol-gp	primary-care	Walk more' "$T/l" || { cat "$T/l"; fail "the installed pack is not the one listed"; }
[ ! -s "$T/list.err" ] || { cat "$T/list.err"; fail "list prints errors"; }
m pack remove primary-care >/dev/null 2>&1 || fail "pack remove"
[ "$(bundled_count)" = $((all + 1)) ] || fail "the bundled pack did not come back"
pass "a pack with a bundled pack's id: found first, and said so"

# Killed at random moments: a big pack (40 scenarios of about 300 KB each)
# installed again and again, v1 and v2 in turn.
big() {
	mkdir -p "$1"
	printf 'pack:\n  id: big\n  title: "Big"\n  version: "%s"\n' "$2" >"$1/pack.yaml"
	i=1
	while [ $i -le 40 ]; do
		sed "s/^id: knee-walking/id: big-$i/" "$MICOACH_SRC/tests/data/worked-example/knee-walking.yaml" >"$1/s$i.yaml"
		yes '# a comment line to make the file large, as trainers write them' | head -n 4600 >>"$1/s$i.yaml"
		i=$((i + 1))
	done
}
big "$T/big1" 1.0.0
big "$T/big2" 2.0.0
start=$(date +%s%N)
m pack install "$T/big1" >/dev/null 2>&1 || fail "installing the big pack"
took=$(( ($(date +%s%N) - start) / 1000000 ))
n=0 left=0 cut=0
while [ $n -lt 40 ]; do
	v=$(( n % 2 + 1 ))
	"$MICOACH" pack install --force "$T/big$v" >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk "BEGIN { srand($n); printf \"%.3f\", rand() * $took * 1.2 / 1000 }")"
	kill -9 $pid 2>/dev/null && cut=$((cut + 1))
	wait $pid 2>/dev/null
	ls -A "$scen" | grep -q '^\.install-' && left=$((left + 1))
	# The catalog is whole: every scenario of one version of the pack, no error.
	m list >"$T/l" 2>"$T/list.err"
	[ ! -s "$T/list.err" ] || { cat "$T/list.err"; fail "kill $n: list prints errors"; }
	c=$(grep -c '	big	' "$T/l")
	[ "$c" = 40 ] || [ "$c" = 0 ] || fail "kill $n: $c of the pack's 40 scenarios listed"
	[ "$(grep -vc '	big	' "$T/l")" = $((all + 1)) ] || fail "kill $n: other scenarios went missing"
	# The next pack command (or doctor) finishes what the kill left.
	if [ $((n % 2)) = 0 ]; then m pack list >/dev/null 2>&1; else m doctor >/dev/null 2>&1; fi
	ls -A "$scen" | grep '^\.install-' && fail "kill $n: a hidden staging copy outlived the next command"
	[ "$(ls "$scen" | grep -c '^big@')" -le 1 ] || fail "kill $n: two versions installed"
	n=$((n + 1))
done
echo "    $cut of 40 installs killed (an install takes $took ms); $left left a staging copy, all cleaned"
m pack install --force "$T/big2" >/dev/null 2>&1 || fail "installing after the kills"
[ "$(m list 2>&1 | grep -c '	big	')" = 40 ] || fail "the pack after the kills"
ls -A "$scen" | grep -q '^\.install-' && fail "a completed install left a staging copy"
pass "pack install killed 40 times: the catalog always whole, no staging copy outlives the next command"
