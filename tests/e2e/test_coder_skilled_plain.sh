# A skilled practitioner typing the way people type (lower case, no
# apostrophes, no "?", a reflection and a question in one line) does well in
# plain mode through pipes: the reflections and questions are found without
# their punctuation, nothing is coded MI-non-adherent, the reflection-to-
# question ratio and the share of complex reflections are good, and Keith
# names a step of his own (success), over several seeds.
. "$(dirname "$0")/lib.sh"

skilled="$T/skilled"
cat >"$skilled" <<'LINES'
sounds like being sent here when you feel fine is a bit of a sore point
youre fed up of being told off about a few cans after a hard days graft. what would make today worth your while
those evening cans are the one bit of the day that feels like yours
part of you wants to keep that time for yourself and part of you has noticed the mornings feel foggier
you did a whole dry january for the hospice and felt better for it, that took real grit
alfie means the world to you, you want to be around for him
your dad went at 63 and you dont want to go the same way
its your call what you do with any of this, nobody can make that choice for you
you sound like youve already got something in mind. what would a first step look like for you
not buying the four pack on the way home is something youd be up for trying
you know yourself best and youve done harder things than this
LINES

wins=0
for seed in 1 2 3; do
	out="$T/skilled-$seed"
	"$MICOACH" practice alcohol-gp --plain --db "$T/s.db" --seed "$seed" <"$skilled" >"$out" 2>&1
	assert_status 0 $? "practice alcohol-gp --seed $seed"
	assert_not_contains "$out" "MI-non-adherent;"
	assert_contains "$out" "MI-non-adherent (persuade, confront): 0"
	assert_not_contains "$out" "Reflection-to-question ratio: 0."
	grep -q 'Complex reflections: [0-9]*%, good' "$out" || { cat "$out"; fail "seed $seed: complex reflections not good"; }
	# the line that reflects and then asks carries both codes
	grep -q 'Coded: CR (complex reflection).*OQ' "$out" || { cat "$out"; fail "seed $seed: reflect-then-ask lost a code"; }
	grep -q '^Session summary: success' "$out" && wins=$((wins + 1))
done
[ "$wins" -ge 2 ] || fail "the skilled practitioner succeeded in only $wins of 3 seeds"
pass "a skilled practitioner typing plain lower case does well ($wins of 3 sessions succeed)"
