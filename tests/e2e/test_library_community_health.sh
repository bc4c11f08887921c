# The community-health pack (scenario format 2) played in plain mode through a
# pipe, typed the way people type (lower case, no apostrophes, no question
# marks, two moves in a line): for each scenario, a question about a fact the
# client knows is answered; a permission request is answered; no client line
# is said twice in a session; the success and failure endings never name what
# was not raised; a novice who argues, labels, warns and orders in plain words
# (no "should", "need to", "in denial") fails; a skilled practitioner in plain
# lower-case words does well; open questions alone never reach a step. Each
# over several seeds.
. "$(dirname "$0")/lib.sh"
PACK="$MICOACH_SRC/scenarios/community-health"

# play ID SEED REPLY...: one session. The client's turns (without the name)
# in $T/said, the whole conversation (replies and turns) in $T/talk, the
# client's last turn in $last, the outcome in $T/outcome.
play() {
	id=$1 seed=$2; shift 2
	printf '%s\n' "$@" >"$T/replies"
	"$MICOACH" --scenarios "$PACK/.." practice "$id" --plain --no-feedback \
		--db "$T/db" --seed "$seed" <"$T/replies" >"$T/out" 2>"$T/err"
	assert_status 0 $? "practice $id (seed $seed)"
	name=$(sed -n 's/^  name: "\(.*\)"$/\1/p' "$PACK/$id.yaml")
	grep "^$name: " "$T/out" | sed "s/^$name: //" >"$T/said" || true
	cat "$T/replies" "$T/said" >"$T/talk"
	sed -n 's/^Session summary: \([a-z]*\) .*/\1/p' "$T/out" >"$T/outcome"
	last=$(tail -n 1 "$T/said")
}

show() { echo "--- $id seed $seed:"; cat "$T/said"; }
heard() { grep -qF -- "$1" "$T/said" || { show; fail "$id (seed $seed): the client never said '$1'"; }; }
not_heard() { ! grep -qF -- "$1" "$T/said" || { show; fail "$id (seed $seed): the client said '$1'"; }; }
# heard_one_of TEXT...: the client said at least one of them.
heard_one_of() {
	for t in "$@"; do grep -qF -- "$t" "$T/said" && return 0; done
	show; fail "$id (seed $seed): the client said none of: $*"
}
outcome() { [ "$(cat "$T/outcome")" = "$1" ] || { show; fail "$id (seed $seed): outcome '$(cat "$T/outcome")', expected $1"; }; }
close_has() { case $last in *"$1"*) ;; *) show; fail "$id (seed $seed): the close lacks '$1'";; esac; }
# close_names_only_raised WORD TEXT: unless WORD came up before the close
# (either side, any case), the close does not hold TEXT.
close_names_only_raised() {
	head -n -1 "$T/said" | cat "$T/replies" - | grep -qiE -- "$1" && return 0
	case $last in *"$2"*) show; fail "$id (seed $seed): the close says '$2' but '$1' never came up";; esac
}

# no_repeats: no line of the scenario is said twice in the session (a turn is
# its lines joined by a space; lines are matched longest first).
no_repeats() {
	python3 "$MICOACH_SRC/tests/e2e/said_twice.py" "$PACK/$id.yaml" "$T/said" || { show; fail "$id (seed $seed): a client line was said twice"; }
}

# questions_alone STEP REPLY...: open questions only, seeds 1-2: the session
# runs out of time, the client never names the step (STEP), and no line is
# said twice.
questions_alone() {
	step=$1; shift
	for seed in 1 2; do
		play $id $seed "$@"
		outcome limit
		not_heard "$step"
		no_repeats
	done
}

# ---- dental-sugar: Darren, 38, new decay, cola all shift ------------------
id=dental-sugar
for seed in 1 2 3; do
	# The answer to "how many holes?". The coder codes "theres three new areas
	# of decay...", "three new cavities, one of them is deep" and (since
	# 2026-12-04, rounds 5-7 trained on) "you have three small cavities..." as
	# CONF (coder misses, in docs/scoring.md's known limits); this wording is
	# coded GI.
	play $id $seed "there are three small cavities and one deeper one at the back" \
		"what do you drink during a shift" \
		"you were half expecting bad news before i said anything" \
		"what do you do for work" \
		"is it ok if i tell you something about sipping and teeth" \
		"its how often more than how much, every sip starts about twenty minutes of acid" \
		"when did you last see a dentist" \
		"do you brush twice a day"
	heard "Could've been worse, I suppose."          # he asked how bad: the answer is heard
	heard "Cola, mostly. Big bottle in the door."
	heard "Home deliveries for the supermarket."
	heard_one_of "Go on, then." "Go on. I'm listening." "Go on, then. Quick, mind." "If you have to. I know what's coming."
	heard "Every sip, is it."                        # the information he agreed to is heard
	heard "Four years? Five, maybe."
	heard "Twice a day."
	no_repeats
done
pass "$id: his facts are answered, a permission request is answered and what follows heard, nothing repeats (seeds 1-3)"

for seed in 1 2 3 4; do
	play $id $seed "you were half expecting bad news before i said anything" \
		"it feels like theres no point fighting it when your family teeth have always gone" \
		"the cans get you through a five oclock start, and at the same time you can see what theyre doing to your teeth" \
		"youve stopped smiling in photos and that grey tooth bothers you more than you let on" \
		"she copies you, and you want her to have a smile she never has to hide" \
		"you did a whole month on the zero stuff and stopped noticing after a week, thats real staying power" \
		"your plan is the zero one in the door and the proper one with your dinner"
	outcome success
	close_has "Zero in the door"
	close_names_only_raised "drill" "Hand up"
	close_names_only_raised "tuesday|day off|time off" "Tuesday"
	close_names_only_raised "mia|daughter" "Mia"
	no_repeats
done
pass "$id: reflecting his resignation, the cost, his daughter and his month reach his own step; the close names only what was raised (seeds 1-4)"

for seed in 1 2 3; do
	play $id $seed "you were half expecting bad news before i said anything" \
		"it feels like theres no point fighting it when your family teeth have always gone" \
		"the cans get you through a five oclock start, and at the same time you can see what theyre doing to your teeth" \
		"part of you has had enough of wincing with the cold and chewing on the other side" \
		"you want mia to have a smile she never has to hide" \
		"you did a whole month on the zero stuff and stopped noticing after a week, thats real staying power" \
		"what gets to you about the chair" \
		"when could you come in without losing a shift" \
		"so first thing on a tuesday, before you can talk yourself out of it"
	outcome success
	heard "Tuesdays. Tuesday's my day off."
	close_has "Tuesday's my day off, put me in then."
	no_repeats
done
pass "$id: once the drill and his day off come up, the close books the filling on his Tuesday (seeds 1-3)"

for seed in 1 2 3; do
	play $id $seed "well the problem is all the cola youre drinking" \
		"its not your genes its the sugar" \
		"just drink water in the van" \
		"thats basically a sugar addiction" \
		"keep sipping like that and youll end up with dentures like your dad" \
		"think about the example youre setting your daughter"
	outcome failure
	not_heard "Zero in the door"
	close_names_only_raised "genes|genetic" "Genes"
	no_repeats
done
play $id 2 "dont be such a baby about the drill, it wont hurt" "youre kidding yourself if you think its genetic" \
	"cut out the energy drinks" "swap to water" "your own fault really"
outcome failure
no_repeats
pass "$id: a novice who corrects, orders, labels, warns and shames in plain words loses him (seeds 1-3)"

questions_alone "Zero in the door" "what brings you in today" "what do you make of what i found" "what do you drink during a shift" \
	"what do you enjoy about the drinks" "what are the less good things about them" \
	"what would be different if your teeth were sorted" "tell me about your daughter" "what would you want for her" \
	"what have you tried before" "how did you manage that" "what matters most to you" \
	"how would you like things to be in a year" "what would a first step look like" "how do you feel about all this" \
	"what else is going on for you" "where does that leave you"
pass "$id: open questions alone keep him talking but reach no step (seeds 1-2)"

# ---- older-driving: Joan, 83, a bump in a car park, her son's worries ------
id=older-driving
for seed in 1 2 3; do
	play $id $seed "has anything else happened when youve been driving, in the evenings say" \
		"how long have you been driving" \
		"where do you drive in a normal week" \
		"tell me about your sister" \
		"would it be ok if i told you what some people in your position choose to do" \
		"lots of people choose to drive only in daylight, it keeps them driving for longer" \
		"who lives at home with you"
	heard "No. Nothing like that. Just the bollard."   # guarded while she does not trust you
	not_heard "man on a bike"
	heard "Since 1964."
	heard "Tuesdays the big shop"
	heard "Irene's eighty-six"
	heard_one_of "Go on, then, doctor." "Yes, go on. I'm listening." "If you must." "I suppose you're going to anyway."
	heard "Daylight only. Lots of people do that, do they?"   # the information she agreed to is heard
	heard "Ron died three years ago"
	no_repeats
done
pass "$id: her facts are answered (the near misses guarded), a permission request is answered and what follows heard, nothing repeats (seeds 1-3)"

for seed in 1 2 3 4; do
	play $id $seed "it stung, your son ringing the surgery about you over one bump" \
		"after sixty years of driving one bump at walking pace, and now it feels like everyone is making a fuss" \
		"you drove ron to every appointment at the end, in all weathers, people have relied on you" \
		"the car is your independence, and your sister depends on it too" \
		"youre frightened that giving up the car would be the start of losing your home" \
		"that must have shaken you, and youve been carrying it on your own since" \
		"its the failing light that worries you, not your driving in the day" \
		"part of you would rather not know about your eyes, and part of you would rather know than wait" \
		"so driving in daylight and ringing the optician, thats your plan and your choice"
	outcome success
	heard "I didn't see"                                  # she tells the near misses once she trusts you
	close_has "Daylight only, then"
	close_names_only_raised "assessment" "assessment"
	close_names_only_raised "irene|sister" "Irene"
	close_names_only_raised "david" "David"
	no_repeats
done
pass "$id: reflecting her hurt, pride and fear lets her tell the dusk, and she chooses daylight driving; the close names only what was raised (seeds 1-4)"

for seed in 1 2 3; do
	play $id $seed "your son is right to be worried" \
		"at your age your reactions slow down" \
		"it could have been a child instead of a bollard" \
		"you can always get the bus" \
		"if it happens again i will have to tell the dvla" \
		"its time to think about giving up"
	outcome failure
	not_heard "Daylight only"
	close_names_only_raised "dvla|licence|report" "Report me"
	no_repeats
done
play $id 3 "youre kidding yourself if you think it was just a bollard" "just hand in your licence" \
	"someone your age shouldnt be driving at night" "take the bus like everyone else"
outcome failure
no_repeats
pass "$id: a novice who sides with her son, labels her age, warns, threatens and orders in plain words loses her (seeds 1-3)"

questions_alone "Daylight only, then" "what brings you in today" "what happened in the car park" "how long have you been driving" \
	"what does the car mean to you" "where do you drive in a normal week" "what does your son think" \
	"what worries you most" "what would happen if you stopped driving" "how would you like things to be in a year" \
	"what matters most to you" "how do you feel about all this" "what would a first step look like" \
	"how is your eyesight" "tell me about your sister" "what else is going on for you" "where does that leave you"
pass "$id: open questions alone keep her talking but reach no step (seeds 1-2)"

# ---- needle-exchange: Lee, 31, "only with my partner" ---------------------
# Harm reduction: safer use and testing are the goal; steering him to stop
# is the righting reflex here, however kindly it is put.
id=needle-exchange
for seed in 1 2 3; do
	play $id $seed "what do you share with shelley exactly" \
		"whats your dog called" \
		"how long have you been using" \
		"have you ever been tested for hep c" \
		"do you have naloxone at home" \
		"can i tell you how hep c treatment works now" \
		"its tablets now, eight to twelve weeks, and it cures nearly everyone, nothing like the injections your uncle had"
	heard "Only with Shelley. That's all you need to know."   # guarded while he does not trust you
	not_heard "the one needle between us"
	heard "Bruno. Staffy cross, five."
	heard "Since I was nineteen."
	heard "Once, years ago, in prison."
	heard "We've got one. Shelley keeps it in her bag."
	heard_one_of "Go on, then." "Go on. You've never been funny with me." "Quick, then. Dog's waiting." "If it's not about rehab."
	heard "Tablets? Not the injections my uncle had?"      # the information he agreed to is heard
	no_repeats
done
pass "$id: his facts are answered (what they share guarded), a permission request is answered and what follows heard, nothing repeats (seeds 1-3)"

good_lee() {
	play $id "$1" "you bring your used ones back every week in a bin, thats looking out for other people" \
		"youve kept your own place for two years and bruno is walked twice a day, you really look after what matters to you" \
		"you and shelley look out for each other, and keeping it between the two of you is how youve tried to stay safe" \
		"at midnight with the chemist shut and you rattling, waiting feels impossible" \
		"not knowing is easier than one more thing to carry" \
		"you watched what that treatment did to your uncle, no wonder a test feels like the start of the same year" \
		"youve been carrying the worry about shelleys liver on your own since march" \
		"youve always been the one who looks after you both, and going first would be that too" \
		"so enough kit for both of you in your own colours, and the finger prick today"
}
for seed in 1 2 3 4; do
	good_lee $seed
	outcome success
	close_has "Do the finger-prick now"
	close_names_only_raised "naloxone" "naloxone"
	close_names_only_raised "shelley" "Shelley"
	close_names_only_raised "bruno" "Bruno"
	not_heard "Rehab. There it is."
	no_repeats
done
pass "$id: affirming and reflecting his care, never arguing with it, reaches separate kit and a test today; the close names only what was raised (seeds 1-4)"

for seed in 1 2 3; do
	play $id $seed "have you ever thought about stopping" \
		"sharing with your partner is still sharing, youre putting her at risk" \
		"you could end up with liver failure" \
		"youre an addict, you need proper help, have you thought about rehab" \
		"stop sharing, its as simple as that" \
		"just get tested today"
	outcome failure
	not_heard "Do the finger-prick now"
	close_names_only_raised "rehab|detox|clean|stop|come off" "rehab"
	no_repeats
done
play $id 2 "there is help if you ever want to come off it" "you should think about rehab" \
	"youre kidding yourself if you think sharing with her is safe" "youve probably got it already" "just do the test"
outcome failure
no_repeats
pass "$id: a novice who steers to stopping, labels, scares and orders in plain words loses him (seeds 1-3)"

# at seed 1 he answers "Yeah, it's on the poster." first, as the scenario's test says
play $id 2 "you bring your used ones back every week in a bin, thats looking out for other people" \
	"there is help if you ever want to come off it"
heard "Rehab. There it is. Every time."
pass "$id: steering him to stop is pushed back on, even when kindly meant"

questions_alone "Do the finger-prick now" "what brings you in today" "how are things at the moment" "tell me about your flat" "whats your dog like" \
	"who do you share with" "what happens when the kit runs out" "how do you feel about getting tested" \
	"what puts you off the test" "what worries you most" "how is shelley" "what matters most to you" \
	"how would you like things to be in a year" "what would a first step look like" "how do you feel about all this" \
	"what else is going on" "where does that leave you"
pass "$id: open questions alone keep him talking but reach no step (seeds 1-2)"
