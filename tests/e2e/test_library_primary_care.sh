# The primary-care pack (scenario format 2) played in plain mode through a
# pipe, typed as trainees type (lower case, no apostrophes, no question
# marks, two moves in a line): for each scenario, a question about a fact the
# client knows is answered, a permission request is answered, no client line
# repeats verbatim in a session, the success and failure endings never name
# what was not raised, a novice who orders, labels and argues in plain words
# (no "should", "need to", "in denial") fails, and a skilled practitioner in
# plain lower-case words does well.
. "$(dirname "$0")/lib.sh"
pack="$MICOACH_SRC/scenarios/primary-care"

# play ID SEED REPLY...: a session; the client's turns in $T/lines, the
# summary's outcome in $T/outcome.
play() {
	id=$1 seed=$2; shift 2
	printf '%s\n' "$@" | "$MICOACH" --scenarios "$MICOACH_SRC/scenarios" practice "$id" --plain --no-feedback \
		--db "$T/db" --seed "$seed" >"$T/out" 2>"$T/err"
	assert_status 0 $? "practice $id (seed $seed)"
	name=$(sed -n 's/^  name: "\(.*\)"$/\1/p' "$pack/$id.yaml")
	grep "^$name: " "$T/out" | sed "s/^$name: //" >"$T/lines" || true
	sed -n 's/^Session summary: \([a-z]*\) .*/\1/p' "$T/out" >"$T/outcome"
	last=$(tail -n 1 "$T/lines")
}

# said TEXT: the client said TEXT in the session.
said() { grep -qF -- "$1" "$T/lines" || { cat "$T/lines"; fail "$id (seed $seed): the client never said '$1'"; }; }
not_said() { ! grep -qF -- "$1" "$T/lines" || { cat "$T/lines"; fail "$id (seed $seed): the client said '$1'"; }; }
# said_one_of TEXT...: the client said at least one of them.
said_one_of() {
	for t in "$@"; do grep -qF -- "$t" "$T/lines" && return 0; done
	cat "$T/lines"; fail "$id (seed $seed): the client said none of: $*"
}
close_has() { case $last in *"$1"*) ;; *) fail "$id (seed $seed): the close '$last' lacks '$1'";; esac; }
close_has_one_of() {
	for t in "$@"; do case $last in *"$t"*) return 0;; esac; done
	fail "$id (seed $seed): the close '$last' names none of: $*"
}
close_lacks() { case $last in *"$1"*) fail "$id (seed $seed): the close '$last' names '$1'";; esac; }
outcome() { [ "$(cat "$T/outcome")" = "$1" ] || { cat "$T/out"; fail "$id (seed $seed): outcome $(cat "$T/outcome"), expected $1"; }; }

# no_repeats: split each client turn into the scenario's lines (a turn is
# its lines joined by a space) and fail when one line comes twice.
no_repeats() {
	python3 "$MICOACH_SRC/tests/e2e/said_twice.py" "$pack/$id.yaml" "$T/lines" || fail "$id (seed $seed): a client line repeated verbatim"
}

# facts_answered EXPECT... -- REPLY...: over seeds 1-3 the client says each
# EXPECT (one of them, for "A|B|C") and no line twice.
facts_answered() {
	expect=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do expect="$expect$1
"; shift; done
	shift
	for seed in 1 2 3; do
		play $id $seed "$@"
		printf '%s' "$expect" | while IFS= read -r e; do
			case $e in
			*"|"*) ( IFS='|'; set -f; said_one_of $e ) || exit 1 ;;
			*) said "$e" ;;
			esac
		done || exit 1
		no_repeats
	done
}

# skilled_succeeds STEP -- REPLY...: over seeds 1-4 the client names a step (the
# close holds STEP), and for each line "PATTERN@TEXT" of $only_raised the
# close names TEXT only when PATTERN (an extended regex, any case) was said.
skilled_succeeds() {
	step=$1; shift 2   # STEP --
	for seed in 1 2 3 4; do
		play $id $seed "$@"
		outcome success
		close_has "$step"
		printf '%s\n' "$only_raised" | while IFS='@' read -r pat text; do
			[ -n "$pat" ] || continue
			grep -qiE "$pat" "$T/lines" || close_lacks "$text"
		done || exit 1
		no_repeats
	done
}

# novice_fails STEP -- REPLY...: over seeds 1-3 the client leaves and never names STEP.
novice_fails() {
	step=$1; shift 2   # STEP --
	for seed in 1 2 3; do
		play $id $seed "$@"
		outcome failure
		not_said "$step"
		no_repeats
	done
}

# questions_alone STEP -- REPLY...: open questions alone run out the time; STEP unsaid.
questions_alone() {
	step=$1; shift 2   # STEP --
	seed=1
	play $id 1 "$@"
	outcome limit
	not_said "$step"
	no_repeats
}

# ---- alcohol-gp: Keith, 54, sent about his liver numbers ------------------
id=alcohol-gp
facts_answered "I didn't ask to come, no." \
	"Enough. Same as anyone.|Four or five cans after work" \
	"Plumbing and heating." \
	"Go on, then. I'm listening.|Go on. I'll not promise anything, mind.|Go on, then. Five minutes.|If you have to. I've had the leaflet already." -- \
	"sounds like you didnt really choose to come today" \
	"how much do you drink on a normal night" \
	"youre fed up of being treated like a problem when youve worked hard all your life" \
	"youve kept your own business going for years, thats a lot of graft" \
	"so the cans are your bit of the day, and at the same time you wonder what they do to your mornings" \
	"what do you do for work" \
	"can i tell you a bit about what alcohol does to sleep" \
	"it helps you drop off but it tends to wake people a few hours later, around three"
pass "$id: his facts are answered, a permission request is answered, nothing repeats (seeds 1-3)"

only_raised="alfie@Alfie
\b(dad|father)\b@my dad
julie@Julie"
skilled_succeeds "No cans in the week" -- \
	"sounds like you didnt really choose to come today" \
	"youre fed up of being treated like a problem when youve worked hard all your life" \
	"so after a day like that the cans are how you get your head back" \
	"part of you wants to keep that time for yourself, and part of you wonders what its doing to you" \
	"you did a whole month without a drink when you set your mind to it" \
	"you slept better that month and felt better for it" \
	"something has got to give and you want to decide what, its your call" \
	"what might work for you on the weeknights" \
	"you want the fridge empty on weeknights, that is your plan" \
	"so youre going to try weeknights without the cans"
pass "$id: reflections and his own plan reach a step; the close names only what was raised (seeds 1-4)"

play $id 2 "sounds like you didnt really choose to come today" \
	"youre fed up of being treated like a problem when youve worked hard all your life" \
	"so after a day like that the cans are how you get your head back" \
	"part of you wants to keep that time for yourself, and part of you wonders what its doing to you" \
	"you did a whole month without a drink when you set your mind to it" \
	"tell me about alfie" \
	"you want to be the grandad whos still kicking a ball about with him when hes twelve" \
	"something has got to give and you want to decide what, its your call" \
	"what might work for you on the weeknights" \
	"you want the fridge empty on weeknights, that is your plan"
outcome success
said "Alfie. Our Sam's lad"
# Alfie (or, once he has named his father, his dad) comes into the close
close_has_one_of "fresh for Alfie" "the same way as my dad"
no_repeats
pass "$id: once Alfie has come up, the close names him"

novice_fails "No cans in the week" -- \
	"how many cans do you have a night" \
	"drinking that much will wreck your liver" \
	"being tired isnt an excuse" \
	"just stop buying them" \
	"cut the weeknight cans" \
	"its obvious you drink too much"
close_lacks "alcoholic"
play $id 1 "youre kidding yourself, four cans a night isnt a few" \
	"drinking that much will wreck your liver" "being tired isnt an excuse" \
	"thats a drinking problem mate" "just stop buying them" "cut the weeknight cans"
outcome failure
no_repeats
pass "$id: a novice who orders, warns and argues in plain words drives him out"

questions_alone "No cans in the week, then" -- "what brings you in today" "what do you enjoy about a drink after work" \
	"what are the less good things about it" "what would be different if you woke up clear headed" \
	"tell me about your grandson" "what was that month without a drink like" \
	"how would you like things to be in a year" "what do you make of what dr shah said" \
	"what matters most to you" "what would a first step look like" "how do you feel about all this" \
	"what else is going on for you" "what would help" "how would you go about it" \
	"what do you think you will do" "where does that leave you"
pass "$id: open questions alone keep him talking but reach no step"

# ---- smoking-copd: Maureen, 61, early COPD, "nothing works for me" ---------
id=smoking-copd
facts_answered "Twenty a day." \
	"Rash like a map of Wigan" \
	"Go on, love. I'm listening.|Go on, then. Can't hurt.|Go on, then. I'll not promise anything.|If you have to, love. I've heard most of it." \
	"Eleven days, the last proper go." -- \
	"how many do you smoke a day" \
	"youre sick of trying and it feels like nothing ever sticks for you" \
	"did the patches help at all" \
	"can i tell you what stopping does for your lungs even now" \
	"even at sixty one stopping slows the damage down, and most people breathe a bit easier within a few months" \
	"whats the longest youve gone without"
pass "$id: her facts and her 'but' for each product are answered, a permission request is answered, nothing repeats"

only_raised="Derek@Derek
Kayden@Kayden
Pat@Pat"
skilled_succeeds "One more go, my way" -- \
	"youre sick of trying and it feels like nothing ever sticks for you" \
	"every time youve tried youve picked yourself up and had another go, that takes guts" \
	"you managed eleven days without a cigarette after all those years, thats a real achievement" \
	"your tea tasted of tea again and you could smell the bread, you did that" \
	"the stairs are really getting to you and you want to breathe easier" \
	"you want to do it your way this time, quietly, and its up to you how" \
	"doing it your way means no fuss and nobody watching you fail" \
	"youve done eleven days before, and you could do it again your way"
pass "$id: affirming her attempts builds the confidence to name a step; the close names only what was raised"

novice_fails "One more go, my way" -- \
	"have you tried the patches" \
	"try the vape again" \
	"youre just making excuses" \
	"you have to stop now" \
	"keep smoking and you will end up on oxygen like your sister" \
	"stop smoking before its too late" \
	"just stop buying them"
pass "$id: suggestions, warnings and telling her she is not trying lose her"

questions_alone "One more go, my way" -- "what brings you in today" "what do you get out of smoking" "what bothers you about your chest" \
	"whats the longest you have stopped for" "how did you manage those eleven days" "what does derek think" \
	"what matters most to you" "how would you like things to be in a year" "how do you feel about all this" \
	"what would a first step look like" "what else is going on for you" "what would help" \
	"how long have you smoked" "what do you do for work" "who is at home with you" "what do you think you will do"
pass "$id: open questions alone reach no step"

# ---- medication-adherence: Winston, 66, stopped his tablets ---------------
id=medication-adherence
facts_answered "Amlodipine for the pressure" \
	"I stopped in June." \
	"Please, my dear. Go on.|Go on. I am listening.|If you must. I may not agree." \
	"Gloria thinks I am stubborn." -- \
	"what tablets were you on" \
	"the tablets made you feel worse not better, so you stopped them" \
	"when did you stop them" \
	"would it be ok if i told you about checking your blood pressure at home" \
	"some people borrow a machine from us and take their own readings for a fortnight, so the numbers come from their own chair" \
	"what does gloria think"
pass "$id: his facts are answered, a permission request is answered, nothing repeats"

only_raised="shoebox@shoebox
machine at home|borrow a machine|home monitor@machines for home
Clive@Clive"
skilled_succeeds "Very well." -- \
	"the tablets made you feel worse not better, so you stopped them" \
	"swollen ankles and aching thighs, no wonder you stopped taking them" \
	"you take your health seriously, two miles to the allotment every day and youve cut the salt at home" \
	"your mothers remedies served her well and you would like them to serve you, and part of you wonders if its enough" \
	"you would like something that works for you, not against you" \
	"so seeing the numbers for yourself would make the difference" \
	"you want to be in charge of this, and its entirely your decision" \
	"your numbers, your way, and one tablet at most"
pass "$id: believing him and affirming his efforts reach a step; the close names only what was raised"

novice_fails "Very well." -- \
	"you have to go back on them, the benefits outweigh the risks" \
	"garlic wont do anything for your blood pressure" \
	"with numbers like yours you will end up like clive" \
	"you have to stop being so stubborn" \
	"stop the garlic nonsense and take your tablets" \
	"you have to take them winston"
pass "$id: orders, warnings and scolding in plain words lose him"

questions_alone "Very well." -- "what brings you in today" "what made you stop them" "how did they make you feel" \
	"what do you do instead to look after yourself" "what does gloria think" "what matters most to you" \
	"how would you like things to be in a year" "how do you feel about all this" "what would help" \
	"what do you do at church" "what did you do for work" "what else is going on for you" \
	"tell me about the allotment" "what would a first step look like" "who is at home with you" "what do you think you will do"
pass "$id: open questions alone reach no step"

# ---- diabetes-selfcare: Nasreen, 58, eleven years of numbers --------------
id=diabetes-selfcare
facts_answered "Eleven years. They told me the same month Zara was born." \
	"Metformin and gliclazide" \
	"Yes, beta, tell me.|Go on, beta. I am listening.|Tell me. But not the jacket potato again." \
	"Seven of us." -- \
	"how long have you had diabetes" \
	"eleven years with no day off from it, no wonder youre worn out" \
	"what tablets are you on" \
	"can i tell you something about checking that some people find useful" \
	"some people check just two mornings a week, so the numbers tell them something without taking over the day" \
	"who lives at home with you"
pass "$id: her facts are answered, a permission request is answered, nothing repeats"

only_raised="Sana@Sana
Zara@Zara
letter for my eyes|letter in my bag|eye letter|eye screening@eye letter"
skilled_succeeds "Mondays and Thursdays I will check" -- \
	"you sound worn out with all of it" \
	"eleven years and never a day off, and the number never thanks you" \
	"every meal, every tablet, every letter from the hospital, and you never get a holiday from it" \
	"you did it every morning, like prayer, and you were good at it" \
	"you were proud of those numbers, and you know how to do this when you decide" \
	"something small that fits your kitchen, and you choose it" \
	"you could check some days, not every day, and you decide which" \
	"its your kitchen and your decision what changes"
pass "$id: empathy for the burnout and her own track record reach a step; the close names only what was raised"

novice_fails "Mondays and Thursdays I will check" -- \
	"you have to start checking your sugar again" \
	"cut out the chapatis and the rice" \
	"you have to switch to brown rice" \
	"keep this up and you will go blind like your mother" \
	"you have to take this seriously" \
	"just eat salad instead"
pass "$id: diet orders, scolding and warnings lose her"

questions_alone "Mondays and Thursdays I will check" -- "what brings you in today" "how long have you had diabetes" "what is it like living with it" \
	"what do you cook for the family" "who looks after you" "how did you manage at the start" \
	"what matters most to you" "how would you like things to be in a year" "how do you feel about all this" \
	"what would help" "who lives at home with you" "what else is going on for you" \
	"how does ramadan go for you" "what would a first step look like" "do you get any exercise" "what do you think you will do"
pass "$id: open questions alone reach no step"

# ---- energy-drinks: Kyle, 26, palpitations and five cans a day ------------
id=energy-drinks
facts_answered "Caffeine? Huh. Nobody said that." \
	"Four, five. Six on a long day." \
	"One, two. Then up at half five" \
	"Yeah, go on.|Go on then, mate.|Go on then. Quick, though.|If you have to. Make it quick, I've got drops." \
	"Multi-drop for a parcel firm." -- \
	"your ecg was normal, and a lot of caffeine can make the heart skip and race like that" \
	"how many cans do you have a day" \
	"what time do you get to bed" \
	"can i tell you something about caffeine and sleep" \
	"caffeine hangs around for hours, so a can after dinner is still in you at midnight" \
	"what do you do for work"
pass "$id: his question and his facts are answered, a permission request is answered, nothing repeats"

only_raised="chloe|baby@dad training
lads|xbox@lads"
skilled_succeeds "No cans after two o'clock" -- \
	"that racing heart in the van really scared you and you want to know youre okay" \
	"you were scared enough to pull over and miss drops" \
	"the cans get you through the drops, and at the same time youre worried about how tired you are at the wheel" \
	"you stopped the vape cold turkey, you know you can change things when you decide" \
	"you binned the vape and told everyone, and it worked" \
	"the after dinner one is the one you could drop, and its your call" \
	"so that one goes, and you see how you sleep" \
	"its your plan, one can less and see how the nights go"
pass "$id: his worry reflected and his own success affirmed reach a step; the close names only what was raised"

novice_fails "No cans after two o'clock" -- \
	"four cans a day is ridiculous" \
	"you have to stop drinking them" \
	"you could kill someone driving like that" \
	"you have to go to bed earlier" \
	"stop drinking them before work" \
	"you have to cut them out completely"
pass "$id: telling him off and scaring him lose him"

questions_alone "No cans after two o'clock" -- "what happened in the van" "what do the cans do for you" "what do you do in the evenings" \
	"how much sleep do you get" "what matters most to you" "how would you like things to be in a year" \
	"how do you feel about all this" "what would help" "what is the job like" "what else is going on for you" \
	"how did you stop vaping" "what would a first step look like" "what do you eat in a day" "what do you think you will do"
pass "$id: open questions alone reach no step"

# ---- exercise-weight: Tracey, 44, came about her knee ----------------------
id=exercise-weight
facts_answered "About a year." \
	"clicks on the stairs like a bag of crisps" \
	"Care assistant." \
	"Go on, then.|Go on, love.|If it's not about my weight, go on." \
	"Me, Ellie, she's fourteen" -- \
	"how long has the knee been bad" \
	"where does it hurt" \
	"what do you do for work" \
	"can i tell you something about knees that might help" \
	"a lot of knee pain like yours settles with some simple strengthening exercises you can do at home" \
	"who is at home with you"
pass "$id: her knee and her facts are answered, a permission request is answered, nothing repeats"

only_raised="Ellie@Ellie
Bruno@Bruno"
skilled_succeeds "I'm not weighing myself" -- \
	"you came about your knee and youre braced for another lecture about your weight" \
	"you still came today even though you nearly cancelled, that took some doing" \
	"you lost three stone and got to target, that took real commitment week after week" \
	"youre scared of losing it and putting it all back on again, because that hurt more than never trying" \
	"you miss walking bruno up the canal, that was something you really loved" \
	"you want to walk without limping home, and that matters to you" \
	"something small that fits around your shifts, and no scales, its your choice" \
	"a short walk when you get in, your way"
pass "$id: her agenda followed and her success affirmed reach a small step; the close names only what was raised"

novice_fails "I'm not weighing myself" -- \
	"you have to lose weight, it would take the pressure off your knee" \
	"just eat less and move more" \
	"join a gym" \
	"keep this up and you will end up diabetic" \
	"you have to cut out the biscuits" \
	"you have to take your weight seriously"
pass "$id: weight advice, the gym and warnings lose her"

questions_alone "I'm not weighing myself" -- "what brings you in today" "how long has the knee been bad" "what makes it worse" \
	"what was it like at the slimming club" "what happened after that" "whats a normal night shift like" \
	"what matters most to you" "how would you like things to be in a year" "how do you feel about all this" \
	"what would help" "who is at home with you" "tell me about bruno" "what else is going on for you" \
	"what would a first step look like" "what do you do for work" "what do you think you will do"
pass "$id: open questions alone reach no step"
