# The listening client (scenario format 2) in plain mode, through pipes, on the
# worked example: a question she knows is answered, a permission request is
# answered, what follows is heard, no client line repeats verbatim, the
# success ending names Bella only when Bella was raised; and a format-1 pack
# that uses a format-2 key is refused at the key.
. "$(dirname "$0")/lib.sh"
packs="$T/packs"
mkdir -p "$packs"
cp -r "$MICOACH_SRC/tests/data/worked-example" "$packs/"

# play SEED REPLY...: a session in plain mode, the client's lines in $T/lines.
play() {
	seed=$1; shift
	printf '%s\n' "$@" | "$MICOACH" --scenarios "$packs" practice knee-walking --plain --no-feedback \
		--db "$T/db" --seed "$seed" >"$T/out" 2>"$T/err"
	assert_status 0 $? "practice knee-walking (seed $seed)"
	grep '^Maria: ' "$T/out" >"$T/lines" || true
}

for seed in 1 2 3; do
	play "$seed" "how long has the knee been like this" \
		"ok if i share something that has helped other people with knee pain" \
		"some people find a short flat walk is easier on the knee than hills" \
		"how long has the knee been like this" \
		"you never want to walk anywhere ever again" \
		"you miss the sundays on the hill with bella" \
		"what would a first step look like"
	assert_contains "$T/lines" "Two years now. It started after I slipped on the stairs at work."
	# her own permission lines: which one depends on rapport by then
	grep -qE "If you must\.|Go on, then\. As long as it isn't 'lose weight'\." "$T/lines" ||
		{ cat "$T/lines"; fail "seed $seed: the permission request got no answer"; }
	grep -qE "You('ve)? asked me that" "$T/lines" ||
		{ cat "$T/lines"; fail "seed $seed: the repeated question was not noticed"; }
	[ "$(grep -c 'Two years now' "$T/lines")" = 1 ] || fail "seed $seed: the answer was said twice"
	# No line twice: split each turn into sentences as the engine joins them.
	sed 's/^Maria: //' "$T/lines" >"$T/said"
	dup=$(sort "$T/said" | uniq -d)
	[ -z "$dup" ] || fail "seed $seed: a client turn repeated verbatim: $dup"
	assert_contains "$T/out" "Session summary: success"
	assert_contains "$T/lines" "All right. Round the block with"
done
pass "questions and permission requests are answered, nothing repeats (seeds 1-3)"

# The dog's name never comes up on this path: the close does not name her;
# once she has said it, the close does.
play 1 "you sound fed up with being told to walk when walking hurts" \
	"you miss those walks with your dog" \
	"you are thinking a short walk might be possible. what would make it safe" \
	"so round the block would feel doable" "what would help you start"
assert_contains "$T/out" "Session summary: success"
assert_not_contains "$T/lines" "Bella"
play 1 "you sound fed up with being told to walk when walking hurts" \
	"whats the dog called" \
	"you miss those walks with your dog" \
	"you are thinking a short walk might be possible. what would make it safe" \
	"so round the block would feel doable" "what would help you start"
assert_contains "$T/lines" "Bella. She's a collie cross"
assert_contains "$T/lines" "Round the block with Bella"
pass "the success ending names only what was raised"

# A format-2 key in a format-1 scenario is refused at the key, with the fix.
sed '/^format: 2$/d' "$packs/worked-example/knee-walking.yaml" >"$T/old.yaml"
"$MICOACH" validate "$T/old.yaml" >"$T/v" 2>&1
assert_status 65 $? "validate a format-1 scenario with format-2 keys"
assert_contains "$T/v" "old.yaml:29:1: error: 'answers' is a key of scenario format 2; add 'format: 2' to the scenario"
# The lint for listening: a line without a talk label, in format 2.
sed 's/^      - text: "Everyone has an opinion about my weight. Nobody has to live with this knee but me."$/      - text: "Everyone has an opinion."/; /^      - text: "Everyone has an opinion."$/{n;d}' \
	"$packs/worked-example/knee-walking.yaml" >"$T/unlabelled.yaml"
"$MICOACH" validate --strict "$T/unlabelled.yaml" >"$T/v" 2>&1
assert_status 65 $? "validate --strict with an unlabelled line"
assert_contains "$T/v" "error: this line has no 'talk:' label"
pass "format 2 is validated"
