# A novice who argues, labels and gives orders in plain words, typed the way
# people type (lower case, no apostrophes, no "?"), without the stock phrases
# the cue rules know ("you should", "need to", "in denial"), FAILS every
# bundled scenario, over several seeds, in plain mode through pipes: the
# session never ends in success, at least two replies in five are coded
# MI-non-adherent.
. "$(dirname "$0")/lib.sh"

novice="$T/novice"
cat >"$novice" <<'LINES'
come on, be real with me, this is a problem and everyone can see it except you
no its not everyone else, its you
bin the lot tonight and start again tomorrow
thats a fairy tale and we both know it
a grown adult would just sort this out
honestly its your own fault you are in this mess
keep going like this and you will end up in hospital
if you cared about your family youd pack it in
stop moaning and get on with it
cut it right down from today, its not hard
thats rubbish, you just cant be bothered
do what the doctor says and stop arguing with me
people like you always say that
theres no point me being here if you wont even try
just do it, no more talk
youre making this harder than it is
LINES

ids=$("$MICOACH" list | cut -f1)
[ "$(echo "$ids" | wc -l)" -ge 12 ] || fail "micoach list named fewer than 12 scenarios"
n=0
for id in $ids; do
	for seed in 1 2 3; do
		out="$T/$id-$seed"
		"$MICOACH" practice "$id" --plain --db "$T/n.db" --seed "$seed" <"$novice" >"$out" 2>&1
		assert_status 0 $? "practice $id --seed $seed"
		summary=$(grep '^Session summary:' "$out")
		[ -n "$summary" ] || { cat "$out"; fail "$id seed $seed: no session summary"; }
		case $summary in *success*) cat "$out"; fail "$id seed $seed: the novice succeeded ($summary)" ;; esac
		replies=$(sed -n 's/^  Replies: \([0-9]*\).*/\1/p' "$out")
		bad=$(sed -n 's/.*MI-non-adherent (persuade, confront): \([0-9]*\).*/\1/p' "$out")
		[ -n "$replies" ] && [ -n "$bad" ] || { cat "$out"; fail "$id seed $seed: no counts in the summary"; }
		[ $((bad * 5)) -ge $((replies * 2)) ] ||
			{ cat "$out"; fail "$id seed $seed: only $bad of $replies novice replies coded non-adherent"; }
		n=$((n + 1))
	done
done
[ "$n" -ge 36 ] || fail "only $n sessions ran (12 scenarios x 3 seeds expected)"
pass "a plain-words novice fails all $n scenario sessions"
